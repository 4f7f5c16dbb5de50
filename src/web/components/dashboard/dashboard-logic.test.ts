import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asOfDisplay,
  changePercent,
  coverageClass,
  lastEndedQuarter,
  mapCoverage,
  nextFiscalQuarter,
  niceTicks,
  previousFiscalQuarter,
  readDashboardSearch,
  sparkline,
  thaiTodayIso,
} from './dashboard-logic.ts';

const NOW = { fy: 2570, quarter: 1 };

test('the address gives province, fiscal year, quarter and area; anything malformed falls back', () => {
  assert.deepEqual(readDashboardSearch('?province=98&fy=2568&quarter=2&area=9801', NOW), { province: '98', fy: 2568, quarter: 2, area: '9801' });
  assert.deepEqual(readDashboardSearch('', NOW), { province: '', fy: 2570, quarter: 1, area: '' });
  // A past year without a quarter is the whole year: its last quarter.
  assert.deepEqual(readDashboardSearch('?province=98&fy=2568', NOW), { province: '98', fy: 2568, quarter: 4, area: '' });
  assert.deepEqual(readDashboardSearch('?province=98&fy=2570', NOW).quarter, 1);
  assert.deepEqual(readDashboardSearch('?province=9&fy=68&quarter=7&area=32', NOW), { province: '', fy: 2570, quarter: 1, area: '' });
  assert.equal(readDashboardSearch('?province=98&area=320101', NOW).area, '', 'an area of another province is dropped');
  assert.equal(readDashboardSearch('?province=98&area=98010203', NOW).area, '', 'villages are not drilled into');
  assert.equal(readDashboardSearch('?province=98&area=980102', NOW).area, '980102');
});

test('quarters step across the fiscal year; the review defaults to the last ended quarter', () => {
  assert.deepEqual(previousFiscalQuarter(2568, 1), { fy: 2567, quarter: 4 });
  assert.deepEqual(previousFiscalQuarter(2568, 3), { fy: 2568, quarter: 2 });
  assert.deepEqual(nextFiscalQuarter(2568, 4), { fy: 2569, quarter: 1 });
  // 1 December 2026 is in Q1 of FY 2570: the last ended quarter is Q4 of FY 2569.
  assert.deepEqual(lastEndedQuarter(new Date('2026-12-01T05:00:00Z')), { fy: 2569, quarter: 4 });
  // 30 September 2025 at 23:30 Thai time is still Q4 of FY 2568.
  assert.deepEqual(lastEndedQuarter(new Date('2025-09-30T16:30:00Z')), { fy: 2568, quarter: 3 });
});

test('"as of" prints the last day of an ended quarter, and the instant of a running one', () => {
  const ended = asOfDisplay('2025-03-31T17:00:00.000Z', 2568, 2);
  assert.equal(ended.quarterEnd, true);
  assert.equal(thaiTodayIso(ended.date), '2025-03-31', 'the end of Q2 FY 2568 prints as 31 March, not 1 April');
  const running = asOfDisplay('2025-02-10T03:00:00.000Z', 2568, 2);
  assert.equal(running.quarterEnd, false);
  assert.equal(running.date.toISOString(), '2025-02-10T03:00:00.000Z');
});

test('coverage classes: a gap, one project, two or three, four or more', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 9].map(coverageClass), [0, 1, 2, 2, 3, 3]);
});

test('a sub-district holding targeted villages shows its least-covered village; its own target wins', () => {
  const { classes, villagesOnly } = mapCoverage([
    { code: '980101', level: 3, projects: 2 },
    { code: '98010101', level: 4, projects: 0 },
    { code: '98010201', level: 4, projects: 5 },
    { code: '98010202', level: 4, projects: 0 },
    { code: '98010301', level: 4, projects: 1 },
  ]);
  assert.equal(classes.get('980101'), 2, 'the sub-district is a target itself');
  assert.equal(classes.get('980102'), 0, 'one of its villages has no project');
  assert.equal(classes.get('980103'), 1);
  assert.deepEqual([...villagesOnly].sort(), ['980102', '980103']);
});

test('change in per cent is null without a base', () => {
  assert.equal(changePercent(15, 10), 50);
  assert.equal(changePercent(5, 10), -50);
  assert.equal(changePercent(3, 0), null);
});

test('axis ticks are round and reach the maximum', () => {
  assert.deepEqual(niceTicks(0), [0, 1]);
  assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(230), [0, 100, 200, 300]);
  assert.deepEqual(niceTicks(40), [0, 10, 20, 30, 40]);
});

test('a sparkline skips missing quarters and scales the target with the values', () => {
  const s = sparkline([10, null, 20, 30], 40, 100, 40, 0);
  assert.equal(s.segments.length, 2);
  assert.deepEqual(s.segments[0], [[0, 40]]);
  assert.deepEqual(s.segments[1], [[66.7, 26.7], [100, 13.3]], "values 10..40 over 40 px: 20 sits at 26.7");
  assert.equal(s.targetY, 0);
  assert.deepEqual(s.last, [100, 13.3]);
  assert.deepEqual(sparkline([null, null], 5, 100, 40).segments, []);
  const flat = sparkline([3, 3], null, 100, 40, 0);
  assert.deepEqual(flat.segments[0].map((p) => p[1]), [20, 20], 'a flat series sits in the middle');
});
