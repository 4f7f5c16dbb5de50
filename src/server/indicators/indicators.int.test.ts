import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { addIncidents, loadRealAreas } from '../testing/fixtures.ts';
import { requestAs } from '../targets/test-fixtures.ts';

/*
 * A small hand-made Surin (32) dataset, FY 2568 unless said otherwise:
 * - the declared target list of FY 2568 (order dated 20 Oct 2024): sub-districts 320101-320104;
 *   no list for FY 2567;
 * - projects of FY 2568: P1 on 320101 (in progress, from 1 Nov 2024); P2 on 320102 and 320105 (done,
 *   reported 100 % in Q2, from 15 Jan 2025); P3 on 320103 (planned, no start date); P4 on 320110
 *   (planned, no start date, outside the targets); P5 on 320104 (cancelled);
 * - incidents in 320101 (drugs): 20 in Q2 FY 2566 (the baseline), 10 in Q1 FY 2567 (4 internal), 8 in
 *   Q1 FY 2568 (2 internal) plus 5 false reports; 5 crimes in 320105 in Q1 FY 2568. The test fixture
 *   makes incidents restricted unless changed.
 */

let t: TestApp;
let admin: string;
let analyst: string;
let viewer: string;
let officer: string;

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);
const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0].n;

async function project(fy: number, status: string, start: string | null, areas: string[], done?: { fy: number; q: number }): Promise<number> {
  const agency = (await t.db.query<{ id: number }>(`SELECT id FROM agency WHERE code = 'police-32'`)).rows[0].id;
  const id = (await t.db.query<{ id: number }>(
    `INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_source, start_date, status, budget_baht)
     VALUES ($1, '32', $2, 'โครงการทดสอบ', 'agency', $3::date, $4, 100000) RETURNING id::int AS id`,
    [agency, fy, start, status],
  )).rows[0].id;
  for (const a of areas) await t.db.query(`INSERT INTO project_area (project_id, area_code, subdistrict_code) VALUES ($1, $2, $3)`, [id, a, a.slice(0, 6)]);
  if (done) await t.db.query(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done) VALUES ($1, $2, $3, 100)`, [id, done.fy, done.q]);
  return id;
}

async function incidents(code: string, category: string, n: number, at: string, opts: { internal?: number; falseReports?: number } = {}): Promise<void> {
  const first = await count(`SELECT coalesce(max(id), 0)::int n FROM incident`);
  await addIncidents(t.db, code, category, n + (opts.falseReports ?? 0), 3, at);
  if (opts.internal) await t.db.query(`UPDATE incident SET classification = 'internal' WHERE id IN (SELECT id FROM incident WHERE id > $1 ORDER BY id LIMIT $2)`, [first, opts.internal]);
  if (opts.falseReports) await t.db.query(`UPDATE incident SET status = 'false_report' WHERE id IN (SELECT id FROM incident WHERE id > $1 ORDER BY id DESC LIMIT $2)`, [first, opts.falseReports]);
}

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  admin = await t.userCookie('admin');
  analyst = await t.userCookie('analyst');
  viewer = await t.userCookie('viewer');
  officer = await t.userCookie('area_officer', { areaCodes: ['320101'] });
  await t.db.query(`INSERT INTO agency (code, name_th, type, province_code) VALUES ('police-32', 'ตำรวจภูธรจังหวัดสุรินทร์', 'security', '32')`);
  const areas = ['320101', '320102', '320103', '320104'].map((code) => ({ code, categories: ['drugs'], reason: 'ทดสอบ' }));
  const created = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear: 2568, areas });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().list.id;
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).statusCode, 200);
  const dec = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate: '2024-10-20', referenceNumber: '1/2568' });
  assert.equal(dec.statusCode, 200, dec.body);
  await project(2568, 'in_progress', '2024-11-01', ['320101']);
  await project(2568, 'done', '2025-01-15', ['320102', '320105'], { fy: 2568, q: 2 });
  await project(2568, 'planned', null, ['320103']);
  await project(2568, 'planned', null, ['320110']);
  await project(2568, 'cancelled', null, ['320104']);
  await incidents('320101', 'drugs', 20, '2023-01-10T03:00:00Z');
  await incidents('320101', 'drugs', 10, '2023-11-10T03:00:00Z', { internal: 4 });
  await incidents('320101', 'drugs', 8, '2024-11-10T03:00:00Z', { internal: 2, falseReports: 5 });
  await incidents('320105', 'crime', 5, '2024-11-10T03:00:00Z');
});
after(async () => t?.close());

async function indicators(cookie = analyst): Promise<any[]> {
  const r = await req('GET', '/api/indicators?province=32', cookie);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items;
}

async function compute(fiscalYears = [2567, 2568]): Promise<any> {
  const r = await req('POST', '/api/indicators/compute', analyst, { province: '32', fiscalYears });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

async function value(code: string, fy: number, quarter: number, area = '32', cookie = analyst): Promise<any> {
  const r = await req('GET', `/api/indicators/values?province=32&indicator=${code}&fy=${fy}&quarter=${quarter}&area=${area}`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items.find((v: any) => v.areaCode === area);
}

test('the built-ins are created on first listing, with their default targets and one reported reading', async () => {
  const items = await indicators();
  assert.deepEqual(items.map((i) => i.code), [
    'target_areas_with_projects', 'projects_in_target_areas', 'incident_change_target_areas', 'incident_change_baseline', 'project_completion', 'projects_meeting_needs',
  ]);
  assert.ok(items.every((i) => i.builtin && i.active));
  const byCode = Object.fromEntries(items.map((i) => [i.code, i]));
  assert.equal(byCode.target_areas_with_projects.defaultTarget, 80);
  assert.equal(byCode.incident_change_target_areas.defaultTarget, -10);
  assert.deepEqual(byCode.incident_change_baseline.targets, [
    { fiscalYear: 2567, target: -20 }, { fiscalYear: 2568, target: -40 }, { fiscalYear: 2569, target: -60 }, { fiscalYear: 2570, target: -80 },
  ]);
  assert.equal(byCode.incident_change_baseline.baselineFiscalYear, 2566);
  assert.deepEqual([byCode.target_areas_with_projects.reported, byCode.projects_in_target_areas.reported], [true, false]);
  assert.equal((await indicators()).length, 6, 'listing again creates nothing');
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'indicator' AND action = 'create'`), 6);
});

test('computed values of the hand-made dataset, with status and rule', async () => {
  const run = await compute();
  // 2 fiscal years x 5 periods x (1 province + 17 districts + 158 sub-districts) x 6 indicators; the
  // two incident indicators have a value with and one without restricted incidents where they differ.
  const areas = await count(`SELECT count(*)::int n FROM area WHERE province_code = '32' AND level <= 3`);
  assert.equal(await count(`SELECT count(*)::int n FROM (SELECT DISTINCT indicator_id, fiscal_year, quarter, area_code FROM indicator_value) x`), 2 * 5 * areas * 6);
  assert.equal(await count(`SELECT count(*)::int n FROM indicator_value`), run.values);
  assert.equal(await count(
    `SELECT count(*)::int n FROM (SELECT indicator_id, fiscal_year, quarter, area_code, array_agg(audience ORDER BY audience) a
     FROM indicator_value GROUP BY 1, 2, 3, 4) x WHERE a NOT IN ('{all}', '{restricted,unrestricted}')`), 0);
  assert.ok(run.values < 2 * 5 * areas * 8, 'sub-districts without restricted incidents keep one value');

  // (a) year: 320101 (P1), 320102 (P2), 320103 (P3) of 4 target areas; 320104 only has a cancelled project.
  const a = await value('target_areas_with_projects', 2568, 0);
  assert.deepEqual([a.numerator, a.denominator, a.value, a.status], [3, 4, 75, 'at_risk']);
  assert.equal(a.ruleTh, 'ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %, ต่ำกว่าเป้าหมายเมื่อ < 70 %');
  assert.equal(a.quarter, null);
  // Q1 (to 31 Dec 2024): P1 started in November, P3 has no start date; P2 starts in January.
  const aq1 = await value('target_areas_with_projects', 2568, 1);
  assert.deepEqual([aq1.numerator, aq1.value, aq1.status], [2, 50, 'off_track']);
  assert.equal((await value('target_areas_with_projects', 2568, 0, '3201')).value, 75, 'all four in district 3201');

  // (b) live projects P1-P4, three of them in target areas.
  const b = await value('projects_in_target_areas', 2568, 0);
  assert.deepEqual([b.numerator, b.denominator, b.value], [3, 4, 75]);

  // (c) 320101: 8 incidents in Q1 FY 2568 against 10 in Q1 FY 2567 (false reports and 320105 left out).
  const c = await value('incident_change_target_areas', 2568, 1);
  assert.deepEqual([c.numerator, c.denominator, c.value, c.status, c.audience], [8, 10, -20, 'on_track', 'restricted']);
  assert.equal(c.ruleEn, 'on track at ≤ -10 %, at risk above -10 up to -5 %, off track above -5 %');
  assert.equal((await value('incident_change_target_areas', 2568, 0)).value, -20);

  // (d) all incidents of FY 2568 (8 + 5 = 13) against the baseline FY 2566 (20): -35 %, target -40 with margin 10.
  const d = await value('incident_change_baseline', 2568, 0);
  assert.deepEqual([d.numerator, d.denominator, d.value, d.target, d.status], [13, 20, -35, -40, 'at_risk']);
  const dq1 = await value('incident_change_baseline', 2568, 1);
  assert.deepEqual([dq1.value, dq1.status, dq1.reasonEn], [null, 'no_data', 'no incidents in Q1 FY 2566, the period compared with: the change cannot be computed']);
  const d67 = await value('incident_change_baseline', 2567, 0);
  assert.deepEqual([d67.value, d67.target, d67.status], [-50, -20, 'on_track']);

  // (e) Q1: P1, P3, P4 under way, none done; year: P2 done of the four live projects.
  assert.deepEqual([(await value('project_completion', 2568, 1)).value, (await value('project_completion', 2568, 1)).denominator], [0, 3]);
  const e = await value('project_completion', 2568, 0);
  assert.deepEqual([e.numerator, e.denominator, e.value, e.status], [1, 4, 25, 'off_track']);

  // (f) no people's evaluation in this province yet (src/server/evaluation/evaluation.int.test.ts has some).
  const f = await value('projects_meeting_needs', 2568, 0);
  assert.deepEqual([f.value, f.status, f.reasonEn], [null, 'no_data', "no people's evaluations in this area yet"]);
  assert.equal(f.reasonTh, 'ยังไม่มีผลการประเมินโดยประชาชนในพื้นที่นี้');

  // The listing carries the newest values of the province.
  const listed = (await indicators()).find((i) => i.code === 'target_areas_with_projects');
  assert.deepEqual(listed.latest.map((v: any) => [v.fiscalYear, v.quarter, v.areaCode]).sort(), [[2568, 4, '32'], [2568, null, '32']].sort());

  const audit = (await t.db.query<{ details: any }>(`SELECT details FROM audit_log WHERE entity = 'indicator_run' AND entity_id = $1`, [String(run.runId)])).rows;
  assert.deepEqual(audit[0].details.fiscalYears, [2567, 2568]);
});

test('no declared target list: no data with the reason, not zero', async () => {
  await compute([2567]);
  const a = await value('target_areas_with_projects', 2567, 0);
  assert.deepEqual([a.value, a.status, a.reasonCode], [null, 'no_data', 'no_list']);
  assert.equal(a.reasonTh, 'ไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศของปีงบประมาณ 2567 ณ สิ้นงวด');
  assert.equal((await value('incident_change_target_areas', 2567, 0)).reasonCode, 'no_list');
  // A district without declared target areas divides by nothing.
  const other = await value('target_areas_with_projects', 2568, 0, '3202');
  assert.deepEqual([other.value, other.status, other.reasonEn], [null, 'no_data', 'no declared target areas in this area']);
});

test('a definition dividing by zero is refused with a clear message and nothing is stored', async () => {
  const before = await count(`SELECT count(*)::int n FROM indicator`);
  const audits = await count(`SELECT count(*)::int n FROM audit_log`);
  const r = await req('POST', '/api/indicators', analyst, {
    provinceCode: '32', code: 'broken_ratio', nameTh: 'ตัวชี้วัดทดลอง', direction: 'higher_is_better',
    definition: { kind: 'ratio', numerator: { source: 'projects' }, denominator: { constant: 0 } },
  });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().details[0].field, 'definition.denominator.constant');
  assert.match(r.json().message, /the denominator of indicator broken_ratio is always zero/);
  const empty = await req('POST', '/api/indicators', analyst, {
    provinceCode: '32', code: 'broken_ratio', nameTh: 'ตัวชี้วัดทดลอง', direction: 'higher_is_better',
    definition: { kind: 'ratio', numerator: { source: 'incidents' }, denominator: { source: 'incidents', filters: { categories: [] } } },
  });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.json().message, /always zero: its category list is empty/);
  const unknown = await req('POST', '/api/indicators', analyst, {
    provinceCode: '32', code: 'broken_ratio', nameTh: 'x', direction: 'higher_is_better',
    definition: { kind: 'value', measure: { source: 'incidents', filters: { categories: ['aliens'] } } },
  });
  assert.equal(unknown.json().details[0].field, 'definition.measure.filters.categories[0]');
  // An edit of a built-in into a zero denominator is refused too.
  const a = (await indicators()).find((i) => i.code === 'project_completion');
  const edit = await req('PUT', `/api/indicators/${a.id}`, analyst, { definition: { kind: 'ratio', numerator: { source: 'projects' }, denominator: { source: 'projects', filters: { projectStatus: [] } } } });
  assert.equal(edit.statusCode, 400);
  assert.equal((await req('GET', `/api/indicators/${a.id}`, analyst)).json().definition.denominator.filters.projectStatus.length, 3, 'unchanged');
  assert.equal(await count(`SELECT count(*)::int n FROM indicator`), before);
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log`), audits);
});

test('a custom indicator is created, computed and deleted; built-ins are not deleted', async () => {
  const r = await req('POST', '/api/indicators', analyst, {
    provinceCode: '32', code: 'drug_incidents', nameTh: 'จำนวนเหตุยาเสพติด', direction: 'lower_is_better',
    definition: { kind: 'value', measure: { source: 'incidents', filters: { categories: ['drugs'] } } }, defaultTarget: 5, atRiskMargin: 2,
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().unit, 'count');
  const wrongUnit = await req('PUT', `/api/indicators/${r.json().id}`, analyst, { unit: 'percent' });
  assert.equal(wrongUnit.json().details[0].field, 'unit');
  await compute([2568]);
  // Year to date Q1 FY 2568: the 8 drug incidents of 320101.
  const v = await value('drug_incidents', 2568, 1);
  assert.deepEqual([v.value, v.status], [8, 'off_track']);
  assert.equal((await req('DELETE', `/api/indicators/${r.json().id}`, analyst)).statusCode, 200);
  assert.equal(await count(`SELECT count(*)::int n FROM indicator_value WHERE indicator_id = $1`, [r.json().id]), 0);
  const builtin = (await indicators())[0];
  const del = await req('DELETE', `/api/indicators/${builtin.id}`, analyst);
  assert.equal(del.statusCode, 409);
  assert.match(del.json().message, /built in/);
  assert.equal((await req('POST', '/api/indicators', viewer, { provinceCode: '32', code: 'x', nameTh: 'x', direction: 'higher_is_better', definition: {} })).statusCode, 403);
  assert.equal((await req('POST', '/api/indicators/compute', viewer, { province: '32' })).statusCode, 403);
});

test('editing a built-in\'s target changes the status on recompute; the province chooses the reported reading', async () => {
  const a = (await indicators()).find((i) => i.code === 'target_areas_with_projects');
  const put = await req('PUT', `/api/indicators/${a.id}/targets`, analyst, { defaultTarget: 75, targets: [{ fiscalYear: 2569, target: 90 }] });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual([put.json().defaultTarget, put.json().targets], [75, [{ fiscalYear: 2569, target: 90 }]]);
  assert.equal((await value('target_areas_with_projects', 2568, 0)).status, 'at_risk', 'stored values keep their judgement until recomputed');
  await compute([2568]);
  const v = await value('target_areas_with_projects', 2568, 0);
  assert.deepEqual([v.value, v.target, v.status], [75, 75, 'on_track']);
  assert.equal((await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'indicator' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [String(a.id)])).rows[0].action, 'set_targets');

  const b = (await indicators()).find((i) => i.code === 'projects_in_target_areas');
  const choose = await req('PUT', `/api/indicators/${b.id}`, admin, { reported: true });
  assert.equal(choose.statusCode, 200, choose.body);
  const after = Object.fromEntries((await indicators()).map((i) => [i.code, i.reported]));
  assert.deepEqual([after.target_areas_with_projects, after.projects_in_target_areas], [false, true]);
  const noDefault = await req('PUT', `/api/indicators/${b.id}/targets`, analyst, { defaultTarget: null, targets: [{ fiscalYear: 2568, target: 85 }] });
  assert.deepEqual([noDefault.json().defaultTarget, noDefault.json().targets], [null, [{ fiscalYear: 2568, target: 85 }]], 'null stays null, not 0');
  const bad = await req('PUT', `/api/indicators/${b.id}/targets`, analyst, { targets: [{ fiscalYear: 2568, target: 80 }, { fiscalYear: 2568, target: 70 }] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'targets[1].fiscalYear');
});

test('scope: an area officer sees only their sub-district\'s values; a viewer never sees restricted incidents in a value', async () => {
  await compute([2568]);
  const mine = await req('GET', '/api/indicators/values?province=32&fy=2568', officer);
  assert.equal(mine.statusCode, 200);
  const codes = new Set(mine.json().items.map((v: any) => v.areaCode));
  assert.deepEqual([...codes], ['320101']);
  assert.equal((await req('GET', '/api/indicators/values?province=32&level=1', officer)).json().items.length, 0);
  const listed = await indicators(officer);
  assert.ok(listed.every((i) => i.latest.every((v: any) => v.areaCode === '320101')));

  // The viewer's (c): only the internal incidents, 2 against 4.
  const open = await value('incident_change_target_areas', 2568, 1, '32', viewer);
  assert.deepEqual([open.numerator, open.denominator, open.value, open.audience], [2, 4, -50, 'unrestricted']);
  const all = (await req('GET', '/api/indicators/values?province=32&indicator=incident_change_target_areas&fy=2568&quarter=1&area=32', viewer)).json().items;
  assert.ok(all.every((v: any) => v.audience !== 'restricted'));
  const officerValues = (await req('GET', '/api/indicators/values?province=32&indicator=incident_change_target_areas&fy=2568&quarter=1', officer)).json().items;
  assert.deepEqual(officerValues.map((v: any) => [v.areaCode, v.value]), [['320101', -50]]);
});

test('bad requests name the field and change nothing', async () => {
  const values = await count(`SELECT count(*)::int n FROM indicator_value`);
  const future = await req('POST', '/api/indicators/compute', analyst, { province: '32', fiscalYears: [2600] });
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().details[0].field, 'fiscalYears');
  const noProvince = await req('POST', '/api/indicators/compute', analyst, { province: '99' });
  assert.equal(noProvince.statusCode, 400);
  assert.equal(noProvince.json().details[0].field, 'province');
  assert.equal((await req('GET', '/api/indicators/values?province=32&indicator=nope', analyst)).statusCode, 404);
  assert.equal(await count(`SELECT count(*)::int n FROM indicator_value`), values);
});
