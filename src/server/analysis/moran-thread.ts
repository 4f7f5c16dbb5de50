/**
 * Local Moran's I with 999 permutations takes 0.5 to 1.4 s for 7,425 sub-districts: a run computes
 * it in a worker thread while the main thread scores the periods and builds the stored summary.
 * One worker a run, started before the incidents are read (its start-up, which loads the module
 * through tsx, is hidden behind the SQL) and terminated when the run ends, whatever happens.
 * When a worker cannot start (no worker support, a loader that does not reach it), the same
 * function runs in the main thread, after a warning: slower, never different.
 */
import { Worker } from 'node:worker_threads';
import type { NeighbourList } from '../../shared/spatial-weights.ts';
import type { MoranReply, MoranRequest } from './moran-worker.ts';

/** Local Moran's I_i, pseudo p-values and cluster classes, in the order of the neighbour list. */
export type MoranArrays = { kind: 'result'; I: Float64Array; p: Float64Array; cluster: string[] } | { kind: 'skipped'; message: string };

/** The in-thread computation: what the worker runs, for the fallback. */
export type MoranInThread = (x: Float64Array, nb: NeighbourList) => MoranArrays;

/**
 * The worker, on the module next to this one. A TypeScript module needs tsx in the worker too,
 * and tsx's loader given with --import (inherited in execArgv) does not reach a worker on Node 20
 * (measured: "Unknown file extension .ts" under both `tsx` and `node --import tsx`), so the worker
 * registers tsx itself before importing the module.
 */
function startWorker(): Worker {
  const entry = new URL(`./moran-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true });
}

let warned = false;
function warnFallback(reason: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`local Moran's I runs in the main thread: the worker thread could not start (${reason})`, { code: 'COMAP_MORAN_WORKER' });
}

/** A worker started for one run's local Moran's I; `close` terminates it (always call it). */
export class MoranThread {
  private worker: Worker | null = null;
  private ready: Promise<boolean>;
  private pending: { resolve: (r: MoranArrays) => void; reject: (e: Error) => void } | null = null;
  private closed = false;

  constructor(private readonly inThread: MoranInThread) {
    let worker: Worker;
    try {
      worker = startWorker();
    } catch (e) {
      warnFallback(e instanceof Error ? e.message : String(e));
      this.ready = Promise.resolve(false);
      return;
    }
    this.worker = worker;
    // Resolves true when the worker has loaded the module, false when it failed before that.
    this.ready = new Promise<boolean>((resolveReady) => {
      let started = false;
      worker.on('message', (m: MoranReply) => {
        if (m.kind === 'ready') {
          started = true;
          resolveReady(true);
          return;
        }
        const p = this.pending;
        this.pending = null;
        if (!p) return;
        if (m.kind === 'failed') p.reject(new Error(`local Moran's I failed in its worker thread: ${m.message}${m.stack ? `\n${m.stack}` : ''}`));
        else p.resolve(m);
      });
      worker.on('error', (e) => {
        if (!started) {
          warnFallback(e.message);
          resolveReady(false);
          return;
        }
        this.pending?.reject(new Error(`local Moran's I worker thread failed: ${e.message}`));
        this.pending = null;
      });
      worker.on('exit', (code) => {
        if (!started) {
          // Closed before it was ready (a run refused early) is no failure to start.
          if (!this.closed) warnFallback(`it exited with code ${code}`);
          resolveReady(false);
        }
        if (!this.closed) this.pending?.reject(new Error(`local Moran's I worker thread exited with code ${code} before its result`));
        this.pending = null;
        this.worker = null;
      });
    });
  }

  /** Computes the statistic of `x` over `nb` (row-standardised) in the worker, or here if it could not start. */
  async compute(x: Float64Array, nb: NeighbourList, permutations: number, seed: number): Promise<MoranArrays> {
    if (this.closed) throw new Error("local Moran's I: the worker thread was closed");
    if (!(await this.ready) || !this.worker) return this.inThread(x, nb);
    if (this.pending) throw new Error("local Moran's I: one computation at a time per worker thread");
    const worker = this.worker;
    return new Promise<MoranArrays>((resolve, reject) => {
      this.pending = { resolve, reject };
      const req: MoranRequest = { n: nb.n, x, offsets: nb.offsets, neighbours: nb.neighbours, permutations, seed };
      worker.postMessage(req);
    });
  }

  /** Terminates the worker; a computation still running is rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.pending?.reject(new Error("local Moran's I: the worker thread was closed before its result"));
    this.pending = null;
    if (w) await w.terminate();
  }
}
