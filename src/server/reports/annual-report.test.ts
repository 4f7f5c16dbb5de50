/**
 * The parts of the annual report the integration data set does not reach: indicators of every
 * status against their targets, a filled people's evaluation (issue 5), a year without a declared
 * target list, and a year still under way. The report is built from hand-made figures and read
 * back with pdftotext; the workbook is opened with exceljs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fiscalYearPeriod } from '../../shared/fiscal.ts';
import type { Dashboard, DashboardIndicator } from '../../shared/dashboard-types.ts';
import type { AnnualReportData } from './annual-service.ts';
import { annualReportPdf, changeText, NO_EVALUATION_TH } from './annual-report.ts';
import { annualReportXlsx, SHEET_NAMES } from './annual-xlsx.ts';

function indicator(id: number, nameTh: string, unit: string, direction: string, target: number | null, value: number | null, status: DashboardIndicator['status'], ruleTh: string | null = null): DashboardIndicator {
  return { id, code: `i${id}`, nameTh, nameEn: nameTh, unit, direction, target, value, status, reason: value == null ? 'ยังไม่ได้คำนวณตัวชี้วัดของไตรมาสนี้' : null, ruleTh, ruleEn: null, series: [] };
}

const INDICATORS: DashboardIndicator[] = [
  indicator(1, 'ร้อยละของพื้นที่เป้าหมายที่มีโครงการดำเนินการ', 'percent', 'higher_is_better', 80, 75, 'at_risk', 'ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %, ต่ำกว่าเป้าหมายเมื่อ < 70 %'),
  indicator(2, 'ร้อยละการเปลี่ยนแปลงของเหตุการณ์ในพื้นที่เป้าหมายเทียบกับปีงบประมาณก่อน', 'percent', 'lower_is_better', -10, -35, 'on_track'),
  indicator(3, 'ร้อยละของโครงการที่ดำเนินการแล้วเสร็จ', 'percent', 'higher_is_better', 80, 40, 'off_track'),
  indicator(4, 'จำนวนหมู่บ้านที่จัดเวทีประชาคม', 'count', 'higher_is_better', null, 12, 'no_target'),
  indicator(5, 'ร้อยละของโครงการที่ประชาชนประเมินว่าตรงกับความต้องการ', 'percent', 'higher_is_better', 70, null, 'no_data'),
];

function data(over: Partial<AnnualReportData> = {}, dash: Partial<Dashboard> = {}): AnnualReportData {
  const fy = over.fiscalYear ?? 2568;
  const period = fiscalYearPeriod(fy);
  const asOf = over.asOf ?? period.end;
  const d: Dashboard = {
    province: { code: '96', level: 1, nameTh: 'นราธิวาส', nameEn: 'Narathiwat' },
    area: { code: '96', level: 1, nameTh: 'นราธิวาส', nameEn: 'Narathiwat' },
    path: [],
    fiscalYear: fy,
    quarter: 4,
    asOf: asOf.toISOString(),
    targetList: null,
    indicators: INDICATORS,
    incidentsByQuarter: { quarters: [], series: [] },
    totals: { incidents: 0, incidentsPrevious: 0, targetAreas: 0, coveredTargetAreas: 0, projects: 0, budgetBaht: 0, lateReports: 0 },
    targetAreas: [],
    children: [],
    agencies: [],
    lateReports: [],
    ...dash,
  };
  return {
    dashboard: d, provinceCode: '96', provinceTh: 'นราธิวาส', fiscalYear: fy, period, asOf, yearEnded: asOf >= period.end,
    viewer: { username: 'analyst', displayName: 'นักวิเคราะห์', seesRestricted: true, partial: false },
    categoryLabels: new Map(), targets: [], projects: [], threats: [], threatQuarters: 4, agencies: [], map: [],
    evaluation: null, now: new Date('2025-10-05T03:00:00Z'),
    ...over,
  };
}

async function textOf(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'comap-annual-unit-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const compact = (t: string) => t.replace(/\s+/g, '');

test('indicators print against their targets with the status in words, in the table, the chart and the summary', async () => {
  const text = await textOf(await annualReportPdf(data()));
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(flat.includes('ตัวชี้วัด 5 ตัวชี้วัด ณ สิ้นปีงบประมาณ (ไตรมาสที่ 4): ตามเป้าหมาย 1 ตัวชี้วัด เฝ้าระวัง 1 ตัวชี้วัด ต่ำกว่าเป้าหมาย 1 ตัวชี้วัด ไม่ได้กำหนดเป้าหมาย 1 ตัวชี้วัด ไม่มีข้อมูล 1 ตัวชี้วัด'), flat);
  // Table rows: number, name, unit, target, value, status.
  assert.match(flat, /1 ร้อยละของพื้นที่เป้าหมายที่มี\S* .*ร้อยละ 80 75 เฝ้าระวัง/);
  assert.match(flat, /ร้อยละ -10 -35 ตามเป้าหมาย/, 'a negative change against a negative target');
  assert.match(flat, /จำนวนหมู่บ้านที่จัดเวทีประชาคม จำนวน - 12 ไม่ได้กำหนดเป้าหมาย/);
  assert.match(flat, /ร้อยละ 70 - ไม่มีข้อมูล ยังไม่ได้คำนวณ/);
  // The chart: the figures under each bar and the status beside it.
  for (const f of ['ผล 75 % / เป้าหมาย 80 %', 'ผล -35 % / เป้าหมาย -10 %', 'ผล 40 % / เป้าหมาย 80 %', 'ผล 12 / เป้าหมาย ไม่ได้กำหนด', 'ผล ไม่มีข้อมูล / เป้าหมาย 70 %']) assert.ok(flat.includes(f), f);
  // The summary names those to speed up, and the notes carry each rule.
  assert.ok(compact(text).includes(compact('ตัวชี้วัดที่ผลการดำเนินงานตามเป้าหมาย 1 จาก 5 ตัวชี้วัด ตัวชี้วัดที่ต้องเร่งรัด ได้แก่ ร้อยละของพื้นที่เป้าหมายที่มีโครงการดำเนินการ (เฝ้าระวัง), ร้อยละของโครงการที่ดำเนินการแล้วเสร็จ (ต่ำกว่าเป้าหมาย)')));
  assert.ok(compact(text).includes(compact('ตัวชี้วัด "ร้อยละของพื้นที่เป้าหมายที่มีโครงการดำเนินการ": ตามเป้าหมายเมื่อ ≥ 80 %, เฝ้าระวังเมื่อ 70 ถึงต่ำกว่า 80 %')));
  // No target list this year.
  assert.ok(compact(text).includes(compact('ปีงบประมาณนี้ยังไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศใช้')));
  assert.ok(flat.includes('ปีงบประมาณ พ.ศ. 2568 ยังไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศใช้'));
  assert.ok(flat.includes('จังหวัดนราธิวาส'));
});

test('the people’s evaluation section waits for issue 5, and prints its figures once there are some', async () => {
  const empty = (await textOf(await annualReportPdf(data()))).replace(/\s+/g, ' ');
  assert.ok(empty.includes(`6. ผลการประเมินจากประชาชน ${NO_EVALUATION_TH}`));
  const filled = (await textOf(await annualReportPdf(data({
    evaluation: { responses: 1250, rows: [{ labelTh: 'ต.บาเจาะ อ.บาเจาะ', responses: 800, satisfied: 0.725 }, { labelTh: 'ต.ตากใบ อ.ตากใบ', responses: 450, satisfied: null }] },
  })))).replace(/\s+/g, ' ');
  assert.ok(!filled.includes(NO_EVALUATION_TH));
  assert.ok(filled.includes('ประชาชนให้ความเห็นต่อโครงการ 1,250 ความเห็น'));
  assert.match(filled, /ต\.บาเจาะ อ\.บาเจาะ 800 72\.5/);
  assert.match(filled, /ต\.ตากใบ อ\.ตากใบ 450 -/);
});

test('a year under way says so on the cover, in the running header and in the notes', async () => {
  const period = fiscalYearPeriod(2569);
  const asOf = new Date('2026-02-10T05:30:00Z');
  const text = (await textOf(await annualReportPdf(data({ fiscalYear: 2569, asOf, yearEnded: false, threatQuarters: 2, period })))).replace(/\s+/g, ' ');
  assert.ok(text.includes('รายงานระหว่างปี: ปีงบประมาณ พ.ศ. 2569 ยังไม่สิ้นสุด ตัวเลขเป็นข้อมูลถึงวันที่ 10 กุมภาพันธ์ 2569 12:30 น.'), text);
  assert.ok(text.includes('ข้อมูลถึงวันที่ 10 ก.พ. 2569 (ระหว่างปี)'));
  assert.ok(text.includes('ตัวเลขทั้งหมดนับถึงวันที่ 10 กุมภาพันธ์ 2569 12:30 น.'));
});

test('the workbook lists the indicators with Thai units, directions and statuses', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await annualReportXlsx(data())) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET_NAMES.indicators)!;
  const row = (n: number) => Array.from({ length: 9 }, (_, i) => ws.getCell(n, i + 1).value ?? null);
  assert.deepEqual(row(4).slice(0, 7), ['รหัส (code)', 'ตัวชี้วัด', 'หน่วยนับ', 'ทิศทางที่ดี', 'ค่าเป้าหมาย', 'ผลการดำเนินงาน', 'สถานะ']);
  assert.deepEqual(row(5).slice(0, 7), ['i1', 'ร้อยละของพื้นที่เป้าหมายที่มีโครงการดำเนินการ', 'ร้อยละ', 'ยิ่งสูงยิ่งดี', 80, 75, 'เฝ้าระวัง']);
  assert.deepEqual(row(6).slice(2, 7), ['ร้อยละ', 'ยิ่งต่ำยิ่งดี', -10, -35, 'ตามเป้าหมาย']);
  assert.deepEqual(row(9).slice(4, 8), [70, null, 'ไม่มีข้อมูล', 'ยังไม่ได้คำนวณตัวชี้วัดของไตรมาสนี้']);
  const ev = wb.getWorksheet(SHEET_NAMES.evaluation)!;
  assert.equal(ev.getCell(5, 1).value, NO_EVALUATION_TH);
});

test('changes are said in words with the share of last year, and a rise from nothing says so', () => {
  assert.equal(changeText(10, 7), 'ลดลง 3 ครั้ง (ร้อยละ 30.0)');
  assert.equal(changeText(4, 5), 'เพิ่มขึ้น 1 ครั้ง (ร้อยละ 25.0)');
  assert.equal(changeText(0, 3), 'เพิ่มขึ้น 3 ครั้ง (ปีก่อนไม่มี)');
  assert.equal(changeText(6, 6), 'เท่าเดิม');
});
