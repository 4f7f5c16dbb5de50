import { useI18n } from '../i18n.tsx';
import type { MapLayers, Metric } from '../url-state.ts';

interface Props {
  layers: MapLayers;
  onChange(l: MapLayers): void;
  basemapAvailable: boolean;
  /** False when no area of the current view has a population (no rate to show). */
  rateAvailable: boolean;
}

export function LayerSwitcher({ layers, onChange, basemapAvailable, rateAvailable }: Props) {
  const { t } = useI18n();
  const set = (patch: Partial<MapLayers>) => onChange({ ...layers, ...patch });
  return (
    <section className="panel-section" aria-labelledby="layers-h">
      <h2 id="layers-h">{t('layers')}</h2>
      <div className="check-list">
        <label className="check">
          <input type="checkbox" name="layer-incidents" checked={layers.incidents} onChange={(e) => set({ incidents: e.target.checked })} />
          <span>{t('layerIncidents')}</span>
        </label>
        <label className="check">
          <input type="checkbox" name="layer-choropleth" checked={layers.choropleth} onChange={(e) => set({ choropleth: e.target.checked })} />
          <span>{t('layerChoropleth')}</span>
        </label>
        {layers.choropleth && (
          <div className="sub-options" role="radiogroup" aria-label={t('layerChoropleth')}>
            {(['count', 'rate'] as Metric[]).map((m) => (
              <label key={m} className="check">
                <input type="radio" name="metric" value={m} checked={layers.metric === m} onChange={() => set({ metric: m })} />
                <span>{t(m === 'count' ? 'metricCount' : 'metricRate')}</span>
              </label>
            ))}
            {layers.metric === 'rate' && !rateAvailable && <p className="hint">{t('metricRateUnavailable')}</p>}
          </div>
        )}
        <label className="check">
          <input type="checkbox" name="layer-boundaries" checked={layers.boundaries} onChange={(e) => set({ boundaries: e.target.checked })} />
          <span>{t('layerBoundaries')}</span>
        </label>
        {basemapAvailable && (
          <label className="check">
            <input type="checkbox" name="layer-basemap" checked={layers.basemap} onChange={(e) => set({ basemap: e.target.checked })} />
            <span>{t('layerBasemap')}</span>
          </label>
        )}
      </div>
    </section>
  );
}
