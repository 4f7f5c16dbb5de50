/**
 * The analysis profile editor of the analysis page: create a named profile (empty, or a copy of
 * any profile, presets included), edit or delete one the users made, with the weights of the
 * components and of the problem categories entered directly or derived from pairwise comparisons
 * (AHP), whose weights and consistency ratio are recomputed in the browser at every change.
 * Saving is refused here, with the comparison to revise, when CR > 0.10; the server checks again.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, type Category } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { Alert } from '../common.tsx';
import { DEFAULT_COMPONENTS } from '../../../shared/priority.ts';
import { MAX_CONSISTENCY_RATIO, formatJudgment, nearestSaatyValue } from '../../../shared/ahp.ts';
import {
  SAATY_VALUES, blockAnalysis, checkForm, formBody, formFromProfile, parseWeight, profileApiProblem,
  type FormProblem, type FullProfile, type ProfileForm, type WeightBlock,
} from './profile-form.ts';

type Level = 'components' | 'categories';

/** The sentence of a problem of the form, in the current language. */
export function problemText(p: FormProblem, i: I18n): string {
  const params = { ...p.params };
  if (params.level === 'components') params.level = i.t('profileLevelComponents');
  if (params.level === 'categories') params.level = i.t('profileLevelCategories');
  return i.t(p.key, params);
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(Math.log(a / b)) < 1e-6;
}

function WeightBlockEditor(props: {
  level: Level;
  block: WeightBlock;
  label(id: string): string;
  highlight: { row: number; column: number } | null;
  onChange(b: WeightBlock): void;
}) {
  const { level, block, label, highlight, onChange } = props;
  const i = useI18n();
  const { t, num } = i;
  const analysis = useMemo(() => (block.mode === 'ahp' ? blockAnalysis(block) : null), [block]);
  const direct = block.items.map((id) => parseWeight(block.direct[id] ?? '') ?? 0);
  const directSum = direct.reduce((s, v) => s + v, 0);
  const inconsistent = analysis ? !analysis.consistent : false;
  const worst = inconsistent && analysis?.worst ? { row: analysis.worst.row, column: analysis.worst.column } : highlight;
  const setUpper = (row: number, column: number, v: number) =>
    onChange({ ...block, upper: block.upper.map((r, ri) => (ri === row ? r.map((x, k) => (row + 1 + k === column ? v : x)) : r)) });

  return (
    <fieldset className={`profile-weights profile-weights-${level}`}>
      <legend>{t(level === 'components' ? 'profileLevelComponents' : 'profileLevelCategories')}</legend>
      <div className="profile-mode" role="group" aria-label={t(level === 'components' ? 'profileLevelComponents' : 'profileLevelCategories')}>
        <button type="button" aria-pressed={block.mode === 'direct'} onClick={() => onChange({ ...block, mode: 'direct' })}>
          {t('profileModeDirect')}
        </button>
        <button type="button" aria-pressed={block.mode === 'ahp'} onClick={() => onChange({ ...block, mode: 'ahp' })}>
          {t('profileModeAhp')}
        </button>
      </div>
      {block.mode === 'direct' ? (
        <>
          <p className="muted profile-hint">{t('profileDirectHint')}</p>
          <table className="table profile-direct">
            <tbody>
              {block.items.map((id, k) => (
                <tr key={id}>
                  <th scope="row">
                    <label htmlFor={`w-${level}-${id}`}>{label(id)}</label>
                  </th>
                  <td>
                    <input
                      id={`w-${level}-${id}`}
                      name={`w-${level}-${id}`}
                      inputMode="decimal"
                      value={block.direct[id] ?? ''}
                      onChange={(e) => onChange({ ...block, direct: { ...block.direct, [id]: e.target.value } })}
                    />
                  </td>
                  <td className="num profile-share">{directSum > 0 ? `${num((direct[k] / directSum) * 100, 1)}%` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <>
          <p className="muted profile-hint">{t('profileAhpHint')}</p>
          <div className="table-wrap">
            <table className="table profile-ahp" data-level={level}>
              <thead>
                <tr>
                  <th scope="col" />
                  {block.items.map((id) => (
                    <th key={id} scope="col">
                      {label(id)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('profileWeightCol')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {block.items.map((rowId, r) => (
                  <tr key={rowId}>
                    <th scope="row">{label(rowId)}</th>
                    {block.items.map((colId, c) => {
                      const hot = worst && ((worst.row === r && worst.column === c) || (worst.row === c && worst.column === r));
                      if (r === c) return <td key={colId} className="ahp-diag">1</td>;
                      if (c < r) {
                        return (
                          <td key={colId} className={`ahp-recip${hot ? ' ahp-revise' : ''}`}>
                            {formatJudgment(1 / block.upper[c][r - c - 1])}
                          </td>
                        );
                      }
                      const v = block.upper[r][c - r - 1];
                      return (
                        <td key={colId} className={hot ? 'ahp-revise' : undefined}>
                          <select
                            name={`ahp-${level}-${r}-${c}`}
                            aria-label={t('profileAhpCellLabel', { a: label(rowId), b: label(colId) })}
                            value={formatJudgment(SAATY_VALUES.find((s) => sameValue(s, v)) ?? 1)}
                            onChange={(e) => setUpper(r, c, SAATY_VALUES.find((s) => formatJudgment(s) === e.target.value) ?? 1)}
                          >
                            {SAATY_VALUES.map((s, k) => (
                              <option key={k} value={formatJudgment(s)}>
                                {formatJudgment(s)}
                              </option>
                            ))}
                          </select>
                        </td>
                      );
                    })}
                    <td className="num profile-ahp-weight">{analysis ? `${num(analysis.weights[r] * 100, 1)}%` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted profile-hint">{t('profileAhpScale')}</p>
          {analysis && (
            <p className={`profile-cr ${inconsistent ? 'profile-cr-bad' : 'profile-cr-ok'}`} aria-live="polite">
              <strong>{t('profileCr', { cr: analysis.cr.toFixed(3) })}</strong>{' '}
              {analysis.n <= 2 ? t('profileCrNone') : inconsistent ? t('profileCrBad') : t('profileCrOk')}
            </p>
          )}
          {analysis && inconsistent && analysis.worst && (
            <p className="profile-cr-hint">
              {problemText(
                {
                  key: 'profileErrInconsistent',
                  params: {
                    level,
                    cr: analysis.cr.toFixed(3),
                    max: MAX_CONSISTENCY_RATIO.toFixed(2),
                    a: label(block.items[analysis.worst.row]),
                    b: label(block.items[analysis.worst.column]),
                    given: formatJudgment(analysis.worst.given),
                    implied: formatJudgment(analysis.worst.implied),
                    suggest: formatJudgment(nearestSaatyValue(analysis.worst.implied)),
                  },
                },
                i,
              )}
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}

/**
 * The profile panel: what can be done with the profile chosen on the page (copy it; edit or
 * delete it when a user made it), and the form.
 */
export function ProfileEditor(props: {
  profiles: FullProfile[];
  categories: Category[];
  /** The profile chosen in the analysis form. */
  selectedId: number | null;
  onSaved(p: FullProfile): void;
  onDeleted(id: number): void;
}) {
  const { profiles, categories, selectedId, onSaved, onDeleted } = props;
  const i = useI18n();
  const { t } = i;
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const componentIds = useMemo(() => [...DEFAULT_COMPONENTS.keys()], []);
  const active = useMemo(() => categories.filter((c) => c.active).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code)), [categories]);
  const categoryIds = useMemo(() => active.map((c) => c.code), [active]);
  const selected = profiles.find((p) => p.id === selectedId) ?? null;
  const name = (p: { nameTh: string; nameEn: string }) => (i.lang === 'th' ? p.nameTh : p.nameEn);
  const label = (level: Level) => (id: string) => {
    if (level === 'components') {
      const d = DEFAULT_COMPONENTS.get(id);
      return d ? (i.lang === 'th' ? d.labelTh : d.labelEn) : id;
    }
    const c = categories.find((x) => x.code === id);
    return c ? i.label(c) : id;
  };

  const open = (source: FullProfile | null, edit: boolean) => {
    setForm(formFromProfile(source, componentIds, categoryIds, { th: t('profileCopyOfTh'), en: t('profileCopyOfEn') }, edit));
    setProblems([]);
    setNotice(null);
    setConfirmDelete(false);
    setDeleteError(null);
  };

  const update = (patch: Partial<ProfileForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setProblems([]);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const found = checkForm(form, (level, id) => label(level)(id));
    setProblems(found);
    if (found.length) return;
    setSaving(true);
    try {
      const body = formBody(form);
      const saved = form.editingId
        ? await api<FullProfile>(`/api/analysis/profiles/${form.editingId}`, { method: 'PATCH', json: body })
        : await api<FullProfile>('/api/analysis/profiles', { method: 'POST', json: body });
      setForm(null);
      setNotice(t('profileSaved', { name: name(saved) }));
      onSaved(saved);
    } catch (err) {
      setProblems([profileApiProblem(err)]);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!selected) return;
    try {
      await api(`/api/analysis/profiles/${selected.id}`, { method: 'DELETE' });
      setConfirmDelete(false);
      setForm(null);
      setNotice(t('profileDeleted', { name: name(selected) }));
      onDeleted(selected.id);
    } catch (err) {
      const p = profileApiProblem(err);
      setDeleteError(p.key === 'profileErrSave' ? t('profileErrDelete', { message: err instanceof ApiError ? err.message : String(err) }) : problemText(p, i));
    }
  };

  const highlight = (level: Level) => problems.find((p) => p.block === level && p.cell)?.cell ?? null;

  return (
    <section className="profile-editor" aria-labelledby="profile-editor-title">
      <h2 id="profile-editor-title">{t('profileEditorTitle')}</h2>
      <p className="muted">{t('profileEditorIntro')}</p>
      <div className="profile-actions">
        <button type="button" className="btn" onClick={() => open(null, false)}>
          {t('profileNew')}
        </button>
        {selected && (
          <button type="button" className="btn" onClick={() => open(selected, false)}>
            {t('profileCopy')}: {name(selected)}
          </button>
        )}
        {selected && !selected.preset && (
          <>
            <button type="button" className="btn" onClick={() => open(selected, true)}>
              {t('profileEdit')}
            </button>
            {confirmDelete ? (
              <>
                <button type="button" className="btn btn-danger" onClick={() => void remove()}>
                  {t('profileDeleteConfirm', { name: name(selected) })}
                </button>
                <button type="button" className="btn btn-quiet" onClick={() => setConfirmDelete(false)}>
                  {t('profileDeleteCancel')}
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-quiet" onClick={() => setConfirmDelete(true)}>
                {t('profileDelete')}
              </button>
            )}
          </>
        )}
      </div>
      {selected?.preset && <p className="muted profile-preset-note">{t('profilePresetNote')}</p>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {deleteError && <Alert kind="error">{deleteError}</Alert>}

      {form && (
        <form className="profile-form" onSubmit={(e) => void save(e)} noValidate>
          <h3>{form.editingId ? t('profileFormEditTitle', { name: form.nameTh }) : t('profileFormNewTitle')}</h3>
          {form.droppedCategories.length > 0 && (
            <Alert kind="warning">{t('profileDroppedCategories', { categories: form.droppedCategories.join(', ') })}</Alert>
          )}
          <div className="profile-fields">
            <label>
              <span>{t('profileNameTh')}</span>
              <input name="nameTh" value={form.nameTh} maxLength={200} onChange={(e) => update({ nameTh: e.target.value })} />
            </label>
            <label>
              <span>{t('profileNameEn')}</span>
              <input name="nameEn" value={form.nameEn} maxLength={200} lang="en" onChange={(e) => update({ nameEn: e.target.value })} />
            </label>
            <label>
              <span>{t('profileNormalisation')}</span>
              <select name="normalisation" value={form.normalisation} onChange={(e) => update({ normalisation: e.target.value as ProfileForm['normalisation'] })}>
                <option value="rank">{t('profileNormRank')}</option>
                <option value="minmax">{t('profileNormMinmax')}</option>
              </select>
            </label>
            <label>
              <span>{t('profileAggregation')}</span>
              <select name="aggregation" value={form.aggregation} onChange={(e) => update({ aggregation: e.target.value as ProfileForm['aggregation'] })}>
                <option value="weighted_sum">{t('profileAggWeighted')}</option>
                <option value="geometric_mean">{t('profileAggGeometric')}</option>
              </select>
            </label>
            <label title={t('profileHalfLifeHint')}>
              <span>{t('profileHalfLife')}</span>
              <input name="halfLife" inputMode="decimal" value={form.halfLife} onChange={(e) => update({ halfLife: e.target.value })} />
            </label>
            <label>
              <span>{t('profileTopN')}</span>
              <input name="topN" inputMode="numeric" value={form.topN} onChange={(e) => update({ topN: e.target.value })} />
            </label>
            <label className="profile-check">
              <input type="checkbox" name="ratePer1000" checked={form.ratePer1000} onChange={(e) => update({ ratePer1000: e.target.checked })} />
              <span>{t('profileRate')}</span>
            </label>
          </div>
          <WeightBlockEditor level="components" block={form.components} label={label('components')} highlight={highlight('components')} onChange={(b) => update({ components: b })} />
          <WeightBlockEditor level="categories" block={form.categories} label={label('categories')} highlight={highlight('categories')} onChange={(b) => update({ categories: b })} />
          {problems.length > 0 && (
            <Alert kind="error">
              <strong>{t('profileCannotSave')}</strong>
              <ul className="profile-problems">
                {problems.map((p, k) => (
                  <li key={k}>{problemText(p, i)}</li>
                ))}
              </ul>
            </Alert>
          )}
          <div className="profile-buttons">
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? t('profileSaving') : t('profileSave')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setForm(null)}>
              {t('profileCancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
