/**
 * The synthetic demo province: outline, districts, sub-districts, villages, towns, a river and
 * the Cambodian border, generated from a seed (pure, no I/O).
 *
 * How the shapes are made: sub-district seeds (denser around towns) give Voronoi cells clipped to
 * a fractal province outline; the cells' vertices are snapped into one shared vertex table so that
 * neighbours share exactly the same edges; edges are densified the same way on both sides; then a
 * smooth bijective warp (a sum of sines whose slope stays below 1, so it cannot fold the plane)
 * bends every straight edge into an organic line. Districts and the province are the dissolved
 * unions of their cells, so the levels tile each other without gaps or overlaps by construction.
 */
import polygonClipping from 'polygon-clipping';
import { createRandom, mixSeed, type Random } from '../../shared/random.ts';
import { NamePool, type PlaceName } from './names.ts';
import {
  clipCloserTo,
  dissolve,
  distanceToPolyline,
  openRing,
  pointInPolygon,
  pointInRing,
  polygonProblems,
  ringArea,
  type Pt,
  type Ring,
} from '../../shared/planar.ts';

export const DEMO_PROVINCE_CODE = '98';
export const DEMO_PROVINCE_NAME: PlaceName = { th: 'จังหวัดสาธิต (ข้อมูลสังเคราะห์)', en: 'Demo province - synthetic data' };

/** Centre of the local metric frame (metres east/north of this point). */
const LON0 = 103.9;
const LAT0 = 14.75;
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT0 * Math.PI) / 180);
/** Spacing of vertices along boundaries, before the warp bends them. */
const DENSIFY_M = 400;

export interface DemoTown {
  name: PlaceName;
  /** [lon, lat] */
  at: Pt;
  /** Relative size (the provincial town is the largest). */
  weight: number;
  district: number;
}

export interface DemoDistrict {
  code: string;
  name: PlaceName;
  /** Polygon rings in [lon, lat]: outer rings counter-clockwise, holes clockwise. */
  polygons: Ring[][];
  population: number;
  town: number;
}

export interface DemoSubdistrict {
  code: string;
  name: PlaceName;
  district: number;
  /** One counter-clockwise ring in [lon, lat]. */
  ring: Ring;
  bbox: [number, number, number, number];
  population: number;
  areaKm2: number;
  /** Holds a town (the provincial town or a district seat). */
  town: boolean;
  distanceToBorderKm: number;
  villages: number[];
}

export interface DemoVillage {
  code: string;
  name: PlaceName;
  subdistrict: number;
  at: Pt;
  population: number;
}

export interface DemoCrossing {
  name: PlaceName;
  /** From the border point inwards, [lon, lat]. */
  path: Pt[];
  /** A permitted border-trade point (จุดผ่อนปรนการค้า), busy with smuggling too. */
  trade: boolean;
}

export interface DemoHotspot {
  at: Pt;
  sigmaM: number;
  weight: number;
}

export interface DemoProvince {
  seed: number;
  code: string;
  name: PlaceName;
  /** Rings of the province, [lon, lat]. */
  polygons: Ring[][];
  population: number;
  districts: DemoDistrict[];
  subdistricts: DemoSubdistrict[];
  villages: DemoVillage[];
  towns: DemoTown[];
  /** The southern edge, the border with Cambodia, west to east, [lon, lat]. */
  border: Pt[];
  /** The main river (west to east) and a tributary (south to north), [lon, lat]. */
  rivers: Pt[][];
  crossings: DemoCrossing[];
  drugHotspots: DemoHotspot[];
}

/** Thrown inside one attempt when a random layout is unusable; the next attempt uses another stream. */
class Retry extends Error {}

/** Local metres to [lon, lat], rounded to 1e-7 degree (about 1 cm). */
export function toLonLat(p: Pt): Pt {
  return [round7(LON0 + p[0] / M_PER_DEG_LON), round7(LAT0 + p[1] / M_PER_DEG_LAT)];
}

/** [lon, lat] to local metres (equirectangular around the province centre). */
export function toLocal(p: Pt): Pt {
  return [(p[0] - LON0) * M_PER_DEG_LON, (p[1] - LAT0) * M_PER_DEG_LAT];
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

const dist = (a: Pt, b: Pt) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * Midpoint displacement between a and b; returns the points from a up to (not including) b.
 * The relative displacement shrinks by `decay` at each level: large bends, small wiggles.
 */
function fractal(a: Pt, b: Pt, depth: number, rough: number, rng: Random, decay = 0.8): Pt[] {
  let pts: Pt[] = [a, b];
  for (let level = 0, r = rough; level < depth; level++, r *= decay) {
    const out: Pt[] = [pts[0]];
    for (let i = 1; i < pts.length; i++) {
      const p = pts[i - 1];
      const q = pts[i];
      const len = dist(p, q);
      const nx = -(q[1] - p[1]) / len;
      const ny = (q[0] - p[0]) / len;
      const d = Math.max(-0.3, Math.min(0.3, rng.normal() * r)) * len;
      out.push([(p[0] + q[0]) / 2 + nx * d, (p[1] + q[1]) / 2 + ny * d], q);
    }
    pts = out;
  }
  return pts.slice(0, -1);
}

/** A smooth displacement field with slope below 1, so p + d(p) never folds (km-scale bends). */
function makeWarp(rng: Random): (p: Pt) => Pt {
  const scales: Array<[number, number]> = [
    [2000, 48_000],
    [600, 15_000],
    [90, 6_000],
  ];
  const terms = scales.flatMap(([amp, wavelength]) =>
    [0, 1].map((axis) => {
      const theta = rng.range(0, 2 * Math.PI);
      return { axis, amp, k: (2 * Math.PI) / wavelength, cx: Math.cos(theta), cy: Math.sin(theta), phase: rng.range(0, 2 * Math.PI) };
    }),
  );
  return (p) => {
    let dx = 0;
    let dy = 0;
    for (const t of terms) {
      const v = t.amp * Math.sin(t.k * (p[0] * t.cx + p[1] * t.cy) + t.phase);
      if (t.axis === 0) dx += v;
      else dy += v;
    }
    return [p[0] + dx, p[1] + dy];
  };
}

/** Shared vertex table: near-identical points from different cells become one vertex id. */
class Vertices {
  readonly pts: Pt[] = [];
  private readonly grid = new Map<string, number[]>();
  private static readonly CELL = 0.1; // metres
  private static readonly TOL = 0.05;

  id(p: Pt): number {
    const gx = Math.round(p[0] / Vertices.CELL);
    const gy = Math.round(p[1] / Vertices.CELL);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const v of this.grid.get(`${gx + dx},${gy + dy}`) ?? []) {
          if (dist(this.pts[v], p) <= Vertices.TOL) return v;
        }
      }
    }
    const v = this.pts.length;
    this.pts.push(p);
    const k = `${gx},${gy}`;
    const list = this.grid.get(k);
    if (list) list.push(v);
    else this.grid.set(k, [v]);
    return v;
  }
}

/** Generates the demo province for a seed; the same seed always gives the same province. */
export function generateProvince(seed: number): DemoProvince {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      return attemptProvince(seed, createRandom(mixSeed(seed, `geography-${attempt}`)));
    } catch (err) {
      if (!(err instanceof Retry)) throw err;
      lastError = err;
    }
  }
  throw new Error(`demo geography: no usable layout for seed ${seed} (${(lastError as Error).message})`);
}

function attemptProvince(seed: number, rng: Random): DemoProvince {
  /* ---- outline: a fractal polygon whose southern edge is the Cambodian border ---- */
  const km = (x: number, y: number): Pt => [x * 1000 + rng.range(-3000, 3000), y * 1000 + rng.range(-3000, 3000)];
  const south = [km(-62, -36), km(-38, -42), km(-14, -38), km(10, -45), km(34, -42), km(62, -46)];
  const rest = [km(66, -14), km(61, 17), km(52, 42), km(24, 47), km(-4, 50), km(-36, 46), km(-60, 36), km(-65, 4)];
  const border: Pt[] = [];
  for (let i = 1; i < south.length; i++) border.push(...fractal(south[i - 1], south[i], 6, 0.26, rng, 0.72));
  border.push(south[south.length - 1]);
  const outline: Ring = [...border.slice(0, -1)];
  const loop = [south[south.length - 1], ...rest, south[0]];
  for (let i = 1; i < loop.length; i++) outline.push(...fractal(loop[i - 1], loop[i], 5, 0.13, rng));
  if (polygonProblems([outline]).length) throw new Retry('outline crosses itself');
  if (ringArea(outline) <= 0) throw new Retry('outline is clockwise');
  const inside = (p: Pt) => pointInRing(p[0], p[1], outline);
  const toBorder = (p: Pt) => distanceToPolyline(p, border);
  const toEdge = (p: Pt) => distanceToPolyline(p, [...outline, outline[0]]);
  const [minX, minY, maxX, maxY] = bboxOf(outline);
  const randomInside = (): Pt => {
    for (;;) {
      const p: Pt = [rng.range(minX, maxX), rng.range(minY, maxY)];
      if (inside(p)) return p;
    }
  };

  /* ---- towns: the provincial town north of centre, seven district seats spread out ---- */
  const towns: Pt[] = [[rng.range(-6000, 6000), rng.range(4000, 14000)]];
  for (let spacing = 30_000; towns.length < 8 && spacing > 18_000; spacing -= 2000) {
    for (let tries = 0; tries < 4000 && towns.length < 8; tries++) {
      const p = randomInside();
      if (toBorder(p) < 9000 || toEdge(p) < 6000) continue;
      if (towns.every((t) => dist(t, p) >= spacing)) towns.push(p);
    }
  }
  if (towns.length < 8) throw new Retry('no room for eight district seats');

  /* ---- rivers: the main river west to east in the north, a tributary from the border hills ---- */
  const riverY = rng.range(28_000, 34_000);
  const riverCtl: Pt[] = [];
  for (let x = -90_000; x <= 90_000; x += 20_000) riverCtl.push([x, riverY + rng.range(-6000, 6000)]);
  const river: Pt[] = [];
  for (let i = 1; i < riverCtl.length; i++) river.push(...fractal(riverCtl[i - 1], riverCtl[i], 5, 0.16, rng));
  river.push(riverCtl[riverCtl.length - 1]);
  const tribX = rng.range(10_000, 35_000);
  const tribCtl: Pt[] = [[tribX, -32_000], [tribX + rng.range(-8000, 8000), -10_000], [tribX + rng.range(-6000, 6000), 8000]];
  const joinAt = river.reduce((best, p) => (Math.abs(p[0] - tribX) < Math.abs(best[0] - tribX) ? p : best), river[0]);
  tribCtl.push(joinAt);
  const tributary: Pt[] = [];
  for (let i = 1; i < tribCtl.length; i++) tributary.push(...fractal(tribCtl[i - 1], tribCtl[i], 4, 0.16, rng));
  tributary.push(joinAt);

  /* ---- sub-district seeds: towns first, then random sequential addition, denser near towns ---- */
  let seeds: Pt[] = [];
  let radius = 12_500;
  for (let round = 0; ; round++) {
    if (round > 12) throw new Retry('sub-district count out of range');
    const r = rng.fork(`seeds-${round}`);
    const rOf = (p: Pt) => {
      const dTown = Math.min(...towns.map((t, i) => dist(t, p) / (i === 0 ? 1.6 : 1)));
      return radius * (0.45 + 0.55 * Math.min(1, dTown / 22_000));
    };
    seeds = [...towns];
    let fails = 0;
    while (fails < 3000) {
      const p: Pt = [r.range(minX, maxX), r.range(minY, maxY)];
      if (!inside(p)) continue;
      const rp = rOf(p);
      if (seeds.every((q) => dist(p, q) >= (rp + rOf(q)) / 2)) {
        seeds.push(p);
        fails = 0;
      } else fails++;
    }
    if (seeds.length < 62) radius *= 0.94;
    else if (seeds.length > 78) radius *= 1.06;
    else break;
  }

  /* ---- Voronoi cells clipped to the outline ---- */
  const pad = 30_000;
  const frame: Ring = [[minX - pad, minY - pad], [maxX + pad, minY - pad], [maxX + pad, maxY + pad], [minX - pad, maxY + pad]];
  const outlineClosed = [[...outline, outline[0]]];
  const verts = new Vertices();
  const cells: number[][] = seeds.map((s, i) => {
    let cell = frame;
    for (let j = 0; j < seeds.length; j++) if (j !== i) cell = clipCloserTo(cell, s, seeds[j]);
    const clipped = polygonClipping.intersection([[...cell, cell[0]]], outlineClosed as any);
    if (clipped.length !== 1 || clipped[0].length !== 1) throw new Retry(`cell ${i} is split by the outline`);
    let ring = openRing(clipped[0][0] as Ring);
    if (ringArea(ring) < 0) ring = ring.slice().reverse();
    const ids: number[] = [];
    for (const p of ring) {
      const v = verts.id(p);
      if (ids[ids.length - 1] !== v) ids.push(v);
    }
    if (ids[0] === ids[ids.length - 1]) ids.pop();
    if (new Set(ids).size !== ids.length || ids.length < 3) throw new Retry(`cell ${i} pinches`);
    return ids;
  });

  /* ---- districts: each cell joins its nearest town; disconnected pieces join a neighbour ---- */
  const edgeOwner = new Map<string, number>();
  cells.forEach((c, i) => c.forEach((v, k) => edgeOwner.set(`${v}>${c[(k + 1) % c.length]}`, i)));
  const neighbours: Array<Set<number>> = cells.map((c) => {
    const s = new Set<number>();
    c.forEach((v, k) => {
      const o = edgeOwner.get(`${c[(k + 1) % c.length]}>${v}`);
      if (o !== undefined) s.add(o);
    });
    return s;
  });
  const districtOf = seeds.map((s, i) => (i < towns.length ? i : towns.reduce((best, t, k) => (dist(t, s) < dist(towns[best], s) ? k : best), 0)));
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (let d = 0; d < towns.length; d++) {
      const reach = new Set<number>([d]);
      const stack = [d];
      while (stack.length) {
        const c = stack.pop()!;
        for (const n of neighbours[c]) {
          if (districtOf[n] === d && !reach.has(n)) {
            reach.add(n);
            stack.push(n);
          }
        }
      }
      districtOf.forEach((dd, c) => {
        if (dd !== d || reach.has(c)) return;
        const other = [...neighbours[c]].find((n) => districtOf[n] !== d);
        if (other !== undefined) {
          districtOf[c] = districtOf[other];
          changed = true;
        }
      });
    }
    if (!changed) break;
  }
  for (let d = 0; d < towns.length; d++) {
    if (districtOf.filter((x) => x === d).length < 4) throw new Retry(`district ${d} has fewer than four sub-districts`);
  }

  /* ---- densify shared edges identically on both sides, then warp every vertex ---- */
  const between = new Map<string, number[]>();
  const dense = cells.map((c) => {
    const out: number[] = [];
    c.forEach((a, k) => {
      const b = c[(k + 1) % c.length];
      out.push(a);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const key = `${lo}-${hi}`;
      let mids = between.get(key);
      if (!mids) {
        const p = verts.pts[lo];
        const q = verts.pts[hi];
        const n = Math.ceil(dist(p, q) / DENSIFY_M);
        mids = [];
        for (let s = 1; s < n; s++) mids.push(verts.id([p[0] + ((q[0] - p[0]) * s) / n, p[1] + ((q[1] - p[1]) * s) / n]));
        between.set(key, mids);
      }
      out.push(...(a === lo ? mids : [...mids].reverse()));
    });
    return out;
  });
  const warp = makeWarp(rng);
  const local = verts.pts.map(warp);
  const lonlat = local.map(toLonLat);
  const ringOf = (ids: number[]): Ring => ids.map((v) => lonlat[v]);

  const provinceRings = dissolve(dense);
  if (provinceRings.length !== 1) throw new Retry('cells do not tile the outline');
  const outlineArea = ringArea(outline);
  const cellArea = cells.reduce((s, c) => s + ringArea(c.map((v) => verts.pts[v])), 0);
  if (Math.abs(cellArea - outlineArea) > 1e-6 * outlineArea) throw new Retry('cells leave gaps');

  const polygonsOf = (rings: number[][]): Ring[][] => {
    const outer = rings.filter((r) => ringArea(r.map((v) => local[v])) > 0);
    const holes = rings.filter((r) => ringArea(r.map((v) => local[v])) < 0);
    const polys: Ring[][] = outer.map((r) => [ringOf(r)]);
    for (const h of holes) {
      const p = lonlat[h[0]];
      const host = polys.find((poly) => pointInRing(p[0], p[1], poly[0]));
      if (!host) throw new Retry('hole outside every ring');
      host.push(ringOf(h));
    }
    return polys;
  };

  const subRings = dense.map(ringOf);
  for (const [i, r] of subRings.entries()) {
    const problems = polygonProblems([r]);
    if (problems.length) throw new Retry(`sub-district ${i}: ${problems[0]}`);
  }
  const districtPolys = towns.map((_, d) => {
    const polys = polygonsOf(dissolve(dense.filter((_, c) => districtOf[c] === d)));
    if (polys.length !== 1) throw new Retry(`district ${d} is in ${polys.length} pieces`);
    const problems = polygonProblems(polys[0]);
    if (problems.length) throw new Retry(`district ${d}: ${problems[0]}`);
    return polys;
  });
  const provincePolys = polygonsOf(provinceRings);
  if (polygonProblems(provincePolys[0]).length) throw new Retry('province outline is not simple');

  /* ---- everything else in [lon, lat] ---- */
  const wl = (p: Pt) => toLonLat(warp(p));
  const townsLL = towns.map(wl);
  const borderLL = border.map(wl);
  const riversLL = [river.map(wl), tributary.map(wl)];
  const borderLocal = borderLL.map(toLocal);
  const kmToBorder = (p: Pt) => distanceToPolyline(toLocal(p), borderLocal) / 1000;

  /* ---- codes and names: Mueang first, then districts west to east ---- */
  const order = [0, ...towns.map((_, i) => i).slice(1).sort((a, b) => townsLL[a][0] - townsLL[b][0])];
  const names = new NamePool(rng.fork('names'), ['เมืองสาธิต', 'ในเมือง']);
  const districtNames: PlaceName[] = [];
  for (const d of order) {
    if (d === 0) districtNames[d] = { th: 'เมืองสาธิต', en: 'Mueang Sathit' };
    else districtNames[d] = kmToBorder(townsLL[d]) < 25 && rng.chance(0.6) ? names.borderName() : names.common();
  }
  const districts: DemoDistrict[] = [];
  const subdistricts: DemoSubdistrict[] = [];
  const villages: DemoVillage[] = [];
  const vrng = rng.fork('villages');
  order.forEach((d, di) => {
    const dcode = `${DEMO_PROVINCE_CODE}${String(di + 1).padStart(2, '0')}`;
    const members = cells.map((_, c) => c).filter((c) => districtOf[c] === d);
    members.sort((a, b) => (a === d ? -1 : b === d ? 1 : dist(seeds[a], towns[d]) - dist(seeds[b], towns[d])));
    let dpop = 0;
    members.forEach((c, si) => {
      const ring = subRings[c];
      const isTown = c === d;
      const toBorderKm = kmToBorder(toLonLat(warp(seeds[c])));
      const name: PlaceName = isTown
        ? d === 0
          ? { th: 'ในเมือง', en: 'Nai Mueang' }
          : districtNames[d]
        : toBorderKm < 15 && rng.chance(0.6)
          ? names.borderName()
          : names.common();
      const areaKm2 = Math.abs(ringArea(dense[c].map((v) => local[v]))) / 1e6;
      const nearCapital = dist(seeds[c], towns[0]) < 13_000;
      const population = Math.round(
        isTown && d === 0
          ? rng.range(13_500, 15_000)
          : isTown
            ? rng.range(7_000, 11_000)
            : nearCapital
              ? rng.range(8_000, 12_000)
              : Math.min(9_000, Math.max(3_000, 2_500 + areaKm2 * rng.range(12, 30))),
      );
      dpop += population;
      const code = `${dcode}${String(si + 1).padStart(2, '0')}`;
      const sub: DemoSubdistrict = {
        code,
        name,
        district: districts.length,
        ring,
        bbox: bboxOf(ring),
        population,
        areaKm2,
        town: isTown,
        distanceToBorderKm: toBorderKm,
        villages: [],
      };
      const sIndex = subdistricts.length;
      subdistricts.push(sub);
      placeVillages(vrng, sub, sIndex, isTown ? townsLL[d] : null, villages);
    });
    districts.push({ code: dcode, name: districtNames[d], polygons: districtPolys[d], population: dpop, town: di });
  });
  const townList: DemoTown[] = order.map((d, di) => ({
    name: districtNames[d],
    at: townsLL[d],
    weight: d === 0 ? 4 : 1,
    district: di,
  }));

  /* ---- crossing paths from the border inwards; two are permitted trade points ---- */
  const crossings: DemoCrossing[] = [];
  const crng = rng.fork('crossings');
  const fractions = [0.2, 0.4, 0.6, 0.82].map((f) => f + crng.range(-0.05, 0.05));
  const tradeAt = new Set([1, 3]);
  let cum = 0;
  const cumLen = border.map((p, i) => (i === 0 ? 0 : (cum += dist(border[i - 1], p))));
  fractions.forEach((f, k) => {
    const target = f * cum;
    const at = (d: number) => {
      const i = cumLen.findIndex((c) => c >= d);
      return border[i < 0 ? border.length - 1 : i];
    };
    const start = at(target);
    // The general run of the border over 10 km, not the wiggle of one segment, sets "inwards".
    const a = at(target - 5000);
    const b = at(target + 5000);
    const len = dist(a, b) || 1;
    const inward: Pt = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
    const depth = crng.range(7000, 13_000);
    const end: Pt = [start[0] + inward[0] * depth + crng.range(-2000, 2000), start[1] + inward[1] * depth];
    const path = [...fractal(start, end, 4, 0.12, crng), end].map(wl);
    const near = nearestVillage(villages, path[path.length - 1]);
    const vname = villages[near].name;
    crossings.push({
      name: tradeAt.has(k)
        ? { th: `จุดผ่อนปรนการค้า${vname.th}`, en: `${vname.en} border trade point` }
        : { th: `ช่องทางธรรมชาติ${vname.th}`, en: `${vname.en} natural crossing` },
      path,
      trade: tradeAt.has(k),
    });
  });

  /* ---- drug hot spots: around the towns, and a few villages on the trafficking routes ---- */
  const hrng = rng.fork('hotspots');
  const drugHotspots: DemoHotspot[] = [];
  const offset = (p: Pt, m: number): Pt => {
    const a = hrng.range(0, 2 * Math.PI);
    const l = toLocal(p);
    return toLonLat([l[0] + Math.cos(a) * m, l[1] + Math.sin(a) * m]);
  };
  townList.forEach((t, i) => {
    const n = i === 0 ? 3 : 1;
    for (let k = 0; k < n; k++) drugHotspots.push({ at: offset(t.at, hrng.range(500, i === 0 ? 3000 : 2000)), sigmaM: hrng.range(500, 900), weight: i === 0 ? 3 : 1.5 });
  });
  const borderVillages = villages.filter((v) => subdistricts[v.subdistrict].distanceToBorderKm < 15);
  for (let k = 0; k < 3 && borderVillages.length; k++) drugHotspots.push({ at: hrng.pick(borderVillages).at, sigmaM: hrng.range(400, 700), weight: 1.2 });

  const population = districts.reduce((s, d) => s + d.population, 0);
  return {
    seed,
    code: DEMO_PROVINCE_CODE,
    name: DEMO_PROVINCE_NAME,
    polygons: provincePolys,
    population,
    districts,
    subdistricts,
    villages,
    towns: townList,
    border: borderLL,
    rivers: riversLL,
    crossings,
    drugHotspots,
  };
}

function bboxOf(ring: Ring): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const p of ring) {
    a = Math.min(a, p[0]);
    b = Math.min(b, p[1]);
    c = Math.max(c, p[0]);
    d = Math.max(d, p[1]);
  }
  return [a, b, c, d];
}

function nearestVillage(villages: DemoVillage[], p: Pt): number {
  let best = 0;
  let bd = Infinity;
  villages.forEach((v, i) => {
    const d = dist(toLocal(v.at), toLocal(p));
    if (d < bd) {
      bd = d;
      best = i;
    }
  });
  return best;
}

/** Villages: several per sub-district, spread out, the first at the town centre for a seat. */
function placeVillages(rng: Random, sub: DemoSubdistrict, sIndex: number, townAt: Pt | null, out: DemoVillage[]): void {
  const count = Math.max(5, Math.min(16, Math.round(sub.population / 900)));
  const pool = new NamePool(rng.fork(sub.code));
  const pts: Pt[] = [];
  if (townAt && pointInRing(townAt[0], townAt[1], sub.ring)) pts.push(townAt);
  const [x0, y0, x1, y1] = sub.bbox;
  for (let spacing = 1500; pts.length < count && spacing > 200; spacing *= 0.7) {
    for (let tries = 0; tries < 2000 && pts.length < count; tries++) {
      const p: Pt = [round7(rng.range(x0, x1)), round7(rng.range(y0, y1))];
      if (!pointInPolygon(p[0], p[1], [sub.ring])) continue;
      const lp = toLocal(p);
      if (pts.every((q) => dist(toLocal(q), lp) >= spacing)) pts.push(p);
    }
  }
  const weights = pts.map((_, i) => (i === 0 && townAt ? 3 : rng.range(0.5, 1.5)));
  const total = weights.reduce((s, w) => s + w, 0);
  pts.forEach((p, i) => {
    const name = i === 0 ? sub.name : pool.common();
    if (i === 0) pool.reserve(name.th);
    sub.villages.push(out.length);
    out.push({
      code: `${sub.code}${String(i + 1).padStart(2, '0')}`,
      name: { th: `บ้าน${name.th}`, en: `Ban ${name.en}` },
      subdistrict: sIndex,
      at: p,
      population: Math.round((sub.population * weights[i]) / total),
    });
  });
}
