/**
 * The people's voice of the demo province (src/server/demo/feedback.ts): answers through the three
 * channels that follow the rules of real ones, meetings, needs, moderation and consent, the closed
 * and provisional snapshots and the indicator they feed; deterministic, replaced on reload.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadDemo } from '../demo/service.ts';

let t: TestApp;
/** FY 2569 Q2 is running; FY 2568 has ended. */
const NOW = new Date('2026-02-15T03:00:00Z');
const log: string[] = [];

before(async () => {
  t = await startTestApp();
  await loadDemo(t.db, { incidents: 300, seed: 5, now: NOW, log: (l) => log.push(l) });
});
after(async () => t?.close());

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await t.db.query<T>(sql, params)).rows[0];
}

/** Everything the demo wrote of the people's voice, ids left out (a reload numbers projects anew), in a stable order. */
async function fingerprint(): Promise<string> {
  return (await one<{ f: string }>(
    `SELECT md5(coalesce((SELECT string_agg(l, ';' ORDER BY l) FROM (SELECT concat_ws('|', p.title, f.subdistrict_code, f.village_code, f.meets, f.rating,
                            f.comment, f.channel, f.client_key, f.received_at, f.hidden_reason) AS l FROM feedback f JOIN project p ON p.id = f.project_id) a), '')
             || coalesce((SELECT string_agg(l, ';' ORDER BY l) FROM (SELECT concat_ws('|', n.subdistrict_code, n.category_code, n.description, n.channel,
                            n.received_at, p.title) AS l FROM need n LEFT JOIN project p ON p.id = n.project_id) b), '')) AS f`,
  )).f;
}

test('a few thousand answers through the three channels, following the rules of real answers', async () => {
  const c = await one<Record<string, number>>(
    `SELECT count(*)::int AS answers,
            count(*) FILTER (WHERE f.channel = 'public_web')::int AS public,
            count(*) FILTER (WHERE f.channel = 'village_meeting')::int AS village,
            count(*) FILTER (WHERE f.channel = 'peace_council')::int AS council,
            count(*) FILTER (WHERE NOT f.is_demo)::int AS not_demo,
            count(*) FILTER (WHERE p.visibility <> 'public' OR NOT p.is_demo)::int AS not_public,
            count(*) FILTER (WHERE p.fiscal_year <> f.fiscal_year)::int AS other_year,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM project_area pa WHERE pa.project_id = p.id AND pa.subdistrict_code = f.subdistrict_code))::int AS elsewhere,
            count(*) FILTER (WHERE f.received_at >= $1)::int AS future,
            count(*) FILTER (WHERE f.fiscal_year <> extract(year FROM (f.received_at AT TIME ZONE 'UTC') + interval '7 hours 3 months')::int + 543
                               OR f.quarter <> extract(quarter FROM (f.received_at AT TIME ZONE 'UTC') + interval '7 hours 3 months')::int)::int AS wrong_period,
            count(*) FILTER (WHERE m.id IS NOT NULL AND m.channel <> f.channel OR m.id IS NOT NULL AND m.subdistrict_code <> f.subdistrict_code)::int AS meeting_mismatch,
            count(*) FILTER (WHERE f.channel = 'public_web' AND f.rating IS NULL)::int AS public_unrated,
            count(DISTINCT f.comment) FILTER (WHERE f.hidden_at IS NULL AND f.comment <> '')::int AS phrases,
            count(*) FILTER (WHERE f.hidden_at IS NOT NULL)::int AS hidden,
            count(DISTINCT f.fiscal_year)::int AS years
     FROM feedback f JOIN project p ON p.id = f.project_id LEFT JOIN feedback_meeting m ON m.id = f.meeting_id`,
    [NOW],
  );
  assert.ok(c.answers >= 2000 && c.answers <= 6000, `a few thousand answers: ${c.answers}`);
  assert.ok(c.public > c.answers / 3 && c.village > 100 && c.council > 30, JSON.stringify(c));
  assert.deepEqual(
    [c.not_demo, c.not_public, c.other_year, c.elsewhere, c.future, c.wrong_period, c.meeting_mismatch, c.public_unrated, c.years],
    [0, 0, 0, 0, 0, 0, 0, 0, 2],
    'marked demo; public projects of the answer\'s fiscal year reaching its sub-district; in the quarter they reached COMAP, Thai time',
  );
  assert.ok(c.phrases >= 25, `varied comments: ${c.phrases}`);
  assert.equal(c.hidden, 4, 'a few comments hidden by moderation');
  const hidden = await one<{ n: number }>(`SELECT count(*)::int AS n FROM feedback WHERE hidden_at IS NOT NULL AND length(hidden_reason) > 3 AND hidden_at > received_at AND hidden_at < $1`, [NOW]);
  assert.equal(hidden.n, 4, 'each with its reason, after the answer');

  const m = await one<{ meetings: number; empty: number; demo: number; low: number }>(
    `SELECT count(*)::int AS meetings, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM feedback f WHERE f.meeting_id = m.id))::int AS empty,
            count(*) FILTER (WHERE m.is_demo)::int AS demo,
            count(*) FILTER (WHERE m.attendance < (SELECT count(*) FROM feedback f WHERE f.meeting_id = m.id))::int AS low
     FROM feedback_meeting m`,
  );
  assert.ok(m.meetings >= 15, `some meetings: ${m.meetings}`);
  assert.deepEqual([m.empty, m.demo, m.low], [0, m.meetings, 0], 'each meeting recorded answers, no more than its attendance');

  const n = await one<{ needs: number; linked: number; bad_link: number; from_meetings: number }>(
    `SELECT count(*)::int AS needs, count(project_id)::int AS linked,
            count(*) FILTER (WHERE project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_area pa WHERE pa.project_id = n.project_id AND pa.subdistrict_code = n.subdistrict_code))::int AS bad_link,
            count(meeting_id)::int AS from_meetings
     FROM need n WHERE is_demo`,
  );
  assert.ok(n.needs >= 30 && n.linked >= 5 && n.from_meetings >= 5, JSON.stringify(n));
  assert.equal(n.bad_link, 0, 'a need is answered by a project reaching its sub-district');

  const k = await one<{ contacts: number; expired: number; unconsented: number }>(
    `SELECT count(*)::int AS contacts, count(*) FILTER (WHERE delete_after <= $1)::int AS expired,
            count(*) FILTER (WHERE consent_version <> 'pdpa-2569-1' OR consent_at > $1)::int AS unconsented FROM public_contact`,
    [NOW],
  );
  assert.ok(k.contacts >= 3 && k.contacts <= 10, `a handful of contacts: ${k.contacts}`);
  assert.deepEqual([k.expired, k.unconsented], [0, 0]);
  assert.ok(log.some((l) => /^demo: [\d,]+ answers \(\d+ village meetings and peace council sittings\), \d+ needs/.test(l)), log.join('\n'));
});

test('ended periods are closed, the running quarter and year provisional; the indicator reads them', async () => {
  const snaps = (await t.db.query<{ fiscal_year: number; quarter: number; state: string; answers: number }>(
    `SELECT fiscal_year, quarter, state, answers FROM evaluation_snapshot WHERE province_code = '98' ORDER BY fiscal_year, quarter`,
  )).rows.map((s) => [s.fiscal_year, Number(s.quarter), s.state]);
  assert.deepEqual(snaps, [
    [2568, 0, 'closed'], [2568, 1, 'closed'], [2568, 2, 'closed'], [2568, 3, 'closed'], [2568, 4, 'closed'],
    [2569, 0, 'provisional'], [2569, 1, 'closed'], [2569, 2, 'provisional'],
  ]);
  const y = await one<{ snap: number; direct: number }>(
    `SELECT (SELECT answers FROM evaluation_snapshot WHERE province_code = '98' AND fiscal_year = 2568 AND quarter = 0) AS snap,
            (SELECT count(*)::int FROM feedback WHERE fiscal_year = 2568) AS direct`,
  );
  assert.equal(y.snap, y.direct);
  const v = await one<{ value: number | null; denominator: number | null }>(
    `SELECT v.value, v.denominator FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
     WHERE i.province_code = '98' AND i.code = 'projects_meeting_needs' AND v.fiscal_year = 2568 AND v.quarter = 0 AND v.area_code = '98'`,
  );
  assert.ok(v.value != null && v.value > 0 && v.value < 100 && Number(v.denominator) >= 20, `a share of the judged project-areas: ${JSON.stringify(v)}`);
});

test('a reload with the same seed gives the same answers and replaces them; another seed others', async () => {
  const first = await fingerprint();
  const count = await one<{ n: number }>('SELECT count(*)::int AS n FROM feedback');
  await loadDemo(t.db, { incidents: 300, seed: 5, now: NOW });
  assert.equal(await fingerprint(), first);
  assert.equal((await one<{ n: number }>('SELECT count(*)::int AS n FROM feedback')).n, count.n, 'replaced, not added');
  assert.equal((await one<{ n: number }>(`SELECT count(*)::int AS n FROM evaluation_snapshot WHERE province_code = '98'`)).n, 8);
  await loadDemo(t.db, { incidents: 300, seed: 6, now: NOW });
  assert.notEqual(await fingerprint(), first);
});
