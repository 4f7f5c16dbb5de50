/**
 * One database interface over two engines: PGlite with PostGIS (embedded, the default) and a
 * PostgreSQL server with PostGIS (production, given by DATABASE_URL). Both speak the same SQL;
 * only this module knows which engine runs underneath.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Engine = 'pglite' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  /** Rows changed by an INSERT/UPDATE/DELETE (0 when unknown). */
  affected: number;
}

/** What a repository needs from the database: queries, COPY and transactions. */
export interface Queryable {
  readonly engine: Engine;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Loads CSV text into a table with COPY (the fast path for bulk imports).
   * `csv` is RFC 4180 text without a header, columns in the order given.
   */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: everything it did is committed together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** A human description for logs (never includes a password). */
  describe(): string;
  /** The PGlite instance underneath (embedded engine only), for backups and snapshots. */
  raw?: any;
}

const INT8 = 20;
const NUMERIC = 1700;

function toNumber(v: string): number {
  return Number(v);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return name;
}

function copySql(table: string, columns: string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/* ------------------------------------------------------------------ PGlite */

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time on an embedded data folder: PGlite has no lock of its own, and a second
 * process on the same files silently loses commits. The lock file holds the owner's pid; one
 * left behind by a process that died (kill -9, power cut) is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'comap.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = 0;
      try {
        pid = Number(readFileSync(file, 'utf8').trim());
      } catch {
        continue; // removed meanwhile: try again
      }
      if (pid && pid !== process.pid && processAlive(pid)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by another COMAP process (pid ${pid}); only one process may open it at a time. ` +
            `Stop that process first (for example the running server), then try again; to back up a running server, ` +
            `download GET /api/admin/backup as an administrator. If no COMAP runs there, delete ${file}.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the embedded database in ${dataDir} (${file})`);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  let target = dataDir;
  let unlock = () => undefined as void;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  } else {
    target = 'memory://';
  }
  const parsers = { [INT8]: toNumber, [NUMERIC]: toNumber };
  const pg = await PGlite.create({ dataDir: target, extensions: { postgis }, parsers, loadDataDir }).catch((err: unknown) => {
    unlock();
    throw err;
  });

  type Tx = { query: typeof pg.query; exec: typeof pg.exec };
  const wrap = (h: Tx): Queryable => ({
    engine: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await h.query<T>(sql, params as any[]);
      return { rows: r.rows, affected: r.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await h.exec(sql);
    },
    async copyCsv(table: string, columns: string[], csv: string) {
      await h.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
    },
  });
  const base = wrap(pg);
  return {
    ...base,
    raw: pg,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) => fn(wrap(tx as unknown as Tx)));
    },
    async close() {
      if (!pg.closed) await pg.close();
      unlock();
    },
    describe() {
      return `embedded PGlite + PostGIS at ${dataDir}`;
    },
  };
}

/* -------------------------------------------------------------- PostgreSQL */

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pgmod = await import('pg');
  const pg = pgmod.default;
  const { from: copyFrom } = await import('pg-copy-streams');
  pg.types.setTypeParser(INT8, toNumber);
  pg.types.setTypeParser(NUMERIC, toNumber);
  // JIT compilation costs 50-200 ms on the large tile and count aggregates and never pays back on
  // queries this short (measured: a z8 incident tile fell from 84 to 40 ms without it).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'comap', options: '-c jit=off' });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);

  type Client = { query: (sql: any, params?: unknown[]) => Promise<any> };
  const wrap = (c: Client): Queryable => ({
    engine: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query(sql, params);
      return { rows: r.rows as T[], affected: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
    async copyCsv(table: string, columns: string[], csv: string) {
      const stream = c.query(copyFrom(copySql(table, columns, 'STDIN')));
      await pipeline(Readable.from([Buffer.from(csv)]), stream as any);
    },
  });

  const base = wrap(pool);
  const copyWithClient = async (table: string, columns: string[], csv: string) => {
    const client = await pool.connect();
    try {
      await wrap(client).copyCsv(table, columns, csv);
    } finally {
      client.release();
    }
  };
  return {
    ...base,
    copyCsv: copyWithClient,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
    describe() {
      try {
        const u = new URL(url);
        return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
      } catch {
        return 'PostgreSQL';
      }
    },
  };
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded database in dataDir is used. */
  databaseUrl?: string;
  /** Folder of the embedded database, or `memory://` for a throwaway one. */
  dataDir: string;
  poolSize?: number;
  /** Embedded only: start from this data-directory snapshot (a PGlite dumpDataDir tarball). */
  loadDataDir?: Blob;
}

/** Opens the database COMAP is configured for. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
}
