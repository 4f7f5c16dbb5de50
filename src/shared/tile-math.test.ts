import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MERCATOR_HALF,
  deinterleave,
  interleave,
  isValidTile,
  lonLatToMercator,
  lonLatToTile,
  mercatorTileKey,
  mercatorToLonLat,
  tileBoundsLonLat,
  tileBoundsMercator,
  tileKeyRange,
} from './tile-math.ts';

test('tile 0/0/0 is the whole Web Mercator square; tiles split it in four per zoom', () => {
  assert.deepEqual(tileBoundsMercator(0, 0, 0), { minx: -MERCATOR_HALF, miny: -MERCATOR_HALF, maxx: MERCATOR_HALF, maxy: MERCATOR_HALF });
  const b = tileBoundsMercator(1, 1, 0);
  assert.deepEqual([b.minx, b.miny, b.maxx, b.maxy], [0, 0, MERCATOR_HALF, MERCATOR_HALF]);
  const [w, s, e, n] = tileBoundsLonLat(1, 0, 1);
  assert.equal(w, -180);
  assert.equal(e, 0);
  assert.ok(Math.abs(s + 85.0511287798) < 1e-9 && Math.abs(n) < 1e-9);
});

test('longitude/latitude to tile: Surin town at z9, z10, z11 (values from the XYZ formula)', () => {
  // x = floor((lon + 180) / 360 * 2^z), y = floor((1 - asinh(tan(lat)) / pi) / 2 * 2^z)
  const expect = (z: number) => {
    const n = 2 ** z;
    const lat = (14.88 * Math.PI) / 180;
    return { x: Math.floor(((103.49 + 180) / 360) * n), y: Math.floor(((1 - Math.asinh(Math.tan(lat)) / Math.PI) / 2) * n) };
  };
  for (const z of [9, 10, 11]) assert.deepEqual(lonLatToTile(103.49, 14.88, z), expect(z));
  assert.deepEqual(lonLatToTile(103.49, 14.88, 10), { x: 806, y: 469 });
});

test('Web Mercator and longitude/latitude convert both ways', () => {
  const [mx, my] = lonLatToMercator(103.49, 14.88);
  const [lon, lat] = mercatorToLonLat(mx, my);
  assert.ok(Math.abs(lon - 103.49) < 1e-9 && Math.abs(lat - 14.88) < 1e-9);
  assert.ok(Math.abs(mx - 11520454.1) < 0.1, `x ${mx}`);
});

test('which tiles exist', () => {
  assert.ok(isValidTile(0, 0, 0));
  assert.ok(isValidTile(10, 1023, 1023));
  assert.ok(!isValidTile(10, 1024, 0));
  assert.ok(!isValidTile(-1, 0, 0));
  assert.ok(!isValidTile(23, 0, 0));
  assert.ok(!isValidTile(3, 1.5, 0));
});

test('interleaving column and row is reversible', () => {
  assert.equal(interleave(1, 0, 1), 1);
  assert.equal(interleave(0, 1, 1), 2);
  assert.equal(interleave(3, 3, 2), 15);
  for (const [c, r, bits] of [[0, 0, 5], [31, 0, 5], [12345, 6789, 24], [16777215, 16777215, 24]]) {
    assert.deepEqual(deinterleave(interleave(c, r, bits), bits), { col: c, row: r });
  }
});

test('a point is in a tile exactly when its key is in the tile key range, at every zoom', () => {
  const places: Array<[number, number]> = [[103.49, 14.88], [100.5018, 13.7563], [-0.0001, 0.0001], [179.99, -84.9]];
  for (const [lon, lat] of places) {
    const [mx, my] = lonLatToMercator(lon, lat);
    const key = mercatorTileKey(mx, my);
    for (let z = 0; z <= 22; z++) {
      const { x, y } = lonLatToTile(lon, lat, z);
      const r = tileKeyRange(z, x, y);
      assert.ok(key >= r.lo && key < r.hi, `${lon},${lat} in its tile at z${z}`);
      const next = tileKeyRange(z, (x + 1) % 2 ** z, y);
      if (2 ** z > 1) assert.ok(key < next.lo || key >= next.hi, `${lon},${lat} not in the neighbour at z${z}`);
    }
  }
  assert.deepEqual(tileKeyRange(0, 0, 0), { lo: 0, hi: 2 ** 48 });
  assert.throws(() => tileKeyRange(25, 0, 0), /up to 24/);
});
