/** HTTP API of projects, their quarterly progress, photos and support history: /api/projects. */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { badRequest, tooLarge } from '../errors.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { BUDGET_SOURCES, PROJECT_ORIGINS, PROJECT_STATUSES, PROJECT_VISIBILITIES, PUBLIC_FIELDS, type ProjectInput, type ProjectStatus } from '../../shared/project-types.ts';
import * as svc from './service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const AgencyRef = Type.Object({ id: Type.Integer(), code: Type.String(), nameTh: Type.String(), nameEn: Nullable(Type.String()) });
const GeometrySchema = Type.Object({ type: Type.String(), coordinates: Type.Unknown() }, { description: 'GeoJSON Point, LineString or Polygon (or multi forms), longitude then latitude' });
const PlannedOutputSchema = Type.Object({ name: Type.String(), unit: Type.String(), target: Type.Number() });
const AchievedOutputSchema = Type.Object({ name: Type.String(), achieved: Type.Number() });

const ProjectSchema = Type.Object({
  id: Type.Integer(),
  externalId: Nullable(Type.String()),
  agency: AgencyRef,
  provinceCode: Type.String(),
  fiscalYear: Type.Integer({ description: 'Buddhist Era' }),
  title: Type.String(),
  objectives: Type.String(),
  budgetBaht: Type.Number(),
  budgetSource: Literals(BUDGET_SOURCES),
  categories: Type.Array(Type.String()),
  areas: Type.Array(Type.Object({
    code: Type.String(), level: Type.Integer(), nameTh: Type.String(), nameEn: Nullable(Type.String()), subdistrictCode: Type.String(),
    inTargetList: Type.Boolean({ description: 'in the declared target list of the project\'s fiscal year (a village through its sub-district)' }),
  })),
  startDate: Nullable(Type.String()),
  endDate: Nullable(Type.String()),
  status: Literals(PROJECT_STATUSES),
  responsibleName: Type.String(),
  responsiblePhone: Type.String(),
  visibility: Literals(PROJECT_VISIBILITIES),
  publicFields: Type.Array(Type.String()),
  plannedOutputs: Type.Array(PlannedOutputSchema),
  geometry: Nullable(GeometrySchema),
  origin: Literals(PROJECT_ORIGINS),
  seekingSupport: Type.Boolean(),
  supportNeeds: Type.String(),
  percentDone: Nullable(Type.Number()),
  spentBaht: Nullable(Type.Number()),
  lateReports: Type.Array(Type.Object({ fiscalYear: Type.Integer(), quarter: Type.Integer(), dueDate: Type.String() })),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/**
 * The body of a project. Numbers also come as text (a spreadsheet cell, a form field): the service
 * reads them and names the field when they are not numbers ("100,000 baht" is not a budget).
 */
const ProjectInputSchema = Type.Object({
  externalId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  agencyId: Type.Union([Type.Integer(), Type.String()]),
  fiscalYear: Type.Union([Type.Integer(), Type.String()], { description: 'Buddhist Era, 2500-2700' }),
  title: Type.String(),
  objectives: Type.Optional(Type.String()),
  budgetBaht: Type.Union([Type.Number(), Type.String()], { description: 'baht, a number >= 0' }),
  budgetSource: Type.String({ description: BUDGET_SOURCES.join(', ') }),
  categories: Type.Array(Type.String(), { description: 'category codes' }),
  areaCodes: Type.Array(Type.String(), { description: 'sub-district (6 digits) and village (8 digits) codes of one province' }),
  startDate: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM-DD, Common Era' }))),
  endDate: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM-DD, Common Era' }))),
  status: Type.Optional(Type.String({ description: PROJECT_STATUSES.join(', ') })),
  responsibleName: Type.Optional(Type.String()),
  responsiblePhone: Type.Optional(Type.String()),
  visibility: Type.Optional(Type.String({ description: PROJECT_VISIBILITIES.join(', ') })),
  publicFields: Type.Optional(Type.Array(Type.String(), { description: PUBLIC_FIELDS.join(', ') })),
  plannedOutputs: Type.Optional(Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), target: Type.Union([Type.Number(), Type.String()]) }))),
  geometry: Type.Optional(Nullable(GeometrySchema)),
  origin: Type.Optional(Type.String({ description: PROJECT_ORIGINS.join(', ') })),
  seekingSupport: Type.Optional(Type.Boolean()),
  supportNeeds: Type.Optional(Type.String()),
});

const PhotoSchema = Type.Object({ id: Type.Integer(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), caption: Type.String(), url: Type.String() });

const ProgressSchema = Type.Object({
  id: Type.Integer(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  percentDone: Type.Number(),
  spentBaht: Type.Number(),
  outputs: Type.Array(AchievedOutputSchema),
  narrative: Type.String(),
  reportedBy: Nullable(Type.String()),
  reportedAt: Type.String({ description: 'first submission; lateness is judged by it' }),
  late: Type.Boolean(),
  photos: Type.Array(PhotoSchema),
});

const SupportSchema = Type.Object({
  id: Type.Integer(),
  kind: Literals(['requested', 'adopted', 'withdrawn', 'closed']),
  agency: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), nameTh: Type.String() })),
  sponsorName: Nullable(Type.String()),
  contribution: Type.String(),
  amountBaht: Nullable(Type.Number()),
  note: Type.String(),
  by: Nullable(Type.String()),
  at: Type.String(),
});

const DetailSchema = Type.Object({
  project: ProjectSchema,
  progress: Type.Array(ProgressSchema),
  support: Type.Array(SupportSchema),
  expectedReports: Type.Array(Type.Object({
    fiscalYear: Type.Integer(), quarter: Type.Integer(), dueDate: Type.String(), state: Literals(['not_due', 'due', 'submitted', 'submitted_late', 'late']),
  })),
});

const LateSchema = Type.Object({
  project: Type.Object({
    id: Type.Integer(), externalId: Nullable(Type.String()), title: Type.String(), fiscalYear: Type.Integer(), provinceCode: Type.String(),
    status: Literals(PROJECT_STATUSES), agency: AgencyRef, responsibleName: Type.String(), responsiblePhone: Type.String(),
  }),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  dueDate: Type.String({ description: 'YYYY-MM-DD, the last day of the grace period (Thai calendar day)' }),
  daysLate: Type.Integer(),
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const QuarterParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  fy: Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era fiscal year' }),
  quarter: Type.Integer({ minimum: 1, maximum: 4 }),
});
const PhotoParams = Type.Object({ photoId: Type.Integer({ minimum: 1 }) });

/** Registers /api/projects and /api/project-photos. */
export async function projectRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['projects'];

  app.get('/api/projects', {
    schema: {
      tags,
      description: 'Projects touching the caller\'s area scope, by fiscal year (newest first), then title.',
      querystring: Type.Object({
        fy: Type.Optional(Type.Integer({ minimum: 2500, maximum: 2700 })),
        province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
        agency: Type.Optional(Type.Integer({ minimum: 1 })),
        status: Type.Optional(Literals(PROJECT_STATUSES)),
        category: Type.Optional(Type.String({ maxLength: 64 })),
        area: Type.Optional(Type.String({ pattern: '^[0-9]{2,8}$', description: 'a province, district, sub-district or village code: projects with an area under it' })),
        q: Type.Optional(Type.String({ maxLength: 200 })),
        seeking: Type.Optional(Type.Boolean()),
        late: Type.Optional(Type.Boolean({ description: 'true: projects with a report due and missing now; false: none missing' })),
        inTargets: Type.Optional(Type.Boolean({ description: 'true: with an area in the declared target list of the project\'s fiscal year; false: without' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: Type.Object({ total: Type.Integer(), budgetTotal: Type.Number({ description: 'the budgets of every matching project, in baht' }), items: Type.Array(ProjectSchema) }), ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    return svc.listProjects(db, requireViewer(req), {
      fiscalYear: q.fy, province: q.province, agencyId: q.agency, status: q.status as ProjectStatus | undefined, category: q.category?.trim() || undefined,
      area: q.area, q: q.q?.trim() || undefined, seeking: q.seeking, late: q.late, inTargets: q.inTargets, limit: q.limit, offset: q.offset,
    });
  });

  app.get('/api/projects/late', {
    schema: {
      tags,
      description: 'Quarterly reports due and missing as of now, of the projects the caller sees (not cancelled), oldest due date first.',
      querystring: Type.Object({
        province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
        fy: Type.Optional(Type.Integer({ minimum: 2500, maximum: 2700 })),
        quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(LateSchema) }), ...errorResponses },
    },
  }, async (req) => svc.listLateReports(db, requireViewer(req), { province: req.query.province, fiscalYear: req.query.fy, quarter: req.query.quarter }));

  app.get('/api/projects/:id', {
    schema: { tags, params: IdParams, response: { 200: DetailSchema, ...errorResponses } },
  }, async (req) => svc.getProjectDetail(db, requireViewer(req), req.params.id));

  app.post('/api/projects', {
    schema: { tags, body: ProjectInputSchema, response: { 201: ProjectSchema, ...errorResponses } },
  }, async (req, reply) => reply.code(201).send(await svc.createProject(db, requireRole(req, svc.PROJECT_WRITERS), req.body as unknown as ProjectInput)));

  app.put('/api/projects/:id', {
    schema: { tags, description: 'Replaces every field of the project (origin, seekingSupport and supportNeeds stay when left out).', params: IdParams, body: ProjectInputSchema, response: { 200: ProjectSchema, ...errorResponses } },
  }, async (req) => svc.updateProject(db, requireRole(req, svc.PROJECT_WRITERS), req.params.id, req.body as unknown as ProjectInput));

  app.delete('/api/projects/:id', {
    schema: { tags, params: IdParams, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.deleteProject(db, requireRole(req, svc.PROJECT_WRITERS), req.params.id);
    return { ok: true };
  });

  app.put('/api/projects/:id/progress/:fy/:quarter', {
    schema: {
      tags,
      description: 'Creates or replaces the progress report of a quarter: percent done, money spent and outputs achieved, cumulative to the end of the quarter. Spending above the budget is stored and flagged as overBudget.',
      params: QuarterParams,
      body: Type.Object({
        percentDone: Type.Union([Type.Number(), Type.String()]),
        spentBaht: Type.Union([Type.Number(), Type.String()]),
        outputs: Type.Optional(Type.Array(Type.Object({ name: Type.String(), achieved: Type.Union([Type.Number(), Type.String()]) }))),
        narrative: Type.Optional(Type.String()),
      }),
      response: { 200: Type.Composite([ProgressSchema, Type.Object({ overBudget: Type.Boolean() })]), ...errorResponses },
    },
  }, async (req) => svc.saveProgress(db, requireRole(req, svc.PROJECT_WRITERS), req.params.id, req.params.fy, req.params.quarter, req.body));

  app.post('/api/projects/:id/progress/:fy/:quarter/photos', {
    schema: {
      tags, params: QuarterParams,
      consumes: ['multipart/form-data'],
      description: `Multipart: one image (JPEG, PNG or WebP, at most ${svc.PHOTO_MAX_BYTES / 1024 / 1024} MB) in the field "file", and an optional "caption".`,
      response: { 201: PhotoSchema, ...errorResponses, 415: errorResponses[400] },
    },
  }, async (req, reply) => {
    const v = requireRole(req, svc.PROJECT_WRITERS);
    if (!req.isMultipart()) throw badRequest('send the photo as multipart/form-data with the image in the field "file"', [{ field: 'file', message: 'missing' }]);
    let photo: svc.PhotoUpload | null = null;
    let caption = '';
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' && part.fieldname !== 'photo') {
          part.file.resume();
          throw badRequest(`unexpected file field "${part.fieldname}": send the image in the field "file"`, [{ field: part.fieldname, message: 'unexpected file' }]);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of part.file as AsyncIterable<Buffer>) {
          size += c.length;
          // Past the limit the rest is read and dropped, so the answer is a clean 413.
          if (size <= svc.PHOTO_MAX_BYTES) chunks.push(c);
        }
        if (size > svc.PHOTO_MAX_BYTES) throw tooLarge(`photo: "${part.filename}" is larger than ${svc.PHOTO_MAX_BYTES / 1024 / 1024} MB`);
        photo = { filename: part.filename || 'photo', content: Buffer.concat(chunks), size, caption: '' };
      } else if (part.fieldname === 'caption') caption = String(part.value ?? '');
    }
    if (photo) photo.caption = caption;
    return reply.code(201).send(await svc.addPhoto(db, v, req.params.id, req.params.fy, req.params.quarter, photo));
  });

  app.get('/api/project-photos/:photoId', {
    schema: { tags, params: PhotoParams, response: { 200: Type.Unknown({ description: 'the image (JPEG, PNG or WebP)' }), ...errorResponses } },
  }, async (req, reply) => {
    const f = await svc.photoFile(db, requireViewer(req), req.params.photoId);
    return reply.header('content-type', f.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .header('content-disposition', `inline; filename="photo-${req.params.photoId}.${f.contentType.split('/')[1].replace('jpeg', 'jpg')}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .send(f.content);
  });

  app.delete('/api/project-photos/:photoId', {
    schema: { tags, params: PhotoParams, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.deletePhoto(db, requireRole(req, svc.PROJECT_WRITERS), req.params.photoId);
    return { ok: true };
  });

  app.post('/api/projects/:id/support', {
    schema: {
      tags, params: IdParams,
      description: '"requested" marks the project as seeking support with what it needs (contribution); "adopted" by an agency (agencyId: an officer adopts for their own agency) or a private sponsor (sponsorName); "withdrawn" undoes an adoption; "closed" ends the request.',
      body: Type.Object({
        kind: Literals(['requested', 'adopted', 'withdrawn', 'closed']),
        agencyId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
        sponsorName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
        contribution: Type.Optional(Type.String()),
        amountBaht: Type.Optional(Nullable(Type.Union([Type.Number(), Type.String()]))),
        note: Type.Optional(Type.String()),
      }),
      response: { 201: SupportSchema, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await svc.addSupportEvent(db, requireRole(req, svc.PROJECT_WRITERS), req.params.id, req.body)));
}
