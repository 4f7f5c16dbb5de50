/**
 * The annual report (รายงานผลการดำเนินงานประจำปีงบประมาณ) as an A4 PDF in Thai: a cover, the
 * contents, six numbered sections (executive summary, indicators against their targets, the
 * threat situation, target areas and their projects with a map, agencies' performance, people's
 * evaluation) and the rules the figures follow. Dates are in the Buddhist Era; every colour in a
 * chart or on the map is repeated in words or numbers, so a black-and-white copy loses nothing.
 */
import { formatDate } from '../../shared/fiscal.ts';
import type { ProjectStatus } from '../../shared/project-types.ts';
import { PROJECT_STATUSES } from '../../shared/project-types.ts';
import type { DashboardIndicator } from '../../shared/dashboard-types.ts';
import { A4, LINE_HEIGHT, ThaiPdf, type TableColumn } from './thai-pdf.ts';
import { comparisonBars, formatNumber, numberFormat, stackedBars, targetBars } from './pdf-chart.ts';
import { provinceMap } from './pdf-map.ts';
import type { AnnualAgency, AnnualEvaluationRow, AnnualProject, AnnualReportData, AnnualTargetArea, ThreatRow } from './annual-service.ts';

export const STATUS_TH: Record<ProjectStatus, string> = {
  planned: 'ยังไม่เริ่ม/วางแผน',
  in_progress: 'กำลังดำเนินการ',
  done: 'แล้วเสร็จ',
  cancelled: 'ยกเลิก',
};
export const STATUS_COLOR: Record<ProjectStatus, string> = {
  planned: '#9e9e9e',
  in_progress: '#1f77b4',
  done: '#2e7d32',
  cancelled: '#c62828',
};
/** The dashboard's words for an indicator's status. */
export const INDICATOR_STATUS_TH: Record<DashboardIndicator['status'], string> = {
  on_track: 'ตามเป้าหมาย',
  at_risk: 'เฝ้าระวัง',
  off_track: 'ต่ำกว่าเป้าหมาย',
  no_target: 'ไม่ได้กำหนดเป้าหมาย',
  no_data: 'ไม่มีข้อมูล',
};
const INDICATOR_COLOR: Record<DashboardIndicator['status'], string> = {
  on_track: '#2e7d32',
  at_risk: '#e08a00',
  off_track: '#c62828',
  no_target: '#7f7f7f',
  no_data: '#9e9e9e',
};
/** Units of indicators in words (table) and after a figure. */
export const INDICATOR_UNIT_TH: Record<string, { word: string; after: string }> = {
  percent: { word: 'ร้อยละ', after: ' %' },
  count: { word: 'จำนวน', after: '' },
  baht: { word: 'บาท', after: ' บาท' },
  points: { word: 'คะแนน', after: ' คะแนน' },
};
export const DIRECTION_TH: Record<string, string> = { higher_is_better: 'ยิ่งสูงยิ่งดี', lower_is_better: 'ยิ่งต่ำยิ่งดี' };
export const unitOf = (u: string) => INDICATOR_UNIT_TH[u] ?? { word: u, after: u ? ` ${u}` : '' };
/** Target areas with projects, without any (a gap), on the map and its legend. */
export const COVERED_COLOR = '#8fd18f';
export const GAP_COLOR = '#f28e2b';

/** The sentence of section 6 until people's evaluation is collected (issue 5). */
export const NO_EVALUATION_TH = 'ยังไม่มีข้อมูลการประเมินผลจากประชาชน';

export const SECTION_TITLES = [
  'สรุปผู้บริหาร',
  'ตัวชี้วัดเทียบค่าเป้าหมาย',
  'สถานการณ์ภัยคุกคาม',
  'พื้นที่เป้าหมายและโครงการ',
  'ผลการดำเนินงานของหน่วยงาน',
  'ผลการประเมินจากประชาชน',
] as const;
export const NOTES_TITLE = 'หมายเหตุ: หลักเกณฑ์การนับและการคำนวณ';
export const REGISTER_TITLE = 'ภาคผนวก: ทะเบียนโครงการ';

const NAVY = '#1f3864';
const RED = '#b00020';
const MUTED = '#444444';
const BODY = 11;

/** "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568". */
export function annualTitle(fy: number): string {
  return `รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ${fy}`;
}

/** Baht with two decimals: "1,234,567.50". */
export function baht(v: number): string {
  return numberFormat(2, 2).format(v);
}

/** Large sums in words a director reads at a glance: "12.35 ล้านบาท", "450,000 บาท". */
function bahtShort(v: number): string {
  return v >= 1_000_000 ? `${formatNumber(v / 1_000_000, 2)} ล้านบาท` : `${baht(v)} บาท`;
}

const pct = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);
const pctText = (v: number | null, digits = 1): string => (v == null ? '-' : numberFormat(digits, digits).format(v));

/** "เพิ่มขึ้น 2 ครั้ง (ร้อยละ 20.0)", "ลดลง 3 ครั้ง (ร้อยละ 30.0)", "เท่าเดิม". */
export function changeText(previous: number, current: number, unit = 'ครั้ง'): string {
  const d = current - previous;
  if (d === 0) return 'เท่าเดิม';
  const word = d > 0 ? 'เพิ่มขึ้น' : 'ลดลง';
  const p = pct(Math.abs(d), previous);
  return `${word} ${formatNumber(Math.abs(d))} ${unit}${p == null ? ' (ปีก่อนไม่มี)' : ` (ร้อยละ ${pctText(p)})`}`;
}

/** "ลดลงร้อยละ 20.0", "เพิ่มขึ้นร้อยละ 5.0", "เท่าเดิม", "เพิ่มขึ้น" (from none). */
function trendShort(previous: number, current: number): string {
  if (current === previous) return 'เท่าเดิม';
  const word = current > previous ? 'เพิ่มขึ้น' : 'ลดลง';
  const p = pct(Math.abs(current - previous), previous);
  return p == null ? word : `${word}ร้อยละ ${pctText(p)}`;
}

/** "+2", "-3", "0". */
const signed = (d: number): string => (d > 0 ? `+${formatNumber(d)}` : d < 0 ? `-${formatNumber(-d)}` : '0');

/** The last day counted, in the long Thai form ("30 กันยายน 2568"): `asOf` itself is not counted. */
export function lastDayCounted(asOf: Date): string {
  return formatDate(new Date(asOf.getTime() - 1), 'th', { long: true });
}

/** "ต.นอกเมือง อ.เมืองสุรินทร์" or "บ้านทดสอบ ต.นอกเมือง อ.เมืองสุรินทร์". */
export function targetName(t: AnnualTargetArea, subName?: string): string {
  const district = t.districtTh ? ` อ.${t.districtTh}` : '';
  if (t.level === 4) return `บ้าน${t.nameTh.replace(/^บ้าน/, '')}${subName ? ` ต.${subName}` : ''}${district}`;
  return `ต.${t.nameTh}${district}`;
}

/** "ต.นอกเมือง", "บ้านทดสอบ". */
export function areaLabel(a: { level: number; nameTh: string }): string {
  return a.level === 4 ? `บ้าน${a.nameTh.replace(/^บ้าน/, '')}` : `ต.${a.nameTh}`;
}

export interface AnnualPdfOptions {
  /** Draw the map (on by default; tests of the text may skip it). */
  map?: boolean;
}

/** The annual report as an A4 PDF. */
export async function annualReportPdf(data: AnnualReportData, opts: AnnualPdfOptions = {}): Promise<Buffer> {
  const d = data.dashboard;
  const province = `จังหวัด${data.provinceTh}`;
  const title = annualTitle(data.fiscalYear);
  const lastDay = lastDayCounted(data.asOf);
  const lastDayShort = formatDate(new Date(data.asOf.getTime() - 1), 'th');
  const printed = `พิมพ์เมื่อ ${formatDate(data.now, 'th', { long: true, time: true })} โดย ${data.viewer.username} จากระบบ COMAP`;
  const subNames = new Map(data.map.filter((f) => f.level === 3).map((f) => [f.code, f.nameTh]));

  const pdf = new ThaiPdf({
    title: `${title} ${province}`,
    subject: `ข้อมูลถึงวันที่ ${lastDay}`,
    now: data.now,
    pageHeader: (p, index) => {
      if (index === 0) return p.margins.top;
      const top = p.margins.top - 30;
      p.line(`${title} ${province}`, p.margins.left, top, { size: 8.5, color: MUTED });
      p.line(`ข้อมูลถึงวันที่ ${lastDayShort}${data.yearEnded ? '' : ' (ระหว่างปี)'}`, p.margins.left, top, { size: 8.5, color: data.yearEnded ? MUTED : RED, width: p.contentWidth, align: 'right' });
      p.doc.save().lineWidth(0.5).strokeColor('#999999').moveTo(p.margins.left, top + 14).lineTo(A4.width - p.margins.right, top + 14).stroke().restore();
      return p.margins.top - 8;
    },
  });
  const doc = pdf.doc;
  const pageIndex = () => doc.bufferedPageRange().count - 1;
  const para = (text: string, extra: { size?: number; weight?: 'bold'; color?: string; align?: 'left' | 'center' | 'right'; spaceAfter?: number; x?: number } = {}) =>
    pdf.paragraph(text, { size: BODY, spaceAfter: 3, ...extra });
  const bullet = (text: string) => {
    const x = pdf.margins.left + 14;
    pdf.ensureSpace(BODY * LINE_HEIGHT);
    pdf.line('•', pdf.margins.left + 4, pdf.y, { size: BODY });
    pdf.paragraph(text, { size: BODY, x, spaceAfter: 2 });
  };
  const h2 = (text: string) => {
    pdf.ensureSpace(13 * LINE_HEIGHT + 40);
    pdf.y += 6;
    pdf.paragraph(text, { size: 13, weight: 'bold', color: NAVY, spaceAfter: 3 });
  };
  const sectionPages: number[] = [];
  const section = (no: number | null, text: string) => {
    pdf.addPage();
    sectionPages.push(pageIndex());
    const heading = no == null ? text : `${no}. ${text}`;
    doc.outline.addItem(heading);
    pdf.paragraph(heading, { size: 17, weight: 'bold', color: NAVY });
    doc.save().lineWidth(1.2).strokeColor(NAVY).moveTo(pdf.margins.left, pdf.y + 1).lineTo(pdf.margins.left + pdf.contentWidth, pdf.y + 1).stroke().restore();
    pdf.y += 10;
  };
  const size = 9;
  const pad = 3;
  const fit = (...texts: string[]) => Math.max(...texts.map((t) => pdf.measure(t, { size, weight: 'bold' }))) + 2 * pad + 2;

  // ------------------------------------------------------------------------------- cover
  doc.outline.addItem('ปก');
  pdf.y = 150;
  doc.save().lineWidth(2).strokeColor(NAVY).moveTo(pdf.margins.left + 60, 130).lineTo(A4.width - pdf.margins.right - 60, 130).stroke().restore();
  para(title, { size: 21, weight: 'bold', align: 'center', color: NAVY, spaceAfter: 4 });
  para(province, { size: 21, weight: 'bold', align: 'center', color: NAVY, spaceAfter: 10 });
  para(`(${formatDate(data.period.start, 'th', { long: true })} ถึง ${lastDayCounted(data.period.end)})`, { size: 13, align: 'center', spaceAfter: 14 });
  doc.save().lineWidth(2).strokeColor(NAVY).moveTo(pdf.margins.left + 60, pdf.y).lineTo(A4.width - pdf.margins.right - 60, pdf.y).stroke().restore();
  pdf.y += 40;
  para(`เสนอ ผู้ว่าราชการ${province}`, { size: 15, weight: 'bold', align: 'center', spaceAfter: 6 });
  para('ในฐานะผู้อำนวยการรักษาความมั่นคงภายในจังหวัด', { size: 13, align: 'center', spaceAfter: 30 });
  if (!data.yearEnded) {
    para(`รายงานระหว่างปี: ปีงบประมาณ พ.ศ. ${data.fiscalYear} ยังไม่สิ้นสุด ตัวเลขเป็นข้อมูลถึงวันที่ ${formatDate(data.asOf, 'th', { long: true, time: true })}`, { size: 12, weight: 'bold', color: RED, align: 'center', spaceAfter: 8 });
  } else {
    para(`ข้อมูลถึงวันที่ ${lastDay}`, { size: 13, align: 'center', spaceAfter: 8 });
  }
  para(
    data.viewer.seesRestricted
      ? 'รายงานฉบับนี้นับรวมเหตุการณ์ชั้นความลับ ใช้ภายในราชการเท่านั้น ห้ามเผยแพร่'
      : 'รายงานฉบับนี้ไม่นับรวมเหตุการณ์ชั้นความลับ ตามสิทธิ์การเข้าถึงข้อมูลของผู้พิมพ์',
    { size: 12, weight: data.viewer.seesRestricted ? 'bold' : undefined, color: data.viewer.seesRestricted ? RED : MUTED, align: 'center', spaceAfter: 4 },
  );
  if (data.viewer.partial) para('เฉพาะข้อมูลในพื้นที่ความรับผิดชอบของผู้พิมพ์', { size: 12, color: RED, align: 'center' });
  pdf.y = A4.height - 190;
  para('จัดทำจากข้อมูลในระบบ COMAP (Common Operation Map)', { size: 12, align: 'center', color: MUTED, spaceAfter: 2 });
  para(printed, { size: 11, align: 'center', color: MUTED });

  // ------------------------------------------------------------------------------- contents
  pdf.addPage();
  const contentsPage = pageIndex();
  doc.outline.addItem('สารบัญ');
  pdf.paragraph('สารบัญ', { size: 17, weight: 'bold', color: NAVY, spaceAfter: 10 });
  const contentsTop = pdf.y;

  // ------------------------------------------------------------------------------- 1 summary
  section(1, SECTION_TITLES[0]);
  const t = d.totals;
  const list = d.targetList;
  if (list) {
    const decl = list.declarationDate ? ` ลงวันที่ ${formatDate(new Date(`${list.declarationDate}T00:00:00+07:00`), 'th', { long: true })}` : '';
    para(
      `รายงานฉบับนี้สรุปผลการดำเนินงานด้านความมั่นคงและการพัฒนาใน${province} ประจำปีงบประมาณ พ.ศ. ${data.fiscalYear} ` +
        `ตามบัญชีพื้นที่เป้าหมายฉบับที่ ${list.version}${list.referenceNumber ? ` ประกาศตามคำสั่งเลขที่ ${list.referenceNumber}` : ''}${decl} ` +
        `จำนวน ${formatNumber(t.targetAreas)} พื้นที่`,
    );
  } else {
    para(`รายงานฉบับนี้สรุปผลการดำเนินงานด้านความมั่นคงและการพัฒนาใน${province} ประจำปีงบประมาณ พ.ศ. ${data.fiscalYear} ` +
      'ทั้งนี้ ปีงบประมาณนี้ยังไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศใช้');
  }
  pdf.y += 6;
  const spentTotal = data.agencies.reduce((s, a) => s + a.spentBaht, 0);
  const projectBudget = data.projects.reduce((s, p) => s + p.budgetBaht, 0);
  const byStatus = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, data.projects.filter((p) => p.status === s).length])) as Record<ProjectStatus, number>;
  const ind = d.indicators;
  const onTrack = ind.filter((i) => i.status === 'on_track').length;
  const tiles: Array<[string, string, string]> = [
    ['เหตุการณ์ในปีงบประมาณ', `${formatNumber(t.incidents)} ครั้ง`, `ปีก่อน ${formatNumber(t.incidentsPrevious)} ครั้ง ${trendShort(t.incidentsPrevious, t.incidents)}`],
    ['พื้นที่เป้าหมาย', `${formatNumber(t.targetAreas)} พื้นที่`, `มีโครงการ ${formatNumber(t.coveredTargetAreas)} / ยังไม่มี ${formatNumber(t.targetAreas - t.coveredTargetAreas)}`],
    ['โครงการ', `${formatNumber(t.projects)} โครงการ`, `แล้วเสร็จ ${formatNumber(byStatus.done)} / กำลังดำเนินการ ${formatNumber(byStatus.in_progress)}`],
    ['งบประมาณโครงการ', bahtShort(projectBudget), `ใช้จ่ายแล้ว ${bahtShort(spentTotal)} (ร้อยละ ${pctText(pct(spentTotal, projectBudget))})`],
    ['ตัวชี้วัด', ind.length ? `${onTrack} จาก ${ind.length}` : 'ยังไม่มีข้อมูล', ind.length ? 'ตามเป้าหมาย' : 'ยังไม่มีผลตัวชี้วัดในระบบ'],
    ['รายงานความก้าวหน้าล่าช้า', `${formatNumber(t.lateReports)} รายงาน`, `จาก ${formatNumber(data.agencies.filter((a) => a.lateReports > 0).length)} หน่วยงาน`],
  ];
  const tileGap = 8;
  const tileW = (pdf.contentWidth - 2 * tileGap) / 3;
  const tileH = 68;
  tiles.forEach(([label, value, sub], i) => {
    const tx = pdf.margins.left + (i % 3) * (tileW + tileGap);
    const ty = pdf.y + Math.floor(i / 3) * (tileH + tileGap);
    doc.save().lineWidth(0.8).roundedRect(tx, ty, tileW, tileH, 4).fillAndStroke('#f3f6fb', '#9fb3d1').restore();
    pdf.line(label, tx + 8, ty + 6, { size: 9.5, color: MUTED });
    pdf.line(value, tx + 8, ty + 19, { size: 17, weight: 'bold', color: NAVY });
    pdf.wrap(sub, tileW - 16, { size: 8.5 }).slice(0, 2).forEach((l, k) => pdf.line(l, tx + 8, ty + 45 + k * 8.5 * 1.2, { size: 8.5, color: MUTED }));
  });
  pdf.y += 2 * tileH + tileGap + 12;

  h2('ประเด็นสำคัญ');
  bullet(`ในปีงบประมาณ พ.ศ. ${data.fiscalYear} เกิดเหตุการณ์ ${formatNumber(t.incidents)} ครั้ง เมื่อเทียบกับช่วงเวลาเดียวกันของปีก่อน (${formatNumber(t.incidentsPrevious)} ครั้ง) ${changeText(t.incidentsPrevious, t.incidents)}`);
  const rising = data.threats.filter((x) => x.current > x.previous).sort((a, b) => b.current - b.previous - (a.current - a.previous));
  const falling = data.threats.filter((x) => x.current < x.previous).sort((a, b) => a.current - a.previous - (b.current - b.previous));
  if (rising.length) bullet(`ภัยคุกคามที่เพิ่มขึ้นมากที่สุด ได้แก่ ${rising.slice(0, 3).map((x) => `${x.labelTh} (${signed(x.current - x.previous)} ครั้ง)`).join(' ')}`);
  if (falling.length) bullet(`ภัยคุกคามที่ลดลงมากที่สุด ได้แก่ ${falling.slice(0, 3).map((x) => `${x.labelTh} (${signed(x.current - x.previous)} ครั้ง)`).join(' ')}`);
  const gaps = data.targets.filter((x) => x.projects === 0);
  if (t.targetAreas) {
    bullet(`พื้นที่เป้าหมายที่มีโครงการรองรับ ${formatNumber(t.coveredTargetAreas)} จาก ${formatNumber(t.targetAreas)} พื้นที่ (ร้อยละ ${pctText(pct(t.coveredTargetAreas, t.targetAreas))})` +
      (gaps.length ? ` พื้นที่ที่ยังไม่มีโครงการรองรับ ได้แก่ ${gaps.slice(0, 10).map((g) => targetName(g, subNames.get(g.code.slice(0, 6)))).join(', ')}${gaps.length > 10 ? ` และอีก ${formatNumber(gaps.length - 10)} พื้นที่` : ''}` : ' ครบทุกพื้นที่'));
  }
  bullet(`โครงการ ${formatNumber(t.projects)} โครงการ งบประมาณรวม ${baht(projectBudget)} บาท ใช้จ่ายแล้ว ${baht(spentTotal)} บาท (ร้อยละ ${pctText(pct(spentTotal, projectBudget))})`);
  if (t.lateReports) bullet(`รายงานความก้าวหน้าที่เลยกำหนดส่ง ${formatNumber(t.lateReports)} รายงาน ควรเร่งรัดหน่วยงานให้ส่งรายงาน`);
  if (ind.length) {
    const behind = ind.filter((i) => i.status === 'off_track' || i.status === 'at_risk');
    bullet(`ตัวชี้วัดที่ผลการดำเนินงานตามเป้าหมาย ${onTrack} จาก ${ind.length} ตัวชี้วัด${behind.length ? ` ตัวชี้วัดที่ต้องเร่งรัด ได้แก่ ${behind.map((i) => `${i.nameTh} (${INDICATOR_STATUS_TH[i.status]})`).join(', ')}` : ''}`);
  }
  bullet(data.evaluation ? `ประชาชนให้ความเห็นต่อโครงการ ${formatNumber(data.evaluation.responses)} ความเห็น` : `${NO_EVALUATION_TH} (ยังไม่ได้เริ่มเก็บข้อมูล)`);

  // ------------------------------------------------------------------------------- 2 indicators
  section(2, SECTION_TITLES[1]);
  if (!ind.length) {
    para(`ยังไม่มีผลตัวชี้วัดของปีงบประมาณ พ.ศ. ${data.fiscalYear} ในระบบ เมื่อบันทึกค่าเป้าหมายและผลการดำเนินงานของตัวชี้วัดแล้ว ส่วนนี้จะแสดงตารางและแผนภูมิเทียบค่าเป้าหมาย`);
  } else {
    const counts = (Object.keys(INDICATOR_STATUS_TH) as Array<DashboardIndicator['status']>).map((s) => [s, ind.filter((i) => i.status === s).length] as const).filter(([, n]) => n > 0);
    para(`ตัวชี้วัด ${ind.length} ตัวชี้วัด ณ สิ้นปีงบประมาณ (ไตรมาสที่ 4): ${counts.map(([st, n]) => `${INDICATOR_STATUS_TH[st]} ${n} ตัวชี้วัด`).join(' ')}`);
    pdf.y += 4;
    pdf.table<DashboardIndicator>([
      { header: 'ลำดับ', width: fit('ลำดับ'), align: 'right', value: (_, i) => String(i + 1) },
      { header: 'ตัวชี้วัด', weight: 30, value: (x) => x.nameTh },
      { header: 'หน่วยนับ', weight: 9, value: (x) => unitOf(x.unit).word || '-' },
      { header: 'ค่าเป้าหมาย', width: fit('ค่าเป้าหมาย', '000,000.00'), align: 'right', value: (x) => (x.target == null ? '-' : formatNumber(x.target, 2)) },
      { header: 'ผลการดำเนินงาน', width: fit('ผลการดำเนินงาน'), align: 'right', value: (x) => (x.value == null ? '-' : formatNumber(x.value, 2)) },
      { header: 'สถานะ', width: fit(...Object.values(INDICATOR_STATUS_TH)), value: (x) => INDICATOR_STATUS_TH[x.status] },
      { header: 'เหตุผล', weight: 18, value: (x) => x.reason ?? '-' },
    ], ind, { size, headerSize: size, padding: pad, zebra: true });
    h2('แผนภูมิผลการดำเนินงานเทียบค่าเป้าหมาย');
    targetBars(pdf, ind.map((x) => ({ label: x.nameTh, value: x.value, target: x.target, unit: unitOf(x.unit).after, statusText: INDICATOR_STATUS_TH[x.status], color: INDICATOR_COLOR[x.status] })));
  }

  // ------------------------------------------------------------------------------- 3 threats
  section(3, SECTION_TITLES[2]);
  const prevFy = data.fiscalYear - 1;
  const q = data.threatQuarters;
  const span = q >= 4 ? 'ทั้งปี' : `ไตรมาส 1${q > 1 ? `-${q}` : ''}`;
  para(`ปีงบประมาณ พ.ศ. ${data.fiscalYear} เกิดเหตุการณ์รวม ${formatNumber(t.incidents)} ครั้ง ปีงบประมาณ พ.ศ. ${prevFy} ในช่วงเวลาเดียวกัน ${formatNumber(t.incidentsPrevious)} ครั้ง ${changeText(t.incidentsPrevious, t.incidents)}`);
  if (!data.threats.length) para('ไม่มีเหตุการณ์ที่บันทึกในระบบในช่วงเวลาที่รายงาน');
  else {
    h2(`เหตุการณ์จำแนกตามประเภทภัยคุกคาม (${span})`);
    pdf.table<ThreatRow>([
      { header: 'ประเภทภัยคุกคาม', weight: 30, value: (x) => x.labelTh },
      { header: `ปีงบประมาณ ${prevFy} (ครั้ง)`, width: fit('ปีงบประมาณ', '(ครั้ง)') + 8, align: 'right', value: (x) => formatNumber(x.previous) },
      { header: `ปีงบประมาณ ${data.fiscalYear} (ครั้ง)`, width: fit('ปีงบประมาณ', '(ครั้ง)') + 8, align: 'right', value: (x) => formatNumber(x.current) },
      { header: 'เปลี่ยนแปลง', width: fit('เปลี่ยนแปลง', '+00,000'), align: 'right', value: (x) => signed(x.current - x.previous) },
      { header: 'แนวโน้ม', weight: 18, value: (x) => changeText(x.previous, x.current) },
    ], data.threats, { size, headerSize: size, padding: pad, zebra: true });
    h2(`แผนภูมิเหตุการณ์จำแนกตามประเภท ปีงบประมาณ ${prevFy} และ ${data.fiscalYear}`);
    comparisonBars(pdf, {
      labels: data.threats.map((x) => x.labelTh),
      series: [
        { name: `ปีงบประมาณ พ.ศ. ${prevFy}`, color: '#b8b8b8', values: data.threats.map((x) => x.previous) },
        { name: `ปีงบประมาณ พ.ศ. ${data.fiscalYear}`, color: '#1f5fa8', values: data.threats.map((x) => x.current) },
      ],
    }, { unit: 'ครั้ง' });
    h2(`เหตุการณ์รายไตรมาส ปีงบประมาณ พ.ศ. ${data.fiscalYear}`);
    pdf.table<ThreatRow>([
      { header: 'ประเภทภัยคุกคาม', weight: 30, value: (x) => x.labelTh },
      ...[1, 2, 3, 4].map((k): TableColumn<ThreatRow> => ({
        header: `ไตรมาส ${k}`, width: fit('ไตรมาส 4'), align: 'right', value: (x) => (k <= q ? formatNumber(x.currentByQuarter[k - 1] ?? 0) : '-'),
      })),
      { header: 'รวม', width: fit('รวม', '00,000'), align: 'right', value: (x) => formatNumber(x.current) },
    ], data.threats, { size, headerSize: size, padding: pad, zebra: true });
  }
  if (d.children.length) {
    h2('เหตุการณ์และพื้นที่เป้าหมายรายอำเภอ');
    pdf.table([
      { header: 'อำเภอ', weight: 24, value: (c: (typeof d.children)[number]) => `อ.${c.nameTh}` },
      { header: `ปี ${prevFy}`, width: fit('ปี 2500', '00,000'), align: 'right', value: (c) => formatNumber(c.incidentsPrevious) },
      { header: `ปี ${data.fiscalYear}`, width: fit('ปี 2500', '00,000'), align: 'right', value: (c) => formatNumber(c.incidents) },
      { header: 'เปลี่ยนแปลง', width: fit('เปลี่ยนแปลง'), align: 'right', value: (c) => signed(c.incidents - c.incidentsPrevious) },
      { header: 'พื้นที่เป้าหมาย', width: fit('เป้าหมาย', '000'), align: 'right', value: (c) => formatNumber(c.targetAreas) },
      { header: 'มีโครงการ', width: fit('มีโครงการ'), align: 'right', value: (c) => formatNumber(c.coveredTargetAreas) },
      { header: 'โครงการ', width: fit('โครงการ', '0,000'), align: 'right', value: (c) => formatNumber(c.projects) },
      { header: 'งบประมาณ (บาท)', width: fit('งบประมาณ', '000,000,000.00'), align: 'right', value: (c) => baht(c.budgetBaht) },
    ], d.children, { size, headerSize: size, padding: pad, zebra: true });
  }

  // ------------------------------------------------------------------------------- 4 targets
  section(4, SECTION_TITLES[3]);
  const projectById = new Map(data.projects.map((p) => [p.id, p]));
  // The register lists the projects by agency, then title (the repository's order).
  const registerNo = new Map(data.projects.map((p, i) => [p.id, i + 1]));
  if (!data.targets.length) {
    para(list ? 'บัญชีพื้นที่เป้าหมายที่ประกาศใช้ไม่มีพื้นที่ในขอบเขตของรายงานนี้' : `ปีงบประมาณ พ.ศ. ${data.fiscalYear} ยังไม่มีบัญชีพื้นที่เป้าหมายที่ประกาศใช้`);
  } else {
    para(`พื้นที่เป้าหมาย ${formatNumber(t.targetAreas)} พื้นที่ มีโครงการรองรับ ${formatNumber(t.coveredTargetAreas)} พื้นที่ ยังไม่มีโครงการรองรับ ${formatNumber(gaps.length)} พื้นที่ ตัวเลขบนแผนที่คือลำดับในตาราง`);
    if (opts.map !== false && data.map.length) {
      h2(`แผนที่พื้นที่เป้าหมาย${province}`);
      const covered = new Set(data.targets.filter((x) => x.projects > 0).map((x) => x.code));
      const subTargets = new Set(data.targets.filter((x) => x.level === 3).map((x) => x.code));
      provinceMap(pdf, data.map, {
        fill: (code) => (subTargets.has(code) ? (covered.has(code) ? COVERED_COLOR : GAP_COLOR) : null),
        dots: data.targets.filter((x) => x.level === 4).map((x) => ({ code: x.code, color: covered.has(x.code) ? COVERED_COLOR : GAP_COLOR })),
        labels: new Map(data.targets.map((x) => [x.code, String(x.no)])),
        legend: [
          { label: 'ตำบลเป้าหมายที่มีโครงการ', color: COVERED_COLOR, kind: 'area' },
          { label: 'ตำบลเป้าหมายที่ยังไม่มีโครงการ', color: GAP_COLOR, kind: 'area' },
          { label: 'หมู่บ้านเป้าหมายที่มีโครงการ', color: COVERED_COLOR, kind: 'point' },
          { label: 'หมู่บ้านเป้าหมายที่ยังไม่มีโครงการ', color: GAP_COLOR, kind: 'point' },
          { label: 'ไม่ใช่พื้นที่เป้าหมาย', color: '#ffffff', kind: 'area' },
        ],
        maxHeight: pdf.bottom - pdf.y - 110,
        note: `ขอบเขตการปกครองตามข้อมูลพื้นที่ในระบบ ข้อมูลโครงการถึงวันที่ ${lastDay}`,
      });
    }
    h2('พื้นที่เป้าหมายและโครงการที่รองรับ');
    para('ตัวเลขในวงเล็บเหลี่ยมคือเลขที่ของโครงการในทะเบียนโครงการ (ภาคผนวก) ซึ่งแสดงหน่วยงาน สถานะ ความก้าวหน้า และงบประมาณของแต่ละโครงการ', { size: 9.5, color: MUTED });
    pdf.table<AnnualTargetArea>([
      { header: 'ลำดับ', width: fit('ลำดับ', String(data.targets.length)), align: 'right', value: (x) => String(x.no) },
      { header: 'พื้นที่เป้าหมาย', weight: 19, value: (x) => `${targetName(x, subNames.get(x.code.slice(0, 6)))}\n${x.code}` },
      { header: 'ประเด็นปัญหา', weight: 12, value: (x) => x.categories.map((c) => data.categoryLabels.get(c) ?? c).join(', ') || '-' },
      { header: 'เหตุการณ์ ปีก่อน/ปีนี้', width: fit('เหตุการณ์', '000 / 000'), align: 'center', value: (x) => (x.level === 3 ? `${formatNumber(x.incidentsPrevious)} / ${formatNumber(x.incidents)}` : '-') },
      // One after another rather than one a line: an area with a dozen projects stays a few lines.
      { header: 'โครงการที่รองรับ', weight: 42, value: (x) => (x.projectIds.length ? x.projectIds.map((id) => `[${registerNo.get(id)}] ${projectById.get(id)!.title}`).join('; ') : 'ยังไม่มีโครงการรองรับ') },
      { header: 'ส่วนแบ่งงบประมาณ (บาท)', width: fit('ส่วนแบ่ง', '00,000,000.00'), align: 'right', value: (x) => baht(x.budgetBaht) },
    ], data.targets, { size: 8.5, headerSize: 8.5, padding: pad, zebra: true });
  }
  const outside = data.projects.filter((p) => p.targetCodes.length === 0 && p.status !== 'cancelled');
  if (outside.length) {
    pdf.y += 6;
    para(`โครงการนอกพื้นที่เป้าหมาย ${formatNumber(outside.length)} โครงการ งบประมาณ ${baht(outside.reduce((sum, p) => sum + p.budgetBaht, 0))} บาท (ระบุไว้ในทะเบียนโครงการ)`);
  }

  // ------------------------------------------------------------------------------- 5 agencies
  section(5, SECTION_TITLES[4]);
  if (!data.agencies.length) para('ยังไม่มีโครงการของหน่วยงานในปีงบประมาณนี้');
  else {
    const lateAgencies = data.agencies.filter((a) => a.lateReports > 0).length;
    para(`หน่วยงาน ${formatNumber(data.agencies.length)} หน่วยงาน ดำเนินโครงการ ${formatNumber(t.projects)} โครงการ งบประมาณรวม ${baht(projectBudget)} บาท ใช้จ่ายแล้ว ${baht(spentTotal)} บาท (ร้อยละ ${pctText(pct(spentTotal, projectBudget))})` +
      (lateAgencies ? ` มีหน่วยงานที่ส่งรายงานความก้าวหน้าล่าช้า ${formatNumber(lateAgencies)} หน่วยงาน` : ' ทุกหน่วยงานส่งรายงานความก้าวหน้าตามกำหนด'));
    const CHART_MAX = 25;
    const top = [...data.agencies].sort((a, b) => b.projects - a.projects || a.nameTh.localeCompare(b.nameTh, 'th', { numeric: true })).slice(0, CHART_MAX);
    h2(`แผนภูมิโครงการของหน่วยงานจำแนกตามสถานะ${data.agencies.length > CHART_MAX ? ` (${CHART_MAX} หน่วยงานที่มีโครงการมากที่สุด)` : ''}`);
    stackedBars(pdf, {
      labels: top.map((a) => a.nameTh),
      parts: PROJECT_STATUSES.map((s) => ({ name: STATUS_TH[s], color: STATUS_COLOR[s] })),
      values: top.map((a) => PROJECT_STATUSES.map((s) => a.byStatus[s])),
    }, { unit: 'โครงการ' });
    h2('ผลการดำเนินงานรายหน่วยงาน');
    const n = (v: number) => formatNumber(v);
    pdf.table<AnnualAgency>([
      { header: 'หน่วยงาน', weight: 1, value: (a) => a.nameTh },
      { header: 'โครงการ', width: fit('โครงการ'), align: 'right', value: (a) => n(a.projects) },
      { header: 'ยังไม่เริ่ม', width: fit('ยังไม่เริ่ม'), align: 'right', value: (a) => n(a.byStatus.planned) },
      { header: 'กำลังดำเนินการ', width: fit('ดำเนินการ'), align: 'right', value: (a) => n(a.byStatus.in_progress) },
      { header: 'แล้วเสร็จ', width: fit('แล้วเสร็จ'), align: 'right', value: (a) => n(a.byStatus.done) },
      { header: 'ยกเลิก', width: fit('ยกเลิก'), align: 'right', value: (a) => n(a.byStatus.cancelled) },
      { header: 'งบประมาณ (บาท)', width: fit('00,000,000.00'), align: 'right', value: (a) => baht(a.budgetBaht) },
      { header: 'ใช้จ่ายแล้ว (บาท)', width: fit('00,000,000.00'), align: 'right', value: (a) => baht(a.spentBaht) },
      { header: 'ร้อยละ ใช้จ่าย', width: fit('ใช้จ่าย'), align: 'right', value: (a) => pctText(pct(a.spentBaht, a.budgetBaht)) },
      { header: 'รายงาน ล่าช้า', width: fit('รายงาน', '000'), align: 'right', value: (a) => n(a.lateReports) },
    ], data.agencies, { size: 8.5, headerSize: 8.5, padding: pad, zebra: true });
    if (d.lateReports.length) {
      // One row per project, with every quarter it still owes: the agency table has the counts.
      const byProject = new Map<number, { title: string; agencyTh: string; quarters: string[]; firstDue: string; daysLate: number }>();
      for (const l of [...d.lateReports].sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter)) {
        const row = byProject.get(l.projectId);
        if (row) {
          row.quarters.push(String(l.quarter));
          row.daysLate = Math.max(row.daysLate, l.daysLate);
        } else byProject.set(l.projectId, { title: l.title, agencyTh: l.agencyTh, quarters: [String(l.quarter)], firstDue: l.dueDate, daysLate: l.daysLate });
      }
      const rows = [...byProject.values()].sort((a, b) => a.agencyTh.localeCompare(b.agencyTh, 'th') || b.daysLate - a.daysLate || a.title.localeCompare(b.title, 'th'));
      h2(`รายงานความก้าวหน้าที่เลยกำหนดส่ง ณ วันที่ ${lastDay} (${formatNumber(d.lateReports.length)} รายงาน จาก ${formatNumber(rows.length)} โครงการ)`);
      pdf.table<(typeof rows)[number]>([
        { header: 'โครงการ', weight: 36, value: (l) => l.title },
        { header: 'หน่วยงาน', weight: 24, value: (l) => l.agencyTh },
        { header: `ไตรมาสที่ค้างส่ง (ปีงบประมาณ ${data.fiscalYear})`, width: fit('ไตรมาสที่ค้างส่ง', '1, 2, 3, 4'), value: (l) => l.quarters.join(', ') },
        { header: 'กำหนดส่งฉบับแรกที่ค้าง', width: fit('กำหนดส่งฉบับแรก', '30 ก.ย. 2568'), value: (l) => formatDate(new Date(`${l.firstDue}T00:00:00+07:00`), 'th') },
        { header: 'ล่าช้าสูงสุด (วัน)', width: fit('ล่าช้าสูงสุด'), align: 'right', value: (l) => formatNumber(l.daysLate) },
      ], rows, { size: 8.5, headerSize: 8.5, padding: pad, zebra: true });
    }
  }

  // ------------------------------------------------------------------------------- 6 evaluation
  section(6, SECTION_TITLES[5]);
  const ev = data.evaluation;
  if (!ev) {
    para(NO_EVALUATION_TH, { size: 12, weight: 'bold', spaceAfter: 6 });
    para('เมื่อเริ่มรวบรวมความเห็นของประชาชนต่อโครงการในแต่ละตำบล ทั้งผ่านสภาสันติสุขตำบลและช่องทางสาธารณะของระบบ ส่วนนี้จะแสดงจำนวนความเห็นและสัดส่วนของผู้ที่เห็นว่าโครงการตรงกับความต้องการของชุมชน จำแนกตามพื้นที่และโครงการ', { color: MUTED });
  } else {
    para(`ประชาชนให้ความเห็นต่อโครงการ ${formatNumber(ev.responses)} ความเห็น`);
    pdf.table([
      { header: 'อำเภอ / หน่วยงาน', weight: 1, value: (r: AnnualEvaluationRow) => r.labelTh },
      { header: 'จำนวนความเห็น', width: fit('จำนวนความเห็น'), align: 'right', value: (r) => formatNumber(r.responses) },
      { header: 'ร้อยละที่เห็นว่าตรงกับความต้องการ', width: fit('ตรงกับความต้องการ'), align: 'right', value: (r) => pctText(r.satisfied == null ? null : r.satisfied * 100) },
    ], ev.rows, { size, headerSize: size, padding: pad, zebra: true });
  }

  // ------------------------------------------------------------------------------- notes
  section(null, NOTES_TITLE);
  bullet(`ตัวเลขทั้งหมดนับถึงวันที่ ${data.yearEnded ? lastDay : formatDate(data.asOf, 'th', { long: true, time: true })} ตามเวลาประเทศไทย ปีงบประมาณ พ.ศ. ${data.fiscalYear} เริ่มวันที่ ${formatDate(data.period.start, 'th', { long: true })} สิ้นสุดวันที่ ${lastDayCounted(data.period.end)}`);
  bullet('เหตุการณ์นับตามวันเวลาที่เกิดเหตุ ไม่นับรายงานที่ตรวจสอบแล้วว่าเป็นการแจ้งเหตุเท็จ และเทียบกับช่วงเวลาเดียวกันของปีงบประมาณก่อน' +
    (q < 4 ? ` ตารางจำแนกตามประเภทนับเป็นรายไตรมาส (ไตรมาส 1 ถึง ${q}) ทั้งสองปี` : ''));
  bullet(data.viewer.seesRestricted
    ? 'ผู้พิมพ์มีสิทธิ์เห็นเหตุการณ์ชั้นความลับ ตัวเลขเหตุการณ์จึงนับรวมเหตุการณ์ชั้นความลับด้วย'
    : 'ตัวเลขเหตุการณ์ไม่นับรวมเหตุการณ์ชั้นความลับ ซึ่งผู้พิมพ์ไม่มีสิทธิ์เข้าถึง ตัวเลขจึงอาจน้อยกว่ารายงานฉบับที่นับรวมเหตุการณ์ชั้นความลับ');
  if (data.viewer.partial) bullet('รายงานนี้แสดงเฉพาะพื้นที่เป้าหมาย โครงการ และเหตุการณ์ในพื้นที่ความรับผิดชอบของผู้พิมพ์');
  bullet('พื้นที่เป้าหมายตามบัญชีพื้นที่เป้าหมายที่มีผลใช้บังคับ ณ วันสิ้นสุดข้อมูล (ประกาศแล้วและยังไม่ถูกแทนที่)');
  bullet('โครงการที่ดำเนินการในตำบล หรือในหมู่บ้านใดหมู่บ้านหนึ่งของตำบล ถือว่ารองรับพื้นที่เป้าหมายระดับตำบลนั้น');
  bullet('โครงการที่ดำเนินการในหมู่บ้าน หรือในตำบลที่หมู่บ้านนั้นตั้งอยู่ทั้งตำบล ถือว่ารองรับพื้นที่เป้าหมายระดับหมู่บ้านนั้น');
  bullet('งบประมาณของโครงการแบ่งเท่า ๆ กันตามจำนวนพื้นที่ของโครงการ ผลรวมงบประมาณรายพื้นที่จึงเท่ากับงบประมาณของโครงการโดยไม่นับซ้ำ ส่วนแบ่งของโครงการระดับตำบลที่รองรับหมู่บ้านเป้าหมายนับให้พื้นที่เป้าหมายระดับตำบลหากมี มิฉะนั้นแบ่งเท่ากันให้หมู่บ้านเป้าหมายที่รองรับ');
  bullet('โครงการที่ยกเลิกไม่นับว่ารองรับพื้นที่เป้าหมายใด แต่ยังนับในผลการดำเนินงานของหน่วยงาน');
  bullet('นับเฉพาะโครงการของปีงบประมาณนี้ที่เริ่มดำเนินการภายในวันสิ้นสุดข้อมูล (โครงการที่ไม่ระบุวันเริ่มนับตั้งแต่ต้นปี) ความก้าวหน้าและเงินที่ใช้จ่ายแล้วเป็นค่าจากรายงานความก้าวหน้าฉบับล่าสุดที่ได้รับภายในวันสิ้นสุดข้อมูล');
  bullet('รายงานความก้าวหน้าล่าช้า คือรายงานรายไตรมาสที่เลยกำหนดส่งแล้วแต่ยังไม่ได้รับ ณ วันสิ้นสุดข้อมูล');
  for (const i of ind.filter((x) => x.ruleTh)) bullet(`ตัวชี้วัด "${i.nameTh}": ${i.ruleTh}`);

  // ------------------------------------------------------------------------------- appendix: the register
  section(null, REGISTER_TITLE);
  if (!data.projects.length) para('ยังไม่มีโครงการในปีงบประมาณนี้');
  else {
    para(`โครงการของปีงบประมาณ พ.ศ. ${data.fiscalYear} ${formatNumber(data.projects.length)} โครงการ เรียงตามหน่วยงานและชื่อโครงการ ความก้าวหน้าและเงินที่ใช้จ่ายแล้วตามรายงานฉบับล่าสุด`, { size: 10 });
    pdf.table<AnnualProject>([
      { header: 'เลขที่', width: fit('เลขที่', String(data.projects.length)), align: 'right', value: (p) => String(registerNo.get(p.id)) },
      { header: 'โครงการ', weight: 32, value: (p) => p.title },
      { header: 'หน่วยงาน', weight: 20, value: (p) => p.agencyTh },
      { header: 'พื้นที่ดำเนินการ', weight: 20, value: (p) => `${p.areas.map(areaLabel).join(', ')}${p.targetCodes.length || p.status === 'cancelled' ? '' : ' (นอกพื้นที่เป้าหมาย)'}` },
      // Two figures a cell, one under the other, so that the names keep the width.
      { header: 'สถานะ\nความก้าวหน้า', width: fit(...Object.values(STATUS_TH)), value: (p) => `${STATUS_TH[p.status]}\n${p.percentDone == null ? 'ยังไม่รายงาน' : `ร้อยละ ${formatNumber(p.percentDone, 1)}`}` },
      { header: 'งบประมาณ\nใช้จ่ายแล้ว (บาท)', width: fit('00,000,000.00', 'ใช้จ่ายแล้ว (บาท)'), align: 'right', value: (p) => `${baht(p.budgetBaht)}\n${p.spentBaht == null ? '-' : baht(p.spentBaht)}` },
    ], data.projects, { size: 8, headerSize: 8, padding: pad, zebra: true });
  }

  // ------------------------------------------------------------------------------- contents (now that the pages are known)
  doc.switchToPage(contentsPage);
  let cy = contentsTop;
  const entries = [...SECTION_TITLES.map((title, i) => `${i + 1}. ${title}`), NOTES_TITLE, REGISTER_TITLE];
  const right = pdf.margins.left + pdf.contentWidth;
  entries.forEach((e, i) => {
    const page = String(sectionPages[i] + 1);
    const style = { size: 13 };
    const tw = pdf.measure(e, style);
    const pw = pdf.measure(page, style);
    pdf.line(e, pdf.margins.left, cy, style);
    pdf.line(page, pdf.margins.left, cy, { ...style, width: pdf.contentWidth, align: 'right' });
    const ly = cy + 13 * LINE_HEIGHT - 6;
    doc.save().lineWidth(0.8).dash(0.8, { space: 3 }).strokeColor('#888888').moveTo(pdf.margins.left + tw + 6, ly).lineTo(right - pw - 6, ly).stroke().undash().restore();
    cy += 13 * LINE_HEIGHT + 6;
  });

  return pdf.finish((i, n) => ({ left: printed, right: `หน้า ${i + 1} จาก ${n}` }));
}
