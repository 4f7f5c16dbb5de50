import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { TH_ADMIN_DIR } from '../testing/fixtures.ts';
import type { Config } from '../config.ts';
import { importAreaBytes } from './import-service.ts';
import { cwSquare, multipart, PRJ_UTM47N, writeDbf, writeShp, zip } from './test-files.ts';

const real = (name: string) => readFileSync(join(TH_ADMIN_DIR, name));

async function withApp(fn: (t: TestApp, admin: string) => Promise<void>, overrides: Partial<Config> = {}): Promise<void> {
  const t = await startTestApp(overrides);
  try {
    await fn(t, await t.userCookie('admin'));
  } finally {
    await t.close();
  }
}

function upload(t: TestApp, cookie: string | null, filename: string, content: Uint8Array | string, fields: Record<string, string> = {}) {
  const { payload, headers } = multipart([
    ...Object.entries(fields).map(([name, v]) => ({ name, content: v })),
    { name: 'file', filename, content },
  ]);
  return t.app.inject({ method: 'POST', url: '/api/areas/import', headers: { ...headers, ...(cookie ? { cookie } : {}) }, payload });
}

/** What an import may change: areas (codes, names, geometry), the boundary version, audit records. */
async function snapshot(t: TestApp) {
  const r = await t.db.query<{ n: number; digest: string | null; version: string; audits: number }>(
    `SELECT (SELECT count(*)::int FROM area) AS n,
            (SELECT md5(string_agg(code || name_th || coalesce(name_en, '') || ST_AsText(geom), ',' ORDER BY code)) FROM area) AS digest,
            (SELECT value #>> '{}' FROM app_setting WHERE key = 'boundary_version') AS version,
            (SELECT count(*)::int FROM audit_log WHERE entity = 'area') AS audits`,
  );
  return r.rows[0];
}

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (props: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: props, geometry: { type, coordinates } });
const square = (x: number, y: number, d: number) => [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]];

/** Surin (32) and Mueang Surin (3201) as plain squares, enough to be parents. */
const SURIN_PARENTS = fc([
  feature({ code: '32', name_th: 'สุรินทร์', name_en: 'Surin' }, square(103.6, 14.8, 0.5)),
  feature({ code: '3201', name_th: 'เมืองสุรินทร์', name_en: 'Mueang Surin' }, square(103.6, 14.8, 0.2)),
]);

test('the real boundaries of Thailand import in full, and re-importing updates them in place', async () => {
  await withApp(async (t, admin) => {
    const expected: Array<[string, number, string]> = [['provinces.geojson', 77, 'province'], ['districts.geojson', 928, 'district'], ['subdistricts.geojson', 7425, 'subdistrict']];
    const started = performance.now();
    for (const [file, n, level] of expected) {
      const t0 = performance.now();
      const res = await upload(t, admin, file, real(file));
      assert.equal(res.statusCode, 200, res.body);
      const rep = res.json();
      assert.deepEqual([rep.file, rep.format, rep.inserted, rep.updated, rep.byLevel], [file, 'geojson', n, 0, { [level]: n }]);
      assert.match(rep.warnings[0], /OCHA COD-AB/);
      console.log(`# ${t.db.engine}: ${file} (${n}) imported in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
    console.log(`# ${t.db.engine}: all real boundaries imported through the API in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    for (const [level, n] of [[1, 77], [2, 928], [3, 7425]]) {
      const list = await t.app.inject({ url: `/api/areas?level=${level}`, headers: { cookie: admin } });
      assert.equal(list.json().length, n);
    }
    const bkk = (await t.app.inject({ url: '/api/areas/10', headers: { cookie: admin } })).json();
    assert.deepEqual([bkk.nameTh, bkk.nameEn, bkk.childCount], ['กรุงเทพมหานคร', 'Bangkok', 50]);

    const before = (await t.db.query<{ updated_at: Date }>("SELECT updated_at FROM area WHERE code = '320101'")).rows[0].updated_at;
    const again = await upload(t, admin, 'subdistricts.geojson', real('subdistricts.geojson'));
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().inserted, again.json().updated], [0, 7425]);
    const counts = await t.db.query<{ n: number; codes: number }>('SELECT count(*)::int AS n, count(DISTINCT code)::int AS codes FROM area WHERE level = 3');
    assert.deepEqual(counts.rows[0], { n: 7425, codes: 7425 });
    const after = (await t.db.query<{ updated_at: Date }>("SELECT updated_at FROM area WHERE code = '320101'")).rows[0].updated_at;
    assert.ok(after > before, 'the row was updated, not duplicated');

    const s = await snapshot(t);
    assert.equal(s.version, '5', 'the boundary version went up with each of the four imports');
    assert.equal(s.audits, 4);
    const audit = (await t.app.inject({ url: '/api/audit?entity=area&limit=1', headers: { cookie: admin } })).json();
    assert.equal(audit.items[0].action, 'import');
    assert.equal(audit.items[0].details.updated, 7425);
    const runs = await t.db.query<{ status: string; inserted: number; updated: number }>("SELECT status, inserted, updated FROM import_run WHERE kind = 'areas' ORDER BY id");
    assert.deepEqual(runs.rows.map((r) => [r.status, r.inserted, r.updated]), [['done', 77, 0], ['done', 928, 0], ['done', 7425, 0], ['done', 0, 7425]]);
    assert.deepEqual(readdirSync(join(t.config.dataDir, 'uploads')), [], 'no upload is left on disk');
  });
});

test('province 32 keeps Surin only; search, detail, children and display geometry', async () => {
  await withApp(async (t, admin) => {
    for (const [file, n] of [['provinces.geojson', 1], ['districts.geojson', 17], ['subdistricts.geojson', 159]] as const) {
      const res = await upload(t, admin, file, real(file), { province: '32' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().inserted, n);
      assert.ok(res.json().warnings.some((w: string) => /kept province 32/.test(w)));
    }
    const viewer = await t.userCookie('viewer');
    const get = (url: string) => t.app.inject({ url, headers: { cookie: viewer } });
    assert.deepEqual((await get('/api/areas')).json().map((a: { level: number }) => a.level).reduce((m: Record<number, number>, l: number) => ({ ...m, [l]: (m[l] ?? 0) + 1 }), {}), { 1: 1, 2: 17, 3: 159 });

    const th = (await get(`/api/areas/search?q=${encodeURIComponent('สุรินทร์')}`)).json();
    assert.equal(th[0].code, '32', 'the exact match comes first');
    assert.equal(th[0].path, 'จ.สุรินทร์');
    assert.ok(th.some((a: { code: string }) => a.code === '3201'), 'เมืองสุรินทร์ matches too');
    const en = (await get('/api/areas/search?q=SURIN&limit=5')).json();
    assert.deepEqual(en.map((a: { code: string }) => a.code), ['32', '3201'], 'Surin, then Mueang Surin (substring)');
    const code = (await get('/api/areas/search?q=3201&limit=50')).json();
    assert.equal(code[0].code, '3201');
    assert.ok(code.every((a: { code: string }) => a.code.startsWith('3201')));
    const tambon = (await get(`/api/areas/search?q=${encodeURIComponent('ต.ในเมือง')}`)).json();
    const naiMueang = tambon.find((a: { code: string }) => a.code === '320101');
    assert.equal(naiMueang.path, 'ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์');
    assert.equal(naiMueang.pathEn, 'Nai Mueang, Mueang Surin, Surin');
    assert.deepEqual((await get('/api/areas/search?q=%25')).json(), [], 'a LIKE wildcard is searched as text');

    const surin = (await get('/api/areas/TH32')).json();
    assert.deepEqual([surin.code, surin.level, surin.parentCode, surin.nameEn, surin.childCount], ['32', 1, null, 'Surin', 17]);
    const [minX, minY, maxX, maxY] = surin.bbox;
    assert.ok(surin.centroid[0] > minX && surin.centroid[0] < maxX && surin.centroid[1] > minY && surin.centroid[1] < maxY);
    assert.ok(minX > 103 && maxX < 105 && minY > 14 && maxY < 16, `bbox ${surin.bbox}`);
    const kids = (await get('/api/areas?parent=3201')).json();
    assert.ok(kids.length > 5 && kids.every((a: { parentCode: string; level: number }) => a.parentCode === '3201' && a.level === 3));
    assert.deepEqual(kids.map((a: { code: string }) => a.code), [...kids.map((a: { code: string }) => a.code)].sort());

    const gj = await get('/api/areas/32/geojson');
    assert.equal(gj.statusCode, 200);
    assert.match(gj.headers['content-type'] as string, /geo\+json/);
    const f = gj.json();
    assert.deepEqual([f.type, f.id, f.properties.code, f.geometry.type], ['Feature', 32, '32', 'MultiPolygon']);

    assert.equal((await get('/api/areas/999999')).statusCode, 404);
    assert.equal((await get('/api/areas/abc')).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/api/areas' })).statusCode, 401, 'sign-in required');
    assert.equal((await t.app.inject({ url: '/api/areas/search?q=surin' })).statusCode, 401);
  });
});

test('a self-intersecting polygon is repaired and reported; one beyond repair is refused by name and nothing changes', async () => {
  await withApp(async (t, admin) => {
    const bowTie = [[[103.5, 14.7], [103.7, 14.9], [103.7, 14.7], [103.5, 14.9], [103.5, 14.7]]];
    const res = await upload(t, admin, 'bowtie.geojson', fc([
      feature({ code: '32', name_th: 'สุรินทร์' }, square(103.6, 14.8, 0.5)),
      feature({ code: '3201', name_th: 'เมืองสุรินทร์' }, bowTie),
    ]));
    assert.equal(res.statusCode, 200, res.body);
    const rep = res.json();
    assert.equal(rep.repaired.length, 1);
    assert.equal(rep.repaired[0].code, '3201');
    assert.match(rep.repaired[0].message, /crosses itself near \[103\.6, 14\.8\].*repaired as 2 polygons/);
    const stored = await t.db.query<{ valid: boolean; parts: number }>("SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts FROM area WHERE code = '3201'");
    assert.deepEqual(stored.rows[0], { valid: true, parts: 2 });

    const before = await snapshot(t);
    // A ring that runs out and straight back: it has no area, so there is nothing to repair.
    const spike = [[[103.5, 14.7], [103.6, 14.8], [103.7, 14.7], [103.6, 14.8], [103.5, 14.7]]];
    const bad = await upload(t, admin, 'spike.geojson', fc([
      feature({ code: '3202', name_th: 'ชุมพลบุรี' }, square(103.4, 15.3, 0.1)),
      feature({ code: '3203', name_th: 'ท่าตูม' }, spike),
    ]));
    assert.equal(bad.statusCode, 422, bad.body);
    const body = bad.json();
    assert.equal(body.error, 'invalid_import');
    assert.match(body.message, /nothing was imported/);
    assert.deepEqual([body.details[0].file, body.details[0].row, body.details[0].field], ['spike.geojson', 2, 'geometry']);
    assert.match(body.details[0].message, /area 3203 \(ท่าตูม\): .*could not be repaired/);
    assert.deepEqual(await snapshot(t), before, 'the valid feature in the same file was not stored either');
  });
});

test('bad files get a clear 422, change nothing, and the server keeps answering', async () => {
  await withApp(async (t, admin) => {
    assert.equal((await upload(t, admin, 'parents.geojson', SURIN_PARENTS)).statusCode, 200);
    const before = await snapshot(t);
    const cases: Array<[string, Uint8Array | string, RegExp]> = [
      ['broken.geojson', '{"type": "FeatureCollection", "features": [{"type": "Feature", "prop', /broken\.geojson: not valid JSON/],
      ['fake.zip', 'this is plain text, not a zip', /fake\.zip: not a zip file/],
      ['noshp.zip', zip({ 'notes.txt': 'hello', 'tambon.dbf': writeDbf([{ name: 'A', type: 'C', length: 4 }], [{ A: 'x' }]) }), /noshp\.zip: the zip holds no \.shp file \(it holds: notes\.txt, tambon\.dbf\)/],
      ['empty.geojson', '', /empty\.geojson: the file is empty/],
      ['table.xlsx', 'PK-but-not', /table\.xlsx: unsupported file type "\.xlsx"|not a zip/],
      ['nocode.geojson', fc([feature({ name: 'x' }, square(103, 15, 0.1))]), /cannot tell which field holds the area code/],
      ['swapped.geojson', fc([feature({ code: '3202', name_th: 'ชุมพลบุรี' }, [[[15.2, 103.3], [15.2, 103.5], [15.4, 103.5], [15.2, 103.3]]])]), /1 error/],
    ];
    for (const [name, content, re] of cases) {
      const res = await upload(t, admin, name, content);
      assert.equal(res.statusCode, 422, `${name}: ${res.body}`);
      assert.match(res.json().message, re, name);
      assert.ok(res.json().details.length >= 1);
      assert.deepEqual(await snapshot(t), before, `${name} changed nothing`);
      assert.equal((await t.app.inject({ url: '/api/areas/32', headers: { cookie: admin } })).statusCode, 200, `server answers after ${name}`);
    }
    const swapped = await upload(t, admin, 'swapped.geojson', cases[6][1]);
    assert.match(swapped.json().details[0].message, /area 3202 \(ชุมพลบุรี\): .*longitude and latitude (are|look) swapped/);
    const failed = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM import_run WHERE status = 'failed'");
    assert.equal(failed.rows[0].n, cases.length + 1, 'failed attempts are recorded for the upload page');
    assert.deepEqual(readdirSync(join(t.config.dataDir, 'uploads')), []);
  });
});

test('sub-districts whose districts are missing are refused with the missing parent codes', async () => {
  await withApp(async (t, admin) => {
    const res = await upload(t, admin, 'subdistricts.geojson', real('subdistricts.geojson'), { province: '32' });
    assert.equal(res.statusCode, 422);
    const body = res.json();
    assert.match(body.message, /17 parent areas are missing \(3201, 3202, 3203,.*\): import the higher levels first/);
    assert.equal(body.details.length, 17);
    assert.match(body.details[0].message, /parent district 3201 is neither stored nor in the file \(needed by \d+ areas, e\.g\. 3201\d\d\)/);
    assert.equal((await snapshot(t)).n, 0);
  });
});

test('a zipped Shapefile in UTM with TIS-620 names and a CSV of villages import under their parents', async () => {
  await withApp(async (t, admin) => {
    assert.equal((await upload(t, admin, 'parents.geojson', SURIN_PARENTS)).statusCode, 200);
    const dbf = writeDbf(
      [{ name: 'PRO_CODE', type: 'C', length: 2 }, { name: 'AMP_CODE', type: 'C', length: 2 }, { name: 'TAM_CODE', type: 'C', length: 2 }, { name: 'TAM_NAMT', type: 'C', length: 50 }, { name: 'TAM_NAMEE', type: 'C', length: 30 }, { name: 'POP', type: 'N', length: 8 }],
      [
        { PRO_CODE: '32', AMP_CODE: '01', TAM_CODE: '01', TAM_NAMT: 'ในเมือง', TAM_NAMEE: 'Nai Mueang', POP: 25301 },
        { PRO_CODE: '32', AMP_CODE: '01', TAM_CODE: '02', TAM_NAMT: 'ตั้งใจ', TAM_NAMEE: 'Tang Chai', POP: 7120 },
      ],
      'windows-874',
    );
    const shp = writeShp([{ type: 'polygon', rings: [cwSquare(1_000_000, 1_640_000, 1000)] }, { type: 'polygon', rings: [cwSquare(1_003_000, 1_640_000, 1000)] }]);
    const res = await upload(t, admin, 'tambon_utm.zip', zip({ 'TAMBON.SHP': shp, 'TAMBON.DBF': dbf, 'TAMBON.PRJ': PRJ_UTM47N }));
    assert.equal(res.statusCode, 200, res.body);
    const rep = res.json();
    assert.deepEqual([rep.format, rep.inserted, rep.byLevel], ['shapefile', 2, { subdistrict: 2 }]);
    assert.ok(rep.warnings.some((w: string) => /DOPA-style/.test(w)), rep.warnings.join('\n'));
    assert.ok(rep.warnings.some((w: string) => /reprojected from WGS_1984_UTM_Zone_47N/.test(w)));
    assert.ok(rep.warnings.some((w: string) => /TIS-620/.test(w)));
    const a = (await t.app.inject({ url: '/api/areas/320101', headers: { cookie: admin } })).json();
    assert.deepEqual([a.nameTh, a.nameEn, a.population, a.path], ['ในเมือง', 'Nai Mueang', 25301, 'ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์']);
    assert.ok(Math.abs(a.centroid[0] - 103.6418) < 0.001 && Math.abs(a.centroid[1] - 14.7875) < 0.001, `centroid ${a.centroid}`);
    const km2 = await t.db.query<{ km2: number }>("SELECT area_km2 AS km2 FROM area WHERE code = '320101'");
    assert.ok(Math.abs(km2.rows[0].km2 - 4) < 0.05, `a 2 km square is about 4 km², got ${km2.rows[0].km2}`);

    const csv = '\uFEFFvill_code,name_th,name_en,lat,lon,population\r\n32010101,บ้านโคกกระเพอ,Ban Khok Krapho,14.787,103.641,512\r\n32010102,"บ้านนอก, ใหม่",,14.79,103.645,\r\n';
    const v = await upload(t, admin, 'villages.csv', csv);
    assert.equal(v.statusCode, 200, v.body);
    assert.deepEqual([v.json().format, v.json().inserted, v.json().byLevel], ['csv', 2, { village: 2 }]);
    const villages = (await t.app.inject({ url: '/api/areas?parent=320101', headers: { cookie: admin } })).json();
    assert.deepEqual(villages.map((x: { code: string; level: number; nameTh: string; population: number | null }) => [x.code, x.level, x.nameTh, x.population]), [
      ['32010101', 4, 'บ้านโคกกระเพอ', 512],
      ['32010102', 4, 'บ้านนอก, ใหม่', null],
    ]);
    const geo = await t.db.query<{ t: string }>("SELECT GeometryType(geom) AS t FROM area WHERE code = '32010101'");
    assert.equal(geo.rows[0].t, 'POINT');
    const path = (await t.app.inject({ url: '/api/areas/32010101', headers: { cookie: admin } })).json().path;
    assert.equal(path, 'บ.บ้านโคกกระเพอ ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์');

    // Re-importing the boundaries without population keeps the population already stored.
    const noPop = fc([feature({ code: '3201', name_th: 'เมืองสุรินทร์' }, square(103.6, 14.8, 0.25))]);
    await t.db.query("UPDATE area SET population = 100000 WHERE code = '3201'");
    assert.equal((await upload(t, admin, 'amphoe.geojson', noPop)).json().updated, 1);
    const d = (await t.app.inject({ url: '/api/areas/3201', headers: { cookie: admin } })).json();
    assert.deepEqual([d.population, d.nameEn], [100000, 'Mueang Surin']);
  });
});

test('only administrators import; bad options are a 400', async () => {
  await withApp(async (t, admin) => {
    const analyst = await t.userCookie('analyst');
    const denied = await upload(t, analyst, 'parents.geojson', SURIN_PARENTS);
    assert.equal(denied.statusCode, 403);
    assert.equal((await upload(t, null, 'parents.geojson', SURIN_PARENTS)).statusCode, 401);
    assert.equal((await snapshot(t)).n, 0);
    const badProvince = await upload(t, admin, 'parents.geojson', SURIN_PARENTS, { province: '3' });
    assert.equal(badProvince.statusCode, 400);
    assert.equal(badProvince.json().details[0].field, 'province');
    const badMapping = await upload(t, admin, 'parents.geojson', SURIN_PARENTS, { mapping: '{"colour": "x"}' });
    assert.equal(badMapping.statusCode, 400);
    assert.match(badMapping.json().message, /unknown mapping key "colour"/);
    const mapped = await upload(t, admin, 'parents.geojson', SURIN_PARENTS, { mapping: 'code=CODE,name_th=NAME_TH' });
    assert.equal(mapped.statusCode, 200, mapped.body);
    assert.match(mapped.json().warnings[0], /explicit mapping/);
    const noFile = await t.app.inject({ method: 'POST', url: '/api/areas/import', headers: { cookie: admin, ...multipart([{ name: 'province', content: '32' }]).headers }, payload: multipart([{ name: 'province', content: '32' }]).payload });
    assert.equal(noFile.statusCode, 400);
  });
});

test('a file over the upload limit gets 413 and imports nothing', async () => {
  await withApp(
    async (t, admin) => {
      const big = fc([
        feature({ code: '32', name_th: 'สุรินทร์', note: 'x'.repeat(1_200_000) }, square(103.6, 14.8, 0.5)),
      ]);
      const res = await upload(t, admin, 'big.geojson', big);
      assert.equal(res.statusCode, 413, res.body);
      assert.match(res.json().message, /larger than the limit of 1 MB/);
      assert.equal((await snapshot(t)).n, 0);
      const dir = join(t.config.dataDir, 'uploads');
      assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], 'the partial upload was deleted');
      const ok = await upload(t, admin, 'parents.geojson', SURIN_PARENTS);
      assert.equal(ok.statusCode, 200, 'the next upload works');
    },
    { maxUploadMb: 1 },
  );
});

test('areas imported as demo data are marked as such (the demo loader uses importAreaBytes)', async () => {
  await withApp(async (t, admin) => {
    const r = await importAreaBytes(t.db, { name: 'demo.geojson', bytes: SURIN_PARENTS }, { demo: true }, null);
    assert.deepEqual([r.inserted, r.byLevel], [2, { province: 1, district: 1 }]);
    const a = (await t.app.inject({ url: '/api/areas/3201', headers: { cookie: admin } })).json();
    assert.equal(a.isDemo, true);
    const real = await upload(t, admin, 'parents.geojson', SURIN_PARENTS);
    assert.equal(real.json().updated, 2);
    assert.equal((await t.app.inject({ url: '/api/areas/3201', headers: { cookie: admin } })).json().isDemo, false, 'a real import replaces the demo flag');
  });
});
