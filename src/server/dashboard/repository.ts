/**
 * SQL of the dashboard and the quarterly review: a handful of set-based aggregates per request
 * (never one query per area or period), cached by the service against the data version.
 */
import type { Queryable } from '../db/database.ts';
import { thaiDayBefore, wholeFiscalQuarters } from '../../shared/fiscal.ts';
import type { Viewer } from '../auth/viewer.ts';
import { refreshCells } from '../incidents/cells.ts';
import { cellVisibility, incidentVisibility } from '../incidents/visibility-sql.ts';

export interface AreaRow {
  code: string;
  level: number;
  name_th: string;
  name_en: string | null;
}

export async function findArea(db: Queryable, code: string): Promise<AreaRow | undefined> {
  return (await db.query<AreaRow>('SELECT code, level, name_th, name_en FROM area WHERE code = $1', [code])).rows[0];
}

/** The areas one level below `code` (districts of a province, sub-districts of a district). */
export async function childAreas(db: Queryable, code: string): Promise<AreaRow[]> {
  return (
    await db.query<AreaRow>('SELECT code, level, name_th, name_en FROM area WHERE parent_code = $1 AND level <= 3 ORDER BY code', [code])
  ).rows;
}

/** The current value of the change counter that every table the dashboard reads bumps. */
export async function dataVersion(db: Queryable): Promise<string> {
  const r = await db.query<{ v: string }>('SELECT last_value::text || (CASE WHEN is_called THEN \'c\' ELSE \'n\' END) AS v FROM data_version_seq');
  return r.rows[0].v;
}

export interface ListInForce {
  id: number;
  version: number;
  status: string;
  declaration_date: string | null;
  reference_number: string | null;
}

/**
 * The target list of a province and fiscal year in force at `asOf`: the highest version whose
 * order is dated (Thai calendar day) before `asOf`, whether still declared or superseded since.
 * A draft never counts. The same rule as the indicators (src/shared/indicator-compute.ts).
 */
export async function listInForce(db: Queryable, province: string, fy: number, asOf: Date): Promise<ListInForce | undefined> {
  const lastDay = thaiDayBefore(asOf);
  return (
    await db.query<ListInForce>(
      `SELECT id, version, status, declaration_date::text AS declaration_date, reference_number
       FROM target_list
       WHERE province_code = $1 AND fiscal_year = $2 AND status IN ('declared', 'superseded') AND declaration_date <= $3::date
       ORDER BY version DESC LIMIT 1`,
      [province, fy, lastDay],
    )
  ).rows[0];
}

/**
 * Incidents counted per sub-district, category and period bucket: `bounds` are the instants that
 * separate consecutive periods (ascending); bucket k (1-based) is [bounds[k-1], bounds[k]).
 * Incidents from `end` on are not counted; within what the viewer may see. A bucket that is a
 * whole fiscal quarter is read from the quarter cells (migration 019), refreshed first; the others
 * (the quarter in progress, the same span a year before) from the incidents of their span.
 */
export async function incidentBuckets(
  db: Queryable,
  areaPrefix: string,
  bounds: Date[],
  end: Date,
  viewer: Viewer,
): Promise<Array<{ subdistrict_code: string; category_id: number; bucket: number; n: number }>> {
  const province = areaPrefix.slice(0, 2);
  const whole: Array<{ fq: number; k: number }> = [];
  const partial: Array<{ s: Date; e: Date; k: number }> = [];
  for (let k = 1; k < bounds.length; k++) {
    const s = bounds[k - 1];
    const e = bounds[k] < end ? bounds[k] : end;
    if (s >= e) continue;
    const qs = wholeFiscalQuarters({ start: s, end: e });
    if (qs?.length === 1) whole.push({ fq: qs[0].fy * 10 + qs[0].q, k });
    else partial.push({ s, e, k });
  }
  const out: Array<{ subdistrict_code: string; category_id: number; bucket: number; n: number }> = [];
  const reads: Array<Promise<void>> = [];
  if (partial.length) {
    const params: unknown[] = [province, partial.map((x) => x.s), partial.map((x) => x.e), partial.map((x) => x.k), areaPrefix];
    const vis = incidentVisibility(viewer, params, 'i');
    reads.push(db.query<{ subdistrict_code: string; category_id: number; bucket: number; n: number }>(
      `SELECT i.subdistrict_code, i.category_id, b.k AS bucket, count(*)::int AS n
       FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS b(s, e, k)
       JOIN incident i ON i.occurred_at >= b.s AND i.occurred_at < b.e
       WHERE i.province_code = $1 AND i.status <> 'false_report' AND i.subdistrict_code LIKE $5 || '%' AND (${vis})
       GROUP BY 1, 2, 3`,
      params,
    ).then((r) => void out.push(...r.rows)));
  }
  if (whole.length) {
    const fys = whole.map((w) => Math.floor(w.fq / 10));
    const params: unknown[] = [province, Math.min(...fys), Math.max(...fys), whole.map((w) => w.fq), whole.map((w) => w.k), areaPrefix];
    const vis = cellVisibility(viewer, params, 'c');
    // The spans read from the incidents (above) go on while the cells are refreshed.
    reads.push(refreshCells(db, [province], Math.min(...fys), Math.max(...fys)).then(() => db.query<{ subdistrict_code: string; category_id: number; bucket: number; n: number }>(
      `SELECT c.subdistrict_code, c.category_id, b.k AS bucket, sum(c.n)::int AS n
       FROM incident_cell_quarter c JOIN unnest($4::int[], $5::int[]) AS b(fq, k) ON c.fiscal_year * 10 + c.quarter = b.fq
       WHERE c.province_code = $1 AND c.fiscal_year BETWEEN $2 AND $3 AND c.subdistrict_code LIKE $6 || '%' AND ${vis}
       GROUP BY 1, 2, 3`,
      params,
    )).then((r) => void out.push(...r.rows)));
  }
  await Promise.all(reads);
  return out;
}

export interface TargetAreaRow {
  area_code: string;
  level: number;
  name_th: string;
  name_en: string | null;
  district_th: string | null;
  categories: string[];
}

export async function targetAreas(db: Queryable, listId: number, areaPrefix: string, scope: string[] | null): Promise<TargetAreaRow[]> {
  return (
    await db.query<TargetAreaRow>(
      `SELECT ta.area_code, a.level, a.name_th, a.name_en, d.name_th AS district_th, ta.categories
       FROM target_area ta JOIN area a ON a.code = ta.area_code
       LEFT JOIN area d ON d.code = substr(ta.area_code, 1, 4)
       WHERE ta.list_id = $1 AND ta.area_code LIKE $2 || '%'
         AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($3::text[]) s(c) WHERE ta.area_code LIKE s.c || '%'))
       ORDER BY ta.area_code`,
      [listId, areaPrefix, scope],
    )
  ).rows;
}

/**
 * The projects the dashboard and the annual report count, over alias `p`: of the province ($province)
 * and fiscal year ($fy), begun by the Thai day $lastDay (the rule of the indicators: a project
 * without a start date counts from the year's start), and touching the scope $scope (null = no
 * limit, [] = none). Arguments are the parameter numbers.
 */
export function countedProjects(p: string, province: number, fy: number, lastDay: number, scope: number): string {
  return `${p}.province_code = $${province} AND ${p}.fiscal_year = $${fy} AND (${p}.start_date IS NULL OR ${p}.start_date <= $${lastDay}::date)
    AND ($${scope}::text[] IS NULL OR EXISTS (
      SELECT 1 FROM project_area x, unnest($${scope}::text[]) s(c) WHERE x.project_id = ${p}.id AND x.area_code LIKE s.c || '%'))`;
}

export interface ProjectAreaRow {
  project_id: number;
  agency_id: number;
  status: string;
  budget_baht: number;
  area_code: string;
  subdistrict_code: string;
  /** How many areas the project has in all (to split its budget). */
  area_count: number;
}

/**
 * The areas of the projects of a province and fiscal year that had started by `asOf` (their start
 * date, or the fiscal year's start when they have none; the rule of the indicators), with their
 * area counts; restricted to projects touching the viewer's scope (null = no limit).
 */
export async function projectAreas(db: Queryable, province: string, fy: number, asOf: Date, scope: string[] | null): Promise<ProjectAreaRow[]> {
  return (
    await db.query<ProjectAreaRow>(
      `WITH p AS (
         SELECT p.id, p.agency_id, p.status, p.budget_baht::float8 AS budget_baht
         FROM project p
         WHERE ${countedProjects('p', 1, 2, 3, 4)}
       )
       SELECT p.id::int AS project_id, p.agency_id, p.status, p.budget_baht, pa.area_code, pa.subdistrict_code,
              (count(*) OVER (PARTITION BY p.id))::int AS area_count
       FROM p JOIN project_area pa ON pa.project_id = p.id`,
      [province, fy, thaiDayBefore(asOf), scope],
    )
  ).rows;
}

export interface ProgressRow {
  project_id: number;
  fiscal_year: number;
  quarter: number;
  reported_at: Date;
}

/** Progress reports of the given projects, as known at `asOf`. */
export async function progressReports(db: Queryable, projectIds: number[], asOf: Date): Promise<ProgressRow[]> {
  if (!projectIds.length) return [];
  return (
    await db.query<ProgressRow>(
      `SELECT project_id::int AS project_id, fiscal_year, quarter, reported_at FROM project_progress
       WHERE project_id = ANY($1::bigint[]) AND reported_at <= $2`,
      [projectIds, asOf],
    )
  ).rows;
}

export interface ProjectScheduleRow {
  id: number;
  title: string;
  agency_id: number;
  fiscal_year: number;
  start_date: string | null;
  end_date: string | null;
  status: string;
}

export async function projectSchedules(db: Queryable, ids: number[]): Promise<ProjectScheduleRow[]> {
  if (!ids.length) return [];
  return (
    await db.query<ProjectScheduleRow>(
      `SELECT id::int AS id, title, agency_id, fiscal_year, start_date::text AS start_date, end_date::text AS end_date, status
       FROM project WHERE id = ANY($1::bigint[])`,
      [ids],
    )
  ).rows;
}

export async function agencies(db: Queryable, ids: number[]): Promise<Array<{ id: number; code: string; name_th: string; name_en: string | null }>> {
  if (!ids.length) return [];
  return (
    await db.query<{ id: number; code: string; name_th: string; name_en: string | null }>(
      'SELECT id, code, name_th, name_en FROM agency WHERE id = ANY($1::int[]) ORDER BY name_th',
      [ids],
    )
  ).rows;
}

export async function dueDays(db: Queryable): Promise<number> {
  const r = await db.query<{ value: unknown }>(`SELECT value FROM app_setting WHERE key = 'progress_due_days'`);
  const n = Number(r.rows[0]?.value);
  return Number.isFinite(n) && n >= 0 ? n : 15;
}
