/**
 * Printable Thai PDF documents (A4): the bundled Sarabun font, Thai line breaking at word
 * boundaries, tables whose header repeats on every page, and "หน้า 1 จาก 3" footers. The target
 * list prints with it, and so will the annual report (its maps and charts draw on `doc` directly).
 *
 * Why the text is written here and not with PDFKit's `text()`:
 * - PDFKit breaks lines with UAX #14, which has no Thai dictionary: a Thai sentence has no spaces,
 *   so it would never wrap, or wrap inside a word. Lines are broken here with
 *   `Intl.Segmenter('th', { granularity: 'word' })` (Node's full ICU has the Thai dictionary).
 * - fontkit's shaping places Sarabun's marks correctly (checked against HarfBuzz), but the text
 *   behind the glyphs comes out wrong: one glyph serves both "า" and the second half of "ำ", and
 *   marks sort after the next consonant, so a reader copying the text, or pdftotext, got
 *   "ป่" for "ป่า". Each line is therefore wrapped in a marked-content span whose /ActualText is
 *   the line's real text, inside the text object so that readers place it where the glyphs are.
 * - The font is read from an npm package (`@expo-google-fonts/sarabun`, OFL): COMAP never fetches
 *   anything at run time (air-gapped networks).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** The weights of Sarabun bundled for documents. */
export type Weight = 'regular' | 'bold';

const FONT_FILES: Record<Weight, string> = {
  regular: '@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf',
  bold: '@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf',
};
const FONT_NAMES: Record<Weight, string> = { regular: 'Sarabun', bold: 'Sarabun-Bold' };

let parsed: Record<Weight, fontkit.Font> | null = null;

/**
 * The fonts, read and parsed once per process and shared by every document: fontkit parses its
 * shaping tables lazily, and doing that again for each document cost more than laying out a
 * whole list.
 */
function fonts(): Record<Weight, fontkit.Font> {
  const open = (w: Weight) => fontkit.create(readFileSync(require.resolve(FONT_FILES[w]))) as fontkit.Font;
  parsed ??= { regular: open('regular'), bold: open('bold') };
  return parsed;
}

// Shaped words, shared by documents: PDFKit keeps the glyphs it laid out for each piece of text in
// a cache per font, which is given here the process's one (the same words, names and labels recur
// in every list). Text is shaped a word at a time, so a line is drawn from words already shaped
// when it was measured. Emptied when large, so free text cannot grow it without bound.
const LAYOUTS_MAX = 100_000;
const layouts: Record<Weight, Record<string, unknown>> = { regular: Object.create(null), bold: Object.create(null) };

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

// Sarabun's ascender and descender (hhea, per em): the line box must hold a tone mark stacked on an
// upper vowel ("ปั้น") and a lower vowel ("กุ"), so the baseline sits this far below the line's top.
const ASCENT = 1.068;
const DESCENT = 0.232;
/** Line height as a multiple of the font size: Thai needs room above and below the letters. */
export const LINE_HEIGHT = 1.5;

// ---------------------------------------------------------------------------------------------
// Line breaking

const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

// A line never starts with closing punctuation or the repetition mark ๆ, and never ends with an
// opening bracket or a sign that belongs to the number after it.
const NO_BREAK_BEFORE = /^[)\]}.,;:!?%ๆฯ/\-–]/;
const NO_BREAK_AFTER = /[([{/#]$/;
// Thai leading vowels are written before the consonant they follow in speech: a grapheme cluster
// ends after them, but breaking there would strand the vowel ("เ|ป้า").
const LEADING_VOWEL = /[\u0E40-\u0E44]$/;

// Numbers and codes are unique on every row (order, code, rank, score), and shaping each new one
// costs more than the rest of its row: they are put together from their characters, shaped once
// (Sarabun neither kerns nor substitutes these).
const DIGITS = /^[0-9.,:/#%+-]+$/;

/** The words (and spaces) of a text, as Intl.Segmenter finds them. */
function wordPieces(text: string): string[] {
  // Codes and numbers (no Thai, no space) are one word: the segmenter is the slow part of a table.
  if (!/[\u0E00-\u0E7F\s]/.test(text)) return text ? [text] : [];
  const out: string[] = [];
  for (const { segment } of wordSegmenter.segment(text)) out.push(segment);
  return out;
}

/** A measured width of a piece of text in points (in one font and size). */
export type Measure = (text: string) => number;

interface Unit {
  text: string;
  space: boolean;
  /** The words it is made of, where it may be cut when it is wider than a line. */
  parts: string[];
}

/** Words of a paragraph, with the pieces that must not be separated already joined. */
function units(paragraph: string): Unit[] {
  if (!/[\u0E00-\u0E7F\s]/.test(paragraph)) return paragraph ? [{ text: paragraph, space: false, parts: [paragraph] }] : [];
  const out: Unit[] = [];
  for (const { segment } of wordSegmenter.segment(paragraph)) {
    const space = /^\s+$/.test(segment);
    const last = out[out.length - 1];
    if (!space && last && !last.space && (NO_BREAK_BEFORE.test(segment) || NO_BREAK_AFTER.test(last.text))) {
      last.text += segment;
      last.parts.push(segment);
    } else if (!(space && last?.space)) out.push({ text: space ? ' ' : segment, space, parts: [segment] });
  }
  return out;
}

/**
 * Splits a unit wider than the line into pieces that fit: between its words first ("123/" and
 * "2567"), and a word that alone is wider than the line between grapheme clusters.
 */
function splitUnit(u: Unit, maxWidth: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  for (const part of u.parts) {
    const w = measure(part);
    // Punctuation that may not start a line takes the end of the word before it along.
    const glued = piece !== '' && NO_BREAK_BEFORE.test(part);
    if (piece && width + w > maxWidth && !glued) {
      pieces.push(piece);
      piece = '';
      width = 0;
    }
    if (w > maxWidth || (glued && width + w > maxWidth)) {
      const cut = splitLongWord(piece + part, maxWidth, measure);
      pieces.push(...cut.slice(0, -1));
      piece = cut[cut.length - 1];
      width = measure(piece);
    } else {
      piece += part;
      width += w;
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Splits one word wider than the line into pieces that fit, between grapheme clusters, after the
 * last full stop, slash or hyphen that fits when there is one (abbreviations: "ศปก.จ." + "สร.").
 */
function splitLongWord(word: string, maxWidth: number, measure: Measure): string[] {
  const clusters: string[] = [];
  for (const { segment } of graphemeSegmenter.segment(word)) {
    if (clusters.length && (LEADING_VOWEL.test(clusters[clusters.length - 1]) || NO_BREAK_BEFORE.test(segment))) clusters[clusters.length - 1] += segment;
    else clusters.push(segment);
  }
  const pieces: string[] = [];
  let piece: string[] = [];
  let width = 0;
  for (const c of clusters) {
    const w = measure(c);
    if (piece.length && width + w > maxWidth) {
      let cut = piece.length;
      for (let k = piece.length - 1; k > 0; k--) {
        if (/[./-]$/.test(piece[k - 1]) && !/^[./-]/.test(piece[k])) {
          cut = k;
          break;
        }
      }
      pieces.push(piece.slice(0, cut).join(''));
      piece = piece.slice(cut);
      width = piece.reduce((s, x) => s + measure(x), 0);
    }
    piece.push(c);
    width += w;
  }
  if (piece.length) pieces.push(piece.join(''));
  return pieces;
}

/**
 * Breaks text into lines no wider than `maxWidth`, each line given as the pieces it is made of
 * (words, words kept together, single spaces): see `breakLines`. Drawing a line from its pieces
 * spares segmenting and shaping the text a second time.
 */
export function breakPieces(text: string, maxWidth: number, measure: Measure): string[][] {
  const lines: string[][] = [];
  const spaceWidth = measure(' ');
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: string[] = [];
    let width = 0;
    let pendingSpace = false;
    for (const u of units(paragraph)) {
      if (u.space) {
        pendingSpace = line.length > 0;
        continue;
      }
      const w = measure(u.text);
      const gap = pendingSpace ? spaceWidth : 0;
      pendingSpace = false;
      if (line.length && width + gap + w <= maxWidth) {
        if (gap) line.push(' ');
        line.push(u.text);
        width += gap + w;
        continue;
      }
      if (line.length) lines.push(line);
      if (w <= maxWidth) {
        line = [u.text];
        width = w;
      } else {
        const pieces = splitUnit(u, maxWidth, measure);
        for (const piece of pieces.slice(0, -1)) lines.push([piece]);
        line = [pieces[pieces.length - 1]];
        width = measure(line[0]);
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Breaks text into lines no wider than `maxWidth`, at Thai word boundaries
 * (`Intl.Segmenter`), spaces and newlines; never inside a word or between a consonant and its
 * marks. A word wider than a whole line is cut between grapheme clusters. Spaces at the ends of
 * lines are dropped. An empty text gives one empty line. `measure` is given single words (or
 * pieces of one) and a space.
 */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  return breakPieces(text, maxWidth, measure).map((l) => l.join(''));
}

// ---------------------------------------------------------------------------------------------
// The document

/** PDFKit's embedded font, as far as this module uses it (PDFKit has no public glyph API). */
interface EmbeddedFont {
  id: string;
  layoutCache?: Record<string, unknown>;
  widthOfString(text: string, size: number): number;
  encode(text: string): [string[], Array<{ xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }>];
  ref(): unknown;
}
interface DocumentInternals {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
}

/** How a piece of text looks. */
export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: string;
}

/** Placement of one line of text. */
export interface LineOptions extends TextStyle {
  /** With `width`: left (default), right or centre of the box starting at x. */
  align?: 'left' | 'right' | 'center';
  width?: number;
}

/** One column of a table. */
export interface TableColumn<R> {
  header: string;
  /** A fixed width in points (for codes and numbers, measured with `measure`)... */
  width?: number;
  /** ...or a share of the width the fixed columns leave (the weights are scaled to it). */
  weight?: number;
  align?: 'left' | 'right' | 'center';
  value: (row: R, index: number) => string;
}

/** How a table looks. */
export interface TableOptions {
  size?: number;
  headerSize?: number;
  padding?: number;
  /** Shade every other row. */
  zebra?: boolean;
}

export interface ThaiPdfOptions {
  title: string;
  author?: string;
  subject?: string;
  margins?: { top: number; right: number; bottom: number; left: number };
  /** Draws what every page carries above the content (a running header, a "draft" mark). Returns the y where content starts. */
  pageHeader?: (pdf: ThaiPdf, pageIndex: number) => number;
  /** Draws over each finished page (a faint "draft" stamp, which shading under it would hide). */
  pageOverlay?: (pdf: ThaiPdf, pageIndex: number) => void;
  now?: Date;
}

/** A text as UTF-16BE hex with a byte-order mark, the PDF text string form that needs no escaping. */
const hexUtf16 = (s: string): string => `FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex')}`;
const num = (v: number): string => String(Math.round(v * 1000) / 1000);
const rgbCache = new Map<string, string>();
/** "#rrggbb" as PDF fill colour operands ("0.69 0 0.125"); black when absent. */
function rgb(color = '#000000'): string {
  let v = rgbCache.get(color);
  if (v === undefined) {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    if (!m) throw new Error(`colour must be written #rrggbb, got "${color}"`);
    v = m.slice(1).map((h) => num(parseInt(h, 16) / 255)).join(' ');
    rgbCache.set(color, v);
  }
  return v;
}

/**
 * An A4 Thai document being written top to bottom: `y` is the cursor, new pages start when
 * content would cross the bottom margin, and `finish` writes the page footers and returns the PDF.
 */
export class ThaiPdf {
  /** The PDFKit document, for drawing (lines, shapes, images) that this class does not wrap. */
  readonly doc: PDFKit.PDFDocument;
  readonly margins: { top: number; right: number; bottom: number; left: number };
  /** The cursor: the top of the next thing written, in points from the page's top. */
  y: number;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly pageHeader?: (pdf: ThaiPdf, pageIndex: number) => number;
  private readonly pageOverlay?: (pdf: ThaiPdf, pageIndex: number) => void;
  private pageCount = 0;
  private readonly embedded = new Map<Weight, EmbeddedFont>();
  private readonly wrapped = new Map<string, string[][]>();
  private readonly programs = new Map<string, Map<string, string>>();

  constructor(opts: ThaiPdfOptions) {
    this.margins = opts.margins ?? { top: 50, right: 45, bottom: 55, left: 45 };
    this.doc = new PDFDocument({
      size: 'A4', margin: 0, bufferPages: true, autoFirstPage: false, lang: 'th-TH', displayTitle: true,
      // PDFKit reads every key of info, so an absent subject is left out rather than undefined.
      info: { Title: opts.title, Author: opts.author ?? 'COMAP', ...(opts.subject ? { Subject: opts.subject } : {}), Creator: 'COMAP', CreationDate: opts.now ?? new Date() },
    });
    const f = fonts();
    // PDFKit takes a parsed fontkit font as well as a file (the types know only files).
    for (const w of ['regular', 'bold'] as const) this.doc.registerFont(FONT_NAMES[w], f[w] as unknown as Buffer);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.pageHeader = opts.pageHeader;
    this.pageOverlay = opts.pageOverlay;
    this.y = this.margins.top;
    this.addPage();
  }

  /** Width between the side margins. */
  get contentWidth(): number {
    return A4.width - this.margins.left - this.margins.right;
  }

  /** The lowest y content may reach. */
  get bottom(): number {
    return A4.height - this.margins.bottom;
  }

  /** Starts a new page and draws its running header. */
  addPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = this.margins.top;
    const index = this.pageCount++;
    if (this.pageHeader) this.y = this.pageHeader(this, index);
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom) this.addPage();
  }

  /** Width of a text in points, as drawn (word by word, as `line` draws it). */
  measure(text: string, style: TextStyle): number {
    return this.measurePieces(wordPieces(text), style);
  }

  private measurePieces(pieces: readonly string[], style: TextStyle): number {
    let w = 0;
    for (const p of pieces) w += this.measureWord(p, style);
    return w;
  }

  /** Width of one word (or a piece that is shaped as one), as drawn. */
  private measureWord(text: string, style: TextStyle): number {
    const font = this.font(style.weight ?? 'regular');
    if (!DIGITS.test(text)) return font.widthOfString(text, style.size);
    let w = 0;
    for (const c of text) w += font.widthOfString(c, style.size);
    return w;
  }

  /** PDFKit's font object of a weight in this document. */
  private font(weight: Weight): EmbeddedFont {
    let f = this.embedded.get(weight);
    if (!f) {
      this.doc.font(FONT_NAMES[weight]);
      f = (this.doc as unknown as DocumentInternals)._font;
      if (Object.keys(layouts[weight]).length > LAYOUTS_MAX) layouts[weight] = Object.create(null);
      f.layoutCache = layouts[weight];
      this.embedded.set(weight, f);
    }
    return f;
  }

  /** The text broken into lines of at most `width` points (see `breakLines`). */
  wrap(text: string, width: number, style: TextStyle): string[] {
    return this.wrapPieces(text, width, style).map((l) => l.join(''));
  }

  private wrapPieces(text: string, width: number, style: TextStyle): string[][] {
    // Names, districts and category labels recur down a table.
    const key = `${width}\u0000${style.weight ?? ''}\u0000${style.size}\u0000${text}`;
    let lines = this.wrapped.get(key);
    if (!lines) {
      lines = breakPieces(text, width, (s) => this.measureWord(s, style));
      if (this.wrapped.size > 20_000) this.wrapped.clear();
      this.wrapped.set(key, lines);
    }
    return lines;
  }

  /** Height of one line in a style. */
  lineHeight(style: TextStyle): number {
    return style.size * LINE_HEIGHT;
  }

  /**
   * Draws one line of text whose line box starts at `top` (no wrapping, no page break), with its
   * real text attached for copying and searching.
   */
  line(text: string, x: number, top: number, opts: LineOptions): void {
    this.drawPieces(wordPieces(text), x, top, opts);
  }

  /**
   * The inside of a TJ array that shows one word where the pen is, whatever the pen's position:
   * a mark the font moves sideways is reached with TJ's own adjustments, one it raises or lowers
   * with the text rise. Kept per document (glyph numbers belong to its font subset).
   */
  private program(font: EmbeddedFont, weight: Weight, size: number, piece: string): string {
    const styleKey = `${weight}${size}`;
    let cache = this.programs.get(styleKey);
    if (!cache) this.programs.set(styleKey, (cache = new Map()));
    let out = cache.get(piece);
    if (out !== undefined) return out;
    if (DIGITS.test(piece) && piece.length > 1) {
      out = [...piece].map((c) => this.program(font, weight, size, c)).join('');
      cache.set(piece, out);
      return out;
    }
    const [glyphs, positions] = font.encode(piece);
    out = '';
    let rise = 0;
    for (let i = 0; i < glyphs.length; i++) {
      const p = positions[i];
      const dy = (p.yOffset * size) / 1000;
      if (dy !== rise) {
        out += `] TJ ${num(dy)} Ts [`;
        rise = dy;
      }
      // TJ numbers are thousandths of the font size, and positive ones move left.
      // (Numbers are spaced: two written side by side would read as one.)
      if (p.xOffset !== 0) out += ` ${num(-p.xOffset)} `;
      out += `<${glyphs[i]}>`;
      const back = p.xOffset + p.advanceWidth - p.xAdvance;
      if (back !== 0) out += ` ${num(back)} `;
    }
    if (rise !== 0) out += '] TJ 0 Ts [';
    cache.set(piece, out);
    return out;
  }

  /** Draws a line made of pieces that are each shaped alone (words: Thai shaping never crosses one). */
  private drawPieces(pieces: readonly string[], x: number, top: number, opts: LineOptions): void {
    if (!pieces.length) return;
    const text = pieces.join('');
    const size = opts.size;
    if (opts.width !== undefined && opts.align === 'right') x += opts.width - this.measurePieces(pieces, opts);
    else if (opts.width !== undefined && opts.align === 'center') x += (opts.width - this.measurePieces(pieces, opts)) / 2;
    const font = this.font(opts.weight ?? 'regular');
    const page = (this.doc as unknown as DocumentInternals).page;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    // The text matrix flips y back (the page's user space runs downwards); the baseline is centred
    // in the line box. The colour is set inside this line's own graphics state, so it never leaks.
    const baseline = top + (size * LINE_HEIGHT - size * (ASCENT + DESCENT)) / 2 + size * ASCENT;
    let body = '';
    for (const piece of pieces) body += this.program(font, opts.weight ?? 'regular', size, piece);
    const out = `q ${rgb(opts.color)} rg BT /${font.id} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(baseline)} Tm /Span <</ActualText <${hexUtf16(text)}>>> BDC [${body}] TJ EMC ET Q\n`;
    // As bytes: PDFKit turns a string into bytes one character at a time in JavaScript.
    this.doc.addContent(Buffer.from(out, 'latin1') as unknown as string);
  }

  /**
   * Writes a wrapped paragraph at the cursor across the content width (or `width` from `x`),
   * starting new pages as needed, and moves the cursor below it.
   */
  paragraph(text: string, opts: LineOptions & { x?: number; spaceAfter?: number }): void {
    const x = opts.x ?? this.margins.left;
    const width = opts.width ?? this.contentWidth - (x - this.margins.left);
    const lh = this.lineHeight(opts);
    for (const l of this.wrapPieces(text, width, opts)) {
      this.ensureSpace(lh);
      this.drawPieces(l, x, this.y, { ...opts, width });
      this.y += lh;
    }
    this.y += opts.spaceAfter ?? 0;
  }

  /**
   * Writes a table at the cursor across the content width: a bold shaded header repeated at the
   * top of every page the table reaches, cells wrapped at Thai word boundaries, a row that does not
   * fit the rest of a page moved to the next, and a row taller than a whole page split across pages.
   */
  table<R>(columns: Array<TableColumn<R>>, rows: readonly R[], opts: TableOptions = {}): void {
    const size = opts.size ?? 10;
    const headerStyle: TextStyle = { size: opts.headerSize ?? size, weight: 'bold' };
    const bodyStyle: TextStyle = { size };
    const pad = opts.padding ?? 3;
    const fixed = columns.reduce((s, c) => s + (c.width ?? 0), 0);
    const total = columns.reduce((s, c) => s + (c.width === undefined ? c.weight ?? 1 : 0), 0);
    if (fixed > this.contentWidth) throw new RangeError(`table: the fixed columns (${fixed.toFixed(0)} pt) are wider than the page (${this.contentWidth.toFixed(0)} pt)`);
    const left = this.margins.left;
    const widths = columns.map((c) => c.width ?? ((c.weight ?? 1) / total) * (this.contentWidth - fixed));
    const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const right = left + this.contentWidth;
    const headerLines = columns.map((c, i) => this.wrapPieces(c.header, widths[i] - 2 * pad, headerStyle));
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * this.lineHeight(headerStyle) + 2 * pad;
    const lh = this.lineHeight(bodyStyle);
    const doc = this.doc;
    let segmentTop = this.y;

    const closeSegment = () => {
      doc.save().lineWidth(0.5).strokeColor('#555555');
      for (const x of [...xs, right]) doc.moveTo(x, segmentTop).lineTo(x, this.y);
      doc.moveTo(left, this.y).lineTo(right, this.y).stroke().restore();
    };
    const header = () => {
      segmentTop = this.y;
      doc.save().rect(left, this.y, this.contentWidth, headerHeight).fill('#e4e4e4').restore();
      columns.forEach((c, i) => headerLines[i].forEach((l, k) =>
        this.drawPieces(l, xs[i] + pad, this.y + pad + k * this.lineHeight(headerStyle), { ...headerStyle, width: widths[i] - 2 * pad, align: 'center' })));
      this.y += headerHeight;
      doc.save().lineWidth(0.5).strokeColor('#555555').moveTo(left, segmentTop).lineTo(right, segmentTop)
        .moveTo(left, this.y).lineTo(right, this.y).stroke().restore();
    };
    const newPage = () => {
      closeSegment();
      this.addPage();
      header();
    };

    this.ensureSpace(headerHeight + lh + 2 * pad);
    header();
    rows.forEach((row, r) => {
      const cells = columns.map((c, i) => this.wrapPieces(c.value(row, r), widths[i] - 2 * pad, bodyStyle));
      const lines = Math.max(...cells.map((c) => c.length));
      const fullPage = Math.floor((this.bottom - this.margins.top - headerHeight - 2 * pad) / lh);
      // A row that fits a fresh page is not split; a longer one starts here and continues.
      if (this.y + lines * lh + 2 * pad > this.bottom && (lines <= fullPage || this.bottom - this.y - 2 * pad < lh)) newPage();
      let from = 0;
      while (from < lines) {
        const fit = Math.max(1, Math.floor((this.bottom - this.y - 2 * pad) / lh));
        const n = Math.min(fit, lines - from);
        const h = n * lh + 2 * pad;
        if (opts.zebra && r % 2 === 1) doc.save().rect(left, this.y, this.contentWidth, h).fill('#f4f4f4').restore();
        cells.forEach((c, i) => c.slice(from, from + n).forEach((l, k) =>
          this.drawPieces(l, xs[i] + pad, this.y + pad + k * lh, { ...bodyStyle, width: widths[i] - 2 * pad, align: columns[i].align })));
        this.y += h;
        doc.save().lineWidth(0.25).strokeColor('#999999').moveTo(left, this.y).lineTo(right, this.y).stroke().restore();
        from += n;
        if (from < lines) newPage();
      }
    });
    closeSegment();
  }

  /**
   * Writes the overlay and the footer of every page (given the page's index and the page count,
   * e.g. "หน้า 1 จาก 3") and returns the finished PDF.
   */
  async finish(footer: (pageIndex: number, pageCount: number) => { left?: string; right?: string }): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    const style: TextStyle = { size: 8.5, color: '#444444' };
    const top = A4.height - this.margins.bottom + 14;
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      this.pageOverlay?.(this, i - range.start);
      const f = footer(i - range.start, range.count);
      this.doc.save().lineWidth(0.5).strokeColor('#999999')
        .moveTo(this.margins.left, top - 2).lineTo(A4.width - this.margins.right, top - 2).stroke().restore();
      if (f.left) this.line(f.left, this.margins.left, top, style);
      if (f.right) this.line(f.right, this.margins.left, top, { ...style, width: this.contentWidth, align: 'right' });
    }
    this.doc.end();
    return this.done;
  }
}
