import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupFileError, csvField, dependencyOrder, kindOfType, linesOf, migrationMismatch, parseHeader, rowToCsv } from './format.ts';

const header = { format: 'comap-backup', formatVersion: 1, createdAt: '2026-01-01T00:00:00Z', engine: 'pglite', postgres: '17', postgis: '3.5', migrations: [1, 3], tables: ['area'] };

test('a header is accepted only when it is a COMAP backup of a known format version', () => {
  assert.deepEqual(parseHeader(JSON.stringify(header)).migrations, [1, 3]);
  assert.throws(() => parseHeader(undefined), /empty/);
  assert.throws(() => parseHeader('PK\u0003\u0004 not json'), /not a COMAP backup header/);
  assert.throws(() => parseHeader(JSON.stringify({ ...header, format: 'other' })), /not a COMAP backup/);
  assert.throws(() => parseHeader(JSON.stringify({ ...header, formatVersion: 9 })), /format version 9 is not supported/);
  assert.throws(() => parseHeader(JSON.stringify({ ...header, migrations: 'x' })), /migrations/);
  try {
    parseHeader('{');
  } catch (e) {
    assert.ok(e instanceof BackupFileError);
    assert.equal(e.line, 1);
  }
});

test('migration versions must match, and the message says which way to go', () => {
  assert.equal(migrationMismatch([1, 3, 4], [4, 3, 1]), null);
  assert.match(migrationMismatch([1, 3], [1, 3, 4])!, /made with database schema migrations 1, 3, but this database has 1, 3, 4.*same schema version/);
  assert.match(migrationMismatch([1, 3, 5], [1, 3])!, /newer COMAP/);
});

test('values become CSV fields that COPY reads back exactly', () => {
  assert.equal(csvField(null, 'text'), '', 'NULL is an unquoted empty field');
  assert.equal(csvField('', 'text'), '""', 'an empty string stays a string');
  assert.equal(csvField('say "hi", then\nleave', 'text'), '"say ""hi"", then\nleave"');
  assert.equal(csvField(0.1, 'number'), '0.1');
  assert.equal(csvField('NaN', 'number'), '"NaN"');
  assert.equal(csvField(true, 'bool'), 't');
  assert.equal(csvField(false, 'bool'), 'f');
  assert.equal(csvField('00ff', 'bytea'), '"\\x00ff"');
  assert.equal(csvField('0101000020E6100000', 'ewkb'), '"0101000020E6100000"');
  assert.equal(csvField('2024-01-01T03:00:00.123456+00:00', 'iso'), '"2024-01-01T03:00:00.123456+00:00"');
  const cols = [
    { name: 'a', type: 'integer', kind: 'number' as const },
    { name: 'b', type: 'text', kind: 'text' as const },
  ];
  assert.equal(rowToCsv([1, 'x'], cols, 5), '1,"x"\n');
  assert.throws(() => rowToCsv([1], cols, 5), (e: unknown) => e instanceof BackupFileError && e.line === 5 && /1 values where 2 columns/.test(e.message));
});

test('tables are ordered parents first, whatever the order of the catalogue', () => {
  const refs = [
    { child: 'incident', parent: 'area' },
    { child: 'incident', parent: 'category' },
    { child: 'incident', parent: 'app_user' },
    { child: 'area', parent: 'area' },
    { child: 'user_area', parent: 'area' },
    { child: 'user_area', parent: 'app_user' },
  ];
  const order = dependencyOrder(['user_area', 'incident', 'category', 'area', 'app_user'], refs);
  const at = (t: string) => order.indexOf(t);
  assert.equal(order.length, 5);
  assert.ok(at('area') < at('incident') && at('category') < at('incident') && at('app_user') < at('incident'));
  assert.ok(at('area') < at('user_area') && at('app_user') < at('user_area'));
  // A cycle does not hang: every table still comes out once.
  assert.deepEqual(dependencyOrder(['a', 'b'], [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }]).sort(), ['a', 'b']);
});

test('lines are split correctly even when a Thai character is cut between two chunks', async () => {
  const text = 'หนึ่ง\nสอง\nสาม';
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 4) yield bytes.subarray(i, i + 4);
  }
  const out: string[] = [];
  for await (const l of linesOf(chunks())) out.push(l);
  assert.deepEqual(out, ['หนึ่ง', 'สอง', 'สาม']);
});

test('column types map to the value kinds of the file', () => {
  assert.equal(kindOfType('int4'), 'number');
  assert.equal(kindOfType('int8'), 'text', 'bigint stays text: JavaScript numbers would round it');
  assert.equal(kindOfType('numeric'), 'text');
  assert.equal(kindOfType('jsonb'), 'text', 'JSON null and SQL NULL stay apart');
  assert.equal(kindOfType('geometry'), 'ewkb');
  assert.equal(kindOfType('timestamptz'), 'iso');
});
