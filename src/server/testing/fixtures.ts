/**
 * Test fixtures from the real Thai boundaries in ../shared/data/th-admin (not shipped with COMAP).
 * Loads provinces, districts and sub-districts of the chosen provinces straight into the area
 * table, so tests of incidents and tiles do not depend on the import code they are not testing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../db/database.ts';
import { ROOT } from './test-db.ts';

export const TH_ADMIN_DIR = join(ROOT, '..', 'shared', 'data', 'th-admin');

interface Fc {
  features: Array<{ properties: Record<string, string>; geometry: unknown }>;
}

const cache = new Map<string, Fc>();
function read(name: string): Fc {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(join(TH_ADMIN_DIR, name), 'utf8')));
  return cache.get(name)!;
}

/** Inserts the real areas of the given provinces (DOPA codes like '32'); returns the count. */
export async function loadRealAreas(db: Queryable, provinces: string[]): Promise<number> {
  const levels: Array<[string, number, string, string, string]> = [
    ['provinces.geojson', 1, 'adm1_pcode', 'adm1_th', 'adm1_en'],
    ['districts.geojson', 2, 'adm2_pcode', 'adm2_th', 'adm2_en'],
    ['subdistricts.geojson', 3, 'adm3_pcode', 'adm3_th', 'adm3_en'],
  ];
  let n = 0;
  for (const [file, level, codeField, th, en] of levels) {
    const rows = read(file).features
      .map((f) => ({ code: String(f.properties[codeField]).replace(/^TH/, ''), th: f.properties[th], en: f.properties[en], g: JSON.stringify(f.geometry) }))
      .filter((r) => provinces.includes(r.code.slice(0, 2)));
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await db.query(
        `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom, label_point, area_km2)
         SELECT c, $1::smallint, CASE WHEN length(c) > 2 THEN substr(c, 1, length(c) - 2) END, substr(c, 1, 2), t, e, g, ST_PointOnSurface(g), ST_Area(g::geography) / 1e6
         FROM (SELECT c, t, e, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326)) AS g
               FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(c, t, e, gj)) s`,
        [level, chunk.map((r) => r.code), chunk.map((r) => r.th), chunk.map((r) => r.en), chunk.map((r) => r.g)],
      );
      n += chunk.length;
    }
  }
  return n;
}

/**
 * Inserts `n` incidents of `category` and `severity` at the label point of sub-district `code`,
 * all at the time `at`, straight into the table (the analysis tests do not test the import).
 */
export async function addIncidents(db: Queryable, code: string, category: string, n: number, severity: number, at: string): Promise<void> {
  await db.query(
    `INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source, classification)
     SELECT c.id, $3::timestamptz, a.label_point, ST_X(ST_Transform(a.label_point, 3857)), ST_Y(ST_Transform(a.label_point, 3857)),
            a.code, substr(a.code, 1, 4), a.province_code, $4, 'agency', 'restricted'
     FROM area a, category c, generate_series(1, $5::int) g WHERE a.code = $1 AND c.code = $2`,
    [code, category, at, severity, n],
  );
}

/** The sub-districts touching `code` (within 1e-6 degree), by code, read independently of the analysis code. */
export async function touchingSubdistricts(db: Queryable, code: string): Promise<string[]> {
  const r = await db.query<{ code: string }>(
    `SELECT b.code FROM area a JOIN area b ON b.level = 3 AND b.code <> a.code AND ST_DWithin(a.geom, b.geom, 1e-6) WHERE a.code = $1 ORDER BY b.code`,
    [code],
  );
  return r.rows.map((x) => x.code);
}
