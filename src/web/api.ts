/**
 * The COMAP HTTP API as the web app sees it (see notes/api.md): types of the JSON bodies and one
 * fetch wrapper that turns error bodies {error, message, details} into an ApiError.
 */

export * from '../shared/api-types.ts';
import type { ErrorDetail } from '../shared/api-types.ts';

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
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
