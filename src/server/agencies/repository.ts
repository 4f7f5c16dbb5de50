/** SQL for the registry of agencies, the coordination working groups and their members. */
import type { Queryable } from '../db/database.ts';

/* ------------------------------------------------------------------ agencies */

export interface AgencyRow {
  id: number;
  code: string;
  name_th: string;
  name_en: string | null;
  type: string;
  parent_ministry: string | null;
  province_code: string | null;
  province_th: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  address: string | null;
  active: boolean;
  is_demo: boolean;
  user_count: number;
  project_count: number;
  group_count: number;
  created_at: Date;
  updated_at: Date;
}

/** One agency's columns as written by the service (already checked and trimmed). */
export interface AgencyWrite {
  code: string;
  nameTh: string;
  nameEn: string | null;
  type: string;
  parentMinistry: string | null;
  provinceCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  address: string | null;
  active: boolean;
}

// The counts are correlated subqueries on indexed foreign keys (app_user_agency_idx,
// project_agency_idx): cheap for a registry of a few hundred agencies.
const AGENCY_COLUMNS = `g.id, g.code, g.name_th, g.name_en, g.type, g.parent_ministry, g.province_code, p.name_th AS province_th,
  g.contact_name, g.contact_phone, g.contact_email, g.address, g.active, g.is_demo,
  (SELECT count(*)::int FROM app_user u WHERE u.agency_id = g.id) AS user_count,
  (SELECT count(*)::int FROM project j WHERE j.agency_id = g.id) AS project_count,
  (SELECT count(DISTINCT m.group_id)::int FROM working_group_member m WHERE m.agency_id = g.id) AS group_count,
  g.created_at, g.updated_at`;

const AGENCY_FROM = `agency g LEFT JOIN area p ON p.code = g.province_code`;

/** A LIKE pattern that matches `text` anywhere, with LIKE's own wildcards taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface AgencyFilter {
  province?: string;
  type?: string;
  active?: boolean;
  q?: string;
}

export async function listAgencies(db: Queryable, f: AgencyFilter): Promise<AgencyRow[]> {
  const r = await db.query<AgencyRow>(
    `SELECT ${AGENCY_COLUMNS} FROM ${AGENCY_FROM}
     WHERE ($1::text IS NULL OR g.province_code = $1)
       AND ($2::text IS NULL OR g.type = $2)
       AND ($3::boolean IS NULL OR g.active = $3)
       AND ($4::text IS NULL OR g.name_th ILIKE $4 OR g.name_en ILIKE $4 OR g.code ILIKE $4 OR g.parent_ministry ILIKE $4 OR g.contact_name ILIKE $4)
     ORDER BY g.province_code NULLS FIRST, g.name_th, g.id`,
    [f.province ?? null, f.type ?? null, f.active ?? null, f.q ? containsPattern(f.q) : null],
  );
  return r.rows;
}

export async function getAgency(db: Queryable, id: number, lock = false): Promise<AgencyRow | null> {
  const r = await db.query<AgencyRow>(`SELECT ${AGENCY_COLUMNS} FROM ${AGENCY_FROM} WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`, [id]);
  return r.rows[0] ?? null;
}

/** The agency holding `code`, other than `exceptId`. */
export async function agencyIdByCode(db: Queryable, code: string, exceptId: number | null): Promise<{ id: number; name_th: string } | null> {
  const r = await db.query<{ id: number; name_th: string }>('SELECT id, name_th FROM agency WHERE code = $1 AND ($2::int IS NULL OR id <> $2)', [code, exceptId]);
  return r.rows[0] ?? null;
}

export async function insertAgency(db: Queryable, w: AgencyWrite, isDemo = false): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO agency (code, name_th, name_en, type, parent_ministry, province_code, contact_name, contact_phone, contact_email, address, active, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [w.code, w.nameTh, w.nameEn, w.type, w.parentMinistry, w.provinceCode, w.contactName, w.contactPhone, w.contactEmail, w.address, w.active, isDemo],
  );
  return r.rows[0].id;
}

export async function updateAgency(db: Queryable, id: number, w: AgencyWrite): Promise<void> {
  await db.query(
    `UPDATE agency SET code = $2, name_th = $3, name_en = $4, type = $5, parent_ministry = $6, province_code = $7,
       contact_name = $8, contact_phone = $9, contact_email = $10, address = $11, active = $12, updated_at = now()
     WHERE id = $1`,
    [id, w.code, w.nameTh, w.nameEn, w.type, w.parentMinistry, w.provinceCode, w.contactName, w.contactPhone, w.contactEmail, w.address, w.active],
  );
}

export async function deleteAgency(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM agency WHERE id = $1', [id]);
}

/** Whether `code` is a province (level 1) in the area table. */
export async function provinceExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM area WHERE code = $1 AND level = 1', [code])).rows.length > 0;
}

export async function agencyRef(db: Queryable, id: number): Promise<{ id: number; active: boolean } | null> {
  return (await db.query<{ id: number; active: boolean }>('SELECT id, active FROM agency WHERE id = $1', [id])).rows[0] ?? null;
}

export async function userRef(db: Queryable, id: number): Promise<{ id: number; active: boolean } | null> {
  return (await db.query<{ id: number; active: boolean }>('SELECT id, active FROM app_user WHERE id = $1', [id])).rows[0] ?? null;
}

/* ------------------------------------------------------------------ working groups */

export interface GroupRow {
  id: number;
  province_code: string;
  area_code: string;
  area_level: number;
  area_th: string;
  area_en: string | null;
  kind: string;
  name_th: string;
  name_en: string | null;
  description: string;
  active: boolean;
  is_demo: boolean;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface GroupWrite {
  provinceCode: string;
  areaCode: string;
  kind: string;
  nameTh: string;
  nameEn: string | null;
  description: string;
  active: boolean;
}

const GROUP_COLUMNS = `w.id, w.province_code, w.area_code, a.level::int AS area_level, a.name_th AS area_th, a.name_en AS area_en,
  w.kind, w.name_th, w.name_en, w.description, w.active, w.is_demo,
  (SELECT count(*)::int FROM working_group_member m WHERE m.group_id = w.id) AS member_count,
  w.created_at, w.updated_at`;

const GROUP_FROM = `working_group w JOIN area a ON a.code = w.area_code`;

/**
 * The need-to-know predicate on groups: `scope` null = every group; otherwise only groups whose
 * area lies under one of the given codes (an empty array = none).
 */
function scopeSql(column: string, param: number): string {
  return `($${param}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${param}::text[]) s(c) WHERE ${column} LIKE s.c || '%'))`;
}

export interface GroupFilter {
  province?: string;
  kind?: string;
  area?: string;
  active?: boolean;
}

export async function listGroups(db: Queryable, f: GroupFilter, scope: string[] | null): Promise<GroupRow[]> {
  const r = await db.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM}
     WHERE ($1::text IS NULL OR w.province_code = $1) AND ($2::text IS NULL OR w.kind = $2)
       AND ($3::text IS NULL OR w.area_code LIKE $3 || '%') AND ($4::boolean IS NULL OR w.active = $4)
       AND ${scopeSql('w.area_code', 5)}
     ORDER BY w.province_code, length(w.area_code), w.area_code, w.name_th, w.id`,
    [f.province ?? null, f.kind ?? null, f.area ?? null, f.active ?? null, scope],
  );
  return r.rows;
}

export async function getGroup(db: Queryable, id: number, scope: string[] | null, lock = false): Promise<GroupRow | null> {
  const r = await db.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE w.id = $1 AND ${scopeSql('w.area_code', 2)}${lock ? ' FOR UPDATE OF w' : ''}`,
    [id, scope],
  );
  return r.rows[0] ?? null;
}

export async function areaInfo(db: Queryable, code: string): Promise<{ code: string; level: number; province_code: string } | null> {
  const r = await db.query<{ code: string; level: number; province_code: string }>('SELECT code, level::int AS level, province_code FROM area WHERE code = $1', [code]);
  return r.rows[0] ?? null;
}

export async function insertGroup(db: Queryable, w: GroupWrite, isDemo = false): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO working_group (province_code, area_code, kind, name_th, name_en, description, active, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [w.provinceCode, w.areaCode, w.kind, w.nameTh, w.nameEn, w.description, w.active, isDemo],
  );
  return r.rows[0].id;
}

export async function updateGroup(db: Queryable, id: number, w: GroupWrite): Promise<void> {
  await db.query(
    `UPDATE working_group SET province_code = $2, area_code = $3, kind = $4, name_th = $5, name_en = $6, description = $7, active = $8, updated_at = now()
     WHERE id = $1`,
    [id, w.provinceCode, w.areaCode, w.kind, w.nameTh, w.nameEn, w.description, w.active],
  );
}

export async function deleteGroup(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM working_group WHERE id = $1', [id]);
}

/** Marks a group changed (a member came, went or changed role). */
export async function touchGroup(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE working_group SET updated_at = now() WHERE id = $1', [id]);
}

/* ------------------------------------------------------------------ members */

export interface MemberRow {
  id: number;
  group_id: number;
  agency_id: number | null;
  agency_code: string | null;
  agency_th: string | null;
  agency_en: string | null;
  user_id: number | null;
  username: string | null;
  user_display_name: string | null;
  person_name: string | null;
  position_title: string | null;
  role: string;
  phone: string | null;
  since: string | null;
  created_at: Date;
}

export interface MemberWrite {
  agencyId: number | null;
  userId: number | null;
  personName: string | null;
  positionTitle: string | null;
  role: string;
  phone: string | null;
  since: string | null;
}

const ROLE_ORDER = `CASE m.role WHEN 'chair' THEN 1 WHEN 'vice_chair' THEN 2 WHEN 'secretary' THEN 4 WHEN 'member' THEN 3 ELSE 5 END`;

const MEMBER_SELECT = `SELECT m.id, m.group_id, m.agency_id, g.code AS agency_code, g.name_th AS agency_th, g.name_en AS agency_en,
    m.user_id, u.username, u.display_name AS user_display_name, m.person_name, m.position_title, m.role, m.phone,
    m.since::text AS since, m.created_at
  FROM working_group_member m
  LEFT JOIN agency g ON g.id = m.agency_id
  LEFT JOIN app_user u ON u.id = m.user_id`;

/** The members of a group as a meeting's list of attendees reads: chair, vice-chairs, members, secretary, advisors. */
export async function listMembers(db: Queryable, groupId: number): Promise<MemberRow[]> {
  const r = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.group_id = $1 ORDER BY ${ROLE_ORDER}, m.id`, [groupId]);
  return r.rows;
}

export async function getMember(db: Queryable, groupId: number, memberId: number): Promise<MemberRow | null> {
  const r = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.group_id = $1 AND m.id = $2`, [groupId, memberId]);
  return r.rows[0] ?? null;
}

export async function insertMember(db: Queryable, groupId: number, w: MemberWrite): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO working_group_member (group_id, agency_id, user_id, person_name, position_title, role, phone, since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date) RETURNING id`,
    [groupId, w.agencyId, w.userId, w.personName, w.positionTitle, w.role, w.phone, w.since],
  );
  return r.rows[0].id;
}

export async function updateMember(db: Queryable, memberId: number, w: MemberWrite): Promise<void> {
  await db.query(
    `UPDATE working_group_member SET agency_id = $2, user_id = $3, person_name = $4, position_title = $5, role = $6, phone = $7, since = $8::date
     WHERE id = $1`,
    [memberId, w.agencyId, w.userId, w.personName, w.positionTitle, w.role, w.phone, w.since],
  );
}

export async function deleteMember(db: Queryable, memberId: number): Promise<void> {
  await db.query('DELETE FROM working_group_member WHERE id = $1', [memberId]);
}

/** Members of the group holding `role`, other than `exceptId`. */
export async function membersWithRole(db: Queryable, groupId: number, role: string, exceptId: number | null): Promise<MemberRow[]> {
  const r = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.group_id = $1 AND m.role = $2 AND ($3::int IS NULL OR m.id <> $3) ORDER BY m.id`, [groupId, role, exceptId]);
  return r.rows;
}

/** Another membership of the same user in the group. */
export async function memberWithUser(db: Queryable, groupId: number, userId: number, exceptId: number | null): Promise<number | null> {
  const r = await db.query<{ id: number }>('SELECT id FROM working_group_member WHERE group_id = $1 AND user_id = $2 AND ($3::int IS NULL OR id <> $3)', [groupId, userId, exceptId]);
  return r.rows[0]?.id ?? null;
}

/* ------------------------------------------------------------------ demo */

/** Deletes the demo working groups (their members go with them) and the demo agencies. */
export async function deleteDemoRows(db: Queryable): Promise<{ agencies: number; groups: number }> {
  const groups = await db.query('DELETE FROM working_group WHERE is_demo');
  const agencies = await db.query('DELETE FROM agency WHERE is_demo');
  return { agencies: agencies.affected, groups: groups.affected };
}

/** Projects that point at a demo agency (they would block deleting it). */
export async function projectsOnDemoAgencies(db: Queryable): Promise<{ demo: number; real: number }> {
  const r = await db.query<{ demo: number; real: number }>(
    `SELECT count(*) FILTER (WHERE j.is_demo)::int AS demo, count(*) FILTER (WHERE NOT j.is_demo)::int AS real
     FROM project j JOIN agency g ON g.id = j.agency_id WHERE g.is_demo`,
  );
  return r.rows[0];
}

/** Sub-districts (code and Thai name) among `codes`, in the order given. */
export async function subdistrictNames(db: Queryable, codes: string[]): Promise<Array<{ code: string; name_th: string; name_en: string | null; district_th: string | null }>> {
  const r = await db.query<{ code: string; name_th: string; name_en: string | null; district_th: string | null }>(
    `SELECT a.code, a.name_th, a.name_en, d.name_th AS district_th FROM unnest($1::text[]) WITH ORDINALITY AS c(code, n)
     JOIN area a ON a.code = c.code AND a.level = 3 LEFT JOIN area d ON d.code = a.parent_code ORDER BY c.n`,
    [codes],
  );
  return r.rows;
}

/** Working groups that are not demo data but cover a demo area. */
export async function realGroupsOnDemoAreas(db: Queryable): Promise<Array<{ id: number; name_th: string }>> {
  const r = await db.query<{ id: number; name_th: string }>(
    'SELECT w.id, w.name_th FROM working_group w JOIN area a ON a.code = w.area_code WHERE a.is_demo AND NOT w.is_demo ORDER BY w.id',
  );
  return r.rows;
}

export async function areaName(db: Queryable, code: string): Promise<string | null> {
  return (await db.query<{ name_th: string }>('SELECT name_th FROM area WHERE code = $1', [code])).rows[0]?.name_th ?? null;
}
