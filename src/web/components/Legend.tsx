import { useState } from 'react';
import type { Category } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import type { ChoroplethClass } from '../map/choropleth.ts';
import { NO_DATA_COLOR } from '../map/choropleth.ts';
import { categoryIconUrl } from '../map/category-icons.ts';
import type { ChoroplethLevel } from '../map/map-style.ts';
import { COLORS } from '../map/map-style.ts';
import type { MapLayers, Metric } from '../url-state.ts';

interface Props {
  categories: Category[];
  classes: ChoroplethClass[];
  metric: Metric;
  level: ChoroplethLevel;
  layers: MapLayers;
  /** Some areas have no population (shown in grey when the rate is drawn). */
  someUnknown: boolean;
}

/** The map legend: choropleth classes, category symbols, boundary lines. Collapsible on small screens. */
export function Legend({ categories, classes, metric, level, layers, someUnknown }: Props) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState(true);
  const metricName = t(metric === 'rate' ? 'metricRate' : 'metricCount');
  const fmt = (v: number) => (metric === 'rate' ? v.toFixed(2) : i.num(v));
  const title =
    level === 3
      ? t('legendChoropleth', { metric: metricName })
      : level === 2
        ? t('legendChoroplethDistrict', { metric: metricName })
        : `${metricName} (${t('level_1')})`;
  return (
    <aside className={`legend${open ? '' : ' legend-closed'}`} aria-label={t('legend')}>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('legend')}
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <div className="legend-body">
          {layers.choropleth && (
            <div className="legend-block">
              <div className="legend-title">{title}</div>
              {classes.length === 0 ? (
                <div className="legend-note">{t('legendNoData')}</div>
              ) : (
                <ul className="legend-classes">
                  {classes.map((c, k) => (
                    <li key={k}>
                      <span className="swatch" style={{ background: c.color }} />
                      {c.from === c.to ? fmt(c.to) : `${fmt(c.from)} – ${fmt(c.to)}`}
                    </li>
                  ))}
                  <li>
                    <span className="swatch swatch-empty" />
                    {t('legendZero')}
                  </li>
                  {metric === 'rate' && someUnknown && (
                    <li>
                      <span className="swatch" style={{ background: NO_DATA_COLOR }} />
                      {t('legendNoPopulation')}
                    </li>
                  )}
                </ul>
              )}
            </div>
          )}
          {layers.incidents && (
            <div className="legend-block">
              <details className="legend-details">
                <summary className="legend-title">
                  {t('legendCategories', { n: i.num(categories.length) })}
                </summary>
                <ul className="legend-cats">
                  {categories.map((c) => (
                    <li key={c.code}>
                      <img src={categoryIconUrl(c.color, c.icon, 16)} alt="" width={16} height={16} />
                      {i.label(c)}
                    </li>
                  ))}
                </ul>
              </details>
              <div className="legend-note">
                <span className="cluster-sample" aria-hidden="true" />
                {t('legendClusters')}
              </div>
            </div>
          )}
          {layers.boundaries && (
            <div className="legend-block legend-lines">
              <span className="line-sample" style={{ borderColor: COLORS.province, borderTopWidth: 3 }} title={t('province')} />
              <span className="line-sample" style={{ borderColor: COLORS.district, borderTopWidth: 2 }} title={t('district')} />
              <span className="line-sample" style={{ borderColor: COLORS.subdistrict, borderTopWidth: 1 }} title={t('subdistrict')} />
              <span className="legend-note">
                {t('province')} · {t('district')} · {t('subdistrict')}
              </span>
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
