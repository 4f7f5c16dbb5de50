import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { Viewer } from '../auth/viewer.ts';

export interface IncidentImportReport {
  file: string;
  format: string;
  rows: number;
  inserted: number;
  updated: number;
  assignedNearest: number;
  seconds: number;
}

/** Imports incidents from CSV, XLSX or GeoJSON: streaming, all or nothing, idempotent by external id. */
export async function importIncidents(_db: Database, _config: Config, _file: { path: string; name: string }, _actor: Viewer | null): Promise<IncidentImportReport> {
  throw new Error('incident import: not yet built');
}
