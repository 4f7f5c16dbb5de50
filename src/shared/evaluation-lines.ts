/**
 * The people's evaluation as users read it (issue 5, section 3): the words of dimensions,
 * channels, states and periods in Thai and English, and how a stored line of counts becomes a line
 * of the API (share meeting needs, mean rating, too few to judge). Pure.
 */
import {
  meanRating, shareMeets, type Channel, type EvaluationCounts, type EvaluationDimension, type EvaluationLine,
} from './feedback-types.ts';
import { formatFiscalQuarter, formatFiscalYear } from './fiscal.ts';

export interface Label {
  th: string;
  en: string;
}

/** What a line of each dimension is, in Thai and English (spreadsheet columns, headings). */
export const DIMENSION_LABELS: Record<EvaluationDimension, Label> = {
  province: { th: 'จังหวัด', en: 'Province' },
  project: { th: 'โครงการ', en: 'Project' },
  project_area: { th: 'โครงการรายตำบล', en: 'Project in a sub-district' },
  agency: { th: 'หน่วยงาน', en: 'Agency' },
  subdistrict: { th: 'ตำบล', en: 'Sub-district' },
  district: { th: 'อำเภอ', en: 'District' },
  category: { th: 'ประเด็นปัญหา', en: 'Problem category' },
  channel: { th: 'ช่องทาง', en: 'Channel' },
};

/** How an answer reached COMAP. */
export const CHANNEL_LABELS: Record<Channel, Label> = {
  public_web: { th: 'ประชาชนตอบผ่านเว็บไซต์', en: 'Public website' },
  village_meeting: { th: 'เวทีประชาคมหมู่บ้าน', en: 'Village meeting' },
  peace_council: { th: 'สภาสันติสุขตำบล', en: 'Peace council' },
};

/** The state of a snapshot. */
export const STATE_LABELS: Record<'provisional' | 'closed', Label> = {
  provisional: { th: 'ผลเบื้องต้น (ยังไม่ปิดงวด)', en: 'Provisional (period still open)' },
  closed: { th: 'ปิดงวดแล้ว', en: 'Closed' },
};

/** "ไตรมาส 2 ปีงบประมาณ 2568" / "Q2 FY 2568", or the whole year for quarter 0. */
export function periodLabel(fiscalYear: number, quarter: number): Label {
  if (quarter === 0) return { th: `ทั้ง${formatFiscalYear(fiscalYear, 'th')}`, en: `FY ${fiscalYear} (whole year)` };
  return { th: formatFiscalQuarter(fiscalYear, quarter, 'th'), en: formatFiscalQuarter(fiscalYear, quarter, 'en') };
}

/** The Thai and English names a line is shown with, as the repository reads them. */
export interface LineNames {
  /** Province, agency or category name; a project's title. */
  nameTh: string | null;
  nameEn: string | null;
  /** For sub-district and project-area lines: the sub-district and its district. */
  subdistrictTh?: string | null;
  subdistrictEn?: string | null;
  districtTh?: string | null;
  districtEn?: string | null;
}

const joinEn = (...parts: Array<string | null | undefined>) => parts.filter((p) => p).join(', ');

/**
 * The label of a line: a sub-district reads "ต.ในเมือง อ.เมืองสุรินทร์" (Thai offices' way), a
 * district "อ.เมืองสุรินทร์", a project in a sub-district "title (ต.ในเมือง อ.เมืองสุรินทร์)". A
 * name the database no longer has (a category removed since) falls back to the key, never empty.
 */
export function lineLabel(dimension: EvaluationDimension, key: string, n: LineNames): Label {
  const sub = { th: n.subdistrictTh ? `ต.${n.subdistrictTh}${n.districtTh ? ` อ.${n.districtTh}` : ''}` : '', en: joinEn(n.subdistrictEn ?? n.subdistrictTh, n.districtEn ?? n.districtTh) };
  switch (dimension) {
    case 'channel': {
      const c = CHANNEL_LABELS[key as Channel];
      return c ?? { th: key, en: key };
    }
    case 'subdistrict':
      return { th: sub.th || key, en: sub.en || key };
    case 'district':
      return { th: n.nameTh ? `อ.${n.nameTh}` : key, en: n.nameEn ?? n.nameTh ?? key };
    case 'project_area': {
      const title = n.nameTh ?? `โครงการ ${key.split(':')[0]}`;
      const code = key.split(':')[1] ?? '';
      return { th: `${title} (${sub.th || code})`, en: `${n.nameEn ?? title} (${sub.en || code})` };
    }
    default:
      return { th: n.nameTh ?? key, en: n.nameEn ?? n.nameTh ?? key };
  }
}

/** A stored line of counts, its names and the snapshot's minimum as a line of the API. */
export function toEvaluationLine(dimension: EvaluationDimension, key: string, c: EvaluationCounts, label: Label, minAnswers: number): EvaluationLine {
  return {
    dimension, key, labelTh: label.th, labelEn: label.en,
    answers: c.answers, yes: c.yes, partly: c.partly, no: c.no, rated: c.rated, ratingSum: c.ratingSum,
    shareMeets: shareMeets(c), meanRating: meanRating(c), tooFew: c.answers < minAnswers,
  };
}

/** Lines in the order the API gives them: most answers first, then by Thai name, then key. */
export function sortLines<T extends { answers: number; labelTh: string; key: string }>(lines: T[]): T[] {
  return lines.sort((a, b) => b.answers - a.answers || a.labelTh.localeCompare(b.labelTh, 'th', { numeric: true }) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Adds counts (the sum of lines is the line of their union: each answer is in exactly one project-area). */
export function addCounts(a: EvaluationCounts, b: EvaluationCounts): EvaluationCounts {
  return { answers: a.answers + b.answers, yes: a.yes + b.yes, partly: a.partly + b.partly, no: a.no + b.no, rated: a.rated + b.rated, ratingSum: a.ratingSum + b.ratingSum };
}

export const NO_COUNTS: EvaluationCounts = { answers: 0, yes: 0, partly: 0, no: 0, rated: 0, ratingSum: 0 };
