/**
 * The areas of one target list: the table (code, name, district, categories, reason, rank and
 * score from the run, who added it and when) and, for writers while the list is a draft, adding
 * a sub-district or village, changing its categories or reason, and removing it with a reason.
 */
import { useState } from 'react';
import { api, type AreaSearchHit, type Category } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { AreaSearch } from '../AreaSearch.tsx';
import { Alert, type Msg } from '../common.tsx';
import { actionErrorText } from './target-text.ts';
import { ByAt } from './TargetWorkflow.tsx';
import type { TargetArea } from './types.ts';

/** Category chips, coloured like the map. */
export function CategoryChips({ codes, categories, kind }: { codes: string[]; categories: Category[]; kind?: 'added' | 'removed' }) {
  const i = useI18n();
  const active = categories.filter((c) => c.active);
  // Twelve chips on every row hide the areas that differ: a list of every category is one chip.
  if (!kind && active.length > 2 && active.every((c) => codes.includes(c.code)) && codes.length === active.length) {
    return (
      <span className="target-chips">
        <span className="target-chip target-chip-all">{i.t('targetsEveryCategory', { n: i.num(active.length) })}</span>
      </span>
    );
  }
  return (
    <span className="target-chips">
      {codes.map((code) => {
        const c = categories.find((x) => x.code === code);
        return (
          <span key={code} className={`target-chip${kind ? ` target-chip-${kind}` : ''}`} style={c ? { borderColor: c.color } : undefined}>
            <span className="cat-dot" style={{ background: c?.color ?? '#999' }} aria-hidden="true" />
            {kind === 'added' ? '+ ' : kind === 'removed' ? '− ' : ''}
            {c ? i.label(c) : code}
          </span>
        );
      })}
    </span>
  );
}

function CategoryChecks({ categories, value, onChange, name }: { categories: Category[]; value: string[]; onChange(v: string[]): void; name: string }) {
  const i = useI18n();
  return (
    <div className="targets-cat-checks">
      {categories
        .filter((c) => c.active || value.includes(c.code))
        .map((c) => (
          <label key={c.code} className="check">
            <input
              type="checkbox"
              name={name}
              value={c.code}
              checked={value.includes(c.code)}
              onChange={() => onChange(value.includes(c.code) ? value.filter((x) => x !== c.code) : [...value, c.code])}
            />
            <span className="cat-dot" style={{ background: c.color }} aria-hidden="true" />
            {i.label(c)}
          </label>
        ))}
    </div>
  );
}

/**
 * Name of a target area: "ตำบลคาโมน" for a sub-district; a village by its own name only, since
 * Thai village names already begin with บ้าน ("หมู่บ้านบ้านนา" reads wrong).
 */
export function areaName(a: { level: number; nameTh: string; nameEn?: string | null }, i: I18n): string {
  return a.level === 4 ? i.name(a) : i.areaTitle(a);
}

/** Finds a sub-district or village of `province` by Thai or English name or code. */
function AreaPicker({ province, exclude, onPick, picked }: { province: string; exclude: Set<string>; picked: AreaSearchHit | null; onPick(h: AreaSearchHit | null): void }) {
  const { t } = useI18n();
  return (
    <AreaSearch
      className="targets-area-picker"
      name="target-area-search"
      label={t('targetsAddFind')}
      placeholder={t('targetsAddFindPlaceholder')}
      noResult={t('targetsAddNoHit')}
      limit={50}
      // Only sub-districts and villages of this list's province can be targeted.
      offer={(hits) => hits.filter((h) => h.level >= 3 && h.provinceCode === province).slice(0, 12)}
      pickedText={(h, i) => `${i.areaTitle(h)} (${h.code})`}
      note={(h) => exclude.has(h.code) && <span className="badge badge-info">{t('targetsAlreadyListed')}</span>}
      picked={picked}
      onSelect={onPick}
      onClear={() => onPick(null)}
    />
  );
}

function AddAreaForm({ listId, province, categories, existing, onAdded }: { listId: number; province: string; categories: Category[]; existing: Set<string>; onAdded(): void }) {
  const i = useI18n();
  const { t } = i;
  const [picked, setPicked] = useState<AreaSearchHit | null>(null);
  const [cats, setCats] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg; field: string } | null>(null);
  const [done, setDone] = useState<{ msg: Msg } | null>(null);
  const [pickerKey, setPickerKey] = useState(0);

  const submit = async () => {
    setDone(null);
    if (!picked) return setError({ msg: (x) => x.t('targetsErrPickArea'), field: 'area' });
    if (existing.has(picked.code)) return setError({ msg: (x) => x.t('targetsErrAlreadyInList'), field: 'area' });
    if (cats.length === 0) return setError({ msg: (x) => x.t('targetsErrPickCategory'), field: 'categories' });
    if (!reason.trim()) return setError({ msg: (x) => x.t('targetsErrReasonAdd'), field: 'reason' });
    setError(null);
    setBusy(true);
    try {
      await api(`/api/targets/${listId}/areas`, { method: 'POST', json: { code: picked.code, categories: cats, reason: reason.trim() } });
      const added = picked;
      setDone({ msg: (x) => x.t('targetsAdded', { area: areaName(added, x) }) });
      setPicked(null);
      setCats([]);
      setReason('');
      setPickerKey((k) => k + 1);
      onAdded();
    } catch (err) {
      setError({ msg: (x) => actionErrorText(err, 'targetsErrAdd', x), field: '' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card targets-add"
      aria-labelledby="targets-add-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="targets-add-title">{t('targetsAddTitle')}</h3>
      <div className="form-grid">
        <AreaPicker key={pickerKey} province={province} exclude={existing} picked={picked} onPick={setPicked} />
        <fieldset className="field-wide targets-cats">
          <legend>{t('targetsCategoriesFor')}</legend>
          <CategoryChecks categories={categories} value={cats} onChange={setCats} name="add-category" />
        </fieldset>
        <label className="field field-wide">
          <span>{t('targetsReason')}</span>
          <textarea name="add-reason" rows={2} maxLength={2000} value={reason} aria-invalid={error?.field === 'reason'} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      {done && <Alert kind="success">{done.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('targetsSaving') : t('targetsAddSubmit')}
        </button>
      </div>
    </form>
  );
}

type RowMode = { kind: 'edit'; code: string; cats: string[]; reason: string } | { kind: 'remove'; code: string; reason: string } | null;

/** The areas table of a list, editable when `editable`. */
export function TargetAreas(props: {
  listId: number;
  province: string;
  areas: TargetArea[];
  categories: Category[];
  editable: boolean;
  onChanged(): void;
}) {
  const i = useI18n();
  const { t, num } = i;
  const { areas, categories, editable, listId } = props;
  const [mode, setMode] = useState<RowMode>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [done, setDone] = useState<{ msg: Msg } | null>(null);
  const [filter, setFilter] = useState('');
  const existing = new Set(areas.map((a) => a.code));

  const counts = new Map<string, number>();
  for (const a of areas) for (const c of a.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
  const villages = areas.filter((a) => a.level === 4).length;
  // Ranked areas first, in the run's order, then those added by hand, by code.
  const ordered = [...areas].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const shown = filter ? ordered.filter((a) => a.categories.includes(filter)) : ordered;

  const save = async () => {
    if (!mode) return;
    const area = areas.find((a) => a.code === mode.code);
    // Named when shown, so the message follows a switch of language.
    const label = (x: I18n) => (area ? areaName(area, x) : mode.code);
    if (mode.kind === 'edit') {
      if (mode.cats.length === 0) return setError({ msg: (x) => x.t('targetsErrPickCategory') });
      if (!mode.reason.trim()) return setError({ msg: (x) => x.t('targetsErrReasonEdit') });
    } else if (!mode.reason.trim()) {
      return setError({ msg: (x) => x.t('targetsErrReasonRemove') });
    }
    setError(null);
    setBusy(true);
    try {
      if (mode.kind === 'edit') {
        await api(`/api/targets/${listId}/areas/${encodeURIComponent(mode.code)}`, { method: 'PUT', json: { categories: mode.cats, reason: mode.reason.trim() } });
        setDone({ msg: (x) => x.t('targetsEdited', { area: label(x) }) });
      } else {
        await api(`/api/targets/${listId}/areas/${encodeURIComponent(mode.code)}`, { method: 'DELETE', json: { reason: mode.reason.trim() } });
        setDone({ msg: (x) => x.t('targetsRemoved', { area: label(x) }) });
      }
      setMode(null);
      props.onChanged();
    } catch (err) {
      const action = mode.kind === 'edit' ? 'targetsErrEdit' : 'targetsErrRemove';
      setError({ msg: (x) => actionErrorText(err, action, x) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="targets-areas" aria-labelledby="targets-areas-title">
      <div className="section-head targets-areas-head">
        <h2 id="targets-areas-title">{t('targetsAreasTitle', { n: num(areas.length) })}</h2>
        {areas.length > 0 && (
          <p className="targets-counts">
            {villages > 0 && <span>{t('targetsCountLevels', { subs: num(areas.length - villages), villages: num(villages) })}</span>}
            <label className="field-inline">
              <span>{t('targetsFilterCategory')}</span>
              <select name="areaCategory" value={filter} onChange={(e) => setFilter(e.target.value)}>
                <option value="">{t('targetsAllCategories', { n: num(areas.length) })}</option>
                {categories
                  .filter((c) => counts.has(c.code))
                  .map((c) => (
                    <option key={c.code} value={c.code}>
                      {i.label(c)} ({num(counts.get(c.code) ?? 0)})
                    </option>
                  ))}
              </select>
            </label>
          </p>
        )}
      </div>
      {editable && <AddAreaForm listId={listId} province={props.province} categories={categories} existing={existing} onAdded={props.onChanged} />}
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      {done && <Alert kind="success">{done.msg(i)}</Alert>}
      {areas.length === 0 ? (
        <p className="muted">{editable ? t('targetsNoAreasEditable') : t('targetsNoAreas')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table targets-areas-table">
            <thead>
              <tr>
                <th scope="col">{t('targetsColCode')}</th>
                <th scope="col">{t('targetsColArea')}</th>
                <th scope="col">{t('targetsColDistrict')}</th>
                <th scope="col">{t('targetsColCategories')}</th>
                <th scope="col">{t('targetsColReason')}</th>
                <th scope="col" className="num">
                  {t('targetsColRank')}
                </th>
                <th scope="col">{t('targetsColAdded')}</th>
                {editable && <th scope="col">{t('targetsColActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => {
                const m = mode?.code === a.code ? mode : null;
                return (
                  <tr key={a.code} data-code={a.code} className={m ? 'selected' : undefined}>
                    <td>
                      <code>{a.code}</code>
                    </td>
                    <td>
                      <span className="targets-area-name">{areaName(a, i)}</span>
                      {a.level === 4 && <span className="targets-area-sub">{t('targetsVillageOf', { name: a.subdistrictTh ?? a.code.slice(0, 6) })}</span>}
                    </td>
                    <td>{a.districtTh ? (i.lang === 'th' ? a.districtTh : a.districtEn || a.districtTh) : ''}</td>
                    <td>
                      {m?.kind === 'edit' ? (
                        <CategoryChecks categories={categories} value={m.cats} onChange={(cats) => setMode({ ...m, cats })} name="edit-category" />
                      ) : (
                        <CategoryChips codes={a.categories} categories={categories} />
                      )}
                    </td>
                    <td className="targets-reason">
                      {m ? (
                        <label className="field">
                          <span>{m.kind === 'edit' ? t('targetsEditReason') : t('targetsRemoveReason')}</span>
                          {m.kind === 'edit' ? (
                            <textarea name="edit-reason" rows={3} maxLength={2000} value={m.reason} onChange={(e) => setMode({ ...m, reason: e.target.value })} />
                          ) : (
                            <>
                              <span className="targets-old-reason">{a.reason}</span>
                              <textarea name="remove-reason" rows={2} maxLength={2000} value={m.reason} onChange={(e) => setMode({ ...m, reason: e.target.value })} />
                            </>
                          )}
                        </label>
                      ) : (
                        a.reason || <span className="muted">{t('targetsNoReason')}</span>
                      )}
                    </td>
                    <td className="num">
                      {a.rank != null ? (
                        <>
                          {num(a.rank)}
                          <span className="targets-score">{a.score != null ? num(a.score, 3) : ''}</span>
                        </>
                      ) : (
                        <span className="muted">{t('targetsByHand')}</span>
                      )}
                    </td>
                    <td className="targets-added">
                      <ByAt by={a.addedBy} at={a.addedAt} stacked />
                    </td>
                    {editable && (
                      <td className="targets-actions">
                        {m ? (
                          <>
                            <button type="button" className={`btn btn-small ${m.kind === 'remove' ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={() => void save()}>
                              {m.kind === 'edit' ? t('targetsSave') : t('targetsRemoveConfirm')}
                            </button>
                            <button type="button" className="btn btn-small" onClick={() => { setMode(null); setError(null); }}>
                              {t('targetsCancel')}
                            </button>
                          </>
                        ) : (
                          <>
                            <button type="button" className="btn btn-small" onClick={() => { setDone(null); setError(null); setMode({ kind: 'edit', code: a.code, cats: a.categories, reason: a.reason }); }}>
                              {t('targetsEdit')}
                            </button>
                            <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => { setDone(null); setError(null); setMode({ kind: 'remove', code: a.code, reason: '' }); }}>
                              {t('targetsRemove')}
                            </button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
