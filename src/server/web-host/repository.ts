/** The SQL behind /api/config. */
import type { Queryable } from '../db/database.ts';

/** [minLon, minLat, maxLon, maxLat] of every province in the installation, or null when none. */
export async function readAreaExtent(db: Queryable): Promise<[number, number, number, number] | null> {
  const r = await db.query<{ x0: number | null; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(geom) AS e FROM area WHERE level = 1) s`,
  );
  const row = r.rows[0];
  if (!row || row.x0 === null) return null;
  return [row.x0, row.y0, row.x1, row.y1];
}

/** Whether the synthetic demo province is loaded. */
export async function hasDemoAreas(db: Queryable): Promise<boolean> {
  const r = await db.query<{ demo: boolean }>('SELECT EXISTS (SELECT 1 FROM area WHERE is_demo) AS demo');
  return r.rows[0].demo;
}
