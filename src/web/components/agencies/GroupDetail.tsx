/**
 * One working group: what it is and covers, and its members in the order of an appointment
 * order (chair, vice-chairs, members, secretary, advisors). Administrators and analysts of the
 * area add members, change their roles and remove them; everyone else reads, and a viewer sees
 * no telephone numbers (the server leaves them out).
 */
import { useState } from 'react';
import { api, type Me, type User } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, ErrorAlert, type Msg } from '../common.tsx';
import { memberName, type Agency, type WorkingGroupMember, type WorkingGroupWithMembers } from '../../../shared/agency-types.ts';
import { GroupForm } from './GroupForm.tsx';
import { MemberForm } from './MemberForm.tsx';
import { apiErrorText, canEditGroups, inUserScope, kindText, roleText, wholeProvinceText } from './agency-text.ts';
import type { Area } from '../../api.ts';

export function GroupDetail({ groupId, province, me, reload, onChanged, onDeleted }: {
  groupId: number;
  province: Area;
  me: Me;
  reload: number;
  onChanged(): void;
  onDeleted(msg: Msg): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [own, setOwn] = useState(0);
  const detail = useApi<WorkingGroupWithMembers>(`/api/working-groups/${groupId}`, reload + own);
  const agencies = useApi<{ items: Agency[] }>('/api/agencies');
  // Only administrators can list users; for others a user member is not offered.
  const users = useApi<User[]>(me.role === 'admin' ? '/api/users' : null);
  const [editingGroup, setEditingGroup] = useState(false);
  const [memberForm, setMemberForm] = useState<WorkingGroupMember | 'new' | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ msg: Msg; kind: 'success' | 'error' } | null>(null);
  const data = detail.data;
  const g = data?.group;
  const writer = !!g && canEditGroups(me.role) && inUserScope(me, g.area.code);
  const changed = (msg: Msg) => {
    setNotice({ msg, kind: 'success' });
    setMemberForm(null);
    setRemoving(null);
    setOwn((n) => n + 1);
    onChanged();
  };
  // The agencies a member may be: those of the group's province, then national and regional ones.
  const agencyOptions = (agencies.data?.items ?? [])
    .filter((a) => a.provinceCode === province.code || a.provinceCode == null)
    .sort((a, b) => Number(a.provinceCode == null) - Number(b.provinceCode == null) || a.nameTh.localeCompare(b.nameTh, 'th'));

  async function remove(m: WorkingGroupMember) {
    if (removing !== m.id) return setRemoving(m.id);
    try {
      await api(`/api/working-groups/${groupId}/members/${m.id}`, { method: 'DELETE' });
      changed((x) => x.t('groupsMemberRemoved', { name: memberName(m) }));
    } catch (err) {
      setNotice({ msg: (x) => apiErrorText(err, x, true), kind: 'error' });
    }
  }

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!data || !g) return <p className="muted">{t('loading')}</p>;
  const areaName = g.area.level === 1 ? wholeProvinceText(g.area, i) : i.areaTitle(g.area);

  return (
    <section className="groups-detail" id="group-detail" aria-labelledby="group-detail-title">
      <div className="groups-detail-head">
        <div>
          <h2 id="group-detail-title">{g.nameTh}</h2>
          {g.nameEn && (
            <p className="agencies-name-en" lang="en">
              {g.nameEn}
            </p>
          )}
          <p className="groups-facts">
            <span className="badge badge-info">{kindText(g.kind, i)}</span>
            <span>{areaName}</span>
            {!g.active && <span className="badge badge-off">{t('groupsInactive')}</span>}
            {g.isDemo && <span className="badge badge-info">{t('agenciesDemo')}</span>}
          </p>
          {g.description && <p className="groups-description">{g.description}</p>}
        </div>
        {writer && !editingGroup && (
          <button type="button" className="btn" onClick={() => setEditingGroup(true)}>
            {t('groupsEditTitle')}
          </button>
        )}
      </div>
      {editingGroup && (
        <GroupForm
          group={g}
          province={province}
          onSaved={(_s, msg) => {
            setEditingGroup(false);
            changed(msg);
          }}
          onDeleted={onDeleted}
          onCancel={() => setEditingGroup(false)}
        />
      )}

      <div className="toolbar groups-members-toolbar">
        <h3>{t('groupsMembersTitle')}</h3>
        {writer && memberForm === null && (
          <button type="button" className="btn btn-primary" onClick={() => (setNotice(null), setMemberForm('new'))}>
            {t('groupsAddMember')}
          </button>
        )}
      </div>
      {notice && <Alert kind={notice.kind}>{notice.msg(i)}</Alert>}
      {memberForm !== null && (
        <MemberForm
          key={memberForm === 'new' ? 'new' : memberForm.id}
          groupId={groupId}
          member={memberForm === 'new' ? null : memberForm}
          agencies={agencyOptions}
          users={users.data ?? null}
          onSaved={(_m, msg) => changed(msg)}
          onCancel={() => setMemberForm(null)}
        />
      )}
      {data.members.length === 0 ? (
        <p className="muted">{t('groupsNoMembers')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table groups-members-table" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('groupsColOrder')}
                </th>
                <th scope="col">{t('groupsColMember')}</th>
                <th scope="col">{t('groupsColAgency')}</th>
                <th scope="col">{t('groupsColPosition')}</th>
                <th scope="col">{t('groupsColRole')}</th>
                <th scope="col">{t('groupsColPhone')}</th>
                {writer && (
                  <th scope="col">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {data.members.map((m, k) => (
                <tr key={m.id} data-member={m.id} data-role={m.role}>
                  <td className="num">{i.num(k + 1)}</td>
                  <td>
                    {m.personName || m.user?.displayName || <span className="muted">{t('groupsAgencySeat')}</span>}
                    {m.user && <span className="groups-account">{t('groupsAccount', { name: m.user.username })}</span>}
                  </td>
                  <td>{m.agency?.nameTh ?? ''}</td>
                  <td>{m.positionTitle ?? ''}</td>
                  <td>
                    <span className={`groups-role groups-role-${m.role}`}>{roleText(m.role, i)}</span>
                  </td>
                  <td className="nowrap">{m.phone ?? ''}</td>
                  {writer && (
                    <td className="groups-actions">
                      <button type="button" className="btn btn-small" onClick={() => (setNotice(null), setRemoving(null), setMemberForm(m))} aria-label={t('groupsEditMemberAria', { name: memberName(m) })}>
                        {t('groupsEditMember')}
                      </button>
                      <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => void remove(m)} aria-label={removing === m.id ? undefined : t('groupsRemoveMemberAria', { name: memberName(m) })}>
                        {removing === m.id ? t('groupsRemoveConfirm') : t('groupsRemoveMember')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {me.role === 'viewer' && data.members.length > 0 && <p className="muted groups-phone-note">{t('groupsColPhone')}: {t('groupsPhoneHidden')}</p>}
    </section>
  );
}
