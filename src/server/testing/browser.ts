/**
 * Browser tests: the system Chromium (/usr/bin/chromium) with software WebGL (SwiftShader) so
 * MapLibre renders on machines without a GPU and with Google's background services off (a test
 * makes no outside request), and a real COMAP server on a random port over a fresh database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { buildApp, WEB_DIST } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { App } from '../context.ts';
import type { Database } from '../db/database.ts';
import { createUser } from '../auth/service.ts';
import type { Role } from '../auth/viewer.ts';
import { loadRealAreas } from './fixtures.ts';
import { freshDatabase, ROOT } from './test-db.ts';

/** The system Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-gl=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Starts a headless system Chromium; throws a clear error when it is not installed. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, ...opts });
}

/**
 * Builds the web app once when dist/web is missing (the test runner normally builds it first).
 * The server lists the built files when it starts, so this runs before buildApp.
 */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed: the browser tests need dist/web');
}

export interface WebServer {
  /** http://127.0.0.1:port */
  base: string;
  app: App;
  db: Database;
  /** Creates a user who can sign in through the form (no password change asked). */
  addUser(role: Role, opts?: { username?: string; areaCodes?: string[] }): Promise<{ username: string; password: string }>;
  close(): Promise<void>;
}

let userCounter = 0;

/** A real COMAP server on a random port, on a fresh database holding the real areas of `provinces`. */
export async function startWebServer(opts: { provinces?: string[]; config?: Partial<Config> } = {}): Promise<WebServer> {
  ensureWebBuilt();
  const { db, drop } = await freshDatabase();
  if (opts.provinces?.length) await loadRealAreas(db, opts.provinces);
  const config: Config = { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'comap-e2e-')), demoOnEmpty: false, ...opts.config };
  const app = await buildApp({ db, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    db,
    async addUser(role, o = {}) {
      userCounter += 1;
      const username = o.username ?? `${role.replace('_', '')}${userCounter}`;
      const password = `e2e-pass-${userCounter}-${Math.random().toString(36).slice(2, 10)}`;
      await createUser(db, { username, password, role, areaCodes: o.areaCodes }, null);
      return { username, password };
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
