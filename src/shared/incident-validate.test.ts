import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkLonLat,
  lonLatToMercator,
  makeCategoryResolver,
  parseOccurredAt,
  resolveColumns,
  validateIncidentRow,
  type CategoryRef,
} from './incident-validate.ts';

const CATS: CategoryRef[] = [
  { id: 1, code: 'drugs', labelTh: 'ยาเสพติด', labelEn: 'Drugs', active: true },
  { id: 5, code: 'flood', labelTh: 'อุทกภัย', labelEn: 'Flood', active: true },
  { id: 9, code: 'old_thing', labelTh: 'เรื่องเก่า', labelEn: 'Old thing', active: false },
];
const resolveCategory = makeCategoryResolver(CATS);
const NOW = new Date('2024-06-01T00:00:00Z');
const ok = { category: 'drugs', occurred_at: '2024-01-05', lon: '103.49', lat: '14.88', severity: '3' };

test('a good row gives a clean incident with defaults for status, source and classification', () => {
  const r = validateIncidentRow({ ...ok, external_id: ' A-1 ', description: 'พบผู้ต้องสงสัย' }, { resolveCategory, defaultSource: 'import', now: NOW });
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    externalId: 'A-1',
    categoryId: 1,
    occurredAt: new Date('2024-01-04T17:00:00Z'),
    lon: 103.49,
    lat: 14.88,
    severity: 3,
    status: 'reported',
    source: 'import',
    description: 'พบผู้ต้องสงสัย',
    classification: 'internal',
  });
});

test('categories are found by code, Thai label or English label, ignoring case', () => {
  assert.equal(resolveCategory('FLOOD')?.id, 5);
  assert.equal(resolveCategory(' อุทกภัย ')?.id, 5);
  assert.equal(resolveCategory('drugs')?.id, 1);
  assert.equal(resolveCategory('Drugs')?.id, 1);
  assert.equal(resolveCategory('storm'), undefined);
});

test('an inactive category is refused only when asked to', () => {
  const row = { ...ok, category: 'old_thing', source: 'agency' };
  assert.ok(validateIncidentRow(row, { resolveCategory, now: NOW }).ok);
  const r = validateIncidentRow(row, { resolveCategory, requireActiveCategory: true, now: NOW });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map((e) => e.field), ['category']);
});

test('every bad field is reported by name', () => {
  const r = validateIncidentRow(
    { category: 'storm', occurred_at: '31/2/2567', lon: 'abc', lat: '14', severity: '7', status: 'closed', source: 'rumour', classification: 'secret' },
    { resolveCategory, now: NOW },
  );
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map((e) => e.field), ['category', 'occurred_at', 'lon', 'severity', 'status', 'source', 'classification']);
  assert.match(r.errors[0].message, /unknown category "storm"/);
  assert.match(r.errors[1].message, /does not exist/);
  assert.match(r.errors[3].message, /1 to 5/);
});

test('severity must be a whole number from 1 to 5', () => {
  for (const s of ['0', '6', '2.5', 'high', '']) {
    const r = validateIncidentRow({ ...ok, severity: s }, { resolveCategory, defaultSource: 'import', now: NOW });
    assert.ok(!r.ok, `severity ${s}`);
    assert.equal(r.errors[0].field, 'severity');
  }
  for (const s of ['1', '5', 4, '3.0']) assert.ok(validateIncidentRow({ ...ok, severity: s }, { resolveCategory, defaultSource: 'import', now: NOW }).ok, `severity ${s}`);
});

test('source is required unless a default is given', () => {
  const r = validateIncidentRow(ok, { resolveCategory, now: NOW });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [{ field: 'source', message: 'source is empty' }]);
});

test('Thai words for status and classification are understood', () => {
  const r = validateIncidentRow({ ...ok, status: 'แจ้งเท็จ', classification: 'ลับ' }, { resolveCategory, defaultSource: 'import', now: NOW });
  assert.ok(r.ok);
  assert.equal(r.value.status, 'false_report');
  assert.equal(r.value.classification, 'restricted');
});

test('dates: ISO with or without zone, Thai day/month/Buddhist year, all in Thai time when no zone', () => {
  const v = (s: string) => {
    const r = parseOccurredAt(s, NOW);
    assert.ok('value' in r, `${s}: ${'error' in r ? r.error : ''}`);
    return r.value.toISOString();
  };
  assert.equal(v('2024-01-05'), '2024-01-04T17:00:00.000Z');
  assert.equal(v('2024-01-05T10:30'), '2024-01-05T03:30:00.000Z');
  assert.equal(v('2024-01-05 10:30:15'), '2024-01-05T03:30:15.000Z');
  assert.equal(v('2024-01-05T03:30:00Z'), '2024-01-05T03:30:00.000Z');
  assert.equal(v('2024-01-05T10:30:00+07:00'), '2024-01-05T03:30:00.000Z');
  assert.equal(v('2024-01-05T03:30:00.250Z'), '2024-01-05T03:30:00.250Z');
  assert.equal(v('5/1/2567'), '2024-01-04T17:00:00.000Z');
  assert.equal(v('05/01/2567 10:30'), '2024-01-05T03:30:00.000Z');
  assert.equal(v('5/1/2024'), '2024-01-04T17:00:00.000Z');
  assert.equal(v('2567-01-05'), '2024-01-04T17:00:00.000Z', 'a Buddhist year in ISO form is converted too');
  assert.equal(v('29/2/2567'), '2024-02-28T17:00:00.000Z', '2567 = 2024 is a leap year');
});

test('dates that do not exist, are unreadable, too old or in the future are refused', () => {
  for (const [s, re] of [
    ['29/2/2566', /does not exist/],
    ['2024-13-01', /month 13/],
    ['yesterday', /cannot read the date/],
    ['5/1/67', /cannot read the date/],
    ['2024-01-05T25:00', /not a valid time/],
    ['1/1/1900', /before 1950/],
    ['2030-01-01', /in the future/],
    ['', /empty/],
  ] as const) {
    const r = parseOccurredAt(s, NOW);
    assert.ok('error' in r, s);
    assert.match(r.error, re, s);
  }
});

test('positions: swapped, outside Thailand, not numbers', () => {
  assert.equal(checkLonLat(103.49, 14.88), null);
  assert.match(checkLonLat(14.88, 103.49)!.message, /latitude and longitude appear to be swapped/);
  assert.match(checkLonLat(105.85, 21.03)!.message, /outside Thailand/, 'Hanoi');
  assert.match(checkLonLat(101.69, 3.14)!.message, /outside Thailand/, 'Kuala Lumpur');
  assert.match(checkLonLat(2.35, 48.85)!.message, /outside Thailand/);
  assert.match(checkLonLat(200, 10)!.message, /between -180 and 180/);
  assert.equal(checkLonLat(NaN, 10)!.field, 'lon');
  assert.equal(checkLonLat(100, Infinity)!.field, 'lat');
  const r = validateIncidentRow({ ...ok, lon: '14.88', lat: '103.49' }, { resolveCategory, defaultSource: 'import', now: NOW });
  assert.ok(!r.ok);
  assert.match(r.errors[0].message, /swapped/);
});

test('Web Mercator metres match EPSG:3857', () => {
  const [x, y] = lonLatToMercator(100, 15);
  assert.ok(Math.abs(x - 11131949.08) < 0.01, String(x));
  assert.ok(Math.abs(y - 1689200.14) < 0.01, String(y));
});

test('columns: aliases, BOM, Thai names, missing and doubled columns', () => {
  const r = resolveColumns(['\uFEFFExternal ID', 'Category', 'occurred_at', 'Longitude', 'Latitude', 'ความรุนแรง', 'note']);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.columns, { external_id: 0, category: 1, occurred_at: 2, lon: 3, lat: 4, severity: 5 });
  const bad = resolveColumns(['category', 'x', 'lon', 'severity']);
  assert.deepEqual(bad.errors.map((e) => e.field), ['lon', 'occurred_at', 'lat']);
  assert.match(bad.errors[0].message, /two columns give lon/);
});

test('text read with the wrong encoding is refused instead of stored', () => {
  const r = validateIncidentRow({ ...ok, description: 'caf\uFFFD' }, { resolveCategory, defaultSource: 'import', now: NOW });
  assert.ok(!r.ok);
  assert.match(r.errors[0].message, /UTF-8/);
});
