/**
 * TypeBox schemas of the board's JSON (/api/public/areas/..., /api/public/subdistricts/:code) and
 * of its HTML forms. The response schemas list every property the public may receive: the
 * serializer drops anything else, a second fence behind the repository's public-field rules.
 */
import { Type } from '@sinclair/typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AreaItemSchema = Type.Object({
  code: Type.String({ description: 'DOPA code of the sub-district (6 digits)' }),
  nameTh: Type.String(),
  nameEn: Nullable(Type.String()),
  districtTh: Nullable(Type.String()),
  districtEn: Nullable(Type.String()),
  provinceTh: Nullable(Type.String()),
  provinceEn: Nullable(Type.String()),
}, { additionalProperties: false });

const VillageSchema = Type.Object({ code: Type.String(), nameTh: Type.String(), nameEn: Nullable(Type.String()) }, { additionalProperties: false });

const BoardAreaSchema = Type.Object({
  ...AreaItemSchema.properties,
  provinceCode: Type.String(),
  villages: Type.Array(VillageSchema),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north], WGS 84' }),
}, { additionalProperties: false });

const PeriodState = Type.Union([Type.Literal('provisional'), Type.Literal('closed')]);

const SnapshotSummarySchema = Type.Object({
  fiscalYear: Type.Integer(),
  quarter: Type.Integer({ description: '1-4, or 0 for the whole fiscal year' }),
  state: PeriodState,
  computedAt: Type.String(),
  minAnswers: Type.Integer(),
}, { additionalProperties: false });

const EvaluationSummarySchema = Type.Object({
  ...SnapshotSummarySchema.properties,
  answers: Type.Integer(),
  yes: Type.Integer(),
  partly: Type.Integer(),
  no: Type.Integer(),
  shareMeets: Nullable(Type.Number({ description: 'yes / answers, 0..1' })),
  meanRating: Nullable(Type.Number()),
  tooFew: Type.Boolean({ description: 'fewer answers than minAnswers: too few to judge' }),
}, { additionalProperties: false });

const BoardProjectSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  agency: Type.Object({ nameTh: Type.String(), nameEn: Nullable(Type.String()) }, { additionalProperties: false }),
  fiscalYear: Type.Integer(),
  publicFields: Type.Array(Type.String(), { description: 'which optional fields the agency made public; the others are null' }),
  objectives: Nullable(Type.String()),
  budget: Nullable(Type.Object({ baht: Type.Number(), source: Type.String() }, { additionalProperties: false })),
  schedule: Nullable(Type.Object({ startDate: Nullable(Type.String()), endDate: Nullable(Type.String()) }, { additionalProperties: false })),
  status: Nullable(Type.String()),
  progress: Nullable(Type.Object({ percentDone: Type.Number(), fiscalYear: Type.Integer(), quarter: Type.Integer() }, { additionalProperties: false })),
  responsibleName: Nullable(Type.String()),
  outputs: Nullable(Type.Array(Type.Object({
    name: Type.String(), unit: Type.String(), target: Type.Number(), achieved: Nullable(Type.Number()),
  }, { additionalProperties: false }))),
  areas: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer(), nameTh: Type.String(), nameEn: Nullable(Type.String()) }, { additionalProperties: false })),
  otherSubdistricts: Type.Integer(),
  hasGeometry: Type.Boolean(),
  geometry: Type.Optional(Nullable(Type.Object({ type: Type.String(), coordinates: Type.Unknown() }, { additionalProperties: false, description: 'GeoJSON geometry, longitude then latitude' }))),
  evaluation: Type.Object({ quarter: Nullable(EvaluationSummarySchema), year: Nullable(EvaluationSummarySchema) }, { additionalProperties: false }),
}, { additionalProperties: false });

const BoardCommentSchema = Type.Object({
  projectId: Type.Integer(),
  text: Type.String({ description: 'as typed: plain text, never markup' }),
  villageCode: Nullable(Type.String()),
  villageTh: Nullable(Type.String()),
  villageEn: Nullable(Type.String()),
  date: Type.String(),
}, { additionalProperties: false });

export const SubdistrictBoardSchema = Type.Object({
  area: BoardAreaSchema,
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  evaluation: Type.Object({ quarter: Nullable(SnapshotSummarySchema), year: Nullable(SnapshotSummarySchema), minAnswers: Type.Integer() }, { additionalProperties: false }),
  projects: Type.Array(BoardProjectSchema),
  comments: Type.Array(BoardCommentSchema),
}, { additionalProperties: false });

export const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$', description: 'sub-district DOPA code' }) });
export const ProjectParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }), id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) });
// Any text: a language other than English is Thai, never an error.
export const LangQuery = Type.Object({ lang: Type.Optional(Type.String()) });

/** The answer form as a browser posts it (every field text; the service checks the values). */
export const AnswerFormSchema = Type.Object({
  meets: Type.Optional(Type.String()),
  rating: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  villageCode: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  consent: Type.Optional(Type.String()),
  website: Type.Optional(Type.String()),
});

/** The need form as a browser posts it. */
export const NeedFormSchema = Type.Object({
  categoryCode: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  villageCode: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  consent: Type.Optional(Type.String()),
  website: Type.Optional(Type.String()),
});

/** An HTML page (sent compressed when the browser accepts it). */
export const HtmlPage = Type.String({ description: 'text/html page' });
