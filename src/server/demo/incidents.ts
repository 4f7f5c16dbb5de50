/**
 * Synthetic incidents for the demo province, generated one at a time from a seed (pure, no I/O),
 * with the patterns an analyst expects to find: crossings and smuggling along the Cambodian
 * border and its crossing paths, floods along the rivers in the rainy season, drought in the dry
 * season away from the rivers, drug hot spots and crime around the towns, and trends over the
 * years (drugs falling in two districts, rising in another).
 */
import { createRandom, mixSeed, weightedTable, type Random } from '../../shared/random.ts';
import { fiscalYearPeriod } from '../../shared/fiscal.ts';
import { toLocal, toLonLat, type DemoProvince, type DemoSubdistrict } from './geography.ts';
import { pointInRing, polylineMeasure, pointAlong, type Pt } from '../../shared/planar.ts';

export const DEMO_CATEGORY_CODES = [
  'drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other',
] as const;
export type DemoCategory = (typeof DEMO_CATEGORY_CODES)[number];

export type IncidentStatus = 'reported' | 'verified' | 'resolved' | 'false_report';
export type IncidentSource = 'agency' | 'volunteer' | 'sensor' | 'public' | 'import';
export type Classification = 'public' | 'internal' | 'restricted';

export interface DemoIncident {
  /** 1-based sequence number, the N of DEMO-00000N. */
  n: number;
  category: DemoCategory;
  occurredAt: number;
  lon: number;
  lat: number;
  /** Index into province.subdistricts. */
  subdistrict: number;
  severity: number;
  status: IncidentStatus;
  source: IncidentSource;
  description: string;
  classification: Classification;
  createdAt: number;
  updatedAt: number;
}

/** A yearly change of one category in one district: 0.8 = 20 % fewer incidents each year. */
export interface DemoTrend {
  category: DemoCategory;
  districtCode: string;
  factorPerYear: number;
}

export interface IncidentPlanOptions {
  count: number;
  seed: number;
  /** The moment of the load: incidents happen before the start of this day (Thai time). */
  now: Date;
  /** Fiscal years (Buddhist Era) covered, oldest first. */
  fiscalYears: number[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Share of each category among all incidents. */
const CATEGORY_SHARE: Record<DemoCategory, number> = {
  drugs: 0.22, illegal_crossing: 0.13, smuggling: 0.09, crime: 0.22, flood: 0.09,
  drought: 0.08, water_quality: 0.04, forest: 0.05, unrest: 0.03, other: 0.05,
};

/** Relative frequency by calendar month, January first. */
const MONTH_WEIGHT: Record<DemoCategory, number[]> = {
  drugs: [1, 1, 1, 1.1, 1, 1, 1, 1, 1, 1, 1, 1.2],
  // More crossings in the dry season after the harvest, fewer in the rains.
  illegal_crossing: [1.3, 1.4, 1.4, 1.5, 1.1, 0.8, 0.7, 0.6, 0.6, 0.8, 1.1, 1.3],
  smuggling: [1.2, 1.2, 1.2, 1.3, 1, 0.8, 0.7, 0.7, 0.7, 0.9, 1.1, 1.3],
  crime: [1.1, 1, 1, 1.3, 1, 0.9, 0.9, 0.9, 0.9, 1, 1, 1.3],
  // Rainy-season floods peak August to October.
  flood: [0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 1, 4, 6, 4, 0.8, 0.15],
  // Dry season, February to May.
  drought: [0.7, 2, 4, 5, 3, 0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3],
  water_quality: [0.8, 0.9, 1.3, 1.6, 1.4, 0.9, 0.8, 0.9, 1.2, 1, 0.7, 0.7],
  // Clearing and burning in the dry season.
  forest: [2, 2.5, 3, 2.5, 1, 0.4, 0.3, 0.3, 0.3, 0.4, 0.8, 1.5],
  unrest: [1, 1, 1, 1.2, 1, 1, 1, 1, 1, 1, 1, 1],
  other: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

const NIGHT = [6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7];
const DAYTIME = [0.3, 0.2, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4, 4, 4, 3, 4, 4, 4, 3, 3, 2, 1.5, 1, 0.6, 0.4, 0.3];
const EVENING = [2, 1.5, 1, 0.6, 0.4, 0.5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2, 2, 2.5, 3, 3.5, 4, 4, 3.5, 3, 2.5];
const HOUR_WEIGHT: Record<DemoCategory, number[]> = {
  drugs: EVENING, illegal_crossing: NIGHT, smuggling: NIGHT, crime: EVENING, flood: DAYTIME,
  drought: DAYTIME, water_quality: DAYTIME, forest: DAYTIME, unrest: DAYTIME, other: DAYTIME,
};

const SEVERITY: Record<DemoCategory, number[]> = {
  drugs: [10, 30, 35, 20, 5], illegal_crossing: [15, 40, 30, 12, 3], smuggling: [20, 40, 28, 10, 2],
  crime: [15, 30, 30, 17, 8], flood: [10, 25, 30, 22, 13], drought: [10, 30, 35, 20, 5],
  water_quality: [30, 40, 20, 8, 2], forest: [20, 35, 30, 12, 3], unrest: [20, 35, 25, 15, 5], other: [45, 35, 15, 4, 1],
};

const SOURCES: IncidentSource[] = ['agency', 'volunteer', 'sensor', 'public', 'import'];
const SOURCE_WEIGHT: Record<DemoCategory, number[]> = {
  drugs: [65, 15, 0, 15, 5], illegal_crossing: [28, 30, 35, 5, 2], smuggling: [55, 25, 5, 10, 5],
  crime: [70, 5, 0, 20, 5], flood: [40, 25, 5, 30, 0], drought: [55, 15, 0, 30, 0],
  water_quality: [55, 5, 25, 15, 0], forest: [60, 30, 0, 10, 0], unrest: [70, 20, 0, 10, 0], other: [40, 20, 0, 40, 0],
};

const CLASSES: Classification[] = ['public', 'internal', 'restricted'];
const CLASS_WEIGHT: Record<DemoCategory, number[]> = {
  drugs: [2, 88, 10], illegal_crossing: [2, 86, 12], smuggling: [5, 87, 8], crime: [10, 89, 1],
  flood: [60, 39, 1], drought: [60, 39, 1], water_quality: [50, 49, 1], forest: [30, 69, 1],
  unrest: [5, 85, 10], other: [30, 69, 1],
};

/** Thai description templates: {v} village, {s} sub-district, {n}/{m} numbers, {i} an item. */
const TEMPLATES: Record<DemoCategory, string[]> = {
  drugs: [
    'จับกุมผู้ต้องหาครอบครองยาบ้า {n} เม็ด บริเวณ{v} ต.{s}',
    'ได้รับแจ้งเบาะแสการค้ายาเสพติดในพื้นที่{v}',
    'ตรวจค้นพบไอซ์ประมาณ {m} กรัม ต.{s}',
    'พบกลุ่มวัยรุ่นมั่วสุมเสพยาเสพติด บริเวณ{v}',
  ],
  illegal_crossing: [
    'พบกลุ่มบุคคลลักลอบข้ามแดน {m} คน บริเวณช่องทางธรรมชาติใกล้{v}',
    'จับกุมแรงงานต่างด้าวผิดกฎหมาย {m} คน ที่{v} ต.{s}',
    'เซ็นเซอร์ตรวจจับการเคลื่อนไหวบริเวณแนวชายแดน ต.{s}',
    'ชุดลาดตระเวนพบร่องรอยการข้ามแดนบริเวณ{v}',
  ],
  smuggling: [
    'ตรวจยึด{i}หนีภาษี บริเวณ{v}',
    'ลักลอบขน{i}ผ่านช่องทางธรรมชาติ ต.{s} มูลค่าประมาณ {n} บาท',
    'สกัดจับรถบรรทุก{i}เถื่อน ใกล้{v}',
  ],
  crime: [
    'เหตุลักทรัพย์ในเคหสถาน {v} ต.{s}',
    'เหตุทำร้ายร่างกาย บริเวณตลาด ต.{s}',
    'รถจักรยานยนต์ถูกโจรกรรม บริเวณ{v}',
    'เหตุวิ่งราวทรัพย์ ต.{s}',
  ],
  flood: [
    'น้ำท่วมพื้นที่การเกษตรประมาณ {n} ไร่ {v}',
    'น้ำล้นตลิ่งท่วมถนนใน{v} สัญจรไม่ได้',
    'น้ำท่วมบ้านเรือนราษฎร {m} หลังคาเรือน ต.{s}',
  ],
  drought: [
    'ขาดแคลนน้ำอุปโภคบริโภค {v} {m} ครัวเรือน',
    'นาข้าวเสียหายจากภัยแล้งประมาณ {n} ไร่ ต.{s}',
    'แหล่งน้ำสาธารณะแห้งขอด {v}',
  ],
  water_quality: ['น้ำประปาหมู่บ้านขุ่นและมีกลิ่น {v}', 'พบปลาตายในลำน้ำ ต.{s}', 'ร้องเรียนน้ำเสียจากสถานประกอบการ ต.{s}'],
  forest: ['พบการบุกรุกแผ้วถางป่าประมาณ {m} ไร่ ต.{s}', 'ไฟป่าบริเวณเทือกเขาแนวชายแดน ต.{s}', 'ลักลอบตัดไม้ในเขตป่าสงวน ใกล้{v}'],
  unrest: ['กลุ่มราษฎรรวมตัวชุมนุมเรียกร้อง ต.{s}', 'เหตุทะเลาะวิวาทกลุ่มวัยรุ่นในงานประเพณี {v}'],
  other: ['ได้รับแจ้งเหตุเดือดร้อนจากราษฎร {v}', 'ไฟฟ้าดับเป็นบริเวณกว้าง ต.{s}', 'สัตว์เลี้ยงหายจำนวน {m} ตัว {v}'],
};
const SMUGGLED = ['บุหรี่', 'สุรา', 'น้ำตาล', 'น้ำมันเชื้อเพลิง', 'ไม้พะยูง', 'โคกระบือ', 'เสื้อผ้ามือสอง'];

/**
 * The trends built into the demo: drugs fall 20 % a year in the Mueang district and a second
 * district, and rise 20 % a year in a third.
 */
export function demoTrends(province: DemoProvince): DemoTrend[] {
  const d = province.districts;
  return [
    { category: 'drugs', districtCode: d[0].code, factorPerYear: 0.8 },
    { category: 'drugs', districtCode: d[2].code, factorPerYear: 0.8 },
    { category: 'drugs', districtCode: d[5].code, factorPerYear: 1.2 },
  ];
}

/**
 * Finds the sub-district that contains a point, fast: a grid over the province where most cells
 * lie inside one sub-district; only cells crossed by a boundary need a point-in-polygon test.
 */
export class SubdistrictLocator {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cw: number;
  private readonly ch: number;
  private readonly n = 160;
  /** >= 0: the one sub-district covering the cell; -1: outside; -2: look in `edgy`. */
  private readonly pure: Int32Array;
  private readonly edgy = new Map<number, number[]>();

  constructor(private readonly subs: DemoSubdistrict[]) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const s of subs) {
      minX = Math.min(minX, s.bbox[0]);
      minY = Math.min(minY, s.bbox[1]);
      maxX = Math.max(maxX, s.bbox[2]);
      maxY = Math.max(maxY, s.bbox[3]);
    }
    this.x0 = minX;
    this.y0 = minY;
    this.cw = (maxX - minX) / this.n;
    this.ch = (maxY - minY) / this.n;
    this.pure = new Int32Array(this.n * this.n).fill(-1);
    const cellOf = (x: number, y: number) => [
      Math.min(this.n - 1, Math.max(0, Math.floor((x - this.x0) / this.cw))),
      Math.min(this.n - 1, Math.max(0, Math.floor((y - this.y0) / this.ch))),
    ];
    subs.forEach((s, si) => {
      const r = s.ring;
      for (let i = 0; i < r.length; i++) {
        const a = r[i];
        const b = r[(i + 1) % r.length];
        const [ax, ay] = cellOf(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
        const [bx, by] = cellOf(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
        for (let gx = ax; gx <= bx; gx++) {
          for (let gy = ay; gy <= by; gy++) {
            const k = gy * this.n + gx;
            const list = this.edgy.get(k);
            if (!list) this.edgy.set(k, [si]);
            else if (list[list.length - 1] !== si && !list.includes(si)) list.push(si);
          }
        }
      }
    });
    for (let gy = 0; gy < this.n; gy++) {
      for (let gx = 0; gx < this.n; gx++) {
        const k = gy * this.n + gx;
        if (this.edgy.has(k)) {
          this.pure[k] = -2;
          continue;
        }
        // No boundary crosses this cell: its centre tells which sub-district (if any) covers it.
        const cx = this.x0 + (gx + 0.5) * this.cw;
        const cy = this.y0 + (gy + 0.5) * this.ch;
        this.pure[k] = this.scan(cx, cy, subs.map((_, i) => i));
      }
    }
  }

  private scan(x: number, y: number, candidates: number[]): number {
    for (const i of candidates) {
      const b = this.subs[i].bbox;
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
      if (pointInRing(x, y, this.subs[i].ring)) return i;
    }
    return -1;
  }

  /** Index of the sub-district containing [lon, lat], or -1 outside the province. */
  locate(lon: number, lat: number): number {
    const gx = Math.floor((lon - this.x0) / this.cw);
    const gy = Math.floor((lat - this.y0) / this.ch);
    if (gx < 0 || gy < 0 || gx >= this.n || gy >= this.n) return -1;
    const k = gy * this.n + gx;
    const p = this.pure[k];
    if (p !== -2) return p;
    return this.scan(lon, lat, this.edgy.get(k)!);
  }
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

type Sampler = (r: Random) => Pt;

/** Generates `count` incidents, lazily (a million never sit in memory together). */
export function* generateIncidents(province: DemoProvince, opts: IncidentPlanOptions): Generator<DemoIncident> {
  const rng = createRandom(mixSeed(opts.seed, 'incidents'));
  const locator = new SubdistrictLocator(province.subdistricts);
  const subs = province.subdistricts;
  const villages = province.villages;
  const districtIndex = new Map(province.districts.map((d, i) => [d.code, i]));

  const mLat = 110_574;
  const mLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
  const shift = (p: Pt, dx: number, dy: number): Pt => [p[0] + dx / mLon(p[1]), p[1] + dy / mLat];
  const gauss = (p: Pt, sigma: number, r: Random): Pt => shift(p, r.normal() * sigma, r.normal() * sigma);

  /* ---- spatial samplers ---- */
  const villageByPop = weightedTable(villages.map((v) => v.population));
  const nearVillage: Sampler = (r) => gauss(villages[villageByPop(r.next())].at, 700, r);
  const townPick = weightedTable(province.towns.map((t) => t.weight));
  const nearTown = (sigma: number): Sampler => (r) => gauss(province.towns[townPick(r.next())].at, sigma, r);
  const hotspotPick = weightedTable(province.drugHotspots.map((h) => h.weight));
  const nearHotspot: Sampler = (r) => {
    const h = province.drugHotspots[hotspotPick(r.next())];
    return gauss(h.at, h.sigmaM, r);
  };
  const line = (pts: Pt[]) => {
    const local = pts.map(toLocal);
    return { pts, local, ...polylineMeasure(local) };
  };
  const border = line(province.border);
  /** Within maxKm north of the border, most within a few km. */
  const nearBorder = (meanKm: number, maxKm: number): Sampler => (r) => {
    const along = r.next() * border.total;
    const a = pointAlong(border.local, border.cum, Math.max(0, along - 5000)).p;
    const b = pointAlong(border.local, border.cum, Math.min(border.total, along + 5000)).p;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const { p } = pointAlong(border.local, border.cum, along);
    const d = Math.min(maxKm * 1000, r.exponential(meanKm * 1000));
    const q: Pt = [p[0] - ((b[1] - a[1]) / len) * d, p[1] + ((b[0] - a[0]) / len) * d];
    return toLonLat(q);
  };
  const crossings = province.crossings.map((c) => ({ ...line(c.path), trade: c.trade }));
  const crossingPick = weightedTable(crossings.map((c) => (c.trade ? 1.5 : 1)));
  const tradePick = weightedTable(crossings.map((c) => (c.trade ? 3 : 0.5)));
  const alongCrossing = (pick: (u: number) => number): Sampler => (r) => {
    const c = crossings[pick(r.next())];
    // Most sightings close to the border end of the path.
    const { p } = pointAlong(c.local, c.cum, Math.min(c.total, r.exponential(c.total / 3)));
    return toLonLat([p[0] + r.normal() * 350, p[1] + r.normal() * 350]);
  };
  const rivers = province.rivers.map(line);
  const riverPick = weightedTable([3, 1]);
  const nearRiver = (sigma: number): Sampler => (r) => {
    const rv = rivers[riverPick(r.next())];
    const { p } = pointAlong(rv.local, rv.cum, r.next() * rv.total);
    return toLonLat([p[0] + r.normal() * sigma, p[1] + r.normal() * sigma]);
  };
  // Drought: villages far from the rivers, where the water runs out first.
  const riverDist = villages.map((v) => {
    const lv = toLocal(v.at);
    let best = Infinity;
    for (const rv of rivers) for (const q of rv.local) best = Math.min(best, Math.hypot(lv[0] - q[0], lv[1] - q[1]));
    return best;
  });
  const dryPick = weightedTable(riverDist.map((d, i) => Math.pow(d / 1000, 1.5) * Math.sqrt(villages[i].population)));
  const dryVillage: Sampler = (r) => gauss(villages[dryPick(r.next())].at, 1000, r);
  const [x0, y0, x1, y1] = province.polygons[0][0].reduce(
    (b, q) => [Math.min(b[0], q[0]), Math.min(b[1], q[1]), Math.max(b[2], q[0]), Math.max(b[3], q[1])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  const uniform: Sampler = (r) => [r.range(x0, x1), r.range(y0, y1)];

  const mixture = (parts: Array<[number, Sampler]>) => {
    const pick = weightedTable(parts.map((p) => p[0]));
    return (r: Random) => parts[pick(r.next())][1](r);
  };
  const SPATIAL: Record<DemoCategory, Sampler> = {
    drugs: mixture([[0.55, nearHotspot], [0.2, nearTown(3000)], [0.15, nearVillage], [0.1, nearBorder(3, 10)]]),
    illegal_crossing: mixture([[0.62, alongCrossing(crossingPick)], [0.33, nearBorder(2.5, 10)], [0.05, nearTown(2500)]]),
    smuggling: mixture([[0.45, alongCrossing(tradePick)], [0.4, nearBorder(3, 10)], [0.15, nearTown(2000)]]),
    crime: mixture([[0.55, nearTown(2500)], [0.45, nearVillage]]),
    flood: mixture([[0.85, nearRiver(1200)], [0.15, nearVillage]]),
    drought: dryVillage,
    water_quality: mixture([[0.5, nearRiver(800)], [0.5, nearTown(2000)]]),
    forest: mixture([[0.8, nearBorder(4, 12)], [0.2, nearVillage]]),
    unrest: mixture([[0.8, nearTown(1500)], [0.2, nearVillage]]),
    other: mixture([[0.9, nearVillage], [0.1, uniform]]),
  };

  /* ---- time: fiscal years x months, with seasons and trends ---- */
  const endOfData = thaiDayStart(opts.now);
  const months: Array<{ year: number; start: number; days: number }> = [];
  for (const fy of opts.fiscalYears) {
    const start = fiscalYearPeriod(fy).start.getTime();
    for (let m = 0; m < 12; m++) {
      const s = monthStart(start, m);
      const e = monthStart(start, m + 1);
      const days = Math.max(0, Math.min(Math.round((e - s) / DAY), Math.floor((endOfData - s) / DAY)));
      months.push({ year: fy, start: s, days });
    }
  }
  const calMonth = (i: number) => (i % 12 + 9) % 12; // fiscal month 0 = October
  const trends = demoTrends(province);
  type TimeTable = { pickMonth: (u: number) => number };
  const timeTables = new Map<string, TimeTable>();
  const timeTable = (cat: DemoCategory, district: number): TimeTable => {
    const key = `${cat}:${district}`;
    let t = timeTables.get(key);
    if (!t) {
      const code = province.districts[district].code;
      const factor = trends.find((x) => x.category === cat && x.districtCode === code)?.factorPerYear ?? 1;
      const w = months.map((m, i) => MONTH_WEIGHT[cat][calMonth(i)] * m.days * Math.pow(factor, Math.floor(i / 12)));
      t = { pickMonth: weightedTable(w) };
      timeTables.set(key, t);
    }
    return t;
  };
  if (!months.some((m) => m.days > 0)) throw new RangeError('demo: the fiscal years end before they start');

  /* ---- everything else ---- */
  const catPick = weightedTable(DEMO_CATEGORY_CODES.map((c) => CATEGORY_SHARE[c]));
  const tables = <T>(weights: Record<DemoCategory, number[]>, values: readonly T[]) => {
    const out = {} as Record<DemoCategory, (r: Random) => T>;
    for (const c of DEMO_CATEGORY_CODES) {
      const pick = weightedTable(weights[c]);
      out[c] = (r) => values[pick(r.next())];
    }
    return out;
  };
  const hourOf = tables(HOUR_WEIGHT, Array.from({ length: 24 }, (_, i) => i));
  const severityOf = tables(SEVERITY, [1, 2, 3, 4, 5]);
  const sourceOf = tables(SOURCE_WEIGHT, SOURCES);
  const classOf = tables(CLASS_WEIGHT, CLASSES);
  const nowMs = opts.now.getTime();

  for (let n = 1; n <= opts.count; n++) {
    const category = DEMO_CATEGORY_CODES[catPick(rng.next())];
    let lon = 0;
    let lat = 0;
    let sub = -1;
    for (let tries = 0; sub < 0; tries++) {
      // Samplers near the border or a river sometimes land outside; a village is always inside.
      const p = tries < 30 ? SPATIAL[category](rng) : nearVillage(rng);
      lon = round7(p[0]);
      lat = round7(p[1]);
      sub = locator.locate(lon, lat);
    }
    const district = districtIndex.get(subs[sub].code.slice(0, 4))!;
    const m = months[timeTable(category, district).pickMonth(rng.next())];
    const occurredAt = m.start + rng.int(0, m.days - 1) * DAY + hourOf[category](rng) * HOUR + rng.int(0, 59) * 60_000;
    const source = sourceOf[category](rng);
    const ageDays = (endOfData - occurredAt) / DAY;
    const status = statusFor(rng, ageDays, source);
    const delay = source === 'sensor' ? rng.range(0.2, 5) * 60_000 : rng.exponential(source === 'import' ? 5 * DAY : source === 'volunteer' ? 2 * HOUR : 8 * HOUR);
    const createdAt = Math.min(nowMs, Math.round(occurredAt + delay));
    const updatedAt = status === 'reported' ? createdAt : Math.min(nowMs, Math.round(createdAt + rng.exponential(3 * DAY)));
    yield {
      n,
      category,
      occurredAt,
      lon,
      lat,
      subdistrict: sub,
      severity: severityOf[category](rng),
      status,
      source,
      description: describe(rng, category, province, sub, lon, lat),
      classification: classOf[category](rng),
      createdAt,
      updatedAt,
    };
  }
}

/** Old incidents are mostly closed; recent ones mostly still open. */
function statusFor(r: Random, ageDays: number, source: IncidentSource): IncidentStatus {
  const falseBoost = source === 'public' ? 2 : 1;
  const w =
    ageDays > 180 ? [3, 12, 79, 6 * falseBoost] : ageDays > 30 ? [18, 30, 47, 5 * falseBoost] : [60, 28, 9, 3 * falseBoost];
  return (['reported', 'verified', 'resolved', 'false_report'] as const)[r.weighted(w)];
}

function describe(r: Random, cat: DemoCategory, p: DemoProvince, sub: number, lon: number, lat: number): string {
  const s = p.subdistricts[sub];
  let best = s.villages[0];
  let bd = Infinity;
  for (const v of s.villages) {
    const dx = p.villages[v].at[0] - lon;
    const dy = p.villages[v].at[1] - lat;
    const d = dx * dx + dy * dy;
    if (d < bd) {
      bd = d;
      best = v;
    }
  }
  return r
    .pick(TEMPLATES[cat])
    .replace('{v}', p.villages[best].name.th)
    .replace('{s}', s.name.th)
    .replace('{n}', String(r.int(2, 400) * 10))
    .replace('{m}', String(r.int(2, 40)))
    .replace('{i}', r.pick(SMUGGLED));
}

/** The instant of the start of the Thai calendar day containing `d` (Thailand is UTC+7). */
function thaiDayStart(d: Date): number {
  const offset = 7 * HOUR;
  return Math.floor((d.getTime() + offset) / DAY) * DAY - offset;
}

/** Start of the m-th month after a Thai month start (m may be 12). */
function monthStart(start: number, m: number): number {
  const t = new Date(start + 7 * HOUR);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + m, 1) - 7 * HOUR;
}

const WEB_MERCATOR_R = 6_378_137;

/** [lon, lat] to EPSG:3857 metres. */
export function toWebMercator(lon: number, lat: number): Pt {
  return [(lon * Math.PI * WEB_MERCATOR_R) / 180, WEB_MERCATOR_R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
}

const ewkb = Buffer.alloc(16);

/** Hex EWKB of a WGS 84 point, the fastest geometry text PostGIS reads. */
export function pointEwkbHex(lon: number, lat: number): string {
  ewkb.writeDoubleLE(lon, 0);
  ewkb.writeDoubleLE(lat, 8);
  return '0101000020E6100000' + ewkb.toString('hex');
}

export const INCIDENT_COPY_COLUMNS = [
  'external_id', 'category_id', 'occurred_at', 'geom', 'x', 'y', 'subdistrict_code', 'district_code', 'province_code',
  'severity', 'status', 'source', 'description', 'classification', 'created_at', 'updated_at',
];

/** One CSV line (for COPY, columns as in INCIDENT_COPY_COLUMNS). */
export function incidentCsvLine(i: DemoIncident, province: DemoProvince, categoryId: number): string {
  const sub = province.subdistricts[i.subdistrict].code;
  const [x, y] = toWebMercator(i.lon, i.lat);
  return (
    `DEMO-${String(i.n).padStart(6, '0')},${categoryId},${new Date(i.occurredAt).toISOString()},${pointEwkbHex(i.lon, i.lat)},` +
    `${x},${y},${sub},${sub.slice(0, 4)},${sub.slice(0, 2)},${i.severity},${i.status},${i.source},` +
    `"${i.description.replace(/"/g, '""')}",${i.classification},${new Date(i.createdAt).toISOString()},${new Date(i.updatedAt).toISOString()}\n`
  );
}
