import { test } from 'node:test';
import assert from 'node:assert/strict';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { MvtLayer, encodeTile, ringArea2 } from './mvt-encoder.ts';

function decode(bytes: Uint8Array): VectorTile {
  // The decoder declares its own copy of the pbf reader type.
  return new VectorTile(new Pbf(bytes) as any);
}

/** Twice the signed area of a decoded ring, by the surveyor's formula in tile coordinates. */
function area2(ring: Array<{ x: number; y: number }>): number {
  const flat: number[] = [];
  for (const p of ring) flat.push(p.x, p.y);
  // The decoder repeats the first point to close a ring; the formula does not need it.
  if (flat.length >= 4 && flat[0] === flat[flat.length - 2] && flat[1] === flat[flat.length - 1]) flat.length -= 2;
  return ringArea2(flat);
}

test('points keep their position, id and properties of every type', () => {
  const layer = new MvtLayer('incidents');
  layer.addPoint(10, 4000, { cluster: 0, id: 42, category: 'drugs', severity: 3, ratio: 0.25, neg: -7, ok: true }, 42);
  layer.addPoint(4095.4, 0, { cluster: 1, count: 12, top_category: 'flood' });
  const tile = decode(encodeTile([layer])!);
  const l = tile.layers.incidents;
  assert.equal(l.length, 2);
  assert.equal(l.extent, 4096);
  assert.equal(l.version, 2);
  const f = l.feature(0);
  assert.equal(f.type, 1);
  assert.equal(f.id, 42);
  assert.deepEqual(f.loadGeometry().map((r) => r.map((p) => [p.x, p.y])), [[[10, 4000]]]);
  assert.deepEqual({ ...f.properties }, { cluster: 0, id: 42, category: 'drugs', severity: 3, ratio: 0.25, neg: -7, ok: true });
  const g = l.feature(1);
  assert.equal(g.id, undefined);
  assert.deepEqual(g.loadGeometry()[0].map((p) => [p.x, p.y]), [[4095, 0]]);
  assert.deepEqual({ ...g.properties }, { cluster: 1, count: 12, top_category: 'flood' });
});

test('keys and values are stored once however many features use them', () => {
  const many = new MvtLayer('incidents');
  for (let i = 0; i < 1000; i++) many.addPoint(i, i, { category: 'drugs', severity: 3, status: 'verified' });
  const one = new MvtLayer('incidents');
  one.addPoint(0, 0, { category: 'drugs', severity: 3, status: 'verified' });
  const bytesMany = encodeTile([many])!.length;
  const bytesOne = encodeTile([one])!.length;
  // Each extra feature costs its tags and geometry (about 15 bytes), never the strings again.
  assert.ok((bytesMany - bytesOne) / 999 < 20, `per-feature cost ${(bytesMany - bytesOne) / 999} bytes`);
  const l = decode(encodeTile([many])!).layers.incidents;
  assert.deepEqual({ ...l.feature(999).properties }, { category: 'drugs', severity: 3, status: 'verified' });
  // A number and the same digits as a string stay distinct values.
  const mixed = new MvtLayer('m');
  mixed.addPoint(1, 1, { a: 1, b: '1' });
  assert.deepEqual({ ...decode(encodeTile([mixed])!).layers.m.feature(0).properties }, { a: 1, b: '1' });
});

test('null and undefined properties are left out', () => {
  const layer = new MvtLayer('province');
  layer.addPoint(1, 2, { code: '32', name_en: null, other: undefined });
  assert.deepEqual({ ...decode(encodeTile([layer])!).layers.province.feature(0).properties }, { code: '32' });
});

test('polygons: exterior rings come out clockwise (y down) and holes counter-clockwise, whatever the input order', () => {
  const layer = new MvtLayer('subdistrict');
  // Exterior given counter-clockwise on screen, hole given clockwise: both must be turned.
  const outer = [0, 0, 0, 100, 100, 100, 100, 0, 0, 0];
  const hole = [20, 20, 80, 20, 80, 80, 20, 80];
  assert.ok(layer.addPolygons([[outer, hole]], { code: '320101' }, 320101));
  // A second part already in the right order, with a repeated point.
  layer.addPolygons([[[200, 200, 300, 200, 300, 200, 300, 300, 200, 300]]], { code: '320102' }, 320102);
  const l = decode(encodeTile([layer])!).layers.subdistrict;
  const f = l.feature(0);
  assert.equal(f.type, 3);
  assert.equal(f.id, 320101);
  const rings = f.loadGeometry();
  assert.equal(rings.length, 2);
  assert.ok(area2(rings[0]) > 0, 'exterior has positive area in tile coordinates');
  assert.ok(area2(rings[1]) < 0, 'hole has negative area');
  assert.equal(area2(rings[0]), 2 * 100 * 100);
  assert.equal(area2(rings[1]), -2 * 60 * 60);
  const sorted = (r: Array<{ x: number; y: number }>) => r.map((p) => `${p.x},${p.y}`).sort();
  assert.deepEqual([...new Set(sorted(rings[0]))], ['0,0', '0,100', '100,0', '100,100']);
  const second = l.feature(1).loadGeometry();
  assert.equal(second.length, 1);
  assert.equal(second[0].length, 5, 'four distinct corners plus the closing point the decoder adds');
  // The GeoJSON of the decoded tile is a proper polygon with its hole.
  const gj = f.toGeoJSON(0, 0, 0);
  assert.equal(gj.geometry.type, 'Polygon');
  assert.equal((gj.geometry as any).coordinates.length, 2);
});

test('multipolygons keep each part; degenerate rings and parts are dropped', () => {
  const layer = new MvtLayer('district');
  const ok = layer.addPolygons(
    [
      [[0, 0, 50, 0, 50, 50, 0, 50]],
      [[1000, 1000, 1000.2, 1000.1, 1000.4, 999.9]], // collapses to one point on the grid
      [[2000, 2000, 2100, 2000, 2200, 2000]], // no area
      [[3000, 3000, 3100, 3000, 3100, 3100], [3010, 3010, 3010.3, 3010.2, 3010, 3010]], // degenerate hole only
    ],
    { code: '3201' },
    3201,
  );
  assert.ok(ok);
  const rings = decode(encodeTile([layer])!).layers.district.feature(0).loadGeometry();
  assert.equal(rings.length, 2, 'the square and the triangle remain, without the degenerate hole');
  assert.ok(rings.every((r) => area2(r) > 0));
  const none = new MvtLayer('district');
  assert.equal(none.addPolygons([[[5, 5, 5.2, 5.1, 5.1, 4.9]]], { code: '3202' }), false);
  assert.equal(none.length, 0);
});

test('a multi-point feature keeps every point; geometry deltas work across negative coordinates', () => {
  const layer = new MvtLayer('village');
  layer.addMultiPoint([-64, -64, 4160, 4160, 2048, 10], { level: 4 }, 32010101);
  const rings = decode(encodeTile([layer])!).layers.village.feature(0).loadGeometry();
  assert.deepEqual(rings.map((r) => r.map((p) => [p.x, p.y])), [[[-64, -64]], [[4160, 4160]], [[2048, 10]]]);
});

test('several layers in one tile; empty layers are left out and an all-empty tile is null', () => {
  const a = new MvtLayer('province');
  a.addPolygons([[[0, 0, 4096, 0, 4096, 4096, 0, 4096]]], { code: '32', name_th: 'สุรินทร์', level: 1 }, 32);
  const b = new MvtLayer('district');
  const c = new MvtLayer('village');
  c.addPoint(5, 5, { code: '32010101' }, 32010101);
  const tile = decode(encodeTile([a, b, c])!);
  assert.deepEqual(Object.keys(tile.layers).sort(), ['province', 'village']);
  assert.equal(tile.layers.province.feature(0).properties.name_th, 'สุรินทร์');
  assert.equal(encodeTile([new MvtLayer('x'), new MvtLayer('y')]), null);
});

test('feature ids must be non-negative integers', () => {
  const layer = new MvtLayer('x');
  assert.throws(() => layer.addPoint(0, 0, {}, -1), /non-negative integer/);
  assert.throws(() => layer.addPoint(0, 0, {}, 1.5), /non-negative integer/);
});
