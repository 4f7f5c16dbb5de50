import type { Database } from '../db/database.ts';

/** Writes every COMAP table to one file, readable by `restore` on either engine. */
export async function backupDatabase(_db: Database, _file: string): Promise<{ tables: number; rows: number }> {
  throw new Error('backup: not yet built');
}

/** Replaces the database content with a backup file, in one transaction. */
export async function restoreDatabase(_db: Database, _file: string): Promise<{ tables: number; rows: number }> {
  throw new Error('restore: not yet built');
}
