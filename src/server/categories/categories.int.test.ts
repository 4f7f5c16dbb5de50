import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
});
after(async () => t?.close());

test('signed-in users read the seeded categories in display order; anonymous users get 401', async () => {
  assert.equal((await t.app.inject({ url: '/api/categories' })).statusCode, 401);
  const viewer = await t.userCookie('viewer');
  const res = await t.app.inject({ url: '/api/categories', headers: { cookie: viewer } });
  assert.equal(res.statusCode, 200);
  const codes = res.json().map((c: any) => c.code);
  assert.deepEqual(codes.slice(0, 10), ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other']);
  const drugs = res.json()[0];
  assert.deepEqual(Object.keys(drugs).sort(), ['active', 'code', 'color', 'icon', 'id', 'labelEn', 'labelTh', 'sortOrder']);
  assert.equal(drugs.labelTh, 'ยาเสพติด');
  assert.match(drugs.color, /^#[0-9a-f]{6}$/);
});

test('only administrators create categories; codes are unique; bad fields are named', async () => {
  const admin = await t.userCookie('admin');
  const analyst = await t.userCookie('analyst');
  const body = { code: 'fire', labelTh: 'อัคคีภัย', labelEn: 'Fire', color: '#FF7043', icon: 'flame', sortOrder: 55 };
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/categories', headers: { cookie: analyst }, payload: body })).statusCode, 403);
  const created = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { cookie: admin }, payload: body });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().color, '#ff7043', 'colours are stored in lower case');
  assert.equal(created.json().active, true);
  const dup = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { cookie: admin }, payload: body });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.json().message, /fire/);
  const bad = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { cookie: admin }, payload: { ...body, code: 'Fire Two', color: 'red' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().details.map((d: any) => d.field), ['code', 'color']);
  const list = await t.app.inject({ url: '/api/categories', headers: { cookie: analyst } });
  const codes = list.json().map((c: any) => c.code);
  assert.ok(codes.indexOf('fire') === codes.indexOf('flood') + 1, 'sort order 55 places it after flood (50)');
});

test('an administrator edits labels, colour and the active flag; the change is audited; the code cannot change', async () => {
  const admin = await t.userCookie('admin');
  const list = await t.app.inject({ url: '/api/categories', headers: { cookie: admin } });
  const smuggling = list.json().find((c: any) => c.code === 'smuggling');
  const res = await t.app.inject({
    method: 'PATCH', url: `/api/categories/${smuggling.id}`, headers: { cookie: admin },
    payload: { labelEn: 'Smuggling of goods', color: '#123abc' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().labelEn, 'Smuggling of goods');
  assert.equal(res.json().labelTh, smuggling.labelTh, 'fields not sent stay');
  const audit = await t.app.inject({ url: `/api/audit?entity=category&entityId=${smuggling.id}`, headers: { cookie: admin } });
  const item = audit.json().items[0];
  assert.equal(item.action, 'update');
  assert.equal(item.before.labelEn, 'Smuggling');
  assert.equal(item.after.labelEn, 'Smuggling of goods');
  assert.equal(item.after.color, '#123abc');
  const code = await t.app.inject({ method: 'PATCH', url: `/api/categories/${smuggling.id}`, headers: { cookie: admin }, payload: { code: 'contraband' } });
  assert.equal(code.statusCode, 400);
  assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/categories/99999', headers: { cookie: admin }, payload: { active: false } })).statusCode, 404);
});

test('an inactive category stays readable but takes no new incidents', async () => {
  const admin = await t.userCookie('admin');
  const made = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { cookie: admin }, payload: { code: 'retired', labelTh: 'เลิกใช้', labelEn: 'Retired', color: '#000000' } });
  const off = await t.app.inject({ method: 'PATCH', url: `/api/categories/${made.json().id}`, headers: { cookie: admin }, payload: { active: false } });
  assert.equal(off.json().active, false);
  const list = await t.app.inject({ url: '/api/categories', headers: { cookie: admin } });
  assert.ok(list.json().some((c: any) => c.code === 'retired' && c.active === false));
  const inc = await t.app.inject({
    method: 'POST', url: '/api/incidents', headers: { cookie: admin },
    payload: { category: 'retired', occurredAt: '2024-01-05T10:00', lon: 103.5065, lat: 14.8976, severity: 2, source: 'agency' },
  });
  assert.equal(inc.statusCode, 400);
  assert.equal(inc.json().details[0].field, 'category');
  assert.match(inc.json().message, /no longer in use/);
});
