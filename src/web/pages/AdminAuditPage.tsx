import { Fragment, useState } from 'react';
import { query, type AuditEntry } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorAlert, Page } from '../components/common.tsx';
import { th, type MessageKey } from '../messages.ts';

const PAGE = 50;
const ENTITIES = ['incident', 'area', 'category', 'user', 'import', 'session'] as const;

function known(key: string): key is MessageKey {
  return key in th;
}

/** Keys of two records, with whether the value changed. */
function diffRows(before: unknown, after: unknown): Array<{ key: string; before: unknown; after: unknown; changed: boolean }> {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => ({ key, before: b[key], after: a[key], changed: JSON.stringify(b[key]) !== JSON.stringify(a[key]) }));
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function AdminAuditPage() {
  const i = useI18n();
  const { t } = i;
  const [entity, setEntity] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const { data, error, loading } = useApi<{ total: number; items: AuditEntry[] }>(`/api/audit${query({ entity, limit: PAGE, offset })}`);
  const label = (prefix: string, v: string) => (known(`${prefix}_${v}`) ? t(`${prefix}_${v}` as MessageKey) : v);

  return (
    <Page title={t('auditTitle')} intro={t('auditIntro')} wide>
      <div className="toolbar">
        <label className="field field-inline">
          <span>{t('auditFilterEntity')}</span>
          <select
            name="entity"
            value={entity}
            onChange={(e) => {
              setEntity(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('auditAllEntities')}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {label('entity', e)}
              </option>
            ))}
          </select>
        </label>
        {data && data.total > 0 && (
          <div className="pager">
            <span className="muted">{t('pageOf', { from: i.num(offset + 1), to: i.num(Math.min(offset + PAGE, data.total)), total: i.num(data.total) })}</span>
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('previous')}
            </button>
            <button type="button" className="btn btn-small" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              {t('next')}
            </button>
          </div>
        )}
      </div>
      <ErrorAlert error={error} />
      {loading && !data && <p className="muted">{t('loading')}</p>}
      {data && (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('auditWhen')}</th>
                <th scope="col">{t('auditWho')}</th>
                <th scope="col">{t('auditAction')}</th>
                <th scope="col">{t('auditEntity')}</th>
                <th scope="col">{t('auditEntityId')}</th>
                <th scope="col">{t('auditChanges')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('auditEmpty')}
                  </td>
                </tr>
              )}
              {data.items.map((e) => {
                const rows = diffRows(e.before, e.after);
                const hasMore = rows.length > 0 || (e.details != null && Object.keys(e.details as object).length > 0);
                const changed = rows.filter((r) => r.changed).map((r) => r.key);
                return (
                  <Fragment key={e.id}>
                    <tr>
                      <td className="nowrap">{i.date(e.at, { time: true })}</td>
                      <td>{e.username ?? '–'}</td>
                      <td>{label('action', e.action)}</td>
                      <td>{label('entity', e.entity)}</td>
                      <td>
                        <code>{e.entityId ?? ''}</code>
                      </td>
                      <td>
                        {hasMore && (
                          <button type="button" className="btn btn-link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                            {t('auditShow')}
                            {e.before != null && e.after != null && changed.length > 0 && <span className="muted"> ({changed.slice(0, 4).join(', ')}{changed.length > 4 ? ', …' : ''})</span>}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === e.id && (
                      <tr className="audit-detail">
                        <td colSpan={6}>
                          {rows.length > 0 && (
                            <table className="table diff-table">
                              <thead>
                                <tr>
                                  <th scope="col" />
                                  {e.before != null && <th scope="col">{t('auditBefore')}</th>}
                                  {e.after != null && <th scope="col">{t('auditAfter')}</th>}
                                </tr>
                              </thead>
                              <tbody>
                                {rows.map((r) => (
                                  <tr key={r.key} className={r.changed && e.before != null && e.after != null ? 'changed' : undefined}>
                                    <th scope="row">
                                      <code>{r.key}</code>
                                    </th>
                                    {e.before != null && <td className="pre">{show(r.before)}</td>}
                                    {e.after != null && <td className="pre">{show(r.after)}</td>}
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                          )}
                          {e.details != null && (
                            <div className="audit-details">
                              <strong>{t('auditDetails')}:</strong> <code className="pre">{JSON.stringify(e.details)}</code>
                            </div>
                          )}
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
