/**
 * The people's evaluation on the dashboard and in the quarterly review pack: for the quarter and
 * area shown, how many answers, the share saying the projects meet needs (or "too few to judge"),
 * the mean rating, whether the figures are provisional or closed, and one line per agency. A pack
 * frozen before the evaluation existed has no such field and shows nothing.
 */
import type { DashboardEvaluation as Evaluation } from '../../../shared/dashboard-types.ts';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { EvaluationTable, ShareBar, SnapshotState } from './EvaluationSection.tsx';
import { percent, rating, shares } from './feedback-text.ts';
import './feedback.css';

export function DashboardEvaluation({ e, fiscalYear, quarter }: { e: Evaluation | null | undefined; fiscalYear: number; quarter: number }) {
  const i = useI18n();
  const { t, num } = i;
  if (e === undefined) return null;
  const period = quarter ? i.fiscalQuarter(fiscalYear, quarter) : i.fiscalYear(fiscalYear);
  const s = e ? shares(e) : null;
  return (
    <section className="dash-section fb-dash" aria-labelledby="fb-dash-title">
      <div className="fb-eval-title-row">
        <h2 id="fb-dash-title">{t('evaluationDashTitle', { period })}</h2>
        <Link className="no-print small" href="/evaluation">
          {t('evaluationDashMore')}
        </Link>
      </div>
      {!e ? (
        <p className="muted">{t('evaluationDashNone')}</p>
      ) : (
        <>
          <p className="fb-state-wrap small">
            <SnapshotState
              s={{ id: e.snapshotId, provinceCode: '', fiscalYear: e.fiscalYear, quarter: e.quarter, state: e.state, minAnswers: e.minAnswers, answers: e.answers, computedAt: e.computedAt, closedAt: e.closedAt }}
            />
          </p>
          {e.answers === 0 ? (
            <p className="muted">{t('evaluationNoLines')}</p>
          ) : (
            <>
              <div className="fb-kpis">
                <div className="fb-kpi">
                  <div className="fb-kpi-label">{t('evaluationKpiAnswers')}</div>
                  <div className="fb-kpi-value">{num(e.answers)}</div>
                </div>
                <div className="fb-kpi">
                  <div className="fb-kpi-label">{t('evaluationKpiMeets')}</div>
                  {e.tooFew ? (
                    <div className="fb-kpi-value fb-kpi-too-few">{t('evaluationTooFew')}</div>
                  ) : (
                    <>
                      <div className="fb-kpi-value">{percent(e.shareMeets, i)}</div>
                      {s && <ShareBar {...s} />}
                      <div className="fb-kpi-sub">
                        {t('evaluationDashSplit', { partly: percent(s?.partly ?? null, i), no: percent(s?.no ?? null, i) })}
                      </div>
                    </>
                  )}
                </div>
                <div className="fb-kpi">
                  <div className="fb-kpi-label">{t('evaluationKpiRating')}</div>
                  <div className="fb-kpi-value">{e.tooFew ? '—' : rating(e.meanRating, i)}</div>
                </div>
              </div>
              <p className="muted small">{t('evaluationMinRule', { n: num(e.minAnswers) })}</p>
              <EvaluationTable lines={e.agencies} dimension="agency" minAnswers={e.minAnswers} empty={t('evaluationNoLines')} />
            </>
          )}
        </>
      )}
    </section>
  );
}
