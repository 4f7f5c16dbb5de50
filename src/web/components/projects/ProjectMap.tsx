/**
 * A small map of one project: its sub-districts and villages (those in the declared target list
 * of the project's fiscal year in the target colour, the others in blue) over the sub-district
 * boundaries, and the project's own point, line or polygon if it has one. The area shapes come
 * from /api/areas/:code/geojson (a project has a handful of areas); like the other maps it has
 * no text layer, so MapLibre never asks for glyphs.
 */
import { useEffect, useRef, useState } from 'react';
import { Map as MlMap, NavigationControl, setWorkerUrl, type FilterSpecification, type GeoJSONSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { api, type Bbox } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { boundaryTileUrl, COLORS } from '../../map/map-style.ts';
import type { Project, ProjectGeometry } from '../../../shared/project-types.ts';

setWorkerUrl(workerUrl);

/** Colours of the legend and the layers. */
export const PROJECT_MAP_COLORS = { inList: '#c2410c', other: '#0b5cad', site: '#6d28d9' } as const;

// Older MapLibre versions name a multi geometry by its single type, newer ones by its own name.
const POLYGONS: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const POINTS: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
const LINES_AND_POLYGONS: FilterSpecification = ['!', POINTS];

// Enough for any project: more areas than this are listed in the table but not drawn.
const MAX_DRAWN = 60;

interface AreaFeature {
  type: 'Feature';
  id: number;
  bbox: number[];
  properties: { code: string; level: number };
  geometry: { type: string; coordinates: unknown };
}

type Fc = { type: 'FeatureCollection'; features: Array<{ type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }> };

/** Extends a bounding box by every position of a GeoJSON coordinates array. */
function extend(box: Bbox | null, coords: unknown): Bbox | null {
  if (!Array.isArray(coords)) return box;
  if (typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    const [x, y] = coords as number[];
    return box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  }
  let b = box;
  for (const c of coords) b = extend(b, c);
  return b;
}

const empty = (): Fc => ({ type: 'FeatureCollection', features: [] });

function siteCollection(g: ProjectGeometry | null): Fc {
  return g ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] } : empty();
}

export function ProjectMap({ project }: { project: Project }) {
  const { t } = useI18n();
  const { config } = useSession();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [areas, setAreas] = useState<Fc | null>(null);
  const [bbox, setBbox] = useState<Bbox | null>(null);
  const codes = project.areas.slice(0, MAX_DRAWN).map((a) => a.code);
  const codeKey = codes.join(',');
  const inList = new Set(project.areas.filter((a) => a.inTargetList).map((a) => a.code));
  const inListKey = [...inList].join(',');
  const geometry = project.geometry;
  const geometryKey = JSON.stringify(geometry);

  // The shapes of the areas, then the extent of everything drawn.
  useEffect(() => {
    const ctl = new AbortController();
    Promise.all(codes.map((c) => api<AreaFeature>(`/api/areas/${encodeURIComponent(c)}/geojson`, { signal: ctl.signal }).catch(() => null)))
      .then((fs) => {
        if (ctl.signal.aborted) return;
        let box: Bbox | null = null;
        const features = fs.flatMap((f) => {
          if (!f) return [];
          if (f.bbox?.length === 4) box = extend(extend(box, [f.bbox[0], f.bbox[1]]), [f.bbox[2], f.bbox[3]]);
          return [{ type: 'Feature' as const, properties: { code: f.properties.code, level: f.properties.level, inList: inList.has(f.properties.code) }, geometry: f.geometry }];
        });
        if (geometry) box = extend(box, geometry.coordinates);
        setAreas({ type: 'FeatureCollection', features });
        setBbox(box);
      })
      .catch(() => undefined);
    return () => ctl.abort();
    // codeKey, inListKey and geometryKey stand for the arrays they are made of.
  }, [codeKey, inListKey, geometryKey]);

  useEffect(() => {
    const map = new MlMap({
      container: el.current!,
      center: [103.5, 14.9],
      zoom: 7,
      attributionControl: false,
      style: {
        version: 8,
        sources: {
          boundaries: { type: 'vector', tiles: [boundaryTileUrl(location.origin, config.boundaryVersion, 'subdistricts')], minzoom: 6, maxzoom: 14 },
          areas: { type: 'geojson', data: empty() as never },
          site: { type: 'geojson', data: empty() as never },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': COLORS.thailand } },
          { id: 'sub-line', type: 'line', source: 'boundaries', 'source-layer': 'subdistrict', paint: { 'line-color': COLORS.subdistrict, 'line-width': 0.6 } },
          { id: 'district-line', type: 'line', source: 'boundaries', 'source-layer': 'district', paint: { 'line-color': COLORS.district, 'line-width': 1.2 } },
          {
            id: 'area-fill',
            type: 'fill',
            source: 'areas',
            filter: POLYGONS,
            paint: { 'fill-color': ['case', ['get', 'inList'], PROJECT_MAP_COLORS.inList, PROJECT_MAP_COLORS.other], 'fill-opacity': 0.35 },
          },
          {
            id: 'area-line',
            type: 'line',
            source: 'areas',
            filter: POLYGONS,
            paint: { 'line-color': ['case', ['get', 'inList'], PROJECT_MAP_COLORS.inList, PROJECT_MAP_COLORS.other], 'line-width': 2 },
          },
          {
            id: 'area-point',
            type: 'circle',
            source: 'areas',
            filter: POINTS,
            paint: {
              'circle-radius': 6,
              'circle-color': ['case', ['get', 'inList'], PROJECT_MAP_COLORS.inList, PROJECT_MAP_COLORS.other],
              'circle-stroke-color': '#fff',
              'circle-stroke-width': 1.5,
            },
          },
          { id: 'site-fill', type: 'fill', source: 'site', filter: POLYGONS, paint: { 'fill-color': PROJECT_MAP_COLORS.site, 'fill-opacity': 0.3 } },
          { id: 'site-line', type: 'line', source: 'site', filter: LINES_AND_POLYGONS, paint: { 'line-color': PROJECT_MAP_COLORS.site, 'line-width': 3 } },
          {
            id: 'site-point',
            type: 'circle',
            source: 'site',
            filter: POINTS,
            paint: { 'circle-radius': 7, 'circle-color': PROJECT_MAP_COLORS.site, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
          },
        ],
      },
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(el.current!);
    mapRef.current = map;
    // The browser tests wait on this map like on the analysis map (one map of the kind per page).
    if (window.__COMAP_TEST__) window.__comapAnalysisMap = map;
    return () => {
      observer.disconnect();
      mapRef.current = null;
      map.remove();
    };
  }, [config.boundaryVersion]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !areas) return;
    const draw = () => {
      (map.getSource('areas') as GeoJSONSource | undefined)?.setData(areas as never);
      (map.getSource('site') as GeoJSONSource | undefined)?.setData(siteCollection(geometry) as never);
      if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 30, maxZoom: 13, animate: false });
    };
    if (map.isStyleLoaded()) draw();
    else map.once('load', draw);
    // geometryKey stands for the geometry.
  }, [areas, bbox, geometryKey]);

  return (
    <div className="projects-map">
      <div ref={el} className="projects-map-canvas" role="region" aria-label={t('projectsMapLabel')} />
      <div className="analysis-legend">
        {inList.size > 0 && (
          <span className="legend-item">
            <span className="swatch" style={{ background: PROJECT_MAP_COLORS.inList }} /> {t('projectsMapInTarget')}
          </span>
        )}
        {inList.size < project.areas.length && (
          <span className="legend-item">
            <span className="swatch" style={{ background: PROJECT_MAP_COLORS.other }} /> {t('projectsMapOther')}
          </span>
        )}
        {geometry && (
          <span className="legend-item">
            <span className="swatch" style={{ background: PROJECT_MAP_COLORS.site }} /> {t('projectsMapGeometry')}
          </span>
        )}
      </div>
    </div>
  );
}
