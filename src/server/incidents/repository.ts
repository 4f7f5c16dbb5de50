/**
 * SQL of incidents: single reads and writes, the filtered list, counts per area, and the
 * assignment of a point to its sub-district. Every read adds the need-to-know predicate
 * (incidentVisibility) in the SQL itself.
 */
import type { Queryable } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Period } from '../../shared/fiscal.ts';
import { incidentVisibility } from './visibility-sql.ts';
import type { IncidentClassification, IncidentSource, IncidentStatus } from '../../shared/incident-validate.ts';

/** Filters of the list, counts and tiles (same names as the HTTP query), already checked. */
export interface IncidentFilters {
  categoryIds?: number[];
  period?: Period;
  /** A province (2 digits), district (4) or sub-district (6) code. */
  area?: string;
  statuses?: string[];
  sources?: string[];
  classifications?: string[];
  /** Text searched, case-insensitively, in the description and the external id. */
  q?: string;
}

export interface IncidentRow {
  id: number;
  external_id: string | null;
  category_id: number;
  category_code: string;
  category_label_th: string;
  category_label_en: string;
  category_color: string;
  occurred_at: Date;
  lon: number;
  lat: number;
  subdistrict_code: string;
  subdistrict_name_th: string;
  subdistrict_name_en: string | null;
  district_code: string;
  province_code: string;
  assigned_nearest: boolean;
  nearest_distance_m: number | null;
  severity: number;
  status: IncidentStatus;
  source: IncidentSource;
  description: string;
  classification: IncidentClassification;
  created_by: number | null;
  created_by_username: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_INCIDENT = `
SELECT i.id, i.external_id, i.category_id, c.code AS category_code, c.label_th AS category_label_th,
       c.label_en AS category_label_en, c.color AS category_color, i.occurred_at,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.subdistrict_code, s.name_th AS subdistrict_name_th,
       s.name_en AS subdistrict_name_en, i.district_code, i.province_code, i.assigned_nearest,
       i.nearest_distance_m, i.severity, i.status, i.source, i.description, i.classification,
       i.created_by, u.username AS created_by_username, i.created_at, i.updated_at
FROM incident i
JOIN category c ON c.id = i.category_id
JOIN area s ON s.code = i.subdistrict_code
LEFT JOIN app_user u ON u.id = i.created_by`;

/** LIKE pattern that matches `text` literally anywhere. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * The filter predicates over incident alias `a`, appending their parameters to `params`.
 * Returns 'true' when there is no filter.
 */
export function incidentFilterSql(f: IncidentFilters, params: unknown[], a = 'i'): string {
  const parts: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.categoryIds?.length) parts.push(`${a}.category_id = ANY(${p(f.categoryIds)}::int[])`);
  if (f.period) parts.push(`${a}.occurred_at >= ${p(f.period.start.toISOString())}::timestamptz AND ${a}.occurred_at < ${p(f.period.end.toISOString())}::timestamptz`);
  if (f.area) {
    const column = f.area.length === 2 ? 'province_code' : f.area.length === 4 ? 'district_code' : 'subdistrict_code';
    parts.push(`${a}.${column} = ${p(f.area)}`);
  }
  if (f.statuses?.length) parts.push(`${a}.status = ANY(${p(f.statuses)}::text[])`);
  if (f.sources?.length) parts.push(`${a}.source = ANY(${p(f.sources)}::text[])`);
  if (f.classifications?.length) parts.push(`${a}.classification = ANY(${p(f.classifications)}::text[])`);
  if (f.q) {
    const like = p(containsPattern(f.q));
    parts.push(`(${a}.description ILIKE ${like} OR ${a}.external_id ILIKE ${like})`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

export const SORTS = {
  occurred_desc: 'i.occurred_at DESC, i.id DESC',
  occurred_asc: 'i.occurred_at ASC, i.id ASC',
  severity_desc: 'i.severity DESC, i.occurred_at DESC, i.id DESC',
  created_desc: 'i.created_at DESC, i.id DESC',
  updated_desc: 'i.updated_at DESC, i.id DESC',
} as const;
export type IncidentSort = keyof typeof SORTS;

/** One incident if the viewer may see it. */
export async function findVisibleIncident(db: Queryable, viewer: Viewer, id: number): Promise<IncidentRow | undefined> {
  const params: unknown[] = [id];
  const vis = incidentVisibility(viewer, params, 'i');
  return (await db.query<IncidentRow>(`${SELECT_INCIDENT} WHERE i.id = $1 AND (${vis})`, params)).rows[0];
}

/** The visible incidents that match the filters: one page and the total. */
export async function listIncidents(
  db: Queryable,
  viewer: Viewer,
  f: IncidentFilters,
  page: { limit: number; offset: number; sort: IncidentSort },
): Promise<{ total: number; items: IncidentRow[] }> {
  const params: unknown[] = [];
  const where = `(${incidentVisibility(viewer, params, 'i')}) AND ${incidentFilterSql(f, params, 'i')}`;
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i WHERE ${where}`, params)).rows[0].n;
  params.push(page.limit, page.offset);
  const items = (
    await db.query<IncidentRow>(
      `${SELECT_INCIDENT} WHERE ${where} ORDER BY ${SORTS[page.sort]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )
  ).rows;
  return { total, items };
}

export interface AreaCountRow {
  code: string;
  count: number;
  population: number | null;
}

/** Visible incidents that match the filters, counted per area of a level (1, 2 or 3). */
export async function countIncidentsByArea(db: Queryable, viewer: Viewer, f: IncidentFilters, level: 1 | 2 | 3): Promise<AreaCountRow[]> {
  const column = level === 1 ? 'province_code' : level === 2 ? 'district_code' : 'subdistrict_code';
  const params: unknown[] = [];
  const where = `(${incidentVisibility(viewer, params, 'i')}) AND ${incidentFilterSql(f, params, 'i')}`;
  return (
    await db.query<AreaCountRow>(
      `SELECT c.code, c.n AS count, a.population
       FROM (SELECT i.${column} AS code, count(*)::int AS n FROM incident i WHERE ${where} GROUP BY 1) c
       LEFT JOIN area a ON a.code = c.code
       ORDER BY c.code`,
      params,
    )
  ).rows;
}

export interface IncidentWrite {
  externalId: string | null;
  categoryId: number;
  occurredAt: Date;
  lon: number;
  lat: number;
  x: number;
  y: number;
  subdistrictCode: string;
  assignedNearest: boolean;
  nearestDistanceM: number | null;
  severity: number;
  status: string;
  source: string;
  description: string;
  classification: string;
}

export async function insertIncident(db: Queryable, w: IncidentWrite, userId: number | null): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO incident (external_id, category_id, occurred_at, geom, x, y, subdistrict_code, district_code, province_code,
       assigned_nearest, nearest_distance_m, severity, status, source, description, classification, created_by, updated_by)
     VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4::float8, $5::float8), 4326), $6, $7, $8, substr($8, 1, 4), substr($8, 1, 2),
       $9, $10, $11, $12, $13, $14, $15, $16, $16)
     RETURNING id`,
    [w.externalId, w.categoryId, w.occurredAt.toISOString(), w.lon, w.lat, w.x, w.y, w.subdistrictCode, w.assignedNearest,
      w.nearestDistanceM, w.severity, w.status, w.source, w.description, w.classification, userId],
  );
  return r.rows[0].id;
}

export async function updateIncident(db: Queryable, id: number, w: IncidentWrite, userId: number | null): Promise<void> {
  await db.query(
    `UPDATE incident SET external_id = $2, category_id = $3, occurred_at = $4, geom = ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326),
       x = $7, y = $8, subdistrict_code = $9, district_code = substr($9, 1, 4), province_code = substr($9, 1, 2),
       assigned_nearest = $10, nearest_distance_m = $11, severity = $12, status = $13, source = $14, description = $15,
       classification = $16, updated_by = $17, updated_at = now()
     WHERE id = $1`,
    [id, w.externalId, w.categoryId, w.occurredAt.toISOString(), w.lon, w.lat, w.x, w.y, w.subdistrictCode, w.assignedNearest,
      w.nearestDistanceM, w.severity, w.status, w.source, w.description, w.classification, userId],
  );
}

export async function deleteIncident(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM incident WHERE id = $1', [id]);
}

/** The id of the incident with this external id (whoever may see it), for a clear 409. */
export async function findIdByExternalId(db: Queryable, externalId: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>('SELECT id FROM incident WHERE external_id = $1', [externalId])).rows[0]?.id;
}

/* ------------------------------------------------------- point -> sub-district */

export interface SubdistrictHit {
  code: string;
  nameTh: string;
  nameEn: string | null;
  /** Metres from the point to the area; 0 when the area contains the point. */
  distanceM: number;
}

/**
 * Degrees of longitude (the wider of the two) that cover `metres` at latitude `lat`, as SQL: the
 * box of an index-assisted search must hold every area within that distance.
 */
export function metresToDegreesSql(metres: string, lat: string): string {
  return `(${metres} / (110000.0 * cos(radians(least(abs(${lat}), 85.0)))))`;
}

/**
 * The sub-district (level-3 area) that contains the point. When two overlap (simplified
 * boundaries), the smaller code wins, so the answer never depends on the plan.
 */
export async function subdistrictContaining(db: Queryable, lon: number, lat: number): Promise<SubdistrictHit | undefined> {
  const r = await db.query<{ code: string; name_th: string; name_en: string | null }>(
    `SELECT a.code, a.name_th, a.name_en FROM area a
     WHERE a.level = 3 AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326))
     ORDER BY a.code LIMIT 1`,
    [lon, lat],
  );
  const a = r.rows[0];
  return a ? { code: a.code, nameTh: a.name_th, nameEn: a.name_en, distanceM: 0 } : undefined;
}

/**
 * The nearest sub-district within `maxMetres` (geography distance), searched only among the areas
 * whose box meets a box of that size around the point (index-assisted).
 */
export async function nearestSubdistrictWithin(db: Queryable, lon: number, lat: number, maxMetres: number): Promise<SubdistrictHit | undefined> {
  const r = await db.query<{ code: string; name_th: string; name_en: string | null; d: number }>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g)
     SELECT n.code, n.name_th, n.name_en, n.d FROM (
       SELECT a.code, a.name_th, a.name_en, ST_Distance(a.geom::geography, p.g::geography) AS d
       FROM area a, p
       WHERE a.level = 3 AND a.geom && ST_Expand(p.g, ${metresToDegreesSql('$3::float8', '$2::float8')})
     ) n
     WHERE n.d <= $3::float8
     ORDER BY n.d, n.code LIMIT 1`,
    [lon, lat, maxMetres],
  );
  const a = r.rows[0];
  return a ? { code: a.code, nameTh: a.name_th, nameEn: a.name_en, distanceM: a.d } : undefined;
}

/** The nearest sub-district at any distance (for the message that explains a rejection). */
export async function nearestSubdistrict(db: Queryable, lon: number, lat: number): Promise<SubdistrictHit | undefined> {
  const r = await db.query<{ code: string; name_th: string; name_en: string | null; d: number }>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g)
     SELECT k.code, k.name_th, k.name_en, ST_Distance(k.geom::geography, p.g::geography) AS d
     FROM (SELECT a.code, a.name_th, a.name_en, a.geom FROM area a, p WHERE a.level = 3 ORDER BY a.geom <-> p.g LIMIT 5) k, p
     ORDER BY d, k.code LIMIT 1`,
    [lon, lat],
  );
  const a = r.rows[0];
  return a ? { code: a.code, nameTh: a.name_th, nameEn: a.name_en, distanceM: a.d } : undefined;
}
