/** Signed-in side of the people's voice: village meetings, moderation, needs, contacts, settings. */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { errorResponses } from '../schema-common.ts';
import { CHANNELS, FEEDBACK_LIMITS, MEETING_CHANNELS, MEETS } from '../../shared/feedback-types.ts';
import * as svc from './service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Province = Type.String({ pattern: '^[0-9]{2}$' });
const Subdistrict = Type.String({ pattern: '^[0-9]{6}$' });
const FiscalYear = Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Hidden = Nullable(Type.Object({
  at: Type.String(),
  by: Nullable(Type.String({ description: 'who hid it; null for users who do not moderate' })),
  reason: Type.String(),
}));

/** A refusal of a sitting: `row` names the answer or need ('answers[3]', counted from 0). */
const MeetingErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({
    row: Type.Optional(Type.Union([Type.String({ description: "'answers[3]' or 'needs[0]', counted from 0" }), Type.Integer()])),
    field: Type.Optional(Type.String()),
    message: Type.String(),
  })),
});

/**
 * A sitting as it arrives. Per-row values are checked by the service, which names the row and the
 * field of every problem (a schema refusal could not say 'answers[6]'); numbers may come as text.
 */
const MeetingBodySchema = Type.Object({
  subdistrictCode: Type.String({ description: 'DOPA sub-district code, 6 digits' }),
  villageCode: Type.Optional(Nullable(Type.String({ description: 'village (8 digits) of that sub-district' }))),
  meetingDate: Type.String({ description: 'YYYY-MM-DD, Common Era, not in the future, not before the previous fiscal year' }),
  place: Type.String({ description: `1-${FEEDBACK_LIMITS.placeChars} characters` }),
  attendance: Type.Union([Type.Integer(), Type.String()], { description: `people present, 1-${FEEDBACK_LIMITS.attendanceMax}` }),
  channel: Type.String({ description: MEETING_CHANNELS.join(', ') }),
  note: Type.Optional(Type.String()),
  answers: Type.Array(Type.Object({
    projectId: Type.Union([Type.Integer(), Type.String()], { description: 'a project of the current or previous fiscal year reaching the sub-district' }),
    meets: Type.String({ description: MEETS.join(', ') }),
    // Read by the service: in an anyOf with null the validator would coerce a JSON null to 0 (a rating refused).
    rating: Type.Optional(Type.Unknown({ description: '1-5, a number or numeric text; null or left out = no rating' })),
    comment: Type.Optional(Type.String()),
    villageCode: Type.Optional(Nullable(Type.String({ description: "the person's village; the sitting's village when left out" }))),
  }), { maxItems: FEEDBACK_LIMITS.meetingRows }),
  needs: Type.Optional(Type.Array(Type.Object({
    categoryCode: Type.String(),
    description: Type.String(),
    villageCode: Type.Optional(Nullable(Type.String())),
  }), { maxItems: FEEDBACK_LIMITS.meetingRows })),
});

const MeetingSchema = Type.Object({
  id: Type.Integer(),
  subdistrictCode: Type.String(),
  subdistrictTh: Type.String(),
  villageCode: Nullable(Type.String()),
  villageTh: Nullable(Type.String()),
  meetingDate: Type.String({ description: 'YYYY-MM-DD, Common Era' }),
  place: Type.String(),
  attendance: Type.Integer(),
  channel: Literals(MEETING_CHANNELS),
  note: Type.String(),
  answers: Type.Integer(),
  needs: Type.Integer(),
  recordedBy: Nullable(Type.String()),
  recordedAt: Type.String(),
});

const FeedbackItemSchema = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  projectTitle: Type.String(),
  agencyId: Type.Integer(),
  subdistrictCode: Type.String(),
  subdistrictTh: Type.String(),
  villageCode: Nullable(Type.String()),
  villageTh: Nullable(Type.String()),
  meets: Literals(MEETS),
  rating: Nullable(Type.Integer()),
  comment: Type.String({ description: 'empty when hidden, for users who do not moderate' }),
  channel: Literals(CHANNELS),
  meetingId: Nullable(Type.Integer()),
  receivedAt: Type.String(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  hidden: Hidden,
  hasContact: Type.Boolean(),
});

const NeedItemSchema = Type.Object({
  id: Type.Integer(),
  subdistrictCode: Type.String(),
  subdistrictTh: Type.String(),
  villageCode: Nullable(Type.String()),
  villageTh: Nullable(Type.String()),
  categoryCode: Type.String(),
  description: Type.String({ description: 'empty when hidden, for users who do not moderate' }),
  channel: Literals(CHANNELS),
  meetingId: Nullable(Type.Integer()),
  receivedAt: Type.String(),
  fiscalYear: Type.Integer(),
  project: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), agencyId: Type.Integer() })),
  hidden: Hidden,
  hasContact: Type.Boolean(),
});

const ContactSchema = Type.Object({
  name: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  consentAt: Type.String(),
  consentVersion: Type.String(),
  deleteAfter: Type.String(),
});

const SettingsSchema = Type.Object({
  contactRetentionDays: Type.Integer({ description: 'days contact details are kept after consent' }),
  evaluationMinAnswers: Type.Integer({ description: 'fewer answers than this are too few to judge' }),
});

const ReasonBody = Type.Object({ reason: Type.String({ description: `why, 1-${FEEDBACK_LIMITS.reasonChars} characters` }) });
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }));
const Offset = Type.Optional(Type.Integer({ minimum: 0, default: 0 }));

/** /api/feedback/... and /api/needs/... */
export async function feedbackRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['feedback'];

  app.post('/api/feedback/meetings', {
    schema: {
      tags,
      description: 'Records a village meeting or peace council sitting with its answers and needs, all or nothing (administrators, analysts, area officers in their areas). Problems name the row (answers[i], needs[i], from 0) and field.',
      body: MeetingBodySchema,
      response: { 201: Type.Object({ id: Type.Integer(), answers: Type.Integer(), needs: Type.Integer() }), ...errorResponses, 400: MeetingErrorSchema },
    },
  }, async (req, reply) => reply.code(201).send(await svc.createMeeting(db, requireViewer(req), req.body)));

  app.get('/api/feedback/meetings', {
    schema: {
      tags,
      querystring: Type.Object({
        provinceCode: Type.Optional(Province),
        subdistrictCode: Type.Optional(Subdistrict),
        fiscalYear: Type.Optional(Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era: the sittings whose answers belong to this fiscal year (recorded in it)' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(MeetingSchema) }), ...errorResponses },
    },
  }, async (req) => ({ items: await svc.listMeetings(db, requireViewer(req), req.query) }));

  app.get('/api/feedback/settings', {
    schema: { tags, response: { 200: SettingsSchema, ...errorResponses } },
  }, async (req) => {
    requireViewer(req);
    return svc.getFeedbackSettings(db);
  });

  app.put('/api/feedback/settings', {
    schema: {
      tags,
      description: `Administrators. contactRetentionDays ${svc.SETTING_LIMITS.contactRetentionDays.min}-${svc.SETTING_LIMITS.contactRetentionDays.max} (moves the deletion date of every contact and deletes those past it), evaluationMinAnswers ${svc.SETTING_LIMITS.evaluationMinAnswers.min}-${svc.SETTING_LIMITS.evaluationMinAnswers.max}.`,
      body: Type.Object({
        contactRetentionDays: Type.Union([Type.Integer(), Type.String()]),
        evaluationMinAnswers: Type.Union([Type.Integer(), Type.String()]),
      }),
      response: { 200: SettingsSchema, ...errorResponses },
    },
  }, async (req) => svc.updateFeedbackSettings(db, requireRole(req, ['admin']), req.body));

  app.get('/api/feedback', {
    schema: {
      tags,
      querystring: Type.Object({
        provinceCode: Type.Optional(Province),
        fiscalYear: Type.Optional(FiscalYear),
        quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
        projectId: Type.Optional(Type.Integer({ minimum: 1 })),
        agencyId: Type.Optional(Type.Integer({ minimum: 1 })),
        subdistrictCode: Type.Optional(Subdistrict),
        channel: Type.Optional(Type.Union([Type.Literal('public_web'), Type.Literal('village_meeting'), Type.Literal('peace_council')])),
        hidden: Type.Optional(Type.Union([Type.Literal('include'), Type.Literal('exclude'), Type.Literal('only')], { default: 'include' })),
        withComment: Type.Optional(Type.Boolean({ description: 'only answers with a comment the caller can read' })),
        limit: Limit,
        offset: Offset,
      }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(FeedbackItemSchema) }), ...errorResponses },
    },
  }, async (req) => svc.listFeedback(db, requireViewer(req), req.query));

  app.post('/api/feedback/:id/hide', {
    schema: { tags, params: IdParams, body: ReasonBody, response: { 200: FeedbackItemSchema, ...errorResponses } },
  }, async (req) => svc.moderateFeedback(db, requireViewer(req), req.params.id, req.body.reason));

  app.post('/api/feedback/:id/unhide', {
    schema: { tags, params: IdParams, response: { 200: FeedbackItemSchema, ...errorResponses } },
  }, async (req) => svc.moderateFeedback(db, requireViewer(req), req.params.id, null));

  app.get('/api/feedback/:id/contact', {
    schema: { tags, params: IdParams, description: 'Reveals the contact details left with an answer; every reveal is audited.', response: { 200: ContactSchema, ...errorResponses } },
  }, async (req) => svc.feedbackContact(db, requireViewer(req), req.params.id));

  app.get('/api/needs', {
    schema: {
      tags,
      querystring: Type.Object({
        provinceCode: Type.Optional(Province),
        subdistrictCode: Type.Optional(Subdistrict),
        categoryCode: Type.Optional(Type.String()),
        fiscalYear: Type.Optional(FiscalYear),
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('all')], { default: 'all', description: 'open = no project answers it yet, answered = linked to one' })),
        limit: Limit,
        offset: Offset,
      }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(NeedItemSchema) }), ...errorResponses },
    },
  }, async (req) => svc.listNeeds(db, requireViewer(req), req.query));

  app.post('/api/needs/:id/link', {
    schema: { tags, params: IdParams, body: Type.Object({ projectId: Type.Integer({ minimum: 1 }) }), response: { 200: NeedItemSchema, ...errorResponses } },
  }, async (req) => svc.linkNeed(db, requireViewer(req), req.params.id, req.body.projectId));

  app.post('/api/needs/:id/unlink', {
    schema: { tags, params: IdParams, response: { 200: NeedItemSchema, ...errorResponses } },
  }, async (req) => svc.unlinkNeed(db, requireViewer(req), req.params.id));

  app.post('/api/needs/:id/hide', {
    schema: { tags, params: IdParams, body: ReasonBody, response: { 200: NeedItemSchema, ...errorResponses } },
  }, async (req) => svc.moderateNeed(db, requireViewer(req), req.params.id, req.body.reason));

  app.post('/api/needs/:id/unhide', {
    schema: { tags, params: IdParams, response: { 200: NeedItemSchema, ...errorResponses } },
  }, async (req) => svc.moderateNeed(db, requireViewer(req), req.params.id, null));

  app.get('/api/needs/:id/contact', {
    schema: { tags, params: IdParams, description: 'Reveals the contact details left with a need; every reveal is audited.', response: { 200: ContactSchema, ...errorResponses } },
  }, async (req) => svc.needContact(db, requireViewer(req), req.params.id));
}
