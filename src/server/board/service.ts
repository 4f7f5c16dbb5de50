/**
 * The public project board (issue 5, section 1): what a person of a sub-district sees without
 * signing in, for the HTML pages and the JSON of /api/public. Rules, all applied in the
 * repository's queries:
 * - Only sub-districts (level 3) are boards; a village belongs to its sub-district's board.
 * - A project is shown when its visibility is 'public', its fiscal year is the current one
 *   (fiscalYearOf(now)) and one of its target areas is in the sub-district. An internal project,
 *   one of another year or of another sub-district answers exactly like a missing one (404), so the
 *   public cannot learn that it exists.
 * - Of a shown project only title, agency, fiscal year and its target areas are always public;
 *   objectives, budget, schedule, status, progress, responsible person (never the phone) and
 *   outputs only when listed in its public_fields. Photos are not shown on the board.
 * - The people's evaluation is read from the snapshots of the current fiscal quarter and of the
 *   whole year (evaluation_snapshot, quarter 0 = the year; lines of dimension 'project', key =
 *   the project's id), as computed: a project with fewer answers than the snapshot's minimum is
 *   marked too few to judge. Without a snapshot there is no evaluation yet.
 * - Comments: those visible (not hidden by a moderator), about the projects shown, given by people
 *   of this sub-district, newest first, as plain text. Never contact details, never a need.
 */
import type { Queryable } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { fiscalQuarterOf, fiscalYearOf } from '../../shared/fiscal.ts';
import { meanRating, shareMeets, type EvaluationCounts } from '../../shared/feedback-types.ts';
import type { BudgetSource, ProjectStatus } from '../../shared/project-types.ts';
import * as repo from './repository.ts';

/** A sub-district as search, location and the board name it. */
export interface AreaItem {
  code: string;
  nameTh: string;
  nameEn: string | null;
  districtTh: string | null;
  districtEn: string | null;
  provinceTh: string | null;
  provinceEn: string | null;
}

export interface VillageItem {
  code: string;
  nameTh: string;
  nameEn: string | null;
}

/** The sub-district of a board: its names, villages and bounding box [west, south, east, north]. */
export interface BoardArea extends AreaItem {
  provinceCode: string;
  villages: VillageItem[];
  bbox: [number, number, number, number];
}

/** One period's evaluation of a project, from a snapshot. */
export interface EvaluationSummary {
  fiscalYear: number;
  /** 1-4, or 0 for the whole fiscal year. */
  quarter: number;
  state: 'provisional' | 'closed';
  computedAt: string;
  minAnswers: number;
  answers: number;
  yes: number;
  partly: number;
  no: number;
  /** yes / answers, 0..1; null without answers. */
  shareMeets: number | null;
  /** Mean of the ratings given, 1..5; null when none was. */
  meanRating: number | null;
  /** Fewer answers than minAnswers: shown, but too few to judge. */
  tooFew: boolean;
}

/** A snapshot the board read, without the lines. */
export interface SnapshotSummary {
  fiscalYear: number;
  quarter: number;
  state: 'provisional' | 'closed';
  computedAt: string;
  minAnswers: number;
}

export interface BoardProject {
  id: number;
  title: string;
  agency: { nameTh: string; nameEn: string | null };
  fiscalYear: number;
  /** Which of the optional fields the agency made public. */
  publicFields: string[];
  objectives: string | null;
  budget: { baht: number; source: BudgetSource } | null;
  schedule: { startDate: string | null; endDate: string | null } | null;
  status: ProjectStatus | null;
  /** The latest progress report: cumulative percent done and its fiscal quarter. */
  progress: { percentDone: number; fiscalYear: number; quarter: number } | null;
  responsibleName: string | null;
  /** Planned outputs with what the latest report says was achieved. */
  outputs: Array<{ name: string; unit: string; target: number; achieved: number | null }> | null;
  /** Its target areas inside this sub-district: the sub-district itself and/or villages. */
  areas: Array<{ code: string; level: number; nameTh: string; nameEn: string | null }>;
  /** Other sub-districts it also reaches. */
  otherSubdistricts: number;
  hasGeometry: boolean;
  /** Its own geometry (GeoJSON), in the JSON API only. */
  geometry?: { type: string; coordinates: unknown } | null;
  evaluation: { quarter: EvaluationSummary | null; year: EvaluationSummary | null };
}

export interface BoardComment {
  projectId: number;
  text: string;
  villageCode: string | null;
  villageTh: string | null;
  villageEn: string | null;
  /** When it reached COMAP (ISO 8601). */
  date: string;
}

export interface SubdistrictBoard {
  area: BoardArea;
  fiscalYear: number;
  /** The current fiscal quarter, whose evaluation the board shows. */
  quarter: number;
  evaluation: { quarter: SnapshotSummary | null; year: SnapshotSummary | null; minAnswers: number };
  projects: BoardProject[];
  comments: BoardComment[];
}

/** How many comments a board shows. */
export const BOARD_COMMENTS = 20;
/** Longest search text taken. */
export const SEARCH_MAX_CHARS = 100;

// Words people put before a name: "ตำบล", "ต.", "อำเภอ", "tambon"... They name no place.
const PLACE_PREFIXES = ['ตำบล', 'แขวง', 'อำเภอ', 'เขต', 'จังหวัด', 'ต.', 'อ.', 'จ.'];
const PLACE_WORDS = new Set(['tambon', 'amphoe', 'amphur', 'changwat', 'khwaeng', 'khet', 'subdistrict', 'sub-district', 'district', 'province', 'ตำบล', 'แขวง', 'อำเภอ', 'เขต', 'จังหวัด', 'ต.', 'อ.', 'จ.']);

/**
 * Turns what a person typed into search words: lower case, split at spaces and commas, without
 * the administrative words ("ตำบล", "อ.", "tambon", "district") that are not part of a name, at
 * most five words. A 6-digit DOPA code (or an OCHA pcode "TH320101") is kept as a code.
 */
export function parseSearch(text: string): { words: string[]; whole: string; code: string | null } {
  const cleaned = String(text ?? '').slice(0, SEARCH_MAX_CHARS).normalize('NFC').toLowerCase().trim();
  const codeMatch = /^(?:th)?([0-9]{6})$/.exec(cleaned.replace(/\s+/g, ''));
  if (codeMatch) return { words: [], whole: '', code: codeMatch[1] };
  const words: string[] = [];
  for (let w of cleaned.split(/[\s,]+/)) {
    if (PLACE_WORDS.has(w)) continue;
    for (const p of PLACE_PREFIXES) if (w.startsWith(p) && w.length > p.length) w = w.slice(p.length);
    if (w && !PLACE_WORDS.has(w) && !words.includes(w)) words.push(w);
  }
  let whole = cleaned;
  for (const p of PLACE_PREFIXES) if (whole.startsWith(p)) whole = whole.slice(p.length).trim();
  return { words: words.slice(0, 5), whole, code: null };
}

const areaItem = (r: repo.SubdistrictRow): AreaItem => ({
  code: r.code, nameTh: r.name_th, nameEn: r.name_en, districtTh: r.district_th, districtEn: r.district_en, provinceTh: r.province_th, provinceEn: r.province_en,
});

/** Sub-districts matching a search by Thai or English name (see {@link parseSearch}). */
export async function searchSubdistricts(db: Queryable, text: string, limit = 20): Promise<AreaItem[]> {
  const q = parseSearch(text);
  return (await repo.searchSubdistricts(db, q, Math.max(1, Math.min(50, limit)))).map(areaItem);
}

/** The sub-district at a GPS position (longitude, latitude), or null. */
export async function locateSubdistrict(db: Queryable, lon: number, lat: number): Promise<AreaItem | null> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  const r = await repo.subdistrictAt(db, lon, lat);
  return r ? areaItem(r) : null;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The sub-district of a board with its villages; 404 when the code is not a sub-district's. */
export async function boardArea(db: Queryable, code: string): Promise<BoardArea> {
  const r = /^[0-9]{6}$/.test(code) ? await repo.findSubdistrict(db, code) : null;
  if (!r) throw notFound(`sub-district ${String(code).slice(0, 20)}`);
  const villages = (await repo.villagesOf(db, code)).map((v) => ({ code: v.code, nameTh: v.name_th, nameEn: v.name_en }));
  return { ...areaItem(r), provinceCode: r.province_code, villages, bbox: [r6(r.xmin), r6(r.ymin), r6(r.xmax), r6(r.ymax)] };
}

function summary(s: repo.SnapshotRow, fiscalYear: number): SnapshotSummary {
  return { fiscalYear, quarter: Number(s.quarter), state: s.state, computedAt: new Date(s.computed_at).toISOString(), minAnswers: Number(s.min_answers) };
}

function evaluationOf(s: SnapshotSummary | null, row: repo.EvaluationRowRow | undefined): EvaluationSummary | null {
  if (!s) return null;
  const c: EvaluationCounts = {
    answers: Number(row?.answers ?? 0), yes: Number(row?.yes ?? 0), partly: Number(row?.partly ?? 0), no: Number(row?.no ?? 0),
    rated: Number(row?.rated ?? 0), ratingSum: Number(row?.rating_sum ?? 0),
  };
  return {
    ...s, answers: c.answers, yes: c.yes, partly: c.partly, no: c.no,
    shareMeets: shareMeets(c), meanRating: meanRating(c), tooFew: c.answers < s.minAnswers,
  };
}

function toProject(r: repo.PublicProjectRow, areas: repo.ProjectAreaRow[], evaluation: BoardProject['evaluation'], withGeometry: boolean): BoardProject {
  const achieved = new Map((r.achieved_outputs ?? []).map((o) => [o.name, Number(o.achieved)]));
  const p: BoardProject = {
    id: Number(r.id),
    title: r.title,
    agency: { nameTh: r.agency_th, nameEn: r.agency_en },
    fiscalYear: r.fiscal_year,
    publicFields: r.public_fields,
    objectives: r.objectives,
    budget: r.budget_baht != null && r.budget_source ? { baht: Number(r.budget_baht), source: r.budget_source } : null,
    schedule: r.public_fields.includes('schedule') ? { startDate: r.start_date, endDate: r.end_date } : null,
    status: r.status,
    progress: r.percent_done != null && r.progress_fiscal_year != null && r.progress_quarter != null
      ? { percentDone: Number(r.percent_done), fiscalYear: Number(r.progress_fiscal_year), quarter: Number(r.progress_quarter) }
      : null,
    responsibleName: r.responsible_name ? r.responsible_name : null,
    outputs: r.planned_outputs
      ? r.planned_outputs.map((o) => ({ name: o.name, unit: o.unit, target: Number(o.target), achieved: achieved.has(o.name) ? achieved.get(o.name)! : null }))
      : null,
    areas: areas.map((a) => ({ code: a.code, level: Number(a.level), nameTh: a.name_th, nameEn: a.name_en })),
    otherSubdistricts: Number(r.other_subdistricts),
    hasGeometry: r.has_geometry,
    evaluation,
  };
  if (withGeometry) p.geometry = r.geometry ? JSON.parse(r.geometry) : null;
  return p;
}

/**
 * Everything a sub-district's board shows: its projects of the current fiscal year with their
 * public fields and evaluation, and the recent visible comments. `projectId` narrows it to one
 * project (404 when that project is not on this board).
 */
export async function subdistrictBoard(
  db: Queryable, code: string, opts: { now?: Date; projectId?: number; withGeometry?: boolean; comments?: number } = {},
): Promise<SubdistrictBoard> {
  const now = opts.now ?? new Date();
  const fiscalYear = fiscalYearOf(now);
  const quarter = fiscalQuarterOf(now);
  const area = await boardArea(db, code);
  const rows = await repo.publicProjects(db, code, fiscalYear, { projectId: opts.projectId ?? null, withGeometry: opts.withGeometry });
  if (opts.projectId != null && !rows.length) throw notFound(`project ${opts.projectId} on the board of sub-district ${code}`);
  const ids = rows.map((r) => Number(r.id));
  const snaps = await repo.snapshots(db, area.provinceCode, fiscalYear, [quarter, 0]);
  const qSnap = snaps.find((s) => Number(s.quarter) === quarter);
  const ySnap = snaps.find((s) => Number(s.quarter) === 0);
  const qSum = qSnap ? summary(qSnap, fiscalYear) : null;
  const ySum = ySnap ? summary(ySnap, fiscalYear) : null;
  const evalRows = await repo.projectEvaluationRows(db, snaps.map((s) => Number(s.id)), ids);
  const rowOf = (snap: repo.SnapshotRow | undefined, id: number) => (snap ? evalRows.find((e) => Number(e.snapshot_id) === Number(snap.id) && e.key === String(id)) : undefined);
  const areas = await repo.projectAreasIn(db, ids, code);
  const projects = rows.map((r) => {
    const id = Number(r.id);
    return toProject(r, areas.filter((a) => Number(a.project_id) === id), {
      quarter: evaluationOf(qSum, rowOf(qSnap, id)),
      year: evaluationOf(ySum, rowOf(ySnap, id)),
    }, opts.withGeometry ?? false);
  });
  const comments = (await repo.visibleComments(db, ids, code, opts.comments ?? BOARD_COMMENTS)).map((c): BoardComment => ({
    projectId: Number(c.project_id), text: c.comment, villageCode: c.village_code, villageTh: c.village_th, villageEn: c.village_en,
    date: new Date(c.received_at).toISOString(),
  }));
  const minAnswers = qSum?.minAnswers ?? (await repo.evaluationMinAnswers(db));
  return { area, fiscalYear, quarter, evaluation: { quarter: qSum, year: ySum, minAnswers }, projects, comments };
}

/** What the need form offers: the active categories. */
export async function needCategories(db: Queryable): Promise<Array<{ code: string; labelTh: string; labelEn: string }>> {
  return (await repo.activeCategories(db)).map((c) => ({ code: c.code, labelTh: c.label_th, labelEn: c.label_en }));
}

/** Days contact details are kept before they are deleted (the administrator's setting). */
export function contactRetentionDays(db: Queryable): Promise<number> {
  return repo.contactRetentionDays(db);
}

/**
 * The board's map as one GeoJSON FeatureCollection: the sub-district's outline (kind
 * 'subdistrict'), its villages (kind 'village', with `target` true when a shown project targets
 * it) and the geometries of the shown projects (kind 'project', with id and title).
 */
export async function boardMap(db: Queryable, code: string, now = new Date()): Promise<{ type: 'FeatureCollection'; bbox: number[]; features: unknown[] }> {
  const area = await boardArea(db, code);
  const rows = await repo.publicProjects(db, code, fiscalYearOf(now));
  const ids = rows.map((r) => Number(r.id));
  const targeted = new Set((await repo.projectAreasIn(db, ids, code)).filter((a) => Number(a.level) === 4).map((a) => a.code));
  const g = await repo.mapGeometries(db, code, ids);
  const features: unknown[] = [];
  if (g.outline) features.push({ type: 'Feature', properties: { kind: 'subdistrict', code }, geometry: JSON.parse(g.outline) });
  for (const v of g.villages) {
    features.push({ type: 'Feature', properties: { kind: 'village', code: v.code, nameTh: v.name_th, nameEn: v.name_en, target: targeted.has(v.code) }, geometry: JSON.parse(v.g) });
  }
  for (const p of g.projects) features.push({ type: 'Feature', properties: { kind: 'project', id: Number(p.id), title: p.title }, geometry: JSON.parse(p.g) });
  return { type: 'FeatureCollection', bbox: area.bbox, features };
}
