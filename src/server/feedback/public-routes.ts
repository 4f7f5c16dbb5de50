/** Public (no sign-in) entry points of the people's voice: answers about projects and needs. */
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../context.ts';
import { errorResponses, ErrorSchema } from '../schema-common.ts';
// The bodies are the shared input types except that consent may be missing, which the service refuses by name.
import { CONSENT_VERSION, FEEDBACK_LIMITS, MEETS, type PublicAnswerInput, type PublicNeedInput } from '../../shared/feedback-types.ts';
import { RateLimitedError, submitAnswer, submitNeed, type PublicClient } from './public-service.ts';

/**
 * Largest body of a public answer or need. A full answer in Thai (2,000 characters of comment,
 * even sent as \u escapes, and the contact details) is under 16 KB; a larger body is refused
 * before it is read, with a message saying the limit of the comment.
 */
export const PUBLIC_BODY_LIMIT = 32 * 1024;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ContactSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: FEEDBACK_LIMITS.nameChars })),
  phone: Type.Optional(Type.String({ maxLength: FEEDBACK_LIMITS.phoneChars })),
  email: Type.Optional(Type.String({ maxLength: FEEDBACK_LIMITS.emailChars })),
  // Optional in the schema so that a missing consent gets the service's message saying it is required.
  consent: Type.Optional(Type.Boolean({ description: `must be true with any contact detail: the person agreed to the consent notice ${CONSENT_VERSION}` })),
}, { additionalProperties: false, description: 'contact details, kept only with consent, never public, deleted after the retention period' });

const ClientId = Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$', description: 'random token the device keeps: one answer per device, project and quarter' });
const Website = Type.Optional(Type.String({ description: 'honeypot: leave empty (hidden from people)' }));
const VillageCode = Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{8}$', description: 'village (8 digits) of the sub-district' })));

const AnswerBody = Type.Object({
  subdistrictCode: Type.String({ pattern: '^[0-9]{6}$', description: 'the sub-district the person lives in' }),
  villageCode: VillageCode,
  meets: Type.Unsafe<(typeof MEETS)[number]>({ type: 'string', enum: [...MEETS], description: 'does the project meet your needs?' }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.Optional(Type.String({ maxLength: FEEDBACK_LIMITS.commentChars })),
  contact: Type.Optional(Nullable(ContactSchema)),
  clientId: ClientId,
  website: Website,
}, { additionalProperties: false });

const NeedBody = Type.Object({
  categoryCode: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  description: Type.String({ minLength: 1, maxLength: FEEDBACK_LIMITS.needChars }),
  villageCode: VillageCode,
  contact: Type.Optional(Nullable(ContactSchema)),
  clientId: ClientId,
  website: Website,
}, { additionalProperties: false });

const AnswerResult = Type.Object({
  id: Type.Integer(),
  replaced: Type.Boolean({ description: 'this device had answered this project this quarter: that answer was replaced' }),
  fiscalYear: Type.Integer({ description: 'Buddhist Era fiscal year the answer counts in' }),
  quarter: Type.Integer({ minimum: 1, maximum: 4 }),
});

const responses = { ...errorResponses, 429: ErrorSchema };

function clientOf(req: FastifyRequest): PublicClient {
  return { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') };
}

/**
 * The routes' own error handler in front of the application's: a body over the limit gets a
 * message saying what the limit is for, and a refused rate gets its Retry-After header. Anything
 * else goes on to the application's handler (rethrown).
 */
function publicErrors(what: 'answer' | 'need') {
  return (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const [field, chars] = what === 'answer' ? ['comment', FEEDBACK_LIMITS.commentChars] : ['description', FEEDBACK_LIMITS.needChars];
      const message = `the ${what} is larger than ${PUBLIC_BODY_LIMIT / 1024} KB: a ${field} may have at most ${chars} characters`;
      return reply.code(413).send({ error: 'too_large', message, details: [{ field, message: `${field}: at most ${chars} characters` }] });
    }
    if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
    throw err;
  };
}

/** POST /api/public/projects/:id/feedback and POST /api/public/subdistricts/:code/needs. */
export async function publicFeedbackRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['public'];

  app.post('/api/public/projects/:id/feedback', {
    config: { public: true },
    bodyLimit: PUBLIC_BODY_LIMIT,
    errorHandler: publicErrors('answer'),
    schema: {
      tags,
      description: 'A person\'s answer about a public project of the current fiscal year in their sub-district (no sign-in). 201 when stored, 200 when it replaced this device\'s answer of the quarter.',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      body: AnswerBody,
      response: { 201: AnswerResult, 200: AnswerResult, ...responses },
    },
  }, async (req, reply) => {
    const r = await submitAnswer(ctx, req.params.id, req.body as PublicAnswerInput, clientOf(req));
    return reply.code(r.replaced ? 200 : 201).send(r);
  });

  app.post('/api/public/subdistricts/:code/needs', {
    config: { public: true },
    bodyLimit: PUBLIC_BODY_LIMIT,
    errorHandler: publicErrors('need'),
    schema: {
      tags,
      description: 'A need the people of a sub-district raise (no sign-in).',
      params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
      body: NeedBody,
      response: { 201: Type.Object({ id: Type.Integer() }), ...responses },
    },
  }, async (req, reply) => reply.code(201).send(await submitNeed(ctx, req.params.code, req.body as PublicNeedInput, clientOf(req))));
}
