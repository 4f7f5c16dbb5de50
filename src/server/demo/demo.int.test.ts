import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { startTestApp } from '../testing/test-app.ts';
import { createUser } from '../auth/service.ts';
import { loadDemo } from './service.ts';

const one = async <T = Record<string, unknown>>(t: { db: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> } }, sql: string, params: unknown[] = []) =>
  (await t.db.query(sql, params)).rows[0] as T;

test('the demo province loads with its labels, valid tiling polygons and incidents inside their sub-districts', async () => {
  const t = await startTestApp();
  try {
    const lines: string[] = [];
    const r = await loadDemo(t.db, { log: (l) => lines.push(l) });
    assert.equal(r.incidents, 20_000);
    assert.ok(lines.some((l) => l.includes('20,000 / 20,000')), 'progress is logged');

    // Through the API, as the map sees it.
    const cfg = (await t.app.inject({ url: '/api/config' })).json();
    assert.equal(cfg.hasDemo, true);
    const [minLon, minLat, maxLon, maxLat] = cfg.extent;
    assert.ok(minLon >= 103.15 && maxLon <= 104.65 && minLat >= 14.15 && maxLat <= 15.35, `extent ${cfg.extent}`);
    const cookie = await t.userCookie('viewer');
    const prov = await t.app.inject({ url: '/api/areas/98', headers: { cookie } });
    assert.equal(prov.statusCode, 200);
    assert.equal(prov.json().nameTh, 'จังหวัดสาธิต (ข้อมูลสังเคราะห์)');
    assert.equal(prov.json().nameEn, 'Demo province - synthetic data');
    assert.equal(prov.json().isDemo, true);

    const levels = (await t.db.query<{ level: number; n: number; demo: boolean; valid: boolean; pop: number }>(
      `SELECT level, count(*)::int AS n, bool_and(is_demo) AS demo, bool_and(ST_IsValid(geom)) AS valid, min(population)::int AS pop
       FROM area GROUP BY level ORDER BY level`,
    )).rows;
    assert.deepEqual(levels.map((l) => l.level), [1, 2, 3, 4]);
    assert.equal(levels[0].n, 1);
    assert.equal(levels[1].n, 8);
    assert.ok(levels[2].n >= 60 && levels[2].n <= 80, `${levels[2].n} sub-districts`);
    assert.ok(levels[3].n >= 5 * levels[2].n, `${levels[3].n} villages`);
    assert.ok(levels.every((l) => l.demo && l.valid), 'every area is demo data and valid');
    assert.ok(levels[2].pop >= 3000);
    assert.equal(r.areas, levels.reduce((s, l) => s + l.n, 0));

    // No overlaps between sub-districts, no gaps: their union is the province.
    const tiling = await one<{ overlaps: number; gap: number; province: number; districts_off: number }>(
      t,
      `SELECT
         (SELECT count(*)::int FROM area a JOIN area b ON a.code < b.code AND a.geom && b.geom
          WHERE a.level = 3 AND b.level = 3 AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1) AS overlaps,
         (SELECT ST_Area(ST_SymDifference(p.geom, (SELECT ST_Union(geom) FROM area WHERE level = 3))::geography) FROM area p WHERE code = '98') AS gap,
         (SELECT ST_Area(geom::geography) FROM area WHERE code = '98') AS province,
         (SELECT count(*)::int FROM area d WHERE level = 2
          AND ST_Area(ST_SymDifference(d.geom, (SELECT ST_Union(s.geom) FROM area s WHERE s.parent_code = d.code))::geography) > 100) AS districts_off`,
    );
    assert.equal(tiling.overlaps, 0, 'sub-districts overlap');
    assert.ok(tiling.gap < 1e-6 * tiling.province, `gap/overlap of ${tiling.gap} m2 between the sub-districts and the province`);
    assert.equal(tiling.districts_off, 0, 'each district is the union of its sub-districts');
    const villages = await one<{ outside: number }>(
      t,
      `SELECT count(*)::int AS outside FROM area v JOIN area s ON s.code = v.parent_code WHERE v.level = 4 AND NOT ST_Within(v.geom, s.geom)`,
    );
    assert.equal(villages.outside, 0, 'villages lie in their sub-district');

    const inc = await one<{ n: number; outside: number; codes_off: number; xy_off: number; external: number }>(
      t,
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE NOT ST_Contains(a.geom, i.geom))::int AS outside,
              count(*) FILTER (WHERE i.district_code <> a.parent_code OR i.province_code <> '98' OR i.assigned_nearest)::int AS codes_off,
              count(*) FILTER (WHERE abs(i.x - ST_X(ST_Transform(i.geom, 3857))) > 0.01 OR abs(i.y - ST_Y(ST_Transform(i.geom, 3857))) > 0.01)::int AS xy_off,
              count(*) FILTER (WHERE i.external_id ~ '^DEMO-[0-9]{6,}$')::int AS external
       FROM incident i JOIN area a ON a.code = i.subdistrict_code`,
    );
    assert.equal(inc.n, 20_000);
    assert.equal(inc.outside, 0, 'every incident lies in its sub-district polygon');
    assert.equal(inc.codes_off, 0);
    assert.equal(inc.xy_off, 0, 'x/y are the Web Mercator position of the point');
    assert.equal(inc.external, 20_000);

    const season = await one<{ floods: number; rainy: number; restricted: number; years: number }>(
      t,
      `SELECT count(*) FILTER (WHERE c.code = 'flood')::int AS floods,
              count(*) FILTER (WHERE c.code = 'flood' AND extract(month FROM (i.occurred_at AT TIME ZONE 'UTC') + interval '7 hours') IN (8, 9, 10))::int AS rainy,
              count(*) FILTER (WHERE i.classification = 'restricted')::int AS restricted,
              count(DISTINCT extract(year FROM ((i.occurred_at AT TIME ZONE 'UTC') + interval '7 hours') + interval '3 months'))::int AS years
       FROM incident i JOIN category c ON c.id = i.category_id`,
    );
    assert.ok(season.rainy / season.floods > 0.7, `${season.rainy} of ${season.floods} floods in Aug-Oct`);
    assert.ok(season.restricted > 500 && season.restricted < 1600, `${season.restricted} restricted`);
    assert.equal(season.years, 4, 'four fiscal years');

    const audit = await one<{ n: number; details: any }>(t, `SELECT count(*)::int AS n, max(details::text)::jsonb AS details FROM audit_log WHERE action = 'demo_load'`);
    assert.equal(audit.n, 1);
    assert.equal(audit.details.incidents, 20_000);
  } finally {
    await t.close();
  }
});

test('reloading replaces the demo, keeps real data and user scopes, and the same seed gives the same data', async () => {
  const t = await startTestApp();
  try {
    await loadDemo(t.db, { incidents: 3000, seed: 7 });
    const first = await one<{ sum: string }>(t, `SELECT md5(string_agg(external_id || occurred_at::text || ST_AsText(geom), ',' ORDER BY external_id)) AS sum FROM incident`);
    // Real data in another province: one sub-district with one incident.
    await t.db.query(
      `INSERT INTO area (code, level, parent_code, province_code, name_th, geom, is_demo) VALUES
         ('97', 1, NULL, '97', 'จริง', ST_GeomFromText('MULTIPOLYGON(((100 13,100.1 13,100.1 13.1,100 13.1,100 13)))', 4326), false),
         ('9701', 2, '97', '97', 'จริง', ST_GeomFromText('MULTIPOLYGON(((100 13,100.1 13,100.1 13.1,100 13.1,100 13)))', 4326), false),
         ('970101', 3, '9701', '97', 'จริง', ST_GeomFromText('MULTIPOLYGON(((100 13,100.1 13,100.1 13.1,100 13.1,100 13)))', 4326), false)`,
    );
    await t.db.query(
      `INSERT INTO incident (external_id, category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source)
       SELECT 'REAL-1', id, now(), ST_SetSRID(ST_MakePoint(100.05, 13.05), 4326), 0, 0, '970101', '9701', '97', 3, 'agency' FROM category WHERE code = 'crime'`,
    );
    const officer = await createUser(t.db, { username: 'officer98', password: 'a long enough password', role: 'area_officer', areaCodes: ['9801', '970101'] }, null);

    const r = await loadDemo(t.db, { incidents: 2000, seed: 8 });
    assert.equal(r.incidents, 2000);
    const counts = await one<{ demo: number; real: number; areas: number; real_areas: number; loads: number }>(
      t,
      `SELECT (SELECT count(*)::int FROM incident WHERE external_id LIKE 'DEMO-%') AS demo,
              (SELECT count(*)::int FROM incident WHERE external_id = 'REAL-1') AS real,
              (SELECT count(*)::int FROM area WHERE is_demo) AS areas,
              (SELECT count(*)::int FROM area WHERE NOT is_demo) AS real_areas,
              (SELECT count(*)::int FROM audit_log WHERE action = 'demo_load') AS loads`,
    );
    assert.deepEqual(counts, { demo: 2000, real: 1, areas: r.areas, real_areas: 3, loads: 2 });
    const scopes = (await t.db.query<{ area_code: string }>('SELECT area_code FROM user_area WHERE user_id = $1 ORDER BY area_code', [officer.id])).rows;
    assert.deepEqual(scopes.map((s) => s.area_code), ['970101', '9801'], 'the officer keeps the demo district in scope');

    await loadDemo(t.db, { incidents: 3000, seed: 7 });
    const again = await one<{ sum: string }>(t, `SELECT md5(string_agg(external_id || occurred_at::text || ST_AsText(geom), ',' ORDER BY external_id)) AS sum FROM incident WHERE external_id LIKE 'DEMO-%'`);
    assert.equal(again.sum, first.sum, 'the same seed gives the same incidents');
  } finally {
    await t.close();
  }
});

test('the demo refuses to overwrite real areas that use its code 98, and changes nothing', async () => {
  const t = await startTestApp();
  try {
    await t.db.query(
      `INSERT INTO area (code, level, parent_code, province_code, name_th, geom, is_demo)
       VALUES ('98', 1, NULL, '98', 'จริง', ST_GeomFromText('MULTIPOLYGON(((100 13,100.1 13,100.1 13.1,100 13.1,100 13)))', 4326), false)`,
    );
    await assert.rejects(loadDemo(t.db, { incidents: 100 }), (e: Error) => /province code 98 is used by real/.test(e.message));
    const n = await one<{ areas: number; incidents: number; audit: number }>(
      t,
      `SELECT (SELECT count(*)::int FROM area) AS areas, (SELECT count(*)::int FROM incident) AS incidents,
              (SELECT count(*)::int FROM audit_log WHERE action = 'demo_load') AS audit`,
    );
    assert.deepEqual(n, { areas: 1, incidents: 0, audit: 0 });
  } finally {
    await t.close();
  }
});

test('a demo reload is refused while a target list names demo areas, and the demo stays as it was', async () => {
  const t = await startTestApp();
  try {
    await loadDemo(t.db, { incidents: 500, seed: 5 });
    const analyst = await t.userCookie('analyst');
    const sub = await one<{ code: string }>(t, `SELECT code FROM area WHERE is_demo AND level = 3 ORDER BY code LIMIT 1`);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/targets',
      headers: { cookie: analyst },
      // Next fiscal year: the demo declares lists for this year and the last.
      payload: { provinceCode: '98', fiscalYear: fiscalYearOf(new Date()) + 1, areas: [{ code: sub.code, categories: ['drugs'], reason: 'ทดสอบ' }] },
    });
    assert.equal(created.statusCode, 201, created.body);
    await assert.rejects(loadDemo(t.db, { incidents: 100, seed: 6 }), (e: Error) => /used by target list\(s\) \d+ \(draft\)/.test(e.message));
    const n = await one<{ incidents: number }>(t, `SELECT count(*)::int AS incidents FROM incident`);
    assert.equal(n.incidents, 500, 'the earlier demo incidents are untouched');
  } finally {
    await t.close();
  }
});

test('the demo declares a target list for this fiscal year and the last, with agencies, and a reload replaces them', async () => {
  const t = await startTestApp();
  try {
    const fy = fiscalYearOf(new Date());
    for (const seed of [7, 8]) {
      await loadDemo(t.db, { incidents: 3000, seed });
      const lists = (
        await t.db.query<{ fiscal_year: number; status: string; areas: number }>(
          `SELECT l.fiscal_year, l.status, (SELECT count(*)::int FROM target_area a WHERE a.list_id = l.id) AS areas FROM target_list l ORDER BY l.fiscal_year`,
        )
      ).rows;
      assert.deepEqual(lists, [
        { fiscal_year: fy - 1, status: 'declared', areas: 12 },
        { fiscal_year: fy, status: 'declared', areas: 12 },
      ]);
      const agencies = await one<{ n: number }>(t, `SELECT count(*)::int AS n FROM agency WHERE is_demo`);
      assert.ok(agencies.n >= 15, `${agencies.n} demo agencies`);
    }
  } finally {
    await t.close();
  }
});
