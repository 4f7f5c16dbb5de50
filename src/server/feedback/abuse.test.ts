import { test } from 'node:test';
import assert from 'node:assert/strict';
import { honeypotFilled, keyedHash, PUBLIC_RATE_LIMITS, PublicRateLimiter, rateLimitMessage, TokenBuckets } from './abuse.ts';

const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);

test('a bucket gives its capacity at once, then refills at its rate, never above capacity', () => {
  const b = new TokenBuckets({ capacity: 10, perMinute: 10 });
  for (let i = 0; i < 10; i++) {
    assert.ok(b.available('phone', T0) >= 1, `token ${i + 1} of 10`);
    b.take('phone', T0);
  }
  assert.ok(b.available('phone', T0) < 1, 'the eleventh at the same instant has none');
  assert.equal(b.retryAfterSeconds('phone', T0), 6, 'one token every 6 s at 10 a minute');
  assert.ok(b.available('phone', T0 + 5_999) < 1);
  assert.ok(b.available('phone', T0 + 6_000) >= 1);
  assert.equal(b.available('phone', T0 + 3600_000), 10, 'an hour later it is full, not 600');
  assert.equal(b.available('other', T0), 10, 'another key has its own bucket');
});

test('a clock stepping back neither mints nor removes tokens', () => {
  const b = new TokenBuckets({ capacity: 2, perMinute: 1 });
  b.take('k', T0);
  b.take('k', T0);
  assert.equal(b.available('k', T0 - 3600_000), 0);
});

test('retry-after rounds up to whole seconds and is at least 1', () => {
  const b = new TokenBuckets({ capacity: 1, perMinute: 300 });
  b.take('ip', T0);
  assert.equal(b.retryAfterSeconds('ip', T0), 1, '0.2 s is told as 1 s');
  const slow = new TokenBuckets({ capacity: 1, perMinute: 0.5 });
  slow.take('x', T0);
  assert.equal(slow.retryAfterSeconds('x', T0 + 30_000), 90);
});

test('full buckets are forgotten and the number of keys is capped, least recently used first', () => {
  const b = new TokenBuckets({ capacity: 5, perMinute: 60 }, 100);
  for (let i = 0; i < 150; i++) b.take(`device-${i}`, T0 + i);
  assert.ok(b.size <= 100, `at most 100 keys, got ${b.size}`);
  assert.equal(b.available('device-0', T0 + 200), 5, 'the oldest was dropped (counts as full again)');
  assert.equal(b.available('device-149', T0 + 149), 4, 'the newest is remembered');
  // A minute later every bucket has refilled: the next sweep (every 1000 takes) empties the map.
  for (let i = 0; i < 1000; i++) b.take('late', T0 + 120_000 + i * 1000);
  assert.ok(b.size <= 2, `refilled buckets are forgotten, ${b.size} left`);
});

test('one device flooding is refused while many devices behind the same address get through', () => {
  const l = new PublicRateLimiter();
  const ip = '203.0.113.7';
  let flood = 0;
  for (let i = 0; i < 50; i++) if (l.take('flooding-phone', ip, T0).ok) flood += 1;
  assert.equal(flood, PUBLIC_RATE_LIMITS.device.capacity, 'the flooding device gets its burst of 10, no more');
  for (let d = 0; d < 200; d++) assert.deepEqual(l.take(`village-phone-${d}`, ip, T0 + d), { ok: true }, `neighbour ${d} behind the same address`);
  const refused = l.take('flooding-phone', ip, T0 + 1000);
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.limit === 'device' && refused.retryAfterSeconds === 5);
});

test('the address ceiling stops a robot that changes its device token, and refusals take no token', () => {
  const l = new PublicRateLimiter({ device: { capacity: 10, perMinute: 10 }, ip: { capacity: 300, perMinute: 300 } });
  let ok = 0;
  for (let i = 0; i < 400; i++) if (l.take(`fresh-token-${i}`, '198.51.100.1', T0).ok) ok += 1;
  assert.equal(ok, 300);
  const r = l.take('fresh-token-x', '198.51.100.1', T0);
  assert.ok(!r.ok && r.limit === 'ip' && r.retryAfterSeconds === 1);
  assert.equal(l.device.available('fresh-token-x', T0), 10, 'the refused request took nothing from its device');
  assert.ok(l.take('fresh-token-y', '198.51.100.2', T0).ok, 'another address is not affected');
  // A device refused for its own rate takes nothing from the address it shares.
  const shared = new PublicRateLimiter({ device: { capacity: 1, perMinute: 1 }, ip: { capacity: 3, perMinute: 1 } });
  assert.ok(shared.take('a', 'net', T0).ok);
  for (let i = 0; i < 5; i++) assert.equal(shared.take('a', 'net', T0).ok, false);
  assert.ok(shared.take('b', 'net', T0).ok && shared.take('c', 'net', T0).ok, 'the neighbours still have the two tokens left');
});

test('the refusal message is in Thai and English and says when to try again', () => {
  const m = rateLimitMessage({ ok: false, limit: 'device', retryAfterSeconds: 6 });
  assert.match(m, /ถี่เกินไป/);
  assert.match(m, /6 วินาที/);
  assert.match(m, /Too many answers from this device; please try again in 6 s/);
});

test('the honeypot is filled by any non-blank value', () => {
  assert.equal(honeypotFilled(undefined), false);
  assert.equal(honeypotFilled(null), false);
  assert.equal(honeypotFilled(''), false);
  assert.equal(honeypotFilled('  '), false);
  assert.equal(honeypotFilled('http://spam.example'), true);
  assert.equal(honeypotFilled(0), true);
});

test('keyed hashes are stable per secret, differ by kind and secret, and do not contain the input', () => {
  const a = keyedHash('s1', 'client', 'token-123456');
  assert.equal(a, keyedHash('s1', 'client', 'token-123456'));
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, keyedHash('s2', 'client', 'token-123456'));
  assert.notEqual(a, keyedHash('s1', 'ip', 'token-123456'));
  assert.ok(!a.includes('123456'));
});
