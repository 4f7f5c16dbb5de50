/** HTTP API of provincial indicators (ตัวชี้วัด), their targets and computed values: /api/indicators. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { INDICATOR_DIRECTIONS, INDICATOR_STATUSES, INDICATOR_UNITS } from '../../shared/indicator-definition.ts';
import type { IndicatorInput } from '../../shared/indicator-types.ts';
import * as svc from './service.ts';

/**
 * A number, integer or string, or null, as one schema with a list of types. Not anyOf [t, null]:
 * with coerceTypes (app.ts) Ajv tries the first branch and coerces null to 0 in place, so a
 * baseline year or a target of null would arrive as 0; with a list of types it coerces only
 * when no listed type matches.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Unsafe<Static<T> | null>({ ...t, type: [t.type as string, 'null'] });
const Literals = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const FiscalYear = Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era fiscal year' });

const DefinitionSchema = Type.Unknown({
  description: 'The definition (src/shared/indicator-definition.ts): {kind: "value", measure} | {kind: "ratio", numerator, denominator} | '
    + '{kind: "change_previous_year", measure} | {kind: "change_baseline", measure}; a measure is {source: incidents|projects|target_areas|feedback, '
    + 'aggregate?: "count" | {sum: field}, filters?: {categories, inTargetAreas, targetCategoriesOnly, projectStatus, completed, hasProject, metNeeds, areas}}; '
    + 'a denominator may be {constant: n}.',
});

const TargetSchema = Type.Object({ fiscalYear: FiscalYear, target: Type.Number() }, { additionalProperties: false });

const ValueSchema = Type.Object({
  indicatorId: Type.Integer(),
  fiscalYear: Type.Integer(),
  quarter: Nullable(Type.Integer({ description: '1-4; null = the whole fiscal year' })),
  areaCode: Type.String(),
  areaLevel: Type.Integer(),
  areaTh: Nullable(Type.String()),
  areaEn: Nullable(Type.String()),
  audience: Literals(['all', 'restricted', 'unrestricted']),
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  status: Literals(INDICATOR_STATUSES),
  reasonCode: Nullable(Type.String()),
  reasonTh: Nullable(Type.String()),
  reasonEn: Nullable(Type.String()),
  target: Nullable(Type.Number()),
  margin: Type.Number(),
  ruleTh: Nullable(Type.String()),
  ruleEn: Nullable(Type.String()),
  computedAt: Type.String(),
});

const IndicatorSchema = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  code: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  definition: DefinitionSchema,
  direction: Literals(INDICATOR_DIRECTIONS),
  unit: Literals(INDICATOR_UNITS),
  baselineFiscalYear: Nullable(Type.Integer()),
  builtin: Type.Boolean(),
  readingGroup: Nullable(Type.String()),
  reported: Type.Boolean({ description: 'the reading the province reports, among the indicators of its reading group' }),
  atRiskMargin: Type.Number(),
  defaultTarget: Nullable(Type.Number({ description: 'the target of every fiscal year without its own' })),
  targets: Type.Array(TargetSchema),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Nullable(Type.String()),
  latest: Type.Array(ValueSchema, { description: 'the year and latest quarter of the newest fiscal year computed, for the province or the caller\'s areas' }),
});

const fields = {
  nameTh: Type.String({ maxLength: 300 }),
  nameEn: Type.String({ maxLength: 300 }),
  description: Type.String({ maxLength: 4000 }),
  definition: DefinitionSchema,
  direction: Type.String({ description: INDICATOR_DIRECTIONS.join(' | ') }),
  unit: Type.String({ description: `${INDICATOR_UNITS.join(' | ')}; derived from the definition when absent` }),
  baselineFiscalYear: Nullable(Type.Integer()),
  readingGroup: Nullable(Type.String({ maxLength: 64 })),
  reported: Type.Boolean(),
  atRiskMargin: Type.Number(),
  defaultTarget: Nullable(Type.Number()),
  targets: Type.Array(Type.Object({ fiscalYear: Type.Integer(), target: Type.Number() }), { maxItems: 200 }),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
};

const CreateBody = Type.Object({
  provinceCode: Type.String({ pattern: '^[0-9]{2}$' }),
  code: Type.String({ maxLength: 64 }),
  nameTh: fields.nameTh,
  nameEn: Type.Optional(fields.nameEn),
  description: Type.Optional(fields.description),
  definition: fields.definition,
  direction: fields.direction,
  unit: Type.Optional(fields.unit),
  baselineFiscalYear: Type.Optional(fields.baselineFiscalYear),
  readingGroup: Type.Optional(fields.readingGroup),
  reported: Type.Optional(fields.reported),
  atRiskMargin: Type.Optional(fields.atRiskMargin),
  defaultTarget: Type.Optional(fields.defaultTarget),
  targets: Type.Optional(fields.targets),
  active: Type.Optional(fields.active),
  sortOrder: Type.Optional(fields.sortOrder),
}, { additionalProperties: false });

const UpdateBody = Type.Partial(CreateBody, { additionalProperties: false });

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ProvinceQuery = Type.Object({ province: Type.String({ pattern: '^[0-9]{2}$' }) });

/** Registers /api/indicators. */
export async function indicatorRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['indicators'];

  app.get('/api/indicators', {
    schema: {
      tags, querystring: ProvinceQuery,
      description: 'The indicators of a province with their targets and newest values; the built-ins are created on first listing.',
      response: { 200: Type.Object({ items: Type.Array(IndicatorSchema) }), ...errorResponses },
    },
  }, async (req) => ({ items: await svc.listIndicators(db, requireViewer(req), req.query.province) }));

  app.post('/api/indicators/builtins', {
    schema: {
      tags, querystring: ProvinceQuery,
      description: 'Creates the built-in indicators a province lacks, with their default targets.',
      response: { 200: Type.Object({ created: Type.Integer(), items: Type.Array(IndicatorSchema) }), ...errorResponses },
    },
  }, async (req) => {
    const v = requireRole(req, svc.INDICATOR_WRITERS);
    const created = await svc.ensureBuiltins(db, v, req.query.province);
    return { created, items: await svc.listIndicators(db, v, req.query.province) };
  });

  app.get('/api/indicators/values', {
    schema: {
      tags,
      description: 'Stored values (history), limited to the caller\'s areas. quarter 0 = the whole fiscal year; level 1 province, 2 district, 3 sub-district; area = values of that area and the areas under it.',
      querystring: Type.Object({
        province: Type.String({ pattern: '^[0-9]{2}$' }),
        indicator: Type.Optional(Type.String({ description: 'id or code' })),
        fy: Type.Optional(FiscalYear),
        quarter: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
        level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
        area: Type.Optional(Type.String({ pattern: '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ValueSchema), truncated: Type.Boolean() }), ...errorResponses },
    },
  }, async (req) => svc.listValues(db, requireViewer(req), req.query));

  app.post('/api/indicators/compute', {
    schema: {
      tags,
      description: 'Computes every active indicator of the province for each fiscal quarter and year of the fiscal years (default: the last four), for the province, its districts and sub-districts, replacing the stored values of those years.',
      body: Type.Object({
        province: Type.String({ pattern: '^[0-9]{2}$' }),
        fiscalYears: Type.Optional(Type.Array(FiscalYear, { maxItems: svc.MAX_COMPUTE_YEARS })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          runId: Type.Integer(), provinceCode: Type.String(), fiscalYears: Type.Array(Type.Integer()), indicators: Type.Integer(),
          values: Type.Integer(), durationMs: Type.Number(), computedAt: Type.String(),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => svc.computeIndicators(db, requireRole(req, svc.INDICATOR_WRITERS), req.body));

  app.get('/api/indicators/:id', {
    schema: { tags, params: IdParams, response: { 200: IndicatorSchema, ...errorResponses } },
  }, async (req) => svc.getIndicator(db, requireViewer(req), req.params.id));

  app.post('/api/indicators', {
    schema: { tags, body: CreateBody, response: { 201: IndicatorSchema, ...errorResponses } },
  }, async (req, reply) => reply.code(201).send(await svc.createIndicator(db, requireRole(req, svc.INDICATOR_WRITERS), req.body as IndicatorInput)));

  app.put('/api/indicators/:id', {
    schema: {
      tags, params: IdParams, body: UpdateBody,
      description: 'Changes any of the fields given (a built-in too, except its code). Setting reported on an indicator of a reading group makes it the reported reading of that group.',
      response: { 200: IndicatorSchema, ...errorResponses },
    },
  }, async (req) => svc.updateIndicator(db, requireRole(req, svc.INDICATOR_WRITERS), req.params.id, req.body as Partial<IndicatorInput>));

  app.put('/api/indicators/:id/targets', {
    schema: {
      tags, params: IdParams,
      description: 'Replaces the targets: defaultTarget for every fiscal year without its own (omit to keep it), targets for single years (a trajectory).',
      body: Type.Object({ defaultTarget: Type.Optional(Nullable(Type.Number())), targets: Type.Array(TargetSchema, { maxItems: 200 }) }, { additionalProperties: false }),
      response: { 200: IndicatorSchema, ...errorResponses },
    },
  }, async (req) => svc.setTargets(db, requireRole(req, svc.INDICATOR_WRITERS), req.params.id, req.body));

  app.delete('/api/indicators/:id', {
    schema: { tags, params: IdParams, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.deleteIndicator(db, requireRole(req, svc.INDICATOR_WRITERS), req.params.id);
    return { ok: true };
  });
}
