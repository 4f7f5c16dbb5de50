/**
 * Creates a draft target list: empty (areas are added one by one afterwards) or from a stored
 * analysis run, taking its top N and/or the areas above a score, by overall score or per category.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, type Area, type Category } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import type { AnalysisProfile, RunMeta } from '../analysis/types.ts';
import { actionErrorText } from './target-text.ts';
import type { TargetListWithAreas } from './types.ts';

type Source = 'empty' | 'run';

/** '2568' or '2568Q2' as words of the current language. */
function periodWords(label: string, i: ReturnType<typeof useI18n>): string {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(label);
  if (!m) return label;
  return m[2] ? i.fiscalQuarter(Number(m[1]), Number(m[2])) : i.fiscalYear(Number(m[1]));
}

/** The create form; `fromRun` preselects a run (the link from the analysis page). */
export function CreateTargetForm(props: {
  provinces: Area[];
  categories: Category[];
  years: number[];
  province: string;
  fiscalYear: number;
  fromRun: string | null;
  onCreated(created: TargetListWithAreas): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const { data: runs } = useApi<{ total: number; items: RunMeta[] }>('/api/analysis/runs?limit=50');
  const { data: profiles } = useApi<AnalysisProfile[]>('/api/analysis/profiles');
  const profileName = (r: RunMeta) => {
    const p = profiles?.find((x) => x.id === r.profileId);
    return p ? (i.lang === 'th' ? p.nameTh : p.nameEn) : r.profileName;
  };
  const active = useMemo(() => props.categories.filter((c) => c.active), [props.categories]);
  const [source, setSource] = useState<Source>(props.fromRun ? 'run' : 'empty');
  const [chosenProvince, setProvince] = useState(props.province);
  const [chosenFy, setFy] = useState(props.fiscalYear);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [runId, setRunId] = useState(props.fromRun ?? '');
  const [top, setTop] = useState('20');
  const [minScore, setMinScore] = useState('');
  const [perCategory, setPerCategory] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg; field?: string } | null>(null);

  useEffect(() => {
    if (chosen.length === 0 && active.length) setChosen(active.map((c) => c.code));
    // Only when the categories arrive: afterwards an empty choice is the user's.
  }, [active]);

  const run = runs?.items.find((r) => r.id === runId);
  // A run fixes the province and the fiscal year of the list it proposes: read from the run in the
  // same render that shows it (an effect would show the run for one frame with the old year).
  const runYear = source === 'run' && run ? Number(run.period.label.slice(0, 4)) : NaN;
  const fy = Number.isInteger(runYear) ? runYear : chosenFy;
  const province = source === 'run' && run?.provinces[0] ? run.provinces[0] : chosenProvince;

  const yearOptions = useMemo(() => [...new Set([...props.years, fy])].sort((a, b) => b - a), [props.years, fy]);
  const provinceName = (code: string) => {
    const p = props.provinces.find((x) => x.code === code);
    return p ? i.name(p) : code;
  };

  const submit = async () => {
    setError(null);
    const body: Record<string, unknown> = { provinceCode: province, fiscalYear: fy };
    if (title.trim()) body.title = title.trim();
    if (reason.trim()) body.reason = reason.trim();
    if (!province) return setError({ msg: (x) => x.t('targetsErrPickProvince'), field: 'province' });
    if (source === 'run') {
      if (!runId) return setError({ msg: (x) => x.t('targetsErrPickRun'), field: 'run' });
      const topN = top.trim() ? Number(top) : undefined;
      const min = minScore.trim() ? Number(minScore.replace(',', '.')) : undefined;
      if (topN !== undefined && (!Number.isInteger(topN) || topN < 1)) return setError({ msg: (x) => x.t('targetsErrTop'), field: 'top' });
      if (min !== undefined && !Number.isFinite(min)) return setError({ msg: (x) => x.t('targetsErrMinScore'), field: 'minScore' });
      if (topN === undefined && min === undefined) return setError({ msg: (x) => x.t('targetsErrRule'), field: 'top' });
      if (chosen.length === 0) return setError({ msg: (x) => x.t('targetsErrPickCategory'), field: 'categories' });
      body.fromRun = { runId: Number(runId), top: topN, minScore: min, categories: chosen, perCategory };
    }
    setBusy(true);
    try {
      props.onCreated(await api<TargetListWithAreas>('/api/targets', { method: 'POST', json: body }));
    } catch (err) {
      setError({ msg: (x) => actionErrorText(err, 'targetsErrCreate', x) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (code: string) => setChosen((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code]));

  return (
    <form
      className="card card-form targets-create"
      aria-labelledby="targets-create-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="targets-create-title">{t('targetsCreateTitle')}</h2>
      <fieldset className="targets-source">
        <legend>{t('targetsCreateSource')}</legend>
        <label className="check">
          <input type="radio" name="source" value="empty" checked={source === 'empty'} onChange={() => setSource('empty')} />
          {t('targetsSourceEmpty')}
        </label>
        <label className="check">
          <input type="radio" name="source" value="run" checked={source === 'run'} onChange={() => setSource('run')} />
          {t('targetsSourceRun')}
        </label>
      </fieldset>

      {source === 'run' && (
        <div className="form-grid targets-run-rule">
          <label className="field field-wide">
            <span>{t('targetsRun')}</span>
            <select name="runId" value={runId} aria-invalid={error?.field === 'run'} onChange={(e) => setRunId(e.target.value)}>
              <option value="">{t('targetsRunChoose')}</option>
              {(runs?.items ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {t('targetsRunOption', {
                    id: r.id,
                    profile: profileName(r),
                    period: periodWords(r.period.label, i),
                    province: r.provinces.map(provinceName).join(', '),
                    date: i.date(r.createdAt, { time: true }),
                  })}
                </option>
              ))}
              {runId && runs && !run && <option value={runId}>{t('targetsRunNumber', { id: runId })}</option>}
            </select>
            {runs && runs.items.length === 0 && <span className="hint">{t('targetsNoRuns')}</span>}
          </label>
          <label className="field">
            <span>{t('targetsTop')}</span>
            <input type="text" inputMode="numeric" name="top" value={top} aria-invalid={error?.field === 'top'} onChange={(e) => setTop(e.target.value)} />
            <span className="hint">{t('targetsTopHint')}</span>
          </label>
          <label className="field">
            <span>{t('targetsMinScore')}</span>
            <input type="text" inputMode="decimal" name="minScore" value={minScore} aria-invalid={error?.field === 'minScore'} onChange={(e) => setMinScore(e.target.value)} />
            <span className="hint">{t('targetsMinScoreHint')}</span>
          </label>
          <fieldset className="field-wide targets-inline-set">
            <legend>{t('targetsRankBy')}</legend>
            <label className="check">
              <input type="radio" name="perCategory" checked={!perCategory} onChange={() => setPerCategory(false)} />
              {t('targetsRankOverall')}
            </label>
            <label className="check">
              <input type="radio" name="perCategory" checked={perCategory} onChange={() => setPerCategory(true)} />
              {t('targetsRankPerCategory')}
            </label>
          </fieldset>
          <fieldset className="field-wide targets-cats" aria-invalid={error?.field === 'categories'}>
            <legend>{t('targetsCategoriesFor')}</legend>
            <div className="targets-cat-checks">
              {active.map((c) => (
                <label key={c.code} className="check">
                  <input type="checkbox" name="category" value={c.code} checked={chosen.includes(c.code)} onChange={() => toggle(c.code)} />
                  <span className="cat-dot" style={{ background: c.color }} aria-hidden="true" />
                  {i.label(c)}
                </label>
              ))}
            </div>
            <span className="hint">{perCategory ? t('targetsCategoriesHintPer') : t('targetsCategoriesHintOverall')}</span>
          </fieldset>
        </div>
      )}

      <div className="form-grid">
        <label className="field">
          <span>{t('targetsProvince')}</span>
          <select name="provinceCode" value={province} disabled={source === 'run' && !!run} onChange={(e) => setProvince(e.target.value)}>
            {props.provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('targetsFiscalYear')}</span>
          <select name="fiscalYear" value={fy} disabled={source === 'run' && !!run} onChange={(e) => setFy(Number(e.target.value))}>
            {yearOptions.map((y) => (
              <option key={y} value={y}>
                {i.fiscalYear(y)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span>{t('targetsTitleField')}</span>
          <input type="text" name="title" maxLength={300} value={title} placeholder={t('targetsTitlePlaceholder', { fy })} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field field-wide">
          <span>{t('targetsCreateReason')}</span>
          <textarea name="reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          <span className="hint">{t('targetsCreateReasonHint')}</span>
        </label>
      </div>
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('targetsSaving') : t('targetsCreateSubmit')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('targetsCancel')}
        </button>
      </div>
    </form>
  );
}
