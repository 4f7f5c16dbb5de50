/**
 * The SQL of the tiles: incident tiles (grid aggregates and points), boundary tiles, the boundary
 * version and the encoded tile cache. Queries return a tile's features as a few rows of arrays in
 * tile coordinates (design brief, decision 3); the service encodes them.
 */
import type { Queryable } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { incidentVisibility } from '../incidents/visibility-sql.ts';
import { incidentFilterSql, type IncidentFilters } from '../incidents/repository.ts';
import { tileBoundsMercator, tileKeyRange, type MercatorBox } from '../../shared/tile-math.ts';

/**
 * The WHERE clause of an incident tile: the tile's key range (one index range, migration 004),
 * the filters, and always the need-to-know predicate of the viewer.
 */
function tileWhere(z: number, x: number, y: number, viewer: Viewer, filters: IncidentFilters, params: unknown[]): string {
  const { lo, hi } = tileKeyRange(z, x, y);
  params.push(lo, hi);
  const range = `incident_tile_key(i.x, i.y) >= $${params.length - 1}::bigint AND incident_tile_key(i.x, i.y) < $${params.length}::bigint`;
  // The filters are those of the incident list (one implementation for list, counts and tiles).
  return [range, `(${incidentFilterSql(filters, params, 'i')})`, `(${incidentVisibility(viewer, params, 'i')})`].join('\n      AND ');
}

/** The category table as two parallel arrays, read in the same statement as the features. */
const CATEGORY_ARRAYS = `(SELECT array_agg(id ORDER BY id) FROM category) AS category_ids,
       (SELECT array_agg(code ORDER BY id) FROM category) AS category_codes`;

export interface CategoryArrays {
  categoryIds: number[];
  categoryCodes: string[];
}

/** Grid cells of a tile: the cell number, incident count, sums of x and y, most frequent category. */
export interface ClusterRows extends CategoryArrays {
  cells: number[];
  counts: number[];
  sumX: number[];
  sumY: number[];
  topCategory: number[];
}

/**
 * Counts the visible incidents of tile z/x/y that match the filters per grid cell of
 * 2^gridBits x 2^gridBits cells (cells numbered in Z order, as the key), with the sums of their
 * positions (for the weighted centre) and the most frequent category (ties: lowest id).
 * `part`, a tile inside this one, reads only its incidents (cells keep the numbers of the whole
 * tile), so that a big tile can be counted as several queries that run side by side.
 */
export async function queryIncidentCells(
  db: Queryable,
  viewer: Viewer,
  filters: IncidentFilters,
  z: number,
  x: number,
  y: number,
  gridBits: number,
  part: { z: number; x: number; y: number } = { z, x, y },
): Promise<ClusterRows> {
  const params: unknown[] = [];
  const where = tileWhere(part.z, part.x, part.y, viewer, filters, params);
  const shift = 2 * (24 - z - gridBits);
  const mask = 4 ** gridBits - 1;
  // The OFFSET 0 fence keeps the planner from estimating one group per row (from the statistics
  // of the key) and choosing a sort over a hash aggregate, which spills to disk on big tiles.
  const sql = `
SELECT array_agg(h.cell) AS cells, array_agg(h.n) AS counts, array_agg(h.sx) AS sum_x, array_agg(h.sy) AS sum_y,
       array_agg(h.top) AS top_category, ${CATEGORY_ARRAYS}
FROM (
  SELECT (g.k >> 32)::int AS cell, sum(g.n)::int AS n, sum(g.sx)::float8 AS sx, sum(g.sy)::float8 AS sy,
         ((array_agg(g.k & 4294967295 ORDER BY g.n DESC, g.k))[1])::int AS top
  FROM (
    SELECT s.k, count(*) AS n, sum(s.x) AS sx, sum(s.y) AS sy
    FROM (
      SELECT (((incident_tile_key(i.x, i.y) >> ${shift}) & ${mask}) << 32) | i.category_id AS k, i.x, i.y
      FROM incident i
      WHERE ${where}
      OFFSET 0
    ) s
    GROUP BY s.k
  ) g
  GROUP BY 1
) h`;
  const r = await db.query<any>(sql, params);
  const row = r.rows[0];
  return {
    cells: row.cells ?? [],
    counts: row.counts ?? [],
    sumX: row.sum_x ?? [],
    sumY: row.sum_y ?? [],
    topCategory: row.top_category ?? [],
    categoryIds: row.category_ids ?? [],
    categoryCodes: row.category_codes ?? [],
  };
}

/** Single incidents of a tile, at integer tile coordinates. */
export interface PointRows extends CategoryArrays {
  ids: number[];
  px: number[];
  py: number[];
  categories: number[];
  severities: number[];
  statuses: string[];
  /** Seconds since 1970 (UTC). */
  occurred: number[];
}

/** The tile's scale: tile units per metre, and its box. */
function tileScale(z: number, x: number, y: number, extent: number): { box: MercatorBox; k: number } {
  const box = tileBoundsMercator(z, x, y);
  return { box, k: extent / (box.maxx - box.minx) };
}

/**
 * The visible incidents of tile z/x/y that match the filters, at most `limit` of them (ask for
 * one more than you want to know whether there were more), positions in tile units of `extent`.
 */
export async function queryIncidentPoints(
  db: Queryable,
  viewer: Viewer,
  filters: IncidentFilters,
  z: number,
  x: number,
  y: number,
  extent: number,
  limit: number,
): Promise<PointRows> {
  const params: unknown[] = [];
  const where = tileWhere(z, x, y, viewer, filters, params);
  const { box, k } = tileScale(z, x, y, extent);
  params.push(box.minx, box.maxy, k, limit);
  const n = params.length;
  const sql = `
SELECT array_agg(s.id) AS ids, array_agg(s.px) AS px, array_agg(s.py) AS py, array_agg(s.category_id) AS categories,
       array_agg(s.severity) AS severities, array_agg(s.status) AS statuses, array_agg(s.t) AS occurred, ${CATEGORY_ARRAYS}
FROM (
  SELECT i.id::float8 AS id, round((i.x - $${n - 3}::float8) * $${n - 1}::float8)::int AS px,
         round(($${n - 2}::float8 - i.y) * $${n - 1}::float8)::int AS py,
         i.category_id, i.severity::int AS severity, i.status, extract(epoch FROM i.occurred_at)::float8 AS t
  FROM incident i
  WHERE ${where}
  LIMIT $${n}
) s`;
  const r = await db.query<any>(sql, params);
  const row = r.rows[0];
  return {
    ids: row.ids ?? [],
    px: row.px ?? [],
    py: row.py ?? [],
    categories: row.categories ?? [],
    severities: row.severities ?? [],
    statuses: row.statuses ?? [],
    occurred: row.occurred ?? [],
    categoryIds: row.category_ids ?? [],
    categoryCodes: row.category_codes ?? [],
  };
}

/** Options of the raw baseline statement; the defaults build what COMAP serves an administrator. */
export interface RawTileOptions {
  viewer?: Viewer;
  filters?: IncidentFilters;
  /** Zooms below this are aggregated (COMAP: 13). */
  pointZoom?: number;
  gridBits?: number;
  extent?: number;
  maxPoints?: number;
}

const BASELINE_VIEWER: Viewer = {
  userId: 0,
  username: 'bench',
  displayName: 'bench',
  role: 'admin',
  agencyId: null,
  agency: null,
  areaCodes: [],
  mustChangePassword: false,
};

/**
 * For the benchmark (PostgreSQL only: PGlite has no ST_AsMVT): one SQL statement that builds the
 * same incident tile content as COMAP with ST_AsMVT/ST_AsMVTGeom, from the same rows (same
 * predicate and index), so the two can be timed side by side. Returns the statement and its
 * parameters; the single row has one bytea column `mvt`.
 */
export function rawIncidentTileSql(z: number, x: number, y: number, opts: RawTileOptions = {}): { text: string; values: unknown[] } {
  const viewer = opts.viewer ?? BASELINE_VIEWER;
  const filters = opts.filters ?? {};
  const extent = opts.extent ?? 4096;
  const gridBits = opts.gridBits ?? 5;
  const params: unknown[] = [];
  const where = tileWhere(z, x, y, viewer, filters, params);
  const env = `ST_TileEnvelope(${z}, ${x}, ${y})`;
  if (z < (opts.pointZoom ?? 13)) {
    const shift = 2 * (24 - z - gridBits);
    const mask = 4 ** gridBits - 1;
    return {
      values: params,
      text: `
SELECT ST_AsMVT(t, 'incidents', ${extent}, 'geom') AS mvt
FROM (
  SELECT 1 AS cluster, h.n AS count, c.code AS top_category,
         ST_AsMVTGeom(ST_Point(h.sx / h.n, h.sy / h.n, 3857), ${env}, ${extent}, 0, false) AS geom
  FROM (
    SELECT (g.k >> 32)::int AS cell, sum(g.n)::int AS n, sum(g.sx)::float8 AS sx, sum(g.sy)::float8 AS sy,
           ((array_agg(g.k & 4294967295 ORDER BY g.n DESC, g.k))[1])::int AS top
    FROM (
      SELECT s.k, count(*) AS n, sum(s.x) AS sx, sum(s.y) AS sy
      FROM (
        SELECT (((incident_tile_key(i.x, i.y) >> ${shift}) & ${mask}) << 32) | i.category_id AS k, i.x, i.y
        FROM incident i
        WHERE ${where}
        OFFSET 0
      ) s
      GROUP BY s.k
    ) g
    GROUP BY 1
  ) h
  JOIN category c ON c.id = h.top
) t`,
    };
  }
  params.push(opts.maxPoints ?? 6000);
  return {
    values: params,
    text: `
SELECT ST_AsMVT(t, 'incidents', ${extent}, 'geom', 'fid') AS mvt
FROM (
  SELECT i.id AS fid, 0 AS cluster, i.id, c.code AS category, i.severity::int AS severity, i.status,
         to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred,
         ST_AsMVTGeom(ST_Point(i.x, i.y, 3857), ${env}, ${extent}, 0, false) AS geom
  FROM incident i
  JOIN category c ON c.id = i.category_id
  WHERE ${where}
  LIMIT $${params.length}
) t`,
  };
}

/* ------------------------------------------------------------ boundaries */

/** One boundary level of a tile: codes, names and the tile-space geometry of each area (WKB). */
export interface BoundaryRows {
  level: number;
  codes: string[];
  namesTh: string[];
  namesEn: Array<string | null>;
  geoms: Uint8Array[];
}

/**
 * The areas of the given levels whose box meets `bboxLonLat` (the tile with its buffer), their geometry
 * already in tile coordinates (Web Mercator, translated and scaled to `extent`) and simplified
 * with `tolerance` tile units, a polygon smaller than that kept as its smallest outline (so a
 * small town sub-district still has a shape to colour at z6); villages as points. Only PostGIS functions that do not go through
 * GEOS run here (no exception can reach the embedded database); clipping happens in JavaScript.
 */
export async function queryBoundaryTile(
  db: Queryable,
  z: number,
  x: number,
  y: number,
  levels: number[],
  extent: number,
  tolerance: number,
  bboxLonLat: [number, number, number, number],
): Promise<BoundaryRows[]> {
  const { box, k } = tileScale(z, x, y, extent);
  const sql = `
SELECT t.level, array_agg(t.code ORDER BY t.code) AS codes, array_agg(t.name_th ORDER BY t.code) AS names_th,
       array_agg(t.name_en ORDER BY t.code) AS names_en, array_agg(ST_AsBinary(t.g) ORDER BY t.code) AS geoms
FROM (
  SELECT a.level::int AS level, a.code, a.name_th, a.name_en,
         CASE WHEN a.level = 4
              THEN ST_TransScale(ST_Transform(CASE WHEN GeometryType(a.geom) = 'POINT' THEN a.geom ELSE a.label_point END, 3857), $5::float8, $6::float8, $7::float8, -$7::float8)
              ELSE ST_Simplify(ST_TransScale(ST_Transform(a.geom, 3857), $5::float8, $6::float8, $7::float8, -$7::float8), $8::float8, true)
         END AS g
  FROM area a
  WHERE a.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326) AND a.level = ANY ($9::int[])
) t
WHERE t.g IS NOT NULL AND NOT ST_IsEmpty(t.g)
GROUP BY t.level
ORDER BY t.level`;
  const r = await db.query<any>(sql, [...bboxLonLat, -box.minx, -box.maxy, k, tolerance, levels]);
  return r.rows.map((row) => ({
    level: Number(row.level),
    codes: row.codes,
    namesTh: row.names_th,
    namesEn: row.names_en,
    geoms: row.geoms,
  }));
}

/** Category ids and codes, for checking the category filter of tiles. */
export async function readCategoryCodes(db: Queryable): Promise<Array<{ id: number; code: string }>> {
  return (await db.query<{ id: number; code: string }>('SELECT id, code FROM category ORDER BY id')).rows;
}

/** The current boundary version (app_setting 'boundary_version'); tiles are cached under it. */
export async function readBoundaryVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ v: number }>(`SELECT (value #>> '{}')::int AS v FROM app_setting WHERE key = 'boundary_version'`);
  return r.rows[0]?.v ?? 1;
}

/**
 * Moves the boundary version on (call in the transaction that changes areas): cached boundary
 * tiles of older versions stop being served, and browsers fetch new ones (the version is in the
 * tile URL and the ETag). Returns the new version.
 */
export async function bumpBoundaryVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ v: number }>(
    `INSERT INTO app_setting (key, value) VALUES ('boundary_version', '2')
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb((app_setting.value #>> '{}')::int + 1), updated_at = now()
     RETURNING (value #>> '{}')::int AS v`,
  );
  return r.rows[0].v;
}

/** A cached encoded tile: the bytes (empty for an empty tile), or undefined when not cached. */
export async function readCachedTile(db: Queryable, layer: string, version: number, z: number, x: number, y: number): Promise<Uint8Array | undefined> {
  const r = await db.query<{ data: Uint8Array }>(
    'SELECT data FROM tile_cache WHERE layer = $1 AND version = $2 AND z = $3 AND x = $4 AND y = $5',
    [layer, version, z, x, y],
  );
  return r.rows[0] ? new Uint8Array(r.rows[0].data) : undefined;
}

/** Stores an encoded tile; a concurrent writer of the same tile wins quietly. */
export async function writeCachedTile(db: Queryable, layer: string, version: number, z: number, x: number, y: number, data: Uint8Array): Promise<void> {
  await db.query(
    `INSERT INTO tile_cache (layer, version, z, x, y, data) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [layer, version, z, x, y, Buffer.from(data.buffer, data.byteOffset, data.byteLength)],
  );
}

/** Drops cached tiles of older versions of a layer. */
export async function deleteStaleTiles(db: Queryable, layer: string, version: number): Promise<number> {
  const r = await db.query('DELETE FROM tile_cache WHERE layer = $1 AND version < $2', [layer, version]);
  return r.affected;
}

/**
 * The change counter of incident and category data (migration 004): it moves on with every
 * statement that writes them, so a cached tile read under an older value is out of date.
 */
export async function readIncidentChangeCounter(db: Queryable): Promise<number> {
  // last_value stays 1 until the first nextval, which is_called tells apart.
  const r = await db.query<{ v: number }>('SELECT last_value + is_called::int AS v FROM incident_change_seq');
  return Number(r.rows[0].v);
}
