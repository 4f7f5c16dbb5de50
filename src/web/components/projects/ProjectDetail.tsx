/**
 * One project in full: its facts, its areas (each marked when it is in the declared target list
 * of the project's fiscal year) on a small map, its planned and achieved outputs, the quarters it
 * must report (submitted, late, not yet due) with the report form for those allowed, the reports
 * received with their photos, and who took what of it when it seeks support.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type Category, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { Alert, errorText, type Msg } from '../common.tsx';
import { CategoryChips } from '../targets/TargetAreas.tsx';
import type { ProgressReport, Project } from '../../../shared/project-types.ts';
import { areaChipName } from './ProjectForm.tsx';
import { ProgressForm } from './ProgressForm.tsx';
import { ProjectMap } from './ProjectMap.tsx';
import { LateBadge, PercentBar, ProjectStatusBadge } from './ProjectTable.tsx';
import { SupportPanel } from './SupportPanel.tsx';
import { actionErrorText, bahtText, canEditProject, ymdText, type AgencyOption, type ExpectedReport, type ProjectDetailBody } from './project-text.ts';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** "1 ต.ค. 2567 ถึง 30 ก.ย. 2568", or the one end given, or "not given". */
export function scheduleText(p: Pick<Project, 'startDate' | 'endDate'>, i: I18n): string {
  if (p.startDate && p.endDate) return i.t('projectsScheduleRange', { start: ymdText(p.startDate, i), end: ymdText(p.endDate, i) });
  if (p.startDate) return i.t('projectsScheduleFrom', { start: ymdText(p.startDate, i) });
  if (p.endDate) return i.t('projectsScheduleUntil', { end: ymdText(p.endDate, i) });
  return i.t('projectsNotSet');
}

function Facts({ project: p, categories }: { project: Project; categories: Category[] }) {
  const i = useI18n();
  const { t } = i;
  const spentPct = p.spentBaht != null && p.budgetBaht > 0 ? `${i.num((p.spentBaht / p.budgetBaht) * 100, 1)}%` : null;
  return (
    <dl className="dl dl-compact projects-facts">
      <Row label={t('projectsStatus')}>
        <ProjectStatusBadge status={p.status} />
      </Row>
      <Row label={t('projectsAgency')}>{i.name(p.agency)}</Row>
      <Row label={t('projectsFiscalYear')}>{i.fiscalYear(p.fiscalYear)}</Row>
      {p.externalId && (
        <Row label={t('projectsExternalId')}>
          <code>{p.externalId}</code>
        </Row>
      )}
      <Row label={t('projectsObjectives')}>{p.objectives ? <span className="projects-pre">{p.objectives}</span> : <span className="muted">{t('projectsNotSet')}</span>}</Row>
      <Row label={t('projectsBudget')}>
        <strong>{bahtText(p.budgetBaht, i)}</strong>
        {p.spentBaht != null && spentPct && <span className="projects-when">{t('projectsSpentSoFar', { amount: bahtText(p.spentBaht, i), pct: spentPct })}</span>}
      </Row>
      <Row label={t('projectsBudgetSource')}>{t(`projectsSource_${p.budgetSource}`)}</Row>
      <Row label={t('projectsCategories')}>{p.categories.length ? <CategoryChips codes={p.categories} categories={categories} /> : <span className="muted">{t('projectsNotSet')}</span>}</Row>
      <Row label={t('projectsSchedule')}>{scheduleText(p, i)}</Row>
      <Row label={t('projectsPercentDone')}>
        <PercentBar value={p.percentDone} />
      </Row>
      <Row label={t('projectsResponsible')}>
        {p.responsibleName || <span className="muted">{t('projectsNotSet')}</span>}
        {p.responsiblePhone && (
          <span className="projects-when">
            {t('projectsPhone')} <a href={`tel:${p.responsiblePhone.replace(/[^0-9+]/g, '')}`}>{p.responsiblePhone}</a>
          </span>
        )}
      </Row>
      <Row label={t('projectsVisibility')}>
        <span className={`badge projects-vis-${p.visibility}`}>{t(`projectsVisibility_${p.visibility}`)}</span>
        {p.visibility === 'public' && <span className="projects-when">{t('projectsPublicFields')}: {p.publicFields.map((f) => t(`projectsPublic_${f}`)).join(', ')}</span>}
      </Row>
      <Row label={t('projectsOrigin')}>{t(`projectsOrigin_${p.origin}`)}</Row>
      <Row label={t('projectsRecorded')}>
        {p.createdBy ?? '—'} · {i.date(p.createdAt, { time: true })}
      </Row>
      {p.updatedAt !== p.createdAt && <Row label={t('projectsUpdatedAt')}>{i.date(p.updatedAt, { time: true })}</Row>}
    </dl>
  );
}

function Areas({ project: p }: { project: Project }) {
  const i = useI18n();
  const { t } = i;
  return (
    <section className="projects-areas" aria-labelledby="projects-areas-title">
      <h3 id="projects-areas-title">{t('projectsAreasTitle', { n: i.num(p.areas.length) })}</h3>
      <div className="table-wrap">
        <table className="table projects-areas-table">
          <thead>
            <tr>
              <th scope="col">{t('projectsColCode')}</th>
              <th scope="col">{t('projectsColArea')}</th>
              <th scope="col">{t('projectsColInList', { fy: p.fiscalYear })}</th>
            </tr>
          </thead>
          <tbody>
            {p.areas.map((a) => (
              <tr key={a.code} data-code={a.code}>
                <td>
                  <code>{a.code}</code>
                </td>
                <td>
                  <span className="projects-area-name">{areaChipName(a, i)}</span>
                  {a.level === 4 && <span className="projects-when">{t('projectsVillageIn', { code: a.subdistrictCode })}</span>}
                </td>
                <td>
                  {a.inTargetList ? (
                    <span className="badge projects-in-list">✓ {t('projectsInTargetList')}</span>
                  ) : (
                    <span className="muted">{t('projectsNotInTargetList')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Outputs({ project: p, progress }: { project: Project; progress: ProgressReport[] }) {
  const i = useI18n();
  const { t } = i;
  if (!p.plannedOutputs.length) return null;
  const latest = [...progress].sort((a, b) => b.fiscalYear - a.fiscalYear || b.quarter - a.quarter)[0];
  return (
    <section className="projects-outputs" aria-labelledby="projects-outputs-title">
      <h3 id="projects-outputs-title">{t('projectsOutputsTitle')}</h3>
      <div className="table-wrap">
        <table className="table projects-outputs-table">
          <thead>
            <tr>
              <th scope="col">{t('projectsOutputName')}</th>
              <th scope="col" className="num">
                {t('projectsOutputTarget')}
              </th>
              <th scope="col" className="num">
                {t('projectsOutputAchieved')}
              </th>
              <th scope="col">{t('projectsOutputUnit')}</th>
            </tr>
          </thead>
          <tbody>
            {p.plannedOutputs.map((o) => {
              const got = latest?.outputs.find((x) => x.name === o.name)?.achieved;
              return (
                <tr key={o.name}>
                  <td>{o.name}</td>
                  <td className="num">{i.num(o.target, 4)}</td>
                  <td className="num">{got != null ? i.num(got, 4) : '—'}</td>
                  <td>{o.unit}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The quarters to report as a row of cards, each with its state and, for writers, its report button. */
function Timeline(props: { expected: ExpectedReport[]; editable: boolean; cancelled: boolean; open: string | null; onReport(fy: number, q: number): void }) {
  const i = useI18n();
  const { t } = i;
  if (!props.expected.length) return <p className="muted">{t('projectsTimelineNone')}</p>;
  return (
    <ol className="projects-timeline">
      {props.expected.map((e) => {
        const key = `${e.fiscalYear}Q${e.quarter}`;
        const reported = e.state === 'submitted' || e.state === 'submitted_late';
        return (
          <li key={key} className={`projects-quarter projects-quarter-${e.state}${props.open === key ? ' selected' : ''}`} data-quarter={key}>
            <span className="projects-quarter-name">{i.fiscalQuarter(e.fiscalYear, e.quarter)}</span>
            <span className={`badge projects-state projects-state-${e.state}`}>{t(`projectsState_${e.state}`)}</span>
            <span className="projects-when">{t('projectsDueOn', { date: ymdText(e.dueDate, i, false) })}</span>
            {props.editable && !props.cancelled && (
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('projectsReportAria', { quarter: i.fiscalQuarter(e.fiscalYear, e.quarter) })}
                onClick={() => props.onReport(e.fiscalYear, e.quarter)}
              >
                {reported ? t('projectsReportEdit') : t('projectsReport')}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Reports({ progress }: { progress: ProgressReport[] }) {
  const i = useI18n();
  const { t } = i;
  if (!progress.length) return <p className="muted">{t('projectsNoReports')}</p>;
  const sorted = [...progress].sort((a, b) => b.fiscalYear - a.fiscalYear || b.quarter - a.quarter);
  return (
    <ul className="projects-reports">
      {sorted.map((r) => (
        <li key={r.id} className="card projects-report" data-quarter={`${r.fiscalYear}Q${r.quarter}`}>
          <div className="projects-report-head">
            <h4>{i.fiscalQuarter(r.fiscalYear, r.quarter)}</h4>
            {r.late && <span className="badge projects-state projects-state-submitted_late">{t('projectsReportLate')}</span>}
            <span className="projects-when">{t('projectsReportedBy', { by: r.reportedBy ?? '—', date: i.date(r.reportedAt, { time: true }) })}</span>
          </div>
          <dl className="dl dl-compact">
            <Row label={t('projectsPercentDone')}>
              <PercentBar value={r.percentDone} />
            </Row>
            <Row label={t('projectsSpent')}>{bahtText(r.spentBaht, i)}</Row>
            {r.outputs.length > 0 && (
              <Row label={t('projectsOutputsTitle')}>
                {r.outputs.map((o) => (
                  <span key={o.name} className="projects-output-line">
                    {o.name}: {i.num(o.achieved, 4)}
                  </span>
                ))}
              </Row>
            )}
            {r.narrative && (
              <Row label={t('projectsNarrative')}>
                <span className="projects-pre">{r.narrative}</span>
              </Row>
            )}
          </dl>
          {r.photos.length > 0 && (
            <ul className="projects-photos" aria-label={t('projectsPhotos')}>
              {r.photos.map((p) => (
                <li key={p.id}>
                  <a href={p.url} target="_blank" rel="noopener" aria-label={t('projectsPhotoOpen', { name: p.caption || p.filename })}>
                    <img src={p.url} alt={p.caption || p.filename} loading="lazy" />
                  </a>
                  {p.caption && <span className="projects-photo-caption">{p.caption}</span>}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ProjectDetail(props: {
  id: number;
  me: Me;
  categories: Category[];
  agencies: AgencyOption[];
  /** Incremented by the page when the project changed elsewhere (saved in the form). */
  reload: number;
  notice: { msg: Msg } | null;
  onEdit(p: Project): void;
  /** The project or its progress changed: the list re-reads it. */
  onChanged(): void;
  onDeleted(title: string): void;
  onClose(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [own, setOwn] = useState(0);
  const detail = useApi<ProjectDetailBody>(`/api/projects/${props.id}`, props.reload + own);
  const [reporting, setReporting] = useState<{ fy: number; q: number } | null>(null);
  // Shown where the change was made: above the reports, or above the support history.
  const [notice, setNotice] = useState<{ msg: Msg; where: 'progress' | 'support' } | null>(null);
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  // A new notice of the page (the project was saved in the form) replaces the one shown here.
  useEffect(() => setNotice(null), [props.notice]);
  const refresh = () => {
    setOwn((n) => n + 1);
    props.onChanged();
  };

  if (detail.error) return <Alert kind="error">{detail.error instanceof ApiError && detail.error.status === 404 ? t('projectsErrNotFound') : errorText(detail.error, i)}</Alert>;
  const body = detail.data;
  if (!body || body.project.id !== props.id) return <p className="muted">{t('loading')}</p>;
  const p = body.project;
  const editable = canEditProject(props.me, p.agency.id);
  const cancelled = p.status === 'cancelled';
  // The page's notice (saved, created) until a change is made here.
  const shownNotice = notice ? null : props.notice;
  const noticeIn = (where: 'progress' | 'support') => (notice?.where === where ? <Alert kind="success">{notice.msg(i)}</Alert> : null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/projects/${p.id}`, { method: 'DELETE' });
      props.onDeleted(p.title);
    } catch (err) {
      setError({ msg: (x) => actionErrorText(err, 'projectsErrDelete', x) });
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  };

  const report = (fy: number, q: number) => {
    setNotice(null);
    setReporting({ fy, q });
    requestAnimationFrame(() => document.getElementById('projects-progress-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
  };

  return (
    <>
      <div className="targets-detail-head projects-detail-head">
        <div>
          <h2 id="project-detail-title">{p.title}</h2>
          <p className="targets-sub">
            {i.name(p.agency)} · {i.fiscalYear(p.fiscalYear)} · <ProjectStatusBadge status={p.status} />
            {p.seekingSupport && <span className="badge projects-badge-seeking">{t('projectsSeekingBadge')}</span>}
            <LateBadge project={p} />
          </p>
        </div>
        <div className="projects-detail-actions">
          {editable && (
            <>
              <button type="button" className="btn btn-primary" onClick={() => props.onEdit(p)}>
                {t('projectsEdit')}
              </button>
              <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmDelete((v) => !v)}>
                {t('projectsDelete')}
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={props.onClose}>
            {t('projectsDetailClose')}
          </button>
        </div>
      </div>
      {confirmDelete && (
        <div className="card targets-action-form projects-delete-confirm">
          <p>{t('projectsDeleteConfirm')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
              {t('projectsDeleteGo')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
              {t('projectsCancel')}
            </button>
          </div>
        </div>
      )}
      {shownNotice && <Alert kind="success">{shownNotice.msg(i)}</Alert>}
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      {!editable && <p className="targets-note">{props.me.role === 'viewer' ? t('projectsReadOnly') : t('projectsOtherAgency')}</p>}
      <div className="targets-detail-grid">
        <div>
          <Facts project={p} categories={props.categories} />
          {p.supportNeeds && !p.seekingSupport && (
            <p>
              <strong>{t('projectsSupportNeeds')}:</strong> {p.supportNeeds}
            </p>
          )}
        </div>
        <ProjectMap project={p} />
      </div>
      <Areas project={p} />
      <Outputs project={p} progress={body.progress} />

      <section className="projects-progress" aria-labelledby="projects-timeline-title">
        <h3 id="projects-timeline-title">{t('projectsTimelineTitle')}</h3>
        {cancelled && <p className="targets-note projects-cancelled-note">{t('projectsCancelledNoReport')}</p>}
        <Timeline
          expected={body.expectedReports}
          editable={editable}
          cancelled={cancelled}
          open={reporting ? `${reporting.fy}Q${reporting.q}` : null}
          onReport={report}
        />
        {reporting && editable && (
          <ProgressForm
            key={`${reporting.fy}Q${reporting.q}`}
            project={p}
            fiscalYear={reporting.fy}
            quarter={reporting.q}
            existing={body.progress.find((r) => r.fiscalYear === reporting.fy && r.quarter === reporting.q) ?? null}
            onSaved={(msg) => {
              setReporting(null);
              setNotice({ msg, where: 'progress' });
              refresh();
            }}
            onChanged={refresh}
            onCancel={() => setReporting(null)}
          />
        )}
        {noticeIn('progress')}
        <h4 className="projects-reports-title">{t('projectsReportsTitle')}</h4>
        <Reports progress={body.progress} />
      </section>

      {(p.seekingSupport || body.support.length > 0) && (
        <SupportPanel
          project={p}
          events={body.support}
          me={props.me}
          agencies={props.agencies}
          canEdit={editable}
          notice={noticeIn('support')}
          onChanged={(msg) => {
            setNotice({ msg, where: 'support' });
            refresh();
          }}
        />
      )}
    </>
  );
}
