import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlausibleEmail, isPlausiblePhone, memberName } from './agency-types.ts';

test('telephone sanity: Thai numbers with separators, extensions and hotlines pass; names and e-mails do not', () => {
  for (const ok of ['073-212-000', '073 212 000 ต่อ 101', '081-234-5678, 089-876-5432', '+66 73 212 000', '(073) 212000 ext. 12', '1567', '0812345678']) {
    assert.equal(isPlausiblePhone(ok), true, ok);
  }
  for (const bad of ['ติดต่อคุณสมชาย', 'yala@police.go.th', '123', '', 'โทร 073212000', '073-212-000; DROP']) {
    assert.equal(isPlausiblePhone(bad), false, bad);
  }
});

test('e-mail sanity: one address with a domain', () => {
  assert.equal(isPlausibleEmail('saraban@yala.go.th'), true);
  assert.equal(isPlausibleEmail(' p.somchai@moi.go.th '), true);
  for (const bad of ['yala at police', 'a@b', 'a b@c.th', 'a@@c.th', 'a@c.th, b@c.th']) assert.equal(isPlausibleEmail(bad), false, bad);
});

test('a member is named by the person, else the user, else the agency', () => {
  const agency = { id: 1, code: 'a', nameTh: 'องค์การบริหารส่วนตำบลอาซ่อง', nameEn: null };
  assert.equal(memberName({ personName: 'นายสมชาย', user: null, agency }), 'นายสมชาย');
  assert.equal(memberName({ personName: '  ', user: { id: 2, username: 'u', displayName: 'ผู้ใช้' }, agency }), 'ผู้ใช้');
  assert.equal(memberName({ personName: null, user: null, agency }), 'องค์การบริหารส่วนตำบลอาซ่อง');
});
