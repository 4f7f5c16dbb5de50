import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTargets, type TargetEntry } from './target-diff.ts';

const e = (code: string, categories: string[], reason = ''): TargetEntry => ({ code, categories, reason });

test('added, removed, changed and unchanged areas are told apart', () => {
  const v1 = [e('320101', ['drugs'], 'many arrests'), e('320102', ['flood']), e('320103', ['drugs', 'crime'])];
  const v2 = [e('320103', ['crime', 'drugs']), e('320102', ['flood', 'drought']), e('32010401', ['smuggling'], 'border village')];
  const d = diffTargets(v1, v2);
  assert.deepEqual(d.added.map((x) => x.code), ['32010401']);
  assert.deepEqual(d.removed.map((x) => x.code), ['320101']);
  assert.equal(d.changed.length, 1);
  assert.equal(d.changed[0].code, '320102');
  assert.deepEqual(d.changed[0].categoriesAdded, ['drought']);
  assert.deepEqual(d.changed[0].categoriesRemoved, []);
  assert.equal(d.changed[0].reasonChanged, false);
  assert.equal(d.unchanged, 1, 'the same categories in another order are no change');
});

test('a new reason is a change; white space around it is not', () => {
  const d = diffTargets([e('320101', ['drugs'], 'old reason'), e('320102', ['drugs'], 'same')], [e('320101', ['drugs'], 'new reason'), e('320102', ['drugs'], ' same ')]);
  assert.deepEqual(d.changed.map((c) => [c.code, c.reasonChanged]), [['320101', true]]);
  assert.equal(d.changed[0].before.reason, 'old reason');
  assert.equal(d.changed[0].after.reason, 'new reason');
  assert.equal(d.unchanged, 1);
});

test('the diff is symmetric: swapping the versions swaps added and removed', () => {
  const a = [e('320101', ['drugs']), e('320102', ['flood'])];
  const b = [e('320102', ['drought']), e('320105', ['crime'])];
  const ab = diffTargets(a, b);
  const ba = diffTargets(b, a);
  assert.deepEqual(ab.added, ba.removed);
  assert.deepEqual(ab.removed, ba.added);
  assert.deepEqual(ab.changed[0].categoriesAdded, ba.changed[0].categoriesRemoved);
});

test('identical and empty versions give an empty diff; results are sorted by code', () => {
  assert.deepEqual(diffTargets([], []), { added: [], removed: [], changed: [], unchanged: 0 });
  const d = diffTargets([], [e('320109', ['drugs']), e('320101', ['drugs'])]);
  assert.deepEqual(d.added.map((x) => x.code), ['320101', '320109']);
});

test('an area listed twice in one version is refused', () => {
  assert.throws(() => diffTargets([e('320101', ['drugs']), e('320101', ['flood'])], []), /320101 appears twice/);
});
