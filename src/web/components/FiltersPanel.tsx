import { useMemo, useState } from 'react';
import { STATUSES, type Area, type Category, type IncidentStatus } from '../api.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { fiscalYearOptions, periodChoice, periodString, thaiToday, type MapFilters, type PeriodChoice } from '../url-state.ts';
import { beToCe, parsePeriod } from '../../shared/fiscal.ts';
import { categoryIconUrl } from '../map/category-icons.ts';

/** A period string as the user reads it ("ไตรมาส 1 ปีงบประมาณ 2567", "1 ต.ค. 2566 – 31 ธ.ค. 2566"). */
export function periodLabel(period: string | null, i: I18n): string {
  const c = periodChoice(period);
  switch (c.mode) {
    case 'all':
      return i.t('periodAll');
    case 'year':
      return i.fiscalYear(c.fy);
    case 'quarter':
      return i.fiscalQuarter(c.fy, c.q);
    case 'custom': {
      const p = parsePeriod(period!);
      return `${i.date(p.start)} – ${i.date(new Date(p.end.getTime() - 1))}`;
    }
  }
}

interface Props {
  filters: MapFilters;
  onChange(f: MapFilters): void;
  categories: Category[];
  districts: Area[];
  provinces: Area[];
  /** The selected area when it is not one of the districts (a province or sub-district from a link). */
  extraArea: Area | null;
}

function toggle<T>(list: T[], v: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v);
}

export function FiltersPanel({ filters, onChange, categories, districts, provinces, extraArea }: Props) {
  const i = useI18n();
  const { t } = i;
  const set = (patch: Partial<MapFilters>) => onChange({ ...filters, ...patch });
  const active = filters.categories.length + filters.statuses.length + (filters.period ? 1 : 0) + (filters.area ? 1 : 0);
  const byProvince = useMemo(() => {
    const groups = new Map<string, Area[]>();
    for (const d of districts) groups.set(d.provinceCode, [...(groups.get(d.provinceCode) ?? []), d]);
    return [...groups.entries()];
  }, [districts]);
  const provinceName = (code: string) => {
    const p = provinces.find((x) => x.code === code);
    return p ? i.name(p) : code;
  };

  return (
    <section className="panel-section" aria-labelledby="filters-h">
      <div className="section-head">
        <h2 id="filters-h">{t('filters')}</h2>
        {active > 0 && (
          <button type="button" className="btn btn-link" onClick={() => onChange({ categories: [], period: null, area: null, statuses: [] })}>
            {t('resetFilters')}
          </button>
        )}
      </div>

      <fieldset className="filter-group">
        <legend>{t('categories')}</legend>
        <div className="check-list" data-testid="category-filter">
          {categories.map((c) => (
            <label key={c.code} className="check">
              <input
                type="checkbox"
                name="category"
                value={c.code}
                checked={filters.categories.includes(c.code)}
                onChange={(e) => set({ categories: toggle(filters.categories, c.code, e.target.checked) })}
              />
              <img className="cat-icon" src={categoryIconUrl(c.color, c.icon)} alt="" width={18} height={18} />
              <span>{i.label(c)}</span>
            </label>
          ))}
        </div>
        {filters.categories.length === 0 && <p className="hint">{t('categoriesHint')}</p>}
      </fieldset>

      <PeriodPicker period={filters.period} onChange={(period) => set({ period })} />

      <label className="field">
        <span>{t('area')}</span>
        <select name="area" value={filters.area ?? ''} onChange={(e) => set({ area: e.target.value || null })}>
          <option value="">{t('allDistricts')}</option>
          {extraArea && (
            <option value={extraArea.code}>
              {i.areaTitle(extraArea)}
            </option>
          )}
          {byProvince.length > 1
            ? byProvince.map(([pcode, ds]) => (
                <optgroup key={pcode} label={provinceName(pcode)}>
                  {ds.map((d) => (
                    <option key={d.code} value={d.code}>
                      {i.name(d)}
                    </option>
                  ))}
                </optgroup>
              ))
            : districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {i.name(d)}
                </option>
              ))}
        </select>
      </label>

      <fieldset className="filter-group">
        <legend>{t('statuses')}</legend>
        <div className="check-list check-list-2">
          {STATUSES.map((s: IncidentStatus) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                name="status"
                value={s}
                checked={filters.statuses.includes(s)}
                onChange={(e) => set({ statuses: toggle(filters.statuses, s, e.target.checked) })}
              />
              <span>{t(`status_${s}`)}</span>
            </label>
          ))}
        </div>
        {filters.statuses.length === 0 && <p className="hint">{t('statusesHint')}</p>}
      </fieldset>
    </section>
  );
}

function PeriodPicker({ period, onChange }: { period: string | null; onChange(p: string | null): void }) {
  const i = useI18n();
  const { t } = i;
  // Custom dates being typed: kept here until they make a valid range.
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const fromUrl = periodChoice(period);
  const choice: PeriodChoice = draft ? { mode: 'custom', ...draft } : fromUrl;
  const now = new Date();
  const years = fiscalYearOptions(now, 8);
  const fy = choice.mode === 'year' || choice.mode === 'quarter' ? choice.fy : years[0];
  if (!years.includes(fy)) years.push(fy);
  const today = thaiToday(now);
  const apply = (c: PeriodChoice) => {
    if (c.mode === 'custom') {
      const p = periodString(c);
      setDraft(p ? null : { from: c.from, to: c.to });
      if (p) onChange(p);
      return;
    }
    setDraft(null);
    onChange(periodString(c));
  };

  return (
    <fieldset className="filter-group">
      <legend>{t('period')}</legend>
      <div className="period-row">
        <select
          aria-label={t('period')}
          name="periodMode"
          value={choice.mode}
          onChange={(e) => {
            const mode = e.target.value as PeriodChoice['mode'];
            if (mode === 'all') apply({ mode });
            else if (mode === 'year') apply({ mode, fy });
            else if (mode === 'quarter') apply({ mode, fy, q: choice.mode === 'quarter' ? choice.q : 1 });
            else {
              const p = period ? safePeriod(period) : null;
              apply({ mode, from: p?.from ?? `${today.slice(0, 8)}01`, to: p?.to ?? today });
            }
          }}
        >
          <option value="all">{t('periodAll')}</option>
          <option value="year">{t('periodYear')}</option>
          <option value="quarter">{t('periodQuarter')}</option>
          <option value="custom">{t('periodCustom')}</option>
        </select>
        {(choice.mode === 'year' || choice.mode === 'quarter') && (
          <select
            aria-label={t('fiscalYear')}
            name="fiscalYear"
            value={fy}
            onChange={(e) => apply(choice.mode === 'quarter' ? { mode: 'quarter', fy: Number(e.target.value), q: choice.q } : { mode: 'year', fy: Number(e.target.value) })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {i.lang === 'th' ? y : `${y} (${beToCe(y)})`}
              </option>
            ))}
          </select>
        )}
        {choice.mode === 'quarter' && (
          <select aria-label={t('quarter')} name="quarter" value={choice.q} onChange={(e) => apply({ mode: 'quarter', fy, q: Number(e.target.value) as 1 | 2 | 3 | 4 })}>
            {([1, 2, 3, 4] as const).map((q) => (
              <option key={q} value={q}>
                {t('quarterN', { q })} ({t(`quarterRange_${q}`)})
              </option>
            ))}
          </select>
        )}
      </div>
      {choice.mode === 'custom' && (
        <div className="date-range">
          <label className="field">
            <span>{t('dateFrom')}</span>
            <input type="date" name="from" value={choice.from} onChange={(e) => apply({ mode: 'custom', from: e.target.value, to: choice.to })} />
          </label>
          <label className="field">
            <span>{t('dateTo')}</span>
            <input type="date" name="to" value={choice.to} onChange={(e) => apply({ mode: 'custom', from: choice.from, to: e.target.value })} />
          </label>
          {draft && draft.from && draft.to && draft.to < draft.from && <p className="hint hint-error">{t('dateRangeInvalid')}</p>}
        </div>
      )}
      {period && !draft && <p className="hint">{t('periodShown', { label: periodLabel(period, i) })}</p>}
    </fieldset>
  );
}

function safePeriod(period: string): { from: string; to: string } | null {
  const c = periodChoice(period);
  if (c.mode === 'custom') return { from: c.from, to: c.to };
  try {
    const p = parsePeriod(period);
    const iso = (d: Date) => new Date(d.getTime() + 7 * 3600e3).toISOString().slice(0, 10);
    return { from: iso(p.start), to: iso(new Date(p.end.getTime() - 1)) };
  } catch {
    return null;
  }
}
