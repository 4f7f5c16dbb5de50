/**
 * Hot-spot benchmark (issue 3, section 6): Getis-Ord Gi* over the 7,425 real sub-districts once
 * the weights are cached (goal <= 50 ms) and local Moran's I with 999 permutations (goal <= 2 s),
 * plus the one-off cost of the queen neighbours in PostGIS and of reading them from the cache.
 * Figures go to bench/results/hotspots.json.
 *
 *   npx tsx bench/hotspots.ts                       embedded PGlite only
 *   DATABASE_URL=postgres://... npx tsx bench/hotspots.ts   PostgreSQL and PGlite
 *   options: --engines postgres,pglite  --runs 50
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { freshDatabase, ROOT } from '../src/server/testing/test-db.ts';
import { loadRealAreas, TH_ADMIN_DIR } from '../src/server/testing/fixtures.ts';
import { queenNeighbours, subdistrictCentroids, type AreaNeighbours } from '../src/server/analysis/weights-repository.ts';
import { binaryWeights, distanceBandNeighbours, rowStandardisedWeights } from '../src/shared/spatial-weights.ts';
import { getisOrdGiStar, localMoran } from '../src/shared/hotspots.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '50'));
const ENGINES = opt('engines', process.env.DATABASE_URL ? 'postgres,pglite' : 'pglite').split(',');
const PROVINCES = [
  ...new Set(
    (JSON.parse(readFileSync(join(TH_ADMIN_DIR, 'provinces.geojson'), 'utf8')) as { features: Array<{ properties: { adm1_pcode: string } }> }).features.map((f) =>
      f.properties.adm1_pcode.replace(/^TH/, ''),
    ),
  ),
].sort();

const log = (s: string) => console.log(`[bench:hotspots] ${s}`);
const ms = (v: number) => Math.round(v * 100) / 100;
function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}
/** CPU time of this process in ms: less disturbed than wall time when other work shares the cores. */
function cpuTime(fn: () => unknown): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  goals: { gi_star_ms: 50, local_moran_999_ms: 2000 },
};

let nb: AreaNeighbours | undefined;
let points: Array<[number, number]> = [];
for (const engine of ENGINES) {
  let db: Database;
  let close: () => Promise<void>;
  if (engine === 'postgres') {
    if (!process.env.DATABASE_URL) throw new Error('--engines postgres needs DATABASE_URL');
    const f = await freshDatabase();
    db = f.db;
    close = f.drop;
  } else {
    db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    close = () => db.close();
  }
  try {
    log(`${engine}: loading the real boundaries`);
    await loadRealAreas(db, PROVINCES);
    const t0 = performance.now();
    const computed = await queenNeighbours(db, PROVINCES);
    const computeTotal = performance.now() - t0;
    const t = performance.now();
    const cached = await queenNeighbours(db, PROVINCES);
    const readMs = performance.now() - t;
    if (computed.fromCache || !cached.fromCache) throw new Error('expected a computation, then a cache hit');
    points = (await subdistrictCentroids(db, PROVINCES)).points;
    nb = cached;
    results[`queen_${engine}`] = {
      areas: computed.codes.length,
      pairs: computed.neighbours.neighbours.length / 2,
      islands: computed.islands,
      postgis_ms: computed.computedMs,
      first_call_ms: Math.round(computeTotal),
      cached_read_ms: Math.round(readMs),
    };
    log(`${engine}: queen neighbours ${computed.computedMs} ms in PostGIS (${Math.round(computeTotal)} ms with caching), ${Math.round(readMs)} ms from the cache`);
  } finally {
    await close();
  }
}
if (!nb) throw new Error('no engine ran');

const n = nb.codes.length;
// The same synthetic count as the reference fixture: spatial blocks plus noise.
const count = new Float64Array(n);
for (let k = 0; k < n; k++) count[k] = 2 * (Math.floor(k / 40) % 9) + ((k * 7919) % 13);

const [wStar, buildMs] = time(() => binaryWeights(nb!.neighbours, { includeSelf: true }));
const [, firstGiMs] = time(() => getisOrdGiStar(count, wStar, { fdr: true }));
const gi: number[] = [];
const giFdr: number[] = [];
for (let r = 0; r < RUNS; r++) {
  gi.push(time(() => getisOrdGiStar(count, wStar))[1]);
  giFdr.push(time(() => getisOrdGiStar(count, wStar, { fdr: true }))[1]);
}
const [band, bandMs] = time(() => distanceBandNeighbours(points, 10_000));
const wBand = binaryWeights(band, { includeSelf: true });
const giBand: number[] = [];
for (let r = 0; r < RUNS; r++) giBand.push(time(() => getisOrdGiStar(count, wBand, { fdr: true }))[1]);
const wRow = rowStandardisedWeights(nb.neighbours);
const moran: number[] = [];
for (let r = 0; r < 3; r++) moran.push(time(() => localMoran(count, wRow, { permutations: 999, seed: r + 1 }))[1]);
const giCpu = median(Array.from({ length: RUNS }, () => cpuTime(() => getisOrdGiStar(count, wStar, { fdr: true }))));
const moranCpu = median([1, 2, 3].map((seed) => cpuTime(() => localMoran(count, wRow, { permutations: 999, seed }))));

results.statistics = {
  areas: n,
  runs: RUNS,
  weights_build_ms: ms(buildMs),
  gi_star_first_call_ms: ms(firstGiMs),
  gi_star_median_ms: ms(median(gi)),
  gi_star_fdr_median_ms: ms(median(giFdr)),
  distance_band_10km_build_ms: ms(bandMs),
  distance_band_links: band.neighbours.length,
  gi_star_band_fdr_median_ms: ms(median(giBand)),
  local_moran_999_median_ms: ms(median(moran)),
  local_moran_999_runs_ms: moran.map(ms),
  gi_star_fdr_median_cpu_ms: ms(giCpu),
  local_moran_999_median_cpu_ms: ms(moranCpu),
  // Load average when the statistics ran: other work on the machine stretches wall times.
  load_average_1min: Math.round(loadavg()[0] * 100) / 100,
};
log(JSON.stringify(results.statistics));
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'hotspots.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`written to ${join(dir, 'hotspots.json')}`);
