/** The quarterly and yearly evaluation: /api/evaluation/... */
import type { App, AppContext } from '../context.ts';

export async function evaluationRoutes(app: App, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
