/**
 * The answers that carry a comment, newest first, with filters (fiscal year, project, area,
 * channel, hidden) and pages. Comments are shown as text, never as HTML. Moderators hide a comment
 * with a reason (the answer still counts) and show it again; where the rules allow, the contact
 * details the person left are revealed on request, and the page says the reveal is recorded.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { Alert, errorText } from '../common.tsx';
import { fiscalYearOf } from '../../../shared/fiscal.ts';
import { CHANNELS, type Channel, type FeedbackItem } from '../../../shared/feedback-types.ts';
import type { MessageKey } from '../../messages.ts';
import { AreaPicker } from './AreaPicker.tsx';
import { ContactReveal } from './ContactReveal.tsx';
import { HideControls } from './HideControls.tsx';
import { Pager } from './Pager.tsx';
import { canModerate, canRevealContact, channelWord, meetsWord, stars } from './feedback-text.ts';

const PAGE_SIZE = 20;

type HiddenFilter = 'include' | 'exclude' | 'only';

interface ProjectOption {
  id: number;
  title: string;
  fiscalYear: number;
}

export function MeetsBadge({ meets }: { meets: FeedbackItem['meets'] }) {
  const i = useI18n();
  return <span className={`badge fb-meets fb-meets-${meets}`}>{meetsWord(meets, i)}</span>;
}

export function Stars({ n }: { n: number | null }) {
  const i = useI18n();
  const s = stars(n);
  if (!s.text) return <span className="muted small">{s.label(i)}</span>;
  return (
    <span className="fb-stars" role="img" aria-label={s.label(i)} title={s.label(i)}>
      {s.text}
    </span>
  );
}

export function CommentsSection({ me, province }: { me: Me; province: string }) {
  const i = useI18n();
  const { t, num } = i;
  const moderator = canModerate(me);
  const officer = me.role === 'agency_officer' && me.agencyId != null;
  const thisFy = fiscalYearOf(new Date());
  const [fy, setFy] = useState(0);
  const [projectId, setProjectId] = useState(0);
  const [area, setArea] = useState({ district: '', subdistrict: '' });
  const [channel, setChannel] = useState<Channel | ''>('');
  const [hidden, setHidden] = useState<HiddenFilter>(moderator ? 'include' : 'exclude');
  const [mineOnly, setMineOnly] = useState(officer);
  const [offset, setOffset] = useState(0);
  const [changed, setChanged] = useState<Record<number, FeedbackItem>>({});

  useEffect(() => setOffset(0), [province, fy, projectId, area, channel, hidden, mineOnly]);
  useEffect(() => {
    setProjectId(0);
    setArea({ district: '', subdistrict: '' });
  }, [province]);

  const projects = useApi<{ items: ProjectOption[] }>(
    province ? `/api/projects${query({ province, agency: officer && mineOnly ? me.agencyId : null, limit: 500 })}` : null,
  );
  const projectOptions = useMemo(
    () => [...(projects.data?.items ?? [])].sort((a, b) => b.fiscalYear - a.fiscalYear || a.title.localeCompare(b.title, 'th')),
    [projects.data],
  );
  const url = province
    ? `/api/feedback${query({
        provinceCode: province,
        fiscalYear: fy || null,
        projectId: projectId || null,
        agencyId: officer && mineOnly ? me.agencyId : null,
        subdistrictCode: area.subdistrict || null,
        channel: channel || null,
        hidden,
        withComment: 'true',
        limit: PAGE_SIZE,
        offset,
      })}`
    : null;
  const list = useApi<{ total: number; items: FeedbackItem[] }>(url);
  useEffect(() => setChanged({}), [list.data]);
  const items = (list.data?.items ?? []).map((x) => changed[x.id] ?? x);

  return (
    <div className="fb-comments">
      <div className="card fb-filters">
        <div className="fb-filter-grid">
          <label className="field">
            <span>{t('fiscalYear')}</span>
            <select name="comments-fy" value={fy} onChange={(e) => setFy(Number(e.target.value))}>
              <option value={0}>{t('feedbackEveryYear')}</option>
              {Array.from({ length: 5 }, (_, k) => thisFy - k).map((y) => (
                <option key={y} value={y}>
                  {i.fiscalYear(y)}
                </option>
              ))}
            </select>
          </label>
          <label className="field fb-field-wide">
            <span>{t('feedbackProject')}</span>
            <select name="comments-project" value={projectId} onChange={(e) => setProjectId(Number(e.target.value))}>
              <option value={0}>{t('feedbackEveryProject')}</option>
              {projectOptions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} ({p.fiscalYear})
                </option>
              ))}
            </select>
          </label>
          <AreaPicker me={me} province={province} district={area.district} subdistrict={area.subdistrict} onChange={setArea} optional name="comments" />
          <label className="field">
            <span>{t('feedbackChannel')}</span>
            <select name="comments-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel | '')}>
              <option value="">{t('feedbackEveryChannel')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {channelWord(c, i)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('feedbackHiddenFilter')}</span>
            <select name="comments-hidden" value={hidden} onChange={(e) => setHidden(e.target.value as HiddenFilter)}>
              {(['exclude', 'include', 'only'] as const).map((h) => (
                <option key={h} value={h}>
                  {t(`feedbackHidden_${h}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {officer && (
            <label className="check fb-mine">
              <input type="checkbox" name="comments-mine" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
              <span>{t('evaluationMineOnly', { agency: me.agency ?? '' })}</span>
            </label>
          )}
        </div>
      </div>

      {list.error ? <Alert kind="error">{errorText(list.error, i)}</Alert> : null}
      {list.loading && !list.data && <p className="muted">{t('loading')}</p>}
      {list.data && (
        <p className="fb-count" aria-live="polite">
          {t('feedbackCommentsCount', { n: num(list.data.total) })}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p className="muted fb-empty">{t('feedbackNoComments')}</p>}
      <ol className="fb-list">
        {items.map((c) => (
          <li key={c.id} className={`fb-item${c.hidden ? ' fb-item-hidden' : ''}`} data-id={c.id}>
            <div className="fb-item-head">
              <MeetsBadge meets={c.meets} />
              <Stars n={c.rating} />
              <Link className="fb-item-project" href={`/projects?project=${c.projectId}`}>
                {c.projectTitle}
              </Link>
            </div>
            <p className="fb-item-meta muted small">
              {[c.villageTh ? `${c.villageTh} · ${t('subdistrict')}${c.subdistrictTh}` : `${t('subdistrict')}${c.subdistrictTh}`, channelWord(c.channel, i), i.date(c.receivedAt, { time: true })].join(' · ')}
            </p>
            {c.hidden && (
              <p className="fb-hidden-note">
                {t('feedbackHiddenNote', { reason: c.hidden.reason, date: i.date(c.hidden.at, { time: true }) })}
                {c.hidden.by ? ` ${t('feedbackHiddenBy', { by: c.hidden.by })}` : ''}
              </p>
            )}
            {c.comment ? <p className="fb-text">{c.comment}</p> : c.hidden ? null : <p className="muted small">{t('feedbackNoCommentText')}</p>}
            <div className="fb-item-actions">
              {moderator && (
                <HideControls<FeedbackItem>
                  base={`/api/feedback/${c.id}`}
                  hidden={!!c.hidden}
                  hideLabel={t('feedbackHideComment')}
                  onDone={(item) => setChanged((m) => ({ ...m, [c.id]: item }))}
                />
              )}
              {c.hasContact && canRevealContact(me, c.agencyId) && <ContactReveal url={`/api/feedback/${c.id}/contact`} label={t('feedbackContactOf', { n: num(c.id) })} />}
            </div>
          </li>
        ))}
      </ol>
      {list.data && <Pager total={list.data.total} offset={offset} size={PAGE_SIZE} onOffset={setOffset} />}
    </div>
  );
}
