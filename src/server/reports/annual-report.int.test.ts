/**
 * The annual report through the HTTP API on the real sub-districts of Surin (32): a declared
 * target list of FY 2568, three projects of two agencies with progress reports, incidents in FY
 * 2567 and 2568 (two of them restricted). The PDF is read back with pdftotext, its first page and
 * its map page are rendered with pdftoppm (test-results/annual-*.png), and the XLSX is opened
 * with exceljs. Expected figures are worked out by hand in the comments.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { addIncidents } from '../testing/fixtures.ts';
import { ROOT } from '../testing/test-db.ts';
import { requestAs, startTargetsTestApp, VILLAGE, type TargetsTestApp } from '../targets/test-fixtures.ts';
import type { Dashboard } from '../../shared/dashboard-types.ts';
import { COVERED_COLOR, GAP_COLOR, INDICATOR_STATUS_TH, NO_EVALUATION_TH, REGISTER_TITLE, SECTION_TITLES, unitOf } from './annual-report.ts';
import { formatNumber } from './pdf-chart.ts';
import { SHEET_NAMES } from './annual-xlsx.ts';

let s: TargetsTestApp;
let dir: string;
let officer: string;
const RESULTS = join(ROOT, 'test-results');

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await s.t.db.query<T>(sql, params)).rows[0];
}

async function project(agency: number, title: string, budget: number, status: string, areas: string[], createdAt: string, fy = 2568): Promise<number> {
  const p = await one<{ id: number }>(
    `INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_baht, budget_source, status, start_date, end_date, created_at)
     VALUES ($1, '32', $6, $2, $3, 'agency', $4, make_date($6 - 544, 10, 1), make_date($6 - 543, 9, 30), $5) RETURNING id::int AS id`,
    [agency, title, budget, status, createdAt, fy],
  );
  await s.t.db.query(`INSERT INTO project_area (project_id, area_code, subdistrict_code) SELECT $1, c, substr(c, 1, 6) FROM unnest($2::text[]) c`, [p.id, areas]);
  return p.id;
}

async function progress(id: number, quarter: number, percent: number, spent: number, at: string): Promise<void> {
  await s.t.db.query(
    `INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht, reported_at) VALUES ($1, 2568, $2, $3, $4, $5)`,
    [id, quarter, percent, spent, at],
  );
}

async function declaredList(fy: number, areas: string[], declaredAt: string, reference: string): Promise<number> {
  const id = (await one<{ id: number }>(`INSERT INTO target_list (province_code, fiscal_year, version, title) VALUES ('32', $1, 1, 'บัญชีทดสอบ') RETURNING id`, [fy])).id;
  await s.t.db.query(`INSERT INTO target_area (list_id, area_code, categories) SELECT $1, c, '{drugs}' FROM unnest($2::text[]) c`, [id, areas]);
  await s.t.db.query(
    `UPDATE target_list SET status = 'declared', declared_at = $2, declaration_date = $2::timestamptz::date, reference_number = $3 WHERE id = $1`,
    [id, declaredAt, reference],
  );
  return id;
}

before(async () => {
  s = await startTargetsTestApp();
  dir = mkdtempSync(join(tmpdir(), 'comap-annual-'));
  mkdirSync(RESULTS, { recursive: true });
  const rid = (await one<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('rid-8', 'สำนักงานชลประทานที่ 8', 'line_agency') RETURNING id`)).id;
  const police = (await one<{ id: number }>(`INSERT INTO agency (code, name_th, type) VALUES ('police-32', 'ตำรวจภูธรจังหวัดสุรินทร์', 'security') RETURNING id`)).id;
  // Targets of FY 2568 (declared 15 October 2024): ต.ในเมือง, ต.ตั้งใจ, ต.เพี้ยราม and a village of ต.ในเมือง.
  await declaredList(2568, ['320101', '320102', '320103', VILLAGE], '2024-10-15T03:00:00Z', '123/2567');
  // P1: 300,000 baht over 320101 and 320105 (150,000 each), in progress; latest report Q3: 60 %, 120,000 spent.
  const p1 = await project(rid, 'ฝายชะลอน้ำบ้านหนองบัว', 300_000, 'in_progress', ['320101', '320105'], '2024-10-20T00:00:00Z');
  await progress(p1, 1, 30, 50_000, '2025-01-10T03:00:00Z');
  await progress(p1, 2, 45, 80_000, '2025-04-10T03:00:00Z');
  await progress(p1, 3, 60, 120_000, '2025-07-10T03:00:00Z');
  // P2: 100,000 baht on ต.เพี้ยราม, planned, never reported: Q1, Q2 and Q3 are late at 30 September (Q4 is due 15 October).
  await project(police, 'ชุดปฏิบัติการปราบปรามยาเสพติด', 100_000, 'planned', ['320103'], '2024-10-21T00:00:00Z');
  // P3: 50,000 baht outside every target (320201, อ.ชุมพลบุรี), done, reported Q1 to Q3 on time.
  const p3 = await project(police, 'อบรมอาสาสมัครเฝ้าระวังชายแดน', 50_000, 'done', ['320201'], '2024-10-22T00:00:00Z');
  for (const [q, at] of [[1, '2025-01-05'], [2, '2025-04-05'], [3, '2025-07-05']] as const) await progress(p3, q, 100, 48_500.5, `${at}T03:00:00Z`);
  // ต.ตั้งใจ (320102) stays without a project: a gap.
  // Incidents: 10 drugs in 320101 in FY 2567; 5 (+2 restricted) drugs in 320101 and 3 floods in 320201 in FY 2568.
  await addIncidents(s.t.db, '320101', 'drugs', 10, 3, '2023-11-01T10:00:00+07:00');
  await addIncidents(s.t.db, '320101', 'drugs', 5, 3, '2024-11-01T10:00:00+07:00');
  await addIncidents(s.t.db, '320201', 'flood', 3, 2, '2025-02-01T10:00:00+07:00');
  await s.t.db.query(`UPDATE incident SET classification = 'internal'`);
  await addIncidents(s.t.db, '320101', 'drugs', 2, 5, '2024-11-02T10:00:00+07:00');
  officer = await s.t.userCookie('area_officer', { areaCodes: ['320101'] });
  // The province's built-in indicators, computed from the same data.
  const run = await requestAs(s.t, 'POST', '/api/indicators/compute', s.analyst, { province: '32', fiscalYears: [2567, 2568] });
  assert.equal(run.statusCode, 200, run.body);
});

after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await s?.t.close();
});

let files = 0;
/** Downloads the PDF and returns its file, the text pdftotext reads from it (one string per page) and the request's time. */
async function pdfOf(cookie: string, query = 'province=32&fy=2568'): Promise<{ file: string; pages: string[]; ms: number }> {
  const started = performance.now();
  const r = await requestAs(s.t, 'GET', `/api/reports/annual.pdf?${query}`, cookie);
  const ms = performance.now() - started;
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.equal(r.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = join(dir, `annual-${++files}.pdf`);
  writeFileSync(file, r.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { file, pages: text.split('\f').slice(0, -1), ms };
}

async function xlsxOf(cookie: string, query = 'province=32&fy=2568'): Promise<ExcelJS.Workbook> {
  const r = await requestAs(s.t, 'GET', `/api/reports/annual.xlsx?${query}`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** The rows of a sheet below its header (row 4), as arrays of cell values from column 1. */
function rowsOf(wb: ExcelJS.Workbook, name: string): unknown[][] {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 4) out.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return out;
}

/**
 * Whether a phrase is in the text: on one line, or wrapped in its table cell over the next lines
 * (the layout puts the other columns between the parts, so each line must end a part of it).
 */
function hasPhrase(text: string, phrase: string): boolean {
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ''));
  const p = phrase.replace(/\s+/g, '');
  // Keyed by line and how much of the phrase is left, so each pair is tried once.
  const memo = new Map<number, boolean>();
  const found = (i: number, from: number): boolean => {
    if (i >= lines.length) return false;
    const key = i * (p.length + 1) + from;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok = lines[i].includes(p.slice(from));
    for (let k = p.length - 1; !ok && k >= from + 3; k--) ok = lines[i].includes(p.slice(from, k)) && found(i + 1, k);
    memo.set(key, ok);
    return ok;
  };
  return lines.some((_, i) => found(i, 0));
}

const flat = (t: string) => t.replace(/\s+/g, ' ');
/** Whether a paragraph is in the text, wherever its lines were broken. */
const has = (text: string, phrase: string) => text.replace(/\s+/g, '').includes(phrase.replace(/\s+/g, ''));

/** Pixels of a page rendered by pdftoppm (PPM) within `tol` of an sRGB colour. */
function countColour(ppm: Buffer, hex: string, tol = 6): number {
  const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const start = m[0].length;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = start; i + 2 < ppm.length; i += 3) {
    if (Math.abs(ppm[i] - r) <= tol && Math.abs(ppm[i + 1] - g) <= tol && Math.abs(ppm[i + 2] - b) <= tol) n++;
  }
  return n;
}

test('the PDF reads back as the right Thai: title with the BE year, province, sections, areas, projects, agencies, dates, stacked marks', async () => {
  const { file, pages } = await pdfOf(s.analyst);
  const all = pages.join('\n');
  const text = flat(all);
  const cover = flat(pages[0]);
  assert.ok(cover.includes('รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568'), cover);
  assert.ok(cover.includes('จังหวัดสุรินทร์'), 'province');
  assert.ok(cover.includes('(1 ตุลาคม 2567 ถึง 30 กันยายน 2568)'), 'the fiscal year in the Buddhist Era');
  assert.ok(cover.includes('เสนอ ผู้ว่าราชการจังหวัดสุรินทร์'), 'tone mark over the upper vowel of ผู้ว่า');
  assert.ok(cover.includes('ข้อมูลถึงวันที่ 30 กันยายน 2568'), 'cut-off date');
  assert.match(cover, /พิมพ์เมื่อ \d{1,2} \S+ 25\d\d \d\d:\d\d น\. โดย analyst\d+ จากระบบ COMAP/, 'printed date in the Buddhist Era');
  assert.ok(cover.includes('นับรวมเหตุการณ์ชั้นความลับ ใช้ภายในราชการเท่านั้น'), 'an analyst’s report says it counts restricted incidents');

  // Every page after the cover carries the running title; pages are numbered "หน้า i จาก n".
  pages.forEach((p, i) => assert.ok(flat(p).includes(`หน้า ${i + 1} จาก ${pages.length}`), `page number on page ${i + 1}`));
  assert.ok(pages.slice(1).every((p) => flat(p).includes('รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568 จังหวัดสุรินทร์')), 'running title');

  // The contents give each section's page, and that page starts the section.
  const contents = flat(pages[1]);
  assert.ok(contents.includes('สารบัญ'), 'contents');
  SECTION_TITLES.forEach((title, i) => {
    const m = new RegExp(`${i + 1}\\. ${title} [. ]*?(\\d+)`).exec(contents);
    assert.ok(m, `contents entry ${title}: ${contents}`);
    const page = flat(pages[Number(m[1]) - 1]);
    assert.ok(page.includes(`${i + 1}. ${title}`), `section ${i + 1} on page ${m[1]}`);
  });

  // 1: the key figures: 10 incidents against 10, 4 targets of which 3 reached, 3 projects, 450,000 baht.
  assert.ok(text.includes('ตามบัญชีพื้นที่เป้าหมายฉบับที่ 1 ประกาศตามคำสั่งเลขที่ 123/2567 ลงวันที่ 15 ตุลาคม 2567'), 'declaration date in the Buddhist Era');
  assert.ok(has(all, 'เกิดเหตุการณ์ 10 ครั้ง เมื่อเทียบกับช่วงเวลาเดียวกันของปีก่อน (10 ครั้ง) เท่าเดิม'), text);
  assert.ok(has(all, 'พื้นที่เป้าหมายที่มีโครงการรองรับ 3 จาก 4 พื้นที่ (ร้อยละ 75.0) พื้นที่ที่ยังไม่มีโครงการรองรับ ได้แก่ ต.ตั้งใจ อ.เมืองสุรินทร์'), 'coverage and the gap');
  // Spent: P1's latest report (120,000) + P3's (48,500.50) = 168,500.50 of 450,000 = 37.4 %.
  assert.ok(has(all, 'งบประมาณรวม 450,000.00 บาท ใช้จ่ายแล้ว 168,500.50 บาท (ร้อยละ 37.4)'), 'spent and its share');
  // 2: every computed indicator with its value, target and status in words, as the dashboard has them at the year's end.
  const dash = (await requestAs(s.t, 'GET', '/api/dashboard?province=32&fy=2568&quarter=4', s.analyst)).json() as Dashboard;
  assert.ok(dash.indicators.length >= 4, 'the built-in indicators were computed');
  // (Past the contents page, which names every section too.)
  const startOf = (heading: string) => pages.findIndex((p, i) => i > 1 && p.includes(heading));
  const section2 = flat(pages.slice(startOf('2. ตัวชี้วัดเทียบค่าเป้าหมาย'), startOf('3. สถานการณ์ภัยคุกคาม')).join('\n'));
  for (const i of dash.indicators) {
    const after = unitOf(i.unit).after;
    const figures = `ผล ${i.value == null ? 'ไม่มีข้อมูล' : `${formatNumber(i.value, 2)}${after}`} / เป้าหมาย ${i.target == null ? 'ไม่ได้กำหนด' : `${formatNumber(i.target, 2)}${after}`}`;
    assert.ok(section2.includes(figures), `${i.code}: ${figures} in ${section2}`);
    assert.ok(section2.includes(INDICATOR_STATUS_TH[i.status]), `${i.code}: status in words`);
  }
  // 3 targets of 4 have a project (75 %) against a target of 80 % with a margin of 10: at risk.
  const coverage = dash.indicators.find((i) => i.code === 'target_areas_with_projects')!;
  assert.deepEqual([coverage.value, coverage.target, coverage.status], [75, 80, 'at_risk']);
  // 3: by category: drugs 10 -> 7 (-3), floods 0 -> 3; the districts.
  assert.match(text, /ยาเสพติด 10 7 -3 ลดลง 3 ครั้ง \(ร้อยละ 30\.0\)/);
  assert.match(text, /อุทกภัย 0 3 \+3 เพิ่มขึ้น 3 ครั้ง \(ปีก่อนไม่มี\)/);
  assert.match(text, /อ\.เมืองสุรินทร์ 10 7 -3 4 3 2 400,000\.00/, 'district row: incidents, targets, covered, projects, budget');
  // 4: the target table: names, the projects reaching each by their number in the register, the gap.
  for (const name of ['ต.ในเมือง อ.เมืองสุรินทร์', 'ต.ตั้งใจ อ.เมืองสุรินทร์', 'ต.เพี้ยราม อ.เมืองสุรินทร์', 'บ้านทดสอบ ต.ในเมือง อ.เมืองสุรินทร์']) {
    assert.ok(hasPhrase(all, name), name);
  }
  // The register runs by agency, then title: [1] ชุดปฏิบัติการ..., [2] อบรม... (police), [3] ฝาย... (irrigation).
  const targetTable = pages.filter((p) => p.includes('โครงการที่รองรับ')).join('\n');
  assert.match(flat(targetTable), /1 ต\.ในเมือง อ\.เมือง.*10 \/ 7 \[3\] ฝายชะลอน้ำบ้านหนองบัว 150,000\.00/, 'ต.ในเมือง: incidents a year ago and now, P1, its budget share');
  assert.match(flat(targetTable), /3 ต\.ตั้งใจ อ\.เมืองสุรินทร์ ยาเสพติด 0 \/ 0 ยังไม่มีโครงการรองรับ 0\.00/, 'the gap');
  assert.ok(hasPhrase(targetTable, '[1] ชุดปฏิบัติการปราบปรามยาเสพติด'), 'P2 on ต.เพี้ยราม');
  assert.ok(has(all, 'โครงการนอกพื้นที่เป้าหมาย 1 โครงการ งบประมาณ 50,000.00 บาท'), 'projects outside the targets');
  assert.ok(text.includes('แผนที่พื้นที่เป้าหมายจังหวัดสุรินทร์') && text.includes('ตำบลเป้าหมายที่ยังไม่มีโครงการ') && text.includes('กิโลเมตร'), 'map title, legend, scale');
  // 5: agencies: police has 2 projects (1 planned, 1 done), 150,000 budget, 48,500.50 spent (32.3 %), 3 late reports.
  assert.match(text, /ตำรวจภูธรจังหวัดสุรินทร์ 2 1 0 1 0 150,000\.00 48,500\.50 32\.3 3/, 'police row');
  assert.match(text, /สำนักงานชลประทานที่ 8 1 0 1 0 0 300,000\.00 120,000\.00 40\.0 0/, 'irrigation row');
  assert.ok(has(all, 'รายงานความก้าวหน้าที่เลยกำหนดส่ง ณ วันที่ 30 กันยายน 2568 (3 รายงาน จาก 1 โครงการ)'), 'late reports heading');
  assert.match(text, /ชุดปฏิบัติการปราบปรามยาเสพติด ตำรวจภูธรจังหวัดสุรินทร์ 1, 2, 3 15 ม\.ค\. 2568 259/, 'Q1 to Q3 owed; Q1 was due 15 January 2025, 259 days late at the end of 30 September');
  // 6, the notes and the register, with each project's latest progress and money spent.
  assert.ok(text.includes(NO_EVALUATION_TH), 'evaluation placeholder');
  const register = pages.slice(pages.findIndex((p) => p.includes(REGISTER_TITLE))).join('\n');
  assert.ok(hasPhrase(register, 'ฝายชะลอน้ำบ้านหนองบัว') && hasPhrase(register, 'ต.ในเมือง, ต.ท่าสว่าง'), 'register row of P1');
  assert.match(flat(register), /ต\.ในเมือง, ต\.ท่าสว่าง กำลังดำเนินการ 300,000\.00 ร้อยละ 60 120,000\.00/, 'P1: status, progress, budget, spent');
  assert.match(flat(register), /ยังไม่เริ่ม\/วางแผน 100,000\.00 ยังไม่รายงาน -/, 'a project never reported');
  assert.ok(hasPhrase(register, 'ต.ชุมพลบุรี (นอกพื้นที่เป้าหมาย)'), 'P3 marked outside the targets');
  assert.ok(has(all, 'งบประมาณของโครงการแบ่งเท่า ๆ กันตามจำนวนพื้นที่ของโครงการ'), 'the budget split rule');
  // Marks that a broken text layer gets wrong: sara am, tone over upper vowel, tone on a tall consonant.
  for (const w of ['ผู้ว่าราชการจังหวัด', 'ชะลอน้ำ', 'ที่', 'เพี้ยราม', 'ตั้งใจ', 'ยังไม่มีข้อมูลการประเมินผลจากประชาชน']) assert.ok(all.includes(w), w);

  // Page 1 and the map page as pictures (looked at by hand), and the map's colours counted.
  const mapPage = pages.findIndex((p) => p.includes('แผนที่พื้นที่เป้าหมาย')) + 1;
  assert.ok(mapPage > 0, 'a map page');
  execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', file, join(RESULTS, 'annual-page1')]);
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', String(mapPage), '-l', String(mapPage), '-singlefile', file, join(RESULTS, 'annual-map')]);
  for (const f of ['annual-page1.png', 'annual-map.png']) assert.ok(statSync(join(RESULTS, f)).size > 20_000, f);
  const ppm = join(dir, 'map');
  execFileSync('pdftoppm', ['-r', '60', '-f', String(mapPage), '-l', String(mapPage), '-singlefile', file, ppm]);
  const px = readFileSync(`${ppm}.ppm`);
  // Two covered sub-districts (and the legend swatches), one gap: both colours are on the page.
  assert.ok(countColour(px, COVERED_COLOR) > 100, 'sub-districts with projects are filled');
  assert.ok(countColour(px, GAP_COLOR) > 30, 'the gap is filled in its own colour');
});

test('the XLSX holds the same figures: sheets, Thai headers, rows, number formats, frozen headers', async () => {
  const wb = await xlsxOf(s.analyst);
  assert.deepEqual(wb.worksheets.map((w) => w.name), Object.values(SHEET_NAMES));
  for (const w of wb.worksheets) {
    assert.equal(w.views[0]?.state, 'frozen', `${w.name} frozen`);
    assert.equal((w.views[0] as { ySplit?: number }).ySplit, 4);
    assert.match(String(w.getCell(1, 1).value), /^รายงานผลการดำเนินงานประจำปีงบประมาณ พ\.ศ\. 2568 จังหวัดสุรินทร์: /);
    assert.match(String(w.getCell(2, 1).value), /^ข้อมูลถึงวันที่ 30 กันยายน 2568/);
  }
  const summary = new Map(rowsOf(wb, SHEET_NAMES.summary).map((r) => [r[0], r[1]]));
  assert.equal(summary.get('เหตุการณ์ในปีงบประมาณ (ครั้ง)'), 10);
  assert.equal(summary.get('พื้นที่เป้าหมายที่ยังไม่มีโครงการ'), 1);
  assert.equal(summary.get('ใช้จ่ายแล้ว (บาท)'), 168_500.5);

  const threats = wb.getWorksheet(SHEET_NAMES.threats)!;
  assert.equal(threats.getCell(4, 1).value, 'ประเภทภัยคุกคาม');
  const drugs = rowsOf(wb, SHEET_NAMES.threats).find((r) => r[1] === 'drugs')!;
  // Q1..Q4 of 2567, Q1..Q4 of 2568, totals, change, share.
  assert.deepEqual(drugs.slice(2, 14), [10, 0, 0, 0, 7, 0, 0, 0, 10, 7, -3, -0.3]);
  const flood = rowsOf(wb, SHEET_NAMES.threats).find((r) => r[1] === 'flood')!;
  assert.deepEqual(flood.slice(10, 14), [0, 3, 3, null], 'no share of a change from nothing');

  const targets = rowsOf(wb, SHEET_NAMES.targets);
  assert.deepEqual(targets.map((r) => r[1]), ['320101', VILLAGE, '320102', '320103'].sort());
  const gap = targets.find((r) => r[1] === '320102')!;
  assert.deepEqual([gap[8], gap[9], gap[10]], [0, 0, 'ยังไม่มีโครงการรองรับ']);
  const city = targets.find((r) => r[1] === '320101')!;
  assert.deepEqual([city[3], city[6], city[7], city[8], city[9], city[11]], ['ต.ในเมือง อ.เมืองสุรินทร์', 10, 7, 1, 150_000, 'ฝายชะลอน้ำบ้านหนองบัว']);
  assert.equal(wb.getWorksheet(SHEET_NAMES.targets)!.getColumn(10).numFmt, '#,##0.00', 'baht');

  const projects = rowsOf(wb, SHEET_NAMES.projects);
  assert.equal(projects.length, 3);
  const weir = projects.find((r) => r[1] === 'ฝายชะลอน้ำบ้านหนองบัว')!;
  assert.deepEqual(weir.slice(2, 13), ['สำนักงานชลประทานที่ 8', 'rid-8', 'กำลังดำเนินการ', 300_000, 120_000, 0.4, 0.6, 'ไตรมาส 3/2568', 'ต.ในเมือง, ต.ท่าสว่าง', '320101, 320105', `320101, ${VILLAGE}`]);
  const never = projects.find((r) => r[1] === 'ชุดปฏิบัติการปราบปรามยาเสพติด')!;
  assert.deepEqual([never[6], never[9]], [null, 'ยังไม่ได้รายงาน']);
  const ws = wb.getWorksheet(SHEET_NAMES.projects)!;
  assert.deepEqual([ws.getColumn(6).numFmt, ws.getColumn(8).numFmt], ['#,##0.00', '0.0%']);

  const agencies = rowsOf(wb, SHEET_NAMES.agencies);
  assert.deepEqual(agencies.find((r) => r[0] === 'police-32')!.slice(1), ['ตำรวจภูธรจังหวัดสุรินทร์', 2, 1, 0, 1, 0, 150_000, 48_500.5, 48_500.5 / 150_000, 3]);

  assert.deepEqual(rowsOf(wb, SHEET_NAMES.evaluation).map((r) => r[0]), [NO_EVALUATION_TH]);
  const dash = (await requestAs(s.t, 'GET', '/api/dashboard?province=32&fy=2568&quarter=4', s.analyst)).json() as Dashboard;
  assert.deepEqual(
    rowsOf(wb, SHEET_NAMES.indicators).map((r) => [r[0], r[1], r[4], r[5], r[6]]),
    dash.indicators.map((i) => [i.code, i.nameTh, i.target, i.value, INDICATOR_STATUS_TH[i.status]]),
    'the indicators as the dashboard has them',
  );
});

test('need-to-know: a viewer’s report leaves out the restricted incidents an analyst’s counts; an area officer gets their areas only', async () => {
  const v = await pdfOf(s.viewer);
  const vt = flat(v.pages.join('\n'));
  assert.ok(vt.includes('เกิดเหตุการณ์ 8 ครั้ง เมื่อเทียบกับช่วงเวลาเดียวกันของปีก่อน (10 ครั้ง) ลดลง 2 ครั้ง (ร้อยละ 20.0)'), 'the 2 restricted incidents are not counted');
  assert.ok(vt.includes('รายงานฉบับนี้ไม่นับรวมเหตุการณ์ชั้นความลับ'), 'the viewer’s cover says so');
  assert.match(vt, /ยาเสพติด 10 5 -5/);
  const vx = await xlsxOf(s.viewer);
  const ax = await xlsxOf(s.analyst);
  const drugsOf = (wb: ExcelJS.Workbook) => rowsOf(wb, SHEET_NAMES.threats).find((r) => r[1] === 'drugs')![11];
  assert.deepEqual([drugsOf(vx), drugsOf(ax)], [5, 7]);

  const o = await pdfOf(officer);
  const ot = o.pages.join('\n');
  assert.ok(flat(ot).includes('เฉพาะข้อมูลในพื้นที่ความรับผิดชอบของผู้พิมพ์'), 'partial report');
  assert.ok(hasPhrase(ot, 'ต.ในเมือง อ.เมืองสุรินทร์') && !ot.includes('ต.ตั้งใจ') && !ot.includes('ต.เพี้ยราม'), 'targets outside the scope are left out');
  assert.ok(!ot.includes('ตำรวจภูธรจังหวัดสุรินทร์'), 'agencies without a project in the scope are left out');
  const ox = await xlsxOf(officer);
  assert.deepEqual(rowsOf(ox, SHEET_NAMES.targets).map((r) => r[1]), ['320101', VILLAGE]);
  assert.deepEqual(rowsOf(ox, SHEET_NAMES.projects).map((r) => r[1]), ['ฝายชะลอน้ำบ้านหนองบัว']);
});

test('the year under way is an interim report; bad questions get clear messages; no sign-in is refused', async () => {
  const { pages } = await pdfOf(s.viewer, 'province=32&fy=2570');
  assert.ok(flat(pages[0]).includes('รายงานระหว่างปี: ปีงบประมาณ พ.ศ. 2570 ยังไม่สิ้นสุด'), pages[0]);
  assert.ok(flat(pages[1]).includes('(ระหว่างปี)'), 'the running header says so on every page');
  const r = await requestAs(s.t, 'GET', '/api/reports/annual.xlsx?province=32&fy=2568', s.viewer);
  assert.equal(r.headers['content-disposition'], 'attachment; filename="annual-report-32-2568.xlsx"');
  const p = await requestAs(s.t, 'GET', '/api/reports/annual.pdf?province=32&fy=2568', s.viewer);
  assert.equal(p.headers['content-disposition'], 'attachment; filename="annual-report-32-2568.pdf"');

  for (const ext of ['pdf', 'xlsx']) {
    const anonymous = await s.t.app.inject({ url: `/api/reports/annual.${ext}?province=32&fy=2568` });
    assert.equal(anonymous.statusCode, 401);
    assert.notEqual(anonymous.headers['content-type'], 'application/pdf');
    const missing = await requestAs(s.t, 'GET', `/api/reports/annual.${ext}?province=99&fy=2568`, s.viewer);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().message, 'province 99 not found');
    const bad = await requestAs(s.t, 'GET', `/api/reports/annual.${ext}?province=3&fy=2568`, s.viewer);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /province/);
    const future = await requestAs(s.t, 'GET', `/api/reports/annual.${ext}?province=32&fy=2575`, s.viewer);
    assert.equal(future.statusCode, 400);
    assert.match(future.json().message, /fiscal year 2575 has not started yet \(it starts on 1 October 2031\)/);
    const ce = await requestAs(s.t, 'GET', `/api/reports/annual.${ext}?province=32&fy=2025`, s.viewer);
    assert.equal(ce.statusCode, 400);
    assert.match(ce.json().message, /Buddhist Era fiscal year such as 2568/);
    const noYear = await requestAs(s.t, 'GET', `/api/reports/annual.${ext}?province=32`, s.viewer);
    assert.equal(noYear.statusCode, 400);
    assert.match(noYear.json().message, /fy/);
  }
});

test('a province with 200 target areas and 1,000 projects prints in a few seconds', async () => {
  // FY 2567: every sub-district of Surin plus villages to make 200 targets, 1,000 projects of 20 agencies.
  const subs = (await s.t.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '32' ORDER BY code`)).rows.map((r) => r.code);
  const villages = subs.slice(0, 200 - subs.length).map((c) => `${c}09`);
  await s.t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom, label_point)
     SELECT v, 4, substr(v, 1, 6), '32', 'บ้านหนองน้ำใส' || substr(v, 5, 4), NULL, p, p
     FROM unnest($1::text[]) v, LATERAL (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = substr(v, 1, 6)) s`,
    [villages],
  );
  const targets = [...subs, ...villages];
  assert.equal(targets.length, 200);
  await declaredList(2567, targets, '2023-10-20T03:00:00Z', '55/2566');
  await s.t.db.query(`INSERT INTO agency (code, name_th, type) SELECT 'bench-' || g, 'หน่วยงานทดสอบที่ ' || g, 'line_agency' FROM generate_series(1, 20) g`);
  await s.t.db.query(
    `INSERT INTO project (agency_id, province_code, fiscal_year, title, budget_baht, budget_source, status, start_date, end_date, created_at)
     SELECT (SELECT id FROM agency WHERE code = 'bench-' || (1 + g % 20)), '32', 2567, 'โครงการพัฒนาคุณภาพชีวิตและเฝ้าระวังภัยในพื้นที่ที่ ' || g,
            10000 + g * 1000, 'agency', (ARRAY['planned', 'in_progress', 'done', 'cancelled'])[1 + g % 4], '2023-10-01', '2024-09-30', '2023-10-25'
     FROM generate_series(1, 1000) g`,
  );
  // Two areas each over the first 150 sub-districts (and so their villages); the last 9 sub-districts are gaps.
  await s.t.db.query(
    `INSERT INTO project_area (project_id, area_code, subdistrict_code)
     SELECT DISTINCT p.id, a.c, substr(a.c, 1, 6)
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM project WHERE fiscal_year = 2567) p,
          LATERAL (SELECT ($1::text[])[1 + (p.n * 7) % 150] UNION ALL SELECT ($1::text[])[1 + (p.n * 13 + 5) % 150]) a(c)`,
    [subs],
  );
  await s.t.db.query(
    `INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht, reported_at)
     SELECT id, 2567, q, q * 25, budget_baht * q / 5, make_date(2024, 1 + (q - 1) * 3, 10)
     FROM project, generate_series(1, 3) q WHERE fiscal_year = 2567 AND id % 2 = 0`,
  );
  const { pages, ms } = await pdfOf(s.admin, 'province=32&fy=2567');
  // Again: the dashboard's figures come from its cache (an analyst may see what an administrator may), the document is laid out afresh.
  const again = await pdfOf(s.analyst, 'province=32&fy=2567');
  const xStarted = performance.now();
  await xlsxOf(s.admin, 'province=32&fy=2567');
  const xms = performance.now() - xStarted;
  console.log(`annual report, 200 target areas and 1,000 projects: PDF ${pages.length} pages in ${Math.round(ms)} ms (again ${Math.round(again.ms)} ms), XLSX in ${Math.round(xms)} ms`);
  const text = flat(pages.join('\n'));
  assert.ok(text.includes('พื้นที่เป้าหมาย 200 พื้นที่'), 'all 200 targets counted');
  assert.ok(has(pages.join('\n'), 'โครงการของปีงบประมาณ พ.ศ. 2567 1,000 โครงการ'), 'the register holds every project');
  assert.ok(text.includes('ยังไม่มีโครงการรองรับ'), 'the last sub-districts are gaps');
  assert.ok(text.includes('หน่วยงานทดสอบที่ 20'), 'every agency');
  // Generous for a loaded 2-core machine and the embedded database; a quiet one takes a few seconds.
  assert.ok(ms < 60_000, `PDF took ${Math.round(ms)} ms`);
});
