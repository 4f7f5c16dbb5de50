/** The public project board (no sign-in): HTML pages under /board and their JSON under /api/public. */
import type { App, AppContext } from '../context.ts';

export async function boardRoutes(app: App, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
