import type { App, AppContext } from '../context.ts';

export async function incidentRoutes(_app: App, _ctx: AppContext): Promise<void> {}
