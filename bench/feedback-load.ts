/**
 * Public feedback load benchmark (issue 5 section 5): 1,000 answers a minute for 10 minutes
 * through POST /api/public/projects/:id/feedback, with nothing lost (answers in = answers stored)
 * and p95 <= 200 ms.
 *
 *   npx tsx bench/feedback-load.ts                 (npm run bench:feedback)
 *   BENCH_MINUTES=2 npm run bench:feedback         a shorter run
 *   options: --engines postgres,pglite  --minutes 10  --rate 1000 (answers a minute)  --devices 2000
 *            --ips 8  --projects 1000  --warmup 10 (seconds, not measured)  --log-level info  --out feedback-load.json
 *   PostgreSQL: DATABASE_URL (a database comap_bench_feedback is created and dropped on it), or a
 *   throwaway cluster via scripts/pg-throwaway.sh when it is unset.
 *
 * What runs: the database is seeded in this process (Narathiwat's real boundaries, 40 agencies,
 * `projects` public projects of the current fiscal year in one to three sub-districts each), then
 * a real COMAP server is started as its own process (`comap serve`, the production entry point:
 * migrations, request logging, background jobs) on a free loopback port. This process is the
 * load generator: open loop, each answer sent at its scheduled instant (rate per minute, evenly
 * spaced) whether or not earlier answers have been answered, over keep-alive connections.
 * Latency is measured from the scheduled instant to the end of the response, so a sender that
 * falls behind shows in the figures instead of hiding (no coordinated omission).
 *
 * The simulated people: `devices` distinct device tokens, each behind one of `ips` shared
 * addresses (X-Forwarded-For; the server trusts the proxy header), answering distinct projects
 * in turn, so no answer replaces another and none reaches the per-device or per-address limit:
 * every answer sent must come back 201 and be stored. About 40 % carry a comment (all different)
 * and 5 % contact details with consent. At the end the server is stopped and the rows counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/server/testing/test-db.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas } from '../src/server/testing/fixtures.ts';
import { fiscalYearOf } from '../src/shared/fiscal.ts';
import { PUBLIC_RATE_LIMITS } from '../src/server/feedback/abuse.ts';
import { engineVersions, openEngine, r1, WORK } from './analysis.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const MINUTES = Number(opt('minutes', process.env.BENCH_MINUTES || '10'));
const RATE = Number(opt('rate', '1000'));
const DEVICES = Number(opt('devices', '2000'));
const IPS = Number(opt('ips', '8'));
const PROJECTS = Number(opt('projects', '1000'));
const LOG_LEVEL = opt('log-level', 'info');
const WARMUP_S = Number(opt('warmup', '10'));
const ENGINES = opt('engines', 'postgres,pglite').split(',');
const OUT = opt('out', 'feedback-load.json');
const PROVINCE = '96';
const FISCAL_YEAR = fiscalYearOf(new Date());
const log = (s: string) => console.log(`[bench:feedback] ${s}`);
const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

for (const [name, v] of [['minutes', MINUTES], ['rate', RATE], ['devices', DEVICES], ['ips', IPS], ['projects', PROJECTS]] as const) {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`--${name} must be a positive number, got ${v}`);
}
const TOTAL = Math.round(RATE * MINUTES);
const PER_DEVICE = Math.ceil(TOTAL / DEVICES);
if (PER_DEVICE > PROJECTS) throw new Error(`each device would answer ${PER_DEVICE} projects but there are only ${PROJECTS}: raise --devices or --projects`);
if (RATE / DEVICES > PUBLIC_RATE_LIMITS.device.perMinute / 2) throw new Error(`${r1(RATE / DEVICES)} answers a minute per device is near the device limit: raise --devices`);
if (RATE / IPS > PUBLIC_RATE_LIMITS.ip.perMinute * 0.8) throw new Error(`${r1(RATE / IPS)} answers a minute per address is near the address limit (${PUBLIC_RATE_LIMITS.ip.perMinute}): raise --ips`);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(v: number[]) {
  const s = [...v].sort((a, b) => a - b);
  return { p50_ms: r1(percentile(s, 50)), p95_ms: r1(percentile(s, 95)), p99_ms: r1(percentile(s, 99)), max_ms: r1(s[s.length - 1] ?? NaN), mean_ms: r1(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

/** A deterministic pseudo-random number in [0, 1) for answer i and a salt (the same on every run). */
function rnd(i: number, salt: number): number {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 2246822507) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 3266489909) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Narathiwat's areas, 40 agencies and public projects of the current fiscal year in 1-3 sub-districts each. */
async function seed(db: Database): Promise<Array<{ id: number; subdistrict: string }>> {
  await migrate(db);
  await loadRealAreas(db, [PROVINCE]);
  await db.query(
    `INSERT INTO agency (code, name_th, type, province_code)
     SELECT 'bench-fb-' || g, 'หน่วยงานทดสอบ ' || g, 'line_agency', $1 FROM generate_series(1, 40) g`,
    [PROVINCE],
  );
  await db.query(
    `INSERT INTO project (external_id, agency_id, province_code, fiscal_year, title, budget_baht, budget_source, categories, status, visibility)
     SELECT 'BENCH-FB-' || g, (SELECT min(id) FROM agency WHERE code LIKE 'bench-fb-%') + g % 40, $1, $2, 'โครงการทดสอบความเห็น ' || g,
            (abs(hashtext('b' || g)) % 5000000)::numeric, 'agency', ARRAY[(ARRAY['drugs','flood','drought','crime'])[1 + g % 4]], 'in_progress', 'public'
     FROM generate_series(1, $3::int) g`,
    [PROVINCE, FISCAL_YEAR, PROJECTS],
  );
  await db.query(
    `WITH subs AS (SELECT array_agg(code ORDER BY code) AS c FROM area WHERE level = 3 AND province_code = $1),
          p AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM project WHERE external_id LIKE 'BENCH-FB-%')
     INSERT INTO project_area (project_id, area_code, subdistrict_code)
     SELECT p.id, subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)], subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)]
     FROM p, subs, generate_series(1, 3) k
     WHERE k <= 1 + p.g % 3
     ON CONFLICT DO NOTHING`,
    [PROVINCE],
  );
  await db.exec('VACUUM ANALYZE');
  const r = await db.query<{ id: number; subdistrict: string }>(
    `SELECT p.id, min(pa.subdistrict_code) AS subdistrict FROM project p JOIN project_area pa ON pa.project_id = p.id
     WHERE p.external_id LIKE 'BENCH-FB-%' GROUP BY p.id ORDER BY p.id`,
  );
  return r.rows.map((x) => ({ id: Number(x.id), subdistrict: x.subdistrict }));
}

/** Starts `comap serve` on `port`; resolves once it answers HTTP. */
async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve'], {
    cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode != null) throw new Error(`comap serve exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/auth/me', timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('comap serve did not start within 3 minutes');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode != null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

function rssMib(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface Outcome {
  status: number;
  latencyMs: number;
  lagMs: number;
}

/** Sends the answers open-loop at RATE a minute; resolves when every answer has come back (or failed). */
async function sendLoad(port: number, projects: Array<{ id: number; subdistrict: string }>, total: number, devicePrefix: string, onMinute: (m: number, o: Outcome[]) => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const ips = Array.from({ length: IPS }, (_, k) => `10.${96}.${k >> 8}.${(k & 255) + 1}`);
  const intervalMs = 60_000 / RATE;
  const outcomes: Outcome[] = new Array(total);
  const codes: Record<string, number> = {};
  let done = 0;
  let networkErrors = 0;
  const samples: string[] = [];
  const body = (i: number) => {
    const d = i % DEVICES;
    const k = Math.floor(i / DEVICES);
    const p = projects[(d * 31 + k) % projects.length];
    const a: Record<string, unknown> = {
      subdistrictCode: p.subdistrict,
      meets: ['yes', 'yes', 'partly', 'no'][Math.floor(rnd(i, 1) * 4)],
      rating: 1 + Math.floor(rnd(i, 2) * 5),
      clientId: `${devicePrefix}-${String(d).padStart(6, '0')}`,
    };
    if (rnd(i, 3) < 0.4) a.comment = `ความเห็นทดสอบที่ ${i} (${devicePrefix}): โครงการนี้${rnd(i, 4) < 0.5 ? 'ช่วยหมู่บ้านได้มาก' : 'ควรปรับให้ตรงกับความต้องการของชาวบ้านมากขึ้น'}`;
    if (rnd(i, 5) < 0.05) a.contact = { name: `ผู้ตอบ ${i}`, phone: `08${String(10000000 + i).slice(-8)}`, consent: true };
    return { projectId: p.id, ip: ips[d % IPS], json: JSON.stringify(a) };
  };
  const t0 = performance.now() + 50;
  let next = 0;
  let minute = 0;
  await new Promise<void>((resolve) => {
    const finish = (i: number, o: Outcome) => {
      outcomes[i] = o;
      codes[o.status] = (codes[o.status] ?? 0) + 1;
      done += 1;
      if (done === total) resolve();
    };
    const fire = (i: number, scheduled: number) => {
      const b = body(i);
      const sent = performance.now();
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: `/api/public/projects/${b.projectId}/feedback`, agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.json), 'x-forwarded-for': b.ip, 'user-agent': 'comap-bench' },
      }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 201 && samples.length < 5) samples.push(`${status} ${text.slice(0, 300)}`);
          finish(i, { status, latencyMs: performance.now() - scheduled, lagMs: sent - scheduled });
        });
      });
      req.on('error', (e) => {
        networkErrors += 1;
        if (samples.length < 5) samples.push(`network: ${e.message}`);
        finish(i, { status: 0, latencyMs: performance.now() - scheduled, lagMs: sent - scheduled });
      });
      req.end(b.json);
    };
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * intervalMs <= now) {
        fire(next, t0 + next * intervalMs);
        next += 1;
      }
      const m = Math.floor((now - t0) / 60_000);
      if (m > minute) {
        onMinute(m, outcomes.slice(0, next).filter(Boolean));
        minute = m;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.min(5, t0 + next * intervalMs - performance.now())));
    };
    tick();
  });
  const wallS = (performance.now() - t0) / 1000;
  agent.destroy();
  return { outcomes, codes, networkErrors, samples, wallS };
}

async function benchEngine(engine: string): Promise<Record<string, unknown>> {
  // PostgreSQL: a database of its own, kept open here for the final count (the server has its own pool).
  // PGlite: one process at a time on its folder, so this process closes it before the server opens it.
  let db: Database;
  let pgUrl: string | null = null;
  let cleanup: () => Promise<void>;
  const dataDir = join(WORK, 'feedback-load-data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (engine === 'postgres') {
    const e = await openEngine('postgres', 'feedback');
    db = e.db;
    pgUrl = e.url;
    cleanup = e.close;
  } else {
    db = await openDatabase({ dataDir: dataDir });
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  try {
    log(`${engine}: seeding ${PROJECTS} public projects of FY ${FISCAL_YEAR} in province ${PROVINCE}`);
    const projects = await seed(db);
    const out: Record<string, unknown> = { versions: await engineVersions(db) };
    const before = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feedback`)).rows[0].n;
    if (engine === 'pglite') await db.close();

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_ON_EMPTY: '0', LOG_LEVEL: LOG_LEVEL };
    if (pgUrl) env.DATABASE_URL = pgUrl;
    else delete env.DATABASE_URL;
    log(`${engine}: starting comap serve on port ${port}`);
    const server = await startServer(port, env);
    let result: Awaited<ReturnType<typeof sendLoad>>;
    let warm = { sent: 0, accepted: 0, latency: summary([]) };
    const rss: Array<number | null> = [];
    try {
      out.load_average_before = load();
      log(`${engine}: sending ${TOTAL} answers at ${RATE} a minute for ${MINUTES} min from ${DEVICES} devices behind ${IPS} addresses`);
      if (WARMUP_S > 0) {
        const n = Math.round((RATE * WARMUP_S) / 60);
        const w = await sendLoad(port, projects, n, 'bench-warmup', () => undefined);
        warm = { sent: n, accepted: w.codes['201'] ?? 0, latency: summary(w.outcomes.map((o) => o.latencyMs)) };
        log(`${engine}: warm-up of ${WARMUP_S} s: ${JSON.stringify(warm)}`);
      }
      result = await sendLoad(port, projects, TOTAL, 'bench-device', (m, o) => {
        const s = summary(o.map((x) => x.latencyMs));
        rss.push(rssMib(server.pid));
        log(`${engine}: minute ${m}: ${o.length} sent, ${o.filter((x) => x.status === 201).length} stored (201), p95 ${s.p95_ms} ms, p99 ${s.p99_ms} ms, load ${load().join(' ')}`);
      });
      rss.push(rssMib(server.pid));
      out.load_average_after = load();
    } finally {
      await stopServer(server);
    }
    if (engine === 'pglite') db = await openDatabase({ dataDir: dataDir });
    const counts = (await db.query<{ answers: number; contacts: number; comments: number }>(
      `SELECT (SELECT count(*)::int FROM feedback WHERE channel = 'public_web') AS answers,
              (SELECT count(*)::int FROM public_contact) AS contacts,
              (SELECT count(*)::int FROM feedback WHERE comment <> '') AS comments`,
    )).rows[0];
    if (engine === 'pglite') await db.close();
    const accepted = result.codes['201'] ?? 0;
    // The warm-up's answers are stored too (other devices): they are taken off the count.
    const stored = counts.answers - before - warm.accepted;
    out.answers = {
      sent: TOTAL,
      accepted_201: accepted,
      replaced_200: result.codes['200'] ?? 0,
      refused: TOTAL - accepted - (result.codes['200'] ?? 0),
      status_codes: result.codes,
      network_errors: result.networkErrors,
      stored,
      stored_with_comment: counts.comments,
      contacts_stored: counts.contacts,
      nothing_lost: stored === accepted && accepted === TOTAL,
      error_samples: result.samples,
    };
    out.warmup = { seconds: WARMUP_S, ...warm, note: 'sent before the measured run at the same rate from other devices; not in the figures above, taken off the stored count' };
    out.wall_seconds = r1(result.wallS);
    out.achieved_per_minute = r1((TOTAL / result.wallS) * 60);
    out.latency = summary(result.outcomes.map((o) => o.latencyMs));
    out.sender_lag = summary(result.outcomes.map((o) => o.lagMs));
    out.server_rss_mib = rss;
    out.goal_met = (out.answers as { nothing_lost: boolean }).nothing_lost && (out.latency as { p95_ms: number }).p95_ms <= 200;
    log(`${engine}: ${JSON.stringify({ answers: out.answers, latency: out.latency, sender_lag: out.sender_lag })}`);
    return out;
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    province: PROVINCE,
    fiscal_year: FISCAL_YEAR,
    minutes: MINUTES,
    warmup_seconds: WARMUP_S,
    rate_per_minute: RATE,
    answers: TOTAL,
    devices: DEVICES,
    addresses: IPS,
    projects: PROJECTS,
    server_log_level: LOG_LEVEL,
    goals: { answers_per_minute: 1000, minutes: 10, p95_ms: 200, nothing_lost: true },
    note: 'open loop: latency from each answer\'s scheduled instant to the end of its response; server = comap serve in its own process, load generator in this one, same machine',
    load_average_start: load(),
  };
  for (const engine of ENGINES) results[engine === 'postgres' ? 'postgres' : 'pglite'] = await benchEngine(engine);
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
