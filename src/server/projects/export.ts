/**
 * Project spreadsheets written by COMAP: the export of a list of projects (CSV and XLSX) and the
 * import template. Both use the importer's columns and words (import-columns.ts), so an exported
 * file re-imports unchanged; the export adds reading columns (COMAP number, agency and area
 * names, latest progress, money spent, late reports) that the importer accepts and ignores.
 * Pure: projects in, bytes out.
 */
import ExcelJS from 'exceljs';
import { BE_OFFSET, formatDate, formatFiscalYear } from '../../shared/fiscal.ts';
import type { PlannedOutput, Project, PublicField } from '../../shared/project-types.ts';
import {
  BUDGET_SOURCE_TH, COLUMNS, EXPORT_ONLY_FIELDS, IMPORT_FIELDS, NO_PUBLIC_FIELDS_TH, NO_TH, ORIGIN_TH, PUBLIC_FIELD_TH,
  REQUIRED_FIELDS, STATUS_TH, VISIBILITY_TH, YES_TH, type ColumnKey, type ImportField,
} from './import-columns.ts';

export type SheetValue = string | number | null;

/** A category as the export names it. */
export interface CategoryLabel {
  code: string;
  labelTh: string;
}

/** The name of the sheet that holds the projects (the importer looks for it first). */
export const PROJECT_SHEET = 'โครงการ';
export const HELP_SHEET = 'คำอธิบาย';

export const EXPORT_COLUMNS: readonly ColumnKey[] = [...IMPORT_FIELDS, ...EXPORT_ONLY_FIELDS];

/** "2024-10-01" as "1/10/2567", the way Thai offices write a date. */
export function thaiDayMonthYear(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}/${m}/${y + BE_OFFSET}`;
}

/** Planned outputs as "name:unit:target; ...". */
export function outputsText(outputs: readonly PlannedOutput[]): string {
  return outputs.map((o) => `${o.name}:${o.unit}:${o.target}`).join('; ');
}

function publicFieldsText(fields: readonly PublicField[]): string {
  return fields.length ? fields.map((f) => PUBLIC_FIELD_TH[f]).join(', ') : NO_PUBLIC_FIELDS_TH;
}

/**
 * Names categories by their Thai label, which reads back to the same code, except where a label
 * would not survive the trip (it holds a list separator, or two categories share it): there the
 * code is written.
 */
export function categoryNamer(categories: readonly CategoryLabel[]): (code: string) => string {
  const count = new Map<string, number>();
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const codes = new Set(categories.map((c) => key(c.code)));
  for (const c of categories) count.set(key(c.labelTh), (count.get(key(c.labelTh)) ?? 0) + 1);
  const byCode = new Map(categories.map((c) => [c.code, c.labelTh]));
  return (code) => {
    const label = byCode.get(code);
    if (!label || /[,;\n\r]/.test(label) || count.get(key(label))! > 1 || (codes.has(key(label)) && key(label) !== key(code))) return code;
    return label;
  };
}

/** The cells of one project, in EXPORT_COLUMNS order. */
export function projectCells(p: Project, categoryName: (code: string) => string): SheetValue[] {
  const v: Record<ColumnKey, SheetValue> = {
    external_id: p.externalId ?? '',
    agency: p.agency.code,
    fiscal_year: p.fiscalYear,
    title: p.title,
    objectives: p.objectives,
    budget: p.budgetBaht,
    budget_source: BUDGET_SOURCE_TH[p.budgetSource],
    categories: p.categories.map(categoryName).join('; '),
    areas: p.areas.map((a) => a.code).join('; '),
    start_date: thaiDayMonthYear(p.startDate),
    end_date: thaiDayMonthYear(p.endDate),
    status: STATUS_TH[p.status],
    responsible: p.responsibleName,
    phone: p.responsiblePhone,
    visibility: VISIBILITY_TH[p.visibility],
    public_fields: publicFieldsText(p.publicFields),
    outputs: outputsText(p.plannedOutputs),
    origin: ORIGIN_TH[p.origin],
    seeking_support: p.seekingSupport ? YES_TH : NO_TH,
    support_needs: p.supportNeeds,
    comap_id: p.id,
    agency_name: p.agency.nameTh,
    area_names: p.areas.map((a) => a.nameTh).join('; '),
    percent_done: p.percentDone,
    spent: p.spentBaht,
    late_reports: p.lateReports.map((r) => `ไตรมาส ${r.quarter}/${r.fiscalYear}`).join('; '),
  };
  return EXPORT_COLUMNS.map((k) => v[k]);
}

/**
 * A cell that starts like a formula (= + - @) gets an apostrophe, so that a spreadsheet shows
 * it as text and never runs it; the importer takes the apostrophe off again.
 */
export function csvCell(v: SheetValue): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: SheetValue[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const headers = (keys: readonly ColumnKey[]) => keys.map((k) => COLUMNS[k].th);

/** Projects as CSV (UTF-8 with a byte-order mark, so Excel shows Thai), one per row. */
export function projectsCsv(projects: readonly Project[], categories: readonly CategoryLabel[]): string {
  const name = categoryNamer(categories);
  return csv([headers(EXPORT_COLUMNS), ...projects.map((p) => projectCells(p, name))]);
}

const WIDTHS: Partial<Record<ColumnKey, number>> = {
  external_id: 16, agency: 14, fiscal_year: 10, title: 40, objectives: 40, budget: 16, budget_source: 14, categories: 30, areas: 22,
  start_date: 12, end_date: 12, status: 16, responsible: 20, phone: 14, visibility: 10, public_fields: 30, outputs: 34, origin: 12,
  seeking_support: 12, support_needs: 30, comap_id: 10, agency_name: 30, area_names: 30, percent_done: 12, spent: 16, late_reports: 22,
};
/** Columns kept as text in Excel: a reference or a phone number must not turn into a number. */
const TEXT_COLUMNS: readonly ColumnKey[] = ['external_id', 'agency', 'areas', 'start_date', 'end_date', 'phone'];

function projectSheet(wb: ExcelJS.Workbook, keys: readonly ColumnKey[], rows: SheetValue[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(PROJECT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(headers(keys));
  header.font = { bold: true };
  keys.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    col.width = WIDTHS[k] ?? 14;
    if (TEXT_COLUMNS.includes(k)) col.numFmt = '@';
    if (k === 'budget' || k === 'spent') col.numFmt = '#,##0.00';
    if ((EXPORT_ONLY_FIELDS as readonly string[]).includes(k)) {
      header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    } else if ((REQUIRED_FIELDS as readonly string[]).includes(k)) {
      header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    }
  });
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  return ws;
}

/** The sheet that explains every column: header, English name, required or not, what it holds. */
function helpSheet(wb: ExcelJS.Workbook, keys: readonly ColumnKey[], categories: readonly CategoryLabel[], agencies: readonly AgencyLabel[]): void {
  const ws = wb.addWorksheet(HELP_SHEET);
  ws.addRow(['คำอธิบายคอลัมน์ของแบบฟอร์มนำเข้าโครงการ (Project import columns)']).font = { bold: true, size: 14 };
  ws.addRow([
    'กรอกโครงการในแผ่นงาน "โครงการ" หนึ่งแถวต่อหนึ่งโครงการ แถวแรกเป็นหัวคอลัมน์ ระบบตรวจทุกแถวก่อน ถ้ามีข้อผิดพลาดแม้แถวเดียว จะไม่บันทึกข้อมูลใดเลย และแจ้งแถวและคอลัมน์ที่ต้องแก้ไข',
  ]);
  ws.addRow(['Fill in the sheet "โครงการ", one project per row under the header. Every row is checked first: if any row is wrong, nothing is stored and every problem is listed by row and column.']);
  ws.addRow([]);
  const head = ws.addRow(['หัวคอลัมน์ (header)', 'ชื่อภาษาอังกฤษ (English name)', 'ต้องระบุ (required)', 'คำอธิบาย', 'Description', 'ตัวอย่าง (example)']);
  head.font = { bold: true };
  for (const k of keys) {
    const c = COLUMNS[k];
    const exportOnly = (EXPORT_ONLY_FIELDS as readonly string[]).includes(k);
    const required = (REQUIRED_FIELDS as readonly string[]).includes(k);
    ws.addRow([c.th, k, exportOnly ? 'ระบบไม่อ่าน (ignored)' : required ? 'ต้องระบุ (yes)' : 'ไม่บังคับ (no)', c.helpTh, c.helpEn, c.example]);
  }
  ws.addRow([]);
  ws.addRow(['ประเด็นปัญหาที่ใช้ได้ (categories)']).font = { bold: true };
  ws.addRow(['ชื่อ (label)', 'รหัส (code)']).font = { bold: true };
  for (const c of categories) ws.addRow([c.labelTh, c.code]);
  if (agencies.length) {
    ws.addRow([]);
    ws.addRow(['หน่วยงาน (agencies)']).font = { bold: true };
    ws.addRow(['ชื่อหน่วยงาน (name)', 'รหัส (code)']).font = { bold: true };
    for (const a of agencies) ws.addRow([a.nameTh, a.code]);
  }
  [28, 24, 20, 70, 60, 36].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
}

export interface AgencyLabel {
  code: string;
  nameTh: string;
}

/** What the export says about itself on its information sheet. */
export interface ExportInfo {
  /** The filters as the user gave them, e.g. [["ปีงบประมาณ", "2568"]]. */
  filters: Array<[string, string]>;
  exportedBy: string;
  now?: Date;
}

/** Projects as an XLSX workbook: the projects sheet (importable as it is), the column help and the export's details. */
export async function projectsXlsx(projects: readonly Project[], categories: readonly CategoryLabel[], info: ExportInfo): Promise<Buffer> {
  const now = info.now ?? new Date();
  const name = categoryNamer(categories);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'COMAP';
  wb.created = now;
  projectSheet(wb, EXPORT_COLUMNS, projects.map((p) => projectCells(p, name)));
  helpSheet(wb, EXPORT_COLUMNS, categories, []);
  const ws = wb.addWorksheet('ข้อมูลการส่งออก');
  ws.addRow(['ทะเบียนแผนงานโครงการ (COMAP)']).font = { bold: true, size: 14 };
  ws.addRow(['ส่งออกเมื่อ', formatDate(now, 'th', { long: true, time: true })]);
  ws.addRow(['ส่งออกโดย', info.exportedBy]);
  ws.addRow(['จำนวนโครงการ', projects.length]);
  for (const [k, v] of info.filters) ws.addRow([k, v]);
  ws.addRow([]);
  ws.addRow(['แก้ไขแผ่นงาน "โครงการ" แล้วนำเข้าอีกครั้งเพื่อปรับปรุงโครงการ: แถวที่มีรหัสโครงการจะปรับปรุงโครงการเดิม แถวที่ไม่มีรหัสโครงการจะเพิ่มเป็นโครงการใหม่ คอลัมน์สีเทาเป็นข้อมูลประกอบ ระบบไม่อ่านตอนนำเข้า']);
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 40;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The example project of the template. */
export interface TemplateExample {
  agencyCode: string;
  fiscalYear: number;
  /** Sub-districts or villages the example names (real codes, so the example imports). */
  areaCodes: string[];
  /** Category labels or codes. */
  categories: string[];
}

function exampleRow(e: TemplateExample): SheetValue[] {
  const v: Record<ImportField, SheetValue> = {
    external_id: `ตัวอย่าง-${e.fiscalYear}-001`,
    agency: e.agencyCode,
    fiscal_year: e.fiscalYear,
    title: COLUMNS.title.example,
    objectives: COLUMNS.objectives.example,
    budget: 1_250_000,
    budget_source: BUDGET_SOURCE_TH.provincial,
    categories: e.categories.join('; '),
    areas: e.areaCodes.join('; '),
    start_date: `1/10/${e.fiscalYear - 1}`,
    end_date: `30/9/${e.fiscalYear}`,
    status: STATUS_TH.planned,
    responsible: COLUMNS.responsible.example,
    phone: COLUMNS.phone.example,
    visibility: VISIBILITY_TH.public,
    public_fields: COLUMNS.public_fields.example,
    outputs: COLUMNS.outputs.example,
    origin: ORIGIN_TH.agency,
    seeking_support: NO_TH,
    support_needs: '',
  };
  return IMPORT_FIELDS.map((k) => v[k]);
}

/** The import template as XLSX: Thai headers and one example row, the column help, the categories and agencies. */
export async function templateXlsx(example: TemplateExample, categories: readonly CategoryLabel[], agencies: readonly AgencyLabel[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'COMAP';
  projectSheet(wb, IMPORT_FIELDS, [exampleRow(example)]);
  helpSheet(wb, [...IMPORT_FIELDS, ...EXPORT_ONLY_FIELDS], categories, agencies);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The import template as CSV: the Thai headers and one example row. */
export function templateCsv(example: TemplateExample): string {
  return csv([headers(IMPORT_FIELDS), exampleRow(example)]);
}

/** "projects-2568-20250115.xlsx": a file name safe in a Content-Disposition header. */
export function exportFileName(fiscalYear: number | undefined, ext: 'csv' | 'xlsx', now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `projects${fiscalYear ? `-${fiscalYear}` : ''}-${d}.${ext}`;
}

/** A label of a filter for the information sheet. */
export function fiscalYearFilter(fy: number): [string, string] {
  return ['ปีงบประมาณ', formatFiscalYear(fy, 'th')];
}
