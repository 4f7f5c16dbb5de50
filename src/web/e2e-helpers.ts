/**
 * What the browser tests share once the server and Chromium are up (those come from
 * src/server/testing/browser.ts): a page with the test flag, signing in through the form, waiting
 * for a map to be idle, the failed API answers, and where screenshots go.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server/testing/browser.ts';
import { ROOT } from '../server/testing/test-db.ts';
import { loadDemo } from '../server/demo/service.ts';

/**
 * A real server holding the synthetic demo province (98) with 3,000 incidents over the four fiscal
 * years up to 2568 (the load pins "now" to the start of 2569), as the analysis and target tests use.
 */
export async function startDemoWebServer(opts: { targetLists?: boolean } = {}): Promise<WebServer> {
  const server = await startWebServer();
  await loadDemo(server.db, { incidents: 3000, seed: 11, now: new Date('2025-10-01T03:00:00Z'), targetLists: opts.targetLists });
  return server;
}

/** Where browser tests leave their screenshots and downloads; created when first asked for. */
export function resultsDir(): string {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A new context and page of that size, with `window.__COMAP_TEST__` set before the app loads so
 * the maps expose themselves as `window.__comapMap` and `window.__comapAnalysisMap`.
 */
export async function newTestPage(browser: Browser, viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__COMAP_TEST__ = true;
  });
  return { ctx, page };
}

/**
 * Signs in through the login form: the home page sends a visitor without a session to /login, and
 * a good sign-in comes back to the map.
 */
export async function signIn(page: Page, base: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/');
}

/**
 * Waits until a map has loaded its style and every visible tile, then a little longer for the
 * last frame to be drawn: the main map (`__comapMap`) or the analysis and target maps
 * (`__comapAnalysisMap`). The page must have been made by {@link newTestPage}.
 */
export async function mapIdle(page: Page, which: '__comapMap' | '__comapAnalysisMap'): Promise<void> {
  await page.waitForFunction((name) => {
    const m = window[name] as any;
    return !!m && m.loaded() && m.isStyleLoaded() && m.areTilesLoaded();
  }, which, { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
}

/**
 * Collects every API answer of 400 or more the page receives, as "status url". Before sign-in
 * /api/auth/me answers 401 by design, so it is not counted.
 */
export function watchFailures(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/') && !r.url().includes('/api/auth/me') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  return failed;
}
