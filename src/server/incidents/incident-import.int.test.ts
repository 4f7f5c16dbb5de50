import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { buildApp } from '../app.ts';
import { importIncidents } from './import-service.ts';
import { lonLatToMercator } from '../../shared/incident-validate.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  dir = mkdtempSync(join(tmpdir(), 'comap-import-test-'));
});
after(async () => t?.close());

function multipart(filename: string, content: Buffer | string) {
  const boundary = `----comap${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(cookie: string, filename: string, content: Buffer | string, app = t.app) {
  const m = multipart(filename, content);
  return app.inject({ method: 'POST', url: '/api/incidents/import', headers: { ...m.headers, cookie }, payload: m.payload });
}

async function pointIn(code: string): Promise<[number, number]> {
  const r = await t.db.query<{ lon: number; lat: number }>('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = $1) s', [code]);
  return [Number(r.rows[0].lon.toFixed(6)), Number(r.rows[0].lat.toFixed(6))];
}

async function count(where = 'true', params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident WHERE ${where}`, params)).rows[0].n;
}

function uploadsLeft(): string[] {
  try {
    return readdirSync(join(t.config.dataDir, 'uploads'));
  } catch {
    return [];
  }
}

let seq = 0;
const tag = (p: string) => `${p}${++seq}-${randomBytes(3).toString('hex')}`;

test('CSV as Excel writes it (BOM, CRLF, quoted commas and line breaks, Thai labels, Buddhist dates) imports, and the upload is deleted', async () => {
  const admin = await t.userCookie('admin');
  const [lon1, lat1] = await pointIn('320101');
  const [lon2, lat2] = await pointIn('320201');
  const p = tag('CSV');
  const csv =
    '\uFEFFexternal_id,category,occurred_at,longitude,latitude,severity,status,description,classification\r\n' +
    `${p}-1,ยาเสพติด,5/1/2567 10:30,${lon1},${lat1},3,verified,"จับกุม, ยึดของกลาง",public\r\n` +
    `${p}-2,Flood,2023-09-20,${lon2},${lat2},4,,"น้ำท่วม ""หนัก""\r\nสองวัน",\r\n` +
    `${p}-3,smuggling,2024-02-01T08:00:00Z,${lon1},${lat1},1,resolved,,restricted\r\n`;
  const res = await upload(admin, 'incidents.csv', csv);
  assert.equal(res.statusCode, 200, res.body);
  const rep = res.json();
  assert.equal(rep.file, 'incidents.csv');
  assert.equal(rep.format, 'csv');
  assert.equal(rep.rows, 3);
  assert.equal(rep.inserted, 3);
  assert.equal(rep.updated, 0);
  assert.equal(rep.assignedNearest, 0);
  assert.ok(rep.seconds >= 0);

  const list = (await t.app.inject({ url: `/api/incidents?q=${p}&sort=occurred_asc`, headers: { cookie: admin } })).json();
  assert.equal(list.total, 3);
  const [flood, drugs, smuggling] = list.items;
  assert.equal(drugs.externalId, `${p}-1`);
  assert.equal(drugs.category.code, 'drugs');
  assert.equal(drugs.occurredAt, '2024-01-05T03:30:00.000Z', '5/1/2567 10:30 Thai time');
  assert.equal(drugs.description, 'จับกุม, ยึดของกลาง');
  assert.equal(drugs.status, 'verified');
  assert.equal(drugs.source, 'import', 'source defaults to import');
  assert.equal(drugs.classification, 'public');
  assert.equal(drugs.subdistrict.code, '320101');
  assert.equal(flood.description, 'น้ำท่วม "หนัก"\r\nสองวัน');
  assert.equal(flood.subdistrict.code, '320201');
  assert.equal(flood.districtCode, '3202');
  assert.equal(flood.status, 'reported');
  assert.equal(flood.classification, 'internal', 'classification defaults to internal');
  assert.equal(smuggling.classification, 'restricted');
  assert.equal(smuggling.createdBy.username, drugs.createdBy.username);
  assert.deepEqual(uploadsLeft(), [], 'the uploaded file is deleted');

  const audit = (await t.app.inject({ url: '/api/audit?entity=incident', headers: { cookie: admin } })).json().items.filter((i: any) => i.action === 'import');
  const mine = audit.find((a: any) => a.details.file === 'incidents.csv' && a.details.rows === 3);
  assert.ok(mine, 'one import record in the audit log');
  assert.equal(mine.details.inserted, 3);
  const runs = await t.db.query<{ status: string; rows_total: number; inserted: number }>(
    "SELECT status, rows_total, inserted FROM import_run WHERE id = $1", [mine.details.importRun]);
  assert.deepEqual(runs.rows[0], { status: 'done', rows_total: 3, inserted: 3 });
  const perRow = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'incident' AND action = 'create' AND after->>'externalId' LIKE $1", [`${p}%`]);
  assert.equal(perRow.rows[0].n, 0, 'no audit record per row');
});

test('re-importing the same file updates in place: no duplicates; changed values are taken', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320102');
  const p = tag('RE');
  const rows = (sev: number) => `external_id,category,occurred_at,lon,lat,severity\n${p}-a,crime,2024-01-01,${lon},${lat},${sev}\n${p}-b,crime,2024-01-02,${lon},${lat},${sev}\n,crime,2024-01-03,${lon},${lat},${sev}\n`;
  const first = (await upload(analyst, 'again.csv', rows(2))).json();
  assert.deepEqual([first.inserted, first.updated], [3, 0]);
  const second = (await upload(analyst, 'again.csv', rows(2))).json();
  assert.deepEqual([second.inserted, second.updated], [1, 2], 'rows with an external id are updated; one without is new each time');
  const third = (await upload(analyst, 'again.csv', rows(5))).json();
  assert.deepEqual([third.inserted, third.updated], [1, 2]);
  assert.equal(await count('external_id LIKE $1', [`${p}%`]), 2);
  assert.equal(await count('external_id LIKE $1 AND severity = 5', [`${p}%`]), 2);
});

test('XLSX (first sheet, built with exceljs): date cells, numbers, rich text and formulas', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320103');
  const p = tag('XL');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('เหตุการณ์');
  ws.addRow(['External ID', 'Category', 'Occurred at', 'Lon', 'Lat', 'Severity', 'Description']);
  ws.addRow([`${p}-1`, 'Drought and water shortage', new Date(Date.UTC(2024, 2, 15, 14, 0)), lon, lat, 2, 'แล้งจัด']);
  ws.addRow([`${p}-2`, 'forest', '1/3/2567', lon, lat, { formula: '1+2', result: 3 }, { richText: [{ text: 'บุกรุก' }, { text: 'ป่า' }] }]);
  ws.getCell('C2').numFmt = 'dd/mm/yyyy hh:mm';
  wb.addWorksheet('notes').addRow(['ignored']);
  const file = join(dir, 'incidents.xlsx');
  await wb.xlsx.writeFile(file);
  const res = await upload(analyst, 'incidents.xlsx', (await import('node:fs')).readFileSync(file));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().format, res.json().rows, res.json().inserted], ['xlsx', 2, 2]);
  const list = (await t.app.inject({ url: `/api/incidents?q=${p}&sort=occurred_asc`, headers: { cookie: analyst } })).json();
  const [forest, drought] = list.items;
  assert.equal(drought.category.code, 'drought');
  assert.equal(drought.occurredAt, '2024-03-15T07:00:00.000Z', 'an Excel date-time is Thai wall-clock time');
  assert.equal(forest.occurredAt, '2024-02-29T17:00:00.000Z');
  assert.equal(forest.severity, 3);
  assert.equal(forest.description, 'บุกรุกป่า');
  assert.equal(forest.subdistrict.code, '320103');
});

test('GeoJSON FeatureCollection of points imports; properties name the fields', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const p = tag('GJ');
  const fc = {
    type: 'FeatureCollection',
    name: 'incidents {with braces}',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    features: [
      { type: 'Feature', properties: { external_id: `${p}-1`, category: 'unrest', occurred_at: '2024-04-01T09:00', severity: 3, description: 'ชุมนุม "}]" {ไม่สงบ}' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
      { type: 'Feature', properties: { external_id: `${p}-2`, category: 'other', occurred_at: '2/4/2567', severity: 1, source: 'sensor' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
    ],
  };
  const res = await upload(analyst, 'points.geojson', JSON.stringify(fc, null, 2));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().format, res.json().inserted], ['geojson', 2]);
  const list = (await t.app.inject({ url: `/api/incidents?q=${p}&sort=occurred_asc`, headers: { cookie: analyst } })).json();
  assert.equal(list.items[0].description, 'ชุมนุม "}]" {ไม่สงบ}');
  assert.equal(list.items[1].source, 'sensor');
  assert.equal(list.items[1].lon, lon);
});

test('one bad row among good ones stores nothing and names the row and field', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const p = tag('BAD');
  const before = await count();
  const csv = `external_id,category,occurred_at,lon,lat,severity\n${p}-1,drugs,2024-01-01,${lon},${lat},2\n${p}-2,drugs,2024-01-01,${lon},${lat},9\n${p}-3,drugs,2024-01-01,${lon},${lat},2\n`;
  const res = await upload(analyst, 'one-bad.csv', csv);
  assert.equal(res.statusCode, 422);
  assert.deepEqual(res.json().details, [{ file: 'one-bad.csv', row: 3, field: 'severity', message: 'severity must be a whole number from 1 to 5, got "9"' }]);
  assert.match(res.json().message, /nothing was imported/);
  assert.equal(await count(), before);
  assert.deepEqual(uploadsLeft(), []);
  const run = await t.db.query<{ status: string; errors: any }>("SELECT status, errors FROM import_run WHERE filename = 'one-bad.csv'");
  assert.equal(run.rows[0].status, 'failed');
  assert.equal(run.rows[0].errors[0].row, 3);
});

test('every kind of bad row is listed: swapped, outside Thailand, outside every area, unknown category, bad date, short of values', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const before = await count();
  const csv = [
    'external_id,category,occurred_at,lon,lat,severity,description',
    `ok-1,drugs,2024-01-01,${lon},${lat},2,fine`,
    `sw-1,drugs,2024-01-01,${lat},${lon},2,swapped`,
    'la-1,drugs,2024-01-01,102.135,19.886,2,Luang Prabang',
    'bk-1,drugs,2024-01-01,100.5018,13.7563,2,Bangkok',
    `ca-1,storm,2024-01-01,${lon},${lat},2,`,
    `da-1,drugs,30/02/2567,${lon},${lat},2,`,
    `sh-1,drugs,2024-01-01,${lon}`,
    `ex-1,drugs,2024-01-01,${lon},${lat},2,a,b`,
  ].join('\n');
  const res = await upload(analyst, 'many.csv', csv);
  assert.equal(res.statusCode, 422);
  const d = res.json().details.map((x: any) => [x.row, x.field, x.message]);
  assert.deepEqual(d.map((x: any) => [x[0], x[1]]), [[3, 'lon'], [4, 'lon'], [5, 'lon'], [6, 'category'], [7, 'occurred_at'], [8, 'lat'], [8, 'severity'], [9, 'row']]);
  assert.match(d[0][2], /latitude and longitude appear to be swapped/);
  assert.match(d[1][2], /outside Thailand/);
  assert.match(d[2][2], /outside every area in COMAP \(nearest sub-district 32\d{4} .* is \d+ km away\)/);
  assert.match(d[7][2], /must be in quotes/);
  assert.equal(await count(), before);
});

test('a point in a gap just outside the sub-districts is imported with the nearest one, flagged', async () => {
  const analyst = await t.userCookie('analyst');
  const corner = (await t.db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_DumpPoints(geom)).geom p FROM area WHERE level = 3) s ORDER BY ST_Y(p) DESC LIMIT 1',
  )).rows[0];
  const p = tag('GAP');
  const [lon, lat] = await pointIn('320101');
  const csv = `external_id,category,occurred_at,lon,lat,severity\n${p}-in,drugs,2024-01-01,${lon},${lat},2\n${p}-gap,drugs,2024-01-01,${corner.lon},${corner.lat + 0.0003},2\n`;
  const res = await upload(analyst, 'gap.csv', csv);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().assignedNearest, 1);
  const gap = (await t.app.inject({ url: `/api/incidents?q=${p}-gap`, headers: { cookie: analyst } })).json().items[0];
  assert.equal(gap.assignedNearest, true);
  assert.ok(gap.nearestDistanceM > 0 && gap.nearestDistanceM < 40);

  // The only problem of a file is a point far from every area: found when writing, still named by row.
  const before = await count();
  const far = `external_id,category,occurred_at,lon,lat,severity\n${p}-in2,drugs,2024-01-01,${lon},${lat},2\n${p}-gap2,drugs,2024-01-01,${corner.lon},${corner.lat + 0.0003},2\n${p}-bkk,drugs,2024-01-01,100.5018,13.7563,2\n`;
  const bad = await upload(analyst, 'far.csv', far);
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(bad.json().details.map((d: any) => [d.row, d.field]), [[4, 'lon']]);
  assert.match(bad.json().details[0].message, /outside every area in COMAP/);
  assert.equal(await count(), before);
});

test('malformed CSV: an unclosed quote is reported with its row, nothing stored', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const before = await count();
  const csv = `external_id,category,occurred_at,lon,lat,severity,description\nq-1,drugs,2024-01-01,${lon},${lat},2,fine\nq-2,drugs,2024-01-01,${lon},${lat},2,"never closed\nq-3,drugs,2024-01-01,${lon},${lat},2,more\n`;
  const res = await upload(analyst, 'broken.csv', csv);
  assert.equal(res.statusCode, 422);
  assert.match(res.json().message, /malformed CSV at row 3/);
  assert.equal(res.json().details[0].row, 3);
  assert.match(res.json().details[0].message, /never closed/);
  assert.equal(await count(), before);
});

test('an external id twice in one file is refused with both rows', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const before = await count();
  const csv = `external_id,category,occurred_at,lon,lat,severity\ndup-1,drugs,2024-01-01,${lon},${lat},2\nuniq-1,drugs,2024-01-01,${lon},${lat},2\ndup-1,drugs,2024-01-02,${lon},${lat},3\n`;
  const res = await upload(analyst, 'dup.csv', csv);
  assert.equal(res.statusCode, 422);
  assert.deepEqual(res.json().details.map((x: any) => [x.row, x.field]), [[4, 'external_id']]);
  assert.match(res.json().details[0].message, /rows 2, 4/);
  assert.equal(await count(), before);
});

test('unsupported types, empty files, missing columns and header-only files are refused clearly', async () => {
  const analyst = await t.userCookie('analyst');
  const txt = await upload(analyst, 'notes.txt', 'hello');
  assert.equal(txt.statusCode, 400);
  assert.match(txt.json().message, /unsupported file type/);
  const xls = await upload(analyst, 'old.xls', 'binary');
  assert.equal(xls.statusCode, 400);
  const empty = await upload(analyst, 'empty.csv', '');
  assert.equal(empty.statusCode, 422);
  assert.match(empty.json().message, /empty/);
  const cols = await upload(analyst, 'cols.csv', 'external_id,kind,when,lon\nx,drugs,2024-01-01,103\n');
  assert.equal(cols.statusCode, 422);
  assert.deepEqual(cols.json().details.map((x: any) => x.field), ['category', 'occurred_at', 'lat', 'severity']);
  assert.equal(cols.json().details[0].row, 1);
  const header = await upload(analyst, 'header.csv', 'category,occurred_at,lon,lat,severity\r\n');
  assert.equal(header.statusCode, 422);
  assert.match(header.json().message, /no incidents/);
  const fakeXlsx = await upload(analyst, 'fake.xlsx', 'category,occurred_at\n');
  assert.equal(fakeXlsx.statusCode, 422);
  assert.match(fakeXlsx.json().message, /not an XLSX workbook/);
  const notFc = await upload(analyst, 'point.geojson', JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [103, 15] }, properties: {} }));
  assert.equal(notFc.statusCode, 422);
  assert.match(notFc.json().message, /FeatureCollection/);
  const cut = await upload(analyst, 'cut.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature"');
  assert.equal(cut.statusCode, 422);
  assert.match(cut.json().message, /ends before the JSON is complete/);
  const polygon = await upload(analyst, 'poly.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { category: 'drugs', occurred_at: '2024-01-01', severity: 1 }, geometry: { type: 'Polygon', coordinates: [] } }] }));
  assert.equal(polygon.statusCode, 422);
  assert.deepEqual(polygon.json().details.map((x: any) => [x.row, x.field]), [[1, 'geometry']]);
  assert.deepEqual(uploadsLeft(), []);
});

test('only administrators and analysts import', async () => {
  for (const role of ['agency_officer', 'viewer'] as const) {
    const c = await t.userCookie(role);
    assert.equal((await upload(c, 'x.csv', 'category\n')).statusCode, 403, role);
  }
  const r = await t.app.inject({ method: 'POST', url: '/api/incidents/import', ...multipart('x.csv', 'a') });
  assert.equal(r.statusCode, 401);
  // An analyst limited to one district could overwrite incidents elsewhere by external id.
  const scoped = await t.userCookie('analyst', { areaCodes: ['3201'] });
  const [lon, lat] = await pointIn('320101');
  const before = await count();
  const res = await upload(scoped, 'scoped.csv', `category,occurred_at,lon,lat,severity\ndrugs,2024-01-05T10:00:00Z,${lon},${lat},3\n`);
  assert.equal(res.statusCode, 403);
  assert.match(res.json().message, /area scope/);
  assert.equal(await count(), before, 'nothing imported');
});

test('a file over the size limit gets 413 and nothing is imported', async () => {
  const small = await buildApp({ db: t.db, config: { ...t.config, maxUploadMb: 0.01 } });
  await small.ready();
  try {
    const cookie = await t.userCookie('admin');
    const [lon, lat] = await pointIn('320101');
    const before = await count();
    let csv = 'external_id,category,occurred_at,lon,lat,severity\n';
    for (let i = 0; csv.length < 20_000; i++) csv += `big-${i},drugs,2024-01-01,${lon},${lat},2\n`;
    const res = await upload(cookie, 'big.csv', csv, small);
    assert.equal(res.statusCode, 413);
    assert.match(res.json().message, /larger than the limit/);
    assert.equal(await count(), before);
    assert.deepEqual(uploadsLeft(), []);
  } finally {
    await small.close();
  }
});

test('more than 100 bad rows: the first 100 are listed and the import stops reading', async () => {
  const analyst = await t.userCookie('analyst');
  let csv = 'category,occurred_at,lon,lat,severity\n';
  for (let i = 0; i < 250; i++) csv += 'nope,2024-01-01,103.5,14.9,2\n';
  const res = await upload(analyst, 'lots.csv', csv);
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().details.length, 100);
  assert.match(res.json().message, /at least 100 errors/);
  assert.equal(res.json().details[99].row, 101);
});

test('Thai Windows CSV (Windows-874, semicolons) is read with its Thai text intact', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const p = tag('TIS');
  const text = `external_id;category;occurred_at;lon;lat;severity;description\r\n${p};ยาเสพติด;1/1/2567;${lon};${lat};1;รายละเอียดภาษาไทย\r\n`;
  const res = await upload(analyst, 'thai.csv', iconv.encode(text, 'cp874'));
  assert.equal(res.statusCode, 200, res.body);
  const inc = (await t.app.inject({ url: `/api/incidents?q=${p}`, headers: { cookie: analyst } })).json().items[0];
  assert.equal(inc.description, 'รายละเอียดภาษาไทย');
  assert.equal(inc.category.code, 'drugs');
});

test('a large import (command line, several COPY batches and spatial-join chunks) that rebuilds the indexes leaves them exactly as they were', async () => {
  const schema = async () => ({
    indexes: (await t.db.query<{ d: string }>("SELECT indexdef AS d FROM pg_indexes WHERE tablename = 'incident' ORDER BY indexname")).rows.map((r) => r.d),
    constraints: (await t.db.query<{ d: string }>("SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = 'incident'::regclass ORDER BY conname")).rows.map((r) => r.d),
  });
  const shape = await schema();
  const points = await t.db.query<{ code: string; lon: number; lat: number }>(
    `SELECT code, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT code, (ST_Dump(ST_GeneratePoints(geom, 20, 7))).geom AS p FROM area WHERE level = 3) s ORDER BY code`,
  );
  const p = tag('BULK');
  const corner = (await t.db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_DumpPoints(geom)).geom p FROM area WHERE level = 3) s ORDER BY ST_Y(p) DESC LIMIT 1',
  )).rows[0];
  let csv = 'external_id,category,occurred_at,lon,lat,severity\n';
  points.rows.forEach((r, i) => {
    csv += `${p}-${i},flood,2023-07-01T10:00,${r.lon},${r.lat},${1 + (i % 5)}\n`;
  });
  csv += `${p}-gap,flood,2023-07-01T10:00,${corner.lon},${corner.lat + 0.0003},1\n`;
  const file = join(dir, 'bulk.csv');
  writeFileSync(file, csv);
  const before = await count();
  const rep = await importIncidents(t.db, t.config, { path: file, name: 'bulk.csv' }, null, { batchRows: 500, chunkRows: 1000, bulkMinRows: 1 });
  assert.equal(rep.inserted, points.rows.length + 1);
  assert.equal(rep.assignedNearest, 1);
  assert.equal(await count(), before + points.rows.length + 1);
  assert.equal(await count('external_id = $1 AND assigned_nearest AND nearest_distance_m > 0', [`${p}-gap`]), 1);
  assert.deepEqual(await schema(), shape, 'same indexes and constraints after the rebuild');
  // Every point went to the sub-district it was generated in.
  const wrong = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident i JOIN area a ON a.code = i.subdistrict_code
     WHERE i.external_id LIKE $1 AND NOT i.assigned_nearest AND NOT ST_Intersects(a.geom, i.geom)`, [`${p}-%`]);
  assert.equal(wrong.rows[0].n, 0);
  const xy = await t.db.query<{ lon: number; lat: number; x: number; y: number }>(
    'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, x, y FROM incident WHERE external_id LIKE $1', [`${p}-%`]);
  for (const r of xy.rows) {
    const [x, y] = lonLatToMercator(r.lon, r.lat);
    assert.ok(Math.abs(r.x - x) < 0.01 && Math.abs(r.y - y) < 0.01, 'Web Mercator x/y as the API computes them');
  }
  const audit = await t.db.query<{ username: string; details: any }>("SELECT username, details FROM audit_log WHERE action = 'import' AND details->>'file' = 'bulk.csv'");
  assert.equal(audit.rows[0].username, 'cli');
  assert.equal(audit.rows[0].details.bulkIndexRebuild, true);
  const again = await importIncidents(t.db, t.config, { path: file, name: 'bulk.csv' }, null, { batchRows: 700, bulkMinRows: 1 });
  assert.deepEqual([again.inserted, again.updated, again.assignedNearest], [0, points.rows.length + 1, 1]);
  assert.deepEqual(await schema(), shape);

  // The same id twice, once for a stored incident and once for a new one: refused, nothing written.
  const stored = await count();
  const dupFile = join(dir, 'bulk-dup.csv');
  const [lon, lat] = [points.rows[0].lon, points.rows[0].lat];
  writeFileSync(dupFile, `external_id,category,occurred_at,lon,lat,severity\n${p}-0,drugs,2024-01-01,${lon},${lat},1\n${p}-0,drugs,2024-01-01,${lon},${lat},2\n${p}-new,drugs,2024-01-01,${lon},${lat},1\n${p}-new,drugs,2024-01-01,${lon},${lat},1\n`);
  await assert.rejects(
    importIncidents(t.db, t.config, { path: dupFile, name: 'bulk-dup.csv' }, null, { bulkMinRows: 1 }),
    (err: any) => {
      assert.equal(err.statusCode, 422);
      assert.deepEqual(err.details.map((d: any) => [d.row, d.field]), [[3, 'external_id'], [5, 'external_id']]);
      return true;
    },
  );
  assert.equal(await count(), stored);
  assert.equal(await count('external_id = $1 AND severity = $2', [`${p}-0`, 1]), 1, 'the stored incident is unchanged');
  assert.deepEqual(await schema(), shape, 'a failed bulk import leaves the indexes in place');
});
