/**
 * The quarterly review pack (/review?province=98&fy=2568&quarter=2): the meeting handout of a
 * province and fiscal quarter. The meeting record, the items carried from earlier quarters, the
 * dashboard as of the quarter's end (the frozen copy once it was presented, with a switch to the
 * live figures), the late reports, and the meeting's decisions and action items. Admins and
 * analysts record the meeting and freeze the pack; everyone may read and print it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, query, type Area, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';
import { PeriodControls, type Period } from '../components/dashboard/PeriodControls.tsx';
import { AsOf, DashboardView } from '../components/dashboard/DashboardView.tsx';
import { ReviewMeetingSection } from '../components/dashboard/ReviewMeeting.tsx';
import { ActionTable, ReviewActionsSection, type AgencyOption } from '../components/dashboard/ReviewActions.tsx';
import { areaName } from '../components/dashboard/DashboardTables.tsx';
import { lastEndedQuarter, nextFiscalQuarter, previousFiscalQuarter, readDashboardSearch } from '../components/dashboard/dashboard-logic.ts';
import type { ReviewPack } from '../../shared/dashboard-types.ts';
import '../components/dashboard/dashboard.css';

const WRITERS = ['admin', 'analyst'];

export function ReviewPage() {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const fallback = useMemo(() => lastEndedQuarter(new Date()), []);
  const [period, setPeriodState] = useState<Period>(() => {
    const s = readDashboardSearch(location.search, fallback);
    return { province: s.province, fy: s.fy, quarter: s.quarter };
  });
  const [live, setLive] = useState(() => new URLSearchParams(location.search).get('live') === 'true');
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; msg: Msg } | null>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const { data: provinces, error: provincesError } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const thisFy = useMemo(() => nextFiscalQuarter(fallback.fy, fallback.quarter).fy, [fallback]);
  const years = useMemo(() => Array.from({ length: 6 }, (_, k) => thisFy - k), [thisFy]);
  const { province, fy, quarter } = period;

  useEffect(() => {
    if (province || !provinces?.length) return;
    const own = me?.areaCodes[0]?.slice(0, 2);
    setPeriodState((p) => ({ ...p, province: provinces.find((x) => x.code === own)?.code ?? provinces[0].code }));
  }, [provinces, province, me]);
  useEffect(() => {
    if (!province) return;
    const url = location.pathname + query({ province, fy, quarter, live: live ? 'true' : null });
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  }, [province, fy, quarter, live]);

  const setPeriod = (p: Period) => {
    setPeriodState(p);
    setLive(false);
    setNotice(null);
  };
  const writer = !!me && WRITERS.includes(me.role) && (!me.areaCodes.length || me.areaCodes.some((c) => province.startsWith(c)));
  const canFreeze = writer && !!me && me.areaCodes.length === 0;

  const packUrl = province ? `/api/reviews/${province}/${fy}/${quarter}${live ? '?live=true' : ''}` : null;
  const pack = useApi<ReviewPack>(packUrl, reload);
  const agencies = useApi<{ items: AgencyOption[] }>(writer ? '/api/agencies' : null);
  const p = pack.data;
  const meeting = p?.meeting ?? null;
  const frozenAt = meeting?.packFrozenAt ?? null;
  const changed = (msg: Msg) => {
    setNotice({ kind: 'success', msg });
    setReload((n) => n + 1);
  };

  const freeze = async () => {
    dialogRef.current?.close();
    try {
      await api(`/api/reviews/${province}/${fy}/${quarter}/freeze`, { method: 'POST' });
      setLive(false);
      changed((x) => x.t('reviewFrozenOk'));
    } catch (err) {
      setNotice({ kind: 'error', msg: (x) => errorText(err, x) });
    }
  };
  const openDashboard = (code: string) =>
    navigate(`/dashboard${query({ province, fy, quarter, area: code.length > 2 ? code : null })}`);
  const step = (to: { fy: number; quarter: number }) => setPeriod({ province, ...to });

  return (
    <div className="dash-page review-page" ref={pageRef}>
      <Page title={t('reviewTitle')} wide>
        <p className="page-intro no-print">{t('reviewIntro')}</p>
        {provincesError ? <Alert kind="error">{errorText(provincesError, i)}</Alert> : null}
        {provinces && province && (
          <PeriodControls provinces={provinces} value={period} years={years} onChange={setPeriod} fullscreenTarget={() => pageRef.current}>
            <div className="dash-steps">
              <button type="button" className="btn" onClick={() => step(previousFiscalQuarter(fy, quarter))}>
                {t('reviewPrev')}
              </button>
              <button type="button" className="btn" onClick={() => step(nextFiscalQuarter(fy, quarter))}>
                {t('reviewNext')}
              </button>
            </div>
          </PeriodControls>
        )}
        {pack.error ? <Alert kind="error">{errorText(pack.error, i)}</Alert> : null}
        {p && (
          <>
            <div className="dash-head">
              <p className="dash-pack-title">
                <strong>{areaName(i, p.dashboard.province)}</strong> · <strong>{i.fiscalQuarter(fy, quarter)}</strong> · <AsOf d={p.dashboard} />
              </p>
              <p className="print-only small muted">{t('reviewPrintedOn', { date: i.date(new Date(), { long: true, time: true }) })}</p>
            </div>
            <div className={`dash-pack-state${p.frozen ? ' dash-pack-frozen' : ''}`} role="status">
              <span>
                {p.frozen
                  ? meeting?.packFrozenBy
                    ? t('reviewFrozenBy', { date: i.date(frozenAt!, { long: true, time: true }), by: meeting.packFrozenBy })
                    : t('reviewFrozen', { date: i.date(frozenAt!, { long: true, time: true }) })
                  : frozenAt && live
                    ? t('reviewLiveOfFrozen')
                    : frozenAt
                      ? t('reviewFrozenHidden')
                      : t('reviewNotFrozen')}
              </span>
              <span className="dash-pack-buttons no-print">
                {frozenAt && (p.frozen || live) && (
                  <button type="button" className="btn btn-small" onClick={() => setLive(!live)}>
                    {live ? t('reviewShowFrozen') : t('reviewShowLive')}
                  </button>
                )}
                {canFreeze && !frozenAt && (
                  <>
                    <button type="button" className="btn btn-small btn-primary" disabled={!meeting} onClick={() => dialogRef.current?.showModal()}>
                      {t('reviewFreeze')}
                    </button>
                    {!meeting && <span className="small muted">{t('reviewFreezeNeedsMeeting')}</span>}
                  </>
                )}
              </span>
            </div>
            {notice && (
              <div className="no-print">
                <Alert kind={notice.kind}>{notice.msg(i)}</Alert>
              </div>
            )}
            {!writer && <p className="muted small no-print">{t('reviewWritersOnly')}</p>}

            <ReviewMeetingSection key={`${province}-${fy}-${quarter}`} province={province} fy={fy} quarter={quarter} meeting={meeting} writer={writer} onSaved={() => setReload((n) => n + 1)} />

            <section className="dash-section dash-carried" aria-labelledby="review-carried-title">
              <h2 id="review-carried-title">{t('reviewCarriedTitle')}</h2>
              <p className="muted small">{t('reviewCarriedIntro')}</p>
              <ActionTable
                items={p.carried}
                empty={t('reviewCarriedNone')}
                carried
                writer={writer}
                agencies={agencies.data?.items ?? []}
                onChanged={changed}
                label={t('reviewCarriedTitle')}
              />
            </section>

            <section className="dash-section dash-situation" aria-labelledby="review-situation-title">
              <h2 id="review-situation-title" className="dash-part-title">
                {t('reviewSituation')}
              </h2>
              <p className="no-print">
                <button type="button" className="btn-link" onClick={() => openDashboard(province)}>
                  {t('reviewOpenDashboard')}
                </button>
              </p>
              <DashboardView d={p.dashboard} categories={categories ?? []} onDrill={openDashboard} showLate />
            </section>

            <ReviewActionsSection province={province} fy={fy} quarter={quarter} actions={p.actions} writer={writer} agencies={agencies.data?.items ?? []} onChanged={changed} />
          </>
        )}
        {!p && pack.loading && <p className="muted">{t('dashboardLoading')}</p>}

        <dialog ref={dialogRef} className="dash-dialog" aria-labelledby="review-freeze-title">
          <h2 id="review-freeze-title">{t('reviewFreezeTitle')}</h2>
          <p>{t('reviewFreezeText', { quarter: i.fiscalQuarter(fy, quarter) })}</p>
          <p className="alert alert-warning">{t('reviewFreezeWarning')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => void freeze()}>
              {t('reviewFreezeConfirm')}
            </button>
            <button type="button" className="btn" onClick={() => dialogRef.current?.close()}>
              {t('reviewCancel')}
            </button>
          </div>
        </dialog>
      </Page>
    </div>
  );
}
