import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase } from '../testing/test-db.ts';
import { addIncidents, loadRealAreas } from '../testing/fixtures.ts';
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Role } from '../../shared/api-types.ts';
import { SEES_RESTRICTED } from '../auth/viewer.ts';
import { THAI_UTC_OFFSET_MS, fiscalYearPeriod, fiscalQuarterPeriod, type Period } from '../../shared/fiscal.ts';
import { createRandom } from '../../shared/random.ts';
import { startIncidentGrids, subdistricts, type IncidentGrid } from './repository.ts';

/*
 * The grids the analysis scores, from each of the three places they come from (the packed day
 * cells, the cells summed by the server, the incidents themselves), against a count made here
 * in JavaScript from the incidents: the same burden, incidents and decayed severity, within what
 * each viewer may see.
 */
let db: Database;
let drop: () => Promise<void>;
let areaCodes: string[];
const CATEGORIES = ['drugs', 'flood', 'crime', 'smuggling']; // 'other' and the rest are left out, as inactive ones are
const HALF_LIFE = 45;

before(async () => {
  ({ db, drop } = await freshDatabase());
  await loadRealAreas(db, ['32', '33']);
  areaCodes = (await subdistricts(db, ['32', '33'])).map((a) => a.code);
  const rng = createRandom(2568);
  // Incidents over FY 2567 to 2569, either side of Thai midnight and of the fiscal year's turn.
  const from = Date.UTC(2023, 8, 20);
  const to = Date.UTC(2026, 0, 10);
  for (let k = 0; k < 260; k++) {
    const code = rng.pick(areaCodes);
    const at = new Date(from + Math.floor(rng.next() * (to - from) / 600_000) * 600_000).toISOString();
    await addIncidents(db, code, rng.pick([...CATEGORIES, 'other']), rng.int(1, 3), rng.int(1, 5), at);
  }
  await addIncidents(db, '320101', 'drugs', 2, 3, '2024-09-30T16:59:00Z'); // 23:59 on 30 Sep in Thailand: FY 2567
  await addIncidents(db, '320101', 'drugs', 2, 4, '2024-09-30T17:00:00Z'); // 00:00 on 1 Oct: FY 2568
  // addIncidents makes restricted incidents: a third become internal, a few are false reports.
  await db.query(`UPDATE incident SET classification = 'internal' WHERE id % 3 = 0`);
  await db.query(`UPDATE incident SET status = 'false_report' WHERE id % 17 = 0`);
});
after(async () => drop?.());

function viewer(role: Role, areaCodes: string[] = []): Viewer {
  return { userId: 1, username: role, displayName: role, role, agencyId: null, agency: null, areaCodes, mustChangePassword: false };
}

/** The grid counted here from the incidents: ages from the middle of the Thai day when `byDay`, from the instant otherwise. */
async function expectedGrid(v: Viewer, p: Period, byDay: boolean): Promise<IncidentGrid> {
  const rows = (await db.query<{ occurred_at: Date; subdistrict_code: string; district_code: string; category: string; classification: string; severity: number }>(
    `SELECT i.occurred_at, i.subdistrict_code, i.district_code, c.code AS category, i.classification, i.severity
     FROM incident i JOIN category c ON c.id = i.category_id WHERE i.status <> 'false_report'`,
  )).rows;
  const n = areaCodes.length;
  const g: IncidentGrid = { burden: new Float64Array(CATEGORIES.length * n), recency: new Float64Array(CATEGORIES.length * n), incidents: 0, counted: false };
  const dayOf = (t: number) => Math.floor((t + THAI_UTC_OFFSET_MS) / 86_400_000);
  for (const r of rows) {
    const t = new Date(r.occurred_at).getTime();
    if (t < p.start.getTime() || t >= p.end.getTime()) continue;
    if (r.classification === 'restricted' && !SEES_RESTRICTED.includes(v.role)) continue;
    if (v.areaCodes.length && !v.areaCodes.some((a) => a === r.subdistrict_code || a === r.district_code || a === r.subdistrict_code.slice(0, 2))) continue;
    const c = CATEGORIES.indexOf(r.category);
    const i = areaCodes.indexOf(r.subdistrict_code);
    if (c < 0 || i < 0) continue;
    const ageDays = byDay ? dayOf(p.end.getTime()) - dayOf(t) - 0.5 : (p.end.getTime() - t) / 86_400_000;
    g.burden[c * n + i] += r.severity;
    g.recency[c * n + i] += r.severity * Math.pow(0.5, ageDays / HALF_LIFE);
    g.incidents += 1;
    g.counted = true;
  }
  return g;
}

function assertSameGrid(got: IncidentGrid, want: IncidentGrid, what: string): void {
  assert.equal(got.incidents, want.incidents, `${what}: incidents`);
  assert.equal(got.counted, want.counted, `${what}: counted`);
  assert.deepEqual(Array.from(got.burden), Array.from(want.burden), `${what}: burden`);
  for (let k = 0; k < want.recency.length; k++) {
    assert.ok(Math.abs(got.recency[k] - want.recency[k]) <= 1e-12 * Math.max(1, want.recency[k]), `${what}: recency at ${k}: ${got.recency[k]} against ${want.recency[k]}`);
  }
}

const PERIODS: Array<[string, Period]> = [
  ['FY 2568', fiscalYearPeriod(2568)],
  ['FY 2567', fiscalYearPeriod(2567)],
  ['2568Q1', fiscalQuarterPeriod(2568, 1)],
  ['2569Q1', fiscalQuarterPeriod(2569, 1)],
  // Across the turn of the fiscal year: two packs for one period.
  ['1 Aug to 1 Nov 2024', { start: new Date('2024-07-31T17:00:00Z'), end: new Date('2024-10-31T17:00:00Z') }],
];

test('an analyst\'s grids (whole provinces, restricted included) come from the packed day cells and equal a count of the incidents', async () => {
  const v = viewer('analyst');
  const grids = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, PERIODS.map(([, p]) => ({ ...p, recency: true })), HALF_LIFE));
  for (const [k, [label, p]] of PERIODS.entries()) assertSameGrid(grids[k], await expectedGrid(v, p, true), label);
  assert.ok(grids[0].incidents > 50, `FY 2568 holds incidents (${grids[0].incidents})`);
  // The packs were read: none is missing for a year with incidents.
  const packs = (await db.query<{ k: string }>(`SELECT province_code || '/' || fiscal_year AS k FROM incident_cell_pack ORDER BY 1`)).rows.map((r) => r.k);
  for (const k of ['32/2567', '32/2568', '32/2569', '33/2567', '33/2568', '33/2569']) assert.ok(packs.includes(k), `pack ${k}`);
  // And they are what is read: with one pack cut to its first cell, the analyst's year changes.
  await db.query(`UPDATE incident_cell_pack SET data = substring(data FROM 1 FOR 12), cells = 1 WHERE province_code = '32' AND fiscal_year = 2568`);
  const [cut] = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, [{ ...fiscalYearPeriod(2568), recency: true }], HALF_LIFE));
  assert.ok(cut.incidents < grids[0].incidents, 'the cut pack was read');
  await db.query(`SELECT incident_cells_mark(ARRAY['32'], ARRAY[2568::smallint])`);
  const [again] = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, [{ ...fiscalYearPeriod(2568), recency: true }], HALF_LIFE));
  assertSameGrid(again, grids[0], 'FY 2568 after its chunk was rebuilt');
});

test('a role that may not see restricted incidents gets them left out of the packed cells', async () => {
  const v = viewer('viewer');
  const [fy] = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, [{ ...fiscalYearPeriod(2568), recency: true }], HALF_LIFE));
  const want = await expectedGrid(v, fiscalYearPeriod(2568), true);
  assertSameGrid(fy, want, 'viewer, FY 2568');
  const all = await expectedGrid(viewer('analyst'), fiscalYearPeriod(2568), true);
  assert.ok(want.incidents < all.incidents, 'some of the year\'s incidents are restricted');
});

test('a viewer scoped to districts is served by the server\'s sums, within the scope; a burden-only period by the quarter cells', async () => {
  const v = viewer('analyst', ['3201', '3302']);
  const asked = [{ ...fiscalYearPeriod(2568), recency: true }, { ...fiscalYearPeriod(2567), recency: false }];
  const [cur, prev] = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, asked, HALF_LIFE));
  assertSameGrid(cur, await expectedGrid(v, fiscalYearPeriod(2568), true), 'district scope, FY 2568');
  const wantPrev = await expectedGrid(v, fiscalYearPeriod(2567), true);
  assert.equal(prev.incidents, wantPrev.incidents);
  assert.deepEqual(Array.from(prev.burden), Array.from(wantPrev.burden));
  assert.ok(prev.recency.every((x) => x === 0), 'no recency asked for');
  assert.ok(cur.incidents > 0 && cur.incidents < (await expectedGrid(viewer('analyst'), fiscalYearPeriod(2568), true)).incidents, 'the scope leaves some out');
});

test('a period whose bounds are not Thai midnights is read from the incidents, ages from the instant', async () => {
  const p = { start: new Date('2024-11-03T05:30:00Z'), end: new Date('2025-02-17T11:45:00Z') };
  const v = viewer('analyst');
  const [g] = await Promise.all(await startIncidentGrids(db, v, ['32', '33'], areaCodes, CATEGORIES, [{ ...p, recency: true }], HALF_LIFE));
  assertSameGrid(g, await expectedGrid(v, p, false), 'odd bounds');
});
