/** What the file readers (GeoJSON, Shapefile, CSV) hand to the field mapping. */
import { ImportError, type ErrorDetail } from '../errors.ts';

export type SourceFormat = 'geojson' | 'shapefile' | 'csv';

export interface SourceRecord {
  /** The file it comes from (for a zipped Shapefile: "upload.zip/layer.shp"). */
  file: string;
  /** 1-based feature number (GeoJSON, Shapefile) or line number (CSV, where the header is line 1). */
  n: number;
  /** Attributes as read; names keep their case (the mapping matches them case-insensitively). */
  props: Record<string, unknown>;
  /** GeoJSON geometry in WGS 84; undefined for formats without geometry (CSV). */
  geometry?: unknown;
  /** A problem the reader found in this record (reported with the row, the record is not used). */
  problem?: { field?: string; message: string };
}

export interface SourceData {
  format: SourceFormat;
  records: SourceRecord[];
  /** Attribute names seen in the file, in their original case. */
  fields: string[];
  warnings: string[];
}

/** Largest number of error details returned: enough to fix a file, not a flood. */
export const MAX_DETAILS = 100;

/** An ImportError whose details are capped at MAX_DETAILS (the last one says how many more). */
export function importError(message: string, details: ErrorDetail[]): ImportError {
  if (details.length <= MAX_DETAILS) return new ImportError(message, details);
  const kept = details.slice(0, MAX_DETAILS);
  kept.push({ file: details[0].file, message: `... and ${details.length - MAX_DETAILS} more errors` });
  return new ImportError(message, kept);
}

/** A file-level problem (not tied to a row): one detail naming the file. */
export function fileError(file: string, message: string): ImportError {
  return new ImportError(`${file}: ${message}`, [{ file, message }]);
}

/** Decodes text as UTF-8 when it is valid UTF-8; returns null otherwise. Drops a BOM. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
