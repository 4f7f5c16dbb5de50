/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that generated
 * data (the demo province, benchmarks) is the same for the same seed on every machine.
 * Not for anything secret: use node:crypto for tokens and passwords.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Whole number in [min, max] (both included). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An index chosen with probability proportional to its weight (weights >= 0, not all 0). */
  weighted(weights: readonly number[]): number;
  /** A new generator whose sequence depends on this one's seed and `label`, not on how far this one has run. */
  fork(label: string | number): Random;
}

/** 32-bit mix of a seed and a label (FNV-1a over the label, then splitmix32). */
export function mixSeed(seed: number, label: string | number = ''): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  const s = String(label);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return splitmix32(h)();
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator seeded with a whole number; the same seed gives the same sequence. */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    // sfc32: small, fast and statistically sound for simulation.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32 needs a few rounds to mix its state.
  for (let i = 0; i < 12; i++) next();
  let spare: number | null = null;
  const rng: Random = {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      let v = 0;
      let r = 0;
      do {
        u = next() * 2 - 1;
        v = next() * 2 - 1;
        r = u * u + v * v;
      } while (r >= 1 || r === 0);
      const f = Math.sqrt((-2 * Math.log(r)) / r);
      spare = v * f;
      return u * f;
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      if (!(total > 0)) throw new RangeError('weighted choice needs a positive total weight');
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i];
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    fork: (label) => createRandom(mixSeed(seed, label)),
  };
  return rng;
}

/**
 * Fast repeated weighted choice over fixed weights (cumulative table + binary search), for
 * drawing millions of times from the same distribution.
 */
export function weightedTable(weights: readonly number[]): (u: number) => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} must be >= 0`);
    total += weights[i];
    cum[i] = total;
  }
  if (!(total > 0)) throw new RangeError('weighted choice needs a positive total weight');
  return (u: number) => {
    const x = u * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
