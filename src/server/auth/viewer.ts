/** Who is asking: the signed-in user with their role and area scope. */

import { ROLES, type Role } from '../../shared/api-types.ts';

export { ROLES, type Role };

export interface Viewer {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** The agency (registry id) the user belongs to, and its Thai name. */
  agencyId: number | null;
  agency: string | null;
  /** Area codes (province, district or sub-district) the user is limited to; empty = no limit. */
  areaCodes: string[];
  mustChangePassword: boolean;
}

/** Roles that may see restricted incidents. */
export const SEES_RESTRICTED: readonly Role[] = ['admin', 'analyst'];

/** Roles that may create incidents. */
export const CAN_REPORT: readonly Role[] = ['admin', 'analyst', 'agency_officer', 'area_officer'];

/** Roles that may edit any incident they can see (others edit only what they created). */
export const CAN_EDIT_ANY: readonly Role[] = ['admin', 'analyst'];

/** Whether an area code lies inside the viewer's scope (a scope code is a prefix of it). */
export function inScope(viewer: Viewer, areaCode: string): boolean {
  if (viewer.areaCodes.length === 0) return viewer.role !== 'area_officer';
  return viewer.areaCodes.some((c) => areaCode.startsWith(c));
}
