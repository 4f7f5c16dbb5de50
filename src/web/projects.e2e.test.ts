/**
 * The projects page in a real browser against a real server holding the synthetic demo province:
 * an analyst records a project in two demo sub-districts (one of them in the declared target
 * list) with a planned output, is stopped by a Thai message for a budget written in words, saves,
 * reports the first quarter with a photo, and finds it in the filtered list with its progress; a
 * project cancelled while its report form is open refuses the report and then offers none; an
 * agency officer can only enter projects of their own agency and adopts a community project for
 * it; a viewer reads a project without any button to change it. Screenshots of the list, the
 * detail and the form at 1280 px and on a 390 px phone go to test-results/projects-*.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { createUser } from '../server/auth/service.ts';
import { mapIdle, newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';
import { fiscalYearOf } from '../shared/fiscal.ts';
import type { Project } from '../shared/project-types.ts';

let server: WebServer;
let browser: Browser;
let adminCtx: BrowserContext;
let admin: APIRequestContext;
const RESULTS = resultsDir();
const FY = fiscalYearOf(new Date());
// The fiscal year as calendar dates (FY 2570 = 1 Oct 2026 .. 30 Sep 2027).
const FY_START = `${FY - 544}-10-01`;
const FY_END = `${FY - 543}-09-30`;

interface Sub {
  code: string;
  name_th: string;
}
let subs: Sub[] = [];
let police = 0;
let irrigation = 0;
let categoryCode = '';
let lateProject: Project;
let seekingProject: Project;
let cancelProject: Project;
// Written by the first test, read by the later ones (node:test runs them in order).
let createdId = 0;

/** A small opaque PNG (8 x 8, orange), made here so the test needs no file. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const w = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [0xe8, 0x7a, 0x1e]).flat())]);
  const raw = Buffer.concat(Array.from({ length: w }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  assert.ok(res.ok(), `${what}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A project of the irrigation office through the API, as the setup needs it. */
async function apiProject(body: Record<string, unknown>): Promise<Project> {
  return ok<Project>(
    await admin.post(`${server.base}/api/projects`, {
      data: { agencyId: irrigation, fiscalYear: FY, budgetBaht: 100000, budgetSource: 'agency', categories: [], areaCodes: [subs[1].code], ...body },
    }),
    'create project',
  );
}

before(async () => {
  server = await startDemoWebServer();
  browser = await launchBrowser();
  const a = await server.addUser('admin');
  adminCtx = await browser.newContext();
  admin = adminCtx.request;
  await ok(await admin.post(`${server.base}/api/auth/login`, { data: a }), 'admin sign-in');

  const cats = await ok<Array<{ code: string; active: boolean }>>(await admin.get(`${server.base}/api/categories`), 'categories');
  categoryCode = cats.find((c) => c.active)!.code;

  // The demo has no agencies yet: two of the demo province.
  const agency = async (code: string, nameTh: string, type: string) =>
    (await ok<{ id: number }>(await admin.post(`${server.base}/api/agencies`, { data: { code, nameTh, type, provinceCode: '98' } }), `agency ${code}`)).id;
  police = await agency('e2e-police-98', 'สถานีตำรวจภูธรเมืองสาธิต', 'security');
  irrigation = await agency('e2e-rid-98', 'โครงการชลประทานจังหวัดสาธิต', 'line_agency');

  // The first sub-district is in the declared target list of this fiscal year, the second is not:
  // the demo's own list if it has one for this year, else one declared here.
  const thai = (await server.db.query<Sub>(`SELECT code, name_th FROM area WHERE level = 3 AND province_code = '98' AND name_th ~ '^[ก-๙]+$' ORDER BY code`)).rows;
  const lists = await ok<{ items: Array<{ id: number; status: string }> }>(await admin.get(`${server.base}/api/targets?province=98&fiscalYear=${FY}`), 'target lists');
  const declared = lists.items.find((l) => l.status === 'declared');
  let listed = new Set<string>();
  if (declared) {
    const body = await ok<{ areas: Array<{ code: string }> }>(await admin.get(`${server.base}/api/targets/${declared.id}`), 'declared list');
    listed = new Set(body.areas.map((a) => a.code));
  } else {
    const list = await ok<{ list: { id: number } }>(
      await admin.post(`${server.base}/api/targets`, { data: { provinceCode: '98', fiscalYear: FY, areas: [{ code: thai[0].code, categories: [categoryCode], reason: 'ทดสอบ' }] } }),
      'target list',
    );
    await ok(await admin.post(`${server.base}/api/targets/${list.list.id}/submit`), 'submit list');
    await ok(await admin.post(`${server.base}/api/targets/${list.list.id}/declare`, { data: { declarationDate: FY_START, referenceNumber: `1/${FY}` } }), 'declare list');
    listed = new Set([thai[0].code]);
  }
  subs = [thai.find((a) => listed.has(a.code))!, thai.find((a) => !listed.has(a.code))!];
  assert.ok(subs[0] && subs[1], 'a demo sub-district in the target list and one outside it');

  // A project of last year that never reported (late), a community project seeking support, and one to cancel.
  lateProject = await apiProject({
    fiscalYear: FY - 1, externalId: 'RID98-LATE-001', title: 'โครงการลาดตระเวนชายแดนร่วมกับชุมชน', status: 'in_progress', budgetBaht: 480000,
    startDate: `${FY - 545}-10-01`, endDate: `${FY - 544}-09-30`,
  });
  seekingProject = await apiProject({
    title: 'โครงการซ่อมแซมถนนเข้าหมู่บ้านโดยชุมชน', origin: 'community', seekingSupport: true,
    supportNeeds: 'เครื่องจักรกลหนักและวัสดุลูกรัง', budgetBaht: 150000, budgetSource: 'community', startDate: FY_START, endDate: FY_END,
  });
  cancelProject = await apiProject({ title: 'โครงการอบรมเยาวชนต้านยาเสพติด', status: 'in_progress', startDate: FY_START, endDate: FY_END, budgetBaht: 90000 });
});

after(async () => {
  await adminCtx?.close();
  await browser?.close();
  await server?.close();
});

/**
 * A test page (see newTestPage) that waits up to a minute for each step: the machine the suite
 * runs on is shared, and a first page load under load can take longer than the default 30 s.
 */
async function testPage(viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> {
  const t = await newTestPage(browser, viewport);
  t.page.setDefaultTimeout(60_000);
  t.page.setDefaultNavigationTimeout(60_000);
  return t;
}

const form = (page: Page) => page.locator('form.projects-form');
const detail = (page: Page) => page.locator('#project-detail');

/** Picks an area in an AreaSearch field by its Thai name. */
async function pickArea(page: Page, input: string, sub: Sub): Promise<void> {
  await page.locator(`input[name=${input}]`).fill(sub.name_th);
  // By the code at the end of the line: a village's code begins with its sub-district's.
  const option = page.locator('.search-results li').filter({ has: page.locator('.hit-path', { hasText: new RegExp(`· ${sub.code}$`) }) });
  await option.waitFor();
  await option.click();
}

test('an analyst creates a project, is told a budget in words is not a number, saves, reports Q1 with a photo and finds it in the list', { timeout: 300_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await testPage({ width: 1280, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await page.click('nav.topnav a[href="/projects"]');
  await page.getByRole('heading', { level: 1, name: 'แผนงาน/โครงการ' }).waitFor();
  // The irrigation office's projects only (the demo may hold others).
  await page.locator('select[name=agency]').selectOption(String(irrigation));
  await page.waitForFunction(() => /^พบ 3 โครงการ/.test(document.querySelector('.projects-totals')?.textContent ?? ''));
  assert.equal(await page.locator('.projects-totals').innerText(), 'พบ 3 โครงการ · งบประมาณรวม 720,000 บาท');
  assert.equal(new URL(page.url()).searchParams.get('agency'), String(irrigation));

  await page.getByRole('button', { name: '+ เพิ่มโครงการ' }).click();
  const f = form(page);
  await f.getByRole('heading', { name: 'เพิ่มโครงการ' }).waitFor();
  // Nothing filled in: the page says what is missing before anything is sent.
  await f.getByRole('button', { name: 'บันทึกโครงการ' }).click();
  assert.equal(await f.locator('#project-err-title').innerText(), 'กรุณาระบุชื่อโครงการ');
  assert.equal(await f.locator('#project-err-agencyId').innerText(), 'กรุณาเลือกหน่วยงานรับผิดชอบ');
  assert.equal(await f.locator('#project-err-areaCodes').innerText(), 'กรุณาเลือกพื้นที่ดำเนินการอย่างน้อยหนึ่งตำบลหรือหมู่บ้าน');

  await f.locator('select[name=agencyId]').selectOption(String(irrigation));
  assert.equal(await f.locator('select[name=fiscalYear]').inputValue(), String(FY));
  await f.locator('input[name=title]').fill('โครงการก่อสร้างฝายชะลอน้ำเพื่อความมั่นคงทางอาหาร');
  await f.locator('textarea[name=objectives]').fill('เพื่อให้ชุมชนมีน้ำใช้ตลอดปี\nลดการอพยพแรงงานข้ามแดน');
  await f.locator('input[name=budgetBaht]').fill('หนึ่งล้านสองแสนห้าหมื่นบาท');
  await f.locator('select[name=budgetSource]').selectOption('provincial');
  await f.locator(`input[name=category][value=${categoryCode}]`).check();
  await pickArea(page, 'project-area-search', subs[0]);
  await pickArea(page, 'project-area-search', subs[1]);
  assert.equal(await f.locator('.projects-chip').count(), 2);
  await f.locator('input[name=startDate]').fill(FY_START);
  await f.locator('input[name=endDate]').fill(FY_END);
  assert.equal(await f.locator('input[name=startDate] ~ .hint').innerText(), `1 ตุลาคม ${FY - 1}`);
  await f.locator('input[name=responsibleName]').fill('นายสมชาย ใจดี');
  await f.locator('input[name=responsiblePhone]').fill('081-234-5678');
  await f.locator('input[name=outputName]').fill('ฝายชะลอน้ำ');
  await f.locator('input[name=outputUnit]').fill('แห่ง');
  await f.locator('input[name=outputTarget]').fill('5');
  await f.locator('input[name=visibility][value=public]').check();
  await f.locator('input[name=publicField][value=photos]').check();

  await f.getByRole('button', { name: 'บันทึกโครงการ' }).click();
  assert.equal(await f.locator('#project-err-budgetBaht').innerText(), 'งบประมาณต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป เช่น 1,250,000 (ไม่ต้องพิมพ์เป็นตัวอักษร)');
  assert.equal(await f.locator('input[name=budgetBaht]').getAttribute('aria-invalid'), 'true');
  assert.equal(await f.locator('.alert-error').innerText(), 'กรุณาตรวจสอบช่องที่ทำเครื่องหมายสีแดง');
  assert.equal(await f.locator('.hint-error').count(), 1, 'only the budget is wrong now');
  await page.screenshot({ path: join(RESULTS, 'projects-form.png'), fullPage: true });

  await f.locator('input[name=budgetBaht]').fill('1,250,000');
  // A reference another project already has: the server refuses, the page marks the field in Thai.
  await f.locator('input[name=externalId]').fill('RID98-LATE-001');
  await f.getByRole('button', { name: 'บันทึกโครงการ' }).click();
  await f.locator('#project-err-externalId').waitFor();
  assert.match(await f.locator('#project-err-externalId').innerText(), new RegExp(`^ข้อมูลไม่ถูกต้อง \\(ระบบแจ้งว่า “already used by project ${lateProject.id}”\\)$`));
  assert.equal(await f.locator('input[name=externalId]').getAttribute('aria-invalid'), 'true');
  assert.equal(await f.locator('.alert-error').innerText(), 'ไม่สามารถบันทึกโครงการได้: รหัสโครงการของหน่วยงานนี้ใช้กับโครงการอื่นแล้ว กรุณาใช้รหัสอื่น หรือแก้ไขโครงการเดิมแทน');
  assert.equal(await f.locator('input[name=budgetBaht]').inputValue(), '1,250,000', 'what was typed stays');
  await f.locator('input[name=externalId]').fill('RID98-WEIR-001');
  await f.getByRole('button', { name: 'บันทึกโครงการ' }).click();
  const d = detail(page);
  await d.locator('.alert-success', { hasText: 'บันทึกโครงการ “โครงการก่อสร้างฝายชะลอน้ำเพื่อความมั่นคงทางอาหาร” เรียบร้อยแล้ว' }).waitFor({ timeout: 30_000 });
  assert.equal(await form(page).count(), 0, 'the form closes');
  createdId = Number(new URL(page.url()).searchParams.get('project'));
  assert.ok(createdId > 0, `the open project is in the address: ${page.url()}`);
  const created = await ok<{ project: Project }>(await admin.get(`${server.base}/api/projects/${createdId}`), 'read back');
  assert.equal(created.project.budgetBaht, 1250000);
  assert.deepEqual(created.project.plannedOutputs, [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 5 }]);
  assert.deepEqual(created.project.areas.map((a) => a.code).sort(), subs.map((s) => s.code).sort());

  // The detail: facts, areas with the target-list mark, the map, four quarters to report.
  const facts = await d.locator('.projects-facts').innerText();
  assert.match(facts, /โครงการชลประทานจังหวัดสาธิต/);
  assert.match(facts, /1,250,000/);
  assert.match(facts, /งบประมาณจังหวัด/);
  assert.match(facts, new RegExp(`1 ตุลาคม ${FY - 1} ถึง 30 กันยายน ${FY}`));
  assert.match(facts, /เผยแพร่ต่อสาธารณะ/);
  assert.match(await d.locator(`.projects-areas-table tr[data-code="${subs[0].code}"]`).innerText(), /อยู่ในบัญชีเป้าหมาย/);
  assert.match(await d.locator(`.projects-areas-table tr[data-code="${subs[1].code}"]`).innerText(), /ไม่อยู่ในบัญชี/);
  assert.equal(await d.locator('.projects-quarter').count(), 4);
  await mapIdle(page, '__comapAnalysisMap');
  const drawn = await page.evaluate(() => ((window.__comapAnalysisMap as any).getSource('areas').serialize().data.features as unknown[]).length);
  assert.equal(drawn, 2, 'both sub-districts are drawn');

  // Q1: a percent over 100 is refused here, then the report with a photo.
  await d.getByRole('button', { name: `รายงานความก้าวหน้าไตรมาส 1 ปีงบประมาณ ${FY}` }).click();
  const pf = d.locator('form.projects-progress-form');
  await pf.locator('input[name=percentDone]').fill('150');
  await pf.getByRole('button', { name: 'บันทึกรายงาน' }).click();
  assert.equal(await pf.locator('#progress-err-percentDone').innerText(), 'ร้อยละความสำเร็จต้องเป็นตัวเลขตั้งแต่ 0 ถึง 100');
  await pf.locator('input[name=percentDone]').fill('40');
  await pf.locator('input[name=spentBaht]').fill('300,000');
  await pf.locator('input[name=achieved][data-output="ฝายชะลอน้ำ"]').fill('2');
  await pf.locator('textarea[name=narrative]').fill('ก่อสร้างฝายแล้วเสร็จ 2 แห่ง ชาวบ้านร่วมลงแรง');
  const png = join(RESULTS, 'projects-photo.png');
  writeFileSync(png, tinyPng());
  await pf.locator('input[type=file]').setInputFiles(png);
  await pf.locator('input[name=caption]').fill('ฝายแห่งที่ 1 บ้านสาธิต');
  await pf.getByRole('button', { name: 'บันทึกรายงาน' }).click();
  await d.locator('.alert-success', { hasText: `บันทึกรายงานความก้าวหน้าไตรมาส 1 ปีงบประมาณ ${FY} พร้อมภาพถ่ายเรียบร้อยแล้ว` }).waitFor({ timeout: 30_000 });
  const report = d.locator(`.projects-report[data-quarter="${FY}Q1"]`);
  assert.match(await report.innerText(), /40%[\s\S]*300,000[\s\S]*ฝายชะลอน้ำ: 2/);
  const img = report.locator('.projects-photos img');
  await img.waitFor();
  assert.match((await img.getAttribute('src'))!, /^\/api\/project-photos\/\d+$/);
  await page.waitForFunction(() => (document.querySelector('.projects-report .projects-photos img') as HTMLImageElement | null)?.naturalWidth === 8);
  assert.equal(await img.getAttribute('alt'), 'ฝายแห่งที่ 1 บ้านสาธิต');
  assert.match(await d.locator(`.projects-quarter[data-quarter="${FY}Q1"]`).innerText(), /ส่งแล้ว/);
  assert.match(await d.locator('.projects-outputs-table tbody tr').innerText(), /ฝายชะลอน้ำ\s+5\s+2\s+แห่ง/);
  await d.locator('.projects-detail-head').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'projects-detail.png'), fullPage: true });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1280, 'nothing wider than the window');
  assert.ok(await page.evaluate(() => { const w = document.querySelector('.projects-table-wrap')!; return w.scrollWidth <= w.clientWidth; }), 'the list fits 1280 px without scrolling sideways');

  // Editing: the form holds what was saved; the project starts.
  await d.getByRole('button', { name: 'แก้ไขโครงการ' }).click();
  const ef = form(page);
  await ef.getByRole('heading', { name: 'แก้ไขโครงการ' }).waitFor();
  assert.equal(await ef.locator('input[name=budgetBaht]').inputValue(), '1,250,000');
  assert.equal(await ef.locator('input[name=externalId]').inputValue(), 'RID98-WEIR-001');
  assert.equal(await ef.locator('.projects-chip').count(), 2);
  assert.equal(await ef.locator('input[name=outputName]').inputValue(), 'ฝายชะลอน้ำ');
  assert.equal(new URL(page.url()).searchParams.get('edit'), '1');
  await ef.locator('select[name=status]').selectOption('in_progress');
  await ef.getByRole('button', { name: 'บันทึกโครงการ' }).click();
  await d.locator('.alert-success', { hasText: 'บันทึกการแก้ไขโครงการ “โครงการก่อสร้างฝายชะลอน้ำเพื่อความมั่นคงทางอาหาร” เรียบร้อยแล้ว' }).waitFor({ timeout: 30_000 });
  // The details are read again from the server.
  await page.waitForFunction(() => /กำลังดำเนินการ/.test(document.querySelector('.projects-facts')?.textContent ?? ''));
  assert.match(await report.innerText(), /40%/, 'the report stays');

  // The list row shows its budget, progress and target areas.
  const row = page.locator(`table.projects-table tbody tr[data-id="${createdId}"]`);
  await page.waitForFunction((id) => /40%/.test(document.querySelector(`table.projects-table tr[data-id="${id}"]`)?.textContent ?? ''), createdId);
  const cells = await row.locator('td').allInnerTexts();
  assert.match(cells[0], /โครงการก่อสร้างฝายชะลอน้ำ/);
  assert.equal(cells[1], 'โครงการชลประทานจังหวัดสาธิต');
  assert.equal(cells[2], String(FY));
  assert.equal(cells[3], '1,250,000');
  assert.equal(cells[4], 'กำลังดำเนินการ');
  assert.match(cells[5], /40%/);
  assert.equal(cells[6], 'อยู่ในพื้นที่เป้าหมาย 1 จาก 2 แห่ง');
  assert.match(await page.locator('.projects-totals').innerText(), /^พบ 4 โครงการ · งบประมาณรวม 1,970,000 บาท$/);

  // Filters, kept in the address: late reports only, then one sub-district.
  await page.locator('input[name=late]').check();
  await page.waitForFunction(() => document.querySelectorAll('table.projects-table tbody tr').length === 1);
  assert.match(await page.locator('table.projects-table tbody tr').innerText(), /โครงการลาดตระเวนชายแดน[\s\S]*ค้างส่งรายงาน 4 ไตรมาส/);
  assert.equal(await page.locator('table.projects-table tbody tr').getAttribute('data-id'), String(lateProject.id));
  assert.equal(new URL(page.url()).searchParams.get('late'), 'true');
  await page.locator('input[name=late]').uncheck();
  await pickArea(page, 'project-area-filter', subs[0]);
  await page.waitForFunction(() => document.querySelectorAll('table.projects-table tbody tr').length === 1);
  assert.equal(await page.locator('table.projects-table tbody tr').getAttribute('data-id'), String(createdId));
  assert.equal(new URL(page.url()).searchParams.get('area'), subs[0].code);
  for (const ext of ['xlsx', 'csv']) {
    assert.equal(await page.locator(`.projects-exports a[href="/api/projects/export.${ext}?agency=${irrigation}&area=${subs[0].code}"]`).count(), 1, `${ext} export with the filters`);
  }
  // A reload restores the filter and the open project.
  await page.reload();
  await page.locator('.projects-chip-filter', { hasText: subs[0].name_th }).waitFor();
  await page.waitForFunction((id) => (document.querySelector('select[name=agency]') as HTMLSelectElement).selectedOptions[0]?.textContent === 'โครงการชลประทานจังหวัดสาธิต' && (document.querySelector('select[name=agency]') as HTMLSelectElement).value === id, String(irrigation));
  await page.waitForFunction(() => document.querySelectorAll('table.projects-table tbody tr').length === 1);
  await detail(page).locator('h2#project-detail-title').waitFor();
  await page.locator('.projects-chip-filter button').click();
  await page.waitForFunction(() => document.querySelectorAll('table.projects-table tbody tr').length === 4);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS, 'projects-list.png'), fullPage: false });
  // The spreadsheet import, folded until asked for.
  assert.equal(await page.locator('.projects-import .project-import').isVisible(), false);
  await page.locator('.projects-import summary', { hasText: 'นำเข้าจากไฟล์ Excel/CSV' }).click();
  await page.locator('.projects-import .project-import input[type=file]').waitFor({ state: 'attached' });
  await page.locator('.projects-import').screenshot({ path: join(RESULTS, 'projects-import.png') });
  // The only refusal was the server's, for the reference already used.
  assert.deepEqual(failed, [`409 ${server.base}/api/projects`]);
  await ctx.close();
});

test('a project cancelled while its report form is open refuses the report, and offers none afterwards', { timeout: 180_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await testPage({ width: 1280, height: 900 });
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/projects?project=${cancelProject.id}`);
  const d = detail(page);
  await d.getByRole('button', { name: `รายงานความก้าวหน้าไตรมาส 1 ปีงบประมาณ ${FY}` }).click();
  const pf = d.locator('form.projects-progress-form');
  await pf.locator('input[name=percentDone]').fill('10');

  // Someone else cancels the project meanwhile.
  await ok(
    await admin.put(`${server.base}/api/projects/${cancelProject.id}`, {
      data: { ...pickInput(cancelProject), agencyId: cancelProject.agency.id, areaCodes: cancelProject.areas.map((a) => a.code), status: 'cancelled' },
    }),
    'cancel',
  );
  await pf.getByRole('button', { name: 'บันทึกรายงาน' }).click();
  assert.equal(await pf.locator('.alert-error').innerText(), 'ไม่สามารถบันทึกรายงานความก้าวหน้าได้: โครงการนี้ถูกยกเลิกแล้ว จึงไม่รับรายงานความก้าวหน้า');

  await page.reload();
  await d.locator('.projects-cancelled-note').waitFor();
  assert.equal(await d.locator('.projects-cancelled-note').innerText(), 'โครงการนี้ถูกยกเลิกแล้ว จึงไม่รับรายงานความก้าวหน้าเพิ่มเติม');
  assert.equal(await d.locator('.projects-quarter button').count(), 0, 'no report button on a cancelled project');
  assert.match(await d.locator('.projects-facts').innerText(), /ยกเลิก/);
  const refused = await page.request.put(`${server.base}/api/projects/${cancelProject.id}/progress/${FY}/1`, { data: { percentDone: 10, spentBaht: 0 } });
  assert.equal(refused.status(), 409);
  await ctx.close();
});

/** The ProjectInput fields of a project as read. */
function pickInput(p: Project): Record<string, unknown> {
  const keys = ['externalId', 'fiscalYear', 'title', 'objectives', 'budgetBaht', 'budgetSource', 'categories', 'startDate', 'endDate', 'status', 'responsibleName', 'responsiblePhone', 'visibility', 'publicFields', 'plannedOutputs', 'geometry', 'origin', 'seekingSupport', 'supportNeeds'] as const;
  return Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

test('an agency officer can only pick their own agency, and adopts a community project for it', { timeout: 180_000 }, async () => {
  const password = 'e2e-officer-pass-98';
  await createUser(server.db, { username: 'officer98', password, role: 'agency_officer', agencyId: police }, null);
  const { ctx, page } = await testPage({ width: 390, height: 844 });
  const failed = watchFailures(page);
  await signIn(page, server.base, { username: 'officer98', password });
  await page.goto(`${server.base}/projects`);
  await page.getByRole('heading', { level: 1, name: 'แผนงาน/โครงการ' }).waitFor();
  await page.getByRole('button', { name: '+ เพิ่มโครงการ' }).click();
  const f = form(page);
  const agency = f.locator('select[name=agencyId]');
  await agency.waitFor();
  assert.equal(await agency.isDisabled(), true);
  assert.deepEqual(await agency.locator('option').allInnerTexts(), ['สถานีตำรวจภูธรเมืองสาธิต']);
  assert.equal(await agency.inputValue(), String(police));
  assert.match(await f.innerText(), /เจ้าหน้าที่หน่วยงานบันทึกได้เฉพาะโครงการของหน่วยงานตนเอง/);
  await page.screenshot({ path: join(RESULTS, 'projects-form-phone.png'), fullPage: true });
  const noWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(noWidth <= 390, `the form fits a 390 px phone (page ${noWidth} px wide)`);
  await f.getByRole('button', { name: 'ยกเลิก' }).click();
  // The server refuses a project for another agency, whatever the page offers.
  const refused = await page.request.post(`${server.base}/api/projects`, {
    data: { agencyId: irrigation, fiscalYear: FY, title: 'x', budgetBaht: 1, budgetSource: 'agency', categories: [], areaCodes: [subs[0].code] },
  });
  assert.equal(refused.status(), 403);

  // Another agency's project: read-only, but it seeks support and the officer adopts it.
  await page.goto(`${server.base}/projects?project=${seekingProject.id}`);
  const d = detail(page);
  await d.locator('.projects-support').waitFor();
  assert.equal(await d.locator('.targets-note').first().innerText(), 'โครงการนี้เป็นของหน่วยงานอื่น ท่านเปิดดูได้อย่างเดียว');
  assert.equal(await d.getByRole('button', { name: 'แก้ไขโครงการ' }).count(), 0);
  assert.equal(await d.getByRole('button', { name: 'ปิดคำขอรับการสนับสนุน' }).count(), 0, 'only the project owner closes the request');
  await d.getByRole('button', { name: 'รับเป็นเจ้าภาพ/ผู้สนับสนุน' }).click();
  const sf = d.locator('form.projects-support-form');
  assert.equal(await sf.locator('select[name=supportAgency]').isDisabled(), true);
  await sf.locator('input[name=contribution]').fill('รถแบคโฮและกำลังพลช่วยปรับพื้นที่');
  await sf.locator('input[name=amountBaht]').fill('ห้าหมื่น');
  await sf.getByRole('button', { name: 'ยืนยัน' }).click();
  assert.equal(await sf.locator('.alert-error').innerText(), 'มูลค่าต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป เช่น 50,000');
  await sf.locator('input[name=amountBaht]').fill('50,000');
  await sf.getByRole('button', { name: 'ยืนยัน' }).click();
  await d.locator('.projects-support .alert-success', { hasText: 'บันทึก “รับเป็นเจ้าภาพ/ผู้สนับสนุน” เรียบร้อยแล้ว' }).waitFor();
  await mapIdle(page, '__comapAnalysisMap');
  const adopted = d.locator('.projects-support-table tr[data-kind=adopted]');
  assert.match(await adopted.innerText(), /สถานีตำรวจภูธรเมืองสาธิต[\s\S]*รถแบคโฮ[\s\S]*50,000 บาท/);
  assert.match(await adopted.innerText(), /ยังให้การสนับสนุนอยู่/);
  await page.screenshot({ path: join(RESULTS, 'projects-detail-phone.png'), fullPage: true });
  const detailWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(detailWidth <= 390, `the detail fits a 390 px phone (page ${detailWidth} px wide)`);
  await adopted.getByRole('button', { name: 'ถอนการสนับสนุน' }).click();
  await d.locator('form.projects-support-form textarea[name=supportNote]').fill('ภารกิจเร่งด่วนด้านความมั่นคง');
  await d.locator('form.projects-support-form').getByRole('button', { name: 'ยืนยัน' }).click();
  await d.locator('.projects-support-table tr[data-kind=withdrawn]').waitFor();
  assert.equal(await d.getByRole('button', { name: 'ถอนการสนับสนุน' }).count(), 0);

  // The list on a phone: rows become cards and nothing overflows; the demo's projects take pages.
  await page.goto(`${server.base}/projects`);
  await page.locator('table.projects-table tbody tr').first().waitFor();
  const pager = page.locator('nav.projects-pager');
  assert.match(await pager.innerText(), /รายการที่ 1–20 จาก \d{2,}/);
  assert.equal(await page.locator('table.projects-table tbody tr').count(), 20);
  await pager.getByRole('button', { name: 'ถัดไป' }).click();
  await page.waitForFunction(() => /รายการที่ 21–/.test(document.querySelector('nav.projects-pager')?.textContent ?? ''));
  assert.equal(new URL(page.url()).searchParams.get('page'), '2');
  await page.screenshot({ path: join(RESULTS, 'projects-list-phone.png'), fullPage: true });
  const listWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(listWidth <= 390, `the list fits a 390 px phone (page ${listWidth} px wide)`);
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('a viewer reads a project and sees no button to change it', { timeout: 120_000 }, async () => {
  assert.ok(createdId > 0, 'the first test made a project');
  const user = await server.addUser('viewer');
  const { ctx, page } = await testPage({ width: 1280, height: 900 });
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/projects?agency=${irrigation}`);
  await page.getByRole('link', { name: 'เปิดดูโครงการ โครงการก่อสร้างฝายชะลอน้ำเพื่อความมั่นคงทางอาหาร' }).click();
  const d = detail(page);
  await d.locator(`.projects-report[data-quarter="${FY}Q1"]`).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('project'), String(createdId));
  assert.equal(await d.locator('.targets-note').first().innerText(), 'ท่านเปิดดูโครงการนี้ได้อย่างเดียว');
  assert.equal(await page.getByRole('button', { name: '+ เพิ่มโครงการ' }).count(), 0);
  assert.equal(await d.getByRole('button', { name: 'แก้ไขโครงการ' }).count(), 0);
  assert.equal(await d.getByRole('button', { name: 'ลบโครงการ' }).count(), 0);
  assert.equal(await d.locator('.projects-quarter button').count(), 0, 'no report buttons');
  assert.equal(await page.locator('.projects-import').count(), 0, 'no import');
  assert.equal(await page.locator('.projects-photos img').count(), 1, 'the photo is shown');
  const refused = await page.request.delete(`${server.base}/api/projects/${createdId}`);
  assert.equal(refused.status(), 403);

  // The same page in English.
  await page.click('.lang-switch button[lang=en]');
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
  assert.match(await d.locator('.projects-facts').innerText(), /Provincial budget/);
  assert.match(await d.locator(`.projects-quarter[data-quarter="${FY}Q1"]`).innerText(), new RegExp(`Q1 FY ${FY}\\s+Submitted`));
  await page.screenshot({ path: join(RESULTS, 'projects-en.png'), fullPage: true });
  await page.click('.lang-switch button[lang=th]');
  await ctx.close();
});
