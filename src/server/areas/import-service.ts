/**
 * Area import: GeoJSON, zipped Shapefile or CSV of villages -> checked, repaired geometry -> one
 * transaction that upserts every area, bumps the boundary version, and writes the import run and
 * one audit record. All or nothing: any error leaves the areas as they were.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { AppError, badRequest, type ErrorDetail } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { LEVEL_NAMES, tryParseAreaCode, type AreaLevel } from '../../shared/area-codes.ts';
import { checkGeometry, THAILAND_BOUNDS } from '../../shared/geometry-check.ts';
import { detectMapping, validateExplicitMapping, type MappedArea, type Mapping } from './field-mapping.ts';
import { parseGeojson } from './import-geojson.ts';
import { looksLikeZip, parseShapefileZip } from './import-shapefile.ts';
import { parseCsv } from './import-csv.ts';
import { fileError, importError, MAX_DETAILS, type SourceData } from './import-types.ts';
import * as repo from './repository.ts';

export interface AreaImportOptions {
  /** Keep only this province (2-digit DOPA code). */
  province?: string;
  /** Explicit field mapping: COMAP field -> source attribute name. */
  mapping?: Record<string, string>;
  /** Mark the imported areas as synthetic demo data. */
  demo?: boolean;
  /** Cap on the unpacked size of a zip, in MB (zip-bomb guard; default 1024). */
  maxUncompressedMb?: number;
}

import type { AreaImportReport } from '../../shared/api-types.ts';

export type { AreaImportReport };

/** Keys of `byLevel` in the report. */
export const LEVEL_KEYS: Record<AreaLevel, string> = { 1: 'province', 2: 'district', 3: 'subdistrict', 4: 'village' };

/** Reads the file in the format its name or its first bytes say. */
export async function readAreaSource(bytes: Uint8Array, name: string, opts: AreaImportOptions = {}): Promise<SourceData> {
  if (bytes.length === 0) throw fileError(name, 'the file is empty');
  const ext = extname(name).toLowerCase();
  if (looksLikeZip(bytes) || ext === '.zip') {
    return parseShapefileZip(bytes, name, { maxUncompressedBytes: (opts.maxUncompressedMb ?? 1024) * 1024 * 1024 });
  }
  if (['.shp', '.dbf', '.shx', '.prj'].includes(ext)) {
    throw fileError(name, `a ${ext} file alone is not enough: upload the Shapefile as a .zip holding its .shp, .dbf and .prj (and .cpg if there is one)`);
  }
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return parseCsv(bytes, name);
  if (ext === '.geojson' || ext === '.json') return parseGeojson(bytes, name);
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return parseGeojson(bytes, name);
  throw fileError(name, `unsupported file type "${ext || 'no extension'}": use GeoJSON (.geojson), a zipped Shapefile (.zip) or a CSV of villages (.csv)`);
}

interface Prepared {
  rows: Array<MappedArea & { geojson: string }>;
  repaired: Array<{ code: string; message: string }>;
  warnings: string[];
  mapping: Mapping;
}

/** Maps, filters and checks every record; throws ImportError listing every bad one. */
function prepare(src: SourceData, name: string, opts: AreaImportOptions, province: string | null): Prepared {
  const mapping = detectMapping(src, validateExplicitMapping(opts.mapping));
  const errors: ErrorDetail[] = [];
  const rows: Prepared['rows'] = [];
  const repaired: Prepared['repaired'] = [];
  const seen = new Map<string, { file: string; n: number }>();
  let skipped = 0;
  for (const rec of src.records) {
    if (errors.length > MAX_DETAILS * 10) break;
    const m = mapping.map(rec);
    if (!m.ok) {
      errors.push(...m.errors);
      continue;
    }
    const a = m.area;
    if (province && a.code.provinceCode !== province) {
      skipped++;
      continue;
    }
    const dup = seen.get(a.code.code);
    if (dup) {
      const where = dup.file === rec.file ? `${src.format === 'csv' ? 'line' : 'feature'} ${dup.n}` : `${dup.file} feature ${dup.n}`;
      errors.push({ file: rec.file, row: rec.n, field: 'code', message: `area ${a.code.code} appears twice (also ${where})` });
      continue;
    }
    seen.set(a.code.code, { file: rec.file, n: rec.n });
    const g = checkGeometry(a.geometry, { expect: a.code.level === 4 ? 'point' : 'polygon', bounds: THAILAND_BOUNDS });
    if (!g.ok) {
      errors.push({ file: rec.file, row: rec.n, field: 'geometry', message: `area ${a.code.code} (${a.nameTh}): ${g.error}` });
      continue;
    }
    if (g.repairs.length) repaired.push({ code: a.code.code, message: g.repairs.join('; ') });
    rows.push({ ...a, geojson: JSON.stringify(g.geometry) });
  }
  if (errors.length) {
    throw importError(`${name}: ${errors.length >= MAX_DETAILS * 10 ? 'many' : errors.length} error${errors.length > 1 ? 's' : ''}; nothing was imported`, errors);
  }
  if (!rows.length) {
    if (province) throw fileError(name, `no area of province ${province} in the file (${skipped} areas of other provinces)`);
    throw fileError(name, 'the file holds no areas');
  }
  const warnings = [mapping.describe(), ...src.warnings];
  if (province) warnings.push(`kept province ${province}: ${rows.length} areas, ${skipped} of other provinces skipped`);
  return { rows, repaired, warnings, mapping };
}

/** The province option as a 2-digit code, or a 400. */
function provinceOption(p: string | undefined): string | null {
  if (p === undefined || p === null || String(p).trim() === '') return null;
  const r = tryParseAreaCode(String(p));
  if (!r.ok || r.value.level !== 1) {
    throw badRequest(`province must be a 2-digit DOPA province code such as 32, got "${p}"`, [{ field: 'province', message: r.ok ? 'not a province code' : r.error }]);
  }
  return r.value.code;
}

/**
 * Imports areas from a GeoJSON, zipped Shapefile or CSV file: all or nothing. Existing codes are
 * updated in place; parents must exist or be in the same file. Throws ImportError (422) with the
 * file, row and field of every problem, or AppError 400 for bad options.
 */
export async function importAreas(db: Database, file: { path: string; name: string }, opts: AreaImportOptions, actor: Viewer | null): Promise<AreaImportReport> {
  return importAreaBytes(db, { name: file.name, bytes: () => readFile(file.path) }, opts, actor);
}

/**
 * Like {@link importAreas}, for content already in memory (for example a generated GeoJSON
 * FeatureCollection): `name` decides the format as a file name would.
 */
export async function importAreaBytes(
  db: Database,
  file: { name: string; bytes: Uint8Array | string | (() => Promise<Uint8Array>) },
  opts: AreaImportOptions,
  actor: Viewer | null,
): Promise<AreaImportReport> {
  try {
    return await runImport(db, file, opts, actor);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 422) {
      // Keep a record of the failed attempt for the upload page; it changes no area.
      await repo
        .insertImportRun(db, { filename: file.name, userId: actor?.userId ?? null, status: 'failed', rowsTotal: 0, inserted: 0, updated: 0, errors: { message: e.message, details: e.details } })
        .catch(() => undefined);
    }
    throw e;
  }
}

async function runImport(
  db: Database,
  file: { name: string; bytes: Uint8Array | string | (() => Promise<Uint8Array>) },
  opts: AreaImportOptions,
  actor: Viewer | null,
): Promise<AreaImportReport> {
  const province = provinceOption(opts.province);
  validateExplicitMapping(opts.mapping);
  const raw = typeof file.bytes === 'function' ? await file.bytes() : file.bytes;
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const src = await readAreaSource(bytes, file.name, opts);
  const { rows, repaired, warnings, mapping } = prepare(src, file.name, opts, province);

  // Parents: in the file, or already stored. No placeholder parents are ever made up.
  const codes = new Set(rows.map((r) => r.code.code));
  const needed = new Map<string, string[]>();
  for (const r of rows) {
    const p = r.code.parentCode;
    if (p && !codes.has(p)) needed.set(p, [...(needed.get(p) ?? []), r.code.code]);
  }
  const present = await repo.existingCodes(db, [...needed.keys()]);
  const missing = [...needed.entries()].filter(([p]) => !present.has(p)).sort(([a], [b]) => a.localeCompare(b));
  if (missing.length) {
    const details: ErrorDetail[] = missing.map(([p, children]) => ({
      file: file.name,
      field: 'code',
      message: `parent ${LEVEL_NAMES[(p.length / 2) as AreaLevel]} ${p} is neither stored nor in the file (needed by ${children.length} area${children.length > 1 ? 's' : ''}, e.g. ${children[0]})`,
    }));
    const list = missing.slice(0, 20).map(([p]) => p).join(', ') + (missing.length > 20 ? ', ...' : '');
    throw importError(`${file.name}: ${missing.length} parent area${missing.length > 1 ? 's are' : ' is'} missing (${list}): import the higher levels first, or in the same file; nothing was imported`, details);
  }

  rows.sort((a, b) => a.code.level - b.code.level || a.code.code.localeCompare(b.code.code));
  const byLevel: Record<string, number> = {};
  for (const r of rows) byLevel[LEVEL_KEYS[r.code.level]] = (byLevel[LEVEL_KEYS[r.code.level]] ?? 0) + 1;

  return db.transaction(async (tx) => {
    const existing = await repo.existingCodes(tx, [...codes]);
    await repo.upsertAreas(
      tx,
      rows.map((r) => ({ code: r.code.code, level: r.code.level, parentCode: r.code.parentCode, nameTh: r.nameTh, nameEn: r.nameEn, population: r.population, geojson: r.geojson })),
      { demo: opts.demo === true, setNameEn: mapping.hasNameEn, setPopulation: mapping.hasPopulation },
    );
    const updated = existing.size;
    const inserted = rows.length - updated;
    const version = await repo.bumpBoundaryVersion(tx);
    const runId = await repo.insertImportRun(tx, { filename: file.name, userId: actor?.userId ?? null, status: 'done', rowsTotal: rows.length, inserted, updated });
    await insertAudit(tx, {
      userId: actor?.userId ?? null,
      username: actor?.username ?? null,
      action: 'import',
      entity: 'area',
      entityId: runId,
      details: { file: file.name, format: src.format, inserted, updated, byLevel, repaired: repaired.length, province, boundaryVersion: version },
    });
    return { file: file.name, format: src.format, inserted, updated, byLevel, repaired, warnings };
  });
}
