/** Signed-in side of the people's voice: village meetings, moderation, needs, contacts, settings. */
import type { App, AppContext } from '../context.ts';

/** /api/feedback/... and /api/needs/... */
export async function feedbackRoutes(app: App, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
