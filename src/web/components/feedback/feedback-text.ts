/**
 * Rules and wording of the people's-voice page that need no React: who may do what (the same
 * roles the server checks, so the page never offers what the server refuses), shares and
 * ratings as people read them, the village-meeting form read into a MeetingInput, and the
 * server's row errors ("answers[3]", field "rating") placed back on the row the officer typed.
 */
import type { Me, Role } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import type { Msg } from '../common.tsx';
import { fiscalYearOf, fiscalYearPeriod, thaiDay } from '../../../shared/fiscal.ts';
import { FEEDBACK_LIMITS, type Channel, type EvaluationLine, type MeetingChannel, type MeetingInput, type Meets } from '../../../shared/feedback-types.ts';

/** Roles that hide and unhide comments and needs (area officers inside their areas; the server checks the area). */
export const MODERATOR_ROLES: readonly Role[] = ['admin', 'analyst', 'area_officer'];
/** Roles that record a village meeting or a peace council sitting. */
export const RECORDER_ROLES: readonly Role[] = ['admin', 'analyst', 'area_officer'];
/** Roles that recompute a provisional evaluation. */
export const RECOMPUTE_ROLES: readonly Role[] = ['admin', 'analyst'];

export const canModerate = (me: Pick<Me, 'role'> | null | undefined): boolean => !!me && MODERATOR_ROLES.includes(me.role);
export const canRecord = (me: Pick<Me, 'role'> | null | undefined): boolean => !!me && RECORDER_ROLES.includes(me.role);
export const canRecompute = (me: Pick<Me, 'role'> | null | undefined): boolean => !!me && RECOMPUTE_ROLES.includes(me.role);

/**
 * Whether the page offers "show contact" on an answer or need of a project of `agencyId`: the
 * moderators, and the agency officer of the project's agency (GET /api/feedback/:id/contact).
 */
export function canRevealContact(me: Pick<Me, 'role' | 'agencyId'> | null | undefined, agencyId: number | null | undefined): boolean {
  if (!me) return false;
  if (MODERATOR_ROLES.includes(me.role)) return true;
  return me.role === 'agency_officer' && me.agencyId != null && agencyId === me.agencyId;
}

/** Whether the user may link a need to a project (an agency officer only to their agency's projects, which the picker limits). */
export function canLinkNeeds(me: Pick<Me, 'role' | 'agencyId'> | null | undefined): boolean {
  if (!me || me.role === 'viewer') return false;
  return me.role !== 'agency_officer' || me.agencyId != null;
}

/** Whether the user may take a need's link off: as linking, and an agency officer only from their agency's project. */
export function canUnlinkNeed(me: Pick<Me, 'role' | 'agencyId'> | null | undefined, projectAgencyId: number | null | undefined): boolean {
  if (!canLinkNeeds(me)) return false;
  return me!.role !== 'agency_officer' || projectAgencyId === me!.agencyId;
}

/** Whether an area lies inside the user's scope (a scope code is a prefix of it; no scope = every area, but not for an area officer). */
export function inMyScope(me: Pick<Me, 'role' | 'areaCodes'>, code: string): boolean {
  if (me.areaCodes.length === 0) return me.role !== 'area_officer';
  return me.areaCodes.some((c) => code.startsWith(c));
}

/** Whether an area holds some of the user's scope or lies inside it: a district worth offering in a picker. */
export function touchesMyScope(me: Pick<Me, 'role' | 'areaCodes'>, code: string): boolean {
  if (me.areaCodes.length === 0) return me.role !== 'area_officer';
  return me.areaCodes.some((c) => code.startsWith(c) || c.startsWith(code));
}

/** A share 0..1 as "62.5%" (one decimal, none when whole); "—" when there is none. */
export function percent(share: number | null | undefined, i: Pick<I18n, 'num'>): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${i.num(Math.round(share * 1000) / 10, 1)}%`;
}

/** A mean rating as "3.8"; "—" without ratings. */
export function rating(mean: number | null | undefined, i: Pick<I18n, 'num'>): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return '—';
  return i.num(Math.round(mean * 10) / 10, 1);
}

/** Shares of one line: yes, partly and no over its answers (null without answers, never NaN). */
export function shares(l: Pick<EvaluationLine, 'answers' | 'yes' | 'partly' | 'no'>): { yes: number | null; partly: number | null; no: number | null } {
  if (!(l.answers > 0)) return { yes: null, partly: null, no: null };
  return { yes: l.yes / l.answers, partly: l.partly / l.answers, no: l.no / l.answers };
}

/** The word for an answer. */
export const meetsWord = (m: Meets, i: Pick<I18n, 't'>): string => i.t(`feedbackMeets_${m}` as MessageKey);
/** The word for a channel. */
export const channelWord = (c: Channel, i: Pick<I18n, 't'>): string => i.t(`feedbackChannel_${c}` as MessageKey);

/** A 1-5 rating drawn as stars ("★★★☆☆"), with the words a screen reader says. */
export function stars(n: number | null): { text: string; label: Msg } {
  if (n === null || !(n >= 1 && n <= 5)) return { text: '', label: (x) => x.t('feedbackNoRating') };
  const k = Math.round(n);
  return { text: '★'.repeat(k) + '☆'.repeat(5 - k), label: (x) => x.t('feedbackRatingOf', { n: k }) };
}

/** The Thai calendar day of today, YYYY-MM-DD: a meeting held later than this is refused. */
export const todayThai = (now = new Date()): string => thaiDay(now);

/**
 * The fiscal years whose projects a sitting takes answers about: the current and the previous one
 * (the server refuses others), so the picker offers no project the server would refuse.
 */
export function meetingProjectYears(now = new Date()): number[] {
  const fy = fiscalYearOf(now);
  return [fy, fy - 1];
}

/** The first day a sitting may have been held: 1 October that began the previous fiscal year (YYYY-MM-DD). */
export const earliestMeetingDay = (now = new Date()): string => thaiDay(fiscalYearPeriod(fiscalYearOf(now) - 1).start);

/** "2025-11-14" as the instant of Thai midnight of that day, to show it in the Buddhist Era; null when not a date. */
export function dayInstant(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 7 * 3600 * 1000);
  // 2025-02-30 rolls over to March: not a date.
  const back = thaiDay(d);
  return back === day ? d : null;
}

// ---------- the village-meeting form ----------

export interface AnswerRow {
  /** Stable key of the row on screen (rows are added and removed). */
  key: number;
  projectId: string;
  meets: Meets | '';
  /** '' = no rating. */
  rating: string;
  comment: string;
  villageCode: string;
}

export interface NeedRow {
  key: number;
  categoryCode: string;
  description: string;
  villageCode: string;
}

export interface MeetingForm {
  subdistrictCode: string;
  villageCode: string;
  meetingDate: string;
  place: string;
  attendance: string;
  channel: MeetingChannel;
  note: string;
  answers: AnswerRow[];
  needs: NeedRow[];
}

/**
 * Errors of the form, each where it belongs: `meeting` by field (subdistrictCode, place, ...),
 * `answers` and `needs` by row key then field; `form` when the server named nothing we can place.
 */
export interface MeetingErrors {
  meeting: Record<string, Msg>;
  answers: Record<number, Record<string, Msg>>;
  needs: Record<number, Record<string, Msg>>;
  form: Msg[];
}

export const noErrors = (): MeetingErrors => ({ meeting: {}, answers: {}, needs: {}, form: [] });
export const hasErrors = (e: MeetingErrors): boolean =>
  Object.keys(e.meeting).length > 0 || Object.keys(e.answers).length > 0 || Object.keys(e.needs).length > 0 || e.form.length > 0;

/**
 * A row with no answer in it (the spare row Enter adds, which carries the previous row's project
 * and village): left out of the sitting rather than refused. The count on the submit button says
 * how many rows are sent.
 */
export const blankAnswer = (r: AnswerRow): boolean => !r.meets && !r.rating && !r.comment.trim();
export const blankNeed = (r: NeedRow): boolean => !r.categoryCode && !r.description.trim();

/** Digits typed as Thai digits are read too ("๒๕" = 25). */
function readInt(s: string): number | null {
  const t = s.trim().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/,/g, '');
  if (!/^\d+$/.test(t)) return null;
  return Number(t);
}

const put = (into: Record<number, Record<string, Msg>>, key: number, field: string, msg: Msg) => {
  (into[key] ??= {})[field] = msg;
};

/**
 * Reads the form into the body of POST /api/feedback/meetings, checking what the page can check
 * itself (the server checks it all again). `rowKeys` maps the index of each answer and need sent
 * back to its row on screen, so the server's "answers[3]" lands on the right row even when blank
 * rows were left out.
 */
export function readMeetingForm(f: MeetingForm, now = new Date()): { input: MeetingInput | null; errors: MeetingErrors; rowKeys: { answers: number[]; needs: number[] } } {
  const e = noErrors();
  if (!f.subdistrictCode) e.meeting.subdistrictCode = (x) => x.t('feedbackErrSubdistrict');
  if (!f.meetingDate) e.meeting.meetingDate = (x) => x.t('feedbackErrDate');
  else if (!dayInstant(f.meetingDate)) e.meeting.meetingDate = (x) => x.t('feedbackErrDate');
  else if (f.meetingDate > todayThai(now)) e.meeting.meetingDate = (x) => x.t('feedbackErrDateFuture');
  else if (f.meetingDate < earliestMeetingDay(now)) {
    const first = dayInstant(earliestMeetingDay(now))!;
    e.meeting.meetingDate = (x) => x.t('feedbackErrDateOld', { date: x.date(first, { long: true }) });
  }
  const place = f.place.trim();
  if (!place) e.meeting.place = (x) => x.t('feedbackErrPlace');
  else if (place.length > FEEDBACK_LIMITS.placeChars) e.meeting.place = (x) => x.t('feedbackErrTooLong', { n: x.num(FEEDBACK_LIMITS.placeChars) });
  const attendance = readInt(f.attendance);
  if (attendance === null || attendance < 1 || attendance > FEEDBACK_LIMITS.attendanceMax) {
    e.meeting.attendance = (x) => x.t('feedbackErrAttendance', { max: x.num(FEEDBACK_LIMITS.attendanceMax) });
  }
  if (f.note.length > 2000) e.meeting.note = (x) => x.t('feedbackErrTooLong', { n: x.num(2000) });

  const answers = f.answers.filter((r) => !blankAnswer(r));
  const needs = f.needs.filter((r) => !blankNeed(r));
  if (answers.length + needs.length === 0) e.form.push((x) => x.t('feedbackErrNoRows'));
  if (answers.length + needs.length > FEEDBACK_LIMITS.meetingRows) e.form.push((x) => x.t('feedbackErrTooManyRows', { n: x.num(FEEDBACK_LIMITS.meetingRows) }));
  for (const r of answers) {
    if (!r.projectId) put(e.answers, r.key, 'projectId', (x) => x.t('feedbackErrProject'));
    if (!r.meets) put(e.answers, r.key, 'meets', (x) => x.t('feedbackErrMeets'));
    if (r.comment.length > FEEDBACK_LIMITS.commentChars) put(e.answers, r.key, 'comment', (x) => x.t('feedbackErrTooLong', { n: x.num(FEEDBACK_LIMITS.commentChars) }));
  }
  for (const r of needs) {
    if (!r.categoryCode) put(e.needs, r.key, 'categoryCode', (x) => x.t('feedbackErrCategory'));
    if (!r.description.trim()) put(e.needs, r.key, 'description', (x) => x.t('feedbackErrNeedText'));
    else if (r.description.length > FEEDBACK_LIMITS.needChars) put(e.needs, r.key, 'description', (x) => x.t('feedbackErrTooLong', { n: x.num(FEEDBACK_LIMITS.needChars) }));
  }
  const rowKeys = { answers: answers.map((r) => r.key), needs: needs.map((r) => r.key) };
  if (hasErrors(e)) return { input: null, errors: e, rowKeys };
  const input: MeetingInput = {
    subdistrictCode: f.subdistrictCode,
    villageCode: f.villageCode || null,
    meetingDate: f.meetingDate,
    place,
    attendance: attendance!,
    channel: f.channel,
    note: f.note.trim(),
    answers: answers.map((r) => ({
      projectId: Number(r.projectId),
      meets: r.meets as Meets,
      rating: r.rating ? Number(r.rating) : null,
      comment: r.comment.trim(),
      villageCode: r.villageCode || null,
    })),
    needs: needs.map((r) => ({ categoryCode: r.categoryCode, description: r.description.trim(), villageCode: r.villageCode || null })),
  };
  return { input, errors: e, rowKeys };
}

/** Where a server error points: a field of the sitting, or a field of one answer or need row (index as sent). */
export interface ErrorPlace {
  list: 'answers' | 'needs' | null;
  index: number | null;
  field: string | null;
}

/**
 * Reads where a server error detail points. The service names rows as `row: "answers[3]"` with
 * `field: "rating"`; the schema validator gives `field: "answers.3.rating"`; both are read, and
 * a field path like "answers[3].rating" too. Indexes are those of the arrays sent (from 0).
 */
export function errorPlace(d: { row?: unknown; field?: unknown }): ErrorPlace {
  const row = d.row === undefined || d.row === null ? '' : String(d.row);
  const field = typeof d.field === 'string' ? d.field : '';
  const path = [row, field].filter(Boolean).join('.');
  const m = /(answers|needs)(?:\[(\d+)\]|\.(\d+))(?:\.?([A-Za-z]+))?/.exec(path);
  if (m) {
    const index = Number(m[2] ?? m[3]);
    const last = m[4] ?? (field && !/[.[]/.test(field) ? field : null);
    return { list: m[1] as 'answers' | 'needs', index, field: last ?? null };
  }
  const simple = field.replace(/^body\./, '').split('.').pop() || null;
  return { list: null, index: null, field: simple };
}

/** The Thai (or English) name of a field the server named, for a sentence under it. */
export function fieldLabel(field: string | null, i: Pick<I18n, 't'>): string {
  const known = ['answers', 'needs', 'projectId', 'meets', 'rating', 'comment', 'villageCode', 'categoryCode', 'description', 'subdistrictCode', 'meetingDate', 'place', 'attendance', 'channel', 'note'];
  return field && known.includes(field) ? i.t(`feedbackField_${field}` as MessageKey) : field ?? '';
}

/**
 * The server's refusal of a sitting placed on the form: each detail under the field of the row it
 * names (rowKeys from {@link readMeetingForm}), the rest as sentences above the submit button.
 */
export function placeServerErrors(details: Array<{ row?: unknown; field?: unknown; message: string }>, message: string, rowKeys: { answers: number[]; needs: number[] }): MeetingErrors {
  const e = noErrors();
  for (const d of details) {
    const p = errorPlace(d);
    const text: Msg = (x) => x.t('serverSays', { message: d.message });
    if (p.list && p.index !== null) {
      const key = rowKeys[p.list][p.index];
      if (key !== undefined) {
        put(p.list === 'answers' ? e.answers : e.needs, key, p.field ?? '_row', text);
        continue;
      }
    }
    const headerFields = ['subdistrictCode', 'villageCode', 'meetingDate', 'place', 'attendance', 'channel', 'note'];
    if (!p.list && p.field && headerFields.includes(p.field)) {
      e.meeting[p.field] = text;
      continue;
    }
    e.form.push((x) => (p.field ? `${fieldLabel(p.field, x)}: ${x.t('serverSays', { message: d.message })}` : x.t('serverSays', { message: d.message })));
  }
  if (!details.length) e.form.push((x) => x.t('serverSays', { message }));
  return e;
}

/** How many answers and needs a saved sitting holds, whether the server gives counts or lists. */
export function countOf(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (Array.isArray(v)) return v.length;
  return 0;
}
