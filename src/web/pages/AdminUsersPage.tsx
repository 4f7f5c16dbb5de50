import { useState, type FormEvent } from 'react';
import { api, ApiError, ROLES, type Role, type User } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { Alert, ErrorAlert, errorText, Page, type Msg } from '../components/common.tsx';
import type { Agency } from '../../shared/agency-types.ts';
import { MIN_PASSWORD_LENGTH, passwordErrorText } from './AccountPage.tsx';

/** A random password shown once to the administrator, who passes it on; the user must change it. */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

function userErrorText(err: unknown, i: I18n): string {
  if (!(err instanceof ApiError)) return errorText(err, i);
  const fields = err.details.map((d) => d.field);
  if (err.status === 409) return i.t('usernameTaken');
  if (err.status === 400) {
    if (fields.includes('password') || /password/i.test(err.message)) return passwordErrorText(err, i);
    if (fields.includes('username')) return i.t('usernameInvalid');
    if (fields.includes('areaCodes') && /at least one/i.test(err.message)) return i.t('areaCodesRequired');
    if (fields.some((f) => f?.startsWith('areaCodes'))) return `${i.t('areaCodesUnknown')} ${i.t('serverSays', { message: err.message })}`;
    if (fields.includes('agencyId')) return `${i.t('agenciesErrField', { field: i.t('agency') })} ${i.t('serverSays', { message: err.message })}`;
    if (/yourself|your own/i.test(err.message)) return i.t('cannotDemoteSelf');
    return i.t('errorGeneric', { message: err.message });
  }
  return errorText(err, i);
}

export function AdminUsersPage() {
  const i = useI18n();
  const { t } = i;
  const [reload, setReload] = useState(0);
  const { data: users, error, loading } = useApi<User[]>('/api/users', reload);
  const { data: agencies } = useApi<{ items: Agency[] }>('/api/agencies');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);

  const done = (msg: Msg) => {
    setNotice({ msg });
    setEditing(null);
    setReload((r) => r + 1);
  };

  return (
    <Page title={t('usersTitle')} intro={t('usersIntro')} wide>
      {notice && <Alert kind="success">{notice.msg(i)}</Alert>}
      <ErrorAlert error={error} />
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => (setNotice(null), setEditing('new'))}>
          {t('newUser')}
        </button>
      </div>
      {editing && <UserForm user={editing === 'new' ? null : editing} agencies={agencies?.items ?? []} onDone={done} onCancel={() => setEditing(null)} />}
      {loading && !users && <p className="muted">{t('loading')}</p>}
      {users && (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('displayName')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('agency')}</th>
                <th scope="col">{t('areas')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('createdAt')}</th>
                <th scope="col">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'row-muted'}>
                  <td>
                    <code>{u.username}</code>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{t(`role_${u.role}`)}</td>
                  <td>{u.agency ?? ''}</td>
                  <td className="codes">{u.areaCodes.length ? u.areaCodes.join(', ') : <span className="muted">{t('allAreas')}</span>}</td>
                  <td>
                    <span className={`badge ${u.active ? 'badge-ok' : 'badge-off'}`}>{u.active ? t('active') : t('inactive')}</span>
                    {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <span className="badge badge-warn">{t('locked', { time: i.date(u.lockedUntil, { time: true }) })}</span>}
                    {u.mustChangePassword && <span className="badge badge-info">{t('mustChange')}</span>}
                  </td>
                  <td className="nowrap">{i.date(u.createdAt)}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => (setNotice(null), setEditing(u))}>
                      {t('edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function UserForm({ user, agencies, onDone, onCancel }: { user: User | null; agencies: Agency[]; onDone(msg: Msg): void; onCancel(): void }) {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer');
  const [agencyId, setAgencyId] = useState(user?.agencyId == null ? '' : String(user.agencyId));
  const [codes, setCodes] = useState((user?.areaCodes ?? []).join(', '));
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState(user ? '' : generatePassword());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const self = user?.id === me?.id;
  // Deactivated agencies are not offered, except the one the user already belongs to.
  const choices = agencies.filter((a) => a.active || String(a.id) === agencyId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (password && password.length < MIN_PASSWORD_LENGTH) return setError({ msg: (x) => x.t('passwordTooShort', { n: MIN_PASSWORD_LENGTH }) });
    setBusy(true);
    try {
      const areaCodes = parseCodes(codes);
      if (user) {
        const body: Record<string, unknown> = { displayName, role, agencyId: agencyId ? Number(agencyId) : null, active, areaCodes };
        if (password) body.password = password;
        const u = await api<User>(`/api/users/${user.id}`, { method: 'PATCH', json: body });
        onDone((x) => x.t('userSaved', { name: u.username }));
      } else {
        const u = await api<User>('/api/users', { method: 'POST', json: { username, displayName: displayName || undefined, role, agencyId: agencyId ? Number(agencyId) : null, areaCodes, password } });
        onDone((x) => `${x.t('userCreated', { name: u.username })} ${x.t('initialPassword')}: ${password}`);
      }
    } catch (err) {
      setError({ msg: (x) => userErrorText(err, x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card card-form" aria-labelledby="user-form-h">
      <h2 id="user-form-h">{user ? t('editUser', { name: user.username }) : t('newUser')}</h2>
      <form className="form form-grid" onSubmit={submit} data-testid="user-form">
        {error && <Alert kind="error">{error.msg(i)}</Alert>}
        <label className="field">
          <span>{t('username')}</span>
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} disabled={!!user} required autoComplete="off" spellCheck={false} />
          {!user && <small className="muted">{t('usernameHint')}</small>}
        </label>
        <label className="field">
          <span>{t('displayName')}</span>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('role')}</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={self}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role_${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('agency')}</span>
          <select name="agencyId" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('agenciesNoneChosen')}</option>
            {choices.map((a) => (
              <option key={a.id} value={a.id}>
                {a.nameTh}
                {a.provinceTh ? ` (${a.provinceTh})` : ''}
                {a.active ? '' : ` · ${t('agenciesInactive')}`}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span>{t('areaCodes')}</span>
          <input name="areaCodes" value={codes} onChange={(e) => setCodes(e.target.value)} placeholder="3201, 320102" inputMode="numeric" />
          <small className="muted">{t('areaCodesHint')}</small>
        </label>
        <label className="field field-wide">
          <span>{user ? t('resetPassword') : t('initialPassword')}</span>
          <div className="input-row">
            <input name="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" spellCheck={false} className="mono" required={!user} />
            <button type="button" className="btn btn-small" onClick={() => setPassword(generatePassword())}>
              {t('generate')}
            </button>
          </div>
          <small className="muted">{user ? t('resetPasswordHint') : t('initialPasswordHint')}</small>
        </label>
        {user && (
          <label className="check field-wide">
            <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} disabled={self} />
            <span>{t('active')}</span>
          </label>
        )}
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('save')}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
