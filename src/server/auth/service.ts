/** Users, passwords and sessions. Passwords are hashed with argon2id; tokens are stored hashed. */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Database, Queryable } from '../db/database.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import * as repo from './repository.ts';
import type { UserRow } from './repository.ts';
import { ROLES, type Role, type Viewer } from './viewer.ts';

/** Failed sign-ins in a row before the account locks. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A random password that is easy to type from a console: 20 characters, no look-alikes. */
export function randomPassword(length = 20): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}

export function checkPasswordStrength(password: string, username: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(`password must have at least ${MIN_PASSWORD_LENGTH} characters`, [
      { field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw badRequest('password must not contain the user name', [{ field: 'password', message: 'contains the user name' }]);
  }
}

export function toViewer(u: UserRow): Viewer {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: u.agency_id,
    agency: u.agency,
    areaCodes: u.area_codes ?? [],
    mustChangePassword: u.must_change_password,
  };
}

/** The public face of a user (never the hash). */
export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: u.agency_id,
    agency: u.agency,
    active: u.active,
    areaCodes: u.area_codes ?? [],
    mustChangePassword: u.must_change_password,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

export interface CreateUserInput {
  username: string;
  displayName?: string;
  password: string;
  role: Role;
  /** The agency (registry id) the user belongs to. */
  agencyId?: number | null;
  areaCodes?: string[];
  mustChangePassword?: boolean;
}

function auditUser(u: UserRow | undefined) {
  if (!u) return null;
  const { password_hash: _h, ...rest } = u;
  return rest;
}

async function checkAreas(db: Queryable, codes: string[]): Promise<void> {
  if (!codes.length) return;
  const found = new Set(await repo.existingAreaCodes(db, codes));
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length) {
    throw badRequest(`unknown area code(s): ${missing.join(', ')}`, [{ field: 'areaCodes', message: `unknown: ${missing.join(', ')}` }]);
  }
}

async function checkAgency(db: Queryable, agencyId: number | null | undefined): Promise<void> {
  if (agencyId == null) return;
  if (!(await repo.agencyExists(db, agencyId))) {
    throw badRequest(`no agency with id ${agencyId}`, [{ field: 'agencyId', message: 'unknown agency' }]);
  }
}

/** Creates a user; `actor` is null when done from the command line. */
export async function createUser(db: Database, input: CreateUserInput, actor: Viewer | null): Promise<UserRow> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username)) {
    throw badRequest('user name must be 2-64 characters: letters a-z, digits, dot, dash or underscore', [
      { field: 'username', message: 'invalid user name' },
    ]);
  }
  if (!ROLES.includes(input.role)) throw badRequest(`role must be one of ${ROLES.join(', ')}`, [{ field: 'role', message: 'invalid role' }]);
  checkPasswordStrength(input.password, username);
  const areaCodes = [...new Set(input.areaCodes ?? [])];
  if (input.role === 'area_officer' && areaCodes.length === 0) {
    throw badRequest('an area officer needs at least one area (district or sub-district code)', [
      { field: 'areaCodes', message: 'required for area officers' },
    ]);
  }
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await repo.findUserByName(tx, username)) throw conflict(`user name "${username}" is already taken`);
    await checkAreas(tx, areaCodes);
    await checkAgency(tx, input.agencyId);
    const id = await repo.insertUser(tx, {
      username,
      displayName: input.displayName?.trim() || username,
      passwordHash: hash,
      role: input.role,
      agencyId: input.agencyId ?? null,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    await repo.setUserAreas(tx, id, areaCodes);
    const created = (await repo.findUserById(tx, id))!;
    await insertAudit(tx, {
      userId: actor?.userId ?? null,
      username: actor?.username ?? 'cli',
      action: 'create',
      entity: 'user',
      entityId: id,
      after: auditUser(created),
    });
    return created;
  });
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  agencyId?: number | null;
  active?: boolean;
  areaCodes?: string[];
  password?: string;
}

export async function updateUserByAdmin(db: Database, id: number, input: UpdateUserInput, actor: Viewer): Promise<UserRow> {
  const hash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const before = await repo.findUserById(tx, id);
    if (!before) throw notFound('user');
    if (input.password) checkPasswordStrength(input.password, before.username);
    const role = input.role ?? before.role;
    const areas = input.areaCodes ? [...new Set(input.areaCodes)] : before.area_codes;
    if (role === 'area_officer' && areas.length === 0) {
      throw badRequest('an area officer needs at least one area', [{ field: 'areaCodes', message: 'required for area officers' }]);
    }
    if (id === actor.userId && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw badRequest('you cannot deactivate yourself or remove your own administrator role');
    }
    await checkAgency(tx, input.agencyId);
    await repo.updateUser(tx, id, input);
    if (input.areaCodes) {
      await checkAreas(tx, areas);
      await repo.setUserAreas(tx, id, areas);
    }
    if (hash) {
      await repo.setPassword(tx, id, hash, true);
      await repo.deleteUserSessions(tx, id);
    }
    if (input.active === false) await repo.deleteUserSessions(tx, id);
    const after = (await repo.findUserById(tx, id))!;
    await insertAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: 'update',
      entity: 'user',
      entityId: id,
      before: auditUser(before),
      after: auditUser(after),
      details: hash ? { passwordReset: true } : undefined,
    });
    return after;
  });
}

export type LoginResult = { ok: true; token: string; user: UserRow } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

/**
 * Checks a user name and password. After MAX_FAILED_LOGINS failures in a row the account is locked
 * for LOCK_MINUTES; every failure also costs the caller a short wait, so guessing is slow.
 */
export async function login(db: Database, username: string, password: string, sessionHours: number, ip: string | null): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  const user = await repo.findUserByName(db, name);
  if (user && user.locked_until && user.locked_until > new Date()) {
    await insertAudit(db, { userId: user.id, username: name, action: 'login_refused', entity: 'session', details: { ip, reason: 'locked' } });
    return { ok: false, reason: 'locked', lockedUntil: user.locked_until };
  }
  // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
  const hash = user?.password_hash ?? (await dummyHash());
  const good = await argon2.verify(hash, password).catch(() => false);
  if (!user || !good || !user.active) {
    if (user) await repo.recordFailedLogin(db, user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
    await insertAudit(db, { userId: user?.id ?? null, username: name, action: 'login_failed', entity: 'session', details: { ip } });
    await new Promise((r) => setTimeout(r, 250 + Math.min(user?.failed_logins ?? 0, 10) * 100));
    const after = user ? await repo.findUserById(db, user.id) : undefined;
    if (after?.locked_until && after.locked_until > new Date()) return { ok: false, reason: 'locked', lockedUntil: after.locked_until };
    return { ok: false, reason: 'invalid' };
  }
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await repo.recordGoodLogin(tx, user.id);
    await repo.insertSession(tx, sha256(token), user.id, sessionHours);
    await insertAudit(tx, { userId: user.id, username: user.username, action: 'login', entity: 'session', details: { ip } });
  });
  return { ok: true, token, user };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomPassword());
  return dummy;
}

export async function viewerFromToken(db: Queryable, token: string): Promise<Viewer | null> {
  const u = await repo.findSessionUser(db, sha256(token));
  return u ? toViewer(u) : null;
}

export async function logout(db: Database, token: string, viewer: Viewer | null): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.deleteSession(tx, sha256(token));
    if (viewer) await insertAudit(tx, { userId: viewer.userId, username: viewer.username, action: 'logout', entity: 'session' });
  });
}

export async function changePassword(db: Database, viewer: Viewer, current: string, next: string, token: string): Promise<void> {
  const user = await repo.findUserById(db, viewer.userId);
  if (!user) throw notFound('user');
  if (!(await argon2.verify(user.password_hash, current).catch(() => false))) {
    throw new AppError(400, 'wrong_password', 'the current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
  }
  checkPasswordStrength(next, user.username);
  if (next === current) throw badRequest('the new password must differ from the current one', [{ field: 'newPassword', message: 'same as current' }]);
  const hash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await repo.setPassword(tx, user.id, hash, false);
    await repo.deleteUserSessions(tx, user.id, sha256(token));
    await insertAudit(tx, { userId: user.id, username: user.username, action: 'update', entity: 'user', entityId: user.id, details: { passwordChanged: true } });
  });
}

/**
 * On a first start with no user, creates an administrator with a random password and returns it
 * (the caller prints it once). Never a fixed default password.
 */
export async function ensureFirstAdmin(db: Database): Promise<{ username: string; password: string } | null> {
  if ((await repo.countUsers(db)) > 0) return null;
  const password = randomPassword();
  await createUser(db, { username: 'admin', displayName: 'ผู้ดูแลระบบ (Administrator)', password, role: 'admin', mustChangePassword: true }, null);
  return { username: 'admin', password };
}
