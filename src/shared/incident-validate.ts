/**
 * Validation of one incident, as typed in the API or read from one row of an imported file.
 * Pure: no I/O. The same rules serve the HTTP API, the bulk import and the CLI, so that a row
 * that the form refuses is refused by the import with the same words.
 */
import { BE_OFFSET, THAI_UTC_OFFSET_MS } from './fiscal.ts';

export const INCIDENT_STATUSES = ['reported', 'verified', 'resolved', 'false_report'] as const;
export const INCIDENT_SOURCES = ['agency', 'volunteer', 'sensor', 'public', 'import'] as const;
export const INCIDENT_CLASSIFICATIONS = ['public', 'internal', 'restricted'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export type IncidentClassification = (typeof INCIDENT_CLASSIFICATIONS)[number];

/** Thailand's bounding box, a little generous: every point COMAP accepts lies inside it. */
export const THAILAND_BBOX = { minLon: 97.3, maxLon: 105.7, minLat: 5.6, maxLat: 20.5 } as const;

export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_EXTERNAL_ID_LENGTH = 200;

/** Earliest accepted date of an incident; anything older is almost surely a typing mistake. */
const EARLIEST_MS = Date.UTC(1950, 0, 1);
/** Clock skew tolerated for "now" between a field device and the server. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

export interface FieldError {
  field: string;
  message: string;
}

/** A category as the validator needs it. */
export interface CategoryRef {
  id: number;
  code: string;
  labelTh: string;
  labelEn: string;
  active: boolean;
}

/** A checked incident, ready to be stored (the sub-district is assigned afterwards, in SQL). */
export interface ValidIncident {
  externalId: string | null;
  categoryId: number;
  occurredAt: Date;
  lon: number;
  lat: number;
  severity: number;
  status: IncidentStatus;
  source: IncidentSource;
  description: string;
  classification: IncidentClassification;
}

/** The canonical fields of an incident row (CSV/XLSX column or GeoJSON property names). */
export const INCIDENT_FIELDS = [
  'external_id', 'category', 'occurred_at', 'lon', 'lat', 'severity', 'status', 'source', 'description', 'classification',
] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly IncidentField[] = ['category', 'occurred_at', 'lon', 'lat', 'severity'];

/** Column names accepted for each field, after normalisation (lower case, spaces and dashes to _). */
const FIELD_ALIASES: Record<IncidentField, string[]> = {
  external_id: ['external_id', 'externalid', 'ext_id', 'รหัสอ้างอิง'],
  category: ['category', 'category_code', 'ประเภท', 'หมวด', 'หมวดหมู่'],
  occurred_at: ['occurred_at', 'occurredat', 'occurred', 'date', 'datetime', 'วันที่', 'วันเวลา', 'วันที่เกิดเหตุ'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x', 'ลองจิจูด'],
  lat: ['lat', 'latitude', 'y', 'ละติจูด'],
  severity: ['severity', 'ความรุนแรง'],
  status: ['status', 'สถานะ'],
  source: ['source', 'แหล่งที่มา'],
  description: ['description', 'details', 'รายละเอียด'],
  classification: ['classification', 'ชั้นความลับ'],
};

const ALIAS_TO_FIELD = new Map<string, IncidentField>();
for (const f of INCIDENT_FIELDS) for (const a of FIELD_ALIASES[f]) ALIAS_TO_FIELD.set(a, f);

/** Normalises a column name: BOM, surrounding spaces, case, inner spaces and dashes. */
export function normalizeHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The incident field a column name stands for, or undefined for a column COMAP does not read. */
export function fieldForHeader(name: string): IncidentField | undefined {
  return ALIAS_TO_FIELD.get(normalizeHeader(name));
}

/**
 * Maps the header row of a file to field -> column index. Returns the problems too: a required
 * field without a column, or two columns for the same field.
 */
export function resolveColumns(headers: string[]): { columns: Partial<Record<IncidentField, number>>; errors: FieldError[] } {
  const columns: Partial<Record<IncidentField, number>> = {};
  const errors: FieldError[] = [];
  headers.forEach((h, i) => {
    const f = fieldForHeader(String(h ?? ''));
    if (!f) return;
    if (columns[f] !== undefined) {
      errors.push({ field: f, message: `two columns give ${f}: "${headers[columns[f]!]}" and "${h}"` });
      return;
    }
    columns[f] = i;
  });
  for (const f of REQUIRED_IMPORT_FIELDS) {
    if (columns[f] === undefined) {
      const also = FIELD_ALIASES[f].filter((a) => a !== f).slice(0, 3);
      errors.push({ field: f, message: `missing column "${f}"${also.length ? ` (or ${also.map((a) => `"${a}"`).join(', ')})` : ''}` });
    }
  }
  return { columns, errors };
}

/* --------------------------------------------------------------- position */

function inThailand(lon: number, lat: number): boolean {
  const b = THAILAND_BBOX;
  return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/**
 * Checks a position before PostGIS sees it: finite numbers, not swapped, inside Thailand.
 * Returns null when the position is acceptable, else the problem.
 */
export function checkLonLat(lon: number, lat: number): FieldError | null {
  if (!Number.isFinite(lon)) return { field: 'lon', message: 'longitude must be a number' };
  if (!Number.isFinite(lat)) return { field: 'lat', message: 'latitude must be a number' };
  if (inThailand(lon, lat)) return null;
  // The swapped pair lands in Thailand: the classic spreadsheet mistake (lat, lon order).
  if (lat >= 97 && lat <= 106 && lon >= 5 && lon <= 21) {
    return {
      field: 'lon',
      message: `latitude and longitude appear to be swapped: lon ${fmt(lon)}, lat ${fmt(lat)} (in Thailand the longitude is about 97 to 106 and the latitude about 5 to 21)`,
    };
  }
  if (lon < -180 || lon > 180) return { field: 'lon', message: `longitude ${fmt(lon)} is not between -180 and 180` };
  if (lat < -90 || lat > 90) return { field: 'lat', message: `latitude ${fmt(lat)} is not between -90 and 90` };
  return { field: 'lon', message: `the point (lon ${fmt(lon)}, lat ${fmt(lat)}) is outside Thailand` };
}

const EARTH_RADIUS_M = 6378137;

/** Web Mercator (EPSG:3857) metres of a WGS 84 position. */
export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const x = (EARTH_RADIUS_M * lon * Math.PI) / 180;
  const y = EARTH_RADIUS_M * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return [x, y];
}

/* ------------------------------------------------------------------- dates */

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

/** Instant of a Thai wall-clock time (UTC+7). */
function thaiInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - THAI_UTC_OFFSET_MS;
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(?:น\.)?$/;

/**
 * Reads the moment an incident happened. Accepts ISO 8601 (`2024-01-05`, `2024-01-05T10:30`,
 * `2024-01-05T03:30:00Z`) and the way Thai offices write dates: `5/1/2567` or `5/1/2567 10:30`,
 * day first. A year above 2400 is a Buddhist Era year (2567 = 2024). A time without a zone is
 * Thai time (UTC+7). Returns the instant or an error message.
 */
export function parseOccurredAt(text: string, now: Date = new Date()): { value: Date } | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'the date is empty' };
  let y: number, mo: number, d: number, h = 0, mi = 0, sec = 0, ms = 0;
  let zone: string | undefined;
  let m = ISO_RE.exec(s);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    if (m[4] !== undefined) {
      h = Number(m[4]);
      mi = Number(m[5]);
    }
    if (m[6] !== undefined) sec = Number(m[6]);
    if (m[7] !== undefined) ms = Math.floor(Number(`0.${m[7]}`) * 1000);
    zone = m[8];
  } else if ((m = DMY_RE.exec(s))) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
    if (m[4] !== undefined) {
      h = Number(m[4]);
      mi = Number(m[5]);
    }
    if (m[6] !== undefined) sec = Number(m[6]);
  } else {
    return { error: `cannot read the date "${s}": write it as 2024-01-05, 2024-01-05T10:30 or 5/1/2567 (day/month/Buddhist year)` };
  }
  if (y > 2400) y -= BE_OFFSET;
  if (mo < 1 || mo > 12) return { error: `the date "${s}" has month ${mo}; months are 1 to 12` };
  if (d < 1 || d > daysInMonth(y, mo)) return { error: `the date "${s}" does not exist (day ${d} of month ${mo})` };
  if (h > 23 || mi > 59 || sec > 59) return { error: `the time in "${s}" is not a valid time of day` };
  let t: number;
  if (zone) {
    let offsetMin = 0;
    if (zone.toUpperCase() !== 'Z') {
      const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
      offsetMin = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
    }
    t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60000;
  } else {
    t = thaiInstant(y, mo, d, h, mi, sec, ms);
  }
  if (t < EARLIEST_MS) return { error: `the date "${s}" is before 1950` };
  if (t > now.getTime() + FUTURE_SLACK_MS) return { error: `the date "${s}" is in the future` };
  return { value: new Date(t) };
}

/* --------------------------------------------------------------- the row */

/** Looks categories up by code, Thai label or English label (case and spaces do not matter). */
export function makeCategoryResolver(categories: CategoryRef[]): (text: string) => CategoryRef | undefined {
  const byKey = new Map<string, CategoryRef>();
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  // Codes win over labels when a label happens to equal another category's code.
  for (const c of categories) {
    if (!byKey.has(key(c.labelEn))) byKey.set(key(c.labelEn), c);
    if (!byKey.has(key(c.labelTh))) byKey.set(key(c.labelTh), c);
  }
  for (const c of categories) byKey.set(key(c.code), c);
  return (text) => byKey.get(key(text));
}

const STATUS_WORDS: Record<string, IncidentStatus> = {
  reported: 'reported', 'false report': 'false_report', false_report: 'false_report', verified: 'verified', resolved: 'resolved',
  'รับแจ้ง': 'reported', 'แจ้งเหตุ': 'reported', 'ตรวจสอบแล้ว': 'verified', 'ยืนยันแล้ว': 'verified',
  'แก้ไขแล้ว': 'resolved', 'ยุติ': 'resolved', 'แจ้งเท็จ': 'false_report',
};
const CLASSIFICATION_WORDS: Record<string, IncidentClassification> = {
  public: 'public', internal: 'internal', restricted: 'restricted',
  'เปิดเผย': 'public', 'ภายใน': 'internal', 'ลับ': 'restricted',
};

/** A cell value as text (numbers as JavaScript writes them); null, undefined and '' are empty. */
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return String(v).trim();
}

function number(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = text(v).replace(/,/g, '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

function pick<T extends string>(raw: string, allowed: readonly T[], words: Record<string, T> = {}): T | undefined {
  const k = raw.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(k)) return k as T;
  return words[k] ?? words[raw.trim()];
}

const fe = (field: string, message: string): FieldError => ({ field, message });

export interface ValidateOptions {
  resolveCategory: (text: string) => CategoryRef | undefined;
  /** Value of `source` when the row has none; when absent, source is required. */
  defaultSource?: IncidentSource;
  /** Refuse inactive categories (new entries from the form); imports of history accept them. */
  requireActiveCategory?: boolean;
  now?: Date;
}

/**
 * Checks one incident given as field -> value (strings from a file, or typed JSON values) and
 * returns either the clean incident or every problem found, by field.
 */
export function validateIncidentRow(
  row: Partial<Record<IncidentField, unknown>>,
  opts: ValidateOptions,
): { ok: true; value: ValidIncident } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];

  const ext = text(row.external_id);
  if (ext.length > MAX_EXTERNAL_ID_LENGTH) errors.push(fe('external_id', `external_id is longer than ${MAX_EXTERNAL_ID_LENGTH} characters`));

  let categoryId = 0;
  const catText = text(row.category);
  if (!catText) errors.push(fe('category', 'category is empty'));
  else {
    const c = opts.resolveCategory(catText);
    if (!c) errors.push(fe('category', `unknown category "${catText}" (use a category code such as drugs, or its Thai or English label)`));
    else if (opts.requireActiveCategory && !c.active) errors.push(fe('category', `category "${c.code}" is no longer in use`));
    else categoryId = c.id;
  }

  let occurredAt = new Date(NaN);
  const when = row.occurred_at instanceof Date ? row.occurred_at : null;
  if (when) {
    if (Number.isNaN(when.getTime())) errors.push(fe('occurred_at', 'the date is not valid'));
    else occurredAt = when;
  } else {
    const p = parseOccurredAt(text(row.occurred_at), opts.now);
    if ('error' in p) errors.push(fe('occurred_at', p.error));
    else occurredAt = p.value;
  }

  const lonText = text(row.lon);
  const latText = text(row.lat);
  const lon = number(row.lon);
  const lat = number(row.lat);
  if (!lonText) errors.push(fe('lon', 'longitude is empty'));
  else if (!latText) errors.push(fe('lat', 'latitude is empty'));
  else if (!Number.isFinite(lon)) errors.push(fe('lon', `longitude "${lonText}" is not a number`));
  else if (!Number.isFinite(lat)) errors.push(fe('lat', `latitude "${latText}" is not a number`));
  else {
    const p = checkLonLat(lon, lat);
    if (p) errors.push(p);
  }

  const sevText = text(row.severity);
  const severity = number(row.severity);
  if (!sevText) errors.push(fe('severity', 'severity is empty'));
  else if (!Number.isInteger(severity) || severity < 1 || severity > 5) errors.push(fe('severity', `severity must be a whole number from 1 to 5, got "${sevText}"`));

  const statusText = text(row.status);
  const status = statusText ? pick(statusText, INCIDENT_STATUSES, STATUS_WORDS) : 'reported';
  if (!status) errors.push(fe('status', `status "${statusText}" is not one of ${INCIDENT_STATUSES.join(', ')}`));

  const sourceText = text(row.source);
  const source = sourceText ? pick(sourceText, INCIDENT_SOURCES) : opts.defaultSource;
  if (!source) errors.push(fe('source', sourceText ? `source "${sourceText}" is not one of ${INCIDENT_SOURCES.join(', ')}` : 'source is empty'));

  const classText = text(row.classification);
  const classification = classText ? pick(classText, INCIDENT_CLASSIFICATIONS, CLASSIFICATION_WORDS) : 'internal';
  if (!classification) errors.push(fe('classification', `classification "${classText}" is not one of ${INCIDENT_CLASSIFICATIONS.join(', ')}`));

  const description = row.description === null || row.description === undefined ? '' : String(row.description);
  if (description.length > MAX_DESCRIPTION_LENGTH) errors.push(fe('description', `description is longer than ${MAX_DESCRIPTION_LENGTH} characters`));
  // U+FFFD means the file was decoded with the wrong encoding; storing it would lose the text.
  if (description.includes('\uFFFD') || catText.includes('\uFFFD')) {
    errors.push(fe(description.includes('\uFFFD') ? 'description' : 'category', 'the text is not valid UTF-8: save the file as "CSV UTF-8"'));
  }
  if (description.includes('\u0000')) errors.push(fe('description', 'description contains a NUL character'));

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId: ext || null,
      categoryId,
      occurredAt,
      lon,
      lat,
      severity,
      status: status!,
      source: source!,
      description,
      classification: classification!,
    },
  };
}
