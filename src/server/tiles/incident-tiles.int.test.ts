import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { lonLatToTile, mercatorTileKey, tileBoundsLonLat } from '../../shared/tile-math.ts';
import { fiscalQuarterPeriod } from '../../shared/fiscal.ts';
import { MAX_POINTS } from './service.ts';
import { rawIncidentTileSql } from './repository.ts';

let t: TestApp;
let admin: string;
let viewer: string;

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  admin = await t.userCookie('admin');
  viewer = await t.userCookie('viewer');
});
after(async () => t?.close());
// Every test starts without incidents and makes its own.
beforeEach(async () => {
  await t.db.query('DELETE FROM incident');
});

interface Seeded {
  id: number;
  lon: number;
  lat: number;
  category: string;
  classification: string;
  status: string;
  severity: number;
  occurredAt: string;
  subdistrict: string;
}

interface SeedOptions {
  categories?: string[];
  classifications?: string[];
  statuses?: string[];
  times?: string[];
  /** Points inside this lon/lat box instead of inside the sub-district. */
  box?: [number, number, number, number];
}

/** Inserts n incidents at random (seeded) points inside a sub-district; attributes cycle through the lists. */
async function seed(subdistrict: string, n: number, o: SeedOptions = {}): Promise<Seeded[]> {
  const r = await t.db.query<any>(
    `WITH pts AS (
       SELECT d.geom AS g, d.path[1] AS i
       FROM area a, ST_Dump(ST_GeneratePoints(CASE WHEN $8::float8[] IS NULL THEN a.geom
                                                   ELSE ST_MakeEnvelope($8[1], $8[2], $8[3], $8[4], 4326) END, $2, 7)) d
       WHERE a.code = $1
     )
     INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code,
                           severity, status, source, classification, description)
     SELECT (SELECT id FROM category WHERE code = ($3::text[])[1 + (p.i - 1) % cardinality($3::text[])]),
            ($4::timestamptz[])[1 + (p.i - 1) % cardinality($4::timestamptz[])],
            p.g, ST_X(ST_Transform(p.g, 3857)), ST_Y(ST_Transform(p.g, 3857)), $1, substr($1, 1, 4), substr($1, 1, 2),
            1 + p.i % 5, ($5::text[])[1 + (p.i - 1) % cardinality($5::text[])], 'agency',
            ($6::text[])[1 + (p.i - 1) % cardinality($6::text[])], 'test ' || $7 || ' ' || p.i
     FROM pts p
     RETURNING id, ST_X(geom) AS lon, ST_Y(geom) AS lat, (SELECT code FROM category c WHERE c.id = category_id) AS category,
               classification, status, severity, occurred_at, subdistrict_code`,
    [
      subdistrict,
      n,
      o.categories ?? ['drugs', 'flood', 'crime'],
      o.times ?? ['2023-11-15T03:00:00Z', '2024-02-10T10:30:00Z', '2024-08-01T00:00:00Z'],
      o.statuses ?? ['reported', 'verified'],
      o.classifications ?? ['public', 'internal', 'restricted'],
      subdistrict,
      o.box ?? null,
    ],
  );
  return r.rows.map((row) => ({
    id: Number(row.id),
    lon: row.lon,
    lat: row.lat,
    category: row.category,
    classification: row.classification,
    status: row.status,
    severity: row.severity,
    occurredAt: new Date(row.occurred_at).toISOString(),
    subdistrict: row.subdistrict_code,
  }));
}

interface TileFeature {
  id: number | undefined;
  props: Record<string, string | number | boolean>;
  lon: number;
  lat: number;
}

async function tile(cookie: string | null, z: number, x: number, y: number, query = '') {
  return t.app.inject({ url: `/tiles/incidents/${z}/${x}/${y}.mvt${query ? `?${query}` : ''}`, headers: cookie ? { cookie } : {} });
}

async function tileFeatures(cookie: string, z: number, x: number, y: number, query = ''): Promise<TileFeature[]> {
  const res = await tile(cookie, z, x, y, query);
  if (res.statusCode === 204) return [];
  assert.equal(res.statusCode, 200, res.body);
  const layer = new VectorTile(new Pbf(new Uint8Array(res.rawPayload)) as any).layers.incidents;
  assert.ok(layer, 'the layer is called incidents');
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    const [lon, lat] = (f.toGeoJSON(x, y, z).geometry as any).coordinates;
    return { id: f.id, props: { ...f.properties }, lon, lat };
  });
}

/** Every feature of the tiles at zoom z that cover the points. */
async function featuresOver(cookie: string, points: Array<{ lon: number; lat: number }>, z: number, query = ''): Promise<TileFeature[]> {
  const keys = new Set(points.map((p) => {
    const { x, y } = lonLatToTile(p.lon, p.lat, z);
    return `${x}/${y}`;
  }));
  const out: TileFeature[] = [];
  for (const k of keys) {
    const [x, y] = k.split('/').map(Number);
    out.push(...(await tileFeatures(cookie, z, x, y, query)));
  }
  return out;
}

const sumCounts = (fs: TileFeature[]) => fs.reduce((s, f) => s + Number(f.props.count), 0);
const ids = (xs: Array<{ id: number | undefined }>) => xs.map((x) => Number(x.id)).sort((a, b) => a - b);

test('incident tiles need a signed-in user', async () => {
  const res = await tile(null, 10, 812, 470);
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error, 'unauthorized');
});

test('the tile key in SQL is the one the tile maths expects', async () => {
  const r = await t.db.query<{ k: number; x: number; y: number }>(
    `SELECT incident_tile_key(x, y) AS k, x, y FROM (VALUES (11520000.5::float8, 1675000.25::float8), (-20037508.342789244, 20037508.342789244), (0.0, 0.0), (11000000.0, -1500000.0)) v(x, y)`,
  );
  for (const row of r.rows) assert.equal(Number(row.k), mercatorTileKey(row.x, row.y), `key of ${row.x}, ${row.y}`);
});

test('at high zoom a tile holds exactly the incidents the user may see, one point each, with their details', async () => {
  const all = await seed('320101', 45);
  const z = 14;
  const adminFeatures = await featuresOver(admin, all, z);
  assert.deepEqual(ids(adminFeatures), ids(all), 'an administrator sees every incident, once');
  const visible = all.filter((i) => i.classification !== 'restricted');
  assert.ok(visible.length < all.length);
  const viewerFeatures = await featuresOver(viewer, all, z);
  assert.deepEqual(ids(viewerFeatures), ids(visible), 'a viewer sees no restricted incident');
  for (const f of adminFeatures) {
    const inc = all.find((i) => i.id === f.id)!;
    assert.deepEqual(f.props, {
      cluster: 0,
      id: inc.id,
      category: inc.category,
      severity: inc.severity,
      status: inc.status,
      occurred: inc.occurredAt,
    });
    // One tile unit at z14 is about 0.6 m: the point is where the incident is.
    assert.ok(Math.abs(f.lon - inc.lon) < 2e-5 && Math.abs(f.lat - inc.lat) < 2e-5, `incident ${inc.id} at its place`);
  }
  const res = await tile(viewer, z, lonLatToTile(all[0].lon, all[0].lat, z).x, lonLatToTile(all[0].lon, all[0].lat, z).y);
  assert.equal(res.headers['cache-control'], 'private, max-age=60');
  assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
});

test('below z13 incidents are grid cells whose counts add up to the visible incidents, for every role', async () => {
  const all = [...(await seed('320101', 60)), ...(await seed('320201', 30))];
  const area3201 = await t.userCookie('area_officer', { areaCodes: ['3201'] });
  const areaSub = await t.userCookie('area_officer', { areaCodes: ['320201'] });
  const expectations: Array<[string, string, Seeded[]]> = [
    ['admin', admin, all],
    ['viewer', viewer, all.filter((i) => i.classification !== 'restricted')],
    ['area officer of district 3201', area3201, all.filter((i) => i.subdistrict.startsWith('3201') && i.classification !== 'restricted')],
    ['area officer of sub-district 320201', areaSub, all.filter((i) => i.subdistrict === '320201' && i.classification !== 'restricted')],
  ];
  for (const z of [5, 8, 10, 12]) {
    for (const [who, cookie, expected] of expectations) {
      const fs = await featuresOver(cookie, all, z);
      assert.ok(fs.every((f) => f.props.cluster === 1 && f.id === undefined), 'cluster features');
      assert.equal(sumCounts(fs), expected.length, `${who} at z${z}`);
    }
  }
  // At high zoom the area officer gets only their own incidents.
  const own = await featuresOver(areaSub, all, 14);
  assert.deepEqual(ids(own), ids(all.filter((i) => i.subdistrict === '320201' && i.classification !== 'restricted')));
});

test('a cell sits at the weighted centre of its incidents and names their most frequent category', async () => {
  const [lon, lat] = [103.4935, 14.8838];
  await t.db.query(
    `INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source, classification)
     SELECT (SELECT id FROM category WHERE code = c), '2024-01-01T00:00:00Z', g, ST_X(ST_Transform(g, 3857)), ST_Y(ST_Transform(g, 3857)),
            '320101', '3201', '32', 3, 'agency', 'public'
     FROM unnest(ARRAY['flood', 'drugs', 'drugs', 'drugs']) AS c,
          LATERAL (SELECT ST_SetSRID(ST_MakePoint($1::float8 + 0.001 * (c = 'flood')::int, $2::float8), 4326) AS g) p`,
    [lon, lat],
  );
  const z = 9;
  const { x, y } = lonLatToTile(lon, lat, z);
  const fs = await tileFeatures(admin, z, x, y);
  assert.equal(fs.length, 1);
  assert.equal(fs[0].props.count, 4);
  assert.equal(fs[0].props.top_category, 'drugs');
  // Three at lon, one at lon + 0.001: the centre is at lon + 0.00025 (a tile unit here is about 0.00009 degrees).
  assert.ok(Math.abs(fs[0].lon - (lon + 0.00025)) < 0.0001, `centre ${fs[0].lon}`);
  assert.ok(Math.abs(fs[0].lat - lat) < 0.0001);
});

test('the filters of the incident list work on tiles: category, period, status, area, classification', async () => {
  const all = await seed('320101', 90, {
    categories: ['drugs', 'flood', 'smuggling'],
    times: ['2023-10-05T02:00:00Z', '2024-01-20T05:00:00Z', '2024-07-01T16:59:00Z', '2024-07-01T17:00:00Z'],
    statuses: ['reported', 'verified', 'resolved'],
  });
  all.push(...(await seed('320201', 20)));
  const q1 = fiscalQuarterPeriod(2567, 1);
  const q4 = fiscalQuarterPeriod(2567, 4);
  const inPeriod = (i: Seeded, p: { start: Date; end: Date }) => new Date(i.occurredAt) >= p.start && new Date(i.occurredAt) < p.end;
  const cases: Array<[string, (i: Seeded) => boolean]> = [
    ['category=drugs', (i) => i.category === 'drugs'],
    ['category=drugs,flood', (i) => i.category === 'drugs' || i.category === 'flood'],
    ['period=2567Q1', (i) => inPeriod(i, q1)],
    // 2024-07-01T17:00Z is already 2 July in Thailand, outside the custom range.
    ['period=2024-04-01..2024-07-01', (i) => i.occurredAt >= '2024-03-31T17:00:00.000Z' && i.occurredAt < '2024-07-01T17:00:00.000Z'],
    ['period=2567Q4', (i) => inPeriod(i, q4)],
    ['status=resolved', (i) => i.status === 'resolved'],
    ['area=320201', (i) => i.subdistrict === '320201'],
    ['area=3201&category=flood&period=2567', (i) => i.subdistrict.startsWith('3201') && i.category === 'flood' && inPeriod(i, { start: new Date('2023-09-30T17:00:00Z'), end: new Date('2024-09-30T17:00:00Z') })],
    ['classification=public', (i) => i.classification === 'public'],
    ['source=volunteer', () => false],
  ];
  for (const [query, keep] of cases) {
    const expected = all.filter((i) => i.classification !== 'restricted' && keep(i));
    assert.equal(sumCounts(await featuresOver(viewer, all, 8, query)), expected.length, `${query} at z8`);
    assert.deepEqual(ids(await featuresOver(viewer, all, 13, query)), ids(expected), `${query} at z13`);
  }
  // Asking for restricted incidents does not get around need-to-know.
  assert.equal(sumCounts(await featuresOver(viewer, all, 8, 'classification=restricted')), 0);
  assert.ok(sumCounts(await featuresOver(admin, all, 8, 'classification=restricted')) > 0);
});

test('aggregated tiles are cached, yet a new, changed or deleted incident shows at once', async () => {
  const all = await seed('320101', 12, { classifications: ['public'] });
  const z = 8;
  const count = async () => sumCounts(await featuresOver(viewer, all, z));
  assert.equal(await count(), 12);
  assert.equal(await count(), 12, 'served again (from the cache)');
  await seed('320101', 3, { classifications: ['public'] });
  assert.equal(await count(), 15, 'a new incident is counted');
  await t.db.query(`UPDATE incident SET classification = 'restricted' WHERE id = $1`, [all[0].id]);
  assert.equal(await count(), 14, 'an incident made restricted disappears for a viewer');
  await t.db.query('DELETE FROM incident WHERE id = $1', [all[1].id]);
  assert.equal(await count(), 13);
  const other = await t.userCookie('viewer');
  assert.equal(sumCounts(await featuresOver(other, all, z)), 13, 'another viewer gets the same tile');
  assert.equal(sumCounts(await featuresOver(admin, all, z)), 14, 'an administrator does not get the viewer\'s tile');
});

test('bad filters are refused with the field named', async () => {
  const cases: Array<[string, string]> = [
    ['period=2567Q5', 'period'],
    ['status=closed', 'status'],
    ['area=32x', 'area'],
    ['category=DROP%20TABLE', 'category'],
    ['classification=secret', 'classification'],
  ];
  for (const [query, field] of cases) {
    const res = await tile(admin, 10, 812, 470, query);
    assert.equal(res.statusCode, 400, query);
    assert.equal(res.json().details[0].field, field, query);
  }
  assert.equal((await tile(admin, 10, 5000, 470)).statusCode, 400, 'x beyond 2^z');
  // A category created a moment ago is known at once.
  assert.equal((await tile(admin, 10, 812, 470, 'category=drugs')).statusCode, 204);
  await t.db.query(`INSERT INTO category (code, label_th, label_en, color) VALUES ('wildfire', 'ไฟป่า', 'Wildfire', '#ff5722')`);
  assert.equal((await tile(admin, 10, 812, 470, 'category=wildfire')).statusCode, 204);
});

test('an empty tile is a 204 without a body', async () => {
  await seed('320101', 5);
  const { x, y } = lonLatToTile(100.5, 13.75, 12); // Bangkok: no incident there
  const res = await tile(admin, 12, x, y);
  assert.equal(res.statusCode, 204);
  assert.equal(res.rawPayload.length, 0);
  assert.equal(res.headers['cache-control'], 'private, max-age=60');
});

test('a tile stays under 500 KB: up to the cap one point each, beyond it a fine grid that still counts every incident', async () => {
  const z = 13;
  const { x, y } = lonLatToTile(103.49, 14.88, z);
  const [w, s, e, n] = tileBoundsLonLat(z, x, y);
  const inner: [number, number, number, number] = [w + (e - w) * 0.01, s + (n - s) * 0.01, e - (e - w) * 0.01, n - (n - s) * 0.01];
  // A timestamp of its own for every incident makes every id and time a value of its own in the
  // tile: the largest point tile there can be.
  const times = Array.from({ length: MAX_POINTS }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 60_017_123).toISOString());
  await seed('320101', MAX_POINTS, { box: inner, times, classifications: ['public'] });
  const full = await tile(admin, z, x, y);
  assert.equal(full.statusCode, 200);
  assert.ok(full.rawPayload.length < 500 * 1024, `${MAX_POINTS} points: ${full.rawPayload.length} bytes`);
  console.log(`tile sizes: ${MAX_POINTS} points ${full.rawPayload.length} B`);
  const layer = new VectorTile(new Pbf(new Uint8Array(full.rawPayload)) as any).layers.incidents;
  assert.equal(layer.length, MAX_POINTS);
  assert.equal(layer.feature(0).properties.cluster, 0);

  await seed('320101', 20_000, { box: inner, times, classifications: ['public'] });
  const dense = await tile(admin, z, x, y);
  assert.equal(dense.statusCode, 200);
  assert.ok(dense.rawPayload.length < 500 * 1024, `${MAX_POINTS + 20_000} incidents: ${dense.rawPayload.length} bytes`);
  const fs = await tileFeatures(admin, z, x, y);
  assert.ok(fs.length <= 20_000);
  assert.ok(fs.every((f) => f.props.cluster === 1));
  assert.equal(sumCounts(fs), MAX_POINTS + 20_000);
  const low = await tile(admin, 5, lonLatToTile(103.49, 14.88, 5).x, lonLatToTile(103.49, 14.88, 5).y);
  assert.ok(low.rawPayload.length < 500 * 1024);
});

test('the raw ST_AsMVT statement of the benchmark builds the same tile content (PostgreSQL only)', async (ctx) => {
  if (t.db.engine !== 'postgres') return ctx.skip('PGlite has no ST_AsMVT');
  const all = [...(await seed('320101', 40)), ...(await seed('320201', 25))];
  for (const z of [8, 11, 14]) {
    const keys = new Set(all.map((p) => JSON.stringify(lonLatToTile(p.lon, p.lat, z))));
    for (const k of keys) {
      const { x, y } = JSON.parse(k);
      const ours = (await tileFeatures(admin, z, x, y)).map((f) => ({ ...f.props, id: f.id ?? null, lon: f.lon.toFixed(5), lat: f.lat.toFixed(5) }));
      const raw = rawIncidentTileSql(z, x, y);
      const r = await t.db.query<{ mvt: Buffer }>(raw.text, raw.values);
      const layer = new VectorTile(new Pbf(new Uint8Array(r.rows[0].mvt)) as any).layers.incidents;
      const theirs = Array.from({ length: layer.length }, (_, i) => {
        const f = layer.feature(i);
        const [lon, lat] = (f.toGeoJSON(x, y, z).geometry as any).coordinates;
        return { ...f.properties, id: f.id ?? null, lon: lon.toFixed(5), lat: lat.toFixed(5) };
      });
      const order = (a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b));
      assert.deepEqual(theirs.sort(order), ours.sort(order), `tile ${z}/${x}/${y}`);
    }
  }
});
