/**
 * An app on a fresh database for integration tests, driven through HTTP (fastify.inject), plus
 * helpers to create users of each role and sign them in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { App } from '../context.ts';
import type { Database } from '../db/database.ts';
import { createUser } from '../auth/service.ts';
import type { Role } from '../auth/viewer.ts';
import { freshDatabase } from './test-db.ts';

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  /** Creates a user and returns a Cookie header value for them. */
  userCookie(role: Role, opts?: { areaCodes?: string[]; username?: string; agencyId?: number }): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const { db, drop } = await freshDatabase();
  const config: Config = {
    ...loadConfig({}),
    dataDir: mkdtempSync(join(tmpdir(), 'comap-test-')),
    demoOnEmpty: false,
    ...overrides,
  };
  const app = await buildApp({ db, config });
  await app.ready();
  return {
    app,
    db,
    config,
    async userCookie(role, opts = {}) {
      counter += 1;
      const username = opts.username ?? `${role.replace('_', '')}${counter}`;
      const password = `pw-${role}-${counter}-long-enough`;
      await createUser(db, { username, password, role, areaCodes: opts.areaCodes, agencyId: opts.agencyId ?? null }, null);
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed for test user ${username}: ${res.body}`);
      const c = res.cookies.find((k) => k.name === 'comap_session');
      return `comap_session=${c!.value}`;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
