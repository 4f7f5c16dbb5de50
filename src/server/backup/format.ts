/**
 * The COMAP backup file: gzip-compressed JSON lines, readable by restore on either engine.
 *
 *   {"format":"comap-backup","formatVersion":1,"createdAt":...,"engine":...,"migrations":[1,3,4],"tables":[...]}
 *   {"table":"area","columns":[{"name":"code","type":"text","kind":"text"},...]}
 *   ["32",1,null,...]                      one JSON array per row, values in column order
 *   {"end":"area","rows":632}
 *   ...                                     every table, parents before children
 *   {"end":"backup","tables":10,"rows":1234}   the last line: without it the file is incomplete
 *
 * Values: numbers and booleans as JSON; geometry as hex EWKB, bytea as hex, timestamps as ISO
 * 8601 strings; everything else (text, bigint, numeric, json, arrays...) as the PostgreSQL text
 * form, so nothing is rounded on the way through JavaScript.
 */
import { StringDecoder } from 'node:string_decoder';

export const BACKUP_FORMAT = 'comap-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** How a column's values are written (see the file comment). */
export type ValueKind = 'number' | 'bool' | 'ewkb' | 'bytea' | 'iso' | 'text';

export interface BackupColumn {
  name: string;
  /** format_type() of the column, for the record and for checks. */
  type: string;
  kind: ValueKind;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  engine: string;
  postgres: string;
  postgis: string;
  migrations: number[];
  tables: string[];
}

export interface TableStart {
  table: string;
  columns: BackupColumn[];
}

export interface SectionEnd {
  end: string;
  rows: number;
  tables?: number;
}

/** The kind of values for a PostgreSQL type name (pg_type.typname). */
export function kindOfType(typname: string): ValueKind {
  switch (typname) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
    case 'oid':
      return 'number';
    case 'bool':
      return 'bool';
    case 'geometry':
    case 'geography':
      return 'ewkb';
    case 'bytea':
      return 'bytea';
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      return 'iso';
    default:
      return 'text';
  }
}

/** A problem with the backup file itself; says where when it can. */
export class BackupFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** Parses and checks the first line of a backup file. */
export function parseHeader(line: string | undefined): BackupHeader {
  if (line === undefined) throw new BackupFileError('the file is empty', 1);
  let h: any;
  try {
    h = JSON.parse(line);
  } catch {
    throw new BackupFileError('the first line is not a COMAP backup header (not JSON)', 1);
  }
  if (!h || h.format !== BACKUP_FORMAT) throw new BackupFileError('not a COMAP backup (the header does not say "comap-backup")', 1);
  if (h.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(`backup format version ${h.formatVersion} is not supported by this COMAP (it reads version ${BACKUP_FORMAT_VERSION})`, 1);
  }
  if (!Array.isArray(h.migrations) || !h.migrations.every((v: unknown) => Number.isInteger(v))) {
    throw new BackupFileError('the header has no list of schema migrations', 1);
  }
  if (!Array.isArray(h.tables) || !h.tables.every((t: unknown) => typeof t === 'string')) {
    throw new BackupFileError('the header has no list of tables', 1);
  }
  return h as BackupHeader;
}

/** A human list of migration versions, "1, 3, 4". */
export function describeVersions(v: number[]): string {
  return v.length ? v.join(', ') : 'none';
}

/** Compares the migrations of a backup with the database's; returns the problem or null. */
export function migrationMismatch(backup: number[], database: number[]): string | null {
  const a = [...backup].sort((x, y) => x - y);
  const b = [...database].sort((x, y) => x - y);
  if (a.length === b.length && a.every((v, i) => v === b[i])) return null;
  const newer = Math.max(0, ...a) > Math.max(0, ...b);
  return (
    `the backup was made with database schema migrations ${describeVersions(a)}, but this database has ${describeVersions(b)}. ` +
    (newer
      ? 'Restore it with the newer COMAP that wrote it.'
      : 'Restore it into a database at the same schema version (an older COMAP), then upgrade COMAP, which migrates it.')
  );
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One value as a CSV field for COPY (unquoted empty = NULL, quoted empty = empty string). */
export function csvField(v: unknown, kind: ValueKind): string {
  if (v === null || v === undefined) return '';
  switch (kind) {
    case 'number':
      return typeof v === 'number' ? String(v) : quote(String(v));
    case 'bool':
      return v === true ? 't' : v === false ? 'f' : quote(String(v));
    case 'bytea':
      return quote(`\\x${String(v)}`);
    default:
      return quote(typeof v === 'string' ? v : JSON.stringify(v));
  }
}

/** A parsed row as one CSV line; throws when the row does not match the columns. */
export function rowToCsv(row: unknown, columns: BackupColumn[], lineNo: number): string {
  if (!Array.isArray(row) || row.length !== columns.length) {
    throw new BackupFileError(`a row has ${Array.isArray(row) ? row.length : 'no'} values where ${columns.length} columns were announced (the file is damaged)`, lineNo);
  }
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    if (i) out += ',';
    out += csvField(row[i], columns[i].kind);
  }
  return out + '\n';
}

/** Tables in an order where every table comes after the tables it references (self-references ignored). */
export function dependencyOrder(tables: string[], references: Array<{ child: string; parent: string }>): string[] {
  const set = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) if (r.child !== r.parent && set.has(r.child) && set.has(r.parent)) parents.get(r.child)!.add(r.parent);
  const out: string[] = [];
  const done = new Set<string>();
  const sorted = [...tables].sort();
  while (out.length < tables.length) {
    const ready = sorted.find((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    // A cycle: take the first remaining table; restore drops and re-adds foreign keys anyway.
    const next = ready ?? sorted.find((t) => !done.has(t))!;
    done.add(next);
    out.push(next);
  }
  return out;
}

/** Splits a stream of UTF-8 chunks into lines (the last line may lack its newline). */
export async function* linesOf(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  // A multi-byte character may be cut between two chunks: the decoder keeps the partial bytes.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let i: number;
    while ((i = rest.indexOf('\n', start)) >= 0) {
      yield rest.slice(start, i);
      start = i + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest.length) yield rest;
}
