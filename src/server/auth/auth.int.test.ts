import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { createUser } from './service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

test('sign in sets an httpOnly cookie, me answers, sign out ends the session', async () => {
  await createUser(t.db, { username: 'somchai', password: 'correct horse battery', role: 'analyst' }, null);
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'somchai', password: 'correct horse battery' } });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'comap_session')!;
  assert.ok(cookie.httpOnly, 'session cookie is httpOnly');
  const headers = { cookie: `comap_session=${cookie.value}` };
  const me = await t.app.inject({ url: '/api/auth/me', headers });
  assert.equal(me.json().username, 'somchai');
  assert.equal(me.json().role, 'analyst');
  const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
  assert.equal(out.statusCode, 200);
  assert.equal((await t.app.inject({ url: '/api/auth/me', headers })).statusCode, 401);
});

test('passwords are stored as argon2id hashes, never in clear', async () => {
  await createUser(t.db, { username: 'malee', password: 'a long secret 123', role: 'viewer' }, null);
  const row = (await t.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'malee'")).rows[0];
  assert.match(row.password_hash, /^\$argon2id\$/);
  assert.ok(!row.password_hash.includes('a long secret 123'));
});

test('a wrong password is refused, and repeated failures lock the account', async () => {
  await createUser(t.db, { username: 'target', password: 'the right password', role: 'viewer' }, null);
  for (let i = 0; i < 5; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'target', password: `wrong ${i}` } });
    assert.ok([401, 423].includes(r.statusCode), `attempt ${i}: ${r.statusCode}`);
    if (i < 4) assert.equal(r.json().message, 'wrong user name or password');
  }
  const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'target', password: 'the right password' } });
  assert.equal(locked.statusCode, 423, 'even the right password is refused while locked');
  assert.match(locked.json().message, /locked/);
  const audit = await t.db.query<{ n: number }>("SELECT count(*)::int n FROM audit_log WHERE action = 'login_failed' AND username = 'target'");
  assert.equal(audit.rows[0].n, 5);
});

test('an unknown user gets the same answer as a wrong password', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'whatever it is' } });
  assert.equal(r.statusCode, 401);
  assert.equal(r.json().message, 'wrong user name or password');
});

test('change password: wrong current password is refused; the new one works, the old one no longer', async () => {
  const cookie = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'somchai', password: 'correct horse battery' } });
  const headers = { cookie: `comap_session=${cookie.cookies[0].value}` };
  const bad = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: 'nope', newPassword: 'a brand new password' } });
  assert.equal(bad.statusCode, 400);
  const short = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: 'correct horse battery', newPassword: 'short' } });
  assert.equal(short.statusCode, 400);
  assert.equal(short.json().details[0].field, 'password');
  const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' } });
  assert.equal(ok.statusCode, 200);
  const old = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'somchai', password: 'correct horse battery' } });
  assert.equal(old.statusCode, 401);
  const fresh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'somchai', password: 'a brand new password' } });
  assert.equal(fresh.statusCode, 200);
});

test('only administrators manage users and read the audit log; user changes are audited', async () => {
  const admin = await t.userCookie('admin');
  const analyst = await t.userCookie('analyst');
  assert.equal((await t.app.inject({ url: '/api/users', headers: { cookie: analyst } })).statusCode, 403);
  assert.equal((await t.app.inject({ url: '/api/audit', headers: { cookie: analyst } })).statusCode, 403);
  assert.equal((await t.app.inject({ url: '/api/users' })).statusCode, 401);
  const created = await t.app.inject({
    method: 'POST', url: '/api/users', headers: { cookie: admin },
    payload: { username: 'officer1', password: 'officer password 1', role: 'viewer', displayName: 'สมหญิง ใจดี' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().displayName, 'สมหญิง ใจดี');
  assert.equal(created.json().password_hash, undefined);
  const upd = await t.app.inject({ method: 'PATCH', url: `/api/users/${created.json().id}`, headers: { cookie: admin }, payload: { role: 'analyst' } });
  assert.equal(upd.statusCode, 200);
  const audit = await t.app.inject({ url: `/api/audit?entity=user&entityId=${created.json().id}`, headers: { cookie: admin } });
  const items = audit.json().items;
  assert.deepEqual(items.map((i: any) => i.action), ['update', 'create']);
  assert.equal(items[0].before.role, 'viewer');
  assert.equal(items[0].after.role, 'analyst');
  assert.ok(!JSON.stringify(items).includes('argon2'), 'audit never holds password hashes');
});

test('an area officer cannot be created without an area', async () => {
  const admin = await t.userCookie('admin');
  const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'ao', password: 'area officer pw', role: 'area_officer' } });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().message, /area/);
});

test('a user is put in an agency and taken out again with agencyId null (null stays "none", never 0)', async () => {
  const admin = await t.userCookie('admin');
  const agency = (await t.db.query<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('dopa-test', 'ที่ทำการปกครองจังหวัดทดสอบ', 'provincial_admin') RETURNING id`)).rows[0];
  const created = await t.app.inject({
    method: 'POST', url: '/api/users', headers: { cookie: admin },
    payload: { username: 'member1', password: 'member password 1', role: 'agency_officer', agencyId: agency.id },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual([created.json().agencyId, created.json().agency], [agency.id, 'ที่ทำการปกครองจังหวัดทดสอบ']);
  const out = await t.app.inject({ method: 'PATCH', url: `/api/users/${created.json().id}`, headers: { cookie: admin }, payload: { agencyId: null } });
  assert.equal(out.statusCode, 200, out.body);
  assert.deepEqual([out.json().agencyId, out.json().agency], [null, null]);
  const bad = await t.app.inject({ method: 'PATCH', url: `/api/users/${created.json().id}`, headers: { cookie: admin }, payload: { agencyId: 99999 } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /no agency with id 99999/);
});
