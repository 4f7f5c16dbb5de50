import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { ImportError } from '../errors.ts';
import { encodingFromCpg, parseShapefileZip, readDbf } from './import-shapefile.ts';
import { cwSquare, PRJ_INDIAN1975_UTM48N, PRJ_UTM47N, PRJ_WGS84, writeDbf, writeShp, zip } from './test-files.ts';

const TAMBON_COLUMNS = [
  { name: 'TAM_CODE', type: 'C' as const, length: 6 },
  { name: 'TAM_NAMT', type: 'C' as const, length: 60 },
  { name: 'TAM_NAMEE', type: 'C' as const, length: 40 },
];
const tambons = [
  { TAM_CODE: '320101', TAM_NAMT: 'ในเมือง', TAM_NAMEE: 'Nai Mueang' },
  { TAM_CODE: '320102', TAM_NAMT: 'ตั้งใจ', TAM_NAMEE: 'Tang Chai' },
];

async function rejects(p: Promise<unknown>, re: RegExp): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${String(e)}`);
    assert.match(e.message, re);
    assert.equal(e.statusCode, 422);
    return e;
  }
  assert.fail(`expected a rejection matching ${re}`);
}

test('TIS-620 (cp874) attribute text without a .cpg is detected and decoded', async () => {
  const dbf = writeDbf(TAMBON_COLUMNS, tambons, 'windows-874');
  assert.ok(!Buffer.from(dbf).includes(Buffer.from('ในเมือง', 'utf8')), 'the bytes really are not UTF-8');
  const shp = writeShp([{ type: 'polygon', rings: [cwSquare(103.5, 14.9, 0.01)] }, { type: 'polygon', rings: [cwSquare(103.6, 14.9, 0.01)] }]);
  const src = await parseShapefileZip(zip({ 'tambon.shp': shp, 'tambon.dbf': dbf, 'tambon.prj': PRJ_WGS84 }), 'tambon.zip');
  assert.equal(src.format, 'shapefile');
  assert.equal(src.records.length, 2);
  assert.equal(src.records[0].props.TAM_NAMT, 'ในเมือง');
  assert.equal(src.records[1].props.TAM_NAMT, 'ตั้งใจ');
  assert.equal(src.records[1].props.TAM_NAMEE, 'Tang Chai');
  assert.equal(src.records[0].file, 'tambon.zip/tambon.shp');
  assert.ok(src.warnings.some((w) => /TIS-620/.test(w)), src.warnings.join('\n'));
  assert.equal((src.records[0].geometry as { type: string }).type, 'Polygon');
});

test('a .cpg decides the encoding; UTF-8 text is read as UTF-8', async () => {
  const shp = writeShp([{ type: 'polygon', rings: [cwSquare(103.5, 14.9, 0.01)] }, { type: 'polygon', rings: [cwSquare(103.6, 14.9, 0.01)] }]);
  const utf = await parseShapefileZip(zip({ 'a.shp': shp, 'a.dbf': writeDbf(TAMBON_COLUMNS, tambons, 'utf8'), 'a.prj': PRJ_WGS84, 'a.cpg': 'UTF-8' }), 'a.zip');
  assert.equal(utf.records[0].props.TAM_NAMT, 'ในเมือง');
  const thai = await parseShapefileZip(zip({ 'a.shp': shp, 'a.dbf': writeDbf(TAMBON_COLUMNS, tambons, 'windows-874'), 'a.prj': PRJ_WGS84, 'a.cpg': '874' }), 'a.zip');
  assert.equal(thai.records[0].props.TAM_NAMT, 'ในเมือง');
  const detected = await parseShapefileZip(zip({ 'a.shp': shp, 'a.dbf': writeDbf(TAMBON_COLUMNS, tambons, 'utf8'), 'a.prj': PRJ_WGS84 }), 'a.zip');
  assert.equal(detected.records[1].props.TAM_NAMT, 'ตั้งใจ');
  assert.equal(encodingFromCpg('ANSI 874'), 'windows-874');
  assert.equal(encodingFromCpg('TIS-620'), 'windows-874');
  assert.equal(encodingFromCpg('65001'), 'utf8');
  assert.equal(encodingFromCpg('no such page'), null);
});

test('UTM zone 47N coordinates are reprojected to WGS 84 longitude/latitude', async () => {
  // E 1,000,000 m N 1,640,000 m in UTM 47N is 103.641831 E, 14.787496 N (PROJ 9 / PostGIS agree).
  const shp = writeShp([{ type: 'polygon', rings: [cwSquare(1_000_000, 1_640_000, 500)] }]);
  const dbf = writeDbf(TAMBON_COLUMNS, [tambons[0]], 'windows-874');
  const src = await parseShapefileZip(zip({ 'utm.shp': shp, 'utm.dbf': dbf, 'utm.prj': PRJ_UTM47N }), 'utm.zip');
  const ring = (src.records[0].geometry as { coordinates: number[][][] }).coordinates[0];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  assert.ok(Math.abs(cx - 103.641831) < 1e-4, `lon ${cx}`);
  assert.ok(Math.abs(cy - 14.787496) < 1e-4, `lat ${cy}`);
  assert.ok(src.warnings.some((w) => /reprojected from WGS_1984_UTM_Zone_47N/.test(w)));
});

test('Indian 1975 / UTM 48N gets the Thai datum shift PROJ uses', async () => {
  const shp = writeShp([{ type: 'point', x: 300_000, y: 1_640_000 }]);
  const dbf = writeDbf([{ name: 'VIL_CODE', type: 'C', length: 8 }], [{ VIL_CODE: '32010101' }]);
  const src = await parseShapefileZip(zip({ 'v.shp': shp, 'v.dbf': dbf, 'v.prj': PRJ_INDIAN1975_UTM48N }), 'v.zip');
  const [x, y] = (src.records[0].geometry as { coordinates: number[] }).coordinates;
  // PostGIS: ST_Transform(ST_MakePoint(300000, 1640000), 'EPSG:24048', 'EPSG:4326')
  assert.ok(Math.abs(x - 103.135873) < 2e-6, `lon ${x}`);
  assert.ok(Math.abs(y - 14.830091) < 2e-6, `lat ${y}`);
});

test('without a .prj: lon/lat coordinates are taken as WGS 84 with a warning, projected ones are refused', async () => {
  const dbf = writeDbf(TAMBON_COLUMNS, [tambons[0]]);
  const ok = await parseShapefileZip(zip({ 'a.shp': writeShp([{ type: 'polygon', rings: [cwSquare(103.5, 14.9, 0.01)] }]), 'a.dbf': dbf }), 'a.zip');
  assert.ok(ok.warnings.some((w) => /no \.prj.*taken as WGS 84/.test(w)));
  const e = await rejects(
    parseShapefileZip(zip({ 'b.shp': writeShp([{ type: 'polygon', rings: [cwSquare(1_000_000, 1_640_000, 500)] }]), 'b.dbf': dbf }), 'b.zip'),
    /b\.shp has no \.prj/,
  );
  assert.equal(e.details[0].file, 'b.zip/b.shp');
});

test('broken zips are refused with a clear message', async () => {
  await rejects(parseShapefileZip(new TextEncoder().encode('this is not a zip'), 'x.zip'), /x\.zip: not a zip file/);
  await rejects(parseShapefileZip(zip({ 'readme.txt': 'hello', 'data.csv': 'a,b' }), 'y.zip'), /the zip holds no \.shp file \(it holds: readme\.txt, data\.csv\)/);
  await rejects(parseShapefileZip(zip({ 'a.shp': writeShp([{ type: 'point', x: 103, y: 15 }]), 'a.prj': PRJ_WGS84 }), 'z.zip'), /a\.shp has no \.dbf/);
  const good = zip({ 'a.shp': writeShp([{ type: 'point', x: 103, y: 15 }]), 'a.dbf': writeDbf(TAMBON_COLUMNS, [tambons[0]]), 'a.prj': PRJ_WGS84 });
  await rejects(parseShapefileZip(good.slice(0, Math.floor(good.length / 2)), 'cut.zip'), /cut\.zip: the zip is incomplete or damaged/);
  const mismatch = zip({ 'a.shp': writeShp([{ type: 'point', x: 103, y: 15 }]), 'a.dbf': writeDbf(TAMBON_COLUMNS, tambons), 'a.prj': PRJ_WGS84 });
  await rejects(parseShapefileZip(mismatch, 'm.zip'), /1 shapes but the \.dbf has 2 records/);
  await rejects(parseShapefileZip(zip({ 'a.shp': writeShp([{ type: 'point', x: 103, y: 15 }]), 'a.dbf': writeDbf(TAMBON_COLUMNS, [tambons[0]]), 'a.prj': 'PROJCS["nonsense"]' }), 'p.zip'), /cannot use the coordinate system "nonsense"/);
});

test('a zip bomb is stopped at the unpacked-size cap', async () => {
  const huge = new Uint8Array(24 * 1024 * 1024);
  const bomb = zipSync({ 'bomb.shp': huge, 'bomb.dbf': huge }, { level: 1 });
  assert.ok(bomb.length < 1024 * 1024, 'the bomb itself is small');
  await rejects(parseShapefileZip(bomb, 'bomb.zip', { maxUncompressedBytes: 8 * 1024 * 1024 }), /unpacks to more than 8 MB/);
});

test('dBase numbers, deleted records and padding are read as a GIS would', () => {
  const dbf = writeDbf(
    [{ name: 'CODE', type: 'N', length: 8 }, { name: 'POP', type: 'N', length: 10 }, { name: 'NAME', type: 'C', length: 20 }],
    [{ CODE: 32, POP: 1234, NAME: 'Surin' }, { CODE: 33, POP: null, NAME: null }],
  );
  dbf[dbf.length - 1 - 39] = 0x2a; // mark the second record deleted
  const t = readDbf(dbf, null);
  assert.deepEqual(t.rows[0], { CODE: 32, POP: 1234, NAME: 'Surin' });
  assert.equal(t.rows[1], null);
  assert.equal(iconv.decode(Buffer.from(iconv.encode('ก', 'windows-874')), 'windows-874'), 'ก');
});
