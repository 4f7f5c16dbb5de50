import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { addIncidents, loadRealAreas, touchingSubdistricts } from '../testing/fixtures.ts';
import type { Viewer } from '../auth/viewer.ts';
import { gatherInputs } from './components.ts';
import { activeCategories, subdistricts } from './repository.ts';
import { readPeriod } from './service.ts';
import { computePriority } from '../../shared/priority.ts';
import { readSummary } from './run-summary.ts';

/*
 * The pattern, on the real sub-districts of Surin (32), in fiscal quarter 2568Q2 (Jan to Mar 2025):
 * a cluster of severe drug incidents in 320101 (Nai Mueang) and its neighbours, and water
 * problems (flood, drought, water quality, forest) in 321705, far from it. Under "security
 * first" the drug cluster must lead; under "water first" the water area must.
 */
const HOT = '320101';
const WATER = '321705';
let t: TestApp;
let analyst: string;
let neighbours: string[];
const profileIds: Record<string, number> = {};

async function api(cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, payload });
}

async function run(profile: string, period = '2568Q2', provinces = ['32'], cookie = analyst) {
  return api(cookie, 'POST', '/api/analysis/runs', { profileId: profileIds[profile], period, provinces });
}

before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  analyst = await t.userCookie('analyst');
  neighbours = await touchingSubdistricts(t.db, HOT);
  await addIncidents(t.db, HOT, 'drugs', 12, 5, '2025-02-10T03:00:00Z');
  for (const c of neighbours) await addIncidents(t.db, c, 'drugs', 5, 4, '2025-01-20T03:00:00Z');
  for (const cat of ['flood', 'drought', 'water_quality', 'forest']) await addIncidents(t.db, WATER, cat, 6, 4, '2025-03-01T03:00:00Z');
  // Background, and a previous quarter (2568Q1) with another leader, for the rank movement.
  for (const c of ['320501', '320801', '321001', '321201']) await addIncidents(t.db, c, 'other', 2, 1, '2025-02-01T03:00:00Z');
  await addIncidents(t.db, '320801', 'drugs', 10, 5, '2024-11-15T03:00:00Z');
  await addIncidents(t.db, HOT, 'drugs', 1, 1, '2024-11-15T03:00:00Z');
  const list = await api(analyst, 'GET', '/api/analysis/profiles');
  for (const p of list.json()) profileIds[p.name] = p.id;
});
after(async () => t?.close());

test('the shipped presets are listed; the drug cluster ranks first under security first, not under water first', async () => {
  assert.ok(profileIds.security_first && profileIds.water_first, 'both presets exist');
  const sec = await run('security_first');
  assert.equal(sec.statusCode, 201, sec.body);
  const s = sec.json();
  assert.equal(s.top[0].code, HOT);
  assert.equal(s.top[0].rank, 1);
  assert.ok(s.hotspot.hot.includes(HOT), 'the drug cluster is a Gi* hot spot');
  assert.equal(s.areaCount, 159);
  assert.equal(s.areas.total, 159);
  assert.equal(s.period.label, '2568Q2');
  assert.deepEqual(s.provinces, ['32']);
  assert.ok(s.warnings.some((w: { code: string }) => w.code === 'no_population'), 'no population figures: compared as counts, and said so');

  const scores = await api(analyst, 'GET', `/api/analysis/runs/${s.id}/scores`);
  assert.equal(scores.statusCode, 200);
  const m = scores.json();
  assert.equal(m.codes.length, 159);
  assert.equal(m.codes[0], HOT);
  assert.equal(m.scores[0], s.top[0].score);
  assert.deepEqual(m.top, s.top.map((a: { code: string }) => a.code));
  assert.ok(sec.body.length < 200_000, `the run response stays small (${sec.body.length} bytes)`);

  const wat = (await run('water_first')).json();
  assert.equal(wat.top[0].code, WATER);
  const hotThere = wat.areas.items.find((a: { code: string }) => a.code === HOT);
  assert.ok(hotThere.rank > 1, `under water first ${HOT} is not first (rank ${hotThere.rank})`);
});

test('each area\'s breakdown adds up to its score, by component and by category', async () => {
  const s = (await run('security_first')).json();
  for (const a of s.areas.items) {
    const byComp = a.components.reduce((sum: number, c: { contribution: number }) => sum + c.contribution, 0);
    assert.ok(Math.abs(byComp - a.score) < 1e-12, `${a.code}: components ${byComp} vs score ${a.score}`);
    const byCat = Object.values(a.byCategory as Record<string, number>).reduce((x, y) => x + y, 0) + a.general;
    assert.ok(Math.abs(byCat - a.score) < 1e-12, `${a.code}: categories ${byCat} vs score ${a.score}`);
    assert.ok(Number.isFinite(a.score));
  }
  const ex = await api(analyst, 'GET', `/api/analysis/runs/${s.id}/areas/${HOT}`);
  assert.equal(ex.statusCode, 200, ex.body);
  const e = ex.json();
  assert.equal(e.area.score, s.top[0].score);
  for (const c of e.components) {
    const sum = c.categories.reduce((x: number, k: { contribution: number }) => x + k.contribution, 0);
    assert.ok(Math.abs(sum - c.contribution) < 1e-12, `${c.id}: categories add up to the component`);
  }
  const drugs = e.components.find((c: { id: string }) => c.id === 'burden').categories.find((k: { category: string }) => k.category === 'drugs');
  assert.equal(drugs.raw, 60, '12 incidents of severity 5');
  assert.equal(e.quarters.length, 8);
  const q2 = e.quarters.find((q: { label: string }) => q.label === '2568Q2');
  assert.equal(q2.count, 12);
  assert.equal(e.quarters.find((q: { label: string }) => q.label === '2568Q1').byCategory.drugs, 1);
});

test('rank movement against the previous quarter, computed with the same profile', async () => {
  const s = (await run('security_first')).json();
  assert.equal(s.previousPeriod.label, '2568Q1');
  assert.equal(s.previousPeriod.available, true);
  const hot = s.top[0];
  assert.ok(hot.previousRank > 1, 'in Q1 another sub-district led');
  assert.equal(hot.status, 'up');
  assert.equal(hot.movement, hot.previousRank - 1);
  const led = s.areas.items.find((a: { code: string }) => a.code === '320801');
  assert.equal(led.previousRank, 1);
});

test('sensitivity: the drug cluster stays in the top N under every +/-20 % weight change', async () => {
  const r = await api(analyst, 'POST', '/api/analysis/sensitivity', { profileId: profileIds.security_first, period: '2568Q2', provinces: ['32'] });
  assert.equal(r.statusCode, 200, r.body);
  const s = r.json();
  assert.equal(s.topN, 20);
  assert.equal(s.cases.length, 2 * 4 + 2 * 10, 'each component and category weight, down and up');
  const hot = s.areas.find((a: { code: string }) => a.code === HOT);
  assert.equal(hot.stable, true);
  assert.equal(hot.bestRank, 1);
});

test('only administrators and analysts, within their area scope', async () => {
  const viewer = await t.userCookie('viewer');
  for (const [m, url] of [['GET', '/api/analysis/profiles'], ['GET', '/api/analysis/runs'], ['POST', '/api/analysis/runs']] as const) {
    const r = await api(viewer, m, url, m === 'POST' ? { profileId: profileIds.security_first, period: '2568Q2', provinces: ['32'] } : undefined);
    assert.equal(r.statusCode, 403, `${m} ${url}`);
  }
  assert.equal((await run('security_first', '2568Q2', ['32'], await t.userCookie('area_officer', { areaCodes: ['32'] }))).statusCode, 403);
  const scoped = await t.userCookie('analyst', { areaCodes: ['32'] });
  assert.equal((await run('security_first', '2568Q2', ['32'], scoped)).statusCode, 201);
  const out = await run('security_first', '2568Q2', ['32', '96'], scoped);
  assert.equal(out.statusCode, 403);
  assert.match(out.json().message, /province 96 is outside your area scope/);
  const district = await t.userCookie('analyst', { areaCodes: ['3201'] });
  assert.equal((await run('security_first', '2568Q2', ['32'], district)).statusCode, 403, 'a district scope cannot analyse the whole province');
  const runs = (await api(district, 'GET', '/api/analysis/runs')).json();
  assert.equal(runs.total, 0, 'runs over province 32 are not listed for a district-scoped analyst');
});

test('bad input gets a clear message: zero weights, empty period, unknown or deleted category, provinces without areas', async () => {
  const base = { nameTh: 'ทดสอบ', nameEn: 'Test', normalisation: 'rank', aggregation: 'weighted_sum', topN: 10, ratePer1000: true, recencyHalfLifeDays: 90 };
  const zero = await api(analyst, 'POST', '/api/analysis/profiles', {
    ...base, name: 'zero', componentWeights: { burden: 0, recency: 0, trend: 0, hotspot: 0 }, categoryWeights: { drugs: 1 },
  });
  assert.equal(zero.statusCode, 422);
  assert.match(zero.json().message, /all weights are zero/);
  assert.equal(zero.json().details[0].field, 'componentWeights');

  const unknown = await api(analyst, 'POST', '/api/analysis/profiles', {
    ...base, name: 'unknown-cat', componentWeights: { burden: 1 }, categoryWeights: { drugs: 1, piracy: 2 },
  });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.json().message, /category 'piracy', which does not exist/);

  const empty = await run('security_first', '2560');
  assert.equal(empty.statusCode, 422);
  assert.match(empty.json().message, /no incidents in period 2560/);

  const noAreas = await run('security_first', '2568Q2', ['96']);
  assert.equal(noAreas.statusCode, 422);
  assert.match(noAreas.json().message, /province 96 has no sub-districts/);

  const badPeriod = await run('security_first', 'spring');
  assert.equal(badPeriod.statusCode, 400);
  assert.match(badPeriod.json().message, /period "spring"/);

  await t.db.query(`INSERT INTO category (code, label_th, label_en, color) VALUES ('piracy', 'โจรสลัด', 'Piracy', '#123456')`);
  const withCat = await api(analyst, 'POST', '/api/analysis/profiles', {
    ...base, name: 'with-piracy', componentWeights: { burden: 1 }, categoryWeights: { drugs: 1, piracy: 2 },
  });
  assert.equal(withCat.statusCode, 201, withCat.body);
  await t.db.query(`DELETE FROM category WHERE code = 'piracy'`);
  const afterDelete = await api(analyst, 'POST', '/api/analysis/runs', { profileId: withCat.json().id, period: '2568Q2', provinces: ['32'] });
  assert.equal(afterDelete.statusCode, 422);
  assert.match(afterDelete.json().message, /profile "with-piracy".*category 'piracy', which does not exist/);
});

test('AHP: inconsistent judgments (CR > 0.10) are refused with the ratio and a hint; consistent ones give the weights', async () => {
  const base = { nameTh: 'เอเอชพี', nameEn: 'AHP', normalisation: 'rank', aggregation: 'weighted_sum', topN: 10, ratePer1000: false, recencyHalfLifeDays: 60, categoryWeights: { drugs: 1, flood: 1 } };
  const items = ['burden', 'recency', 'trend', 'hotspot'];
  const bad = await api(analyst, 'POST', '/api/analysis/profiles', {
    ...base, name: 'ahp-bad', componentPairwise: { items, matrix: [[1, 9, 1 / 9, 9], [1 / 9, 1, 9, 1 / 9], [9, 1 / 9, 1, 9], [1 / 9, 9, 1 / 9, 1]] },
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.json().message, /consistency ratio \d\.\d{3} is above 0\.10/);
  assert.match(bad.json().message, /Revise the comparison of/);

  const good = await api(analyst, 'POST', '/api/analysis/profiles', {
    ...base, name: 'ahp-good', componentPairwise: { items, matrix: [[1, 2, 4, 4], [1 / 2, 1, 2, 2], [1 / 4, 1 / 2, 1, 1], [1 / 4, 1 / 2, 1, 1]] },
  });
  assert.equal(good.statusCode, 201, good.body);
  const p = good.json();
  assert.ok(p.ahp.components.consistencyRatio < 1e-9, 'a consistent matrix');
  assert.ok(Math.abs(p.profile.componentWeights.burden - 0.5) < 1e-9);
  assert.ok(Math.abs(p.profile.componentWeights.trend - 0.125) < 1e-9);
});

test('profiles: presets cannot be changed; others are edited and deleted, each audited', async () => {
  const preset = await api(analyst, 'PATCH', `/api/analysis/profiles/${profileIds.security_first}`, { topN: 5 });
  assert.equal(preset.statusCode, 409);
  assert.equal((await api(analyst, 'DELETE', `/api/analysis/profiles/${profileIds.water_first}`)).statusCode, 409);

  const created = await api(analyst, 'POST', '/api/analysis/profiles', {
    name: 'drugs-only', nameTh: 'ยาเสพติด', nameEn: 'Drugs only', normalisation: 'minmax', aggregation: 'geometric_mean',
    componentWeights: { burden: 3, recency: 1 }, categoryWeights: { drugs: 1 }, topN: 5, ratePer1000: true, recencyHalfLifeDays: 30,
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  const dup = await api(analyst, 'POST', '/api/analysis/profiles', { ...created.json(), id: undefined, preset: undefined, profile: undefined, ahp: undefined, createdAt: undefined, updatedAt: undefined,
    normalisation: 'rank', aggregation: 'weighted_sum', componentWeights: { burden: 1 }, categoryWeights: { drugs: 1 }, topN: 5, ratePer1000: true, recencyHalfLifeDays: 30 });
  assert.equal(dup.statusCode, 409);

  const patched = await api(analyst, 'PATCH', `/api/analysis/profiles/${id}`, { topN: 3, categoryWeights: { drugs: 2, crime: 1 } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().profile.topN, 3);
  assert.deepEqual(patched.json().profile.componentWeights, { burden: 3, recency: 1 });
  const badPatch = await api(analyst, 'PATCH', `/api/analysis/profiles/${id}`, { categoryWeights: { drugs: 0 } });
  assert.equal(badPatch.statusCode, 422);
  assert.match(badPatch.json().message, /all category weights are zero/);

  const r = await api(analyst, 'POST', '/api/analysis/runs', { profileId: id, period: '2568Q2', provinces: ['32'] });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().top[0].code, HOT);
  assert.equal(r.json().top[0].components[0].contribution, null, 'geometric mean: factors, not contributions');

  assert.equal((await api(analyst, 'DELETE', `/api/analysis/profiles/${id}`)).statusCode, 200);
  const kept = await api(analyst, 'GET', `/api/analysis/runs/${r.json().id}`);
  assert.equal(kept.statusCode, 200, 'the run outlives its profile');
  assert.equal(kept.json().profileId, null);
  assert.equal(kept.json().profile.topN, 3);

  const audit = await t.db.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE entity = 'analysis_profile' AND entity_id = $1 ORDER BY id`, [String(id)]);
  assert.deepEqual(audit.rows.map((a) => a.action), ['create', 'update', 'delete']);
  const runAudit = await t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'analysis_run' AND entity_id = $1`, [r.json().id]);
  assert.equal(runAudit.rows.length, 1);
});

test('a stored run shows the same numbers later, after new incidents arrive', async () => {
  const first = (await run('security_first')).json();
  const explained = (await api(analyst, 'GET', `/api/analysis/runs/${first.id}/areas/${HOT}`)).json();
  await addIncidents(t.db, '320201', 'drugs', 30, 5, '2025-03-15T03:00:00Z');
  await t.db.query(`UPDATE incident SET updated_at = now() + interval '1 minute' WHERE subdistrict_code = '320201'`);

  const again = await api(analyst, 'GET', `/api/analysis/runs/${first.id}?limit=200`);
  assert.equal(again.statusCode, 200);
  const a = again.json();
  assert.deepEqual(a.areas.items.slice(0, 100), first.areas.items);
  assert.deepEqual(a.top, first.top);
  assert.equal(a.dataCutoff, first.dataCutoff);
  assert.deepEqual((await api(analyst, 'GET', `/api/analysis/runs/${first.id}/areas/${HOT}`)).json(), explained);

  const fresh = (await run('security_first')).json();
  assert.equal(fresh.top[0].code, '320201', 'a new run sees the new incidents');
  assert.ok(fresh.dataCutoff > first.dataCutoff);
  const listed = (await api(analyst, 'GET', '/api/analysis/runs')).json();
  assert.equal(listed.items[0].id, fresh.id);
});

test('a stored run reads back the very numbers it was computed with: columns, input and explanation', async () => {
  const res = await run('security_first');
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id;
  const viewer = { userId: null, username: 'x', displayName: 'x', role: 'analyst', agencyId: null, agency: null, areaCodes: [], mustChangePassword: false } as unknown as Viewer;
  const areas = await subdistricts(t.db, ['32']);
  const cats = await activeCategories(t.db);
  const [g] = await gatherInputs(t.db, viewer, ['32'], areas, cats, [readPeriod('2568Q2')], 90, { moran: [false] });
  const profile = (await api(analyst, 'GET', '/api/analysis/profiles')).json().find((p: { name: string }) => p.name === 'security_first').profile;
  const want = computePriority(g.input, profile, { detail: 'summary' });

  // Every area of the stored run, page by page, is computePriority's area with its name, Gi* and movement.
  const got: Array<Record<string, unknown>> = [];
  for (let offset = 0; offset < want.areas.length; offset += 50) {
    got.push(...(await api(analyst, 'GET', `/api/analysis/runs/${id}?offset=${offset}&limit=50`)).json().areas.items);
  }
  assert.equal(got.length, want.areas.length);
  want.areas.forEach((a, pos) => {
    const s = got[pos] as { code: string; nameTh: string; score: number; rank: number; inTop: boolean; byCategory: unknown; general: unknown; flags: unknown; components: unknown };
    assert.equal(s.code, a.code);
    assert.equal(s.nameTh, areas.find((x) => x.code === a.code)!.name_th);
    assert.equal(s.score, a.score, `${a.code}: the same score to the last digit`);
    assert.equal(s.rank, a.rank);
    assert.equal(s.inTop, a.inTop);
    assert.deepEqual(s.byCategory, a.byCategory);
    assert.equal(s.general, a.general);
    assert.deepEqual(s.flags, a.flags);
    assert.deepEqual(s.components, a.components.map((c) => ({ id: c.id, weight: c.weight, value: c.value, contribution: c.contribution, factor: c.factor })));
  });
  // The stored input is the gathered one: the explanation recomputed from it has the run's numbers.
  const ex = (await api(analyst, 'GET', `/api/analysis/runs/${id}/areas/${HOT}`)).json();
  const burden = ex.components.find((c: { id: string }) => c.id === 'burden');
  assert.equal(burden.categories.find((c: { category: string }) => c.category === 'drugs').raw, 12 * 5, 'the cluster centre\'s drug burden');
  assert.equal(ex.area.score, want.areas.find((a) => a.code === HOT)!.score);
  const hot = ex.components.find((c: { id: string }) => c.id === 'hotspot');
  assert.equal(hot.categories.find((c: { category: string }) => c.category === 'drugs').raw, 1, 'the cluster centre is a hot spot');

  // Every input grid, the recomputed ones (trend, hot spots) included, is the gathered one bit for bit.
  const stored = readSummary((await t.db.query<{ summary: unknown }>('SELECT summary FROM analysis_run WHERE id = $1::bigint', [id])).rows[0].summary).input();
  assert.deepEqual(stored.areas, g.input.areas);
  assert.deepEqual([...stored.values.keys()], [...g.input.values.keys()]);
  const seen = { trend: 0, hotspot: 0, recencyFraction: 0 };
  for (const [comp, byCat] of g.input.values) {
    for (const [cat, col] of byCat as Map<string, Float64Array>) {
      const back = (stored.values.get(comp) as Map<string, Float64Array>).get(cat)!;
      assert.deepEqual(Array.from(back), Array.from(col), `${comp}, ${cat}`);
      for (const v of col) {
        if (comp === 'trend' && v !== 0) seen.trend++;
        if (comp === 'hotspot' && v === 1) seen.hotspot++;
        if (comp === 'recency' && v % 1 !== 0) seen.recencyFraction++;
      }
    }
  }
  assert.ok(seen.trend > 0 && seen.hotspot > 0 && seen.recencyFraction > 0, `the comparison covers non-zero trends, hot spots and fractional recency: ${JSON.stringify(seen)}`);
});

test('a run stored before the columns (an object per area, the input keyed by area code) reads back the same', async () => {
  const res = await run('security_first');
  const id = res.json().id;
  const all = (await api(analyst, 'GET', `/api/analysis/runs/${id}?limit=1000`)).json();
  const scores = (await api(analyst, 'GET', `/api/analysis/runs/${id}/scores`)).json();
  const explained = (await api(analyst, 'GET', `/api/analysis/runs/${id}/areas/${HOT}`)).json();
  // The same run in format 1, as runs were stored until 2 December 2026.
  const stored = readSummary((await t.db.query<{ summary: unknown }>('SELECT summary FROM analysis_run WHERE id = $1::bigint', [id])).rows[0].summary);
  const input = stored.input();
  const values: Record<string, Record<string, Record<string, number>>> = {};
  for (const [comp, byCat] of input.values) {
    values[comp] = {};
    for (const [cat, col] of byCat as Map<string, Float64Array>) {
      const m: Record<string, number> = {};
      input.areas.forEach((a, i) => { if (col[i] !== 0) m[a.code] = col[i]; });
      if (Object.keys(m).length) values[comp][cat] = m;
    }
  }
  const v1 = {
    areas: all.areas.items, top: all.top.map((a: { code: string }) => a.code), weights: all.weights, warnings: all.warnings,
    previous: all.previousPeriod, dropped: all.dropped, hotspot: all.hotspot, incidentCount: all.incidentCount,
    input: { areas: input.areas, categories: input.categories, values },
  };
  await t.db.query('UPDATE analysis_run SET summary = $2::json WHERE id = $1::bigint', [id, JSON.stringify(v1)]);
  assert.deepEqual((await api(analyst, 'GET', `/api/analysis/runs/${id}?limit=1000`)).json(), all);
  assert.deepEqual((await api(analyst, 'GET', `/api/analysis/runs/${id}/scores`)).json(), scores);
  assert.deepEqual((await api(analyst, 'GET', `/api/analysis/runs/${id}/areas/${HOT}`)).json(), explained);
});
