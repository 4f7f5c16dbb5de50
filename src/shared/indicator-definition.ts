/**
 * Provincial indicators (ตัวชี้วัด, issue 4 section 3): the definition model, its validation, the
 * periods a value is computed over, and the status of a value against its target. Pure: no I/O.
 *
 * A definition is a small JSON language. A measure counts (or sums a field of) the rows of one
 * source - incidents, projects, target areas or the people's feedback - that pass its filters,
 * inside one area (province, district or sub-district) and one period. An indicator is a measure's
 * value, a ratio of two measures in percent, or the change of a measure in percent against the
 * previous fiscal year or against a frozen baseline year.
 *
 * Periods (fiscal years and quarters, src/shared/fiscal.ts):
 * - value and ratio: year to date. A quarter's value covers the fiscal year from 1 October to the
 *   end of that quarter; the year's value covers the whole year. A share such as "target areas with
 *   a project" therefore grows through the year toward the annual figure, and a quarter is judged
 *   against the annual target.
 * - change against the previous year: the quarter against the same quarter a year earlier (a
 *   season against the same season: floods and droughts come back at the same time of year), and
 *   the year against the previous year.
 * - change against the baseline: the quarter against the same quarter of the baseline year, the
 *   year against the baseline year. Periods before the baseline year have no value.
 * - "In declared target areas" means the areas of the target list of the value's own fiscal year
 *   in force at the end of the value's period, also for the earlier period it is compared with:
 *   the same areas before and after (like for like), not this year's areas against last year's.
 */
import type { ProjectStatus } from './project-types.ts';
import { PROJECT_STATUSES } from './project-types.ts';
import { fiscalQuarterPeriod, fiscalYearPeriod } from './fiscal.ts';

export const INDICATOR_SOURCES = ['incidents', 'projects', 'target_areas', 'feedback'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const INDICATOR_KINDS = ['value', 'ratio', 'change_previous_year', 'change_baseline'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const INDICATOR_DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** percent: ratios and changes; count: a number of rows; baht: a sum of budgets; points: a sum of severities. */
export const INDICATOR_UNITS = ['percent', 'count', 'baht', 'points'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * on_track / at_risk / off_track against the target of the fiscal year; no_target: a value but no
 * target for its fiscal year; no_data: no value (nothing to divide by, no declared list, no source).
 */
export const INDICATOR_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_target', 'no_data'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** The fields a measure may sum, per source; the people's evaluation (issue 5) adds its own. */
export const SUM_FIELDS: Record<IndicatorSource, readonly string[]> = {
  incidents: ['severity'],
  projects: ['budget_baht'],
  target_areas: [],
  feedback: [],
};

/** Which filters apply to which source. */
export const SOURCE_FILTERS: Record<IndicatorSource, readonly (keyof MeasureFilters)[]> = {
  incidents: ['categories', 'inTargetAreas', 'targetCategoriesOnly', 'areas'],
  projects: ['categories', 'inTargetAreas', 'projectStatus', 'completed', 'areas'],
  target_areas: ['categories', 'hasProject', 'areas'],
  feedback: ['metNeeds', 'areas'],
};

export interface MeasureFilters {
  /**
   * Category codes: an incident of one of them; a project addressing at least one of them; a target
   * area declared for at least one of them. Absent = every category.
   */
  categories?: string[];
  /** Incidents and projects: only those in (true) or outside (false) the declared target areas. */
  inTargetAreas?: boolean;
  /** Incidents: only the categories each target area is declared for (needs inTargetAreas: true). */
  targetCategoriesOnly?: boolean;
  /** Projects: only these statuses. Absent = every status. */
  projectStatus?: ProjectStatus[];
  /**
   * Projects: only those completed (true) or not completed (false) by the end of the period. A
   * project is completed once a progress report says 100 % (from the quarter of that report) or
   * once its status is done (from its last change).
   */
  completed?: boolean;
  /**
   * Target areas: only those that a project of the fiscal year reaches (true) or that none reaches
   * (false). A project counts from its start date (from the start of its fiscal year when it has
   * none) and a cancelled project never counts.
   */
  hasProject?: boolean;
  /** The people's evaluation: only answers saying the project met (true) or did not meet (false) their needs. */
  metNeeds?: boolean;
  /** Only inside these areas (province, district, sub-district or village codes of the indicator's province). */
  areas?: string[];
}

export type Aggregate = 'count' | { sum: string };

export interface Measure {
  source: IndicatorSource;
  /** count (the default) or the sum of a field. */
  aggregate?: Aggregate;
  filters?: MeasureFilters;
}

/** A constant denominator, for example a population or a fixed planned number. */
export interface ConstantMeasure {
  constant: number;
}

export type IndicatorDefinition =
  | { kind: 'value'; measure: Measure }
  | { kind: 'ratio'; numerator: Measure; denominator: Measure | ConstantMeasure }
  | { kind: 'change_previous_year'; measure: Measure }
  | { kind: 'change_baseline'; measure: Measure };

export interface DefinitionIssue {
  field: string;
  message: string;
}

export interface ValidationContext {
  /** The indicator's code, to name it in messages. */
  code: string;
  /** Known category codes. */
  categories: ReadonlySet<string>;
  /** The indicator's province: area filters must lie inside it. */
  provinceCode: string;
  baselineFiscalYear: number | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a denominator is a constant rather than a measure. */
export function isConstant(m: Measure | ConstantMeasure): m is ConstantMeasure {
  return 'constant' in m;
}

/** The unit a definition yields: ratios and changes are percentages; a value has its aggregate's unit. */
export function unitOf(def: IndicatorDefinition): IndicatorUnit {
  if (def.kind !== 'value') return 'percent';
  const a = def.measure.aggregate ?? 'count';
  if (a === 'count') return 'count';
  return a.sum === 'budget_baht' ? 'baht' : 'points';
}

/** The measures of a definition (a constant denominator is none). */
export function measuresOf(def: IndicatorDefinition): Measure[] {
  return def.kind === 'ratio' ? [def.numerator, ...(isConstant(def.denominator) ? [] : [def.denominator])] : [def.measure];
}

/** The sources a definition reads. */
export function sourcesOf(def: IndicatorDefinition): IndicatorSource[] {
  return [...new Set(measuresOf(def).map((m) => m.source))];
}

/** Why a measure can never count anything (always empty), or null when it can. */
function alwaysEmpty(m: Measure): string | null {
  const f = m.filters ?? {};
  if (f.categories && f.categories.length === 0) return 'its category list is empty, so it matches nothing';
  if (f.projectStatus && f.projectStatus.length === 0) return 'its project status list is empty, so it matches nothing';
  if (f.areas && f.areas.length === 0) return 'its area list is empty, so it matches nothing';
  if (f.targetCategoriesOnly && f.inTargetAreas !== true) return 'targetCategoriesOnly keeps only incidents in target areas, but inTargetAreas is not true';
  if (f.completed === true && f.projectStatus && f.projectStatus.length === 1 && f.projectStatus[0] === 'cancelled') {
    return 'it counts completed projects among cancelled ones only';
  }
  return null;
}

function checkMeasure(raw: unknown, field: string, ctx: ValidationContext, issues: DefinitionIssue[]): Measure | null {
  if (!isObject(raw)) {
    issues.push({ field, message: 'a measure is an object {source, aggregate?, filters?}' });
    return null;
  }
  for (const k of Object.keys(raw)) {
    if (!['source', 'aggregate', 'filters'].includes(k)) issues.push({ field: `${field}.${k}`, message: `unknown property "${k}": a measure has source, aggregate and filters` });
  }
  const source = raw.source as IndicatorSource;
  if (!INDICATOR_SOURCES.includes(source)) {
    issues.push({ field: `${field}.source`, message: `unknown source "${String(raw.source)}": use one of ${INDICATOR_SOURCES.join(', ')}` });
    return null;
  }
  let aggregate: Aggregate = 'count';
  if (raw.aggregate !== undefined && raw.aggregate !== 'count') {
    const sum = isObject(raw.aggregate) ? raw.aggregate.sum : undefined;
    if (typeof sum !== 'string') {
      issues.push({ field: `${field}.aggregate`, message: 'aggregate is "count" or {"sum": "<field>"}' });
    } else if (!SUM_FIELDS[source].includes(sum)) {
      issues.push({
        field: `${field}.aggregate.sum`,
        message: SUM_FIELDS[source].length
          ? `unknown field "${sum}" of ${source}: sum one of ${SUM_FIELDS[source].join(', ')}`
          : `${source} have no field to sum: count them`,
      });
    } else aggregate = { sum };
  }
  const filters: MeasureFilters = {};
  if (raw.filters !== undefined) {
    if (!isObject(raw.filters)) {
      issues.push({ field: `${field}.filters`, message: 'filters is an object' });
    } else {
      for (const [k, v] of Object.entries(raw.filters)) {
        const f = `${field}.filters.${k}`;
        const key = k as keyof MeasureFilters;
        if (!(Object.keys(SOURCE_FILTERS) as IndicatorSource[]).some((s) => SOURCE_FILTERS[s].includes(key))) {
          issues.push({ field: f, message: `unknown filter "${k}"` });
          continue;
        }
        if (!SOURCE_FILTERS[source].includes(key)) {
          issues.push({ field: f, message: `the filter ${k} does not apply to ${source}: use ${SOURCE_FILTERS[source].join(', ')}` });
          continue;
        }
        if (key === 'inTargetAreas' || key === 'targetCategoriesOnly' || key === 'completed' || key === 'hasProject' || key === 'metNeeds') {
          if (typeof v !== 'boolean') issues.push({ field: f, message: `${k} is true or false` });
          else filters[key] = v;
        } else if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
          issues.push({ field: f, message: `${k} is a list of codes` });
        } else if (key === 'categories') {
          v.forEach((c: string, i: number) => {
            if (!ctx.categories.has(c)) issues.push({ field: `${f}[${i}]`, message: `unknown category "${c}"` });
          });
          filters.categories = [...new Set(v as string[])];
        } else if (key === 'projectStatus') {
          v.forEach((s: string, i: number) => {
            if (!(PROJECT_STATUSES as readonly string[]).includes(s)) issues.push({ field: `${f}[${i}]`, message: `unknown project status "${s}": use ${PROJECT_STATUSES.join(', ')}` });
          });
          filters.projectStatus = [...new Set(v as ProjectStatus[])];
        } else {
          v.forEach((a: string, i: number) => {
            if (!/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2})?)?)?$/.test(a)) issues.push({ field: `${f}[${i}]`, message: `"${a}" is not an area code (2, 4, 6 or 8 digits)` });
            else if (!a.startsWith(ctx.provinceCode)) issues.push({ field: `${f}[${i}]`, message: `area ${a} is not in province ${ctx.provinceCode}` });
          });
          filters.areas = [...new Set(v as string[])];
        }
      }
    }
  }
  const m: Measure = { source, aggregate, filters };
  return m;
}

/**
 * Checks a definition as a user or the API gives it (any JSON) and returns it in its normal form,
 * or the issues, each naming its field (`definition.numerator.filters.categories[1]`). A ratio whose
 * denominator can never be anything but zero is refused here, before anything is stored.
 */
export function validateDefinition(raw: unknown, ctx: ValidationContext): { definition: IndicatorDefinition | null; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  const F = 'definition';
  if (!isObject(raw)) return { definition: null, issues: [{ field: F, message: 'the definition is an object with a kind: value, ratio, change_previous_year or change_baseline' }] };
  const kind = raw.kind as IndicatorKind;
  if (!INDICATOR_KINDS.includes(kind)) {
    return { definition: null, issues: [{ field: `${F}.kind`, message: `unknown kind "${String(raw.kind)}": use one of ${INDICATOR_KINDS.join(', ')}` }] };
  }
  const allowed = kind === 'ratio' ? ['kind', 'numerator', 'denominator'] : ['kind', 'measure'];
  for (const k of Object.keys(raw)) if (!allowed.includes(k)) issues.push({ field: `${F}.${k}`, message: `unknown property "${k}" for kind ${kind}: give ${allowed.join(', ')}` });
  let definition: IndicatorDefinition | null = null;
  if (kind === 'ratio') {
    const numerator = checkMeasure(raw.numerator, `${F}.numerator`, ctx, issues);
    let denominator: Measure | ConstantMeasure | null = null;
    const d = raw.denominator;
    if (isObject(d) && 'constant' in d) {
      if (typeof d.constant !== 'number' || !Number.isFinite(d.constant)) {
        issues.push({ field: `${F}.denominator.constant`, message: 'the constant denominator is a finite number' });
      } else if (d.constant === 0) {
        issues.push({ field: `${F}.denominator.constant`, message: `the denominator of indicator ${ctx.code} is always zero: the constant is 0, so every value would be a division by zero` });
      } else denominator = { constant: d.constant };
    } else {
      denominator = checkMeasure(d, `${F}.denominator`, ctx, issues);
      const why = denominator && !isConstant(denominator) ? alwaysEmpty(denominator) : null;
      if (why) issues.push({ field: `${F}.denominator`, message: `the denominator of indicator ${ctx.code} is always zero: ${why}` });
    }
    if (numerator && denominator) definition = { kind, numerator, denominator };
  } else {
    const measure = checkMeasure(raw.measure, `${F}.measure`, ctx, issues);
    if (measure && kind !== 'value') {
      // A change divides by the earlier period's measure.
      const why = alwaysEmpty(measure);
      if (why) issues.push({ field: `${F}.measure`, message: `the denominator of indicator ${ctx.code} is always zero: the change divides by the earlier period's measure, and ${why}` });
    }
    if (kind === 'change_baseline' && ctx.baselineFiscalYear == null) {
      issues.push({ field: 'baselineFiscalYear', message: `indicator ${ctx.code} compares against a baseline year: give baselineFiscalYear (Buddhist Era, such as 2566)` });
    }
    if (measure) definition = { kind, measure } as IndicatorDefinition;
  }
  return { definition: issues.length ? null : definition, issues };
}

/* ------------------------------------------------------------------ periods */

/** The whole fiscal year is quarter 0 where a number is needed (storage, keys). */
export const YEAR = 0;

/** Consecutive fiscal quarters fromQuarter..toQuarter of one fiscal year. */
export interface Window {
  fiscalYear: number;
  fromQuarter: number;
  toQuarter: number;
}

/** The instants [start, end) of a window. */
export function windowPeriod(w: Window): { start: Date; end: Date } {
  return { start: fiscalQuarterPeriod(w.fiscalYear, w.fromQuarter).start, end: fiscalQuarterPeriod(w.fiscalYear, w.toQuarter).end };
}

/**
 * The window a value is computed over and, for a change, the window it is compared with (see the
 * module comment). `quarter` 0 = the whole year. Null when there is no value (before the baseline).
 */
export function valueWindows(kind: IndicatorKind, fiscalYear: number, quarter: number, baseline: number | null): { current: Window; reference: Window | null } | null {
  const from = quarter === YEAR ? 1 : quarter;
  const to = quarter === YEAR ? 4 : quarter;
  if (kind === 'value' || kind === 'ratio') return { current: { fiscalYear, fromQuarter: 1, toQuarter: to }, reference: null };
  const current = { fiscalYear, fromQuarter: from, toQuarter: to };
  if (kind === 'change_previous_year') return { current, reference: { fiscalYear: fiscalYear - 1, fromQuarter: from, toQuarter: to } };
  if (baseline == null || fiscalYear < baseline) return null;
  return { current, reference: { fiscalYear: baseline, fromQuarter: from, toQuarter: to } };
}

/**
 * The periods to compute for the fiscal years asked: each quarter and the year, leaving out quarters
 * that have not started by `now` (the current year's value is then as of now).
 */
export function periodsToCompute(fiscalYears: readonly number[], now: Date): Array<{ fiscalYear: number; quarter: number }> {
  const out: Array<{ fiscalYear: number; quarter: number }> = [];
  for (const fy of [...new Set(fiscalYears)].sort((a, b) => a - b)) {
    if (fiscalYearPeriod(fy).start > now) continue;
    for (let q = 1; q <= 4; q++) if (fiscalQuarterPeriod(fy, q).start <= now) out.push({ fiscalYear: fy, quarter: q });
    out.push({ fiscalYear: fy, quarter: YEAR });
  }
  return out;
}

/* ------------------------------------------------------------------ status */

/**
 * The status of a value against its target. Higher is better: on track at or above the target, at
 * risk within `margin` below it, off track further below; lower is better mirrors this. The margin
 * is in the indicator's unit (percentage points for percentages).
 */
export function evaluateStatus(value: number | null, target: number | null, direction: IndicatorDirection, margin: number): IndicatorStatus {
  if (value == null || !Number.isFinite(value)) return 'no_data';
  if (target == null) return 'no_target';
  // Rounding noise (75.00000000000001) must not move a value across a boundary.
  const eps = 1e-9 * Math.max(1, Math.abs(target));
  if (direction === 'higher_is_better') {
    if (value >= target - eps) return 'on_track';
    if (value >= target - margin - eps) return 'at_risk';
    return 'off_track';
  }
  if (value <= target + eps) return 'on_track';
  if (value <= target + margin + eps) return 'at_risk';
  return 'off_track';
}

const UNIT_TEXT: Record<IndicatorUnit, { th: string; en: string }> = {
  percent: { th: ' %', en: ' %' },
  count: { th: '', en: '' },
  baht: { th: ' บาท', en: ' baht' },
  points: { th: ' คะแนน', en: ' points' },
};

/** A number as the rules show it: at most two decimals, no trailing zeros, a real minus sign kept ASCII. */
export function formatNumber(v: number): string {
  const r = Math.round(v * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: true });
}

/**
 * The status rule as a sentence in Thai and English, for example
 * "ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %, ต่ำกว่าเป้าหมายเมื่อ < 70 %".
 */
export function statusRule(target: number | null, direction: IndicatorDirection, margin: number, unit: IndicatorUnit): { th: string; en: string } | null {
  if (target == null) return null;
  const u = UNIT_TEXT[unit];
  const t = formatNumber(target);
  if (direction === 'higher_is_better') {
    const low = formatNumber(target - margin);
    if (margin <= 0) return { th: `ตามเป้าหมายเมื่อ ≥ ${t}${u.th}, ต่ำกว่าเป้าหมายเมื่อ < ${t}${u.th}`, en: `on track at ≥ ${t}${u.en}, off track below ${t}${u.en}` };
    return {
      th: `ตามเป้าหมายเมื่อ ≥ ${t}${u.th}, เฝ้าระวังเมื่อ ${low} ถึงต่ำกว่า ${t}${u.th}, ต่ำกว่าเป้าหมายเมื่อ < ${low}${u.th}`,
      en: `on track at ≥ ${t}${u.en}, at risk from ${low} to below ${t}${u.en}, off track below ${low}${u.en}`,
    };
  }
  const high = formatNumber(target + margin);
  if (margin <= 0) return { th: `ตามเป้าหมายเมื่อ ≤ ${t}${u.th}, ต่ำกว่าเป้าหมายเมื่อ > ${t}${u.th}`, en: `on track at ≤ ${t}${u.en}, off track above ${t}${u.en}` };
  return {
    th: `ตามเป้าหมายเมื่อ ≤ ${t}${u.th}, เฝ้าระวังเมื่อสูงกว่า ${t} แต่ไม่เกิน ${high}${u.th}, ต่ำกว่าเป้าหมายเมื่อ > ${high}${u.th}`,
    en: `on track at ≤ ${t}${u.en}, at risk above ${t} up to ${high}${u.en}, off track above ${high}${u.en}`,
  };
}

/** The target of a fiscal year: its own target, else the indicator's target for every year, else none. */
export function targetFor(fiscalYear: number, targets: ReadonlyMap<number, number>, defaultTarget: number | null): number | null {
  return targets.get(fiscalYear) ?? defaultTarget;
}

/* ------------------------------------------------------------------ built-ins */

export interface BuiltinIndicator {
  code: string;
  nameTh: string;
  nameEn: string;
  description: string;
  definition: IndicatorDefinition;
  direction: IndicatorDirection;
  baselineFiscalYear: number | null;
  /** Indicators of one reading group are two readings of one question; the province reports one. */
  readingGroup: string | null;
  reported: boolean;
  atRiskMargin: number;
  /** The target of every fiscal year without its own. */
  defaultTarget: number | null;
  /** Targets of single fiscal years (a trajectory). */
  targets: Array<{ fiscalYear: number; target: number }>;
  sortOrder: number;
}

const LIVE: ProjectStatus[] = ['planned', 'in_progress', 'done'];

/**
 * The indicators every province starts with; all editable, none deletable. The baseline trajectory
 * of incident_change_baseline falls linearly from the baseline FY 2566 to -80 % in FY 2570, the end
 * of the plan: -20 % in 2567, -40 % in 2568, -60 % in 2569, -80 % in 2570 (an equal step each year).
 */
export const BUILTIN_INDICATORS: readonly BuiltinIndicator[] = [
  {
    code: 'target_areas_with_projects',
    nameTh: 'ร้อยละของพื้นที่เป้าหมายที่มีโครงการดำเนินการ',
    nameEn: 'Share of declared target areas with at least one project',
    description: 'พื้นที่เป้าหมายตามบัญชีที่ประกาศของปีงบประมาณ ที่มีโครงการของปีงบประมาณเดียวกัน (ไม่นับโครงการที่ยกเลิก) อย่างน้อยหนึ่งโครงการ นับตั้งแต่วันเริ่มโครงการ / Declared target areas of the fiscal year reached by at least one project of that year (cancelled projects left out), from the project start date.',
    definition: { kind: 'ratio', numerator: { source: 'target_areas', aggregate: 'count', filters: { hasProject: true } }, denominator: { source: 'target_areas', aggregate: 'count', filters: {} } },
    direction: 'higher_is_better', baselineFiscalYear: null, readingGroup: 'target_coverage', reported: true, atRiskMargin: 10,
    defaultTarget: 80, targets: [], sortOrder: 10,
  },
  {
    code: 'projects_in_target_areas',
    nameTh: 'ร้อยละของโครงการที่ดำเนินการในพื้นที่เป้าหมาย',
    nameEn: 'Share of projects in declared target areas',
    description: 'โครงการของปีงบประมาณ (ไม่นับโครงการที่ยกเลิก) ที่มีพื้นที่ดำเนินการอย่างน้อยหนึ่งแห่งอยู่ในพื้นที่เป้าหมายที่ประกาศ / Projects of the fiscal year (cancelled left out) with at least one of their areas in a declared target area.',
    definition: {
      kind: 'ratio',
      numerator: { source: 'projects', aggregate: 'count', filters: { projectStatus: LIVE, inTargetAreas: true } },
      denominator: { source: 'projects', aggregate: 'count', filters: { projectStatus: LIVE } },
    },
    direction: 'higher_is_better', baselineFiscalYear: null, readingGroup: 'target_coverage', reported: false, atRiskMargin: 10,
    defaultTarget: 80, targets: [], sortOrder: 20,
  },
  {
    code: 'incident_change_target_areas',
    nameTh: 'ร้อยละการเปลี่ยนแปลงของเหตุการณ์ในพื้นที่เป้าหมายเทียบกับปีงบประมาณก่อน',
    nameEn: 'Change of incidents in declared target areas against the previous fiscal year',
    description: 'จำนวนเหตุการณ์ (ไม่นับแจ้งเท็จ) ในพื้นที่เป้าหมายของปีงบประมาณ เทียบกับพื้นที่เดียวกันในช่วงเดียวกันของปีก่อน / Incidents (false reports left out) in the fiscal year\'s target areas against the same areas in the same period a year earlier.',
    definition: { kind: 'change_previous_year', measure: { source: 'incidents', aggregate: 'count', filters: { inTargetAreas: true } } },
    direction: 'lower_is_better', baselineFiscalYear: null, readingGroup: null, reported: true, atRiskMargin: 5,
    defaultTarget: -10, targets: [], sortOrder: 30,
  },
  {
    code: 'incident_change_baseline',
    nameTh: 'ร้อยละการลดลงของเหตุการณ์สะสมเทียบกับปีฐาน',
    nameEn: 'Cumulative change of incidents against the baseline year',
    description: 'จำนวนเหตุการณ์ทั้งหมด (ไม่นับแจ้งเท็จ) เทียบกับปีฐาน 2566 ตามแผนที่ตั้งเป้าลดลงร้อยละ 80 ภายในปีงบประมาณ 2570 / All incidents (false reports left out) against the baseline FY 2566, toward -80 % by FY 2570.',
    definition: { kind: 'change_baseline', measure: { source: 'incidents', aggregate: 'count', filters: {} } },
    direction: 'lower_is_better', baselineFiscalYear: 2566, readingGroup: null, reported: true, atRiskMargin: 10,
    defaultTarget: null,
    targets: [{ fiscalYear: 2567, target: -20 }, { fiscalYear: 2568, target: -40 }, { fiscalYear: 2569, target: -60 }, { fiscalYear: 2570, target: -80 }],
    sortOrder: 40,
  },
  {
    code: 'project_completion',
    nameTh: 'ร้อยละของโครงการที่ดำเนินการแล้วเสร็จ',
    nameEn: 'Project completion rate',
    description: 'โครงการของปีงบประมาณ (ไม่นับโครงการที่ยกเลิก) ที่รายงานความก้าวหน้าครบร้อยละ 100 หรือมีสถานะเสร็จสิ้น ณ สิ้นงวด / Projects of the fiscal year (cancelled left out) reported 100 % done, or marked done, by the end of the period.',
    definition: {
      kind: 'ratio',
      numerator: { source: 'projects', aggregate: 'count', filters: { projectStatus: LIVE, completed: true } },
      denominator: { source: 'projects', aggregate: 'count', filters: { projectStatus: LIVE } },
    },
    direction: 'higher_is_better', baselineFiscalYear: null, readingGroup: null, reported: true, atRiskMargin: 10,
    defaultTarget: 80, targets: [], sortOrder: 50,
  },
  {
    code: 'projects_meeting_needs',
    nameTh: 'ร้อยละของโครงการที่ประชาชนประเมินว่าตรงกับความต้องการ',
    nameEn: "Share of projects the people's evaluation says met their needs",
    description: 'จากผลการประเมินโดยประชาชนรายไตรมาส: นับโครงการในแต่ละตำบลที่มีผู้ให้ความเห็นไม่น้อยกว่าเกณฑ์ขั้นต่ำ โครงการที่ผู้ให้ความเห็นตั้งแต่ครึ่งหนึ่งขึ้นไปเห็นว่าตรงกับความต้องการถือว่าตรงกับความต้องการ ค่าของแต่ละไตรมาสนับสะสมตั้งแต่ไตรมาส 1 ของปีงบประมาณ / From the quarterly people\'s evaluation: the projects in each sub-district with at least the minimum number of answers; a project met needs when at least half of its answers say so. Each quarter\'s value counts from Q1 of the fiscal year.',
    definition: { kind: 'ratio', numerator: { source: 'feedback', aggregate: 'count', filters: { metNeeds: true } }, denominator: { source: 'feedback', aggregate: 'count', filters: {} } },
    direction: 'higher_is_better', baselineFiscalYear: null, readingGroup: null, reported: true, atRiskMargin: 10,
    defaultTarget: 70, targets: [], sortOrder: 60,
  },
];
