import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateProvince, toLocal, DEMO_PROVINCE_NAME, type DemoProvince } from './geography.ts';
import { pointInRing, polygonProblems, ringArea, type Ring } from '../../shared/planar.ts';

const provinces = new Map<number, DemoProvince>();
const province = (seed: number) => {
  if (!provinces.has(seed)) provinces.set(seed, generateProvince(seed));
  return provinces.get(seed)!;
};
const areaM2 = (r: Ring) => ringArea(r.map(toLocal));
const polyAreaM2 = (polys: Ring[][]) => polys.reduce((s, p) => s + p.reduce((t, r) => t + areaM2(r), 0), 0);

test('the same seed gives the same province, another seed another one', () => {
  const a = generateProvince(11);
  const b = generateProvince(11);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.subdistricts[3].ring, province(2567).subdistricts[3].ring);
});

for (const seed of [2567, 1, 2, 3]) {
  test(`seed ${seed}: one synthetic province, 8 districts, 60-80 sub-districts, villages, DOPA codes`, () => {
    const p = province(seed);
    assert.equal(p.code, '98');
    assert.deepEqual(p.name, { th: 'จังหวัดสาธิต (ข้อมูลสังเคราะห์)', en: 'Demo province - synthetic data' });
    assert.deepEqual(p.name, DEMO_PROVINCE_NAME);
    assert.equal(p.districts.length, 8);
    assert.ok(p.subdistricts.length >= 60 && p.subdistricts.length <= 80, `${p.subdistricts.length} sub-districts`);
    assert.deepEqual(p.districts.map((d) => d.code), ['9801', '9802', '9803', '9804', '9805', '9806', '9807', '9808']);
    assert.equal(p.districts[0].name.en, 'Mueang Sathit');
    const codes = [...p.subdistricts.map((s) => s.code), ...p.villages.map((v) => v.code)];
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
    for (const s of p.subdistricts) {
      assert.match(s.code, /^98\d{4}$/);
      assert.ok(p.districts[s.district].code === s.code.slice(0, 4));
      assert.ok(s.villages.length >= 5, `${s.code} has ${s.villages.length} villages`);
      assert.ok(s.population >= 3000 && s.population <= 15000, `${s.code} population ${s.population}`);
      assert.ok(s.name.th && /^[A-Z][A-Za-z -]+$/.test(s.name.en), `${s.code} names ${s.name.th} / ${s.name.en}`);
    }
    for (const v of p.villages) {
      assert.match(v.code, /^98\d{6}$/);
      assert.ok(v.name.th.startsWith('บ้าน') && v.name.en.startsWith('Ban '));
      const s = p.subdistricts[v.subdistrict];
      assert.equal(v.code.slice(0, 6), s.code);
      assert.ok(pointInRing(v.at[0], v.at[1], s.ring), `village ${v.code} lies in its sub-district`);
    }
    const names = p.subdistricts.map((s) => s.name.th);
    assert.equal(new Set(names).size, names.length, 'sub-district names are unique');
    // The provincial town has the densest sub-district.
    const capital = p.subdistricts.find((s) => s.code === '980101')!;
    assert.equal(capital.name.th, 'ในเมือง');
    assert.equal(Math.max(...p.subdistricts.map((s) => s.population)), capital.population);
    assert.equal(p.population, p.districts.reduce((s, d) => s + d.population, 0));
  });

  test(`seed ${seed}: the province lies on the Cambodian border in the north-east, polygons are valid and tile without gaps or overlaps`, () => {
    const p = province(seed);
    const all = p.polygons[0][0];
    const lons = all.map((q) => q[0]);
    const lats = all.map((q) => q[1]);
    assert.ok(Math.min(...lons) >= 103.15 && Math.max(...lons) <= 104.65, 'longitudes 103.2..104.6');
    assert.ok(Math.min(...lats) >= 14.15 && Math.max(...lats) <= 15.35, 'latitudes 14.2..15.3');
    // The border is the southern edge: its points are among the province's southernmost.
    const borderLat = p.border.reduce((s, q) => s + q[1], 0) / p.border.length;
    assert.ok(borderLat < Math.min(...lats) + 0.15, `border at mean latitude ${borderLat}`);
    assert.ok(p.border[0][0] < p.border[p.border.length - 1][0], 'the border runs west to east');

    assert.deepEqual(polygonProblems(p.polygons[0]), []);
    for (const d of p.districts) {
      assert.equal(d.polygons.length, 1, `district ${d.code} is in one piece`);
      assert.deepEqual(polygonProblems(d.polygons[0]), [], `district ${d.code}`);
    }
    for (const s of p.subdistricts) assert.deepEqual(polygonProblems([s.ring]), [], `sub-district ${s.code}`);

    // Tiling: areas add up exactly (shared edges are identical), and neighbours share vertices.
    const whole = polyAreaM2(p.polygons);
    const subs = p.subdistricts.reduce((t, s) => t + areaM2(s.ring), 0);
    assert.ok(Math.abs(subs - whole) < 1e-9 * whole, `sub-districts ${subs} vs province ${whole}`);
    p.districts.forEach((d, i) => {
      const sum = p.subdistricts.filter((s) => s.district === i).reduce((t, s) => t + areaM2(s.ring), 0);
      assert.ok(Math.abs(sum - polyAreaM2(d.polygons)) < 1e-9 * sum, `district ${d.code} = its sub-districts`);
    });
    const km2 = whole / 1e6;
    assert.ok(km2 > 7000 && km2 < 14000, `province of ${Math.round(km2)} km2`);
  });
}

test('crossings start on the border and run inwards; drug hot spots and towns lie inside', () => {
  const p = province(2567);
  assert.equal(p.crossings.length, 4);
  assert.equal(p.crossings.filter((c) => c.trade).length, 2);
  for (const c of p.crossings) {
    const start = c.path[0];
    const end = c.path[c.path.length - 1];
    assert.ok(end[1] > start[1], `${c.name.en} runs north, into the province`);
    assert.ok(pointInRing(end[0], end[1], p.polygons[0][0]), `${c.name.en} ends inside the province`);
  }
  for (const t of p.towns) assert.ok(pointInRing(t.at[0], t.at[1], p.polygons[0][0]), `${t.name.en} is inside`);
  assert.ok(p.drugHotspots.length >= 8);
});
