/** SQL for administrative areas: reads for the API and the bulk upsert used by imports. */
import type { Queryable } from '../db/database.ts';
import type { AreaLevel } from '../../shared/area-codes.ts';

import type { Area, Bbox } from '../../shared/api-types.ts';

export type { Area, Bbox };

interface AreaDbRow {
  code: string;
  level: number;
  parent_code: string | null;
  province_code: string;
  name_th: string;
  name_en: string | null;
  population: number | null;
  is_demo: boolean;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

const AREA_COLUMNS = `code, level, parent_code, province_code, name_th, name_en, population, is_demo,
  ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax`;

function toArea(r: AreaDbRow): Area {
  return {
    code: r.code,
    level: r.level as AreaLevel,
    parentCode: r.parent_code,
    provinceCode: r.province_code,
    nameTh: r.name_th,
    nameEn: r.name_en,
    population: r.population,
    bbox: [r6(r.xmin), r6(r.ymin), r6(r.xmax), r6(r.ymax)],
    isDemo: r.is_demo,
  };
}

export async function countAreas(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM area')).rows[0].n;
}

/** The area with this DOPA code, or null. */
export async function findAreaByCode(db: Queryable, code: string): Promise<Area | null> {
  const r = await db.query<AreaDbRow>(`SELECT ${AREA_COLUMNS} FROM area WHERE code = $1`, [code]);
  return r.rows[0] ? toArea(r.rows[0]) : null;
}

export interface AreaFilter {
  level?: number;
  parent?: string;
  province?: string;
}

/** Areas matching every given filter, ordered by code. */
export async function listAreas(db: Queryable, f: AreaFilter): Promise<Area[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.level !== undefined) {
    params.push(f.level);
    where.push(`level = $${params.length}`);
  }
  if (f.parent !== undefined) {
    params.push(f.parent);
    where.push(`parent_code = $${params.length}`);
  }
  if (f.province !== undefined) {
    params.push(f.province);
    where.push(`province_code = $${params.length}`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const r = await db.query<AreaDbRow>(`SELECT ${AREA_COLUMNS} FROM area ${w} ORDER BY code`, params);
  return r.rows.map(toArea);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Areas whose Thai or English name contains `q` (case-insensitive), or whose code starts with
 * `codePrefix`. Exact matches first, then prefix matches, then the rest; larger areas first.
 */
export async function searchAreas(db: Queryable, q: { text: string | null; codePrefix: string | null }, limit: number): Promise<Area[]> {
  const params: unknown[] = [];
  const conds: string[] = [];
  let rank = '2';
  if (q.codePrefix) {
    params.push(`${likeEscape(q.codePrefix)}%`, q.codePrefix);
    conds.push(`code LIKE $1`);
    rank = `CASE WHEN code = $2 THEN 0 ELSE 1 END`;
  } else if (q.text) {
    const t = q.text.toLowerCase();
    params.push(`%${likeEscape(t)}%`, `${likeEscape(t)}%`, t);
    conds.push(`lower(name_th) LIKE $1`, `lower(name_en) LIKE $1`);
    rank = `CASE WHEN lower(name_th) = $3 OR lower(name_en) = $3 THEN 0
                 WHEN lower(name_th) LIKE $2 OR lower(name_en) LIKE $2 THEN 1 ELSE 2 END`;
  } else {
    return [];
  }
  params.push(limit);
  const r = await db.query<AreaDbRow>(
    `SELECT ${AREA_COLUMNS} FROM area WHERE ${conds.join(' OR ')}
     ORDER BY ${rank}, level, code LIMIT $${params.length}`,
    params,
  );
  return r.rows.map(toArea);
}

/** Names of the given areas (for display paths), keyed by code. */
export async function areaNames(db: Queryable, codes: string[]): Promise<Map<string, { code: string; nameTh: string; nameEn: string | null }>> {
  const m = new Map<string, { code: string; nameTh: string; nameEn: string | null }>();
  if (!codes.length) return m;
  const r = await db.query<{ code: string; name_th: string; name_en: string | null }>(
    'SELECT code, name_th, name_en FROM area WHERE code = ANY($1::text[])',
    [codes],
  );
  for (const x of r.rows) m.set(x.code, { code: x.code, nameTh: x.name_th, nameEn: x.name_en });
  return m;
}

/** The label point ([lon, lat], inside the area) and the number of direct children. */
export async function areaExtras(db: Queryable, code: string): Promise<{ centroid: [number, number]; childCount: number } | null> {
  const r = await db.query<{ x: number; y: number; n: number }>(
    `SELECT ST_X(coalesce(label_point, ST_PointOnSurface(geom))) AS x, ST_Y(coalesce(label_point, ST_PointOnSurface(geom))) AS y,
            (SELECT count(*)::int FROM area c WHERE c.parent_code = a.code) AS n
     FROM area a WHERE code = $1`,
    [code],
  );
  const row = r.rows[0];
  return row ? { centroid: [r6(row.x), r6(row.y)], childCount: row.n } : null;
}

/**
 * The geometry of an area simplified for display: a tolerance of 1/2000 of its larger extent
 * keeps the shape at screen size while shrinking detailed boundaries a lot.
 */
export async function areaDisplayGeometry(db: Queryable, code: string): Promise<unknown | null> {
  const r = await db.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(CASE WHEN level = 4 THEN geom
              ELSE ST_Multi(ST_SimplifyPreserveTopology(geom, greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)) / 2000)) END, 6) AS g
     FROM area WHERE code = $1`,
    [code],
  );
  return r.rows[0] ? JSON.parse(r.rows[0].g) : null;
}

/** Which of these codes already exist. */
export async function existingCodes(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const r = await db.query<{ code: string }>('SELECT code FROM area WHERE code = ANY($1::text[])', [codes]);
  return new Set(r.rows.map((x) => x.code));
}

export interface AreaWrite {
  code: string;
  level: AreaLevel;
  parentCode: string | null;
  nameTh: string;
  nameEn: string | null;
  population: number | null;
  /** Checked GeoJSON geometry (Polygon/MultiPolygon, or Point for villages). */
  geojson: string;
}

export interface UpsertOptions {
  demo: boolean;
  /** When false, an update keeps the stored English name (the file has none). */
  setNameEn: boolean;
  /** When false, an update keeps the stored population (the file has none). */
  setPopulation: boolean;
}

/**
 * Inserts or updates areas in place (by code), in batches of unnest arrays. Callers pass parents
 * before children so that each batch finds its parents.
 */
export async function upsertAreas(tx: Queryable, rows: AreaWrite[], opts: UpsertOptions): Promise<void> {
  const MAX_ROWS = 500;
  const MAX_CHARS = 8_000_000;
  let i = 0;
  while (i < rows.length) {
    let chars = 0;
    let j = i;
    while (j < rows.length && j - i < MAX_ROWS && (j === i || chars + rows[j].geojson.length <= MAX_CHARS)) chars += rows[j++].geojson.length;
    const b = rows.slice(i, j);
    await tx.query(
      `INSERT INTO area AS a (code, level, parent_code, province_code, name_th, name_en, population, geom, label_point, area_km2, is_demo)
       SELECT u.code, u.level, u.parent, substr(u.code, 1, 2), u.th, u.en, u.pop, g.geom,
              CASE WHEN u.level = 4 THEN g.geom ELSE ST_PointOnSurface(g.geom) END,
              CASE WHEN u.level = 4 THEN NULL ELSE ST_Area(g.geom::geography) / 1e6 END,
              $8
       FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[])
            AS u(code, level, parent, th, en, pop, gj)
       CROSS JOIN LATERAL (
         SELECT CASE WHEN u.level = 4 THEN ST_SetSRID(ST_GeomFromGeoJSON(u.gj), 4326)
                     ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(u.gj), 4326)) END AS geom
       ) g
       ON CONFLICT (code) DO UPDATE SET
         name_th = EXCLUDED.name_th,
         name_en = CASE WHEN $9 THEN EXCLUDED.name_en ELSE a.name_en END,
         population = CASE WHEN $10 THEN EXCLUDED.population ELSE a.population END,
         geom = EXCLUDED.geom,
         label_point = EXCLUDED.label_point,
         area_km2 = EXCLUDED.area_km2,
         is_demo = EXCLUDED.is_demo,
         updated_at = now()`,
      [
        b.map((r) => r.code),
        b.map((r) => r.level),
        b.map((r) => r.parentCode),
        b.map((r) => r.nameTh),
        b.map((r) => r.nameEn),
        b.map((r) => r.population),
        b.map((r) => r.geojson),
        opts.demo,
        opts.setNameEn,
        opts.setPopulation,
      ],
    );
    i = j;
  }
}

/** Increments the boundary version (which keys cached boundary tiles); returns the new value. */
export async function bumpBoundaryVersion(tx: Queryable): Promise<number> {
  const r = await tx.query<{ v: number }>(
    `INSERT INTO app_setting (key, value) VALUES ('boundary_version', '2'::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb(coalesce((app_setting.value #>> '{}')::int, 1) + 1), updated_at = now()
     RETURNING (value #>> '{}')::int AS v`,
  );
  return r.rows[0].v;
}

export interface ImportRunWrite {
  filename: string;
  userId: number | null;
  status: 'done' | 'failed';
  rowsTotal: number;
  inserted: number;
  updated: number;
  errors?: unknown;
}

/** Records an import run (kind 'areas'); returns its id. */
export async function insertImportRun(db: Queryable, r: ImportRunWrite): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO import_run (kind, filename, user_id, status, rows_total, inserted, updated, finished_at, errors)
     VALUES ('areas', $1, $2, $3, $4, $5, $6, now(), $7::jsonb) RETURNING id`,
    [r.filename, r.userId, r.status, r.rowsTotal, r.inserted, r.updated, r.errors === undefined ? null : JSON.stringify(r.errors)],
  );
  return res.rows[0].id;
}
