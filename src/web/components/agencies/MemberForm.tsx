/**
 * Adds or edits a member of a working group: an agency (with its representative's name if
 * known), a named person without an account, or a COMAP user (offered to administrators, who
 * can list users), with a position, a role, a telephone and the date they joined.
 */
import { useState, type FormEvent } from 'react';
import { api, type User } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import { MEMBER_ROLES, isPlausiblePhone, memberName, type Agency, type MemberRole, type WorkingGroupMember, type WorkingGroupMemberInput } from '../../../shared/agency-types.ts';
import { apiErrorText, roleText } from './agency-text.ts';

type MemberKind = 'agency' | 'person' | 'user';

export function MemberForm({ groupId, member, agencies, users, onSaved, onCancel }: {
  groupId: number;
  member: WorkingGroupMember | null;
  agencies: Agency[];
  /** The users an administrator may pick; null when the caller cannot list users. */
  users: User[] | null;
  onSaved(m: WorkingGroupMember, msg: Msg): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [kind, setKind] = useState<MemberKind>(member?.user ? 'user' : member?.agency ? 'agency' : member ? 'person' : 'agency');
  const [agencyId, setAgencyId] = useState(member?.agency ? String(member.agency.id) : '');
  const [userId, setUserId] = useState(member?.user ? String(member.user.id) : '');
  const [personName, setPersonName] = useState(member?.personName ?? '');
  const [position, setPosition] = useState(member?.positionTitle ?? '');
  const [role, setRole] = useState<MemberRole>(member?.role ?? 'member');
  const [phone, setPhone] = useState(member?.phone ?? '');
  const [since, setSince] = useState(member?.since ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const kinds: MemberKind[] = users || member?.user ? ['agency', 'person', 'user'] : ['agency', 'person'];
  // An inactive agency already in the group stays selectable for it.
  const agencyOptions = agencies.filter((a) => a.active || String(a.id) === agencyId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const body: WorkingGroupMemberInput = {
      agencyId: kind === 'agency' && agencyId ? Number(agencyId) : null,
      userId: kind === 'user' && userId ? Number(userId) : null,
      // A user is named by their account; an agency may name its representative.
      personName: kind === 'user' ? null : personName.trim() || null,
      positionTitle: position.trim() || null,
      role,
      phone: phone.trim() || null,
      since: since || null,
    };
    if ((kind === 'agency' && !body.agencyId) || (kind === 'user' && !body.userId) || (kind === 'person' && !body.personName)) return setError({ msg: (x) => x.t('groupsErrMember') });
    if (body.phone && !isPlausiblePhone(body.phone)) return setError({ msg: (x) => x.t('agenciesErrPhone') });
    setBusy(true);
    try {
      const saved = member
        ? await api<WorkingGroupMember>(`/api/working-groups/${groupId}/members/${member.id}`, { method: 'PUT', json: body })
        : await api<WorkingGroupMember>(`/api/working-groups/${groupId}/members`, { method: 'POST', json: body });
      const name = memberName(saved);
      onSaved(saved, (x) => (member ? x.t('groupsMemberSaved', { name }) : x.t('groupsMemberAdded', { name, role: roleText(saved.role, x) })));
    } catch (err) {
      setError({ msg: (x) => apiErrorText(err, x, true) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form-grid groups-member-form card" onSubmit={submit} noValidate data-testid="member-form" aria-label={member ? t('groupsEditMemberAria', { name: memberName(member) }) : t('groupsAddMember')}>
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      <fieldset className="field-wide groups-member-kind">
        <legend>{t('groupsMemberKind')}</legend>
        {kinds.map((k) => (
          <label key={k} className="check">
            <input type="radio" name="memberKind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <span>{t(k === 'agency' ? 'groupsMemberKindAgency' : k === 'user' ? 'groupsMemberKindUser' : 'groupsMemberKindPerson')}</span>
          </label>
        ))}
      </fieldset>
      {kind === 'agency' && (
        <label className="field field-wide">
          <span>{t('groupsFieldAgency')}</span>
          <select name="agencyId" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('groupsChooseAgency')}</option>
            {agencyOptions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.nameTh}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'user' && (
        <label className="field field-wide">
          <span>{t('groupsFieldUser')}</span>
          <select name="userId" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('groupsChooseUser')}</option>
            {member?.user && !users?.some((u) => u.id === member.user!.id) && <option value={member.user.id}>{member.user.displayName}</option>}
            {(users ?? []).filter((u) => u.active).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username}){u.agency ? ` · ${u.agency}` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind !== 'user' && (
        <label className="field field-wide">
          <span>{kind === 'agency' ? t('groupsFieldRepresentative') : t('groupsFieldPerson')}</span>
          <input name="personName" value={personName} onChange={(e) => setPersonName(e.target.value)} maxLength={200} />
          {kind === 'person' && <small className="muted">{t('groupsFieldPersonHint')}</small>}
        </label>
      )}
      <label className="field">
        <span>{t('groupsFieldPosition')}</span>
        <input name="positionTitle" value={position} onChange={(e) => setPosition(e.target.value)} maxLength={200} />
      </label>
      <label className="field">
        <span>{t('groupsFieldRole')}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
          {MEMBER_ROLES.map((r) => (
            <option key={r} value={r}>
              {roleText(r, i)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('groupsFieldPhone')}</span>
        <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={100} />
      </label>
      <label className="field">
        <span>{t('groupsFieldSince')}</span>
        <input name="since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
      </label>
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('agenciesSaving') : member ? t('save') : t('groupsAddMember')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
