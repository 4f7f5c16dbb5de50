/**
 * Computes indicator values from pre-aggregated data (issue 4 section 3). Pure: the server loads
 * a handful of set-based aggregates (incidents per sub-district, category and fiscal quarter; the
 * projects of the fiscal years with their areas; the declared target lists) and this module rolls
 * them up to every sub-district, district and the province, for every fiscal quarter and year.
 *
 * Rules that the definitions rely on (see also src/shared/indicator-definition.ts):
 * - Incidents belong to their sub-district; a target village stands for its sub-district when
 *   incidents are counted (incidents carry no village).
 * - A project belongs to every area it lists; at a district or the province it is counted once.
 *   A summed budget is split evenly over the project's areas, so districts add up to the province.
 * - A project reaches a target area by the rule of src/shared/coverage.ts: a sub-district target is
 *   reached by a project on it or on one of its villages; a village target by a project on the
 *   village or on its whole sub-district.
 * - The target list of a fiscal year in force at an instant is the highest version whose order
 *   date (declaration date, Thai calendar) came before it, whether declared or since superseded.
 * - A value never is NaN or Infinity: nothing to divide by gives no value, status no_data and the
 *   reason in Thai and English.
 */
import { fiscalYearPeriod } from './fiscal.ts';
import {
  evaluateStatus, isConstant, measuresOf, sourcesOf, targetFor, valueWindows, windowPeriod,
  type IndicatorDefinition, type IndicatorDirection, type IndicatorKind, type IndicatorStatus, type IndicatorUnit, type Measure, type Window,
} from './indicator-definition.ts';
import { reaches as reachesTarget } from './coverage.ts';

/** Whether a project on `projectArea` reaches the target area `targetCode`: the one rule of coverage.ts. */
export { reachesTarget };

export interface ComputeArea {
  code: string;
  level: number;
}

/** Incidents of one sub-district, category and fiscal quarter (bucket), false reports left out. */
export interface IncidentCell {
  subdistrict: string;
  category: string;
  /** 0 = Q1 of ComputeInput.firstFiscalYear, then one per quarter. */
  bucket: number;
  restricted: boolean;
  count: number;
  severity: number;
}

export interface ComputeProject {
  id: number;
  fiscalYear: number;
  status: string;
  /** Start date as an instant (Thai midnight); null = from the start of its fiscal year. */
  startsAt: number | null;
  /** Periods ending after this instant count the project as completed; null = not completed. */
  completedFrom: number | null;
  budgetBaht: number;
  categories: string[];
  /** Sub-district (6) and village (8) codes. */
  areas: string[];
}

export interface ComputeTargetList {
  id: number;
  fiscalYear: number;
  version: number;
  /** Thai midnight of the order's date: in force at instants after it (until a higher version). */
  inForceFrom: number;
  areas: Array<{ code: string; categories: string[] }>;
}

/** People's evaluations per sub-district and quarter (issue 5 fills this in). */
export interface FeedbackCell {
  subdistrict: string;
  bucket: number;
  count: number;
  metNeeds: number;
}

export interface ComputeIndicator {
  id: number;
  code: string;
  definition: IndicatorDefinition;
  direction: IndicatorDirection;
  unit: IndicatorUnit;
  baselineFiscalYear: number | null;
  atRiskMargin: number;
  defaultTarget: number | null;
  targets: ReadonlyMap<number, number>;
}

/**
 * The category of incident cells counted without their category: when no definition filters by
 * category, ComputeInput.categories is [ALL_CATEGORIES] and the incidents are not split by it.
 */
export const ALL_CATEGORIES = '*';

export interface ComputeInput {
  provinceCode: string;
  /** The province, its districts and its sub-districts. */
  areas: ComputeArea[];
  /** Category codes of the incident cells (every code, or [ALL_CATEGORIES]). */
  categories: string[];
  /** Bucket 0 is Q1 of this fiscal year; the buckets run to Q4 of lastFiscalYear. */
  firstFiscalYear: number;
  lastFiscalYear: number;
  incidents: IncidentCell[];
  projects: ComputeProject[];
  targetLists: ComputeTargetList[];
  /** Null while the people's evaluation module does not exist. */
  feedback: FeedbackCell[] | null;
}

/**
 * 'all': the same for everyone. Indicators that count incidents are computed twice: 'restricted'
 * with every incident, for the roles that see restricted incidents, and 'unrestricted' without the
 * restricted ones, for everyone else, so an aggregate never reveals a restricted incident. Where
 * both come out the same (no restricted incident counts there), one 'all' value is kept.
 */
export type Audience = 'all' | 'restricted' | 'unrestricted';

export type ReasonCode =
  | 'no_list' | 'no_target_areas' | 'no_projects' | 'no_incidents' | 'no_feedback' | 'zero_reference'
  | 'before_baseline' | 'feedback_unavailable' | 'no_target' | 'zero_denominator';

export interface ComputedValue {
  indicatorId: number;
  fiscalYear: number;
  /** 0 = the whole fiscal year. */
  quarter: number;
  areaCode: string;
  areaLevel: number;
  audience: Audience;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: IndicatorStatus;
  reasonCode: ReasonCode | null;
  reasonTh: string | null;
  reasonEn: string | null;
  target: number | null;
  margin: number;
}

const fyText = (fy: number) => ({ th: `ปีงบประมาณ ${fy}`, en: `FY ${fy}` });
const windowText = (w: Window) => {
  const fy = fyText(w.fiscalYear);
  if (w.fromQuarter === 1 && w.toQuarter === 4) return fy;
  if (w.fromQuarter === w.toQuarter) return { th: `ไตรมาส ${w.fromQuarter} ${fy.th}`, en: `Q${w.fromQuarter} ${fy.en}` };
  return { th: `ไตรมาส ${w.fromQuarter}-${w.toQuarter} ${fy.th}`, en: `Q${w.fromQuarter}-Q${w.toQuarter} ${fy.en}` };
};

/** The reason a value is missing (or has no target), in Thai and English. */
export function reasonText(code: ReasonCode, p: { fiscalYear: number; baseline?: number | null; reference?: Window | null }): { th: string; en: string } {
  const fy = fyText(p.fiscalYear);
  switch (code) {
    case 'no_list': return { th: `ไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศของ${fy.th} ณ สิ้นงวด`, en: `no declared target list of ${fy.en} was in force at the end of the period` };
    case 'no_target_areas': return { th: 'ไม่มีพื้นที่เป้าหมายที่ประกาศในพื้นที่นี้', en: 'no declared target areas in this area' };
    case 'no_projects': return { th: `ไม่มีโครงการของ${fy.th}ในพื้นที่นี้`, en: `no projects of ${fy.en} in this area` };
    case 'no_incidents': return { th: 'ไม่มีเหตุการณ์ที่ใช้เป็นตัวหารในพื้นที่นี้', en: 'no incidents to divide by in this area' };
    case 'no_feedback': return { th: 'ยังไม่มีผลการประเมินโดยประชาชนในพื้นที่นี้', en: "no people's evaluations in this area yet" };
    case 'zero_reference': {
      const r = p.reference ? windowText(p.reference) : { th: 'ช่วงเปรียบเทียบ', en: 'the reference period' };
      return { th: `ไม่มีเหตุการณ์ใน${r.th}ซึ่งเป็นช่วงเปรียบเทียบ จึงคำนวณการเปลี่ยนแปลงไม่ได้`, en: `no incidents in ${r.en}, the period compared with: the change cannot be computed` };
    }
    case 'before_baseline': return { th: `งวดนี้อยู่ก่อนปีฐาน (ปีงบประมาณ ${p.baseline})`, en: `the period is before the baseline year (FY ${p.baseline})` };
    case 'feedback_unavailable': return { th: 'ไม่มีข้อมูล: ระบบการประเมินผลโดยประชาชนยังไม่เปิดใช้งาน', en: "no data: the people's evaluation module is not available yet" };
    case 'no_target': return { th: `ยังไม่ได้กำหนดค่าเป้าหมายของ${fy.th}`, en: `no target is set for ${fy.en}` };
    case 'zero_denominator': return { th: 'ตัวหารเป็นศูนย์', en: 'the denominator is zero' };
  }
}

/**
 * The reason of a stored value, worded from its code: the period and the baseline are those of the
 * value and its indicator (the reference period of a change follows from them).
 */
export function reasonForValue(code: string | null, kind: IndicatorKind, fiscalYear: number, quarter: number, baseline: number | null): { th: string; en: string } | null {
  if (!code) return null;
  const reference = valueWindows(kind, fiscalYear, quarter, baseline)?.reference ?? null;
  return reasonText(code as ReasonCode, { fiscalYear, baseline, reference });
}

/** Rounds away binary noise (55.00000000000001) that would otherwise show in tables and exports. */
const clean = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e9) / 1e9 : v);

/** A measure's number, or why there is none. */
type Measured = number | ReasonCode;

interface ListIndex {
  list: ComputeTargetList;
  /** Position among the input's lists (cache keys). */
  index: number;
  /** Target categories per sub-district index (a village target counts for its sub-district). */
  subCats: Array<Set<string> | undefined>;
  /** Per project index: the area indices (sub-district, district, province) where it reaches a target of the list. */
  reachedAt: Map<number, Set<number>>;
  /** Per area index: the targets under it, with their categories and the first instant a live project reaches them. */
  targetsUnder: Array<Array<{ code: string; categories: string[]; firstProjectFrom: number }>>;
}

/** A measure's filters in the form the loops use. */
interface PreparedMeasure {
  m: Measure;
  id: number;
  sum: boolean;
  status: Set<string> | null;
  categories: Set<string> | null;
  categoryIdx: number[];
}

/**
 * Every value of every indicator for the periods asked (each fiscal year's quarters, 0 = the year)
 * and every area of the input. Indicators are evaluated as given (the caller leaves inactive ones out).
 *
 * Tens of thousands of values are computed from one input, so areas, sub-districts, projects and
 * lists are numbered and everything that does not depend on the period is prepared once per
 * measure, area and list: each of a fiscal year's five periods then only compares instants and
 * sums quarters.
 */
export function computeIndicatorValues(
  input: ComputeInput, indicators: readonly ComputeIndicator[], periods: ReadonlyArray<{ fiscalYear: number; quarter: number }>,
): ComputedValue[] {
  const areas = input.areas.filter((a) => a.level >= 1 && a.level <= 3 && a.code.startsWith(input.provinceCode));
  const nA = areas.length;
  const areaIx = new Map(areas.map((a, i) => [a.code, i]));
  const subs = areas.filter((a) => a.level === 3).map((a) => a.code);
  const nS = subs.length;
  const subIx = new Map(subs.map((c, i) => [c, i]));
  const subsUnder: number[][] = areas.map((a) => (a.level === 3 ? [subIx.get(a.code)!] : subs.flatMap((c, i) => (c.startsWith(a.code) ? [i] : []))));
  /** Indices of the areas (sub-district, district, province) containing a code. */
  const containers = (code: string): number[] => {
    const out: number[] = [];
    for (const len of [2, 4, 6]) {
      const i = areaIx.get(code.slice(0, len));
      if (i !== undefined && code.length >= len) out.push(i);
    }
    return out;
  };

  const fy0 = input.firstFiscalYear;
  const nFy = Math.max(0, input.lastFiscalYear - fy0 + 1);
  const nBuckets = nFy * 4;
  const bucketOf = (fy: number, q: number) => (fy - fy0) * 4 + q - 1;
  const catIndex = new Map(input.categories.map((c, i) => [c, i]));
  const nCat = input.categories.length;

  // Incidents and severities per audience, flat: [(sub-district * nCat + category) * nBuckets + bucket].
  const size = nS * nCat * nBuckets;
  const inc = { r: new Float64Array(size), u: new Float64Array(size) };
  const sev = { r: new Float64Array(size), u: new Float64Array(size) };
  for (const c of input.incidents) {
    const si = subIx.get(c.subdistrict);
    const ci = catIndex.get(c.category);
    if (si === undefined || ci === undefined || c.bucket < 0 || c.bucket >= nBuckets) continue;
    const k = (si * nCat + ci) * nBuckets + c.bucket;
    inc.r[k] += c.count;
    sev.r[k] += c.severity;
    if (!c.restricted) {
      inc.u[k] += c.count;
      sev.u[k] += c.severity;
    }
  }
  const fbCount = new Float64Array(nS * nBuckets);
  const fbMet = new Float64Array(nS * nBuckets);
  for (const c of input.feedback ?? []) {
    const si = subIx.get(c.subdistrict);
    if (si === undefined || c.bucket < 0 || c.bucket >= nBuckets) continue;
    fbCount[si * nBuckets + c.bucket] += c.count;
    fbMet[si * nBuckets + c.bucket] += c.metNeeds;
  }

  // Projects by fiscal year and area touched, and by fiscal year and sub-district.
  const projects = input.projects.filter((p) => p.fiscalYear >= fy0 && p.fiscalYear < fy0 + nFy);
  const projectsAt: number[][] = Array.from({ length: nFy * nA }, () => []);
  const bySub: number[][] = Array.from({ length: nFy * nS }, () => []);
  const pShare: Array<Map<number, number>> = [];
  projects.forEach((p, pi) => {
    const fyi = p.fiscalYear - fy0;
    const share = new Map<number, number>();
    for (const pa of p.areas) for (const ai of containers(pa)) share.set(ai, (share.get(ai) ?? 0) + 1 / p.areas.length);
    for (const ai of share.keys()) projectsAt[fyi * nA + ai].push(pi);
    for (const s of new Set(p.areas.map((pa) => pa.slice(0, 6)))) {
      const si = subIx.get(s);
      if (si !== undefined) bySub[fyi * nS + si].push(pi);
    }
    pShare.push(share);
  });
  const fyStart = Array.from({ length: nFy }, (_, i) => fiscalYearPeriod(fy0 + i).start.getTime());

  const lists = input.targetLists.filter((l) => l.fiscalYear >= fy0 && l.fiscalYear < fy0 + nFy);
  const indexCache = new Map<number, ListIndex>();
  const listIndex = (li: number): ListIndex => {
    const hit = indexCache.get(li);
    if (hit) return hit;
    const l = lists[li];
    const fyi = l.fiscalYear - fy0;
    const subCats: Array<Set<string> | undefined> = new Array(nS);
    const reachedAt = new Map<number, Set<number>>();
    const targetsUnder: ListIndex['targetsUnder'] = Array.from({ length: nA }, () => []);
    for (const t of l.areas) {
      const si = subIx.get(t.code.slice(0, 6));
      if (si === undefined) continue;
      const set = (subCats[si] ??= new Set<string>());
      for (const c of t.categories) set.add(c);
      let first = Infinity;
      for (const pi of bySub[fyi * nS + si]) {
        const p = projects[pi];
        let hit = false;
        for (const pa of p.areas) {
          if (!reachesTarget(pa, t.code)) continue;
          hit = true;
          let at = reachedAt.get(pi);
          if (!at) reachedAt.set(pi, (at = new Set<number>()));
          for (const ai of containers(pa)) at.add(ai);
        }
        if (hit && p.status !== 'cancelled') first = Math.min(first, p.startsAt ?? fyStart[fyi]);
      }
      const entry = { code: t.code, categories: t.categories, firstProjectFrom: first };
      for (const ai of containers(t.code)) targetsUnder[ai].push(entry);
    }
    const ix = { list: l, index: li, subCats, reachedAt, targetsUnder };
    indexCache.set(li, ix);
    return ix;
  };
  const inForceCache = new Map<string, ListIndex | null>();
  const inForce = (fy: number, end: number): ListIndex | null => {
    const k = `${fy}|${end}`;
    const hit = inForceCache.get(k);
    if (hit !== undefined) return hit;
    let best = -1;
    lists.forEach((l, li) => {
      if (l.fiscalYear === fy && l.inForceFrom < end && (best < 0 || l.version > lists[best].version)) best = li;
    });
    const ix = best < 0 ? null : listIndex(best);
    inForceCache.set(k, ix);
    return ix;
  };

  // Window ends are asked for tens of thousands of times; a fiscal quarter's end is computed once.
  const ends = new Map<number, number>();
  const endOf = (w: Window) => {
    const k = w.fiscalYear * 10 + w.toQuarter;
    let v = ends.get(k);
    if (v === undefined) ends.set(k, (v = windowPeriod(w).end.getTime()));
    return v;
  };
  const inAreaFilter = (code: string, filter: string[] | undefined) => !filter || filter.some((a) => code.startsWith(a) || a.startsWith(code));

  const prepared = new Map<Measure, PreparedMeasure>();
  const prepare = (m: Measure): PreparedMeasure => {
    let pm = prepared.get(m);
    if (!pm) {
      const f = m.filters ?? {};
      pm = {
        m, id: prepared.size, sum: m.aggregate !== undefined && m.aggregate !== 'count',
        status: f.projectStatus ? new Set(f.projectStatus) : null, categories: f.categories ? new Set(f.categories) : null,
        categoryIdx: (f.categories ?? input.categories).map((c) => catIndex.get(c)).filter((i): i is number => i !== undefined),
      };
      prepared.set(m, pm);
    }
    return pm;
  };
  const nL = lists.length + 1;
  const cacheKey = (pm: PreparedMeasure, list: ListIndex | null | undefined, fyi: number, ai: number, r = 0) =>
    ((((pm.id * nL + (list ? list.index + 1 : 0)) * nFy + fyi) * nA + ai) * 2) + r;

  /** Incidents (or severities) per bucket in an area, over the sub-districts and categories that pass the filters. */
  const incidentSeries = new Map<number, Float64Array>();
  const incidentsPerBucket = (pm: PreparedMeasure, ai: number, valueList: ListIndex | null | undefined, restricted: boolean): Float64Array => {
    const k = cacheKey(pm, valueList, 0, ai, restricted ? 1 : 0);
    const hit = incidentSeries.get(k);
    if (hit) return hit;
    const f = pm.m.filters ?? {};
    const src = (pm.sum ? sev : inc)[restricted ? 'r' : 'u'];
    const series = new Float64Array(nBuckets);
    for (const si of subsUnder[ai]) {
      if (!inAreaFilter(subs[si], f.areas)) continue;
      const tcats = valueList?.subCats[si];
      if (f.inTargetAreas === true && !tcats) continue;
      if (f.inTargetAreas === false && tcats) continue;
      for (const ci of pm.categoryIdx) {
        if (f.targetCategoriesOnly && !tcats!.has(input.categories[ci])) continue;
        const base = (si * nCat + ci) * nBuckets;
        for (let b = 0; b < nBuckets; b++) series[b] += src[base + b];
      }
    }
    incidentSeries.set(k, series);
    return series;
  };
  /** The projects of a fiscal year in an area that pass the filters not tied to the period: start, completion and weight. */
  const projectSets = new Map<number, { starts: Float64Array; completed: Float64Array; weight: Float64Array }>();
  const projectSet = (pm: PreparedMeasure, fyi: number, ai: number, valueList: ListIndex | null | undefined) => {
    const k = cacheKey(pm, valueList, fyi, ai);
    const hit = projectSets.get(k);
    if (hit) return hit;
    const f = pm.m.filters ?? {};
    const area = areas[ai].code;
    const starts: number[] = [];
    const completed: number[] = [];
    const weight: number[] = [];
    for (const pi of projectsAt[fyi * nA + ai]) {
      const p = projects[pi];
      if (pm.status && !pm.status.has(p.status)) continue;
      if (pm.categories && !p.categories.some((c) => pm.categories!.has(c))) continue;
      if (f.areas && !p.areas.some((pa) => pa.startsWith(area) && inAreaFilter(pa, f.areas))) continue;
      if (f.inTargetAreas !== undefined && (valueList!.reachedAt.get(pi)?.has(ai) ?? false) !== f.inTargetAreas) continue;
      starts.push(p.startsAt ?? -Infinity);
      completed.push(p.completedFrom ?? Infinity);
      weight.push(pm.sum ? p.budgetBaht * pShare[pi].get(ai)! : 1);
    }
    const set = { starts: Float64Array.from(starts), completed: Float64Array.from(completed), weight: Float64Array.from(weight) };
    projectSets.set(k, set);
    return set;
  };
  /** The target areas of a list in an area that pass the filters not tied to the period: the instant a project first reaches each. */
  const targetSets = new Map<number, Float64Array>();
  const targetSet = (pm: PreparedMeasure, list: ListIndex, ai: number) => {
    const k = cacheKey(pm, list, 0, ai);
    const hit = targetSets.get(k);
    if (hit) return hit;
    const f = pm.m.filters ?? {};
    const from: number[] = [];
    for (const t of list.targetsUnder[ai]) {
      if (pm.categories && !t.categories.some((c) => pm.categories!.has(c))) continue;
      if (!inAreaFilter(t.code, f.areas)) continue;
      from.push(t.firstProjectFrom);
    }
    const set = Float64Array.from(from);
    targetSets.set(k, set);
    return set;
  };

  /** One measure in area `ai` over window `w`; `valueList` is the list "in target areas" refers to. */
  const measure = (pm: PreparedMeasure, ai: number, w: Window, valueList: ListIndex | null | undefined, restricted: boolean): Measured => {
    const f = pm.m.filters ?? {};
    const end = endOf(w);
    const b0 = Math.max(0, bucketOf(w.fiscalYear, w.fromQuarter));
    const b1 = Math.min(nBuckets - 1, bucketOf(w.fiscalYear, w.toQuarter));
    switch (pm.m.source) {
      case 'incidents': {
        if (f.inTargetAreas !== undefined && !valueList) return 'no_list';
        const series = incidentsPerBucket(pm, ai, valueList, restricted);
        let n = 0;
        for (let b = b0; b <= b1; b++) n += series[b];
        return n;
      }
      case 'projects': {
        if (f.inTargetAreas !== undefined && !valueList) return 'no_list';
        const fyi = w.fiscalYear - fy0;
        if (fyi < 0 || fyi >= nFy) return 0;
        const { starts, completed, weight } = projectSet(pm, fyi, ai, valueList);
        let n = 0;
        for (let i = 0; i < starts.length; i++) {
          // A project counts from its start (a project without a start date from its fiscal year's start).
          if (starts[i] >= end) continue;
          if (f.completed !== undefined && (completed[i] < end) !== f.completed) continue;
          n += weight[i];
        }
        return n;
      }
      case 'target_areas': {
        const list = inForce(w.fiscalYear, end);
        if (!list) return 'no_list';
        const from = targetSet(pm, list, ai);
        if (f.hasProject === undefined) return from.length;
        let n = 0;
        for (let i = 0; i < from.length; i++) if ((from[i] < end) === f.hasProject) n += 1;
        return n;
      }
      case 'feedback': {
        if (!input.feedback) return 'feedback_unavailable';
        let n = 0;
        for (const si of subsUnder[ai]) {
          if (!inAreaFilter(subs[si], f.areas)) continue;
          for (let b = b0; b <= b1; b++) {
            const k = si * nBuckets + b;
            n += f.metNeeds === true ? fbMet[k] : f.metNeeds === false ? fbCount[k] - fbMet[k] : fbCount[k];
          }
        }
        return n;
      }
    }
  };

  const zeroReason = (m: Measure): ReasonCode =>
    m.source === 'target_areas' ? 'no_target_areas' : m.source === 'projects' ? 'no_projects' : m.source === 'incidents' ? 'no_incidents' : 'no_feedback';

  const out: ComputedValue[] = [];
  for (const ind of indicators) {
    const def = ind.definition;
    const audiences: Audience[] = sourcesOf(def).includes('incidents') ? ['restricted', 'unrestricted'] : ['all'];
    const usesValueList = measuresOf(def).some((m) => m.filters?.inTargetAreas !== undefined);
    const first = def.kind === 'ratio' ? prepare(def.numerator) : prepare(def.measure);
    const den = def.kind === 'ratio' && !isConstant(def.denominator) ? prepare(def.denominator) : null;
    for (const { fiscalYear, quarter } of periods) {
      const target = targetFor(fiscalYear, ind.targets, ind.defaultTarget);
      const windows = valueWindows(def.kind, fiscalYear, quarter, ind.baselineFiscalYear);
      const valueList = windows && usesValueList ? inForce(fiscalYear, endOf(windows.current)) : undefined;
      // The reasons are the same sentence for every area of the period.
      const reasons = new Map<ReasonCode, { th: string; en: string }>();
      const reasonOf = (code: ReasonCode) => {
        let v = reasons.get(code);
        if (!v) reasons.set(code, (v = reasonText(code, { fiscalYear, baseline: ind.baselineFiscalYear, reference: windows?.reference ?? null })));
        return v;
      };
      for (let ai = 0; ai < nA; ai++) {
        const a = areas[ai];
        let previous: ComputedValue | null = null;
        for (const audience of audiences) {
          const restricted = audience !== 'unrestricted';
          let value: number | null = null;
          let numerator: number | null = null;
          let denominator: number | null = null;
          let reason: ReasonCode | null = null;
          if (!windows) reason = 'before_baseline';
          else if (def.kind === 'value') {
            const r = measure(first, ai, windows.current, valueList, restricted);
            if (typeof r === 'string') reason = r;
            else value = numerator = r;
          } else if (def.kind === 'ratio') {
            const num = measure(first, ai, windows.current, valueList, restricted);
            const d: Measured = den ? measure(den, ai, windows.current, valueList, restricted) : (def.denominator as { constant: number }).constant;
            if (typeof num === 'string') reason = num;
            else if (typeof d === 'string') reason = d;
            else {
              numerator = num;
              denominator = d;
              if (d === 0) reason = den ? zeroReason(den.m) : 'zero_denominator';
              else value = clean((num * 100) / d);
            }
          } else {
            const cur = measure(first, ai, windows.current, valueList, restricted);
            const ref = measure(first, ai, windows.reference!, valueList, restricted);
            if (typeof cur === 'string') reason = cur;
            else if (typeof ref === 'string') reason = ref;
            else {
              numerator = cur;
              denominator = ref;
              if (ref === 0) reason = 'zero_reference';
              else value = clean(((cur - ref) * 100) / ref);
            }
          }
          if (value != null && !Number.isFinite(value)) {
            value = null;
            reason = 'zero_denominator';
          }
          const status = evaluateStatus(value, target, ind.direction, ind.atRiskMargin);
          if (status === 'no_target') reason = 'no_target';
          // Where no restricted incident makes a difference, one value serves everyone.
          if (previous && previous.value === value && previous.numerator === numerator && previous.denominator === denominator && previous.reasonCode === reason) {
            previous.audience = 'all';
            continue;
          }
          const text = reason ? reasonOf(reason) : null;
          const v: ComputedValue = {
            indicatorId: ind.id, fiscalYear, quarter, areaCode: a.code, areaLevel: a.level, audience,
            value, numerator, denominator, status, reasonCode: reason, reasonTh: text?.th ?? null, reasonEn: text?.en ?? null,
            target, margin: ind.atRiskMargin,
          };
          out.push(v);
          previous = v;
        }
      }
    }
  }
  return out;
}
