/**
 * Priority analysis (issue 3): pick a profile, a fiscal year or quarter and a province, run the
 * analysis, then read the ranked sub-districts, the map coloured by score or Gi* class, and one
 * area's explanation. Earlier runs can be reopened.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, query, type Area, type Bbox, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';
import { ApiError } from '../api.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { AnalysisMap, type ColourBy, type RunScores } from '../components/analysis/AnalysisMap.tsx';
import { ExplanationPanel } from '../components/analysis/ExplanationPanel.tsx';
import { ProfileEditor } from '../components/analysis/ProfileEditor.tsx';
import { MoranBadge, MoranLegend } from '../components/analysis/moran.tsx';
import { runApiProblem, type FullProfile } from '../components/analysis/profile-form.ts';
import { GI_COLORS, HOTSPOT_Z, SCORE_COLORS } from '../components/analysis/analysis-colors.ts';
import type { AreaResult, Explanation, RunMeta, RunView } from '../components/analysis/types.ts';

/** '2568' or '2568Q2' in words of the current language. */
export function periodText(label: string, i: I18n): string {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(label);
  if (!m) return label;
  return m[2] ? i.fiscalQuarter(Number(m[1]), Number(m[2])) : i.fiscalYear(Number(m[1]));
}

function runErrorText(err: unknown, i: I18n): string {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 403 && err.status !== 404) {
    // A known refusal reads as a Thai sentence; the server's own words follow for the record.
    const p = runApiProblem(err);
    return i.t('analysisError', { message: p ? i.t('profileRunDetail', { sentence: i.t(p.key, p.params), message: err.message }) : err.message });
  }
  return errorText(err, i);
}

interface TargetListMeta {
  id: number;
  version: number;
  status: 'draft' | 'submitted' | 'declared' | 'superseded';
}

/**
 * The sub-districts of the current target list for the run's province and fiscal year: the
 * declared one if any, else the newest version still being prepared.
 */
async function currentTargets(run: RunView): Promise<string[]> {
  const fy = Number(run.period.label.slice(0, 4));
  const province = run.provinces[0];
  if (!province || !Number.isInteger(fy)) return [];
  const { items } = await api<{ items: TargetListMeta[] }>(`/api/targets${query({ province, fiscalYear: fy })}`);
  const live = items.filter((l) => l.status !== 'superseded').sort((a, b) => b.version - a.version);
  const pick = live.find((l) => l.status === 'declared') ?? live[0];
  if (!pick) return [];
  const { areas } = await api<{ areas: Array<{ code: string; level: number }> }>(`/api/targets/${pick.id}`);
  return areas.filter((a) => a.level === 3).map((a) => a.code);
}

function Movement({ a }: { a: AreaResult }) {
  const { t, num } = useI18n();
  if (a.status === 'new') return <span className="move move-new">{t('analysisMoveNew')}</span>;
  const n = Math.abs(a.movement ?? 0);
  if (a.status === 'up') return <span className="move move-up" title={t('analysisMoveUp', { n: num(n) })}>▲ {num(n)}</span>;
  if (a.status === 'down') return <span className="move move-down" title={t('analysisMoveDown', { n: num(n) })}>▼ {num(n)}</span>;
  return <span className="move move-same" title={t('analysisMoveSame')}>–</span>;
}

export function AnalysisPage() {
  const i = useI18n();
  const { t, num } = i;
  const { config } = useSession();
  const [profilesReload, setProfilesReload] = useState(0);
  const { data: profiles, error: profilesError } = useApi<FullProfile[]>('/api/analysis/profiles', profilesReload);
  const { data: provinces } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const [historyReload, setHistoryReload] = useState(0);
  const { data: history } = useApi<{ total: number; items: RunMeta[] }>('/api/analysis/runs?limit=20', historyReload);

  const thisFy = fiscalYearOf(new Date());
  const years = useMemo(() => Array.from({ length: 6 }, (_, k) => thisFy - k), [thisFy]);
  const [profileId, setProfileId] = useState<number | null>(null);
  const [fy, setFy] = useState(thisFy - 1);
  const [quarter, setQuarter] = useState(0);
  const [province, setProvince] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [run, setRun] = useState<RunView | null>(null);
  const [scores, setScores] = useState<RunScores | null>(null);
  const [colourBy, setColourBy] = useState<ColourBy>('score');
  const [selected, setSelected] = useState<string | null>(null);
  const [explain, setExplain] = useState<Explanation | null>(null);
  const [focus, setFocus] = useState<Bbox | null>(null);
  const [targets, setTargets] = useState<string[]>([]);

  useEffect(() => {
    if (profileId === null && profiles?.length) setProfileId((profiles.find((p) => p.name === 'security_first') ?? profiles[0]).id);
  }, [profiles, profileId]);
  useEffect(() => {
    if (!province && provinces?.length) setProvince(provinces[0].code);
  }, [provinces, province]);

  const showRun = useCallback(async (view: RunView) => {
    setRun(view);
    setSelected(null);
    setExplain(null);
    setFocus(null);
    setTargets([]);
    setScores(await api<RunScores>(`/api/analysis/runs/${encodeURIComponent(view.id)}/scores`));
    setTargets(await currentTargets(view).catch(() => []));
  }, []);

  const onRun = async () => {
    if (profileId === null || !province) return;
    setRunning(true);
    setError(null);
    try {
      const period = quarter ? `${fy}Q${quarter}` : String(fy);
      const view = await api<RunView>('/api/analysis/runs', { method: 'POST', json: { profileId, period, provinces: [province] } });
      await showRun(view);
      setHistoryReload((n) => n + 1);
    } catch (err) {
      setError({ msg: (x) => runErrorText(err, x) });
    } finally {
      setRunning(false);
    }
  };

  const openRun = async (id: string) => {
    setError(null);
    try {
      await showRun(await api<RunView>(`/api/analysis/runs/${encodeURIComponent(id)}`));
    } catch (err) {
      setError({ msg: (x) => runErrorText(err, x) });
    }
  };

  const select = useCallback(
    (code: string, fromTable = false) => {
      if (!run) return;
      setSelected(code);
      if (fromTable) {
        api<Area>(`/api/areas/${encodeURIComponent(code)}`)
          .then((a) => setFocus(a.bbox))
          .catch(() => undefined); // The panel still opens; the map just does not move.
      }
      api<Explanation>(`/api/analysis/runs/${encodeURIComponent(run.id)}/areas/${encodeURIComponent(code)}`)
        .then(setExplain)
        .catch((err) => setError({ msg: (x) => runErrorText(err, x) }));
    },
    [run],
  );

  const runProvince = run ? provinces?.find((p) => p.code === run.provinces[0]) : undefined;
  const bbox = runProvince?.bbox ?? provinces?.find((p) => p.code === province)?.bbox ?? null;
  const profileName = (id: number | null, fallback: string) => {
    const p = profiles?.find((x) => x.id === id);
    return p ? (i.lang === 'th' ? p.nameTh : p.nameEn) : fallback;
  };

  return (
    <Page title={t('analysisTitle')} intro={t('analysisIntro')} wide>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onRun();
        }}
      >
        <label>
          <span>{t('analysisProfile')}</span>
          <select name="profile" value={profileId ?? ''} onChange={(e) => setProfileId(Number(e.target.value))}>
            {(profiles ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {i.lang === 'th' ? p.nameTh : p.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('analysisFiscalYear')}</span>
          <select name="fiscalYear" value={fy} onChange={(e) => setFy(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {i.fiscalYear(y)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('analysisPeriodKind')}</span>
          <select name="quarter" value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
            <option value={0}>{t('analysisYear')}</option>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {t('analysisQuarter', { q })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('analysisProvince')}</span>
          <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
            {(provinces ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={running || profileId === null || !province}>
          {running ? t('analysisRunning') : t('analysisRun')}
        </button>
      </form>
      {profilesError ? <Alert kind="error">{errorText(profilesError, i)}</Alert> : null}
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      <ProfileEditor
        profiles={profiles ?? []}
        categories={categories ?? []}
        selectedId={profileId}
        onSaved={(p) => {
          setProfilesReload((n) => n + 1);
          setProfileId(p.id);
        }}
        onDeleted={() => {
          setProfilesReload((n) => n + 1);
          setProfileId(null);
        }}
      />

      <div className="analysis-grid">
        <div className="analysis-left">
          {run ? (
            <>
              <p className="analysis-summary">
                <strong>{profileName(run.profileId, run.profileName)}</strong> ·{' '}
                {t('analysisSummary', { period: periodText(run.period.label, i), n: num(run.areaCount), incidents: num(run.incidentCount) })}
              </p>
              <p className="analysis-to-targets">
                <Link href={`/targets?fromRun=${encodeURIComponent(run.id)}`} className="btn btn-small">
                  {t('targetsFromRunLink')}
                </Link>
              </p>
              {run.warnings.length > 0 && (
                <Alert kind="warning">
                  <strong>{t('analysisWarnings')}</strong>
                  <ul className="analysis-warnings">
                    {run.warnings.map((w) => (
                      <li key={w.code}>{t('analysisWarningItem', { message: w.message })}</li>
                    ))}
                  </ul>
                </Alert>
              )}
              <h2>{t('analysisTopTitle', { n: num(run.top.length) })}</h2>
              <div className="table-wrap analysis-table-wrap">
                <table className="table analysis-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('analysisColRank')}</th>
                      <th scope="col">{t('analysisColArea')}</th>
                      <th scope="col" className="num">
                        {t('analysisColScore')}
                      </th>
                      <th scope="col">{t('analysisColMove')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.top.map((a) => (
                      <tr
                        key={a.code}
                        className={a.code === selected ? 'selected' : undefined}
                        tabIndex={0}
                        onClick={() => select(a.code, true)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            select(a.code, true);
                          }
                        }}
                      >
                        <td className="num">{num(a.rank)}</td>
                        <td>
                          {i.name(a)}
                          {a.hotspotZ >= HOTSPOT_Z && (
                            <span className="badge badge-hot" title={t('analysisHotspotHint')}>
                              {t('analysisHotspot')}
                            </span>
                          )}
                          <MoranBadge a={a} />
                        </td>
                        <td className="num">{num(a.score, 3)}</td>
                        <td>
                          <Movement a={a} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">{t('analysisNoRun')}</p>
          )}
        </div>
        <div className="analysis-right">
          <div className="analysis-map-bar" role="group" aria-label={t('analysisColourBy')}>
            <span>{t('analysisColourBy')}</span>
            <button type="button" aria-pressed={colourBy === 'score'} onClick={() => setColourBy('score')}>
              {t('analysisByScore')}
            </button>
            <button type="button" aria-pressed={colourBy === 'gi'} onClick={() => setColourBy('gi')}>
              {t('analysisByHotspot')}
            </button>
            <button type="button" aria-pressed={colourBy === 'moran'} onClick={() => setColourBy('moran')}>
              {t('moranByCluster')}
            </button>
          </div>
          <AnalysisMap
            boundaryVersion={config.boundaryVersion}
            bbox={bbox}
            scores={scores}
            colourBy={colourBy}
            selected={selected}
            focus={focus}
            targets={targets}
            onSelect={select}
            label={t('analysisTitle')}
          />
          <div className="analysis-legend">
            {colourBy === 'score' ? (
              <>
                <span>{t('analysisLegendLow')}</span>
                {SCORE_COLORS.map((c) => (
                  <span key={c} className="swatch" style={{ background: c }} />
                ))}
                <span>{t('analysisLegendHigh')}</span>
              </>
            ) : colourBy === 'moran' ? (
              <MoranLegend skipped={run?.hotspot?.moranSkipped} notStored={!!run?.hotspot && !('moranSkipped' in run.hotspot)} />
            ) : (
              [t('analysisGiCold'), t('analysisGiNone'), t('analysisGiHot'), t('analysisGiHot99')].map((l, k) => (
                <span key={l} className="legend-item">
                  <span className="swatch" style={{ background: GI_COLORS[k] }} /> {l}
                </span>
              ))
            )}
            {targets.length > 0 && (
              <span className="legend-item">
                <span className="swatch swatch-target" /> {t('analysisTargetLegend')}
              </span>
            )}
          </div>
          {explain && <ExplanationPanel data={explain} categories={categories ?? []} onClose={() => { setExplain(null); setSelected(null); }} />}
        </div>
      </div>

      <section className="analysis-history">
        <h2>{t('analysisHistory')}</h2>
        {history && history.items.length === 0 && <p className="muted">{t('analysisHistoryEmpty')}</p>}
        {history && history.items.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('analysisColDate')}</th>
                  <th scope="col">{t('analysisProfile')}</th>
                  <th scope="col">{t('analysisColPeriod')}</th>
                  <th scope="col">{t('analysisProvince')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {history.items.map((r) => (
                  <tr key={r.id} className={run?.id === r.id ? 'selected' : undefined}>
                    <td>{i.date(r.createdAt, { time: true })}</td>
                    <td>{profileName(r.profileId, r.profileName)}</td>
                    <td>{periodText(r.period.label, i)}</td>
                    <td>{r.provinces.map((c) => { const p = provinces?.find((x) => x.code === c); return p ? i.name(p) : c; }).join(', ')}</td>
                    <td>
                      <button type="button" className="btn btn-quiet" onClick={() => void openRun(r.id)}>
                        {t('analysisOpen')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
