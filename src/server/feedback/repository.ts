/**
 * SQL of the signed-in side of the people's voice: village meetings, answers and needs as officers
 * read them, moderation, links of needs to projects, contact details and the module's settings.
 */
import type { Queryable } from '../db/database.ts';
import type { Channel, Meets, MeetingChannel } from '../../shared/feedback-types.ts';

/**
 * Who may read what, as the queries apply it: `areas` null = every area, otherwise only rows whose
 * village (or sub-district when no village is given) lies under one of the codes ([] = none);
 * `agencyId` also admits the rows about that agency's projects, wherever they are.
 */
export interface Access {
  areas: string[] | null;
  agencyId: number | null;
}

/** Collects positional parameters while a query's WHERE clause is built. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The need-to-know predicate: `areaExpr` is the row's area code (village or sub-district), and
 * `agencyExpr` the agency of the project it is about (null when the row has none).
 */
function accessSql(p: Params, a: Access, areaExpr: string, agencyExpr: string | null): string {
  const areas = p.add(a.areas);
  const inAreas = `(${areas}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(${areas}::text[]) s(c) WHERE ${areaExpr} LIKE s.c || '%'))`;
  if (a.agencyId == null || agencyExpr == null) return inAreas;
  return `(${inAreas} OR ${agencyExpr} = ${p.add(a.agencyId)})`;
}

/* ------------------------------------------------------------------ areas, projects, categories */

export interface AreaRow {
  code: string;
  level: number;
  parent_code: string | null;
  name_th: string;
}

/** The areas among `codes` that exist. */
export async function areasByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, AreaRow>> {
  if (!codes.length) return new Map();
  const r = await db.query<AreaRow>(`SELECT code, level, parent_code, name_th FROM area WHERE code = ANY($1::text[])`, [codes]);
  return new Map(r.rows.map((x) => [x.code, { ...x, level: Number(x.level) }]));
}

export interface ProjectReach {
  id: number;
  title: string;
  agency_id: number;
  fiscal_year: number;
  /** The project has an area (sub-district or village) in the sub-district asked about. */
  reaches: boolean;
}

/** The projects among `ids` that exist, and whether each reaches sub-district `subdistrictCode`. */
export async function projectsReaching(db: Queryable, ids: readonly number[], subdistrictCode: string): Promise<Map<number, ProjectReach>> {
  if (!ids.length) return new Map();
  const r = await db.query<ProjectReach>(
    `SELECT p.id, p.title, p.agency_id, p.fiscal_year,
       EXISTS (SELECT 1 FROM project_area pa WHERE pa.project_id = p.id AND pa.subdistrict_code = $2) AS reaches
     FROM project p WHERE p.id = ANY($1::bigint[])`,
    [ids, subdistrictCode],
  );
  return new Map(r.rows.map((x) => [Number(x.id), { ...x, id: Number(x.id), agency_id: Number(x.agency_id) }]));
}

/** The codes among `codes` of categories that exist, with whether each is active. */
export async function categoriesByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, boolean>> {
  if (!codes.length) return new Map();
  const r = await db.query<{ code: string; active: boolean }>(`SELECT code, active FROM category WHERE code = ANY($1::text[])`, [codes]);
  return new Map(r.rows.map((x) => [x.code, x.active]));
}

/* ------------------------------------------------------------------ meetings */

export interface MeetingInsert {
  provinceCode: string;
  subdistrictCode: string;
  villageCode: string | null;
  meetingDate: string;
  place: string;
  attendance: number;
  channel: MeetingChannel;
  note: string;
  userId: number;
  recordedAt: Date;
}

export async function insertMeeting(db: Queryable, m: MeetingInsert): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO feedback_meeting (province_code, subdistrict_code, village_code, meeting_date, place, attendance, channel, note, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [m.provinceCode, m.subdistrictCode, m.villageCode, m.meetingDate, m.place, m.attendance, m.channel, m.note, m.userId, m.recordedAt],
  );
  return Number(r.rows[0].id);
}

export interface AnswerInsert {
  projectId: number;
  villageCode: string | null;
  meets: Meets;
  rating: number | null;
  comment: string;
}

/** Inserts the answers of one sitting, all of one sub-district, channel and period. */
export async function insertMeetingAnswers(
  db: Queryable,
  m: { id: number; provinceCode: string; subdistrictCode: string; channel: MeetingChannel; receivedAt: Date; fiscalYear: number; quarter: number },
  rows: readonly AnswerInsert[],
): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO feedback (project_id, province_code, subdistrict_code, village_code, meets, rating, comment, channel, meeting_id, received_at, fiscal_year, quarter)
       SELECT u.project_id, $1, $2, u.village_code, u.meets, u.rating, u.comment, $3, $4, $5, $6, $7
       FROM unnest($8::bigint[], $9::text[], $10::text[], $11::int[], $12::text[]) WITH ORDINALITY AS u(project_id, village_code, meets, rating, comment, ord)
       ORDER BY u.ord
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [m.provinceCode, m.subdistrictCode, m.channel, m.id, m.receivedAt, m.fiscalYear, m.quarter,
      rows.map((x) => x.projectId), rows.map((x) => x.villageCode), rows.map((x) => x.meets), rows.map((x) => x.rating), rows.map((x) => x.comment)],
  );
  return r.rows[0].n;
}

export interface NeedInsert {
  categoryCode: string;
  description: string;
  villageCode: string | null;
}

/** Inserts the needs raised at one sitting. */
export async function insertMeetingNeeds(
  db: Queryable,
  m: { id: number; provinceCode: string; subdistrictCode: string; channel: MeetingChannel; receivedAt: Date; fiscalYear: number },
  rows: readonly NeedInsert[],
): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO need (province_code, subdistrict_code, village_code, category_code, description, channel, meeting_id, received_at, fiscal_year)
       SELECT $1, $2, u.village_code, u.category_code, u.description, $3, $4, $5, $6
       FROM unnest($7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS u(category_code, description, village_code, ord)
       ORDER BY u.ord
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [m.provinceCode, m.subdistrictCode, m.channel, m.id, m.receivedAt, m.fiscalYear,
      rows.map((x) => x.categoryCode), rows.map((x) => x.description), rows.map((x) => x.villageCode)],
  );
  return r.rows[0].n;
}

export interface MeetingRow {
  id: number;
  subdistrict_code: string;
  subdistrict_th: string;
  village_code: string | null;
  village_th: string | null;
  meeting_date: string;
  place: string;
  attendance: number;
  channel: MeetingChannel;
  note: string;
  answers: number;
  needs: number;
  recorded_by: string | null;
  recorded_at: Date;
}

export interface MeetingFilter {
  provinceCode?: string;
  subdistrictCode?: string;
  /** Only sittings recorded in [from, to): their answers belong to that period. */
  recordedFrom?: Date;
  recordedTo?: Date;
  limit: number;
}

/**
 * The sittings the caller may see: in their areas, or (for an agency) with an answer about one of
 * the agency's projects. Newest meeting first.
 */
export async function listMeetings(db: Queryable, f: MeetingFilter, a: Access): Promise<MeetingRow[]> {
  const p = new Params();
  const where = [accessSql(p, { areas: a.areas, agencyId: null }, 'coalesce(m.village_code, m.subdistrict_code)', null)];
  if (a.agencyId != null) {
    where[0] = `(${where[0]} OR EXISTS (SELECT 1 FROM feedback af JOIN project ap ON ap.id = af.project_id WHERE af.meeting_id = m.id AND ap.agency_id = ${p.add(a.agencyId)}))`;
  }
  if (f.provinceCode) where.push(`m.province_code = ${p.add(f.provinceCode)}`);
  if (f.subdistrictCode) where.push(`m.subdistrict_code = ${p.add(f.subdistrictCode)}`);
  if (f.recordedFrom) where.push(`m.recorded_at >= ${p.add(f.recordedFrom)}`);
  if (f.recordedTo) where.push(`m.recorded_at < ${p.add(f.recordedTo)}`);
  const r = await db.query<MeetingRow>(
    `SELECT m.id, m.subdistrict_code, s.name_th AS subdistrict_th, m.village_code, v.name_th AS village_th, m.meeting_date::text AS meeting_date,
       m.place, m.attendance, m.channel, m.note,
       (SELECT count(*)::int FROM feedback f WHERE f.meeting_id = m.id) AS answers,
       (SELECT count(*)::int FROM need n WHERE n.meeting_id = m.id) AS needs,
       u.username AS recorded_by, m.recorded_at
     FROM feedback_meeting m
     JOIN area s ON s.code = m.subdistrict_code
     LEFT JOIN area v ON v.code = m.village_code
     LEFT JOIN app_user u ON u.id = m.recorded_by
     WHERE ${where.join(' AND ')}
     ORDER BY m.meeting_date DESC, m.id DESC
     LIMIT ${p.add(f.limit)}`,
    p.values,
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id), attendance: Number(x.attendance) }));
}

/* ------------------------------------------------------------------ answers */

export interface FeedbackRow {
  id: number;
  project_id: number;
  project_title: string;
  agency_id: number;
  subdistrict_code: string;
  subdistrict_th: string;
  village_code: string | null;
  village_th: string | null;
  meets: Meets;
  rating: number | null;
  comment: string;
  channel: Channel;
  meeting_id: number | null;
  received_at: Date;
  fiscal_year: number;
  quarter: number;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  has_contact: boolean;
}

export interface FeedbackFilter {
  provinceCode?: string;
  fiscalYear?: number;
  quarter?: number;
  projectId?: number;
  agencyId?: number;
  subdistrictCode?: string;
  channel?: Channel;
  hidden?: 'include' | 'exclude' | 'only';
  /** Only answers with a comment the caller can read (a hidden one counts only for moderators). */
  withComment?: boolean;
}

const FEEDBACK_COLUMNS = `f.id, f.project_id, p.title AS project_title, p.agency_id, f.subdistrict_code, s.name_th AS subdistrict_th,
  f.village_code, v.name_th AS village_th, f.meets, f.rating, f.comment, f.channel, f.meeting_id, f.received_at, f.fiscal_year, f.quarter,
  f.hidden_at, hu.username AS hidden_by, f.hidden_reason,
  EXISTS (SELECT 1 FROM public_contact c WHERE c.feedback_id = f.id AND c.delete_after > now()) AS has_contact`;

const FEEDBACK_FROM = `feedback f
  JOIN project p ON p.id = f.project_id
  JOIN area s ON s.code = f.subdistrict_code
  LEFT JOIN area v ON v.code = f.village_code
  LEFT JOIN app_user hu ON hu.id = f.hidden_by`;

function toFeedbackRow(x: FeedbackRow): FeedbackRow {
  return {
    ...x, id: Number(x.id), project_id: Number(x.project_id), agency_id: Number(x.agency_id), rating: x.rating == null ? null : Number(x.rating),
    meeting_id: x.meeting_id == null ? null : Number(x.meeting_id), quarter: Number(x.quarter),
  };
}

function feedbackWhere(p: Params, f: FeedbackFilter, a: Access, moderator: boolean): string {
  const where = [accessSql(p, a, 'coalesce(f.village_code, f.subdistrict_code)', 'p.agency_id')];
  if (f.provinceCode) where.push(`f.province_code = ${p.add(f.provinceCode)}`);
  if (f.fiscalYear != null) where.push(`f.fiscal_year = ${p.add(f.fiscalYear)}`);
  if (f.quarter != null) where.push(`f.quarter = ${p.add(f.quarter)}`);
  if (f.projectId != null) where.push(`f.project_id = ${p.add(f.projectId)}`);
  if (f.agencyId != null) where.push(`p.agency_id = ${p.add(f.agencyId)}`);
  if (f.subdistrictCode) where.push(`f.subdistrict_code = ${p.add(f.subdistrictCode)}`);
  if (f.channel) where.push(`f.channel = ${p.add(f.channel)}`);
  if (f.hidden === 'exclude') where.push('f.hidden_at IS NULL');
  if (f.hidden === 'only') where.push('f.hidden_at IS NOT NULL');
  if (f.withComment) where.push(moderator ? `f.comment <> ''` : `f.comment <> '' AND f.hidden_at IS NULL`);
  return where.join(' AND ');
}

/** One page of the answers the caller may read, newest first, and how many match in all. */
export async function listFeedback(
  db: Queryable, f: FeedbackFilter, a: Access, moderator: boolean, limit: number, offset: number,
): Promise<{ total: number; rows: FeedbackRow[] }> {
  const cp = new Params();
  const total = (await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM feedback f JOIN project p ON p.id = f.project_id WHERE ${feedbackWhere(cp, f, a, moderator)}`,
    cp.values,
  )).rows[0].n;
  const p = new Params();
  const where = feedbackWhere(p, f, a, moderator);
  const r = await db.query<FeedbackRow>(
    `SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM} WHERE ${where}
     ORDER BY f.received_at DESC, f.id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  return { total, rows: r.rows.map(toFeedbackRow) };
}

/** One answer if the caller may read it; `lock` holds it for a change in the caller's transaction. */
export async function getFeedback(db: Queryable, id: number, a: Access, lock = false): Promise<FeedbackRow | null> {
  const p = new Params();
  const idParam = p.add(id);
  const r = await db.query<FeedbackRow>(
    `SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM}
     WHERE f.id = ${idParam} AND ${accessSql(p, a, 'coalesce(f.village_code, f.subdistrict_code)', 'p.agency_id')}${lock ? ' FOR UPDATE OF f' : ''}`,
    p.values,
  );
  return r.rows[0] ? toFeedbackRow(r.rows[0]) : null;
}

/** Hides (reason given) or shows again (reason null) the comment of an answer. */
export async function setFeedbackHidden(db: Queryable, id: number, hide: { userId: number; reason: string; at: Date } | null): Promise<void> {
  await db.query(
    `UPDATE feedback SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1`,
    [id, hide?.at ?? null, hide?.userId ?? null, hide?.reason ?? null],
  );
}

/* ------------------------------------------------------------------ needs */

export interface NeedRow {
  id: number;
  subdistrict_code: string;
  subdistrict_th: string;
  village_code: string | null;
  village_th: string | null;
  category_code: string;
  description: string;
  channel: Channel;
  meeting_id: number | null;
  received_at: Date;
  fiscal_year: number;
  project_id: number | null;
  project_title: string | null;
  project_agency_id: number | null;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  has_contact: boolean;
}

export interface NeedFilter {
  provinceCode?: string;
  subdistrictCode?: string;
  categoryCode?: string;
  fiscalYear?: number;
  /** open = no project answers it yet, answered = linked to one. */
  status?: 'open' | 'answered' | 'all';
}

const NEED_COLUMNS = `n.id, n.subdistrict_code, s.name_th AS subdistrict_th, n.village_code, v.name_th AS village_th, n.category_code, n.description,
  n.channel, n.meeting_id, n.received_at, n.fiscal_year, n.project_id, p.title AS project_title, p.agency_id AS project_agency_id,
  n.hidden_at, hu.username AS hidden_by, n.hidden_reason,
  EXISTS (SELECT 1 FROM public_contact c WHERE c.need_id = n.id AND c.delete_after > now()) AS has_contact`;

const NEED_FROM = `need n
  JOIN area s ON s.code = n.subdistrict_code
  LEFT JOIN area v ON v.code = n.village_code
  LEFT JOIN project p ON p.id = n.project_id
  LEFT JOIN app_user hu ON hu.id = n.hidden_by`;

function toNeedRow(x: NeedRow): NeedRow {
  return {
    ...x, id: Number(x.id), meeting_id: x.meeting_id == null ? null : Number(x.meeting_id), project_id: x.project_id == null ? null : Number(x.project_id),
    project_agency_id: x.project_agency_id == null ? null : Number(x.project_agency_id),
  };
}

function needWhere(p: Params, f: NeedFilter, a: Access): string {
  const where = [accessSql(p, a, 'coalesce(n.village_code, n.subdistrict_code)', 'p.agency_id')];
  if (f.provinceCode) where.push(`n.province_code = ${p.add(f.provinceCode)}`);
  if (f.subdistrictCode) where.push(`n.subdistrict_code = ${p.add(f.subdistrictCode)}`);
  if (f.categoryCode) where.push(`n.category_code = ${p.add(f.categoryCode)}`);
  if (f.fiscalYear != null) where.push(`n.fiscal_year = ${p.add(f.fiscalYear)}`);
  if (f.status === 'open') where.push('n.project_id IS NULL');
  if (f.status === 'answered') where.push('n.project_id IS NOT NULL');
  return where.join(' AND ');
}

/** One page of the needs the caller may read, newest first, and how many match in all. */
export async function listNeeds(db: Queryable, f: NeedFilter, a: Access, limit: number, offset: number): Promise<{ total: number; rows: NeedRow[] }> {
  const cp = new Params();
  const total = (await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM need n LEFT JOIN project p ON p.id = n.project_id WHERE ${needWhere(cp, f, a)}`,
    cp.values,
  )).rows[0].n;
  const p = new Params();
  const where = needWhere(p, f, a);
  const r = await db.query<NeedRow>(
    `SELECT ${NEED_COLUMNS} FROM ${NEED_FROM} WHERE ${where}
     ORDER BY n.received_at DESC, n.id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  return { total, rows: r.rows.map(toNeedRow) };
}

/** One need if the caller may read it; `lock` holds it for a change in the caller's transaction. */
export async function getNeed(db: Queryable, id: number, a: Access, lock = false): Promise<NeedRow | null> {
  const p = new Params();
  const idParam = p.add(id);
  const r = await db.query<NeedRow>(
    `SELECT ${NEED_COLUMNS} FROM ${NEED_FROM}
     WHERE n.id = ${idParam} AND ${accessSql(p, a, 'coalesce(n.village_code, n.subdistrict_code)', 'p.agency_id')}${lock ? ' FOR UPDATE OF n' : ''}`,
    p.values,
  );
  return r.rows[0] ? toNeedRow(r.rows[0]) : null;
}

export async function setNeedHidden(db: Queryable, id: number, hide: { userId: number; reason: string; at: Date } | null): Promise<void> {
  await db.query(
    `UPDATE need SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1`,
    [id, hide?.at ?? null, hide?.userId ?? null, hide?.reason ?? null],
  );
}

/** Links a need to the project that answers it (projectId null = unlinks). */
export async function setNeedProject(db: Queryable, id: number, link: { projectId: number; userId: number; at: Date } | null): Promise<void> {
  await db.query(
    `UPDATE need SET project_id = $2, linked_by = $3, linked_at = $4 WHERE id = $1`,
    [id, link?.projectId ?? null, link?.userId ?? null, link?.at ?? null],
  );
}

/* ------------------------------------------------------------------ contact details */

export interface ContactRow {
  id: number;
  name: string;
  phone: string;
  email: string;
  consent_at: Date;
  consent_version: string;
  delete_after: Date;
}

/** The contact details left with an answer or a need, unless their retention has passed. */
export async function contactOf(db: Queryable, of: { feedbackId: number } | { needId: number }, now: Date): Promise<ContactRow | null> {
  const [column, id] = 'feedbackId' in of ? ['feedback_id', of.feedbackId] : ['need_id', of.needId];
  const r = await db.query<ContactRow>(
    `SELECT id, name, phone, email, consent_at, consent_version, delete_after FROM public_contact WHERE ${column} = $1 AND delete_after > $2`,
    [id, now],
  );
  return r.rows[0] ? { ...r.rows[0], id: Number(r.rows[0].id) } : null;
}

/** Deletes the contact details whose retention ended at or before `now`; returns how many. */
export async function deleteExpiredContacts(db: Queryable, now: Date): Promise<number> {
  const r = await db.query<{ n: number }>(
    `WITH d AS (DELETE FROM public_contact WHERE delete_after <= $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
    [now],
  );
  return r.rows[0].n;
}

/** Moves the end of retention of every contact to `days` after its consent. */
export async function rescheduleContacts(db: Queryable, days: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `WITH u AS (UPDATE public_contact SET delete_after = consent_at + $1::int * interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM u`,
    [days],
  );
  return r.rows[0].n;
}

/* ------------------------------------------------------------------ settings */

export const SETTING_KEYS = { contactRetentionDays: 'contact_retention_days', evaluationMinAnswers: 'evaluation_min_answers' } as const;

/** The module's settings as stored (numbers as text; a key may be missing), locked when `lock`. */
export async function readSettings(db: Queryable, lock = false): Promise<Map<string, string | null>> {
  const r = await db.query<{ key: string; v: string | null }>(
    `SELECT key, value #>> '{}' AS v FROM app_setting WHERE key = ANY($1::text[])${lock ? ' FOR UPDATE' : ''}`,
    [Object.values(SETTING_KEYS)],
  );
  return new Map(r.rows.map((x) => [x.key, x.v]));
}

export async function writeSetting(db: Queryable, key: string, value: number): Promise<void> {
  await db.query(
    `INSERT INTO app_setting (key, value) VALUES ($1, to_jsonb($2::int))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, value],
  );
}
