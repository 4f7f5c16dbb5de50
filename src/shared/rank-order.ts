/**
 * Ascending order of a column of numbers, by a least-significant-digit radix sort, and the
 * tie-aware counts that rank normalisation and 'min' ranking need from it.
 *
 * Why not a comparison sort: the priority analysis orders some 60 columns of 7,425 values a run
 * (every component, category and basis, for the period and the previous period). A native
 * Float64Array sort followed by a binary search per value took about 1.5 ms a column, most of the
 * scoring time; the radix order and one linear walk take a small fraction of that
 * (src/shared/rank-order.test.ts checks every result against the plain definitions).
 */

/** A run of float32-equal keys longer than this is put in order by a comparison sort, not by insertion. */
const INSERTION_RUN = 24;

/**
 * Positions of `values` in ascending numeric order (a stable order: equal values keep their
 * positions' order). -0 sorts with 0. The values must not be NaN.
 *
 * Three passes of 11 bits over each value rounded to float32 (rounding never reverses two
 * numbers, so this orders them up to values too close for float32 to tell apart), then each run
 * of equal float32 keys is put in exact order by the doubles themselves: by insertion (a run is
 * almost always one repeated value, or two or three close ones), by a comparison sort when a run
 * is long. Measured on 7,425 rates: about half the time of eight 8-bit passes on the double's
 * bits.
 */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const m = values.length;
  const f = new Float32Array(m);
  for (let i = 0; i < m; i++) f[i] = values[i] + 0; // -0 + 0 is 0
  const bits = new Uint32Array(f.buffer);
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < m; i++) {
    // Unsigned keys that order like the numbers: negatives have every bit flipped, positives only the sign bit.
    const b = bits[i];
    const k = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    bits[i] = k;
    counts[k & 2047]++;
    counts[2048 + ((k >>> 11) & 2047)]++;
    counts[4096 + (k >>> 22)]++;
  }
  let order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  let next = new Uint32Array(m);
  const start = new Uint32Array(2048);
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * 2048;
    // A digit that is the same in every key (the low bits of whole numbers, say) moves nothing.
    let single = false;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d];
      if (c === m) single = true;
      if (c !== 0) break;
    }
    if (single || m < 2) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      start[d] = sum;
      sum += counts[base + d];
    }
    const shift = pass * 11;
    for (let p = 0; p < m; p++) {
      const i = order[p];
      next[start[(bits[i] >>> shift) & 2047]++] = i;
    }
    const t = order;
    order = next;
    next = t;
  }
  // Runs of one float32 key, in position order so far: in exact order by the doubles.
  for (let q = 1; q < m; ) {
    if (bits[order[q]] !== bits[order[q - 1]]) {
      q++;
      continue;
    }
    const from = q - 1;
    let to = q + 1;
    while (to < m && bits[order[to]] === bits[order[from]]) to++;
    let same = true;
    const v0 = values[order[from]] + 0;
    for (let r = from + 1; r < to && same; r++) same = values[order[r]] + 0 === v0;
    if (!same) {
      if (to - from <= INSERTION_RUN) {
        for (let r = from + 1; r < to; r++) {
          const i = order[r];
          const v = values[i];
          let w = r - 1;
          while (w >= from && values[order[w]] > v) {
            order[w + 1] = order[w];
            w--;
          }
          order[w + 1] = i;
        }
      } else {
        const run = Array.from(order.subarray(from, to)).sort((a, b) => values[a] - values[b] || a - b);
        order.set(run, from);
      }
    }
    q = to;
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
