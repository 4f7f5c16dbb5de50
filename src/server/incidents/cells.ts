/**
 * Incident cells (migration 019): incidents counted per sub-district, category, classification and
 * Thai day (incident_cell_day) or fiscal quarter (incident_cell_quarter), false reports left out.
 * Writers only mark the chunks (province x fiscal year) they touched as stale; a reader refreshes
 * the chunks it is about to read, which costs one indexed look-up when none is stale.
 */
import type { Queryable } from '../db/database.ts';

/**
 * Rebuilds the stale chunks of `provinces` (every province when null) in fiscal years
 * [fyFrom, fyTo]; returns how many it rebuilt. Waits for a writer that is still committing a
 * change to one of them, so that what the caller reads next includes it.
 */
export async function refreshCells(db: Queryable, provinces: readonly string[] | null, fyFrom: number, fyTo: number): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT incident_cells_refresh($1::text[], $2, $3) AS n', [provinces, fyFrom, fyTo]);
  return r.rows[0].n;
}

/** Rebuilds every stale chunk (after an import, so that the first reader does not wait for it). */
export async function refreshAllCells(db: Queryable): Promise<number> {
  return refreshCells(db, null, 0, 32767);
}
