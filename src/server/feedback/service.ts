/**
 * The signed-in side of the people's voice: village meetings and peace council sittings, reading
 * answers and needs, moderation, linking needs to projects, contact details and their retention.
 *
 * Rules (issue 5, decided by the lead):
 * - An answer belongs to the fiscal year and quarter in which it reached COMAP (Thai time), also
 *   for a sitting recorded later than it was held: the answers of a sitting take the fiscal year and
 *   quarter of the moment it is recorded, never of its meeting date, so a closed quarter never changes.
 * - Sittings are recorded by administrators, analysts and area officers, inside their areas. Each
 *   answer is about a project (public or internal: officers know both) of the current or previous
 *   fiscal year that reaches the sitting's sub-district (project_area.subdistrict_code).
 * - Who reads answers: administrators and analysts all (inside their areas when they have some),
 *   area officers those in their areas, agency officers those about their own agency's projects in
 *   any area plus those in their areas, viewers those in their areas (no areas = all). Needs: anyone
 *   inside their areas (an area officer without areas sees none), and agencies also the needs
 *   their projects answer.
 * - Moderators (administrators, analysts, area officers in their areas) hide a comment with a reason;
 *   the answer still counts. Everyone else reads a hidden comment as '' and does not learn who hid it.
 * - Contact details are never in a listing; each reveal is audited and the audit never holds them.
 *   They are deleted once delete_after (consent + contact_retention_days) has passed; changing the
 *   retention moves delete_after of every contact and deletes those already past it.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Role, Viewer } from '../auth/viewer.ts';
import { inScope } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../errors.ts';
import { fiscalQuarterOf, fiscalYearOf, fiscalYearPeriod, thaiDay } from '../../shared/fiscal.ts';
import {
  CHANNELS, FEEDBACK_LIMITS, MEETING_CHANNELS, MEETS, type Channel, type FeedbackItem, type FeedbackSettings, type MeetingChannel, type Meets,
  type NeedItem,
} from '../../shared/feedback-types.ts';
import * as repo from './repository.ts';
// The same text rules as the public answers: what a sitting stores is cleaned as the board's is.
import { charLength, cleanText } from './public-validate.ts';

/** Roles that record village meetings and peace council sittings (area officers inside their areas). */
export const MEETING_RECORDERS: readonly Role[] = ['admin', 'analyst', 'area_officer'];
/** Roles that hide and show comments and needs (area officers inside their areas). */
export const MODERATORS: readonly Role[] = ['admin', 'analyst', 'area_officer'];
/** Roles that link needs to projects (agency officers only to their own agency's projects). */
export const NEED_LINKERS: readonly Role[] = ['admin', 'analyst', 'area_officer', 'agency_officer'];
/** Roles that read the contact details left with a need (area officers inside their areas). */
export const NEED_CONTACT_READERS: readonly Role[] = ['admin', 'analyst', 'area_officer'];

/** Used when a setting is missing from app_setting (migration 017 writes both). */
export const DEFAULT_SETTINGS: FeedbackSettings = { contactRetentionDays: 180, evaluationMinAnswers: 5 };
export const SETTING_LIMITS = { contactRetentionDays: { min: 1, max: 3650 }, evaluationMinAnswers: { min: 1, max: 1000 } } as const;

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
const audited = (v: Viewer) => ({ userId: v.userId, username: v.username });
/** Length as PostgreSQL counts it (code points), so a check here agrees with the table's CHECK. */

/** What answers and sittings a viewer may read (see the module comment). */
export function feedbackAccess(viewer: Viewer): repo.Access {
  if (viewer.role === 'agency_officer') return { areas: viewer.areaCodes, agencyId: viewer.agencyId };
  return { areas: viewer.areaCodes.length ? viewer.areaCodes : viewer.role === 'area_officer' ? [] : null, agencyId: null };
}

/** What needs a viewer may read (see the module comment). */
export function needAccess(viewer: Viewer): repo.Access {
  return {
    areas: viewer.areaCodes.length ? viewer.areaCodes : viewer.role === 'area_officer' ? [] : null,
    agencyId: viewer.role === 'agency_officer' ? viewer.agencyId : null,
  };
}

/**
 * Whether the viewer moderates what they can read. Reading is already limited to their areas
 * (for area officers, and for administrators and analysts who have areas), so the role decides.
 */
export function isModerator(viewer: Viewer): boolean {
  return MODERATORS.includes(viewer.role);
}

/** Maps refusals by the database that a concurrent change can still cause to 409. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '23503') throw conflict('a project, area or category used here was deleted at the same time: reload and try again');
    if (code === '23514') throw conflict(`the change was refused by the database: ${(e as Error).message}`);
    throw e;
  }
}

function isDatabase(db: Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}

/* ------------------------------------------------------------------ village meetings */

/** The body of POST /api/feedback/meetings as it arrives: numbers may come as text, the service reads them. */
export interface MeetingBody {
  subdistrictCode: string;
  villageCode?: string | null;
  meetingDate: string;
  place: string;
  attendance: number | string;
  channel: string;
  note?: string;
  answers: Array<{ projectId: number | string; meets: string; rating?: unknown; comment?: string; villageCode?: string | null }>;
  needs?: Array<{ categoryCode: string; description: string; villageCode?: string | null }>;
}

/**
 * A problem of a sitting's body. `row` names the answer or need as the body indexes it, counting
 * from 0 like the JSON array: 'answers[6]' is the seventh answer. The shared ErrorDetail numbers
 * the rows of spreadsheets, so these travel in the same field with the name the contract gives.
 */
export interface MeetingProblem {
  row?: string;
  field: string;
  message: string;
}

/** A whole number from a JSON number or a numeric text, or null when it is not one. */
function wholeNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return null;
}

function realDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function meetingRefusal(message: string, problems: MeetingProblem[]): AppError {
  const first = problems[0];
  const where = first.row ? `${first.row}.${first.field}: ` : `${first.field}: `;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  // The rows are named as text ('answers[3]'); see MeetingProblem.
  return new AppError(400, 'bad_request', `${message}: ${where}${first.message}${more}; nothing was stored`, problems as unknown as ErrorDetail[]);
}

/**
 * Records one village meeting or peace council sitting with all its answers and needs, all or
 * nothing. Every problem is named by its row ('answers[3]', 'needs[0]', counted from 0) and field.
 * The answers and needs take the fiscal year and quarter of `now` (when they reach COMAP), and the
 * sitting is audited once, with its counts.
 */
export async function createMeeting(db: Database, viewer: Viewer, body: MeetingBody, now = new Date()): Promise<{ id: number; answers: number; needs: number }> {
  if (!MEETING_RECORDERS.includes(viewer.role)) throw forbidden(`recording a village meeting needs one of the roles: ${MEETING_RECORDERS.join(', ')}`);
  const fyNow = fiscalYearOf(now);
  const quarter = fiscalQuarterOf(now);
  return db.transaction(async (tx) => guarded(async () => {
    const problems: MeetingProblem[] = [];
    const answers = Array.isArray(body.answers) ? body.answers : [];
    const needs = Array.isArray(body.needs) ? body.needs : [];
    const rows = answers.length + needs.length;
    if (rows > FEEDBACK_LIMITS.meetingRows) {
      throw meetingRefusal('the sitting was not recorded', [{ field: 'answers', message: `a sitting holds at most ${FEEDBACK_LIMITS.meetingRows} answers and needs together, got ${rows}: record it in several parts` }]);
    }
    const sub = String(body.subdistrictCode ?? '').trim();
    const village = body.villageCode == null || String(body.villageCode).trim() === '' ? null : String(body.villageCode).trim();
    const rowVillage = (v: string | null | undefined) => (v === undefined ? village : v == null || String(v).trim() === '' ? null : String(v).trim());

    const villageCodes = [village, ...answers.map((a) => rowVillage(a.villageCode)), ...needs.map((n) => rowVillage(n.villageCode))].filter((c): c is string => c != null);
    const areas = await repo.areasByCode(tx, [sub, ...new Set(villageCodes)]);
    const subArea = areas.get(sub);
    const subOk = !!subArea && subArea.level === 3;
    if (!/^\d{6}$/.test(sub)) problems.push({ field: 'subdistrictCode', message: `"${sub}" is not a sub-district code (6 digits, e.g. 320101)` });
    else if (!subArea) problems.push({ field: 'subdistrictCode', message: `no sub-district with code ${sub}` });
    else if (!subOk) problems.push({ field: 'subdistrictCode', message: `${sub} (${subArea.name_th}) is not a sub-district` });

    const villageProblem = (code: string | null): string | null => {
      if (code == null || !subOk) return null;
      const a = areas.get(code);
      if (!a) return `no village with code ${code}`;
      if (a.level !== 4 || a.parent_code !== sub) return `${code} (${a.name_th}) is not a village of sub-district ${sub} (${subArea!.name_th})`;
      return null;
    };
    const vp = villageProblem(village);
    if (vp) problems.push({ field: 'villageCode', message: vp });
    // Refused outright, before any detail of the body: the sitting is not the officer's to record.
    if (subOk && !inScope(viewer, vp ? sub : village ?? sub)) {
      throw forbidden(`sub-district ${sub} (${subArea!.name_th}) is outside your area scope (${viewer.areaCodes.join(', ') || 'none'}): you record meetings only in your own areas`);
    }

    const date = String(body.meetingDate ?? '').trim();
    const today = thaiDay(now);
    const earliest = thaiDay(fiscalYearPeriod(fyNow - 1).start);
    if (!realDate(date)) problems.push({ field: 'meetingDate', message: `meeting date must be a real date written YYYY-MM-DD (Common Era), got "${date}"` });
    else if (date > today) {
      const year = Number(date.slice(0, 4));
      const be = year - 543 <= Number(today.slice(0, 4)) && year > Number(today.slice(0, 4)) + 400;
      problems.push({ field: 'meetingDate', message: be
        ? `meeting date ${date} is in the future: write the year in the Common Era (${year - 543}), not the Buddhist Era (${year})`
        : `meeting date ${date} is in the future (today is ${today} in Thailand)` });
    } else if (date < earliest) {
      problems.push({ field: 'meetingDate', message: `meeting date ${date} is before fiscal year ${fyNow - 1} (which began on ${earliest}): a sitting is recorded for the current or the previous fiscal year` });
    }

    const place = cleanText(body.place);
    if (!place) problems.push({ field: 'place', message: 'place is required (where the meeting was held)' });
    else if (charLength(place) > FEEDBACK_LIMITS.placeChars) problems.push({ field: 'place', message: `place is longer than ${FEEDBACK_LIMITS.placeChars} characters (${charLength(place)})` });

    const attendance = wholeNumber(body.attendance);
    if (attendance == null || attendance < 1 || attendance > FEEDBACK_LIMITS.attendanceMax) {
      problems.push({ field: 'attendance', message: `attendance must be a whole number of people from 1 to ${FEEDBACK_LIMITS.attendanceMax}, got ${JSON.stringify(body.attendance ?? null)}` });
    }

    const channel = String(body.channel ?? '') as MeetingChannel;
    if (!MEETING_CHANNELS.includes(channel)) {
      problems.push({ field: 'channel', message: `channel must be ${MEETING_CHANNELS.join(' or ')}, got "${channel}"${String(channel) === 'public_web' ? ' (public_web is for answers sent on the public board)' : ''}` });
    }

    const note = cleanText(body.note);
    if (charLength(note) > 2000) problems.push({ field: 'note', message: `note is longer than 2000 characters (${charLength(note)})` });

    if (rows === 0) problems.push({ field: 'answers', message: 'a sitting needs at least one answer or one need' });

    const projectIds = [...new Set(answers.map((a) => wholeNumber(a.projectId)).filter((x): x is number => x != null && x > 0))];
    const projects = subOk ? await repo.projectsReaching(tx, projectIds, sub) : new Map<number, repo.ProjectReach>();
    const answerRows: repo.AnswerInsert[] = [];
    answers.forEach((a, i) => {
      const row = `answers[${i}]`;
      const push = (field: string, message: string) => problems.push({ row, field, message });
      const pid = wholeNumber(a.projectId);
      if (pid == null || pid < 1) push('projectId', `projectId must be the number of a project, got ${JSON.stringify(a.projectId ?? null)}`);
      else if (subOk) {
        const p = projects.get(pid);
        if (!p) push('projectId', `project ${pid} does not exist`);
        else if (!p.reaches) push('projectId', `project ${pid} (${p.title}) does not reach sub-district ${sub} (${subArea!.name_th}): answers are about projects with an area in the meeting's sub-district`);
        else if (p.fiscal_year !== fyNow && p.fiscal_year !== fyNow - 1) {
          push('projectId', `project ${pid} (${p.title}) is of fiscal year ${p.fiscal_year}: a sitting takes answers about projects of fiscal year ${fyNow} or ${fyNow - 1}`);
        }
      }
      const meets = String(a.meets ?? '') as Meets;
      if (!MEETS.includes(meets)) push('meets', `meets must be ${MEETS.join(', ')}, got "${meets}"`);
      let rating: number | null = null;
      if (a.rating != null && String(a.rating).trim() !== '') {
        const r = wholeNumber(a.rating);
        if (r == null || r < 1 || r > 5) push('rating', `rating must be a whole number from 1 to 5 (or left out), got ${JSON.stringify(a.rating)}`);
        else rating = r;
      }
      const comment = cleanText(a.comment);
      if (charLength(comment) > FEEDBACK_LIMITS.commentChars) push('comment', `comment is longer than ${FEEDBACK_LIMITS.commentChars} characters (${charLength(comment)})`);
      const v = rowVillage(a.villageCode);
      const vMsg = villageProblem(v);
      if (vMsg) push('villageCode', vMsg);
      answerRows.push({ projectId: pid ?? 0, villageCode: v, meets, rating, comment });
    });

    const categories = await repo.categoriesByCode(tx, [...new Set(needs.map((n) => String(n.categoryCode ?? '')))]);
    const needRows: repo.NeedInsert[] = [];
    needs.forEach((n, i) => {
      const row = `needs[${i}]`;
      const push = (field: string, message: string) => problems.push({ row, field, message });
      const cat = String(n.categoryCode ?? '').trim();
      const active = categories.get(cat);
      if (active == null) push('categoryCode', `unknown category "${cat}"`);
      else if (!active) push('categoryCode', `category "${cat}" is no longer in use`);
      const description = cleanText(n.description);
      if (!description) push('description', 'description of the need is required');
      else if (charLength(description) > FEEDBACK_LIMITS.needChars) push('description', `description is longer than ${FEEDBACK_LIMITS.needChars} characters (${charLength(description)})`);
      const v = rowVillage(n.villageCode);
      const vMsg = villageProblem(v);
      if (vMsg) push('villageCode', vMsg);
      needRows.push({ categoryCode: cat, description, villageCode: v });
    });

    if (problems.length) throw meetingRefusal('the sitting was not recorded', problems);

    const province = sub.slice(0, 2);
    const id = await repo.insertMeeting(tx, {
      provinceCode: province, subdistrictCode: sub, villageCode: village, meetingDate: date, place, attendance: attendance!, channel, note,
      userId: viewer.userId, recordedAt: now,
    });
    const where = { id, provinceCode: province, subdistrictCode: sub, channel, receivedAt: now, fiscalYear: fyNow };
    const nAnswers = await repo.insertMeetingAnswers(tx, { ...where, quarter }, answerRows);
    const nNeeds = await repo.insertMeetingNeeds(tx, where, needRows);
    await insertAudit(tx, {
      ...audited(viewer), action: 'create', entity: 'feedback_meeting', entityId: id,
      after: {
        id, subdistrictCode: sub, villageCode: village, meetingDate: date, place, attendance, channel, note,
        fiscalYear: fyNow, quarter, answers: nAnswers, needs: nNeeds,
      },
    });
    return { id, answers: nAnswers, needs: nNeeds };
  }));
}

export interface MeetingItem {
  id: number;
  subdistrictCode: string;
  subdistrictTh: string;
  villageCode: string | null;
  villageTh: string | null;
  meetingDate: string;
  place: string;
  attendance: number;
  channel: MeetingChannel;
  note: string;
  answers: number;
  needs: number;
  recordedBy: string | null;
  recordedAt: string;
}

/**
 * The sittings the viewer may see, newest meeting first. `fiscalYear` selects the sittings whose
 * answers belong to that year, i.e. recorded in it (a sitting held on 30 September and recorded on
 * 2 October counts in the new year, as its answers do).
 */
export async function listMeetings(
  db: Queryable, viewer: Viewer, q: { provinceCode?: string; subdistrictCode?: string; fiscalYear?: number; limit?: number },
): Promise<MeetingItem[]> {
  const period = q.fiscalYear != null ? fiscalYearPeriod(q.fiscalYear) : null;
  const rows = await repo.listMeetings(db, {
    provinceCode: q.provinceCode, subdistrictCode: q.subdistrictCode, recordedFrom: period?.start, recordedTo: period?.end, limit: q.limit ?? 200,
  }, feedbackAccess(viewer));
  return rows.map((m) => ({
    id: m.id, subdistrictCode: m.subdistrict_code, subdistrictTh: m.subdistrict_th, villageCode: m.village_code, villageTh: m.village_th,
    meetingDate: m.meeting_date, place: m.place, attendance: m.attendance, channel: m.channel, note: m.note, answers: m.answers, needs: m.needs,
    recordedBy: m.recorded_by, recordedAt: iso(m.recorded_at),
  }));
}

/* ------------------------------------------------------------------ answers and moderation */

function hiddenOf(r: { hidden_at: Date | null; hidden_by: string | null; hidden_reason: string | null }, moderator: boolean): FeedbackItem['hidden'] {
  return r.hidden_at ? { at: iso(r.hidden_at), by: moderator ? r.hidden_by : null, reason: r.hidden_reason ?? '' } : null;
}

function toFeedbackItem(r: repo.FeedbackRow, moderator: boolean): FeedbackItem {
  return {
    id: r.id, projectId: r.project_id, projectTitle: r.project_title, agencyId: r.agency_id, subdistrictCode: r.subdistrict_code,
    subdistrictTh: r.subdistrict_th, villageCode: r.village_code, villageTh: r.village_th, meets: r.meets, rating: r.rating,
    comment: r.hidden_at && !moderator ? '' : r.comment, channel: r.channel, meetingId: r.meeting_id, receivedAt: iso(r.received_at),
    fiscalYear: r.fiscal_year, quarter: r.quarter, hidden: hiddenOf(r, moderator), hasContact: r.has_contact,
  };
}

export interface FeedbackQuery extends repo.FeedbackFilter {
  limit?: number;
  offset?: number;
}

/** One page of the answers the viewer may read, newest first (hidden comments as the module comment says). */
export async function listFeedback(db: Queryable, viewer: Viewer, q: FeedbackQuery): Promise<{ total: number; items: FeedbackItem[] }> {
  const moderator = isModerator(viewer);
  if (q.channel != null && !CHANNELS.includes(q.channel as Channel)) throw badRequest(`channel must be one of ${CHANNELS.join(', ')}`, [{ field: 'channel', message: 'unknown channel' }]);
  const { total, rows } = await repo.listFeedback(db, q, feedbackAccess(viewer), moderator, q.limit ?? 50, q.offset ?? 0);
  return { total, items: rows.map((r) => toFeedbackItem(r, moderator)) };
}

function checkReason(reason: unknown): string {
  const r = String(reason ?? '').trim();
  if (!r) throw badRequest('reason: say why it is hidden (1 to 500 characters)', [{ field: 'reason', message: 'a reason is required' }]);
  if (charLength(r) > FEEDBACK_LIMITS.reasonChars) {
    throw badRequest(`reason: at most ${FEEDBACK_LIMITS.reasonChars} characters (got ${charLength(r)})`, [{ field: 'reason', message: `longer than ${FEEDBACK_LIMITS.reasonChars} characters` }]);
  }
  return r;
}

function assertModerator(viewer: Viewer): void {
  if (!isModerator(viewer)) throw forbidden(`moderation needs one of the roles: ${MODERATORS.join(', ')} (area officers inside their areas)`);
}

const hiddenState = (r: { hidden_at: Date | null; hidden_by: string | null; hidden_reason: string | null }) =>
  ({ hidden: r.hidden_at ? { at: iso(r.hidden_at), by: r.hidden_by, reason: r.hidden_reason } : null });

/**
 * Hides the comment of an answer with a reason (or, with `reason` null, shows it again); the answer
 * itself still counts. Hiding a hidden comment again replaces the reason. Audited with before and after.
 */
export async function moderateFeedback(db: Database, viewer: Viewer, id: number, reason: string | null, now = new Date()): Promise<FeedbackItem> {
  assertModerator(viewer);
  const why = reason == null ? null : checkReason(reason);
  return db.transaction(async (tx) => {
    const a = feedbackAccess(viewer);
    const row = await repo.getFeedback(tx, id, a, true);
    if (!row) throw notFound(`answer ${id}`);
    if (why == null && !row.hidden_at) throw conflict(`the comment of answer ${id} is not hidden`);
    await repo.setFeedbackHidden(tx, id, why == null ? null : { userId: viewer.userId, reason: why, at: now });
    const after = (await repo.getFeedback(tx, id, a))!;
    await insertAudit(tx, {
      ...audited(viewer), action: why == null ? 'unhide' : 'hide', entity: 'feedback', entityId: id,
      before: hiddenState(row), after: hiddenState(after), details: { projectId: row.project_id, comment: row.comment },
    });
    return toFeedbackItem(after, true);
  });
}

/* ------------------------------------------------------------------ needs */

function toNeedItem(r: repo.NeedRow, moderator: boolean): NeedItem {
  return {
    id: r.id, subdistrictCode: r.subdistrict_code, subdistrictTh: r.subdistrict_th, villageCode: r.village_code, villageTh: r.village_th,
    categoryCode: r.category_code, description: r.hidden_at && !moderator ? '' : r.description, channel: r.channel, meetingId: r.meeting_id,
    receivedAt: iso(r.received_at), fiscalYear: r.fiscal_year,
    project: r.project_id == null ? null : { id: r.project_id, title: r.project_title ?? '', agencyId: r.project_agency_id! },
    hidden: hiddenOf(r, moderator), hasContact: r.has_contact,
  };
}

export interface NeedQuery extends repo.NeedFilter {
  limit?: number;
  offset?: number;
}

/** One page of the needs the viewer may read, newest first. */
export async function listNeeds(db: Queryable, viewer: Viewer, q: NeedQuery): Promise<{ total: number; items: NeedItem[] }> {
  const moderator = isModerator(viewer);
  const { total, rows } = await repo.listNeeds(db, q, needAccess(viewer), q.limit ?? 50, q.offset ?? 0);
  return { total, items: rows.map((r) => toNeedItem(r, moderator)) };
}

/** Hides a need's description with a reason (or shows it again with `reason` null). Audited. */
export async function moderateNeed(db: Database, viewer: Viewer, id: number, reason: string | null, now = new Date()): Promise<NeedItem> {
  assertModerator(viewer);
  const why = reason == null ? null : checkReason(reason);
  return db.transaction(async (tx) => {
    const a = needAccess(viewer);
    const row = await repo.getNeed(tx, id, a, true);
    if (!row) throw notFound(`need ${id}`);
    if (why == null && !row.hidden_at) throw conflict(`need ${id} is not hidden`);
    await repo.setNeedHidden(tx, id, why == null ? null : { userId: viewer.userId, reason: why, at: now });
    const after = (await repo.getNeed(tx, id, a))!;
    await insertAudit(tx, {
      ...audited(viewer), action: why == null ? 'unhide' : 'hide', entity: 'need', entityId: id,
      before: hiddenState(row), after: hiddenState(after), details: { description: row.description },
    });
    return toNeedItem(after, true);
  });
}

function assertLinker(viewer: Viewer): void {
  if (!NEED_LINKERS.includes(viewer.role)) throw forbidden(`linking needs to projects needs one of the roles: ${NEED_LINKERS.join(', ')}`);
  if (viewer.role === 'agency_officer' && viewer.agencyId == null) {
    throw forbidden('your account belongs to no agency: ask an administrator to set your agency before you link needs to its projects');
  }
}

function agencyRefusal(viewer: Viewer, agencyId: number, what: string): void {
  if (viewer.role === 'agency_officer' && viewer.agencyId !== agencyId) {
    throw forbidden(`${what} belongs to another agency (agency ${agencyId}): you link needs only to the projects of your own agency (${viewer.agency ?? `agency ${viewer.agencyId}`})`);
  }
}

/**
 * Links a need to the project that answers it: the project must reach the need's sub-district, and
 * an agency officer links only their own agency's projects (nor replaces another agency's link).
 * Linking the project already linked changes nothing. Audited with before and after.
 */
export async function linkNeed(db: Database, viewer: Viewer, id: number, projectId: number, now = new Date()): Promise<NeedItem> {
  assertLinker(viewer);
  return db.transaction(async (tx) => guarded(async () => {
    const a = needAccess(viewer);
    const need = await repo.getNeed(tx, id, a, true);
    if (!need) throw notFound(`need ${id}`);
    const moderator = isModerator(viewer);
    if (need.project_id === projectId) return toNeedItem(need, moderator);
    const p = (await repo.projectsReaching(tx, [projectId], need.subdistrict_code)).get(projectId);
    if (!p) throw badRequest(`projectId: project ${projectId} does not exist`, [{ field: 'projectId', message: `project ${projectId} does not exist` }]);
    agencyRefusal(viewer, p.agency_id, `project ${projectId} (${p.title})`);
    if (need.project_id != null) agencyRefusal(viewer, need.project_agency_id!, `the project that answers need ${id} now (${need.project_id})`);
    if (!p.reaches) {
      const msg = `project ${projectId} (${p.title}) does not reach sub-district ${need.subdistrict_code} (${need.subdistrict_th}) of need ${id}`;
      throw badRequest(`projectId: ${msg}`, [{ field: 'projectId', message: msg }]);
    }
    await repo.setNeedProject(tx, id, { projectId, userId: viewer.userId, at: now });
    await insertAudit(tx, {
      ...audited(viewer), action: 'link', entity: 'need', entityId: id,
      before: { projectId: need.project_id }, after: { projectId }, details: { subdistrictCode: need.subdistrict_code },
    });
    return toNeedItem((await repo.getNeed(tx, id, a))!, moderator);
  }));
}

/** Removes the link of a need to its project (an agency officer only their own agency's link). Audited. */
export async function unlinkNeed(db: Database, viewer: Viewer, id: number): Promise<NeedItem> {
  assertLinker(viewer);
  return db.transaction(async (tx) => {
    const a = needAccess(viewer);
    const need = await repo.getNeed(tx, id, a, true);
    if (!need) throw notFound(`need ${id}`);
    if (need.project_id == null) throw conflict(`need ${id} is not linked to a project`);
    agencyRefusal(viewer, need.project_agency_id!, `project ${need.project_id} (${need.project_title})`);
    await repo.setNeedProject(tx, id, null);
    await insertAudit(tx, {
      ...audited(viewer), action: 'unlink', entity: 'need', entityId: id,
      before: { projectId: need.project_id }, after: { projectId: null }, details: { subdistrictCode: need.subdistrict_code },
    });
    // An agency officer may have read the need only through the link just removed.
    const after = (await repo.getNeed(tx, id, { areas: null, agencyId: null }))!;
    return toNeedItem(after, isModerator(viewer));
  });
}

/* ------------------------------------------------------------------ contact details */

export interface ContactView {
  name: string;
  phone: string;
  email: string;
  consentAt: string;
  consentVersion: string;
  deleteAfter: string;
}

async function revealed(db: Queryable, viewer: Viewer, of: { feedbackId: number } | { needId: number }, what: string, now: Date): Promise<ContactView> {
  const c = await repo.contactOf(db, of, now);
  if (!c) {
    const days = (await getFeedbackSettings(db)).contactRetentionDays;
    throw new AppError(404, 'not_found', `${what} has no contact details: none were given, or they were deleted when their retention of ${days} days ended`);
  }
  // The audit says who read which contact, never the details themselves (they must not outlive their retention).
  await insertAudit(db, { ...audited(viewer), action: 'contact.read', entity: 'public_contact', entityId: c.id, details: of });
  return { name: c.name, phone: c.phone, email: c.email, consentAt: iso(c.consent_at), consentVersion: c.consent_version, deleteAfter: iso(c.delete_after) };
}

/**
 * The contact details left with an answer, for administrators, analysts, area officers of its area
 * and the officers of the project's agency. Each reveal is audited.
 */
export async function feedbackContact(db: Database, viewer: Viewer, id: number, now = new Date()): Promise<ContactView> {
  return db.transaction(async (tx) => {
    const row = await repo.getFeedback(tx, id, feedbackAccess(viewer));
    if (!row) throw notFound(`answer ${id}`);
    const ownAgency = viewer.role === 'agency_officer' && viewer.agencyId === row.agency_id;
    if (!NEED_CONTACT_READERS.includes(viewer.role) && !ownAgency) {
      throw forbidden('contact details are shown only to administrators, analysts, area officers of the area and officers of the project\'s agency');
    }
    return revealed(tx, viewer, { feedbackId: id }, `answer ${id}`, now);
  });
}

/** The contact details left with a need, for administrators, analysts and area officers of its area. Audited. */
export async function needContact(db: Database, viewer: Viewer, id: number, now = new Date()): Promise<ContactView> {
  return db.transaction(async (tx) => {
    const row = await repo.getNeed(tx, id, needAccess(viewer));
    if (!row) throw notFound(`need ${id}`);
    if (!NEED_CONTACT_READERS.includes(viewer.role)) {
      throw forbidden(`the contact details of a need are shown only to the roles: ${NEED_CONTACT_READERS.join(', ')} (area officers inside their areas)`);
    }
    return revealed(tx, viewer, { needId: id }, `need ${id}`, now);
  });
}

async function purge(db: Queryable, now: Date, reason: string): Promise<number> {
  const n = await repo.deleteExpiredContacts(db, now);
  if (n > 0) await insertAudit(db, { userId: null, username: null, action: 'purge', entity: 'public_contact', details: { deleted: n, before: iso(now), reason } });
  return n;
}

/**
 * Deletes contact details whose retention has passed (delete_after at or before `now`); returns how
 * many were deleted, and audits one summary row when any were. `comap serve` runs it hourly.
 */
export async function purgeExpiredContacts(db: Queryable, now = new Date()): Promise<number> {
  return isDatabase(db) ? db.transaction((tx) => purge(tx, now, 'retention ended')) : purge(db, now, 'retention ended');
}

/* ------------------------------------------------------------------ settings */

/** The module's settings; a missing or unreadable value falls back to {@link DEFAULT_SETTINGS}. */
export async function getFeedbackSettings(db: Queryable): Promise<FeedbackSettings> {
  return settingsOf(await repo.readSettings(db));
}

function settingsOf(stored: Map<string, string | null>): FeedbackSettings {
  const read = (k: keyof FeedbackSettings) => {
    const n = Number(stored.get(repo.SETTING_KEYS[k]));
    return Number.isInteger(n) && n >= SETTING_LIMITS[k].min && n <= SETTING_LIMITS[k].max ? n : DEFAULT_SETTINGS[k];
  };
  return { contactRetentionDays: read('contactRetentionDays'), evaluationMinAnswers: read('evaluationMinAnswers') };
}

/**
 * Changes the settings (administrators). A new retention moves delete_after of every contact to
 * consent + the new number of days and deletes those already past it, in the same transaction.
 * Audited with before and after (and a purge row when contacts were deleted).
 */
export async function updateFeedbackSettings(db: Database, viewer: Viewer, input: Record<keyof FeedbackSettings, unknown>, now = new Date()): Promise<FeedbackSettings> {
  const details: ErrorDetail[] = [];
  const next = {} as FeedbackSettings;
  const labels = { contactRetentionDays: 'days contact details are kept', evaluationMinAnswers: 'fewest answers to judge a project' };
  for (const k of ['contactRetentionDays', 'evaluationMinAnswers'] as const) {
    const n = wholeNumber(input[k]);
    const { min, max } = SETTING_LIMITS[k];
    if (n == null || n < min || n > max) details.push({ field: k, message: `${k} (${labels[k]}) must be a whole number from ${min} to ${max}, got ${JSON.stringify(input[k] ?? null)}` });
    else next[k] = n;
  }
  if (details.length) throw badRequest(details.map((d) => d.message).join('; '), details);
  return db.transaction(async (tx) => {
    const before = settingsOf(await repo.readSettings(tx, true));
    if (before.contactRetentionDays === next.contactRetentionDays && before.evaluationMinAnswers === next.evaluationMinAnswers) return before;
    await repo.writeSetting(tx, repo.SETTING_KEYS.contactRetentionDays, next.contactRetentionDays);
    await repo.writeSetting(tx, repo.SETTING_KEYS.evaluationMinAnswers, next.evaluationMinAnswers);
    let rescheduled = 0;
    let deleted = 0;
    if (before.contactRetentionDays !== next.contactRetentionDays) {
      rescheduled = await repo.rescheduleContacts(tx, next.contactRetentionDays);
      deleted = await purge(tx, now, `retention changed from ${before.contactRetentionDays} to ${next.contactRetentionDays} days`);
    }
    await insertAudit(tx, {
      ...audited(viewer), action: 'update', entity: 'feedback_settings', before, after: next,
      details: { contactsRescheduled: rescheduled, contactsDeleted: deleted },
    });
    return next;
  });
}
