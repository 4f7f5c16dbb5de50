/**
 * The analysis profile editor and the local Moran map in a real browser against a real server
 * holding the synthetic demo province: an analyst builds a profile by pairwise comparison, sees
 * the consistency ratio live, is refused an inconsistent matrix in Thai with the comparison to
 * revise, saves a consistent one, runs with it, switches the map to local Moran clusters, zooms
 * out to see every sub-district of the province, and deletes the profile (presets cannot be).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { formatJudgment } from '../shared/ahp.ts';
import { mapIdle, newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();

before(async () => {
  server = await startDemoWebServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Sets the judgments above the diagonal of the components matrix, row by row. */
async function judge(page: Page, upper: number[][]): Promise<void> {
  for (let r = 0; r < upper.length; r++) {
    for (let k = 0; k < upper[r].length; k++) {
      await page.selectOption(`select[name=ahp-components-${r}-${r + 1 + k}]`, { value: formatJudgment(upper[r][k]) });
    }
  }
}

test('an analyst builds a profile by AHP, is refused an inconsistent matrix, runs with a consistent one and reads local Moran clusters', { timeout: 300_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/analysis`);
  await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
  await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');

  // The preset chosen by default can be copied but not edited or deleted.
  const editor = page.locator('.profile-editor');
  await editor.locator('.profile-preset-note').waitFor();
  assert.equal(await editor.getByRole('button', { name: 'ลบเกณฑ์' }).count(), 0);

  await editor.getByRole('button', { name: 'สร้างเกณฑ์ใหม่' }).click();
  await page.fill('.profile-form input[name=nameTh]', 'เน้นภาระเหตุ (เปรียบเทียบรายคู่)');
  await page.fill('.profile-form input[name=nameEn]', 'Burden by AHP');
  await page.fill('.profile-form input[name=halfLife]', '60');
  const comps = page.locator('.profile-weights-components');
  await comps.getByRole('button', { name: 'เปรียบเทียบรายคู่ (AHP)' }).click();
  // burden > recency > trend yet trend > burden, and the like: judgments in a circle.
  await judge(page, [[9, 1 / 9, 9], [9, 1 / 9], [9]]);
  const cr = comps.locator('.profile-cr');
  assert.match(await cr.innerText(), /อัตราส่วนความสอดคล้อง \(CR\) = \d\.\d{3} ขัดแย้งกันเกินเกณฑ์/);
  assert.ok((await comps.locator('td.ahp-revise').count()) >= 1, 'the comparison to revise is marked');
  // The reciprocal of a judgment is shown below the diagonal.
  assert.equal(await comps.locator('table.profile-ahp tbody tr').nth(1).locator('td').first().innerText(), '1/9');

  await page.getByRole('button', { name: 'บันทึกเกณฑ์' }).click();
  const refused = page.locator('.profile-form .alert-error');
  await refused.waitFor();
  const text = await refused.innerText();
  assert.match(text, /ยังบันทึกเกณฑ์ไม่ได้/);
  assert.match(text, /น้ำหนักขององค์ประกอบ: อัตราส่วนความสอดคล้อง \(CR\) = \d\.\d{3} เกิน 0\.10 .*กรุณาทบทวนการเปรียบเทียบ “[^”]+” กับ “[^”]+” .*ลองใช้ /);
  await page.screenshot({ path: join(RESULTS, 'analysis-profile-refused.png'), fullPage: true });

  await judge(page, [[2, 4, 4], [2, 2], [1]]);
  assert.match(await cr.innerText(), /CR\) = 0\.000 ใช้ได้/);
  assert.match(await comps.locator('td.profile-ahp-weight').first().innerText(), /^50(\.0)?%$/);
  assert.equal(await page.locator('.profile-form .alert-error').count(), 0, 'the refusal goes once the judgments change');
  await page.screenshot({ path: join(RESULTS, 'analysis-profile-consistent.png'), fullPage: true });
  await page.getByRole('button', { name: 'บันทึกเกณฑ์' }).click();
  await editor.locator('.alert-success', { hasText: 'บันทึกเกณฑ์ “เน้นภาระเหตุ (เปรียบเทียบรายคู่)” แล้ว' }).waitFor();
  await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement).selectedOptions[0]?.textContent === 'เน้นภาระเหตุ (เปรียบเทียบรายคู่)');
  const saved = (await page.request.get(`${server.base}/api/analysis/profiles`)).json();
  const mine = (await saved).find((p: { nameEn: string }) => p.nameEn === 'Burden by AHP');
  assert.ok(Math.abs(mine.profile.componentWeights.burden - 0.5) < 1e-9, 'weights derived from the comparisons');
  assert.equal(mine.profile.recencyHalfLifeDays, 60);

  await page.selectOption('select[name=fiscalYear]', '2568');
  await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
  const rows = page.locator('table.analysis-table tbody tr');
  await rows.first().waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.analysis-summary').innerText(), /เน้นภาระเหตุ \(เปรียบเทียบรายคู่\)/);

  await page.getByRole('button', { name: 'กลุ่ม/ค่าผิดปกติ (Local Moran)' }).click();
  await page.locator('.analysis-legend', { hasText: 'กลุ่มสูง–สูง' }).waitFor();
  await mapIdle(page, '__comapAnalysisMap');
  const moran = await page.evaluate(() => {
    const m = window.__comapAnalysisMap as any;
    const subs = m.queryRenderedFeatures({ layers: ['analysis-fill'] });
    const classes = subs.map((f: any) => m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: f.id }).c);
    return { drawn: subs.length, coloured: classes.filter((c: unknown) => typeof c === 'number' && c >= 0).length, significant: classes.filter((c: number) => c >= 0 && c <= 3).length };
  });
  assert.ok(moran.drawn > 5 && moran.coloured === moran.drawn, `every drawn sub-district has a Moran class: ${JSON.stringify(moran)}`);
  const badges = await page.locator('table.analysis-table .badge-moran').count();
  assert.equal(badges > 0, moran.significant > 0, 'badges in the table where there are significant classes');
  await rows.first().click();
  await page.locator('.explain-panel .moran-explain').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.explain-panel .moran-explain').innerText(), /I = -?\d.* · p = 0\.\d{3}/);
  await mapIdle(page, '__comapAnalysisMap');
  await page.screenshot({ path: join(RESULTS, 'analysis-moran.png'), fullPage: true });

  // Zoomed out to the whole province (and further), every sub-district of it is drawn.
  const expected = (await server.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '98'`)).rows.length;
  await page.locator('.explain-panel').getByRole('button', { name: 'ปิด' }).click();
  const bbox = (await (await page.request.get(`${server.base}/api/areas?level=1`)).json()).find((a: { code: string }) => a.code === '98').bbox as number[];
  await page.evaluate((b) => {
    const m = window.__comapAnalysisMap as any;
    m.jumpTo({ center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], zoom: 7 });
  }, bbox);
  await mapIdle(page, '__comapAnalysisMap');
  const whole = await page.evaluate(() => {
    const m = window.__comapAnalysisMap as any;
    const codes = new Set(m.queryRenderedFeatures({ layers: ['analysis-fill'] }).map((f: any) => f.id));
    return { zoom: m.getZoom(), codes: codes.size };
  });
  assert.ok(whole.zoom <= 7.01, `zoomed out to ${whole.zoom}`);
  assert.equal(whole.codes, expected, `all ${expected} sub-districts of the demo province drawn at z7`);
  await page.screenshot({ path: join(RESULTS, 'analysis-zoomed-out.png'), fullPage: true });

  // The profile the analyst made can be deleted; the run made with it stays listed.
  await editor.getByRole('button', { name: 'ลบเกณฑ์' }).click();
  await editor.getByRole('button', { name: /^ยืนยันการลบ/ }).click();
  await editor.locator('.alert-success', { hasText: 'ลบเกณฑ์' }).waitFor();
  await page.waitForFunction(() => ![...(document.querySelector('select[name=profile]') as HTMLSelectElement).options].some((o) => o.textContent?.includes('เปรียบเทียบรายคู่')));
  assert.match(await page.locator('.analysis-history tbody tr').first().innerText(), /เน้นภาระเหตุ|burden-by-ahp/);

  // A run stored before COMAP computed local Moran's I (as migration 006's runs are) says so in the
  // Moran legend, rather than leaving the map uncoloured without a word.
  for (const r of (await server.db.query<{ id: number; summary: any }>(`SELECT id, summary FROM analysis_run`)).rows) {
    delete r.summary.hotspot.moranSkipped;
    if (r.summary.format === 2) {
      // Columns (runs stored since 2 December 2026): no Moran columns at all.
      for (const k of ['moranI', 'moranP', 'moranCluster']) r.summary[k] = null;
    } else {
      for (const list of [r.summary.areas, r.summary.top]) for (const a of list ?? []) for (const k of ['moranI', 'moranP', 'moranCluster']) delete a[k];
    }
    await server.db.query(`UPDATE analysis_run SET summary = $2::jsonb WHERE id = $1`, [r.id, JSON.stringify(r.summary)]);
  }
  await page.locator('.analysis-history tbody tr').first().getByRole('button', { name: 'เปิด' }).click();
  await page.getByRole('button', { name: 'กลุ่ม/ค่าผิดปกติ (Local Moran)' }).click();
  await page.locator('.moran-skipped', { hasText: 'บันทึกไว้ก่อนที่ระบบจะคำนวณ Local Moran' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('table.analysis-table .badge-moran').count(), 0, 'no Moran badge without Moran values');
  await page.screenshot({ path: join(RESULTS, 'analysis-moran-old-run.png') });
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('all-zero weights are refused in Thai before saving; a copy of a preset weighting a deleted category leaves it out and says so', { timeout: 120_000 }, async () => {
  const user = await server.addUser('analyst');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await ctx.newPage();
  await server.db.query(`INSERT INTO category (code, label_th, label_en, color) VALUES ('piracy', 'โจรสลัด', 'Piracy', '#123456')`);
  try {
    await signIn(page, server.base, user);
    const made = await page.request.post(`${server.base}/api/analysis/profiles`, {
      data: {
        name: 'with-piracy', nameTh: 'มีโจรสลัด', nameEn: 'With piracy', normalisation: 'rank', aggregation: 'weighted_sum',
        componentWeights: { burden: 1 }, categoryWeights: { drugs: 1, piracy: 1 }, topN: 10, ratePer1000: true, recencyHalfLifeDays: 90,
      },
    });
    assert.equal(made.status(), 201, await made.text());
    await server.db.query(`DELETE FROM category WHERE code = 'piracy'`);
    await page.goto(`${server.base}/analysis`);
    await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
    await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');

    // Running the profile that weights the deleted category: a Thai sentence, no table.
    const id = (await made.json()).id;
    await page.selectOption('select[name=profile]', String(id));
    await page.selectOption('select[name=fiscalYear]', '2568');
    await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
    const alert = page.locator('.alert-error').first();
    await alert.waitFor({ timeout: 60_000 });
    assert.match(await alert.innerText(), /^ไม่สามารถวิเคราะห์ได้: เกณฑ์ที่เลือกให้น้ำหนักแก่ประเภทเหตุ “piracy” ซึ่งถูกลบไปแล้ว/);
    assert.equal(await page.locator('table.analysis-table').count(), 0);

    // Editing it shows the category is left out; zero weights are refused in Thai.
    await page.locator('.profile-editor').getByRole('button', { name: 'แก้ไข' }).click();
    await page.locator('.profile-form .alert-warning', { hasText: 'ประเภทเหตุที่ถูกลบไปแล้ว (piracy)' }).waitFor();
    for (const c of ['burden', 'recency', 'trend', 'hotspot']) await page.fill(`input[name=w-components-${c}]`, '0');
    await page.getByRole('button', { name: 'บันทึกเกณฑ์' }).click();
    await page.locator('.profile-form .alert-error', { hasText: 'น้ำหนักขององค์ประกอบเป็นศูนย์ทั้งหมด' }).waitFor();
    await page.screenshot({ path: join(RESULTS, 'analysis-profile-zero.png'), fullPage: true });
    await page.fill('input[name=w-components-burden]', '1');
    await page.getByRole('button', { name: 'บันทึกเกณฑ์' }).click();
    await page.locator('.profile-editor .alert-success').waitFor();
    await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
    await page.locator('table.analysis-table tbody tr').first().waitFor({ timeout: 60_000 });
  } finally {
    await ctx.close();
    await server.db.query(`DELETE FROM category WHERE code = 'piracy'`);
  }
});
