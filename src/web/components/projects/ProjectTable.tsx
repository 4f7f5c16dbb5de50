/**
 * The list of projects: title, agency, fiscal year, budget, status, percent done, late reports
 * and whether it works in the declared target areas, one page at a time. On a phone each row
 * becomes a card (the column names are repeated inside it).
 */
import { useI18n } from '../../i18n.tsx';
import type { Project, ProjectStatus } from '../../../shared/project-types.ts';
import { bahtText } from './project-text.ts';

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useI18n();
  return <span className={`badge projects-status projects-status-${status}`}>{t(`projectsStatus_${status}`)}</span>;
}

/** The percent done as a bar with its number; "no report yet" when there is none. */
export function PercentBar({ value }: { value: number | null }) {
  const i = useI18n();
  if (value == null) return <span className="muted projects-no-progress">{i.t('projectsNoProgress')}</span>;
  const v = Math.max(0, Math.min(100, value));
  return (
    <span className="projects-progressbar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} aria-label={i.t('projectsPercentDone')}>
      <span className="projects-progressbar-track">
        <span className="projects-progressbar-fill" style={{ width: `${v}%` }} />
      </span>
      <span className="projects-progressbar-value">{i.num(v, 1)}%</span>
    </span>
  );
}

/** "ค้างส่งรายงาน 2 ไตรมาส" when reports are late; nothing otherwise. */
export function LateBadge({ project }: { project: Pick<Project, 'lateReports'> }) {
  const i = useI18n();
  const n = project.lateReports.length;
  if (!n) return null;
  const quarters = project.lateReports.map((r) => i.fiscalQuarter(r.fiscalYear, r.quarter)).join(', ');
  return (
    <span className="badge projects-late" title={quarters}>
      {i.t('projectsLateBadge', { n: i.num(n) })}
    </span>
  );
}

/** How much of the project lies in the declared target areas of its fiscal year. */
export function TargetsMark({ project }: { project: Pick<Project, 'areas'> }) {
  const i = useI18n();
  const n = project.areas.length;
  const k = project.areas.filter((a) => a.inTargetList).length;
  if (n > 0 && k === n) return <span className="badge projects-in-list">✓ {i.t('projectsTargetsAll')}</span>;
  if (k > 0) return <span className="badge projects-in-list-some">{i.t('projectsTargetsSome', { k: i.num(k), n: i.num(n) })}</span>;
  return <span className="muted projects-outside">{i.t('projectsTargetsNone')}</span>;
}

export function ProjectTable(props: { items: Project[]; openId: number | null; onOpen(id: number): void }) {
  const i = useI18n();
  const { t } = i;
  return (
    <div className="table-wrap projects-table-wrap">
      <table className="table projects-table projects-cardtable">
        <thead>
          <tr>
            <th scope="col">{t('projectsColTitle')}</th>
            <th scope="col">{t('projectsColAgency')}</th>
            <th scope="col">{t('projectsColFy')}</th>
            <th scope="col" className="num">
              {t('projectsColBudget')}
            </th>
            <th scope="col">{t('projectsColStatus')}</th>
            <th scope="col">{t('projectsColProgress')}</th>
            <th scope="col">{t('projectsColTargets')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => (
            <tr key={p.id} data-id={p.id} className={p.id === props.openId ? 'selected' : p.status === 'cancelled' ? 'row-muted' : undefined}>
              <td className="projects-cell-title" data-label={t('projectsColTitle')}>
                {/* A real link (it can be opened in a new tab or copied); a plain click opens the details below. */}
                <a
                  href={`/projects?project=${p.id}`}
                  className="projects-title"
                  aria-label={t('projectsOpenAria', { title: p.title })}
                  onClick={(e) => {
                    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    props.onOpen(p.id);
                  }}
                >
                  {p.title}
                </a>
                {(p.seekingSupport || p.origin === 'community') && (
                  <span className="projects-title-badges">
                    {p.origin === 'community' && <span className="badge projects-badge-community">{t('projectsCommunityBadge')}</span>}
                    {p.seekingSupport && <span className="badge projects-badge-seeking">{t('projectsSeekingBadge')}</span>}
                  </span>
                )}
              </td>
              <td data-label={t('projectsColAgency')}>{i.name(p.agency)}</td>
              <td className="nowrap" data-label={t('projectsColFy')}>
                {p.fiscalYear}
              </td>
              <td className="num" data-label={t('projectsColBudget')}>
                {bahtText(p.budgetBaht, i)}
              </td>
              <td className="projects-cell-status" data-label={t('projectsColStatus')}>
                <span>
                  <ProjectStatusBadge status={p.status} />
                  <LateBadge project={p} />
                </span>
              </td>
              <td data-label={t('projectsColProgress')}>
                <PercentBar value={p.percentDone} />
              </td>
              <td data-label={t('projectsColTargets')}>
                <TargetsMark project={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
