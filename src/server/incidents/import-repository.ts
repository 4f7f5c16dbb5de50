/**
 * SQL of the bulk import: staging tables filled with COPY, then set-based steps. Everything runs
 * in the caller's transaction. The staging tables are UNLOGGED tables private to one import
 * (not TEMP: a temporary table lives in the session's small local buffers and cannot be read by
 * parallel workers, which made the spatial join half again as slow); they are created inside the
 * transaction, so a rollback or a crash removes them, and dropped before it commits.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { metresToDegreesSql } from './repository.ts';

/** The staging tables of one import. */
export interface Staging {
  /** The checked rows, as COPY wrote them. */
  stage: string;
  /** Row number -> sub-district (and whether it is the nearest one, and how far). */
  assign: string;
  /** Prefix of the chunk tables: row number and point of one chunk of rows, for the spatial join. */
  points: string;
}

/** Staging columns, in the order of the CSV that the import writes for COPY. */
export const STAGE_COLUMNS = [
  'rn', 'external_id', 'category_id', 'occurred_at', 'g', 'severity', 'status', 'source', 'description', 'classification',
];
export const POINT_COLUMNS = ['rn', 'g'];

/** Creates the staging tables of one import, and gives the heavy steps room in memory. */
export async function createStage(tx: Queryable): Promise<Staging> {
  const id = randomBytes(6).toString('hex');
  const st = { stage: `incident_stage_${id}`, assign: `incident_assign_${id}`, points: `incident_points_${id}` };
  const mem = tx.engine === 'pglite' ? '128MB' : '256MB';
  await tx.exec(`
    SET LOCAL work_mem = '${mem}';
    SET LOCAL maintenance_work_mem = '${mem}';
    CREATE UNLOGGED TABLE ${st.stage} (
      rn             integer NOT NULL,
      external_id    text,
      category_id    integer NOT NULL,
      occurred_at    timestamptz NOT NULL,
      g              geometry(Point, 4326) NOT NULL,
      severity       smallint NOT NULL,
      status         text NOT NULL,
      source         text NOT NULL,
      description    text NOT NULL,
      classification text NOT NULL
    );
    CREATE UNLOGGED TABLE ${st.assign} (
      rn         integer NOT NULL,
      code       text NOT NULL,
      nearest    boolean NOT NULL DEFAULT false,
      distance_m real
    );`);
  return st;
}

/** Drops the staging tables (before the commit; a rollback drops them anyway). */
export async function dropStage(tx: Queryable, st: Staging): Promise<void> {
  await tx.exec(`DROP TABLE ${st.stage}, ${st.assign}`);
}

export function pointChunk(st: Staging, k: number): string {
  return `${st.points}_${k}`;
}

/** Creates the table of chunk `k`: row numbers and points, filled by COPY. */
export async function createPointChunk(tx: Queryable, st: Staging, k: number): Promise<void> {
  await tx.exec(`CREATE UNLOGGED TABLE ${pointChunk(st, k)} (rn integer NOT NULL, g geometry(Point, 4326) NOT NULL)`);
}

/**
 * Assigns the points of one chunk to the sub-district that contains them, in one statement, and
 * drops the chunk. The join is driven by the areas (about 7,500) over a GiST index on the points,
 * so each polygon is tested against its points one after the other and PostGIS reuses its
 * prepared form; driving it by the points (the naive plan) re-reads a polygon for every point
 * and is several times slower. Overlaps of simplified boundaries are settled by the smaller code.
 * Chunks let the database assign the first rows while the file's later rows are still being
 * read. Returns how many points were placed.
 */
export async function assignChunk(tx: Queryable, st: Staging, chunk: string): Promise<number> {
  await tx.exec(`CREATE INDEX ON ${chunk} USING gist (g); ANALYZE ${chunk};`);
  const r = await tx.query(
    `INSERT INTO ${st.assign} (rn, code)
     SELECT m.rn, min(m.code)
     FROM area a
     CROSS JOIN LATERAL (
       SELECT p.rn, a.code FROM ${chunk} p WHERE p.g && a.geom AND ST_Intersects(a.geom, p.g) OFFSET 0
     ) m
     WHERE a.level = 3
     GROUP BY m.rn`,
  );
  await tx.exec(`DROP TABLE ${chunk}`);
  return r.affected;
}

export async function countAssigned(tx: Queryable, st: Staging): Promise<number> {
  return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${st.assign}`)).rows[0].n;
}

export async function countStaged(tx: Queryable, st: Staging): Promise<number> {
  return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${st.stage}`)).rows[0].n;
}

const unassigned = (st: Staging) => `SELECT s.rn, s.g FROM ${st.stage} s WHERE NOT EXISTS (SELECT 1 FROM ${st.assign} m WHERE m.rn = s.rn)`;

/**
 * Gives the points that no sub-district contains the nearest one within `maxMetres` (geography
 * distance, searched among the few areas an index-assisted box finds), flagged as nearest.
 * Returns how many were placed so.
 */
export async function assignNearest(tx: Queryable, st: Staging, maxMetres: number): Promise<number> {
  const r = await tx.query(
    `INSERT INTO ${st.assign} (rn, code, nearest, distance_m)
     SELECT u.rn, n.code, true, n.d
     FROM (${unassigned(st)}) u
     CROSS JOIN LATERAL (
       SELECT a.code, ST_Distance(a.geom::geography, u.g::geography) AS d
       FROM area a
       WHERE a.level = 3 AND a.geom && ST_Expand(u.g, ${metresToDegreesSql('$1::float8', 'ST_Y(u.g)')})
       ORDER BY 2, 1 LIMIT 1
     ) n
     WHERE n.d <= $1::float8`,
    [maxMetres],
  );
  return r.affected;
}

export interface Unassigned {
  rn: number;
  lon: number;
  lat: number;
  code: string | null;
  name_th: string | null;
  name_en: string | null;
  d: number | null;
}

/** The first `limit` rows still without a sub-district, with the nearest one at any distance. */
export async function unassignedRows(tx: Queryable, st: Staging, limit: number): Promise<Unassigned[]> {
  return (
    await tx.query<Unassigned>(
      `SELECT u.rn, ST_X(u.g) AS lon, ST_Y(u.g) AS lat, n.code, n.name_th, n.name_en, n.d
       FROM (${unassigned(st)} ORDER BY s.rn LIMIT $1) u
       LEFT JOIN LATERAL (
         SELECT k.code, k.name_th, k.name_en, ST_Distance(k.geom::geography, u.g::geography) AS d
         FROM (SELECT a.code, a.name_th, a.name_en, a.geom FROM area a WHERE a.level = 3 ORDER BY a.geom <-> u.g LIMIT 5) k
         ORDER BY 4, 1 LIMIT 1
       ) n ON true
       ORDER BY u.rn`,
      [limit],
    )
  ).rows;
}

/** External ids that appear on more than one row of the file, with their rows. */
export async function duplicateExternalIds(tx: Queryable, st: Staging, limit: number): Promise<Array<{ external_id: string; rows: number[] }>> {
  return (
    await tx.query<{ external_id: string; rows: number[] }>(
      `SELECT external_id, array_agg(rn ORDER BY rn) AS rows FROM ${st.stage}
       WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1
       ORDER BY min(rn) LIMIT $1`,
      [limit],
    )
  ).rows;
}

/** About how many incidents are stored (the planner's estimate; exact enough to choose a strategy). */
export async function estimateIncidentRows(tx: Queryable): Promise<number> {
  const r = await tx.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'incident'::regclass`);
  const n = r.rows[0]?.n ?? -1;
  if (n >= 0) return n;
  // Never analysed (a fresh embedded database): count.
  return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM incident')).rows[0].n;
}

export interface Deferred {
  indexes: Array<{ name: string; def: string }>;
  constraints: Array<{ name: string; def: string; kind: 'p' | 'u' | 'f' }>;
}

/**
 * For a load that is large next to the table: drops the incident table's secondary indexes, its
 * unique constraints, its foreign keys and, unless another table refers to it, its primary key,
 * so the rows go in without
 * per-row index and trigger work, as PostgreSQL's "Populating a Database" advises; restoreIndexes
 * builds them again, each in one pass. The definitions are read from the catalogue, so indexes
 * added by any migration come back identical. The table stays locked (ACCESS EXCLUSIVE) until the
 * transaction ends, so no other writer can slip in between.
 */
export async function deferIndexes(tx: Queryable): Promise<Deferred> {
  const indexes = (
    await tx.query<{ name: string; def: string }>(
      `SELECT quote_ident(c.relname) AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
       WHERE x.indrelid = 'incident'::regclass AND NOT x.indisprimary
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
       ORDER BY c.relname`,
    )
  ).rows;
  const constraints = (
    await tx.query<{ name: string; def: string; kind: 'p' | 'u' | 'f' }>(
      `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def, contype::text AS kind
       FROM pg_constraint
       WHERE conrelid = 'incident'::regclass
         AND (contype IN ('u', 'f')
              OR (contype = 'p' AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = 'incident'::regclass)))
       ORDER BY contype DESC, conname`,
    )
  ).rows;
  for (const c of constraints) await tx.exec(`ALTER TABLE incident DROP CONSTRAINT ${c.name}`);
  for (const ix of indexes) await tx.exec(`DROP INDEX ${ix.name}`);
  return { indexes, constraints };
}

/**
 * Builds again what deferIndexes dropped: unique constraints first (a repeated external id in the
 * file fails here with unique_violation, 23505), then the indexes, then the foreign keys (each
 * checks every row in one pass).
 */
export async function restoreIndexes(tx: Queryable, d: Deferred): Promise<void> {
  for (const c of d.constraints.filter((k) => k.kind !== 'f')) await tx.exec(`ALTER TABLE incident ADD CONSTRAINT ${c.name} ${c.def}`);
  for (const ix of d.indexes) await tx.exec(ix.def);
  for (const c of d.constraints.filter((k) => k.kind === 'f')) await tx.exec(`ALTER TABLE incident ADD CONSTRAINT ${c.name} ${c.def}`);
}

const INSERT_COLUMNS = `external_id, category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code,
  assigned_nearest, nearest_distance_m, severity, status, source, description, classification, created_by, updated_by`;
const INSERT_VALUES = `n.external_id, n.category_id, n.occurred_at, n.geom, n.x, n.y, n.subdistrict_code, substr(n.subdistrict_code, 1, 4),
  substr(n.subdistrict_code, 1, 2), n.assigned_nearest, n.nearest_distance_m, n.severity, n.status, n.source, n.description,
  n.classification, $1::int, $1::int`;
const UPDATE_SET = `category_id = n.category_id, occurred_at = n.occurred_at, geom = n.geom, x = n.x, y = n.y,
  subdistrict_code = n.subdistrict_code, district_code = substr(n.subdistrict_code, 1, 4), province_code = substr(n.subdistrict_code, 1, 2),
  assigned_nearest = n.assigned_nearest, nearest_distance_m = n.nearest_distance_m, severity = n.severity, status = n.status,
  source = n.source, description = n.description, classification = n.classification, updated_by = $1::int, updated_at = now()`;

/**
 * Web Mercator (EPSG:3857) metres of the staged point, the formula of lonLatToMercator: computed
 * here because it is cheaper in SQL than formatting two more numbers per row in JavaScript.
 */
const MERC_X = '6378137.0 * radians(ST_X(s.g))';
const MERC_Y = '6378137.0 * ln(tan(pi() / 4 + radians(ST_Y(s.g)) / 2))';

/**
 * The staged rows with their sub-district, as a query with incident's column names. With
 * `nearestWithin` (metres), a row that no sub-district contains gets the nearest one within that
 * distance, found right here (index-assisted box, geography distance) so that the common case,
 * a handful of points in gaps, costs no extra pass over a million staged rows; the search runs
 * only for those rows. A row left without one has a NULL sub-district, which the NOT NULL
 * constraint turns into an error (23502) that the caller explains row by row.
 */
function stagedRows(st: Staging, nearestWithin: number | null): string {
  const base = `s.rn, s.external_id, s.category_id, s.occurred_at, s.g AS geom, ${MERC_X} AS x, ${MERC_Y} AS y,
    s.severity, s.status, s.source, s.description, s.classification`;
  if (nearestWithin === null) {
    return `SELECT ${base}, m.code AS subdistrict_code, false AS assigned_nearest, NULL::real AS nearest_distance_m
      FROM ${st.stage} s JOIN ${st.assign} m ON m.rn = s.rn`;
  }
  const tol = `${Number(nearestWithin)}::float8`;
  return `SELECT ${base}, coalesce(m.code, n.code) AS subdistrict_code, m.rn IS NULL AS assigned_nearest, n.d::real AS nearest_distance_m
    FROM ${st.stage} s
    LEFT JOIN ${st.assign} m ON m.rn = s.rn
    LEFT JOIN LATERAL (
      SELECT a.code, ST_Distance(a.geom::geography, s.g::geography) AS d
      FROM area a
      WHERE m.rn IS NULL AND a.level = 3 AND a.geom && ST_Expand(s.g, ${metresToDegreesSql(tol, 'ST_Y(s.g)')})
      ORDER BY 2, 1 LIMIT 1
    ) n ON n.d <= ${tol}`;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  nearest: number;
}

/**
 * Moves the staged rows into incident: new external ids (and rows without one) are inserted,
 * known ones updated in place, so that importing a file twice changes nothing the second time.
 * Rows go in sorted by sub-district and time, which keeps most index insertions local.
 * Throws PostgreSQL's cardinality_violation (21000) when an external id repeats in the file.
 */
export async function upsertStaged(tx: Queryable, st: Staging, userId: number | null, nearestWithin: number | null): Promise<WriteCounts> {
  const r = await tx.query<WriteCounts>(
    `WITH ins AS (
       INSERT INTO incident AS i (${INSERT_COLUMNS})
       SELECT ${INSERT_VALUES} FROM (${stagedRows(st, nearestWithin)}) n
       ORDER BY n.subdistrict_code, n.occurred_at
       ON CONFLICT (external_id) DO UPDATE SET ${UPDATE_SET.replace(/\bn\./g, 'excluded.').replace('$1::int', 'excluded.updated_by')}
       RETURNING (xmax = 0) AS fresh, assigned_nearest
     )
     SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated,
            count(*) FILTER (WHERE assigned_nearest)::int AS nearest FROM ins`,
    [userId],
  );
  return r.rows[0];
}

/** Bulk path: how many staged rows carry an external id that is already stored. */
export async function countKnownExternalIds(tx: Queryable, st: Staging): Promise<number> {
  return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${st.stage} s JOIN incident i ON i.external_id = s.external_id`)).rows[0].n;
}

/** Bulk path (no unique index): updates the incidents whose external id is staged. */
export async function updateKnown(tx: Queryable, st: Staging, userId: number | null, nearestWithin: number | null): Promise<{ rows: number; nearest: number }> {
  const r = await tx.query<{ rows: number; nearest: number }>(
    `WITH upd AS (
       UPDATE incident i SET ${UPDATE_SET}
       FROM (${stagedRows(st, nearestWithin)} WHERE s.external_id IS NOT NULL) n
       WHERE i.external_id = n.external_id
       RETURNING i.assigned_nearest
     )
     SELECT count(*)::int AS rows, count(*) FILTER (WHERE assigned_nearest)::int AS nearest FROM upd`,
    [userId],
  );
  return r.rows[0];
}

/** Bulk path (no unique index): inserts the staged rows whose external id is not stored yet. */
export async function insertUnknown(
  tx: Queryable,
  st: Staging,
  userId: number | null,
  tableHadRows: boolean,
  nearestWithin: number | null,
): Promise<{ rows: number; nearest: number }> {
  const unknown = tableHadRows ? 'WHERE s.external_id IS NULL OR NOT EXISTS (SELECT 1 FROM incident i WHERE i.external_id = s.external_id)' : '';
  const insert = `INSERT INTO incident (${INSERT_COLUMNS}) SELECT ${INSERT_VALUES} FROM (${stagedRows(st, nearestWithin)} ${unknown}) n`;
  if (nearestWithin === null) return { rows: (await tx.query(insert, [userId])).affected, nearest: 0 };
  const r = await tx.query<{ rows: number; nearest: number }>(
    `WITH ins AS (${insert} RETURNING assigned_nearest)
     SELECT count(*)::int AS rows, count(*) FILTER (WHERE assigned_nearest)::int AS nearest FROM ins`,
    [userId],
  );
  return r.rows[0];
}

/**
 * Bulk path: the incident cells' insert trigger (migration 019) is switched off for this
 * transaction's insert, which then marks its chunks itself with markBulkInsertCells. The
 * trigger's capture of a million inserted rows costs about 0.4 s of an import of about 20 (the
 * foundation issue holds an import to 1.3 times a bare COPY), and the load holds the table's exclusive lock
 * already; a failed import rolls the switch back with it. Updates keep their trigger (the chunks
 * an incident leaves are known only from its stored row).
 */
export async function setInsertCellTrigger(tx: Queryable, enabled: boolean): Promise<void> {
  await tx.exec(`ALTER TABLE incident ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER incident_cells_insert`);
}

/**
 * Bulk path: marks every province's chunks over the fiscal years of the staged rows' dates. A
 * bulk load is at least a quarter of the table, so the rebuild this asks for is most of the cells
 * anyway; finding each row's province would cost a join over the staged rows (1.5 s a million, measured).
 */
export async function markBulkInsertCells(tx: Queryable, st: Staging): Promise<void> {
  await tx.query(
    `SELECT incident_cells_mark_span(array_agg(a.province_code), array_fill(o.t0, ARRAY[count(*)::int]), array_fill(o.t1, ARRAY[count(*)::int]))
     FROM (SELECT min(occurred_at) AS t0, max(occurred_at) AS t1 FROM ${st.stage}) o
     JOIN area a ON a.level = 1 AND o.t0 IS NOT NULL
     GROUP BY o.t0, o.t1`,
  );
}

export async function analyzeIncidents(tx: Queryable): Promise<void> {
  await tx.exec('ANALYZE incident');
}

export interface ImportRunWrite {
  /** What was imported (default incidents). */
  kind?: 'incidents' | 'projects';
  filename: string;
  userId: number | null;
  startedAt: Date;
  status: 'done' | 'failed';
  rows: number;
  inserted: number;
  updated: number;
  errors: unknown;
}

/** Records one import, done or failed, with its errors. */
export async function insertImportRun(db: Queryable, r: ImportRunWrite): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO import_run (kind, filename, user_id, started_at, finished_at, status, rows_total, inserted, updated, errors)
     VALUES ($9, $1, $2, $3, now(), $4, $5, $6, $7, $8::jsonb) RETURNING id`,
    [r.filename, r.userId, r.startedAt.toISOString(), r.status, r.rows, r.inserted, r.updated, r.errors === null ? null : JSON.stringify(r.errors), r.kind ?? 'incidents'],
  );
  return Number(res.rows[0].id);
}

export async function savepoint(tx: Queryable, name: string): Promise<void> {
  await tx.exec(`SAVEPOINT ${name}`);
}

export async function rollbackTo(tx: Queryable, name: string): Promise<void> {
  await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
}
