/**
 * The filter query shared by the incident list, the counts and the incident tiles, checked and
 * turned into IncidentFilters. A bad value is a 400 that names the parameter.
 */
import { badRequest } from '../errors.ts';
import { parsePeriod } from '../../shared/fiscal.ts';
import { INCIDENT_CLASSIFICATIONS, INCIDENT_SOURCES, INCIDENT_STATUSES } from '../../shared/incident-validate.ts';
import type { IncidentFilters } from './repository.ts';

export interface IncidentFilterQuery {
  category?: string;
  period?: string;
  area?: string;
  status?: string;
  source?: string;
  classification?: string;
  q?: string;
}

export const MAX_QUERY_TEXT = 200;

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  return items.length ? items : undefined;
}

function oneOf(field: string, value: string | undefined, allowed: readonly string[]): string[] | undefined {
  const items = list(value);
  for (const v of items ?? []) {
    if (!allowed.includes(v)) {
      throw badRequest(`${field} "${v}" is not one of ${allowed.join(', ')}`, [{ field, message: `must be one of ${allowed.join(', ')}` }]);
    }
  }
  return items;
}

/**
 * Checks the filter query. `categories` are the known categories: an unknown code is an error,
 * not an empty result, so that a mistyped link says so.
 */
export function parseIncidentFilters(q: IncidentFilterQuery, categories: Array<{ id: number; code: string }>): IncidentFilters {
  const f: IncidentFilters = {};
  const codes = list(q.category);
  if (codes) {
    const byCode = new Map(categories.map((c) => [c.code, c.id]));
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length) {
      throw badRequest(`unknown category code(s): ${unknown.join(', ')}`, [
        { field: 'category', message: `unknown: ${unknown.join(', ')}; known codes: ${categories.map((c) => c.code).join(', ')}` },
      ]);
    }
    f.categoryIds = codes.map((c) => byCode.get(c)!);
  }
  if (q.period !== undefined && q.period.trim()) {
    try {
      f.period = parsePeriod(q.period);
    } catch (err) {
      throw badRequest((err as Error).message, [{ field: 'period', message: (err as Error).message }]);
    }
  }
  if (q.area !== undefined && q.area.trim()) {
    const area = q.area.trim();
    if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(area)) {
      throw badRequest(`area "${area}" is not a province, district or sub-district code`, [{ field: 'area', message: 'must be a DOPA code of 2, 4 or 6 digits' }]);
    }
    f.area = area;
  }
  const statuses = oneOf('status', q.status, INCIDENT_STATUSES);
  if (statuses) f.statuses = statuses;
  const sources = oneOf('source', q.source, INCIDENT_SOURCES);
  if (sources) f.sources = sources;
  const classes = oneOf('classification', q.classification, INCIDENT_CLASSIFICATIONS);
  if (classes) f.classifications = classes;
  if (q.q !== undefined && q.q.trim()) {
    const text = q.q.trim();
    if (text.length > MAX_QUERY_TEXT) throw badRequest(`the search text is longer than ${MAX_QUERY_TEXT} characters`, [{ field: 'q', message: `at most ${MAX_QUERY_TEXT} characters` }]);
    f.q = text;
  }
  return f;
}
