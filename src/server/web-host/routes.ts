import type { App, AppContext } from '../context.ts';

export async function metaRoutes(_app: App, _ctx: AppContext): Promise<void> {}
