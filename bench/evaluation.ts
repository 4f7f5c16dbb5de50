/**
 * Evaluation benchmark (issue 5, section 5): the quarterly evaluation of one province with 200,000
 * answers - computing every line (province, project, project-area, agency, sub-district, district,
 * category, channel) and storing the snapshot - goal <= 1 s on PostgreSQL; PGlite reported too.
 *
 *   npx tsx bench/evaluation.ts                 both engines (PostgreSQL: DATABASE_URL, or a
 *                                               throwaway cluster via scripts/pg-throwaway.sh)
 *   options: --engines postgres,pglite  --reps 7  --answers 200000  --projects 200  --out evaluation.json
 *
 * The province is Pattani (94) on the real boundaries: 115 sub-districts in 12 districts. 200
 * projects of 40 agencies reach 1 to 3 sub-districts each, with one or two categories; the answers
 * of Q2 FY 2568 are spread over them unevenly (a few projects draw many answers), from their
 * sub-districts, through the public website (60 %), village meetings (28 %) and peace councils
 * (12 %, with 2,000 sittings), ratings on most. Generated in SQL from hashes: the same on both
 * engines and every run.
 *
 * What is timed is service.recomputeSnapshot, the call behind POST /api/evaluation/recompute on a
 * running quarter: one transaction that takes the provisional snapshot over, deletes its lines,
 * counts and inserts the new ones in one INSERT ... SELECT, and writes the audit record. The three
 * statements of repository.LINE_STATEMENTS (pre-aggregated cells with GROUPING SETS, GROUPING SETS
 * over the answers, UNION ALL of one GROUP BY per dimension) are timed alone as well and must give
 * the same lines.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { engineVersions, load, median, openEngine, r1, stats, timed } from './analysis.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRealAreas } from '../src/server/testing/fixtures.ts';
import { createUser } from '../src/server/auth/service.ts';
import type { Viewer } from '../src/server/auth/viewer.ts';
import type { Database } from '../src/server/db/database.ts';
import { getEvaluation, recomputeSnapshot } from '../src/server/evaluation/service.ts';
import { fillSnapshot, LINE_STATEMENTS, type LineStatement } from '../src/server/evaluation/repository.ts';
import { fiscalQuarterPeriod } from '../src/shared/fiscal.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ANSWERS = Number(opt('answers', '200000'));
const PROJECTS = Number(opt('projects', '200'));
const REPS = Number(opt('reps', '7'));
const ENGINES = opt('engines', 'postgres,pglite').split(',');
const OUT = opt('out', 'evaluation.json');
const PROVINCE = '94';
const FY = 2568;
const QUARTER = 2;
const MEETINGS = 2000;
/** Inside the quarter: its snapshot is provisional, so it can be recomputed again and again. */
const NOW = new Date(fiscalQuarterPeriod(FY, QUARTER).start.getTime() + 60 * 86_400_000);
const log = (s: string) => console.log(`[bench:evaluation] ${s}`);

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gib: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  load_average_start: load(),
  province: PROVINCE,
  period: { fiscalYear: FY, quarter: QUARTER },
  answers: ANSWERS,
  projects: PROJECTS,
  repetitions: REPS,
  goals: { quarterly_evaluation_postgres_ms: 1000 },
};

/**
 * CPU time in ms used so far by this process and, for a local PostgreSQL server, by its processes
 * (live ones, and exited parallel workers reaped into the postmaster's children's time): on a
 * shared machine wall time stretches with the load, CPU time much less.
 */
function cpuProbe(postmaster: number | null): () => { node: number; server: number } {
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
      const pm = stat(postmaster);
      if (pm) server += (pm[11] + pm[12] + pm[13] + pm[14]) * 10;
      for (const name of readdirSync('/proc')) {
        if (!/^[0-9]+$/.test(name)) continue;
        const st = stat(Number(name));
        if (st && st[1] === postmaster) server += (st[11] + st[12]) * 10;
      }
    }
    return { node: (u.user + u.system) / 1000, server };
  };
}

/** 40 agencies, the projects with their sub-districts, the sittings and the answers, all in SQL. */
async function seed(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO agency (code, name_th, type, province_code) SELECT 'bench-' || g, 'หน่วยงานทดสอบ ' || g, 'line_agency', $1 FROM generate_series(1, 40) g`,
    [PROVINCE],
  );
  await db.query(
    `INSERT INTO project (external_id, agency_id, province_code, fiscal_year, title, budget_source, categories, status, visibility)
     SELECT 'BENCH-E-' || g, (SELECT min(id) FROM agency WHERE code LIKE 'bench-%') + g % 40, $1, $2, 'โครงการทดสอบ ' || g, 'agency',
            CASE WHEN g % 3 = 0 THEN ARRAY[(ARRAY['drugs','flood','drought','crime','unrest'])[1 + g % 5], (ARRAY['drugs','flood','drought','crime','unrest'])[1 + (g + 2) % 5]]
                 ELSE ARRAY[(ARRAY['drugs','flood','drought','crime','unrest'])[1 + g % 5]] END,
            'in_progress', 'public'
     FROM generate_series(1, $3::int) g`,
    [PROVINCE, FY, PROJECTS],
  );
  await db.query(
    `WITH subs AS (SELECT array_agg(code ORDER BY code) AS c FROM area WHERE level = 3 AND province_code = $1),
          p AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM project WHERE external_id LIKE 'BENCH-E-%')
     INSERT INTO project_area (project_id, area_code, subdistrict_code)
     SELECT p.id, subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)], subs.c[1 + abs(hashtext(p.g || ':' || k)) % cardinality(subs.c)]
     FROM p, subs, generate_series(1, 3) k WHERE k <= 1 + p.g % 3
     ON CONFLICT DO NOTHING`,
    [PROVINCE],
  );
  const q = fiscalQuarterPeriod(FY, QUARTER);
  await db.query(
    `WITH subs AS (SELECT array_agg(code ORDER BY code) AS c FROM area WHERE level = 3 AND province_code = $1)
     INSERT INTO feedback_meeting (province_code, subdistrict_code, meeting_date, place, attendance, channel)
     SELECT $1, subs.c[1 + g % cardinality(subs.c)], ($2::timestamptz + (g % 80) * interval '1 day')::date, 'ศาลาประชาคม', 30 + g % 100,
            CASE WHEN g <= $3::int * 0.7 THEN 'village_meeting' ELSE 'peace_council' END
     FROM subs, generate_series(1, $3::int) g`,
    [PROVINCE, q.start, MEETINGS],
  );
  // Popular projects draw many answers: the project of answer g is 200 * u^2 (u uniform in [0, 1)).
  await db.query(
    `WITH p AS (SELECT row_number() OVER (ORDER BY p.id) - 1 AS i, p.id, array_agg(pa.subdistrict_code ORDER BY pa.subdistrict_code) AS subs
                FROM project p JOIN project_area pa ON pa.project_id = p.id WHERE p.external_id LIKE 'BENCH-E-%' GROUP BY p.id),
          m AS (SELECT array_agg(id ORDER BY id) FILTER (WHERE channel = 'village_meeting') AS v, array_agg(id ORDER BY id) FILTER (WHERE channel = 'peace_council') AS c FROM feedback_meeting),
          a AS (SELECT g, (abs(hashtext('u' || g)) % 100000) / 100000.0 AS u, abs(hashtext('s' || g)) AS hs, abs(hashtext('c' || g)) % 100 AS hc,
                       abs(hashtext('m' || g)) % 100 AS hm, abs(hashtext('r' || g)) % 100 AS hr, abs(hashtext('t' || g)) % 7776000 AS ht
                FROM generate_series(1, $4::int) g)
     INSERT INTO feedback (project_id, province_code, subdistrict_code, meets, rating, channel, meeting_id, client_key, received_at, fiscal_year, quarter)
     SELECT p.id, $1, p.subs[1 + a.hs % cardinality(p.subs)],
            CASE WHEN a.hm < 40 + p.i % 30 THEN 'yes' WHEN a.hm < 75 + p.i % 10 THEN 'partly' ELSE 'no' END,
            CASE WHEN a.hc < 60 OR a.hr < 70 THEN 1 + (a.hm + a.hr) % 5 END,
            CASE WHEN a.hc < 60 THEN 'public_web' WHEN a.hc < 88 THEN 'village_meeting' ELSE 'peace_council' END,
            CASE WHEN a.hc < 60 THEN NULL WHEN a.hc < 88 THEN m.v[1 + a.g % cardinality(m.v)] ELSE m.c[1 + a.g % cardinality(m.c)] END,
            CASE WHEN a.hc < 60 THEN 'bench-' || a.g END,
            $2::timestamptz + a.ht * interval '1 second', $3, ${QUARTER}
     FROM a JOIN p ON p.i = floor(a.u * a.u * $5::int)::int, m`,
    [PROVINCE, q.start, FY, ANSWERS, PROJECTS],
  );
}

type Line = { dimension: string; key: string; answers: number; yes: number; partly: number; no: number; rated: number; rating_sum: number };
async function linesOf(db: Database, snapshotId: number): Promise<Line[]> {
  return (await db.query<Line>(
    'SELECT dimension, key, answers, yes, partly, no, rated, rating_sum FROM evaluation_row WHERE snapshot_id = $1 ORDER BY dimension, key', [snapshotId],
  )).rows;
}

async function benchEngine(engine: string): Promise<Record<string, unknown>> {
  const { db, close } = await openEngine(engine, 'evaluation');
  try {
    await migrate(db);
    const out: Record<string, unknown> = { versions: await engineVersions(db) };
    const areas = await loadRealAreas(db, [PROVINCE]);
    const u = await createUser(db, { username: 'benchadmin', password: 'bench admin password 123', role: 'admin' }, null);
    const admin: Viewer = { userId: u.id, username: u.username, displayName: u.username, role: 'admin', agencyId: null, agency: null, areaCodes: [], mustChangePassword: false };
    const [, seedMs] = await timed(() => seed(db));
    await db.exec('VACUUM ANALYZE');
    const data = (await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM feedback) AS answers, (SELECT count(*)::int FROM project) AS projects,
              (SELECT count(*)::int FROM project_area) AS project_areas, (SELECT count(DISTINCT subdistrict_code)::int FROM feedback) AS subdistricts,
              (SELECT count(*)::int FROM feedback_meeting) AS meetings, (SELECT max(n) FROM (SELECT count(*)::int AS n FROM feedback GROUP BY project_id) x) AS most_per_project`,
    )).rows[0];
    log(`${engine}: ${JSON.stringify(out.versions)}; ${areas} areas; seeded in ${r1(seedMs / 1000)} s: ${JSON.stringify(data)}`);
    out.seed_s = r1(seedMs / 1000);
    out.data = data;

    const input = { provinceCode: PROVINCE, fiscalYear: FY, quarter: QUARTER };
    const [first, firstMs] = await timed(() => recomputeSnapshot(db, admin, input, NOW));
    if (first.answers !== ANSWERS) throw new Error(`the snapshot counts ${first.answers} answers, not ${ANSWERS}`);
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
    for (let k = 0; k < REPS; k++) {
      const c0 = probe();
      const [, ms] = await timed(() => recomputeSnapshot(db, admin, input, NOW));
      const c1 = probe();
      runs.push(ms);
      cpu.push({ node: c1.node - c0.node, server: c1.server - c0.server });
    }
    const reference = await linesOf(db, first.id);

    // The three statements alone (delete the lines, count and insert them), each checked against the service's lines.
    const variants: Record<string, unknown> = {};
    for (const name of Object.keys(LINE_STATEMENTS) as LineStatement[]) {
      const v: number[] = [];
      for (let k = 0; k < REPS; k++) {
        v.push((await timed(() => db.transaction((tx) => fillSnapshot(tx, first.id, { province: PROVINCE, fiscalYear: FY, quarter: QUARTER }, name))))[1]);
      }
      const same = JSON.stringify(await linesOf(db, first.id)) === JSON.stringify(reference);
      if (!same) throw new Error(`statement ${name} gives other lines than the service`);
      variants[name] = { ...stats(v), same_lines: same };
      log(`${engine}: statement ${name}: ${JSON.stringify(variants[name])}`);
    }
    // Reading every line of the snapshot as the API does (labels, sorted), for a viewer of the whole province.
    const reads: number[] = [];
    let lines = 0;
    for (let k = 0; k < REPS; k++) {
      const [e, ms] = await timed(() => getEvaluation(db, admin, input, NOW));
      reads.push(ms);
      lines = e.lines.length;
    }
    // The whole year (its four quarters' answers, here all in Q2), closed once the year has ended.
    const [, closeMs] = await timed(() => recomputeSnapshot(db, admin, { ...input, quarter: 0 }, new Date(Date.UTC(FY - 543, 9, 2))));

    out.first_recompute_ms = r1(firstMs);
    out.quarterly_evaluation = stats(runs);
    out.quarterly_evaluation_cpu_ms = {
      node_median: r1(median(cpu.map((c) => c.node))), server_median: r1(median(cpu.map((c) => c.server))),
      total_median: r1(median(cpu.map((c) => c.node + c.server))), total_min: r1(Math.min(...cpu.map((c) => c.node + c.server))),
      note: 'CPU time of this process and of the PostgreSQL server during one recompute; PGlite runs inside this process',
    };
    out.statements = variants;
    out.lines = reference.length;
    out.lines_by_dimension = Object.fromEntries([...new Set(reference.map((l) => l.dimension))].map((d) => [d, reference.filter((l) => l.dimension === d).length]));
    out.read_all_lines = { ...stats(reads), lines };
    out.close_year_once_ms = r1(closeMs);
    out.goal_met = engine === 'postgres' ? median(runs) <= 1000 : null;
    out.load_average_after_timing = load();
    log(`${engine}: ${JSON.stringify({ quarterly_evaluation: out.quarterly_evaluation, cpu: out.quarterly_evaluation_cpu_ms, lines: reference.length, load: out.load_average_after_timing })}`);
    return out;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  for (const engine of ENGINES) results[engine] = await benchEngine(engine);
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
