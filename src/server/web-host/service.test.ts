import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { basemapConfig, parseByteRange } from './service.ts';

test('byte ranges: first-last, open-ended, suffix, clamped to the file', () => {
  assert.deepEqual(parseByteRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseByteRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-5000', 1000), { start: 0, end: 999 });
  // The PMTiles client asks for the first 16 KB whatever the file size.
  assert.deepEqual(parseByteRange('bytes=0-16383', 1000), { start: 0, end: 999 });
});

test('byte ranges the file cannot satisfy, and headers that are ignored (whole file)', () => {
  assert.equal(parseByteRange('bytes=1000-1100', 1000), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=-0', 1000), 'unsatisfiable');
  assert.equal(parseByteRange(undefined, 1000), null);
  assert.equal(parseByteRange('bytes=5-2', 1000), null);
  assert.equal(parseByteRange('bytes=0-1,5-9', 1000), null);
  assert.equal(parseByteRange('items=0-1', 1000), null);
  assert.equal(parseByteRange('bytes=-', 1000), null);
});

test('basemap from configuration: none by default, XYZ template with attribution, PMTiles only when the file exists', () => {
  assert.deepEqual(basemapConfig(loadConfig({})), { type: 'none', url: null, attribution: null });
  const xyz = basemapConfig(loadConfig({ BASEMAP_URL: 'https://tile.example.org/{z}/{x}/{y}.png', BASEMAP_ATTRIBUTION: '© OpenStreetMap' }));
  assert.deepEqual(xyz, { type: 'xyz', url: 'https://tile.example.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap' });
  const missing = basemapConfig(loadConfig({ BASEMAP_PMTILES: '/nonexistent/basemap.pmtiles' }));
  assert.equal(missing.type, 'none');
});
