/**
 * The people's evaluation (issue 5, section 3): computing, closing and reading the snapshots of a
 * province's fiscal quarters (1-4) and years (0).
 *
 * Rules:
 * - An answer belongs to the fiscal year and quarter in which it reached COMAP (received_at, Thai
 *   time), also for a village meeting recorded later than it was held; the year snapshot counts
 *   the answers of its four quarters.
 * - A snapshot is provisional while its period runs: recomputing it replaces its lines. Once the
 *   period has ended it is closed (by the hourly job, or by a recompute asked after the end) and is
 *   never computed again, so answers arriving later (which by the rule above belong to a later
 *   quarter, or were written around the API) do not change it.
 * - The lines are counted by the database in one statement (see repository.LINE_STATEMENTS): per
 *   province, project, project in one sub-district (project_area, key "projectId:subdistrictCode"),
 *   agency, sub-district, district, category (each category of the project) and channel.
 * - "Meets needs" share = yes / answers; mean rating over the answers that gave one. A line with
 *   fewer answers than the snapshot's minimum (app_setting evaluation_min_answers when it was
 *   computed) is shown but flagged as too few to judge.
 * - Need-to-know: every signed-in role reads the evaluation, with the projects' read rule (internal
 *   projects are not hidden from signed-in users; a user limited to areas sees the projects
 *   touching them, an area officer without areas sees nothing). A user limited to areas sees the
 *   lines of their districts and sub-districts, of the projects reaching them and of those
 *   projects in their sub-districts; the province-wide lines (province, agency, category, channel)
 *   only when their scope is the whole province. Their snapshot totals count their sub-districts.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Role, Viewer } from '../auth/viewer.ts';
import { inScope } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { fiscalQuarterOf, fiscalQuarterPeriod, fiscalYearOf, fiscalYearPeriod, type Period } from '../../shared/fiscal.ts';
import {
  EVALUATION_DIMENSIONS, metNeeds, type EvaluationCounts, type EvaluationDimension, type EvaluationLine, type EvaluationSnapshotInfo,
} from '../../shared/feedback-types.ts';
import type { FeedbackCell } from '../../shared/indicator-compute.ts';
import type { DashboardEvaluation } from '../../shared/dashboard-types.ts';
import { addCounts, lineLabel, NO_COUNTS, sortLines, toEvaluationLine } from '../../shared/evaluation-lines.ts';
import { evaluationCsv, evaluationXlsx, type ExportLine } from './export.ts';
import * as repo from './repository.ts';

/** Roles that recompute a snapshot (or close an ended period on demand). */
export const EVALUATION_RECOMPUTERS: readonly Role[] = ['admin', 'analyst'];

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The areas a viewer reads the evaluation in: the projects' rule (null = everything, [] = nothing). */
export function evaluationScope(viewer: Viewer): string[] | null {
  if (viewer.areaCodes.length) return viewer.areaCodes;
  return viewer.role === 'area_officer' ? [] : null;
}

/** The instants of a quarter, or of the fiscal year for quarter 0. */
export function evaluationPeriod(fiscalYear: number, quarter: number): Period {
  return quarter === 0 ? fiscalYearPeriod(fiscalYear) : fiscalQuarterPeriod(fiscalYear, quarter);
}

function checkPeriod(fiscalYear: number, quarter: number): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2500 || fiscalYear > 2700) {
    throw badRequest(`fiscalYear must be a Buddhist Era fiscal year such as 2568, got ${fiscalYear}`, [{ field: 'fiscalYear', message: 'not a fiscal year' }]);
  }
  if (!Number.isInteger(quarter) || quarter < 0 || quarter > 4) {
    throw badRequest(`quarter must be 1 to 4, or 0 for the whole fiscal year, got ${quarter}`, [{ field: 'quarter', message: 'not a quarter' }]);
  }
}

function toInfo(r: repo.SnapshotRow): EvaluationSnapshotInfo {
  return {
    id: Number(r.id), provinceCode: r.province_code, fiscalYear: r.fiscal_year, quarter: Number(r.quarter), state: r.state,
    minAnswers: r.min_answers, answers: Number(r.answers), computedAt: iso(r.computed_at), closedAt: r.closed_at ? iso(r.closed_at) : null,
  };
}

const countsOf = (r: repo.CountsRow): EvaluationCounts => ({ answers: r.answers, yes: r.yes, partly: r.partly, no: r.no, rated: r.rated, ratingSum: r.rating_sum });

function toLine(r: repo.LineRow, minAnswers: number): EvaluationLine {
  const label = lineLabel(r.dimension, r.key, {
    nameTh: r.name_th, nameEn: r.name_en, subdistrictTh: r.subdistrict_th, subdistrictEn: r.subdistrict_en, districtTh: r.district_th, districtEn: r.district_en,
  });
  return toEvaluationLine(r.dimension, r.key, countsOf(r), label, minAnswers);
}

/* -------------------------------------------------------------- computing */

interface PeriodRef {
  province: string;
  fiscalYear: number;
  quarter: number;
}

/**
 * Computes the snapshot of a period in the caller's transaction: closed when the period has ended
 * by `now`, provisional otherwise. Null when the period is already closed (nothing is changed).
 */
async function computeSnapshot(tx: Queryable, p: PeriodRef, now: Date, userId: number | null): Promise<repo.SnapshotRow | null> {
  const state: repo.SnapshotState = evaluationPeriod(p.fiscalYear, p.quarter).end <= now ? 'closed' : 'provisional';
  const minAnswers = await repo.minAnswersSetting(tx);
  const id = await repo.claimSnapshot(tx, { ...p, state, minAnswers, at: now, userId });
  if (id == null) return null;
  await repo.fillSnapshot(tx, id, p);
  return repo.getSnapshot(tx, p.province, p.fiscalYear, p.quarter);
}

/** The fiscal years whose ended periods are closed: the current one and the one before it. */
const closingYears = (now: Date) => [fiscalYearOf(now) - 1, fiscalYearOf(now)];

/** The periods (quarters, then the year) of the closing years that have ended by `now`. */
function endedPeriods(now: Date): Array<{ fiscalYear: number; quarter: number }> {
  const out: Array<{ fiscalYear: number; quarter: number }> = [];
  for (const fy of closingYears(now)) {
    for (const q of [1, 2, 3, 4, 0]) if (evaluationPeriod(fy, q).end <= now) out.push({ fiscalYear: fy, quarter: q });
  }
  return out;
}

const system = { userId: null, username: 'system' };

/**
 * Closes, in the caller's transaction, each ended quarter and year of the current and previous
 * fiscal year of one province that has no closed snapshot (a provisional one is recomputed and
 * closed); audited as the system. Returns how many it closed.
 */
export async function closeProvincePeriods(tx: Queryable, province: string, now = new Date()): Promise<number> {
  const closed = await repo.closedPeriods(tx, closingYears(now));
  let n = 0;
  for (const p of endedPeriods(now)) {
    if (closed.has(`${province}:${p.fiscalYear}:${p.quarter}`)) continue;
    const before = await repo.getSnapshot(tx, province, p.fiscalYear, p.quarter, true);
    const s = await computeSnapshot(tx, { province, ...p }, now, null);
    if (!s) continue;
    await insertAudit(tx, {
      ...system, action: 'close', entity: 'evaluation_snapshot', entityId: s.id,
      before: before ? toInfo(before) : null, after: toInfo(s), details: { provinceCode: province, fiscalYear: p.fiscalYear, quarter: p.quarter },
    });
    n += 1;
  }
  return n;
}

/**
 * For every province with feedback or projects, closes each ended quarter and year of the current
 * and previous fiscal year that has no closed snapshot yet (recomputing the provisional one if
 * any), one transaction per province. Returns how many snapshots it closed. The hourly job of
 * `comap serve` (src/server/jobs.ts) calls it.
 */
export async function closeEndedPeriods(db: Database, now = new Date()): Promise<number> {
  let n = 0;
  for (const province of await repo.provincesWithData(db)) n += await db.transaction((tx) => closeProvincePeriods(tx, province, now));
  return n;
}

/**
 * Recomputes, in the caller's transaction, the provisional snapshots of the running quarter and
 * the running fiscal year of a province (the demo load calls it after seeding answers).
 */
export async function refreshRunningPeriods(tx: Queryable, province: string, now = new Date()): Promise<number> {
  let n = 0;
  for (const quarter of [fiscalQuarterOf(now), 0]) {
    if (await computeSnapshot(tx, { province, fiscalYear: fiscalYearOf(now), quarter }, now, null)) n += 1;
  }
  return n;
}

export interface RecomputeInput {
  provinceCode: string;
  fiscalYear: number;
  quarter: number;
}

async function checkProvince(db: Queryable, code: string): Promise<{ code: string; name_th: string; name_en: string | null }> {
  if (!/^[0-9]{2}$/.test(code)) throw badRequest(`provinceCode "${code}" is not a 2-digit province code`, [{ field: 'provinceCode', message: 'not a province code' }]);
  const p = await repo.findProvince(db, code);
  if (!p) throw notFound(`province ${code}`);
  return p;
}

/**
 * Recomputes the provisional snapshot of a period (POST /api/evaluation/recompute); a period that
 * has ended is closed instead, and a closed one is refused (409). Administrators and analysts
 * whose scope holds the province; audited with the snapshot before and after.
 */
export async function recomputeSnapshot(db: Database, viewer: Viewer, input: RecomputeInput, now = new Date()): Promise<EvaluationSnapshotInfo> {
  if (!EVALUATION_RECOMPUTERS.includes(viewer.role)) throw forbidden(`recomputing the evaluation needs one of the roles: ${EVALUATION_RECOMPUTERS.join(', ')}`);
  checkPeriod(input.fiscalYear, input.quarter);
  await checkProvince(db, input.provinceCode);
  if (!inScope(viewer, input.provinceCode)) throw forbidden(`the evaluation covers the whole province ${input.provinceCode}, which is outside your area scope (${viewer.areaCodes.join(', ')})`);
  const period = evaluationPeriod(input.fiscalYear, input.quarter);
  const what = input.quarter === 0 ? `fiscal year ${input.fiscalYear}` : `Q${input.quarter} of fiscal year ${input.fiscalYear}`;
  if (period.start > now) throw badRequest(`${what} has not started yet: there is nothing to evaluate`, [{ field: 'quarter', message: 'in the future' }]);
  return db.transaction(async (tx) => {
    const p = { province: input.provinceCode, fiscalYear: input.fiscalYear, quarter: input.quarter };
    const before = await repo.getSnapshot(tx, p.province, p.fiscalYear, p.quarter, true);
    const closedMsg = (at: Date | null) => `the evaluation of ${what} in province ${p.province} was closed${at ? ` on ${iso(at)}` : ''}: a closed snapshot is never recomputed`;
    if (before?.state === 'closed') throw conflict(closedMsg(before.closed_at));
    const s = await computeSnapshot(tx, p, now, viewer.userId);
    if (!s) throw conflict(closedMsg(null));
    await insertAudit(tx, {
      userId: viewer.userId, username: viewer.username, action: s.state === 'closed' ? 'close' : 'recompute', entity: 'evaluation_snapshot', entityId: s.id,
      before: before ? toInfo(before) : null, after: toInfo(s), details: { provinceCode: p.province, fiscalYear: p.fiscalYear, quarter: p.quarter },
    });
    return toInfo(s);
  });
}

/* ---------------------------------------------------------------- reading */

/** Refuses a viewer whose scope does not touch the province. */
function assertReads(viewer: Viewer, province: string): string[] | null {
  const scope = evaluationScope(viewer);
  if (scope && !scope.some((c) => c.startsWith(province) || province.startsWith(c))) {
    throw forbidden(scope.length ? `province ${province} is outside your area scope (${scope.join(', ')})` : 'your account has no area scope: ask an administrator to set your areas');
  }
  return scope;
}

export interface EvaluationQuery {
  provinceCode: string;
  fiscalYear?: number;
  /** 1-4 or 0 (the year); default: the running quarter of the current fiscal year, else the year. */
  quarter?: number;
  dimension?: EvaluationDimension;
}

/** The snapshot of one period and the lines the viewer may see (GET /api/evaluation), most answers first. */
export async function getEvaluation(db: Queryable, viewer: Viewer, q: EvaluationQuery, now = new Date()): Promise<{ snapshot: EvaluationSnapshotInfo | null; lines: EvaluationLine[] }> {
  await checkProvince(db, q.provinceCode);
  const scope = assertReads(viewer, q.provinceCode);
  const fy = q.fiscalYear ?? fiscalYearOf(now);
  const quarter = q.quarter ?? (fy === fiscalYearOf(now) ? fiscalQuarterOf(now) : 0);
  checkPeriod(fy, quarter);
  if (q.dimension !== undefined && !EVALUATION_DIMENSIONS.includes(q.dimension)) {
    throw badRequest(`dimension must be one of ${EVALUATION_DIMENSIONS.join(', ')}`, [{ field: 'dimension', message: 'unknown dimension' }]);
  }
  const snap = (await repo.listSnapshots(db, q.provinceCode, fy, scope)).find((s) => Number(s.quarter) === quarter);
  if (!snap) return { snapshot: null, lines: [] };
  const rows = await repo.snapshotLines(db, [Number(snap.id)], q.dimension ?? null, scope);
  return { snapshot: toInfo(snap), lines: sortLines(rows.map((r) => toLine(r, snap.min_answers))) };
}

/** Every snapshot of a province, newest first (GET /api/evaluation/history). */
export async function evaluationHistory(db: Queryable, viewer: Viewer, provinceCode: string): Promise<EvaluationSnapshotInfo[]> {
  await checkProvince(db, provinceCode);
  const scope = assertReads(viewer, provinceCode);
  return (await repo.listSnapshots(db, provinceCode, null, scope)).map(toInfo);
}

/** The downloadable evaluation of a fiscal year: every snapshot, every dimension the viewer may see. */
export async function evaluationExport(
  db: Queryable, viewer: Viewer, q: { provinceCode: string; fiscalYear?: number; format: 'xlsx' | 'csv' }, now = new Date(),
): Promise<{ filename: string; contentType: string; body: Buffer | string }> {
  const province = await checkProvince(db, q.provinceCode);
  const scope = assertReads(viewer, q.provinceCode);
  const fy = q.fiscalYear ?? fiscalYearOf(now);
  checkPeriod(fy, 0);
  // Quarters in order, then the year.
  const snaps = (await repo.listSnapshots(db, q.provinceCode, fy, scope)).sort((a, b) => (a.quarter || 5) - (b.quarter || 5));
  const rows = snaps.length ? await repo.snapshotLines(db, snaps.map((s) => Number(s.id)), null, scope) : [];
  const bySnapshot = new Map<number, repo.LineRow[]>();
  for (const r of rows) bySnapshot.set(Number(r.snapshot_id), [...(bySnapshot.get(Number(r.snapshot_id)) ?? []), r]);
  const lines: ExportLine[] = [];
  for (const s of snaps) {
    const mine = (bySnapshot.get(Number(s.id)) ?? []).map((r) => toLine(r, s.min_answers));
    for (const d of EVALUATION_DIMENSIONS) {
      for (const l of sortLines(mine.filter((x) => x.dimension === d))) lines.push({ ...l, fiscalYear: s.fiscal_year, quarter: Number(s.quarter), state: s.state });
    }
  }
  const info = {
    provinceTh: province.name_th, fiscalYear: fy, snapshots: snaps.map(toInfo), exportedBy: viewer.username, now, partial: scope != null,
  };
  const base = `evaluation-${q.provinceCode}-${fy}`;
  if (q.format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: evaluationCsv(lines) };
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await evaluationXlsx(lines, info) };
}

/* ------------------------------------------------------- what others read */

/**
 * The people's evaluation as the indicator "share of projects that met needs" counts it: per
 * sub-district and fiscal quarter (bucket 0 = Q1 of `firstFiscalYear`, as in
 * src/shared/indicator-compute.ts), the projects in that sub-district with at least the snapshot's
 * minimum of answers (count) and those of them that met needs by metNeeds() (metNeeds). Ended
 * quarters are read from their closed snapshots only, the running quarter from its provisional
 * one. The indicator's ratio sums the quarters from Q1 to the quarter of the value, so a project
 * is judged once in each quarter it was answered about.
 */
export async function feedbackCells(db: Queryable, province: string, firstFiscalYear: number, lastFiscalYear: number, now = new Date()): Promise<FeedbackCell[]> {
  const rows = await repo.projectAreaCells(db, province, firstFiscalYear, lastFiscalYear);
  const cells = new Map<string, FeedbackCell>();
  for (const r of rows) {
    const ended = fiscalQuarterPeriod(r.fiscal_year, Number(r.quarter)).end <= now;
    if (r.state !== (ended ? 'closed' : 'provisional')) continue;
    const met = metNeeds(countsOf(r), r.min_answers);
    if (met === null) continue;
    const bucket = (r.fiscal_year - firstFiscalYear) * 4 + Number(r.quarter) - 1;
    const k = `${r.subdistrict_code}:${bucket}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { subdistrict: r.subdistrict_code, bucket, count: 0, metNeeds: 0 }));
    c.count += 1;
    if (met) c.metNeeds += 1;
  }
  return [...cells.values()];
}

function groupLines(rows: repo.GroupTotalRow[], dimension: EvaluationDimension, minAnswers: number): EvaluationLine[] {
  return rows.map((r) => toEvaluationLine(dimension, r.group_key, countsOf(r), lineLabel(dimension, r.group_key, { nameTh: r.name_th, nameEn: r.name_en }), minAnswers));
}

/**
 * The evaluation section of the dashboard and the quarterly review pack: the quarter's snapshot
 * for the area shown (province, district or sub-district) within the viewer's scope - its
 * answers, share meeting needs, mean rating, too few to judge - and one line per agency. Null when
 * the quarter has no snapshot.
 */
export async function dashboardEvaluation(db: Queryable, scope: string[] | null, province: string, areaCode: string, fiscalYear: number, quarter: number): Promise<DashboardEvaluation | null> {
  const snap = await repo.getSnapshot(db, province, fiscalYear, quarter);
  if (!snap) return null;
  const agencies = sortLines(groupLines(await repo.groupTotals(db, Number(snap.id), areaCode, scope, 'agency'), 'agency', snap.min_answers));
  const total = agencies.reduce<EvaluationCounts>((s, l) => addCounts(s, l), NO_COUNTS);
  const line = toEvaluationLine('province', areaCode, total, { th: '', en: '' }, snap.min_answers);
  return {
    snapshotId: Number(snap.id), fiscalYear, quarter, state: snap.state, minAnswers: snap.min_answers, computedAt: iso(snap.computed_at),
    closedAt: snap.closed_at ? iso(snap.closed_at) : null,
    answers: total.answers, yes: total.yes, partly: total.partly, no: total.no, shareMeets: line.shareMeets, meanRating: line.meanRating, tooFew: line.tooFew,
    agencies,
  };
}

/**
 * The people's evaluation of a fiscal year for the annual report, from the year's snapshot within
 * the viewer's scope: one row per district (Thai order), then one per agency (most answers
 * first); satisfied = share meeting needs. Null when the year has no snapshot.
 */
export async function annualEvaluation(
  db: Queryable, scope: string[] | null, province: string, fiscalYear: number,
): Promise<{ answers: number; rows: Array<{ labelTh: string; answers: number; shareMeets: number | null }> } | null> {
  const snap = await repo.getSnapshot(db, province, fiscalYear, 0);
  if (!snap) return null;
  const districts = groupLines(await repo.groupTotals(db, Number(snap.id), province, scope, 'district'), 'district', snap.min_answers)
    .sort((a, b) => a.labelTh.localeCompare(b.labelTh, 'th', { numeric: true }));
  const agencies = sortLines(groupLines(await repo.groupTotals(db, Number(snap.id), province, scope, 'agency'), 'agency', snap.min_answers));
  return {
    answers: districts.reduce((s, l) => s + l.answers, 0),
    rows: [...districts, ...agencies].map((l) => ({ labelTh: l.labelTh, answers: l.answers, shareMeets: l.shareMeets })),
  };
}
