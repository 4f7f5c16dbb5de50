/**
 * Projects (แผนงาน/โครงการ) of agencies and communities: validation and upsert (shared by the API
 * and the spreadsheet import), reading within the viewer's area scope, quarterly progress with
 * photos, late reports, and the support history of community projects.
 *
 * Who may do what:
 * - Read: every signed-in user sees the projects touching their area scope (no scope = every
 *   project, except an area officer, who sees nothing without one). Internal projects are not
 *   hidden from signed-in users; visibility only governs the public board.
 * - Write: administrators and analysts for any agency; agency and area officers only for their
 *   own agency; viewers never. Every area of the project must lie inside the writer's scope.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Role, Viewer } from '../auth/viewer.ts';
import { inScope } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { AppError, badRequest, conflict, forbidden, notFound, tooLarge, type ErrorDetail } from '../errors.ts';
import { fiscalQuarterPeriod, thaiDateParts } from '../../shared/fiscal.ts';
import { checkProgressInput, checkProjectInput, checkSupportInput, type ValidProject } from '../../shared/project-validate.ts';
import { daysLate, expectedReports, submittedLate } from '../../shared/project-schedule.ts';
import type {
  ExpectedReport, LateReport, ProgressReport, ProgressReportSaved, Project, ProjectDetail, ProjectInput, ProjectPage, ProjectPhoto,
  ProjectStatus, SupportEvent,
} from '../../shared/project-types.ts';
import * as repo from './repository.ts';

/** Roles that may enter projects (agency and area officers only for their own agency). */
export const PROJECT_WRITERS: readonly Role[] = ['admin', 'analyst', 'agency_officer', 'area_officer'];
/** Roles that may enter projects for any agency. */
export const ANY_AGENCY_WRITERS: readonly Role[] = ['admin', 'analyst'];
/** Largest photo of a progress report. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Photos per quarterly report. */
export const PHOTOS_PER_REPORT = 20;

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
const audited = (v: Viewer) => ({ userId: v.userId, username: v.username });

/** The areas a viewer reads projects in: null = every project, [] = none (an area officer without a scope). */
export function projectScope(viewer: Viewer): string[] | null {
  if (viewer.areaCodes.length) return viewer.areaCodes;
  return viewer.role === 'area_officer' ? [] : null;
}

/** Why the viewer may not enter projects for `agencyId`, or null when they may. */
export function agencyRefusal(viewer: Viewer, agencyId: number): string | null {
  if (!PROJECT_WRITERS.includes(viewer.role)) return `entering projects needs one of the roles: ${PROJECT_WRITERS.join(', ')}`;
  if (ANY_AGENCY_WRITERS.includes(viewer.role)) return null;
  if (viewer.agencyId == null) return 'your account belongs to no agency: ask an administrator to set your agency before you enter projects';
  if (viewer.agencyId !== agencyId) return `you can enter projects only for your own agency (${viewer.agency ?? `agency ${viewer.agencyId}`}), not for agency ${agencyId}`;
  return null;
}

function summary(details: readonly ErrorDetail[]): string {
  const first = details[0];
  const where = first.row != null ? `row ${first.row}: ` : '';
  return `${where}${first.message}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}`;
}

interface Checked {
  details: ErrorDetail[];
  /** The problems that are refusals (role, agency, scope) rather than bad input. */
  refusals: ErrorDetail[];
  values: ValidProject[];
}

/** Every rule a batch of project inputs must meet, pure and against the database; nothing is written. */
async function checkInputs(
  db: Queryable, viewer: Viewer, inputs: readonly ProjectInput[], rowOf?: (i: number) => number, targetIds: ReadonlyArray<number | null | undefined> = [],
): Promise<Checked> {
  const details: ErrorDetail[] = [];
  const refusals: ErrorDetail[] = [];
  const push = (i: number, field: string, message: string, refusal = false) => {
    const d = rowOf ? { row: rowOf(i), field, message } : { field, message };
    details.push(d);
    if (refusal) refusals.push(d);
  };
  const checked = inputs.map((input) => checkProjectInput(input));
  const values = checked.map((c) => c.value);
  checked.forEach((c, i) => c.errors.forEach((e) => push(i, e.field, e.message)));

  const agencies = await repo.agenciesByIds(db, [...new Set(values.map((v) => v.agencyId).filter((n) => Number.isInteger(n) && n > 0))]);
  const categories = await repo.categoryCodes(db);
  const levels = await repo.areaLevels(db, [...new Set(values.flatMap((v) => v.areaCodes))]);
  const externalIds = [...new Set(values.map((v) => v.externalId).filter((s): s is string => !!s))];
  const existing = await repo.existingProjects(db, targetIds.filter((n): n is number => n != null), externalIds);
  const byId = new Map(existing.map((e) => [e.id, e]));
  const byExternal = new Map(existing.filter((e) => e.external_id).map((e) => [e.external_id!, e]));
  const firstUse = new Map<string, number>();

  values.forEach((v, i) => {
    const fieldErrors = new Set(checked[i].errors.map((e) => e.field));
    if (!fieldErrors.has('agencyId')) {
      const a = agencies.get(v.agencyId);
      if (!a) push(i, 'agencyId', `agency ${v.agencyId} does not exist in the agency registry`);
      else if (!a.active) push(i, 'agencyId', `agency ${a.code} (${a.name_th}) is inactive: projects go to an active agency`);
      else {
        const why = agencyRefusal(viewer, v.agencyId);
        if (why) push(i, 'agencyId', why, true);
      }
    }
    for (const c of v.categories) if (!categories.has(c)) push(i, 'categories', `unknown category "${c}"`);
    for (const c of v.areaCodes) {
      const level = levels.get(c);
      if (level === undefined) push(i, 'areaCodes', `no area with code ${c}`);
      else if (!inScope(viewer, c)) push(i, 'areaCodes', `area ${c} is outside your area scope`, true);
    }
    // The project being replaced: the one named by id (PUT), or the one with the same reference (import).
    const target = targetIds[i] != null ? byId.get(targetIds[i]!) : v.externalId ? byExternal.get(v.externalId) : undefined;
    if (v.externalId) {
      const other = byExternal.get(v.externalId);
      if (targetIds[i] != null && other && other.id !== targetIds[i]) push(i, 'externalId', `the reference (externalId) "${v.externalId}" is already used by project ${other.id}`);
      const earlier = firstUse.get(v.externalId);
      if (earlier !== undefined) push(i, 'externalId', `the reference (externalId) "${v.externalId}" is also on ${rowOf ? `row ${rowOf(earlier)}` : `project ${earlier + 1} of this batch`}`);
      else firstUse.set(v.externalId, i);
    }
    if (target) {
      const why = agencyRefusal(viewer, target.agency_id);
      if (why && target.agency_id !== v.agencyId) push(i, targetIds[i] != null ? 'agencyId' : 'externalId', `project ${target.id}${v.externalId ? ` ("${v.externalId}")` : ''} belongs to agency ${target.agency_id}: ${why}`, true);
      for (const c of target.area_codes) if (!inScope(viewer, c)) push(i, 'areaCodes', `project ${target.id} has area ${c}, which is outside your area scope`, true);
    }
  });
  return { details, refusals, values };
}

/**
 * Checks project inputs (API bodies or spreadsheet rows) against every rule: the fields, the
 * agency (exists, active, the writer's own unless administrator or analyst), categories and areas
 * that exist, the writer's area scope, and the uniqueness of the agency's references. Every problem
 * comes with its field and, when `rowOf` is given, its row. Writes nothing.
 *
 * `opts.targetIds[i]` names the project input `i` replaces (PUT /api/projects/:id); without it an
 * input replaces the project with the same externalId, if any.
 */
export async function validateProjectInputs(
  db: Queryable, viewer: Viewer, inputs: ProjectInput[], rowOf?: (i: number) => number, opts: { targetIds?: ReadonlyArray<number | null | undefined> } = {},
): Promise<ErrorDetail[]> {
  return (await checkInputs(db, viewer, inputs, rowOf, opts.targetIds)).details;
}

/** Throws the problems of the inputs as one 403 (a refusal) or 400 (bad input). */
async function assertValid(db: Queryable, viewer: Viewer, inputs: ProjectInput[], targetIds?: Array<number | null>): Promise<void> {
  const c = await checkInputs(db, viewer, inputs, undefined, targetIds);
  if (!c.details.length) return;
  // A refusal is the answer even when the input has other problems: fixing them would not help.
  if (c.refusals.length) throw new AppError(403, 'forbidden', summary([...c.refusals, ...c.details.filter((d) => !c.refusals.includes(d))]), c.details);
  throw badRequest(summary(c.details), c.details);
}

/**
 * Stores validated project inputs: each replaces the project named in `opts.targetIds`, or the one
 * with the same externalId, or is inserted. An update keeps origin, seeking support and support
 * needs when the input leaves them out. Audited (entity 'project', before and after). Runs in the
 * caller's transaction and assumes {@link validateProjectInputs} found nothing.
 */
export async function saveProjects(
  tx: Queryable, viewer: Viewer, inputs: ProjectInput[], opts: { targetIds?: ReadonlyArray<number | null | undefined>; isDemo?: boolean } = {},
): Promise<{ inserted: number; updated: number; ids: number[] }> {
  const values = inputs.map((input) => checkProjectInput(input).value);
  const targetIds = opts.targetIds ?? [];
  const externalIds = [...new Set(values.map((v) => v.externalId).filter((s): s is string => !!s))];
  const existing = await repo.existingProjects(tx, targetIds.filter((n): n is number => n != null), externalIds);
  const byExternal = new Map(existing.filter((e) => e.external_id).map((e) => [e.external_id!, e.id]));
  const resolved = values.map((v, i) => targetIds[i] ?? (v.externalId ? byExternal.get(v.externalId) : undefined) ?? null);
  const before = await repo.snapshots(tx, resolved.filter((n): n is number => n != null));
  let inserted = 0;
  let updated = 0;
  const ids: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const id0 = resolved[i];
    const old = id0 != null ? before.get(id0) : undefined;
    const w: repo.ProjectWrite = {
      externalId: v.externalId, agencyId: v.agencyId, provinceCode: v.provinceCode, fiscalYear: v.fiscalYear, title: v.title,
      objectives: v.objectives, budgetBaht: v.budgetBaht, budgetSource: v.budgetSource, categories: v.categories,
      startDate: v.startDate, endDate: v.endDate, status: v.status, responsibleName: v.responsibleName, responsiblePhone: v.responsiblePhone,
      visibility: v.visibility, publicFields: v.publicFields, plannedOutputs: v.plannedOutputs, geometry: v.geometry,
      origin: v.origin ?? old?.origin ?? 'agency',
      seekingSupport: v.seekingSupport ?? old?.seekingSupport ?? false,
      supportNeeds: v.supportNeeds ?? old?.supportNeeds ?? '',
    };
    let id: number;
    if (old) {
      id = old.id;
      await repo.updateProject(tx, id, w, viewer.userId);
      updated++;
    } else {
      id = await repo.insertProject(tx, w, viewer.userId, opts.isDemo ?? false);
      inserted++;
    }
    await repo.replaceAreas(tx, id, v.areaCodes);
    ids.push(id);
    await insertAudit(tx, { ...audited(viewer), action: old ? 'update' : 'create', entity: 'project', entityId: id, before: old ?? null, after: { id, ...w, areaCodes: v.areaCodes } });
    // A change of "seeking support" made with the project enters the support history too.
    const was = old?.seekingSupport ?? false;
    if (w.seekingSupport !== was) {
      const event: repo.SupportWrite = { kind: w.seekingSupport ? 'requested' : 'closed', agencyId: null, sponsorName: null, contribution: w.seekingSupport ? w.supportNeeds : '', amountBaht: null, note: '' };
      const eventId = await repo.insertSupportEvent(tx, id, event, viewer.userId);
      await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'project_support', entityId: eventId, after: { projectId: id, ...event } });
    }
  }
  return { inserted, updated, ids };
}

/* ------------------------------------------------------------------ views */

function toProject(r: repo.ProjectRow, areas: repo.AreaRefRow[], reports: repo.ReportSummaryRow[], now: Date, dueDays: number): Project {
  const latest = reports.length ? reports[reports.length - 1] : null;
  const late = expectedReports(scheduled(r), reports.map(submitted), now, dueDays).filter((x) => x.state === 'late');
  return {
    id: Number(r.id), externalId: r.external_id,
    agency: { id: r.agency_id, code: r.agency_code, nameTh: r.agency_name_th, nameEn: r.agency_name_en },
    provinceCode: r.province_code, fiscalYear: r.fiscal_year, title: r.title, objectives: r.objectives, budgetBaht: Number(r.budget_baht),
    budgetSource: r.budget_source, categories: r.categories,
    areas: areas.map((a) => ({ code: a.code, level: Number(a.level), nameTh: a.name_th, nameEn: a.name_en, subdistrictCode: a.subdistrict_code, inTargetList: a.in_target_list })),
    startDate: r.start_date, endDate: r.end_date, status: r.status, responsibleName: r.responsible_name, responsiblePhone: r.responsible_phone,
    visibility: r.visibility, publicFields: r.public_fields, plannedOutputs: r.planned_outputs, geometry: r.geometry, origin: r.origin,
    seekingSupport: r.seeking_support, supportNeeds: r.support_needs,
    percentDone: latest ? Number(latest.percent_done) : null, spentBaht: latest ? Number(latest.spent_baht) : null,
    lateReports: late.map((x) => ({ fiscalYear: x.fiscalYear, quarter: x.quarter, dueDate: x.dueDate })),
    createdBy: r.created_by, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

const scheduled = (r: { fiscal_year: number; start_date: string | null; end_date: string | null; status: ProjectStatus }) =>
  ({ fiscalYear: r.fiscal_year, startDate: r.start_date, endDate: r.end_date, status: r.status });
const submitted = (r: { fiscal_year: number; quarter: number; reported_at: Date }) =>
  ({ fiscalYear: r.fiscal_year, quarter: Number(r.quarter), reportedAt: new Date(r.reported_at) });

/** Full views of project rows (areas, latest progress, late reports), in the rows' order. */
async function toProjects(db: Queryable, rows: repo.ProjectRow[], now: Date): Promise<Project[]> {
  const ids = rows.map((r) => Number(r.id));
  const dueDays = await repo.progressDueDays(db);
  const areas = group(await repo.areasOf(db, ids), (a) => Number(a.project_id));
  const reports = group(await repo.reportSummaries(db, ids), (a) => Number(a.project_id));
  return rows.map((r) => toProject(r, areas.get(Number(r.id)) ?? [], reports.get(Number(r.id)) ?? [], now, dueDays));
}

function group<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const t of items) {
    const k = key(t);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(t);
  }
  return m;
}

export interface ListQuery extends repo.ProjectFilter {
  late?: boolean;
  limit?: number;
  offset?: number;
}

/** One page of the projects the viewer may see, sorted by fiscal year (newest first) and title. */
export async function listProjects(db: Queryable, viewer: Viewer, q: ListQuery, now = new Date()): Promise<ProjectPage> {
  const scope = projectScope(viewer);
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  if (q.late == null) {
    const { total, budgetTotal, rows } = await repo.listProjects(db, q, scope, limit, offset);
    return { total, budgetTotal, items: await toProjects(db, rows, now) };
  }
  // "Late" depends on the schedule and the clock: computed here, with the same rules as the detail page.
  const schedules = await repo.listSchedules(db, q, scope);
  const dueDays = await repo.progressDueDays(db);
  const reports = group(await repo.reportSummaries(db, schedules.map((s) => Number(s.id))), (r) => Number(r.project_id));
  const matching = schedules.filter((s) => {
    const isLate = expectedReports(scheduled(s), (reports.get(Number(s.id)) ?? []).map(submitted), now, dueDays).some((x) => x.state === 'late');
    return isLate === q.late;
  });
  const page = matching.slice(offset, offset + limit).map((s) => Number(s.id));
  const budgetTotal = Math.round(matching.reduce((sum, x) => sum + Number(x.budget_baht) * 100, 0)) / 100;
  return { total: matching.length, budgetTotal, items: await toProjects(db, await repo.projectsByIds(db, page), now) };
}

async function loadProject(db: Queryable, viewer: Viewer, id: number, lock = false): Promise<repo.ProjectRow> {
  const row = await repo.getProject(db, id, projectScope(viewer), lock);
  if (!row) throw notFound(`project ${id}`);
  return row;
}

/** A project just written by the viewer (who may see it: its areas are all in their scope). */
async function viewProject(db: Queryable, id: number): Promise<Project> {
  return (await toProjects(db, [(await repo.getProject(db, id, null))!], new Date()))[0];
}

/** One project the viewer may see. */
export async function getProject(db: Queryable, viewer: Viewer, id: number, now = new Date()): Promise<Project> {
  return (await toProjects(db, [await loadProject(db, viewer, id)], now))[0];
}

function toPhoto(p: repo.PhotoRow): ProjectPhoto {
  return { id: Number(p.id), filename: p.filename, contentType: p.content_type, size: Number(p.size_bytes), caption: p.caption, url: `/api/project-photos/${p.id}` };
}

function toReport(r: repo.ProgressRow, photos: repo.PhotoRow[], dueDays: number): ProgressReport {
  return {
    id: Number(r.id), fiscalYear: r.fiscal_year, quarter: Number(r.quarter), percentDone: Number(r.percent_done), spentBaht: Number(r.spent_baht),
    outputs: r.outputs, narrative: r.narrative, reportedBy: r.reported_by, reportedAt: iso(r.reported_at),
    late: submittedLate(r.fiscal_year, Number(r.quarter), new Date(r.reported_at), dueDays),
    photos: photos.map(toPhoto),
  };
}

function toSupport(e: repo.SupportRow): SupportEvent {
  return {
    id: Number(e.id), kind: e.kind,
    agency: e.agency_id == null ? null : { id: e.agency_id, code: e.agency_code!, nameTh: e.agency_name_th! },
    sponsorName: e.sponsor_name, contribution: e.contribution, amountBaht: e.amount_baht == null ? null : Number(e.amount_baht),
    note: e.note, by: e.by_user, at: iso(e.at),
  };
}

/** A project with its progress reports (and photos), support history and the reports it owes. */
export async function getProjectDetail(db: Queryable, viewer: Viewer, id: number, now = new Date()): Promise<ProjectDetail> {
  const row = await loadProject(db, viewer, id);
  const [project] = await toProjects(db, [row], now);
  const dueDays = await repo.progressDueDays(db);
  const progress = await repo.progressOf(db, id);
  const photos = group(await repo.photosOf(db, progress.map((p) => Number(p.id))), (p) => Number(p.progress_id));
  const expected: ExpectedReport[] = expectedReports(scheduled(row), progress.map(submitted), now, dueDays)
    .map((x) => ({ fiscalYear: x.fiscalYear, quarter: x.quarter, dueDate: x.dueDate, state: x.state }));
  return {
    project,
    progress: progress.map((p) => toReport(p, photos.get(Number(p.id)) ?? [], dueDays)),
    support: (await repo.supportOf(db, id)).map(toSupport),
    expectedReports: expected,
  };
}

/* ------------------------------------------------------------------ writes through the API */

/** The viewer may change this project: their agency's (or any, for administrators and analysts), every area in their scope. */
function assertCanEdit(viewer: Viewer, row: repo.ProjectRow, areaCodes: readonly string[]): void {
  const why = agencyRefusal(viewer, row.agency_id);
  if (why) throw forbidden(`project ${row.id} belongs to ${row.agency_name_th} (agency ${row.agency_id}): ${why}`);
  const outside = areaCodes.find((c) => !inScope(viewer, c));
  if (outside) throw new AppError(403, 'forbidden', `project ${row.id} has area ${outside}, which is outside your area scope`, [{ field: 'areaCodes', message: `area ${outside} is outside your area scope` }]);
}

async function areaCodesOf(db: Queryable, id: number): Promise<string[]> {
  return (await repo.areasOf(db, [id])).map((a) => a.code);
}

/** Maps a refusal the database can still raise after the service's checks (a race on a reference) to 409. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '23505') throw conflict('another change used the same reference (externalId) at the same time: reload and try again');
    if (code === '23503') throw conflict(`the change refers to something that no longer exists: ${(e as Error).message}`);
    throw e;
  }
}

/** Creates a project (POST /api/projects). */
export async function createProject(db: Database, viewer: Viewer, input: ProjectInput): Promise<Project> {
  return guarded(() => db.transaction(async (tx) => {
    const ext = typeof input.externalId === 'string' ? input.externalId.trim() : '';
    if (ext) {
      const [other] = await repo.existingProjects(tx, [], [ext]);
      if (other) throw new AppError(409, 'conflict', `the reference (externalId) "${ext}" is already used by project ${other.id}: change that project instead (PUT /api/projects/${other.id})`, [{ field: 'externalId', message: `already used by project ${other.id}` }]);
    }
    await assertValid(tx, viewer, [input]);
    const { ids } = await saveProjects(tx, viewer, [input]);
    return viewProject(tx, ids[0]);
  }));
}

/** Replaces a project (PUT /api/projects/:id): every field from the input, the rules as for a new one. */
export async function updateProject(db: Database, viewer: Viewer, id: number, input: ProjectInput): Promise<Project> {
  return guarded(() => db.transaction(async (tx) => {
    const row = await loadProject(tx, viewer, id, true);
    assertCanEdit(viewer, row, await areaCodesOf(tx, id));
    await assertValid(tx, viewer, [input], [id]);
    await saveProjects(tx, viewer, [input], { targetIds: [id] });
    return viewProject(tx, id);
  }));
}

/** Deletes a project with its areas, progress, photos and support history (audited with what it was). */
export async function deleteProject(db: Database, viewer: Viewer, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadProject(tx, viewer, id, true);
    assertCanEdit(viewer, row, await areaCodesOf(tx, id));
    const before = (await repo.snapshots(tx, [id])).get(id);
    const reports = (await repo.progressOf(tx, id)).length;
    await repo.deleteProject(tx, id);
    await insertAudit(tx, { ...audited(viewer), action: 'delete', entity: 'project', entityId: id, before, details: { progressReports: reports } });
  });
}

/** Refuses a report for a quarter outside the project's fiscal year or not started yet. */
function checkQuarter(row: repo.ProjectRow, fiscalYear: number, quarter: number, now: Date): void {
  if (fiscalYear !== row.fiscal_year) {
    throw badRequest(`fiscal year ${fiscalYear} is not the fiscal year of project ${row.id} (${row.fiscal_year}): report its quarters of ${row.fiscal_year}`, [{ field: 'fiscalYear', message: `the project's fiscal year is ${row.fiscal_year}` }]);
  }
  const start = fiscalQuarterPeriod(fiscalYear, quarter).start;
  if (start > now) {
    const t = thaiDateParts(start);
    const from = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    throw badRequest(`quarter ${quarter} of fiscal year ${fiscalYear} has not started yet: it can be reported from ${from}`, [{ field: 'quarter', message: 'the quarter has not started' }]);
  }
}

function assertNotCancelled(row: repo.ProjectRow): void {
  if (row.status === 'cancelled') throw conflict(`project ${row.id} is cancelled; progress cannot be reported`);
}

/**
 * Creates or replaces the progress report of one quarter (cumulative percent done, money spent and
 * outputs). Money spent above the budget is stored and flagged as overBudget. Audited.
 */
export async function saveProgress(
  db: Database, viewer: Viewer, id: number, fiscalYear: number, quarter: number, body: unknown, now = new Date(),
): Promise<ProgressReportSaved> {
  return db.transaction(async (tx) => {
    const row = await loadProject(tx, viewer, id, true);
    assertCanEdit(viewer, row, await areaCodesOf(tx, id));
    assertNotCancelled(row);
    checkQuarter(row, fiscalYear, quarter, now);
    const { errors, value } = checkProgressInput(body, row.planned_outputs);
    if (errors.length) throw badRequest(summary(errors), errors);
    const before = await repo.getProgress(tx, id, fiscalYear, quarter);
    await repo.upsertProgress(tx, id, fiscalYear, quarter, value, viewer.userId);
    const after = (await repo.getProgress(tx, id, fiscalYear, quarter))!;
    const dueDays = await repo.progressDueDays(tx);
    const photos = await repo.photosOf(tx, [Number(after.id)]);
    const report = toReport(after, photos, dueDays);
    const overBudget = report.spentBaht > Number(row.budget_baht);
    await insertAudit(tx, {
      ...audited(viewer), action: before ? 'update' : 'create', entity: 'project_progress', entityId: after.id,
      before: before ? progressAudit(before) : null, after: progressAudit(after), details: { projectId: id, overBudget },
    });
    return { ...report, overBudget };
  });
}

const progressAudit = (p: repo.ProgressRow) => ({
  projectId: Number(p.project_id), fiscalYear: p.fiscal_year, quarter: Number(p.quarter), percentDone: Number(p.percent_done),
  spentBaht: Number(p.spent_baht), outputs: p.outputs, narrative: p.narrative,
});

/** The content type of an image from its first bytes, or null when it is not JPEG, PNG or WebP. */
export function sniffImageType(b: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const at = (offset: number, sig: number[]) => sig.every((x, i) => b[offset + i] === x);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}

export interface PhotoUpload {
  filename: string;
  content: Buffer;
  size: number;
  caption: string;
}

/** Adds a photo to the progress report of a quarter (the report must exist). */
export async function addPhoto(db: Database, viewer: Viewer, id: number, fiscalYear: number, quarter: number, photo: PhotoUpload | null): Promise<ProjectPhoto> {
  return db.transaction(async (tx) => {
    const row = await loadProject(tx, viewer, id, true);
    assertCanEdit(viewer, row, await areaCodesOf(tx, id));
    assertNotCancelled(row);
    const report = await repo.getProgress(tx, id, fiscalYear, quarter);
    if (!report) throw notFound(`progress report of quarter ${quarter}, fiscal year ${fiscalYear} of project ${id} (report the progress before adding photos)`);
    if (!photo) throw badRequest('send one image file (JPEG, PNG or WebP) in the form field "file"', [{ field: 'file', message: 'missing' }]);
    if (photo.size > PHOTO_MAX_BYTES) throw tooLarge(`photo: "${photo.filename}" is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB`);
    if (photo.size === 0) throw badRequest(`photo: "${photo.filename}" is empty`, [{ field: 'file', message: 'empty file' }]);
    const contentType = sniffImageType(photo.content);
    if (!contentType) throw new AppError(415, 'unsupported_file', `photo: "${photo.filename}" is not a JPEG, PNG or WebP image`, [{ field: 'file', message: 'not JPEG, PNG or WebP' }]);
    const caption = photo.caption.trim();
    if (caption.length > 1000) throw badRequest('the caption is longer than 1000 characters', [{ field: 'caption', message: 'too long' }]);
    if ((await repo.countPhotos(tx, Number(report.id))) >= PHOTOS_PER_REPORT) throw conflict(`the report of quarter ${quarter}, fiscal year ${fiscalYear} already has ${PHOTOS_PER_REPORT} photos: remove one first`);
    const filename = photo.filename.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'photo';
    const sha256 = createHash('sha256').update(photo.content).digest('hex');
    const photoId = await repo.insertPhoto(tx, { progressId: Number(report.id), filename, contentType, sha256, content: photo.content, caption, userId: viewer.userId });
    const view: ProjectPhoto = { id: photoId, filename, contentType, size: photo.content.length, caption, url: `/api/project-photos/${photoId}` };
    await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'project_photo', entityId: photoId, after: { ...view, sha256, projectId: id, fiscalYear, quarter } });
    return view;
  });
}

/** A photo's bytes, for a viewer who may see its project. */
export async function photoFile(db: Queryable, viewer: Viewer, photoId: number): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const p = await repo.getPhotoOwner(db, photoId);
  if (!p || !(await repo.getProject(db, Number(p.project_id), projectScope(viewer)))) throw notFound(`photo ${photoId}`);
  const content = await repo.photoContent(db, photoId);
  return { filename: p.filename, contentType: p.content_type, content: Buffer.from(content!) };
}

/** Removes a photo (audited with its description and checksum). */
export async function deletePhoto(db: Database, viewer: Viewer, photoId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const p = await repo.getPhotoOwner(tx, photoId);
    const row = p ? await repo.getProject(tx, Number(p.project_id), projectScope(viewer), true) : null;
    if (!p || !row) throw notFound(`photo ${photoId}`);
    assertCanEdit(viewer, row, await areaCodesOf(tx, row.id));
    await repo.deletePhoto(tx, photoId);
    await insertAudit(tx, {
      ...audited(viewer), action: 'delete', entity: 'project_photo', entityId: photoId,
      before: { ...toPhoto(p), sha256: p.sha256, projectId: Number(p.project_id), fiscalYear: p.fiscal_year, quarter: Number(p.quarter) },
    });
  });
}

/** The quarterly reports due and missing as of `now`, of the projects the viewer sees, oldest due first. */
export async function listLateReports(
  db: Queryable, viewer: Viewer, f: { province?: string; fiscalYear?: number; quarter?: number }, now = new Date(),
): Promise<{ items: LateReport[] }> {
  const schedules = await repo.listSchedules(db, { province: f.province, fiscalYear: f.fiscalYear, notStatus: 'cancelled' }, projectScope(viewer));
  const dueDays = await repo.progressDueDays(db);
  const reports = group(await repo.reportSummaries(db, schedules.map((s) => Number(s.id))), (r) => Number(r.project_id));
  const late: Array<{ id: number; fiscalYear: number; quarter: number; dueDate: string; deadline: Date }> = [];
  for (const s of schedules) {
    for (const x of expectedReports(scheduled(s), (reports.get(Number(s.id)) ?? []).map(submitted), now, dueDays)) {
      if (x.state === 'late' && (f.quarter == null || x.quarter === f.quarter)) late.push({ id: Number(s.id), ...x });
    }
  }
  const rows = new Map((await repo.projectsByIds(db, [...new Set(late.map((l) => l.id))])).map((r) => [Number(r.id), r]));
  const items = late.map((l): LateReport => {
    const r = rows.get(l.id)!;
    return {
      project: {
        id: l.id, externalId: r.external_id, title: r.title, fiscalYear: r.fiscal_year, provinceCode: r.province_code, status: r.status,
        agency: { id: r.agency_id, code: r.agency_code, nameTh: r.agency_name_th, nameEn: r.agency_name_en },
        responsibleName: r.responsible_name, responsiblePhone: r.responsible_phone,
      },
      fiscalYear: l.fiscalYear, quarter: l.quarter, dueDate: l.dueDate, daysLate: daysLate(l.deadline, now),
    };
  });
  items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.project.title.localeCompare(b.project.title, 'th') || a.project.id - b.project.id);
  return { items };
}

/**
 * Records a support event of a project: a request ('requested': the project seeks support and says
 * what it needs), an adoption by an agency or a private sponsor, a withdrawal, or the close of the
 * request. An agency officer adopts only for their own agency; a sponsor is recorded by the
 * project's own writers or by administrators and analysts. Audited (entity 'project_support').
 */
export async function addSupportEvent(db: Database, viewer: Viewer, id: number, body: unknown): Promise<SupportEvent> {
  const { errors, value } = checkSupportInput(body);
  if (errors.length) throw badRequest(summary(errors), errors);
  return db.transaction(async (tx) => {
    const row = await loadProject(tx, viewer, id, true);
    if (!PROJECT_WRITERS.includes(viewer.role)) throw forbidden(`recording support needs one of the roles: ${PROJECT_WRITERS.join(', ')}`);
    const areaCodes = await areaCodesOf(tx, id);
    const history = await repo.supportOf(tx, id);
    if (value.agencyId != null) {
      // Acting for an agency: the viewer's own (or any, for administrators and analysts), and it must exist.
      const a = (await repo.agenciesByIds(tx, [value.agencyId])).get(value.agencyId);
      if (!a) throw badRequest(`agency ${value.agencyId} does not exist in the agency registry`, [{ field: 'agencyId', message: 'unknown agency' }]);
      if (value.kind === 'adopted' && !a.active) throw badRequest(`agency ${a.code} (${a.name_th}) is inactive`, [{ field: 'agencyId', message: 'inactive agency' }]);
      const why = agencyRefusal(viewer, value.agencyId);
      if (why) throw new AppError(403, 'forbidden', `${value.kind === 'adopted' ? 'adopting' : 'withdrawing'} for ${a.name_th}: ${why}`, [{ field: 'agencyId', message: why }]);
    } else {
      assertCanEdit(viewer, row, areaCodes);
    }
    const active = activeAdopters(history);
    switch (value.kind) {
      case 'requested':
        if (row.status === 'cancelled' || row.status === 'done') throw conflict(`project ${id} is ${row.status === 'done' ? 'done' : 'cancelled'}: it cannot seek support`);
        break;
      case 'adopted':
        if (!row.seeking_support) throw conflict(`project ${id} is not seeking support: it can be adopted only after a request`);
        if (active.has(adopterKey(value))) throw conflict(`${value.agencyId != null ? `agency ${value.agencyId}` : `"${value.sponsorName}"`} has already adopted project ${id}`);
        break;
      case 'withdrawn':
        if (!active.has(adopterKey(value))) throw conflict(`${value.agencyId != null ? `agency ${value.agencyId}` : `"${value.sponsorName}"`} has not adopted project ${id}: nothing to withdraw`);
        break;
      case 'closed':
        if (!row.seeking_support) throw conflict(`project ${id} is not seeking support: there is no request to close`);
        break;
    }
    const eventId = await repo.insertSupportEvent(tx, id, value, viewer.userId);
    if (value.kind === 'requested') await repo.setSeeking(tx, id, true, value.contribution, viewer.userId);
    if (value.kind === 'closed') await repo.setSeeking(tx, id, false, null, viewer.userId);
    await insertAudit(tx, {
      ...audited(viewer), action: 'create', entity: 'project_support', entityId: eventId, after: { projectId: id, ...value },
      details: value.kind === 'requested' || value.kind === 'closed'
        ? { seekingSupport: { before: row.seeking_support, after: value.kind === 'requested' } }
        : null,
    });
    return toSupport((await repo.getSupportEvent(tx, eventId))!);
  });
}

const adopterKey = (e: { agencyId?: number | null; agency_id?: number | null; sponsorName?: string | null; sponsor_name?: string | null }) => {
  const agency = e.agencyId ?? e.agency_id;
  return agency != null ? `agency:${agency}` : `sponsor:${(e.sponsorName ?? e.sponsor_name ?? '').trim().toLowerCase()}`;
};

/** Adopters whose adoption has not been withdrawn. */
function activeAdopters(history: readonly repo.SupportRow[]): Set<string> {
  const s = new Set<string>();
  for (const e of history) {
    if (e.kind === 'adopted') s.add(adopterKey(e));
    if (e.kind === 'withdrawn') s.delete(adopterKey(e));
  }
  return s;
}
