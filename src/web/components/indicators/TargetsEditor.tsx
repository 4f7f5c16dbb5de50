/**
 * The targets of an indicator per fiscal year: a trajectory (one target per year of the plan) and
 * the target of every other year, with the status rule each target gives. Writers add and remove
 * years and change the numbers; the table is checked before it is sent and the server's refusals
 * are shown under the cell they name. Stored values keep their status until they are computed
 * again, which the page says after a save.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import { statusRule } from '../../../shared/indicator-definition.ts';
import type { Indicator } from '../../../shared/indicator-types.ts';
import { cellKey, checkTargets, targetDetailKey, targetRow, type TargetRow } from './indicator-form.ts';
import { formatTarget, parseNumber, serverFieldErrors, serverMessageText, type FieldErrors } from './indicator-text.ts';

function rulePreview(ind: Indicator, text: string, lang: 'th' | 'en'): string | null {
  const n = parseNumber(text);
  if (n === null) return null;
  const r = statusRule(n, ind.direction, ind.atRiskMargin, ind.unit);
  return r ? r[lang] : null;
}

const rowsOf = (ind: Indicator) => ind.targets.map((t) => targetRow(t));

export function TargetsEditor({ ind, writer, thisFy, onSaved }: { ind: Indicator; writer: boolean; thisFy: number; onSaved(ind: Indicator): void }) {
  const i = useI18n();
  const { t } = i;
  const [rows, setRows] = useState<TargetRow[]>(() => rowsOf(ind));
  const [defaultText, setDefaultText] = useState(ind.defaultTarget === null ? '' : String(ind.defaultTarget));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<{ kind: 'error' | 'success'; msg: Msg } | null>(null);
  const [busy, setBusy] = useState(false);

  const edit = (key: number, patch: Partial<TargetRow>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setSummary(null);
  };
  const addYear = () => {
    const years = rows.map((r) => parseNumber(r.fiscalYear)).filter((n): n is number => n !== null);
    const next = years.length ? Math.max(...years) + 1 : thisFy;
    setRows((rs) => [...rs, targetRow({ fiscalYear: next })]);
    setSummary(null);
    requestAnimationFrame(() => (document.querySelector('.ind-targets tbody tr:last-child input[name=target-value]') as HTMLInputElement | null)?.focus());
  };
  const reset = () => {
    setRows(rowsOf(ind));
    setDefaultText(ind.defaultTarget === null ? '' : String(ind.defaultTarget));
    setErrors({});
    setSummary(null);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkTargets(rows, defaultText);
    setErrors(checked.errors);
    if (!checked.body) {
      setSummary({ kind: 'error', msg: (x) => x.t('indicatorsPageErrCheckFields') });
      return;
    }
    setBusy(true);
    setSummary(null);
    try {
      const saved = await api<Indicator>(`/api/indicators/${ind.id}/targets`, { method: 'PUT', json: checked.body });
      setRows(rowsOf(saved));
      setDefaultText(saved.defaultTarget === null ? '' : String(saved.defaultTarget));
      setErrors({});
      setSummary({ kind: 'success', msg: (x) => x.t('indicatorsPageTargetsSaved') });
      onSaved(saved);
    } catch (err) {
      // The server names cells by their place in the list sent, which is the table's order.
      const { other } = serverFieldErrors(err, []);
      const fields: FieldErrors = {};
      const rest: Msg[] = [];
      for (const d of err instanceof ApiError ? err.details : []) {
        const k = targetDetailKey(d.field, rows);
        if (k) fields[k] = (x) => serverMessageText(d.message, x);
        else rest.push((x) => serverMessageText(d.message, x));
      }
      setErrors(fields);
      const all = [...rest, ...(Object.keys(fields).length || rest.length ? [] : other)];
      setSummary({ kind: 'error', msg: (x) => [x.t('indicatorsPageTargetsFailed'), ...all.map((m) => m(x))].join(' ') });
    } finally {
      setBusy(false);
    }
  };

  const err = (k: string) => (errors[k] ? <span className="hint-error" id={`ind-err-${k}`}>{errors[k](i)}</span> : null);
  const invalid = (k: string) => (errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `ind-err-${k}` } : {});
  const sorted = [...ind.targets].sort((a, b) => a.fiscalYear - b.fiscalYear);

  if (!writer) {
    return (
      <section className="ind-targets" aria-labelledby="ind-targets-title">
        <h3 id="ind-targets-title">{t('indicatorsPageTargetsTitle')}</h3>
        {sorted.length > 0 ? (
          <div className="table-wrap">
            <table className="table ind-targets-table">
              <thead>
                <tr>
                  <th scope="col">{t('indicatorsFiscalYear')}</th>
                  <th scope="col" className="num">{t('indicatorsTarget')}</th>
                  <th scope="col">{t('indicatorsRule')}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((x) => (
                  <tr key={x.fiscalYear}>
                    <td>{x.fiscalYear}</td>
                    <td className="num">{formatTarget(x.target, ind, i)}</td>
                    <td className="ind-rule">{rulePreview(ind, String(x.target), i.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('indicatorsPageNoTrajectory')}</p>
        )}
        <p>
          <strong>{t('indicatorsPageDefaultTarget')}:</strong> {ind.defaultTarget === null ? t('indicatorsPageNone') : formatTarget(ind.defaultTarget, ind, i)}
        </p>
      </section>
    );
  }

  return (
    <form className="ind-targets" aria-labelledby="ind-targets-title" onSubmit={(e) => void save(e)} noValidate>
      <h3 id="ind-targets-title">{t('indicatorsPageTargetsTitle')}</h3>
      <p className="muted small">{t('indicatorsPageTargetsHint')}</p>
      <div className="table-wrap">
        <table className="table ind-targets-table">
          <thead>
            <tr>
              <th scope="col">{t('indicatorsFiscalYear')}</th>
              <th scope="col">{t('indicatorsTarget')}</th>
              <th scope="col">{t('indicatorsRule')}</th>
              <th scope="col">
                <span className="sr-only">{t('indicatorsPageRemoveYear')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, k) => (
              <tr key={r.key} data-row={k}>
                <td data-label={t('indicatorsFiscalYear')}>
                  <input
                    type="text"
                    inputMode="numeric"
                    name="target-year"
                    className="ind-year-input"
                    aria-label={t('indicatorsPageYearOfRow', { row: k + 1 })}
                    value={r.fiscalYear}
                    onChange={(e) => edit(r.key, { fiscalYear: e.target.value })}
                    {...invalid(cellKey(r, 'fiscalYear'))}
                  />
                  {err(cellKey(r, 'fiscalYear'))}
                </td>
                <td data-label={t('indicatorsTarget')}>
                  <input
                    type="text"
                    inputMode="decimal"
                    name="target-value"
                    className="ind-target-input"
                    aria-label={t('indicatorsPageTargetOfYear', { fy: r.fiscalYear || String(k + 1) })}
                    value={r.target}
                    onChange={(e) => edit(r.key, { target: e.target.value })}
                    {...invalid(cellKey(r, 'target'))}
                  />
                  {err(cellKey(r, 'target'))}
                </td>
                <td className="ind-rule">{rulePreview(ind, r.target, i.lang)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-quiet"
                    aria-label={t('indicatorsPageRemoveYearAria', { fy: r.fiscalYear || String(k + 1) })}
                    onClick={() => {
                      setRows((rs) => rs.filter((x) => x.key !== r.key));
                      setSummary(null);
                    }}
                  >
                    {t('indicatorsPageRemoveYear')}
                  </button>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('indicatorsPageNoTrajectory')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <button type="button" className="btn btn-small" onClick={addYear}>
        {t('indicatorsPageAddYear')}
      </button>
      <label className="field ind-default-target">
        <span>{t('indicatorsPageDefaultTarget')}</span>
        <input type="text" inputMode="decimal" name="default-target" value={defaultText} onChange={(e) => { setDefaultText(e.target.value); setSummary(null); }} {...invalid('defaultTarget')} />
        <span className="hint">{t('indicatorsPageDefaultTargetHint')}</span>
        {err('defaultTarget')}
        {rulePreview(ind, defaultText, i.lang) && <span className="ind-rule">{rulePreview(ind, defaultText, i.lang)}</span>}
      </label>
      {summary && <Alert kind={summary.kind}>{summary.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('indicatorsPageSaving') : t('indicatorsSaveTargets')}
        </button>
        <button type="button" className="btn" onClick={reset} disabled={busy}>
          {t('indicatorsPageResetTargets')}
        </button>
      </div>
    </form>
  );
}
