/** The JSON bodies of the priority analysis API (src/server/analysis/routes.ts) as the page reads them. */

import type { AreaResult } from '../../../shared/api-types.ts';

export type { AreaResult } from '../../../shared/api-types.ts';

export interface AnalysisProfile {
  id: number;
  name: string;
  nameTh: string;
  nameEn: string;
  description: string;
  preset: boolean;
}

export interface RunPeriod {
  label: string;
  start: string;
  end: string;
}

export interface RunMeta {
  id: string;
  profileId: number | null;
  profileName: string;
  period: RunPeriod;
  provinces: string[];
  dataCutoff: string;
  areaCount: number;
  createdBy: string | null;
  createdAt: string;
}


export interface RunView extends RunMeta {
  warnings: Array<{ code: string; message: string }>;
  previousPeriod: { label: string; available: boolean; message: string | null };
  incidentCount: number;
  top: AreaResult[];
  /** Why Gi* or local Moran's I could not be computed for the run (no variance), or null. */
  hotspot?: { skipped: string | null; moranSkipped?: string | null };
}

export interface CategoryBreakdown {
  category: string;
  raw: number;
  value: number;
  share: number;
  contribution: number | null;
}

export interface Explanation {
  runId: string;
  period: RunPeriod;
  area: AreaResult;
  components: Array<{ id: string; weight: number; value: number; contribution: number | null; categories: CategoryBreakdown[] | null }>;
  quarters: Array<{ label: string; start: string; end: string; count: number }>;
}
