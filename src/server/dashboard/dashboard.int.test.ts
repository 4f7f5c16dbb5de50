/**
 * The dashboard and the quarterly review pack through the HTTP API, on the real sub-districts of
 * Surin (32) with a declared target list, three projects and incidents in two fiscal years. Every
 * expected figure is worked out by hand in the comments.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addIncidents } from '../testing/fixtures.ts';
import { requestAs, startTargetsTestApp, VILLAGE, type TargetsTestApp } from '../targets/test-fixtures.ts';
import type { Dashboard, ReviewPack } from '../../shared/dashboard-types.ts';

let s: TargetsTestApp;
let agencyA: number;
let agencyB: number;
let listId: number;
let officer: string;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await s.t.db.query<T>(sql, params)).rows[0];
}

async function project(agency: number, title: string, budget: number, status: string, areas: string[], startDate = '2024-10-01'): Promise<number> {
  const p = await one<{ id: number }>(
    `INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_baht, budget_source, status, start_date, end_date)
     VALUES ($1, '32', 2568, $2, $3, 'agency', $4, $5, '2025-09-30') RETURNING id::int AS id`,
    [agency, title, budget, status, startDate],
  );
  await s.t.db.query(`INSERT INTO project_area (project_id, area_code, subdistrict_code) SELECT $1, c, substr(c, 1, 6) FROM unnest($2::text[]) c`, [p.id, areas]);
  return p.id;
}

async function dashboard(cookie: string, query: string): Promise<Dashboard> {
  const r = await requestAs(s.t, 'GET', `/api/dashboard?${query}`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

before(async () => {
  s = await startTargetsTestApp();
  agencyA = (await one<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('rid-8', 'สำนักงานชลประทานที่ 8', 'line_agency') RETURNING id`)).id;
  agencyB = (await one<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('police-32', 'ตำรวจภูธรจังหวัดสุรินทร์', 'security') RETURNING id`)).id;
  // The target list of FY 2568, declared on 15 October 2024: three sub-districts and a village of 320101.
  listId = (
    await one<{ id: number }>(`INSERT INTO target_list (province_code, fiscal_year, version, title) VALUES ('32', 2568, 1, 'บัญชีทดสอบ') RETURNING id`)
  ).id;
  await s.t.db.query(
    `INSERT INTO target_area (list_id, area_code, categories) SELECT $1, c, '{drugs}' FROM unnest($2::text[]) c`,
    [listId, ['320101', '320102', '320103', VILLAGE]],
  );
  await s.t.db.query(
    `UPDATE target_list SET status = 'declared', declared_at = '2024-10-15T03:00:00Z', declaration_date = '2024-10-15', reference_number = '123/2567' WHERE id = $1`,
    [listId],
  );
  // P1: 300,000 baht over 320101 and 320105 (150,000 each), in progress, reported Q1 on time.
  const p1 = await project(agencyA, 'ฝายชะลอน้ำ', 300_000, 'in_progress', ['320101', '320105']);
  await s.t.db.query(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, reported_at) VALUES ($1, 2568, 1, 30, '2025-01-10T03:00:00Z')`, [p1]);
  // P2: 100,000 baht on 320103, planned, never reported: Q1 was due on 15 January 2025.
  await project(agencyB, 'ชุดปฏิบัติการยาเสพติด', 100_000, 'planned', ['320103']);
  // P3: 50,000 baht outside every target (320201, another district), done, reported Q1.
  const p3 = await project(agencyB, 'อบรมอาสาสมัคร', 50_000, 'done', ['320201']);
  await s.t.db.query(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, reported_at) VALUES ($1, 2568, 1, 100, '2025-01-05T03:00:00Z')`, [p3]);
  // P4 starts after the quarter asked for and must not count; P5 is cancelled and reaches nothing.
  await project(agencyA, 'โครงการภายหลัง', 1_000_000, 'planned', ['320102'], '2025-06-01');
  await project(agencyA, 'โครงการที่ยกเลิก', 10_000, 'cancelled', ['320102']);
  // Incidents: 10 in 320101 in Q1 FY 2567 and 5 (+2 restricted) in Q1 FY 2568; 3 in 320201 in Q2 FY 2568.
  await addIncidents(s.t.db, '320101', 'drugs', 10, 3, '2023-11-01T10:00:00+07:00');
  await addIncidents(s.t.db, '320101', 'drugs', 5, 3, '2024-11-01T10:00:00+07:00');
  await addIncidents(s.t.db, '320201', 'flood', 3, 2, '2025-02-01T10:00:00+07:00');
  await s.t.db.query(`UPDATE incident SET classification = 'internal'`);
  await addIncidents(s.t.db, '320101', 'drugs', 2, 5, '2024-11-02T10:00:00+07:00');
  officer = await s.t.userCookie('area_officer', { areaCodes: ['320101'] });
});

after(async () => {
  await s.t.close();
});

test('the province dashboard as of the end of Q2 FY 2568 counts what was known then', async () => {
  const d = await dashboard(s.admin, 'province=32&fy=2568&quarter=2');
  assert.equal(d.asOf, '2025-03-31T17:00:00.000Z', 'the end of Q2 is midnight 1 April 2025 in Thailand');
  assert.equal(d.targetList?.id, listId);
  assert.equal(d.targetList?.referenceNumber, '123/2567');
  // 4 targets; 320101 (P1), 320103 (P2) and the village of 320101 (P1 on its sub-district) are reached; 320102 is a gap
  // (P4 on 320102 starts in June, after the quarter; P5 on it is cancelled).
  assert.equal(d.totals.targetAreas, 4);
  assert.equal(d.totals.coveredTargetAreas, 3);
  const byCode = new Map(d.targetAreas.map((t) => [t.code, t]));
  assert.equal(byCode.get('320102')!.projects, 0);
  assert.equal(byCode.get('320101')!.projects, 1);
  assert.equal(byCode.get('320101')!.budgetBaht, 150_000);
  assert.equal(byCode.get(VILLAGE)!.projects, 1);
  assert.equal(byCode.get(VILLAGE)!.budgetBaht, 0, 'the budget share of P1 on 320101 is counted once, for the sub-district');
  assert.equal(byCode.get('320103')!.budgetBaht, 100_000);
  assert.equal(d.totals.projects, 4, 'P1, P2, P3 and the cancelled P5');
  assert.equal(d.totals.budgetBaht, 460_000);
  // Incidents this fiscal year up to the cut-off (5 + 2 restricted + 3) against the same span a year earlier (10).
  assert.equal(d.totals.incidents, 10);
  assert.equal(d.totals.incidentsPrevious, 10);
  assert.equal(byCode.get('320101')!.incidents, 7);
  assert.equal(byCode.get('320101')!.incidentsPrevious, 10);
  // Quarters from Q1 FY 2567 to Q2 FY 2568.
  assert.deepEqual(d.incidentsByQuarter.quarters.map((q) => `${q.fiscalYear}Q${q.quarter}`), ['2567Q1', '2567Q2', '2567Q3', '2567Q4', '2568Q1', '2568Q2']);
  const drugs = d.incidentsByQuarter.series.find((x) => x.category === 'drugs')!;
  assert.deepEqual(drugs.counts, [10, 0, 0, 0, 7, 0]);
  assert.deepEqual(d.incidentsByQuarter.series.find((x) => x.category === 'flood')!.counts, [0, 0, 0, 0, 0, 3]);
  // P2's Q1 report was due on 15 January 2025 and is missing: late from 16 January, day 76 at 1 April.
  assert.deepEqual(
    d.lateReports.map((l) => [l.title, l.fiscalYear, l.quarter, l.dueDate, l.daysLate]),
    [['ชุดปฏิบัติการยาเสพติด', 2568, 1, '2025-01-15', 76]],
  );
  assert.deepEqual(d.agencies.find((a) => a.agencyId === agencyA)!.byStatus, { planned: 0, in_progress: 1, done: 0, cancelled: 1 });
  const b = d.agencies.find((a) => a.agencyId === agencyB)!;
  assert.deepEqual(b.byStatus, { planned: 1, in_progress: 0, done: 1, cancelled: 0 });
  assert.equal(b.budgetBaht, 150_000);
  assert.equal(b.lateReports, 1);
  // Drill-down rows: the district of Mueang Surin holds every target and all of P1 (300,000), P2 (100,000) and P5 (10,000).
  const mueang = d.children.find((c) => c.code === '3201')!;
  assert.deepEqual([mueang.targetAreas, mueang.coveredTargetAreas, mueang.projects, mueang.budgetBaht, mueang.incidents], [4, 3, 3, 410_000, 7]);
  const d3202 = d.children.find((c) => c.code === '3202')!;
  assert.deepEqual([d3202.targetAreas, d3202.projects, d3202.budgetBaht, d3202.incidents], [0, 1, 50_000, 3]);
});

test('drilling into a district and a sub-district narrows every figure and gives the path back', async () => {
  const d = await dashboard(s.admin, 'province=32&fy=2568&quarter=2&area=3201');
  assert.deepEqual(d.path.map((a) => a.code), ['32', '3201']);
  assert.ok(d.children.every((c) => c.code.startsWith('3201') && c.level === 3));
  assert.equal(d.totals.projects, 3);
  const sub = await dashboard(s.admin, 'province=32&fy=2568&quarter=2&area=320101');
  assert.deepEqual(sub.path.map((a) => a.code), ['32', '3201', '320101']);
  assert.deepEqual(sub.targetAreas.map((t) => t.code).sort(), ['320101', VILLAGE]);
  assert.equal(sub.totals.budgetBaht, 150_000);
  assert.equal(sub.children.length, 0);
});

test('need-to-know: restricted incidents only for analysts, an area officer only their sub-district', async () => {
  const v = await dashboard(s.viewer, 'province=32&fy=2568&quarter=2');
  assert.equal(v.totals.incidents, 8, 'the viewer does not count the 2 restricted incidents');
  assert.deepEqual(v.incidentsByQuarter.series.find((x) => x.category === 'drugs')!.counts, [10, 0, 0, 0, 5, 0]);
  const o = await dashboard(officer, 'province=32&fy=2568&quarter=2');
  assert.deepEqual(o.targetAreas.map((t) => t.code).sort(), ['320101', VILLAGE]);
  assert.equal(o.totals.incidents, 5);
  assert.equal(o.totals.projects, 1, 'only P1 touches 320101');
  const outside = await requestAs(s.t, 'GET', '/api/dashboard?province=32&fy=2568&quarter=2&area=3202', officer);
  assert.equal(outside.statusCode, 403);
  assert.match(outside.json().message, /outside your area scope/);
});

test('bad questions get a clear message', async () => {
  const r1 = await requestAs(s.t, 'GET', '/api/dashboard?province=32&fy=2568&quarter=5', s.admin);
  assert.equal(r1.statusCode, 400);
  assert.match(r1.json().message, /quarter must be 1, 2, 3 or 4/);
  const r2 = await requestAs(s.t, 'GET', '/api/dashboard?province=33&fy=2568', s.admin);
  assert.equal(r2.statusCode, 404);
  const r3 = await requestAs(s.t, 'GET', '/api/dashboard?province=32&area=3301', s.admin);
  assert.equal(r3.statusCode, 400);
  assert.match(r3.json().message, /not a district or sub-district of province 32/);
  const r4 = await s.t.app.inject({ method: 'GET', url: '/api/dashboard?province=32' });
  assert.equal(r4.statusCode, 401);
});

test('a new incident shows at once: the cache follows the data', async () => {
  const before1 = await dashboard(s.admin, 'province=32&fy=2568&quarter=2');
  await addIncidents(s.t.db, '320102', 'crime', 4, 2, '2025-03-01T10:00:00+07:00');
  const after1 = await dashboard(s.admin, 'province=32&fy=2568&quarter=2');
  assert.equal(after1.totals.incidents, before1.totals.incidents + 4);
  await s.t.db.query(`DELETE FROM incident WHERE subdistrict_code = '320102'`);
  assert.equal((await dashboard(s.admin, 'province=32&fy=2568&quarter=2')).totals.incidents, before1.totals.incidents);
});

test('the review pack records decisions and action items and carries open items into the next quarter', async () => {
  const meet = await requestAs(s.t, 'PUT', '/api/reviews/32/2568/1', s.analyst, { heldOn: '2025-01-20', place: 'ห้องประชุมศาลากลางจังหวัด', chair: 'ผู้ว่าราชการจังหวัดสุรินทร์' });
  assert.equal(meet.statusCode, 200, meet.body);
  const bad = await requestAs(s.t, 'POST', '/api/reviews/32/2568/1/actions', s.analyst, { kind: 'action', text: 'เร่งรัดรายงาน', dueDate: '2025-02-15' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /needs an owner/);
  const beYear = await requestAs(s.t, 'POST', '/api/reviews/32/2568/1/actions', s.analyst, { kind: 'action', text: 'เร่งรัดรายงาน', ownerAgencyId: agencyB, dueDate: '2568-02-15' });
  assert.equal(beYear.statusCode, 400);
  assert.match(beYear.json().message, /Buddhist Era year/);
  const act = await requestAs(s.t, 'POST', '/api/reviews/32/2568/1/actions', s.analyst, { kind: 'action', text: 'เร่งรัดรายงานความก้าวหน้า', ownerAgencyId: agencyB, dueDate: '2025-02-15' });
  assert.equal(act.statusCode, 201, act.body);
  const dec = await requestAs(s.t, 'POST', '/api/reviews/32/2568/1/actions', s.analyst, { kind: 'decision', text: 'เห็นชอบแผนปฏิบัติการไตรมาส 2', ownerAgencyId: null, dueDate: null });
  assert.equal(dec.statusCode, 201, dec.body);
  const denied = await requestAs(s.t, 'POST', '/api/reviews/32/2568/1/actions', s.viewer, { kind: 'decision', text: 'x' });
  assert.equal(denied.statusCode, 403);

  const q1 = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/1', s.viewer)).json() as ReviewPack;
  assert.equal(q1.meeting?.chair, 'ผู้ว่าราชการจังหวัดสุรินทร์');
  assert.deepEqual(q1.actions.map((a) => a.kind).sort(), ['action', 'decision']);
  const q2 = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/2', s.viewer)).json() as ReviewPack;
  assert.deepEqual(q2.carried.map((a) => [a.text, a.fiscalYear, a.quarter, a.status, a.owner.agencyTh]), [['เร่งรัดรายงานความก้าวหน้า', 2568, 1, 'open', 'ตำรวจภูธรจังหวัดสุรินทร์']]);
  assert.equal(q2.carried[0].overdue, true);
  assert.equal(q2.dashboard.lateReports.length, 1);

  const created = act.json() as { id: number; text: string; dueDate: string };
  const done = await requestAs(s.t, 'PUT', `/api/review-actions/${created.id}`, s.analyst, {
    kind: 'action', text: created.text, ownerAgencyId: agencyB, dueDate: created.dueDate, status: 'done', statusNote: 'ส่งรายงานครบแล้ว',
  });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().status, 'done');
  assert.ok(done.json().closedAt);
  const audit = await one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('review_action', 'review_meeting')`);
  assert.equal(audit.n, 4);
});

test('a frozen pack keeps the figures presented at the meeting', async () => {
  const first = await requestAs(s.t, 'POST', '/api/reviews/32/2568/2/freeze', s.admin);
  assert.equal(first.statusCode, 409, 'no meeting recorded for Q2 yet');
  await requestAs(s.t, 'PUT', '/api/reviews/32/2568/2', s.admin, { heldOn: '2025-04-20' });
  const frozen = await requestAs(s.t, 'POST', '/api/reviews/32/2568/2/freeze', s.admin);
  assert.equal(frozen.statusCode, 200, frozen.body);
  const again = await requestAs(s.t, 'POST', '/api/reviews/32/2568/2/freeze', s.admin);
  assert.equal(again.statusCode, 409);
  const before1 = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/2', s.admin)).json() as ReviewPack;
  await addIncidents(s.t.db, '320103', 'crime', 6, 2, '2025-03-02T10:00:00+07:00');
  await s.t.db.query(`UPDATE incident SET classification = 'internal' WHERE subdistrict_code = '320103'`);
  const kept = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/2', s.admin)).json() as ReviewPack;
  assert.equal(kept.frozen, true);
  assert.equal(kept.dashboard.totals.incidents, before1.dashboard.totals.incidents);
  const live = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/2?live=true', s.admin)).json() as ReviewPack;
  assert.equal(live.frozen, false);
  assert.equal(live.dashboard.totals.incidents, before1.dashboard.totals.incidents + 6);
  // The frozen copy counted restricted incidents: a viewer gets the live pack, with what they may see.
  const forViewer = (await requestAs(s.t, 'GET', '/api/reviews/32/2568/2', s.viewer)).json() as ReviewPack;
  assert.equal(forViewer.frozen, false);
  assert.equal(forViewer.dashboard.totals.incidents, live.dashboard.totals.incidents - 2);
});

test('computed indicators appear on the dashboard with their status, rule and series', async () => {
  const before1 = await dashboard(s.analyst, 'province=32&fy=2568&quarter=2');
  assert.ok(before1.indicators.every((i) => i.value === null), 'nothing computed yet');
  const run = await requestAs(s.t, 'POST', '/api/indicators/compute', s.analyst, { province: '32', fiscalYears: [2567, 2568] });
  assert.equal(run.statusCode, 200, run.body);
  const d = await dashboard(s.analyst, 'province=32&fy=2568&quarter=2');
  const coverage = d.indicators.find((i) => i.code === 'target_areas_with_projects');
  assert.ok(coverage, `indicators shown: ${d.indicators.map((i) => i.code).join(', ')}`);
  // The same 3 of 4 target areas reached as the coverage map shows.
  assert.equal(coverage.value, 75);
  assert.equal(coverage.target, 80);
  assert.equal(coverage.status, 'at_risk');
  assert.match(coverage.ruleTh ?? '', /ตามเป้าหมายเมื่อ ≥ 80/);
  assert.deepEqual(coverage.series.map((x) => `${x.fiscalYear}Q${x.quarter}`), ['2567Q1', '2567Q2', '2567Q3', '2567Q4', '2568Q1', '2568Q2']);
  assert.ok(!d.indicators.some((i) => i.code === 'projects_in_target_areas'), 'the reading the province does not report stays off the dashboard');
});
