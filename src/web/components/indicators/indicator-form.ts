/**
 * The forms of the indicators page as plain data: an indicator's fields and definition as the
 * inputs hold them (texts, check boxes), the checks made before sending (each naming its field,
 * in Thai), and the request bodies. The server checks everything again; what it alone knows (a
 * denominator that is always zero, a code already taken) comes back through serverFieldErrors.
 */
import {
  INDICATOR_SOURCES, SOURCE_FILTERS, SUM_FIELDS, isConstant, unitOf,
  type IndicatorDefinition, type IndicatorDirection, type IndicatorKind, type IndicatorSource, type IndicatorUnit, type Measure, type MeasureFilters,
} from '../../../shared/indicator-definition.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../shared/project-types.ts';
import type { Indicator, IndicatorInput, IndicatorTarget } from '../../../shared/indicator-types.ts';
import type { FieldErrors } from './indicator-text.ts';
import { parseFiscalYear, parseNumber } from './indicator-text.ts';

/** A yes/no filter as a choice: any, yes or no. */
export type Tri = '' | 'yes' | 'no';

/** One measure as the inputs hold it. */
export interface MeasureForm {
  source: IndicatorSource;
  /** 'count', or the field summed. */
  aggregate: string;
  allCategories: boolean;
  categories: string[];
  inTargetAreas: Tri;
  targetCategoriesOnly: boolean;
  allStatuses: boolean;
  projectStatus: ProjectStatus[];
  completed: Tri;
  hasProject: Tri;
  metNeeds: Tri;
  /** Kept as they are: the form does not edit area filters. */
  areas: string[] | undefined;
}

export interface IndicatorForm {
  /** Null for a new indicator; the id of the one edited. */
  editingId: number | null;
  builtin: boolean;
  code: string;
  nameTh: string;
  nameEn: string;
  description: string;
  kind: IndicatorKind;
  /** The measure of a value or a change; the numerator of a ratio. */
  measure: MeasureForm;
  denominatorMode: 'measure' | 'constant';
  denominator: MeasureForm;
  constant: string;
  direction: IndicatorDirection;
  baseline: string;
  margin: string;
  defaultTarget: string;
  active: boolean;
}

/** The fields the form marks, as serverFieldErrors and fieldKey name them. */
export const FORM_FIELDS = [
  'code', 'nameTh', 'nameEn', 'description', 'kind', 'direction', 'baselineFiscalYear', 'atRiskMargin', 'defaultTarget', 'unit', 'active',
  'measure', 'measure.source', 'measure.aggregate', 'measure.categories', 'measure.projectStatus',
  'numerator', 'numerator.source', 'numerator.aggregate', 'numerator.categories', 'numerator.projectStatus',
  'denominator', 'denominator.source', 'denominator.aggregate', 'denominator.categories', 'denominator.projectStatus', 'denominator.constant',
] as const;

const tri = (v: boolean | undefined): Tri => (v === true ? 'yes' : v === false ? 'no' : '');
const fromTri = (v: Tri): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);

/** A measure as the inputs hold it. */
export function measureForm(m: Measure | null, source: IndicatorSource = 'incidents'): MeasureForm {
  const f = m?.filters ?? {};
  const a = m?.aggregate ?? 'count';
  return {
    source: m?.source ?? source,
    aggregate: a === 'count' ? 'count' : a.sum,
    allCategories: f.categories === undefined,
    categories: f.categories ?? [],
    inTargetAreas: tri(f.inTargetAreas),
    targetCategoriesOnly: f.targetCategoriesOnly ?? false,
    allStatuses: f.projectStatus === undefined,
    projectStatus: f.projectStatus ?? [],
    completed: tri(f.completed),
    hasProject: tri(f.hasProject),
    metNeeds: tri(f.metNeeds),
    areas: f.areas,
  };
}

/** The measure of the inputs, with only the filters its source has (a changed source drops the others). */
export function measureOf(f: MeasureForm): Measure {
  const allowed = SOURCE_FILTERS[f.source];
  const filters: MeasureFilters = {};
  const has = (k: keyof MeasureFilters) => allowed.includes(k);
  if (has('categories') && !f.allCategories) filters.categories = [...f.categories];
  if (has('inTargetAreas') && f.inTargetAreas) filters.inTargetAreas = fromTri(f.inTargetAreas);
  if (has('targetCategoriesOnly') && f.targetCategoriesOnly && f.inTargetAreas === 'yes') filters.targetCategoriesOnly = true;
  if (has('projectStatus') && !f.allStatuses) filters.projectStatus = [...f.projectStatus];
  if (has('completed') && f.completed) filters.completed = fromTri(f.completed);
  if (has('hasProject') && f.hasProject) filters.hasProject = fromTri(f.hasProject);
  if (has('metNeeds') && f.metNeeds) filters.metNeeds = fromTri(f.metNeeds);
  if (has('areas') && f.areas) filters.areas = [...f.areas];
  const aggregate = f.aggregate !== 'count' && SUM_FIELDS[f.source].includes(f.aggregate) ? { sum: f.aggregate } : 'count';
  return { source: f.source, aggregate, filters };
}

const numText = (n: number | null) => (n === null ? '' : String(n));

/** The form of an indicator to edit, or of a new one (a count of incidents, lower is better). */
export function indicatorForm(ind: Indicator | null, code: string): IndicatorForm {
  const def = ind?.definition;
  const ratio = def?.kind === 'ratio' ? def : null;
  return {
    editingId: ind?.id ?? null,
    builtin: ind?.builtin ?? false,
    code: ind?.code ?? code,
    nameTh: ind?.nameTh ?? '',
    nameEn: ind?.nameEn ?? '',
    description: ind?.description ?? '',
    kind: def?.kind ?? 'value',
    measure: measureForm(ratio ? ratio.numerator : def && def.kind !== 'ratio' ? def.measure : null),
    denominatorMode: ratio && isConstant(ratio.denominator) ? 'constant' : 'measure',
    denominator: measureForm(ratio && !isConstant(ratio.denominator) ? ratio.denominator : null),
    constant: ratio && isConstant(ratio.denominator) ? String(ratio.denominator.constant) : '',
    direction: ind?.direction ?? 'lower_is_better',
    baseline: numText(ind?.baselineFiscalYear ?? null),
    margin: numText(ind?.atRiskMargin ?? 10),
    defaultTarget: numText(ind?.defaultTarget ?? null),
    active: ind?.active ?? true,
  };
}

/** The definition of the form (checkIndicatorForm has made sure a constant is a number before it is sent). */
export function definitionOf(f: IndicatorForm): IndicatorDefinition {
  const m = measureOf(f.measure);
  if (f.kind === 'ratio') {
    const c = parseNumber(f.constant);
    return { kind: 'ratio', numerator: m, denominator: f.denominatorMode === 'constant' ? { constant: c ?? Number.NaN } : measureOf(f.denominator) };
  }
  return { kind: f.kind, measure: m } as IndicatorDefinition;
}

/** The unit the form's definition yields (shown, not chosen: the server derives it the same way). */
export const formUnit = (f: IndicatorForm): IndicatorUnit => unitOf(definitionOf(f));

/** Sources in the order the form offers them. */
export const SOURCES = INDICATOR_SOURCES;
export { PROJECT_STATUSES };

function checkMeasure(m: MeasureForm, key: 'measure' | 'numerator' | 'denominator', errors: FieldErrors): void {
  const allowed = SOURCE_FILTERS[m.source];
  if (allowed.includes('categories') && !m.allCategories && m.categories.length === 0) {
    errors[`${key}.categories`] = (x) => x.t('indicatorsPageErrPickCategory');
  }
  if (allowed.includes('projectStatus') && !m.allStatuses && m.projectStatus.length === 0) {
    errors[`${key}.projectStatus`] = (x) => x.t('indicatorsPageErrPickStatus');
  }
}

/**
 * The checks made before sending, each under its field, and the body to send when there is none.
 * A constant denominator of 0 is left to the server, which owns the rule that refuses it (and says
 * so in the same words for every client).
 */
export function checkIndicatorForm(f: IndicatorForm, province: string): { errors: FieldErrors; body: IndicatorInput | null } {
  const errors: FieldErrors = {};
  if (!f.editingId && !/^[a-z][a-z0-9_]{0,63}$/.test(f.code.trim())) errors.code = (x) => x.t('indicatorsPageErrCode');
  if (!f.nameTh.trim()) errors.nameTh = (x) => x.t('indicatorsPageErrNameRequired');
  const baseline = f.baseline.trim() ? parseFiscalYear(f.baseline) : null;
  if (f.baseline.trim() && baseline === null) errors.baselineFiscalYear = (x) => x.t('indicatorsPageErrYear');
  else if (f.kind === 'change_baseline' && baseline === null) errors.baselineFiscalYear = (x) => x.t('indicatorsPageErrBaselineRequired');
  const margin = parseNumber(f.margin);
  if (margin === null || margin < 0) errors.atRiskMargin = (x) => x.t('indicatorsPageErrMargin');
  const defaultTarget = f.defaultTarget.trim() ? parseNumber(f.defaultTarget) : null;
  if (f.defaultTarget.trim() && defaultTarget === null) errors.defaultTarget = (x) => x.t('indicatorsPageErrNumber');
  const main = f.kind === 'ratio' ? 'numerator' : 'measure';
  checkMeasure(f.measure, main, errors);
  if (f.kind === 'ratio') {
    if (f.denominatorMode === 'measure') checkMeasure(f.denominator, 'denominator', errors);
    else if (parseNumber(f.constant) === null) errors['denominator.constant'] = (x) => x.t('indicatorsPageErrNumber');
  }
  if (Object.keys(errors).length) return { errors, body: null };
  const body: IndicatorInput = {
    provinceCode: province,
    code: f.code.trim(),
    nameTh: f.nameTh.trim(),
    nameEn: f.nameEn.trim(),
    description: f.description.trim(),
    definition: definitionOf(f),
    direction: f.direction,
    baselineFiscalYear: baseline,
    atRiskMargin: margin!,
    defaultTarget,
    active: f.active,
  };
  return { errors, body };
}

/** A row of the targets table as typed. */
export interface TargetRow {
  key: number;
  fiscalYear: string;
  target: string;
}

let rowKey = 0;
/** A new row of the targets table. */
export const targetRow = (t?: Partial<{ fiscalYear: number | string; target: number | string }>): TargetRow => ({
  key: ++rowKey,
  fiscalYear: t?.fiscalYear === undefined ? '' : String(t.fiscalYear),
  target: t?.target === undefined ? '' : String(t.target),
});

/** The field key of one cell of the targets table ("row-3-target"), as the errors name it. */
export const cellKey = (row: TargetRow, col: 'fiscalYear' | 'target') => `row-${row.key}-${col}`;

/**
 * Checks the targets table: each year a Buddhist Era fiscal year given once, each target a
 * number, the target of other years a number or empty; the body of PUT /targets when all is well.
 */
export function checkTargets(rows: readonly TargetRow[], defaultText: string): { errors: FieldErrors; body: { defaultTarget: number | null; targets: IndicatorTarget[] } | null } {
  const errors: FieldErrors = {};
  const seen = new Map<number, number>();
  const targets: IndicatorTarget[] = [];
  rows.forEach((r, k) => {
    const fy = parseFiscalYear(r.fiscalYear);
    if (fy === null) errors[cellKey(r, 'fiscalYear')] = (x) => x.t('indicatorsPageErrYear');
    else if (seen.has(fy)) errors[cellKey(r, 'fiscalYear')] = (x) => x.t('indicatorsPageErrYearTwiceRow', { fy, row: seen.get(fy)! + 1 });
    else seen.set(fy, k);
    const t = parseNumber(r.target);
    if (t === null) errors[cellKey(r, 'target')] = (x) => x.t(r.target.trim() ? 'indicatorsPageErrNumber' : 'indicatorsPageErrTargetRequired');
    if (fy !== null && t !== null) targets.push({ fiscalYear: fy, target: t });
  });
  const defaultTarget = defaultText.trim() ? parseNumber(defaultText) : null;
  if (defaultText.trim() && defaultTarget === null) errors.defaultTarget = (x) => x.t('indicatorsPageErrNumber');
  if (Object.keys(errors).length) return { errors, body: null };
  return { errors, body: { defaultTarget, targets } };
}

/**
 * The field key of a server detail about the targets table: "targets[2].target" is the cell of the
 * third row sent (the rows are sent in the table's order), "defaultTarget" the default field.
 */
export function targetDetailKey(field: string | undefined, rows: readonly TargetRow[]): string | null {
  if (field === 'defaultTarget') return 'defaultTarget';
  const m = /^targets\[(\d+)\]\.(fiscalYear|target)$/.exec(field ?? '');
  if (!m || !rows[Number(m[1])]) return null;
  return cellKey(rows[Number(m[1])], m[2] as 'fiscalYear' | 'target');
}
