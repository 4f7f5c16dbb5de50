/**
 * The people's evaluation through HTTP (issue 5, section 3): the lines of every dimension against
 * a small set counted by hand, too few to judge, closed quarters that never change, provisional
 * ones that move on recompute, the XLSX and CSV downloads, what a user limited to some areas sees,
 * and the figures that reach the indicator, the dashboard and the annual report. Answers are
 * written with SQL (the public endpoints are tested on their own).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { TestApp } from '../testing/test-app.ts';
import { FY_NOW, FY_PAST, projectInput, requestAs, startProjectsTestApp, VILLAGE, type ProjectsTestApp } from '../projects/test-fixtures.ts';
import { fiscalQuarterOf, fiscalQuarterPeriod } from '../../shared/fiscal.ts';
import { closeEndedPeriods } from './service.ts';
import { EXPORT_HEADERS, LINES_SHEET, SNAPSHOTS_SHEET, TOO_FEW_TH } from './export.ts';

let s: ProjectsTestApp;
let t: TestApp;
/** The running quarter, whose snapshot is provisional. */
const Q_NOW = fiscalQuarterOf(new Date());
let P1: number;
let P2: number;
let P3: number;
let P4: number;
let keys = 0;

const req = (method: string, url: string, cookie: string, payload?: unknown) => requestAs(t, method, url, cookie, payload);

async function project(over: Parameters<typeof projectInput>[1], agency: number): Promise<number> {
  const r = await req('POST', '/api/projects', s.analyst, projectInput(agency, over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

async function meeting(sub: string, channel: 'village_meeting' | 'peace_council'): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO feedback_meeting (province_code, subdistrict_code, meeting_date, place, attendance, channel) VALUES ('32', $1, current_date, 'ศาลาประชาคม', 40, $2) RETURNING id`,
    [sub, channel],
  );
  return Number(r.rows[0].id);
}

/**
 * Writes answers [meets, rating] of one project from one sub-district, received at `at` (default:
 * a second ago, in the running quarter), through a meeting or the public website.
 */
async function answers(projectId: number, sub: string, list: Array<[string, number | null]>, opts: { meeting?: number; channel?: string; at?: Date } = {}): Promise<void> {
  const at = opts.at ?? new Date(Date.now() - 1000);
  for (const [meets, rating] of list) {
    const pub = opts.meeting == null;
    await t.db.query(
      `INSERT INTO feedback (project_id, province_code, subdistrict_code, meets, rating, comment, channel, meeting_id, client_key, received_at, fiscal_year, quarter)
       VALUES ($1, '32', $2, $3, $4, 'ความเห็นทดสอบ', $5, $6, $7, $8, $9, $10)`,
      [projectId, sub, meets, rating, pub ? 'public_web' : opts.channel, opts.meeting ?? null, pub ? `key-${++keys}` : null, at,
        ...(() => { const { fy, q } = periodOf(at); return [fy, q]; })()],
    );
  }
}

function periodOf(at: Date): { fy: number; q: number } {
  for (const fy of [FY_PAST - 1, FY_PAST, FY_NOW]) {
    for (let q = 1; q <= 4; q++) {
      const p = fiscalQuarterPeriod(fy, q);
      if (at >= p.start && at < p.end) return { fy, q };
    }
  }
  throw new Error(`no period for ${at.toISOString()}`);
}

async function evaluation(cookie: string, query: string): Promise<{ snapshot: any; lines: any[] }> {
  const r = await req('GET', `/api/evaluation?provinceCode=32&${query}`, cookie);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

async function recompute(cookie: string, fiscalYear: number, quarter: number) {
  return req('POST', '/api/evaluation/recompute', cookie, { provinceCode: '32', fiscalYear, quarter });
}

const counts = (l: any) => [l.answers, l.yes, l.partly, l.no, l.rated, l.ratingSum];
const line = (lines: any[], dimension: string, key: string | number) => lines.find((l) => l.dimension === dimension && l.key === String(key));

before(async () => {
  s = await startProjectsTestApp();
  t = s.t;
  // P1 (police, public) in two sub-districts and a village of district 3201; P2 (irrigation) in 3202;
  // P3 (police, internal) in 3201; P4 (police) of last fiscal year.
  P1 = await project({ fiscalYear: FY_NOW, title: 'โครงการหมู่บ้านปลอดยาเสพติด', categories: ['drugs', 'crime'], areaCodes: ['320101', VILLAGE, '320102'], visibility: 'public' }, s.police);
  P2 = await project({ fiscalYear: FY_NOW, title: 'โครงการสร้างฝายชะลอน้ำ', categories: ['drought'], areaCodes: ['320201'], visibility: 'public' }, s.irrigation);
  P3 = await project({ fiscalYear: FY_NOW, title: 'โครงการเฝ้าระวังภายใน', categories: ['drugs'], areaCodes: ['320103'], visibility: 'internal' }, s.police);
  P4 = await project({ fiscalYear: FY_PAST, title: 'โครงการปีที่แล้ว', categories: ['flood'], areaCodes: ['320101'], visibility: 'public' }, s.police);

  // The running quarter, counted by hand below.
  await answers(P1, '320101', [['yes', 5], ['yes', 4], ['yes', 5], ['partly', 3], ['no', 2]]);
  await answers(P1, '320101', [['yes', null], ['no', 1]], { meeting: await meeting('320101', 'village_meeting'), channel: 'village_meeting' });
  await answers(P1, '320102', [['yes', 4], ['no', 1], ['no', 2]]);
  await answers(P2, '320201', [['yes', 5], ['yes', 5], ['partly', 3], ['partly', null], ['no', 2]], { meeting: await meeting('320201', 'peace_council'), channel: 'peace_council' });
  await answers(P3, '320103', [['yes', 4], ['yes', 4], ['yes', 4], ['yes', 4], ['yes', 4]], { meeting: await meeting('320103', 'village_meeting'), channel: 'village_meeting' });
  // Q2 of last fiscal year: three answers about P4.
  await answers(P4, '320101', [['yes', 5], ['yes', 4], ['partly', 3]], { at: new Date(fiscalQuarterPeriod(FY_PAST, 2).start.getTime() + 86_400_000) });
});
after(async () => t?.close());

test('no snapshot yet: null and no lines, never an error', async () => {
  const e = await evaluation(s.viewer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`);
  assert.deepEqual(e, { snapshot: null, lines: [] });
});

test('recompute is for administrators and analysts, audited; the lines of every dimension are the counts by hand', async () => {
  assert.equal((await recompute(s.viewer, FY_NOW, Q_NOW)).statusCode, 403);
  assert.equal((await recompute(s.policeOfficer, FY_NOW, Q_NOW)).statusCode, 403);
  assert.equal((await recompute(s.areaOfficer, FY_NOW, Q_NOW)).statusCode, 403);
  const bad = await recompute(s.analyst, FY_NOW + 1, 1);
  assert.equal(bad.statusCode, 400, 'a period that has not started');
  assert.match(bad.json().message, /has not started/);
  assert.equal((await req('POST', '/api/evaluation/recompute', s.analyst, { provinceCode: '32', fiscalYear: FY_NOW, quarter: 7 })).statusCode, 400);
  assert.equal((await req('POST', '/api/evaluation/recompute', s.analyst, { provinceCode: '99', fiscalYear: FY_NOW, quarter: 1 })).statusCode, 404);
  assert.equal(Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluation_snapshot')).rows[0].n), 0, 'refusals store nothing');

  const r = await recompute(s.analyst, FY_NOW, Q_NOW);
  assert.equal(r.statusCode, 200, r.body);
  const snap = r.json().snapshot;
  assert.deepEqual([snap.provinceCode, snap.fiscalYear, snap.quarter, snap.state, snap.minAnswers, snap.answers, snap.closedAt], ['32', FY_NOW, Q_NOW, 'provisional', 5, 20, null]);
  const audit = (await t.db.query<{ action: string; after: any }>(`SELECT action, after FROM audit_log WHERE entity = 'evaluation_snapshot' AND entity_id = $1`, [String(snap.id)])).rows;
  assert.deepEqual(audit.map((a) => [a.action, a.after.answers]), [['recompute', 20]]);

  const { snapshot, lines } = await evaluation(s.viewer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`);
  assert.equal(snapshot.id, snap.id);
  // [answers, yes, partly, no, rated, rating sum]
  const expected: Array<[string, string | number, number[]]> = [
    ['province', '32', [20, 12, 3, 5, 18, 62]],
    ['project', P1, [10, 5, 1, 4, 9, 27]], ['project', P2, [5, 2, 2, 1, 4, 15]], ['project', P3, [5, 5, 0, 0, 5, 20]],
    ['project_area', `${P1}:320101`, [7, 4, 1, 2, 6, 20]], ['project_area', `${P1}:320102`, [3, 1, 0, 2, 3, 7]],
    ['project_area', `${P2}:320201`, [5, 2, 2, 1, 4, 15]], ['project_area', `${P3}:320103`, [5, 5, 0, 0, 5, 20]],
    ['agency', s.police, [15, 10, 1, 4, 14, 47]], ['agency', s.irrigation, [5, 2, 2, 1, 4, 15]],
    ['subdistrict', '320101', [7, 4, 1, 2, 6, 20]], ['subdistrict', '320102', [3, 1, 0, 2, 3, 7]], ['subdistrict', '320103', [5, 5, 0, 0, 5, 20]], ['subdistrict', '320201', [5, 2, 2, 1, 4, 15]],
    ['district', '3201', [15, 10, 1, 4, 14, 47]], ['district', '3202', [5, 2, 2, 1, 4, 15]],
    ['category', 'drugs', [15, 10, 1, 4, 14, 47]], ['category', 'crime', [10, 5, 1, 4, 9, 27]], ['category', 'drought', [5, 2, 2, 1, 4, 15]],
    ['channel', 'public_web', [8, 4, 1, 3, 8, 26]], ['channel', 'village_meeting', [7, 6, 0, 1, 6, 21]], ['channel', 'peace_council', [5, 2, 2, 1, 4, 15]],
  ];
  assert.equal(lines.length, expected.length, 'one line per key of each dimension, nothing else');
  for (const [d, k, c] of expected) assert.deepEqual(counts(line(lines, d, k) ?? {}), c, `${d} ${k}`);
  assert.deepEqual(lines.map((l) => l.answers), [...lines.map((l) => l.answers)].sort((a, b) => b - a), 'most answers first');

  const province = line(lines, 'province', '32');
  assert.deepEqual([province.labelTh, province.labelEn, province.shareMeets, province.meanRating, province.tooFew], ['สุรินทร์', 'Surin', 0.6, 62 / 18, false]);
  assert.deepEqual([line(lines, 'subdistrict', '320101').labelTh, line(lines, 'subdistrict', '320101').labelEn], ['ต.ในเมือง อ.เมืองสุรินทร์', 'Nai Mueang, Mueang Surin']);
  assert.deepEqual([line(lines, 'district', '3202').labelTh, line(lines, 'district', '3202').labelEn], ['อ.ชุมพลบุรี', 'Chumphon Buri']);
  assert.equal(line(lines, 'project_area', `${P1}:320102`).labelTh, 'โครงการหมู่บ้านปลอดยาเสพติด (ต.ตั้งใจ อ.เมืองสุรินทร์)');
  assert.equal(line(lines, 'agency', s.irrigation).labelTh, 'สำนักงานชลประทานที่ 8');
  assert.deepEqual([line(lines, 'category', 'drought').labelTh, line(lines, 'category', 'drought').labelEn], ['ภัยแล้งและการขาดแคลนน้ำ', 'Drought and water shortage']);
  assert.deepEqual([line(lines, 'channel', 'peace_council').labelTh, line(lines, 'channel', 'peace_council').labelEn], ['สภาสันติสุขตำบล', 'Peace council']);
  assert.equal(line(lines, 'project', P3).labelTh, 'โครงการเฝ้าระวังภายใน', 'an internal project is read by signed-in users, as in the project register');

  // Too few to judge: below the snapshot's minimum of 5 answers.
  assert.equal(line(lines, 'project_area', `${P1}:320102`).tooFew, true);
  assert.equal(line(lines, 'subdistrict', '320102').tooFew, true);
  assert.equal(line(lines, 'project_area', `${P2}:320201`).tooFew, false, 'exactly the minimum is enough');
  assert.equal(line(lines, 'channel', 'public_web').meanRating, 26 / 8);
  assert.equal(line(lines, 'project', P3).shareMeets, 1);

  const one = await evaluation(s.viewer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}&dimension=district`);
  assert.deepEqual(one.lines.map((l) => l.key), ['3201', '3202']);
  assert.equal((await req('GET', `/api/evaluation?provinceCode=32&dimension=village`, s.viewer)).statusCode, 400);
  const dflt = await evaluation(s.viewer, '');
  assert.equal(dflt.snapshot?.id, snap.id, 'the running quarter by default');
});

test('a closed quarter does not change when later feedback arrives; closing is idempotent', async () => {
  const r = await recompute(s.analyst, FY_PAST, 2);
  assert.equal(r.statusCode, 200, r.body);
  const closed = r.json().snapshot;
  assert.deepEqual([closed.state, closed.answers, typeof closed.closedAt], ['closed', 3, 'string'], 'an ended period is closed, not left provisional');
  const before = await evaluation(s.viewer, `fiscalYear=${FY_PAST}&quarter=2`);
  assert.deepEqual(counts(line(before.lines, 'project', P4)), [3, 2, 1, 0, 3, 12]);

  // An answer written into that quarter later (around the API): the snapshot does not take it.
  await answers(P4, '320101', [['no', 1]], { at: new Date(fiscalQuarterPeriod(FY_PAST, 2).start.getTime() + 2 * 86_400_000) });
  const again = await recompute(s.admin, FY_PAST, 2);
  assert.equal(again.statusCode, 409);
  assert.match(again.json().message, /closed.*never recomputed/);
  assert.deepEqual(await evaluation(s.viewer, `fiscalYear=${FY_PAST}&quarter=2`), before);

  // The hourly job closes every other ended period of this and last fiscal year, and only once.
  const n = await closeEndedPeriods(t.db);
  const ended = [1, 2, 3, 4].filter((q) => fiscalQuarterPeriod(FY_NOW, q).end <= new Date()).length;
  assert.equal(n, 4 + 1 - 1 + ended, 'last year: Q1-Q4 and the year less Q2 already closed; this year: its ended quarters');
  assert.equal(await closeEndedPeriods(t.db), 0);
  assert.deepEqual(await evaluation(s.viewer, `fiscalYear=${FY_PAST}&quarter=2`), before);
  const year = await evaluation(s.viewer, `fiscalYear=${FY_PAST}&quarter=0`);
  assert.deepEqual([year.snapshot.state, year.snapshot.answers], ['closed', 4], 'the year, closed after Q2 got its late answer, counts it');
  const audits = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'evaluation_snapshot' AND action = 'close' AND username = 'system'`)).rows[0].n;
  assert.equal(Number(audits), n, 'each close by the job is audited');

  const history = (await req('GET', '/api/evaluation/history?provinceCode=32', s.viewer)).json().snapshots;
  assert.deepEqual(history.slice(0, 2).map((x: any) => [x.fiscalYear, x.quarter]), [[FY_NOW, Q_NOW], ...(Q_NOW > 1 ? [[FY_NOW, Q_NOW - 1]] : [[FY_PAST, 0]])], 'newest first');
  assert.ok(history.some((x: any) => x.fiscalYear === FY_PAST && x.quarter === 2 && x.state === 'closed'));
});

test('an area officer sees the lines of their areas only; the province line only with the province as scope', async () => {
  const { snapshot, lines } = await evaluation(s.areaOfficer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`);
  const seen = lines.map((l) => `${l.dimension}:${l.key}`).sort();
  assert.deepEqual(seen, [
    'district:3201', `project:${P1}`, `project:${P3}`, `project_area:${P1}:320101`, `project_area:${P1}:320102`, `project_area:${P3}:320103`,
    'subdistrict:320101', 'subdistrict:320102', 'subdistrict:320103',
  ].sort(), 'district 3201: no province, agency, category or channel line, nothing of district 3202');
  assert.equal(snapshot.answers, 15, 'the total is that of their sub-districts');
  assert.deepEqual(counts(line(lines, 'project', P1)), [10, 5, 1, 4, 9, 27], 'a project reaching their area, with all its answers');

  const village = await t.userCookie('area_officer', { areaCodes: [VILLAGE] });
  const v = await evaluation(village, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`);
  assert.deepEqual(v.lines.map((l) => `${l.dimension}:${l.key}`).sort(), [`project:${P1}`, `project_area:${P1}:320101`, 'subdistrict:320101'].sort(), 'a village sees its sub-district');
  const whole = await t.userCookie('area_officer', { areaCodes: ['32'] });
  assert.equal((await evaluation(whole, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`)).lines.length, 22, 'the province as scope: every line');
  // An area officer whose areas were all taken away (an account cannot be created so).
  const none = await t.userCookie('area_officer', { areaCodes: ['3201'], username: 'noareas' });
  await t.db.query(`DELETE FROM user_area WHERE user_id = (SELECT id FROM app_user WHERE username = 'noareas')`);
  assert.equal((await req('GET', '/api/evaluation?provinceCode=32', none)).statusCode, 403, 'an area officer without areas sees nothing');
  const other = await t.userCookie('area_officer', { areaCodes: ['96'] });
  assert.equal((await req('GET', '/api/evaluation?provinceCode=32', other)).statusCode, 403);
  for (const [m, u] of [['GET', '/api/evaluation?provinceCode=32'], ['POST', '/api/evaluation/recompute'], ['GET', '/api/evaluation/history?provinceCode=32'], ['GET', '/api/evaluation/export?provinceCode=32']]) {
    assert.equal((await req(m, u, '')).statusCode, 401, `${m} ${u} without a session`);
  }
  const hist = (await req('GET', '/api/evaluation/history?provinceCode=32', s.areaOfficer)).json().snapshots;
  assert.equal(hist.find((x: any) => x.fiscalYear === FY_NOW && x.quarter === Q_NOW).answers, 15);
});

test('export: XLSX and CSV with Thai headers, the labels and the figures of every snapshot of the year', async () => {
  const x = await req('GET', `/api/evaluation/export?provinceCode=32&fiscalYear=${FY_NOW}&format=xlsx`, s.viewer);
  assert.equal(x.statusCode, 200, x.body);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  assert.match(String(x.headers['content-disposition']), new RegExp(`evaluation-32-${FY_NOW}\\.xlsx`));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), [LINES_SHEET, SNAPSHOTS_SHEET]);
  const ws = wb.getWorksheet(LINES_SHEET)!;
  assert.match(String(ws.getCell(1, 1).value), new RegExp(`จังหวัดสุรินทร์ ปีงบประมาณ ${FY_NOW}`));
  assert.deepEqual((ws.getRow(4).values as unknown[]).slice(1), [...EXPORT_HEADERS]);
  const rows: unknown[][] = [];
  ws.eachRow((r, i) => { if (i > 4) rows.push((r.values as unknown[]).slice(1)); });
  const mine = rows.filter((r) => r[2] === Q_NOW);
  const prov = mine.find((r) => r[4] === 'จังหวัด')!;
  assert.deepEqual(prov.slice(0, 15), [`ไตรมาส ${Q_NOW} ปีงบประมาณ ${FY_NOW}`, FY_NOW, Q_NOW, 'ผลเบื้องต้น (ยังไม่ปิดงวด)', 'จังหวัด', '32', 'สุรินทร์', 'Surin', 20, 12, 3, 5, 0.6, 18, 3.44]);
  assert.ok(!prov[15], 'enough answers: no note');
  const thin = mine.find((r) => r[5] === `${P1}:320102`)!;
  assert.deepEqual([thin[4], thin[6], thin[8], thin[12], thin[15]], ['โครงการรายตำบล', 'โครงการหมู่บ้านปลอดยาเสพติด (ต.ตั้งใจ อ.เมืองสุรินทร์)', 3, 1 / 3, TOO_FEW_TH]);
  assert.equal(mine.length, 22);
  assert.equal(ws.getColumn(13).numFmt, '0.0%');
  const snaps: unknown[][] = [];
  wb.getWorksheet(SNAPSHOTS_SHEET)!.eachRow((r, i) => { if (i > 4) snaps.push((r.values as unknown[]).slice(1)); });
  assert.ok(snaps.some((r) => r[0] === `ไตรมาส ${Q_NOW} ปีงบประมาณ ${FY_NOW}` && r[2] === 20 && r[3] === 5));

  const c = await req('GET', `/api/evaluation/export?provinceCode=32&fiscalYear=${FY_NOW}&format=csv`, s.viewer);
  assert.equal(c.statusCode, 200);
  assert.match(String(c.headers['content-type']), /text\/csv; charset=utf-8/);
  assert.equal(c.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 byte-order mark, so Excel reads Thai');
  const text = c.rawPayload.toString('utf8').slice(1);
  const csvLines = text.trim().split('\r\n');
  assert.equal(csvLines[0], EXPORT_HEADERS.join(','));
  assert.ok(csvLines.includes(`ไตรมาส ${Q_NOW} ปีงบประมาณ ${FY_NOW},${FY_NOW},${Q_NOW},ผลเบื้องต้น (ยังไม่ปิดงวด),โครงการ,${P1},โครงการหมู่บ้านปลอดยาเสพติด,โครงการหมู่บ้านปลอดยาเสพติด,10,5,1,4,50,9,3,`), 'P1: share as a percentage');
  assert.ok(csvLines.some((l) => l.includes(',สภาสันติสุขตำบล,Peace council,5,2,2,1,40,4,3.75,')));

  // The area officer's download holds their lines only.
  const mineCsv = (await req('GET', `/api/evaluation/export?provinceCode=32&fiscalYear=${FY_NOW}&format=csv`, s.areaOfficer)).rawPayload.toString('utf8');
  assert.ok(!mineCsv.includes(',จังหวัด,') && !mineCsv.includes('ชุมพลบุรี') && mineCsv.includes('ต.ตั้งใจ อ.เมืองสุรินทร์'));
});

test('the indicator, the dashboard and the annual report read the snapshots', async () => {
  // Project-areas judged this quarter: P1 in 320101 met (4 yes of 7), P1 in 320102 too few, P2 in 320201 not (2 of 5), P3 met.
  const run = await req('POST', '/api/indicators/compute', s.analyst, { province: '32', fiscalYears: [FY_NOW] });
  assert.equal(run.statusCode, 200, run.body);
  const value = async (area: string) => {
    const r = await req('GET', `/api/indicators/values?province=32&indicator=projects_meeting_needs&fy=${FY_NOW}&quarter=${Q_NOW}&area=${area}`, s.analyst);
    return r.json().items.find((v: any) => v.areaCode === area);
  };
  const p = await value('32');
  assert.deepEqual([p.numerator, p.denominator, Math.round(p.value * 100) / 100], [2, 3, 66.67]);
  assert.deepEqual([(await value('3201')).value, (await value('3202')).value], [100, 0]);
  const ind = (await req('GET', '/api/indicators?province=32', s.analyst)).json().items.find((i: any) => i.code === 'projects_meeting_needs');
  assert.doesNotMatch(ind.description, /ยังไม่เปิดใช้งาน|once that module is available/);

  const dash = (await req('GET', `/api/dashboard?province=32&fy=${FY_NOW}&quarter=${Q_NOW}`, s.viewer)).json();
  assert.deepEqual([dash.evaluation.answers, dash.evaluation.yes, dash.evaluation.shareMeets, dash.evaluation.state, dash.evaluation.tooFew], [20, 12, 0.6, 'provisional', false]);
  assert.deepEqual(dash.evaluation.agencies.map((a: any) => [a.labelTh, a.answers, a.yes]), [['ตำรวจภูธรจังหวัดสุรินทร์', 15, 10], ['สำนักงานชลประทานที่ 8', 5, 2]]);
  const district = (await req('GET', `/api/dashboard?province=32&fy=${FY_NOW}&quarter=${Q_NOW}&area=3202`, s.viewer)).json();
  assert.deepEqual([district.evaluation.answers, district.evaluation.agencies.length, district.evaluation.meanRating], [5, 1, 15 / 4]);
  const officer = (await req('GET', `/api/dashboard?province=32&fy=${FY_NOW}&quarter=${Q_NOW}`, s.areaOfficer)).json();
  assert.equal(officer.evaluation.answers, 15, 'the area officer: their district only');
  if (Q_NOW < 4) {
    const later = (await req('GET', `/api/dashboard?province=32&fy=${FY_NOW}&quarter=${Q_NOW + 1}`, s.viewer)).json();
    assert.equal(later.evaluation, null, 'a quarter without a snapshot');
  }

  // The annual report of this fiscal year, once its (provisional) year snapshot exists.
  assert.equal((await recompute(s.analyst, FY_NOW, 0)).json().snapshot.answers, 20);
  const x = await req('GET', `/api/reports/annual.xlsx?province=32&fy=${FY_NOW}`, s.analyst);
  assert.equal(x.statusCode, 200, x.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.getWorksheet('การประเมิน')!.eachRow((r, i) => { if (i > 4) rows.push((r.values as unknown[]).slice(1)); });
  assert.deepEqual(rows, [['อ.ชุมพลบุรี', 5, 0.4], ['อ.เมืองสุรินทร์', 15, 10 / 15], ['ตำรวจภูธรจังหวัดสุรินทร์', 15, 10 / 15], ['สำนักงานชลประทานที่ 8', 5, 0.4]]);
  const pdf = await req('GET', `/api/reports/annual.pdf?province=32&fy=${FY_NOW}`, s.analyst);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
});

test('a provisional snapshot moves after a recompute, with the minimum in force then; a closed one keeps its own', async () => {
  await answers(P2, '320201', [['yes', 5], ['yes', 4]]);
  const stale = await evaluation(s.viewer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}&dimension=project`);
  assert.deepEqual(counts(line(stale.lines, 'project', P2)), [5, 2, 2, 1, 4, 15], 'not before the recompute');
  await t.db.query(`UPDATE app_setting SET value = '8' WHERE key = 'evaluation_min_answers'`);
  const r = await recompute(s.admin, FY_NOW, Q_NOW);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json().snapshot.answers, r.json().snapshot.minAnswers], [22, 8]);
  const moved = await evaluation(s.viewer, `fiscalYear=${FY_NOW}&quarter=${Q_NOW}`);
  assert.deepEqual(counts(line(moved.lines, 'project', P2)), [7, 4, 2, 1, 6, 24]);
  assert.deepEqual([line(moved.lines, 'project', P2).tooFew, line(moved.lines, 'project', P1).tooFew, line(moved.lines, 'project_area', `${P1}:320101`).tooFew], [true, false, true]);
  assert.equal(line(moved.lines, 'province', '32').shareMeets, 14 / 22);
  const closed = await evaluation(s.viewer, `fiscalYear=${FY_PAST}&quarter=2`);
  assert.deepEqual([closed.snapshot.minAnswers, line(closed.lines, 'province', '32').tooFew], [5, true], 'the closed snapshot keeps the minimum it was closed with');
  const audits = (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'evaluation_snapshot' AND username <> 'system' ORDER BY id`)).rows.map((a) => a.action);
  assert.deepEqual(audits, ['recompute', 'close', 'recompute', 'recompute']);
  await t.db.query(`UPDATE app_setting SET value = '5' WHERE key = 'evaluation_min_answers'`);
});
