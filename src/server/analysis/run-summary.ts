/**
 * How a priority analysis run is kept (analysis_run.summary, JSON) and read back, so that a later
 * reader sees exactly the numbers the province saw when it decided.
 *
 * Format 2 (runs stored from 2 December 2026): one array per measure, in rank order, the numbers
 * as the base64 of their little-endian float64 (or int32) bytes, bit for bit; and the input that
 * was scored, as category x area grids in the same form ('i32:' or 'f64:' before the base64: a
 * grid of whole numbers, the burden, takes half the room); the area names as the base64 of their
 * UTF-8 JSON, so that the whole text is ASCII. What is computed from other stored
 * numbers by one fixed rule is not stored but recomputed on reading, the same operations in the
 * same order, so the same bits: each weighted-sum contribution (weight x component value), the
 * trend grid (trendChange of the burden against the year before's, which is stored) and the
 * hot-spot grid (1 in every category for the areas of the hot list). Format 1 (runs stored
 * before) held an object per area and the input as objects keyed by area code: both are read.
 *
 * Why columns: a country-wide run (7,425 sub-districts) was some 13 MB of JSON, about 400,000
 * numbers printed as decimals and parsed again by the server, which cost about a third of the
 * run (measured on PostgreSQL: 300-400 ms of 0.85 s). The same numbers as columns are about a
 * third of the size and take a few milliseconds to write.
 */
import { Buffer } from 'node:buffer';
import type { AreaResult, MoranClusterName } from '../../shared/api-types.ts';
import {
  DEFAULT_COMPONENTS, movementOf, trendChange,
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
  /**
   * Component id -> category x area grid, category-major, in the order of `areas` and
   * `categories`. The trend and hot-spot grids must be trendGrid and hotspotGrid's (they are
   * stored as what they are computed from: the burden a year earlier, and the hot list of
   * SummaryParts.hotspot).
   */
  grids: Readonly<Record<string, Float64Array>>;
  /** The burden grid of the same period a year earlier: what the trend compares with. */
  previousBurden: Float64Array;
}

/** Components whose input grid a stored run recomputes from other stored numbers. */
const DERIVED_GRIDS = ['trend', 'hotspot'] as const;

/** The trend grid: each cell's trendChange against the same cell a year earlier (0 where both are 0). */
export function trendGrid(burden: Float64Array, previous: Float64Array): Float64Array {
  if (burden.length !== previous.length) throw new Error(`trend: ${burden.length} cells against ${previous.length} a year earlier`);
  const out = new Float64Array(burden.length);
  for (let g = 0; g < out.length; g++) {
    if (burden[g] !== 0 || previous[g] !== 0) out[g] = trendChange(burden[g], previous[g]);
  }
  return out;
}

/** The hot-spot grid: 1 in every category for each area of `hot` that is among `areaIndex`'s, 0 elsewhere. */
export function hotspotGrid(areaIndex: ReadonlyMap<string, number>, categoryCount: number, hot: readonly string[]): Float64Array {
  const n = areaIndex.size;
  const out = new Float64Array(categoryCount * n);
  for (const code of hot) {
    const i = areaIndex.get(code);
    if (i !== undefined) for (let c = 0; c < categoryCount; c++) out[c * n + i] = 1;
  }
  return out;
}

export interface SummaryParts {
  columns: PriorityColumns;
  names: ReadonlyMap<string, { name_th: string; name_en: string | null }>;
  /** Each area's rank in the previous period, or null when there is nothing to compare with. */
  previousRanks: ReadonlyMap<string, number> | null;
  previous: PreviousInfo;
  dropped: Array<{ code: string; previousRank: number }>;
  /** Gi* z-score of each area of `codes` (an area not among them: 0). */
  hotspotZ: { codes: readonly string[]; z: Float64Array };
  /** Local Moran's I, p-value and class in the order of hotspotZ.codes; null when not computed. */
  moran: MoranColumns | null;
  hotspot: HotspotRecord;
  incidentCount: number;
  input: RunInput;
}

export type MoranColumns = { I: Float64Array; p: Float64Array; cluster: readonly string[] };

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

/** A grid as 'i32:' + base64 when every value is a whole number of int32 (not -0), else 'f64:' + base64. */
export function encodeGrid(a: Float64Array): string {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if ((v | 0) !== v || Object.is(v, -0)) return `f64:${f64(a)}`;
  }
  return `i32:${i32(Int32Array.from(a))}`;
}

export function decodeGrid(t: unknown, n: number, what: string): Float64Array {
  if (typeof t === 'string' && t.startsWith('i32:')) return Float64Array.from(readI32(t.slice(4), n, what));
  if (typeof t === 'string' && t.startsWith('f64:')) return readF64(t.slice(4), n, what);
  throw new Error(`stored analysis run: ${what} is ${typeof t === 'string' ? 'not marked i32: or f64:' : 'missing'}`);
}
function readNames(text: unknown, n: number): [string[], Array<string | null>] {
  if (typeof text !== 'string') throw new Error('stored analysis run: the area names are missing');
  const names = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
  if (!Array.isArray(names) || names.length !== 2 || !names.every((l) => Array.isArray(l) && l.length === n)) {
    throw new Error(`stored analysis run: the area names are not two lists of ${n}`);
  }
  return names as [string[], Array<string | null>];
}

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
  aggregation: 'weighted_sum' | 'geometric_mean';
  codes: string[];
  /** The base64 of the UTF-8 JSON of [Thai names, English names]: the JSON around it stays ASCII. */
  names: string;
  score: string;
  rank: string;
  previousRank: string | null;
  hotspotZ: string;
  moranI: string | null;
  moranP: string | null;
  moranCluster: Array<string | null> | null;
  /** contribution: never stored (weight x value, recomputed, for a weighted sum; none otherwise). */
  components: Array<{ id: string; weight: number; value: string; factor: string | null }>;
  byCategory: Array<{ category: string; value: string }> | null;
  general: string | null;
  /** Codes compared on counts for want of a population. */
  countFallback: string[];
  /** values: every grid but the derived ones (encodeGrid); previousBurden: the burden a year earlier. */
  input: { codes: string[]; population: string; categories: string[]; values: Record<string, string>; previousBurden: string; derived: string[] };
}

/** What SummaryParts holds but the Moran statistic, which may still be computing. */
export type SummaryBody = Omit<SummaryParts, 'moran' | 'hotspot'> & { hotspot: Omit<HotspotRecord, 'moranSkipped'> };

/** The JSON text of a run's summary, format 2. */
export function encodeSummary(s: SummaryParts): string {
  return startSummary(s)(s.moran, s.hotspot.moranSkipped ?? null);
}

/**
 * JSON.stringify(value) for a value whose long strings were swapped for blob tokens (a NUL and
 * the blob's number, which no text of PostgreSQL's can hold): the blobs, base64 that needs no
 * escaping, go in unscanned. Measured on a country-wide run: about half the time of
 * JSON.stringify on the whole, and an ASCII string, which PostgreSQL's client writes out as is.
 */
function stringifyWithBlobs(value: unknown, blobs: readonly string[]): string {
  return JSON.stringify(value).replace(/"\\u0000(\d+)"/g, (_, k: string) => `"${blobs[Number(k)]}"`);
}

/**
 * encodeSummary in two steps: everything but local Moran's I now (while the worker computes it),
 * then the text with the statistic. The Moran fields and the hot-spot record go last.
 */
export function startSummary(s: SummaryBody): (moran: MoranColumns | null, moranSkipped: string | null) => string {
  const blobs: string[] = [];
  const blob = (base64: string) => `\u0000${blobs.push(base64) - 1}`;
  const f64 = (a: Float64Array) => blob(encodeBytes(a));
  const i32 = (a: Int32Array) => blob(encodeBytes(a));
  const c = s.columns;
  const n = c.codes.length;
  const z = new Float64Array(n);
  const prev = new Int32Array(n);
  const nameTh: string[] = new Array(n);
  const nameEn: Array<string | null> = new Array(n);
  const countFallback: string[] = [];
  // Where each area (in rank order) is in the neighbour list's order, or -1.
  const nbIndex = new Map(s.hotspotZ.codes.map((code, i) => [code, i]));
  const nbPos = new Int32Array(n);
  for (let pos = 0; pos < n; pos++) {
    const code = c.codes[pos];
    const name = s.names.get(code);
    nameTh[pos] = name?.name_th ?? code;
    nameEn[pos] = name?.name_en ?? null;
    const j = nbIndex.get(code) ?? -1;
    nbPos[pos] = j;
    z[pos] = j >= 0 ? s.hotspotZ.z[j] : 0;
    prev[pos] = s.previousRanks?.get(code) ?? 0;
    if (c.countFallback[pos]) countFallback.push(code);
  }
  const inp = s.input;
  const population = Float64Array.from(inp.areas, (a) => a.population ?? Number.NaN);
  const aggregation = c.epsilon === null ? 'weighted_sum' : 'geometric_mean';
  const body: Omit<StoredColumnsV2, 'hotspot' | 'moranI' | 'moranP' | 'moranCluster'> = {
    format: 2,
    aggregation,
    codes: c.codes, names: blob(Buffer.from(JSON.stringify([nameTh, nameEn])).toString('base64')),
    score: f64(c.score), rank: i32(c.rank), previousRank: s.previousRanks ? i32(prev) : null,
    hotspotZ: f64(z),
    components: c.components.map((k) => {
      if (aggregation === 'weighted_sum') {
        // Not stored: the reader's weight x value must be what was scored, bit for bit.
        for (let pos = 0; pos < n; pos++) {
          if (!k.contribution || k.contribution[pos] !== k.weight * k.value[pos]) throw new Error(`analysis run: the contribution of ${k.id} is not weight x value at ${c.codes[pos]}`);
        }
      }
      return { id: k.id, weight: k.weight, value: f64(k.value), factor: k.factor ? f64(k.factor) : null };
    }),
    byCategory: c.byCategory ? c.byCategory.map((b) => ({ category: b.category, value: f64(b.value) })) : null,
    general: c.general ? f64(c.general) : null,
    countFallback,
    top: c.top, weights: c.weights, warnings: c.warnings, previous: s.previous, dropped: s.dropped,
    incidentCount: s.incidentCount,
    input: {
      codes: inp.areas.map((a) => a.code), population: f64(population), categories: [...inp.categories],
      values: Object.fromEntries(Object.entries(inp.grids).filter(([id]) => !(DERIVED_GRIDS as readonly string[]).includes(id)).map(([id, g]) => [id, blob(encodeGrid(g))])),
      previousBurden: blob(encodeGrid(inp.previousBurden)),
      derived: DERIVED_GRIDS.filter((id) => id in inp.grids),
    },
  };
  const text = stringifyWithBlobs(body, blobs);
  blobs.length = 0;
  return (moran, moranSkipped) => {
    let mI: string | null = null;
    let mP: string | null = null;
    let cluster: Array<string | null> | null = null;
    if (moran) {
      const I = new Float64Array(n);
      const P = new Float64Array(n);
      cluster = new Array(n);
      for (let pos = 0; pos < n; pos++) {
        const j = nbPos[pos];
        I[pos] = j >= 0 ? moran.I[j] : Number.NaN;
        P[pos] = j >= 0 ? moran.p[j] : Number.NaN;
        cluster[pos] = j >= 0 ? moran.cluster[j] : null;
      }
      mI = f64(I);
      mP = f64(P);
    }
    const tail: Pick<StoredColumnsV2, 'hotspot' | 'moranI' | 'moranP' | 'moranCluster'> = {
      hotspot: { ...s.hotspot, moranSkipped }, moranI: mI, moranP: mP, moranCluster: cluster,
    };
    // Both are JSON objects: the body without its closing brace, a comma, the tail without its opening one.
    return `${text.slice(0, -1)},${stringifyWithBlobs(tail, blobs).slice(1)}`;
  };
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
  const comps = s.components.map((k) => {
    const value = readF64(k.value, n, `${k.id} values`);
    let contribution: Float64Array | null = null;
    if (s.aggregation === 'weighted_sum') {
      contribution = new Float64Array(n);
      for (let pos = 0; pos < n; pos++) contribution[pos] = k.weight * value[pos];
    }
    return { id: k.id, weight: k.weight, value, contribution, factor: k.factor === null ? null : readF64(k.factor, n, `${k.id} factors`) };
  });
  const byCat = s.byCategory?.map((b) => ({ category: b.category, value: readF64(b.value, n, `${b.category} part`) })) ?? null;
  const general = s.general === null ? null : readF64(s.general, n, 'general');
  const top = new Set(s.top);
  const fallback = new Set(s.countFallback);
  let positions: Map<string, number> | null = null;
  const [nameTh, nameEn] = readNames(s.names, n);
  return {
    count: n, top: s.top, weights: s.weights, warnings: s.warnings, previous: s.previous, dropped: s.dropped, hotspot: s.hotspot,
    incidentCount: s.incidentCount,
    area(pos) {
      const code = s.codes[pos];
      const previousRank = prev && prev[pos] > 0 ? prev[pos] : null;
      const moved = prev ? movementOf(previousRank, rank[pos]) : { movement: null, status: 'same' as const };
      return {
        code, nameTh: nameTh[pos], nameEn: nameEn[pos], score: score[pos], rank: rank[pos], inTop: top.has(code),
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
      const cells = m * inp.categories.length;
      const grids: Record<string, Float64Array> = Object.fromEntries(Object.entries(inp.values).map(([id, t]) => [id, decodeGrid(t, cells, `${id} input`)]));
      for (const id of inp.derived) {
        if (id === 'trend') {
          if (!grids.burden) throw new Error('stored analysis run: the trend input needs the burden, which is missing');
          grids.trend = trendGrid(grids.burden, decodeGrid(inp.previousBurden, cells, 'burden a year earlier'));
        } else if (id === 'hotspot') grids.hotspot = hotspotGrid(new Map(inp.codes.map((c, i) => [c, i])), inp.categories.length, s.hotspot.hot);
        else throw new Error(`stored analysis run: no rule recomputes the '${id}' input`);
      }
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
