/**
 * Speed of the pure priority scoring (src/shared/priority.ts), not a test: the 7,425 real
 * sub-district codes of ../shared/data/th-admin x 10 categories x 4 components (burden, recency,
 * trend, hot spot), one full analysis with its explanation, a summary one, and the +/-20 %
 * sensitivity run. Values are synthetic and skewed like incident counts (most sub-districts
 * quiet, a few busy), with one in ten populations unknown so the rate fallback is exercised.
 * Figures go to bench/results/priority.json.
 *
 *   npx tsx bench/priority.ts [--runs 5] [--seed 1]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../src/shared/random.ts';
import {
  DEFAULT_COMPONENTS, computePriority, hotSpotValue, prioritySensitivity, sumDecayedSeverity, trendChange,
  type AreaValues, type CategoryValues, type PriorityInput, type PriorityProfile,
} from '../src/shared/priority.ts';
import { SECURITY_FIRST } from '../src/shared/priority-presets.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '5'));
const SEED = Number(opt('seed', '1'));
const CATEGORIES = ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other'];

function subdistrictCodes(): string[] {
  const file = fileURLToPath(new URL('../../shared/data/th-admin/subdistricts.geojson', import.meta.url));
  if (!existsSync(file)) return Array.from({ length: 7425 }, (_, i) => String(100101 + i));
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { adm3_pcode: string } }[] };
  return fc.features.map((f) => f.properties.adm3_pcode.slice(2));
}

function buildInput(codes: string[]): PriorityInput {
  const rng = createRandom(SEED);
  const areas = codes.map((code) => ({
    code,
    population: rng.chance(0.1) ? null : Math.round(Math.exp(8.5 + 0.5 * rng.normal())),
  }));
  const burden = new Map<string, AreaValues>();
  const recency = new Map<string, AreaValues>();
  const trend = new Map<string, AreaValues>();
  const hotspot = new Map<string, AreaValues>();
  for (const cat of CATEGORIES) {
    const b = new Map<string, number>();
    const r = new Map<string, number>();
    const t = new Map<string, number>();
    const h = new Map<string, number>();
    for (const { code } of areas) {
      // Most sub-districts see few incidents of a category; some see many.
      const count = rng.chance(0.4) ? 0 : Math.floor(rng.exponential(rng.chance(0.05) ? 60 : 6));
      const lastYear = Math.floor(rng.exponential(count + 1));
      if (count > 0) {
        const events = Array.from({ length: Math.min(count, 50) }, () => ({ age: rng.range(0, 365), severity: rng.int(1, 5) }));
        b.set(code, events.reduce((s, e) => s + e.severity, 0) * (count / events.length));
        r.set(code, sumDecayedSeverity(events, 90));
      }
      t.set(code, trendChange(count, lastYear));
      const z = rng.normal() + (count > 30 ? 2 : 0);
      if (hotSpotValue(z) > 0) h.set(code, 1);
    }
    burden.set(cat, b);
    recency.set(cat, r);
    trend.set(cat, t);
    hotspot.set(cat, h);
  }
  return {
    areas,
    categories: CATEGORIES,
    components: DEFAULT_COMPONENTS,
    values: new Map<string, CategoryValues>([['burden', burden], ['recency', recency], ['trend', trend], ['hotspot', hotspot]]),
  };
}

/**
 * Wall-clock and CPU time per run. The machine is shared: under load the wall clock measures the
 * queue for a core, so the CPU time (user + system of this process) is the steadier figure.
 */
function timeIt<T>(fn: () => T): { ms: number[]; cpuMs: number[]; value: T } {
  fn(); // warm-up: the first call pays for compilation
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    value = fn();
    const c = process.cpuUsage(c0);
    ms.push(performance.now() - t0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  return { ms, cpuMs, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

const codes = subdistrictCodes();
const t0 = performance.now();
const input = buildInput(codes);
const buildMs = performance.now() - t0;
const base: PriorityProfile = SECURITY_FIRST.profile;
const figures: Record<string, { median_ms: number; median_cpu_ms: number; runs_ms: number[]; runs_cpu_ms: number[] }> = {};
const record = (name: string, r: { ms: number[]; cpuMs: number[] }) => {
  figures[name] = { median_ms: round(median(r.ms)), median_cpu_ms: round(median(r.cpuMs)), runs_ms: r.ms.map(round), runs_cpu_ms: r.cpuMs.map(round) };
  console.log(`[priority] ${name}: median ${round(median(r.ms))} ms wall, ${round(median(r.cpuMs))} ms CPU over ${RUNS} runs`);
};

const full = timeIt(() => computePriority(input, base));
record('full_rank_weighted_sum', full);
record('full_minmax_geometric_mean', timeIt(() => computePriority(input, { ...base, normalisation: 'minmax', aggregation: 'geometric_mean' })));
record('summary_rank_weighted_sum', timeIt(() => computePriority(input, base, { detail: 'summary' })));
record('summary_minmax_weighted_sum', timeIt(() => computePriority(input, { ...base, normalisation: 'minmax' }, { detail: 'summary' })));
const sens = timeIt(() => prioritySensitivity(input, base));
record('sensitivity_20pct', sens);

const json = JSON.stringify(full.value);
const summaryJson = JSON.stringify(computePriority(input, base, { detail: 'summary' }));
const out = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  seed: SEED,
  areas: codes.length,
  categories: CATEGORIES.length,
  components: DEFAULT_COMPONENTS.size,
  profile: 'security_first (rank, weighted sum, top 20, rates per 1,000)',
  input_build_ms: round(buildMs),
  timings: figures,
  sensitivity_cases: sens.value.cases.length,
  sensitivity_areas_reported: sens.value.areas.length,
  sensitivity_stable: sens.value.areas.filter((a) => a.stable).length,
  load_average_1min: Math.round(loadavg()[0] * 100) / 100,
  full_result_json_bytes: json.length,
  summary_result_json_bytes: summaryJson.length,
  count_fallback_areas: full.value.areas.filter((a) => a.flags.length > 0).length,
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}priority.json`, JSON.stringify(out, null, 2) + '\n');
console.log(`[priority] wrote bench/results/priority.json`);
