/**
 * Spatial neighbours and weights for local statistics (Getis-Ord Gi*, local Moran's I), in
 * compressed sparse row form: area i's neighbours are `indices[offsets[i] .. offsets[i + 1])`.
 * Flat typed arrays because the statistics walk them hundreds of thousands of times (999
 * permutations of 7,425 areas) and nested JavaScript arrays cost several times more.
 *
 * The conventions follow R spdep, against which the statistics are checked: a neighbour list
 * (`nb`) never contains the area itself, `includeSelf` adds it as spdep's `include.self()` does,
 * binary weights are spdep's style "B", row-standardised ones its style "W", and an area with no
 * neighbour (an island) keeps an empty row, as `zero.policy = TRUE` allows.
 */

/** A symmetric-or-not neighbour list: area i's neighbours, ascending, without i itself. */
export interface NeighbourList {
  readonly n: number;
  /** Length n + 1; area i's neighbours are `neighbours[offsets[i] .. offsets[i + 1])`. */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

/** Weights over a neighbour list, in the same row layout. */
export interface SpatialWeights {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
  /** 'B' binary (every link weighs 1), 'W' row-standardised (each row sums to 1). */
  readonly style: 'B' | 'W';
  /** True when each area is its own neighbour with weight 1 (what Gi* needs). */
  readonly selfIncluded: boolean;
  /** Areas with no neighbour other than themselves, ascending. */
  readonly islands: Int32Array;
}

/**
 * A neighbour list from one array of neighbour indices per area (the shape of spdep's `nb`, but
 * 0-based). Duplicates and the area itself are refused rather than silently dropped, because
 * either means the caller built the list wrongly.
 */
export function neighbourListFromArrays(lists: ReadonlyArray<ReadonlyArray<number>>): NeighbourList {
  const n = lists.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + lists[i].length;
  const neighbours = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const row = [...lists[i]].sort((a, b) => a - b);
    for (let k = 0; k < row.length; k++) {
      const j = row[k];
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`neighbour list: area ${i} has neighbour ${j}, which is not an area index 0..${n - 1}`);
      if (j === i) throw new RangeError(`neighbour list: area ${i} lists itself as a neighbour (use includeSelf instead)`);
      if (k > 0 && row[k - 1] === j) throw new RangeError(`neighbour list: area ${i} lists neighbour ${j} twice`);
      neighbours[offsets[i] + k] = j;
    }
  }
  return { n, offsets, neighbours };
}

/**
 * A symmetric neighbour list from unordered pairs of area indices (i, j), given as a flat array
 * [i0, j0, i1, j1, ...]: each pair makes i a neighbour of j and j of i. Repeated pairs count once.
 */
export function neighbourListFromPairs(n: number, pairs: ArrayLike<number>): NeighbourList {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`neighbour pairs: the number of areas must be a whole number >= 0, not ${n}`);
  if (pairs.length % 2 !== 0) throw new RangeError(`neighbour pairs: expected an even number of indices (pairs), got ${pairs.length}`);
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k];
    const j = pairs[k + 1];
    for (const v of [i, j]) {
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new RangeError(`neighbour pairs: pair ${k / 2} holds ${v}, which is not an area index 0..${n - 1}`);
    }
    if (i === j) throw new RangeError(`neighbour pairs: pair ${k / 2} joins area ${i} with itself`);
    rows[i].push(j);
    rows[j].push(i);
  }
  return neighbourListFromArrays(rows.map((r) => [...new Set(r)]));
}

/** Areas with no neighbour, ascending. */
export function findIslands(nb: NeighbourList): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < nb.n; i++) if (nb.offsets[i + 1] === nb.offsets[i]) out.push(i);
  return Int32Array.from(out);
}

/** The number of links (directed) of a neighbour list, and the smallest and largest row. */
export function neighbourCounts(nb: NeighbourList): { links: number; min: number; max: number; mean: number } {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < nb.n; i++) {
    const c = nb.offsets[i + 1] - nb.offsets[i];
    if (c < min) min = c;
    if (c > max) max = c;
  }
  const links = nb.offsets[nb.n] ?? 0;
  return { links, min: nb.n ? min : 0, max, mean: nb.n ? links / nb.n : 0 };
}

/**
 * Binary weights (spdep style "B"): every neighbour weighs 1. With `includeSelf`, each area is
 * also its own neighbour with weight 1, in index order among its neighbours, exactly as
 * `nb2listw(include.self(nb), style = "B")`; an island then has itself alone.
 */
export function binaryWeights(nb: NeighbourList, opts: { includeSelf: boolean }): SpatialWeights {
  const { n } = nb;
  const self = opts.includeSelf ? 1 : 0;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (nb.offsets[i + 1] - nb.offsets[i]) + self;
  const indices = new Int32Array(offsets[n]);
  let o = 0;
  for (let i = 0; i < n; i++) {
    let placed = !self;
    for (let k = nb.offsets[i]; k < nb.offsets[i + 1]; k++) {
      const j = nb.neighbours[k];
      if (!placed && j > i) {
        indices[o++] = i;
        placed = true;
      }
      indices[o++] = j;
    }
    if (!placed) indices[o++] = i;
  }
  return { n, offsets, indices, weights: new Float64Array(offsets[n]).fill(1), style: 'B', selfIncluded: opts.includeSelf, islands: findIslands(nb) };
}

/**
 * Row-standardised weights (spdep style "W", the default of `localmoran`): each of area i's k
 * neighbours weighs 1/k, the area itself is not included. An island keeps an empty row, so its
 * spatial lag is 0 (spdep with `zero.policy = TRUE`).
 */
export function rowStandardisedWeights(nb: NeighbourList): SpatialWeights {
  const { n } = nb;
  const weights = new Float64Array(nb.neighbours.length);
  for (let i = 0; i < n; i++) {
    const k = nb.offsets[i + 1] - nb.offsets[i];
    for (let t = nb.offsets[i]; t < nb.offsets[i + 1]; t++) weights[t] = 1 / k;
  }
  return { n, offsets: nb.offsets, indices: nb.neighbours, weights, style: 'W', selfIncluded: false, islands: findIslands(nb) };
}

/** Mean radius of the Earth (IUGG R1), the sphere great-circle distances are measured on. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres between two [lon, lat] points in degrees, on a sphere of
 * radius EARTH_RADIUS_M (haversine). Within Thailand the sphere differs from the WGS 84 ellipsoid
 * by at most about 0.5 %, which does not matter for choosing a neighbourhood band.
 */
export function greatCircleMetres(a: readonly [number, number], b: readonly [number, number]): number {
  return haversine(a[0] * RAD, a[1] * RAD, b[0] * RAD, b[1] * RAD);
}

function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const s1 = Math.sin((lat2 - lat1) / 2);
  const s2 = Math.sin((lon2 - lon1) / 2);
  const h = s1 * s1 + Math.cos(lat1) * Math.cos(lat2) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function checkPoints(points: ReadonlyArray<readonly [number, number]>, what: string): void {
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      throw new RangeError(`${what}: point ${i} is not a [lon, lat] position in degrees (${JSON.stringify(p)})`);
    }
  }
}

/**
 * Distance-band neighbours: areas whose points (centroids, [lon, lat] in degrees) lie within
 * `maxMetres` of each other by great-circle distance, bound included, the area itself excluded
 * (spdep's `dnearneigh(coords, 0, d)`, but on the sphere of greatCircleMetres). Points are swept
 * in latitude order, since two points farther apart in latitude than the band cannot be within it,
 * so a national set of 7,425 points takes milliseconds, not a full pairwise pass.
 */
export function distanceBandNeighbours(points: ReadonlyArray<readonly [number, number]>, maxMetres: number): NeighbourList {
  if (!(maxMetres > 0) || !Number.isFinite(maxMetres)) throw new RangeError(`distance band: the band must be a positive number of metres, not ${maxMetres}`);
  checkPoints(points, 'distance band');
  const n = points.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = points[i][0] * RAD;
    lat[i] = points[i][1] * RAD;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lat[a] - lat[b]);
  // Latitude difference alone gives a distance of R * dLat; a hair of slack keeps rounding in
  // that bound from dropping a pair the exact test would accept.
  const dLatMax = (maxMetres / EARTH_RADIUS_M) * (1 + 1e-9);
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) {
    const i = order[a];
    for (let b = a + 1; b < n; b++) {
      const j = order[b];
      if (lat[j] - lat[i] > dLatMax) break;
      if (haversine(lon[i], lat[i], lon[j], lat[j]) <= maxMetres) {
        rows[i].push(j);
        rows[j].push(i);
      }
    }
  }
  return neighbourListFromArrays(rows);
}

/**
 * The smallest distance band in metres that leaves no area without a neighbour: the largest
 * nearest-neighbour distance among the points (the usual default band, spdep's
 * `max(unlist(nbdists(knn2nb(knearneigh(coords, 1)), coords)))`). Needs at least two points.
 */
export function minimumConnectingBand(points: ReadonlyArray<readonly [number, number]>): number {
  checkPoints(points, 'distance band');
  const n = points.length;
  if (n < 2) throw new RangeError(`distance band: need at least two points to find a band, got ${n}`);
  const lon = points.map((p) => p[0] * RAD);
  const lat = points.map((p) => p[1] * RAD);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lat[a] - lat[b]);
  let worst = 0;
  for (let a = 0; a < n; a++) {
    const i = order[a];
    let best = Infinity;
    // Walk outwards in latitude order both ways, stopping once latitude alone exceeds the best.
    for (let b = a + 1; b < n; b++) {
      const j = order[b];
      if ((lat[j] - lat[i]) * EARTH_RADIUS_M > best) break;
      best = Math.min(best, haversine(lon[i], lat[i], lon[j], lat[j]));
    }
    for (let b = a - 1; b >= 0; b--) {
      const j = order[b];
      if ((lat[i] - lat[j]) * EARTH_RADIUS_M > best) break;
      best = Math.min(best, haversine(lon[i], lat[i], lon[j], lat[j]));
    }
    if (best > worst) worst = best;
  }
  return worst;
}
