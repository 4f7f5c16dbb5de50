import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choroplethClasses, classIndex, CLASS_COLORS, rampIndex } from './choropleth.ts';

test('count classes are whole numbers that cover every positive value, in order', () => {
  const values = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89];
  const cls = choroplethClasses(values, true);
  assert.ok(cls.length >= 2 && cls.length <= CLASS_COLORS.length);
  assert.equal(cls[0].from, 1);
  assert.equal(cls[cls.length - 1].to, 89);
  for (let i = 1; i < cls.length; i++) {
    assert.equal(cls[i].from, cls[i - 1].to + 1, 'no gap and no overlap between count classes');
    assert.ok(Number.isInteger(cls[i].to));
  }
  for (const v of values) {
    const k = classIndex(v, cls);
    if (v === 0) assert.equal(k, -1, 'zero is drawn without fill');
    else assert.ok(v >= cls[k].from && v <= cls[k].to, `${v} in class ${k}`);
  }
});

test('identical values make one class in the darkest colour', () => {
  const cls = choroplethClasses([4, 4, 4], true);
  assert.deepEqual(cls, [{ from: 1, to: 4, color: CLASS_COLORS[CLASS_COLORS.length - 1] }]);
});

test('no positive value means no class', () => {
  assert.deepEqual(choroplethClasses([0, 0, NaN], true), []);
  assert.equal(classIndex(3, []), -1);
});

test('rate classes keep two significant digits and end at the maximum', () => {
  const cls = choroplethClasses([0.123, 0.5, 0.77, 1.234, 2.5, 9.87], false);
  assert.equal(cls[cls.length - 1].to, 9.87);
  for (const c of cls) assert.ok(String(c.to).replace(/^0\.0*/, '').replace('.', '').length <= 3, `readable bound ${c.to}`);
  assert.equal(classIndex(null, cls), -1, 'unknown rate (no population) has no class');
  assert.equal(classIndex(9.87, cls), cls.length - 1);
});

test('the map draws each value in the colour the legend shows for its class', () => {
  for (const values of [[1, 1, 1], [1, 2], [1, 5, 9, 20, 50, 51, 52, 100]]) {
    const cls = choroplethClasses(values, true);
    for (const v of values) assert.equal(CLASS_COLORS[rampIndex(v, cls)], cls[classIndex(v, cls)].color, `value ${v} of ${values}`);
  }
  assert.equal(rampIndex(0, choroplethClasses([3], true)), -1);
});
