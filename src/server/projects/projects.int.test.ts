import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../testing/test-app.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, VILLAGE, type ProjectsTestApp } from './test-fixtures.ts';

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

/** Rows that any write of a project touches: nothing may change when a write is refused. */
async function footprint(): Promise<number[]> {
  return [
    await count('SELECT count(*)::int n FROM project'),
    await count('SELECT count(*)::int n FROM project_area'),
    await count(`SELECT count(*)::int n FROM audit_log WHERE entity LIKE 'project%'`),
  ];
}

async function create(cookie: string, over: Parameters<typeof projectInput>[1] = {}, agency = s.police): Promise<any> {
  const r = await req('POST', '/api/projects', cookie, projectInput(agency, over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

test('create, read, replace and delete a project, every change audited with before and after', async () => {
  const p = await create(s.analyst, { externalId: 'POL-68-001', geometry: { type: 'LineString', coordinates: [[103.49, 14.88], [103.5, 14.89]] } });
  assert.equal(p.title, 'โครงการสร้างฝายชะลอน้ำ ตำบลในเมือง');
  assert.equal(p.agency.code, 'police-32');
  assert.equal(p.provinceCode, '32', 'the province comes from the areas');
  assert.equal(p.budgetBaht, 250000);
  assert.deepEqual(p.areas.map((a: any) => [a.code, a.level, a.subdistrictCode]), [['320101', 3, '320101'], [VILLAGE, 4, '320101'], ['320102', 3, '320102']]);
  assert.equal(p.areas[1].nameTh, 'บ้านทดสอบ');
  assert.ok(p.areas[0].nameTh.length > 0);
  assert.deepEqual(p.geometry, { type: 'LineString', coordinates: [[103.49, 14.88], [103.5, 14.89]] });
  assert.equal(p.visibility, 'internal');
  assert.equal(p.origin, 'agency');
  assert.equal(p.percentDone, null);
  assert.equal(p.lateReports.length, 4, `every quarter of ${FY_PAST} is past its due date without a report`);

  const detail = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.equal(detail.project.id, p.id);
  assert.deepEqual(detail.progress, []);
  assert.deepEqual(detail.expectedReports.map((x: any) => [x.quarter, x.state]), [[1, 'late'], [2, 'late'], [3, 'late'], [4, 'late']]);
  assert.equal(detail.expectedReports[0].dueDate, `${FY_PAST - 543}-01-15`);

  const put = await req('PUT', `/api/projects/${p.id}`, s.analyst, projectInput(s.police, {
    externalId: 'POL-68-001', title: 'โครงการสร้างฝายชะลอน้ำ (ปรับแผน)', budgetBaht: '300000' as unknown as number, areaCodes: ['320103'], status: 'planned',
    startDate: `${FY_PAST - 543}-04-01`, endDate: `${FY_PAST - 543}-09-30`, plannedOutputs: [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 15 }],
  }));
  assert.equal(put.statusCode, 200, put.body);
  const changed = put.json();
  assert.equal(changed.title, 'โครงการสร้างฝายชะลอน้ำ (ปรับแผน)');
  assert.equal(changed.budgetBaht, 300000, 'a plain numeric text is read as a number');
  assert.deepEqual(changed.areas.map((a: any) => a.code), ['320103'], 'a full replace: the old areas are gone');
  assert.equal(changed.geometry, null, 'and so is the geometry left out');
  assert.deepEqual(changed.lateReports.map((x: any) => x.quarter), [3, 4], 'only the quarters of the new schedule are owed');
  const audits = (await t.db.query<{ action: string; before: any; after: any }>(
    `SELECT action, before, after FROM audit_log WHERE entity = 'project' AND entity_id = $1 ORDER BY id`, [String(p.id)])).rows;
  assert.deepEqual(audits.map((a) => a.action), ['create', 'update']);
  assert.equal(audits[1].before.title, 'โครงการสร้างฝายชะลอน้ำ ตำบลในเมือง');
  assert.deepEqual(audits[1].before.areaCodes, ['320101', VILLAGE, '320102']);
  assert.equal(audits[1].after.budgetBaht, 300000);
  assert.deepEqual(audits[1].after.areaCodes, ['320103']);

  const del = await req('DELETE', `/api/projects/${p.id}`, s.analyst);
  assert.equal(del.statusCode, 200, del.body);
  assert.equal((await req('GET', `/api/projects/${p.id}`, s.analyst)).statusCode, 404);
  assert.equal(await count('SELECT count(*)::int n FROM project_area WHERE project_id = $1', [p.id]), 0);
  const gone = (await t.db.query<{ before: any }>(`SELECT before FROM audit_log WHERE entity = 'project' AND action = 'delete' AND entity_id = $1`, [String(p.id)])).rows;
  assert.equal(gone[0].before.title, 'โครงการสร้างฝายชะลอน้ำ (ปรับแผน)');
});

test('bad input gets a clear message naming the field, and nothing is stored', async () => {
  const existing = await create(s.analyst, { externalId: 'DUP-1' });
  const cases: Array<[string, Record<string, unknown>, string, RegExp, number?]> = [
    ['budget in text', { budgetBaht: '100,000 baht' }, 'budgetBaht', /^budget must be a number of baht, got "100,000 baht"$/],
    ['negative budget', { budgetBaht: -1 }, 'budgetBaht', /0 or more/],
    ['empty title', { title: '  ' }, 'title', /title is required/],
    ['long title', { title: 'ก'.repeat(501) }, 'title', /longer than 500/],
    ['Common Era fiscal year', { fiscalYear: 2025 }, 'fiscalYear', /Buddhist Era year \(2568\)/],
    ['unknown budget source', { budgetSource: 'lottery' }, 'budgetSource', /one of agency, provincial/],
    ['unknown status', { status: 'paused' }, 'status', /planned, in_progress, done, cancelled/],
    ['unknown category', { categories: ['witchcraft'] }, 'categories', /unknown category "witchcraft"/],
    ['no area', { areaCodes: [] }, 'areaCodes', /at least one target area/],
    ['district code', { areaCodes: ['3201'] }, 'areaCodes', /"3201" is not a sub-district/],
    ['unknown area', { areaCodes: ['329999'] }, 'areaCodes', /no area with code 329999/],
    ['two provinces', { areaCodes: ['320101', '960101'] }, 'areaCodes', /all target areas must be in one province/],
    ['impossible date', { startDate: `${FY_PAST - 543}-02-30` }, 'startDate', /not a real date/],
    ['end before start', { startDate: `${FY_PAST - 543}-05-01`, endDate: `${FY_PAST - 543}-04-01` }, 'endDate', /before start date/],
    ['duplicate output', { plannedOutputs: [{ name: 'ฝาย', unit: 'แห่ง', target: 1 }, { name: 'ฝาย', unit: 'แห่ง', target: 2 }] }, 'plannedOutputs[1].name', /listed twice/],
    ['negative target', { plannedOutputs: [{ name: 'ฝาย', unit: 'แห่ง', target: -3 }] }, 'plannedOutputs[0].target', /0 or more/],
    ['geometry outside Thailand', { geometry: { type: 'Point', coordinates: [2.35, 48.85] } }, 'geometry', /outside the expected region/],
    ['swapped coordinates', { geometry: { type: 'Point', coordinates: [14.88, 103.49] } }, 'geometry', /swapped/],
    ['collection', { geometry: { type: 'GeometryCollection', coordinates: [] } }, 'geometry', /Point, LineString or Polygon/],
    ['unknown agency', { agencyId: 99999 }, 'agencyId', /agency 99999 does not exist/],
    ['inactive agency', { agencyId: s.inactive }, 'agencyId', /inactive/],
    ['reference in use', { externalId: 'DUP-1' }, 'externalId', /already used by project/, 409],
  ];
  for (const [what, over, field, message, status] of cases) {
    const before = await footprint();
    const r = await req('POST', '/api/projects', s.analyst, { ...projectInput(s.police), ...over });
    assert.equal(r.statusCode, status ?? 400, `${what}: ${r.body}`);
    const detail = r.json().details.find((d: any) => d.field === field);
    assert.ok(detail, `${what}: a detail names ${field}: ${r.body}`);
    assert.match(detail.message, message, what);
    assert.deepEqual(await footprint(), before, `${what}: nothing stored`);
  }
  const budget = await req('POST', '/api/projects', s.analyst, { ...projectInput(s.police), budgetBaht: '100,000 baht' });
  assert.equal(budget.json().message, 'budget must be a number of baht, got "100,000 baht"');

  // The same rules on a replace: the project stays as it was.
  const before = await footprint();
  const bad = await req('PUT', `/api/projects/${existing.id}`, s.analyst, { ...projectInput(s.police), externalId: 'DUP-1', budgetBaht: 'หนึ่งแสนบาท' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'budgetBaht');
  assert.deepEqual(await footprint(), before);
  assert.equal((await req('GET', `/api/projects/${existing.id}`, s.analyst)).json().project.budgetBaht, 250000);
});

test('writers: administrators and analysts for any agency, officers for their own agency only, viewers never', async () => {
  const before = await footprint();
  const byViewer = await req('POST', '/api/projects', s.viewer, projectInput(s.police));
  assert.equal(byViewer.statusCode, 403);
  const noAgency = await req('POST', '/api/projects', s.noAgencyOfficer, projectInput(s.police));
  assert.equal(noAgency.statusCode, 403);
  assert.match(noAgency.json().message, /your account belongs to no agency/);
  assert.equal(noAgency.json().details[0].field, 'agencyId');
  const other = await req('POST', '/api/projects', s.irrigationOfficer, projectInput(s.police));
  assert.equal(other.statusCode, 403);
  assert.match(other.json().message, /only for your own agency \(สำนักงานชลประทานที่ 8\)/);
  const refusedAndBad = await req('POST', '/api/projects', s.irrigationOfficer, { ...projectInput(s.police), title: ' ' });
  assert.equal(refusedAndBad.statusCode, 403, 'a refusal comes first: fixing the title would not help');
  assert.match(refusedAndBad.json().message, /only for your own agency/);
  assert.deepEqual(await footprint(), before, 'nothing stored');

  const own = await create(s.irrigationOfficer, { title: 'โครงการขุดลอกคลอง' }, s.irrigation);
  assert.equal(own.agency.id, s.irrigation);
  assert.equal(own.createdBy?.startsWith('agencyofficer'), true);
  const byAdmin = await create(s.admin, { title: 'โครงการของตำรวจโดยผู้ดูแล' }, s.police);
  // An officer cannot change, move or delete another agency's project.
  assert.equal((await req('PUT', `/api/projects/${byAdmin.id}`, s.irrigationOfficer, projectInput(s.irrigation))).statusCode, 403);
  assert.equal((await req('PUT', `/api/projects/${own.id}`, s.irrigationOfficer, projectInput(s.police))).statusCode, 403, 'nor hand their project to another agency');
  assert.equal((await req('DELETE', `/api/projects/${byAdmin.id}`, s.irrigationOfficer)).statusCode, 403);
  assert.equal((await req('DELETE', `/api/projects/${own.id}`, s.viewer)).statusCode, 403);
  const mine = await req('PUT', `/api/projects/${own.id}`, s.irrigationOfficer, projectInput(s.irrigation, { title: 'โครงการขุดลอกคลอง ระยะที่ 2' }));
  assert.equal(mine.statusCode, 200, mine.body);
  assert.equal((await req('DELETE', `/api/projects/${own.id}`, s.irrigationOfficer)).statusCode, 200);
});

test('area scope: a project outside the writer\'s scope is refused; an area officer sees only projects in scope', async () => {
  const before = await footprint();
  const outside = await req('POST', '/api/projects', s.areaOfficer, projectInput(s.police, { areaCodes: ['320101', '320201'] }));
  assert.equal(outside.statusCode, 403, outside.body);
  assert.deepEqual(outside.json().details, [{ field: 'areaCodes', message: 'area 320201 is outside your area scope' }]);
  const narathiwat = await t.userCookie('agency_officer', { agencyId: s.police, areaCodes: ['32'] });
  const far = await req('POST', '/api/projects', narathiwat, projectInput(s.police, { areaCodes: ['960101'] }));
  assert.equal(far.statusCode, 403);
  assert.equal(far.json().message, 'area 960101 is outside your area scope');
  assert.deepEqual(await footprint(), before, 'nothing stored');

  const inside = await create(s.areaOfficer, { title: 'โครงการในเขตอำเภอเมือง', areaCodes: ['320105'] });
  const elsewhere = await create(s.analyst, { title: 'โครงการอำเภออื่น', areaCodes: ['320201'] });
  const mixed = await create(s.analyst, { title: 'โครงการสองอำเภอ', areaCodes: ['320106', '320202'] });
  const seen = (await req('GET', `/api/projects?limit=500&fy=${FY_PAST}`, s.areaOfficer)).json().items.map((p: any) => p.id);
  assert.ok(seen.includes(inside.id));
  assert.ok(seen.includes(mixed.id), 'a project touching the scope is seen');
  assert.ok(!seen.includes(elsewhere.id));
  assert.equal((await req('GET', `/api/projects/${elsewhere.id}`, s.areaOfficer)).statusCode, 404, 'not even its existence');
  assert.equal((await req('GET', `/api/projects/${elsewhere.id}`, s.viewer)).statusCode, 200, 'a user without a scope sees every project');
  // Seen, but not changed: one of its areas is outside the officer's scope.
  const edit = await req('PUT', `/api/projects/${mixed.id}`, s.areaOfficer, projectInput(s.police, { areaCodes: ['320106'] }));
  assert.equal(edit.statusCode, 403);
  assert.match(edit.json().message, /area 320202, which is outside your area scope/);
  const village = await t.userCookie('area_officer', { areaCodes: ['320105'] });
  assert.deepEqual((await req('GET', `/api/projects?fy=${FY_PAST}`, village)).json().items.map((p: any) => p.id), [inside.id]);
  assert.equal((await t.app.inject({ url: '/api/projects' })).statusCode, 401);
});

test('list: filters, paging, order by fiscal year then title', async () => {
  // Next year's projects owe nothing yet, whatever the date the test runs on.
  const a = await create(s.analyst, { fiscalYear: FY_NOW + 1, title: 'ข โครงการค้นหา ลาดตระเวน', categories: ['drugs'], areaCodes: ['321001'], status: 'planned', externalId: 'FIND-1' });
  const b = await create(s.analyst, { fiscalYear: FY_NOW + 1, title: 'ก โครงการค้นหา ฝาย', categories: ['flood'], areaCodes: ['321002'] }, s.irrigation);
  const c = await create(s.analyst, { fiscalYear: FY_NOW - 2, title: 'ค โครงการค้นหา เก่า', areaCodes: ['321006'] });
  const ids = (qs: string) => req('GET', `/api/projects?q=${encodeURIComponent('โครงการค้นหา')}&${qs}`, s.viewer).then((r) => {
    assert.equal(r.statusCode, 200, r.body);
    return r.json().items.map((p: any) => p.id);
  });
  assert.deepEqual(await ids(''), [b.id, a.id, c.id], 'newest fiscal year first, then by title');
  assert.deepEqual(await ids(`fy=${FY_NOW + 1}`), [b.id, a.id]);
  assert.deepEqual(await ids(`agency=${s.irrigation}`), [b.id]);
  assert.deepEqual(await ids('category=drugs'), [a.id]);
  assert.deepEqual(await ids('status=planned'), [a.id]);
  assert.deepEqual(await ids('area=3210'), [b.id, a.id, c.id]);
  assert.deepEqual(await ids('area=321006'), [c.id]);
  assert.deepEqual(await ids('province=96'), []);
  assert.deepEqual((await req('GET', '/api/projects?q=FIND-1', s.viewer)).json().items.map((p: any) => p.id), [a.id], 'the agency\'s reference is searched too');
  const page = (await req('GET', `/api/projects?q=${encodeURIComponent('โครงการค้นหา')}&limit=2&offset=1`, s.viewer)).json();
  assert.equal(page.total, 3);
  assert.equal(page.budgetTotal, 750000, 'the budgets of all three, not only this page');
  assert.deepEqual(page.items.map((p: any) => p.id), [a.id, c.id]);
  assert.deepEqual(await ids('late=true'), [c.id], `the project of ${FY_NOW - 2} owes reports; next year's owe none yet`);
  assert.deepEqual(await ids('late=false'), [b.id, a.id]);
  assert.equal((await req('GET', `/api/projects?q=${encodeURIComponent('โครงการค้นหา')}&late=true`, s.viewer)).json().budgetTotal, 250000);
  const bad = await req('GET', '/api/projects?area=32x', s.viewer);
  assert.equal(bad.statusCode, 400);
});

test('target list: a project\'s areas in the declared list of its fiscal year, and the inTargets filter', async () => {
  const fy = FY_PAST + 10;
  const draft = await req('POST', '/api/targets', s.analyst, { provinceCode: '32', fiscalYear: fy, areas: [{ code: '320701', categories: ['drugs'], reason: 'ทดสอบ' }] });
  assert.equal(draft.statusCode, 201, draft.body);
  const id = draft.json().list.id;
  assert.equal((await req('POST', `/api/targets/${id}/submit`, s.analyst)).statusCode, 200);
  assert.equal((await req('POST', `/api/targets/${id}/declare`, s.admin, { declarationDate: '2024-11-15', referenceNumber: '1/2567' })).statusCode, 200);
  const villageOf = '32070101';
  await t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, geom, label_point)
     SELECT $1, 4, '320701', '32', 'บ้านเป้าหมาย', p, p FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = '320701') s`,
    [villageOf],
  );
  const inList = await create(s.analyst, { fiscalYear: fy, title: 'โครงการในพื้นที่เป้าหมาย', areaCodes: [villageOf, '320702'], startDate: null, endDate: null });
  const notInList = await create(s.analyst, { fiscalYear: fy, title: 'โครงการนอกพื้นที่เป้าหมาย', areaCodes: ['320702'] });
  const otherYear = await create(s.analyst, { fiscalYear: fy - 1, title: 'โครงการปีอื่น', areaCodes: ['320701'] });
  assert.deepEqual(inList.areas.map((a: any) => [a.code, a.inTargetList]), [[villageOf, true], ['320702', false]], 'a village counts through its sub-district');
  assert.equal(otherYear.areas[0].inTargetList, false, 'only the list of the project\'s own fiscal year counts');
  const ids = async (v: boolean) => (await req('GET', `/api/projects?area=3207&inTargets=${v}`, s.viewer)).json().items.map((p: any) => p.id);
  assert.deepEqual(await ids(true), [inList.id]);
  assert.deepEqual((await ids(false)).sort(), [notInList.id, otherYear.id].sort());
});
