/**
 * Checks (and where possible repairs) a GeoJSON geometry before PostGIS sees it. PGlite can hang
 * or die on a GEOS exception raised by an invalid polygon, so every boundary is made valid here:
 * finite coordinates in range, closed rings without repeated points, no ring that crosses or
 * touches itself, no holes outside their shell, no overlapping parts, RFC 7946 ring orientation.
 * Self-intersecting polygons are repaired with polygon-clipping (a union of the rings) and checked
 * again. Pure: no I/O.
 */
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Point, Polygon } from 'geojson';

export type Lonlat = [number, number];
type Ring = Lonlat[];
type Poly = Ring[];

/** [minLon, minLat, maxLon, maxLat] */
export type Bounds = [number, number, number, number];

/** Generous extent of Thailand and its borders: a coordinate outside is not Thai data. */
export const THAILAND_BOUNDS: Bounds = [96, 4, 107, 22];

export interface GeometryCheckOptions {
  /** Boundaries (levels 1-3) are polygons; villages are points. */
  expect: 'polygon' | 'point';
  /** Plausible extent: coordinates outside are rejected, with a hint when they look swapped. */
  bounds?: Bounds;
  /** Repair self-intersections and overlaps (default true); false only detects them. */
  repair?: boolean;
}

export type GeometryCheckResult =
  | { ok: true; geometry: Polygon | MultiPolygon | Point; repairs: string[] }
  | { ok: false; error: string };

class GeometryProblem extends Error {}

const fmt = (p: Lonlat) => `[${+p[0].toFixed(6)}, ${+p[1].toFixed(6)}]`;

/**
 * Checks a GeoJSON geometry. On success the geometry is safe for PostGIS (2D, closed rings,
 * valid) and `repairs` says what was changed; on failure `error` says what is wrong and where.
 */
export function checkGeometry(input: unknown, opts: GeometryCheckOptions): GeometryCheckResult {
  try {
    if (input === null || input === undefined) throw new GeometryProblem('the geometry is missing');
    if (typeof input !== 'object' || Array.isArray(input)) throw new GeometryProblem('the geometry is not a GeoJSON object');
    const g = input as { type?: unknown; coordinates?: unknown };
    if (opts.expect === 'point') return checkPoint(g, opts);
    return checkPolygonal(g, opts);
  } catch (e) {
    if (e instanceof GeometryProblem) return { ok: false, error: e.message };
    throw e;
  }
}

/* ------------------------------------------------------------ positions */

function readPosition(v: unknown, where: string, bounds: Bounds | undefined): Lonlat {
  if (!Array.isArray(v) || v.length < 2) throw new GeometryProblem(`${where}: a position must be [longitude, latitude]`);
  const [x, y] = v;
  if (typeof x !== 'number' || typeof y !== 'number') throw new GeometryProblem(`${where}: the coordinates are not numbers (${JSON.stringify(v).slice(0, 60)})`);
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GeometryProblem(`${where}: the coordinates are not finite numbers (${String(x)}, ${String(y)})`);
  const swapHint = Math.abs(x) <= 90 && Math.abs(y) <= 180 && Math.abs(y) > 90 ? ' (longitude and latitude look swapped: GeoJSON order is [longitude, latitude])' : '';
  if (x < -180 || x > 180) throw new GeometryProblem(`${where}: longitude ${x} is outside -180..180${swapHint || ' (is the layer projected, e.g. UTM, rather than longitude/latitude?)'}`);
  if (y < -90 || y > 90) throw new GeometryProblem(`${where}: latitude ${y} is outside -90..90${swapHint}`);
  if (bounds) {
    const inside = (a: number, b: number) => a >= bounds[0] && a <= bounds[2] && b >= bounds[1] && b <= bounds[3];
    if (!inside(x, y)) {
      if (inside(y, x)) throw new GeometryProblem(`${where}: [${x}, ${y}] looks like [latitude, longitude]: longitude and latitude are swapped`);
      throw new GeometryProblem(`${where}: [${x}, ${y}] is outside the expected region (longitude ${bounds[0]}..${bounds[2]}, latitude ${bounds[1]}..${bounds[3]})`);
    }
  }
  return [x, y];
}

function checkPoint(g: { type?: unknown; coordinates?: unknown }, opts: GeometryCheckOptions): GeometryCheckResult {
  if (g.type === 'Point') {
    const p = readPosition(g.coordinates, 'point', opts.bounds);
    return { ok: true, geometry: { type: 'Point', coordinates: p }, repairs: [] };
  }
  if (g.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1) {
    const p = readPosition(g.coordinates[0], 'point', opts.bounds);
    return { ok: true, geometry: { type: 'Point', coordinates: p }, repairs: ['a MultiPoint of one point was stored as a Point'] };
  }
  throw new GeometryProblem(`the geometry is a ${describeType(g.type)}: a village must be a Point`);
}

function describeType(t: unknown): string {
  return typeof t === 'string' ? t : 'geometry without a valid type';
}

/* -------------------------------------------------------------- polygons */

function checkPolygonal(g: { type?: unknown; coordinates?: unknown }, opts: GeometryCheckOptions): GeometryCheckResult {
  let raw: unknown[];
  if (g.type === 'Polygon') raw = [g.coordinates];
  else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates)) throw new GeometryProblem('the MultiPolygon has no coordinates array');
    raw = g.coordinates;
  } else throw new GeometryProblem(`the geometry is a ${describeType(g.type)}: a boundary must be a Polygon or MultiPolygon`);

  const repairs: string[] = [];
  const multi = g.type === 'MultiPolygon';
  const polys: Poly[] = [];
  let closed = 0;
  let droppedRings = 0;
  let droppedPolys = 0;
  raw.forEach((rp, pi) => {
    const pwhere = multi ? `polygon ${pi + 1}` : 'polygon';
    if (!Array.isArray(rp) || rp.length === 0) throw new GeometryProblem(`${pwhere} has no rings`);
    const rings: Ring[] = [];
    for (let ri = 0; ri < rp.length; ri++) {
      const rr = rp[ri];
      const rwhere = `${pwhere}, ring ${ri + 1}`;
      if (!Array.isArray(rr)) throw new GeometryProblem(`${rwhere} is not an array of positions`);
      const ring: Ring = [];
      for (let k = 0; k < rr.length; k++) {
        const p = readPosition(rr[k], `${rwhere}, position ${k + 1}`, opts.bounds);
        const last = ring[ring.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
      }
      if (ring.length > 1) {
        const a = ring[0];
        const z = ring[ring.length - 1];
        if (a[0] !== z[0] || a[1] !== z[1]) {
          ring.push([a[0], a[1]]);
          closed++;
        }
      }
      if (ring.length < 4 || allCollinear(ring)) {
        // A degenerate shell takes its holes with it; a degenerate hole is simply dropped.
        if (ri === 0) {
          droppedPolys++;
          return;
        }
        droppedRings++;
        continue;
      }
      rings.push(ring);
    }
    polys.push(rings);
  });
  if (closed) repairs.push(`closed ${closed} unclosed ring${closed > 1 ? 's' : ''}`);
  if (droppedRings) repairs.push(`removed ${droppedRings} hole${droppedRings > 1 ? 's' : ''} with fewer than 3 distinct points or no area`);
  if (droppedPolys) repairs.push(`removed ${droppedPolys} polygon${droppedPolys > 1 ? 's' : ''} with fewer than 3 distinct points or no area`);
  if (!polys.length) throw new GeometryProblem('no polygon with an area is left (every ring has fewer than 3 distinct points or no area)');

  let result = polys;
  const problem = findProblem(result);
  if (problem) {
    if (opts.repair === false) throw new GeometryProblem(`${problem}`);
    const fixed = repairByUnion(result);
    if (typeof fixed === 'string') throw new GeometryProblem(`${problem}, and it could not be repaired (${fixed})`);
    const repaired = fixed;
    repairs.push(`${problem}: repaired as ${repaired.length} polygon${repaired.length > 1 ? 's' : ''} (union of the rings)`);
    result = repaired;
  }

  for (const poly of result) {
    poly.forEach((ring, i) => {
      const ccw = ringArea(ring) > 0;
      if ((i === 0) !== ccw) ring.reverse();
    });
  }
  const geometry: Polygon | MultiPolygon =
    !multi && result.length === 1 ? { type: 'Polygon', coordinates: result[0] } : { type: 'MultiPolygon', coordinates: result };
  return { ok: true, geometry, repairs };
}

function dedupeRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  return out;
}

/**
 * Rebuilds valid polygons as the union of the rings (polygon-clipping). Floating-point noise can
 * leave the union itself slightly invalid, so a second attempt snaps coordinates to 1e-9 degree
 * (0.1 mm) and runs the union twice. Returns the polygons, or the reason it failed.
 */
function repairByUnion(polys: Poly[]): Poly[] | string {
  const snap = (ps: Poly[]): Poly[] => ps.map((poly) => poly.map((ring) => dedupeRing(ring.map(([x, y]) => [Math.round(x * 1e9) / 1e9, Math.round(y * 1e9) / 1e9]))));
  const once = (ps: Poly[]): Poly[] => {
    const u = polygonClipping.union(ps as unknown as polygonClipping.Geom);
    const out: Poly[] = [];
    for (const poly of u) {
      const rings = poly.map((ring) => dedupeRing(ring as Ring));
      if (rings[0].length < 4 || allCollinear(rings[0])) continue;
      out.push([rings[0], ...rings.slice(1).filter((r) => r.length >= 4 && !allCollinear(r))]);
    }
    return out;
  };
  let reason = 'the union of the rings is empty';
  const attempts: Array<() => Poly[]> = [() => once(polys), () => once(snap(once(snap(polys))))];
  for (const attempt of attempts) {
    try {
      const out = attempt();
      if (!out.length) continue;
      const problem = findProblem(out);
      if (!problem) return out;
      reason = problem;
    } catch (e) {
      reason = (e as Error).message;
    }
  }
  return reason;
}

/** Whether every vertex lies on one line (no area, whatever the order of the points). */
function allCollinear(ring: Ring): boolean {
  const [x0, y0] = ring[0];
  let k = 1;
  while (k < ring.length && ring[k][0] === x0 && ring[k][1] === y0) k++;
  if (k >= ring.length) return true;
  const [x1, y1] = ring[k];
  for (let i = k + 1; i < ring.length; i++) if (orient(x0, y0, x1, y1, ring[i][0], ring[i][1]) !== 0) return false;
  return true;
}

/** Twice the signed area (shoelace); positive for counter-clockwise rings. */
function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

/* ------------------------------------------------- validity (no repairs) */

/**
 * Orientation of c relative to a->b: >0 left, <0 right, 0 collinear (or too close to call, which
 * counts as collinear so that a doubtful case is checked rather than waved through).
 */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (bx - ax) * (cy - ay);
  const r = (by - ay) * (cx - ax);
  const det = l - r;
  const bound = 3.3306690738754716e-16 * (Math.abs(l) + Math.abs(r));
  return Math.abs(det) <= bound ? 0 : det;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

type Contact = 'none' | 'point' | 'cross' | 'overlap';

/** How two segments meet: not at all, at one point (touch), crossing properly, or overlapping. */
function contact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): Contact {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if (o1 === 0 && o2 === 0) {
    // Collinear: project on the longer axis and compare the intervals.
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const s0 = useX ? Math.min(ax, bx) : Math.min(ay, by);
    const s1 = useX ? Math.max(ax, bx) : Math.max(ay, by);
    const t0 = useX ? Math.min(cx, dx) : Math.min(cy, dy);
    const t1 = useX ? Math.max(cx, dx) : Math.max(cy, dy);
    const lo = Math.max(s0, t0);
    const hi = Math.min(s1, t1);
    if (lo > hi) return 'none';
    return lo === hi ? 'point' : 'overlap';
  }
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 'cross';
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return 'point';
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return 'point';
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return 'point';
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return 'point';
  return 'none';
}

/**
 * Finds the first reason the polygons are not valid (OGC rules that GEOS enforces), or null.
 * Segment pairs are tested through a uniform grid, so a ring of n segments costs about O(n)
 * rather than O(n^2).
 */
export function findProblem(polys: Poly[]): string | null {
  const multi = polys.length > 1;
  const ringName = (p: number, r: number) => `${multi ? `polygon ${p + 1}, ` : ''}${r === 0 ? 'outer ring' : `hole ${r}`}`;

  // Flatten the segments.
  let n = 0;
  for (const poly of polys) for (const ring of poly) n += ring.length - 1;
  const ax = new Float64Array(n), ay = new Float64Array(n), bx = new Float64Array(n), by = new Float64Array(n);
  const segRing = new Int32Array(n), segIdx = new Int32Array(n);
  const ringPoly: number[] = [], ringLocal: number[] = [], ringLen: number[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let s = 0;
  polys.forEach((poly, pi) => {
    poly.forEach((ring, ri) => {
      const rid = ringPoly.length;
      ringPoly.push(pi);
      ringLocal.push(ri);
      ringLen.push(ring.length - 1);
      for (let k = 0; k < ring.length - 1; k++, s++) {
        ax[s] = ring[k][0]; ay[s] = ring[k][1]; bx[s] = ring[k + 1][0]; by[s] = ring[k + 1][1];
        segRing[s] = rid;
        segIdx[s] = k;
        minX = Math.min(minX, ax[s]); maxX = Math.max(maxX, ax[s]);
        minY = Math.min(minY, ay[s]); maxY = Math.max(maxY, ay[s]);
      }
    });
  });

  // Grid of about n cells over the extent.
  const w = Math.max(maxX - minX, 1e-12), h = Math.max(maxY - minY, 1e-12);
  const cells = Math.max(1, Math.min(n, 1 << 22));
  const cols = Math.max(1, Math.min(4096, Math.round(Math.sqrt((cells * w) / h))));
  const rows = Math.max(1, Math.min(4096, Math.round(cells / cols)));
  const cw = w / cols, ch = h / rows;
  const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) / cw)));
  const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) / ch)));
  const c0 = new Int32Array(n), c1 = new Int32Array(n), r0 = new Int32Array(n), r1 = new Int32Array(n);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    c0[i] = col(Math.min(ax[i], bx[i])); c1[i] = col(Math.max(ax[i], bx[i]));
    r0[i] = row(Math.min(ay[i], by[i])); r1[i] = row(Math.max(ay[i], by[i]));
    for (let c = c0[i]; c <= c1[i]; c++) {
      for (let r = r0[i]; r <= r1[i]; r++) {
        const key = r * cols + c;
        const b = buckets.get(key);
        if (b) b.push(i);
        else buckets.set(key, [i]);
      }
    }
  }

  for (const [key, list] of buckets) {
    if (list.length < 2) continue;
    const kc = key % cols, kr = (key - kc) / cols;
    for (let x = 0; x < list.length; x++) {
      const i = list[x];
      for (let y = x + 1; y < list.length; y++) {
        const j = list[y];
        // Test each pair once: in the first cell both segments share.
        if (Math.max(c0[i], c0[j]) !== kc || Math.max(r0[i], r0[j]) !== kr) continue;
        if (Math.max(ax[i], bx[i]) < Math.min(ax[j], bx[j]) || Math.max(ax[j], bx[j]) < Math.min(ax[i], bx[i])) continue;
        if (Math.max(ay[i], by[i]) < Math.min(ay[j], by[j]) || Math.max(ay[j], by[j]) < Math.min(ay[i], by[i])) continue;
        const msg = pairProblem(i, j);
        if (msg) return msg;
      }
    }
  }

  function pairProblem(i: number, j: number): string | null {
    const ri = segRing[i], rj = segRing[j];
    if (ri === rj) {
      const len = ringLen[ri];
      const d = Math.abs(segIdx[i] - segIdx[j]);
      if (d === 1 || d === len - 1) {
        // Consecutive segments share a vertex; they are wrong only if the ring doubles back.
        const [first, second] = d === 1 ? (segIdx[i] < segIdx[j] ? [i, j] : [j, i]) : segIdx[i] === 0 ? [j, i] : [i, j];
        const px = ax[first], py = ay[first], vx = bx[first], vy = by[first], qx = bx[second], qy = by[second];
        if (len > 2 && orient(px, py, vx, vy, qx, qy) === 0 && (px - vx) * (qx - vx) + (py - vy) * (qy - vy) > 0) {
          return `${ringName(ringPoly[ri], ringLocal[ri])} doubles back on itself (a spike) at ${fmt([vx, vy])}`;
        }
        return null;
      }
      const c = contact(ax[i], ay[i], bx[i], by[i], ax[j], ay[j], bx[j], by[j]);
      if (c !== 'none') return `${ringName(ringPoly[ri], ringLocal[ri])} ${c === 'cross' ? 'crosses' : 'touches'} itself near ${fmt(meetingPoint(i, j))} (self-intersection)`;
      return null;
    }
    const c = contact(ax[i], ay[i], bx[i], by[i], ax[j], ay[j], bx[j], by[j]);
    if (c === 'cross' || c === 'overlap') {
      const pi = ringPoly[ri], pj = ringPoly[rj];
      const where = meetingPoint(i, j);
      if (pi === pj) return `${ringName(pi, ringLocal[ri])} and ${ringName(pj, ringLocal[rj])} cross near ${fmt(where)}`;
      return `polygons ${pi + 1} and ${pj + 1} overlap near ${fmt(where)}`;
    }
    return null;
  }

  /** Where two segments that meet do so (for the message): the crossing, or a shared point. */
  function meetingPoint(i: number, j: number): Lonlat {
    const d = (bx[i] - ax[i]) * (by[j] - ay[j]) - (by[i] - ay[i]) * (bx[j] - ax[j]);
    if (d !== 0) {
      const t = ((ax[j] - ax[i]) * (by[j] - ay[j]) - (ay[j] - ay[i]) * (bx[j] - ax[j])) / d;
      if (t >= 0 && t <= 1) return [ax[i] + t * (bx[i] - ax[i]), ay[i] + t * (by[i] - ay[i])];
    }
    return onSegment(ax[i], ay[i], bx[i], by[i], ax[j], ay[j]) ? [ax[j], ay[j]] : [bx[j], by[j]];
  }

  // No crossings: a hole is now either wholly inside its shell or wholly outside, and a part is
  // either inside another part or apart from it.
  for (let pi = 0; pi < polys.length; pi++) {
    const poly = polys[pi];
    for (let hi = 1; hi < poly.length; hi++) {
      if (ringInside(poly[hi], poly[0]) === false) return `${ringName(pi, hi)} lies outside its outer ring`;
      for (let hj = 1; hj < hi; hj++) {
        if (ringInside(poly[hi], poly[hj]) || ringInside(poly[hj], poly[hi])) return `${ringName(pi, hi)} and ${ringName(pi, hj)} are nested holes`;
      }
    }
  }
  if (polys.length > 1) {
    const boxes = polys.map((p) => ringBox(p[0]));
    for (let a = 0; a < polys.length; a++) {
      for (let b = 0; b < polys.length; b++) {
        if (a === b || !boxContains(boxes[b], boxes[a])) continue;
        if (ringInside(polys[a][0], polys[b][0]) && !polys[b].slice(1).some((hole) => ringInside(polys[a][0], hole))) {
          return `polygon ${a + 1} lies inside polygon ${b + 1} (overlapping parts)`;
        }
      }
    }
  }
  return null;
}

function ringBox(r: Ring): Bounds {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const p of r) {
    if (p[0] < a) a = p[0];
    if (p[1] < b) b = p[1];
    if (p[0] > c) c = p[0];
    if (p[1] > d) d = p[1];
  }
  return [a, b, c, d];
}

function boxContains(outer: Bounds, inner: Bounds): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** -1 outside, 0 on the boundary, 1 inside. */
function pointInRing(x: number, y: number, ring: Ring): number {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (orient(xi, yi, xj, yj, x, y) === 0 && onSegment(xi, yi, xj, yj, x, y)) return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** Whether ring `a` lies inside ring `b`, judged by its first vertex not on b's boundary; null if every vertex is on it. */
function ringInside(a: Ring, b: Ring): boolean | null {
  for (const p of a) {
    const r = pointInRing(p[0], p[1], b);
    if (r !== 0) return r > 0;
  }
  return null;
}
