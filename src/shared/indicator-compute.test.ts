import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeIndicatorValues, reachesTarget, type ComputeIndicator, type ComputeInput, type ComputedValue } from './indicator-compute.ts';
import { fiscalQuarterPeriod, thaiMidnight } from './fiscal.ts';
import type { IndicatorDefinition } from './indicator-definition.ts';

// Province 99: districts 9901 (sub-districts 990101, 990102) and 9902 (990201, 990202).
const areas = ['99', '9901', '9902', '990101', '990102', '990201', '990202'].map((code) => ({ code, level: code.length / 2 }));
const day = (y: number, m: number, d: number) => thaiMidnight(y, m, d).getTime();

function input(over: Partial<ComputeInput> = {}): ComputeInput {
  return {
    provinceCode: '99', areas, categories: ['drugs', 'flood'], firstFiscalYear: 2567, lastFiscalYear: 2568,
    incidents: [], projects: [], targetLists: [], feedback: null, ...over,
  };
}

function indicator(definition: IndicatorDefinition, over: Partial<ComputeIndicator> = {}): ComputeIndicator {
  return {
    id: 1, code: 'x', definition, direction: 'higher_is_better', unit: 'percent', baselineFiscalYear: null, atRiskMargin: 10,
    defaultTarget: 80, targets: new Map(), ...over,
  };
}

const pick = (vs: ComputedValue[], area: string, quarter: number, audience = 'all', fiscalYear = 2568) =>
  vs.find((v) => v.areaCode === area && v.quarter === quarter && v.audience === audience && v.fiscalYear === fiscalYear)!;

const coverage: IndicatorDefinition = {
  kind: 'ratio', numerator: { source: 'target_areas', filters: { hasProject: true } }, denominator: { source: 'target_areas', filters: {} },
};

test('reaching a target: a sub-district by its villages, a village by its sub-district', () => {
  assert.equal(reachesTarget('99010101', '990101'), true);
  assert.equal(reachesTarget('990101', '99010101'), true);
  assert.equal(reachesTarget('99010102', '99010101'), false);
  assert.equal(reachesTarget('990102', '990101'), false);
});

test('target areas with a project: year to date by start date, rolled up without double counting, village targets', () => {
  const list = {
    id: 7, fiscalYear: 2568, version: 1, inForceFrom: day(2024, 10, 15),
    areas: [{ code: '990101', categories: ['drugs'] }, { code: '99010201', categories: ['flood'] }, { code: '990201', categories: ['drugs'] }, { code: '990202', categories: ['drugs'] }],
  };
  const projects = [
    // One project on two target sub-districts in two districts, from Q1.
    { id: 1, fiscalYear: 2568, status: 'in_progress', startsAt: day(2024, 11, 1), completedFrom: null, budgetBaht: 100, categories: [], areas: ['990101', '990201'] },
    // The whole sub-district 990102 reaches its target village, from Q3.
    { id: 2, fiscalYear: 2568, status: 'planned', startsAt: day(2025, 4, 10), completedFrom: null, budgetBaht: 100, categories: [], areas: ['990102'] },
    // Cancelled: never counts.
    { id: 3, fiscalYear: 2568, status: 'cancelled', startsAt: null, completedFrom: null, budgetBaht: 100, categories: [], areas: ['990202'] },
  ];
  const vs = computeIndicatorValues(input({ targetLists: [list], projects }), [indicator(coverage)], [2, 3, 0].map((quarter) => ({ fiscalYear: 2568, quarter })));
  assert.deepEqual([pick(vs, '99', 2).numerator, pick(vs, '99', 2).denominator, pick(vs, '99', 2).value], [2, 4, 50]);
  assert.equal(pick(vs, '99', 3).value, 75);
  assert.equal(pick(vs, '99', 3).status, 'at_risk');
  assert.equal(pick(vs, '99', 0).value, 75);
  assert.equal(pick(vs, '9901', 3).value, 100);
  assert.equal(pick(vs, '9902', 3).value, 50);
  assert.equal(pick(vs, '990202', 0).value, 0);
  assert.equal(pick(vs, '990202', 0).status, 'off_track');
  assert.equal(pick(vs, '990102', 2).value, 0, 'the project on 990102 starts in Q3');
  assert.equal(pick(vs, '990102', 3).value, 100, 'a project on the whole sub-district reaches its target village');
  assert.equal(pick(vs, '990101', 0).target, 80);
});

test('no declared list, or one declared after the period: no data with the reason; never NaN', () => {
  const late = { id: 8, fiscalYear: 2568, version: 1, inForceFrom: day(2025, 2, 1), areas: [{ code: '990101', categories: ['drugs'] }] };
  const vs = computeIndicatorValues(input({ targetLists: [late] }), [indicator(coverage)], [{ fiscalYear: 2568, quarter: 1 }, { fiscalYear: 2568, quarter: 2 }]);
  const q1 = pick(vs, '99', 1);
  assert.equal(q1.value, null);
  assert.equal(q1.status, 'no_data');
  assert.equal(q1.reasonCode, 'no_list');
  assert.match(q1.reasonTh!, /ไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศ/);
  const q2district = pick(vs, '9902', 2);
  assert.equal(q2district.reasonCode, 'no_target_areas', 'a district without target areas: nothing to divide by');
  assert.equal(q2district.reasonEn, 'no declared target areas in this area');
  assert.equal(pick(vs, '9901', 2).value, 0);
  assert.ok(vs.every((v) => v.value === null || Number.isFinite(v.value)));
});

test('the version in force at the end of the period is used, superseded or not', () => {
  const v1 = { id: 1, fiscalYear: 2568, version: 1, inForceFrom: day(2024, 10, 1), areas: [{ code: '990101', categories: ['drugs'] }] };
  const v2 = { id: 2, fiscalYear: 2568, version: 2, inForceFrom: day(2025, 1, 20), areas: [{ code: '990101', categories: ['drugs'] }, { code: '990201', categories: ['drugs'] }] };
  const def: IndicatorDefinition = { kind: 'value', measure: { source: 'target_areas' } };
  const vs = computeIndicatorValues(input({ targetLists: [v2, v1] }), [indicator(def, { unit: 'count' })], [1, 2].map((quarter) => ({ fiscalYear: 2568, quarter })));
  assert.equal(pick(vs, '99', 1).value, 1);
  assert.equal(pick(vs, '99', 2).value, 2);
});

test('incident change in target areas: the same areas a year earlier, quarter against quarter, restricted kept apart', () => {
  const list = { id: 1, fiscalYear: 2568, version: 1, inForceFrom: day(2024, 10, 1), areas: [{ code: '990101', categories: ['drugs'] }] };
  const b = (fy: number, q: number) => (fy - 2567) * 4 + q - 1;
  const incidents = [
    { subdistrict: '990101', category: 'drugs', bucket: b(2567, 1), restricted: false, count: 10, severity: 30 },
    { subdistrict: '990101', category: 'flood', bucket: b(2567, 1), restricted: false, count: 10, severity: 10 },
    { subdistrict: '990101', category: 'drugs', bucket: b(2568, 1), restricted: false, count: 6, severity: 12 },
    { subdistrict: '990101', category: 'flood', bucket: b(2568, 1), restricted: true, count: 3, severity: 3 },
    // Outside the target areas: left out.
    { subdistrict: '990201', category: 'drugs', bucket: b(2568, 1), restricted: false, count: 50, severity: 50 },
  ];
  const def: IndicatorDefinition = { kind: 'change_previous_year', measure: { source: 'incidents', filters: { inTargetAreas: true } } };
  const ind = indicator(def, { direction: 'lower_is_better', defaultTarget: -10, atRiskMargin: 5 });
  const vs = computeIndicatorValues(input({ incidents, targetLists: [list] }), [ind], [{ fiscalYear: 2568, quarter: 1 }, { fiscalYear: 2568, quarter: 2 }]);
  const full = pick(vs, '99', 1, 'restricted');
  assert.deepEqual([full.numerator, full.denominator, full.value, full.status], [9, 20, -55, 'on_track']);
  const open = pick(vs, '99', 1, 'unrestricted');
  assert.deepEqual([open.numerator, open.value], [6, -70]);
  const q2 = pick(vs, '99', 2, 'all');
  assert.equal(pick(vs, '99', 2, 'restricted'), undefined, 'the same for both audiences: one value for all');
  assert.equal(q2.value, null);
  assert.equal(q2.reasonCode, 'zero_reference');
  assert.match(q2.reasonEn!, /no incidents in Q2 FY 2567/);
  const onlyTarget = computeIndicatorValues(input({ incidents, targetLists: [list] }),
    [indicator({ kind: 'change_previous_year', measure: { source: 'incidents', filters: { inTargetAreas: true, targetCategoriesOnly: true } } })],
    [{ fiscalYear: 2568, quarter: 1 }]);
  assert.equal(pick(onlyTarget, '99', 1, 'all').value, -40, 'drugs only: 6 against 10, none restricted');
});

test('project completion and the budget split over areas', () => {
  const q2start = fiscalQuarterPeriod(2568, 2).start.getTime();
  const projects = [
    { id: 1, fiscalYear: 2568, status: 'done', startsAt: null, completedFrom: q2start, budgetBaht: 300, categories: ['drugs'], areas: ['990101', '990102', '990201'] },
    { id: 2, fiscalYear: 2568, status: 'in_progress', startsAt: null, completedFrom: null, budgetBaht: 100, categories: ['flood'], areas: ['990201'] },
  ];
  const completion: IndicatorDefinition = {
    kind: 'ratio', numerator: { source: 'projects', filters: { projectStatus: ['planned', 'in_progress', 'done'], completed: true } },
    denominator: { source: 'projects', filters: { projectStatus: ['planned', 'in_progress', 'done'] } },
  };
  const budget: IndicatorDefinition = { kind: 'value', measure: { source: 'projects', aggregate: { sum: 'budget_baht' } } };
  const vs = computeIndicatorValues(input({ projects }), [indicator(completion), indicator(budget, { id: 2, unit: 'baht', defaultTarget: null })],
    [1, 2].map((quarter) => ({ fiscalYear: 2568, quarter })));
  const c = (area: string, q: number) => vs.find((v) => v.indicatorId === 1 && v.areaCode === area && v.quarter === q)!;
  assert.equal(c('99', 1).value, 0);
  assert.equal(c('99', 2).value, 50);
  assert.equal(c('9902', 2).value, 50);
  assert.equal(c('9901', 2).value, 100);
  assert.equal(c('990202', 2).reasonCode, 'no_projects');
  const money = (area: string) => vs.find((v) => v.indicatorId === 2 && v.areaCode === area && v.quarter === 2)!;
  assert.equal(money('99').value, 400);
  assert.equal(money('9901').value, 200);
  assert.equal(money('9902').value, 200);
  assert.equal(money('9902').status, 'no_target');
  assert.equal(money('9902').reasonCode, 'no_target');
});

test('feedback without the module: no data with the reason everywhere', () => {
  const def: IndicatorDefinition = { kind: 'ratio', numerator: { source: 'feedback', filters: { metNeeds: true } }, denominator: { source: 'feedback' } };
  const vs = computeIndicatorValues(input(), [indicator(def)], [{ fiscalYear: 2568, quarter: 0 }]);
  assert.equal(vs.length, areas.length);
  assert.ok(vs.every((v) => v.status === 'no_data' && v.reasonEn === "no data: the people's evaluation module is not available yet"));
  const withData = computeIndicatorValues(input({ feedback: [{ subdistrict: '990101', bucket: 4, count: 10, metNeeds: 7 }] }), [indicator(def)], [{ fiscalYear: 2568, quarter: 0 }]);
  assert.equal(pick(withData, '99', 0).value, 70);
});
