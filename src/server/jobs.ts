/**
 * Work a running server does on its own: closing the evaluation of each period once it has ended,
 * and deleting contact details whose retention has passed. Runs at start and then hourly; only
 * `comap serve` starts it (tests call the functions themselves with a pinned time).
 */
import type { AppContext } from './context.ts';
import { closeEndedPeriods } from './evaluation/service.ts';
import { purgeExpiredContacts } from './feedback/service.ts';

const HOUR_MS = 3600_000;

/** Starts the jobs; returns a function that stops them. */
export function startBackgroundJobs(ctx: AppContext, log: (line: string) => void): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const closed = await closeEndedPeriods(ctx.db);
      if (closed) log(`evaluation: closed ${closed} snapshot(s) of ended periods`);
      const purged = await purgeExpiredContacts(ctx.db);
      if (purged) log(`feedback: deleted ${purged} contact detail(s) past their retention`);
    } catch (e) {
      log(`background job failed: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
