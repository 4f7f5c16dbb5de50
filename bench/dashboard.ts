/**
 * Dashboard benchmark (issue 4 section 7): GET /api/dashboard under 50 concurrent clients on
 * loopback, over the data of bench/indicators.ts (Nakhon Ratchasima, 1,000,000 incidents, 10,000
 * projects, declared target lists, indicators computed). Goal: p95 <= 300 ms on PostgreSQL.
 *
 *   npx tsx bench/dashboard.ts          (npm run bench:dashboard)
 *   options: --engines postgres,pglite  --seconds 20  --clients 50  --rows 1000000  --projects 10000  --out dashboard.json
 *
 * The load tool is the loop below: `clients` keep-alive connections, each sending its next request
 * as soon as the previous answer is read, for `seconds`. Two mixes:
 * - meeting: the province's dashboard of the current quarter of FY 2568 and the drill-down into each
 *   of its 32 districts (33 views, what a meeting room and the directors' browsers ask for);
 * - spread: every quarter of four fiscal years for the province and each district (528 views, more
 *   than the cache holds, so most answers are computed).
 * Besides, the time to compute one dashboard without the cache (cold) is measured alone. The
 * server and the load tool share one process and its two cores, so the figures are a ceiling.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeIncidentCsv } from './gen-incidents.ts';
import { engineVersions, load, openEngine, r1, stats, timed, WORK } from './analysis.ts';
import { seedProjects, seedTargetLists, viewerOf } from './indicators.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas } from '../src/server/testing/fixtures.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { importIncidents } from '../src/server/incidents/import-service.ts';
import { createUser } from '../src/server/auth/service.ts';
import { computeIndicators } from '../src/server/indicators/service.ts';
import { buildApp } from '../src/server/app.ts';
import { clearDashboardCache, getDashboard } from '../src/server/dashboard/service.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(opt('rows', '1000000'));
const PROJECTS = Number(opt('projects', '10000'));
const SECONDS = Number(opt('seconds', '20'));
const CLIENTS = Number(opt('clients', '50'));
const ENGINES = opt('engines', 'postgres,pglite').split(',');
const OUT = opt('out', 'dashboard.json');
const PROVINCE = '30';
const log = (s: string) => console.log(`[bench:dashboard] ${s}`);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `clients` loops on keep-alive connections for `seconds`, each asking for the next path of `paths`. */
async function hammer(port: number, cookie: string, paths: string[], clients: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const one = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`HTTP ${res.statusCode} for ${path}`))));
      });
      req.on('error', reject);
    });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const path = paths[next++ % paths.length];
        try {
          latencies.push(await one(path));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    per_second: r1(latencies.length / seconds),
    p50_ms: r1(percentile(latencies, 50)),
    p95_ms: r1(percentile(latencies, 95)),
    p99_ms: r1(percentile(latencies, 99)),
    max_ms: r1(latencies[latencies.length - 1] ?? NaN),
  };
}

async function benchEngine(engine: string, csv: string): Promise<Record<string, unknown>> {
  const { db, close } = await openEngine(engine, 'dashboard');
  try {
    await migrate(db);
    const out: Record<string, unknown> = { versions: await engineVersions(db) };
    await loadRealAreas(db, [PROVINCE]);
    const config: Config = { ...loadConfig({}), dataDir: join(WORK, 'dashboard-config'), demoOnEmpty: false };
    const [rep, importMs] = await timed(() => importIncidents(db, config, { path: csv, name: 'bench.csv' }, null));
    log(`${engine}: imported ${rep.inserted} incidents in ${r1(importMs / 1000)} s`);
    const password = 'bench admin password 123';
    const u = await createUser(db, { username: 'benchadmin', password, role: 'admin' }, null);
    const admin = viewerOf(u, 'admin');
    await seedProjects(db, PROJECTS);
    await seedTargetLists(db, admin);
    await db.exec('VACUUM ANALYZE');
    const [computed, computeMs] = await timed(() => computeIndicators(db, admin, { province: PROVINCE, fiscalYears: [2565, 2566, 2567, 2568] }));
    log(`${engine}: ${computed.values} indicator values in ${r1(computeMs)} ms`);

    const districts = (await db.query<{ code: string }>(`SELECT code FROM area WHERE level = 2 AND province_code = $1 ORDER BY code`, [PROVINCE])).rows.map((r) => r.code);
    const meeting = ['', ...districts].map((a) => `/api/dashboard?province=${PROVINCE}&fy=2568&quarter=2${a ? `&area=${a}` : ''}`);
    const spread: string[] = [];
    for (const fy of [2565, 2566, 2567, 2568]) for (const q of [1, 2, 3, 4]) for (const a of ['', ...districts]) spread.push(`/api/dashboard?province=${PROVINCE}&fy=${fy}&quarter=${q}${a ? `&area=${a}` : ''}`);

    // One dashboard computed without the cache: the province, and one district.
    const cold: number[] = [];
    const coldDistrict: number[] = [];
    for (let k = 0; k < 5; k++) {
      clearDashboardCache();
      cold.push((await timed(() => getDashboard(db, admin, { province: PROVINCE, fiscalYear: 2568, quarter: 2 })))[1]);
      clearDashboardCache();
      coldDistrict.push((await timed(() => getDashboard(db, admin, { province: PROVINCE, fiscalYear: 2568, quarter: 2, area: districts[0] })))[1]);
    }
    out.cold_province = stats(cold);
    out.cold_district = stats(coldDistrict);
    const d = await getDashboard(db, admin, { province: PROVINCE, fiscalYear: 2568, quarter: 2 });
    out.dashboard_size = { target_areas: d.targetAreas.length, districts: d.children.length, agencies: d.agencies.length, indicators: d.indicators.length, json_kb: r1(JSON.stringify(d).length / 1024) };

    const app = await buildApp({ db, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'benchadmin', password } });
    const cookie = `comap_session=${login.cookies.find((c) => c.name === 'comap_session')!.value}`;
    try {
      clearDashboardCache();
      out.load_average_before_load = load();
      out.meeting = await hammer(port, cookie, meeting, CLIENTS, SECONDS);
      log(`${engine}: meeting mix ${JSON.stringify(out.meeting)}`);
      clearDashboardCache();
      out.spread = await hammer(port, cookie, spread, CLIENTS, SECONDS);
      log(`${engine}: spread mix ${JSON.stringify(out.spread)}`);
      out.load_average_after_load = load();
    } finally {
      await app.close();
    }
    out.goal_met = engine === 'postgres' ? (out.meeting as { p95_ms: number }).p95_ms <= 300 : null;
    return out;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const csv = join(WORK, `incidents-${PROVINCE}-${ROWS}.csv`);
  if (!existsSync(csv)) {
    log(`writing ${ROWS} incidents of province ${PROVINCE} to ${csv}`);
    await writeIncidentCsv(csv, ROWS, 42, [PROVINCE]);
  }
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    province: PROVINCE,
    incidents_generated: ROWS,
    projects: PROJECTS,
    clients: CLIENTS,
    seconds_per_mix: SECONDS,
    goals: { meeting_p95_postgres_ms: 300 },
    load_average_start: load(),
  };
  for (const engine of ENGINES) results[engine] = await benchEngine(engine, csv);
  results.load_average_end = load();
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OUT), `${JSON.stringify(results, null, 2)}\n`);
  log(`written to bench/results/${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
