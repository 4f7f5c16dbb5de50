/**
 * The printable target list (บัญชีพื้นที่เป้าหมาย) as an A4 PDF in Thai, the document an official
 * files: the fiscal year, province, version and status at the top, the declaration's date in the
 * Buddhist Era and the order's number, and one table row per target area. A list that is not
 * declared carries "ร่าง" on every page, so a printed draft cannot pass for the declared list.
 */
import { formatDate, thaiMidnight } from '../../shared/fiscal.ts';
import { A4, ThaiPdf, type TableColumn } from '../reports/thai-pdf.ts';
import type { ExportData, TargetAreaView, TargetListView } from './service.ts';

const STATUS_TH: Record<TargetListView['status'], string> = {
  draft: 'ร่าง ยังไม่ได้ประกาศ',
  submitted: 'ร่าง เสนอพิจารณา ยังไม่ได้ประกาศ',
  declared: 'ประกาศแล้ว',
  superseded: 'ถูกแทนที่ด้วยฉบับใหม่แล้ว',
};

const RED = '#b00020';

/** "บัญชีพื้นที่เป้าหมาย ประจำปีงบประมาณ พ.ศ. 2569". */
export function pdfTitle(l: TargetListView): string {
  return `บัญชีพื้นที่เป้าหมาย ประจำปีงบประมาณ พ.ศ. ${l.fiscalYear}`;
}

/** A declaration date (YYYY-MM-DD, Common Era) in the Thai long form: "5 พฤศจิกายน 2568". */
export function thaiLongDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return formatDate(thaiMidnight(y, m, d), 'th', { long: true });
}

function areaName(a: TargetAreaView): string {
  return a.level === 4 ? `บ้าน${a.nameTh.replace(/^บ้าน/, '')} (หมู่บ้าน)${a.subdistrictTh ? ` ต.${a.subdistrictTh}` : ''}` : `ต.${a.nameTh}`;
}

export interface TargetPdfOptions {
  /** When the document is printed (shown in the footer). */
  now?: Date;
  /** Who printed it. */
  printedBy?: string;
  /** The printer sees only the areas of their own scope, so the document is a part of the list. */
  partial?: boolean;
}

/** The target list as a printable A4 PDF in Thai. */
export async function targetPdf(d: ExportData, opts: TargetPdfOptions = {}): Promise<Buffer> {
  const l = d.list;
  const now = opts.now ?? new Date();
  const province = `จังหวัด${l.provinceTh ?? l.provinceCode}`;
  const declared = l.status === 'declared' || l.status === 'superseded';
  const draftMark = l.status === 'draft' || l.status === 'submitted';

  const pdf = new ThaiPdf({
    title: `${pdfTitle(l)} ${province} ฉบับที่ ${l.version}`,
    subject: l.title,
    now,
    // A large faint stamp across every page of a draft, over the table so its shading cannot hide it.
    pageOverlay: draftMark ? (p) => {
      p.doc.save().fillOpacity(0.09).rotate(-35, { origin: [A4.width / 2, A4.height / 2] });
      p.line('ร่าง', 0, A4.height / 2 - 120, { size: 160, weight: 'bold', color: RED, width: A4.width, align: 'center' });
      p.doc.restore();
    } : undefined,
    pageHeader: (p, index) => {
      const top = p.margins.top - 30;
      const mark = `${STATUS_TH[l.status]}`;
      p.line(`${pdfTitle(l)} ${province} ฉบับที่ ${l.version}`, p.margins.left, top, { size: 8.5, color: '#444444' });
      p.line(mark, p.margins.left, top, { size: 8.5, weight: 'bold', color: l.status === 'declared' ? '#444444' : RED, width: p.contentWidth, align: 'right' });
      p.doc.save().lineWidth(0.5).strokeColor('#999999').moveTo(p.margins.left, top + 14).lineTo(A4.width - p.margins.right, top + 14).stroke().restore();
      return index === 0 ? p.margins.top : p.margins.top - 8;
    },
  });

  pdf.paragraph(pdfTitle(l), { size: 17, weight: 'bold', align: 'center' });
  pdf.paragraph(`${province}  ฉบับที่ ${l.version}`, { size: 14, weight: 'bold', align: 'center', spaceAfter: 4 });
  if (declared && l.declarationDate) {
    pdf.paragraph(`ประกาศตามคำสั่งเลขที่ ${l.referenceNumber ?? '-'} ลงวันที่ ${thaiLongDate(l.declarationDate)}`, { size: 12, align: 'center' });
  }
  if (l.status === 'superseded') {
    pdf.paragraph(`ฉบับนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว${l.supersededAt ? ` เมื่อวันที่ ${formatDate(new Date(l.supersededAt), 'th', { long: true })}` : ''} ใช้อ้างอิงประวัติเท่านั้น`, { size: 12, weight: 'bold', color: RED, align: 'center' });
  }
  if (draftMark) {
    pdf.paragraph(`${STATUS_TH[l.status]} - เอกสารนี้ยังไม่ใช่บัญชีเป้าหมายที่ประกาศ`, { size: 12, weight: 'bold', color: RED, align: 'center' });
  }
  pdf.y += 6;
  if (l.title) pdf.paragraph(`ชื่อบัญชี: ${l.title}`, { size: 11 });
  if (l.reason) pdf.paragraph(`เหตุผล: ${l.reason}`, { size: 11 });
  pdf.paragraph(
    `จำนวน ${d.areas.length.toLocaleString('th-TH')} พื้นที่${opts.partial ? ' (เฉพาะพื้นที่ในความรับผิดชอบของผู้พิมพ์)' : ''}`,
    { size: 11, spaceAfter: 6 },
  );

  const ranked = d.areas.some((a) => a.rank != null || a.score != null);
  const size = 9.5;
  const pad = 3;
  // Numbers and codes get exactly the width they need, so they never wrap; Thai text shares the rest.
  const fit = (...texts: string[]) => Math.max(...texts.map((t) => pdf.measure(t, { size, weight: 'bold' }))) + 2 * pad + 2;
  const columns: Array<TableColumn<TargetAreaView>> = [
    { header: 'ลำดับ', width: fit('ลำดับ', String(d.areas.length)), align: 'right', value: (_, i) => String(i + 1) },
    { header: 'รหัสพื้นที่', width: fit('รหัสพื้นที่', '00000000'), value: (a) => a.code },
    { header: 'ตำบล / หมู่บ้าน', weight: 15, value: areaName },
    { header: 'อำเภอ', weight: 11, value: (a) => (a.districtTh ? `อ.${a.districtTh}` : '-') },
    { header: 'ประเด็นปัญหา', weight: 15, value: (a) => a.categories.map((c) => d.labels.get(c)?.label_th ?? c).join(', ') },
    { header: 'เหตุผล', weight: 30, value: (a) => a.reason || '-' },
  ];
  if (ranked) {
    columns.push(
      { header: 'อันดับ', width: fit('อันดับ', '00000'), align: 'right', value: (a) => (a.rank == null ? '-' : String(a.rank)) },
      { header: 'คะแนน', width: fit('คะแนน', '0.000'), align: 'right', value: (a) => (a.score == null ? '-' : a.score.toFixed(3)) },
    );
  }
  if (d.areas.length) pdf.table(columns, d.areas, { size, headerSize: size, padding: pad, zebra: true });
  else pdf.paragraph('ไม่มีพื้นที่เป้าหมายในบัญชีนี้', { size: 11 });

  const printed = `พิมพ์เมื่อ ${formatDate(now, 'th', { long: true, time: true })}${opts.printedBy ? ` โดย ${opts.printedBy}` : ''} จากระบบ COMAP`;
  return pdf.finish((i, n) => ({ left: printed, right: `หน้า ${i + 1} จาก ${n}` }));
}
