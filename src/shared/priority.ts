/**
 * Priority analysis scoring (issue 3, section 1): which sub-districts need action most, and why.
 * Pure functions, no I/O: the service gathers the raw values (incident counts, decayed
 * severities, trends, hot-spot membership) and this module turns them into scores, ranks and an
 * explanation per area.
 *
 * The model, for area a, with component weights W (normalised to sum 1) and category weights V
 * (normalised to sum 1):
 *
 *   N[k,c](a)  normalised value of component k in category c (or of k alone when it is not
 *              counted per category), in [0, 1], 1 = most urgent:
 *                minmax: (x - min) / (max - min), or (max - x) / (max - min) when lower is worse;
 *                rank:   the share of the other areas that are strictly less urgent,
 *                        #{b : x(b) < x(a)} / (n - 1)   ("worse than 83 % of the sub-districts"),
 *                        with > instead of < when lower is worse.
 *              A column where every area has the same value normalises to 0 everywhere (flagged).
 *   S[k](a)    = sum over c of V[c] N[k,c](a) for a per-category component, else N[k](a).
 *              Categories always add up inside a component: an area with one severe problem must
 *              not be cancelled out by being calm in the others.
 *   score(a)   weighted_sum:   sum over k of W[k] S[k](a)                      in [0, 1]
 *              geometric_mean: product over k of (S[k](a) + EPSILON) ^ W[k]     in [EPSILON, 1 + EPSILON]
 *              The geometric mean punishes an area that is calm on one component; EPSILON keeps a
 *              zero from wiping out everything else the area scores on.
 *
 * Both normalisations give the least urgent value 0, and when one area's value becomes more urgent
 * its own normalised value never falls and no other area's rises, so making an area's value of a
 * component more urgent never lowers its rank (the property tests check this).
 *
 * Choices worth knowing:
 * - Ranks use the 'min' method: rank = 1 + the number of areas scoring more (by more than
 *   TIE_TOLERANCE), so ties share the best rank (1, 2, 2, 4); tied areas are listed by code.
 * - Rates per 1,000 people: an area whose population is unknown or 0 is not dropped (it may be
 *   the one that most needs action) and its count is not put in the rate column (other units):
 *   it is normalised among all areas' counts instead, and flagged 'count_instead_of_rate'.
 * - A period where every weighted value is zero is a 'no_data' error, not a map of equal areas.
 */

import { countAboveWithin, countStrictly } from './rank-order.ts';

/** Offset added to each component value before the geometric mean (values are in [0, 1]). */
export const GEOMETRIC_EPSILON = 0.01;

/** A score counts as higher than another only above this margin, so rounding noise does not split a tie. */
export const TIE_TOLERANCE = 1e-12;

/** People per rate unit: rates are per 1,000 people. */
export const RATE_PER = 1000;

/* ------------------------------------------------------------------ types */

export type Direction = 'higher_is_more_urgent' | 'lower_is_more_urgent';
export type Normalisation = 'minmax' | 'rank';
export type Aggregation = 'weighted_sum' | 'geometric_mean';

/** A component of the score: built in (burden, recency, trend, hot spot) or plugged in later. */
export interface ComponentDefinition {
  /** snake_case id, used as the key in profiles and in values. */
  id: string;
  labelTh: string;
  labelEn: string;
  descriptionTh: string;
  descriptionEn: string;
  direction: Direction;
  /** Values come per problem category (and are combined with the category weights). */
  perCategory: boolean;
  /** Values are counts that may be turned into a rate per 1,000 people (profile.ratePer1000). */
  perPopulation: boolean;
}

/** Component definitions by id. */
export type ComponentRegistry = ReadonlyMap<string, ComponentDefinition>;

export interface PriorityArea {
  code: string;
  /** Number of people, or null when unknown. */
  population: number | null;
}

/**
 * Raw values of one area-level component: area code -> value, a missing area counting as 0; or a
 * dense column, one value per area in the order of PriorityInput.areas (what the server gathers,
 * without a Map of 7,425 entries built and read back per column).
 */
export type AreaValues = ReadonlyMap<string, number> | Float64Array;
/** Raw values of a per-category component: category code -> area code -> value. */
export type CategoryValues = ReadonlyMap<string, AreaValues>;

export interface PriorityInput {
  /** The areas to rank (sub-districts or villages), each once. */
  areas: readonly PriorityArea[];
  /** Codes of the problem categories that exist (the category table). */
  categories: readonly string[];
  components: ComponentRegistry;
  /** Raw values by component id: AreaValues, or CategoryValues for a per-category component. */
  values: ReadonlyMap<string, AreaValues | CategoryValues>;
}

/** How to turn the raw values into a score: what an analyst saves as a named analysis profile. */
export interface PriorityProfile {
  normalisation: Normalisation;
  aggregation: Aggregation;
  /** Component id -> weight >= 0 (any scale; normalised to sum 1). Missing = 0. */
  componentWeights: Readonly<Record<string, number>>;
  /** Category code -> weight >= 0 (any scale; normalised to sum 1). Missing = 0. */
  categoryWeights: Readonly<Record<string, number>>;
  /** Size of the top list (areas with rank <= topN; ties at the boundary are all in). */
  topN: number;
  /** Compare per-population components as a rate per 1,000 people where the population is known. */
  ratePer1000: boolean;
  /** Half-life of the recency decay, in days: the service computes recency values with it. */
  recencyHalfLifeDays: number;
}

export type PriorityErrorCode = 'invalid_profile' | 'invalid_input' | 'no_data';

/** Bad input or a period with nothing to rank; the message says what and where. */
export class PriorityError extends Error {
  constructor(
    readonly code: PriorityErrorCode,
    message: string,
    /** The profile or input field at fault, e.g. "categoryWeights.flood". */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'PriorityError';
  }
}

/** What a value was compared as. */
export type Basis = 'value' | 'count' | 'rate';

export interface CategoryBreakdown {
  category: string;
  /** The raw value given (a count for a per-population component). */
  raw: number;
  /** Rate per 1,000 people when it was compared as a rate, else null. */
  rate: number | null;
  basis: Basis;
  /** Normalised value N in [0, 1]. */
  value: number;
  /** V[c] * N: this category's part of the component value. */
  share: number;
  /** W[k] * V[c] * N: this category's part of the score (weighted sum only, else null). */
  contribution: number | null;
}

export interface ComponentBreakdown {
  id: string;
  /** Normalised component weight W. */
  weight: number;
  /** Component value S in [0, 1]. */
  value: number;
  /** Area-level component: the raw value, its rate and basis (null for per-category ones). */
  raw: number | null;
  rate: number | null;
  basis: Basis | null;
  /** W * S: the component's part of the score (weighted sum only, else null). */
  contribution: number | null;
  /** (S + EPSILON) ^ W: the factor in the product (geometric mean only, else null). */
  factor: number | null;
  /** Per category, for per-category components of areas given the full explanation, else null. */
  categories: CategoryBreakdown[] | null;
}

/** The area's counts were compared as counts because its population is unknown or 0. */
export type AreaFlag = 'count_instead_of_rate';

export interface AreaScore {
  code: string;
  score: number;
  /** 1 = most urgent; equal scores share the lowest rank ('min' method: 1, 2, 2, 4). */
  rank: number;
  inTop: boolean;
  components: ComponentBreakdown[];
  /** Weighted sum only: each category's part of the score, summed over per-category components. */
  byCategory: Record<string, number> | null;
  /** Weighted sum only: the part of the score from components not counted per category. */
  general: number | null;
  flags: AreaFlag[];
}

export interface ColumnSummary {
  component: string;
  category: string | null;
  basis: Basis;
  /** Smallest and largest compared value (rates when compared as rates). */
  min: number;
  max: number;
  /** Every area normalises to 0: the column adds nothing to the ranking. */
  constant: boolean;
  /** Areas compared as counts in a rate column. */
  countFallbacks: number;
}

export type WarningCode = 'constant_column' | 'all_equal' | 'count_instead_of_rate' | 'no_population' | 'top_n_exceeds_areas';

export interface PriorityWarning {
  code: WarningCode;
  message: string;
}

export interface PriorityResult {
  profile: PriorityProfile;
  /** The weights used, normalised to sum 1 (zero weights left out). */
  weights: { components: Record<string, number>; categories: Record<string, number> };
  /** The geometric mean's offset, or null for the weighted sum. */
  epsilon: number | null;
  /** All areas, by rank then code. */
  areas: AreaScore[];
  /** Codes with rank <= topN, in rank order. */
  top: string[];
  columns: ColumnSummary[];
  warnings: PriorityWarning[];
}

export interface ComputeOptions {
  /**
   * 'full' (default) explains every category of every component for every area; 'summary' stops
   * at components and byCategory; { codes } gives the full explanation for those areas only (the
   * top list and the one the user clicked). For 7,425 sub-districts x 10 categories x 4
   * components, 'full' is about 300,000 small objects (some 45 MB of JSON): fine for one run in
   * memory, too much to store or send whole.
   */
  detail?: 'full' | 'summary' | { codes: readonly string[] };
}

/* ------------------------------------------------------------ components */

/** The four components issue 3 names; risk points and open alerts plug in the same way later. */
export const BUILTIN_COMPONENTS: readonly ComponentDefinition[] = [
  {
    id: 'burden',
    labelTh: 'ความถี่และความรุนแรงของเหตุการณ์',
    labelEn: 'Incident burden',
    descriptionTh: 'จำนวนเหตุการณ์ถ่วงน้ำหนักตามระดับความรุนแรง คิดเป็นอัตราต่อประชากร 1,000 คนในพื้นที่ที่ทราบจำนวนประชากร',
    descriptionEn: 'Incidents weighted by severity, as a rate per 1,000 people where the population is known',
    direction: 'higher_is_more_urgent',
    perCategory: true,
    perPopulation: true,
  },
  {
    id: 'recency',
    labelTh: 'ความใหม่ของเหตุการณ์',
    labelEn: 'Recency',
    descriptionTh: 'เหตุการณ์ที่เกิดใกล้วันตัดข้อมูลมีน้ำหนักมากกว่า โดยน้ำหนักลดลงครึ่งหนึ่งทุกช่วงครึ่งชีวิตที่กำหนด',
    descriptionEn: 'Severities decayed by age: an incident counts half as much every half-life before the cut-off',
    direction: 'higher_is_more_urgent',
    perCategory: true,
    perPopulation: false,
  },
  {
    id: 'trend',
    labelTh: 'แนวโน้ม',
    labelEn: 'Trend',
    descriptionTh: 'การเปลี่ยนแปลงของจำนวนเหตุการณ์เทียบกับช่วงเวลาเดียวกันของปีก่อน',
    descriptionEn: 'Change in incidents against the same period a year earlier',
    direction: 'higher_is_more_urgent',
    perCategory: true,
    perPopulation: false,
  },
  {
    id: 'hotspot',
    labelTh: 'การกระจุกตัวของเหตุการณ์ (Hot spot)',
    labelEn: 'Hot spot',
    descriptionTh: 'พื้นที่ที่อยู่ในกลุ่มพื้นที่ที่เกิดเหตุการณ์หนาแน่นอย่างมีนัยสำคัญทางสถิติ (Getis-Ord Gi*)',
    descriptionEn: 'Membership of a statistically significant cluster of incidents (Getis-Ord Gi*)',
    direction: 'higher_is_more_urgent',
    perCategory: true,
    perPopulation: false,
  },
];

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * A registry of component definitions, checked: snake_case ids, each once, both labels present.
 * New components (risk points, open alerts) plug in by adding their definition here.
 */
export function createComponentRegistry(defs: readonly ComponentDefinition[]): ComponentRegistry {
  const m = new Map<string, ComponentDefinition>();
  for (const d of defs) {
    if (!ID_PATTERN.test(d.id)) throw new PriorityError('invalid_input', `component id '${d.id}' must be snake_case (a-z, 0-9, _)`);
    if (m.has(d.id)) throw new PriorityError('invalid_input', `component '${d.id}' is defined twice`);
    if (!d.labelTh || !d.labelEn) throw new PriorityError('invalid_input', `component '${d.id}' needs a Thai and an English label`);
    if (d.direction !== 'higher_is_more_urgent' && d.direction !== 'lower_is_more_urgent') {
      throw new PriorityError('invalid_input', `component '${d.id}' has an unknown direction '${String(d.direction)}'`);
    }
    m.set(d.id, d);
  }
  return m;
}

/** The built-in components. */
export const DEFAULT_COMPONENTS: ComponentRegistry = createComponentRegistry(BUILTIN_COMPONENTS);

/* ------------------------------------------------------- value helpers */

/**
 * Weight of an incident of the given age under exponential decay: 0.5 ^ (age / halfLife), so 1
 * at the cut-off and 0.5 one half-life earlier. Ages are in any unit shared with the half-life.
 */
export function decayWeight(age: number, halfLife: number): number {
  if (!(Number.isFinite(halfLife) && halfLife > 0)) throw new RangeError(`half-life must be a positive number, got ${halfLife}`);
  if (!(Number.isFinite(age) && age >= 0)) {
    throw new RangeError(`age must be a number >= 0 (an incident after the cut-off does not belong in the period), got ${age}`);
  }
  return Math.pow(0.5, age / halfLife);
}

/** Age in days of an instant at a cut-off (fractional). */
export function ageInDays(at: Date, cutoff: Date): number {
  return (cutoff.getTime() - at.getTime()) / 86_400_000;
}

/** Sum of severities decayed by age: the recency value of one area and category. */
export function sumDecayedSeverity(events: Iterable<{ age: number; severity: number }>, halfLife: number): number {
  let s = 0;
  for (const e of events) {
    if (!(Number.isFinite(e.severity) && e.severity >= 0)) throw new RangeError(`severity must be a number >= 0, got ${e.severity}`);
    s += e.severity * decayWeight(e.age, halfLife);
  }
  return s;
}

/**
 * Smoothed change of this period against the same period a year earlier:
 * (current + s) / (previous + s) - 1 with s = 1 by default, so 0 -> 0 is no change, 0 -> 3 is
 * +3 (not a division by zero) and 4 -> 0 is -0.8.
 */
export function trendChange(current: number, previous: number, smoothing = 1): number {
  // Checked one by one, not in a loop over a list: this runs for every cell of a run's grid.
  if (!(Number.isFinite(current) && current >= 0)) throw new RangeError(`current count must be a number >= 0, got ${current}`);
  if (!(Number.isFinite(previous) && previous >= 0)) throw new RangeError(`previous count must be a number >= 0, got ${previous}`);
  if (!(Number.isFinite(smoothing) && smoothing > 0)) throw new RangeError(`smoothing must be a positive number, got ${smoothing}`);
  return (current + smoothing) / (previous + smoothing) - 1;
}

/**
 * Hot-spot input from a Gi* z-score: 'membership' gives 1 at or above the threshold (default
 * 1.96, 95 %) and 0 below; 'z' gives max(z, 0), so cold spots rank with ordinary areas rather
 * than below them (being quieter than the neighbours is not a reason to act less).
 */
export function hotSpotValue(z: number, mode: 'membership' | 'z' = 'membership', threshold = 1.96): number {
  if (!Number.isFinite(z)) throw new RangeError(`z-score must be a finite number, got ${z}`);
  return mode === 'membership' ? (z >= threshold ? 1 : 0) : Math.max(z, 0);
}

/* ---------------------------------------------------------- validation */

function checkWeights(
  weights: Readonly<Record<string, number>> | undefined,
  field: 'componentWeights' | 'categoryWeights',
  known: (key: string) => boolean,
  unknownMessage: (key: string) => string,
): Map<string, number> {
  if (weights === null || typeof weights !== 'object') {
    throw new PriorityError('invalid_profile', `${field} must be an object of weights`, field);
  }
  const out = new Map<string, number>();
  for (const [key, w] of Object.entries(weights)) {
    if (!known(key)) throw new PriorityError('invalid_profile', unknownMessage(key), `${field}.${key}`);
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new PriorityError('invalid_profile', `weight of '${key}' must be a number, got ${String(w)}`, `${field}.${key}`);
    }
    if (w < 0) throw new PriorityError('invalid_profile', `weight of '${key}' must not be negative, got ${w}`, `${field}.${key}`);
    if (w > 0) out.set(key, w);
  }
  return out;
}

function normaliseWeights(m: Map<string, number>): Map<string, number> {
  let total = 0;
  for (const w of m.values()) total += w;
  return new Map([...m].map(([k, w]) => [k, w / total]));
}

/** A profile checked against the components and categories, with its weights normalised. */
export interface CheckedProfile {
  /** Components with a positive weight, normalised to sum 1, in registry order. */
  components: Map<string, number>;
  /** Categories with a positive weight, normalised to sum 1, in the order of `categories`. */
  categories: Map<string, number>;
}

/**
 * Checks a profile: known normalisation and aggregation, topN a whole number >= 1, a positive
 * half-life, weights finite and >= 0 on known components and categories (a deleted category is
 * named), at least one component weight above zero, and at least one category weight above zero
 * when a weighted component is counted per category. Throws a PriorityError naming the field.
 */
export function validateProfile(profile: PriorityProfile, components: ComponentRegistry, categories: readonly string[]): CheckedProfile {
  if (!profile || typeof profile !== 'object') throw new PriorityError('invalid_profile', 'the profile is missing');
  if (profile.normalisation !== 'minmax' && profile.normalisation !== 'rank') {
    throw new PriorityError('invalid_profile', `normalisation must be 'minmax' or 'rank', got '${String(profile.normalisation)}'`, 'normalisation');
  }
  if (profile.aggregation !== 'weighted_sum' && profile.aggregation !== 'geometric_mean') {
    throw new PriorityError('invalid_profile', `aggregation must be 'weighted_sum' or 'geometric_mean', got '${String(profile.aggregation)}'`, 'aggregation');
  }
  if (!Number.isInteger(profile.topN) || profile.topN < 1) {
    throw new PriorityError('invalid_profile', `topN must be a whole number >= 1, got ${String(profile.topN)}`, 'topN');
  }
  if (typeof profile.ratePer1000 !== 'boolean') {
    throw new PriorityError('invalid_profile', `ratePer1000 must be true or false, got ${String(profile.ratePer1000)}`, 'ratePer1000');
  }
  if (typeof profile.recencyHalfLifeDays !== 'number' || !Number.isFinite(profile.recencyHalfLifeDays) || profile.recencyHalfLifeDays <= 0) {
    throw new PriorityError('invalid_profile', `recencyHalfLifeDays must be a positive number of days, got ${String(profile.recencyHalfLifeDays)}`, 'recencyHalfLifeDays');
  }
  const known = new Set(categories);
  const comp = checkWeights(profile.componentWeights, 'componentWeights', (k) => components.has(k),
    (k) => `the profile weights an unknown component '${k}' (known: ${[...components.keys()].join(', ')})`);
  const cat = checkWeights(profile.categoryWeights, 'categoryWeights', (k) => known.has(k),
    (k) => `the profile weights category '${k}', which does not exist (deleted or renamed?): remove it from the profile or choose one of ${categories.join(', ')}`);
  if (comp.size === 0) {
    throw new PriorityError('invalid_profile', 'all weights are zero: give at least one component a weight', 'componentWeights');
  }
  const perCat = [...comp.keys()].filter((k) => components.get(k)!.perCategory);
  if (perCat.length > 0 && cat.size === 0) {
    throw new PriorityError('invalid_profile',
      `all category weights are zero: give at least one category a weight (${perCat.join(', ')} ${perCat.length > 1 ? 'are' : 'is'} counted per category)`,
      'categoryWeights');
  }
  // Keep a stable order (registry, category list) so results do not depend on object key order.
  const compOrdered = new Map([...components.keys()].filter((k) => comp.has(k)).map((k) => [k, comp.get(k)!]));
  const catOrdered = new Map(categories.filter((c) => cat.has(c)).map((c) => [c, cat.get(c)!]));
  return { components: normaliseWeights(compOrdered), categories: normaliseWeights(catOrdered) };
}

/* ----------------------------------------------------------- preparing */

interface Cell {
  category: string | null;
  raw: Float64Array;
  /** Rates per 1,000 (NaN where the area falls back to counts), or null when not a rate column. */
  rate: Float64Array | null;
  norm: Float64Array;
  summary: ColumnSummary;
}

interface PreparedComponent {
  def: ComponentDefinition;
  cells: Cell[];
}

interface Prepared {
  profile: PriorityProfile;
  codes: string[];
  comps: PreparedComponent[];
  /** Normalised weights aligned with comps. */
  W: Float64Array;
  /** Categories with a positive weight and their normalised weights. */
  cats: string[];
  V: Float64Array;
  /** 1 where the area's counts stand in for rates (population unknown or 0). */
  fallback: Uint8Array;
  warnings: PriorityWarning[];
}

function fail(message: string, field: string | null = null): never {
  throw new PriorityError('invalid_input', message, field);
}

function fillColumn(
  values: AreaValues, index: Map<string, number>, codes: readonly string[], where: string, nonNegative: boolean,
): Float64Array {
  const n = codes.length;
  if (values instanceof Float64Array) {
    if (values.length !== n) fail(`${where}: a column of ${values.length} values for ${n} areas`, where);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) fail(`${where}, area ${codes[i]}: value must be a finite number, got ${String(v)}`, where);
      if (nonNegative && v < 0) fail(`${where}, area ${codes[i]}: a count cannot be negative, got ${v}`, where);
    }
    return Float64Array.from(values);
  }
  const col = new Float64Array(n);
  for (const [code, v] of values) {
    const i = index.get(code);
    if (i === undefined) fail(`${where}: value for area ${code}, which is not among the areas analysed`, where);
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}, area ${code}: value must be a finite number, got ${String(v)}`, where);
    if (nonNegative && v < 0) fail(`${where}, area ${code}: a count cannot be negative, got ${v}`, where);
    col[i] = v;
  }
  return col;
}

/**
 * Normalises `x` over the areas where `use` is 1 (all when null) into `out`; others untouched.
 * With `skip`, the areas where it is 1 are compared with but not written (the count fallback of
 * the few areas without a population needs their rank among all counts, not everyone's).
 * Returns the min and max over the areas used.
 */
function normalise(
  x: Float64Array, use: Uint8Array | null, method: Normalisation, direction: Direction, out: Float64Array, skip: Uint8Array | null = null,
): { min: number; max: number } {
  let idx: ArrayLike<number>;
  if (use) {
    let m = 0;
    for (let i = 0; i < x.length; i++) if (use[i]) m++;
    const some = new Int32Array(m);
    for (let i = 0, p = 0; i < x.length; i++) if (use[i]) some[p++] = i;
    idx = some;
  } else {
    const all = new Int32Array(x.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    idx = all;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < idx.length; p++) {
    const v = x[idx[p]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (idx.length === 0) return { min: 0, max: 0 };
  const higher = direction === 'higher_is_more_urgent';
  if (max === min) {
    for (let p = 0; p < idx.length; p++) out[idx[p]] = 0;
    return { min, max };
  }
  if (method === 'minmax') {
    const span = max - min;
    for (let p = 0; p < idx.length; p++) {
      const i = idx[p];
      out[i] = higher ? (x[i] - min) / span : (max - x[i]) / span;
    }
    return { min, max };
  }
  // Rank: the share of the other areas strictly less urgent; equal values share a value.
  const vals = new Float64Array(idx.length);
  for (let p = 0; p < idx.length; p++) vals[p] = x[idx[p]];
  const lessUrgent = countStrictly(vals, !higher);
  const m = vals.length;
  for (let p = 0; p < idx.length; p++) {
    const i = idx[p];
    if (skip && skip[i]) continue;
    out[i] = lessUrgent[p] / (m - 1);
  }
  return { min, max };
}

function prepare(input: PriorityInput, profile: PriorityProfile): Prepared {
  if (!input || !Array.isArray(input.areas)) fail('areas must be a list');
  if (!(input.components instanceof Map)) fail('components must be a registry (createComponentRegistry)');
  if (!(input.values instanceof Map)) fail('values must be a Map from component id to values');
  const categories = input.categories;
  if (new Set(categories).size !== categories.length) fail('the category list names a category twice');
  const checked = validateProfile(profile, input.components, categories);
  const n = input.areas.length;
  if (n === 0) fail('there are no areas to analyse: choose at least one province');

  const index = new Map<string, number>();
  const codes: string[] = [];
  const population = new Float64Array(n);
  input.areas.forEach((a, i) => {
    if (typeof a?.code !== 'string' || a.code === '') fail(`area ${i + 1} has no code`, 'areas');
    if (index.has(a.code)) fail(`area ${a.code} is listed twice`, 'areas');
    if (a.population !== null && !(typeof a.population === 'number' && Number.isFinite(a.population) && a.population >= 0)) {
      fail(`area ${a.code}: population must be a number >= 0 or null, got ${String(a.population)}`, 'areas');
    }
    index.set(a.code, i);
    codes.push(a.code);
    population[i] = a.population ?? 0;
  });

  const knownCats = new Set(categories);
  for (const id of input.values.keys()) {
    if (!input.components.has(id)) fail(`values were given for an unknown component '${id}'`, `values.${id}`);
  }

  const comps: PreparedComponent[] = [];
  const W: number[] = [];
  const cats = [...checked.categories.keys()];
  const V = Float64Array.from(checked.categories.values());
  const usesRates = profile.ratePer1000 && [...checked.components.keys()].some((k) => input.components.get(k)!.perPopulation);
  // An area without a population (or with 0) cannot have a rate: it is compared on counts among
  // all areas' counts instead, and flagged. Mixing its count into the rate column would compare
  // numbers in different units.
  const hasPop = new Uint8Array(n);
  const fallback = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    hasPop[i] = population[i] > 0 ? 1 : 0;
    if (usesRates && !hasPop[i]) fallback[i] = 1;
  }
  const popCount = hasPop.reduce((s, v) => s + v, 0);
  const warnings: PriorityWarning[] = [];

  for (const [id, weight] of checked.components) {
    const def = input.components.get(id)!;
    const given = input.values.get(id);
    if (given === undefined) {
      fail(`component '${id}' has a weight in the profile but no values were given`, `values.${id}`);
    }
    if (!(given instanceof Map) && !(given instanceof Float64Array)) fail(`values of component '${id}' must be a Map`, `values.${id}`);
    const cells: Cell[] = [];
    const makeCell = (category: string | null, values: AreaValues, where: string): Cell => {
      const raw = fillColumn(values, index, codes, where, def.perPopulation);
      const norm = new Float64Array(n);
      let rate: Float64Array | null = null;
      let basis: Basis = def.perPopulation ? 'count' : 'value';
      let range: { min: number; max: number };
      if (usesRates && def.perPopulation && popCount > 0) {
        basis = 'rate';
        rate = new Float64Array(n);
        for (let i = 0; i < n; i++) rate[i] = hasPop[i] ? (raw[i] * RATE_PER) / population[i] : Number.NaN;
        range = normalise(rate, hasPop, profile.normalisation, def.direction, norm);
        if (popCount < n) {
          const countNorm = new Float64Array(n);
          normalise(raw, null, profile.normalisation, def.direction, countNorm, hasPop);
          for (let i = 0; i < n; i++) if (!hasPop[i]) norm[i] = countNorm[i];
        }
      } else {
        range = normalise(raw, null, profile.normalisation, def.direction, norm);
      }
      let constant = true;
      for (let i = 0; i < n; i++) {
        if (norm[i] !== 0) {
          constant = false;
          break;
        }
      }
      const countFallbacks = basis === 'rate' ? n - popCount : 0;
      return { category, raw, rate, norm, summary: { component: id, category, basis, min: range.min, max: range.max, constant, countFallbacks } };
    };
    if (def.perCategory) {
      if (!(given instanceof Map) || [...given.values()].some((v) => !(v instanceof Map) && !(v instanceof Float64Array))) {
        fail(`component '${id}' is counted per category: give a Map from category code to area values`, `values.${id}`);
      }
      const byCat = given as CategoryValues;
      for (const c of byCat.keys()) {
        if (!knownCats.has(c)) fail(`component '${id}' has values for category '${c}', which does not exist`, `values.${id}.${c}`);
      }
      for (const c of cats) cells.push(makeCell(c, byCat.get(c) ?? new Map(), `component '${id}', category '${c}'`));
    } else {
      if (given instanceof Map && [...(given as Map<string, unknown>).values()].some((v) => v instanceof Map || v instanceof Float64Array)) {
        fail(`component '${id}' is not counted per category: give a Map from area code to value`, `values.${id}`);
      }
      cells.push(makeCell(null, given as AreaValues, `component '${id}'`));
    }
    comps.push({ def, cells });
    W.push(weight);
  }

  // A period with nothing in it must say so, not rank every area first.
  const allZero = comps.every((k) => k.cells.every((c) => c.raw.every((v) => v === 0)));
  if (allZero) {
    throw new PriorityError('no_data',
      `no data to rank: every weighted component (${comps.map((k) => k.def.id).join(', ')}) is zero in all ${n} areas` +
        (cats.length ? ` for the weighted categories (${cats.join(', ')})` : '') +
        '. Check the period and the provinces, or import the incidents first.');
  }

  for (const k of comps) {
    for (const c of k.cells) {
      if (c.summary.constant) {
        warnings.push({
          code: 'constant_column',
          message: `${k.def.labelEn}${c.category ? `, ${c.category}` : ''}: every area has the same value (${c.summary.min}), so it adds nothing to the ranking`,
        });
      }
    }
  }
  if (usesRates) {
    if (popCount === 0) {
      warnings.push({ code: 'no_population', message: 'no area has a population figure: incidents are compared as counts, not as rates per 1,000 people' });
    } else if (popCount < n) {
      warnings.push({
        code: 'count_instead_of_rate',
        message: `${n - popCount} of ${n} areas have no population figure: they are compared on counts (among all areas' counts) instead of rates, and flagged`,
      });
    }
  }
  if (profile.topN > n) {
    warnings.push({ code: 'top_n_exceeds_areas', message: `the top list asks for ${profile.topN} areas but only ${n} are analysed` });
  }
  return { profile, codes, comps, W: Float64Array.from(W), cats, V, fallback, warnings };
}

/* ------------------------------------------------------------- scoring */

/** Component values S[k] for the given category weights. */
function componentValues(p: Prepared, V: Float64Array): Float64Array[] {
  const n = p.codes.length;
  return p.comps.map((k) => {
    if (!k.def.perCategory) return k.cells[0].norm;
    const s = new Float64Array(n);
    k.cells.forEach((cell, c) => {
      const v = V[c];
      if (v === 0) return;
      const norm = cell.norm;
      for (let i = 0; i < n; i++) s[i] += v * norm[i];
    });
    return s;
  });
}

function aggregate(p: Prepared, S: Float64Array[], W: Float64Array): Float64Array {
  const n = p.codes.length;
  const score = new Float64Array(n);
  if (p.profile.aggregation === 'weighted_sum') {
    S.forEach((s, k) => {
      const w = W[k];
      for (let i = 0; i < n; i++) score[i] += w * s[i];
    });
  } else {
    S.forEach((s, k) => {
      const w = W[k];
      for (let i = 0; i < n; i++) score[i] += w * Math.log(s[i] + GEOMETRIC_EPSILON);
    });
    for (let i = 0; i < n; i++) score[i] = Math.exp(score[i]);
  }
  return score;
}

/**
 * 'min' ranks with a tolerance: rank = 1 + the number of areas whose score is higher by more than
 * TIE_TOLERANCE, so equal scores share the best rank of their group (1, 2, 2, 4) and rounding
 * noise in the last digits does not split a tie.
 */
function ranksOf(score: Float64Array): Int32Array {
  const above = countAboveWithin(score, TIE_TOLERANCE);
  const rank = new Int32Array(score.length);
  for (let i = 0; i < rank.length; i++) rank[i] = 1 + above[i];
  return rank;
}

/** Indices by rank, then by code (equal ranks listed in code order). */
function orderByRank(rank: Int32Array, codes: readonly string[], indices?: Iterable<number>): number[] {
  const order = indices ? [...indices] : Array.from(rank, (_, i) => i);
  return order.sort((a, b) => rank[a] - rank[b] || (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : 0));
}

/** Every area's score and its parts, one array per measure, in the order of the prepared areas. */
interface Scored {
  /** S[k]: component values. */
  S: Float64Array[];
  score: Float64Array;
  rank: Int32Array;
  /** Area indices by rank, then code. */
  order: number[];
  /** Weighted sum: W[k] S[k]; else null. */
  contribution: Array<Float64Array | null>;
  /** Geometric mean: (S[k] + EPSILON) ^ W[k]; else null. */
  factor: Array<Float64Array | null>;
  /** Weighted sum: each weighted category's part of the score (aligned with p.cats); else null. */
  byCategory: Float64Array[] | null;
  /** Weighted sum: the part from components not counted per category; else null. */
  general: Float64Array | null;
}

function scoreAll(p: Prepared): Scored {
  const n = p.codes.length;
  const S = componentValues(p, p.V);
  const score = aggregate(p, S, p.W);
  const rank = ranksOf(score);
  const order = orderByRank(rank, p.codes);
  const ws = p.profile.aggregation === 'weighted_sum';
  const contribution = S.map((s, k) => {
    if (!ws) return null;
    const w = p.W[k];
    return s.map((v) => w * v);
  });
  const factor = S.map((s, k) => {
    if (ws) return null;
    const w = p.W[k];
    return s.map((v) => Math.pow(v + GEOMETRIC_EPSILON, w));
  });
  let byCategory: Float64Array[] | null = null;
  let general: Float64Array | null = null;
  if (ws) {
    const byCat = p.cats.map(() => new Float64Array(n));
    const gen = new Float64Array(n);
    // Added component by component, as a sum per area would: the same numbers to the last digit.
    p.comps.forEach((k, ki) => {
      const w = p.W[ki];
      if (!k.def.perCategory) {
        const s = S[ki];
        for (let i = 0; i < n; i++) gen[i] += w * s[i];
        return;
      }
      k.cells.forEach((cell, c) => {
        const v = p.V[c];
        const norm = cell.norm;
        const out = byCat[c];
        for (let i = 0; i < n; i++) out[i] += w * (v * norm[i]);
      });
    });
    byCategory = byCat;
    general = gen;
  }
  return { S, score, rank, order, contribution, factor, byCategory, general };
}

function resultWarnings(p: Prepared, sc: Scored): PriorityWarning[] {
  const warnings = [...p.warnings];
  if (sc.order.length > 1 && sc.rank[sc.order[sc.order.length - 1]] === 1) {
    warnings.push({ code: 'all_equal', message: 'every area has the same score: the data does not tell the areas apart under this profile' });
  }
  return warnings;
}

function resultWeights(p: Prepared): PriorityResult['weights'] {
  return {
    components: Object.fromEntries(p.comps.map((k, ki) => [k.def.id, p.W[ki]])),
    categories: Object.fromEntries(p.cats.map((c, ci) => [c, p.V[ci]])),
  };
}

/**
 * Scores and ranks every area under a profile, with the explanation of each score. Throws a
 * PriorityError for a bad profile (field named), bad values (component, category and area
 * named) or a period with no data at all.
 */
export function computePriority(input: PriorityInput, profile: PriorityProfile, options: ComputeOptions = {}): PriorityResult {
  const p = prepare(input, profile);
  const detail = options.detail ?? 'full';
  const explain = typeof detail === 'object' ? new Set(detail.codes) : null;
  if (explain) {
    const known = new Set(p.codes);
    for (const c of explain) if (!known.has(c)) fail(`the explanation was asked for area ${c}, which is not among the areas analysed`, 'detail');
  }
  const sc = scoreAll(p);
  const { S, score, rank, order } = sc;
  const ws = profile.aggregation === 'weighted_sum';
  const topN = profile.topN;

  const areas: AreaScore[] = new Array(order.length);
  for (let pos = 0; pos < order.length; pos++) {
    const i = order[pos];
    let byCategory: Record<string, number> | null = null;
    if (sc.byCategory) {
      byCategory = {};
      for (let c = 0; c < p.cats.length; c++) byCategory[p.cats[c]] = sc.byCategory[c][i];
    }
    const full = detail === 'full' || explain?.has(p.codes[i]);
    const components: ComponentBreakdown[] = p.comps.map((k, ki) => {
      const w = p.W[ki];
      let categories: CategoryBreakdown[] | null = null;
      if (k.def.perCategory && full) {
        categories = k.cells.map((cell, c) => {
          const share = p.V[c] * cell.norm[i];
          const asRate = cell.rate !== null && !p.fallback[i];
          return {
            category: cell.category!, raw: cell.raw[i], rate: asRate ? cell.rate![i] : null,
            basis: cell.summary.basis === 'rate' ? (asRate ? 'rate' : 'count') : cell.summary.basis,
            value: cell.norm[i], share, contribution: ws ? w * share : null,
          };
        });
      }
      const cell0 = k.def.perCategory ? null : k.cells[0];
      const asRate0 = cell0 !== null && cell0.rate !== null && !p.fallback[i];
      return {
        id: k.def.id, weight: w, value: S[ki][i],
        raw: cell0 ? cell0.raw[i] : null,
        rate: asRate0 ? cell0!.rate![i] : null,
        basis: cell0 ? (cell0.summary.basis === 'rate' ? (asRate0 ? 'rate' : 'count') : cell0.summary.basis) : null,
        contribution: sc.contribution[ki]?.[i] ?? null,
        factor: sc.factor[ki]?.[i] ?? null,
        categories,
      };
    });
    areas[pos] = {
      code: p.codes[i], score: score[i], rank: rank[i], inTop: rank[i] <= topN, components, byCategory, general: sc.general?.[i] ?? null,
      flags: p.fallback[i] ? ['count_instead_of_rate'] : [],
    };
  }

  return {
    profile: structuredClone(profile),
    weights: resultWeights(p),
    epsilon: ws ? null : GEOMETRIC_EPSILON,
    areas,
    top: areas.filter((a) => a.inTop).map((a) => a.code),
    columns: p.comps.flatMap((k) => k.cells.map((c) => c.summary)),
    warnings: resultWarnings(p, sc),
  };
}

/**
 * computePriority's 'summary' detail as columns, one array per measure, each in rank order (then
 * code): the same numbers, without an object per area and component. What a stored run keeps.
 */
export interface PriorityColumns {
  weights: PriorityResult['weights'];
  epsilon: number | null;
  /** Area codes by rank, then code; every array below follows this order. */
  codes: string[];
  score: Float64Array;
  rank: Int32Array;
  components: Array<{ id: string; weight: number; value: Float64Array; contribution: Float64Array | null; factor: Float64Array | null }>;
  /** Weighted sum: each weighted category's part of the score; else null. */
  byCategory: Array<{ category: string; value: Float64Array }> | null;
  general: Float64Array | null;
  /** 1 where the area was compared on counts, having no population (flag 'count_instead_of_rate'). */
  countFallback: Uint8Array;
  top: string[];
  columns: ColumnSummary[];
  warnings: PriorityWarning[];
}

export function priorityColumns(input: PriorityInput, profile: PriorityProfile): PriorityColumns {
  const p = prepare(input, profile);
  const sc = scoreAll(p);
  const m = sc.order.length;
  const permute = (x: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let pos = 0; pos < m; pos++) out[pos] = x[sc.order[pos]];
    return out;
  };
  const rank = new Int32Array(m);
  const countFallback = new Uint8Array(m);
  for (let pos = 0; pos < m; pos++) {
    rank[pos] = sc.rank[sc.order[pos]];
    countFallback[pos] = p.fallback[sc.order[pos]];
  }
  const codes = sc.order.map((i) => p.codes[i]);
  const top: string[] = [];
  for (let pos = 0; pos < m && rank[pos] <= profile.topN; pos++) top.push(codes[pos]);
  return {
    weights: resultWeights(p),
    epsilon: profile.aggregation === 'weighted_sum' ? null : GEOMETRIC_EPSILON,
    codes, score: permute(sc.score), rank,
    components: p.comps.map((k, ki) => ({
      id: k.def.id, weight: p.W[ki], value: permute(sc.S[ki]),
      contribution: sc.contribution[ki] ? permute(sc.contribution[ki]!) : null,
      factor: sc.factor[ki] ? permute(sc.factor[ki]!) : null,
    })),
    byCategory: sc.byCategory ? p.cats.map((category, c) => ({ category, value: permute(sc.byCategory![c]) })) : null,
    general: sc.general ? permute(sc.general) : null,
    countFallback, top,
    columns: p.comps.flatMap((k) => k.cells.map((c) => c.summary)),
    warnings: resultWarnings(p, sc),
  };
}

/**
 * The ranks computePriority gives, without the explanation of each score: what rank movement
 * needs of the previous period. The same preparation, values and ranking, so the same ranks
 * (and the same PriorityErrors); in code order.
 */
export function priorityRanks(input: PriorityInput, profile: PriorityProfile): Array<{ code: string; rank: number }> {
  const p = prepare(input, profile);
  const rank = ranksOf(aggregate(p, componentValues(p, p.V), p.W));
  return p.codes.map((code, i) => ({ code, rank: rank[i] }));
}

/* ------------------------------------------------------ rank movement */

export interface RankedArea {
  code: string;
  rank: number;
}

export interface RankMovement {
  code: string;
  rank: number;
  /** Rank in the previous result, or null when the area was not in it. */
  previousRank: number | null;
  /** previousRank - rank: positive = moved up towards rank 1. null when new. */
  movement: number | null;
  status: 'new' | 'up' | 'down' | 'same';
}

export interface RankComparison {
  /** Every current area, in the order given. */
  areas: RankMovement[];
  /** Areas in the previous result that are not in the current one. */
  dropped: { code: string; previousRank: number }[];
}

function checkRanked(list: readonly RankedArea[], which: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of list) {
    if (!Number.isInteger(a.rank) || a.rank < 1) fail(`${which} result: area ${a.code} has rank ${a.rank}, expected a whole number >= 1`);
    if (m.has(a.code)) fail(`${which} result lists area ${a.code} twice`);
    m.set(a.code, a.rank);
  }
  return m;
}

/** An area's move from its previous rank (null: it was not in the previous result) to its rank. */
export function movementOf(previousRank: number | null, rank: number): Pick<RankMovement, 'movement' | 'status'> {
  if (previousRank === null) return { movement: null, status: 'new' };
  const movement = previousRank - rank;
  return { movement, status: movement > 0 ? 'up' : movement < 0 ? 'down' : 'same' };
}

/** How each area's rank moved since a previous result (e.g. the previous quarter's). */
export function compareRanks(previous: readonly RankedArea[], current: readonly RankedArea[]): RankComparison {
  const prev = checkRanked(previous, 'previous');
  const cur = checkRanked(current, 'current');
  const areas = current.map((a): RankMovement => ({ code: a.code, rank: a.rank, previousRank: prev.get(a.code) ?? null, ...movementOf(prev.get(a.code) ?? null, a.rank) }));
  const dropped = previous.filter((a) => !cur.has(a.code)).map((a) => ({ code: a.code, previousRank: a.rank }));
  return { areas, dropped };
}

/* --------------------------------------------------------- sensitivity */

export interface SensitivityCase {
  kind: 'component' | 'category';
  id: string;
  /** Relative change of the weight: -0.2 or +0.2. */
  change: number;
  /** The moved weight's normalised value before and after. */
  weightBefore: number;
  weightAfter: number;
  /** Codes with rank <= topN in this case, in rank order. */
  top: string[];
}

export interface SensitivityArea {
  code: string;
  baselineRank: number;
  inBaselineTop: boolean;
  /** In how many of the cases the area is in the top N. */
  casesInTop: number;
  cases: number;
  /** In the top N in the baseline and in every case. */
  stable: boolean;
  /** Best and worst rank over the baseline and every case. */
  bestRank: number;
  worstRank: number;
}

export interface SensitivityResult {
  topN: number;
  change: number;
  cases: SensitivityCase[];
  /** Areas in the top N in the baseline or in at least one case, by baseline rank then code. */
  areas: SensitivityArea[];
}

/**
 * Moves a normalised weight to w * (1 + change) (at most 1) and rescales the other weights of the
 * same group so the group still sums to 1 while keeping their proportions. Both aggregations
 * rank the same for any common scale of the weights, so leaving the others alone would amount to
 * moving this weight by less than 20 % of its share; rescaling moves it by exactly 20 %.
 */
function moveWeight(weights: Float64Array, k: number, change: number): Float64Array {
  const out = Float64Array.from(weights);
  const before = weights[k];
  const after = Math.min(1, before * (1 + change));
  const rest = 1 - before;
  // A sole weight (1) has no others to rescale: any multiple of it ranks the same.
  if (rest <= 0) return out;
  const scale = (1 - after) / rest;
  for (let j = 0; j < out.length; j++) out[j] = j === k ? after : weights[j] * scale;
  return out;
}

/**
 * Sensitivity of the top N to each weight: every positive component weight and every positive
 * category weight (when a per-category component is weighted) moves by -20 % and +20 % of its
 * normalised share, the others of its group rescaled to keep the sum 1 (see moveWeight). For each
 * area: whether it is in the top N in every case (stable) and in how many. The normalised values
 * do not depend on the weights, so they are computed once.
 */
export function prioritySensitivity(input: PriorityInput, profile: PriorityProfile, change = 0.2): SensitivityResult {
  if (!(Number.isFinite(change) && change > 0 && change < 1)) throw new RangeError(`change must be between 0 and 1 (0.2 = 20 %), got ${change}`);
  const p = prepare(input, profile);
  const n = p.codes.length;
  const topN = profile.topN;
  const baseS = componentValues(p, p.V);
  const baseRank = ranksOf(aggregate(p, baseS, p.W));

  const cases: SensitivityCase[] = [];
  const casesInTop = new Int32Array(n);
  const best = Int32Array.from(baseRank);
  const worst = Int32Array.from(baseRank);
  const record = (kind: 'component' | 'category', id: string, delta: number, before: number, after: number, score: Float64Array) => {
    const rank = ranksOf(score);
    const inTop: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rank[i] <= topN) {
        casesInTop[i]++;
        inTop.push(i);
      }
      if (rank[i] < best[i]) best[i] = rank[i];
      if (rank[i] > worst[i]) worst[i] = rank[i];
    }
    const top = orderByRank(rank, p.codes, inTop).map((i) => p.codes[i]);
    cases.push({ kind, id, change: delta, weightBefore: before, weightAfter: after, top });
  };

  for (let k = 0; k < p.comps.length; k++) {
    for (const delta of [-change, change]) {
      const W = moveWeight(p.W, k, delta);
      record('component', p.comps[k].def.id, delta, p.W[k], W[k], aggregate(p, baseS, W));
    }
  }
  if (p.comps.some((k) => k.def.perCategory)) {
    for (let c = 0; c < p.cats.length; c++) {
      for (const delta of [-change, change]) {
        const V = moveWeight(p.V, c, delta);
        record('category', p.cats[c], delta, p.V[c], V[c], aggregate(p, componentValues(p, V), p.W));
      }
    }
  }

  const areas: SensitivityArea[] = [];
  const reported: number[] = [];
  for (let i = 0; i < n; i++) if (baseRank[i] <= topN || casesInTop[i] > 0) reported.push(i);
  for (const i of orderByRank(baseRank, p.codes, reported)) {
    const inBaselineTop = baseRank[i] <= topN;
    areas.push({
      code: p.codes[i], baselineRank: baseRank[i], inBaselineTop, casesInTop: casesInTop[i], cases: cases.length,
      stable: inBaselineTop && casesInTop[i] === cases.length, bestRank: best[i], worstRank: worst[i],
    });
  }
  return { topN, change, cases, areas };
}
