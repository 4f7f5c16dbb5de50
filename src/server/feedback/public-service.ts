/** Taking in public answers and needs: validation, abuse resistance, all or nothing. */
import type { AppContext } from '../context.ts';
import type { PublicAnswerInput, PublicAnswerResult, PublicNeedInput } from '../../shared/feedback-types.ts';

/** Who sent a public request, as far as the server can tell. */
export interface PublicClient {
  ip: string;
  userAgent: string;
}

/**
 * Stores one public answer about a project for a sub-district it reaches this fiscal year (or
 * replaces this device's earlier answer of the quarter). Throws an AppError saying what is wrong.
 */
export async function submitAnswer(ctx: AppContext, projectId: number, input: PublicAnswerInput, client: PublicClient, now = new Date()): Promise<PublicAnswerResult> {
  void ctx; void projectId; void input; void client; void now;
  throw new Error('submitAnswer: not built yet');
}

/** Stores one public need of a sub-district. */
export async function submitNeed(ctx: AppContext, subdistrictCode: string, input: PublicNeedInput, client: PublicClient, now = new Date()): Promise<{ id: number }> {
  void ctx; void subdistrictCode; void input; void client; void now;
  throw new Error('submitNeed: not built yet');
}
