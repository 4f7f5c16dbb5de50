import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ascendingOrder, countAboveWithin, countStrictly } from './rank-order.ts';
import { createRandom, type Random } from './random.ts';

/**
 * A column of the kinds the analysis ranks: whole counts with many ties and zeros, rates, signed
 * trends, extremes; and numbers closer together than float32 tells apart (the radix passes look
 * at float32 keys), in short runs and in long ones.
 */
function column(rng: Random): number[] {
  const m = rng.int(0, 300);
  const kind = rng.int(0, 6);
  return Array.from({ length: m }, () => {
    switch (kind) {
      case 0: return rng.int(0, 6);
      case 1: return rng.chance(0.3) ? 0 : rng.range(0, 1000) / 7;
      case 2: return rng.chance(0.2) ? -0 : rng.range(-5, 5);
      case 3: return rng.pick([0, -0, 1e-300, -1e-300, 5e-324, -5e-324, 1e300, -1e300, Infinity, -Infinity, 0.1 + 0.2, 0.3, 2 ** 53, -(2 ** 53)]);
      case 5: return rng.int(1, 4) + rng.int(0, 3) * 2 ** -40;
      case 6: return 1 + rng.int(0, 1000) * 1e-12 * (rng.chance(0.5) ? 1 : -1);
      default: return rng.chance(0.5) ? rng.int(-3, 3) : rng.normal() * 1e6;
    }
  });
}

test('ascending order: a stable order of the numbers, -0 with 0, on columns of every kind', () => {
  const rng = createRandom(7_425);
  for (let trial = 0; trial < 500; trial++) {
    const v = column(rng.fork(trial));
    const order = Array.from(ascendingOrder(v));
    const expected = v.map((_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
    // -0 and 0 compare equal, so either may come first among themselves only by position.
    assert.deepEqual(order, expected, `trial ${trial}: ${JSON.stringify(v.slice(0, 12))}`);
  }
});

test('counts of values strictly below, strictly above, and above within a tolerance match their definitions', () => {
  const rng = createRandom(1_000_000);
  for (let trial = 0; trial < 500; trial++) {
    const v = column(rng.fork(trial));
    const tol = rng.pick([0, 1e-12, 0.5]);
    const less = Array.from(countStrictly(v, false));
    const greater = Array.from(countStrictly(v, true));
    const above = Array.from(countAboveWithin(v, tol));
    v.forEach((x, i) => {
      assert.equal(less[i], v.filter((y) => y < x).length, `trial ${trial}, value ${x}: less`);
      assert.equal(greater[i], v.filter((y) => y > x).length, `trial ${trial}, value ${x}: greater`);
      assert.equal(above[i], v.filter((y) => y > x + tol).length, `trial ${trial}, value ${x}: above + ${tol}`);
    });
  }
});

test('a column of one value, a single value and an empty column', () => {
  assert.deepEqual(Array.from(countStrictly([3, 3, 3], false)), [0, 0, 0]);
  assert.deepEqual(Array.from(countStrictly([3, 3, 3], true)), [0, 0, 0]);
  assert.deepEqual(Array.from(countStrictly([8], false)), [0]);
  assert.deepEqual(Array.from(ascendingOrder([])), []);
  assert.deepEqual(Array.from(countAboveWithin([2, 1, 2, 0], 0)), [0, 2, 0, 3]);
});
