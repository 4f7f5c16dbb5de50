/** HTTP API of agencies and coordination working groups: /api/agencies, /api/working-groups. */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { errorResponses, OkSchema } from '../schema-common.ts';
import { AGENCY_TYPES, MEMBER_ROLES, WORKING_GROUP_KINDS, type AgencyType, type MemberRole, type WorkingGroupKind } from '../../shared/agency-types.ts';
import * as svc from './service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// Enumerations travel as strings checked by the service, so a wrong value gets a message that
// lists the allowed ones instead of the schema validator's "must be equal to constant".
const AgencyTypeText = Type.String({ maxLength: 40, description: `one of ${AGENCY_TYPES.join(', ')}` });
const KindText = Type.String({ maxLength: 40, description: `one of ${WORKING_GROUP_KINDS.join(', ')}` });
const RoleText = Type.String({ maxLength: 40, description: `one of ${MEMBER_ROLES.join(', ')}` });

const AgencySchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameTh: Type.String(),
  nameEn: Nullable(Type.String()),
  type: Type.String({ description: `one of ${AGENCY_TYPES.join(', ')}` }),
  parentMinistry: Nullable(Type.String()),
  provinceCode: Nullable(Type.String()),
  provinceTh: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  address: Nullable(Type.String()),
  active: Type.Boolean(),
  isDemo: Type.Boolean(),
  userCount: Type.Integer(),
  projectCount: Type.Integer(),
  groupCount: Type.Integer({ description: 'working groups the agency sits in' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const AgencyBody = Type.Object({
  code: Type.String({ maxLength: 64, description: 'short stable key: a-z, 0-9, dot, dash, underscore (e.g. police-98)' }),
  nameTh: Type.String({ maxLength: 300 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  type: AgencyTypeText,
  parentMinistry: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  provinceCode: Type.Optional(Nullable(Type.String({ maxLength: 2, description: 'the province (2 digits); null for a regional or national agency' }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  contactEmail: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const GroupSchema = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  area: Type.Object({ code: Type.String(), level: Type.Integer(), nameTh: Type.String(), nameEn: Nullable(Type.String()) }),
  kind: Type.String(),
  nameTh: Type.String(),
  nameEn: Nullable(Type.String()),
  description: Type.String(),
  active: Type.Boolean(),
  isDemo: Type.Boolean(),
  memberCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const MemberSchema = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  agency: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), nameTh: Type.String(), nameEn: Nullable(Type.String()) })),
  user: Nullable(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
  personName: Nullable(Type.String()),
  positionTitle: Nullable(Type.String()),
  role: Type.String(),
  phone: Nullable(Type.String({ description: 'null for the viewer role' })),
  since: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  createdAt: Type.String(),
});

const GroupWithMembers = Type.Object({ group: GroupSchema, members: Type.Array(MemberSchema) });

const GroupBody = Type.Object({
  provinceCode: Type.String({ maxLength: 2 }),
  areaCode: Type.String({ maxLength: 12, description: 'the province, a district, or a sub-district (a peace council covers a sub-district)' }),
  kind: KindText,
  nameTh: Type.String({ maxLength: 300 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const MemberBody = Type.Object({
  agencyId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  personName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  positionTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  role: RoleText,
  phone: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  since: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD, Common Era' }))),
}, { additionalProperties: false, description: 'an agency, a COMAP user or a named person (at least one), with a role' });

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const MemberParams = Type.Object({ id: Type.Integer({ minimum: 1 }), memberId: Type.Integer({ minimum: 1 }) });

/** Registers /api/agencies and /api/working-groups. */
export async function agencyRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['agencies'];

  app.get('/api/agencies', {
    schema: {
      tags,
      querystring: Type.Object({
        province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
        type: Type.Optional(Type.String({ maxLength: 40 })),
        active: Type.Optional(Type.Boolean()),
        q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the Thai or English name, code, ministry or contact' })),
      }),
      response: { 200: Type.Object({ items: Type.Array(AgencySchema) }), ...errorResponses },
    },
  }, async (req) => {
    requireViewer(req);
    return { items: await svc.listAgencies(db, req.query) };
  });

  app.get('/api/agencies/:id', {
    schema: { tags, params: IdParams, response: { 200: AgencySchema, ...errorResponses } },
  }, async (req) => {
    requireViewer(req);
    return svc.getAgency(db, req.params.id);
  });

  app.post('/api/agencies', {
    schema: { tags, description: 'Administrators only.', body: AgencyBody, response: { 201: AgencySchema, ...errorResponses } },
  }, async (req, reply) => {
    const v = requireRole(req, svc.AGENCY_WRITERS);
    return reply.code(201).send(await svc.createAgency(db, v, { ...req.body, type: req.body.type as AgencyType }));
  });

  app.put('/api/agencies/:id', {
    schema: { tags, description: 'Administrators only; replaces the agency.', params: IdParams, body: AgencyBody, response: { 200: AgencySchema, ...errorResponses } },
  }, async (req) => svc.updateAgency(db, requireRole(req, svc.AGENCY_WRITERS), req.params.id, { ...req.body, type: req.body.type as AgencyType }));

  app.delete('/api/agencies/:id', {
    schema: {
      tags, params: IdParams,
      description: 'Administrators only. Refused (409) while users or projects refer to the agency: deactivate it instead.',
      response: { 200: OkSchema, ...errorResponses },
    },
  }, async (req) => {
    await svc.deleteAgency(db, requireRole(req, svc.AGENCY_WRITERS), req.params.id);
    return { ok: true };
  });

  const gtags = ['working-groups'];

  app.get('/api/working-groups', {
    schema: {
      tags: gtags,
      description: 'Area officers see only the groups of their areas.',
      querystring: Type.Object({
        province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
        kind: Type.Optional(Type.String({ maxLength: 40 })),
        area: Type.Optional(Type.String({ pattern: '^[0-9]{2,8}$', description: 'groups covering this area or an area inside it' })),
        active: Type.Optional(Type.Boolean()),
      }),
      response: { 200: Type.Object({ items: Type.Array(GroupSchema) }), ...errorResponses },
    },
  }, async (req) => ({ items: await svc.listGroups(db, requireViewer(req), req.query) }));

  app.get('/api/working-groups/:id', {
    schema: { tags: gtags, params: IdParams, response: { 200: GroupWithMembers, ...errorResponses } },
  }, async (req) => svc.getGroup(db, requireViewer(req), req.params.id));

  app.post('/api/working-groups', {
    schema: { tags: gtags, description: 'Administrators and analysts, within their area scope.', body: GroupBody, response: { 201: GroupWithMembers, ...errorResponses } },
  }, async (req, reply) => {
    const v = requireRole(req, svc.GROUP_WRITERS);
    return reply.code(201).send(await svc.createGroup(db, v, { ...req.body, kind: req.body.kind as WorkingGroupKind }));
  });

  app.put('/api/working-groups/:id', {
    schema: { tags: gtags, params: IdParams, body: GroupBody, response: { 200: GroupWithMembers, ...errorResponses } },
  }, async (req) => svc.updateGroup(db, requireRole(req, svc.GROUP_WRITERS), req.params.id, { ...req.body, kind: req.body.kind as WorkingGroupKind }));

  app.delete('/api/working-groups/:id', {
    schema: { tags: gtags, params: IdParams, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.deleteGroup(db, requireRole(req, svc.GROUP_WRITERS), req.params.id);
    return { ok: true };
  });

  app.post('/api/working-groups/:id/members', {
    schema: { tags: gtags, params: IdParams, body: MemberBody, response: { 201: MemberSchema, ...errorResponses } },
  }, async (req, reply) => {
    const v = requireRole(req, svc.GROUP_WRITERS);
    return reply.code(201).send(await svc.addMember(db, v, req.params.id, { ...req.body, role: req.body.role as MemberRole }));
  });

  app.put('/api/working-groups/:id/members/:memberId', {
    schema: { tags: gtags, params: MemberParams, body: MemberBody, response: { 200: MemberSchema, ...errorResponses } },
  }, async (req) => svc.updateMember(db, requireRole(req, svc.GROUP_WRITERS), req.params.id, req.params.memberId, { ...req.body, role: req.body.role as MemberRole }));

  app.delete('/api/working-groups/:id/members/:memberId', {
    schema: { tags: gtags, params: MemberParams, response: { 200: OkSchema, ...errorResponses } },
  }, async (req) => {
    await svc.removeMember(db, requireRole(req, svc.GROUP_WRITERS), req.params.id, req.params.memberId);
    return { ok: true };
  });
}
