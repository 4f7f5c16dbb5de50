/** HTTP API of the people's evaluation: /api/evaluation (issue 5, section 3). */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { errorResponses } from '../schema-common.ts';
import { DimensionSchema, EvaluationLineSchema, SnapshotInfoSchema } from './schema.ts';
import * as svc from './service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Province = Type.String({ pattern: '^[0-9]{2}$', description: '2-digit province code' });
const FiscalYear = Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era fiscal year' });
const Quarter = Type.Integer({ minimum: 0, maximum: 4, description: '1-4, or 0 for the whole fiscal year' });

/** Registers /api/evaluation. */
export async function evaluationRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['evaluation'];

  app.get('/api/evaluation', {
    schema: {
      tags,
      description: 'The snapshot of one period and its lines the caller may see, most answers first. Default period: the running quarter of the current fiscal year (a past year: the whole year).',
      querystring: Type.Object({ provinceCode: Province, fiscalYear: Type.Optional(FiscalYear), quarter: Type.Optional(Quarter), dimension: Type.Optional(DimensionSchema) }),
      response: { 200: Type.Object({ snapshot: Nullable(SnapshotInfoSchema), lines: Type.Array(EvaluationLineSchema) }), ...errorResponses },
    },
  }, async (req) => svc.getEvaluation(db, requireViewer(req), req.query));

  app.post('/api/evaluation/recompute', {
    schema: {
      tags,
      description: 'Administrators and analysts: recomputes the provisional snapshot of a period; a period that has ended is closed instead; a closed one is refused (409). Audited.',
      body: Type.Object({ provinceCode: Province, fiscalYear: FiscalYear, quarter: Quarter }, { additionalProperties: false }),
      response: { 200: Type.Object({ snapshot: SnapshotInfoSchema }), ...errorResponses },
    },
  }, async (req) => ({ snapshot: await svc.recomputeSnapshot(db, requireRole(req, svc.EVALUATION_RECOMPUTERS), req.body) }));

  app.get('/api/evaluation/history', {
    schema: {
      tags,
      querystring: Type.Object({ provinceCode: Province }),
      response: { 200: Type.Object({ snapshots: Type.Array(SnapshotInfoSchema) }), ...errorResponses },
    },
  }, async (req) => ({ snapshots: await svc.evaluationHistory(db, requireViewer(req), req.query.provinceCode) }));

  app.get('/api/evaluation/export', {
    schema: {
      tags,
      description: 'Every snapshot of a fiscal year, every dimension the caller may see: XLSX, or CSV in UTF-8 with a byte-order mark; Thai headers.',
      querystring: Type.Object({
        provinceCode: Province, fiscalYear: Type.Optional(FiscalYear),
        format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })),
      }),
      response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses },
    },
  }, async (req, reply) => {
    const f = await svc.evaluationExport(db, requireViewer(req), { provinceCode: req.query.provinceCode, fiscalYear: req.query.fiscalYear, format: req.query.format ?? 'xlsx' });
    return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).send(f.body);
  });
}
