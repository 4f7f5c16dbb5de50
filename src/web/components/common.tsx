/** Small building blocks shared by the pages: error messages, import error tables, badges. */
import type { ReactNode } from 'react';
import { ApiError, type Classification, type ErrorDetail, type IncidentStatus } from '../api.ts';
import { useI18n, type I18n } from '../i18n.tsx';

/**
 * A message kept as a function of the language, so an error already on screen follows a switch
 * of language (state holds `{ msg }`, render calls `msg(i18n)`).
 */
export type Msg = (i: I18n) => string;

/** A user-facing sentence for an API error, in the current language. */
export function errorText(err: unknown, i: I18n): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return i.t('errorNetwork');
    if (err.status === 403) return i.t('errorForbidden');
    if (err.status === 404) return i.t('errorNotFound');
    return i.t('errorGeneric', { message: err.message });
  }
  return i.t('errorGeneric', { message: err instanceof Error ? err.message : String(err) });
}

export function Alert({ kind, children, id }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode; id?: string }) {
  return (
    <div id={id} className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  const i = useI18n();
  if (!error) return null;
  return <Alert kind="error">{errorText(error, i)}</Alert>;
}

const MAX_SHOWN = 500;

/** The row/field errors of a failed import or form, as a table. */
export function ErrorDetailsTable({ details }: { details: ErrorDetail[] }) {
  const { t, num } = useI18n();
  if (!details.length) return null;
  const shown = details.slice(0, MAX_SHOWN);
  const hasFile = details.some((d) => d.file);
  return (
    <div className="error-details">
      <p className="error-count">
        {t('errorsFound', { n: num(details.length) })}
        {details.length > MAX_SHOWN && <> · {t('errorsShown', { shown: num(MAX_SHOWN), n: num(details.length) })}</>}
      </p>
      <div className="table-wrap">
        <table className="table error-table">
          <thead>
            <tr>
              {hasFile && <th scope="col">{t('colFile')}</th>}
              <th scope="col">{t('colRow')}</th>
              <th scope="col">{t('colField')}</th>
              <th scope="col">{t('colMessage')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d, k) => (
              <tr key={k}>
                {hasFile && <td>{d.file ?? ''}</td>}
                <td className="num">{d.row ?? ''}</td>
                <td>
                  <code>{d.field ?? ''}</code>
                </td>
                <td>{d.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge-status-${status}`}>{t(`status_${status}`)}</span>;
}

export function ClassificationBadge({ value }: { value: Classification }) {
  const { t } = useI18n();
  return <span className={`badge badge-class-${value}`}>{t(`classification_${value}`)}</span>;
}

/** A page with a title and an introduction (admin and account pages). */
export function Page({ title, intro, children, wide }: { title: string; intro?: string; children: ReactNode; wide?: boolean }) {
  return (
    <main className={`page${wide ? ' page-wide' : ''}`} id="main">
      <h1>{title}</h1>
      {intro && <p className="page-intro">{intro}</p>}
      {children}
    </main>
  );
}

/** A file input with its button and file name in the interface language (not the browser's). */
export function FilePicker({ accept, file, onChange, label }: { accept: string; file: File | null; onChange(f: File | null): void; label: string }) {
  const { t, num } = useI18n();
  return (
    <div className="field">
      <span>{label}</span>
      <label className="file-picker">
        <input type="file" name="file" accept={accept} className="file-input" onChange={(e) => onChange(e.target.files?.[0] ?? null)} />
        <span className="btn" aria-hidden="true">
          {t('chooseFile')}
        </span>
        <span className="file-name">{file ? `${file.name} (${num(Math.max(1, Math.round(file.size / 1024)))} KB)` : t('noFileChosen')}</span>
      </label>
    </div>
  );
}
