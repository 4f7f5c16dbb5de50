import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysLate, expectedQuarters, expectedReports, lateReports, reportDue, submittedLate } from './project-schedule.ts';

const thai = (iso: string) => new Date(`${iso}+07:00`);
const fy2568 = { fiscalYear: 2568, startDate: null, endDate: null, status: 'in_progress' as const };

test('a project without dates owes all four quarters of its fiscal year; a cancelled one owes none', () => {
  assert.deepEqual(expectedQuarters(fy2568).map((q) => q.quarter), [1, 2, 3, 4]);
  assert.deepEqual(expectedQuarters({ ...fy2568, status: 'cancelled' }), []);
  assert.deepEqual(expectedQuarters({ ...fy2568, status: 'done' }).length, 4, 'a finished project still owes its reports');
});

test('only the quarters overlapping the schedule, clipped to the fiscal year', () => {
  // FY 2568 = 1 Oct 2024 .. 30 Sep 2025; Q2 = Jan-Mar 2025, Q3 = Apr-Jun 2025.
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2025-02-10', endDate: '2025-05-31' }).map((q) => q.quarter), [2, 3]);
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2025-03-31', endDate: '2025-04-01' }).map((q) => q.quarter), [2, 3], 'one day in each quarter counts');
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2025-04-01', endDate: '2025-04-01' }).map((q) => q.quarter), [3], 'a one-day project');
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2025-07-01' }).map((q) => q.quarter), [4], 'no end date: to the end of the year');
  assert.deepEqual(expectedQuarters({ ...fy2568, endDate: '2024-12-31' }).map((q) => q.quarter), [1], 'no start date: from the start of the year');
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2024-06-01', endDate: '2026-03-31' }).map((q) => q.quarter), [1, 2, 3, 4], 'a schedule past the year is clipped to it');
  assert.deepEqual(expectedQuarters({ ...fy2568, startDate: '2025-10-01', endDate: '2025-12-31' }), [], 'a schedule outside the year owes nothing');
});

test('due date: quarter end plus the due days, in Thai calendar days', () => {
  const q1 = reportDue(2568, 1, 15);
  assert.equal(q1.dueDate, '2025-01-15');
  assert.equal(q1.deadline.toISOString(), thai('2025-01-16T00:00:00').toISOString());
  assert.equal(q1.quarterEnd.toISOString(), thai('2025-01-01T00:00:00').toISOString());
  assert.equal(reportDue(2568, 4, 15).dueDate, '2025-10-15');
  assert.equal(reportDue(2568, 2, 30).dueDate, '2025-04-30');
  assert.equal(reportDue(2568, 2, 0).dueDate, '2025-03-31', 'with no grace days the quarter\'s last day');
  assert.throws(() => reportDue(2568, 1, -1), /whole number/);
});

test('states as of now: not yet due, due, late, submitted on time, submitted late', () => {
  const submitted = [
    { fiscalYear: 2568, quarter: 1, reportedAt: thai('2025-01-15T23:59:00') },
    { fiscalYear: 2568, quarter: 2, reportedAt: thai('2025-04-16T00:00:00') },
  ];
  // As of `now`, only the reports sent by then exist.
  const states = (now: string) => expectedReports(fy2568, submitted.filter((r) => r.reportedAt <= thai(now)), thai(now), 15).map((r) => r.state);
  assert.deepEqual(states('2025-04-10T12:00:00'), ['submitted', 'due', 'not_due', 'not_due']);
  assert.deepEqual(states('2025-04-15T23:59:59'), ['submitted', 'due', 'not_due', 'not_due'], 'still due on its due date');
  assert.deepEqual(states('2025-08-01T00:00:00'), ['submitted', 'submitted_late', 'late', 'not_due']);
  assert.deepEqual(states('2026-01-01T00:00:00'), ['submitted', 'submitted_late', 'late', 'late']);
  const late = lateReports(fy2568, submitted, thai('2026-01-01T00:00:00'), 15);
  assert.deepEqual(late.map((r) => [r.quarter, r.dueDate]), [[3, '2025-07-15'], [4, '2025-10-15']]);
  assert.equal(submittedLate(2568, 1, thai('2025-01-15T23:59:00'), 15), false);
  assert.equal(submittedLate(2568, 2, thai('2025-04-16T00:00:00'), 15), true);
});

test('days late: 1 on the day after the due date, counted in whole days', () => {
  const { deadline } = reportDue(2568, 1, 15);
  assert.equal(daysLate(deadline, thai('2025-01-15T10:00:00')), 0);
  assert.equal(daysLate(deadline, thai('2025-01-16T00:00:00')), 1);
  assert.equal(daysLate(deadline, thai('2025-01-16T23:00:00')), 1);
  assert.equal(daysLate(deadline, thai('2025-01-25T08:00:00')), 10);
});
