/**
 * Test helpers: tiny writers for Shapefile (.shp) and dBase (.dbf) bytes, a zip of a layer, and a
 * multipart/form-data body for uploads through app.inject. Used by the areas tests only.
 */
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';

type Ring = Array<[number, number]>;

export type ShpShape = { type: 'polygon'; rings: Ring[] } | { type: 'point'; x: number; y: number } | { type: 'null' };

/** Writes a .shp of polygons (type 5) or points (type 1). Rings are written as given: outer rings clockwise, as the format wants. */
export function writeShp(shapes: ShpShape[]): Uint8Array {
  const kind = shapes.find((s) => s.type !== 'null')?.type === 'point' ? 1 : 5;
  const contents = shapes.map((s) => {
    if (s.type === 'null') {
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, 0, true);
      return b;
    }
    if (s.type === 'point') {
      const b = new DataView(new ArrayBuffer(20));
      b.setInt32(0, 1, true);
      b.setFloat64(4, s.x, true);
      b.setFloat64(12, s.y, true);
      return b;
    }
    const pts = s.rings.flat();
    const b = new DataView(new ArrayBuffer(44 + 4 * s.rings.length + 16 * pts.length));
    b.setInt32(0, 5, true);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, s.rings.length, true);
    b.setInt32(40, pts.length, true);
    let start = 0;
    s.rings.forEach((r, i) => {
      b.setInt32(44 + 4 * i, start, true);
      start += r.length;
    });
    let o = 44 + 4 * s.rings.length;
    for (const [x, y] of pts) {
      b.setFloat64(o, x, true);
      b.setFloat64(o + 8, y, true);
      o += 16;
    }
    return b;
  });
  const total = 100 + contents.reduce((n, c) => n + 8 + c.byteLength, 0);
  const out = new Uint8Array(total);
  const h = new DataView(out.buffer);
  h.setInt32(0, 9994, false);
  h.setInt32(24, total / 2, false);
  h.setInt32(28, 1000, true);
  h.setInt32(32, kind, true);
  const all: Array<[number, number]> = shapes.flatMap((s) => (s.type === 'polygon' ? s.rings.flat() : s.type === 'point' ? [[s.x, s.y] as [number, number]] : []));
  if (all.length) {
    [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))].forEach((v, i) =>
      h.setFloat64(36 + 8 * i, v, true),
    );
  }
  let o = 100;
  contents.forEach((c, i) => {
    h.setInt32(o, i + 1, false);
    h.setInt32(o + 4, c.byteLength / 2, false);
    out.set(new Uint8Array(c.buffer), o + 8);
    o += 8 + c.byteLength;
  });
  return out;
}

export interface DbfColumn {
  name: string;
  type: 'C' | 'N';
  length: number;
}

/** Writes a dBase III table; text is encoded with `encoding` (iconv-lite name, e.g. 'windows-874'). */
export function writeDbf(columns: DbfColumn[], rows: Array<Record<string, string | number | null>>, encoding = 'utf8'): Uint8Array {
  const headerLength = 32 + 32 * columns.length + 1;
  const recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const h = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = 124;
  out[2] = 1;
  out[3] = 1;
  h.setUint32(4, rows.length, true);
  h.setUint16(8, headerLength, true);
  h.setUint16(10, recordLength, true);
  columns.forEach((c, i) => {
    const p = 32 + 32 * i;
    out.set(Buffer.from(c.name.slice(0, 10), 'latin1'), p);
    out[p + 11] = c.type.charCodeAt(0);
    out[p + 16] = c.length;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let o = headerLength + r * recordLength;
    out[o++] = 0x20;
    for (const c of columns) {
      const v = row[c.name];
      const cell = new Uint8Array(c.length).fill(0x20);
      if (v !== null && v !== undefined) {
        const bytes = c.type === 'C' ? iconv.encode(String(v), encoding) : Buffer.from(String(v), 'latin1');
        if (bytes.length > c.length) throw new Error(`value "${v}" is longer than column ${c.name}`);
        if (c.type === 'N') cell.set(bytes, c.length - bytes.length);
        else cell.set(bytes, 0);
      }
      out.set(cell, o);
      o += c.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** Zips files (name -> bytes or text). */
export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) entries[k] = typeof v === 'string' ? new TextEncoder().encode(v) : v;
  return zipSync(entries);
}

export const PRJ_WGS84 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
export const PRJ_UTM47N = 'PROJCS["WGS_1984_UTM_Zone_47N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",99.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
export const PRJ_INDIAN1975_UTM48N = 'PROJCS["Indian_1975_UTM_Zone_48N",GEOGCS["GCS_Indian_1975",DATUM["D_Indian_1975",SPHEROID["Everest_Adjustment_1937",6377276.345,300.8017]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** A clockwise square ring (Shapefile outer ring) around [x, y] with half-size d. */
export function cwSquare(x: number, y: number, d: number): Ring {
  return [[x - d, y - d], [x - d, y + d], [x + d, y + d], [x + d, y - d], [x - d, y - d]];
}

/** A multipart/form-data body for app.inject. */
export function multipart(parts: Array<{ name: string; filename?: string; content: Uint8Array | string; contentType?: string }>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----comap${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
