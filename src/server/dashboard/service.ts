/**
 * The director's dashboard (issue 4, section 4): indicators, incidents by category over fiscal
 * quarters, target-area coverage by projects with the gaps, projects by agency and status, budget
 * by target area, late progress reports, and the drill-down from province to district to
 * sub-district, all as of the end of a fiscal quarter.
 *
 * A dashboard is a few set-based aggregates, cached per (question, what the viewer may see, data
 * version): the meeting room and fifty browsers asking for the same figures cost one computation
 * until any incident, project, progress report, target list or indicator value changes.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { visibilityKey } from '../incidents/visibility-sql.ts';
import { listCategories } from '../categories/repository.ts';
import { fiscalQuarterPeriod, fiscalYearOf, fiscalQuarterOf, previousYear, type Quarter } from '../../shared/fiscal.ts';
import { coverageOf } from '../../shared/coverage.ts';
import type { Dashboard, DashboardArea, DashboardChild, DashboardTargetArea, DashboardAgencyRow, LateReportRow } from '../../shared/dashboard-types.ts';
import type { ProjectStatus } from '../../shared/project-types.ts';
import { PROJECT_STATUSES } from '../../shared/project-types.ts';
import { lateReportsAsOf } from './late.ts';
import { indicatorsForDashboard } from './indicators.ts';
import { dashboardEvaluation } from '../evaluation/service.ts';
import * as repo from './repository.ts';

export interface DashboardQuery {
  province: string;
  fiscalYear?: number;
  quarter?: number;
  /** A district or sub-district of the province to drill into. */
  area?: string;
  /** The clock (tests); defaults to now. */
  now?: Date;
}

const CACHE_MAX = 200;
const cache = new Map<string, Dashboard>();
// Dashboards being computed: fifty browsers opening the same view at once wait for one computation.
const inFlight = new Map<string, Promise<Dashboard>>();

/** Forgets every cached dashboard (tests and benchmarks). */
export function clearDashboardCache(): void {
  cache.clear();
}

function toArea(a: repo.AreaRow): DashboardArea {
  return { code: a.code, level: a.level, nameTh: a.name_th, nameEn: a.name_en };
}

/** The viewer's area scope as a SQL array parameter: null = no limit, [] = nothing. */
function scopeOf(viewer: Viewer): string[] | null {
  if (viewer.areaCodes.length) return viewer.areaCodes;
  return viewer.role === 'area_officer' ? [] : null;
}

/** Checks the question and resolves the period: the quarter asked, or the current one. */
async function resolve(db: Database, viewer: Viewer, q: DashboardQuery) {
  const now = q.now ?? new Date();
  if (!/^[0-9]{2}$/.test(q.province)) throw badRequest('province must be a 2-digit province code', [{ field: 'province', message: 'not a province code' }]);
  const province = await repo.findArea(db, q.province);
  if (!province || province.level !== 1) throw notFound(`province ${q.province}`);
  const areaCode = q.area && q.area !== q.province ? q.area : q.province;
  if (!areaCode.startsWith(q.province) || ![2, 4, 6].includes(areaCode.length)) {
    throw badRequest(`area ${areaCode} is not a district or sub-district of province ${q.province}`, [{ field: 'area', message: 'not in the province' }]);
  }
  const area = areaCode === q.province ? province : await repo.findArea(db, areaCode);
  if (!area) throw notFound(`area ${areaCode}`);
  const scope = scopeOf(viewer);
  if (scope && !scope.some((c) => c.startsWith(areaCode) || areaCode.startsWith(c))) {
    throw forbidden(`area ${areaCode} is outside your area scope`);
  }
  const fy = q.fiscalYear ?? fiscalYearOf(now);
  if (!Number.isInteger(fy) || fy < 2500 || fy > 2700) throw badRequest('fiscal year must be a Buddhist Era year such as 2569', [{ field: 'fy', message: 'invalid fiscal year' }]);
  const quarter = q.quarter ?? (fy === fiscalYearOf(now) ? fiscalQuarterOf(now) : 4);
  if (![1, 2, 3, 4].includes(quarter)) throw badRequest('quarter must be 1, 2, 3 or 4', [{ field: 'quarter', message: 'invalid quarter' }]);
  const qEnd = fiscalQuarterPeriod(fy, quarter).end;
  const asOf = qEnd < now ? qEnd : now;
  return { province, area, fy, quarter: quarter as Quarter, asOf, scope, now };
}

/** The dashboard for a province (or one of its districts or sub-districts) and fiscal quarter. */
export async function getDashboard(db: Database, viewer: Viewer, q: DashboardQuery): Promise<Dashboard> {
  const r = await resolve(db, viewer, q);
  const version = await repo.dataVersion(db);
  // The clock matters only through "late" (a report becomes late at midnight) and the cut-off of
  // the current quarter, so the key holds the hour.
  const key = JSON.stringify([r.province.code, r.area.code, r.fy, r.quarter, visibilityKey(viewer), version, Math.floor(r.asOf.getTime() / 3_600_000)]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = inFlight.get(key);
  if (pending) return pending;
  const p = compute(db, viewer, r)
    .then((d) => {
      cache.set(key, d);
      if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
      return d;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

type Resolved = Awaited<ReturnType<typeof resolve>>;

async function compute(db: Database, viewer: Viewer, r: Resolved): Promise<Dashboard> {
  const { province, area, fy, quarter, asOf, scope } = r;
  const prefix = area.code;

  // Eight fiscal quarters (the previous fiscal year and this one) for the chart, plus the instant a
  // year before the cut-off, so "this year so far" compares with exactly the same span a year ago.
  const quarters: Array<{ fiscalYear: number; quarter: number }> = [];
  for (const y of [fy - 1, fy]) for (const qq of [1, 2, 3, 4]) quarters.push({ fiscalYear: y, quarter: qq });
  const qStarts = quarters.map((x) => fiscalQuarterPeriod(x.fiscalYear, x.quarter).start);
  const yearStart = fiscalQuarterPeriod(fy, 1).start;
  const prevCut = previousYear({ start: yearStart, end: asOf }).end;
  const bounds = [...new Set([...qStarts, fiscalQuarterPeriod(fy, 4).end, prevCut].map((d) => d.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));

  const [buckets, cats, list, projectRows, children, pathAreas] = await Promise.all([
    repo.incidentBuckets(db, prefix, bounds, asOf, viewer),
    listCategories(db),
    repo.listInForce(db, province.code, fy, asOf),
    repo.projectAreas(db, province.code, fy, asOf, scope),
    area.level < 3 ? repo.childAreas(db, area.code) : Promise.resolve([]),
    Promise.all([4].filter((n) => n < area.code.length).map((n) => repo.findArea(db, area.code.slice(0, n)))),
  ]);

  // Incidents: per quarter and category (chart), and per sub-district this year and a year ago.
  const quarterOfBucket = bounds.slice(0, -1).map((b) => {
    let k = -1;
    for (let i = 0; i < qStarts.length; i++) if (qStarts[i].getTime() <= b.getTime()) k = i;
    return k;
  });
  const catIndex = new Map(cats.map((c, i) => [c.id, i]));
  const counts = cats.map(() => quarters.map(() => 0));
  const nowBySub = new Map<string, number>();
  const prevBySub = new Map<string, number>();
  for (const b of buckets) {
    if (b.bucket < 1 || b.bucket > quarterOfBucket.length) continue;
    const qi = quarterOfBucket[b.bucket - 1];
    const ci = catIndex.get(b.category_id);
    if (qi >= 0 && ci !== undefined) counts[ci][qi] += b.n;
    const start = bounds[b.bucket - 1];
    if (start >= yearStart) nowBySub.set(b.subdistrict_code, (nowBySub.get(b.subdistrict_code) ?? 0) + b.n);
    else if (start >= previousYear({ start: yearStart, end: asOf }).start && start < prevCut) {
      prevBySub.set(b.subdistrict_code, (prevBySub.get(b.subdistrict_code) ?? 0) + b.n);
    }
  }
  // Quarters after the cut-off are not known yet.
  const lastQuarter = quarters.findIndex((x) => x.fiscalYear === fy && x.quarter === quarter);
  const series = cats
    .map((c, i) => ({ category: c.code, labelTh: c.label_th, labelEn: c.label_en, color: c.color, counts: counts[i].slice(0, lastQuarter + 1) }))
    .filter((s) => s.counts.some((n) => n > 0));

  // Projects reaching the area drilled into.
  const inArea = projectRows.filter((p) => p.area_code.startsWith(prefix));
  const projectIds = [...new Set(inArea.map((p) => p.project_id))];
  const projectById = new Map(projectRows.map((p) => [p.project_id, p]));

  // Target areas and their coverage.
  const targets = list ? await repo.targetAreas(db, list.id, prefix, scope) : [];
  // A cancelled project reaches nothing (the rule of the indicators); it still counts in its agency's row.
  const links = projectRows.filter((p) => p.status !== 'cancelled').map((p) => ({ projectId: p.project_id, areaCode: p.area_code, budgetBaht: p.budget_baht, areaCount: p.area_count }));
  const cov = coverageOf(targets.map((t) => t.area_code), links);
  const sumSub = (m: Map<string, number>, code: string) => {
    if (code.length >= 6) return m.get(code.slice(0, 6)) ?? 0;
    let s = 0;
    for (const [k, v] of m) if (k.startsWith(code)) s += v;
    return s;
  };
  const targetAreas: DashboardTargetArea[] = targets.map((t) => {
    const c = cov.get(t.area_code)!;
    return {
      code: t.area_code,
      level: t.level,
      nameTh: t.name_th,
      nameEn: t.name_en,
      districtTh: t.district_th,
      categories: t.categories,
      projects: c.projectIds.length,
      budgetBaht: Math.round(c.budgetBaht * 100) / 100,
      incidents: t.level === 3 ? sumSub(nowBySub, t.area_code) : 0,
      incidentsPrevious: t.level === 3 ? sumSub(prevBySub, t.area_code) : 0,
    };
  });

  // Budgets of the area drilled into and of each child: shares of the links inside them.
  const shareIn = (code: string) =>
    inArea.filter((p) => p.area_code.startsWith(code)).reduce((s, p) => s + (p.area_count ? p.budget_baht / p.area_count : 0), 0);
  const childRows: DashboardChild[] = children.map((c) => {
    const ts = targetAreas.filter((t) => t.code.startsWith(c.code));
    return {
      ...toArea(c),
      targetAreas: ts.length,
      coveredTargetAreas: ts.filter((t) => t.projects > 0).length,
      projects: new Set(inArea.filter((p) => p.area_code.startsWith(c.code)).map((p) => p.project_id)).size,
      budgetBaht: Math.round(shareIn(c.code) * 100) / 100,
      incidents: sumSub(nowBySub, c.code),
      incidentsPrevious: sumSub(prevBySub, c.code),
    };
  });

  // Late reports and projects by agency.
  const late = await lateReportsAsOf(db, projectIds, asOf);
  const agencyRows = await repo.agencies(db, [...new Set(projectIds.map((id) => projectById.get(id)!.agency_id))]);
  const agencyName = new Map(agencyRows.map((a) => [a.id, a]));
  const byAgency = new Map<number, DashboardAgencyRow>();
  for (const id of projectIds) {
    const p = projectById.get(id)!;
    let row = byAgency.get(p.agency_id);
    if (!row) {
      const a = agencyName.get(p.agency_id);
      row = {
        agencyId: p.agency_id,
        code: a?.code ?? '',
        nameTh: a?.name_th ?? '',
        nameEn: a?.name_en ?? null,
        byStatus: Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>,
        budgetBaht: 0,
        lateReports: 0,
      };
      byAgency.set(p.agency_id, row);
    }
    row.byStatus[p.status as ProjectStatus] += 1;
    row.budgetBaht += p.budget_baht;
  }
  const lateRows: LateReportRow[] = late.map((l) => {
    const a = agencyName.get(l.agencyId);
    byAgency.get(l.agencyId)!.lateReports += 1;
    return { projectId: l.projectId, title: l.title, agencyTh: a?.name_th ?? '', fiscalYear: l.fiscalYear, quarter: l.quarter, dueDate: l.dueDate, daysLate: l.daysLate };
  });

  const indicators = await indicatorsForDashboard(db, viewer, province.code, area.code, fy, quarter);
  // Issue 5 (EVALUATION): the people's evaluation of the quarter for the area shown.
  const evaluation = await dashboardEvaluation(db, scope, province.code, area.code, fy, quarter);

  return {
    province: toArea(province),
    area: toArea(area),
    path: [province, ...pathAreas.filter((a): a is repo.AreaRow => !!a), ...(area.level > 1 ? [area] : [])].map(toArea),
    fiscalYear: fy,
    quarter,
    asOf: asOf.toISOString(),
    targetList: list ? { id: list.id, version: list.version, status: list.status, declarationDate: list.declaration_date, referenceNumber: list.reference_number } : null,
    indicators,
    incidentsByQuarter: { quarters: quarters.slice(0, lastQuarter + 1), series },
    totals: {
      incidents: sumSub(nowBySub, prefix),
      incidentsPrevious: sumSub(prevBySub, prefix),
      targetAreas: targetAreas.length,
      coveredTargetAreas: targetAreas.filter((t) => t.projects > 0).length,
      projects: projectIds.length,
      budgetBaht: Math.round(inArea.reduce((s, p) => s + (p.area_count ? p.budget_baht / p.area_count : 0), 0) * 100) / 100,
      lateReports: lateRows.length,
    },
    targetAreas,
    children: childRows,
    agencies: [...byAgency.values()].sort((a, b) => a.nameTh.localeCompare(b.nameTh, 'th')),
    lateReports: lateRows.sort((a, b) => b.daysLate - a.daysLate || a.title.localeCompare(b.title, 'th')),
    evaluation,
  };
}
