/**
 * The director's dashboard (/dashboard?province=98&fy=2568&quarter=2&area=9801): one page for the
 * director's desk and the meeting-room screen, full screen on request and printable on A4. The
 * question lives in the address, so a view is shared by copying the link; drilling down adds a
 * history entry, so the browser's Back goes up a level again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { query, type Area, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, Page } from '../components/common.tsx';
import { PeriodControls, type Period } from '../components/dashboard/PeriodControls.tsx';
import { AsOf, DashboardView } from '../components/dashboard/DashboardView.tsx';
import { Breadcrumb } from '../components/dashboard/DashboardTables.tsx';
import { currentFiscalQuarter, readDashboardSearch, type DashboardSearch } from '../components/dashboard/dashboard-logic.ts';
import type { Dashboard } from '../../shared/dashboard-types.ts';
import '../components/dashboard/dashboard.css';

function searchOf(s: DashboardSearch): string {
  return query({ province: s.province, fy: s.fy, quarter: s.quarter, area: s.area || null });
}

export function DashboardPage() {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const now = useMemo(() => currentFiscalQuarter(new Date()), []);
  const [state, setState] = useState<DashboardSearch>(() => readDashboardSearch(location.search, now));
  const { data: provinces, error: provincesError } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const pageRef = useRef<HTMLDivElement>(null);
  const years = useMemo(() => Array.from({ length: 6 }, (_, k) => now.fy - k), [now.fy]);

  // A user limited to some areas starts in their own province; everyone else in the first one.
  useEffect(() => {
    if (state.province || !provinces?.length) return;
    const own = me?.areaCodes[0]?.slice(0, 2);
    const province = provinces.find((p) => p.code === own)?.code ?? provinces[0].code;
    setState((s) => ({ ...s, province }));
  }, [provinces, state.province, me]);
  useEffect(() => {
    if (!state.province) return;
    const url = location.pathname + searchOf(state);
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  }, [state]);
  // Back and Forward walk the drill-down.
  useEffect(() => {
    const on = () => setState(readDashboardSearch(location.search, now));
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, [now]);

  const drill = (code: string) => {
    const next = { ...state, area: code.length > 2 ? code : '' };
    if (next.area === state.area) return;
    history.pushState(null, '', location.pathname + searchOf(next));
    setState(next);
  };
  const setPeriod = (p: Period) => setState((s) => ({ ...s, ...p, area: p.province === s.province ? s.area : '' }));

  const url = state.province ? `/api/dashboard${query({ province: state.province, fy: state.fy, quarter: state.quarter, area: state.area || null })}` : null;
  const dash = useApi<Dashboard>(url);
  const d = dash.data;

  return (
    <div className="dash-page" ref={pageRef}>
      <Page title={t('dashboardTitle')} wide>
        <p className="page-intro no-print">{t('dashboardIntro')}</p>
        {provincesError ? <Alert kind="error">{errorText(provincesError, i)}</Alert> : null}
        {provinces && provinces.length === 0 && <Alert kind="info">{t('dashboardNoProvince')}</Alert>}
        {provinces && provinces.length > 0 && state.province && (
          <PeriodControls provinces={provinces} value={state} years={years} onChange={setPeriod} fullscreenTarget={() => pageRef.current} />
        )}
        {dash.error ? <Alert kind="error">{errorText(dash.error, i)}</Alert> : null}
        {d && (
          <>
            <div className="dash-head">
              <Breadcrumb path={d.path} onDrill={drill} />
              <p className="dash-period">
                <strong>{i.fiscalQuarter(d.fiscalYear, d.quarter)}</strong> · <AsOf d={d} />
                {dash.loading && <span className="muted dash-loading"> · {t('dashboardLoading')}</span>}
              </p>
            </div>
            <DashboardView d={d} categories={categories ?? []} onDrill={drill} />
          </>
        )}
        {!d && dash.loading && <p className="muted">{t('dashboardLoading')}</p>}
      </Page>
    </div>
  );
}
