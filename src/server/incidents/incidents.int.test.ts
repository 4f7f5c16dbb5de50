import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { lonLatToMercator } from '../../shared/incident-validate.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
});
after(async () => t?.close());

/** A point inside a sub-district of the real Surin boundaries. */
async function pointIn(code: string): Promise<[number, number]> {
  const r = await t.db.query<{ lon: number; lat: number }>('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = $1) s', [code]);
  return [r.rows[0].lon, r.rows[0].lat];
}

async function api(cookie: string | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload });
}

let marker = 0;
/** A text unique to one test, so its list and count queries see only its own incidents. */
function unique(prefix: string): string {
  marker += 1;
  return `${prefix}-${marker}-${Math.random().toString(36).slice(2, 8)}`;
}

async function report(cookie: string, over: Record<string, unknown> = {}, code = '320101') {
  const [lon, lat] = await pointIn(code);
  return api(cookie, 'POST', '/api/incidents', { category: 'drugs', occurredAt: '2024-01-05T10:30', lon, lat, severity: 3, source: 'agency', ...over });
}

async function incidentCount(): Promise<number> {
  return (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident')).rows[0].n;
}

test('an officer reports an incident: it gets the sub-district that contains it, Web Mercator x/y, and an audit record', async () => {
  const officer = await t.userCookie('agency_officer', { username: 'police.surin' });
  const admin = await t.userCookie('admin');
  const [lon, lat] = await pointIn('320101');
  const res = await report(officer, { description: 'พบการลักลอบขนยาเสพติด', externalId: unique('EXT') });
  assert.equal(res.statusCode, 201, res.body);
  const inc = res.json();
  assert.equal(inc.subdistrict.code, '320101');
  assert.equal(inc.subdistrict.nameTh, 'ในเมือง');
  assert.equal(inc.subdistrict.nameEn, 'Nai Mueang');
  assert.equal(inc.districtCode, '3201');
  assert.equal(inc.provinceCode, '32');
  assert.equal(inc.assignedNearest, false);
  assert.equal(inc.nearestDistanceM, null);
  assert.equal(inc.occurredAt, '2024-01-05T03:30:00.000Z', 'a time without zone is Thai time');
  assert.equal(inc.status, 'reported');
  assert.equal(inc.classification, 'internal');
  assert.equal(inc.category.code, 'drugs');
  assert.deepEqual(inc.createdBy, { id: inc.createdBy.id, username: 'police.surin' });
  assert.ok(Math.abs(inc.lon - lon) < 1e-9 && Math.abs(inc.lat - lat) < 1e-9);

  const read = await api(officer, 'GET', `/api/incidents/${inc.id}`);
  assert.deepEqual(read.json(), inc);
  const xy = (await t.db.query<{ x: number; y: number }>('SELECT x, y FROM incident WHERE id = $1', [inc.id])).rows[0];
  const [x, y] = lonLatToMercator(lon, lat);
  assert.ok(Math.abs(xy.x - x) < 0.01 && Math.abs(xy.y - y) < 0.01);

  const audit = await api(admin, 'GET', `/api/audit?entity=incident&entityId=${inc.id}`);
  assert.equal(audit.json().items.length, 1);
  assert.equal(audit.json().items[0].action, 'create');
  assert.equal(audit.json().items[0].username, 'police.surin');
  assert.equal(audit.json().items[0].after.description, 'พบการลักลอบขนยาเสพติด');
});

test('a point a few metres outside every sub-district gets the nearest one, flagged with the distance', async () => {
  const analyst = await t.userCookie('analyst');
  // The northernmost corner of Surin's sub-districts, moved about 30 m further north: outside all
  // of them (nothing of Surin lies further north) yet within the 500 m tolerance.
  const corner = (await t.db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_DumpPoints(geom)).geom p FROM area WHERE level = 3) s ORDER BY ST_Y(p) DESC LIMIT 1`,
  )).rows[0];
  const lat = corner.lat + 0.0003;
  const inside = await t.db.query('SELECT 1 FROM area WHERE level = 3 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326))', [corner.lon, lat]);
  assert.equal(inside.rows.length, 0, 'the test point lies in no sub-district');
  const res = await api(analyst, 'POST', '/api/incidents', { category: 'flood', occurredAt: '2024-02-01', lon: corner.lon, lat, severity: 2, source: 'volunteer' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().assignedNearest, true);
  assert.ok(res.json().nearestDistanceM > 0 && res.json().nearestDistanceM < 40, `distance ${res.json().nearestDistanceM}`);
  assert.equal(res.json().provinceCode, '32');
});

test('swapped coordinates, a point in Laos and a point in Thailand outside every loaded area are refused, saying why', async () => {
  const analyst = await t.userCookie('analyst');
  const before = await incidentCount();
  const body = { category: 'crime', occurredAt: '2024-03-01', severity: 4, source: 'public' };
  const [lon, lat] = await pointIn('320101');
  const swapped = await api(analyst, 'POST', '/api/incidents', { ...body, lon: lat, lat: lon });
  assert.equal(swapped.statusCode, 400);
  assert.match(swapped.json().message, /latitude and longitude appear to be swapped/);
  assert.equal(swapped.json().details[0].field, 'lon');

  const laos = await api(analyst, 'POST', '/api/incidents', { ...body, lon: 102.135, lat: 19.886 });
  assert.equal(laos.statusCode, 400);
  assert.match(laos.json().message, /outside Thailand/);

  const paris = await api(analyst, 'POST', '/api/incidents', { ...body, lon: 2.35, lat: 48.85 });
  assert.match(paris.json().message, /outside Thailand/);

  const bangkok = await api(analyst, 'POST', '/api/incidents', { ...body, lon: 100.5018, lat: 13.7563 });
  assert.equal(bangkok.statusCode, 400);
  assert.match(bangkok.json().message, /outside every area in COMAP \(nearest sub-district 32\d{4} .+ is \d+ km away\)/);
  assert.equal(await incidentCount(), before, 'nothing stored');
});

test('bad fields are named: category, date, severity, unknown fields', async () => {
  const analyst = await t.userCookie('analyst');
  const [lon, lat] = await pointIn('320101');
  const res = await api(analyst, 'POST', '/api/incidents', { category: 'storm', occurredAt: '31/2/2567', lon, lat, severity: 9, source: 'agency' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().details.map((d: any) => d.field), ['category', 'occurredAt', 'severity']);
  const extra = await api(analyst, 'POST', '/api/incidents', { category: 'drugs', occurredAt: '2024-01-01', lon, lat, severity: 1, source: 'agency', secret: 1 });
  assert.equal(extra.statusCode, 400);
  const status = await api(analyst, 'POST', '/api/incidents', { category: 'drugs', occurredAt: '2024-01-01', lon, lat, severity: 1, source: 'agency', status: 'closed' });
  assert.equal(status.statusCode, 400);
  assert.equal(status.json().details[0].field, 'status');
});

test('update and delete are audited with before and after; a deleted incident is gone', async () => {
  const officer = await t.userCookie('agency_officer');
  const analyst = await t.userCookie('analyst');
  const admin = await t.userCookie('admin');
  const inc = (await report(officer, { severity: 2 })).json();
  const [lon, lat] = await pointIn('320102');
  const upd = await api(analyst, 'PATCH', `/api/incidents/${inc.id}`, { severity: 5, status: 'verified', lon, lat });
  assert.equal(upd.statusCode, 200, upd.body);
  assert.equal(upd.json().severity, 5);
  assert.equal(upd.json().subdistrict.code, '320102', 'moving the point re-assigns the sub-district');
  assert.equal(upd.json().category.code, 'drugs', 'fields not sent stay');
  assert.equal(upd.json().createdBy.id, inc.createdBy.id);
  const del = await api(analyst, 'DELETE', `/api/incidents/${inc.id}`);
  assert.deepEqual(del.json(), { ok: true });
  assert.equal((await api(analyst, 'GET', `/api/incidents/${inc.id}`)).statusCode, 404);
  const items = (await api(admin, 'GET', `/api/audit?entity=incident&entityId=${inc.id}`)).json().items;
  assert.deepEqual(items.map((i: any) => i.action), ['delete', 'update', 'create']);
  assert.equal(items[1].before.severity, 2);
  assert.equal(items[1].after.severity, 5);
  assert.equal(items[1].before.subdistrict.code, '320101');
  assert.equal(items[1].after.subdistrict.code, '320102');
  assert.equal(items[0].before.severity, 5);
  assert.equal(items[0].after, null);
});

test('officers change only what they reported; viewers only read; administrators and analysts change anything they see', async () => {
  const author = await t.userCookie('agency_officer');
  const other = await t.userCookie('agency_officer');
  const viewer = await t.userCookie('viewer');
  const admin = await t.userCookie('admin');
  const inc = (await report(author)).json();
  assert.equal((await api(other, 'PATCH', `/api/incidents/${inc.id}`, { severity: 1 })).statusCode, 403);
  assert.equal((await api(other, 'DELETE', `/api/incidents/${inc.id}`)).statusCode, 403);
  assert.equal((await api(viewer, 'PATCH', `/api/incidents/${inc.id}`, { severity: 1 })).statusCode, 403);
  assert.equal((await api(viewer, 'DELETE', `/api/incidents/${inc.id}`)).statusCode, 403);
  assert.equal((await report(viewer)).statusCode, 403);
  assert.equal((await api(viewer, 'GET', `/api/incidents/${inc.id}`)).statusCode, 200, 'viewers read');
  assert.equal((await api(author, 'PATCH', `/api/incidents/${inc.id}`, { severity: 4 })).json().severity, 4);
  assert.equal((await api(admin, 'PATCH', `/api/incidents/${inc.id}`, { severity: 1 })).json().severity, 1);
  assert.equal((await api(null, 'GET', `/api/incidents/${inc.id}`)).statusCode, 401);
  assert.equal((await api(null, 'GET', '/api/incidents')).statusCode, 401);
  assert.equal((await api(null, 'GET', '/api/incidents/counts')).statusCode, 401);
});

test('need-to-know: restricted incidents are seen only by analysts and administrators, in every read', async () => {
  const analyst = await t.userCookie('analyst');
  const tag = unique('restricted-test');
  const restricted = (await report(analyst, { classification: 'restricted', description: `${tag} secret`, occurredAt: '2023-02-10T09:00' })).json();
  const internal = (await report(analyst, { classification: 'internal', description: `${tag} open`, occurredAt: '2023-02-10T10:00' })).json();
  const period = '2023-02-10..2023-02-10';
  for (const role of ['viewer', 'agency_officer'] as const) {
    const c = await t.userCookie(role);
    assert.equal((await api(c, 'GET', `/api/incidents/${restricted.id}`)).statusCode, 404, `${role}: get by id`);
    assert.equal((await api(c, 'GET', `/api/incidents/${internal.id}`)).statusCode, 200, `${role}: internal is readable`);
    const list = (await api(c, 'GET', `/api/incidents?q=${tag}`)).json();
    assert.deepEqual(list.items.map((i: any) => i.id), [internal.id], `${role}: list`);
    assert.equal(list.total, 1, `${role}: total`);
    const byClass = (await api(c, 'GET', `/api/incidents?q=${tag}&classification=restricted`)).json();
    assert.equal(byClass.total, 0, `${role}: asking for restricted explicitly finds nothing`);
    const counts = (await api(c, 'GET', `/api/incidents/counts?level=3&period=${period}`)).json();
    assert.equal(counts.total, 1, `${role}: counts`);
    const tally = (await api(c, 'GET', `/api/incidents?period=${period}`)).json();
    assert.equal(tally.total, counts.total, `${role}: counts and list agree`);
    assert.equal((await api(c, 'PATCH', `/api/incidents/${restricted.id}`, { severity: 1 })).statusCode, 404, `${role}: cannot touch it`);
  }
  for (const role of ['analyst', 'admin'] as const) {
    const c = await t.userCookie(role);
    assert.equal((await api(c, 'GET', `/api/incidents/${restricted.id}`)).statusCode, 200, role);
    assert.equal((await api(c, 'GET', `/api/incidents?q=${tag}`)).json().total, 2, role);
    assert.equal((await api(c, 'GET', `/api/incidents/counts?level=3&period=${period}`)).json().total, 2, role);
  }
});

test('officers cannot classify an incident as restricted', async () => {
  const officer = await t.userCookie('agency_officer');
  const before = await incidentCount();
  const res = await report(officer, { classification: 'restricted' });
  assert.equal(res.statusCode, 403);
  assert.match(res.json().message, /restricted/);
  const mine = (await report(officer)).json();
  assert.equal((await api(officer, 'PATCH', `/api/incidents/${mine.id}`, { classification: 'restricted' })).statusCode, 403);
  assert.equal(await incidentCount(), before + 1);
});

test('need-to-know: an area officer of district 3201 sees, fetches, counts and reports only inside 3201', async () => {
  const admin = await t.userCookie('admin');
  const officer = await t.userCookie('area_officer', { areaCodes: ['3201'] });
  const tag = unique('area-test');
  const period = '2023-03-15..2023-03-15';
  const mine = (await report(admin, { description: `${tag} in 3201`, occurredAt: '2023-03-15T08:00' }, '320101')).json();
  const theirs = (await report(admin, { description: `${tag} in 3202`, occurredAt: '2023-03-15T09:00' }, '320201')).json();
  assert.equal(theirs.districtCode, '3202');

  const list = (await api(officer, 'GET', `/api/incidents?q=${tag}`)).json();
  assert.deepEqual(list.items.map((i: any) => i.id), [mine.id]);
  assert.equal((await api(officer, 'GET', `/api/incidents/${theirs.id}`)).statusCode, 404, 'fetch by id outside the area');
  assert.equal((await api(officer, 'GET', `/api/incidents/${mine.id}`)).statusCode, 200);
  assert.equal((await api(officer, 'GET', `/api/incidents?q=${tag}&area=3202`)).json().total, 0, 'an area filter cannot widen the scope');

  const byDistrict = (await api(officer, 'GET', `/api/incidents/counts?level=2&period=${period}`)).json();
  assert.deepEqual(Object.keys(byDistrict.values), ['3201']);
  assert.equal(byDistrict.total, (await api(officer, 'GET', `/api/incidents?period=${period}`)).json().total, 'counts and list agree');
  const adminCounts = (await api(admin, 'GET', `/api/incidents/counts?level=2&period=${period}`)).json();
  assert.deepEqual(Object.keys(adminCounts.values).sort(), ['3201', '3202']);

  const before = await incidentCount();
  const outside = await report(officer, {}, '320201');
  assert.equal(outside.statusCode, 403, 'cannot report in 3202');
  assert.match(outside.json().message, /outside your areas/);
  assert.equal(await incidentCount(), before, 'nothing stored');
  const inside = await report(officer, {}, '320102');
  assert.equal(inside.statusCode, 201);
  const [lon, lat] = await pointIn('320201');
  const move = await api(officer, 'PATCH', `/api/incidents/${inside.json().id}`, { lon, lat });
  assert.equal(move.statusCode, 403, 'cannot move an incident out of the area');
  assert.equal((await api(officer, 'GET', `/api/incidents/${inside.json().id}`)).json().subdistrict.code, '320102');
});

test('need-to-know: a sub-district scope is narrower than its district; an area officer without scope sees nothing', async () => {
  const admin = await t.userCookie('admin');
  const narrow = await t.userCookie('area_officer', { areaCodes: ['320101'] });
  const tag = unique('narrow');
  const a = (await report(admin, { description: tag }, '320101')).json();
  await report(admin, { description: tag }, '320102');
  const list = (await api(narrow, 'GET', `/api/incidents?q=${tag}`)).json();
  assert.deepEqual(list.items.map((i: any) => i.id), [a.id]);
  // An area officer whose areas were all removed keeps no view of anything.
  const id = (await t.db.query<{ id: number }>("SELECT id FROM app_user WHERE role = 'area_officer' ORDER BY id DESC LIMIT 1")).rows[0].id;
  await t.db.query('DELETE FROM user_area WHERE user_id = $1', [id]);
  assert.equal((await api(narrow, 'GET', `/api/incidents?q=${tag}`)).json().total, 0);
  assert.equal((await api(narrow, 'GET', '/api/incidents/counts')).json().total, 0);
});

test('SQL and HTML injection strings are stored and returned verbatim, as plain text', async () => {
  const analyst = await t.userCookie('analyst');
  const evil = `'; DROP TABLE incident; -- <script>alert(1)</script> "quoted" \\ 100% _x_`;
  const res = await report(analyst, { description: evil, externalId: `x'); DELETE FROM incident; --` });
  assert.equal(res.statusCode, 201, res.body);
  const read = await api(analyst, 'GET', `/api/incidents/${res.json().id}`);
  assert.equal(read.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(read.json().description, evil);
  assert.equal(read.json().externalId, `x'); DELETE FROM incident; --`);
  const found = (await api(analyst, 'GET', `/api/incidents?q=${encodeURIComponent("'; DROP TABLE")}`)).json();
  assert.ok(found.items.some((i: any) => i.id === res.json().id));
  assert.ok(found.items.every((i: any) => i.description.includes("'; DROP TABLE")));
  const percent = (await api(analyst, 'GET', `/api/incidents?q=${encodeURIComponent('100%')}&limit=1000`)).json();
  assert.ok(percent.items.every((i: any) => i.description.includes('100%')), '% is searched literally, not as a wildcard');
  assert.ok((await incidentCount()) > 0, 'the table is still there');
});

test('filters: category, period, area, status, source, classification, text; paging and sort', async () => {
  const analyst = await t.userCookie('analyst');
  const tag = unique('filters');
  const rows = [
    { category: 'drugs', occurredAt: '2022-11-01T10:00', status: 'verified', source: 'agency', classification: 'public', severity: 1 },
    { category: 'flood', occurredAt: '2023-01-15T10:00', status: 'reported', source: 'volunteer', classification: 'internal', severity: 5 },
    { category: 'flood', occurredAt: '2023-05-01T10:00', status: 'resolved', source: 'sensor', classification: 'internal', severity: 3 },
    { category: 'smuggling', occurredAt: '2023-10-02T10:00', status: 'false_report', source: 'public', classification: 'restricted', severity: 2 },
  ];
  const ids: number[] = [];
  for (const [k, r] of rows.entries()) {
    const res = await report(analyst, { ...r, description: `${tag} row ${k}` }, k === 3 ? '320201' : '320101');
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id);
  }
  const find = async (query: string) => {
    const r = await api(analyst, 'GET', `/api/incidents?q=${tag}&${query}`);
    assert.equal(r.statusCode, 200, `${query}: ${r.body}`);
    return r.json().items.map((i: any) => ids.indexOf(i.id));
  };
  assert.deepEqual(await find('category=flood'), [2, 1]);
  assert.deepEqual(await find('category=drugs,smuggling'), [3, 0]);
  assert.deepEqual(await find('period=2566'), [2, 1, 0], 'fiscal year 2566 = Oct 2022 to Sep 2023');
  assert.deepEqual(await find('period=2566Q2'), [1], 'Q2 = Jan to Mar 2023');
  assert.deepEqual(await find('period=2023-05-01..2023-10-02'), [3, 2]);
  assert.deepEqual(await find('area=3202'), [3]);
  assert.deepEqual(await find('area=320101'), [2, 1, 0]);
  assert.deepEqual(await find('area=32'), [3, 2, 1, 0]);
  assert.deepEqual(await find('status=reported,resolved'), [2, 1]);
  assert.deepEqual(await find('source=sensor'), [2]);
  assert.deepEqual(await find('classification=public,restricted'), [3, 0]);
  assert.deepEqual(await find('sort=occurred_asc'), [0, 1, 2, 3]);
  assert.deepEqual(await find('sort=severity_desc'), [1, 2, 3, 0]);
  assert.deepEqual(await find('limit=2&offset=1'), [2, 1]);
  const page = (await api(analyst, 'GET', `/api/incidents?q=${tag}&limit=2`)).json();
  assert.equal(page.total, 4, 'total counts every match, not the page');
  const upper = (await api(analyst, 'GET', `/api/incidents?q=${tag.toUpperCase()}%20ROW%201`)).json();
  assert.deepEqual(upper.items.map((i: any) => ids.indexOf(i.id)), [1], 'text search ignores case');
});

test('invalid filter values get a 400 naming the parameter', async () => {
  const viewer = await t.userCookie('viewer');
  for (const [query, field] of [
    ['category=nope', 'category'],
    ['period=last-year', 'period'],
    ['period=2567Q5', 'period'],
    ['area=32x', 'area'],
    ['area=32010101', 'area'],
    ['status=closed', 'status'],
    ['source=rumour', 'source'],
    ['classification=secret', 'classification'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=random', 'sort'],
  ]) {
    const r = await api(viewer, 'GET', `/api/incidents?${query}`);
    assert.equal(r.statusCode, 400, query);
    assert.ok(r.json().details.some((d: any) => d.field === field), `${query}: ${r.body}`);
  }
  const lv = await api(viewer, 'GET', '/api/incidents/counts?level=4');
  assert.equal(lv.statusCode, 400);
  assert.equal(lv.json().details[0].field, 'level');
  assert.equal((await api(viewer, 'GET', '/api/incidents/counts?category=nope')).json().details[0].field, 'category');
});

test('counts per area: count, population and rate per 1,000 people; the three levels and the list agree', async () => {
  const analyst = await t.userCookie('analyst');
  await t.db.query("UPDATE area SET population = 2000 WHERE code = '320101'");
  const day = '2023-06-20';
  for (const code of ['320101', '320101', '320101', '320102']) {
    assert.equal((await report(analyst, { occurredAt: `${day}T12:00`, category: 'drought' }, code)).statusCode, 201);
  }
  const q = `period=${day}..${day}&category=drought`;
  const l3 = (await api(analyst, 'GET', `/api/incidents/counts?level=3&${q}`)).json();
  assert.deepEqual(l3.values['320101'], { count: 3, population: 2000, rate: 1.5 });
  assert.deepEqual(l3.values['320102'], { count: 1, population: null, rate: null });
  assert.equal(l3.total, 4);
  assert.equal(l3.maxCount, 3);
  assert.equal(l3.maxRate, 1.5);
  assert.equal(l3.level, 3);
  assert.deepEqual(l3.period, { start: '2023-06-19T17:00:00.000Z', end: '2023-06-20T17:00:00.000Z' });
  const l2 = (await api(analyst, 'GET', `/api/incidents/counts?level=2&${q}`)).json();
  assert.deepEqual(l2.values, { 3201: { count: 4, population: null, rate: null } });
  assert.equal(l2.maxRate, null);
  const l1 = (await api(analyst, 'GET', `/api/incidents/counts?level=1&${q}`)).json();
  assert.equal(l1.values['32'].count, 4);
  const list = (await api(analyst, 'GET', `/api/incidents?${q}`)).json();
  assert.equal(list.total, l3.total);
  const perArea: Record<string, number> = {};
  for (const i of list.items) perArea[i.subdistrict.code] = (perArea[i.subdistrict.code] ?? 0) + 1;
  assert.deepEqual(perArea, { 320101: 3, 320102: 1 });
  const noPeriod = (await api(analyst, 'GET', '/api/incidents/counts')).json();
  assert.equal(noPeriod.period, null);
  assert.equal(noPeriod.level, 3, 'sub-districts by default');
});
