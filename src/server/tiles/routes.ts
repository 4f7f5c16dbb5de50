import type { App, AppContext } from '../context.ts';

export async function tileRoutes(_app: App, _ctx: AppContext): Promise<void> {}
