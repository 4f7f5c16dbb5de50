/**
 * Indicator benchmark (issue 4 section 3): every built-in indicator for every fiscal quarter and
 * year of four fiscal years (FY 2565 to 2568) and every area of one real province - Nakhon
 * Ratchasima (30), the one with the most sub-districts: 289 sub-districts, 32 districts - over
 * 1,000,000 incidents and 10,000 projects, with a declared target list per fiscal year (FY 2568
 * amended once, so a superseded version is in play). Goal: <= 2 s on PostgreSQL.
 *
 *   npx tsx bench/indicators.ts                      both engines (PostgreSQL: DATABASE_URL, or a
 *                                                    throwaway cluster via scripts/pg-throwaway.sh)
 *   options: --engines postgres,pglite  --reps 7  --rows 1000000  --projects 10000  --out indicators.json
 *
 * What is timed is service.computeIndicators, the call behind POST /api/indicators/compute: the
 * aggregate reads, the roll-up to every area and period, and the replacement of the stored values
 * (one transaction with its run record and audit entry). The incident aggregate alone is timed
 * too, since it is the floor. Areas and incidents are loaded as bench/analysis.ts does (the real
 * boundaries, the same CSV generator and the COMAP importer); projects are generated in SQL.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIncidentCsv } from './gen-incidents.ts';
import { engineVersions, load, median, openEngine, r1, stats, timed, WORK } from './analysis.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas } from '../src/server/testing/fixtures.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { importIncidents } from '../src/server/incidents/import-service.ts';
import { createUser } from '../src/server/auth/service.ts';
import type { Viewer } from '../src/server/auth/viewer.ts';
import * as targets from '../src/server/targets/service.ts';
import { computeIndicators } from '../src/server/indicators/service.ts';
import { incidentCells } from '../src/server/indicators/repository.ts';
import { fiscalYearPeriod } from '../src/shared/fiscal.ts';
import type { Database } from '../src/server/db/database.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(opt('rows', '1000000'));
const PROJECTS = Number(opt('projects', '10000'));
const REPS = Number(opt('reps', '7'));
const ENGINES = opt('engines', 'postgres,pglite').split(',');
const OUT = opt('out', 'indicators.json');
const PROVINCE = '30';
const FISCAL_YEARS = [2565, 2566, 2567, 2568];
const AGG = { byCategory: false, severity: false };
const log = (s: string) => console.log(`[bench:indicators] ${s}`);

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  load_average_start: load(),
  province: PROVINCE,
  incidents_generated: ROWS,
  projects: PROJECTS,
  fiscal_years: FISCAL_YEARS,
  repetitions: REPS,
  goals: { compute_postgres_ms: 2000 },
};

/**
 * CPU time in ms used so far by this process and, when the database is a local PostgreSQL server,
 * by all its processes (live ones, and the parallel workers that exited, which the postmaster has
 * reaped into its children's time). The machine is shared with other work: wall time stretches
 * with the load, CPU time much less, so both are reported.
 */
function cpuProbe(postmaster: number | null): () => { node: number; server: number } {
  const tick = 10; // ms per clock tick (CLK_TCK 100 on Linux)
  const stat = (pid: number): number[] | null => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return s.slice(s.lastIndexOf(')') + 2).split(' ').map(Number);
    } catch {
      return null;
    }
  };
  return () => {
    const u = process.cpuUsage();
    let server = 0;
    if (postmaster) {
      // Fields after the command: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
      const pm = stat(postmaster);
      if (pm) server += (pm[11] + pm[12] + pm[13] + pm[14]) * tick;
      for (const name of readdirSync('/proc')) {
        if (!/^[0-9]+$/.test(name)) continue;
        const st = stat(Number(name));
        if (st && st[1] === postmaster) server += (st[11] + st[12]) * tick;
      }
    }
    return { node: (u.user + u.system) / 1000, server };
  };
}

export function viewerOf(u: { id: number; username: string }, role: Viewer['role']): Viewer {
  return { userId: u.id, username: u.username, displayName: u.username, role, agencyId: null, agency: null, areaCodes: [], mustChangePassword: false };
}

/** 40 agencies; `n` projects spread over the four fiscal years, 1 to 3 sub-districts each, with quarterly progress. */
export async function seedProjects(db: Database, n: number): Promise<void> {
  await db.query(
    `INSERT INTO agency (code, name_th, type, province_code)
     SELECT 'bench-' || g, 'หน่วยงานทดสอบ ' || g, 'line_agency', $1 FROM generate_series(1, 40) g`,
    [PROVINCE],
  );
  // Deterministic pseudo-random numbers from hashes, the same on both engines and every run.
  await db.query(
    `INSERT INTO project (external_id, agency_id, province_code, fiscal_year, title, budget_baht, budget_source, categories, start_date, status)
     SELECT 'BENCH-P-' || g, (SELECT min(id) FROM agency WHERE code LIKE 'bench-%') + g % 40, $1, 2565 + g % 4, 'โครงการทดสอบ ' || g,
            (abs(hashtext('b' || g)) % 5000000)::numeric, 'agency', ARRAY[(ARRAY['drugs','flood','drought','crime'])[1 + g % 4]],
            make_date(2564 + g % 4 - 543, 10, 1) + (abs(hashtext('s' || g)) % 300),
            (ARRAY['planned','in_progress','in_progress','done','done','done','done','done','in_progress','cancelled'])[1 + abs(hashtext('t' || g)) % 10]
     FROM generate_series(1, $2::int) g`,
    [PROVINCE, n],
  );
  await db.query(
    `WITH subs AS (SELECT array_agg(code ORDER BY code) AS c FROM area WHERE level = 3 AND province_code = $1),
          p AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM project WHERE external_id LIKE 'BENCH-P-%')
     INSERT INTO project_area (project_id, area_code, subdistrict_code)
     SELECT p.id, subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)], subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)]
     FROM p, subs, generate_series(1, 3) k
     WHERE k <= 1 + p.g % 3
     ON CONFLICT DO NOTHING`,
    [PROVINCE],
  );
  await db.query(
    `INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done)
     SELECT p.id, p.fiscal_year, q, least(100, q * (20 + abs(hashtext('q' || p.id)) % 20))
     FROM project p, generate_series(1, 4) q
     WHERE p.external_id LIKE 'BENCH-P-%' AND p.status <> 'cancelled'`,
  );
}

/** A declared list per fiscal year with about a third of the sub-districts; FY 2568 amended once. */
export async function seedTargetLists(db: Database, admin: Viewer): Promise<number> {
  const subs = (await db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = $1 ORDER BY code`, [PROVINCE])).rows.map((r) => r.code);
  let declared = 0;
  for (const fy of FISCAL_YEARS) {
    const areas = subs.filter((_, i) => (i * 7 + fy) % 3 === 0).map((code, i) => ({ code, categories: [['drugs', 'flood', 'crime'][i % 3]], reason: 'เกณฑ์ทดสอบ' }));
    const { list } = await targets.createTargetList(db, admin, { provinceCode: PROVINCE, fiscalYear: fy, title: `บัญชีทดสอบ ${fy}`, areas });
    await targets.submitTargetList(db, admin, list.id);
    await targets.declareTargetList(db, admin, list.id, { declarationDate: `${fy - 544}-10-20`, referenceNumber: `${fy}/1` });
    declared += 1;
    if (fy === 2568) {
      const amended = await targets.amendTargetList(db, admin, list.id, { reason: 'ทบทวนกลางปี' });
      const extra = subs.find((c) => !areas.some((a) => a.code === c))!;
      await targets.addTargetArea(db, admin, amended.list.id, { code: extra, categories: ['drugs'], reason: 'เพิ่มกลางปี' });
      await targets.submitTargetList(db, admin, amended.list.id);
      await targets.declareTargetList(db, admin, amended.list.id, { declarationDate: '2025-03-01', referenceNumber: `${fy}/2` });
      declared += 1;
    }
  }
  return declared;
}

async function benchEngine(engine: string, csv: string): Promise<Record<string, unknown>> {
  const { db, close } = await openEngine(engine, 'indicators');
  try {
    await migrate(db);
    const out: Record<string, unknown> = { versions: await engineVersions(db) };
    const areas = await loadRealAreas(db, [PROVINCE]);
    log(`${engine}: ${JSON.stringify(out.versions)}; ${areas} real areas of province ${PROVINCE}`);
    const config: Config = { ...loadConfig({}), dataDir: join(WORK, 'indicators-config'), demoOnEmpty: false };
    const [rep, importMs] = await timed(() => importIncidents(db, config, { path: csv, name: 'bench.csv' }, null));
    log(`${engine}: imported ${rep.inserted} incidents in ${r1(importMs / 1000)} s`);
    const admin = viewerOf(await createUser(db, { username: 'benchadmin', password: 'bench admin password 123', role: 'admin' }, null), 'admin');
    const [, seedMs] = await timed(async () => {
      await seedProjects(db, PROJECTS);
      return seedTargetLists(db, admin);
    });
    await db.exec('VACUUM ANALYZE');
    const counts = (await db.query<{ incidents: number; projects: number; project_areas: number; lists: number; target_areas: number }>(
      `SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM project) AS projects,
              (SELECT count(*)::int FROM project_area) AS project_areas, (SELECT count(*)::int FROM target_list) AS lists,
              (SELECT count(*)::int FROM target_area) AS target_areas`,
    )).rows[0];
    log(`${engine}: seeded in ${r1(seedMs / 1000)} s: ${JSON.stringify(counts)}`);

    const input = { province: PROVINCE, fiscalYears: FISCAL_YEARS };
    const [first, firstMs] = await timed(() => computeIndicators(db, admin, input));
    out.load_average_before_timing = load();
    let postmaster: number | null = null;
    if (engine === 'postgres') {
      const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const st = readFileSync(`/proc/${backend}/stat`, 'utf8');
      postmaster = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
    }
    const probe = cpuProbe(postmaster);
    const runs: number[] = [];
    const cpu: Array<{ node: number; server: number }> = [];
    let last = first;
    for (let k = 0; k < REPS; k++) {
      const c0 = probe();
      const [r, ms] = await timed(() => computeIndicators(db, admin, input));
      const c1 = probe();
      runs.push(ms);
      cpu.push({ node: c1.node - c0.node, server: c1.server - c0.server });
      last = r;
    }
    // The floor: the incident aggregate alone as the built-ins need it (no category, no severity),
    // over the same quarters (FY 2564 to 2568), as the computation reads it (the quarter cells),
    // and as one GROUP BY over the incidents themselves would.
    const catCodes = new Map((await db.query<{ id: number; code: string }>('SELECT id, code FROM category')).rows.map((c) => [c.id, c.code]));
    const agg: number[] = [];
    for (let k = 0; k < REPS; k++) agg.push((await timed(() => incidentCells(db, PROVINCE, 2564, 2568, catCodes, AGG)))[1]);
    const rawSql = `SELECT i.subdistrict_code, i.classification = 'restricted' AS r, thai_fiscal_year(thai_day(i.occurred_at)) AS fy,
        thai_fiscal_quarter(thai_day(i.occurred_at)) AS q, count(*)::int AS n
      FROM incident i WHERE i.province_code = $1 AND i.occurred_at >= $2 AND i.occurred_at < $3 AND i.status <> 'false_report'
      GROUP BY 1, 2, 3, 4`;
    const raw: number[] = [];
    for (let k = 0; k < REPS; k++) raw.push((await timed(() => db.query(rawSql, [PROVINCE, fiscalYearPeriod(2564).start, fiscalYearPeriod(2568).end])))[1]);

    // The stored figures agree with a direct count: the province's FY 2568 against the baseline FY 2566.
    const v = (await db.query<{ numerator: number; denominator: number; value: number }>(
      `SELECT v.numerator, v.denominator, v.value FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
       WHERE i.province_code = $1 AND i.code = 'incident_change_baseline' AND v.fiscal_year = 2568 AND v.quarter = 0 AND v.area_code = $1 AND v.audience = 'restricted'`,
      [PROVINCE],
    )).rows[0];
    const direct = async (fy: number) => (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident WHERE province_code = $1 AND status <> 'false_report' AND occurred_at >= $2 AND occurred_at < $3`,
      [PROVINCE, fiscalYearPeriod(fy).start, fiscalYearPeriod(fy).end],
    )).rows[0].n;
    const [n68, n66] = [await direct(2568), await direct(2566)];
    if (v.numerator !== n68 || v.denominator !== n66) throw new Error(`stored ${v.numerator}/${v.denominator}, direct ${n68}/${n66}`);
    const statuses = (await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM indicator_value GROUP BY status ORDER BY status`)).rows;

    out.import_s = r1(importMs / 1000);
    out.data = counts;
    out.first_compute_ms = r1(firstMs);
    out.compute = stats(runs);
    out.compute_cpu_ms = {
      node_median: r1(median(cpu.map((c) => c.node))), server_median: r1(median(cpu.map((c) => c.server))),
      total_median: r1(median(cpu.map((c) => c.node + c.server))), total_min: r1(Math.min(...cpu.map((c) => c.node + c.server))),
      note: 'CPU time of this process and of the PostgreSQL server during one computation; PGlite runs inside this process',
    };
    out.values_per_compute = last.values;
    out.indicators = last.indicators;
    out.incident_aggregate = { ...stats(agg), cells: (await incidentCells(db, PROVINCE, 2564, 2568, catCodes, AGG)).length };
    out.incident_aggregate_from_incidents = stats(raw);
    out.check = { incident_change_baseline_2568: { numerator: v.numerator, denominator: v.denominator, value: v.value, direct_2568: n68, direct_2566: n66 } };
    out.statuses = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    out.goal_met = engine === 'postgres' ? median(runs) <= 2000 : null;
    out.load_average_after_timing = load();
    log(`${engine}: ${JSON.stringify({ compute: out.compute, cpu: out.compute_cpu_ms, values: last.values, incident_aggregate: out.incident_aggregate, load: out.load_average_after_timing })}`);
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
  for (const engine of ENGINES) results[engine] = await benchEngine(engine, csv);
  results.load_average_end = load();
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OUT), `${JSON.stringify(results, null, 2)}\n`);
  log(`written to bench/results/${OUT}`);
}

// Run only when started itself: bench/dashboard.ts imports the seeding above.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
