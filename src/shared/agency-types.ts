/**
 * The registry of agencies (หน่วยงาน) and the coordination working groups (คณะทำงาน) as the API
 * and the web app exchange them (issue 4, section 1). Types, constants and pure checks only, no
 * I/O: the server validates with these, the web form checks with the same rules before it sends.
 */

/** Kinds of agency, in the order the registry's filter shows them. */
export const AGENCY_TYPES = [
  'security',
  'provincial_admin',
  'local_admin',
  'line_agency',
  'state_enterprise',
  'civil_society',
  'private',
  'community',
  'other',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

/** What a working group covers: the province, a district, a sub-district (peace council), a theme. */
export const WORKING_GROUP_KINDS = ['provincial', 'district', 'peace_council', 'thematic', 'other'] as const;
export type WorkingGroupKind = (typeof WORKING_GROUP_KINDS)[number];

/**
 * The area level each kind of group must cover (1 province, 2 district, 3 sub-district); null
 * means any area of the province. A peace council (สภาสันติสุขตำบล) is always a sub-district's.
 */
export const KIND_AREA_LEVEL: Record<WorkingGroupKind, 1 | 2 | 3 | null> = {
  provincial: 1,
  district: 2,
  peace_council: 3,
  thematic: null,
  other: null,
};

/** Roles in a group, from the chair down; a group has at most one chair. */
export const MEMBER_ROLES = ['chair', 'vice_chair', 'secretary', 'member', 'advisor'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The database's rule for agency codes (short, stable, lower case: "police-98", "rid-8"). */
export const AGENCY_CODE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Whether a text looks like one or more Thai telephone numbers: digits with the usual separators
 * ("073 511 234", "081-234-5678, 1567", "+66 73 511 234 ต่อ 12"), 4 to 40 digits in all (a
 * four-digit hotline is a valid number). Only a sanity check against a name or an e-mail typed
 * into the phone field, not a numbering plan.
 */
export function isPlausiblePhone(text: string): boolean {
  // An extension is written "ต่อ 12", "ext. 12" or "x12".
  const s = text.trim().replace(/ต่อ|ext\.?|x/gi, ' ');
  if (!/^[0-9+()\-\s.,/#]+$/.test(s)) return false;
  const digits = s.replace(/[^0-9]/g, '').length;
  return digits >= 4 && digits <= 40;
}

/** Whether a text looks like one e-mail address (name@domain.tld, no spaces). */
export function isPlausibleEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text.trim()) && text.trim().length <= 254;
}

/** What an administrator gives to create or replace an agency. */
export interface AgencyInput {
  code: string;
  nameTh: string;
  nameEn?: string | null;
  type: AgencyType;
  parentMinistry?: string | null;
  /** The province (2 digits) the agency works in; null for a regional or national agency. */
  provinceCode?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  address?: string | null;
  active?: boolean;
}

export interface Agency {
  id: number;
  code: string;
  nameTh: string;
  nameEn: string | null;
  type: AgencyType;
  parentMinistry: string | null;
  provinceCode: string | null;
  /** The Thai name of the province, when there is one and it is known. */
  provinceTh: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  address: string | null;
  active: boolean;
  isDemo: boolean;
  /** Users who belong to the agency. */
  userCount: number;
  /** Projects of the agency (every fiscal year). */
  projectCount: number;
  /** Working groups the agency sits in as a member. */
  groupCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What a user gives to create or replace a working group. */
export interface WorkingGroupInput {
  provinceCode: string;
  /** The area the group covers: the province, a district or a sub-district of that province. */
  areaCode: string;
  kind: WorkingGroupKind;
  nameTh: string;
  nameEn?: string | null;
  description?: string;
  active?: boolean;
}

export interface WorkingGroup {
  id: number;
  provinceCode: string;
  area: { code: string; level: number; nameTh: string; nameEn: string | null };
  kind: WorkingGroupKind;
  nameTh: string;
  nameEn: string | null;
  description: string;
  active: boolean;
  isDemo: boolean;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A member is an agency, a COMAP user, or a named person without an account (or an agency's named representative). */
export interface WorkingGroupMemberInput {
  agencyId?: number | null;
  userId?: number | null;
  personName?: string | null;
  positionTitle?: string | null;
  role: MemberRole;
  phone?: string | null;
  /** Calendar date YYYY-MM-DD (Common Era) the member joined. */
  since?: string | null;
}

export interface WorkingGroupMember {
  id: number;
  groupId: number;
  agency: { id: number; code: string; nameTh: string; nameEn: string | null } | null;
  user: { id: number; username: string; displayName: string } | null;
  personName: string | null;
  positionTitle: string | null;
  role: MemberRole;
  /** Null when there is none or the caller's role may not see telephone numbers (viewer). */
  phone: string | null;
  since: string | null;
  createdAt: string;
}

export interface WorkingGroupWithMembers {
  group: WorkingGroup;
  members: WorkingGroupMember[];
}

/** The name a member is shown by: the person, else the user, else the agency. */
export function memberName(m: Pick<WorkingGroupMember, 'personName' | 'user' | 'agency'>): string {
  return m.personName?.trim() || m.user?.displayName || m.agency?.nameTh || '';
}
