import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourListFromArrays } from '../../shared/spatial-weights.ts';
import { MoranThread, sharedMoranThread } from './moran-thread.ts';
import { moranArrays } from './components.ts';

/** A 6 x 6 rook grid with a high corner: enough structure for significant clusters. */
function grid(): { x: Float64Array; nb: ReturnType<typeof neighbourListFromArrays> } {
  const k = 6;
  const lists: number[][] = [];
  const x = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const l: number[] = [];
      if (r > 0) l.push((r - 1) * k + c);
      if (c > 0) l.push(r * k + c - 1);
      if (c < k - 1) l.push(r * k + c + 1);
      if (r < k - 1) l.push((r + 1) * k + c);
      lists.push(l);
      x[r * k + c] = r < 3 && c < 3 ? 10 + r + c : (r * 7 + c * 3) % 4;
    }
  }
  return { x, nb: neighbourListFromArrays(lists) };
}

test('the worker thread gives the in-thread result to the bit, and a variable without variance is skipped, said why', async () => {
  const { x, nb } = grid();
  const t = new MoranThread(() => {
    throw new Error('the fallback must not run when the worker starts');
  });
  try {
    const got = await t.compute(x, nb, 999, 1);
    assert.deepEqual(got, moranArrays(x, nb));
    assert.equal(got.kind, 'result');
  } finally {
    await t.close();
  }
  const flat = new MoranThread(moranArrays);
  try {
    const got = await flat.compute(new Float64Array(x.length).fill(3), nb, 999, 1);
    assert.equal(got.kind, 'skipped');
    assert.match((got as { message: string }).message, /variance/);
  } finally {
    await flat.close();
  }
});

test('a closed worker refuses work, and closing twice is harmless', async () => {
  const { x, nb } = grid();
  const t = new MoranThread(moranArrays);
  await t.close();
  await t.close();
  await assert.rejects(t.compute(x, nb, 999, 1), /closed/);
});

test('the shared worker serves several runs: computations asked together queue and each gets its own result', async () => {
  const { x, nb } = grid();
  const y = Float64Array.from(x, (v, i) => (i % 5 === 0 ? v * 3 : v));
  const t = sharedMoranThread(() => {
    throw new Error('the fallback must not run when the worker starts');
  });
  assert.equal(sharedMoranThread(moranArrays), t, 'one worker for the process');
  const [a, b] = await Promise.all([t.compute(x, nb, 999, 1), t.compute(y, nb, 999, 1)]);
  assert.deepEqual(a, moranArrays(x, nb));
  assert.deepEqual(b, moranArrays(y, nb));
  assert.notDeepEqual(b, a);
  // Idle, the worker does not keep this test process alive: the file ends without closing it.
});
