/**
 * Readers of incident files: CSV, XLSX and GeoJSON, each streamed row by row so that a file of a
 * million incidents never sits in memory. Every reader yields the same thing: a row number as the
 * user sees it (the spreadsheet row, the header being row 1; for GeoJSON the feature number) and
 * the values by incident field. Problems of the file as a whole are thrown as ImportError.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { ImportError } from '../errors.ts';
import { fieldForHeader, resolveColumns, type FieldError, type IncidentField } from '../../shared/incident-validate.ts';

export type ImportFormat = 'csv' | 'xlsx' | 'geojson';

export const SUPPORTED_EXTENSIONS = ['.csv', '.xlsx', '.geojson', '.json'];

/** The format of a file from its name, or null when COMAP cannot read it. */
export function detectFormat(fileName: string): ImportFormat | null {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  return null;
}

export interface SourceRow {
  /** Row as the user sees it: spreadsheet row (header = 1) or GeoJSON feature number (first = 1). */
  row: number;
  values: Partial<Record<IncidentField, unknown>>;
  /** Problems of the row's shape found while reading (before field validation). */
  errors?: FieldError[];
}

/**
 * Reads the rows of an incident file of the given format, handed over in batches of whatever is
 * ready: one await per batch instead of one per row, which counts at a million rows.
 */
export function readIncidentRows(path: string, format: ImportFormat, fileName: string): AsyncGenerator<SourceRow[]> {
  if (format === 'csv') return readCsv(path, fileName);
  if (format === 'xlsx') return batched(readXlsx(path, fileName));
  return batched(readGeojson(path, fileName));
}

async function* batched<T>(rows: AsyncGenerator<T>, size = 1000): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Everything a readable stream has buffered, batch by batch, until it ends (or fails). */
async function* readableBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (e: unknown) => {
    failure = e;
    notify();
  };
  stream.on('readable', notify);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      const batch: T[] = [];
      let item: T | null;
      while ((item = stream.read()) !== null) batch.push(item);
      if (batch.length) {
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.off('readable', notify);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}

function headerError(fileName: string, errors: FieldError[]): ImportError {
  return new ImportError(
    `${fileName}: the header row does not give the columns COMAP needs: ${errors.map((e) => e.message).join('; ')}`,
    errors.map((e) => ({ file: fileName, row: 1, field: e.field, message: e.message })),
  );
}

type ColumnList = Array<[IncidentField, number]>;

function columnList(columns: Partial<Record<IncidentField, number>>): ColumnList {
  return Object.entries(columns) as ColumnList;
}

function rowValues(cells: unknown[], columns: ColumnList): Partial<Record<IncidentField, unknown>> {
  const values: Partial<Record<IncidentField, unknown>> = {};
  for (let i = 0; i < columns.length; i++) values[columns[i][0]] = cells[columns[i][1]];
  return values;
}

/* --------------------------------------------------------------------- CSV */

/** Sniffs the first 64 KB: UTF-8 (with or without BOM) or Thai Windows (cp874), and the delimiter. */
async function sniffCsv(path: string): Promise<{ encoding: 'utf8' | 'cp874'; delimiter: string }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    let encoding: 'utf8' | 'cp874' = 'utf8';
    let text: string;
    try {
      // stream: true so that a character cut at the 64 KB boundary is not taken for bad UTF-8.
      text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      // Excel's plain "CSV" on a Thai Windows writes Windows-874, not UTF-8.
      encoding = 'cp874';
      text = iconv.decode(head, 'cp874');
    }
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const unquoted = firstLine.replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
    const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { encoding, delimiter: best[1] > 0 ? best[0] : ',' };
  } finally {
    await fh.close();
  }
}

function csvErrorMessage(err: any): string {
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

async function* readCsv(path: string, fileName: string): AsyncGenerator<SourceRow[]> {
  const { encoding, delimiter } = await sniffCsv(path);
  const file = createReadStream(path);
  const input = (encoding === 'utf8' ? file : file.pipe(iconv.decodeStream('cp874'))) as Readable;
  const parser = parseCsv({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let columns: ColumnList | null = null;
  let width = 0;
  let row = 0;
  try {
    for await (const records of readableBatches<string[]>(parser)) {
      const out: SourceRow[] = [];
      for (const record of records) {
        row += 1;
        if (record.every((c) => c.trim() === '')) {
          if (!columns) row -= 1;
          continue;
        }
        if (!columns) {
          const r = resolveColumns(record);
          if (r.errors.length) throw headerError(fileName, r.errors);
          columns = columnList(r.columns);
          width = record.length;
          continue;
        }
        if (record.length > width) {
          out.push({
            row,
            values: {},
            errors: [{ field: 'row', message: `the row has ${record.length} fields but the header has ${width}: a value containing "${delimiter}" must be in quotes` }],
          });
          continue;
        }
        out.push({ row, values: rowValues(record, columns) });
      }
      if (out.length) yield out;
    }
  } catch (err: any) {
    if (err instanceof ImportError) throw err;
    if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) {
      const at = typeof err.records === 'number' ? err.records + 1 : row + 1;
      throw new ImportError(`${fileName}: malformed CSV at row ${at}: ${csvErrorMessage(err)}`, [{ file: fileName, row: at, message: csvErrorMessage(err) }]);
    }
    throw err;
  } finally {
    file.destroy();
  }
  if (!columns) throw new ImportError(`${fileName}: the file has no header row`, [{ file: fileName, row: 1, message: 'no header row' }]);
}

/* -------------------------------------------------------------------- XLSX */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A cell as a plain value: text, number, or date-time text in Thai wall-clock time. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel stores a wall-clock time without zone; exceljs hands it over as that time in UTC.
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join('');
    if ('result' in o) return cellValue(o.result);
    if ('formula' in o || 'sharedFormula' in o) return '';
    if ('text' in o) return cellValue(o.text);
    if ('error' in o) return String(o.error);
    return '';
  }
  return v;
}

async function* readXlsx(path: string, fileName: string): AsyncGenerator<SourceRow> {
  const fh = await open(path, 'r');
  const magic = Buffer.alloc(4);
  await fh.read(magic, 0, 4, 0);
  await fh.close();
  if (magic.toString('latin1') !== 'PK\u0003\u0004') {
    throw new ImportError(`${fileName} is not an XLSX workbook (an .xlsx file is a zip archive; save the sheet as "Excel Workbook (.xlsx)")`, [
      { file: fileName, message: 'not an XLSX workbook' },
    ]);
  }
  const stream = createReadStream(path);
  const reader = new (ExcelJS as any).stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  let columns: ColumnList | null = null;
  try {
    for await (const sheet of reader) {
      if (columns) {
        // Only the first sheet holds incidents; drain the others without reading them.
        for await (const _row of sheet) continue;
        continue;
      }
      for await (const r of sheet) {
        const cells = (r.values as unknown[]).map(cellValue);
        if (cells.every((c) => String(c).trim() === '')) continue;
        if (!columns) {
          const res = resolveColumns(cells.map((c) => String(c ?? '')));
          if (res.errors.length) throw headerError(fileName, res.errors);
          columns = columnList(res.columns);
          continue;
        }
        yield { row: r.number, values: rowValues(cells, columns) };
      }
    }
  } catch (err: any) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${fileName}: the XLSX workbook cannot be read (${err?.message ?? err})`, [{ file: fileName, message: 'damaged or unsupported XLSX file' }]);
  } finally {
    stream.destroy();
  }
  if (!columns) throw new ImportError(`${fileName}: the first sheet has no header row`, [{ file: fileName, row: 1, message: 'no header row' }]);
}

/* ----------------------------------------------------------------- GeoJSON */

/**
 * Splits a GeoJSON FeatureCollection into its features while reading, without parsing the whole
 * document: only one feature's text is held at a time. Checks that the top level is an object
 * with "type": "FeatureCollection" and a "features" array of objects.
 */
export async function* geojsonFeatures(chunks: AsyncIterable<string>, fileName: string): AsyncGenerator<string> {
  let depth = 0;
  let inString = false;
  let escape = false;
  let pos = 0;
  let started = false;
  let ended = false;
  // Top-level object: alternating key and value; we only care about "type" and "features".
  let d1: 'key' | 'colon' | 'value' | 'after' = 'key';
  let key = '';
  let capturingKey = false;
  let typeValue: string | null = null;
  let capturingType = false;
  let inFeatures = false;
  let sawFeatures = false;
  let featureParts: string[] | null = null;
  let featureStart = 0;
  const fail = (msg: string): never => {
    throw new ImportError(`${fileName}: malformed GeoJSON near character ${pos}: ${msg}`, [{ file: fileName, message: `malformed GeoJSON near character ${pos}: ${msg}` }]);
  };

  for await (let chunk of chunks) {
    if (pos === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    if (featureParts) featureStart = 0;
    for (let i = 0; i < chunk.length; i++, pos++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (c === 92 /* \ */) escape = true;
        else if (c === 34 /* " */) {
          inString = false;
          if (capturingKey) {
            capturingKey = false;
            d1 = 'colon';
          } else if (capturingType) {
            capturingType = false;
            d1 = 'after';
          }
          continue;
        }
        if (capturingKey) key += chunk[i];
        else if (capturingType) typeValue += chunk[i];
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (ended) fail('text after the end of the JSON document');
      if (!started) {
        if (c !== 123 /* { */) fail('a GeoJSON file must be a JSON object (a FeatureCollection)');
        started = true;
        depth = 1;
        continue;
      }
      if (depth === 1) {
        if (d1 === 'key') {
          if (c === 34) {
            inString = true;
            capturingKey = true;
            key = '';
          } else if (c === 125 /* } */) {
            depth = 0;
            ended = true;
          } else fail('expected a property name');
          continue;
        }
        if (d1 === 'colon') {
          if (c !== 58 /* : */) fail('expected ":" after a property name');
          d1 = 'value';
          continue;
        }
        if (d1 === 'after') {
          if (c === 44 /* , */) d1 = 'key';
          else if (c === 125) {
            depth = 0;
            ended = true;
          } else fail('expected "," or "}"');
          continue;
        }
        // d1 === 'value'
        if (key === 'type' && c === 34) {
          inString = true;
          capturingType = true;
          typeValue = '';
          continue;
        }
        if (key === 'features') {
          if (c !== 91 /* [ */) fail('"features" must be an array');
          inFeatures = true;
          sawFeatures = true;
          depth = 2;
          continue;
        }
        if (c === 34) {
          inString = true;
          d1 = 'after';
          continue;
        }
        if (c === 123 || c === 91) {
          depth = 2;
          d1 = 'after';
          continue;
        }
        // A number, true, false or null: skip to the next separator.
        if (c === 44) d1 = 'key';
        else if (c === 125) {
          depth = 0;
          ended = true;
        }
        continue;
      }
      if (inFeatures && depth === 2) {
        if (c === 123) {
          featureParts = [];
          featureStart = i;
          depth = 3;
        } else if (c === 93 /* ] */) {
          inFeatures = false;
          depth = 1;
          d1 = 'after';
        } else if (c !== 44) fail('every element of "features" must be a Feature object');
        continue;
      }
      if (c === 34) {
        inString = true;
        continue;
      }
      if (c === 123 || c === 91) depth += 1;
      else if (c === 125 || c === 93) {
        depth -= 1;
        if (inFeatures && depth === 2 && featureParts) {
          featureParts.push(chunk.slice(featureStart, i + 1));
          const text = featureParts.join('');
          featureParts = null;
          yield text;
        } else if (!inFeatures && depth === 1) {
          d1 = 'after';
        }
      }
    }
    if (featureParts) featureParts.push(chunk.slice(featureStart));
  }
  if (!started) fail('the file holds no JSON object');
  if (!ended || inString) fail('the file ends before the JSON is complete');
  if (typeValue !== 'FeatureCollection') {
    throw new ImportError(`${fileName}: a GeoJSON FeatureCollection is expected, found "type": ${typeValue === null ? 'none' : `"${typeValue}"`}`, [
      { file: fileName, field: 'type', message: 'must be "FeatureCollection"' },
    ]);
  }
  if (!sawFeatures) throw new ImportError(`${fileName}: the FeatureCollection has no "features" array`, [{ file: fileName, field: 'features', message: 'missing' }]);
}

/** The values of one GeoJSON Feature (a Point) as an incident row. */
export function featureRow(text: string, n: number): SourceRow {
  let f: any;
  try {
    f = JSON.parse(text);
  } catch (err) {
    return { row: n, values: {}, errors: [{ field: 'feature', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  if (!f || f.type !== 'Feature') return { row: n, values: {}, errors: [{ field: 'type', message: 'not a GeoJSON Feature' }] };
  const values: Partial<Record<IncidentField, unknown>> = {};
  const props = f.properties && typeof f.properties === 'object' ? f.properties : {};
  for (const [k, v] of Object.entries(props)) {
    const field = fieldForHeader(k);
    if (field && field !== 'lon' && field !== 'lat' && values[field] === undefined) values[field] = v;
  }
  const g = f.geometry;
  if (!g) return { row: n, values, errors: [{ field: 'geometry', message: 'the feature has no geometry: a Point is needed' }] };
  if (g.type !== 'Point') return { row: n, values, errors: [{ field: 'geometry', message: `the geometry must be a Point, not ${String(g.type)}` }] };
  const c = g.coordinates;
  if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
    return { row: n, values, errors: [{ field: 'geometry', message: 'the Point needs coordinates [longitude, latitude]' }] };
  }
  values.lon = c[0];
  values.lat = c[1];
  return { row: n, values };
}

async function* readGeojson(path: string, fileName: string): AsyncGenerator<SourceRow> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    let n = 0;
    for await (const text of geojsonFeatures(stream as AsyncIterable<string>, fileName)) {
      n += 1;
      yield featureRow(text, n);
    }
  } finally {
    stream.destroy();
  }
}
