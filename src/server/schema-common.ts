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

/**
 * Rewrites `anyOf: [S, {type: 'null'}]` (TypeBox's `Union([S, Null])`) into S with `type: [t, 'null']`,
 * everywhere in a request schema. Why: the validator coerces types, and inside anyOf it coerces in
 * the first branch that can take the value, so a JSON null meant as "none" became 0 (integer) or ""
 * (string) before the route saw it. With the type list, null is a valid value and stays null.
 */
export function nullableAsTypeList(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypeList);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Record<string | symbol, unknown>;
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(s)) out[key] = typeof key === 'string' ? nullableAsTypeList(s[key]) : s[key];
  const any = out.anyOf;
  if (Array.isArray(any) && any.length === 2) {
    const i = any.findIndex((b) => b && typeof b === 'object' && (b as { type?: unknown }).type === 'null' && Object.keys(b).length === 1);
    const other = any[1 - i] as Record<string, unknown> | undefined;
    if (i >= 0 && other && typeof other.type === 'string' && other.type !== 'null' && !('anyOf' in other)) {
      const { anyOf: _drop, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}
