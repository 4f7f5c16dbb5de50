/**
 * The signed-in side of the people's voice through the HTTP API: village meetings, who reads which
 * answers, moderation, contact details and their retention, needs and their links to projects.
 * Public answers are written straight into the table (the public endpoint is tested on its own).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../testing/test-app.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, VILLAGE, type ProjectsTestApp } from '../projects/test-fixtures.ts';
import { fiscalQuarterOf, fiscalYearOf, thaiDay } from '../../shared/fiscal.ts';
import { FEEDBACK_LIMITS } from '../../shared/feedback-types.ts';
import { purgeExpiredContacts } from './service.ts';

let s: ProjectsTestApp;
let t: TestApp;
/** Projects of the police and irrigation in sub-district 320101 (and the police one in a village of it). */
let policeNow: number;
let irrigationPast: number;
/** A police project of three years ago in 320101, one of this year only in 320102, an irrigation one in Narathiwat 960101. */
let policeOld: number;
let police320102: number;
let irrigationNara: number;
/** An area officer of Narathiwat, a police officer who also covers Narathiwat, a viewer of Narathiwat, an area officer without areas. */
let naraOfficer: string;
let policeNaraOfficer: string;
let naraViewer: string;
let noAreaOfficer: string;

const DAY = 86400_000;
const yesterday = () => thaiDay(new Date(Date.now() - DAY));

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
  policeNow = await createProject(s.police, { fiscalYear: FY_NOW, visibility: 'public', title: 'โครงการประปาหมู่บ้าน' });
  irrigationPast = await createProject(s.irrigation, { fiscalYear: FY_PAST, areaCodes: ['320101'], title: 'โครงการขุดลอกคลอง' });
  policeOld = await createProject(s.police, { fiscalYear: FY_NOW - 3, areaCodes: ['320101'], title: 'โครงการเก่า' });
  police320102 = await createProject(s.police, { fiscalYear: FY_NOW, areaCodes: ['320102'], title: 'โครงการตำบลอื่น' });
  irrigationNara = await createProject(s.irrigation, { fiscalYear: FY_NOW, areaCodes: ['960101'], title: 'โครงการฝายนราธิวาส' });
  naraOfficer = await t.userCookie('area_officer', { areaCodes: ['96'] });
  policeNaraOfficer = await t.userCookie('agency_officer', { agencyId: s.police, areaCodes: ['96'] });
  naraViewer = await t.userCookie('viewer', { areaCodes: ['96'] });
  // An area officer always gets areas, but can lose them (an area deleted from the registry takes its user_area rows).
  noAreaOfficer = await t.userCookie('area_officer', { areaCodes: ['3202'], username: 'lost-areas' });
  await t.db.query(`DELETE FROM user_area WHERE user_id = (SELECT id FROM app_user WHERE username = 'lost-areas')`);
});
after(async () => t?.close());

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

async function createProject(agency: number, over: Parameters<typeof projectInput>[1]): Promise<number> {
  const r = await req('POST', '/api/projects', s.admin, projectInput(agency, over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

/** The rows a sitting writes: nothing may change when one is refused. */
async function footprint(): Promise<number[]> {
  return [
    await count('SELECT count(*)::int n FROM feedback_meeting'),
    await count('SELECT count(*)::int n FROM feedback'),
    await count('SELECT count(*)::int n FROM need'),
    await count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'feedback_meeting'`),
  ];
}

/** A public answer written straight into the table, as the public board would store it. */
async function publicAnswer(projectId: number, sub: string, over: { comment?: string; village?: string | null; meets?: string } = {}): Promise<number> {
  const now = new Date();
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO feedback (project_id, province_code, subdistrict_code, village_code, meets, rating, comment, channel, client_key, ip_key, fiscal_year, quarter)
     VALUES ($1, substr($2, 1, 2), $2, $3, $4, 4, $5, 'public_web', md5(random()::text), md5(random()::text), $6, $7) RETURNING id`,
    [projectId, sub, over.village ?? null, over.meets ?? 'yes', over.comment ?? '', fiscalYearOf(now), fiscalQuarterOf(now)],
  );
  return Number(r.rows[0].id);
}

async function publicNeed(sub: string, description: string): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO need (province_code, subdistrict_code, category_code, description, channel, client_key, fiscal_year)
     VALUES (substr($1, 1, 2), $1, 'drought', $2, 'public_web', md5(random()::text), $3) RETURNING id`,
    [sub, description, fiscalYearOf(new Date())],
  );
  return Number(r.rows[0].id);
}

/** Contact details given `daysAgo` days ago, kept `keepDays` days after consent. */
async function contact(of: { feedbackId: number } | { needId: number }, daysAgo: number, keepDays = 180): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO public_contact (feedback_id, need_id, name, phone, email, consent_at, consent_version, delete_after)
     VALUES ($1, $2, 'นางสาวมาลี ศรีสุข', '089-111-2222', 'malee@example.org', now() - $3::int * interval '1 day', 'pdpa-2569-1',
             now() - $3::int * interval '1 day' + $4::int * interval '1 day') RETURNING id`,
    ['feedbackId' in of ? of.feedbackId : null, 'needId' in of ? of.needId : null, daysAgo, keepDays],
  );
  return Number(r.rows[0].id);
}

function sitting(over: Record<string, unknown> = {}, answers = 3): Record<string, unknown> {
  return {
    subdistrictCode: '320101',
    villageCode: VILLAGE,
    meetingDate: yesterday(),
    place: 'ศาลาประชาคมหมู่บ้าน',
    attendance: 45,
    channel: 'village_meeting',
    answers: Array.from({ length: answers }, (_, i) => ({ projectId: i % 2 ? irrigationPast : policeNow, meets: 'yes', rating: 4, comment: `ความเห็นที่ ${i + 1}` })),
    ...over,
  };
}

async function ids(cookie: string, query = ''): Promise<number[]> {
  const r = await req('GET', `/api/feedback?limit=500${query}`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items.map((x: any) => x.id);
}

test('a peace council sitting with 20 answers and 3 needs is stored with its channel and the period it was recorded in, audited once', async () => {
  const meets = ['yes', 'partly', 'no'];
  const body = sitting({
    channel: 'peace_council',
    note: 'ประชุมสภาสันติสุขตำบลประจำเดือน',
    answers: Array.from({ length: 20 }, (_, i) => ({
      projectId: i < 12 ? policeNow : irrigationPast, meets: meets[i % 3], rating: i === 10 ? '' : i % 5 === 0 ? null : String(i) === '7' ? '3' : (i % 5) + 1, comment: i < 3 ? `อยากให้ขยายท่อประปา ${i}` : '',
    })),
    needs: [
      { categoryCode: 'drought', description: 'ขาดแหล่งน้ำในฤดูแล้ง' },
      { categoryCode: 'drugs', description: 'ต้องการลานกีฬาให้เยาวชน', villageCode: null },
      { categoryCode: 'flood', description: 'ถนนน้ำท่วมขังหน้าโรงเรียน' },
    ],
  });
  const r = await req('POST', '/api/feedback/meetings', s.areaOfficer, body);
  assert.equal(r.statusCode, 201, r.body);
  const { id, answers, needs } = r.json();
  assert.deepEqual({ answers, needs }, { answers: 20, needs: 3 });

  const now = new Date();
  const stored = (await t.db.query<any>(
    `SELECT channel, subdistrict_code, village_code, fiscal_year, quarter, meets, rating, comment, client_key FROM feedback WHERE meeting_id = $1 ORDER BY id`, [id])).rows;
  assert.equal(stored.length, 20);
  assert.ok(stored.every((x) => x.channel === 'peace_council' && x.subdistrict_code === '320101' && x.village_code === VILLAGE && x.client_key === null));
  assert.ok(stored.every((x) => x.fiscal_year === fiscalYearOf(now) && Number(x.quarter) === fiscalQuarterOf(now)), 'the period of recording, not of the meeting');
  assert.deepEqual(stored.map((x) => x.meets), (body.answers as any[]).map((a) => a.meets), 'in the order given');
  assert.deepEqual(stored.slice(0, 11).map((x) => x.rating), [null, 2, 3, 4, 5, null, 2, 3, 4, 5, null], 'a rating left empty is no rating; "3" as text is 3');
  assert.equal(stored[1].comment, 'อยากให้ขยายท่อประปา 1');
  const storedNeeds = (await t.db.query<any>(`SELECT channel, category_code, village_code, project_id FROM need WHERE meeting_id = $1 ORDER BY id`, [id])).rows;
  assert.deepEqual(storedNeeds.map((x) => [x.channel, x.category_code, x.village_code, x.project_id]), [
    ['peace_council', 'drought', VILLAGE, null], ['peace_council', 'drugs', null, null], ['peace_council', 'flood', VILLAGE, null],
  ], 'a need without a village says so; one that leaves it out takes the sitting\'s');

  const audits = (await t.db.query<any>(`SELECT action, username, after FROM audit_log WHERE entity = 'feedback_meeting' AND entity_id = $1`, [String(id)])).rows;
  assert.equal(audits.length, 1, 'one audit row for the whole sitting');
  assert.equal(audits[0].action, 'create');
  assert.equal(audits[0].after.answers, 20);
  assert.equal(audits[0].after.needs, 3);
  assert.equal(audits[0].after.channel, 'peace_council');
  assert.equal(audits[0].after.attendance, 45);

  const list = await req('GET', `/api/feedback/meetings?subdistrictCode=320101&fiscalYear=${fiscalYearOf(now)}`, s.viewer);
  assert.equal(list.statusCode, 200, list.body);
  const m = list.json().items.find((x: any) => x.id === id);
  assert.ok(m, list.body);
  assert.equal(m.channel, 'peace_council');
  assert.equal(m.meetingDate, yesterday());
  assert.equal(m.answers, 20);
  assert.equal(m.needs, 3);
  assert.equal(m.villageTh, 'บ้านทดสอบ');
  assert.equal(m.place, 'ศาลาประชาคมหมู่บ้าน');
  assert.ok(m.recordedBy.startsWith('areaofficer'));
  const lastYear = await req('GET', `/api/feedback/meetings?fiscalYear=${fiscalYearOf(now) - 1}`, s.viewer);
  assert.equal(lastYear.json().items.some((x: any) => x.id === id), false, 'the sitting belongs to the year it was recorded in');
  const police = await req('GET', '/api/feedback/meetings', s.policeOfficer);
  assert.ok(police.json().items.some((x: any) => x.id === id), 'an agency without areas sees the sittings that answered its projects');
  const nara = await req('GET', '/api/feedback/meetings', naraOfficer);
  assert.equal(nara.json().items.some((x: any) => x.id === id), false, 'an officer of another province does not see it');

  const answersOf = await req('GET', `/api/feedback?channel=peace_council&projectId=${policeNow}&limit=500`, s.admin);
  assert.equal(answersOf.json().items.filter((x: any) => x.meetingId === id).length, 12);
});

test('one bad row refuses the whole sitting and names it: answers[6] is the seventh answer (rows count from 0)', async () => {
  const before = await footprint();
  const body = sitting({}, 10);
  (body.answers as any[])[6].rating = 7;
  const r = await req('POST', '/api/feedback/meetings', s.areaOfficer, body);
  assert.equal(r.statusCode, 400, r.body);
  assert.deepEqual(r.json().details, [{ row: 'answers[6]', field: 'rating', message: 'rating must be a whole number from 1 to 5 (or left out), got 7' }]);
  assert.match(r.json().message, /^the sitting was not recorded: answers\[6\]\.rating: rating must be a whole number from 1 to 5/);
  assert.match(r.json().message, /nothing was stored$/);
  assert.deepEqual(await footprint(), before, 'nothing stored');

  const future = thaiDay(new Date(Date.now() + 2 * DAY));
  const beYear = `${Number(yesterday().slice(0, 4)) + 543}${yesterday().slice(4)}`;
  const cases: Array<[string, Record<string, unknown>, (b: any) => void, string | undefined, string, RegExp]> = [
    ['project in another sub-district', {}, (b) => { b.answers[2].projectId = police320102; }, 'answers[2]', 'projectId', /does not reach sub-district 320101/],
    ['project three years old', {}, (b) => { b.answers[1].projectId = policeOld; }, 'answers[1]', 'projectId', new RegExp(`fiscal year ${FY_NOW - 3}: a sitting takes answers about projects of fiscal year ${FY_NOW} or ${FY_PAST}`)],
    ['unknown project', {}, (b) => { b.answers[0].projectId = 999999; }, 'answers[0]', 'projectId', /project 999999 does not exist/],
    ['project id in words', {}, (b) => { b.answers[0].projectId = 'ประปา'; }, 'answers[0]', 'projectId', /must be the number of a project/],
    ['unknown answer', {}, (b) => { b.answers[2].meets = 'maybe'; }, 'answers[2]', 'meets', /meets must be yes, partly, no, got "maybe"/],
    ['half a star', {}, (b) => { b.answers[3].rating = 4.5; }, 'answers[3]', 'rating', /whole number from 1 to 5 \(or left out\), got 4.5/],
    ['rating in words', {}, (b) => { b.answers[3].rating = 'ดีมาก'; }, 'answers[3]', 'rating', /got "ดีมาก"/],
    ['comment too long', {}, (b) => { b.answers[1].comment = 'ก'.repeat(FEEDBACK_LIMITS.commentChars + 1); }, 'answers[1]', 'comment', /longer than 2000 characters \(2001\)/],
    ['village of another sub-district', {}, (b) => { b.answers[0].villageCode = '32010201'; }, 'answers[0]', 'villageCode', /no village with code 32010201/],
    ['need of an unknown category', { needs: [{ categoryCode: 'drought', description: 'น้ำ' }, { categoryCode: 'witchcraft', description: 'ไสยศาสตร์' }] }, () => undefined, 'needs[1]', 'categoryCode', /unknown category "witchcraft"/],
    ['need without description', { needs: [{ categoryCode: 'drought', description: '   ' }] }, () => undefined, 'needs[0]', 'description', /required/],
    ['meeting in the future', { meetingDate: future }, () => undefined, undefined, 'meetingDate', /is in the future \(today is/],
    ['Buddhist Era date', { meetingDate: beYear }, () => undefined, undefined, 'meetingDate', /write the year in the Common Era/],
    ['impossible date', { meetingDate: '2025-02-30' }, () => undefined, undefined, 'meetingDate', /real date/],
    ['meeting long ago', { meetingDate: '2019-05-01' }, () => undefined, undefined, 'meetingDate', /before fiscal year/],
    ['public channel', { channel: 'public_web' }, () => undefined, undefined, 'channel', /village_meeting or peace_council.*public board/],
    ['no place', { place: ' ' }, () => undefined, undefined, 'place', /place is required/],
    ['nobody attended', { attendance: 0 }, () => undefined, undefined, 'attendance', /from 1 to 100000, got 0/],
    ['nothing recorded', { answers: [] }, () => undefined, undefined, 'answers', /at least one answer or one need/],
    ['unknown sub-district', { subdistrictCode: '329999', villageCode: null }, () => undefined, undefined, 'subdistrictCode', /no sub-district with code 329999/],
    ['a district', { subdistrictCode: '3201', villageCode: null }, () => undefined, undefined, 'subdistrictCode', /not a sub-district code/],
  ];
  for (const [what, over, edit, row, field, message] of cases) {
    const b = sitting(over, 4);
    edit(b);
    const res = await req('POST', '/api/feedback/meetings', s.areaOfficer, b);
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    const d = res.json().details.find((x: any) => x.field === field && x.row === row);
    assert.ok(d, `${what}: a detail names ${row ?? '(the sitting)'} ${field}: ${res.body}`);
    assert.match(d.message, message, what);
    assert.deepEqual(await footprint(), before, `${what}: nothing stored`);
  }

  const many = sitting({ needs: [{ categoryCode: 'drought', description: 'น้ำ' }] }, FEEDBACK_LIMITS.meetingRows);
  const big = await req('POST', '/api/feedback/meetings', s.admin, many);
  assert.equal(big.statusCode, 400, big.body.slice(0, 300));
  assert.match(big.json().message, /at most 1000 answers and needs together, got 1001/);
  assert.deepEqual(await footprint(), before);

  const several = sitting({}, 8);
  (several.answers as any[])[3].meets = 'ok';
  (several.answers as any[])[5].rating = 0;
  const two = await req('POST', '/api/feedback/meetings', s.admin, several);
  assert.deepEqual(two.json().details.map((x: any) => `${x.row}.${x.field}`), ['answers[3].meets', 'answers[5].rating'], 'every problem at once');
  assert.match(two.json().message, /\(and 1 more problem\)/);
});

test('a sitting is recorded only by administrators, analysts and area officers inside their areas', async () => {
  const before = await footprint();
  const nara = await req('POST', '/api/feedback/meetings', s.areaOfficer, sitting({
    subdistrictCode: '960101', villageCode: null, answers: [{ projectId: irrigationNara, meets: 'yes', rating: 5 }],
  }));
  assert.equal(nara.statusCode, 403, nara.body);
  assert.match(nara.json().message, /sub-district 960101 .* is outside your area scope \(3201\)/);
  for (const [who, cookie] of [['viewer', s.viewer], ['agency officer', s.policeOfficer], ['area officer without areas', noAreaOfficer]] as const) {
    const r = await req('POST', '/api/feedback/meetings', cookie, sitting());
    assert.equal(r.statusCode, 403, `${who}: ${r.body}`);
  }
  assert.deepEqual(await footprint(), before, 'nothing stored');
  const own = await req('POST', '/api/feedback/meetings', naraOfficer, sitting({
    subdistrictCode: '960101', villageCode: null, answers: [{ projectId: irrigationNara, meets: 'partly', rating: '3' }],
  }));
  assert.equal(own.statusCode, 201, own.body);
  const analyst = await req('POST', '/api/feedback/meetings', s.analyst, sitting({}, 2));
  assert.equal(analyst.statusCode, 201, analyst.body);
});

test('each role reads the answers it needs to know, and a hidden comment only as its moderators may', async () => {
  const police = await publicAnswer(policeNow, '320101', { comment: 'น้ำประปาไหลแรงดีมาก', village: VILLAGE });
  const hiddenOne = await publicAnswer(policeNow, '320101', { comment: 'ข้อความหยาบคาย', meets: 'no' });
  const irrigation = await publicAnswer(irrigationPast, '320101', { comment: '' });
  const nara = await publicAnswer(irrigationNara, '960101', { comment: 'ฝายช่วยได้มาก' });
  const mine = [police, hiddenOne, irrigation, nara];
  const hide = await req('POST', `/api/feedback/${hiddenOne}/hide`, s.admin, { reason: 'ถ้อยคำไม่สุภาพ' });
  assert.equal(hide.statusCode, 200, hide.body);

  const sees = async (cookie: string) => (await ids(cookie)).filter((id) => mine.includes(id)).sort((a, b) => a - b);
  assert.deepEqual(await sees(s.admin), mine);
  assert.deepEqual(await sees(s.analyst), mine);
  assert.deepEqual(await sees(s.viewer), mine, 'a viewer without areas reads every answer');
  assert.deepEqual(await sees(s.areaOfficer), [police, hiddenOne, irrigation], 'district 3201 only');
  assert.deepEqual(await sees(naraOfficer), [nara]);
  assert.deepEqual(await sees(naraViewer), [nara]);
  assert.deepEqual(await sees(noAreaOfficer), [], 'an area officer without areas reads nothing');
  assert.deepEqual(await sees(s.policeOfficer), [police, hiddenOne], 'an agency reads the answers about its own projects');
  assert.deepEqual(await sees(s.irrigationOfficer), [irrigation, nara], 'in any area');
  assert.deepEqual(await sees(policeNaraOfficer), [police, hiddenOne, nara], 'plus those in its areas');
  assert.deepEqual(await sees(s.noAgencyOfficer), []);

  const item = async (cookie: string, id: number) => (await req('GET', '/api/feedback?limit=500', cookie)).json().items.find((x: any) => x.id === id);
  const asAdmin = await item(s.admin, hiddenOne);
  assert.equal(asAdmin.comment, 'ข้อความหยาบคาย', 'moderators read the hidden text');
  assert.equal(asAdmin.hidden.reason, 'ถ้อยคำไม่สุภาพ');
  assert.ok(asAdmin.hidden.by.startsWith('admin'));
  assert.equal(asAdmin.meets, 'no');
  assert.equal((await item(s.areaOfficer, hiddenOne)).comment, 'ข้อความหยาบคาย', 'an area officer moderates in their area');
  for (const cookie of [s.viewer, s.policeOfficer]) {
    const other = await item(cookie, hiddenOne);
    assert.equal(other.comment, '');
    assert.deepEqual({ by: other.hidden.by, reason: other.hidden.reason }, { by: null, reason: 'ถ้อยคำไม่สุภาพ' });
    assert.equal(other.meets, 'no', 'the answer itself still counts');
  }
  const p = await item(s.viewer, police);
  assert.equal(p.comment, 'น้ำประปาไหลแรงดีมาก');
  assert.equal(p.villageTh, 'บ้านทดสอบ');
  assert.equal(p.projectTitle, 'โครงการประปาหมู่บ้าน');
  assert.equal(p.agencyId, s.police);
  assert.equal(p.channel, 'public_web');
  assert.equal(p.hidden, null);

  const only = (await ids(s.admin, '&hidden=only')).filter((id) => mine.includes(id));
  assert.deepEqual(only, [hiddenOne]);
  assert.equal((await ids(s.admin, '&hidden=exclude')).includes(hiddenOne), false);
  const withComment = async (cookie: string) => (await ids(cookie, '&withComment=true')).filter((id) => mine.includes(id)).sort((a, b) => a - b);
  assert.deepEqual(await withComment(s.admin), [police, hiddenOne, nara]);
  assert.deepEqual(await withComment(s.viewer), [police, nara], 'a hidden comment is no comment to those who cannot read it');

  const page1 = (await req('GET', `/api/feedback?projectId=${policeNow}&channel=public_web&limit=1`, s.admin)).json();
  const page2 = (await req('GET', `/api/feedback?projectId=${policeNow}&channel=public_web&limit=1&offset=1`, s.admin)).json();
  assert.equal(page1.total, 2);
  assert.equal(page2.total, 2);
  assert.deepEqual([page1.items[0].id, page2.items[0].id], [hiddenOne, police], 'newest first');
  const byAgency = (await req('GET', `/api/feedback?agencyId=${s.irrigation}&subdistrictCode=960101&channel=public_web`, s.admin)).json();
  assert.deepEqual(byAgency.items.map((x: any) => x.id), [nara]);
  assert.equal((await req('GET', '/api/feedback?quarter=5', s.admin)).statusCode, 400);
  assert.equal((await req('GET', '/api/feedback?hidden=sometimes', s.admin)).statusCode, 400);
});

test('hiding and showing a comment needs a reason and a moderator, and is audited with before and after', async () => {
  const a = await publicAnswer(policeNow, '320101', { comment: 'โฆษณาขายของ' });
  for (const body of [{}, { reason: '   ' }, { reason: 'ก'.repeat(501) }]) {
    const r = await req('POST', `/api/feedback/${a}/hide`, s.admin, body);
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json().message, /reason/);
  }
  assert.equal((await req('POST', `/api/feedback/${a}/hide`, s.viewer, { reason: 'สแปม' })).statusCode, 403);
  assert.equal((await req('POST', `/api/feedback/${a}/hide`, s.policeOfficer, { reason: 'สแปม' })).statusCode, 403, 'the project\'s agency does not moderate');
  assert.equal((await req('POST', `/api/feedback/${a}/hide`, naraOfficer, { reason: 'สแปม' })).statusCode, 404, 'outside the officer\'s areas');
  assert.equal((await req('POST', '/api/feedback/999999/hide', s.admin, { reason: 'สแปม' })).statusCode, 404);
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'feedback' AND entity_id = $1`, [String(a)]), 0, 'refusals are not changes');

  const hid = await req('POST', `/api/feedback/${a}/hide`, s.areaOfficer, { reason: '  โฆษณาสินค้า ไม่เกี่ยวกับโครงการ ' });
  assert.equal(hid.statusCode, 200, hid.body);
  assert.equal(hid.json().hidden.reason, 'โฆษณาสินค้า ไม่เกี่ยวกับโครงการ');
  assert.equal(hid.json().comment, 'โฆษณาขายของ');
  const stored = (await t.db.query<any>(`SELECT comment, hidden_reason, hidden_at FROM feedback WHERE id = $1`, [a])).rows[0];
  assert.equal(stored.comment, 'โฆษณาขายของ', 'the text is kept, only hidden');
  assert.ok(stored.hidden_at);
  const again = await req('POST', `/api/feedback/${a}/unhide`, s.admin);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().hidden, null);
  assert.equal((await req('POST', `/api/feedback/${a}/unhide`, s.admin)).statusCode, 409, 'nothing to show again');
  const audits = (await t.db.query<any>(`SELECT action, username, before, after FROM audit_log WHERE entity = 'feedback' AND entity_id = $1 ORDER BY id`, [String(a)])).rows;
  assert.deepEqual(audits.map((x) => x.action), ['hide', 'unhide']);
  assert.equal(audits[0].before.hidden, null);
  assert.equal(audits[0].after.hidden.reason, 'โฆษณาสินค้า ไม่เกี่ยวกับโครงการ');
  assert.ok(audits[0].username.startsWith('areaofficer'));
  assert.equal(audits[1].before.hidden.reason, 'โฆษณาสินค้า ไม่เกี่ยวกับโครงการ');
  assert.equal(audits[1].after.hidden, null);

  const n = await publicNeed('320101', 'เบอร์โทรขายยา 081-000-0000');
  assert.equal((await req('POST', `/api/needs/${n}/hide`, s.viewer, { reason: 'สแปม' })).statusCode, 403);
  const hn = await req('POST', `/api/needs/${n}/hide`, s.analyst, { reason: 'สแปม' });
  assert.equal(hn.statusCode, 200, hn.body);
  const asViewer = (await req('GET', '/api/needs?limit=500', s.viewer)).json().items.find((x: any) => x.id === n);
  assert.equal(asViewer.description, '', 'a hidden need reads empty to those who do not moderate');
  assert.equal(asViewer.hidden.by, null);
  const un = await req('POST', `/api/needs/${n}/unhide`, s.analyst);
  assert.equal(un.json().description, 'เบอร์โทรขายยา 081-000-0000');
  assert.deepEqual((await t.db.query<any>(`SELECT action FROM audit_log WHERE entity = 'need' AND entity_id = $1 ORDER BY id`, [String(n)])).rows.map((x) => x.action), ['hide', 'unhide']);
});

test('contact details: never listed, revealed to the allowed roles with each reveal audited, refused to a viewer, 404 when none or past retention', async () => {
  const a = await publicAnswer(policeNow, '320101', { comment: 'ติดต่อกลับได้' });
  const c = await contact({ feedbackId: a }, 3);
  const none = await publicAnswer(policeNow, '320101');
  const expired = await publicAnswer(policeNow, '320101');
  await contact({ feedbackId: expired }, 200);

  const listed = await req('GET', `/api/feedback?projectId=${policeNow}&limit=500`, s.admin);
  assert.ok(!listed.body.includes('089-111-2222') && !listed.body.includes('malee@example.org') && !listed.body.includes('มาลี'), 'no listing carries contact details');
  const flags = Object.fromEntries(listed.json().items.map((x: any) => [x.id, x.hasContact]));
  assert.deepEqual([flags[a], flags[none], flags[expired]], [true, false, false]);

  const reads = () => count(`SELECT count(*)::int n FROM audit_log WHERE action = 'contact.read' AND entity_id = $1`, [String(c)]);
  for (const [who, cookie, status] of [
    ['viewer', s.viewer, 403], ['another agency covering the area', await t.userCookie('agency_officer', { agencyId: s.irrigation, areaCodes: ['3201'] }), 403],
    ['another agency', s.irrigationOfficer, 404], ['area officer elsewhere', naraOfficer, 404],
  ] as const) {
    const r = await req('GET', `/api/feedback/${a}/contact`, cookie);
    assert.equal(r.statusCode, status, `${who}: ${r.body}`);
    assert.ok(!r.body.includes('089-111-2222'), who);
  }
  assert.equal(await reads(), 0, 'a refused reveal reveals nothing');

  let n = 0;
  for (const [who, cookie] of [['admin', s.admin], ['analyst', s.analyst], ['area officer', s.areaOfficer], ['the project\'s agency', s.policeOfficer]] as const) {
    const r = await req('GET', `/api/feedback/${a}/contact`, cookie);
    assert.equal(r.statusCode, 200, `${who}: ${r.body}`);
    const v = r.json();
    assert.deepEqual([v.name, v.phone, v.email, v.consentVersion], ['นางสาวมาลี ศรีสุข', '089-111-2222', 'malee@example.org', 'pdpa-2569-1']);
    assert.equal(new Date(v.deleteAfter).getTime() - new Date(v.consentAt).getTime(), 180 * DAY);
    n += 1;
    assert.equal(await reads(), n, `${who}: the reveal is audited`);
  }
  const audit = (await t.db.query<any>(`SELECT username, entity, details, before, after FROM audit_log WHERE action = 'contact.read' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [String(c)])).rows[0];
  assert.equal(audit.entity, 'public_contact');
  assert.deepEqual(audit.details, { feedbackId: a });
  assert.ok(audit.username.startsWith('agencyofficer'));
  assert.ok(!JSON.stringify(audit).includes('089-111-2222'), 'the audit never keeps the details');

  const no = await req('GET', `/api/feedback/${none}/contact`, s.admin);
  assert.equal(no.statusCode, 404);
  assert.match(no.json().message, new RegExp(`answer ${none} has no contact details: none were given, or they were deleted when their retention of 180 days ended`));
  assert.equal((await req('GET', `/api/feedback/${expired}/contact`, s.admin)).statusCode, 404, 'past retention even before the hourly purge ran');

  const need = await publicNeed('320101', 'ขอไฟส่องสว่างทางเข้าหมู่บ้าน');
  await contact({ needId: need }, 1);
  const needListed = await req('GET', '/api/needs?limit=500', s.admin);
  assert.ok(!needListed.body.includes('089-111-2222'));
  assert.equal(needListed.json().items.find((x: any) => x.id === need).hasContact, true);
  assert.equal((await req('GET', `/api/needs/${need}/contact`, s.viewer)).statusCode, 403);
  assert.equal((await req('GET', `/api/needs/${need}/contact`, s.policeOfficer)).statusCode, 403, 'agencies do not read the contacts of needs');
  assert.equal((await req('GET', `/api/needs/${need}/contact`, naraOfficer)).statusCode, 404);
  const nc = await req('GET', `/api/needs/${need}/contact`, s.areaOfficer);
  assert.equal(nc.statusCode, 200, nc.body);
  assert.equal(nc.json().phone, '089-111-2222');
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log WHERE action = 'contact.read' AND details ->> 'needId' = $1`, [String(need)]), 1);
});

test('a shorter retention moves every contact\'s deletion date and deletes those already past it; the hourly purge deletes and audits', async () => {
  await t.db.query('DELETE FROM public_contact');
  const old = await contact({ feedbackId: await publicAnswer(policeNow, '320101') }, 100);
  const recent = await contact({ feedbackId: await publicAnswer(policeNow, '320101') }, 10);
  const settings = await req('GET', '/api/feedback/settings', s.viewer);
  assert.deepEqual(settings.json(), { contactRetentionDays: 180, evaluationMinAnswers: 5 });

  assert.equal((await req('PUT', '/api/feedback/settings', s.analyst, { contactRetentionDays: 30, evaluationMinAnswers: 5 })).statusCode, 403);
  for (const [body, field] of [
    [{ contactRetentionDays: 0, evaluationMinAnswers: 5 }, 'contactRetentionDays'],
    [{ contactRetentionDays: 3651, evaluationMinAnswers: 5 }, 'contactRetentionDays'],
    [{ contactRetentionDays: 30, evaluationMinAnswers: 1001 }, 'evaluationMinAnswers'],
    [{ contactRetentionDays: '30 days', evaluationMinAnswers: 5 }, 'contactRetentionDays'],
  ] as const) {
    const r = await req('PUT', '/api/feedback/settings', s.admin, body);
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(r.json().details.map((d: any) => d.field), [field]);
  }
  assert.equal(await count('SELECT count(*)::int n FROM public_contact'), 2, 'a refused change deletes nothing');

  const put = await req('PUT', '/api/feedback/settings', s.admin, { contactRetentionDays: 30, evaluationMinAnswers: 8 });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json(), { contactRetentionDays: 30, evaluationMinAnswers: 8 });
  assert.deepEqual((await req('GET', '/api/feedback/settings', s.viewer)).json(), { contactRetentionDays: 30, evaluationMinAnswers: 8 });
  const left = (await t.db.query<any>(`SELECT id, delete_after - consent_at = interval '30 days' AS moved FROM public_contact`)).rows;
  assert.deepEqual(left.map((x) => [Number(x.id), x.moved]), [[recent, true]], `contact ${old} (100 days old) is deleted, ${recent} now goes after 30 days`);
  const audits = (await t.db.query<any>(`SELECT entity, action, before, after, details FROM audit_log WHERE entity IN ('feedback_settings', 'public_contact') AND action IN ('update', 'purge') ORDER BY id`)).rows;
  assert.equal(audits.length, 2, JSON.stringify(audits));
  assert.deepEqual([audits[0].entity, audits[0].action, audits[0].details.deleted], ['public_contact', 'purge', 1]);
  assert.deepEqual(audits[1].before, { contactRetentionDays: 180, evaluationMinAnswers: 5 });
  assert.deepEqual(audits[1].after, { contactRetentionDays: 30, evaluationMinAnswers: 8 });
  assert.deepEqual(audits[1].details, { contactsRescheduled: 2, contactsDeleted: 1 });

  const purgeRows = () => count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'public_contact' AND action = 'purge'`);
  assert.equal(await purgeExpiredContacts(t.db, new Date(Date.now() + 10 * DAY)), 0, 'still within 30 days of consent');
  assert.equal(await purgeRows(), 1, 'nothing deleted, nothing audited');
  assert.equal(await purgeExpiredContacts(t.db, new Date(Date.now() + 21 * DAY)), 1);
  assert.equal(await count('SELECT count(*)::int n FROM public_contact'), 0);
  const last = (await t.db.query<any>(`SELECT user_id, details FROM audit_log WHERE entity = 'public_contact' AND action = 'purge' ORDER BY id DESC LIMIT 1`)).rows[0];
  assert.equal(last.user_id, null);
  assert.equal(last.details.deleted, 1);
  assert.equal(await purgeRows(), 2);

  const back = await req('PUT', '/api/feedback/settings', s.admin, { contactRetentionDays: 180, evaluationMinAnswers: 5 });
  assert.equal(back.statusCode, 200, back.body);
});

test('needs: open and answered, linked to a project that reaches their sub-district, by an agency only to its own projects, audited', async () => {
  const need = await publicNeed('320101', 'ต้องการน้ำประปาที่สะอาด');
  const open = async (cookie: string) => (await req('GET', '/api/needs?status=open&limit=500', cookie)).json().items.map((x: any) => x.id);
  assert.ok((await open(s.policeOfficer)).includes(need), 'agencies see the needs they plan for');
  assert.equal((await open(naraOfficer)).includes(need), false);
  assert.deepEqual(await open(noAreaOfficer), []);

  const before = () => count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'need' AND entity_id = $1`, [String(need)]);
  const other = await req('POST', `/api/needs/${need}/link`, s.irrigationOfficer, { projectId: policeNow });
  assert.equal(other.statusCode, 403, other.body);
  assert.match(other.json().message, /belongs to another agency/);
  const far = await req('POST', `/api/needs/${need}/link`, s.admin, { projectId: police320102 });
  assert.equal(far.statusCode, 400, far.body);
  assert.equal(far.json().details[0].field, 'projectId');
  assert.match(far.json().message, /does not reach sub-district 320101/);
  assert.equal((await req('POST', `/api/needs/${need}/link`, s.admin, { projectId: 999999 })).statusCode, 400);
  assert.equal((await req('POST', `/api/needs/${need}/link`, s.viewer, { projectId: policeNow })).statusCode, 403);
  assert.equal((await req('POST', `/api/needs/${need}/link`, naraOfficer, { projectId: policeNow })).statusCode, 404);
  assert.equal(await before(), 0);
  assert.equal((await t.db.query<any>('SELECT project_id FROM need WHERE id = $1', [need])).rows[0].project_id, null, 'refusals link nothing');

  const linked = await req('POST', `/api/needs/${need}/link`, s.policeOfficer, { projectId: policeNow });
  assert.equal(linked.statusCode, 200, linked.body);
  assert.deepEqual(linked.json().project, { id: policeNow, title: 'โครงการประปาหมู่บ้าน', agencyId: s.police });
  assert.equal((await open(s.admin)).includes(need), false);
  const answered = (await req('GET', '/api/needs?status=answered&subdistrictCode=320101&categoryCode=drought&limit=500', s.admin)).json();
  assert.ok(answered.items.some((x: any) => x.id === need));
  assert.ok(answered.items.every((x: any) => x.project !== null && x.categoryCode === 'drought'));

  const steal = await req('POST', `/api/needs/${need}/link`, s.irrigationOfficer, { projectId: irrigationPast });
  assert.equal(steal.statusCode, 403, 'an agency does not replace another agency\'s link');
  assert.equal((await req('POST', `/api/needs/${need}/unlink`, s.irrigationOfficer)).statusCode, 403);
  const relink = await req('POST', `/api/needs/${need}/link`, s.areaOfficer, { projectId: irrigationPast });
  assert.equal(relink.statusCode, 200, relink.body);
  assert.equal(relink.json().project.id, irrigationPast);
  const unlinked = await req('POST', `/api/needs/${need}/unlink`, s.irrigationOfficer);
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  assert.equal(unlinked.json().project, null);
  assert.equal((await req('POST', `/api/needs/${need}/unlink`, s.admin)).statusCode, 409);

  const audits = (await t.db.query<any>(`SELECT action, before, after FROM audit_log WHERE entity = 'need' AND entity_id = $1 ORDER BY id`, [String(need)])).rows;
  assert.deepEqual(audits.map((x) => [x.action, x.before.projectId, x.after.projectId]), [
    ['link', null, policeNow], ['link', policeNow, irrigationPast], ['unlink', irrigationPast, null],
  ]);
});
