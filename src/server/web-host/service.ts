/**
 * What the map needs before anything else: the basemap settings, the national borders for a map
 * without a basemap, and byte ranges of a local PMTiles basemap. No request to any outside host:
 * the borders come from the world-atlas package (Natural Earth 1:50m), read from disk.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Config } from '../config.ts';

export interface BasemapConfig {
  type: 'none' | 'xyz' | 'pmtiles';
  url: string | null;
  attribution: string | null;
}

/** Where the local PMTiles basemap is served. */
export const PMTILES_PATH = '/basemap/basemap.pmtiles';

/**
 * The basemap the administrator configured: a local PMTiles file (when BASEMAP_PMTILES names a
 * file that exists; it wins, since it needs no outside host), else an XYZ raster template, else none.
 */
export function basemapConfig(config: Config): BasemapConfig {
  const attribution = config.basemapAttribution ?? null;
  if (config.basemapPmtiles && isFile(config.basemapPmtiles)) return { type: 'pmtiles', url: PMTILES_PATH, attribution };
  if (config.basemapUrl) return { type: 'xyz', url: config.basemapUrl, attribution };
  return { type: 'none', url: null, attribution: null };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Thailand and its neighbours by ISO 3166 numeric code, as world-atlas names its countries. */
export const BORDER_COUNTRIES: Record<string, string> = {
  '764': 'Thailand',
  '104': 'Myanmar',
  '418': 'Laos',
  '116': 'Cambodia',
  '458': 'Malaysia',
  '704': 'Vietnam',
};

let bordersJson: string | null = null;

function round(coords: unknown): unknown {
  if (typeof coords === 'number') return Math.round(coords * 1e4) / 1e4;
  return (coords as unknown[]).map(round);
}

/**
 * The countries around Thailand as a GeoJSON FeatureCollection text (properties: name), converted
 * once from the Natural Earth 1:50m TopoJSON of world-atlas and kept in memory.
 */
export function bordersGeoJson(): string {
  if (bordersJson) return bordersJson;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const countries = topology.objects.countries as GeometryCollection<{ name: string }>;
  const wanted = { ...countries, geometries: countries.geometries.filter((g) => BORDER_COUNTRIES[String(g.id)]) };
  const fc = feature(topology, wanted);
  const features = fc.features.map((f) => ({
    type: 'Feature' as const,
    properties: { name: BORDER_COUNTRIES[String(f.id)] },
    // Four decimals (about 11 m) are finer than a 1:50m map can show.
    geometry: { type: f.geometry.type, coordinates: round((f.geometry as any).coordinates) },
  }));
  bordersJson = JSON.stringify({ type: 'FeatureCollection', features });
  return bordersJson;
}

/** A byte range [start, end] (inclusive), 'unsatisfiable', or null to send the whole file. */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * Reads a Range header (RFC 9110) for a file of `size` bytes. One range is served; a header this
 * cannot read, or one with several ranges, is ignored (the whole file is sent), as the RFC allows.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Number(m[2]);
  if (end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
