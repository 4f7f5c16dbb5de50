/**
 * The map page's state in the URL query string, so a view can be shared as a link and a reload
 * restores it: `?cat=drugs,flood&period=2567Q1&area=3201&status=verified&v=14.88,103.49,9`.
 * Pure functions (no DOM), unit-tested. The API uses longer names for the same filters
 * (category, period, area, status): `apiFilterQuery` translates.
 */
import { STATUSES, type IncidentStatus } from './api.ts';
import { fiscalQuarterOf, fiscalYearOf, parsePeriod, thaiDateParts } from '../shared/fiscal.ts';

export interface MapFilters {
  /** Category codes; empty = every category. */
  categories: string[];
  /** A period as parsePeriod reads it (2567, 2567Q1, 2023-10-01..2023-12-31); null = all time. */
  period: string | null;
  /** A DOPA area code (province, district or sub-district); null = everywhere. */
  area: string | null;
  /** Statuses; empty = every status. */
  statuses: IncidentStatus[];
}

export interface MapView {
  lat: number;
  lon: number;
  zoom: number;
}

export type Metric = 'count' | 'rate';

export interface MapLayers {
  boundaries: boolean;
  choropleth: boolean;
  incidents: boolean;
  basemap: boolean;
  metric: Metric;
}

export interface MapUrlState {
  filters: MapFilters;
  view: MapView | null;
  layers: MapLayers;
}

export const DEFAULT_FILTERS: MapFilters = { categories: [], period: null, area: null, statuses: [] };
export const DEFAULT_LAYERS: MapLayers = { boundaries: true, choropleth: true, incidents: true, basemap: true, metric: 'count' };

const CATEGORY_RE = /^[a-z][a-z0-9_]{0,49}$/;
const AREA_RE = /^[0-9]{2}(?:[0-9]{2}){0,3}$/;
const HIDEABLE = ['boundaries', 'choropleth', 'incidents', 'basemap'] as const;

/** True when parsePeriod accepts the text. */
export function isValidPeriod(text: string): boolean {
  try {
    parsePeriod(text);
    return true;
  } catch {
    return false;
  }
}

function list(v: string | null): string[] {
  return v ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : [];
}

/** Reads the map state from a query string; anything malformed falls back to its default. */
export function parseMapUrl(search: string): MapUrlState {
  const q = new URLSearchParams(search);
  const categories = list(q.get('cat')).filter((c) => CATEGORY_RE.test(c));
  const rawPeriod = q.get('period')?.trim() ?? '';
  const period = rawPeriod && isValidPeriod(rawPeriod) ? rawPeriod : null;
  const rawArea = q.get('area')?.trim() ?? '';
  const area = AREA_RE.test(rawArea) ? rawArea : null;
  const statuses = list(q.get('status')).filter((s): s is IncidentStatus => (STATUSES as readonly string[]).includes(s));

  let view: MapView | null = null;
  const v = q.get('v')?.split(',').map(Number);
  if (v && v.length === 3 && v.every(Number.isFinite)) {
    const [lat, lon, zoom] = v;
    if (Math.abs(lat) <= 85 && Math.abs(lon) <= 180 && zoom >= 0 && zoom <= 22) view = { lat, lon, zoom };
  }

  const hidden = new Set(list(q.get('hide')));
  const layers: MapLayers = {
    boundaries: !hidden.has('boundaries'),
    choropleth: !hidden.has('choropleth'),
    incidents: !hidden.has('incidents'),
    basemap: !hidden.has('basemap'),
    metric: q.get('metric') === 'rate' ? 'rate' : 'count',
  };
  return { filters: { categories, period, area, statuses }, view, layers };
}

/** Writes the map state as a query string (with the leading "?", or "" when all is default). */
export function formatMapUrl(state: MapUrlState): string {
  const parts: string[] = [];
  const { filters: f, view, layers } = state;
  // Commas stay readable in shared links; codes never contain characters that need escaping.
  if (f.categories.length) parts.push(`cat=${f.categories.map(encodeURIComponent).join(',')}`);
  if (f.period) parts.push(`period=${encodeURIComponent(f.period)}`);
  if (f.area) parts.push(`area=${encodeURIComponent(f.area)}`);
  if (f.statuses.length) parts.push(`status=${f.statuses.join(',')}`);
  const hidden = HIDEABLE.filter((k) => !layers[k]);
  if (hidden.length) parts.push(`hide=${hidden.join(',')}`);
  if (layers.metric === 'rate') parts.push('metric=rate');
  if (view) {
    const digits = view.zoom >= 12 ? 5 : view.zoom >= 8 ? 4 : 3;
    parts.push(`v=${view.lat.toFixed(digits)},${view.lon.toFixed(digits)},${view.zoom.toFixed(2).replace(/\.?0+$/, '')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The filters as the API names them (category, period, area, status), for lists, counts and tiles. */
export function apiFilterQuery(f: MapFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.categories.length) q.set('category', f.categories.join(','));
  if (f.period) q.set('period', f.period);
  if (f.area) q.set('area', f.area);
  if (f.statuses.length) q.set('status', f.statuses.join(','));
  return q;
}

/** How the period selector shows a period string. */
export type PeriodChoice =
  | { mode: 'all' }
  | { mode: 'year'; fy: number }
  | { mode: 'quarter'; fy: number; q: 1 | 2 | 3 | 4 }
  | { mode: 'custom'; from: string; to: string };

/** Splits a period string into the selector's fields. */
export function periodChoice(period: string | null): PeriodChoice {
  if (!period) return { mode: 'all' };
  const s = period.trim().toLowerCase();
  let m = /^(?:fy)?(\d{4})$/.exec(s);
  if (m) return { mode: 'year', fy: Number(m[1]) };
  m = /^(?:fy)?(\d{4})-?q([1-4])$/.exec(s);
  if (m) return { mode: 'quarter', fy: Number(m[1]), q: Number(m[2]) as 1 | 2 | 3 | 4 };
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (m) return { mode: 'custom', from: m[1], to: m[2] };
  return { mode: 'all' };
}

/** The period string of a selector choice (null for all time or an incomplete custom range). */
export function periodString(c: PeriodChoice): string | null {
  switch (c.mode) {
    case 'all':
      return null;
    case 'year':
      return String(c.fy);
    case 'quarter':
      return `${c.fy}Q${c.q}`;
    case 'custom': {
      if (!c.from || !c.to) return null;
      const s = `${c.from}..${c.to}`;
      return isValidPeriod(s) ? s : null;
    }
  }
}

/** The fiscal years (Buddhist Era) offered in the selector: the current one and `back` before it. */
export function fiscalYearOptions(now: Date, back = 6): number[] {
  const fy = fiscalYearOf(now);
  return Array.from({ length: back + 1 }, (_, i) => fy - i);
}

/** The current fiscal quarter, as a period string (2568Q2). */
export function currentQuarter(now: Date): string {
  return `${fiscalYearOf(now)}Q${fiscalQuarterOf(now)}`;
}

/** Today's date in Thailand as yyyy-mm-dd (for date inputs). */
export function thaiToday(now: Date): string {
  const t = thaiDateParts(now);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
