import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addCounts, lineLabel, NO_COUNTS, periodLabel, sortLines, toEvaluationLine } from './evaluation-lines.ts';

test('labels: a sub-district and a project in it the Thai way, a district, a channel, and the key when a name is missing', () => {
  const sub = { nameTh: null, nameEn: null, subdistrictTh: 'ในเมือง', subdistrictEn: 'Nai Mueang', districtTh: 'เมืองสุรินทร์', districtEn: 'Mueang Surin' };
  assert.deepEqual(lineLabel('subdistrict', '320101', sub), { th: 'ต.ในเมือง อ.เมืองสุรินทร์', en: 'Nai Mueang, Mueang Surin' });
  assert.deepEqual(lineLabel('project_area', '7:320101', { ...sub, nameTh: 'โครงการฝาย' }), { th: 'โครงการฝาย (ต.ในเมือง อ.เมืองสุรินทร์)', en: 'โครงการฝาย (Nai Mueang, Mueang Surin)' });
  assert.deepEqual(lineLabel('district', '3201', { nameTh: 'เมืองสุรินทร์', nameEn: 'Mueang Surin' }), { th: 'อ.เมืองสุรินทร์', en: 'Mueang Surin' });
  assert.deepEqual(lineLabel('channel', 'peace_council', { nameTh: null, nameEn: null }), { th: 'สภาสันติสุขตำบล', en: 'Peace council' });
  assert.deepEqual(lineLabel('category', 'gone', { nameTh: null, nameEn: null }), { th: 'gone', en: 'gone' });
  assert.deepEqual(lineLabel('agency', '4', { nameTh: 'ตำรวจภูธร', nameEn: null }), { th: 'ตำรวจภูธร', en: 'ตำรวจภูธร' }, 'no English name: the Thai one');
});

test('periods: a quarter and the whole year', () => {
  assert.deepEqual(periodLabel(2568, 2), { th: 'ไตรมาส 2 ปีงบประมาณ 2568', en: 'Q2 FY 2568' });
  assert.deepEqual(periodLabel(2568, 0), { th: 'ทั้งปีงบประมาณ 2568', en: 'FY 2568 (whole year)' });
});

test('a line: share of yes, mean rating, too few against the minimum; nothing to divide gives null, never NaN', () => {
  const l = toEvaluationLine('project', '1', { answers: 4, yes: 3, partly: 0, no: 1, rated: 2, ratingSum: 9 }, { th: 'ก', en: 'A' }, 5);
  assert.deepEqual([l.shareMeets, l.meanRating, l.tooFew], [0.75, 4.5, true]);
  const empty = toEvaluationLine('province', '32', NO_COUNTS, { th: 'สุรินทร์', en: 'Surin' }, 5);
  assert.deepEqual([empty.shareMeets, empty.meanRating, empty.tooFew], [null, null, true]);
  assert.equal(toEvaluationLine('project', '1', { answers: 5, yes: 0, partly: 0, no: 5, rated: 0, ratingSum: 0 }, { th: '', en: '' }, 5).tooFew, false);
  assert.deepEqual(addCounts({ answers: 1, yes: 1, partly: 0, no: 0, rated: 1, ratingSum: 5 }, { answers: 2, yes: 0, partly: 1, no: 1, rated: 0, ratingSum: 0 }),
    { answers: 3, yes: 1, partly: 1, no: 1, rated: 1, ratingSum: 5 });
});

test('order: most answers first, then Thai order with numbers by value', () => {
  const lines = [{ answers: 3, labelTh: 'หน่วยที่ 10', key: 'a' }, { answers: 3, labelTh: 'หน่วยที่ 2', key: 'b' }, { answers: 9, labelTh: 'ฮ', key: 'c' }];
  assert.deepEqual(sortLines(lines).map((l) => l.key), ['c', 'b', 'a']);
});
