import type { Database } from '../db/database.ts';

export interface DemoOptions {
  /** Number of incidents over four fiscal years (default about 20,000). */
  incidents?: number;
  seed?: number;
  log?: (line: string) => void;
}

/** Loads the synthetic demo province; replaces an earlier demo load. */
export async function loadDemo(_db: Database, _opts: DemoOptions = {}): Promise<{ areas: number; incidents: number }> {
  throw new Error('demo: not yet built');
}
