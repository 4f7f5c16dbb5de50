/**
 * Which attribute holds the area code, the names and the population. Built in: OCHA COD-AB
 * (adm1_pcode..adm4_pcode with a TH prefix, adm*_th / adm*_en), the DOPA style (pro_code,
 * amp_code, tam_code, vil_code/moo_code with *_th, *_en, *_namt, *_namee...), and plain names
 * (code, name_th, name_en, population, lat, lon). Field names match case-insensitively; an
 * explicit mapping overrides any of them.
 */
import { badRequest, ImportError, type ErrorDetail } from '../errors.ts';
import { childCode, tryParseAreaCode, type AreaCode, type AreaLevel } from '../../shared/area-codes.ts';
import type { SourceData, SourceRecord } from './import-types.ts';

export const MAPPING_KEYS = ['code', 'name_th', 'name_en', 'population', 'level', 'lat', 'lon'] as const;
export type MappingKey = (typeof MAPPING_KEYS)[number];
export type ExplicitMapping = Partial<Record<MappingKey, string>>;

export type MappingKind = 'explicit' | 'ocha' | 'dopa' | 'generic';

export interface MappedArea {
  code: AreaCode;
  nameTh: string;
  nameEn: string | null;
  population: number | null;
  /** GeoJSON geometry as read (or a Point built from lat/lon). */
  geometry: unknown;
  file: string;
  n: number;
}

export type MapResult = { ok: true; area: MappedArea } | { ok: false; errors: ErrorDetail[] };

export interface Mapping {
  kind: MappingKind;
  /** Whether the file has an English-name / population attribute at all (else existing values are kept on update). */
  hasNameEn: boolean;
  hasPopulation: boolean;
  map(rec: SourceRecord): MapResult;
  /** One line for the report: which mapping and which fields it used. */
  describe(): string;
}

/** Checks an explicit mapping given by a user (CLI or upload form); throws a 400 naming the problem. */
export function validateExplicitMapping(input: unknown): ExplicitMapping {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw badRequest('the mapping must be an object of COMAP field -> source field', [{ field: 'mapping', message: 'not an object' }]);
  const out: ExplicitMapping = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    const key = k.trim().toLowerCase();
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) {
      throw badRequest(`unknown mapping key "${k}": use ${MAPPING_KEYS.join(', ')}`, [{ field: 'mapping', message: `unknown key "${k}"` }]);
    }
    if (typeof v !== 'string' || v.trim() === '' || v.length > 100) {
      throw badRequest(`mapping "${k}" must name a source field`, [{ field: 'mapping', message: `"${k}" needs a field name` }]);
    }
    out[key as MappingKey] = v.trim();
  }
  return out;
}

/* -------------------------------------------------------------- candidates */

const THAI = /[\u0E00-\u0E7F]/;

function nameCandidates(prefix: string): { th: string[]; en: string[]; any: string[] } {
  const p = prefix;
  return {
    th: [`${p}th`, `${p}namt`, `${p}name_th`, `${p}nameth`, `${p}nam_t`, `${p}name_t`, `${p}thai`, `${p}tn`],
    en: [`${p}en`, `${p}namee`, `${p}name_en`, `${p}nameen`, `${p}nam_e`, `${p}name_e`, `${p}eng`, `${p}en_name`],
    any: [`${p}name`, `${p}nam`],
  };
}

const GENERIC_CODE = ['code', 'area_code', 'areacode', 'dopa_code', 'pcode', 'geocode', 'vill_code', 'vil_code', 'village_code', 'muban_code', 'mb_code'];
const GENERIC_NAMES = (() => {
  const base = { th: ['name_th', 'nameth', 'th_name', 'thai_name', 'name_t', 'namt', 'ชื่อ'], en: ['name_en', 'nameen', 'en_name', 'english_name', 'eng_name', 'name_e', 'namee'], any: ['name'] };
  for (const p of ['vill_', 'vil_', 'village_', 'muban_', 'mb_']) {
    const c = nameCandidates(p);
    base.th.push(...c.th);
    base.en.push(...c.en);
    base.any.push(...c.any);
  }
  return base;
})();
const POPULATION = ['population', 'pop', 'pop_total', 'total_pop', 'population_total', 'popn', 'pop_sum', 't_pop', 'tot_pop', 'ประชากร'];
const LAT = ['lat', 'latitude', 'y', 'lat_dd', 'ละติจูด'];
const LON = ['lon', 'lng', 'long', 'longitude', 'x', 'lon_dd', 'ลองจิจูด'];

/** DOPA-style attribute prefixes per level. */
const DOPA_PREFIXES: Record<AreaLevel, string[]> = {
  1: ['pro', 'prov', 'pv', 'province', 'changwat', 'chw'],
  2: ['amp', 'ap', 'amphoe', 'amphur', 'district'],
  3: ['tam', 'tb', 'tambon', 'tambol', 'subdistrict'],
  4: ['vil', 'vill', 'moo', 'mu', 'village', 'muban'],
};
const dopaCodeFields = (level: AreaLevel) => DOPA_PREFIXES[level].flatMap((p) => [`${p}_code`, `${p}code`, `${p}_idn`, `${p}_id`]);

/* ------------------------------------------------------------------ helpers */

type Lower = Map<string, { field: string; value: unknown }>;

function lowerProps(props: Record<string, unknown>): Lower {
  const m: Lower = new Map();
  for (const [k, v] of Object.entries(props)) m.set(k.trim().toLowerCase(), { field: k, value: v });
  return m;
}

const empty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** The first candidate present in the record with a non-empty value. */
function pick(p: Lower, candidates: string[]): { field: string; value: unknown } | null {
  for (const c of candidates) {
    const e = p.get(c);
    if (e && !empty(e.value)) return e;
  }
  return null;
}

/** Fields (lower-case) present in the file. */
function fieldSet(src: SourceData): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of src.fields) m.set(f.trim().toLowerCase(), f);
  return m;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : String(v);
}

function parseNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/[,\s]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/* ---------------------------------------------------------------- mapping */

interface Plan {
  kind: MappingKind;
  /** Resolves the code and names the attribute it came from. */
  code(p: Lower): { ok: true; code: AreaCode; field: string } | { ok: false; field: string; message: string };
  names(p: Lower, level: AreaLevel): { th: string[]; en: string[]; any: string[] };
  population: string[];
  lat: string[];
  lon: string[];
  level?: string;
}

/**
 * Chooses the mapping for a file: an explicit `code` field wins, then OCHA pcodes, then DOPA-style
 * codes, then plain names. Throws ImportError when no field can give the area code.
 */
export function detectMapping(src: SourceData, explicit: ExplicitMapping = {}): Mapping {
  const fields = fieldSet(src);
  const file = src.records[0]?.file;
  const shown = src.fields.slice(0, 40).join(', ') || 'none';
  for (const [k, f] of Object.entries(explicit)) {
    if (k === 'level' && /^[1-4]$/.test(f!) && !fields.has(f!.toLowerCase())) continue;
    if (!fields.has(f!.toLowerCase())) {
      throw new ImportError(`mapping ${k}=${f}: the file has no field "${f}"`, [{ file, field: f, message: `no field "${f}" in the file (fields: ${shown})` }]);
    }
  }
  const ex = (k: MappingKey) => (explicit[k] ? [explicit[k]!.toLowerCase()] : null);

  let plan: Plan;
  const ochaLevels = ([1, 2, 3, 4] as AreaLevel[]).filter((k) => fields.has(`adm${k}_pcode`));
  const dopaLevels = ([1, 2, 3, 4] as AreaLevel[]).filter((k) => dopaCodeFields(k).some((f) => fields.has(f)));
  const genericCode = GENERIC_CODE.find((f) => fields.has(f));
  const common = {
    population: ex('population') ?? POPULATION,
    lat: ex('lat') ?? LAT,
    lon: ex('lon') ?? LON,
    level: explicit.level,
  };
  if (explicit.code) {
    plan = { kind: 'explicit', code: singleCode(explicit.code.toLowerCase()), names: () => GENERIC_NAMES, ...common };
  } else if (ochaLevels.length) {
    plan = { kind: 'ocha', code: ochaCode(ochaLevels), names: (_p, level) => ({ th: [`adm${level}_th`, `adm${level}_name_th`, `adm${level}_nameth`], en: [`adm${level}_en`, `adm${level}_name_en`, `adm${level}_nameen`], any: [`adm${level}_name`] }), ...common };
  } else if (dopaLevels.length) {
    plan = { kind: 'dopa', code: dopaCode(), names: (_p, level) => mergeNames([...DOPA_PREFIXES[level].map((x) => nameCandidates(`${x}_`)), GENERIC_NAMES]), ...common };
  } else if (genericCode) {
    plan = { kind: 'generic', code: singleCode(genericCode), names: () => GENERIC_NAMES, ...common };
  } else {
    throw new ImportError(`${file ?? 'file'}: cannot tell which field holds the area code`, [{
      file,
      message: `no area-code field found (fields: ${shown}). Expected OCHA adm1_pcode..adm3_pcode, DOPA pro_code/amp_code/tam_code, or "code"; or give a mapping such as code=FIELD,name_th=FIELD,name_en=FIELD`,
    }]);
  }
  if (explicit.name_th || explicit.name_en) {
    const base = plan.names;
    plan.names = (p, level) => {
      const b = base(p, level);
      return { th: ex('name_th') ?? b.th, en: ex('name_en') ?? b.en, any: explicit.name_th && explicit.name_en ? [] : b.any };
    };
  }
  return buildMapping(plan, src, fields, explicit);
}

function mergeNames(list: Array<{ th: string[]; en: string[]; any: string[] }>) {
  return { th: list.flatMap((c) => c.th), en: list.flatMap((c) => c.en), any: list.flatMap((c) => c.any) };
}

function singleCode(field: string): Plan['code'] {
  return (p) => {
    const e = p.get(field);
    const r = tryParseAreaCode(e?.value ?? null);
    return r.ok ? { ok: true, code: r.value, field: e!.field } : { ok: false, field: e?.field ?? field, message: r.error };
  };
}

function ochaCode(levels: AreaLevel[]): Plan['code'] {
  return (p) => {
    let deepest: { level: AreaLevel; field: string; value: unknown } | null = null;
    for (const k of levels) {
      const e = p.get(`adm${k}_pcode`);
      if (e && !empty(e.value)) deepest = { level: k, ...e };
    }
    if (!deepest) return { ok: false, field: `adm${levels[levels.length - 1]}_pcode`, message: 'no pcode: every adm*_pcode field is empty' };
    const r = tryParseAreaCode(deepest.value);
    if (!r.ok) return { ok: false, field: deepest.field, message: r.error };
    if (r.value.level !== deepest.level) {
      return { ok: false, field: deepest.field, message: `${text(deepest.value)} has ${r.value.code.length} digits but an ${deepest.field} has ${deepest.level * 2}` };
    }
    for (const k of levels) {
      if (k >= deepest.level) break;
      const e = p.get(`adm${k}_pcode`);
      if (!e || empty(e.value)) continue;
      const up = tryParseAreaCode(e.value);
      if (!up.ok || !r.value.code.startsWith(up.value.code) || up.value.level !== k) {
        return { ok: false, field: e.field, message: `${text(e.value)} does not match ${deepest.field} ${text(deepest.value)}` };
      }
    }
    return { ok: true, code: r.value, field: deepest.field };
  };
}

function dopaCode(): Plan['code'] {
  return (p) => {
    let code: string | null = null;
    let lastField = '';
    for (const k of [1, 2, 3, 4] as AreaLevel[]) {
      const e = pick(p, dopaCodeFields(k));
      if (!e) continue;
      lastField = e.field;
      if (code && code.length === (k - 1) * 2) {
        const r = childCode(code, e.value);
        if (!r.ok) return { ok: false, field: e.field, message: r.error };
        code = r.value;
      } else {
        const r = tryParseAreaCode(e.value);
        if (!r.ok) return { ok: false, field: e.field, message: r.error };
        if (r.value.level !== k) return { ok: false, field: e.field, message: `"${text(e.value)}" has ${r.value.code.length} digits: a full ${e.field} has ${k * 2}` };
        if (code && !r.value.code.startsWith(code)) return { ok: false, field: e.field, message: `"${text(e.value)}" does not start with its parent's code ${code}` };
        code = r.value.code;
      }
    }
    if (!code) return { ok: false, field: lastField || 'tam_code', message: 'every code field (pro_code, amp_code, tam_code, vil_code) is empty' };
    const r = tryParseAreaCode(code);
    return r.ok ? { ok: true, code: r.value, field: lastField } : { ok: false, field: lastField, message: r.error };
  };
}

const KIND_LABEL: Record<MappingKind, string> = {
  explicit: 'explicit mapping',
  ocha: 'OCHA COD-AB fields',
  dopa: 'DOPA-style fields',
  generic: 'plain field names',
};

function buildMapping(plan: Plan, src: SourceData, fields: Map<string, string>, explicit: ExplicitMapping): Mapping {
  const used: Record<'code' | 'th' | 'en' | 'population' | 'lat' | 'lon', Set<string>> = {
    code: new Set(), th: new Set(), en: new Set(), population: new Set(), lat: new Set(), lon: new Set(),
  };
  const hasAny = (cands: string[]) => cands.some((c) => fields.has(c));
  const allNameFields = new Set<string>();
  for (const level of [1, 2, 3, 4] as AreaLevel[]) {
    const n = plan.names(new Map(), level);
    [...n.en, ...n.any].forEach((f) => allNameFields.add(f));
  }
  const needsPoints = src.records.some((r) => r.geometry === undefined);
  if (needsPoints && (!hasAny(plan.lat) || !hasAny(plan.lon))) {
    const file = src.records[0]?.file;
    throw new ImportError(`${file}: no latitude/longitude columns`, [{
      file,
      message: `the file has no latitude/longitude columns (expected lat and lon, or latitude and longitude; fields: ${src.fields.join(', ')})`,
    }]);
  }
  const levelField = explicit.level && fields.has(explicit.level.toLowerCase()) ? explicit.level.toLowerCase() : null;
  const fixedLevel = explicit.level && !levelField ? Number(explicit.level) : null;

  return {
    kind: plan.kind,
    hasNameEn: [...allNameFields].some((f) => fields.has(f)),
    hasPopulation: hasAny(plan.population),
    describe() {
      const list = (s: Set<string>) => [...s].join(', ');
      const parts = [`codes from ${list(used.code) || '-'}`, `Thai names from ${list(used.th) || '-'}`];
      if (used.en.size) parts.push(`English names from ${list(used.en)}`);
      if (used.population.size) parts.push(`population from ${list(used.population)}`);
      if (used.lat.size) parts.push(`points from ${list(used.lon)}/${list(used.lat)}`);
      return `field mapping: ${KIND_LABEL[plan.kind]} (${parts.join('; ')})`;
    },
    map(rec) {
      const file = rec.file;
      const row = rec.n;
      if (rec.problem) return { ok: false, errors: [{ file, row, ...rec.problem }] };
      const p = lowerProps(rec.props);
      const c = plan.code(p);
      if (!c.ok) return { ok: false, errors: [{ file, row, field: c.field, message: c.message }] };
      const code = c.code;
      const errors: ErrorDetail[] = [];
      const codeField = c.field;
      used.code.add(codeField);

      if (levelField || fixedLevel) {
        const lv = levelField ? parseNumber(p.get(levelField)?.value) : fixedLevel;
        if (lv !== code.level) {
          errors.push({ file, row, field: levelField ? p.get(levelField)?.field : 'level', message: `level ${lv ?? 'empty'} does not match code ${code.code}, which is level ${code.level}` });
        }
      }

      const cands = plan.names(p, code.level);
      let th = pick(p, cands.th);
      let en = pick(p, cands.en);
      for (const f of cands.any) {
        const e = pick(p, [f]);
        if (!e) continue;
        if (!th && THAI.test(text(e.value))) th = e;
        else if (!en && !THAI.test(text(e.value))) en = e;
      }
      if (!th) {
        errors.push({ file, row, field: explicit.name_th ?? cands.th[0], message: `area ${code.code} has no Thai name` });
      } else {
        used.th.add(th.field);
        if (text(th.value).length > 200) errors.push({ file, row, field: th.field, message: 'the Thai name is longer than 200 characters' });
      }
      if (en) {
        used.en.add(en.field);
        if (text(en.value).length > 200) errors.push({ file, row, field: en.field, message: 'the English name is longer than 200 characters' });
      }

      let population: number | null = null;
      const pe = pick(p, plan.population);
      if (pe) {
        used.population.add(pe.field);
        const v = parseNumber(pe.value);
        if (v === null || v < 0 || v > 2e9) errors.push({ file, row, field: pe.field, message: `population "${text(pe.value)}" is not a number of people` });
        else population = Math.round(v);
      }

      let geometry = rec.geometry;
      if (geometry === undefined) {
        const la = pick(p, plan.lat);
        const lo = pick(p, plan.lon);
        const lat = la ? parseNumber(la.value) : null;
        const lon = lo ? parseNumber(lo.value) : null;
        if (!la || !lo) errors.push({ file, row, field: !la ? plan.lat[0] : plan.lon[0], message: `area ${code.code}: latitude or longitude is empty` });
        else if (lat === null) errors.push({ file, row, field: la.field, message: `latitude "${text(la.value)}" is not a number` });
        else if (lon === null) errors.push({ file, row, field: lo.field, message: `longitude "${text(lo.value)}" is not a number` });
        else {
          used.lat.add(la.field);
          used.lon.add(lo.field);
          geometry = { type: 'Point', coordinates: [lon, lat] };
        }
        if (code.level !== 4) {
          errors.push({ file, row, field: codeField, message: `${code.code} is a level-${code.level} code: a row with latitude/longitude can only be a village (8 digits); import provinces, districts and sub-districts as polygons (GeoJSON or Shapefile)` });
        }
      }
      if (errors.length) return { ok: false, errors };
      return {
        ok: true,
        area: { code, nameTh: text(th!.value), nameEn: en ? text(en.value) : null, population, geometry, file, n: row },
      };
    },
  };
}
