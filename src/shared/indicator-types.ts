/**
 * Indicators as the API and the web app exchange them (issue 4 section 3). Types only, no I/O.
 */
import type { IndicatorDefinition, IndicatorDirection, IndicatorStatus, IndicatorUnit } from './indicator-definition.ts';
import type { Audience } from './indicator-compute.ts';

export interface IndicatorTarget {
  fiscalYear: number;
  target: number;
}

/** One stored value of an indicator: a fiscal quarter (or the year, quarter null) and an area. */
export interface IndicatorValue {
  indicatorId: number;
  fiscalYear: number;
  /** 1-4, or null for the whole fiscal year. */
  quarter: number | null;
  areaCode: string;
  areaLevel: number;
  areaTh: string | null;
  areaEn: string | null;
  audience: Audience;
  /** Null when there is no value (status no_data, with the reason). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: IndicatorStatus;
  reasonCode: string | null;
  reasonTh: string | null;
  reasonEn: string | null;
  target: number | null;
  margin: number;
  /** The rule the status follows, for example "ตามเป้าหมายเมื่อ ≥ 80 %, ...". */
  ruleTh: string | null;
  ruleEn: string | null;
  computedAt: string;
}

export interface Indicator {
  id: number;
  provinceCode: string;
  code: string;
  nameTh: string;
  nameEn: string;
  description: string;
  definition: IndicatorDefinition;
  direction: IndicatorDirection;
  unit: IndicatorUnit;
  baselineFiscalYear: number | null;
  builtin: boolean;
  readingGroup: string | null;
  reported: boolean;
  atRiskMargin: number;
  /** The target of every fiscal year without its own. */
  defaultTarget: number | null;
  /** Targets of single fiscal years, oldest first (a trajectory). */
  targets: IndicatorTarget[];
  active: boolean;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  /**
   * The newest values the caller may see: the year and the latest quarter of the newest fiscal
   * year computed, for the province (or, for a caller limited to some areas, for those areas).
   */
  latest: IndicatorValue[];
}

/** What a user gives to create an indicator (a change gives any subset of it). */
export interface IndicatorInput {
  provinceCode: string;
  code: string;
  nameTh: string;
  nameEn?: string;
  description?: string;
  definition: unknown;
  direction: IndicatorDirection;
  /** Derived from the definition when absent; a different unit is refused. */
  unit?: IndicatorUnit;
  baselineFiscalYear?: number | null;
  readingGroup?: string | null;
  reported?: boolean;
  atRiskMargin?: number;
  defaultTarget?: number | null;
  targets?: IndicatorTarget[];
  active?: boolean;
  sortOrder?: number;
}

export interface IndicatorComputeResult {
  runId: number;
  provinceCode: string;
  fiscalYears: number[];
  indicators: number;
  values: number;
  durationMs: number;
  computedAt: string;
}
