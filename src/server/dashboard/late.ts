/** Progress reports due and missing at a given instant, for a set of projects (dashboard, review pack). */
import type { Queryable } from '../db/database.ts';
import { daysLate, lateReports } from '../../shared/project-schedule.ts';
import type { ProjectStatus } from '../../shared/project-types.ts';
import * as repo from './repository.ts';

export interface LateReport {
  projectId: number;
  title: string;
  agencyId: number;
  fiscalYear: number;
  quarter: number;
  dueDate: string;
  daysLate: number;
}

/** The reports of `projectIds` that were late at `asOf` (reports submitted later do not count yet). */
export async function lateReportsAsOf(db: Queryable, projectIds: number[], asOf: Date): Promise<LateReport[]> {
  if (!projectIds.length) return [];
  const [projects, reports, dueDays] = await Promise.all([repo.projectSchedules(db, projectIds), repo.progressReports(db, projectIds, asOf), repo.dueDays(db)]);
  const byProject = new Map<number, repo.ProgressRow[]>();
  for (const r of reports) {
    const list = byProject.get(r.project_id);
    if (list) list.push(r);
    else byProject.set(r.project_id, [r]);
  }
  const out: LateReport[] = [];
  for (const p of projects) {
    const submitted = (byProject.get(p.id) ?? []).map((r) => ({ fiscalYear: r.fiscal_year, quarter: r.quarter, reportedAt: r.reported_at }));
    const sched = { fiscalYear: p.fiscal_year, startDate: p.start_date, endDate: p.end_date, status: p.status as ProjectStatus };
    for (const l of lateReports(sched, submitted, asOf, dueDays)) {
      out.push({ projectId: p.id, title: p.title, agencyId: p.agency_id, fiscalYear: l.fiscalYear, quarter: l.quarter, dueDate: l.dueDate, daysLate: daysLate(l.deadline, asOf) });
    }
  }
  return out;
}
