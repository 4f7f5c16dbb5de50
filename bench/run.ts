/**
 * COMAP benchmarks (issue 2, section 9). Not tests: run on demand with `npm run bench`; figures go
 * to bench/results/latest.json and latest.md, and the README quotes them.
 *
 * - import: 1,000,000 incidents from CSV with sub-district assignment over the 7,425 real
 *   sub-districts, against a raw SQL baseline on the same server (COPY, then one UPDATE joining
 *   with ST_Contains; the baseline validates nothing). Both engines.
 * - tiles: p50/p95 over a fixed set of 200 incident tiles z5..z15, against one raw SQL statement
 *   per tile that builds the same content with ST_AsMVT (PostgreSQL only: PGlite has no ST_AsMVT).
 * - memory: resident memory of a `comap serve` process over 1,000,000 incidents while it answers
 *   tiles and lists.
 *
 * PostgreSQL: DATABASE_URL if set (a server where the user may CREATE DATABASE), else a throwaway
 * cluster started with scripts/pg-throwaway.sh. Options: --rows N (default 1,000,000),
 * --only import,tiles,memory, --engines postgres,pglite.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeIncidentCsv, rng } from './gen-incidents.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas } from '../src/server/testing/fixtures.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { importIncidents } from '../src/server/incidents/import-service.ts';
import { buildApp } from '../src/server/app.ts';
import { createUser } from '../src/server/auth/service.ts';
import { rawIncidentTileSql } from '../src/server/tiles/repository.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(opt('rows', '1000000'));
const ONLY = new Set(opt('only', 'import,tiles,memory').split(','));
const ENGINES = new Set(opt('engines', 'postgres,pglite').split(','));
const ALL_PROVINCES = [...new Set(JSON.parse(readFileSync(join(ROOT, '..', 'shared/data/th-admin/provinces.geojson'), 'utf8')).features.map((f: any) => String(f.properties.adm1_pcode).slice(2, 4)))] as string[];

const WORK = join(ROOT, '.tmp', 'bench');
mkdirSync(WORK, { recursive: true });
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  rows: ROWS,
};
const log = (s: string) => console.log(`[bench] ${s}`);
const secs = (ms: number) => Math.round(ms) / 1000;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/* ----------------------------------------------------------------- servers */

let stopPg: (() => void) | null = null;
function postgresUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const out = execFileSync('bash', [join(ROOT, 'scripts/pg-throwaway.sh'), 'start'], { encoding: 'utf8' });
  const url = /DATABASE_URL=(\S+)/.exec(out)![1];
  const dir = /COMAP_PG_DIR=(\S+)/.exec(out)![1];
  stopPg = () => execFileSync('bash', [join(ROOT, 'scripts/pg-throwaway.sh'), 'stop', dir]);
  return url;
}

async function pgDatabase(adminUrl: string, name: string): Promise<{ url: string; db: Database }> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
  await migrate(db);
  return { url: u.toString(), db };
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

/* ------------------------------------------------------------------ import */

async function baselineImport(db: Database, csv: string, engine: string): Promise<number> {
  await db.exec(`DROP TABLE IF EXISTS bench_raw;
    CREATE TABLE bench_raw (external_id text, category text, occurred_at timestamptz, lon float8, lat float8,
      severity int, status text, source text, description text, classification text, subdistrict_code text)`);
  const cols = 'external_id, category, occurred_at, lon, lat, severity, status, source, description, classification';
  const t = performance.now();
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: (db as any).url });
    await client.connect();
    await pipeline(createReadStream(csv), client.query(copyFrom(`COPY bench_raw (${cols}) FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    await client.query(`UPDATE bench_raw r SET subdistrict_code = a.code FROM area a
      WHERE a.level = 3 AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326))`);
    await client.end();
  } else {
    await db.raw.query(`COPY bench_raw (${cols}) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([readFileSync(csv)]) });
    await db.query(`UPDATE bench_raw r SET subdistrict_code = a.code FROM area a
      WHERE a.level = 3 AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326))`);
  }
  const ms = performance.now() - t;
  const n = (await db.query<{ n: number }>('SELECT count(subdistrict_code)::int AS n FROM bench_raw')).rows[0].n;
  log(`  baseline (${engine}): ${secs(ms)} s, ${n} rows assigned`);
  await db.exec('DROP TABLE bench_raw');
  return ms;
}

async function comapImport(db: Database, config: Config, csv: string, engine: string): Promise<number> {
  await db.exec('TRUNCATE incident');
  const t = performance.now();
  const r = await importIncidents(db, config, { path: csv, name: 'bench.csv' }, null);
  const ms = performance.now() - t;
  log(`  COMAP import (${engine}): ${secs(ms)} s, ${r.inserted} inserted, ${r.assignedNearest} nearest`);
  return ms;
}

/* ------------------------------------------------------------------- tiles */

function lonLatToTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

/**
 * 200 distinct tiles z5..z15 around incident locations, the same every run: an equal share per
 * zoom, except that the few low-zoom tiles over Thailand leave their share to the higher zooms.
 */
async function fixedTiles(db: Database): Promise<Array<[number, number, number]>> {
  const pts = (await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE id % 997 = 7 ORDER BY id LIMIT 2000`,
  )).rows;
  const rand = rng(7);
  const tiles: Array<[number, number, number]> = [];
  for (let z = 5; z <= 15; z++) {
    const quota = Math.ceil((200 - tiles.length) / (16 - z));
    const seen = new Set<string>();
    for (let i = 0; seen.size < quota && i < pts.length * 2; i++) {
      const p = pts[Math.floor(rand() * pts.length)];
      const [x, y] = lonLatToTile(p.lon, p.lat, z);
      const k = `${x}/${y}`;
      if (!seen.has(k)) {
        seen.add(k);
        tiles.push([z, x, y]);
      }
    }
  }
  return tiles.slice(0, 200);
}

async function tileBench(db: Database, config: Config, engine: string): Promise<Record<string, unknown>> {
  const app = await buildApp({ db, config });
  await app.ready();
  const pw = 'bench password 123';
  await db.query("DELETE FROM app_user WHERE username = 'benchadmin'");
  await createUser(db, { username: 'benchadmin', password: pw, role: 'admin' }, null);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'benchadmin', password: pw } });
  const cookie = `comap_session=${login.cookies.find((c) => c.name === 'comap_session')!.value}`;
  const tiles = await fixedTiles(db);
  const comapMs: number[] = [];
  const rawMs: number[] = [];
  let maxBytes = 0;
  let rawClient: pg.Client | null = null;
  if (engine === 'postgres') {
    // Same session settings as COMAP's pool (JIT off), so the two sides differ only in the query.
    rawClient = new pg.Client({ connectionString: (db as any).url, options: '-c jit=off' });
    await rawClient.connect();
  }
  // Warm up code paths and database caches on tiles outside the measured set (z4 and z16), so
  // every measured tile is a first request for COMAP's own tile cache too.
  const warm = tiles.slice(0, 20).map(([z, x, y]) => (z < 10 ? [4, x >> (z - 4), y >> (z - 4)] : [16, x << (16 - z), y << (16 - z)]));
  for (const [z, x, y] of warm) {
    await app.inject({ url: `/tiles/incidents/${z}/${x}/${y}.mvt`, headers: { cookie } });
    if (rawClient) await rawClient.query(rawIncidentTileSql(z, x, y));
  }
  for (const [z, x, y] of tiles) {
    let t = performance.now();
    const res = await app.inject({ url: `/tiles/incidents/${z}/${x}/${y}.mvt`, headers: { cookie } });
    comapMs.push(performance.now() - t);
    if (res.statusCode !== 200 && res.statusCode !== 204) throw new Error(`tile ${z}/${x}/${y}: ${res.statusCode} ${res.body}`);
    maxBytes = Math.max(maxBytes, res.rawPayload.length);
    if (rawClient) {
      t = performance.now();
      await rawClient.query(rawIncidentTileSql(z, x, y));
      rawMs.push(performance.now() - t);
    }
  }
  await rawClient?.end();
  await app.close();
  const r: Record<string, unknown> = {
    tiles: tiles.length,
    comap_p50_ms: +pct(comapMs, 50).toFixed(1),
    comap_p95_ms: +pct(comapMs, 95).toFixed(1),
    max_tile_kb: +(maxBytes / 1024).toFixed(1),
  };
  if (rawMs.length) {
    r.raw_st_asmvt_p50_ms = +pct(rawMs, 50).toFixed(1);
    r.raw_st_asmvt_p95_ms = +pct(rawMs, 95).toFixed(1);
    r.p50_ratio = +(pct(comapMs, 50) / pct(rawMs, 50)).toFixed(2);
  }
  log(`  tiles (${engine}): ${JSON.stringify(r)}`);
  return r;
}

/* ------------------------------------------------------------------ memory */

async function memoryBench(env: NodeJS.ProcessEnv, engine: string): Promise<Record<string, number>> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), DEMO_ON_EMPTY: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 180_000);
    child.stdout.on('data', () => out.includes('listening on') && (clearTimeout(timer), res()));
    child.on('exit', (c) => rej(new Error(`serve exited ${c}: ${out}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'benchadmin', password: 'bench password 123' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const rand = rng(3);
  for (let i = 0; i < 300; i++) {
    const z = 5 + (i % 11);
    const [x, y] = lonLatToTile(98 + rand() * 7, 6 + rand() * 14, z);
    await fetch(`${base}/tiles/incidents/${z}/${x}/${y}.mvt`, { headers: { cookie } }).then((r) => r.arrayBuffer());
    if (i % 30 === 0) {
      await fetch(`${base}/api/incidents?limit=200&offset=${i * 10}`, { headers: { cookie } }).then((r) => r.text());
      await fetch(`${base}/api/incidents/counts?level=3`, { headers: { cookie } }).then((r) => r.text());
    }
  }
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  const r = { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
  log(`  memory (${engine}): ${JSON.stringify(r)}`);
  return r;
}

/* -------------------------------------------------------------------- main */

async function main(): Promise<void> {
  const csv = join(WORK, `incidents-${ROWS}.csv`);
  if (!existsSync(csv)) {
    log(`writing ${ROWS} incidents to ${csv}`);
    await writeIncidentCsv(csv, ROWS, 42);
  }
  results.csv_mb = +(statSync(csv).size / 2 ** 20).toFixed(1);

  if (ENGINES.has('postgres')) {
    const adminUrl = postgresUrl();
    try {
      log('PostgreSQL: loading the 7,425 real sub-districts');
      const { url, db } = await pgDatabase(adminUrl, 'comap_bench');
      (db as any).url = url;
      await loadRealAreas(db, ALL_PROVINCES);
      const config: Config = { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'comap-bench-')), demoOnEmpty: false };
      if (ONLY.has('import') || !ONLY.has('tiles')) {
        const base1 = await baselineImport(db, csv, 'postgres');
        const comap = await comapImport(db, config, csv, 'postgres');
        const base2 = await baselineImport(db, csv, 'postgres');
        const base = Math.min(base1, base2);
        results.import_postgres = {
          baseline_s: secs(base),
          comap_s: secs(comap),
          ratio: +(comap / base).toFixed(2),
          comap_rows_per_s: Math.round(ROWS / (comap / 1000)),
        };
      } else {
        await comapImport(db, config, csv, 'postgres');
      }
      await db.exec('VACUUM ANALYZE incident');
      if (ONLY.has('tiles')) results.tiles_postgres = await tileBench(db, config, 'postgres');
      await db.close();
      if (ONLY.has('memory')) results.memory_postgres = await memoryBench({ DATABASE_URL: url }, 'postgres');
    } finally {
      stopPg?.();
    }
  }

  if (ENGINES.has('pglite')) {
    const dataDir = join(WORK, 'pglite-data');
    rmSync(dataDir, { recursive: true, force: true });
    log('PGlite: loading the 7,425 real sub-districts');
    const db = await openDatabase({ dataDir });
    await migrate(db);
    await loadRealAreas(db, ALL_PROVINCES);
    const config: Config = { ...loadConfig({}), dataDir, demoOnEmpty: false };
    const r: Record<string, unknown> = {};
    if (ONLY.has('import')) r.baseline_s = secs(await baselineImport(db, csv, 'pglite'));
    const comap = await comapImport(db, config, csv, 'pglite');
    r.comap_s = secs(comap);
    r.comap_rows_per_s = Math.round(ROWS / (comap / 1000));
    if (r.baseline_s) r.ratio = +(comap / 1000 / (r.baseline_s as number)).toFixed(2);
    results.import_pglite = r;
    await db.exec('VACUUM ANALYZE incident');
    if (ONLY.has('tiles')) results.tiles_pglite = await tileBench(db, config, 'pglite');
    await db.close();
    if (ONLY.has('memory')) results.memory_pglite = await memoryBench({ DATA_DIR: dataDir, DATABASE_URL: '' }, 'pglite');
  }

  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  log(`figures written to bench/results/latest.json`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((err) => {
  console.error(err);
  stopPg?.();
  process.exit(1);
});
