/**
 * SQL of the annual report that the dashboard does not already give: the projects of the year one
 * row each (title, agency, budget, status, the latest progress known at the cut-off, their areas),
 * and the province's boundaries for the map, simplified in PostGIS, in one query.
 */
import type { Queryable } from '../db/database.ts';
import { countedProjects } from '../dashboard/repository.ts';

export interface AnnualProjectRow {
  id: number;
  title: string;
  agency_id: number;
  agency_code: string;
  agency_th: string;
  status: string;
  budget_baht: number;
  categories: string[];
  start_date: string | null;
  end_date: string | null;
  /** The latest progress report reported by the cut-off, if any. */
  percent_done: number | null;
  spent_baht: number | null;
  report_fy: number | null;
  report_quarter: number | null;
  area_codes: string[];
  area_names: string[];
  area_levels: number[];
}

/**
 * The projects of a province and fiscal year begun by `lastDay` (a Thai calendar day, YYYY-MM-DD;
 * a project without a start date counts from the start), with the latest progress reported
 * before `asOf`, restricted to projects touching the viewer's scope (null = no limit, [] =
 * nothing): the same projects the dashboard counts.
 */
export async function projectsOfYear(db: Queryable, province: string, fy: number, lastDay: string, asOf: Date, scope: string[] | null): Promise<AnnualProjectRow[]> {
  return (
    await db.query<AnnualProjectRow>(
      `WITH p AS (
         SELECT p.id, p.title, p.agency_id, p.status, p.budget_baht, p.categories, p.start_date, p.end_date
         FROM project p
         WHERE ${countedProjects('p', 1, 2, 5, 4)}
       )
       SELECT p.id::int AS id, p.title, p.agency_id, g.code AS agency_code, g.name_th AS agency_th, p.status,
              p.budget_baht::float8 AS budget_baht, p.categories, p.start_date::text AS start_date, p.end_date::text AS end_date,
              lp.percent_done::float8 AS percent_done, lp.spent_baht::float8 AS spent_baht,
              lp.fiscal_year AS report_fy, lp.quarter::int AS report_quarter,
              ar.codes AS area_codes, ar.names AS area_names, ar.levels AS area_levels
       FROM p
       JOIN agency g ON g.id = p.agency_id
       LEFT JOIN LATERAL (
         SELECT pp.percent_done, pp.spent_baht, pp.fiscal_year, pp.quarter FROM project_progress pp
         WHERE pp.project_id = p.id AND pp.reported_at <= $3
         ORDER BY pp.fiscal_year DESC, pp.quarter DESC LIMIT 1
       ) lp ON true
       LEFT JOIN LATERAL (
         SELECT array_agg(pa.area_code ORDER BY pa.area_code) AS codes, array_agg(a.name_th ORDER BY pa.area_code) AS names,
                array_agg(a.level::int ORDER BY pa.area_code) AS levels
         FROM project_area pa JOIN area a ON a.code = pa.area_code WHERE pa.project_id = p.id
       ) ar ON true
       ORDER BY g.name_th, p.title, p.id`,
      [province, fy, asOf, scope, lastDay],
    )
  ).rows.map((r) => ({ ...r, area_codes: r.area_codes ?? [], area_names: r.area_names ?? [], area_levels: r.area_levels ?? [] }));
}

export interface MapAreaRow {
  code: string;
  level: number;
  name_th: string;
  /** GeoJSON of the simplified boundary (provinces, districts, sub-districts); null for villages. */
  geojson: string | null;
  lon: number | null;
  lat: number | null;
}

/**
 * The province, its districts and sub-districts with boundaries simplified by `tolerance`
 * degrees, and the label points of the given villages, in one query (a few hundred rows).
 * Coordinates are rounded to 5 decimals (about a metre), far below what a printed page shows.
 */
export async function provinceMapAreas(db: Queryable, province: string, villages: string[], tolerance: number): Promise<MapAreaRow[]> {
  return (
    await db.query<MapAreaRow>(
      `SELECT code, level::int AS level, name_th,
              CASE WHEN level <= 3 THEN ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, $2), 5) END AS geojson,
              ST_X(label_point) AS lon, ST_Y(label_point) AS lat
       FROM area
       WHERE province_code = $1 AND (level <= 3 OR code = ANY($3::text[]))
       ORDER BY level, code`,
      [province, tolerance, villages],
    )
  ).rows;
}
