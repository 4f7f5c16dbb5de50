import type { Queryable } from '../db/database.ts';

export async function countAreas(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM area')).rows[0].n;
}
