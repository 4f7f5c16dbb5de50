/**
 * "Show contact" on an answer or a need: asks the server for the contact details the person gave
 * with consent (each reveal is recorded in the audit log, and the page says so) and shows them
 * with the date they will be deleted.
 */
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, errorText } from '../common.tsx';

interface Contact {
  name: string;
  phone: string;
  email: string;
  consentAt: string;
  consentVersion: string;
  deleteAfter: string;
}

export function ContactReveal({ url, label }: { url: string; label: string }) {
  const i = useI18n();
  const { t } = i;
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setContact(await api<Contact>(url));
      setConfirming(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (contact) {
    return (
      <div className="fb-contact" role="region" aria-label={label}>
        <dl className="dl dl-compact">
          <dt>{t('feedbackContactName')}</dt>
          <dd>{contact.name || '—'}</dd>
          <dt>{t('feedbackContactPhone')}</dt>
          <dd>{contact.phone ? <a href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>{contact.phone}</a> : '—'}</dd>
          <dt>{t('feedbackContactEmail')}</dt>
          <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}</dd>
          <dt>{t('feedbackContactConsent')}</dt>
          <dd>{i.date(contact.consentAt, { long: true, time: true })}</dd>
          <dt>{t('feedbackContactDeleteAfter')}</dt>
          <dd>{i.date(contact.deleteAfter, { long: true })}</dd>
        </dl>
        <p className="muted small fb-audit-note">{t('feedbackContactRecorded')}</p>
        <button type="button" className="btn btn-small" onClick={() => setContact(null)}>
          {t('feedbackContactHide')}
        </button>
      </div>
    );
  }
  return (
    <div className="fb-contact-ask">
      {!confirming ? (
        <button type="button" className="btn btn-small" onClick={() => setConfirming(true)}>
          {t('feedbackContactShow')}
        </button>
      ) : (
        <div className="fb-confirm">
          <p className="small">{t('feedbackContactConfirm')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={reveal}>
              {t('feedbackContactShowConfirm')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error ? <Alert kind="error">{errorText(error, i)}</Alert> : null}
    </div>
  );
}
