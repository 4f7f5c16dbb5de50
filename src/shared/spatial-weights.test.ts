import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  binaryWeights,
  distanceBandNeighbours,
  EARTH_RADIUS_M,
  findIslands,
  greatCircleMetres,
  minimumConnectingBand,
  neighbourCounts,
  neighbourListFromArrays,
  neighbourListFromPairs,
  rowStandardisedWeights,
  type NeighbourList,
} from './spatial-weights.ts';
import { createRandom } from './random.ts';

const rows = (nb: NeighbourList) => Array.from({ length: nb.n }, (_, i) => Array.from(nb.neighbours.subarray(nb.offsets[i], nb.offsets[i + 1])));

test('pairs make a symmetric neighbour list, repeated pairs count once, an area without pairs is an island', () => {
  const nb = neighbourListFromPairs(5, [0, 1, 2, 1, 1, 0, 3, 1]);
  assert.deepEqual(rows(nb), [[1], [0, 2, 3], [1], [1], []]);
  assert.deepEqual(Array.from(findIslands(nb)), [4]);
  assert.deepEqual(neighbourCounts(nb), { links: 6, min: 0, max: 3, mean: 6 / 5 });
});

test('binary weights with the area itself place it in index order, as spdep include.self does; an island keeps only itself', () => {
  const nb = neighbourListFromArrays([[2, 1], [0], [0], []]);
  const w = binaryWeights(nb, { includeSelf: true });
  const wRows = Array.from({ length: 4 }, (_, i) => Array.from(w.indices.subarray(w.offsets[i], w.offsets[i + 1])));
  assert.deepEqual(wRows, [[0, 1, 2], [0, 1], [0, 2], [3]]);
  assert.ok(w.weights.every((v) => v === 1));
  assert.equal(w.selfIncluded, true);
  assert.equal(w.style, 'B');
  assert.deepEqual(Array.from(w.islands), [3], 'an area with only itself is still an island');
  const plain = binaryWeights(nb, { includeSelf: false });
  assert.deepEqual(Array.from(plain.indices), [1, 2, 0, 0]);
});

test('row-standardised weights sum to 1 on each row; an island has an empty row', () => {
  const w = rowStandardisedWeights(neighbourListFromArrays([[1, 2, 3], [0], [0], [0], []]));
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let t = w.offsets[i]; t < w.offsets[i + 1]; t++) s += w.weights[t];
    assert.ok(Math.abs(s - 1) < 1e-15, `row ${i} sums to ${s}`);
  }
  assert.equal(w.offsets[5] - w.offsets[4], 0);
  assert.deepEqual(Array.from(w.islands), [4]);
  assert.equal(w.style, 'W');
});

test('malformed neighbour lists are refused with the area and neighbour named', () => {
  assert.throws(() => neighbourListFromArrays([[1], [1]]), /area 1 lists itself/);
  assert.throws(() => neighbourListFromArrays([[1, 1], [0]]), /area 0 lists neighbour 1 twice/);
  assert.throws(() => neighbourListFromArrays([[5]]), /neighbour 5, which is not an area index 0..0/);
  assert.throws(() => neighbourListFromPairs(3, [0, 1, 2]), /even number/);
  assert.throws(() => neighbourListFromPairs(3, [0, 3]), /pair 0 holds 3/);
  assert.throws(() => neighbourListFromPairs(3, [2, 2]), /joins area 2 with itself/);
});

test('great-circle distances: one degree of a meridian, and Bangkok to Chiang Mai', () => {
  assert.ok(Math.abs(greatCircleMetres([100, 10], [100, 11]) - (EARTH_RADIUS_M * Math.PI) / 180) < 1e-6);
  const d = greatCircleMetres([100.5018, 13.7563], [98.9853, 18.7883]);
  assert.ok(d > 575_000 && d < 590_000, `Bangkok - Chiang Mai ${d} m`);
  assert.equal(greatCircleMetres([101, 15], [101, 15]), 0);
});

/** Every pair within the band by brute force, for comparison with the latitude sweep. */
function bruteBand(points: Array<[number, number]>, band: number): number[][] {
  return points.map((p, i) => points.flatMap((q, j) => (i !== j && greatCircleMetres(p, q) <= band ? [j] : [])));
}

test('the distance band finds exactly the pairs a full pairwise check finds, bound included', () => {
  const rng = createRandom(5);
  const points = Array.from({ length: 600 }, () => [rng.range(97.5, 105.6), rng.range(5.6, 20.5)] as [number, number]);
  for (const band of [5_000, 30_000, 120_000]) assert.deepEqual(rows(distanceBandNeighbours(points, band)), bruteBand(points, band), `band ${band} m`);
  // Two points exactly the band apart are neighbours.
  const a: [number, number] = [100, 14];
  const b: [number, number] = [100.1, 14.05];
  const exact = greatCircleMetres(a, b);
  assert.deepEqual(rows(distanceBandNeighbours([a, b], exact)), [[1], [0]]);
  assert.deepEqual(rows(distanceBandNeighbours([a, b], exact * (1 - 1e-12))), [[], []]);
});

test('the smallest connecting band is the largest nearest-neighbour distance (as computed by R on the real centroids)', () => {
  const ref = JSON.parse(readFileSync(new URL('./fixtures/gistar-reference.json', import.meta.url), 'utf8')) as { lon: number[]; lat: number[]; minimumConnectingBand: number };
  const points = ref.lon.map((lon, i) => [lon, ref.lat[i]] as [number, number]);
  const band = minimumConnectingBand(points);
  assert.ok(Math.abs(band - ref.minimumConnectingBand) < 1e-6, `ours ${band} m, R ${ref.minimumConnectingBand} m`);
  assert.equal(findIslands(distanceBandNeighbours(points, band)).length, 0, 'no island at that band');
  assert.ok(findIslands(distanceBandNeighbours(points, band * 0.999)).length > 0, 'an island just below it');
});

test('bad points and bands are refused', () => {
  assert.throws(() => distanceBandNeighbours([[100, 14]], 0), /positive number of metres/);
  assert.throws(() => distanceBandNeighbours([[100, 14], [NaN, 3]], 1000), /point 1 is not a \[lon, lat\] position/);
  assert.throws(() => distanceBandNeighbours([[14, 100]], 1000), /point 0 is not a \[lon, lat\]/);
  assert.throws(() => minimumConnectingBand([[100, 14]]), /at least two points/);
});
