/**
 * Ascending order of a column of numbers, by a least-significant-digit radix sort on the bits of
 * each double, and the tie-aware counts that rank normalisation and 'min' ranking need from it.
 *
 * Why not a comparison sort: the priority analysis orders some 60 columns of 7,425 values a run
 * (every component, category and basis, for the period and the previous period). A native
 * Float64Array sort followed by a binary search per value took about 1.5 ms a column, most of the
 * scoring time; the radix order and one linear walk take a small fraction of that
 * (src/shared/rank-order.test.ts checks every result against the plain definitions).
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/**
 * Positions of `values` in ascending numeric order (a stable order: equal values keep their
 * positions' order). -0 sorts with 0. The values must not be NaN.
 */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const m = values.length;
  const f = new Float64Array(m);
  for (let i = 0; i < m; i++) f[i] = values[i] + 0; // -0 + 0 is 0
  const bits = new Uint32Array(f.buffer);
  // Unsigned keys that order like the numbers: negatives have every bit flipped, positives only
  // the sign bit.
  const lo = new Uint32Array(m);
  const hi = new Uint32Array(m);
  const counts = new Uint32Array(8 * 256);
  for (let i = 0; i < m; i++) {
    let h = bits[2 * i + HI];
    let l = bits[2 * i + LO];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    counts[l & 255]++;
    counts[256 + ((l >>> 8) & 255)]++;
    counts[512 + ((l >>> 16) & 255)]++;
    counts[768 + (l >>> 24)]++;
    counts[1024 + (h & 255)]++;
    counts[1280 + ((h >>> 8) & 255)]++;
    counts[1536 + ((h >>> 16) & 255)]++;
    counts[1792 + (h >>> 24)]++;
  }
  let order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  let next = new Uint32Array(m);
  const start = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const base = pass * 256;
    // A digit that is the same in every key (the low bytes of whole numbers, say) moves nothing.
    let single = false;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d];
      if (c === m) single = true;
      if (c !== 0) break;
    }
    if (single || m < 2) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      start[d] = sum;
      sum += counts[base + d];
    }
    const key = pass < 4 ? lo : hi;
    const shift = (pass & 3) * 8;
    for (let p = 0; p < m; p++) {
      const i = order[p];
      next[start[(key[i] >>> shift) & 255]++] = i;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

/**
 * For each position i of `values`: how many values are strictly less than values[i] ('higher is
 * more urgent': the areas less urgent than this one), or with `greater`, strictly greater.
 */
export function countStrictly(values: ArrayLike<number>, greater: boolean, order: Uint32Array = ascendingOrder(values)): Uint32Array {
  const m = values.length;
  const out = new Uint32Array(m);
  if (!greater) {
    let groupStart = 0;
    for (let q = 0; q < m; q++) {
      if (q > 0 && values[order[q]] !== values[order[q - 1]]) groupStart = q;
      out[order[q]] = groupStart;
    }
  } else {
    let groupEnd = m - 1;
    for (let q = m - 1; q >= 0; q--) {
      if (q < m - 1 && values[order[q]] !== values[order[q + 1]]) groupEnd = q;
      out[order[q]] = m - 1 - groupEnd;
    }
  }
  return out;
}

/**
 * For each position i: how many values are greater than values[i] + tolerance, computed as
 * `v > values[i] + tolerance` would (so a 'min' rank is 1 plus it).
 */
export function countAboveWithin(values: ArrayLike<number>, tolerance: number, order: Uint32Array = ascendingOrder(values)): Uint32Array {
  const m = values.length;
  const out = new Uint32Array(m);
  // values[i] + tolerance never decreases along the ascending order, so the first value above
  // it only moves forward.
  let r = 0;
  for (let q = 0; q < m; q++) {
    const t = values[order[q]] + tolerance;
    while (r < m && values[order[r]] <= t) r++;
    out[order[q]] = m - r;
  }
  return out;
}
