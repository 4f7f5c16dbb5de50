/** HTTP API of projects, their quarterly progress, photos and support history: /api/projects. */
import type { App, AppContext } from '../context.ts';

export async function projectRoutes(_app: App, _ctx: AppContext): Promise<void> {}
