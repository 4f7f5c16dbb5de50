/**
 * Create or edit an indicator (writers): names, kind (a value, a ratio, a change against the
 * previous year or against a baseline), what each measure counts or sums and its filters,
 * direction, baseline year and at-risk margin. The unit follows from the definition, as on the
 * server. Problems found before sending, and the server's refusals (a denominator that is always
 * zero, a code already taken), are shown in Thai under the field they concern.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Category } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { Alert, type Msg } from '../common.tsx';
import { INDICATOR_DIRECTIONS, INDICATOR_KINDS, SOURCE_FILTERS, SUM_FIELDS, type IndicatorKind } from '../../../shared/indicator-definition.ts';
import type { Indicator } from '../../../shared/indicator-types.ts';
import {
  FORM_FIELDS, PROJECT_STATUSES, SOURCES, checkIndicatorForm, formUnit, indicatorForm, measureForm,
  type IndicatorForm as Form, type MeasureForm, type Tri,
} from './indicator-form.ts';
import { serverFieldErrors, type FieldErrors } from './indicator-text.ts';

type MeasureKey = 'measure' | 'numerator' | 'denominator';

interface Marks {
  invalid(f: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
  message(f: string): ReactNode;
}

function useMarks(errors: FieldErrors): Marks {
  const i = useI18n();
  const id = (f: string) => `ind-form-err-${f.replace(/\./g, '-')}`;
  return {
    invalid: (f) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': id(f) } : {}),
    message: (f) =>
      errors[f] ? (
        <span className="hint-error" id={id(f)}>
          {errors[f](i)}
        </span>
      ) : null,
  };
}

function TriSelect(props: { name: string; label: string; value: Tri; yes: MessageKey; no: MessageKey; onChange(v: Tri): void }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as Tri)}>
        <option value="">{t('indicatorsPageAny')}</option>
        <option value="yes">{t(props.yes)}</option>
        <option value="no">{t(props.no)}</option>
      </select>
    </label>
  );
}

/** The inputs of one measure: its own fieldset, or (bare) the inside of one the caller draws. */
function MeasureEditor(props: { k: MeasureKey; legend?: string; bare?: boolean; value: MeasureForm; categories: Category[]; marks: Marks; onChange(m: MeasureForm): void }) {
  const { k, value: m, categories, marks, onChange } = props;
  const i = useI18n();
  const { t } = i;
  const set = (patch: Partial<MeasureForm>) => onChange({ ...m, ...patch });
  const has = (f: string) => (SOURCE_FILTERS[m.source] as readonly string[]).includes(f);
  const toggle = <T,>(list: T[], x: T, on: boolean) => (on ? [...list, x] : list.filter((y) => y !== x));
  const body = (
    <>
      <div className="form-grid">
        <label className="field">
          <span>{t('indicatorsPageSource')}</span>
          <select
            name={`${k}-source`}
            value={m.source}
            onChange={(e) => {
              const source = e.target.value as MeasureForm['source'];
              // A new source starts from its own defaults: the filters of another source mean nothing to it.
              onChange({ ...measureForm(null, source), categories: m.categories, allCategories: m.allCategories });
            }}
          >
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`indicatorsSource_${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('indicatorsPageAggregate')}</span>
          <select name={`${k}-aggregate`} value={m.aggregate} onChange={(e) => set({ aggregate: e.target.value })} {...marks.invalid(`${k}.aggregate`)}>
            <option value="count">{t('indicatorsPageAggregateCount')}</option>
            {SUM_FIELDS[m.source].map((f) => (
              <option key={f} value={f}>
                {t(f === 'budget_baht' ? 'indicatorsPageAggregateBudget' : 'indicatorsPageAggregateSeverity')}
              </option>
            ))}
          </select>
          {marks.message(`${k}.aggregate`)}
        </label>
        {has('inTargetAreas') && (
          <TriSelect
            name={`${k}-inTargetAreas`}
            label={t('indicatorsPageInTargetAreas')}
            value={m.inTargetAreas}
            yes="indicatorsPageInTargetsYes"
            no="indicatorsPageInTargetsNo"
            onChange={(v) => set({ inTargetAreas: v, targetCategoriesOnly: v === 'yes' && m.targetCategoriesOnly })}
          />
        )}
        {has('completed') && (
          <TriSelect name={`${k}-completed`} label={t('indicatorsPageCompleted')} value={m.completed} yes="indicatorsPageCompletedYes" no="indicatorsPageCompletedNo" onChange={(v) => set({ completed: v })} />
        )}
        {has('hasProject') && (
          <TriSelect name={`${k}-hasProject`} label={t('indicatorsPageHasProject')} value={m.hasProject} yes="indicatorsPageHasProjectYes" no="indicatorsPageHasProjectNo" onChange={(v) => set({ hasProject: v })} />
        )}
        {has('metNeeds') && (
          <TriSelect name={`${k}-metNeeds`} label={t('indicatorsPageMetNeeds')} value={m.metNeeds} yes="indicatorsPageMetNeedsYes" no="indicatorsPageMetNeedsNo" onChange={(v) => set({ metNeeds: v })} />
        )}
      </div>
      {has('targetCategoriesOnly') && m.inTargetAreas === 'yes' && (
        <label className="check ind-check-line">
          <input type="checkbox" name={`${k}-targetCategoriesOnly`} checked={m.targetCategoriesOnly} onChange={(e) => set({ targetCategoriesOnly: e.target.checked })} />
          <span>{t('indicatorsPageTargetCategoriesOnly')}</span>
        </label>
      )}
      {has('categories') && (
        <div className="ind-checks" {...marks.invalid(`${k}.categories`)}>
          <span className="ind-checks-title">{t('indicatorsPageCategories')}</span>
          <label className="check">
            <input type="checkbox" name={`${k}-allCategories`} checked={m.allCategories} onChange={(e) => set({ allCategories: e.target.checked })} />
            <span>{t('indicatorsPageEveryCategory')}</span>
          </label>
          {!m.allCategories && (
            <div className="check-list check-list-2">
              {categories.map((c) => (
                <label key={c.code} className="check">
                  <input
                    type="checkbox"
                    name={`${k}-category`}
                    value={c.code}
                    checked={m.categories.includes(c.code)}
                    onChange={(e) => set({ categories: toggle(m.categories, c.code, e.target.checked) })}
                  />
                  <span>{i.label(c)}</span>
                </label>
              ))}
            </div>
          )}
          {marks.message(`${k}.categories`)}
        </div>
      )}
      {has('projectStatus') && (
        <div className="ind-checks" {...marks.invalid(`${k}.projectStatus`)}>
          <span className="ind-checks-title">{t('indicatorsPageProjectStatus')}</span>
          <label className="check">
            <input type="checkbox" name={`${k}-allStatuses`} checked={m.allStatuses} onChange={(e) => set({ allStatuses: e.target.checked })} />
            <span>{t('indicatorsPageEveryStatus')}</span>
          </label>
          {!m.allStatuses && (
            <div className="check-list check-list-2">
              {PROJECT_STATUSES.map((s) => (
                <label key={s} className="check">
                  <input
                    type="checkbox"
                    name={`${k}-status`}
                    value={s}
                    checked={m.projectStatus.includes(s)}
                    onChange={(e) => set({ projectStatus: toggle(m.projectStatus, s, e.target.checked) })}
                  />
                  <span>{t(`indicatorsPageProjectStatus_${s}` as MessageKey)}</span>
                </label>
              ))}
            </div>
          )}
          {marks.message(`${k}.projectStatus`)}
        </div>
      )}
      {m.areas && <p className="muted small">{t('indicatorsPageAreasKept', { list: m.areas.join(', ') })}</p>}
      {marks.message(k)}
      {marks.message(`${k}.source`)}
    </>
  );
  if (props.bare) return <div className="ind-measure-bare" data-measure={k}>{body}</div>;
  return (
    <fieldset className="ind-measure" data-measure={k} {...marks.invalid(k)}>
      <legend>{props.legend}</legend>
      {body}
    </fieldset>
  );
}

export function IndicatorForm(props: {
  province: string;
  categories: Category[];
  /** The indicator to edit; null to create one. */
  indicator: Indicator | null;
  onSaved(ind: Indicator, created: boolean): void;
  onCancel(): void;
}) {
  const { province, categories, indicator, onSaved, onCancel } = props;
  const i = useI18n();
  const { t } = i;
  const [form, setForm] = useState<Form>(() => indicatorForm(indicator, `custom_${Date.now().toString(36)}`));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<Msg[] | null>(null);
  const [busy, setBusy] = useState(false);
  const marks = useMarks(errors);
  const active = categories.filter((c) => c.active).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSummary(null);
  };
  const unit = formUnit(form);
  const main: MeasureKey = form.kind === 'ratio' ? 'numerator' : 'measure';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkIndicatorForm(form, province);
    setErrors(checked.errors);
    if (!checked.body) {
      setSummary([(x) => x.t('indicatorsPageErrCheckFields')]);
      requestAnimationFrame(() => (document.querySelector('form.ind-form [aria-invalid="true"]') as HTMLElement | null)?.focus?.());
      return;
    }
    setBusy(true);
    setSummary(null);
    try {
      const saved = form.editingId
        ? await api<Indicator>(`/api/indicators/${form.editingId}`, { method: 'PUT', json: { ...checked.body, code: undefined, provinceCode: undefined } })
        : await api<Indicator>('/api/indicators', { method: 'POST', json: checked.body });
      onSaved(saved, !form.editingId);
    } catch (err) {
      // The server names the one measure of a value or a change "measure", and a ratio's first "numerator".
      const { fields, other } = serverFieldErrors(err, FORM_FIELDS);
      setErrors(fields);
      setSummary([(x) => x.t(Object.keys(fields).length ? 'indicatorsPageErrServerFields' : 'indicatorsPageSaveFailed'), ...other]);
      requestAnimationFrame(() => (document.querySelector('form.ind-form [aria-invalid="true"]') as HTMLElement | null)?.focus?.());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card card-form ind-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="ind-form-title">
      <h2 id="ind-form-title">{form.editingId ? t('indicatorsPageEditTitle') : t('indicatorsPageCreateTitle')}</h2>
      <div className="form-grid">
        {!form.editingId && (
          <label className="field">
            <span>{t('indicatorsPageCode')}</span>
            <input type="text" name="code" value={form.code} maxLength={64} onChange={(e) => update({ code: e.target.value })} {...marks.invalid('code')} />
            <span className="hint">{t('indicatorsPageCodeHint')}</span>
            {marks.message('code')}
          </label>
        )}
        <label className="field field-wide">
          <span>{t('indicatorsPageNameTh')}</span>
          <input type="text" name="nameTh" value={form.nameTh} maxLength={300} onChange={(e) => update({ nameTh: e.target.value })} {...marks.invalid('nameTh')} />
          {marks.message('nameTh')}
        </label>
        <label className="field field-wide">
          <span>{t('indicatorsPageNameEn')}</span>
          <input type="text" name="nameEn" value={form.nameEn} maxLength={300} onChange={(e) => update({ nameEn: e.target.value })} {...marks.invalid('nameEn')} />
          {marks.message('nameEn')}
        </label>
        <label className="field field-wide">
          <span>{t('indicatorsPageDescription')}</span>
          <textarea name="description" rows={2} maxLength={4000} value={form.description} onChange={(e) => update({ description: e.target.value })} />
        </label>
      </div>

      <fieldset className="ind-kind" {...marks.invalid('kind')}>
        <legend>{t('indicatorsPageKind')}</legend>
        <div className="ind-kind-options">
          {INDICATOR_KINDS.map((k: IndicatorKind) => (
            <label key={k} className="check">
              <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={() => update({ kind: k })} />
              <span>
                {t(`indicatorsKind_${k}` as MessageKey)}
                <span className="hint">{t(`indicatorsPageKindHint_${k}` as MessageKey)}</span>
              </span>
            </label>
          ))}
        </div>
        {marks.message('kind')}
      </fieldset>

      <MeasureEditor
        k={main}
        legend={form.kind === 'ratio' ? t('indicatorsNumerator') : t('indicatorsPageMeasure')}
        value={form.measure}
        categories={active}
        marks={marks}
        onChange={(m) => update({ measure: m })}
      />

      {form.kind === 'ratio' && (
        <fieldset className="ind-measure ind-denominator" data-measure="denominator" {...marks.invalid('denominator')}>
          <legend>{t('indicatorsDenominator')}</legend>
          <div className="ind-kind-options" role="radiogroup" aria-label={t('indicatorsDenominator')}>
            <label className="check">
              <input type="radio" name="denominatorMode" value="measure" checked={form.denominatorMode === 'measure'} onChange={() => update({ denominatorMode: 'measure' })} />
              <span>{t('indicatorsPageDenominatorMeasure')}</span>
            </label>
            <label className="check">
              <input type="radio" name="denominatorMode" value="constant" checked={form.denominatorMode === 'constant'} onChange={() => update({ denominatorMode: 'constant' })} />
              <span>{t('indicatorsPageDenominatorConstant')}</span>
            </label>
          </div>
          {form.denominatorMode === 'measure' ? (
            <MeasureEditor k="denominator" bare value={form.denominator} categories={active} marks={marks} onChange={(m) => update({ denominator: m })} />
          ) : (
            <label className="field field-narrow ind-constant">
              <span>{t('indicatorsPageConstantLabel')}</span>
              <input type="text" inputMode="decimal" name="constant" value={form.constant} onChange={(e) => update({ constant: e.target.value })} {...marks.invalid('denominator.constant')} />
              <span className="hint">{t('indicatorsPageConstantHint')}</span>
              {marks.message('denominator.constant')}
              {marks.message('denominator')}
            </label>
          )}
        </fieldset>
      )}

      <div className="form-grid">
        <p className="field ind-unit" {...marks.invalid('unit')}>
          <span>{t('indicatorsPageUnitLabel')}</span>
          <strong data-testid="form-unit">{t(`indicatorsUnit_${unit}` as MessageKey)}</strong>
          <span className="hint">{t('indicatorsPageUnitHint')}</span>
          {marks.message('unit')}
        </p>
        <label className="field">
          <span>{t('indicatorsPageDirection')}</span>
          <select name="direction" value={form.direction} onChange={(e) => update({ direction: e.target.value as Form['direction'] })} {...marks.invalid('direction')}>
            {INDICATOR_DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {t(`indicatorsDirection_${d}` as MessageKey)}
              </option>
            ))}
          </select>
          {marks.message('direction')}
        </label>
        <label className="field">
          <span>{t('indicatorsBaseline')}</span>
          <input type="text" inputMode="numeric" name="baselineFiscalYear" value={form.baseline} onChange={(e) => update({ baseline: e.target.value })} {...marks.invalid('baselineFiscalYear')} />
          <span className="hint">{t(form.kind === 'change_baseline' ? 'indicatorsPageBaselineNeeded' : 'indicatorsPageBaselineOptional')}</span>
          {marks.message('baselineFiscalYear')}
        </label>
        <label className="field">
          <span>{t('indicatorsMargin')}</span>
          <input type="text" inputMode="decimal" name="atRiskMargin" value={form.margin} onChange={(e) => update({ margin: e.target.value })} {...marks.invalid('atRiskMargin')} />
          <span className="hint">{t('indicatorsPageMarginHint')}</span>
          {marks.message('atRiskMargin')}
        </label>
        {!form.editingId && (
          <label className="field">
            <span>{t('indicatorsTargetEveryYear')}</span>
            <input type="text" inputMode="decimal" name="defaultTarget" value={form.defaultTarget} onChange={(e) => update({ defaultTarget: e.target.value })} {...marks.invalid('defaultTarget')} />
            <span className="hint">{t('indicatorsPageDefaultTargetCreateHint')}</span>
            {marks.message('defaultTarget')}
          </label>
        )}
        {form.editingId && (
          <label className="check ind-active">
            <input type="checkbox" name="active" checked={form.active} onChange={(e) => update({ active: e.target.checked })} />
            <span>{t('indicatorsPageActive')}</span>
          </label>
        )}
      </div>

      {summary && (
        <Alert kind="error">
          {summary.map((m, k) => (
            <span key={k} className="ind-summary-line">
              {m(i)}
            </span>
          ))}
        </Alert>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('indicatorsPageSaving') : form.editingId ? t('indicatorsPageSaveChanges') : t('indicatorsPageCreate')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('indicatorsPageCancel')}
        </button>
      </div>
    </form>
  );
}
