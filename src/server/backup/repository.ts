/**
 * SQL of backup and restore: the catalogue (tables, columns, keys, foreign keys, sequences),
 * batches of rows read in primary-key order, and the bulk load.
 */
import type { Queryable } from '../db/database.ts';
import { kindOfType, type BackupColumn } from './format.ts';

/** Tables that belong to PostGIS or to the migration runner, not to COMAP's data. */
const NOT_DATA = ['spatial_ref_sys', 'schema_migration'];

/** A quoted identifier ("name"), safe for any name the catalogue returns. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** COMAP's tables: every base table of the public schema except PostGIS's and the migration log. */
export async function listTables(db: Queryable): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY ($1::text[]))
     ORDER BY table_name`,
    [NOT_DATA],
  );
  return r.rows.map((x) => x.name);
}

/** Foreign-key references between public tables (child references parent). */
export async function listReferences(db: Queryable): Promise<Array<{ child: string; parent: string }>> {
  const r = await db.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
     JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND cn.nspname = 'public'`,
  );
  return r.rows;
}

/** Stored columns of a table in order (generated columns are computed again on restore). */
export async function listColumns(db: Queryable, table: string): Promise<BackupColumn[]> {
  const r = await db.query<{ name: string; type: string; typname: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typname
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [`public.${ident(table)}`],
  );
  return r.rows.map((c) => ({ name: c.name, type: c.type, kind: kindOfType(c.typname) }));
}

/** Primary-key columns with their types, in key order (empty when the table has none). */
export async function primaryKey(db: Queryable, table: string): Promise<Array<{ name: string; type: string }>> {
  const r = await db.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`public.${ident(table)}`],
  );
  return r.rows;
}

/** The SQL expression that writes one column's value in the backup's JSON form. */
function valueSql(c: BackupColumn): string {
  const q = ident(c.name);
  switch (c.kind) {
    case 'number':
    case 'bool':
    case 'iso':
      return q;
    case 'ewkb':
      return `encode(ST_AsEWKB(${q}::geometry), 'hex')`;
    case 'bytea':
      return `encode(${q}, 'hex')`;
    default:
      return `${q}::text`;
  }
}

export interface BatchReader {
  /** The next rows as JSON array text, in key order; empty when the table is done. */
  next(): Promise<string[]>;
}

/**
 * Reads a table in batches by keyset pagination on its primary key (or the physical row id for
 * a table without one), so a table of any size is never held in memory at once. Call inside the
 * backup's repeatable-read transaction, where every batch sees the same snapshot.
 */
export function readBatches(db: Queryable, table: string, columns: BackupColumn[], key: Array<{ name: string; type: string }>, size: number): BatchReader {
  if (columns.length > 100) throw new Error(`table ${table} has more than 100 columns, which backup does not support`);
  const line = `json_build_array(${columns.map(valueSql).join(', ')})::text AS line`;
  const keys = key.length ? key : [{ name: 'ctid', type: 'tid' }];
  const keyCols = keys.map((k) => (k.name === 'ctid' && !key.length ? 'ctid' : ident(k.name)));
  const keySel = keyCols.map((k, i) => `${k}::text AS k${i}`).join(', ');
  const order = keyCols.join(', ');
  let last: string[] | null = null;
  let done = false;
  return {
    async next() {
      if (done) return [];
      const where = last ? `WHERE (${order}) > (${keys.map((k, i) => `$${i + 1}::${k.type}`).join(', ')})` : '';
      const r = await db.query<Record<string, string>>(
        `SELECT ${line}, ${keySel} FROM public.${ident(table)} ${where} ORDER BY ${order} LIMIT ${size}`,
        last ?? [],
      );
      if (r.rows.length < size) done = true;
      if (r.rows.length) {
        const end = r.rows[r.rows.length - 1];
        last = keys.map((_, i) => end[`k${i}`]);
      }
      return r.rows.map((x) => x.line);
    },
  };
}

export interface DatabaseInfo {
  migrations: number[];
  postgres: string;
  postgis: string;
}

/** Applied migrations and engine versions, for the backup header and the restore check. */
export async function databaseInfo(db: Queryable): Promise<DatabaseInfo> {
  const m = await db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
  const v = await db.query<{ pg: string; gis: string }>(`SELECT current_setting('server_version') AS pg, postgis_lib_version() AS gis`);
  return { migrations: m.rows.map((x) => Number(x.version)), postgres: v.rows[0].pg, postgis: v.rows[0].gis };
}

/** One consistent, read-only snapshot for the whole backup; values in UTC. */
export async function beginSnapshot(tx: Queryable): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  await tx.query(`SET LOCAL TimeZone = 'UTC'`);
  await tx.query('SET LOCAL extra_float_digits = 1');
}

export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/** The foreign keys declared on the given tables (pg_get_constraintdef, to re-create them). */
export async function foreignKeys(db: Queryable, tables: string[]): Promise<ForeignKey[]> {
  const r = await db.query<ForeignKey>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname = ANY ($1::text[])
     ORDER BY c.relname, k.conname`,
    [tables],
  );
  return r.rows;
}

/** Drops foreign keys (inside the restore's transaction; a failure brings them back). */
export async function dropForeignKeys(db: Queryable, keys: ForeignKey[]): Promise<void> {
  for (const k of keys) await db.query(`ALTER TABLE public.${ident(k.table)} DROP CONSTRAINT ${ident(k.name)}`);
}

/** Re-creates foreign keys; PostgreSQL checks every restored row against them. */
export async function addForeignKeys(db: Queryable, keys: ForeignKey[]): Promise<void> {
  for (const k of keys) await db.query(`ALTER TABLE public.${ident(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`);
}

/** Tables with triggers of their own (not the internal ones behind foreign keys). */
export async function tablesWithUserTriggers(db: Queryable, tables: string[]): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT g.tgisinternal AND n.nspname = 'public' AND c.relname = ANY ($1::text[])`,
    [tables],
  );
  return r.rows.map((x) => x.name);
}

/** Restored rows are stored as they were: triggers that would stamp or rewrite them stay off. */
export async function setUserTriggers(db: Queryable, tables: string[], enabled: boolean): Promise<void> {
  for (const t of tables) await db.query(`ALTER TABLE public.${ident(t)} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER USER`);
}

export interface IndexDef {
  name: string;
  definition: string;
}

/**
 * Indexes of these tables that back no constraint (not primary keys or unique constraints):
 * restore drops them before loading and builds each once at the end, which is much faster than
 * updating them row by row.
 */
export async function plainIndexes(db: Queryable, tables: string[]): Promise<IndexDef[]> {
  const r = await db.query<IndexDef>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = ANY ($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
     ORDER BY c.relname, i.relname`,
    [tables],
  );
  return r.rows;
}

/** Drops indexes (inside the restore's transaction). */
export async function dropIndexes(db: Queryable, indexes: IndexDef[]): Promise<void> {
  for (const i of indexes) await db.query(`DROP INDEX public.${ident(i.name)}`);
}

/** Builds indexes from their definitions, with room to sort in memory. */
export async function createIndexes(db: Queryable, indexes: IndexDef[]): Promise<void> {
  if (!indexes.length) return;
  await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const i of indexes) await db.query(i.definition);
}

/** Empties the tables in one statement (references among them do not block it). */
export async function truncateAll(db: Queryable, tables: string[]): Promise<void> {
  if (tables.length) await db.query(`TRUNCATE ${tables.map((t) => `public.${ident(t)}`).join(', ')}`);
}

/** Loads CSV rows into a table with COPY. */
export async function copyRows(db: Queryable, table: string, columns: string[], csv: string): Promise<void> {
  // copyCsv checks identifiers against a conservative pattern; COMAP's names all pass it.
  await db.copyCsv(table, columns, csv);
}

/** Advances the change counter that caches compare against (migration 012). */
export async function bumpDataVersion(db: Queryable): Promise<void> {
  await db.query(`SELECT nextval('data_version_seq')`);
}

/** Moves every sequence owned by a column of these tables past the largest restored value. */
export async function resetSequences(db: Queryable, tables: string[]): Promise<number> {
  const r = await db.query<{ table: string; column: string; seq: string }>(
    `SELECT c.relname AS table, a.attname AS column, s.oid::regclass::text AS seq
     FROM pg_depend d
     JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
     JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
     WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       AND n.nspname = 'public' AND c.relname = ANY ($1::text[])`,
    [tables],
  );
  for (const s of r.rows) {
    await db.query(`SELECT setval($1::regclass, COALESCE(max(${ident(s.column)}), 0) + 1, false) FROM public.${ident(s.table)}`, [s.seq]);
  }
  return r.rows.length;
}

/** The boundary version, as a number (0 when unset). */
export async function boundaryVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ v: number | null }>(`SELECT (value #>> '{}')::int AS v FROM app_setting WHERE key = 'boundary_version'`);
  return r.rows[0]?.v ?? 0;
}

/** Sets the boundary version (tile caches keyed by other versions are ignored from then on). */
export async function setBoundaryVersion(db: Queryable, v: number): Promise<void> {
  await db.query(
    `INSERT INTO app_setting (key, value) VALUES ('boundary_version', to_jsonb($1::int))
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb($1::int), updated_at = now()`,
    [v],
  );
}
