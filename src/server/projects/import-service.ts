/**
 * Import of projects from a spreadsheet (XLSX or CSV), all or nothing: every row is read, its
 * agency and categories resolved, then the whole file is checked by the same rules as the
 * project form (validateProjectInputs); only a file without a single error is stored, in one
 * transaction, creating projects or updating them by their reference (รหัสโครงการ). Otherwise
 * the answer is a 422 listing every problem by row and column, and nothing changes.
 */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { forbidden, ImportError, type ErrorDetail } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { makeCategoryResolver } from '../../shared/incident-validate.ts';
import type { ProjectInput } from '../../shared/project-types.ts';
import { IMPORT_FIELDS, type ImportField } from './import-columns.ts';
import { parseProjectFile, type ProjectFileFormat, type ProjectRow } from './import-parsers.ts';
import * as repo from './import-repository.ts';
import { snapshots, type ProjectSnapshotRow } from './repository.ts';
import { saveProjects, validateProjectInputs } from './service.ts';

/** Roles that may import projects (an agency officer only their own agency's). */
export const PROJECT_IMPORTERS = ['admin', 'analyst', 'agency_officer'] as const;

/** Problems listed at most in one answer (the count of all of them is in the message). */
export const MAX_LISTED_ERRORS = 1000;

export interface ProjectImportReport {
  file: string;
  format: ProjectFileFormat;
  /** The sheet read (XLSX). */
  sheet: string | null;
  rows: number;
  /** Projects created and updated, or that would be on a dry run. */
  inserted: number;
  updated: number;
  dryRun: boolean;
  /** The ids of the projects stored (empty on a dry run). */
  ids: number[];
  /** Export-only columns of the file that the import ignored (progress, names). */
  ignoredColumns: string[];
  /** The import's record (import_run), null on a dry run. */
  importRun: number | null;
}

/** The import's field names for the names the project validation gives its problems. */
function columnOf(field: string | undefined): string {
  if (!field) return 'row';
  const base = field.replace(/\[.*$/, '').replace(/\..*$/, '');
  const map: Record<string, ImportField> = {
    externalId: 'external_id', agencyId: 'agency', fiscalYear: 'fiscal_year', title: 'title', objectives: 'objectives',
    budgetBaht: 'budget', budgetSource: 'budget_source', categories: 'categories', areaCodes: 'areas', startDate: 'start_date',
    endDate: 'end_date', status: 'status', responsibleName: 'responsible', responsiblePhone: 'phone', visibility: 'visibility',
    publicFields: 'public_fields', plannedOutputs: 'outputs', origin: 'origin', seekingSupport: 'seeking_support', supportNeeds: 'support_needs',
  };
  return map[base] ?? base;
}

const COLUMN_ORDER = new Map<string, number>(IMPORT_FIELDS.map((f, i) => [f, i]));

function sortErrors(errors: ErrorDetail[]): ErrorDetail[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.row ?? 0) - (b.e.row ?? 0) || (COLUMN_ORDER.get(a.e.field ?? '') ?? 99) - (COLUMN_ORDER.get(b.e.field ?? '') ?? 99) || a.i - b.i)
    .map((x) => x.e);
}

function failure(file: string, errors: ErrorDetail[]): ImportError {
  const sorted = sortErrors(errors);
  const rows = new Set(sorted.map((e) => e.row)).size;
  const listed = sorted.length > MAX_LISTED_ERRORS ? `; the first ${MAX_LISTED_ERRORS} are listed` : '';
  return new ImportError(
    `${file}: ${sorted.length} error${sorted.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}${listed}; nothing was imported`,
    sorted.slice(0, MAX_LISTED_ERRORS),
  );
}

const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Imports the projects of one file. `dryRun` checks everything and counts what would be created
 * and updated, and stores nothing. Throws ImportError (422) with every problem by row and column.
 */
export async function importProjects(
  db: Database,
  viewer: Viewer,
  file: { name: string; content: Buffer },
  opts: { dryRun?: boolean } = {},
): Promise<ProjectImportReport> {
  if (!(PROJECT_IMPORTERS as readonly string[]).includes(viewer.role)) throw forbidden(`this needs one of the roles: ${PROJECT_IMPORTERS.join(', ')}`);
  if (viewer.role === 'agency_officer' && viewer.agencyId === null) {
    throw forbidden('your account belongs to no agency, so it cannot import projects: ask an administrator to set your agency');
  }
  const dryRun = opts.dryRun === true;
  const started = new Date();
  try {
    const parsed = await parseProjectFile(file.content, file.name);
    const errors: ErrorDetail[] = [...parsed.errors];
    const failed = parsed.rows.map((r) => new Set<string>(r.failed));
    const rowError = (i: number, field: ImportField, message: string) => {
      errors.push({ file: file.name, row: parsed.rows[i].row, field, message });
      failed[i].add(field);
    };

    const agencies = await repo.allAgencies(db);
    const byCode = new Map(agencies.map((a) => [a.code.toLowerCase(), a]));
    const byName = new Map<string, repo.AgencyEntry[]>();
    for (const a of agencies) byName.set(nameKey(a.name_th), [...(byName.get(nameKey(a.name_th)) ?? []), a]);
    const agencyIds = parsed.rows.map((r, i) => {
      if (!r.agency) return 0;
      const named = byName.get(nameKey(r.agency)) ?? [];
      const a = byCode.get(r.agency.trim().toLowerCase()) ?? (named.length === 1 ? named[0] : undefined);
      if (!a) {
        rowError(i, 'agency', named.length > 1
          ? `agency "${r.agency}" names ${named.length} agencies (${named.map((n) => n.code).join(', ')}): give its code`
          : `unknown agency "${r.agency}": give the code or the exact Thai name of an agency in the registry`);
        return 0;
      }
      if (!a.active) rowError(i, 'agency', `agency "${r.agency}" (${a.code}) is no longer active`);
      else if (viewer.role === 'agency_officer' && a.id !== viewer.agencyId) {
        rowError(i, 'agency', `you may import only projects of your own agency (${viewer.agency ?? viewer.agencyId}), not of "${r.agency}"`);
      }
      return a.id;
    });

    const categories = await repo.allCategories(db);
    const resolveCategory = makeCategoryResolver(categories.map((c) => ({ id: c.id, code: c.code, labelTh: c.label_th, labelEn: c.label_en, active: c.active })));
    const categoryCodes = parsed.rows.map((r, i) => {
      const unknown = r.input.categories.filter((c) => !resolveCategory(c));
      if (unknown.length) {
        rowError(i, 'categories', `unknown categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((c) => `"${c}"`).join(', ')}: use the Thai names or codes of the template's list`);
      }
      return [...new Set(r.input.categories.map((c) => resolveCategory(c)?.code).filter((c): c is string => !!c))];
    });

    // A reference twice in one file would make one row overwrite the other.
    const firstRow = new Map<string, number>();
    parsed.rows.forEach((r, i) => {
      const ext = r.input.externalId;
      if (!ext) return;
      const first = firstRow.get(ext);
      if (first === undefined) firstRow.set(ext, r.row);
      else rowError(i, 'external_id', `external_id "${ext}" is on rows ${first} and ${r.row}: each project's reference may appear once in a file`);
    });

    const existing = await repo.projectIdsByExternalId(db, [...firstRow.keys()]);
    const stored = await snapshots(db, [...existing.values()]);
    const inputs = parsed.rows.map((r, i) => toInput(r, agencyIds[i], categoryCodes[i], parsed.columns, stored.get(existing.get(r.input.externalId ?? '') ?? -1)));

    const rowOf = (i: number) => parsed.rows[i].row;
    const indexOfRow = new Map(parsed.rows.map((r, i) => [r.row, i]));
    const checked = await validateProjectInputs(db, viewer, inputs, rowOf);
    for (const e of checked) {
      const field = columnOf(e.field);
      const i = e.row == null ? undefined : indexOfRow.get(e.row);
      // A cell already reported (unreadable, unknown agency or category) stood in with a neutral value: what the checks say of it is noise.
      if (i !== undefined && failed[i].has(field)) continue;
      errors.push({ file: file.name, row: e.row, field, message: e.message });
    }
    if (errors.length) throw failure(file.name, errors);

    const updated = inputs.filter((p) => p.externalId && existing.has(p.externalId)).length;
    const report: ProjectImportReport = {
      file: file.name, format: parsed.format, sheet: parsed.sheet, rows: inputs.length, inserted: inputs.length - updated, updated,
      dryRun, ids: [], ignoredColumns: parsed.ignoredColumns, importRun: null,
    };
    if (dryRun) return report;

    return await db.transaction(async (tx) => {
      const saved = await saveProjects(tx, viewer, inputs);
      const runId = await repo.insertImportRun(tx, {
        filename: file.name, userId: viewer.userId, startedAt: started, status: 'done',
        rows: inputs.length, inserted: saved.inserted, updated: saved.updated, errors: null,
      });
      const done = { ...report, inserted: saved.inserted, updated: saved.updated, ids: saved.ids, importRun: runId };
      await insertAudit(tx, {
        userId: viewer.userId, username: viewer.username, action: 'import', entity: 'project', entityId: `import_run:${runId}`,
        details: { importRun: runId, file: file.name, format: parsed.format, rows: inputs.length, inserted: saved.inserted, updated: saved.updated },
      });
      return done;
    });
  } catch (err) {
    if (err instanceof ImportError && !dryRun) {
      // For the record; the projects themselves were not touched.
      await repo
        .insertImportRun(db, {
          filename: file.name, userId: viewer.userId, startedAt: started, status: 'failed',
          rows: 0, inserted: 0, updated: 0, errors: err.details.slice(0, 100),
        })
        .catch(() => undefined);
    }
    throw err;
  }
}

/**
 * The project input of a row. A column the file does not have (undefined) keeps what a stored
 * project of the same reference has, so a file of a few columns updates only those; a spreadsheet
 * never holds the map geometry, which is always kept.
 */
function toInput(r: ProjectRow, agencyId: number, categories: string[], columns: Set<ImportField>, stored: ProjectSnapshotRow | undefined): ProjectInput {
  const i = r.input;
  const given = (f: ImportField) => columns.has(f) || !stored;
  const keep = <T>(v: T | undefined, s: T | undefined): T | undefined => (v === undefined ? s : v);
  return {
    externalId: i.externalId ?? null,
    agencyId,
    fiscalYear: i.fiscalYear,
    title: i.title,
    objectives: keep(i.objectives, stored?.objectives),
    budgetBaht: i.budgetBaht,
    budgetSource: given('budget_source') ? i.budgetSource : stored!.budgetSource,
    categories: given('categories') ? categories : stored!.categories,
    areaCodes: i.areaCodes,
    startDate: keep(i.startDate, stored?.startDate),
    endDate: keep(i.endDate, stored?.endDate),
    status: keep(i.status, stored?.status),
    responsibleName: keep(i.responsibleName, stored?.responsibleName),
    responsiblePhone: keep(i.responsiblePhone, stored?.responsiblePhone),
    visibility: keep(i.visibility, stored?.visibility),
    publicFields: keep(i.publicFields, stored?.publicFields),
    plannedOutputs: keep(i.plannedOutputs, stored?.plannedOutputs),
    geometry: stored?.geometry ?? null,
    origin: keep(i.origin, stored?.origin),
    seekingSupport: keep(i.seekingSupport, stored?.seekingSupport),
    supportNeeds: keep(i.supportNeeds, stored?.supportNeeds),
  };
}
