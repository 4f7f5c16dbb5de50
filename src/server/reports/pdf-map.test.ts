import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bboxOf, fitProjection, overlapArea, parsePolygons, placeLabels, scaleBarKm, type MapFeature } from './pdf-map.ts';

test('the projection keeps the shape: a square of ground stays square on the page at 15° N', () => {
  // 0.5° of longitude at 15° N is 0.5 * cos(15°) ≈ 0.483° of ground; the box is wider than tall.
  const p = fitProjection([103, 14.5, 103.5, 15], { x: 10, y: 20, width: 400, height: 200 });
  assert.equal(Math.round(p.height), 200, 'the height limits');
  assert.ok(Math.abs(p.width / p.height - Math.cos((14.75 * Math.PI) / 180)) < 1e-9);
  const [x0, y0] = p.project(103, 15);
  const [x1, y1] = p.project(103.5, 14.5);
  assert.ok(Math.abs(y0 - 20) < 1e-9 && Math.abs(y1 - 220) < 1e-9, 'north at the top');
  assert.ok(Math.abs(x0 + x1 - 2 * (10 + 200)) < 1e-9, 'centred across the box');
  // A degree of latitude is 111 km.
  assert.ok(Math.abs(p.pointsPerKm * 111.195 - 200 / 0.5) < 1e-6);
});

test('scale bars are round numbers of kilometres no longer than asked', () => {
  assert.equal(scaleBarKm(4, 90), 20, '90 pt is 22.5 km: 20 km');
  assert.equal(scaleBarKm(1, 90), 50);
  assert.equal(scaleBarKm(30, 90), 2.5);
});

test('GeoJSON polygons, multipolygons and collections give their rings; anything else gives none', () => {
  const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
  assert.deepEqual(parsePolygons(JSON.stringify({ type: 'Polygon', coordinates: [ring] })), [[ring]]);
  assert.deepEqual(parsePolygons(JSON.stringify({ type: 'MultiPolygon', coordinates: [[ring], [ring]] })).length, 2);
  assert.deepEqual(parsePolygons(JSON.stringify({ type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [ring] }, { type: 'Point', coordinates: [0, 0] }] })), [[ring]]);
  assert.deepEqual(parsePolygons(JSON.stringify({ type: 'Point', coordinates: [0, 0] })), []);
  assert.deepEqual(parsePolygons(null), []);
  const f: MapFeature = { code: '32', level: 1, nameTh: 'สุรินทร์', polygons: [[[[103, 14], [104, 14.5], [103.5, 15.5], [103, 14]]]], point: null };
  assert.deepEqual(bboxOf([f]), [103, 14, 104, 15.5]);
});

test('labels go to the first place that covers nothing, else where they cover least', () => {
  const frame = { x: 0, y: 0, w: 100, h: 100 };
  const fixed = [{ x: 40, y: 40, w: 20, h: 20 }];
  // The first candidate sits on the fixed box, the second is free.
  const [a] = placeLabels(fixed, [{ w: 10, h: 10, candidates: [[50, 50], [20, 20]] }], frame);
  assert.deepEqual(a, { x: 15, y: 15, w: 10, h: 10 });
  // A second label may not sit on the first one, nor outside the frame.
  const [, b] = placeLabels(fixed, [{ w: 10, h: 10, candidates: [[20, 20]] }, { w: 10, h: 10, candidates: [[22, 22], [-20, 50], [80, 80]] }], frame);
  assert.deepEqual(b, { x: 75, y: 75, w: 10, h: 10 });
  // Nowhere free: the least covered place.
  const [c] = placeLabels([{ x: 0, y: 0, w: 100, h: 60 }], [{ w: 10, h: 10, candidates: [[50, 50], [50, 58], [50, 110]] }], frame);
  assert.equal(c!.y, 53, 'partly on the box beats all on it, and beats off the map');
  assert.deepEqual(placeLabels([], [{ w: 1, h: 1, candidates: [] }], frame), [null]);
  assert.equal(overlapArea({ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 1, w: 2, h: 2 }), 1);
  assert.equal(overlapArea({ x: 0, y: 0, w: 1, h: 1 }, { x: 1, y: 0, w: 1, h: 1 }), 0, 'touching is not overlapping');
});
