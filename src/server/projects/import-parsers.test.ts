import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportError } from '../errors.ts';
import { columnForHeader } from './import-columns.ts';
import {
  MAX_IMPORT_ROWS, columnLetter, parseAreas, parseBudget, parseBudgetSource, parseDate, parseFiscalYear, parseOutputs,
  parsePhone, parseProjectFile, parsePublicFields, parseStatus, parseVisibility, parseYesNo,
} from './import-parsers.ts';

const HEADER = 'รหัสโครงการ,หน่วยงาน,ปีงบประมาณ,ชื่อโครงการ,งบประมาณ,แหล่งงบประมาณ,ประเด็นปัญหา,พื้นที่เป้าหมาย,วันเริ่ม,วันสิ้นสุด,สถานะ';

async function importError(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ImportError, `expected an ImportError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the file to be refused');
}

async function xlsx(sheets: Array<{ name: string; rows: unknown[][] }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('headers are recognised in Thai, in English, as "Thai (English)", with a unit in brackets or a star', () => {
  assert.equal(columnForHeader('ชื่อโครงการ'), 'title');
  assert.equal(columnForHeader('title'), 'title');
  assert.equal(columnForHeader(' Fiscal Year '), 'fiscal_year');
  assert.equal(columnForHeader('fiscal-year'), 'fiscal_year');
  assert.equal(columnForHeader('\uFEFFรหัสโครงการ'), 'external_id');
  assert.equal(columnForHeader('งบประมาณ (บาท)'), 'budget');
  assert.equal(columnForHeader('ชื่อโครงการ (title)'), 'title');
  assert.equal(columnForHeader('หน่วยงาน*'), 'agency');
  assert.equal(columnForHeader('ความก้าวหน้าล่าสุด (%)'), 'percent_done');
  assert.equal(columnForHeader('ใช้จ่ายแล้ว (บาท)'), 'spent', 'a whole known header wins over its first half');
  assert.equal(columnForHeader('หมายเหตุ'), undefined);
});

test('budgets are read with thousands separators, decimals and "บาท"; words are an error naming the value', () => {
  assert.deepEqual(parseBudget('1,250,000'), { ok: true, value: 1_250_000 });
  assert.deepEqual(parseBudget('1250000.50'), { ok: true, value: 1_250_000.5 });
  assert.deepEqual(parseBudget('1,250,000 บาท'), { ok: true, value: 1_250_000 });
  assert.deepEqual(parseBudget('1,250,000.-'), { ok: true, value: 1_250_000 });
  assert.deepEqual(parseBudget('฿ 99'), { ok: true, value: 99 });
  assert.deepEqual(parseBudget('0'), { ok: true, value: 0 });
  assert.deepEqual(parseBudget(1234.567), { ok: true, value: 1234.57 }, 'a number cell is rounded to the satang');
  assert.deepEqual(parseBudget('หนึ่งแสน'), { ok: false, message: 'budget must be a number of baht, got "หนึ่งแสน"' });
  assert.deepEqual(parseBudget('n/a'), { ok: false, message: 'budget must be a number of baht, got "n/a"' });
  assert.equal(parseBudget('1.250.000').ok, false, 'dots as thousands separators are not read as a small amount');
  assert.equal(parseBudget('12,50,000').ok, false);
  assert.match((parseBudget('-500') as { message: string }).message, /negative/);
  assert.match((parseBudget('10.555') as { message: string }).message, /two decimals/);
  assert.match((parseBudget('') as { message: string }).message, /empty/);
  assert.match((parseBudget('1e20') as { message: string }).message, /number of baht/);
  assert.match((parseBudget(1e15) as { message: string }).message, /too large/);
});

test('fiscal years are Buddhist Era; a Common Era year is refused with the year it would be', () => {
  assert.deepEqual(parseFiscalYear('2568'), { ok: true, value: 2568 });
  assert.deepEqual(parseFiscalYear(2568), { ok: true, value: 2568 });
  assert.deepEqual(parseFiscalYear('พ.ศ. 2568'), { ok: true, value: 2568 });
  assert.deepEqual(parseFiscalYear('ปีงบประมาณ 2569'), { ok: true, value: 2569 });
  const ce = parseFiscalYear('2025');
  assert.equal(ce.ok, false);
  assert.match((ce as { message: string }).message, /Buddhist Era.*2568/);
  assert.equal(parseFiscalYear('๒๕๖๘').ok, false);
  assert.equal(parseFiscalYear('68').ok, false);
  assert.equal(parseFiscalYear('').ok, false);
});

test('dates: ISO, day/month/Buddhist year, Thai month names, XLSX date cells and Excel day numbers', () => {
  const d = (v: Parameters<typeof parseDate>[0]) => parseDate(v, 'start_date');
  assert.deepEqual(d('2025-01-15'), { ok: true, value: '2025-01-15' });
  assert.deepEqual(d('15/1/2568'), { ok: true, value: '2025-01-15' });
  assert.deepEqual(d('15/01/2025'), { ok: true, value: '2025-01-15' }, 'a Common Era year works day-first too');
  assert.deepEqual(d('1.10.2567'), { ok: true, value: '2024-10-01' });
  assert.deepEqual(d('15 ม.ค. 2568'), { ok: true, value: '2025-01-15' });
  assert.deepEqual(d('15 มกราคม 2568'), { ok: true, value: '2025-01-15' });
  assert.deepEqual(d('29/2/2567'), { ok: true, value: '2024-02-29' }, '2024 is a leap year');
  assert.deepEqual(d(new Date(Date.UTC(2025, 0, 15))), { ok: true, value: '2025-01-15' });
  assert.deepEqual(d(45672), { ok: true, value: '2025-01-15' }, 'Excel day 45672');
  assert.deepEqual(d(''), { ok: true, value: null });
  assert.match((d('29/2/2568') as { message: string }).message, /does not exist/);
  assert.match((d('15/13/2568') as { message: string }).message, /month 13/);
  assert.match((d('next week') as { message: string }).message, /^start_date "next week" is not a date/);
  assert.match((parseDate('1/1/1900', 'end_date') as { message: string }).message, /^end_date .*out of range/);
});

test('coded values accept the Thai words and the codes, and list the allowed ones otherwise', () => {
  assert.deepEqual(parseBudgetSource('งบจังหวัด'), { ok: true, value: 'provincial' });
  assert.deepEqual(parseBudgetSource('งบท้องถิ่น'), { ok: true, value: 'local_admin' });
  assert.deepEqual(parseBudgetSource('local_admin'), { ok: true, value: 'local_admin' });
  assert.deepEqual(parseBudgetSource('ภาคเอกชน'), { ok: true, value: 'private' });
  assert.deepEqual(parseBudgetSource('ชุมชน'), { ok: true, value: 'community' });
  assert.deepEqual(parseBudgetSource('งบหน่วยงาน'), { ok: true, value: 'agency' });
  assert.deepEqual(parseBudgetSource(''), { ok: true, value: undefined });
  const bad = parseBudgetSource('งบกลาง');
  assert.equal(bad.ok, false);
  assert.match((bad as { message: string }).message, /^budget_source "งบกลาง" is not one of งบหน่วยงาน \(agency\), งบจังหวัด \(provincial\)/);
  assert.deepEqual(parseStatus('กำลังดำเนินการ'), { ok: true, value: 'in_progress' });
  assert.deepEqual(parseStatus('เสร็จสิ้น'), { ok: true, value: 'done' });
  assert.deepEqual(parseStatus('Cancelled'), { ok: true, value: 'cancelled' });
  assert.deepEqual(parseStatus('วางแผน'), { ok: true, value: 'planned' });
  assert.deepEqual(parseStatus('in progress'), { ok: true, value: 'in_progress' });
  assert.equal(parseStatus('รออนุมัติ').ok, false);
  assert.deepEqual(parseVisibility('สาธารณะ'), { ok: true, value: 'public' });
  assert.deepEqual(parseVisibility('ภายใน'), { ok: true, value: 'internal' });
  assert.deepEqual(parseYesNo('ใช่', 'seeking_support'), { ok: true, value: true });
  assert.deepEqual(parseYesNo('ไม่ใช่', 'seeking_support'), { ok: true, value: false });
  assert.deepEqual(parseYesNo(true, 'seeking_support'), { ok: true, value: true });
  assert.deepEqual(parseYesNo('', 'seeking_support'), { ok: true, value: false });
  assert.equal(parseYesNo('บางที', 'seeking_support').ok, false);
  assert.deepEqual(parsePublicFields('วัตถุประสงค์, งบประมาณ, progress'), { ok: true, value: ['objectives', 'budget', 'progress'] });
  assert.deepEqual(parsePublicFields('ไม่มี'), { ok: true, value: [] });
  assert.deepEqual(parsePublicFields(''), { ok: true, value: undefined });
  assert.match((parsePublicFields('เบอร์โทร') as { message: string }).message, /"เบอร์โทร" not one of/);
});

test('areas: 6- and 8-digit codes separated by , ; or spaces, with a TH prefix; provinces, districts and junk are errors', () => {
  assert.deepEqual(parseAreas('320101, 320102;32010101'), { ok: true, value: ['320101', '320102', '32010101'] });
  assert.deepEqual(parseAreas('TH320101 320101'), { ok: true, value: ['320101'] }, 'repeats are dropped');
  assert.deepEqual(parseAreas(320101), { ok: true, value: ['320101'] });
  const r = parseAreas('3201; abc');
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /"3201" is a district code/);
  assert.match((r as { message: string }).message, /"abc" is not an area code/);
  assert.match((parseAreas('') as { message: string }).message, /at least one/);
});

test('outputs are name:unit:target separated by ;', () => {
  assert.deepEqual(parseOutputs('ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:1,200'), {
    ok: true, value: [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 10 }, { name: 'ผู้เข้าอบรม', unit: 'คน', target: 1200 }],
  });
  assert.deepEqual(parseOutputs('อบรม: หลักสูตร A:ครั้ง:2'), { ok: true, value: [{ name: 'อบรม: หลักสูตร A', unit: 'ครั้ง', target: 2 }] });
  assert.deepEqual(parseOutputs(''), { ok: true, value: [] });
  assert.match((parseOutputs('ฝายชะลอน้ำ:10') as { message: string }).message, /must be written name:unit:target/);
  assert.match((parseOutputs('ฝาย:แห่ง:สิบ') as { message: string }).message, /must be a number, got "สิบ"/);
  assert.match((parseOutputs('ฝาย:แห่ง:1; ฝาย:แห่ง:2') as { message: string }).message, /listed twice/);
});

test('a phone number typed into a number cell gets its leading zero back', () => {
  assert.equal(parsePhone(812345678), '0812345678');
  assert.equal(parsePhone(44511000), '044511000');
  assert.equal(parsePhone(' 044-511-000 '), '044-511-000');
  assert.equal(parsePhone(1669), '1669');
});

test('a CSV with BOM, CRLF and Thai headers becomes project inputs; empty cells are defaults, columns left out stay undefined', async () => {
  const csv = `\uFEFF${HEADER}\r\nP-1,police-32,2568,"ฝายชะลอน้ำ, บ้านหนองบัว","1,250,000 บาท",งบจังหวัด,"ยาเสพติด; flood",320101;320102,1/10/2567,30/9/2568,กำลังดำเนินการ\r\n,ที่ทำการปกครองจังหวัดสุรินทร์,2569,อบรม,0,,,32010101,,,\r\n`;
  const f = await parseProjectFile(Buffer.from(csv), 'p.csv');
  assert.equal(f.format, 'csv');
  assert.deepEqual(f.errors, []);
  assert.equal(f.rows.length, 2);
  const [a, b] = f.rows;
  assert.equal(a.row, 2);
  assert.equal(a.agency, 'police-32');
  assert.deepEqual(a.input, {
    externalId: 'P-1', fiscalYear: 2568, title: 'ฝายชะลอน้ำ, บ้านหนองบัว', budgetBaht: 1_250_000, budgetSource: 'provincial',
    categories: ['ยาเสพติด', 'flood'], areaCodes: ['320101', '320102'], startDate: '2024-10-01', endDate: '2025-09-30', status: 'in_progress',
  });
  assert.equal(b.row, 3);
  assert.equal(b.agency, 'ที่ทำการปกครองจังหวัดสุรินทร์');
  assert.equal(b.input.externalId, null);
  assert.equal(b.input.budgetSource, 'agency', 'an empty budget source is the agency\'s own budget');
  assert.equal(b.input.status, 'planned', 'an empty status cell is the default');
  assert.equal(b.input.startDate, null);
  assert.equal(b.input.objectives, undefined, 'no objectives column: nothing said');
});

test('every bad cell of every row is listed with its row (header = 1) and column, and the other rows still read', async () => {
  const csv = [
    HEADER,
    'A,police-32,2568,ดี,100,,,320101,,,',
    'B,police-32,2025,,หนึ่งแสน,งบกลาง,,3201,31/2/2568,,รออนุมัติ',
    '',
    'C,,2568,ค,n/a,,,320101,1/10/2568,1/9/2568,',
  ].join('\n');
  const f = await parseProjectFile(Buffer.from(csv), 'bad.csv');
  const got = f.errors.map((e) => `${e.row}:${e.field}`);
  assert.deepEqual(got, [
    '3:fiscal_year', '3:title', '3:budget', '3:budget_source', '3:areas', '3:start_date', '3:status',
    '5:agency', '5:budget', '5:end_date',
  ]);
  assert.equal(f.errors.find((e) => e.row === 3 && e.field === 'budget')!.message, 'budget must be a number of baht, got "หนึ่งแสน"');
  assert.match(f.errors.find((e) => e.row === 5 && e.field === 'end_date')!.message, /end_date "1\/9\/2568" is before start_date "1\/10\/2568"/);
  assert.ok(f.errors.every((e) => e.file === 'bad.csv'));
  assert.deepEqual(f.rows.map((r) => r.row), [2, 3, 5], 'the empty line 4 is skipped but counted');
  assert.deepEqual([...f.rows[1].failed].sort(), ['areas', 'budget', 'budget_source', 'fiscal_year', 'start_date', 'status', 'title']);
  assert.deepEqual([...f.rows[0].failed], []);
});

test('a CSV saved by Thai Windows Excel (Windows-874) with semicolons reads as Thai', async () => {
  const csv = `${HEADER.replace(/,/g, ';')}\r\nP-9;police-32;2568;โครงการเฝ้าระวังชายแดน;500000;งบหน่วยงาน;ยาเสพติด;320101;;;วางแผน\r\n`;
  const f = await parseProjectFile(iconv.encode(csv, 'cp874'), 'windows.csv');
  assert.deepEqual(f.errors, []);
  assert.equal(f.rows[0].input.title, 'โครงการเฝ้าระวังชายแดน');
  assert.equal(f.rows[0].input.status, 'planned');
  assert.deepEqual(f.rows[0].input.categories, ['ยาเสพติด']);
});

test('unknown, repeated and missing columns are one error of the header naming all of them', async () => {
  const err = await importError(parseProjectFile(Buffer.from('ชื่อโครงการ,หมายเหตุ,title,Remarks,ปีงบประมาณ\nx,y,z,w,2568\n'), 'h.csv'));
  assert.equal(err.statusCode, 422);
  const msgs = err.details.map((d) => `${d.row}:${d.field}:${d.message}`);
  assert.ok(msgs[0].startsWith('1:header:unknown columns "หมายเหตุ", "Remarks"'), msgs[0]);
  assert.ok(msgs.some((m) => m.startsWith('1:title:two columns give title')), msgs.join('\n'));
  for (const f of ['agency', 'budget', 'areas']) assert.ok(msgs.some((m) => m.startsWith(`1:${f}:missing column`)), f);
  assert.ok(!msgs.some((m) => m.startsWith('1:fiscal_year')));
});

test('export-only columns (progress, names) are accepted and ignored', async () => {
  const csv = `${HEADER},ความก้าวหน้าล่าสุด (%),ใช้จ่ายแล้ว (บาท),ชื่อหน่วยงาน,รหัสในระบบ COMAP\nP,police-32,2568,t,1,,,320101,,,,45,1000,ตำรวจ,7\n`;
  const f = await parseProjectFile(Buffer.from(csv), 'x.csv');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.ignoredColumns, ['ความก้าวหน้าล่าสุด (%)', 'ใช้จ่ายแล้ว (บาท)', 'ชื่อหน่วยงาน', 'รหัสในระบบ COMAP']);
});

test('a value in a column without a header is an error of its row', async () => {
  const f = await parseProjectFile(Buffer.from(`${HEADER},\nP,police-32,2568,t,1,,,320101,,,,stray\n`), 's.csv');
  assert.deepEqual(f.errors.map((e) => [e.row, e.field]), [[2, 'column L']]);
  assert.match(f.errors[0].message, /\("stray"\) but no header/);
  assert.equal(columnLetter(0), 'A');
  assert.equal(columnLetter(27), 'AB');
});

test('XLSX: the sheet named โครงการ is read even when it is not the first; date, number and phone cells', async () => {
  const buf = await xlsx([
    { name: 'คำอธิบาย', rows: [['คอลัมน์', 'ความหมาย'], ['ชื่อโครงการ', 'ชื่อ']] },
    {
      name: 'โครงการ',
      rows: [
        ['รหัสโครงการ', 'หน่วยงาน', 'ปีงบประมาณ', 'ชื่อโครงการ', 'งบประมาณ', 'พื้นที่เป้าหมาย', 'วันเริ่ม', 'วันสิ้นสุด', 'โทรศัพท์', 'ต้องการการสนับสนุน', 'ผลผลิต'],
        [1001, 'rid-8', 2568, 'ขุดลอกคลอง', 2500000.5, 320101, new Date(Date.UTC(2024, 9, 1)), '30/9/2568', 812345678, true, 'คลอง:กิโลเมตร:3'],
      ],
    },
  ]);
  const f = await parseProjectFile(buf, 'book.xlsx');
  assert.equal(f.format, 'xlsx');
  assert.equal(f.sheet, 'โครงการ');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.rows[0].input, {
    externalId: '1001', fiscalYear: 2568, title: 'ขุดลอกคลอง', budgetBaht: 2500000.5, budgetSource: 'agency', categories: [],
    areaCodes: ['320101'], startDate: '2024-10-01', endDate: '2025-09-30', responsiblePhone: '0812345678', seekingSupport: true,
    plannedOutputs: [{ name: 'คลอง', unit: 'กิโลเมตร', target: 3 }],
  });
  assert.equal(f.rows[0].row, 2);
});

test('XLSX: the first sheet otherwise; row numbers are the sheet\'s own, empty rows in between included', async () => {
  const buf = await xlsx([
    { name: 'Sheet1', rows: [['หน่วยงาน', 'ปีงบประมาณ', 'ชื่อโครงการ', 'งบประมาณ', 'พื้นที่เป้าหมาย'], ['a', 2568, 'x', 1, '320101'], [], ['a', 2568, 'y', 'หนึ่งแสน', '320101']] },
    { name: 'Sheet2', rows: [['nothing']] },
  ]);
  const f = await parseProjectFile(buf, 'first.xlsx');
  assert.equal(f.sheet, 'Sheet1');
  assert.deepEqual(f.rows.map((r) => r.row), [2, 4]);
  assert.deepEqual(f.errors.map((e) => [e.row, e.field, e.message]), [[4, 'budget', 'budget must be a number of baht, got "หนึ่งแสน"']]);
});

test('files COMAP cannot read are refused as a whole', async () => {
  assert.match((await importError(parseProjectFile(Buffer.from('x'), 'p.ods'))).message, /unsupported file type/);
  assert.match((await importError(parseProjectFile(Buffer.alloc(0), 'p.csv'))).message, /is empty/);
  assert.match((await importError(parseProjectFile(Buffer.from('not a zip'), 'p.xlsx'))).message, /not an XLSX workbook/);
  assert.match((await importError(parseProjectFile(Buffer.from('PK\u0003\u0004broken'), 'p.xlsx'))).message, /cannot be read/);
  assert.match((await importError(parseProjectFile(Buffer.from('\n\n'), 'p.csv'))).message, /no header row/);
  assert.match((await importError(parseProjectFile(Buffer.from(`${HEADER}\n`), 'p.csv'))).message, /holds no projects/);
  const q = await importError(parseProjectFile(Buffer.from(`${HEADER}\nP,"police-32,2568\n`), 'q.csv'));
  assert.match(q.message, /malformed CSV.*quoted field is never closed/);
});

test(`at most ${MAX_IMPORT_ROWS} rows`, async () => {
  const line = 'P,police-32,2568,t,1,,,320101,,,\n';
  const err = await importError(parseProjectFile(Buffer.from(HEADER + '\n' + line.repeat(MAX_IMPORT_ROWS + 1)), 'big.csv'));
  assert.match(err.message, /20001 project rows; at most 20000/);
  const fine = await parseProjectFile(Buffer.from(HEADER + '\n' + line.repeat(MAX_IMPORT_ROWS)), 'ok.csv');
  assert.equal(fine.rows.length, MAX_IMPORT_ROWS);
});
