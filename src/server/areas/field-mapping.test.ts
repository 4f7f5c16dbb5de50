import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, ImportError } from '../errors.ts';
import { detectMapping, validateExplicitMapping, type MapResult } from './field-mapping.ts';
import type { SourceData } from './import-types.ts';

const square = { type: 'Polygon', coordinates: [[[103, 14], [104, 14], [104, 15], [103, 15], [103, 14]]] };

/** Records with `geometry`, or without any (as CSV rows) when it is 'none'. */
function source(rows: Array<Record<string, unknown>>, geometry: unknown = square): SourceData {
  const csv = geometry === 'none';
  const fields = new Set<string>();
  rows.forEach((r) => Object.keys(r).forEach((k) => fields.add(k)));
  return {
    format: csv ? 'csv' : 'geojson',
    records: rows.map((props, i) => ({ file: 'f', n: i + 1, props, ...(csv ? {} : { geometry }) })),
    fields: [...fields],
    warnings: [],
  };
}

function ok(r: MapResult) {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.area;
}

test('OCHA COD-AB: the deepest pcode present gives the level; TH is dropped; names by level', () => {
  const src = source([
    { ADM1_PCODE: 'TH32', ADM1_TH: 'สุรินทร์', ADM1_EN: 'Surin' },
    { adm3_pcode: 'TH320101', adm3_th: 'ในเมือง', adm3_en: 'Nai Mueang', adm2_pcode: 'TH3201', adm2_th: 'เมืองสุรินทร์', adm1_pcode: 'TH32' },
  ]);
  const m = detectMapping(src);
  assert.equal(m.kind, 'ocha');
  const p = ok(m.map(src.records[0]));
  assert.deepEqual([p.code.code, p.code.level, p.nameTh, p.nameEn], ['32', 1, 'สุรินทร์', 'Surin']);
  const t = ok(m.map(src.records[1]));
  assert.deepEqual([t.code.code, t.code.level, t.code.parentCode, t.nameTh, t.nameEn], ['320101', 3, '3201', 'ในเมือง', 'Nai Mueang']);
  assert.match(m.describe(), /OCHA COD-AB fields \(codes from ADM1_PCODE, adm3_pcode; Thai names from ADM1_TH, adm3_th/);
});

test('OCHA: a pcode of the wrong length or an inconsistent parent pcode is an error on its field', () => {
  const src = source([
    { adm3_pcode: 'TH3201', adm3_th: 'x' },
    { adm3_pcode: 'TH320101', adm2_pcode: 'TH3302', adm3_th: 'x' },
  ]);
  const m = detectMapping(src);
  const a = m.map(src.records[0]);
  assert.ok(!a.ok);
  assert.equal(a.errors[0].field, 'adm3_pcode');
  assert.match(a.errors[0].message, /has 4 digits but an adm3_pcode has 6/);
  const b = m.map(src.records[1]);
  assert.ok(!b.ok);
  assert.equal(b.errors[0].field, 'adm2_pcode');
  assert.match(b.errors[0].message, /TH3302 does not match adm3_pcode TH320101/);
});

test('DOPA style: local two-digit parts are joined; *_namt / *_namee names; population', () => {
  const src = source([
    { PRO_CODE: '32', AMP_CODE: '01', TAM_CODE: '01', TAM_NAMT: 'ในเมือง', TAM_NAMEE: 'Nai Mueang', POPULATION: '25,301' },
    { pro_code: 32, amp_code: 3201, pro_th: 'สุรินทร์', amp_th: 'เมืองสุรินทร์', amp_en: 'Mueang Surin' },
    { PRO_CODE: '32', AMP_CODE: '01', TAM_CODE: '01', MOO_CODE: 5, VIL_NAME: 'บ้านโคกกระเพอ' },
  ]);
  const m = detectMapping(src);
  assert.equal(m.kind, 'dopa');
  assert.ok(m.hasPopulation);
  const t = ok(m.map(src.records[0]));
  assert.deepEqual([t.code.code, t.nameTh, t.nameEn, t.population], ['320101', 'ในเมือง', 'Nai Mueang', 25301]);
  const d = ok(m.map(src.records[1]));
  assert.deepEqual([d.code.code, d.code.level, d.nameTh, d.nameEn], ['3201', 2, 'เมืองสุรินทร์', 'Mueang Surin']);
  const v = ok(m.map(src.records[2]));
  assert.deepEqual([v.code.code, v.code.level, v.nameTh], ['32010105', 4, 'บ้านโคกกระเพอ'], 'the generic *_name goes to Thai when it is Thai');
});

test('DOPA style: a full code that does not start with its parent is refused', () => {
  const src = source([{ pro_code: '32', amp_code: '3301', amp_th: 'x' }]);
  const r = detectMapping(src).map(src.records[0]);
  assert.ok(!r.ok);
  assert.equal(r.errors[0].field, 'amp_code');
  assert.match(r.errors[0].message, /does not start with its parent's code 32/);
});

test('an explicit mapping overrides detection, case-insensitively', () => {
  const src = source([{ T_ID: 'TH320101', T_NAME: 'ในเมือง', E_NAME: 'Nai Mueang', adm3_pcode: 'TH999999', adm3_th: 'wrong' }]);
  const m = detectMapping(src, validateExplicitMapping({ code: 't_id', name_th: 'T_NAME', name_en: 'e_name' }));
  assert.equal(m.kind, 'explicit');
  const a = ok(m.map(src.records[0]));
  assert.deepEqual([a.code.code, a.nameTh, a.nameEn], ['320101', 'ในเมือง', 'Nai Mueang']);
  assert.throws(() => detectMapping(src, { code: 'NOPE' }), (e: unknown) => e instanceof ImportError && /no field "NOPE"/.test(e.details[0].message));
  assert.throws(() => validateExplicitMapping({ colour: 'x' }), (e: unknown) => e instanceof AppError && e.statusCode === 400 && /unknown mapping key "colour"/.test(e.message));
  const lv = detectMapping(src, { code: 'T_ID', name_th: 'T_NAME', level: '2' }).map(src.records[0]);
  assert.ok(!lv.ok);
  assert.match(lv.errors[0].message, /level 2 does not match code 320101, which is level 3/);
});

test('a file without any code field is refused with the fields it has', () => {
  assert.throws(
    () => detectMapping(source([{ NAME: 'x', FOO: 1 }])),
    (e: unknown) => e instanceof ImportError && /no area-code field found \(fields: NAME, FOO\)/.test(e.details[0].message),
  );
});

test('CSV villages: lat/lon or latitude/longitude become points; a missing Thai name or bad number is named', () => {
  const src = source(
    [
      { vill_code: '32010105', name_th: 'บ้านโคกกระเพอ', name_en: 'Ban Khok Krapho', latitude: '14.88', longitude: '103.49', population: '512' },
      { vill_code: '32010106', name_th: '', latitude: '14.9', longitude: '103.5' },
      { vill_code: '32010107', name_th: 'บ้านใหม่', latitude: 'abc', longitude: '103.5' },
      { vill_code: '320101', name_th: 'ในเมือง', latitude: '14.9', longitude: '103.5' },
    ],
    'none',
  );
  const m = detectMapping(src);
  const v = ok(m.map(src.records[0]));
  assert.match(m.describe(), /codes from vill_code; Thai names from name_th; English names from name_en; population from population; points from longitude\/latitude/);
  assert.deepEqual(v.geometry, { type: 'Point', coordinates: [103.49, 14.88] });
  assert.equal(v.population, 512);
  const noName = m.map(src.records[1]);
  assert.ok(!noName.ok);
  assert.match(noName.errors[0].message, /area 32010106 has no Thai name/);
  const badLat = m.map(src.records[2]);
  assert.ok(!badLat.ok);
  assert.deepEqual([badLat.errors[0].field, badLat.errors[0].row], ['latitude', 3]);
  const tambon = m.map(src.records[3]);
  assert.ok(!tambon.ok);
  assert.match(tambon.errors[0].message, /"320101" has 6 digits: a full vill_code has 8/);
  const plain = source([{ code: '320101', name: 'ในเมือง', lat: '14.9', lon: '103.5' }], 'none');
  const t2 = detectMapping(plain).map(plain.records[0]);
  assert.ok(!t2.ok);
  assert.match(t2.errors[0].message, /320101 is a level-3 code: a row with latitude\/longitude can only be a village/);
  assert.throws(() => detectMapping(source([{ code: '32010101', name_th: 'x' }], 'none')), /no latitude\/longitude columns/);
});
