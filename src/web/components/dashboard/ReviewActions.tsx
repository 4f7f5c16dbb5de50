/**
 * Decisions (มติที่ประชุม) and action items (ข้อสั่งการ) of a review meeting, and the items carried
 * from earlier quarters: owner (an agency or a person), due date in the Buddhist Era, status
 * (ดำเนินการ / แล้วเสร็จ / ยกเลิก) with a note, an overdue badge. Writers add, edit and delete; the
 * form checks what the server would refuse before sending.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import type { ReviewAction } from '../../../shared/dashboard-types.ts';
import { Alert, errorText, type Msg } from '../common.tsx';
import { isoDay } from './dashboard-logic.ts';
import { DateEcho } from './ReviewMeeting.tsx';

/** An agency as the owner select needs it (GET /api/agencies gives more). */
export interface AgencyOption {
  id: number;
  code: string;
  nameTh: string;
  nameEn: string | null;
}

type Kind = ReviewAction['kind'];
type Status = ReviewAction['status'];

interface Draft {
  kind: Kind;
  text: string;
  ownerAgencyId: number | null;
  ownerName: string;
  dueDate: string;
  status: Status;
  statusNote: string;
}

const emptyDraft = (kind: Kind): Draft => ({ kind, text: '', ownerAgencyId: null, ownerName: '', dueDate: '', status: 'open', statusNote: '' });
const draftOf = (a: ReviewAction): Draft => ({
  kind: a.kind,
  text: a.text,
  ownerAgencyId: a.owner.agencyId,
  ownerName: a.owner.name,
  dueDate: a.dueDate ?? '',
  status: a.status,
  statusNote: a.statusNote,
});

type Errors = Partial<Record<'text' | 'owner' | 'dueDate', string>>;

function check(d: Draft, i: I18n): Errors {
  const e: Errors = {};
  if (!d.text.trim()) e.text = i.t('reviewErrText');
  if (d.kind === 'action' && d.ownerAgencyId === null && !d.ownerName.trim()) e.owner = i.t('reviewErrOwner');
  if (d.kind === 'action' && !d.dueDate) e.dueDate = i.t('reviewErrDue');
  return e;
}

/**
 * The API body. No owner agency and no due date are left out rather than sent as null: the
 * server reads a missing field as "none", while its validator coerces a null integer to 0.
 */
function body(d: Draft, withStatus: boolean) {
  return {
    kind: d.kind,
    text: d.text.trim(),
    ...(d.ownerAgencyId !== null ? { ownerAgencyId: d.ownerAgencyId } : {}),
    ownerName: d.ownerName.trim(),
    ...(d.dueDate ? { dueDate: d.dueDate } : {}),
    ...(withStatus ? { status: d.kind === 'decision' ? 'open' : d.status, statusNote: d.statusNote.trim() } : {}),
  };
}

function ActionForm(props: {
  initial: Draft;
  agencies: AgencyOption[];
  editing: boolean;
  onSubmit(d: Draft): Promise<void>;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const i = useI18n();
  const { t } = i;
  const [d, setD] = useState<Draft>(props.initial);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const p = props.idPrefix;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check(d, i);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await props.onSubmit(d);
      if (!props.editing) setD(emptyDraft(d.kind));
    } catch (err) {
      setFailure(() => (x: I18n) => errorText(err, x));
    } finally {
      setBusy(false);
    }
  };
  const isAction = d.kind === 'action';

  return (
    <form className="form dash-action-form no-print" onSubmit={submit} noValidate>
      <div className="form-grid">
        <fieldset className="field field-wide dash-kind">
          <legend>{t('reviewKind')}</legend>
          {(['action', 'decision'] as const).map((k) => (
            <label key={k} className="check">
              <input type="radio" name={`${p}-kind`} value={k} checked={d.kind === k} onChange={() => setD({ ...d, kind: k })} /> {t(`reviewKind_${k}`)}
            </label>
          ))}
        </fieldset>
        <label className="field field-wide">
          <span>{t('reviewText')}</span>
          <textarea name="text" rows={2} maxLength={4000} value={d.text} aria-invalid={!!errors.text} onChange={(e) => setD({ ...d, text: e.target.value })} />
          {errors.text && <span className="hint hint-error">{errors.text}</span>}
        </label>
        <label className="field">
          <span>{t('reviewOwnerAgency')}</span>
          <select
            name="ownerAgencyId"
            value={d.ownerAgencyId ?? ''}
            aria-invalid={!!errors.owner}
            onChange={(e) => setD({ ...d, ownerAgencyId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('reviewOwnerNone')}</option>
            {props.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {i.name(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reviewOwnerName')}</span>
          <input type="text" name="ownerName" maxLength={300} placeholder={t('reviewOwnerNameHint')} value={d.ownerName} aria-invalid={!!errors.owner} onChange={(e) => setD({ ...d, ownerName: e.target.value })} />
        </label>
        {errors.owner && <span className="hint hint-error field-wide">{errors.owner}</span>}
        <label className="field">
          <span>{t('reviewDue')}</span>
          <input type="date" name="dueDate" value={d.dueDate} aria-invalid={!!errors.dueDate} onChange={(e) => setD({ ...d, dueDate: e.target.value })} />
          <DateEcho value={d.dueDate} />
          {errors.dueDate && <span className="hint hint-error">{errors.dueDate}</span>}
        </label>
        {props.editing && isAction && (
          <>
            <label className="field">
              <span>{t('reviewStatus')}</span>
              <select name="status" value={d.status} onChange={(e) => setD({ ...d, status: e.target.value as Status })}>
                {(['open', 'done', 'dropped'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`reviewStatus_${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-wide">
              <span>{t('reviewNote')}</span>
              <textarea name="statusNote" rows={2} maxLength={4000} value={d.statusNote} onChange={(e) => setD({ ...d, statusNote: e.target.value })} />
            </label>
          </>
        )}
      </div>
      {failure && <Alert kind="error">{failure(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {props.editing ? t('reviewSave') : t('reviewAdd')}
        </button>
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            {t('reviewCancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function ownerText(a: ReviewAction): string {
  const parts = [a.owner.agencyTh, a.owner.name].filter((x): x is string => !!x);
  return parts.length ? parts.join(' – ') : '—';
}

function StatusCell({ a }: { a: ReviewAction }) {
  const i = useI18n();
  if (a.kind === 'decision') return <span className="muted">–</span>;
  return (
    <>
      <span className={`badge dash-action-${a.status}`}>{i.t(`reviewStatus_${a.status}`)}</span>
      {a.overdue && (
        <span className="badge dash-overdue">
          <span aria-hidden="true">⚠ </span>
          {i.t('reviewOverdue')}
        </span>
      )}
      {a.closedAt && a.status !== 'open' && <div className="small muted">{i.t('reviewClosedOn', { date: i.date(a.closedAt) })}</div>}
    </>
  );
}

/** A table of items; writers edit one in place and delete with a confirmation. */
export function ActionTable(props: {
  items: ReviewAction[];
  empty: string;
  /** Carried items show the meeting they come from. */
  carried?: boolean;
  writer: boolean;
  agencies: AgencyOption[];
  onChanged(msg: Msg): void;
  label: string;
}) {
  const i = useI18n();
  const { t, num } = i;
  const [editing, setEditing] = useState<number | null>(null);
  const [failure, setFailure] = useState<Msg | null>(null);
  if (!props.items.length) return <p className="muted">{props.empty}</p>;
  const cols = 6 + (props.carried ? 1 : 0) + (props.writer ? 1 : 0);

  const remove = async (a: ReviewAction) => {
    if (!window.confirm(t('reviewDeleteConfirm', { text: a.text.slice(0, 80) }))) return;
    setFailure(null);
    try {
      await api(`/api/review-actions/${a.id}`, { method: 'DELETE' });
      props.onChanged((x) => x.t('reviewDeleted'));
    } catch (err) {
      setFailure(() => (x: I18n) => errorText(err, x));
    }
  };

  return (
    <>
      {failure && <Alert kind="error">{failure(i)}</Alert>}
      <div className="table-wrap">
        <table className="table dash-action-table" aria-label={props.label}>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('reviewColNo')}
              </th>
              {props.carried && <th scope="col">{t('reviewColFrom')}</th>}
              <th scope="col">{t('reviewColText')}</th>
              <th scope="col">{t('reviewColOwner')}</th>
              <th scope="col">{t('reviewColDue')}</th>
              <th scope="col">{t('reviewColStatus')}</th>
              <th scope="col">{t('reviewColNote')}</th>
              {props.writer && <th scope="col" className="no-print" />}
            </tr>
          </thead>
          <tbody>
            {props.items.map((a, k) =>
              editing === a.id ? (
                <tr key={a.id} className="dash-editing">
                  <td colSpan={cols}>
                    <ActionForm
                      idPrefix={`edit-${a.id}`}
                      initial={draftOf(a)}
                      agencies={props.agencies}
                      editing
                      onCancel={() => setEditing(null)}
                      onSubmit={async (d) => {
                        await api(`/api/review-actions/${a.id}`, { method: 'PUT', json: body(d, true) });
                        setEditing(null);
                        props.onChanged((x) => x.t('reviewUpdated'));
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={a.id} data-id={a.id} className={a.overdue ? 'dash-row-overdue' : undefined}>
                  <td className="num">{num(k + 1)}</td>
                  {props.carried && <td className="nowrap">{i.fiscalQuarter(a.fiscalYear, a.quarter)}</td>}
                  <td className="dash-pre">
                    {props.carried && <span className="dash-kind-tag">{t(`reviewKind_${a.kind}`)}</span>}
                    {a.text}
                  </td>
                  <td>{ownerText(a)}</td>
                  <td className="nowrap">{a.dueDate ? i.date(isoDay(a.dueDate)) : '—'}</td>
                  <td>
                    <StatusCell a={a} />
                  </td>
                  <td className="dash-pre">{a.statusNote || ''}</td>
                  {props.writer && (
                    <td className="nowrap no-print">
                      <button type="button" className="btn btn-small" aria-label={t('reviewEditAria', { text: a.text })} onClick={() => setEditing(a.id)}>
                        {t('reviewEdit')}
                      </button>{' '}
                      <button type="button" className="btn btn-small" aria-label={t('reviewDeleteAria', { text: a.text })} onClick={() => void remove(a)}>
                        {t('reviewDelete')}
                      </button>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The meeting's decisions and action items, and the form that adds one. */
export function ReviewActionsSection(props: {
  province: string;
  fy: number;
  quarter: number;
  actions: ReviewAction[];
  writer: boolean;
  agencies: AgencyOption[];
  onChanged(msg: Msg): void;
}) {
  const { t } = useI18n();
  const decisions = props.actions.filter((a) => a.kind === 'decision');
  const items = props.actions.filter((a) => a.kind === 'action');
  return (
    <section className="dash-section dash-actions" aria-labelledby="review-actions-title">
      <h2 id="review-actions-title">{t('reviewActionsTitle')}</h2>
      <h3>{t('reviewDecisions')}</h3>
      <ActionTable items={decisions} empty={t('reviewNoDecisions')} writer={props.writer} agencies={props.agencies} onChanged={props.onChanged} label={t('reviewDecisions')} />
      <h3>{t('reviewActionItems')}</h3>
      <ActionTable items={items} empty={t('reviewNoActions')} writer={props.writer} agencies={props.agencies} onChanged={props.onChanged} label={t('reviewActionItems')} />
      {props.writer && (
        <div className="card dash-add-card no-print">
          <h3>{t('reviewAdd')}</h3>
          <ActionForm
            idPrefix="add"
            initial={emptyDraft('action')}
            agencies={props.agencies}
            editing={false}
            onSubmit={async (d) => {
              await api(`/api/reviews/${props.province}/${props.fy}/${props.quarter}/actions`, { method: 'POST', json: body(d, false) });
              props.onChanged((x) => x.t('reviewAdded'));
            }}
          />
        </div>
      )}
    </section>
  );
}
