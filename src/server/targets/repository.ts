/** SQL for target lists (บัญชีเป้าหมาย), their areas and scanned orders. */
import type { Queryable } from '../db/database.ts';
import type { TargetStatus } from '../../shared/api-types.ts';

export type ListStatus = TargetStatus;

export interface ListRow {
  id: number;
  province_code: string;
  province_th: string | null;
  fiscal_year: number;
  version: number;
  status: ListStatus;
  title: string;
  reason: string;
  previous_id: number | null;
  source_run_id: number | null;
  source_rule: unknown;
  created_by: string | null;
  created_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  declared_by: string | null;
  declared_at: Date | null;
  declaration_date: string | null;
  reference_number: string | null;
  order_file_id: number | null;
  order_filename: string | null;
  order_content_type: string | null;
  order_size: number | null;
  order_sha256: string | null;
  superseded_at: Date | null;
  area_count: number;
}

const LIST_COLUMNS = `l.id, l.province_code, p.name_th AS province_th, l.fiscal_year, l.version, l.status, l.title, l.reason,
  l.previous_id, l.source_run_id::int AS source_run_id, l.source_rule,
  cu.username AS created_by, l.created_at, su.username AS submitted_by, l.submitted_at,
  du.username AS declared_by, l.declared_at, l.declaration_date::text AS declaration_date, l.reference_number,
  l.order_file_id, f.filename AS order_filename, f.content_type AS order_content_type, f.size_bytes AS order_size, f.sha256 AS order_sha256,
  l.superseded_at`;

const LIST_FROM = `target_list l
  LEFT JOIN area p ON p.code = l.province_code
  LEFT JOIN app_user cu ON cu.id = l.created_by
  LEFT JOIN app_user su ON su.id = l.submitted_by
  LEFT JOIN app_user du ON du.id = l.declared_by
  LEFT JOIN target_list_file f ON f.id = l.order_file_id`;

/**
 * The need-to-know predicate on target areas: `scope` null = every area; otherwise only areas
 * under one of the given codes (an empty array = none).
 */
function scopeSql(column: string, param: number): string {
  return `($${param}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${param}::text[]) s(c) WHERE ${column} LIKE s.c || '%'))`;
}

export async function listLists(db: Queryable, f: { province?: string; fiscalYear?: number }, scope: string[] | null): Promise<ListRow[]> {
  const r = await db.query<ListRow>(
    `SELECT ${LIST_COLUMNS},
       (SELECT count(*)::int FROM target_area ta WHERE ta.list_id = l.id AND ${scopeSql('ta.area_code', 3)}) AS area_count
     FROM ${LIST_FROM}
     WHERE ($1::text IS NULL OR l.province_code = $1) AND ($2::int IS NULL OR l.fiscal_year = $2)
     ORDER BY l.province_code, l.fiscal_year DESC, l.version DESC`,
    [f.province ?? null, f.fiscalYear ?? null, scope],
  );
  return r.rows;
}

export async function getList(db: Queryable, id: number, scope: string[] | null, lock = false): Promise<ListRow | null> {
  const r = await db.query<ListRow>(
    `SELECT ${LIST_COLUMNS},
       (SELECT count(*)::int FROM target_area ta WHERE ta.list_id = l.id AND ${scopeSql('ta.area_code', 2)}) AS area_count
     FROM ${LIST_FROM} WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`,
    [id, scope],
  );
  return r.rows[0] ?? null;
}

/** The lists of one province and fiscal year that are still open (draft or submitted), or declared. */
export async function siblings(db: Queryable, province: string, fiscalYear: number): Promise<Array<{ id: number; version: number; status: ListStatus }>> {
  const r = await db.query<{ id: number; version: number; status: ListStatus }>(
    `SELECT id, version, status FROM target_list WHERE province_code = $1 AND fiscal_year = $2 ORDER BY version FOR UPDATE`,
    [province, fiscalYear],
  );
  return r.rows;
}

export interface ListInsert {
  province: string;
  fiscalYear: number;
  version: number;
  title: string;
  reason: string;
  previousId: number | null;
  sourceRunId: number | null;
  sourceRule: unknown;
  userId: number;
}

export async function insertList(db: Queryable, w: ListInsert): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO target_list (province_code, fiscal_year, version, title, reason, previous_id, source_run_id, source_rule, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id`,
    [w.province, w.fiscalYear, w.version, w.title, w.reason, w.previousId, w.sourceRunId, w.sourceRule == null ? null : JSON.stringify(w.sourceRule), w.userId],
  );
  return r.rows[0].id;
}

export async function setSubmitted(db: Queryable, id: number, userId: number): Promise<void> {
  await db.query(`UPDATE target_list SET status = 'submitted', submitted_by = $2, submitted_at = now(), updated_at = now() WHERE id = $1`, [id, userId]);
}

export async function setDraft(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE target_list SET status = 'draft', submitted_by = NULL, submitted_at = NULL, updated_at = now() WHERE id = $1`, [id]);
}

export async function setSuperseded(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE target_list SET status = 'superseded', superseded_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

export async function setDeclared(
  db: Queryable, id: number, w: { userId: number; date: string; reference: string; fileId: number | null },
): Promise<void> {
  await db.query(
    `UPDATE target_list SET status = 'declared', declared_by = $2, declared_at = now(), declaration_date = $3::date,
       reference_number = $4, order_file_id = $5, updated_at = now() WHERE id = $1`,
    [id, w.userId, w.date, w.reference, w.fileId],
  );
}

export interface OrderFileInsert {
  filename: string;
  contentType: string;
  sha256: string;
  content: Buffer;
  userId: number;
}

export async function insertOrderFile(db: Queryable, f: OrderFileInsert): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO target_list_file (filename, content_type, sha256, size_bytes, content, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [f.filename, f.contentType, f.sha256, f.content.length, f.content, f.userId],
  );
  return r.rows[0].id;
}

export async function getOrderFile(db: Queryable, id: number): Promise<{ filename: string; content_type: string; content: Uint8Array } | null> {
  const r = await db.query<{ filename: string; content_type: string; content: Uint8Array }>(
    `SELECT filename, content_type, content FROM target_list_file WHERE id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export interface AreaRow {
  code: string;
  level: number;
  name_th: string;
  name_en: string | null;
  subdistrict_th: string | null;
  subdistrict_en: string | null;
  district_th: string | null;
  district_en: string | null;
  province_th: string | null;
  province_en: string | null;
  categories: string[];
  reason: string;
  rank: number | null;
  score: number | null;
  added_by: string | null;
  added_at: Date;
}

/** The areas of a list within `scope`, by code, with their names and their parents' names. */
export async function listAreas(db: Queryable, listId: number, scope: string[] | null): Promise<AreaRow[]> {
  const r = await db.query<AreaRow>(
    `SELECT ta.area_code AS code, a.level, a.name_th, a.name_en, s.name_th AS subdistrict_th, s.name_en AS subdistrict_en,
       d.name_th AS district_th, d.name_en AS district_en, p.name_th AS province_th, p.name_en AS province_en,
       ta.categories, ta.reason, ta.rank, ta.score, u.username AS added_by, ta.added_at
     FROM target_area ta
     JOIN area a ON a.code = ta.area_code
     LEFT JOIN area s ON s.code = substr(ta.area_code, 1, 6)
     LEFT JOIN area d ON d.code = substr(ta.area_code, 1, 4)
     LEFT JOIN area p ON p.code = substr(ta.area_code, 1, 2)
     LEFT JOIN app_user u ON u.id = ta.added_by
     WHERE ta.list_id = $1 AND ${scopeSql('ta.area_code', 2)}
     ORDER BY ta.area_code`,
    [listId, scope],
  );
  return r.rows;
}

/** The areas' geometries as GeoJSON text (6 decimals, about 10 cm), keyed by code. */
export async function areaGeometries(db: Queryable, listId: number, scope: string[] | null): Promise<Map<string, string>> {
  const r = await db.query<{ code: string; g: string }>(
    `SELECT ta.area_code AS code, ST_AsGeoJSON(a.geom, 6) AS g
     FROM target_area ta JOIN area a ON a.code = ta.area_code
     WHERE ta.list_id = $1 AND ${scopeSql('ta.area_code', 2)}`,
    [listId, scope],
  );
  return new Map(r.rows.map((x) => [x.code, x.g]));
}

export async function getArea(db: Queryable, listId: number, code: string): Promise<{ code: string; categories: string[]; reason: string; rank: number | null; score: number | null } | null> {
  const r = await db.query<{ code: string; categories: string[]; reason: string; rank: number | null; score: number | null }>(
    `SELECT area_code AS code, categories, reason, rank, score FROM target_area WHERE list_id = $1 AND area_code = $2`,
    [listId, code],
  );
  return r.rows[0] ?? null;
}

export interface AreaInsert {
  code: string;
  categories: string[];
  reason: string;
  rank: number | null;
  score: number | null;
}

export async function insertAreas(db: Queryable, listId: number, areas: readonly AreaInsert[], userId: number): Promise<void> {
  if (!areas.length) return;
  await db.query(
    `INSERT INTO target_area (list_id, area_code, categories, reason, rank, score, added_by)
     SELECT $1, u.code, ARRAY(SELECT json_array_elements_text(u.cats::json)), u.reason, u.rank, u.score, $7
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[]) AS u(code, cats, reason, rank, score)`,
    [listId, areas.map((a) => a.code), areas.map((a) => JSON.stringify(a.categories)), areas.map((a) => a.reason),
      areas.map((a) => a.rank), areas.map((a) => a.score), userId],
  );
}

export async function updateArea(db: Queryable, listId: number, code: string, categories: string[], reason: string): Promise<void> {
  await db.query(`UPDATE target_area SET categories = $3, reason = $4 WHERE list_id = $1 AND area_code = $2`, [listId, code, categories, reason]);
}

export async function deleteArea(db: Queryable, listId: number, code: string): Promise<void> {
  await db.query(`DELETE FROM target_area WHERE list_id = $1 AND area_code = $2`, [listId, code]);
}

/** Levels of the given codes that exist (codes that do not exist are absent). */
export async function areaLevels(db: Queryable, codes: readonly string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const r = await db.query<{ code: string; level: number }>(`SELECT code, level FROM area WHERE code = ANY($1::text[])`, [codes]);
  return new Map(r.rows.map((x) => [x.code, Number(x.level)]));
}

export interface CategoryLabel {
  code: string;
  label_th: string;
  label_en: string;
}

export async function categoryLabels(db: Queryable): Promise<CategoryLabel[]> {
  return (await db.query<CategoryLabel>(`SELECT code, label_th, label_en FROM category ORDER BY sort_order, code`)).rows;
}

/** A stored analysis run's provinces and its summary (run-summary.ts reads it), or null. */
export async function runSummary(db: Queryable, runId: number): Promise<{ province_codes: string[]; summary: unknown } | null> {
  const r = await db.query<{ province_codes: string[]; summary: unknown }>(
    `SELECT province_codes, summary FROM analysis_run WHERE id = $1::bigint`,
    [runId],
  );
  return r.rows[0] ?? null;
}
