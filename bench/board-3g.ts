/**
 * The public board on a cheap phone over a slow mobile network (issue 5 section 1): goal, the
 * sub-district's board usable within 3 s on Chrome DevTools' "3G" profile.
 *
 *   npx tsx bench/board-3g.ts          (npm run bench:board)
 *   options: --runs 5  --out board-3g.json  --no-build (use dist/web as it is)  --no-map (skip waiting for the map)
 *            --profiles 3g,slow4g  --pages board,search,project  --cpu 4  --lang th|en
 *
 * A real COMAP server on loopback holds the synthetic demo province loaded at the real "now" (the
 * board shows this fiscal year's projects); the measured board is the demo sub-district with the
 * most public projects. Each run is a new browser context (cold cache, no cookie) of a phone
 * (390 x 844, touch) in the system Chromium, with CDP network throttling and a CPU 4 times slower:
 * - "3g": DevTools' "3G" preset (formerly "Slow 3G"): 400 kbit/s down and up, 2,000 ms latency;
 * - "slow4g": DevTools' "Slow 4G" preset (formerly "Fast 3G"): 1.6 Mbit/s x 0.9 down, 750 kbit/s x
 *   0.9 up, 562.5 ms latency (DevTools' own figures).
 * Measured from the navigation's start: first contentful paint; "list" = the whole project list
 * present and painted (the section after it has been parsed and the first card has a box; the
 * cards below the screen are laid out when scrolled to, content-visibility);
 * "controls" = the answer buttons, the language switch and the link to search painted; "usable" =
 * the later of the two. An element counts as painted at the first animation frame after the one in
 * which it had a box. Bytes: the encoded bytes (headers and compressed bodies) of the responses
 * finished before "usable", and of everything until the map is drawn. The search page (its form)
 * and a project page (its answer form) are measured the same way. Medians of --runs runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { Browser, CDPSession } from 'playwright-core';
import { launchBrowser, startWebServer } from '../src/server/testing/browser.ts';
import { ROOT } from '../src/server/testing/test-db.ts';
import { loadDemo } from '../src/server/demo/service.ts';
import { fiscalYearOf } from '../src/shared/fiscal.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '5'));
const OUT = opt('out', 'board-3g.json');
const BUILD = !args.includes('--no-build');
const MAP = !args.includes('--no-map');
const GOAL_MS = 3000;
const log = (s: string) => console.log(`[bench:board] ${s}`);

/** Chrome DevTools' presets, as DevTools defines them (bytes per second, milliseconds). */
const PROFILES = {
  '3g': { name: 'DevTools "3G" (formerly "Slow 3G")', downloadThroughput: (500 * 1000) / 8 * 0.8, uploadThroughput: (500 * 1000) / 8 * 0.8, latency: 400 * 5 },
  slow4g: { name: 'DevTools "Slow 4G" (formerly "Fast 3G")', downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9, latency: 150 * 3.75 },
} as const;
type ProfileKey = keyof typeof PROFILES;
const CPU_SLOWDOWN = Number(opt('cpu', '4'));
const ONLY_PROFILES = opt('profiles', '3g,slow4g').split(',');
const ONLY_PAGES = opt('pages', 'board,search,project').split(',');
const LANG = opt('lang', 'th');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * What makes each page usable: every selector has a box ("+" in front: is in the document, parsed;
 * asking for its box would force the layout the page defers for what is off the screen).
 */
const PAGES = {
  board: { list: ['#projects li.project', '+#comments-h'], controls: ['#projects li.project a.btn', 'a.lang', '.crumb a'] },
  search: { list: ['#q'], controls: ['#board-search button[type=submit]'] },
  project: { list: ['article.project .eval'], controls: ['form#answer input[name=meets]', 'form#answer button[type=submit]'] },
} as const;
type PageKey = keyof typeof PAGES;

interface Run {
  fcp_ms: number | null;
  list_ms: number | null;
  controls_ms: number | null;
  usable_ms: number | null;
  bytes_before_usable: number;
  requests_before_usable: number;
  map_state?: string | null;
  map_ready_ms?: number | null;
  bytes_until_map?: number;
  requests?: Array<{ url: string; bytes: number; finished_ms: number }>;
}

const r0 = (v: number | null) => (v == null ? null : Math.round(v));
function median(v: Array<number | null | undefined>): number | null {
  const s = v.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
}

async function measure(browser: Browser, url: string, page: PageKey, profile: ProfileKey, withMap: boolean, keepRequests: boolean): Promise<Run> {
  const ctx = await browser.newContext(PHONE);
  const tab = await ctx.newPage();
  const cdp: CDPSession = await ctx.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const p = PROFILES[profile];
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: p.latency, downloadThroughput: p.downloadThroughput, uploadThroughput: p.uploadThroughput, connectionType: 'cellular3g',
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

  let t0: number | null = null;
  const urls = new Map<string, string>();
  const finished: Array<{ url: string; bytes: number; at: number }> = [];
  cdp.on('Network.requestWillBeSent', (e: any) => {
    urls.set(e.requestId, e.request.url);
    if (t0 == null && e.type === 'Document') t0 = e.timestamp;
  });
  cdp.on('Network.loadingFinished', (e: any) => finished.push({ url: urls.get(e.requestId) ?? '?', bytes: e.encodedDataLength, at: e.timestamp }));

  const spec = PAGES[page];
  // As text, not a function: tsx would wrap the inner functions in a helper the page does not have.
  await tab.addInitScript(`(() => {
    const sel = ${JSON.stringify({ list: spec.list, controls: spec.controls })};
    const marks = {};
    window.__boardMarks = marks;
    const painted = (s) => {
      if (s.startsWith('+')) return !!document.querySelector(s.slice(1));
      const el = document.querySelector(s);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const pending = new Set();
    const tick = () => {
      for (const [name, list] of Object.entries(sel)) {
        if (marks[name] === undefined && !pending.has(name) && list.every(painted)) {
          pending.add(name);
          // The frame in which it first had a box has been painted when the next one starts.
          requestAnimationFrame(() => { marks[name] = performance.now(); });
        }
      }
      if (pending.size < Object.keys(sel).length) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') marks.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  })();`);

  await tab.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await tab.waitForFunction(() => {
    const m = (window as any).__boardMarks;
    return m && m.list !== undefined && m.controls !== undefined && m.fcp !== undefined;
  }, null, { timeout: 120_000, polling: 100 });
  const marks = await tab.evaluate(() => (window as any).__boardMarks as Record<string, number>);
  const usable = Math.max(marks.list, marks.controls);
  const rel = (at: number) => (at - (t0 ?? at)) * 1000;
  const before = finished.filter((f) => rel(f.at) <= usable);
  const run: Run = {
    fcp_ms: r0(marks.fcp), list_ms: r0(marks.list), controls_ms: r0(marks.controls), usable_ms: r0(usable),
    bytes_before_usable: before.reduce((s, f) => s + f.bytes, 0), requests_before_usable: before.length,
  };
  if (withMap) {
    const state = await tab.waitForFunction(() => {
      const s = document.getElementById('board-map')?.dataset.state;
      return s && s !== 'loading' ? s : null;
    }, null, { timeout: 180_000, polling: 250 }).then((h) => h.jsonValue() as Promise<string>).catch(() => null);
    run.map_state = state;
    run.map_ready_ms = state === 'ready' ? r0(await tab.evaluate(() => performance.now())) : null;
    run.bytes_until_map = finished.reduce((s, f) => s + f.bytes, 0);
  }
  if (keepRequests) run.requests = finished.map((f) => ({ url: f.url.replace(/^https?:\/\/[^/]+/, ''), bytes: f.bytes, finished_ms: r0(rel(f.at))! }));
  await ctx.close();
  return run;
}

async function main(): Promise<void> {
  if (BUILD) {
    log('building the web app (vite build)');
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const loadStart = loadavg();
  log('starting a server with the demo province');
  const server = await startWebServer();
  const now = new Date();
  await loadDemo(server.db, { incidents: 500, seed: 11, now });
  const top = (await server.db.query<{ code: string; n: number; id: number }>(
    `SELECT pa.subdistrict_code AS code, count(DISTINCT p.id)::int AS n, min(p.id)::int AS id FROM project p JOIN project_area pa ON pa.project_id = p.id
     WHERE p.visibility = 'public' AND p.fiscal_year = $1 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    [fiscalYearOf(now)],
  )).rows[0];
  if (!top) throw new Error('the demo has no public project this fiscal year');
  const urls: Record<PageKey, string> = {
    board: `${server.base}/board/t/${top.code}`,
    search: `${server.base}/board`,
    project: `${server.base}/board/t/${top.code}/p/${top.id}`,
  };
  // The server warm (its first answers read cold database pages and compress the map chunk once); the browser never is.
  const weights: Record<string, { html_bytes: number; brotli_bytes: number }> = {};
  for (const [k, u] of Object.entries(urls)) {
    const html = await (await fetch(u)).text();
    weights[k] = { html_bytes: Buffer.byteLength(html), brotli_bytes: brotliCompressSync(Buffer.from(html)).length };
  }
  log(`board ${top.code}: ${top.n} public projects; page ${weights.board.html_bytes} B, ${weights.board.brotli_bytes} B compressed`);

  const browser = await launchBrowser();
  const warm = await browser.newContext();
  const wp = await warm.newPage();
  await wp.goto(urls.board);
  await wp.waitForFunction(() => ['ready', 'unavailable', 'failed'].includes(document.getElementById('board-map')?.dataset.state ?? ''), null, { timeout: 120_000 }).catch(() => undefined);
  await warm.close();

  const results: Record<string, unknown> = {};
  for (const profile of (Object.keys(PROFILES) as ProfileKey[]).filter((k) => ONLY_PROFILES.includes(k))) {
    const byPage: Record<string, unknown> = {};
    for (const page of (Object.keys(PAGES) as PageKey[]).filter((k) => ONLY_PAGES.includes(k))) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await measure(browser, `${urls[page]}${LANG === 'en' ? '?lang=en' : ''}`, page, profile, MAP && page === 'board', i === 0);
        runs.push(run);
        log(`${profile} ${page} run ${i + 1}: FCP ${run.fcp_ms} ms, usable ${run.usable_ms} ms, ${run.bytes_before_usable} B before usable${run.map_state ? `, map ${run.map_state} at ${run.map_ready_ms} ms (${run.bytes_until_map} B)` : ''}`);
      }
      byPage[page] = {
        url: urls[page].replace(server.base, ''),
        median: {
          fcp_ms: median(runs.map((r) => r.fcp_ms)), list_ms: median(runs.map((r) => r.list_ms)), controls_ms: median(runs.map((r) => r.controls_ms)),
          usable_ms: median(runs.map((r) => r.usable_ms)), bytes_before_usable: median(runs.map((r) => r.bytes_before_usable)),
          ...(MAP && page === 'board' ? { map_ready_ms: median(runs.map((r) => r.map_ready_ms)), bytes_until_map: median(runs.map((r) => r.bytes_until_map)) } : {}),
        },
        runs,
      };
    }
    results[profile] = { settings: { ...PROFILES[profile], cpu_slowdown: CPU_SLOWDOWN }, pages: byPage };
  }
  const boardUsable3g = ((results['3g'] as any)?.pages?.board?.median?.usable_ms ?? null) as number | null;
  const out = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model?.trim(), memory_gib: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    chromium: browser.version(),
    load_average_start: loadStart.map((v) => Math.round(v * 100) / 100),
    runs: RUNS,
    lang: LANG,
    phone: PHONE,
    subdistrict: { code: top.code, public_projects: top.n },
    page_weight: weights,
    goal: { usable_ms_3g_max: GOAL_MS, board_usable_ms_3g: boardUsable3g, met: boardUsable3g != null && boardUsable3g <= GOAL_MS },
    profiles: results,
  };
  await browser.close();
  await server.close();
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OUT), `${JSON.stringify(out, null, 2)}\n`);
  log(`board usable on 3G: median ${boardUsable3g} ms (goal ${GOAL_MS} ms: ${out.goal.met ? 'met' : 'NOT met'}); written to bench/results/${OUT}`);
}

await main();
