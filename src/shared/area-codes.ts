/**
 * Thai administrative area codes (DOPA, the Interior Ministry's codes): province 2 digits,
 * district 4, sub-district (tambon) 6, village (muban) 8. Each code starts with its parent's code.
 * OCHA COD-AB pcodes are the same codes with `TH` in front (TH320101 = 320101).
 * Pure functions, no I/O.
 */

export type AreaLevel = 1 | 2 | 3 | 4;

export const AREA_LEVELS: readonly AreaLevel[] = [1, 2, 3, 4];

/** English names of the levels, for messages. */
export const LEVEL_NAMES: Record<AreaLevel, string> = {
  1: 'province',
  2: 'district',
  3: 'sub-district',
  4: 'village',
};

/** A parsed, normalised area code. */
export interface AreaCode {
  /** The DOPA code: 2, 4, 6 or 8 digits, without any prefix. */
  code: string;
  level: AreaLevel;
  /** The code of the area one level up; null for a province. */
  parentCode: string | null;
  provinceCode: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const PART_NAMES = ['province', 'district', 'sub-district', 'village'];

/**
 * Parses a DOPA code or an OCHA pcode (`TH` prefix) into its normalised form. Accepts numbers
 * (attribute tables often store codes as numbers) and Excel's "320101.0".
 */
export function tryParseAreaCode(input: unknown): ParseResult<AreaCode> {
  if (input === null || input === undefined) return { ok: false, error: 'the area code is empty' };
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input <= 0) return { ok: false, error: `"${input}" is not an area code (2, 4, 6 or 8 digits)` };
    s = String(input);
  } else if (typeof input === 'string') {
    s = input.trim();
  } else {
    return { ok: false, error: 'the area code is not text or a number' };
  }
  if (s === '') return { ok: false, error: 'the area code is empty' };
  const shown = s.length > 40 ? `${s.slice(0, 40)}...` : s;
  let digits = s.replace(/^TH/i, '').replace(/\.0+$/, '');
  digits = digits.replace(/\s+/g, '');
  if (!/^[0-9]+$/.test(digits)) {
    return { ok: false, error: `"${shown}" is not an area code: expected 2, 4, 6 or 8 digits (DOPA), optionally with a TH prefix (OCHA pcode)` };
  }
  if (![2, 4, 6, 8].includes(digits.length)) {
    return { ok: false, error: `"${shown}" has ${digits.length} digits: an area code has 2 (province), 4 (district), 6 (sub-district) or 8 (village)` };
  }
  if (digits[0] === '0') return { ok: false, error: `"${shown}": a province code cannot start with 0` };
  for (let i = 2; i < digits.length; i += 2) {
    if (digits.slice(i, i + 2) === '00') {
      return { ok: false, error: `"${shown}": the ${PART_NAMES[i / 2]} part is 00, which no DOPA code uses` };
    }
  }
  const level = (digits.length / 2) as AreaLevel;
  return {
    ok: true,
    value: {
      code: digits,
      level,
      parentCode: level === 1 ? null : digits.slice(0, digits.length - 2),
      provinceCode: digits.slice(0, 2),
    },
  };
}

/** Like {@link tryParseAreaCode} but throws an Error with the explanation. */
export function parseAreaCode(input: unknown): AreaCode {
  const r = tryParseAreaCode(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Whether `s` is already a normalised DOPA code (2, 4, 6 or 8 digits). */
export function isAreaCode(s: string): boolean {
  return /^[1-9][0-9]([0-9]{2}){0,3}$/.test(s);
}

/** The level (1-4) of a normalised code. */
export function levelOfCode(code: string): AreaLevel {
  return parseAreaCode(code).level;
}

/** The codes of every ancestor of `code`, province first (not including the code itself). */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  for (let n = 2; n < code.length; n += 2) out.push(code.slice(0, n));
  return out;
}

/**
 * Builds a child's code from its parent's code and the value of a DOPA-style attribute, which
 * some files store in full (`3201`) and others as the local part only (`01`, or the number 1).
 */
export function childCode(parentCode: string, value: unknown): ParseResult<string> {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/\.0+$/, '') : '';
  if (raw === '') return { ok: false, error: 'the code is empty' };
  const want = parentCode.length + 2;
  const cleaned = raw.replace(/^TH/i, '');
  if (!/^[0-9]+$/.test(cleaned)) return { ok: false, error: `"${raw}" is not a code` };
  let full: string;
  if (cleaned.length <= 2) full = parentCode + cleaned.padStart(2, '0');
  else if (cleaned.length !== want) return { ok: false, error: `"${raw}" has ${cleaned.length} digits: expected ${want} (or only the last 2)` };
  else if (!cleaned.startsWith(parentCode)) return { ok: false, error: `"${raw}" does not start with its parent's code ${parentCode}` };
  else full = cleaned;
  const r = tryParseAreaCode(full);
  return r.ok ? { ok: true, value: r.value.code } : { ok: false, error: `"${raw}" under ${parentCode}: ${r.error}` };
}

/** A link of an area's chain, for display paths. */
export interface PathPart {
  code: string;
  nameTh: string;
  nameEn: string | null;
}

const BANGKOK = '10';

/** The Thai abbreviation in front of a name at a level (Bangkok uses khet/khwaeng). */
export function thaiPrefix(code: string): string {
  const level = code.length / 2;
  const bkk = code.startsWith(BANGKOK);
  if (level === 1) return bkk ? '' : 'จ.';
  if (level === 2) return bkk ? 'เขต' : 'อ.';
  if (level === 3) return bkk ? 'แขวง' : 'ต.';
  return 'บ.';
}

/**
 * The display path of an area from itself up to its province, e.g.
 * "ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์" and "Nai Mueang, Mueang Surin, Surin".
 * `chain` lists the area and its ancestors in any order.
 */
export function formatAreaPath(chain: PathPart[]): { th: string; en: string } {
  const sorted = [...chain].sort((a, b) => b.code.length - a.code.length);
  return {
    th: sorted.map((p) => `${thaiPrefix(p.code)}${p.nameTh}`).join(' '),
    en: sorted.map((p) => p.nameEn ?? p.nameTh).join(', '),
  };
}
