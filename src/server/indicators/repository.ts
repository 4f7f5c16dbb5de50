/** SQL for indicators, their targets, their computed values and the aggregates they are computed from. */
import type { Queryable } from '../db/database.ts';
import { refreshCells } from '../incidents/cells.ts';
import { ALL_CATEGORIES, reasonForValue, type ComputedValue, type IncidentCell } from '../../shared/indicator-compute.ts';
import type { IndicatorKind } from '../../shared/indicator-definition.ts';

export interface IndicatorRow {
  id: number;
  province_code: string;
  code: string;
  name_th: string;
  name_en: string;
  description: string;
  definition: unknown;
  direction: string;
  unit: string;
  baseline_fiscal_year: number | null;
  builtin: boolean;
  reading_group: string | null;
  reported: boolean;
  at_risk_margin: number;
  default_target: number | null;
  active: boolean;
  sort_order: number;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const COLUMNS = `i.id, i.province_code, i.code, i.name_th, i.name_en, i.description, i.definition, i.direction, i.unit,
  i.baseline_fiscal_year, i.builtin, i.reading_group, i.reported, i.at_risk_margin, i.default_target, i.active, i.sort_order,
  i.created_at, i.updated_at, u.username AS updated_by`;

export async function listIndicators(db: Queryable, province: string): Promise<IndicatorRow[]> {
  return (await db.query<IndicatorRow>(
    `SELECT ${COLUMNS} FROM indicator i LEFT JOIN app_user u ON u.id = i.updated_by
     WHERE i.province_code = $1 ORDER BY i.sort_order, i.code`,
    [province],
  )).rows;
}

export async function getIndicator(db: Queryable, id: number, lock = false): Promise<IndicatorRow | null> {
  const r = await db.query<IndicatorRow>(
    `SELECT ${COLUMNS} FROM indicator i LEFT JOIN app_user u ON u.id = i.updated_by WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function findByCode(db: Queryable, province: string, code: string): Promise<{ id: number } | null> {
  return (await db.query<{ id: number }>(`SELECT id FROM indicator WHERE province_code = $1 AND code = $2`, [province, code])).rows[0] ?? null;
}

/** Whether a province (level 1 area) exists. */
export async function provinceExists(db: Queryable, province: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM area WHERE code = $1 AND level = 1`, [province])).rows.length > 0;
}

export async function categories(db: Queryable): Promise<Array<{ id: number; code: string }>> {
  return (await db.query<{ id: number; code: string }>(`SELECT id, code FROM category ORDER BY sort_order, code`)).rows;
}

export interface IndicatorWrite {
  province: string;
  code: string;
  nameTh: string;
  nameEn: string;
  description: string;
  definition: unknown;
  direction: string;
  unit: string;
  baselineFiscalYear: number | null;
  builtin: boolean;
  readingGroup: string | null;
  reported: boolean;
  atRiskMargin: number;
  defaultTarget: number | null;
  active: boolean;
  sortOrder: number;
  userId: number | null;
}

/** Inserts an indicator; a built-in that already exists for the province is left alone (null). */
export async function insertIndicator(db: Queryable, w: IndicatorWrite): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO indicator (province_code, code, name_th, name_en, description, definition, direction, unit, baseline_fiscal_year,
       builtin, reading_group, reported, at_risk_margin, default_target, active, sort_order, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
     ON CONFLICT (province_code, code) DO NOTHING RETURNING id`,
    [w.province, w.code, w.nameTh, w.nameEn, w.description, JSON.stringify(w.definition), w.direction, w.unit, w.baselineFiscalYear,
      w.builtin, w.readingGroup, w.reported, w.atRiskMargin, w.defaultTarget, w.active, w.sortOrder, w.userId],
  );
  return r.rows[0]?.id ?? null;
}

export async function updateIndicator(db: Queryable, id: number, w: Omit<IndicatorWrite, 'province' | 'code' | 'builtin'>): Promise<void> {
  await db.query(
    `UPDATE indicator SET name_th = $2, name_en = $3, description = $4, definition = $5::jsonb, direction = $6, unit = $7,
       baseline_fiscal_year = $8, reading_group = $9, reported = $10, at_risk_margin = $11, default_target = $12, active = $13,
       sort_order = $14, updated_by = $15, updated_at = now()
     WHERE id = $1`,
    [id, w.nameTh, w.nameEn, w.description, JSON.stringify(w.definition), w.direction, w.unit, w.baselineFiscalYear, w.readingGroup,
      w.reported, w.atRiskMargin, w.defaultTarget, w.active, w.sortOrder, w.userId],
  );
}

/** Another indicator of the group stops being the reported reading (one reported reading per group). */
export async function unsetReported(db: Queryable, province: string, group: string, exceptId: number | null, userId: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `UPDATE indicator SET reported = false, updated_by = $4, updated_at = now()
     WHERE province_code = $1 AND reading_group = $2 AND reported AND ($3::int IS NULL OR id <> $3) RETURNING id`,
    [province, group, exceptId, userId],
  );
  return r.rows.map((x) => x.id);
}

/** Deletes an indicator with its values (no foreign key cascades them: migration 016) and targets. */
export async function deleteIndicator(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM indicator_value WHERE indicator_id = $1`, [id]);
  await db.query(`DELETE FROM indicator WHERE id = $1`, [id]);
}

export async function listTargets(db: Queryable, ids: readonly number[]): Promise<Array<{ indicator_id: number; fiscal_year: number; target: number }>> {
  if (!ids.length) return [];
  return (await db.query<{ indicator_id: number; fiscal_year: number; target: number }>(
    `SELECT indicator_id, fiscal_year, target FROM indicator_target WHERE indicator_id = ANY($1::int[]) ORDER BY indicator_id, fiscal_year`,
    [ids],
  )).rows;
}

export async function replaceTargets(db: Queryable, id: number, targets: ReadonlyArray<{ fiscalYear: number; target: number }>): Promise<void> {
  await db.query(`DELETE FROM indicator_target WHERE indicator_id = $1`, [id]);
  if (!targets.length) return;
  await db.query(
    `INSERT INTO indicator_target (indicator_id, fiscal_year, target) SELECT $1, u.fy, u.t FROM unnest($2::int[], $3::float8[]) AS u(fy, t)`,
    [id, targets.map((t) => t.fiscalYear), targets.map((t) => t.target)],
  );
}

export async function setDefaultTarget(db: Queryable, id: number, target: number | null, userId: number): Promise<void> {
  await db.query(`UPDATE indicator SET default_target = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [id, target, userId]);
}

/* ------------------------------------------------------------ compute inputs */

export async function provinceAreas(db: Queryable, province: string): Promise<Array<{ code: string; level: number }>> {
  return (await db.query<{ code: string; level: number }>(
    `SELECT code, level FROM area WHERE province_code = $1 AND level <= 3 ORDER BY code`,
    [province],
  )).rows.map((r) => ({ code: r.code, level: Number(r.level) }));
}

/**
 * Incidents of a province in the fiscal quarters of years [fromFy, toFy], false reports left
 * out, counted per sub-district, fiscal quarter, restricted or not, and (when `byCategory`)
 * category: read from the quarter cells (migration 019), refreshed first, so a million incidents
 * are a few ten thousand rows. A quarter's bucket is its index from the first quarter of
 * `fromFy`. Empty cells are left out.
 */
export async function incidentCells(
  db: Queryable, province: string, fromFy: number, toFy: number, categoryCodes: ReadonlyMap<number, string>,
  opts: { byCategory: boolean; severity: boolean } = { byCategory: true, severity: true },
): Promise<IncidentCell[]> {
  await refreshCells(db, [province], fromFy, toFy);
  const r = await db.query<{ s: string; c: number; r: boolean; b: number; n: number; v: number }>(
    `SELECT c.subdistrict_code AS s, ${opts.byCategory ? 'c.category_id' : '0'} AS c, c.restricted AS r,
            ((c.fiscal_year - $2) * 4 + c.quarter - 1)::int AS b, sum(c.n)::int AS n, ${opts.severity ? 'sum(c.severity)::int' : '0'} AS v
     FROM incident_cell_quarter c
     WHERE c.province_code = $1 AND c.fiscal_year BETWEEN $2 AND $3
     GROUP BY 1, 2, 3, 4`,
    [province, fromFy, toFy],
  );
  return r.rows.map((x) => ({
    subdistrict: x.s, category: opts.byCategory ? (categoryCodes.get(Number(x.c)) ?? '') : ALL_CATEGORIES,
    bucket: x.b, restricted: x.r, count: x.n, severity: opts.severity ? x.v : 0,
  }));
}

export interface ProjectComputeRow {
  id: number;
  fiscal_year: number;
  status: string;
  start_date: string | null;
  /** The last change, in milliseconds since 1970 (a number parses far faster than 10,000 timestamps). */
  updated_ms: number;
  budget_baht: number;
  categories: string[];
  areas: string[];
  /** The first quarter reported 100 % done, as fiscal_year * 10 + quarter. */
  done_q: number | null;
}

/** The projects of a province in fiscal years [fromFy, toFy] with their areas and first quarter reported done. */
export async function projectsForCompute(db: Queryable, province: string, fromFy: number, toFy: number): Promise<ProjectComputeRow[]> {
  return (await db.query<ProjectComputeRow>(
    `SELECT p.id::int AS id, p.fiscal_year, p.status, p.start_date::text AS start_date, (extract(epoch FROM p.updated_at) * 1000)::float8 AS updated_ms,
            p.budget_baht::float8 AS budget_baht,
            p.categories, array_agg(pa.area_code) AS areas, d.done_q
     FROM project p
     JOIN project_area pa ON pa.project_id = p.id
     LEFT JOIN (
       SELECT pp.project_id, min(pp.fiscal_year * 10 + pp.quarter)::int AS done_q
       FROM project_progress pp JOIN project q ON q.id = pp.project_id
       WHERE q.province_code = $1 AND q.fiscal_year BETWEEN $2 AND $3 AND pp.percent_done >= 100
       GROUP BY pp.project_id
     ) d ON d.project_id = p.id
     WHERE p.province_code = $1 AND p.fiscal_year BETWEEN $2 AND $3
     GROUP BY p.id, d.done_q`,
    [province, fromFy, toFy],
  )).rows;
}

export interface TargetComputeRow {
  id: number;
  fiscal_year: number;
  version: number;
  declaration_date: string;
  area_code: string | null;
  categories: string[] | null;
}

/** Every version of the target lists of fiscal years [fromFy, toFy] that was declared (declared or since superseded), with its areas. */
export async function targetListsForCompute(db: Queryable, province: string, fromFy: number, toFy: number): Promise<TargetComputeRow[]> {
  return (await db.query<TargetComputeRow>(
    `SELECT l.id, l.fiscal_year, l.version, l.declaration_date::text AS declaration_date, ta.area_code, ta.categories
     FROM target_list l LEFT JOIN target_area ta ON ta.list_id = l.id
     WHERE l.province_code = $1 AND l.status IN ('declared', 'superseded') AND l.fiscal_year BETWEEN $2 AND $3`,
    [province, fromFy, toFy],
  )).rows;
}

/* ------------------------------------------------------------------ values */

/** Locks the indicators of a province: computations of one province replace its values one after the other. */
export async function lockProvince(db: Queryable, province: string): Promise<number[]> {
  return (await db.query<{ id: number }>(`SELECT id FROM indicator WHERE province_code = $1 ORDER BY id FOR UPDATE`, [province])).rows.map((r) => r.id);
}

export async function insertRun(db: Queryable, w: { province: string; fiscalYears: number[]; indicatorIds: number[]; userId: number }): Promise<{ id: number; started_at: Date }> {
  return (await db.query<{ id: number; started_at: Date }>(
    `INSERT INTO indicator_run (province_code, fiscal_years, indicator_ids, user_id) VALUES ($1, $2::int[], $3::int[], $4) RETURNING id, started_at`,
    // A computation started by the system (the demo load) has no user.
    [w.province, w.fiscalYears, w.indicatorIds, w.userId > 0 ? w.userId : null],
  )).rows[0];
}

export async function finishRun(db: Queryable, id: number, values: number, durationMs: number): Promise<void> {
  await db.query(`UPDATE indicator_run SET values_written = $2, duration_ms = $3, finished_at = now() WHERE id = $1`, [id, values, durationMs]);
}

const csvNum = (v: number | null) => (v == null ? '' : String(v));

export const VALUE_COLUMNS = [
  'indicator_id', 'fiscal_year', 'quarter', 'area_code', 'area_level', 'audience', 'value', 'numerator', 'denominator',
  'status', 'reason_code', 'target', 'margin', 'run_id',
];

/**
 * Replaces the stored values of the indicators for the fiscal years: deletes them and loads the new
 * ones with COPY (tens of thousands of rows). Call inside a transaction: computed_at is the
 * transaction's start (its default), which parsing a timestamp per row would only slow down.
 */
export async function replaceValues(
  db: Queryable, indicatorIds: readonly number[], fiscalYears: readonly number[], values: readonly ComputedValue[], runId: number,
): Promise<void> {
  await db.query(`DELETE FROM indicator_value WHERE indicator_id = ANY($1::int[]) AND fiscal_year = ANY($2::int[])`, [indicatorIds, fiscalYears]);
  const chunk = 20000;
  for (let i = 0; i < values.length; i += chunk) {
    let csv = '';
    for (const v of values.slice(i, i + chunk)) {
      csv += `${v.indicatorId},${v.fiscalYear},${v.quarter},${v.areaCode},${v.areaLevel},${v.audience},${csvNum(v.value)},${csvNum(v.numerator)},${csvNum(v.denominator)},`
        + `${v.status},${v.reasonCode ?? ''},${csvNum(v.target)},${v.margin},${runId}\n`;
    }
    await db.copyCsv('indicator_value', VALUE_COLUMNS, csv);
  }
}

export interface ValueRow {
  indicator_id: number;
  fiscal_year: number;
  quarter: number;
  area_code: string;
  area_level: number;
  area_th: string | null;
  area_en: string | null;
  audience: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  reason_code: string | null;
  /** Worded from reason_code when read (reasonForValue). */
  reason: string | null;
  reason_en: string | null;
  target: number | null;
  margin: number;
  computed_at: Date;
}

const VALUE_SELECT = `v.indicator_id, v.fiscal_year, v.quarter, v.area_code, v.area_level, a.name_th AS area_th, a.name_en AS area_en,
  v.audience, v.value, v.numerator, v.denominator, v.status, v.reason_code, v.target, v.margin, v.computed_at,
  i.definition ->> 'kind' AS kind, i.baseline_fiscal_year AS baseline`;

type StoredValueRow = Omit<ValueRow, 'reason' | 'reason_en'> & { kind: IndicatorKind; baseline: number | null };

function withReasons(rows: StoredValueRow[]): ValueRow[] {
  return rows.map(({ kind, baseline, ...r }) => {
    const text = reasonForValue(r.reason_code, kind, r.fiscal_year, Number(r.quarter), baseline);
    return { ...r, reason: text?.th ?? null, reason_en: text?.en ?? null };
  });
}

/**
 * The need-to-know predicate on values: the audience the caller may see ('restricted' for the roles
 * that see restricted incidents, else 'unrestricted'; values marked 'all' are for everyone) and the
 * area scope (null = every area; otherwise areas under one of the codes; an empty array = none).
 * Exported so other modules that read indicator values (the dashboard) apply the same rule.
 */
export function valueVisibilitySql(alias: string, audienceParam: number, scopeParam: number): string {
  return `${alias}.audience IN ('all', $${audienceParam}::text)
    AND ($${scopeParam}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${scopeParam}::text[]) s(c) WHERE ${alias}.area_code LIKE s.c || '%'))`;
}

/** The values of the newest fiscal year of each indicator, for the given areas exactly. */
export async function latestValues(db: Queryable, ids: readonly number[], areaCodes: readonly string[], audience: string): Promise<ValueRow[]> {
  if (!ids.length || !areaCodes.length) return [];
  return withReasons((await db.query<StoredValueRow>(
    `SELECT ${VALUE_SELECT}
     FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id LEFT JOIN area a ON a.code = v.area_code
     JOIN (SELECT indicator_id, max(fiscal_year) AS fy FROM indicator_value WHERE indicator_id = ANY($1::int[]) GROUP BY indicator_id) m
       ON m.indicator_id = v.indicator_id AND m.fy = v.fiscal_year
     WHERE v.area_code = ANY($2::text[]) AND v.audience IN ('all', $3::text)
     ORDER BY v.indicator_id, v.area_code, v.quarter`,
    [ids, areaCodes, audience],
  )).rows);
}

export interface ValueFilter {
  indicatorIds: number[];
  fiscalYear?: number;
  quarter?: number;
  level?: number;
  area?: string;
  limit: number;
}

/** Stored values, oldest period first, within the caller's audience and scope. */
export async function listValues(db: Queryable, f: ValueFilter, audience: string, scope: string[] | null): Promise<ValueRow[]> {
  if (!f.indicatorIds.length) return [];
  return withReasons((await db.query<StoredValueRow>(
    `SELECT ${VALUE_SELECT}
     FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id LEFT JOIN area a ON a.code = v.area_code
     WHERE v.indicator_id = ANY($1::int[])
       AND ($2::int IS NULL OR v.fiscal_year = $2) AND ($3::int IS NULL OR v.quarter = $3) AND ($4::int IS NULL OR v.area_level = $4)
       AND ($5::text IS NULL OR v.area_code LIKE $5 || '%')
       AND ${valueVisibilitySql('v', 6, 7)}
     ORDER BY v.indicator_id, v.fiscal_year, CASE WHEN v.quarter = 0 THEN 5 ELSE v.quarter END, v.area_code, v.audience
     LIMIT $8`,
    [f.indicatorIds, f.fiscalYear ?? null, f.quarter ?? null, f.level ?? null, f.area ?? null, audience, scope, f.limit],
  )).rows);
}
