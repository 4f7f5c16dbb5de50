/**
 * The people's voice for signed-in users (/evaluation, "เสียงประชาชน"): the quarterly and yearly
 * evaluation of projects by the people, the comments (moderated), the needs of the user's areas
 * that no project answers yet, and, for the roles that gather them, recording a village meeting.
 * One tab at a time (a sub-district officer reads it on a phone); the tab and the province live in
 * the address (?tab=needs&province=98), so a view is shared by copying the link. The server limits
 * every list to the user's areas and role; the page only offers what the role may do.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Area, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch, useInitialSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ErrorAlert, Page } from '../components/common.tsx';
import type { MessageKey } from '../messages.ts';
import { EvaluationSection } from '../components/feedback/EvaluationSection.tsx';
import { CommentsSection } from '../components/feedback/CommentsSection.tsx';
import { NeedsSection } from '../components/feedback/NeedsSection.tsx';
import { MeetingForm } from '../components/feedback/MeetingForm.tsx';
import { canRecord, touchesMyScope } from '../components/feedback/feedback-text.ts';
import '../components/feedback/feedback.css';

const TABS = ['evaluation', 'comments', 'needs', 'meeting'] as const;
type Tab = (typeof TABS)[number];

function readSearch(search: string) {
  const q = new URLSearchParams(search);
  const tab = q.get('tab') ?? '';
  return {
    tab: ((TABS as readonly string[]).includes(tab) ? tab : 'evaluation') as Tab,
    province: /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '',
  };
}

export function EvaluationPage() {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const search = useInitialSearch();
  const initial = useMemo(() => readSearch(search), [search]);
  const [tab, setTab] = useState<Tab>(initial.tab);
  const [province, setProvince] = useState(initial.province);
  const provinces = useApi<Area[]>('/api/areas?level=1');
  const categories = useApi<Category[]>('/api/categories');
  const mine = useMemo(() => (me ? (provinces.data ?? []).filter((p) => touchesMyScope(me, p.code)) : []), [provinces.data, me]);
  const tabs = TABS.filter((k) => k !== 'meeting' || canRecord(me));
  const [visited, setVisited] = useState<Set<Tab>>(() => new Set([initial.tab]));
  useEffect(() => setVisited((v) => (v.has(tab) ? v : new Set([...v, tab]))), [tab]);

  useEffect(() => {
    if (!me || !provinces.data) return;
    if (!province || !mine.some((p) => p.code === province)) {
      // A user limited to some areas starts on the province of the first of them.
      const first = me.areaCodes[0]?.slice(0, 2);
      const pick = mine.find((p) => p.code === first) ?? mine[0];
      if (pick && pick.code !== province) setProvince(pick.code);
    }
  }, [provinces.data, mine, province, me]);
  useEffect(() => {
    if (!tabs.includes(tab)) setTab('evaluation');
  }, [tab, tabs]);
  useEffect(() => {
    replaceSearch(query({ tab: tab === 'evaluation' ? null : tab, province }));
  }, [tab, province]);

  if (!me) return null;
  const tabLabel = (k: Tab) => t(`evaluationTab_${k}` as MessageKey);

  return (
    <Page title={t('evaluationNav')} intro={t('evaluationIntro')} wide>
      <div className="fb-page-bar">
        <label className="field fb-province">
          <span>{t('province')}</span>
          <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
            {mine.map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="fb-tabs" role="tablist" aria-label={t('evaluationTabsLabel')}>
        {tabs.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`fb-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`fb-panel-${k}`}
            className={`fb-tab${tab === k ? ' active' : ''}`}
            onClick={() => setTab(k)}
          >
            {tabLabel(k)}
          </button>
        ))}
      </div>
      <ErrorAlert error={provinces.error} />
      {provinces.data && mine.length === 0 && <p className="muted">{t('evaluationNoArea')}</p>}
      {/* A tab once opened stays mounted (hidden when another is chosen): an officer halfway through
          typing a meeting's answers loses nothing by glancing at the comments. */}
      {province &&
        tabs
          .filter((k) => visited.has(k))
          .map((k) => (
            <div key={`${k}-${province}`} role="tabpanel" id={`fb-panel-${k}`} aria-labelledby={`fb-tab-${k}`} className="fb-panel" hidden={tab !== k}>
              {k === 'evaluation' && <EvaluationSection me={me} province={province} />}
              {k === 'comments' && <CommentsSection me={me} province={province} />}
              {k === 'needs' && <NeedsSection me={me} province={province} categories={categories.data ?? []} />}
              {k === 'meeting' && <MeetingForm me={me} province={province} categories={categories.data ?? []} />}
            </div>
          ))}
    </Page>
  );
}
