/**
 * The director's dashboard and the quarterly review pack (issue 4, section 4) as the API sends
 * them. Types only.
 */
import type { ProjectStatus } from './project-types.ts';
import type { EvaluationLine } from './feedback-types.ts';

export interface DashboardArea {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
}

export interface DashboardIndicator {
  id: number;
  code: string;
  nameTh: string;
  nameEn: string;
  unit: string;
  direction: string;
  /** The target of the fiscal year shown, if any. */
  target: number | null;
  value: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_target' | 'no_data';
  /** Why there is no value (Thai), when there is none. */
  reason: string | null;
  ruleTh: string | null;
  ruleEn: string | null;
  /** Values of the fiscal quarters up to the one shown (oldest first), for the sparkline. */
  series: Array<{ fiscalYear: number; quarter: number; value: number | null }>;
}

export interface DashboardTargetArea {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
  districtTh: string | null;
  categories: string[];
  /** Projects of the fiscal year that reach the area (started by the date shown). */
  projects: number;
  /** The area's share of those projects' budgets: each project's budget split evenly over its areas. */
  budgetBaht: number;
  incidents: number;
  incidentsPrevious: number;
}

export interface DashboardChild {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
  targetAreas: number;
  coveredTargetAreas: number;
  projects: number;
  budgetBaht: number;
  incidents: number;
  incidentsPrevious: number;
}

export interface DashboardAgencyRow {
  agencyId: number;
  code: string;
  nameTh: string;
  nameEn: string | null;
  byStatus: Record<ProjectStatus, number>;
  budgetBaht: number;
  lateReports: number;
}

export interface LateReportRow {
  projectId: number;
  title: string;
  agencyTh: string;
  fiscalYear: number;
  quarter: number;
  dueDate: string;
  daysLate: number;
}

export interface Dashboard {
  province: DashboardArea;
  /** The area drilled into (the province itself at the top). */
  area: DashboardArea;
  /** The path from the province down to `area`, for the breadcrumb. */
  path: DashboardArea[];
  fiscalYear: number;
  quarter: number;
  /** Everything is counted up to this instant: the end of the quarter, or now if it has not ended. */
  asOf: string;
  targetList: { id: number; version: number; status: string; declarationDate: string | null; referenceNumber: string | null } | null;
  indicators: DashboardIndicator[];
  incidentsByQuarter: {
    quarters: Array<{ fiscalYear: number; quarter: number }>;
    series: Array<{ category: string; labelTh: string; labelEn: string; color: string; counts: number[] }>;
  };
  totals: {
    incidents: number;
    incidentsPrevious: number;
    targetAreas: number;
    coveredTargetAreas: number;
    projects: number;
    budgetBaht: number;
    lateReports: number;
  };
  targetAreas: DashboardTargetArea[];
  children: DashboardChild[];
  agencies: DashboardAgencyRow[];
  lateReports: LateReportRow[];
  /**
   * The people's evaluation of the quarter shown (issue 5), or null when the quarter has no
   * snapshot yet. Absent in review packs frozen before the evaluation existed.
   */
  evaluation?: DashboardEvaluation | null;
}

/**
 * The people's evaluation on the dashboard and in the quarterly review pack: the quarter's snapshot
 * (provisional while the quarter runs, closed after) for the area shown and the viewer's areas.
 */
export interface DashboardEvaluation {
  snapshotId: number;
  fiscalYear: number;
  quarter: number;
  state: 'provisional' | 'closed';
  /** Fewer answers than this are too few to judge (the snapshot's minimum). */
  minAnswers: number;
  computedAt: string;
  closedAt: string | null;
  /** Answers about projects in the area shown (and the viewer's areas), and how they answered. */
  answers: number;
  yes: number;
  partly: number;
  no: number;
  /** yes / answers, 0..1; null without answers. */
  shareMeets: number | null;
  /** 1..5; null when no answer gave a rating. */
  meanRating: number | null;
  tooFew: boolean;
  /** One line per agency whose projects were answered about (dimension 'agency', key = agency id), most answers first. */
  agencies: EvaluationLine[];
}

export interface ReviewAction {
  id: number;
  meetingId: number;
  /** The quarter of the meeting that recorded it. */
  fiscalYear: number;
  quarter: number;
  kind: 'decision' | 'action';
  text: string;
  owner: { agencyId: number | null; agencyTh: string | null; name: string };
  dueDate: string | null;
  status: 'open' | 'done' | 'dropped';
  statusNote: string;
  closedAt: string | null;
  overdue: boolean;
}

export interface ReviewMeeting {
  id: number;
  provinceCode: string;
  fiscalYear: number;
  quarter: number;
  heldOn: string | null;
  place: string;
  chair: string;
  attendees: string;
  summary: string;
  packFrozenAt: string | null;
  packFrozenBy: string | null;
}

export interface ReviewPack {
  dashboard: Dashboard;
  meeting: ReviewMeeting | null;
  /** Decisions and action items recorded at this quarter's meeting. */
  actions: ReviewAction[];
  /** Items of earlier meetings still open at the start of this quarter (or closed during it). */
  carried: ReviewAction[];
  /** True when the pack is the frozen copy presented at the meeting. */
  frozen: boolean;
}
