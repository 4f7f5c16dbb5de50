import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { TestApp } from '../testing/test-app.ts';
import { multipart } from '../areas/test-files.ts';
import { requestAs, startTargetsTestApp, VILLAGE } from './test-fixtures.ts';

let t: TestApp;
let admin: string;
let analyst: string;
let viewerCookie: string;

before(async () => {
  ({ t, admin, analyst, viewer: viewerCookie } = await startTargetsTestApp());
});
after(async () => t?.close());

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

async function draft(fiscalYear: number, areas = [
  { code: '320101', categories: ['drugs'], reason: 'ยาเสพติดสูงสุดในอำเภอ' },
  { code: '320102', categories: ['flood', 'drought'], reason: 'น้ำท่วมซ้ำซาก' },
  { code: VILLAGE, categories: ['smuggling'], reason: 'หมู่บ้านชายแดน' },
]): Promise<number> {
  const r = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear, title: 'บัญชีทดสอบ', areas });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().list.id;
}

async function declared(fiscalYear: number): Promise<number> {
  const id = await draft(fiscalYear);
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).statusCode, 200);
  const d = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate: '2024-11-15', referenceNumber: `${fiscalYear}/1` });
  assert.equal(d.statusCode, 200, d.body);
  return id;
}

test('workflow: draft, edit with reasons (audited), submit, return, submit again, declare by the administrator with a scanned order', async () => {
  const id = await draft(2568);
  const got = (await req('GET', `/api/targets/${id}`, analyst)).json();
  assert.equal(got.list.status, 'draft');
  assert.equal(got.list.version, 1);
  assert.deepEqual(got.areas.map((a: any) => a.code), ['320101', VILLAGE, '320102'], 'by code: a village follows its sub-district');
  const village = got.areas.find((a: any) => a.code === VILLAGE);
  assert.equal(village.level, 4);
  assert.equal(village.subdistrictTh, got.areas[0].nameTh, 'a village names its sub-district');

  const noReason = await req('POST', `/api/targets/${id}/areas`, analyst, { code: '320103', categories: ['crime'] });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().details[0].field, 'reason');
  const added = await req('POST', `/api/targets/${id}/areas`, analyst, { code: '320103', categories: ['crime'], reason: 'ลักทรัพย์เพิ่มขึ้น' });
  assert.equal(added.statusCode, 201, added.body);
  assert.equal(added.json().nameTh.length > 0, true);
  const changed = await req('PUT', `/api/targets/${id}/areas/320103`, analyst, { categories: ['crime', 'drugs'], reason: 'พบทั้งสองประเด็น' });
  assert.deepEqual(changed.json().categories, ['crime', 'drugs']);
  const removed = await req('DELETE', `/api/targets/${id}/areas/320102`, analyst, { reason: 'แก้ไขปัญหาแล้ว' });
  assert.equal(removed.statusCode, 200, removed.body);
  const audits = (await t.db.query<{ action: string; details: any; before: any; after: any }>(
    `SELECT action, details, before, after FROM audit_log WHERE entity = 'target_area' AND entity_id LIKE $1 ORDER BY id`, [`${id}:%`])).rows;
  assert.deepEqual(audits.map((a) => a.action), ['create', 'update', 'delete']);
  assert.equal(audits[2].details.reason, 'แก้ไขปัญหาแล้ว');
  assert.deepEqual(audits[1].before.categories, ['crime']);
  assert.deepEqual(audits[1].after.categories, ['crime', 'drugs']);

  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).json().status, 'submitted');
  assert.equal((await req('POST', `/api/targets/${id}/areas`, analyst, { code: '320104', categories: ['crime'], reason: 'x' })).statusCode, 409, 'a submitted list is not edited');
  const back = await req('POST', `/api/targets/${id}/return`, admin, { reason: 'ผู้อำนวยการขอให้ทบทวน' });
  assert.equal(back.json().status, 'draft');
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).json().status, 'submitted');

  const byAnalyst = await req('POST', `/api/targets/${id}/declare`, analyst, { declarationDate: '2024-11-15', referenceNumber: '123/2567' });
  assert.equal(byAnalyst.statusCode, 403);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 7), Buffer.from('\n%%EOF\n')]);
  const form = multipart([
    { name: 'declarationDate', content: '2024-11-15' },
    { name: 'referenceNumber', content: 'ศปก.จ.สร. 123/2567' },
    { name: 'order', filename: 'คำสั่ง.pdf', content: pdf, contentType: 'application/pdf' },
  ]);
  const dec = await t.app.inject({ method: 'POST', url: `/api/targets/${id}/declare`, headers: { cookie: admin, ...form.headers }, payload: form.payload });
  assert.equal(dec.statusCode, 200, dec.body);
  const list = dec.json();
  assert.equal(list.status, 'declared');
  assert.equal(list.declarationDate, '2024-11-15');
  assert.equal(list.referenceNumber, 'ศปก.จ.สร. 123/2567');
  assert.equal(list.orderFile.contentType, 'application/pdf');
  assert.equal(list.orderFile.sha256, createHash('sha256').update(pdf).digest('hex'));
  const file = await req('GET', list.orderFile.url, analyst);
  assert.equal(file.statusCode, 200);
  assert.deepEqual(file.rawPayload, pdf);
  const steps = (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'target_list' AND entity_id = $1 ORDER BY id`, [String(id)])).rows;
  assert.deepEqual(steps.map((s) => s.action), ['create', 'submit', 'return', 'submit', 'declare']);
});

test('a declared list is immutable, in the API and in the database', async () => {
  const id = await declared(2569);
  assert.equal((await req('POST', `/api/targets/${id}/areas`, analyst, { code: '320104', categories: ['crime'], reason: 'x' })).statusCode, 409);
  assert.match((await req('PUT', `/api/targets/${id}/areas/320101`, analyst, { categories: ['crime'], reason: 'x' })).json().message, /declared/);
  assert.equal((await req('DELETE', `/api/targets/${id}/areas/320101`, analyst, { reason: 'x' })).statusCode, 409);
  assert.equal((await req('POST', `/api/targets/${id}/return`, admin, { reason: 'x' })).statusCode, 409);
  assert.equal((await req('POST', `/api/targets/${id}/submit`, admin)).statusCode, 409);
  const again = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2569 });
  assert.equal(again.statusCode, 409);
  assert.match(again.json().message, /amend/);
  // The triggers refuse what the service would never do.
  await assert.rejects(t.db.query(`UPDATE target_area SET reason = 'changed' WHERE list_id = $1`, [id]), /declared/);
  await assert.rejects(t.db.query(`DELETE FROM target_area WHERE list_id = $1`, [id]), /declared/);
  await assert.rejects(t.db.query(`INSERT INTO target_area (list_id, area_code, categories) VALUES ($1, '320105', '{drugs}')`, [id]), /declared/);
  await assert.rejects(t.db.query(`UPDATE target_list SET title = 'changed' WHERE id = $1`, [id]), /cannot change/);
  await assert.rejects(t.db.query(`DELETE FROM target_list WHERE id = $1`, [id]), /cannot be deleted/);
  assert.equal(await count(`SELECT count(*)::int n FROM target_area WHERE list_id = $1 AND reason = 'changed'`, [id]), 0);
});

test('amendment: version 2 copied with its own reason, the diff between versions, version 1 superseded on declaration', async () => {
  const v1 = await declared(2570);
  const noReason = await req('POST', `/api/targets/${v1}/amend`, analyst, { reason: '  ' });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().details[0].field, 'reason');
  const am = await req('POST', `/api/targets/${v1}/amend`, analyst, { reason: 'เพิ่มพื้นที่หลังเหตุการณ์เดือนมกราคม' });
  assert.equal(am.statusCode, 201, am.body);
  const v2 = am.json().list.id;
  assert.equal(am.json().list.version, 2);
  assert.equal(am.json().list.previousId, v1);
  assert.equal(am.json().areas.length, 3);
  assert.equal((await req('POST', `/api/targets/${v1}/amend`, analyst, { reason: 'again' })).statusCode, 409, 'one open version at a time');
  await req('POST', `/api/targets/${v2}/areas`, analyst, { code: '320104', categories: ['unrest'], reason: 'ชุมนุม' });
  await req('DELETE', `/api/targets/${v2}/areas/320101`, analyst, { reason: 'คลี่คลายแล้ว' });
  await req('PUT', `/api/targets/${v2}/areas/320102`, analyst, { categories: ['flood'], reason: 'น้ำท่วมซ้ำซาก' });
  const diff = (await req('GET', `/api/targets/${v2}/diff?against=${v1}`, viewerCookie)).json();
  assert.equal(diff.from.id, v1);
  assert.deepEqual(diff.diff.added.map((a: any) => a.code), ['320104']);
  assert.deepEqual(diff.diff.removed.map((a: any) => a.code), ['320101']);
  assert.deepEqual(diff.diff.changed.map((c: any) => [c.code, c.categoriesRemoved, c.reasonChanged]), [['320102', ['drought'], false]]);
  assert.equal(diff.diff.unchanged, 1);
  assert.equal((await req('POST', `/api/targets/${v2}/submit`, analyst)).statusCode, 200);
  const dec = await req('POST', `/api/targets/${v2}/declare`, admin, { declarationDate: '2025-02-01', referenceNumber: '45/2568' });
  assert.equal(dec.statusCode, 200, dec.body);
  const first = (await req('GET', `/api/targets/${v1}`, analyst)).json();
  assert.equal(first.list.status, 'superseded');
  assert.equal(first.areas.length, 3, 'the superseded version keeps its areas');
  const all = (await req('GET', '/api/targets?province=32&fiscalYear=2570', analyst)).json().items;
  assert.deepEqual(all.map((l: any) => [l.version, l.status]), [[2, 'declared'], [1, 'superseded']]);
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'target_list' AND action = 'supersede' AND entity_id = $1`, [String(v1)]), 1);
});


test('exports: CSV with BOM and Thai labels, XLSX with a Thai title and Buddhist Era date, GeoJSON with the geometries', async () => {
  const id = await declared(2571);
  const csv = await req('GET', `/api/targets/${id}/export.csv`, viewerCookie);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const rows: string[][] = parse(csv.rawPayload.subarray(3).toString('utf8'));
  assert.equal(rows.length, 4);
  assert.equal(rows[0][0], 'รหัสพื้นที่ (code)');
  const byCode = new Map(rows.slice(1).map((r) => [r[0], r]));
  const sub = byCode.get('320102')!;
  assert.equal(sub[6], 'สุรินทร์');
  assert.equal(sub[7], 'อุทกภัย; ภัยแล้งและการขาดแคลนน้ำ');
  assert.equal(sub[9], 'น้ำท่วมซ้ำซาก');
  assert.equal(byCode.get(VILLAGE)![2], 'บ้านทดสอบ');
  assert.equal(byCode.get(VILLAGE)![1], 'หมู่บ้าน');

  const x = await req('GET', `/api/targets/${id}/export.xlsx`, viewerCookie);
  assert.equal(x.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.equal(ws.getCell('A1').value, 'บัญชีพื้นที่เป้าหมาย จังหวัดสุรินทร์ ปีงบประมาณ 2571 (ฉบับที่ 1)');
  assert.match(String(ws.getCell('A2').value), /2571\/1 ลงวันที่ 15 พฤศจิกายน 2567/);
  const codes: string[] = [];
  ws.eachRow((r, n) => { if (n > 6) codes.push(String(r.getCell(1).value)); });
  assert.deepEqual(codes, ['320101', VILLAGE, '320102']);

  const g = await req('GET', `/api/targets/${id}/export.geojson`, viewerCookie);
  assert.equal(g.statusCode, 200);
  const fc = g.json();
  assert.equal(fc.type, 'FeatureCollection');
  const types = Object.fromEntries(fc.features.map((f: any) => [f.properties.code, f.geometry.type]));
  assert.deepEqual(types, { 320101: 'MultiPolygon', 320102: 'MultiPolygon', [VILLAGE]: 'Point' });
  const [lon, lat] = fc.features[0].geometry.coordinates[0][0][0];
  assert.ok(lon > 103 && lon < 105 && lat > 14 && lat < 16, `Surin in lon, lat order: ${lon}, ${lat}`);
  assert.deepEqual(fc.features.find((f: any) => f.id === '320102').properties.categories_th, ['อุทกภัย', 'ภัยแล้งและการขาดแคลนน้ำ']);
});

test('bad input gets a 4xx naming the field, and nothing is stored', async () => {
  const lists = await count('SELECT count(*)::int n FROM target_list');
  const cases: Array<[unknown, string, RegExp]> = [
    [{ code: '3201', categories: ['drugs'] }, 'areas[0].code', /not a sub-district \(6 digits\) or village/],
    [{ code: '329999', categories: ['drugs'] }, 'areas[0].code', /no area with code 329999/],
    [{ code: '320101', categories: ['witchcraft'] }, 'areas[0].categories', /unknown category "witchcraft"/],
    [{ code: '320101', categories: [] }, 'areas[0].categories', /at least one/],
  ];
  for (const [area, field, message] of cases) {
    const r = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2580, areas: [area] });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().details[0].field, field);
    assert.match(r.json().details[0].message, message);
  }
  const province = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2580, areas: [{ code: '32', categories: ['drugs'] }] });
  assert.equal(province.statusCode, 400);
  assert.equal(await count('SELECT count(*)::int n FROM target_list'), lists, 'no list stored');
  assert.equal((await req('POST', '/api/targets', viewerCookie, { provinceCode: '32', fiscalYear: 2580 })).statusCode, 403);

  const id = await draft(2581);
  const bad = await req('POST', `/api/targets/${id}/areas`, analyst, { code: '3201', categories: ['drugs'], reason: 'x' });
  assert.equal(bad.json().details[0].field, 'code');
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).statusCode, 200);
  const noRef = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate: '2024-11-15' });
  assert.equal(noRef.statusCode, 400);
  assert.equal(noRef.json().details[0].field, 'referenceNumber');
  const noDate = await req('POST', `/api/targets/${id}/declare`, admin, { referenceNumber: '1/2567' });
  assert.equal(noDate.json().details[0].field, 'declarationDate');
  const badDate = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate: '2024-02-30', referenceNumber: '1/2567' });
  assert.equal(badDate.statusCode, 400);
  const files = await count('SELECT count(*)::int n FROM target_list_file');
  const text = multipart([
    { name: 'declarationDate', content: '2024-11-15' }, { name: 'referenceNumber', content: '1/2567' },
    { name: 'order', filename: 'order.pdf', content: 'not really a pdf', contentType: 'application/pdf' },
  ]);
  const notPdf = await t.app.inject({ method: 'POST', url: `/api/targets/${id}/declare`, headers: { cookie: admin, ...text.headers }, payload: text.payload });
  assert.equal(notPdf.statusCode, 415, notPdf.body);
  assert.equal(notPdf.json().details[0].field, 'order');
  const big = multipart([
    { name: 'declarationDate', content: '2024-11-15' }, { name: 'referenceNumber', content: '1/2567' },
    { name: 'order', filename: 'scan.png', content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20 * 1024 * 1024)]), contentType: 'image/png' },
  ]);
  const tooBig = await t.app.inject({ method: 'POST', url: `/api/targets/${id}/declare`, headers: { cookie: admin, ...big.headers }, payload: big.payload });
  assert.equal(tooBig.statusCode, 413, tooBig.body);
  assert.match(tooBig.json().message, /order.*20 MB/);
  assert.equal(await count('SELECT count(*)::int n FROM target_list_file'), files, 'no file stored');
  assert.equal((await req('GET', `/api/targets/${id}`, analyst)).json().list.status, 'submitted', 'still not declared');
});

test('an area officer sees only the target areas in their scope and cannot edit', async () => {
  const id = await draft(2582, [
    { code: '320101', categories: ['drugs'], reason: 'a' },
    { code: VILLAGE, categories: ['drugs'], reason: 'b' },
    { code: '320201', categories: ['drugs'], reason: 'c' },
  ]);
  const officer = await t.userCookie('area_officer', { areaCodes: ['320101'] });
  const mine = (await req('GET', `/api/targets/${id}`, officer)).json();
  assert.deepEqual(mine.areas.map((a: any) => a.code), ['320101', VILLAGE]);
  assert.equal(mine.list.areaCount, 2);
  const rows: string[][] = parse((await req('GET', `/api/targets/${id}/export.csv`, officer)).rawPayload.subarray(3).toString('utf8'));
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['320101', VILLAGE]);
  const fc = (await req('GET', `/api/targets/${id}/export.geojson`, officer)).json();
  assert.equal(fc.features.length, 2);
  const elsewhere = await t.userCookie('area_officer', { areaCodes: ['3202'] });
  assert.deepEqual((await req('GET', `/api/targets/${id}`, elsewhere)).json().areas.map((a: any) => a.code), ['320201']);
  assert.equal((await req('GET', `/api/targets/${id}`, viewerCookie)).json().areas.length, 3, 'other roles see every area');
  assert.equal((await req('POST', `/api/targets/${id}/areas`, officer, { code: '320102', categories: ['drugs'], reason: 'x' })).statusCode, 403);
  assert.equal((await t.app.inject({ url: `/api/targets/${id}` })).statusCode, 401);
});

test('a draft from an analysis run: top N overall, or per category above a score', async () => {
  const areas = [
    { code: '320101', rank: 1, score: 0.9, byCategory: { drugs: 0.1, flood: 0.8 } },
    { code: '320102', rank: 2, score: 0.7, byCategory: { drugs: 0.6, flood: 0.1 } },
    { code: '320103', rank: 3, score: 0.5, byCategory: { drugs: 0.5, flood: 0.0 } },
    { code: '320104', rank: 4, score: 0.2, byCategory: { drugs: 0.0, flood: 0.2 } },
  ];
  const run = (await t.db.query<{ id: number }>(
    `INSERT INTO analysis_run (profile_name, profile_snapshot, period_label, period_start, period_end, province_codes, data_cutoff, area_count, summary)
     VALUES ('test', '{}', '2568', '2024-09-30T17:00:00Z', '2025-09-30T17:00:00Z', '{32}', now(), 4, $1::jsonb) RETURNING id`,
    [JSON.stringify({ areas })],
  )).rows[0].id;
  const top = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2583, fromRun: { runId: run, top: 2, categories: ['drugs'] } });
  assert.equal(top.statusCode, 201, top.body);
  assert.deepEqual(top.json().areas.map((a: any) => [a.code, a.rank, a.score, a.categories]), [['320101', 1, 0.9, ['drugs']], ['320102', 2, 0.7, ['drugs']]]);
  assert.equal(top.json().list.sourceRunId, Number(run));

  const per = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2584, fromRun: { runId: run, minScore: 0.5, categories: ['drugs', 'flood'], perCategory: true } });
  assert.equal(per.statusCode, 201, per.body);
  assert.deepEqual(per.json().areas.map((a: any) => [a.code, a.categories]), [['320101', ['flood']], ['320102', ['drugs']], ['320103', ['drugs']]]);

  const none = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2585, fromRun: { runId: run, minScore: 5, categories: ['drugs'] } });
  assert.equal(none.statusCode, 422);
  const other = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2585, fromRun: { runId: 999999, top: 3, categories: ['drugs'] } });
  assert.equal(other.json().details[0].field, 'fromRun.runId');
});
