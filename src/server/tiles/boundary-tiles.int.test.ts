import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { lonLatToTile, tileBoundsMercator } from '../../shared/tile-math.ts';
import { ringArea2 } from './mvt-encoder.ts';
import { bumpBoundaryVersion } from './repository.ts';

// Surin town, in sub-district 320101 (ในเมือง, Nai Mueang).
const SURIN: [number, number] = [103.49, 14.88];

let t: TestApp;
before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
});
after(async () => t?.close());

function decode(body: Buffer): VectorTile {
  return new VectorTile(new Pbf(new Uint8Array(body)) as any);
}

function features(tile: VectorTile, layer: string) {
  const l = tile.layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

async function getTile(z: number, lon: number, lat: number, headers: Record<string, string> = {}) {
  const { x, y } = lonLatToTile(lon, lat, z);
  return t.app.inject({ url: `/tiles/boundaries/${z}/${x}/${y}.mvt`, headers });
}

for (const z of [9, 10, 11]) {
  test(`boundary tile z${z} over Surin town holds sub-district 320101 with its Thai name, its district and province`, async () => {
    const res = await getTile(z, ...SURIN);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    const tile = decode(res.rawPayload);
    const sub = features(tile, 'subdistrict').find((f) => f.properties.code === '320101');
    assert.ok(sub, 'sub-district 320101 is in the tile');
    assert.equal(sub.id, 320101);
    assert.equal(sub.type, 3);
    assert.deepEqual({ ...sub.properties }, { code: '320101', name_th: 'ในเมือง', name_en: 'Nai Mueang', level: 3 });
    assert.ok(features(tile, 'district').some((f) => f.properties.code === '3201' && f.properties.name_en === 'Mueang Surin'));
    const province = features(tile, 'province').find((f) => f.properties.code === '32');
    assert.equal(province?.properties.name_th, 'สุรินทร์');
    assert.equal(tile.layers.village, undefined, 'no village layer below z12 (and no villages loaded)');
    for (const name of ['province', 'district', 'subdistrict']) {
      for (const f of features(tile, name)) {
        assert.equal(f.extent, 4096);
        const rings = f.loadGeometry();
        assert.ok(rings.length > 0);
        // The first ring of every polygon is an exterior: positive area in tile coordinates.
        const flat = rings[0].flatMap((p) => [p.x, p.y]);
        assert.ok(ringArea2(flat.slice(0, -2)) > 0, `${name} ${f.properties.code}: exterior ring wound clockwise`);
        for (const p of rings.flat()) {
          assert.ok(p.x >= -64 && p.x <= 4160 && p.y >= -64 && p.y <= 4160, `${name} ${f.properties.code}: clipped to the tile and its buffer`);
        }
      }
    }
  });
}

test('a sub-district keeps its area in the tile (clipping and simplification do not distort it)', async () => {
  const z = 11;
  const { x, y } = lonLatToTile(...SURIN, z);
  const res = await t.app.inject({ url: `/tiles/boundaries/${z}/${x}/${y}.mvt` });
  const sub = features(decode(res.rawPayload), 'subdistrict').find((f) => f.properties.code === '320101')!;
  let area2 = 0;
  for (const ring of sub.loadGeometry()) area2 += ringArea2(ring.flatMap((p) => [p.x, p.y]).slice(0, -2));
  const box = tileBoundsMercator(z, x, y);
  const k = 4096 / (box.maxx - box.minx);
  const expected = (
    await t.db.query<{ a: number }>(
      `SELECT ST_Area(ST_Intersection(ST_Transform(geom, 3857), ST_MakeEnvelope($1, $2, $3, $4, 3857))) AS a FROM area WHERE code = '320101'`,
      [box.minx, box.miny, box.maxx, box.maxy],
    )
  ).rows[0].a;
  const inTile = area2 / 2 / k / k;
  // The tile holds the part inside the tile plus whatever lies in the 64-unit buffer.
  assert.ok(inTile >= expected * 0.99, `area in tile ${inTile.toFixed(0)} m² vs ${expected.toFixed(0)} m² inside the tile`);
  const whole = (await t.db.query<{ a: number }>(`SELECT ST_Area(ST_Transform(geom, 3857)) AS a FROM area WHERE code = '320101'`)).rows[0].a;
  assert.ok(inTile <= whole * 1.01, 'never more than the whole sub-district');
});

test('main map tiles: districts from z7 and sub-districts from z9; provinces at every zoom', async () => {
  const layersAt = async (z: number) => {
    const res = await getTile(z, ...SURIN);
    assert.equal(res.statusCode, 200);
    return Object.keys(decode(res.rawPayload).layers).sort();
  };
  assert.deepEqual(await layersAt(5), ['province']);
  assert.deepEqual(await layersAt(7), ['district', 'province']);
  assert.deepEqual(await layersAt(8), ['district', 'province']);
  assert.deepEqual(await layersAt(9), ['district', 'province', 'subdistrict']);
});

test('analysis map tiles: districts and sub-districts from z6, so a whole province can be coloured', async () => {
  const tile = async (z: number) => {
    const { x, y } = lonLatToTile(...SURIN, z);
    const res = await t.app.inject({ url: `/tiles/subdistricts/${z}/${x}/${y}.mvt` });
    assert.equal(res.statusCode, 200, `z${z}`);
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    return decode(res.rawPayload);
  };
  assert.deepEqual(Object.keys((await tile(5)).layers).sort(), ['province']);
  for (const z of [6, 7, 8, 9]) assert.deepEqual(Object.keys((await tile(z)).layers).sort(), ['district', 'province', 'subdistrict'], `z${z}`);
  // Every sub-district of Surin is in the z6 tile over it (the province lies inside one z6 tile).
  const z6 = features(await tile(6), 'subdistrict').map((f) => f.properties.code as string);
  const all = (await t.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '32' ORDER BY code`)).rows.map((r) => r.code);
  assert.deepEqual([...new Set(z6)].sort(), all);
});

test('villages are points from z12 on, each in the one tile that contains it', async () => {
  const [lon, lat] = [103.4935, 14.8838];
  await t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom)
     VALUES ('32010101', 4, '320101', '32', 'บ้านทดสอบ', 'Ban Thotsop', ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
    [lon, lat],
  );
  await bumpBoundaryVersion(t.db);
  const res = await getTile(13, lon, lat);
  const village = features(decode(res.rawPayload), 'village');
  assert.equal(village.length, 1);
  assert.equal(village[0].id, 32010101);
  assert.equal(village[0].type, 1);
  assert.deepEqual({ ...village[0].properties }, { code: '32010101', name_th: 'บ้านทดสอบ', name_en: 'Ban Thotsop', level: 4 });
  const low = await getTile(11, lon, lat);
  assert.equal(decode(low.rawPayload).layers.village, undefined);
  const { x, y } = lonLatToTile(lon, lat, 13);
  const next = await t.app.inject({ url: `/tiles/boundaries/13/${x + 1}/${y}.mvt` });
  if (next.statusCode === 200) assert.equal(features(decode(next.rawPayload), 'village').length, 0);
});

test('a tile over the sea is empty: 204 without a body', async () => {
  const res = await getTile(9, 101.0, 11.0); // Gulf of Thailand
  assert.equal(res.statusCode, 204);
  assert.equal(res.rawPayload.length, 0);
  const again = await getTile(9, 101.0, 11.0);
  assert.equal(again.statusCode, 204, 'the empty tile is cached as empty');
});

test('boundary tiles are public, cached under the boundary version with an ETag, and rebuilt when it moves', async () => {
  const first = await getTile(10, ...SURIN);
  assert.equal(first.statusCode, 200, 'no sign-in needed');
  const etag = first.headers.etag as string;
  assert.match(etag, /^"b\d+"$/);
  const notModified = await getTile(10, ...SURIN, { 'if-none-match': etag });
  assert.equal(notModified.statusCode, 304);
  assert.equal(notModified.rawPayload.length, 0);
  const { x, y } = lonLatToTile(...SURIN, 10);
  const cached = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tile_cache WHERE layer = 'boundaries' AND z = 10 AND x = $1 AND y = $2`, [x, y]);
  assert.equal(cached.rows[0].n, 1, 'stored in tile_cache');

  // A renamed area shows only once the boundary version moves (the cache is keyed by it).
  await t.db.query(`UPDATE area SET name_th = 'ในเมืองใหม่' WHERE code = '320101'`);
  const stale = await getTile(10, ...SURIN);
  assert.equal(features(decode(stale.rawPayload), 'subdistrict').find((f) => f.properties.code === '320101')?.properties.name_th, 'ในเมือง');
  const version = await bumpBoundaryVersion(t.db);
  const fresh = await getTile(10, ...SURIN, { 'if-none-match': etag });
  assert.equal(fresh.statusCode, 200, 'the old ETag no longer matches');
  assert.equal(fresh.headers.etag, `"b${version}"`);
  assert.equal(features(decode(fresh.rawPayload), 'subdistrict').find((f) => f.properties.code === '320101')?.properties.name_th, 'ในเมืองใหม่');
  const old = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tile_cache WHERE version < $1`, [version]);
  assert.equal(old.rows[0].n, 0, 'tiles of older versions are dropped');
  await t.db.query(`UPDATE area SET name_th = 'ในเมือง' WHERE code = '320101'`);
  await bumpBoundaryVersion(t.db);
});

test('a tile that does not exist is a 400 that says why', async () => {
  const res = await t.app.inject({ url: '/tiles/boundaries/3/8/0.mvt' });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().message, /does not exist/);
  assert.equal((await t.app.inject({ url: '/tiles/boundaries/23/0/0.mvt' })).statusCode, 400);
  assert.equal((await t.app.inject({ url: '/tiles/boundaries/a/0/0.mvt' })).statusCode, 400);
});
