/**
 * Abuse resistance of the public (no sign-in) answers and needs, as pure logic: token-bucket rate
 * limits, the honeypot and the keyed hashes that stand in for device tokens and addresses.
 *
 * Why two limits: a village often reaches the internet through one shared address (a school's or
 * a sub-district office's Wi-Fi, a mobile operator's carrier-grade NAT), so the address alone
 * cannot tell one person flooding from fifty neighbours answering. The device token (a random
 * value the board keeps on the phone) is the fine limit; the address gets a much higher ceiling
 * that only a machine reaches.
 */
import { createHmac } from 'node:crypto';

/** One token bucket's shape: `capacity` tokens at most, refilled at `perMinute`. */
export interface BucketRule {
  capacity: number;
  perMinute: number;
}

/**
 * The limits of public writes (answers and needs share them).
 * - device: 10 at once, then one every 6 s; a person answering every project of their
 *   sub-district one after another reads each before answering, so stays under it.
 * - ip: 300 a minute from one address, enough for a whole village meeting on one Wi-Fi.
 */
export const PUBLIC_RATE_LIMITS: { device: BucketRule; ip: BucketRule } = {
  device: { capacity: 10, perMinute: 10 },
  ip: { capacity: 300, perMinute: 300 },
};

/** How long the same comment text from the same address counts as a duplicate. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * Token buckets by key, in memory. Buckets that have refilled completely are forgotten (a full
 * bucket is the same as none), so memory follows the keys active in the last minute or so; past
 * `maxKeys` the least recently used are dropped first.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private operations = 0;

  constructor(readonly rule: BucketRule, private readonly maxKeys = 100_000) {
    if (!(rule.capacity >= 1) || !(rule.perMinute > 0)) throw new RangeError('a bucket needs capacity >= 1 and a positive refill rate');
    this.perMs = rule.perMinute / 60_000;
  }

  /** Tokens of `key` at `nowMs` (fractional), without taking any. */
  available(key: string, nowMs: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.rule.capacity;
    // A clock that steps back must not mint tokens nor take them away.
    const elapsed = Math.max(0, nowMs - b.atMs);
    return Math.min(this.rule.capacity, b.tokens + elapsed * this.perMs);
  }

  /** Seconds (whole, at least 1) until `key` has a token again. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const missing = 1 - this.available(key, nowMs);
    return Math.max(1, Math.ceil(missing / this.perMs / 1000));
  }

  /** Takes one token of `key`; the caller has checked {@link available}. */
  take(key: string, nowMs: number): void {
    const tokens = this.available(key, nowMs) - 1;
    // Re-inserted so the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, atMs: nowMs });
    if (++this.operations % 1000 === 0 || this.buckets.size > this.maxKeys) this.sweep(nowMs);
  }

  /** Keys currently remembered (for tests and monitoring). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + Math.max(0, nowMs - b.atMs) * this.perMs >= this.rule.capacity) this.buckets.delete(key);
    }
    // Still too many (a flood of fresh keys): forget the least recently used.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

/** The answer of {@link PublicRateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; limit: 'device' | 'ip'; retryAfterSeconds: number };

/**
 * The per-device and per-address limits together: a request passes only when both buckets have a
 * token, and then takes one from each; a refused request takes none (so a flooding device does
 * not use up the address's ceiling that its neighbours share).
 *
 * State is in this object, in the memory of one server process: several COMAP servers behind a
 * load balancer each keep their own, so the effective limits are multiplied by the number of
 * servers a client's requests are spread over (still far below what hurts the database).
 */
export class PublicRateLimiter {
  readonly device: TokenBuckets;
  readonly ip: TokenBuckets;

  constructor(rules = PUBLIC_RATE_LIMITS) {
    this.device = new TokenBuckets(rules.device);
    this.ip = new TokenBuckets(rules.ip);
  }

  /** Decides one request of device `clientId` from address `ip` at `nowMs`. */
  take(clientId: string, ip: string, nowMs: number): RateDecision {
    if (this.device.available(clientId, nowMs) < 1) return { ok: false, limit: 'device', retryAfterSeconds: this.device.retryAfterSeconds(clientId, nowMs) };
    if (this.ip.available(ip, nowMs) < 1) return { ok: false, limit: 'ip', retryAfterSeconds: this.ip.retryAfterSeconds(ip, nowMs) };
    this.device.take(clientId, nowMs);
    this.ip.take(ip, nowMs);
    return { ok: true };
  }
}

/** The Thai and English message of a refused request. */
export function rateLimitMessage(d: Extract<RateDecision, { ok: false }>): string {
  const who = d.limit === 'device' ? 'this device' : 'this network address';
  const whoTh = d.limit === 'device' ? 'อุปกรณ์นี้' : 'เครือข่ายนี้';
  return `ส่งความเห็นจาก${whoTh}ถี่เกินไป โปรดลองใหม่อีกครั้งใน ${d.retryAfterSeconds} วินาที / Too many answers from ${who}; please try again in ${d.retryAfterSeconds} s.`;
}

/**
 * Whether the honeypot field (`website`, hidden from people by the board) was filled: only a
 * robot filling every field does that.
 */
export function honeypotFilled(website: unknown): boolean {
  return website != null && String(website).trim() !== '';
}

/**
 * A keyed hash (HMAC-SHA256, hex) of a device token or address: equal inputs give equal keys, so
 * duplicates are found, but the stored key tells nothing of the token or the address without the
 * installation's secret. `kind` keeps a token and an address with the same text apart.
 */
export function keyedHash(secret: Buffer | string, kind: 'client' | 'ip', value: string): string {
  return createHmac('sha256', secret).update(`${kind}\u0000${value}`).digest('hex');
}
