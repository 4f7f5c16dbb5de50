/** What the project forms accept as amounts and percentages, and who may change a project. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Me } from '../../api.ts';
import { canCreateProject, canEditProject, fieldOf, parseBaht, parsePercent, parseQuantity } from './project-text.ts';

test('a budget is read as people type it, with separators, Thai digits or the word บาท', () => {
  assert.equal(parseBaht('1,250,000'), 1250000);
  assert.equal(parseBaht(' 1250000.50 '), 1250000.5);
  assert.equal(parseBaht('๑,๒๕๐,๐๐๐'), 1250000);
  assert.equal(parseBaht('2,000 บาท'), 2000);
  assert.equal(parseBaht('0'), 0);
});

test('a budget in words, negative, with three decimals or empty is no number (never NaN)', () => {
  for (const bad of ['หนึ่งล้านบาท', '-5', '1.005', '', '1e6', '12abc', 'NaN', 'Infinity']) assert.equal(parseBaht(bad), null, bad);
});

test('a percentage is between 0 and 100', () => {
  assert.equal(parsePercent('40'), 40);
  assert.equal(parsePercent('45.5%'), 45.5);
  assert.equal(parsePercent('100'), 100);
  assert.equal(parsePercent('150'), null);
  assert.equal(parsePercent('ครึ่งหนึ่ง'), null);
  assert.equal(parsePercent(''), null);
});

test('a quantity of outputs is a non-negative number', () => {
  assert.equal(parseQuantity('1,200'), 1200);
  assert.equal(parseQuantity('2.5'), 2.5);
  assert.equal(parseQuantity('-1'), null);
  assert.equal(parseQuantity('สอง'), null);
});

test('a server detail names the form field it is about', () => {
  assert.equal(fieldOf('plannedOutputs[1].name'), 'plannedOutputs');
  assert.equal(fieldOf('budgetBaht'), 'budgetBaht');
  assert.equal(fieldOf(undefined), '');
});

const me = (role: Me['role'], agencyId: number | null): Me => ({
  id: 1, username: 'u', displayName: 'U', role, agencyId, agency: null, areaCodes: [], mustChangePassword: false,
});

test('administrators and analysts change any project; officers only their own agency; viewers none', () => {
  assert.equal(canEditProject(me('admin', null), 7), true);
  assert.equal(canEditProject(me('analyst', null), 7), true);
  assert.equal(canEditProject(me('agency_officer', 7), 7), true);
  assert.equal(canEditProject(me('agency_officer', 8), 7), false);
  assert.equal(canEditProject(me('area_officer', 7), 7), true);
  assert.equal(canEditProject(me('viewer', 7), 7), false);
  assert.equal(canCreateProject(me('agency_officer', null)), false, 'an officer without an agency cannot enter projects');
  assert.equal(canCreateProject(me('viewer', null)), false);
  assert.equal(canCreateProject(me('area_officer', 3)), true);
});
