/**
 * Vector charts for printed Thai reports, drawn with PDFKit on a {@link ThaiPdf} at its cursor:
 * grouped bars comparing two periods by category, indicator bars against their targets, and
 * stacked bars (projects of each agency by status). Bars run sideways so that Thai labels, which
 * are long and cannot be turned on their side, sit in full on the left. Every bar carries its
 * number in text, so the chart reads in black and white and pdftotext finds the figures.
 */
import { LINE_HEIGHT, type ThaiPdf } from './thai-pdf.ts';

const GRID = '#d9d9d9';
const AXIS = '#555555';
const TEXT = '#222222';
const MUTED = '#555555';

/**
 * Ticks from 0 to a round maximum at or above `max`: 0, 5, 10, 15, 20 for 17. With `integer`
 * (counts of things) the step is never below 1, so an axis of three incidents reads 0, 1, 2, 3.
 */
export function niceTicks(max: number, count = 5, integer = true): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const steps = integer && mag < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = steps.map((m) => m * mag).find((s) => s >= raw - 1e-12)!;
  if (integer) step = Math.max(1, step);
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

// Number formats are built once: toLocaleString builds one per call, which cost more than drawing
// the table of a thousand projects.
const formats = new Map<string, Intl.NumberFormat>();

/** Digits as Thai documents write them (Arabic digits, comma thousands), between `min` and `max` decimals. */
export function numberFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat('th-TH', { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

/** A number in Thai usage: thousands separated, at most `digits` decimals. */
export function formatNumber(v: number, digits = 0): string {
  return numberFormat(0, digits).format(v);
}

/** One coloured series of a bar chart. */
export interface BarSeries {
  name: string;
  color: string;
  values: number[];
}

interface LegendItem {
  name: string;
  color: string;
}

const LEGEND_SIZE = 8.5;

/** Draws a legend row (wrapped onto more rows when long) at `top`; returns its height. */
function legend(pdf: ThaiPdf, items: LegendItem[], x: number, top: number, width: number): number {
  const lh = LEGEND_SIZE * LINE_HEIGHT;
  let cx = x;
  let cy = top;
  for (const it of items) {
    const w = 12 + pdf.measure(it.name, { size: LEGEND_SIZE }) + 12;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += lh;
    }
    pdf.doc.save().rect(cx, cy + lh / 2 - 4, 9, 8).fillAndStroke(it.color, '#333333').restore();
    pdf.line(it.name, cx + 12, cy, { size: LEGEND_SIZE, color: TEXT });
    cx += w;
  }
  return cy - top + lh;
}

/** Label lines of a row, at most `maxLines` (the last cut short with "…" when the label is longer). */
function labelLines(pdf: ThaiPdf, text: string, width: number, size: number, maxLines: number): string[] {
  const lines = pdf.wrap(text, width, { size });
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last && pdf.measure(`${last}…`, { size }) > width) last = [...new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(last)].slice(0, -1).map((s) => s.segment).join('');
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

/** Vertical gridlines behind the bars (drawn before them). */
function grid(pdf: ThaiPdf, ticks: number[], x0: number, plotW: number, top: number, bottom: number): void {
  const max = ticks[ticks.length - 1];
  const doc = pdf.doc;
  doc.save().lineWidth(0.4).strokeColor(GRID);
  for (const t of ticks.slice(1)) doc.moveTo(x0 + (t / max) * plotW, top).lineTo(x0 + (t / max) * plotW, bottom);
  doc.stroke().restore();
}

/** The axis lines and the tick numbers under the plot; returns the height of the numbers. */
function axis(pdf: ThaiPdf, ticks: number[], x0: number, plotW: number, top: number, bottom: number, format: (v: number) => string): number {
  const max = ticks[ticks.length - 1];
  const doc = pdf.doc;
  doc.save().lineWidth(0.7).strokeColor(AXIS).moveTo(x0, top).lineTo(x0, bottom).lineTo(x0 + plotW, bottom).stroke().restore();
  const size = 7.5;
  for (const t of ticks) {
    const label = format(t);
    const w = pdf.measure(label, { size });
    pdf.line(label, x0 + (t / max) * plotW - w / 2, bottom + 1, { size, color: MUTED });
  }
  return size * LINE_HEIGHT + 2;
}

/** The unit of the axis, under the right end of its numbers; returns the height used. */
function unitLine(pdf: ThaiPdf, unit: string | undefined, right: number, top: number): number {
  if (!unit) return 0;
  const text = `(หน่วย: ${unit})`;
  pdf.line(text, right - pdf.measure(text, { size: 7.5 }), top, { size: 7.5, color: MUTED });
  return 7.5 * LINE_HEIGHT;
}

export interface ComparisonBarsData {
  /** One label per group (a category). */
  labels: string[];
  /** Two or more series, each with one value per label (e.g. last fiscal year, this one). */
  series: BarSeries[];
}

export interface ChartOptions {
  /** Width of the label column in points (default 30 % of the width). */
  labelWidth?: number;
  /** Unit written after the axis numbers' caption (e.g. "ครั้ง"). */
  unit?: string;
  /** Digits after the decimal point in value labels. */
  digits?: number;
}

/**
 * Horizontal grouped bars at the cursor across the content width: one group per label, one bar
 * per series with its value at the end, a legend above and an axis below. The whole chart is kept
 * on one page.
 */
export function comparisonBars(pdf: ThaiPdf, data: ComparisonBarsData, opts: ChartOptions = {}): void {
  const x = pdf.margins.left;
  const width = pdf.contentWidth;
  const labelW = opts.labelWidth ?? width * 0.3;
  const size = 8.5;
  const barH = 9;
  const gap = 7;
  const groups = data.labels.map((l) => labelLines(pdf, l, labelW - 6, size, 2));
  const groupH = groups.map((g) => Math.max(data.series.length * barH, g.length * size * LINE_HEIGHT));
  const legendH = LEGEND_SIZE * LINE_HEIGHT * 2;
  const plotH = groupH.reduce((s, h) => s + h + gap, 0) + gap;
  const total = legendH + 4 + plotH + 2 + 2 * 7.5 * LINE_HEIGHT + 4;
  pdf.ensureSpace(total);
  const top = pdf.y;
  const lh = legend(pdf, data.series, x + labelW, top, width - labelW);
  const plotTop = top + lh + 4;
  const max = Math.max(0, ...data.series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const nice = ticks[ticks.length - 1];
  const x0 = x + labelW;
  // Room at the right of the longest bar for its number.
  const plotW = width - labelW - pdf.measure(formatNumber(nice * 10, opts.digits), { size }) - 4;
  const bottom = plotTop + plotH;
  const doc = pdf.doc;
  grid(pdf, ticks, x0, plotW, plotTop, bottom);
  let y = plotTop + gap;
  data.labels.forEach((_, g) => {
    const lines = groups[g];
    const textTop = y + (groupH[g] - lines.length * size * LINE_HEIGHT) / 2;
    lines.forEach((l, k) => pdf.line(l, x, textTop + k * size * LINE_HEIGHT, { size, color: TEXT, width: labelW - 6, align: 'right' }));
    const barsTop = y + (groupH[g] - data.series.length * barH) / 2;
    data.series.forEach((s, k) => {
      const v = s.values[g] ?? 0;
      const w = nice > 0 ? (v / nice) * plotW : 0;
      const by = barsTop + k * barH;
      if (w > 0) doc.save().rect(x0, by + 0.5, w, barH - 1).fill(s.color).restore();
      pdf.line(formatNumber(v, opts.digits), x0 + w + 2, by + (barH - 7.5 * LINE_HEIGHT) / 2, { size: 7.5, color: TEXT });
    });
    y += groupH[g] + gap;
  });
  const axisH = axis(pdf, ticks, x0, plotW, plotTop, bottom, (v) => formatNumber(v, 2));
  pdf.y = bottom + axisH + unitLine(pdf, opts.unit, x0 + plotW, bottom + axisH) + 4;
}

/** One indicator's bar: its value against its target. */
export interface TargetBar {
  label: string;
  value: number | null;
  target: number | null;
  /** Written right after each figure (" %", " บาท", or nothing). */
  unit: string;
  /** The status in words ("ตามเป้าหมาย"), printed beside the bar, never the colour alone. */
  statusText: string;
  color: string;
}

/**
 * One row per indicator at the cursor: a bar of the value and a black line at the target, each on
 * its own scale (indicators have different units), with the figures and the status in words.
 */
export function targetBars(pdf: ThaiPdf, items: TargetBar[], opts: { labelWidth?: number } = {}): void {
  const x = pdf.margins.left;
  const width = pdf.contentWidth;
  const labelW = opts.labelWidth ?? width * 0.32;
  const statusW = 100;
  const size = 8.5;
  const rowH = 2 * size * LINE_HEIGHT + 6;
  const plotW = width - labelW - statusW - 8;
  const x0 = x + labelW;
  const doc = pdf.doc;
  const legendH = LEGEND_SIZE * LINE_HEIGHT;
  pdf.ensureSpace(legendH + 6 + Math.min(items.length, 3) * rowH);
  // The legend says what the line is; each row has its own scale, so there is no common axis.
  doc.save().lineWidth(1.6).strokeColor('#000000').moveTo(x0 + 4, pdf.y + 3).lineTo(x0 + 4, pdf.y + legendH - 3).stroke().restore();
  pdf.line('ค่าเป้าหมาย (แต่ละตัวชี้วัดใช้มาตราส่วนของตนเอง)', x0 + 10, pdf.y, { size: LEGEND_SIZE, color: TEXT });
  pdf.y += legendH + 6;
  for (const it of items) {
    pdf.ensureSpace(rowH);
    const top = pdf.y;
    const lines = labelLines(pdf, it.label, labelW - 6, size, 2);
    const textTop = top + (rowH - lines.length * size * LINE_HEIGHT) / 2;
    lines.forEach((l, k) => pdf.line(l, x, textTop + k * size * LINE_HEIGHT, { size, color: TEXT, width: labelW - 6, align: 'right' }));
    // The row's own scale holds zero, the value and the target (changes are often negative).
    const lo = Math.min(0, it.value ?? 0, it.target ?? 0) * 1.15;
    const hi = Math.max(0, it.value ?? 0, it.target ?? 0) * 1.15;
    const span = hi - lo || 1;
    const at = (v: number) => x0 + ((v - lo) / span) * plotW;
    const barTop = top + 4;
    const barH = rowH - 8 - 7.5 * LINE_HEIGHT;
    doc.save().rect(x0, barTop, plotW, barH).fill('#f2f2f2').restore();
    if (it.value != null && it.value !== 0) {
      const [a, b] = [at(0), at(it.value)].sort((m, n) => m - n);
      doc.save().rect(a, barTop, b - a, barH).fill(it.color).restore();
    }
    if (lo < 0) doc.save().lineWidth(0.6).strokeColor('#555555').moveTo(at(0), barTop - 1).lineTo(at(0), barTop + barH + 1).stroke().restore();
    if (it.target != null) {
      const tx = at(it.target);
      doc.save().lineWidth(1.6).strokeColor('#000000').moveTo(tx, barTop - 2).lineTo(tx, barTop + barH + 2).stroke().restore();
    }
    const figures = `ผล ${it.value == null ? 'ไม่มีข้อมูล' : `${formatNumber(it.value, 2)}${it.unit}`} / เป้าหมาย ${it.target == null ? 'ไม่ได้กำหนด' : `${formatNumber(it.target, 2)}${it.unit}`}`;
    pdf.line(figures, x0, barTop + barH + 1, { size: 7.5, color: MUTED });
    pdf.line(it.statusText, x0 + plotW + 8, top + (rowH - size * LINE_HEIGHT) / 2, { size, weight: 'bold', color: it.color === '#9e9e9e' ? MUTED : it.color });
    pdf.y = top + rowH;
  }
  pdf.y += 4;
}

export interface StackedBarsData {
  labels: string[];
  /** The parts of each bar, in drawing order. */
  parts: LegendItem[];
  /** values[row][part]. */
  values: number[][];
}

/**
 * Horizontal stacked bars at the cursor: one row per label, the parts in their colours with their
 * counts inside when there is room, the total at the end, a legend above and an axis below.
 */
export function stackedBars(pdf: ThaiPdf, data: StackedBarsData, opts: ChartOptions = {}): void {
  const x = pdf.margins.left;
  const width = pdf.contentWidth;
  const labelW = opts.labelWidth ?? width * 0.34;
  const size = 8;
  const rowH = 13;
  const gap = 3;
  const legendH = LEGEND_SIZE * LINE_HEIGHT * 2;
  const plotH = data.labels.length * (rowH + gap) + gap;
  pdf.ensureSpace(legendH + 4 + plotH + 2 * 7.5 * LINE_HEIGHT + 6);
  const top = pdf.y;
  const lh = legend(pdf, data.parts, x + labelW, top, width - labelW);
  const plotTop = top + lh + 4;
  const totals = data.values.map((r) => r.reduce((s, v) => s + v, 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const nice = ticks[ticks.length - 1];
  const x0 = x + labelW;
  const plotW = width - labelW - pdf.measure(formatNumber(nice * 10), { size }) - 6;
  const doc = pdf.doc;
  const bottom = plotTop + plotH;
  grid(pdf, ticks, x0, plotW, plotTop, bottom);
  data.labels.forEach((label, r) => {
    const y = plotTop + gap + r * (rowH + gap);
    const [first] = labelLines(pdf, label, labelW - 6, size, 1);
    pdf.line(first, x, y + (rowH - size * LINE_HEIGHT) / 2, { size, color: TEXT, width: labelW - 6, align: 'right' });
    let cx = x0;
    data.parts.forEach((p, k) => {
      const v = data.values[r][k] ?? 0;
      if (v <= 0) return;
      const w = (v / nice) * plotW;
      doc.save().rect(cx, y, w, rowH).fill(p.color).restore();
      const t = formatNumber(v);
      const tw = pdf.measure(t, { size: 7 });
      if (tw + 3 < w) pdf.line(t, cx, y + (rowH - 7 * LINE_HEIGHT) / 2, { size: 7, color: '#ffffff', width: w, align: 'center' });
      cx += w;
    });
    pdf.line(formatNumber(totals[r]), cx + 3, y + (rowH - size * LINE_HEIGHT) / 2, { size, weight: 'bold', color: TEXT });
  });
  const axisH = axis(pdf, ticks, x0, plotW, plotTop, bottom, (v) => formatNumber(v, 2));
  pdf.y = bottom + axisH + unitLine(pdf, opts.unit, x0 + plotW, bottom + axisH) + 4;
}
