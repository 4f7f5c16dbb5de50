import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type, type TSchema } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { badRequest, forbidden, tooLarge } from '../errors.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { CAN_REPORT } from '../auth/viewer.ts';
import { INCIDENT_CLASSIFICATIONS, INCIDENT_SOURCES, INCIDENT_STATUSES } from '../../shared/incident-validate.ts';
import * as service from './service.ts';
import { SORTS, type IncidentSort } from './repository.ts';
import { importIncidents } from './import-service.ts';
import { refreshAllCells } from './cells.ts';
import { detectFormat, SUPPORTED_EXTENSIONS } from './import-parsers.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IncidentSchema = Type.Object({
  id: Type.Integer(),
  externalId: Nullable(Type.String()),
  category: Type.Object({ id: Type.Integer(), code: Type.String(), labelTh: Type.String(), labelEn: Type.String(), color: Type.String() }),
  occurredAt: Type.String({ format: 'date-time' }),
  lon: Type.Number(),
  lat: Type.Number(),
  subdistrict: Type.Object({ code: Type.String(), nameTh: Type.String(), nameEn: Nullable(Type.String()) }),
  districtCode: Type.String(),
  provinceCode: Type.String(),
  assignedNearest: Type.Boolean(),
  nearestDistanceM: Type.Union([Type.Number(), Type.Null()]),
  severity: Type.Integer(),
  status: Type.String(),
  source: Type.String(),
  description: Type.String(),
  classification: Type.String(),
  createdBy: Type.Union([Type.Object({ id: Type.Integer(), username: Type.String() }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const FilterQuery = {
  category: Type.Optional(Type.String({ maxLength: 1000, description: 'category codes, comma-separated' })),
  period: Type.Optional(Type.String({ maxLength: 50, description: '2567, 2567Q1 or 2023-10-01..2023-12-31' })),
  area: Type.Optional(Type.String({ maxLength: 20, description: 'DOPA code of a province, district or sub-district' })),
  status: Type.Optional(Type.String({ maxLength: 200 })),
  source: Type.Optional(Type.String({ maxLength: 200 })),
  classification: Type.Optional(Type.String({ maxLength: 200 })),
};

const SortSchema = Type.Union(Object.keys(SORTS).map((s) => Type.Literal(s)));

const enumOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const writable = {
  category: Type.String({ minLength: 1, maxLength: 200 }),
  occurredAt: Type.String({ minLength: 1, maxLength: 40 }),
  lon: Type.Number(),
  lat: Type.Number(),
  severity: Type.Integer(),
  status: enumOf(INCIDENT_STATUSES),
  source: enumOf(INCIDENT_SOURCES),
  description: Type.String({ maxLength: 10000 }),
  classification: enumOf(INCIDENT_CLASSIFICATIONS),
  externalId: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
};

export const ImportReportSchema = Type.Object({
  file: Type.String(),
  format: Type.String(),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  assignedNearest: Type.Integer(),
  seconds: Type.Number(),
});

const CountsSchema = Type.Object({
  level: Type.Integer(),
  period: Type.Union([Type.Object({ start: Type.String(), end: Type.String() }), Type.Null()]),
  total: Type.Integer(),
  values: Type.Record(
    Type.String(),
    Type.Object({ count: Type.Integer(), population: Type.Union([Type.Integer(), Type.Null()]), rate: Type.Union([Type.Number(), Type.Null()]) }),
  ),
  maxCount: Type.Integer(),
  maxRate: Type.Union([Type.Number(), Type.Null()]),
});

/** Incidents: list, counts per area, read, create, update, delete, bulk import. */
export async function incidentRoutes(app: App, { db, config }: AppContext): Promise<void> {
  app.get(
    '/api/incidents',
    {
      schema: {
        tags: ['incidents'],
        querystring: Type.Object({
          ...FilterQuery,
          q: Type.Optional(Type.String({ maxLength: 200, description: 'text in the description or external id' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          sort: Type.Optional(SortSchema),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(IncidentSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const viewer = requireViewer(req);
      const { limit, offset, sort, ...filters } = req.query;
      return service.listIncidents(db, viewer, filters, { limit: limit ?? 50, offset: offset ?? 0, sort: (sort ?? 'occurred_desc') as IncidentSort });
    },
  );

  app.get(
    '/api/incidents/counts',
    {
      schema: {
        tags: ['incidents'],
        querystring: Type.Object({ ...FilterQuery, level: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { default: 3 })) }),
        response: { 200: CountsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const viewer = requireViewer(req);
      const { level, ...filters } = req.query;
      return service.countIncidents(db, viewer, filters, (level ?? 3) as 1 | 2 | 3);
    },
  );

  app.get(
    '/api/incidents/:id',
    { schema: { tags: ['incidents'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: IncidentSchema, ...errorResponses } } },
    async (req) => service.getIncident(db, requireViewer(req), req.params.id),
  );

  app.post(
    '/api/incidents',
    {
      schema: {
        tags: ['incidents'],
        body: Type.Object(
          {
            category: writable.category,
            occurredAt: writable.occurredAt,
            lon: writable.lon,
            lat: writable.lat,
            severity: writable.severity,
            status: Type.Optional(writable.status),
            source: writable.source,
            description: Type.Optional(writable.description),
            classification: Type.Optional(writable.classification),
            externalId: Type.Optional(writable.externalId),
          },
          { additionalProperties: false },
        ),
        response: { 201: IncidentSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const viewer = requireRole(req, CAN_REPORT);
      const created = await service.createIncident(db, config, viewer, req.body);
      reply.code(201);
      return created;
    },
  );

  app.patch(
    '/api/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Partial(
          Type.Object({
            category: writable.category,
            occurredAt: writable.occurredAt,
            lon: writable.lon,
            lat: writable.lat,
            severity: writable.severity,
            status: writable.status,
            source: writable.source,
            description: writable.description,
            classification: writable.classification,
            externalId: writable.externalId,
          }),
          { additionalProperties: false },
        ),
        response: { 200: IncidentSchema, ...errorResponses },
      },
    },
    async (req) => service.updateIncident(db, config, requireViewer(req), req.params.id, req.body),
  );

  app.delete(
    '/api/incidents/:id',
    { schema: { tags: ['incidents'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: OkSchema, ...errorResponses } } },
    async (req) => {
      await service.deleteIncident(db, requireViewer(req), req.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/incidents/import',
    { schema: { tags: ['incidents'], consumes: ['multipart/form-data'], response: { 200: ImportReportSchema, ...errorResponses } } },
    async (req) => {
      const actor = requireRole(req, ['admin', 'analyst']);
      // A bulk file can create or overwrite (by external id) incidents anywhere, so it is for
      // users whose rights cover the whole installation.
      if (actor.areaCodes.length > 0) {
        throw forbidden('bulk import is for users without an area scope: your account is limited to some areas; ask an administrator');
      }
      if (!req.isMultipart()) throw badRequest('send the file as multipart/form-data in a field named "file"');
      const part = await req.file();
      if (!part) throw badRequest('no file in the upload: send it in a field named "file"');
      if (!detectFormat(part.filename)) {
        part.file.resume();
        throw badRequest(`${part.filename}: unsupported file type; COMAP imports incidents from ${SUPPORTED_EXTENSIONS.join(', ')} files`, [
          { file: part.filename, message: `unsupported file type (use ${SUPPORTED_EXTENSIONS.join(', ')})` },
        ]);
      }
      const dir = join(config.dataDir, 'uploads');
      await mkdir(dir, { recursive: true });
      // The name on disk is ours; the user's name only labels the report.
      const tmp = join(dir, `${randomUUID()}${extname(part.filename).toLowerCase()}`);
      try {
        await pipeline(part.file, createWriteStream(tmp));
        if (part.file.truncated) throw tooLarge(`the file is larger than the limit of ${config.maxUploadMb} MB`);
        const report = await importIncidents(db, config, { path: tmp, name: part.filename }, actor);
        // The import left the incident cells of its years stale (migration 019): they are rebuilt
        // now, after the answer, rather than by the first dashboard or analysis that reads them.
        if (report.inserted > 0 || report.updated > 0) {
          setImmediate(() => {
            refreshAllCells(db).catch((e: unknown) => req.log.warn({ err: e }, 'rebuilding the incident cells after an import failed; readers will rebuild them'));
          });
        }
        return report;
      } finally {
        await rm(tmp, { force: true });
      }
    },
  );
}

