/** Areas API: list, search, one area, its display geometry, and the administrators' import. */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { badRequest } from '../errors.ts';
import { errorResponses } from '../schema-common.ts';
import { importAreas } from './import-service.ts';
import * as repo from './repository.ts';
import * as service from './service.ts';

const AreaProps = {
  code: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 4 }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  provinceCode: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat]' }),
  isDemo: Type.Boolean(),
};
const AreaSchema = Type.Object(AreaProps);
const PathProps = { path: Type.String({ description: 'e.g. ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์' }), pathEn: Type.String() };
const AreaWithPathSchema = Type.Object({ ...AreaProps, ...PathProps });
const AreaDetailSchema = Type.Object({
  ...AreaProps,
  ...PathProps,
  centroid: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat] of a point inside the area' }),
  childCount: Type.Integer(),
});
const FeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  bbox: Type.Array(Type.Number()),
  properties: Type.Object({
    code: Type.String(),
    level: Type.Integer(),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    provinceCode: Type.String(),
    nameTh: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()]),
    isDemo: Type.Boolean(),
  }),
  geometry: Type.Unknown(),
});
const ImportReportSchema = Type.Object({
  file: Type.String(),
  format: Type.String(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  byLevel: Type.Record(Type.String(), Type.Integer()),
  repaired: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  warnings: Type.Array(Type.String()),
});

const CodeParam = Type.Object({ code: Type.String({ maxLength: 12 }) });

/** A safe name for an uploaded file: its base name without control characters. */
function uploadName(filename: string | undefined): string {
  const name = basename(String(filename ?? '').replace(/\\/g, '/'))
    .split('')
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .slice(0, 200)
    .trim();
  return name || 'upload';
}

/** The mapping form field: a JSON object, or "code=FIELD,name_th=FIELD" pairs. */
function mappingField(v: string | undefined): Record<string, string> | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const s = v.trim();
  if (s.startsWith('{')) {
    try {
      return JSON.parse(s);
    } catch (e) {
      throw badRequest(`mapping is not valid JSON: ${(e as Error).message}`, [{ field: 'mapping', message: 'not valid JSON' }]);
    }
  }
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const [k, f] = pair.split('=').map((x) => x?.trim());
    if (!k || !f) throw badRequest(`mapping "${pair}" is not COMAP_FIELD=SOURCE_FIELD`, [{ field: 'mapping', message: `bad pair "${pair}"` }]);
    out[k] = f;
  }
  return out;
}

export async function areaRoutes(app: App, { db, config }: AppContext): Promise<void> {
  app.get(
    '/api/areas',
    {
      schema: {
        tags: ['areas'],
        querystring: Type.Object({
          level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
          parent: Type.Optional(Type.String({ pattern: '^(TH|th)?[0-9]{2,6}$' })),
          province: Type.Optional(Type.String({ pattern: '^(TH|th)?[0-9]{2}$' })),
        }),
        response: { 200: Type.Array(AreaSchema), ...errorResponses },
      },
    },
    async (req) => {
      requireViewer(req);
      const strip = (s: string | undefined) => s?.replace(/^TH/i, '');
      return repo.listAreas(db, { level: req.query.level, parent: strip(req.query.parent), province: strip(req.query.province) });
    },
  );

  app.get(
    '/api/areas/search',
    {
      schema: {
        tags: ['areas'],
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 100 }),
          limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
        }),
        response: { 200: Type.Array(AreaWithPathSchema), ...errorResponses },
      },
    },
    async (req) => {
      requireViewer(req);
      return service.searchAreas(db, req.query.q, req.query.limit);
    },
  );

  app.get(
    '/api/areas/:code',
    { schema: { tags: ['areas'], params: CodeParam, response: { 200: AreaDetailSchema, ...errorResponses } } },
    async (req) => {
      requireViewer(req);
      return service.getArea(db, req.params.code);
    },
  );

  app.get(
    '/api/areas/:code/geojson',
    { schema: { tags: ['areas'], params: CodeParam, response: { 200: FeatureSchema, ...errorResponses } } },
    async (req, reply) => {
      requireViewer(req);
      const f = await service.getAreaFeature(db, req.params.code);
      reply.header('content-type', 'application/geo+json; charset=utf-8');
      return f;
    },
  );

  app.post(
    '/api/areas/import',
    {
      schema: {
        tags: ['areas'],
        consumes: ['multipart/form-data'],
        description: 'multipart: file (GeoJSON, zipped Shapefile or CSV of villages); optional fields province (2 digits) and mapping (JSON object COMAP field -> source field)',
        response: { 200: ImportReportSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      if (!req.isMultipart()) throw badRequest('send the file as multipart/form-data in the field "file"', [{ field: 'file', message: 'not a multipart upload' }]);
      const dir = join(config.dataDir, 'uploads');
      await mkdir(dir, { recursive: true });
      let tmp: string | null = null;
      let name = 'upload';
      const fields: Record<string, string> = {};
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (tmp) {
              part.file.resume();
              throw badRequest('send one file per import', [{ field: 'file', message: 'more than one file' }]);
            }
            name = uploadName(part.filename);
            // Only the extension of the user's name reaches the disk; the name itself stays in memory.
            tmp = join(dir, `area-import-${randomUUID()}${extname(name).toLowerCase().replace(/[^.a-z0-9]/g, '')}`);
            await pipeline(part.file, createWriteStream(tmp));
          } else {
            fields[part.fieldname] = String(part.value ?? '');
          }
        }
        if (!tmp) throw badRequest('no file: send it in the multipart field "file"', [{ field: 'file', message: 'missing' }]);
        return await importAreas(db, { path: tmp, name }, { province: fields.province || undefined, mapping: mappingField(fields.mapping) }, actor);
      } finally {
        if (tmp) await rm(tmp, { force: true });
      }
    },
  );
}
