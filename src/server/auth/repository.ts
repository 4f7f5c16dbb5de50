import type { Queryable } from '../db/database.ts';
import type { Role } from './viewer.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  agency_id: number | null;
  agency: string | null;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
  area_codes: string[];
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.password_hash, u.role, u.agency_id, (SELECT g.name_th FROM agency g WHERE g.id = u.agency_id) AS agency, u.active,
  u.failed_logins, u.locked_until, u.must_change_password, u.created_at, u.updated_at,
  COALESCE((SELECT array_agg(ua.area_code ORDER BY ua.area_code) FROM user_area ua WHERE ua.user_id = u.id), '{}') AS area_codes`;

export async function findUserByName(db: Queryable, username: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.username = $1`, [username])).rows[0];
}

export async function findUserById(db: Queryable, id: number): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id])).rows[0];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user u ORDER BY u.username`)).rows;
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user')).rows[0].n;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  agencyId: number | null;
  mustChangePassword: boolean;
}

export async function insertUser(db: Queryable, u: NewUser): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, role, agency_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [u.username, u.displayName, u.passwordHash, u.role, u.agencyId, u.mustChangePassword],
  );
  return r.rows[0].id;
}

export async function updateUser(
  db: Queryable,
  id: number,
  patch: { displayName?: string; role?: Role; agencyId?: number | null; active?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE app_user SET
       display_name = COALESCE($2, display_name),
       role = COALESCE($3, role),
       agency_id = CASE WHEN $4::boolean THEN $5::int ELSE agency_id END,
       active = COALESCE($6, active),
       updated_at = now()
     WHERE id = $1`,
    [id, patch.displayName ?? null, patch.role ?? null, patch.agencyId !== undefined, patch.agencyId ?? null, patch.active ?? null],
  );
}

export async function agencyExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM agency WHERE id = $1', [id])).rows.length > 0;
}

export async function setUserAreas(db: Queryable, id: number, codes: string[]): Promise<void> {
  await db.query('DELETE FROM user_area WHERE user_id = $1', [id]);
  if (codes.length) {
    await db.query('INSERT INTO user_area (user_id, area_code) SELECT $1, unnest($2::text[])', [id, codes]);
  }
}

export async function existingAreaCodes(db: Queryable, codes: string[]): Promise<string[]> {
  return (await db.query<{ code: string }>('SELECT code FROM area WHERE code = ANY($1::text[])', [codes])).rows.map((r) => r.code);
}

export async function setPassword(db: Queryable, id: number, hash: string, mustChange: boolean): Promise<void> {
  await db.query(
    'UPDATE app_user SET password_hash = $2, must_change_password = $3, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1',
    [id, hash, mustChange],
  );
}

export async function recordFailedLogin(db: Queryable, id: number, maxFailures: number, lockMinutes: number): Promise<void> {
  await db.query(
    `UPDATE app_user SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1`,
    [id, maxFailures, lockMinutes],
  );
}

export async function recordGoodLogin(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
}

export async function insertSession(db: Queryable, tokenHash: string, userId: number, hours: number): Promise<void> {
  await db.query(
    `INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [tokenHash, userId, hours],
  );
}

export async function findSessionUser(db: Queryable, tokenHash: string): Promise<UserRow | undefined> {
  return (
    await db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [tokenHash],
    )
  ).rows[0];
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash]);
}

export async function deleteUserSessions(db: Queryable, userId: number, exceptHash?: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2', [userId, exceptHash ?? '']);
}

export async function purgeExpiredSessions(db: Queryable): Promise<void> {
  await db.query('DELETE FROM user_session WHERE expires_at < now()');
}
