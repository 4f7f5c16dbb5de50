/**
 * A printed vector map of a province on a {@link ThaiPdf}: sub-districts filled by a class (target
 * area with projects, target area without any, not a target), district and province outlines,
 * village targets as dots, small numbers that refer to a table, district names, a legend, a north
 * arrow and a scale bar. The boundaries come simplified from PostGIS; the projection is
 * equirectangular with the longitudes shrunk by the cosine of the middle latitude, which for a
 * province (a degree or two across) is within a fraction of a percent of any conformal projection.
 */
import { LINE_HEIGHT, type ThaiPdf } from './thai-pdf.ts';

/** A ring of [longitude, latitude] positions. */
export type Ring = Array<[number, number]>;
/** A polygon: the outer ring, then its holes. */
export type Polygon = Ring[];

export interface MapFeature {
  code: string;
  /** 1 province, 2 district, 3 sub-district, 4 village. */
  level: number;
  nameTh: string;
  polygons: Polygon[];
  /** A point inside the area, for its label or its dot. */
  point: [number, number] | null;
}

/** The polygons of a GeoJSON Polygon or MultiPolygon (anything else gives none). */
export function parsePolygons(geojson: string | null): Polygon[] {
  if (!geojson) return [];
  const g = JSON.parse(geojson) as { type: string; coordinates: unknown };
  if (g.type === 'Polygon') return [g.coordinates as Polygon];
  if (g.type === 'MultiPolygon') return g.coordinates as Polygon[];
  if (g.type === 'GeometryCollection') {
    return ((g as unknown as { geometries: Array<{ type: string; coordinates: unknown }> }).geometries ?? [])
      .flatMap((x) => parsePolygons(JSON.stringify(x)));
  }
  return [];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Projection {
  /** Page position (points, y downwards) of a longitude and latitude. */
  project(lon: number, lat: number): [number, number];
  /** Points per kilometre on the page. */
  pointsPerKm: number;
  /** The part of the box the map fills. */
  width: number;
  height: number;
}

const KM_PER_DEGREE = 111.195;

/**
 * The projection that fits a longitude/latitude bounding box into `box`, keeping the shape
 * (east-west distances shrunk by cos(latitude)) and centring it horizontally.
 */
export function fitProjection(bbox: [number, number, number, number], box: Box): Projection {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const w = Math.max((maxLon - minLon) * k, 1e-9);
  const h = Math.max(maxLat - minLat, 1e-9);
  const s = Math.min(box.width / w, box.height / h);
  const left = box.x + (box.width - w * s) / 2;
  return {
    project: (lon, lat) => [left + (lon - minLon) * k * s, box.y + (maxLat - lat) * s],
    pointsPerKm: s / KM_PER_DEGREE,
    width: w * s,
    height: h * s,
  };
}

/** The bounding box [minLon, minLat, maxLon, maxLat] of the features' polygons. */
export function bboxOf(features: MapFeature[]): [number, number, number, number] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const f of features) {
    for (const poly of f.polygons) {
      for (const [lon, lat] of poly[0] ?? []) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return Number.isFinite(minLon) ? [minLon, minLat, maxLon, maxLat] : [0, 0, 1, 1];
}

/** A scale bar length in kilometres, round (1, 2, 5, 10, 20, 25, 50...), about `targetPt` long. */
export function scaleBarKm(pointsPerKm: number, targetPt = 90): number {
  const raw = targetPt / pointsPerKm;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).filter((v) => v <= raw).pop() ?? mag;
}

export interface LegendEntry {
  label: string;
  color: string;
  /** A filled area swatch or a dot (villages). */
  kind: 'area' | 'point';
}

export interface ProvinceMapOptions {
  /** The fill of a sub-district (null: the background colour). */
  fill: (code: string) => string | null;
  /** Villages drawn as dots, with their colour. */
  dots: Array<{ code: string; color: string }>;
  /** Small labels at areas' points (e.g. the row numbers of the target table). */
  labels: Map<string, string>;
  legend: LegendEntry[];
  /** The tallest the map may be (points); the width is the content width. */
  maxHeight: number;
  /** A line under the legend (the date the data are counted to, the source). */
  note?: string;
}

/** Twice the signed area of a ring (degrees squared; only compared with others). */
function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a);
}

/**
 * Where a district's name may go, best first: the points of its sub-districts without a fill,
 * largest first, then those of the others, then its own point.
 */
function namePoints(district: MapFeature, subs: MapFeature[], fill: (code: string) => string | null): Array<[number, number]> {
  const size = (f: MapFeature) => f.polygons.reduce((t, poly) => t + (poly[0] ? ringArea(poly[0]) : 0), 0);
  const mine = subs.filter((s) => s.code.startsWith(district.code) && s.point).sort((a, b) => Number(fill(a.code) != null) - Number(fill(b.code) != null) || size(b) - size(a));
  const out = mine.map((s) => s.point!);
  if (district.point) out.push(district.point);
  return out;
}

/** A box on the page. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The area two boxes share. */
export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Greedy label placement: each label (in order) takes the first of its candidate centres whose
 * box overlaps no fixed box and no label placed before it and lies inside `frame`; when every
 * candidate collides, the one that covers least. Labels without candidates get null.
 */
export function placeLabels(fixed: readonly Rect[], labels: ReadonlyArray<{ w: number; h: number; candidates: ReadonlyArray<[number, number]> }>, frame: Rect): Array<Rect | null> {
  const taken: Rect[] = [...fixed];
  return labels.map((l) => {
    let best: Rect | null = null;
    let bestCost = Infinity;
    for (const [cx, cy] of l.candidates) {
      const r = { x: cx - l.w / 2, y: cy - l.h / 2, w: l.w, h: l.h };
      let cost = l.w * l.h - overlapArea(r, frame);
      for (const t of taken) {
        if (cost >= bestCost) break;
        cost += overlapArea(r, t);
      }
      if (cost < bestCost) {
        best = r;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    if (best) taken.push(best);
    return best;
  });
}

const num = (v: number) => (Math.round(v * 100) / 100).toString();
const rgb = (c: string) => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (!m) throw new Error(`colour must be written #rrggbb, got "${c}"`);
  return m.slice(1).map((h) => num(parseInt(h, 16) / 255)).join(' ');
};

/** PDF path operators of polygons (each ring closed), for one fill or stroke. */
function pathOf(polygons: Polygon[], project: Projection['project']): string {
  const parts: string[] = [];
  for (const poly of polygons) {
    for (const ring of poly) {
      if (ring.length < 3) continue;
      let s = '';
      ring.forEach(([lon, lat], i) => {
        const [x, y] = project(lon, lat);
        s += `${num(x)} ${num(y)} ${i === 0 ? 'm' : 'l'} `;
      });
      parts.push(`${s}h`);
    }
  }
  return parts.join('\n');
}

/**
 * Draws the map at the cursor across the content width (no taller than `maxHeight`), then its
 * legend, and moves the cursor below. Paths are written as raw operators, a few per area: a
 * province of 200 sub-districts costs milliseconds.
 */
export function provinceMap(pdf: ThaiPdf, features: MapFeature[], opts: ProvinceMapOptions): void {
  const doc = pdf.doc;
  const x = pdf.margins.left;
  const width = pdf.contentWidth;
  const province = features.filter((f) => f.level === 1);
  const districts = features.filter((f) => f.level === 2);
  const subs = features.filter((f) => f.level === 3);
  const bbox = bboxOf(province.length ? province : features);
  // A little room inside the frame for the arrow and the scale bar.
  const pad = 10;
  const probe = fitProjection(bbox, { x: 0, y: 0, width: width - 2 * pad, height: opts.maxHeight - 2 * pad });
  const frameH = probe.height + 2 * pad;
  pdf.ensureSpace(frameH + 60);
  const top = pdf.y;
  const p = fitProjection(bbox, { x: x + pad, y: top + pad, width: width - 2 * pad, height: probe.height });
  const add = (ops: string) => doc.addContent(Buffer.from(ops, 'latin1') as unknown as string);

  // Frame and background.
  add(`q 0.5 w ${rgb('#777777')} RG ${rgb('#f7fbff')} rg ${num(x)} ${num(top)} ${num(width)} ${num(frameH)} re B Q\n`);
  // Sub-districts, grouped by fill, with thin grey edges.
  const byFill = new Map<string, MapFeature[]>();
  for (const f of subs) {
    const c = opts.fill(f.code) ?? '#ffffff';
    const list = byFill.get(c);
    if (list) list.push(f);
    else byFill.set(c, [f]);
  }
  for (const [color, list] of byFill) {
    let ops = `q 0.3 w ${rgb('#a8a8a8')} RG ${rgb(color)} rg 1 j\n`;
    for (const f of list) ops += `${pathOf(f.polygons, p.project)} B*\n`;
    add(`${ops}Q\n`);
  }
  // A coloured sub-district too small to see at this scale (a town's) gets a square of its colour
  // at its point, so no target disappears from the map.
  for (const f of subs) {
    const c = opts.fill(f.code);
    if (!c || !f.point) continue;
    const b = bboxOf([f]);
    const [x0, y0] = p.project(b[0], b[3]);
    const [x1, y1] = p.project(b[2], b[1]);
    if (Math.max(x1 - x0, y1 - y0) >= 10) continue;
    const [mx, my] = p.project(f.point[0], f.point[1]);
    add(`q 0.6 w ${rgb('#000000')} RG ${rgb(c)} rg ${num(mx - 3.5)} ${num(my - 3.5)} 7 7 re B Q\n`);
  }
  // District outlines over them, then the province's.
  let ops = `q 0.9 w ${rgb('#3c3c3c')} RG 1 j\n`;
  for (const f of districts) ops += `${pathOf(f.polygons, p.project)} S\n`;
  add(`${ops}Q\n`);
  ops = `q 1.6 w ${rgb('#000000')} RG 1 j\n`;
  for (const f of province) ops += `${pathOf(f.polygons, p.project)} S\n`;
  add(`${ops}Q\n`);

  // Target dots and numbers are placed first and never move (a sub-district's number steps up when
  // a village dot sits on its point); district names then go where they cover none of them.
  const byCode = new Map(features.map((f) => [f.code, f]));
  const labelSize = 5.5;
  const labelH = labelSize * LINE_HEIGHT;
  const fixed: Rect[] = [];
  const dots: Array<{ x: number; y: number; color: string }> = [];
  for (const d of opts.dots) {
    const f = byCode.get(d.code);
    if (!f?.point) continue;
    const [vx, vy] = p.project(f.point[0], f.point[1]);
    dots.push({ x: vx, y: vy, color: d.color });
    fixed.push({ x: vx - 3, y: vy - 3, w: 6, h: 6 });
  }
  const numbers: Array<{ text: string; x: number; top: number }> = [];
  for (const [code, text] of opts.labels) {
    const f = byCode.get(code);
    if (!f?.point) continue;
    const [lx, ly] = p.project(f.point[0], f.point[1]);
    const w = pdf.measure(text, { size: labelSize });
    let cx = lx - w / 2;
    let cy = ly - labelH / 2;
    if (f.level === 4) {
      cx = lx + 3;
      cy = ly - labelH / 2 + 3;
    } else if (dots.some((d) => Math.abs(d.x - lx) < 6 && Math.abs(d.y - ly) < 6)) cy -= 6;
    numbers.push({ text, x: cx, top: cy });
    // The box of the digits themselves (the line box is taller than the figures).
    fixed.push({ x: cx, y: cy + labelH * 0.25, w, h: labelH * 0.55 });
  }
  const nameSize = 7;
  const nameH = nameSize * LINE_HEIGHT;
  const frame: Rect = { x, y: top, w: width, h: frameH };
  const names = districts.map((f) => {
    const name = `อ.${f.nameTh}`;
    const w = pdf.measure(name, { size: nameSize, weight: 'bold' }) + 4;
    const points = namePoints(f, subs, opts.fill).map(([lon, lat]) => p.project(lon, lat));
    const candidates = points.flatMap(([cx, cy]) => [[cx, cy], [cx, cy - 9], [cx, cy + 9], [cx + w / 2, cy], [cx - w / 2, cy]] as Array<[number, number]>);
    return { name, w, h: nameH - 2, candidates };
  });
  const placed = placeLabels(fixed, names, frame);
  names.forEach((n, i) => {
    const r = placed[i];
    if (!r) return;
    doc.save().fillOpacity(0.75).roundedRect(r.x, r.y, r.w, r.h, 2).fill('#ffffff').restore();
    pdf.line(n.name, r.x + 2, r.y - 1, { size: nameSize, weight: 'bold', color: '#1a1a1a' });
  });
  for (const d of dots) doc.save().lineWidth(0.6).circle(d.x, d.y, 2.6).fillAndStroke(d.color, '#000000').restore();
  for (const n of numbers) pdf.line(n.text, n.x, n.top, { size: labelSize, color: '#000000' });

  // North arrow (top right) and scale bar (bottom left), inside the frame.
  const ax = x + width - 22;
  const ay = top + 12;
  doc.save().moveTo(ax, ay).lineTo(ax + 7, ay + 22).lineTo(ax, ay + 17).closePath().fill('#000000').restore();
  doc.save().lineWidth(0.8).moveTo(ax, ay).lineTo(ax - 7, ay + 22).lineTo(ax, ay + 17).closePath().stroke('#000000').restore();
  pdf.line('N', ax - 10, ay + 22, { size: 8, weight: 'bold', width: 20, align: 'center' });
  pdf.line('ทิศเหนือ', ax - 20, ay + 32, { size: 6.5, width: 40, align: 'center', color: '#333333' });
  const km = scaleBarKm(p.pointsPerKm);
  const barW = km * p.pointsPerKm;
  const sx = x + 12;
  const sy = top + frameH - 20;
  doc.save().rect(sx, sy, barW / 2, 4).fill('#000000').rect(sx + barW / 2, sy, barW / 2, 4).lineWidth(0.6).stroke('#000000').restore();
  doc.save().lineWidth(0.6).rect(sx, sy, barW, 4).stroke('#000000').restore();
  pdf.line('0', sx - 2, sy + 4, { size: 6.5 });
  pdf.line(km.toLocaleString('th-TH'), sx + barW - 4, sy + 4, { size: 6.5 });
  pdf.line('กิโลเมตร', sx + barW + 6, sy - 3, { size: 6.5 });

  // Legend below the frame.
  pdf.y = top + frameH + 6;
  const size = 8.5;
  const lh = size * LINE_HEIGHT;
  let cx = x;
  for (const e of opts.legend) {
    const w = 16 + pdf.measure(e.label, { size }) + 14;
    if (cx > x && cx + w > x + width) {
      cx = x;
      pdf.y += lh;
    }
    if (e.kind === 'area') doc.save().lineWidth(0.4).rect(cx, pdf.y + lh / 2 - 4.5, 12, 9).fillAndStroke(e.color, '#555555').restore();
    else doc.save().lineWidth(0.6).circle(cx + 6, pdf.y + lh / 2, 2.6).fillAndStroke(e.color, '#000000').restore();
    pdf.line(e.label, cx + 16, pdf.y, { size });
    cx += w;
  }
  pdf.y += lh;
  // Outlines in the legend as lines.
  doc.save().lineWidth(0.9).strokeColor('#3c3c3c').moveTo(x, pdf.y + lh / 2).lineTo(x + 12, pdf.y + lh / 2).stroke().restore();
  pdf.line('เขตอำเภอ', x + 16, pdf.y, { size });
  const x2 = x + 16 + pdf.measure('เขตอำเภอ', { size }) + 14;
  doc.save().lineWidth(1.6).strokeColor('#000000').moveTo(x2, pdf.y + lh / 2).lineTo(x2 + 12, pdf.y + lh / 2).stroke().restore();
  pdf.line('เขตจังหวัด', x2 + 16, pdf.y, { size });
  pdf.y += lh;
  if (opts.note) pdf.paragraph(opts.note, { size: 8, color: '#444444' });
  pdf.y += 4;
}
