/** Builds the COMAP HTTP server: API, tiles and the web app, from one Fastify instance. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App, AppContext } from './context.ts';
import { AppError, unauthorized } from './errors.ts';
import { nullableAsTypeList } from './schema-common.ts';
import { authRoutes } from './auth/routes.ts';
import { categoryRoutes } from './categories/routes.ts';
import { areaRoutes } from './areas/routes.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { tileRoutes } from './tiles/routes.ts';
import { metaRoutes } from './web-host/routes.ts';
import { backupRoutes } from './backup/routes.ts';
import { analysisRoutes } from './analysis/routes.ts';
import { targetRoutes } from './targets/routes.ts';
import { agencyRoutes } from './agencies/routes.ts';
import { projectRoutes } from './projects/routes.ts';
import { projectImportRoutes } from './projects/import-routes.ts';
import { indicatorRoutes } from './indicators/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { annualReportRoutes } from './reports/annual-routes.ts';
import { publicFeedbackRoutes } from './feedback/public-routes.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { evaluationRoutes } from './evaluation/routes.ts';
import { boardRoutes } from './board/routes.ts';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BuildOptions {
  /** Log requests (off in tests). */
  logger?: boolean | object;
}

/** Creates the app with every feature module registered; call `listen` or `inject` on it. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Before any route: "none" sent as null must reach the route as null (see nullableAsTypeList).
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of ['body', 'querystring', 'params']) if (schema[part]) schema[part] = nullableAsTypeList(schema[part]);
  });

  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 1, fields: 20 },
    // Reaching the limit must fail the upload, never import a truncated file.
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: { info: { title: 'COMAP API', version: '0.1.0', description: 'Common Operation Map' } },
  });

  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, details: err.details });
    }
    if (err.validation) {
      const details = err.validation.map((v: any) => ({
        field: (v.instancePath || v.params?.missingProperty || '').replace(/^\//, '').replace(/\//g, '.') || v.params?.missingProperty || undefined,
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: 'bad_request', message: `invalid ${err.validationContext ?? 'request'}: ${err.message}`, details });
    }
    if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return reply.code(400).send({ error: 'bad_request', message: 'send one file per upload (with at most 20 form fields)', details: [] });
    }
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
      return reply.code(413).send({
        error: 'too_large',
        message: `the file is larger than the limit of ${ctx.config.maxUploadMb} MB`,
        details: [],
      });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: 'bad_request', message: err.message, details: [] });
    }
    req.log.error(err);
    return reply.code(500).send({ error: 'internal', message: 'internal error: the change was not made; see the server log', details: [] });
  });

  // Defence in depth: an API or tile route is for signed-in users unless it says otherwise, so a
  // route that forgets its own check still leaks nothing. Runs before body validation, so a caller
  // without a session learns nothing about the route either.
  app.addHook('preValidation', async (req) => {
    const path = req.url;
    if (!path.startsWith('/api/') && !path.startsWith('/tiles/') && !path.startsWith('/basemap/')) return;
    if (req.viewer || req.routeOptions.config?.public) return;
    throw unauthorized();
  });

  const typed = app;
  await authRoutes(typed, ctx);
  await categoryRoutes(typed, ctx);
  await areaRoutes(typed, ctx);
  await incidentRoutes(typed, ctx);
  await tileRoutes(typed, ctx);
  await metaRoutes(typed, ctx);
  await backupRoutes(typed, ctx);
  await analysisRoutes(typed, ctx);
  await targetRoutes(typed, ctx);
  await agencyRoutes(typed, ctx);
  await projectImportRoutes(typed, ctx);
  await projectRoutes(typed, ctx);
  await indicatorRoutes(typed, ctx);
  await dashboardRoutes(typed, ctx);
  await annualReportRoutes(typed, ctx);
  await publicFeedbackRoutes(typed, ctx);
  await feedbackRoutes(typed, ctx);
  await evaluationRoutes(typed, ctx);
  await boardRoutes(typed, ctx);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: true, maxAge: '1h' });
    // Client-side routes fall back to the app shell; unknown API paths stay 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/tiles/')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}`, details: [] });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]} (web app not built: run npm run build:web)`, details: [] }),
    );
  }
  return app;
}

export type { TypeBoxTypeProvider };
