/**
 * A hard kill (kill -9) of COMAP during writes loses no committed data and leaves a database that
 * opens again (issue 2, section 2), on the engine the suite runs on.
 *
 * This file is also the writer that gets killed: run with COMAP_CRASH_CHILD=1 it opens the
 * database and commits small transactions in a loop, printing "ack N" after each commit returns.
 * Standard output to a pipe is synchronous on Linux, so an acknowledged number was committed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { freshDatabase, ROOT } from '../testing/test-db.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
/** Rows per write transaction: after the crash each transaction is there entirely or not at all. */
const ROWS_PER_TX = 3;

async function childMain(): Promise<void> {
  const db = await openDatabase({ dataDir: process.env.COMAP_CRASH_DATA_DIR ?? '', databaseUrl: process.env.COMAP_CRASH_DB_URL || undefined, poolSize: 2 });
  await migrate(db);
  process.stdout.write('ready\n');
  const payload = 'x'.repeat(2000); // enough WAL to cross pages and segments quickly
  for (let n = 1; ; n++) {
    await db.transaction(async (tx) => {
      for (let k = 0; k < ROWS_PER_TX; k++) {
        await tx.query(
          `INSERT INTO audit_log (username, action, entity, entity_id, details) VALUES ('crash', 'crash_probe', 'probe', $1, $2::jsonb)`,
          [String(n), JSON.stringify({ k, payload })],
        );
      }
    });
    process.stdout.write(`ack ${n}\n`);
  }
}

interface Run {
  child: ChildProcess;
  lines: string[];
  /** Resolves when a line matches. */
  waitFor(re: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let rest = '';
  const onData = (buf: Buffer) => {
    rest += buf.toString('utf8');
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, i);
      rest = rest.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    waitFor(re, timeoutMs) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} (stdout: ${lines.slice(-5).join(' | ')}; stderr: ${stderr.slice(-2000)})`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(({ code, signal }) => reject(new Error(`process ended (${code ?? signal}) before ${re}; stderr: ${stderr.slice(-2000)}`)));
      });
    },
  };
}

/** Kills with SIGKILL (no chance to flush or close anything) and waits for the end. */
async function kill9(r: Run): Promise<void> {
  r.child.kill('SIGKILL');
  const { signal } = await r.exited;
  assert.equal(signal, 'SIGKILL');
}

/** Where the child writes: a temp DATA_DIR (embedded) or a fresh PostgreSQL database. */
async function target(): Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<Database>; cleanup: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const { db, url, drop } = await freshDatabase();
    return { env: { COMAP_CRASH_DB_URL: url, DATABASE_URL: url }, open: async () => db, cleanup: drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'comap-crash-'));
  return {
    env: { COMAP_CRASH_DATA_DIR: dir, DATA_DIR: dir, DATABASE_URL: '' },
    open: () => openDatabase({ dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

if (process.env.COMAP_CRASH_CHILD) {
  await childMain();
} else {
  test('kill -9 during a stream of commits: every acknowledged commit survives, none is half there, the database opens', { timeout: 180_000 }, async () => {
    const where = await target();
    let db: Database | undefined;
    try {
      const r = run([THIS_FILE], { ...where.env, COMAP_CRASH_CHILD: '1' });
      await r.waitFor(/^ready$/, 90_000);
      await r.waitFor(/^ack 150$/, 60_000);
      if (!process.env.DATABASE_URL) {
        // A second process on the same embedded files would lose commits: it is refused.
        await assert.rejects(openDatabase({ dataDir: where.env.COMAP_CRASH_DATA_DIR! }), /in use by another COMAP process \(pid \d+\)/);
      }
      await kill9(r);
      const acked = r.lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
      const last = Math.max(...acked);
      assert.ok(last >= 150);

      db = await where.open();
      const rows = (
        await db.query<{ n: number; k: number }>(`SELECT entity_id::int AS n, count(*)::int AS k FROM audit_log WHERE action = 'crash_probe' GROUP BY 1 ORDER BY 1`)
      ).rows;
      const present = new Set(rows.map((x) => x.n));
      const lost = acked.filter((n) => !present.has(n));
      assert.deepEqual(lost, [], 'acknowledged commits lost');
      assert.deepEqual(rows.filter((x) => x.k !== ROWS_PER_TX), [], 'a transaction is partly there');
      assert.ok(rows.length <= last + 1, 'at most the one transaction in flight may have committed unacknowledged');
      // The database takes writes again.
      await db.query(`INSERT INTO audit_log (username, action, entity) VALUES ('crash', 'after', 'probe')`);
      assert.equal((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'after'`)).rows[0].n, 1);
    } finally {
      if (db && !process.env.DATABASE_URL) await db.close();
      await where.cleanup();
    }
  });

  test('kill -9 of `comap serve` while it loads the demo on a first start: the database opens without a half-loaded demo, and the demo loads again', { timeout: 240_000 }, async () => {
    const where = await target();
    let db: Database | undefined;
    try {
      const r = run([join(ROOT, 'src/cli/main.ts'), 'serve'], { ...where.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_ON_EMPTY: '1' });
      await r.waitFor(/loading the demo province/, 120_000);
      // Let it write part of the incidents, then pull the plug.
      await r.waitFor(/demo: generated/, 60_000);
      // The load takes about 1.5 s on PostgreSQL and 3 s embedded: kill it well inside.
      await new Promise((res) => setTimeout(res, process.env.DATABASE_URL ? 300 : 1200));
      await kill9(r);
      assert.ok(!r.lines.some((l) => /demo loaded/.test(l)), 'the kill came before the demo finished');

      db = await where.open();
      const c = (
        await db.query<{ areas: number; incidents: number; admins: number }>(
          `SELECT (SELECT count(*)::int FROM area) AS areas, (SELECT count(*)::int FROM incident) AS incidents,
                  (SELECT count(*)::int FROM app_user WHERE role = 'admin') AS admins`,
        )
      ).rows[0];
      assert.equal(c.admins, 1, 'the first administrator, committed before the demo, is there');
      assert.deepEqual({ areas: c.areas, incidents: c.incidents }, { areas: 0, incidents: 0 }, 'no half-loaded demo');
      // And the demo loads on the next start (here: directly).
      const { loadDemo } = await import('../demo/service.ts');
      const loaded = await loadDemo(db, { incidents: 500 });
      assert.equal(loaded.incidents, 500);
    } finally {
      if (db && !process.env.DATABASE_URL) await db.close();
      await where.cleanup();
    }
  });
}
