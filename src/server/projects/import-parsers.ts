/**
 * Readers of project spreadsheets (CSV and XLSX) into project inputs, one per row, with every
 * problem of every cell listed by spreadsheet row (the header is row 1) and column. Pure: the file
 * arrives as bytes, nothing here touches the disk or the database. What needs the database (the
 * agency by code or name, category labels, whether an area exists and is in scope) is left to
 * the import service; this module checks only what a cell alone can tell.
 */
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { ImportError, type ErrorDetail } from '../errors.ts';
import { tryParseAreaCode } from '../../shared/area-codes.ts';
import { BE_OFFSET, THAI_MONTHS, THAI_MONTHS_SHORT } from '../../shared/fiscal.ts';
import {
  BUDGET_SOURCES, DEFAULT_PUBLIC_FIELDS, PROJECT_ORIGINS, PROJECT_STATUSES, PROJECT_VISIBILITIES, PUBLIC_FIELDS,
  type PlannedOutput, type ProjectInput, type PublicField,
} from '../../shared/project-types.ts';
import {
  BUDGET_SOURCE_TH, BUDGET_SOURCE_WORDS, COLUMNS, EXPORT_ONLY_FIELDS, IMPORT_FIELDS, NO_PUBLIC_FIELDS_WORDS, NO_WORDS,
  ORIGIN_TH, ORIGIN_WORDS, PUBLIC_FIELD_TH, REQUIRED_FIELDS, STATUS_TH, STATUS_WORDS, VISIBILITY_TH, VISIBILITY_WORDS, YES_WORDS,
  columnForHeader, normalizeHeader, type ColumnKey, type ImportField,
} from './import-columns.ts';

export type ProjectFileFormat = 'csv' | 'xlsx';

export const PROJECT_FILE_EXTENSIONS = ['.xlsx', '.csv'];

/** Rows a file may hold (a province's projects of several years fit many times over). */
export const MAX_IMPORT_ROWS = 20_000;

/** Sheet names that hold the projects in a workbook of several sheets (else the first sheet). */
export const PROJECT_SHEET_NAMES = ['โครงการ', 'projects', 'project'];

/** The format of a file from its name, or null when COMAP cannot read it. */
export function detectProjectFormat(fileName: string): ProjectFileFormat | null {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return null;
}

/** A project read from one row, with the agency still as written. */
export interface ProjectRow {
  /** The spreadsheet row (header = 1). */
  row: number;
  /** The agency as written: a code or a Thai name. */
  agency: string;
  /** Category codes or labels as written (the service turns labels into codes). */
  input: Omit<ProjectInput, 'agencyId'>;
  /**
   * Columns whose cell could not be read on this row (their errors are already listed); a
   * neutral value stands in, so the row can still be checked for everything else.
   */
  failed: Set<ImportField>;
}

export interface ParsedProjectFile {
  format: ProjectFileFormat;
  /** The sheet read (XLSX). */
  sheet: string | null;
  rows: ProjectRow[];
  /** Cell problems, by row and column, in row order. */
  errors: ErrorDetail[];
  /** Export-only columns present in the file, which the import ignores. */
  ignoredColumns: string[];
  /** The columns the file has (an update keeps what a project has in the others). */
  columns: Set<ImportField>;
}

/* ------------------------------------------------------------------ cells */

/** A raw cell: text (CSV and most XLSX cells), a number, a boolean or a date (XLSX). */
export type Cell = string | number | boolean | Date | null | undefined;

/** A cell as text, trimmed; a number as JavaScript writes it. */
function text(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}

const isEmpty = (v: Cell) => text(v) === '';

/** A value shown in a message: quoted, and cut when long. */
function shown(v: Cell): string {
  const s = text(v);
  return `"${s.length > 60 ? `${s.slice(0, 60)}...` : s}"`;
}

type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (message: string): CellResult<never> => ({ ok: false, message });

/** numeric(16, 2) holds amounts below 10^14 baht. */
const BAHT_LIMIT = 1e14;

/**
 * Reads a budget in baht: a number cell, or text such as "1250000", "1,250,000", "1250000.50",
 * "1,250,000 บาท" or "฿1,250,000". A number cell is rounded to the satang; text with more than
 * two decimals, a negative amount or words are errors.
 */
export function parseBudget(v: Cell): CellResult<number> {
  const bad = fail(`budget must be a number of baht, got ${shown(v)}`);
  let n: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad;
    n = Math.round(v * 100) / 100;
  } else {
    const s = text(v);
    if (s === '') return fail('budget is empty: write the amount in baht (0 when there is none)');
    // "1,250,000 บาท", "฿1,250,000", "1,250,000.-" (the Thai way of writing whole baht).
    const bare = s.replace(/^(฿|thb)\s*/i, '').replace(/(\s*(บาท|baht|thb|฿|\.-))+$/i, '').trim();
    if (/^-\s*\d/.test(bare)) return fail(`budget cannot be negative, got ${shown(v)}`);
    const digits = bare.replace(/^\+/, '');
    if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(digits)) return bad;
    const [, decimals = ''] = digits.split('.');
    if (decimals.length > 2) return fail(`budget ${shown(v)} has more than two decimals: baht are counted to the satang (0.01)`);
    n = Number(digits.replace(/,/g, ''));
  }
  if (n < 0) return fail(`budget cannot be negative, got ${shown(v)}`);
  if (n >= BAHT_LIMIT) return fail(`budget ${shown(v)} is too large`);
  return ok(n);
}

/** Reads a Buddhist Era fiscal year: 2568, "2568", "พ.ศ. 2568" or "ปีงบประมาณ 2568". */
export function parseFiscalYear(v: Cell): CellResult<number> {
  const s = text(v);
  if (s === '') return fail('fiscal_year is empty: write the Buddhist Era fiscal year, e.g. 2568');
  const m = /^(?:ปีงบประมาณ|ปีงบ|fy|พ\.?\s?ศ\.?)?\s*(?:พ\.?\s?ศ\.?)?\s*(\d{4})(?:\.0+)?$/i.exec(s);
  if (!m) return fail(`fiscal_year must be a Buddhist Era year such as 2568, got ${shown(v)}`);
  const y = Number(m[1]);
  if (y >= 1950 && y <= 2200) {
    return fail(`fiscal_year must be a Buddhist Era year such as 2568, got ${shown(v)} (the fiscal year ending in ${y} is ${y + BE_OFFSET})`);
  }
  if (y < 2500 || y > 2700) return fail(`fiscal_year ${shown(v)} is out of range: a Buddhist Era year between 2500 and 2700`);
  return ok(y);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, m: number) => (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]);
const pad = (n: number) => String(n).padStart(2, '0');

/** Thai month names, full and short, with and without dots, to month numbers. */
const THAI_MONTH_NUMBER = new Map<string, number>();
THAI_MONTHS.forEach((m, i) => THAI_MONTH_NUMBER.set(m, i + 1));
THAI_MONTHS_SHORT.forEach((m, i) => {
  THAI_MONTH_NUMBER.set(m, i + 1);
  THAI_MONTH_NUMBER.set(m.replace(/\./g, ''), i + 1);
});

/** Days from 1899-12-30 (Excel's day 0, counting its 1900 leap-year bug) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * Reads a calendar date into YYYY-MM-DD (Common Era): "2024-10-01", "1/10/2567" or "01.10.2567"
 * (day first; a year above 2400 is Buddhist Era), "1 ต.ค. 2567" or "1 ตุลาคม 2567", an XLSX date
 * cell, or Excel's day number. Empty is null.
 */
export function parseDate(v: Cell, field: 'start_date' | 'end_date'): CellResult<string | null> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail(`${field} is not a valid date`);
    // Excel keeps a date without zone; exceljs hands it over as that wall-clock time in UTC.
    return checkYmd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v, field);
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2_958_465) return fail(`${field} ${shown(v)} is not a date`);
    const d = new Date((v - EXCEL_EPOCH_DAYS) * 86_400_000);
    return checkYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), v, field);
  }
  const s = text(v);
  if (s === '') return ok(null);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]0[07]:?00)?)?$/.exec(s);
  if (m) return checkYmd(Number(m[1]), Number(m[2]), Number(m[3]), v, field);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return checkYmd(Number(m[3]), Number(m[2]), Number(m[1]), v, field);
  m = /^(\d{1,2})\s*([\u0E00-\u0E7F.]+)\s*(?:พ\.?\s?ศ\.?)?\s*(\d{4})$/.exec(s);
  if (m && THAI_MONTH_NUMBER.has(m[2].replace(/\s/g, ''))) return checkYmd(Number(m[3]), THAI_MONTH_NUMBER.get(m[2].replace(/\s/g, ''))!, Number(m[1]), v, field);
  return fail(`${field} ${shown(v)} is not a date: write 15/1/2568 (day/month/Buddhist year) or 2025-01-15`);
}

function checkYmd(year: number, month: number, day: number, v: Cell, field: string): CellResult<string> {
  const y = year > 2400 ? year - BE_OFFSET : year;
  if (month < 1 || month > 12) return fail(`${field} ${shown(v)} has month ${month}: months are 1 to 12`);
  if (y < 1950 || y > 2200) return fail(`${field} ${shown(v)} is out of range (the year must be between 2493 and 2743 BE, 1950 and 2200 CE)`);
  if (day < 1 || day > daysIn(y, month)) return fail(`${field} ${shown(v)} does not exist (day ${day} of month ${month})`);
  return ok(`${y}-${pad(month)}-${pad(day)}`);
}

/** A lookup of coded values by code, Thai word or another accepted word, ignoring case and spacing. */
function wordMap<T extends string>(codes: readonly T[], th: Record<T, string>, words: Record<string, T>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [w, c] of Object.entries(words) as Array<[string, T]>) m.set(normalizeHeader(w), c);
  for (const c of codes) {
    m.set(normalizeHeader(th[c]), c);
    m.set(normalizeHeader(c), c);
  }
  return m;
}

const BUDGET_SOURCE_MAP = wordMap(BUDGET_SOURCES, BUDGET_SOURCE_TH, BUDGET_SOURCE_WORDS);
const STATUS_MAP = wordMap(PROJECT_STATUSES, STATUS_TH, STATUS_WORDS);
const VISIBILITY_MAP = wordMap(PROJECT_VISIBILITIES, VISIBILITY_TH, VISIBILITY_WORDS);
const ORIGIN_MAP = wordMap(PROJECT_ORIGINS, ORIGIN_TH, ORIGIN_WORDS);
const PUBLIC_FIELD_MAP = wordMap(PUBLIC_FIELDS, PUBLIC_FIELD_TH, {});

function allowed<T extends string>(codes: readonly T[], th: Record<T, string>): string {
  return codes.map((c) => `${th[c]} (${c})`).join(', ');
}

/** Reads a coded value (budget source, status, visibility, origin); empty is undefined. */
function parseCoded<T extends string>(v: Cell, field: ImportField, map: Map<string, T>, codes: readonly T[], th: Record<T, string>): CellResult<T | undefined> {
  const s = text(v);
  if (s === '') return ok(undefined);
  const c = map.get(normalizeHeader(s));
  return c ? ok(c) : fail(`${field} ${shown(v)} is not one of ${allowed(codes, th)}`);
}

export const parseBudgetSource = (v: Cell) => parseCoded(v, 'budget_source', BUDGET_SOURCE_MAP, BUDGET_SOURCES, BUDGET_SOURCE_TH);
export const parseStatus = (v: Cell) => parseCoded(v, 'status', STATUS_MAP, PROJECT_STATUSES, STATUS_TH);
export const parseVisibility = (v: Cell) => parseCoded(v, 'visibility', VISIBILITY_MAP, PROJECT_VISIBILITIES, VISIBILITY_TH);
export const parseOrigin = (v: Cell) => parseCoded(v, 'origin', ORIGIN_MAP, PROJECT_ORIGINS, ORIGIN_TH);

/** Splits a list cell on commas, semicolons and line breaks, without empties or repeats. */
function splitList(s: string, separators = /[,;\n\r、]+/): string[] {
  const out: string[] = [];
  for (const part of s.split(separators)) {
    const p = part.trim();
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** Category codes or labels as written, split on , or ; (resolved against the categories later). */
export function parseCategories(v: Cell): string[] {
  return splitList(text(v));
}

/**
 * Reads target areas: sub-district (6 digits) and village (8 digits) codes separated by , ; or
 * spaces, with or without OCHA's "TH" prefix. Whether each exists is checked later.
 */
export function parseAreas(v: Cell): CellResult<string[]> {
  const s = typeof v === 'number' ? String(v) : text(v);
  if (s === '') return fail('areas is empty: give at least one sub-district (6 digits) or village (8 digits) code');
  const codes: string[] = [];
  const problems: string[] = [];
  for (const token of splitList(s, /[,;\s、]+/)) {
    const r = tryParseAreaCode(token);
    if (!r.ok) problems.push(r.error);
    else if (r.value.level < 3) problems.push(`"${token}" is a ${r.value.level === 1 ? 'province' : 'district'} code: give sub-district (6 digits) or village (8 digits) codes`);
    else if (!codes.includes(r.value.code)) codes.push(r.value.code);
  }
  if (problems.length) return fail(`areas: ${problems.join('; ')}`);
  return ok(codes);
}

/** Reads a number in an output target: 10, "1,000", "2.5". */
function parseAmount(s: string): number | null {
  const t = s.trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(t)) return null;
  return Number(t.replace(/,/g, ''));
}

/**
 * Reads planned outputs written "name:unit:target" and separated by ; or line breaks, e.g.
 * "ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:200". A name may itself hold a colon (the last two parts
 * are the unit and the target).
 */
export function parseOutputs(v: Cell): CellResult<PlannedOutput[]> {
  const s = text(v);
  if (s === '') return ok([]);
  const out: PlannedOutput[] = [];
  for (const item of s.split(/[;\n\r]+/).map((x) => x.trim()).filter(Boolean)) {
    // Greedy: the last two colons part the unit and the target, so a name may hold a colon.
    const m = /^(.*)[:：]([^:：]*)[:：]([^:：]*)$/.exec(item);
    const name = m ? m[1].trim() : '';
    const unit = m ? m[2].trim() : '';
    if (!m || !name || !unit) return fail(`outputs: "${item}" must be written name:unit:target, e.g. "ฝายชะลอน้ำ:แห่ง:10"`);
    const target = parseAmount(m[3]);
    if (target === null) return fail(`outputs: the target of "${item}" must be a number, got "${m[3].trim()}"`);
    if (out.some((o) => o.name === name)) return fail(`outputs: "${name}" is listed twice`);
    out.push({ name, unit, target });
  }
  return ok(out);
}

/** Reads a yes/no cell (ใช่/ไม่ใช่, yes/no, true/false, 1/0); empty is no. */
export function parseYesNo(v: Cell, field: ImportField): CellResult<boolean> {
  if (typeof v === 'boolean') return ok(v);
  const s = normalizeHeader(text(v));
  if (s === '') return ok(false);
  if (YES_WORDS.includes(s)) return ok(true);
  if (NO_WORDS.includes(s)) return ok(false);
  return fail(`${field} ${shown(v)} must be ใช่ or ไม่ใช่ (yes or no)`);
}

/** Reads which fields a public project shows; empty is undefined (the default), "ไม่มี" is none. */
export function parsePublicFields(v: Cell): CellResult<PublicField[] | undefined> {
  const s = text(v);
  if (s === '') return ok(undefined);
  if (NO_PUBLIC_FIELDS_WORDS.includes(normalizeHeader(s))) return ok([]);
  const out: PublicField[] = [];
  const unknown: string[] = [];
  for (const token of splitList(s)) {
    const f = PUBLIC_FIELD_MAP.get(normalizeHeader(token));
    if (!f) unknown.push(`"${token}"`);
    else if (!out.includes(f)) out.push(f);
  }
  if (unknown.length) return fail(`public_fields: ${unknown.join(', ')} not one of ${allowed(PUBLIC_FIELDS, PUBLIC_FIELD_TH)}, or ไม่มี (none)`);
  return ok(out);
}

/**
 * A phone number as text. A number cell lost its leading zero (Excel turns 0812345678 into
 * 812345678), and every Thai number starts with 0, so it is put back.
 */
export function parsePhone(v: Cell): string {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
    const s = String(v);
    return s.length === 8 || s.length === 9 ? `0${s}` : s;
  }
  return text(v);
}

/* ------------------------------------------------------------------- rows */

/** Which column of the file holds each field (index into the row's cells). */
export type ColumnMap = Partial<Record<ImportField, number>>;

/**
 * Maps the header row to columns. Throws an ImportError (row 1) naming every unknown header,
 * every column given twice and every required column missing.
 */
export function resolveHeader(headers: Cell[], fileName: string): { columns: ColumnMap; ignored: string[]; width: number } {
  const columns: ColumnMap = {};
  const seen = new Map<ColumnKey, string>();
  const ignored: string[] = [];
  const unknown: string[] = [];
  const errors: ErrorDetail[] = [];
  headers.forEach((h, i) => {
    const name = text(h);
    if (name === '') return;
    const key = columnForHeader(name);
    if (!key) {
      unknown.push(name);
      return;
    }
    if (seen.has(key)) {
      errors.push({ file: fileName, row: 1, field: key, message: `two columns give ${key}: "${seen.get(key)}" and "${name}"` });
      return;
    }
    seen.set(key, name);
    if ((EXPORT_ONLY_FIELDS as readonly string[]).includes(key)) ignored.push(name);
    else columns[key as ImportField] = i;
  });
  if (unknown.length) {
    errors.unshift({
      file: fileName, row: 1, field: 'header',
      message: `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')}: use the headers of the template (its sheet "คำอธิบาย" lists them)`,
    });
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  for (const f of missing) errors.push({ file: fileName, row: 1, field: f, message: `missing column "${COLUMNS[f].th}" (${f})` });
  if (errors.length) {
    throw new ImportError(`${fileName}: the header row is not one COMAP can read: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  return { columns, ignored, width: headers.length };
}

/**
 * Reads one row into a project input. Every cell is read even after a bad one, so that the
 * user sees all the problems of the row at once.
 */
export function readProjectRow(row: number, cells: Cell[], columns: ColumnMap, fileName: string): { project: ProjectRow; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const failed = new Set<ImportField>();
  const cell = (f: ImportField): Cell => (columns[f] === undefined ? undefined : cells[columns[f]!]);
  const has = (f: ImportField) => columns[f] !== undefined;
  const take = <T>(f: ImportField, r: CellResult<T>, fallback: T): T => {
    if (r.ok) return r.value;
    errors.push({ file: fileName, row, field: f, message: r.message });
    failed.add(f);
    return fallback;
  };
  const required = (f: ImportField, what: string): string => {
    const s = text(cell(f));
    if (s === '') take(f, fail(`${f} is empty: ${what}`), '');
    return s;
  };

  const agency = required('agency', 'write the agency code or its Thai name');
  const fiscalYear = take('fiscal_year', parseFiscalYear(cell('fiscal_year')), 0);
  const title = required('title', 'every project needs a title');
  const budgetBaht = take('budget', parseBudget(cell('budget')), 0);
  const budgetSource = take('budget_source', parseBudgetSource(cell('budget_source')), undefined) ?? 'agency';
  const areaCodes = take('areas', parseAreas(cell('areas')), []);
  const startDate = has('start_date') ? take('start_date', parseDate(cell('start_date'), 'start_date'), null) : undefined;
  const endDate = has('end_date') ? take('end_date', parseDate(cell('end_date'), 'end_date'), null) : undefined;
  if (startDate && endDate && endDate < startDate) {
    take('end_date', fail(`end_date ${shown(cell('end_date'))} is before start_date ${shown(cell('start_date'))}`), null);
  }
  const input: Omit<ProjectInput, 'agencyId'> = {
    externalId: has('external_id') ? text(cell('external_id')) || null : undefined,
    fiscalYear,
    title,
    budgetBaht,
    budgetSource,
    categories: parseCategories(cell('categories')),
    areaCodes,
  };
  if (has('objectives')) input.objectives = text(cell('objectives'));
  if (startDate !== undefined) input.startDate = startDate;
  if (endDate !== undefined) input.endDate = endDate;
  // A column present with an empty cell means the default; a column absent means "not said"
  // (an update keeps what the project has).
  if (has('status')) input.status = take('status', parseStatus(cell('status')), undefined) ?? 'planned';
  if (has('responsible')) input.responsibleName = text(cell('responsible'));
  if (has('phone')) input.responsiblePhone = parsePhone(cell('phone'));
  if (has('visibility')) input.visibility = take('visibility', parseVisibility(cell('visibility')), undefined) ?? 'internal';
  if (has('public_fields')) input.publicFields = take('public_fields', parsePublicFields(cell('public_fields')), undefined) ?? [...DEFAULT_PUBLIC_FIELDS];
  if (has('outputs')) input.plannedOutputs = take('outputs', parseOutputs(cell('outputs')), []);
  if (has('origin')) input.origin = take('origin', parseOrigin(cell('origin')), undefined) ?? 'agency';
  if (has('seeking_support')) input.seekingSupport = take('seeking_support', parseYesNo(cell('seeking_support'), 'seeking_support'), false);
  if (has('support_needs')) input.supportNeeds = text(cell('support_needs'));
  return { project: { row, agency, input, failed }, errors };
}

/* -------------------------------------------------------------------- CSV */

/** The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Thai Windows (cp874). */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // Excel's plain "CSV" on a Thai Windows writes Windows-874, not UTF-8.
    return iconv.decode(buf, 'cp874');
  }
}

function sniffDelimiter(textContent: string): string {
  const firstLine = textContent.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

function csvErrorMessage(err: { code?: string; message: string }): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: a " opens a field that no " ends (check the quotes on this row)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a quoted field must be doubled (""), or the field must end right after the closing quote';
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'a quote appears inside an unquoted field: put the whole field in quotes and double the quote';
    default:
      return `the CSV cannot be read: ${err.message}`;
  }
}

/**
 * Undoes the guard of COMAP's CSV export: a cell that would start like a formula (= + - @) is
 * written with a leading apostrophe so that a spreadsheet shows it as text.
 */
function unguard(s: string): string {
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

/** The records of a CSV file, each with its row number (header = 1; a quoted line break stays in its row). */
export function readCsvRecords(buf: Buffer, fileName: string): Array<{ row: number; cells: Cell[] }> {
  const content = decodeCsv(buf);
  const delimiter = sniffDelimiter(content);
  let records: string[][];
  try {
    records = parseCsv(content, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (err: any) {
    if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) {
      const at = typeof err.records === 'number' ? err.records + 1 : undefined;
      throw new ImportError(`${fileName}: malformed CSV${at ? ` at row ${at}` : ''}: ${csvErrorMessage(err)}`, [{ file: fileName, row: at, message: csvErrorMessage(err) }]);
    }
    throw err;
  }
  return records.map((r, i) => ({ row: i + 1, cells: r.map(unguard) }));
}

/* ------------------------------------------------------------------- XLSX */

/** A cell of exceljs as a plain value: text, number, boolean or date (formulas by their result). */
function xlsxCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return xlsxCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/** The rows of the projects sheet of a workbook: the sheet named โครงการ or projects, else the first. */
export async function readXlsxRecords(buf: Buffer, fileName: string): Promise<{ sheet: string; records: Array<{ row: number; cells: Cell[] }> }> {
  if (buf.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') {
    throw new ImportError(`${fileName} is not an XLSX workbook (an .xlsx file is a zip archive; save the sheet as "Excel Workbook (.xlsx)")`, [
      { file: fileName, message: 'not an XLSX workbook' },
    ]);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err: any) {
    throw new ImportError(`${fileName}: the XLSX workbook cannot be read (${err?.message ?? err})`, [{ file: fileName, message: 'damaged or unsupported XLSX file' }]);
  }
  // exceljs lists the sheets in the workbook's tab order.
  const sheets = wb.worksheets;
  const ws = sheets.find((s) => PROJECT_SHEET_NAMES.includes(s.name.trim().toLowerCase())) ?? sheets[0];
  if (!ws) throw new ImportError(`${fileName}: the workbook has no sheet`, [{ file: fileName, message: 'no sheet' }]);
  const records: Array<{ row: number; cells: Cell[] }> = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    // exceljs numbers cells from 1; index 0 is empty.
    const values = (r.values as unknown[]).slice(1);
    records.push({ row: n, cells: Array.from({ length: values.length }, (_, i) => xlsxCell(values[i])) });
  });
  return { sheet: ws.name, records };
}

/* ------------------------------------------------------------------- file */

/**
 * Reads a project file (CSV or XLSX). Throws ImportError for a problem of the whole file (not
 * readable, no header, unknown or missing columns, too many rows); returns the rows and the
 * problems of their cells otherwise.
 */
export async function parseProjectFile(content: Buffer, fileName: string): Promise<ParsedProjectFile> {
  const format = detectProjectFormat(fileName);
  if (!format) {
    throw new ImportError(`${fileName}: unsupported file type; COMAP imports projects from ${PROJECT_FILE_EXTENSIONS.join(' or ')} files`, [
      { file: fileName, message: `unsupported file type (use ${PROJECT_FILE_EXTENSIONS.join(' or ')})` },
    ]);
  }
  if (content.length === 0) throw new ImportError(`${fileName} is empty`, [{ file: fileName, message: 'the file is empty' }]);
  let sheet: string | null = null;
  let records: Array<{ row: number; cells: Cell[] }>;
  if (format === 'csv') records = readCsvRecords(content, fileName);
  else ({ sheet, records } = await readXlsxRecords(content, fileName));

  const filled = records.filter((r) => r.cells.some((c) => !isEmpty(c)));
  if (filled.length === 0) throw new ImportError(`${fileName}: the file has no header row`, [{ file: fileName, row: 1, message: 'no header row' }]);
  const [header, ...data] = filled;
  if (data.length > MAX_IMPORT_ROWS) {
    throw new ImportError(`${fileName} has ${data.length} project rows; at most ${MAX_IMPORT_ROWS} can be imported at once: split the file`, [
      { file: fileName, message: `more than ${MAX_IMPORT_ROWS} rows` },
    ]);
  }
  const { columns, ignored } = resolveHeader(header.cells, fileName);
  const named = new Set(header.cells.map((c, i) => (isEmpty(c) ? -1 : i)));
  const rows: ProjectRow[] = [];
  const errors: ErrorDetail[] = [];
  for (const r of data) {
    const stray = r.cells.findIndex((c, i) => !named.has(i) && !isEmpty(c));
    if (stray >= 0) {
      const letter = columnLetter(stray);
      errors.push({ file: fileName, row: r.row, field: `column ${letter}`, message: `column ${letter} has a value (${shown(r.cells[stray])}) but no header: give the column a header of the template or delete it` });
    }
    const { project, errors: e } = readProjectRow(r.row, r.cells, columns, fileName);
    rows.push(project);
    errors.push(...e);
  }
  if (rows.length === 0) throw new ImportError(`${fileName} holds no projects (only a header)`, [{ file: fileName, message: 'no project rows' }]);
  return { format, sheet, rows, errors, ignoredColumns: ignored, columns: new Set(Object.keys(columns) as ImportField[]) };
}

/** "A", "B", ... "AA": how a spreadsheet names a column (0-based index). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The fields of the import, for the route's documentation. */
export const IMPORT_COLUMN_NAMES = IMPORT_FIELDS.map((f) => `${COLUMNS[f].th} (${f})`);
