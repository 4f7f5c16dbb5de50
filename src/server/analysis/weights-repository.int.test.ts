import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { freshDatabase } from '../testing/test-db.ts';
import { loadRealAreas } from '../testing/fixtures.ts';
import { bumpBoundaryVersion } from '../areas/repository.ts';
import { AppError } from '../errors.ts';
import { QUEEN_TOLERANCE_DEG, queenNeighbours, subdistrictCentroids } from './weights-repository.ts';
import type { NeighbourList } from '../../shared/spatial-weights.ts';

// The repository has no route yet (the hot-spot service comes next), so these tests call it on a
// real database of either engine, with the real sub-districts of Chanthaburi (22) and Trat (23),
// whose sea has the islands Ko Kut and Ko Mak.
let db: Database;
let drop: () => Promise<void>;
before(async () => {
  ({ db, drop } = await freshDatabase());
  await loadRealAreas(db, ['22', '23']);
});
after(async () => drop?.());
// The areas are only read; the cache starts empty in every test.
beforeEach(async () => {
  await db.query('DELETE FROM spatial_weight_cache');
});

async function currentVersion(): Promise<number> {
  return (await db.query<{ v: number }>(`SELECT (value #>> '{}')::int AS v FROM app_setting WHERE key = 'boundary_version'`)).rows[0].v;
}

function pairs(codes: string[], nb: NeighbourList): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < nb.n; i++) for (let t = nb.offsets[i]; t < nb.offsets[i + 1]; t++) out.add(`${codes[i]}-${codes[nb.neighbours[t]]}`);
  return out;
}

test('queen neighbours are computed once per boundary version, then read from the cache', async () => {
  const first = await queenNeighbours(db, ['23']);
  assert.equal(first.fromCache, false);
  assert.equal(first.boundaryVersion, await currentVersion());
  assert.deepEqual(first.provinces, ['23']);
  const expected = (await db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '23' ORDER BY code`)).rows.map((r) => r.code);
  assert.deepEqual(first.codes, expected);

  const again = await queenNeighbours(db, ['23']);
  assert.equal(again.fromCache, true);
  assert.deepEqual(again.codes, first.codes);
  assert.deepEqual(Array.from(again.neighbours.offsets), Array.from(first.neighbours.offsets));
  assert.deepEqual(Array.from(again.neighbours.neighbours), Array.from(first.neighbours.neighbours));
  assert.deepEqual(again.islands, first.islands);
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spatial_weight_cache WHERE province_set = '23'`);
  assert.equal(rows.rows[0].n, 1);
});

test('islands are reported: Ko Kut and Ko Mak have no neighbour', async () => {
  const nb = await queenNeighbours(db, ['23']);
  assert.deepEqual(nb.islands, ['230601', '230602']);
  const names = await db.query<{ name_en: string }>(`SELECT name_en FROM area WHERE code = ANY($1::text[]) ORDER BY code`, [nb.islands]);
  assert.deepEqual(names.rows.map((r) => r.name_en), ['Ko Mak', 'Ko Kut']);
});

test('the neighbours are the pairs that touch: every touching pair, and others only within the 1e-6 degree tolerance', async () => {
  const nb = await queenNeighbours(db, ['23']);
  const ours = pairs(nb.codes, nb.neighbours);
  const touching = await db.query<{ a: string; b: string; d: number }>(
    `SELECT a.code AS a, b.code AS b, ST_Distance(a.geom, b.geom) AS d
     FROM area a JOIN area b ON b.level = 3 AND b.province_code = '23' AND a.code <> b.code AND ST_DWithin(a.geom, b.geom, 0.01)
     WHERE a.level = 3 AND a.province_code = '23'`,
  );
  let touchingPairs = 0;
  for (const r of touching.rows) {
    const listed = ours.has(`${r.a}-${r.b}`);
    assert.equal(listed, r.d <= QUEEN_TOLERANCE_DEG, `${r.a} and ${r.b} are ${r.d} degrees apart but ${listed ? '' : 'not '}listed as neighbours`);
    if (r.d === 0) touchingPairs++;
  }
  assert.ok(touchingPairs > 50, 'the province has many touching pairs');
  assert.equal(ours.size, touching.rows.filter((r) => r.d <= QUEEN_TOLERANCE_DEG).length);
});

test('each province set has its own list: across a provincial border only when both provinces are chosen; order and repeats do not matter', async () => {
  const trat = await queenNeighbours(db, ['23']);
  const both = await queenNeighbours(db, ['23', '22']);
  assert.equal(both.fromCache, false);
  assert.deepEqual(both.provinces, ['22', '23']);
  const bothPairs = pairs(both.codes, both.neighbours);
  const tratPairs = pairs(trat.codes, trat.neighbours);
  const acrossBorder = [...bothPairs].filter((p) => p.startsWith('23') && p.slice(7).startsWith('22'));
  assert.ok(acrossBorder.length > 0, 'some Trat sub-districts border Chanthaburi ones');
  assert.deepEqual(new Set([...bothPairs].filter((p) => p.startsWith('23') && p.slice(7).startsWith('23'))), tratPairs, 'within Trat the lists agree');
  assert.equal((await queenNeighbours(db, ['22', '23', '22'])).fromCache, true);
});

test('a new boundary version computes the list again and drops the stale ones', async () => {
  await queenNeighbours(db, ['22']);
  const version = await db.transaction((tx) => bumpBoundaryVersion(tx));
  const fresh = await queenNeighbours(db, ['22']);
  assert.equal(fresh.fromCache, false);
  assert.equal(fresh.boundaryVersion, version);
  const stale = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spatial_weight_cache WHERE boundary_version < $1`, [version]);
  assert.equal(stale.rows[0].n, 0);
  assert.equal((await queenNeighbours(db, ['22'])).fromCache, true);
});

test('two requests for the same list at once compute it once', async () => {
  const [a, b] = await Promise.all([queenNeighbours(db, ['22', '23']), queenNeighbours(db, ['23', '22'])]);
  assert.deepEqual([a.fromCache, b.fromCache].sort(), [false, true]);
  assert.deepEqual(a.codes, b.codes);
  assert.deepEqual(Array.from(a.neighbours.neighbours), Array.from(b.neighbours.neighbours));
  assert.equal((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spatial_weight_cache`)).rows[0].n, 1);
});

test('a bad or empty province set is refused with a clear message and caches nothing', async () => {
  const before = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spatial_weight_cache`)).rows[0].n;
  await assert.rejects(queenNeighbours(db, []), (e: unknown) => e instanceof AppError && e.statusCode === 400 && /at least one province/.test(e.message));
  await assert.rejects(queenNeighbours(db, ['2x']), (e: unknown) => e instanceof AppError && /"2x" is not a 2-digit DOPA code/.test(e.message));
  await assert.rejects(queenNeighbours(db, ['96']), (e: unknown) => e instanceof AppError && /no sub-districts in province 96/.test(e.message));
  await assert.rejects(subdistrictCentroids(db, ['96']), /no sub-districts in province 96/);
  assert.equal((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spatial_weight_cache`)).rows[0].n, before);
});

test('centroids come in the code order of the neighbour list, inside Thailand', async () => {
  const nb = await queenNeighbours(db, ['23']);
  const c = await subdistrictCentroids(db, ['23']);
  assert.deepEqual(c.codes, nb.codes);
  for (const [lon, lat] of c.points) assert.ok(lon > 102 && lon < 103.2 && lat > 11 && lat < 12.8, `${lon}, ${lat} is in Trat`);
});
