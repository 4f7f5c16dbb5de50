import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipCloserTo, dissolve, pointInPolygon, polygonProblems, ringArea, type Ring } from './planar.ts';

test('a bow tie, a repeated vertex and touching rings are reported; a square with a hole is valid', () => {
  assert.deepEqual(polygonProblems([[[0, 0], [10, 0], [10, 10], [0, 10]], [[2, 2], [2, 4], [4, 4], [4, 2]]]), []);
  assert.match(polygonProblems([[[0, 0], [10, 10], [10, 0], [0, 10]]]).join(), /crosses itself/);
  assert.match(polygonProblems([[[0, 0], [10, 0], [10, 0], [0, 10]]]).join(), /repeats vertex/);
  assert.match(polygonProblems([[[0, 0], [10, 0], [10, 10], [0, 10]], [[0, 5], [3, 6], [3, 4]]]).join(), /touch/);
  // A spike that folds back along itself.
  assert.match(polygonProblems([[[0, 0], [10, 0], [5, 0], [5, 5]]]).join(), /folds back|crosses itself/);
});

test('clipping a square to the points closer to one seed gives half of it', () => {
  const sq: Ring = [[0, 0], [10, 0], [10, 10], [0, 10]];
  const half = clipCloserTo(sq, [2, 5], [8, 5]);
  assert.equal(ringArea(half), 50);
  assert.ok(half.every((p) => p[0] <= 5));
});

test('dissolving cells that share edges gives their outline, with a hole where a cell is missing', () => {
  // A 3x3 grid of unit cells, vertex id = y * 4 + x, counter-clockwise cells.
  const cell = (x: number, y: number) => [y * 4 + x, y * 4 + x + 1, (y + 1) * 4 + x + 1, (y + 1) * 4 + x];
  const all = [];
  for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) all.push(cell(x, y));
  const outline = dissolve(all);
  assert.equal(outline.length, 1);
  assert.equal(outline[0].length, 12, 'twelve unit edges around a 3 x 3 square');
  const ring = dissolve(all.filter((_, i) => i !== 4));
  assert.equal(ring.length, 2, 'outer ring and the hole of the missing centre cell');
  const pts = (ids: number[]): Ring => ids.map((v) => [v % 4, Math.floor(v / 4)]);
  const areas = ring.map((r) => ringArea(pts(r))).sort((a, b) => a - b);
  assert.deepEqual(areas, [-1, 9], 'the hole runs clockwise');
  const outer = pts(ring.find((r) => ringArea(pts(r)) > 0)!);
  const hole = pts(ring.find((r) => ringArea(pts(r)) < 0)!);
  assert.equal(pointInPolygon(1.5, 1.5, [outer, hole]), false);
  assert.equal(pointInPolygon(0.5, 1.5, [outer, hole]), true);
});
