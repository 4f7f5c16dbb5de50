/**
 * The indicators page in a real browser against a real server holding the synthetic demo province
 * (98), whose load computes the indicators of FY 2568 and 2569: an analyst reads the six built-ins
 * with their statuses and rules, changes the target trajectory of the baseline indicator, recomputes
 * and sees the status and rule of FY 2568 change; tries a custom ratio whose denominator is the
 * constant 0 and reads the server's refusal in Thai under that field, corrects it, then deletes it;
 * chooses the reported reading of the coverage pair; a viewer reads everything and finds no control
 * that changes anything, on a 390 px phone too; an area officer reads their own sub-district.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { fiscalYearOf } from '../shared/fiscal.ts';
import { newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
const BUILTINS = [
  'target_areas_with_projects', 'projects_in_target_areas', 'incident_change_target_areas', 'incident_change_baseline', 'project_completion', 'projects_meeting_needs',
];
const STATUS_WORDS = ['ตามเป้าหมาย', 'เฝ้าระวัง', 'ต่ำกว่าเป้าหมาย', 'ยังไม่กำหนดค่าเป้าหมาย', 'ไม่มีข้อมูล'];

before(async () => {
  server = await startDemoWebServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const row = (page: Page, code: string) => page.locator(`table.ind-table tr[data-code="${code}"]`);

async function openIndicators(page: Page): Promise<void> {
  await page.goto(`${server.base}/indicators?province=98`);
  await page.waitForFunction((n) => document.querySelectorAll('table.ind-table tbody tr').length === n, BUILTINS.length, { timeout: 30_000 });
}

/**
 * How far this page's content (main) reaches past the window, and the deepest element that pokes
 * out, to name it when it fails. Wide tables and the chart scroll inside their own boxes.
 */
async function overflow(page: Page): Promise<{ px: number; culprit: string }> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    let culprit = '';
    let right = 0;
    for (const el of document.querySelectorAll('main, main *')) {
      if (el.closest('.table-wrap, .ind-chart-scroll') && !el.matches('.table-wrap, .ind-chart-scroll')) continue;
      const r = el.getBoundingClientRect();
      if (r.right > right) right = r.right;
      if (r.right > w + 1) culprit = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(r.right)} px)`;
    }
    return { px: Math.max(0, Math.round(right - w)), culprit };
  });
}

/** The history cell of a fiscal year and quarter (0 = the whole year) of the open indicator. */
const cell = (page: Page, fy: number, q: number) => page.locator(`table.ind-history-table tr[data-fy="${fy}"] td[data-q="${q}"]`);

test('an analyst reads the built-ins, changes the baseline trajectory, recomputes and sees the status and rule change', { timeout: 300_000 }, async () => {
  // The demo's incidents end with FY 2568 and "คำนวณใหม่" computes the last four fiscal years of
  // the real clock: FY 2568 must be one of them for its status to follow the new target.
  const thisFy = fiscalYearOf(new Date());
  assert.ok(thisFy - 3 <= 2568, `FY 2568 is among the four years computed in FY ${thisFy}`);
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await openIndicators(page);

  assert.deepEqual(await page.locator('table.ind-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code'))), BUILTINS);
  for (const code of BUILTINS) {
    const r = row(page, code);
    assert.equal(await r.locator('.badge', { hasText: 'ตัวชี้วัดพื้นฐาน' }).count(), 1, `${code} is marked built in`);
    const word = (await r.locator('.ind-status').innerText()).trim();
    assert.ok(STATUS_WORDS.includes(word), `${code} has a status word: ${word}`);
    assert.ok(await r.locator('.ind-status svg').count(), `${code}: the status has its shape, not only a colour`);
  }
  // The demo computes FY 2569, which is over by the real clock: its whole year is the value shown.
  const coverage = row(page, 'target_areas_with_projects');
  assert.match(await coverage.locator('.ind-latest-cell').innerText(), /100 %[\s\S]*ปีงบประมาณ 2569[\s\S]*12 จาก 12/);
  assert.equal((await coverage.locator('.ind-status').innerText()).trim(), 'ตามเป้าหมาย');
  assert.match(await coverage.locator('.ind-status-cell').innerText(), /ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %, ต่ำกว่าเป้าหมายเมื่อ < 70 %/);
  assert.equal((await row(page, 'projects_meeting_needs').locator('.ind-status').innerText()).trim(), 'ไม่มีข้อมูล');
  // The demo's FY 2569 had begun only hours before: no project-area has answers to judge yet.
  assert.match(await row(page, 'projects_meeting_needs').innerText(), /ยังไม่มีผลการประเมินโดยประชาชนในพื้นที่นี้/);
  assert.match(await row(page, 'incident_change_baseline').locator('.ind-target-cell').innerText(), new RegExp(thisFy === 2570 ? '^-80 %$' : '%'));
  assert.match(await page.getByTestId('last-computed').innerText(), /^คำนวณค่าล่าสุดเมื่อ \d{1,2} /);
  // The coverage pair: (a) is reported, (b) is not, and the badge says so.
  assert.equal(await page.locator('input[name="reading-target_coverage"][value="target_areas_with_projects"]').isChecked(), true);
  assert.equal((await row(page, 'projects_in_target_areas').locator('.ind-reading').innerText()).trim(), 'ไม่ได้ใช้รายงาน');
  await page.screenshot({ path: join(RESULTS, 'indicators-list-desktop.png'), fullPage: true });

  // The baseline indicator: its definition in words and its history.
  await row(page, 'incident_change_baseline').getByRole('button', { name: /ดูรายละเอียด/ }).click();
  const detail = page.locator('#indicator-detail');
  await detail.getByRole('heading', { name: 'ร้อยละการลดลงของเหตุการณ์สะสมเทียบกับปีฐาน' }).waitFor();
  assert.match(new URL(page.url()).search, /province=98&indicator=\d+/);
  const definition = await detail.locator('.ind-definition').innerText();
  assert.match(definition, /งวดเดียวกันในปีงบประมาณ 2566 ซึ่งเป็นปีฐาน/);
  assert.match(definition, /จำนวนเหตุการณ์/);
  assert.match(definition, /ไม่นับเหตุการณ์ที่ตรวจสอบแล้วว่าเป็นการแจ้งเท็จ/);
  assert.match(await detail.locator('.ind-facts').innerText(), /ปีฐาน\s+ปีงบประมาณ 2566[\s\S]*ช่วงเฝ้าระวัง\s+10 จุดร้อยละ/);
  const before2568 = cell(page, 2568, 0);
  await before2568.waitFor();
  assert.match(await before2568.innerText(), /^-4\.2 %\s+ต่ำกว่าเป้าหมาย$/);
  await before2568.locator('button').click();
  const facts = detail.getByTestId('period-facts');
  assert.match(await facts.innerText(), /ค่าที่วัดได้\s+-4\.2 % \(งวดนี้ 911 \/ งวดที่เทียบ 951\)/);
  assert.match(await facts.innerText(), /ตามเป้าหมายเมื่อ ≤ -40 %, เฝ้าระวังเมื่อสูงกว่า -40 แต่ไม่เกิน -30 %, ต่ำกว่าเป้าหมายเมื่อ > -30 %/);
  assert.ok(await detail.locator('.ind-chart svg path.ind-chart-line').count(), 'the values are drawn');
  assert.ok(await detail.locator('.ind-chart svg path.ind-chart-target').count(), 'the target is drawn');

  // The trajectory: 2567 -20, 2568 -40, 2569 -60, 2570 -80; a duplicate year is refused in Thai first.
  const targets = detail.locator('form.ind-targets');
  const years = targets.locator('input[name=target-year]');
  const values = targets.locator('input[name=target-value]');
  assert.deepEqual(await years.evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value)), ['2567', '2568', '2569', '2570']);
  await targets.getByRole('button', { name: 'เพิ่มปีงบประมาณ' }).click();
  assert.equal(await years.nth(4).inputValue(), '2571');
  await years.nth(4).fill('2569');
  await values.nth(4).fill('-30');
  await targets.getByRole('button', { name: 'บันทึกค่าเป้าหมาย' }).click();
  assert.equal(await targets.locator('.hint-error').first().innerText(), 'ปีงบประมาณ 2569 กำหนดไว้แล้วในแถวที่ 3');
  await targets.getByRole('button', { name: 'นำค่าเป้าหมายปีงบประมาณ 2569 ออก' }).nth(1).click();
  // The province re-plans: a smaller fall for 2568, then -40 and -80 at the end of the plan.
  await values.nth(1).fill('-5');
  await values.nth(2).fill('-40');
  await values.nth(3).fill('-80');
  assert.match(await targets.locator('tbody tr').nth(1).innerText(), /ตามเป้าหมายเมื่อ ≤ -5 %, เฝ้าระวังเมื่อสูงกว่า -5 แต่ไม่เกิน 5 %/);
  await targets.getByRole('button', { name: 'บันทึกค่าเป้าหมาย' }).click();
  await targets.locator('.alert-success', { hasText: 'บันทึกค่าเป้าหมายแล้ว' }).waitFor();
  await detail.locator('.alert-warning', { hasText: 'กรุณากด “คำนวณใหม่”' }).waitFor();
  // Saved values keep their judgement until recomputed.
  assert.match(await cell(page, 2568, 0).innerText(), /ต่ำกว่าเป้าหมาย/);
  const saved = (await server.db.query<{ fiscal_year: number; target: number }>(
    `SELECT t.fiscal_year, t.target FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = 'incident_change_baseline' AND i.province_code = '98' ORDER BY 1`,
  )).rows.map((r) => [r.fiscal_year, Number(r.target)]);
  assert.deepEqual(saved, [[2567, -20], [2568, -5], [2569, -40], [2570, -80]]);
  const other = (await server.db.query<{ default_target: number | null }>(`SELECT default_target FROM indicator WHERE code = 'incident_change_baseline' AND province_code = '98'`)).rows[0];
  assert.equal(other.default_target, null, 'no target for other years stays none (not 0)');

  // Recompute: the counts and the time, then the new status and rule of FY 2568.
  await page.getByRole('button', { name: 'คำนวณใหม่' }).click();
  const result = page.locator('#ind-list-result');
  await result.waitFor({ timeout: 120_000 });
  assert.match(await result.innerText(), new RegExp(`^คำนวณใหม่เรียบร้อยแล้ว: 6 ตัวชี้วัด ปีงบประมาณ ${thisFy - 3}–${thisFy} รวม [\\d,]+ ค่า ใช้เวลา [\\d.]+ วินาที$`));
  await page.waitForFunction(() => /เฝ้าระวัง/.test(document.querySelector('table.ind-history-table tr[data-fy="2568"] td[data-q="0"]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await cell(page, 2568, 0).innerText(), /^-4\.2 %\s+เฝ้าระวัง$/);
  await cell(page, 2568, 0).locator('button').click();
  assert.match(await facts.innerText(), /ค่าเป้าหมาย\s+-5 %/);
  assert.match(await facts.innerText(), /ตามเป้าหมายเมื่อ ≤ -5 %, เฝ้าระวังเมื่อสูงกว่า -5 แต่ไม่เกิน 5 %, ต่ำกว่าเป้าหมายเมื่อ > 5 %/);
  assert.equal(await detail.locator('.alert-warning', { hasText: 'กรุณากด “คำนวณใหม่”' }).count(), 0, 'no longer stale');

  // The districts of that period as rows, each with a status.
  await detail.getByRole('button', { name: 'อำเภอ', exact: true }).click();
  await detail.locator('table.ind-breakdown-table tbody tr').first().waitFor();
  const districts = await detail.locator('table.ind-breakdown-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
  assert.ok(districts.length > 1 && districts.every((c) => /^98\d{2}$/.test(c ?? '')), `districts of 98: ${districts.join(', ')}`);
  assert.match(await detail.locator('h4.ind-breakdown-title').innerText(), /^ค่ารายอำเภอ ปีงบประมาณ 2568$/);
  await page.screenshot({ path: join(RESULTS, 'indicators-detail-desktop.png'), fullPage: true });
  await detail.getByRole('button', { name: 'ตำบล', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('table.ind-breakdown-table tbody tr')].some((tr) => (tr.getAttribute('data-code') ?? '').length === 6));

  // The coverage pair: the province now reports (b).
  await page.locator('input[name="reading-target_coverage"][value="projects_in_target_areas"]').check();
  await result.filter({ hasText: 'จังหวัดจะใช้ “ร้อยละของโครงการที่ดำเนินการในพื้นที่เป้าหมาย” ในการรายงานแล้ว' }).waitFor();
  await page.waitForFunction(() => (document.querySelector('tr[data-code="target_areas_with_projects"] .ind-reading')?.textContent ?? '') === 'ไม่ได้ใช้รายงาน');
  assert.equal((await row(page, 'projects_in_target_areas').locator('.ind-reading').innerText()).trim(), 'จังหวัดใช้รายงาน');

  // The same details on a phone: the editable targets table scrolls inside its box, the page does not.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await overflow(page);
  assert.ok(wide.px <= 1, `the page fits 390 px: ${wide.px} px more, ${wide.culprit}`);
  await targets.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'indicators-targets-390.png') });

  assert.deepEqual(failed, []);
  await ctx.close();
});

test('an analyst tries a ratio over the constant 0, reads the refusal in Thai, corrects it and deletes the indicator', { timeout: 180_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await openIndicators(page);
  await page.getByRole('button', { name: 'เพิ่มตัวชี้วัดของจังหวัด' }).click();
  const form = page.locator('form.ind-form');
  await form.getByRole('heading', { name: 'เพิ่มตัวชี้วัดของจังหวัด' }).waitFor();

  // Checked before sending: the Thai name.
  await form.getByRole('button', { name: 'เพิ่มตัวชี้วัด', exact: true }).click();
  assert.equal(await form.locator('#ind-form-err-nameTh').innerText(), 'กรุณาระบุชื่อตัวชี้วัดภาษาไทย');
  assert.equal(failed.length, 0, 'nothing was sent');

  await form.locator('input[name=code]').fill('drug_projects_per_plan');
  await form.locator('input[name=nameTh]').fill('ร้อยละของโครงการด้านยาเสพติดเทียบกับจำนวนตามแผน');
  await form.locator('input[name=kind][value=ratio]').check();
  await form.locator('select[name=numerator-source]').selectOption('projects');
  await form.locator('input[name=numerator-allCategories]').uncheck();
  await form.locator('input[name=numerator-category][value=drugs]').check();
  await form.locator('select[name=numerator-inTargetAreas]').selectOption('yes');
  await form.locator('input[name=denominatorMode][value=constant]').check();
  await form.locator('input[name=constant]').fill('0');
  await form.locator('select[name=direction]').selectOption('higher_is_better');
  assert.equal(await form.getByTestId('form-unit').innerText(), 'ร้อยละ');
  await form.getByRole('button', { name: 'เพิ่มตัวชี้วัด', exact: true }).click();

  // The server's rule, in Thai, under the constant.
  const err = form.locator('#ind-form-err-denominator-constant');
  await err.waitFor();
  assert.equal(await err.innerText(), 'ตัวหารเป็นศูนย์เสมอ: ค่าคงที่เป็น 0 ทำให้ทุกค่าของตัวชี้วัดเป็นการหารด้วยศูนย์ กรุณาระบุค่าคงที่ที่ไม่ใช่ศูนย์ หรือเลือกตัวหารที่นับจากข้อมูล');
  assert.equal(await form.locator('input[name=constant]').getAttribute('aria-invalid'), 'true');
  assert.match(await form.locator('.alert-error').innerText(), /ระบบไม่รับข้อมูล/);
  assert.deepEqual(failed.map((f) => f.replace(/ .*\/api/, ' /api')), ['400 /api/indicators']);
  assert.equal((await server.db.query(`SELECT 1 FROM indicator WHERE code = 'drug_projects_per_plan'`)).rows.length, 0, 'nothing stored');
  await page.screenshot({ path: join(RESULTS, 'indicators-form-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const wideForm = await overflow(page);
  assert.ok(wideForm.px <= 1, `the form fits 390 px: ${wideForm.px} px more, ${wideForm.culprit}`);
  await page.screenshot({ path: join(RESULTS, 'indicators-form-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 1000 });

  await form.locator('input[name=constant]').fill('20');
  await form.getByRole('button', { name: 'เพิ่มตัวชี้วัด', exact: true }).click();
  const detail = page.locator('#indicator-detail');
  await detail.locator('.alert-success', { hasText: 'เพิ่มตัวชี้วัด “ร้อยละของโครงการด้านยาเสพติดเทียบกับจำนวนตามแผน” แล้ว' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table.ind-table tbody tr').length === 7);
  const custom = row(page, 'drug_projects_per_plan');
  assert.equal((await custom.locator('.badge').first().innerText()).trim(), 'ตัวชี้วัดที่จังหวัดกำหนด');
  const definition = await detail.locator('.ind-definition').innerText();
  assert.match(definition, /ตัวตั้ง: จำนวนโครงการ/);
  assert.match(definition, /เฉพาะประเด็นปัญหา: ยาเสพติด/);
  assert.match(definition, /เฉพาะในพื้นที่เป้าหมายที่ประกาศ/);
  assert.match(definition, /ตัวหาร: ค่าคงที่ 20/);

  // A built-in has no delete; the custom one is deleted after a confirmation.
  await row(page, 'project_completion').getByRole('button', { name: /ดูรายละเอียด/ }).click();
  await detail.getByRole('heading', { name: 'ร้อยละของโครงการที่ดำเนินการแล้วเสร็จ' }).waitFor();
  assert.equal(await detail.getByRole('button', { name: 'ลบตัวชี้วัด' }).count(), 0);
  await custom.getByRole('button', { name: /ดูรายละเอียด/ }).click();
  await detail.getByRole('heading', { name: 'ร้อยละของโครงการด้านยาเสพติดเทียบกับจำนวนตามแผน' }).waitFor();
  await detail.getByRole('button', { name: 'ลบตัวชี้วัด' }).click();
  await detail.getByRole('button', { name: 'ยืนยันการลบ' }).click();
  await page.locator('.alert-success', { hasText: 'ลบตัวชี้วัด “ร้อยละของโครงการด้านยาเสพติดเทียบกับจำนวนตามแผน” แล้ว' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table.ind-table tbody tr').length === 6);
  assert.equal(failed.length, 1, `only the refused creation failed: ${failed.join(', ')}`);
  await ctx.close();
});

test('a viewer reads the indicators and finds no control that changes them, on a desktop and on a 390 px phone', { timeout: 180_000 }, async () => {
  const user = await server.addUser('viewer');
  for (const [width, height, name] of [[1366, 1000, 'desktop'], [390, 844, '390']] as const) {
    const { ctx, page } = await newTestPage(browser, { width, height });
    const failed = watchFailures(page);
    await signIn(page, server.base, user);
    await openIndicators(page);
    assert.equal(await page.getByRole('button', { name: 'คำนวณใหม่' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'เพิ่มตัวชี้วัดของจังหวัด' }).count(), 0);
    assert.ok(await page.locator('input[name="reading-target_coverage"]').evaluateAll((xs) => xs.every((x) => (x as HTMLInputElement).disabled)), 'the reading is shown, not chosen');
    assert.match(await page.locator('main').innerText(), /ค่าที่แสดงไม่รวมเหตุการณ์ที่มีชั้นความลับ/);
    // A viewer's values leave out restricted incidents: FY 2568 of the baseline is -3.8 %, not -4.2 %.
    await row(page, 'incident_change_baseline').getByRole('button', { name: /ดูรายละเอียด/ }).click();
    const detail = page.locator('#indicator-detail');
    await cell(page, 2568, 0).waitFor();
    assert.match(await cell(page, 2568, 0).innerText(), /^-3\.8 %/);
    assert.equal(await detail.locator('input, select, textarea').count(), 0, 'no input in the details');
    assert.equal(await detail.getByRole('button', { name: /แก้ไข|ลบ|บันทึก|เพิ่มปี/ }).count(), 0);
    assert.ok(await detail.locator('table.ind-targets-table tbody tr').count() >= 4, 'the trajectory is shown as a table');
    if (width === 390) {
      const wide = await overflow(page);
      assert.ok(wide.px <= 1, `the page fits 390 px: ${wide.px} px more, ${wide.culprit}`);
      await detail.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS, 'indicators-detail-390.png') });
    }
    await page.screenshot({ path: join(RESULTS, `indicators-viewer-${name}.png`), fullPage: true });
    if (width !== 390) {
      // The same page in English: names, statuses and the definition follow the language.
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.locator('h1', { hasText: 'Provincial indicators' }).waitFor();
      assert.match(await row(page, 'incident_change_baseline').locator('.ind-name').innerText(), /^Cumulative change of incidents against the baseline year$/);
      assert.match(await detail.locator('.ind-definition').innerText(), /the baseline year is FY 2566 \(2023\)/);
      assert.match(await cell(page, 2568, 0).innerText(), /^-3\.8 %\s+(On track|At risk|Off track)$/);
      await page.screenshot({ path: join(RESULTS, 'indicators-en.png'), fullPage: true });
      await page.getByRole('button', { name: 'ไทย', exact: true }).click();
    }
    assert.deepEqual(failed, []);
    await ctx.close();
  }
});

test('an area officer reads the values of their own sub-district only', { timeout: 120_000 }, async () => {
  const sub = (await server.db.query<{ code: string; name_th: string }>(`SELECT code, name_th FROM area WHERE level = 3 AND province_code = '98' ORDER BY code LIMIT 1`)).rows[0];
  const user = await server.addUser('area_officer', { areaCodes: [sub.code] });
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await openIndicators(page);
  await row(page, 'incident_change_baseline').getByRole('button', { name: /ดูรายละเอียด/ }).click();
  const detail = page.locator('#indicator-detail');
  await detail.locator('h3#ind-history-title', { hasText: `ค่าย้อนหลัง · ตำบล${sub.name_th}` }).waitFor();
  await cell(page, 2568, 0).waitFor();
  // No level to choose above their own, and the values shown are the sub-district's.
  assert.equal(await detail.locator('.ind-level-pick').count(), 0);
  await cell(page, 2568, 0).locator('button').click();
  const stored = (await server.db.query<{ value: number | null }>(
    `SELECT v.value FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
     WHERE i.code = 'incident_change_baseline' AND i.province_code = '98' AND v.area_code = $1 AND v.fiscal_year = 2568 AND v.quarter = 0 AND v.audience = 'unrestricted'`,
    [sub.code],
  )).rows[0];
  const v = stored.value === null ? null : Number(stored.value);
  const expected = v === null ? '—' : `${v > 0 ? '+' : ''}${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
  assert.match(await detail.getByTestId('period-facts').innerText(), new RegExp(`ค่าที่วัดได้\\s+${expected.replace(/[+.]/g, '\\$&')}`));
  assert.deepEqual(failed, []);
  await ctx.close();
});
