import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_INDICATORS, evaluateStatus, periodsToCompute, statusRule, unitOf, validateDefinition, valueWindows, windowPeriod,
} from './indicator-definition.ts';

const ctx = { code: 'x', categories: new Set(['drugs', 'flood']), provinceCode: '32', baselineFiscalYear: null };

test('a valid ratio comes back in its normal form', () => {
  const r = validateDefinition({ kind: 'ratio', numerator: { source: 'target_areas', filters: { hasProject: true } }, denominator: { source: 'target_areas' } }, ctx);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.definition, {
    kind: 'ratio',
    numerator: { source: 'target_areas', aggregate: 'count', filters: { hasProject: true } },
    denominator: { source: 'target_areas', aggregate: 'count', filters: {} },
  });
  assert.equal(unitOf(r.definition!), 'percent');
});

test('a denominator that is always zero is refused with a message naming the indicator', () => {
  const zero = validateDefinition({ kind: 'ratio', numerator: { source: 'projects' }, denominator: { constant: 0 } }, { ...ctx, code: 'broken' });
  assert.equal(zero.definition, null);
  assert.equal(zero.issues[0].field, 'definition.denominator.constant');
  assert.match(zero.issues[0].message, /^the denominator of indicator broken is always zero/);
  const empty = validateDefinition({ kind: 'ratio', numerator: { source: 'incidents' }, denominator: { source: 'incidents', filters: { categories: [] } } }, ctx);
  assert.equal(empty.issues[0].field, 'definition.denominator');
  assert.match(empty.issues[0].message, /always zero: its category list is empty/);
  const change = validateDefinition({ kind: 'change_previous_year', measure: { source: 'incidents', filters: { targetCategoriesOnly: true } } }, ctx);
  assert.match(change.issues[0].message, /always zero.*inTargetAreas is not true/);
});

test('unknown sources, fields, filters and categories are named by their path', () => {
  const r = validateDefinition({
    kind: 'ratio',
    numerator: { source: 'incidents', aggregate: { sum: 'budget_baht' }, filters: { categories: ['drugs', 'aliens'], hasProject: true } },
    denominator: { source: 'complaints' },
  }, ctx);
  const fields = r.issues.map((i) => i.field);
  assert.deepEqual(fields, [
    'definition.numerator.aggregate.sum',
    'definition.numerator.filters.categories[1]',
    'definition.numerator.filters.hasProject',
    'definition.denominator.source',
  ]);
  assert.match(r.issues[0].message, /sum one of severity/);
  assert.match(r.issues[1].message, /unknown category "aliens"/);
  assert.match(r.issues[3].message, /unknown source "complaints"/);
  assert.equal(validateDefinition({ kind: 'average' }, ctx).issues[0].field, 'definition.kind');
  assert.match(validateDefinition({ kind: 'value', measure: { source: 'projects', filters: { areas: ['33'] } } }, ctx).issues[0].message, /not in province 32/);
});

test('a change against the baseline needs a baseline year', () => {
  const def = { kind: 'change_baseline', measure: { source: 'incidents' } };
  assert.equal(validateDefinition(def, ctx).issues[0].field, 'baselineFiscalYear');
  assert.deepEqual(validateDefinition(def, { ...ctx, baselineFiscalYear: 2566 }).issues, []);
});

test('units follow the definition', () => {
  const value = (aggregate: unknown) => validateDefinition({ kind: 'value', measure: { source: 'projects', aggregate } }, ctx).definition!;
  assert.equal(unitOf(value('count')), 'count');
  assert.equal(unitOf(value({ sum: 'budget_baht' })), 'baht');
});

test('status: at or past the target, within the margin, beyond it; both directions', () => {
  assert.equal(evaluateStatus(80, 80, 'higher_is_better', 10), 'on_track');
  assert.equal(evaluateStatus(75, 80, 'higher_is_better', 10), 'at_risk');
  assert.equal(evaluateStatus(70, 80, 'higher_is_better', 10), 'at_risk');
  assert.equal(evaluateStatus(69.9, 80, 'higher_is_better', 10), 'off_track');
  assert.equal(evaluateStatus(-12, -10, 'lower_is_better', 5), 'on_track');
  assert.equal(evaluateStatus(-6, -10, 'lower_is_better', 5), 'at_risk');
  assert.equal(evaluateStatus(3, -10, 'lower_is_better', 5), 'off_track');
  assert.equal(evaluateStatus(null, 80, 'higher_is_better', 10), 'no_data');
  assert.equal(evaluateStatus(Number.NaN, 80, 'higher_is_better', 10), 'no_data');
  assert.equal(evaluateStatus(50, null, 'higher_is_better', 10), 'no_target');
  // (1 - 0.9) * 100 is 9.999999999999998: still on a target of 10.
  assert.equal(evaluateStatus((1 - 0.9) * 100, 10, 'higher_is_better', 0), 'on_track');
});

test('the rule reads as a sentence in Thai and English', () => {
  assert.deepEqual(statusRule(80, 'higher_is_better', 10, 'percent'), {
    th: 'ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %, ต่ำกว่าเป้าหมายเมื่อ < 70 %',
    en: 'on track at ≥ 80 %, at risk from 70 to below 80 %, off track below 70 %',
  });
  assert.deepEqual(statusRule(-10, 'lower_is_better', 5, 'percent'), {
    th: 'ตามเป้าหมายเมื่อ ≤ -10 %, เฝ้าระวังเมื่อสูงกว่า -10 แต่ไม่เกิน -5 %, ต่ำกว่าเป้าหมายเมื่อ > -5 %',
    en: 'on track at ≤ -10 %, at risk above -10 up to -5 %, off track above -5 %',
  });
  assert.equal(statusRule(1000000, 'higher_is_better', 0, 'baht')!.th, 'ตามเป้าหมายเมื่อ ≥ 1,000,000 บาท, ต่ำกว่าเป้าหมายเมื่อ < 1,000,000 บาท');
  assert.equal(statusRule(null, 'higher_is_better', 10, 'percent'), null);
});

test('windows: shares year to date, changes quarter against the same quarter', () => {
  assert.deepEqual(valueWindows('ratio', 2568, 2, null), { current: { fiscalYear: 2568, fromQuarter: 1, toQuarter: 2 }, reference: null });
  assert.deepEqual(valueWindows('ratio', 2568, 0, null)!.current, { fiscalYear: 2568, fromQuarter: 1, toQuarter: 4 });
  assert.deepEqual(valueWindows('change_previous_year', 2568, 3, null), {
    current: { fiscalYear: 2568, fromQuarter: 3, toQuarter: 3 }, reference: { fiscalYear: 2567, fromQuarter: 3, toQuarter: 3 },
  });
  assert.deepEqual(valueWindows('change_baseline', 2569, 0, 2566)!.reference, { fiscalYear: 2566, fromQuarter: 1, toQuarter: 4 });
  assert.equal(valueWindows('change_baseline', 2565, 0, 2566), null, 'before the baseline: no value');
  const p = windowPeriod({ fiscalYear: 2568, fromQuarter: 1, toQuarter: 2 });
  assert.equal(p.start.toISOString(), '2024-09-30T17:00:00.000Z');
  assert.equal(p.end.toISOString(), '2025-03-31T17:00:00.000Z');
});

test('periods leave out quarters that have not started', () => {
  const now = new Date('2026-12-01T00:00:00Z'); // Q1 of FY 2570
  const ps = periodsToCompute([2570, 2569, 2571], now);
  assert.equal(ps.filter((p) => p.fiscalYear === 2569).length, 5);
  assert.deepEqual(ps.filter((p) => p.fiscalYear === 2570), [{ fiscalYear: 2570, quarter: 1 }, { fiscalYear: 2570, quarter: 0 }]);
  assert.equal(ps.some((p) => p.fiscalYear === 2571), false);
});

test('the built-ins are valid definitions and the baseline trajectory ends at -80 % in 2570', () => {
  for (const b of BUILTIN_INDICATORS) {
    const r = validateDefinition(b.definition, { code: b.code, categories: new Set(), provinceCode: '32', baselineFiscalYear: b.baselineFiscalYear });
    assert.deepEqual(r.issues, [], b.code);
  }
  const d = BUILTIN_INDICATORS.find((b) => b.code === 'incident_change_baseline')!;
  assert.deepEqual(d.targets.map((t) => [t.fiscalYear, t.target]), [[2567, -20], [2568, -40], [2569, -60], [2570, -80]]);
  assert.equal(BUILTIN_INDICATORS.filter((b) => b.readingGroup === 'target_coverage' && b.reported).length, 1);
});
