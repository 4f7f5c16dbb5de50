import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGrid, encodeGrid, hotspotGrid, trendGrid } from './run-summary.ts';
import { trendChange } from '../../shared/priority.ts';

test('a grid of whole numbers is stored as int32, any other as float64, and both read back bit for bit', () => {
  const whole = Float64Array.from([0, 1, 60, 2147483647, -2147483648, 35000]);
  const text = encodeGrid(whole);
  assert.match(text, /^i32:/);
  assert.equal(Buffer.from(text.slice(4), 'base64').length, 4 * whole.length, 'four bytes a value');
  assert.deepEqual(Array.from(decodeGrid(text, whole.length, 'burden')), Array.from(whole));
  for (const odd of [[0, 0.5], [0, 2147483648], [0, -0], [1, Number.NaN], [3, 1 / 3]]) {
    const a = Float64Array.from(odd);
    const t = encodeGrid(a);
    assert.match(t, /^f64:/, `${odd} is not a column of int32`);
    const back = decodeGrid(t, a.length, 'recency');
    a.forEach((v, i) => assert.ok(Object.is(back[i], v), `${v} reads back as ${back[i]}`));
  }
});

test('a stored grid of the wrong length or without its mark is refused, naming the grid', () => {
  assert.throws(() => decodeGrid(encodeGrid(Float64Array.from([1, 2])), 3, 'burden input'), /burden input holds 8 bytes, not 12/);
  assert.throws(() => decodeGrid('AAAA', 1, 'burden input'), /burden input is not marked i32: or f64:/);
  assert.throws(() => decodeGrid(undefined, 1, 'recency input'), /recency input is missing/);
});

test('the trend grid is trendChange cell by cell, 0 where both years are 0; the hot-spot grid is 1 in every category of a hot area', () => {
  const burden = Float64Array.from([0, 3, 0, 9, 5, 0]);
  const before = Float64Array.from([0, 0, 4, 4, 5, 0]);
  assert.deepEqual(Array.from(trendGrid(burden, before)), Array.from(burden, (b, g) => (b || before[g] ? trendChange(b, before[g]) : 0)));
  assert.deepEqual(Array.from(trendGrid(burden, before)), [0, 3, -0.8, 1, 0, 0]);
  assert.throws(() => trendGrid(burden, before.subarray(1)), /6 cells against 5/);
  // Three areas, two categories (category-major): areas b and the unknown z are hot; z is ignored.
  const index = new Map([['a', 0], ['b', 1], ['c', 2]]);
  assert.deepEqual(Array.from(hotspotGrid(index, 2, ['b', 'z'])), [0, 1, 0, 0, 1, 0]);
});
