/**
 * Pure helpers of the dashboard and review pages (no DOM, unit-tested): the address state, the
 * coverage classes of the map, changes in per cent, the "as of" instant to print, axis ticks and
 * sparkline points.
 */
import { fiscalQuarterOf, fiscalQuarterPeriod, fiscalYearOf } from '../../../shared/fiscal.ts';
import type { DashboardTargetArea } from '../../../shared/dashboard-types.ts';

export interface DashboardSearch {
  /** Two-digit province code, or '' for "the first one the user may see". */
  province: string;
  fy: number;
  quarter: number;
  /** A district (4) or sub-district (6) code inside the province, or '' for the whole province. */
  area: string;
}

/**
 * Reads ?province=&fy=&quarter=&area= with anything malformed replaced by its default: the
 * quarter given by `fallback` (the current one for the dashboard, the last ended one for the
 * review).
 */
export function readDashboardSearch(search: string, fallback: { fy: number; quarter: number }): DashboardSearch {
  const q = new URLSearchParams(search);
  const province = /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '';
  const fy = Number(q.get('fy'));
  const quarter = Number(q.get('quarter'));
  const rawArea = q.get('area') ?? '';
  const area = /^[0-9]{4}([0-9]{2})?$/.test(rawArea) && (!province || rawArea.startsWith(province)) ? rawArea : '';
  const fyOk = Number.isInteger(fy) && fy >= 2500 && fy <= 2700;
  return {
    province,
    fy: fyOk ? fy : fallback.fy,
    // A past year without a quarter means its last quarter (the whole year); the fallback's year, its quarter.
    quarter: fyOk && [1, 2, 3, 4].includes(quarter) ? quarter : fyOk && fy !== fallback.fy ? 4 : fallback.quarter,
    area,
  };
}

/** The current fiscal quarter. */
export function currentFiscalQuarter(now: Date): { fy: number; quarter: number } {
  return { fy: fiscalYearOf(now), quarter: fiscalQuarterOf(now) };
}

/** The quarter before the given one (Q1 goes back to Q4 of the previous fiscal year). */
export function previousFiscalQuarter(fy: number, quarter: number): { fy: number; quarter: number } {
  return quarter === 1 ? { fy: fy - 1, quarter: 4 } : { fy, quarter: quarter - 1 };
}

/** The quarter after the given one. */
export function nextFiscalQuarter(fy: number, quarter: number): { fy: number; quarter: number } {
  return quarter === 4 ? { fy: fy + 1, quarter: 1 } : { fy, quarter: quarter + 1 };
}

/**
 * The quarter a review is usually held for: the last one that has ended (a meeting reviews a
 * finished quarter, in the first weeks of the next).
 */
export function lastEndedQuarter(now: Date): { fy: number; quarter: number } {
  const c = currentFiscalQuarter(now);
  return previousFiscalQuarter(c.fy, c.quarter);
}

/**
 * What "data as of" should print. The server's `asOf` is the quarter's end, an exclusive instant
 * (midnight at the start of the next quarter): shown as a date that would name the next quarter's
 * first day, so the last day of the quarter is printed instead. A quarter still running is cut
 * at "now", printed with the time.
 */
export function asOfDisplay(asOf: string, fy: number, quarter: number): { date: Date; quarterEnd: boolean } {
  const d = new Date(asOf);
  const end = fiscalQuarterPeriod(fy, quarter).end;
  if (d.getTime() >= end.getTime()) return { date: new Date(end.getTime() - 1), quarterEnd: true };
  return { date: d, quarterEnd: false };
}

/** Coverage class of a target area: 0 = no project (a gap), 1 = one, 2 = two or three, 3 = four or more. */
export function coverageClass(projects: number): 0 | 1 | 2 | 3 {
  if (projects <= 0) return 0;
  if (projects === 1) return 1;
  if (projects <= 3) return 2;
  return 3;
}

/**
 * The coverage class of each sub-district drawn on the map (the boundary tiles have no village
 * shapes): a targeted sub-district takes its own class; a sub-district holding targeted villages
 * takes the class of its least-covered village, so a village gap is never hidden by a covered
 * neighbour. `villagesOnly` lists the sub-districts coloured only through their villages.
 */
export function mapCoverage(areas: Pick<DashboardTargetArea, 'code' | 'level' | 'projects'>[]): { classes: Map<string, 0 | 1 | 2 | 3>; villagesOnly: Set<string> } {
  const classes = new Map<string, 0 | 1 | 2 | 3>();
  const villagesOnly = new Set<string>();
  for (const a of areas) if (a.level === 3) classes.set(a.code, coverageClass(a.projects));
  for (const a of areas) {
    if (a.level !== 4) continue;
    const sub = a.code.slice(0, 6);
    if (classes.has(sub) && !villagesOnly.has(sub)) continue;
    const c = coverageClass(a.projects);
    const prev = classes.get(sub);
    classes.set(sub, prev === undefined ? c : (Math.min(prev, c) as 0 | 1 | 2 | 3));
    villagesOnly.add(sub);
  }
  return { classes, villagesOnly };
}

/** The change from `previous` to `now` in per cent, or null when there was nothing before. */
export function changePercent(now: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((now - previous) / previous) * 100;
}

/** A share in per cent (0 when the whole is 0). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

/**
 * Round axis ticks from 0 up to at least `max`: steps of 1, 2 or 5 times a power of ten, about
 * `count` of them.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/**
 * Points of a sparkline in a box of `width` x `height` (y grows downwards): one per value, nulls
 * skipped (they break the line), the target drawn as well when given. The scale covers the values
 * and the target, so the line and the target line are comparable.
 */
export function sparkline(
  values: Array<number | null>,
  target: number | null,
  width: number,
  height: number,
  pad = 3,
): { segments: Array<Array<[number, number]>>; targetY: number | null; last: [number, number] | null } {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!known.length) return { segments: [], targetY: null, last: null };
  const all = target !== null && Number.isFinite(target) ? [...known, target] : known;
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const x = (k: number) => (values.length === 1 ? width / 2 : pad + (k * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => pad + ((hi - v) * (height - 2 * pad)) / (hi - lo);
  const segments: Array<Array<[number, number]>> = [];
  let cur: Array<[number, number]> = [];
  let last: [number, number] | null = null;
  values.forEach((v, k) => {
    if (v === null || !Number.isFinite(v)) {
      if (cur.length) segments.push(cur);
      cur = [];
      return;
    }
    last = [round(x(k)), round(y(v))];
    cur.push(last);
  });
  if (cur.length) segments.push(cur);
  return { segments, targetY: target !== null && Number.isFinite(target) ? round(y(target)) : null, last };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Today in Thailand as YYYY-MM-DD (Common Era), for comparing due dates. */
export function thaiTodayIso(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date as a Date at noon in Thailand (safe to format as that Thai day). */
export function isoDay(iso: string): Date {
  return new Date(`${iso}T12:00:00+07:00`);
}
