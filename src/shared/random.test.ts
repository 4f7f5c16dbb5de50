import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, mixSeed, weightedTable } from './random.ts';

test('the same seed gives the same sequence; another seed another one', () => {
  const a = createRandom(42);
  const b = createRandom(42);
  const c = createRandom(43);
  const sa = Array.from({ length: 20 }, () => a.next());
  const sb = Array.from({ length: 20 }, () => b.next());
  const sc = Array.from({ length: 20 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
  assert.ok(sa.every((x) => x >= 0 && x < 1));
});

test('int stays within its bounds and reaches both ends; normal has mean 0 and deviation 1', () => {
  const r = createRandom(7);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const v = r.int(3, 6);
    assert.ok(Number.isInteger(v) && v >= 3 && v <= 6, `int out of range: ${v}`);
    seen.add(v);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6]);
  const xs = Array.from({ length: 20000 }, () => r.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
});

test('weighted choices follow their weights and never pick a zero weight', () => {
  const r = createRandom(1);
  const pick = weightedTable([1, 0, 3]);
  const counts = [0, 0, 0];
  for (let i = 0; i < 40000; i++) counts[pick(r.next())]++;
  assert.equal(counts[1], 0);
  assert.ok(Math.abs(counts[2] / counts[0] - 3) < 0.2, `ratio ${counts[2] / counts[0]}`);
  const w = [0, 0, 5];
  for (let i = 0; i < 100; i++) assert.equal(r.weighted(w), 2);
  assert.throws(() => weightedTable([0, 0]), /positive total/);
});

test('a fork depends on the seed and its label, not on how far the parent has run', () => {
  const a = createRandom(5);
  const b = createRandom(5);
  b.next();
  b.next();
  assert.equal(a.fork('x').next(), b.fork('x').next());
  assert.notEqual(a.fork('x').next(), a.fork('y').next());
  assert.notEqual(mixSeed(1, 'a'), mixSeed(2, 'a'));
});
