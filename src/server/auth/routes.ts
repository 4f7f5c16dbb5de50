import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { AppError } from '../errors.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { listAudit } from '../audit/repository.ts';
import * as service from './service.ts';
import * as repo from './repository.ts';
import { ROLES } from './viewer.ts';

export const SESSION_COOKIE = 'comap_session';

const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  agencyId: Type.Union([Type.Integer(), Type.Null()]),
  agency: Type.Union([Type.String({ description: 'the Thai name of the agency' }), Type.Null()]),
  active: Type.Boolean(),
  areaCodes: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  agencyId: Type.Union([Type.Integer(), Type.Null()]),
  agency: Type.Union([Type.String({ description: 'the Thai name of the agency' }), Type.Null()]),
  areaCodes: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
});

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

/** Sign-in, sign-out, password change, user administration and the audit log. */
export async function authRoutes(app: App, { db, config }: AppContext): Promise<void> {
  // Resolve the session cookie into a viewer for every request.
  app.addHook('onRequest', async (req) => {
    req.viewer = null;
    req.sessionToken = null;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token && token.length < 200) {
      req.sessionToken = token;
      req.viewer = await service.viewerFromToken(db, token);
    }
  });

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 200: MeSchema, ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (req, reply) => {
      const r = await service.login(db, req.body.username, req.body.password, config.sessionHours, req.ip);
      if (!r.ok) {
        if (r.reason === 'locked') {
          throw new AppError(423, 'locked', `too many failed sign-ins: the account is locked until ${r.lockedUntil?.toISOString()}`);
        }
        throw new AppError(401, 'invalid_credentials', 'wrong user name or password');
      }
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: '/',
        maxAge: config.sessionHours * 3600,
      });
      const v = service.toViewer(r.user);
      return { id: v.userId, username: v.username, displayName: v.displayName, role: v.role, agencyId: v.agencyId, agency: v.agency, areaCodes: v.areaCodes, mustChangePassword: v.mustChangePassword };
    },
  );

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], response: { 200: OkSchema } } }, async (req, reply) => {
    if (req.sessionToken) await service.logout(db, req.sessionToken, req.viewer);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: MeSchema, ...errorResponses } } }, async (req) => {
    const v = requireViewer(req);
    return { id: v.userId, username: v.username, displayName: v.displayName, role: v.role, agencyId: v.agencyId, agency: v.agency, areaCodes: v.areaCodes, mustChangePassword: v.mustChangePassword };
  });

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        body: Type.Object({ currentPassword: Type.String({ maxLength: 1024 }), newPassword: Type.String({ maxLength: 1024 }) }),
        response: { 200: OkSchema, ...errorResponses },
      },
    },
    async (req) => {
      const v = requireViewer(req);
      await service.changePassword(db, v, req.body.currentPassword, req.body.newPassword, req.sessionToken!);
      return { ok: true };
    },
  );

  app.get('/api/users', { schema: { tags: ['users'], response: { 200: Type.Array(UserSchema), ...errorResponses } } }, async (req) => {
    requireRole(req, ['admin']);
    return (await repo.listUsers(db)).map(service.publicUser);
  });

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        body: Type.Object({
          username: Type.String({ maxLength: 64 }),
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
          password: Type.String({ maxLength: 1024 }),
          role: RoleSchema,
          agencyId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          areaCodes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,8}$' }), { maxItems: 1000 })),
        }),
        response: { 201: UserSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ['admin']);
      const u = await service.createUser(db, { ...req.body, mustChangePassword: true }, actor);
      reply.code(201);
      return service.publicUser(u);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        params: Type.Object({ id: Type.Integer() }),
        body: Type.Object({
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(RoleSchema),
          agencyId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          active: Type.Optional(Type.Boolean()),
          areaCodes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,8}$' }), { maxItems: 1000 })),
          password: Type.Optional(Type.String({ maxLength: 1024 })),
        }),
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      const u = await service.updateUserByAdmin(db, req.params.id, req.body, actor);
      return service.publicUser(u);
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: Type.Object({
          entity: Type.Optional(Type.String({ maxLength: 50 })),
          entityId: Type.Optional(Type.String({ maxLength: 50 })),
          userId: Type.Optional(Type.Integer()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                userId: Type.Union([Type.Integer(), Type.Null()]),
                username: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                entity: Type.String(),
                entityId: Type.Union([Type.String(), Type.Null()]),
                before: Type.Unknown(),
                after: Type.Unknown(),
                details: Type.Unknown(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const r = await listAudit(db, req.query);
      return {
        total: r.total,
        items: r.items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          userId: e.user_id,
          username: e.username,
          action: e.action,
          entity: e.entity,
          entityId: e.entity_id,
          before: e.before,
          after: e.after,
          details: e.details,
        })),
      };
    },
  );

  // Keep the session table small.
  const purge = setInterval(() => void repo.purgeExpiredSessions(db).catch(() => undefined), 3600_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
}
