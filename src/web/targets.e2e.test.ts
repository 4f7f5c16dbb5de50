/**
 * The target list page in a real browser against a real server holding the synthetic demo
 * province: an analyst runs the analysis, follows "สร้างร่างบัญชีเป้าหมายจากผลนี้" to draft the top
 * five sub-districts, adds a village and removes a sub-district (each with a reason), submits; an
 * administrator declares it with the order's date, number and scanned PDF, then amends it and reads
 * the difference between the versions; a viewer reads the list and cannot change it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { mapIdle, newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
// Written by the first test, read by the later ones (node:test runs them in order).
let listId = 0;
let amendedId = 0;

before(async () => {
  // The demo declares lists for 2568 and 2569; these tests draft the province's first list.
  server = await startDemoWebServer({ targetLists: false });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const areaRows = (page: Page) => page.locator('table.targets-areas-table tbody tr');

async function waitForRows(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => document.querySelectorAll('table.targets-areas-table tbody tr').length === k, n, { timeout: 30_000 });
}

test('an analyst drafts a list from an analysis run, adds a village, removes a sub-district and submits', { timeout: 300_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  // The page validates before it sends, so no failed API answer is expected.
  const failed = watchFailures(page);
  await signIn(page, server.base, user);

  // The analysis of 2568, then the link under its result.
  await page.goto(`${server.base}/analysis`);
  await page.waitForFunction(() => (document.querySelector('select[name=profile]') as HTMLSelectElement | null)?.options.length ?? 0);
  await page.selectOption('select[name=fiscalYear]', '2568');
  await page.waitForFunction(() => (document.querySelector('select[name=province]') as HTMLSelectElement | null)?.value === '98');
  await page.getByRole('button', { name: 'วิเคราะห์', exact: true }).click();
  await page.locator('table.analysis-table tbody tr').first().waitFor({ timeout: 60_000 });
  const top5 = (await page.locator('table.analysis-table tbody tr').evaluateAll((trs) => trs.slice(0, 5).map((tr) => (tr.children[1] as HTMLElement).innerText)))
    .map((s) => s.replace(/จุดร้อน$/, '').trim());
  await page.getByRole('link', { name: 'สร้างร่างบัญชีเป้าหมายจากผลนี้' }).click();
  await page.waitForURL((u) => u.pathname === '/targets' && u.searchParams.has('fromRun'));
  const runId = new URL(page.url()).searchParams.get('fromRun')!;

  // The form opens on that run, with its province and fiscal year.
  const form = page.locator('form.targets-create');
  await form.getByRole('heading', { name: 'จัดทำร่างบัญชีพื้นที่เป้าหมาย' }).waitFor();
  await page.waitForFunction((id) => (document.querySelector('select[name=runId]') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.startsWith(`#${id} ความมั่นคงมาก่อน`), runId);
  assert.equal(await form.locator('select[name=fiscalYear]').inputValue(), '2568');
  assert.equal(await form.locator('input[name=source][value=run]').isChecked(), true);
  await form.locator('input[name=top]').fill('5');
  await form.getByRole('button', { name: 'จัดทำร่างบัญชี' }).click();

  const detail = page.locator('#target-detail');
  await detail.locator('.alert-success', { hasText: 'จัดทำร่างบัญชีเรียบร้อยแล้ว มีพื้นที่ 5 แห่ง' }).waitFor({ timeout: 30_000 });
  await waitForRows(page, 5);
  assert.equal(await detail.locator('.targets-facts .target-status').innerText(), 'ร่าง');
  assert.match(await detail.locator('h2#target-detail-title').innerText(), /บัญชีพื้นที่เป้าหมาย ปีงบประมาณ 2568\s+ฉบับที่ 1/);
  const firstRow = await areaRows(page).first().locator('td').allInnerTexts();
  assert.match(firstRow[0], /^98\d{4}$/);
  assert.ok(first5Contains(top5, firstRow[1]), `the first row is a top sub-district of the run: ${firstRow[1]} in ${top5.join(', ')}`);
  assert.match(firstRow[4], new RegExp(`ผลการวิเคราะห์ #${runId}: อันดับ 1`));
  assert.match(firstRow[5], /^1\s/);
  assert.match(firstRow[3], /^ทุกประเด็นปัญหา \(\d+\)$/, 'every category, as one chip');
  listId = Number(new URL(page.url()).searchParams.get('list'));
  assert.ok(listId > 0, `the open list is in the address: ${page.url()}`);

  // A village, found by its Thai name; first without a reason.
  const village = (await server.db.query<{ code: string; name_th: string }>(
    `SELECT code, name_th FROM area WHERE level = 4 AND province_code = '98' AND name_th ~ '^[ก-๙ ]+$' ORDER BY code LIMIT 1`,
  )).rows[0];
  const add = page.locator('form.targets-add');
  await add.locator('input[name=target-area-search]').fill(village.name_th);
  const option = add.locator('.search-results li', { hasText: village.code });
  await option.waitFor();
  await option.click();
  await add.locator('input[name=add-category]').first().check();
  await add.getByRole('button', { name: 'เพิ่มในบัญชี' }).click();
  assert.equal(await add.locator('.alert-error').innerText(), 'กรุณาระบุเหตุผลที่กำหนดพื้นที่นี้เป็นพื้นที่เป้าหมาย');
  await add.locator('textarea[name=add-reason]').fill('มีรายงานการลักลอบผ่านแดนต่อเนื่องจากที่ประชุมสภาสันติสุขตำบล');
  await add.getByRole('button', { name: 'เพิ่มในบัญชี' }).click();
  await add.locator('.alert-success', { hasText: 'ในบัญชีแล้ว' }).waitFor();
  await waitForRows(page, 6);
  const villageRow = await page.locator(`table.targets-areas-table tr[data-code="${village.code}"] td`).allInnerTexts();
  assert.match(villageRow[1], new RegExp(`^${village.name_th}\\s+หมู่บ้าน · ตำบล`));
  assert.match(villageRow[5], /เพิ่มเอง/);

  // Removing the fifth sub-district: refused without a reason, then done.
  const fifth = areaRows(page).nth(4);
  const removedCode = await fifth.getAttribute('data-code');
  await fifth.getByRole('button', { name: 'นำออก' }).click();
  await fifth.getByRole('button', { name: 'ยืนยันการนำออก' }).click();
  assert.equal(await page.locator('.targets-areas > .alert-error').innerText(), 'กรุณาระบุเหตุผลที่นำพื้นที่นี้ออกจากบัญชี');
  await fifth.locator('textarea[name=remove-reason]').fill('อยู่ในความรับผิดชอบของโครงการอื่นแล้ว');
  await fifth.getByRole('button', { name: 'ยืนยันการนำออก' }).click();
  await waitForRows(page, 5);
  assert.equal(await page.locator(`table.targets-areas-table tr[data-code="${removedCode}"]`).count(), 0);
  await page.locator('.targets-areas > .alert-success', { hasText: 'ออกจากบัญชีแล้ว' }).waitFor();

  // The map colours the targeted sub-districts.
  await mapIdle(page, '__comapAnalysisMap');
  const coloured = await page.evaluate((codes) => {
    const m = window.__comapAnalysisMap as any;
    return codes.filter((c) => m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: Number(c) }).c === 3).length;
  }, await areaRows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')!).filter((c) => c.length === 6)));
  assert.equal(coloured, 4, 'the four remaining sub-districts are coloured on the map');
  await page.screenshot({ path: join(RESULTS, 'targets-draft.png'), fullPage: true });

  // Submit.
  await detail.getByRole('button', { name: 'เสนอพิจารณา', exact: true }).click();
  await detail.getByRole('button', { name: 'ยืนยันการเสนอพิจารณา' }).click();
  await detail.locator('.alert-success', { hasText: 'เสนอพิจารณาเรียบร้อยแล้ว' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.targets-facts .target-status')?.textContent === 'เสนอพิจารณาแล้ว');
  assert.equal(await page.locator('form.targets-add').count(), 0, 'no adding once submitted');
  assert.equal(await areaRows(page).getByRole('button', { name: 'นำออก' }).count(), 0);
  assert.match(await detail.locator('.targets-note').innerText(), /รอผู้มีอำนาจ/);
  assert.equal(await detail.getByRole('button', { name: 'ประกาศบัญชี' }).count(), 0, 'an analyst cannot declare');
  const listRow = page.locator('table.targets-lists-table tbody tr.selected');
  assert.match(await listRow.innerText(), /เสนอพิจารณาแล้ว/);
  assert.deepEqual(failed, []);
  await ctx.close();
});

function first5Contains(names: string[], cell: string): boolean {
  return names.some((n) => cell.includes(n));
}

test('an administrator declares the list with its order, amends it, and reads the difference', { timeout: 240_000 }, async () => {
  assert.ok(listId > 0, 'the first test made a list');
  const user = await server.addUser('admin');
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
  const page = await ctx.newPage();
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await page.click('nav.topnav a[href="/targets"]');
  await page.waitForURL((u) => u.pathname === '/targets');
  await page.getByRole('heading', { level: 1, name: 'บัญชีพื้นที่เป้าหมาย' }).waitFor();
  const row = page.locator('table.targets-lists-table tbody tr', { hasText: 'เสนอพิจารณาแล้ว' });
  await row.getByRole('button', { name: 'เปิดดู' }).click();
  const detail = page.locator('#target-detail');
  await waitForRows(page, 5);

  // Declaring: the number of the order is required.
  await detail.getByRole('button', { name: 'ประกาศบัญชี' }).click();
  const declare = detail.locator('form.targets-action-declare');
  await declare.locator('input[name=declarationDate]').fill('2025-11-14');
  assert.equal(await declare.locator('.hint').first().innerText(), '14 พฤศจิกายน 2568');
  await declare.getByRole('button', { name: 'ยืนยันการประกาศ' }).click();
  assert.equal(await declare.locator('.alert-error').innerText(), 'กรุณาระบุเลขที่คำสั่ง');
  await declare.locator('input[name=referenceNumber]').fill('1234/2568');
  const pdf = join(RESULTS, 'order-1234-2568.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await declare.locator('input[type=file]').setInputFiles(pdf);
  await declare.locator('.file-name', { hasText: 'order-1234-2568.pdf' }).waitFor();
  await declare.getByRole('button', { name: 'ยืนยันการประกาศ' }).click();
  await detail.locator('.alert-success', { hasText: 'ประกาศบัญชีเรียบร้อยแล้ว' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.targets-facts .target-status')?.textContent === 'ประกาศแล้ว');
  assert.match(await detail.locator('.targets-facts').innerText(), /คำสั่งที่ 1234\/2568 ลงวันที่ 14 พฤศจิกายน 2568/);
  const orderLink = detail.locator('a.targets-order-link');
  assert.equal(await orderLink.getAttribute('href'), `/api/targets/${listId}/order`);
  assert.match(await orderLink.innerText(), /order-1234-2568\.pdf/);
  const order = await page.request.get(`${server.base}/api/targets/${listId}/order`);
  assert.equal(order.status(), 200);
  assert.equal(order.headers()['content-type'], 'application/pdf');
  for (const ext of ['csv', 'xlsx', 'geojson', 'pdf']) {
    assert.equal(await detail.locator(`.targets-exports a[href="/api/targets/${listId}/export.${ext}"]`).count(), 1, `${ext} export link`);
  }
  await page.screenshot({ path: join(RESULTS, 'targets-declared.png'), fullPage: true });

  // Amending: a reason is required; the new version is a draft with the same areas.
  await detail.getByRole('button', { name: 'จัดทำฉบับแก้ไข' }).click();
  const amend = detail.locator('form.targets-action-amend');
  await amend.getByRole('button', { name: 'จัดทำฉบับแก้ไข' }).click();
  assert.equal(await amend.locator('.alert-error').innerText(), 'กรุณาระบุเหตุผลของการจัดทำฉบับแก้ไข');
  await amend.locator('textarea[name=workflow-reason]').fill('ที่ประชุม กอ.รมน.จังหวัด ให้ทบทวนพื้นที่ไตรมาสที่ 2');
  await amend.getByRole('button', { name: 'จัดทำฉบับแก้ไข' }).click();
  await detail.locator('.alert-success', { hasText: 'จัดทำร่างฉบับที่ 2 เรียบร้อยแล้ว' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.targets-facts .target-status')?.textContent === 'ร่าง');
  amendedId = Number(new URL(page.url()).searchParams.get('list'));
  assert.ok(amendedId > listId);
  await waitForRows(page, 5);

  // In version 2: one sub-district out, another with a new reason.
  const out = areaRows(page).nth(1);
  const outCode = await out.getAttribute('data-code');
  await out.getByRole('button', { name: 'นำออก' }).click();
  await out.locator('textarea[name=remove-reason]').fill('สถานการณ์คลี่คลายแล้ว');
  await out.getByRole('button', { name: 'ยืนยันการนำออก' }).click();
  await waitForRows(page, 4);
  const edited = areaRows(page).first();
  const editedCode = await edited.getAttribute('data-code');
  await edited.getByRole('button', { name: 'แก้ไข' }).click();
  await edited.locator('input[name=edit-category]').first().uncheck();
  await edited.locator('textarea[name=edit-reason]').fill('เน้นปัญหายาเสพติดตามมติที่ประชุม');
  await edited.getByRole('button', { name: 'บันทึก' }).click();
  await page.locator('.targets-areas > .alert-success', { hasText: 'เรียบร้อยแล้ว' }).waitFor();

  // The history lists both versions; the difference shows the change.
  const versions = page.locator('table.targets-versions-table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table.targets-versions-table tbody tr').length === 2);
  assert.match(await versions.nth(0).innerText(), /ฉบับที่ 2\s+ร่าง/);
  assert.match(await versions.nth(1).innerText(), /ฉบับที่ 1\s+ประกาศแล้ว[\s\S]*คำสั่งที่ 1234\/2568/);
  const summary = page.locator('.targets-diff-summary');
  await page.waitForFunction(() => /นำออก 1 แห่ง · เปลี่ยนแปลง 1 แห่ง/.test(document.querySelector('.targets-diff-summary')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await summary.innerText(), /^ฉบับที่ 1 → ฉบับที่ 2: เพิ่ม 0 แห่ง · นำออก 1 แห่ง · เปลี่ยนแปลง 1 แห่ง · คงเดิม 3 แห่ง$/);
  const removedRow = page.locator('table.targets-diff-table tr.targets-diff-removed');
  assert.match(await removedRow.innerText(), new RegExp(`นำออก\\s+${outCode}\\s+(ตำบล|หมู่บ้าน)`));
  const changedRow = page.locator('table.targets-diff-table tr.targets-diff-changed');
  const changedText = await changedRow.innerText();
  assert.match(changedText, new RegExp(`เปลี่ยนแปลง\\s+${editedCode}`));
  assert.match(changedText, /− /, 'the category taken away is shown');
  assert.match(changedText, /เน้นปัญหายาเสพติดตามมติที่ประชุม/);
  await page.locator('.targets-versions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'targets-diff.png'), fullPage: true });

  // The same page in English.
  await page.click('.lang-switch button[lang=en]');
  await page.getByRole('heading', { level: 1, name: 'Target areas list' }).waitFor();
  assert.match(await summary.innerText(), /^Version 1 → Version 2: 0 added · 1 removed · 1 changed · 3 unchanged$/);
  assert.equal(await page.locator('.targets-facts .target-status').innerText(), 'Draft');
  await page.screenshot({ path: join(RESULTS, 'targets-en.png'), fullPage: true });
  await page.click('.lang-switch button[lang=th]');
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('a viewer reads the declared list and cannot change it', { timeout: 120_000 }, async () => {
  assert.ok(listId > 0 && amendedId > 0, 'the earlier tests made the lists');
  const user = await server.addUser('viewer');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    await signIn(page, server.base, user);
    await page.locator('nav.topnav a[href="/targets"]', { hasText: 'บัญชีเป้าหมาย' }).waitFor();
    assert.equal(await page.locator('nav.topnav a[href="/analysis"]').count(), 0);
    await page.goto(`${server.base}/targets?province=98&fy=2568&list=${listId}`);
    const detail = page.locator('#target-detail');
    await waitForRows(page, 5);
    assert.equal(await detail.locator('.targets-facts .target-status').innerText(), 'ประกาศแล้ว');
    assert.match(await detail.locator('.targets-note').innerText(), /ท่านเปิดดูบัญชีนี้ได้อย่างเดียว/);
    assert.equal(await page.getByRole('button', { name: 'จัดทำร่างบัญชีใหม่' }).count(), 0);
    assert.equal(await detail.locator('.targets-workflow-buttons').count(), 0);
    assert.equal(await page.locator('form.targets-add').count(), 0);
    assert.equal(await areaRows(page).getByRole('button').count(), 0, 'no edit or remove buttons');
    // Opening the draft amendment is read-only as well, and the server refuses a change.
    await page.goto(`${server.base}/targets?province=98&fy=2568&list=${amendedId}`);
    await waitForRows(page, 4);
    assert.equal(await page.locator('form.targets-add').count(), 0);
    const code = await areaRows(page).first().getAttribute('data-code');
    const refused = await page.request.delete(`${server.base}/api/targets/${amendedId}/areas/${code}`, { data: { reason: 'x' } });
    assert.equal(refused.status(), 403);
    await page.screenshot({ path: join(RESULTS, 'targets-viewer.png'), fullPage: true });
  } finally {
    await ctx.close();
  }
});
