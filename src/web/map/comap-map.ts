/**
 * The map itself: a MapLibre map with the COMAP style, and the few operations the page needs
 * (change the incident filter, the visible layers, the choropleth classes, outline an area).
 * React owns the panels; this class owns the WebGL map, so re-renders never rebuild it.
 */
import { addProtocol, LngLatBounds, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type MapGeoJSONFeature, type VectorTileSource, type GeoJSONSource, type LayerSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import type { AppConfig, Bbox, Category } from '../api.ts';
import type { MapLayers, MapView } from '../url-state.ts';
import { categoryImageData } from './category-icons.ts';
import {
  buildStyle,
  categoryColorExpression,
  CHOROPLETH_LEVELS,
  choroplethLevelAt,
  CLICKABLE_INCIDENT_LAYERS,
  COLORS,
  iconId,
  CHOROPLETH_OPACITY,
  incidentTileUrl,
  LAYER_GROUPS,
  type ChoroplethLevel,
} from './map-style.ts';

setWorkerUrl(workerUrl);

/** Thailand, for a first start with no area loaded. */
const THAILAND_BBOX: Bbox = [97.3, 5.6, 105.7, 20.5];
const ICON_SIZE = 22;

export type MapPick =
  | { kind: 'incident'; id: number; lngLat: [number, number] }
  | { kind: 'area'; level: ChoroplethLevel; code: string; nameTh: string; nameEn: string | null; lngLat: [number, number] };

export interface ComapMapOptions {
  container: HTMLElement;
  config: AppConfig;
  categories: Category[];
  incidentQuery: string;
  layers: MapLayers;
  view: MapView | null;
  onViewChange(view: MapView): void;
  onLevelChange(level: ChoroplethLevel): void;
  onPick(pick: MapPick | null): void;
}

let pmtilesProtocol: Protocol | null = null;

export class ComapMap {
  readonly map: MlMap;
  private categories: Category[];
  private layers: MapLayers;
  private classes = new Map<ChoroplethLevel, Map<string, number>>();
  private level: ChoroplethLevel;
  private basemapLayerIds: string[] = [];
  private loaded = false;
  private categoriesKnown!: () => void;
  /** Resolves once the categories are known, so symbols get their real colour, not a fallback. */
  private readonly categoriesReady = new Promise<void>((resolve) => {
    this.categoriesKnown = resolve;
  });

  constructor(private readonly opts: ComapMapOptions) {
    this.categories = opts.categories;
    this.layers = opts.layers;
    const origin = location.origin;
    const extent = opts.config.extent ?? THAILAND_BBOX;
    this.map = new MlMap({
      container: opts.container,
      style: buildStyle({ config: opts.config, origin, incidentQuery: opts.incidentQuery, categories: opts.categories }),
      ...(opts.view
        ? { center: [opts.view.lon, opts.view.lat] as [number, number], zoom: opts.view.zoom }
        : { bounds: extent as [number, number, number, number], fitBoundsOptions: { padding: 24 } }),
      minZoom: 4,
      maxZoom: 18,
      dragRotate: false,
      pitchWithRotate: false,
      attributionControl: { compact: true },
      cooperativeGestures: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.level = choroplethLevelAt(this.map.getZoom());

    if (opts.categories.length) this.categoriesKnown();
    // Incident tiles can arrive before the categories: MapLibre waits for this before placing symbols.
    this.map.setMissingStyleImageResolver(async (id) => {
      if (!id.startsWith('cat-')) return;
      await Promise.race([this.categoriesReady, new Promise((r) => setTimeout(r, 5000))]);
      if (this.map.hasImage(id)) return;
      const c = this.categories.find((x) => iconId(x.code) === id);
      const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
      this.map.addImage(id, categoryImageData(c?.color ?? COLORS.fallbackCategory, c?.icon ?? 'dot', ICON_SIZE, ratio), { pixelRatio: ratio });
    });
    this.map.on('load', () => {
      this.loaded = true;
      this.setCategories(this.categories);
      this.applyLayers();
      this.applyClasses();
      if (opts.config.basemap.type === 'pmtiles') void this.addPmtilesBasemap();
    });
    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      opts.onViewChange({ lat: c.lat, lon: c.lng, zoom: this.map.getZoom() });
    });
    this.map.on('zoom', () => {
      const l = choroplethLevelAt(this.map.getZoom());
      if (l !== this.level) {
        this.level = l;
        opts.onLevelChange(l);
      }
    });
    this.map.on('click', (e) => this.handleClick(e.point.x, e.point.y, [e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mousemove', (e) => {
      const hit = this.map.queryRenderedFeatures(
        [
          [e.point.x - 3, e.point.y - 3],
          [e.point.x + 3, e.point.y + 3],
        ],
        { layers: this.visibleLayers(CLICKABLE_INCIDENT_LAYERS) },
      );
      this.map.getCanvas().style.cursor = hit.length ? 'pointer' : '';
    });
  }

  /** The choropleth level drawn at the current zoom. */
  get currentLevel(): ChoroplethLevel {
    return this.level;
  }

  private visibleLayers(ids: readonly string[]): string[] {
    return ids.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
  }

  private handleClick(x: number, y: number, lngLat: [number, number]): void {
    const box: [[number, number], [number, number]] = [
      [x - 4, y - 4],
      [x + 4, y + 4],
    ];
    const incidents = this.map.queryRenderedFeatures(box, { layers: this.visibleLayers(CLICKABLE_INCIDENT_LAYERS) });
    const point = incidents.find((f) => f.layer.id === 'incident-points');
    if (point) {
      const id = Number(point.properties.id ?? point.id);
      const g = point.geometry;
      const at = g.type === 'Point' ? (g.coordinates as [number, number]) : lngLat;
      this.opts.onPick({ kind: 'incident', id, lngLat: at });
      return;
    }
    const cluster = incidents.find((f) => f.layer.id === 'incident-clusters');
    if (cluster) {
      const g = cluster.geometry;
      const at = g.type === 'Point' ? (g.coordinates as [number, number]) : lngLat;
      this.opts.onPick(null);
      this.map.easeTo({ center: at, zoom: Math.min(this.map.getZoom() + 2, 18) });
      return;
    }
    const areaLayers = this.visibleLayers(CHOROPLETH_LEVELS.map((l) => `choropleth-${l.layer}`));
    const area: MapGeoJSONFeature | undefined = this.map.queryRenderedFeatures([x, y], { layers: areaLayers })[0];
    if (area) {
      const p = area.properties;
      this.opts.onPick({
        kind: 'area',
        level: Number(p.level ?? this.level) as ChoroplethLevel,
        code: String(p.code ?? area.id),
        nameTh: String(p.name_th ?? ''),
        nameEn: p.name_en ? String(p.name_en) : null,
        lngLat,
      });
      return;
    }
    this.opts.onPick(null);
  }

  private addIcons(): void {
    const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
    for (const c of this.categories) {
      const id = iconId(c.code);
      const data = categoryImageData(c.color, c.icon, ICON_SIZE, ratio);
      if (this.map.hasImage(id)) this.map.updateImage(id, data);
      else this.map.addImage(id, data, { pixelRatio: ratio });
    }
  }

  /** New or edited categories: symbols and cluster colours follow. */
  setCategories(categories: Category[]): void {
    this.categories = categories;
    if (categories.length) this.categoriesKnown();
    if (!this.loaded) return;
    this.addIcons();
    this.map.setPaintProperty('incident-clusters', 'circle-color', categoryColorExpression(categories, 'top_category'));
  }

  /** Reloads the incident tiles for a new filter (API names, without "?"). */
  setIncidentQuery(query: string): void {
    const src = this.map.getSource<VectorTileSource>('incidents');
    src?.setTiles([incidentTileUrl(location.origin, query)]);
  }

  setLayers(layers: MapLayers): void {
    this.layers = layers;
    if (this.loaded) this.applyLayers();
  }

  private applyLayers(): void {
    const vis = (on: boolean) => (on ? 'visible' : 'none');
    for (const id of LAYER_GROUPS.boundaries) this.map.setLayoutProperty(id, 'visibility', vis(this.layers.boundaries));
    for (const id of LAYER_GROUPS.incidents) this.map.setLayoutProperty(id, 'visibility', vis(this.layers.incidents));
    // The choropleth stays clickable when hidden (transparent), so an area can still be picked.
    for (const id of LAYER_GROUPS.choropleth) this.map.setPaintProperty(id, 'fill-opacity', this.layers.choropleth ? CHOROPLETH_OPACITY : 0);
    const basemapOn = this.layers.basemap && this.opts.config.basemap.type !== 'none';
    for (const id of this.basemapIds()) this.map.setLayoutProperty(id, 'visibility', vis(basemapOn));
    // The plain country fill would hide a basemap under it.
    this.map.setLayoutProperty('country-fill', 'visibility', vis(!basemapOn));
  }

  private basemapIds(): string[] {
    return this.map.getLayer('basemap') ? ['basemap', ...this.basemapLayerIds] : this.basemapLayerIds;
  }

  /**
   * Sets the choropleth colour of each area of a level (code -> index in CLASS_COLORS; -2 = no
   * population for a rate). Areas not listed get no fill.
   */
  setClasses(level: ChoroplethLevel, classes: Map<string, number>): void {
    this.classes.set(level, classes);
    if (this.loaded) this.applyClasses(level);
  }

  private applyClasses(only?: ChoroplethLevel): void {
    for (const l of CHOROPLETH_LEVELS) {
      if (only && l.level !== only) continue;
      const classes = this.classes.get(l.level);
      if (!classes) continue;
      this.map.removeFeatureState({ source: 'boundaries', sourceLayer: l.layer });
      for (const [code, c] of classes) this.map.setFeatureState({ source: 'boundaries', sourceLayer: l.layer, id: Number(code) }, { c });
    }
  }

  /** Outlines an area (GeoJSON feature), or clears the outline. */
  highlight(feature: GeoJSON.Feature | null): void {
    const src = this.map.getSource<GeoJSONSource>('highlight');
    src?.setData(feature ?? { type: 'FeatureCollection', features: [] });
  }

  fitBbox(bbox: Bbox): void {
    const b = new LngLatBounds([bbox[0], bbox[1]], [bbox[2], bbox[3]]);
    this.map.fitBounds(b, { padding: 48, maxZoom: 14, duration: 800 });
  }

  flyTo(lon: number, lat: number, zoom: number): void {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), duration: 800 });
  }

  /** A local PMTiles basemap: raster tiles as they are, vector tiles with a sober generic style. */
  private async addPmtilesBasemap(): Promise<void> {
    const url = `${location.origin}/basemap/basemap.pmtiles`;
    if (!pmtilesProtocol) {
      pmtilesProtocol = new Protocol();
      addProtocol('pmtiles', pmtilesProtocol.tile);
    }
    const archive = new PMTiles(url);
    pmtilesProtocol.add(archive);
    let header;
    try {
      header = await archive.getHeader();
    } catch {
      return;
    }
    // Under the choropleth and the boundaries, above the (then hidden) plain country fill.
    const before = 'choropleth-province';
    const attribution = this.opts.config.basemap.attribution ?? undefined;
    if (header.tileType === TileType.Mvt) {
      this.map.addSource('basemap-pm', { type: 'vector', url: `pmtiles://${url}`, attribution });
      const meta = (await archive.getMetadata().catch(() => ({}))) as { vector_layers?: Array<{ id: string }> };
      const ids = (meta.vector_layers ?? []).map((v) => v.id);
      for (const l of ids.flatMap(vectorBasemapLayers)) this.map.addLayer(l, before);
      this.basemapLayerIds = ids.flatMap(vectorBasemapLayers).map((l) => l.id);
    } else {
      this.map.addSource('basemap-pm', { type: 'raster', url: `pmtiles://${url}`, tileSize: 256, attribution });
      this.map.addLayer({ id: 'basemap-pm', type: 'raster', source: 'basemap-pm' }, 'country-fill');
      this.basemapLayerIds = ['basemap-pm'];
    }
    this.applyLayers();
  }

  destroy(): void {
    this.map.remove();
  }
}

/** Generic layers for a vector basemap of unknown schema: water, green areas, roads, nothing loud. */
function vectorBasemapLayers(sourceLayer: string): LayerSpecification[] {
  const id = sourceLayer.toLowerCase();
  const base = { source: 'basemap-pm', 'source-layer': sourceLayer };
  if (/water|ocean|river|lake/.test(id)) {
    return [
      { id: `bm-${sourceLayer}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#c6dcea' } },
      { id: `bm-${sourceLayer}-line`, type: 'line', ...base, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#9cc3dc', 'line-width': 1 } },
    ];
  }
  if (/park|landuse|landcover|natural|wood|forest/.test(id)) {
    return [{ id: `bm-${sourceLayer}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#e3eedb', 'fill-opacity': 0.7 } }];
  }
  if (/road|transport|street/.test(id)) {
    return [{ id: `bm-${sourceLayer}-line`, type: 'line', ...base, paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 16, 4] } }];
  }
  if (/building/.test(id)) {
    return [{ id: `bm-${sourceLayer}-fill`, type: 'fill', ...base, minzoom: 13, paint: { 'fill-color': '#e4e0da' } }];
  }
  if (/earth|land/.test(id)) {
    return [{ id: `bm-${sourceLayer}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#f7f5f0' } }];
  }
  return [];
}
