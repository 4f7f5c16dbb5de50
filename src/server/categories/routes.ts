import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { errorResponses } from '../schema-common.ts';
import * as service from './service.ts';

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  labelTh: Type.String(),
  labelEn: Type.String(),
  color: Type.String(),
  icon: Type.String(),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});

const editable = {
  labelTh: Type.String({ minLength: 1, maxLength: 200 }),
  labelEn: Type.String({ minLength: 1, maxLength: 200 }),
  color: Type.String({ maxLength: 7 }),
  icon: Type.String({ maxLength: 40 }),
  sortOrder: Type.Integer({ minimum: -100000, maximum: 100000 }),
  active: Type.Boolean(),
};

/** GET /api/categories (signed in), POST and PATCH /api/categories (administrators). */
export async function categoryRoutes(app: App, { db }: AppContext): Promise<void> {
  app.get('/api/categories', { schema: { tags: ['categories'], response: { 200: Type.Array(CategorySchema), ...errorResponses } } }, async (req) => {
    requireViewer(req);
    return service.listCategories(db);
  });

  app.post(
    '/api/categories',
    {
      schema: {
        tags: ['categories'],
        body: Type.Object({
          code: Type.String({ maxLength: 40 }),
          labelTh: editable.labelTh,
          labelEn: editable.labelEn,
          color: editable.color,
          icon: Type.Optional(editable.icon),
          sortOrder: Type.Optional(editable.sortOrder),
          active: Type.Optional(editable.active),
        }),
        response: { 201: CategorySchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ['admin']);
      const c = await service.createCategory(db, req.body, actor);
      reply.code(201);
      return c;
    },
  );

  app.patch(
    '/api/categories/:id',
    {
      schema: {
        tags: ['categories'],
        params: Type.Object({ id: Type.Integer() }),
        body: Type.Object({
          labelTh: Type.Optional(editable.labelTh),
          labelEn: Type.Optional(editable.labelEn),
          color: Type.Optional(editable.color),
          icon: Type.Optional(editable.icon),
          sortOrder: Type.Optional(editable.sortOrder),
          active: Type.Optional(editable.active),
        }, { additionalProperties: false }),
        response: { 200: CategorySchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      return service.updateCategory(db, req.params.id, req.body, actor);
    },
  );
}
