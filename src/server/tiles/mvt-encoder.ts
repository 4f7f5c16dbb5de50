/**
 * A small Mapbox Vector Tile (spec 2.1) encoder on top of `pbf`. The tile queries return a tile's
 * features as a few rows of arrays already in tile coordinates; this turns them into the protobuf
 * MapLibre reads. Both databases share this one path (PGlite has no ST_AsMVT).
 *
 * What the spec asks and this does:
 * - layers with version 2, a name, an extent (4096 by default), and keys/values tables in which
 *   every key and every value appears once (features refer to them by index);
 * - feature ids (unsigned integers) and geometry as MoveTo/LineTo/ClosePath commands with zigzag
 *   deltas from a cursor that starts at (0, 0) in each feature;
 * - polygons with the exterior ring clockwise in tile coordinates (y down; positive area by the
 *   surveyor's formula) and holes counter-clockwise, rings without their closing point, and
 *   degenerate rings (fewer than three distinct points, or no area) left out.
 */
import Pbf from 'pbf';

export const MVT_EXTENT = 4096;

export type MvtValue = string | number | boolean;
/** Properties of a feature; null and undefined values are left out of the tile. */
export type MvtProperties = Record<string, MvtValue | null | undefined>;
/** A ring as flat coordinates in tile units: [x0, y0, x1, y1, ...]; closed or not. */
export type MvtRing = ArrayLike<number>;
/** A polygon: the exterior ring first, then holes. */
export type MvtPolygon = MvtRing[];

const GEOM_POINT = 1;
const GEOM_POLYGON = 3;
const CMD_MOVE_TO = 1;
const CMD_LINE_TO = 2;
const CMD_CLOSE_PATH = 7;

const command = (id: number, count: number) => (id & 0x7) | (count << 3);
const zigzag = (n: number) => (n << 1) ^ (n >> 31);

interface FeatureBody {
  id: number | undefined;
  type: number;
  tags: number[];
  geometry: number[];
}

function writeFeatureBody(f: FeatureBody, pbf: Pbf): void {
  if (f.id !== undefined) pbf.writeVarintField(1, f.id);
  pbf.writePackedVarint(2, f.tags);
  pbf.writeVarintField(3, f.type);
  pbf.writePackedVarint(4, f.geometry);
}

function writeValue(v: MvtValue, pbf: Pbf): void {
  if (typeof v === 'string') pbf.writeStringField(1, v);
  else if (typeof v === 'boolean') pbf.writeBooleanField(7, v);
  else if (Number.isSafeInteger(v)) {
    if (v >= 0) pbf.writeVarintField(5, v);
    else pbf.writeSVarintField(6, v);
  } else pbf.writeDoubleField(3, v);
}

/**
 * Twice the signed area of a ring of integer points (surveyor's formula); positive means
 * clockwise on a y-down screen, which is what the spec requires of exterior rings.
 */
export function ringArea2(pts: number[]): number {
  let s = 0;
  const n = pts.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) s += pts[j] * pts[i + 1] - pts[i] * pts[j + 1];
  return s;
}

/** Rounds a ring to integers and drops repeated points and the closing point. */
function cleanRing(ring: MvtRing): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < ring.length; i += 2) {
    const x = Math.round(ring[i]);
    const y = Math.round(ring[i + 1]);
    const n = out.length;
    if (n >= 2 && out[n - 2] === x && out[n - 1] === y) continue;
    out.push(x, y);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

function reverseRing(pts: number[]): number[] {
  const out = new Array<number>(pts.length);
  for (let i = 0, j = pts.length - 2; j >= 0; i += 2, j -= 2) {
    out[i] = pts[j];
    out[i + 1] = pts[j + 1];
  }
  return out;
}

/** One layer of a tile; add features, then pass it to `encodeTile`. */
export class MvtLayer {
  readonly name: string;
  readonly extent: number;
  private readonly pbf = new Pbf();
  private readonly keyIndex = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly valueIndex = new Map<string, number>();
  private readonly numberIndex = new Map<number, number>();
  private readonly values: MvtValue[] = [];
  private count = 0;
  private encoded: Uint8Array | null = null;

  constructor(name: string, extent = MVT_EXTENT) {
    this.name = name;
    this.extent = extent;
    this.pbf.writeVarintField(15, 2);
    this.pbf.writeStringField(1, name);
  }

  /** Number of features added so far. */
  get length(): number {
    return this.count;
  }

  /** Adds a point feature at integer tile coordinates (rounded if not). */
  addPoint(x: number, y: number, properties: MvtProperties, id?: number): void {
    const geometry = [command(CMD_MOVE_TO, 1), zigzag(Math.round(x)), zigzag(Math.round(y))];
    this.write(GEOM_POINT, geometry, properties, id);
  }

  /** Adds one multi-point feature from flat coordinates [x0, y0, x1, y1, ...]. */
  addMultiPoint(coords: ArrayLike<number>, properties: MvtProperties, id?: number): void {
    const n = Math.floor(coords.length / 2);
    if (n === 0) return;
    const geometry = [command(CMD_MOVE_TO, n)];
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.round(coords[2 * i]);
      const y = Math.round(coords[2 * i + 1]);
      geometry.push(zigzag(x - cx), zigzag(y - cy));
      cx = x;
      cy = y;
    }
    this.write(GEOM_POINT, geometry, properties, id);
  }

  /**
   * Adds one (multi)polygon feature. Coordinates are rounded to the tile grid, rings are wound as
   * the spec requires whatever their input order, and degenerate rings are dropped (a polygon
   * whose exterior is degenerate is dropped with its holes). Returns false when nothing was left.
   */
  addPolygons(polygons: MvtPolygon[], properties: MvtProperties, id?: number): boolean {
    const geometry: number[] = [];
    let cx = 0;
    let cy = 0;
    for (const polygon of polygons) {
      for (let r = 0; r < polygon.length; r++) {
        let pts = cleanRing(polygon[r]);
        if (pts.length < 6) {
          if (r === 0) break;
          continue;
        }
        const area = ringArea2(pts);
        if (area === 0) {
          if (r === 0) break;
          continue;
        }
        if ((r === 0) !== area > 0) pts = reverseRing(pts);
        const n = pts.length / 2;
        geometry.push(command(CMD_MOVE_TO, 1), zigzag(pts[0] - cx), zigzag(pts[1] - cy));
        cx = pts[0];
        cy = pts[1];
        geometry.push(command(CMD_LINE_TO, n - 1));
        for (let i = 1; i < n; i++) {
          const x = pts[2 * i];
          const y = pts[2 * i + 1];
          geometry.push(zigzag(x - cx), zigzag(y - cy));
          cx = x;
          cy = y;
        }
        geometry.push(command(CMD_CLOSE_PATH, 1));
      }
    }
    if (geometry.length === 0) return false;
    this.write(GEOM_POLYGON, geometry, properties, id);
    return true;
  }

  private keyOf(k: string): number {
    let i = this.keyIndex.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(k);
      this.keyIndex.set(k, i);
    }
    return i;
  }

  private valueOf(v: MvtValue): number {
    // Numbers have their own map so that 1 and "1" stay different values.
    let i = typeof v === 'number' ? this.numberIndex.get(v) : this.valueIndex.get(`${typeof v === 'string' ? 's' : 'b'}${v}`);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      if (typeof v === 'number') this.numberIndex.set(v, i);
      else this.valueIndex.set(`${typeof v === 'string' ? 's' : 'b'}${v}`, i);
    }
    return i;
  }

  private write(type: number, geometry: number[], properties: MvtProperties, id: number | undefined): void {
    if (this.encoded) throw new Error(`layer ${this.name} is already encoded`);
    if (id !== undefined && !(Number.isSafeInteger(id) && id >= 0)) {
      throw new RangeError(`feature id must be a non-negative integer, got ${id}`);
    }
    const tags: number[] = [];
    for (const k in properties) {
      const v = properties[k];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number' && !Number.isFinite(v)) continue;
      tags.push(this.keyOf(k), this.valueOf(v));
    }
    this.pbf.writeMessage(2, writeFeatureBody, { id, type, tags, geometry });
    this.count++;
  }

  /** The encoded layer message; the layer takes no more features after this. */
  finish(): Uint8Array {
    if (this.encoded) return this.encoded;
    for (const k of this.keys) this.pbf.writeStringField(3, k);
    for (const v of this.values) this.pbf.writeMessage(4, writeValue, v);
    this.pbf.writeVarintField(5, this.extent);
    this.encoded = this.pbf.finish();
    return this.encoded;
  }
}

/** Encodes the non-empty layers into one tile; null when every layer is empty. */
export function encodeTile(layers: MvtLayer[]): Uint8Array | null {
  const pbf = new Pbf();
  let any = false;
  for (const layer of layers) {
    if (layer.length === 0) continue;
    pbf.writeBytesField(3, layer.finish());
    any = true;
  }
  return any ? pbf.finish() : null;
}
