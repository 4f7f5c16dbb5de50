/**
 * Writes a CSV of synthetic incidents whose points lie inside the real Thai sub-districts of
 * ../shared/data/th-admin, for the import and tile benchmarks. Streams: a million rows never sit
 * in memory. Usage: tsx bench/gen-incidents.ts OUT.csv [ROWS] [SEED]
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointInPolygon } from '../src/shared/planar.ts';

type Ring = number[][];
interface Poly { code: string; rings: Ring[][]; bbox: [number, number, number, number] }

const CATEGORIES = ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other'];
const STATUSES = ['reported', 'verified', 'resolved', 'false_report'];
const CLASSES = ['public', 'internal', 'internal', 'internal', 'restricted'];

/** Mulberry32: small, fast and seedable, so every run writes the same file. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real sub-districts, optionally only some provinces. */
export function loadSubdistricts(provinces?: string[]): Poly[] {
  const dir = fileURLToPath(new URL('../../shared/data/th-admin/', import.meta.url));
  const fc = JSON.parse(readFileSync(join(dir, 'subdistricts.geojson'), 'utf8'));
  const out: Poly[] = [];
  for (const f of fc.features) {
    const code = String(f.properties.adm3_pcode).replace(/^TH/, '');
    if (provinces && !provinces.includes(code.slice(0, 2))) continue;
    const rings: Ring[][] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (const poly of rings) for (const [x, y] of poly[0]) {
      minx = Math.min(minx, x); miny = Math.min(miny, y); maxx = Math.max(maxx, x); maxy = Math.max(maxy, y);
    }
    out.push({ code, rings, bbox: [minx, miny, maxx, maxy] });
  }
  return out;
}

/** Writes `rows` incidents to `file`; returns the number written. */
export async function writeIncidentCsv(file: string, rows: number, seed = 42, provinces?: string[]): Promise<number> {
  const polys = loadSubdistricts(provinces);
  const rand = rng(seed);
  const out = createWriteStream(file);
  const start = Date.UTC(2021, 9, 1);
  const span = Date.UTC(2025, 8, 30) - start;
  out.write('external_id,category,occurred_at,lon,lat,severity,status,source,description,classification\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const p = polys[Math.floor(rand() * polys.length)];
    let x = 0, y = 0;
    for (let k = 0; k < 1000; k++) {
      x = p.bbox[0] + rand() * (p.bbox[2] - p.bbox[0]);
      y = p.bbox[1] + rand() * (p.bbox[3] - p.bbox[1]);
      if (p.rings.some((poly) => pointInPolygon(x, y, poly))) break;
    }
    const when = new Date(start + Math.floor(rand() * span)).toISOString();
    const cat = CATEGORIES[Math.floor(rand() * CATEGORIES.length)];
    buf += `BENCH-${i + 1},${cat},${when},${x.toFixed(6)},${y.toFixed(6)},${1 + Math.floor(rand() * 5)},${STATUSES[Math.floor(rand() * 4)]},import,เหตุทดสอบ ${i + 1},${CLASSES[Math.floor(rand() * CLASSES.length)]}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, rows = '1000000', seed = '42'] = process.argv.slice(2);
  const t = Date.now();
  await writeIncidentCsv(file, Number(rows), Number(seed));
  console.log(`wrote ${rows} incidents to ${file} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
