/**
 * The priority analysis page in a real browser against a real server holding the synthetic demo
 * province: an analyst opens วิเคราะห์พื้นที่เป้าหมาย from the top bar, runs "security first" for a
 * fiscal year with incidents, reads the ranked sub-districts, sees the map coloured by score,
 * opens one area's explanation, and reopens the run from the list of earlier runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { mapIdle, newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;

before(async () => {
  // The demo declares lists for 2568 and 2569; these tests draft the province's first list.
  server = await startDemoWebServer({ targetLists: false });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('an analyst runs security first for 2568, reads the ranking, the map and one explanation', { timeout: 240_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);

  // A draft target list for 2568 with one sub-district: the map outlines it.
  const target = (await server.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '98' ORDER BY code LIMIT 1`)).rows[0].code;
  const draft = await page.request.post(`${server.base}/api/targets`, {
    data: { provinceCode: '98', fiscalYear: 2568, areas: [{ code: target, categories: ['drugs'], reason: 'ทดสอบ' }] },
  });
  assert.equal(draft.status(), 201, await draft.text());

  await page.click('nav.topnav a[href="/analysis"]');
  await page.waitForURL((u) => u.pathname === '/analysis');
  await page.getByRole('heading', { level: 1, name: 'วิเคราะห์พื้นที่เป้าหมาย' }).waitFor();

  const profile = page.locator('select[name=profile]');
  await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
  assert.equal(await profile.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent), 'ความมั่นคงมาก่อน');
  await page.selectOption('select[name=fiscalYear]', '2568');
  await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');
  await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();

  const rows = page.locator('table.analysis-table tbody tr');
  await rows.first().waitFor({ timeout: 60_000 });
  const count = await rows.count();
  assert.ok(count >= 5, `expected a ranked list, got ${count} rows`);
  const first = await rows.first().locator('td').allInnerTexts();
  assert.equal(first[0], '1');
  assert.match(first[1], /[\u0E00-\u0E7F]{2,}/, `a Thai sub-district name in the first row: ${first[1]}`);
  assert.ok(Number(first[2].replace(/,/g, '')) > 0, `a positive score: ${first[2]}`);
  const summary = await page.locator('.analysis-summary').innerText();
  assert.match(summary, /ปีงบประมาณ/);

  await mapIdle(page, '__comapAnalysisMap');
  const rendered = await page.evaluate(() => {
    const m = window.__comapAnalysisMap as any;
    const subs = m.queryRenderedFeatures({ layers: ['analysis-fill'] });
    const coloured = subs.filter((f: any) => {
      const s = m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: f.id });
      return typeof s.c === 'number' && s.c >= 0;
    });
    return { subs: subs.length, coloured: coloured.length };
  });
  assert.ok(rendered.subs > 5, `sub-districts drawn on the analysis map: ${JSON.stringify(rendered)}`);
  assert.ok(rendered.coloured > 5, `sub-districts coloured by score: ${JSON.stringify(rendered)}`);
  const outlined = await page.evaluate((code) => {
    const m = window.__comapAnalysisMap as any;
    return m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: Number(code) }).t === true;
  }, target);
  assert.ok(outlined, `target ${target} outlined`);
  await page.locator('.analysis-legend', { hasText: 'พื้นที่เป้าหมายตามบัญชีปัจจุบัน' }).waitFor();

  const firstName = first[1].replace(/จุดร้อน$/, '').trim();
  await rows.first().click();
  const panel = page.locator('.explain-panel');
  await panel.waitFor({ timeout: 30_000 });
  assert.match(await panel.locator('h3').innerText(), new RegExp(firstName));
  assert.ok((await panel.locator('.hbars li').count()) >= 2, 'bars by component');
  assert.ok((await panel.locator('svg.quarter-chart rect').count()) >= 1, 'a quarterly chart');
  await mapIdle(page, '__comapAnalysisMap');
  const selectedInView = await page.evaluate(() => {
    const m = window.__comapAnalysisMap as any;
    return m.queryRenderedFeatures({ layers: ['analysis-fill'] }).some((f: any) =>
      m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: f.id }).sel === true);
  });
  assert.ok(selectedInView, 'the sub-district chosen in the table is drawn on the map');
  const incidentsHref = await panel.locator('.explain-link a').getAttribute('href');
  assert.match(incidentsHref ?? '', /^\/\?area=\d{6}&period=2568$/);

  await page.click('.analysis-map-bar button:nth-of-type(2)');
  await mapIdle(page, '__comapAnalysisMap');

  const RESULTS = resultsDir();
  await page.screenshot({ path: join(RESULTS, 'analysis.png'), fullPage: true });

  // The run is listed among earlier runs and reopens.
  const history = page.locator('.analysis-history tbody tr');
  assert.ok((await history.count()) >= 1);
  assert.match(await history.first().innerText(), /ความมั่นคงมาก่อน/);
  await history.first().getByRole('button').click();
  await rows.first().waitFor();
  assert.equal(await page.locator('.explain-panel').count(), 0, 'reopening a run closes the old explanation');

  // In English the same run reads in English, names included where the areas have them.
  await page.click('.lang-switch button[lang=en]');
  await page.getByRole('heading', { level: 1, name: 'Priority analysis' }).waitFor();
  assert.equal(await page.locator('table.analysis-table thead th').nth(1).innerText(), 'Sub-district');
  await rows.nth(1).click();
  await page.locator('.explain-panel h3', { hasText: 'Why this score' }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(RESULTS, 'analysis-en.png'), fullPage: true });
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('a period without incidents gives a clear Thai message and no table', { timeout: 120_000 }, async () => {
  const user = await server.addUser('analyst');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/analysis`);
  await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');
  await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
  // The demo ends in fiscal year 2568: 2570 has no incidents.
  await page.selectOption('select[name=fiscalYear]', '2570');
  await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
  const alert = page.locator('.alert-error');
  await alert.waitFor({ timeout: 60_000 });
  assert.match(await alert.innerText(), /^ไม่สามารถวิเคราะห์ได้: .*no incidents/);
  assert.equal(await page.locator('table.analysis-table').count(), 0);
  await ctx.close();
});

test('without population figures the run says it compared counts, in a Thai sentence', { timeout: 120_000 }, async () => {
  const saved = await server.db.query<{ code: string; population: number | null }>(`SELECT code, population FROM area WHERE level = 3`);
  await server.db.exec(`UPDATE area SET population = NULL WHERE level = 3`);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const user = await server.addUser('analyst');
    const page = await ctx.newPage();
    await signIn(page, server.base, user);
    await page.goto(`${server.base}/analysis`);
    await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');
    await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
    await page.selectOption('select[name=fiscalYear]', '2568');
    await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
    const warning = page.locator('.alert-warning', { hasText: 'ข้อสังเกตของการวิเคราะห์' });
    await warning.waitFor({ timeout: 60_000 });
    assert.match(await warning.innerText(), /ข้อสังเกตจากระบบ: .*population/);
    assert.ok((await page.locator('table.analysis-table tbody tr').count()) > 0, 'the ranking is still shown');
  } finally {
    await ctx.close();
    for (const r of saved.rows) await server.db.query(`UPDATE area SET population = $1 WHERE code = $2`, [r.population, r.code]);
  }
});

test('a viewer has no analysis link and is refused the page', { timeout: 120_000 }, async () => {
  const user = await server.addUser('viewer');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    await signIn(page, server.base, user);
    await page.locator('nav.topnav a[href="/"]').waitFor();
    assert.equal(await page.locator('nav.topnav a[href="/analysis"]').count(), 0);
    await page.goto(`${server.base}/analysis`);
    await page.locator('.alert-error').waitFor();
    assert.match(await page.locator('.alert-error').innerText(), /ไม่มีสิทธิ์/);
    assert.equal(await page.locator('select[name=profile]').count(), 0);
  } finally {
    await ctx.close();
  }
});
