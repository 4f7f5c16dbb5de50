import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Viewer, Role } from './auth/viewer.ts';
import { forbidden, unauthorized } from './errors.ts';

/** The Fastify instance with TypeBox schemas as the source of types. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What every feature module receives. */
export interface AppContext {
  db: Database;
  config: Config;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers callers who are not signed in (every other API and tile route refuses them). */
    public?: boolean;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
    sessionToken: string | null;
  }
}

/** The signed-in user, or a 401. */
export function requireViewer(req: FastifyRequest): Viewer {
  if (!req.viewer) throw unauthorized();
  return req.viewer;
}

/** The signed-in user if their role is one of `roles`, else 401/403. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Viewer {
  const v = requireViewer(req);
  if (!roles.includes(v.role)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
  return v;
}
