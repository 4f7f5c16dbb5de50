/**
 * Who took what of a project seeking support: the history of requests, adoptions by an agency or
 * a private sponsor (with what they give), withdrawals and the close of the request; and, for
 * those allowed, adopting the project, withdrawing an adoption, and closing the request.
 */
import { useState, type ReactNode } from 'react';
import { api, type Me } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, type Msg } from '../common.tsx';
import type { Project, SupportEvent, SupportEventKind } from '../../../shared/project-types.ts';
import { actionErrorText, ANY_AGENCY_ROLES, bahtText, OWN_AGENCY_ROLES, ownAgencyOnly, parseBaht, type AgencyOption } from './project-text.ts';

/** Who an adoption is by, as a key that its withdrawal names again. */
const supporterKey = (e: Pick<SupportEvent, 'agency' | 'sponsorName'>) => (e.agency ? `a:${e.agency.id}` : `s:${(e.sponsorName ?? '').trim().toLowerCase()}`);

/** The adoptions not withdrawn since, oldest first. */
export function activeAdoptions(events: SupportEvent[]): SupportEvent[] {
  const active = new Map<string, SupportEvent>();
  for (const e of [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))) {
    if (e.kind === 'adopted') active.set(supporterKey(e), e);
    else if (e.kind === 'withdrawn') active.delete(supporterKey(e));
  }
  return [...active.values()];
}

/** Whether the user may adopt a project (for their own agency, or any agency or sponsor). */
function canAdopt(me: Me): boolean {
  return ANY_AGENCY_ROLES.includes(me.role) || (OWN_AGENCY_ROLES.includes(me.role) && me.agencyId != null);
}

/**
 * Whether the user may withdraw this adoption: an agency's by that agency's officers, a private
 * sponsor's by the project's own writers; administrators and analysts any.
 */
function canWithdraw(me: Me, e: SupportEvent, canEdit: boolean): boolean {
  if (ANY_AGENCY_ROLES.includes(me.role)) return true;
  if (!e.agency) return canEdit;
  return OWN_AGENCY_ROLES.includes(me.role) && me.agencyId != null && e.agency.id === me.agencyId;
}

type Open = { kind: 'adopted' } | { kind: 'withdrawn'; of: SupportEvent } | { kind: 'closed' } | null;

export function SupportPanel(props: { project: Project; events: SupportEvent[]; me: Me; agencies: AgencyOption[]; canEdit: boolean; notice: ReactNode; onChanged(msg: Msg): void }) {
  const i = useI18n();
  const { t } = i;
  const { project, events, me } = props;
  const fixed = ownAgencyOnly(me);
  const [open, setOpen] = useState<Open>(null);
  const [agencyId, setAgencyId] = useState<number | ''>(fixed ? (me.agencyId ?? '') : '');
  const [sponsor, setSponsor] = useState('');
  const [contribution, setContribution] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ msg: Msg; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const active = activeAdoptions(events);
  const activeIds = new Set(active.map((e) => e.id));
  const history = [...events].sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : b.id - a.id));

  const show = (o: Open) => {
    setOpen(o);
    setError(null);
    setNote('');
    setContribution('');
    setAmount('');
    setSponsor('');
    if (!fixed) setAgencyId('');
  };

  const submit = async () => {
    if (!open) return;
    setError(null);
    const body: Record<string, unknown> = { kind: open.kind };
    if (open.kind === 'adopted') {
      if (agencyId === '' && !sponsor.trim()) return setError({ msg: (x) => x.t('projectsErrSponsor'), field: 'sponsor' });
      const amountBaht = amount.trim() ? parseBaht(amount) : null;
      if (amount.trim() && amountBaht === null) return setError({ msg: (x) => x.t('projectsErrAmount'), field: 'amount' });
      if (agencyId !== '') body.agencyId = agencyId;
      else body.sponsorName = sponsor.trim();
      body.contribution = contribution.trim();
      if (amountBaht !== null) body.amountBaht = amountBaht;
    } else if (open.kind === 'withdrawn') {
      if (open.of.agency) body.agencyId = open.of.agency.id;
      else body.sponsorName = open.of.sponsorName;
    }
    if (note.trim()) body.note = note.trim();
    setBusy(true);
    try {
      await api(`/api/projects/${project.id}/support`, { method: 'POST', json: body });
      const kind: SupportEventKind = open.kind;
      setOpen(null);
      props.onChanged((x) => x.t('projectsSupportSaved', { what: x.t(`projectsSupport_${kind}`) }));
    } catch (err) {
      setError({ msg: (x) => actionErrorText(err, 'projectsErrSupport', x) });
    } finally {
      setBusy(false);
    }
  };

  const who = (e: SupportEvent) => (e.agency ? e.agency.nameTh : e.sponsorName ?? '');

  return (
    <section className="projects-support" aria-labelledby="projects-support-title">
      <h3 id="projects-support-title">{t('projectsSupportTitle')}</h3>
      {project.seekingSupport && (
        <p className="projects-support-intro">
          <span className="badge projects-badge-seeking">{t('projectsSeekingBadge')}</span> {t('projectsSupportIntro')}
          {project.supportNeeds && (
            <>
              <br />
              <strong>{t('projectsSupportNeeds')}:</strong> {project.supportNeeds}
            </>
          )}
        </p>
      )}
      {(project.seekingSupport || active.length > 0) && (
        <div className="targets-workflow-buttons">
          {project.seekingSupport && canAdopt(me) && (
            <button type="button" className="btn btn-primary" onClick={() => show(open?.kind === 'adopted' ? null : { kind: 'adopted' })}>
              {t('projectsAdopt')}
            </button>
          )}
          {project.seekingSupport && props.canEdit && (
            <button type="button" className="btn" onClick={() => show(open?.kind === 'closed' ? null : { kind: 'closed' })}>
              {t('projectsCloseSupport')}
            </button>
          )}
        </div>
      )}
      {open && (
        <form
          className={`card targets-action-form projects-support-form projects-support-${open.kind}`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h4>
            {t(`projectsSupport_${open.kind}`)}
            {open.kind === 'withdrawn' && `: ${who(open.of)}`}
          </h4>
          <div className="form-grid">
            {open.kind === 'adopted' && (
              <>
                <label className="field">
                  <span>{t('projectsSupportAgency')}</span>
                  <select name="supportAgency" value={agencyId} disabled={fixed} aria-invalid={error?.field === 'sponsor'} onChange={(e) => setAgencyId(e.target.value ? Number(e.target.value) : '')}>
                    {!fixed && <option value="">{t('projectsSupportAgencyNone')}</option>}
                    {(fixed ? props.agencies.filter((a) => a.id === me.agencyId) : props.agencies.filter((a) => a.active)).map((a) => (
                      <option key={a.id} value={a.id}>
                        {i.name(a)}
                      </option>
                    ))}
                    {fixed && !props.agencies.some((a) => a.id === me.agencyId) && me.agencyId != null && <option value={me.agencyId}>{me.agency ?? me.agencyId}</option>}
                  </select>
                </label>
                {agencyId === '' && (
                  <label className="field">
                    <span>{t('projectsSponsorName')}</span>
                    <input type="text" name="sponsorName" maxLength={300} value={sponsor} aria-invalid={error?.field === 'sponsor'} onChange={(e) => setSponsor(e.target.value)} />
                  </label>
                )}
                <label className="field field-wide">
                  <span>{t('projectsContribution')}</span>
                  <input type="text" name="contribution" maxLength={1000} placeholder={t('projectsContributionPlaceholder')} value={contribution} onChange={(e) => setContribution(e.target.value)} />
                </label>
                <label className="field">
                  <span>{t('projectsAmount')}</span>
                  <input type="text" inputMode="decimal" name="amountBaht" value={amount} aria-invalid={error?.field === 'amount'} onChange={(e) => setAmount(e.target.value)} />
                </label>
              </>
            )}
            <label className="field field-wide">
              <span>{t('projectsNote')}</span>
              <textarea name="supportNote" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
          </div>
          {error && <Alert kind="error">{error.msg(i)}</Alert>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('projectsSaving') : t('projectsSupportGo')}
            </button>
            <button type="button" className="btn" onClick={() => show(null)}>
              {t('projectsCancel')}
            </button>
          </div>
        </form>
      )}
      {props.notice}
      {history.length === 0 ? (
        <p className="muted">{t('projectsSupportNone')}</p>
      ) : (
        <div className="table-wrap projects-table-wrap">
          <table className="table projects-support-table projects-cardtable">
            <thead>
              <tr>
                <th scope="col">{t('projectsSupportColWhen')}</th>
                <th scope="col">{t('projectsSupportColWhat')}</th>
                <th scope="col">{t('projectsSupportColWho')}</th>
                <th scope="col">{t('projectsSupportColGives')}</th>
                <th scope="col">{t('projectsSupportColBy')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {history.map((e) => (
                <tr key={e.id} data-kind={e.kind}>
                  <td className="nowrap" data-label={t('projectsSupportColWhen')}>
                    {i.date(e.at)}
                  </td>
                  <td data-label={t('projectsSupportColWhat')}>
                    <span>
                      <span className={`badge projects-support-${e.kind}`}>{t(`projectsSupport_${e.kind}`)}</span>
                      {activeIds.has(e.id) && <span className="projects-when">{t('projectsStillAdopted')}</span>}
                    </span>
                  </td>
                  <td data-label={t('projectsSupportColWho')}>{who(e) || '—'}</td>
                  <td data-label={t('projectsSupportColGives')}>
                    <span>
                      {e.contribution || (e.amountBaht == null && !e.note ? '—' : '')}
                      {e.amountBaht != null && <span className="projects-when">{t('projectsBaht', { amount: bahtText(e.amountBaht, i) })}</span>}
                      {e.note && <span className="projects-when">{e.note}</span>}
                    </span>
                  </td>
                  <td data-label={t('projectsSupportColBy')}>{e.by ?? '—'}</td>
                  <td className="projects-cell-action">
                    {activeIds.has(e.id) && canWithdraw(me, e, props.canEdit) && (
                      <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => show({ kind: 'withdrawn', of: e })}>
                        {t('projectsWithdraw')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
