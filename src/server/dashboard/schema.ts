/** TypeBox schemas of the dashboard and review pack responses (see src/shared/dashboard-types.ts). */
import { Type } from '@sinclair/typebox';
import { EvaluationLineSchema } from '../evaluation/schema.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AreaRef = Type.Object({ code: Type.String(), level: Type.Integer(), nameTh: Type.String(), nameEn: Nullable(Type.String()) });

const Indicator = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  direction: Type.String(),
  target: Nullable(Type.Number()),
  value: Nullable(Type.Number()),
  status: Type.String({ description: 'on_track, at_risk, off_track or no_data' }),
  reason: Nullable(Type.String()),
  ruleTh: Nullable(Type.String()),
  ruleEn: Nullable(Type.String()),
  series: Type.Array(Type.Object({ fiscalYear: Type.Integer(), quarter: Type.Integer(), value: Nullable(Type.Number()) })),
});

// Issue 5 (EVALUATION): the people's evaluation of the quarter (src/shared/dashboard-types.ts DashboardEvaluation).
const DashboardEvaluationSchema = Type.Object({
  snapshotId: Type.Integer(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  state: Type.Union([Type.Literal('provisional'), Type.Literal('closed')]),
  minAnswers: Type.Integer(),
  computedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  answers: Type.Integer(),
  yes: Type.Integer(),
  partly: Type.Integer(),
  no: Type.Integer(),
  shareMeets: Nullable(Type.Number()),
  meanRating: Nullable(Type.Number()),
  tooFew: Type.Boolean(),
  agencies: Type.Array(EvaluationLineSchema),
});

const ByStatus = Type.Object({ planned: Type.Integer(), in_progress: Type.Integer(), done: Type.Integer(), cancelled: Type.Integer() });

export const DashboardSchema = Type.Object({
  province: AreaRef,
  area: AreaRef,
  path: Type.Array(AreaRef),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  asOf: Type.String({ description: 'everything is counted up to this instant' }),
  targetList: Nullable(
    Type.Object({ id: Type.Integer(), version: Type.Integer(), status: Type.String(), declarationDate: Nullable(Type.String()), referenceNumber: Nullable(Type.String()) }),
  ),
  indicators: Type.Array(Indicator),
  incidentsByQuarter: Type.Object({
    quarters: Type.Array(Type.Object({ fiscalYear: Type.Integer(), quarter: Type.Integer() })),
    series: Type.Array(Type.Object({ category: Type.String(), labelTh: Type.String(), labelEn: Type.String(), color: Type.String(), counts: Type.Array(Type.Integer()) })),
  }),
  totals: Type.Object({
    incidents: Type.Integer(),
    incidentsPrevious: Type.Integer(),
    targetAreas: Type.Integer(),
    coveredTargetAreas: Type.Integer(),
    projects: Type.Integer(),
    budgetBaht: Type.Number(),
    lateReports: Type.Integer(),
  }),
  targetAreas: Type.Array(
    Type.Object({
      code: Type.String(),
      level: Type.Integer(),
      nameTh: Type.String(),
      nameEn: Nullable(Type.String()),
      districtTh: Nullable(Type.String()),
      categories: Type.Array(Type.String()),
      projects: Type.Integer(),
      budgetBaht: Type.Number(),
      incidents: Type.Integer(),
      incidentsPrevious: Type.Integer(),
    }),
  ),
  children: Type.Array(
    Type.Object({
      code: Type.String(),
      level: Type.Integer(),
      nameTh: Type.String(),
      nameEn: Nullable(Type.String()),
      targetAreas: Type.Integer(),
      coveredTargetAreas: Type.Integer(),
      projects: Type.Integer(),
      budgetBaht: Type.Number(),
      incidents: Type.Integer(),
      incidentsPrevious: Type.Integer(),
    }),
  ),
  agencies: Type.Array(
    Type.Object({ agencyId: Type.Integer(), code: Type.String(), nameTh: Type.String(), nameEn: Nullable(Type.String()), byStatus: ByStatus, budgetBaht: Type.Number(), lateReports: Type.Integer() }),
  ),
  lateReports: Type.Array(
    Type.Object({ projectId: Type.Integer(), title: Type.String(), agencyTh: Type.String(), fiscalYear: Type.Integer(), quarter: Type.Integer(), dueDate: Type.String(), daysLate: Type.Integer() }),
  ),
  // Issue 5 (EVALUATION): optional, as packs frozen before it have none.
  evaluation: Type.Optional(Nullable(DashboardEvaluationSchema)),
});

export const MeetingSchema = Type.Object({
  id: Type.Integer(),
  provinceCode: Type.String(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  heldOn: Nullable(Type.String()),
  place: Type.String(),
  chair: Type.String(),
  attendees: Type.String(),
  summary: Type.String(),
  packFrozenAt: Nullable(Type.String()),
  packFrozenBy: Nullable(Type.String()),
});

export const ActionSchema = Type.Object({
  id: Type.Integer(),
  meetingId: Type.Integer(),
  fiscalYear: Type.Integer(),
  quarter: Type.Integer(),
  kind: Type.Union([Type.Literal('decision'), Type.Literal('action')]),
  text: Type.String(),
  owner: Type.Object({ agencyId: Nullable(Type.Integer()), agencyTh: Nullable(Type.String()), name: Type.String() }),
  dueDate: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('dropped')]),
  statusNote: Type.String(),
  closedAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
});

export const PackSchema = Type.Object({
  dashboard: DashboardSchema,
  meeting: Nullable(MeetingSchema),
  actions: Type.Array(ActionSchema),
  carried: Type.Array(ActionSchema),
  frozen: Type.Boolean(),
});
