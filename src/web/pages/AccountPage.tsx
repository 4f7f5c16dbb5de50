import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';

/** The server's minimum (auth/service.ts MIN_PASSWORD_LENGTH); checked here only to answer sooner. */
export const MIN_PASSWORD_LENGTH = 10;

/** A Thai or English sentence for the password errors the server can give. */
export function passwordErrorText(err: unknown, i: I18n): string {
  if (err instanceof ApiError) {
    if (err.code === 'wrong_password') return i.t('currentPasswordWrong');
    const m = err.message.toLowerCase();
    if (m.includes('at least')) return i.t('passwordTooShort', { n: MIN_PASSWORD_LENGTH });
    if (m.includes('user name')) return i.t('passwordHasUsername');
    if (m.includes('differ')) return i.t('passwordSame');
  }
  return errorText(err, i);
}

export function AccountPage() {
  const i = useI18n();
  const { t } = i;
  const { me, setMe } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [done, setDone] = useState(false);
  if (!me) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next !== confirm) return setError({ msg: (x) => x.t('passwordMismatch') });
    if (next.length < MIN_PASSWORD_LENGTH) return setError({ msg: (x) => x.t('passwordTooShort', { n: MIN_PASSWORD_LENGTH }) });
    setBusy(true);
    try {
      await api('/api/auth/password', { method: 'POST', json: { currentPassword: current, newPassword: next } });
      const wasForced = me!.mustChangePassword;
      setMe({ ...me!, mustChangePassword: false });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      if (wasForced) navigate('/', { replace: true });
    } catch (err) {
      setError({ msg: (x) => passwordErrorText(err, x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('accountTitle')}>
      {me.mustChangePassword && <Alert kind="warning">{t('mustChangePassword')}</Alert>}
      <div className="cards">
        <section className="card">
          <h2>{t('changePassword')}</h2>
          <form onSubmit={submit} className="form" noValidate>
            {error && <Alert kind="error">{error.msg(i)}</Alert>}
            {done && <Alert kind="success">{t('passwordChanged')}</Alert>}
            <label className="field">
              <span>{t('currentPassword')}</span>
              <input type="password" name="currentPassword" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
            </label>
            <label className="field">
              <span>{t('newPassword')}</span>
              <input type="password" name="newPassword" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required aria-describedby="pw-rule" />
              <small id="pw-rule" className="muted">
                {t('passwordRule', { n: MIN_PASSWORD_LENGTH })}
              </small>
            </label>
            <label className="field">
              <span>{t('confirmPassword')}</span>
              <input type="password" name="confirmPassword" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
            </label>
            <button className="btn btn-primary" type="submit" disabled={busy || !current || !next || !confirm}>
              {t('changePassword')}
            </button>
          </form>
        </section>
        <section className="card">
          <h2>{t('profile')}</h2>
          <dl className="dl">
            <dt>{t('username')}</dt>
            <dd>{me.username}</dd>
            <dt>{t('displayName')}</dt>
            <dd>{me.displayName}</dd>
            <dt>{t('role')}</dt>
            <dd>{t(`role_${me.role}`)}</dd>
            <dt>{t('agency')}</dt>
            <dd>{me.agency || '–'}</dd>
            <dt>{t('areas')}</dt>
            <dd>{me.areaCodes.length ? me.areaCodes.join(', ') : t('allAreas')}</dd>
          </dl>
        </section>
      </div>
    </Page>
  );
}
