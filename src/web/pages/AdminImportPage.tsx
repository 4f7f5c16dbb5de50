import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type AreaImportReport, type ErrorDetail, type IncidentImportReport } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Alert, ErrorDetailsTable, errorText, FilePicker, Page, type Msg } from '../components/common.tsx';
import type { MessageKey } from '../messages.ts';

/** The COMAP area fields a mapping can name (the server's MAPPING_KEYS). */
const AREA_FIELDS = ['code', 'name_th', 'name_en', 'population', 'level', 'lat', 'lon'] as const;
type AreaField = (typeof AREA_FIELDS)[number];

type Outcome<R> = { kind: 'report'; report: R } | { kind: 'error'; message: Msg; details: ErrorDetail[] } | null;

function failure(err: unknown): Outcome<never> {
  if (err instanceof ApiError) {
    if (err.status === 413) return { kind: 'error', message: (i) => i.t('importTooLarge'), details: [] };
    if (err.status === 422 || err.status === 400) {
      return { kind: 'error', message: (i) => `${i.t('importFailed')} ${i.t('serverSays', { message: err.message })}`, details: err.details };
    }
  }
  return { kind: 'error', message: (i) => errorText(err, i), details: [] };
}

export function AdminImportPage() {
  const { t } = useI18n();
  return (
    <Page title={t('importTitle')} intro={t('importIntro')}>
      <div className="cards cards-stack">
        <AreaImport />
        <IncidentImport />
      </div>
    </Page>
  );
}

function AreaImport() {
  const i = useI18n();
  const { t } = i;
  const [file, setFile] = useState<File | null>(null);
  const [province, setProvince] = useState('');
  const [useMapping, setUseMapping] = useState(false);
  const [rows, setRows] = useState<Array<{ field: AreaField; source: string }>>([{ field: 'code', source: '' }]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome<AreaImportReport>>(null);
  const provinceBad = province !== '' && !/^[0-9]{2}$/.test(province);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setOutcome({ kind: 'error', message: (x) => x.t('noFile'), details: [] });
    if (provinceBad) return;
    const form = new FormData();
    // Fields go before the file: the server reads them while it streams the file.
    if (province) form.append('province', province);
    const mapping = Object.fromEntries(rows.filter((r) => r.source.trim()).map((r) => [r.field, r.source.trim()]));
    if (useMapping && Object.keys(mapping).length) form.append('mapping', JSON.stringify(mapping));
    form.append('file', file, file.name);
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'report', report: await api<AreaImportReport>('/api/areas/import', { method: 'POST', form }) });
    } catch (err) {
      setOutcome(failure(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="areas-h">
      <h2 id="areas-h">{t('importAreasTitle')}</h2>
      <p className="muted">{t('importAreasHint')}</p>
      <form className="form" onSubmit={submit} data-testid="area-import">
        <FilePicker label={t('file')} accept=".geojson,.json,.zip,.csv" file={file} onChange={setFile} />
        <label className="field field-narrow">
          <span>{t('provinceOnly')}</span>
          <input name="province" inputMode="numeric" maxLength={2} value={province} onChange={(e) => setProvince(e.target.value.trim())} aria-invalid={provinceBad} placeholder="32" />
          {provinceBad && <small className="hint-error">{t('provinceInvalid')}</small>}
        </label>
        <label className="check">
          <input type="checkbox" checked={useMapping} onChange={(e) => setUseMapping(e.target.checked)} name="useMapping" />
          <span>{t('mappingUse')}</span>
        </label>
        {useMapping && (
          <fieldset className="mapping">
            <legend>{t('mapping')}</legend>
            <p className="hint">{t('mappingHint')}</p>
            <table className="table mapping-table">
              <thead>
                <tr>
                  <th scope="col">{t('mappingField')}</th>
                  <th scope="col">{t('mappingSource')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r, k) => (
                  <tr key={k}>
                    <td>
                      <select aria-label={t('mappingField')} value={r.field} onChange={(e) => setRows(rows.map((x, j) => (j === k ? { ...x, field: e.target.value as AreaField } : x)))}>
                        {AREA_FIELDS.map((f) => (
                          <option key={f} value={f} disabled={f !== r.field && rows.some((x) => x.field === f)}>
                            {t(`field_${f}`)} ({f})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input aria-label={t('mappingSource')} value={r.source} onChange={(e) => setRows(rows.map((x, j) => (j === k ? { ...x, source: e.target.value } : x)))} />
                    </td>
                    <td>
                      <button type="button" className="btn btn-link" onClick={() => setRows(rows.filter((_, j) => j !== k))}>
                        {t('mappingRemove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              className="btn btn-small"
              disabled={rows.length >= AREA_FIELDS.length}
              onClick={() => setRows([...rows, { field: AREA_FIELDS.find((f) => !rows.some((r) => r.field === f)) ?? 'code', source: '' }])}
            >
              {t('mappingAdd')}
            </button>
          </fieldset>
        )}
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? t('uploading') : t('upload')}
          </button>
        </div>
      </form>
      <ImportOutcome outcome={outcome} render={(r) => <AreaReport report={r} />} />
    </section>
  );
}

function IncidentImport() {
  const i = useI18n();
  const { t } = i;
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome<IncidentImportReport>>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setOutcome({ kind: 'error', message: (x) => x.t('noFile'), details: [] });
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'report', report: await api<IncidentImportReport>('/api/incidents/import', { method: 'POST', form }) });
    } catch (err) {
      setOutcome(failure(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="incidents-h">
      <h2 id="incidents-h">{t('importIncidentsTitle')}</h2>
      <p className="muted">{t('importIncidentsHint')}</p>
      <form className="form" onSubmit={submit} data-testid="incident-import">
        <FilePicker label={t('file')} accept=".csv,.xlsx,.geojson,.json" file={file} onChange={setFile} />
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? t('uploading') : t('upload')}
          </button>
        </div>
      </form>
      <ImportOutcome outcome={outcome} render={(r) => <IncidentReport report={r} />} />
    </section>
  );
}

function ImportOutcome<R>({ outcome, render }: { outcome: Outcome<R>; render(r: R): ReactNode }) {
  const i = useI18n();
  const { t } = i;
  if (!outcome) return null;
  if (outcome.kind === 'report') {
    return (
      <div className="import-result" data-testid="import-report">
        <Alert kind="success">{t('importDone')}</Alert>
        {render(outcome.report)}
      </div>
    );
  }
  return (
    <div className="import-result" data-testid="import-errors">
      <Alert kind="error">{outcome.message(i)}</Alert>
      <ErrorDetailsTable details={outcome.details} />
    </div>
  );
}

function AreaReport({ report }: { report: AreaImportReport }) {
  const i = useI18n();
  const { t } = i;
  return (
    <>
      <dl className="dl">
        <dt>{t('reportFile')}</dt>
        <dd>{report.file}</dd>
        <dt>{t('reportFormat')}</dt>
        <dd>{report.format}</dd>
        <dt>{t('reportInserted')}</dt>
        <dd>{i.num(report.inserted)}</dd>
        <dt>{t('reportUpdated')}</dt>
        <dd>{i.num(report.updated)}</dd>
        <dt>{t('reportByLevel')}</dt>
        <dd>
          {Object.entries(report.byLevel ?? {})
            .map(([lvl, n]) => `${t(`level_${lvl}` as MessageKey) ?? lvl} ${i.num(n)}`)
            .join(' · ') || '–'}
        </dd>
      </dl>
      {report.repaired?.length > 0 && (
        <details className="report-list">
          <summary>
            {t('reportRepaired')} ({i.num(report.repaired.length)})
          </summary>
          <ul>
            {report.repaired.map((r, k) => (
              <li key={k}>
                <code>{r.code}</code> {r.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings?.length > 0 && (
        <details className="report-list" open>
          <summary>
            {t('reportWarnings')} ({i.num(report.warnings.length)})
          </summary>
          <ul>
            {report.warnings.map((w, k) => (
              <li key={k}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function IncidentReport({ report }: { report: IncidentImportReport }) {
  const i = useI18n();
  const { t } = i;
  return (
    <dl className="dl">
      <dt>{t('reportFile')}</dt>
      <dd>{report.file}</dd>
      <dt>{t('reportFormat')}</dt>
      <dd>{report.format}</dd>
      <dt>{t('reportRows')}</dt>
      <dd>{i.num(report.rows)}</dd>
      <dt>{t('reportInserted')}</dt>
      <dd>{i.num(report.inserted)}</dd>
      <dt>{t('reportUpdated')}</dt>
      <dd>{i.num(report.updated)}</dd>
      <dt>{t('reportNearest')}</dt>
      <dd>{i.num(report.assignedNearest)}</dd>
      <dt>{t('reportSeconds')}</dt>
      <dd>{i.num(report.seconds, 1)}</dd>
    </dl>
  );
}
