import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../testing/test-app.ts';
import { insertAgency, projectInput, requestAs, startProjectsTestApp, type ProjectsTestApp } from './test-fixtures.ts';

let s: ProjectsTestApp;
let t: TestApp;
let tambon: number;
let tambonOfficer: string;

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
  tambon = await insertAgency(t, 'sao-320101', 'องค์การบริหารส่วนตำบลในเมือง');
  tambonOfficer = await t.userCookie('agency_officer', { agencyId: tambon });
});
after(async () => t?.close());

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

const supportRows = () => count(`SELECT count(*)::int n FROM project_support_event`);

async function communityProject(title: string): Promise<any> {
  const r = await req('POST', '/api/projects', tambonOfficer, projectInput(tambon, {
    title, origin: 'community', budgetSource: 'community', budgetBaht: 20000, areaCodes: ['320101'],
  }));
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

test('support history: requested, adopted by an agency, adopted by a sponsor, closed; who took what', async () => {
  const p = await communityProject('ซ่อมแซมถนนเข้าหมู่บ้านด้วยแรงงานชุมชน');
  const url = `/api/projects/${p.id}/support`;
  const ask = await req('POST', url, tambonOfficer, { kind: 'requested', contribution: 'ปูนซีเมนต์ 200 ถุง และรถบรรทุก 1 คัน' });
  assert.equal(ask.statusCode, 201, ask.body);
  let d = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.equal(d.project.seekingSupport, true);
  assert.equal(d.project.supportNeeds, 'ปูนซีเมนต์ 200 ถุง และรถบรรทุก 1 คัน');
  assert.ok((await req('GET', '/api/projects?seeking=true', s.viewer)).json().items.some((x: any) => x.id === p.id));

  const before = await supportRows();
  const forOther = await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.police, contribution: 'รถบรรทุก' });
  assert.equal(forOther.statusCode, 403, 'an officer adopts only for their own agency');
  assert.match(forOther.json().message, /only for your own agency/);
  const nobody = await req('POST', url, s.analyst, { kind: 'adopted', contribution: 'รถบรรทุก' });
  assert.equal(nobody.statusCode, 400);
  assert.equal(nobody.json().details[0].field, 'agencyId');
  assert.match(nobody.json().message, /needs an agency \(agencyId\) or a private sponsor's name/);
  const textAmount = await req('POST', url, s.analyst, { kind: 'adopted', sponsorName: 'ร้านวัสดุ', amountBaht: 'ห้าหมื่นบาท' });
  assert.equal(textAmount.statusCode, 400);
  assert.equal(textAmount.json().details[0].field, 'amountBaht');
  assert.equal((await req('POST', url, s.viewer, { kind: 'adopted', agencyId: s.irrigation })).statusCode, 403);
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', sponsorName: 'บริษัทที่ไม่ใช่ของเรา' })).statusCode, 403, 'a sponsor is recorded by the project\'s own agency or the secretariat');
  assert.equal(await supportRows(), before, 'nothing stored');

  const byAgency = await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation, contribution: 'รถบรรทุกพร้อมพนักงานขับ 5 วัน' });
  assert.equal(byAgency.statusCode, 201, byAgency.body);
  assert.equal(byAgency.json().agency.code, 'rid-8');
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation })).statusCode, 409, 'adopted once');
  const bySponsor = await req('POST', url, s.analyst, { kind: 'adopted', sponsorName: 'บริษัท ข้าวหอมสุรินทร์ จำกัด', contribution: 'ปูนซีเมนต์ 200 ถุง', amountBaht: 36000 });
  assert.equal(bySponsor.statusCode, 201, bySponsor.body);
  const close = await req('POST', url, tambonOfficer, { kind: 'closed', note: 'ได้รับการสนับสนุนครบแล้ว' });
  assert.equal(close.statusCode, 201, close.body);
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation })).statusCode, 409, 'no adoption after the request is closed');

  d = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.equal(d.project.seekingSupport, false);
  assert.deepEqual(d.support.map((e: any) => [e.kind, e.agency?.code ?? null, e.sponsorName, e.contribution, e.amountBaht]), [
    ['requested', null, null, 'ปูนซีเมนต์ 200 ถุง และรถบรรทุก 1 คัน', null],
    ['adopted', 'rid-8', null, 'รถบรรทุกพร้อมพนักงานขับ 5 วัน', null],
    ['adopted', null, 'บริษัท ข้าวหอมสุรินทร์ จำกัด', 'ปูนซีเมนต์ 200 ถุง', 36000],
    ['closed', null, null, '', null],
  ]);
  assert.ok(d.support.every((e: any) => typeof e.by === 'string' && e.at), 'each event says who recorded it and when');
  assert.match(d.support[1].by, /^agencyofficer/, 'the irrigation officer adopted');
  assert.match(d.support[2].by, /^analyst/, 'the secretariat recorded the sponsor');
  assert.equal(d.support[0].by, d.support[3].by, 'the sub-district\'s officer asked and closed');
  assert.notEqual(d.support[0].by, d.support[1].by);
  assert.equal(d.support[3].note, 'ได้รับการสนับสนุนครบแล้ว');
  assert.equal(await count(`SELECT count(*)::int n FROM audit_log WHERE entity = 'project_support' AND after ->> 'projectId' = $1`, [String(p.id)]), 4);
  assert.ok(!(await req('GET', '/api/projects?seeking=true', s.viewer)).json().items.some((x: any) => x.id === p.id));
});

test('withdrawing an adoption, and requests that make no sense', async () => {
  const p = await communityProject('ขุดบ่อน้ำตื้นประจำหมู่บ้าน');
  const url = `/api/projects/${p.id}/support`;
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation })).statusCode, 409, 'not seeking support yet');
  assert.equal((await req('POST', url, tambonOfficer, { kind: 'closed' })).statusCode, 409, 'no request to close');
  assert.equal((await req('POST', url, tambonOfficer, { kind: 'requested' })).json().details[0].field, 'contribution');
  assert.equal((await req('POST', url, tambonOfficer, { kind: 'requested', contribution: 'ท่อ PVC 40 ท่อน' })).statusCode, 201);
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'withdrawn', agencyId: s.irrigation })).statusCode, 409, 'nothing to withdraw');
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation, contribution: 'ท่อ PVC' })).statusCode, 201);
  const w = await req('POST', url, s.irrigationOfficer, { kind: 'withdrawn', agencyId: s.irrigation, note: 'งบประมาณไม่เพียงพอ' });
  assert.equal(w.statusCode, 201, w.body);
  const d = (await req('GET', `/api/projects/${p.id}`, s.viewer)).json();
  assert.deepEqual(d.support.map((e: any) => e.kind), ['requested', 'adopted', 'withdrawn']);
  assert.equal(d.project.seekingSupport, true, 'still seeking after the withdrawal');
  assert.equal((await req('POST', url, s.irrigationOfficer, { kind: 'adopted', agencyId: s.irrigation })).statusCode, 201, 'and can be adopted again');
});

test('a project entered as seeking support starts its history with the request', async () => {
  const r = await req('POST', '/api/projects', tambonOfficer, projectInput(tambon, {
    title: 'ศาลาประชาคมหมู่บ้าน', origin: 'community', areaCodes: ['320101'], seekingSupport: true, supportNeeds: 'ไม้และกระเบื้องมุงหลังคา',
  }));
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().seekingSupport, true);
  const d = (await req('GET', `/api/projects/${r.json().id}`, s.viewer)).json();
  assert.deepEqual(d.support.map((e: any) => [e.kind, e.contribution]), [['requested', 'ไม้และกระเบื้องมุงหลังคา']]);
  // Replacing the project without the support fields keeps them.
  const put = await req('PUT', `/api/projects/${r.json().id}`, tambonOfficer, projectInput(tambon, { title: 'ศาลาประชาคมหมู่บ้าน (แก้ไข)', areaCodes: ['320101'] }));
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().seekingSupport, true);
  assert.equal(put.json().origin, 'community');
  assert.equal(put.json().supportNeeds, 'ไม้และกระเบื้องมุงหลังคา');
});
