/** HTTP API of provincial indicators (ตัวชี้วัด), their targets and computed values: /api/indicators. */
import type { App, AppContext } from '../context.ts';

export async function indicatorRoutes(_app: App, _ctx: AppContext): Promise<void> {}
