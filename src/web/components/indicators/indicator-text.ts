/**
 * Wording and rules of the indicators page that need no React: who may change indicators (the
 * same roles as INDICATOR_WRITERS on the server, so the page never offers what the server
 * refuses), values with their unit, a definition read out in plain Thai, numbers as people type
 * them, and the server's English refusals turned into Thai sentences under the field they name.
 */
import { ApiError, type Category, type Role } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import type { Msg } from '../common.tsx';
import {
  isConstant, type IndicatorDefinition, type IndicatorKind, type IndicatorUnit, type Measure,
} from '../../../shared/indicator-definition.ts';
import { fiscalYearPeriod } from '../../../shared/fiscal.ts';
import type { Indicator, IndicatorValue } from '../../../shared/indicator-types.ts';

/** Roles that define indicators, set targets and compute (INDICATOR_WRITERS on the server). */
export const WRITER_ROLES: readonly Role[] = ['admin', 'analyst'];

/** Whether a role may change indicators and compute them. */
export const canWrite = (role: Role | undefined): boolean => !!role && WRITER_ROLES.includes(role);

/** The name of an indicator in the interface language, and the name in the other one (or null). */
export function names(ind: Pick<Indicator, 'nameTh' | 'nameEn'>, i: I18n): { main: string; other: string | null } {
  const en = ind.nameEn.trim();
  if (i.lang === 'en' && en) return { main: en, other: ind.nameTh };
  return { main: ind.nameTh, other: en || null };
}

/** Whether values of this kind are changes in percent (shown with a sign: +5 %, -35 %). */
const isChange = (kind: IndicatorKind) => kind === 'change_previous_year' || kind === 'change_baseline';

/** A number in an indicator's unit: "75 %", "-35 %", "1,250,000 บาท", "12". */
export function formatValue(v: number | null, unit: IndicatorUnit, kind: IndicatorKind, i: I18n): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const digits = unit === 'percent' ? 1 : unit === 'baht' ? 0 : 2;
  const sign = isChange(kind) && v > 0 ? '+' : '';
  const n = `${sign}${i.num(v, digits)}`;
  if (unit === 'percent') return `${n} %`;
  if (unit === 'baht') return `${n} ${i.t('indicatorsPageBaht')}`;
  if (unit === 'points') return `${n} ${i.t('indicatorsPagePoints')}`;
  return n;
}

/** A target as the tables show it (the same format as a value). */
export const formatTarget = (v: number | null, ind: Pick<Indicator, 'unit' | 'definition'>, i: I18n): string =>
  formatValue(v, ind.unit, ind.definition.kind, i);

/** The target of a fiscal year: its own, else the target of every year, else none. */
export function targetOf(ind: Pick<Indicator, 'targets' | 'defaultTarget'>, fy: number): number | null {
  return ind.targets.find((t) => t.fiscalYear === fy)?.target ?? ind.defaultTarget;
}

/** The status word of a value. */
export const statusWord = (status: IndicatorValue['status'], i: I18n): string => i.t(`indicatorsStatus_${status}` as MessageKey);

/** The rule sentence of a value in the interface language. */
export const ruleText = (v: Pick<IndicatorValue, 'ruleTh' | 'ruleEn'>, i: I18n): string | null => (i.lang === 'th' ? v.ruleTh : v.ruleEn ?? v.ruleTh);

/** The reason of a value without data, in the interface language. */
export const reasonText = (v: Pick<IndicatorValue, 'reasonTh' | 'reasonEn'>, i: I18n): string | null => (i.lang === 'th' ? v.reasonTh : v.reasonEn ?? v.reasonTh);

/** "ไตรมาส 1/2569 (สะสมตั้งแต่ต้นปี)" or "ปีงบประมาณ 2568": the period of a value. */
export function periodText(fy: number, quarter: number | null, i: I18n): string {
  return quarter ? i.fiscalQuarter(fy, quarter) : i.fiscalYear(fy);
}

/**
 * The value the list shows for an indicator: the province's (or, for a user limited to some areas,
 * their first area's) value of the whole fiscal year once that year is over, else of its latest
 * quarter (the year's value of a year under way would compare part of a year with a whole one).
 */
export function headlineValue(ind: Pick<Indicator, 'latest' | 'provinceCode'>, now: Date): IndicatorValue | null {
  if (!ind.latest.length) return null;
  const area = ind.latest.some((v) => v.areaCode === ind.provinceCode) ? ind.provinceCode : [...ind.latest].sort((a, b) => a.areaCode.localeCompare(b.areaCode))[0].areaCode;
  const mine = ind.latest.filter((v) => v.areaCode === area);
  const year = mine.find((v) => v.quarter === null);
  if (year && fiscalYearPeriod(year.fiscalYear).end <= now) return year;
  const quarters = mine.filter((v) => v.quarter !== null).sort((a, b) => b.quarter! - a.quarter!);
  return quarters[0] ?? year ?? null;
}

/** When the values were last computed: the newest computedAt of the values shown, or null. */
export function lastComputed(items: readonly Pick<Indicator, 'latest'>[]): string | null {
  let best: string | null = null;
  for (const ind of items) for (const v of ind.latest) if (!best || v.computedAt > best) best = v.computedAt;
  return best;
}

/**
 * Whether stored values were judged against a target or margin the indicator no longer has (the
 * targets changed and nobody recomputed). Compared value by value rather than by the time of the
 * last change: choosing the reported reading changes the indicator but no judgement.
 */
export function judgedOnOldTargets(ind: Pick<Indicator, 'targets' | 'defaultTarget' | 'atRiskMargin'>, values: readonly IndicatorValue[]): boolean {
  const differ = (a: number | null, b: number | null) => (a === null || b === null ? a !== b : Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a)));
  return values.some((v) => differ(v.target, targetOf(ind, v.fiscalYear)) || differ(v.margin, ind.atRiskMargin));
}

/* --------------------------------------------------------- numbers as typed */

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/**
 * A number as people type it: Thai digits, thousands separators, a Unicode minus, a trailing %;
 * null for anything else (never NaN). An empty text is null too.
 */
export function parseNumber(text: string): number | null {
  let s = text.trim().replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d))).replace(/[\u2212\u2013]/g, '-').replace(/,/g, '').replace(/\s+/g, '');
  s = s.replace(/%$/, '');
  if (!/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A Buddhist Era fiscal year as typed, or null (2500-2700, as the server accepts). */
export function parseFiscalYear(text: string): number | null {
  const n = parseNumber(text);
  return n !== null && Number.isInteger(n) && n >= 2500 && n <= 2700 ? n : null;
}

/* ------------------------------------------------------- definition in Thai */

const SOURCE_NOUN: Record<Measure['source'], MessageKey> = {
  incidents: 'indicatorsPageNounIncidents',
  projects: 'indicatorsPageNounProjects',
  target_areas: 'indicatorsPageNounTargetAreas',
  feedback: 'indicatorsPageNounFeedback',
};

/** A measure in words: what is counted or summed, and each of its filters as a phrase. */
export function measureText(m: Measure, categories: readonly Category[], i: I18n): { head: string; filters: string[] } {
  const noun = i.t(SOURCE_NOUN[m.source]);
  const a = m.aggregate ?? 'count';
  const head = a === 'count'
    ? i.t('indicatorsPageCountOf', { what: noun })
    : a.sum === 'budget_baht' ? i.t('indicatorsPageSumBudget') : i.t('indicatorsPageSumSeverity');
  const f = m.filters ?? {};
  const out: string[] = [];
  if (m.source === 'incidents') out.push(i.t('indicatorsPageNoFalseReports'));
  if (m.source === 'projects' || m.source === 'target_areas') {
    // Said every time: a reader would otherwise assume every project or list ever made counts.
    out.push(i.t(m.source === 'projects' ? 'indicatorsPageProjectsOfYear' : 'indicatorsPageTargetAreasOfYear'));
  }
  if (f.categories) {
    const labels = f.categories.map((c) => {
      const cat = categories.find((x) => x.code === c);
      return cat ? i.label(cat) : c;
    });
    out.push(labels.length ? i.t('indicatorsPageFilterCategories', { list: labels.join(', ') }) : i.t('indicatorsPageFilterNoCategory'));
  } else if (m.source !== 'feedback') out.push(i.t('indicatorsPageFilterEveryCategory'));
  if (f.inTargetAreas === true) out.push(i.t('indicatorsPageFilterInTargets'));
  if (f.inTargetAreas === false) out.push(i.t('indicatorsPageFilterOutsideTargets'));
  if (f.targetCategoriesOnly) out.push(i.t('indicatorsPageFilterTargetCategories'));
  if (f.projectStatus) {
    out.push(i.t('indicatorsPageFilterStatus', { list: f.projectStatus.map((s) => i.t(`indicatorsPageProjectStatus_${s}` as MessageKey)).join(', ') || '—' }));
  }
  if (f.completed === true) out.push(i.t('indicatorsPageFilterCompleted'));
  if (f.completed === false) out.push(i.t('indicatorsPageFilterNotCompleted'));
  if (f.hasProject === true) out.push(i.t('indicatorsPageFilterHasProject'));
  if (f.hasProject === false) out.push(i.t('indicatorsPageFilterNoProject'));
  if (f.metNeeds === true) out.push(i.t('indicatorsPageFilterMetNeeds'));
  if (f.metNeeds === false) out.push(i.t('indicatorsPageFilterNotMetNeeds'));
  if (f.areas) out.push(i.t('indicatorsPageFilterAreas', { list: f.areas.join(', ') }));
  return { head, filters: out };
}

/** One part of a definition read out: a label ("ตัวตั้ง") and a measure, or a constant. */
export interface DefinitionPart {
  label: string;
  head: string;
  filters: string[];
}

/** A definition in plain words: the formula sentence, its measures, and how periods are compared. */
export function definitionText(def: IndicatorDefinition, baseline: number | null, categories: readonly Category[], i: I18n): { formula: string; parts: DefinitionPart[]; periods: string } {
  const part = (label: MessageKey, m: Measure): DefinitionPart => ({ label: i.t(label), ...measureText(m, categories, i) });
  if (def.kind === 'ratio') {
    const den: DefinitionPart = isConstant(def.denominator)
      ? { label: i.t('indicatorsDenominator'), head: i.t('indicatorsPageConstant', { n: i.num(def.denominator.constant, 2) }), filters: [] }
      : part('indicatorsDenominator', def.denominator);
    return { formula: i.t('indicatorsPageFormulaRatio'), parts: [part('indicatorsNumerator', def.numerator), den], periods: i.t('indicatorsPagePeriodsToDate') };
  }
  if (def.kind === 'value') return { formula: i.t('indicatorsPageFormulaValue'), parts: [part('indicatorsPageMeasure', def.measure)], periods: i.t('indicatorsPagePeriodsToDate') };
  if (def.kind === 'change_previous_year') {
    return { formula: i.t('indicatorsPageFormulaChangePrevious'), parts: [part('indicatorsPageMeasure', def.measure)], periods: i.t('indicatorsPagePeriodsPrevious') };
  }
  return {
    formula: i.t('indicatorsPageFormulaChangeBaseline', { fy: baseline ? i.fiscalYear(baseline) : '—' }),
    parts: [part('indicatorsPageMeasure', def.measure)],
    periods: i.t('indicatorsPagePeriodsBaseline', { fy: baseline ? String(baseline) : '—' }),
  };
}

/* ------------------------------------------------------ server refusals */

/** Errors per field of a form: the sentence under each marked field. */
export type FieldErrors = Record<string, Msg>;

/**
 * The form field a server detail is about: "definition.numerator.filters.categories[1]" ->
 * "numerator.categories" when the form has that field, else "numerator"; "definition.kind" -> "kind".
 */
export function fieldKey(detailField: string | undefined, known: readonly string[]): string | null {
  let f = (detailField ?? '').replace(/\[\d+\]/g, '').replace(/^definition\.?/, '').replace(/\.filters\./, '.').replace(/\.aggregate\.sum$/, '.aggregate');
  if (!f && detailField?.startsWith('definition')) f = 'kind';
  while (f) {
    if (known.includes(f)) return f;
    const dot = f.lastIndexOf('.');
    if (dot < 0) break;
    f = f.slice(0, dot);
  }
  return null;
}

const ZERO_WHY: Array<[RegExp, MessageKey]> = [
  [/category list is empty/, 'indicatorsPageZeroCategories'],
  [/project status list is empty/, 'indicatorsPageZeroStatuses'],
  [/area list is empty/, 'indicatorsPageZeroAreas'],
  [/targetCategoriesOnly keeps only/, 'indicatorsPageZeroTargetCategories'],
  [/completed projects among cancelled/, 'indicatorsPageZeroCancelled'],
];

/** A server message about one field, in the interface language when the page knows it. */
export function serverMessageText(message: string, i: I18n): string {
  if (/always zero/.test(message)) {
    if (/the constant is 0/.test(message)) return i.t('indicatorsPageZeroConstant');
    const why = ZERO_WHY.find(([re]) => re.test(message));
    const reason = why ? i.t(why[1]) : message;
    return /earlier period's measure/.test(message) ? i.t('indicatorsPageZeroChange', { why: reason }) : i.t('indicatorsPageZeroDenominator', { why: reason });
  }
  const unknownCat = /unknown category "([^"]*)"/.exec(message);
  if (unknownCat) return i.t('indicatorsPageErrUnknownCategory', { code: unknownCat[1] });
  if (/Thai name is required/.test(message)) return i.t('indicatorsPageErrNameRequired');
  if (/compares against a baseline year/.test(message)) return i.t('indicatorsPageErrBaselineRequired');
  if (/already has an indicator with code/.test(message)) return i.t('indicatorsPageErrCodeUsed');
  if (/lower-case letters/.test(message)) return i.t('indicatorsPageErrCode');
  if (/is given twice/.test(message)) return i.t('indicatorsPageErrYearTwice');
  if (/Buddhist Era fiscal year/.test(message)) return i.t('indicatorsPageErrYear');
  if (/at least 0/.test(message)) return i.t('indicatorsPageErrMargin');
  if (/finite number/.test(message)) return i.t('indicatorsPageErrNumber');
  if (/does not fit the definition/.test(message)) return i.t('indicatorsPageErrUnit');
  return i.t('indicatorsPageServerSaid', { message });
}

/**
 * The field errors of a refused save: each detail the form knows becomes a sentence under that
 * field; the rest (and a refusal without details) go to the summary above the buttons.
 */
export function serverFieldErrors(err: unknown, known: readonly string[]): { fields: FieldErrors; other: Msg[] } {
  const fields: FieldErrors = {};
  const other: Msg[] = [];
  if (!(err instanceof ApiError)) return { fields, other: [(x) => x.t('errorGeneric', { message: err instanceof Error ? err.message : String(err) })] };
  if (err.status === 0) return { fields, other: [(x) => x.t('errorNetwork')] };
  if (err.status === 403) return { fields, other: [(x) => x.t('indicatorsPageErrForbidden')] };
  // A taken code is a conflict without details.
  const details = err.details.length ? err.details : /with code/.test(err.message) ? [{ field: 'code', message: err.message }] : [];
  for (const d of details) {
    const f = fieldKey(d.field, known);
    const line: Msg = (x) => serverMessageText(d.message, x);
    if (f) {
      const before = fields[f];
      fields[f] = before ? (x) => `${before(x)} · ${line(x)}` : line;
    } else other.push((x) => `${d.field ? `${d.field}: ` : ''}${serverMessageText(d.message, x)}`);
  }
  if (!details.length) other.push((x) => serverMessageText(err.message, x));
  return { fields, other };
}
