/** SQL of the demo's people's voice (src/server/demo/feedback.ts): reading its projects, bulk writes, removal. */
import type { Queryable } from '../db/database.ts';

export interface DemoProjectRow {
  id: number;
  fiscal_year: number;
  start_date: string | null;
  end_date: string | null;
  status: string;
  categories: string[];
  /** The project's areas: sub-districts (6 digits) and villages (8). */
  area_codes: string[];
}

/** The public demo projects of a province, with their areas. */
export async function publicDemoProjects(db: Queryable, province: string): Promise<DemoProjectRow[]> {
  const r = await db.query<DemoProjectRow>(
    `SELECT p.id, p.fiscal_year, p.start_date::text AS start_date, p.end_date::text AS end_date, p.status, p.categories,
            ARRAY(SELECT pa.area_code FROM project_area pa WHERE pa.project_id = p.id ORDER BY pa.area_code) AS area_codes
     FROM project p WHERE p.is_demo AND p.visibility = 'public' AND p.province_code = $1 ORDER BY p.id`,
    [province],
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/** The contact retention of app_setting contact_retention_days (default 180). */
export async function contactRetentionDays(db: Queryable): Promise<number> {
  const r = await db.query<{ value: unknown }>(`SELECT value FROM app_setting WHERE key = 'contact_retention_days'`);
  const n = Number(r.rows[0]?.value);
  return Number.isInteger(n) && n >= 1 ? n : 180;
}

/** Takes `n` ids from the sequence of the meetings, so that their answers can be written in bulk with them. */
export async function allocateMeetingIds(db: Queryable, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const r = await db.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('feedback_meeting', 'id')) AS id FROM generate_series(1, $1::int) ORDER BY 1`, [n]);
  return r.rows.map((x) => Number(x.id));
}

export interface DemoMeetingWrite {
  id: number;
  province_code: string;
  subdistrict_code: string;
  village_code: string | null;
  meeting_date: string;
  place: string;
  attendance: number;
  channel: 'village_meeting' | 'peace_council';
  note: string;
  recorded_at: string;
}

export interface DemoFeedbackWrite {
  project_id: number;
  province_code: string;
  subdistrict_code: string;
  village_code: string | null;
  meets: 'yes' | 'partly' | 'no';
  rating: number | null;
  comment: string;
  channel: 'public_web' | 'village_meeting' | 'peace_council';
  meeting_id: number | null;
  /** Unique per public answer: contacts find their answer by it. */
  client_key: string | null;
  ip_key: string | null;
  received_at: string;
  fiscal_year: number;
  quarter: number;
  hidden_at: string | null;
  hidden_reason: string | null;
}

export interface DemoNeedWrite {
  province_code: string;
  subdistrict_code: string;
  village_code: string | null;
  category_code: string;
  description: string;
  channel: 'public_web' | 'village_meeting' | 'peace_council';
  meeting_id: number | null;
  client_key: string | null;
  ip_key: string | null;
  received_at: string;
  fiscal_year: number;
  project_id: number | null;
  linked_at: string | null;
}

export interface DemoContactWrite {
  /** The public answer (project and client key) or need (sub-district and client key) the details came with. */
  project_id: number | null;
  feedback_key: string | null;
  subdistrict_code: string | null;
  need_key: string | null;
  name: string;
  phone: string;
  email: string;
  consent_at: string;
  consent_version: string;
  delete_after: string;
}

const FEEDBACK_COLUMNS = [
  'project_id', 'province_code', 'subdistrict_code', 'village_code', 'meets', 'rating', 'comment', 'channel', 'meeting_id', 'client_key', 'ip_key',
  'received_at', 'fiscal_year', 'quarter', 'hidden_at', 'hidden_reason', 'is_demo',
] as const;

/** A CSV field: empty for null (COPY's NULL in CSV), quoted text otherwise. */
const csvField = (v: string | number | boolean | null) => (v == null ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v));

/**
 * Writes the demo's meetings, answers (with COPY: the few thousand rows are the bulk of the load),
 * needs and contacts, marked is_demo.
 */
export async function insertDemoFeedback(
  db: Queryable, rows: { meetings: DemoMeetingWrite[]; feedback: DemoFeedbackWrite[]; needs: DemoNeedWrite[]; contacts: DemoContactWrite[] },
): Promise<void> {
  if (rows.meetings.length) {
    await db.query(
      `INSERT INTO feedback_meeting (id, province_code, subdistrict_code, village_code, meeting_date, place, attendance, channel, note, recorded_at, is_demo)
       SELECT id, province_code, subdistrict_code, village_code, meeting_date::date, place, attendance, channel, note, recorded_at::timestamptz, true
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, province_code text, subdistrict_code text, village_code text, meeting_date text, place text,
         attendance int, channel text, note text, recorded_at text)`,
      [JSON.stringify(rows.meetings)],
    );
  }
  if (rows.feedback.length) {
    const csv = rows.feedback.map((f) => FEEDBACK_COLUMNS.map((c) => csvField(c === 'is_demo' ? true : f[c])).join(',')).join('\n');
    await db.copyCsv('feedback', [...FEEDBACK_COLUMNS], `${csv}\n`);
  }
  if (rows.needs.length) {
    await db.query(
      `INSERT INTO need (province_code, subdistrict_code, village_code, category_code, description, channel, meeting_id, client_key, ip_key,
         received_at, fiscal_year, project_id, linked_at, is_demo)
       SELECT province_code, subdistrict_code, village_code, category_code, description, channel, meeting_id, client_key, ip_key,
         received_at::timestamptz, fiscal_year, project_id, linked_at::timestamptz, true
       FROM jsonb_to_recordset($1::jsonb) AS r(province_code text, subdistrict_code text, village_code text, category_code text, description text,
         channel text, meeting_id bigint, client_key text, ip_key text, received_at text, fiscal_year int, project_id bigint, linked_at text)`,
      [JSON.stringify(rows.needs)],
    );
  }
  if (rows.contacts.length) {
    await db.query(
      `INSERT INTO public_contact (feedback_id, need_id, name, phone, email, consent_at, consent_version, delete_after)
       SELECT (SELECT f.id FROM feedback f WHERE f.project_id = r.project_id AND f.client_key = r.feedback_key),
              (SELECT n.id FROM need n WHERE n.subdistrict_code = r.subdistrict_code AND n.client_key = r.need_key),
              r.name, r.phone, r.email, r.consent_at::timestamptz, r.consent_version, r.delete_after::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(project_id bigint, feedback_key text, subdistrict_code text, need_key text, name text, phone text, email text, consent_at text,
         consent_version text, delete_after text)`,
      [JSON.stringify(rows.contacts)],
    );
  }
}

/**
 * Deletes the people's voice of the demo: the answers, needs and meetings in demo sub-districts
 * (whoever wrote them: the demo areas are about to go, and these rows name them) or marked demo,
 * with their contacts, and the evaluation snapshots of the demo province.
 */
export async function deleteDemoFeedback(db: Queryable, province: string): Promise<{ feedback: number; needs: number; meetings: number }> {
  const demoSub = `subdistrict_code IN (SELECT code FROM area WHERE is_demo AND level = 3)`;
  const f = await db.query(`DELETE FROM feedback WHERE is_demo OR ${demoSub}`);
  const n = await db.query(`DELETE FROM need WHERE is_demo OR ${demoSub}`);
  const m = await db.query(`DELETE FROM feedback_meeting WHERE is_demo OR ${demoSub}`);
  await db.query('DELETE FROM evaluation_snapshot WHERE province_code = $1', [province]);
  return { feedback: f.affected, needs: n.affected, meetings: m.affected };
}
