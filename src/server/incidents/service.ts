/**
 * Incidents: create, read, update, delete and list with the need-to-know rules (design brief,
 * decision 8), assignment of each point to its sub-district, and an audit record of every change.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Config } from '../config.ts';
import { CAN_EDIT_ANY, CAN_REPORT, SEES_RESTRICTED, inScope, type Viewer } from '../auth/viewer.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { listCategories } from '../categories/repository.ts';
import type { Period } from '../../shared/fiscal.ts';
import {
  lonLatToMercator,
  makeCategoryResolver,
  validateIncidentRow,
  type CategoryRef,
  type IncidentField,
  type ValidIncident,
} from '../../shared/incident-validate.ts';
import * as repo from './repository.ts';
import type { IncidentFilters, IncidentRow, IncidentSort } from './repository.ts';
import { parseIncidentFilters, type IncidentFilterQuery } from './filters.ts';
import { insideThailandOutline } from './thailand-outline.ts';

import type { Incident } from '../../shared/api-types.ts';

export type { Incident };

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    externalId: r.external_id,
    category: { id: r.category_id, code: r.category_code, labelTh: r.category_label_th, labelEn: r.category_label_en, color: r.category_color },
    occurredAt: r.occurred_at.toISOString(),
    lon: r.lon,
    lat: r.lat,
    subdistrict: { code: r.subdistrict_code, nameTh: r.subdistrict_name_th, nameEn: r.subdistrict_name_en },
    districtCode: r.district_code,
    provinceCode: r.province_code,
    assignedNearest: r.assigned_nearest,
    nearestDistanceM: r.nearest_distance_m === null ? null : Math.round(r.nearest_distance_m * 10) / 10,
    severity: r.severity,
    status: r.status,
    source: r.source,
    description: r.description,
    classification: r.classification,
    createdBy: r.created_by === null ? null : { id: r.created_by, username: r.created_by_username ?? '' },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function categoryRefs(db: Queryable): Promise<CategoryRef[]> {
  return (await listCategories(db)).map((c) => ({ id: c.id, code: c.code, labelTh: c.label_th, labelEn: c.label_en, active: c.active }));
}

/* ------------------------------------------------------- point -> sub-district */

export interface Assignment {
  code: string;
  nameTh: string;
  nameEn: string | null;
  nearest: boolean;
  distanceM: number | null;
}

const km = (m: number) => (m >= 10000 ? Math.round(m / 1000) : Math.round(m / 100) / 10);

/**
 * Why a point that lies in no sub-district (nor near one) is refused: outside Thailand, or in
 * Thailand but outside every area loaded in COMAP (with the nearest sub-district and its distance).
 */
export function outsideMessage(lon: number, lat: number, nearest: repo.SubdistrictHit | undefined): string {
  const where = `(lon ${lon}, lat ${lat})`;
  if (!insideThailandOutline(lon, lat)) return `the point ${where} is outside Thailand`;
  if (!nearest) return `the point ${where} is outside every area in COMAP: no sub-district boundaries are loaded yet (import the areas first)`;
  const name = nearest.nameEn ? `${nearest.nameTh} / ${nearest.nameEn}` : nearest.nameTh;
  return `the point ${where} is outside every area in COMAP (nearest sub-district ${nearest.code} ${name} is ${km(nearest.distanceM)} km away)`;
}

/**
 * The sub-district of a point: the one that contains it, else the nearest within the tolerance
 * (flagged), else a 400 that says why. Coordinates must have passed checkLonLat already.
 */
export async function assignPoint(db: Queryable, config: Config, lon: number, lat: number): Promise<Assignment> {
  const hit = await repo.subdistrictContaining(db, lon, lat);
  if (hit) return { code: hit.code, nameTh: hit.nameTh, nameEn: hit.nameEn, nearest: false, distanceM: null };
  const near = await repo.nearestSubdistrictWithin(db, lon, lat, config.nearestToleranceM);
  if (near) return { code: near.code, nameTh: near.nameTh, nameEn: near.nameEn, nearest: true, distanceM: near.distanceM };
  const message = outsideMessage(lon, lat, await repo.nearestSubdistrict(db, lon, lat));
  throw badRequest(message, [{ field: 'lon', message }]);
}

/* ------------------------------------------------------------------ reading */

async function filtersFor(db: Queryable, q: IncidentFilterQuery): Promise<IncidentFilters> {
  return parseIncidentFilters(q, await listCategories(db));
}

export async function getIncident(db: Queryable, viewer: Viewer, id: number): Promise<Incident> {
  const row = await repo.findVisibleIncident(db, viewer, id);
  if (!row) throw notFound(`incident ${id}`);
  return toIncident(row);
}

export async function listIncidents(
  db: Queryable,
  viewer: Viewer,
  q: IncidentFilterQuery,
  page: { limit: number; offset: number; sort: IncidentSort },
): Promise<{ total: number; items: Incident[] }> {
  const f = await filtersFor(db, q);
  const r = await repo.listIncidents(db, viewer, f, page);
  return { total: r.total, items: r.items.map(toIncident) };
}

export interface AreaCounts {
  level: number;
  period: { start: string; end: string } | null;
  total: number;
  values: Record<string, { count: number; population: number | null; rate: number | null }>;
  maxCount: number;
  maxRate: number | null;
}

/** Counts per area for the choropleth, with the rate per 1,000 people where the population is known. */
export async function countIncidents(db: Queryable, viewer: Viewer, q: IncidentFilterQuery, level: 1 | 2 | 3): Promise<AreaCounts> {
  const f = await filtersFor(db, { ...q, q: undefined });
  const rows = await repo.countIncidentsByArea(db, viewer, f, level);
  const values: AreaCounts['values'] = {};
  let total = 0;
  let maxCount = 0;
  let maxRate: number | null = null;
  for (const r of rows) {
    const rate = r.population ? (r.count * 1000) / r.population : null;
    values[r.code] = { count: r.count, population: r.population, rate };
    total += r.count;
    maxCount = Math.max(maxCount, r.count);
    if (rate !== null) maxRate = Math.max(maxRate ?? 0, rate);
  }
  const period = (p: Period | undefined) => (p ? { start: p.start.toISOString(), end: p.end.toISOString() } : null);
  return { level, period: period(f.period), total, values, maxCount, maxRate };
}

/* ------------------------------------------------------------------ writing */

/** The fields of POST and PATCH /api/incidents. */
export interface IncidentInput {
  category?: string;
  occurredAt?: string;
  lon?: number;
  lat?: number;
  severity?: number;
  status?: string;
  source?: string;
  description?: string;
  classification?: string;
  externalId?: string | null;
}

const API_FIELD: Record<string, string> = { occurred_at: 'occurredAt', external_id: 'externalId' };

function apiErrors(errors: Array<{ field: string; message: string }>): ErrorDetail[] {
  return errors.map((e) => ({ field: API_FIELD[e.field] ?? e.field, message: e.message }));
}

function validateInput(input: IncidentInput, cats: CategoryRef[], opts: { requireActiveCategory: boolean }): ValidIncident {
  const row: Partial<Record<IncidentField, unknown>> = {
    external_id: input.externalId ?? '',
    category: input.category,
    occurred_at: input.occurredAt,
    lon: input.lon,
    lat: input.lat,
    severity: input.severity,
    status: input.status,
    source: input.source,
    description: input.description,
    classification: input.classification,
  };
  const r = validateIncidentRow(row, { resolveCategory: makeCategoryResolver(cats), requireActiveCategory: opts.requireActiveCategory });
  if (!r.ok) throw badRequest(`invalid incident: ${r.errors.map((e) => e.message).join('; ')}`, apiErrors(r.errors));
  return r.value;
}

function checkMayClassify(viewer: Viewer, v: ValidIncident): void {
  if (v.classification === 'restricted' && !SEES_RESTRICTED.includes(viewer.role)) {
    throw forbidden('only analysts and administrators may classify an incident as restricted');
  }
}

function checkInScope(viewer: Viewer, a: Assignment): void {
  if (!inScope(viewer, a.code)) {
    throw forbidden(`the point is in sub-district ${a.code} (${a.nameTh}), outside your areas (${viewer.areaCodes.join(', ') || 'none'})`);
  }
}

function toWrite(v: ValidIncident, a: Assignment): repo.IncidentWrite {
  const [x, y] = lonLatToMercator(v.lon, v.lat);
  return {
    externalId: v.externalId,
    categoryId: v.categoryId,
    occurredAt: v.occurredAt,
    lon: v.lon,
    lat: v.lat,
    x,
    y,
    subdistrictCode: a.code,
    assignedNearest: a.nearest,
    nearestDistanceM: a.distanceM,
    severity: v.severity,
    status: v.status,
    source: v.source,
    description: v.description,
    classification: v.classification,
  };
}

async function checkExternalIdFree(db: Queryable, externalId: string | null, selfId?: number): Promise<void> {
  if (!externalId) return;
  const other = await repo.findIdByExternalId(db, externalId);
  if (other !== undefined && other !== selfId) throw conflict(`an incident with external id "${externalId}" already exists`);
}

function audited(viewer: Viewer) {
  return { userId: viewer.userId, username: viewer.username };
}

/** Creates an incident; officers only inside their areas, restricted only by analysts and administrators. */
export async function createIncident(db: Database, config: Config, viewer: Viewer, input: IncidentInput): Promise<Incident> {
  if (!CAN_REPORT.includes(viewer.role)) throw forbidden('your role may read incidents but not report them');
  const cats = await categoryRefs(db);
  const v = validateInput(input, cats, { requireActiveCategory: true });
  checkMayClassify(viewer, v);
  return db.transaction(async (tx) => {
    const a = await assignPoint(tx, config, v.lon, v.lat);
    checkInScope(viewer, a);
    await checkExternalIdFree(tx, v.externalId);
    const id = await repo.insertIncident(tx, toWrite(v, a), viewer.userId);
    const created = toIncident((await repo.findVisibleIncident(tx, viewer, id))!);
    await insertAudit(tx, { ...audited(viewer), action: 'create', entity: 'incident', entityId: id, after: created });
    return created;
  });
}

/** The incident if the viewer may change it: 404 when they cannot see it, 403 when they may only read it. */
async function editable(tx: Queryable, viewer: Viewer, id: number): Promise<IncidentRow> {
  const row = await repo.findVisibleIncident(tx, viewer, id);
  if (!row) throw notFound(`incident ${id}`);
  if (CAN_EDIT_ANY.includes(viewer.role)) return row;
  if (CAN_REPORT.includes(viewer.role) && row.created_by === viewer.userId) return row;
  throw forbidden(CAN_REPORT.includes(viewer.role) ? 'you may change only the incidents you reported' : 'your role may read incidents but not change them');
}

export async function updateIncident(db: Database, config: Config, viewer: Viewer, id: number, patch: IncidentInput): Promise<Incident> {
  const cats = await categoryRefs(db);
  return db.transaction(async (tx) => {
    const row = await editable(tx, viewer, id);
    const before = toIncident(row);
    const merged: IncidentInput = {
      externalId: patch.externalId !== undefined ? patch.externalId : before.externalId,
      category: patch.category ?? before.category.code,
      occurredAt: patch.occurredAt ?? before.occurredAt,
      lon: patch.lon ?? before.lon,
      lat: patch.lat ?? before.lat,
      severity: patch.severity ?? before.severity,
      status: patch.status ?? before.status,
      source: patch.source ?? before.source,
      description: patch.description ?? before.description,
      classification: patch.classification ?? before.classification,
    };
    const v = validateInput(merged, cats, { requireActiveCategory: patch.category !== undefined });
    if (patch.classification !== undefined) checkMayClassify(viewer, v);
    let a: Assignment = { code: row.subdistrict_code, nameTh: row.subdistrict_name_th, nameEn: row.subdistrict_name_en, nearest: row.assigned_nearest, distanceM: row.nearest_distance_m };
    if (v.lon !== row.lon || v.lat !== row.lat) {
      a = await assignPoint(tx, config, v.lon, v.lat);
      checkInScope(viewer, a);
    }
    await checkExternalIdFree(tx, v.externalId, id);
    await repo.updateIncident(tx, id, toWrite(v, a), viewer.userId);
    const afterRow = await repo.findVisibleIncident(tx, viewer, id);
    // Analysts and administrators see everything they can write; officers cannot make an
    // incident invisible to themselves (restricted and out-of-scope were refused above).
    if (!afterRow) throw new AppError(500, 'internal', 'the incident vanished during the update');
    const after = toIncident(afterRow);
    await insertAudit(tx, { ...audited(viewer), action: 'update', entity: 'incident', entityId: id, before, after });
    return after;
  });
}

export async function deleteIncident(db: Database, viewer: Viewer, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await editable(tx, viewer, id);
    await repo.deleteIncident(tx, id);
    await insertAudit(tx, { ...audited(viewer), action: 'delete', entity: 'incident', entityId: id, before: toIncident(row) });
  });
}
