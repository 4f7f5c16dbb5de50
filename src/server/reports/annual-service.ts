/**
 * The data of the annual report (รายงานผลการดำเนินงานประจำปีงบประมาณ, issue 4 section 5), put
 * together once and printed twice, as PDF and as XLSX. The figures come from the dashboard as of
 * the fiscal year's end (or now, for the year under way), so the report, the dashboard and the
 * review pack agree and need-to-know applies the same way; the report adds the list of projects
 * with their latest progress and the province's boundaries for the map.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { SEES_RESTRICTED } from '../auth/viewer.ts';
import { badRequest } from '../errors.ts';
import { listCategories } from '../categories/repository.ts';
import { getDashboard } from '../dashboard/service.ts';
import { annualEvaluation } from '../evaluation/service.ts';
import { fiscalQuarterOf, fiscalYearPeriod, thaiDayBefore } from '../../shared/fiscal.ts';
import { reaches } from '../../shared/coverage.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../../shared/project-types.ts';
import type { Dashboard, DashboardAgencyRow, DashboardTargetArea } from '../../shared/dashboard-types.ts';
import { parsePolygons, type MapFeature } from './pdf-map.ts';
import * as repo from './annual-repository.ts';

/** A project of the year as the report lists it. */
export interface AnnualProject {
  id: number;
  title: string;
  agencyId: number;
  agencyCode: string;
  agencyTh: string;
  status: ProjectStatus;
  budgetBaht: number;
  /** Latest progress reported by the cut-off (null: never reported). */
  percentDone: number | null;
  spentBaht: number | null;
  lastReport: { fiscalYear: number; quarter: number } | null;
  areas: Array<{ code: string; level: number; nameTh: string }>;
  /** Codes of the target areas the project reaches (the coverage rule). */
  targetCodes: string[];
}

/** A target area with the projects that reach it. */
export interface AnnualTargetArea extends DashboardTargetArea {
  /** Its row number in the report's table and on the map. */
  no: number;
  projectIds: number[];
}

/** Incidents of one category, this fiscal year against the same quarters of the one before. */
export interface ThreatRow {
  category: string;
  labelTh: string;
  color: string;
  previous: number;
  current: number;
  /** Per quarter: the previous year's, then this year's (as far as known). */
  previousByQuarter: number[];
  currentByQuarter: number[];
}

export interface AnnualAgency extends DashboardAgencyRow {
  projects: number;
  spentBaht: number;
}

/**
 * People's evaluation of the projects (issue 5): the fiscal year's snapshot, one row per district
 * and then one per agency, within the viewer's areas. Null while the year has no snapshot; the
 * report then prints that no evaluation has been collected yet.
 */
export interface AnnualEvaluation {
  responses: number;
  rows: AnnualEvaluationRow[];
}

/** People's evaluation of one area or project. */
export interface AnnualEvaluationRow {
  labelTh: string;
  responses: number;
  /** The share who say the project meets their needs, 0..1. */
  satisfied: number | null;
}

export interface AnnualReportData {
  dashboard: Dashboard;
  provinceCode: string;
  provinceTh: string;
  fiscalYear: number;
  period: { start: Date; end: Date };
  /** Everything is counted up to this instant (exclusive): the year's end, or now. */
  asOf: Date;
  yearEnded: boolean;
  /** Who the report was made for and what they may see. */
  viewer: { username: string; displayName: string; seesRestricted: boolean; partial: boolean };
  categoryLabels: Map<string, string>;
  targets: AnnualTargetArea[];
  projects: AnnualProject[];
  threats: ThreatRow[];
  /** Whole quarters of this fiscal year counted in `threats` (4 once the year has ended). */
  threatQuarters: number;
  agencies: AnnualAgency[];
  map: MapFeature[];
  evaluation: AnnualEvaluation | null;
  now: Date;
}

/** Thai order, numbers in names by value ("หน่วยที่ 2" before "หน่วยที่ 10"). */
const byName = (a: string, b: string) => a.localeCompare(b, 'th', { numeric: true });

/** Boundaries are simplified to about 100 m: a province fills some 500 points of paper, 1 pt is 300 m or more. */
const MAP_TOLERANCE_DEG = 0.001;

/**
 * The data of the annual report of a province and fiscal year as `viewer` may see it. A fiscal
 * year that has not started is refused; the year under way is reported up to now.
 */
export async function annualReportData(db: Database, viewer: Viewer, province: string, fy: number, now = new Date()): Promise<AnnualReportData> {
  if (!Number.isInteger(fy) || fy < 2500 || fy > 2700) {
    throw badRequest('fy must be a Buddhist Era fiscal year such as 2568', [{ field: 'fy', message: 'invalid fiscal year' }]);
  }
  const period = fiscalYearPeriod(fy);
  if (period.start > now) {
    throw badRequest(`fiscal year ${fy} has not started yet (it starts on 1 October ${fy - 544}): there is nothing to report`, [{ field: 'fy', message: 'in the future' }]);
  }
  // Validates the province (400 / 404) and the viewer's scope (403).
  const d = await getDashboard(db, viewer, { province, fiscalYear: fy, quarter: 4, now });
  const asOf = new Date(d.asOf);
  const scope = viewer.areaCodes.length ? viewer.areaCodes : viewer.role === 'area_officer' ? [] : null;
  const villageTargets = d.targetAreas.filter((t) => t.level === 4).map((t) => t.code);
  const [projectRows, mapRows, cats, evaluation] = await Promise.all([
    repo.projectsOfYear(db, d.province.code, fy, thaiDayBefore(asOf), asOf, scope),
    repo.provinceMapAreas(db, d.province.code, villageTargets, MAP_TOLERANCE_DEG),
    listCategories(db),
    annualEvaluation(db, scope, d.province.code, fy),
  ]);

  const targetCodes = d.targetAreas.map((t) => t.code);
  const bySub = new Map<string, string[]>();
  for (const c of targetCodes) bySub.set(c.slice(0, 6), [...(bySub.get(c.slice(0, 6)) ?? []), c]);
  const projects: AnnualProject[] = projectRows.map((r) => {
    // A cancelled project reaches no target (the dashboard's and the indicators' rule).
    const reached = new Set<string>();
    if (r.status !== 'cancelled') for (const a of r.area_codes) for (const t of bySub.get(a.slice(0, 6)) ?? []) if (reaches(a, t)) reached.add(t);
    return {
      id: r.id,
      title: r.title,
      agencyId: r.agency_id,
      agencyCode: r.agency_code,
      agencyTh: r.agency_th,
      status: (PROJECT_STATUSES as readonly string[]).includes(r.status) ? (r.status as ProjectStatus) : 'planned',
      budgetBaht: r.budget_baht,
      percentDone: r.percent_done,
      spentBaht: r.spent_baht,
      lastReport: r.report_fy != null && r.report_quarter != null ? { fiscalYear: r.report_fy, quarter: r.report_quarter } : null,
      areas: r.area_codes.map((code, i) => ({ code, level: r.area_levels[i], nameTh: r.area_names[i] })),
      targetCodes: [...reached].sort(),
    };
  });
  // The register's order: by agency, then title, in Thai collation (not the database's).
  projects.sort((a, b) => byName(a.agencyTh, b.agencyTh) || byName(a.title, b.title) || a.id - b.id);
  const projectsByTarget = new Map<string, number[]>(targetCodes.map((c) => [c, []]));
  for (const p of projects) for (const t of p.targetCodes) projectsByTarget.get(t)!.push(p.id);
  const targets: AnnualTargetArea[] = d.targetAreas.map((t, i) => ({ ...t, no: i + 1, projectIds: projectsByTarget.get(t.code) ?? [] }));

  // By category: the quarters of this year known so far against the same quarters a year before.
  const quarters = d.incidentsByQuarter.quarters;
  const prevIdx = quarters.map((q, i) => (q.fiscalYear === fy - 1 ? i : -1)).filter((i) => i >= 0);
  const curIdx = quarters.map((q, i) => (q.fiscalYear === fy ? i : -1)).filter((i) => i >= 0);
  // The dashboard lists all four quarters of the year asked for; only those begun by the cut-off count.
  const yearEnded = asOf.getTime() >= period.end.getTime();
  const threatQuarters = yearEnded ? 4 : Math.min(curIdx.length, fiscalQuarterOf(new Date(asOf.getTime() - 1)));
  const threats: ThreatRow[] = d.incidentsByQuarter.series
    .map((s) => {
      const previousByQuarter = prevIdx.map((i) => s.counts[i] ?? 0);
      const currentByQuarter = curIdx.slice(0, threatQuarters).map((i) => s.counts[i] ?? 0);
      return {
        category: s.category,
        labelTh: s.labelTh,
        color: s.color,
        previousByQuarter,
        currentByQuarter,
        previous: previousByQuarter.slice(0, threatQuarters).reduce((a, b) => a + b, 0),
        current: currentByQuarter.reduce((a, b) => a + b, 0),
      };
    })
    .filter((t) => t.previous > 0 || t.current > 0)
    .sort((a, b) => b.current - a.current || b.previous - a.previous || a.labelTh.localeCompare(b.labelTh, 'th'));

  const spent = new Map<number, number>();
  const count = new Map<number, number>();
  for (const p of projects) {
    spent.set(p.agencyId, (spent.get(p.agencyId) ?? 0) + (p.spentBaht ?? 0));
    count.set(p.agencyId, (count.get(p.agencyId) ?? 0) + 1);
  }
  const agencies: AnnualAgency[] = [...d.agencies].sort((a, b) => byName(a.nameTh, b.nameTh)).map((a) => ({
    ...a,
    budgetBaht: Math.round(a.budgetBaht * 100) / 100,
    projects: count.get(a.agencyId) ?? Object.values(a.byStatus).reduce((s, n) => s + n, 0),
    spentBaht: Math.round((spent.get(a.agencyId) ?? 0) * 100) / 100,
  }));

  const map: MapFeature[] = mapRows.map((r) => ({
    code: r.code,
    level: r.level,
    nameTh: r.name_th,
    polygons: parsePolygons(r.geojson),
    point: r.lon != null && r.lat != null ? [r.lon, r.lat] : null,
  }));

  return {
    dashboard: d,
    provinceCode: d.province.code,
    provinceTh: d.province.nameTh,
    fiscalYear: fy,
    period,
    asOf,
    yearEnded,
    viewer: { username: viewer.username, displayName: viewer.displayName, seesRestricted: SEES_RESTRICTED.includes(viewer.role), partial: scope != null },
    categoryLabels: new Map(cats.map((c) => [c.code, c.label_th])),
    targets,
    projects,
    threats,
    threatQuarters,
    agencies,
    map,
    // Issue 5 (EVALUATION): the year's snapshot per district and agency, within the viewer's areas.
    evaluation: evaluation && { responses: evaluation.answers, rows: evaluation.rows.map((r) => ({ labelTh: r.labelTh, responses: r.answers, satisfied: r.shareMeets })) },
    now,
  };
}

/** "annual-report-32-2568.pdf". */
export function annualFileName(province: string, fy: number, ext: 'pdf' | 'xlsx'): string {
  return `annual-report-${province}-${fy}.${ext}`;
}
