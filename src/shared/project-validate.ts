/**
 * Validation of a project (แผนงาน/โครงการ), a quarterly progress report and a support event, as
 * typed in the API or read from one row of an imported spreadsheet. Pure: no I/O. What needs the
 * database (agencies, categories and areas that exist, the writer's scope) the server checks after
 * this. The same words serve the form and the import, so a row the form refuses is refused by the
 * import for the same reason.
 */
import { checkGeometry, THAILAND_BOUNDS } from './geometry-check.ts';
import { fiscalYearPeriod, thaiDateParts } from './fiscal.ts';
import {
  BUDGET_SOURCES, DEFAULT_PUBLIC_FIELDS, PROJECT_ORIGINS, PROJECT_STATUSES, PROJECT_VISIBILITIES, PUBLIC_FIELDS,
  type AchievedOutput, type BudgetSource, type PlannedOutput, type ProjectGeometry, type ProjectOrigin,
  type ProjectStatus, type ProjectVisibility, type PublicField, type SupportEventKind,
} from './project-types.ts';

export const MAX_TITLE_LENGTH = 500;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_NAME_LENGTH = 300;
export const MAX_PHONE_LENGTH = 50;
export const MAX_EXTERNAL_ID_LENGTH = 200;
export const MAX_AREAS = 2_000;
export const MAX_OUTPUTS = 100;
/** numeric(16, 2) holds up to 10^14 - 0.01 baht. */
export const MAX_BAHT = 99_999_999_999_999;

export interface FieldError {
  field: string;
  message: string;
}

/** A checked project, ready to be stored (its agency, categories and areas are checked against the database next). */
export interface ValidProject {
  externalId: string | null;
  agencyId: number;
  fiscalYear: number;
  title: string;
  objectives: string;
  budgetBaht: number;
  budgetSource: BudgetSource;
  categories: string[];
  /** Sorted, each once. */
  areaCodes: string[];
  /** The province of the areas. */
  provinceCode: string;
  startDate: string | null;
  endDate: string | null;
  status: ProjectStatus;
  responsibleName: string;
  responsiblePhone: string;
  visibility: ProjectVisibility;
  publicFields: PublicField[];
  plannedOutputs: PlannedOutput[];
  geometry: ProjectGeometry | null;
  /** Undefined when not given: a new project takes the default, an update keeps what it had. */
  origin: ProjectOrigin | undefined;
  seekingSupport: boolean | undefined;
  supportNeeds: string | undefined;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number, or a plain numeric string ("2568", "1500.50"); anything else is NaN. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v.trim());
  return Number.NaN;
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v.length > 60 ? `${v.slice(0, 60)}...` : v}"` : JSON.stringify(v) ?? String(v));

/**
 * Reads an amount of baht: a finite number >= 0, or a plain numeric string. `what` names it in the
 * message ("budget", "money spent"). Text such as "100,000 baht" is refused with what was given.
 */
export function parseBaht(v: unknown, what: string): { ok: true; value: number } | { ok: false; message: string } {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { ok: false, message: `${what} is required: a number of baht (0 when there is none)` };
  const n = toNumber(v);
  if (!Number.isFinite(n)) return { ok: false, message: `${what} must be a number of baht, got ${show(v)}` };
  if (n < 0) return { ok: false, message: `${what} must be 0 or more baht, got ${n}` };
  if (n > MAX_BAHT) return { ok: false, message: `${what} of ${n} baht is larger than COMAP can hold (${MAX_BAHT})` };
  return { ok: true, value: Math.round(n * 100) / 100 };
}

/** Reads a calendar date YYYY-MM-DD (Common Era), or explains why it is not one. */
export function parseDate(v: unknown, what: string): { ok: true; value: string } | { ok: false; message: string } {
  const s = typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return { ok: false, message: `${what} must be a date as YYYY-MM-DD, got ${show(v)}` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return { ok: false, message: `${what} ${s} is not a real date` };
  if (y > 2400) return { ok: false, message: `${what} ${s} looks like a Buddhist Era year: give the Common Era date (${y - 543}-${m[2]}-${m[3]})` };
  if (y < 1950 || y > 2150) return { ok: false, message: `${what} ${s} is not a plausible date` };
  return { ok: true, value: s };
}

function optionalText(v: unknown, field: string, max: number, errors: FieldError[], what = field): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    errors.push({ field, message: `${what} must be text, got ${show(v)}` });
    return '';
  }
  const s = v.trim();
  if (s.length > max) errors.push({ field, message: `${what} is longer than ${max} characters (${s.length})` });
  return s;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T, field: string, what: string, errors: FieldError[]): T {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  errors.push({ field, message: `${what} must be one of ${allowed.join(', ')}; got ${show(v)}` });
  return fallback;
}

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

function checkPosition(p: unknown, where: string): [number, number] {
  const r = checkGeometry({ type: 'Point', coordinates: p }, { expect: 'point', bounds: THAILAND_BOUNDS });
  if (!r.ok) throw new Error(r.error.replace(/^point/, where));
  return (r.geometry as unknown as { coordinates: [number, number] }).coordinates;
}

function checkLine(coords: unknown, where: string): Array<[number, number]> {
  if (!Array.isArray(coords)) throw new Error(`${where} is not an array of positions`);
  const out: Array<[number, number]> = [];
  coords.forEach((c, i) => {
    const p = checkPosition(c, `${where}, position ${i + 1}`);
    const last = out[out.length - 1];
    // Repeated positions add nothing and make a degenerate segment.
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  });
  if (out.length < 2) throw new Error(`${where} needs at least two different positions`);
  return out;
}

/**
 * Checks the optional geometry of a project before PostGIS sees it: a Point, LineString or Polygon,
 * or their multi forms, with finite coordinates inside Thailand (polygons repaired when they cross
 * themselves, as boundaries are).
 */
export function checkProjectGeometry(g: unknown): { ok: true; geometry: ProjectGeometry } | { ok: false; error: string } {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return { ok: false, error: 'the geometry is not a GeoJSON object' };
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === 'Feature') return { ok: false, error: 'the geometry is a GeoJSON Feature: give its "geometry" member instead' };
  if (typeof type !== 'string' || !GEOMETRY_TYPES.includes(type)) {
    return { ok: false, error: `the geometry must be a Point, LineString or Polygon (or MultiPoint, MultiLineString, MultiPolygon), got ${show(type)}` };
  }
  try {
    switch (type) {
      case 'Point':
        return { ok: true, geometry: { type, coordinates: checkPosition(coordinates, 'the point') } };
      case 'MultiPoint':
        if (!Array.isArray(coordinates) || coordinates.length === 0) throw new Error('the MultiPoint has no positions');
        return { ok: true, geometry: { type, coordinates: coordinates.map((c, i) => checkPosition(c, `point ${i + 1}`)) } };
      case 'LineString':
        return { ok: true, geometry: { type, coordinates: checkLine(coordinates, 'the line') } };
      case 'MultiLineString':
        if (!Array.isArray(coordinates) || coordinates.length === 0) throw new Error('the MultiLineString has no lines');
        return { ok: true, geometry: { type, coordinates: coordinates.map((c, i) => checkLine(c, `line ${i + 1}`)) } };
      default: {
        const r = checkGeometry({ type, coordinates }, { expect: 'polygon', bounds: THAILAND_BOUNDS });
        if (!r.ok) return { ok: false, error: r.error };
        return { ok: true, geometry: r.geometry as ProjectGeometry };
      }
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function checkPlannedOutputs(v: unknown, errors: FieldError[]): PlannedOutput[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors.push({ field: 'plannedOutputs', message: 'planned outputs must be a list of {name, unit, target}' });
    return [];
  }
  if (v.length > MAX_OUTPUTS) errors.push({ field: 'plannedOutputs', message: `at most ${MAX_OUTPUTS} planned outputs, got ${v.length}` });
  const out: PlannedOutput[] = [];
  const seen = new Set<string>();
  v.forEach((o, i) => {
    const f = (k: string) => `plannedOutputs[${i}].${k}`;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      errors.push({ field: `plannedOutputs[${i}]`, message: `planned output ${i + 1} must be {name, unit, target}` });
      return;
    }
    const r = o as Record<string, unknown>;
    const name = optionalText(r.name, f('name'), MAX_NAME_LENGTH, errors, `planned output ${i + 1}: the name`);
    const unit = optionalText(r.unit, f('unit'), 100, errors, `planned output ${i + 1}: the unit`);
    if (!name) errors.push({ field: f('name'), message: `planned output ${i + 1} has no name (what is produced, e.g. "ฝายชะลอน้ำ")` });
    if (!unit) errors.push({ field: f('unit'), message: `planned output ${i + 1}${name ? ` "${name}"` : ''} has no unit (e.g. "แห่ง", "คน")` });
    const target = toNumber(r.target);
    if (!Number.isFinite(target) || target < 0) errors.push({ field: f('target'), message: `planned output ${i + 1}${name ? ` "${name}"` : ''}: the target must be a number 0 or more, got ${show(r.target)}` });
    const key = name.toLowerCase();
    if (name && seen.has(key)) errors.push({ field: f('name'), message: `planned output "${name}" is listed twice: each output needs its own name` });
    seen.add(key);
    out.push({ name, unit, target: Number.isFinite(target) ? target : 0 });
  });
  return out;
}

function checkAreaCodes(v: unknown, errors: FieldError[]): { codes: string[]; province: string } {
  const field = 'areaCodes';
  if (!Array.isArray(v) || v.length === 0) {
    errors.push({ field, message: 'give at least one target area: a sub-district (6 digits) or village (8 digits) code' });
    return { codes: [], province: '' };
  }
  if (v.length > MAX_AREAS) errors.push({ field, message: `at most ${MAX_AREAS} target areas, got ${v.length}` });
  const seen = new Set<string>();
  for (const c of v) {
    const code = typeof c === 'number' ? String(c) : typeof c === 'string' ? c.trim().replace(/^TH/i, '') : '';
    if (!/^[0-9]{6}([0-9]{2})?$/.test(code)) {
      errors.push({ field, message: `${show(c)} is not a sub-district (6 digits) or village (8 digits) code` });
      continue;
    }
    if (seen.has(code)) errors.push({ field, message: `area ${code} is listed twice` });
    seen.add(code);
  }
  const codes = [...seen].sort();
  const provinces = [...new Set(codes.map((c) => c.slice(0, 2)))];
  if (provinces.length > 1) {
    const example = provinces.map((p) => codes.find((c) => c.startsWith(p))!);
    errors.push({ field, message: `all target areas must be in one province: ${example.map((c) => `${c} is in province ${c.slice(0, 2)}`).join(', ')}` });
  }
  return { codes, province: provinces[0] ?? '' };
}

function checkSchedule(input: Record<string, unknown>, fiscalYear: number | null, errors: FieldError[]): { start: string | null; end: string | null } {
  const read = (v: unknown, field: string, what: string): string | null => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
    const r = parseDate(v, what);
    if (!r.ok) {
      errors.push({ field, message: r.message });
      return null;
    }
    return r.value;
  };
  const start = read(input.startDate, 'startDate', 'start date');
  const end = read(input.endDate, 'endDate', 'end date');
  if (start && end && end < start) errors.push({ field: 'endDate', message: `end date ${end} is before start date ${start}` });
  else if (fiscalYear != null && (start || end)) {
    const year = fiscalYearPeriod(fiscalYear);
    const first = ymd(year.start);
    const last = ymd(new Date(year.end.getTime() - 1));
    if ((start && start > last) || (end && end < first)) {
      errors.push({ field: start && start > last ? 'startDate' : 'endDate', message: `the schedule ${start ?? '...'} to ${end ?? '...'} lies outside fiscal year ${fiscalYear} (${first} to ${last})` });
    }
  }
  return { start, end };
}

function ymd(d: Date): string {
  const t = thaiDateParts(d);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/**
 * Checks one project as given (API body or spreadsheet row), field by field; every problem is
 * listed with its field. The value is meaningful only when there are no errors.
 */
export function checkProjectInput(input: unknown): { errors: FieldError[]; value: ValidProject } {
  const errors: FieldError[] = [];
  const r = (input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  if (r !== input) errors.push({ field: '', message: 'a project must be an object' });

  let externalId: string | null = null;
  if (r.externalId !== undefined && r.externalId !== null) {
    const s = typeof r.externalId === 'number' ? String(r.externalId) : typeof r.externalId === 'string' ? r.externalId.trim() : null;
    if (s === null) errors.push({ field: 'externalId', message: `the agency's reference (externalId) must be text, got ${show(r.externalId)}` });
    else if (s.length > MAX_EXTERNAL_ID_LENGTH) errors.push({ field: 'externalId', message: `the agency's reference (externalId) is longer than ${MAX_EXTERNAL_ID_LENGTH} characters` });
    else externalId = s || null;
  }

  const agencyId = toNumber(r.agencyId);
  if (r.agencyId === undefined || r.agencyId === null || r.agencyId === '') errors.push({ field: 'agencyId', message: 'the agency is required (agencyId, its registry id)' });
  else if (!Number.isInteger(agencyId) || agencyId < 1) errors.push({ field: 'agencyId', message: `agencyId must be the registry id of an agency, got ${show(r.agencyId)}` });

  const fy = toNumber(r.fiscalYear);
  let fiscalYear: number | null = null;
  if (r.fiscalYear === undefined || r.fiscalYear === null || r.fiscalYear === '') errors.push({ field: 'fiscalYear', message: 'the fiscal year is required (Buddhist Era, e.g. 2568)' });
  else if (!Number.isInteger(fy)) errors.push({ field: 'fiscalYear', message: `the fiscal year must be a Buddhist Era year such as 2568, got ${show(r.fiscalYear)}` });
  else if (fy >= 1950 && fy <= 2157) errors.push({ field: 'fiscalYear', message: `fiscal year ${fy} looks like a Common Era year: give the Buddhist Era year (${fy + 543})` });
  else if (fy < 2500 || fy > 2700) errors.push({ field: 'fiscalYear', message: `fiscal year ${fy} is outside 2500-2700 (Buddhist Era)` });
  else fiscalYear = fy;

  let title = '';
  if (typeof r.title !== 'string' || !r.title.trim()) errors.push({ field: 'title', message: 'the title is required' });
  else {
    title = r.title.trim().replace(/\s+/g, ' ');
    if (title.length > MAX_TITLE_LENGTH) errors.push({ field: 'title', message: `the title is longer than ${MAX_TITLE_LENGTH} characters (${title.length})` });
  }
  const objectives = optionalText(r.objectives, 'objectives', MAX_TEXT_LENGTH, errors, 'the objectives');

  const baht = parseBaht(r.budgetBaht, 'budget');
  if (!baht.ok) errors.push({ field: 'budgetBaht', message: baht.message });
  const budgetSource = r.budgetSource === undefined || r.budgetSource === null || r.budgetSource === ''
    ? (errors.push({ field: 'budgetSource', message: `the budget source is required: one of ${BUDGET_SOURCES.join(', ')}` }), 'agency' as BudgetSource)
    : oneOf(r.budgetSource, BUDGET_SOURCES, 'agency', 'budgetSource', 'the budget source', errors);

  let categories: string[] = [];
  if (r.categories !== undefined && r.categories !== null) {
    if (!Array.isArray(r.categories) || r.categories.some((c) => typeof c !== 'string' || !c.trim())) {
      errors.push({ field: 'categories', message: 'categories must be a list of problem category codes (e.g. ["drugs", "flood"])' });
    } else categories = [...new Set(r.categories.map((c: string) => c.trim()))];
  }

  const { codes: areaCodes, province: provinceCode } = checkAreaCodes(r.areaCodes, errors);
  const { start, end } = checkSchedule(r, fiscalYear, errors);
  const status = oneOf(r.status, PROJECT_STATUSES, 'planned', 'status', 'the status', errors);
  const responsibleName = optionalText(r.responsibleName, 'responsibleName', MAX_NAME_LENGTH, errors, 'the responsible person');
  const responsiblePhone = optionalText(r.responsiblePhone, 'responsiblePhone', MAX_PHONE_LENGTH, errors, 'the responsible person\'s phone');
  const visibility = oneOf(r.visibility, PROJECT_VISIBILITIES, 'internal', 'visibility', 'visibility', errors);

  let publicFields: PublicField[] = [...DEFAULT_PUBLIC_FIELDS];
  if (r.publicFields !== undefined && r.publicFields !== null) {
    if (!Array.isArray(r.publicFields)) errors.push({ field: 'publicFields', message: `public fields must be a list of: ${PUBLIC_FIELDS.join(', ')}` });
    else {
      const bad = r.publicFields.filter((f) => !(PUBLIC_FIELDS as readonly unknown[]).includes(f));
      if (bad.length) errors.push({ field: 'publicFields', message: `unknown public field${bad.length > 1 ? 's' : ''} ${bad.map(show).join(', ')}: choose from ${PUBLIC_FIELDS.join(', ')}` });
      publicFields = PUBLIC_FIELDS.filter((f) => (r.publicFields as unknown[]).includes(f));
    }
  }

  const plannedOutputs = checkPlannedOutputs(r.plannedOutputs, errors);

  let geometry: ProjectGeometry | null = null;
  if (r.geometry !== undefined && r.geometry !== null) {
    const g = checkProjectGeometry(r.geometry);
    if (g.ok) geometry = g.geometry;
    else errors.push({ field: 'geometry', message: `geometry: ${g.error}` });
  }

  const origin = r.origin === undefined || r.origin === null ? undefined : oneOf(r.origin, PROJECT_ORIGINS, 'agency', 'origin', 'the origin', errors);
  let seekingSupport: boolean | undefined;
  if (r.seekingSupport !== undefined && r.seekingSupport !== null) {
    if (typeof r.seekingSupport !== 'boolean') errors.push({ field: 'seekingSupport', message: `seekingSupport must be true or false, got ${show(r.seekingSupport)}` });
    else seekingSupport = r.seekingSupport;
  }
  const supportNeeds = r.supportNeeds === undefined || r.supportNeeds === null ? undefined : optionalText(r.supportNeeds, 'supportNeeds', MAX_TEXT_LENGTH, errors, 'what the project needs (supportNeeds)');
  if (seekingSupport && supportNeeds !== undefined && !supportNeeds) errors.push({ field: 'supportNeeds', message: 'a project seeking support must say what it needs (supportNeeds)' });

  return {
    errors,
    value: {
      externalId, agencyId, fiscalYear: fiscalYear ?? 0, title, objectives, budgetBaht: baht.ok ? baht.value : 0, budgetSource,
      categories, areaCodes, provinceCode, startDate: start, endDate: end, status, responsibleName, responsiblePhone,
      visibility, publicFields, plannedOutputs, geometry, origin, seekingSupport, supportNeeds,
    },
  };
}

export interface ValidProgress {
  percentDone: number;
  spentBaht: number;
  outputs: AchievedOutput[];
  narrative: string;
}

/**
 * Checks a quarterly progress report against the project's planned outputs: percent done 0-100,
 * money spent 0 or more baht (more than the budget is allowed and flagged by the server), each
 * achieved output named after a planned one, once.
 */
export function checkProgressInput(input: unknown, planned: readonly PlannedOutput[]): { errors: FieldError[]; value: ValidProgress } {
  const errors: FieldError[] = [];
  const r = (input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const pct = toNumber(r.percentDone);
  if (r.percentDone === undefined || r.percentDone === null || r.percentDone === '') errors.push({ field: 'percentDone', message: 'percent done is required: a number 0-100' });
  else if (!Number.isFinite(pct) || pct < 0 || pct > 100) errors.push({ field: 'percentDone', message: `percent done must be a number 0-100, got ${show(r.percentDone)}` });
  const spent = parseBaht(r.spentBaht, 'money spent');
  if (!spent.ok) errors.push({ field: 'spentBaht', message: spent.message });
  const names = new Map(planned.map((p) => [p.name.trim().toLowerCase(), p.name]));
  const outputs: AchievedOutput[] = [];
  if (r.outputs !== undefined && r.outputs !== null) {
    if (!Array.isArray(r.outputs)) errors.push({ field: 'outputs', message: 'outputs must be a list of {name, achieved}' });
    else {
      const seen = new Set<string>();
      r.outputs.forEach((o, i) => {
        const f = (k: string) => `outputs[${i}].${k}`;
        const rec = (o !== null && typeof o === 'object' ? o : {}) as Record<string, unknown>;
        const name = typeof rec.name === 'string' ? rec.name.trim() : '';
        const planName = names.get(name.toLowerCase());
        if (!name) errors.push({ field: f('name'), message: `output ${i + 1} has no name` });
        else if (!planName) {
          errors.push({ field: f('name'), message: planned.length
            ? `output "${name}" is not one of the project's planned outputs (${planned.map((p) => `"${p.name}"`).join(', ')})`
            : `output "${name}" cannot be reported: the project has no planned outputs` });
        } else if (seen.has(planName)) errors.push({ field: f('name'), message: `output "${planName}" is reported twice` });
        if (planName) seen.add(planName);
        const achieved = toNumber(rec.achieved);
        if (!Number.isFinite(achieved) || achieved < 0) errors.push({ field: f('achieved'), message: `output ${name ? `"${name}"` : i + 1}: achieved must be a number 0 or more, got ${show(rec.achieved)}` });
        outputs.push({ name: planName ?? name, achieved: Number.isFinite(achieved) ? achieved : 0 });
      });
    }
  }
  const narrative = optionalText(r.narrative, 'narrative', MAX_TEXT_LENGTH, errors, 'the narrative');
  return { errors, value: { percentDone: Number.isFinite(pct) ? Math.round(pct * 100) / 100 : 0, spentBaht: spent.ok ? spent.value : 0, outputs, narrative } };
}

export interface ValidSupport {
  kind: SupportEventKind;
  agencyId: number | null;
  sponsorName: string | null;
  contribution: string;
  amountBaht: number | null;
  note: string;
}

const SUPPORT_KINDS: readonly SupportEventKind[] = ['requested', 'adopted', 'withdrawn', 'closed'];

/**
 * Checks a support event: a request says what is needed; an adoption or a withdrawal names an
 * agency or a private sponsor (one of the two); an amount is 0 or more baht.
 */
export function checkSupportInput(input: unknown): { errors: FieldError[]; value: ValidSupport } {
  const errors: FieldError[] = [];
  const r = (input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const kind = oneOf(r.kind, SUPPORT_KINDS, 'requested', 'kind', 'the kind of event', errors);
  if (r.kind === undefined || r.kind === null || r.kind === '') errors.push({ field: 'kind', message: `the kind of event is required: one of ${SUPPORT_KINDS.join(', ')}` });
  let agencyId: number | null = null;
  if (r.agencyId !== undefined && r.agencyId !== null && r.agencyId !== '') {
    const n = toNumber(r.agencyId);
    if (!Number.isInteger(n) || n < 1) errors.push({ field: 'agencyId', message: `agencyId must be the registry id of an agency, got ${show(r.agencyId)}` });
    else agencyId = n;
  }
  const sponsor = optionalText(r.sponsorName, 'sponsorName', MAX_NAME_LENGTH, errors, 'the sponsor\'s name');
  const contribution = optionalText(r.contribution, 'contribution', MAX_TEXT_LENGTH, errors, 'the contribution');
  const note = optionalText(r.note, 'note', MAX_TEXT_LENGTH, errors, 'the note');
  let amountBaht: number | null = null;
  if (r.amountBaht !== undefined && r.amountBaht !== null && r.amountBaht !== '') {
    const a = parseBaht(r.amountBaht, 'the amount');
    if (!a.ok) errors.push({ field: 'amountBaht', message: a.message });
    else amountBaht = a.value;
  }
  if (kind === 'requested' && !contribution) errors.push({ field: 'contribution', message: 'say what the project needs (contribution): money, materials, labour, expertise...' });
  if (kind === 'adopted' || kind === 'withdrawn') {
    if (agencyId == null && !sponsor) errors.push({ field: 'agencyId', message: `${kind === 'adopted' ? 'an adoption' : 'a withdrawal'} needs an agency (agencyId) or a private sponsor's name (sponsorName)` });
    else if (agencyId != null && sponsor) errors.push({ field: 'sponsorName', message: 'give either an agency (agencyId) or a private sponsor (sponsorName), not both' });
  } else if (agencyId != null || sponsor) {
    errors.push({ field: agencyId != null ? 'agencyId' : 'sponsorName', message: `a "${kind}" event names no agency or sponsor` });
  }
  return { errors, value: { kind, agencyId, sponsorName: sponsor || null, contribution, amountBaht, note } };
}
