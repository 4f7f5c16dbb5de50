import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from '../testing/test-app.ts';
import { requestAs, startTargetsTestApp, VILLAGE } from './test-fixtures.ts';

let t: TestApp;
let admin: string;
let analyst: string;
let viewerCookie: string;
let dir: string;

// Stacked marks (tone over an upper vowel), a tone on a tall consonant, a lower vowel and sara am.
const REASON = 'พบผู้ค้ารายย่อยที่ปั้นจั่นริมน้ำและบ่อกุ้งร้าง ต้องเฝ้าระวังต่อเนื่องทุกไตรมาส';

before(async () => {
  ({ t, admin, analyst, viewer: viewerCookie } = await startTargetsTestApp());
  dir = mkdtempSync(join(tmpdir(), 'comap-pdf-'));
});
after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

const AREAS = [
  { code: '320101', categories: ['drugs'], reason: REASON },
  { code: '320102', categories: ['flood', 'drought'], reason: 'น้ำท่วมซ้ำซาก' },
  { code: VILLAGE, categories: ['smuggling'], reason: 'หมู่บ้านชายแดน' },
];

async function draft(fiscalYear: number, areas: unknown[] = AREAS): Promise<number> {
  const r = await req('POST', '/api/targets', analyst, { provinceCode: '32', fiscalYear, title: 'บัญชีทดสอบการพิมพ์', areas });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().list.id;
}

async function declare(id: number, declarationDate: string, referenceNumber: string): Promise<void> {
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).statusCode, 200);
  const d = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate, referenceNumber });
  assert.equal(d.statusCode, 200, d.body);
}

let files = 0;
/** Downloads the PDF of a list and returns the text pdftotext reads from it, one string per page. */
async function pdfPages(id: number, cookie = viewerCookie): Promise<string[]> {
  const r = await req('GET', `/api/targets/${id}/export.pdf`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.match(String(r.headers['content-disposition']), /^attachment; filename="targets-32-\d{4}-v\d+\.pdf"$/);
  assert.equal(r.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = join(dir, `list-${id}-${++files}.pdf`);
  writeFileSync(file, r.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((p) => p.trim());
}

const words = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * Whether a phrase is in the extracted text: on one line, or wrapped in its table cell over the
 * next lines, broken only where Thai words meet (the layout puts other columns between the parts).
 */
function hasPhrase(text: string, phrase: string): boolean {
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ''));
  // The longest first part at a word boundary that line i holds, then the rest from line i + 1.
  const found = (i: number, rest: string): boolean => {
    if (i >= lines.length) return false;
    if (lines[i].includes(rest)) return true;
    const cuts = [...words.segment(rest)].map((s) => s.index).filter((k) => k > 0 && lines[i].includes(rest.slice(0, k)));
    return cuts.length > 0 && found(i + 1, rest.slice(cuts[cuts.length - 1]));
  };
  const p = phrase.replace(/\s+/g, '');
  return lines.some((_, i) => found(i, p));
}

test('a declared list prints in Thai: title, province, Buddhist Era declaration date, reference, areas, category labels, reasons', async () => {
  const id = await draft(2569);
  await declare(id, '2025-11-05', 'ศปก.จ.สร. 123/2568');
  const got = (await req('GET', `/api/targets/${id}`, viewerCookie)).json();
  const pages = await pdfPages(id);
  const text = pages.join('\n');
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(flat.includes('บัญชีพื้นที่เป้าหมาย ประจำปีงบประมาณ พ.ศ. 2569'), text);
  assert.ok(flat.includes('จังหวัดสุรินทร์ ฉบับที่ 1'));
  assert.ok(flat.includes('ประกาศตามคำสั่งเลขที่ ศปก.จ.สร. 123/2568 ลงวันที่ 5 พฤศจิกายน 2568'), 'declaration in the Buddhist Era long form');
  assert.ok(flat.includes('ประกาศแล้ว'));
  assert.ok(!flat.includes('ร่าง'), 'a declared list carries no draft mark');
  for (const a of got.areas) {
    assert.ok(flat.includes(a.code), a.code);
    assert.ok(hasPhrase(text, a.level === 4 ? a.nameTh : `ต.${a.nameTh}`), a.nameTh);
    assert.ok(hasPhrase(text, `อ.${a.districtTh}`), a.districtTh);
  }
  for (const label of ['ยาเสพติด', 'อุทกภัย', 'ภัยแล้งและการขาดแคลนน้ำ', 'การลักลอบขนสินค้าหนีภาษี']) {
    assert.ok(hasPhrase(text, label), `category label ${label}`);
  }
  assert.ok(hasPhrase(text, REASON), 'the reason with stacked marks reads back exactly');
  for (const w of ['ที่ปั้นจั่นริมน้ำ', 'บ่อกุ้งร้าง']) assert.ok(text.includes(w), w);
  assert.ok(hasPhrase(text, 'น้ำท่วมซ้ำซาก'));
  assert.match(flat, /พิมพ์เมื่อ \d{1,2} \S+ 25\d\d \d\d:\d\d น\. โดย viewer\d+/, 'printed-at in the Buddhist Era, and by whom');
  assert.match(flat, /หน้า 1 จาก 1/);
});

test('drafts and submitted lists are marked ร่าง, a superseded list says so', async () => {
  const id = await draft(2570);
  const d = (await pdfPages(id)).join('\n').replace(/\s+/g, ' ');
  assert.ok(d.includes('ร่าง ยังไม่ได้ประกาศ'), d);
  assert.ok(d.includes('เอกสารนี้ยังไม่ใช่บัญชีเป้าหมายที่ประกาศ'));
  assert.ok(!d.includes('ประกาศตามคำสั่ง'));
  assert.equal((await req('POST', `/api/targets/${id}/submit`, analyst)).statusCode, 200);
  const s = (await pdfPages(id)).join('\n').replace(/\s+/g, ' ');
  assert.ok(s.includes('ร่าง เสนอพิจารณา ยังไม่ได้ประกาศ'), s);

  const d1 = await req('POST', `/api/targets/${id}/declare`, admin, { declarationDate: '2025-10-20', referenceNumber: '7/2569' });
  assert.equal(d1.statusCode, 200, d1.body);
  const am = await req('POST', `/api/targets/${id}/amend`, analyst, { reason: 'เพิ่มพื้นที่หลังเหตุการณ์' });
  assert.equal(am.statusCode, 201, am.body);
  await declare(am.json().list.id, '2026-01-15', '8/2569');
  const old = (await pdfPages(id)).join('\n').replace(/\s+/g, ' ');
  assert.ok(old.includes('ถูกแทนที่ด้วยฉบับใหม่แล้ว'), old);
  assert.ok(old.includes('ประกาศตามคำสั่งเลขที่ 7/2569 ลงวันที่ 20 ตุลาคม 2568'), 'the superseded version keeps its declaration');
  const now = (await pdfPages(am.json().list.id)).join('\n').replace(/\s+/g, ' ');
  assert.ok(now.includes('ฉบับที่ 2') && now.includes('ลงวันที่ 15 มกราคม 2569') && !now.includes('ถูกแทนที่'));
});

test('a long list runs over pages: the header on every page, numbered "หน้า i จาก n", every area exactly once', async () => {
  const codes = (await t.db.query<{ code: string }>(`SELECT code FROM area WHERE level = 3 AND province_code = '32' ORDER BY code LIMIT 70`)).rows.map((r) => r.code);
  assert.ok(codes.length >= 60, 'enough real sub-districts');
  const id = await draft(2571, codes.map((code, i) => ({ code, categories: i % 2 ? ['drugs', 'illegal_crossing'] : ['flood'], reason: i % 5 ? 'น้ำท่วมซ้ำซาก' : REASON })));
  const pages = await pdfPages(id);
  assert.ok(pages.length >= 3, `pages: ${pages.length}`);
  pages.forEach((p, i) => {
    assert.ok(p.includes('รหัสพื้นที่') && p.includes('ประเด็นปัญหา') && p.includes('เหตุผล'), `header repeated on page ${i + 1}`);
    assert.ok(p.includes(`หน้า ${i + 1} จาก ${pages.length}`), `page number on page ${i + 1}`);
    assert.ok(p.includes('ร่าง ยังไม่ได้ประกาศ'), `draft mark on page ${i + 1}`);
  });
  const all = pages.join('\n');
  for (const code of codes) assert.equal(all.split(code).length - 1, 1, `area ${code} printed once`);
});

test('need-to-know: an area officer prints only their areas; no session is refused; a missing list is a 404', async () => {
  const id = await draft(2572);
  const officer = await t.userCookie('area_officer', { areaCodes: ['320101'] });
  const mine = (await pdfPages(id, officer)).join('\n');
  assert.ok(mine.includes('320101') && mine.includes(VILLAGE));
  assert.ok(!mine.includes('320102'), 'an area outside the scope is not printed');
  assert.ok(mine.replace(/\s+/g, ' ').includes('จำนวน 2 พื้นที่ (เฉพาะพื้นที่ในความรับผิดชอบของผู้พิมพ์)'));

  const anonymous = await t.app.inject({ url: `/api/targets/${id}/export.pdf` });
  assert.equal(anonymous.statusCode, 401);
  assert.notEqual(anonymous.headers['content-type'], 'application/pdf');

  const missing = await req('GET', '/api/targets/999999/export.pdf', viewerCookie);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().message, 'target list 999999 not found');
  const bad = await req('GET', '/api/targets/abc/export.pdf', viewerCookie);
  assert.equal(bad.statusCode, 400);
});
