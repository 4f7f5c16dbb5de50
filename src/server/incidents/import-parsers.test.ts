import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, featureRow, geojsonFeatures } from './import-parsers.ts';
import { ImportError } from '../errors.ts';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function split(text: string, size = 1 << 20): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const f of geojsonFeatures(chunked(text, size), 'test.geojson')) out.push(JSON.parse(f));
  return out;
}

async function splitError(text: string): Promise<ImportError> {
  try {
    await split(text);
  } catch (err) {
    assert.ok(err instanceof ImportError, String(err));
    return err;
  }
  assert.fail(`no error for ${text}`);
}

const fc = {
  type: 'FeatureCollection',
  name: 'a "name" with {braces} and [brackets]',
  bbox: [97, 5, 106, 21],
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
  features: [
    { type: 'Feature', properties: { category: 'drugs', description: 'quote \\" and } and ] and {' }, geometry: { type: 'Point', coordinates: [103.5, 14.9] } },
    { type: 'Feature', properties: { category: 'flood', nested: { a: [1, { b: 2 }] } }, geometry: { type: 'Point', coordinates: [103.6, 15.0] } },
    { type: 'Feature', properties: null, geometry: null },
  ],
};

test('features come out one by one, whatever the chunk boundaries', async () => {
  const text = `\uFEFF${JSON.stringify(fc, null, 1)}`;
  for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
    assert.deepEqual(await split(text, size), fc.features, `chunks of ${size}`);
  }
});

test('"features" may come before "type", and other members may hold anything', async () => {
  const text = `{"features":[${JSON.stringify(fc.features[0])}],"extra":[{"x":"]"},null,true,1.5e3],"type":"FeatureCollection"}`;
  assert.deepEqual(await split(text, 5), [fc.features[0]]);
});

test('an empty FeatureCollection yields nothing', async () => {
  assert.deepEqual(await split('{"type":"FeatureCollection","features":[]}'), []);
});

test('not a FeatureCollection, cut short, or not JSON at all: a clear error', async () => {
  assert.match((await splitError('{"type":"Feature","geometry":null,"properties":{}}')).message, /FeatureCollection is expected, found "type": "Feature"/);
  assert.match((await splitError('{"type":"FeatureCollection"}')).message, /no "features" array/);
  assert.match((await splitError('{"type":"FeatureCollection","features":[{"type":"Feature"')).message, /ends before the JSON is complete/);
  assert.match((await splitError('[1, 2]')).message, /must be a JSON object/);
  assert.match((await splitError('{"type":"FeatureCollection","features":[1]}')).message, /must be a Feature object/);
  assert.match((await splitError('{"type":"FeatureCollection","features":{}}')).message, /"features" must be an array/);
  assert.match((await splitError('{"type":"FeatureCollection","features":[]} trailing')).message, /after the end/);
  assert.match((await splitError('')).message, /no JSON object/);
});

test('a feature becomes an incident row: properties by field name, the Point as lon/lat', () => {
  const r = featureRow(JSON.stringify({ type: 'Feature', properties: { Category: 'drugs', 'Occurred at': '2024-01-01', lon: 1, severity: 2, other: 'x' }, geometry: { type: 'Point', coordinates: [103.5, 14.9] } }), 7);
  assert.deepEqual(r, { row: 7, values: { category: 'drugs', occurred_at: '2024-01-01', severity: 2, lon: 103.5, lat: 14.9 } });
});

test('a feature without a Point is a row error on the geometry', () => {
  const noGeom = featureRow(JSON.stringify({ type: 'Feature', properties: {}, geometry: null }), 1);
  assert.equal(noGeom.errors?.[0].field, 'geometry');
  const line = featureRow(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }), 2);
  assert.match(line.errors![0].message, /must be a Point, not LineString/);
  const bad = featureRow(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['103', 15] } }), 3);
  assert.match(bad.errors![0].message, /\[longitude, latitude\]/);
  assert.equal(featureRow('{"type":"Feature",}', 4).errors?.[0].field, 'feature');
});

test('file formats by extension', () => {
  assert.equal(detectFormat('a.CSV'), 'csv');
  assert.equal(detectFormat('b.xlsx'), 'xlsx');
  assert.equal(detectFormat('c.geojson'), 'geojson');
  assert.equal(detectFormat('d.json'), 'geojson');
  assert.equal(detectFormat('e.xls'), null);
  assert.equal(detectFormat('noext'), null);
});
