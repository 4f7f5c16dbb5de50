/**
 * The JSON bodies of the COMAP HTTP API, shared by the server (which produces them) and the web
 * app (which reads them), so the two cannot drift apart. Types only, no I/O.
 */
import { INCIDENT_CLASSIFICATIONS, INCIDENT_SOURCES, INCIDENT_STATUSES } from './incident-validate.ts';
import type { TargetDiff } from './target-diff.ts';

export const ROLES = ['admin', 'analyst', 'agency_officer', 'area_officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = INCIDENT_STATUSES;
export type IncidentStatus = (typeof STATUSES)[number];

export const SOURCES = INCIDENT_SOURCES;
export type IncidentSource = (typeof SOURCES)[number];

export const CLASSIFICATIONS = INCIDENT_CLASSIFICATIONS;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type Bbox = [number, number, number, number];

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  agencyId: number | null;
  /** The Thai name of the user's agency. */
  agency: string | null;
  areaCodes: string[];
  mustChangePassword: boolean;
}

export interface AppConfig {
  basemap: { type: 'none' | 'xyz' | 'pmtiles'; url: string | null; attribution: string | null };
  extent: Bbox | null;
  boundaryVersion: number;
  hasDemo: boolean;
}

export interface Area {
  code: string;
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
  provinceCode: string;
  nameTh: string;
  nameEn: string | null;
  population: number | null;
  bbox: Bbox;
  isDemo: boolean;
}

export interface AreaSearchHit extends Area {
  path: string;
  pathEn: string;
}

export interface Category {
  id: number;
  code: string;
  labelTh: string;
  labelEn: string;
  color: string;
  icon: string;
  sortOrder: number;
  active: boolean;
}

export interface Incident {
  id: number;
  externalId: string | null;
  category: { id: number; code: string; labelTh: string; labelEn: string; color: string };
  occurredAt: string;
  lon: number;
  lat: number;
  subdistrict: { code: string; nameTh: string; nameEn: string | null };
  districtCode: string;
  provinceCode: string;
  assignedNearest: boolean;
  nearestDistanceM: number | null;
  severity: number;
  status: IncidentStatus;
  source: IncidentSource;
  description: string;
  classification: Classification;
  createdBy: { id: number; username: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentPage {
  total: number;
  items: Incident[];
}

export interface AreaCount {
  count: number;
  population: number | null;
  rate: number | null;
}

export interface IncidentCounts {
  level: number;
  period: { start: string; end: string } | null;
  total: number;
  values: Record<string, AreaCount>;
  maxCount: number;
  maxRate: number | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  agencyId: number | null;
  /** The Thai name of the user's agency. */
  agency: string | null;
  active: boolean;
  areaCodes: string[];
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** One problem in a request or an imported file: where (file, row, field) and what. */
export interface ErrorDetail {
  /** File name, when the error comes from an uploaded or imported file. */
  file?: string;
  /** 1-based row (the header is row 1 in CSV/XLSX, so the first data row is 2). */
  row?: number;
  field?: string;
  message: string;
}

export interface AreaImportReport {
  file: string;
  format: string;
  inserted: number;
  updated: number;
  byLevel: Record<string, number>;
  repaired: Array<{ code: string; message: string }>;
  warnings: string[];
}

export interface IncidentImportReport {
  file: string;
  format: string;
  rows: number;
  inserted: number;
  updated: number;
  assignedNearest: number;
  seconds: number;
}

/** One component of a sub-district's priority score in a stored analysis run. */
export interface ComponentSummary {
  id: string;
  weight: number;
  value: number;
  contribution: number | null;
  factor: number | null;
}

/** One sub-district in a stored run. */
export interface AreaResult {
  code: string;
  nameTh: string;
  nameEn: string | null;
  score: number;
  rank: number;
  inTop: boolean;
  previousRank: number | null;
  movement: number | null;
  status: 'new' | 'up' | 'down' | 'same';
  components: ComponentSummary[];
  byCategory: Record<string, number> | null;
  general: number | null;
  flags: string[];
  hotspotZ: number;
  /** Local Moran's I on the same variable as Gi*; absent in runs stored before it, null when not computed. */
  moranI?: number | null;
  /** Its folded pseudo p-value from 999 conditional permutations. */
  moranP?: number | null;
  /** Its class at 0.05. */
  moranCluster?: MoranClusterName | null;
}

/** A local Moran class: significant cluster or outlier, not significant, or no neighbour. */
export type MoranClusterName = 'high-high' | 'low-low' | 'high-low' | 'low-high' | 'not-significant' | 'island';

/** Every area's score, rank and Gi* z of a run as parallel arrays, for the choropleth. */
export interface RunScores {
  runId: string;
  codes: string[];
  scores: number[];
  ranks: number[];
  hotspotZ: number[];
  /** Local Moran class of each area (null where the run has none). */
  moranCluster: Array<MoranClusterName | null>;
  moranI: Array<number | null>;
  moranP: Array<number | null>;
  top: string[];
}

export const TARGET_STATUSES = ['draft', 'submitted', 'declared', 'superseded'] as const;
/** Where a target list (บัญชีเป้าหมาย) stands in its workflow. */
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** The scanned order a declared target list carries. */
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

/** One version of a target list. */
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

/** A sub-district or village on a target list, with why and by whom it is there. */
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

/** Two versions of a target list and what changed from the first to the second. */
export interface TargetDiffView {
  from: TargetList;
  to: TargetList;
  diff: TargetDiff;
}
