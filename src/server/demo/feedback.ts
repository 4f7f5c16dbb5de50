/**
 * The people's voice of the demo province (issue 5): answers about its public projects over the
 * current and the previous fiscal year through the public website, village meetings and peace
 * council sittings; the meetings themselves; needs the people raised (some answered by a project);
 * a few moderated comments and a handful of contact details given with consent. Then the ended
 * periods are closed and the running quarter and year computed, so the evaluation, the indicator
 * and the dashboard have figures from the first start.
 *
 * Deterministic for a seed and a moment `now`; every row is marked is_demo. Each project has its
 * own "quality" (how often people say it meets their needs), so the evaluation shows real spread,
 * and some project-areas get too few answers to judge.
 */
import type { Queryable } from '../db/database.ts';
import { createRandom, mixSeed, type Random } from '../../shared/random.ts';
import { fiscalQuarterOf, fiscalQuarterPeriod, fiscalYearOf, fiscalYearPeriod, thaiDay } from '../../shared/fiscal.ts';
import { CONSENT_VERSION, type Meets } from '../../shared/feedback-types.ts';
import { provinceAreas, type DemoAreaRow } from '../projects/repository.ts';
import { closeProvincePeriods, refreshRunningPeriods } from '../evaluation/service.ts';
import * as repo from '../evaluation/demo-repository.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Public answers per project over a whole year of being open to answers, at popularity 1. */
const PUBLIC_PER_YEAR = 80;
/** Meetings per sub-district-quarter drawn, and public needs per fiscal year. */
const MEETINGS_PER_QUARTER = 9;
const PUBLIC_NEEDS_PER_YEAR = 22;

const GENERIC: Record<Meets, string[]> = {
  yes: [
    'เป็นโครงการที่ตรงกับความต้องการของหมู่บ้าน อยากให้ทำต่อเนื่องทุกปี',
    'เจ้าหน้าที่ลงพื้นที่บ่อย รับฟังความเห็นของชาวบ้าน',
    'ชาวบ้านได้ประโยชน์จริง ขอบคุณทุกหน่วยงานที่เข้ามาช่วยเหลือ',
    'ดำเนินการเสร็จตามกำหนด งานเรียบร้อยดี',
    'หมู่บ้านปลอดภัยขึ้นกว่าเดิมมาก',
    'เด็กและเยาวชนได้เข้าร่วมกิจกรรม ดีมากครับ',
    'ผู้นำชุมชนมีส่วนร่วมตั้งแต่ต้น ชาวบ้านจึงให้ความร่วมมือดี',
    'อยากให้ขยายโครงการไปหมู่บ้านข้างเคียงด้วย',
  ],
  partly: [
    'โครงการดี แต่ประชาสัมพันธ์น้อย หลายคนไม่รู้ว่ามีโครงการนี้',
    'ยังไม่ครอบคลุมทุกหมู่บ้านในตำบล',
    'ดำเนินการล่าช้ากว่าแผน แต่ผลงานที่ได้ใช้ประโยชน์ได้',
    'ควรจัดกิจกรรมในวันหยุด คนที่ทำงานจะได้เข้าร่วมได้',
    'งบประมาณน้อยไป ทำได้ไม่ทั่วถึง',
    'ช่วยได้บ้าง แต่ต้องมีการติดตามผลอย่างต่อเนื่อง',
    'อยากให้ชี้แจงรายละเอียดโครงการเป็นภาษาท้องถิ่นด้วย',
    'สถานที่จัดกิจกรรมอยู่ไกลจากหมู่บ้าน ผู้สูงอายุเดินทางลำบาก',
  ],
  no: [
    'ยังไม่เห็นการเปลี่ยนแปลงในหมู่บ้าน',
    'ไม่มีใครมาสอบถามความต้องการของชาวบ้านก่อนทำโครงการ',
    'ปัญหาในพื้นที่ยังเหมือนเดิม อยากให้เจ้าหน้าที่ลงมาดูอย่างจริงจัง',
    'ทำไม่ตรงจุด ชาวบ้านต้องการเรื่องอื่นมากกว่า',
    'ผู้รับจ้างทำงานไม่เรียบร้อย ทิ้งงานไว้หลายเดือน',
    'ไม่ทราบว่าโครงการนี้ดำเนินการที่ไหน ไม่เคยเห็นในหมู่บ้าน',
    'ชาวบ้านไม่ได้รับประโยชน์โดยตรง',
  ],
};

/** Comments that only make sense for projects of a category. */
const BY_CATEGORY: Record<string, Partial<Record<Meets, string[]>>> = {
  drugs: {
    yes: ['เยาวชนในหมู่บ้านห่างไกลยาเสพติดมากขึ้น', 'ผู้ที่ผ่านการบำบัดกลับมาทำงานได้ ครอบครัวดีใจมาก'],
    partly: ['อยากให้มีกิจกรรมกีฬาสำหรับเยาวชนมากกว่านี้'],
    no: ['ยังมีการซื้อขายยาเสพติดในหมู่บ้านช่วงกลางคืน'],
  },
  drought: {
    yes: ['ฝายช่วยกักเก็บน้ำได้ดี หน้าแล้งปีนี้มีน้ำใช้ทำการเกษตร'],
    partly: ['น้ำยังไม่พอใช้ในช่วงเดือนเมษายน'],
  },
  flood: {
    yes: ['ปีนี้น้ำไม่ท่วมถนนเข้าหมู่บ้านแล้ว'],
    no: ['ท่อระบายน้ำเล็กเกินไป ฝนตกหนักน้ำยังท่วมขัง'],
  },
  crime: {
    yes: ['มีกล้องวงจรปิดและไฟส่องสว่างแล้ว รู้สึกปลอดภัยขึ้น'],
    partly: ['กล้องบางตัวเสีย ยังไม่มีใครมาซ่อม'],
  },
  illegal_crossing: {
    yes: ['ลาดตระเวนบ่อยขึ้น คนแปลกหน้าเข้ามาในหมู่บ้านน้อยลง'],
    no: ['จุดตรวจตั้งอยู่ไกลจากเส้นทางที่มีการลักลอบจริง'],
  },
  smuggling: {
    partly: ['ตรวจเข้มเฉพาะช่วงแรก หลังจากนั้นก็กลับมาเหมือนเดิม'],
  },
};

/** Comments a moderator hid, with the reason (the answers still count). */
const HIDDEN: Array<[comment: string, reason: string]> = [
  ['ผู้ใหญ่บ้านเอางบโครงการไปใช้ส่วนตัว โทรถามได้ที่ 08x-xxx-xxxx', 'ระบุตัวบุคคลและเบอร์โทรศัพท์ กล่าวหาโดยไม่มีข้อมูลประกอบ'],
  ['โครงการห่วยมาก พวกเจ้าหน้าที่ไม่ได้เรื่องสักคน', 'ถ้อยคำไม่สุภาพ'],
  ['รับซื้อที่ดินทุกแปลง ให้ราคาดี ติดต่อทางไลน์', 'ข้อความโฆษณา ไม่เกี่ยวกับโครงการ'],
  ['อย่าไปร่วมกิจกรรมเลย เสียเวลาเปล่า บอกต่อกันด้วย', 'ชักชวนให้ต่อต้านโดยไม่แสดงความเห็นต่อโครงการ'],
];

const NEEDS: Record<string, string[]> = {
  drugs: ['อยากให้มีลานกีฬาและกิจกรรมสำหรับเยาวชนช่วงเย็น เพื่อให้ห่างไกลยาเสพติด', 'ขอให้ตำรวจตรวจตราบริเวณร้านค้าหัวมุมหมู่บ้านในเวลากลางคืน'],
  drought: ['ขอให้ขุดลอกสระน้ำประจำหมู่บ้าน หน้าแล้งน้ำไม่พอใช้', 'ต้องการระบบประปาหมู่บ้านที่ใช้ได้ตลอดปี'],
  flood: ['ถนนเข้าหมู่บ้านน้ำท่วมทุกปีช่วงเดือนตุลาคม ขอให้ยกระดับถนนและวางท่อระบายน้ำ'],
  crime: ['ขอไฟส่องสว่างบนถนนเส้นทางไปโรงเรียน ทางมืดและเปลี่ยว', 'ขอกล้องวงจรปิดบริเวณตลาดนัดประจำตำบล'],
  illegal_crossing: ['มีแรงงานต่างด้าวเข้ามาพักในสวนโดยไม่มีเอกสาร ขอให้เจ้าหน้าที่ตรวจสอบ'],
  smuggling: ['มีรถขนสินค้าผ่านเส้นทางในสวนยามวิกาลบ่อยครั้ง ขอให้ตั้งจุดตรวจ'],
  water_quality: ['น้ำประปาหมู่บ้านขุ่นและมีกลิ่น ขอให้ตรวจคุณภาพน้ำ'],
  forest: ['มีการลักลอบตัดไม้ในป่าชุมชน ขอให้จัดชุดลาดตระเวนร่วมกับชาวบ้าน'],
  unrest: ['ขอให้จัดเวทีพูดคุยสร้างความเข้าใจระหว่างเจ้าหน้าที่กับชาวบ้านทุกไตรมาส'],
  other: ['ขอฝึกอาชีพเย็บผ้าและทำขนมสำหรับกลุ่มแม่บ้าน', 'ขอซ่อมถนนลูกรังเข้าพื้นที่การเกษตร'],
};

const MEETING_NOTES = [
  'ผู้ใหญ่บ้านเป็นประธานการประชุม ชี้แจงโครงการในตำบลแล้วให้ที่ประชุมให้ความเห็นทีละโครงการ',
  'ประชุมร่วมกับสภาสันติสุขตำบล ผู้นำศาสนา และกำนัน',
  'เจ้าหน้าที่ฝ่ายปกครองอำเภอร่วมรับฟังความเห็น',
  'ที่ประชุมขอให้หน่วยงานแจ้งผลการดำเนินงานในการประชุมครั้งต่อไป',
  '',
];

const GIVEN = ['สมชาย', 'บุญมี', 'ประยูร', 'สุนทร', 'อำนาจ', 'สมหญิง', 'บุษบา', 'จันทร์เพ็ญ', 'สุดารัตน์', 'ประภา'];
const SURNAMES = ['ใจงาม', 'ศรีสุข', 'บุญมา', 'ทองดี', 'มีสุข', 'สุขเจริญ', 'พรหมมา', 'ชัยมงคล'];

export interface DemoFeedbackResult {
  answers: number;
  meetings: number;
  needs: number;
  contacts: number;
  snapshots: number;
}

interface Open {
  id: number;
  fiscalYear: number;
  categories: string[];
  /** Where people answer from: a sub-district, and the village when the project names one. */
  places: Array<{ sub: string; village: string | null }>;
  subs: string[];
  /** Answers are accepted in [from, to). */
  from: number;
  to: number;
  /** Chances of yes and no; partly is the rest. */
  pYes: number;
  pNo: number;
  popularity: number;
}

const hex = (rng: Random, n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
const isoAt = (t: number) => new Date(t).toISOString();

function answerOf(rng: Random, p: Open): { meets: Meets; rating: number } {
  const u = rng.next();
  const meets: Meets = u < p.pYes ? 'yes' : u < p.pYes + p.pNo ? 'no' : 'partly';
  const w = meets === 'yes' ? [0, 0, 1, 4, 5] : meets === 'partly' ? [0, 2, 6, 3, 0] : [4, 4, 2, 0, 0];
  return { meets, rating: rng.weighted(w) + 1 };
}

function commentOf(rng: Random, p: Open, meets: Meets): string {
  if (!rng.chance(0.4)) return '';
  const own = p.categories.flatMap((c) => BY_CATEGORY[c]?.[meets] ?? []);
  return own.length && rng.chance(0.35) ? rng.pick(own) : rng.pick(GENERIC[meets]);
}

/** A daytime instant (07:00-21:00 Thai time) of the day of `t`. */
function daytime(rng: Random, t: number): number {
  return new Date(`${thaiDay(new Date(t))}T00:00:00+07:00`).getTime() + rng.int(7 * 60, 21 * 60) * 60_000;
}

/**
 * Writes the demo's answers, meetings, needs and contacts for the public demo projects of
 * `provinceCode`, then closes its ended periods and computes the running quarter and year.
 */
export async function seedDemoFeedback(
  tx: Queryable, opts: { provinceCode: string; now: Date; seed: number; log?: (line: string) => void },
): Promise<DemoFeedbackResult> {
  const t0 = Date.now();
  const { provinceCode: province, now } = opts;
  const nowMs = now.getTime();
  const rng = createRandom(mixSeed(opts.seed, 'feedback'));
  const fyNow = fiscalYearOf(now);
  const areas = await provinceAreas(tx, province);
  const villagesOf = new Map<string, DemoAreaRow[]>();
  const nameOf = new Map(areas.map((a) => [a.code, a.name_th]));
  for (const a of areas) if (a.level === 4) villagesOf.set(a.code.slice(0, 6), [...(villagesOf.get(a.code.slice(0, 6)) ?? []), a]);
  const retention = await repo.contactRetentionDays(tx);

  // The projects people can answer about, and when.
  const open: Open[] = [];
  for (const [index, p] of (await repo.publicDemoProjects(tx, province)).entries()) {
    if (p.status === 'cancelled' || p.fiscal_year < fyNow - 1 || p.fiscal_year > fyNow) continue;
    const year = fiscalYearPeriod(p.fiscal_year);
    const start = p.start_date ? new Date(`${p.start_date}T00:00:00+07:00`).getTime() : year.start.getTime();
    const from = Math.max(year.start.getTime(), start);
    const to = Math.min(nowMs, year.end.getTime());
    if (to - from < 7 * DAY_MS) continue;
    // By position, not id: a reload numbers the projects anew but lists them in the same order.
    const pr = rng.fork(`project-${index}`);
    const places = p.area_codes.map((c) => {
      if (c.length === 8) return { sub: c.slice(0, 6), village: c };
      const vs = villagesOf.get(c) ?? [];
      return { sub: c, village: vs.length && pr.chance(0.8) ? pr.pick(vs).code : null };
    });
    // Most projects are judged well, some poorly: the share saying "yes" spreads from 15 % to 90 %.
    const pYes = pr.chance(0.2) ? pr.range(0.15, 0.4) : pr.range(0.45, 0.9);
    open.push({
      id: p.id, fiscalYear: p.fiscal_year, categories: p.categories, places, subs: [...new Set(places.map((x) => x.sub))], from, to,
      pYes, pNo: (1 - pYes) * pr.range(0.25, 0.6), popularity: pr.range(0.3, 1.8),
    });
  }

  const feedback: repo.DemoFeedbackWrite[] = [];
  const meetings: repo.DemoMeetingWrite[] = [];
  const needs: repo.DemoNeedWrite[] = [];
  const ipPool = new Map<string, string[]>();
  const ipOf = (r: Random, sub: string) => {
    let pool = ipPool.get(sub);
    // A village shares few addresses (one mobile operator's gateway): answers repeat them.
    if (!pool) ipPool.set(sub, (pool = Array.from({ length: 12 }, () => hex(r, 64))));
    return r.pick(pool);
  };
  const periodOf = (t: number) => ({ fiscal_year: fiscalYearOf(new Date(t)), quarter: fiscalQuarterOf(new Date(t)) });

  // Public answers: spread over the time each project is open, from its places.
  const pub = rng.fork('public');
  for (const p of open) {
    const n = Math.round((p.popularity * PUBLIC_PER_YEAR * (p.to - p.from)) / (365 * DAY_MS));
    for (let i = 0; i < n; i++) {
      const at = Math.min(daytime(pub, pub.range(p.from, p.to)), p.to - 60_000);
      const place = pub.pick(p.places);
      const vs = villagesOf.get(place.sub) ?? [];
      const village = place.village ?? (vs.length && pub.chance(0.5) ? pub.pick(vs).code : null);
      const a = answerOf(pub, p);
      feedback.push({
        project_id: p.id, province_code: province, subdistrict_code: place.sub, village_code: village, meets: a.meets, rating: a.rating,
        comment: commentOf(pub, p, a.meets), channel: 'public_web', meeting_id: null, client_key: hex(pub, 64), ip_key: ipOf(pub, place.sub),
        received_at: isoAt(at), ...periodOf(at), hidden_at: null, hidden_reason: null,
      });
    }
  }

  // Village meetings and peace council sittings: a few sub-districts a quarter, every open project there answered at once.
  const mt = rng.fork('meetings');
  const subsWithProjects = [...new Set(open.flatMap((p) => p.subs))].sort();
  for (const fy of [fyNow - 1, fyNow]) {
    for (let q = 1; q <= 4; q++) {
      const qp = fiscalQuarterPeriod(fy, q);
      const qEnd = Math.min(qp.end.getTime(), nowMs);
      if (qEnd - qp.start.getTime() < 5 * DAY_MS) continue;
      for (let k = 0; k < MEETINGS_PER_QUARTER && subsWithProjects.length; k++) {
        const sub = mt.pick(subsWithProjects);
        const held = daytime(mt, mt.range(qp.start.getTime(), qEnd - 2 * DAY_MS));
        const here = open.filter((p) => p.subs.includes(sub) && p.from <= held && held < p.to);
        if (!here.length) continue;
        // Recorded up to a few days later, in the same fiscal year: the answers count in the quarter they were recorded.
        const recorded = Math.min(held + mt.int(2, 6 * 24) * HOUR_MS, nowMs - HOUR_MS, fiscalYearPeriod(fy).end.getTime() - HOUR_MS);
        const vs = villagesOf.get(sub) ?? [];
        const village = vs.length ? mt.pick(vs) : null;
        const council = mt.chance(0.3);
        const place = council
          ? mt.pick([`ห้องประชุมสภาสันติสุขตำบล${nameOf.get(sub) ?? ''}`, `ที่ทำการองค์การบริหารส่วนตำบล${nameOf.get(sub) ?? ''}`])
          : village ? mt.pick([`ศาลาประชาคม${village.name_th}`, `ศาลาอเนกประสงค์${village.name_th}`, `ศาลาการเปรียญวัด${village.name_th.replace(/^บ้าน/, '')}`, `โรงเรียน${village.name_th}`])
            : `ศาลากลางหมู่บ้าน ตำบล${nameOf.get(sub) ?? ''}`;
        const index = meetings.length;
        let answered = 0;
        for (const p of here) {
          const n = mt.int(5, 18);
          for (let i = 0; i < n; i++) {
            const a = answerOf(mt, p);
            feedback.push({
              project_id: p.id, province_code: province, subdistrict_code: sub,
              village_code: village && mt.chance(0.7) ? village.code : null, meets: a.meets, rating: mt.chance(0.7) ? a.rating : null,
              comment: commentOf(mt, p, a.meets), channel: council ? 'peace_council' : 'village_meeting', meeting_id: -1 - index, client_key: null, ip_key: null,
              received_at: isoAt(recorded), ...periodOf(recorded), hidden_at: null, hidden_reason: null,
            });
            answered += 1;
          }
        }
        meetings.push({
          id: 0, province_code: province, subdistrict_code: sub, village_code: village?.code ?? null, meeting_date: thaiDay(new Date(held)), place,
          attendance: Math.max(answered, mt.int(25, 160)), channel: council ? 'peace_council' : 'village_meeting', note: mt.pick(MEETING_NOTES), recorded_at: isoAt(recorded),
        });
        // A sitting also gathers a need or two.
        for (let j = mt.int(0, 2); j > 0; j--) {
          const category = mt.pick(Object.keys(NEEDS));
          needs.push({
            province_code: province, subdistrict_code: sub, village_code: village?.code ?? null, category_code: category, description: mt.pick(NEEDS[category]),
            channel: council ? 'peace_council' : 'village_meeting', meeting_id: -1 - index, client_key: null, ip_key: null,
            received_at: isoAt(recorded), fiscal_year: fiscalYearOf(new Date(recorded)), project_id: null, linked_at: null,
          });
        }
      }
    }
  }

  // Needs sent through the website, anywhere in the province.
  const nd = rng.fork('needs');
  const subs = areas.filter((a) => a.level === 3).map((a) => a.code);
  const firstMs = fiscalYearPeriod(fyNow - 1).start.getTime();
  for (let i = 0; i < PUBLIC_NEEDS_PER_YEAR * 2 && subs.length; i++) {
    const sub = nd.pick(subs);
    const at = daytime(nd, nd.range(firstMs, nowMs - DAY_MS));
    if (at >= nowMs) continue;
    const category = nd.pick(Object.keys(NEEDS));
    const vs = villagesOf.get(sub) ?? [];
    needs.push({
      province_code: province, subdistrict_code: sub, village_code: vs.length && nd.chance(0.7) ? nd.pick(vs).code : null, category_code: category,
      description: nd.pick(NEEDS[category]), channel: 'public_web', meeting_id: null, client_key: hex(nd, 64), ip_key: ipOf(nd, sub),
      received_at: isoAt(at), fiscal_year: fiscalYearOf(new Date(at)), project_id: null, linked_at: null,
    });
  }
  // About a third of the needs are answered by a project of their category reaching their sub-district.
  for (const n of needs) {
    const fits = open.filter((p) => p.subs.includes(n.subdistrict_code) && p.categories.includes(n.category_code));
    if (!fits.length || !nd.chance(0.6)) continue;
    const linked = new Date(n.received_at).getTime() + nd.int(3, 30) * DAY_MS;
    if (linked >= nowMs) continue;
    n.project_id = nd.pick(fits).id;
    n.linked_at = isoAt(linked);
  }

  // Meeting ids, then the meetings' answers and needs pointed at their meeting.
  const meetingIds = await repo.allocateMeetingIds(tx, meetings.length);
  meetings.forEach((m, i) => (m.id = meetingIds[i]));
  for (const x of [...feedback, ...needs]) if (x.meeting_id != null) x.meeting_id = meetingIds[-1 - x.meeting_id];

  // Moderation: a few comments hidden with their reason.
  const md = rng.fork('moderation');
  const withComment = feedback.filter((f) => f.comment);
  for (const [comment, reason] of HIDDEN) {
    if (!withComment.length) break;
    const f = withComment.splice(md.int(0, withComment.length - 1), 1)[0];
    const hidden = new Date(f.received_at).getTime() + md.int(2, 48) * HOUR_MS;
    if (hidden >= nowMs) continue;
    f.comment = comment;
    f.hidden_at = isoAt(hidden);
    f.hidden_reason = reason;
  }

  // A handful of people left contact details with consent, recently (older ones would be past their retention).
  const ct = rng.fork('contacts');
  const recent = (t: string) => nowMs - new Date(t).getTime() < 60 * DAY_MS;
  const contacts: repo.DemoContactWrite[] = [];
  const person = () => {
    const i = ct.int(0, GIVEN.length - 1);
    return `${i < 5 ? 'นาย' : ct.chance(0.5) ? 'นาง' : 'นางสาว'}${GIVEN[i]} ${ct.pick(SURNAMES)}`;
  };
  const contact = (at: string, ref: Pick<repo.DemoContactWrite, 'project_id' | 'feedback_key' | 'subdistrict_code' | 'need_key'>): repo.DemoContactWrite => ({
    ...ref, name: person(), phone: ct.chance(0.8) ? `08${ct.int(1, 9)}-000-${String(ct.int(0, 9999)).padStart(4, '0')}` : '',
    email: ct.chance(0.3) ? `demo${ct.int(100, 999)}@example.org` : '', consent_at: at, consent_version: CONSENT_VERSION,
    delete_after: isoAt(new Date(at).getTime() + retention * DAY_MS),
  });
  const publicRecent = feedback.filter((f) => f.channel === 'public_web' && !f.hidden_at && recent(f.received_at));
  for (let i = 0; i < 5 && publicRecent.length; i++) {
    const f = publicRecent.splice(ct.int(0, publicRecent.length - 1), 1)[0];
    contacts.push(contact(f.received_at, { project_id: f.project_id, feedback_key: f.client_key, subdistrict_code: null, need_key: null }));
  }
  const needsRecent = needs.filter((n) => n.channel === 'public_web' && recent(n.received_at));
  for (let i = 0; i < 2 && needsRecent.length; i++) {
    const n = needsRecent.splice(ct.int(0, needsRecent.length - 1), 1)[0];
    contacts.push(contact(n.received_at, { project_id: null, feedback_key: null, subdistrict_code: n.subdistrict_code, need_key: n.client_key }));
  }

  await repo.insertDemoFeedback(tx, { meetings, feedback, needs, contacts });
  const snapshots = (await closeProvincePeriods(tx, province, now)) + (await refreshRunningPeriods(tx, province, now));
  const result = { answers: feedback.length, meetings: meetings.length, needs: needs.length, contacts: contacts.length, snapshots };
  opts.log?.(`demo: ${result.answers.toLocaleString('en')} answers (${result.meetings} village meetings and peace council sittings), ${result.needs} needs, ${result.contacts} contacts with consent, ${snapshots} evaluation snapshots in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

/** Deletes the demo's answers, needs, meetings and contacts, and the demo province's snapshots. */
export async function deleteDemoFeedback(tx: Queryable, provinceCode: string): Promise<void> {
  await repo.deleteDemoFeedback(tx, provinceCode);
}
