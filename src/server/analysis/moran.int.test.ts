import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { addIncidents, loadRealAreas, touchingSubdistricts } from '../testing/fixtures.ts';
import { localMoran } from '../../shared/hotspots.ts';
import { rowStandardisedWeights } from '../../shared/spatial-weights.ts';
import { queenNeighbours } from './weights-repository.ts';

/*
 * Local Moran's I of a stored run, on the real sub-districts of Surin (32) in 2568Q2: a cluster of
 * severe drug incidents in 320101 and its neighbours (high-high), and one busy sub-district far
 * from it among calm ones (high-low outlier). The run's values must be those of the pure function
 * (src/shared/hotspots.ts) on the same variable as Gi* (the total severity-weighted burden of the
 * period), over row-standardised queen contiguity, 999 permutations, seed 1.
 */
const HOT = '320101';
const LONE = '321705';
let t: TestApp;
let analyst: string;
let securityFirst: number;

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  analyst = await t.userCookie('analyst');
  await addIncidents(t.db, HOT, 'drugs', 12, 5, '2025-02-10T03:00:00Z');
  for (const c of await touchingSubdistricts(t.db, HOT)) await addIncidents(t.db, c, 'drugs', 6, 4, '2025-01-20T03:00:00Z');
  await addIncidents(t.db, LONE, 'flood', 20, 4, '2025-03-01T03:00:00Z');
  // A false report is left out of the analysis, so of the variable too.
  await t.db.query(`UPDATE incident SET status = 'false_report' WHERE id = (SELECT min(id) FROM incident WHERE subdistrict_code = $1)`, [LONE]);
  const list = await t.app.inject({ url: '/api/analysis/profiles', headers: { cookie: analyst } });
  securityFirst = list.json().find((p: { name: string }) => p.name === 'security_first').id;
});
after(async () => t?.close());

test("a run carries each sub-district's local Moran's I, p-value and class, equal to the pure function on the same data", async () => {
  const res = await t.app.inject({
    method: 'POST', url: '/api/analysis/runs', headers: { cookie: analyst },
    payload: { profileId: securityFirst, period: '2568Q2', provinces: ['32'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const run = res.json();
  assert.equal(run.hotspot.moranSkipped, null);

  // The same variable, read independently of the analysis code: severities of the period per sub-district.
  const burden = await t.db.query<{ code: string; b: number }>(
    `SELECT subdistrict_code AS code, sum(severity)::float8 AS b FROM incident
     WHERE province_code = '32' AND occurred_at >= '2024-12-31T17:00:00Z' AND occurred_at < '2025-03-31T17:00:00Z' AND status <> 'false_report'
     GROUP BY 1`,
  );
  const byCode = new Map(burden.rows.map((r) => [r.code, r.b]));
  assert.equal(byCode.get(LONE), 19 * 4);
  const nb = await queenNeighbours(t.db, ['32']);
  const expected = localMoran(nb.codes.map((c) => byCode.get(c) ?? 0), rowStandardisedWeights(nb.neighbours), { permutations: 999, seed: 1 });

  const scores = (await t.app.inject({ url: `/api/analysis/runs/${run.id}/scores`, headers: { cookie: analyst } })).json();
  assert.equal(scores.codes.length, nb.codes.length);
  const at = new Map<string, number>(scores.codes.map((c: string, k: number) => [c, k]));
  let significant = 0;
  nb.codes.forEach((code, i) => {
    const k = at.get(code)!;
    assert.ok(Math.abs(scores.moranI[k] - expected.I[i]) <= 1e-12 * Math.max(1, Math.abs(expected.I[i])), `${code}: I ${scores.moranI[k]} vs ${expected.I[i]}`);
    assert.equal(scores.moranP[k], expected.pSim![i], `${code}: p`);
    assert.equal(scores.moranCluster[k], expected.cluster[i], `${code}: class`);
    assert.ok(Number.isFinite(scores.moranI[k]) && scores.moranP[k] > 0 && scores.moranP[k] <= 1);
    if (expected.cluster[i] !== 'not-significant' && expected.cluster[i] !== 'island') significant++;
  });
  assert.ok(significant >= 2, `some significant classes (${significant})`);
  assert.equal(scores.moranCluster[at.get(HOT)!], 'high-high', 'the drug cluster is a high-high cluster');
  assert.equal(scores.moranCluster[at.get(LONE)!], 'high-low', 'the lone busy sub-district is a high-low outlier');

  // The ranked list and one area's explanation carry the same values, and they stay with the stored run.
  const top = run.top.find((a: { code: string }) => a.code === HOT);
  assert.equal(top.moranCluster, 'high-high');
  assert.equal(top.moranI, scores.moranI[at.get(HOT)!]);
  const ex = (await t.app.inject({ url: `/api/analysis/runs/${run.id}/areas/${HOT}`, headers: { cookie: analyst } })).json();
  assert.equal(ex.area.moranP, scores.moranP[at.get(HOT)!]);
  const again = (await t.app.inject({ url: `/api/analysis/runs/${run.id}`, headers: { cookie: analyst } })).json();
  assert.deepEqual(again.top, run.top);
});

test("a period where every sub-district has the same burden: no local Moran's I, said why, and never NaN", async () => {
  const areas = await t.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '32'`);
  for (const a of areas.rows) await addIncidents(t.db, a.code, 'crime', 1, 3, '2023-11-01T03:00:00Z');
  const res = await t.app.inject({
    method: 'POST', url: '/api/analysis/runs', headers: { cookie: analyst },
    payload: { profileId: securityFirst, period: '2567Q1', provinces: ['32'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const run = res.json();
  assert.match(run.hotspot.moranSkipped, /zero variance/);
  assert.equal(run.top[0].moranCluster, null);
  const scores = (await t.app.inject({ url: `/api/analysis/runs/${run.id}/scores`, headers: { cookie: analyst } })).json();
  assert.ok(scores.moranCluster.every((c: unknown) => c === null));
  assert.ok(scores.scores.every((s: number) => Number.isFinite(s)), 'every score is a number');
  assert.doesNotMatch(res.body, /NaN/);
});

test("a run stored before local Moran's I existed reads back without its Moran field, so the page can say so", async () => {
  const res = await t.app.inject({
    method: 'POST', url: '/api/analysis/runs', headers: { cookie: analyst },
    payload: { profileId: securityFirst, period: '2568Q2', provinces: ['32'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id;
  // What migration 006's runs hold: a hot-spot record without Moran, areas without Moran values.
  await t.db.query(
    `UPDATE analysis_run SET summary = jsonb_set(summary::jsonb, '{hotspot}', (summary::jsonb -> 'hotspot') - 'moranSkipped')::json WHERE id = $1`,
    [id],
  );
  const old = (await t.app.inject({ url: `/api/analysis/runs/${id}`, headers: { cookie: analyst } })).json();
  assert.ok(old.hotspot, 'the hot-spot record is there');
  assert.equal('moranSkipped' in old.hotspot, false, 'no Moran field: stored before Moran');
  assert.equal('moranSkipped' in res.json().hotspot, true, 'a new run always says whether Moran was computed');
});
