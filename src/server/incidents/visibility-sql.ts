/**
 * Need-to-know, enforced in SQL (design brief, decision 8). Every query that reads incidents,
 * lists, single reads, tiles, counts, exports, adds this predicate; nothing filters afterwards.
 *
 * - restricted: administrators and analysts only;
 * - public and internal: every signed-in role;
 * - an area scope (always for area officers, optionally for others) limits rows to incidents
 *   whose sub-district, district or province is in the scope; an area officer without a scope
 *   sees nothing.
 */
import type { Viewer } from '../auth/viewer.ts';
import { SEES_RESTRICTED } from '../auth/viewer.ts';

/** The rule over rows with the area code columns of `a`, `unrestricted` the SQL that is true for a row not restricted. */
function visibility(viewer: Viewer, params: unknown[], a: string, unrestricted: string): string {
  const parts: string[] = [];
  if (!SEES_RESTRICTED.includes(viewer.role)) parts.push(unrestricted);
  if (viewer.areaCodes.length > 0) {
    params.push(viewer.areaCodes);
    const p = `$${params.length}::text[]`;
    parts.push(`(${a}.subdistrict_code = ANY(${p}) OR ${a}.district_code = ANY(${p}) OR ${a}.province_code = ANY(${p}))`);
  } else if (viewer.role === 'area_officer') {
    parts.push('false');
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

/**
 * Returns a SQL boolean expression over the incident alias `a`, appending its parameters to
 * `params` (so it composes with the caller's own $n placeholders).
 */
export function incidentVisibility(viewer: Viewer, params: unknown[], a = 'i'): string {
  return visibility(viewer, params, a, `${a}.classification <> 'restricted'`);
}

/**
 * The same rule over an incident cell alias `c` (src/server/incidents/cells.ts), whose
 * restricted flag stands for the classification.
 */
export function cellVisibility(viewer: Viewer, params: unknown[], c = 'c'): string {
  return visibility(viewer, params, c, `NOT ${c}.restricted`);
}

/** A short key of what a viewer may see, for caches shared between users with equal rights. */
export function visibilityKey(viewer: Viewer): string {
  const restricted = SEES_RESTRICTED.includes(viewer.role) ? 'R' : 'N';
  const scope = viewer.areaCodes.length ? [...viewer.areaCodes].sort().join(',') : viewer.role === 'area_officer' ? '-' : '*';
  return `${restricted}:${scope}`;
}

