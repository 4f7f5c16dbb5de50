import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas, TH_ADMIN_DIR } from '../testing/fixtures.ts';
import { bumpBoundaryVersion } from '../tiles/repository.ts';

// One app on the default configuration; the PMTiles test starts its own.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

/** The box of a province in the fixture file. */
function provinceBox(code: string): [number, number, number, number] {
  const fc = JSON.parse(readFileSync(join(TH_ADMIN_DIR, 'provinces.geojson'), 'utf8'));
  const f = fc.features.find((x: any) => x.properties.adm1_pcode === `TH${code}`);
  const pts: number[][] = f.geometry.coordinates.flat(f.geometry.type === 'Polygon' ? 1 : 2);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

test('/api/config without sign-in: no basemap by default, extent of the provinces, boundary version, no demo', async () => {
  const empty = await t.app.inject({ url: '/api/config' });
  assert.equal(empty.statusCode, 200);
  assert.deepEqual(empty.json(), { basemap: { type: 'none', url: null, attribution: null }, extent: null, boundaryVersion: 1, hasDemo: false });
  await loadRealAreas(t.db, ['32']);
  const v = await bumpBoundaryVersion(t.db);
  const cfg = (await t.app.inject({ url: '/api/config' })).json();
  assert.equal(cfg.boundaryVersion, v);
  const expected = provinceBox('32');
  cfg.extent.forEach((v: number, i: number) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `extent ${cfg.extent} vs Surin ${expected}`));
  await t.db.query("UPDATE area SET is_demo = true WHERE code = '32'");
  assert.equal((await t.app.inject({ url: '/api/config' })).json().hasDemo, true);
});

test('national borders: Thailand and its five neighbours from Natural Earth, without sign-in', async () => {
  const res = await t.app.inject({ url: '/api/basemap/borders.geojson' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  const fc = res.json();
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(fc.features.map((f: any) => f.properties.name).sort(), ['Cambodia', 'Laos', 'Malaysia', 'Myanmar', 'Thailand', 'Vietnam']);
  const th = fc.features.find((f: any) => f.properties.name === 'Thailand');
  assert.equal(th.geometry.type, 'MultiPolygon');
  const lons = th.geometry.coordinates.flat(2).map((c: number[]) => c[0]);
  const lats = th.geometry.coordinates.flat(2).map((c: number[]) => c[1]);
  // Thailand spans about 97.3-105.6 E and 5.6-20.5 N.
  assert.ok(Math.min(...lons) > 97 && Math.max(...lons) < 106);
  assert.ok(Math.min(...lats) > 5 && Math.max(...lats) < 21);
});

test('the PMTiles basemap is served with HTTP range requests', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'comap-pmtiles-'));
  const file = join(dir, 'thailand.pmtiles');
  const bytes = randomBytes(40_000);
  writeFileSync(file, bytes);
  const pm = await startTestApp({ basemapPmtiles: file, basemapAttribution: '© OpenMapTiles © OpenStreetMap' });
  try {
    await rangeChecks(pm, bytes);
  } finally {
    await pm.close();
  }
});

async function rangeChecks(t: TestApp, bytes: Buffer): Promise<void> {
  const cfg = (await t.app.inject({ url: '/api/config' })).json();
  assert.deepEqual(cfg.basemap, { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution: '© OpenMapTiles © OpenStreetMap' });

  const head = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=0-16383' } });
  assert.equal(head.statusCode, 206);
  assert.equal(head.headers['content-range'], 'bytes 0-16383/40000');
  assert.equal(head.headers['accept-ranges'], 'bytes');
  assert.equal(Number(head.headers['content-length']), 16384);
  assert.ok(head.rawPayload.equals(bytes.subarray(0, 16384)));
  const etag = head.headers.etag as string;
  assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/, 'a strong ETag, which the PMTiles client checks');

  const middle = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=30000-30999' } });
  assert.equal(middle.statusCode, 206);
  assert.equal(middle.headers['content-range'], 'bytes 30000-30999/40000');
  assert.ok(middle.rawPayload.equals(bytes.subarray(30000, 31000)));
  assert.equal(middle.headers.etag, etag);

  const tail = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=-100' } });
  assert.equal(tail.statusCode, 206);
  assert.ok(tail.rawPayload.equals(bytes.subarray(39900)));

  const past = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=40000-40100' } });
  assert.equal(past.statusCode, 416);
  assert.equal(past.headers['content-range'], 'bytes */40000');

  const whole = await t.app.inject({ url: '/basemap/basemap.pmtiles' });
  assert.equal(whole.statusCode, 200);
  assert.equal(Number(whole.headers['content-length']), 40000);
  assert.ok(whole.rawPayload.equals(bytes));

  const stale = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=0-9', 'if-range': '"another-file"' } });
  assert.equal(stale.statusCode, 200, 'a range of another version of the file is answered with the whole file');

  const h = await t.app.inject({ method: 'HEAD', url: '/basemap/basemap.pmtiles' });
  assert.equal(h.statusCode, 200);
  assert.equal(h.headers['accept-ranges'], 'bytes');
}

test('without BASEMAP_PMTILES there is no basemap file', async () => {
  const res = await t.app.inject({ url: '/basemap/basemap.pmtiles', headers: { range: 'bytes=0-99' } });
  assert.equal(res.statusCode, 404);
});
