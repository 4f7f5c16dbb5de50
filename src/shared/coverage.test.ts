import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageOf, reaches } from './coverage.ts';

test('a sub-district target is reached by projects on it or its villages; a village target by its village or its sub-district', () => {
  assert.equal(reaches('320101', '320101'), true);
  assert.equal(reaches('32010103', '320101'), true);
  assert.equal(reaches('320102', '320101'), false);
  assert.equal(reaches('32010103', '32010103'), true);
  assert.equal(reaches('320101', '32010103'), true);
  assert.equal(reaches('32010104', '32010103'), false);
});

test('budgets are split over a project\'s areas and counted once, projects counted once per target', () => {
  const cov = coverageOf(
    ['320101', '320102', '32010301', '320104'],
    [
      // project 1: 300,000 baht over three areas, two of them targets
      { projectId: 1, areaCode: '320101', budgetBaht: 300_000, areaCount: 3 },
      { projectId: 1, areaCode: '32010105', budgetBaht: 300_000, areaCount: 3 },
      { projectId: 1, areaCode: '320102', budgetBaht: 300_000, areaCount: 3 },
      // project 2: the whole sub-district 320103, which holds the village target 32010301
      { projectId: 2, areaCode: '320103', budgetBaht: 50_000, areaCount: 1 },
      // project 3: outside every target
      { projectId: 3, areaCode: '320199', budgetBaht: 1_000, areaCount: 1 },
    ],
  );
  assert.deepEqual(cov.get('320101'), { projectIds: [1], budgetBaht: 200_000 });
  assert.deepEqual(cov.get('320102'), { projectIds: [1], budgetBaht: 100_000 });
  assert.deepEqual(cov.get('32010301'), { projectIds: [2], budgetBaht: 50_000 });
  assert.deepEqual(cov.get('320104'), { projectIds: [], budgetBaht: 0 });
});

test('a sub-district project reaching two village targets splits its share between them', () => {
  const cov = coverageOf(['32010301', '32010302'], [{ projectId: 7, areaCode: '320103', budgetBaht: 90, areaCount: 1 }]);
  assert.equal(cov.get('32010301')!.budgetBaht, 45);
  assert.equal(cov.get('32010302')!.budgetBaht, 45);
});
