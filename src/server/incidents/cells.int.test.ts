import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { freshDatabase } from '../testing/test-db.ts';
import { addIncidents, loadRealAreas } from '../testing/fixtures.ts';
import type { Database } from '../db/database.ts';
import { refreshAllCells, refreshCells } from './cells.ts';
import { fiscalQuarterOf, fiscalYearOf, thaiDay } from '../../shared/fiscal.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { importIncidents } from './import-service.ts';

let db: Database;
let url: string | undefined;
let drop: () => Promise<void>;
before(async () => {
  ({ db, url, drop } = await freshDatabase());
  await loadRealAreas(db, ['32', '33']);
});
after(async () => drop?.());

type Cells = Map<string, { n: number; severity: number }>;

/** What the cells must hold, counted here in JavaScript from the incidents themselves. */
async function expected(): Promise<{ day: Cells; quarter: Cells }> {
  const rows = (await db.query<{ occurred_at: Date; subdistrict_code: string; district_code: string; province_code: string; category_id: number; classification: string; severity: number }>(
    `SELECT occurred_at, subdistrict_code, district_code, province_code, category_id, classification, severity FROM incident WHERE status <> 'false_report'`,
  )).rows;
  const day: Cells = new Map();
  const quarter: Cells = new Map();
  const add = (m: Cells, k: string, sev: number) => {
    const c = m.get(k) ?? { n: 0, severity: 0 };
    c.n += 1;
    c.severity += sev;
    m.set(k, c);
  };
  for (const r of rows) {
    const at = new Date(r.occurred_at);
    const common = `${r.province_code}|${fiscalYearOf(at)}|${r.district_code}|${r.subdistrict_code}|${r.category_id}|${r.classification === 'restricted'}`;
    add(day, `${common}|${thaiDay(at)}`, r.severity);
    add(quarter, `${common}|${fiscalQuarterOf(at)}`, r.severity);
  }
  return { day, quarter };
}

async function stored(): Promise<{ day: Cells; quarter: Cells }> {
  const day: Cells = new Map();
  for (const r of (await db.query<{ k: string; n: number; severity: number }>(
    `SELECT concat_ws('|', province_code, fiscal_year, district_code, subdistrict_code, category_id, CASE WHEN restricted THEN 'true' ELSE 'false' END, day::text) AS k, n, severity FROM incident_cell_day`,
  )).rows) {
    assert.ok(!day.has(r.k), `day cell ${r.k} is there twice`);
    day.set(r.k, { n: r.n, severity: r.severity });
  }
  const quarter: Cells = new Map();
  for (const r of (await db.query<{ k: string; n: number; severity: number }>(
    `SELECT concat_ws('|', province_code, fiscal_year, district_code, subdistrict_code, category_id, CASE WHEN restricted THEN 'true' ELSE 'false' END, quarter) AS k, n, severity FROM incident_cell_quarter`,
  )).rows) {
    assert.ok(!quarter.has(r.k), `quarter cell ${r.k} is there twice`);
    quarter.set(r.k, { n: r.n, severity: r.severity });
  }
  return { day, quarter };
}

const sorted = (m: Cells) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The packed day cells of the fresh chunks (migration 021's layout, read here byte by byte) and
 * the day cells of the same chunks without their district, which the pack does not carry.
 */
async function packsAndDayCells(): Promise<{ packed: Cells; day: Cells }> {
  const packed: Cells = new Map();
  for (const r of (await db.query<{ province_code: string; fiscal_year: number; cells: number; data: Uint8Array }>(
    `SELECT province_code, fiscal_year, cells, data FROM incident_cell_pack p
     WHERE NOT EXISTS (SELECT 1 FROM incident_cell_stale s WHERE s.province_code = p.province_code AND s.fiscal_year = p.fiscal_year)`,
  )).rows) {
    const b = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    assert.equal(b.length, r.cells * 12, `pack ${r.province_code}/${r.fiscal_year}: 12 bytes an entry`);
    const fyStart = Date.UTC(r.fiscal_year - 544, 9, 1);
    for (let o = 0; o < b.length; o += 12) {
      const dayAndFlag = b.readInt16BE(o + 6);
      const day = new Date(fyStart + (dayAndFlag & 16383) * 86_400_000).toISOString().slice(0, 10);
      const k = `${r.province_code}|${r.fiscal_year}|${b.readInt32BE(o)}|${b.readInt16BE(o + 4)}|${(dayAndFlag & 16384) !== 0}|${day}`;
      // A cell past 32,767 comes in several entries: they add up.
      const c = packed.get(k) ?? { n: 0, severity: 0 };
      c.n += b.readInt16BE(o + 8);
      c.severity += b.readInt16BE(o + 10);
      packed.set(k, c);
    }
  }
  const day: Cells = new Map();
  for (const r of (await db.query<{ k: string; n: number; severity: number }>(
    `SELECT concat_ws('|', province_code, fiscal_year, subdistrict_code, category_id, CASE WHEN restricted THEN 'true' ELSE 'false' END, day::text) AS k, n, severity
     FROM incident_cell_day d
     WHERE NOT EXISTS (SELECT 1 FROM incident_cell_stale s WHERE s.province_code = d.province_code AND s.fiscal_year = d.fiscal_year)`,
  )).rows) day.set(r.k, { n: r.n, severity: r.severity });
  return { packed, day };
}

async function assertCellsMatchIncidents(what: string): Promise<void> {
  const [want, got] = [await expected(), await stored()];
  assert.deepEqual(sorted(got.day), sorted(want.day), `${what}: day cells`);
  assert.deepEqual(sorted(got.quarter), sorted(want.quarter), `${what}: quarter cells`);
  const { packed, day } = await packsAndDayCells();
  assert.deepEqual(sorted(packed), sorted(day), `${what}: packed day cells`);
}

async function staleChunks(): Promise<string[]> {
  return (await db.query<{ k: string }>(`SELECT province_code || '/' || fiscal_year AS k FROM incident_cell_stale ORDER BY 1`)).rows.map((r) => r.k);
}

test('cells count incidents per Thai day and fiscal quarter, false reports left out, and only the chunks a write touched go stale', async () => {
  // Either side of midnight in Thailand at the turn of fiscal year 2567 to 2568 (30 Sep / 1 Oct 2024).
  await addIncidents(db, '320101', 'drugs', 3, 4, '2024-09-30T23:30:00+07:00');
  await addIncidents(db, '320101', 'drugs', 2, 2, '2024-10-01T00:10:00+07:00');
  await addIncidents(db, '320102', 'flood', 1, 5, '2025-01-15T12:00:00+07:00');
  await addIncidents(db, '330101', 'drugs', 4, 1, '2025-07-01T08:00:00+07:00');
  await db.query(`UPDATE incident SET classification = 'internal' WHERE severity = 2`);
  await db.query(`UPDATE incident SET status = 'false_report' WHERE severity = 1 AND id = (SELECT min(id) FROM incident WHERE severity = 1)`);
  assert.deepEqual(await staleChunks(), ['32/2567', '32/2568', '33/2568']);

  // Refreshing one province's year leaves the others stale.
  assert.equal(await refreshCells(db, ['32'], 2568, 2568), 1);
  assert.deepEqual(await staleChunks(), ['32/2567', '33/2568']);
  assert.equal(await refreshCells(db, null, 2500, 2600), 2);
  assert.deepEqual(await staleChunks(), []);
  await assertCellsMatchIncidents('after inserts and updates');

  const oct1 = (await db.query<{ day: string; fy: number; q: number }>(
    `SELECT day::text AS day, fiscal_year AS fy, quarter AS q FROM incident_cell_day JOIN incident_cell_quarter USING (subdistrict_code, category_id, restricted, fiscal_year)
     WHERE subdistrict_code = '320101' AND NOT restricted`,
  )).rows;
  assert.deepEqual(oct1, [{ day: '2024-10-01', fy: 2568, q: 1 }], 'the incidents at 00:10 on 1 October count in FY 2568 Q1, by Thai time');
  const sep30 = (await db.query<{ n: number; severity: number }>(`SELECT n, severity FROM incident_cell_day WHERE day = '2024-09-30' AND fiscal_year = 2567`)).rows;
  assert.deepEqual(sep30, [{ n: 3, severity: 12 }]);

  // Nothing stale: a refresh rebuilds nothing.
  assert.equal(await refreshAllCells(db), 0);
});

test('a moved, reclassified or deleted incident leaves its old chunk and its new one stale, and the refresh puts both right', async () => {
  const id = (await db.query<{ id: number }>(`SELECT min(id)::int AS id FROM incident WHERE province_code = '32' AND severity = 4`)).rows[0].id;
  // Moved to the next fiscal year and to another sub-district.
  await db.query(`UPDATE incident SET occurred_at = '2025-11-02T09:00:00+07:00', subdistrict_code = '320102' WHERE id = $1`, [id]);
  assert.deepEqual(await staleChunks(), ['32/2567', '32/2569']);
  await db.query(`DELETE FROM incident WHERE province_code = '33' AND status <> 'false_report' AND id = (SELECT max(id) FROM incident WHERE province_code = '33')`);
  await db.query(`UPDATE incident SET status = 'false_report' WHERE category_id = (SELECT id FROM category WHERE code = 'flood')`);
  assert.deepEqual(await staleChunks(), ['32/2567', '32/2568', '32/2569', '33/2568']);
  await refreshAllCells(db);
  await assertCellsMatchIncidents('after a move, a delete and a false report');
  assert.equal((await db.query(`SELECT 1 FROM incident_cell_day WHERE category_id = (SELECT id FROM category WHERE code = 'flood')`)).rows.length, 0, 'false reports leave no cell');
});

test('many stale chunks at once (an import) are rebuilt in one pass with the same result as one by one', async () => {
  // Ten fiscal years in two provinces: twenty chunks, more than the one-by-one path takes.
  for (let y = 2015; y < 2025; y++) {
    await addIncidents(db, '320103', 'drugs', 2, 3, `${y}-03-0${(y % 9) + 1}T10:00:00+07:00`);
    await addIncidents(db, '330102', 'flood', 1, 2, `${y}-12-31T23:59:00+07:00`);
  }
  assert.ok((await staleChunks()).length > 8);
  await refreshAllCells(db);
  await assertCellsMatchIncidents('after the one-pass rebuild');
  // The same chunks again, a few years at a time (at most eight stale chunks a call): the same cells.
  const before = await stored();
  await db.query(`UPDATE incident SET severity = severity WHERE province_code = '33'`);
  const stale = (await staleChunks()).length;
  const first = await refreshCells(db, ['33'], 2500, 2563);
  const second = await refreshCells(db, ['33'], 2564, 2600);
  assert.ok(first > 0 && first <= 8 && second > 0 && second <= 8, `${first} and ${second} chunks`);
  assert.equal(first + second, stale);
  const after = await stored();
  assert.deepEqual(sorted(after.day), sorted(before.day));
  assert.deepEqual(sorted(after.quarter), sorted(before.quarter));
});

test('a day cell past 32,767 in severity is packed as entries that add up to it', async () => {
  await addIncidents(db, '330102', 'flood', 7000, 5, '2025-05-05T09:00:00+07:00');
  await refreshAllCells(db);
  const entries = (await db.query<{ cells: number }>(`SELECT cells FROM incident_cell_pack WHERE province_code = '33' AND fiscal_year = 2568`)).rows[0].cells;
  const dayCells = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident_cell_day WHERE province_code = '33' AND fiscal_year = 2568`)).rows[0].n;
  assert.equal(entries, dayCells + 1, 'the 35,000 of severity take two entries');
  await assertCellsMatchIncidents('after a day of 7,000 incidents');
});

test('emptying the incident table empties the cells', async () => {
  await refreshAllCells(db);
  assert.ok((await db.query('SELECT 1 FROM incident_cell_pack')).rows.length > 0, 'there were packs to empty');
  await db.query('TRUNCATE incident CASCADE');
  assert.equal((await db.query('SELECT 1 FROM incident_cell_day UNION ALL SELECT 1 FROM incident_cell_quarter UNION ALL SELECT 1 FROM incident_cell_pack')).rows.length, 0);
  assert.deepEqual(await staleChunks(), []);
});

test('a bulk import (indexes dropped and rebuilt) marks the chunks of what it inserts and of what it moves', async () => {
  await refreshAllCells(db);
  const points = (await db.query<{ code: string; lon: number; lat: number }>(
    `SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM area WHERE level = 3 AND code IN ('320104', '330103') ORDER BY code`,
  )).rows;
  const dir = mkdtempSync(join(tmpdir(), 'comap-cells-'));
  const config = { ...loadConfig({}), dataDir: dir, demoOnEmpty: false };
  const write = (dates: string[]) => {
    let csv = 'external_id,category,occurred_at,lon,lat,severity\n';
    points.forEach((pt, i) => dates.forEach((d, k) => {
      csv += `cells-${i}-${k},drugs,${d},${pt.lon},${pt.lat},${1 + k}\n`;
    }));
    writeFileSync(join(dir, 'bulk.csv'), csv);
  };
  write(['2021-03-01T10:00', '2021-11-01T10:00']);
  const first = await importIncidents(db, config, { path: join(dir, 'bulk.csv'), name: 'bulk.csv' }, null, { bulkMinRows: 1 });
  assert.equal(first.inserted, 4);
  const bulkFlag = async () => (await db.query<{ b: string }>(`SELECT details->>'bulkIndexRebuild' AS b FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`)).rows[0].b;
  assert.equal(await bulkFlag(), 'true', 'the bulk path');
  // Every province over the years of the file (a bulk load rebuilds most cells anyway).
  assert.deepEqual(await staleChunks(), ['32/2564', '32/2565', '33/2564', '33/2565']);
  assert.equal((await db.query<{ on: string }>(`SELECT tgenabled AS on FROM pg_trigger WHERE tgname = 'incident_cells_insert'`)).rows[0].on, 'O', 'the insert trigger is on again');
  await refreshAllCells(db);
  await assertCellsMatchIncidents('after a bulk insert');
  // The same incidents moved to FY 2567: their old chunks and their new ones go stale.
  write(['2024-01-01T10:00', '2024-02-01T10:00']);
  const second = await importIncidents(db, config, { path: join(dir, 'bulk.csv'), name: 'bulk.csv' }, null, { bulkMinRows: 1 });
  assert.equal(second.updated, 4);
  assert.equal(await bulkFlag(), 'true', 'the bulk path');
  const stale = await staleChunks();
  for (const k of ['32/2564', '32/2565', '32/2567', '33/2564', '33/2565', '33/2567']) assert.ok(stale.includes(k), `${k} stale: ${stale.join(' ')}`);
  await refreshAllCells(db);
  await assertCellsMatchIncidents('after a bulk update');
  // A single incident written afterwards marks its chunk too.
  await addIncidents(db, '320104', 'drugs', 1, 2, '2019-05-05T10:00:00+07:00');
  assert.deepEqual(await staleChunks(), ['32/2562']);
  await refreshAllCells(db);
  await assertCellsMatchIncidents('after a single insert');
});

// Two sessions at once: the embedded database has one connection, so there is nothing to race there.
test('a refresh never marks a chunk fresh without the incidents of a writer still committing', { skip: process.env.DATABASE_URL ? false : 'needs two connections (PostgreSQL)' }, async () => {
  const writer = new pg.Client({ connectionString: url });
  await writer.connect();
  const insert = (at: string) => writer.query(
    `INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source)
     SELECT c.id, $1::timestamptz, a.label_point, 0, 0, a.code, substr(a.code, 1, 4), a.province_code, 5, 'agency'
     FROM area a, category c WHERE a.code = '320101' AND c.code = 'drugs'`, [at]);
  try {
    // The chunk is fresh and the writer has not committed: the refresh has nothing to do and does
    // not wait; the chunk goes stale when the writer commits, and the next refresh counts it.
    await refreshAllCells(db);
    await writer.query('BEGIN');
    await insert('2025-02-02T10:00:00+07:00');
    assert.equal(await refreshCells(db, ['32'], 2568, 2568), 0);
    await writer.query('COMMIT');
    assert.deepEqual(await staleChunks(), ['32/2568']);

    // The chunk is stale already and the writer marks it again without committing: the refresh
    // waits for the writer, then counts what it wrote.
    await writer.query('BEGIN');
    await insert('2025-02-03T10:00:00+07:00');
    let refreshed = false;
    const refresh = refreshCells(db, ['32'], 2568, 2568).then((n) => {
      refreshed = true;
      return n;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(refreshed, false, 'the refresh waits for the writer');
    await writer.query('COMMIT');
    assert.equal(await refresh, 1);
    assert.deepEqual(await staleChunks(), []);
    await assertCellsMatchIncidents('after the concurrent writes');
  } finally {
    await writer.end();
  }
});
