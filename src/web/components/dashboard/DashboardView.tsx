/**
 * Every section of the dashboard for one answer of /api/dashboard, shared by the dashboard page
 * and the quarterly review pack: headline figures, indicators, incidents by quarter, the coverage
 * map with its gaps, the drill-down table, projects by agency, budget by target area and, in the
 * pack, the late reports.
 */
import type { Category } from '../../api.ts';
import type { Dashboard } from '../../../shared/dashboard-types.ts';
import { useI18n } from '../../i18n.tsx';
import { CoverageMap } from './CoverageMap.tsx';
import { AgencyTable, baht, BudgetTable, Change, ChildrenTable, GapList, LateReportsTable } from './DashboardTables.tsx';
import { IncidentChart } from './IncidentChart.tsx';
import { IndicatorCards } from './IndicatorCards.tsx';
import { asOfDisplay, isoDay, percentOf } from './dashboard-logic.ts';
// The people's evaluation section (issue 5) is drawn by the people's-voice page's component.
import { DashboardEvaluation } from '../feedback/DashboardEvaluation.tsx';

/** "ข้อมูล ณ วันที่ 31 มี.ค. 2568 (สิ้นไตรมาส)", or the instant of a quarter still running. */
export function AsOf({ d }: { d: Pick<Dashboard, 'asOf' | 'fiscalYear' | 'quarter'> }) {
  const i = useI18n();
  const a = asOfDisplay(d.asOf, d.fiscalYear, d.quarter);
  return (
    <span className="dash-asof">
      {a.quarterEnd ? i.t('dashboardAsOfQuarterEnd', { date: i.date(a.date, { long: true }) }) : i.t('dashboardAsOfNow', { date: i.date(a.date, { long: true, time: true }) })}
    </span>
  );
}

function TargetListLine({ d }: { d: Dashboard }) {
  const i = useI18n();
  const l = d.targetList;
  if (!l) return <p className="alert alert-warning dash-note">{i.t('dashboardNoTargetList', { fy: i.fiscalYear(d.fiscalYear) })}</p>;
  const parts = [
    i.t('dashboardTargetList', { fy: i.fiscalYear(d.fiscalYear), v: i.num(l.version), date: l.declarationDate ? i.date(isoDay(l.declarationDate), { long: true }) : '—' }),
    l.referenceNumber ? i.t('dashboardTargetListRef', { ref: l.referenceNumber }) : '',
  ].filter(Boolean);
  return <p className="muted small dash-note">{parts.join(' ')}</p>;
}

function Kpis({ d }: { d: Dashboard }) {
  const i = useI18n();
  const { t, num } = i;
  const x = d.totals;
  const gaps = x.targetAreas - x.coveredTargetAreas;
  return (
    <section className="dash-kpis" aria-label={t('dashboardKpis')}>
      <div className="dash-kpi">
        <div className="dash-kpi-label">{t('dashboardKpiIncidents')}</div>
        <div className="dash-kpi-value">{num(x.incidents)}</div>
        <div className="dash-kpi-sub">
          <Change now={x.incidents} previous={x.incidentsPrevious} /> · {t('dashboardKpiIncidentsPrev', { n: num(x.incidentsPrevious) })}
        </div>
      </div>
      <div className={`dash-kpi${gaps > 0 ? ' dash-kpi-alert' : ''}`}>
        <div className="dash-kpi-label">{t('dashboardKpiCoverage')}</div>
        <div className="dash-kpi-value">
          {x.targetAreas ? `${num(percentOf(x.coveredTargetAreas, x.targetAreas))}%` : '—'}
        </div>
        <div className="dash-kpi-sub">
          {t('dashboardKpiCoverageOf', { covered: num(x.coveredTargetAreas), total: num(x.targetAreas) })}
          {gaps > 0 && (
            <>
              {' · '}
              <strong className="dash-gap-text">{t('dashboardKpiGaps', { n: num(gaps) })}</strong>
            </>
          )}
        </div>
      </div>
      <div className="dash-kpi">
        <div className="dash-kpi-label">{t('dashboardKpiProjects')}</div>
        <div className="dash-kpi-value">{num(x.projects)}</div>
      </div>
      <div className="dash-kpi">
        <div className="dash-kpi-label">{t('dashboardKpiBudget')}</div>
        <div className="dash-kpi-value">{baht(i, x.budgetBaht)}</div>
      </div>
      <div className={`dash-kpi${x.lateReports > 0 ? ' dash-kpi-warn' : ''}`}>
        <div className="dash-kpi-label">{t('dashboardKpiLate')}</div>
        <div className="dash-kpi-value">
          {num(x.lateReports)} <span className="dash-kpi-unit">{t('dashboardKpiLateUnit')}</span>
        </div>
      </div>
    </section>
  );
}

export function DashboardView(props: {
  d: Dashboard;
  categories: Category[];
  /** Open a district or sub-district (or the province again). */
  onDrill(code: string): void;
  /** The review pack lists the late reports in full. */
  showLate?: boolean;
}) {
  const { d, categories, onDrill } = props;
  const { t } = useI18n();
  // A click on the map opens the district at the province, the sub-district below it.
  const pick = (sub: string) => {
    if (d.area.level === 1) onDrill(sub.slice(0, 4));
    else if (sub !== d.area.code) onDrill(sub.slice(0, 4) === d.area.code.slice(0, 4) ? sub : sub.slice(0, 4));
  };
  return (
    <div className="dash-view">
      <TargetListLine d={d} />
      <Kpis d={d} />
      <IndicatorCards indicators={d.indicators} />
      <IncidentChart data={d.incidentsByQuarter} />
      <section className="dash-section dash-coverage" aria-labelledby="dash-cov-title">
        <h2 id="dash-cov-title">{t('dashboardCoverageTitle')}</h2>
        <div className="dash-coverage-grid">
          <CoverageMap areaCode={d.area.code} targetAreas={d.targetAreas} onPick={pick} />
          <GapList d={d} categories={categories} onDrill={onDrill} />
        </div>
      </section>
      <ChildrenTable d={d} onDrill={onDrill} />
      <div className="dash-two">
        <AgencyTable d={d} />
        <BudgetTable d={d} />
      </div>
      {/* The people's evaluation of the quarter (issue 5); absent in packs frozen before it existed. */}
      <DashboardEvaluation e={d.evaluation} fiscalYear={d.fiscalYear} quarter={d.quarter} />
      {props.showLate && <LateReportsTable d={d} />}
    </div>
  );
}
