/** SQL for projects (แผนงาน/โครงการ), their target areas, quarterly progress, photos and support history. */
import type { Queryable } from '../db/database.ts';
import type { BudgetSource, PlannedOutput, ProjectGeometry, ProjectOrigin, ProjectStatus, ProjectVisibility, PublicField, SupportEventKind } from '../../shared/project-types.ts';

/**
 * The need-to-know predicate on projects: `scope` null = every project; otherwise projects with a
 * target area under one of the codes, or containing one (a scope of one village sees the projects
 * of its whole sub-district); an empty array = none.
 */
function scopeSql(param: number): string {
  return `($${param}::text[] IS NULL OR EXISTS (
    SELECT 1 FROM project_area sa, unnest($${param}::text[]) s(c)
    WHERE sa.project_id = p.id AND (sa.area_code LIKE s.c || '%' OR s.c LIKE sa.area_code || '%')))`;
}

/** Areas of the project in the declared target list of the project's fiscal year (a village counts through its sub-district). */
const IN_TARGETS = `EXISTS (
  SELECT 1 FROM project_area ta_pa
  JOIN target_area ta ON ta.area_code IN (ta_pa.area_code, ta_pa.subdistrict_code)
  JOIN target_list tl ON tl.id = ta.list_id AND tl.status = 'declared' AND tl.fiscal_year = p.fiscal_year AND tl.province_code = p.province_code
  WHERE ta_pa.project_id = p.id)`;

export interface ProjectRow {
  id: number;
  external_id: string | null;
  agency_id: number;
  agency_code: string;
  agency_name_th: string;
  agency_name_en: string | null;
  province_code: string;
  fiscal_year: number;
  title: string;
  objectives: string;
  budget_baht: number;
  budget_source: BudgetSource;
  categories: string[];
  start_date: string | null;
  end_date: string | null;
  status: ProjectStatus;
  responsible_name: string;
  responsible_phone: string;
  visibility: ProjectVisibility;
  public_fields: PublicField[];
  planned_outputs: PlannedOutput[];
  geometry: ProjectGeometry | null;
  origin: ProjectOrigin;
  seeking_support: boolean;
  support_needs: string;
  is_demo: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `p.id, p.external_id, p.agency_id, g.code AS agency_code, g.name_th AS agency_name_th, g.name_en AS agency_name_en,
  p.province_code, p.fiscal_year, p.title, p.objectives, p.budget_baht, p.budget_source, p.categories,
  p.start_date::text AS start_date, p.end_date::text AS end_date, p.status, p.responsible_name, p.responsible_phone,
  p.visibility, p.public_fields, p.planned_outputs, ST_AsGeoJSON(p.geom, 7)::json AS geometry, p.origin,
  p.seeking_support, p.support_needs, p.is_demo, cu.username AS created_by, p.created_at, p.updated_at`;

const FROM = `project p JOIN agency g ON g.id = p.agency_id LEFT JOIN app_user cu ON cu.id = p.created_by`;

export interface ProjectFilter {
  fiscalYear?: number;
  province?: string;
  agencyId?: number;
  status?: ProjectStatus;
  category?: string;
  /** A code prefix: province, district, sub-district (or village). */
  area?: string;
  /** Text in the title or the agency's reference. */
  q?: string;
  seeking?: boolean;
  inTargets?: boolean;
  /** Only these statuses are left out (the late list leaves out cancelled projects). */
  notStatus?: ProjectStatus;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: ProjectFilter, scope: string[] | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope];
  const parts = [scopeSql(1)];
  const add = (v: unknown, sql: (n: number) => string) => {
    params.push(v);
    parts.push(sql(params.length));
  };
  if (f.fiscalYear != null) add(f.fiscalYear, (n) => `p.fiscal_year = $${n}`);
  if (f.province) add(f.province, (n) => `p.province_code = $${n}`);
  if (f.agencyId != null) add(f.agencyId, (n) => `p.agency_id = $${n}`);
  if (f.status) add(f.status, (n) => `p.status = $${n}`);
  if (f.notStatus) add(f.notStatus, (n) => `p.status <> $${n}`);
  if (f.category) add(f.category, (n) => `$${n} = ANY(p.categories)`);
  if (f.area) add(f.area, (n) => `EXISTS (SELECT 1 FROM project_area fa WHERE fa.project_id = p.id AND fa.area_code LIKE $${n} || '%')`);
  if (f.q) add(`%${likeEscape(f.q)}%`, (n) => `(p.title ILIKE $${n} OR p.external_id ILIKE $${n})`);
  if (f.seeking != null) add(f.seeking, (n) => `p.seeking_support = $${n}`);
  if (f.inTargets != null) parts.push(f.inTargets ? IN_TARGETS : `NOT ${IN_TARGETS}`);
  return { sql: parts.join(' AND '), params };
}

const ORDER = 'ORDER BY p.fiscal_year DESC, p.title, p.id';

/** One page of the projects matching `f` in `scope`, with the total. */
export async function listProjects(db: Queryable, f: ProjectFilter, scope: string[] | null, limit: number, offset: number): Promise<{ total: number; budgetTotal: number; rows: ProjectRow[] }> {
  const w = where(f, scope);
  const sums = (await db.query<{ n: number; baht: number }>(`SELECT count(*)::int AS n, coalesce(sum(p.budget_baht), 0) AS baht FROM project p WHERE ${w.sql}`, w.params)).rows[0];
  const n = w.params.length;
  const rows = (await db.query<ProjectRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${w.sql} ${ORDER} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, limit, offset],
  )).rows;
  return { total: sums.n, budgetTotal: Number(sums.baht), rows };
}

export interface ScheduleRow {
  id: number;
  budget_baht: number;
  fiscal_year: number;
  start_date: string | null;
  end_date: string | null;
  status: ProjectStatus;
}

/** The schedule of every project matching `f` in `scope`, in list order (for filters computed from the schedule). */
export async function listSchedules(db: Queryable, f: ProjectFilter, scope: string[] | null): Promise<ScheduleRow[]> {
  const w = where(f, scope);
  return (await db.query<ScheduleRow>(
    `SELECT p.id, p.budget_baht, p.fiscal_year, p.start_date::text AS start_date, p.end_date::text AS end_date, p.status FROM project p WHERE ${w.sql} ${ORDER}`,
    w.params,
  )).rows;
}

/** Projects by id, in the order given (missing ids are skipped). */
export async function projectsByIds(db: Queryable, ids: readonly number[]): Promise<ProjectRow[]> {
  if (!ids.length) return [];
  const rows = (await db.query<ProjectRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = ANY($1::bigint[])`, [ids])).rows;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ProjectRow => !!r);
}

/** One project if it is in `scope`; `lock` holds it for the caller's transaction. */
export async function getProject(db: Queryable, id: number, scope: string[] | null, lock = false): Promise<ProjectRow | null> {
  const r = await db.query<ProjectRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $2 AND ${scopeSql(1)}${lock ? ' FOR UPDATE OF p' : ''}`, [scope, id]);
  return r.rows[0] ?? null;
}

export interface AreaRefRow {
  project_id: number;
  code: string;
  level: number;
  name_th: string;
  name_en: string | null;
  subdistrict_code: string;
  in_target_list: boolean;
}

/** The target areas of projects, by project and code, with whether each is in the declared target list of the project's fiscal year. */
export async function areasOf(db: Queryable, ids: readonly number[]): Promise<AreaRefRow[]> {
  if (!ids.length) return [];
  return (await db.query<AreaRefRow>(
    `SELECT pa.project_id, pa.area_code AS code, a.level, a.name_th, a.name_en, pa.subdistrict_code,
       EXISTS (SELECT 1 FROM target_area ta JOIN target_list tl ON tl.id = ta.list_id
               WHERE tl.status = 'declared' AND tl.fiscal_year = p.fiscal_year AND tl.province_code = p.province_code
                 AND ta.area_code IN (pa.area_code, pa.subdistrict_code)) AS in_target_list
     FROM project_area pa JOIN project p ON p.id = pa.project_id JOIN area a ON a.code = pa.area_code
     WHERE pa.project_id = ANY($1::bigint[]) ORDER BY pa.project_id, pa.area_code`,
    [ids],
  )).rows;
}

export interface ReportSummaryRow {
  project_id: number;
  fiscal_year: number;
  quarter: number;
  percent_done: number;
  spent_baht: number;
  reported_at: Date;
}

/** Every progress report of the projects, briefly, oldest quarter first. */
export async function reportSummaries(db: Queryable, ids: readonly number[]): Promise<ReportSummaryRow[]> {
  if (!ids.length) return [];
  return (await db.query<ReportSummaryRow>(
    `SELECT project_id, fiscal_year, quarter, percent_done, spent_baht, reported_at FROM project_progress
     WHERE project_id = ANY($1::bigint[]) ORDER BY project_id, fiscal_year, quarter`,
    [ids],
  )).rows;
}

export interface ProgressRow {
  id: number;
  project_id: number;
  fiscal_year: number;
  quarter: number;
  percent_done: number;
  spent_baht: number;
  outputs: Array<{ name: string; achieved: number }>;
  narrative: string;
  reported_by: string | null;
  reported_at: Date;
  updated_at: Date;
}

const PROGRESS_COLUMNS = `pp.id, pp.project_id, pp.fiscal_year, pp.quarter, pp.percent_done, pp.spent_baht, pp.outputs, pp.narrative,
  u.username AS reported_by, pp.reported_at, pp.updated_at`;

/** The progress reports of a project, oldest quarter first. */
export async function progressOf(db: Queryable, projectId: number): Promise<ProgressRow[]> {
  return (await db.query<ProgressRow>(
    `SELECT ${PROGRESS_COLUMNS} FROM project_progress pp LEFT JOIN app_user u ON u.id = pp.reported_by
     WHERE pp.project_id = $1 ORDER BY pp.fiscal_year, pp.quarter`,
    [projectId],
  )).rows;
}

export async function getProgress(db: Queryable, projectId: number, fiscalYear: number, quarter: number): Promise<ProgressRow | null> {
  const r = await db.query<ProgressRow>(
    `SELECT ${PROGRESS_COLUMNS} FROM project_progress pp LEFT JOIN app_user u ON u.id = pp.reported_by
     WHERE pp.project_id = $1 AND pp.fiscal_year = $2 AND pp.quarter = $3`,
    [projectId, fiscalYear, quarter],
  );
  return r.rows[0] ?? null;
}

export interface ProgressWrite {
  percentDone: number;
  spentBaht: number;
  outputs: Array<{ name: string; achieved: number }>;
  narrative: string;
}

/**
 * Creates or replaces the report of a quarter. The first submission's time and author stay: the
 * report's lateness is judged by when it first arrived, and corrections are in the audit log.
 */
export async function upsertProgress(db: Queryable, projectId: number, fiscalYear: number, quarter: number, w: ProgressWrite, userId: number | null, at?: Date): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht, outputs, narrative, reported_by, reported_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, coalesce($9::timestamptz, now()), coalesce($9::timestamptz, now()))
     ON CONFLICT (project_id, fiscal_year, quarter) DO UPDATE SET percent_done = EXCLUDED.percent_done, spent_baht = EXCLUDED.spent_baht,
       outputs = EXCLUDED.outputs, narrative = EXCLUDED.narrative, updated_at = EXCLUDED.updated_at
     RETURNING id`,
    [projectId, fiscalYear, quarter, w.percentDone, w.spentBaht, JSON.stringify(w.outputs), w.narrative, userId, at ?? null],
  );
  return Number(r.rows[0].id);
}

export interface PhotoRow {
  id: number;
  progress_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  caption: string;
}

/** Photo descriptions (not their bytes) of the given reports, in upload order. */
export async function photosOf(db: Queryable, progressIds: readonly number[]): Promise<PhotoRow[]> {
  if (!progressIds.length) return [];
  return (await db.query<PhotoRow>(
    `SELECT id, progress_id, filename, content_type, size_bytes, sha256, caption FROM project_photo WHERE progress_id = ANY($1::bigint[]) ORDER BY id`,
    [progressIds],
  )).rows;
}

export async function countPhotos(db: Queryable, progressId: number): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM project_photo WHERE progress_id = $1`, [progressId])).rows[0].n;
}

export async function insertPhoto(
  db: Queryable, w: { progressId: number; filename: string; contentType: string; sha256: string; content: Buffer; caption: string; userId: number | null },
): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO project_photo (progress_id, filename, content_type, sha256, size_bytes, content, caption, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [w.progressId, w.filename, w.contentType, w.sha256, w.content.length, w.content, w.caption, w.userId],
  );
  return Number(r.rows[0].id);
}

export interface PhotoOwnerRow extends PhotoRow {
  project_id: number;
  fiscal_year: number;
  quarter: number;
}

/** A photo's description and the project and quarter it belongs to. */
export async function getPhotoOwner(db: Queryable, photoId: number): Promise<PhotoOwnerRow | null> {
  const r = await db.query<PhotoOwnerRow>(
    `SELECT f.id, f.progress_id, f.filename, f.content_type, f.size_bytes, f.sha256, f.caption, pp.project_id, pp.fiscal_year, pp.quarter
     FROM project_photo f JOIN project_progress pp ON pp.id = f.progress_id WHERE f.id = $1`,
    [photoId],
  );
  return r.rows[0] ?? null;
}

export async function photoContent(db: Queryable, photoId: number): Promise<Uint8Array | null> {
  const r = await db.query<{ content: Uint8Array }>(`SELECT content FROM project_photo WHERE id = $1`, [photoId]);
  return r.rows[0]?.content ?? null;
}

export async function deletePhoto(db: Queryable, photoId: number): Promise<void> {
  await db.query(`DELETE FROM project_photo WHERE id = $1`, [photoId]);
}

export interface SupportRow {
  id: number;
  project_id: number;
  kind: SupportEventKind;
  agency_id: number | null;
  agency_code: string | null;
  agency_name_th: string | null;
  sponsor_name: string | null;
  contribution: string;
  amount_baht: number | null;
  note: string;
  by_user: string | null;
  at: Date;
}

const SUPPORT_SELECT = `SELECT e.id, e.project_id, e.kind, e.agency_id, g.code AS agency_code, g.name_th AS agency_name_th, e.sponsor_name,
  e.contribution, e.amount_baht, e.note, u.username AS by_user, e.at
  FROM project_support_event e LEFT JOIN agency g ON g.id = e.agency_id LEFT JOIN app_user u ON u.id = e.by_user`;

/** The support history of a project, oldest first. */
export async function supportOf(db: Queryable, projectId: number): Promise<SupportRow[]> {
  return (await db.query<SupportRow>(`${SUPPORT_SELECT} WHERE e.project_id = $1 ORDER BY e.at, e.id`, [projectId])).rows;
}

export async function getSupportEvent(db: Queryable, id: number): Promise<SupportRow | null> {
  return (await db.query<SupportRow>(`${SUPPORT_SELECT} WHERE e.id = $1`, [id])).rows[0] ?? null;
}

export interface SupportWrite {
  kind: SupportEventKind;
  agencyId: number | null;
  sponsorName: string | null;
  contribution: string;
  amountBaht: number | null;
  note: string;
}

export async function insertSupportEvent(db: Queryable, projectId: number, w: SupportWrite, userId: number | null, at?: Date): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO project_support_event (project_id, kind, agency_id, sponsor_name, contribution, amount_baht, note, by_user, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now())) RETURNING id`,
    [projectId, w.kind, w.agencyId, w.sponsorName, w.contribution, w.amountBaht, w.note, userId, at ?? null],
  );
  return Number(r.rows[0].id);
}

export async function setSeeking(db: Queryable, projectId: number, seeking: boolean, needs: string | null, userId: number | null): Promise<void> {
  await db.query(
    `UPDATE project SET seeking_support = $2, support_needs = coalesce($3, support_needs), updated_by = $4, updated_at = now() WHERE id = $1`,
    [projectId, seeking, needs, userId],
  );
}

/* ------------------------------------------------------------------ writes of projects */

export interface ProjectWrite {
  externalId: string | null;
  agencyId: number;
  provinceCode: string;
  fiscalYear: number;
  title: string;
  objectives: string;
  budgetBaht: number;
  budgetSource: BudgetSource;
  categories: string[];
  startDate: string | null;
  endDate: string | null;
  status: ProjectStatus;
  responsibleName: string;
  responsiblePhone: string;
  visibility: ProjectVisibility;
  publicFields: PublicField[];
  plannedOutputs: PlannedOutput[];
  geometry: ProjectGeometry | null;
  origin: ProjectOrigin;
  seekingSupport: boolean;
  supportNeeds: string;
}

const writeParams = (w: ProjectWrite) => [
  w.externalId, w.agencyId, w.provinceCode, w.fiscalYear, w.title, w.objectives, w.budgetBaht, w.budgetSource, w.categories,
  w.startDate, w.endDate, w.status, w.responsibleName, w.responsiblePhone, w.visibility, w.publicFields,
  JSON.stringify(w.plannedOutputs), w.geometry ? JSON.stringify(w.geometry) : null, w.origin, w.seekingSupport, w.supportNeeds,
];

const GEOM = (n: number) => `CASE WHEN $${n}::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($${n}::text), 4326) END`;

export async function insertProject(db: Queryable, w: ProjectWrite, userId: number | null, isDemo = false): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO project (external_id, agency_id, province_code, fiscal_year, title, objectives, budget_baht, budget_source, categories,
       start_date, end_date, status, responsible_name, responsible_phone, visibility, public_fields, planned_outputs, geom,
       origin, seeking_support, support_needs, created_by, updated_by, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::date, $11::date, $12, $13, $14, $15, $16::text[], $17::jsonb, ${GEOM(18)},
       $19, $20, $21, $22, $22, $23) RETURNING id`,
    [...writeParams(w), userId, isDemo],
  );
  return Number(r.rows[0].id);
}

export async function updateProject(db: Queryable, id: number, w: ProjectWrite, userId: number | null): Promise<void> {
  await db.query(
    `UPDATE project SET external_id = $1, agency_id = $2, province_code = $3, fiscal_year = $4, title = $5, objectives = $6, budget_baht = $7,
       budget_source = $8, categories = $9::text[], start_date = $10::date, end_date = $11::date, status = $12, responsible_name = $13,
       responsible_phone = $14, visibility = $15, public_fields = $16::text[], planned_outputs = $17::jsonb, geom = ${GEOM(18)},
       origin = $19, seeking_support = $20, support_needs = $21, updated_by = $22, updated_at = now()
     WHERE id = $23`,
    [...writeParams(w), userId, id],
  );
}

/** Replaces the target areas of a project. */
export async function replaceAreas(db: Queryable, projectId: number, codes: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM project_area WHERE project_id = $1`, [projectId]);
  await db.query(
    `INSERT INTO project_area (project_id, area_code, subdistrict_code) SELECT $1, c, substr(c, 1, 6) FROM unnest($2::text[]) AS u(c)`,
    [projectId, codes],
  );
}

export async function deleteProject(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM project WHERE id = $1`, [id]);
}

/* ------------------------------------------------------------------ what validation needs */

export interface AgencyRef {
  id: number;
  code: string;
  name_th: string;
  name_en: string | null;
  active: boolean;
}

export async function agenciesByIds(db: Queryable, ids: readonly number[]): Promise<Map<number, AgencyRef>> {
  if (!ids.length) return new Map();
  const r = await db.query<AgencyRef>(`SELECT id, code, name_th, name_en, active FROM agency WHERE id = ANY($1::int[])`, [ids]);
  return new Map(r.rows.map((a) => [Number(a.id), a]));
}

export async function categoryCodes(db: Queryable): Promise<Set<string>> {
  return new Set((await db.query<{ code: string }>(`SELECT code FROM category`)).rows.map((c) => c.code));
}

/** Levels of the given area codes that exist. */
export async function areaLevels(db: Queryable, codes: readonly string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const r = await db.query<{ code: string; level: number }>(`SELECT code, level FROM area WHERE code = ANY($1::text[])`, [codes]);
  return new Map(r.rows.map((x) => [x.code, Number(x.level)]));
}

export interface ExistingProject {
  id: number;
  external_id: string | null;
  agency_id: number;
  area_codes: string[];
}

/** Projects by id or by external reference, with their agency and area codes (for permission checks and upserts). */
export async function existingProjects(db: Queryable, ids: readonly number[], externalIds: readonly string[]): Promise<ExistingProject[]> {
  if (!ids.length && !externalIds.length) return [];
  return (await db.query<ExistingProject>(
    `SELECT p.id, p.external_id, p.agency_id, coalesce(array_agg(pa.area_code ORDER BY pa.area_code) FILTER (WHERE pa.area_code IS NOT NULL), '{}') AS area_codes
     FROM project p LEFT JOIN project_area pa ON pa.project_id = p.id
     WHERE p.id = ANY($1::bigint[]) OR p.external_id = ANY($2::text[])
     GROUP BY p.id`,
    [ids, externalIds],
  )).rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** A project as stored, in the shape of its audit record (fields as the API names them). */
export interface ProjectSnapshotRow extends ProjectWrite {
  id: number;
  areaCodes: string[];
}

export async function snapshots(db: Queryable, ids: readonly number[]): Promise<Map<number, ProjectSnapshotRow>> {
  if (!ids.length) return new Map();
  const rows = (await db.query<ProjectRow & { area_codes: string[] }>(
    `SELECT ${COLUMNS}, coalesce((SELECT array_agg(area_code ORDER BY area_code) FROM project_area WHERE project_id = p.id), '{}') AS area_codes
     FROM ${FROM} WHERE p.id = ANY($1::bigint[])`,
    [ids],
  )).rows;
  return new Map(rows.map((r) => [Number(r.id), {
    id: Number(r.id), externalId: r.external_id, agencyId: r.agency_id, provinceCode: r.province_code, fiscalYear: r.fiscal_year,
    title: r.title, objectives: r.objectives, budgetBaht: Number(r.budget_baht), budgetSource: r.budget_source, categories: r.categories,
    areaCodes: r.area_codes, startDate: r.start_date, endDate: r.end_date, status: r.status, responsibleName: r.responsible_name,
    responsiblePhone: r.responsible_phone, visibility: r.visibility, publicFields: r.public_fields, plannedOutputs: r.planned_outputs,
    geometry: r.geometry, origin: r.origin, seekingSupport: r.seeking_support, supportNeeds: r.support_needs,
  }]));
}

/** Days after a quarter's end its report is due (app_setting progress_due_days, 15 when unset). */
export async function progressDueDays(db: Queryable): Promise<number> {
  const r = await db.query<{ v: string | null }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'progress_due_days'`);
  const n = Number(r.rows[0]?.v);
  return Number.isInteger(n) && n >= 0 && n <= 366 ? n : 15;
}

/* ------------------------------------------------------------------ demo data */

/** The demo agencies, by code. */
export async function demoAgencies(db: Queryable): Promise<Array<{ id: number; code: string; type: string }>> {
  return (await db.query<{ id: number; code: string; type: string }>(`SELECT id, code, type FROM agency WHERE is_demo AND active ORDER BY code`)).rows
    .map((r) => ({ ...r, id: Number(r.id) }));
}

export interface DemoAreaRow {
  code: string;
  level: number;
  name_th: string;
  lon: number;
  lat: number;
}

/** The sub-districts and villages of a province with a point inside each, by code. */
export async function provinceAreas(db: Queryable, provinceCode: string): Promise<DemoAreaRow[]> {
  return (await db.query<DemoAreaRow>(
    `SELECT code, level, name_th, ST_X(pt) AS lon, ST_Y(pt) AS lat
     FROM (SELECT code, level, name_th, coalesce(label_point, ST_PointOnSurface(geom)) AS pt FROM area WHERE province_code = $1 AND level IN (3, 4)) a
     ORDER BY code`,
    [provinceCode],
  )).rows.map((r) => ({ ...r, level: Number(r.level), lon: Number(r.lon), lat: Number(r.lat) }));
}

/** The sub-districts in the declared target list of a province and fiscal year. */
export async function declaredTargetSubdistricts(db: Queryable, provinceCode: string, fiscalYear: number): Promise<string[]> {
  return (await db.query<{ code: string }>(
    `SELECT DISTINCT substr(ta.area_code, 1, 6) AS code FROM target_area ta JOIN target_list tl ON tl.id = ta.list_id
     WHERE tl.status = 'declared' AND tl.province_code = $1 AND tl.fiscal_year = $2 ORDER BY 1`,
    [provinceCode, fiscalYear],
  )).rows.map((r) => r.code);
}

/** Real (non-demo) projects with a target area among the demo areas: a demo reload would delete their areas. */
export async function realProjectsOnDemoAreas(db: Queryable): Promise<Array<{ id: number; title: string }>> {
  return (await db.query<{ id: number; title: string }>(
    `SELECT p.id, p.title FROM project p WHERE NOT p.is_demo
       AND EXISTS (SELECT 1 FROM project_area pa JOIN area a ON a.code = pa.area_code WHERE pa.project_id = p.id AND a.is_demo)
     ORDER BY p.id`,
  )).rows.map((r) => ({ id: Number(r.id), title: r.title }));
}

/** Deletes the demo projects with their areas, progress, photos and support history. */
export async function deleteDemoProjects(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>(`WITH d AS (DELETE FROM project WHERE is_demo RETURNING 1) SELECT count(*)::int AS n FROM d`);
  return r.rows[0].n;
}

/* ------------------------------------------------------------------ bulk writes (demo load) */

/** Takes `n` ids from the project sequence, so that related rows can be written in bulk with them. */
export async function allocateProjectIds(db: Queryable, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const r = await db.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('project', 'id')) AS id FROM generate_series(1, $1::int) ORDER BY 1`, [n]);
  return r.rows.map((x) => Number(x.id));
}

/** Inserts many projects with given ids in one statement (with their areas in a second one). */
export async function insertProjectRows(db: Queryable, rows: ReadonlyArray<ProjectWrite & { id: number; areaCodes: readonly string[] }>, userId: number | null, isDemo: boolean): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO project (id, external_id, agency_id, province_code, fiscal_year, title, objectives, budget_baht, budget_source, categories,
       start_date, end_date, status, responsible_name, responsible_phone, visibility, public_fields, planned_outputs, geom,
       origin, seeking_support, support_needs, created_by, updated_by, is_demo)
     SELECT r.id, r.external_id, r.agency_id, r.province_code, r.fiscal_year, r.title, r.objectives, r.budget_baht, r.budget_source,
       ARRAY(SELECT jsonb_array_elements_text(r.categories)), r.start_date::date, r.end_date::date, r.status, r.responsible_name, r.responsible_phone,
       r.visibility, ARRAY(SELECT jsonb_array_elements_text(r.public_fields)), r.planned_outputs,
       CASE WHEN r.geometry IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) END,
       r.origin, r.seeking_support, r.support_needs, $2, $2, $3
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, external_id text, agency_id int, province_code text, fiscal_year int, title text, objectives text,
       budget_baht numeric, budget_source text, categories jsonb, start_date text, end_date text, status text, responsible_name text,
       responsible_phone text, visibility text, public_fields jsonb, planned_outputs jsonb, geometry jsonb, origin text, seeking_support boolean, support_needs text)`,
    [JSON.stringify(rows.map((w) => ({
      id: w.id, external_id: w.externalId, agency_id: w.agencyId, province_code: w.provinceCode, fiscal_year: w.fiscalYear, title: w.title,
      objectives: w.objectives, budget_baht: w.budgetBaht, budget_source: w.budgetSource, categories: w.categories, start_date: w.startDate,
      end_date: w.endDate, status: w.status, responsible_name: w.responsibleName, responsible_phone: w.responsiblePhone, visibility: w.visibility,
      public_fields: w.publicFields, planned_outputs: w.plannedOutputs, geometry: w.geometry, origin: w.origin, seeking_support: w.seekingSupport,
      support_needs: w.supportNeeds,
    }))), userId, isDemo],
  );
  const pairs = rows.flatMap((w) => w.areaCodes.map((c) => [w.id, c] as const));
  await db.query(
    `INSERT INTO project_area (project_id, area_code, subdistrict_code) SELECT p, c, substr(c, 1, 6) FROM unnest($1::bigint[], $2::text[]) AS u(p, c)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

/** Inserts many progress reports in one statement, each with its own submission time. */
export async function insertProgressRows(
  db: Queryable, rows: ReadonlyArray<ProgressWrite & { projectId: number; fiscalYear: number; quarter: number; reportedAt: Date }>, userId: number | null,
): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht, outputs, narrative, reported_by, reported_at, updated_at)
     SELECT r.project_id, r.fiscal_year, r.quarter, r.percent_done, r.spent_baht, r.outputs, r.narrative, $2, r.reported_at, r.reported_at
     FROM jsonb_to_recordset($1::jsonb) AS r(project_id bigint, fiscal_year int, quarter smallint, percent_done numeric, spent_baht numeric, outputs jsonb, narrative text, reported_at timestamptz)`,
    [JSON.stringify(rows.map((r) => ({
      project_id: r.projectId, fiscal_year: r.fiscalYear, quarter: r.quarter, percent_done: r.percentDone, spent_baht: r.spentBaht,
      outputs: r.outputs, narrative: r.narrative, reported_at: r.reportedAt.toISOString(),
    }))), userId],
  );
}

/** Inserts many support events in one statement. */
export async function insertSupportRows(db: Queryable, rows: ReadonlyArray<SupportWrite & { projectId: number; at: Date }>, userId: number | null): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO project_support_event (project_id, kind, agency_id, sponsor_name, contribution, amount_baht, note, by_user, at)
     SELECT r.project_id, r.kind, r.agency_id, r.sponsor_name, r.contribution, r.amount_baht, r.note, $2, r.at
     FROM jsonb_to_recordset($1::jsonb) AS r(project_id bigint, kind text, agency_id int, sponsor_name text, contribution text, amount_baht numeric, note text, at timestamptz)`,
    [JSON.stringify(rows.map((r) => ({
      project_id: r.projectId, kind: r.kind, agency_id: r.agencyId, sponsor_name: r.sponsorName, contribution: r.contribution,
      amount_baht: r.amountBaht, note: r.note, at: r.at.toISOString(),
    }))), userId],
  );
}
