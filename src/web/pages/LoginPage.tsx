import { useState, type FormEvent } from 'react';
import { api, ApiError, type Me } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, type Msg } from '../components/common.tsx';
import { BRAND_SUBTITLE, LangSwitch } from '../components/TopBar.tsx';

/** Where to go after signing in: the `next` parameter if it is a path of this app. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const i = useI18n();
  const { t, lang } = i;
  const { setMe } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>('/api/auth/login', { method: 'POST', json: { username: username.trim(), password }, quiet401: true });
      setMe(me);
      navigate(me.mustChangePassword ? '/account' : nextPath(), { replace: true });
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError({ msg: (x) => x.t('wrongPassword') });
      else if (err instanceof ApiError && err.status === 423) {
        const until = /(\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(err.message)?.[1];
        setError({ msg: (x) => (until ? x.t('accountLocked', { time: x.date(until, { time: true }) }) : x.t('accountLockedNoTime')) });
      } else setError({ msg: (x) => errorText(err, x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page" id="main">
      <div className="lang-float">
        <LangSwitch />
      </div>
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark brand-mark-lg" aria-hidden="true" />
          <div>
            <div className="login-app">COMAP</div>
            <div className="login-sub" lang="th">
              {BRAND_SUBTITLE}
            </div>
          </div>
        </div>
        <h1>{t('signInTitle')}</h1>
        <p className="muted">{t('signInIntro')}</p>
        {error && (
          <Alert kind="error" id="login-error">
            {error.msg(i)}
          </Alert>
        )}
        <label className="field">
          <span>{t('username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-describedby={error ? 'login-error' : undefined}
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t('password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button className="btn btn-primary btn-block" type="submit" disabled={busy || !username || !password}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
        <p className="login-footer muted">{t('signInFooter')}</p>
        {/* A server-rendered page, not a route of this app: a plain link that leaves the app. */}
        <p className="login-footer">
          <a href={lang === 'en' ? '/board?lang=en' : '/board'}>{t('signInPublicBoard')}</a>
        </p>
      </form>
    </main>
  );
}
