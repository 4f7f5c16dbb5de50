/**
 * The `comap` command line: serve, migrate, demo, import, user add, backup, restore.
 * Every command reads the same configuration (environment variables, see the README).
 */
import { Command, InvalidArgumentError } from 'commander';
import { basename, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, type Config } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { buildApp } from '../server/app.ts';
import { createUser, ensureFirstAdmin, randomPassword } from '../server/auth/service.ts';
import { ROLES, type Role } from '../server/auth/viewer.ts';
import { AppError } from '../server/errors.ts';
import { importAreas } from '../server/areas/import-service.ts';
import { importIncidents } from '../server/incidents/import-service.ts';
import { loadDemo } from '../server/demo/service.ts';
import { backupDatabase, restoreDatabase } from '../server/backup/service.ts';
import { countAreas } from '../server/areas/repository.ts';
import { startBackgroundJobs } from '../server/jobs.ts';

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function printError(err: unknown): void {
  if (err instanceof AppError) {
    console.error(`error: ${err.message}`);
    for (const d of err.details.slice(0, 50)) {
      const where = [d.file, d.row !== undefined ? `row ${d.row}` : undefined, d.field ? `field ${d.field}` : undefined].filter(Boolean).join(', ');
      console.error(`  ${where ? where + ': ' : ''}${d.message}`);
    }
    if (err.details.length > 50) console.error(`  ... and ${err.details.length - 50} more`);
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function parseMapping(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of v.split(',')) {
    const [k, f] = pair.split('=');
    if (!k || !f) throw new InvalidArgumentError('mapping is comap_field=source_field pairs separated by commas');
    out[k.trim()] = f.trim();
  }
  return out;
}

async function serve(config: Config): Promise<void> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  console.log(`COMAP: database ${db.describe()}`);
  const applied = await migrate(db);
  if (applied.length) console.log(`COMAP: applied migrations ${applied.join(', ')}`);
  const first = await ensureFirstAdmin(db);
  if (first) {
    console.log('');
    // No box drawing on the right: Thai combining marks make column widths unpredictable.
    console.log('  ================================================================');
    console.log('  First start: an administrator account was created.');
    console.log('  เริ่มระบบครั้งแรก: สร้างบัญชีผู้ดูแลระบบแล้ว โปรดจดรหัสผ่านนี้ไว้ ระบบจะแสดงเพียงครั้งเดียว');
    console.log(`    user name / ชื่อผู้ใช้: ${first.username}`);
    console.log(`    password / รหัสผ่าน:  ${first.password}`);
    console.log('  It is shown once only; you will be asked to change it at first sign-in.');
    console.log('  ================================================================');
    console.log('');
  }
  if (config.demoOnEmpty && (await countAreas(db)) === 0) {
    console.log('COMAP: empty database, loading the demo province (synthetic data)...');
    const r = await loadDemo(db, { log: (l) => console.log(`  ${l}`) });
    console.log(`COMAP: demo loaded: ${r.areas} areas, ${r.incidents} incidents`);
  }
  const app = await buildApp({ db, config }, { logger: { level: config.logLevel } });
  let closing = false;
  let stopJobs = () => undefined as void;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    stopJobs();
    console.log(`COMAP: ${signal}, shutting down`);
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(`COMAP: listening on http://localhost:${config.port}`);
  stopJobs = startBackgroundJobs({ db, config }, (l) => console.log(`COMAP: ${l}`));
}

/** Builds the command tree (exported for tests of --help). */
export function program(): Command {
  const config = () => loadConfig();
  const cmd = new Command('comap')
    .description('COMAP - Common Operation Map. Configuration comes from environment variables (see README).')
    .showHelpAfterError();

  cmd.command('serve').description('start the web server (migrates first; creates the first administrator and demo data on an empty database)')
    .action(async () => serve(config()));

  cmd.command('migrate').description('apply database migrations that have not run yet')
    .action(async () => {
      const applied = await withDb(config(), async (db) => migrate(db));
      console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    });

  cmd.command('demo').description('load (or reload) the synthetic demo province with incidents over four fiscal years')
    .option('--incidents <n>', 'number of incidents', positiveInt)
    .option('--seed <n>', 'random seed, for repeatable data', positiveInt)
    .action(async (o: { incidents?: number; seed?: number }) => {
      const r = await withDb(config(), (db) => loadDemo(db, { incidents: o.incidents, seed: o.seed, log: (l) => console.log(l) }));
      console.log(`demo loaded: ${r.areas} areas, ${r.incidents} incidents`);
    });

  const imp = cmd.command('import').description('import areas or incidents from a file (all or nothing)');
  imp.command('areas <file>')
    .description('import provinces, districts, sub-districts (GeoJSON or zipped Shapefile) or villages (CSV with lat/lon)')
    .option('--province <code>', 'keep only this province (2-digit DOPA code, e.g. 32)')
    .option('--mapping <pairs>', 'explicit field mapping, e.g. code=TAM_CODE,name_th=TAM_NAMT,name_en=TAM_NAMEE', parseMapping)
    .action(async (file: string, o: { province?: string; mapping?: Record<string, string> }) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError(400, 'not_found', `file not found: ${file}`);
      const r = await withDb(config(), (db) => importAreas(db, { path, name: basename(path) }, o, null));
      console.log(`imported ${r.file} (${r.format}): ${r.inserted} new, ${r.updated} updated`, r.byLevel);
      for (const x of r.repaired) console.log(`  repaired ${x.code}: ${x.message}`);
      for (const w of r.warnings) console.log(`  warning: ${w}`);
    });
  imp.command('incidents <file>')
    .description('import incidents from CSV (UTF-8, with or without BOM), XLSX or GeoJSON; idempotent by external_id')
    .action(async (file: string) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError(400, 'not_found', `file not found: ${file}`);
      const c = config();
      const r = await withDb(c, (db) => importIncidents(db, c, { path, name: basename(path) }, null));
      console.log(`imported ${r.file} (${r.format}): ${r.rows} rows, ${r.inserted} new, ${r.updated} updated, ${r.assignedNearest} given the nearest sub-district, in ${r.seconds.toFixed(1)} s`);
    });

  const user = cmd.command('user').description('manage users');
  user.command('add <username>')
    .description('create a user; prints a random password unless --password-stdin is given')
    .option('--admin', 'make the user an administrator (same as --role admin)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .option('--name <display name>', 'name shown in the interface')
    .option('--agency <code>', 'code of the agency the user belongs to (see the agency registry)')
    .option('--areas <codes>', 'area scope: comma-separated DOPA codes (required for area_officer)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { admin?: boolean; role: string; name?: string; agency?: string; areas?: string; passwordStdin?: boolean }) => {
      const role = (o.admin ? 'admin' : o.role) as Role;
      if (!ROLES.includes(role)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
      const password = o.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : randomPassword();
      const areaCodes = o.areas ? o.areas.split(',').map((s) => s.trim()).filter(Boolean) : [];
      await withDb(config(), async (db) => {
        let agencyId: number | null = null;
        if (o.agency) {
          const r = await db.query<{ id: number }>('SELECT id FROM agency WHERE code = $1', [o.agency]);
          if (!r.rows[0]) throw new AppError(400, 'not_found', `no agency with code "${o.agency}"`);
          agencyId = r.rows[0].id;
        }
        return createUser(db, { username, displayName: o.name, password, role, agencyId, areaCodes, mustChangePassword: !o.passwordStdin }, null);
      });
      console.log(`created user ${username} (${role})`);
      if (!o.passwordStdin) console.log(`password (shown once, must be changed at first sign-in): ${password}`);
    });

  cmd.command('backup <file>').description('write the whole database to a file (works on both engines)')
    .action(async (file: string) => {
      const r = await withDb(config(), (db) => backupDatabase(db, resolve(file)));
      console.log(`backup written to ${file}: ${r.tables} tables, ${r.rows} rows`);
    });
  cmd.command('restore <file>').description('replace the database content with a backup file (in one transaction)')
    .action(async (file: string) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError(400, 'not_found', `file not found: ${file}`);
      const r = await withDb(config(), (db) => restoreDatabase(db, path));
      console.log(`restored ${file}: ${r.tables} tables, ${r.rows} rows`);
    });
  return cmd;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  program()
    .parseAsync(process.argv)
    .catch((err) => {
      printError(err);
      process.exit(1);
    });
}
