import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { loadDemo } from './service.ts';
import { deleteDemoAgencies } from './agencies.ts';
import { deleteDemoProjects, realProjectsOnDemoAreas, seedDemoProjects } from './projects.ts';

let t: TestApp;
let admin: string;
const now = new Date('2026-12-01T05:00:00Z');

before(async () => {
  t = await startTestApp();
  await loadDemo(t.db, { incidents: 3000, seed: 7, now });
  admin = await t.userCookie('admin');
});
after(async () => t?.close());

/** Seeds the demo projects afresh (whether or not the demo load already did) and returns what was made. */
async function reseed(seed: number) {
  return t.db.transaction(async (tx) => {
    await deleteDemoProjects(tx);
    return seedDemoProjects(tx, { provinceCode: '98', now, seed });
  });
}

/** What a user would compare between two loads: the projects and their reports, in a stable order. */
async function fingerprint(): Promise<string> {
  const r = await t.db.query<{ f: string }>(
    `SELECT string_agg(concat_ws('|', p.fiscal_year, p.title, p.budget_baht, p.status, p.budget_source, a.code,
       (SELECT string_agg(area_code, ',' ORDER BY area_code) FROM project_area WHERE project_id = p.id),
       (SELECT string_agg(concat(fiscal_year, 'Q', quarter, ':', percent_done, ':', reported_at), ',' ORDER BY fiscal_year, quarter) FROM project_progress WHERE project_id = p.id)),
       E'\\n' ORDER BY p.fiscal_year, p.title, p.budget_baht, a.code) AS f
     FROM project p JOIN agency a ON a.id = p.agency_id WHERE p.is_demo`,
  );
  return r.rows[0].f;
}

test('about 120 demo projects over the demo province for this and last fiscal year, with progress, late reports and support', async () => {
  const made = await reseed(7);
  assert.ok(made.projects >= 110 && made.projects <= 130, `${made.projects} projects`);
  assert.ok(made.reports > 100, `${made.reports} reports`);
  const fy = fiscalYearOf(now);
  const rows = (await t.db.query<{ fiscal_year: number; status: string; budget_source: string; origin: string; is_demo: boolean; province_code: string; n: number }>(
    `SELECT fiscal_year, status, budget_source, origin, is_demo, province_code, count(*)::int AS n FROM project GROUP BY 1, 2, 3, 4, 5, 6`,
  )).rows;
  assert.ok(rows.every((r) => r.is_demo && r.province_code === '98'));
  assert.deepEqual([...new Set(rows.map((r) => r.fiscal_year))].sort(), [fy - 1, fy]);
  assert.deepEqual([...new Set(rows.map((r) => r.status))].sort(), ['cancelled', 'done', 'in_progress', 'planned']);
  assert.ok(new Set(rows.map((r) => r.budget_source)).size >= 4, 'budgets from several sources');
  assert.ok(rows.some((r) => r.origin === 'community'));
  const villages = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM project_area WHERE length(area_code) = 8`);
  assert.ok(villages.rows[0].n > 10, 'villages as well as sub-districts');

  // Through the API, as a user would see them.
  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers: { cookie: admin } });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const late = await get('/api/projects/late?province=98');
  assert.ok(late.items.length > 5, `${late.items.length} late reports`);
  assert.ok(late.items.every((x: any) => x.daysLate > 0));
  const done = await get(`/api/projects?province=98&fy=${fy - 1}&status=done&limit=5`);
  assert.ok(done.items.some((p: any) => p.percentDone === 100), 'a finished project reports 100 %');
  const inTargets = await get('/api/projects?province=98&inTargets=true');
  assert.ok(inTargets.total > 20, `${inTargets.total} projects in the declared target areas`);
  const seeking = await get('/api/projects?province=98&seeking=true');
  assert.ok(seeking.total >= 3, `${seeking.total} community projects seeking support`);
  const details = await Promise.all(seeking.items.map((p: any) => get(`/api/projects/${p.id}`)));
  const adopted = details.filter((d) => d.support.some((e: any) => e.kind === 'adopted'));
  assert.equal(adopted.length, 1, 'one of them adopted');
  assert.ok(adopted[0].support.find((e: any) => e.kind === 'adopted').agency.nameTh.length > 0, 'by a named agency');
  const states = details.flatMap((d) => d.expectedReports.map((x: any) => x.state));
  assert.ok(states.length > 0);
  const all = await get(`/api/projects?province=98&fy=${fy - 1}&limit=500`);
  const someLateSubmission = await Promise.all(all.items.slice(0, 40).map((p: any) => get(`/api/projects/${p.id}`)));
  assert.ok(someLateSubmission.some((d) => d.progress.some((r: any) => r.late)), 'some reports were sent after their due date');
  assert.ok(someLateSubmission.some((d) => d.progress.some((r: any) => !r.late)), 'most on time');
});

test('a real project on a demo area is reported, so a reload can refuse instead of failing on it', async () => {
  await reseed(7);
  assert.deepEqual(await t.db.transaction((tx) => realProjectsOnDemoAreas(tx)), [], 'the demo\'s own projects do not count');
  const agency = (await t.db.query<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('real-office', 'หน่วยงานจริง', 'other') RETURNING id`)).rows[0].id;
  const sub = (await t.db.query<{ code: string }>(`SELECT code FROM area WHERE province_code = '98' AND level = 3 ORDER BY code LIMIT 1`)).rows[0].code;
  const r = await t.app.inject({
    method: 'POST', url: '/api/projects', headers: { cookie: admin },
    payload: { agencyId: agency, fiscalYear: fiscalYearOf(now), title: 'โครงการจริงในพื้นที่สาธิต', budgetBaht: 1000, budgetSource: 'agency', categories: [], areaCodes: [sub] },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(await t.db.transaction((tx) => realProjectsOnDemoAreas(tx)), [{ id: r.json().id, title: 'โครงการจริงในพื้นที่สาธิต' }]);
  await t.db.query(`DELETE FROM project WHERE id = $1`, [r.json().id]);
  await t.db.query(`DELETE FROM agency WHERE id = $1`, [agency]);
});

test('deterministic for a seed; another seed gives other projects; no demo agency, no projects', async () => {
  await reseed(11);
  const a = await fingerprint();
  await reseed(11);
  assert.equal(await fingerprint(), a, 'same seed, same projects and reports');
  await reseed(12);
  assert.notEqual(await fingerprint(), a);

  const empty = await t.db.transaction(async (tx) => {
    await deleteDemoProjects(tx);
    await deleteDemoAgencies(tx);
    return seedDemoProjects(tx, { provinceCode: '98', now, seed: 7 });
  });
  assert.deepEqual(empty, { projects: 0, reports: 0 });
  assert.equal((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM project`)).rows[0].n, 0);
});
