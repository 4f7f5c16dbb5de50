/**
 * Projects (แผนงาน/โครงการ) as the API and the web app exchange them (issue 4, section 2).
 * Types and constants only, no I/O: the server validates against these, the web app shows them.
 */

export const PROJECT_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Where the money comes from: the agency's own budget, the province's, a local administration's, a private sponsor's, the community's. */
export const BUDGET_SOURCES = ['agency', 'provincial', 'local_admin', 'private', 'community'] as const;
export type BudgetSource = (typeof BUDGET_SOURCES)[number];

export const PROJECT_VISIBILITIES = ['public', 'internal'] as const;
export type ProjectVisibility = (typeof PROJECT_VISIBILITIES)[number];

/**
 * The fields of a public project that its agency may show on the public board (title, agency,
 * fiscal year and target areas are always shown; the responsible person's phone never is).
 */
export const PUBLIC_FIELDS = ['objectives', 'budget', 'schedule', 'status', 'progress', 'responsible', 'outputs', 'photos'] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];
export const DEFAULT_PUBLIC_FIELDS: readonly PublicField[] = ['objectives', 'budget', 'schedule', 'status', 'progress'];

export const PROJECT_ORIGINS = ['agency', 'community'] as const;
export type ProjectOrigin = (typeof PROJECT_ORIGINS)[number];

export interface PlannedOutput {
  /** What is produced ("ฝายชะลอน้ำ", "ผู้เข้าอบรม"). */
  name: string;
  unit: string;
  target: number;
}

export interface AchievedOutput {
  /** The name of one of the project's planned outputs. */
  name: string;
  achieved: number;
}

/** A GeoJSON geometry: a point, line or polygon (or their multi forms), longitude then latitude. */
export interface ProjectGeometry {
  type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

/** What a user (or a spreadsheet row) gives to create or replace a project. */
export interface ProjectInput {
  /** The agency's own reference; re-importing a row with the same reference updates that project. */
  externalId?: string | null;
  agencyId: number;
  /** Buddhist Era fiscal year. */
  fiscalYear: number;
  title: string;
  objectives?: string;
  budgetBaht: number;
  budgetSource: BudgetSource;
  /** Category codes the project addresses. */
  categories: string[];
  /** Sub-district (6 digits) and village (8 digits) codes, all in one province, at least one. */
  areaCodes: string[];
  /** Calendar dates YYYY-MM-DD (Common Era). */
  startDate?: string | null;
  endDate?: string | null;
  status?: ProjectStatus;
  responsibleName?: string;
  responsiblePhone?: string;
  visibility?: ProjectVisibility;
  publicFields?: PublicField[];
  plannedOutputs?: PlannedOutput[];
  geometry?: ProjectGeometry | null;
  origin?: ProjectOrigin;
  seekingSupport?: boolean;
  supportNeeds?: string;
}

export interface ProjectAreaRef {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
  subdistrictCode: string;
  /** Whether the area (or the sub-district of a village) is in the declared target list of the project's fiscal year. */
  inTargetList: boolean;
}

export interface ProgressReport {
  id: number;
  fiscalYear: number;
  quarter: number;
  percentDone: number;
  spentBaht: number;
  outputs: AchievedOutput[];
  narrative: string;
  reportedBy: string | null;
  reportedAt: string;
  /** Whether it arrived after its due date. */
  late: boolean;
  photos: Array<{ id: number; filename: string; contentType: string; size: number; caption: string; url: string }>;
}

export type SupportEventKind = 'requested' | 'adopted' | 'withdrawn' | 'closed';

export interface SupportEvent {
  id: number;
  kind: SupportEventKind;
  agency: { id: number; code: string; nameTh: string } | null;
  sponsorName: string | null;
  contribution: string;
  amountBaht: number | null;
  note: string;
  by: string | null;
  at: string;
}

export interface Project {
  id: number;
  externalId: string | null;
  agency: { id: number; code: string; nameTh: string; nameEn: string | null };
  provinceCode: string;
  fiscalYear: number;
  title: string;
  objectives: string;
  budgetBaht: number;
  budgetSource: BudgetSource;
  categories: string[];
  areas: ProjectAreaRef[];
  startDate: string | null;
  endDate: string | null;
  status: ProjectStatus;
  responsibleName: string;
  responsiblePhone: string;
  visibility: ProjectVisibility;
  publicFields: PublicField[];
  plannedOutputs: PlannedOutput[];
  geometry: ProjectGeometry | null;
  origin: ProjectOrigin;
  seekingSupport: boolean;
  supportNeeds: string;
  /** The latest progress report's percent done and money spent, if any. */
  percentDone: number | null;
  spentBaht: number | null;
  /** Reports due and missing now (fiscal year and quarter). */
  lateReports: Array<{ fiscalYear: number; quarter: number; dueDate: string }>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/* ------------------------------------------------------------------ API bodies around projects */

/** GET /api/projects: one page of projects, sorted by fiscal year (newest first), then title. */
export interface ProjectPage {
  total: number;
  /** The budgets of every matching project (not only this page), in baht. */
  budgetTotal: number;
  items: Project[];
}

/** Where one expected quarterly report stands as of now. */
export type ReportState = 'not_due' | 'due' | 'submitted' | 'submitted_late' | 'late';

/** One quarterly report a project owes: its fiscal quarter, due date (YYYY-MM-DD, Thai calendar day, Common Era) and state. */
export interface ExpectedReport {
  fiscalYear: number;
  quarter: number;
  dueDate: string;
  state: ReportState;
}

/** GET /api/projects/:id */
export interface ProjectDetail {
  project: Project;
  progress: ProgressReport[];
  support: SupportEvent[];
  expectedReports: ExpectedReport[];
}

/**
 * PUT /api/projects/:id/progress/:fy/:quarter. Percent done, money spent and outputs achieved are
 * cumulative, from the project's start to the end of the quarter.
 */
export interface ProgressInput {
  percentDone: number;
  spentBaht: number;
  outputs: AchievedOutput[];
  narrative?: string;
}

/** The answer to a progress report: the stored report, and whether the money spent exceeds the budget (allowed, but flagged). */
export interface ProgressReportSaved extends ProgressReport {
  overBudget: boolean;
}

/** A photo of a progress report, as ProgressReport.photos lists it. */
export interface ProjectPhoto {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  caption: string;
  url: string;
}

/** POST /api/projects/:id/support */
export interface SupportInput {
  kind: SupportEventKind;
  /** The adopting (or withdrawing) agency. */
  agencyId?: number | null;
  /** A private sponsor without an agency in the registry. */
  sponsorName?: string | null;
  /** What is needed ('requested') or what the adopter gives ('adopted'). */
  contribution?: string;
  amountBaht?: number | null;
  note?: string;
}

/** GET /api/projects/late: one report due and missing as of now. */
export interface LateReport {
  project: {
    id: number;
    externalId: string | null;
    title: string;
    fiscalYear: number;
    provinceCode: string;
    status: ProjectStatus;
    agency: { id: number; code: string; nameTh: string; nameEn: string | null };
    responsibleName: string;
    responsiblePhone: string;
  };
  fiscalYear: number;
  quarter: number;
  dueDate: string;
  /** Whole days since the due date (1 on the day after it). */
  daysLate: number;
}
