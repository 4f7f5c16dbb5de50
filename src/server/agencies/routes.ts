/** HTTP API of agencies and coordination working groups: /api/agencies, /api/working-groups. */
import type { App, AppContext } from '../context.ts';

export async function agencyRoutes(_app: App, _ctx: AppContext): Promise<void> {}
