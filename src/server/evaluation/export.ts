/**
 * Downloads of the people's evaluation of a fiscal year: CSV (UTF-8 with a byte-order mark, so
 * Excel shows Thai) and XLSX (the lines with shares as real percentages, and a sheet of the
 * snapshots: state, minimum of answers, when computed and closed). Thai headers, one row per line
 * of every snapshot. Pure: lines in, bytes out.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '../../shared/fiscal.ts';
import type { EvaluationLine, EvaluationSnapshotInfo } from '../../shared/feedback-types.ts';
import { DIMENSION_LABELS, periodLabel, STATE_LABELS } from '../../shared/evaluation-lines.ts';

/** A line of one snapshot, with its period. */
export interface ExportLine extends EvaluationLine {
  fiscalYear: number;
  quarter: number;
  state: 'provisional' | 'closed';
}

export interface ExportInfo {
  provinceTh: string;
  fiscalYear: number;
  snapshots: EvaluationSnapshotInfo[];
  exportedBy: string;
  now: Date;
  /** The viewer sees only the lines of their areas. */
  partial: boolean;
}

export const LINES_SHEET = 'ผลการประเมิน';
export const SNAPSHOTS_SHEET = 'งวดการประเมิน';
export const TOO_FEW_TH = 'น้อยเกินกว่าจะสรุปได้';

/** The columns of the lines, in the order of both files. */
export const EXPORT_HEADERS = [
  'งวด', 'ปีงบประมาณ', 'ไตรมาส (0 = ทั้งปี)', 'สถานะ', 'มิติ', 'รหัส', 'รายการ', 'รายการ (อังกฤษ)',
  'จำนวนความเห็น', 'ตรงกับความต้องการ', 'ตรงบางส่วน', 'ไม่ตรง', 'ร้อยละที่เห็นว่าตรงกับความต้องการ', 'จำนวนที่ให้คะแนน', 'คะแนนเฉลี่ย (1-5)', 'หมายเหตุ',
] as const;

type Cell = string | number | null;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The cells of one line; the share is 0..1 in XLSX (formatted as a percentage) and a percentage in CSV. */
function cells(l: ExportLine, share: 'fraction' | 'percent'): Cell[] {
  return [
    periodLabel(l.fiscalYear, l.quarter).th, l.fiscalYear, l.quarter, STATE_LABELS[l.state].th, DIMENSION_LABELS[l.dimension].th, l.key, l.labelTh, l.labelEn,
    l.answers, l.yes, l.partly, l.no,
    l.shareMeets == null ? null : share === 'fraction' ? l.shareMeets : round(l.shareMeets * 100, 1),
    l.rated, l.meanRating == null ? null : round(l.meanRating, 2), l.tooFew ? TOO_FEW_TH : '',
  ];
}

/** A cell that starts like a formula (= + - @) gets an apostrophe, so a spreadsheet shows it as text and never runs it. */
function csvCell(v: Cell): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The lines as CSV text, starting with a byte-order mark; shares as percentages with one decimal. */
export function evaluationCsv(lines: readonly ExportLine[]): string {
  const rows = [[...EXPORT_HEADERS], ...lines.map((l) => cells(l, 'percent'))];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const WIDTHS = [26, 10, 10, 22, 16, 14, 48, 40, 12, 12, 12, 10, 16, 12, 12, 20];

/** The lines and the snapshots of a fiscal year as an XLSX workbook. */
export async function evaluationXlsx(lines: readonly ExportLine[], info: ExportInfo): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'COMAP';
  wb.created = info.now;
  const title = `ผลการประเมินโครงการโดยประชาชน จังหวัด${info.provinceTh} ปีงบประมาณ ${info.fiscalYear}`;
  const printed = `ส่งออกเมื่อ ${formatDate(info.now, 'th', { long: true, time: true })} โดย ${info.exportedBy}${info.partial ? ' (เฉพาะพื้นที่ในความรับผิดชอบของผู้ส่งออก)' : ''}`;

  const ws = wb.addWorksheet(LINES_SHEET, { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([printed]);
  ws.addRow([]);
  const header = ws.addRow([...EXPORT_HEADERS]);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E4E4' } }));
  for (const l of lines) ws.addRow(cells(l, 'fraction'));
  if (!lines.length) ws.addRow(['ยังไม่มีผลการประเมินของปีงบประมาณนี้']);
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(6).numFmt = '@';
  for (const c of [9, 10, 11, 12, 14]) ws.getColumn(c).numFmt = '#,##0';
  ws.getColumn(13).numFmt = '0.0%';
  ws.getColumn(15).numFmt = '0.00';

  const ss = wb.addWorksheet(SNAPSHOTS_SHEET, { views: [{ state: 'frozen', ySplit: 4 }] });
  ss.addRow([title]).font = { bold: true, size: 14 };
  ss.addRow([printed]);
  ss.addRow([]);
  const h2 = ss.addRow(['งวด', 'สถานะ', 'จำนวนความเห็น', 'เกณฑ์ขั้นต่ำ (ความเห็น)', 'คำนวณเมื่อ', 'ปิดงวดเมื่อ']);
  h2.font = { bold: true };
  h2.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E4E4' } }));
  for (const s of info.snapshots) {
    ss.addRow([
      periodLabel(s.fiscalYear, s.quarter).th, STATE_LABELS[s.state].th, s.answers, s.minAnswers,
      formatDate(new Date(s.computedAt), 'th', { time: true }), s.closedAt ? formatDate(new Date(s.closedAt), 'th', { time: true }) : '',
    ]);
  }
  if (!info.snapshots.length) ss.addRow(['ยังไม่มีผลการประเมินของปีงบประมาณนี้']);
  [26, 24, 14, 18, 22, 22].forEach((w, i) => (ss.getColumn(i + 1).width = w));
  ss.getColumn(3).numFmt = '#,##0';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
