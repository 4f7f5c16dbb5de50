/**
 * Geometry helpers for boundary tiles, in plain JavaScript so that PostGIS only runs functions
 * that cannot raise a GEOS exception (transform, scale, simplify): reading WKB, and clipping rings
 * to the tile with its buffer.
 */

/** Polygons (each a list of flat rings [x0, y0, x1, y1, ...], exterior first) and flat points. */
export interface ParsedGeometry {
  polygons: number[][][];
  points: number[];
}

/**
 * Reads (ISO or extended) well-known binary: points, polygons, their multi forms and collections;
 * Z and M values are skipped; lines are ignored (boundary tiles have none).
 */
export function parseWkb(bytes: Uint8Array): ParsedGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ParsedGeometry = { polygons: [], points: [] };
  let pos = 0;

  const readGeometry = (): void => {
    const little = view.getUint8(pos) === 1;
    pos += 1;
    let type = view.getUint32(pos, little);
    pos += 4;
    // Extended WKB flags (PostGIS EWKB): Z, M, SRID in the high bits.
    let dims = 2;
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) pos += 4;
    type &= 0x0fffffff;
    // ISO WKB: 1000s are Z, 2000s are M, 3000s are ZM.
    if (type >= 3000) dims = 4;
    else if (type >= 1000) dims = 3;
    const base = type % 1000;

    const u32 = () => {
      const v = view.getUint32(pos, little);
      pos += 4;
      return v;
    };
    const ring = (): number[] => {
      const n = u32();
      const pts = new Array<number>(2 * n);
      for (let i = 0; i < n; i++) {
        pts[2 * i] = view.getFloat64(pos, little);
        pts[2 * i + 1] = view.getFloat64(pos + 8, little);
        pos += 8 * dims;
      }
      return pts;
    };

    switch (base) {
      case 1: {
        const x = view.getFloat64(pos, little);
        const y = view.getFloat64(pos + 8, little);
        pos += 8 * dims;
        // An empty point is written as NaN coordinates.
        if (!Number.isNaN(x) && !Number.isNaN(y)) out.points.push(x, y);
        break;
      }
      case 2:
        ring();
        break;
      case 3: {
        const nRings = u32();
        const rings: number[][] = [];
        for (let r = 0; r < nRings; r++) rings.push(ring());
        if (rings.length) out.polygons.push(rings);
        break;
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = u32();
        for (let i = 0; i < n; i++) readGeometry();
        break;
      }
      default:
        throw new Error(`unsupported WKB geometry type ${type}`);
    }
  };

  while (pos < bytes.byteLength) readGeometry();
  return out;
}

/** Keeps the part of a line segment's start point inside one edge; the helper of clipRing. */
function clipEdge(pts: number[], inside: (x: number, y: number) => boolean, cross: (x0: number, y0: number, x1: number, y1: number) => [number, number]): number[] {
  const out: number[] = [];
  const n = pts.length / 2;
  if (n === 0) return out;
  let px = pts[2 * (n - 1)];
  let py = pts[2 * (n - 1) + 1];
  let pin = inside(px, py);
  for (let i = 0; i < n; i++) {
    const x = pts[2 * i];
    const y = pts[2 * i + 1];
    const cin = inside(x, y);
    if (cin) {
      if (!pin) out.push(...cross(px, py, x, y));
      out.push(x, y);
    } else if (pin) {
      out.push(...cross(px, py, x, y));
    }
    px = x;
    py = y;
    pin = cin;
  }
  return out;
}

/**
 * Clips a ring (flat, closed or not) to the square [min, max] x [min, max] with the
 * Sutherland-Hodgman algorithm. A concave ring may come out with zero-width bridges along the
 * square's edges; they lie in the tile buffer, outside the visible tile, and draw nothing.
 * Returns an open ring (no repeated closing point), possibly empty.
 */
export function clipRing(ring: ArrayLike<number>, min: number, max: number): number[] {
  let pts = Array.from(ring);
  if (pts.length >= 4 && pts[0] === pts[pts.length - 2] && pts[1] === pts[pts.length - 1]) pts.length -= 2;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    if (pts[i] < x0) x0 = pts[i];
    if (pts[i] > x1) x1 = pts[i];
    if (pts[i + 1] < y0) y0 = pts[i + 1];
    if (pts[i + 1] > y1) y1 = pts[i + 1];
  }
  if (x0 >= min && x1 <= max && y0 >= min && y1 <= max) return pts;
  if (x1 < min || x0 > max || y1 < min || y0 > max) return [];
  const atX = (c: number) => (ax: number, ay: number, bx: number, by: number): [number, number] => [c, ay + ((by - ay) * (c - ax)) / (bx - ax)];
  const atY = (c: number) => (ax: number, ay: number, bx: number, by: number): [number, number] => [ax + ((bx - ax) * (c - ay)) / (by - ay), c];
  pts = clipEdge(pts, (x) => x >= min, atX(min));
  pts = clipEdge(pts, (x) => x <= max, atX(max));
  pts = clipEdge(pts, (_x, y) => y >= min, atY(min));
  pts = clipEdge(pts, (_x, y) => y <= max, atY(max));
  return pts;
}

/** Clips polygons to the square; a polygon whose exterior falls outside is dropped with its holes. */
export function clipPolygons(polygons: number[][][], min: number, max: number): number[][][] {
  const out: number[][][] = [];
  for (const rings of polygons) {
    const outer = clipRing(rings[0], min, max);
    if (outer.length < 6) continue;
    const kept = [outer];
    for (let r = 1; r < rings.length; r++) {
      const hole = clipRing(rings[r], min, max);
      if (hole.length >= 6) kept.push(hole);
    }
    out.push(kept);
  }
  return out;
}
