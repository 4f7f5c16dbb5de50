/**
 * Gathers the raw component values of the priority analysis for one period: incident burden,
 * recency and trend from the incident aggregates, hot-spot membership from Gi* over queen
 * contiguity. Produces the PriorityInput that src/shared/priority.ts scores.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { previousYear, type Period } from '../../shared/fiscal.ts';
import { hotSpotValue, type PriorityInput } from '../../shared/priority.ts';
import { getisOrdGiStar, localMoran, type MoranCluster } from '../../shared/hotspots.ts';
import { binaryWeights, rowStandardisedWeights, type NeighbourList } from '../../shared/spatial-weights.ts';
import type { MoranArrays, MoranThread } from './moran-thread.ts';
import { queenNeighbours } from './weights-repository.ts';
import * as repo from './repository.ts';
import { gridInput, hotspotGrid, trendGrid, type RunInput } from './run-summary.ts';

export interface HotSpotInfo {
  /** The areas of the neighbour list, in its order: the order of `z` and of the Moran arrays. */
  codes: readonly string[];
  /** Gi* z-score of each area of `codes`, on the total severity-weighted burden (0 where not computed). */
  z: Float64Array;
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

/** In the order of HotSpotInfo.codes (arrays, not objects keyed by code: some 4 ms less each a run). */
export interface MoranInfo {
  /** Local Moran's I_i of each area. */
  I: Float64Array;
  /** Folded permutation pseudo p-value of each area. */
  p: Float64Array;
  /** Cluster class of each area at 0.05: its quadrant when significant. */
  cluster: readonly MoranCluster[];
  /** Why local Moran's I could not be computed (zero variance, too few areas), or null. */
  skipped: string | null;
}

export interface GatheredInput {
  /** The values scored, as a stored run keeps them (run-summary.ts). */
  runInput: RunInput;
  /** The same values as computePriority takes them. */
  input: PriorityInput;
  hotspot: HotSpotInfo;
  /** Incidents counted in the period (excluding false reports). */
  incidentCount: number;
  /** Local Moran's I being computed in the worker thread of GatherOptions.moranThread, or null. */
  pendingMoran: Promise<MoranInfo> | null;
}

export interface GatherOptions {
  /** Per period: whether local Moran's I is computed (999 permutations); default every period. */
  moran?: readonly boolean[];
  /**
   * Where local Moran's I is computed: given, it goes to this worker as soon as the period's
   * burden is known, `hotspot.moran` stays null and `pendingMoran` brings the result.
   */
  moranThread?: MoranThread;
}

/**
 * Raw component values for the sub-districts `areas` of `provinces` in `period`.
 * Burden: sum of severities per area and category. Recency: sum of severity x 0.5 ^ (age /
 * half-life), age at the period end. Trend: trendChange of this period's burden against the same
 * period a year earlier. Hot spot: 1 in every category for an area whose Gi* z-score on the total
 * burden (all categories) is >= 1.96, over queen contiguity with the area itself included
 * (trendGrid and hotspotGrid of run-summary.ts, which a stored run recomputes them with).
 */
export async function gatherInput(
  db: Database, viewer: Viewer, provinces: string[], areas: repo.AreaRow[], categories: string[], period: Period, halfLifeDays: number,
): Promise<GatheredInput> {
  return (await gatherInputs(db, viewer, provinces, areas, categories, [period], halfLifeDays))[0];
}

/**
 * gatherInput for several periods at once (a run and the previous period it is compared with):
 * each distinct period is aggregated once, though a fiscal year is both the previous period of
 * the next and the year before it, and the neighbour weights are read once.
 */
export async function gatherInputs(
  db: Database, viewer: Viewer, provinces: string[], areas: repo.AreaRow[], categories: string[], periods: readonly Period[], halfLifeDays: number,
  opts: GatherOptions = {},
): Promise<GatheredInput[]> {
  const areaIndex = new Map(areas.map((a, i) => [a.code, i]));
  const codes = areas.map((a) => a.code);
  const n = areas.length;
  const wanted = new Map<string, repo.AggregatePeriod>();
  const want = (p: Period, recency: boolean): string => {
    const key = `${p.start.getTime()}/${p.end.getTime()}`;
    const w = wanted.get(key);
    if (w) w.recency ||= recency;
    else wanted.set(key, { start: p.start, end: p.end, recency });
    return key;
  };
  const keys = periods.map((p) => ({ cur: want(p, true), prev: want(previousYear(p), false) }));
  // Each period's grid as it comes: the first period's hot spots, and its Moran's I in the
  // worker, start while the others are still being read.
  const started = await repo.startIncidentGrids(db, viewer, provinces, codes, categories, [...wanted.values()], halfLifeDays);
  const all = Promise.all(started);
  all.catch(() => undefined);
  const byKey = new Map([...wanted.keys()].map((k, i) => [k, started[i]]));
  let nb: Awaited<ReturnType<typeof queenNeighbours>> | null = null;
  const stored: RunInput['areas'] = areas.map((a) => ({ code: a.code, population: a.population }));

  const out: GatheredInput[] = [];
  for (const [pi, k] of keys.entries()) {
    const cur = await byKey.get(k.cur)!;
    // A period may be another's year before: its grid is shared, never written to.
    const burdenGrid = cur.burden;
    const recencyGrid = cur.recency;
    const counted = cur.counted;
    const incidentCount = cur.incidents;
    const total = new Float64Array(n);
    for (let c = 0; c < categories.length; c++) {
      for (let i = 0; i < n; i++) total[i] += burdenGrid[c * n + i];
    }

    const hotspot: HotSpotInfo = { codes: [], z: new Float64Array(0), hot: [], islands: [], skipped: null, moran: null };
    let pendingMoran: Promise<MoranInfo> | null = null;
    if (counted) {
      nb ??= await queenNeighbours(db, provinces);
      hotspot.islands = nb.islands;
      hotspot.codes = nb.codes;
      hotspot.z = new Float64Array(nb.codes.length);
      const x = nb.codes.map((c) => {
        const i = areaIndex.get(c);
        return i === undefined ? 0 : total[i];
      });
      try {
        const gi = getisOrdGiStar(x, binaryWeights(nb.neighbours, { includeSelf: true }));
        hotspot.z.set(gi.z);
        nb.codes.forEach((code, i) => {
          if (hotSpotValue(gi.z[i]) === 1) hotspot.hot.push(code);
        });
      } catch (e) {
        // Gi* is undefined when every area has the same burden: no area is a hot spot then.
        hotspot.skipped = e instanceof Error ? e.message : String(e);
      }
      if (opts.moran?.[pi] ?? true) {
        if (opts.moranThread) {
          pendingMoran = opts.moranThread.compute(Float64Array.from(x), nb.neighbours, MORAN_PERMUTATIONS, MORAN_SEED).then(moranInfo);
          // Awaited by the caller; until then a failure must not count as unhandled.
          pendingMoran.catch(() => {});
        } else hotspot.moran = moranInfo(moranArrays(Float64Array.from(x), nb.neighbours));
      }
    }

    const previousGrid = (await byKey.get(k.prev)!).burden;
    const grids: Record<string, Float64Array> = {
      burden: burdenGrid, recency: recencyGrid, trend: trendGrid(burdenGrid, previousGrid), hotspot: hotspotGrid(areaIndex, categories.length, hotspot.hot),
    };
    out.push({
      runInput: { areas: stored, categories, grids, previousBurden: previousGrid },
      input: gridInput(stored, categories, grids),
      hotspot,
      incidentCount,
      pendingMoran,
    });
  }
  await all;
  return out;
}

/**
 * Local Moran's I of `x` (spdep's default: row-standardised weights without the area itself)
 * with 999 conditional permutations; a variable without variance gives no statistic, said why.
 * What the worker of moran-worker.ts computes, here in the calling thread.
 */
export function moranArrays(x: Float64Array, nb: NeighbourList): MoranArrays {
  try {
    const m = localMoran(x, rowStandardisedWeights(nb), { permutations: MORAN_PERMUTATIONS, seed: MORAN_SEED });
    return { kind: 'result', I: m.I, p: m.pSim!, cluster: m.cluster };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { kind: 'skipped', message: e.message };
  }
}

function moranInfo(m: MoranArrays): MoranInfo {
  if (m.kind === 'skipped') return { I: new Float64Array(0), p: new Float64Array(0), cluster: [], skipped: m.message };
  return { I: m.I, p: m.p, cluster: m.cluster as MoranCluster[], skipped: null };
}
