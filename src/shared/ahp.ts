/**
 * Analytic Hierarchy Process (Saaty): weights from a pairwise comparison matrix, with the
 * consistency ratio that decides whether the judgments can be used.
 *
 * Cell (i, j) says how much more important item i is than item j on Saaty's scale (1 = equal,
 * 3 = moderately, 5 = strongly, 7 = very strongly, 9 = extremely, even numbers in between), and
 * cell (j, i) holds the reciprocal. Pure functions, no I/O.
 */

/** A square pairwise comparison matrix, row-major: matrix[i][j] = importance of i over j. */
export type PairwiseMatrix = readonly (readonly number[])[];

/**
 * Saaty's random consistency index for n = 1..15 (index 0 unused). Values from Saaty (1980),
 * the table AHP software quotes; n <= 2 is always consistent, hence 0.
 */
export const RANDOM_INDEX: readonly number[] = [
  Number.NaN, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/** The largest matrix the random index table covers. */
export const MAX_AHP_SIZE = RANDOM_INDEX.length - 1;

/** Saaty's threshold: a consistency ratio above this means the judgments must be revised. */
export const MAX_CONSISTENCY_RATIO = 0.1;

/**
 * Default relative tolerance for a[i][j] * a[j][i] = 1. People type reciprocals with two
 * decimals (0.14 for 1/7, 0.13 for 1/8: up to 4 % off); a real mistake (3 and 3) is far beyond.
 */
export const RECIPROCAL_TOLERANCE = 0.05;

/** Any invalid matrix or an inconsistent set of judgments. */
export class AhpError extends Error {
  constructor(
    message: string,
    /** 0-based cell the message is about, when there is one. */
    readonly cell: { row: number; column: number } | null = null,
  ) {
    super(message);
    this.name = 'AhpError';
  }
}

export interface AhpValidateOptions {
  /** Names of the items, used in messages ("drugs vs flood"); default "item 1", "item 2"... */
  labels?: readonly string[];
  /** Relative tolerance for the reciprocal check; default RECIPROCAL_TOLERANCE. */
  tolerance?: number;
  /** Allow values outside 1/9..9 (default false: Saaty's scale). */
  allowOutsideScale?: boolean;
}

function nameOf(labels: readonly string[] | undefined, i: number): string {
  return labels?.[i] ?? `item ${i + 1}`;
}

function cellName(labels: readonly string[] | undefined, i: number, j: number): string {
  return `row ${i + 1}, column ${j + 1} (${nameOf(labels, i)} vs ${nameOf(labels, j)})`;
}

/**
 * Checks that a matrix is a usable pairwise comparison matrix: square, 1 to MAX_AHP_SIZE items,
 * every cell a finite positive number on Saaty's scale, diagonal 1, and a[j][i] = 1 / a[i][j]
 * within the tolerance. Throws an AhpError that names the first bad cell (1-based row and
 * column, with the item names when labels are given).
 */
export function validatePairwiseMatrix(matrix: PairwiseMatrix, options: AhpValidateOptions = {}): void {
  const { labels } = options;
  const tol = options.tolerance ?? RECIPROCAL_TOLERANCE;
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new AhpError('the comparison matrix is empty: compare at least one item');
  }
  const n = matrix.length;
  if (n > MAX_AHP_SIZE) {
    throw new AhpError(`the comparison matrix has ${n} items; AHP here supports at most ${MAX_AHP_SIZE} (Saaty's random index table)`);
  }
  if (labels && labels.length !== n) {
    throw new AhpError(`the comparison matrix has ${n} rows but ${labels.length} labels were given`);
  }
  for (let i = 0; i < n; i++) {
    const row = matrix[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new AhpError(
        `the comparison matrix must be square: row ${i + 1} (${nameOf(labels, i)}) has ${Array.isArray(row) ? row.length : 0} values, expected ${n}`,
        { row: i, column: 0 },
      );
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new AhpError(`${cellName(labels, i, j)} must be a positive number, got ${String(v)}`, { row: i, column: j });
      }
      if (i === j && v !== 1) {
        throw new AhpError(`${cellName(labels, i, j)} is on the diagonal and must be 1, got ${v}`, { row: i, column: j });
      }
      if (!options.allowOutsideScale && (v > 9 * (1 + tol) || v < 1 / (9 * (1 + tol)))) {
        throw new AhpError(`${cellName(labels, i, j)} is ${v}, outside Saaty's scale 1/9 to 9`, { row: i, column: j });
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const product = matrix[i][j] * matrix[j][i];
      if (Math.abs(product - 1) > tol) {
        throw new AhpError(
          `${cellName(labels, j, i)} must be the reciprocal of ${cellName(labels, i, j)}: ` +
            `expected ${formatJudgment(1 / matrix[i][j])}, got ${matrix[j][i]}`,
          { row: j, column: i },
        );
      }
    }
  }
}

/** Writes a judgment the way people enter it: 3, 1/3, 2.5. */
export function formatJudgment(v: number): string {
  const r = (x: number) => Math.round(x * 100) / 100;
  if (v >= 1) return String(r(v));
  const inv = 1 / v;
  return Math.abs(inv - Math.round(inv)) < 1e-6 ? `1/${Math.round(inv)}` : String(r(v));
}

/**
 * Builds the full matrix from the judgments above the diagonal, so a form only asks each pair
 * once. `upper[i][k]` is the judgment of item i over item i + 1 + k (the row for the last item is
 * empty or absent). Values are not checked here: pass the result to validatePairwiseMatrix.
 */
export function matrixFromUpperTriangle(n: number, upper: readonly (readonly number[])[]): number[][] {
  if (!Number.isInteger(n) || n < 1) throw new AhpError(`the number of items must be a whole number >= 1, got ${n}`);
  const m: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let i = 0; i < n - 1; i++) {
    const row = upper[i];
    if (!row || row.length !== n - 1 - i) {
      throw new AhpError(`judgments for item ${i + 1} must list ${n - 1 - i} values (one per later item), got ${row ? row.length : 0}`);
    }
    for (let k = 0; k < row.length; k++) {
      const j = i + 1 + k;
      m[i][j] = row[k];
      m[j][i] = 1 / row[k];
    }
  }
  return m;
}

/** Principal eigenvector by power iteration: weights summing to 1, lambda_max, iterations used. */
export interface EigenResult {
  weights: number[];
  lambdaMax: number;
  iterations: number;
}

/**
 * Priority weights by Saaty's principal eigenvector method: power iteration on the (positive)
 * matrix until no weight changes by more than `tolerance` (default 1e-12). The matrix must be
 * valid (validatePairwiseMatrix). lambda_max is the sum of A*w for w normalised to sum 1.
 */
export function eigenvectorWeights(matrix: PairwiseMatrix, tolerance = 1e-12, maxIterations = 10_000): EigenResult {
  const n = matrix.length;
  // The geometric-mean weights are already close to the eigenvector, so few iterations follow.
  let w = geometricMeanWeights(matrix);
  let next = new Array<number>(n);
  for (let it = 1; it <= maxIterations; it++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = matrix[i];
      for (let j = 0; j < n; j++) s += row[j] * w[j];
      next[i] = s;
      total += s;
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i] /= total;
      change = Math.max(change, Math.abs(next[i] - w[i]));
    }
    [w, next] = [next, w];
    if (change <= tolerance) {
      return { weights: w, lambdaMax: lambdaOf(matrix, w), iterations: it };
    }
  }
  // A positive matrix always converges (Perron-Frobenius); reaching this means a broken input.
  throw new AhpError(`the eigenvector did not converge in ${maxIterations} iterations`);
}

function lambdaOf(matrix: PairwiseMatrix, w: readonly number[]): number {
  let lambda = 0;
  for (let i = 0; i < matrix.length; i++) {
    for (let j = 0; j < matrix.length; j++) lambda += matrix[i][j] * w[j];
  }
  return lambda;
}

/**
 * Priority weights by the geometric mean of each row (the row geometric mean method), normalised
 * to sum 1. Equal to the eigenvector for a perfectly consistent matrix; computed in logarithms
 * so that large matrices do not overflow.
 */
export function geometricMeanWeights(matrix: PairwiseMatrix): number[] {
  const n = matrix.length;
  const logs = matrix.map((row) => row.reduce((s, v) => s + Math.log(v), 0) / n);
  const top = Math.max(...logs);
  const raw = logs.map((l) => Math.exp(l - top));
  const total = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / total);
}

/** The comparison whose judgment departs most from what the weights imply. */
export interface WorstComparison {
  /** 0-based row and column, row < column. */
  row: number;
  column: number;
  rowLabel: string;
  columnLabel: string;
  /** The judgment given, a[row][column]. */
  given: number;
  /** The ratio the weights imply, w[row] / w[column]. */
  implied: number;
  /** max(given / implied, implied / given) >= 1: how many times too strong or too weak. */
  deviation: number;
}

export interface AhpResult {
  n: number;
  /** Principal eigenvector weights (the ones AHP uses), summing to 1. */
  weights: number[];
  /** Row geometric mean weights, for comparison. */
  geometricMeanWeights: number[];
  lambdaMax: number;
  /** Consistency index (lambda_max - n) / (n - 1); 0 for n <= 2. */
  ci: number;
  /** Saaty's random index for n. */
  ri: number;
  /** Consistency ratio CI / RI; 0 for n <= 2. */
  cr: number;
  /** cr <= MAX_CONSISTENCY_RATIO. */
  consistent: boolean;
  /** null for n <= 2 (nothing can disagree). */
  worst: WorstComparison | null;
}

/**
 * Full AHP analysis of a pairwise comparison matrix: validates it, then gives the eigenvector and
 * geometric-mean weights, lambda_max, CI, RI, CR and the most inconsistent comparison (largest
 * max(e, 1/e) with e = a[i][j] * w[j] / w[i], Saaty's own measure of a judgment's departure).
 */
export function analyseAhp(matrix: PairwiseMatrix, options: AhpValidateOptions = {}): AhpResult {
  validatePairwiseMatrix(matrix, options);
  const n = matrix.length;
  const { weights, lambdaMax } = eigenvectorWeights(matrix);
  const gm = geometricMeanWeights(matrix);
  const ri = RANDOM_INDEX[n];
  // Rounding can leave lambda_max a hair below n on a consistent matrix; CI cannot be negative.
  const ci = n <= 2 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const cr = n <= 2 ? 0 : ci / ri;
  let worst: WorstComparison | null = null;
  if (n > 2) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const implied = weights[i] / weights[j];
        const e = matrix[i][j] / implied;
        const deviation = Math.max(e, 1 / e);
        if (!worst || deviation > worst.deviation) {
          worst = {
            row: i, column: j, rowLabel: nameOf(options.labels, i), columnLabel: nameOf(options.labels, j),
            given: matrix[i][j], implied, deviation,
          };
        }
      }
    }
  }
  return { n, weights, geometricMeanWeights: gm, lambdaMax, ci, ri, cr, consistent: cr <= MAX_CONSISTENCY_RATIO, worst };
}

/** The nearest value on Saaty's scale (1/9..9) to a ratio, in log terms. */
export function nearestSaatyValue(ratio: number): number {
  const scale = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const candidates = [...scale, ...scale.slice(1).map((v) => 1 / v)];
  let best = 1;
  for (const c of candidates) {
    if (Math.abs(Math.log(c / ratio)) < Math.abs(Math.log(best / ratio))) best = c;
  }
  return best;
}

/**
 * Weights for named items from their pairwise comparisons, refusing judgments with a consistency
 * ratio above 0.10. The refusal gives the CR and the comparison to revisit, e.g.
 * "consistency ratio 0.145 is above 0.10: revise the comparison of drugs vs flood (given 7, the
 * other judgments imply about 3.2; try 3)". Returns weights keyed by item id, summing to 1.
 */
export function ahpWeights(ids: readonly string[], matrix: PairwiseMatrix, options: Omit<AhpValidateOptions, 'labels'> & { labels?: readonly string[] } = {}): { weights: Record<string, number>; analysis: AhpResult } {
  if (new Set(ids).size !== ids.length) throw new AhpError('the compared items must be distinct');
  const labels = options.labels ?? ids;
  const analysis = analyseAhp(matrix, { ...options, labels });
  if (ids.length !== analysis.n) {
    throw new AhpError(`the comparison matrix has ${analysis.n} rows but ${ids.length} items were named`);
  }
  if (!analysis.consistent) {
    const w = analysis.worst!;
    throw new AhpError(
      `consistency ratio ${analysis.cr.toFixed(3)} is above ${MAX_CONSISTENCY_RATIO.toFixed(2)}: the judgments contradict each other. ` +
        `Revise the comparison of ${w.rowLabel} vs ${w.columnLabel} (row ${w.row + 1}, column ${w.column + 1}): ` +
        `given ${formatJudgment(w.given)}, the other judgments imply about ${formatJudgment(w.implied)}; ` +
        `try ${formatJudgment(nearestSaatyValue(w.implied))}`,
      { row: w.row, column: w.column },
    );
  }
  const weights: Record<string, number> = {};
  ids.forEach((id, i) => (weights[id] = analysis.weights[i]));
  return { weights, analysis };
}
