/** Local Moran's I on the analysis page: the legend of the map mode, the badge of the table, the line of the explanation. */
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import type { AreaResult, MoranClusterName } from '../../../shared/api-types.ts';
import { MORAN_CLASSES, MORAN_COLORS, moranClass } from './analysis-colors.ts';

const LABELS: Record<MoranClusterName, MessageKey> = {
  'high-high': 'moranHH',
  'low-low': 'moranLL',
  'high-low': 'moranHL',
  'low-high': 'moranLH',
  'not-significant': 'moranNone',
  island: 'moranIsland',
};

/** The message key naming a local Moran class. */
export function moranLabelKey(c: MoranClusterName): MessageKey {
  return LABELS[c];
}

/**
 * Legend of the "clusters/outliers" map mode; when the run has no local Moran values, the reason
 * instead, so the uncoloured map is never left unexplained. `notStored`: the run was stored before
 * COMAP computed local Moran's I with every run (its hot-spot record has no Moran field at all).
 */
export function MoranLegend({ skipped, notStored }: { skipped?: string | null; notStored?: boolean }) {
  const { t } = useI18n();
  if (notStored) return <span className="moran-skipped">{t('moranNotStored')}</span>;
  if (skipped) return <span className="moran-skipped">{t('moranSkipped', { message: skipped })}</span>;
  return (
    <>
      {MORAN_CLASSES.filter((c) => c !== 'island').map((c) => (
        <span key={c} className="legend-item">
          <span className="swatch" style={{ background: MORAN_COLORS[moranClass(c)] }} /> {t(LABELS[c])}
        </span>
      ))}
      <span className="muted">{t('moranLegendNote')}</span>
    </>
  );
}

/** A badge for an area in a significant local Moran cluster or outlier; nothing otherwise. */
export function MoranBadge({ a }: { a: Pick<AreaResult, 'moranCluster' | 'moranI' | 'moranP'> }) {
  const { t, num } = useI18n();
  const c = a.moranCluster;
  if (!c || c === 'not-significant' || c === 'island') return null;
  const bg = MORAN_COLORS[moranClass(c)];
  return (
    <span
      className="badge badge-moran"
      data-moran={c}
      style={{ background: bg, color: c === 'high-low' || c === 'low-high' ? '#1d2733' : '#fff' }}
      title={t('moranBadgeHint', { i: num(a.moranI ?? 0, 3), p: num(a.moranP ?? 1, 3) })}
    >
      {t(LABELS[c])}
    </span>
  );
}

/** The explanation panel's line: the class, I and p of one area (nothing for runs stored without them). */
export function MoranLine({ a }: { a: Pick<AreaResult, 'moranCluster' | 'moranI' | 'moranP'> }) {
  const { t, num } = useI18n();
  if (!a.moranCluster) return null;
  return (
    <>
      <h4>{t('moranExplainTitle')}</h4>
      <p className="moran-explain">
        {t('moranExplainLine', { cluster: t(LABELS[a.moranCluster]), i: num(a.moranI ?? 0, 3), p: num(a.moranP ?? 1, 3) })}
      </p>
    </>
  );
}
