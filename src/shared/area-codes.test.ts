import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorCodes, childCode, formatAreaPath, isAreaCode, levelOfCode, parseAreaCode, tryParseAreaCode } from './area-codes.ts';

test('DOPA codes of each level parse with their parent and province', () => {
  assert.deepEqual(parseAreaCode('32'), { code: '32', level: 1, parentCode: null, provinceCode: '32' });
  assert.deepEqual(parseAreaCode('3201'), { code: '3201', level: 2, parentCode: '32', provinceCode: '32' });
  assert.deepEqual(parseAreaCode('320101'), { code: '320101', level: 3, parentCode: '3201', provinceCode: '32' });
  assert.deepEqual(parseAreaCode('32010105'), { code: '32010105', level: 4, parentCode: '320101', provinceCode: '32' });
});

test('OCHA pcodes lose their TH prefix; spaces, numbers and Excel decimals are normalised', () => {
  assert.equal(parseAreaCode('TH320101').code, '320101');
  assert.equal(parseAreaCode('th32').code, '32');
  assert.equal(parseAreaCode(' 3201 ').code, '3201');
  assert.equal(parseAreaCode(320101).code, '320101');
  assert.equal(parseAreaCode('320101.0').code, '320101');
});

test('anything else is refused with a message that says why', () => {
  const err = (v: unknown) => {
    const r = tryParseAreaCode(v);
    assert.equal(r.ok, false, `${String(v)} should be refused`);
    return (r as { error: string }).error;
  };
  assert.match(err('32010'), /has 5 digits: an area code has 2 \(province\), 4 \(district\), 6 \(sub-district\) or 8 \(village\)/);
  assert.match(err('3201010101'), /has 10 digits/);
  assert.match(err('TH32-01'), /not an area code: expected 2, 4, 6 or 8 digits/);
  assert.match(err('Surin'), /not an area code/);
  assert.match(err(''), /empty/);
  assert.match(err(null), /empty/);
  assert.match(err('0201'), /cannot start with 0/);
  assert.match(err('320001'), /district part is 00/);
  assert.match(err(32.5), /not an area code/);
  assert.match(err({}), /not text or a number/);
});

test('helpers: level, ancestors, validity', () => {
  assert.equal(levelOfCode('320101'), 3);
  assert.deepEqual(ancestorCodes('32010105'), ['32', '3201', '320101']);
  assert.deepEqual(ancestorCodes('32'), []);
  assert.ok(isAreaCode('3201'));
  assert.ok(!isAreaCode('TH3201'));
  assert.ok(!isAreaCode('321'));
});

test('DOPA-style local parts are joined to their parent code', () => {
  assert.deepEqual(childCode('32', '01'), { ok: true, value: '3201' });
  assert.deepEqual(childCode('32', 1), { ok: true, value: '3201' });
  assert.deepEqual(childCode('32', '3201'), { ok: true, value: '3201' });
  assert.deepEqual(childCode('320101', '5'), { ok: true, value: '32010105' });
  const wrongParent = childCode('32', '3301');
  assert.equal(wrongParent.ok, false);
  assert.match((wrongParent as { error: string }).error, /does not start with its parent's code 32/);
  assert.equal(childCode('32', '').ok, false);
  assert.equal(childCode('32', '00').ok, false);
});

test('display paths use the Thai abbreviations, and khet/khwaeng in Bangkok', () => {
  const p = formatAreaPath([
    { code: '32', nameTh: 'สุรินทร์', nameEn: 'Surin' },
    { code: '320101', nameTh: 'ในเมือง', nameEn: 'Nai Mueang' },
    { code: '3201', nameTh: 'เมืองสุรินทร์', nameEn: 'Mueang Surin' },
  ]);
  assert.equal(p.th, 'ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์');
  assert.equal(p.en, 'Nai Mueang, Mueang Surin, Surin');
  const bkk = formatAreaPath([
    { code: '10', nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok' },
    { code: '1001', nameTh: 'พระนคร', nameEn: 'Phra Nakhon' },
    { code: '100101', nameTh: 'พระบรมมหาราชวัง', nameEn: null },
  ]);
  assert.equal(bkk.th, 'แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร');
  assert.equal(bkk.en, 'พระบรมมหาราชวัง, Phra Nakhon, Bangkok', 'falls back to the Thai name');
});
