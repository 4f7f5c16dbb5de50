import type { Queryable } from '../db/database.ts';

export interface AuditEntry {
  id: number;
  at: Date;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface AuditWrite {
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Writes one audit record, in the caller's transaction so it commits with the change. */
export async function insertAudit(db: Queryable, e: AuditWrite): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (user_id, username, action, entity, entity_id, before, after, details)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)`,
    [e.userId, e.username, e.action, e.entity, e.entityId == null ? null : String(e.entityId), json(e.before), json(e.after), json(e.details)],
  );
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: number;
  limit: number;
  offset: number;
}

export async function listAudit(db: Queryable, f: AuditFilter): Promise<{ total: number; items: AuditEntry[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.entity) {
    params.push(f.entity);
    where.push(`entity = $${params.length}`);
  }
  if (f.entityId) {
    params.push(f.entityId);
    where.push(`entity_id = $${params.length}`);
  }
  if (f.userId) {
    params.push(f.userId);
    where.push(`user_id = $${params.length}`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${w}`, params)).rows[0].n;
  params.push(f.limit, f.offset);
  const items = (
    await db.query<AuditEntry>(
      `SELECT id, at, user_id, username, action, entity, entity_id, before, after, details
       FROM audit_log ${w} ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )
  ).rows;
  return { total, items };
}
