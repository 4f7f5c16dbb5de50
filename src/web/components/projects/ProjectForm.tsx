/**
 * Creates or edits a project (every field of ProjectInput): the agency (fixed to their own for
 * agency and area officers), fiscal year, title, objectives, budget and its source, problem
 * categories, the sub-districts and villages it works in, schedule, status, the responsible
 * person, what the public may see, planned outputs, whether it seeks support, and an optional
 * GeoJSON site. Everything is checked here first with Thai messages under the fields; what the
 * server still refuses is mapped onto the same fields.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { api, type AreaSearchHit, type Category, type Me } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { AreaSearch } from '../AreaSearch.tsx';
import { Alert, type Msg } from '../common.tsx';
import {
  BUDGET_SOURCES,
  DEFAULT_PUBLIC_FIELDS,
  PROJECT_ORIGINS,
  PROJECT_STATUSES,
  PUBLIC_FIELDS,
  type BudgetSource,
  type PlannedOutput,
  type Project,
  type ProjectGeometry,
  type ProjectInput,
  type ProjectOrigin,
  type ProjectStatus,
  type ProjectVisibility,
  type PublicField,
} from '../../../shared/project-types.ts';
import { actionErrorText, bahtText, ownAgencyOnly, parseBaht, parseQuantity, serverFieldErrors, ymdText, type AgencyOption, type FieldErrors } from './project-text.ts';

/** An area chosen for the project, as a chip. */
interface AreaChip {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
}

interface OutputRow {
  key: number;
  name: string;
  unit: string;
  target: string;
}

/** The fields of the form, named as ProjectInput names them (server error details use the same names). */
const FIELDS = [
  'externalId', 'agencyId', 'fiscalYear', 'title', 'objectives', 'budgetBaht', 'budgetSource', 'categories', 'areaCodes',
  'startDate', 'endDate', 'status', 'responsibleName', 'responsiblePhone', 'visibility', 'publicFields', 'plannedOutputs',
  'geometry', 'origin', 'seekingSupport', 'supportNeeds',
] as const;

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

let rowKey = 0;
const outputRow = (o?: PlannedOutput): OutputRow => ({ key: ++rowKey, name: o?.name ?? '', unit: o?.unit ?? '', target: o ? String(o.target) : '' });

/** A chip's name: "ตำบลคาโมน"; a village by its own name, since Thai village names begin with บ้าน. */
export function areaChipName(a: { level: number; nameTh: string; nameEn?: string | null }, i: I18n): string {
  return a.level === 4 ? i.name(a) : i.areaTitle(a);
}

/** The GeoJSON text of the site field as a geometry; undefined when it is not one. */
function parseGeometry(text: string): ProjectGeometry | null | undefined {
  if (!text.trim()) return null;
  try {
    const g = JSON.parse(text) as { type?: unknown; coordinates?: unknown; geometry?: unknown };
    // A whole Feature pasted from a GIS program is taken for its geometry.
    const geom = (g && typeof g === 'object' && g.type === 'Feature' ? g.geometry : g) as { type?: unknown; coordinates?: unknown } | null;
    if (!geom || typeof geom.type !== 'string' || !GEOMETRY_TYPES.includes(geom.type) || !Array.isArray(geom.coordinates) || geom.coordinates.length === 0) return undefined;
    return geom as ProjectGeometry;
  } catch {
    return undefined;
  }
}

/** The Thai (or English) sentence under a field, and the attributes that tie it to its input. */
function fieldErrorProps(errors: FieldErrors, i: I18n) {
  return {
    invalid: (f: string) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `project-err-${f}` } : {}),
    message: (f: string): ReactNode =>
      errors[f] ? (
        <span className="hint-error" id={`project-err-${f}`}>
          {errors[f](i)}
        </span>
      ) : null,
  };
}

export function ProjectForm(props: {
  me: Me;
  agencies: AgencyOption[];
  categories: Category[];
  years: number[];
  /** The project to edit; null to create one. */
  project: Project | null;
  defaultFiscalYear: number;
  onSaved(p: Project, created: boolean): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const { me, project } = props;
  const fixedAgency = ownAgencyOnly(me);
  const [agencyId, setAgencyId] = useState<number | ''>(project?.agency.id ?? (fixedAgency ? (me.agencyId ?? '') : ''));
  const [fy, setFy] = useState(project?.fiscalYear ?? props.defaultFiscalYear);
  const [externalId, setExternalId] = useState(project?.externalId ?? '');
  const [title, setTitle] = useState(project?.title ?? '');
  const [objectives, setObjectives] = useState(project?.objectives ?? '');
  const [budget, setBudget] = useState(project ? bahtText(project.budgetBaht, i) : '');
  const [source, setSource] = useState<BudgetSource>(project?.budgetSource ?? 'agency');
  const [cats, setCats] = useState<string[]>(project?.categories ?? []);
  const [areas, setAreas] = useState<AreaChip[]>(project?.areas.map((a) => ({ code: a.code, level: a.level, nameTh: a.nameTh, nameEn: a.nameEn })) ?? []);
  const [pickerKey, setPickerKey] = useState(0);
  const [start, setStart] = useState(project?.startDate?.slice(0, 10) ?? '');
  const [end, setEnd] = useState(project?.endDate?.slice(0, 10) ?? '');
  const [status, setStatus] = useState<ProjectStatus>(project?.status ?? 'planned');
  const [respName, setRespName] = useState(project?.responsibleName ?? '');
  const [respPhone, setRespPhone] = useState(project?.responsiblePhone ?? '');
  const [visibility, setVisibility] = useState<ProjectVisibility>(project?.visibility ?? 'internal');
  const [publicFields, setPublicFields] = useState<PublicField[]>(project?.publicFields ?? [...DEFAULT_PUBLIC_FIELDS]);
  const [outputs, setOutputs] = useState<OutputRow[]>(project?.plannedOutputs.length ? project.plannedOutputs.map(outputRow) : [outputRow()]);
  const [origin, setOrigin] = useState<ProjectOrigin>(project?.origin ?? 'agency');
  const [seeking, setSeeking] = useState(project?.seekingSupport ?? false);
  const [needs, setNeeds] = useState(project?.supportNeeds ?? '');
  const [geometryText, setGeometryText] = useState(project?.geometry ? JSON.stringify(project.geometry) : '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<{ msg: Msg; other: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const fe = fieldErrorProps(errors, i);

  const agencyChoices = useMemo(() => {
    if (fixedAgency) {
      const own = props.agencies.find((a) => a.id === me.agencyId);
      return me.agencyId == null ? [] : [own ?? { id: me.agencyId, code: '', nameTh: me.agency ?? String(me.agencyId), nameEn: null, provinceCode: null, active: true }];
    }
    return props.agencies.filter((a) => a.active || a.id === project?.agency.id);
  }, [props.agencies, fixedAgency, me, project]);
  const yearOptions = useMemo(() => [...new Set([...props.years, fy])].sort((a, b) => b - a), [props.years, fy]);
  const activeCats = props.categories.filter((c) => c.active || cats.includes(c.code));

  const clearError = (f: string) => {
    if (errors[f]) setErrors(({ [f]: _gone, ...rest }) => rest);
  };

  const pickArea = (h: AreaSearchHit) => {
    setPickerKey((k) => k + 1);
    if (h.level < 3) return setErrors((e) => ({ ...e, areaCodes: (x) => x.t('projectsErrAreaLevel') }));
    if (areas.some((a) => a.code === h.code)) return;
    if (areas.length && areas[0].code.slice(0, 2) !== h.provinceCode) return setErrors((e) => ({ ...e, areaCodes: (x) => x.t('projectsErrOneProvince') }));
    clearError('areaCodes');
    setAreas((a) => [...a, { code: h.code, level: h.level, nameTh: h.nameTh, nameEn: h.nameEn }]);
  };

  /** The request body, or the field errors that keep it from being sent. */
  const build = (): { body: ProjectInput } | { errors: FieldErrors } => {
    const e: FieldErrors = {};
    if (agencyId === '') e.agencyId = (x) => x.t('projectsErrAgency');
    if (!fy) e.fiscalYear = (x) => x.t('projectsErrFiscalYear');
    if (!title.trim()) e.title = (x) => x.t('projectsErrTitle');
    const budgetBaht = parseBaht(budget);
    if (budgetBaht === null) e.budgetBaht = (x) => x.t('projectsErrBudget');
    if (areas.length === 0) e.areaCodes = (x) => x.t('projectsErrAreas');
    else if (new Set(areas.map((a) => a.code.slice(0, 2))).size > 1) e.areaCodes = (x) => x.t('projectsErrOneProvince');
    if (start && end && end < start) e.endDate = (x) => x.t('projectsErrDates');
    const planned: PlannedOutput[] = [];
    const seen = new Set<string>();
    outputs.forEach((o, k) => {
      const row = k + 1;
      if (!o.name.trim() && !o.unit.trim() && !o.target.trim()) return;
      const target = parseQuantity(o.target);
      if (!o.name.trim()) e.plannedOutputs ??= (x) => x.t('projectsErrOutputName', { row });
      else if (target === null) e.plannedOutputs ??= (x) => x.t('projectsErrOutputTarget', { row });
      else if (seen.has(o.name.trim())) e.plannedOutputs ??= (x) => x.t('projectsErrOutputDup', { name: o.name.trim() });
      else {
        seen.add(o.name.trim());
        planned.push({ name: o.name.trim(), unit: o.unit.trim(), target });
      }
    });
    const geometry = parseGeometry(geometryText);
    if (geometry === undefined) e.geometry = (x) => x.t('projectsErrGeometry');
    if (seeking && !needs.trim()) e.supportNeeds = (x) => x.t('projectsErrSupportNeeds');
    if (visibility === 'public' && publicFields.length === 0) e.publicFields = (x) => x.t('projectsErrPublicFields');
    if (Object.keys(e).length || budgetBaht === null || geometry === undefined || agencyId === '') return { errors: e };
    return {
      body: {
        externalId: externalId.trim() || null,
        agencyId,
        fiscalYear: fy,
        title: title.trim(),
        objectives: objectives.trim(),
        budgetBaht,
        budgetSource: source,
        categories: cats,
        areaCodes: areas.map((a) => a.code),
        startDate: start || null,
        endDate: end || null,
        status,
        responsibleName: respName.trim(),
        responsiblePhone: respPhone.trim(),
        visibility,
        publicFields: visibility === 'public' ? publicFields : project?.publicFields ?? [...DEFAULT_PUBLIC_FIELDS],
        plannedOutputs: planned,
        geometry,
        origin,
        seekingSupport: seeking,
        supportNeeds: seeking ? needs.trim() : '',
      },
    };
  };

  const focusFirstError = () =>
    requestAnimationFrame(() => (document.querySelector('form.projects-form [aria-invalid="true"]') as HTMLElement | null)?.focus());

  const submit = async () => {
    setSummary(null);
    const built = build();
    if ('errors' in built) {
      setErrors(built.errors);
      setSummary({ msg: (x) => x.t('projectsErrCheckFields'), other: [] });
      focusFirstError();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = project
        ? await api<Project>(`/api/projects/${project.id}`, { method: 'PUT', json: built.body })
        : await api<Project>('/api/projects', { method: 'POST', json: built.body });
      props.onSaved(saved, !project);
    } catch (err) {
      const { fields, other } = serverFieldErrors(err, FIELDS);
      setErrors(fields);
      setSummary({ msg: (x) => actionErrorText(err, 'projectsErrSave', x), other });
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const setOutput = (key: number, patch: Partial<OutputRow>) => {
    clearError('plannedOutputs');
    setOutputs((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const parsedBudget = parseBaht(budget);

  return (
    <form
      className="card card-form projects-form"
      aria-labelledby="projects-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="projects-form-title">{project ? t('projectsEditTitle') : t('projectsCreateTitle')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('projectsAgency')}</span>
          <select
            name="agencyId"
            value={agencyId}
            disabled={fixedAgency}
            {...fe.invalid('agencyId')}
            onChange={(e) => {
              clearError('agencyId');
              setAgencyId(e.target.value ? Number(e.target.value) : '');
            }}
          >
            {!fixedAgency && <option value="">{t('projectsAgencyChoose')}</option>}
            {agencyChoices.map((a) => (
              <option key={a.id} value={a.id}>
                {i.name(a)}
              </option>
            ))}
          </select>
          {fixedAgency && <span className="hint">{t('projectsAgencyFixed')}</span>}
          {fe.message('agencyId')}
        </label>
        <label className="field">
          <span>{t('projectsFiscalYear')}</span>
          <select name="fiscalYear" value={fy} {...fe.invalid('fiscalYear')} onChange={(e) => setFy(Number(e.target.value))}>
            {yearOptions.map((y) => (
              <option key={y} value={y}>
                {i.fiscalYear(y)}
              </option>
            ))}
          </select>
          {fe.message('fiscalYear')}
        </label>
        <label className="field">
          <span>{t('projectsExternalId')}</span>
          <input type="text" name="externalId" maxLength={100} value={externalId} {...fe.invalid('externalId')} onChange={(e) => { clearError('externalId'); setExternalId(e.target.value); }} />
          {fe.message('externalId')}
        </label>
        <label className="field field-wide">
          <span>{t('projectsFieldTitle')}</span>
          <input type="text" name="title" maxLength={500} value={title} {...fe.invalid('title')} onChange={(e) => { clearError('title'); setTitle(e.target.value); }} />
          {fe.message('title')}
        </label>
        <label className="field field-wide">
          <span>{t('projectsObjectives')}</span>
          <textarea name="objectives" rows={3} maxLength={5000} value={objectives} {...fe.invalid('objectives')} onChange={(e) => { clearError('objectives'); setObjectives(e.target.value); }} />
          {fe.message('objectives')}
        </label>
        <label className="field">
          <span>{t('projectsBudget')}</span>
          <input
            type="text"
            inputMode="decimal"
            name="budgetBaht"
            value={budget}
            autoComplete="off"
            {...fe.invalid('budgetBaht')}
            onChange={(e) => { clearError('budgetBaht'); setBudget(e.target.value); }}
            onBlur={() => parsedBudget !== null && setBudget(bahtText(parsedBudget, i))}
          />
          {errors.budgetBaht ? fe.message('budgetBaht') : <span className="hint">{t('projectsBudgetHint')}</span>}
        </label>
        <label className="field">
          <span>{t('projectsBudgetSource')}</span>
          <select name="budgetSource" value={source} {...fe.invalid('budgetSource')} onChange={(e) => setSource(e.target.value as BudgetSource)}>
            {BUDGET_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`projectsSource_${s}`)}
              </option>
            ))}
          </select>
          {fe.message('budgetSource')}
        </label>
        <label className="field">
          <span>{t('projectsStatus')}</span>
          <select name="status" value={status} {...fe.invalid('status')} onChange={(e) => setStatus(e.target.value as ProjectStatus)}>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`projectsStatus_${s}`)}
              </option>
            ))}
          </select>
          {fe.message('status')}
        </label>

        <fieldset className="field-wide projects-set" {...fe.invalid('categories')}>
          <legend>{t('projectsCategories')}</legend>
          <div className="targets-cat-checks">
            {activeCats.map((c) => (
              <label key={c.code} className="check">
                <input
                  type="checkbox"
                  name="category"
                  value={c.code}
                  checked={cats.includes(c.code)}
                  onChange={() => setCats((v) => (v.includes(c.code) ? v.filter((x) => x !== c.code) : [...v, c.code]))}
                />
                <span className="cat-dot" style={{ background: c.color }} aria-hidden="true" />
                {i.label(c)}
              </label>
            ))}
          </div>
          {fe.message('categories')}
        </fieldset>

        <fieldset className="field-wide projects-set projects-areas-set" {...fe.invalid('areaCodes')}>
          <legend>{t('projectsAreasField')}</legend>
          <AreaSearch
            key={pickerKey}
            className="projects-area-picker"
            name="project-area-search"
            label={t('projectsAreasFind')}
            placeholder={t('projectsAreaPlaceholder')}
            noResult={t('projectsAreaNoHit')}
            limit={50}
            offer={(hits) => hits.filter((h) => h.level >= 3 && (!areas.length || h.provinceCode === areas[0].code.slice(0, 2))).slice(0, 12)}
            pickedText={(h, x) => areaChipName(h, x)}
            note={(h) => areas.some((a) => a.code === h.code) && <span className="badge badge-info">{t('projectsAreaAdded')}</span>}
            picked={null}
            onSelect={pickArea}
            onClear={() => undefined}
          />
          <ul className="projects-chips" aria-live="polite">
            {areas.map((a) => (
              <li key={a.code} className="projects-chip" data-code={a.code}>
                <span>{areaChipName(a, i)}</span>
                <code>{a.code}</code>
                <button
                  type="button"
                  className="projects-chip-remove"
                  aria-label={t('projectsAreaRemove', { name: areaChipName(a, i) })}
                  onClick={() => setAreas((v) => v.filter((x) => x.code !== a.code))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          {errors.areaCodes ? fe.message('areaCodes') : <span className="hint">{t('projectsAreasHint')}</span>}
        </fieldset>

        <label className="field">
          <span>{t('projectsStartDate')}</span>
          <input type="date" name="startDate" value={start} {...fe.invalid('startDate')} onChange={(e) => { clearError('startDate'); clearError('endDate'); setStart(e.target.value); }} />
          {errors.startDate ? fe.message('startDate') : start && <span className="hint">{ymdText(start, i)}</span>}
        </label>
        <label className="field">
          <span>{t('projectsEndDate')}</span>
          <input type="date" name="endDate" value={end} {...fe.invalid('endDate')} onChange={(e) => { clearError('endDate'); setEnd(e.target.value); }} />
          {errors.endDate ? fe.message('endDate') : end && <span className="hint">{ymdText(end, i)}</span>}
        </label>
        <label className="field">
          <span>{t('projectsResponsibleName')}</span>
          <input type="text" name="responsibleName" maxLength={200} value={respName} {...fe.invalid('responsibleName')} onChange={(e) => { clearError('responsibleName'); setRespName(e.target.value); }} />
          {fe.message('responsibleName')}
        </label>
        <label className="field">
          <span>{t('projectsResponsiblePhone')}</span>
          <input type="text" inputMode="tel" name="responsiblePhone" maxLength={50} value={respPhone} {...fe.invalid('responsiblePhone')} onChange={(e) => { clearError('responsiblePhone'); setRespPhone(e.target.value); }} />
          {errors.responsiblePhone ? fe.message('responsiblePhone') : <span className="hint">{t('projectsPhoneHint')}</span>}
        </label>

        <fieldset className="field-wide projects-set">
          <legend>{t('projectsOutputsField')}</legend>
          <div className="projects-outputs-edit" {...fe.invalid('plannedOutputs')}>
            <div className="projects-output-row projects-output-head" aria-hidden="true">
              <span>{t('projectsOutputName')}</span>
              <span>{t('projectsOutputUnit')}</span>
              <span>{t('projectsOutputTarget')}</span>
              <span />
            </div>
            {outputs.map((o, k) => (
              <div key={o.key} className="projects-output-row">
                <input type="text" name="outputName" aria-label={`${t('projectsOutputName')} ${k + 1}`} placeholder={t('projectsOutputNamePlaceholder')} maxLength={200} value={o.name} onChange={(e) => setOutput(o.key, { name: e.target.value })} />
                <input type="text" name="outputUnit" aria-label={`${t('projectsOutputUnit')} ${k + 1}`} placeholder={t('projectsOutputUnitPlaceholder')} maxLength={50} value={o.unit} onChange={(e) => setOutput(o.key, { unit: e.target.value })} />
                <input type="text" inputMode="decimal" name="outputTarget" aria-label={`${t('projectsOutputTarget')} ${k + 1}`} placeholder={t('projectsOutputTargetPlaceholder')} value={o.target} onChange={(e) => setOutput(o.key, { target: e.target.value })} />
                <button type="button" className="btn btn-small btn-danger-quiet" aria-label={t('projectsOutputRemove', { row: k + 1 })} onClick={() => setOutputs((rows) => rows.filter((r) => r.key !== o.key))}>
                  ×
                </button>
              </div>
            ))}
          </div>
          <button type="button" className="btn btn-small projects-output-add" onClick={() => setOutputs((rows) => [...rows, outputRow()])}>
            + {t('projectsOutputsAdd')}
          </button>
          {fe.message('plannedOutputs')}
        </fieldset>

        <fieldset className="projects-set" {...fe.invalid('origin')}>
          <legend>{t('projectsOrigin')}</legend>
          {PROJECT_ORIGINS.map((o) => (
            <label key={o} className="check">
              <input type="radio" name="origin" value={o} checked={origin === o} onChange={() => setOrigin(o)} />
              {t(`projectsOrigin_${o}`)}
            </label>
          ))}
          {fe.message('origin')}
        </fieldset>
        <fieldset className="projects-set" {...fe.invalid('visibility')}>
          <legend>{t('projectsVisibility')}</legend>
          {(['internal', 'public'] as const).map((v) => (
            <label key={v} className="check">
              <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => { clearError('publicFields'); setVisibility(v); }} />
              {t(`projectsVisibility_${v}`)}
            </label>
          ))}
          {fe.message('visibility')}
        </fieldset>
        {visibility === 'public' && (
          <fieldset className="field-wide projects-set" {...fe.invalid('publicFields')}>
            <legend>{t('projectsPublicFields')}</legend>
            <div className="targets-cat-checks">
              {PUBLIC_FIELDS.map((f) => (
                <label key={f} className="check">
                  <input
                    type="checkbox"
                    name="publicField"
                    value={f}
                    checked={publicFields.includes(f)}
                    onChange={() => { clearError('publicFields'); setPublicFields((v) => (v.includes(f) ? v.filter((x) => x !== f) : [...v, f])); }}
                  />
                  {t(`projectsPublic_${f}`)}
                </label>
              ))}
            </div>
            {fe.message('publicFields')}
          </fieldset>
        )}

        <div className="field-wide projects-seeking">
          <label className="check">
            <input type="checkbox" name="seekingSupport" checked={seeking} onChange={(e) => { clearError('supportNeeds'); setSeeking(e.target.checked); }} />
            {t('projectsSeeking')}
          </label>
          {seeking && (
            <label className="field">
              <span>{t('projectsSupportNeeds')}</span>
              <textarea name="supportNeeds" rows={2} maxLength={2000} value={needs} {...fe.invalid('supportNeeds')} onChange={(e) => { clearError('supportNeeds'); setNeeds(e.target.value); }} />
              {errors.supportNeeds ? fe.message('supportNeeds') : <span className="hint">{t('projectsSupportNeedsHint')}</span>}
            </label>
          )}
        </div>

        <details className="field-wide projects-geometry" open={!!geometryText || !!errors.geometry}>
          <summary>{t('projectsGeometry')}</summary>
          <label className="field">
            <span className="sr-only">{t('projectsGeometry')}</span>
            <textarea name="geometry" rows={3} spellCheck={false} className="mono" value={geometryText} {...fe.invalid('geometry')} onChange={(e) => { clearError('geometry'); setGeometryText(e.target.value); }} />
            {errors.geometry ? fe.message('geometry') : <span className="hint">{t('projectsGeometryHint')}</span>}
          </label>
        </details>
      </div>

      {summary && (
        <Alert kind="error">
          {summary.msg(i)}
          {summary.other.length > 0 && <span className="projects-other-errors">{t('projectsServerOther', { details: summary.other.join('; ') })}</span>}
        </Alert>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('projectsSaving') : t('projectsSave')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('projectsCancel')}
        </button>
      </div>
    </form>
  );
}
