/**
 * Incidents by problem category over the fiscal quarters, as stacked bars in inline SVG (the
 * categories' own colours, a legend with the totals), with the same figures as a table for screen
 * readers and anyone who wants the numbers.
 */
import type { Dashboard } from '../../../shared/dashboard-types.ts';
import { useI18n } from '../../i18n.tsx';
import { niceTicks } from './dashboard-logic.ts';

const W = 760;
const H = 270;
const M = { top: 22, right: 8, bottom: 46, left: 44 };

export function IncidentChart({ data }: { data: Dashboard['incidentsByQuarter'] }) {
  const i = useI18n();
  const { t, num } = i;
  const { quarters, series } = data;
  const totals = quarters.map((_, k) => series.reduce((s, c) => s + (c.counts[k] ?? 0), 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, quarters.length);
  const barW = Math.min(56, slot * 0.62);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const qLabel = (k: number) => i.fiscalQuarter(quarters[k].fiscalYear, quarters[k].quarter);
  const label = (s: (typeof series)[number]) => (i.lang === 'th' ? s.labelTh : s.labelEn || s.labelTh);

  return (
    <section className="dash-section dash-incidents" aria-labelledby="dash-inc-title">
      <h2 id="dash-inc-title">{t('dashboardIncidentsTitle')}</h2>
      {grand === 0 ? (
        <p className="muted">{t('dashboardIncidentsNone')}</p>
      ) : (
        <>
          <div className="dash-chart-wrap">
          <svg
            className="dash-chart"
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-label={t('dashboardIncidentsAria', { from: qLabel(0), to: qLabel(quarters.length - 1) })}
          >
            {ticks.map((v) => (
              <g key={v}>
                <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className={v === 0 ? 'dash-axis' : 'dash-grid'} />
                <text x={M.left - 6} y={y(v) + 4} textAnchor="end" className="dash-tick">
                  {num(v)}
                </text>
              </g>
            ))}
            {quarters.map((q, k) => {
              const x = M.left + slot * k + (slot - barW) / 2;
              let acc = 0;
              const newYear = k > 0 && q.fiscalYear !== quarters[k - 1].fiscalYear;
              return (
                <g key={`${q.fiscalYear}-${q.quarter}`}>
                  {newYear && <line x1={M.left + slot * k} x2={M.left + slot * k} y1={M.top - 10} y2={H - 6} className="dash-year-line" />}
                  {series.map((s) => {
                    const n = s.counts[k] ?? 0;
                    if (!n) return null;
                    const y0 = y(acc);
                    acc += n;
                    const y1 = y(acc);
                    return (
                      <rect key={s.category} x={x} width={barW} y={y1} height={Math.max(0.5, y0 - y1)} fill={s.color} className="dash-bar">
                        <title>{t('dashboardBarTitle', { quarter: qLabel(k), label: label(s), n: num(n) })}</title>
                      </rect>
                    );
                  })}
                  {totals[k] > 0 && (
                    <text x={x + barW / 2} y={y(totals[k]) - 5} textAnchor="middle" className="dash-bar-total">
                      {num(totals[k])}
                    </text>
                  )}
                  <text x={x + barW / 2} y={H - M.bottom + 17} textAnchor="middle" className="dash-tick">
                    {t('dashboardQuarterShort', { q: q.quarter })}
                  </text>
                  {(k === 0 || newYear) && (
                    <text x={M.left + slot * k + 4} y={H - 8} textAnchor="start" className="dash-year">
                      {i.fiscalYear(q.fiscalYear)}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          </div>
          <ul className="dash-legend" aria-label={t('dashboardLegend')}>
            {series.map((s) => (
              <li key={s.category}>
                <span className="dash-swatch" style={{ background: s.color }} aria-hidden="true" />
                {label(s)} <span className="muted">({num(s.counts.reduce((a, b) => a + b, 0))})</span>
              </li>
            ))}
          </ul>
          <details className="dash-table-alt">
            <summary>{t('dashboardIncidentsTable')}</summary>
            <div className="table-wrap">
              <table className="table dash-inc-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboardCategory')}</th>
                    {quarters.map((q, k) => (
                      <th scope="col" key={k} className="num">
                        {t('dashboardQuarterShort', { q: q.quarter })}/{String(q.fiscalYear).slice(2)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('dashboardTotal')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.category}>
                      <th scope="row">
                        <span className="dash-swatch" style={{ background: s.color }} aria-hidden="true" /> {label(s)}
                      </th>
                      {quarters.map((_, k) => (
                        <td key={k} className="num">
                          {num(s.counts[k] ?? 0)}
                        </td>
                      ))}
                      <td className="num">{num(s.counts.reduce((a, b) => a + b, 0))}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('dashboardTotal')}</th>
                    {totals.map((n, k) => (
                      <td key={k} className="num">
                        {num(n)}
                      </td>
                    ))}
                    <td className="num">{num(grand)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
