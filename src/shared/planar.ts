/**
 * Small planar geometry toolkit for the demo generator: convex clipping, rings, point in polygon,
 * simplicity checks and dissolving a set of cells that share exact edges. Pure functions on
 * [x, y] pairs (metres in the generator's local frame, or lon/lat).
 */

export type Pt = [number, number];
export type Ring = Pt[];

/** Signed area (shoelace); positive for counter-clockwise rings. Rings are open (first != last). */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return s / 2;
}

/** Drops the closing vertex of a ring if it repeats the first one. */
export function openRing(ring: Ring): Ring {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return ring.slice(0, -1);
  return ring;
}

/**
 * Clips a convex ring to the half-plane of points closer to `a` than to `b`
 * (Sutherland-Hodgman against the perpendicular bisector): one step of a Voronoi cell.
 */
export function clipCloserTo(ring: Ring, a: Pt, b: Pt): Ring {
  const nx = b[0] - a[0];
  const ny = b[1] - a[1];
  const c = (nx * (a[0] + b[0])) / 2 + (ny * (a[1] + b[1])) / 2;
  const side = (p: Pt) => nx * p[0] + ny * p[1] - c; // <= 0 keeps
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Even-odd ray casting against one ring. */
export function pointInRing(x: number, y: number, ring: ReadonlyArray<ArrayLike<number>>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point in a polygon given as rings (outer first, then holes). */
export function pointInPolygon(x: number, y: number, rings: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): boolean {
  if (!pointInRing(x, y, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRing(x, y, rings[k])) return false;
  return true;
}

function orient(a: Pt, b: Pt, c: Pt): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Do closed segments ab and cd share any point? */
export function segmentsTouch(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(c, d, a)) return true;
  if (d2 === 0 && onSegment(c, d, b)) return true;
  if (d3 === 0 && onSegment(a, b, c)) return true;
  if (d4 === 0 && onSegment(a, b, d)) return true;
  return false;
}

/**
 * Problems that would make PostGIS call a set of rings invalid: too few vertices, repeated
 * vertices, a ring touching or crossing itself, or two rings of the polygon touching.
 * Returns an empty list for a valid polygon. Grid-accelerated, so rings of thousands of vertices
 * are cheap.
 */
export function polygonProblems(rings: Ring[]): string[] {
  const problems: string[] = [];
  type Seg = { r: number; i: number; a: Pt; b: Pt };
  const segs: Seg[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  rings.forEach((ring, r) => {
    if (ring.length < 3) problems.push(`ring ${r} has ${ring.length} vertices`);
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      if (a[0] === b[0] && a[1] === b[1]) problems.push(`ring ${r} repeats vertex ${i}`);
      segs.push({ r, i, a, b });
      minX = Math.min(minX, a[0]);
      maxX = Math.max(maxX, a[0]);
      minY = Math.min(minY, a[1]);
      maxY = Math.max(maxY, a[1]);
    }
  });
  if (problems.length) return problems;
  const n = Math.max(1, Math.ceil(Math.sqrt(segs.length)));
  const cw = (maxX - minX) / n || 1;
  const ch = (maxY - minY) / n || 1;
  const grid = new Map<number, number[]>();
  segs.forEach((s, k) => {
    const x0 = Math.floor((Math.min(s.a[0], s.b[0]) - minX) / cw);
    const x1 = Math.floor((Math.max(s.a[0], s.b[0]) - minX) / cw);
    const y0 = Math.floor((Math.min(s.a[1], s.b[1]) - minY) / ch);
    const y1 = Math.floor((Math.max(s.a[1], s.b[1]) - minY) / ch);
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const key = gx * 100003 + gy;
        const list = grid.get(key);
        if (list) list.push(k);
        else grid.set(key, [k]);
      }
    }
  });
  const seen = new Set<string>();
  for (const list of grid.values()) {
    for (let u = 0; u < list.length; u++) {
      for (let v = u + 1; v < list.length; v++) {
        const s = segs[list[u]];
        const t = segs[list[v]];
        if (s.r === t.r) {
          const len = rings[s.r].length;
          const adjacent = Math.abs(s.i - t.i) === 1 || Math.abs(s.i - t.i) === len - 1;
          if (adjacent) {
            // Neighbouring segments share one vertex; they must not fold back onto each other.
            const [p, q] = s.i < t.i && !(s.i === 0 && t.i === len - 1) ? [s, t] : [t, s];
            if (orient(p.a, p.b, q.b) === 0 && (q.b[0] - p.b[0]) * (p.a[0] - p.b[0]) + (q.b[1] - p.b[1]) * (p.a[1] - p.b[1]) > 0) {
              problems.push(`ring ${s.r} folds back at vertex ${q.i}`);
            }
            continue;
          }
        }
        if (segmentsTouch(s.a, s.b, t.a, t.b)) {
          const key = `${list[u]}:${list[v]}`;
          if (!seen.has(key)) {
            seen.add(key);
            problems.push(s.r === t.r ? `ring ${s.r} crosses itself (segments ${s.i} and ${t.i})` : `rings ${s.r} and ${t.r} touch`);
          }
        }
      }
    }
  }
  return problems;
}

/**
 * Dissolves cells that share exact edges (the same vertex ids) into the rings of their union.
 * Cells are counter-clockwise rings of vertex ids; the result keeps that orientation, so outer
 * rings come out counter-clockwise and holes clockwise. Throws when two boundary edges leave the
 * same vertex (the union would pinch at a point).
 */
export function dissolve(cells: number[][]): number[][] {
  const key = (a: number, b: number) => `${a}>${b}`;
  const edges = new Set<string>();
  for (const c of cells) for (let i = 0; i < c.length; i++) edges.add(key(c[i], c[(i + 1) % c.length]));
  const next = new Map<number, number>();
  for (const c of cells) {
    for (let i = 0; i < c.length; i++) {
      const a = c[i];
      const b = c[(i + 1) % c.length];
      if (edges.has(key(b, a))) continue; // shared with a neighbour inside the union
      if (next.has(a)) throw new Error(`dissolve: boundary pinches at vertex ${a}`);
      next.set(a, b);
    }
  }
  const rings: number[][] = [];
  const used = new Set<number>();
  for (const start of next.keys()) {
    if (used.has(start)) continue;
    const ring: number[] = [];
    let v = start;
    while (!used.has(v)) {
      used.add(v);
      ring.push(v);
      const n = next.get(v);
      if (n === undefined) throw new Error(`dissolve: open boundary at vertex ${v}`);
      v = n;
    }
    if (v !== start) throw new Error(`dissolve: boundary loops back at vertex ${v}`);
    rings.push(ring);
  }
  return rings;
}

/** Length of a polyline and the cumulative length at each vertex. */
export function polylineMeasure(line: Pt[]): { total: number; cum: number[] } {
  const cum = [0];
  for (let i = 1; i < line.length; i++) cum.push(cum[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  return { total: cum[cum.length - 1], cum };
}

/** The point at distance `d` along a polyline, with the unit direction of travel there. */
export function pointAlong(line: Pt[], cum: number[], d: number): { p: Pt; dir: Pt } {
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] <= d) lo = mid;
    else hi = mid;
  }
  const a = line[lo];
  const b = line[hi];
  const len = cum[hi] - cum[lo] || 1;
  const t = Math.min(1, Math.max(0, (d - cum[lo]) / len));
  return { p: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], dir: [(b[0] - a[0]) / len, (b[1] - a[1]) / len] };
}

/** Distance from a point to a polyline. */
export function distanceToPolyline(p: Pt, line: Pt[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}
