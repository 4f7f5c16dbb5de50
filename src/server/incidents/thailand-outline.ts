/**
 * Thailand's outline (Natural Earth 1:50m, from the world-atlas package on disk), only to word a
 * rejection: a point that lies in no loaded area is "outside Thailand" when it is also outside
 * this outline, and "outside every area in COMAP" otherwise. It never decides whether a point is
 * accepted: that is the areas' job, so the coarse 1:50m border cannot refuse a good point.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { pointInPolygon } from '../../shared/planar.ts';

type Ring = number[][];
let polygons: Ring[][] | null = null;

function load(): Ring[][] {
  if (polygons) return polygons;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const countries = topology.objects.countries as GeometryCollection;
  const thailand = { ...countries, geometries: countries.geometries.filter((g) => String(g.id) === '764') };
  const out: Ring[][] = [];
  for (const f of feature(topology, thailand).features) {
    const g = f.geometry as { type: string; coordinates: any };
    if (g.type === 'Polygon') out.push(g.coordinates);
    else if (g.type === 'MultiPolygon') out.push(...g.coordinates);
  }
  polygons = out;
  return out;
}

/** Whether a position lies inside Thailand's 1:50m outline. */
export function insideThailandOutline(lon: number, lat: number): boolean {
  return load().some((poly) => pointInPolygon(lon, lat, poly));
}
