import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fiscalYearOf, fiscalYearPeriod, thaiDateParts } from '../../shared/fiscal.ts';
import { createRandom } from '../../shared/random.ts';
import { generateProvince, toLocal } from './geography.ts';
import {
  DEMO_CATEGORY_CODES,
  INCIDENT_COPY_COLUMNS,
  SubdistrictLocator,
  demoTrends,
  generateIncidents,
  incidentCsvLine,
  toWebMercator,
  type DemoIncident,
} from './incidents.ts';
import { distanceToPolyline, pointInRing } from '../../shared/planar.ts';

const province = generateProvince(2567);
// Near the end of FY 2568, so the four fiscal years 2565-2568 are (almost) complete.
const now = new Date('2025-09-29T05:00:00Z');
const years = [2565, 2566, 2567, 2568];
const incidents: DemoIncident[] = [...generateIncidents(province, { count: 20_000, seed: 2567, now, fiscalYears: years })];
const byCat = (c: string) => incidents.filter((i) => i.category === c);

test('the requested number of incidents, every category, numbered from 1, each inside its sub-district', () => {
  assert.equal(incidents.length, 20_000);
  assert.deepEqual(incidents.slice(0, 3).map((i) => i.n), [1, 2, 3]);
  for (const c of DEMO_CATEGORY_CODES) assert.ok(byCat(c).length > 200, `${c}: ${byCat(c).length}`);
  for (const i of incidents) {
    assert.ok(pointInRing(i.lon, i.lat, province.subdistricts[i.subdistrict].ring), `incident ${i.n} in its sub-district`);
  }
});

test('dates: within the four fiscal years and before the day of the load; reports follow the event', () => {
  const start = fiscalYearPeriod(2565).start.getTime();
  const dayStart = Date.parse('2025-09-28T17:00:00Z'); // midnight in Thailand on 29 Sep 2025
  for (const i of incidents) {
    assert.ok(i.occurredAt >= start && i.occurredAt < dayStart, `incident ${i.n} at ${new Date(i.occurredAt).toISOString()}`);
    assert.ok(i.createdAt >= i.occurredAt && i.createdAt <= now.getTime());
    assert.ok(i.updatedAt >= i.createdAt && i.updatedAt <= now.getTime());
  }
  const perYear = years.map((y) => incidents.filter((i) => fiscalYearOf(new Date(i.occurredAt)) === y).length);
  assert.ok(perYear.every((n) => n > 4000), `per fiscal year: ${perYear}`);
});

test('seasons: floods mostly August to October, drought mostly February to May', () => {
  const month = (i: DemoIncident) => thaiDateParts(new Date(i.occurredAt)).month;
  const floods = byCat('flood');
  const rainy = floods.filter((i) => [8, 9, 10].includes(month(i))).length / floods.length;
  assert.ok(rainy > 0.75, `${Math.round(rainy * 100)} % of floods in Aug-Oct`);
  const drought = byCat('drought');
  const dry = drought.filter((i) => [2, 3, 4, 5].includes(month(i))).length / drought.length;
  assert.ok(dry > 0.75, `${Math.round(dry * 100)} % of drought reports in Feb-May`);
});

test('places: crossings and smuggling near the border, floods near the rivers, drugs around the towns', () => {
  const border = province.border.map(toLocal);
  const km = (i: DemoIncident, line: [number, number][]) => distanceToPolyline(toLocal([i.lon, i.lat]), line) / 1000;
  const near = (list: DemoIncident[], line: [number, number][], limit: number) => list.filter((i) => km(i, line) <= limit).length / list.length;
  assert.ok(near(byCat('illegal_crossing'), border, 10) > 0.85, 'crossings within 10 km of the border');
  assert.ok(near(byCat('smuggling'), border, 10) > 0.75, 'smuggling within 10 km of the border');
  assert.ok(near(byCat('crime'), border, 10) < 0.35, 'crime is not a border pattern');
  const rivers = province.rivers.map((r) => r.map(toLocal));
  const nearRiver = (list: DemoIncident[]) => list.filter((i) => Math.min(...rivers.map((r) => km(i, r))) <= 4).length / list.length;
  assert.ok(nearRiver(byCat('flood')) > 0.8, 'floods within 4 km of a river');
  assert.ok(nearRiver(byCat('drought')) < 0.3, 'drought away from the rivers');
  const towns = province.towns.map((t) => toLocal(t.at));
  const nearTown = (list: DemoIncident[]) =>
    list.filter((i) => towns.some((t) => Math.hypot(toLocal([i.lon, i.lat])[0] - t[0], toLocal([i.lon, i.lat])[1] - t[1]) < 5000)).length / list.length;
  assert.ok(nearTown(byCat('drugs')) > 0.6, `drugs within 5 km of a town: ${nearTown(byCat('drugs'))}`);
  assert.ok(nearTown(byCat('drought')) < 0.3);
});

test('trends: drugs fall 20 % a year in two districts and rise in another', () => {
  const trends = demoTrends(province);
  assert.equal(trends.filter((t) => t.factorPerYear < 1).length, 2);
  for (const t of trends) {
    const drugs = byCat('drugs').filter((i) => province.subdistricts[i.subdistrict].code.startsWith(t.districtCode));
    const first = drugs.filter((i) => fiscalYearOf(new Date(i.occurredAt)) === 2565).length;
    const third = drugs.filter((i) => fiscalYearOf(new Date(i.occurredAt)) === 2567).length;
    const ratio = third / first;
    if (t.factorPerYear < 1) assert.ok(ratio < 0.78, `${t.districtCode}: ${first} -> ${third}`);
    else assert.ok(ratio > 1.25, `${t.districtCode}: ${first} -> ${third}`);
  }
});

test('statuses, sources and classification look like a real register', () => {
  const share = (f: (i: DemoIncident) => boolean, list = incidents) => list.filter(f).length / list.length;
  const old = incidents.filter((i) => now.getTime() - i.occurredAt > 365 * 86_400_000);
  assert.ok(share((i) => i.status === 'resolved' || i.status === 'verified', old) > 0.8, 'old incidents mostly closed');
  const recent = incidents.filter((i) => now.getTime() - i.occurredAt < 20 * 86_400_000);
  assert.ok(share((i) => i.status === 'reported', recent) > 0.4, 'recent incidents mostly open');
  const falseReports = share((i) => i.status === 'false_report');
  assert.ok(falseReports > 0.02 && falseReports < 0.12, `false reports ${falseReports}`);
  const restricted = share((i) => i.classification === 'restricted');
  assert.ok(restricted > 0.03 && restricted < 0.08, `restricted ${restricted}`);
  assert.ok(share((i) => i.classification === 'internal') > 0.6);
  assert.ok(share((i) => i.classification === 'public') > 0.1);
  assert.ok(share((i) => i.source === 'sensor', byCat('illegal_crossing')) > 0.2, 'border sensors report crossings');
  for (const i of incidents.slice(0, 200)) {
    assert.ok(i.severity >= 1 && i.severity <= 5);
    assert.match(i.description, /[\u0E00-\u0E7F]/, 'Thai description');
    assert.doesNotMatch(i.description, /[{}]/, 'no template placeholder left');
  }
});

test('the same seed gives the same incidents', () => {
  const again = [...generateIncidents(province, { count: 300, seed: 2567, now, fiscalYears: years })];
  assert.deepEqual(again, incidents.slice(0, 300));
  const other = [...generateIncidents(province, { count: 300, seed: 9, now, fiscalYears: years })];
  assert.notDeepEqual(other, again);
});

test('the sub-district locator agrees with a plain point-in-polygon test', () => {
  const loc = new SubdistrictLocator(province.subdistricts);
  const r = createRandom(3);
  for (let k = 0; k < 5000; k++) {
    const lon = r.range(103.1, 104.7);
    const lat = r.range(14.1, 15.4);
    const brute = province.subdistricts.findIndex((s) => pointInRing(lon, lat, s.ring));
    assert.equal(loc.locate(lon, lat), brute, `point ${lon}, ${lat}`);
  }
});

test('a CSV line has every COPY column: DEMO id, EWKB point, Web Mercator x/y, area codes', () => {
  const i = incidents[0];
  const line = incidentCsvLine(i, province, 7);
  const fields = line.trimEnd().match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '')).filter((_, k, a) => k < a.length - 1 || _ !== '');
  assert.equal(fields.length, INCIDENT_COPY_COLUMNS.length);
  assert.equal(fields[0], 'DEMO-000001');
  assert.equal(fields[1], '7');
  const ewkb = Buffer.from(fields[3], 'hex');
  assert.equal(ewkb.readUInt32LE(5), 4326);
  assert.equal(ewkb.readDoubleLE(9), i.lon);
  assert.equal(ewkb.readDoubleLE(17), i.lat);
  const [x, y] = toWebMercator(i.lon, i.lat);
  assert.equal(Number(fields[4]), x);
  assert.equal(Number(fields[5]), y);
  assert.ok(Math.abs(toWebMercator(180, 0)[0] - 20037508.342789244) < 1e-6);
  const sub = province.subdistricts[i.subdistrict].code;
  assert.deepEqual(fields.slice(6, 9), [sub, sub.slice(0, 4), '98']);
});
