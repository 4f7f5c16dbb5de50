/**
 * The dashboard's lists and tables: the gaps beside the map, the drill-down rows (districts or
 * sub-districts), projects by agency and status with small stacked bars, budget by target area,
 * and the late progress reports. Amounts in baht with thousands separators, dates in the
 * Buddhist Era; every table ends with its totals row.
 */
import type { Category } from '../../api.ts';
import type { Dashboard, DashboardArea, DashboardTargetArea } from '../../../shared/dashboard-types.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../shared/project-types.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { changePercent, isoDay, percentOf } from './dashboard-logic.ts';

/** Baht with thousands separators (satang only when there are any). */
export function baht(i: I18n, n: number): string {
  return i.num(n, Number.isInteger(n) ? 0 : 2);
}

/** This year against last year: the change in per cent with an arrow and a word, more incidents in red. */
export function Change({ now, previous }: { now: number; previous: number }) {
  const { t, num } = useI18n();
  const p = changePercent(now, previous);
  if (p === null) return <span className="dash-change muted">{now > 0 ? t('dashboardChangeNone') : '—'}</span>;
  const r = Math.round(Math.abs(p));
  if (r === 0) return <span className="dash-change">{t('dashboardChangeSame')}</span>;
  return p > 0 ? (
    <span className="dash-change dash-change-up">
      <span aria-hidden="true">▲ </span>
      {t('dashboardChangeUp', { p: num(r) })}
    </span>
  ) : (
    <span className="dash-change dash-change-down">
      <span aria-hidden="true">▼ </span>
      {t('dashboardChangeDown', { p: num(r) })}
    </span>
  );
}

/**
 * An area with its level ("อำเภอเมืองสาธิต"), unless its Thai name already begins with the level's
 * word (the demo province is named "จังหวัดสาธิต ..."); in English a province is its name alone.
 */
export function areaName(i: I18n, a: { level: number; nameTh: string; nameEn?: string | null }): string {
  if (i.lang !== 'th') return a.level === 1 ? i.name(a) : i.areaTitle(a);
  const word = i.areaTitle({ level: a.level, nameTh: '' });
  return a.nameTh.startsWith(word) ? a.nameTh : i.areaTitle(a);
}

function districtOf(i: I18n, a: DashboardTargetArea): string {
  return a.districtTh ? areaName(i, { level: 2, nameTh: a.districtTh }) : '';
}

function categoryText(i: I18n, codes: string[], categories: Category[]): string {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  return codes.map((c) => (byCode.has(c) ? i.label(byCode.get(c)!) : c)).join(', ');
}

/** The target areas without a project, next to the map; each opens its sub-district. */
export function GapList({ d, categories, onDrill }: { d: Dashboard; categories: Category[]; onDrill(code: string): void }) {
  const i = useI18n();
  const { t, num } = i;
  const gaps = d.targetAreas.filter((a) => a.projects === 0);
  return (
    <section className="dash-gaps" aria-labelledby="dash-gaps-title">
      <h3 id="dash-gaps-title">
        {t('dashboardGapsTitle')} {gaps.length > 0 && <span className="dash-count">{t('dashboardGapsCount', { n: num(gaps.length) })}</span>}
      </h3>
      {d.targetAreas.length === 0 ? (
        <p className="muted">{t('dashboardGapsNoTargets')}</p>
      ) : gaps.length === 0 ? (
        <p className="dash-gaps-none">{t('dashboardGapsNone')}</p>
      ) : (
        <ol className="dash-gap-list">
          {gaps.map((a) => {
            const name = areaName(i, a);
            const sub = a.code.slice(0, 6);
            return (
              <li key={a.code} data-code={a.code}>
                <span className="dash-gap-mark" aria-hidden="true" />
                <div>
                  {d.area.code === sub ? (
                    <strong>{name}</strong>
                  ) : (
                    <button type="button" className="btn-link dash-gap-name" aria-label={t('dashboardGapOpen', { name })} onClick={() => onDrill(sub)}>
                      {name}
                    </button>
                  )}
                  <div className="small muted">
                    {[districtOf(i, a), categoryText(i, a.categories, categories), a.level === 3 ? t('dashboardGapIncidents', { n: num(a.incidents) }) : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** One row per district (at the province) or sub-district (at a district); a click drills into it. */
export function ChildrenTable({ d, onDrill }: { d: Dashboard; onDrill(code: string): void }) {
  const i = useI18n();
  const { t, num } = i;
  if (!d.children.length) return null;
  const level = d.children[0].level as 2 | 3;
  const tot = d.totals;
  return (
    <section className="dash-section dash-children" aria-labelledby="dash-children-title">
      <h2 id="dash-children-title">
        {t(level === 2 ? 'dashboardChildren_1' : 'dashboardChildren_2')} <span className="muted dash-h-sub">{areaName(i, d.area)}</span>
      </h2>
      <p className="muted small no-print">{t('dashboardChildrenHint')}</p>
      <div className="table-wrap">
        <table className="table dash-children-table">
          <thead>
            <tr>
              <th scope="col">{t(level === 2 ? 'dashboardColArea_2' : 'dashboardColArea_3')}</th>
              <th scope="col" className="num">
                {t('dashboardColTargets')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColCovered')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColGaps')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColProjects')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColBudget')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColIncidents')}
              </th>
              <th scope="col" className="num">
                {t('dashboardColIncidentsPrev')}
              </th>
              <th scope="col">{t('dashboardColChange')}</th>
            </tr>
          </thead>
          <tbody>
            {d.children.map((c) => {
              const gaps = c.targetAreas - c.coveredTargetAreas;
              return (
                <tr key={c.code} data-code={c.code} className="dash-drill-row" onClick={() => onDrill(c.code)}>
                  <th scope="row">
                    <button
                      type="button"
                      className="btn-link"
                      onClick={(e) => {
                        e.stopPropagation();
                        onDrill(c.code);
                      }}
                    >
                      {i.name(c)}
                    </button>
                  </th>
                  <td className="num">{num(c.targetAreas)}</td>
                  <td className="num">{num(c.coveredTargetAreas)}</td>
                  <td className={`num${gaps > 0 ? ' dash-gap-cell' : ''}`}>{num(gaps)}</td>
                  <td className="num">{num(c.projects)}</td>
                  <td className="num">{baht(i, c.budgetBaht)}</td>
                  <td className="num">{num(c.incidents)}</td>
                  <td className="num">{num(c.incidentsPrevious)}</td>
                  <td className="nowrap">
                    <Change now={c.incidents} previous={c.incidentsPrevious} />
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('dashboardTotalRow', { name: areaName(i, d.area) })}</th>
              <td className="num">{num(tot.targetAreas)}</td>
              <td className="num">{num(tot.coveredTargetAreas)}</td>
              <td className="num">{num(tot.targetAreas - tot.coveredTargetAreas)}</td>
              <td className="num">{num(tot.projects)}</td>
              <td className="num">{baht(i, tot.budgetBaht)}</td>
              <td className="num">{num(tot.incidents)}</td>
              <td className="num">{num(tot.incidentsPrevious)}</td>
              <td className="nowrap">
                <Change now={tot.incidents} previous={tot.incidentsPrevious} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export const PROJECT_STATUS_COLORS: Record<ProjectStatus, string> = {
  planned: '#b8c4d0',
  in_progress: '#3b7dd8',
  done: '#1e7b3c',
  cancelled: '#8a5a00',
};

function StatusBar({ by }: { by: Record<ProjectStatus, number> }) {
  const { t, num } = useI18n();
  const total = PROJECT_STATUSES.reduce((s, k) => s + by[k], 0);
  if (!total) return null;
  return (
    <span className="dash-stack" role="img" aria-label={PROJECT_STATUSES.filter((k) => by[k]).map((k) => `${t(`dashboardProjectStatus_${k}`)} ${num(by[k])}`).join(', ')}>
      {PROJECT_STATUSES.filter((k) => by[k]).map((k) => (
        <span key={k} style={{ width: `${(by[k] / total) * 100}%`, background: PROJECT_STATUS_COLORS[k] }} title={`${t(`dashboardProjectStatus_${k}`)} ${num(by[k])}`} />
      ))}
    </span>
  );
}

/** Projects by agency and status; the bar shows the mix, the numbers stand beside it. */
export function AgencyTable({ d }: { d: Dashboard }) {
  const i = useI18n();
  const { t, num } = i;
  const sum = (k: ProjectStatus) => d.agencies.reduce((s, a) => s + a.byStatus[k], 0);
  const totalBy = Object.fromEntries(PROJECT_STATUSES.map((k) => [k, sum(k)])) as Record<ProjectStatus, number>;
  return (
    <section className="dash-section dash-agencies" aria-labelledby="dash-ag-title">
      <h2 id="dash-ag-title">{t('dashboardAgenciesTitle')}</h2>
      {d.agencies.length === 0 ? (
        <p className="muted">{t('dashboardAgenciesNone')}</p>
      ) : (
        <>
          <ul className="dash-legend">
            {PROJECT_STATUSES.map((k) => (
              <li key={k}>
                <span className="dash-swatch" style={{ background: PROJECT_STATUS_COLORS[k] }} aria-hidden="true" /> {t(`dashboardProjectStatus_${k}`)}
              </li>
            ))}
          </ul>
          <div className="table-wrap">
            <table className="table dash-agency-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboardColAgency')}</th>
                  <th scope="col">{t('dashboardColByStatus')}</th>
                  {PROJECT_STATUSES.map((k) => (
                    <th scope="col" key={k} className="num dash-status-col">
                      {t(`dashboardProjectStatus_${k}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('dashboardTotal')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboardColBudget')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboardColLate')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.agencies.map((a) => {
                  const total = PROJECT_STATUSES.reduce((s, k) => s + a.byStatus[k], 0);
                  return (
                    <tr key={a.agencyId}>
                      <th scope="row">{i.name(a)}</th>
                      <td className="dash-stack-cell">
                        <StatusBar by={a.byStatus} />
                      </td>
                      {PROJECT_STATUSES.map((k) => (
                        <td key={k} className="num">
                          {a.byStatus[k] ? num(a.byStatus[k]) : <span className="muted">–</span>}
                        </td>
                      ))}
                      <td className="num">{num(total)}</td>
                      <td className="num">{baht(i, a.budgetBaht)}</td>
                      <td className={`num${a.lateReports ? ' dash-late-cell' : ''}`}>{num(a.lateReports)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('dashboardTotal')}</th>
                  <td className="dash-stack-cell">
                    <StatusBar by={totalBy} />
                  </td>
                  {PROJECT_STATUSES.map((k) => (
                    <td key={k} className="num">
                      {num(totalBy[k])}
                    </td>
                  ))}
                  <td className="num">{num(d.totals.projects)}</td>
                  <td className="num">{baht(i, d.agencies.reduce((s, a) => s + a.budgetBaht, 0))}</td>
                  <td className="num">{num(d.totals.lateReports)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Budget by target area, largest first, with each area's share as a bar. */
export function BudgetTable({ d }: { d: Dashboard }) {
  const i = useI18n();
  const { t, num } = i;
  const rows = [...d.targetAreas].sort((a, b) => b.budgetBaht - a.budgetBaht || b.projects - a.projects || a.code.localeCompare(b.code));
  const total = rows.reduce((s, a) => s + a.budgetBaht, 0);
  const max = rows.length ? rows[0].budgetBaht : 0;
  return (
    <section className="dash-section dash-budget" aria-labelledby="dash-budget-title">
      <h2 id="dash-budget-title">{t('dashboardBudgetTitle')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('dashboardBudgetNone')}</p>
      ) : (
        <>
          <p className="muted small">{t('dashboardBudgetNote')}</p>
          <div className="table-wrap">
            <table className="table dash-budget-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('dashboardColRank')}
                  </th>
                  <th scope="col">{t('dashboardColTargetArea')}</th>
                  <th scope="col" className="num">
                    {t('dashboardColProjects')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboardColBudget')}
                  </th>
                  <th scope="col">{t('dashboardColShare')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a, k) => (
                  <tr key={a.code} data-code={a.code} className={a.projects === 0 ? 'dash-row-gap' : undefined}>
                    <td className="num">{num(k + 1)}</td>
                    <th scope="row">
                      {areaName(i, a)}
                      <div className="small muted">{districtOf(i, a)}</div>
                    </th>
                    <td className={`num${a.projects === 0 ? ' dash-gap-cell' : ''}`}>{num(a.projects)}</td>
                    <td className="num">{baht(i, a.budgetBaht)}</td>
                    <td className="dash-share-cell">
                      <span className="dash-share">
                        <span style={{ width: `${max > 0 ? (a.budgetBaht / max) * 100 : 0}%` }} />
                      </span>
                      <span className="small">{num(percentOf(a.budgetBaht, total), 1)}%</span>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td />
                  <th scope="row">{t('dashboardTotal')}</th>
                  <td className="num" />
                  <td className="num">{baht(i, Math.round(total * 100) / 100)}</td>
                  <td>{total > 0 ? '100%' : ''}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The progress reports past their due date, most overdue first. */
export function LateReportsTable({ d }: { d: Dashboard }) {
  const i = useI18n();
  const { t, num } = i;
  return (
    <section className="dash-section dash-late" aria-labelledby="dash-late-title">
      <h2 id="dash-late-title">
        {t('dashboardLateTitle')} {d.lateReports.length > 0 && <span className="dash-count">{num(d.lateReports.length)}</span>}
      </h2>
      <p className="muted small">{t('dashboardLateIntro')}</p>
      {d.lateReports.length === 0 ? (
        <p>{t('dashboardLateNone')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table dash-late-table">
            <thead>
              <tr>
                <th scope="col">{t('dashboardColProject')}</th>
                <th scope="col">{t('dashboardColAgency')}</th>
                <th scope="col">{t('dashboardColReportQuarter')}</th>
                <th scope="col">{t('dashboardColDue')}</th>
                <th scope="col" className="num">
                  {t('dashboardColDaysLate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.lateReports.map((l) => (
                <tr key={`${l.projectId}-${l.fiscalYear}-${l.quarter}`}>
                  <td>
                    <Link href={`/projects?project=${l.projectId}`}>{l.title}</Link>
                  </td>
                  <td>{l.agencyTh}</td>
                  <td className="nowrap">{i.fiscalQuarter(l.fiscalYear, l.quarter)}</td>
                  <td className="nowrap">{i.date(isoDay(l.dueDate))}</td>
                  <td className="num dash-late-cell">{num(l.daysLate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The path from the province to the area shown; every step but the last goes back up. */
export function Breadcrumb({ path, onDrill }: { path: DashboardArea[]; onDrill(code: string): void }) {
  const i = useI18n();
  return (
    <nav className="dash-breadcrumb" aria-label={i.t('dashboardBreadcrumb')}>
      <ol>
        {path.map((a, k) => (
          <li key={a.code}>
            {k < path.length - 1 ? (
              <button type="button" className="btn-link" onClick={() => onDrill(a.code)}>
                {areaName(i, a)}
              </button>
            ) : (
              <span aria-current="page">{areaName(i, a)}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
