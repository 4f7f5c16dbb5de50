import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipPolygons, clipRing, parseWkb } from './tile-geometry.ts';
import { LruCache } from './lru-cache.ts';

/** Little-endian WKB writer for the tests. */
function wkb(type: number, body: number[][]): Uint8Array {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(5);
  head.writeUInt8(1, 0);
  head.writeUInt32LE(type, 1);
  parts.push(head);
  for (const group of body) {
    const b = Buffer.alloc(4 + 8 * (group.length - 1));
    b.writeUInt32LE(group[0], 0);
    group.slice(1).forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
    parts.push(b);
  }
  return new Uint8Array(Buffer.concat(parts));
}

test('WKB: a polygon with a hole, a point, and collections of them', () => {
  // Polygon: 2 rings; each ring: count then x, y pairs.
  const poly = Buffer.concat([
    Buffer.from(wkb(3, [[2]])),
    Buffer.from(wkb(0, [[4, 0, 0, 10, 0, 10, 10, 0, 0]]).subarray(5)),
    Buffer.from(wkb(0, [[4, 2, 2, 4, 2, 4, 4, 2, 2]]).subarray(5)),
  ]);
  const p = parseWkb(new Uint8Array(poly));
  assert.deepEqual(p.polygons, [[[0, 0, 10, 0, 10, 10, 0, 0], [2, 2, 4, 2, 4, 4, 2, 2]]]);
  assert.deepEqual(p.points, []);
  const point = wkb(1, []);
  const pt = Buffer.concat([Buffer.from(point), Buffer.alloc(16)]);
  pt.writeDoubleLE(103.49, 5);
  pt.writeDoubleLE(14.88, 13);
  assert.deepEqual(parseWkb(new Uint8Array(pt)).points, [103.49, 14.88]);
  // MultiPolygon of the polygon twice, and a collection holding the point and the polygon.
  const multi = Buffer.concat([Buffer.from(wkb(6, [[2]])), poly, poly]);
  assert.equal(parseWkb(new Uint8Array(multi)).polygons.length, 2);
  const coll = Buffer.concat([Buffer.from(wkb(7, [[2]])), pt, poly]);
  const c = parseWkb(new Uint8Array(coll));
  assert.equal(c.polygons.length, 1);
  assert.deepEqual(c.points, [103.49, 14.88]);
});

test('WKB: big-endian and Z coordinates are read; an empty point gives nothing; unknown types are refused', () => {
  const be = Buffer.alloc(21);
  be.writeUInt8(0, 0);
  be.writeUInt32BE(1, 1);
  be.writeDoubleBE(1.5, 5);
  be.writeDoubleBE(2.5, 13);
  assert.deepEqual(parseWkb(new Uint8Array(be)).points, [1.5, 2.5]);
  const z = Buffer.alloc(29);
  z.writeUInt8(1, 0);
  z.writeUInt32LE(1001, 1);
  z.writeDoubleLE(1, 5);
  z.writeDoubleLE(2, 13);
  z.writeDoubleLE(99, 21);
  assert.deepEqual(parseWkb(new Uint8Array(z)).points, [1, 2]);
  const empty = Buffer.alloc(21);
  empty.writeUInt8(1, 0);
  empty.writeUInt32LE(1, 1);
  empty.writeDoubleLE(NaN, 5);
  empty.writeDoubleLE(NaN, 13);
  assert.deepEqual(parseWkb(new Uint8Array(empty)).points, []);
  assert.throws(() => parseWkb(wkb(17, [])), /unsupported WKB geometry type 17/);
});

test('clipping a ring to the tile square', () => {
  // Inside: unchanged (without the closing point).
  assert.deepEqual(clipRing([1, 1, 5, 1, 5, 5, 1, 1], 0, 10), [1, 1, 5, 1, 5, 5]);
  // Outside: nothing.
  assert.deepEqual(clipRing([20, 20, 30, 20, 30, 30], 0, 10), []);
  // Covering the square: the square itself.
  const cover = clipRing([-5, -5, 15, -5, 15, 15, -5, 15], 0, 10);
  const corners = new Set<string>();
  for (let i = 0; i < cover.length; i += 2) corners.add(`${cover[i]},${cover[i + 1]}`);
  assert.deepEqual([...corners].sort(), ['0,0', '0,10', '10,0', '10,10']);
  // Half in: cut at the edge, with the crossing points interpolated.
  const half = clipRing([5, 2, 15, 2, 15, 8, 5, 8], 0, 10);
  const pts = [];
  for (let i = 0; i < half.length; i += 2) pts.push(`${half[i]},${half[i + 1]}`);
  assert.deepEqual(pts.sort(), ['10,2', '10,8', '5,2', '5,8']);
});

test('clipping polygons drops those outside and holes outside', () => {
  const inside = [[0, 0, 4, 0, 4, 4, 0, 4], [1, 1, 2, 1, 2, 2]];
  const outside = [[50, 50, 60, 50, 60, 60]];
  const holeOut = [[-20, -20, 30, -20, 30, 30, -20, 30], [20, 20, 25, 20, 25, 25]];
  const out = clipPolygons([inside, outside, holeOut], 0, 10);
  assert.equal(out.length, 2);
  assert.equal(out[0].length, 2, 'the hole inside stays');
  assert.equal(out[1].length, 1, 'the hole outside the square is dropped');
});

test('the LRU cache keeps to its byte budget and drops the least recently used first', () => {
  const c = new LruCache(100);
  c.set('a', new Uint8Array(40));
  c.set('b', new Uint8Array(40));
  assert.ok(c.get('a'));
  c.set('c', new Uint8Array(40));
  assert.equal(c.get('b'), undefined, 'b was used least recently');
  assert.ok(c.get('a') && c.get('c'));
  c.set('huge', new Uint8Array(200));
  assert.equal(c.get('huge'), undefined, 'larger than the whole budget: not kept');
  c.clear();
  assert.equal(c.size, 0);
});
