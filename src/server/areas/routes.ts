import type { App, AppContext } from '../context.ts';

export async function areaRoutes(_app: App, _ctx: AppContext): Promise<void> {}
