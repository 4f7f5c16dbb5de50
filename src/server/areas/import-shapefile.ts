/**
 * Reads a zipped ESRI Shapefile (.shp + .dbf + .prj, optional .cpg). Thai attribute tables come in
 * UTF-8 or in TIS-620/cp874; geometry often in UTM. Shapes are read with the `shapefile` package;
 * attributes with our own dBase reader so that text is decoded with iconv-lite in the right encoding.
 */
import { Unzip, UnzipInflate } from 'fflate';
import iconv from 'iconv-lite';
import * as shapefile from 'shapefile';
import { crsFromWkt, reprojectGeometry, type Transform } from './reproject.ts';
import { decodeUtf8, fileError, type SourceData, type SourceRecord } from './import-types.ts';

const WANTED = new Set(['shp', 'dbf', 'prj', 'cpg']);

/** Default cap on the total uncompressed size of the members we read (zip-bomb guard). */
export const DEFAULT_MAX_UNCOMPRESSED = 1024 * 1024 * 1024;

/** Whether the bytes start like a zip archive. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/**
 * Unpacks the Shapefile members of a zip, counting bytes as they inflate so that a zip bomb is
 * stopped at `maxBytes` instead of filling memory. Throws ImportError on a broken zip.
 */
export function unzipMembers(bytes: Uint8Array, file: string, maxBytes: number): { members: Map<string, Uint8Array>; names: string[] } {
  if (!looksLikeZip(bytes)) throw fileError(file, 'not a zip file (a Shapefile must be uploaded as a .zip holding its .shp, .dbf and .prj)');
  if (!hasEndOfCentralDirectory(bytes)) throw fileError(file, 'the zip is incomplete or damaged (its directory at the end is missing): was the file cut short?');
  const members = new Map<string, Uint8Array>();
  const names: string[] = [];
  let total = 0;
  let failure: string | null = null;
  const uz = new Unzip((entry) => {
    names.push(entry.name);
    if (!wanted(entry.name)) return;
    const chunks: Uint8Array[] = [];
    entry.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = `cannot unpack ${entry.name}: ${err.message}`;
        return;
      }
      total += chunk.length;
      if (total > maxBytes) {
        failure = `the zip unpacks to more than ${Math.round(maxBytes / 1048576)} MB: refused (is it a zip bomb?)`;
        entry.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) members.set(entry.name, concat(chunks));
    };
    try {
      entry.start();
    } catch (e) {
      failure = `cannot unpack ${entry.name}: ${(e as Error).message}`;
    }
  });
  uz.register(UnzipInflate);
  try {
    uz.push(bytes, true);
  } catch (e) {
    if (!failure) failure = `the zip is damaged: ${(e as Error).message}`;
  }
  if (!failure) {
    const unfinished = names.find((n) => wanted(n) && !members.has(n));
    if (unfinished) failure = `the zip is damaged: ${unfinished} is incomplete`;
  }
  if (failure) throw fileError(file, failure);
  return { members, names };
}

/** Whether a zip member is part of a Shapefile we read (not macOS metadata or hidden files). */
function wanted(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  return WANTED.has(ext) && !name.startsWith('__MACOSX/') && !base.startsWith('.');
}

/** Whether the zip ends with its central directory record (it is missing when a file was cut short). */
function hasEndOfCentralDirectory(b: Uint8Array): boolean {
  const stop = Math.max(0, b.length - 22 - 65535);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return true;
  }
  return false;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/* ------------------------------------------------------------------- DBF */

export interface DbfField {
  name: string;
  type: string;
  length: number;
}

export interface DbfTable {
  fields: DbfField[];
  /** One entry per record, deleted ones included (as null), so indexes match the .shp. */
  rows: Array<Record<string, unknown> | null>;
  encoding: string;
}

/** Maps a .cpg content (or a user's choice) to an iconv-lite encoding name. */
export function encodingFromCpg(cpg: string): string | null {
  const v = cpg.trim().toLowerCase().replace(/^ansi\s*/, '');
  if (/^(utf-?8|65001)$/.test(v)) return 'utf8';
  if (/^(874|cp874|windows-?874|tis-?620|iso-?8859-?11|x-iso-8859-11)$/.test(v)) return 'windows-874';
  if (/^(1252|cp1252|windows-?1252|latin-?1|iso-?8859-?1)$/.test(v)) return 'windows-1252';
  return iconv.encodingExists(v) ? v : null;
}

/**
 * Reads a dBase III/IV table. Text fields are decoded with `encoding`, or, when none is given,
 * as UTF-8 if every text byte is valid UTF-8 and as windows-874 (Thai) otherwise.
 */
export function readDbf(bytes: Uint8Array, encoding: string | null): DbfTable {
  if (bytes.length < 33) throw new Error('the .dbf is too short to be a dBase table');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(4, true);
  const headerLength = dv.getUint16(8, true);
  const recordLength = dv.getUint16(10, true);
  if (headerLength < 33 || recordLength < 1 || headerLength > bytes.length) throw new Error('the .dbf header is damaged');
  const rawFields: Array<{ nameBytes: Uint8Array; type: string; length: number; offset: number }> = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    const length = bytes[p + 16];
    rawFields.push({ nameBytes: bytes.subarray(p, end), type: String.fromCharCode(bytes[p + 11]), length, offset });
    offset += length;
  }
  if (offset > recordLength) throw new Error('the .dbf field lengths do not fit its record length');
  const available = Math.floor((bytes.length - headerLength) / recordLength);
  const n = Math.min(count, available);

  let enc = encoding;
  if (!enc) {
    // Decide from the bytes themselves: valid UTF-8 across every text field, or Thai cp874.
    const parts: Uint8Array[] = rawFields.map((f) => f.nameBytes);
    for (let r = 0; r < n; r++) {
      const base = headerLength + r * recordLength;
      for (const f of rawFields) if (f.type === 'C') parts.push(bytes.subarray(base + f.offset, base + f.offset + f.length));
    }
    enc = decodeUtf8(concat(parts.length ? parts : [new Uint8Array()])) === null ? 'windows-874' : 'utf8';
  }
  const decode = (b: Uint8Array) => iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), enc!);
  const fields: DbfField[] = rawFields.map((f) => ({ name: decode(f.nameBytes).trim(), type: f.type, length: f.length }));

  const rows: Array<Record<string, unknown> | null> = [];
  for (let r = 0; r < n; r++) {
    const base = headerLength + r * recordLength;
    if (bytes[base] === 0x2a) {
      rows.push(null);
      continue;
    }
    const row: Record<string, unknown> = {};
    rawFields.forEach((f, i) => {
      const cell = bytes.subarray(base + f.offset, base + f.offset + f.length);
      row[fields[i].name] = readCell(f.type, cell, decode);
    });
    rows.push(row);
  }
  return { fields, rows, encoding: enc };
}

function readCell(type: string, cell: Uint8Array, decode: (b: Uint8Array) => string): unknown {
  if (type === 'C') {
    // Character fields are padded with spaces (some writers use NULs).
    let end = cell.length;
    while (end > 0 && (cell[end - 1] === 0x20 || cell[end - 1] === 0)) end--;
    const s = decode(cell.subarray(0, end)).trim();
    return s === '' ? null : s;
  }
  const ascii = Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString('latin1').replace(/\0/g, '').trim();
  if (type === 'N' || type === 'F') {
    if (ascii === '' || /^\*+$/.test(ascii)) return null;
    const v = Number(ascii);
    // Codes stored as numbers keep their text so that leading digits are not reformatted.
    return Number.isFinite(v) ? v : ascii;
  }
  if (type === 'L') return /^[YyTt]$/.test(ascii) ? true : /^[NnFf]$/.test(ascii) ? false : null;
  return ascii === '' ? null : ascii;
}

/* ------------------------------------------------------------- Shapefile */

export interface ShapefileOptions {
  /** Cap on the unpacked size (zip-bomb guard). */
  maxUncompressedBytes?: number;
}

/** The bounding box from a .shp header: [minX, minY, maxX, maxY]. */
function shpBbox(shp: Uint8Array): [number, number, number, number] | null {
  if (shp.length < 100) return null;
  const dv = new DataView(shp.buffer, shp.byteOffset, 100);
  if (dv.getInt32(0, false) !== 9994) return null;
  return [dv.getFloat64(36, true), dv.getFloat64(44, true), dv.getFloat64(52, true), dv.getFloat64(60, true)];
}

/**
 * Reads every Shapefile layer in a zip into records (all layers of the zip are imported together).
 * A layer without .prj is accepted only when its extent is plainly longitude/latitude, and then
 * assumed to be WGS 84 (with a warning); otherwise the zip is refused.
 */
export async function parseShapefileZip(bytes: Uint8Array, file: string, opts: ShapefileOptions = {}): Promise<SourceData> {
  const { members, names } = unzipMembers(bytes, file, opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED);
  const layers = new Map<string, Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>>>();
  for (const [name, data] of members) {
    const dot = name.lastIndexOf('.');
    const stem = name.slice(0, dot).toLowerCase();
    const ext = name.slice(dot + 1).toLowerCase() as 'shp' | 'dbf' | 'prj' | 'cpg';
    const layer = layers.get(stem) ?? {};
    layer[ext] = data;
    layers.set(stem, layer);
  }
  const shpNames = [...members.keys()].filter((n) => n.toLowerCase().endsWith('.shp')).sort();
  if (!shpNames.length) {
    const shown = names.filter((n) => !n.endsWith('/')).slice(0, 10).join(', ') || 'nothing';
    throw fileError(file, `the zip holds no .shp file (it holds: ${shown})`);
  }

  const warnings: string[] = [];
  const records: SourceRecord[] = [];
  const fields = new Set<string>();
  for (const shpName of shpNames) {
    const stem = shpName.slice(0, shpName.lastIndexOf('.')).toLowerCase();
    const layer = layers.get(stem)!;
    const where = `${file}/${shpName}`;
    if (!layer.dbf) throw fileError(where, `${shpName} has no .dbf beside it: the attributes (codes and names) are missing`);

    let transform: Transform | null = null;
    if (layer.prj) {
      try {
        const crs = crsFromWkt(new TextDecoder('latin1').decode(layer.prj));
        transform = crs.transform;
        if (transform) warnings.push(`${shpName}: coordinates reprojected from ${crs.label} to WGS 84`);
      } catch (e) {
        throw fileError(where, (e as Error).message);
      }
    } else {
      const box = shpBbox(layer.shp!);
      const lonlat = box && box.every(Number.isFinite) && box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90;
      if (!lonlat) {
        throw fileError(where, `${shpName} has no .prj, so its coordinate system is unknown and its coordinates are not longitude/latitude: add the .prj to the zip`);
      }
      warnings.push(`${shpName}: no .prj in the zip; the coordinates look like longitude/latitude and are taken as WGS 84`);
    }

    let encoding: string | null = null;
    if (layer.cpg) {
      const cpg = new TextDecoder('latin1').decode(layer.cpg);
      encoding = encodingFromCpg(cpg);
      if (!encoding) warnings.push(`${shpName}: unknown code page "${cpg.trim()}" in the .cpg; the text encoding was detected instead`);
    }
    let table: DbfTable;
    try {
      table = readDbf(layer.dbf, encoding);
    } catch (e) {
      throw fileError(where, `cannot read the .dbf: ${(e as Error).message}`);
    }
    if (!layer.cpg || !encoding) warnings.push(`${shpName}: attribute text read as ${table.encoding === 'utf8' ? 'UTF-8' : 'TIS-620 (windows-874)'}`);
    for (const f of table.fields) fields.add(f.name);

    let shapes: unknown[];
    try {
      shapes = await readShapes(layer.shp!);
    } catch (e) {
      throw fileError(where, `cannot read the .shp: ${(e as Error).message}`);
    }
    if (shapes.length !== table.rows.length) {
      throw fileError(where, `the .shp has ${shapes.length} shapes but the .dbf has ${table.rows.length} records: the files do not belong together`);
    }
    shapes.forEach((g, i) => {
      const row = table.rows[i];
      if (row === null) return;
      const geometry = g && transform ? reprojectGeometry(g, transform) : g;
      records.push({ file: where, n: i + 1, props: row, geometry });
    });
  }
  return { format: 'shapefile', records, fields: [...fields], warnings };
}

async function readShapes(shp: Uint8Array): Promise<unknown[]> {
  const source = await shapefile.openShp(shp);
  const out: unknown[] = [];
  for (;;) {
    const r = await source.read();
    if (r.done) break;
    out.push(r.value ?? null);
  }
  return out;
}
