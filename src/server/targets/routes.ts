/** HTTP API of the target list (บัญชีเป้าหมาย): /api/targets. */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { badRequest, tooLarge } from '../errors.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import * as svc from './service.ts';
import { exportName, targetCsv, targetGeoJson, targetXlsx } from './export.ts';
import { targetPdf } from './pdf.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const StatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('declared'), Type.Literal('superseded')]);

const ListSchema = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  provinceTh: Nullable(Type.String()),
  fiscalYear: Type.Integer({ description: 'Buddhist Era fiscal year' }),
  version: Type.Integer(),
  status: StatusSchema,
  title: Type.String(),
  reason: Type.String(),
  previousId: Nullable(Type.Integer()),
  sourceRunId: Nullable(Type.Integer()),
  sourceRule: Type.Unknown(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  submittedBy: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  declaredBy: Nullable(Type.String()),
  declaredAt: Nullable(Type.String()),
  declarationDate: Nullable(Type.String({ description: 'YYYY-MM-DD, Common Era' })),
  referenceNumber: Nullable(Type.String()),
  orderFile: Nullable(Type.Object({ filename: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), url: Type.String() })),
  supersededAt: Nullable(Type.String()),
  areaCount: Type.Integer({ description: 'areas visible to the caller' }),
});

const AreaSchema = Type.Object({
  code: Type.String(),
  level: Type.Integer(),
  nameTh: Type.String(),
  nameEn: Nullable(Type.String()),
  subdistrictTh: Nullable(Type.String()),
  districtTh: Nullable(Type.String()),
  districtEn: Nullable(Type.String()),
  provinceTh: Nullable(Type.String()),
  provinceEn: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  reason: Type.String(),
  rank: Nullable(Type.Integer()),
  score: Nullable(Type.Number()),
  addedBy: Nullable(Type.String()),
  addedAt: Type.String(),
});

const ListWithAreas = Type.Object({ list: ListSchema, areas: Type.Array(AreaSchema) });

const AreaInputSchema = Type.Object({
  code: Type.String({ description: 'sub-district (6 digits) or village (8 digits) DOPA code' }),
  categories: Type.Array(Type.String(), { description: 'category codes the area is targeted for (at least one)' }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

const Entry = Type.Object({ code: Type.String(), categories: Type.Array(Type.String()), reason: Type.String() });

const DiffSchema = Type.Object({
  from: ListSchema,
  to: ListSchema,
  diff: Type.Object({
    added: Type.Array(Entry),
    removed: Type.Array(Entry),
    changed: Type.Array(Type.Object({
      code: Type.String(), before: Entry, after: Entry, categoriesAdded: Type.Array(Type.String()), categoriesRemoved: Type.Array(Type.String()), reasonChanged: Type.Boolean(),
    })),
    unchanged: Type.Integer(),
  }),
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const AreaParams = Type.Object({ id: Type.Integer({ minimum: 1 }), code: Type.String() });
const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
const FileResponse = (description: string) => ({ 200: Type.Unknown({ description }), ...errorResponses });

/** Registers /api/targets. */
export async function targetRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['targets'];

  app.get('/api/targets', {
    schema: {
      tags,
      querystring: Type.Object({ province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })), fiscalYear: Type.Optional(Type.Integer({ minimum: 2500, maximum: 2700 })) }),
      response: { 200: Type.Object({ items: Type.Array(ListSchema) }), ...errorResponses },
    },
  }, async (req) => ({ items: await svc.listTargetLists(db, requireViewer(req), req.query) }));

  app.post('/api/targets', {
    schema: {
      tags,
      description: 'Creates a draft: empty, from a list of areas, or from an analysis run (top N and/or minScore, overall or per category).',
      body: Type.Object({
        provinceCode: Type.String({ pattern: '^[0-9]{2}$' }),
        fiscalYear: Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era' }),
        title: Type.Optional(Type.String({ maxLength: 300 })),
        reason: Type.Optional(Type.String({ maxLength: 2000 })),
        areas: Type.Optional(Type.Array(AreaInputSchema, { maxItems: 20000 })),
        fromRun: Type.Optional(Type.Object({
          runId: Type.Integer({ minimum: 1 }),
          top: Type.Optional(Type.Integer({ minimum: 1 })),
          minScore: Type.Optional(Type.Number()),
          categories: Type.Array(Type.String()),
          perCategory: Type.Optional(Type.Boolean()),
        }, { additionalProperties: false })),
      }, { additionalProperties: false }),
      response: { 201: ListWithAreas, ...errorResponses },
    },
  }, async (req, reply) => {
    const v = requireRole(req, svc.TARGET_WRITERS);
    return reply.code(201).send(await svc.createTargetList(db, v, req.body));
  });

  app.get('/api/targets/:id', {
    schema: { tags, params: IdParams, response: { 200: ListWithAreas, ...errorResponses } },
  }, async (req) => svc.getTargetList(db, requireViewer(req), req.params.id));

  app.post('/api/targets/:id/areas', {
    schema: { tags, params: IdParams, body: AreaInputSchema, response: { 201: AreaSchema, ...errorResponses } },
  }, async (req, reply) => reply.code(201).send(await svc.addTargetArea(db, requireRole(req, svc.TARGET_WRITERS), req.params.id, req.body)));

  app.put('/api/targets/:id/areas/:code', {
    schema: {
      tags, params: AreaParams,
      body: Type.Object({ categories: Type.Array(Type.String()), reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: AreaSchema, ...errorResponses },
    },
  }, async (req) => svc.updateTargetArea(db, requireRole(req, svc.TARGET_WRITERS), req.params.id, req.params.code, req.body));

  app.delete('/api/targets/:id/areas/:code', {
    schema: { tags, params: AreaParams, body: ReasonBody, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.removeTargetArea(db, requireRole(req, svc.TARGET_WRITERS), req.params.id, req.params.code, req.body.reason);
    return { ok: true };
  });

  app.post('/api/targets/:id/submit', {
    schema: { tags, params: IdParams, response: { 200: ListSchema, ...errorResponses } },
  }, async (req) => svc.submitTargetList(db, requireRole(req, svc.TARGET_WRITERS), req.params.id));

  app.post('/api/targets/:id/return', {
    schema: { tags, params: IdParams, body: ReasonBody, response: { 200: ListSchema, ...errorResponses } },
  }, async (req) => svc.returnTargetList(db, requireRole(req, svc.TARGET_WRITERS), req.params.id, req.body.reason));

  app.post('/api/targets/:id/declare', {
    schema: {
      tags, params: IdParams,
      consumes: ['application/json', 'multipart/form-data'],
      description: 'Administrators only. JSON {declarationDate: YYYY-MM-DD, referenceNumber}, or multipart with those fields and an optional file "order" (PDF, JPEG or PNG, at most 20 MB).',
      response: { 200: ListSchema, ...errorResponses, 415: errorResponses[400] },
    },
  }, async (req) => {
    const v = requireViewer(req);
    // Refuse before reading a possibly large upload.
    if (!svc.TARGET_DECLARERS.includes(v.role)) requireRole(req, svc.TARGET_DECLARERS);
    const input: svc.DeclareInput = {};
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'order') {
            part.file.resume();
            throw badRequest(`unexpected file field "${part.fieldname}": send the scanned order in the field "order"`, [{ field: part.fieldname, message: 'unexpected file' }]);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const c of part.file as AsyncIterable<Buffer>) {
            size += c.length;
            // Past the limit the rest is read and dropped, so the answer is a clean 413.
            if (size <= svc.ORDER_MAX_BYTES) chunks.push(c);
          }
          if (size > svc.ORDER_MAX_BYTES) throw tooLarge(`order: the scanned order is larger than ${svc.ORDER_MAX_BYTES / 1024 / 1024} MB`);
          input.order = { filename: part.filename || 'order', content: Buffer.concat(chunks), size };
        } else if (part.fieldname === 'declarationDate' || part.fieldname === 'referenceNumber') {
          input[part.fieldname] = String(part.value ?? '');
        }
      }
    } else {
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b !== 'object' || Array.isArray(b)) throw badRequest('send a JSON object {declarationDate, referenceNumber}');
      if (b.declarationDate != null) input.declarationDate = String(b.declarationDate);
      if (b.referenceNumber != null) input.referenceNumber = String(b.referenceNumber);
    }
    return svc.declareTargetList(db, v, req.params.id, input);
  });

  app.get('/api/targets/:id/order', {
    schema: { tags, params: IdParams, response: FileResponse('the scanned order (PDF, JPEG or PNG)') },
  }, async (req, reply) => {
    const f = await svc.orderFile(db, requireViewer(req), req.params.id);
    return reply.header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename="order-${req.params.id}${f.contentType === 'application/pdf' ? '.pdf' : f.contentType === 'image/png' ? '.png' : '.jpg'}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .send(f.content);
  });

  app.post('/api/targets/:id/amend', {
    schema: {
      tags, params: IdParams,
      description: 'Creates the next version as a draft, copied from this declared version, with its own reason.',
      body: Type.Object({ reason: Type.String({ maxLength: 2000 }), title: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false }),
      response: { 201: ListWithAreas, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await svc.amendTargetList(db, requireRole(req, svc.TARGET_WRITERS), req.params.id, req.body)));

  app.get('/api/targets/:id/diff', {
    schema: { tags, params: IdParams, querystring: Type.Object({ against: Type.Integer({ minimum: 1 }) }), response: { 200: DiffSchema, ...errorResponses } },
  }, async (req) => svc.diffTargetLists(db, requireViewer(req), req.params.id, req.query.against));

  app.get('/api/targets/:id/export.csv', {
    schema: { tags, params: IdParams, response: FileResponse('CSV, UTF-8 with BOM') },
  }, async (req, reply) => {
    const d = await svc.exportData(db, requireViewer(req), req.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportName(d.list, 'csv')}"`).send(targetCsv(d));
  });

  app.get('/api/targets/:id/export.xlsx', {
    schema: { tags, params: IdParams, response: FileResponse('XLSX workbook') },
  }, async (req, reply) => {
    const d = await svc.exportData(db, requireViewer(req), req.params.id);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${exportName(d.list, 'xlsx')}"`).send(await targetXlsx(d));
  });

  app.get('/api/targets/:id/export.geojson', {
    schema: { tags, params: IdParams, response: FileResponse('GeoJSON FeatureCollection') },
  }, async (req, reply) => {
    const v = requireViewer(req);
    const d = await svc.exportData(db, v, req.params.id);
    const g = await svc.exportGeometries(db, v, req.params.id);
    return reply.header('content-type', 'application/geo+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportName(d.list, 'geojson')}"`).send(targetGeoJson(d, g));
  });

  app.get('/api/targets/:id/export.pdf', {
    schema: { tags, params: IdParams, response: FileResponse('printable A4 PDF in Thai: title, status, Buddhist Era declaration date, reference number, one row per area') },
  }, async (req, reply) => {
    const v = requireViewer(req);
    const d = await svc.exportData(db, v, req.params.id);
    const pdf = await targetPdf(d, { printedBy: v.username, partial: svc.areaScope(v) != null });
    return reply.header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${exportName(d.list, 'pdf')}"`).send(pdf);
  });
}
