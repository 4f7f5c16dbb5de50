import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PRIORITY_PRESETS, SECURITY_FIRST, WATER_FIRST, priorityPreset } from './priority-presets.ts';
import { DEFAULT_COMPONENTS, computePriority, validateProfile, type CategoryValues } from './priority.ts';

/** The category codes the foundation migration seeds, read from the migration itself. */
function seededCategories(): string[] {
  const sql = readFileSync(new URL('../../migrations/001_foundation.sql', import.meta.url), 'utf8');
  const block = sql.slice(sql.indexOf('INSERT INTO category'));
  const rows = block.slice(0, block.indexOf(';'));
  return [...rows.matchAll(/\(\s*'([a-z_]+)'\s*,/g)].map((m) => m[1]);
}

const CATEGORIES = seededCategories();
const SECURITY = ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'unrest'];
const WATER = ['flood', 'drought', 'water_quality', 'forest'];

test('the presets weight exactly the seeded categories and pass profile validation', () => {
  assert.deepEqual(new Set(CATEGORIES), new Set([...SECURITY, ...WATER, 'other']));
  for (const p of PRIORITY_PRESETS) {
    assert.deepEqual(new Set(Object.keys(p.profile.categoryWeights)), new Set(CATEGORIES), p.id);
    const checked = validateProfile(p.profile, DEFAULT_COMPONENTS, CATEGORIES);
    assert.deepEqual([...checked.components.keys()], ['burden', 'recency', 'trend', 'hotspot']);
    assert.ok(p.nameTh && p.nameEn && p.descriptionTh && p.descriptionEn);
  }
  assert.equal(SECURITY_FIRST.nameTh, 'ความมั่นคงมาก่อน');
  assert.equal(WATER_FIRST.nameTh, 'น้ำมาก่อน');
});

test('security first weights every security category above every water category, water first the reverse', () => {
  const s = SECURITY_FIRST.profile.categoryWeights;
  const w = WATER_FIRST.profile.categoryWeights;
  for (const a of SECURITY) {
    for (const b of WATER) {
      assert.ok(s[a] > s[b], `security first: ${a} over ${b}`);
      assert.ok(w[b] > w[a], `water first: ${b} over ${a}`);
    }
  }
});

test('the same data ranks a drug-heavy sub-district first under security first and a flooded one under water first', () => {
  const areas = [
    { code: '320101', population: 5000 },
    { code: '320102', population: 5000 },
    { code: '320103', population: 5000 },
  ];
  const perCat = (o: Record<string, Record<string, number>>): CategoryValues =>
    new Map(Object.entries(o).map(([c, v]) => [c, new Map(Object.entries(v))]));
  // 320101: many drug incidents; 320102: repeated floods; 320103: a little of both.
  const counts = perCat({ drugs: { '320101': 30, '320103': 5 }, flood: { '320102': 30, '320103': 5 } });
  const values = new Map([
    ['burden', counts],
    ['recency', counts],
    ['trend', perCat({})],
    ['hotspot', perCat({})],
  ]);
  const input = { areas, categories: CATEGORIES, components: DEFAULT_COMPONENTS, values };
  assert.equal(computePriority(input, SECURITY_FIRST.profile).areas[0].code, '320101');
  assert.equal(computePriority(input, WATER_FIRST.profile).areas[0].code, '320102');
});

test('a preset is handed out as a copy', () => {
  const p = priorityPreset('water_first')!;
  p.profile.categoryWeights = { flood: 1 };
  assert.equal(WATER_FIRST.profile.categoryWeights.drought, 20);
  assert.equal(priorityPreset('nope'), undefined);
});
