/**
 * Downloads of a target list: CSV (UTF-8 with a byte-order mark, so Excel shows Thai), XLSX with a
 * Thai title and Buddhist Era dates, and GeoJSON for GIS users.
 */
import ExcelJS from 'exceljs';
import { formatDate, formatFiscalYear, thaiMidnight } from '../../shared/fiscal.ts';
import type { ExportData, TargetAreaView, TargetListView } from './service.ts';

const STATUS_TH: Record<TargetListView['status'], string> = {
  draft: 'ร่าง', submitted: 'เสนอพิจารณา', declared: 'ประกาศแล้ว', superseded: 'ถูกแทนที่ด้วยฉบับใหม่',
};
const LEVEL_TH: Record<number, string> = { 3: 'ตำบล', 4: 'หมู่บ้าน' };

/** Column headers, Thai first and English in brackets, in the order of `row`. */
export const EXPORT_HEADERS = [
  'รหัสพื้นที่ (code)', 'ระดับ (level)', 'ชื่อ (name_th)', 'Name (name_en)', 'ตำบล (sub-district)', 'อำเภอ (district)',
  'จังหวัด (province)', 'ประเด็นปัญหา (categories)', 'category codes', 'เหตุผล (reason)', 'อันดับ (rank)', 'คะแนน (score)',
];

function row(a: TargetAreaView, labels: ExportData['labels']): Array<string | number | null> {
  return [
    a.code, LEVEL_TH[a.level] ?? String(a.level), a.nameTh, a.nameEn, a.subdistrictTh, a.districtTh, a.provinceTh,
    a.categories.map((c) => labels.get(c)?.label_th ?? c).join('; '), a.categories.join(';'), a.reason, a.rank, a.score,
  ];
}

/** A cell that starts like a formula is prefixed so a spreadsheet shows it as text, never runs it. */
function csvCell(v: string | number | null): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The list as CSV text, starting with a byte-order mark. */
export function targetCsv(d: ExportData): string {
  const lines = [EXPORT_HEADERS, ...d.areas.map((a) => row(a, d.labels))].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** "บัญชีพื้นที่เป้าหมาย จังหวัดสุรินทร์ ปีงบประมาณ 2568 (ฉบับที่ 2)". */
export function thaiTitle(l: TargetListView): string {
  return `บัญชีพื้นที่เป้าหมาย จังหวัด${l.provinceTh ?? l.provinceCode} ${formatFiscalYear(l.fiscalYear, 'th')} (ฉบับที่ ${l.version})`;
}

/** The declaration line with the Buddhist Era date, or the status when not declared. */
export function thaiStatusLine(l: TargetListView): string {
  if (l.declarationDate && l.referenceNumber) {
    const [y, m, dd] = l.declarationDate.split('-').map(Number);
    return `${STATUS_TH[l.status]} ตามคำสั่งเลขที่ ${l.referenceNumber} ลงวันที่ ${formatDate(thaiMidnight(y, m, dd), 'th', { long: true })}`;
  }
  return `สถานะ: ${STATUS_TH[l.status]}`;
}

/** The list as an XLSX workbook. */
export async function targetXlsx(d: ExportData, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'COMAP';
  wb.created = now;
  const ws = wb.addWorksheet('บัญชีเป้าหมาย');
  ws.addRow([thaiTitle(d.list)]).font = { bold: true, size: 14 };
  ws.addRow([thaiStatusLine(d.list)]);
  ws.addRow([`${d.list.title}${d.list.reason ? ` - ${d.list.reason}` : ''}`]);
  ws.addRow([`จำนวน ${d.areas.length} พื้นที่ ส่งออกเมื่อ ${formatDate(now, 'th', { long: true, time: true })}`]);
  ws.addRow([]);
  const header = ws.addRow(EXPORT_HEADERS);
  header.font = { bold: true };
  for (const a of d.areas) ws.addRow(row(a, d.labels));
  ws.getColumn(1).numFmt = '@';
  [12, 10, 24, 24, 20, 20, 16, 40, 24, 40, 10, 10].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: 6 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The list as a GeoJSON FeatureCollection of the areas' geometries (lon, lat). */
export function targetGeoJson(d: ExportData, geometries: Map<string, string>): string {
  const features = d.areas.map((a) => ({
    type: 'Feature',
    id: a.code,
    geometry: JSON.parse(geometries.get(a.code) ?? 'null'),
    properties: {
      code: a.code, level: a.level, name_th: a.nameTh, name_en: a.nameEn, subdistrict_th: a.subdistrictTh,
      district_th: a.districtTh, district_en: a.districtEn, province_th: a.provinceTh, province_en: a.provinceEn,
      categories: a.categories, categories_th: a.categories.map((c) => d.labels.get(c)?.label_th ?? c),
      reason: a.reason, rank: a.rank, score: a.score,
    },
  }));
  const l = d.list;
  return JSON.stringify({
    type: 'FeatureCollection',
    name: thaiTitle(l),
    target_list: {
      id: l.id, province_code: l.provinceCode, fiscal_year: l.fiscalYear, version: l.version, status: l.status,
      declaration_date: l.declarationDate, reference_number: l.referenceNumber,
    },
    features,
  });
}

/** A file name safe in a Content-Disposition header. */
export function exportName(l: TargetListView, ext: string): string {
  return `targets-${l.provinceCode}-${l.fiscalYear}-v${l.version}.${ext}`;
}
