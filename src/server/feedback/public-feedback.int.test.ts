import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../testing/test-app.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, VILLAGE, type ProjectsTestApp } from '../projects/test-fixtures.ts';
import { fiscalQuarterOf } from '../../shared/fiscal.ts';
import { CONSENT_VERSION } from '../../shared/feedback-types.ts';

let s: ProjectsTestApp;
let t: TestApp;
/** Public projects of this fiscal year in 320101 (+ its village) and 320102, and only in 320103; an internal one; one of last year. */
let pub: number;
let pub103: number;
let internal: number;
let past: number;

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
  const create = async (over: Parameters<typeof projectInput>[1]) => {
    const r = await requestAs(t, 'POST', '/api/projects', s.analyst, projectInput(s.police, over));
    assert.equal(r.statusCode, 201, r.body);
    return Number(r.json().id);
  };
  pub = await create({ fiscalYear: FY_NOW, visibility: 'public', title: 'โครงการฝายชะลอน้ำ (สาธารณะ)' });
  pub103 = await create({ fiscalYear: FY_NOW, visibility: 'public', areaCodes: ['320103'], title: 'โครงการถนนตำบลที่สาม' });
  internal = await create({ fiscalYear: FY_NOW, visibility: 'internal', title: 'โครงการภายใน' });
  past = await create({ fiscalYear: FY_PAST, visibility: 'public', title: 'โครงการปีที่แล้ว' });
  await t.db.query(`INSERT INTO category (code, label_th, label_en, color, active) VALUES ('old_topic', 'หัวข้อเดิม', 'Old topic', '#123456', false)`);
});
after(async () => t?.close());

let seq = 0;
/** A fresh device token. */
const device = () => `device-${++seq}-${Math.random().toString(36).slice(2, 10)}`;
/** A fresh address, so the tests do not share the per-address ceiling. */
const address = () => `198.51.100.${(++seq % 250) + 1}`;

const answer = (over: Record<string, unknown> = {}) => ({ subdistrictCode: '320101', meets: 'yes', rating: 4, clientId: device(), ...over });

function postAnswer(projectId: number, payload: unknown, ip = '192.0.2.1') {
  return t.app.inject({ method: 'POST', url: `/api/public/projects/${projectId}/feedback`, headers: { 'x-forwarded-for': ip }, payload: payload as Record<string, unknown> });
}
function postNeed(code: string, payload: unknown, ip = '192.0.2.1') {
  return t.app.inject({ method: 'POST', url: `/api/public/subdistricts/${code}/needs`, headers: { 'x-forwarded-for': ip }, payload: payload as Record<string, unknown> });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

/** Every table a public write touches: a refused request must change none. */
async function footprint(): Promise<Record<string, number>> {
  return {
    feedback: await count('SELECT count(*)::int n FROM feedback'),
    need: await count('SELECT count(*)::int n FROM need'),
    contact: await count('SELECT count(*)::int n FROM public_contact'),
    audit: await count('SELECT count(*)::int n FROM audit_log'),
  };
}

/** Sends `send`, expects `status` and a message matching `message`, and that nothing was stored. */
async function refused(send: () => ReturnType<typeof postAnswer>, status: number, message: RegExp, field?: string) {
  const before = await footprint();
  const r = await send();
  assert.equal(r.statusCode, status, r.body);
  const body = r.json();
  assert.match(body.message, message);
  if (field) assert.ok(body.details.some((d: any) => d.field === field), `details name ${field}: ${r.body}`);
  assert.deepEqual(await footprint(), before, 'nothing stored');
  return body;
}

test('a good answer is stored with the fiscal year and quarter it arrived in, hashed keys, no audit; the same device replaces it', async () => {
  const before = await footprint();
  const clientId = device();
  const r = await postAnswer(pub, answer({ clientId, villageCode: VILLAGE, meets: 'partly', rating: '3', comment: '  ขอให้ทำต่อเนื่อง  ' }), '203.0.113.10');
  assert.equal(r.statusCode, 201, r.body);
  const body = r.json();
  assert.deepEqual(Object.keys(body).sort(), ['fiscalYear', 'id', 'quarter', 'replaced']);
  assert.equal(body.replaced, false);
  assert.equal(body.fiscalYear, FY_NOW);
  assert.equal(body.quarter, fiscalQuarterOf(new Date()));
  const row = (await t.db.query<any>(`SELECT * FROM feedback WHERE id = $1`, [body.id])).rows[0];
  assert.equal(Number(row.project_id), pub);
  assert.equal(row.province_code, '32');
  assert.equal(row.subdistrict_code, '320101');
  assert.equal(row.village_code, VILLAGE);
  assert.equal(row.meets, 'partly');
  assert.equal(row.rating, 3);
  assert.equal(row.comment, 'ขอให้ทำต่อเนื่อง', 'trimmed');
  assert.equal(row.channel, 'public_web');
  assert.equal(row.meeting_id, null);
  assert.equal(row.fiscal_year, FY_NOW);
  assert.equal(row.quarter, fiscalQuarterOf(new Date()));
  assert.ok(Math.abs(new Date(row.received_at).getTime() - Date.now()) < 60_000);
  assert.match(row.client_key, /^[0-9a-f]{64}$/);
  assert.match(row.ip_key, /^[0-9a-f]{64}$/);
  const stored = JSON.stringify(row);
  assert.ok(!stored.includes(clientId) && !stored.includes('203.0.113.10'), 'neither the token nor the address is stored');
  const secret = (await t.db.query<{ v: string }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'feedback_secret'`)).rows[0].v;
  assert.match(secret, /^[0-9a-f]{64}$/, 'a 32-byte secret was created on first use');
  assert.deepEqual(await footprint(), { ...before, feedback: before.feedback + 1 }, 'one answer, no audit row');

  const again = await postAnswer(pub, answer({ clientId, meets: 'no', rating: 1, comment: 'เปลี่ยนใจ' }), '203.0.113.99');
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json(), { id: body.id, replaced: true, fiscalYear: FY_NOW, quarter: body.quarter });
  const rows = (await t.db.query<any>(`SELECT id, meets, rating, comment, village_code FROM feedback WHERE project_id = $1 AND client_key = $2`, [pub, row.client_key])).rows;
  assert.deepEqual(rows.map((x) => [Number(x.id), x.meets, x.rating, x.comment, x.village_code]), [[body.id, 'no', 1, 'เปลี่ยนใจ', null]], 'one answer per device, project and quarter: the new one replaced the old');
  assert.equal((await t.db.query<{ v: string }>(`SELECT value #>> '{}' AS v FROM app_setting WHERE key = 'feedback_secret'`)).rows[0].v, secret, 'the secret is created once');

  const other = await postAnswer(pub, answer({ clientId: device() }), '203.0.113.10');
  assert.equal(other.statusCode, 201, 'another device on the same address answers separately');
  const own = await postAnswer(pub103, answer({ clientId, subdistrictCode: '320103' }), '203.0.113.10');
  assert.equal(own.statusCode, 201, 'the same device answers another project separately');
});

test('answers for a project that is not public, of last year, elsewhere or unknown are refused and nothing is stored', async () => {
  await refused(() => postAnswer(pub103, answer()), 422, /project \d+ does not reach sub-district 320101/, 'subdistrictCode');
  const missing = await refused(() => postAnswer(999999, answer()), 404, /^project 999999 not found$/);
  const hidden = await refused(() => postAnswer(internal, answer()), 404, /^project \d+ not found$/);
  assert.deepEqual(Object.keys(hidden), Object.keys(missing), 'an internal project answers like a missing one');
  assert.ok(!JSON.stringify(hidden).includes('internal') && !JSON.stringify(hidden).includes('โครงการภายใน'));
  await refused(() => postAnswer(past, answer()), 422, new RegExp(`fiscal year ${FY_PAST}; answers are taken for projects of the current fiscal year ${FY_NOW}`), 'projectId');
  await refused(() => postAnswer(pub, answer({ subdistrictCode: '999999' })), 404, /sub-district 999999 not found/);
  await refused(() => postAnswer(pub, answer({ subdistrictCode: '320102', villageCode: VILLAGE })), 422, new RegExp(`village ${VILLAGE} is not in sub-district 320102`), 'villageCode');
  await refused(() => postAnswer(pub, answer({ villageCode: '32010199' })), 422, /there is no village 32010199/, 'villageCode');
  await refused(() => postAnswer(pub, answer({ subdistrictCode: '3201' })), 400, /subdistrictCode/, 'subdistrictCode');
});

test('a rating of 7 or 2.5, meets "maybe", a 100 KB comment and a missing device token are refused by name', async () => {
  await refused(() => postAnswer(pub, answer({ rating: 7 })), 400, /rating/, 'rating');
  await refused(() => postAnswer(pub, answer({ rating: 0 })), 400, /rating/, 'rating');
  await refused(() => postAnswer(pub, answer({ rating: 2.5 })), 400, /rating must be integer/, 'rating');
  await refused(() => postAnswer(pub, answer({ meets: 'maybe' })), 400, /meets/, 'meets');
  const big = await refused(() => postAnswer(pub, answer({ comment: 'ก'.repeat(100 * 1024) })), 413, /larger than 32 KB: a comment may have at most 2000 characters/, 'comment');
  assert.equal(big.error, 'too_large');
  await refused(() => postAnswer(pub, answer({ comment: 'x'.repeat(2001) })), 400, /comment must NOT have more than 2000 characters/, 'comment');
  await refused(() => postAnswer(pub, answer({ clientId: undefined })), 400, /clientId/);
  await refused(() => postAnswer(pub, answer({ extra: 1 })), 400, /additional properties/);
  const full = await postAnswer(pub, answer({ comment: 'ก'.repeat(2000) }));
  assert.equal(full.statusCode, 201, 'exactly 2,000 Thai characters fit');
});

test('script tags are stored as the text given; control characters are stripped', async () => {
  const text = '<script>alert("x")</script> <img src=x onerror=alert(1)> & "ok"';
  const r = await postAnswer(pub, answer({ comment: `\u0000 ${text}\u0007\u202E \r\n` }), address());
  assert.equal(r.statusCode, 201, r.body);
  const row = (await t.db.query<{ comment: string }>(`SELECT comment FROM feedback WHERE id = $1`, [r.json().id])).rows[0];
  assert.equal(row.comment, text, 'verbatim, not escaped nor removed: the pages escape what they show');
});

test('contact details need consent, are kept only in public_contact until the retention ends, and go with a replacement', async () => {
  await refused(() => postAnswer(pub, answer({ contact: { name: 'สมชาย', phone: '081-234-5678', consent: false } })), 400, /consent is required/, 'contact.consent');
  await refused(() => postAnswer(pub, answer({ contact: { phone: '081-234-5678' } })), 400, /consent is required/, 'contact.consent');
  await refused(() => postAnswer(pub, answer({ contact: { consent: true } })), 400, /give a name, a phone number or an e-mail/, 'contact');
  await refused(() => postAnswer(pub, answer({ contact: { phone: 'โทรมา', consent: true } })), 400, /is not a phone number/, 'contact.phone');
  await refused(() => postAnswer(pub, answer({ contact: { email: 'somchai-at-example', consent: true } })), 400, /is not an e-mail address/, 'contact.email');

  const clientId = device();
  const r = await postAnswer(pub, answer({ clientId, comment: 'ติดต่อกลับได้', contact: { name: ' นายสมชาย ใจดี ', phone: '089-111-2222', email: 'somchai@example.com', consent: true } }), address());
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id;
  assert.ok(!r.body.includes('089-111-2222') && !r.body.includes('somchai@'), 'the answer does not echo the contact');
  const c = (await t.db.query<any>(`SELECT name, phone, email, consent_version, consent_at, delete_after, need_id,
      extract(epoch FROM delete_after - consent_at) / 86400 AS days FROM public_contact WHERE feedback_id = $1`, [id])).rows;
  assert.equal(c.length, 1);
  assert.equal(c[0].name, 'นายสมชาย ใจดี');
  assert.equal(c[0].phone, '089-111-2222');
  assert.equal(c[0].email, 'somchai@example.com');
  assert.equal(c[0].consent_version, CONSENT_VERSION);
  assert.equal(c[0].need_id, null);
  assert.equal(Number(c[0].days), 180, 'delete_after = consent + contact_retention_days');
  assert.ok(Math.abs(new Date(c[0].consent_at).getTime() - Date.now()) < 60_000);
  const row = JSON.stringify((await t.db.query(`SELECT * FROM feedback WHERE id = $1`, [id])).rows[0]);
  assert.ok(!row.includes('089-111-2222') && !row.includes('สมชาย') && !row.includes('somchai'), 'the answer itself holds no contact detail');

  await t.db.query(`UPDATE app_setting SET value = '30' WHERE key = 'contact_retention_days'`);
  try {
    const again = await postAnswer(pub, answer({ clientId, contact: { phone: '089-333-4444', consent: true } }), address());
    assert.equal(again.statusCode, 200, again.body);
    const c2 = (await t.db.query<any>(`SELECT phone, extract(epoch FROM delete_after - consent_at) / 86400 AS days FROM public_contact WHERE feedback_id = $1`, [id])).rows;
    assert.deepEqual(c2.map((x) => [x.phone, Number(x.days)]), [['089-333-4444', 30]], 'the new details replace the old, with the retention set now');
  } finally {
    await t.db.query(`UPDATE app_setting SET value = '180' WHERE key = 'contact_retention_days'`);
  }
  const without = await postAnswer(pub, answer({ clientId, contact: { name: '', phone: '', email: '', consent: false } }), address());
  assert.equal(without.statusCode, 200, 'an empty contact section is no contact, not a missing consent');
  assert.equal(await count('SELECT count(*)::int n FROM public_contact WHERE feedback_id = $1', [id]), 0, 'an answer replaced without contact details leaves none behind');
});

test('the honeypot answers like a success and stores nothing', async () => {
  const before = await footprint();
  const r = await postAnswer(pub, answer({ website: 'http://cheap-pills.example', comment: 'buy now' }), address());
  assert.equal(r.statusCode, 201, r.body);
  const body = r.json();
  assert.equal(typeof body.id, 'number');
  assert.ok(body.id > 0);
  assert.deepEqual({ ...body, id: 0 }, { id: 0, replaced: false, fiscalYear: FY_NOW, quarter: fiscalQuarterOf(new Date()) });
  const n = await postNeed('320101', { categoryCode: 'drought', description: 'spam', clientId: device(), website: 'x' }, address());
  assert.equal(n.statusCode, 201, n.body);
  assert.deepEqual(await footprint(), before, 'nothing stored');
  // The honeypot still checks everything else, as for a person: a robot learns nothing from it.
  await refused(() => postAnswer(pub, answer({ website: 'x', rating: 9 })), 400, /rating/);
});

test('a flood from one device gets 429 with Retry-After while 30 devices behind the same address all get through', async () => {
  const ip = '100.64.0.1';
  const flooder = device();
  const statuses: number[] = [];
  let last: Awaited<ReturnType<typeof postAnswer>> | null = null;
  const village = Array.from({ length: 30 }, () => device());
  let neighbourId = 0;
  for (let i = 0; i < 15; i++) {
    last = await postAnswer(pub, answer({ clientId: flooder, rating: 1 + (i % 5) }), ip);
    statuses.push(last.statusCode);
    // The neighbours answer in between.
    for (const d of village.slice(i * 2, i * 2 + 2)) {
      const r = await postAnswer(pub, answer({ clientId: d, meets: 'yes' }), ip);
      assert.equal(r.statusCode, 201, `neighbour ${d} behind the shared address: ${r.body}`);
      neighbourId = r.json().id;
    }
  }
  assert.deepEqual(statuses, [201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429, 429, 429, 429], 'ten at once, then refused');
  assert.match(last!.headers['retry-after'] as string, /^[1-9][0-9]*$/);
  const body = last!.json();
  assert.equal(body.error, 'rate_limited');
  assert.match(body.message, /ถี่เกินไป/);
  assert.match(body.message, /Too many answers from this device; please try again in \d+ s/);
  assert.equal(await count(`SELECT count(*)::int n FROM feedback WHERE ip_key = (SELECT ip_key FROM feedback WHERE id = $1)`, [neighbourId]), 31, 'the flooder\'s one answer and the 30 neighbours\'');
  const needs = await postNeed('320101', { categoryCode: 'drought', description: 'ขอบ่อน้ำ', clientId: flooder }, ip);
  assert.equal(needs.statusCode, 429, 'needs share the device\'s limit');
});

test('the same comment from another device on the same address within 10 minutes is refused as a duplicate', async () => {
  const ip = address();
  const text = 'โครงการนี้ไม่ตรงกับความต้องการของหมู่บ้าน';
  const first = await postAnswer(pub, answer({ comment: text }), ip);
  assert.equal(first.statusCode, 201, first.body);
  const dup = await refused(() => postAnswer(pub, answer({ comment: `  ${text} ` }), ip), 409, /already sent about this project from another device/, 'comment');
  assert.equal(dup.error, 'duplicate');
  assert.equal((await postAnswer(pub, answer({ comment: text }), address())).statusCode, 201, 'another address may say the same');
  assert.equal((await postAnswer(pub, answer({ comment: 'ความเห็นของฉันเอง' }), ip)).statusCode, 201, 'another text on the same address');
  assert.equal((await postAnswer(pub, answer({ comment: '' }), ip)).statusCode, 201, 'answers without a comment are never duplicates');
  assert.equal((await postAnswer(pub, answer({ comment: '' }), ip)).statusCode, 201);
  await t.db.query(`UPDATE feedback SET received_at = received_at - interval '11 minutes' WHERE comment = $1`, [text]);
  assert.equal((await postAnswer(pub, answer({ comment: text }), ip)).statusCode, 201, 'after 10 minutes it is no longer a duplicate');
});

test('a replaced answer keeps a moderator\'s hiding only while its comment is unchanged', async () => {
  const clientId = device();
  const ip = address();
  const first = await postAnswer(pub, answer({ clientId, comment: 'ข้อความไม่สุภาพ' }), ip);
  assert.equal(first.statusCode, 201);
  await t.db.query(`UPDATE feedback SET hidden_at = now(), hidden_reason = 'ถ้อยคำไม่สุภาพ' WHERE id = $1`, [first.json().id]);
  await postAnswer(pub, answer({ clientId, comment: 'ข้อความไม่สุภาพ', rating: 1 }), ip);
  assert.equal((await t.db.query<any>(`SELECT hidden_reason FROM feedback WHERE id = $1`, [first.json().id])).rows[0].hidden_reason, 'ถ้อยคำไม่สุภาพ');
  await postAnswer(pub, answer({ clientId, comment: 'ขออภัย ขอแก้ความเห็น', rating: 2 }), ip);
  const row = (await t.db.query<any>(`SELECT hidden_at, hidden_reason, comment FROM feedback WHERE id = $1`, [first.json().id])).rows[0];
  assert.deepEqual([row.hidden_at, row.hidden_reason, row.comment], [null, null, 'ขออภัย ขอแก้ความเห็น']);
});

test('a need is stored for its sub-district with its fiscal year; bad ones are refused by name and store nothing', async () => {
  const clientId = device();
  const ip = address();
  const r = await postNeed('320101', { categoryCode: 'drought', description: '  หมู่บ้านขาดน้ำประปาในฤดูแล้ง  ', villageCode: VILLAGE, clientId, contact: { phone: '081-999-0000', consent: true } }, ip);
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id;
  const row = (await t.db.query<any>(`SELECT * FROM need WHERE id = $1`, [id])).rows[0];
  assert.deepEqual([row.province_code, row.subdistrict_code, row.village_code, row.category_code, row.description, row.channel, row.fiscal_year, row.project_id],
    ['32', '320101', VILLAGE, 'drought', 'หมู่บ้านขาดน้ำประปาในฤดูแล้ง', 'public_web', FY_NOW, null]);
  assert.match(row.client_key, /^[0-9a-f]{64}$/);
  const c = (await t.db.query<any>(`SELECT phone, feedback_id, consent_version FROM public_contact WHERE need_id = $1`, [id])).rows;
  assert.deepEqual(c.map((x) => [x.phone, x.feedback_id, x.consent_version]), [['081-999-0000', null, CONSENT_VERSION]]);

  const before = await footprint();
  const tap = await postNeed('320101', { categoryCode: 'drought', description: 'หมู่บ้านขาดน้ำประปาในฤดูแล้ง', clientId }, ip);
  assert.deepEqual([tap.statusCode, tap.json().id], [201, id], 'the same device sending it again gets the need already stored');
  assert.deepEqual(await footprint(), before);
  await refused(() => postNeed('320101', { categoryCode: 'drought', description: 'หมู่บ้านขาดน้ำประปาในฤดูแล้ง', clientId: device() }, ip), 409, /already sent for this sub-district/, 'description');
  await refused(() => postNeed('320101', { categoryCode: 'old_topic', description: 'ก', clientId: device() }), 422, /category "old_topic" is no longer in use/, 'categoryCode');
  await refused(() => postNeed('320101', { categoryCode: 'no_such', description: 'ก', clientId: device() }), 422, /there is no category "no_such"/, 'categoryCode');
  await refused(() => postNeed('999999', { categoryCode: 'drought', description: 'ก', clientId: device() }), 404, /sub-district 999999 not found/);
  await refused(() => postNeed('320102', { categoryCode: 'drought', description: 'ก', villageCode: VILLAGE, clientId: device() }), 422, /is not in sub-district 320102/, 'villageCode');
  await refused(() => postNeed('320101', { categoryCode: 'drought', description: '   ', clientId: device() }), 400, /description: describe the need/, 'description');
  await refused(() => postNeed('320101', { categoryCode: 'drought', description: 'ก'.repeat(50_000), clientId: device() }), 413, /a description may have at most 2000 characters/, 'description');
  await refused(() => postNeed('320101', { categoryCode: 'drought', description: 'ก', clientId: device(), contact: { name: 'สมหญิง' } }), 400, /consent is required/, 'contact.consent');
});

test('the public routes need no sign-in and a signed-in user is treated the same', async () => {
  const r = await requestAs(t, 'POST', `/api/public/projects/${pub}/feedback`, s.viewer, answer());
  assert.equal(r.statusCode, 201, r.body);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie: s.admin } })).json();
  assert.ok(doc.paths['/api/public/projects/{id}/feedback'].post, 'described in the OpenAPI document');
});

test('a sender that is not a trusted proxy cannot pick its address with X-Forwarded-For (TRUST_PROXY loopback)', async () => {
  const send = (forwarded: string) => t.app.inject({
    method: 'POST', url: `/api/public/projects/${pub}/feedback`, remoteAddress: '203.0.113.77',
    headers: { 'x-forwarded-for': forwarded }, payload: answer(),
  });
  const a = await send('198.51.100.201');
  const b = await send('198.51.100.202');
  assert.equal(a.statusCode, 201, a.body);
  assert.equal(b.statusCode, 201, b.body);
  const keys = await t.db.query<{ ip_key: string }>('SELECT ip_key FROM feedback WHERE id = ANY($1::bigint[])', [[a.json().id, b.json().id]]);
  assert.equal(keys.rows.length, 2);
  assert.equal(keys.rows[0].ip_key, keys.rows[1].ip_key, 'both answers are keyed by the real sender, not the addresses it claimed');
  // Through a proxy on this machine, the forwarded address is the client's.
  const c = await postAnswer(pub, answer(), '198.51.100.203');
  const d = await postAnswer(pub, answer(), '198.51.100.204');
  const proxied = await t.db.query<{ ip_key: string }>('SELECT ip_key FROM feedback WHERE id = ANY($1::bigint[])', [[c.json().id, d.json().id]]);
  assert.notEqual(proxied.rows[0].ip_key, proxied.rows[1].ip_key);
});
