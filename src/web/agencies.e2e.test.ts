/**
 * The agencies page in a real browser against a real server holding the synthetic demo province
 * with its demo agencies and working groups: an administrator adds an agency to the registry,
 * creates the peace council of a demo sub-district and seats two members (the new agency as
 * chair, a named person as secretary), then assigns a user to the agency on the users page; a
 * viewer reads the registry and the council without any way to change them, and the assigned
 * user sees the agency on their account page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { seedDemoAgencies } from '../server/demo/agencies.ts';
import { newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
const AGENCY = 'สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดสาธิต';
const SECRETARY = 'นายอับดุลเลาะ สาแม';
// Set by the first test, read by the second (node:test runs them in order).
let officer: { username: string; password: string };
let council = { code: '', name: '', groupId: 0 };

before(async () => {
  server = await startDemoWebServer();
  // The demo load may already seed its agencies; seed them here only when it does not.
  const seeded = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agency WHERE is_demo')).rows[0].n;
  if (!seeded) {
    const subs = (await server.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '98' ORDER BY code LIMIT 3`)).rows;
    await server.db.transaction((tx) => seedDemoAgencies(tx, '98', subs.map((s) => s.code)));
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const rows = (page: Page, table: string) => page.locator(`table[data-testid=${table}] tbody tr`);

test('an administrator adds an agency, creates a peace council with a chair and a secretary, and assigns a user to the agency', { timeout: 240_000 }, async () => {
  const admin = await server.addUser('admin');
  officer = await server.addUser('agency_officer', { username: 'ddpm-officer' });
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, admin);
  await page.click('nav.topnav a[href="/agencies"]');
  await page.getByRole('heading', { level: 1, name: 'หน่วยงานและคณะทำงาน' }).waitFor();
  await page.locator('table[data-testid=agencies-table] tr[data-code="demo-police-98"]').waitFor();
  const demoCount = await rows(page, 'agencies-table').count();
  assert.ok(demoCount >= 15, `${demoCount} demo agencies listed`);
  assert.match(await page.locator('tr[data-code="demo-police-98"]').innerText(), /ตำรวจภูธรจังหวัดสาธิต[\s\S]*หน่วยงานด้านความมั่นคง[\s\S]*สำนักงานตำรวจแห่งชาติ/);

  // Search and the type filter.
  await page.fill('input[name=q]', 'ชลประทาน');
  await page.waitForFunction(() => document.querySelectorAll('table[data-testid=agencies-table] tbody tr').length === 1);
  assert.match(await rows(page, 'agencies-table').first().innerText(), /โครงการชลประทานสาธิต/);
  await page.fill('input[name=q]', '');
  await page.selectOption('select[name=type]', 'security');
  await page.waitForFunction(() => document.querySelectorAll('table[data-testid=agencies-table] tbody tr').length === 5);
  await page.selectOption('select[name=type]', '');

  // A new agency: the Thai name is required, the code must be free.
  await page.getByRole('button', { name: 'เพิ่มหน่วยงาน' }).click();
  const form = page.locator('form[data-testid=agency-form]');
  await form.getByRole('button', { name: 'บันทึก' }).click();
  assert.equal(await form.locator('.alert-error').innerText(), 'กรุณาระบุชื่อหน่วยงานภาษาไทย');
  await form.locator('input[name=nameTh]').fill(AGENCY);
  await form.locator('input[name=nameEn]').fill('Demo Provincial Office of Disaster Prevention and Mitigation');
  await form.locator('input[name=code]').fill('demo-police-98');
  await form.locator('select[name=type]').selectOption('line_agency');
  await form.locator('input[name=parentMinistry]').fill('กระทรวงมหาดไทย');
  assert.equal(await form.locator('select[name=provinceCode]').inputValue(), '98', 'the province of the page is proposed');
  await form.locator('input[name=contactName]').fill('นายสมหมาย ป้องภัย');
  await form.locator('input[name=contactPhone]').fill('044-000-0199 ต่อ 12');
  await form.locator('input[name=contactEmail]').fill('saraban.ddpm@comap-demo.example');
  await form.getByRole('button', { name: 'บันทึก' }).click();
  await form.locator('.alert-error', { hasText: 'รหัสหน่วยงาน “demo-police-98” มีหน่วยงานอื่นใช้อยู่แล้ว' }).waitFor();
  await form.locator('input[name=code]').fill('ddpm-98');
  await form.getByRole('button', { name: 'บันทึก' }).click();
  await page.locator('.alert-success', { hasText: `เพิ่มหน่วยงาน “${AGENCY}” ในทะเบียนแล้ว` }).waitFor();
  const row = page.locator('tr[data-code="ddpm-98"]');
  await row.waitFor();
  assert.match(await row.innerText(), /ส่วนราชการตามสายงานกระทรวง[\s\S]*กระทรวงมหาดไทย[\s\S]*นายสมหมาย ป้องภัย[\s\S]*044-000-0199 ต่อ 12/);
  await page.screenshot({ path: join(RESULTS, 'agencies-registry.png'), fullPage: true });

  // The working groups of the demo province; a new peace council on a sub-district without one.
  await page.getByRole('tab', { name: 'คณะทำงาน' }).click();
  // The tab is written into the address with history.replaceState, which is no navigation to wait for.
  await page.waitForFunction(() => new URLSearchParams(location.search).get('tab') === 'groups');
  await rows(page, 'groups-table').first().waitFor();
  const used = (await server.db.query<{ area_code: string }>('SELECT area_code FROM working_group')).rows.map((r) => r.area_code);
  const sub = (await server.db.query<{ code: string; name_th: string }>(
    `SELECT code, name_th FROM area WHERE level = 3 AND province_code = '98' AND NOT (code = ANY($1::text[])) ORDER BY code DESC LIMIT 1`, [used])).rows[0];
  await page.getByRole('button', { name: 'เพิ่มคณะทำงาน' }).click();
  const gform = page.locator('form[data-testid=group-form]');
  assert.equal(await gform.locator('select[name=kind]').inputValue(), 'peace_council');
  await gform.getByRole('button', { name: 'บันทึก' }).click();
  assert.equal(await gform.locator('.alert-error').innerText(), 'กรุณาเลือกพื้นที่ให้ครบ: สภาสันติสุขตำบลต้องระบุตำบล');
  await gform.locator('select[name=district]').selectOption(sub.code.slice(0, 4));
  await page.waitForFunction((c) => !!document.querySelector(`select[name=subdistrict] option[value="${c}"]`), sub.code);
  await gform.locator('select[name=subdistrict]').selectOption(sub.code);
  await page.waitForFunction((n) => (document.querySelector('form[data-testid=group-form] input[name=nameTh]') as HTMLInputElement).value === n, `สภาสันติสุขตำบล${sub.name_th}`);
  await gform.locator('textarea[name=description]').fill('ประชุมประชาคมทุกเดือน รวบรวมความต้องการของหมู่บ้าน');
  await gform.getByRole('button', { name: 'บันทึก' }).click();
  const detail = page.locator('#group-detail');
  await detail.getByRole('heading', { name: `สภาสันติสุขตำบล${sub.name_th}` }).waitFor();
  await page.locator('.alert-success', { hasText: `เพิ่ม “สภาสันติสุขตำบล${sub.name_th}” แล้ว` }).waitFor();
  assert.match(await detail.locator('.groups-facts').innerText(), new RegExp(`สภาสันติสุขตำบล\\s*ตำบล${sub.name_th}`));
  council = { code: sub.code, name: `สภาสันติสุขตำบล${sub.name_th}`, groupId: Number(new URL(page.url()).searchParams.get('group')) };
  assert.ok(council.groupId > 0, `the open group is in the address: ${page.url()}`);

  // Two members: the new agency as chair, a named person as secretary.
  await detail.getByRole('button', { name: 'เพิ่มองค์ประกอบ' }).click();
  let mform = detail.locator('form[data-testid=member-form]');
  await mform.locator('select[name=agencyId]').selectOption({ label: AGENCY });
  await mform.locator('input[name=positionTitle]').fill('หัวหน้าสำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัด');
  await mform.locator('select[name=role]').selectOption('chair');
  await mform.locator('input[name=phone]').fill('044-000-0199');
  await mform.getByRole('button', { name: 'เพิ่มองค์ประกอบ' }).click();
  await detail.locator('.alert-success', { hasText: 'ในฐานะประธานแล้ว' }).waitFor();
  await detail.getByRole('button', { name: 'เพิ่มองค์ประกอบ' }).click();
  mform = detail.locator('form[data-testid=member-form]');
  await mform.locator('input[name=memberKind][value=person]').check();
  await mform.locator('input[name=personName]').fill(SECRETARY);
  await mform.locator('input[name=positionTitle]').fill('ปลัดอำเภอผู้รับผิดชอบตำบล');
  await mform.locator('select[name=role]').selectOption('chair');
  await mform.getByRole('button', { name: 'เพิ่มองค์ประกอบ' }).click();
  await mform.locator('.alert-error', { hasText: 'คณะทำงานนี้มีประธานแล้ว' }).waitFor();
  await mform.locator('select[name=role]').selectOption('secretary');
  await mform.getByRole('button', { name: 'เพิ่มองค์ประกอบ' }).click();
  await detail.locator('.alert-success', { hasText: `เพิ่ม ${SECRETARY} ในฐานะเลขานุการแล้ว` }).waitFor();
  // The notice comes with the answer; the list follows with the next read of the group.
  await page.waitForFunction(() => document.querySelectorAll('table[data-testid=members-table] tbody tr').length === 2);
  const members = await rows(page, 'members-table').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ')));
  assert.equal(members.length, 2);
  assert.match(members[0], new RegExp(`^1 ผู้แทนหน่วยงาน ${AGENCY} .* ประธาน 044-000-0199`));
  assert.match(members[1], new RegExp(`^2 ${SECRETARY} ปลัดอำเภอผู้รับผิดชอบตำบล เลขานุการ`));
  await page.waitForFunction((id) => document.querySelector(`table[data-testid=groups-table] tr[data-group="${id}"] td.num`)?.textContent === '2', council.groupId);
  await page.screenshot({ path: join(RESULTS, 'agencies-groups.png'), fullPage: true });

  // The users page: the agency is chosen from the registry.
  await page.goto(`${server.base}/admin/users`);
  const userRow = page.locator('table[data-testid=users-table] tbody tr', { hasText: officer.username });
  await userRow.getByRole('button', { name: 'แก้ไข' }).click();
  const uform = page.locator('form[data-testid=user-form]');
  const id = (await server.db.query<{ id: number }>(`SELECT id FROM agency WHERE code = 'ddpm-98'`)).rows[0].id;
  await uform.locator('select[name=agencyId]').selectOption(String(id));
  await uform.getByRole('button', { name: 'บันทึก' }).click();
  await page.locator('.alert-success').waitFor();
  await page.waitForFunction((a) => [...document.querySelectorAll('table[data-testid=users-table] tbody tr')].some((tr) => tr.textContent?.includes('ddpm-officer') && tr.textContent.includes(a)), AGENCY);
  const stored = (await server.db.query<{ agency_id: number }>(`SELECT agency_id FROM app_user WHERE username = 'ddpm-officer'`)).rows[0];
  assert.equal(stored.agency_id, id);
  await page.screenshot({ path: join(RESULTS, 'agencies-users.png'), fullPage: true });
  // The two refusals above were asked for: the taken code (409) and the second chair (409).
  assert.deepEqual(failed.map((f) => f.split(' ')[0]), ['409', '409']);
  await ctx.close();
});

test('a viewer reads the registry and the council without edit controls and without telephone numbers; the assigned user sees the agency', { timeout: 180_000 }, async () => {
  assert.ok(council.groupId > 0, 'the first test made a council');
  const viewer = await server.addUser('viewer');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, viewer);
  await page.goto(`${server.base}/agencies`);
  await page.locator('tr[data-code="ddpm-98"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'เพิ่มหน่วยงาน' }).count(), 0);
  assert.equal(await page.locator('table[data-testid=agencies-table] button').count(), 0, 'no edit buttons');
  assert.equal(await page.locator('.agencies-readonly').innerText(), 'ทะเบียนหน่วยงานแก้ไขได้เฉพาะผู้ดูแลระบบ');
  assert.match(await page.locator('tr[data-code="ddpm-98"]').innerText(), /นายสมหมาย ป้องภัย/);
  await page.screenshot({ path: join(RESULTS, 'agencies-viewer-registry.png'), fullPage: true });

  // The council, opened from its link.
  await page.goto(`${server.base}/agencies?tab=groups&province=98&group=${council.groupId}`);
  const detail = page.locator('#group-detail');
  await detail.getByRole('heading', { name: council.name }).waitFor();
  await rows(page, 'members-table').nth(1).waitFor();
  assert.equal(await page.getByRole('button', { name: 'เพิ่มคณะทำงาน' }).count(), 0);
  assert.equal(await detail.locator('button').count(), 0, 'no way to change the group or its members');
  const phones = await rows(page, 'members-table').evaluateAll((trs) => trs.map((tr) => (tr.children[5] as HTMLElement).innerText));
  assert.deepEqual(phones, ['', '']);
  assert.match(await detail.locator('.groups-phone-note').innerText(), /ไม่แสดงสำหรับผู้ดูข้อมูล/);
  await page.screenshot({ path: join(RESULTS, 'agencies-viewer-groups.png'), fullPage: true });

  // A demo peace council, in English: the roles in their order, the kind and the area.
  await page.locator('.lang-switch button[lang=en]').click();
  await page.getByRole('heading', { level: 1, name: 'Agencies and working groups' }).waitFor();
  const demoRow = page.locator('table[data-testid=groups-table] tbody tr', { hasText: 'Sub-district peace council' }).first();
  await demoRow.getByRole('button', { name: 'Open' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table[data-testid=members-table] tbody tr').length === 9);
  const roles = await rows(page, 'members-table').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-role')));
  assert.deepEqual(roles, ['chair', 'vice_chair', 'member', 'member', 'member', 'member', 'member', 'secretary', 'advisor']);
  assert.match(await detail.locator('.groups-facts').innerText(), /Sub-district peace council/);
  await page.screenshot({ path: join(RESULTS, 'agencies-viewer-council-en.png'), fullPage: true });
  await page.locator('.lang-switch button[lang=th]').click();
  assert.deepEqual(failed, []);
  await ctx.close();

  // The user assigned on the users page sees the agency on their account page.
  const { ctx: ctx2, page: p2 } = await newTestPage(browser, { width: 1100, height: 800 });
  await signIn(p2, server.base, officer);
  await p2.goto(`${server.base}/account`);
  const profile = p2.locator('dl.dl');
  await profile.waitFor();
  assert.match(await profile.innerText(), new RegExp(`หน่วยงาน\\s+${AGENCY}`));
  await ctx2.close();
});
