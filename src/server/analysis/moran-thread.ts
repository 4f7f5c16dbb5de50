/**
 * Local Moran's I with 999 permutations took 0.5 to 1.4 s for 7,425 sub-districts when this was
 * written (some 10 to 50 ms since its permutations share prefix sums, hotspots.ts): a run computes
 * it in a worker thread while the main thread scores the periods and builds the stored summary.
 * The server keeps one worker for as long as it runs (sharedMoranThread): starting one, which
 * loads the module through tsx, cost about 0.4 s of CPU, taken from the run's own SQL and scoring
 * on two cores when each run started its own. Computations queue, one at a time; an idle worker
 * does not keep the process alive. When a worker cannot start (no worker support, a loader that
 * does not reach it), the same function runs in the main thread, after a warning: slower, never
 * different. A worker that dies is replaced by the next run.
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

/** A worker for local Moran's I; `close` terminates it. */
export class MoranThread {
  private worker: Worker | null = null;
  private ready: Promise<boolean>;
  private pending: { resolve: (r: MoranArrays) => void; reject: (e: Error) => void } | null = null;
  private closed = false;
  /** The computation before the next one: they run one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when the worker exited or failed after it started: a new one is needed. */
  private dead = false;

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
    // Idle, the worker does not keep the process alive; it does while it computes (compute refs it).
    worker.unref();
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
        this.dead = true;
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
        if (started) this.dead = true;
      });
    });
  }

  /** Whether the worker died after it started (a new MoranThread is needed for a worker). */
  get gone(): boolean {
    return this.dead || this.closed;
  }

  /**
   * Computes the statistic of `x` over `nb` (row-standardised) in the worker, or here if it could
   * not start; after the computations asked before it.
   */
  compute(x: Float64Array, nb: NeighbourList, permutations: number, seed: number): Promise<MoranArrays> {
    if (this.closed) return Promise.reject(new Error("local Moran's I: the worker thread was closed"));
    const run = this.queue.then(() => this.computeNow(x, nb, permutations, seed));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async computeNow(x: Float64Array, nb: NeighbourList, permutations: number, seed: number): Promise<MoranArrays> {
    if (this.closed) throw new Error("local Moran's I: the worker thread was closed");
    if (!(await this.ready) || !this.worker) return this.inThread(x, nb);
    const worker = this.worker;
    worker.ref();
    try {
      return await new Promise<MoranArrays>((resolve, reject) => {
        this.pending = { resolve, reject };
        const req: MoranRequest = { n: nb.n, x, offsets: nb.offsets, neighbours: nb.neighbours, permutations, seed };
        worker.postMessage(req);
      });
    } finally {
      if (this.worker === worker) worker.unref();
    }
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

let shared: MoranThread | null = null;

/** The process's Moran worker, started on first use and again after it died. */
export function sharedMoranThread(inThread: MoranInThread): MoranThread {
  if (!shared || shared.gone) shared = new MoranThread(inThread);
  return shared;
}
