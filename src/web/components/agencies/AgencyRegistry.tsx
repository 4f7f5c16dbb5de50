/**
 * The registry of agencies: search and filters (type, province, status), one row per agency
 * with its Thai and English names, type, parent ministry and contact; administrators add and
 * edit agencies in the form above the table, everyone else reads.
 */
import { useMemo, useState } from 'react';
import { query, type Area } from '../../api.ts';
import { useApi, useDebounced } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, ErrorAlert, type Msg } from '../common.tsx';
import { AGENCY_TYPES, type Agency } from '../../../shared/agency-types.ts';
import { AgencyForm } from './AgencyForm.tsx';
import { typeText } from './agency-text.ts';

export function AgencyRegistry({ provinces, admin, defaultProvince }: { provinces: Area[]; admin: boolean; defaultProvince: string }) {
  const i = useI18n();
  const { t, num } = i;
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [province, setProvince] = useState('');
  const [status, setStatus] = useState('');
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);
  const debounced = useDebounced(q.trim(), 250);
  const url = `/api/agencies${query({ q: debounced, type, province, active: status })}`;
  const { data, error, loading } = useApi<{ items: Agency[] }>(url, reload);
  // Thai order (leading vowels such as เ and โ do not count), which the database's collation may not give.
  const items = useMemo(
    () => [...(data?.items ?? [])].sort((a, b) => (a.provinceCode ?? '').localeCompare(b.provinceCode ?? '') || a.nameTh.localeCompare(b.nameTh, 'th')),
    [data],
  );

  const done = (msg: Msg) => {
    setNotice({ msg });
    setEditing(null);
    setReload((n) => n + 1);
  };
  const edit = (a: Agency | 'new') => {
    setNotice(null);
    setEditing(a);
    requestAnimationFrame(() => document.getElementById('agency-form-h')?.scrollIntoView({ block: 'nearest' }));
  };

  return (
    <div className="agencies-registry">
      <div className="card agencies-filters" role="search">
        <div className="agencies-filter-grid">
          <label className="field agencies-search">
            <span>{t('agenciesSearch')}</span>
            <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('agenciesSearchPlaceholder')} maxLength={100} />
          </label>
          <label className="field">
            <span>{t('agenciesFilterType')}</span>
            <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t('agenciesEveryType')}</option>
              {AGENCY_TYPES.map((x) => (
                <option key={x} value={x}>
                  {typeText(x, i)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('agenciesFilterProvince')}</span>
            <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
              <option value="">{t('agenciesEveryProvince')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {i.name(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('agenciesFilterStatus')}</span>
            <select name="active" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('agenciesEveryStatus')}</option>
              <option value="true">{t('agenciesOnlyActive')}</option>
              <option value="false">{t('agenciesOnlyInactive')}</option>
            </select>
          </label>
        </div>
      </div>

      <div className="toolbar agencies-toolbar">
        <p className="muted agencies-count" aria-live="polite">
          {data ? t('agenciesCount', { n: num(items.length) }) : loading ? t('loading') : ''}
        </p>
        {admin ? (
          !editing && (
            <button type="button" className="btn btn-primary" onClick={() => edit('new')}>
              {t('agenciesNew')}
            </button>
          )
        ) : (
          <p className="muted agencies-readonly">{t('agenciesReadOnly')}</p>
        )}
      </div>
      {notice && <Alert kind="success">{notice.msg(i)}</Alert>}
      {editing && (
        <AgencyForm
          key={editing === 'new' ? 'new' : editing.id}
          agency={editing === 'new' ? null : editing}
          provinces={provinces}
          defaultProvince={province || defaultProvince}
          onSaved={(_a, msg) => done(msg)}
          onDeleted={done}
          onCancel={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={error} />
      {data && items.length === 0 && <p className="muted">{admin ? t('agenciesNoneAdmin') : t('agenciesNone')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table agencies-table" data-testid="agencies-table">
            <thead>
              <tr>
                <th scope="col">{t('agenciesColName')}</th>
                <th scope="col">{t('agenciesColType')}</th>
                <th scope="col">{t('agenciesColMinistry')}</th>
                <th scope="col">{t('agenciesColProvince')}</th>
                <th scope="col">{t('agenciesColContact')}</th>
                <th scope="col" className="num">
                  {t('agenciesColUsers')}
                </th>
                <th scope="col" className="num">
                  {t('agenciesColProjects')}
                </th>
                {admin && (
                  <th scope="col">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-code={a.code} className={a.active ? undefined : 'row-muted'}>
                  <td className="agencies-name">
                    <strong lang="th">{a.nameTh}</strong>
                    {a.nameEn && (
                      <span className="agencies-name-en" lang="en">
                        {a.nameEn}
                      </span>
                    )}
                    <span className="agencies-code">
                      <code>{a.code}</code>
                      {!a.active && <span className="badge badge-off">{t('agenciesInactive')}</span>}
                      {a.isDemo && <span className="badge badge-info">{t('agenciesDemo')}</span>}
                    </span>
                  </td>
                  <td>{typeText(a.type, i)}</td>
                  <td>{a.parentMinistry ?? ''}</td>
                  <td className="nowrap">{a.provinceCode ? (a.provinceTh ?? a.provinceCode) : <span className="muted">{t('agenciesNational')}</span>}</td>
                  <td className="agencies-contact">
                    {a.contactName && <span>{a.contactName}</span>}
                    {a.contactPhone && (
                      <a href={`tel:${a.contactPhone.replace(/[^0-9+]/g, '').slice(0, 15)}`} className="nowrap">
                        {a.contactPhone}
                      </a>
                    )}
                    {a.contactEmail && <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>}
                  </td>
                  <td className="num">{num(a.userCount)}</td>
                  <td className="num">{num(a.projectCount)}</td>
                  {admin && (
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => edit(a)} aria-label={t('agenciesEditAria', { name: a.nameTh })}>
                        {t('edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
