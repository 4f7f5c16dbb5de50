import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGeometry, findProblem, THAILAND_BOUNDS, type Lonlat } from './geometry-check.ts';

const square: Lonlat[] = [[103, 14], [104, 14], [104, 15], [103, 15], [103, 14]];

test('a valid polygon comes back untouched, with no repairs', () => {
  const input = { type: 'Polygon', coordinates: [square] };
  const copy = structuredClone(input);
  const r = checkGeometry(input, { expect: 'polygon', bounds: THAILAND_BOUNDS });
  assert.ok(r.ok);
  assert.deepEqual(r.repairs, []);
  assert.deepEqual(r.geometry, copy);
});

test('a valid polygon with a hole keeps its hole and gets RFC 7946 orientation', () => {
  const cwShell = [...square].reverse();
  const hole: Lonlat[] = [[103.2, 14.2], [103.8, 14.2], [103.8, 14.8], [103.2, 14.8], [103.2, 14.2]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [cwShell, hole] }, { expect: 'polygon' });
  assert.ok(r.ok);
  assert.deepEqual(r.repairs, [], 'orientation is normalised silently');
  const [shell, h] = (r.geometry as unknown as { coordinates: Lonlat[][] }).coordinates;
  assert.deepEqual(shell, square, 'outer ring counter-clockwise');
  assert.deepEqual(h, [...hole].reverse(), 'hole clockwise');
});

test('a bow-tie is repaired into two triangles and the repair is reported', () => {
  const bow = [[103, 14], [104, 15], [104, 14], [103, 15], [103, 14]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [bow] }, { expect: 'polygon' });
  assert.ok(r.ok, 'repaired');
  assert.equal(r.geometry.type, 'MultiPolygon');
  const parts = (r.geometry as unknown as { coordinates: Lonlat[][][] }).coordinates;
  assert.equal(parts.length, 2);
  assert.equal(r.repairs.length, 1);
  assert.match(r.repairs[0], /crosses itself near \[103\.5, 14\.5\].*repaired as 2 polygons/);
  assert.equal(findProblem(parts), null, 'the result is valid');
});

test('detect-only mode rejects the bow-tie with the reason', () => {
  const bow = [[103, 14], [104, 15], [104, 14], [103, 15], [103, 14]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [bow] }, { expect: 'polygon', repair: false });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /self-intersection/);
});

test('an unclosed ring is closed and reported; consecutive duplicate points are dropped', () => {
  const open = [[103, 14], [104, 14], [104, 14], [104, 15], [103, 15]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [open] }, { expect: 'polygon' });
  assert.ok(r.ok);
  assert.deepEqual(r.repairs, ['closed 1 unclosed ring']);
  assert.deepEqual((r.geometry as unknown as { coordinates: Lonlat[][] }).coordinates[0], square);
});

test('NaN, Infinity and text coordinates are rejected with the position', () => {
  const nan = [[103, 14], [104, NaN], [104, 15], [103, 15], [103, 14]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [nan] }, { expect: 'polygon' });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /ring 1, position 2: the coordinates are not finite numbers/);
  const inf = checkGeometry({ type: 'Point', coordinates: [Infinity, 14] }, { expect: 'point' });
  assert.match((inf as { error: string }).error, /not finite/);
  const txt = checkGeometry({ type: 'Point', coordinates: ['103', '14'] }, { expect: 'point' });
  assert.match((txt as { error: string }).error, /not numbers/);
});

test('swapped longitude and latitude are named as such', () => {
  const swapped = square.map(([x, y]) => [y, x]);
  const r = checkGeometry({ type: 'Polygon', coordinates: [swapped] }, { expect: 'polygon', bounds: THAILAND_BOUNDS });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /longitude and latitude (are|look) swapped/);
  // Without a region, a latitude over 90 still gives the hint.
  const p = checkGeometry({ type: 'Point', coordinates: [14.88, 103.49] }, { expect: 'point' });
  assert.match((p as { error: string }).error, /latitude 103.49 is outside -90..90 \(longitude and latitude look swapped/);
});

test('projected (UTM) coordinates and points outside the region are rejected', () => {
  const utm = checkGeometry({ type: 'Point', coordinates: [338000, 1645000] }, { expect: 'point' });
  assert.match((utm as { error: string }).error, /longitude 338000 is outside -180..180 \(is the layer projected/);
  const paris = checkGeometry({ type: 'Point', coordinates: [2.35, 48.85] }, { expect: 'point', bounds: THAILAND_BOUNDS });
  assert.match((paris as { error: string }).error, /outside the expected region/);
});

test('wrong geometry types are refused with the type named', () => {
  const line = checkGeometry({ type: 'LineString', coordinates: [[103, 14], [104, 15]] }, { expect: 'polygon' });
  assert.match((line as { error: string }).error, /LineString: a boundary must be a Polygon or MultiPolygon/);
  const poly = checkGeometry({ type: 'Polygon', coordinates: [square] }, { expect: 'point' });
  assert.match((poly as { error: string }).error, /a village must be a Point/);
  assert.match((checkGeometry(null, { expect: 'polygon' }) as { error: string }).error, /missing/);
});

test('a ring with fewer than three distinct points is rejected, a degenerate hole is dropped', () => {
  const r = checkGeometry({ type: 'Polygon', coordinates: [[[103, 14], [104, 14], [103, 14]]] }, { expect: 'polygon' });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /no polygon with an area/);
  const withHole = checkGeometry({ type: 'Polygon', coordinates: [square, [[103.5, 14.5], [103.6, 14.5], [103.5, 14.5]]] }, { expect: 'polygon' });
  assert.ok(withHole.ok);
  assert.match(withHole.repairs[0], /removed 1 hole/);
  assert.equal((withHole.geometry as { coordinates: unknown[] }).coordinates.length, 1);
});

test('overlapping parts of a MultiPolygon and a hole outside its shell are repaired', () => {
  const a = [[[103, 14], [104, 14], [104, 15], [103, 15], [103, 14]]];
  const b = [[[103.5, 14.5], [104.5, 14.5], [104.5, 15.5], [103.5, 15.5], [103.5, 14.5]]];
  const r = checkGeometry({ type: 'MultiPolygon', coordinates: [a, b] }, { expect: 'polygon' });
  assert.ok(r.ok);
  assert.match(r.repairs[0], /polygons 1 and 2 overlap/);
  assert.equal((r.geometry as { coordinates: unknown[] }).coordinates.length, 1, 'merged into one');
  const outside = [[105, 16], [105.5, 16], [105.5, 16.5], [105, 16]];
  const h = checkGeometry({ type: 'Polygon', coordinates: [square, outside] }, { expect: 'polygon' });
  assert.ok(h.ok);
  assert.match(h.repairs[0], /hole 1 lies outside its outer ring/);
});

test('an island inside a lake is valid; a part inside another part is not', () => {
  const lake: Lonlat[] = [[103.2, 14.2], [103.8, 14.2], [103.8, 14.8], [103.2, 14.8], [103.2, 14.2]];
  const island: Lonlat[] = [[103.4, 14.4], [103.6, 14.4], [103.6, 14.6], [103.4, 14.6], [103.4, 14.4]];
  assert.equal(findProblem([[square, [...lake].reverse()], [island]]), null);
  assert.match(findProblem([[square], [island]]) ?? '', /polygon 2 lies inside polygon 1/);
});

test('a figure-eight ring that touches itself at a vertex is found', () => {
  const eight: Lonlat[] = [[103, 14], [104, 15], [105, 14], [105, 16], [104, 15], [103, 16], [103, 14]];
  assert.match(findProblem([[eight]]) ?? '', /touches itself near \[104, 15\]/);
  const spike: Lonlat[] = [[103, 14], [104, 14], [104, 15], [104.5, 15.5], [104, 15], [103, 15], [103, 14]];
  assert.match(findProblem([[spike]]) ?? '', /doubles back|touches itself/);
});

test('a hole touching its shell at one point is valid', () => {
  const hole: Lonlat[] = [[103, 14.5], [103.5, 14.7], [103.5, 14.3], [103, 14.5]];
  assert.equal(findProblem([[square, hole]]), null);
});

test('big rings are checked quickly (grid, not all pairs)', () => {
  // A star-shaped ring of 200,000 vertices, valid, then the same with one crossing.
  const n = 200_000;
  const ring: Lonlat[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const rad = 0.5 + 0.1 * Math.sin(a * 500);
    ring.push([103.5 + rad * Math.cos(a), 14.5 + rad * Math.sin(a)]);
  }
  ring.push(ring[0]);
  const t0 = performance.now();
  const ok = checkGeometry({ type: 'Polygon', coordinates: [ring] }, { expect: 'polygon', repair: false });
  const ms = performance.now() - t0;
  assert.ok(ok.ok, (ok as { error?: string }).error);
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  const bad = ring.slice();
  const k = 1000;
  [bad[k], bad[k + 1]] = [bad[k + 1], bad[k]];
  const r = checkGeometry({ type: 'Polygon', coordinates: [bad] }, { expect: 'polygon', repair: false });
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /crosses itself/);
});
