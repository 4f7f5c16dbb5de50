/**
 * The quarterly review (issue 4, section 4): the pack for a province and fiscal quarter (the
 * dashboard as of the quarter's end, late reports, the meeting's decisions and action items, and
 * the open items carried from earlier quarters), the meeting record, and the pack frozen as it
 * was presented.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { agencyExists } from '../auth/repository.ts';
import { getDashboard } from '../dashboard/service.ts';
import { fiscalQuarterPeriod, thaiDay } from '../../shared/fiscal.ts';
import type { Dashboard, ReviewAction, ReviewMeeting, ReviewPack } from '../../shared/dashboard-types.ts';
import * as repo from './repository.ts';

/** Roles that record meetings and their items. */
export const REVIEW_WRITERS = ['admin', 'analyst'] as const;

function toMeeting(m: repo.MeetingRow): ReviewMeeting {
  return {
    id: m.id,
    provinceCode: m.province_code,
    fiscalYear: m.fiscal_year,
    quarter: m.quarter,
    heldOn: m.held_on,
    place: m.place,
    chair: m.chair,
    attendees: m.attendees,
    summary: m.summary,
    packFrozenAt: m.pack_frozen_at ? m.pack_frozen_at.toISOString() : null,
    packFrozenBy: m.pack_frozen_by,
  };
}

function toAction(a: repo.ActionRow, now: Date): ReviewAction {
  return {
    id: a.id,
    meetingId: a.meeting_id,
    fiscalYear: a.fiscal_year,
    quarter: a.quarter,
    kind: a.kind,
    text: a.text,
    owner: { agencyId: a.owner_agency_id, agencyTh: a.owner_agency_th, name: a.owner_name },
    dueDate: a.due_date,
    status: a.status,
    statusNote: a.status_note,
    closedAt: a.closed_at ? a.closed_at.toISOString() : null,
    // A due date is a whole Thai day: overdue from the day after (compared as YYYY-MM-DD in Thai time).
    overdue: a.status === 'open' && !!a.due_date && a.due_date < thaiDay(now),
  };
}

function checkQuarter(fy: number, q: number): void {
  if (!Number.isInteger(fy) || fy < 2500 || fy > 2700) throw badRequest('fiscal year must be a Buddhist Era year such as 2569', [{ field: 'fy', message: 'invalid fiscal year' }]);
  if (![1, 2, 3, 4].includes(q)) throw badRequest('quarter must be 1, 2, 3 or 4', [{ field: 'quarter', message: 'invalid quarter' }]);
}

function checkWriter(viewer: Viewer, province: string): void {
  if (!(REVIEW_WRITERS as readonly string[]).includes(viewer.role)) throw forbidden('recording the quarterly review needs the role admin or analyst');
  if (viewer.areaCodes.length && !viewer.areaCodes.some((c) => province.startsWith(c))) {
    throw forbidden(`province ${province} is outside your area scope: the review covers the whole province`);
  }
}

/** The pack of a province and fiscal quarter: frozen if it was frozen (unless `live`), else computed now. */
export async function getPack(db: Database, viewer: Viewer, province: string, fy: number, q: number, opts: { live?: boolean; now?: Date } = {}): Promise<ReviewPack> {
  checkQuarter(fy, q);
  const now = opts.now ?? new Date();
  const meeting = await repo.findMeeting(db, province, fy, q);
  let dashboard: Dashboard | null = null;
  let frozen = false;
  // The frozen copy holds the whole province's figures: only viewers who see the whole province get it.
  const seesProvince = viewer.areaCodes.length === 0 ? viewer.role !== 'area_officer' : viewer.areaCodes.some((c) => province.startsWith(c));
  if (meeting?.pack_frozen_at && !opts.live && seesProvince) {
    const stored = (await repo.frozenPack(db, meeting.id)) as { dashboard: Dashboard; restricted: boolean } | null;
    // A pack frozen by someone who saw restricted incidents is shown frozen only to those who may.
    if (stored && (!stored.restricted || viewer.role === 'admin' || viewer.role === 'analyst')) {
      dashboard = stored.dashboard;
      frozen = true;
    }
  }
  dashboard ??= await getDashboard(db, viewer, { province, fiscalYear: fy, quarter: q, now });
  const actions = meeting ? (await repo.meetingActions(db, meeting.id)).map((a) => toAction(a, now)) : [];
  const carried = (await repo.carriedActions(db, province, fy, q, fiscalQuarterPeriod(fy, q).start)).map((a) => toAction(a, now));
  return { dashboard, meeting: meeting ? toMeeting(meeting) : null, actions, carried, frozen };
}

export async function listMeetings(db: Database, province: string): Promise<ReviewMeeting[]> {
  return (await repo.listMeetings(db, province)).map(toMeeting);
}

export interface MeetingInput {
  heldOn?: string | null;
  place?: string;
  chair?: string;
  attendees?: string;
  summary?: string;
}

function checkDate(field: string, v: string | null | undefined): string | null {
  if (v == null || v === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw badRequest(`${field} must be a date written YYYY-MM-DD (Common Era), got "${v}"`, [{ field, message: 'not a date' }]);
  }
  if (+m[1] > 2400) throw badRequest(`${field} looks like a Buddhist Era year (${m[1]}); write the Common Era year (${+m[1] - 543})`, [{ field, message: 'Buddhist Era year' }]);
  return v;
}

async function provinceExists(db: Database, province: string): Promise<void> {
  const r = await db.query('SELECT 1 FROM area WHERE code = $1 AND level = 1', [province]);
  if (!r.rows.length) throw notFound(`province ${province}`);
}

/** Records (or corrects) the meeting of a quarter. */
export async function saveMeeting(db: Database, viewer: Viewer, province: string, fy: number, q: number, input: MeetingInput): Promise<ReviewMeeting> {
  checkQuarter(fy, q);
  checkWriter(viewer, province);
  await provinceExists(db, province);
  const write: repo.MeetingWrite = {
    heldOn: checkDate('heldOn', input.heldOn),
    place: (input.place ?? '').trim(),
    chair: (input.chair ?? '').trim(),
    attendees: (input.attendees ?? '').trim(),
    summary: (input.summary ?? '').trim(),
  };
  return db.transaction(async (tx) => {
    const before = await repo.findMeeting(tx, province, fy, q);
    await repo.upsertMeeting(tx, province, fy, q, write, viewer.userId);
    const after = (await repo.findMeeting(tx, province, fy, q))!;
    await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: before ? 'update' : 'create', entity: 'review_meeting', entityId: after.id, before: before ?? null, after });
    return toMeeting(after);
  });
}

/** Freezes the pack as presented at the meeting; a frozen pack is never replaced. */
export async function freeze(db: Database, viewer: Viewer, province: string, fy: number, q: number): Promise<ReviewMeeting> {
  checkQuarter(fy, q);
  checkWriter(viewer, province);
  if (viewer.areaCodes.length) throw forbidden('freezing the pack needs a user without an area limit, so the pack holds the whole province');
  const meeting = await repo.findMeeting(db, province, fy, q);
  if (!meeting) throw conflict(`record the meeting of Q${q} FY ${fy} before freezing its pack`);
  if (meeting.pack_frozen_at) throw conflict(`the pack of Q${q} FY ${fy} was already frozen on ${meeting.pack_frozen_at.toISOString()}; a frozen pack is never replaced`);
  const dashboard = await getDashboard(db, viewer, { province, fiscalYear: fy, quarter: q });
  return db.transaction(async (tx) => {
    await repo.freezePack(tx, meeting.id, { dashboard, restricted: viewer.role === 'admin' || viewer.role === 'analyst' }, viewer.userId);
    const after = (await repo.findMeeting(tx, province, fy, q))!;
    await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: 'freeze', entity: 'review_meeting', entityId: meeting.id, after: { asOf: dashboard.asOf, frozenAt: after.pack_frozen_at } });
    return toMeeting(after);
  });
}

export interface ActionInput {
  kind: 'decision' | 'action';
  text: string;
  ownerAgencyId?: number | null;
  ownerName?: string;
  dueDate?: string | null;
  status?: 'open' | 'done' | 'dropped';
  statusNote?: string;
}

async function checkAction(db: Database, a: ActionInput): Promise<repo.ActionWrite> {
  const text = (a.text ?? '').trim();
  if (!text) throw badRequest('the decision or action item needs a text', [{ field: 'text', message: 'required' }]);
  if (text.length > 4000) throw badRequest('the text is longer than 4,000 characters', [{ field: 'text', message: 'too long' }]);
  const ownerName = (a.ownerName ?? '').trim();
  const ownerAgencyId = a.ownerAgencyId ?? null;
  if (ownerAgencyId != null && !(await agencyExists(db, ownerAgencyId))) throw badRequest(`no agency with id ${ownerAgencyId}`, [{ field: 'ownerAgencyId', message: 'unknown agency' }]);
  if (a.kind === 'action' && ownerAgencyId == null && !ownerName) {
    throw badRequest('an action item needs an owner: an agency or a person', [{ field: 'ownerAgencyId', message: 'owner required' }]);
  }
  const dueDate = checkDate('dueDate', a.dueDate);
  if (a.kind === 'action' && !dueDate) throw badRequest('an action item needs a due date', [{ field: 'dueDate', message: 'required' }]);
  return { kind: a.kind, text, ownerAgencyId, ownerName, dueDate };
}

export async function addAction(db: Database, viewer: Viewer, province: string, fy: number, q: number, input: ActionInput): Promise<ReviewAction> {
  checkQuarter(fy, q);
  checkWriter(viewer, province);
  await provinceExists(db, province);
  const write = await checkAction(db, input);
  return db.transaction(async (tx) => {
    let meeting = await repo.findMeeting(tx, province, fy, q);
    if (!meeting) {
      await repo.upsertMeeting(tx, province, fy, q, { heldOn: null, place: '', chair: '', attendees: '', summary: '' }, viewer.userId);
      meeting = (await repo.findMeeting(tx, province, fy, q))!;
    }
    const id = await repo.insertAction(tx, meeting.id, write, viewer.userId);
    const after = (await repo.findAction(tx, id))!;
    await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: 'create', entity: 'review_action', entityId: id, after });
    return toAction(after, new Date());
  });
}

export async function updateAction(db: Database, viewer: Viewer, id: number, input: ActionInput): Promise<ReviewAction> {
  const before = await repo.findAction(db, id);
  if (!before) throw notFound(`action item ${id}`);
  checkWriter(viewer, before.province_code);
  const write = await checkAction(db, input);
  const status = input.status ?? before.status;
  if (status !== 'open' && write.kind === 'decision') throw badRequest('a decision has no status to close; only action items are closed', [{ field: 'status', message: 'decisions stay as recorded' }]);
  return db.transaction(async (tx) => {
    await repo.updateAction(tx, id, { ...write, status, statusNote: (input.statusNote ?? before.status_note).trim() });
    const after = (await repo.findAction(tx, id))!;
    await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: 'update', entity: 'review_action', entityId: id, before, after });
    return toAction(after, new Date());
  });
}

export async function deleteAction(db: Database, viewer: Viewer, id: number): Promise<void> {
  const before = await repo.findAction(db, id);
  if (!before) throw notFound(`action item ${id}`);
  checkWriter(viewer, before.province_code);
  await db.transaction(async (tx) => {
    await repo.deleteAction(tx, id);
    await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: 'delete', entity: 'review_action', entityId: id, before });
  });
}
