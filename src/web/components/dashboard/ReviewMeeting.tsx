/**
 * The record of a quarter's review meeting: date, place, chair, attendees and summary. Writers
 * (admin, analyst) get the form on screen; the printout and everyone else get the record as text.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { ReviewMeeting as Meeting } from '../../../shared/dashboard-types.ts';
import { Alert, errorText, type Msg } from '../common.tsx';
import { isoDay } from './dashboard-logic.ts';

interface Draft {
  heldOn: string;
  place: string;
  chair: string;
  attendees: string;
  summary: string;
}

const draftOf = (m: Meeting | null): Draft => ({
  heldOn: m?.heldOn ?? '',
  place: m?.place ?? '',
  chair: m?.chair ?? '',
  attendees: m?.attendees ?? '',
  summary: m?.summary ?? '',
});

/** A YYYY-MM-DD date shown in the Buddhist Era beside a date field (the field itself follows the browser). */
export function DateEcho({ value }: { value: string }) {
  const i = useI18n();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return <span className="hint">{i.t('reviewDateIs', { date: i.date(isoDay(value), { long: true }) })}</span>;
}

function MeetingText({ meeting }: { meeting: Meeting | null }) {
  const i = useI18n();
  const { t } = i;
  if (!meeting || (!meeting.heldOn && !meeting.place && !meeting.chair && !meeting.attendees && !meeting.summary)) {
    return <p className="muted">{t('reviewNoMeeting')}</p>;
  }
  return (
    <dl className="dl dash-meeting-dl">
      <dt>{t('reviewHeldOn')}</dt>
      <dd>{meeting.heldOn ? i.date(isoDay(meeting.heldOn), { long: true }) : '—'}</dd>
      <dt>{t('reviewPlace')}</dt>
      <dd>{meeting.place || '—'}</dd>
      <dt>{t('reviewChair')}</dt>
      <dd>{meeting.chair || '—'}</dd>
      <dt>{t('reviewAttendees')}</dt>
      <dd className="dash-pre">{meeting.attendees || '—'}</dd>
      <dt>{t('reviewSummary')}</dt>
      <dd className="dash-pre">{meeting.summary || '—'}</dd>
    </dl>
  );
}

export function ReviewMeetingSection(props: { province: string; fy: number; quarter: number; meeting: Meeting | null; writer: boolean; onSaved(): void }) {
  const i = useI18n();
  const { t } = i;
  const { province, fy, quarter, meeting, writer } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(meeting));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; msg: Msg } | null>(null);
  // The server's copy changed (a save): follow it. A reload after adding an action item brings the
  // same copy and must not wipe what is being typed.
  const serverCopy = JSON.stringify(draftOf(meeting));
  useEffect(() => setDraft(JSON.parse(serverCopy) as Draft), [serverCopy]);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await api(`/api/reviews/${province}/${fy}/${quarter}`, { method: 'PUT', json: draft.heldOn ? draft : { ...draft, heldOn: undefined } });
      setNotice({ kind: 'success', msg: (x) => x.t('reviewMeetingSaved') });
      props.onSaved();
    } catch (err) {
      setNotice({ kind: 'error', msg: (x) => errorText(err, x) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="dash-section dash-meeting" aria-labelledby="review-meeting-title">
      <h2 id="review-meeting-title">{t('reviewMeetingTitle')}</h2>
      <div className={writer ? 'print-only' : undefined}>
        <MeetingText meeting={meeting} />
      </div>
      {writer && (
        <form className="form dash-meeting-form no-print" onSubmit={submit} aria-labelledby="review-meeting-title">
          <div className="form-grid">
            <label className="field">
              <span>{t('reviewHeldOn')}</span>
              <input type="date" name="heldOn" value={draft.heldOn} onChange={set('heldOn')} />
              <DateEcho value={draft.heldOn} />
            </label>
            <label className="field">
              <span>{t('reviewPlace')}</span>
              <input type="text" name="place" maxLength={500} value={draft.place} onChange={set('place')} />
            </label>
            <label className="field">
              <span>{t('reviewChair')}</span>
              <input type="text" name="chair" maxLength={300} value={draft.chair} onChange={set('chair')} />
            </label>
            <label className="field field-wide">
              <span>{t('reviewAttendees')}</span>
              <textarea name="attendees" rows={3} maxLength={10000} value={draft.attendees} onChange={set('attendees')} />
            </label>
            <label className="field field-wide">
              <span>{t('reviewSummary')}</span>
              <textarea name="summary" rows={4} maxLength={20000} value={draft.summary} onChange={set('summary')} />
            </label>
          </div>
          {notice && <Alert kind={notice.kind}>{notice.msg(i)}</Alert>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('reviewSaveMeeting')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
