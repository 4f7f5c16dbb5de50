/**
 * Neighbours of sub-districts for the hot-spot statistics, computed in PostGIS and cached per
 * boundary version (table spatial_weight_cache, migration 005).
 *
 * Queen contiguity: two sub-districts are neighbours when their boundaries share at least one
 * point. The real boundaries are simplified and their coordinates rounded to 6 decimals, so a
 * shared corner can end up a hair apart: the test is ST_DWithin with a tolerance of 1e-6 degrees
 * (about 0.11 m), which is what rounding to 6 decimals can open (at most 0.71e-6 degrees between
 * two copies of one vertex). On the 7,425 real sub-districts it joins exactly one pair more than
 * ST_Intersects (Non Sombun and Wisit in Chaiyaphum, 6 cm apart); the next nearest non-touching
 * pairs are 0.4 m to 10 m apart at corners where four sub-districts nearly meet, and are left out,
 * since nothing shows they touch. scripts/fixtures/export-neighbours.ts uses this same function,
 * so R's reference values rest on the same neighbours.
 */
import type { Database, Queryable } from '../db/database.ts';
import { badRequest } from '../errors.ts';
import { findIslands, neighbourListFromPairs, type NeighbourList } from '../../shared/spatial-weights.ts';

/** Distance in degrees within which two sub-districts count as touching (see the module comment). */
export const QUEEN_TOLERANCE_DEG = 1e-6;

export interface AreaNeighbours {
  /** The boundary version the list belongs to. */
  boundaryVersion: number;
  kind: 'queen';
  /** Sorted province codes the list covers. */
  provinces: string[];
  toleranceDeg: number;
  /** Sub-district codes in ascending order; the neighbour list indexes into this. */
  codes: string[];
  neighbours: NeighbourList;
  /** Codes of the sub-districts with no neighbour (islands, or cut off by the province set). */
  islands: string[];
  /** Time the PostGIS computation took when the list was built. */
  computedMs: number;
  /** True when read from the cache, false when computed by this call. */
  fromCache: boolean;
}

/** Checks and sorts a set of province codes; throws a 400 error naming the bad one. */
export function normaliseProvinces(provinces: readonly string[]): string[] {
  if (!provinces.length) throw badRequest('choose at least one province for the neighbour list');
  for (const p of provinces) {
    if (typeof p !== 'string' || !/^[0-9]{2}$/.test(p)) throw badRequest(`province code ${JSON.stringify(p)} is not a 2-digit DOPA code such as "32"`);
  }
  return [...new Set(provinces)].sort();
}

/**
 * Boundary version, sub-district codes and queen pairs in ONE statement, so that all three come
 * from one snapshot: a boundary import committing meanwhile cannot mix old and new areas into one
 * list, nor label new areas with the old version.
 */
async function queryQueen(db: Queryable, set: string[]): Promise<{ version: number; codes: string[]; neighbours: NeighbourList }> {
  // Pairs come back as two arrays in one row: one row per pair costs far more on the embedded engine.
  const r = await db.query<{ version: number | null; codes: string[] | null; a: string[] | null; b: string[] | null }>(
    `SELECT (SELECT (value #>> '{}')::int FROM app_setting WHERE key = 'boundary_version') AS version,
            (SELECT array_agg(code ORDER BY code) FROM area WHERE level = 3 AND province_code = ANY($1::text[])) AS codes,
            p.a, p.b
     FROM (SELECT array_agg(a.code) AS a, array_agg(b.code) AS b
           FROM area a
           JOIN area b ON b.level = 3 AND b.province_code = ANY($1::text[]) AND a.code < b.code
                      AND ST_DWithin(a.geom, b.geom, $2::float8)
           WHERE a.level = 3 AND a.province_code = ANY($1::text[])) p`,
    [set, QUEEN_TOLERANCE_DEG],
  );
  const row = r.rows[0];
  const codes = row?.codes ?? [];
  if (!codes.length) throw badRequest(`there are no sub-districts in province${set.length > 1 ? 's' : ''} ${set.join(', ')}; import their boundaries first`);
  const index = new Map(codes.map((c, i) => [c, i]));
  const a = row.a ?? [];
  const b = row.b ?? [];
  const pairs = new Int32Array(a.length * 2);
  for (let k = 0; k < a.length; k++) {
    pairs[2 * k] = index.get(a[k])!;
    pairs[2 * k + 1] = index.get(b[k])!;
  }
  return { version: row.version ?? 1, codes, neighbours: neighbourListFromPairs(codes.length, pairs) };
}

/**
 * Computes queen neighbours of the sub-districts (level 3) of the given provinces in PostGIS,
 * without the cache. Areas outside the set are not neighbours, even across a provincial border.
 * The self-join runs on the GiST index of area.geom (ST_DWithin on geometry is index-assisted).
 */
export async function computeQueenNeighbours(db: Queryable, provinces: readonly string[]): Promise<{ codes: string[]; neighbours: NeighbourList }> {
  const { codes, neighbours } = await queryQueen(db, normaliseProvinces(provinces));
  return { codes, neighbours };
}

/**
 * Queen neighbours of the sub-districts of the given provinces for the current boundary version:
 * from the cache when there, otherwise computed (computeQueenNeighbours) and cached, replacing
 * lists of older boundary versions. Callers asking for the same province set at the same time
 * (several servers on one database) wait for one computation instead of repeating it.
 */
export async function queenNeighbours(db: Database, provinces: readonly string[]): Promise<AreaNeighbours> {
  const set = normaliseProvinces(provinces);
  const key = set.join(',');
  // A list read before for the same boundary version is the same list: kept in this process, so
  // a run does not read and parse 50,000 numbers again (30-50 ms a country-wide run, measured).
  const version = (await db.query<{ v: number }>(`SELECT coalesce((SELECT (value #>> '{}')::int FROM app_setting WHERE key = 'boundary_version'), 1) AS v`)).rows[0].v;
  let known = readLists.get(db);
  if (!known) readLists.set(db, (known = new Map()));
  const hit = known.get(key);
  if (hit && hit.boundaryVersion === version) return { ...hit, fromCache: true };
  const list = await readOrCompute(db, set, key);
  known.set(key, list);
  // A handful of province sets at most: the oldest is dropped first.
  if (known.size > 8) known.delete(known.keys().next().value!);
  return list;
}

/** Lists read or computed by this process, per database and province set. */
const readLists = new WeakMap<Database, Map<string, AreaNeighbours>>();

async function readOrCompute(db: Database, set: string[], key: string): Promise<AreaNeighbours> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`spatial_weight_cache:queen:${key}`]);
    const cached = await tx.query<{
      boundary_version: number;
      area_codes: string[];
      neighbour_offset: number[];
      neighbour_index: number[];
      island_codes: string[];
      tolerance_deg: number;
      computed_ms: number;
    }>(
      // The arrays as JSON, which Node parses natively: the text form of the 44,000 neighbour
      // indices of the 7,425 sub-districts took most of a cached read to parse in JavaScript.
      `SELECT boundary_version, array_to_json(area_codes) AS area_codes, array_to_json(neighbour_offset) AS neighbour_offset,
              array_to_json(neighbour_index) AS neighbour_index, array_to_json(island_codes) AS island_codes, tolerance_deg, computed_ms
       FROM spatial_weight_cache
       WHERE boundary_version = (SELECT coalesce((value #>> '{}')::int, 1) FROM app_setting WHERE key = 'boundary_version')
         AND kind = 'queen' AND province_set = $1 AND tolerance_deg = $2`,
      [key, QUEEN_TOLERANCE_DEG],
    );
    const row = cached.rows[0];
    if (row) {
      const neighbours: NeighbourList = {
        n: row.area_codes.length,
        offsets: Int32Array.from(row.neighbour_offset),
        neighbours: Int32Array.from(row.neighbour_index),
      };
      return {
        boundaryVersion: row.boundary_version,
        kind: 'queen',
        provinces: set,
        toleranceDeg: row.tolerance_deg,
        codes: row.area_codes,
        neighbours,
        islands: row.island_codes,
        computedMs: row.computed_ms,
        fromCache: true,
      };
    }
    const t0 = performance.now();
    const { version, codes, neighbours } = await queryQueen(tx, set);
    const computedMs = Math.round(performance.now() - t0);
    const islands = Array.from(findIslands(neighbours), (i) => codes[i]);
    await tx.query(`DELETE FROM spatial_weight_cache WHERE kind = 'queen' AND boundary_version < $1`, [version]);
    await tx.query(
      `INSERT INTO spatial_weight_cache (boundary_version, kind, province_set, tolerance_deg, area_codes, neighbour_offset, neighbour_index, island_codes, computed_ms)
       VALUES ($1, 'queen', $2, $3, $4::text[], $5::int[], $6::int[], $7::text[], $8)
       ON CONFLICT (boundary_version, kind, province_set) DO UPDATE
         SET tolerance_deg = EXCLUDED.tolerance_deg, area_codes = EXCLUDED.area_codes, neighbour_offset = EXCLUDED.neighbour_offset,
             neighbour_index = EXCLUDED.neighbour_index, island_codes = EXCLUDED.island_codes, computed_ms = EXCLUDED.computed_ms, computed_at = now()`,
      [version, key, QUEEN_TOLERANCE_DEG, codes, Array.from(neighbours.offsets), Array.from(neighbours.neighbours), islands, computedMs],
    );
    return { boundaryVersion: version, kind: 'queen', provinces: set, toleranceDeg: QUEEN_TOLERANCE_DEG, codes, neighbours, islands, computedMs, fromCache: false };
  });
}

/**
 * Centroids ([lon, lat], planar centroid of the polygon in degrees) of the sub-districts of the
 * given provinces, in code order: the points of a distance band (distanceBandNeighbours).
 */
export async function subdistrictCentroids(db: Queryable, provinces: readonly string[]): Promise<{ codes: string[]; points: Array<[number, number]> }> {
  const set = normaliseProvinces(provinces);
  const r = await db.query<{ codes: string[] | null; lon: number[] | null; lat: number[] | null }>(
    `SELECT array_agg(code ORDER BY code) AS codes, array_agg(ST_X(c) ORDER BY code) AS lon, array_agg(ST_Y(c) ORDER BY code) AS lat
     FROM (SELECT code, ST_Centroid(geom) AS c FROM area WHERE level = 3 AND province_code = ANY($1::text[])) s`,
    [set],
  );
  const codes = r.rows[0]?.codes ?? [];
  if (!codes.length) throw badRequest(`there are no sub-districts in province${set.length > 1 ? 's' : ''} ${set.join(', ')}; import their boundaries first`);
  const lon = r.rows[0].lon!;
  const lat = r.rows[0].lat!;
  return { codes, points: codes.map((_, i) => [Number(lon[i]), Number(lat[i])] as [number, number]) };
}
