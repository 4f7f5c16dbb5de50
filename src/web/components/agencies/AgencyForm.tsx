/**
 * Creates or edits one agency of the registry (administrators). Checks what it can before
 * sending (Thai name, code, telephone, e-mail, with the server's own rules from
 * src/shared/agency-types.ts) and deletes an agency nothing refers to.
 */
import { useState, type FormEvent } from 'react';
import { api, type Area } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import { AGENCY_CODE_PATTERN, AGENCY_TYPES, isPlausibleEmail, isPlausiblePhone, type Agency, type AgencyInput, type AgencyType } from '../../../shared/agency-types.ts';
import { apiErrorText, typeText } from './agency-text.ts';

export function AgencyForm({ agency, provinces, defaultProvince, onSaved, onDeleted, onCancel }: {
  agency: Agency | null;
  provinces: Area[];
  defaultProvince: string;
  onSaved(a: Agency, msg: Msg): void;
  onDeleted(msg: Msg): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [code, setCode] = useState(agency?.code ?? '');
  const [nameTh, setNameTh] = useState(agency?.nameTh ?? '');
  const [nameEn, setNameEn] = useState(agency?.nameEn ?? '');
  const [type, setType] = useState<AgencyType>(agency?.type ?? 'line_agency');
  const [ministry, setMinistry] = useState(agency?.parentMinistry ?? '');
  const [province, setProvince] = useState(agency ? (agency.provinceCode ?? '') : defaultProvince);
  const [contactName, setContactName] = useState(agency?.contactName ?? '');
  const [phone, setPhone] = useState(agency?.contactPhone ?? '');
  const [email, setEmail] = useState(agency?.contactEmail ?? '');
  const [address, setAddress] = useState(agency?.address ?? '');
  const [active, setActive] = useState(agency?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);

  function check(): Msg | null {
    if (!nameTh.trim()) return (x) => x.t('agenciesErrNameTh');
    if (!AGENCY_CODE_PATTERN.test(code.trim().toLowerCase())) return (x) => x.t('agenciesErrCode');
    if (phone.trim() && !isPlausiblePhone(phone)) return (x) => x.t('agenciesErrPhone');
    if (email.trim() && !isPlausibleEmail(email)) return (x) => x.t('agenciesErrEmail');
    return null;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = check();
    if (problem) return setError({ msg: problem });
    const body: AgencyInput = {
      code: code.trim().toLowerCase(), nameTh, nameEn: nameEn || null, type, parentMinistry: ministry || null, provinceCode: province || null,
      contactName: contactName || null, contactPhone: phone || null, contactEmail: email || null, address: address || null, active,
    };
    setBusy(true);
    try {
      const saved = agency
        ? await api<Agency>(`/api/agencies/${agency.id}`, { method: 'PUT', json: body })
        : await api<Agency>('/api/agencies', { method: 'POST', json: body });
      onSaved(saved, (x) => x.t(agency ? 'agenciesSaved' : 'agenciesCreated', { name: saved.nameTh }));
    } catch (err) {
      setError({ msg: (x) => apiErrorText(err, x) });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!agency) return;
    setError(null);
    // Refused by the server too; said here in the words of the page, with the counts.
    if (agency.userCount || agency.projectCount) {
      return setError({ msg: (x) => x.t('agenciesDeleteRefused', { users: x.num(agency.userCount), projects: x.num(agency.projectCount) }) });
    }
    if (!confirmDelete) return setConfirmDelete(true);
    setBusy(true);
    try {
      await api(`/api/agencies/${agency.id}`, { method: 'DELETE' });
      onDeleted((x) => x.t('agenciesDeleted', { name: agency.nameTh }));
    } catch (err) {
      setError({ msg: (x) => apiErrorText(err, x) });
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card card-form agencies-form" aria-labelledby="agency-form-h">
      <h2 id="agency-form-h">{agency ? t('agenciesEditTitle', { name: agency.nameTh }) : t('agenciesNewTitle')}</h2>
      <form className="form form-grid" onSubmit={submit} noValidate data-testid="agency-form">
        {error && <Alert kind="error">{error.msg(i)}</Alert>}
        <label className="field field-wide">
          <span>{t('agenciesFieldNameTh')}</span>
          <input name="nameTh" value={nameTh} onChange={(e) => setNameTh(e.target.value)} required maxLength={300} lang="th" />
        </label>
        <label className="field field-wide">
          <span>{t('agenciesFieldNameEn')}</span>
          <input name="nameEn" value={nameEn} onChange={(e) => setNameEn(e.target.value)} maxLength={300} lang="en" />
        </label>
        <label className="field">
          <span>{t('agenciesFieldCode')}</span>
          <input name="code" value={code} onChange={(e) => setCode(e.target.value)} required maxLength={64} spellCheck={false} autoComplete="off" className="mono" />
          <small className="muted">{t('agenciesFieldCodeHint')}</small>
        </label>
        <label className="field">
          <span>{t('agenciesFieldType')}</span>
          <select name="type" value={type} onChange={(e) => setType(e.target.value as AgencyType)}>
            {AGENCY_TYPES.map((x) => (
              <option key={x} value={x}>
                {typeText(x, i)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('agenciesFieldMinistry')}</span>
          <input name="parentMinistry" value={ministry} onChange={(e) => setMinistry(e.target.value)} placeholder={t('agenciesFieldMinistryPlaceholder')} maxLength={300} />
        </label>
        <label className="field">
          <span>{t('agenciesFieldProvince')}</span>
          <select name="provinceCode" value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">{t('agenciesNational')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('agenciesFieldContactName')}</span>
          <input name="contactName" value={contactName} onChange={(e) => setContactName(e.target.value)} maxLength={200} />
        </label>
        <label className="field">
          <span>{t('agenciesFieldContactPhone')}</span>
          <input name="contactPhone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={100} placeholder={t('agenciesFieldContactPhoneHint')} />
        </label>
        <label className="field">
          <span>{t('agenciesFieldContactEmail')}</span>
          <input name="contactEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} spellCheck={false} />
        </label>
        <label className="field field-wide">
          <span>{t('agenciesFieldAddress')}</span>
          <textarea name="address" value={address} onChange={(e) => setAddress(e.target.value)} rows={2} maxLength={1000} />
        </label>
        <label className="check field-wide">
          <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <span>{t('agenciesFieldActive')}</span>
        </label>
        {confirmDelete && agency && <Alert kind="warning">{t('agenciesDeleteQuestion', { name: agency.nameTh })}</Alert>}
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('agenciesSaving') : t('save')}
          </button>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('cancel')}
          </button>
          {agency && (
            <button type="button" className="btn btn-danger-quiet agencies-form-delete" onClick={() => void remove()} disabled={busy}>
              {confirmDelete ? t('agenciesDeleteConfirm') : t('agenciesDelete')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
