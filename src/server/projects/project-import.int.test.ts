import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import type { Project } from '../../shared/project-types.ts';

let t: TestApp;
let admin: string;
let analyst: string;
/** An officer of police-32 limited to district 3201 (เมืองสุรินทร์). */
let officer: string;
let viewer: string;
let areaOfficer: string;
let policeId: number;
let ridId: number;

const POLICE = 'ตำรวจภูธรจังหวัดสุรินทร์';
const RID = 'สำนักงานชลประทานที่ 8';

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  // The boundary files hold no villages: one village inside sub-district 320101.
  await t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom, label_point)
     SELECT '32010101', 4, '320101', '32', 'บ้านทดสอบ', 'Ban Thotsop', p, p FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = '320101') s`,
  );
  const ins = async (code: string, name: string, active = true) =>
    Number((await t.db.query<{ id: number }>(`INSERT INTO agency (code, name_th, type, province_code, active) VALUES ($1, $2, 'security', '32', $3) RETURNING id`, [code, name, active])).rows[0].id);
  policeId = await ins('police-32', POLICE);
  ridId = await ins('rid-8', RID);
  await ins('old-1', 'หน่วยงานที่ยุบแล้ว', false);
  admin = await t.userCookie('admin');
  analyst = await t.userCookie('analyst');
  officer = await t.userCookie('agency_officer', { agencyId: policeId, areaCodes: ['3201'] });
  viewer = await t.userCookie('viewer');
  areaOfficer = await t.userCookie('area_officer', { areaCodes: ['3201'] });
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

async function upload(cookie: string | null, filename: string, content: Buffer | string, query = '') {
  const m = multipart(filename, content);
  return t.app.inject({ method: 'POST', url: `/api/projects/import${query}`, headers: { ...m.headers, ...(cookie ? { cookie } : {}) }, payload: m.payload });
}

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

async function project(id: number, cookie = admin): Promise<Project> {
  const res = await get(`/api/projects/${id}`, cookie);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().project;
}

async function countByPrefix(prefix: string): Promise<number> {
  return (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM project WHERE external_id LIKE $1`, [`${prefix}%`])).rows[0].n;
}

async function lastRun(): Promise<{ kind: string; filename: string; status: string; rows_total: number; inserted: number; updated: number; errors: unknown }> {
  return (await t.db.query<any>('SELECT kind, filename, status, rows_total, inserted, updated, errors FROM import_run ORDER BY id DESC LIMIT 1')).rows[0];
}

let seq = 0;
const tag = (p: string) => `${p}${++seq}-${randomBytes(3).toString('hex')}-`;

const HEADER = 'รหัสโครงการ,หน่วยงาน,ปีงบประมาณ,ชื่อโครงการ,วัตถุประสงค์,งบประมาณ,แหล่งงบประมาณ,ประเด็นปัญหา,พื้นที่เป้าหมาย,วันเริ่ม,วันสิ้นสุด,สถานะ,ผู้รับผิดชอบ,โทรศัพท์,การเผยแพร่,ผลผลิต,ต้องการการสนับสนุน,สิ่งที่ต้องการ';

test('a good CSV imports: agency by Thai name or code, Thai labels, Buddhist Era dates, budgets with separators; recorded and audited', async () => {
  const p = tag('CSV');
  const csv = `\uFEFF${HEADER}\r\n`
    + `${p}1,${POLICE},2568,"ฝายชะลอน้ำ, บ้านหนองบัว",เพื่อกักเก็บน้ำ,"1,250,000 บาท",งบจังหวัด,"ภัยแล้งและการขาดแคลนน้ำ; flood",320101;320102,15/1/2568,30/9/2568,กำลังดำเนินการ,นายสมชาย ใจดี,0812345678,สาธารณะ,ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:200,ไม่ใช่,\r\n`
    + `${p}2,rid-8,2568,ขุดลอกคลองส่งน้ำ,,1250000.50,งบหน่วยงาน,drought,32010101,2024-10-01,,วางแผน,,,ภายใน,,ใช่,รถขุด 1 คัน\r\n`;
  const res = await upload(admin, 'projects.csv', csv);
  assert.equal(res.statusCode, 200, res.body);
  const rep = res.json();
  assert.deepEqual([rep.file, rep.format, rep.rows, rep.inserted, rep.updated, rep.dryRun], ['projects.csv', 'csv', 2, 2, 0, false]);
  assert.equal(rep.ids.length, 2);

  const a = await project(rep.ids[0]);
  assert.equal(a.externalId, `${p}1`);
  assert.equal(a.agency.code, 'police-32', 'the Thai name found the agency');
  assert.equal(a.fiscalYear, 2568);
  assert.equal(a.title, 'ฝายชะลอน้ำ, บ้านหนองบัว');
  assert.equal(a.objectives, 'เพื่อกักเก็บน้ำ');
  assert.equal(a.budgetBaht, 1_250_000);
  assert.equal(a.budgetSource, 'provincial');
  assert.deepEqual(a.categories, ['drought', 'flood'], 'a Thai label and a code');
  assert.deepEqual(a.areas.map((x) => x.code), ['320101', '320102']);
  assert.equal(a.startDate, '2025-01-15', '15/1/2568 is 15 January 2025');
  assert.equal(a.endDate, '2025-09-30');
  assert.equal(a.status, 'in_progress');
  assert.equal(a.responsibleName, 'นายสมชาย ใจดี');
  assert.equal(a.responsiblePhone, '0812345678');
  assert.equal(a.visibility, 'public');
  assert.deepEqual(a.plannedOutputs, [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 10 }, { name: 'ผู้เข้าอบรม', unit: 'คน', target: 200 }]);
  assert.equal(a.seekingSupport, false);

  const b = await project(rep.ids[1]);
  assert.equal(b.agency.code, 'rid-8');
  assert.equal(b.budgetBaht, 1_250_000.5);
  assert.deepEqual(b.areas.map((x) => [x.code, x.subdistrictCode]), [['32010101', '320101']], 'a village');
  assert.equal(b.startDate, '2024-10-01');
  assert.equal(b.endDate, null);
  assert.equal(b.visibility, 'internal');
  assert.equal(b.seekingSupport, true);
  assert.equal(b.supportNeeds, 'รถขุด 1 คัน');

  const run = await lastRun();
  assert.deepEqual({ ...run, errors: run.errors ?? null }, { kind: 'projects', filename: 'projects.csv', status: 'done', rows_total: 2, inserted: 2, updated: 0, errors: null });
  const audit = await t.db.query<{ action: string; n: number }>(
    `SELECT action, count(*)::int AS n FROM audit_log WHERE entity = 'project' AND (entity_id = ANY($1::text[]) OR (action = 'import' AND details->>'file' = 'projects.csv')) GROUP BY action ORDER BY action`,
    [rep.ids.map(String)],
  );
  assert.deepEqual(audit.rows, [{ action: 'create', n: 2 }, { action: 'import', n: 1 }], 'one record per project and one for the import');
});

async function xlsx(rows: unknown[][], sheet = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('a good XLSX imports with date cells, number cells and English headers', async () => {
  const p = tag('XL');
  const buf = await xlsx([
    ['external_id', 'agency', 'fiscal_year', 'title', 'budget', 'budget_source', 'categories', 'areas', 'start_date', 'end_date', 'status', 'phone'],
    [`${p}1`, 'police-32', 2568, 'อบรมเยาวชนต้านยาเสพติด', 350000, 'agency', 'ยาเสพติด', 320103, new Date(Date.UTC(2024, 10, 1)), new Date(Date.UTC(2025, 2, 31)), 'done', 44511000],
  ]);
  const res = await upload(analyst, 'projects.xlsx', buf);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().format, res.json().sheet, res.json().inserted], ['xlsx', 'Sheet1', 1]);
  const a = await project(res.json().ids[0]);
  assert.deepEqual([a.startDate, a.endDate, a.status, a.budgetBaht, a.responsiblePhone], ['2024-11-01', '2025-03-31', 'done', 350000, '044511000']);
  assert.deepEqual(a.categories, ['drugs']);
  assert.deepEqual(a.areas.map((x) => x.code), ['320103']);
});

test('re-importing a file updates the projects of the same references in place; a file of few columns changes only those', async () => {
  const p = tag('RE');
  const file = (budget: string, title: string) => `${HEADER}\n${p}1,police-32,2568,${title},,${budget},งบหน่วยงาน,drugs,320101,1/10/2567,30/9/2568,วางแผน,,,,,,\n${p}2,police-32,2568,อื่น,,1,,drugs,320101,,,,,,,,,\n`;
  const first = (await upload(admin, 'again.csv', file('100', 'เดิม'))).json();
  assert.deepEqual([first.inserted, first.updated], [2, 0]);
  const second = await upload(admin, 'again.csv', file('200', 'ใหม่'));
  assert.equal(second.statusCode, 200, second.body);
  assert.deepEqual([second.json().inserted, second.json().updated], [0, 2]);
  assert.deepEqual(second.json().ids, first.ids, 'the same projects');
  assert.equal(await countByPrefix(p), 2);
  const a = await project(first.ids[0]);
  assert.deepEqual([a.title, a.budgetBaht], ['ใหม่', 200]);

  // Only reference, agency, year, title, budget and areas: the rest stays as it was.
  const few = await upload(admin, 'few.csv', `รหัสโครงการ,หน่วยงาน,ปีงบประมาณ,ชื่อโครงการ,งบประมาณ,พื้นที่เป้าหมาย\n${p}1,police-32,2568,ใหม่กว่า,300,320101\n`);
  assert.equal(few.statusCode, 200, few.body);
  const b = await project(first.ids[0]);
  assert.deepEqual([b.title, b.budgetBaht, b.startDate, b.endDate, b.status, b.categories], ['ใหม่กว่า', 300, '2024-10-01', '2025-09-30', 'planned', ['drugs']]);
});

test('a file with errors answers 422 with every row and column, and stores nothing at all', async () => {
  const p = tag('BAD');
  const rows = [
    `${p}1,police-32,2568,ดีทุกอย่าง,,1000,,drugs,320101,,,,,,,,,`,
    `${p}2,police-32,2568,งบเป็นตัวหนังสือ,,หนึ่งแสน,,drugs,320101,,,,,,,,,`,
    `${p}3,police-32,2568,ไม่มีพื้นที่นี้,,1000,,drugs,329999,,,,,,,,,`,
    `${p}4,police-32,2568,นอกเขตของเจ้าหน้าที่,,1000,,drugs,320201,,,,,,,,,`,
    `${p}5,police-32,2568,ประเด็นแปลก,,1000,,ประเด็นที่ไม่มีจริง,320101,,,,,,,,,`,
    `${p}6,police-32,2568,วันที่ผิด,,1000,,drugs,320101,31/2/2568,,,,,,,,`,
    `${p}7,police-32,2568,สิ้นสุดก่อนเริ่ม,,1000,,drugs,320101,1/3/2568,1/2/2568,,,,,,,`,
    `${p}8,rid-8,2568,หน่วยงานอื่น,,1000,,drugs,320101,,,,,,,,,`,
    `${p}9,ไม่มีหน่วยงานนี้,2568,หน่วยงานไม่รู้จัก,,1000,,drugs,320101,,,,,,,,,`,
    `${p}2,police-32,2568,รหัสซ้ำ,,1000,,drugs,320101,,,,,,,,,`,
  ];
  const res = await upload(officer, 'bad.csv', `${HEADER}\n${rows.join('\n')}\n`);
  assert.equal(res.statusCode, 422, res.body);
  const body = res.json();
  assert.equal(body.error, 'invalid_import');
  assert.match(body.message, /^bad\.csv: 9 errors in 9 rows; nothing was imported$/);
  const got = body.details.map((d: any) => `${d.row} ${d.field}`);
  assert.deepEqual(got, ['3 budget', '4 areas', '5 areas', '6 categories', '7 start_date', '8 end_date', '9 agency', '10 agency', '11 external_id']);
  const msg = (row: number) => body.details.find((d: any) => d.row === row).message;
  assert.equal(msg(3), 'budget must be a number of baht, got "หนึ่งแสน"');
  assert.match(msg(4), /no area with code 329999/);
  assert.match(msg(5), /320201 is outside your area scope/);
  assert.match(msg(6), /unknown category "ประเด็นที่ไม่มีจริง"/);
  assert.match(msg(7), /start_date "31\/2\/2568" does not exist/);
  assert.match(msg(8), /end_date "1\/2\/2568" is before start_date "1\/3\/2568"/);
  assert.match(msg(9), /only projects of your own agency/);
  assert.match(msg(10), /unknown agency "ไม่มีหน่วยงานนี้"/);
  assert.match(msg(11), /is on rows 3 and 11/);
  assert.ok(body.details.every((d: any) => d.file === 'bad.csv'));
  assert.equal(await countByPrefix(p), 0, 'not even the good row is stored');
  const run = await lastRun();
  assert.deepEqual([run.kind, run.filename, run.status, run.inserted], ['projects', 'bad.csv', 'failed', 0]);
  assert.equal((run.errors as unknown[]).length, 9);
});

test('columns COMAP does not know, or missing ones, are refused before any row is read', async () => {
  const res = await upload(admin, 'h.csv', 'ชื่อโครงการ,หมายเหตุ,ปีงบประมาณ\nก,ข,2568\n');
  assert.equal(res.statusCode, 422);
  const d = res.json().details;
  assert.match(d[0].message, /unknown column "หมายเหตุ"/);
  assert.deepEqual(d.slice(1).map((x: any) => x.field), ['agency', 'budget', 'areas']);
  assert.ok(d.every((x: any) => x.row === 1));
});

test('a dry run checks and counts, and stores nothing', async () => {
  const p = tag('DRY');
  await upload(admin, 'seed.csv', `${HEADER}\n${p}1,police-32,2568,มีแล้ว,,1,,drugs,320101,,,,,,,,,\n`);
  const runs = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_run')).rows[0].n;
  const file = `${HEADER}\n${p}1,police-32,2568,แก้ชื่อ,,1,,drugs,320101,,,,,,,,,\n${p}2,police-32,2568,ใหม่,,1,,drugs,320101,,,,,,,,,\n`;
  const res = await upload(admin, 'dry.csv', file, '?dryRun=true');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().dryRun, res.json().inserted, res.json().updated, res.json().ids, res.json().importRun], [true, 1, 1, [], null]);
  assert.equal(await countByPrefix(p), 1);
  assert.equal((await t.db.query<{ title: string }>('SELECT title FROM project WHERE external_id = $1', [`${p}1`])).rows[0].title, 'มีแล้ว');
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_run')).rows[0].n, runs, 'a check is not an import');
  const bad = await upload(admin, 'dry.csv', file.replace(',1,,drugs,320101,,,,,,,,,\n', ',หนึ่งแสน,,drugs,320101,,,,,,,,,\n'), '?dryRun=true');
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(bad.json().details.map((d: any) => [d.row, d.field]), [[2, 'budget']]);
});

/** The fields of a project a round trip must keep (all but the time of the last change). */
function stable(p: Project) {
  const { updatedAt: _u, ...rest } = p;
  return rest;
}

async function downloadXlsx(url: string, cookie: string): Promise<ExcelJS.Workbook> {
  const res = await get(url, cookie);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

test('round trip: an exported XLSX or CSV re-imports unchanged, geometry, progress and everything else kept', async () => {
  const p = tag('RT');
  const csv = `${HEADER},ข้อมูลที่เปิดเผย,ที่มาของโครงการ\n`
    + `${p}1,police-32,2570,=สูตรที่ไม่ใช่สูตร,"หลายบรรทัด\nบรรทัดสอง ""คำพูด""",1250000.5,งบท้องถิ่น,อื่น ๆ; drugs,320101;32010101,1/10/2569,30/9/2570,กำลังดำเนินการ,นาง ก,+66 81 234 5678,สาธารณะ,อบรม: หลักสูตร ก:ครั้ง:2.5,ใช่,อาสาสมัคร 10 คน,ไม่มี,ชุมชน\n`
    + `${p}2,rid-8,2570,ฝาย,,0,ภาคเอกชน,,320102,,,ยกเลิก,,,ภายใน,,ไม่ใช่,,"วัตถุประสงค์, ผลผลิต",หน่วยงาน\n`;
  const first = await upload(admin, 'rt.csv', csv);
  assert.equal(first.statusCode, 200, first.body);
  const [id1, id2] = first.json().ids;
  // A map geometry (which no spreadsheet holds) and a progress report (export-only columns).
  await t.db.query(`UPDATE project SET geom = ST_SetSRID(ST_MakePoint(103.49, 14.88), 4326) WHERE id = $1`, [id1]);
  await t.db.query(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht) VALUES ($1, 2570, 1, 25, 300000)`, [id1]);
  const before1 = await project(id1);
  const before2 = await project(id2);
  assert.equal(before1.title, '=สูตรที่ไม่ใช่สูตร');
  assert.deepEqual(before1.publicFields, []);
  assert.equal(before1.origin, 'community');
  assert.ok(before1.geometry);

  const wb = await downloadXlsx(`/api/projects/export.xlsx?fy=2570&q=${encodeURIComponent(p)}`, admin);
  const ws = wb.getWorksheet('โครงการ')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  assert.equal(header[0], 'รหัสโครงการ');
  assert.ok(header.includes('ความก้าวหน้าล่าสุด (%)') && header.includes('ใช้จ่ายแล้ว (บาท)'));
  assert.equal(ws.rowCount, 3, 'header and two projects');
  const row1 = (ws.getRow(2).values as unknown[]).slice(1);
  assert.equal(row1[header.indexOf('ความก้าวหน้าล่าสุด (%)')], 25);
  assert.equal(row1[header.indexOf('ใช้จ่ายแล้ว (บาท)')], 300000);
  assert.equal(row1[header.indexOf('วันเริ่ม')], '1/10/2569');
  assert.ok(wb.getWorksheet('คำอธิบาย'), 'the column help travels with the export');

  const back = await upload(admin, 'export.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  assert.equal(back.statusCode, 200, back.body);
  assert.deepEqual([back.json().inserted, back.json().updated], [0, 2]);
  assert.ok(back.json().ignoredColumns.includes('ความก้าวหน้าล่าสุด (%)'));
  assert.deepEqual(stable(await project(id1)), stable(before1));
  assert.deepEqual(stable(await project(id2)), stable(before2));

  const csvRes = await get(`/api/projects/export.csv?fy=2570&q=${encodeURIComponent(p)}`, admin);
  assert.equal(csvRes.statusCode, 200);
  assert.match(String(csvRes.headers['content-type']), /text\/csv/);
  assert.match(String(csvRes.headers['content-disposition']), /projects-2570-\d{8}\.csv/);
  assert.ok(csvRes.body.startsWith('\uFEFF'));
  const cells: string[][] = parseCsv(csvRes.body.slice(1));
  assert.equal(cells[1][3], `'=สูตรที่ไม่ใช่สูตร`, 'a cell that looks like a formula is written as text');
  const again = await upload(admin, 'export.csv', csvRes.rawPayload);
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual([again.json().inserted, again.json().updated], [0, 2]);
  assert.deepEqual(stable(await project(id1)), stable(before1));
  assert.deepEqual(stable(await project(id2)), stable(before2));
});

test('the export has the filters and the read scope of the project list', async () => {
  const p = tag('SC');
  await upload(admin, 'sc.csv', `${HEADER}\n${p}1,police-32,2569,ในเขต,,1,,drugs,320101,,,,,,,,,\n${p}2,police-32,2569,นอกเขต,,1,,drugs,320201,,,,,,,,,\n${p}3,rid-8,2569,อีกหน่วย,,1,,flood,320102,,,,,,,,,\n`);
  const titles = async (query: string, cookie: string) => {
    const res = await get(`/api/projects/export.csv?q=${encodeURIComponent(p)}${query}`, cookie);
    assert.equal(res.statusCode, 200, res.body);
    return (parseCsv(res.body.slice(1)) as string[][]).slice(1).map((r) => r[3]).sort();
  };
  assert.deepEqual(await titles('', admin), ['นอกเขต', 'ในเขต', 'อีกหน่วย'].sort());
  assert.deepEqual(await titles('', officer), ['ในเขต', 'อีกหน่วย'].sort(), 'district 3201 only');
  assert.deepEqual(await titles('&agency=rid-8', admin), ['อีกหน่วย']);
  assert.deepEqual(await titles(`&agency=${ridId}`, viewer), ['อีกหน่วย']);
  assert.deepEqual(await titles('&category=flood', admin), ['อีกหน่วย']);
  assert.deepEqual(await titles('&area=3202', admin), ['นอกเขต']);
  assert.deepEqual(await titles('&fy=2568', admin), []);
  assert.deepEqual(await titles('', areaOfficer), ['ในเขต', 'อีกหน่วย'].sort());
  const listed = (await get(`/api/projects?q=${encodeURIComponent(p)}`, officer)).json().items.map((x: Project) => x.title).sort();
  assert.deepEqual(listed, await titles('', officer), 'the same projects as the list');
  assert.equal((await get('/api/projects/export.csv?agency=nobody', admin)).statusCode, 400);
});

test('the templates download with Thai headers, a sheet explaining the columns, and an example row that imports', async () => {
  const wb = await downloadXlsx('/api/projects/import/template.xlsx', officer);
  const ws = wb.getWorksheet('โครงการ')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  assert.deepEqual(header.slice(0, 4), ['รหัสโครงการ', 'หน่วยงาน', 'ปีงบประมาณ', 'ชื่อโครงการ']);
  assert.equal(ws.rowCount, 2, 'the header and one example');
  const example = (ws.getRow(2).values as unknown[]).slice(1);
  assert.equal(example[1], 'police-32', "the officer's own agency");
  assert.equal(example[2], fiscalYearOf(new Date()));
  const help = wb.getWorksheet('คำอธิบาย')!;
  const helpText = JSON.stringify(help.getSheetValues());
  for (const w of ['งบหน่วยงาน', 'กำลังดำเนินการ', 'สาธารณะ', 'ฝายชะลอน้ำ:แห่ง:10', 'ยาเสพติด', 'drugs', POLICE]) assert.ok(helpText.includes(w), w);
  const imported = await upload(officer, 'template.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  assert.equal(imported.statusCode, 200, imported.body);
  assert.equal(imported.json().inserted + imported.json().updated, 1);
  const a = await project(imported.json().ids[0]);
  assert.ok(a.areas.every((x) => x.code.startsWith('3201')), 'the example area is in the officer\'s scope');
  assert.deepEqual(a.plannedOutputs.map((o) => o.name), ['ฝายชะลอน้ำ', 'ผู้เข้าอบรม']);

  const csvRes = await get('/api/projects/import/template.csv', officer);
  assert.equal(csvRes.statusCode, 200);
  assert.ok(csvRes.body.startsWith('\uFEFFรหัสโครงการ,หน่วยงาน,ปีงบประมาณ'));
  const again = await upload(officer, 'template.csv', csvRes.rawPayload);
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual([again.json().inserted, again.json().updated], [0, 1], 'the same example reference: updated');
});

test('signed out is 401; viewers and area officers may not import (403); files of other kinds are refused', async () => {
  const csv = `${HEADER}\nx,police-32,2568,t,,1,,drugs,320101,,,,,,,,,\n`;
  assert.equal((await upload(null, 'p.csv', csv)).statusCode, 401);
  for (const url of ['/api/projects/import/template.xlsx', '/api/projects/import/template.csv', '/api/projects/export.xlsx', '/api/projects/export.csv']) {
    assert.equal((await t.app.inject({ url })).statusCode, 401, url);
  }
  assert.equal((await upload(viewer, 'p.csv', csv)).statusCode, 403);
  assert.equal((await upload(areaOfficer, 'p.csv', csv)).statusCode, 403);
  const noAgency = await t.userCookie('agency_officer');
  const r = await upload(noAgency, 'p.csv', csv);
  assert.equal(r.statusCode, 403);
  assert.match(r.json().message, /belongs to no agency/);
  const ods = await upload(admin, 'p.ods', 'x');
  assert.equal(ods.statusCode, 400);
  assert.match(ods.json().message, /unsupported file type/);
  assert.equal((await get('/api/projects/import/template.csv', viewer)).statusCode, 200, 'anyone signed in may read the template');
});

test("an agency officer cannot take over another agency's project by naming its reference", async () => {
  const p = tag('OWN');
  const seeded = await upload(admin, 'rid.csv', `${HEADER}\n${p}1,rid-8,2568,ของชลประทาน,,1,,flood,320101,,,,,,,,,\n`);
  assert.equal(seeded.statusCode, 200, seeded.body);
  const res = await upload(officer, 'take.csv', `${HEADER}\n${p}1,police-32,2568,ของตำรวจแล้ว,,1,,flood,320101,,,,,,,,,\n`);
  assert.equal(res.statusCode, 422, res.body);
  assert.deepEqual(res.json().details.map((d: any) => [d.row, d.field]), [[2, 'external_id']]);
  assert.match(res.json().details[0].message, /belongs to agency/);
  assert.equal((await project(seeded.json().ids[0])).title, 'ของชลประทาน');
});
