/**
 * The agencies page (/agencies): the registry of agencies and, on the second tab, the
 * coordination working groups of a province with their members. The tab, the province and the
 * open group live in the address (?tab=groups&province=98&group=4), so a group is shared by link.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Area } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch, useInitialSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ErrorAlert, Page } from '../components/common.tsx';
import { AgencyRegistry } from '../components/agencies/AgencyRegistry.tsx';
import { WorkingGroups } from '../components/agencies/WorkingGroups.tsx';
import { canEditRegistry } from '../components/agencies/agency-text.ts';
import '../components/agencies/agencies.css';

type Tab = 'registry' | 'groups';

function readSearch(search: string) {
  const q = new URLSearchParams(search);
  const group = Number(q.get('group'));
  return {
    tab: (q.get('tab') === 'groups' ? 'groups' : 'registry') as Tab,
    province: /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '',
    group: Number.isInteger(group) && group > 0 ? group : null,
  };
}

export function AgenciesPage() {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const search = useInitialSearch();
  const initial = useMemo(() => readSearch(search), [search]);
  const [tab, setTab] = useState<Tab>(initial.tab);
  const [province, setProvince] = useState(initial.province);
  const [openId, setOpenId] = useState<number | null>(initial.group);
  const provinces = useApi<Area[]>('/api/areas?level=1');

  useEffect(() => {
    if (!province && provinces.data?.length) {
      // A user limited to some areas starts on the province of the first of them.
      const mine = me?.areaCodes[0]?.slice(0, 2);
      setProvince(provinces.data.find((p) => p.code === mine)?.code ?? provinces.data[0].code);
    }
  }, [provinces.data, province, me]);
  useEffect(() => {
    replaceSearch(tab === 'groups' ? query({ tab, province, group: openId }) : '');
  }, [tab, province, openId]);

  if (!me) return null;
  const tabs: Array<[Tab, string]> = [
    ['registry', t('agenciesTabRegistry')],
    ['groups', t('agenciesTabGroups')],
  ];

  return (
    <Page title={t('agenciesTitle')} intro={t('agenciesIntro')} wide>
      <div className="agencies-tabs" role="tablist" aria-label={t('agenciesTabsLabel')}>
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`agencies-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`agencies-panel-${key}`}
            className={`agencies-tab${tab === key ? ' active' : ''}`}
            onClick={() => setTab(key)}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorAlert error={provinces.error} />
      <div role="tabpanel" id={`agencies-panel-${tab}`} aria-labelledby={`agencies-tab-${tab}`} className="agencies-panel">
        {provinces.data &&
          (tab === 'registry' ? (
            <AgencyRegistry provinces={provinces.data} admin={canEditRegistry(me.role)} defaultProvince={province} />
          ) : (
            province && <WorkingGroups provinces={provinces.data} province={province} onProvince={setProvince} openId={openId} onOpen={setOpenId} me={me} />
          ))}
      </div>
    </Page>
  );
}
