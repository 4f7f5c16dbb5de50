/** What the indicators page reads from its forms, and how it words values and the server's refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api.ts';
import { interpolate, type I18n } from '../../i18n.tsx';
import { th, type MessageKey } from '../../messages.ts';
import { formatFiscalQuarter, formatFiscalYear, formatDate } from '../../../shared/fiscal.ts';
import { BUILTIN_INDICATORS } from '../../../shared/indicator-definition.ts';
import type { Indicator, IndicatorValue } from '../../../shared/indicator-types.ts';
import { checkIndicatorForm, checkTargets, indicatorForm, measureForm, measureOf, targetDetailKey, targetRow, FORM_FIELDS } from './indicator-form.ts';
import {
  definitionText, fieldKey, formatValue, headlineValue, judgedOnOldTargets, parseFiscalYear, parseNumber, serverFieldErrors, serverMessageText,
} from './indicator-text.ts';

/** The Thai interface as the page has it, from the real dictionary and formatting. */
const i: I18n = {
  lang: 'th',
  setLang: () => undefined,
  t: (key: MessageKey, params) => interpolate(th[key], params),
  num: (n, digits = 0) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(n),
  date: (iso, opts) => formatDate(typeof iso === 'string' ? new Date(iso) : iso, 'th', opts),
  fiscalYear: (fy) => formatFiscalYear(fy, 'th'),
  fiscalQuarter: (fy, q) => formatFiscalQuarter(fy, q, 'th'),
  label: (x) => x.labelTh,
  name: (x) => x.nameTh,
  areaTitle: (x) => x.nameTh,
};

const value = (v: Partial<IndicatorValue>): IndicatorValue => ({
  indicatorId: 1, fiscalYear: 2568, quarter: null, areaCode: '98', areaLevel: 1, areaTh: null, areaEn: null, audience: 'all', value: 10,
  numerator: 1, denominator: 10, status: 'on_track', reasonCode: null, reasonTh: null, reasonEn: null, target: 80, margin: 10,
  ruleTh: null, ruleEn: null, computedAt: '2025-10-01T00:00:00Z', ...v,
});

test('numbers are read as people type them; anything else is no number, never NaN', () => {
  assert.equal(parseNumber('-40'), -40);
  assert.equal(parseNumber('\u221240'), -40, 'a Unicode minus');
  assert.equal(parseNumber('๘๐'), 80, 'Thai digits');
  assert.equal(parseNumber('1,250.5'), 1250.5);
  assert.equal(parseNumber('75%'), 75);
  for (const bad of ['', 'สี่สิบ', '1e3', '--4', 'NaN', '4-']) assert.equal(parseNumber(bad), null, bad);
  assert.equal(parseFiscalYear('2569'), 2569);
  assert.equal(parseFiscalYear('2025'), null, 'a Common Era year is not a fiscal year');
  assert.equal(parseFiscalYear('2569.5'), null);
});

test('a change is shown with its sign, a ratio without; no value is a dash', () => {
  assert.equal(formatValue(-35, 'percent', 'change_baseline', i), '-35 %');
  assert.equal(formatValue(5.26, 'percent', 'change_previous_year', i), '+5.3 %');
  assert.equal(formatValue(75, 'percent', 'ratio', i), '75 %');
  assert.equal(formatValue(1250000, 'baht', 'value', i), '1,250,000 บาท');
  assert.equal(formatValue(null, 'percent', 'ratio', i), '—');
});

test('the targets table: a year given twice names the earlier row, a missing target is asked for', () => {
  const rows = [targetRow({ fiscalYear: 2569, target: -40 }), targetRow({ fiscalYear: 2570, target: '' }), targetRow({ fiscalYear: '2569', target: '-30' })];
  const r = checkTargets(rows, 'abc');
  assert.equal(r.body, null);
  assert.equal(r.errors[`row-${rows[2].key}-fiscalYear`](i), 'ปีงบประมาณ 2569 กำหนดไว้แล้วในแถวที่ 1');
  assert.equal(r.errors[`row-${rows[1].key}-target`](i), 'กรุณาระบุค่าเป้าหมาย');
  assert.equal(r.errors.defaultTarget(i), 'กรุณาระบุเป็นตัวเลข');
  const ok = checkTargets([targetRow({ fiscalYear: 2569, target: '-40' }), targetRow({ fiscalYear: 2570, target: '−80' })], '');
  assert.deepEqual(ok.body, { defaultTarget: null, targets: [{ fiscalYear: 2569, target: -40 }, { fiscalYear: 2570, target: -80 }] });
  // The server names cells by their place in the list sent.
  assert.equal(targetDetailKey('targets[1].target', rows), `row-${rows[1].key}-target`);
  assert.equal(targetDetailKey('targets[7].target', rows), null);
  assert.equal(targetDetailKey('defaultTarget', rows), 'defaultTarget');
});

test('a measure keeps only the filters of its source', () => {
  const f = { ...measureForm(null, 'incidents'), allCategories: false, categories: ['drugs'], inTargetAreas: 'yes' as const, targetCategoriesOnly: true, hasProject: 'yes' as const };
  assert.deepEqual(measureOf(f), { source: 'incidents', aggregate: 'count', filters: { categories: ['drugs'], inTargetAreas: true, targetCategoriesOnly: true } });
  assert.deepEqual(measureOf({ ...f, source: 'target_areas' }), { source: 'target_areas', aggregate: 'count', filters: { categories: ['drugs'], hasProject: true } });
  assert.deepEqual(measureOf({ ...measureForm(null, 'projects'), aggregate: 'budget_baht' }).aggregate, { sum: 'budget_baht' });
  // A built-in's measure survives the form unchanged.
  const b = BUILTIN_INDICATORS.find((x) => x.code === 'projects_in_target_areas')!;
  const def = b.definition.kind === 'ratio' ? b.definition : null;
  assert.deepEqual(measureOf(measureForm(def!.numerator)), def!.numerator);
});

test('the indicator form asks for a Thai name, a baseline for a change against it, and a choice in an emptied list', () => {
  const f = { ...indicatorForm(null, 'x_1'), kind: 'change_baseline' as const };
  f.measure = { ...f.measure, allCategories: false, categories: [] };
  const r = checkIndicatorForm(f, '98');
  assert.equal(r.body, null);
  assert.equal(r.errors.nameTh(i), 'กรุณาระบุชื่อตัวชี้วัดภาษาไทย');
  assert.equal(r.errors.baselineFiscalYear(i), 'ตัวชี้วัดที่เทียบกับปีฐานต้องระบุปีฐาน (พุทธศักราช เช่น 2566)');
  assert.equal(r.errors['measure.categories'](i), 'กรุณาเลือกอย่างน้อยหนึ่งประเด็นปัญหา หรือเลือก “ทุกประเด็นปัญหา”');
  // A constant of 0 is left to the server, which owns that rule.
  const ratio = { ...indicatorForm(null, 'x_2'), nameTh: 'ทดลอง', kind: 'ratio' as const, denominatorMode: 'constant' as const, constant: '0' };
  const sent = checkIndicatorForm(ratio, '98');
  assert.deepEqual(sent.errors, {});
  assert.deepEqual((sent.body!.definition as { denominator: unknown }).denominator, { constant: 0 });
  assert.equal(sent.body!.baselineFiscalYear, null);
});

test('the server\'s refusals land under their field, in Thai', () => {
  assert.equal(fieldKey('definition.numerator.filters.categories[1]', FORM_FIELDS), 'numerator.categories');
  assert.equal(fieldKey('definition.denominator.constant', FORM_FIELDS), 'denominator.constant');
  assert.equal(fieldKey('definition.measure.filters.hasProject', FORM_FIELDS), 'measure');
  assert.equal(fieldKey('definition', FORM_FIELDS), 'kind');
  assert.equal(fieldKey('readingGroup', FORM_FIELDS), null);
  const zero = 'the denominator of indicator x is always zero: the constant is 0, so every value would be a division by zero';
  assert.match(serverMessageText(zero, i), /^ตัวหารเป็นศูนย์เสมอ: ค่าคงที่เป็น 0/);
  assert.equal(
    serverMessageText('the denominator of indicator x is always zero: its project status list is empty, so it matches nothing', i),
    'ตัวหารเป็นศูนย์เสมอ: ไม่ได้เลือกสถานะโครงการใดเลย จึงไม่มีโครงการที่ตรงเงื่อนไข กรุณาแก้ไขเงื่อนไขของตัวหาร',
  );
  const err = new ApiError(400, 'bad_request', zero, [{ field: 'definition.denominator.constant', message: zero }, { field: 'readingGroup', message: 'lower-case letters, digits and _' }]);
  const { fields, other } = serverFieldErrors(err, FORM_FIELDS);
  assert.deepEqual(Object.keys(fields), ['denominator.constant']);
  assert.equal(other.length, 1);
  assert.match(other[0](i), /^readingGroup: /);
  const taken = serverFieldErrors(new ApiError(409, 'conflict', 'province 98 already has an indicator with code x'), FORM_FIELDS);
  assert.equal(taken.fields.code(i), 'จังหวัดนี้มีตัวชี้วัดที่ใช้รหัสนี้แล้ว กรุณาใช้รหัสอื่น');
});

test('the list shows the whole year once it is over, else the latest quarter', () => {
  const latest = [value({ fiscalYear: 2569, quarter: null, value: 50 }), value({ fiscalYear: 2569, quarter: 2, value: 40 })];
  const ind = { provinceCode: '98', latest };
  assert.equal(headlineValue(ind, new Date('2026-01-15T00:00:00Z'))!.quarter, 2, 'FY 2569 is under way');
  assert.equal(headlineValue(ind, new Date('2026-10-15T00:00:00Z'))!.quarter, null, 'FY 2569 is over');
  assert.equal(headlineValue({ provinceCode: '98', latest: [] }, new Date()), null);
  // A user limited to a sub-district sees that area's values.
  assert.equal(headlineValue({ provinceCode: '98', latest: [value({ areaCode: '980101', quarter: 1 })] }, new Date('2026-01-15T00:00:00Z'))!.areaCode, '980101');
});

test('values judged against a target the indicator no longer has are flagged; the reported reading is no such change', () => {
  const ind = { targets: [{ fiscalYear: 2568, target: -5 }], defaultTarget: null, atRiskMargin: 10 };
  assert.equal(judgedOnOldTargets(ind, [value({ fiscalYear: 2568, target: -40 })]), true);
  assert.equal(judgedOnOldTargets(ind, [value({ fiscalYear: 2568, target: -5 })]), false);
  assert.equal(judgedOnOldTargets(ind, [value({ fiscalYear: 2567, target: null })]), false, 'no target then, none now');
  assert.equal(judgedOnOldTargets({ ...ind, atRiskMargin: 5 }, [value({ fiscalYear: 2568, target: -5 })]), true, 'the margin changed');
});

test('a built-in definition is read out in Thai: what is counted, its filters, how periods compare', () => {
  const b = BUILTIN_INDICATORS.find((x) => x.code === 'target_areas_with_projects')!;
  const d = definitionText(b.definition, null, [], i);
  assert.equal(d.formula, 'ค่าของตัวชี้วัด = ตัวตั้ง ÷ ตัวหาร × 100 (ร้อยละ)');
  assert.deepEqual(d.parts.map((p) => [p.label, p.head]), [['ตัวตั้ง', 'จำนวนพื้นที่เป้าหมาย'], ['ตัวหาร', 'จำนวนพื้นที่เป้าหมาย']]);
  assert.ok(d.parts[0].filters.some((f) => f.startsWith('เฉพาะพื้นที่ที่มีโครงการของปีงบประมาณนั้นดำเนินการ')));
  assert.ok(!d.parts[1].filters.some((f) => f.startsWith('เฉพาะพื้นที่ที่มีโครงการ')));
  const base = BUILTIN_INDICATORS.find((x) => x.code === 'incident_change_baseline')!;
  assert.match(definitionText(base.definition, 2566, [], i).formula, /ในปีงบประมาณ 2566 ซึ่งเป็นปีฐาน/);
  const ind = { definition: { kind: 'ratio', numerator: { source: 'projects' }, denominator: { constant: 12 } } } as unknown as Indicator;
  assert.equal(definitionText(ind.definition, null, [], i).parts[1].head, 'ค่าคงที่ 12');
});
