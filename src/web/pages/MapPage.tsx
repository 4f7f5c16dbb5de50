import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Feature } from 'geojson';
import { api, type Area, type AreaSearchHit, type Category, type Incident, type IncidentCounts, type IncidentPage } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { apiFilterQuery, formatMapUrl, parseMapUrl, type MapFilters, type MapLayers, type MapView } from '../url-state.ts';
import { ComapMap, type MapPick } from '../map/comap-map.ts';
import { choroplethClasses, rampIndex } from '../map/choropleth.ts';
import { choroplethLevelAt, type ChoroplethLevel } from '../map/map-style.ts';
import { FiltersPanel } from '../components/FiltersPanel.tsx';
import { LayerSwitcher } from '../components/LayerSwitcher.tsx';
import { Legend } from '../components/Legend.tsx';
import { AreaSearch } from '../components/AreaSearch.tsx';
import { IncidentList } from '../components/IncidentList.tsx';
import { AreaInfo, IncidentDetails, MapPopup } from '../components/MapPopups.tsx';
import { Alert } from '../components/common.tsx';

declare global {
  interface Window {
    /** Set by browser tests before the app loads, to get `__comapMap`. */
    __COMAP_TEST__?: boolean;
    __comapMap?: unknown;
  }
}

const LAST_MAP_KEY = 'comap.lastMap';

function sessionGet(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function sessionSet(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Not remembered: the map opens on the default view next time.
  }
}

/** The map page: filters and layers on the side, the map with its legend and popups. */
export function MapPage() {
  const i = useI18n();
  const { t } = i;
  const { config } = useSession();
  // Coming back from another page of the app: the map opens where it was left.
  const initial = useMemo(() => parseMapUrl(location.search || sessionGet(LAST_MAP_KEY) || ''), []);
  const [filters, setFilters] = useState<MapFilters>(initial.filters);
  const [layers, setLayers] = useState<MapLayers>(initial.layers);
  const [pick, setPick] = useState<MapPick | null>(null);
  const [level, setLevel] = useState<ChoroplethLevel>(() => choroplethLevelAt(initial.view?.zoom ?? 8));
  const [panelOpen, setPanelOpen] = useState(true);
  const [mapError, setMapError] = useState(false);
  const [ctl, setCtl] = useState<ComapMap | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<MapView | null>(initial.view);
  const stateRef = useRef({ filters, layers });
  stateRef.current = { filters, layers };

  const filterQuery = apiFilterQuery(filters).toString();
  const amp = filterQuery ? `&${filterQuery}` : '';

  const { data: categoriesData } = useApi<Category[]>('/api/categories');
  const categories = useMemo(() => (categoriesData ?? []).filter((c) => c.active !== false).sort((a, b) => a.sortOrder - b.sortOrder), [categoriesData]);
  const icons = useMemo(() => new Map((categoriesData ?? []).map((c) => [c.code, c.icon])), [categoriesData]);
  const { data: districts } = useApi<Area[]>('/api/areas?level=2');
  const { data: provinces } = useApi<Area[]>('/api/areas?level=1');
  const counts = useApi<IncidentCounts>(`/api/incidents/counts?level=${level}${amp}`);
  const latest = useApi<IncidentPage>(`/api/incidents?limit=20&sort=occurred_desc${amp}`);
  const extraAreaCode = filters.area && !(districts ?? []).some((d) => d.code === filters.area) ? filters.area : null;
  const { data: extraArea } = useApi<Area>(extraAreaCode ? `/api/areas/${extraAreaCode}` : null);

  // The URL always holds the filters, layers and view, so the address bar is a shareable link.
  const writeUrl = useCallback(() => {
    const search = formatMapUrl({ ...stateRef.current, view: viewRef.current });
    replaceSearch(search);
    sessionSet(LAST_MAP_KEY, search);
  }, []);
  useEffect(writeUrl, [filters, layers, writeUrl]);

  // Create the map once; the controller lives until the page closes.
  useEffect(() => {
    if (!containerRef.current) return;
    let c: ComapMap;
    try {
      c = new ComapMap({
        container: containerRef.current,
        config,
        categories: [],
        incidentQuery: apiFilterQuery(stateRef.current.filters).toString(),
        layers: stateRef.current.layers,
        view: initial.view,
        onViewChange: (v) => {
          viewRef.current = v;
          writeUrl();
        },
        onLevelChange: setLevel,
        onPick: setPick,
      });
    } catch {
      setMapError(true);
      return;
    }
    setLevel(c.currentLevel);
    setCtl(c);
    if (window.__COMAP_TEST__) window.__comapMap = c.map;
    return () => {
      c.destroy();
      setCtl(null);
    };
  }, [config, initial.view, writeUrl]);

  useEffect(() => ctl?.setCategories(categories), [ctl, categories]);
  useEffect(() => ctl?.setIncidentQuery(filterQuery), [ctl, filterQuery]);
  useEffect(() => ctl?.setLayers(layers), [ctl, layers]);

  // Choropleth: classes of the current level's values, joined to the polygons by feature state.
  const values = counts.data?.level === level ? counts.data.values : undefined;
  const rateAvailable = counts.data ? counts.data.maxRate !== null : true;
  const metric = layers.metric === 'rate' && rateAvailable ? 'rate' : 'count';
  const classes = useMemo(() => {
    if (!values) return [];
    const xs = Object.values(values).map((v) => (metric === 'rate' ? (v.rate ?? 0) : v.count));
    return choroplethClasses(xs, metric === 'count');
  }, [values, metric]);
  const someUnknown = useMemo(() => !!values && Object.values(values).some((v) => v.rate === null), [values]);
  useEffect(() => {
    if (!ctl || !values) return;
    const byCode = new Map<string, number>();
    for (const [code, v] of Object.entries(values)) {
      if (metric === 'rate' && v.rate === null) byCode.set(code, v.count > 0 ? -2 : -1);
      else byCode.set(code, rampIndex(metric === 'rate' ? v.rate : v.count, classes));
    }
    ctl.setClasses(level, byCode);
  }, [ctl, values, classes, metric, level]);

  const onSearch = useCallback(
    (hit: AreaSearchHit) => {
      if (!ctl) return;
      ctl.fitBbox(hit.bbox);
      api<Feature>(`/api/areas/${hit.code}/geojson`)
        .then((f) => ctl.highlight(f))
        .catch(() => ctl.highlight(null));
    },
    [ctl],
  );

  const onSelectIncident = useCallback(
    (inc: Incident) => {
      ctl?.flyTo(inc.lon, inc.lat, 14);
      setPick({ kind: 'incident', id: inc.id, lngLat: [inc.lon, inc.lat] });
    },
    [ctl],
  );

  const closePopup = useCallback(() => setPick(null), []);
  const total = counts.data ? counts.data.total : (latest.data?.total ?? null);

  return (
    <main className={`map-layout${panelOpen ? '' : ' panel-closed'}`} id="main">
      <aside className="side-panel" aria-label={t('sidePanel')}>
        <AreaSearch onSelect={onSearch} onClear={() => ctl?.highlight(null)} />
        <div className="total-line" aria-live="polite" data-testid="total">
          {counts.loading && !counts.data ? t('totalIncidentsLoading') : total !== null ? t('totalIncidents', { n: i.num(total) }) : ''}
        </div>
        <FiltersPanel
          filters={filters}
          onChange={setFilters}
          categories={categories}
          districts={districts ?? []}
          provinces={provinces ?? []}
          extraArea={extraArea ?? null}
        />
        <LayerSwitcher layers={layers} onChange={setLayers} basemapAvailable={config.basemap.type !== 'none'} rateAvailable={rateAvailable} />
        <IncidentList items={latest.data?.items ?? []} total={latest.data?.total ?? null} loading={latest.loading} icons={icons} onSelect={onSelectIncident} />
      </aside>
      <section className="map-wrap" aria-label={t('mapRegion')}>
        <button type="button" className="panel-toggle" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)} title={panelOpen ? t('hidePanel') : t('showPanel')}>
          <span aria-hidden="true">{panelOpen ? '‹' : '›'}</span>
          <span className="sr-only">{panelOpen ? t('hidePanel') : t('showPanel')}</span>
        </button>
        <div ref={containerRef} className="map" data-testid="map" />
        {mapError && (
          <div className="map-overlay-msg">
            <Alert kind="error">{t('mapLoadFailed')}</Alert>
          </div>
        )}
        {!config.extent && !mapError && (
          <div className="map-overlay-msg">
            <Alert kind="info">{t('noExtent')}</Alert>
          </div>
        )}
        <Legend categories={categories} classes={classes} metric={metric} level={level} layers={layers} someUnknown={someUnknown} />
        {ctl && pick && (
          <MapPopup map={ctl.map} lngLat={pick.lngLat} onClose={closePopup}>
            {pick.kind === 'incident' ? (
              <IncidentDetails id={pick.id} icons={icons} />
            ) : (
              <AreaInfo
                level={pick.level}
                code={pick.code}
                nameTh={pick.nameTh}
                nameEn={pick.nameEn}
                value={counts.data?.level === pick.level ? counts.data.values[pick.code] : undefined}
                metric={metric}
                onFilter={() => {
                  setFilters({ ...filters, area: pick.code });
                  setPick(null);
                }}
              />
            )}
          </MapPopup>
        )}
      </section>
    </main>
  );
}
