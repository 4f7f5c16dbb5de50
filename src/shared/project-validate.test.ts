import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProgressInput, checkProjectGeometry, checkProjectInput, checkSupportInput, parseBaht } from './project-validate.ts';

const good = {
  agencyId: 3,
  fiscalYear: 2568,
  title: '  โครงการ   ฝายชะลอน้ำ  ',
  budgetBaht: 150000,
  budgetSource: 'provincial',
  categories: ['drought', 'drought', 'forest'],
  areaCodes: ['320102', '320101', '32010101'],
  startDate: '2024-11-01',
  endDate: '2025-06-30',
  plannedOutputs: [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 12 }],
};

const fields = (input: unknown) => checkProjectInput(input).errors.map((e) => e.field);
const messageOf = (input: unknown, field: string) => checkProjectInput(input).errors.find((e) => e.field === field)?.message;

test('a good project passes, normalised: title spaces, areas sorted, categories once, defaults', () => {
  const { errors, value } = checkProjectInput(good);
  assert.deepEqual(errors, []);
  assert.equal(value.title, 'โครงการ ฝายชะลอน้ำ');
  assert.deepEqual(value.areaCodes, ['320101', '32010101', '320102']);
  assert.equal(value.provinceCode, '32');
  assert.deepEqual(value.categories, ['drought', 'forest']);
  assert.equal(value.status, 'planned');
  assert.equal(value.visibility, 'internal');
  assert.deepEqual(value.publicFields, ['objectives', 'budget', 'schedule', 'status', 'progress']);
  assert.equal(value.origin, undefined, 'not given: an update keeps what the project had');
  assert.equal(value.seekingSupport, undefined);
});

test('a budget in text is refused with what was given; numbers and plain numeric text are read', () => {
  assert.equal(messageOf({ ...good, budgetBaht: '100,000 baht' }, 'budgetBaht'), 'budget must be a number of baht, got "100,000 baht"');
  assert.equal(messageOf({ ...good, budgetBaht: '๑๐๐๐' }, 'budgetBaht'), 'budget must be a number of baht, got "๑๐๐๐"');
  assert.match(messageOf({ ...good, budgetBaht: -5 }, 'budgetBaht')!, /0 or more/);
  assert.match(messageOf({ ...good, budgetBaht: Number.NaN }, 'budgetBaht')!, /must be a number/);
  assert.match(messageOf({ ...good, budgetBaht: 1e20 }, 'budgetBaht')!, /larger than/);
  assert.match(messageOf({ ...good, budgetBaht: undefined }, 'budgetBaht')!, /required/);
  assert.deepEqual(parseBaht('2500.5', 'budget'), { ok: true, value: 2500.5 });
  assert.deepEqual(parseBaht(0, 'budget'), { ok: true, value: 0 });
  assert.deepEqual(parseBaht(10.005, 'budget'), { ok: true, value: 10.01 });
});

test('title, fiscal year and the constants', () => {
  assert.match(messageOf({ ...good, title: '   ' }, 'title')!, /required/);
  assert.match(messageOf({ ...good, title: 'ก'.repeat(501) }, 'title')!, /longer than 500/);
  assert.deepEqual(fields({ ...good, title: 'ก'.repeat(500) }), []);
  assert.match(messageOf({ ...good, fiscalYear: 2025 }, 'fiscalYear')!, /Common Era year: give the Buddhist Era year \(2568\)/);
  assert.match(messageOf({ ...good, fiscalYear: 2499 }, 'fiscalYear')!, /outside 2500-2700/);
  assert.match(messageOf({ ...good, fiscalYear: 2568.5 }, 'fiscalYear')!, /Buddhist Era year/);
  assert.match(messageOf({ ...good, budgetSource: 'ngo' }, 'budgetSource')!, /one of agency, provincial, local_admin, private, community; got "ngo"/);
  assert.match(messageOf({ ...good, budgetSource: undefined }, 'budgetSource')!, /required/);
  assert.match(messageOf({ ...good, status: 'finished' }, 'status')!, /planned, in_progress, done, cancelled/);
  assert.match(messageOf({ ...good, visibility: 'secret' }, 'visibility')!, /public, internal/);
  assert.match(messageOf({ ...good, publicFields: ['budget', 'phone'] }, 'publicFields')!, /unknown public field "phone"/);
  assert.match(messageOf({ ...good, origin: 'ngo' }, 'origin')!, /agency, community/);
  assert.match(messageOf({ ...good, agencyId: 'police' }, 'agencyId')!, /registry id/);
  assert.match(messageOf({ ...good, agencyId: undefined }, 'agencyId')!, /required/);
  assert.match(messageOf({ ...good, categories: 'drugs' }, 'categories')!, /list of problem category codes/);
});

test('target areas: at least one, 6 or 8 digits, once each, one province', () => {
  assert.match(messageOf({ ...good, areaCodes: [] }, 'areaCodes')!, /at least one target area/);
  assert.match(messageOf({ ...good, areaCodes: ['3201'] }, 'areaCodes')!, /"3201" is not a sub-district \(6 digits\) or village \(8 digits\) code/);
  assert.match(messageOf({ ...good, areaCodes: ['320101', '320101'] }, 'areaCodes')!, /area 320101 is listed twice/);
  assert.match(messageOf({ ...good, areaCodes: ['320101', '960101'] }, 'areaCodes')!, /one province: 320101 is in province 32, 960101 is in province 96/);
  assert.deepEqual(checkProjectInput({ ...good, areaCodes: ['TH320101'] }).value.areaCodes, ['320101'], 'an OCHA pcode is read as its DOPA code');
});

test('schedule: real dates, end not before start, Common Era, overlapping the fiscal year', () => {
  assert.match(messageOf({ ...good, startDate: '2025-02-30' }, 'startDate')!, /2025-02-30 is not a real date/);
  assert.match(messageOf({ ...good, startDate: '1/11/2024' }, 'startDate')!, /YYYY-MM-DD, got "1\/11\/2024"/);
  assert.match(messageOf({ ...good, startDate: '2567-11-01' }, 'startDate')!, /Buddhist Era year: give the Common Era date \(2024-11-01\)/);
  assert.match(messageOf({ ...good, startDate: '2025-07-01', endDate: '2025-06-30' }, 'endDate')!, /end date 2025-06-30 is before start date 2025-07-01/);
  assert.match(messageOf({ ...good, startDate: '2025-10-01', endDate: '2025-12-31' }, 'startDate')!, /outside fiscal year 2568 \(2024-10-01 to 2025-09-30\)/);
  assert.deepEqual(fields({ ...good, startDate: '2024-06-01', endDate: '2025-12-31' }), [], 'a schedule overlapping the year is fine');
  assert.deepEqual(fields({ ...good, startDate: null, endDate: '' }), []);
});

test('planned outputs: name, unit, target 0 or more, names unique', () => {
  const bad = checkProjectInput({ ...good, plannedOutputs: [
    { name: 'ฝาย', unit: 'แห่ง', target: 3 },
    { name: ' ', unit: 'คน', target: 5 },
    { name: 'ฝาย', unit: '', target: -1 },
  ] }).errors;
  assert.deepEqual(bad.map((e) => e.field), ['plannedOutputs[1].name', 'plannedOutputs[2].unit', 'plannedOutputs[2].target', 'plannedOutputs[2].name']);
  assert.match(bad[3].message, /"ฝาย" is listed twice/);
  assert.match(messageOf({ ...good, plannedOutputs: { name: 'x' } }, 'plannedOutputs')!, /list of \{name, unit, target\}/);
});

test('geometry: points, lines and polygons in Thailand, checked before PostGIS', () => {
  assert.deepEqual(checkProjectGeometry({ type: 'Point', coordinates: [103.5, 14.9] }), { ok: true, geometry: { type: 'Point', coordinates: [103.5, 14.9] } });
  const line = checkProjectGeometry({ type: 'LineString', coordinates: [[103.5, 14.9], [103.5, 14.9], [103.6, 15]] });
  assert.ok(line.ok);
  assert.deepEqual(line.geometry.coordinates, [[103.5, 14.9], [103.6, 15]], 'a repeated position is dropped');
  assert.ok(checkProjectGeometry({ type: 'MultiLineString', coordinates: [[[103.5, 14.9], [103.6, 15]], [[103, 14], [103.1, 14.1]]] }).ok);
  assert.ok(checkProjectGeometry({ type: 'MultiPoint', coordinates: [[103.5, 14.9], [103.6, 15]] }).ok);
  assert.ok(checkProjectGeometry({ type: 'Polygon', coordinates: [[[103, 14], [104, 14], [104, 15], [103, 14]]] }).ok);
  const bowtie = checkProjectGeometry({ type: 'Polygon', coordinates: [[[103, 14], [104, 15], [104, 14], [103, 15], [103, 14]]] });
  assert.ok(bowtie.ok, 'a self-crossing polygon is repaired, not passed to GEOS');
  const err = (g: unknown) => { const r = checkProjectGeometry(g); return r.ok ? '' : r.error; };
  assert.match(err({ type: 'LineString', coordinates: [[103.5, 14.9], [103.5, 14.9]] }), /at least two different positions/);
  assert.match(err({ type: 'Point', coordinates: [14.9, 103.5] }), /swapped/);
  assert.match(err({ type: 'Point', coordinates: [2.35, 48.85] }), /outside the expected region/);
  assert.match(err({ type: 'Point', coordinates: [103.5, Number.POSITIVE_INFINITY] }), /not finite/);
  assert.match(err({ type: 'GeometryCollection', geometries: [] }), /must be a Point, LineString or Polygon/);
  assert.match(err({ type: 'Feature', geometry: null }), /Feature: give its "geometry" member/);
  assert.match(messageOf({ ...good, geometry: { type: 'Point', coordinates: ['a', 'b'] } }, 'geometry')!, /^geometry: the point: the coordinates are not numbers/);
});

test('support needs: a project seeking support says what it needs', () => {
  assert.match(messageOf({ ...good, seekingSupport: true, supportNeeds: ' ' }, 'supportNeeds')!, /must say what it needs/);
  assert.match(messageOf({ ...good, seekingSupport: 'yes' }, 'seekingSupport')!, /true or false/);
  assert.deepEqual(fields({ ...good, origin: 'community', seekingSupport: true, supportNeeds: 'ปูนซีเมนต์ 200 ถุง' }), []);
});

test('progress: percent 0-100, money spent as a number, outputs named after the planned ones', () => {
  const planned = [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 12 }, { name: 'ผู้เข้าอบรม', unit: 'คน', target: 50 }];
  const ok = checkProgressInput({ percentDone: '40', spentBaht: 60000, outputs: [{ name: ' ฝายชะลอน้ำ ', achieved: 5 }], narrative: ' สร้างแล้ว 5 แห่ง ' }, planned);
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.value, { percentDone: 40, spentBaht: 60000, outputs: [{ name: 'ฝายชะลอน้ำ', achieved: 5 }], narrative: 'สร้างแล้ว 5 แห่ง' });
  const bad = checkProgressInput({ percentDone: 120, spentBaht: '60,000 บาท', outputs: [{ name: 'ถนน', achieved: 1 }, { name: 'ผู้เข้าอบรม', achieved: -2 }, { name: 'ผู้เข้าอบรม', achieved: 2 }] }, planned);
  assert.deepEqual(bad.errors.map((e) => e.field), ['percentDone', 'spentBaht', 'outputs[0].name', 'outputs[1].achieved', 'outputs[2].name']);
  assert.match(bad.errors[0].message, /0-100, got 120/);
  assert.equal(bad.errors[1].message, 'money spent must be a number of baht, got "60,000 บาท"');
  assert.match(bad.errors[2].message, /"ถนน" is not one of the project's planned outputs \("ฝายชะลอน้ำ", "ผู้เข้าอบรม"\)/);
  assert.match(bad.errors[4].message, /reported twice/);
  assert.match(checkProgressInput({ percentDone: 10, spentBaht: 0, outputs: [{ name: 'x', achieved: 1 }] }, []).errors[0].message, /no planned outputs/);
});

test('support events: a request says what is needed, an adoption names one adopter', () => {
  assert.deepEqual(checkSupportInput({ kind: 'requested', contribution: 'ท่อ 30 ท่อน' }).errors, []);
  assert.equal(checkSupportInput({ kind: 'requested' }).errors[0].field, 'contribution');
  assert.match(checkSupportInput({ kind: 'adopted' }).errors[0].message, /needs an agency \(agencyId\) or a private sponsor/);
  assert.equal(checkSupportInput({ kind: 'adopted', agencyId: 2, sponsorName: 'บริษัท ก' }).errors[0].field, 'sponsorName');
  assert.deepEqual(checkSupportInput({ kind: 'adopted', sponsorName: ' บริษัท ก ', amountBaht: '50000' }).value.sponsorName, 'บริษัท ก');
  assert.equal(checkSupportInput({ kind: 'adopted', agencyId: 2, amountBaht: 'ห้าหมื่น' }).errors[0].field, 'amountBaht');
  assert.equal(checkSupportInput({ kind: 'closed', agencyId: 2 }).errors[0].field, 'agencyId');
  assert.equal(checkSupportInput({ kind: 'funded' }).errors[0].field, 'kind');
});
