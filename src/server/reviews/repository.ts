/** SQL of quarterly review meetings and their decisions and action items. */
import type { Queryable } from '../db/database.ts';

export interface MeetingRow {
  id: number;
  province_code: string;
  fiscal_year: number;
  quarter: number;
  held_on: string | null;
  place: string;
  chair: string;
  attendees: string;
  summary: string;
  pack_frozen_at: Date | null;
  pack_frozen_by: string | null;
}

const MEETING_COLUMNS = `m.id, m.province_code, m.fiscal_year, m.quarter, m.held_on::text AS held_on, m.place, m.chair, m.attendees, m.summary,
  m.pack_frozen_at, u.username AS pack_frozen_by`;

export async function findMeeting(db: Queryable, province: string, fy: number, q: number): Promise<MeetingRow | undefined> {
  return (
    await db.query<MeetingRow>(
      `SELECT ${MEETING_COLUMNS} FROM review_meeting m LEFT JOIN app_user u ON u.id = m.pack_frozen_by
       WHERE m.province_code = $1 AND m.fiscal_year = $2 AND m.quarter = $3`,
      [province, fy, q],
    )
  ).rows[0];
}

export async function listMeetings(db: Queryable, province: string): Promise<MeetingRow[]> {
  return (
    await db.query<MeetingRow>(
      `SELECT ${MEETING_COLUMNS} FROM review_meeting m LEFT JOIN app_user u ON u.id = m.pack_frozen_by
       WHERE m.province_code = $1 ORDER BY m.fiscal_year DESC, m.quarter DESC`,
      [province],
    )
  ).rows;
}

export interface MeetingWrite {
  heldOn: string | null;
  place: string;
  chair: string;
  attendees: string;
  summary: string;
}

/** Creates or updates the meeting of a quarter; returns its id. */
export async function upsertMeeting(db: Queryable, province: string, fy: number, q: number, m: MeetingWrite, by: number): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO review_meeting (province_code, fiscal_year, quarter, held_on, place, chair, attendees, summary, created_by)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9)
     ON CONFLICT (province_code, fiscal_year, quarter) DO UPDATE SET
       held_on = EXCLUDED.held_on, place = EXCLUDED.place, chair = EXCLUDED.chair, attendees = EXCLUDED.attendees,
       summary = EXCLUDED.summary, updated_at = now()
     RETURNING id`,
    [province, fy, q, m.heldOn, m.place, m.chair, m.attendees, m.summary, by],
  );
  return r.rows[0].id;
}

export async function freezePack(db: Queryable, id: number, pack: unknown, by: number): Promise<void> {
  await db.query('UPDATE review_meeting SET pack = $2::jsonb, pack_frozen_at = now(), pack_frozen_by = $3, updated_at = now() WHERE id = $1', [id, JSON.stringify(pack), by]);
}

export async function frozenPack(db: Queryable, id: number): Promise<unknown | null> {
  return (await db.query<{ pack: unknown }>('SELECT pack FROM review_meeting WHERE id = $1', [id])).rows[0]?.pack ?? null;
}

export interface ActionRow {
  id: number;
  meeting_id: number;
  fiscal_year: number;
  quarter: number;
  kind: 'decision' | 'action';
  text: string;
  owner_agency_id: number | null;
  owner_agency_th: string | null;
  owner_name: string;
  due_date: string | null;
  status: 'open' | 'done' | 'dropped';
  status_note: string;
  closed_at: Date | null;
}

const ACTION_SELECT = `SELECT a.id, a.meeting_id, m.fiscal_year, m.quarter, a.kind, a.text, a.owner_agency_id, g.name_th AS owner_agency_th,
    a.owner_name, a.due_date::text AS due_date, a.status, a.status_note, a.closed_at
  FROM review_action a JOIN review_meeting m ON m.id = a.meeting_id LEFT JOIN agency g ON g.id = a.owner_agency_id`;

export async function findAction(db: Queryable, id: number): Promise<(ActionRow & { province_code: string }) | undefined> {
  return (await db.query<ActionRow & { province_code: string }>(`${ACTION_SELECT.replace('SELECT a.id,', 'SELECT m.province_code, a.id,')} WHERE a.id = $1`, [id])).rows[0];
}

export async function meetingActions(db: Queryable, meetingId: number): Promise<ActionRow[]> {
  return (await db.query<ActionRow>(`${ACTION_SELECT} WHERE a.meeting_id = $1 ORDER BY a.kind DESC, a.id`, [meetingId])).rows;
}

/**
 * Items of meetings before (fy, q) of a province that were still open when the quarter began:
 * open now, or closed at or after `quarterStart`.
 */
export async function carriedActions(db: Queryable, province: string, fy: number, q: number, quarterStart: Date): Promise<ActionRow[]> {
  return (
    await db.query<ActionRow>(
      `${ACTION_SELECT}
       WHERE m.province_code = $1 AND (m.fiscal_year * 10 + m.quarter) < ($2::int * 10 + $3::int)
         AND a.kind = 'action' AND (a.closed_at IS NULL OR a.closed_at >= $4)
       ORDER BY m.fiscal_year, m.quarter, a.id`,
      [province, fy, q, quarterStart],
    )
  ).rows;
}

export interface ActionWrite {
  kind: 'decision' | 'action';
  text: string;
  ownerAgencyId: number | null;
  ownerName: string;
  dueDate: string | null;
}

export async function insertAction(db: Queryable, meetingId: number, a: ActionWrite, by: number): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO review_action (meeting_id, kind, text, owner_agency_id, owner_name, due_date, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7) RETURNING id`,
    [meetingId, a.kind, a.text, a.ownerAgencyId, a.ownerName, a.dueDate, by],
  );
  return r.rows[0].id;
}

export async function updateAction(db: Queryable, id: number, a: ActionWrite & { status: string; statusNote: string }): Promise<void> {
  await db.query(
    `UPDATE review_action SET kind = $2, text = $3, owner_agency_id = $4, owner_name = $5, due_date = $6::date,
       closed_at = CASE WHEN $7 = 'open' THEN NULL WHEN status = 'open' THEN now() ELSE closed_at END,
       status = $7, status_note = $8, updated_at = now()
     WHERE id = $1`,
    [id, a.kind, a.text, a.ownerAgencyId, a.ownerName, a.dueDate, a.status, a.statusNote],
  );
}

export async function deleteAction(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM review_action WHERE id = $1', [id]);
}
