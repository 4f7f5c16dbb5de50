/**
 * Provincial indicators (ตัวชี้วัด): definitions with targets per fiscal year, the built-ins every
 * province starts with, and the computation of every value for every fiscal quarter and year and
 * every area of a province, stored as history.
 *
 * The computation is set-based: three aggregate reads (incidents per sub-district, category and
 * quarter over all the years needed in one pass; the projects of those years with their areas;
 * the declared target lists), rolled up in src/shared/indicator-compute.ts, and one COPY of the
 * values inside one transaction with the run's record and audit entry.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Role, Viewer } from '../auth/viewer.ts';
import { inScope, SEES_RESTRICTED } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../errors.ts';
import { fiscalQuarterPeriod, fiscalYearOf, thaiMidnight } from '../../shared/fiscal.ts';
import {
  BUILTIN_INDICATORS, INDICATOR_DIRECTIONS, INDICATOR_UNITS, measuresOf, periodsToCompute, sourcesOf, statusRule, unitOf, validateDefinition,
  type IndicatorDefinition, type IndicatorDirection, type IndicatorStatus, type IndicatorUnit,
} from '../../shared/indicator-definition.ts';
import { ALL_CATEGORIES, computeIndicatorValues, type Audience, type ComputeIndicator, type ComputeInput, type ComputeTargetList } from '../../shared/indicator-compute.ts';
import type { Indicator, IndicatorComputeResult, IndicatorInput, IndicatorTarget, IndicatorValue } from '../../shared/indicator-types.ts';
import * as repo from './repository.ts';
import { feedbackCells } from '../evaluation/service.ts';

/** Roles that define indicators, set their targets and compute them. */
export const INDICATOR_WRITERS: readonly Role[] = ['admin', 'analyst'];
/** How many fiscal years one computation may cover. */
export const MAX_COMPUTE_YEARS = 12;

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
const audited = (v: Viewer) => ({ userId: v.userId, username: v.username });

/** The area scope of values: the viewer's codes; none for an area officer without a scope; null = every area. */
export function valueScope(viewer: Viewer): string[] | null {
  if (viewer.areaCodes.length) return viewer.areaCodes;
  return viewer.role === 'area_officer' ? [] : null;
}

/** The audience of values a viewer may see (see indicator_value.audience). */
export function valueAudience(viewer: Viewer): Exclude<Audience, 'all'> {
  return SEES_RESTRICTED.includes(viewer.role) ? 'restricted' : 'unrestricted';
}

function assertWriter(viewer: Viewer, province: string): void {
  if (!INDICATOR_WRITERS.includes(viewer.role)) throw forbidden(`changing indicators needs one of the roles: ${INDICATOR_WRITERS.join(', ')}`);
  if (!inScope(viewer, province)) throw forbidden(`province ${province} is outside your area scope (${viewer.areaCodes.join(', ')})`);
}

function toValueView(r: repo.ValueRow, ind: { direction: string; unit: string }): IndicatorValue {
  const rule = statusRule(r.target, ind.direction as IndicatorDirection, Number(r.margin), ind.unit as IndicatorUnit);
  return {
    indicatorId: r.indicator_id, fiscalYear: r.fiscal_year, quarter: Number(r.quarter) === 0 ? null : Number(r.quarter),
    areaCode: r.area_code, areaLevel: Number(r.area_level), areaTh: r.area_th, areaEn: r.area_en, audience: r.audience as Audience,
    value: r.value, numerator: r.numerator, denominator: r.denominator, status: r.status as IndicatorStatus,
    reasonCode: r.reason_code, reasonTh: r.reason, reasonEn: r.reason_en, target: r.target, margin: Number(r.margin),
    ruleTh: rule?.th ?? null, ruleEn: rule?.en ?? null, computedAt: iso(r.computed_at),
  };
}

function toView(r: repo.IndicatorRow, targets: IndicatorTarget[], latest: IndicatorValue[]): Indicator {
  return {
    id: r.id, provinceCode: r.province_code, code: r.code, nameTh: r.name_th, nameEn: r.name_en, description: r.description,
    // Stored only after validateDefinition accepted it.
    definition: r.definition as IndicatorDefinition,
    direction: r.direction as IndicatorDirection, unit: r.unit as IndicatorUnit, baselineFiscalYear: r.baseline_fiscal_year,
    builtin: r.builtin, readingGroup: r.reading_group, reported: r.reported, atRiskMargin: Number(r.at_risk_margin),
    defaultTarget: r.default_target, targets, active: r.active, sortOrder: r.sort_order,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), updatedBy: r.updated_by, latest,
  };
}

async function targetsOf(db: Queryable, ids: number[]): Promise<Map<number, IndicatorTarget[]>> {
  const out = new Map<number, IndicatorTarget[]>(ids.map((id) => [id, []]));
  for (const t of await repo.listTargets(db, ids)) out.get(t.indicator_id)?.push({ fiscalYear: t.fiscal_year, target: t.target });
  return out;
}

/** The areas whose values a viewer sees as "latest": the province, or the viewer's own areas in it. */
function headlineAreas(viewer: Viewer, province: string): string[] {
  const scope = valueScope(viewer);
  if (scope == null) return [province];
  if (scope.some((c) => province.startsWith(c))) return [province];
  return scope.filter((c) => c.startsWith(province) && c.length <= 6);
}

async function views(db: Queryable, viewer: Viewer, rows: repo.IndicatorRow[]): Promise<Indicator[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const targets = await targetsOf(db, ids);
  const latestRows = await repo.latestValues(db, ids, headlineAreas(viewer, rows[0].province_code), valueAudience(viewer));
  return rows.map((r) => {
    const mine = latestRows.filter((v) => v.indicator_id === r.id);
    // The year's value and the latest quarter's value of the newest fiscal year, per area.
    const lastQ = Math.max(0, ...mine.map((v) => Number(v.quarter)));
    const latest = mine.filter((v) => Number(v.quarter) === 0 || Number(v.quarter) === lastQ).map((v) => toValueView(v, r));
    return toView(r, targets.get(r.id) ?? [], latest);
  });
}

async function checkProvince(db: Queryable, province: string): Promise<void> {
  if (!/^[0-9]{2}$/.test(province)) throw badRequest(`province "${province}" is not a 2-digit province code`, [{ field: 'province', message: 'not a province code' }]);
  if (!(await repo.provinceExists(db, province))) throw badRequest(`no province with code ${province}: import the boundaries first`, [{ field: 'province', message: 'unknown province' }]);
}

/**
 * Creates the built-in indicators a province lacks, with their default targets; returns how many
 * were created. Safe to call at any time and concurrently (an existing code is left alone).
 */
export async function ensureBuiltins(db: Database, viewer: Viewer | null, province: string): Promise<number> {
  await checkProvince(db, province);
  const have = new Set((await repo.listIndicators(db, province)).map((r) => r.code));
  if (BUILTIN_INDICATORS.every((b) => have.has(b.code))) return 0;
  return db.transaction(async (tx) => {
    let created = 0;
    const existing = await repo.listIndicators(tx, province);
    for (const b of BUILTIN_INDICATORS) {
      if (existing.some((r) => r.code === b.code)) continue;
      // Another indicator may already be the reported reading of the group.
      const reported = b.reported && !existing.some((r) => r.reading_group != null && r.reading_group === b.readingGroup && r.reported);
      const id = await repo.insertIndicator(tx, {
        province, code: b.code, nameTh: b.nameTh, nameEn: b.nameEn, description: b.description, definition: b.definition,
        direction: b.direction, unit: unitOf(b.definition), baselineFiscalYear: b.baselineFiscalYear, builtin: true,
        readingGroup: b.readingGroup, reported, atRiskMargin: b.atRiskMargin, defaultTarget: b.defaultTarget, active: true,
        sortOrder: b.sortOrder, userId: viewer?.userId ?? null,
      });
      if (id == null) continue;
      await repo.replaceTargets(tx, id, b.targets);
      await insertAudit(tx, {
        userId: viewer?.userId ?? null, username: viewer?.username ?? null, action: 'create', entity: 'indicator', entityId: id,
        after: { provinceCode: province, code: b.code, builtin: true, definition: b.definition, defaultTarget: b.defaultTarget, targets: b.targets },
      });
      created += 1;
    }
    return created;
  });
}

/** The indicators of a province (built-ins created on first listing) with targets and the newest values. */
export async function listIndicators(db: Database, viewer: Viewer, province: string): Promise<Indicator[]> {
  await ensureBuiltins(db, viewer, province);
  return views(db, viewer, await repo.listIndicators(db, province));
}

async function load(db: Queryable, id: number, lock = false): Promise<repo.IndicatorRow> {
  const row = await repo.getIndicator(db, id, lock);
  if (!row) throw notFound(`indicator ${id}`);
  return row;
}

export async function getIndicator(db: Queryable, viewer: Viewer, id: number): Promise<Indicator> {
  return (await views(db, viewer, [await load(db, id)]))[0];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkTargets(targets: unknown, details: ErrorDetail[], field = 'targets'): IndicatorTarget[] {
  if (targets === undefined) return [];
  if (!Array.isArray(targets)) {
    details.push({ field, message: 'a list of {fiscalYear, target}' });
    return [];
  }
  const seen = new Set<number>();
  const out: IndicatorTarget[] = [];
  targets.forEach((t: { fiscalYear?: unknown; target?: unknown }, i) => {
    const fy = t?.fiscalYear;
    if (!Number.isInteger(fy) || (fy as number) < 2500 || (fy as number) > 2700) details.push({ field: `${field}[${i}].fiscalYear`, message: 'a Buddhist Era fiscal year such as 2568' });
    else if (seen.has(fy as number)) details.push({ field: `${field}[${i}].fiscalYear`, message: `fiscal year ${fy} is given twice` });
    if (!finite(t?.target)) details.push({ field: `${field}[${i}].target`, message: 'the target is a finite number' });
    if (Number.isInteger(fy) && finite(t?.target)) {
      seen.add(fy as number);
      out.push({ fiscalYear: fy as number, target: t.target as number });
    }
  });
  return out.sort((a, b) => a.fiscalYear - b.fiscalYear);
}

function fail(details: ErrorDetail[]): never {
  throw badRequest(`${details[0].field}: ${details[0].message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, details);
}

interface Checked {
  write: Omit<repo.IndicatorWrite, 'province' | 'code' | 'builtin' | 'userId'>;
  targets: IndicatorTarget[] | null;
}

/** Checks a full set of fields (a new indicator, or an existing one with the change applied). */
async function checkFields(db: Queryable, province: string, code: string, f: IndicatorInput, targetsGiven: boolean): Promise<Checked> {
  const details: ErrorDetail[] = [];
  const nameTh = (f.nameTh ?? '').trim();
  if (!nameTh) details.push({ field: 'nameTh', message: 'the Thai name is required' });
  else if (nameTh.length > 300) details.push({ field: 'nameTh', message: 'at most 300 characters' });
  if (!INDICATOR_DIRECTIONS.includes(f.direction)) details.push({ field: 'direction', message: `use ${INDICATOR_DIRECTIONS.join(' or ')}` });
  const baseline = f.baselineFiscalYear ?? null;
  if (baseline != null && (!Number.isInteger(baseline) || baseline < 2500 || baseline > 2700)) details.push({ field: 'baselineFiscalYear', message: 'a Buddhist Era fiscal year such as 2566' });
  const margin = f.atRiskMargin ?? 10;
  if (!finite(margin) || margin < 0) details.push({ field: 'atRiskMargin', message: 'a number of at least 0, in the indicator\'s unit' });
  const defaultTarget = f.defaultTarget ?? null;
  if (defaultTarget != null && !finite(defaultTarget)) details.push({ field: 'defaultTarget', message: 'a finite number, or null for none' });
  const group = f.readingGroup ?? null;
  if (group != null && !/^[a-z][a-z0-9_]{0,63}$/.test(group)) details.push({ field: 'readingGroup', message: 'lower-case letters, digits and _' });
  const known = new Set((await repo.categories(db)).map((c) => c.code));
  const { definition, issues } = validateDefinition(f.definition, { code, categories: known, provinceCode: province, baselineFiscalYear: baseline });
  details.push(...issues);
  let unit: IndicatorUnit | null = null;
  if (definition) {
    unit = unitOf(definition);
    if (f.unit !== undefined && f.unit !== unit) {
      details.push({ field: 'unit', message: `${!INDICATOR_UNITS.includes(f.unit) ? `unknown unit "${f.unit}"` : `unit ${f.unit} does not fit the definition`}: a ${definition.kind === 'value' ? 'value of this measure' : definition.kind === 'ratio' ? 'ratio' : 'change'} is in ${unit}` });
    }
  }
  const targets = targetsGiven ? checkTargets(f.targets, details) : null;
  if (details.length) fail(details);
  return {
    write: {
      nameTh, nameEn: (f.nameEn ?? '').trim(), description: (f.description ?? '').trim(), definition: definition!, direction: f.direction,
      unit: unit!, baselineFiscalYear: baseline, readingGroup: group, reported: f.reported ?? true, atRiskMargin: margin,
      defaultTarget, active: f.active ?? true, sortOrder: f.sortOrder ?? 100,
    },
    targets,
  };
}

/** Maps a race on the unique indexes (code, reported reading) to a 409. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict('another change to the indicators of this province happened at the same time: reload and try again');
    throw e;
  }
}

/** Creates an indicator of a province. */
export async function createIndicator(db: Database, viewer: Viewer, input: IndicatorInput): Promise<Indicator> {
  const province = input.provinceCode;
  assertWriter(viewer, province);
  await checkProvince(db, province);
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(input.code ?? '')) fail([{ field: 'code', message: 'lower-case letters, digits and _, starting with a letter (at most 64)' }]);
  const checked = await checkFields(db, province, input.code, input, true);
  return guarded(() => db.transaction(async (tx) => {
    if (await repo.findByCode(tx, province, input.code)) throw conflict(`province ${province} already has an indicator with code ${input.code}`);
    if (checked.write.reported && checked.write.readingGroup) await repo.unsetReported(tx, province, checked.write.readingGroup, null, viewer.userId);
    const id = (await repo.insertIndicator(tx, { ...checked.write, province, code: input.code, builtin: false, userId: viewer.userId }))!;
    await repo.replaceTargets(tx, id, checked.targets ?? []);
    const after = await getIndicator(tx, viewer, id);
    await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'indicator', entityId: id, after: { ...after, latest: undefined } });
    return after;
  }));
}

/** Changes an indicator (any subset of its fields; a built-in too, except its code). */
export async function updateIndicator(db: Database, viewer: Viewer, id: number, change: Partial<IndicatorInput>): Promise<Indicator> {
  return guarded(() => db.transaction(async (tx) => {
    const row = await load(tx, id, true);
    assertWriter(viewer, row.province_code);
    if (change.code !== undefined && change.code !== row.code) throw badRequest('the code of an indicator cannot change', [{ field: 'code', message: 'cannot change' }]);
    if (change.provinceCode !== undefined && change.provinceCode !== row.province_code) throw badRequest('the province of an indicator cannot change', [{ field: 'provinceCode', message: 'cannot change' }]);
    const before = await getIndicator(tx, viewer, id);
    const merged: IndicatorInput = {
      provinceCode: row.province_code, code: row.code, nameTh: change.nameTh ?? row.name_th, nameEn: change.nameEn ?? row.name_en,
      description: change.description ?? row.description, definition: change.definition ?? row.definition,
      direction: change.direction ?? (row.direction as IndicatorDirection), unit: change.unit,
      baselineFiscalYear: change.baselineFiscalYear !== undefined ? change.baselineFiscalYear : row.baseline_fiscal_year,
      readingGroup: change.readingGroup !== undefined ? change.readingGroup : row.reading_group,
      reported: change.reported ?? row.reported, atRiskMargin: change.atRiskMargin ?? Number(row.at_risk_margin),
      defaultTarget: change.defaultTarget !== undefined ? change.defaultTarget : row.default_target,
      active: change.active ?? row.active, sortOrder: change.sortOrder ?? row.sort_order, targets: change.targets,
    };
    const checked = await checkFields(tx, row.province_code, row.code, merged, change.targets !== undefined);
    const unset = checked.write.reported && checked.write.readingGroup
      ? await repo.unsetReported(tx, row.province_code, checked.write.readingGroup, id, viewer.userId) : [];
    await repo.updateIndicator(tx, id, { ...checked.write, userId: viewer.userId });
    if (checked.targets) await repo.replaceTargets(tx, id, checked.targets);
    const after = await getIndicator(tx, viewer, id);
    await insertAudit(tx, { ...audited(viewer), action: 'update', entity: 'indicator', entityId: id, before: { ...before, latest: undefined }, after: { ...after, latest: undefined }, details: unset.length ? { noLongerReported: unset } : undefined });
    return after;
  }));
}

/** Replaces the targets of an indicator: the target of every year, and those of single years (a trajectory). */
export async function setTargets(db: Database, viewer: Viewer, id: number, input: { defaultTarget?: number | null; targets: IndicatorTarget[] }): Promise<Indicator> {
  const details: ErrorDetail[] = [];
  const targets = checkTargets(input.targets, details);
  if (input.defaultTarget != null && !finite(input.defaultTarget)) details.push({ field: 'defaultTarget', message: 'a finite number, or null for none' });
  if (details.length) fail(details);
  return db.transaction(async (tx) => {
    const row = await load(tx, id, true);
    assertWriter(viewer, row.province_code);
    const before = await getIndicator(tx, viewer, id);
    if (input.defaultTarget !== undefined) await repo.setDefaultTarget(tx, id, input.defaultTarget, viewer.userId);
    else await repo.setDefaultTarget(tx, id, row.default_target, viewer.userId);
    await repo.replaceTargets(tx, id, targets);
    const after = await getIndicator(tx, viewer, id);
    await insertAudit(tx, {
      ...audited(viewer), action: 'set_targets', entity: 'indicator', entityId: id,
      before: { defaultTarget: before.defaultTarget, targets: before.targets }, after: { defaultTarget: after.defaultTarget, targets: after.targets },
    });
    return after;
  });
}

/** Deletes an indicator of a province and its values; a built-in is refused (deactivate it instead). */
export async function deleteIndicator(db: Database, viewer: Viewer, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await load(tx, id, true);
    assertWriter(viewer, row.province_code);
    if (row.builtin) throw conflict(`indicator ${row.code} is built in: it can be edited or deactivated (active: false) but not deleted`);
    const before = await getIndicator(tx, viewer, id);
    await repo.deleteIndicator(tx, id);
    await insertAudit(tx, { ...audited(viewer), action: 'delete', entity: 'indicator', entityId: id, before: { ...before, latest: undefined } });
  });
}

/* -------------------------------------------------------------- computation */

/** The default fiscal years of a computation: the current one and the three before it. */
export function defaultFiscalYears(now: Date): number[] {
  const fy = fiscalYearOf(now);
  return [fy - 3, fy - 2, fy - 1, fy];
}

const dateInstant = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return thaiMidnight(y, m, day).getTime();
};

/**
 * Computes every active indicator of a province for every fiscal quarter and year asked (default:
 * the last four fiscal years), for the province, each district and each sub-district, and replaces
 * the stored values of those years in one transaction.
 */
export async function computeIndicators(
  db: Database, viewer: Viewer, input: { province: string; fiscalYears?: number[] }, now = new Date(),
): Promise<IndicatorComputeResult> {
  const t0 = performance.now();
  const province = input.province;
  assertWriter(viewer, province);
  const fys = [...new Set(input.fiscalYears?.length ? input.fiscalYears : defaultFiscalYears(now))].sort((a, b) => a - b);
  const bad = fys.findIndex((fy) => !Number.isInteger(fy) || fy < 2500 || fy > 2700);
  if (bad >= 0) fail([{ field: `fiscalYears[${bad}]`, message: `${fys[bad]} is not a Buddhist Era fiscal year such as 2568` }]);
  if (fys.length > MAX_COMPUTE_YEARS) fail([{ field: 'fiscalYears', message: `at most ${MAX_COMPUTE_YEARS} fiscal years at a time` }]);
  const periods = periodsToCompute(fys, now);
  if (!periods.length) fail([{ field: 'fiscalYears', message: `none of the fiscal years ${fys.join(', ')} has started yet` }]);
  await ensureBuiltins(db, viewer, province);

  const rows = (await repo.listIndicators(db, province)).filter((r) => r.active);
  const targets = await targetsOf(db, rows.map((r) => r.id));
  const cats = await repo.categories(db);
  const known = new Set(cats.map((c) => c.code));
  const indicators: ComputeIndicator[] = rows.map((r) => {
    // Re-checked: a category may have been removed since the definition was stored.
    const { definition, issues } = validateDefinition(r.definition, { code: r.code, categories: known, provinceCode: province, baselineFiscalYear: r.baseline_fiscal_year });
    if (!definition) {
      throw badRequest(`indicator ${r.code} (${r.id}) can no longer be computed: ${issues[0].field}: ${issues[0].message}. Correct its definition first; nothing was computed`, issues);
    }
    return {
      id: r.id, code: r.code, definition, direction: r.direction as IndicatorDirection, unit: r.unit as IndicatorUnit,
      baselineFiscalYear: r.baseline_fiscal_year, atRiskMargin: Number(r.at_risk_margin), defaultTarget: r.default_target,
      targets: new Map((targets.get(r.id) ?? []).map((t) => [t.fiscalYear, t.target])),
    };
  });

  // The years the data must cover: those asked, the year before each (changes), the baselines.
  const baselines = indicators.filter((i) => i.definition.kind === 'change_baseline' && i.baselineFiscalYear != null).map((i) => i.baselineFiscalYear!);
  const firstFy = Math.min(fys[0] - 1, ...baselines);
  const lastFy = fys[fys.length - 1];
  const catCodes = new Map(cats.map((c) => [c.id, c.code]));
  // Incidents are split by category, and their severities summed, only when a definition needs it.
  const incidentMeasures = indicators.flatMap((i) => measuresOf(i.definition)).filter((m) => m.source === 'incidents');
  const byCategory = incidentMeasures.some((m) => m.filters?.categories !== undefined || m.filters?.targetCategoriesOnly);
  const severity = incidentMeasures.some((m) => m.aggregate !== undefined && m.aggregate !== 'count');
  // Independent reads: on PostgreSQL they run side by side on the pool (PGlite queues them), and
  // the indicators that read no incidents are rolled up while the incident aggregate still runs.
  const incidentsRead = incidentMeasures.length ? repo.incidentCells(db, province, firstFy, lastFy, catCodes, { byCategory, severity }) : Promise.resolve([]);
  // A rejection is handled where the result is awaited; this only keeps it from counting as unhandled meanwhile.
  incidentsRead.catch(() => undefined);
  const [areas, projectRows, lists] = await Promise.all([
    repo.provinceAreas(db, province),
    repo.projectsForCompute(db, province, firstFy, lastFy),
    repo.targetListsForCompute(db, province, firstFy, lastFy),
  ]);
  const listMap = new Map<number, ComputeTargetList>();
  for (const l of lists) {
    let t = listMap.get(l.id);
    if (!t) listMap.set(l.id, (t = { id: l.id, fiscalYear: l.fiscal_year, version: l.version, inForceFrom: dateInstant(l.declaration_date), areas: [] }));
    if (l.area_code) t.areas.push({ code: l.area_code, categories: l.categories ?? [] });
  }
  const projects = projectRows.map((p) => {
    const fromReport = p.done_q == null ? Infinity : fiscalQuarterPeriod(Math.floor(p.done_q / 10), p.done_q % 10).start.getTime();
    const fromStatus = p.status === 'done' ? p.updated_ms : Infinity;
    const completed = Math.min(fromReport, fromStatus);
    return {
      id: p.id, fiscalYear: p.fiscal_year, status: p.status, startsAt: p.start_date ? dateInstant(p.start_date) : null,
      completedFrom: Number.isFinite(completed) ? completed : null, budgetBaht: Number(p.budget_baht), categories: p.categories, areas: p.areas,
    };
  });
  const computeInput: ComputeInput = {
    provinceCode: province, areas, categories: byCategory ? cats.map((c) => c.code) : [ALL_CATEGORIES], firstFiscalYear: firstFy, lastFiscalYear: lastFy,
    incidents: [], projects, targetLists: [...listMap.values()],
    // Issue 5 (EVALUATION): the project-areas judged in each quarter's snapshot.
    feedback: await feedbackCells(db, province, firstFy, lastFy, now),
  };
  const readsIncidents = (i: ComputeIndicator) => sourcesOf(i.definition).includes('incidents');
  const values = computeIndicatorValues(computeInput, indicators.filter((i) => !readsIncidents(i)), periods);
  const withIncidents = indicators.filter(readsIncidents);
  if (withIncidents.length) {
    const readsProjects = withIncidents.some((i) => sourcesOf(i.definition).includes('projects'));
    const rest = computeIndicatorValues({ ...computeInput, incidents: await incidentsRead, projects: readsProjects ? projects : [] }, withIncidents, periods);
    for (const v of rest) values.push(v);
  }
  const ids = indicators.map((i) => i.id);
  return guarded(() => db.transaction(async (tx) => {
    const present = new Set(await repo.lockProvince(tx, province));
    if (ids.some((id) => !present.has(id))) throw conflict(`an indicator of province ${province} was deleted during the computation: compute again`);
    const run = await repo.insertRun(tx, { province, fiscalYears: fys, indicatorIds: ids, userId: viewer.userId });
    await repo.replaceValues(tx, ids, fys, values, run.id);
    const durationMs = Math.round((performance.now() - t0) * 10) / 10;
    await repo.finishRun(tx, run.id, values.length, durationMs);
    await insertAudit(tx, {
      ...audited(viewer), action: 'compute', entity: 'indicator_run', entityId: run.id,
      details: { provinceCode: province, fiscalYears: fys, indicators: rows.map((r) => r.code), values: values.length, durationMs },
    });
    return { runId: run.id, provinceCode: province, fiscalYears: fys, indicators: ids.length, values: values.length, durationMs, computedAt: iso(run.started_at) };
  }));
}

export interface ValuesQuery {
  province: string;
  /** An indicator id or code. */
  indicator?: string;
  fy?: number;
  /** 1-4, or 0 for the whole fiscal year. */
  quarter?: number;
  level?: number;
  area?: string;
  limit?: number;
}

/** Stored values (history) of a province's indicators, within the caller's audience and area scope. */
export async function listValues(db: Queryable, viewer: Viewer, q: ValuesQuery): Promise<{ items: IndicatorValue[]; truncated: boolean }> {
  const rows = await repo.listIndicators(db, q.province);
  let chosen = rows;
  if (q.indicator !== undefined) {
    chosen = rows.filter((r) => String(r.id) === q.indicator || r.code === q.indicator);
    if (!chosen.length) throw notFound(`indicator ${q.indicator} of province ${q.province}`);
  }
  const limit = q.limit ?? 20000;
  const values = await repo.listValues(db, {
    indicatorIds: chosen.map((r) => r.id), fiscalYear: q.fy, quarter: q.quarter, level: q.level, area: q.area, limit: limit + 1,
  }, valueAudience(viewer), valueScope(viewer));
  const byId = new Map(chosen.map((r) => [r.id, r]));
  return { items: values.slice(0, limit).map((v) => toValueView(v, byId.get(v.indicator_id)!)), truncated: values.length > limit };
}
