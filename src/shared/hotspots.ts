/**
 * Local hot-spot statistics over sub-districts: Getis-Ord Gi* (Getis and Ord 1996, the "star"
 * version that counts the area itself) with normal p-values, confidence classes and optional
 * Benjamini-Hochberg false discovery rate control, and local Moran's I (Anselin 1995) with
 * conditional permutation pseudo p-values for clusters and outliers.
 *
 * The formulas are R spdep's (`localG`, `localmoran`, version 1.2-7), so that an analyst can
 * reproduce every figure in R: src/shared/hotspots.test.ts compares the z-scores of all 7,425
 * real sub-districts with values computed by spdep (scripts/fixtures/make-gistar-reference.R).
 * Weights come from src/shared/spatial-weights.ts and are built once; the statistics only walk
 * them.
 */
import { createRandom } from './random.ts';
import type { SpatialWeights } from './spatial-weights.ts';

/* ------------------------------------------------------------ normal distribution */

const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density, with exp(-z^2/2) computed without the rounding of z*z. */
function density(z: number): number {
  // z*z rounds with a relative error that exp() turns into an error proportional to z^2 (1e-14
  // at z = 8); splitting z into a 24-bit head (whose square is exact) and a tail avoids it.
  const hi = Math.fround(z);
  return INV_SQRT_2PI * Math.exp(-0.5 * hi * hi) * Math.exp(-0.5 * (z - hi) * (z + hi));
}

/**
 * Upper tail of the standard normal distribution, P(Z > z), to a relative accuracy of about
 * 1e-15 (and an absolute one of 1e-16) over the whole range, down to the smallest doubles.
 * Below |z| = 1.5 it sums the series P(Z < z) - 1/2 = phi(z) (z + z^3/3 + z^5/15 + ...), whose
 * terms are all positive; above, where that would cancel, it evaluates Laplace's continued
 * fraction of the Mills ratio from the back, with enough terms for the given z.
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) return 1 - normalUpperTail(-z);
  if (z === Infinity) return 0;
  if (z < 1.5) {
    const z2 = z * z;
    let term = z;
    let sum = z;
    for (let k = 1; k < 200; k++) {
      term *= z2 / (2 * k + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 0.5 - density(z) * sum;
  }
  const terms = z < 2 ? 200 : z < 3 ? 100 : z < 5 ? 50 : 25;
  let f = z;
  for (let k = terms; k >= 1; k--) f = z + k / f;
  return density(z) / f;
}

/** Standard normal distribution function, P(Z <= z). */
export function normalCdf(z: number): number {
  return normalUpperTail(-z);
}

/** Two-sided p-value of a standard normal z-score, 2 P(Z > |z|), as R's 2 * pnorm(abs(z), lower.tail = FALSE). */
export function twoSidedP(z: number): number {
  return 2 * normalUpperTail(Math.abs(z));
}

/**
 * Benjamini-Hochberg adjusted p-values (R's `p.adjust(p, "BH")`): area i is significant at a
 * false discovery rate q when its adjusted value is below q. Adjusted values never fall below the
 * raw ones and never exceed 1.
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new RangeError(`Benjamini-Hochberg: p-value ${i} is ${p[i]}, not a probability between 0 and 1`);
  }
  // The adjusted value depends on the p-value alone (tied p-values get the same one), so a native
  // numeric sort of the values and a binary search per area replace a sort of indices with a
  // comparator, which is several times slower.
  const sorted = Float64Array.from(p).sort();
  const adjusted = new Float64Array(n);
  let running = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = (n / (k + 1)) * sorted[k]; // R's n / i * p, in the same order of operations
    if (v < running) running = v;
    adjusted[k] = running;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < p[i]) lo = mid + 1;
      else hi = mid;
    }
    out[i] = adjusted[lo];
  }
  return out;
}

/* ------------------------------------------------------------------- input checks */

function checkVariable(x: ArrayLike<number>, w: SpatialWeights, what: string): void {
  if (w.offsets.length !== w.n + 1) throw new RangeError(`${what}: the weights are malformed (${w.offsets.length} row offsets for ${w.n} areas)`);
  if (x.length !== w.n) {
    throw new RangeError(`${what}: the variable has ${x.length} values but the weights cover ${w.n} areas; give one value per area, in the order of the weights`);
  }
  if (w.n < 3) throw new RangeError(`${what}: needs at least 3 areas, got ${w.n}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${what}: value ${i} is ${String(v)}; every area needs a finite number (use 0 for no incidents, and leave areas without a rate out of the analysis)`);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    throw new RangeError(`${what}: all ${x.length} values equal ${min}, so the variable has zero variance and no area can stand out; there is nothing to test`);
  }
}

/** Mean as R computes it (a second pass corrects the rounding of the first). */
function mean(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += x[i] - m;
  m += c / n;
  return m;
}

/* --------------------------------------------------------------------- Gi* */

/**
 * Confidence bin of a hot or cold spot, as ArcGIS's Gi_Bin: 3, 2, 1 = hot spot at 99, 95, 90 %
 * confidence; -1, -2, -3 = cold spot at 90, 95, 99 %; 0 = not significant.
 */
export type HotSpotBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;

export interface GiStarOptions {
  /**
   * Control the false discovery rate (Benjamini-Hochberg) over all areas: the bins then use the
   * adjusted p-values, so that at most about 10, 5 or 1 % of the areas called hot or cold at the
   * 90, 95 or 99 % level are false alarms. Without it, testing 7,425 areas at 95 % calls some
   * 370 of them significant by chance alone.
   */
  fdr?: boolean;
}

export interface GiStarResult {
  /** Gi* z-score per area: above 0 where high values cluster, below 0 where low values do. */
  z: Float64Array;
  /** Two-sided p-value per area from the normal distribution. */
  p: Float64Array;
  /** Benjamini-Hochberg adjusted p-values (only with `fdr`). */
  pAdjusted?: Float64Array;
  /** Hot/cold bin per area, from `pAdjusted` when `fdr` is on, else from `p`. */
  bin: Int8Array;
  /** Areas with no neighbour but themselves: their Gi* only compares their own value to the mean. */
  islands: Int32Array;
}

/** The bin of a z-score with the given p-value: 99 % when p < 0.01, 95 % when p < 0.05, 90 % when p < 0.10. */
export function hotSpotBin(z: number, p: number): HotSpotBin {
  const level = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.1 ? 1 : 0;
  return (z > 0 ? level : z < 0 ? -level : 0) as HotSpotBin;
}

/** English label of a bin, for legends and exports. */
export function hotSpotLabel(bin: HotSpotBin): string {
  if (bin === 0) return 'not significant';
  const conf = Math.abs(bin) === 3 ? 99 : Math.abs(bin) === 2 ? 95 : 90;
  return `${bin > 0 ? 'hot' : 'cold'} spot, ${conf} % confidence`;
}

/**
 * Getis-Ord Gi* z-scores, p-values and hot/cold bins of `x` (one value per area, in the order of
 * the weights: a count, a rate, any number). The weights must include each area itself
 * (`binaryWeights(nb, { includeSelf: true })` or a distance band built the same way); the
 * z-score is then exactly spdep's `localG(x, listw)` for `listw = nb2listw(include.self(nb),
 * style = "B", zero.policy = TRUE)`:
 *
 *   z_i = (sum_j w_ij x_j - W_i xbar) / sqrt(s^2 (n S1_i - W_i^2) / (n - 1))
 *
 * with xbar the mean of x, s^2 = sum (x_j - xbar)^2 / n, W_i = sum_j w_ij, S1_i = sum_j w_ij^2
 * (Getis and Ord 1996, eq. 4 and 5 with the area itself in its neighbourhood).
 *
 * Throws a RangeError for a variable of the wrong length, a value that is not a finite number,
 * a variable with zero variance, weights without the area itself, or an area whose neighbourhood
 * is every area (its Gi* has no variance).
 */
export function getisOrdGiStar(x: ArrayLike<number>, w: SpatialWeights, opts: GiStarOptions = {}): GiStarResult {
  const what = 'Getis-Ord Gi*';
  checkVariable(x, w, what);
  if (!w.selfIncluded) {
    throw new RangeError(`${what}: the weights must include each area itself (build them with includeSelf: true); without it the statistic is Gi, not Gi*`);
  }
  const n = w.n;
  const xbar = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - xbar;
    ss += d * d;
  }
  const s2 = ss / n;
  const { offsets, indices, weights } = w;
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lag = 0;
    let wi = 0;
    let s1 = 0;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) {
      const wij = weights[t];
      lag += wij * x[indices[t]];
      wi += wij;
      s1 += wij * wij;
    }
    const v = (s2 * (n * s1 - wi * wi)) / (n - 1);
    if (!(v > 0)) {
      throw new RangeError(`${what}: area ${i} has every area (or no weight at all) in its neighbourhood, so its Gi* has no variance; choose a smaller distance band`);
    }
    z[i] = (lag - wi * xbar) / Math.sqrt(v);
    p[i] = twoSidedP(z[i]);
  }
  const pAdjusted = opts.fdr ? benjaminiHochberg(p) : undefined;
  const q = pAdjusted ?? p;
  const bin = new Int8Array(n);
  for (let i = 0; i < n; i++) bin[i] = hotSpotBin(z[i], q[i]);
  return { z, p, pAdjusted, bin, islands: w.islands };
}

/* ----------------------------------------------------------- local Moran's I */

/** Where an area sits on the Moran scatter plot: its own value against its neighbours' (both about the mean). */
export type MoranQuadrant = 'high-high' | 'low-low' | 'high-low' | 'low-high';

/**
 * An area's local Moran class: a significant cluster of high or of low values, a significant
 * outlier (high among low, low among high), not significant, or an island (no neighbour: no
 * statistic).
 */
export type MoranCluster = MoranQuadrant | 'not-significant' | 'island';

export interface LocalMoranOptions {
  /** Conditional permutations per area (default 999); 0 computes the statistic alone. */
  permutations?: number;
  /** Seed of the permutations (default 1): the same seed gives the same pseudo p-values. */
  seed?: number;
  /** Significance level of the cluster classes (default 0.05). */
  alpha?: number;
}

export interface LocalMoranResult {
  /** Local Moran's I_i per area (0 for an island). */
  I: Float64Array;
  /** Quadrant per area: own deviation from the mean against the weighted mean of the neighbours'. */
  quadrant: MoranQuadrant[];
  /**
   * Folded pseudo p-value per area: (min(k, m - k) + 1) / (m + 1), with k the number of m
   * permutations whose I_i is at least the observed one (spdep's "Pr(folded) Sim", PySAL's
   * p_sim). 1 for an island; absent when `permutations` is 0.
   */
  pSim?: Float64Array;
  /** Cluster class per area: its quadrant where pSim < alpha. */
  cluster: MoranCluster[];
  permutations: number;
  seed: number;
  islands: Int32Array;
}

/**
 * The random draws local Moran's I's permutations share, as PySAL's esda does ("crand"): for
 * permutation r, positions r * width .. r * width + width - 1 hold the first `width` areas of a
 * uniformly random permutation of 0..n-1 (a partial Fisher-Yates shuffle with the generator of
 * random.ts). Area i's draw is the first k of them other than i: k distinct
 * areas other than i, uniformly drawn, which is the conditional permutation of Anselin (1995).
 */
export function moranDraws(n: number, width: number, permutations: number, seed: number): Int32Array {
  if (!(Number.isInteger(width) && width >= 0 && width <= n)) throw new RangeError(`draws of ${width} areas out of ${n}`);
  const rng = createRandom(seed);
  // Shuffled in place: it stays a permutation between draws, so it never needs resetting.
  const pool = new Int32Array(n);
  for (let v = 0; v < n; v++) pool[v] = v;
  const draws = new Int32Array(permutations * width);
  for (let r = 0; r < permutations; r++) {
    for (let t = 0; t < width; t++) {
      const pick = t + Math.floor(rng.next() * (n - t)); // uniform in [t, n)
      const v = pool[pick];
      pool[pick] = pool[t];
      pool[t] = v;
      draws[r * width + t] = v;
    }
  }
  return draws;
}

/**
 * Local Moran's I (Anselin 1995) of `x` over weights without the area itself (usually
 * `rowStandardisedWeights(nb)`, spdep's default), with conditional permutation pseudo p-values.
 *
 *   I_i = (z_i / m2) sum_j w_ij z_j,   z = x - xbar,   m2 = sum z_j^2 / n
 *
 * which is spdep's `localmoran(x, listw)[, "Ii"]`. For the permutations, area i keeps its value
 * and its neighbours' values are replaced by a random draw, without replacement, from the other
 * n - 1 areas (Anselin 1995; GeoDa and PySAL do the same; spdep 1.2-7's localmoran_perm draws
 * with replacement, which differs little when neighbourhoods are small). As in PySAL's esda, one
 * set of draws serves every area (moranDraws: each area's draw is still uniform over the other
 * areas).
 *
 * Throws a RangeError for a variable of the wrong length, a value that is not a finite number,
 * zero variance, weights that include the area itself, or a bad option.
 */
export function localMoran(x: ArrayLike<number>, w: SpatialWeights, opts: LocalMoranOptions = {}): LocalMoranResult {
  const what = "local Moran's I";
  checkVariable(x, w, what);
  if (w.selfIncluded) throw new RangeError(`${what}: the weights must not include the area itself (build them with includeSelf: false, or rowStandardisedWeights)`);
  const permutations = opts.permutations ?? 999;
  const seed = opts.seed ?? 1;
  const alpha = opts.alpha ?? 0.05;
  if (!Number.isInteger(permutations) || permutations < 0 || permutations > 99_999) {
    throw new RangeError(`${what}: permutations must be a whole number from 0 to 99,999, not ${permutations}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`${what}: the seed must be a whole number, not ${seed}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${what}: alpha must be between 0 and 1, not ${alpha}`);

  const n = w.n;
  const xbar = mean(x);
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = x[i] - xbar;
    ss += z[i] * z[i];
  }
  const m2 = ss / n;
  const { offsets, indices, weights } = w;
  const I = new Float64Array(n);
  const quadrant: MoranQuadrant[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let lag = 0;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) lag += weights[t] * z[indices[t]];
    I[i] = (z[i] / m2) * lag;
    // As spdep's "pysal" quadrants: a deviation of exactly 0 counts as low.
    quadrant[i] = z[i] > 0 ? (lag > 0 ? 'high-high' : 'high-low') : lag > 0 ? 'low-high' : 'low-low';
  }

  const cluster: MoranCluster[] = new Array(n).fill('not-significant');
  for (const i of w.islands) cluster[i] = 'island';
  if (permutations === 0) return { I, quadrant, cluster, permutations, seed, islands: w.islands };

  const pSim = new Float64Array(n).fill(1);
  const xs = Float64Array.from(x);
  let kMax = 0;
  for (let i = 0; i < n; i++) {
    const k = offsets[i + 1] - offsets[i];
    if (k > n - 1) throw new RangeError(`${what}: area ${i} has ${k} neighbours but there are only ${n - 1} other areas`);
    if (k > kMax) kMax = k;
  }
  const width = Math.min(kMax + 1, n);
  const draws = moranDraws(n, width, permutations, seed);
  const atLeast = new Int32Array(n);

  // Areas with one weight for every neighbour (row-standardised contiguity, the usual case): I_i
  // of a draw is at least the observed one exactly when the draw's sum of values is on the same
  // side of the observed neighbours' sum as the area's own deviation says (the mean and the weight
  // cancel, k being the same). So a draw is only summed, and whole-number values (counts,
  // severities) tie exactly. And every such area's draw is the first k of the permutation's areas
  // other than itself: unless the area is among them, its draw's sum is the sum of the
  // permutation's first k areas, the same for every area with k neighbours. So the areas are
  // grouped by k and by the sign of their deviation, each group sorted by observed sum, and a
  // permutation adds 1 to a prefix (or suffix) of a group, found by one binary search; an area
  // that is among its own first k draws (about one time in n / k) is then corrected with the sum
  // of its true draw. Sums are added in the draw order, so the numbers are those of summing each
  // area's draw in turn (src/shared/hotspots.test.ts checks against that), at a small fraction of
  // its cost (some 7.4 million sums of k values for 7,425 sub-districts).
  const isEq = new Uint8Array(n);
  const observedSum = new Float64Array(n);
  const groups = new Map<number, { k: number; side: 1 | -1; areas: number[] }>();
  for (let i = 0; i < n; i++) {
    const start = offsets[i];
    const k = offsets[i + 1] - start;
    if (k === 0) continue;
    let equal = weights[start] > 0;
    for (let t = start + 1; t < start + k && equal; t++) equal = weights[t] === weights[start];
    if (!equal) continue;
    isEq[i] = 1;
    let sum = 0;
    for (let t = start; t < start + k; t++) sum += xs[indices[t]];
    observedSum[i] = sum;
    // A deviation of 0: every draw counts (I_i is 0 whatever the neighbours).
    if (z[i] === 0) {
      atLeast[i] = permutations;
      continue;
    }
    const side = z[i] > 0 ? 1 : -1;
    const key = 2 * k + (side > 0 ? 1 : 0);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { k, side, areas: [] }));
    g.areas.push(i);
  }
  const sorted = [...groups.values()].map((g) => {
    const order = g.areas.sort((a, b) => observedSum[a] - observedSum[b] || a - b);
    return { k: g.k, side: g.side, area: Int32Array.from(order), sum: Float64Array.from(order, (i) => observedSum[i]), cut: new Int32Array(order.length + 1) };
  });
  const prefix = new Float64Array(width + 1);
  const wins = (side: number, lag: number, observed: number) => (side > 0 ? lag >= observed : lag <= observed);
  for (let r = 0, row = 0; r < permutations; r++, row += width) {
    for (let t = 0; t < width; t++) prefix[t + 1] = prefix[t] + xs[draws[row + t]];
    for (const g of sorted) {
      const lag = prefix[g.k];
      const v = g.sum;
      // side > 0: the areas whose observed sum is <= lag (a prefix); side < 0: those >= lag (a suffix).
      let lo = 0;
      let hi = v.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (g.side > 0 ? v[mid] <= lag : v[mid] < lag) lo = mid + 1;
        else hi = mid;
      }
      g.cut[lo]++;
    }
    // Areas among their own first k draws: the group counted the first k areas' sum for them.
    for (let t = 0; t < width; t++) {
      const i = draws[row + t];
      const k = offsets[i + 1] - offsets[i];
      if (!isEq[i] || z[i] === 0 || t >= k) continue;
      let lag = 0;
      for (let u = 0; u <= k; u++) if (u !== t) lag += xs[draws[row + u]];
      const side = z[i] > 0 ? 1 : -1;
      atLeast[i] += (wins(side, lag, observedSum[i]) ? 1 : 0) - (wins(side, prefix[k], observedSum[i]) ? 1 : 0);
    }
  }
  for (const g of sorted) {
    // cut[c] permutations added 1 to positions below c (side > 0) or from c on (side < 0).
    const m = g.area.length;
    if (g.side > 0) {
      let above = 0;
      for (let j = m - 1; j >= 0; j--) {
        above += g.cut[j + 1];
        atLeast[g.area[j]] += above;
      }
    } else {
      let upTo = 0;
      for (let j = 0; j < m; j++) {
        upTo += g.cut[j];
        atLeast[g.area[j]] += upTo;
      }
    }
  }

  // Other areas (weights that differ between neighbours): each draw weighted and scaled.
  for (let i = 0; i < n; i++) {
    const start = offsets[i];
    const k = offsets[i + 1] - start;
    if (k === 0 || isEq[i]) continue;
    const scale = z[i] / m2;
    const observed = I[i];
    for (let r = 0, row = 0; r < permutations; r++, row += width) {
      let lag = 0;
      for (let t = 0, taken = 0; taken < k; t++) {
        const v = draws[row + t];
        if (v === i) continue;
        lag += weights[start + taken] * z[v];
        taken++;
      }
      if (scale * lag >= observed) atLeast[i]++;
    }
  }
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1] === offsets[i]) continue;
    const folded = Math.min(atLeast[i], permutations - atLeast[i]);
    pSim[i] = (folded + 1) / (permutations + 1);
    if (pSim[i] < alpha) cluster[i] = quadrant[i];
  }
  return { I, quadrant, pSim, cluster, permutations, seed, islands: w.islands };
}
