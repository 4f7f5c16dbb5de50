import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestApp } from '../testing/test-app.ts';
import { multipart } from '../areas/test-files.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, type ProjectsTestApp } from './test-fixtures.ts';

let s: ProjectsTestApp;
let t: TestApp;

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
});
after(async () => t?.close());

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

async function progressFootprint(): Promise<number[]> {
  return [
    await count('SELECT count(*)::int n FROM project_progress'),
    await count('SELECT count(*)::int n FROM project_photo'),
    await count(`SELECT count(*)::int n FROM audit_log WHERE entity IN ('project_progress', 'project_photo')`),
  ];
}

async function create(over: Parameters<typeof projectInput>[1] = {}, cookie = s.analyst): Promise<any> {
  const r = await req('POST', '/api/projects', cookie, projectInput(s.police, over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

const report = { percentDone: 25, spentBaht: 50000, outputs: [{ name: 'ฝายชะลอน้ำ', achieved: 3 }], narrative: 'ก่อสร้างฝายแล้ว 3 แห่ง' };

/** The first instant after a due date (YYYY-MM-DD, Thai calendar day), computed apart from the code under test. */
const afterDue = (ymd: string) => Date.parse(`${ymd}T00:00:00+07:00`) + 24 * 3600 * 1000;

test('quarterly progress: create, replace (audited, first submission kept), over budget flagged, lateness', async () => {
  const p = await create();
  const url = `/api/projects/${p.id}/progress/${FY_PAST}/1`;
  const r = await req('PUT', url, s.policeOfficer, report);
  assert.equal(r.statusCode, 200, r.body);
  const saved = r.json();
  assert.equal(saved.percentDone, 25);
  assert.equal(saved.spentBaht, 50000);
  assert.deepEqual(saved.outputs, [{ name: 'ฝายชะลอน้ำ', achieved: 3 }]);
  assert.equal(saved.overBudget, false);
  assert.equal(saved.late, true, `Q1 of ${FY_PAST} was due long ago`);
  assert.ok(saved.reportedBy.startsWith('agencyofficer'));

  const again = await req('PUT', url, s.analyst, { ...report, percentDone: 30, narrative: 'แก้ไขตัวเลข' });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().percentDone, 30);
  assert.equal(again.json().reportedAt, saved.reportedAt, 'a correction keeps the first submission');
  assert.equal(again.json().reportedBy, saved.reportedBy);
  assert.equal(await count('SELECT count(*)::int n FROM project_progress WHERE project_id = $1', [p.id]), 1, 'replaced, not added');
  const audits = (await t.db.query<{ action: string; before: any; after: any }>(
    `SELECT action, before, after FROM audit_log WHERE entity = 'project_progress' AND entity_id = $1 ORDER BY id`, [String(saved.id)])).rows;
  assert.deepEqual(audits.map((a) => a.action), ['create', 'update']);
  assert.equal(audits[1].before.percentDone, 25);
  assert.equal(audits[1].after.percentDone, 30);
  assert.equal(audits[1].after.narrative, 'แก้ไขตัวเลข');

  const over = await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/2`, s.analyst, { ...report, percentDone: 60, spentBaht: 260000 });
  assert.equal(over.statusCode, 200, over.body);
  assert.equal(over.json().overBudget, true, 'more than the 250,000 baht budget: stored, and flagged');
  assert.equal(over.json().spentBaht, 260000);

  // A report that arrived before its due date is on time.
  await t.db.query(`UPDATE project_progress SET reported_at = $2 WHERE id = $1`, [saved.id, `${FY_PAST - 544}-12-20T10:00:00+07:00`]);
  const d = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.deepEqual(d.expectedReports.map((x: any) => x.state), ['submitted', 'submitted_late', 'late', 'late']);
  assert.deepEqual(d.progress.map((x: any) => [x.quarter, x.late]), [[1, false], [2, true]]);
  assert.equal(d.project.percentDone, 60, 'the latest report');
  assert.equal(d.project.spentBaht, 260000);
  assert.deepEqual(d.project.lateReports.map((x: any) => x.quarter), [3, 4]);
});

test('bad progress input: a clear message naming the field, nothing stored', async () => {
  const p = await create({ title: 'โครงการรายงานผิด' });
  const future = await create({ title: 'โครงการปีหน้า', fiscalYear: FY_NOW + 1 });
  const cases: Array<[string, string, unknown, string, RegExp]> = [
    ['percent over 100', `${p.id}/progress/${FY_PAST}/1`, { ...report, percentDone: 120 }, 'percentDone', /0-100, got 120/],
    ['money spent in text', `${p.id}/progress/${FY_PAST}/1`, { ...report, spentBaht: '50,000 บาท' }, 'spentBaht', /^money spent must be a number of baht, got "50,000 บาท"$/],
    ['negative money spent', `${p.id}/progress/${FY_PAST}/1`, { ...report, spentBaht: -10 }, 'spentBaht', /0 or more/],
    ['unplanned output', `${p.id}/progress/${FY_PAST}/1`, { ...report, outputs: [{ name: 'ถนนลูกรัง', achieved: 1 }] }, 'outputs[0].name', /"ถนนลูกรัง" is not one of the project's planned outputs/],
    ['another fiscal year', `${p.id}/progress/${FY_PAST - 1}/4`, report, 'fiscalYear', new RegExp(`not the fiscal year of project ${p.id} \\(${FY_PAST}\\)`)],
    ['quarter not started', `${future.id}/progress/${FY_NOW + 1}/1`, report, 'quarter', /has not started yet: it can be reported from \d{4}-10-01/],
  ];
  for (const [what, path, body, field, message] of cases) {
    const before = await progressFootprint();
    const r = await req('PUT', `/api/projects/${path}`, s.analyst, body);
    assert.equal(r.statusCode, 400, `${what}: ${r.body}`);
    const detail = r.json().details.find((x: any) => x.field === field);
    assert.ok(detail, `${what}: names ${field}: ${r.body}`);
    assert.match(r.json().message, message, what);
    assert.deepEqual(await progressFootprint(), before, `${what}: nothing stored`);
  }
  const before = await progressFootprint();
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/5`, s.analyst, report)).statusCode, 400, 'quarter 5');
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/1`, s.viewer, report)).statusCode, 403, 'a viewer');
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/1`, s.irrigationOfficer, report)).statusCode, 403, 'another agency');
  assert.equal((await req('PUT', `/api/projects/999999/progress/${FY_PAST}/1`, s.analyst, report)).statusCode, 404);
  assert.deepEqual(await progressFootprint(), before);
});

test('a cancelled project takes no progress report', async () => {
  const p = await create({ title: 'โครงการที่ยกเลิก' });
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/1`, s.analyst, report)).statusCode, 200);
  const cancel = await req('PUT', `/api/projects/${p.id}`, s.analyst, projectInput(s.police, { title: 'โครงการที่ยกเลิก', status: 'cancelled' }));
  assert.equal(cancel.statusCode, 200, cancel.body);
  const before = await progressFootprint();
  const r = await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/2`, s.analyst, report);
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().message, `project ${p.id} is cancelled; progress cannot be reported`);
  const replace = await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/1`, s.analyst, { ...report, percentDone: 90 });
  assert.equal(replace.statusCode, 409, 'nor a correction of an earlier report');
  assert.deepEqual(await progressFootprint(), before);
  const d = (await req('GET', `/api/projects/${p.id}`, s.analyst)).json();
  assert.deepEqual(d.expectedReports, [], 'a cancelled project owes nothing');
  assert.equal(d.progress[0].percentDone, 25);
});

test('late reports: due and missing quarters listed with days late, not for cancelled projects, within the viewer\'s scope', async () => {
  const old = FY_PAST - 3;
  const p = await create({ title: 'โครงการเก่าไม่รายงาน', fiscalYear: old, areaCodes: ['320201'] });
  const reported = await create({ title: 'โครงการเก่ารายงานครบ', fiscalYear: old, areaCodes: ['320201'], startDate: `${old - 543}-01-01`, endDate: `${old - 543}-03-31` });
  const cancelled = await create({ title: 'โครงการเก่ายกเลิก', fiscalYear: old, status: 'cancelled' });
  assert.equal((await req('PUT', `/api/projects/${reported.id}/progress/${old}/2`, s.analyst, report)).statusCode, 200);
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${old}/1`, s.analyst, report)).statusCode, 200);

  const r = await req('GET', `/api/projects/late?fy=${old}`, s.viewer);
  assert.equal(r.statusCode, 200, r.body);
  const items = r.json().items;
  assert.deepEqual(items.map((x: any) => [x.project.id, x.quarter]), [[p.id, 2], [p.id, 3], [p.id, 4]], 'oldest due first; reported quarters and cancelled projects left out');
  assert.ok(!items.some((x: any) => x.project.id === cancelled.id || x.project.id === reported.id));
  const q2 = items[0];
  assert.equal(q2.dueDate, `${old - 543}-04-15`);
  assert.equal(q2.project.title, 'โครงการเก่าไม่รายงาน');
  assert.equal(q2.project.agency.code, 'police-32');
  assert.equal(q2.project.responsiblePhone, '081-234-5678', 'whom to call about it');
  const expected = Math.floor((Date.now() - afterDue(q2.dueDate)) / 86400000) + 1;
  assert.ok(Math.abs(q2.daysLate - expected) <= 1, `${q2.daysLate} days late, about ${expected}`);
  assert.ok(q2.daysLate > 365 * 3);

  assert.deepEqual((await req('GET', `/api/projects/late?fy=${old}&quarter=3`, s.viewer)).json().items.map((x: any) => x.quarter), [3]);
  assert.deepEqual((await req('GET', `/api/projects/late?fy=${old}&province=96`, s.viewer)).json().items, []);
  assert.deepEqual((await req('GET', `/api/projects/late?fy=${old}`, s.areaOfficer)).json().items, [], 'district 3202 is outside the officer\'s scope');
  const lateList = (await req('GET', `/api/projects?fy=${old}&late=true`, s.viewer)).json();
  assert.deepEqual(lateList.items.map((x: any) => x.id), [p.id]);
  assert.deepEqual(lateList.items[0].lateReports.map((x: any) => x.quarter), [2, 3, 4]);
});

/** A small PNG: the signature and an IHDR chunk are what the server looks at. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR', 'latin1'), Buffer.alloc(200, 3)]);
const webp = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(40, 1)]);

function upload(url: string, cookie: string, file: { filename: string; content: Buffer; contentType: string }, caption?: string) {
  const parts: Array<{ name: string; filename?: string; content: Uint8Array | string; contentType?: string }> = [];
  if (caption !== undefined) parts.push({ name: 'caption', content: caption });
  parts.push({ name: 'file', ...file });
  const form = multipart(parts);
  return t.app.inject({ method: 'POST', url, headers: { cookie, ...form.headers }, payload: form.payload });
}

test('photos of a report: upload, download the same bytes, wrong type and size refused, read like the project, delete', async () => {
  const p = await create({ title: 'โครงการมีภาพ', areaCodes: ['320101'] });
  const base = `/api/projects/${p.id}/progress/${FY_PAST}/1/photos`;
  const before0 = await progressFootprint();
  const noReport = await upload(base, s.analyst, { filename: 'a.png', content: png, contentType: 'image/png' });
  assert.equal(noReport.statusCode, 404, 'the report comes first');
  assert.deepEqual(await progressFootprint(), before0);
  assert.equal((await req('PUT', `/api/projects/${p.id}/progress/${FY_PAST}/1`, s.analyst, report)).statusCode, 200);

  const up = await upload(base, s.policeOfficer, { filename: 'ฝายที่ 1.png', content: png, contentType: 'image/png' }, 'ฝายแห่งที่ 1 บ้านทดสอบ');
  assert.equal(up.statusCode, 201, up.body);
  const photo = up.json();
  assert.equal(photo.contentType, 'image/png');
  assert.equal(photo.size, png.length);
  assert.equal(photo.caption, 'ฝายแห่งที่ 1 บ้านทดสอบ');
  assert.equal(photo.filename, 'ฝายที่ 1.png');
  const got = await req('GET', photo.url, s.viewer);
  assert.equal(got.statusCode, 200);
  assert.equal(got.headers['content-type'], 'image/png');
  assert.deepEqual(got.rawPayload, png);
  assert.equal((await t.db.query<{ sha256: string }>(`SELECT sha256 FROM project_photo WHERE id = $1`, [photo.id])).rows[0].sha256, createHash('sha256').update(png).digest('hex'));
  const w = await upload(base, s.analyst, { filename: 'scan.bin', content: webp, contentType: 'application/octet-stream' });
  assert.equal(w.statusCode, 201, w.body);
  assert.equal(w.json().contentType, 'image/webp', 'the type comes from the bytes, not the name or the header');
  const d = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.deepEqual(d.progress[0].photos.map((x: any) => x.id), [photo.id, w.json().id]);

  const before = await progressFootprint();
  const gif = await upload(base, s.analyst, { filename: 'photo.jpg', content: Buffer.from('GIF89a-not-a-jpeg'), contentType: 'image/jpeg' });
  assert.equal(gif.statusCode, 415, gif.body);
  assert.match(gif.json().message, /"photo.jpg" is not a JPEG, PNG or WebP image/);
  const big = await upload(base, s.analyst, { filename: 'big.png', content: Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]), contentType: 'image/png' });
  assert.equal(big.statusCode, 413, big.body);
  assert.match(big.json().message, /larger than 10 MB/);
  assert.equal((await upload(base, s.viewer, { filename: 'a.png', content: png, contentType: 'image/png' })).statusCode, 403);
  assert.equal((await upload(base, s.irrigationOfficer, { filename: 'a.png', content: png, contentType: 'image/png' })).statusCode, 403);
  assert.deepEqual(await progressFootprint(), before, 'nothing stored');

  const outsider = await t.userCookie('area_officer', { areaCodes: ['3202'] });
  assert.equal((await req('GET', photo.url, outsider)).statusCode, 404, 'a photo is read under the project\'s rules');
  assert.equal((await req('GET', photo.url, s.areaOfficer)).statusCode, 200);
  assert.equal((await req('DELETE', photo.url, s.viewer)).statusCode, 403);
  assert.equal((await req('DELETE', photo.url, s.policeOfficer)).statusCode, 200);
  assert.equal((await req('GET', photo.url, s.analyst)).statusCode, 404);
  const audits = (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'project_photo' AND entity_id = $1 ORDER BY id`, [String(photo.id)])).rows;
  assert.deepEqual(audits.map((a) => a.action), ['create', 'delete']);
});
