/** What the people's-voice page reads from its meeting form, how it words shares, and where it places the server's row errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate, type I18n } from '../../i18n.tsx';
import { th, type MessageKey } from '../../messages.ts';
import { formatDate, formatFiscalQuarter, formatFiscalYear } from '../../../shared/fiscal.ts';
import {
  canLinkNeeds, canModerate, canRecord, canRecompute, canRevealContact, canUnlinkNeed, dayInstant, earliestMeetingDay, errorPlace, inMyScope, meetingProjectYears,
  percent, placeServerErrors, rating, readMeetingForm, shares, stars, touchesMyScope, type MeetingForm,
} from './feedback-text.ts';

const i: I18n = {
  lang: 'th',
  setLang: () => undefined,
  t: (key: MessageKey, params) => interpolate(th[key], params),
  num: (n, digits = 0) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(n),
  date: (iso, opts) => formatDate(typeof iso === 'string' ? new Date(iso) : iso, 'th', opts),
  fiscalYear: (fy) => formatFiscalYear(fy, 'th'),
  fiscalQuarter: (fy, q) => formatFiscalQuarter(fy, q, 'th'),
  label: (x) => x.labelTh,
  name: (x) => x.nameTh,
  areaTitle: (x) => x.nameTh,
};

// 1 December 2026 at 22:57 UTC is 2 December 2569 in Thailand: fiscal year 2570.
const NOW = new Date('2026-12-01T22:57:00Z');

const form = (f: Partial<MeetingForm> = {}): MeetingForm => ({
  subdistrictCode: '980101',
  villageCode: '',
  meetingDate: '2026-11-20',
  place: 'ศาลาประชาคมหมู่ที่ 3',
  attendance: '45',
  channel: 'village_meeting',
  note: '',
  answers: [{ key: 1, projectId: '12', meets: 'yes', rating: '4', comment: ' ดีมาก ', villageCode: '98010103' }],
  needs: [],
  ...f,
});

test('who may do what follows the server roles', () => {
  const u = (role: any, agencyId: number | null = null) => ({ role, agencyId, areaCodes: [] as string[] });
  assert.deepEqual(['admin', 'analyst', 'agency_officer', 'area_officer', 'viewer'].map((r) => canModerate(u(r))), [true, true, false, true, false]);
  assert.deepEqual(['admin', 'analyst', 'agency_officer', 'area_officer', 'viewer'].map((r) => canRecord(u(r))), [true, true, false, true, false]);
  assert.deepEqual(['admin', 'analyst', 'agency_officer', 'area_officer', 'viewer'].map((r) => canRecompute(u(r))), [true, true, false, false, false]);
  assert.equal(canRevealContact(u('agency_officer', 4), 4), true, 'the officer of the project agency');
  assert.equal(canRevealContact(u('agency_officer', 4), 5), false, 'another agency');
  assert.equal(canRevealContact(u('agency_officer', 4), null), false, 'a need no project answers');
  assert.equal(canRevealContact(u('viewer'), 4), false);
  assert.equal(canLinkNeeds(u('agency_officer')), false, 'an officer without an agency has no project to link');
  assert.equal(canLinkNeeds(u('viewer')), false);
  assert.equal(canUnlinkNeed(u('agency_officer', 4), 5), false, "another agency's link stays");
  assert.equal(canUnlinkNeed(u('analyst'), 5), true);
});

test('the area pickers offer the areas of the scope and the districts above it', () => {
  const officer = { role: 'area_officer' as const, areaCodes: ['980101'] };
  assert.equal(inMyScope(officer, '980101'), true);
  assert.equal(inMyScope(officer, '980102'), false);
  assert.equal(touchesMyScope(officer, '9801'), true, 'the district holding the sub-district');
  assert.equal(touchesMyScope(officer, '98'), true);
  assert.equal(touchesMyScope(officer, '9802'), false);
  assert.equal(inMyScope({ role: 'area_officer', areaCodes: [] }, '980101'), false, 'an area officer with no scope sees nothing');
  assert.equal(inMyScope({ role: 'analyst', areaCodes: [] }, '980101'), true);
});

test('shares and ratings are read as people read them, never NaN', () => {
  assert.equal(percent(0.625, i), '62.5%');
  assert.equal(percent(2 / 3, i), '66.7%');
  assert.equal(percent(1, i), '100%');
  assert.equal(percent(null, i), '—');
  assert.equal(percent(Number.NaN, i), '—');
  assert.equal(rating(3.84, i), '3.8');
  assert.equal(rating(null, i), '—');
  assert.deepEqual(shares({ answers: 0, yes: 0, partly: 0, no: 0 }), { yes: null, partly: null, no: null });
  assert.deepEqual(shares({ answers: 4, yes: 2, partly: 1, no: 1 }), { yes: 0.5, partly: 0.25, no: 0.25 });
  assert.equal(stars(3).text, '★★★☆☆');
  assert.equal(stars(3).label(i), 'คะแนน 3 จาก 5');
  assert.equal(stars(null).label(i), 'ไม่ได้ให้คะแนน');
});

test('a day is a real day, shown in the Buddhist Era', () => {
  assert.equal(i.date(dayInstant('2025-11-14')!, { long: true }), '14 พฤศจิกายน 2568');
  assert.equal(dayInstant('2025-02-30'), null);
  assert.equal(dayInstant('14/11/2568'), null);
  assert.deepEqual(meetingProjectYears(NOW), [2570, 2569]);
  assert.equal(earliestMeetingDay(NOW), '2025-10-01', 'fiscal year 2569 began on 1 October 2025 (2568)');
});

test('the meeting form becomes the body of POST /api/feedback/meetings', () => {
  const r = readMeetingForm(form(), NOW);
  assert.deepEqual(r.input, {
    subdistrictCode: '980101', villageCode: null, meetingDate: '2026-11-20', place: 'ศาลาประชาคมหมู่ที่ 3', attendance: 45, channel: 'village_meeting', note: '',
    answers: [{ projectId: 12, meets: 'yes', rating: 4, comment: 'ดีมาก', villageCode: '98010103' }],
    needs: [],
  });
  assert.equal(readMeetingForm(form({ attendance: '๔๕' }), NOW).input?.attendance, 45, 'Thai digits');
  assert.equal(readMeetingForm(form({ answers: [{ key: 1, projectId: '12', meets: 'no', rating: '', comment: '', villageCode: '' }] }), NOW).input?.answers[0].rating, null);
});

test('blank rows are left out and the rows sent keep their keys on screen', () => {
  const r = readMeetingForm(form({
    answers: [
      { key: 7, projectId: '', meets: '', rating: '', comment: '', villageCode: '98010103' },
      { key: 8, projectId: '12', meets: 'partly', rating: '', comment: '', villageCode: '' },
      { key: 9, projectId: '12', meets: '', rating: '', comment: '  ', villageCode: '' },
    ],
    needs: [{ key: 10, categoryCode: 'drugs', description: 'ขอให้มีจุดตรวจ', villageCode: '' }],
  }), NOW);
  assert.equal(r.input?.answers.length, 1, 'the rows nobody typed into are not sent');
  assert.deepEqual(r.rowKeys, { answers: [8], needs: [10] });
});

test('what the page can check is named on its row and field, in Thai', () => {
  const r = readMeetingForm(form({
    place: ' ',
    attendance: '0',
    meetingDate: '2026-12-03',
    answers: [
      { key: 1, projectId: '12', meets: 'yes', rating: '', comment: '', villageCode: '' },
      { key: 2, projectId: '', meets: 'no', rating: '5', comment: 'x'.repeat(2001), villageCode: '' },
    ],
    needs: [{ key: 3, categoryCode: '', description: 'น้ำประปาไม่พอใช้', villageCode: '' }],
  }), NOW);
  assert.equal(r.input, null);
  assert.equal(r.errors.meeting.place(i), 'กรุณาระบุสถานที่จัดเวที');
  assert.equal(r.errors.meeting.attendance(i), 'กรุณาระบุจำนวนผู้เข้าร่วมเป็นตัวเลข 1 ถึง 100,000 คน');
  assert.equal(r.errors.meeting.meetingDate(i), 'วันที่จัดเวทีต้องไม่เป็นวันในอนาคต', '3 December is tomorrow in Thailand');
  assert.equal(r.errors.answers[1], undefined, 'the good row has no error');
  assert.equal(r.errors.answers[2].projectId(i), 'กรุณาเลือกโครงการ');
  assert.equal(r.errors.answers[2].comment(i), 'ข้อความยาวเกิน 2,000 ตัวอักษร');
  assert.equal(r.errors.needs[3].categoryCode(i), 'กรุณาเลือกประเด็น');
  assert.equal(readMeetingForm(form({ meetingDate: '2025-09-30' }), NOW).errors.meeting.meetingDate(i), 'บันทึกได้เฉพาะเวทีในปีงบประมาณปัจจุบันหรือปีก่อนหน้า (ตั้งแต่วันที่ 1 ตุลาคม 2568)');
  assert.equal(readMeetingForm(form({ answers: [] }), NOW).errors.form[0](i), 'กรุณาบันทึกคำตอบหรือความต้องการอย่างน้อย 1 รายการ');
});

test('the server names rows in its own way and in the validator\'s; both are read', () => {
  assert.deepEqual(errorPlace({ row: 'answers[3]', field: 'rating' }), { list: 'answers', index: 3, field: 'rating' });
  assert.deepEqual(errorPlace({ row: 'needs[0]', field: 'categoryCode' }), { list: 'needs', index: 0, field: 'categoryCode' });
  assert.deepEqual(errorPlace({ field: 'answers.2.projectId' }), { list: 'answers', index: 2, field: 'projectId' });
  assert.deepEqual(errorPlace({ field: 'answers[5].comment' }), { list: 'answers', index: 5, field: 'comment' });
  assert.deepEqual(errorPlace({ field: 'place' }), { list: null, index: null, field: 'place' });
  assert.deepEqual(errorPlace({ field: 'answers' }), { list: null, index: null, field: 'answers' });
});

test("the server's refusal lands on the row on screen, even with blank rows left out", () => {
  const e = placeServerErrors(
    [
      { row: 'answers[1]', field: 'projectId', message: 'project 44 does not exist' },
      { field: 'meetingDate', message: 'meeting date must be a real date' },
      { field: 'answers', message: 'a sitting needs at least one answer or one need' },
      { row: 'answers[9]', field: 'meets', message: 'no such row' },
    ],
    'the sitting was not recorded',
    { answers: [8, 11], needs: [] },
  );
  assert.equal(e.answers[11].projectId(i), 'รายละเอียดจากระบบ: project 44 does not exist', 'the second row sent is the row keyed 11');
  assert.equal(e.answers[8], undefined);
  assert.equal(e.meeting.meetingDate(i), 'รายละเอียดจากระบบ: meeting date must be a real date');
  assert.deepEqual(e.form.map((m) => m(i)), [
    'คำตอบ: รายละเอียดจากระบบ: a sitting needs at least one answer or one need',
    'ตรงความต้องการหรือไม่: รายละเอียดจากระบบ: no such row',
  ]);
  assert.deepEqual(placeServerErrors([], 'sub-district 999999 is outside your area scope', { answers: [], needs: [] }).form.map((m) => m(i)), [
    'รายละเอียดจากระบบ: sub-district 999999 is outside your area scope',
  ]);
});
