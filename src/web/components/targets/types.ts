/** The JSON bodies of the target list API (src/server/targets/routes.ts) as the page reads them. */
import type { TargetDiff } from '../../../shared/target-diff.ts';

export type { TargetDiff, TargetEntry, TargetChange } from '../../../shared/target-diff.ts';

export const TARGET_STATUSES = ['draft', 'submitted', 'declared', 'superseded'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export interface OrderFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}

/** The rule a draft was made from an analysis run with (stored as given). */
export interface SourceRule {
  top: number | null;
  minScore: number | null;
  categories: string[];
  perCategory: boolean;
}

export interface TargetList {
  id: number;
  provinceCode: string;
  provinceTh: string | null;
  fiscalYear: number;
  version: number;
  status: TargetStatus;
  title: string;
  reason: string;
  previousId: number | null;
  sourceRunId: number | null;
  sourceRule: SourceRule | null;
  createdBy: string | null;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  declaredBy: string | null;
  declaredAt: string | null;
  /** YYYY-MM-DD, Common Era. */
  declarationDate: string | null;
  referenceNumber: string | null;
  orderFile: OrderFile | null;
  supersededAt: string | null;
  areaCount: number;
}

export interface TargetArea {
  code: string;
  level: number;
  nameTh: string;
  nameEn: string | null;
  subdistrictTh: string | null;
  districtTh: string | null;
  districtEn: string | null;
  provinceTh: string | null;
  provinceEn: string | null;
  categories: string[];
  reason: string;
  rank: number | null;
  score: number | null;
  addedBy: string | null;
  addedAt: string;
}

export interface TargetListWithAreas {
  list: TargetList;
  areas: TargetArea[];
}

export interface TargetDiffView {
  from: TargetList;
  to: TargetList;
  diff: TargetDiff;
}
