/**
 * Moderation of one comment or need: "hide" asks for the reason (required, kept and audited),
 * "show again" undoes it. The parent gets the item as the server returns it.
 */
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, errorText, type Msg } from '../common.tsx';
import { FEEDBACK_LIMITS } from '../../../shared/feedback-types.ts';

export function HideControls<T>(props: {
  /** /api/feedback/12 or /api/needs/7 */
  base: string;
  hidden: boolean;
  /** "ซ่อนความคิดเห็น" / "ซ่อนความต้องการ" */
  hideLabel: string;
  onDone(item: T, hidden: boolean): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const send = async (hide: boolean) => {
    if (hide) {
      const r = reason.trim();
      if (!r) return setError({ msg: (x) => x.t('feedbackErrReason') });
      if (r.length > FEEDBACK_LIMITS.reasonChars) return setError({ msg: (x) => x.t('feedbackErrTooLong', { n: x.num(FEEDBACK_LIMITS.reasonChars) }) });
    }
    setBusy(true);
    setError(null);
    try {
      const item = await api<T>(`${props.base}/${hide ? 'hide' : 'unhide'}`, { method: 'POST', json: hide ? { reason: reason.trim() } : {} });
      setOpen(false);
      setReason('');
      props.onDone(item, hide);
    } catch (err) {
      setError({ msg: (x) => errorText(err, x) });
    } finally {
      setBusy(false);
    }
  };

  if (props.hidden) {
    return (
      <>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => send(false)}>
          {t('feedbackUnhide')}
        </button>
        {error && <Alert kind="error">{error.msg(i)}</Alert>}
      </>
    );
  }
  if (!open) {
    return (
      <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setOpen(true)}>
        {props.hideLabel}
      </button>
    );
  }
  return (
    <form
      className="fb-hide-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(true);
      }}
    >
      <label className="fb-hide-label" htmlFor={`${id}-reason`}>
        {t('feedbackHideReason')}
      </label>
      <textarea
        id={`${id}-reason`}
        name="hide-reason"
        rows={2}
        value={reason}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        autoFocus
      />
      <span className="hint">{t('feedbackHideHint')}</span>
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-danger" disabled={busy}>
          {t('feedbackHideConfirm')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
