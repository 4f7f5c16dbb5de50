/** SQL of the priority analysis: profiles, runs, and the incident aggregates the components need. */
import type { Queryable } from '../db/database.ts';
import { inScope, SEES_RESTRICTED, type Viewer } from '../auth/viewer.ts';
import { cellVisibility, incidentVisibility } from '../incidents/visibility-sql.ts';
import { refreshCells } from '../incidents/cells.ts';
import { THAI_UTC_OFFSET_MS, fiscalYearOf, fiscalYearPeriod, thaiDay, thaiMidnight, wholeFiscalQuarters } from '../../shared/fiscal.ts';

export interface ProfileRow {
  id: number;
  name: string;
  name_th: string;
  name_en: string;
  description: string;
  profile: unknown;
  ahp: unknown;
  preset: boolean;
  created_by: number | null;
  created_at: Date;
  updated_by: number | null;
  updated_at: Date;
}

const PROFILE_COLUMNS = 'id, name, name_th, name_en, description, profile, ahp, preset, created_by, created_at, updated_by, updated_at';

export async function listProfiles(db: Queryable): Promise<ProfileRow[]> {
  return (await db.query<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM analysis_profile ORDER BY preset DESC, name`)).rows;
}

export async function getProfile(db: Queryable, id: number): Promise<ProfileRow | null> {
  return (await db.query<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM analysis_profile WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function profileNameTaken(db: Queryable, name: string, exceptId: number | null): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM analysis_profile WHERE name = $1 AND id IS DISTINCT FROM $2`, [name, exceptId]);
  return r.rows.length > 0;
}

export interface ProfileWrite {
  name: string;
  nameTh: string;
  nameEn: string;
  description: string;
  profile: unknown;
  ahp: unknown;
}

/** Inserts a profile; with `ifAbsent`, does nothing (returns null) when the name exists. */
export async function insertProfile(db: Queryable, p: ProfileWrite, preset: boolean, userId: number | null, ifAbsent = false): Promise<ProfileRow | null> {
  const r = await db.query<ProfileRow>(
    `INSERT INTO analysis_profile (name, name_th, name_en, description, profile, ahp, preset, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $8)
     ${ifAbsent ? 'ON CONFLICT (name) DO NOTHING' : ''}
     RETURNING ${PROFILE_COLUMNS}`,
    [p.name, p.nameTh, p.nameEn, p.description, JSON.stringify(p.profile), p.ahp == null ? null : JSON.stringify(p.ahp), preset, userId],
  );
  return r.rows[0] ?? null;
}

export async function updateProfile(db: Queryable, id: number, p: ProfileWrite, userId: number): Promise<ProfileRow> {
  const r = await db.query<ProfileRow>(
    `UPDATE analysis_profile SET name = $2, name_th = $3, name_en = $4, description = $5, profile = $6::jsonb, ahp = $7::jsonb,
            updated_by = $8, updated_at = now()
     WHERE id = $1 RETURNING ${PROFILE_COLUMNS}`,
    [id, p.name, p.nameTh, p.nameEn, p.description, JSON.stringify(p.profile), p.ahp == null ? null : JSON.stringify(p.ahp), userId],
  );
  return r.rows[0];
}

export async function deleteProfile(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM analysis_profile WHERE id = $1`, [id]);
}

/** Codes of the categories that exist and are active, in display order. */
export async function activeCategories(db: Queryable): Promise<string[]> {
  return (await db.query<{ code: string }>(`SELECT code FROM category WHERE active ORDER BY sort_order, code`)).rows.map((r) => r.code);
}

export interface AreaRow {
  code: string;
  name_th: string;
  name_en: string | null;
  population: number | null;
  province_code: string;
}

/** Sub-districts (level 3) of the provinces, in code order. */
export async function subdistricts(db: Queryable, provinces: readonly string[]): Promise<AreaRow[]> {
  const r = await db.query<AreaRow>(
    `SELECT code, name_th, name_en, population, province_code FROM area WHERE level = 3 AND province_code = ANY($1::text[]) ORDER BY code`,
    [provinces],
  );
  return r.rows;
}

/** Sums of one period's incidents per sub-district and category, from one of the SQL paths below. */
interface IncidentAggregate {
  codes: string[];
  categories: string[];
  /** Sum of severities. */
  burden: number[];
  /** Sum of severity x 0.5 ^ (age in days at the period end / half-life); the age from the middle of the incident's Thai day. */
  recency: number[];
  count: number[];
}

export interface AggregatePeriod {
  start: Date;
  end: Date;
  /** Whether the decayed severity is wanted: a period read only for its burden skips it. */
  recency: boolean;
}

/**
 * One period's incidents on a category x area grid, category-major (the value of category c in
 * area i at c * areas + i), in the order of the categories and areas asked for. Incidents of an
 * inactive category, or outside the areas, are left out.
 */
export interface IncidentGrid {
  /** Sum of severities. */
  burden: Float64Array;
  /** Sum of severity x 0.5 ^ (age in days at the period end / half-life), the age from the middle of the incident's Thai day; zeros when not asked for. */
  recency: Float64Array;
  /** Incidents on the grid (false reports left out). */
  incidents: number;
  /** Whether any incident fell on the grid. */
  counted: boolean;
}

/** The Thai calendar day (YYYY-MM-DD) that starts at `d`, or null when `d` is not a Thai midnight. */
function dayStartingAt(d: Date): string | null {
  const day = thaiDay(d);
  const [y, m, dd] = day.split('-').map(Number);
  return thaiMidnight(y, m, dd).getTime() === d.getTime() ? day : null;
}

const DAY_MS = 86_400_000;
/** Days since 1 January 1970 of the Thai calendar day that starts at the Thai midnight `d`. */
const thaiDayNumber = (d: Date) => Math.round((d.getTime() + THAI_UTC_OFFSET_MS) / DAY_MS);
/** Bytes an entry takes in incident_cell_pack.data (migration 021). */
const PACK_CELL_BYTES = 12;

/**
 * Each period's incidents of the provinces in [start, end), false reports left out, within what
 * the viewer may see, on the grid of `areaCodes` x `categories`: each period its own promise (the
 * cells refreshed first), so that a caller can go on with the first period while the others are
 * still read. The caller must await (or catch) every promise.
 *
 * Where they come from (incident cells, migrations 019 and 021):
 * - a period whose bounds are Thai midnights, for a viewer who sees every incident of the
 *   provinces (the analysis roles: restricted ones included, whole provinces in scope): the packed
 *   day cells of its fiscal years, one value per province and year, summed here. Reading the same
 *   day cells as rows costs the server about five times as long (migration 021).
 * - such a period for another viewer: the day cells where the decay is wanted, the quarter cells
 *   where only the burden is and the period is made of whole quarters, summed by the server;
 * - a period whose bounds are not Thai midnights: the incidents themselves.
 * The recency counts an incident's age from the middle of its Thai day to the period end.
 * The statements go out together: on PostgreSQL each runs on its own pooled connection, so the
 * years are read side by side (the embedded engine queues them).
 */
export async function startIncidentGrids(
  db: Queryable, viewer: Viewer, provinces: readonly string[], areaCodes: readonly string[], categories: readonly string[],
  periods: readonly AggregatePeriod[], halfLifeDays: number,
): Promise<Array<Promise<IncidentGrid>>> {
  const days = periods.map((p) => ({ start: dayStartingAt(p.start), end: dayStartingAt(p.end) }));
  const dayAligned = days.map((d) => d.start !== null && d.end !== null);
  if (dayAligned.some(Boolean)) {
    const fys = periods.flatMap((p) => [fiscalYearOf(p.start), fiscalYearOf(new Date(p.end.getTime() - 1))]);
    await refreshCells(db, provinces, Math.min(...fys), Math.max(...fys));
  }
  const n = areaCodes.length;
  const emptyGrid = (): IncidentGrid => ({
    burden: new Float64Array(categories.length * n), recency: new Float64Array(categories.length * n), incidents: 0, counted: false,
  });
  const packed = provinces.every((p) => inScope(viewer, p));
  const seesRestricted = SEES_RESTRICTED.includes(viewer.role);

  // The packs of each fiscal year wanted, read once however many periods share the year.
  const packYears = new Map<number, Promise<Array<{ data: Uint8Array }>>>();
  const packsOf = (fy: number) => {
    let r = packYears.get(fy);
    if (!r) {
      r = db.query<{ data: Uint8Array }>(
        'SELECT data FROM incident_cell_pack WHERE fiscal_year = $1 AND province_code = ANY($2::text[])', [fy, provinces],
      ).then((q) => q.rows);
      r.catch(() => undefined);
      packYears.set(fy, r);
    }
    return r;
  };
  let lookups: Promise<{ areaOf: PackLookup; categoryOf: Int32Array }> | null = null;
  const lookup = () => (lookups ??= db.query<{ id: number; code: string }>('SELECT id, code FROM category').then((r) => {
    const catIndex = new Map(categories.map((c, i) => [c, i]));
    const categoryOf = new Int32Array(CATEGORY_IDS);
    for (const row of r.rows) {
      const c = catIndex.get(row.code);
      if (c !== undefined && row.id < CATEGORY_IDS) categoryOf[row.id] = c + 1;
    }
    return { areaOf: packLookup(areaCodes.map(Number)), categoryOf };
  }));

  return periods.map(async (p, k) => {
    if (dayAligned[k] && packed) {
      const grid = emptyGrid();
      const from = thaiDayNumber(p.start);
      const to = thaiDayNumber(p.end);
      for (let fy = fiscalYearOf(p.start); fy <= fiscalYearOf(new Date(p.end.getTime() - 1)); fy++) {
        const rows = await packsOf(fy);
        const { areaOf, categoryOf } = await lookup();
        const fyStart = thaiDayNumber(fiscalYearPeriod(fy).start);
        // The year's days inside the period, as day offsets in the pack, and their decay weights.
        const lo = Math.max(0, from - fyStart);
        const hi = Math.min(366, to - fyStart);
        let decay: Float64Array | null = null;
        if (p.recency) {
          decay = new Float64Array(Math.max(0, hi - lo));
          for (let d = lo; d < hi; d++) decay[d - lo] = Math.pow(0.5, (to - (fyStart + d) - 0.5) / halfLifeDays);
        }
        for (const row of rows) addPack(row.data, grid, n, areaOf, categoryOf, lo, hi, decay, seesRestricted);
      }
      return grid;
    }
    const agg = await sqlAggregate(db, viewer, provinces, p, days[k], halfLifeDays);
    const grid = emptyGrid();
    const catIndex = new Map(categories.map((c, i) => [c, i]));
    const areaIndex = new Map(areaCodes.map((c, i) => [c, i]));
    for (let j = 0; j < agg.codes.length; j++) {
      const c = catIndex.get(agg.categories[j]);
      const i = areaIndex.get(agg.codes[j]);
      if (c === undefined || i === undefined) continue;
      grid.burden[c * n + i] += agg.burden[j];
      grid.recency[c * n + i] += agg.recency[j];
      grid.incidents += agg.count[j];
      grid.counted = true;
    }
    return grid;
  });
}

/** Category ids a pack can hold (migration 021's check: 1 to 32,767). */
const CATEGORY_IDS = 32_768;
/** Sub-district codes are six digits: a code is an index into a table this long. */
const AREA_CODES = 1_000_000;

/**
 * Index + 1 of each number among `keys` (0: not among them): a table for keys below its length,
 * read once per pack entry, where a Map lookup cost several times as long. A key that does not fit
 * (not a whole number from 0 to 999,999) makes a Map instead.
 */
type PackLookup = Int32Array | Map<number, number>;
function packLookup(keys: readonly number[]): PackLookup {
  if (keys.every((k) => Number.isInteger(k) && k >= 0 && k < AREA_CODES)) {
    const t = new Int32Array(AREA_CODES);
    keys.forEach((k, i) => (t[k] = i + 1));
    return t;
  }
  return new Map(keys.map((k, i) => [k, i + 1]));
}

/**
 * Adds the day cells of one pack (migration 021's layout) whose day offset is in [lo, hi) to
 * `grid`: severities to the burden, severities times decay[day - lo] to the recency.
 */
function addPack(
  data: Uint8Array, grid: IncidentGrid, n: number, areaOf: PackLookup, categoryOf: Int32Array,
  lo: number, hi: number, decay: Float64Array | null, seesRestricted: boolean,
): void {
  if (data.byteLength % PACK_CELL_BYTES !== 0) throw new Error(`incident_cell_pack: ${data.byteLength} bytes is not a whole number of ${PACK_CELL_BYTES}-byte entries`);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const { burden, recency } = grid;
  for (let o = 0; o < data.byteLength; o += PACK_CELL_BYTES) {
    const dayAndFlag = v.getInt16(o + 6);
    const day = dayAndFlag & 16383;
    if (day < lo || day >= hi) continue;
    if (!seesRestricted && dayAndFlag & 16384) continue;
    const code = v.getInt32(o);
    const i1 = areaOf instanceof Int32Array ? (code >= 0 && code < AREA_CODES ? areaOf[code] : 0) : (areaOf.get(code) ?? 0);
    const c1 = categoryOf[v.getInt16(o + 4) & 32767];
    // Inactive categories are not analysed; an incident outside the areas cannot be ranked.
    if (i1 === 0 || c1 === 0) continue;
    const g = (c1 - 1) * n + (i1 - 1);
    const severity = v.getInt16(o + 10);
    burden[g] += severity;
    if (decay) recency[g] += severity * decay[day - lo];
    grid.incidents += v.getInt16(o + 8);
    grid.counted = true;
  }
}

/**
 * One period's sums per sub-district and category, summed by the server: from the day cells (or
 * the quarter cells when only the burden of whole fiscal quarters is wanted), or from the
 * incidents when the bounds are not Thai midnights. Grouped on category_id with the codes joined
 * after: a lookup per group, not per incident. One row of JSON arrays, which Node parses natively
 * (one row per group costs far more on the embedded engine).
 */
async function sqlAggregate(
  db: Queryable, viewer: Viewer, provinces: readonly string[], p: AggregatePeriod, days: { start: string | null; end: string | null }, halfLifeDays: number,
): Promise<IncidentAggregate> {
  const { start, end } = days;
  let params: unknown[];
  let from: string;
  const quarters = p.recency || !start || !end ? null : wholeFiscalQuarters(p);
  if (!start || !end) {
    params = [provinces, p.start, p.end, halfLifeDays];
    const vis = incidentVisibility(viewer, params, 'i');
    const recency = p.recency
      ? 'sum(i.severity * power(0.5, extract(epoch FROM ($3::timestamptz - i.occurred_at)) / 86400.0 / $4::float8))::float8'
      : '0::float8 + 0 * $4::float8';
    from = `SELECT i.subdistrict_code AS code, i.category_id, sum(i.severity)::float8 AS burden, ${recency} AS recency, count(*)::int AS n
           FROM incident i
           WHERE i.province_code = ANY($1::text[]) AND i.occurred_at >= $2 AND i.occurred_at < $3
             AND i.status <> 'false_report' AND ${vis}
           GROUP BY i.subdistrict_code, i.category_id`;
  } else if (quarters) {
    const [a, b] = [quarters[0], quarters[quarters.length - 1]];
    params = [provinces, a.fy, b.fy, a.fy * 10 + a.q, b.fy * 10 + b.q];
    const vis = cellVisibility(viewer, params, 'c');
    from = `SELECT c.subdistrict_code AS code, c.category_id, sum(c.severity)::float8 AS burden, 0::float8 AS recency, sum(c.n)::int AS n
           FROM incident_cell_quarter c
           WHERE c.province_code IN (SELECT unnest($1::text[])) AND c.fiscal_year BETWEEN $2 AND $3
             AND c.fiscal_year * 10 + c.quarter BETWEEN $4 AND $5 AND ${vis}
           GROUP BY 1, 2`;
  } else {
    params = [provinces, start, end, halfLifeDays, fiscalYearOf(p.start), fiscalYearOf(new Date(p.end.getTime() - 1))];
    const vis = cellVisibility(viewer, params, 'c');
    const recency = p.recency
      ? 'sum(c.severity * power(0.5, (($3::date - c.day)::float8 - 0.5) / $4::float8))::float8'
      : '0::float8 + 0 * $4::float8';
    from = `SELECT c.subdistrict_code AS code, c.category_id, sum(c.severity)::float8 AS burden, ${recency} AS recency, sum(c.n)::int AS n
           FROM incident_cell_day c
           WHERE c.province_code IN (SELECT unnest($1::text[])) AND c.fiscal_year BETWEEN $5 AND $6
             AND c.day >= $2::date AND c.day < $3::date AND ${vis}
           GROUP BY 1, 2`;
  }
  const r = await db.query<{ codes: string[] | null; cats: string[] | null; burden: number[] | null; recency: number[] | null; n: number[] | null }>(
    `SELECT json_agg(g.code) AS codes, json_agg(c.code) AS cats, json_agg(g.burden) AS burden, json_agg(g.recency) AS recency, json_agg(g.n) AS n
     FROM (${from}) g
     JOIN category c ON c.id = g.category_id`,
    params,
  );
  const row = r.rows[0];
  return { codes: row?.codes ?? [], categories: row?.cats ?? [], burden: row?.burden ?? [], recency: row?.recency ?? [], count: row?.n ?? [] };
}

/**
 * The data cut-off: the latest change to an incident of the provinces, or now when there is none.
 * Rounded up to the millisecond, since JavaScript dates hold no microseconds and a cut-off cut
 * down would leave out the very incident that set it.
 */
export async function dataCutoff(db: Queryable, provinces: readonly string[]): Promise<Date> {
  const r = await db.query<{ at: Date }>(
    // One backward step in incident_province_updated_idx per province (migration 008), where
    // max over province_code = ANY(...) would read every incident of the provinces.
    `SELECT date_trunc('milliseconds', coalesce(max(m.at), now()) + interval '999 microseconds') AS at
     FROM unnest($1::text[]) AS p(code)
     CROSS JOIN LATERAL (SELECT max(i.updated_at) AS at FROM incident i WHERE i.province_code = p.code) m`,
    [provinces],
  );
  return new Date(r.rows[0].at);
}

/**
 * Incidents of one sub-district per quarter (given as [start, end) bounds) and category, created
 * by the cut-off, false reports left out, within what the viewer may see.
 */
export async function quarterCounts(
  db: Queryable, viewer: Viewer, code: string, starts: Date[], ends: Date[], cutoff: Date,
): Promise<Array<{ q: number; category: string; n: number; burden: number }>> {
  const params: unknown[] = [code, starts, ends, cutoff];
  const vis = incidentVisibility(viewer, params, 'i');
  const r = await db.query<{ q: number; category: string; n: number; burden: number }>(
    `SELECT q.ord::int AS q, c.code AS category, count(*)::int AS n, sum(i.severity)::float8 AS burden
     FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS q(s, e, ord)
     JOIN incident i ON i.subdistrict_code = $1 AND i.occurred_at >= q.s AND i.occurred_at < q.e
     JOIN category c ON c.id = i.category_id
     WHERE i.status <> 'false_report' AND i.created_at <= $4 AND ${vis}
     GROUP BY q.ord, c.code ORDER BY q.ord, c.code`,
    params,
  );
  return r.rows;
}

export interface RunRow {
  id: string;
  profile_id: number | null;
  profile_name: string;
  profile_snapshot: unknown;
  period_label: string;
  period_start: Date;
  period_end: Date;
  province_codes: string[];
  data_cutoff: Date;
  area_count: number;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
}

export interface RunInsert {
  profileId: number;
  profileName: string;
  profile: unknown;
  periodLabel: string;
  start: Date;
  end: Date;
  provinces: string[];
  cutoff: Date;
  areaCount: number;
  /** The summary as JSON text (the caller builds it, partly ahead of time), stored as json (migration 020). */
  summaryJson: string;
  userId: number;
}

const RUN_COLUMNS = `r.id::text AS id, r.profile_id, r.profile_name, r.profile_snapshot, r.period_label, r.period_start, r.period_end,
  r.province_codes, r.data_cutoff, r.area_count, r.created_by, u.username AS created_by_name, r.created_at`;

export async function insertRun(db: Queryable, w: RunInsert): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO analysis_run (profile_id, profile_name, profile_snapshot, period_label, period_start, period_end, province_codes, data_cutoff, area_count, summary, created_by)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::text[], $8, $9, $10::json, $11) RETURNING id::text AS id`,
    [w.profileId, w.profileName, JSON.stringify(w.profile), w.periodLabel, w.start, w.end, w.provinces, w.cutoff, w.areaCount, w.summaryJson, w.userId],
  );
  return r.rows[0].id;
}

/**
 * Runs, newest first. With `scope` (the viewer's area codes), only runs whose every province is
 * inside the scope.
 */
export async function listRuns(db: Queryable, scope: string[], limit: number, offset: number): Promise<{ total: number; rows: RunRow[] }> {
  const where = scope.length
    ? `WHERE NOT EXISTS (SELECT 1 FROM unnest(r.province_codes) p WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE p LIKE s || '%'))`
    : 'WHERE $1::text[] IS NOT NULL';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM analysis_run r ${where}`, [scope]);
  const rows = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM analysis_run r LEFT JOIN app_user u ON u.id = r.created_by ${where}
     ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3`,
    [scope, limit, offset],
  );
  return { total: total.rows[0].n, rows: rows.rows };
}

export async function getRun(db: Queryable, id: string): Promise<(RunRow & { summary: unknown }) | null> {
  const r = await db.query<RunRow & { summary: unknown }>(
    `SELECT ${RUN_COLUMNS}, r.summary FROM analysis_run r LEFT JOIN app_user u ON u.id = r.created_by WHERE r.id = $1::bigint`,
    [id],
  );
  return r.rows[0] ?? null;
}
