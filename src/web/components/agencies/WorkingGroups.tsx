/**
 * The coordination working groups of one province (the provincial group, district groups, the
 * peace councils of sub-districts, thematic groups) and the open group with its members.
 * Area officers get only the groups of their areas from the server.
 */
import { useState } from 'react';
import { query, type Area, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, ErrorAlert, type Msg } from '../common.tsx';
import type { WorkingGroup } from '../../../shared/agency-types.ts';
import { GroupDetail } from './GroupDetail.tsx';
import { GroupForm } from './GroupForm.tsx';
import { canEditGroups, kindText, wholeProvinceText } from './agency-text.ts';

export function WorkingGroups({ provinces, province, onProvince, openId, onOpen, me }: {
  provinces: Area[];
  province: string;
  onProvince(code: string): void;
  openId: number | null;
  onOpen(id: number | null): void;
  me: Me;
}) {
  const i = useI18n();
  const { t, num } = i;
  const [reload, setReload] = useState(0);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);
  const provinceArea = provinces.find((p) => p.code === province);
  // A writer limited to a district or sub-district still creates groups there.
  const writer = canEditGroups(me.role) && (me.areaCodes.length === 0 || me.areaCodes.some((c) => c.startsWith(province) || province.startsWith(c)));
  const list = useApi<{ items: WorkingGroup[] }>(province ? `/api/working-groups${query({ province })}` : null, reload);
  const items = list.data?.items ?? [];
  const changed = () => setReload((n) => n + 1);
  const open = (id: number, msg: Msg | null = null) => {
    setNotice(msg ? { msg } : null);
    onOpen(id);
    requestAnimationFrame(() => document.getElementById('group-detail')?.scrollIntoView({ block: 'start' }));
  };

  return (
    <div className="groups">
      <div className="toolbar groups-toolbar">
        <label className="field">
          <span>{t('groupsProvince')}</span>
          <select name="groups-province" value={province} onChange={(e) => (onProvince(e.target.value), onOpen(null), setCreating(false))}>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        {canEditGroups(me.role) ? (
          writer && !creating && provinceArea && (
            <button type="button" className="btn btn-primary" onClick={() => (setNotice(null), setCreating(true))}>
              {t('groupsNew')}
            </button>
          )
        ) : (
          <p className="muted agencies-readonly">{t('groupsReadOnly')}</p>
        )}
      </div>
      {notice && <Alert kind="success">{notice.msg(i)}</Alert>}
      {creating && provinceArea && (
        <GroupForm
          group={null}
          province={provinceArea}
          onSaved={(g, msg) => {
            setCreating(false);
            changed();
            open(g.group.id, msg);
          }}
          onDeleted={() => undefined}
          onCancel={() => setCreating(false)}
        />
      )}

      <section aria-labelledby="groups-list-title">
        <h2 id="groups-list-title">{t('groupsListTitle')}</h2>
        <ErrorAlert error={list.error} />
        {list.data && items.length === 0 && <p className="muted">{canEditGroups(me.role) ? t('groupsNoneWriter') : t('groupsNone')}</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table groups-table" data-testid="groups-table">
              <thead>
                <tr>
                  <th scope="col">{t('groupsColName')}</th>
                  <th scope="col">{t('groupsColKind')}</th>
                  <th scope="col">{t('groupsColArea')}</th>
                  <th scope="col" className="num">
                    {t('groupsColMembers')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((g) => (
                  <tr key={g.id} data-group={g.id} className={[g.id === openId ? 'selected' : '', g.active ? '' : 'row-muted'].filter(Boolean).join(' ') || undefined}>
                    <td>
                      <strong>{g.nameTh}</strong>
                      {g.nameEn && (
                        <span className="agencies-name-en" lang="en">
                          {g.nameEn}
                        </span>
                      )}
                    </td>
                    <td>{kindText(g.kind, i)}</td>
                    <td>{g.area.level === 1 ? wholeProvinceText(g.area, i) : i.areaTitle(g.area)}</td>
                    <td className="num">{num(g.memberCount)}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => open(g.id)} aria-label={t('groupsOpenAria', { name: g.nameTh })}>
                        {t('groupsOpen')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {openId && provinceArea && (
        <GroupDetail
          key={openId}
          groupId={openId}
          province={provinceArea}
          me={me}
          reload={reload}
          onChanged={changed}
          onDeleted={(msg) => {
            setNotice({ msg });
            onOpen(null);
            changed();
          }}
        />
      )}
    </div>
  );
}
