import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { ROOT, freshDatabase } from '../server/testing/test-db.ts';

const MAIN = join(ROOT, 'src/cli/main.ts');

function comap(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
}

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as any).port;
      s.close(() => res(p));
    });
  });
}

test('every command has --help', () => {
  const top = comap(['--help']);
  assert.equal(top.status, 0);
  for (const c of ['serve', 'migrate', 'demo', 'import', 'user', 'backup', 'restore']) assert.match(top.stdout, new RegExp(`\\b${c}\\b`));
  for (const sub of [['import', 'areas'], ['import', 'incidents'], ['user', 'add'], ['demo'], ['backup'], ['restore']]) {
    const r = comap([...sub, '--help']);
    assert.equal(r.status, 0, `${sub.join(' ')} --help`);
    assert.match(r.stdout, /Usage: comap/);
  }
});

test('an unknown role or a missing file gives a clear error and exit code 1', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'comap-cli-'));
  try {
    const r = comap(['import', 'areas', '/nonexistent/file.geojson'], { DATA_DIR: dataDir, DATABASE_URL: '' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /file not found: \/nonexistent\/file.geojson/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Starts `comap serve`, returns its output so far once it listens. */
async function startServe(env: NodeJS.ProcessEnv): Promise<{ out: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], { cwd: ROOT, env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    // A first start migrates, creates the administrator and loads the demo (projects, indicators): on a
    // loaded two-core machine that took over 90 s.
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 240_000);
    const check = () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${out}`));
    });
  });
  return {
    out,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

test('the first start creates an administrator with a random password printed once; it signs in', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'comap-first-'));
  const fresh = process.env.DATABASE_URL ? await freshDatabase() : null;
  if (fresh) await fresh.db.close();
  const env = { DATA_DIR: dataDir, DEMO_ON_EMPTY: '0', DATABASE_URL: fresh?.url ?? '', PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  try {
    const first = await startServe(env);
    const m = /password \/ รหัสผ่าน:\s+(\S+)/.exec(first.out);
    assert.ok(m, `a password is printed on first start: ${first.out}`);
    const password = m![1];
    assert.ok(password.length >= 16, 'the password is long');
    const login = await fetch(`http://127.0.0.1:${env.PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);
    assert.equal((await login.json()).mustChangePassword, true, 'the first administrator must change the password');
    await first.stop();

    const second = await startServe(env);
    assert.doesNotMatch(second.out, /รหัสผ่าน:/, 'no password is printed on later starts');
    await second.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (fresh) await fresh.drop().catch(() => undefined);
  }
});
