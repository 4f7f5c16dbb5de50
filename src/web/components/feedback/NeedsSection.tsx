/**
 * The needs people raised in the user's areas, by default those no project answers yet, with
 * filters (status, category, fiscal year, area) and pages. A need is linked to the project that
 * answers it, chosen among the projects that reach its sub-district (an agency officer: their
 * agency's only), and unlinked; moderators hide a need with a reason.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, query, type Category, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { Alert, errorText, type Msg } from '../common.tsx';
import { fiscalYearOf } from '../../../shared/fiscal.ts';
import type { NeedItem } from '../../../shared/feedback-types.ts';
import type { MessageKey } from '../../messages.ts';
import { AreaPicker } from './AreaPicker.tsx';
import { ContactReveal } from './ContactReveal.tsx';
import { HideControls } from './HideControls.tsx';
import { Pager } from './Pager.tsx';
import { canLinkNeeds, canModerate, canRevealContact, canUnlinkNeed, channelWord } from './feedback-text.ts';

const PAGE_SIZE = 20;
type Status = 'open' | 'answered' | 'all';

interface ProjectOption {
  id: number;
  title: string;
  fiscalYear: number;
  status: string;
  agency: { id: number; nameTh: string; nameEn: string | null };
}

export function NeedsSection({ me, province, categories }: { me: Me; province: string; categories: Category[] }) {
  const i = useI18n();
  const { t, num } = i;
  const thisFy = fiscalYearOf(new Date());
  const [status, setStatus] = useState<Status>('open');
  const [category, setCategory] = useState('');
  const [fy, setFy] = useState(0);
  const [area, setArea] = useState({ district: '', subdistrict: '' });
  const [offset, setOffset] = useState(0);
  const [changed, setChanged] = useState<Record<number, NeedItem>>({});

  useEffect(() => setOffset(0), [province, status, category, fy, area]);
  useEffect(() => setArea({ district: '', subdistrict: '' }), [province]);

  const url = province
    ? `/api/needs${query({ provinceCode: province, subdistrictCode: area.subdistrict || null, categoryCode: category || null, fiscalYear: fy || null, status, limit: PAGE_SIZE, offset })}`
    : null;
  const list = useApi<{ total: number; items: NeedItem[] }>(url);
  useEffect(() => setChanged({}), [list.data]);
  const items = (list.data?.items ?? []).map((x) => changed[x.id] ?? x);
  const catLabel = (code: string) => {
    const c = categories.find((x) => x.code === code);
    return c ? i.label(c) : code;
  };
  const update = (n: NeedItem) => setChanged((m) => ({ ...m, [n.id]: n }));

  return (
    <div className="fb-needs">
      <div className="card fb-filters">
        <div className="fb-filter-grid">
          <label className="field">
            <span>{t('feedbackNeedStatus')}</span>
            <select name="needs-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {(['open', 'answered', 'all'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`feedbackNeedStatus_${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('feedbackNeedCategory')}</span>
            <select name="needs-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('feedbackEveryCategory')}</option>
              {categories
                .filter((c) => c.active)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {i.label(c)}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('fiscalYear')}</span>
            <select name="needs-fy" value={fy} onChange={(e) => setFy(Number(e.target.value))}>
              <option value={0}>{t('feedbackEveryYear')}</option>
              {Array.from({ length: 5 }, (_, k) => thisFy - k).map((y) => (
                <option key={y} value={y}>
                  {i.fiscalYear(y)}
                </option>
              ))}
            </select>
          </label>
          <AreaPicker me={me} province={province} district={area.district} subdistrict={area.subdistrict} onChange={setArea} optional name="needs" />
        </div>
      </div>

      {list.error ? <Alert kind="error">{errorText(list.error, i)}</Alert> : null}
      {list.loading && !list.data && <p className="muted">{t('loading')}</p>}
      {list.data && (
        <p className="fb-count" aria-live="polite">
          {t(`feedbackNeedsCount_${status}` as MessageKey, { n: num(list.data.total) })}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p className="muted fb-empty">{status === 'open' ? t('feedbackNoOpenNeeds') : t('feedbackNoNeeds')}</p>}
      <ol className="fb-list">
        {items.map((n) => (
          <li key={n.id} className={`fb-item${n.hidden ? ' fb-item-hidden' : ''}`} data-id={n.id}>
            <div className="fb-item-head">
              <span className="badge badge-info">{catLabel(n.categoryCode)}</span>
              {n.project ? <span className="badge badge-ok">{t('feedbackNeedAnswered')}</span> : <span className="badge badge-warn">{t('feedbackNeedOpen')}</span>}
            </div>
            <p className="fb-item-meta muted small">
              {[n.villageTh ? `${n.villageTh} · ${t('subdistrict')}${n.subdistrictTh}` : `${t('subdistrict')}${n.subdistrictTh}`, channelWord(n.channel, i), i.date(n.receivedAt, { time: true })].join(' · ')}
            </p>
            {n.hidden && (
              <p className="fb-hidden-note">
                {t('feedbackHiddenNeedNote', { reason: n.hidden.reason, date: i.date(n.hidden.at, { time: true }) })}
                {n.hidden.by ? ` ${t('feedbackHiddenBy', { by: n.hidden.by })}` : ''}
              </p>
            )}
            {n.description && <p className="fb-text">{n.description}</p>}
            {n.project && (
              <p className="fb-linked">
                {t('feedbackNeedLinkedTo')} <Link href={`/projects?project=${n.project.id}`}>{n.project.title}</Link>
              </p>
            )}
            <div className="fb-item-actions">
              <NeedLink me={me} need={n} onDone={update} />
              {canModerate(me) && <HideControls<NeedItem> base={`/api/needs/${n.id}`} hidden={!!n.hidden} hideLabel={t('feedbackHideNeed')} onDone={update} />}
              {n.hasContact && canRevealContact(me, n.project?.agencyId ?? null) && <ContactReveal url={`/api/needs/${n.id}/contact`} label={t('feedbackContactOfNeed', { n: num(n.id) })} />}
            </div>
          </li>
        ))}
      </ol>
      {list.data && <Pager total={list.data.total} offset={offset} size={PAGE_SIZE} onOffset={setOffset} />}
    </div>
  );
}

/** Link a need to a project reaching its sub-district, or take the link off. */
function NeedLink({ me, need, onDone }: { me: Me; need: NeedItem; onDone(n: NeedItem): void }) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState(false);
  const [pick, setPick] = useState('');
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [busy, setBusy] = useState(false);
  const officer = me.role === 'agency_officer';
  const projects = useApi<{ items: ProjectOption[] }>(
    open ? `/api/projects${query({ area: need.subdistrictCode, agency: officer ? me.agencyId : null, limit: 500 })}` : null,
  );
  const options = useMemo(
    () => [...(projects.data?.items ?? [])].filter((p) => p.status !== 'cancelled').sort((a, b) => b.fiscalYear - a.fiscalYear || a.title.localeCompare(b.title, 'th')),
    [projects.data],
  );

  const send = async (path: 'link' | 'unlink') => {
    if (path === 'link' && !pick) return setError({ msg: (x) => x.t('feedbackErrPickProject') });
    setBusy(true);
    setError(null);
    try {
      const n = await api<NeedItem>(`/api/needs/${need.id}/${path}`, { method: 'POST', json: path === 'link' ? { projectId: Number(pick) } : {} });
      setOpen(false);
      setPick('');
      onDone(n);
    } catch (err) {
      setError({ msg: (x) => errorText(err, x) });
    } finally {
      setBusy(false);
    }
  };

  if (need.project) {
    if (!canUnlinkNeed(me, need.project.agencyId)) return null;
    return (
      <>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => send('unlink')}>
          {t('feedbackUnlink')}
        </button>
        {error && <Alert kind="error">{error.msg(i)}</Alert>}
      </>
    );
  }
  if (!canLinkNeeds(me)) return null;
  if (!open) {
    return (
      <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen(true)}>
        {t('feedbackLink')}
      </button>
    );
  }
  return (
    <form
      className="fb-link-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send('link');
      }}
    >
      <label className="field">
        <span>{t('feedbackLinkPick', { area: need.subdistrictTh })}</span>
        <select name="link-project" value={pick} onChange={(e) => { setPick(e.target.value); setError(null); }} aria-invalid={error ? true : undefined}>
          <option value="">{projects.loading ? t('loading') : t('feedbackChooseProject')}</option>
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} · {i.name(p.agency)} ({p.fiscalYear})
            </option>
          ))}
        </select>
      </label>
      {projects.data && options.length === 0 && <p className="muted small">{officer ? t('feedbackNoProjectsHereMine') : t('feedbackNoProjectsHere')}</p>}
      {projects.error ? <Alert kind="error">{errorText(projects.error, i)}</Alert> : null}
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
          {t('feedbackLinkConfirm')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => { setOpen(false); setError(null); }}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
