/**
 * Backup and restore of the whole COMAP database to one gzip file of JSON lines (see format.ts),
 * on either engine and across them (an embedded backup restores into PostgreSQL).
 *
 * Backup reads every table in one repeatable-read, read-only transaction, so a backup taken
 * while COMAP is writing is one consistent moment. Restore checks the file's header against the
 * database first, then replaces everything in one transaction: a damaged or truncated file fails
 * with a message that says so, and the database stays as it was.
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { basename } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import type { Viewer } from '../auth/viewer.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupFileError,
  dependencyOrder,
  linesOf,
  migrationMismatch,
  parseHeader,
  rowToCsv,
  type BackupColumn,
  type BackupHeader,
  type SectionEnd,
  type TableStart,
} from './format.ts';
import * as repo from './repository.ts';

export interface BackupOptions {
  log?: (line: string) => void;
  /** Rows per read (backup) or per COPY (restore). */
  batchRows?: number;
  /** Who restores (audit); the command line passes nothing. */
  actor?: Viewer | null;
}

const READ_BATCH = 5_000;
const WRITE_BATCH = 20_000;
/** A COPY is also sent when its text passes this size (tables with large values, such as tiles). */
const WRITE_BATCH_BYTES = 16 * 1024 * 1024;

/** Writes every COMAP table to one file, readable by `restore` on either engine. */
export async function backupDatabase(db: Database, file: string, opts: BackupOptions = {}): Promise<{ tables: number; rows: number }> {
  const log = opts.log ?? (() => undefined);
  const batch = opts.batchRows ?? READ_BATCH;
  // Written beside the target and renamed at the end: a failed backup never leaves a file that
  // looks complete, and never replaces a good older backup.
  const tmp = `${file}.partial-${process.pid}`;
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(tmp);
  // A write error (disk full) rejects `written`, which the next write or the end awaits.
  const written = pipeline(gzip, out);
  written.catch(() => undefined);
  const write = async (line: string) => {
    if (!gzip.write(line + '\n')) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    const result = await db.transaction(async (tx) => {
      await repo.beginSnapshot(tx);
      const info = await repo.databaseInfo(tx);
      const tables = dependencyOrder(await repo.listTables(tx), await repo.listReferences(tx));
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        engine: db.engine,
        postgres: info.postgres,
        postgis: info.postgis,
        migrations: info.migrations,
        tables,
      };
      await write(JSON.stringify(header));
      let total = 0;
      for (const table of tables) {
        const columns = await repo.listColumns(tx, table);
        const reader = repo.readBatches(tx, table, columns, await repo.primaryKey(tx, table), batch);
        await write(JSON.stringify({ table, columns } satisfies TableStart));
        let rows = 0;
        for (let lines = await reader.next(); lines.length; lines = await reader.next()) {
          for (const l of lines) await write(l);
          rows += lines.length;
        }
        await write(JSON.stringify({ end: table, rows } satisfies SectionEnd));
        total += rows;
        log(`backup: ${table} ${rows.toLocaleString('en')} rows`);
      }
      await write(JSON.stringify({ end: 'backup', tables: tables.length, rows: total } satisfies SectionEnd));
      return { tables: tables.length, rows: total };
    });
    gzip.end();
    await written;
    renameSync(tmp, file);
    return result;
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

function invalidBackup(file: string, err: unknown): AppError {
  const name = basename(file);
  if (err instanceof BackupFileError) {
    const where = err.line !== undefined ? `backup ${name}, line ${err.line}` : `backup ${name}`;
    return new AppError(422, 'invalid_backup', `${where}: ${err.message}; nothing was changed`, [
      { file: name, row: err.line, message: err.message },
    ]);
  }
  if (err instanceof AppError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && e.code.startsWith('Z_')) {
    const message = `the file is damaged or cut short (gzip: ${e.message})`;
    return new AppError(422, 'invalid_backup', `backup ${name}: ${message}; nothing was changed`, [{ file: name, message }]);
  }
  if (e?.code === 'ENOENT') return new AppError(400, 'not_found', `backup file not found: ${file}`);
  // The database refused the data (a value that does not fit, a broken reference).
  const message = `the data does not load into this database (${e?.message ?? String(err)})`;
  return new AppError(422, 'invalid_backup', `backup ${name}: ${message}; nothing was changed`, [{ file: name, message }]);
}

/** Replaces the database content with a backup file, in one transaction. */
export async function restoreDatabase(db: Database, file: string, opts: BackupOptions = {}): Promise<{ tables: number; rows: number }> {
  const log = opts.log ?? (() => undefined);
  const batchRows = opts.batchRows ?? WRITE_BATCH;
  const source = createReadStream(file);
  const stream = createGunzip();
  // .pipe() does not pass on a read error (a missing file): hand it to the reader of `stream`.
  source.on('error', (e) => stream.destroy(e));
  source.pipe(stream);
  const lines = linesOf(stream)[Symbol.asyncIterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<string | undefined> => {
    const r = await lines.next();
    if (r.done) return undefined;
    lineNo++;
    return r.value;
  };
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new BackupFileError('the line is not valid JSON (the file is damaged)', lineNo);
    }
  };
  try {
    const header = parseHeader(await nextLine());
    const info = await repo.databaseInfo(db);
    const mismatch = migrationMismatch(header.migrations, info.migrations);
    if (mismatch) throw new BackupFileError(mismatch, 1);

    return await db.transaction(async (tx) => {
      const tables = await repo.listTables(tx);
      const extra = tables.filter((t) => !header.tables.includes(t));
      const unknown = header.tables.filter((t) => !tables.includes(t));
      if (unknown.length) throw new BackupFileError(`the backup has tables this database does not: ${unknown.join(', ')}`, 1);
      if (extra.length) throw new BackupFileError(`this database has tables the backup does not: ${extra.join(', ')}`, 1);
      const versionBefore = await repo.boundaryVersion(tx);
      const fks = await repo.foreignKeys(tx, tables);
      const triggered = await repo.tablesWithUserTriggers(tx, tables);
      // Foreign keys come off during the load (rows of a table may arrive in any order) and go
      // back on at the end, when PostgreSQL checks every restored row against them.
      await repo.dropForeignKeys(tx, fks);
      const indexes = await repo.plainIndexes(tx, tables);
      await repo.dropIndexes(tx, indexes);
      await repo.setUserTriggers(tx, triggered, false);
      await repo.truncateAll(tx, tables);

      let total = 0;
      const seen = new Set<string>();
      for (;;) {
        const line = await nextLine();
        if (line === undefined) throw new BackupFileError(`the file ends after ${seen.size} of ${header.tables.length} tables (it is incomplete)`, lineNo);
        const ctl = parse(line) as Partial<TableStart & SectionEnd>;
        if (ctl && ctl.end === 'backup') {
          if (ctl.rows !== total || seen.size !== header.tables.length) {
            throw new BackupFileError(`the file ends with ${ctl.rows} rows in ${ctl.tables} tables, but ${total} rows in ${seen.size} tables were read`, lineNo);
          }
          break;
        }
        if (!ctl || typeof ctl.table !== 'string' || !Array.isArray(ctl.columns)) {
          throw new BackupFileError('expected the start of a table here (the file is damaged)', lineNo);
        }
        const table = ctl.table;
        if (!tables.includes(table) || seen.has(table)) throw new BackupFileError(`unexpected table ${table} (the file is damaged)`, lineNo);
        seen.add(table);
        const columns = ctl.columns as BackupColumn[];
        const have = new Set((await repo.listColumns(tx, table)).map((c) => c.name));
        const missing = columns.filter((c) => !have.has(c.name)).map((c) => c.name);
        if (missing.length) throw new BackupFileError(`table ${table} of this database has no column ${missing.join(', ')}`, lineNo);
        const names = columns.map((c) => c.name);

        let rows = 0;
        let csv: string[] = [];
        let bytes = 0;
        const flush = async () => {
          if (!csv.length) return;
          await repo.copyRows(tx, table, names, csv.join(''));
          csv = [];
          bytes = 0;
        };
        for (;;) {
          const l = await nextLine();
          if (l === undefined) throw new BackupFileError(`the file ends inside table ${table} after ${rows} rows (it is incomplete)`, lineNo);
          if (l.startsWith('[')) {
            const text = rowToCsv(parse(l), columns, lineNo);
            csv.push(text);
            bytes += text.length;
            rows++;
            if (csv.length >= batchRows || bytes >= WRITE_BATCH_BYTES) await flush();
            continue;
          }
          const end = parse(l) as Partial<SectionEnd>;
          if (!end || end.end !== table) throw new BackupFileError(`expected the end of table ${table} here (the file is damaged)`, lineNo);
          if (end.rows !== rows) throw new BackupFileError(`table ${table} should have ${end.rows} rows, the file holds ${rows} (the file is damaged)`, lineNo);
          break;
        }
        await flush();
        total += rows;
        log(`restore: ${table} ${rows.toLocaleString('en')} rows`);
      }
      if ((await nextLine()) !== undefined) throw new BackupFileError('there is more after the end of the backup', lineNo);

      const t0 = Date.now();
      await repo.createIndexes(tx, indexes);
      await repo.addForeignKeys(tx, fks);
      await repo.setUserTriggers(tx, triggered, true);
      log(`restore: rebuilt ${indexes.length} indexes and ${fks.length} foreign keys in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await repo.resetSequences(tx, tables);
      // Tiles cached under the restored version may show other boundaries: move past both.
      await repo.setBoundaryVersion(tx, Math.max(versionBefore, await repo.boundaryVersion(tx)) + 1);
      // The triggers that count changes were off while rows went in: count the restore once, so
      // cached dashboards are recomputed.
      await repo.bumpDataVersion(tx);
      await insertAudit(tx, {
        userId: opts.actor?.userId ?? null,
        username: opts.actor?.username ?? 'cli',
        action: 'restore',
        entity: 'database',
        details: { file: basename(file), backupCreatedAt: header.createdAt, backupEngine: header.engine, tables: seen.size, rows: total },
      });
      return { tables: seen.size, rows: total };
    });
  } catch (err) {
    throw invalidBackup(file, err);
  } finally {
    source.destroy();
    stream.destroy();
  }
}
