import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';

// Yala (95) and Narathiwat (96), two southern border provinces. Betong district is 9502 (sub-district
// 950204 อัยเยอร์เวง), Raman district 9506 (sub-district 950615 อาซ่อง).
let t: TestApp;
let admin: string;
let analyst: string;
let viewer: string;
let officer: string;

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['95', '96']);
  admin = await t.userCookie('admin');
  analyst = await t.userCookie('analyst');
  viewer = await t.userCookie('viewer');
  officer = await t.userCookie('agency_officer');
});
after(async () => t?.close());

const req = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie }, payload: payload as Record<string, unknown> | undefined });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

const police = {
  code: 'police-95',
  nameTh: 'ตำรวจภูธรจังหวัดยะลา',
  nameEn: 'Yala Provincial Police',
  type: 'security',
  parentMinistry: 'สำนักงานตำรวจแห่งชาติ',
  provinceCode: '95',
  contactName: 'พ.ต.อ. ทดสอบ ระบบ',
  contactPhone: '073-212-000 ต่อ 101',
  contactEmail: 'yala@police.go.th',
  address: 'ถนนสิโรรส อำเภอเมืองยะลา',
};

async function createAgency(body: Record<string, unknown>): Promise<any> {
  const r = await req('POST', '/api/agencies', admin, body);
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

test('an administrator creates, reads, lists and replaces an agency; each change is audited with before and after', async () => {
  const a = await createAgency(police);
  assert.equal(a.code, 'police-95');
  assert.equal(a.nameTh, 'ตำรวจภูธรจังหวัดยะลา');
  assert.equal(a.provinceTh, 'ยะลา');
  assert.equal(a.active, true);
  assert.equal(a.userCount, 0);
  assert.equal(a.projectCount, 0);

  const got = await req('GET', `/api/agencies/${a.id}`, viewer);
  assert.equal(got.statusCode, 200);
  assert.equal(got.json().contactPhone, '073-212-000 ต่อ 101');
  const list = (await req('GET', '/api/agencies', viewer)).json().items;
  assert.ok(list.some((x: any) => x.id === a.id), 'every signed-in user reads the registry');

  const put = await req('PUT', `/api/agencies/${a.id}`, admin, { ...police, code: 'POLICE-YALA', nameTh: '  ตำรวจภูธรจังหวัดยะลา (ปรับปรุง) ', contactEmail: '', active: false });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().code, 'police-yala', 'codes are kept in lower case');
  assert.equal(put.json().nameTh, 'ตำรวจภูธรจังหวัดยะลา (ปรับปรุง)');
  assert.equal(put.json().contactEmail, null, 'an empty text is stored as none');
  assert.equal(put.json().active, false);

  const audits = (await t.db.query<{ action: string; before: any; after: any; username: string }>(
    `SELECT action, before, after, username FROM audit_log WHERE entity = 'agency' AND entity_id = $1 ORDER BY id`, [String(a.id)])).rows;
  assert.deepEqual(audits.map((x) => x.action), ['create', 'update']);
  assert.equal(audits[0].after.name_th, 'ตำรวจภูธรจังหวัดยะลา');
  assert.equal(audits[1].before.code, 'police-95');
  assert.equal(audits[1].after.code, 'police-yala');
  assert.equal(audits[1].after.active, false);
  assert.match(audits[1].username, /^admin/);
  assert.equal((await req('PUT', '/api/agencies/999999', admin, police)).statusCode, 404);
});

test('filters: province, type, active and a search over names, code and ministry', async () => {
  const rid = await createAgency({ code: 'rid-17', nameTh: 'สำนักงานชลประทานที่ 17', nameEn: 'Regional Irrigation Office 17', type: 'line_agency', parentMinistry: 'กระทรวงเกษตรและสหกรณ์', provinceCode: '96' });
  const oc = await createAgency({ code: 'isoc-region-4', nameTh: 'กองอำนวยการรักษาความมั่นคงภายในภาค 4 ส่วนหน้า', type: 'security' });
  const ids = async (qs: string) => (await req('GET', `/api/agencies${qs}`, officer)).json().items.map((x: any) => x.id);
  assert.ok((await ids('?province=96')).includes(rid.id));
  assert.ok(!(await ids('?province=95')).includes(rid.id));
  const security = await ids('?type=security');
  assert.ok(security.includes(oc.id) && !security.includes(rid.id));
  assert.deepEqual(await ids('?q=ชลประทาน'), [rid.id]);
  assert.deepEqual(await ids('?q=irrigation'), [rid.id], 'the English name, whatever the case');
  assert.deepEqual(await ids('?q=เกษตรและสหกรณ์'), [rid.id], 'the parent ministry');
  assert.deepEqual(await ids('?q=100%25'), [], 'a % in the search is a character, not a wildcard');
  assert.ok((await ids('?active=true')).includes(rid.id));
  assert.ok(!(await ids('?active=false')).includes(rid.id));
  const bad = await req('GET', '/api/agencies?type=army', viewer);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'type');
});

test('bad agency input is refused with a message naming the field, and nothing is stored', async () => {
  const before = await count('SELECT count(*)::int n FROM agency');
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ ...police, code: 'x-1', nameTh: '   ' }, 'nameTh', /Thai name/],
    [{ ...police, code: 'x-2', type: 'army' }, 'type', /security, provincial_admin/],
    [{ ...police, code: 'x-3', contactEmail: 'yala at police' }, 'contactEmail', /e-mail/],
    [{ ...police, code: 'x-4', contactPhone: 'ติดต่อคุณสมชาย' }, 'contactPhone', /telephone/],
    [{ ...police, code: 'สภ.ยะลา' }, 'code', /not a valid code/],
    [{ ...police, code: 'x-5', provinceCode: '99' }, 'provinceCode', /no province with code 99/],
  ];
  for (const [body, field, message] of cases) {
    const r = await req('POST', '/api/agencies', admin, body);
    assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
    assert.equal(r.json().details[0].field, field);
    assert.match(r.json().message, new RegExp(`${field}: `));
    assert.match(r.json().details[0].message, message);
  }
  const missing = await req('POST', '/api/agencies', admin, { code: 'x-6', type: 'other' });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().details[0].field, 'nameTh');
  const extra = await req('POST', '/api/agencies', admin, { ...police, code: 'x-7', ministry: 'x' });
  assert.equal(extra.statusCode, 400, 'an unknown field is an error, not silently dropped');
  assert.equal(await count('SELECT count(*)::int n FROM agency'), before);
});

test('only administrators change the registry (403 for the other roles)', async () => {
  const a = await createAgency({ code: 'labour-95', nameTh: 'สำนักงานแรงงานจังหวัดยะลา', type: 'line_agency', provinceCode: '95' });
  for (const cookie of [analyst, viewer, officer]) {
    assert.equal((await req('POST', '/api/agencies', cookie, { ...police, code: 'nope' })).statusCode, 403);
    assert.equal((await req('PUT', `/api/agencies/${a.id}`, cookie, { ...police, code: 'nope' })).statusCode, 403);
    assert.equal((await req('DELETE', `/api/agencies/${a.id}`, cookie)).statusCode, 403);
  }
  assert.equal((await req('GET', `/api/agencies/${a.id}`, admin)).json().nameTh, 'สำนักงานแรงงานจังหวัดยะลา');
  assert.equal(await count(`SELECT count(*)::int n FROM agency WHERE code = 'nope'`), 0);
});

test('a duplicate code is a 409 that names the agency holding it, on create and on update', async () => {
  const a = await createAgency({ code: 'immigration-95', nameTh: 'ด่านตรวจคนเข้าเมืองเบตง', type: 'security', provinceCode: '95' });
  const b = await createAgency({ code: 'customs-95', nameTh: 'ด่านศุลกากรเบตง', type: 'line_agency', provinceCode: '95' });
  const dup = await req('POST', '/api/agencies', admin, { code: 'Immigration-95', nameTh: 'ซ้ำ', type: 'security' });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.json().message, /agency code "immigration-95" is already used by agency \d+ \(ด่านตรวจคนเข้าเมืองเบตง\)/);
  const upd = await req('PUT', `/api/agencies/${b.id}`, admin, { code: 'immigration-95', nameTh: 'ด่านศุลกากรเบตง', type: 'line_agency' });
  assert.equal(upd.statusCode, 409);
  assert.equal((await req('GET', `/api/agencies/${b.id}`, admin)).json().code, 'customs-95', 'unchanged');
  assert.equal((await req('PUT', `/api/agencies/${a.id}`, admin, { code: 'immigration-95', nameTh: 'ด่านตรวจคนเข้าเมืองเบตง', type: 'security' })).statusCode, 200, 'an agency keeps its own code');
});

test('deleting an agency that users or projects refer to is refused with the counts; an unused one is deleted and audited', async () => {
  const used = await createAgency({ code: 'pao-95', nameTh: 'องค์การบริหารส่วนจังหวัดยะลา', type: 'local_admin', provinceCode: '95' });
  await t.userCookie('agency_officer', { agencyId: used.id });
  await t.userCookie('viewer', { agencyId: used.id });
  await t.db.query(`INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_source) VALUES ($1, '95', 2568, 'ซ่อมถนนสายบ้านบาโงย', 'local_admin')`, [used.id]);
  const listed = (await req('GET', `/api/agencies/${used.id}`, viewer)).json();
  assert.equal(listed.userCount, 2);
  assert.equal(listed.projectCount, 1);
  const r = await req('DELETE', `/api/agencies/${used.id}`, admin);
  assert.equal(r.statusCode, 409);
  assert.match(r.json().message, /1 project and 2 users refer to it/);
  assert.match(r.json().message, /Deactivate it instead/);
  assert.equal((await req('GET', `/api/agencies/${used.id}`, admin)).statusCode, 200, 'still there');

  const unused = await createAgency({ code: 'dcd-95', nameTh: 'สำนักงานพัฒนาชุมชนจังหวัดยะลา', type: 'line_agency', provinceCode: '95' });
  const d = await req('DELETE', `/api/agencies/${unused.id}`, admin);
  assert.equal(d.statusCode, 200, d.body);
  assert.equal((await req('GET', `/api/agencies/${unused.id}`, admin)).statusCode, 404);
  const audit = (await t.db.query<{ before: any }>(`SELECT before FROM audit_log WHERE entity = 'agency' AND entity_id = $1 AND action = 'delete'`, [String(unused.id)])).rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].before.name_th, 'สำนักงานพัฒนาชุมชนจังหวัดยะลา');
});

test('a user assigned to an agency shows it in /api/auth/me and in the users list, and follows a rename', async () => {
  const a = await createAgency({ code: 'ppho-95', nameTh: 'สำนักงานสาธารณสุขจังหวัดยะลา', type: 'line_agency', provinceCode: '95' });
  const cookie = await t.userCookie('agency_officer', { username: 'health-officer' });
  const me0 = (await req('GET', '/api/auth/me', cookie)).json();
  assert.equal(me0.agencyId, null);
  assert.equal(me0.agency, null);
  const patch = await req('PATCH', `/api/users/${me0.id}`, admin, { agencyId: a.id });
  assert.equal(patch.statusCode, 200, patch.body);
  const me = (await req('GET', '/api/auth/me', cookie)).json();
  assert.equal(me.agencyId, a.id);
  assert.equal(me.agency, 'สำนักงานสาธารณสุขจังหวัดยะลา');
  const users = (await req('GET', '/api/users', admin)).json();
  assert.equal(users.find((u: any) => u.id === me0.id).agency, 'สำนักงานสาธารณสุขจังหวัดยะลา');
  await req('PUT', `/api/agencies/${a.id}`, admin, { code: 'ppho-95', nameTh: 'สำนักงานสาธารณสุขจังหวัดยะลา (สสจ.)', type: 'line_agency' });
  assert.equal((await req('GET', '/api/auth/me', cookie)).json().agency, 'สำนักงานสาธารณสุขจังหวัดยะลา (สสจ.)');
  assert.equal((await req('GET', `/api/agencies/${a.id}`, admin)).json().userCount, 1);
});

/* ------------------------------------------------------------------ working groups */

async function createGroup(cookie: string, body: Record<string, unknown>): Promise<any> {
  const r = await req('POST', '/api/working-groups', cookie, body);
  assert.equal(r.statusCode, 201, r.body);
  return r.json().group;
}

test('working groups: the area must exist, lie in the province and fit the kind; a peace council needs a sub-district', async () => {
  const base = { provinceCode: '95', kind: 'peace_council', nameTh: 'สภาสันติสุขตำบลอัยเยอร์เวง' };
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ ...base, areaCode: '9502' }, 'areaCode', /sub-district \(6 digits\); 9502 is a district/],
    [{ ...base, areaCode: '960101' }, 'areaCode', /960101 is not in province 95/],
    [{ ...base, areaCode: '959999' }, 'areaCode', /no area with code 959999/],
    [{ ...base, areaCode: '950204', kind: 'council' }, 'kind', /provincial, district, peace_council/],
    [{ ...base, areaCode: '950204', nameTh: '' }, 'nameTh', /Thai name/],
    [{ ...base, areaCode: '950204', kind: 'provincial' }, 'areaCode', /covers the province/],
  ];
  for (const [body, field, message] of cases) {
    const r = await req('POST', '/api/working-groups', analyst, body);
    assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
    assert.equal(r.json().details[0].field, field);
    assert.match(r.json().details[0].message, message);
  }
  assert.equal(await count('SELECT count(*)::int n FROM working_group'), 0);
  const g = await createGroup(analyst, { ...base, areaCode: '950204', nameEn: 'Aiyoe Weng Peace Council' });
  assert.equal(g.kind, 'peace_council');
  assert.equal(g.area.code, '950204');
  assert.equal(g.area.level, 3);
  assert.equal(g.area.nameTh, 'อัยเยอร์เวง');
  assert.equal(g.memberCount, 0);
  for (const cookie of [viewer, officer]) assert.equal((await req('POST', '/api/working-groups', cookie, { ...base, areaCode: '950204' })).statusCode, 403);
  await req('DELETE', `/api/working-groups/${g.id}`, admin);
});

test('members: an agency as chair, a named person as secretary, a user; one chair only; phones hidden from viewers; all audited', async () => {
  const pao = await createAgency({ code: 'sao-950615', nameTh: 'องค์การบริหารส่วนตำบลอาซ่อง', type: 'local_admin', provinceCode: '95' });
  const g = await createGroup(admin, { provinceCode: '95', areaCode: '950615', kind: 'peace_council', nameTh: 'สภาสันติสุขตำบลอาซ่อง' });
  const url = `/api/working-groups/${g.id}/members`;

  const chair = await req('POST', url, analyst, { agencyId: pao.id, role: 'chair', positionTitle: 'นายก อบต.', phone: '073-000-001' });
  assert.equal(chair.statusCode, 201, chair.body);
  assert.equal(chair.json().agency.nameTh, 'องค์การบริหารส่วนตำบลอาซ่อง');
  const second = await req('POST', url, analyst, { personName: 'นายสมชาย ทดสอบ', role: 'chair' });
  assert.equal(second.statusCode, 409);
  assert.match(second.json().message, /already has a chair \(องค์การบริหารส่วนตำบลอาซ่อง\)/);
  const sec = await req('POST', url, analyst, { personName: 'นางสาวมารีแย ทดสอบ', positionTitle: 'ปลัด อบต.', role: 'secretary', phone: '081-000-0002', since: '2024-10-01' });
  assert.equal(sec.statusCode, 201, sec.body);
  const userMember = (await req('GET', '/api/auth/me', officer)).json();
  const asUser = await req('POST', url, analyst, { userId: userMember.id, role: 'member' });
  assert.equal(asUser.statusCode, 201, asUser.body);
  assert.equal(asUser.json().user.username, userMember.username);
  assert.equal((await req('POST', url, analyst, { userId: userMember.id, role: 'advisor' })).statusCode, 409, 'a user sits once in a group');

  for (const [body, field] of [
    [{ role: 'member' }, 'personName'],
    [{ personName: 'x', role: 'president' }, 'role'],
    [{ personName: 'x', role: 'member', phone: 'ไม่มี' }, 'phone'],
    [{ agencyId: 999999, role: 'member' }, 'agencyId'],
    [{ userId: 999999, role: 'member' }, 'userId'],
    [{ personName: 'x', role: 'member', since: '2024-02-30' }, 'since'],
  ] as Array<[Record<string, unknown>, string]>) {
    const r = await req('POST', url, analyst, body);
    assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
    assert.equal(r.json().details[0].field, field);
  }

  const asAnalyst = (await req('GET', `/api/working-groups/${g.id}`, analyst)).json();
  assert.equal(asAnalyst.group.memberCount, 3);
  assert.deepEqual(asAnalyst.members.map((m: any) => m.role), ['chair', 'member', 'secretary']);
  assert.equal(asAnalyst.members[2].phone, '081-000-0002');
  assert.equal(asAnalyst.members[2].since, '2024-10-01');
  const asViewer = (await req('GET', `/api/working-groups/${g.id}`, viewer)).json();
  assert.equal(asViewer.members.length, 3);
  assert.ok(asViewer.members.every((m: any) => m.phone === null), 'a viewer sees no telephone number');
  assert.equal(asViewer.members[2].personName, 'นางสาวมารีแย ทดสอบ');

  // The chair steps down to vice-chair; the person can then chair.
  const chairId = chair.json().id;
  const down = await req('PUT', `${url}/${chairId}`, analyst, { agencyId: pao.id, role: 'vice_chair', positionTitle: 'นายก อบต.' });
  assert.equal(down.statusCode, 200, down.body);
  assert.equal(down.json().phone, null, 'a replacement without a phone clears it');
  const up = await req('PUT', `${url}/${sec.json().id}`, analyst, { personName: 'นางสาวมารีแย ทดสอบ', role: 'chair' });
  assert.equal(up.statusCode, 200, up.body);
  assert.equal((await req('PUT', `${url}/${chairId}`, analyst, { agencyId: pao.id, role: 'chair' })).statusCode, 409);
  assert.equal((await req('DELETE', `${url}/${asUser.json().id}`, analyst)).statusCode, 200);
  assert.equal((await req('DELETE', `${url}/${asUser.json().id}`, analyst)).statusCode, 404);
  assert.equal((await req('DELETE', `${url}/${chairId}`, viewer)).statusCode, 403);

  const audits = (await t.db.query<{ action: string; before: any; after: any }>(
    `SELECT action, before, after FROM audit_log WHERE entity = 'working_group_member' AND details->>'groupId' = $1 ORDER BY id`, [String(g.id)])).rows;
  assert.deepEqual(audits.map((a) => a.action), ['create', 'create', 'create', 'update', 'update', 'delete']);
  assert.equal(audits[3].before.role, 'chair');
  assert.equal(audits[3].after.role, 'vice_chair');
  assert.equal(audits[5].before.user_id, userMember.id);

  // Deleting the group takes its members, and the audit keeps them.
  assert.equal((await req('DELETE', `/api/working-groups/${g.id}`, analyst)).statusCode, 200);
  assert.equal(await count('SELECT count(*)::int n FROM working_group_member WHERE group_id = $1', [g.id]), 0);
  const del = (await t.db.query<{ before: any }>(`SELECT before FROM audit_log WHERE entity = 'working_group' AND entity_id = $1 AND action = 'delete'`, [String(g.id)])).rows[0];
  assert.equal(del.before.members.length, 2);
  assert.equal((await req('GET', `/api/working-groups/${g.id}`, admin)).statusCode, 404);
});

test('scope: an area officer sees only the groups of their areas; an analyst with a scope changes only groups inside it', async () => {
  const prov = await createGroup(admin, { provinceCode: '95', areaCode: '95', kind: 'provincial', nameTh: 'คณะทำงานประสานงานความมั่นคงจังหวัดยะลา' });
  const betong = await createGroup(admin, { provinceCode: '95', areaCode: '950204', kind: 'peace_council', nameTh: 'สภาสันติสุขตำบลอัยเยอร์เวง' });
  const raman = await createGroup(admin, { provinceCode: '95', areaCode: '950615', kind: 'peace_council', nameTh: 'สภาสันติสุขตำบลอาซ่อง' });
  const nara = await createGroup(admin, { provinceCode: '96', areaCode: '9601', kind: 'district', nameTh: 'คณะทำงานระดับอำเภอเมืองนราธิวาส' });

  const area = await t.userCookie('area_officer', { areaCodes: ['9502'] });
  const seen = (await req('GET', '/api/working-groups', area)).json().items.map((g: any) => g.id);
  assert.deepEqual(seen, [betong.id]);
  assert.deepEqual((await req('GET', '/api/working-groups?province=95', area)).json().items.map((g: any) => g.id), [betong.id]);
  assert.equal((await req('GET', `/api/working-groups/${betong.id}`, area)).statusCode, 200);
  assert.equal((await req('GET', `/api/working-groups/${prov.id}`, area)).statusCode, 404, 'a group outside the scope is not found');
  assert.equal((await req('POST', `/api/working-groups/${betong.id}/members`, area, { personName: 'x', role: 'member' })).statusCode, 403);

  const all = (await req('GET', '/api/working-groups?province=95', viewer)).json().items.map((g: any) => g.id);
  assert.deepEqual(all, [prov.id, betong.id, raman.id], 'province first, then by area code');
  assert.deepEqual((await req('GET', '/api/working-groups?kind=district', viewer)).json().items.map((g: any) => g.id), [nara.id]);
  assert.deepEqual((await req('GET', '/api/working-groups?area=9506', viewer)).json().items.map((g: any) => g.id), [raman.id]);

  const ramanAnalyst = await t.userCookie('analyst', { areaCodes: ['9506'] });
  assert.equal((await req('POST', `/api/working-groups/${raman.id}/members`, ramanAnalyst, { personName: 'นายอับดุลเลาะ ทดสอบ', role: 'member' })).statusCode, 201);
  const outside = await req('POST', `/api/working-groups/${betong.id}/members`, ramanAnalyst, { personName: 'x', role: 'member' });
  assert.equal(outside.statusCode, 403);
  assert.match(outside.json().message, /outside your area scope/);
  assert.equal((await req('POST', '/api/working-groups', ramanAnalyst, { provinceCode: '95', areaCode: '950204', kind: 'peace_council', nameTh: 'x' })).statusCode, 403);
  const move = await req('PUT', `/api/working-groups/${raman.id}`, ramanAnalyst, { provinceCode: '95', areaCode: '950204', kind: 'peace_council', nameTh: 'ย้าย' });
  assert.equal(move.statusCode, 403, 'a group cannot be moved out of the scope');
  const rename = await req('PUT', `/api/working-groups/${raman.id}`, ramanAnalyst, { provinceCode: '95', areaCode: '950615', kind: 'peace_council', nameTh: 'สภาสันติสุขตำบลอาซ่อง อำเภอรามัน', description: 'ประชุมทุกเดือน' });
  assert.equal(rename.statusCode, 200, rename.body);
  assert.equal(rename.json().members.length, 1);
  assert.equal((await req('DELETE', `/api/working-groups/${betong.id}`, ramanAnalyst)).statusCode, 403);
  const audit = (await t.db.query<{ before: any; after: any }>(`SELECT before, after FROM audit_log WHERE entity = 'working_group' AND entity_id = $1 AND action = 'update'`, [String(raman.id)])).rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].before.name_th, 'สภาสันติสุขตำบลอาซ่อง');
  assert.equal(audit[0].after.description, 'ประชุมทุกเดือน');
});
