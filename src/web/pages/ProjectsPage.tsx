/**
 * The projects page (แผนงาน/โครงการ): the filtered list with its count and budget total, exports
 * and the spreadsheet import, one project's details (?project=12), and the forms to create or
 * edit a project and to report its quarterly progress. The filters live in the address like the
 * target list page (?fy=2568&province=98&status=in_progress&late=true&page=2), so a view is
 * shared by copying the link.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Area, type AreaSearchHit, type Category } from '../api.ts';
import { useApi, useDebounced } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch, useInitialSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { AreaSearch } from '../components/AreaSearch.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { PROJECT_STATUSES, type Project, type ProjectStatus } from '../../shared/project-types.ts';
import { ProjectDetail } from '../components/projects/ProjectDetail.tsx';
import { areaChipName, ProjectForm } from '../components/projects/ProjectForm.tsx';
import { ProjectTable } from '../components/projects/ProjectTable.tsx';
import { bahtText, canCreateProject, canEditProject, type AgencyOption, type ProjectPage } from '../components/projects/project-text.ts';
import { ProjectImportSection } from '../components/projects/ProjectImportSection.tsx';
import '../components/projects/projects.css';

const PAGE_SIZE = 20;

interface Filters {
  /** 0 = every fiscal year. */
  fy: number;
  province: string;
  /** 0 = every agency. */
  agency: number;
  status: ProjectStatus | '';
  category: string;
  /** A sub-district or village code. */
  area: string;
  q: string;
  seeking: boolean;
  late: boolean;
  inTargets: '' | 'true' | 'false';
}

const NO_FILTERS: Filters = { fy: 0, province: '', agency: 0, status: '', category: '', area: '', q: '', seeking: false, late: false, inTargets: '' };

function readSearch(search: string): { filters: Filters; page: number; project: number | null; mode: 'new' | 'edit' | null } {
  const q = new URLSearchParams(search);
  const int = (k: string) => {
    const n = Number(q.get(k));
    return Number.isInteger(n) && n > 0 ? n : 0;
  };
  const status = q.get('status') ?? '';
  const inTargets = q.get('inTargets') ?? '';
  return {
    filters: {
      fy: int('fy') > 2500 ? int('fy') : 0,
      province: /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '',
      agency: int('agency'),
      status: (PROJECT_STATUSES as readonly string[]).includes(status) ? (status as ProjectStatus) : '',
      category: /^[a-z0-9_-]{1,64}$/.test(q.get('category') ?? '') ? q.get('category')! : '',
      area: /^[0-9]{6}([0-9]{2})?$/.test(q.get('area') ?? '') ? q.get('area')! : '',
      q: (q.get('q') ?? '').slice(0, 200),
      seeking: q.get('seeking') === 'true',
      late: q.get('late') === 'true',
      inTargets: inTargets === 'true' || inTargets === 'false' ? inTargets : '',
    },
    page: Math.max(1, int('page')),
    project: int('project') || null,
    mode: q.get('new') === '1' ? 'new' : q.get('edit') === '1' ? 'edit' : null,
  };
}

/** The API's query parameters for the filters. */
function filterQuery(f: Filters, q: string): Record<string, string | number | null> {
  return {
    fy: f.fy || null,
    province: f.province || null,
    agency: f.agency || null,
    status: f.status || null,
    category: f.category || null,
    area: f.area || null,
    q: q.trim() || null,
    seeking: f.seeking ? 'true' : null,
    late: f.late ? 'true' : null,
    inTargets: f.inTargets || null,
  };
}

export function ProjectsPage() {
  const i = useI18n();
  const { t, num } = i;
  const { me } = useSession();
  const search = useInitialSearch();
  const initial = useMemo(() => readSearch(search), [search]);
  const { data: provinces } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const agencies = useApi<{ items: AgencyOption[] }>('/api/agencies').data?.items;
  const thisFy = fiscalYearOf(new Date());
  const years = useMemo(() => Array.from({ length: 7 }, (_, k) => thisFy + 1 - k), [thisFy]);
  const [filters, setFilters] = useState<Filters>(initial.filters);
  const [page, setPage] = useState(initial.page);
  const [openId, setOpenId] = useState<number | null>(initial.project);
  const [mode, setMode] = useState<'new' | 'edit' | null>(initial.mode);
  const [editing, setEditing] = useState<Project | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [deleted, setDeleted] = useState<string | null>(null);
  const q = useDebounced(filters.q, 300);
  const writer = canCreateProject(me);

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const apiFilters = filterQuery(filters, q);
  const listUrl = `/api/projects${query({ ...apiFilters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`;
  const list = useApi<ProjectPage>(listUrl, reload);
  const areaInfo = useApi<Area>(filters.area ? `/api/areas/${filters.area}` : null);
  // The edit form needs the project: the one in the list, else the one the address names.
  const editTarget = useApi<{ project: Project }>(mode === 'edit' && openId && !editing ? `/api/projects/${openId}` : null);

  useEffect(() => {
    replaceSearch(query({ ...filterQuery(filters, q), page: page > 1 ? page : null, project: openId, new: mode === 'new' ? 1 : null, edit: mode === 'edit' && openId ? 1 : null }));
  }, [filters, q, page, openId, mode]);
  useEffect(() => {
    if (editTarget.data && mode === 'edit') setEditing(editTarget.data.project);
  }, [editTarget.data, mode]);

  const changed = () => setReload((n) => n + 1);
  const scrollTo = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ block: 'start' }));
  const open = (id: number) => {
    setOpenId(id);
    setNotice(null);
    setDeleted(null);
    scrollTo('project-detail');
  };
  const startCreate = () => {
    setEditing(null);
    setMode('new');
    setNotice(null);
    scrollTo('projects-form-title');
  };
  const startEdit = (p: Project) => {
    setEditing(p);
    setMode('edit');
    setNotice(null);
    scrollTo('projects-form-title');
  };
  const closeForm = () => {
    setMode(null);
    setEditing(null);
  };

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const exportQuery = query(apiFilters);
  const activeCategories = (categories ?? []).filter((c) => c.active || c.code === filters.category);
  const filtered = JSON.stringify({ ...filters, q: filters.q.trim() }) !== JSON.stringify(NO_FILTERS);

  return (
    <Page title={t('projectsTitle')} intro={t('projectsIntro')} wide>
      <div className="toolbar projects-toolbar">
        {writer ? (
          mode !== 'new' && (
            <button type="button" className="btn btn-primary" onClick={startCreate}>
              + {t('projectsNew')}
            </button>
          )
        ) : (
          me && me.role !== 'viewer' && <p className="targets-note">{t('projectsNoAgencyNote')}</p>
        )}
      </div>

      {writer && me && mode === 'new' && categories && agencies && (
        <ProjectForm
          me={me}
          agencies={agencies}
          categories={categories}
          years={years}
          project={null}
          defaultFiscalYear={filters.fy || thisFy}
          onCancel={closeForm}
          onSaved={(p) => {
            closeForm();
            changed();
            open(p.id);
            setNotice({ msg: (x) => x.t('projectsCreated', { title: p.title }) });
          }}
        />
      )}
      {me && mode === 'edit' && editing && canEditProject(me, editing.agency.id) && categories && agencies && (
        <ProjectForm
          key={editing.id}
          me={me}
          agencies={agencies}
          categories={categories}
          years={years}
          project={editing}
          defaultFiscalYear={editing.fiscalYear}
          onCancel={closeForm}
          onSaved={(p) => {
            closeForm();
            changed();
            open(p.id);
            setNotice({ msg: (x) => x.t('projectsUpdated', { title: p.title }) });
          }}
        />
      )}

      <section className="card projects-filters" aria-label={t('projectsFilters')}>
        <div className="projects-filter-grid">
          <label className="field">
            <span>{t('projectsFiscalYear')}</span>
            <select name="fy" value={filters.fy} onChange={(e) => set({ fy: Number(e.target.value) })}>
              <option value={0}>{t('projectsEveryYear')}</option>
              {[...new Set([...years, ...(filters.fy ? [filters.fy] : [])])]
                .sort((a, b) => b - a)
                .map((y) => (
                  <option key={y} value={y}>
                    {i.fiscalYear(y)}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('projectsProvince')}</span>
            <select name="province" value={filters.province} onChange={(e) => set({ province: e.target.value })}>
              <option value="">{t('projectsEveryProvince')}</option>
              {filters.province && !provinces?.some((p) => p.code === filters.province) && <option value={filters.province}>{filters.province}</option>}
              {(provinces ?? []).map((p) => (
                <option key={p.code} value={p.code}>
                  {i.name(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('projectsAgency')}</span>
            <select name="agency" value={filters.agency} onChange={(e) => set({ agency: Number(e.target.value) })}>
              <option value={0}>{t('projectsEveryAgency')}</option>
              {/* The address may name an agency before the registry arrives: the choice stays shown. */}
              {filters.agency > 0 && !agencies?.some((a) => a.id === filters.agency) && <option value={filters.agency}>{t('loading')}</option>}
              {(agencies ?? [])
                .filter((a) => a.active || a.id === filters.agency)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {i.name(a)}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('projectsStatus')}</span>
            <select name="status" value={filters.status} onChange={(e) => set({ status: e.target.value as ProjectStatus | '' })}>
              <option value="">{t('projectsEveryStatus')}</option>
              {PROJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`projectsStatus_${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('projectsCategory')}</span>
            <select name="category" value={filters.category} onChange={(e) => set({ category: e.target.value })}>
              <option value="">{t('projectsEveryCategory')}</option>
              {filters.category && !activeCategories.some((c) => c.code === filters.category) && <option value={filters.category}>{filters.category}</option>}
              {activeCategories.map((c) => (
                <option key={c.code} value={c.code}>
                  {i.label(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('projectsInTargets')}</span>
            <select name="inTargets" value={filters.inTargets} onChange={(e) => set({ inTargets: e.target.value as Filters['inTargets'] })}>
              <option value="">{t('projectsInTargetsAny')}</option>
              <option value="true">{t('projectsInTargetsYes')}</option>
              <option value="false">{t('projectsInTargetsNo')}</option>
            </select>
          </label>
          <div className="projects-area-filter">
            {filters.area ? (
              <div className="field">
                <span>{t('projectsAreaFilter')}</span>
                <span className="projects-chip projects-chip-filter">
                  <span>{areaInfo.data ? areaChipName(areaInfo.data, i) : filters.area}</span>
                  <code>{filters.area}</code>
                  <button
                    type="button"
                    className="projects-chip-remove"
                    aria-label={t('projectsAreaClear', { name: areaInfo.data ? areaChipName(areaInfo.data, i) : filters.area })}
                    onClick={() => {
                      set({ area: '' });
                      setPickerKey((k) => k + 1);
                    }}
                  >
                    ×
                  </button>
                </span>
              </div>
            ) : (
              <AreaSearch
                key={pickerKey}
                name="project-area-filter"
                label={t('projectsAreaFilter')}
                placeholder={t('projectsAreaPlaceholder')}
                noResult={t('projectsAreaNoHit')}
                limit={30}
                offer={(hits) => hits.filter((h) => h.level >= 3).slice(0, 12)}
                onSelect={(h: AreaSearchHit) => set({ area: h.code })}
                onClear={() => undefined}
              />
            )}
          </div>
          <label className="field projects-text-filter">
            <span>{t('projectsText')}</span>
            <input type="search" name="q" value={filters.q} placeholder={t('projectsTextPlaceholder')} maxLength={200} onChange={(e) => set({ q: e.target.value })} />
          </label>
        </div>
        <div className="projects-filter-checks">
          <label className="check">
            <input type="checkbox" name="seeking" checked={filters.seeking} onChange={(e) => set({ seeking: e.target.checked })} />
            {t('projectsSeekingOnly')}
          </label>
          <label className="check">
            <input type="checkbox" name="late" checked={filters.late} onChange={(e) => set({ late: e.target.checked })} />
            {t('projectsLateOnly')}
          </label>
          {filtered && (
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                set(NO_FILTERS);
                setPickerKey((k) => k + 1);
              }}
            >
              {t('projectsClearFilters')}
            </button>
          )}
        </div>
      </section>

      {writer && <ProjectImportSection onImported={changed} />}

      <section className="projects-list" aria-labelledby="projects-list-title">
        <div className="projects-list-head">
          <h2 id="projects-list-title">{t('projectsListTitle')}</h2>
          {list.data && (
            <p className="projects-totals" aria-live="polite">
              <strong>{t('projectsCount', { n: num(total) })}</strong>
              {' · '}
              {t('projectsBudgetSum', { amount: bahtText(list.data.budgetTotal, i) })}
            </p>
          )}
          <div className="targets-exports projects-exports" role="group" aria-label={t('projectsExport')}>
            <span>{t('projectsExport')}</span>
            <a className="btn btn-small" href={`/api/projects/export.xlsx${exportQuery}`} download>
              Excel (XLSX)
            </a>
            <a className="btn btn-small" href={`/api/projects/export.csv${exportQuery}`} download>
              CSV
            </a>
          </div>
        </div>
        {deleted && <Alert kind="success">{t('projectsDeleted', { title: deleted })}</Alert>}
        {list.error ? <Alert kind="error">{errorText(list.error, i)}</Alert> : null}
        {list.data && items.length === 0 && <p className="muted">{writer ? t('projectsEmptyWriter') : t('projectsEmpty')}</p>}
        {items.length > 0 && <ProjectTable items={items} openId={openId} onOpen={open} />}
        {total > PAGE_SIZE && (
          <nav className="pager projects-pager" aria-label={t('projectsPager')}>
            <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              {t('projectsPrev')}
            </button>
            <span>
              {t('projectsPageOf', { from: num((page - 1) * PAGE_SIZE + 1), to: num(Math.min(total, page * PAGE_SIZE)), n: num(total) })}
            </span>
            <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              {t('projectsNext')}
            </button>
          </nav>
        )}
      </section>

      {openId && me && (
        <section id="project-detail" className="targets-detail projects-detail" aria-labelledby="project-detail-title">
          <ProjectDetail
            key={openId}
            id={openId}
            me={me}
            categories={categories ?? []}
            agencies={agencies ?? []}
            reload={reload}
            notice={notice}
            onEdit={startEdit}
            onChanged={changed}
            onDeleted={(title) => {
              setOpenId(null);
              closeForm();
              changed();
              setNotice(null);
              setDeleted(title);
            }}
            onClose={() => setOpenId(null)}
          />
        </section>
      )}
    </Page>
  );
}
