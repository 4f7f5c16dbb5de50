/**
 * The Thai calendar and fiscal periods: the one module that knows them (design brief, decision 6).
 *
 * - Buddhist Era year = Common Era year + 543 (2566 = 2023).
 * - The fiscal year runs 1 October to 30 September and is named by the year it ends in:
 *   FY 2566 = 1 Oct 2022 to 30 Sep 2023. Fiscal Q1 = Oct-Dec, Q2 = Jan-Mar, Q3 = Apr-Jun, Q4 = Jul-Sep.
 * - Dates are stored in UTC; periods are bounded by midnight in Thailand (UTC+7, no daylight saving),
 *   because a province closes its quarter on its own clock.
 */

export const BE_OFFSET = 543;
/** Thailand is UTC+7 all year. */
export const THAI_UTC_OFFSET_MS = 7 * 3600 * 1000;

/** A half-open interval of instants [start, end). */
export interface Period {
  start: Date;
  end: Date;
}

export type Quarter = 1 | 2 | 3 | 4;

export function ceToBe(yearCe: number): number {
  return yearCe + BE_OFFSET;
}

export function beToCe(yearBe: number): number {
  return yearBe - BE_OFFSET;
}

/** Midnight in Thailand of a calendar day, as a UTC instant. month is 1-12. */
export function thaiMidnight(yearCe: number, month: number, day: number): Date {
  return new Date(Date.UTC(yearCe, month - 1, day) - THAI_UTC_OFFSET_MS);
}

/** The calendar date (Thai local) of an instant. */
export function thaiDateParts(d: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const t = new Date(d.getTime() + THAI_UTC_OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
  };
}

/** The calendar day in Thailand (YYYY-MM-DD, Common Era) of an instant. */
export function thaiDay(d: Date): string {
  return new Date(d.getTime() + THAI_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Thai calendar day of the last instant before `end` (an exclusive period end): the last day counted. */
export function thaiDayBefore(end: Date): string {
  return thaiDay(new Date(end.getTime() - 1));
}

function checkFiscalYear(fyBe: number): void {
  if (!Number.isInteger(fyBe) || fyBe < 2400 || fyBe > 2700) {
    throw new RangeError(`fiscal year must be a Buddhist Era year such as 2567, got ${fyBe}`);
  }
}

/** The fiscal year (Buddhist Era) that contains an instant. */
export function fiscalYearOf(d: Date): number {
  const { year, month } = thaiDateParts(d);
  return ceToBe(month >= 10 ? year + 1 : year);
}

/** The fiscal quarter (1-4) that contains an instant. */
export function fiscalQuarterOf(d: Date): Quarter {
  const { month } = thaiDateParts(d);
  // Oct-Dec -> 1, Jan-Mar -> 2, Apr-Jun -> 3, Jul-Sep -> 4
  return (month >= 10 ? 1 : Math.floor((month - 1) / 3) + 2) as Quarter;
}

/** The instants of a fiscal year (Buddhist Era): 1 Oct of the previous CE year to 1 Oct. */
export function fiscalYearPeriod(fyBe: number): Period {
  checkFiscalYear(fyBe);
  const endCe = beToCe(fyBe);
  return { start: thaiMidnight(endCe - 1, 10, 1), end: thaiMidnight(endCe, 10, 1) };
}

/** The instants of a fiscal quarter. */
export function fiscalQuarterPeriod(fyBe: number, q: number): Period {
  checkFiscalYear(fyBe);
  if (![1, 2, 3, 4].includes(q)) throw new RangeError(`fiscal quarter must be 1, 2, 3 or 4, got ${q}`);
  const endCe = beToCe(fyBe);
  const startMonth = [10, 1, 4, 7][q - 1];
  const startYear = q === 1 ? endCe - 1 : endCe;
  const start = thaiMidnight(startYear, startMonth, 1);
  const endMonth = startMonth + 3 > 12 ? startMonth + 3 - 12 : startMonth + 3;
  const endYear = startMonth + 3 > 12 ? startYear + 1 : startYear;
  return { start, end: thaiMidnight(endYear, endMonth, 1) };
}

/** The same period one year earlier (for trends). */
export function previousYear(p: Period): Period {
  const shift = (d: Date) => {
    const t = thaiDateParts(d);
    return new Date(thaiMidnight(t.year - 1, t.month, t.day).getTime() + (t.hour * 60 + t.minute) * 60000);
  };
  return { start: shift(p.start), end: shift(p.end) };
}

export const THAI_MONTHS = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
];
export const THAI_MONTHS_SHORT = [
  'ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.',
];
const EN_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type Lang = 'th' | 'en';

/**
 * Formats an instant as a date in Thailand's time zone: Thai with the Buddhist Era year
 * ("5 ม.ค. 2567", or "5 มกราคม 2567" with long months), or English with the Common Era year.
 */
export function formatDate(d: Date, lang: Lang = 'th', opts: { long?: boolean; time?: boolean } = {}): string {
  const t = thaiDateParts(d);
  const hhmm = `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  if (lang === 'th') {
    const m = (opts.long ? THAI_MONTHS : THAI_MONTHS_SHORT)[t.month - 1];
    const s = `${t.day} ${m} ${ceToBe(t.year)}`;
    return opts.time ? `${s} ${hhmm} น.` : s;
  }
  const s = `${t.day} ${EN_MONTHS_SHORT[t.month - 1]} ${t.year}`;
  return opts.time ? `${s} ${hhmm}` : s;
}

/** "ปีงบประมาณ 2567" / "FY 2567 (2024)". */
export function formatFiscalYear(fyBe: number, lang: Lang = 'th'): string {
  return lang === 'th' ? `ปีงบประมาณ ${fyBe}` : `FY ${fyBe} (${beToCe(fyBe)})`;
}

/** "ไตรมาส 1 ปีงบประมาณ 2567" / "Q1 FY 2567". */
export function formatFiscalQuarter(fyBe: number, q: number, lang: Lang = 'th'): string {
  return lang === 'th' ? `ไตรมาส ${q} ปีงบประมาณ ${fyBe}` : `Q${q} FY ${fyBe}`;
}

/**
 * Parses a period written the way users and URLs write it:
 * `2567` or `fy2567` (fiscal year), `2567q1` / `2567-Q1` (fiscal quarter),
 * or `2023-10-01..2023-12-31` (inclusive calendar dates, Common Era, Thai days).
 */
export function parsePeriod(text: string): Period {
  const s = text.trim().toLowerCase();
  let m = /^(?:fy)?(\d{4})$/.exec(s);
  if (m) return fiscalYearPeriod(Number(m[1]));
  m = /^(?:fy)?(\d{4})-?q([1-4])$/.exec(s);
  if (m) return fiscalQuarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const start = thaiMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
    const endDay = thaiMidnight(Number(m[4]), Number(m[5]), Number(m[6]));
    const end = new Date(endDay.getTime() + 24 * 3600 * 1000);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new RangeError(`invalid dates in period "${text}"`);
    if (end <= start) throw new RangeError(`period "${text}" ends before it starts`);
    return { start, end };
  }
  throw new RangeError(
    `cannot read period "${text}": use a fiscal year (2567), a quarter (2567Q1) or dates (2023-10-01..2023-12-31)`,
  );
}

/**
 * The fiscal quarters a period is made of, oldest first, when it starts where a quarter starts
 * and ends where one ends; null otherwise (a part of a quarter, or bounds that are not Thai midnights).
 */
export function wholeFiscalQuarters(p: Period): Array<{ fy: number; q: Quarter }> | null {
  const qs = fiscalQuartersBetween(p);
  if (!qs.length) return null;
  const first = fiscalQuarterPeriod(qs[0].fy, qs[0].q);
  const last = fiscalQuarterPeriod(qs[qs.length - 1].fy, qs[qs.length - 1].q);
  return first.start.getTime() === p.start.getTime() && last.end.getTime() === p.end.getTime() ? qs : null;
}

/** The fiscal quarters (year, quarter) that overlap a period, oldest first. */
export function fiscalQuartersBetween(p: Period): Array<{ fy: number; q: Quarter }> {
  const out: Array<{ fy: number; q: Quarter }> = [];
  let fy = fiscalYearOf(p.start);
  let q = fiscalQuarterOf(p.start);
  for (;;) {
    const qp = fiscalQuarterPeriod(fy, q);
    if (qp.start >= p.end) break;
    out.push({ fy, q });
    if (q === 4) {
      fy += 1;
      q = 1;
    } else q = (q + 1) as Quarter;
  }
  return out;
}
