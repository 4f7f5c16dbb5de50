/**
 * The public project board on a phone (390 x 844) in a real browser against a real server holding
 * the synthetic demo province: a person finds their sub-district by its Thai name, opens a project,
 * answers it without signing in, and after an analyst recomputes the quarter's evaluation sees the
 * project's number of answers go up by one. Then the board in a browser without WebGL: the list
 * and the forms work, and the map box says the map is not available.
 *
 * The demo is loaded at the real "now" (not startDemoWebServer's pinned date): the board shows the
 * projects of the current fiscal year, and answers are taken only for those.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, launchBrowser, startWebServer, type WebServer } from '../server/testing/browser.ts';
import { loadDemo } from '../server/demo/service.ts';
import { fiscalQuarterOf, fiscalYearOf } from '../shared/fiscal.ts';
import { resultsDir } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The demo sub-district with the most public projects this fiscal year, and its Thai name. */
let code = '';
let nameTh = '';

before(async () => {
  server = await startWebServer();
  await loadDemo(server.db, { incidents: 500, seed: 11, now: new Date() });
  const r = await server.db.query<{ code: string; name_th: string }>(
    `SELECT a.code, a.name_th FROM project p JOIN project_area pa ON pa.project_id = p.id JOIN area a ON a.code = pa.subdistrict_code
     WHERE p.visibility = 'public' AND p.fiscal_year = $1 GROUP BY a.code, a.name_th ORDER BY count(DISTINCT p.id) DESC, a.code LIMIT 1`,
    [fiscalYearOf(new Date())],
  );
  assert.ok(r.rows[0], 'the demo has public projects this fiscal year');
  ({ code, name_th: nameTh } = r.rows[0]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The page fits the phone's width: nothing scrolls sideways. */
async function fitsWidth(page: Page, what: string): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide on a ${width} px screen`);
}

/** The number of answers the board shows for a project this quarter (0 without an evaluation yet). */
async function answersShown(page: Page, projectId: number): Promise<number> {
  return Number(await page.locator(`li.project[data-project="${projectId}"] .eval`).getAttribute('data-answers'));
}

test('a person finds their sub-district by its Thai name, answers a project, and sees the evaluation move once the quarter is recomputed', { timeout: 300_000 }, async () => {
  const ctx = await browser.newContext(PHONE);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${server.base}/board`);
  await page.getByRole('heading', { name: 'โครงการในตำบลของท่าน' }).waitFor();
  await fitsWidth(page, '/board');
  await page.getByLabel('ค้นหาตำบล').fill(nameTh);
  await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/board' && u.searchParams.get('q') === nameTh);
  await page.screenshot({ path: join(RESULTS, 'board-search-th.png'), fullPage: true });
  await page.locator(`a[href="/board/t/${code}"]`).click();
  await page.waitForURL((u) => u.pathname === `/board/t/${code}`);

  await page.getByRole('heading', { level: 1, name: `ตำบล${nameTh}` }).waitFor();
  const cards = page.locator('#projects li.project');
  assert.ok((await cards.count()) >= 1, 'the list of projects');
  await fitsWidth(page, 'the sub-district board');
  // With WebGL the map loads after the list.
  await page.waitForFunction(() => document.getElementById('board-map')?.dataset.state === 'ready', null, { timeout: 90_000 });
  await page.screenshot({ path: join(RESULTS, 'board-subdistrict-th.png'), fullPage: true });

  const projectId = Number(await cards.first().getAttribute('data-project'));
  const before = await answersShown(page, projectId);
  const title = await cards.first().locator('h3').innerText();
  await cards.first().getByRole('link', { name: 'ตอบแบบสอบถามโครงการนี้' }).click();
  await page.waitForURL((u) => u.pathname === `/board/t/${code}/p/${projectId}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await fitsWidth(page, 'the project page');

  const form = page.locator('form#answer');
  await form.getByLabel('ตรงความต้องการ', { exact: true }).check();
  await form.getByLabel('4 คะแนน').check();
  await form.getByLabel('ความคิดเห็นหรือข้อเสนอแนะ (ไม่บังคับ)').fill('โครงการนี้ช่วยหมู่บ้านได้มาก <b>ขอบคุณครับ</b>');
  await page.screenshot({ path: join(RESULTS, 'board-project-form-th.png'), fullPage: true });
  await form.getByRole('button', { name: 'ส่งคำตอบ' }).click();
  await page.getByRole('heading', { name: 'ขอบคุณสำหรับคำตอบ' }).waitFor();
  await fitsWidth(page, 'the thank-you page');
  await page.screenshot({ path: join(RESULTS, 'board-thanks-th.png'), fullPage: true });

  // The analyst recomputes this quarter's evaluation (from another browser: the phone never signs in).
  const analyst = await server.addUser('analyst');
  const office: BrowserContext = await browser.newContext();
  const login = await office.request.post(`${server.base}/api/auth/login`, { data: analyst });
  assert.equal(login.status(), 200, await login.text());
  const now = new Date();
  const recompute = await office.request.post(`${server.base}/api/evaluation/recompute`, {
    data: { provinceCode: code.slice(0, 2), fiscalYear: fiscalYearOf(now), quarter: fiscalQuarterOf(now) },
  });
  assert.equal(recompute.status(), 200, await recompute.text());
  await office.close();

  await page.getByRole('link', { name: `กลับไปดูโครงการในตำบล${nameTh}` }).click();
  await page.waitForURL((u) => u.pathname === `/board/t/${code}`);
  assert.equal(await answersShown(page, projectId), before + 1, 'the board counts the new answer');
  await page.locator(`li.project[data-project="${projectId}"] .eval .answers`, { hasText: `${before + 1} คำตอบ` }).waitFor();
  // The comment is on the board as text.
  await page.locator('#comments-h + .card li.comment p', { hasText: 'โครงการนี้ช่วยหมู่บ้านได้มาก <b>ขอบคุณครับ</b>' }).first().waitFor();

  // The same board in English.
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 2, name: /^Projects in FY/ }).waitFor();
  await fitsWidth(page, 'the English board');
  await page.screenshot({ path: join(RESULTS, 'board-subdistrict-en.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('without WebGL the list and the answer form work and the map says it is not available', { timeout: 180_000 }, async () => {
  const noGl = await launchBrowser({ args: [...CHROMIUM_ARGS, '--disable-3d-apis', '--disable-webgl', '--disable-webgl2'] });
  try {
    const ctx = await noGl.newContext(PHONE);
    const page = await ctx.newPage();
    await page.goto(`${server.base}/board/t/${code}`);
    assert.equal(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')), false, 'this browser has no WebGL');
    await page.waitForFunction(() => document.getElementById('board-map')?.dataset.state === 'unavailable');
    assert.match(await page.locator('#board-map').innerText(), /แผนที่ใช้งานไม่ได้บนอุปกรณ์นี้/);
    assert.equal(await page.locator('#board-map canvas').count(), 0);
    const cards = page.locator('#projects li.project');
    assert.ok((await cards.count()) >= 1);
    await fitsWidth(page, 'the board without WebGL');
    await page.screenshot({ path: join(RESULTS, 'board-no-webgl-th.png'), fullPage: true });

    // The answer form does not need the map: a mistake comes back next to its field.
    await cards.first().getByRole('link', { name: 'ตอบแบบสอบถามโครงการนี้' }).click();
    const form = page.locator('form#answer');
    await form.getByLabel('ไม่ตรงความต้องการ').check();
    await form.getByRole('button', { name: 'ส่งคำตอบ' }).click();
    await page.locator('#rating-err', { hasText: 'กรุณาให้คะแนน 1 ถึง 5' }).waitFor();
    assert.equal(await page.locator('form#answer input[name=meets][value=no]').isChecked(), true, 'what was chosen is kept');
    await ctx.close();
  } finally {
    await noGl.close();
  }
});
