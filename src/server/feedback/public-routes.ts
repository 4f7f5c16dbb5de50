/** Public (no sign-in) entry points of the people's voice: answers about projects and needs. */
import type { App, AppContext } from '../context.ts';

/** POST /api/public/projects/:id/feedback and POST /api/public/subdistricts/:code/needs. */
export async function publicFeedbackRoutes(app: App, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
