/**
 * Gathers the raw component values of the priority analysis for one period: incident burden,
 * recency and trend from the incident aggregates, hot-spot membership from Gi* over queen
 * contiguity. Produces the PriorityInput that src/shared/priority.ts scores.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { previousYear, type Period } from '../../shared/fiscal.ts';
import { DEFAULT_COMPONENTS, hotSpotValue, trendChange, type PriorityInput } from '../../shared/priority.ts';
import { getisOrdGiStar, localMoran, type MoranCluster } from '../../shared/hotspots.ts';
import { binaryWeights, rowStandardisedWeights } from '../../shared/spatial-weights.ts';
import { queenNeighbours } from './weights-repository.ts';
import * as repo from './repository.ts';

/** Values of one component as plain objects: category -> area code -> value (zeros left out). */
export type StoredValues = Record<string, Record<string, number>>;

/** Everything needed to recompute a result exactly: stored with the run. */
export interface StoredInput {
  areas: Array<{ code: string; population: number | null }>;
  categories: string[];
  values: Record<string, StoredValues>;
}

export interface HotSpotInfo {
  /** Gi* z-score per area code (non-zero ones), on the total severity-weighted burden. */
  z: Record<string, number>;
  /** Codes of the sub-districts in a hot spot at 95 % or more. */
  hot: string[];
  islands: string[];
  /** Why Gi* could not be computed (e.g. every area has the same burden), or null. */
  skipped: string | null;
  /** Local Moran's I on the same variable and neighbours as Gi*; null when there were no incidents. */
  moran: MoranInfo | null;
}

/** Seed of the Moran permutations: fixed, so a run's p-values can be reproduced from its input. */
export const MORAN_SEED = 1;
/** Conditional permutations per area for the Moran pseudo p-values. */
export const MORAN_PERMUTATIONS = 999;

export interface MoranInfo {
  /** Local Moran's I_i per area code (every area of the neighbour list). */
  I: Record<string, number>;
  /** Folded permutation pseudo p-value per area code. */
  p: Record<string, number>;
  /** Cluster class per area code at 0.05: its quadrant when significant. */
  cluster: Record<string, MoranCluster>;
  /** Why local Moran's I could not be computed (zero variance, too few areas), or null. */
  skipped: string | null;
}

export interface GatheredInput {
  stored: StoredInput;
  hotspot: HotSpotInfo;
  /** Incidents counted in the period (excluding false reports). */
  incidentCount: number;
}

function add(target: Record<string, Record<string, number>>, cat: string, code: string, v: number): void {
  if (v === 0) return;
  (target[cat] ??= {})[code] = (target[cat][code] ?? 0) + v;
}

/**
 * Raw component values for the sub-districts `areas` of `provinces` in `period`.
 * Burden: sum of severities per area and category. Recency: sum of severity x 0.5 ^ (age /
 * half-life), age at the period end. Trend: trendChange of this period's burden against the same
 * period a year earlier. Hot spot: 1 in every category for an area whose Gi* z-score on the total
 * burden (all categories) is >= 1.96, over queen contiguity with the area itself included.
 */
export async function gatherInput(
  db: Database, viewer: Viewer, provinces: string[], areas: repo.AreaRow[], categories: string[], period: Period, halfLifeDays: number,
): Promise<GatheredInput> {
  const known = new Set(categories);
  const areaCodes = new Set(areas.map((a) => a.code));
  const cur = await repo.incidentAggregates(db, viewer, provinces, period.start, period.end, halfLifeDays);
  const prevPeriod = previousYear(period);
  const prev = await repo.incidentAggregates(db, viewer, provinces, prevPeriod.start, prevPeriod.end, halfLifeDays);

  const burden: StoredValues = {};
  const recency: StoredValues = {};
  const previous: StoredValues = {};
  const total = new Map<string, number>();
  let incidentCount = 0;
  for (let k = 0; k < cur.codes.length; k++) {
    const cat = cur.categories[k];
    const code = cur.codes[k];
    // Inactive categories are not analysed; an incident outside the loaded sub-districts cannot be ranked.
    if (!known.has(cat) || !areaCodes.has(code)) continue;
    add(burden, cat, code, cur.burden[k]);
    add(recency, cat, code, cur.recency[k]);
    total.set(code, (total.get(code) ?? 0) + cur.burden[k]);
    incidentCount += cur.count[k];
  }
  for (let k = 0; k < prev.codes.length; k++) {
    if (!known.has(prev.categories[k]) || !areaCodes.has(prev.codes[k])) continue;
    add(previous, prev.categories[k], prev.codes[k], prev.burden[k]);
  }
  const trend: StoredValues = {};
  for (const cat of categories) {
    const c = burden[cat] ?? {};
    const p = previous[cat] ?? {};
    for (const code of new Set([...Object.keys(c), ...Object.keys(p)])) add(trend, cat, code, trendChange(c[code] ?? 0, p[code] ?? 0));
  }

  const hotspot: HotSpotInfo = { z: {}, hot: [], islands: [], skipped: null, moran: null };
  const hotValues: StoredValues = {};
  if (total.size > 0) {
    const nb = await queenNeighbours(db, provinces);
    hotspot.islands = nb.islands;
    const x = nb.codes.map((c) => total.get(c) ?? 0);
    try {
      const gi = getisOrdGiStar(x, binaryWeights(nb.neighbours, { includeSelf: true }));
      nb.codes.forEach((code, i) => {
        const z = gi.z[i];
        if (z !== 0) hotspot.z[code] = z;
        if (hotSpotValue(z) === 1) {
          hotspot.hot.push(code);
          for (const cat of categories) add(hotValues, cat, code, 1);
        }
      });
    } catch (e) {
      // Gi* is undefined when every area has the same burden: no area is a hot spot then.
      hotspot.skipped = e instanceof Error ? e.message : String(e);
    }
    hotspot.moran = moranOf(nb.codes, x, nb.neighbours);
  }

  return {
    stored: {
      areas: areas.map((a) => ({ code: a.code, population: a.population })),
      categories,
      values: { burden, recency, trend, hotspot: hotValues },
    },
    hotspot,
    incidentCount,
  };
}

/**
 * Local Moran's I of `x` (spdep's default: row-standardised weights without the area itself)
 * with 999 conditional permutations; a variable without variance gives no statistic, said why.
 */
function moranOf(codes: string[], x: number[], nb: Parameters<typeof rowStandardisedWeights>[0]): MoranInfo {
  const out: MoranInfo = { I: {}, p: {}, cluster: {}, skipped: null };
  try {
    const m = localMoran(x, rowStandardisedWeights(nb), { permutations: MORAN_PERMUTATIONS, seed: MORAN_SEED });
    codes.forEach((code, i) => {
      out.I[code] = m.I[i];
      out.p[code] = m.pSim![i];
      out.cluster[code] = m.cluster[i];
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    out.skipped = e.message;
  }
  return out;
}

/** The PriorityInput of a stored input (every built-in component present, zeros filled in by the scoring). */
export function toPriorityInput(s: StoredInput): PriorityInput {
  const values = new Map<string, Map<string, Map<string, number>>>();
  for (const def of DEFAULT_COMPONENTS.values()) {
    const byCat = new Map<string, Map<string, number>>();
    const given = s.values[def.id] ?? {};
    for (const cat of s.categories) byCat.set(cat, new Map(Object.entries(given[cat] ?? {})));
    values.set(def.id, byCat);
  }
  return { areas: s.areas, categories: s.categories, components: DEFAULT_COMPONENTS, values };
}
