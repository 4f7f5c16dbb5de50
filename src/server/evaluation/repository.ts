/** SQL of the people's evaluation: snapshots, their lines, and what other modules read from them. */
import type { Queryable } from '../db/database.ts';
import type { EvaluationDimension } from '../../shared/feedback-types.ts';

export type SnapshotState = 'provisional' | 'closed';

export interface SnapshotRow {
  id: number;
  province_code: string;
  fiscal_year: number;
  quarter: number;
  state: SnapshotState;
  min_answers: number;
  /** The province's answers, or for a viewer limited to some areas the answers in those areas. */
  answers: number;
  computed_at: Date;
  computed_by: number | null;
  closed_at: Date | null;
}

const SNAPSHOT = 's.id, s.province_code, s.fiscal_year, s.quarter, s.state, s.min_answers, s.answers, s.computed_at, s.computed_by, s.closed_at';

/** The minimum of answers below which a line is too few to judge (app_setting evaluation_min_answers, default 5). */
export async function minAnswersSetting(db: Queryable): Promise<number> {
  const r = await db.query<{ value: unknown }>(`SELECT value FROM app_setting WHERE key = 'evaluation_min_answers'`);
  const n = Number(r.rows[0]?.value);
  return Number.isInteger(n) && n >= 1 ? n : 5;
}

/** A province (level 1 area) by code, or null. */
export async function findProvince(db: Queryable, code: string): Promise<{ code: string; name_th: string; name_en: string | null } | null> {
  const r = await db.query<{ code: string; name_th: string; name_en: string | null }>('SELECT code, name_th, name_en FROM area WHERE code = $1 AND level = 1', [code]);
  return r.rows[0] ?? null;
}

/** Provinces with feedback or projects: the ones whose periods are closed. */
export async function provincesWithData(db: Queryable): Promise<string[]> {
  const r = await db.query<{ code: string }>(
    `SELECT province_code AS code FROM feedback GROUP BY province_code
     UNION SELECT province_code FROM project GROUP BY province_code ORDER BY 1`,
  );
  return r.rows.map((x) => x.code);
}

/** The snapshot of one period; `lock` holds it for the caller's transaction. */
export async function getSnapshot(db: Queryable, province: string, fy: number, quarter: number, lock = false): Promise<SnapshotRow | null> {
  const r = await db.query<SnapshotRow>(
    `SELECT ${SNAPSHOT} FROM evaluation_snapshot s WHERE s.province_code = $1 AND s.fiscal_year = $2 AND s.quarter = $3${lock ? ' FOR UPDATE' : ''}`,
    [province, fy, quarter],
  );
  return r.rows[0] ?? null;
}

/** The periods of `fiscalYears` that have a closed snapshot, as "province:fy:quarter". */
export async function closedPeriods(db: Queryable, fiscalYears: number[]): Promise<Set<string>> {
  const r = await db.query<{ k: string }>(
    `SELECT province_code || ':' || fiscal_year || ':' || quarter AS k FROM evaluation_snapshot WHERE state = 'closed' AND fiscal_year = ANY($1::int[])`,
    [fiscalYears],
  );
  return new Set(r.rows.map((x) => x.k));
}

/**
 * Creates the snapshot of a period, or takes over its provisional one (answers reset until the
 * lines are in). A closed snapshot is left alone and null comes back: the upsert's WHERE makes the
 * check and the take-over one step, so two servers closing the same period cannot both win.
 */
export async function claimSnapshot(
  db: Queryable, w: { province: string; fiscalYear: number; quarter: number; state: SnapshotState; minAnswers: number; at: Date; userId: number | null },
): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO evaluation_snapshot (province_code, fiscal_year, quarter, state, min_answers, answers, computed_at, computed_by, closed_at)
     VALUES ($1, $2, $3, $4, $5, 0, $6, $7, CASE WHEN $4 = 'closed' THEN $6::timestamptz END)
     ON CONFLICT (province_code, fiscal_year, quarter) DO UPDATE
       SET state = EXCLUDED.state, min_answers = EXCLUDED.min_answers, answers = 0, computed_at = EXCLUDED.computed_at,
           computed_by = EXCLUDED.computed_by, closed_at = EXCLUDED.closed_at
       WHERE evaluation_snapshot.state = 'provisional'
     RETURNING id`,
    [w.province, w.fiscalYear, w.quarter, w.state, w.minAnswers, w.at, w.userId],
  );
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

/* ------------------------------------------------------------ the computation */

const SUMS = `sum(answers)::int AS answers, sum(yes)::int AS yes, sum(partly)::int AS partly, sum(no)::int AS no,
  sum(rated)::int AS rated, sum(rating_sum)::int AS rating_sum`;
const RAW_SUMS = `count(*)::int AS answers, count(*) FILTER (WHERE f.meets = 'yes')::int AS yes,
  count(*) FILTER (WHERE f.meets = 'partly')::int AS partly, count(*) FILTER (WHERE f.meets = 'no')::int AS no,
  count(f.rating)::int AS rated, coalesce(sum(f.rating), 0)::int AS rating_sum`;
/** The answers of the period: $2 province, $3 fiscal year, $4 quarter (0 = the whole year). */
const PERIOD = `f.province_code = $2 AND f.fiscal_year = $3 AND ($4::int = 0 OR f.quarter = $4::int)`;

/** GROUPING() of the five grouping expressions -> the dimension (a bit is set for each expression left out). */
const GROUPED = 'grouping(project_id, subdistrict_code, agency_id, substr(subdistrict_code, 1, 4), channel)';
const SETS = `GROUPING SETS ((), (project_id), (project_id, subdistrict_code), (agency_id), (subdistrict_code), (substr(subdistrict_code, 1, 4)), (channel))`;
const SET_LINES = (sums: string) => `
  SELECT CASE ${GROUPED} WHEN 31 THEN 'province' WHEN 15 THEN 'project' WHEN 7 THEN 'project_area' WHEN 27 THEN 'agency'
           WHEN 23 THEN 'subdistrict' WHEN 29 THEN 'district' ELSE 'channel' END AS dimension,
         CASE ${GROUPED} WHEN 31 THEN $2::text WHEN 15 THEN project_id::text WHEN 7 THEN project_id || ':' || subdistrict_code
           WHEN 27 THEN agency_id::text WHEN 23 THEN subdistrict_code WHEN 29 THEN substr(subdistrict_code, 1, 4) ELSE channel END AS key,
         ${sums}`;
const INSERT_LINES = `INSERT INTO evaluation_row (snapshot_id, dimension, key, answers, yes, partly, no, rated, rating_sum)
  SELECT $1::bigint, dimension, key, coalesce(answers, 0), coalesce(yes, 0), coalesce(partly, 0), coalesce(no, 0), coalesce(rated, 0), coalesce(rating_sum, 0) FROM lines
  RETURNING dimension, answers`;
const SET_ANSWERS = `UPDATE evaluation_snapshot SET answers = coalesce((SELECT answers FROM ins WHERE dimension = 'province'), 0) WHERE id = $1::bigint`;

/**
 * The statements that fill a snapshot's lines, each one statement (INSERT ... SELECT, then the
 * snapshot's total from what was inserted), all giving the same lines. Parameters: $1 snapshot,
 * $2 province, $3 fiscal year, $4 quarter (0 = the year). bench/evaluation.ts measures them all;
 * `cells` is the one used:
 * - cells: the answers are counted once per (project, sub-district, channel) - every dimension is
 *   a function of those three - and the lines are grouping sets over those few thousand cells
 *   (categories by unnesting each cell's project categories);
 * - sets: grouping sets straight over the answers joined to their projects;
 * - union: one GROUP BY per dimension over the answers, UNION ALL.
 * The province line comes from the empty grouping set, so a period without answers still has
 * its province line with 0 answers.
 */
export const LINE_STATEMENTS = {
  cells: `
WITH cell AS (
  SELECT f.project_id, f.subdistrict_code, f.channel, ${RAW_SUMS}
  FROM feedback f WHERE ${PERIOD}
  GROUP BY f.project_id, f.subdistrict_code, f.channel
), c AS (
  SELECT cell.*, p.agency_id, p.categories FROM cell JOIN project p ON p.id = cell.project_id
), lines AS (
  ${SET_LINES(SUMS)} FROM c GROUP BY ${SETS}
  UNION ALL
  SELECT 'category', cat, ${SUMS} FROM c, unnest(c.categories) AS cat GROUP BY cat
), ins AS (${INSERT_LINES})
${SET_ANSWERS}`,
  sets: `
WITH a AS (
  SELECT f.*, p.agency_id, p.categories FROM feedback f JOIN project p ON p.id = f.project_id WHERE ${PERIOD}
), lines AS (
  ${SET_LINES(RAW_SUMS)} FROM a f GROUP BY ${SETS}
  UNION ALL
  SELECT 'category', cat, ${RAW_SUMS} FROM a f, unnest(f.categories) AS cat GROUP BY cat
), ins AS (${INSERT_LINES})
${SET_ANSWERS}`,
  union: `
WITH a AS MATERIALIZED (
  SELECT f.project_id, f.subdistrict_code, f.channel, f.meets, f.rating, p.agency_id, p.categories
  FROM feedback f JOIN project p ON p.id = f.project_id WHERE ${PERIOD}
), lines AS (
  SELECT 'province' AS dimension, $2::text AS key, ${RAW_SUMS} FROM a f
  UNION ALL SELECT 'project', project_id::text, ${RAW_SUMS} FROM a f GROUP BY project_id
  UNION ALL SELECT 'project_area', project_id || ':' || subdistrict_code, ${RAW_SUMS} FROM a f GROUP BY project_id, subdistrict_code
  UNION ALL SELECT 'agency', agency_id::text, ${RAW_SUMS} FROM a f GROUP BY agency_id
  UNION ALL SELECT 'subdistrict', subdistrict_code, ${RAW_SUMS} FROM a f GROUP BY subdistrict_code
  UNION ALL SELECT 'district', substr(subdistrict_code, 1, 4), ${RAW_SUMS} FROM a f GROUP BY substr(subdistrict_code, 1, 4)
  UNION ALL SELECT 'category', cat, ${RAW_SUMS} FROM a f, unnest(f.categories) AS cat GROUP BY cat
  UNION ALL SELECT 'channel', channel, ${RAW_SUMS} FROM a f GROUP BY channel
), ins AS (${INSERT_LINES})
${SET_ANSWERS}`,
} as const;

export type LineStatement = keyof typeof LINE_STATEMENTS;

/**
 * Replaces the lines of snapshot `id` with the counts of the period's answers, and sets the
 * snapshot's total: the old lines are deleted, the new ones computed and inserted by the database
 * in one INSERT ... SELECT (no answer passes through this process).
 */
export async function fillSnapshot(
  db: Queryable, id: number, p: { province: string; fiscalYear: number; quarter: number }, statement: LineStatement = 'cells',
): Promise<void> {
  await db.query('DELETE FROM evaluation_row WHERE snapshot_id = $1', [id]);
  await db.query(LINE_STATEMENTS[statement], [id, p.province, p.fiscalYear, p.quarter]);
}

/* ------------------------------------------------------------------ reading */

/**
 * Whether a scope code `c` lets its holder see the line `r` (of snapshot `s`), mirroring the
 * projects' need-to-know: a district or sub-district inside the scope (a sub-district also when
 * the scope is one of its villages, as answers are counted per sub-district); a project in a
 * sub-district likewise; a project when one of its areas is inside the scope or contains it; the
 * province-wide lines (province, agency, category, channel) only when the scope is the province.
 */
const LINE_IN_SCOPE = (c: string) => `CASE r.dimension
    WHEN 'district' THEN r.key LIKE ${c} || '%'
    WHEN 'subdistrict' THEN r.key LIKE ${c} || '%' OR ${c} LIKE r.key || '%'
    WHEN 'project_area' THEN split_part(r.key, ':', 2) LIKE ${c} || '%' OR ${c} LIKE split_part(r.key, ':', 2) || '%'
    WHEN 'project' THEN EXISTS (SELECT 1 FROM project_area sa WHERE sa.project_id = CASE WHEN r.dimension = 'project' THEN r.key::bigint END
                                AND (sa.area_code LIKE ${c} || '%' OR ${c} LIKE sa.area_code || '%'))
    ELSE s.province_code LIKE ${c} || '%' END`;
const VISIBLE = (param: number) => `($${param}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${param}::text[]) sc(c) WHERE ${LINE_IN_SCOPE('sc.c')}))`;
/** A project-area line (alias r) inside the scope `param`. */
const PROJECT_AREA_VISIBLE = (param: number) => `($${param}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${param}::text[]) sc(c)
  WHERE split_part(r.key, ':', 2) LIKE sc.c || '%' OR sc.c LIKE split_part(r.key, ':', 2) || '%'))`;

/**
 * The snapshots of a province (one fiscal year, or all), newest first (a year's own snapshot
 * before its fourth quarter). For a viewer limited to areas that are not the whole province,
 * `answers` is the answers in their sub-districts.
 */
export async function listSnapshots(db: Queryable, province: string, fy: number | null, scope: string[] | null): Promise<SnapshotRow[]> {
  const r = await db.query<SnapshotRow>(
    `SELECT s.id, s.province_code, s.fiscal_year, s.quarter, s.state, s.min_answers, s.computed_at, s.computed_by, s.closed_at,
            CASE WHEN $3::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($3::text[]) sc(c) WHERE s.province_code LIKE sc.c || '%') THEN s.answers
                 ELSE (SELECT coalesce(sum(r.answers), 0)::int FROM evaluation_row r WHERE r.snapshot_id = s.id AND r.dimension = 'subdistrict' AND ${VISIBLE(3)}) END AS answers
     FROM evaluation_snapshot s
     WHERE s.province_code = $1 AND ($2::int IS NULL OR s.fiscal_year = $2::int)
     ORDER BY s.fiscal_year DESC, CASE s.quarter WHEN 0 THEN 5 ELSE s.quarter END DESC`,
    [province, fy, scope],
  );
  return r.rows;
}

export interface LineRow {
  snapshot_id: number;
  dimension: EvaluationDimension;
  key: string;
  answers: number;
  yes: number;
  partly: number;
  no: number;
  rated: number;
  rating_sum: number;
  name_th: string | null;
  name_en: string | null;
  subdistrict_th: string | null;
  subdistrict_en: string | null;
  district_th: string | null;
  district_en: string | null;
}

/**
 * The lines of snapshots that the scope lets the viewer see (null = all), of one dimension or all,
 * with the names they are labelled by: the area (province, district, sub-district and its
 * district), the agency, the category, the project's title.
 */
export async function snapshotLines(db: Queryable, snapshotIds: number[], dimension: EvaluationDimension | null, scope: string[] | null): Promise<LineRow[]> {
  const r = await db.query<LineRow>(
    `SELECT r.snapshot_id, r.dimension, r.key, r.answers, r.yes, r.partly, r.no, r.rated, r.rating_sum,
            CASE r.dimension WHEN 'province' THEN a.name_th WHEN 'district' THEN a.name_th WHEN 'agency' THEN g.name_th
                 WHEN 'category' THEN c.label_th WHEN 'project' THEN pj.title WHEN 'project_area' THEN pj.title END AS name_th,
            CASE r.dimension WHEN 'province' THEN a.name_en WHEN 'district' THEN a.name_en WHEN 'agency' THEN g.name_en
                 WHEN 'category' THEN c.label_en END AS name_en,
            CASE WHEN a.level = 3 THEN a.name_th END AS subdistrict_th, CASE WHEN a.level = 3 THEN a.name_en END AS subdistrict_en,
            d.name_th AS district_th, d.name_en AS district_en
     FROM evaluation_row r
     JOIN evaluation_snapshot s ON s.id = r.snapshot_id
     LEFT JOIN area a ON a.code = CASE r.dimension WHEN 'province' THEN r.key WHEN 'district' THEN r.key WHEN 'subdistrict' THEN r.key
                                                   WHEN 'project_area' THEN split_part(r.key, ':', 2) END
     LEFT JOIN area d ON a.level = 3 AND d.code = a.parent_code
     LEFT JOIN agency g ON g.id = CASE WHEN r.dimension = 'agency' THEN r.key::int END
     LEFT JOIN category c ON c.code = CASE WHEN r.dimension = 'category' THEN r.key END
     LEFT JOIN project pj ON pj.id = CASE WHEN r.dimension IN ('project', 'project_area') THEN split_part(r.key, ':', 1)::bigint END
     WHERE r.snapshot_id = ANY($1::bigint[]) AND ($2::text IS NULL OR r.dimension = $2::text) AND ${VISIBLE(3)}`,
    [snapshotIds, dimension, scope],
  );
  return r.rows;
}

export interface CountsRow {
  answers: number;
  yes: number;
  partly: number;
  no: number;
  rated: number;
  rating_sum: number;
}

export interface ProjectAreaCell extends CountsRow {
  fiscal_year: number;
  quarter: number;
  state: SnapshotState;
  min_answers: number;
  subdistrict_code: string;
}

/** The project-area lines of a province's quarterly snapshots (fiscal years `fy0` to `fy1`), for the indicator. */
export async function projectAreaCells(db: Queryable, province: string, fy0: number, fy1: number): Promise<ProjectAreaCell[]> {
  const r = await db.query<ProjectAreaCell>(
    `SELECT s.fiscal_year, s.quarter, s.state, s.min_answers, split_part(r.key, ':', 2) AS subdistrict_code,
            r.answers, r.yes, r.partly, r.no, r.rated, r.rating_sum
     FROM evaluation_snapshot s JOIN evaluation_row r ON r.snapshot_id = s.id AND r.dimension = 'project_area'
     WHERE s.province_code = $1 AND s.fiscal_year BETWEEN $2 AND $3 AND s.quarter BETWEEN 1 AND 4`,
    [province, fy0, fy1],
  );
  return r.rows;
}

export interface GroupTotalRow extends CountsRow {
  group_key: string;
  name_th: string | null;
  name_en: string | null;
}

/**
 * The answers of a snapshot under an area (`prefix`: province, district or sub-district code) and
 * inside the scope, summed from its project-area lines per agency or per district. Each answer is
 * in exactly one project-area line, so for the whole province these are the snapshot's agency and
 * district lines.
 */
export async function groupTotals(db: Queryable, snapshotId: number, prefix: string, scope: string[] | null, by: 'agency' | 'district'): Promise<GroupTotalRow[]> {
  const group = by === 'agency'
    ? { key: 'p.agency_id::text', join: `JOIN project p ON p.id = CASE WHEN r.dimension = 'project_area' THEN split_part(r.key, ':', 1)::bigint END JOIN agency n ON n.id = p.agency_id`, th: 'n.name_th', en: 'n.name_en' }
    : { key: `substr(split_part(r.key, ':', 2), 1, 4)`, join: `LEFT JOIN area n ON n.code = substr(split_part(r.key, ':', 2), 1, 4)`, th: 'n.name_th', en: 'n.name_en' };
  const r = await db.query<GroupTotalRow>(
    `SELECT ${group.key} AS group_key, ${group.th} AS name_th, ${group.en} AS name_en,
            sum(r.answers)::int AS answers, sum(r.yes)::int AS yes, sum(r.partly)::int AS partly, sum(r.no)::int AS no,
            sum(r.rated)::int AS rated, sum(r.rating_sum)::int AS rating_sum
     FROM evaluation_row r ${group.join}
     WHERE r.snapshot_id = $1 AND r.dimension = 'project_area' AND split_part(r.key, ':', 2) LIKE $2 || '%' AND ${PROJECT_AREA_VISIBLE(3)}
     GROUP BY 1, 2, 3`,
    [snapshotId, prefix, scope],
  );
  return r.rows;
}
