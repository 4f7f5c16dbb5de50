/**
 * The workflow of one target list version: what it is (status, who did what and when, the
 * declaration and its scanned order), the exports, and the next steps the user's role allows:
 * submit a draft, return a submitted list to draft, declare it (administrators), amend a
 * declared list into a new draft version.
 */
import { useState, type ReactNode } from 'react';
import { api, type Me } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, FilePicker, type Msg } from '../common.tsx';
import { actionErrorText, canDeclare, canWrite, isOrderFile, ORDER_ACCEPT, ORDER_MAX_BYTES, orderDateText, orderLine, sizeText, statusText } from './target-text.ts';
import type { TargetList, TargetListWithAreas } from './types.ts';

/** The status of a list as a coloured badge. */
export function TargetStatusBadge({ list }: { list: Pick<TargetList, 'status'> }) {
  const i = useI18n();
  return <span className={`badge target-status target-status-${list.status}`}>{statusText(list.status, i)}</span>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Who and when, as "name · date time". */
/** Who did something and when: on one line, or in a table cell with the time below the name. */
export function ByAt({ by, at, stacked }: { by: string | null; at: string; stacked?: boolean }) {
  const i = useI18n();
  if (stacked) {
    return (
      <>
        {by ?? '—'}
        <span className="targets-when">{i.date(at, { time: true })}</span>
      </>
    );
  }
  return (
    <>
      {by ?? '—'} · {i.date(at, { time: true })}
    </>
  );
}

/** The facts of a list version. */
export function TargetFacts({ list, runLabel }: { list: TargetList; runLabel?: string }) {
  const i = useI18n();
  const { t, num } = i;
  const rule = list.sourceRule;
  return (
    <dl className="dl dl-compact targets-facts">
      <Row label={t('targetsStatus')}>
        <TargetStatusBadge list={list} />
      </Row>
      <Row label={t('targetsCreated')}>
        <ByAt by={list.createdBy} at={list.createdAt} />
      </Row>
      {list.reason && <Row label={list.version > 1 ? t('targetsAmendReasonLabel') : t('targetsCreateReasonLabel')}>{list.reason}</Row>}
      {list.sourceRunId != null && (
        <Row label={t('targetsSource')}>
          {runLabel ?? t('targetsRunNumber', { id: list.sourceRunId })}
          {rule && (
            <span className="targets-rule">
              {' '}
              ·{' '}
              {[
                rule.top != null ? t('targetsRuleTop', { n: num(rule.top) }) : null,
                rule.minScore != null ? t('targetsRuleMin', { v: num(rule.minScore, 3) }) : null,
                rule.perCategory ? t('targetsRankPerCategory') : t('targetsRankOverall'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          )}
        </Row>
      )}
      {list.submittedAt && (
        <Row label={t('targetsSubmitted')}>
          <ByAt by={list.submittedBy} at={list.submittedAt} />
        </Row>
      )}
      {list.declarationDate && (
        <>
          <Row label={t('targetsOrder')}>
            <strong className="targets-order-line">
              {orderLine(list, i)}
            </strong>
          </Row>
          {list.declaredAt && (
            <Row label={t('targetsDeclaredRecord')}>
              <ByAt by={list.declaredBy} at={list.declaredAt} />
            </Row>
          )}
          <Row label={t('targetsOrderFile')}>
            {list.orderFile ? (
              <a href={list.orderFile.url} className="targets-order-link" download>
                {list.orderFile.filename} ({sizeText(list.orderFile.size, i)})
              </a>
            ) : (
              <span className="muted">{t('targetsNoOrderFile')}</span>
            )}
          </Row>
        </>
      )}
      {list.supersededAt && <Row label={t('targetsSupersededAt')}>{i.date(list.supersededAt, { time: true })}</Row>}
    </dl>
  );
}

/** CSV, XLSX, GeoJSON and PDF of a list. */
export function TargetExports({ list }: { list: TargetList }) {
  const { t } = useI18n();
  const base = `/api/targets/${list.id}/export`;
  return (
    <div className="targets-exports" role="group" aria-label={t('targetsExport')}>
      <span>{t('targetsExport')}</span>
      <a className="btn btn-small" href={`${base}.pdf`} download>
        PDF
      </a>
      <a className="btn btn-small" href={`${base}.xlsx`} download>
        Excel (XLSX)
      </a>
      <a className="btn btn-small" href={`${base}.csv`} download>
        CSV
      </a>
      <a className="btn btn-small" href={`${base}.geojson`} download>
        GeoJSON
      </a>
    </div>
  );
}

type Open = 'return' | 'declare' | 'amend' | 'submit' | null;

/** Today as YYYY-MM-DD in Thailand (the order is dated in local time). */
function todayInThailand(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The next steps for this version and this user. */
export function TargetActions({ list, me, onChanged, onAmended }: { list: TargetList; me: Me; onChanged(l: TargetList): void; onAmended(created: TargetListWithAreas): void }) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState<Open>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(todayInThailand);
  const [reference, setReference] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg; field?: string } | null>(null);
  const writer = canWrite(me.role);
  const declarer = canDeclare(me.role);

  const show = (o: Open) => {
    setOpen(o);
    setError(null);
    setReason('');
  };

  const run = async (what: Exclude<Open, null>) => {
    setError(null);
    if ((what === 'return' || what === 'amend') && !reason.trim()) {
      return setError({ msg: (x) => x.t(what === 'return' ? 'targetsErrReasonReturn' : 'targetsErrReasonAmend'), field: 'reason' });
    }
    if (what === 'declare') {
      if (!date) return setError({ msg: (x) => x.t('targetsErrDate'), field: 'date' });
      if (!reference.trim()) return setError({ msg: (x) => x.t('targetsErrReference'), field: 'reference' });
      if (file && !isOrderFile(file)) return setError({ msg: (x) => x.t('targetsErrOrderType'), field: 'file' });
      if (file && file.size > ORDER_MAX_BYTES) return setError({ msg: (x) => x.t('targetsErrOrderTooLarge'), field: 'file' });
    }
    setBusy(true);
    try {
      if (what === 'submit') onChanged(await api<TargetList>(`/api/targets/${list.id}/submit`, { method: 'POST' }));
      else if (what === 'return') onChanged(await api<TargetList>(`/api/targets/${list.id}/return`, { method: 'POST', json: { reason: reason.trim() } }));
      else if (what === 'declare') {
        const form = new FormData();
        form.set('declarationDate', date);
        form.set('referenceNumber', reference.trim());
        if (file) form.set('order', file, file.name);
        onChanged(await api<TargetList>(`/api/targets/${list.id}/declare`, { method: 'POST', form }));
      } else onAmended(await api<TargetListWithAreas>(`/api/targets/${list.id}/amend`, { method: 'POST', json: { reason: reason.trim() } }));
      setOpen(null);
      setReason('');
    } catch (err) {
      const key = ({ submit: 'targetsErrSubmit', return: 'targetsErrReturn', declare: 'targetsErrDeclare', amend: 'targetsErrAmend' } as const)[what];
      setError({ msg: (x) => actionErrorText(err, key, x) });
    } finally {
      setBusy(false);
    }
  };

  const note = (() => {
    if (list.status === 'superseded') return t('targetsNoteSuperseded');
    if (!writer) return t('targetsNoteReadOnly');
    if (list.status === 'submitted' && !declarer) return t('targetsNoteAwaitDeclare');
    if (list.status === 'declared') return t('targetsNoteDeclared');
    return null;
  })();

  const reasonBox = (label: string, hint?: string) => (
    <label className="field field-wide">
      <span>{label}</span>
      <textarea name="workflow-reason" rows={2} maxLength={2000} value={reason} aria-invalid={error?.field === 'reason'} onChange={(e) => setReason(e.target.value)} />
      {hint && <span className="hint">{hint}</span>}
    </label>
  );

  return (
    <section className="targets-workflow" aria-label={t('targetsWorkflow')}>
      {note && <p className="targets-note">{note}</p>}
      {writer && (
        <div className="targets-workflow-buttons">
          {list.status === 'draft' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => show(open === 'submit' ? null : 'submit')}>
              {t('targetsSubmit')}
            </button>
          )}
          {list.status === 'submitted' && declarer && (
            <button type="button" className="btn btn-primary" onClick={() => show(open === 'declare' ? null : 'declare')}>
              {t('targetsDeclare')}
            </button>
          )}
          {list.status === 'submitted' && (
            <button type="button" className="btn" onClick={() => show(open === 'return' ? null : 'return')}>
              {t('targetsReturn')}
            </button>
          )}
          {list.status === 'declared' && (
            <button type="button" className="btn btn-primary" onClick={() => show(open === 'amend' ? null : 'amend')}>
              {t('targetsAmend')}
            </button>
          )}
        </div>
      )}
      {open && (
        <form
          className={`card targets-action-form targets-action-${open}`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(open);
          }}
        >
          {open === 'submit' && (
            <p>{t('targetsSubmitConfirm', { n: i.num(list.areaCount) })}</p>
          )}
          {open === 'return' && reasonBox(t('targetsReturnReason'), t('targetsReturnHint'))}
          {open === 'amend' && reasonBox(t('targetsAmendReason'), t('targetsAmendHint', { v: i.num(list.version + 1) }))}
          {open === 'declare' && (
            <div className="form-grid">
              <p className="field-wide targets-declare-intro">{t('targetsDeclareIntro')}</p>
              <label className="field">
                <span>{t('targetsDeclarationDate')}</span>
                <input type="date" name="declarationDate" value={date} aria-invalid={error?.field === 'date'} onChange={(e) => setDate(e.target.value)} />
                <span className="hint">{date ? orderDateText(date, i) : t('targetsDateHint')}</span>
              </label>
              <label className="field">
                <span>{t('targetsReferenceNumber')}</span>
                <input type="text" name="referenceNumber" maxLength={200} value={reference} placeholder={t('targetsReferencePlaceholder')} aria-invalid={error?.field === 'reference'} onChange={(e) => setReference(e.target.value)} />
              </label>
              <div className="field-wide">
                <FilePicker accept={ORDER_ACCEPT} file={file} onChange={setFile} label={t('targetsOrderUpload')} />
                <span className="hint">{t('targetsOrderUploadHint')}</span>
              </div>
            </div>
          )}
          {error && <Alert kind="error">{error.msg(i)}</Alert>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy
                ? t('targetsSaving')
                : t(({ submit: 'targetsSubmitGo', return: 'targetsReturnGo', declare: 'targetsDeclareGo', amend: 'targetsAmendGo' } as const)[open])}
            </button>
            <button type="button" className="btn" onClick={() => show(null)}>
              {t('targetsCancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
