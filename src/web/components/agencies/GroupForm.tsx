/**
 * Creates or edits a working group of a province: its kind, the area it covers (the province, a
 * district, or a sub-district for a peace council, picked district first), names and mandate.
 * A peace council's name is proposed from its sub-district until the user types their own.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, query, type Area } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import { KIND_AREA_LEVEL, WORKING_GROUP_KINDS, type WorkingGroup, type WorkingGroupInput, type WorkingGroupKind, type WorkingGroupWithMembers } from '../../../shared/agency-types.ts';
import { apiErrorText, kindText, wholeProvinceText } from './agency-text.ts';

/** The name proposed for a group of `kind` on an area, or '' when there is none to propose. */
function proposedName(kind: WorkingGroupKind, province: Area | undefined, district: Area | undefined, sub: Area | undefined): string {
  if (kind === 'peace_council' && sub) return `สภาสันติสุขตำบล${sub.nameTh}`;
  if (kind === 'district' && district) return `คณะทำงานประสานงานระดับอำเภอ${district.nameTh}`;
  if (kind === 'provincial' && province) return `คณะทำงานประสานงานระดับจังหวัด${province.nameTh.replace(/^จังหวัด/, '')}`;
  return '';
}

export function GroupForm({ group, province, onSaved, onDeleted, onCancel }: {
  group: WorkingGroup | null;
  province: Area;
  onSaved(g: WorkingGroupWithMembers, msg: Msg): void;
  onDeleted(msg: Msg): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const code = group?.area.code ?? '';
  const [kind, setKind] = useState<WorkingGroupKind>(group?.kind ?? 'peace_council');
  const [district, setDistrict] = useState(code.length >= 4 ? code.slice(0, 4) : '');
  const [sub, setSub] = useState(code.length >= 6 ? code.slice(0, 6) : '');
  const [nameTh, setNameTh] = useState(group?.nameTh ?? '');
  const [nameEn, setNameEn] = useState(group?.nameEn ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [active, setActive] = useState(group?.active ?? true);
  const [proposed, setProposed] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const districts = useApi<Area[]>(`/api/areas${query({ level: 2, parent: province.code })}`);
  const subs = useApi<Area[]>(district ? `/api/areas${query({ level: 3, parent: district })}` : null);
  const level = KIND_AREA_LEVEL[kind];
  const needDistrict = level === 2 || level === 3;
  const showDistrict = level !== 1;
  const showSub = level === 3 || level === null;

  // Follow the area with the proposed name, unless the user wrote a name of their own.
  useEffect(() => {
    const next = proposedName(kind, province, districts.data?.find((d) => d.code === district), subs.data?.find((s) => s.code === sub));
    if (nameTh === '' || nameTh === proposed) setNameTh(next);
    setProposed(next);
    // nameTh is read, not followed: typing must not re-trigger the proposal.
  }, [kind, district, sub, districts.data, subs.data]);

  const areaCode = level === 1 ? province.code : level === 2 ? district : level === 3 ? sub : sub || district || province.code;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if ((needDistrict && !district) || (level === 3 && !sub)) return setError({ msg: (x) => x.t('groupsErrArea', { need: x.t(level === 2 ? 'groupsNeed_2' : 'groupsNeed_3') }) });
    if (!nameTh.trim()) return setError({ msg: (x) => x.t('groupsErrNameTh') });
    const body: WorkingGroupInput = { provinceCode: province.code, areaCode, kind, nameTh, nameEn: nameEn || null, description, active };
    setBusy(true);
    try {
      const saved = group
        ? await api<WorkingGroupWithMembers>(`/api/working-groups/${group.id}`, { method: 'PUT', json: body })
        : await api<WorkingGroupWithMembers>('/api/working-groups', { method: 'POST', json: body });
      onSaved(saved, (x) => x.t(group ? 'groupsSaved' : 'groupsCreated', { name: saved.group.nameTh }));
    } catch (err) {
      setError({ msg: (x) => apiErrorText(err, x, true) });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!group) return;
    if (!confirmDelete) return setConfirmDelete(true);
    setBusy(true);
    try {
      await api(`/api/working-groups/${group.id}`, { method: 'DELETE' });
      onDeleted((x) => x.t('groupsDeleted', { name: group.nameTh }));
    } catch (err) {
      setError({ msg: (x) => apiErrorText(err, x, true) });
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card card-form groups-form" aria-labelledby="group-form-h">
      <h3 id="group-form-h">{group ? t('groupsEditTitle') : t('groupsNewTitle')}</h3>
      <form className="form form-grid" onSubmit={submit} noValidate data-testid="group-form">
        {error && <Alert kind="error">{error.msg(i)}</Alert>}
        <label className="field">
          <span>{t('groupsFieldKind')}</span>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as WorkingGroupKind)}>
            {WORKING_GROUP_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindText(k, i)}
              </option>
            ))}
          </select>
        </label>
        {showDistrict && (
          <label className="field">
            <span>{t('groupsFieldDistrict')}</span>
            <select name="district" value={district} onChange={(e) => (setDistrict(e.target.value), setSub(''))}>
              <option value="">{needDistrict ? t('groupsChooseDistrict') : t('groupsWholeProvince')}</option>
              {(districts.data ?? []).map((d) => (
                <option key={d.code} value={d.code}>
                  {i.name(d)}
                </option>
              ))}
            </select>
          </label>
        )}
        {showSub && (
          <label className="field">
            <span>{t('groupsFieldSubdistrict')}</span>
            <select name="subdistrict" value={sub} onChange={(e) => setSub(e.target.value)} disabled={!district}>
              <option value="">{level === 3 ? t('groupsChooseSubdistrict') : t('groupsWholeDistrict')}</option>
              {(subs.data ?? []).map((s) => (
                <option key={s.code} value={s.code}>
                  {i.name(s)}
                </option>
              ))}
            </select>
          </label>
        )}
        {level === 1 && (
          <p className="field groups-form-area">
            <span>{t('groupsColArea')}</span>
            <strong>{wholeProvinceText(province, i)}</strong>
          </p>
        )}
        <label className="field field-wide">
          <span>{t('groupsFieldNameTh')}</span>
          <input name="nameTh" value={nameTh} onChange={(e) => setNameTh(e.target.value)} required maxLength={300} lang="th" />
        </label>
        <label className="field field-wide">
          <span>{t('groupsFieldNameEn')}</span>
          <input name="nameEn" value={nameEn} onChange={(e) => setNameEn(e.target.value)} maxLength={300} lang="en" />
        </label>
        <label className="field field-wide">
          <span>{t('groupsFieldDescription')}</span>
          <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={4000} />
        </label>
        {group && (
          <label className="check field-wide">
            <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} />
            <span>{t('groupsFieldActive')}</span>
          </label>
        )}
        {confirmDelete && group && <Alert kind="warning">{t('groupsDeleteQuestion', { name: group.nameTh })}</Alert>}
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('agenciesSaving') : t('save')}
          </button>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('cancel')}
          </button>
          {group && (
            <button type="button" className="btn btn-danger-quiet agencies-form-delete" onClick={() => void remove()} disabled={busy}>
              {confirmDelete ? t('groupsDeleteConfirm') : t('groupsDelete')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
