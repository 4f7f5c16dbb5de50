/** HTTP API of the dashboard (/api/dashboard) and the quarterly review (/api/reviews, /api/review-actions). */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireViewer } from '../context.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { getDashboard } from './service.ts';
import * as reviews from '../reviews/service.ts';
import { ActionSchema, DashboardSchema, MeetingSchema, PackSchema } from './schema.ts';

const Province = Type.String({ pattern: '^[0-9]{2}$', description: 'province code' });
const QuarterParams = Type.Object({ province: Province, fy: Type.Integer({ description: 'Buddhist Era fiscal year' }), quarter: Type.Integer() });

const ActionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('decision'), Type.Literal('action')]),
    text: Type.String({ maxLength: 10000 }),
    ownerAgencyId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    ownerName: Type.Optional(Type.String({ maxLength: 300 })),
    dueDate: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('dropped')])),
    statusNote: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export async function dashboardRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        description: 'The dashboard of a province (or a district or sub-district of it) as of the end of a fiscal quarter (default: the current one, up to now).',
        querystring: Type.Object({
          province: Province,
          fy: Type.Optional(Type.Integer()),
          quarter: Type.Optional(Type.Integer()),
          area: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$', description: 'district or sub-district code to drill into' })),
        }),
        response: { 200: DashboardSchema, ...errorResponses },
      },
    },
    async (req) => getDashboard(ctx.db, requireViewer(req), { province: req.query.province, fiscalYear: req.query.fy, quarter: req.query.quarter, area: req.query.area }),
  );

  app.get(
    '/api/reviews',
    { schema: { tags: ['reviews'], querystring: Type.Object({ province: Province }), response: { 200: Type.Array(MeetingSchema), ...errorResponses } } },
    async (req) => {
      requireViewer(req);
      return reviews.listMeetings(ctx.db, req.query.province);
    },
  );

  app.get(
    '/api/reviews/:province/:fy/:quarter',
    {
      schema: {
        tags: ['reviews'],
        description: 'The review pack of a quarter: the frozen copy if it was frozen (unless live=true), else computed as of the quarter end.',
        params: QuarterParams,
        querystring: Type.Object({ live: Type.Optional(Type.Boolean()) }),
        response: { 200: PackSchema, ...errorResponses },
      },
    },
    async (req) => reviews.getPack(ctx.db, requireViewer(req), req.params.province, req.params.fy, req.params.quarter, { live: req.query.live }),
  );

  app.put(
    '/api/reviews/:province/:fy/:quarter',
    {
      schema: {
        tags: ['reviews'],
        params: QuarterParams,
        body: Type.Object(
          {
            heldOn: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
            place: Type.Optional(Type.String({ maxLength: 500 })),
            chair: Type.Optional(Type.String({ maxLength: 300 })),
            attendees: Type.Optional(Type.String({ maxLength: 10000 })),
            summary: Type.Optional(Type.String({ maxLength: 20000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeetingSchema, ...errorResponses },
      },
    },
    async (req) => reviews.saveMeeting(ctx.db, requireViewer(req), req.params.province, req.params.fy, req.params.quarter, req.body),
  );

  app.post(
    '/api/reviews/:province/:fy/:quarter/freeze',
    { schema: { tags: ['reviews'], params: QuarterParams, response: { 200: MeetingSchema, ...errorResponses } } },
    async (req) => reviews.freeze(ctx.db, requireViewer(req), req.params.province, req.params.fy, req.params.quarter),
  );

  app.post(
    '/api/reviews/:province/:fy/:quarter/actions',
    { schema: { tags: ['reviews'], params: QuarterParams, body: ActionBody, response: { 201: ActionSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await reviews.addAction(ctx.db, requireViewer(req), req.params.province, req.params.fy, req.params.quarter, req.body)),
  );

  app.put(
    '/api/review-actions/:id',
    { schema: { tags: ['reviews'], params: Type.Object({ id: Type.Integer() }), body: ActionBody, response: { 200: ActionSchema, ...errorResponses } } },
    async (req) => reviews.updateAction(ctx.db, requireViewer(req), req.params.id, req.body),
  );

  app.delete(
    '/api/review-actions/:id',
    { schema: { tags: ['reviews'], params: Type.Object({ id: Type.Integer() }), response: { 200: OkSchema, ...errorResponses } } },
    async (req) => {
      await reviews.deleteAction(ctx.db, requireViewer(req), req.params.id);
      return { ok: true };
    },
  );
}
