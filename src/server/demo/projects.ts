/**
 * Demo projects (แผนงาน/โครงการ) of the demo agencies over the demo province's sub-districts and
 * villages, for the current and the previous fiscal year: mixed statuses, budgets and budget
 * sources, quarterly progress for the quarters that have ended (some missing, so some reports are
 * late, and some sent after their due date), and a few community projects seeking support, one of
 * them adopted by an agency. Deterministic for a seed and a moment `now`. Marked is_demo.
 */
import type { Queryable } from '../db/database.ts';
import { createRandom, mixSeed, type Random } from '../../shared/random.ts';
import { fiscalYearOf, fiscalYearPeriod, thaiDateParts } from '../../shared/fiscal.ts';
import { checkProjectInput } from '../../shared/project-validate.ts';
import { expectedReports } from '../../shared/project-schedule.ts';
import type { BudgetSource, ProjectGeometry, ProjectInput, ProjectStatus } from '../../shared/project-types.ts';
import * as repo from '../projects/repository.ts';

const DAY_MS = 86_400_000;
/** Projects per fiscal year. */
const PER_YEAR = 60;

interface Template {
  categories: string[];
  /** Keys of the demo agencies that run such a project (`demo-<key>-<province>`), in order of likelihood. */
  agencies: string[];
  /** The title, from the place (a village "บ้าน...", or "ตำบล..." / "อำเภอ..."). */
  title: (place: string) => string;
  objectives: string;
  outputs: Array<[name: string, unit: string, min: number, max: number]>;
  /** Budget range in thousands of baht. */
  budget: [number, number];
  /** Where it works: villages of one sub-district, one sub-district, or a few sub-districts of a district. */
  scope: 'village' | 'subdistrict' | 'district';
  /** A line on the map (a canal, a patrol route) rather than a point. */
  line?: boolean;
  narratives: string[];
}

const TEMPLATES: Template[] = [
  {
    categories: ['drugs'], agencies: ['police', 'oncb', 'isoc'], scope: 'village', budget: [50, 300],
    title: (p) => `โครงการหมู่บ้าน/ชุมชนเข้มแข็งปลอดยาเสพติด ${p}`,
    objectives: 'สร้างกลไกเฝ้าระวังยาเสพติดในหมู่บ้าน ค้นหาผู้เสพเข้าสู่การบำบัด และป้องกันกลุ่มเสี่ยงไม่ให้เข้าไปเกี่ยวข้องกับยาเสพติด',
    outputs: [['หมู่บ้านที่ผ่านการประเมิน', 'หมู่บ้าน', 1, 3], ['ผู้เข้าร่วมประชาคม', 'คน', 80, 250]],
    narratives: ['จัดประชาคมหมู่บ้านและจัดตั้งชุดเฝ้าระวังแล้ว', 'ค้นหาผู้เสพและส่งต่อเข้ารับการบำบัด', 'ติดตามผลและประเมินหมู่บ้านตามเกณฑ์'],
  },
  {
    categories: ['drugs'], agencies: ['health', 'oncb'], scope: 'subdistrict', budget: [80, 450],
    title: (p) => `โครงการค่ายปรับเปลี่ยนพฤติกรรมผู้ใช้ยาเสพติด ${p}`,
    objectives: 'บำบัดฟื้นฟูผู้ใช้ยาเสพติดแบบมีส่วนร่วมของชุมชน และติดตามช่วยเหลือหลังการบำบัดไม่ให้กลับไปเสพซ้ำ',
    outputs: [['ผู้เข้ารับการบำบัด', 'คน', 20, 60], ['ผู้ผ่านการติดตาม 1 ปี', 'คน', 10, 40]],
    narratives: ['คัดกรองผู้เข้าค่ายร่วมกับ รพ.สต.', 'จัดค่ายปรับเปลี่ยนพฤติกรรมครบตามแผน', 'ติดตามผู้ผ่านการบำบัดทุกเดือน'],
  },
  {
    categories: ['illegal_crossing', 'smuggling'], agencies: ['rangers', 'immigration', 'isoc'], scope: 'district', budget: [150, 900], line: true,
    title: (p) => `โครงการลาดตระเวนร่วมตามแนวชายแดนกับอาสาสมัครไทยอาสาป้องกันชาติ ${p}`,
    objectives: 'เพิ่มความถี่การลาดตระเวนตามช่องทางธรรมชาติ สกัดกั้นการลักลอบเข้าเมืองและการลักลอบขนสินค้า โดยมีอาสาสมัครในพื้นที่ร่วม',
    outputs: [['ครั้งการลาดตระเวน', 'ครั้ง', 60, 180], ['อาสาสมัครที่ผ่านการฝึก', 'คน', 20, 60]],
    narratives: ['ฝึกทบทวนอาสาสมัครและจัดชุดลาดตระเวน', 'ลาดตระเวนตามแผนร่วมกับฝ่ายปกครอง', 'สรุปผลการสกัดกั้นและปรับเส้นทาง'],
  },
  {
    categories: ['illegal_crossing'], agencies: ['labour', 'immigration', 'dopa'], scope: 'district', budget: [60, 250],
    title: (p) => `โครงการจัดระเบียบและขึ้นทะเบียนแรงงานต่างด้าว ${p}`,
    objectives: 'ตรวจสอบสถานประกอบการและนายจ้าง ให้แรงงานต่างด้าวเข้าสู่ระบบอย่างถูกกฎหมาย ลดการลักลอบจ้างแรงงานผิดกฎหมาย',
    outputs: [['สถานประกอบการที่ตรวจ', 'แห่ง', 30, 120], ['แรงงานที่ขึ้นทะเบียน', 'คน', 100, 600]],
    narratives: ['ชี้แจงนายจ้างและตั้งจุดรับขึ้นทะเบียน', 'ตรวจสถานประกอบการร่วมกับตำรวจ', 'รวบรวมข้อมูลแรงงานเข้าระบบ'],
  },
  {
    categories: ['smuggling'], agencies: ['customs', 'police'], scope: 'subdistrict', budget: [100, 500],
    title: (p) => `โครงการตั้งจุดตรวจสกัดสินค้าหนีภาษี ${p}`,
    objectives: 'ตั้งจุดตรวจถาวรและจุดตรวจเคลื่อนที่บนเส้นทางลำเลียงสินค้าจากแนวชายแดน ลดการลักลอบนำเข้าสินค้าเกษตรและบุหรี่',
    outputs: [['จุดตรวจ', 'จุด', 1, 4], ['วันปฏิบัติการ', 'วัน', 90, 240]],
    narratives: ['ตั้งจุดตรวจและจัดเวรปฏิบัติการ', 'ตรวจยึดสินค้าและส่งดำเนินคดี', 'ประชาสัมพันธ์ผู้ประกอบการในพื้นที่'],
  },
  {
    categories: ['crime'], agencies: ['police', 'pao', 'dopa'], scope: 'subdistrict', budget: [200, 1500],
    title: (p) => `โครงการติดตั้งกล้องโทรทัศน์วงจรปิด (CCTV) จุดเสี่ยง ${p}`,
    objectives: 'ติดตั้งกล้องวงจรปิดที่จุดเสี่ยงอาชญากรรมและเชื่อมต่อกับสถานีตำรวจ เพื่อป้องกันและติดตามคนร้าย',
    outputs: [['กล้องวงจรปิด', 'ตัว', 8, 40], ['จุดติดตั้ง', 'จุด', 4, 12]],
    narratives: ['สำรวจจุดติดตั้งร่วมกับสถานีตำรวจ', 'จัดซื้อจัดจ้างและติดตั้งกล้อง', 'เชื่อมต่อระบบและส่งมอบงาน'],
  },
  {
    categories: ['crime'], agencies: ['pea', 'pao'], scope: 'village', budget: [80, 400],
    title: (p) => `โครงการติดตั้งไฟฟ้าส่องสว่างจุดเสี่ยง ${p}`,
    objectives: 'ลดจุดมืดจุดเสี่ยงบนเส้นทางสัญจรในหมู่บ้าน เพิ่มความปลอดภัยในชีวิตและทรัพย์สินของประชาชน',
    outputs: [['โคมไฟส่องสว่าง', 'ต้น', 15, 60]],
    narratives: ['สำรวจจุดมืดร่วมกับผู้ใหญ่บ้าน', 'ปักเสาและติดตั้งโคมไฟ', 'ทดสอบระบบและส่งมอบ'],
  },
  {
    categories: ['flood'], agencies: ['irrigation', 'pao', 'sao'], scope: 'subdistrict', budget: [300, 3000], line: true,
    title: (p) => `โครงการขุดลอกลำห้วยและคลองระบายน้ำ ${p}`,
    objectives: 'เพิ่มความสามารถในการระบายน้ำ ลดพื้นที่น้ำท่วมขังในฤดูฝน และเก็บกักน้ำไว้ใช้ในฤดูแล้ง',
    outputs: [['ระยะทางที่ขุดลอก', 'กิโลเมตร', 2, 12]],
    narratives: ['สำรวจออกแบบและประกาศจัดจ้าง', 'ดำเนินการขุดลอกตามสัญญา', 'ตรวจรับงานและส่งมอบให้ท้องถิ่นดูแล'],
  },
  {
    categories: ['drought'], agencies: ['irrigation', 'sao', 'cdd'], scope: 'village', budget: [100, 900],
    title: (p) => `โครงการก่อสร้างฝายชะลอน้ำ ${p}`,
    objectives: 'ชะลอและกักเก็บน้ำในลำห้วย เพิ่มความชุ่มชื้นและแหล่งน้ำเพื่อการเกษตรในฤดูแล้ง',
    outputs: [['ฝายชะลอน้ำ', 'แห่ง', 3, 20], ['ผู้ร่วมลงแรง', 'คน', 50, 200]],
    narratives: ['สำรวจจุดก่อสร้างร่วมกับชุมชน', 'ก่อสร้างฝายด้วยแรงงานชุมชน', 'ซ่อมแซมและบำรุงรักษาหลังน้ำหลาก'],
  },
  {
    categories: ['drought', 'water_quality'], agencies: ['pao', 'health', 'sao'], scope: 'village', budget: [150, 800],
    title: (p) => `โครงการเจาะบ่อบาดาลและระบบประปาหมู่บ้าน ${p}`,
    objectives: 'จัดหาน้ำอุปโภคบริโภคที่สะอาดและเพียงพอตลอดปีให้ครัวเรือนในหมู่บ้านที่ขาดแคลนน้ำ',
    outputs: [['บ่อบาดาล', 'บ่อ', 1, 3], ['ครัวเรือนที่ได้รับน้ำ', 'ครัวเรือน', 60, 250]],
    narratives: ['เจาะสำรวจและทดสอบปริมาณน้ำ', 'ก่อสร้างหอถังและวางท่อ', 'ตรวจคุณภาพน้ำและส่งมอบคณะกรรมการประปา'],
  },
  {
    categories: ['forest'], agencies: ['nre', 'rangers'], scope: 'subdistrict', budget: [50, 350],
    title: (p) => `โครงการปลูกป่าชุมชนและเครือข่ายอาสาพิทักษ์ป่า ${p}`,
    objectives: 'ฟื้นฟูพื้นที่ป่าเสื่อมโทรม ป้องกันการบุกรุกป่า และสร้างเครือข่ายชุมชนดูแลป่าและลาดตระเวนเฝ้าระวังไฟป่า',
    outputs: [['พื้นที่ปลูกป่า', 'ไร่', 20, 150], ['อาสาพิทักษ์ป่า', 'คน', 20, 80]],
    narratives: ['เตรียมกล้าไม้และพื้นที่ปลูก', 'ปลูกป่าร่วมกับโรงเรียนและชุมชน', 'ลาดตระเวนเฝ้าระวังและดูแลกล้าไม้'],
  },
  {
    categories: ['unrest'], agencies: ['isoc', 'dopa', 'peace-network'], scope: 'district', budget: [40, 250],
    title: (p) => `โครงการเสริมสร้างความสมานฉันท์และเวทีสภาสันติสุขตำบล ${p}`,
    objectives: 'เปิดเวทีรับฟังความเห็นและความต้องการของประชาชน ลดความขัดแย้งในชุมชน และส่งต่อข้อเสนอสู่คณะทำงานระดับจังหวัด',
    outputs: [['เวทีประชาคม', 'ครั้ง', 4, 12], ['ผู้เข้าร่วม', 'คน', 150, 600]],
    narratives: ['จัดเวทีประชาคมในแต่ละหมู่บ้าน', 'สรุปข้อเสนอเสนอสภาสันติสุขตำบล', 'ติดตามการตอบสนองของหน่วยงาน'],
  },
  {
    categories: ['other'], agencies: ['cdd', 'labour', 'chamber'], scope: 'subdistrict', budget: [30, 200],
    title: (p) => `โครงการส่งเสริมอาชีพและรายได้กลุ่มสตรีและผู้สูงอายุ ${p}`,
    objectives: 'ฝึกอาชีพเสริม พัฒนาผลิตภัณฑ์ชุมชน และเชื่อมโยงตลาด เพื่อให้ครัวเรือนมีรายได้เพิ่มและไม่ถูกชักจูงเข้าสู่ธุรกิจผิดกฎหมาย',
    outputs: [['ผู้ผ่านการฝึกอาชีพ', 'คน', 30, 120], ['กลุ่มอาชีพที่จัดตั้ง', 'กลุ่ม', 2, 6]],
    narratives: ['สำรวจความต้องการและคัดเลือกผู้เข้าอบรม', 'ฝึกอาชีพและพัฒนาผลิตภัณฑ์', 'ออกร้านจำหน่ายและติดตามรายได้'],
  },
];

/** Community projects: beyond the community's means, some of them asking for support. */
const COMMUNITY: Array<{ title: (p: string) => string; objectives: string; needs: string; outputs: Array<[string, string, number]>; categories: string[]; budget: number }> = [
  { title: (p) => `ซ่อมแซมถนนดินเข้าพื้นที่การเกษตร ${p}`, categories: ['other'], budget: 30000, objectives: 'ชาวบ้านลงแรงซ่อมถนนที่ถูกน้ำกัดเซาะ ให้รถขนผลผลิตเข้าออกได้ในฤดูฝน', needs: 'หินคลุก 120 คิว และรถเกรดปรับพื้นทาง 2 วัน', outputs: [['ระยะทางถนนที่ซ่อม', 'เมตร', 1500]] },
  { title: (p) => `ขุดสระน้ำสาธารณะประจำหมู่บ้าน ${p}`, categories: ['drought'], budget: 15000, objectives: 'ขุดขยายสระน้ำเดิมให้เก็บน้ำได้ตลอดฤดูแล้งสำหรับใช้ในครัวเรือนและเลี้ยงสัตว์', needs: 'รถขุดพร้อมน้ำมัน 5 วัน และท่อส่งน้ำ PVC 40 ท่อน', outputs: [['สระน้ำ', 'แห่ง', 1]] },
  { title: (p) => `ติดตั้งไฟส่องสว่างพลังงานแสงอาทิตย์ทางเข้าหมู่บ้าน ${p}`, categories: ['crime'], budget: 20000, objectives: 'ชุมชนสมทบเงินติดตั้งไฟส่องสว่างบนเส้นทางเปลี่ยวที่เคยเกิดเหตุลักทรัพย์', needs: 'โคมไฟโซลาร์เซลล์ 25 ชุด และเสาเหล็ก', outputs: [['โคมไฟ', 'ชุด', 25]] },
  { title: (p) => `จัดตั้งชุดรักษาความปลอดภัยหมู่บ้าน (ชรบ.) ${p}`, categories: ['crime', 'drugs'], budget: 10000, objectives: 'อาสาสมัครในหมู่บ้านผลัดเวรตรวจตราในยามวิกาล เฝ้าระวังยาเสพติดและบุคคลแปลกหน้า', needs: 'วิทยุสื่อสาร 10 เครื่อง ไฟฉาย และเสื้อสะท้อนแสง', outputs: [['อาสาสมัครที่ผลัดเวร', 'คน', 30]] },
  { title: (p) => `ปลูกหญ้าแฝกป้องกันการพังทลายของดินริมลำห้วย ${p}`, categories: ['forest', 'flood'], budget: 8000, objectives: 'ชาวบ้านร่วมกันปลูกหญ้าแฝกริมตลิ่งที่ถูกกัดเซาะ ลดการพังทลายของดินในฤดูน้ำหลาก', needs: 'กล้าหญ้าแฝก 20,000 กล้า และการสนับสนุนทางวิชาการ', outputs: [['ระยะทางริมตลิ่ง', 'เมตร', 800]] },
];

const GIVEN = ['สมชาย', 'บุญมี', 'ประยูร', 'สุนทร', 'อำนาจ', 'ทองใบ', 'มานพ', 'วิรัตน์', 'สมหญิง', 'บุษบา', 'จันทร์เพ็ญ', 'สุดารัตน์', 'ประภา', 'นงลักษณ์'];
const SURNAMES = ['ใจดี', 'ศรีสุข', 'บุญมา', 'ทองดี', 'มีสุข', 'แก้วประเสริฐ', 'สุขเจริญ', 'พรหมมา', 'ชัยมงคล', 'ศรีสวัสดิ์', 'คำแสน', 'บุญเรือง'];

function person(rng: Random): string {
  const i = rng.int(0, GIVEN.length - 1);
  const title = i < 8 ? 'นาย' : rng.chance(0.5) ? 'นาง' : 'นางสาว';
  return `${title}${GIVEN[i]} ${rng.pick(SURNAMES)}`;
}

/** A Thai calendar day (YYYY-MM-DD) of an instant. */
function ymd(d: Date): string {
  const t = thaiDateParts(d);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

const roundTo = (n: number, step: number) => Math.round(n / step) * step;

interface Place {
  sub: repo.DemoAreaRow;
  villages: repo.DemoAreaRow[];
}

/** The demo agency of a key (`demo-<key>-<province>`, or a sub-district's อบต. for "sao"). */
function agencyFor(keys: readonly string[], byKey: Map<string, number[]>, rng: Random, fallback: number[]): number {
  const present = keys.filter((k) => byKey.has(k));
  if (!present.length) return rng.pick(fallback);
  // The first agency of a template runs most of its projects.
  const k = present[rng.weighted(present.map((_, i) => 1 / (i + 1)))];
  return rng.pick(byKey.get(k)!);
}

/**
 * Inserts about 120 demo projects of the demo agencies (none when there is no demo agency) over the
 * sub-districts and villages of `provinceCode`, with their quarterly progress and the support
 * history of community projects, as of `now`. Run inside the demo load's transaction, after the
 * areas, the agencies and (when there are) the target lists. Returns how many projects and
 * progress reports it made.
 */
export async function seedDemoProjects(tx: Queryable, opts: { provinceCode: string; now: Date; seed: number }): Promise<{ projects: number; reports: number }> {
  const agencies = await repo.demoAgencies(tx);
  if (!agencies.length) return { projects: 0, reports: 0 };
  const areas = await repo.provinceAreas(tx, opts.provinceCode);
  const subs = areas.filter((a) => a.level === 3);
  if (!subs.length) return { projects: 0, reports: 0 };
  const categories = await repo.categoryCodes(tx);
  const dueDays = await repo.progressDueDays(tx);
  const places: Place[] = subs.map((sub) => ({ sub, villages: areas.filter((a) => a.level === 4 && a.code.startsWith(sub.code)) }));
  const byKey = new Map<string, number[]>();
  for (const a of agencies) {
    const m = /^demo-(.+)-[0-9]+$/.exec(a.code);
    const key = m ? m[1] : a.code;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(a.id);
  }
  const allIds = agencies.map((a) => a.id);
  const community = byKey.get('sao') ?? byKey.get('peace-network') ?? byKey.get('cdd') ?? allIds;
  const adopters = ['irrigation', 'pao', 'cdd', 'chamber'].filter((k) => byKey.has(k)).map((k) => byKey.get(k)![0]);

  const rng = createRandom(mixSeed(opts.seed, 'projects'));
  const now = opts.now;
  const fyNow = fiscalYearOf(now);
  // Generated first, written in four statements: a demo load should not wait on 600 round trips.
  const planned: Array<{ write: repo.ProjectWrite; areaCodes: string[]; progress: Array<Omit<ProgressRow, 'projectId'>>; support: Array<Omit<SupportRow, 'projectId'>> }> = [];

  for (const fy of [fyNow - 1, fyNow]) {
    const year = fiscalYearPeriod(fy);
    const targets = new Set(await repo.declaredTargetSubdistricts(tx, opts.provinceCode, fy));
    const targeted = places.filter((p) => targets.has(p.sub.code));
    const yr = rng.fork(fy);
    for (let k = 0; k < PER_YEAR; k++) {
      const isCommunity = k >= PER_YEAR - 3 || (fy === fyNow && k >= PER_YEAR - 5);
      // Most projects go where the province declared its targets, as the coordination intends.
      const place = targeted.length && yr.chance(0.6) ? yr.pick(targeted) : yr.pick(places);
      const start = new Date(year.start.getTime() + yr.int(0, 5) * 30 * DAY_MS + yr.int(0, 20) * DAY_MS);
      const end = new Date(Math.min(start.getTime() + yr.int(90, 300) * DAY_MS, year.end.getTime() - DAY_MS));
      let input: ProjectInput;
      let seeking = false;
      let narratives: string[] = [];
      if (isCommunity) {
        const c = COMMUNITY[k % COMMUNITY.length];
        const village = place.villages.length ? yr.pick(place.villages) : place.sub;
        seeking = fy === fyNow;
        input = {
          agencyId: yr.pick(community), fiscalYear: fy, title: c.title(village.level === 4 ? village.name_th : `ตำบล${village.name_th}`),
          objectives: c.objectives, budgetBaht: c.budget, budgetSource: 'community', categories: c.categories.filter((x) => categories.has(x)),
          areaCodes: [village.code], startDate: ymd(start), endDate: ymd(end), responsibleName: person(yr), responsiblePhone: `08${yr.int(1, 9)}-000-${String(yr.int(0, 9999)).padStart(4, '0')}`,
          visibility: 'public', plannedOutputs: c.outputs.map(([name, unit, target]) => ({ name, unit, target })),
          origin: 'community', seekingSupport: seeking, supportNeeds: seeking ? c.needs : '',
          geometry: village.level === 4 ? { type: 'Point', coordinates: [village.lon, village.lat] } : null,
        };
      } else {
        const tpl = TEMPLATES[yr.int(0, TEMPLATES.length - 1)];
        narratives = tpl.narratives;
        let codes: string[];
        let placeName: string;
        if (tpl.scope === 'village' && place.villages.length) {
          const n = Math.min(place.villages.length, yr.int(1, 3));
          const first = yr.int(0, place.villages.length - n);
          const vs = place.villages.slice(first, first + n);
          codes = vs.map((v) => v.code);
          placeName = n === 1 ? `${vs[0].name_th} ตำบล${place.sub.name_th}` : `ตำบล${place.sub.name_th}`;
        } else if (tpl.scope === 'district') {
          const siblings = places.filter((p) => p.sub.code.slice(0, 4) === place.sub.code.slice(0, 4) && p.sub.code !== place.sub.code);
          const more = siblings.slice(0, yr.int(0, Math.min(2, siblings.length)));
          codes = [place.sub.code, ...more.map((p) => p.sub.code)];
          placeName = more.length ? `ตำบล${place.sub.name_th} และพื้นที่ใกล้เคียง` : `ตำบล${place.sub.name_th}`;
        } else {
          codes = [place.sub.code];
          placeName = `ตำบล${place.sub.name_th}`;
        }
        const budget = roundTo(yr.range(tpl.budget[0], tpl.budget[1]) * 1000, 1000);
        const source: BudgetSource = (['agency', 'provincial', 'local_admin', 'private'] as const)[yr.weighted([55, 28, 14, 3])];
        let geometry: ProjectGeometry | null = null;
        const pts = place.villages.length ? place.villages : [place.sub];
        if (tpl.line && pts.length >= 2 && yr.chance(0.6)) {
          const a = pts[0];
          const b = pts[pts.length - 1];
          if (a.lon !== b.lon || a.lat !== b.lat) geometry = { type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] };
        } else if (yr.chance(0.3)) geometry = { type: 'Point', coordinates: [pts[0].lon, pts[0].lat] };
        input = {
          agencyId: agencyFor(tpl.agencies, byKey, yr, allIds), fiscalYear: fy, title: tpl.title(placeName), objectives: tpl.objectives,
          budgetBaht: budget, budgetSource: source, categories: tpl.categories.filter((x) => categories.has(x)), areaCodes: codes,
          startDate: ymd(start), endDate: ymd(end), responsibleName: person(yr),
          responsiblePhone: `04${yr.int(2, 5)}-000-${String(yr.int(0, 9999)).padStart(4, '0')}`,
          visibility: yr.chance(0.6) ? 'public' : 'internal',
          plannedOutputs: tpl.outputs.map(([name, unit, min, max]) => ({ name, unit, target: yr.int(min, max) })),
          geometry,
        };
      }
      // A community asking for help has not given up: its projects are not cancelled.
      input.status = statusOf(yr, fy === fyNow, start, end, now, !isCommunity);
      const checked = checkProjectInput(input);
      if (checked.errors.length) throw new Error(`demo project "${input.title}": ${checked.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      const v = checked.value;
      const support: Array<Omit<SupportRow, 'projectId'>> = [];
      if (seeking) {
        const asked = new Date(Math.min(start.getTime() + 3 * DAY_MS, now.getTime() - 20 * DAY_MS));
        support.push({ kind: 'requested', agencyId: null, sponsorName: null, contribution: v.supportNeeds ?? '', amountBaht: null, note: 'มติประชาคมหมู่บ้าน เสนอผ่านสภาสันติสุขตำบล', at: asked });
        // The first community request of the year found an agency to take it on.
        if (k === PER_YEAR - 5 && adopters.length) {
          support.push({
            kind: 'adopted', agencyId: yr.pick(adopters), sponsorName: null, contribution: 'สนับสนุนเครื่องจักรและวัสดุตามที่ชุมชนร้องขอ',
            amountBaht: roundTo(v.budgetBaht * yr.range(1.5, 3), 1000), note: 'รับไว้ในแผนงานของหน่วยงาน', at: new Date(asked.getTime() + 12 * DAY_MS),
          });
        }
      }
      planned.push({
        write: {
          externalId: null, agencyId: v.agencyId, provinceCode: v.provinceCode, fiscalYear: v.fiscalYear, title: v.title, objectives: v.objectives,
          budgetBaht: v.budgetBaht, budgetSource: v.budgetSource, categories: v.categories, startDate: v.startDate, endDate: v.endDate,
          status: v.status, responsibleName: v.responsibleName, responsiblePhone: v.responsiblePhone, visibility: v.visibility,
          publicFields: v.publicFields, plannedOutputs: v.plannedOutputs, geometry: v.geometry, origin: v.origin ?? 'agency',
          seekingSupport: v.seekingSupport ?? false, supportNeeds: v.supportNeeds ?? '',
        },
        areaCodes: v.areaCodes,
        progress: progressOf(yr.fork(`p${k}`), v, now, dueDays, narratives),
        support,
      });
    }
  }

  const ids = await repo.allocateProjectIds(tx, planned.length);
  await repo.insertProjectRows(tx, planned.map((p, i) => ({ ...p.write, id: ids[i], areaCodes: p.areaCodes })), null, true);
  const progress = planned.flatMap((p, i) => p.progress.map((r) => ({ ...r, projectId: ids[i] })));
  await repo.insertProgressRows(tx, progress, null);
  await repo.insertSupportRows(tx, planned.flatMap((p, i) => p.support.map((e) => ({ ...e, projectId: ids[i] }))), null);
  return { projects: planned.length, reports: progress.length };
}

type ProgressRow = Parameters<typeof repo.insertProgressRows>[1][number];
type SupportRow = Parameters<typeof repo.insertSupportRows>[1][number];

function statusOf(rng: Random, current: boolean, start: Date, end: Date, now: Date, mayCancel: boolean): ProjectStatus {
  if (rng.chance(0.07) && mayCancel) return 'cancelled';
  if (start > now) return 'planned';
  if (end < now) return current || rng.chance(0.8) ? 'done' : 'in_progress';
  return 'in_progress';
}

/** Cumulative progress for the quarters that have ended, some missing or sent late. */
function progressOf(rng: Random, v: ReturnType<typeof checkProjectInput>['value'], now: Date, dueDays: number, narratives: readonly string[]): Array<Omit<ProgressRow, 'projectId'>> {
  if (v.status === 'cancelled' || v.status === 'planned') return [];
  const community = v.origin === 'community';
  const all = expectedReports({ fiscalYear: v.fiscalYear, startDate: v.startDate, endDate: v.endDate, status: v.status }, [], now, dueDays);
  const total = all.length;
  const out: Array<Omit<ProgressRow, 'projectId'>> = [];
  let percent = 0;
  const diligent = rng.chance(0.75);
  for (const [i, r] of all.entries()) {
    if (r.quarterEnd > now) break;
    // Reports still inside their grace period are sent about half the time; older ones mostly are.
    const send = r.deadline > now ? rng.chance(0.5) : rng.chance(diligent ? 0.95 : 0.6);
    if (!send) continue;
    const last = i === total - 1;
    percent = last && v.status === 'done' ? 100 : Math.max(percent, Math.min(98, Math.round(((i + 1) / total) * 100 * rng.range(0.7, 1.05))));
    const overrun = !community && rng.chance(0.04) ? rng.range(1.02, 1.12) : rng.range(0.8, 1.0);
    const spentBaht = roundTo((v.budgetBaht * percent * overrun) / 100, 100);
    const reportedAt = new Date(r.quarterEnd.getTime() + rng.int(1, dueDays + 12) * DAY_MS + rng.int(8, 17) * 3600_000);
    if (reportedAt >= now) continue;
    const outputs = v.plannedOutputs.map((o) => ({ name: o.name, achieved: Math.round((o.target * percent) / 100) }));
    const narrative = community
      ? `ชุมชนดำเนินการแล้วประมาณร้อยละ ${percent} ด้วยแรงงานและเงินสมทบของชาวบ้าน`
      : `${narratives[Math.min(i, narratives.length - 1)] ?? 'ดำเนินการตามแผน'} ดำเนินการแล้วร้อยละ ${percent} ของแผน${percent >= 100 ? ' แล้วเสร็จและส่งมอบงาน' : ''}`;
    out.push({ fiscalYear: r.fiscalYear, quarter: r.quarter, percentDone: percent, spentBaht, outputs, narrative, reportedAt });
  }
  return out;
}

/**
 * Real (non-demo) projects that target a demo area: a demo reload deletes the demo areas, which
 * these projects still name, so the reload should refuse while there are any.
 */
export async function realProjectsOnDemoAreas(tx: Queryable): Promise<Array<{ id: number; title: string }>> {
  return repo.realProjectsOnDemoAreas(tx);
}

/** Deletes the demo projects with their areas, progress, photos and support history; returns how many. */
export async function deleteDemoProjects(tx: Queryable): Promise<number> {
  return repo.deleteDemoProjects(tx);
}
