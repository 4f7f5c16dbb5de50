/** TypeBox schemas of the evaluation's API bodies (see EvaluationLine and EvaluationSnapshotInfo in src/shared/feedback-types.ts). */
import { Type } from '@sinclair/typebox';
import { EVALUATION_DIMENSIONS } from '../../shared/feedback-types.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DimensionSchema = Type.Union(EVALUATION_DIMENSIONS.map((d) => Type.Literal(d)));

export const EvaluationLineSchema = Type.Object({
  dimension: DimensionSchema,
  key: Type.String({ description: 'province code, project id, "projectId:subdistrictCode", agency id, area code, category code or channel' }),
  labelTh: Type.String(),
  labelEn: Type.String(),
  answers: Type.Integer(),
  yes: Type.Integer(),
  partly: Type.Integer(),
  no: Type.Integer(),
  rated: Type.Integer({ description: 'answers that gave a rating' }),
  ratingSum: Type.Integer(),
  shareMeets: Nullable(Type.Number({ description: 'yes / answers, 0..1' })),
  meanRating: Nullable(Type.Number()),
  tooFew: Type.Boolean({ description: 'fewer answers than the snapshot\'s minAnswers: too few to judge' }),
});

export const SnapshotInfoSchema = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer({ description: '1-4, or 0 for the whole fiscal year' }),
  state: Type.Union([Type.Literal('provisional'), Type.Literal('closed')]),
  minAnswers: Type.Integer(),
  answers: Type.Integer({ description: 'the province\'s answers; for a user limited to areas other than the province, the answers in their sub-districts' }),
  computedAt: Type.String(),
  closedAt: Nullable(Type.String()),
});
