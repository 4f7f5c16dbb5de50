import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas, TH_ADMIN_DIR } from '../testing/fixtures.ts';
import { lonLatToTile } from '../../shared/tile-math.ts';
import { BOUNDARY_SETS } from './service.ts';

/*
 * Sub-district polygons are in the `subdistricts` boundary tiles from z6 on, so that the
 * analysis map can show a whole large province. On the real 7,425 sub-districts, every boundary
 * tile over Thailand from that zoom to z8 must stay under the design brief's 500 KB, and every
 * sub-district must be drawn at the lowest of them.
 */
const MAX_TILE_BYTES = 500 * 1024;
let t: TestApp;
let subdistricts: number;

before(async () => {
  t = await startTestApp();
  const fc = JSON.parse(readFileSync(join(TH_ADMIN_DIR, 'provinces.geojson'), 'utf8')) as { features: Array<{ properties: Record<string, string> }> };
  await loadRealAreas(t.db, fc.features.map((f) => String(f.properties.adm1_pcode).replace(/^TH/, '')));
  subdistricts = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM area WHERE level = 3`)).rows[0].n;
});
after(async () => t?.close());

test('boundary tiles over all of Thailand stay under 500 KB from the first sub-district zoom, which draws every sub-district', { timeout: 600_000 }, async () => {
  assert.equal(subdistricts, 7425);
  const minZoom = BOUNDARY_SETS.subdistricts.find((l) => l.name === 'subdistrict')!.minZoom;
  assert.ok(minZoom <= 6, `sub-districts from z${minZoom}`);
  for (let z = minZoom; z <= 8; z++) {
    const a = lonLatToTile(97.3, 20.5, z);
    const b = lonLatToTile(105.7, 5.6, z);
    const seen = new Set<string>();
    let largest = 0;
    for (let x = a.x; x <= b.x; x++) {
      for (let y = a.y; y <= b.y; y++) {
        const res = await t.app.inject({ url: `/tiles/subdistricts/${z}/${x}/${y}.mvt` });
        if (res.statusCode === 204) continue;
        assert.equal(res.statusCode, 200, `${z}/${x}/${y}`);
        const bytes = res.rawPayload.byteLength;
        largest = Math.max(largest, bytes);
        assert.ok(bytes <= MAX_TILE_BYTES, `tile ${z}/${x}/${y} is ${Math.round(bytes / 1024)} KB`);
        if (z === minZoom) {
          const layer = new VectorTile(new Pbf(new Uint8Array(res.rawPayload)) as never).layers.subdistrict;
          for (let i = 0; layer && i < layer.length; i++) seen.add(String(layer.feature(i).properties.code));
        }
      }
    }
    if (z === minZoom) assert.equal(seen.size, subdistricts, `every sub-district is drawn at z${z}`);
    t.app.log.info({ z, largestKB: Math.round(largest / 1024) }, 'largest boundary tile');
  }
});
