/**
 * The people's evaluation of one province for a fiscal quarter or year: share of answers saying
 * a project meets needs, partly, not, and the mean rating, by project, agency, sub-district,
 * district, category or channel. A line with fewer answers than the snapshot's minimum is flagged
 * "too few to judge" instead of showing shares. The snapshot's state says whether the figures may
 * still move (provisional, computed at a time) or are closed; admins and analysts recompute a
 * provisional period. Under it: the history of snapshots to browse, and the year's export.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, query, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { Alert, errorText, type Msg } from '../common.tsx';
import { fiscalQuarterOf, fiscalYearOf } from '../../../shared/fiscal.ts';
import { metNeeds, type EvaluationDimension, type EvaluationLine, type EvaluationSnapshotInfo } from '../../../shared/feedback-types.ts';
import type { MessageKey } from '../../messages.ts';
import { canRecompute, percent, rating, shares } from './feedback-text.ts';

/** The dimensions offered, in the order officers ask for them. */
export const DIMENSIONS: EvaluationDimension[] = ['project', 'agency', 'subdistrict', 'district', 'category', 'channel'];

interface EvaluationAnswer {
  snapshot: EvaluationSnapshotInfo | null;
  lines: EvaluationLine[];
}

/** The project id at the start of a line's key (a project line "12", a project in a sub-district "12:980101"). */
const projectIdOf = (key: string): number | null => {
  const m = /^(\d+)/.exec(key);
  return m ? Number(m[1]) : null;
};

export function SnapshotState({ s }: { s: EvaluationSnapshotInfo | null }) {
  const i = useI18n();
  const { t } = i;
  if (!s) return <span className="badge badge-off fb-state">{t('evaluationNoSnapshot')}</span>;
  return s.state === 'closed' ? (
    <span className="fb-state-line">
      <span className="badge badge-ok fb-state">{t('evaluationClosed')}</span>{' '}
      <span>{t('evaluationClosedOn', { date: i.date(s.closedAt ?? s.computedAt, { long: true }) })}</span>
    </span>
  ) : (
    <span className="fb-state-line">
      <span className="badge badge-warn fb-state">{t('evaluationProvisional')}</span>{' '}
      <span>{t('evaluationComputedAt', { date: i.date(s.computedAt, { long: true, time: true }) })}</span>
    </span>
  );
}

/** The three shares as one bar: yes, partly, no. */
export function ShareBar({ yes, partly, no }: { yes: number | null; partly: number | null; no: number | null }) {
  if (yes === null || partly === null || no === null) return null;
  return (
    <span className="fb-bar" aria-hidden="true">
      <span className="fb-bar-yes" style={{ width: `${yes * 100}%` }} />
      <span className="fb-bar-partly" style={{ width: `${partly * 100}%` }} />
      <span className="fb-bar-no" style={{ width: `${no * 100}%` }} />
    </span>
  );
}

export function EvaluationSection({ me, province }: { me: Me; province: string }) {
  const i = useI18n();
  const { t, num } = i;
  const now = new Date();
  const thisFy = fiscalYearOf(now);
  const [fy, setFy] = useState(thisFy);
  const [quarter, setQuarter] = useState<number>(fiscalQuarterOf(now));
  const [dimension, setDimension] = useState<EvaluationDimension>('project');
  const officer = me.role === 'agency_officer' && me.agencyId != null;
  // An agency officer starts on their own agency's projects.
  const [mineOnly, setMineOnly] = useState(officer);
  const [reload, setReload] = useState(0);
  // Until the user picks a period, an empty running quarter gives way to the newest one with answers.
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'info'; msg: Msg } | null>(null);

  useEffect(() => setNotice(null), [province, fy, quarter]);

  const period = { provinceCode: province, fiscalYear: fy, quarter };
  const main = useApi<EvaluationAnswer>(province ? `/api/evaluation${query({ ...period, dimension })}` : null, reload);
  const whole = useApi<EvaluationAnswer>(province ? `/api/evaluation${query({ ...period, dimension: 'province' })}` : null, reload);
  const units = useApi<EvaluationAnswer>(province ? `/api/evaluation${query({ ...period, dimension: 'project_area' })}` : null, reload);
  const history = useApi<{ snapshots: EvaluationSnapshotInfo[] }>(province ? `/api/evaluation/history${query({ provinceCode: province })}` : null, reload);
  const own = useApi<{ items: Array<{ id: number }> }>(officer && province ? `/api/projects${query({ province, agency: me.agencyId, limit: 500 })}` : null);
  const ownIds = useMemo(() => new Set((own.data?.items ?? []).map((p) => p.id)), [own.data]);

  const snapshot = main.data?.snapshot ?? null;
  const filterable = officer && (dimension === 'project' || dimension === 'agency');
  const lines = useMemo(() => {
    const all = main.data?.lines ?? [];
    if (!filterable || !mineOnly) return all;
    if (dimension === 'agency') return all.filter((l) => l.key === String(me.agencyId));
    return all.filter((l) => ownIds.has(projectIdOf(l.key) ?? -1));
  }, [main.data, filterable, mineOnly, dimension, me.agencyId, ownIds]);

  const total = whole.data?.lines.find((l) => l.dimension === 'province') ?? whole.data?.lines[0] ?? null;
  const judged = useMemo(() => {
    const s = units.data?.snapshot;
    const ls = units.data?.lines ?? [];
    if (!s) return null;
    let met = 0;
    let judgedN = 0;
    let tooFew = 0;
    for (const l of ls) {
      const v = metNeeds(l, s.minAnswers);
      if (v === null) tooFew += 1;
      else {
        judgedN += 1;
        if (v) met += 1;
      }
    }
    return { met, judged: judgedN, tooFew };
  }, [units.data]);

  useEffect(() => {
    if (touched || !history.data || !main.data) return;
    if (main.data.snapshot && main.data.snapshot.answers > 0) return setTouched(true);
    const snaps = history.data.snapshots.filter((s) => s.answers > 0);
    const best = snaps.find((s) => s.quarter > 0) ?? snaps[0];
    setTouched(true);
    if (best) {
      setFy(best.fiscalYear);
      setQuarter(best.quarter);
    }
  }, [touched, history.data, main.data]);

  const years = useMemo(() => {
    const ys = new Set<number>(Array.from({ length: 5 }, (_, k) => thisFy - k));
    for (const s of history.data?.snapshots ?? []) ys.add(s.fiscalYear);
    ys.add(fy);
    return [...ys].sort((a, b) => b - a);
  }, [history.data, thisFy, fy]);

  const recompute = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const r = await api<{ snapshot: EvaluationSnapshotInfo }>('/api/evaluation/recompute', { method: 'POST', json: period });
      const closed = r.snapshot.state === 'closed';
      setNotice({ kind: 'success', msg: (x) => (closed ? x.t('evaluationRecomputedClosed') : x.t('evaluationRecomputed', { n: x.num(r.snapshot.answers) })) });
      setReload((n) => n + 1);
    } catch (err) {
      const closed = err instanceof ApiError && err.status === 409;
      setNotice({ kind: 'error', msg: (x) => (closed ? x.t('evaluationAlreadyClosed') : errorText(err, x)) });
      if (closed) setReload((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const periodLabel = quarter === 0 ? i.fiscalYear(fy) : i.fiscalQuarter(fy, quarter);
  const dimWord = (d: EvaluationDimension) => t(`evaluationDim_${d}` as MessageKey);
  const open = (s: EvaluationSnapshotInfo) => {
    setTouched(true);
    setFy(s.fiscalYear);
    setQuarter(s.quarter);
    requestAnimationFrame(() => document.getElementById('fb-eval-top')?.scrollIntoView({ block: 'start' }));
  };

  return (
    <div className="fb-eval" id="fb-eval-top">
      <div className="card fb-filters">
        <div className="fb-filter-grid">
          <label className="field">
            <span>{t('fiscalYear')}</span>
            <select name="evaluation-fy" value={fy} onChange={(e) => { setTouched(true); setFy(Number(e.target.value)); }}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {i.fiscalYear(y)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('evaluationPeriod')}</span>
            <select name="evaluation-quarter" value={quarter} onChange={(e) => { setTouched(true); setQuarter(Number(e.target.value)); }}>
              <option value={0}>{t('evaluationWholeYear')}</option>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t(`evaluationQuarter_${q}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('evaluationDimension')}</span>
            <select name="evaluation-dimension" value={dimension} onChange={(e) => setDimension(e.target.value as EvaluationDimension)}>
              {DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {dimWord(d)}
                </option>
              ))}
            </select>
          </label>
          {filterable && (
            <label className="check fb-mine">
              <input type="checkbox" name="evaluation-mine" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
              <span>{t('evaluationMineOnly', { agency: me.agency ?? '' })}</span>
            </label>
          )}
        </div>
      </div>

      <section className="fb-eval-head" aria-labelledby="fb-eval-title">
        <div className="fb-eval-title-row">
          <h2 id="fb-eval-title">{t('evaluationTitleFor', { period: periodLabel })}</h2>
          <div className="fb-actions">
            {canRecompute(me) && snapshot?.state !== 'closed' && main.data && (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={recompute}>
                {busy ? t('evaluationRecomputing') : t('evaluationRecompute')}
              </button>
            )}
          </div>
        </div>
        <p className="fb-state-wrap">
          <SnapshotState s={main.data ? snapshot : null} />
        </p>
        {snapshot && <p className="muted small">{t('evaluationMinRule', { n: num(snapshot.minAnswers) })}</p>}
        {!snapshot && main.data && <p className="muted small">{canRecompute(me) ? t('evaluationNoSnapshotWriter') : t('evaluationNoSnapshotHint')}</p>}
        {notice && <Alert kind={notice.kind}>{notice.msg(i)}</Alert>}
      </section>

      {main.error ? <Alert kind="error">{errorText(main.error, i)}</Alert> : null}
      {main.loading && !main.data && <p className="muted">{t('loading')}</p>}

      {snapshot && total && <p className="fb-kpis-title">{t('evaluationSummary')}</p>}
      {snapshot && total && (
        <div className="fb-kpis" aria-label={t('evaluationSummary')}>
          <div className="fb-kpi">
            <div className="fb-kpi-label">{t('evaluationKpiAnswers')}</div>
            <div className="fb-kpi-value">{num(total.answers)}</div>
          </div>
          <div className="fb-kpi">
            <div className="fb-kpi-label">{t('evaluationKpiMeets')}</div>
            <div className="fb-kpi-value">{total.tooFew ? '—' : percent(total.shareMeets, i)}</div>
            {total.tooFew && <div className="fb-kpi-sub">{t('evaluationTooFew')}</div>}
          </div>
          <div className="fb-kpi">
            <div className="fb-kpi-label">{t('evaluationKpiRating')}</div>
            <div className="fb-kpi-value">{total.tooFew ? '—' : rating(total.meanRating, i)}</div>
          </div>
          {judged && (
            <div className="fb-kpi">
              <div className="fb-kpi-label">{t('evaluationKpiMet')}</div>
              <div className="fb-kpi-value">{judged.judged ? t('evaluationKpiMetValue', { met: num(judged.met), n: num(judged.judged) }) : '—'}</div>
              {judged.tooFew > 0 && <div className="fb-kpi-sub">{t('evaluationKpiMetTooFew', { n: num(judged.tooFew) })}</div>}
            </div>
          )}
        </div>
      )}

      {main.data && snapshot && (
        <EvaluationTable lines={lines} dimension={dimension} minAnswers={snapshot.minAnswers} empty={mineOnly && filterable ? t('evaluationNoLinesMine') : t('evaluationNoLines')} />
      )}

      <section className="fb-history" aria-labelledby="fb-history-title">
        <div className="fb-eval-title-row">
          <h2 id="fb-history-title">{t('evaluationHistory')}</h2>
          <div className="fb-actions fb-exports">
            <span className="muted small">{t('evaluationExportFor', { fy: i.fiscalYear(fy) })}</span>
            <a className="btn" href={`/api/evaluation/export${query({ provinceCode: province, fiscalYear: fy, format: 'xlsx' })}`} download>
              {t('evaluationExportXlsx')}
            </a>
            <a className="btn" href={`/api/evaluation/export${query({ provinceCode: province, fiscalYear: fy, format: 'csv' })}`} download>
              {t('evaluationExportCsv')}
            </a>
          </div>
        </div>
        {history.error ? <Alert kind="error">{errorText(history.error, i)}</Alert> : null}
        {history.data && history.data.snapshots.length === 0 && <p className="muted">{t('evaluationHistoryEmpty')}</p>}
        {history.data && history.data.snapshots.length > 0 && (
          <div className="table-wrap">
            <table className="table fb-history-table fb-cards-narrow">
              <thead>
                <tr>
                  <th scope="col">{t('evaluationPeriod')}</th>
                  <th scope="col">{t('evaluationState')}</th>
                  <th scope="col" className="num">
                    {t('evaluationColAnswers')}
                  </th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {history.data.snapshots.map((s) => {
                  const current = s.fiscalYear === fy && s.quarter === quarter;
                  return (
                    <tr key={s.id} className={current ? 'selected' : undefined}>
                      <td data-label={t('evaluationPeriod')}>{s.quarter === 0 ? i.fiscalYear(s.fiscalYear) : i.fiscalQuarter(s.fiscalYear, s.quarter)}</td>
                      <td data-label={t('evaluationState')}>
                        <SnapshotState s={s} />
                      </td>
                      <td className="num" data-label={t('evaluationColAnswers')}>
                        {num(s.answers)}
                      </td>
                      <td>
                        <button type="button" className="btn btn-small" disabled={current} onClick={() => open(s)}>
                          {current ? t('evaluationShown') : t('evaluationShow')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** The lines of one dimension; a line with too few answers shows its counts but no shares. */
export function EvaluationTable({ lines, dimension, minAnswers, empty }: { lines: EvaluationLine[]; dimension: EvaluationDimension; minAnswers: number; empty: string }) {
  const i = useI18n();
  const { t, num } = i;
  if (lines.length === 0) return <p className="muted fb-empty">{empty}</p>;
  const label = (l: EvaluationLine) => (i.lang === 'th' ? l.labelTh : l.labelEn || l.labelTh);
  const nameCol = t(`evaluationDim_${dimension}` as MessageKey);
  return (
    <div className="table-wrap">
      <table className="table fb-eval-table fb-cards-narrow">
        <thead>
          <tr>
            <th scope="col">{nameCol}</th>
            <th scope="col" className="num">
              {t('evaluationColAnswers')}
            </th>
            <th scope="col" className="num">
              {t('evaluationColYes')}
            </th>
            <th scope="col" className="num">
              {t('evaluationColPartly')}
            </th>
            <th scope="col" className="num">
              {t('evaluationColNo')}
            </th>
            <th scope="col" className="num">
              {t('evaluationColRating')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const s = shares(l);
            const pid = dimension === 'project' ? projectIdOf(l.key) : null;
            return (
              <tr key={l.key} data-key={l.key} className={l.tooFew ? 'fb-too-few' : undefined}>
                <th scope="row" className="fb-line-name">
                  {pid ? <Link href={`/projects?project=${pid}`}>{label(l)}</Link> : label(l)}
                </th>
                <td className="num" data-label={t('evaluationColAnswers')}>
                  {num(l.answers)}
                </td>
                {l.tooFew ? (
                  <td colSpan={4} className="fb-too-few-cell" data-label={t('evaluationColResult')}>
                    <span className="badge badge-warn">{t('evaluationTooFew')}</span>{' '}
                    <span className="muted small">{t('evaluationTooFewWhy', { n: num(l.answers), min: num(minAnswers) })}</span>
                  </td>
                ) : (
                  <>
                    <td className="num fb-yes" data-label={t('evaluationColYes')}>
                      <span className="fb-share">{percent(s.yes, i)}</span>
                      <ShareBar {...s} />
                    </td>
                    <td className="num" data-label={t('evaluationColPartly')}>
                      {percent(s.partly, i)}
                    </td>
                    <td className="num" data-label={t('evaluationColNo')}>
                      {percent(s.no, i)}
                    </td>
                    <td className="num" data-label={t('evaluationColRating')}>
                      {rating(l.meanRating, i)}
                      {l.rated > 0 && <span className="muted small fb-rated"> ({t('evaluationRatedN', { n: num(l.rated) })})</span>}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
