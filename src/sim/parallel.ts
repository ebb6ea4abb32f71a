import { Worker } from 'node:worker_threads';
import {
  addBlock,
  belowTargetAfter,
  blockFrames,
  budgetBlocks,
  checkConfig,
  Counts,
  CurveResult,
  POINT_START,
  PointResult,
  pointResult,
  PointState,
  Progress,
  SimConfig,
} from './monte-carlo.js';

/**
 * Monte Carlo on all cores: blocks of frames run in worker threads, results
 * are folded in block order by the main thread.
 *
 * Work is split by frame block, never by worker: block j of a point always
 * draws from rngStream(seed, STREAM.evalPoint, snrKey(x), j), whichever thread
 * runs it. The main thread applies the stop rule (`addBlock`) to blocks
 * 0, 1, 2, ... in order, exactly as the sequential loop does, and drops every
 * block computed beyond the stopping one. So the counts of a run are the same
 * for any number of workers, bit for bit.
 */

/** One block to simulate, sent to a worker. */
export interface BlockTask {
  readonly kind: 'block';
  readonly id: number;
  readonly ebn0Db: number;
  readonly block: number;
  readonly frames: number;
}

/** Rebind a worker to another config: it applies to every block task posted after it. */
export interface BindTask {
  readonly kind: 'bind';
  readonly config: SimConfig;
}

export type WorkerTask = BlockTask | BindTask;

/** A worker's answer: the block's counts, or the error it hit. */
export type BlockReply = { readonly id: number; readonly counts: Counts } | { readonly id: number; readonly error: string };

export interface WorkerPool {
  readonly size: number;
  /** Queue one block; resolves with its counts, or null if cancelled before a worker took it. */
  readonly compute: (ebn0Db: number, block: number, frames: number) => Promise<Counts | null>;
  /** Drop every queued block that no worker has started (they resolve null). */
  readonly cancelQueued: () => void;
  /**
   * Simulate `config` from now on (a pool reused over several curves, e.g. the
   * cells of an experiment, pays the worker start-up once). Blocks still
   * running finish on the old config; their results are for curves that
   * already stopped and nobody reads them.
   */
  readonly bind: (config: SimConfig) => void;
  /** Stop all workers at once (blocks still running are abandoned). */
  readonly close: () => Promise<void>;
}

/**
 * The worker entry. Compiled (dist/), it is worker.js beside this module.
 * Run from TypeScript sources under tsx (tests), a worker does not inherit
 * tsx's loader hooks on Node 20, so a one-line bootstrap registers tsx in the
 * worker and then imports worker.ts.
 */
const workerEntry = (): { readonly script: string | URL; readonly evalCode: boolean } => {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return { script: new URL('./worker.js', self), evalCode: false };
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const target = new URL('./worker.ts', self).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return { script: boot, evalCode: true };
};

interface Job {
  readonly task: BlockTask;
  readonly resolve: (c: Counts | null) => void;
  readonly reject: (e: Error) => void;
}

/**
 * Start `size` worker threads, each with the decoder of `config` bound once.
 * A worker holds at most one block at a time; the rest wait in the pool's
 * queue, so a stopped point can cancel the blocks nobody started.
 */
export const workerPool = (config: SimConfig, size: number): WorkerPool => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`workerPool: size must be an integer >= 1, got ${size}`);
  const entry = workerEntry();
  const workers = Array.from({ length: size }, () => new Worker(entry.script, { eval: entry.evalCode, workerData: { config } }));
  const idle: Worker[] = [...workers];
  const queue: Job[] = [];
  const running = new Map<number, Job>();
  let nextId = 0;
  let failure: Error | null = null;
  let closing = false;

  const fail = (e: Error): void => {
    if (failure !== null || closing) return;
    failure = e;
    for (const job of [...running.values(), ...queue.splice(0)]) job.reject(e);
    running.clear();
  };
  const pump = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      running.set(job.task.id, job);
      worker.postMessage(job.task);
    }
  };
  for (const worker of workers) {
    worker.on('message', (reply: BlockReply) => {
      const job = running.get(reply.id);
      running.delete(reply.id);
      idle.push(worker);
      if (job) {
        if ('error' in reply) job.reject(new Error(`worker failed on block ${job.task.block} at ${job.task.ebn0Db} dB: ${reply.error}`));
        else job.resolve(reply.counts);
      }
      pump();
    });
    worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => fail(new Error(`a Monte Carlo worker exited early (code ${code})`)));
  }

  return {
    size,
    compute: (ebn0Db, block, frames) =>
      new Promise<Counts | null>((resolve, reject) => {
        if (failure !== null) return reject(failure);
        queue.push({ task: { kind: 'block', id: nextId++, ebn0Db, block, frames }, resolve, reject });
        pump();
      }),
    cancelQueued: () => {
      for (const job of queue.splice(0)) job.resolve(null);
    },
    bind: (next) => {
      // Queued blocks belong to the old config: they must not run on the new one.
      for (const job of queue.splice(0)) job.resolve(null);
      const task: BindTask = { kind: 'bind', config: next };
      for (const worker of workers) worker.postMessage(task);
    },
    close: async () => {
      closing = true;
      for (const job of queue.splice(0)) job.resolve(null);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
};

const ABORTED = Symbol('aborted');

/** The promise's value, or ABORTED as soon as the signal fires. */
const orAbort = <T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> => {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
};

/** The blocks of one point a run computes, in the order their results are consumed. */
export interface BlockList {
  readonly count: number;
  /** the k-th block index of the list, 0 <= k < count */
  readonly at: (k: number) => number;
}

/**
 * Run a list of blocks of one point on the pool with up to 2 x size blocks
 * ahead (every worker busy, one more waiting each), and hand the counts to
 * `consume` strictly in list order. `consume` returns true to stop: queued
 * blocks are cancelled and blocks still running are discarded.
 * Returns false if the signal aborted the run.
 */
export const runBlocksInOrder = async (
  pool: WorkerPool,
  ebn0Db: number,
  blocks: BlockList,
  framesOf: (block: number) => number,
  consume: (block: number, counts: Counts) => boolean,
  signal?: AbortSignal,
): Promise<boolean> => {
  const window = 2 * pool.size;
  const ahead: { readonly block: number; readonly counts: Promise<Counts | null> }[] = [];
  let next = 0;
  // Results nobody will read must not surface as unhandled rejections.
  const abandon = () => ahead.forEach((a) => a.counts.catch(() => undefined));
  for (;;) {
    while (ahead.length < window && next < blocks.count) {
      const block = blocks.at(next++);
      ahead.push({ block, counts: pool.compute(ebn0Db, block, framesOf(block)) });
    }
    const head = ahead.shift();
    if (head === undefined) return true;
    const counts = await orAbort(head.counts, signal);
    if (counts === ABORTED) {
      pool.cancelQueued();
      abandon();
      return false;
    }
    if (counts === null) throw new Error(`block ${head.block} at ${ebn0Db} dB was cancelled while still needed`);
    if (consume(head.block, counts)) {
      pool.cancelQueued();
      abandon();
      return true;
    }
  }
};

/** Options of {@link simulateCurveParallel}. */
export interface ParallelOptions {
  /** worker threads (>= 1); ignored when `pool` is given */
  readonly workers: number;
  /** a pool to reuse: bound to this curve's config, left open for the caller to close */
  readonly pool?: WorkerPool;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/**
 * {@link simulateCurve} on `workers` threads, with the same counts for any
 * number of workers (see the file comment). Differences from the
 * sequential loop, all in timing fields: a point's `seconds` is its wall
 * clock, `framesPerSecond` is frames over that wall clock, and the
 * wall-clock budget (maxSecondsPerPoint) is checked against it.
 * On abort (Ctrl-C) the workers are stopped and the finished points plus the
 * partial one (`stoppedBy: 'interrupted'`) are returned.
 */
export const simulateCurveParallel = async (config: SimConfig, opts: ParallelOptions): Promise<CurveResult> => {
  checkConfig(config);
  const own = opts.pool === undefined;
  const pool = opts.pool ?? workerPool(config, opts.workers);
  if (!own) pool.bind(config);
  const points: PointResult[] = [];
  const skippedEbn0Db: number[] = [];
  let belowTargetAt: number | null = null;
  try {
    for (let i = 0; i < config.ebn0Db.length; i++) {
      const x = config.ebn0Db[i];
      if (belowTargetAt !== null && x > belowTargetAt) {
        skippedEbn0Db.push(x);
        continue;
      }
      const started = performance.now();
      const elapsed = () => (performance.now() - started) / 1000;
      let state: PointState = POINT_START;
      const finished = await runBlocksInOrder(
        pool,
        x,
        { count: budgetBlocks(config), at: (k) => k },
        (j) => blockFrames(config, j),
        (_j, counts) => {
          state = addBlock(config, state, counts, elapsed());
          const seconds = elapsed();
          opts.onProgress?.({
            pointIndex: i,
            ebn0Db: x,
            frames: state.counts.frames,
            frameErrors: state.counts.frameErrors,
            bitErrors: state.counts.bitErrors,
            framesPerSecond: seconds > 0 ? state.counts.frames / seconds : 0,
          });
          return state.reason !== null;
        },
        opts.signal,
      );
      const reason = state.reason;
      if (!finished || reason === null) {
        if (state.blocks > 0) points.push(pointResult(config, x, state.counts, state.blocks, 'interrupted', elapsed()));
        return { points, skippedEbn0Db, interrupted: true };
      }
      const point = pointResult(config, x, state.counts, state.blocks, reason, elapsed());
      points.push(point);
      belowTargetAt = belowTargetAfter(config, point, belowTargetAt);
    }
    return { points, skippedEbn0Db, interrupted: false };
  } finally {
    if (own) await pool.close();
  }
};
