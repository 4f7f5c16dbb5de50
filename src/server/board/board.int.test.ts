/**
 * The public board through HTTP without a session: its pages and JSON show the public projects of
 * this fiscal year reaching the sub-district, with only their public fields, the evaluation from
 * the snapshots and the visible comments as text; never an internal project, a non-public field,
 * an incident, contact details, a need or a hidden comment, whatever the query says. Its forms go
 * to the public feedback service and answer with a thank-you page or the form with the errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ROOT } from '../testing/test-db.ts';
import type { TestApp } from '../testing/test-app.ts';
import { fiscalQuarterOf } from '../../shared/fiscal.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, VILLAGE, type ProjectsTestApp } from '../projects/test-fixtures.ts';

let s: ProjectsTestApp;
let t: TestApp;
const Q_NOW = fiscalQuarterOf(new Date());

/** Texts that must never reach the public: each marks one kind of data the board must not show. */
const SECRET = {
  internalTitle: 'โครงการภายในห้ามเผยแพร่',
  pastTitle: 'โครงการปีก่อนของตำบล',
  elsewhereTitle: 'โครงการตำบลตั้งใจเท่านั้น',
  objectives: 'วัตถุประสงค์ที่ไม่เปิดเผย',
  budget: 987654,
  phone: '081-234-5678',
  responsible: 'นายผู้รับผิดชอบไม่เปิดเผย',
  hidden: 'ความเห็นที่ผู้ดูแลซ่อนแล้ว',
  hiddenReason: 'เหตุผลการซ่อนความเห็น',
  internalComment: 'ความเห็นของโครงการภายใน',
  contactName: 'นางสาวข้อมูลติดต่อ',
  contactPhone: '089-765-4321',
  contactEmail: 'person.secret@example.com',
  need: 'ความต้องการที่ยังไม่เผยแพร่',
  incident: 'รายละเอียดเหตุการณ์ห้ามเผยแพร่',
};

let pub = 0; // public, FY now, 320101 and its village, default public fields, a line geometry
let statusOnly = 0; // public, FY now, 320101, only its status public
let internal = 0; // internal, FY now, 320101
let past = 0; // public, last fiscal year, 320101
let elsewhere = 0; // public, FY now, 320102 only
let narathiwat = 0; // public, FY now, 960101

async function create(over: Parameters<typeof projectInput>[1]): Promise<number> {
  const r = await requestAs(t, 'POST', '/api/projects', s.analyst, projectInput(s.police, over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

async function feedback(projectId: number, sub: string, comment: string, opts: { hidden?: boolean; village?: string | null; at?: string } = {}): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO feedback (project_id, province_code, subdistrict_code, village_code, meets, rating, comment, channel, received_at, fiscal_year, quarter, hidden_at, hidden_reason)
     VALUES ($1, substr($2, 1, 2), $2, $3, 'yes', 4, $4, 'public_web', $5::timestamptz, $6, $7, $8, $9) RETURNING id`,
    [projectId, sub, opts.village ?? null, comment, opts.at ?? new Date().toISOString(), FY_NOW, Q_NOW, opts.hidden ? new Date() : null, opts.hidden ? SECRET.hiddenReason : null],
  );
  return Number(r.rows[0].id);
}

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
  pub = await create({
    fiscalYear: FY_NOW, title: 'โครงการฝายชะลอน้ำเพื่อประชาชน', visibility: 'public', areaCodes: ['320101', VILLAGE],
    startDate: `${FY_NOW - 544}-11-01`, endDate: `${FY_NOW - 543}-06-30`, responsibleName: SECRET.responsible, responsiblePhone: SECRET.phone,
    geometry: { type: 'LineString', coordinates: [[103.49, 14.88], [103.5, 14.89]] },
  });
  statusOnly = await create({
    fiscalYear: FY_NOW, title: 'โครงการเปิดเผยเฉพาะสถานะ', visibility: 'public', publicFields: ['status'], areaCodes: ['320101'],
    objectives: SECRET.objectives, budgetBaht: SECRET.budget, startDate: `${FY_NOW - 544}-12-24`, endDate: `${FY_NOW - 543}-01-31`,
    plannedOutputs: [{ name: 'ผลผลิตที่ไม่เปิดเผย', unit: 'ชิ้น', target: 3 }],
  });
  internal = await create({ fiscalYear: FY_NOW, title: SECRET.internalTitle, visibility: 'internal', areaCodes: ['320101'] });
  past = await create({ fiscalYear: FY_PAST, title: SECRET.pastTitle, visibility: 'public', areaCodes: ['320101'] });
  elsewhere = await create({ fiscalYear: FY_NOW, title: SECRET.elsewhereTitle, visibility: 'public', areaCodes: ['320102'] });
  narathiwat = await create({ fiscalYear: FY_NOW, title: 'โครงการของนราธิวาส', visibility: 'public', areaCodes: ['960101'] });

  // Quarterly progress of the public project and of the one that keeps its progress to itself.
  for (const id of [pub, statusOnly]) {
    await t.db.query(`INSERT INTO project_progress (project_id, fiscal_year, quarter, percent_done, spent_baht) VALUES ($1, $2, 1, 35, 1000)`, [id, FY_NOW]);
  }

  await feedback(pub, '320101', 'ฝายช่วยให้มีน้ำใช้ในหน้าแล้ง', { village: VILLAGE, at: new Date(Date.now() - 3600_000).toISOString() });
  await feedback(pub, '320101', '<script>alert("xss")</script><img src=x onerror=alert(1)>');
  await feedback(pub, '320101', SECRET.hidden, { hidden: true });
  await feedback(internal, '320101', SECRET.internalComment);
  const withContact = await feedback(statusOnly, '320101', 'อยากให้ติดต่อกลับ');
  await t.db.query(
    `INSERT INTO public_contact (feedback_id, name, phone, email, consent_at, consent_version, delete_after) VALUES ($1, $2, $3, $4, now(), 'pdpa-2569-1', now() + interval '180 days')`,
    [withContact, SECRET.contactName, SECRET.contactPhone, SECRET.contactEmail],
  );
  await t.db.query(
    `INSERT INTO need (province_code, subdistrict_code, category_code, description, channel, fiscal_year) VALUES ('32', '320101', 'drought', $1, 'public_web', $2)`,
    [SECRET.need, FY_NOW],
  );
  for (const classification of ['public', 'internal', 'restricted']) {
    await t.db.query(
      `INSERT INTO incident (category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code, severity, source, classification, description)
       SELECT c.id, now(), a.label_point, ST_X(ST_Transform(a.label_point, 3857)), ST_Y(ST_Transform(a.label_point, 3857)), a.code, '3201', '32', 3, 'agency', $1, $2
       FROM area a, category c WHERE a.code = '320101' AND c.code = 'drugs'`,
      [classification, `${SECRET.incident} ${classification}`],
    );
  }
  // The evaluation of this quarter and year as the evaluation module stores it.
  const snap = async (quarter: number) => Number((await t.db.query<{ id: number }>(
    `INSERT INTO evaluation_snapshot (province_code, fiscal_year, quarter, state, min_answers, answers) VALUES ('32', $1, $2, 'provisional', 5, 20) RETURNING id`,
    [FY_NOW, quarter],
  )).rows[0].id);
  const qSnap = await snap(Q_NOW);
  const ySnap = await snap(0);
  const line = (snapshot: number, key: number, c: [number, number, number, number, number, number]) => t.db.query(
    `INSERT INTO evaluation_row (snapshot_id, dimension, key, answers, yes, partly, no, rated, rating_sum) VALUES ($1, 'project', $2, $3, $4, $5, $6, $7, $8)`,
    [snapshot, String(key), ...c],
  );
  await line(qSnap, pub, [6, 4, 1, 1, 6, 24]);
  await line(qSnap, statusOnly, [2, 0, 1, 1, 2, 5]);
  await line(qSnap, internal, [9, 9, 0, 0, 9, 45]);
  await line(ySnap, pub, [10, 7, 2, 1, 10, 41]);
});
after(async () => t?.close());

/** Asserts a page matches, without printing the whole page when it does not. */
function has(body: string, re: RegExp, where = 'the page'): void {
  assert.ok(re.test(body), `${where} does not match ${re}`);
}

/** A request without any session. */
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

function assertNothingSecret(body: string, where: string): void {
  for (const [what, value] of Object.entries(SECRET)) {
    assert.ok(!body.includes(String(value)), `${where} shows ${what} (${value})`);
  }
  assert.ok(!body.includes(new Intl.NumberFormat('th-TH').format(SECRET.budget)), `${where} shows the hidden budget`);
  assert.ok(!body.includes(new Intl.NumberFormat('en-US').format(SECRET.budget)), `${where} shows the hidden budget`);
  for (const id of [internal, past, elsewhere]) {
    assert.ok(!body.includes(`/p/${id}"`) && !body.includes(`"id":${id},`), `${where} links to project ${id}, which is not on this board`);
  }
}

test('the JSON board of a sub-district: public projects of this year, public fields only, evaluation of the quarter and year, visible comments', async () => {
  const r = await get('/api/public/subdistricts/320101');
  assert.equal(r.statusCode, 200, r.body);
  const b = r.json();
  assert.equal(b.fiscalYear, FY_NOW);
  assert.equal(b.quarter, Q_NOW);
  assert.equal(b.area.code, '320101');
  assert.equal(b.area.nameTh, 'ในเมือง');
  assert.equal(b.area.districtEn, 'Mueang Surin');
  assert.deepEqual(b.area.villages.map((v: any) => v.code), [VILLAGE]);
  assert.equal(b.area.bbox.length, 4);
  assert.deepEqual(b.projects.map((p: any) => p.id).sort(), [pub, statusOnly].sort());

  const p = b.projects.find((x: any) => x.id === pub);
  assert.equal(p.title, 'โครงการฝายชะลอน้ำเพื่อประชาชน');
  assert.equal(p.agency.nameTh, 'ตำรวจภูธรจังหวัดสุรินทร์');
  assert.deepEqual(p.publicFields, ['objectives', 'budget', 'schedule', 'status', 'progress']);
  assert.equal(p.budget.baht, 250000);
  assert.equal(p.objectives, 'เพิ่มแหล่งน้ำเพื่อการเกษตรในฤดูแล้ง');
  assert.deepEqual(p.schedule, { startDate: `${FY_NOW - 544}-11-01`, endDate: `${FY_NOW - 543}-06-30` });
  assert.deepEqual(p.progress, { percentDone: 35, fiscalYear: FY_NOW, quarter: 1 });
  assert.equal(p.responsibleName, null, 'the responsible person is not among its public fields');
  assert.equal(p.outputs, null);
  assert.deepEqual(p.areas.map((a: any) => a.code), ['320101', VILLAGE]);
  assert.deepEqual(p.geometry, { type: 'LineString', coordinates: [[103.49, 14.88], [103.5, 14.89]] });
  assert.equal(p.evaluation.quarter.answers, 6);
  assert.equal(p.evaluation.quarter.shareMeets, 4 / 6);
  assert.equal(p.evaluation.quarter.meanRating, 4);
  assert.equal(p.evaluation.quarter.tooFew, false);
  assert.equal(p.evaluation.year.answers, 10);
  assert.equal(p.evaluation.year.quarter, 0);

  const so = b.projects.find((x: any) => x.id === statusOnly);
  assert.equal(so.status, 'in_progress');
  for (const k of ['objectives', 'budget', 'schedule', 'progress', 'outputs', 'responsibleName']) assert.equal(so[k], null, `${k} is not public`);
  assert.equal(so.evaluation.quarter.answers, 2);
  assert.equal(so.evaluation.quarter.tooFew, true, 'two answers are too few to judge with a minimum of five');
  assert.equal(so.evaluation.year.answers, 0, 'no line in the year: no answers');

  assert.deepEqual(b.comments.map((c: any) => c.text).sort(), ['<script>alert("xss")</script><img src=x onerror=alert(1)>', 'ฝายช่วยให้มีน้ำใช้ในหน้าแล้ง', 'อยากให้ติดต่อกลับ'].sort());
  assert.equal(b.comments.find((c: any) => c.villageCode === VILLAGE).villageTh, 'บ้านทดสอบ');
  assert.deepEqual(Object.keys(b.comments[0]).sort(), ['date', 'projectId', 'text', 'villageCode', 'villageEn', 'villageTh']);
  assertNothingSecret(r.body, 'GET /api/public/subdistricts/320101');
});

test('whatever the query parameters, the public endpoints return the same public data and no more', async () => {
  const tricks = '?include=internal,incidents,contacts,hidden&visibility=internal&fields=responsible_phone,budget&hidden=include&withComment=true&fiscalYear=' + FY_PAST + '&provinceCode=96&lang=%3Cscript%3Ealert(1)%3C%2Fscript%3E&limit=100000&code=960101';
  const plain = (await get('/api/public/subdistricts/320101')).json();
  const tricked = await get(`/api/public/subdistricts/320101${tricks}`);
  assert.equal(tricked.statusCode, 200);
  assert.deepEqual(tricked.json().projects.map((p: any) => p.id), plain.projects.map((p: any) => p.id));
  assert.deepEqual(tricked.json().comments, plain.comments);
  assertNothingSecret(tricked.body, 'the JSON board with query tricks');

  for (const url of [
    `/board/t/320101${tricks}`, `/board/t/320101/p/${pub}${tricks}`, `/board/t/320101/p/${statusOnly}${tricks}`, `/board/t/320101/poster${tricks}`,
    `/board/t/320101/need${tricks}`, `/board/t/320101/map.geojson${tricks}`, `/board${tricks}&q=ในเมือง`, '/board/t/320101?lang=en', `/board/t/320101/p/${pub}?lang=en`,
  ]) {
    const r = await get(url);
    assert.equal(r.statusCode, 200, `${url}: ${r.statusCode}`);
    assertNothingSecret(r.body, url);
    assert.ok(!r.body.includes('<script>alert'), `${url} reflects a script`);
  }
  // A language that is neither Thai nor English is Thai, and is written nowhere.
  const odd = await get('/board/t/320101?lang=%22%3E%3Cb%3Ex');
  has(odd.body, /<html lang="th">/);
  assert.ok(!odd.body.includes('"><b>x'));
});

test('the ids of internal projects, projects of another year or sub-district, and codes of other provinces find nothing', async () => {
  for (const id of [internal, past, elsewhere, narathiwat, 999999]) {
    const r = await get(`/board/t/320101/p/${id}`);
    assert.equal(r.statusCode, 404, `project ${id} on the board of 320101`);
    assert.match(r.headers['content-type'] as string, /^text\/html/);
    has(r.body, /ไม่พบหน้าที่ต้องการ/);
    assertNothingSecret(r.body, `the 404 of project ${id}`);
  }
  // Each of them answers exactly like a project that does not exist.
  const missing = (await get('/board/t/320101/p/999999')).body;
  assert.equal((await get(`/board/t/320101/p/${internal}`)).body.replace(`/p/${internal}?`, '/p/999999?'), missing);

  // Narathiwat's project is on its own board, and only there.
  const nb = (await get('/api/public/subdistricts/960101')).json();
  assert.deepEqual(nb.projects.map((p: any) => p.id), [narathiwat]);
  assert.deepEqual(nb.comments, []);
  assert.equal((await get(`/board/t/960101/p/${pub}`)).statusCode, 404);
  assert.equal((await get(`/board/t/960101/p/${narathiwat}`)).statusCode, 200);

  // Codes that are not a sub-district's: a province, a district, a village, garbage, one that does not exist.
  for (const code of ['32', '3201', VILLAGE, '99999x', '990101', '12345']) {
    const html = await get(`/board/t/${code}`);
    assert.equal(html.statusCode, 404, `board of ${code}`);
    assert.match(html.headers['content-type'] as string, /^text\/html/);
    const json = await get(`/api/public/subdistricts/${code}`);
    assert.ok([400, 404].includes(json.statusCode), `JSON of ${code}: ${json.statusCode}`);
    assert.equal(json.json().projects, undefined);
  }
  // Nothing else under /board falls through to the signed-in app's shell.
  for (const url of ['/board/admin', '/board/t/320101/p/1/contact', '/board/t/320101/feedback.json', '/board/t/320101/p/abc']) {
    const r = await get(url);
    assert.equal(r.statusCode, 404, url);
    has(r.body, /id="error"/, url);
  }
});

test('the HTML board shows the projects, their evaluation and the comments as text, escaped', async () => {
  const r = await get('/board/t/320101');
  assert.equal(r.statusCode, 200);
  assert.match(r.headers['content-type'] as string, /^text\/html; charset=utf-8/);
  const html = r.body;
  has(html, /<h1>ตำบลในเมือง<\/h1>/);
  has(html, /อำเภอเมืองสุรินทร์ จังหวัดสุรินทร์/);
  has(html, new RegExp(`ปีงบประมาณ ${FY_NOW}`));
  has(html, /โครงการฝายชะลอน้ำเพื่อประชาชน/);
  has(html, /โครงการเปิดเผยเฉพาะสถานะ/);
  has(html, /250,000 บาท/);
  has(html, /ตรงความต้องการ 67%/);
  has(html, /คะแนนเฉลี่ย 4 จาก 5/);
  has(html, new RegExp(`data-project="${pub}"[\\s\\S]*?data-answers="6" data-evaluation="judged"`));
  has(html, new RegExp(`data-project="${statusOnly}"[\\s\\S]*?data-answers="2" data-evaluation="too-few"`));
  has(html, /คำตอบยังน้อยเกินกว่าจะสรุปผลได้ \(ต้องมีอย่างน้อย 5 คำตอบ\)/);
  // The comment with markup is text on the page.
  assert.ok(html.includes('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!html.includes('<img src=x'));
  assert.equal((html.match(/<script/g) ?? []).length, (html.match(/<script type="module" src="\/board\/assets\/board-[^"]+\.js"><\/script>/g) ?? []).length + 1, 'only the board script and its strings');
  has(html, /หมู่บ้านบ้านทดสอบ/);
  has(html, /href="\/board\/t\/320101\/need"/);
  has(html, /href="\/board\/t\/320101\/poster"/);
  has(html, /href="\/board\/t\/320101\?lang=en"/);
  assertNothingSecret(html, 'the HTML board');
  // A script from this server only, no outside host.
  assert.match(r.headers['content-security-policy'] as string, /script-src 'self'/);
  assert.doesNotMatch(html, /https?:\/\//, 'no outside address in the page');

  const en = (await get('/board/t/320101?lang=en')).body;
  has(en, /<html lang="en">/);
  has(en, /<h1>Nai Mueang<\/h1>/);
  has(en, /Mueang Surin district, Surin province/);
  has(en, /67% say it meets their needs/);
  has(en, /href="\/board\/t\/320101\/p\/\d+\?lang=en"/);
  has(en, /href="\/board\/t\/320101"[^>]*>ภาษาไทย/);
});

test('a project page: its public facts, evaluation, comments of this sub-district and the answer form with the PDPA consent', async () => {
  const r = await get(`/board/t/320101/p/${pub}`);
  assert.equal(r.statusCode, 200);
  const html = r.body;
  has(html, /<h1>โครงการฝายชะลอน้ำเพื่อประชาชน<\/h1>/);
  has(html, /เพิ่มแหล่งน้ำเพื่อการเกษตรในฤดูแล้ง/);
  has(html, /งบประมาณจังหวัด/);
  has(html, /35% \(รายงานไตรมาส 1\//);
  has(html, new RegExp(`ทั้งปีงบประมาณ ${FY_NOW}[\\s\\S]*?10 คำตอบ`));
  has(html, /<form class="card" id="answer" method="post" action="\/board\/t\/320101\/p\/\d+#answer"/);
  for (const m of ['yes', 'partly', 'no']) has(html, new RegExp(`name="meets" value="${m}"`));
  for (let n = 1; n <= 5; n++) has(html, new RegExp(`name="rating" value="${n}"`));
  has(html, /<option value="32010101">บ้านทดสอบ<\/option>/);
  has(html, /ข้อมูลติดต่อจะไม่แสดงต่อสาธารณะ และจะถูกลบโดยอัตโนมัติเมื่อครบ 180 วัน/);
  has(html, /name="website" tabindex="-1" autocomplete="off"/);
  has(html, /ฝายช่วยให้มีน้ำใช้ในหน้าแล้ง/);
  assert.ok(!html.includes('อยากให้ติดต่อกลับ'), 'comments of another project are not on this page');
  assertNothingSecret(html, 'the project page');
  // The device token is set by the server, for the page to work without JavaScript.
  const cookie = r.cookies.find((c) => c.name === 'comap_device');
  assert.ok(cookie && /^[A-Za-z0-9_-]{32}$/.test(cookie.value));
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.path, '/board');
  assert.equal(cookie.sameSite, 'Lax');
  // A device that has one keeps it.
  const again = await get(`/board/t/320101/p/${pub}`, { cookie: `comap_device=${cookie.value}` });
  assert.equal(again.cookies.length, 0);

  // The retention follows the administrator's setting.
  await t.db.query(`UPDATE app_setting SET value = '90' WHERE key = 'contact_retention_days'`);
  has((await get(`/board/t/320101/need`)).body, /เมื่อครบ 90 วัน/);
  await t.db.query(`UPDATE app_setting SET value = '180' WHERE key = 'contact_retention_days'`);
});

test('the need form lists the active categories and villages', async () => {
  const r = await get('/board/t/320101/need');
  assert.equal(r.statusCode, 200);
  has(r.body, /<h1>เสนอความต้องการของตำบลในเมือง<\/h1>/);
  has(r.body, /<option value="drought">ภัยแล้งและการขาดแคลนน้ำ<\/option>/);
  has(r.body, /<option value="32010101">บ้านทดสอบ<\/option>/);
  has(r.body, /<form class="card" id="need" method="post" action="\/board\/t\/320101\/need"/);
});

test('search by Thai or English name, with or without ตำบล/อำเภอ, finds sub-districts only; locate finds the one under a point', async () => {
  const codes = async (q: string) => (await get(`/api/public/areas/search?q=${encodeURIComponent(q)}`)).json().items.map((a: any) => a.code);
  assert.equal((await codes('ในเมือง'))[0], '320101');
  assert.equal((await codes('ต.ในเมือง อ.เมืองสุรินทร์'))[0], '320101');
  assert.equal((await codes('ตำบลในเมือง สุรินทร์'))[0], '320101');
  assert.equal((await codes('nai mueang'))[0], '320101');
  assert.equal((await codes('Tambon Nai Mueang, Surin'))[0], '320101');
  assert.deepEqual(await codes('ตั้งใจ'), ['320102']);
  assert.deepEqual(await codes('320102'), ['320102']);
  assert.deepEqual(await codes('TH960101'), ['960101']);
  assert.deepEqual(await codes('ไม่มีตำบลนี้แน่นอน'), []);
  assert.deepEqual(await codes('%'), [], 'a LIKE wildcard is a character');
  const all = await codes('เมืองสุรินทร์');
  assert.ok(all.length > 5 && all.every((c: string) => /^3201[0-9]{2}$/.test(c)), 'the district narrows to its sub-districts, never the district itself');
  const one = (await get('/api/public/areas/search?q=ในเมือง&limit=1')).json();
  assert.deepEqual(one.items, [{ code: '320101', nameTh: 'ในเมือง', nameEn: 'Nai Mueang', districtTh: 'เมืองสุรินทร์', districtEn: 'Mueang Surin', provinceTh: 'สุรินทร์', provinceEn: 'Surin' }]);
  assert.equal((await get('/api/public/areas/search?q=ในเมือง&limit=500')).statusCode, 400);

  const pt = (await t.db.query<{ x: number; y: number }>(`SELECT ST_X(label_point) x, ST_Y(label_point) y FROM area WHERE code = '320102'`)).rows[0];
  const at = await get(`/api/public/areas/locate?lon=${pt.x}&lat=${pt.y}`);
  assert.equal(at.statusCode, 200);
  assert.equal(at.json().item.code, '320102');
  assert.equal((await get('/api/public/areas/locate?lon=100.5&lat=5.0')).json().item, null, 'the sea');
  assert.equal((await get('/api/public/areas/locate?lon=500&lat=5')).statusCode, 400);

  const page = await get('/board?q=' + encodeURIComponent('ในเมือง'));
  assert.equal(page.statusCode, 200);
  has(page.body, /<a href="\/board\/t\/320101">ตำบลในเมือง<small>อำเภอเมืองสุรินทร์ จังหวัดสุรินทร์<\/small><\/a>/);
  has(page.body, /value="ในเมือง"/);
  const none = await get('/board?q=' + encodeURIComponent('<b>ไม่มี</b>'));
  has(none.body, /ไม่พบตำบลที่ชื่อตรงกับ “&lt;b&gt;ไม่มี&lt;\/b&gt;”/);
  has((await get('/board')).body, /id="board-gps" hidden/);
});

test('the poster holds the board address for the QR code, and the map only public features', async () => {
  const r = await get('/board/t/320101/poster', { host: 'comap.example.go.th' });
  assert.equal(r.statusCode, 200);
  has(r.body, /<strong id="poster-url">http:\/\/comap\.example\.go\.th\/board\/t\/320101<\/strong>/);
  has(r.body, /<div class="qr" role="img" aria-label="QR code ไปยังกระดานโครงการของตำบลในเมือง"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
  has(r.body, /2 โครงการจาก 1 หน่วยงาน/);
  assertNothingSecret(r.body, 'the poster');
  const en = await get('/board/t/320101/poster?lang=en', { host: 'comap.example.go.th', 'x-forwarded-proto': 'https' });
  has(en.body, /https:\/\/comap\.example\.go\.th\/board\/t\/320101\?lang=en/);

  const m = await get('/board/t/320101/map.geojson');
  assert.equal(m.statusCode, 200);
  const fc = m.json();
  const kinds = fc.features.map((f: any) => `${f.properties.kind}:${f.properties.id ?? f.properties.code}`);
  assert.deepEqual(kinds, ['subdistrict:320101', `village:${VILLAGE}`, `project:${pub}`]);
  assert.equal(fc.features[1].properties.target, true, 'a project targets the village');
  has(fc.features[0].geometry.type, /^(Multi)?Polygon$/, 'the outline');
  assertNothingSecret(m.body, 'the map');
});

test('pages and the map are compressed when the browser accepts it', async () => {
  const br = await get('/board/t/320101', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'accept-encoding');
  const html = brotliDecompressSync(br.rawPayload).toString('utf8');
  has(html, /<h1>ตำบลในเมือง<\/h1>/);
  const plain = await get('/board/t/320101');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `compressed ${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
  const gz = await get('/board/t/320101/poster', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  has(gunzipSync(gz.rawPayload).toString('utf8'), /<svg /);
  const refused = await get('/board/t/320101', { 'accept-encoding': 'br;q=0, gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
});

/** Posts a board form as a browser does (url-encoded), with the device cookie. */
function post(url: string, fields: Record<string, string>, device = 'device-token-of-a-test-phone-0001') {
  return t.app.inject({
    method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `comap_device=${device}` },
    payload: new URLSearchParams(fields).toString(),
  });
}

const answers = async (projectId: number) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feedback WHERE project_id = $1`, [projectId])).rows[0].n;

test('the answer form: a thank-you page, the same device replaces its answer, the comment is stored as typed and shown as text', async () => {
  const before = await answers(pub);
  const comment = '<script>document.title="x"</script> น้ำพอใช้แล้ว';
  const r = await post(`/board/t/320101/p/${pub}`, { meets: 'partly', rating: '4', comment, villageCode: VILLAGE, name: '', phone: '', email: '', website: '' });
  assert.equal(r.statusCode, 200, r.body.slice(0, 500));
  has(r.body, /<h1>ขอบคุณสำหรับคำตอบ<\/h1>/);
  has(r.body, new RegExp(`ไตรมาส ${Q_NOW} ปีงบประมาณ ${FY_NOW}`));
  assert.equal(await answers(pub), before + 1);
  const row = (await t.db.query<any>(`SELECT meets, rating, comment, village_code, client_key, channel FROM feedback WHERE project_id = $1 ORDER BY id DESC LIMIT 1`, [pub])).rows[0];
  assert.deepEqual([row.meets, row.rating, row.comment, row.village_code, row.channel], ['partly', 4, comment, VILLAGE, 'public_web']);
  assert.ok(row.client_key && !row.client_key.includes('device-token'), 'the device token is kept only as a keyed hash');

  const again = await post(`/board/t/320101/p/${pub}?lang=en`, { meets: 'yes', rating: '5', comment: 'better now' });
  assert.equal(again.statusCode, 200);
  has(again.body, /Thank you for your answer/);
  has(again.body, /id="thanks-replaced"/);
  assert.equal(await answers(pub), before + 1, 'replaced, not added');

  const shown = (await get('/board/t/320101')).body;
  assert.ok(shown.includes('better now'));
  assert.ok(!shown.includes('<script>document'));
});

test('the answer form with mistakes comes back with each error next to its field, what was typed kept, and nothing stored', async () => {
  const before = await answers(statusOnly);
  const typed = '<b>ยังไม่ได้ให้คะแนน</b>';
  const r = await post(`/board/t/320101/p/${statusOnly}`, { meets: 'yes', rating: '7', comment: typed, name: 'นายทดลอง', phone: '081 234 5678' }, 'device-token-of-a-test-phone-0002');
  assert.equal(r.statusCode, 400);
  has(r.body, /id="form-alert">ยังส่งไม่ได้/);
  has(r.body, /<p class="err" id="rating-err">กรุณาให้คะแนน 1 ถึง 5<\/p>/);
  has(r.body, /<p class="err" id="consent-err">หากกรอกข้อมูลติดต่อ กรุณาทำเครื่องหมายยินยอม/);
  has(r.body, /name="meets" value="yes" checked/);
  has(r.body, /<textarea id="comment" name="comment"[^>]*>&lt;b&gt;ยังไม่ได้ให้คะแนน&lt;\/b&gt;<\/textarea>/);
  has(r.body, /id="c-name" name="name" value="นายทดลอง"/);

  const long = await post(`/board/t/320101/p/${statusOnly}`, { meets: 'no', rating: '2', comment: 'ก'.repeat(100_000) }, 'device-token-of-a-test-phone-0003');
  assert.equal(long.statusCode, 400);
  has(long.body, /id="comment-err">ความคิดเห็นยาวเกิน 2000 ตัวอักษร/);

  const noMeets = await post(`/board/t/320101/p/${statusOnly}?lang=en`, { rating: '3' }, 'device-token-of-a-test-phone-0004');
  assert.equal(noMeets.statusCode, 400);
  has(noMeets.body, /id="meets-err">Please choose whether the project meets your needs/);
  assert.equal(await answers(statusOnly), before);

  // A project not on this board takes no answer.
  const hidden = await post(`/board/t/320101/p/${internal}`, { meets: 'yes', rating: '5' });
  assert.equal(hidden.statusCode, 404);
  assert.equal((await post(`/board/t/320102/p/${pub}`, { meets: 'yes', rating: '5' })).statusCode, 404);
  assert.equal(await answers(internal), 1, 'only the comment the test inserted');
});

test('contact details given with consent are stored apart and never shown; the need form stores a need', async () => {
  const r = await post(`/board/t/320101/p/${statusOnly}`, { meets: 'no', rating: '2', comment: 'ขอคุยกับเจ้าหน้าที่', name: 'นายติดต่อกลับ', phone: '081-000-1111', consent: 'yes' }, 'device-token-of-a-test-phone-0005');
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  has(r.body, /ข้อมูลติดต่อจะไม่แสดงต่อสาธารณะ/);
  const c = (await t.db.query<any>(`SELECT c.name, c.phone, c.consent_version FROM public_contact c JOIN feedback f ON f.id = c.feedback_id WHERE f.comment = 'ขอคุยกับเจ้าหน้าที่'`)).rows[0];
  assert.deepEqual([c.name, c.phone, c.consent_version], ['นายติดต่อกลับ', '081-000-1111', 'pdpa-2569-1']);
  for (const url of ['/board/t/320101', `/board/t/320101/p/${statusOnly}`, '/api/public/subdistricts/320101']) {
    const body = (await get(url)).body;
    assert.ok(body.includes('ขอคุยกับเจ้าหน้าที่'), `${url} shows the comment`);
    assert.ok(!body.includes('นายติดต่อกลับ') && !body.includes('081-000-1111'), `${url} shows the contact details`);
  }

  const needs = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM need WHERE subdistrict_code = '320101'`)).rows[0].n;
  const n0 = await needs();
  const bad = await post('/board/t/320101/need', { categoryCode: '', description: '' }, 'device-token-of-a-test-phone-0006');
  assert.equal(bad.statusCode, 400);
  has(bad.body, /id="categoryCode-err">กรุณาเลือกเรื่อง/);
  has(bad.body, /id="description-err">กรุณาเขียนรายละเอียดความต้องการ/);
  const ok = await post('/board/t/320101/need', { categoryCode: 'drought', description: 'ขอบ่อบาดาลสำหรับหมู่บ้าน', villageCode: VILLAGE }, 'device-token-of-a-test-phone-0006');
  assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
  has(ok.body, /<h1>ขอบคุณที่เสนอความต้องการ<\/h1>/);
  assert.equal(await needs(), n0 + 1);
  assert.ok(!(await get('/board/t/320101')).body.includes('ขอบ่อบาดาลสำหรับหมู่บ้าน'), 'needs are for the province and agencies, not the public page');
  assert.equal((await post('/board/t/999999/need', { categoryCode: 'drought', description: 'x' })).statusCode, 404);
});

const MANIFEST = join(ROOT, 'dist', 'web', '.vite', 'manifest.json');

test('the board serves its own built files compressed, and nothing else', { skip: !existsSync(MANIFEST) && 'the web app is not built (npm run build:web)' }, async () => {
  const page = (await get('/board/t/320101')).body;
  const script = /<script type="module" src="(\/board\/assets\/board-[^"]+\.js)">/.exec(page)?.[1];
  assert.ok(script, 'the page loads the board script from /board/assets/');
  const r = await get(script, { 'accept-encoding': 'br' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  assert.match(r.headers['content-type'] as string, /^text\/javascript/);
  assert.match(r.headers['cache-control'] as string, /immutable/);
  const js = brotliDecompressSync(r.rawPayload).toString('utf8');
  assert.equal(js, readFileSync(join(ROOT, 'dist', 'web', 'assets', script.split('/').pop()!), 'utf8'));
  // The MapLibre chunk it imports is there too, compressed to a fraction.
  const chunk = /\.\/(maplibre-gl-[A-Za-z0-9_-]+\.js)/.exec(js)?.[1];
  assert.ok(chunk, 'the script names the MapLibre chunk relative to itself');
  const big = await get(`/board/assets/${chunk}`, { 'accept-encoding': 'gzip, br' });
  assert.equal(big.statusCode, 200);
  assert.ok(big.rawPayload.length < readFileSync(join(ROOT, 'dist', 'web', 'assets', chunk)).length / 2);
  const font = /url\((\/board\/assets\/sarabun-thai-400-normal-[^)]+\.woff2)\)/.exec(page)?.[1];
  assert.ok(font && (await get(font)).headers['content-type'] === 'font/woff2');
  // The signed-in app's own files, the manifest and anything outside are not the board's to give.
  const index = readFileSync(join(ROOT, 'dist', 'web', 'index.html'), 'utf8');
  const appScript = /src="\/assets\/(index-[^"]+\.js)"/.exec(index)?.[1];
  for (const f of [appScript, 'manifest.json', '..%2F..%2Fpackage.json', '.vite', 'board-unknown.js']) {
    assert.equal((await get(`/board/assets/${f}`)).statusCode, 404, f);
  }
});
