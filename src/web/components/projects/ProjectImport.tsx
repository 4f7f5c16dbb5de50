/**
 * Upload of a project spreadsheet (XLSX or CSV): check it first (dry run), then import it. Shows
 * what would be or was created and updated, or every problem of the file by row and column with
 * how to fix it, in Thai; nothing is stored while a single row is wrong. Links to the templates.
 */
import { useId, useRef, useState } from 'react';
import { api, ApiError, type ErrorDetail } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { useSession } from '../../session.tsx';
import { Alert, errorText } from '../common.tsx';

/** POST /api/projects/import: what the file gave (or would give, on a dry run). */
interface ImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  rows: number;
  inserted: number;
  updated: number;
  dryRun: boolean;
  ids: number[];
  ignoredColumns: string[];
  importRun: number | null;
}

/** The import's columns (the server's names), which have a Thai name and a fix in the messages. */
const FIELDS = [
  'external_id', 'agency', 'fiscal_year', 'title', 'objectives', 'budget', 'budget_source', 'categories', 'areas', 'start_date',
  'end_date', 'status', 'responsible', 'phone', 'visibility', 'public_fields', 'outputs', 'origin', 'seeking_support', 'support_needs', 'header',
] as const;
type Field = (typeof FIELDS)[number];
const isField = (f: string | undefined): f is Field => !!f && (FIELDS as readonly string[]).includes(f);

const MAX_SHOWN = 500;

/** Roles the server lets import (POST /api/projects/import); an agency officer needs an agency. */
const IMPORTERS = ['admin', 'analyst', 'agency_officer'];

type Outcome =
  | { kind: 'report'; report: ImportReport }
  | { kind: 'invalid'; file: string; details: ErrorDetail[] }
  | { kind: 'error'; error: unknown };

function sizeText(bytes: number, i: I18n): string {
  return bytes >= 1024 * 1024 ? `${i.num(bytes / 1024 / 1024, 1)} MB` : `${i.num(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

function columnName(d: ErrorDetail, i: I18n): string {
  if (isField(d.field)) return i.t(`projectImportField_${d.field}` as MessageKey);
  return d.field ?? '';
}

function ErrorRows({ details }: { details: ErrorDetail[] }) {
  const i = useI18n();
  const { t, num } = i;
  const shown = details.slice(0, MAX_SHOWN);
  return (
    <div className="error-details">
      {details.length > MAX_SHOWN && <p className="error-count">{t('projectImportMore', { shown: num(MAX_SHOWN), n: num(details.length) })}</p>}
      <div className="table-wrap">
        <table className="table project-import-errors">
          <thead>
            <tr>
              <th scope="col">{t('projectImportColRow')}</th>
              <th scope="col">{t('projectImportColColumn')}</th>
              <th scope="col" style={{ whiteSpace: 'normal' }}>
                {t('projectImportColProblem')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d, k) => (
              <tr key={k}>
                <td className="num">{d.row == null ? t('projectImportWholeFile') : d.row === 1 ? `1 (${t('projectImportHeaderRow')})` : num(d.row)}</td>
                <td>
                  {columnName(d, i)}
                  {d.field && isField(d.field) && d.field !== 'header' && (
                    // A code such as budget_source has no break of its own: it may break anywhere on a phone.
                    <code style={{ display: 'block', overflowWrap: 'anywhere' }}>{d.field}</code>
                  )}
                </td>
                <td style={{ overflowWrap: 'anywhere' }}>
                  <span lang="en">{d.message}</span>
                  {isField(d.field) && (
                    // On its own line under the system's words, so the table stays narrow on a phone.
                    <span className="hint" style={{ display: 'block' }}>
                      {t('projectImportFixLabel')} {t(`projectImportFix_${d.field}` as MessageKey)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * The upload form. `onImported` is called after an import stored projects (not after a check),
 * so the page can reload its list.
 */
export function ProjectImport({ onImported }: { onImported: () => void }) {
  const i = useI18n();
  const { t, num } = i;
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [needFile, setNeedFile] = useState(false);
  const { me } = useSession();
  const mayImport = !!me && IMPORTERS.includes(me.role) && (me.role !== 'agency_officer' || me.agencyId != null);

  async function send(dryRun: boolean) {
    if (!file) {
      setNeedFile(true);
      input.current?.focus();
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const report = await api<ImportReport>(`/api/projects/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', form });
      setOutcome({ kind: 'report', report });
      if (!report.dryRun) {
        // The same file imported twice would only update; clearing it avoids a second click by habit.
        setFile(null);
        if (input.current) input.current.value = '';
        onImported();
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setOutcome({ kind: 'invalid', file: file.name, details: err.details });
      else setOutcome({ kind: 'error', error: err });
    } finally {
      setBusy(null);
    }
  }

  const rowsWithErrors = outcome?.kind === 'invalid' ? new Set(outcome.details.map((d) => d.row).filter((r) => r != null)).size : 0;
  const wholeFile = outcome?.kind === 'invalid' && outcome.details.every((d) => d.row == null || d.row === 1);

  return (
    <div className="project-import">
      <p>{t('projectImportIntro')}</p>
      <p className="hint">{t('projectImportUpdateNote')}</p>
      <p className="project-import-templates">
        {t('projectImportTemplates')}{' '}
        <a href="/api/projects/import/template.xlsx" download>
          {t('projectImportTemplateXlsx')}
        </a>
        {' · '}
        <a href="/api/projects/import/template.csv" download>
          {t('projectImportTemplateCsv')}
        </a>
      </p>
      {!mayImport && <Alert kind="info">{t('projectImportNotForRole')}</Alert>}
      <form
        hidden={!mayImport}
        className="project-import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
      >
        <label className="field field-wide" htmlFor={inputId}>
          <span>{t('projectImportFile')}</span>
          <input
            ref={input}
            id={inputId}
            type="file"
            name="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-invalid={needFile || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setNeedFile(false);
              setOutcome(null);
            }}
          />
        </label>
        {file && <p className="hint">{t('projectImportChosen', { name: file.name, size: sizeText(file.size, i) })}</p>}
        {needFile && <p className="hint hint-error">{t('projectImportNoFile')}</p>}
        <div className="form-actions" style={{ flexWrap: 'wrap' }}>
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void send(true)}>
            {busy === 'check' ? t('projectImportChecking') : t('projectImportCheck')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy !== null}>
            {busy === 'import' ? t('projectImportRunning') : t('projectImportRun')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {outcome?.kind === 'report' && (
          <Alert kind={outcome.report.dryRun ? 'info' : 'success'}>
            {t(outcome.report.dryRun ? 'projectImportCheckOk' : 'projectImportDone', {
              file: outcome.report.file,
              rows: num(outcome.report.rows),
              inserted: num(outcome.report.inserted),
              updated: num(outcome.report.updated),
            })}
            {outcome.report.ignoredColumns.length > 0 && (
              <>
                <br />
                <span className="muted">{t('projectImportIgnored', { columns: outcome.report.ignoredColumns.join(', ') })}</span>
              </>
            )}
          </Alert>
        )}
        {outcome?.kind === 'invalid' && (
          <>
            <Alert kind="error">
              {wholeFile
                ? t('projectImportFailedFile', { file: outcome.file })
                : t('projectImportFailed', { file: outcome.file, n: num(outcome.details.length), rows: num(rowsWithErrors) })}
            </Alert>
            <ErrorRows details={outcome.details} />
          </>
        )}
        {outcome?.kind === 'error' && <Alert kind="error">{errorText(outcome.error, i)}</Alert>}
      </div>
    </div>
  );
}
