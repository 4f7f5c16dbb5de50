/**
 * Reads a CSV of villages (muban) with latitude and longitude. Excel writes UTF-8 with a BOM, or
 * on Thai Windows plain cp874; both are read. The field mapping turns lat/lon into points.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ImportError } from '../errors.ts';
import { decodeUtf8, fileError, type SourceData, type SourceRecord } from './import-types.ts';

/** Picks the delimiter the header line uses most (comma, semicolon or tab). */
function detectDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const header = nl < 0 ? text : text.slice(0, nl);
  let best = ',';
  let most = -1;
  for (const d of [',', ';', '\t']) {
    const n = header.split(d).length - 1;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

/** Parses CSV bytes into records (line numbers as `n`, the header being line 1). */
export function parseCsv(bytes: Uint8Array, file: string): SourceData {
  const warnings: string[] = [];
  let text = decodeUtf8(bytes);
  if (text === null) {
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-874');
    warnings.push('the CSV is not UTF-8: read as TIS-620 (windows-874), as Excel saves it on Thai Windows');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw fileError(file, 'the CSV file is empty');
  if (text.includes('\0')) throw fileError(file, 'not a text file: it contains binary data (is it an Excel .xlsx renamed to .csv?)');

  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = (parse as (t: string, o: object) => typeof parsed)(text, { delimiter: detectDelimiter(text), info: true, skip_empty_lines: true, relax_column_count: true, bom: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    const message = `not valid CSV: ${err.message}`;
    throw new ImportError(`${file}: ${message}`, [{ file, ...(err.lines ? { row: err.lines } : {}), message }]);
  }
  const header = parsed[0].record.map((h) => h.trim());
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (h === '') return;
    if (seen.has(key)) throw fileError(file, `column "${h}" appears twice in the header (columns ${seen.get(key)! + 1} and ${i + 1})`);
    seen.set(key, i);
  });
  const records: SourceRecord[] = [];
  for (let r = 1; r < parsed.length; r++) {
    const { record, info } = parsed[r];
    const props: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h === '') return;
      const v = record[i]?.trim();
      props[h] = v === undefined || v === '' ? null : v;
    });
    const rec: SourceRecord = { file, n: info.lines, props };
    if (record.length > header.length && record.slice(header.length).some((v) => v.trim() !== '')) {
      rec.problem = { message: `line ${info.lines} has ${record.length} values but the header has ${header.length} columns` };
    }
    records.push(rec);
  }
  return { format: 'csv', records, fields: header.filter((h) => h !== ''), warnings };
}
