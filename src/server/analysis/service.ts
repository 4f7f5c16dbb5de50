/**
 * Priority analysis (issue 3, section 1): analysis profiles, runs stored with their data cut-off,
 * the explanation of one sub-district, and the sensitivity of the top list to the weights.
 */
import type { Database } from '../db/database.ts';
import { inScope, type Viewer } from '../auth/viewer.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { fiscalQuarterPeriod, fiscalYearPeriod, type Period } from '../../shared/fiscal.ts';
import {
  DEFAULT_COMPONENTS, PriorityError, compareRanks, computePriority, priorityColumns, priorityRanks, prioritySensitivity, validateProfile,
  type PriorityColumns, type PriorityProfile, type PriorityResult, type PriorityWarning, type SensitivityResult,
} from '../../shared/priority.ts';
import { AhpError, ahpWeights, type AhpResult } from '../../shared/ahp.ts';
import { PRIORITY_PRESETS } from '../../shared/priority-presets.ts';
import * as repo from './repository.ts';
import { sharedMoranThread, type MoranThread } from './moran-thread.ts';
import { gatherInputs, moranArrays, type GatheredInput } from './components.ts';
import { readSummary, startSummary, type HotspotRecord, type PreviousInfo, type StoredSummary } from './run-summary.ts';
import type { AreaResult, ComponentSummary, RunScores } from '../../shared/api-types.ts';

export type { AreaResult, ComponentSummary, RunScores };

/** Roles that may run and read the priority analysis: they see every incident (design brief). */
export const ANALYSIS_ROLES = ['admin', 'analyst'] as const;

/* --------------------------------------------------------------- errors */

function priorityFailure(e: unknown): never {
  if (e instanceof PriorityError) {
    throw new AppError(422, e.code, e.message, [{ field: e.field ?? undefined, message: e.message }]);
  }
  if (e instanceof AhpError) {
    throw new AppError(422, 'inconsistent_weights', e.message, [{ field: 'pairwise', message: e.message }]);
  }
  throw e;
}

/* -------------------------------------------------------------- periods */

export interface PeriodInfo extends Period {
  label: string;
  fy: number;
  quarter: number | null;
}

/** A fiscal year ('2568') or quarter ('2568Q2'); throws a 400 naming the field otherwise. */
export function readPeriod(text: string): PeriodInfo {
  const m = /^(\d{4})(?:-?[qQ]([1-4]))?$/.exec(text.trim());
  if (!m) throw badRequest(`period "${text}" is not a fiscal year such as 2568 or a quarter such as 2568Q2`, [{ field: 'period', message: 'use 2568 or 2568Q2' }]);
  const fy = Number(m[1]);
  if (fy < 2400 || fy > 2700) throw badRequest(`period "${text}": ${fy} is not a Buddhist Era year (2566 = 2023)`, [{ field: 'period', message: 'Buddhist Era year' }]);
  const quarter = m[2] ? Number(m[2]) : null;
  const p = quarter ? fiscalQuarterPeriod(fy, quarter) : fiscalYearPeriod(fy);
  return { ...p, label: quarter ? `${fy}Q${quarter}` : String(fy), fy, quarter };
}

/** The period before: the previous quarter of a quarter, the previous fiscal year of a year. */
export function previousPeriod(p: PeriodInfo): PeriodInfo {
  if (p.quarter === null) return readPeriod(String(p.fy - 1));
  return p.quarter === 1 ? readPeriod(`${p.fy - 1}Q4`) : readPeriod(`${p.fy}Q${p.quarter - 1}`);
}

/* ------------------------------------------------------------- profiles */

export interface PairwiseInput {
  items: string[];
  matrix: number[][];
}

export interface ProfileBody {
  name: string;
  nameTh: string;
  nameEn: string;
  description?: string;
  normalisation: PriorityProfile['normalisation'];
  aggregation: PriorityProfile['aggregation'];
  componentWeights?: Record<string, number>;
  categoryWeights?: Record<string, number>;
  componentPairwise?: PairwiseInput;
  categoryPairwise?: PairwiseInput;
  topN: number;
  ratePer1000: boolean;
  recencyHalfLifeDays: number;
}

export interface AhpSummary {
  items: string[];
  matrix: number[][];
  weights: Record<string, number>;
  consistencyRatio: number;
}

export interface ProfileView {
  id: number;
  name: string;
  nameTh: string;
  nameEn: string;
  description: string;
  preset: boolean;
  profile: PriorityProfile;
  ahp: { components?: AhpSummary; categories?: AhpSummary } | null;
  createdAt: string;
  updatedAt: string;
}

function profileView(r: repo.ProfileRow): ProfileView {
  return {
    id: r.id, name: r.name, nameTh: r.name_th, nameEn: r.name_en, description: r.description, preset: r.preset,
    profile: r.profile as PriorityProfile, ahp: (r.ahp as ProfileView['ahp']) ?? null,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Inserts the shipped presets that are not there yet (by name); safe to call on every start. */
export async function ensurePresets(db: Database): Promise<void> {
  for (const p of PRIORITY_PRESETS) {
    await db.transaction(async (tx) => {
      const row = await repo.insertProfile(tx, {
        name: p.id, nameTh: p.nameTh, nameEn: p.nameEn, description: p.descriptionEn, profile: p.profile, ahp: null,
      }, true, null, true);
      if (row) await insertAudit(tx, { userId: null, username: null, action: 'create', entity: 'analysis_profile', entityId: row.id, after: profileView(row), details: { preset: true } });
    });
  }
}

export async function listProfiles(db: Database): Promise<ProfileView[]> {
  return (await repo.listProfiles(db)).map(profileView);
}

function weightsFromPairwise(which: 'componentPairwise' | 'categoryPairwise', p: PairwiseInput): AhpSummary {
  let r: { weights: Record<string, number>; analysis: AhpResult };
  try {
    r = ahpWeights(p.items, p.matrix);
  } catch (e) {
    if (e instanceof AhpError) throw new AppError(422, 'inconsistent_weights', `${which}: ${e.message}`, [{ field: which, message: e.message }]);
    throw e;
  }
  return { items: p.items, matrix: p.matrix, weights: r.weights, consistencyRatio: r.analysis.cr };
}

/** The profile and AHP record a body describes, validated against the components and active categories. */
async function buildProfile(db: Database, b: ProfileBody): Promise<{ profile: PriorityProfile; ahp: ProfileView['ahp'] }> {
  for (const [w, pw] of [['componentWeights', 'componentPairwise'], ['categoryWeights', 'categoryPairwise']] as const) {
    if (b[w] && b[pw]) throw badRequest(`give either ${w} or ${pw} (weights from pairwise comparisons), not both`, [{ field: pw, message: 'choose one' }]);
    if (!b[w] && !b[pw]) throw badRequest(`${w} (or ${pw}) is required`, [{ field: w, message: 'required' }]);
  }
  const ahp: NonNullable<ProfileView['ahp']> = {};
  let componentWeights = b.componentWeights!;
  let categoryWeights = b.categoryWeights!;
  if (b.componentPairwise) {
    ahp.components = weightsFromPairwise('componentPairwise', b.componentPairwise);
    componentWeights = ahp.components.weights;
  }
  if (b.categoryPairwise) {
    ahp.categories = weightsFromPairwise('categoryPairwise', b.categoryPairwise);
    categoryWeights = ahp.categories.weights;
  }
  const profile: PriorityProfile = {
    normalisation: b.normalisation, aggregation: b.aggregation, componentWeights, categoryWeights,
    topN: b.topN, ratePer1000: b.ratePer1000, recencyHalfLifeDays: b.recencyHalfLifeDays,
  };
  try {
    validateProfile(profile, DEFAULT_COMPONENTS, await repo.activeCategories(db));
  } catch (e) {
    priorityFailure(e);
  }
  return { profile, ahp: Object.keys(ahp).length ? ahp : null };
}

export async function createProfile(db: Database, b: ProfileBody, actor: Viewer): Promise<ProfileView> {
  const { profile, ahp } = await buildProfile(db, b);
  return db.transaction(async (tx) => {
    if (await repo.profileNameTaken(tx, b.name, null)) throw conflict(`an analysis profile named "${b.name}" exists already`);
    const row = (await repo.insertProfile(tx, { name: b.name, nameTh: b.nameTh, nameEn: b.nameEn, description: b.description ?? '', profile, ahp }, false, actor.userId))!;
    const view = profileView(row);
    await insertAudit(tx, { userId: actor.userId, username: actor.username, action: 'create', entity: 'analysis_profile', entityId: row.id, after: view });
    return view;
  });
}

async function editableProfile(db: Database, id: number): Promise<repo.ProfileRow> {
  const row = await repo.getProfile(db, id);
  if (!row) throw notFound(`analysis profile ${id}`);
  if (row.preset) throw conflict(`"${row.name_en}" is a shipped preset and cannot be changed or deleted: create a new profile from it instead`);
  return row;
}

export async function updateProfile(db: Database, id: number, patch: Partial<ProfileBody>, actor: Viewer): Promise<ProfileView> {
  const row = await editableProfile(db, id);
  const old = row.profile as PriorityProfile;
  const oldAhp = (row.ahp as ProfileView['ahp']) ?? null;
  const merged: ProfileBody = {
    name: patch.name ?? row.name, nameTh: patch.nameTh ?? row.name_th, nameEn: patch.nameEn ?? row.name_en,
    description: patch.description ?? row.description,
    normalisation: patch.normalisation ?? old.normalisation, aggregation: patch.aggregation ?? old.aggregation,
    topN: patch.topN ?? old.topN, ratePer1000: patch.ratePer1000 ?? old.ratePer1000, recencyHalfLifeDays: patch.recencyHalfLifeDays ?? old.recencyHalfLifeDays,
  };
  // New weights replace the old ones, whichever form they came in; unchanged pairwise judgments are kept.
  if (patch.componentPairwise) merged.componentPairwise = patch.componentPairwise;
  else if (patch.componentWeights) merged.componentWeights = patch.componentWeights;
  else if (oldAhp?.components) merged.componentPairwise = { items: oldAhp.components.items, matrix: oldAhp.components.matrix };
  else merged.componentWeights = { ...old.componentWeights };
  if (patch.categoryPairwise) merged.categoryPairwise = patch.categoryPairwise;
  else if (patch.categoryWeights) merged.categoryWeights = patch.categoryWeights;
  else if (oldAhp?.categories) merged.categoryPairwise = { items: oldAhp.categories.items, matrix: oldAhp.categories.matrix };
  else merged.categoryWeights = { ...old.categoryWeights };
  const { profile, ahp } = await buildProfile(db, merged);
  return db.transaction(async (tx) => {
    if (await repo.profileNameTaken(tx, merged.name, id)) throw conflict(`an analysis profile named "${merged.name}" exists already`);
    const updated = await repo.updateProfile(tx, id, { name: merged.name, nameTh: merged.nameTh, nameEn: merged.nameEn, description: merged.description ?? '', profile, ahp }, actor.userId);
    const view = profileView(updated);
    await insertAudit(tx, { userId: actor.userId, username: actor.username, action: 'update', entity: 'analysis_profile', entityId: id, before: profileView(row), after: view });
    return view;
  });
}

export async function deleteProfile(db: Database, id: number, actor: Viewer): Promise<void> {
  const row = await editableProfile(db, id);
  await db.transaction(async (tx) => {
    await repo.deleteProfile(tx, id);
    await insertAudit(tx, { userId: actor.userId, username: actor.username, action: 'delete', entity: 'analysis_profile', entityId: id, before: profileView(row) });
  });
}

/* ----------------------------------------------------------------- runs */

export interface RunRequest {
  profileId: number;
  period: string;
  provinces: string[];
}



async function checkedProvinces(db: Database, viewer: Viewer, provinces: string[]): Promise<{ set: string[]; areas: repo.AreaRow[] }> {
  if (!provinces.length) throw badRequest('choose at least one province', [{ field: 'provinces', message: 'empty' }]);
  for (const p of provinces) {
    if (!/^[0-9]{2}$/.test(p)) throw badRequest(`province code "${p}" is not a 2-digit DOPA code such as "32"`, [{ field: 'provinces', message: p }]);
  }
  const set = [...new Set(provinces)].sort();
  for (const p of set) {
    if (!inScope(viewer, p)) throw forbidden(`province ${p} is outside your area scope (${viewer.areaCodes.join(', ')}): you cannot analyse it`);
  }
  const areas = await repo.subdistricts(db, set);
  const empty = set.filter((p) => !areas.some((a) => a.province_code === p));
  if (empty.length) {
    throw new AppError(422, 'no_areas', `province${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ha${empty.length > 1 ? 've' : 's'} no sub-districts: import the boundaries first`,
      empty.map((p) => ({ field: 'provinces', message: `no sub-districts in province ${p}` })));
  }
  return { set, areas };
}

async function runnableProfile(db: Database, profileId: number): Promise<{ row: repo.ProfileRow; profile: PriorityProfile; categories: string[] }> {
  const row = await repo.getProfile(db, profileId);
  if (!row) throw new AppError(422, 'unknown_profile', `analysis profile ${profileId} does not exist (deleted?)`, [{ field: 'profileId', message: 'unknown' }]);
  const profile = row.profile as PriorityProfile;
  const categories = await repo.activeCategories(db);
  try {
    validateProfile(profile, DEFAULT_COMPONENTS, categories);
  } catch (e) {
    if (e instanceof PriorityError) {
      throw new AppError(422, e.code, `profile "${row.name}": ${e.message}`, [{ field: e.field ?? undefined, message: e.message }]);
    }
    throw e;
  }
  return { row, profile, categories };
}

/** A 422 naming the period and provinces when the gathered period holds no incident. */
function requireData(g: GatheredInput, set: string[], period: PeriodInfo): void {
  if (g.incidentCount === 0) {
    throw new AppError(422, 'no_data',
      `no incidents in period ${period.label} (${period.start.toISOString().slice(0, 10)} to ${period.end.toISOString().slice(0, 10)}) in province${set.length > 1 ? 's' : ''} ${set.join(', ')}: choose another period or import the incidents first`,
      [{ field: 'period', message: 'no data' }]);
  }
}

function scoreGathered(g: GatheredInput, set: string[], period: PeriodInfo, profile: PriorityProfile): PriorityColumns {
  requireData(g, set, period);
  try {
    return priorityColumns(g.input, profile);
  } catch (e) {
    priorityFailure(e);
  }
}

/**
 * Computes a run for the profile, period and provinces, with rank movement against the previous
 * period computed with the same profile, stores it with its data cut-off, and returns its id.
 */
export async function createRun(db: Database, req: RunRequest, viewer: Viewer): Promise<string> {
  const period = readPeriod(req.period);
  const { row, profile, categories } = await runnableProfile(db, req.profileId);
  const { set, areas } = await checkedProvinces(db, viewer, req.provinces);
  // The process's worker (started by the first run, its start-up overlapping that run's SQL).
  return computeAndStoreRun(db, viewer, period, row, profile, categories, set, areas, sharedMoranThread(moranArrays));
}

async function computeAndStoreRun(
  db: Database, viewer: Viewer, period: PeriodInfo, row: repo.ProfileRow, profile: PriorityProfile, categories: string[],
  set: string[], areas: repo.AreaRow[], moranThread: MoranThread,
): Promise<string> {
  const cutoff = await repo.dataCutoff(db, set);
  const prevPeriod = previousPeriod(period);
  // Both periods in one gathering (a fiscal year is read once, though it is the previous period
  // and the year before); the previous period only gives ranks, so no Moran's I for it. The
  // run's Moran's I goes to the worker thread while this one scores and builds the summary.
  const [gCur, gPrev] = await gatherInputs(db, viewer, set, areas, categories, [period, prevPeriod], profile.recencyHalfLifeDays, { moran: [true, false], moranThread });
  const cur = scoreGathered(gCur, set, period, profile);

  const previous: PreviousInfo = { label: prevPeriod.label, available: true, message: null };
  let prevRanks: Array<{ code: string; rank: number }> | null = null;
  try {
    // Only the ranks: the explanation of each previous score is never shown.
    requireData(gPrev, set, prevPeriod);
    try {
      prevRanks = priorityRanks(gPrev.input, profile);
    } catch (e) {
      priorityFailure(e);
    }
  } catch (e) {
    if (!(e instanceof AppError) || e.statusCode !== 422) throw e;
    previous.available = false;
    previous.message = `no rank movement: ${e.message}`;
  }
  const dropped = prevRanks ? compareRanks(prevRanks, cur.codes.map((code, pos) => ({ code, rank: cur.rank[pos] }))).dropped : [];

  const hs = gCur.hotspot;
  // Everything but local Moran's I is written while the worker may still be computing it.
  const finishSummary = startSummary({
    columns: cur, names: new Map(areas.map((a) => [a.code, a])),
    previousRanks: prevRanks ? new Map(prevRanks.map((r) => [r.code, r.rank])) : null, previous, dropped,
    hotspotZ: { codes: hs.codes, z: hs.z }, hotspot: { hot: hs.hot, islands: hs.islands, skipped: hs.skipped },
    incidentCount: gCur.incidentCount, input: gCur.runInput,
  });
  const moran = gCur.pendingMoran ? await gCur.pendingMoran : hs.moran;
  const summaryJson = finishSummary(moran && !moran.skipped ? moran : null, moran?.skipped ?? null);
  return db.transaction(async (tx) => {
    const id = await repo.insertRun(tx, {
      profileId: row.id, profileName: row.name, profile, periodLabel: period.label, start: period.start, end: period.end,
      provinces: set, cutoff, areaCount: cur.codes.length, summaryJson, userId: viewer.userId,
    });
    await insertAudit(tx, {
      userId: viewer.userId, username: viewer.username, action: 'create', entity: 'analysis_run', entityId: id,
      after: { profileId: row.id, profileName: row.name, period: period.label, provinces: set, dataCutoff: cutoff.toISOString(), top: cur.top },
    });
    return id;
  });
}

export interface RunMeta {
  id: string;
  profileId: number | null;
  profileName: string;
  period: { label: string; start: string; end: string };
  provinces: string[];
  dataCutoff: string;
  areaCount: number;
  createdBy: string | null;
  createdAt: string;
}

function runMeta(r: repo.RunRow): RunMeta {
  return {
    id: r.id, profileId: r.profile_id, profileName: r.profile_name,
    period: { label: r.period_label, start: new Date(r.period_start).toISOString(), end: new Date(r.period_end).toISOString() },
    provinces: r.province_codes, dataCutoff: new Date(r.data_cutoff).toISOString(), areaCount: r.area_count,
    createdBy: r.created_by_name, createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listRuns(db: Database, viewer: Viewer, limit: number, offset: number): Promise<{ total: number; items: RunMeta[] }> {
  const r = await repo.listRuns(db, viewer.areaCodes, limit, offset);
  return { total: r.total, items: r.rows.map(runMeta) };
}

async function readRun(db: Database, id: string, viewer: Viewer): Promise<{ row: repo.RunRow; summary: StoredSummary }> {
  if (!/^[0-9]{1,18}$/.test(id)) throw notFound(`analysis run ${id}`);
  const row = await repo.getRun(db, id);
  if (!row) throw notFound(`analysis run ${id}`);
  const outside = row.province_codes.filter((p) => !inScope(viewer, p));
  if (outside.length) throw forbidden(`analysis run ${id} covers province${outside.length > 1 ? 's' : ''} ${outside.join(', ')}, outside your area scope`);
  return { row, summary: readSummary(row.summary) };
}

export interface RunView extends RunMeta {
  profile: PriorityProfile;
  weights: PriorityResult['weights'];
  warnings: PriorityWarning[];
  previousPeriod: PreviousInfo;
  dropped: Array<{ code: string; previousRank: number }>;
  hotspot: HotspotRecord;
  incidentCount: number;
  top: AreaResult[];
  areas: { total: number; offset: number; limit: number; items: AreaResult[] };
}

/** A stored run with its top list and one page of areas (in rank order). */
export async function getRun(db: Database, id: string, viewer: Viewer, offset = 0, limit = 100): Promise<RunView> {
  const { row, summary } = await readRun(db, id, viewer);
  const page: AreaResult[] = [];
  for (let pos = offset; pos < Math.min(summary.count, offset + limit); pos++) page.push(summary.area(pos));
  return {
    ...runMeta(row),
    profile: row.profile_snapshot as PriorityProfile,
    weights: summary.weights, warnings: summary.warnings, previousPeriod: summary.previous, dropped: summary.dropped,
    hotspot: summary.hotspot, incidentCount: summary.incidentCount,
    top: summary.top.map((code) => summary.positionOf(code)).filter((pos) => pos >= 0).map((pos) => summary.area(pos)),
    areas: { total: summary.count, offset, limit, items: page },
  };
}

/**
 * Every area's score, rank and Gi* z-score of a stored run as parallel arrays in rank order: the
 * small JSON map a choropleth joins on the client (about 30 bytes an area, some 220 KB for all
 * 7,425 sub-districts), where the paged area list would be many requests.
 */
export async function runScores(db: Database, id: string, viewer: Viewer): Promise<RunScores> {
  const { row, summary } = await readRun(db, id, viewer);
  return {
    runId: row.id,
    codes: summary.codes(),
    scores: summary.scores(),
    ranks: summary.ranks(),
    hotspotZ: summary.hotspotZ(),
    moranCluster: summary.moranCluster(),
    moranI: summary.moranI(),
    moranP: summary.moranP(),
    top: summary.top,
  };
}

export interface AreaExplanation {
  runId: string;
  period: { label: string; start: string; end: string };
  dataCutoff: string;
  area: AreaResult;
  /** Every component with its per-category breakdown, recomputed from the stored values. */
  components: PriorityResult['areas'][number]['components'];
  /** Incidents of the sub-district per fiscal quarter (the 8 ending with the period), created by the cut-off. */
  quarters: Array<{ label: string; start: string; end: string; count: number; burden: number; byCategory: Record<string, number> }>;
}

/** Fiscal quarter (year, q) containing an instant just before `end`, then the 7 before it. */
function quartersEndingAt(p: PeriodInfo): PeriodInfo[] {
  let fy = p.fy;
  let q = p.quarter ?? 4;
  const out: PeriodInfo[] = [];
  for (let k = 0; k < 8; k++) {
    out.unshift(readPeriod(`${fy}Q${q}`));
    if (q === 1) {
      fy -= 1;
      q = 4;
    } else q -= 1;
  }
  return out;
}

/** Why one sub-district has its score and rank in a stored run. */
export async function explainArea(db: Database, id: string, code: string, viewer: Viewer): Promise<AreaExplanation> {
  const { row, summary } = await readRun(db, id, viewer);
  const pos = summary.positionOf(code);
  if (pos < 0) throw notFound(`sub-district ${code} in analysis run ${id}`);
  const area = summary.area(pos);
  let full: PriorityResult;
  try {
    full = computePriority(summary.input(), row.profile_snapshot as PriorityProfile, { detail: { codes: [code] } });
  } catch (e) {
    priorityFailure(e);
  }
  const detail = full.areas.find((a) => a.code === code)!;
  const period = readPeriod(row.period_label);
  const qs = quartersEndingAt(period);
  const counts = await repo.quarterCounts(db, viewer, code, qs.map((q) => q.start), qs.map((q) => q.end), new Date(row.data_cutoff));
  const quarters = qs.map((q, i) => {
    const mine = counts.filter((c) => c.q === i + 1);
    return {
      label: q.label, start: q.start.toISOString(), end: q.end.toISOString(),
      count: mine.reduce((s, c) => s + c.n, 0), burden: mine.reduce((s, c) => s + c.burden, 0),
      byCategory: Object.fromEntries(mine.map((c) => [c.category, c.n])),
    };
  });
  return { runId: row.id, period: runMeta(row).period, dataCutoff: new Date(row.data_cutoff).toISOString(), area, components: detail.components, quarters };
}

export type SensitivityView = Omit<SensitivityResult, 'areas'> & {
  period: string;
  provinces: string[];
  areas: Array<SensitivityResult['areas'][number] & { nameTh: string; nameEn: string | null }>;
};

/** Which sub-districts stay in the top N when each weight moves by +/-20 %. Not stored. */
export async function sensitivity(db: Database, req: RunRequest, viewer: Viewer): Promise<SensitivityView> {
  const period = readPeriod(req.period);
  const { profile, categories } = await runnableProfile(db, req.profileId);
  const { set, areas } = await checkedProvinces(db, viewer, req.provinces);
  // Only the component values are used: no Moran's I (999 permutations), no scoring of the
  // base case apart from the sensitivity's own, no stored form to rebuild the input from.
  const [g] = await gatherInputs(db, viewer, set, areas, categories, [period], profile.recencyHalfLifeDays, { moran: [false] });
  requireData(g, set, period);
  let s: SensitivityResult;
  try {
    s = prioritySensitivity(g.input, profile);
  } catch (e) {
    priorityFailure(e);
  }
  const names = new Map(areas.map((a) => [a.code, a]));
  return {
    ...s, period: period.label, provinces: set,
    areas: s.areas.map((a) => ({ ...a, nameTh: names.get(a.code)?.name_th ?? a.code, nameEn: names.get(a.code)?.name_en ?? null })),
  };
}
