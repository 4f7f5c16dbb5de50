import type { App, AppContext } from '../context.ts';

export async function categoryRoutes(_app: App, _ctx: AppContext): Promise<void> {}
