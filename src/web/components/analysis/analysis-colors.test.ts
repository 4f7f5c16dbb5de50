import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GI_COLORS, giClass, MORAN_CLASSES, MORAN_COLORS, moranClass, SCORE_COLORS, scoreClass } from './analysis-colors.ts';

test('score classes split the range of the run into five, the maximum in the top class', () => {
  assert.equal(scoreClass(0, 0, 1), 0);
  assert.equal(scoreClass(0.19, 0, 1), 0);
  assert.equal(scoreClass(0.2, 0, 1), 1);
  assert.equal(scoreClass(0.5, 0, 1), 2);
  assert.equal(scoreClass(1, 0, 1), SCORE_COLORS.length - 1);
  assert.equal(scoreClass(3, 2, 4), 2);
});

test('all scores equal: one class, never NaN', () => {
  assert.equal(scoreClass(0.4, 0.4, 0.4), 0);
  assert.equal(scoreClass(0, Infinity, -Infinity), 0);
});

test('Gi* classes at the 95% and 99% thresholds', () => {
  assert.equal(giClass(-2), 0);
  assert.equal(giClass(-1.95), 1);
  assert.equal(giClass(0), 1);
  assert.equal(giClass(1.95), 1);
  assert.equal(giClass(1.96), 2);
  assert.equal(giClass(2.58), 3);
  assert.equal(GI_COLORS.length, 4);
});

test('local Moran classes map to their legend colour; a run without Moran values is not coloured', () => {
  assert.equal(MORAN_COLORS.length, MORAN_CLASSES.length);
  assert.equal(moranClass('high-high'), 0);
  assert.equal(moranClass('low-high'), 3);
  assert.equal(moranClass('not-significant'), 4);
  assert.equal(moranClass(null), -1);
  assert.equal(moranClass(undefined), -1);
});
