/**
 * The target list (บัญชีเป้าหมาย) workflow: draft -> submitted -> declared, amendments as new
 * versions, and the difference between versions. Declaring is for administrators only: they
 * stand for the director-level role that signs the provincial order.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Viewer, Role } from '../auth/viewer.ts';
import { inScope } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { AppError, badRequest, conflict, forbidden, notFound, tooLarge, type ErrorDetail } from '../errors.ts';
import { diffTargets } from '../../shared/target-diff.ts';
import * as repo from './repository.ts';
import { readSummary } from '../analysis/run-summary.ts';
import type { SourceRule, TargetArea as TargetAreaView, TargetDiffView, TargetList as TargetListView, TargetListWithAreas } from '../../shared/api-types.ts';

/** Roles that draft and edit target lists. */
export const TARGET_WRITERS: readonly Role[] = ['admin', 'analyst'];
/** The role that declares a list (the director-level role of the province). */
export const TARGET_DECLARERS: readonly Role[] = ['admin'];
/** Largest scanned order accepted. */
export const ORDER_MAX_BYTES = 20 * 1024 * 1024;

/** The list and area bodies of the API, declared once for server and web. */
export type { TargetArea as TargetAreaView, TargetList as TargetListView } from '../../shared/api-types.ts';

export interface AreaInput {
  code: string;
  categories: string[];
  reason?: string;
}

export interface FromRunInput {
  runId: number;
  top?: number;
  minScore?: number;
  categories: string[];
  perCategory?: boolean;
}

export interface CreateInput {
  provinceCode: string;
  fiscalYear: number;
  title?: string;
  reason?: string;
  areas?: AreaInput[];
  fromRun?: FromRunInput;
}

const iso = (v: Date | string | null): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());

function toView(r: repo.ListRow): TargetListView {
  return {
    id: r.id, provinceCode: r.province_code, provinceTh: r.province_th, fiscalYear: r.fiscal_year, version: r.version,
    status: r.status, title: r.title, reason: r.reason, previousId: r.previous_id, sourceRunId: r.source_run_id == null ? null : Number(r.source_run_id),
    // Stored by createTargetList as a SourceRule, or null.
    sourceRule: (r.source_rule as SourceRule | null) ?? null, createdBy: r.created_by, createdAt: iso(r.created_at)!, submittedBy: r.submitted_by,
    submittedAt: iso(r.submitted_at), declaredBy: r.declared_by, declaredAt: iso(r.declared_at), declarationDate: r.declaration_date,
    referenceNumber: r.reference_number,
    orderFile: r.order_file_id == null ? null : {
      filename: r.order_filename!, contentType: r.order_content_type!, size: Number(r.order_size), sha256: r.order_sha256!, url: `/api/targets/${r.id}/order`,
    },
    supersededAt: iso(r.superseded_at), areaCount: r.area_count,
  };
}

function toAreaView(a: repo.AreaRow): TargetAreaView {
  return {
    code: a.code, level: Number(a.level), nameTh: a.name_th, nameEn: a.name_en, subdistrictTh: a.subdistrict_th,
    districtTh: a.district_th, districtEn: a.district_en, provinceTh: a.province_th, provinceEn: a.province_en,
    categories: a.categories, reason: a.reason, rank: a.rank, score: a.score == null ? null : Number(a.score),
    addedBy: a.added_by, addedAt: iso(a.added_at)!,
  };
}

/** Area officers see only target areas inside their scope; everyone else sees every area. */
export function areaScope(viewer: Viewer): string[] | null {
  return viewer.role === 'area_officer' ? viewer.areaCodes : null;
}

const audited = (v: Viewer) => ({ userId: v.userId, username: v.username });

/** Maps database refusals that a race can still cause (after the service's own checks) to 409. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '23505') throw conflict('another change to the target lists of this province and fiscal year happened at the same time: reload and try again');
    if (code === '23514') throw conflict(`the change was refused by the database: ${(e as Error).message}`);
    throw e;
  }
}

async function loadList(db: Queryable, viewer: Viewer, id: number, lock = false): Promise<repo.ListRow> {
  const row = await repo.getList(db, id, areaScope(viewer), lock);
  if (!row) throw notFound(`target list ${id}`);
  return row;
}

function assertWriter(viewer: Viewer, list: { province_code: string }): void {
  if (!TARGET_WRITERS.includes(viewer.role)) throw forbidden(`editing target lists needs one of the roles: ${TARGET_WRITERS.join(', ')}`);
  if (!inScope(viewer, list.province_code)) throw forbidden(`province ${list.province_code} is outside your area scope (${viewer.areaCodes.join(', ')})`);
}

function assertDraft(list: repo.ListRow): void {
  if (list.status !== 'draft') {
    throw conflict(`target list ${list.id} (version ${list.version}) is ${list.status}: its areas cannot change${list.status === 'submitted' ? '; return it to draft first' : list.status === 'declared' ? '; create an amendment (a new version) instead' : ''}`);
  }
}

async function knownCategories(db: Queryable): Promise<Set<string>> {
  return new Set((await repo.categoryLabels(db)).map((c) => c.code));
}

function checkCategories(categories: readonly string[], known: Set<string>, field: string, details: ErrorDetail[]): string[] {
  if (!Array.isArray(categories) || categories.length === 0) {
    details.push({ field, message: 'choose at least one problem category the area is targeted for' });
    return [];
  }
  const unique = [...new Set(categories)];
  for (const c of unique) if (!known.has(c)) details.push({ field, message: `unknown category "${c}"` });
  return unique;
}

/**
 * Checks area entries for a list of `province`: each code is an existing sub-district or village of
 * that province, listed once, with at least one known category. Throws one 400 with every problem.
 */
async function checkEntries(db: Queryable, province: string, entries: readonly AreaInput[], prefix: string): Promise<repo.AreaInsert[]> {
  const details: ErrorDetail[] = [];
  const known = await knownCategories(db);
  const levels = await repo.areaLevels(db, entries.map((e) => e.code));
  const seen = new Set<string>();
  const out: repo.AreaInsert[] = [];
  entries.forEach((e, i) => {
    const f = (k: string) => (prefix ? `${prefix}[${i}].${k}` : k);
    const level = levels.get(e.code);
    if (!/^[0-9]{6}([0-9]{2})?$/.test(e.code)) details.push({ field: f('code'), message: `"${e.code}" is not a sub-district (6 digits) or village (8 digits) DOPA code` });
    else if (level === undefined) details.push({ field: f('code'), message: `no area with code ${e.code}` });
    else if (level !== 3 && level !== 4) details.push({ field: f('code'), message: `${e.code} is not a sub-district or village` });
    else if (!e.code.startsWith(province)) details.push({ field: f('code'), message: `${e.code} is not in province ${province}` });
    else if (seen.has(e.code)) details.push({ field: f('code'), message: `${e.code} is listed twice` });
    seen.add(e.code);
    const categories = checkCategories(e.categories, known, f('categories'), details);
    out.push({ code: e.code, categories, reason: (e.reason ?? '').trim(), rank: null, score: null });
  });
  if (details.length) throw badRequest(`target areas: ${details[0].field}: ${details[0].message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, details);
  return out;
}

interface RunArea {
  code: string;
  score: number;
  rank: number;
  byCategory: Record<string, number> | null;
}

/** The areas an analysis run proposes for `province` under the rule (top N and/or a minimum score). */
async function areasFromRun(db: Queryable, province: string, rule: FromRunInput): Promise<repo.AreaInsert[]> {
  const details: ErrorDetail[] = [];
  const categories = checkCategories(rule.categories, await knownCategories(db), 'fromRun.categories', details);
  if (rule.top == null && rule.minScore == null) details.push({ field: 'fromRun', message: 'give top (the N highest-ranked areas) or minScore (a score threshold), or both' });
  if (details.length) throw badRequest(`${details[0].field}: ${details[0].message}`, details);
  const run = await repo.runSummary(db, rule.runId);
  if (!run) throw badRequest(`no analysis run ${rule.runId}`, [{ field: 'fromRun.runId', message: 'not found' }]);
  if (!run.province_codes.includes(province)) {
    throw badRequest(`analysis run ${rule.runId} covers province${run.province_codes.length > 1 ? 's' : ''} ${run.province_codes.join(', ')}, not ${province}`, [{ field: 'fromRun.runId', message: 'other province' }]);
  }
  const summary = readSummary(run.summary);
  const all: RunArea[] = [];
  for (let pos = 0; pos < summary.count; pos++) all.push(summary.area(pos));
  const mine = all.filter((a) => typeof a?.code === 'string' && a.code.startsWith(province) && Number.isFinite(a.score));
  const pick = (ranked: RunArea[], value: (a: RunArea) => number): RunArea[] => {
    let chosen = ranked;
    if (rule.minScore != null) chosen = chosen.filter((a) => value(a) >= rule.minScore!);
    if (rule.top != null) chosen = chosen.slice(0, rule.top);
    return chosen;
  };
  const picked = new Map<string, { area: RunArea; cats: Set<string> }>();
  if (rule.perCategory) {
    if (mine.some((a) => a.byCategory == null)) {
      throw new AppError(422, 'no_category_scores', `analysis run ${rule.runId} has no per-category scores: draft by overall score instead (perCategory false)`, [{ field: 'fromRun.perCategory', message: 'not available in this run' }]);
    }
    for (const c of categories) {
      const v = (a: RunArea) => a.byCategory?.[c] ?? 0;
      const ranked = [...mine].sort((a, b) => v(b) - v(a) || a.rank - b.rank);
      for (const a of pick(ranked, v)) {
        const p = picked.get(a.code) ?? { area: a, cats: new Set<string>() };
        p.cats.add(c);
        picked.set(a.code, p);
      }
    }
  } else {
    const ranked = [...mine].sort((a, b) => a.rank - b.rank);
    for (const a of pick(ranked, (x) => x.score)) picked.set(a.code, { area: a, cats: new Set(categories) });
  }
  if (picked.size === 0) {
    throw new AppError(422, 'no_areas', `no sub-district of province ${province} in analysis run ${rule.runId} meets the rule${rule.minScore != null ? ` (score at least ${rule.minScore})` : ''}`, [{ field: 'fromRun', message: 'no area selected' }]);
  }
  // Codes from a run are re-checked: the area table may have changed since the run.
  const levels = await repo.areaLevels(db, [...picked.keys()]);
  return [...picked.values()]
    .filter((p) => levels.get(p.area.code) === 3)
    .sort((a, b) => a.area.rank - b.area.rank)
    .map((p) => ({
      code: p.area.code,
      categories: categories.filter((c) => p.cats.has(c)),
      reason: `ผลการวิเคราะห์ #${rule.runId}: อันดับ ${p.area.rank}, คะแนน ${p.area.score.toFixed(3)}`,
      rank: p.area.rank,
      score: p.area.score,
    }));
}

/** Every list, newest version first, optionally of one province and fiscal year. */
export async function listTargetLists(db: Database, viewer: Viewer, f: { province?: string; fiscalYear?: number }): Promise<TargetListView[]> {
  return (await repo.listLists(db, f, areaScope(viewer))).map(toView);
}

/** One list with its areas (an area officer sees only the areas in their scope). */
export async function getTargetList(db: Queryable, viewer: Viewer, id: number): Promise<TargetListWithAreas> {
  const row = await loadList(db, viewer, id);
  return { list: toView(row), areas: (await repo.listAreas(db, id, areaScope(viewer))).map(toAreaView) };
}

/** Creates version 1 (or the next version after superseded ones) as a draft. */
export async function createTargetList(db: Database, viewer: Viewer, input: CreateInput): Promise<TargetListWithAreas> {
  const province = input.provinceCode;
  assertWriter(viewer, { province_code: province });
  if (input.areas && input.fromRun) throw badRequest('give either areas or fromRun, not both', [{ field: 'fromRun', message: 'both areas and fromRun given' }]);
  return guarded(() => db.transaction(async (tx) => {
    const exists = await repo.areaLevels(tx, [province]);
    if (exists.get(province) !== 1) throw badRequest(`no province with code ${province}: import the boundaries first`, [{ field: 'provinceCode', message: 'unknown province' }]);
    const entries = input.fromRun ? await areasFromRun(tx, province, input.fromRun) : await checkEntries(tx, province, input.areas ?? [], 'areas');
    const others = await repo.siblings(tx, province, input.fiscalYear);
    const open = others.find((o) => o.status === 'draft' || o.status === 'submitted');
    if (open) throw conflict(`target list ${open.id} (version ${open.version}) of province ${province} for fiscal year ${input.fiscalYear} is still ${open.status}: continue with it`);
    const declared = others.find((o) => o.status === 'declared');
    if (declared) throw conflict(`version ${declared.version} (list ${declared.id}) is declared for province ${province}, fiscal year ${input.fiscalYear}: amend it (POST /api/targets/${declared.id}/amend) instead`);
    const version = others.reduce((m, o) => Math.max(m, o.version), 0) + 1;
    const reason = (input.reason ?? '').trim();
    if (version > 1 && !reason) throw badRequest('a new version needs a reason', [{ field: 'reason', message: 'required for version 2 and later' }]);
    const id = await repo.insertList(tx, {
      province, fiscalYear: input.fiscalYear, version, reason, previousId: null,
      title: (input.title ?? '').trim() || `บัญชีพื้นที่เป้าหมาย ปีงบประมาณ ${input.fiscalYear}`,
      sourceRunId: input.fromRun?.runId ?? null,
      sourceRule: input.fromRun ? { top: input.fromRun.top ?? null, minScore: input.fromRun.minScore ?? null, categories: input.fromRun.categories, perCategory: !!input.fromRun.perCategory } : null,
      userId: viewer.userId,
    });
    await repo.insertAreas(tx, id, entries, viewer.userId);
    const created = await getTargetList(tx, viewer, id);
    await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'target_list', entityId: id, after: { ...created.list, areas: entries } });
    return created;
  }));
}

/** Adds one area to a draft. */
export async function addTargetArea(db: Database, viewer: Viewer, id: number, input: AreaInput): Promise<TargetAreaView> {
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    assertDraft(list);
    if (!(input.reason ?? '').trim()) throw badRequest('say why the area is added', [{ field: 'reason', message: 'required' }]);
    const [entry] = await checkEntries(tx, list.province_code, [input], '');
    if (await repo.getArea(tx, id, entry.code)) throw conflict(`area ${entry.code} is already in target list ${id}: change its categories instead`);
    await repo.insertAreas(tx, id, [entry], viewer.userId);
    await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'target_area', entityId: `${id}:${entry.code}`, after: entry, details: { listId: id, reason: entry.reason } });
    return (await repo.listAreas(tx, id, null)).map(toAreaView).find((a) => a.code === entry.code)!;
  }));
}

/** Changes an area's categories and reason in a draft. */
export async function updateTargetArea(db: Database, viewer: Viewer, id: number, code: string, input: { categories: string[]; reason: string }): Promise<TargetAreaView> {
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    assertDraft(list);
    const before = await repo.getArea(tx, id, code);
    if (!before) throw notFound(`area ${code} in target list ${id}`);
    if (!input.reason.trim()) throw badRequest('say why the area changes', [{ field: 'reason', message: 'required' }]);
    const details: ErrorDetail[] = [];
    const categories = checkCategories(input.categories, await knownCategories(tx), 'categories', details);
    if (details.length) throw badRequest(`categories: ${details[0].message}`, details);
    await repo.updateArea(tx, id, code, categories, input.reason.trim());
    const after = await repo.getArea(tx, id, code);
    await insertAudit(tx, { ...audited(viewer), action: 'update', entity: 'target_area', entityId: `${id}:${code}`, before, after, details: { listId: id, reason: input.reason.trim() } });
    return (await repo.listAreas(tx, id, null)).map(toAreaView).find((a) => a.code === code)!;
  }));
}

/** Removes an area from a draft; the reason goes to the audit log. */
export async function removeTargetArea(db: Database, viewer: Viewer, id: number, code: string, reason: string): Promise<void> {
  await guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    assertDraft(list);
    const before = await repo.getArea(tx, id, code);
    if (!before) throw notFound(`area ${code} in target list ${id}`);
    if (!reason.trim()) throw badRequest('say why the area is removed', [{ field: 'reason', message: 'required' }]);
    await repo.deleteArea(tx, id, code);
    await insertAudit(tx, { ...audited(viewer), action: 'delete', entity: 'target_area', entityId: `${id}:${code}`, before, details: { listId: id, reason: reason.trim() } });
  }));
}

/** draft -> submitted, for analysts and administrators. */
export async function submitTargetList(db: Database, viewer: Viewer, id: number): Promise<TargetListView> {
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    if (list.status !== 'draft') throw conflict(`target list ${id} is ${list.status}: only a draft can be submitted`);
    if ((await repo.listAreas(tx, id, null)).length === 0) throw new AppError(422, 'empty_list', `target list ${id} has no areas: add at least one before submitting`, [{ field: 'areas', message: 'empty' }]);
    await repo.setSubmitted(tx, id, viewer.userId);
    const after = toView((await repo.getList(tx, id, null))!);
    await insertAudit(tx, { ...audited(viewer), action: 'submit', entity: 'target_list', entityId: id, before: toView(list), after });
    return after;
  }));
}

/** submitted -> draft, with a reason (for example the director asked for changes). */
export async function returnTargetList(db: Database, viewer: Viewer, id: number, reason: string): Promise<TargetListView> {
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    if (list.status !== 'submitted') throw conflict(`target list ${id} is ${list.status}: only a submitted list can return to draft`);
    if (!reason.trim()) throw badRequest('say why the list returns to draft', [{ field: 'reason', message: 'required' }]);
    await repo.setDraft(tx, id);
    const after = toView((await repo.getList(tx, id, null))!);
    await insertAudit(tx, { ...audited(viewer), action: 'return', entity: 'target_list', entityId: id, before: toView(list), after, details: { reason: reason.trim() } });
    return after;
  }));
}

/** The content type of a scanned order from its first bytes, or null when not PDF, JPEG or PNG. */
export function sniffOrderType(b: Uint8Array): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  const starts = (sig: number[]) => sig.every((x, i) => b[i] === x);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

export interface DeclareInput {
  declarationDate?: string;
  referenceNumber?: string;
  order?: { filename: string; content: Buffer; size: number };
}

function checkDate(s: string | undefined): string {
  const field = [{ field: 'declarationDate', message: 'required, as YYYY-MM-DD (Common Era)' }];
  if (!s || !s.trim()) throw badRequest('declarationDate is required: the date of the order, as YYYY-MM-DD', field);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw badRequest(`declarationDate "${s}" is not a date as YYYY-MM-DD`, field);
  }
  if (+m[1] > 2400) throw badRequest(`declarationDate "${s}" looks like a Buddhist Era year: give the Common Era date (${+m[1] - 543}-${m[2]}-${m[3]})`, field);
  return s.trim();
}

/**
 * submitted -> declared, by an administrator; the declared version of the same province and fiscal
 * year before it becomes superseded. The scanned order is optional.
 */
export async function declareTargetList(db: Database, viewer: Viewer, id: number, input: DeclareInput): Promise<TargetListView> {
  if (!TARGET_DECLARERS.includes(viewer.role)) throw forbidden('declaring a target list needs the administrator (director-level) role');
  const date = checkDate(input.declarationDate);
  const reference = (input.referenceNumber ?? '').trim();
  if (!reference) throw badRequest('referenceNumber is required: the number of the order (เลขที่คำสั่ง)', [{ field: 'referenceNumber', message: 'required' }]);
  if (reference.length > 200) throw badRequest('referenceNumber is longer than 200 characters', [{ field: 'referenceNumber', message: 'too long' }]);
  let order: { filename: string; contentType: string; sha256: string; content: Buffer } | null = null;
  if (input.order) {
    if (input.order.size > ORDER_MAX_BYTES) throw tooLarge(`order: the scanned order is larger than ${ORDER_MAX_BYTES / 1024 / 1024} MB`);
    if (input.order.size === 0) throw badRequest('order: the file is empty', [{ field: 'order', message: 'empty file' }]);
    const contentType = sniffOrderType(input.order.content);
    if (!contentType) throw new AppError(415, 'unsupported_file', `order: "${input.order.filename}" is not a PDF, JPEG or PNG file`, [{ field: 'order', message: 'not PDF, JPEG or PNG' }]);
    const filename = input.order.filename.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'order';
    order = { filename, contentType, sha256: createHash('sha256').update(input.order.content).digest('hex'), content: input.order.content };
  }
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    if (list.status !== 'submitted') throw conflict(`target list ${id} is ${list.status}: only a submitted list can be declared`);
    const others = await repo.siblings(tx, list.province_code, list.fiscal_year);
    for (const o of others.filter((x) => x.status === 'declared' && x.id !== id)) {
      const before = toView((await repo.getList(tx, o.id, null))!);
      await repo.setSuperseded(tx, o.id);
      await insertAudit(tx, { ...audited(viewer), action: 'supersede', entity: 'target_list', entityId: o.id, before, after: toView((await repo.getList(tx, o.id, null))!), details: { by: id } });
    }
    const fileId = order ? await repo.insertOrderFile(tx, { ...order, userId: viewer.userId }) : null;
    await repo.setDeclared(tx, id, { userId: viewer.userId, date, reference, fileId });
    const after = toView((await repo.getList(tx, id, null))!);
    await insertAudit(tx, { ...audited(viewer), action: 'declare', entity: 'target_list', entityId: id, before: toView(list), after });
    return after;
  }));
}

/** An amendment: a new draft version copied from the declared one, with its own reason. */
export async function amendTargetList(db: Database, viewer: Viewer, id: number, input: { reason: string; title?: string }): Promise<TargetListWithAreas> {
  return guarded(() => db.transaction(async (tx) => {
    const list = await loadList(tx, viewer, id, true);
    assertWriter(viewer, list);
    if (list.status !== 'declared') throw conflict(`target list ${id} is ${list.status}: only the declared version can be amended`);
    if (!input.reason.trim()) throw badRequest('an amendment needs a reason', [{ field: 'reason', message: 'required' }]);
    const others = await repo.siblings(tx, list.province_code, list.fiscal_year);
    const open = others.find((o) => o.status === 'draft' || o.status === 'submitted');
    if (open) throw conflict(`version ${open.version} (list ${open.id}) is already ${open.status}: continue with it`);
    const version = others.reduce((m, o) => Math.max(m, o.version), 0) + 1;
    const newId = await repo.insertList(tx, {
      province: list.province_code, fiscalYear: list.fiscal_year, version, title: (input.title ?? '').trim() || list.title,
      reason: input.reason.trim(), previousId: id, sourceRunId: list.source_run_id, sourceRule: list.source_rule, userId: viewer.userId,
    });
    const areas = await repo.listAreas(tx, id, null);
    await repo.insertAreas(tx, newId, areas.map((a) => ({ code: a.code, categories: a.categories, reason: a.reason, rank: a.rank, score: a.score })), viewer.userId);
    const created = await getTargetList(tx, viewer, newId);
    await insertAudit(tx, { ...audited(viewer), action: 'amend', entity: 'target_list', entityId: newId, after: created.list, details: { from: id, reason: input.reason.trim() } });
    return created;
  }));
}

/** What changed from list `against` to list `id` (both limited to the viewer's area scope). */
export async function diffTargetLists(db: Database, viewer: Viewer, id: number, against: number): Promise<TargetDiffView> {
  const to = await getTargetList(db, viewer, id);
  const from = await getTargetList(db, viewer, against);
  return { from: from.list, to: to.list, diff: diffTargets(from.areas, to.areas) };
}

/** The scanned order of a list. */
export async function orderFile(db: Database, viewer: Viewer, id: number): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const list = await loadList(db, viewer, id);
  if (list.order_file_id == null) throw notFound(`scanned order of target list ${id}`);
  const f = (await repo.getOrderFile(db, list.order_file_id))!;
  return { filename: f.filename, contentType: f.content_type, content: Buffer.from(f.content) };
}

export interface ExportData {
  list: TargetListView;
  areas: TargetAreaView[];
  labels: Map<string, repo.CategoryLabel>;
}

/** A list, its areas (in the viewer's scope) and the category labels, for the exports. */
export async function exportData(db: Database, viewer: Viewer, id: number): Promise<ExportData> {
  const { list, areas } = await getTargetList(db, viewer, id);
  return { list, areas, labels: new Map((await repo.categoryLabels(db)).map((c) => [c.code, c])) };
}

/** The areas' geometries as GeoJSON text by code (viewer's scope). */
export async function exportGeometries(db: Database, viewer: Viewer, id: number): Promise<Map<string, string>> {
  return repo.areaGeometries(db, id, areaScope(viewer));
}
