/**
 * The MapLibre style of the COMAP map, built in code: a plain background with the Natural Earth
 * country outlines, the administrative boundaries and the choropleth from the boundary tiles,
 * and the incident tiles. No text symbol layer anywhere, so MapLibre never asks for glyphs, and
 * no sprite: category symbols are drawn on a canvas (category-icons.ts).
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { AppConfig, Category } from '../api.ts';
import { CLASS_COLORS, NO_DATA_COLOR } from './choropleth.ts';

export const COLORS = {
  background: '#dfe8ee',
  neighbour: '#e9e8e3',
  thailand: '#fbfaf6',
  countryLine: '#8a8f98',
  province: '#3b4a5a',
  district: '#6b7a8a',
  subdistrict: '#a3aeb9',
  village: '#7b8794',
  highlight: '#0b5cad',
  clusterStroke: '#ffffff',
  fallbackCategory: '#757575',
};

/** The levels of the choropleth and the zooms at which the boundary tiles carry them. */
export const CHOROPLETH_LEVELS = [
  { level: 1, layer: 'province', minzoom: 0, maxzoom: 7 },
  { level: 2, layer: 'district', minzoom: 7, maxzoom: 9 },
  { level: 3, layer: 'subdistrict', minzoom: 9, maxzoom: 24 },
] as const;
export type ChoroplethLevel = (typeof CHOROPLETH_LEVELS)[number]['level'];

/** The choropleth level drawn at a zoom. */
export function choroplethLevelAt(zoom: number): ChoroplethLevel {
  for (const l of CHOROPLETH_LEVELS) if (zoom >= l.minzoom && zoom < l.maxzoom) return l.level;
  return 3;
}

/** Strong enough to read the classes at province scale, light enough to see streets and symbols close up. */
export const CHOROPLETH_OPACITY: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 10, 0.72, 14, 0.35];

/** Incident tiles hold one point per incident from this zoom (aggregates below). */
export const INCIDENT_DETAIL_ZOOM = 13;

export const LAYER_GROUPS = {
  boundaries: ['province-line', 'district-line', 'subdistrict-line', 'village-dot'],
  choropleth: CHOROPLETH_LEVELS.map((l) => `choropleth-${l.layer}`),
  incidents: ['incident-clusters', 'incident-points'],
} as const;

export const CLICKABLE_INCIDENT_LAYERS = ['incident-points', 'incident-clusters'];

/** The id of a category's map symbol. */
export const iconId = (code: string) => `cat-${code}`;

/** Colour by category code, for the clusters (coloured by their most frequent category). */
export function categoryColorExpression(categories: Category[], property: string): ExpressionSpecification | string {
  if (!categories.length) return COLORS.fallbackCategory;
  const pairs = categories.flatMap((c) => [c.code, c.color]);
  return ['match', ['get', property], ...pairs, COLORS.fallbackCategory] as unknown as ExpressionSpecification;
}

/** The choropleth fill: the class index in feature state picks the colour; no state, no fill. */
export function choroplethFillColor(): ExpressionSpecification {
  const pairs = CLASS_COLORS.flatMap((c, i) => [i, c]);
  return ['match', ['coalesce', ['feature-state', 'c'], -1], ...pairs, -2, NO_DATA_COLOR, 'rgba(0,0,0,0)'] as unknown as ExpressionSpecification;
}

export interface StyleInput {
  config: AppConfig;
  /** location.origin: MapLibre's workers need absolute URLs. */
  origin: string;
  /** The incident filter query string (API names), without "?". */
  incidentQuery: string;
  categories: Category[];
}

/** The URL template of the incident tiles for a filter query. */
export function incidentTileUrl(origin: string, query: string): string {
  return `${origin}/tiles/incidents/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
}

/**
 * The URL template of a boundary tile set: `boundaries` for the main map, `subdistricts` (sub-district
 * polygons from z6) for the analysis and target maps. The version makes browsers drop tiles of
 * older boundaries.
 */
export function boundaryTileUrl(origin: string, version: number, set: 'boundaries' | 'subdistricts' = 'boundaries'): string {
  return `${origin}/tiles/${set}/{z}/{x}/{y}.mvt?v=${version}`;
}

export function buildStyle({ config, origin, incidentQuery, categories }: StyleInput): StyleSpecification {
  const sources: StyleSpecification['sources'] = {
    countries: { type: 'geojson', data: `${origin}/api/basemap/borders.geojson` },
    boundaries: {
      type: 'vector',
      tiles: [boundaryTileUrl(origin, config.boundaryVersion)],
      minzoom: 0,
      maxzoom: 14,
    },
    incidents: {
      type: 'vector',
      tiles: [incidentTileUrl(origin, incidentQuery)],
      minzoom: 0,
      maxzoom: 16,
    },
    highlight: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': COLORS.background } }];

  if (config.basemap.type === 'xyz' && config.basemap.url) {
    sources.basemap = {
      type: 'raster',
      tiles: [config.basemap.url],
      tileSize: 256,
      maxzoom: 19,
      attribution: config.basemap.attribution ?? undefined,
    };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }

  layers.push(
    {
      id: 'country-fill',
      type: 'fill',
      source: 'countries',
      paint: {
        'fill-color': ['case', ['==', ['get', 'name'], 'Thailand'], COLORS.thailand, COLORS.neighbour],
      },
    },
    ...CHOROPLETH_LEVELS.map(
      (l): LayerSpecification => ({
        id: `choropleth-${l.layer}`,
        type: 'fill',
        source: 'boundaries',
        'source-layer': l.layer,
        minzoom: l.minzoom,
        maxzoom: l.maxzoom,
        paint: { 'fill-color': choroplethFillColor(), 'fill-opacity': CHOROPLETH_OPACITY },
      }),
    ),
    {
      id: 'subdistrict-line',
      type: 'line',
      source: 'boundaries',
      'source-layer': 'subdistrict',
      minzoom: 9,
      paint: { 'line-color': COLORS.subdistrict, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 14, 1.2] },
    },
    {
      id: 'district-line',
      type: 'line',
      source: 'boundaries',
      'source-layer': 'district',
      minzoom: 7,
      paint: { 'line-color': COLORS.district, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 14, 2] },
    },
    {
      id: 'province-line',
      type: 'line',
      source: 'boundaries',
      'source-layer': 'province',
      paint: { 'line-color': COLORS.province, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1.2, 14, 3.2] },
    },
    {
      id: 'village-dot',
      type: 'circle',
      source: 'boundaries',
      'source-layer': 'village',
      minzoom: 12,
      paint: { 'circle-radius': 2, 'circle-color': COLORS.village, 'circle-opacity': 0.6 },
    },
    {
      id: 'country-line',
      type: 'line',
      source: 'countries',
      paint: { 'line-color': COLORS.countryLine, 'line-width': 1.2 },
    },
    {
      id: 'highlight-casing',
      type: 'line',
      source: 'highlight',
      paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.8 },
    },
    {
      id: 'highlight-line',
      type: 'line',
      source: 'highlight',
      paint: { 'line-color': COLORS.highlight, 'line-width': 3 },
    },
    {
      id: 'incident-clusters',
      type: 'circle',
      source: 'incidents',
      'source-layer': 'incidents',
      filter: ['==', ['get', 'cluster'], 1],
      paint: {
        'circle-color': categoryColorExpression(categories, 'top_category'),
        'circle-opacity': 0.78,
        'circle-stroke-color': COLORS.clusterStroke,
        'circle-stroke-width': 1.5,
        // Area proportional to the count, within readable bounds.
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['to-number', ['get', 'count'], 1]], 1, 3.5, 5, 7.5, 15, 14, 40, 24],
      },
    },
    {
      id: 'incident-points',
      type: 'symbol',
      source: 'incidents',
      'source-layer': 'incidents',
      filter: ['!=', ['get', 'cluster'], 1],
      layout: {
        'icon-image': ['concat', 'cat-', ['get', 'category']],
        'icon-size': ['interpolate', ['linear'], ['to-number', ['get', 'severity'], 3], 1, 0.8, 5, 1.15],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['to-number', ['get', 'severity'], 3],
      },
    },
  );
  return { version: 8, sources, layers };
}
