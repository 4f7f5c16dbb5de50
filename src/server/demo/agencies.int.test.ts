import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../testing/test-app.ts';
import { loadDemo } from './service.ts';
import { deleteDemoAgencies, realGroupsOnDemoAreas, seedDemoAgencies } from './agencies.ts';
import { deleteDemoProjects } from './projects.ts';

test('demo agencies and working groups: seeded on the demo province, read back through the API, deleted again', { timeout: 300_000 }, async () => {
  const t = await startTestApp();
  try {
    await loadDemo(t.db, { incidents: 0, seed: 3 });
    // The demo load may seed agencies (and projects of them) itself: start this test from none.
    await t.db.query('DELETE FROM project WHERE is_demo');
    await t.db.transaction(async (tx) => {
      await deleteDemoProjects(tx);
      await deleteDemoAgencies(tx);
    });
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int n FROM agency')).rows[0].n, 0);
    // The demo load seeds its agencies itself: start again from none to count what one seeding makes.
    await t.db.transaction(async (tx) => {
      await deleteDemoProjects(tx);
      await deleteDemoAgencies(tx);
    });
    const subs = (await t.db.query<{ code: string; name_th: string }>(`SELECT code, name_th FROM area WHERE level = 3 AND province_code = '98' ORDER BY code LIMIT 4`)).rows;
    const made = await t.db.transaction((tx) => seedDemoAgencies(tx, '98', subs.map((s) => s.code)));
    assert.deepEqual(made, { agencies: 19, groups: 4 }, 'sixteen provincial agencies, one sub-district administration per peace council; the first three sub-districts get a council');

    const admin = await t.userCookie('admin');
    const police = (await t.db.query<{ id: number }>(`SELECT id FROM agency WHERE code = 'demo-police-98'`)).rows[0];
    const member = await t.userCookie('agency_officer', { agencyId: police.id });
    const get = (url: string, cookie = member) => t.app.inject({ url, headers: { cookie } });

    const agencies = (await get('/api/agencies?province=98')).json().items;
    assert.equal(agencies.length, 19);
    assert.ok(agencies.every((a: any) => a.isDemo && a.code.startsWith('demo-') && a.provinceTh === 'จังหวัดสาธิต (ข้อมูลสังเคราะห์)'));
    const names = agencies.map((a: any) => a.nameTh);
    for (const n of ['ตำรวจภูธรจังหวัดสาธิต', 'ด่านตรวจคนเข้าเมืองจังหวัดสาธิต', 'กองกำลังทหารพรานที่ 98', 'ที่ทำการปกครองจังหวัดสาธิต', 'สำนักงานสาธารณสุขจังหวัดสาธิต', 'องค์การบริหารส่วนจังหวัดสาธิต', `องค์การบริหารส่วนตำบล${subs[0].name_th}`]) {
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    }
    assert.deepEqual([...new Set(agencies.map((a: any) => a.type))].sort(), ['civil_society', 'line_agency', 'local_admin', 'private', 'provincial_admin', 'security', 'state_enterprise']);
    assert.equal(agencies.find((a: any) => a.id === police.id).userCount, 1);
    // The demo data passes the checks an administrator's edit goes through.
    for (const a of agencies) {
      const { id, code, nameTh, nameEn, type, parentMinistry, provinceCode, contactName, contactPhone, contactEmail, address, active } = a;
      const r = await t.app.inject({ method: 'PUT', url: `/api/agencies/${id}`, headers: { cookie: admin }, payload: { code, nameTh, nameEn, type, parentMinistry, provinceCode, contactName, contactPhone, contactEmail, address, active } });
      assert.equal(r.statusCode, 200, `${code}: ${r.body}`);
    }

    const groups = (await get('/api/working-groups?province=98')).json().items;
    assert.deepEqual(groups.map((g: any) => [g.kind, g.area.code]), [['provincial', '98'], ...subs.slice(0, 3).map((s) => ['peace_council', s.code])]);
    assert.ok(groups.every((g: any) => g.isDemo));
    const council = (await get(`/api/working-groups/${groups[1].id}`)).json();
    assert.equal(council.group.nameTh, `สภาสันติสุขตำบล${subs[0].name_th}`);
    const roles = council.members.map((m: any) => m.role);
    assert.equal(roles.filter((r: string) => r === 'chair').length, 1);
    assert.ok(roles.includes('secretary') && roles.includes('vice_chair') && roles.includes('advisor'));
    assert.ok(council.members.some((m: any) => m.agency?.nameTh === `องค์การบริหารส่วนตำบล${subs[0].name_th}`));
    assert.ok(council.members.some((m: any) => m.agency == null && /^นา(ย|ง|งสาว)/.test(m.personName)), 'named people without an account');
    assert.ok(council.members.some((m: any) => m.phone), 'an agency officer sees the telephone numbers');
    const provincial = (await get(`/api/working-groups/${groups[0].id}`)).json();
    assert.equal(provincial.members[0].role, 'chair');
    assert.equal(provincial.members[0].agency.nameTh, 'กองอำนวยการรักษาความมั่นคงภายในจังหวัดสาธิต');
    assert.equal(provincial.members.length, 16);
    assert.deepEqual(await realGroupsOnDemoAreas(t.db), []);

    // A real agency and a real group stay; the user of a demo agency keeps the account, without an agency.
    const real = await t.app.inject({ method: 'POST', url: '/api/agencies', headers: { cookie: admin }, payload: { code: 'real-1', nameTh: 'หน่วยงานจริง', type: 'other' } });
    assert.equal(real.statusCode, 201);
    const realGroup = await t.app.inject({ method: 'POST', url: '/api/working-groups', headers: { cookie: admin }, payload: { provinceCode: '98', areaCode: subs[3].code, kind: 'peace_council', nameTh: 'สภาจริง' } });
    assert.equal(realGroup.statusCode, 201);
    assert.deepEqual((await realGroupsOnDemoAreas(t.db)).map((g) => g.name_th), ['สภาจริง']);
    await t.db.query('DELETE FROM working_group WHERE id = $1', [realGroup.json().group.id]);

    // A project of a demo agency blocks the deletion, which then changes nothing.
    await t.db.query(`INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_source, is_demo) VALUES ($1, '98', 2568, 'โครงการสาธิต', 'agency', true)`, [police.id]);
    await assert.rejects(t.db.transaction((tx) => deleteDemoAgencies(tx)), /1 demo project\(s\) still belong to demo agencies/);
    assert.equal((await get('/api/agencies?province=98')).json().items.length, 19);
    await t.db.query('DELETE FROM project');

    const removed = await t.db.transaction((tx) => deleteDemoAgencies(tx));
    assert.deepEqual(removed, { agencies: 19, groups: 4 });
    assert.deepEqual((await get('/api/agencies')).json().items.map((a: any) => a.code), ['real-1']);
    assert.deepEqual((await get('/api/working-groups')).json().items, []);
    const me = (await get('/api/auth/me')).json();
    assert.equal(me.agencyId, null);
    assert.equal(me.agency, null);
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int n FROM working_group_member')).rows[0].n, 0);

    // Seeding again after the deletion works (the codes are free again).
    assert.deepEqual(await t.db.transaction((tx) => seedDemoAgencies(tx, '98', subs.map((s) => s.code))), { agencies: 19, groups: 4 });
  } finally {
    await t.close();
  }
});
