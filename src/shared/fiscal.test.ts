import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ceToBe, beToCe, fiscalYearOf, fiscalQuarterOf, fiscalYearPeriod, fiscalQuarterPeriod, formatDate,
  formatFiscalYear, formatFiscalQuarter, parsePeriod, previousYear, fiscalQuartersBetween, wholeFiscalQuarters, thaiMidnight,
} from './fiscal.ts';

test('Buddhist Era is Common Era + 543', () => {
  assert.equal(ceToBe(2023), 2566);
  assert.equal(beToCe(2566), 2023);
});

test('FY 2566 runs 1 Oct 2022 to 30 Sep 2023, bounded by Thai midnight', () => {
  const p = fiscalYearPeriod(2566);
  assert.equal(p.start.toISOString(), '2022-09-30T17:00:00.000Z');
  assert.equal(p.end.toISOString(), '2023-09-30T17:00:00.000Z');
});

test('the fiscal year and quarter of an instant follow Thai local time', () => {
  // 30 Sep 2023 23:30 in Bangkok is still FY 2566 Q4; 00:30 on 1 Oct is FY 2567 Q1.
  assert.equal(fiscalYearOf(new Date('2023-09-30T16:30:00Z')), 2566);
  assert.equal(fiscalQuarterOf(new Date('2023-09-30T16:30:00Z')), 4);
  assert.equal(fiscalYearOf(new Date('2023-09-30T17:30:00Z')), 2567);
  assert.equal(fiscalQuarterOf(new Date('2023-09-30T17:30:00Z')), 1);
  assert.equal(fiscalQuarterOf(new Date('2024-02-15T05:00:00Z')), 2);
  assert.equal(fiscalQuarterOf(new Date('2024-05-15T05:00:00Z')), 3);
  assert.equal(fiscalQuarterOf(new Date('2024-08-15T05:00:00Z')), 4);
});

test('fiscal quarters: Q1 is October to December of the previous calendar year', () => {
  const q1 = fiscalQuarterPeriod(2567, 1);
  assert.equal(q1.start.toISOString(), thaiMidnight(2023, 10, 1).toISOString());
  assert.equal(q1.end.toISOString(), thaiMidnight(2024, 1, 1).toISOString());
  const q4 = fiscalQuarterPeriod(2567, 4);
  assert.equal(q4.start.toISOString(), thaiMidnight(2024, 7, 1).toISOString());
  assert.equal(q4.end.toISOString(), fiscalYearPeriod(2567).end.toISOString());
  assert.throws(() => fiscalQuarterPeriod(2567, 5), /quarter must be 1, 2, 3 or 4/);
  assert.throws(() => fiscalYearPeriod(2023), /Buddhist Era year/);
});

test('dates format in Thai with the Buddhist Era, and in English with the Common Era', () => {
  const d = new Date('2024-01-05T03:04:00Z'); // 10:04 in Bangkok
  assert.equal(formatDate(d, 'th'), '5 ม.ค. 2567');
  assert.equal(formatDate(d, 'th', { long: true }), '5 มกราคม 2567');
  assert.equal(formatDate(d, 'th', { time: true }), '5 ม.ค. 2567 10:04 น.');
  assert.equal(formatDate(d, 'en'), '5 Jan 2024');
  // 23:00 UTC on 31 Dec is already 1 Jan in Thailand.
  assert.equal(formatDate(new Date('2023-12-31T23:00:00Z'), 'th'), '1 ม.ค. 2567');
  assert.equal(formatFiscalYear(2567), 'ปีงบประมาณ 2567');
  assert.equal(formatFiscalYear(2567, 'en'), 'FY 2567 (2024)');
  assert.equal(formatFiscalQuarter(2567, 2), 'ไตรมาส 2 ปีงบประมาณ 2567');
});

test('periods parse from the forms users and links use', () => {
  assert.deepEqual(parsePeriod('2567'), fiscalYearPeriod(2567));
  assert.deepEqual(parsePeriod('FY2567'), fiscalYearPeriod(2567));
  assert.deepEqual(parsePeriod('2567Q3'), fiscalQuarterPeriod(2567, 3));
  assert.deepEqual(parsePeriod('2567-q3'), fiscalQuarterPeriod(2567, 3));
  const custom = parsePeriod('2023-10-01..2023-10-31');
  assert.equal(custom.start.toISOString(), '2023-09-30T17:00:00.000Z');
  assert.equal(custom.end.toISOString(), '2023-10-31T17:00:00.000Z');
  assert.throws(() => parsePeriod('last year'), /cannot read period "last year"/);
  assert.throws(() => parsePeriod('2023-10-31..2023-10-01'), /ends before it starts/);
});

test('previous year and the quarters a period spans', () => {
  const p = previousYear(fiscalQuarterPeriod(2567, 1));
  assert.deepEqual(p, fiscalQuarterPeriod(2566, 1));
  assert.deepEqual(fiscalQuartersBetween(fiscalYearPeriod(2567)).map((x) => `${x.fy}Q${x.q}`), ['2567Q1', '2567Q2', '2567Q3', '2567Q4']);
  assert.deepEqual(
    fiscalQuartersBetween(parsePeriod('2024-02-10..2024-07-02')).map((x) => `${x.fy}Q${x.q}`),
    ['2567Q2', '2567Q3', '2567Q4'],
  );
});

test('whole fiscal quarters: a year or a run of quarters, never a part of one', () => {
  const labels = (p: Parameters<typeof wholeFiscalQuarters>[0]) => wholeFiscalQuarters(p)?.map((x) => `${x.fy}Q${x.q}`) ?? null;
  assert.deepEqual(labels(fiscalYearPeriod(2568)), ['2568Q1', '2568Q2', '2568Q3', '2568Q4']);
  assert.deepEqual(labels({ start: fiscalQuarterPeriod(2567, 4).start, end: fiscalQuarterPeriod(2568, 1).end }), ['2567Q4', '2568Q1']);
  assert.deepEqual(labels(fiscalQuarterPeriod(2568, 2)), ['2568Q2']);
  // Up to a day inside the quarter, or from an instant that is not Thai midnight: not whole.
  assert.equal(labels({ start: fiscalQuarterPeriod(2568, 2).start, end: thaiMidnight(2025, 3, 15) }), null);
  assert.equal(labels({ start: new Date(fiscalQuarterPeriod(2568, 2).start.getTime() + 3_600_000), end: fiscalQuarterPeriod(2568, 2).end }), null);
  // UTC midnight is 07:00 in Thailand.
  assert.equal(labels({ start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-04-01T00:00:00Z') }), null);
});
