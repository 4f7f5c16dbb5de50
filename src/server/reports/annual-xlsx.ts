/**
 * The annual report as an XLSX workbook: the same figures as the PDF, one sheet per part, for
 * officials who rework them. Each sheet has a Thai title and the cut-off date on top, Thai
 * headers (codes in brackets where a machine reads them), frozen header rows, baht as #,##0.00
 * and shares as real percentages (0.25 shown as 25.0%), so sums and charts in Excel just work.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '../../shared/fiscal.ts';
import { PROJECT_STATUSES } from '../../shared/project-types.ts';
import type { AnnualReportData } from './annual-service.ts';
import { annualTitle, areaLabel, DIRECTION_TH, INDICATOR_STATUS_TH, unitOf, lastDayCounted, NO_EVALUATION_TH, STATUS_TH, targetName } from './annual-report.ts';

export const SHEET_NAMES = {
  summary: 'สรุป',
  indicators: 'ตัวชี้วัด',
  threats: 'ภัยคุกคาม',
  districts: 'ภัยคุกคามรายอำเภอ',
  targets: 'พื้นที่เป้าหมาย',
  projects: 'โครงการ',
  agencies: 'หน่วยงาน',
  evaluation: 'การประเมิน',
} as const;

const BAHT = '#,##0.00';
const COUNT = '#,##0';
const PERCENT = '0.0%';
/** Rows above the header: title, cut-off, blank. The header is row 4. */
const HEADER_ROW = 4;

type Cell = string | number | null;
interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The annual report as an XLSX workbook. */
export async function annualReportXlsx(data: AnnualReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'COMAP';
  wb.created = data.now;
  const d = data.dashboard;
  const title = `${annualTitle(data.fiscalYear)} จังหวัด${data.provinceTh}`;
  const cutOff = data.yearEnded
    ? `ข้อมูลถึงวันที่ ${lastDayCounted(data.asOf)}`
    : `รายงานระหว่างปี ข้อมูลถึงวันที่ ${formatDate(data.asOf, 'th', { long: true, time: true })}`;
  const rights = data.viewer.seesRestricted ? 'นับรวมเหตุการณ์ชั้นความลับ ใช้ภายในราชการเท่านั้น' : 'ไม่นับรวมเหตุการณ์ชั้นความลับ';

  const sheet = (name: string, part: string, columns: Column[], rows: Cell[][], empty?: string) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${title}: ${part}`]).font = { bold: true, size: 14 };
    ws.addRow([`${cutOff} (${rights}${data.viewer.partial ? ' เฉพาะพื้นที่ในความรับผิดชอบของผู้พิมพ์' : ''}) พิมพ์เมื่อ ${formatDate(data.now, 'th', { long: true, time: true })} โดย ${data.viewer.username}`]);
    ws.addRow([]);
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E4E4' } }));
    for (const r of rows) ws.addRow(r);
    if (!rows.length && empty) ws.addRow([empty]);
    columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width;
      if (c.numFmt) col.numFmt = c.numFmt;
    });
    ws.views = [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }];
    return ws;
  };

  // สรุป
  const t = d.totals;
  const spent = data.agencies.reduce((s, a) => s + a.spentBaht, 0);
  const budget = data.projects.reduce((s, p) => s + p.budgetBaht, 0);
  const summary: Array<[string, Cell, string?]> = [
    ['จังหวัด', data.provinceTh],
    ['ปีงบประมาณ (พ.ศ.)', data.fiscalYear],
    ['บัญชีพื้นที่เป้าหมาย', d.targetList ? `ฉบับที่ ${d.targetList.version}${d.targetList.referenceNumber ? ` คำสั่งเลขที่ ${d.targetList.referenceNumber}` : ''}` : 'ยังไม่มีบัญชีที่ประกาศใช้'],
    ['เหตุการณ์ในปีงบประมาณ (ครั้ง)', t.incidents, COUNT],
    ['เหตุการณ์ช่วงเดียวกันของปีก่อน (ครั้ง)', t.incidentsPrevious, COUNT],
    ['การเปลี่ยนแปลง (ร้อยละ)', share(t.incidents - t.incidentsPrevious, t.incidentsPrevious), PERCENT],
    ['พื้นที่เป้าหมาย', t.targetAreas, COUNT],
    ['พื้นที่เป้าหมายที่มีโครงการ', t.coveredTargetAreas, COUNT],
    ['พื้นที่เป้าหมายที่ยังไม่มีโครงการ', t.targetAreas - t.coveredTargetAreas, COUNT],
    ['ร้อยละของพื้นที่เป้าหมายที่มีโครงการ', share(t.coveredTargetAreas, t.targetAreas), PERCENT],
    ['โครงการ', t.projects, COUNT],
    ['งบประมาณโครงการ (บาท)', budget, BAHT],
    ['ใช้จ่ายแล้ว (บาท)', spent, BAHT],
    ['ร้อยละการใช้จ่าย', share(spent, budget), PERCENT],
    ['รายงานความก้าวหน้าล่าช้า', t.lateReports, COUNT],
    ['ตัวชี้วัดที่เป็นไปตามเป้าหมาย', d.indicators.filter((i) => i.status === 'on_track').length, COUNT],
    ['ตัวชี้วัดทั้งหมด', d.indicators.length, COUNT],
  ];
  const ws = sheet(SHEET_NAMES.summary, 'สรุปผู้บริหาร', [{ header: 'รายการ', width: 44 }, { header: 'ค่า', width: 26 }], summary.map(([k, v]) => [k, v]));
  summary.forEach(([, , fmt], i) => {
    if (fmt) ws.getCell(HEADER_ROW + 1 + i, 2).numFmt = fmt;
  });

  // ตัวชี้วัด
  sheet(SHEET_NAMES.indicators, 'ตัวชี้วัดเทียบค่าเป้าหมาย', [
    { header: 'รหัส (code)', width: 14 }, { header: 'ตัวชี้วัด', width: 44 }, { header: 'หน่วยนับ', width: 12 },
    { header: 'ทิศทางที่ดี', width: 14 }, { header: 'ค่าเป้าหมาย', width: 14, numFmt: '#,##0.00' },
    { header: 'ผลการดำเนินงาน', width: 16, numFmt: '#,##0.00' }, { header: 'สถานะ', width: 22 }, { header: 'เหตุผล', width: 36 },
    { header: 'เกณฑ์', width: 40 },
  ], d.indicators.map((i) => [i.code, i.nameTh, unitOf(i.unit).word, DIRECTION_TH[i.direction] ?? i.direction, i.target, i.value, INDICATOR_STATUS_TH[i.status], i.reason, i.ruleTh]),
  `ยังไม่มีผลตัวชี้วัดของปีงบประมาณ พ.ศ. ${data.fiscalYear} ในระบบ`);

  // ภัยคุกคาม
  const prevFy = data.fiscalYear - 1;
  sheet(SHEET_NAMES.threats, 'สถานการณ์ภัยคุกคามจำแนกตามประเภท', [
    { header: 'ประเภทภัยคุกคาม', width: 34 }, { header: 'รหัส (category)', width: 16 },
    ...[1, 2, 3, 4].map((q) => ({ header: `ปี ${prevFy} ไตรมาส ${q}`, width: 11, numFmt: COUNT })),
    ...[1, 2, 3, 4].map((q) => ({ header: `ปี ${data.fiscalYear} ไตรมาส ${q}`, width: 11, numFmt: COUNT })),
    { header: `รวมปี ${prevFy} (ช่วงเดียวกัน)`, width: 14, numFmt: COUNT }, { header: `รวมปี ${data.fiscalYear}`, width: 12, numFmt: COUNT },
    { header: 'เปลี่ยนแปลง (ครั้ง)', width: 12, numFmt: '+#,##0;-#,##0;0' }, { header: 'เปลี่ยนแปลง (ร้อยละ)', width: 12, numFmt: PERCENT },
  ], data.threats.map((x) => [
    x.labelTh, x.category,
    ...[0, 1, 2, 3].map((k) => x.previousByQuarter[k] ?? 0),
    ...[0, 1, 2, 3].map((k) => (k < data.threatQuarters ? x.currentByQuarter[k] ?? 0 : null)),
    x.previous, x.current, x.current - x.previous, share(x.current - x.previous, x.previous),
  ]), 'ไม่มีเหตุการณ์ในช่วงเวลาที่รายงาน');

  sheet(SHEET_NAMES.districts, 'เหตุการณ์และพื้นที่เป้าหมายรายอำเภอ', [
    { header: 'รหัสอำเภอ', width: 10 }, { header: 'อำเภอ', width: 24 }, { header: `เหตุการณ์ปี ${prevFy}`, width: 12, numFmt: COUNT },
    { header: `เหตุการณ์ปี ${data.fiscalYear}`, width: 12, numFmt: COUNT }, { header: 'เปลี่ยนแปลง (ร้อยละ)', width: 12, numFmt: PERCENT },
    { header: 'พื้นที่เป้าหมาย', width: 12, numFmt: COUNT }, { header: 'มีโครงการ', width: 12, numFmt: COUNT },
    { header: 'โครงการ', width: 10, numFmt: COUNT }, { header: 'งบประมาณ (บาท)', width: 18, numFmt: BAHT },
  ], d.children.map((c) => [c.code, c.nameTh, c.incidentsPrevious, c.incidents, share(c.incidents - c.incidentsPrevious, c.incidentsPrevious), c.targetAreas, c.coveredTargetAreas, c.projects, c.budgetBaht]));

  // พื้นที่เป้าหมาย
  const projectById = new Map(data.projects.map((p) => [p.id, p]));
  const subNames = new Map(data.map.filter((f) => f.level === 3).map((f) => [f.code, f.nameTh]));
  sheet(SHEET_NAMES.targets, 'พื้นที่เป้าหมายและโครงการ', [
    { header: 'ลำดับ', width: 7 }, { header: 'รหัสพื้นที่ (code)', width: 12 }, { header: 'ระดับ', width: 9 }, { header: 'พื้นที่เป้าหมาย', width: 36 },
    { header: 'อำเภอ', width: 18 }, { header: 'ประเด็นปัญหา', width: 30 }, { header: `เหตุการณ์ปี ${prevFy}`, width: 12, numFmt: COUNT },
    { header: `เหตุการณ์ปี ${data.fiscalYear}`, width: 12, numFmt: COUNT }, { header: 'จำนวนโครงการ', width: 10, numFmt: COUNT },
    { header: 'ส่วนแบ่งงบประมาณ (บาท)', width: 18, numFmt: BAHT }, { header: 'ความครอบคลุม', width: 18 }, { header: 'โครงการ', width: 60 },
  ], data.targets.map((x) => [
    x.no, x.code, x.level === 4 ? 'หมู่บ้าน' : 'ตำบล', targetName(x, subNames.get(x.code.slice(0, 6))), x.districtTh,
    x.categories.map((c) => data.categoryLabels.get(c) ?? c).join(', '),
    x.level === 3 ? x.incidentsPrevious : null, x.level === 3 ? x.incidents : null, x.projects, x.budgetBaht,
    x.projects > 0 ? 'มีโครงการ' : 'ยังไม่มีโครงการรองรับ',
    x.projectIds.map((id) => projectById.get(id)!.title).join('; '),
  ]), d.targetList ? 'ไม่มีพื้นที่เป้าหมายในขอบเขตของรายงาน' : 'ยังไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศใช้');

  // โครงการ
  sheet(SHEET_NAMES.projects, 'โครงการ', [
    { header: 'รหัสโครงการ (COMAP)', width: 10 }, { header: 'ชื่อโครงการ', width: 44 }, { header: 'หน่วยงาน', width: 30 },
    { header: 'รหัสหน่วยงาน', width: 14 }, { header: 'สถานะ', width: 18 }, { header: 'งบประมาณ (บาท)', width: 18, numFmt: BAHT },
    { header: 'ใช้จ่ายแล้ว (บาท)', width: 18, numFmt: BAHT }, { header: 'ร้อยละการใช้จ่าย', width: 12, numFmt: PERCENT },
    { header: 'ความก้าวหน้า (ร้อยละ)', width: 12, numFmt: PERCENT }, { header: 'รายงานล่าสุด', width: 22 },
    { header: 'พื้นที่ดำเนินการ', width: 40 }, { header: 'รหัสพื้นที่', width: 24 }, { header: 'พื้นที่เป้าหมายที่รองรับ', width: 24 },
  ], data.projects.map((p) => [
    p.id, p.title, p.agencyTh, p.agencyCode, STATUS_TH[p.status], p.budgetBaht, p.spentBaht, p.spentBaht == null ? null : share(p.spentBaht, p.budgetBaht),
    p.percentDone == null ? null : p.percentDone / 100,
    p.lastReport ? `ไตรมาส ${p.lastReport.quarter}/${p.lastReport.fiscalYear}` : 'ยังไม่ได้รายงาน',
    p.areas.map(areaLabel).join(', '), p.areas.map((a) => a.code).join(', '), p.targetCodes.join(', ') || (p.status === 'cancelled' ? '-' : 'นอกพื้นที่เป้าหมาย'),
  ]), 'ยังไม่มีโครงการในปีงบประมาณนี้');

  // หน่วยงาน
  sheet(SHEET_NAMES.agencies, 'ผลการดำเนินงานของหน่วยงาน', [
    { header: 'รหัสหน่วยงาน', width: 14 }, { header: 'หน่วยงาน', width: 36 }, { header: 'โครงการ', width: 10, numFmt: COUNT },
    ...PROJECT_STATUSES.map((s) => ({ header: STATUS_TH[s], width: 12, numFmt: COUNT })),
    { header: 'งบประมาณ (บาท)', width: 18, numFmt: BAHT }, { header: 'ใช้จ่ายแล้ว (บาท)', width: 18, numFmt: BAHT },
    { header: 'ร้อยละการใช้จ่าย', width: 12, numFmt: PERCENT }, { header: 'รายงานล่าช้า', width: 12, numFmt: COUNT },
  ], data.agencies.map((a) => [
    a.code, a.nameTh, a.projects, ...PROJECT_STATUSES.map((s) => a.byStatus[s]), a.budgetBaht, a.spentBaht, share(a.spentBaht, a.budgetBaht), a.lateReports,
  ]), 'ยังไม่มีโครงการของหน่วยงานในปีงบประมาณนี้');

  // การประเมิน
  sheet(SHEET_NAMES.evaluation, 'ผลการประเมินจากประชาชน', [
    { header: 'อำเภอ / หน่วยงาน', width: 44 }, { header: 'จำนวนความเห็น', width: 14, numFmt: COUNT },
    { header: 'ร้อยละที่เห็นว่าตรงกับความต้องการ', width: 20, numFmt: PERCENT },
  ], (data.evaluation?.rows ?? []).map((r) => [r.labelTh, r.responses, r.satisfied]), NO_EVALUATION_TH);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
