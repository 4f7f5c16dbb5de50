import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  benjaminiHochberg,
  getisOrdGiStar,
  hotSpotBin,
  hotSpotLabel,
  localMoran,
  moranDraws,
  normalCdf,
  normalUpperTail,
  twoSidedP,
  type MoranQuadrant,
} from './hotspots.ts';
import { binaryWeights, distanceBandNeighbours, neighbourListFromArrays, neighbourListFromPairs, rowStandardisedWeights } from './spatial-weights.ts';
import { createRandom } from './random.ts';

/**
 * Values computed by R spdep 1.2-7 on the 7,425 real sub-districts, with our PostGIS queen
 * neighbours (scripts/fixtures/make-gistar-reference.R). z-scores and I are stored to 13
 * significant digits, which is exact to about 1e-11 here.
 */
interface Reference {
  codes: string[];
  queenOffsets: number[];
  queenIndex: number[];
  lon: number[];
  lat: number[];
  bandMetres: number;
  bandCount: number[];
  bandIndexSum: number[];
  count: number[];
  population: number[];
  giStarQueenCount: number[];
  giStarQueenRate: number[];
  giStarBandCount: number[];
  pQueenCount: number[];
  bhQueenCount: number[];
  moranQueenCount: number[];
  moranQueenRate: number[];
  moranQuadrantCount: string;
  moranPermFoldedCount: Array<number | null>;
}
const ref: Reference = JSON.parse(readFileSync(new URL('./fixtures/gistar-reference.json', import.meta.url), 'utf8'));
const n = ref.codes.length;
const queen = neighbourListFromArrays(Array.from({ length: n }, (_, i) => ref.queenIndex.slice(ref.queenOffsets[i], ref.queenOffsets[i + 1])));
const count = Float64Array.from(ref.count);
// The same expression as the R script: IEEE division and multiplication round identically.
const rate = count.map((c, i) => (c / ref.population[i]) * 1000);

function worst(ours: ArrayLike<number>, theirs: ArrayLike<number>, relative = false): { diff: number; at: number } {
  let diff = 0;
  let at = -1;
  for (let i = 0; i < theirs.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]) / (relative ? Math.abs(theirs[i]) : 1);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  return { diff, at };
}

function assertClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number, what: string, relative = false): void {
  assert.equal(ours.length, theirs.length, `${what}: length`);
  const w = worst(ours, theirs, relative);
  assert.ok(w.diff <= tol, `${what}: sub-district ${ref.codes[w.at]} differs from R by ${w.diff} (ours ${ours[w.at]}, R ${theirs[w.at]})`);
}

test('Gi* z-scores equal spdep localG with include.self on queen contiguity, for every real sub-district (count and rate)', () => {
  const w = binaryWeights(queen, { includeSelf: true });
  assert.equal(n, 7425);
  assertClose(getisOrdGiStar(count, w).z, ref.giStarQueenCount, 1e-9, 'Gi* of the count');
  assertClose(getisOrdGiStar(rate, w).z, ref.giStarQueenRate, 1e-9, 'Gi* of the rate');
});

test('Gi* over a 10 km distance band: same neighbours as R on the same centroids, and the same z-scores', () => {
  const band = distanceBandNeighbours(
    ref.lon.map((lon, i) => [lon, ref.lat[i]] as [number, number]),
    ref.bandMetres,
  );
  for (let i = 0; i < n; i++) {
    const row = band.neighbours.subarray(band.offsets[i], band.offsets[i + 1]);
    assert.equal(row.length, ref.bandCount[i], `neighbours of ${ref.codes[i]} within ${ref.bandMetres} m`);
    assert.equal(row.reduce((s, j) => s + j, 0), ref.bandIndexSum[i], `which neighbours of ${ref.codes[i]}`);
  }
  assertClose(getisOrdGiStar(count, binaryWeights(band, { includeSelf: true })).z, ref.giStarBandCount, 1e-9, 'Gi* over the band');
});

test('p-values equal R 2 * pnorm(-|z|) and Benjamini-Hochberg equals p.adjust(p, "BH"), to 1e-13 relative', () => {
  const g = getisOrdGiStar(count, binaryWeights(queen, { includeSelf: true }), { fdr: true });
  assertClose(g.p, ref.pQueenCount, 1e-13, 'p', true);
  assertClose(g.pAdjusted!, ref.bhQueenCount, 1e-13, 'BH-adjusted p', true);
});

test('the normal tail is accurate to about 1e-15 relative from the centre to the far tail', () => {
  // 2 * pnorm(z, lower.tail = FALSE) from R 4.2.2, printed with 17 digits.
  const table: Array<[number, number]> = [
    [0, 1],
    [1e-8, 0.99999999202115442],
    [0.1, 0.92034432544594202],
    [0.5, 0.61707507745197387],
    [1, 0.31731050786291409],
    [1.5, 0.13361440253771614],
    [1.64485362695147, 0.10000000000000057],
    [1.959963984540054, 0.050000000000000024],
    [2, 0.045500263896358424],
    [2.5, 0.01241933065155227],
    [2.5758293035489008, 0.01],
    [3, 0.0026997960632601892],
    [3.5, 0.00046525815807104987],
    [4, 6.3342483666239849e-5],
    [5, 5.7330314375838782e-7],
    [6, 1.9731752900753962e-9],
    [7, 2.5596250877716703e-12],
    [8, 1.244192114854357e-15],
    [10, 1.5239706048321054e-23],
    [15, 7.3419323986255028e-51],
    [20, 5.5072482372124675e-89],
    [30, 9.8134278542963744e-198],
    [37.5, 9.2107060191639104e-308],
  ];
  for (const [z, p] of table) {
    const ours = twoSidedP(z);
    assert.ok(Math.abs(ours - p) <= 2e-15 * p, `2P(Z > ${z}): ours ${ours}, R ${p}`);
    assert.equal(twoSidedP(-z), ours, 'symmetric');
  }
  for (const z of [-6, -1.3, 0, 0.7, 2.2, 9]) {
    assert.ok(Math.abs(normalCdf(z) + normalCdf(-z) - 1) < 1e-15, `P(Z <= ${z}) + P(Z <= ${-z}) = 1`);
    assert.ok(Math.abs(normalCdf(z) - (1 - normalUpperTail(z))) < 1e-15);
  }
  assert.equal(normalUpperTail(40), 0);
  assert.equal(normalUpperTail(Infinity), 0);
  assert.equal(normalUpperTail(-Infinity), 1);
});

test('local Moran I equals spdep localmoran (row-standardised queen weights), and the quadrants equal its "pysal" quadrants', () => {
  const w = rowStandardisedWeights(queen);
  const lm = localMoran(count, w, { permutations: 0 });
  assertClose(lm.I, ref.moranQueenCount, 1e-9, "local Moran's I of the count");
  assertClose(localMoran(rate, w, { permutations: 0 }).I, ref.moranQueenRate, 1e-9, "local Moran's I of the rate");
  const names: Record<string, MoranQuadrant> = { HH: 'high-high', LL: 'low-low', HL: 'high-low', LH: 'low-high' };
  for (let i = 0; i < n; i++) assert.equal(lm.quadrant[i], names[ref.moranQuadrantCount.slice(2 * i, 2 * i + 2)], `quadrant of ${ref.codes[i]}`);
  assert.equal(lm.pSim, undefined, 'no pseudo p-values without permutations');
});

test('999 permutations: pseudo p-values agree with spdep localmoran_perm within Monte Carlo error, and repeat with the seed', () => {
  const w = rowStandardisedWeights(queen);
  const a = localMoran(count, w, { permutations: 999, seed: 42 });
  const b = localMoran(count, w, { permutations: 999, seed: 42 });
  assert.deepEqual(a.pSim, b.pSim, 'same seed, same pseudo p-values');
  const c = localMoran(count, w, { permutations: 999, seed: 43 });
  assert.notDeepEqual(a.pSim, c.pSim, 'another seed draws other permutations');
  // Two independent estimates of one p from 999 draws differ with a standard deviation of at most
  // sqrt(2 * 0.25 / 1000) = 0.022; spdep also draws with replacement, which shifts little.
  let sum = 0;
  let max = 0;
  let agree = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const r = ref.moranPermFoldedCount[i];
    if (r === null) {
      assert.equal(a.cluster[i], 'island');
      continue;
    }
    const d = Math.abs(r / 1000 - a.pSim![i]);
    sum += d;
    max = Math.max(max, d);
    if (r / 1000 < 0.05 === a.pSim![i] < 0.05) agree++;
    m++;
    assert.ok(a.pSim![i] >= 1 / 1000 && a.pSim![i] <= 0.5, 'a folded pseudo p-value lies in [1/(m+1), 1/2]');
    assert.equal(a.cluster[i], a.pSim![i] < 0.05 ? a.quadrant[i] : 'not-significant');
  }
  assert.ok(sum / m < 0.02, `mean difference from R ${sum / m}`);
  assert.ok(max < 0.12, `largest difference from R ${max}`);
  assert.ok(agree / m > 0.95, `agreement with R on p < 0.05: ${agree / m}`);
});

/**
 * The permutation test as its definition reads: for each area and permutation, its draw is the
 * first k areas of the permutation other than itself (moranDraws), and the draw counts when its
 * I_i is at least the observed one: for one weight a row, when its sum of values is on the side
 * of the observed sum that the area's deviation says; otherwise by the weighted I_i itself.
 */
function moranCountsByDefinition(x: Float64Array, w: ReturnType<typeof rowStandardisedWeights>, permutations: number, seed: number): Float64Array {
  const n = w.n;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const z = Array.from(x, (v) => v - mean);
  const m2 = z.reduce((a, v) => a + v * v, 0) / n;
  let kMax = 0;
  for (let i = 0; i < n; i++) kMax = Math.max(kMax, w.offsets[i + 1] - w.offsets[i]);
  const width = Math.min(kMax + 1, n);
  const draws = moranDraws(n, width, permutations, seed);
  const p = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const ws = Array.from(w.weights.subarray(w.offsets[i], w.offsets[i + 1]));
    const nbs = Array.from(w.indices.subarray(w.offsets[i], w.offsets[i + 1]));
    const k = ws.length;
    if (k === 0) continue;
    const equal = ws.every((v) => v === ws[0]);
    const observedSum = nbs.reduce((a, j) => a + x[j], 0);
    const observedI = (z[i] / m2) * nbs.reduce((a, j, t) => a + ws[t] * z[j], 0);
    let atLeast = 0;
    for (let r = 0; r < permutations; r++) {
      const drawn = Array.from(draws.subarray(r * width, (r + 1) * width)).filter((v) => v !== i).slice(0, k);
      assert.equal(new Set(drawn).size, k);
      if (equal) {
        const sum = drawn.reduce((a, j) => a + x[j], 0);
        if (z[i] > 0 ? sum >= observedSum : z[i] < 0 ? sum <= observedSum : true) atLeast++;
      } else if ((z[i] / m2) * drawn.reduce((a, j, t) => a + ws[t] * z[j], 0) >= observedI) atLeast++;
    }
    p[i] = (Math.min(atLeast, permutations - atLeast) + 1) / (permutations + 1);
  }
  return p;
}

test('local Moran pseudo p-values are those of drawing each area\'s neighbours in turn, for one weight a row and for differing weights', () => {
  const rng = createRandom(2026);
  // 240 areas, each linked to a few others (up to 14 links), two islands.
  const n = 240;
  const lists: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let i = 2; i < n; i++) {
    for (let e = rng.int(1, 4); e > 0; e--) {
      const j = rng.int(2, n - 1);
      if (j !== i && lists[i].size < 14 && lists[j].size < 14) {
        lists[i].add(j);
        lists[j].add(i);
      }
    }
  }
  const nb = neighbourListFromArrays(lists.map((l) => [...l].sort((a, b) => a - b)));
  const equal = rowStandardisedWeights(nb);
  // The same links with weights that differ within a row.
  const weights = Float64Array.from(equal.weights, (v, t) => v * (1 + (t % 3)));
  const differing = { ...equal, weights };
  for (const [label, x] of [
    ['whole counts (many ties)', Float64Array.from({ length: n }, () => rng.int(0, 4))],
    ['fractional values', Float64Array.from({ length: n }, () => rng.range(0, 10))],
  ] as const) {
    for (const [wl, w] of [['one weight a row', equal], ['differing weights', differing]] as const) {
      const got = localMoran(x, w, { permutations: 199, seed: 9 }).pSim!;
      assert.deepEqual(Array.from(got), Array.from(moranCountsByDefinition(x, w, 199, 9)), `${label}, ${wl}`);
    }
  }
});

/** The count variable shuffled over the areas: the same values with no spatial pattern. */
function shuffled(seed: number): number[] {
  const rng = createRandom(seed);
  const v = Array.from(count);
  for (let i = v.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

test('without spatial pattern: Gi* flags about 10 % of areas at 90 % by chance, false discovery control almost none', () => {
  const w = binaryWeights(queen, { includeSelf: true });
  const x = shuffled(3);
  const raw = getisOrdGiStar(x, w).bin.filter((b) => b !== 0).length;
  const fdr = getisOrdGiStar(x, w, { fdr: true }).bin.filter((b) => b !== 0).length;
  assert.ok(raw > 0.08 * n && raw < 0.12 * n, `raw: ${raw} of ${n} flagged`);
  assert.ok(fdr < 0.005 * n, `with FDR control: ${fdr} of ${n} flagged`);
});

test('without spatial pattern: the folded pseudo p-value falls below 0.05 for about 10 % of areas (it is one-sided)', () => {
  const lm = localMoran(shuffled(5), rowStandardisedWeights(queen), { seed: 11 });
  const share = lm.pSim!.filter((p) => p < 0.05).length / n;
  assert.ok(share > 0.08 && share < 0.12, `share below 0.05: ${share}`);
});

test('a planted cluster is a hot spot at 99 %, its surroundings are not, and a planted outlier is high-low', () => {
  const w = binaryWeights(queen, { includeSelf: true });
  const centre = ref.codes.indexOf('320101'); // Nai Mueang, Surin
  const ring = Array.from(queen.neighbours.subarray(queen.offsets[centre], queen.offsets[centre + 1]));
  const x = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i += 7) x[i] = 2; // some variation elsewhere
  for (const i of [centre, ...ring]) x[i] = 40;
  const g = getisOrdGiStar(x, w, { fdr: true });
  assert.equal(g.bin[centre], 3);
  assert.equal(hotSpotLabel(g.bin[centre] as 3), 'hot spot, 99 % confidence');
  assert.ok(g.z[centre] > 10);
  const near = new Set([centre, ...ring]);
  for (const i of ring) for (let t = queen.offsets[i]; t < queen.offsets[i + 1]; t++) near.add(queen.neighbours[t]);
  for (let i = 0; i < n; i++) {
    if (g.bin[i] > 0) assert.ok(near.has(i), `${ref.codes[i]} is far from the cluster but called hot`);
  }

  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = i % 3; // values 0, 1, 2 spread over the country
  for (const i of ring) y[i] = 0;
  y[centre] = 50;
  const lm = localMoran(y, rowStandardisedWeights(queen), { seed: 1 });
  assert.equal(lm.quadrant[centre], 'high-low');
  assert.equal(lm.cluster[centre], 'high-low');
  assert.ok(lm.I[centre] < 0, 'an outlier has a negative local I');
});

test('islands are reported; an island\'s Gi* compares its own value with the mean, its local Moran is 0 and not tested', () => {
  const w = binaryWeights(queen, { includeSelf: true });
  const islands = Array.from(w.islands, (i) => ref.codes[i]);
  assert.ok(islands.includes('840503'), 'Ko Tao has no neighbour');
  assert.ok(islands.includes('230602'), 'Ko Kut has no neighbour');
  const g = getisOrdGiStar(count, w);
  assert.deepEqual(Array.from(g.islands, (i) => ref.codes[i]), islands);
  const mean = count.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(count.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const tao = ref.codes.indexOf('840503');
  assert.ok(Math.abs(g.z[tao] - (count[tao] - mean) / sd) < 1e-12);
  const lm = localMoran(count, rowStandardisedWeights(queen), { permutations: 99 });
  assert.equal(lm.I[tao], 0);
  assert.equal(lm.pSim![tao], 1);
  assert.equal(lm.cluster[tao], 'island');
});

test('bins at 90, 95 and 99 % follow the p-value and the sign of z', () => {
  assert.equal(hotSpotBin(3, 0.005), 3);
  assert.equal(hotSpotBin(2.2, 0.03), 2);
  assert.equal(hotSpotBin(1.7, 0.09), 1);
  assert.equal(hotSpotBin(1.5, 0.13), 0);
  assert.equal(hotSpotBin(-2.2, 0.03), -2);
  assert.equal(hotSpotBin(-3, 0.001), -3);
  assert.equal(hotSpotBin(1.96, 0.05), 1, 'p = 0.05 exactly is not below 0.05');
  assert.equal(hotSpotLabel(-1), 'cold spot, 90 % confidence');
  assert.equal(hotSpotLabel(0), 'not significant');
});

test('Benjamini-Hochberg on a small hand-checked case', () => {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04 0.05333 0.05333 0.2
  const adj = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
  assert.deepEqual(Array.from(adj), [0.04, (4 / 3) * 0.04, (4 / 3) * 0.04, 0.2]); // n / rank * p, in R's order of operations
  assert.throws(() => benjaminiHochberg([0.1, NaN]), /p-value 1 is NaN/);
});

test('bad input is refused with a clear RangeError: wrong length, NaN, infinity, zero variance, wrong weights', () => {
  const tiny = neighbourListFromPairs(4, [0, 1, 1, 2, 2, 3]);
  const star = binaryWeights(tiny, { includeSelf: true });
  const plain = rowStandardisedWeights(tiny);
  assert.throws(() => getisOrdGiStar([1, 2, 3], star), (e: unknown) => e instanceof RangeError && /3 values but the weights cover 4 areas/.test(e.message));
  assert.throws(() => getisOrdGiStar([1, NaN, 3, 4], star), (e: unknown) => e instanceof RangeError && /value 1 is NaN/.test(e.message));
  assert.throws(() => localMoran([1, 2, Infinity, 4], plain), (e: unknown) => e instanceof RangeError && /value 2 is Infinity/.test(e.message));
  assert.throws(() => getisOrdGiStar([5, 5, 5, 5], star), (e: unknown) => e instanceof RangeError && /zero variance/.test(e.message));
  assert.throws(() => localMoran([0.1, 0.1, 0.1, 0.1], plain), (e: unknown) => e instanceof RangeError && /zero variance/.test(e.message));
  assert.throws(() => getisOrdGiStar([1, 2, 3, 4], binaryWeights(tiny, { includeSelf: false })), /must include each area itself/);
  assert.throws(() => localMoran([1, 2, 3, 4], star), /must not include the area itself/);
  assert.throws(() => localMoran([1, 2, 3, 4], plain, { permutations: 9.5 }), /permutations must be a whole number/);
  const everyone = binaryWeights(neighbourListFromPairs(3, [0, 1, 0, 2]), { includeSelf: true });
  assert.throws(() => getisOrdGiStar([1, 2, 3], everyone), /area 0 has every area/);
});
