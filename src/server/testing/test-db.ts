/**
 * Fresh, isolated databases for integration tests, on the engine the suite runs against:
 * PostgreSQL when DATABASE_URL is set (a new database cloned from a migrated template),
 * otherwise embedded PGlite loaded from a migrated data-directory snapshot. No test shares state
 * with another.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { openDatabase, type Database } from '../db/database.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TMP = join(ROOT, '.tmp');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(m.name).update(m.sql);
  return h.digest('hex').slice(0, 12);
}

function templateDbName(): string {
  return `comap_tpl_${migrationsHash()}`;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensurePgTemplate(url: string): Promise<string> {
  const name = templateDbName();
  const pgmod = await import('pg');
  const admin = new pgmod.default.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const db = await openDatabase({ databaseUrl: withDatabase(url, building), dataDir: '', poolSize: 1 });
      await migrate(db);
      await db.close();
      try {
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } catch {
        // Another process built the template at the same time; keep theirs.
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      }
    }
  } finally {
    await admin.end();
  }
  return name;
}

async function ensurePgliteSnapshot(): Promise<string> {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `pglite-template-${migrationsHash()}.tar`);
  if (existsSync(file)) return file;
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  const pg = (db as any).raw;
  const blob: Blob = await pg.dumpDataDir('none');
  await db.close();
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

/** Builds the template once (the test runner calls this before starting the test files). */
export async function prepareTemplate(): Promise<void> {
  if (process.env.DATABASE_URL) await ensurePgTemplate(process.env.DATABASE_URL);
  else await ensurePgliteSnapshot();
}

/** A new migrated database; `drop()` closes and removes it. */
export async function freshDatabase(): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const tpl = await ensurePgTemplate(url);
    const name = `comap_t_${randomBytes(6).toString('hex')}`;
    const pgmod = await import('pg');
    const admin = new pgmod.default.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const db = await openDatabase({ databaseUrl: dbUrl, dataDir: '', poolSize: 5 });
    return {
      db,
      url: dbUrl,
      drop: async () => {
        await db.close();
        const a = new pgmod.default.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const file = await ensurePgliteSnapshot();
  const db = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
  return { db, drop: () => db.close() };
}
