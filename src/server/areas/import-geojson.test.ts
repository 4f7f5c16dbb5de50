import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImportError } from '../errors.ts';
import { parseGeojson } from './import-geojson.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const fc = (features: unknown[], extra: object = {}) => enc(JSON.stringify({ type: 'FeatureCollection', ...extra, features }));

function refused(bytes: Uint8Array, re: RegExp) {
  assert.throws(() => parseGeojson(bytes, 'a.geojson'), (e: unknown) => e instanceof ImportError && re.test(e.message) && e.details[0].file === 'a.geojson');
}

test('a FeatureCollection gives one record per feature, numbered from 1', () => {
  const src = parseGeojson(fc([
    { type: 'Feature', properties: { adm1_pcode: 'TH32' }, geometry: { type: 'Point', coordinates: [103, 15] } },
    { type: 'Feature', properties: null, geometry: null },
  ]), 'a.geojson');
  assert.equal(src.records.length, 2);
  assert.deepEqual(src.records.map((r) => r.n), [1, 2]);
  assert.deepEqual(src.fields, ['adm1_pcode']);
  assert.equal(src.records[1].geometry, null);
});

test('malformed or unsuitable GeoJSON is refused with a clear message', () => {
  refused(enc('{"type": "FeatureCollection", "features": [ {"type": "Feature",'), /a\.geojson: not valid JSON/);
  refused(enc('[1, 2, 3]'), /not a GeoJSON object/);
  refused(enc('{"type": "Polygon", "coordinates": []}'), /a GeoJSON Polygon has no attributes/);
  refused(enc('{"type": "FeatureCollection"}'), /no "features" array/);
  refused(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/);
  const notFeature = parseGeojson(fc([{ type: 'Point', coordinates: [1, 2] }]), 'a.geojson');
  assert.match(notFeature.records[0].problem!.message, /feature 1 is not a GeoJSON Feature/);
});

test('a legacy crs member in UTM is reprojected; an unknown one is refused', () => {
  const src = parseGeojson(
    fc([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1_000_000, 1_640_000] } }], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32647' } } }),
    'a.geojson',
  );
  const [x, y] = (src.records[0].geometry as { coordinates: number[] }).coordinates;
  assert.ok(Math.abs(x - 103.641831) < 1e-6 && Math.abs(y - 14.787496) < 1e-6, `${x} ${y}`);
  refused(fc([], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } }), /EPSG:2154 is not supported/);
});
