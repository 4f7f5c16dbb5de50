/**
 * Worker-thread entry of the local Moran's I of a run (moran-thread.ts starts it): the same
 * function, seed and permutations as in the main thread, so the result is the same to the bit.
 */
import { parentPort } from 'node:worker_threads';
import { localMoran } from '../../shared/hotspots.ts';
import { rowStandardisedWeights } from '../../shared/spatial-weights.ts';

export interface MoranRequest {
  n: number;
  x: Float64Array;
  offsets: Int32Array;
  neighbours: Int32Array;
  permutations: number;
  seed: number;
}

export type MoranReply =
  | { kind: 'ready' }
  | { kind: 'result'; I: Float64Array; p: Float64Array; cluster: string[] }
  /** A RangeError of localMoran (zero variance, too few areas): the statistic is skipped, said why. */
  | { kind: 'skipped'; message: string }
  | { kind: 'failed'; message: string; stack: string | null };

const port = parentPort;
if (port) {
  port.on('message', (req: MoranRequest) => {
    let reply: MoranReply;
    try {
      const w = rowStandardisedWeights({ n: req.n, offsets: req.offsets, neighbours: req.neighbours });
      const m = localMoran(req.x, w, { permutations: req.permutations, seed: req.seed });
      reply = { kind: 'result', I: m.I, p: m.pSim!, cluster: m.cluster };
    } catch (e) {
      reply = e instanceof RangeError
        ? { kind: 'skipped', message: e.message }
        : { kind: 'failed', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack ?? null : null };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies MoranReply);
}
