/**
 * Taking in public answers and needs: validation, abuse resistance, all or nothing.
 *
 * Rules (the lead's, issue 5):
 * - An answer is for a project that is visibility 'public', of the current fiscal year
 *   (fiscalYearOf(now)), that reaches the person's sub-district (project_area.subdistrict_code).
 *   It belongs to the fiscal year and quarter in which it reached COMAP (`now`, Thai time).
 * - One answer per device token, project and quarter (unique index feedback_device_once): a new
 *   answer from the same device replaces the old one entirely, contact details included
 *   (replaced: true).
 * - Device tokens and addresses are stored only as keyed hashes (HMAC-SHA256 with the
 *   installation's secret, app_setting 'feedback_secret', created on first use).
 * - Contact details are kept only with consent, apart from the answer (public_contact), until
 *   consent time + contact_retention_days.
 * - Public answers and needs are not audited: they are the data itself (hundreds of thousands of
 *   rows a year), not a user's change to data; their channel, time and keyed hashes are their trace.
 *   Moderation of them is audited (the signed-in side).
 *
 * Abuse resistance (see abuse.ts): per-device and per-address token buckets in the memory of this
 * server process (429 with Retry-After), a honeypot, and duplicate comments from another device on
 * the same address within ten minutes refused (409).
 *
 * The honeypot answers like a success (201 with a plausible id) and stores nothing. Why not a 400:
 * a robot told it was caught changes its form filling; one told it succeeded moves on. The field is
 * hidden from people and marked autocomplete="off" by the board, so a person does not fill it.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { fiscalQuarterOf, fiscalYearOf } from '../../shared/fiscal.ts';
import { CONSENT_VERSION, type PublicAnswerInput, type PublicAnswerResult, type PublicNeedInput } from '../../shared/feedback-types.ts';
import { DUPLICATE_WINDOW_MS, keyedHash, PublicRateLimiter, rateLimitMessage } from './abuse.ts';
import { checkAnswer, checkNeed } from './public-validate.ts';
import * as repo from './public-repository.ts';

/** Who sent a public request, as far as the server can tell. */
export interface PublicClient {
  ip: string;
  userAgent: string;
}

/** A request refused by the rate limits (HTTP 429); the caller sends `retryAfterSeconds` as Retry-After. */
export class RateLimitedError extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', message);
  }
}

const unprocessable = (field: string, message: string) => new AppError(422, 'invalid_input', message, [{ field, message }]);

// One limiter and one secret per database a server process serves: the board and the JSON routes
// of one app share them, and test apps (each on its own database) do not.
const limiters = new WeakMap<Database, PublicRateLimiter>();
const secrets = new WeakMap<Database, Promise<string>>();

function limiterOf(db: Database): PublicRateLimiter {
  let l = limiters.get(db);
  if (!l) limiters.set(db, (l = new PublicRateLimiter()));
  return l;
}

/**
 * The keyed-hash secret, read once per process and database. A restore that brings another
 * secret is seen after a restart; until then new keys do not match the restored ones, which only
 * weakens duplicate detection for that while.
 */
function secretOf(db: Database): Promise<string> {
  let s = secrets.get(db);
  if (!s) {
    s = repo.feedbackSecret(db, randomBytes(32).toString('hex'));
    s.catch(() => secrets.delete(db));
    secrets.set(db, s);
  }
  return s;
}

function limit(db: Database, clientId: unknown, client: PublicClient, now: Date): void {
  const d = limiterOf(db).take(String(clientId ?? ''), client.ip, now.getTime());
  if (!d.ok) throw new RateLimitedError(rateLimitMessage(d), d.retryAfterSeconds);
}

function checkVillageOf(subdistrictCode: string, villageCode: string | null, row: { village_parent: string | null; village_level: number | null }): void {
  if (villageCode == null) return;
  if (row.village_level !== 4) throw unprocessable('villageCode', `villageCode: there is no village ${villageCode}`);
  if (row.village_parent !== subdistrictCode) throw unprocessable('villageCode', `villageCode: village ${villageCode} is not in sub-district ${subdistrictCode}`);
}

/**
 * Stores one public answer about a project for a sub-district it reaches this fiscal year (or
 * replaces this device's earlier answer of the quarter). Throws an AppError saying what is wrong:
 * 400 a field's shape, 404 no such public project or sub-district, 422 a project of another year
 * or sub-district or a village elsewhere, 409 a duplicate comment, 429 too many requests.
 */
export async function submitAnswer(ctx: AppContext, projectId: number, input: PublicAnswerInput, client: PublicClient, now = new Date()): Promise<PublicAnswerResult> {
  const { db } = ctx;
  limit(db, input?.clientId, client, now);
  const a = checkAnswer(input);
  const fiscalYear = fiscalYearOf(now);
  const quarter = fiscalQuarterOf(now);
  if (!Number.isSafeInteger(projectId) || projectId < 1) throw notFound(`project ${projectId}`);
  const secret = await secretOf(db);
  const clientKey = keyedHash(secret, 'client', a.clientId);
  const ipKey = keyedHash(secret, 'ip', client.ip);
  return db.transaction(async (tx) => {
    const t = await repo.answerTarget(tx, { projectId, subdistrictCode: a.subdistrictCode, villageCode: a.villageCode, comment: a.comment, clientKey, ipKey, since: new Date(now.getTime() - DUPLICATE_WINDOW_MS) });
    // An internal project answers like a missing one: the public must not learn it exists.
    if (!t.project_found || t.visibility !== 'public') throw notFound(`project ${projectId}`);
    if (t.subdistrict_level !== 3) throw notFound(`sub-district ${a.subdistrictCode}`);
    if (t.fiscal_year !== fiscalYear) {
      throw unprocessable('projectId', `projectId: project ${projectId} is of fiscal year ${t.fiscal_year}; answers are taken for projects of the current fiscal year ${fiscalYear}`);
    }
    if (!t.reaches) throw unprocessable('subdistrictCode', `subdistrictCode: project ${projectId} does not reach sub-district ${a.subdistrictCode}; answer a project of your own sub-district`);
    checkVillageOf(a.subdistrictCode, a.villageCode, t);
    if (a.honeypot) return { id: await repo.nextIdLike(tx, 'feedback'), replaced: false, fiscalYear, quarter };
    if (t.duplicate) {
      throw new AppError(409, 'duplicate', 'ความเห็นนี้ได้รับแล้วจากอุปกรณ์อื่น / This comment was already sent about this project from another device on the same network a moment ago', [
        { field: 'comment', message: 'comment: the same text was sent about this project from this address within the last 10 minutes' },
      ]);
    }
    const w = await repo.upsertAnswer(tx, {
      projectId, subdistrictCode: a.subdistrictCode, villageCode: a.villageCode, meets: a.meets, rating: a.rating, comment: a.comment,
      clientKey, ipKey, receivedAt: now, fiscalYear, quarter,
    });
    // Always: a replacement without contact details removes the earlier ones.
    if (a.contact || w.replaced) await repo.replaceContact(tx, { feedbackId: w.id }, a.contact, now, CONSENT_VERSION);
    return { id: w.id, replaced: w.replaced, fiscalYear, quarter };
  });
}

/**
 * Stores one public need of a sub-district. The same description sent again from the same
 * device within ten minutes (a double tap) gives back the need already stored; from another
 * device on the same address it is refused as a duplicate (409).
 */
export async function submitNeed(ctx: AppContext, subdistrictCode: string, input: PublicNeedInput, client: PublicClient, now = new Date()): Promise<{ id: number }> {
  const { db } = ctx;
  limit(db, input?.clientId, client, now);
  const n = checkNeed(input);
  const code = String(subdistrictCode ?? '').trim();
  if (!/^[0-9]{6}$/.test(code)) throw notFound(`sub-district ${code.slice(0, 20)}`);
  const secret = await secretOf(db);
  const clientKey = keyedHash(secret, 'client', n.clientId);
  const ipKey = keyedHash(secret, 'ip', client.ip);
  return db.transaction(async (tx) => {
    const t = await repo.needTarget(tx, code, n.villageCode, n.categoryCode);
    if (t.subdistrict_level !== 3) throw notFound(`sub-district ${code}`);
    checkVillageOf(code, n.villageCode, t);
    if (t.category_active !== true) {
      throw unprocessable('categoryCode', `categoryCode: ${t.category_active === false ? `category "${n.categoryCode}" is no longer in use` : `there is no category "${n.categoryCode}"`}`);
    }
    if (n.honeypot) return { id: await repo.nextIdLike(tx, 'need') };
    const dup = await repo.duplicateNeed(tx, code, ipKey, clientKey, n.description, new Date(now.getTime() - DUPLICATE_WINDOW_MS));
    if (dup?.sameDevice) return { id: dup.id };
    if (dup) {
      throw new AppError(409, 'duplicate', 'ความต้องการนี้ได้รับแล้วจากอุปกรณ์อื่น / This need was already sent for this sub-district from another device on the same network a moment ago', [
        { field: 'description', message: 'description: the same text was sent for this sub-district from this address within the last 10 minutes' },
      ]);
    }
    const id = await repo.insertNeed(tx, {
      subdistrictCode: code, villageCode: n.villageCode, categoryCode: n.categoryCode, description: n.description,
      clientKey, ipKey, receivedAt: now, fiscalYear: fiscalYearOf(now),
    });
    if (n.contact) await repo.replaceContact(tx, { needId: id }, n.contact, now, CONSENT_VERSION);
    return { id };
  });
}
