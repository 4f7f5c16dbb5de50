/** HTTP API of project import and export (XLSX and CSV): /api/projects/import, /api/projects/export.*. */
import type { App, AppContext } from '../context.ts';

export async function projectImportRoutes(_app: App, _ctx: AppContext): Promise<void> {}
