import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { restoreDatabase } from './service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

test('an administrator downloads a backup of the running database, and it restores', async () => {
  const admin = await t.userCookie('admin');
  const viewer = await t.userCookie('viewer');
  assert.equal((await t.app.inject({ url: '/api/admin/backup' })).statusCode, 401);
  assert.equal((await t.app.inject({ url: '/api/admin/backup', headers: { cookie: viewer } })).statusCode, 403);

  const res = await t.app.inject({ url: '/api/admin/backup', headers: { cookie: admin } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="comap-.*\.comap\.gz"/);
  assert.ok(gunzipSync(res.rawPayload).toString('utf8').includes('"app_user"'), 'the file holds the users table');

  const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'backup'`);
  assert.equal(audit.rows[0].n, 1, 'the download is audited');

  // A change after the backup disappears when the downloaded file is restored.
  await t.db.query(`UPDATE category SET label_en = 'Changed after the backup' WHERE code = 'flood'`);
  const file = join(mkdtempSync(join(tmpdir(), 'comap-dl-')), 'download.comap.gz');
  writeFileSync(file, res.rawPayload);
  await restoreDatabase(t.db, file);
  const label = (await t.db.query<{ label_en: string }>(`SELECT label_en FROM category WHERE code = 'flood'`)).rows[0].label_en;
  assert.equal(label, 'Flood');

});
