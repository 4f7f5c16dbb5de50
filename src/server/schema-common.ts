/** Schemas shared by several modules. */
import { Type, type Static } from '@sinclair/typebox';

export const ErrorDetailSchema = Type.Object({
  file: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer()),
  field: Type.Optional(Type.String()),
  message: Type.String(),
});

export const ErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(ErrorDetailSchema),
});
export type ErrorBody = Static<typeof ErrorSchema>;

export const OkSchema = Type.Object({ ok: Type.Boolean() });

/** Standard error responses, to spread into a route's `response` schema. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  422: ErrorSchema,
};
