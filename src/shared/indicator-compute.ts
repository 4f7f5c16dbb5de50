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
  type IndicatorDefinition, type IndicatorDirection, type IndicatorStatus, type IndicatorUnit, type Measure, type Window,
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

type Measured = { n: number } | { missing: ReasonCode };

/** Rounds away binary noise (55.00000000000001) that would otherwise show in tables and exports. */
const clean = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e9) / 1e9 : v);

interface ListIndex {
  list: ComputeTargetList;
  /** Target categories per sub-district (a village target counts for its sub-district). */
  subCats: Map<string, Set<string>>;
  /** Per project of the list's fiscal year: its areas that reach a target of the list. */
  reaching: Map<number, string[]>;
  /** Per target area: the earliest instant a live project of the fiscal year reaches it. */
  firstProjectFrom: Map<string, number>;
}

/**
 * Every value of every indicator for the periods asked (each fiscal year's quarters, 0 = the year)
 * and every area of the input. Indicators are evaluated as given (the caller leaves inactive ones out).
 */
export function computeIndicatorValues(
  input: ComputeInput, indicators: readonly ComputeIndicator[], periods: ReadonlyArray<{ fiscalYear: number; quarter: number }>,
): ComputedValue[] {
  const areas = input.areas.filter((a) => a.level >= 1 && a.level <= 3 && a.code.startsWith(input.provinceCode));
  const subdistricts = areas.filter((a) => a.level === 3).map((a) => a.code);
  const subsUnder = new Map<string, string[]>();
  for (const a of areas) subsUnder.set(a.code, a.level === 3 ? [a.code] : subdistricts.filter((s) => s.startsWith(a.code)));

  const catIndex = new Map(input.categories.map((c, i) => [c, i]));
  const nCat = input.categories.length;
  const nBuckets = Math.max(0, (input.lastFiscalYear - input.firstFiscalYear + 1) * 4);
  const bucketOf = (fy: number, q: number) => (fy - input.firstFiscalYear) * 4 + q - 1;
  // Per audience: counts and severities per sub-district, indexed [category * nBuckets + bucket].
  const inc = { restricted: new Map<string, Float64Array>(), unrestricted: new Map<string, Float64Array>() };
  const sev = { restricted: new Map<string, Float64Array>(), unrestricted: new Map<string, Float64Array>() };
  const cell = (m: Map<string, Float64Array>, s: string) => {
    let a = m.get(s);
    if (!a) m.set(s, (a = new Float64Array(nCat * nBuckets)));
    return a;
  };
  for (const c of input.incidents) {
    const ci = catIndex.get(c.category);
    if (ci === undefined || c.bucket < 0 || c.bucket >= nBuckets) continue;
    const k = ci * nBuckets + c.bucket;
    cell(inc.restricted, c.subdistrict)[k] += c.count;
    cell(sev.restricted, c.subdistrict)[k] += c.severity;
    if (!c.restricted) {
      cell(inc.unrestricted, c.subdistrict)[k] += c.count;
      cell(sev.unrestricted, c.subdistrict)[k] += c.severity;
    }
  }
  const fb = new Map<string, Array<{ count: number; metNeeds: number }>>();
  for (const c of input.feedback ?? []) {
    if (c.bucket < 0 || c.bucket >= nBuckets) continue;
    let a = fb.get(c.subdistrict);
    if (!a) fb.set(c.subdistrict, (a = Array.from({ length: nBuckets }, () => ({ count: 0, metNeeds: 0 }))));
    a[c.bucket].count += c.count;
    a[c.bucket].metNeeds += c.metNeeds;
  }

  // Projects per fiscal year and area touched (sub-district, district, province).
  const projectsAt = new Map<string, ComputeProject[]>();
  const bySubFy = new Map<string, ComputeProject[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  for (const p of input.projects) {
    const touched = new Set<string>();
    for (const pa of p.areas) for (const len of [2, 4, 6]) touched.add(pa.slice(0, len));
    for (const a of touched) push(projectsAt, `${p.fiscalYear}|${a}`, p);
    for (const s of new Set(p.areas.map((pa) => pa.slice(0, 6)))) push(bySubFy, `${p.fiscalYear}|${s}`, p);
  }
  const fyStart = new Map<number, number>();
  const startOfFy = (fy: number) => {
    let v = fyStart.get(fy);
    if (v === undefined) fyStart.set(fy, (v = fiscalYearPeriod(fy).start.getTime()));
    return v;
  };

  const listsByFy = new Map<string, ComputeTargetList[]>();
  for (const l of input.targetLists) push(listsByFy, String(l.fiscalYear), l);
  const indexCache = new Map<number, ListIndex>();
  const listIndex = (l: ComputeTargetList): ListIndex => {
    const hit = indexCache.get(l.id);
    if (hit) return hit;
    const subCats = new Map<string, Set<string>>();
    for (const t of l.areas) {
      const s = t.code.slice(0, 6);
      const set = subCats.get(s) ?? new Set<string>();
      for (const c of t.categories) set.add(c);
      subCats.set(s, set);
    }
    const reaching = new Map<number, string[]>();
    const firstProjectFrom = new Map<string, number>();
    for (const t of l.areas) {
      for (const p of bySubFy.get(`${l.fiscalYear}|${t.code.slice(0, 6)}`) ?? []) {
        const hits = p.areas.filter((pa) => reachesTarget(pa, t.code));
        if (!hits.length) continue;
        const r = reaching.get(p.id) ?? [];
        for (const h of hits) if (!r.includes(h)) r.push(h);
        reaching.set(p.id, r);
        if (p.status !== 'cancelled') {
          const from = p.startsAt ?? startOfFy(p.fiscalYear);
          if (from < (firstProjectFrom.get(t.code) ?? Infinity)) firstProjectFrom.set(t.code, from);
        }
      }
    }
    const ix = { list: l, subCats, reaching, firstProjectFrom };
    indexCache.set(l.id, ix);
    return ix;
  };
  const inForce = (fy: number, end: number): ListIndex | null => {
    let best: ComputeTargetList | null = null;
    for (const l of listsByFy.get(String(fy)) ?? []) if (l.inForceFrom < end && (!best || l.version > best.version)) best = l;
    return best ? listIndex(best) : null;
  };

  // Window ends are asked for tens of thousands of times; a fiscal quarter's end is computed once.
  const ends = new Map<number, number>();
  const endOf = (w: Window) => {
    const k = w.fiscalYear * 10 + w.toQuarter;
    let v = ends.get(k);
    if (v === undefined) ends.set(k, (v = windowPeriod(w).end.getTime()));
    return v;
  };
  const catCache = new Map<Measure, number[]>();
  const categoriesOf = (m: Measure) => {
    let v = catCache.get(m);
    if (!v) catCache.set(m, (v = (m.filters?.categories ?? input.categories).map((c) => catIndex.get(c)).filter((i): i is number => i !== undefined)));
    return v;
  };

  const inAreaFilter = (code: string, filter: string[] | undefined) => !filter || filter.some((a) => code.startsWith(a) || a.startsWith(code));

  // What does not depend on the period is prepared once per measure, area and target list (and
  // audience), so each of the five periods of a fiscal year only compares instants and sums buckets.
  const measureIds = new Map<Measure, number>();
  const keyOf = (m: Measure, ...parts: Array<string | number>) => {
    let id = measureIds.get(m);
    if (id === undefined) measureIds.set(m, (id = measureIds.size));
    return `${id}|${parts.join('|')}`;
  };
  /** Incidents (or severities) per bucket, summed over the sub-districts and categories that pass the filters. */
  const incidentSeries = new Map<string, Float64Array>();
  const incidentsPerBucket = (m: Measure, area: string, valueList: ListIndex | null | undefined, restricted: boolean): Float64Array => {
    const k = keyOf(m, area, valueList?.list.id ?? '', restricted ? 'r' : 'u');
    const hit = incidentSeries.get(k);
    if (hit) return hit;
    const f = m.filters ?? {};
    const cats = categoriesOf(m);
    const src = (m.aggregate && m.aggregate !== 'count' ? sev : inc)[restricted ? 'restricted' : 'unrestricted'];
    const series = new Float64Array(nBuckets);
    for (const s of subsUnder.get(area) ?? []) {
      if (!inAreaFilter(s, f.areas)) continue;
      const tcats = valueList?.subCats.get(s);
      if (f.inTargetAreas === true && !tcats) continue;
      if (f.inTargetAreas === false && tcats) continue;
      const arr = src.get(s);
      if (!arr) continue;
      for (const ci of cats) {
        if (f.targetCategoriesOnly && !tcats!.has(input.categories[ci])) continue;
        for (let b = 0; b < nBuckets; b++) series[b] += arr[ci * nBuckets + b];
      }
    }
    incidentSeries.set(k, series);
    return series;
  };
  /** The projects of a fiscal year in an area that pass the filters not tied to the period: start, completion and weight. */
  const projectSets = new Map<string, { starts: Float64Array; completed: Float64Array; weight: Float64Array }>();
  const projectSet = (m: Measure, fy: number, area: string, valueList: ListIndex | null | undefined) => {
    const k = keyOf(m, fy, area, valueList?.list.id ?? '');
    const hit = projectSets.get(k);
    if (hit) return hit;
    const f = m.filters ?? {};
    const sum = m.aggregate && m.aggregate !== 'count';
    const starts: number[] = [];
    const completed: number[] = [];
    const weight: number[] = [];
    for (const p of projectsAt.get(`${fy}|${area}`) ?? []) {
      if (f.projectStatus && !f.projectStatus.includes(p.status as never)) continue;
      if (f.categories && !p.categories.some((c) => f.categories!.includes(c))) continue;
      if (f.areas && !p.areas.some((pa) => pa.startsWith(area) && inAreaFilter(pa, f.areas))) continue;
      if (f.inTargetAreas !== undefined) {
        const inT = (valueList!.reaching.get(p.id) ?? []).some((pa) => pa.startsWith(area));
        if (inT !== f.inTargetAreas) continue;
      }
      starts.push(p.startsAt ?? -Infinity);
      completed.push(p.completedFrom ?? Infinity);
      weight.push(sum ? (p.budgetBaht * p.areas.filter((pa) => pa.startsWith(area)).length) / p.areas.length : 1);
    }
    const set = { starts: Float64Array.from(starts), completed: Float64Array.from(completed), weight: Float64Array.from(weight) };
    projectSets.set(k, set);
    return set;
  };
  /** The target areas of a list in an area that pass the filters not tied to the period: the instant a project first reaches each. */
  const targetSets = new Map<string, Float64Array>();
  const targetSet = (m: Measure, list: ListIndex, area: string) => {
    const k = keyOf(m, list.list.id, area);
    const hit = targetSets.get(k);
    if (hit) return hit;
    const f = m.filters ?? {};
    const from: number[] = [];
    for (const t of list.list.areas) {
      if (!t.code.startsWith(area)) continue;
      if (f.categories && !t.categories.some((c) => f.categories!.includes(c))) continue;
      if (!inAreaFilter(t.code, f.areas)) continue;
      from.push(list.firstProjectFrom.get(t.code) ?? Infinity);
    }
    const set = Float64Array.from(from);
    targetSets.set(k, set);
    return set;
  };

  /** One measure in area `area` over window `w`; `valueList` is the list "in target areas" refers to. */
  const measure = (m: Measure, area: string, w: Window, valueList: ListIndex | null | undefined, restricted: boolean): Measured => {
    const f = m.filters ?? {};
    const end = endOf(w);
    const b0 = Math.max(0, bucketOf(w.fiscalYear, w.fromQuarter));
    const b1 = Math.min(nBuckets - 1, bucketOf(w.fiscalYear, w.toQuarter));
    if (m.source === 'incidents') {
      if (f.inTargetAreas !== undefined && !valueList) return { missing: 'no_list' };
      const series = incidentsPerBucket(m, area, valueList, restricted);
      let n = 0;
      for (let b = b0; b <= b1; b++) n += series[b];
      return { n };
    }
    if (m.source === 'projects') {
      if (f.inTargetAreas !== undefined && !valueList) return { missing: 'no_list' };
      const { starts, completed, weight } = projectSet(m, w.fiscalYear, area, valueList);
      let n = 0;
      for (let i = 0; i < starts.length; i++) {
        // A project counts from its start (a project without a start date from its fiscal year's start).
        if (starts[i] >= end) continue;
        if (f.completed !== undefined && (completed[i] < end) !== f.completed) continue;
        n += weight[i];
      }
      return { n };
    }
    if (m.source === 'target_areas') {
      const list = inForce(w.fiscalYear, end);
      if (!list) return { missing: 'no_list' };
      const from = targetSet(m, list, area);
      if (f.hasProject === undefined) return { n: from.length };
      let n = 0;
      for (let i = 0; i < from.length; i++) if ((from[i] < end) === f.hasProject) n += 1;
      return { n };
    }
    // feedback
    if (!input.feedback) return { missing: 'feedback_unavailable' };
    let n = 0;
    for (const s of subsUnder.get(area) ?? []) {
      if (!inAreaFilter(s, f.areas)) continue;
      const arr = fb.get(s);
      if (!arr) continue;
      for (let b = b0; b <= b1; b++) {
        n += f.metNeeds === true ? arr[b].metNeeds : f.metNeeds === false ? arr[b].count - arr[b].metNeeds : arr[b].count;
      }
    }
    return { n };
  };

  const zeroReason = (m: Measure): ReasonCode =>
    m.source === 'target_areas' ? 'no_target_areas' : m.source === 'projects' ? 'no_projects' : m.source === 'incidents' ? 'no_incidents' : 'no_feedback';
  const needsList = (m: Measure) => m.filters?.inTargetAreas !== undefined;

  const reasons = new Map<string, { th: string; en: string }>();
  const reasonOf = (code: ReasonCode, fiscalYear: number, baseline: number | null, reference: Window | null) => {
    const k = `${code}|${fiscalYear}|${baseline}|${reference ? `${reference.fiscalYear}.${reference.fromQuarter}.${reference.toQuarter}` : ''}`;
    let v = reasons.get(k);
    if (!v) reasons.set(k, (v = reasonText(code, { fiscalYear, baseline, reference })));
    return v;
  };

  const out: ComputedValue[] = [];
  for (const ind of indicators) {
    const def = ind.definition;
    const audiences: Audience[] = sourcesOf(def).includes('incidents') ? ['restricted', 'unrestricted'] : ['all'];
    const usesValueList = measuresOf(def).some(needsList);
    for (const { fiscalYear, quarter } of periods) {
      const target = targetFor(fiscalYear, ind.targets, ind.defaultTarget);
      const windows = valueWindows(def.kind, fiscalYear, quarter, ind.baselineFiscalYear);
      const valueList = windows && usesValueList ? inForce(fiscalYear, endOf(windows.current)) : undefined;
      for (const a of areas) {
        const pair: ComputedValue[] = [];
        for (const audience of audiences) {
          const restricted = audience !== 'unrestricted';
          let value: number | null = null;
          let numerator: number | null = null;
          let denominator: number | null = null;
          let reason: ReasonCode | null = null;
          if (!windows) reason = 'before_baseline';
          else if (def.kind === 'value') {
            const r = measure(def.measure, a.code, windows.current, valueList, restricted);
            if ('missing' in r) reason = r.missing;
            else value = numerator = r.n;
          } else if (def.kind === 'ratio') {
            const num = measure(def.numerator, a.code, windows.current, valueList, restricted);
            const den: Measured = isConstant(def.denominator) ? { n: def.denominator.constant } : measure(def.denominator, a.code, windows.current, valueList, restricted);
            if ('missing' in num) reason = num.missing;
            else if ('missing' in den) reason = den.missing;
            else {
              numerator = num.n;
              denominator = den.n;
              if (den.n === 0) reason = isConstant(def.denominator) ? 'zero_denominator' : zeroReason(def.denominator);
              else value = clean((num.n * 100) / den.n);
            }
          } else {
            const cur = measure(def.measure, a.code, windows.current, valueList, restricted);
            const ref = measure(def.measure, a.code, windows.reference!, valueList, restricted);
            if ('missing' in cur) reason = cur.missing;
            else if ('missing' in ref) reason = ref.missing;
            else {
              numerator = cur.n;
              denominator = ref.n;
              if (ref.n === 0) reason = 'zero_reference';
              else value = clean(((cur.n - ref.n) * 100) / ref.n);
            }
          }
          if (value != null && !Number.isFinite(value)) {
            value = null;
            reason = 'zero_denominator';
          }
          const status = evaluateStatus(value, target, ind.direction, ind.atRiskMargin);
          if (status === 'no_target') reason = 'no_target';
          const text = reason ? reasonOf(reason, fiscalYear, ind.baselineFiscalYear, windows?.reference ?? null) : null;
          pair.push({
            indicatorId: ind.id, fiscalYear, quarter, areaCode: a.code, areaLevel: a.level, audience,
            value, numerator, denominator, status, reasonCode: reason, reasonTh: text?.th ?? null, reasonEn: text?.en ?? null,
            target, margin: ind.atRiskMargin,
          });
        }
        // Where no restricted incident makes a difference, one value serves everyone.
        if (pair.length === 2 && pair[0].value === pair[1].value && pair[0].numerator === pair[1].numerator
          && pair[0].denominator === pair[1].denominator && pair[0].reasonCode === pair[1].reasonCode) {
          out.push({ ...pair[0], audience: 'all' });
        } else out.push(...pair);
      }
    }
  }
  return out;
}
