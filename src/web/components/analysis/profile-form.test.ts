import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api.ts';
import { SECURITY_FIRST } from '../../../shared/priority-presets.ts';
import { th } from '../../messages.ts';
import {
  blockAnalysis, checkForm, formBody, formFromProfile, profileApiProblem, profileSlug, runApiProblem, type FullProfile,
} from './profile-form.ts';

const COMPONENTS = ['burden', 'recency', 'trend', 'hotspot'];
const CATEGORIES = ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other'];
const COPY = { th: '(สำเนา)', en: '(copy)' };
const label = (_b: string, id: string) => id;

const preset: FullProfile = {
  id: 1, name: 'security_first', nameTh: SECURITY_FIRST.nameTh, nameEn: SECURITY_FIRST.nameEn, description: '', preset: true,
  profile: SECURITY_FIRST.profile, ahp: null,
};

test('a copy of a preset keeps its settings and weights, is a new profile, and can be saved as is', () => {
  const f = formFromProfile(preset, COMPONENTS, CATEGORIES, COPY, true);
  assert.equal(f.editingId, null, 'a preset is never edited in place');
  assert.equal(f.nameTh, 'ความมั่นคงมาก่อน (สำเนา)');
  assert.equal(f.nameEn, 'Security first (copy)');
  assert.equal(f.components.mode, 'direct');
  assert.equal(f.categories.direct.drugs, '20');
  assert.deepEqual(checkForm(f, label), []);
  const body = formBody(f);
  assert.equal(body.name, 'security-first-copy');
  assert.deepEqual(body.componentWeights, { burden: 50, recency: 20, trend: 15, hotspot: 15 });
  assert.equal(body.recencyHalfLifeDays, 90);
});

test('all-zero weights and a weight that is not a number are refused in Thai words, per level', () => {
  const f = formFromProfile(null, COMPONENTS, CATEGORIES, COPY);
  f.nameTh = 'ศูนย์';
  f.nameEn = 'Zero';
  for (const c of COMPONENTS) f.components.direct[c] = '0';
  f.categories.direct.drugs = 'สิบ';
  const keys = checkForm(f, label).map((p) => p.key);
  assert.deepEqual(keys, ['profileErrComponentsZero', 'profileErrWeightBad']);
  for (const k of keys) assert.match(th[k], /[\u0E00-\u0E7F]/);
});

test('an inconsistent matrix (CR > 0.10) is refused naming the comparison to revise; a consistent one gives AHP weights', () => {
  const f = formFromProfile(null, COMPONENTS, CATEGORIES, COPY);
  f.nameTh = 'เอเอชพี';
  f.nameEn = 'AHP';
  // burden > recency > trend, yet trend > burden: a circle.
  f.components = { ...f.components, mode: 'ahp', upper: [[3, 1 / 5, 3], [5, 1], [3]] };
  const a = blockAnalysis(f.components)!;
  assert.ok(a.cr > 0.1, `CR ${a.cr}`);
  const [p] = checkForm(f, label);
  assert.equal(p.key, 'profileErrInconsistent');
  assert.equal(p.block, 'components');
  assert.deepEqual(p.cell, { row: a.worst!.row, column: a.worst!.column });
  assert.match(String(p.params!.cr), /^\d\.\d{3}$/);

  f.components = { ...f.components, upper: [[2, 4, 4], [2, 2], [1]] };
  assert.deepEqual(checkForm(f, label), []);
  const body = formBody(f) as { componentPairwise: { items: string[]; matrix: number[][] }; componentWeights?: unknown };
  assert.deepEqual(body.componentPairwise.items, COMPONENTS);
  assert.equal(body.componentPairwise.matrix[2][0], 1 / 4);
  assert.equal(body.componentWeights, undefined, 'weights come from the comparisons only');
  assert.ok(Math.abs(blockAnalysis(f.components)!.weights[0] - 0.5) < 1e-9);
});

test('a profile weighting a deleted category is copied without it, and says so', () => {
  const old: FullProfile = { ...preset, preset: false, profile: { ...preset.profile, categoryWeights: { drugs: 3, piracy: 2 } } };
  const f = formFromProfile(old, COMPONENTS, CATEGORIES, COPY, true);
  assert.equal(f.editingId, 1);
  assert.deepEqual(f.droppedCategories, ['piracy']);
  assert.equal('piracy' in (formBody(f).categoryWeights as object), false);
});

test('server refusals become sentences: name taken, zero weights, deleted category, no data', () => {
  assert.equal(profileApiProblem(new ApiError(409, 'conflict', 'an analysis profile named "x" exists already')).key, 'profileErrNameTaken');
  assert.equal(profileApiProblem(new ApiError(422, 'invalid_profile', 'all weights are zero: give at least one component a weight')).key, 'profileErrComponentsZero');
  assert.equal(profileApiProblem(new ApiError(422, 'invalid_profile', 'all category weights are zero: give ...')).key, 'profileErrCategoriesZero');
  const del = profileApiProblem(new ApiError(422, 'invalid_profile', "the profile weights category 'piracy', which does not exist (deleted or renamed?)"));
  assert.deepEqual([del.key, del.params], ['profileErrDeletedCategory', { category: 'piracy' }]);
  assert.equal(runApiProblem(new ApiError(422, 'no_data', 'no incidents in period 2570'))?.key, 'profileRunNoData');
  assert.equal(runApiProblem(new ApiError(422, 'invalid_profile', "profile \"p\": the profile weights category 'piracy', which does not exist"))?.key, 'profileRunDeletedCategory');
  assert.equal(runApiProblem(new ApiError(500, 'internal', 'boom')), null);
  assert.equal(profileSlug('  Water & Drugs 2568 '), 'water-drugs-2568');
  assert.equal(profileSlug('ภาษาไทย'), 'profile');
});
