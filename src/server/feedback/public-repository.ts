/** SQL of the public answers and needs: what they refer to, duplicates, and the writes. */
import type { Queryable } from '../db/database.ts';
import type { Meets } from '../../shared/feedback-types.ts';
import type { CleanContact } from './public-validate.ts';

/** The project, sub-district and village an answer names, as far as they exist, and whether its comment is a duplicate. */
export interface AnswerTargetRow {
  project_found: boolean;
  visibility: 'public' | 'internal' | null;
  fiscal_year: number | null;
  /** The project has an area in the sub-district (project_area.subdistrict_code). */
  reaches: boolean;
  subdistrict_level: number | null;
  /** The sub-district of the village, when the code is a village (level 4). */
  village_parent: string | null;
  village_level: number | null;
  /** Another device sent the same non-empty comment about the project from the same address since the given instant. */
  duplicate: boolean;
}

/** What an answer is checked against besides itself. */
export interface AnswerProbe {
  projectId: number;
  subdistrictCode: string;
  villageCode: string | null;
  comment: string;
  clientKey: string;
  ipKey: string;
  /** Start of the duplicate window. */
  since: Date;
}

/**
 * One read for every check of an answer (one statement, not four: on the embedded database each
 * statement costs, and this runs for every answer). The duplicate probe uses feedback_project_idx
 * to reach the project's recent answers only.
 */
export async function answerTarget(db: Queryable, a: AnswerProbe): Promise<AnswerTargetRow> {
  const r = await db.query<AnswerTargetRow>(
    `SELECT p.id IS NOT NULL AS project_found, p.visibility, p.fiscal_year,
            EXISTS (SELECT 1 FROM project_area pa WHERE pa.project_id = p.id AND pa.subdistrict_code = $2) AS reaches,
            (SELECT level FROM area WHERE code = $2)::int AS subdistrict_level,
            (SELECT parent_code FROM area WHERE code = $3) AS village_parent,
            (SELECT level FROM area WHERE code = $3)::int AS village_level,
            ($4 <> '' AND EXISTS (
              SELECT 1 FROM feedback f
              WHERE f.project_id = $1 AND f.received_at >= $7 AND f.ip_key = $6 AND f.client_key <> $5 AND f.comment = $4)) AS duplicate
     FROM (SELECT 1) one LEFT JOIN project p ON p.id = $1`,
    [a.projectId, a.subdistrictCode, a.villageCode, a.comment, a.clientKey, a.ipKey, a.since],
  );
  return r.rows[0];
}

/** The sub-district, village and category a need names, as far as they exist. */
export interface NeedTargetRow {
  subdistrict_level: number | null;
  village_parent: string | null;
  village_level: number | null;
  /** null: no such category; else whether it is active. */
  category_active: boolean | null;
}

export async function needTarget(db: Queryable, subdistrictCode: string, villageCode: string | null, categoryCode: string): Promise<NeedTargetRow> {
  const r = await db.query<NeedTargetRow>(
    `SELECT (SELECT level FROM area WHERE code = $1)::int AS subdistrict_level,
            (SELECT parent_code FROM area WHERE code = $2) AS village_parent,
            (SELECT level FROM area WHERE code = $2)::int AS village_level,
            (SELECT active FROM category WHERE code = $3) AS category_active`,
    [subdistrictCode, villageCode, categoryCode],
  );
  return r.rows[0];
}

/** A need with the same description from the same address in the same sub-district since `since`, and whether it came from this device. */
export async function duplicateNeed(db: Queryable, subdistrictCode: string, ipKey: string, clientKey: string, description: string, since: Date): Promise<{ id: number; sameDevice: boolean } | null> {
  const r = await db.query<{ id: number; same_device: boolean }>(
    `SELECT id, client_key = $3 AS same_device FROM need
     WHERE subdistrict_code = $1 AND received_at >= $5 AND ip_key = $2 AND description = $4
     ORDER BY (client_key = $3) DESC, id
     LIMIT 1`,
    [subdistrictCode, ipKey, clientKey, description, since],
  );
  const row = r.rows[0];
  return row ? { id: Number(row.id), sameDevice: row.same_device } : null;
}

export interface AnswerWrite {
  projectId: number;
  subdistrictCode: string;
  villageCode: string | null;
  meets: Meets;
  rating: number;
  comment: string;
  clientKey: string;
  ipKey: string;
  receivedAt: Date;
  fiscalYear: number;
  quarter: number;
}

/**
 * Inserts a public answer, or replaces this device's answer about the project of the quarter
 * (feedback_device_once). A replaced answer keeps a moderator's hiding only while its comment is
 * the same text: a new comment has not been judged yet.
 */
export async function upsertAnswer(db: Queryable, a: AnswerWrite): Promise<{ id: number; replaced: boolean }> {
  const r = await db.query<{ id: number; inserted: boolean }>(
    `INSERT INTO feedback (project_id, province_code, subdistrict_code, village_code, meets, rating, comment, channel,
                           client_key, ip_key, received_at, fiscal_year, quarter)
     VALUES ($1, substr($2::text, 1, 2), $2, $3, $4, $5, $6, 'public_web', $7, $8, $9, $10, $11)
     ON CONFLICT (project_id, client_key, fiscal_year, quarter) WHERE client_key IS NOT NULL DO UPDATE SET
       province_code = EXCLUDED.province_code, subdistrict_code = EXCLUDED.subdistrict_code, village_code = EXCLUDED.village_code,
       meets = EXCLUDED.meets, rating = EXCLUDED.rating, comment = EXCLUDED.comment, ip_key = EXCLUDED.ip_key, received_at = EXCLUDED.received_at,
       hidden_at = CASE WHEN feedback.comment = EXCLUDED.comment THEN feedback.hidden_at END,
       hidden_by = CASE WHEN feedback.comment = EXCLUDED.comment THEN feedback.hidden_by END,
       hidden_reason = CASE WHEN feedback.comment = EXCLUDED.comment THEN feedback.hidden_reason END
     RETURNING id, (xmax = 0) AS inserted`,
    [a.projectId, a.subdistrictCode, a.villageCode, a.meets, a.rating, a.comment, a.clientKey, a.ipKey, a.receivedAt, a.fiscalYear, a.quarter],
  );
  return { id: Number(r.rows[0].id), replaced: !r.rows[0].inserted };
}

export interface NeedWrite {
  subdistrictCode: string;
  villageCode: string | null;
  categoryCode: string;
  description: string;
  clientKey: string;
  ipKey: string;
  receivedAt: Date;
  fiscalYear: number;
}

export async function insertNeed(db: Queryable, n: NeedWrite): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO need (province_code, subdistrict_code, village_code, category_code, description, channel, client_key, ip_key, received_at, fiscal_year)
     VALUES (substr($1::text, 1, 2), $1, $2, $3, $4, 'public_web', $5, $6, $7, $8)
     RETURNING id`,
    [n.subdistrictCode, n.villageCode, n.categoryCode, n.description, n.clientKey, n.ipKey, n.receivedAt, n.fiscalYear],
  );
  return Number(r.rows[0].id);
}

/**
 * Replaces the contact details of an answer or a need: the old ones (of a replaced answer) go,
 * the new ones, if any, are kept until consent time + contact_retention_days (180 when unset).
 */
export async function replaceContact(db: Queryable, owner: { feedbackId: number } | { needId: number }, contact: CleanContact | null, consentAt: Date, consentVersion: string): Promise<void> {
  const [column, id] = 'feedbackId' in owner ? ['feedback_id', owner.feedbackId] : ['need_id', owner.needId];
  await db.query(`DELETE FROM public_contact WHERE ${column} = $1`, [id]);
  if (!contact) return;
  await db.query(
    `INSERT INTO public_contact (${column}, name, phone, email, consent_at, consent_version, delete_after)
     VALUES ($1, $2, $3, $4, $5, $6,
             $5::timestamptz + make_interval(days => coalesce((SELECT (value #>> '{}')::int FROM app_setting WHERE key = 'contact_retention_days'), 180)))`,
    [id, contact.name, contact.phone, contact.email, consentAt, consentVersion],
  );
}

/** A plausible next id for the honeypot's answer (robots must not see a difference). */
export async function nextIdLike(db: Queryable, table: 'feedback' | 'need'): Promise<number> {
  const r = await db.query<{ id: number }>(`SELECT coalesce(max(id), 0)::bigint + 1 AS id FROM ${table === 'feedback' ? 'feedback' : 'need'}`);
  return Number(r.rows[0].id);
}

/** The installation's secret of the keyed hashes, created (32 random bytes, hex) on first use. */
export async function feedbackSecret(db: Queryable, fresh: string): Promise<string> {
  const read = async () => (await db.query<{ v: string | null }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'feedback_secret'`)).rows[0]?.v ?? null;
  const have = await read();
  if (have) return have;
  // Two servers starting at once: the first insert wins, both read the same secret back.
  await db.query(`INSERT INTO app_setting (key, value) VALUES ('feedback_secret', to_jsonb($1::text)) ON CONFLICT (key) DO NOTHING`, [fresh]);
  return (await read())!;
}
