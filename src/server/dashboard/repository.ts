/**
 * SQL of the dashboard and the quarterly review: a handful of set-based aggregates per request
 * (never one query per area or period), cached by the service against the data version.
 */
import type { Queryable } from '../db/database.ts';
import { thaiDayBefore } from '../../shared/fiscal.ts';

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
 * Incidents from `end` on are not counted. `visibility` is the need-to-know predicate over alias
 * `i` with its parameters already in `params`.
 */
export async function incidentBuckets(
  db: Queryable,
  areaPrefix: string,
  bounds: Date[],
  end: Date,
  visibility: string,
  params: unknown[],
): Promise<Array<{ subdistrict_code: string; category_id: number; bucket: number; n: number }>> {
  const last = bounds[bounds.length - 1] < end ? bounds[bounds.length - 1] : end;
  const p = [...params, areaPrefix.slice(0, 2), bounds[0], last, bounds.map((b) => b.getTime() / 1000), areaPrefix];
  const n = params.length;
  const r = await db.query<{ subdistrict_code: string; category_id: number; bucket: number; n: number }>(
    `SELECT i.subdistrict_code, i.category_id,
            width_bucket(extract(epoch FROM i.occurred_at)::float8, $${n + 4}::float8[]) AS bucket, count(*)::int AS n
     FROM incident i
     WHERE i.province_code = $${n + 1} AND i.occurred_at >= $${n + 2} AND i.occurred_at < $${n + 3}
       AND i.status <> 'false_report' AND i.subdistrict_code LIKE $${n + 5} || '%' AND (${visibility})
     GROUP BY 1, 2, 3`,
    p,
  );
  return r.rows;
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
