/**
 * The COMAP HTTP API as the web app sees it (see notes/api.md): types of the JSON bodies and one
 * fetch wrapper that turns error bodies {error, message, details} into an ApiError.
 */

export const ROLES = ['admin', 'analyst', 'agency_officer', 'area_officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = ['reported', 'verified', 'resolved', 'false_report'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export const SOURCES = ['agency', 'volunteer', 'sensor', 'public', 'import'] as const;
export type IncidentSource = (typeof SOURCES)[number];

export const CLASSIFICATIONS = ['public', 'internal', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type Bbox = [number, number, number, number];

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  areaCodes: string[];
  mustChangePassword: boolean;
}

export interface AppConfig {
  basemap: { type: 'none' | 'xyz' | 'pmtiles'; url: string | null; attribution: string | null };
  extent: Bbox | null;
  boundaryVersion: number;
  hasDemo: boolean;
}

export interface Area {
  code: string;
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
  provinceCode: string;
  nameTh: string;
  nameEn: string | null;
  population: number | null;
  bbox: Bbox;
  isDemo: boolean;
}

export interface AreaSearchHit extends Area {
  path: string;
  pathEn: string;
}

export interface Category {
  id: number;
  code: string;
  labelTh: string;
  labelEn: string;
  color: string;
  icon: string;
  sortOrder: number;
  active: boolean;
}

export interface Incident {
  id: number;
  externalId: string | null;
  category: { id: number; code: string; labelTh: string; labelEn: string; color: string };
  occurredAt: string;
  lon: number;
  lat: number;
  subdistrict: { code: string; nameTh: string; nameEn: string | null };
  districtCode: string;
  provinceCode: string;
  assignedNearest: boolean;
  nearestDistanceM: number | null;
  severity: number;
  status: IncidentStatus;
  source: IncidentSource;
  description: string;
  classification: Classification;
  createdBy: { id: number; username: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentPage {
  total: number;
  items: Incident[];
}

export interface AreaCount {
  count: number;
  population: number | null;
  rate: number | null;
}

export interface IncidentCounts {
  level: number;
  period: { start: string; end: string } | null;
  total: number;
  values: Record<string, AreaCount>;
  maxCount: number;
  maxRate: number | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  active: boolean;
  areaCodes: string[];
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface ErrorDetail {
  file?: string;
  row?: number;
  field?: string;
  message: string;
}

export interface AreaImportReport {
  file: string;
  format: string;
  inserted: number;
  updated: number;
  byLevel: Record<string, number>;
  repaired: Array<{ code: string; message: string }>;
  warnings: string[];
}

export interface IncidentImportReport {
  file: string;
  format: string;
  rows: number;
  inserted: number;
  updated: number;
  assignedNearest: number;
  seconds: number;
}

/** An error answer of the API: HTTP status, machine code, English message and row/field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any request answers 401 (the session ended): the app goes back to sign-in. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A JSON body. */
  json?: unknown;
  /** A multipart body (file uploads). */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not report a 401 to the sign-in listeners (the sign-in request itself). */
  quiet401?: boolean;
}

/** Calls the API on this origin and returns the JSON body; throws ApiError on an error status. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    body = opts.form;
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'the server cannot be reached');
  }
  const text = await res.text();
  let data: any = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) for (const fn of unauthorizedListeners) fn();
    throw new ApiError(
      res.status,
      typeof data?.error === 'string' ? data.error : `http_${res.status}`,
      typeof data?.message === 'string' ? data.message : res.statusText || `HTTP ${res.status}`,
      Array.isArray(data?.details) ? data.details : [],
    );
  }
  return data as T;
}

/** A query string from key/value pairs, skipping empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
