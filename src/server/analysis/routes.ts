/**
 * Priority analysis API (issue 3): profiles, stored runs, one area's explanation, sensitivity.
 * Administrators and analysts only: they see every incident, so the analysis is not skewed by
 * need-to-know; an analyst with an area scope can analyse only the provinces inside it.
 */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole } from '../context.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import * as service from './service.ts';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);
const Weights = Type.Record(Type.String(), Type.Number({ minimum: 0 }));

const ProfileSchema = Type.Object({
  normalisation: Type.Union([Type.Literal('minmax'), Type.Literal('rank')]),
  aggregation: Type.Union([Type.Literal('weighted_sum'), Type.Literal('geometric_mean')]),
  componentWeights: Weights,
  categoryWeights: Weights,
  topN: Type.Integer({ minimum: 1 }),
  ratePer1000: Type.Boolean(),
  recencyHalfLifeDays: Type.Number({ exclusiveMinimum: 0 }),
});

const PairwiseSchema = Type.Object({
  items: Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 15 }),
  matrix: Type.Array(Type.Array(Type.Number(), { maxItems: 15 }), { minItems: 1, maxItems: 15 }),
}, { additionalProperties: false });

const AhpSummarySchema = Type.Object({
  items: Type.Array(Type.String()),
  matrix: Type.Array(Type.Array(Type.Number())),
  weights: Type.Record(Type.String(), Type.Number()),
  consistencyRatio: Type.Number(),
});

const ProfileViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  preset: Type.Boolean(),
  profile: ProfileSchema,
  ahp: Type.Union([Type.Object({ components: Type.Optional(AhpSummarySchema), categories: Type.Optional(AhpSummarySchema) }), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const profileFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameTh: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 2000 }),
  normalisation: ProfileSchema.properties.normalisation,
  aggregation: ProfileSchema.properties.aggregation,
  componentWeights: Weights,
  categoryWeights: Weights,
  componentPairwise: PairwiseSchema,
  categoryPairwise: PairwiseSchema,
  topN: Type.Integer({ minimum: 1, maximum: 10000 }),
  ratePer1000: Type.Boolean(),
  recencyHalfLifeDays: Type.Number({ exclusiveMinimum: 0, maximum: 36500 }),
};

const ProfileCreateSchema = Type.Object({
  name: profileFields.name, nameTh: profileFields.nameTh, nameEn: profileFields.nameEn,
  description: Type.Optional(profileFields.description),
  normalisation: profileFields.normalisation, aggregation: profileFields.aggregation,
  componentWeights: Type.Optional(profileFields.componentWeights), categoryWeights: Type.Optional(profileFields.categoryWeights),
  componentPairwise: Type.Optional(profileFields.componentPairwise), categoryPairwise: Type.Optional(profileFields.categoryPairwise),
  topN: profileFields.topN, ratePer1000: profileFields.ratePer1000, recencyHalfLifeDays: profileFields.recencyHalfLifeDays,
}, { additionalProperties: false });

const ProfilePatchSchema = Type.Partial(ProfileCreateSchema, { additionalProperties: false });

const RunRequestSchema = Type.Object({
  profileId: Type.Integer({ minimum: 1 }),
  period: Type.String({ maxLength: 20, description: "fiscal year '2568' or quarter '2568Q2'" }),
  provinces: Type.Array(Type.String({ maxLength: 2 }), { minItems: 1, maxItems: 77 }),
}, { additionalProperties: false });

const PeriodSchema = Type.Object({ label: Type.String(), start: Type.String(), end: Type.String() });
const WarningSchema = Type.Object({ code: Type.String(), message: Type.String() });

const RunMetaSchema = Type.Object({
  id: Type.String(),
  profileId: Type.Union([Type.Integer(), Type.Null()]),
  profileName: Type.String(),
  period: PeriodSchema,
  provinces: Type.Array(Type.String()),
  dataCutoff: Type.String(),
  areaCount: Type.Integer(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

const MoranClusterSchema = Type.Union(['high-high', 'low-low', 'high-low', 'low-high', 'not-significant', 'island'].map((c) => Type.Literal(c)));

const AreaResultSchema = Type.Object({
  code: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  score: Num,
  rank: Type.Integer(),
  inTop: Type.Boolean(),
  previousRank: Type.Union([Type.Integer(), Type.Null()]),
  movement: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union([Type.Literal('new'), Type.Literal('up'), Type.Literal('down'), Type.Literal('same')]),
  components: Type.Array(Type.Object({ id: Type.String(), weight: Num, value: Num, contribution: NullableNum, factor: NullableNum })),
  byCategory: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
  general: NullableNum,
  flags: Type.Array(Type.String()),
  hotspotZ: Num,
  moranI: Type.Optional(NullableNum),
  moranP: Type.Optional(NullableNum),
  moranCluster: Type.Optional(Type.Union([MoranClusterSchema, Type.Null()])),
});

const RunViewSchema = Type.Composite([RunMetaSchema, Type.Object({
  profile: ProfileSchema,
  weights: Type.Object({ components: Type.Record(Type.String(), Type.Number()), categories: Type.Record(Type.String(), Type.Number()) }),
  warnings: Type.Array(WarningSchema),
  previousPeriod: Type.Object({ label: Type.String(), available: Type.Boolean(), message: Type.Union([Type.String(), Type.Null()]) }),
  dropped: Type.Array(Type.Object({ code: Type.String(), previousRank: Type.Integer() })),
  hotspot: Type.Object({
    hot: Type.Array(Type.String()), islands: Type.Array(Type.String()), skipped: Type.Union([Type.String(), Type.Null()]),
    moranSkipped: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  incidentCount: Type.Integer(),
  top: Type.Array(AreaResultSchema),
  areas: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(AreaResultSchema) }),
})]);

const CategoryBreakdownSchema = Type.Object({
  category: Type.String(), raw: Num, rate: NullableNum, basis: Type.String(), value: Num, share: Num, contribution: NullableNum,
});

const ExplanationSchema = Type.Object({
  runId: Type.String(),
  period: PeriodSchema,
  dataCutoff: Type.String(),
  area: AreaResultSchema,
  components: Type.Array(Type.Object({
    id: Type.String(), weight: Num, value: Num, raw: NullableNum, rate: NullableNum, basis: Type.Union([Type.String(), Type.Null()]),
    contribution: NullableNum, factor: NullableNum, categories: Type.Union([Type.Array(CategoryBreakdownSchema), Type.Null()]),
  })),
  quarters: Type.Array(Type.Object({
    label: Type.String(), start: Type.String(), end: Type.String(), count: Type.Integer(), burden: Num,
    byCategory: Type.Record(Type.String(), Type.Integer()),
  })),
});

const SensitivitySchema = Type.Object({
  period: Type.String(),
  provinces: Type.Array(Type.String()),
  topN: Type.Integer(),
  change: Num,
  cases: Type.Array(Type.Object({
    kind: Type.Union([Type.Literal('component'), Type.Literal('category')]), id: Type.String(), change: Num,
    weightBefore: Num, weightAfter: Num, top: Type.Array(Type.String()),
  })),
  areas: Type.Array(Type.Object({
    code: Type.String(), nameTh: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]),
    baselineRank: Type.Integer(), inBaselineTop: Type.Boolean(), casesInTop: Type.Integer(), cases: Type.Integer(),
    stable: Type.Boolean(), bestRank: Type.Integer(), worstRank: Type.Integer(),
  })),
});

const roles = service.ANALYSIS_ROLES;
const tags = ['analysis'];

/** Registers the priority analysis routes and inserts the shipped preset profiles if absent. */
export async function analysisRoutes(app: App, { db }: AppContext): Promise<void> {
  await service.ensurePresets(db);

  app.get('/api/analysis/profiles', { schema: { tags, response: { 200: Type.Array(ProfileViewSchema), ...errorResponses } } }, async (req) => {
    requireRole(req, roles);
    return service.listProfiles(db);
  });

  app.post('/api/analysis/profiles', { schema: { tags, body: ProfileCreateSchema, response: { 201: ProfileViewSchema, ...errorResponses } } }, async (req, reply) => {
    const actor = requireRole(req, roles);
    const p = await service.createProfile(db, req.body, actor);
    reply.code(201);
    return p;
  });

  app.patch('/api/analysis/profiles/:id', {
    schema: { tags, params: Type.Object({ id: Type.Integer() }), body: ProfilePatchSchema, response: { 200: ProfileViewSchema, ...errorResponses } },
  }, async (req) => {
    const actor = requireRole(req, roles);
    return service.updateProfile(db, req.params.id, req.body, actor);
  });

  app.delete('/api/analysis/profiles/:id', {
    schema: { tags, params: Type.Object({ id: Type.Integer() }), response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    const actor = requireRole(req, roles);
    await service.deleteProfile(db, req.params.id, actor);
    return { ok: true };
  });

  app.post('/api/analysis/runs', { schema: { tags, body: RunRequestSchema, response: { 201: RunViewSchema, ...errorResponses } } }, async (req, reply) => {
    const viewer = requireRole(req, roles);
    const id = await service.createRun(db, req.body, viewer);
    reply.code(201);
    return service.getRun(db, id, viewer);
  });

  app.get('/api/analysis/runs', {
    schema: {
      tags,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(RunMetaSchema) }), ...errorResponses },
    },
  }, async (req) => {
    const viewer = requireRole(req, roles);
    return service.listRuns(db, viewer, req.query.limit ?? 50, req.query.offset ?? 0);
  });

  app.get('/api/analysis/runs/:id', {
    schema: {
      tags,
      params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
      response: { 200: RunViewSchema, ...errorResponses },
    },
  }, async (req) => {
    const viewer = requireRole(req, roles);
    return service.getRun(db, req.params.id, viewer, req.query.offset ?? 0, req.query.limit ?? 100);
  });

  app.get('/api/analysis/runs/:id/scores', {
    schema: {
      tags,
      params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
      response: {
        200: Type.Object({
          runId: Type.String(), codes: Type.Array(Type.String()), scores: Type.Array(Num), ranks: Type.Array(Type.Integer()),
          hotspotZ: Type.Array(Num), top: Type.Array(Type.String()),
          moranCluster: Type.Array(Type.Union([MoranClusterSchema, Type.Null()])),
          moranI: Type.Array(NullableNum), moranP: Type.Array(NullableNum),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const viewer = requireRole(req, roles);
    return service.runScores(db, req.params.id, viewer);
  });

  app.get('/api/analysis/runs/:id/areas/:code', {
    schema: {
      tags,
      params: Type.Object({ id: Type.String({ maxLength: 20 }), code: Type.String({ pattern: '^[0-9]{6}$' }) }),
      response: { 200: ExplanationSchema, ...errorResponses },
    },
  }, async (req) => {
    const viewer = requireRole(req, roles);
    return service.explainArea(db, req.params.id, req.params.code, viewer);
  });

  app.post('/api/analysis/sensitivity', { schema: { tags, body: RunRequestSchema, response: { 200: SensitivitySchema, ...errorResponses } } }, async (req) => {
    const viewer = requireRole(req, roles);
    return service.sensitivity(db, req.body, viewer);
  });
}
