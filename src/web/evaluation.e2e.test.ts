/**
 * The people's voice page (/evaluation) in a real browser against a real server holding the demo
 * province: a sub-district officer records a village meeting on a phone (a row without its answer
 * is refused on that row, then a project removed meanwhile is refused by the server on its row,
 * nothing stored either time; corrected, it is saved and the form cleared); an analyst hides a
 * comment with a reason and the agency officer of the project no longer reads it; the agency
 * officer reads the evaluation of their own projects, and an analyst recomputes the running
 * quarter; an analyst links a need to a project that answers it. Screenshots of every tab on a
 * desktop and a phone, each checked not to overflow.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { createUser } from '../server/auth/service.ts';
import { fiscalQuarterOf, fiscalYearOf, thaiDay } from '../shared/fiscal.ts';
import { CONSENT_VERSION } from '../shared/feedback-types.ts';
import { newTestPage as newPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
const NOW = new Date();
const FY = fiscalYearOf(NOW);
const Q = fiscalQuarterOf(NOW);

/** The sub-district of the officer, two projects of the previous fiscal year reaching it, their agency. */
let sub = { code: '', nameTh: '' };
let projectA = { id: 0, title: '', agencyId: 0 };
let projectB = { id: 0, title: '' };
let officer = { username: '', password: '' };
const agencyOfficer = { username: 'officer-eval', password: 'e2e-agency-officer-pass' };
let analyst = { username: '', password: '' };
const SCRIPT_COMMENT = '<script>window.__pwned = 1</script> ถนนเข้าหมู่บ้านยังสร้างไม่เสร็จ';
const NEED_TEXT = 'ขอให้มีไฟส่องสว่างทางเข้าหมู่บ้านเพื่อความปลอดภัยยามค่ำคืน';

before(async () => {
  server = await startDemoWebServer();
  browser = await launchBrowser();
  // A sub-district reached by at least two public projects of fiscal year FY - 1 (the demo's
  // current year: the demo is loaded as of 1 October 2025), which a sitting today takes answers about.
  const r = await server.db.query<{ code: string; name_th: string; ids: string[] }>(
    `SELECT a.code, a.name_th, array_agg(DISTINCT p.id::text ORDER BY p.id::text) AS ids
       FROM project_area pa JOIN project p ON p.id = pa.project_id JOIN area a ON a.code = pa.subdistrict_code
      WHERE p.province_code = '98' AND p.fiscal_year = $1 AND p.status <> 'cancelled'
      GROUP BY a.code, a.name_th HAVING count(DISTINCT p.agency_id) >= 2 ORDER BY count(DISTINCT p.id) DESC, a.code LIMIT 1`,
    [FY - 1],
  );
  assert.ok(r.rows[0], 'the demo has a sub-district with projects of two agencies');
  sub = { code: r.rows[0].code, nameTh: r.rows[0].name_th };
  const projects = (await server.db.query<{ id: string; title: string; agency_id: number }>(
    `SELECT id, title, agency_id FROM project WHERE id = ANY($1::bigint[]) ORDER BY id`, [r.rows[0].ids],
  )).rows;
  const a = projects[0];
  const b = projects.find((p) => p.agency_id !== a.agency_id)!;
  projectA = { id: Number(a.id), title: a.title, agencyId: a.agency_id };
  projectB = { id: Number(b.id), title: b.title };
  officer = await server.addUser('area_officer', { areaCodes: [sub.code] });
  analyst = await server.addUser('analyst');
  await createUser(server.db, { ...agencyOfficer, role: 'agency_officer', agencyId: projectA.agencyId }, null);
});

/** A test page that waits longer than the default 30 s: the machines running these tests are shared and often loaded. */
async function newTestPage(b: Browser, viewport: { width: number; height: number }) {
  const made = await newPage(b, viewport);
  made.page.setDefaultTimeout(90_000);
  made.page.setDefaultNavigationTimeout(90_000);
  return made;
}

after(async () => {
  await browser?.close();
  await server?.close();
});

/** No element makes the page wider than the window. */
async function assertFits(page: Page, what: string): Promise<void> {
  const r = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest('.table-wrap'));
    return { w, scroll: document.documentElement.scrollWidth, first: wide[0] ? `${wide[0].tagName}.${wide[0].className}` : null };
  });
  assert.ok(r.scroll <= r.w && !r.first, `${what}: nothing pokes out of ${r.w} px (page ${r.scroll} px, ${r.first ?? 'no element'})`);
}

const meetingCount = async () => Number((await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM feedback_meeting WHERE subdistrict_code = $1 AND NOT is_demo`, [sub.code])).rows[0].n);

test('a sub-district officer records a village meeting on a phone: refused rows are named, then it is saved whole', { timeout: 600_000 }, async () => {
  // A project the agency entered this fiscal year, removed by an administrator while the officer types.
  const adminUser = await server.addUser('admin');
  const admin = await newTestPage(browser, { width: 1366, height: 900 });
  await signIn(admin.page, server.base, adminUser);
  const created = await admin.page.request.post(`${server.base}/api/projects`, {
    data: {
      agencyId: projectA.agencyId, fiscalYear: FY, title: 'โครงการซ่อมแซมถนนเข้าหมู่บ้าน (ทดสอบ)', budgetBaht: 250000, budgetSource: 'agency',
      categories: [], areaCodes: [sub.code], visibility: 'public',
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const doomed = (await created.json()) as { id: number; title: string };

  const { ctx, page } = await newTestPage(browser, { width: 390, height: 844 });
  const failed = watchFailures(page);
  await signIn(page, server.base, officer);
  await page.click('nav.topnav a[href="/evaluation"]');
  await page.getByRole('heading', { level: 1, name: 'เสียงประชาชน' }).waitFor();
  await page.getByRole('tab', { name: 'บันทึกเวทีประชาคม' }).click();
  const form = page.locator('form.fb-meeting');
  // The officer's only sub-district is chosen already, and its projects are offered.
  await page.waitForFunction((code) => (document.querySelector('select[name=meeting-subdistrict]') as HTMLSelectElement | null)?.value === code, sub.code);
  const firstProject = form.locator('.fb-row').first().locator('select[name=answer-project]');
  await page.waitForFunction((id) => !!document.querySelector(`select[name=answer-project] option[value="${id}"]`), doomed.id);
  const offered = await firstProject.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean).map(Number));
  assert.ok(offered.includes(projectA.id) && offered.includes(projectB.id), 'the projects of the sub-district are offered');
  const staleYear = await server.db.query(`SELECT id FROM project WHERE id = ANY($1::bigint[]) AND fiscal_year < $2`, [offered, FY - 1]);
  assert.equal(staleYear.rows.length, 0, 'no project of a fiscal year a sitting cannot take');

  const yesterday = thaiDay(new Date(NOW.getTime() - 86_400_000));
  await form.locator('input[name=meetingDate]').fill(yesterday);
  await form.locator('input[name=place]').fill('ศาลาประชาคมหมู่ที่ 3');
  await form.locator('input[name=attendance]').fill('48');
  await form.locator('input[name=meeting-channel][value=peace_council]').check();

  const rows = form.locator('ol.fb-rows').first().locator('> li');
  const row = (k: number) => rows.nth(k);
  // Row 1, then Enter in the comment adds row 2 with the same project, the cursor on its project.
  await row(0).locator('select[name=answer-project]').selectOption(String(projectA.id));
  await row(0).locator('input[value=yes]').check();
  await row(0).locator('select[name=answer-rating]').selectOption('5');
  await row(0).locator('input[name=answer-comment]').fill('ชาวบ้านได้ประโยชน์จริง อยากให้ทำต่อ');
  await row(0).locator('input[name=answer-comment]').press('Enter');
  await rows.nth(1).waitFor();
  assert.equal(await row(1).locator('select[name=answer-project]').inputValue(), String(projectA.id), 'the new row takes the same project');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name), 'answer-project', 'the cursor is on the new row');
  await row(1).locator('input[value=partly]').check();
  await row(1).locator('input[name=answer-comment]').fill(SCRIPT_COMMENT);
  await row(1).locator('input[name=answer-comment]').press('Enter');
  // Row 3: another project, a rating and a comment but no answer to the question.
  await row(2).locator('select[name=answer-project]').selectOption(String(projectB.id));
  await row(2).locator('select[name=answer-rating]').selectOption('2');
  await row(2).locator('input[name=answer-comment]').fill('ยังไม่เห็นผลในหมู่บ้าน');
  // Row 4 by the button, about the project that is about to be removed.
  await form.getByRole('button', { name: '+ เพิ่มคำตอบ' }).click();
  await row(3).locator('select[name=answer-project]').selectOption(String(doomed.id));
  await row(3).locator('input[value=no]').check();
  // A fifth row added and removed again.
  await form.getByRole('button', { name: '+ เพิ่มคำตอบ' }).click();
  await rows.nth(4).waitFor();
  await row(4).getByRole('button', { name: 'ลบคำตอบแถวที่ 5' }).click();
  assert.equal(await rows.count(), 4);
  // One need.
  await form.getByRole('button', { name: '+ เพิ่มความต้องการ' }).click();
  const need = form.locator('ol.fb-need-rows > li').first();
  const category = await need.locator('select[name=need-category] option').nth(1).getAttribute('value');
  await need.locator('select[name=need-category]').selectOption(category!);
  await need.locator('textarea[name=need-description]').fill(NEED_TEXT);
  assert.equal(await form.locator('button[type=submit]').innerText(), 'บันทึกผลเวที (คำตอบ 4 · ความต้องการ 1)');

  // First submit: row 3 has no answer; the page names it and sends nothing.
  await form.locator('button[type=submit]').click();
  await row(2).locator('.hint-error').waitFor();
  assert.equal(await row(2).locator('.fb-cell-meets .hint-error').innerText(), 'กรุณาเลือกว่าโครงการตรงความต้องการหรือไม่');
  assert.match((await row(2).getAttribute('class')) ?? '', /fb-row-error/);
  assert.equal(await form.locator('li.fb-row-error').count(), 1, 'only row 3 is marked');
  assert.match(await form.locator('.fb-form-errors').innerText(), /ยังไม่ได้บันทึกข้อมูลใด ๆ/);
  assert.equal(await meetingCount(), 0, 'nothing stored');
  await page.screenshot({ path: join(RESULTS, 'evaluation-meeting-error-phone.png'), fullPage: true });
  await row(2).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(RESULTS, 'evaluation-meeting-error-row-phone.png') });
  await assertFits(page, 'the meeting form with an error on a phone');

  // Corrected; meanwhile the administrator removes the project of row 4: the server names row 4.
  await row(2).locator('input[value=no]').check();
  assert.equal(await row(2).locator('.hint-error').count(), 0, 'the error goes once answered');
  const del = await admin.page.request.delete(`${server.base}/api/projects/${doomed.id}`);
  assert.equal(del.status(), 200);
  await form.locator('button[type=submit]').click();
  await row(3).locator('.fb-cell-project .hint-error').waitFor();
  assert.equal(await row(3).locator('.fb-cell-project .hint-error').innerText(), `รายละเอียดจากระบบ: project ${doomed.id} does not exist`);
  assert.equal(await form.locator('li.fb-row-error').count(), 1);
  assert.equal(await meetingCount(), 0, 'all or nothing: no answer of the other rows was stored');
  await row(3).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(RESULTS, 'evaluation-meeting-server-error-phone.png') });
  assert.deepEqual(failed.map((f) => f.split(' ')[0]), ['400'], 'the one refusal was the server\'s');

  // Row 4 moved to a project that exists: saved.
  await row(3).locator('select[name=answer-project]').selectOption(String(projectB.id));
  await form.locator('button[type=submit]').click();
  const saved = page.locator('#fb-meeting-saved');
  await saved.waitFor();
  assert.match(await saved.innerText(), /บันทึกผลเวทีประชาคมเรียบร้อยแล้ว/);
  assert.match(await saved.innerText(), /คำตอบ 4 รายการ ความต้องการ 1 รายการ จากเวทีที่ศาลาประชาคมหมู่ที่ 3 วันที่ \d{1,2} \S+ 25\d\d/);
  // The form is empty again, with the officer's sub-district still chosen.
  assert.equal(await form.locator('input[name=place]').inputValue(), '');
  assert.equal(await form.locator('input[name=attendance]').inputValue(), '');
  assert.equal(await rows.count(), 1);
  assert.equal(await row(0).locator('select[name=answer-project]').inputValue(), '');
  assert.equal(await form.locator('ol.fb-need-rows > li').count(), 0);

  const stored = await server.db.query<{ channel: string; meets: string; rating: number | null; comment: string; fiscal_year: number; quarter: number; attendance: number }>(
    `SELECT f.channel, f.meets, f.rating, f.comment, f.fiscal_year, f.quarter, m.attendance
       FROM feedback f JOIN feedback_meeting m ON m.id = f.meeting_id WHERE m.subdistrict_code = $1 AND NOT m.is_demo ORDER BY f.id`,
    [sub.code],
  );
  assert.deepEqual(stored.rows.map((x) => [x.meets, x.rating, x.channel]), [['yes', 5, 'peace_council'], ['partly', null, 'peace_council'], ['no', 2, 'peace_council'], ['no', null, 'peace_council']]);
  assert.equal(stored.rows[1].comment, SCRIPT_COMMENT, 'the comment is kept as typed');
  assert.ok(stored.rows.every((x) => x.fiscal_year === FY && x.quarter === Q), 'the answers belong to the quarter they reached COMAP');
  assert.equal(stored.rows[0].attendance, 48);
  const needs = await server.db.query<{ description: string; channel: string }>(`SELECT description, channel FROM need WHERE subdistrict_code = $1 AND NOT is_demo`, [sub.code]);
  assert.deepEqual(needs.rows, [{ description: NEED_TEXT, channel: 'peace_council' }]);

  // The sitting is listed under the form.
  const listed = page.locator('table.fb-meetings-table tbody tr', { hasText: 'ศาลาประชาคมหมู่ที่ 3' });
  await listed.waitFor();
  assert.match(await listed.innerText(), /สภาสันติสุขตำบล/);
  assert.match(await listed.innerText(), /48/);
  await page.screenshot({ path: join(RESULTS, 'evaluation-meeting-saved-phone.png'), fullPage: true });
  await assertFits(page, 'the meeting form after saving on a phone');
  await ctx.close();
  await admin.ctx.close();
});

test('an analyst hides a comment with a reason; the agency officer of the project no longer reads it', { timeout: 600_000 }, async () => {
  // The agency officer reads the comment first, as text: the script in it does not run.
  const o = await newTestPage(browser, { width: 1366, height: 900 });
  await signIn(o.page, server.base, agencyOfficer);
  await o.page.goto(`${server.base}/evaluation?tab=comments`);
  const mine = o.page.locator('li.fb-item', { hasText: 'ถนนเข้าหมู่บ้านยังสร้างไม่เสร็จ' });
  await mine.waitFor({ timeout: 30_000 });
  assert.equal(await mine.locator('.fb-text').innerText(), SCRIPT_COMMENT, 'the script tag is shown as text');
  assert.equal(await o.page.evaluate(() => (window as any).__pwned), undefined, 'and never runs');
  assert.equal(await o.page.getByRole('button', { name: 'ซ่อนความคิดเห็น' }).count(), 0, 'an agency officer does not moderate');
  assert.equal(await o.page.locator('input[name=comments-mine]').isChecked(), true, 'the officer starts on their own agency');

  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 900 });
  await signIn(page, server.base, analyst);
  await page.goto(`${server.base}/evaluation?tab=comments&province=98`);
  await page.locator('select[name=comments-project]').waitFor();
  await page.waitForFunction((id) => !!document.querySelector(`select[name=comments-project] option[value="${id}"]`), projectA.id);
  await page.selectOption('select[name=comments-project]', String(projectA.id));
  const item = page.locator('li.fb-item', { hasText: 'ถนนเข้าหมู่บ้านยังสร้างไม่เสร็จ' });
  await item.waitFor();
  assert.match(await item.locator('.fb-item-meta').innerText(), /สภาสันติสุขตำบล/);
  assert.equal(await item.locator('.fb-meets').innerText(), 'ตรงบางส่วน');
  await item.getByRole('button', { name: 'ซ่อนความคิดเห็น' }).click();
  await item.getByRole('button', { name: 'ยืนยันการซ่อน' }).click();
  assert.equal(await item.locator('.alert-error').innerText(), 'กรุณาระบุเหตุผลที่ซ่อน');
  await item.locator('textarea[name=hide-reason]').fill('มีข้อความที่อาจเป็นโค้ดอันตราย');
  await item.getByRole('button', { name: 'ยืนยันการซ่อน' }).click();
  await item.locator('.fb-hidden-note').waitFor();
  assert.match(await item.locator('.fb-hidden-note').innerText(), /ความคิดเห็นนี้ถูกซ่อนเมื่อ .* เหตุผล: มีข้อความที่อาจเป็นโค้ดอันตราย/);
  await item.getByRole('button', { name: 'ยกเลิกการซ่อน' }).waitFor();
  const audit = await server.db.query(`SELECT 1 FROM audit_log WHERE entity = 'feedback' AND action = 'hide' AND (coalesce(after::text, '') || coalesce(details::text, '')) LIKE '%มีข้อความที่อาจเป็นโค้ดอันตราย%'`);
  assert.equal(audit.rows.length, 1, 'the hiding is audited with its reason');

  // A comment that came with contact details (the demo's; one is given here if none is still kept):
  // the analyst reveals them and is told the reveal is recorded.
  const pick = (await server.db.query<{ id: string; project_id: string; fiscal_year: number; has: boolean }>(
    // (The demo's contacts were given as of its load date, so their retention may have run out by now;
  // the newest such comment is on the first page of its project, which lists newest first.)
    `SELECT f.id, f.project_id, f.fiscal_year, c.id IS NOT NULL AS has FROM feedback f LEFT JOIN public_contact c ON c.feedback_id = f.id
      WHERE f.province_code = '98' AND f.comment <> '' AND f.hidden_at IS NULL AND (c.id IS NULL OR c.delete_after > now())
      ORDER BY (c.id IS NULL), f.received_at DESC, f.id DESC LIMIT 1`,
  )).rows[0];
  if (!pick.has) {
    await server.db.query(
      `INSERT INTO public_contact (feedback_id, name, phone, consent_at, consent_version, delete_after) VALUES ($1, 'นางสมใจ ใจดี', '081-234-5678', now(), $2, now() + interval '180 days')`,
      [pick.id, CONSENT_VERSION],
    );
  }
  await page.selectOption('select[name=comments-fy]', String(pick.fiscal_year));
  await page.waitForFunction((id) => !!document.querySelector(`select[name=comments-project] option[value="${id}"]`), pick.project_id);
  await page.selectOption('select[name=comments-project]', String(pick.project_id));
  const withContact = page.locator(`li.fb-item[data-id="${pick.id}"]`);
  await withContact.waitFor();
  const audits = async () => Number((await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE entity = 'public_contact'`)).rows[0].n);
  const before = await audits();
  await withContact.getByRole('button', { name: 'ดูข้อมูลติดต่อ' }).click();
  assert.match(await withContact.locator('.fb-confirm').innerText(), /ระบบจะบันทึกการเปิดดูครั้งนี้/);
  await withContact.getByRole('button', { name: 'เปิดดูข้อมูลติดต่อ' }).click();
  await withContact.locator('.fb-contact').waitFor();
  assert.match(await withContact.locator('.fb-contact').innerText(), /ระบบจะลบข้อมูลเมื่อ/);
  assert.match(await withContact.locator('.fb-audit-note').innerText(), /บันทึกการเปิดดูข้อมูลติดต่อครั้งนี้ไว้ในประวัติการใช้งานแล้ว/);
  assert.equal(await audits(), before + 1, 'the reveal is audited');
  await page.screenshot({ path: join(RESULTS, 'evaluation-comments-desktop.png'), fullPage: false });
  await assertFits(page, 'the comments on a desktop');

  // The agency officer reads the list again: the comment is gone from it; asking for hidden ones
  // shows that it was hidden and why, never its text.
  await o.page.reload();
  await o.page.locator('.fb-count').waitFor();
  assert.equal(await o.page.locator('li.fb-item', { hasText: 'ถนนเข้าหมู่บ้านยังสร้างไม่เสร็จ' }).count(), 0);
  await o.page.selectOption('select[name=comments-hidden]', 'only');
  const hiddenItem = o.page.locator('li.fb-item', { hasText: 'มีข้อความที่อาจเป็นโค้ดอันตราย' });
  await o.page.waitForFunction(() => document.querySelector('.fb-count') && !document.querySelector('.fb-list')?.textContent?.includes('ถนนเข้าหมู่บ้าน'));
  if (await hiddenItem.count()) {
    assert.doesNotMatch(await hiddenItem.innerText(), /ถนนเข้าหมู่บ้าน/, 'the hidden text never reaches the officer');
  }
  assert.doesNotMatch(await o.page.locator('main').innerText(), /ถนนเข้าหมู่บ้านยังสร้างไม่เสร็จ/);
  const api = await o.page.request.get(`${server.base}/api/feedback?provinceCode=98&projectId=${projectA.id}&hidden=include`);
  assert.doesNotMatch(await api.text(), /ถนนเข้าหมู่บ้าน/, 'nor does the API give it');
  await ctx.close();
  await o.ctx.close();
});

test('an agency officer reads the evaluation of their own projects; an analyst recomputes the running quarter', { timeout: 600_000 }, async () => {
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, agencyOfficer);
  await page.goto(`${server.base}/evaluation`);
  await page.locator('table.fb-eval-table, .fb-empty').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('select[name=evaluation-dimension]').inputValue(), 'project');
  assert.equal(await page.locator('input[name=evaluation-mine]').isChecked(), true, 'starts on their own agency');
  assert.equal(await page.getByRole('button', { name: 'คำนวณผลใหม่' }).count(), 0, 'an agency officer does not recompute');
  // The demo's answers: the page opens on the newest period that has some.
  const shown = { fy: Number(await page.locator('select[name=evaluation-fy]').inputValue()), q: Number(await page.locator('select[name=evaluation-quarter]').inputValue()) };
  const snap = (await server.db.query<{ state: string; answers: number }>(`SELECT state, answers FROM evaluation_snapshot WHERE province_code = '98' AND fiscal_year = $1 AND quarter = $2`, [shown.fy, shown.q])).rows[0];
  assert.ok(snap && snap.answers > 0, `the period shown (${shown.fy} Q${shown.q}) has answers`);
  assert.match(await page.locator('.fb-state-line').first().innerText(), snap.state === 'closed' ? /ปิดงวดแล้ว ปิดงวดเมื่อ/ : /ผลเบื้องต้น .*คำนวณเมื่อ/);

  const own = new Set((await server.db.query<{ id: string }>(`SELECT id FROM project WHERE agency_id = $1`, [projectA.agencyId])).rows.map((r) => String(r.id)));
  const rows = page.locator('table.fb-eval-table tbody tr');
  await rows.first().waitFor();
  const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')!));
  assert.ok(keys.length > 0, 'their projects have answers');
  assert.ok(keys.every((k) => own.has(k)), 'every line is one of their agency\'s projects');
  // Each line shows its shares, or says it has too few answers without showing any.
  for (const tr of await rows.all()) {
    const text = await tr.innerText();
    if ((await tr.getAttribute('class'))?.includes('fb-too-few')) {
      assert.match(text, /ข้อมูลน้อยเกินกว่าจะสรุปผล/);
      assert.doesNotMatch(text, /%/, 'no share for too few answers');
    } else {
      assert.match(text, /\d+(\.\d)?%/);
    }
  }
  const all = await page.locator('table.fb-eval-table tbody tr').count();
  await page.locator('input[name=evaluation-mine]').uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('table.fb-eval-table tbody tr').length > n, all);
  await page.locator('input[name=evaluation-mine]').check();
  await page.screenshot({ path: join(RESULTS, 'evaluation-agency-desktop.png'), fullPage: true });
  await assertFits(page, 'the evaluation on a desktop');
  // The export of the year, as the buttons link it.
  const xlsx = page.locator('a', { hasText: 'ดาวน์โหลด Excel (XLSX)' });
  const res = await page.request.get(`${server.base}${await xlsx.getAttribute('href')}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /spreadsheetml/);
  assert.deepEqual(failed, []);
  await ctx.close();

  // The analyst recomputes this quarter: the meeting of the first test is counted, too few to judge.
  const a = await newTestPage(browser, { width: 1366, height: 900 });
  await signIn(a.page, server.base, analyst);
  await a.page.goto(`${server.base}/evaluation?province=98`);
  await a.page.locator('select[name=evaluation-fy]').waitFor();
  await a.page.locator('.fb-state-line, .fb-state').first().waitFor();
  await a.page.selectOption('select[name=evaluation-fy]', String(FY));
  await a.page.selectOption('select[name=evaluation-quarter]', String(Q));
  await a.page.selectOption('select[name=evaluation-dimension]', 'subdistrict');
  await a.page.getByRole('button', { name: 'คำนวณผลใหม่' }).click();
  await a.page.locator('.alert-success', { hasText: 'คำนวณผลเรียบร้อยแล้ว' }).waitFor();
  const line = a.page.locator(`table.fb-eval-table tbody tr[data-key="${sub.code}"]`);
  await line.waitFor();
  assert.match(await line.innerText(), new RegExp(sub.nameTh));
  assert.match(await line.locator('td').first().innerText(), /^4$/);
  assert.match(await line.innerText(), /ข้อมูลน้อยเกินกว่าจะสรุปผล/, 'four answers are too few to judge');
  assert.match(await a.page.locator('.fb-state-line').first().innerText(), /ผลเบื้องต้น/);
  await a.page.locator('table.fb-history-table').waitFor();
  assert.match(await a.page.locator('table.fb-history-table tr.selected').innerText(), new RegExp(`ไตรมาส ${Q} ปีงบประมาณ ${FY}`));
  await a.ctx.close();
});

test('an analyst links a need of the sub-district to a project that answers it', { timeout: 600_000 }, async () => {
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, analyst);
  await page.goto(`${server.base}/evaluation?tab=needs&province=98`);
  assert.equal(await page.locator('select[name=needs-status]').inputValue(), 'open', 'the needs no project answers yet, first');
  await page.selectOption('select[name=needs-district]', sub.code.slice(0, 4));
  await page.waitForFunction((code) => !!document.querySelector(`select[name=needs-subdistrict] option[value="${code}"]`), sub.code);
  await page.selectOption('select[name=needs-subdistrict]', sub.code);
  const item = page.locator('li.fb-item', { hasText: NEED_TEXT });
  await item.waitFor();
  assert.match(await item.innerText(), /ยังไม่มีโครงการรองรับ/);
  await item.getByRole('button', { name: 'เชื่อมโยงกับโครงการ' }).click();
  await item.getByRole('button', { name: 'บันทึกการเชื่อมโยง' }).click();
  assert.equal(await item.locator('.alert-error').innerText(), 'กรุณาเลือกโครงการ');
  await page.waitForFunction((id) => !!document.querySelector(`select[name=link-project] option[value="${id}"]`), projectA.id);
  await item.locator('select[name=link-project]').selectOption(String(projectA.id));
  await item.getByRole('button', { name: 'บันทึกการเชื่อมโยง' }).click();
  await item.locator('.fb-linked').waitFor();
  assert.match(await item.locator('.fb-linked').innerText(), new RegExp(`โครงการที่รองรับ: ${projectA.title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  assert.match(await item.innerText(), /มีโครงการรองรับแล้ว/);
  const stored = await server.db.query<{ project_id: string }>(`SELECT project_id FROM need WHERE description = $1`, [NEED_TEXT]);
  assert.equal(Number(stored.rows[0].project_id), projectA.id);
  await page.screenshot({ path: join(RESULTS, 'evaluation-needs-desktop.png'), fullPage: true });
  await assertFits(page, 'the needs on a desktop');

  // No longer among the open needs; found among the answered ones.
  await page.reload();
  await page.locator('.fb-count').waitFor();
  await page.selectOption('select[name=needs-district]', sub.code.slice(0, 4));
  await page.waitForFunction((code) => !!document.querySelector(`select[name=needs-subdistrict] option[value="${code}"]`), sub.code);
  await page.selectOption('select[name=needs-subdistrict]', sub.code);
  await page.waitForFunction(() => /ยังไม่มีโครงการรองรับ/.test(document.querySelector('.fb-count')?.textContent ?? ''));
  await page.waitForTimeout(300);
  assert.equal(await page.locator('li.fb-item', { hasText: NEED_TEXT }).count(), 0);
  await page.selectOption('select[name=needs-status]', 'answered');
  await page.locator('li.fb-item', { hasText: NEED_TEXT }).waitFor();
  assert.deepEqual(failed.filter((f) => !f.startsWith('400')), []);
  await ctx.close();
});

test('the dashboard and the review pack show the people\'s evaluation of the quarter', { timeout: 600_000 }, async () => {
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 900 });
  const failed = watchFailures(page);
  await signIn(page, server.base, analyst);
  // Fiscal 2568 Q4 of the demo: closed, with answers for many agencies.
  const snap = (await server.db.query<{ answers: number }>(`SELECT answers FROM evaluation_snapshot WHERE province_code = '98' AND fiscal_year = 2568 AND quarter = 4`)).rows[0];
  await page.goto(`${server.base}/dashboard?province=98&fy=2568&quarter=4`);
  const section = page.locator('section.fb-dash');
  await section.waitFor();
  assert.equal(await section.locator('h2').innerText(), 'การประเมินโครงการโดยประชาชน ไตรมาส 4 ปีงบประมาณ 2568');
  assert.match(await section.locator('.fb-state-line').innerText(), /ปิดงวดแล้ว/);
  assert.equal(await section.locator('.fb-kpi-value').first().innerText(), snap.answers.toLocaleString('en-US'), 'every answer of the province');
  assert.match(await section.locator('.fb-kpi-value').nth(1).innerText(), /^\d+(\.\d)?%$/);
  const agencies = section.locator('table.fb-eval-table tbody tr');
  assert.ok((await agencies.count()) > 1, 'one line per agency');
  assert.match(await section.locator('table.fb-eval-table thead').innerText(), /หน่วยงาน/);
  await section.screenshot({ path: join(RESULTS, 'evaluation-dashboard-section.png') });
  // A quarter before the people's voice began has no snapshot: the section says so, with no figure.
  await page.goto(`${server.base}/dashboard?province=98&fy=2567&quarter=4`);
  await page.locator('section.fb-dash h2', { hasText: 'ไตรมาส 4 ปีงบประมาณ 2567' }).waitFor();
  assert.equal(await page.locator('section.fb-dash').innerText().then((x) => x.split('\n').slice(-1)[0]), 'ยังไม่มีผลการประเมินโครงการโดยประชาชนของไตรมาสนี้');
  assert.equal(await page.locator('section.fb-dash .fb-kpi').count(), 0);
  // The review pack draws the same section.
  await page.goto(`${server.base}/review?province=98&fy=2568&quarter=4`);
  await page.locator('section.fb-dash').waitFor();
  assert.match(await page.locator('section.fb-dash h2').innerText(), /ไตรมาส 4 ปีงบประมาณ 2568/);
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('every tab reads well on a desktop and on a phone', { timeout: 600_000 }, async () => {
  for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    const { ctx, page } = await newTestPage(browser, viewport);
    await signIn(page, server.base, analyst);
    for (const tab of ['evaluation', 'comments', 'needs', 'meeting'] as const) {
      await page.goto(`${server.base}/evaluation?province=98${tab === 'evaluation' ? '' : `&tab=${tab}`}`);
      await page.locator(`#fb-panel-${tab}`).waitFor();
      const ready = { evaluation: 'table.fb-eval-table, .fb-empty', comments: '.fb-count', needs: '.fb-count', meeting: 'form.fb-meeting' }[tab];
      await page.locator(`#fb-panel-${tab}`).locator(ready).first().waitFor({ timeout: 30_000 });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(RESULTS, `evaluation-${tab}-${label}.png`), fullPage: label === 'phone' ? false : true });
      await assertFits(page, `${tab} on a ${label}`);
    }
    await ctx.close();
  }
});
