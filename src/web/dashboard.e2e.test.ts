/**
 * The dashboard and the quarterly review pack in a real browser against a real server holding the
 * synthetic demo province (98). The demo declares target lists and projects for FY 2568 and 2569
 * and computes their indicators; FY 2567 has only its incidents, so the set-up gives it a declared
 * target list of twelve sub-districts and six projects on five of them (the first reached by four),
 * leaving seven gaps, all under the test's control. Then the director (a viewer) reads the
 * province's figures, indicators and gaps, drills into a district through the table and comes
 * back; the page works on a phone without WebGL; an analyst records the Q3 meeting with an action
 * item and a decision, freezes the pack, and finds the item carried into Q4; printing hides the top
 * bar and the forms.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type WebServer } from '../server/testing/browser.ts';
import { newTestPage, resultsDir, signIn, startDemoWebServer, watchFailures } from './e2e-helpers.ts';
import type { Dashboard, ReviewPack } from '../shared/dashboard-types.ts';

let server: WebServer;
let browser: Browser;
const RESULTS = resultsDir();
let targets: string[] = [];
let agencyName = '';
const LATE_TITLE = 'ชุดเฝ้าระวังยาเสพติดชายแดน (ทดสอบ)';

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await server.db.query<T>(sql, params)).rows;
}

/** FY 2567's declared target list and projects (the demo's own agencies, or three made here when it has none). */
async function seed(): Promise<void> {
  let agencies = await rows<{ id: number; name_th: string }>(`SELECT id, name_th FROM agency WHERE active ORDER BY id LIMIT 3`);
  if (agencies.length < 3) {
    for (const [code, name] of [
      ['e2e-irrigation', 'โครงการชลประทานจังหวัดสาธิต'],
      ['e2e-police', 'ตำรวจภูธรจังหวัดสาธิต'],
      ['e2e-cdd', 'สำนักงานพัฒนาชุมชนจังหวัดสาธิต'],
    ]) {
      await rows(`INSERT INTO agency (code, name_th, type) VALUES ($1, $2, 'line_agency') ON CONFLICT DO NOTHING`, [code, name]);
    }
    agencies = await rows(`SELECT id, name_th FROM agency WHERE active ORDER BY id LIMIT 3`);
  }
  agencyName = agencies[0].name_th;
  const existing = await rows(`SELECT 1 FROM target_list WHERE province_code = '98' AND fiscal_year = 2567`);
  assert.equal(existing.length, 0, 'the demo has no target list of FY 2567 (the test declares its own)');
  const subs = (await rows<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND code LIKE '98%' ORDER BY code`)).map((r) => r.code);
  const districts = [...new Set(subs.map((c) => c.slice(0, 4)))];
  const pick = (d: number, n: number) => subs.filter((c) => c.startsWith(districts[d])).slice(0, n);
  targets = [...pick(0, 5), ...pick(1, 4), ...pick(2, 3)];
  const [{ id: list }] = await rows<{ id: number }>(`INSERT INTO target_list (province_code, fiscal_year, version, title) VALUES ('98', 2567, 1, 'บัญชีพื้นที่เป้าหมาย ปีงบประมาณ 2567') RETURNING id`);
  await rows(`INSERT INTO target_area (list_id, area_code, categories) SELECT $1, c, '{drugs}' FROM unnest($2::text[]) c`, [list, targets]);
  await rows(`UPDATE target_list SET status = 'declared', declared_at = '2023-10-15T03:00:00Z', declaration_date = '2023-10-15', reference_number = '1234/2566' WHERE id = $1`, [list]);
  const [a, b, c] = agencies.map((x) => x.id);
  const projects: Array<[number, string, number, string, string[]]> = [
    [a, 'ฝายชะลอน้ำเพื่อการเกษตร (ทดสอบ)', 1_200_000, 'in_progress', [targets[0], targets[1]]],
    [b, LATE_TITLE, 450_000, 'planned', [targets[2]]],
    [b, 'อบรมอาสาสมัครเฝ้าระวังชุมชน (ทดสอบ)', 80_000, 'done', [targets[0]]],
    [c, 'ส่งเสริมอาชีพกลุ่มสตรี (ทดสอบ)', 600_000, 'in_progress', [targets[3], targets[4], targets[0]]],
    [a, 'ขุดลอกคลองส่งน้ำ (ทดสอบ)', 2_500_000, 'in_progress', [targets[0]]],
    [c, 'ตลาดชุมชนสันติสุข (ทดสอบ)', 150_000, 'cancelled', [targets[5]]],
  ];
  const ids: number[] = [];
  for (const [agency, title, budget, status, areas] of projects) {
    const [{ id }] = await rows<{ id: number }>(
      `INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_baht, budget_source, status, start_date, end_date, created_at)
       VALUES ($1, '98', 2567, $2, $3, 'agency', $4, '2023-10-01', '2024-09-30', '2023-10-20T00:00:00Z') RETURNING id::int AS id`,
      [agency, title, budget, status],
    );
    await rows(`INSERT INTO project_area (project_id, area_code, subdistrict_code) SELECT $1, x, substr(x, 1, 6) FROM unnest($2::text[]) x`, [id, areas]);
    ids.push(id);
  }
  // The weir reports every quarter on time; the planned patrol never reports (late from Q1 on).
  for (const q of [1, 2, 3]) {
    await rows(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, reported_at) VALUES ($1, 2567, $2, $3, $4)`, [ids[0], q, q * 25, `2024-0${3 * q - 2}-10T03:00:00Z`]);
  }
}

before(async () => {
  server = await startDemoWebServer();
  await seed();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The JSON the page itself reads, fetched in the page with its session. */
async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const r = await fetch(u);
    if (!r.ok) throw new Error(`${r.status} ${u}`);
    return r.json();
  }, url);
}

async function dashboardMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const m = window.__comapDashboardMap as any;
    return !!m && m.loaded() && m.isStyleLoaded() && m.areTilesLoaded();
  }, null, { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
}

/** Waits until the address has these query values (null = absent); replaceState is no navigation, so waitForURL does not see it. */
async function addressHas(page: Page, want: Record<string, string | null>): Promise<void> {
  await page.waitForFunction((w) => {
    const q = new URLSearchParams(location.search);
    return Object.entries(w).every(([k, v]) => q.get(k) === v);
  }, want, { timeout: 30_000 });
}

const baht = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);

test('the director reads the province, sees the gaps and drills into a district and back', { timeout: 300_000 }, async () => {
  const user = await server.addUser('viewer');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);

  await page.getByRole('link', { name: 'ภาพรวมสถานการณ์' }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await addressHas(page, { province: '98' });
  await page.locator('.dash-kpis').waitFor();
  await page.selectOption('select[name=fy]', '2567');
  await page.selectOption('select[name=quarter]', '4');
  await addressHas(page, { fy: '2567', quarter: '4' });
  await page.locator('.dash-period', { hasText: 'ไตรมาส 4 ปีงบประมาณ 2567' }).waitFor();
  assert.match(await page.locator('.dash-period').innerText(), /ข้อมูล ณ วันที่ 30 กันยายน 2567 \(สิ้นไตรมาส\)/, 'the end of Q4 is the last day of September, in the Buddhist Era');
  const d = await apiGet<Dashboard>(page, '/api/dashboard?province=98&fy=2567&quarter=4');

  // Headline figures as the API counts them.
  const kpis = page.locator('.dash-kpi');
  assert.equal(await kpis.nth(0).locator('.dash-kpi-value').innerText(), baht(d.totals.incidents));
  assert.match(await kpis.nth(1).innerText(), new RegExp(`${d.totals.coveredTargetAreas} จาก ${d.totals.targetAreas} แห่ง`));
  assert.equal(await kpis.nth(2).locator('.dash-kpi-value').innerText(), baht(d.totals.projects));
  assert.equal(await kpis.nth(3).locator('.dash-kpi-value').innerText(), baht(d.totals.budgetBaht));
  assert.equal(d.totals.projects, 6, 'the six projects of the set-up, cancelled one included');
  assert.equal(await kpis.nth(3).locator('.dash-kpi-value').innerText(), '4,980,000');

  // The demo computes no indicator for FY 2567: the Thai empty state.
  if (d.indicators.length === 0) await page.locator('.dash-indicators', { hasText: 'ยังไม่ได้คำนวณตัวชี้วัด' }).waitFor();
  else assert.equal(await page.locator('.dash-ind').count(), d.indicators.length);

  // The chart: one legend entry per category; the four quarters of 2567 add up to this year's count.
  assert.equal(await page.locator('.dash-incidents .dash-legend li').count(), d.incidentsByQuarter.series.length);
  await page.getByText('ดูข้อมูลเป็นตาราง').click();
  const footer = await page.locator('.dash-inc-table tfoot td').allInnerTexts();
  const fy2567 = footer.slice(4, 8).map((s) => Number(s.replace(/,/g, '')));
  assert.equal(fy2567.reduce((s, n) => s + n, 0), d.totals.incidents);

  // The gaps, listed beside the map, one per target area without a project.
  const gaps = d.targetAreas.filter((a) => a.projects === 0);
  assert.ok(targets.slice(6).every((c) => gaps.some((g) => g.code === c)), 'the six sub-districts no project reaches are gaps');
  assert.equal(await page.locator('.dash-gap-list li').count(), gaps.length);
  assert.match(await page.locator('#dash-gaps-title').innerText(), new RegExp(`พื้นที่เป้าหมายที่ยังไม่มีโครงการ\\s+${gaps.length} แห่ง`));
  assert.deepEqual(await page.locator('.dash-gap-list li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code'))), gaps.map((g) => g.code));

  // The map: the sub-district four projects reach is in the darkest class, a gap in class 0.
  await dashboardMapIdle(page);
  // No named function inside evaluate: the test runner's transform would name it with a helper the page lacks.
  const states = await page.evaluate((codes) => {
    const m = window.__comapDashboardMap as any;
    return codes.map((c) => m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: Number(c) }));
  }, [targets[0], targets[11]]);
  assert.equal(states[0].c, 3);
  assert.equal(states[1].c, 0);
  assert.equal(states[1].g, true);
  await page.screenshot({ path: join(RESULTS, 'dashboard-province.png'), fullPage: true });

  // Budget by target area: largest first, baht with separators, the totals row.
  const firstBudget = await page.locator('.dash-budget-table tbody tr').first().locator('td').nth(2).innerText();
  assert.equal(firstBudget, baht(Math.max(...d.targetAreas.map((a) => a.budgetBaht))));

  // Drill into the district of the most covered sub-district by clicking its row.
  const district = d.children.find((c) => c.code === targets[0].slice(0, 4))!;
  await page.locator(`tr.dash-drill-row[data-code="${district.code}"] td`).first().click();
  await addressHas(page, { area: district.code });
  const crumbs = page.locator('.dash-breadcrumb li');
  await page.waitForFunction(() => document.querySelectorAll('.dash-breadcrumb li').length === 2);
  assert.match(await crumbs.nth(1).innerText(), new RegExp(`อำเภอ${district.nameTh}`));
  assert.equal(await crumbs.nth(1).locator('[aria-current=page]').count(), 1);
  await page.locator('#dash-children-title', { hasText: 'รายตำบล' }).waitFor();
  const dd = await apiGet<Dashboard>(page, `/api/dashboard?province=98&fy=2567&quarter=4&area=${district.code}`);
  assert.equal(await page.locator('.dash-children-table tbody tr').count(), dd.children.length);
  assert.equal(await page.locator('.dash-kpi').nth(2).locator('.dash-kpi-value').innerText(), baht(dd.totals.projects));
  await dashboardMapIdle(page);
  await page.screenshot({ path: join(RESULTS, 'dashboard-district.png'), fullPage: true });

  // Back goes up to the province again; the breadcrumb's first step does too.
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.dash-breadcrumb li').length === 1);
  assert.equal(new URL(page.url()).searchParams.get('area'), null);

  // FY 2568, whose indicators the demo computes: one card per indicator, the status in words as well as colour.
  await page.selectOption('select[name=fy]', '2568');
  await addressHas(page, { fy: '2568' });
  await page.locator('.dash-period', { hasText: 'ไตรมาส 4 ปีงบประมาณ 2568' }).waitFor();
  const d68 = await apiGet<Dashboard>(page, '/api/dashboard?province=98&fy=2568&quarter=4');
  const words = { on_track: 'ตามเป้าหมาย', at_risk: 'เฝ้าระวัง', off_track: 'ต่ำกว่าเป้าหมาย', no_target: 'ยังไม่กำหนดเป้าหมาย', no_data: 'ไม่มีข้อมูล' };
  if (d68.indicators.length) {
    await page.locator('.dash-ind').first().waitFor();
    assert.equal(await page.locator('.dash-ind').count(), d68.indicators.length);
    assert.deepEqual(await page.locator('.dash-ind .dash-status').allInnerTexts(), d68.indicators.map((x) => words[x.status]));
    assert.equal(await page.locator('.dash-ind').first().locator('h3').innerText(), d68.indicators[0].nameTh);
  }
  await dashboardMapIdle(page);
  await page.screenshot({ path: join(RESULTS, 'dashboard-indicators.png'), fullPage: true });

  // Full screen for the meeting room's screen: the dashboard alone, and back.
  await page.getByRole('button', { name: 'เต็มจอ' }).click();
  await page.waitForFunction(() => document.fullscreenElement?.classList.contains('dash-page'));
  await page.getByRole('button', { name: 'ออกจากเต็มจอ' }).click();
  await page.waitForFunction(() => !document.fullscreenElement);

  // Printing: no top bar, no controls; the map is printed as the image of its last frame.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.locator('.dash-controls').isVisible(), false);
  assert.equal(await page.locator('.dash-map-print').isVisible(), true);
  assert.match((await page.locator('.dash-map-print').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
  await page.screenshot({ path: join(RESULTS, 'dashboard-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('on a phone and without WebGL the page still gives the figures and the gaps', { timeout: 180_000 }, async () => {
  const user = await server.addUser('viewer');
  const { ctx, page } = await newTestPage(browser, { width: 390, height: 844 });
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return type.startsWith('webgl') ? null : (original as any).call(this, type, ...rest);
    } as typeof original;
  });
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/dashboard?province=98&fy=2567&quarter=4`);
  await page.locator('.dash-map-failed', { hasText: 'ไม่รองรับ WebGL' }).waitFor();
  assert.ok((await page.locator('.dash-gap-list li').count()) > 0);
  // The page itself does not scroll sideways; wide tables scroll inside their frame.
  const overflow = await page.evaluate(() => document.querySelector('.dash-page')!.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the dashboard fits 390 px (overflow ${overflow} px)`);
  await page.screenshot({ path: join(RESULTS, 'dashboard-phone.png'), fullPage: true });
  await ctx.close();
});

test('the analyst records the Q3 review, freezes its pack and finds the action item carried into Q4', { timeout: 300_000 }, async () => {
  const user = await server.addUser('analyst');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  const failed = watchFailures(page);
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/review?province=98&fy=2567&quarter=3`);
  await page.locator('.dash-pack-state', { hasText: 'ยังไม่ได้บันทึกฉบับนำเสนอในที่ประชุม' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'บันทึกฉบับนำเสนอในที่ประชุม' }).isDisabled(), true, 'no meeting recorded yet');

  // The late reports of the pack: the patrol that never reported, with its due date in the Buddhist Era.
  const pack = await apiGet<ReviewPack>(page, '/api/reviews/98/2567/3');
  assert.equal(await page.locator('.dash-late-table tbody tr').count(), pack.dashboard.lateReports.length);
  const late = pack.dashboard.lateReports.find((l) => l.title === LATE_TITLE && l.quarter === 1)!;
  assert.equal(late.dueDate, '2024-01-15');
  const lateRow = page.locator('.dash-late-table tbody tr', { hasText: LATE_TITLE }).filter({ hasText: 'ไตรมาส 1 ปีงบประมาณ 2567' });
  assert.deepEqual((await lateRow.locator('td').allInnerTexts()).slice(3), ['15 ม.ค. 2567', String(late.daysLate)]);

  // The meeting record.
  const meeting = page.locator('form.dash-meeting-form');
  await meeting.locator('input[name=heldOn]').fill('2024-07-20');
  await meeting.getByText('ตรงกับ 20 กรกฎาคม 2567').waitFor();
  await meeting.locator('input[name=place]').fill('ห้องประชุมศาลากลางจังหวัดสาธิต');
  await meeting.locator('input[name=chair]').fill('ผู้ว่าราชการจังหวัดสาธิต');
  await meeting.locator('textarea[name=attendees]').fill('หัวหน้าส่วนราชการ 24 หน่วยงาน');
  await meeting.locator('textarea[name=summary]').fill('ที่ประชุมรับทราบสถานการณ์ไตรมาส 3 และพื้นที่เป้าหมายที่ยังไม่มีโครงการ');
  await meeting.getByRole('button', { name: 'บันทึกข้อมูลการประชุม' }).click();
  await meeting.locator('.alert-success', { hasText: 'บันทึกข้อมูลการประชุมแล้ว' }).waitFor();

  // An action item without an owner is refused in the page, with the reason in Thai.
  const add = page.locator('.dash-add-card form');
  const text = 'เร่งรัดหน่วยงานส่งรายงานความก้าวหน้าที่ค้างส่งให้ครบ';
  await add.locator('textarea[name=text]').fill(text);
  await add.locator('input[name=dueDate]').fill('2024-08-15');
  await add.getByRole('button', { name: 'เพิ่มมติหรือข้อสั่งการ' }).click();
  await add.getByText('ข้อสั่งการต้องมีผู้รับผิดชอบ').waitFor();
  await add.locator('select[name=ownerAgencyId]').selectOption({ label: agencyName });
  await add.getByRole('button', { name: 'เพิ่มมติหรือข้อสั่งการ' }).click();
  await page.locator('.alert-success', { hasText: 'เพิ่มรายการแล้ว' }).waitFor();
  const item = page.locator('table[aria-label="ข้อสั่งการ"] tbody tr', { hasText: text });
  await item.waitFor();
  const cells = await item.locator('td').allInnerTexts();
  assert.equal(cells[2], agencyName);
  assert.equal(cells[3], '15 ส.ค. 2567');
  assert.match(cells[4], /ดำเนินการ\s*⚠?\s*เลยกำหนด/, 'open and past its due date');
  // A decision needs no owner.
  await add.locator('input[name=add-kind][value=decision]').check();
  await add.locator('textarea[name=text]').fill('เห็นชอบให้จัดทำโครงการในพื้นที่เป้าหมายที่ยังไม่มีโครงการ');
  await add.getByRole('button', { name: 'เพิ่มมติหรือข้อสั่งการ' }).click();
  await page.locator('table[aria-label="มติที่ประชุม"] tbody tr', { hasText: 'เห็นชอบให้จัดทำโครงการ' }).waitFor();
  await page.screenshot({ path: join(RESULTS, 'review-q3.png'), fullPage: true });

  // Freezing asks first, in Thai, and says it cannot be undone.
  await page.getByRole('button', { name: 'บันทึกฉบับนำเสนอในที่ประชุม' }).click();
  const dialog = page.locator('dialog.dash-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /แก้ไข ยกเลิก หรือบันทึกซ้ำไม่ได้/);
  await page.screenshot({ path: join(RESULTS, 'review-freeze-dialog.png') });
  await dialog.getByRole('button', { name: 'ยืนยันการบันทึก' }).click();
  await page.locator('.dash-pack-frozen', { hasText: 'ฉบับที่นำเสนอในที่ประชุม (บันทึกไว้เมื่อ' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'บันทึกฉบับนำเสนอในที่ประชุม' }).count(), 0, 'a frozen pack cannot be frozen again');
  await page.getByRole('button', { name: 'แสดงตัวเลขล่าสุด' }).click();
  await page.locator('.dash-pack-state', { hasText: 'กำลังแสดงตัวเลขล่าสุด' }).waitFor();
  await addressHas(page, { live: 'true' });
  await page.getByRole('button', { name: 'แสดงฉบับที่นำเสนอในที่ประชุม' }).click();
  await page.locator('.dash-pack-frozen').waitFor();

  // The handout: printing shows the meeting record as text, without the top bar and the forms.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.locator('form.dash-meeting-form').isVisible(), false);
  assert.equal(await page.locator('.dash-meeting-dl').isVisible(), true);
  assert.match(await page.locator('.dash-meeting-dl').innerText(), /20 กรกฎาคม 2567/);
  await page.screenshot({ path: join(RESULTS, 'review-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // The next quarter's pack carries the open item, with where it comes from and the overdue badge.
  await page.getByRole('button', { name: 'ไตรมาสถัดไป ›' }).click();
  await addressHas(page, { quarter: '4' });
  const carried = page.locator('table[aria-label="เรื่องค้างจากไตรมาสก่อน"] tbody tr', { hasText: text });
  await carried.waitFor();
  const c = await carried.locator('td').allInnerTexts();
  assert.equal(c[1], 'ไตรมาส 3 ปีงบประมาณ 2567');
  assert.match(c[5], /เลยกำหนด/);
  // Closing it there: done, with a note.
  await carried.getByRole('button', { name: 'แก้ไข' }).click();
  const edit = page.locator('tr.dash-editing form');
  await edit.locator('select[name=status]').selectOption('done');
  await edit.locator('textarea[name=statusNote]').fill('ทุกหน่วยงานส่งรายงานครบแล้ว');
  await edit.getByRole('button', { name: 'บันทึก', exact: true }).click();
  const closed = page.locator('table[aria-label="เรื่องค้างจากไตรมาสก่อน"] tbody tr', { hasText: text });
  await closed.locator('.dash-action-done', { hasText: 'แล้วเสร็จ' }).waitFor();
  assert.match(await closed.innerText(), /ทุกหน่วยงานส่งรายงานครบแล้ว/);
  await page.screenshot({ path: join(RESULTS, 'review-q4-carried.png'), fullPage: true });
  assert.deepEqual(failed, []);
  await ctx.close();
});

test('a viewer reads the pack without forms; the copy frozen with restricted figures is not shown to them', { timeout: 120_000 }, async () => {
  const user = await server.addUser('viewer');
  const { ctx, page } = await newTestPage(browser, { width: 1366, height: 1000 });
  await signIn(page, server.base, user);
  await page.goto(`${server.base}/review?province=98&fy=2567&quarter=3`);
  await page.locator('.dash-meeting-dl', { hasText: 'ผู้ว่าราชการจังหวัดสาธิต' }).waitFor();
  assert.equal(await page.locator('form').count(), 0, 'no form for a viewer');
  await page.locator('.dash-pack-state', { hasText: 'รวมข้อมูลที่ท่านไม่มีสิทธิ์เข้าถึง' }).waitFor();
  await ctx.close();
});
