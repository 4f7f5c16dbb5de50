import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import type { PublicAnswerInput } from '../../shared/feedback-types.ts';
import { charLength, checkAnswer, checkNeed, cleanText, isPlausibleEmail, isPlausiblePhone } from './public-validate.ts';

const good: PublicAnswerInput = { subdistrictCode: '320101', meets: 'yes', rating: 4, clientId: 'device-abcdef12' };

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.statusCode, 400);
    return e.details.map((d) => d.field!);
  }
  assert.fail('expected a 400');
}

test('text is trimmed, line ends unified, control and bidi characters removed, markup kept', () => {
  assert.equal(cleanText('  ดีมาก\r\nครับ\u0000\u0007\u202E  '), 'ดีมาก\nครับ');
  assert.equal(cleanText('<script>alert("x")</script>'), '<script>alert("x")</script>');
  assert.equal(cleanText('a\tb'), 'a\tb', 'a tab stays');
  assert.equal(cleanText(undefined), '');
  assert.equal(charLength('😀ก'), 2, 'code points, as PostgreSQL counts');
});

test('phone and e-mail formats', () => {
  for (const p of ['081-234-5678', '0812345678', '+66 81 234 5678', '02-123-4567', '(02) 123 4567']) assert.ok(isPlausiblePhone(p), p);
  for (const p of ['12345', 'call me', '081-234-5678 ext', '+66+81234567', '1234567890123456']) assert.ok(!isPlausiblePhone(p), p);
  for (const e of ['somchai@example.com', 'a.b+c@mail.go.th']) assert.ok(isPlausibleEmail(e), e);
  for (const e of ['somchai', 'a@b', 'a b@c.com', '@example.com', 'a@.com']) assert.ok(!isPlausibleEmail(e), e);
});

test('a good answer is cleaned; a rating given as form text is read', () => {
  const a = checkAnswer({ ...good, rating: '5' as unknown as number, comment: '  ใช้ได้ดี  ', villageCode: '32010101' });
  assert.equal(a.rating, 5);
  assert.equal(a.comment, 'ใช้ได้ดี');
  assert.equal(a.villageCode, '32010101');
  assert.equal(a.contact, null);
  assert.equal(a.honeypot, false);
  assert.equal(checkAnswer({ ...good, website: 'x' }).honeypot, true);
});

test('every wrong field of an answer is named', () => {
  assert.deepEqual(fields(() => checkAnswer({ ...good, rating: 7 })), ['rating']);
  assert.deepEqual(fields(() => checkAnswer({ ...good, rating: 2.5 })), ['rating']);
  assert.deepEqual(fields(() => checkAnswer({ ...good, rating: '4.5' as unknown as number })), ['rating']);
  assert.deepEqual(fields(() => checkAnswer({ ...good, meets: 'maybe' as 'yes' })), ['meets']);
  assert.deepEqual(fields(() => checkAnswer({ ...good, comment: 'ก'.repeat(2001) })), ['comment']);
  assert.doesNotThrow(() => checkAnswer({ ...good, comment: 'ก'.repeat(2000) }));
  assert.deepEqual(fields(() => checkAnswer({ ...good, subdistrictCode: '3201', villageCode: '320101', clientId: 'x' })), ['subdistrictCode', 'villageCode', 'clientId']);
});

test('contact details need consent, at least one detail and plausible formats', () => {
  assert.deepEqual(fields(() => checkAnswer({ ...good, contact: { phone: '081-234-5678', consent: false } })), ['contact.consent']);
  assert.throws(() => checkAnswer({ ...good, contact: { name: 'สมชาย', consent: undefined as unknown as boolean } }), /contact\.consent: consent is required/);
  assert.deepEqual(fields(() => checkAnswer({ ...good, contact: { consent: true } })), ['contact']);
  assert.equal(checkAnswer({ ...good, contact: { name: ' ', phone: '', consent: false } }).contact, null, 'an empty form section is no contact');
  assert.deepEqual(fields(() => checkAnswer({ ...good, contact: { phone: 'abc', email: 'nobody', consent: true } })), ['contact.phone', 'contact.email']);
  assert.deepEqual(fields(() => checkAnswer({ ...good, contact: { name: 'ก'.repeat(201), consent: true } })), ['contact.name']);
  assert.deepEqual(checkAnswer({ ...good, contact: { name: ' สมชาย ', email: 'somchai@example.com', consent: true } }).contact, { name: 'สมชาย', phone: '', email: 'somchai@example.com' });
});

test('a need needs a category code and a description within the limit', () => {
  const n = checkNeed({ categoryCode: 'drought', description: '  ขาดแหล่งน้ำ  ', clientId: 'device-abcdef12' });
  assert.equal(n.description, 'ขาดแหล่งน้ำ');
  assert.deepEqual(fields(() => checkNeed({ categoryCode: 'Drought!', description: '\u0000 ', clientId: 'device-abcdef12' })), ['categoryCode', 'description']);
  assert.deepEqual(fields(() => checkNeed({ categoryCode: 'drought', description: 'ก'.repeat(2001), clientId: 'device-abcdef12' })), ['description']);
});
