/**
 * Priority analysis benchmark (issue 3): the full analysis run for all 7,425 real sub-districts
 * over 1,000,000 incidents spread over four fiscal years (FY 2565 to 2568), against a hand-written
 * single SQL aggregate that computes the incident component alone, side by side in the same run
 * on the same server. Goals: the full run <= 1 s on PostgreSQL and at most 1.5 times the
 * aggregate. Also re-measures Gi* (weights cached, goal <= 50 ms) and local Moran's I with 999
 * permutations (goal <= 2 s) on the same data. Figures go to bench/results/analysis.json.
 *
 *   npm run bench:analysis                        both engines (PostgreSQL: DATABASE_URL, or a
 *                                                 throwaway cluster via scripts/pg-throwaway.sh)
 *   options: --engines postgres,pglite  --reps 7  --rows 1000000  --out analysis.json
 *
 * (a) is service.createRun, the call behind POST /api/analysis/runs: fiscal year 2568 with rank
 * movement against 2567, every component (severity-weighted burden per category and rate per
 * 1,000 where the population is known, recency decay, trend against a year earlier, Gi* hot
 * spots), stored with its audit record. A warm-up run first caches the queen neighbour weights.
 * (b) is one GROUP BY over the incidents of the period, false reports left out, returning one row
 * per sub-district and category: what a hand-written report would do. The two alternate, so a
 * burst of load from elsewhere on the machine hits both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeIncidentCsv } from './gen-incidents.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas, TH_ADMIN_DIR } from '../src/server/testing/fixtures.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { importIncidents } from '../src/server/incidents/import-service.ts';
import { createUser } from '../src/server/auth/service.ts';
import type { Viewer } from '../src/server/auth/viewer.ts';
import { createRun, ensurePresets, listProfiles, readPeriod } from '../src/server/analysis/service.ts';
import { readSummary } from '../src/server/analysis/run-summary.ts';
import { queenNeighbours } from '../src/server/analysis/weights-repository.ts';
import { binaryWeights, rowStandardisedWeights } from '../src/shared/spatial-weights.ts';
import { getisOrdGiStar, localMoran } from '../src/shared/hotspots.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(opt('rows', '1000000'));
const REPS = Number(opt('reps', '7'));
const ENGINES = opt('engines', 'postgres,pglite').split(',');
const OUT = opt('out', 'analysis.json');
const PERIOD = '2568';
const PROVINCES = [
  ...new Set(
    (JSON.parse(readFileSync(join(TH_ADMIN_DIR, 'provinces.geojson'), 'utf8')) as { features: Array<{ properties: { adm1_pcode: string } }> }).features.map((f) =>
      f.properties.adm1_pcode.replace(/^TH/, ''),
    ),
  ),
].sort();

export const WORK = join(ROOT, '.tmp', 'bench');
mkdirSync(WORK, { recursive: true });
const log = (s: string) => console.log(`[bench:analysis] ${s}`);
export const r1 = (v: number) => Math.round(v * 10) / 10;
export const load = () => loadavg().map((v) => Math.round(v * 100) / 100);
export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
export function stats(v: number[]): { median_ms: number; min_ms: number; runs_ms: number[] } {
  return { median_ms: r1(median(v)), min_ms: r1(Math.min(...v)), runs_ms: v.map(r1) };
}

/** The hand-written aggregate (b): severity-weighted counts per sub-district and category. */
const BASELINE_SQL = `SELECT i.subdistrict_code, c.code AS category, sum(i.severity)::float8 AS burden
  FROM incident i JOIN category c ON c.id = i.category_id
  WHERE i.occurred_at >= $1 AND i.occurred_at < $2 AND i.status <> 'false_report'
  GROUP BY i.subdistrict_code, c.code`;

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  load_average_start: load(),
  rows: ROWS,
  period: PERIOD,
  repetitions: REPS,
  goals: { full_run_postgres_ms: 1000, ratio_full_to_aggregate: 1.5, gi_star_ms: 50, local_moran_999_ms: 2000 },
};

let stopPg: (() => void) | null = null;
function postgresAdminUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const out = execFileSync('bash', [join(ROOT, 'scripts/pg-throwaway.sh'), 'start'], { encoding: 'utf8' });
  const url = /DATABASE_URL=(\S+)/.exec(out)![1];
  const dir = /COMAP_PG_DIR=(\S+)/.exec(out)![1];
  stopPg = () => {
    execFileSync('bash', [join(ROOT, 'scripts/pg-throwaway.sh'), 'stop', dir]);
    stopPg = null;
  };
  return url;
}

/** A fresh database of `engine` for a benchmark called `name` (its own PostgreSQL database or PGlite folder). */
export async function openEngine(engine: string, name = 'analysis'): Promise<{ db: Database; url: string | null; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const adminUrl = postgresAdminUrl();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS comap_bench_${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE comap_bench_${name}`);
    await c.end();
    const u = new URL(adminUrl);
    u.pathname = `/comap_bench_${name}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    return {
      db, url: u.toString(),
      close: async () => {
        await db.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS comap_bench_${name} WITH (FORCE)`);
        await a.end();
        stopPg?.();
      },
    };
  }
  const dataDir = join(WORK, `pglite-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const db = await openDatabase({ dataDir });
  return { db, url: null, close: async () => { await db.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}

export async function engineVersions(db: Database): Promise<Record<string, string>> {
  const r = await db.query<{ pg: string; postgis: string }>(`SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis`);
  return { postgresql: r.rows[0].pg, postgis: r.rows[0].postgis };
}

async function benchEngine(engine: string, csv: string): Promise<Record<string, unknown>> {
  const { db, url, close } = await openEngine(engine);
  try {
    await migrate(db);
    await ensurePresets(db);
    const out: Record<string, unknown> = { versions: await engineVersions(db) };
    log(`${engine}: ${JSON.stringify(out.versions)}; loading the 7,425 real sub-districts`);
    await loadRealAreas(db, PROVINCES);
    // The real boundaries carry no population: give nine sub-districts in ten a fixed synthetic one,
    // so the rate per 1,000 is computed where it is known and the count kept where it is not.
    await db.query(`UPDATE area SET population = 1000 + (code::int % 9973) WHERE level = 3 AND right(code, 1) <> '9'`);
    const config: Config = { ...loadConfig({}), dataDir: join(WORK, 'analysis-config'), demoOnEmpty: false };
    const [rep, importMs] = await timed(() => importIncidents(db, config, { path: csv, name: 'bench.csv' }, null));
    log(`${engine}: imported ${rep.inserted} incidents in ${r1(importMs / 1000)} s`);
    await db.exec('VACUUM ANALYZE');
    const user = await createUser(db, { username: 'benchanalyst', password: 'bench analyst password 123', role: 'analyst' }, null);
    const viewer: Viewer = { userId: user.id, username: user.username, displayName: user.username, role: 'analyst', agencyId: null, agency: null, areaCodes: [], mustChangePassword: false };
    const profileId = (await listProfiles(db)).find((p) => p.name === 'security_first')!.id;
    const req = { profileId, period: PERIOD, provinces: PROVINCES };

    // The baseline's own connection, with COMAP's session settings (JIT off) on PostgreSQL, so
    // the two sides differ only in what they compute. PGlite has one connection: the same one.
    let raw: pg.Client | null = null;
    if (url) {
      raw = new pg.Client({ connectionString: url, options: '-c jit=off' });
      await raw.connect();
    }
    const period = readPeriod(PERIOD);
    const baseline = async () => {
      const p = [period.start, period.end];
      return (raw ? (await raw.query(BASELINE_SQL, p)).rows : (await db.query(BASELINE_SQL, p)).rows) as Array<{ burden: number }>;
    };

    // Warm-up: caches the queen weights (first run) and warms both paths and the buffers.
    const [, firstRunMs] = await timed(() => createRun(db, req, viewer));
    await createRun(db, req, viewer);
    await baseline();
    out.load_average_before_timing = load();
    const full: number[] = [];
    const agg: number[] = [];
    let runId = '';
    let baseRows: Array<{ burden: number }> = [];
    for (let k = 0; k < REPS; k++) {
      // Alternate which side goes first, so neither always follows the other's cache effects.
      const order = k % 2 ? ['b', 'a'] : ['a', 'b'];
      for (const side of order) {
        if (side === 'a') {
          const [id, t] = await timed(() => createRun(db, req, viewer));
          full.push(t);
          runId = id;
        } else {
          const [rows, t] = await timed(baseline);
          agg.push(t);
          baseRows = rows;
        }
      }
    }
    await raw?.end();

    // Both sides must have counted the same incidents: the run's stored burden equals the aggregate's.
    const stored = readSummary((await db.query<{ summary: unknown }>('SELECT summary FROM analysis_run WHERE id = $1::bigint', [runId])).rows[0].summary);
    const input = stored.input();
    const total = new Map<string, number>();
    for (const col of input.values.get('burden')!.values()) {
      input.areas.forEach((a, i) => total.set(a.code, (total.get(a.code) ?? 0) + (col as Float64Array)[i]));
    }
    const runBurden = [...total.values()].reduce((a, b) => a + b, 0);
    const baseBurden = baseRows.reduce((s, r) => s + r.burden, 0);
    if (Math.abs(runBurden - baseBurden) > 1e-6 * baseBurden) throw new Error(`burden differs: run ${runBurden}, aggregate ${baseBurden}`);

    // Hot spots on the same data: the run's total burden per sub-district, weights from the cache.
    const giCached: number[] = [];
    const giOnly: number[] = [];
    let nbCodes: string[] = [];
    let rowW: ReturnType<typeof rowStandardisedWeights> | null = null;
    let xs = new Float64Array(0);
    for (let k = 0; k < 21; k++) {
      const t0 = performance.now();
      const nb = await queenNeighbours(db, PROVINCES);
      if (!nb.fromCache) throw new Error('queen weights were not cached');
      const w = binaryWeights(nb.neighbours, { includeSelf: true });
      xs = Float64Array.from(nb.codes, (c) => total.get(c) ?? 0);
      const t1 = performance.now();
      getisOrdGiStar(xs, w, { fdr: true });
      const t2 = performance.now();
      giCached.push(t2 - t0);
      giOnly.push(t2 - t1);
      nbCodes = nb.codes;
      rowW ??= rowStandardisedWeights(nb.neighbours);
    }
    const moran: number[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const t = performance.now();
      localMoran(xs, rowW!, { permutations: 999, seed });
      moran.push(performance.now() - t);
    }

    out.import_s = r1(importMs / 1000);
    out.incidents = rep.inserted;
    out.areas = nbCodes.length;
    out.areas_in_run = stored.count;
    out.first_run_ms = r1(firstRunMs);
    out.full_run = stats(full);
    out.single_aggregate = { ...stats(agg), groups: baseRows.length };
    out.ratio_median = Math.round((median(full) / median(agg)) * 100) / 100;
    out.ratio_min = Math.round((Math.min(...full) / Math.min(...agg)) * 100) / 100;
    out.gi_star_fdr_ms = r1(median(giOnly));
    out.gi_star_with_cached_weights_read_ms = r1(median(giCached));
    out.local_moran_999 = stats(moran);
    out.load_average_after_timing = load();
    log(`${engine}: ${JSON.stringify({ full_run: out.full_run, single_aggregate: out.single_aggregate, ratio: out.ratio_median, gi: out.gi_star_with_cached_weights_read_ms, moran: out.local_moran_999 })}`);
    return out;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  const csv = join(WORK, `incidents-${ROWS}.csv`);
  if (!existsSync(csv)) {
    log(`writing ${ROWS} incidents to ${csv}`);
    await writeIncidentCsv(csv, ROWS, 42);
  }
  for (const engine of ENGINES) results[engine] = await benchEngine(engine, csv);
  results.load_average_end = load();
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OUT), `${JSON.stringify(results, null, 2)}\n`);
  log(`written to bench/results/${OUT}`);
}

// Other benchmarks import the helpers above; the analysis benchmark runs only when started itself.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    try {
      stopPg?.();
    } finally {
      process.exit(1);
    }
  });
}
