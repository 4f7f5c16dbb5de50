import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';

export interface AreaImportOptions {
  /** Keep only this province (2-digit DOPA code). */
  province?: string;
  /** Explicit field mapping: COMAP field -> source attribute name. */
  mapping?: Record<string, string>;
  /** Mark the imported areas as synthetic demo data. */
  demo?: boolean;
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

/** Imports areas from a GeoJSON, zipped Shapefile or CSV file: all or nothing. */
export async function importAreas(_db: Database, _file: { path: string; name: string }, _opts: AreaImportOptions, _actor: Viewer | null): Promise<AreaImportReport> {
  throw new Error('area import: not yet built');
}
