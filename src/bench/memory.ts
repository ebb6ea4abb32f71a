import { loadCode } from '../codes/builtin.js';
import { SimConfig, simulateCurve } from '../sim/monte-carlo.js';
import { simulateCurveParallel } from '../sim/parallel.js';
import { BenchResult } from './decode.js';

/** One sample of the process's memory. */
export interface MemorySample {
  readonly seconds: number;
  readonly frames: number;
  /** V8 heap in use of the main thread, MB */
  readonly heapUsedMb: number;
  /** resident set of the whole process (workers included), MB */
  readonly rssMb: number;
}

export interface MemoryRun {
  readonly format: 'tanner-memory/1';
  readonly seconds: number;
  readonly workers: number;
  readonly frames: number;
  readonly samples: MemorySample[];
  readonly summary: BenchResult[];
}

/** A run that never stops on its own: it is ended by the clock. */
export const memoryRunConfig = (): SimConfig => ({
  code: loadCode('bch-63-45'),
  decoder: { kind: 'ms', iterations: 5 },
  ebn0Db: [4],
  seed: 1,
  minFrameErrors: Number.MAX_SAFE_INTEGER,
  maxFrames: Number.MAX_SAFE_INTEGER,
  earlyStop: false,
  berOn: 'all',
  codeword: 'random',
});

const mb = (bytes: number): number => bytes / 2 ** 20;

/** max over the samples with start <= seconds < end */
const maxIn = (samples: readonly MemorySample[], start: number, end: number, f: (s: MemorySample) => number): number =>
  Math.max(...samples.filter((s) => s.seconds >= start && s.seconds < end).map(f));

/**
 * A long Monte Carlo run with the memory sampled every `sampleSeconds`:
 * does the heap stay flat? `workers` 0 runs the loop in this thread, so
 * heapUsed sees the decoder, the channel and the counting; with workers the
 * main heap holds only the fold, and the RSS covers the workers' heaps.
 * The summary compares the first minute after a 30 s warm-up with the last
 * minute (the maxima, since the heap saw-tooths between collections).
 */
export const memoryRun = async (
  opts: { readonly seconds: number; readonly sampleSeconds?: number; readonly workers?: number; readonly onSample?: (s: MemorySample) => void },
): Promise<MemoryRun> => {
  const config = memoryRunConfig();
  const workers = opts.workers ?? 0;
  const samples: MemorySample[] = [];
  const controller = new AbortController();
  let frames = 0;
  const t0 = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    const s: MemorySample = { seconds: (performance.now() - t0) / 1000, frames, heapUsedMb: mb(m.heapUsed), rssMb: mb(m.rss) };
    samples.push(s);
    opts.onSample?.(s);
  };
  sample();
  const timer = setInterval(sample, (opts.sampleSeconds ?? 5) * 1000);
  const stop = setTimeout(() => controller.abort(), opts.seconds * 1000);
  const onProgress = (p: { frames: number }) => {
    frames = p.frames;
  };
  try {
    const curve =
      workers === 0
        ? await simulateCurve(config, { signal: controller.signal, onProgress })
        : await simulateCurveParallel(config, { workers, signal: controller.signal, onProgress });
    frames = curve.points[0]?.frames ?? frames;
  } finally {
    clearInterval(timer);
    clearTimeout(stop);
  }
  sample();
  const end = samples[samples.length - 1].seconds;
  const warm = Math.min(30, end / 4);
  const firstEnd = Math.min(warm + 60, end / 2);
  const lastStart = Math.max(end - 60, end / 2);
  const tag = `${config.code.name}/ms-T5/${workers === 0 ? 'in-thread' : `workers-${workers}`}`;
  const heapFirst = maxIn(samples, warm, firstEnd, (s) => s.heapUsedMb);
  const heapLast = maxIn(samples, lastStart, end + 1, (s) => s.heapUsedMb);
  const rssFirst = maxIn(samples, warm, firstEnd, (s) => s.rssMb);
  const rssLast = maxIn(samples, lastStart, end + 1, (s) => s.rssMb);
  return {
    format: 'tanner-memory/1',
    seconds: end,
    workers,
    frames,
    samples,
    summary: [
      { name: `memory/run-seconds/${tag}`, unit: 's', value: end },
      { name: `memory/frames/${tag}`, unit: 'frames', value: frames },
      { name: `memory/heap-first-minute/${tag}`, unit: 'MB', value: heapFirst },
      { name: `memory/heap-last-minute/${tag}`, unit: 'MB', value: heapLast },
      { name: `memory/rss-first-minute/${tag}`, unit: 'MB', value: rssFirst },
      { name: `memory/rss-last-minute/${tag}`, unit: 'MB', value: rssLast },
    ],
  };
};
