/**
 * The project import on the projects page in a real browser against a real server holding the
 * synthetic demo province: an analyst opens the import section, downloads the Excel template,
 * checks a CSV with a budget written in words and an area that does not exist and reads both
 * problems in Thai by row and column (nothing stored), then checks and imports a good XLSX and
 * finds its projects in the list. Screenshots at 1280 px and on a 390 px phone go to
 * test-results/project-import-*.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';
import { fiscalYearOf } from '../shared/fiscal.ts';

let server: WebServer;
let browser: Browser;
let adminCtx: BrowserContext;
let admin: APIRequestContext;
const RESULTS = resultsDir();
const FY = fiscalYearOf(new Date());
let agencyId = 0;
let subs: string[] = [];

const HEADER = 'รหัสโครงการ,หน่วยงาน,ปีงบประมาณ,ชื่อโครงการ,งบประมาณ,แหล่งงบประมาณ,ประเด็นปัญหา,พื้นที่เป้าหมาย,วันเริ่ม,วันสิ้นสุด,สถานะ';

before(async () => {
  server = await startDemoWebServer();
  browser = await launchBrowser();
  const a = await server.addUser('admin');
  adminCtx = await browser.newContext();
  admin = adminCtx.request;
  const login = await admin.post(`${server.base}/api/auth/login`, { data: a });
  assert.ok(login.ok(), await login.text());
  const created = await admin.post(`${server.base}/api/agencies`, { data: { code: 'e2e-imp-98', nameTh: 'ศูนย์ทดสอบการนำเข้าโครงการจังหวัดสาธิต', type: 'line_agency', provinceCode: '98' } });
  assert.ok(created.ok(), await created.text());
  agencyId = (await created.json()).id;
  subs = (await server.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '98' ORDER BY code LIMIT 2`)).rows.map((r) => r.code);
});

after(async () => {
  await adminCtx?.close();
  await browser?.close();
  await server?.close();
});

async function openImport(page: Page): Promise<void> {
  await page.click('nav.topnav a[href="/projects"]');
  await page.getByRole('heading', { level: 1, name: 'แผนงาน/โครงการ' }).waitFor();
  await page.locator('details.projects-import summary').click();
  await page.locator('.project-import input[type=file]').waitFor();
}

async function check(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
  await page.locator('.project-import .alert').waitFor();
}

test('an analyst checks a bad CSV, reads its problems in Thai, then imports a good XLSX and finds the projects', { timeout: 300_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1280, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await openImport(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /ดาวน์โหลดแบบฟอร์ม Excel/ }).click()]);
  assert.equal(await page.getByRole('link', { name: 'แบบฟอร์ม CSV' }).getAttribute('href'), '/api/projects/import/template.csv');
  assert.equal(download.suggestedFilename(), 'projects-template.xlsx');
  const template = new ExcelJS.Workbook();
  await template.xlsx.readFile((await download.path())!);
  assert.deepEqual(template.worksheets.map((w) => w.name), ['โครงการ', 'คำอธิบาย']);

  // Choose nothing and check: the page asks for a file first.
  await page.getByRole('button', { name: 'ตรวจสอบไฟล์ (ยังไม่บันทึก)' }).click();
  assert.equal(await page.locator('.project-import .hint-error').innerText(), 'กรุณาเลือกไฟล์ก่อน');

  const bad = `${HEADER}\nIMP-1,e2e-imp-98,${FY},ดี,1000,งบหน่วยงาน,ยาเสพติด,${subs[0]},,,\nIMP-2,e2e-imp-98,${FY},งบเป็นคำ,หนึ่งแสน,งบหน่วยงาน,ยาเสพติด,${subs[0]},,,\nIMP-3,e2e-imp-98,${FY},ไม่มีพื้นที่,1000,งบหน่วยงาน,ยาเสพติด,989999,,,\n`;
  await page.locator('.project-import input[type=file]').setInputFiles({ name: 'โครงการ-ผิด.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await check(page);
  assert.equal(
    await page.locator('.project-import .alert-error').innerText(),
    'ไฟล์ โครงการ-ผิด.csv มีข้อผิดพลาด 2 รายการใน 2 แถว ระบบยังไม่ได้บันทึกข้อมูลใด ๆ กรุณาแก้ไขไฟล์แล้วตรวจสอบอีกครั้ง',
  );
  const rows = await page.locator('.project-import-errors tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText)));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0].slice(0, 2), ['3', 'งบประมาณ\nbudget']);
  assert.match(rows[0][2], /^budget must be a number of baht, got "หนึ่งแสน"\s+วิธีแก้ไข: ใส่งบประมาณเป็นตัวเลขจำนวนบาท/);
  assert.deepEqual(rows[1].slice(0, 2), ['4', 'พื้นที่เป้าหมาย\nareas']);
  assert.match(rows[1][2], /989999/);
  await page.screenshot({ path: join(RESULTS, 'project-import-errors.png'), fullPage: true });
  const none = await admin.get(`${server.base}/api/projects?agency=${agencyId}`);
  assert.equal((await none.json()).total, 0, 'a check stores nothing');

  // A good workbook: checked first, then imported.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('โครงการ');
  ws.addRow(HEADER.split(','));
  ws.addRow(['IMP-10', 'ศูนย์ทดสอบการนำเข้าโครงการจังหวัดสาธิต', FY, 'โครงการส่งเสริมอาชีพสตรีชายแดน', '1,250,000 บาท', 'งบจังหวัด', 'ยาเสพติด', subs[0], `1/10/${FY - 1}`, `30/9/${FY}`, 'กำลังดำเนินการ']);
  ws.addRow(['IMP-11', 'e2e-imp-98', FY, 'โครงการหมู่บ้านเข้มแข็งปลอดยาเสพติด', 350000, 'งบหน่วยงาน', 'ยาเสพติด', `${subs[0]}; ${subs[1]}`, '', '', 'วางแผน']);
  await page.locator('.project-import input[type=file]').setInputFiles({
    name: 'โครงการ-2568.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await check(page);
  assert.equal(await page.locator('.project-import .alert-error').count(), 0, await page.locator('.project-import').innerText());
  assert.equal(
    await page.locator('.project-import .alert-info').innerText(),
    'ไฟล์ โครงการ-2568.xlsx ถูกต้องทั้ง 2 แถว หากนำเข้า จะเพิ่มโครงการใหม่ 2 โครงการ และปรับปรุงโครงการเดิม 0 โครงการ (ยังไม่ได้บันทึก)',
  );
  await page.getByRole('button', { name: 'นำเข้าโครงการ' }).click();
  await page.locator('.project-import .alert-success').waitFor();
  assert.equal(await page.locator('.project-import .alert-success').innerText(), 'นำเข้าไฟล์ โครงการ-2568.xlsx เรียบร้อยแล้ว: เพิ่มโครงการใหม่ 2 โครงการ ปรับปรุงโครงการเดิม 0 โครงการ');
  // The page reloads its list: the imported projects are there.
  await page.getByText('โครงการส่งเสริมอาชีพสตรีชายแดน').first().waitFor();
  await page.getByText('โครงการหมู่บ้านเข้มแข็งปลอดยาเสพติด').first().waitFor();
  await page.screenshot({ path: join(RESULTS, 'project-import-done.png'), fullPage: true });
  const listed = await (await admin.get(`${server.base}/api/projects?agency=${agencyId}`)).json();
  assert.equal(listed.total, 2);
  assert.deepEqual(failed.filter((f) => !f.startsWith('422 ')), [], 'no API failure but the expected 422');
  await ctx.close();
});

test('on a 390 px phone the import section and its error table fit the screen', { timeout: 180_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 390, height: 844 });
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/projects`);
  await page.getByRole('heading', { level: 1, name: 'แผนงาน/โครงการ' }).waitFor();
  await page.locator('details.projects-import summary').click();
  const bad = `${HEADER}\nP-1,ไม่มีหน่วยงานนี้,2025,,หนึ่งแสน,งบกลาง,,3201,31/2/2568,,\n`;
  await page.locator('.project-import input[type=file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await check(page);
  assert.ok(await page.locator('.project-import-errors tbody tr').count() >= 5);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow} px`);
  // Nothing of the section (buttons, links, the error table) is wider than the section itself.
  const wider = await page.locator('.project-import').evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('a, button, input, table')].filter((x) => x.getBoundingClientRect().right > box.right + 1)
      .map((x) => `${x.outerHTML.slice(0, 60)} ends at ${Math.round(x.getBoundingClientRect().right)} px, the section at ${Math.round(box.right)} px`);
  });
  assert.deepEqual(wider, []);
  await page.locator('.project-import').screenshot({ path: join(RESULTS, 'project-import-phone.png') });
  await ctx.close();
});
