/**
 * How a priority analysis run is kept (analysis_run.summary, JSON) and read back, so that a later
 * reader sees exactly the numbers the province saw when it decided.
 *
 * Format 2 (runs stored from 2 December 2026): one array per measure, in rank order, the numbers
 * as the base64 of their little-endian float64 (or int32) bytes, bit for bit; and the input that
 * was scored, as category x area grids in the same form. Format 1 (runs stored before) held an
 * object per area and the input as objects keyed by area code: both are read.
 *
 * Why columns: a country-wide run (7,425 sub-districts) was some 13 MB of JSON, about 400,000
 * numbers printed as decimals and parsed again by the server, which cost about a third of the
 * run (measured on PostgreSQL: 300-400 ms of 0.85 s). The same numbers as columns are about a
 * third of the size and take a few milliseconds to write.
 */
import { Buffer } from 'node:buffer';
import type { AreaResult, MoranClusterName } from '../../shared/api-types.ts';
import {
  DEFAULT_COMPONENTS, movementOf,
  type PriorityColumns, type PriorityInput, type PriorityResult, type PriorityWarning,
} from '../../shared/priority.ts';

export const SUMMARY_FORMAT = 2;

export interface PreviousInfo {
  label: string;
  available: boolean;
  /** Why there is no rank movement (no data in the previous period), or null. */
  message: string | null;
}

export interface HotspotRecord {
  hot: string[];
  islands: string[];
  skipped: string | null;
  /** Absent in runs stored before local Moran's I existed. */
  moranSkipped?: string | null;
}

/** The values a run scored: enough to recompute every number of it. */
export interface RunInput {
  areas: ReadonlyArray<{ code: string; population: number | null }>;
  categories: readonly string[];
  /** Component id -> category x area grid, category-major, in the order of `areas` and `categories`. */
  grids: Readonly<Record<string, Float64Array>>;
}

export interface SummaryParts {
  columns: PriorityColumns;
  names: ReadonlyMap<string, { name_th: string; name_en: string | null }>;
  /** Each area's rank in the previous period, or null when there is nothing to compare with. */
  previousRanks: ReadonlyMap<string, number> | null;
  previous: PreviousInfo;
  dropped: Array<{ code: string; previousRank: number }>;
  /** Gi* z-score by area code (zeros may be left out). */
  hotspotZ: Readonly<Record<string, number>>;
  /** Local Moran's I, p-value and class by area code; null when not computed. */
  moran: { I: Readonly<Record<string, number>>; p: Readonly<Record<string, number>>; cluster: Readonly<Record<string, string>> } | null;
  hotspot: HotspotRecord;
  incidentCount: number;
  input: RunInput;
}

/* ------------------------------------------------------------ numbers */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encodeBytes(a: Float64Array | Int32Array): string {
  const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return b.toString('base64');
  const copy = Buffer.from(b);
  return (a instanceof Float64Array ? copy.swap64() : copy.swap32()).toString('base64');
}

function decodeBytes(text: unknown, width: 4 | 8, length: number, what: string): Uint8Array {
  if (typeof text !== 'string') throw new Error(`stored analysis run: ${what} is missing`);
  const b = Buffer.from(text, 'base64');
  if (b.length !== width * length) throw new Error(`stored analysis run: ${what} holds ${b.length} bytes, not ${width * length}`);
  const copy = new Uint8Array(b.length);
  copy.set(b);
  if (!LITTLE_ENDIAN) {
    const view = Buffer.from(copy.buffer);
    if (width === 8) view.swap64();
    else view.swap32();
  }
  return copy;
}

const f64 = (a: Float64Array) => encodeBytes(a);
const i32 = (a: Int32Array) => encodeBytes(a);
const readF64 = (t: unknown, n: number, what: string) => new Float64Array(decodeBytes(t, 8, n, what).buffer);
const readI32 = (t: unknown, n: number, what: string) => new Int32Array(decodeBytes(t, 4, n, what).buffer);
/** A float64 column of optional numbers: NaN stands for null. */
const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/* ------------------------------------------------------------ writing */

/** What every stored run says besides its areas. */
interface RunHeader {
  top: string[];
  weights: PriorityResult['weights'];
  warnings: PriorityWarning[];
  previous: PreviousInfo;
  dropped: Array<{ code: string; previousRank: number }>;
  hotspot: HotspotRecord;
  incidentCount: number;
}

interface StoredColumnsV2 extends RunHeader {
  format: 2;
  codes: string[];
  nameTh: string[];
  nameEn: Array<string | null>;
  score: string;
  rank: string;
  previousRank: string | null;
  hotspotZ: string;
  moranI: string | null;
  moranP: string | null;
  moranCluster: Array<string | null> | null;
  components: Array<{ id: string; weight: number; value: string; contribution: string | null; factor: string | null }>;
  byCategory: Array<{ category: string; value: string }> | null;
  general: string | null;
  /** Codes compared on counts for want of a population. */
  countFallback: string[];
  input: { codes: string[]; population: string; categories: string[]; values: Record<string, string> };
}

/** The JSON text of a run's summary, format 2. */
export function encodeSummary(s: SummaryParts): string {
  const c = s.columns;
  const n = c.codes.length;
  const z = new Float64Array(n);
  const prev = new Int32Array(n);
  const mI = new Float64Array(n);
  const mP = new Float64Array(n);
  const cluster: Array<string | null> = new Array(n);
  const nameTh: string[] = new Array(n);
  const nameEn: Array<string | null> = new Array(n);
  const countFallback: string[] = [];
  for (let pos = 0; pos < n; pos++) {
    const code = c.codes[pos];
    const name = s.names.get(code);
    nameTh[pos] = name?.name_th ?? code;
    nameEn[pos] = name?.name_en ?? null;
    z[pos] = s.hotspotZ[code] ?? 0;
    prev[pos] = s.previousRanks?.get(code) ?? 0;
    mI[pos] = s.moran?.I[code] ?? Number.NaN;
    mP[pos] = s.moran?.p[code] ?? Number.NaN;
    cluster[pos] = s.moran?.cluster[code] ?? null;
    if (c.countFallback[pos]) countFallback.push(code);
  }
  const inp = s.input;
  const population = Float64Array.from(inp.areas, (a) => a.population ?? Number.NaN);
  const out: StoredColumnsV2 = {
    format: 2,
    codes: c.codes, nameTh, nameEn,
    score: f64(c.score), rank: i32(c.rank), previousRank: s.previousRanks ? i32(prev) : null,
    hotspotZ: f64(z),
    moranI: s.moran ? f64(mI) : null, moranP: s.moran ? f64(mP) : null, moranCluster: s.moran ? cluster : null,
    components: c.components.map((k) => ({
      id: k.id, weight: k.weight, value: f64(k.value),
      contribution: k.contribution ? f64(k.contribution) : null, factor: k.factor ? f64(k.factor) : null,
    })),
    byCategory: c.byCategory ? c.byCategory.map((b) => ({ category: b.category, value: f64(b.value) })) : null,
    general: c.general ? f64(c.general) : null,
    countFallback,
    top: c.top, weights: c.weights, warnings: c.warnings, previous: s.previous, dropped: s.dropped, hotspot: s.hotspot,
    incidentCount: s.incidentCount,
    input: {
      codes: inp.areas.map((a) => a.code), population: f64(population), categories: [...inp.categories],
      values: Object.fromEntries(Object.entries(inp.grids).map(([id, g]) => [id, f64(g)])),
    },
  };
  return JSON.stringify(out);
}

/* ------------------------------------------------------------ reading */

/** A stored run's summary, whichever format it was stored in. */
export interface StoredSummary extends RunHeader {
  /** Areas in the run. */
  count: number;
  /** The area at rank position `pos` (0 = first), as the API shows it. */
  area(pos: number): AreaResult;
  /** Rank position of an area code, or -1. */
  positionOf(code: string): number;
  /** Whole columns in rank order, for the map. */
  codes(): string[];
  scores(): number[];
  ranks(): number[];
  hotspotZ(): number[];
  moranI(): Array<number | null>;
  moranP(): Array<number | null>;
  moranCluster(): Array<MoranClusterName | null>;
  /** What was scored, as computePriority takes it. */
  input(): PriorityInput;
}

/** Reads a summary as analysis_run.summary holds it (parsed JSON). */
export function readSummary(raw: unknown): StoredSummary {
  const s = (raw ?? {}) as Record<string, unknown>;
  return s.format === 2 ? readV2(s as unknown as StoredColumnsV2) : readV1(s as unknown as SummaryV1);
}

/** The PriorityInput of dense grids: each category's row of a grid is a column in area order. */
export function gridInput(areas: PriorityInput['areas'], categories: readonly string[], grids: Readonly<Record<string, Float64Array>>): PriorityInput {
  const n = areas.length;
  const values = new Map<string, Map<string, Float64Array | Map<string, number>>>();
  for (const def of DEFAULT_COMPONENTS.values()) {
    const g = grids[def.id];
    values.set(def.id, new Map(categories.map((cat, c) => [cat, g ? g.subarray(c * n, (c + 1) * n) : new Map<string, number>()])));
  }
  return { areas, categories: [...categories], components: DEFAULT_COMPONENTS, values };
}

function readV2(s: StoredColumnsV2): StoredSummary {
  const n = s.codes.length;
  const score = readF64(s.score, n, 'score');
  const rank = readI32(s.rank, n, 'rank');
  const prev = s.previousRank === null ? null : readI32(s.previousRank, n, 'previousRank');
  const z = readF64(s.hotspotZ, n, 'hotspotZ');
  const mI = s.moranI === null ? null : readF64(s.moranI, n, 'moranI');
  const mP = s.moranP === null ? null : readF64(s.moranP, n, 'moranP');
  const comps = s.components.map((k) => ({
    id: k.id, weight: k.weight, value: readF64(k.value, n, `${k.id} values`),
    contribution: k.contribution === null ? null : readF64(k.contribution, n, `${k.id} contributions`),
    factor: k.factor === null ? null : readF64(k.factor, n, `${k.id} factors`),
  }));
  const byCat = s.byCategory?.map((b) => ({ category: b.category, value: readF64(b.value, n, `${b.category} part`) })) ?? null;
  const general = s.general === null ? null : readF64(s.general, n, 'general');
  const top = new Set(s.top);
  const fallback = new Set(s.countFallback);
  let positions: Map<string, number> | null = null;
  return {
    count: n, top: s.top, weights: s.weights, warnings: s.warnings, previous: s.previous, dropped: s.dropped, hotspot: s.hotspot,
    incidentCount: s.incidentCount,
    area(pos) {
      const code = s.codes[pos];
      const previousRank = prev && prev[pos] > 0 ? prev[pos] : null;
      const moved = prev ? movementOf(previousRank, rank[pos]) : { movement: null, status: 'same' as const };
      return {
        code, nameTh: s.nameTh[pos], nameEn: s.nameEn[pos], score: score[pos], rank: rank[pos], inTop: top.has(code),
        previousRank, movement: moved.movement, status: moved.status,
        components: comps.map((k) => ({ id: k.id, weight: k.weight, value: k.value[pos], contribution: k.contribution?.[pos] ?? null, factor: k.factor?.[pos] ?? null })),
        byCategory: byCat ? Object.fromEntries(byCat.map((b) => [b.category, b.value[pos]])) : null,
        general: general ? general[pos] : null,
        flags: fallback.has(code) ? ['count_instead_of_rate'] : [],
        hotspotZ: z[pos],
        moranI: mI ? orNull(mI[pos]) : null, moranP: mP ? orNull(mP[pos]) : null,
        moranCluster: (s.moranCluster?.[pos] ?? null) as MoranClusterName | null,
      };
    },
    positionOf(code) {
      positions ??= new Map(s.codes.map((c, i) => [c, i]));
      return positions.get(code) ?? -1;
    },
    codes: () => s.codes,
    scores: () => Array.from(score),
    ranks: () => Array.from(rank),
    hotspotZ: () => Array.from(z),
    moranI: () => (mI ? Array.from(mI, orNull) : new Array(n).fill(null)),
    moranP: () => (mP ? Array.from(mP, orNull) : new Array(n).fill(null)),
    moranCluster: () => (s.moranCluster ?? new Array(n).fill(null)) as Array<MoranClusterName | null>,
    input() {
      const inp = s.input;
      const m = inp.codes.length;
      const pop = readF64(inp.population, m, 'population');
      const grids = Object.fromEntries(Object.entries(inp.values).map(([id, t]) => [id, readF64(t, m * inp.categories.length, `${id} input`)]));
      return gridInput(inp.codes.map((code, i) => ({ code, population: orNull(pop[i]) })), inp.categories, grids);
    },
  };
}

/** Format 1: an object per area, the input keyed by area code (runs stored before 2 December 2026). */
interface SummaryV1 {
  areas?: AreaResult[];
  top?: string[];
  weights?: PriorityResult['weights'];
  warnings?: PriorityWarning[];
  previous?: PreviousInfo;
  dropped?: Array<{ code: string; previousRank: number }>;
  hotspot?: HotspotRecord;
  incidentCount?: number;
  input?: { areas: Array<{ code: string; population: number | null }>; categories: string[]; values: Record<string, Record<string, Record<string, number>>> };
}

function readV1(s: SummaryV1): StoredSummary {
  const areas = Array.isArray(s.areas) ? s.areas : [];
  let positions: Map<string, number> | null = null;
  return {
    count: areas.length, top: s.top ?? [], weights: s.weights ?? { components: {}, categories: {} }, warnings: s.warnings ?? [],
    previous: s.previous ?? { label: '', available: false, message: null }, dropped: s.dropped ?? [],
    hotspot: s.hotspot ?? { hot: [], islands: [], skipped: null }, incidentCount: s.incidentCount ?? 0,
    area: (pos) => areas[pos],
    positionOf(code) {
      positions ??= new Map(areas.map((a, i) => [a.code, i]));
      return positions.get(code) ?? -1;
    },
    codes: () => areas.map((a) => a.code),
    scores: () => areas.map((a) => a.score),
    ranks: () => areas.map((a) => a.rank),
    hotspotZ: () => areas.map((a) => a.hotspotZ),
    moranI: () => areas.map((a) => a.moranI ?? null),
    moranP: () => areas.map((a) => a.moranP ?? null),
    moranCluster: () => areas.map((a) => a.moranCluster ?? null),
    input() {
      const inp = s.input;
      if (!inp) throw new Error('stored analysis run: the input it scored is missing');
      const values = new Map<string, Map<string, Map<string, number>>>();
      for (const def of DEFAULT_COMPONENTS.values()) {
        const given = inp.values[def.id] ?? {};
        values.set(def.id, new Map(inp.categories.map((cat) => [cat, new Map(Object.entries(given[cat] ?? {}))])));
      }
      return { areas: inp.areas, categories: inp.categories, components: DEFAULT_COMPONENTS, values };
    },
  };
}
