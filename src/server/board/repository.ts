/**
 * SQL of the public project board. Everything here is read without a sign-in, so each query
 * carries the public rules itself: only sub-districts (level 3) and their villages, only projects
 * with visibility 'public' of the given fiscal year that reach the sub-district, and of those only
 * the fields their agency made public (a field not in `public_fields` comes back null from the
 * database, so a mistake further up cannot show it). No query here reads an incident, a contact,
 * a need or a hidden comment.
 */
import type { Queryable } from '../db/database.ts';
import type { BudgetSource, PlannedOutput, ProjectStatus } from '../../shared/project-types.ts';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface SubdistrictRow {
  code: string;
  name_th: string;
  name_en: string | null;
  district_th: string | null;
  district_en: string | null;
  province_th: string | null;
  province_en: string | null;
}

const SUBDISTRICT_COLUMNS = `s.code, s.name_th, s.name_en, d.name_th AS district_th, d.name_en AS district_en,
  pv.name_th AS province_th, pv.name_en AS province_en`;
const SUBDISTRICT_FROM = `area s LEFT JOIN area d ON d.code = s.parent_code LEFT JOIN area pv ON pv.code = s.province_code`;

/**
 * Sub-districts where every word of `words` (lower case) is in the Thai or English name of the
 * sub-district, its district or its province, or whose code is `code`. Sub-districts named
 * exactly like a word (or the whole query) come first, then those whose name starts with one,
 * then the rest, in Thai order of name.
 */
export async function searchSubdistricts(db: Queryable, q: { words: string[]; whole: string; code: string | null }, limit: number): Promise<SubdistrictRow[]> {
  if (!q.words.length && !q.code) return [];
  const params: unknown[] = [q.words, q.whole, limit];
  const conds: string[] = [];
  for (const w of q.words) {
    params.push(`%${likeEscape(w)}%`);
    const n = params.length;
    conds.push(`(lower(s.name_th) LIKE $${n} OR lower(s.name_en) LIKE $${n} OR lower(d.name_th) LIKE $${n} OR lower(d.name_en) LIKE $${n}
      OR lower(pv.name_th) LIKE $${n} OR lower(pv.name_en) LIKE $${n})`);
  }
  let where = conds.length ? conds.join(' AND ') : 'false';
  if (q.code) {
    params.push(q.code);
    where = `(${where}) OR s.code = $${params.length}`;
  }
  const r = await db.query<SubdistrictRow>(
    `SELECT ${SUBDISTRICT_COLUMNS} FROM ${SUBDISTRICT_FROM}
     WHERE s.level = 3 AND (${where})
     ORDER BY CASE WHEN lower(s.name_th) = $2 OR lower(s.name_en) = $2
                     OR EXISTS (SELECT 1 FROM unnest($1::text[]) w(t) WHERE lower(s.name_th) = w.t OR lower(s.name_en) = w.t) THEN 0
                   WHEN EXISTS (SELECT 1 FROM unnest($1::text[]) w(t) WHERE starts_with(lower(s.name_th), w.t) OR starts_with(lower(coalesce(s.name_en, '')), w.t)) THEN 1
                   ELSE 2 END,
              s.name_th, s.code
     LIMIT $3`,
    params,
  );
  return r.rows;
}

/**
 * The sub-district covering a point ([lon, lat], WGS 84); a point in a gap between polygons or
 * just outside the coast (GPS is off by tens of metres) gets the nearest one within about a
 * kilometre (0.01 degree). Null when there is none.
 */
export async function subdistrictAt(db: Queryable, lon: number, lat: number): Promise<SubdistrictRow | null> {
  const r = await db.query<SubdistrictRow>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
     SELECT ${SUBDISTRICT_COLUMNS} FROM ${SUBDISTRICT_FROM}, pt
     WHERE s.level = 3 AND ST_DWithin(s.geom, pt.g, 0.01)
     ORDER BY ST_Intersects(s.geom, pt.g) DESC, ST_Distance(s.geom, pt.g), s.code
     LIMIT 1`,
    [lon, lat],
  );
  return r.rows[0] ?? null;
}

export interface SubdistrictDetailRow extends SubdistrictRow {
  province_code: string;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** One sub-district (level 3) with its names and bounding box, or null. */
export async function findSubdistrict(db: Queryable, code: string): Promise<SubdistrictDetailRow | null> {
  const r = await db.query<SubdistrictDetailRow>(
    `SELECT ${SUBDISTRICT_COLUMNS}, s.province_code,
       ST_XMin(s.geom) AS xmin, ST_YMin(s.geom) AS ymin, ST_XMax(s.geom) AS xmax, ST_YMax(s.geom) AS ymax
     FROM ${SUBDISTRICT_FROM} WHERE s.code = $1 AND s.level = 3`,
    [code],
  );
  return r.rows[0] ?? null;
}

export interface VillageRow {
  code: string;
  name_th: string;
  name_en: string | null;
}

/** The villages (level 4) of a sub-district, by code. */
export async function villagesOf(db: Queryable, subdistrictCode: string): Promise<VillageRow[]> {
  const r = await db.query<VillageRow>(
    `SELECT code, name_th, name_en FROM area WHERE parent_code = $1 AND level = 4 ORDER BY code`,
    [subdistrictCode],
  );
  return r.rows;
}

export interface PublicProjectRow {
  id: number;
  title: string;
  agency_th: string;
  agency_en: string | null;
  fiscal_year: number;
  public_fields: string[];
  objectives: string | null;
  budget_baht: number | null;
  budget_source: BudgetSource | null;
  start_date: string | null;
  end_date: string | null;
  status: ProjectStatus | null;
  responsible_name: string | null;
  planned_outputs: PlannedOutput[] | null;
  achieved_outputs: Array<{ name: string; achieved: number }> | null;
  percent_done: number | null;
  progress_fiscal_year: number | null;
  progress_quarter: number | null;
  has_geometry: boolean;
  /** GeoJSON text of the project's own geometry, when asked for and the project has one. */
  geometry: string | null;
  /** How many other sub-districts the project also reaches. */
  other_subdistricts: number;
}

/** The column of a project if its agency made `field` public, else null. */
const ifPublic = (field: string, expr: string) => `CASE WHEN '${field}' = ANY(p.public_fields) THEN ${expr} END`;

/**
 * The public projects of fiscal year `fiscalYear` that reach the sub-district (one of their
 * target areas is in it), with only their public fields; `projectId` narrows to one. Sorted by
 * title. The project's own geometry comes as GeoJSON text with `withGeometry`.
 */
export async function publicProjects(
  db: Queryable, subdistrictCode: string, fiscalYear: number, opts: { projectId?: number | null; withGeometry?: boolean } = {},
): Promise<PublicProjectRow[]> {
  const r = await db.query<PublicProjectRow>(
    `SELECT p.id, p.title, g.name_th AS agency_th, g.name_en AS agency_en, p.fiscal_year, p.public_fields,
       ${ifPublic('objectives', 'p.objectives')} AS objectives,
       ${ifPublic('budget', 'p.budget_baht')} AS budget_baht,
       ${ifPublic('budget', 'p.budget_source')} AS budget_source,
       ${ifPublic('schedule', 'p.start_date::text')} AS start_date,
       ${ifPublic('schedule', 'p.end_date::text')} AS end_date,
       ${ifPublic('status', 'p.status')} AS status,
       ${ifPublic('responsible', 'p.responsible_name')} AS responsible_name,
       ${ifPublic('outputs', 'p.planned_outputs')} AS planned_outputs,
       ${ifPublic('outputs', 'lp.outputs')} AS achieved_outputs,
       ${ifPublic('progress', 'lp.percent_done')} AS percent_done,
       ${ifPublic('progress', 'lp.fiscal_year')} AS progress_fiscal_year,
       ${ifPublic('progress', 'lp.quarter')} AS progress_quarter,
       p.geom IS NOT NULL AS has_geometry,
       CASE WHEN $4::boolean THEN ST_AsGeoJSON(p.geom, 6) END AS geometry,
       (SELECT count(DISTINCT o.subdistrict_code)::int FROM project_area o WHERE o.project_id = p.id AND o.subdistrict_code <> $1) AS other_subdistricts
     FROM project p
     JOIN agency g ON g.id = p.agency_id
     LEFT JOIN LATERAL (
       SELECT pp.fiscal_year, pp.quarter, pp.percent_done, pp.outputs FROM project_progress pp
       WHERE pp.project_id = p.id ORDER BY pp.fiscal_year DESC, pp.quarter DESC LIMIT 1
     ) lp ON true
     WHERE p.visibility = 'public' AND p.fiscal_year = $2
       AND EXISTS (SELECT 1 FROM project_area pa WHERE pa.project_id = p.id AND pa.subdistrict_code = $1)
       AND ($3::bigint IS NULL OR p.id = $3)
     ORDER BY p.title, p.id`,
    [subdistrictCode, fiscalYear, opts.projectId ?? null, opts.withGeometry ?? false],
  );
  return r.rows;
}

export interface ProjectAreaRow {
  project_id: number;
  code: string;
  level: number;
  name_th: string;
  name_en: string | null;
}

/** The target areas of the projects inside one sub-district (the sub-district itself or its villages). */
export async function projectAreasIn(db: Queryable, projectIds: number[], subdistrictCode: string): Promise<ProjectAreaRow[]> {
  if (!projectIds.length) return [];
  const r = await db.query<ProjectAreaRow>(
    `SELECT pa.project_id, pa.area_code AS code, a.level, a.name_th, a.name_en
     FROM project_area pa JOIN area a ON a.code = pa.area_code
     WHERE pa.project_id = ANY($1::bigint[]) AND pa.subdistrict_code = $2
     ORDER BY pa.project_id, pa.area_code`,
    [projectIds, subdistrictCode],
  );
  return r.rows;
}

export interface SnapshotRow {
  id: number;
  quarter: number;
  state: 'provisional' | 'closed';
  min_answers: number;
  computed_at: Date;
  closed_at: Date | null;
}

/** The evaluation snapshots of a province for the fiscal year and the given quarters (0 = the whole year). */
export async function snapshots(db: Queryable, provinceCode: string, fiscalYear: number, quarters: number[]): Promise<SnapshotRow[]> {
  const r = await db.query<SnapshotRow>(
    `SELECT id, quarter, state, min_answers, computed_at, closed_at FROM evaluation_snapshot
     WHERE province_code = $1 AND fiscal_year = $2 AND quarter = ANY($3::smallint[])`,
    [provinceCode, fiscalYear, quarters],
  );
  return r.rows;
}

export interface EvaluationRowRow {
  snapshot_id: number;
  key: string;
  answers: number;
  yes: number;
  partly: number;
  no: number;
  rated: number;
  rating_sum: number;
}

/** The 'project' lines of the snapshots for the given projects (key = the project's id). */
export async function projectEvaluationRows(db: Queryable, snapshotIds: number[], projectIds: number[]): Promise<EvaluationRowRow[]> {
  if (!snapshotIds.length || !projectIds.length) return [];
  const r = await db.query<EvaluationRowRow>(
    `SELECT snapshot_id, key, answers, yes, partly, no, rated, rating_sum FROM evaluation_row
     WHERE snapshot_id = ANY($1::bigint[]) AND dimension = 'project' AND key = ANY($2::text[])`,
    [snapshotIds, projectIds.map(String)],
  );
  return r.rows;
}

export interface CommentRow {
  project_id: number;
  comment: string;
  village_code: string | null;
  village_th: string | null;
  village_en: string | null;
  received_at: Date;
}

/**
 * The newest visible comments given about these projects by people of the sub-district: not
 * hidden by a moderator, not empty. The callers pass only projects the board shows.
 */
export async function visibleComments(db: Queryable, projectIds: number[], subdistrictCode: string, limit: number): Promise<CommentRow[]> {
  if (!projectIds.length) return [];
  const r = await db.query<CommentRow>(
    `SELECT f.project_id, f.comment, f.village_code, v.name_th AS village_th, v.name_en AS village_en, f.received_at
     FROM feedback f LEFT JOIN area v ON v.code = f.village_code
     WHERE f.project_id = ANY($1::bigint[]) AND f.subdistrict_code = $2 AND f.hidden_at IS NULL AND f.comment <> ''
     ORDER BY f.received_at DESC, f.id DESC
     LIMIT $3`,
    [projectIds, subdistrictCode, limit],
  );
  return r.rows;
}

export interface CategoryRow {
  code: string;
  label_th: string;
  label_en: string;
}

/** The categories a need can be about: the active ones, in their order. */
export async function activeCategories(db: Queryable): Promise<CategoryRow[]> {
  const r = await db.query<CategoryRow>(`SELECT code, label_th, label_en FROM category WHERE active ORDER BY sort_order, code`);
  return r.rows;
}

/** How many days contact details are kept (app_setting contact_retention_days; 180 when unset). */
export async function contactRetentionDays(db: Queryable): Promise<number> {
  const r = await db.query<{ v: string | null }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'contact_retention_days'`);
  const n = Number(r.rows[0]?.v);
  return Number.isInteger(n) && n > 0 ? n : 180;
}

/** The fewest answers to judge by (app_setting evaluation_min_answers; 5 when unset), for periods without a snapshot. */
export async function evaluationMinAnswers(db: Queryable): Promise<number> {
  const r = await db.query<{ v: string | null }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'evaluation_min_answers'`);
  const n = Number(r.rows[0]?.v);
  return Number.isInteger(n) && n > 0 ? n : 5;
}

export interface MapRows {
  outline: string | null;
  villages: Array<{ code: string; name_th: string; name_en: string | null; g: string }>;
  projects: Array<{ id: number; title: string; g: string }>;
}

/**
 * What the board's map draws, as GeoJSON text (6 decimals, about 10 cm): the sub-district's outline
 * simplified for a phone's screen, its villages, and the geometries of the given projects.
 */
export async function mapGeometries(db: Queryable, subdistrictCode: string, projectIds: number[]): Promise<MapRows> {
  const outline = (await db.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)) / 1000), 6) AS g
     FROM area WHERE code = $1 AND level = 3`,
    [subdistrictCode],
  )).rows[0]?.g ?? null;
  const villages = (await db.query<{ code: string; name_th: string; name_en: string | null; g: string }>(
    `SELECT code, name_th, name_en, ST_AsGeoJSON(coalesce(label_point, ST_PointOnSurface(geom)), 6) AS g
     FROM area WHERE parent_code = $1 AND level = 4 ORDER BY code`,
    [subdistrictCode],
  )).rows;
  const projects = projectIds.length
    ? (await db.query<{ id: number; title: string; g: string }>(
      `SELECT id, title, ST_AsGeoJSON(geom, 6) AS g FROM project WHERE id = ANY($1::bigint[]) AND geom IS NOT NULL AND visibility = 'public' ORDER BY id`,
      [projectIds],
    )).rows
    : [];
  return { outline, villages, projects };
}
