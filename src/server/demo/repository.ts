/**
 * SQL of the demo loader: replacing the demo areas and incidents, leaving real data alone.
 */
import type { Queryable } from '../db/database.ts';

export interface AreaInsert {
  code: string;
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
  nameTh: string;
  nameEn: string;
  population: number | null;
  /** GeoJSON geometry text in WGS 84, already checked to be valid. */
  geojson: string;
}

/**
 * Serialises demo loads (two servers starting on one empty database): the second waits for the
 * first to commit, then replaces its demo instead of colliding with it.
 */
export async function lockDemoLoad(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('comap.demo_load'))`);
}

/** Areas in the demo province's code range that are not demo data (a real import there). */
export async function countRealAreasWithPrefix(db: Queryable, provinceCode: string): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM area WHERE province_code = $1 AND NOT is_demo', [provinceCode]);
  return r.rows[0].n;
}

/**
 * Target lists, other than the demo's own, that name demo areas (a reload would delete areas those
 * lists depend on).
 */
export async function targetListsOnDemoAreas(db: Queryable): Promise<Array<{ id: number; status: string }>> {
  return (
    await db.query<{ id: number; status: string }>(
      `SELECT DISTINCT l.id, l.status FROM target_area ta JOIN target_list l ON l.id = ta.list_id
       JOIN area a ON a.code = ta.area_code
       WHERE a.is_demo AND (l.source_rule ->> 'demo') IS DISTINCT FROM 'true' ORDER BY l.id`,
    )
  ).rows;
}

/** Area scopes of users that point into the demo, to put back after a reload. */
export async function demoUserScopes(db: Queryable): Promise<Array<{ user_id: number; area_code: string }>> {
  return (
    await db.query<{ user_id: number; area_code: string }>(
      'SELECT ua.user_id, ua.area_code FROM user_area ua JOIN area a ON a.code = ua.area_code WHERE a.is_demo',
    )
  ).rows;
}

/** Puts back user scopes whose area exists again. */
export async function restoreUserScopes(db: Queryable, rows: Array<{ user_id: number; area_code: string }>): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO user_area (user_id, area_code)
     SELECT u, c FROM unnest($1::int[], $2::text[]) AS s(u, c)
     WHERE EXISTS (SELECT 1 FROM area WHERE code = c)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.user_id), rows.map((r) => r.area_code)],
  );
}

/**
 * Deletes the previous demo: every incident located in a demo area (they would lose their
 * sub-district otherwise), then the demo areas (children go with their parents).
 */
export async function deleteDemo(db: Queryable): Promise<{ incidents: number; areas: number }> {
  const inc = await db.query(
    `DELETE FROM incident WHERE subdistrict_code IN (SELECT code FROM area WHERE is_demo AND level = 3)`,
  );
  const areas = await db.query('DELETE FROM area WHERE is_demo');
  return { incidents: inc.affected, areas: areas.affected };
}

/** Inserts demo areas of one level (parents must exist), with label points and areas in km². */
export async function insertDemoAreas(db: Queryable, rows: AreaInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.query(
      `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, population, geom, label_point, area_km2, is_demo)
       SELECT c, l, p, substr(c, 1, 2), t, e, pop, g,
              CASE WHEN l = 4 THEN g ELSE ST_PointOnSurface(g) END,
              CASE WHEN l = 4 THEN NULL ELSE ST_Area(g::geography) / 1e6 END,
              true
       FROM (SELECT c, l, p, t, e, pop, ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326) AS g
             FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
                  AS u(c, l, p, t, e, pop, gj)) s`,
      [
        chunk.map((r) => r.code),
        chunk.map((r) => r.level),
        chunk.map((r) => r.parentCode),
        chunk.map((r) => r.nameTh),
        chunk.map((r) => r.nameEn),
        chunk.map((r) => r.population),
        chunk.map((r) => r.geojson),
      ],
    );
  }
}

/** Category ids by code. */
export async function categoryIdsByCode(db: Queryable): Promise<Map<string, number>> {
  const r = await db.query<{ id: number; code: string }>('SELECT id, code FROM category');
  return new Map(r.rows.map((x) => [x.code, x.id]));
}

/** Bulk-loads incident rows (CSV without header, columns as given) with COPY. */
export async function copyIncidents(db: Queryable, columns: string[], csv: string): Promise<void> {
  await db.copyCsv('incident', columns, csv);
}

/** Rows in the incident table. */
export async function countIncidents(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident')).rows[0].n;
}

/**
 * The incident table's indexes that enforce nothing (not the primary key, not a unique index):
 * a bulk load into a nearly empty table is about twice as fast on PostgreSQL when these are
 * dropped first and rebuilt once at the end.
 */
export async function plainIncidentIndexes(db: Queryable): Promise<Array<{ name: string; definition: string }>> {
  return (
    await db.query<{ name: string; definition: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = 'incident'::regclass AND NOT x.indisprimary AND NOT x.indisunique
       ORDER BY i.relname`,
    )
  ).rows;
}

/** Drops indexes by name (inside the load's transaction, so a failure brings them back). */
export async function dropIndexes(db: Queryable, names: string[]): Promise<void> {
  for (const n of names) await db.query(`DROP INDEX ${quoteName(n)}`);
}

/** Rebuilds indexes from their definitions (pg_get_indexdef), with room to sort in memory. */
export async function createIndexes(db: Queryable, definitions: string[]): Promise<void> {
  if (!definitions.length) return;
  await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const d of definitions) await db.query(d);
}

function quoteName(n: string): string {
  return `"${n.replace(/"/g, '""')}"`;
}

/** Refreshes planner statistics after a bulk load (outside the load's transaction). */
export async function analyzeAfterLoad(db: Queryable): Promise<void> {
  await db.exec('ANALYZE area; ANALYZE incident;');
}
