/** The JSON bodies of the target list API (src/server/targets/routes.ts), declared once in src/shared/api-types.ts. */
export type { TargetDiff, TargetEntry, TargetChange } from '../../../shared/target-diff.ts';
export {
  TARGET_STATUSES,
  type OrderFile,
  type SourceRule,
  type TargetArea,
  type TargetDiffView,
  type TargetList,
  type TargetListWithAreas,
  type TargetStatus,
} from '../../../shared/api-types.ts';
