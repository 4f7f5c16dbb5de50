import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { openDatabase, type Database, type Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../auth/service.ts';
import { insertAudit } from '../audit/repository.ts';
import { loadDemo } from '../demo/service.ts';
import { backupDatabase, restoreDatabase } from './service.ts';

/**
 * A fingerprint of every COMAP table: row count and an md5 of all rows in their text form.
 * The restore's own traces (its audit record, the new boundary version) are left out.
 */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL TimeZone = 'UTC'`);
    const tables = (
      await tx.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('spatial_ref_sys', 'schema_migration') ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
    const out: Record<string, string> = {};
    for (const name of tables) {
      const where = name === 'audit_log' ? `WHERE action <> 'restore'` : name === 'app_setting' ? `WHERE key <> 'boundary_version'` : '';
      const r = await tx.query<{ s: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') AS s FROM public."${name}" t ${where}`);
      out[name] = r.rows[0].s;
    }
    return out;
  });
}

/** Data of every kind the file must carry exactly: geometry, bytea, JSON null, odd text, reals. */
async function seed(t: TestApp): Promise<void> {
  await loadDemo(t.db, { incidents: 1500, seed: 3 });
  await t.userCookie('admin'); // a user, a session, audit records
  await createUser(t.db, { username: 'officer1', password: 'a long enough password', role: 'area_officer', areaCodes: ['9801', '980203'] }, null);
  await t.db.query(`INSERT INTO tile_cache (layer, version, z, x, y, data) VALUES ('boundaries', 2, 9, 401, 238, '\\x000102ff00'::bytea), ('boundaries', 2, 9, 402, 238, '\\x'::bytea)`);
  await t.db.query(`INSERT INTO app_setting (key, value) VALUES ('json_null', 'null'::jsonb), ('nested', '{"a": [1, 2.5, "ข้อความ"], "b": null}'::jsonb)`);
  await t.db.query(
    `UPDATE incident SET description = $1, nearest_distance_m = 0.1, assigned_nearest = true WHERE id = (SELECT min(id) FROM incident)`,
    ['ข้อความ "อ้างอิง", บรรทัดใหม่\nและ \\ backslash; DROP TABLE incident; -- <script>alert(1)</script> 🚨'],
  );
  await t.db.query(`UPDATE incident SET description = '' WHERE id = (SELECT max(id) FROM incident)`);
  await t.db.query(
    `INSERT INTO import_run (kind, filename, status, rows_total, errors) VALUES ('incidents', 'a.csv', 'failed', 3, '[{"row": 2, "message": "bad"}]'), ('areas', 'b.zip', 'running', 0, NULL)`,
  );
}

async function change(db: Queryable): Promise<void> {
  await db.query('DELETE FROM incident WHERE id % 3 = 0');
  await db.query(`UPDATE app_user SET display_name = 'changed'`);
  await db.query('DELETE FROM tile_cache');
  await db.query(`UPDATE app_setting SET value = '"changed"' WHERE key = 'nested'`);
  await db.query('DELETE FROM user_area');
}

const tmp = () => mkdtempSync(join(tmpdir(), 'comap-backup-'));

test('backup, change everything, restore: every table comes back exactly, and ids continue after the largest', async () => {
  const t = await startTestApp();
  const dir = tmp();
  try {
    await seed(t);
    const before = await fingerprint(t.db);
    const file = join(dir, 'comap.backup.gz');
    const r = await backupDatabase(t.db, file);
    assert.equal(r.tables, Object.keys(before).length);
    const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);
    assert.equal(header.format, 'comap-backup');
    assert.equal(header.engine, t.db.engine);
    const migrations = (await t.db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version')).rows.map((x) => Number(x.version));
    assert.deepEqual(header.migrations, migrations);
    assert.ok(header.tables.indexOf('area') < header.tables.indexOf('incident'), 'parents before children');

    const versionBefore = (await t.db.query<{ v: number }>(`SELECT (value #>> '{}')::int AS v FROM app_setting WHERE key = 'boundary_version'`)).rows[0].v;
    await change(t.db);
    assert.notDeepEqual(await fingerprint(t.db), before);

    const back = await restoreDatabase(t.db, file);
    assert.deepEqual(back, r);
    assert.deepEqual(await fingerprint(t.db), before);

    const maxId = (await t.db.query<{ m: number }>('SELECT max(id)::int AS m FROM incident')).rows[0].m;
    const added = await t.db.query<{ id: number }>(
      `INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source)
       SELECT category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source FROM incident LIMIT 1 RETURNING id`,
    );
    assert.ok(Number(added.rows[0].id) > maxId, 'the incident sequence continues after the largest restored id');
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'restore'`);
    assert.equal(audit.rows[0].n, 1, 'the restore is audited');
    const versionAfter = (await t.db.query<{ v: number }>(`SELECT (value #>> '{}')::int AS v FROM app_setting WHERE key = 'boundary_version'`)).rows[0].v;
    assert.ok(versionAfter > versionBefore, 'cached boundary tiles are not reused after a restore');
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged, truncated, foreign or mismatched file is refused with a clear message and changes nothing', async () => {
  const t = await startTestApp();
  const dir = tmp();
  try {
    await seed(t);
    const good = join(dir, 'good.gz');
    await backupDatabase(t.db, good);
    await change(t.db);
    const state = await fingerprint(t.db);
    const bytes = readFileSync(good);
    const text = gunzipSync(bytes).toString('utf8');
    const lines = text.split('\n');
    const variant = (name: string, data: Buffer | string) => {
      const f = join(dir, name);
      writeFileSync(f, data);
      return f;
    };

    const flipped = Buffer.from(bytes);
    for (let i = Math.floor(flipped.length / 2); i < flipped.length / 2 + 64; i++) flipped[i] ^= 0x5a;
    const incidentStart = lines.findIndex((l) => l.startsWith('{"table":"incident"'));
    const severity = JSON.parse(lines[incidentStart]).columns.findIndex((c: { name: string }) => c.name === 'severity');
    const badRow = JSON.parse(lines[incidentStart + 5]);
    badRow[severity] = 9;
    const badValue = [...lines];
    badValue[incidentStart + 5] = JSON.stringify(badRow);
    const header = JSON.parse(lines[0]);
    const oldSchema = [JSON.stringify({ ...header, migrations: [1] }), ...lines.slice(1)].join('\n');
    const garbledRow = [...lines];
    garbledRow[incidentStart + 3] = lines[incidentStart + 3].slice(0, 40);

    const cases: Array<[string, string, RegExp]> = [
      // Flipped bytes usually break the deflate stream; rarely they decode into wrong rows.
      ['bytes flipped in the middle', variant('flipped.gz', flipped), /damaged|does not load/],
      ['cut in half', variant('half.gz', bytes.subarray(0, Math.floor(bytes.length / 2))), /damaged or cut short \(gzip: unexpected end of file/],
      ['complete gzip, but the lines stop inside the incidents', variant('short.gz', gzipSync(lines.slice(0, incidentStart + 200).join('\n'))), /ends inside table incident after 199 rows \(it is incomplete\)/],
      ['a row cut short', variant('garbled.gz', gzipSync(garbledRow.join('\n'))), new RegExp(`line ${incidentStart + 4}: the line is not valid JSON`)],
      ['a value the database refuses', variant('badvalue.gz', gzipSync(badValue.join('\n'))), /does not load into this database.*severity|does not load into this database.*check constraint/],
      ['another schema version', variant('old.gz', gzipSync(oldSchema)), /line 1: the backup was made with database schema migrations 1, but this database has 1, /],
      ['not a backup at all', variant('notes.gz', gzipSync('hello\nworld\n')), /not a COMAP backup header/],
      ['not gzip', variant('plain.txt', 'just some text'), /damaged or cut short/],
    ];
    for (const [what, file, message] of cases) {
      await assert.rejects(restoreDatabase(t.db, file), (e: Error & { statusCode?: number }) => {
        assert.match(e.message, message, what);
        assert.match(e.message, /nothing was changed/, what);
        assert.equal(e.statusCode, 422, what);
        return true;
      });
      assert.deepEqual(await fingerprint(t.db), state, `${what}: the database is as it was`);
    }
    await assert.rejects(restoreDatabase(t.db, join(dir, 'missing.gz')), /backup file not found/);
    // The database still works after all that, and the good file still restores.
    await restoreDatabase(t.db, good);
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident')).rows[0].n, 1500);
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a backup taken while COMAP writes is one consistent moment', async () => {
  const t = await startTestApp();
  const dir = tmp();
  try {
    await loadDemo(t.db, { incidents: 300, seed: 5 });
    const place = (await t.db.query<{ code: string; g: string }>(`SELECT code, ST_AsEWKT(ST_PointOnSurface(geom)) AS g FROM area WHERE level = 3 ORDER BY code LIMIT 1`)).rows[0];
    // Each write adds an incident and its audit record in one transaction: a consistent
    // snapshot holds as many of one as of the other, although audit_log is read first.
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        await t.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO incident (external_id, category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source)
             SELECT $1, id, now(), ST_GeomFromEWKT($2), 0, 0, $3, substr($3, 1, 4), '98', 2, 'sensor' FROM category WHERE code = 'illegal_crossing'`,
            [`PAIR-${written}`, place.g, place.code],
          );
          await insertAudit(tx, { userId: null, username: 'sensor', action: 'pair', entity: 'incident', entityId: `PAIR-${written}` });
        });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (written < 20) await new Promise((r) => setTimeout(r, 10));
    const file = join(dir, 'live.gz');
    await backupDatabase(t.db, file, { batchRows: 40 });
    const during = written;
    stop = true;
    await writer;

    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const count = (table: string, column: string, match: (v: string) => boolean) => {
      const start = lines.findIndex((l) => l.startsWith(`{"table":"${table}"`));
      const col = JSON.parse(lines[start]).columns.findIndex((c: { name: string }) => c.name === column);
      let n = 0;
      for (let i = start + 1; lines[i].startsWith('['); i++) if (match(String(JSON.parse(lines[i])[col]))) n++;
      return n;
    };
    const incidents = count('incident', 'external_id', (v) => v.startsWith('PAIR-'));
    const audits = count('audit_log', 'action', (v) => v === 'pair');
    assert.ok(incidents >= 20, `${incidents} paired writes in the backup`);
    assert.equal(incidents, audits, 'incidents and their audit records come from the same moment');
    assert.ok(during >= incidents);
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a backup of the embedded database restores into PostgreSQL', { skip: !process.env.DATABASE_URL && 'runs with DATABASE_URL (PostgreSQL)' }, async () => {
  const t = await startTestApp();
  const dir = tmp();
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(lite);
    await loadDemo(lite, { incidents: 800, seed: 9 });
    await createUser(lite, { username: 'embedded1', password: 'a long enough password', role: 'analyst' }, null);
    const file = join(dir, 'embedded.gz');
    await backupDatabase(lite, file);
    assert.equal(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]).engine, 'pglite');
    await restoreDatabase(t.db, file);
    assert.deepEqual(await fingerprint(t.db), await fingerprint(lite));
    const cookie = (
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'embedded1', password: 'a long enough password' } })
    ).cookies.find((c) => c.name === 'comap_session');
    assert.ok(cookie, 'a user of the embedded database signs in on PostgreSQL');
  } finally {
    await lite.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
