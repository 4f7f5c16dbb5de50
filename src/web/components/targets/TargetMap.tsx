/**
 * A small map of a list's areas, drawn with the analysis map (same tiles, same code): targeted
 * sub-districts in the darkest class, sub-districts that hold a targeted village one class
 * lighter. The classes are passed as Gi* values so the analysis map needs no change.
 */
import { useMemo, useState } from 'react';
import type { Bbox, RunScores } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { AnalysisMap } from '../analysis/AnalysisMap.tsx';
import { GI_COLORS } from '../analysis/analysis-colors.ts';
import type { TargetArea } from './types.ts';

// z values that fall in the Gi* classes "hot 99%" and "hot 95%" (see giClass).
const Z_SUBDISTRICT = 3;
const Z_VILLAGE_PARENT = 2;

/** The list's areas on a map; clicking a targeted sub-district shows its row in the table. */
export function TargetMap({ bbox, areas }: { bbox: Bbox; areas: TargetArea[] }) {
  const { t } = useI18n();
  const { config } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const { scores, codes } = useMemo(() => {
    const z = new Map<string, number>();
    for (const a of areas) if (a.level === 4 && !z.has(a.code.slice(0, 6))) z.set(a.code.slice(0, 6), Z_VILLAGE_PARENT);
    for (const a of areas) if (a.level === 3) z.set(a.code, Z_SUBDISTRICT);
    const list = [...z.keys()];
    const none = list.map(() => null);
    // Only the Gi* values are read in the "gi" colouring; the rest is filled to the shape of a run
    // (asserted, so that fields the analysis adds later need no change here).
    const s = {
      runId: 'target-list', codes: list, scores: list.map(() => 0), ranks: list.map(() => 0), hotspotZ: list.map((c) => z.get(c)!),
      moranCluster: none, moranI: none, moranP: none, top: [],
    } as RunScores;
    return { scores: s, codes: list };
  }, [areas]);
  const hasVillages = areas.some((a) => a.level === 4);

  const pick = (code: string) => {
    if (!codes.includes(code)) return;
    setSelected(code);
    const row = document.querySelector(`.targets-areas-table tr[data-code^="${code}"]`);
    row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  return (
    <div className="targets-map">
      <AnalysisMap
        boundaryVersion={config.boundaryVersion}
        bbox={bbox}
        scores={scores}
        colourBy="gi"
        selected={selected}
        focus={null}
        targets={codes}
        onSelect={pick}
        label={t('targetsMapLabel')}
      />
      <div className="analysis-legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: GI_COLORS[3] }} /> {t('targetsMapSubdistrict')}
        </span>
        {hasVillages && (
          <span className="legend-item">
            <span className="swatch" style={{ background: GI_COLORS[2] }} /> {t('targetsMapVillage')}
          </span>
        )}
      </div>
    </div>
  );
}
