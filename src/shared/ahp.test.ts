import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AhpError, RANDOM_INDEX, ahpWeights, analyseAhp, eigenvectorWeights, formatJudgment, geometricMeanWeights,
  matrixFromUpperTriangle, nearestSaatyValue, validatePairwiseMatrix,
} from './ahp.ts';
import { createRandom } from './random.ts';

/*
 * Reference figures. The printed ones come from Saaty, "A scaling method for priorities in
 * hierarchical structures", J. Math. Psychology 15 (1977): the relative wealth of nations
 * (published eigenvector .427 .230 .021 .052 .052 .123 .094, lambda_max 7.61, CR about 0.08)
 * and the brightness of four chairs at distances from a light (.61 .24 .10 .05, lambda_max 4.39).
 * The 12-digit ones were computed once with LAPACK's general eigensolver (numpy 2.4):
 *   vals, vecs = numpy.linalg.eig(A); i = argmax(vals.real); w = abs(vecs[:, i].real); w /= w.sum()
 *   gm = prod(A, axis=1) ** (1/n); gm /= gm.sum()
 */
const WEALTH = [
  [1, 4, 9, 6, 6, 5, 5],
  [1 / 4, 1, 7, 5, 5, 3, 4],
  [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
  [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
  [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
  [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
  [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
];
const WEALTH_LABELS = ['United States', 'USSR', 'China', 'France', 'United Kingdom', 'Japan', 'West Germany'];
const WEALTH_EIGEN = [0.427115021747, 0.230293190262, 0.020838410896, 0.052385620869, 0.052385620869, 0.12271940076, 0.094262734597];
const WEALTH_GM = [0.417157255738, 0.231489029993, 0.019888439762, 0.053512027494, 0.053512027494, 0.128226009514, 0.096215210006];

const LIGHT = [
  [1, 5, 6, 7],
  [1 / 5, 1, 4, 6],
  [1 / 6, 1 / 4, 1, 4],
  [1 / 7, 1 / 6, 1 / 4, 1],
];

function near(actual: readonly number[], expected: readonly number[], tol: number): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `index ${i}: ${v} vs ${expected[i]} (tolerance ${tol})`));
}

test("Saaty's wealth of nations: eigenvector weights, lambda_max and CR match the published figures", () => {
  const r = analyseAhp(WEALTH, { labels: WEALTH_LABELS });
  // As printed (3 decimals) ...
  near(r.weights, [0.427, 0.23, 0.021, 0.052, 0.052, 0.123, 0.094], 0.0005);
  assert.ok(Math.abs(r.lambdaMax - 7.61) < 0.005);
  // ... and to 1e-9 against an independent eigensolver.
  near(r.weights, WEALTH_EIGEN, 1e-9);
  assert.ok(Math.abs(r.lambdaMax - 7.607720268859605) < 1e-9);
  assert.ok(Math.abs(r.ci - 0.10128671147660089) < 1e-9);
  assert.equal(r.ri, 1.32);
  assert.ok(Math.abs(r.cr - 0.0767323571792431) < 1e-4);
  assert.equal(r.consistent, true);
  near(r.geometricMeanWeights, WEALTH_GM, 1e-9);
  assert.ok(Math.abs(r.weights.reduce((s, v) => s + v, 0) - 1) < 1e-12);
});

test("Saaty's light example: weights as published, CR 0.145 refused with the comparison to revise", () => {
  const r = analyseAhp(LIGHT);
  near(r.weights, [0.61, 0.24, 0.1, 0.05], 0.01);
  near(r.weights, [0.618668779632, 0.235322821645, 0.100933972898, 0.045074425826], 1e-9);
  assert.ok(Math.abs(r.lambdaMax - 4.390730218576202) < 1e-9);
  assert.ok(Math.abs(r.cr - 0.1447148957689637) < 1e-4);
  assert.equal(r.consistent, false);
  // The worst judgment is the one whose ratio departs most from w_i / w_j.
  const w = r.worst!;
  let max = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) {
      const e = (LIGHT[i][j] * r.weights[j]) / r.weights[i];
      max = Math.max(max, e, 1 / e);
    }
  }
  assert.equal(w.deviation, max);
  assert.equal(w.given, LIGHT[w.row][w.column]);

  assert.throws(
    () => ahpWeights(['chair1', 'chair2', 'chair3', 'chair4'], LIGHT),
    (e: unknown) =>
      e instanceof AhpError &&
      /consistency ratio 0\.145 is above 0\.10/.test(e.message) &&
      e.message.includes(`chair${w.row + 1} vs chair${w.column + 1}`) &&
      e.message.includes(`given ${formatJudgment(w.given)}`) &&
      e.cell?.row === w.row && e.cell?.column === w.column,
  );
});

test('a three-criteria textbook matrix: both methods agree, CR 0.046 is accepted', () => {
  const m = [
    [1, 1 / 3, 1 / 2],
    [3, 1, 3],
    [2, 1 / 3, 1],
  ];
  const { weights, analysis } = ahpWeights(['cost', 'safety', 'comfort'], m);
  near([weights.cost, weights.safety, weights.comfort], [0.157055789411, 0.59363368526, 0.249310525329], 1e-9);
  assert.ok(Math.abs(analysis.lambdaMax - 3.053621575878976) < 1e-9);
  assert.ok(Math.abs(analysis.cr - 0.04622549644739328) < 1e-4);
  near(analysis.geometricMeanWeights, analysis.weights, 1e-9);
});

test('a perfectly consistent matrix gives back the weights it was built from, CR 0', () => {
  const rng = createRandom(7);
  for (let trial = 0; trial < 20; trial++) {
    const n = rng.int(3, 15);
    const truth = Array.from({ length: n }, () => rng.range(0.2, 1.5));
    const m = truth.map((a) => truth.map((b) => a / b));
    const r = analyseAhp(m, { allowOutsideScale: true });
    const total = truth.reduce((s, v) => s + v, 0);
    near(r.weights, truth.map((v) => v / total), 1e-12);
    near(r.geometricMeanWeights, truth.map((v) => v / total), 1e-12);
    assert.ok(Math.abs(r.lambdaMax - n) < 1e-9);
    assert.ok(r.cr >= 0 && r.cr < 1e-9);
  }
});

test('power iteration stops at 1e-12 and agrees with lambda_max from A w = lambda w', () => {
  const r = eigenvectorWeights(WEALTH);
  for (let i = 0; i < WEALTH.length; i++) {
    const aw = WEALTH[i].reduce((s, v, j) => s + v * r.weights[j], 0);
    assert.ok(Math.abs(aw / r.weights[i] - r.lambdaMax) < 1e-9);
  }
  assert.ok(r.iterations > 1 && r.iterations < 200, `iterations ${r.iterations}`);
});

test('one or two items are always consistent', () => {
  const one = analyseAhp([[1]]);
  assert.deepEqual(one.weights, [1]);
  assert.equal(one.cr, 0);
  assert.equal(one.worst, null);
  const two = analyseAhp([[1, 9], [1 / 9, 1]]);
  near(two.weights, [0.9, 0.1], 1e-12);
  assert.equal(two.cr, 0);
  assert.equal(two.consistent, true);
  assert.equal(RANDOM_INDEX[1], 0);
  assert.equal(RANDOM_INDEX[2], 0);
  assert.equal(RANDOM_INDEX[15], 1.59);
});

test('invalid matrices are refused with a message naming the cell', () => {
  const labels = ['drugs', 'flood', 'crime'];
  const bad = (m: number[][], re: RegExp, cell?: { row: number; column: number }) =>
    assert.throws(() => validatePairwiseMatrix(m, { labels }), (e: unknown) => {
      assert.ok(e instanceof AhpError);
      assert.match(e.message, re);
      if (cell) assert.deepEqual(e.cell, cell);
      return true;
    });
  bad([], /empty/);
  bad([[1, 2, 3], [1 / 2, 1], [1 / 3, 1, 1]], /must be square: row 2 \(flood\) has 2 values, expected 3/);
  bad([[1, 2, 3], [1 / 2, 1, 1], [1 / 3, 1, 2]], /row 3, column 3 \(crime vs crime\) is on the diagonal and must be 1, got 2/, { row: 2, column: 2 });
  bad([[1, -2, 3], [1 / 2, 1, 1], [1 / 3, 1, 1]], /row 1, column 2 \(drugs vs flood\) must be a positive number, got -2/, { row: 0, column: 1 });
  bad([[1, 2, Number.NaN], [1 / 2, 1, 1], [1 / 3, 1, 1]], /row 1, column 3 \(drugs vs crime\) must be a positive number, got NaN/);
  bad([[1, 2, 3], [1 / 2, 1, 4], [1 / 3, 1 / 2, 1]], /row 3, column 2 \(crime vs flood\) must be the reciprocal of row 2, column 3 \(flood vs crime\): expected 1\/4, got 0\.5/, { row: 2, column: 1 });
  bad([[1, 12, 3], [1 / 12, 1, 1], [1 / 3, 1, 1]], /row 1, column 2 \(drugs vs flood\) is 12, outside Saaty's scale/);
  assert.throws(() => validatePairwiseMatrix([[1, 2], [0.5, 1]], { labels }), /2 rows but 3 labels/);
  const big = Array.from({ length: 16 }, () => new Array(16).fill(1));
  assert.throws(() => validatePairwiseMatrix(big), /at most 15/);
  // Rounded reciprocals as people type them are accepted.
  validatePairwiseMatrix([[1, 3, 8], [0.33, 1, 3], [0.13, 0.33, 1]], { labels });
});

test('judgments entered once per pair build the reciprocal matrix', () => {
  const m = matrixFromUpperTriangle(3, [[3, 5], [2], []]);
  assert.deepEqual(m, [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]);
  validatePairwiseMatrix(m);
  assert.throws(() => matrixFromUpperTriangle(3, [[3], [2]]), /item 1 must list 2 values/);
});

test('ahpWeights checks the ids against the matrix', () => {
  assert.throws(() => ahpWeights(['a', 'a'], [[1, 2], [0.5, 1]]), /distinct/);
  assert.throws(() => ahpWeights(['a', 'b', 'c'], [[1, 2], [0.5, 1]]), /2 rows but 3 labels/);
});

test('helpers: nearest Saaty value and judgment formatting', () => {
  assert.equal(nearestSaatyValue(3.2), 3);
  assert.equal(nearestSaatyValue(0.3), 1 / 3);
  assert.equal(nearestSaatyValue(40), 9);
  assert.equal(formatJudgment(1 / 7), '1/7');
  assert.equal(formatJudgment(2.5), '2.5');
  assert.deepEqual(geometricMeanWeights([[1]]), [1]);
});

test('following the hint lowers the consistency ratio until the judgments are accepted', () => {
  const m = LIGHT.map((r) => [...r]);
  let r = analyseAhp(m);
  let steps = 0;
  while (!r.consistent) {
    const w = r.worst!;
    const fixed = nearestSaatyValue(w.implied);
    m[w.row][w.column] = fixed;
    m[w.column][w.row] = 1 / fixed;
    const next = analyseAhp(m);
    assert.ok(next.cr < r.cr, `step ${steps}: CR ${r.cr} -> ${next.cr}`);
    r = next;
    steps++;
    assert.ok(steps < 6);
  }
  assert.ok(r.cr <= 0.1);
});
