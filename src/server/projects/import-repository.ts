/** SQL of the project import and export: the registries a spreadsheet names things by, and the record of each import. */
import type { Queryable } from '../db/database.ts';
import { insertImportRun as insertIncidentImportRun, type ImportRunWrite } from '../incidents/import-repository.ts';

export interface AgencyEntry {
  id: number;
  code: string;
  name_th: string;
  active: boolean;
}

/** Every agency of the registry (a province has about 40), to resolve codes and names of a file. */
export async function allAgencies(db: Queryable): Promise<AgencyEntry[]> {
  const r = await db.query<AgencyEntry>('SELECT id, code, name_th, active FROM agency ORDER BY name_th, code');
  return r.rows.map((a) => ({ ...a, id: Number(a.id) }));
}

export interface CategoryEntry {
  id: number;
  code: string;
  label_th: string;
  label_en: string;
  active: boolean;
}

export async function allCategories(db: Queryable): Promise<CategoryEntry[]> {
  return (await db.query<CategoryEntry>('SELECT id, code, label_th, label_en, active FROM category ORDER BY sort_order, code')).rows;
}

/** The stored projects of these references (to tell updates from inserts, and keep what a file does not give). */
export async function projectIdsByExternalId(db: Queryable, externalIds: readonly string[]): Promise<Map<string, number>> {
  if (!externalIds.length) return new Map();
  const r = await db.query<{ id: number; external_id: string }>('SELECT id, external_id FROM project WHERE external_id = ANY($1::text[])', [externalIds]);
  return new Map(r.rows.map((p) => [p.external_id, Number(p.id)]));
}

/**
 * A sub-district of the scope (or of the installation) for the template's example row, so that
 * the example imports as it is; null when no area is loaded.
 */
export async function exampleSubdistrict(db: Queryable, scope: readonly string[]): Promise<string | null> {
  const r = await db.query<{ code: string }>(
    `SELECT a.code FROM area a
     WHERE a.level = 3 AND (cardinality($1::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest($1::text[]) s(c) WHERE a.code LIKE s.c || '%'))
     ORDER BY a.code LIMIT 1`,
    [scope],
  );
  return r.rows[0]?.code ?? null;
}

/** Records one import (kind "projects"), done or failed: the incident import's record. */
export function insertImportRun(db: Queryable, r: Omit<ImportRunWrite, 'kind'>): Promise<number> {
  return insertIncidentImportRun(db, { ...r, kind: 'projects' });
}
