/**
 * Which quarterly progress reports a project owes, when each is due, and where each stands.
 * Pure: no I/O; the clock is a parameter.
 *
 * - A project that is not cancelled owes one report for every fiscal quarter of its fiscal year
 *   that overlaps its schedule [startDate, endDate] (the whole fiscal year where a date is missing).
 * - A report is due `dueDays` days after its quarter ends, counted in Thai calendar days:
 *   Q1 ends 31 December, so with 15 days the report is due on 15 January and is late from
 *   16 January 00:00 in Thailand.
 * - A report counts from its first submission: correcting it later does not make it late.
 */
import { fiscalQuarterPeriod, fiscalYearPeriod, thaiDay, thaiMidnight, type Period } from './fiscal.ts';
import type { ExpectedReport, ProjectStatus, ReportState } from './project-types.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The schedule fields of a project the rules need. */
export interface ScheduledProject {
  fiscalYear: number;
  /** YYYY-MM-DD (Common Era) or null. */
  startDate: string | null;
  endDate: string | null;
  status: ProjectStatus;
}

/** A report as stored: its quarter and when it was first submitted. */
export interface SubmittedReport {
  fiscalYear: number;
  quarter: number;
  reportedAt: Date;
}

/** An expected report with the instants the states turn on. */
export interface ExpectedReportAt extends ExpectedReport {
  /** The quarter's end (exclusive): from here the report is due. */
  quarterEnd: Date;
  /** The first instant after the due date: from here a missing report is late. */
  deadline: Date;
}

/** Midnight in Thailand starting the calendar day `ymd` (YYYY-MM-DD). */
function dayStart(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return thaiMidnight(y, m, d);
}


/** The instants a project runs within its fiscal year: its schedule clipped to the year. */
export function scheduleWithinYear(p: Pick<ScheduledProject, 'fiscalYear' | 'startDate' | 'endDate'>): Period | null {
  const year = fiscalYearPeriod(p.fiscalYear);
  const start = p.startDate ? dayStart(p.startDate) : year.start;
  // The end date is the project's last day, so the period runs to the midnight after it.
  const end = p.endDate ? new Date(dayStart(p.endDate).getTime() + DAY_MS) : year.end;
  const s = start > year.start ? start : year.start;
  const e = end < year.end ? end : year.end;
  return s < e ? { start: s, end: e } : null;
}

/** The fiscal quarters (of the project's fiscal year) a project owes a report for, in order; none when cancelled. */
export function expectedQuarters(p: ScheduledProject): Array<{ fiscalYear: number; quarter: number }> {
  if (p.status === 'cancelled') return [];
  const run = scheduleWithinYear(p);
  if (!run) return [];
  const out: Array<{ fiscalYear: number; quarter: number }> = [];
  for (const q of [1, 2, 3, 4]) {
    const qp = fiscalQuarterPeriod(p.fiscalYear, q);
    if (qp.start < run.end && qp.end > run.start) out.push({ fiscalYear: p.fiscalYear, quarter: q });
  }
  return out;
}

/** When the report of a quarter is due: the Thai calendar day and the first instant after it. */
export function reportDue(fiscalYear: number, quarter: number, dueDays: number): { dueDate: string; quarterEnd: Date; deadline: Date } {
  if (!Number.isInteger(dueDays) || dueDays < 0 || dueDays > 366) throw new RangeError(`progress_due_days must be a whole number of days 0-366, got ${dueDays}`);
  const quarterEnd = fiscalQuarterPeriod(fiscalYear, quarter).end;
  const deadline = new Date(quarterEnd.getTime() + dueDays * DAY_MS);
  // With 0 days a report is due on the quarter's last day itself.
  return { dueDate: thaiDay(new Date(deadline.getTime() - DAY_MS)), quarterEnd, deadline };
}

/** The state of one report as of `now`. */
export function reportState(due: { quarterEnd: Date; deadline: Date }, submittedAt: Date | null, now: Date): ReportState {
  if (submittedAt) return submittedAt < due.deadline ? 'submitted' : 'submitted_late';
  if (now < due.quarterEnd) return 'not_due';
  return now < due.deadline ? 'due' : 'late';
}

/** Every report a project owes, with its due date and its state as of `now`. */
export function expectedReports(p: ScheduledProject, submitted: readonly SubmittedReport[], now: Date, dueDays: number): ExpectedReportAt[] {
  const at = new Map(submitted.map((r) => [`${r.fiscalYear}:${r.quarter}`, r.reportedAt]));
  return expectedQuarters(p).map(({ fiscalYear, quarter }) => {
    const due = reportDue(fiscalYear, quarter, dueDays);
    return { fiscalYear, quarter, dueDate: due.dueDate, quarterEnd: due.quarterEnd, deadline: due.deadline, state: reportState(due, at.get(`${fiscalYear}:${quarter}`) ?? null, now) };
  });
}

/** The reports due and missing as of `now`. */
export function lateReports(p: ScheduledProject, submitted: readonly SubmittedReport[], now: Date, dueDays: number): ExpectedReportAt[] {
  return expectedReports(p, submitted, now, dueDays).filter((r) => r.state === 'late');
}

/** Whole days a missing report is late as of `now`: 1 on the day after its due date, 0 before. */
export function daysLate(deadline: Date, now: Date): number {
  return now < deadline ? 0 : Math.floor((now.getTime() - deadline.getTime()) / DAY_MS) + 1;
}

/** Whether a report submitted at `at` for that quarter arrived after its due date. */
export function submittedLate(fiscalYear: number, quarter: number, at: Date, dueDays: number): boolean {
  return at >= reportDue(fiscalYear, quarter, dueDays).deadline;
}
