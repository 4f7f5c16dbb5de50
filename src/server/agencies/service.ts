/**
 * The registry of agencies (หน่วยงาน) and the coordination working groups (คณะทำงาน) down to a
 * sub-district's peace council (สภาสันติสุขตำบล). Administrators keep the registry; administrators
 * and analysts keep the groups of the areas in their scope; every signed-in user reads both,
 * except that an area officer sees only the groups of their areas and a viewer sees no member's
 * telephone number. Every change is audited with its before and after.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Role, Viewer } from '../auth/viewer.ts';
import { inScope } from '../auth/viewer.ts';
import { insertAudit } from '../audit/repository.ts';
import { badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../errors.ts';
import {
  AGENCY_CODE_PATTERN,
  AGENCY_TYPES,
  KIND_AREA_LEVEL,
  MEMBER_ROLES,
  WORKING_GROUP_KINDS,
  isPlausibleEmail,
  isPlausiblePhone,
  memberName,
  type Agency,
  type AgencyInput,
  type AgencyType,
  type MemberRole,
  type WorkingGroup,
  type WorkingGroupInput,
  type WorkingGroupKind,
  type WorkingGroupMember,
  type WorkingGroupMemberInput,
  type WorkingGroupWithMembers,
} from '../../shared/agency-types.ts';
import * as repo from './repository.ts';

/** Roles that keep the registry of agencies. */
export const AGENCY_WRITERS: readonly Role[] = ['admin'];
/** Roles that keep the working groups (of the areas in their scope). */
export const GROUP_WRITERS: readonly Role[] = ['admin', 'analyst'];
/** Roles that do not see members' telephone numbers. */
const NO_PHONES: readonly Role[] = ['viewer'];

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());
const audited = (v: Viewer) => ({ userId: v.userId, username: v.username });

function toAgency(r: repo.AgencyRow): Agency {
  return {
    id: r.id, code: r.code, nameTh: r.name_th, nameEn: r.name_en, type: r.type as AgencyType, parentMinistry: r.parent_ministry,
    provinceCode: r.province_code, provinceTh: r.province_th, contactName: r.contact_name, contactPhone: r.contact_phone,
    contactEmail: r.contact_email, address: r.address, active: r.active, isDemo: r.is_demo,
    userCount: r.user_count, projectCount: r.project_count, groupCount: r.group_count,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

function toGroup(r: repo.GroupRow): WorkingGroup {
  return {
    id: r.id, provinceCode: r.province_code,
    area: { code: r.area_code, level: r.area_level, nameTh: r.area_th, nameEn: r.area_en },
    kind: r.kind as WorkingGroupKind, nameTh: r.name_th, nameEn: r.name_en, description: r.description, active: r.active,
    isDemo: r.is_demo, memberCount: r.member_count, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

function toMember(r: repo.MemberRow, showPhone: boolean): WorkingGroupMember {
  return {
    id: r.id, groupId: r.group_id,
    agency: r.agency_id == null ? null : { id: r.agency_id, code: r.agency_code!, nameTh: r.agency_th!, nameEn: r.agency_en },
    user: r.user_id == null ? null : { id: r.user_id, username: r.username!, displayName: r.user_display_name! },
    personName: r.person_name, positionTitle: r.position_title, role: r.role as MemberRole,
    phone: showPhone ? r.phone : null, since: r.since, createdAt: iso(r.created_at),
  };
}

/** The stored columns of an agency or member, as the audit log keeps them. */
const agencyAudit = (r: repo.AgencyRow) => {
  const { user_count: _u, project_count: _p, group_count: _g, province_th: _t, ...rest } = r;
  return rest;
};
const groupAudit = (r: repo.GroupRow) => {
  const { member_count: _m, area_th: _a, area_en: _e, area_level: _l, ...rest } = r;
  return rest;
};
const memberAudit = (r: repo.MemberRow) => ({
  id: r.id, group_id: r.group_id, agency_id: r.agency_id, agency: r.agency_th, user_id: r.user_id, username: r.username,
  person_name: r.person_name, position_title: r.position_title, role: r.role, phone: r.phone, since: r.since,
});

/** Throws one 400 naming every problem field, or returns. */
function refuse(what: string, details: ErrorDetail[]): void {
  if (!details.length) return;
  const first = `${details[0].field}: ${details[0].message}`;
  throw badRequest(`${what}: ${first}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, details);
}

/** Trimmed text, or null when empty; a problem when longer than `max`. */
function optText(v: string | null | undefined, field: string, max: number, details: ErrorDetail[]): string | null {
  const s = (v ?? '').trim();
  if (s.length > max) details.push({ field, message: `at most ${max} characters (got ${s.length})` });
  return s || null;
}

function checkPhone(v: string | null, field: string, details: ErrorDetail[]): void {
  if (v != null && !isPlausiblePhone(v)) details.push({ field, message: `"${v}" does not look like a telephone number (digits with spaces, dashes or "ต่อ" for an extension)` });
}

/** Maps database refusals that a race can still cause (after the service's own checks) to 409. */
async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '23505') throw conflict(`${what}: another change made the same value at the same time (${(e as Error).message}); reload and try again`);
    if (code === '23503') throw conflict(`${what}: something it refers to was changed or removed at the same time; reload and try again`);
    if (code === '23514') throw badRequest(`${what}: the database refused the value: ${(e as Error).message}`);
    throw e;
  }
}

/* ------------------------------------------------------------------ agencies */

export interface AgencyQuery {
  province?: string;
  type?: string;
  active?: boolean;
  q?: string;
}

/** The registry, filtered; every signed-in user may read it. */
export async function listAgencies(db: Queryable, f: AgencyQuery): Promise<Agency[]> {
  if (f.type && !AGENCY_TYPES.includes(f.type as AgencyType)) {
    throw badRequest(`type must be one of ${AGENCY_TYPES.join(', ')}`, [{ field: 'type', message: `unknown agency type "${f.type}"` }]);
  }
  const q = f.q?.trim();
  return (await repo.listAgencies(db, { ...f, q: q || undefined })).map(toAgency);
}

export async function getAgency(db: Queryable, id: number): Promise<Agency> {
  const r = await repo.getAgency(db, id);
  if (!r) throw notFound(`agency ${id}`);
  return toAgency(r);
}

/** Checks and normalises an agency: code lower-cased, texts trimmed, empty texts null. */
async function checkAgency(db: Queryable, input: AgencyInput, exceptId: number | null): Promise<repo.AgencyWrite> {
  const details: ErrorDetail[] = [];
  const code = (input.code ?? '').trim().toLowerCase();
  if (!code) details.push({ field: 'code', message: 'the agency code is required (a short key such as "police-98")' });
  else if (!AGENCY_CODE_PATTERN.test(code)) details.push({ field: 'code', message: `"${code}" is not a valid code: 1-64 characters a-z, 0-9, dot, dash or underscore, starting with a letter or digit` });
  const nameTh = (input.nameTh ?? '').trim();
  if (!nameTh) details.push({ field: 'nameTh', message: 'the Thai name of the agency is required' });
  else if (nameTh.length > 300) details.push({ field: 'nameTh', message: `at most 300 characters (got ${nameTh.length})` });
  const nameEn = optText(input.nameEn, 'nameEn', 300, details);
  if (!AGENCY_TYPES.includes(input.type)) details.push({ field: 'type', message: `"${input.type}" is not an agency type: use one of ${AGENCY_TYPES.join(', ')}` });
  const parentMinistry = optText(input.parentMinistry, 'parentMinistry', 300, details);
  const provinceCode = optText(input.provinceCode, 'provinceCode', 2, details);
  if (provinceCode && !/^[0-9]{2}$/.test(provinceCode)) details.push({ field: 'provinceCode', message: `"${provinceCode}" is not a province code (2 digits)` });
  else if (provinceCode && !(await repo.provinceExists(db, provinceCode))) details.push({ field: 'provinceCode', message: `no province with code ${provinceCode}` });
  const contactName = optText(input.contactName, 'contactName', 200, details);
  const contactPhone = optText(input.contactPhone, 'contactPhone', 100, details);
  checkPhone(contactPhone, 'contactPhone', details);
  const contactEmail = optText(input.contactEmail, 'contactEmail', 254, details);
  if (contactEmail && !isPlausibleEmail(contactEmail)) details.push({ field: 'contactEmail', message: `"${contactEmail}" is not an e-mail address (name@domain)` });
  const address = optText(input.address, 'address', 1000, details);
  refuse('agency', details);
  const taken = await repo.agencyIdByCode(db, code, exceptId);
  if (taken) throw conflict(`agency code "${code}" is already used by agency ${taken.id} (${taken.name_th}): choose another code`);
  return { code, nameTh, nameEn, type: input.type, parentMinistry, provinceCode, contactName, contactPhone, contactEmail, address, active: input.active ?? true };
}

function assertAgencyWriter(v: Viewer): void {
  if (!AGENCY_WRITERS.includes(v.role)) throw forbidden(`changing the registry of agencies needs one of the roles: ${AGENCY_WRITERS.join(', ')}`);
}

export async function createAgency(db: Database, v: Viewer, input: AgencyInput): Promise<Agency> {
  assertAgencyWriter(v);
  return guarded('agency', () => db.transaction(async (tx) => {
    const w = await checkAgency(tx, input, null);
    const id = await repo.insertAgency(tx, w);
    const after = (await repo.getAgency(tx, id))!;
    await insertAudit(tx, { ...audited(v), action: 'create', entity: 'agency', entityId: id, after: agencyAudit(after) });
    return toAgency(after);
  }));
}

export async function updateAgency(db: Database, v: Viewer, id: number, input: AgencyInput): Promise<Agency> {
  assertAgencyWriter(v);
  return guarded('agency', () => db.transaction(async (tx) => {
    const before = await repo.getAgency(tx, id, true);
    if (!before) throw notFound(`agency ${id}`);
    const w = await checkAgency(tx, input, id);
    await repo.updateAgency(tx, id, w);
    const after = (await repo.getAgency(tx, id))!;
    await insertAudit(tx, { ...audited(v), action: 'update', entity: 'agency', entityId: id, before: agencyAudit(before), after: agencyAudit(after) });
    return toAgency(after);
  }));
}

/**
 * Deletes an agency nobody refers to. Users and projects keep their agency, so an agency that
 * still has either is refused (409), with the counts; deactivating it keeps the history. Its
 * seats in working groups go with it (the audit record counts them).
 */
export async function deleteAgency(db: Database, v: Viewer, id: number): Promise<void> {
  assertAgencyWriter(v);
  await guarded('agency', () => db.transaction(async (tx) => {
    const before = await repo.getAgency(tx, id, true);
    if (!before) throw notFound(`agency ${id}`);
    const refs: string[] = [];
    if (before.project_count) refs.push(`${before.project_count} project${before.project_count === 1 ? '' : 's'}`);
    if (before.user_count) refs.push(`${before.user_count} user${before.user_count === 1 ? '' : 's'}`);
    if (refs.length) {
      throw conflict(`agency "${before.name_th}" cannot be deleted: ${refs.join(' and ')} refer to it. Deactivate it instead (set active to false), or move them to another agency first`);
    }
    await repo.deleteAgency(tx, id);
    await insertAudit(tx, { ...audited(v), action: 'delete', entity: 'agency', entityId: id, before: agencyAudit(before), details: { groupSeatsRemoved: before.group_count } });
  }));
}

/* ------------------------------------------------------------------ working groups */

/** Area officers see only the groups of their areas; everyone else sees every group. */
export function groupScope(v: Viewer): string[] | null {
  return v.role === 'area_officer' ? v.areaCodes : null;
}

function assertGroupWriter(v: Viewer, areaCode: string): void {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  if (!inScope(v, areaCode)) throw forbidden(`area ${areaCode} is outside your area scope (${v.areaCodes.join(', ')})`);
}

export interface GroupQuery {
  province?: string;
  kind?: string;
  area?: string;
  active?: boolean;
}

export async function listGroups(db: Queryable, v: Viewer, f: GroupQuery): Promise<WorkingGroup[]> {
  if (f.kind && !WORKING_GROUP_KINDS.includes(f.kind as WorkingGroupKind)) {
    throw badRequest(`kind must be one of ${WORKING_GROUP_KINDS.join(', ')}`, [{ field: 'kind', message: `unknown kind "${f.kind}"` }]);
  }
  return (await repo.listGroups(db, f, groupScope(v))).map(toGroup);
}

async function loadGroup(db: Queryable, v: Viewer, id: number, lock = false): Promise<repo.GroupRow> {
  // A group outside an area officer's scope is "not found": they learn nothing about it.
  const g = await repo.getGroup(db, id, groupScope(v), lock);
  if (!g) throw notFound(`working group ${id}`);
  return g;
}

async function withMembers(db: Queryable, v: Viewer, g: repo.GroupRow): Promise<WorkingGroupWithMembers> {
  const showPhone = !NO_PHONES.includes(v.role);
  return { group: toGroup(g), members: (await repo.listMembers(db, g.id)).map((m) => toMember(m, showPhone)) };
}

export async function getGroup(db: Queryable, v: Viewer, id: number): Promise<WorkingGroupWithMembers> {
  return withMembers(db, v, await loadGroup(db, v, id));
}

async function checkGroup(db: Queryable, input: WorkingGroupInput): Promise<repo.GroupWrite> {
  const details: ErrorDetail[] = [];
  const provinceCode = (input.provinceCode ?? '').trim();
  const areaCode = (input.areaCode ?? '').trim().replace(/^TH/i, '');
  if (!/^[0-9]{2}$/.test(provinceCode)) details.push({ field: 'provinceCode', message: `"${provinceCode}" is not a province code (2 digits)` });
  if (!WORKING_GROUP_KINDS.includes(input.kind)) details.push({ field: 'kind', message: `"${input.kind}" is not a kind of group: use one of ${WORKING_GROUP_KINDS.join(', ')}` });
  const nameTh = (input.nameTh ?? '').trim();
  if (!nameTh) details.push({ field: 'nameTh', message: 'the Thai name of the group is required' });
  else if (nameTh.length > 300) details.push({ field: 'nameTh', message: `at most 300 characters (got ${nameTh.length})` });
  const nameEn = optText(input.nameEn, 'nameEn', 300, details);
  const description = optText(input.description, 'description', 4000, details) ?? '';
  const area = /^[0-9]{2,8}$/.test(areaCode) ? await repo.areaInfo(db, areaCode) : null;
  if (!areaCode) details.push({ field: 'areaCode', message: 'the area the group covers is required (province, district or sub-district code)' });
  else if (!area) details.push({ field: 'areaCode', message: `no area with code ${areaCode}` });
  else if (/^[0-9]{2}$/.test(provinceCode) && area.province_code !== provinceCode) details.push({ field: 'areaCode', message: `area ${areaCode} is not in province ${provinceCode}` });
  else if (WORKING_GROUP_KINDS.includes(input.kind)) {
    const level = KIND_AREA_LEVEL[input.kind];
    const levelName = { 1: 'the province', 2: 'a district (4 digits)', 3: 'a sub-district (6 digits)' } as const;
    if (level != null && area.level !== level) {
      details.push({ field: 'areaCode', message: `a ${input.kind.replace('_', ' ')} group covers ${levelName[level]}; ${areaCode} is ${area.level === 4 ? 'a village' : levelName[area.level as 1 | 2 | 3]}` });
    }
  }
  refuse('working group', details);
  return { provinceCode, areaCode, kind: input.kind, nameTh, nameEn, description, active: input.active ?? true };
}

export async function createGroup(db: Database, v: Viewer, input: WorkingGroupInput): Promise<WorkingGroupWithMembers> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  return guarded('working group', () => db.transaction(async (tx) => {
    const w = await checkGroup(tx, input);
    assertGroupWriter(v, w.areaCode);
    const id = await repo.insertGroup(tx, w);
    const after = (await repo.getGroup(tx, id, null))!;
    await insertAudit(tx, { ...audited(v), action: 'create', entity: 'working_group', entityId: id, after: groupAudit(after) });
    return withMembers(tx, v, after);
  }));
}

export async function updateGroup(db: Database, v: Viewer, id: number, input: WorkingGroupInput): Promise<WorkingGroupWithMembers> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  return guarded('working group', () => db.transaction(async (tx) => {
    const before = await loadGroup(tx, v, id, true);
    assertGroupWriter(v, before.area_code);
    const w = await checkGroup(tx, input);
    // Moving a group needs both its old and its new area in scope.
    assertGroupWriter(v, w.areaCode);
    await repo.updateGroup(tx, id, w);
    const after = (await repo.getGroup(tx, id, null))!;
    await insertAudit(tx, { ...audited(v), action: 'update', entity: 'working_group', entityId: id, before: groupAudit(before), after: groupAudit(after) });
    return withMembers(tx, v, after);
  }));
}

/** Deletes a group with its members (the audit record keeps the list of members). */
export async function deleteGroup(db: Database, v: Viewer, id: number): Promise<void> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  await db.transaction(async (tx) => {
    const before = await loadGroup(tx, v, id, true);
    assertGroupWriter(v, before.area_code);
    const members = await repo.listMembers(tx, id);
    await repo.deleteGroup(tx, id);
    await insertAudit(tx, {
      ...audited(v), action: 'delete', entity: 'working_group', entityId: id,
      before: { ...groupAudit(before), members: members.map(memberAudit) },
    });
  });
}

/* ------------------------------------------------------------------ members */

async function checkMember(db: Queryable, groupId: number, input: WorkingGroupMemberInput, exceptId: number | null): Promise<repo.MemberWrite> {
  const details: ErrorDetail[] = [];
  const personName = optText(input.personName, 'personName', 200, details);
  const positionTitle = optText(input.positionTitle, 'positionTitle', 200, details);
  const phone = optText(input.phone, 'phone', 100, details);
  checkPhone(phone, 'phone', details);
  if (!MEMBER_ROLES.includes(input.role)) details.push({ field: 'role', message: `"${input.role}" is not a role in a group: use one of ${MEMBER_ROLES.join(', ')}` });
  const agencyId = input.agencyId ?? null;
  const userId = input.userId ?? null;
  if (agencyId == null && userId == null && personName == null) {
    details.push({ field: 'personName', message: 'a member is an agency (agencyId), a COMAP user (userId) or a named person (personName): give at least one' });
  }
  if (agencyId != null && !(await repo.agencyRef(db, agencyId))) details.push({ field: 'agencyId', message: `no agency with id ${agencyId}` });
  if (userId != null && !(await repo.userRef(db, userId))) details.push({ field: 'userId', message: `no user with id ${userId}` });
  const since = optText(input.since, 'since', 10, details);
  if (since && (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`)) || new Date(`${since}T00:00:00Z`).toISOString().slice(0, 10) !== since)) {
    details.push({ field: 'since', message: `"${since}" is not a date YYYY-MM-DD (Common Era)` });
  }
  refuse('member', details);
  if (input.role === 'chair') {
    const chairs = await repo.membersWithRole(db, groupId, 'chair', exceptId);
    if (chairs.length) {
      throw conflict(`the group already has a chair (${memberName(toMember(chairs[0], false))}): a group has one chair; change that member's role first`);
    }
  }
  if (userId != null && (await repo.memberWithUser(db, groupId, userId, exceptId)) != null) {
    throw conflict(`user ${userId} is already a member of this group`);
  }
  return { agencyId, userId, personName, positionTitle, role: input.role, phone, since };
}

/** Adds a member. The group row is locked first, so two chairs added at once cannot both pass the check. */
export async function addMember(db: Database, v: Viewer, groupId: number, input: WorkingGroupMemberInput): Promise<WorkingGroupMember> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  return guarded('member', () => db.transaction(async (tx) => {
    const g = await loadGroup(tx, v, groupId, true);
    assertGroupWriter(v, g.area_code);
    const w = await checkMember(tx, groupId, input, null);
    const id = await repo.insertMember(tx, groupId, w);
    await repo.touchGroup(tx, groupId);
    const after = (await repo.getMember(tx, groupId, id))!;
    await insertAudit(tx, { ...audited(v), action: 'create', entity: 'working_group_member', entityId: id, after: memberAudit(after), details: { groupId } });
    return toMember(after, true);
  }));
}

export async function updateMember(db: Database, v: Viewer, groupId: number, memberId: number, input: WorkingGroupMemberInput): Promise<WorkingGroupMember> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  return guarded('member', () => db.transaction(async (tx) => {
    const g = await loadGroup(tx, v, groupId, true);
    assertGroupWriter(v, g.area_code);
    const before = await repo.getMember(tx, groupId, memberId);
    if (!before) throw notFound(`member ${memberId} of working group ${groupId}`);
    const w = await checkMember(tx, groupId, input, memberId);
    await repo.updateMember(tx, memberId, w);
    await repo.touchGroup(tx, groupId);
    const after = (await repo.getMember(tx, groupId, memberId))!;
    await insertAudit(tx, { ...audited(v), action: 'update', entity: 'working_group_member', entityId: memberId, before: memberAudit(before), after: memberAudit(after), details: { groupId } });
    return toMember(after, true);
  }));
}

export async function removeMember(db: Database, v: Viewer, groupId: number, memberId: number): Promise<void> {
  if (!GROUP_WRITERS.includes(v.role)) throw forbidden(`changing working groups needs one of the roles: ${GROUP_WRITERS.join(', ')}`);
  await db.transaction(async (tx) => {
    const g = await loadGroup(tx, v, groupId, true);
    assertGroupWriter(v, g.area_code);
    const before = await repo.getMember(tx, groupId, memberId);
    if (!before) throw notFound(`member ${memberId} of working group ${groupId}`);
    await repo.deleteMember(tx, memberId);
    await repo.touchGroup(tx, groupId);
    await insertAudit(tx, { ...audited(v), action: 'delete', entity: 'working_group_member', entityId: memberId, before: memberAudit(before), details: { groupId } });
  });
}
