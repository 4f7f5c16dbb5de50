import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { ImportError } from '../errors.ts';
import { parseCsv } from './import-csv.ts';

const enc = (s: string) => new TextEncoder().encode(s);

test('UTF-8 with a BOM (as Excel saves it): header and Thai text read, line numbers from the header', () => {
  const src = parseCsv(enc('\uFEFFvill_code,name_th,lat,lon\r\n32010105,บ้านโคกกระเพอ,14.88,103.49\r\n\r\n32010106,"บ้าน ""ใหม่""",14.9,103.5\r\n'), 'v.csv');
  assert.deepEqual(src.fields, ['vill_code', 'name_th', 'lat', 'lon']);
  assert.equal(src.records.length, 2);
  assert.equal(src.records[0].props.name_th, 'บ้านโคกกระเพอ');
  assert.equal(src.records[0].n, 2);
  assert.equal(src.records[1].props.name_th, 'บ้าน "ใหม่"');
  assert.equal(src.records[1].n, 4, 'the blank line still counts');
  assert.equal(src.records[0].geometry, undefined);
});

test('cp874 from Thai Excel and semicolon separators are read, with a warning', () => {
  const bytes = iconv.encode('code;name_th;latitude;longitude\n32010105;บ้านโคกกระเพอ;14.88;103.49\n', 'windows-874');
  const src = parseCsv(bytes, 'v.csv');
  assert.equal(src.records[0].props.name_th, 'บ้านโคกกระเพอ');
  assert.equal(src.records[0].props.latitude, '14.88');
  assert.ok(src.warnings.some((w) => /TIS-620/.test(w)));
});

test('malformed CSV is refused with the line; duplicate columns and extra values are named', () => {
  assert.throws(() => parseCsv(enc('code,name_th\n32010105,"broken"x\n'), 'bad.csv'), (e: unknown) => e instanceof ImportError && /bad\.csv: not valid CSV/.test(e.message) && e.details[0].row === 2);
  assert.throws(() => parseCsv(enc('code,Code\n1,2\n'), 'dup.csv'), /column "Code" appears twice/);
  assert.throws(() => parseCsv(enc('   \n'), 'empty.csv'), /empty/);
  const extra = parseCsv(enc('code,name_th\n32010105,a,oops\n'), 'x.csv');
  assert.match(extra.records[0].problem!.message, /line 2 has 3 values but the header has 2 columns/);
});
