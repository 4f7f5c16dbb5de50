/** Area reads for the API: lists, search with display paths, one area with its details. */
import type { Queryable } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { ancestorCodes, formatAreaPath, tryParseAreaCode } from '../../shared/area-codes.ts';
import * as repo from './repository.ts';
import type { Area } from './repository.ts';

export type AreaWithPath = Area & { path: string; pathEn: string };

export interface AreaDetail extends AreaWithPath {
  centroid: [number, number];
  childCount: number;
}

/** Leading words people type before a name ("อ.", "ตำบล", "Amphoe") that stored names do not have. */
const LEADING_WORDS = /^(จังหวัด|อำเภอ|ตำบล|แขวง|เขต|หมู่บ้าน|จ\.|อ\.|ต\.|บ\.|changwat\s+|amphoe\s+|amphur\s+|tambon\s+|khet\s+|khwaeng\s+)\s*/i;

/**
 * Splits a search into a code prefix (digits, with or without TH) or a name fragment, dropping
 * the level words in front of a name.
 */
export function normaliseSearch(q: string): { text: string | null; codePrefix: string | null } {
  const s = q.trim().replace(/\s+/g, ' ');
  const digits = s.replace(/^TH/i, '');
  if (/^[0-9]{1,8}$/.test(digits)) return { text: null, codePrefix: digits };
  const text = s.replace(LEADING_WORDS, '').trim();
  return { text: text || null, codePrefix: null };
}

/** Adds the Thai and English display paths, reading the ancestors' names in one query. */
async function withPaths(db: Queryable, areas: Area[]): Promise<AreaWithPath[]> {
  const codes = new Set<string>();
  for (const a of areas) for (const c of ancestorCodes(a.code)) codes.add(c);
  const names = await repo.areaNames(db, [...codes]);
  return areas.map((a) => {
    const chain = [{ code: a.code, nameTh: a.nameTh, nameEn: a.nameEn }];
    for (const c of ancestorCodes(a.code)) {
      const n = names.get(c);
      if (n) chain.push(n);
    }
    const p = formatAreaPath(chain);
    return { ...a, path: p.th, pathEn: p.en };
  });
}

/** Areas matching a name (Thai or English) or a code prefix, best matches first. */
export async function searchAreas(db: Queryable, q: string, limit: number): Promise<AreaWithPath[]> {
  const found = await repo.searchAreas(db, normaliseSearch(q), limit);
  return withPaths(db, found);
}

/** Normalises a code from a URL (DOPA digits or an OCHA pcode); a 404 if it cannot be one. */
export function codeParam(code: string): string {
  const r = tryParseAreaCode(code);
  if (!r.ok) throw notFound(`area ${code}`);
  return r.value.code;
}

/** One area with its path, label point and number of children, or a 404. */
export async function getArea(db: Queryable, rawCode: string): Promise<AreaDetail> {
  const code = codeParam(rawCode);
  const a = await repo.findAreaByCode(db, code);
  if (!a) throw notFound(`area ${code}`);
  const extras = await repo.areaExtras(db, code);
  const [withPath] = await withPaths(db, [a]);
  return { ...withPath, centroid: extras!.centroid, childCount: extras!.childCount };
}

/** The area as a GeoJSON Feature with a display-simplified geometry, or a 404. */
export async function getAreaFeature(db: Queryable, rawCode: string) {
  const code = codeParam(rawCode);
  const a = await repo.findAreaByCode(db, code);
  if (!a) throw notFound(`area ${code}`);
  const geometry = await repo.areaDisplayGeometry(db, code);
  return {
    type: 'Feature' as const,
    id: Number(a.code),
    bbox: a.bbox,
    properties: {
      code: a.code,
      level: a.level,
      parentCode: a.parentCode,
      provinceCode: a.provinceCode,
      nameTh: a.nameTh,
      nameEn: a.nameEn,
      population: a.population,
      isDemo: a.isDemo,
    },
    geometry,
  };
}
