import { BenchResult, benchDecode, DECODE_CASES } from './decode.js';
import { benchAutodiff, benchTrainStep, literalTrainContext, trainContext } from './train-step.js';
import { benchWorkers } from './workers.js';

export type { BenchResult } from './decode.js';

/** The codes of the training and autodiff benchmarks: the paper's code and a long LDPC code. */
const TRAIN_CODES = ['bch-63-45', 'wimax-576-288'] as const;

/** The parts of the suite, by the first segment of their result names. */
export const BENCH_GROUPS = ['decode', 'train', 'autodiff', 'mc'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];

/**
 * Run the benchmark suite: decoder throughput (every case of DECODE_CASES,
 * single thread), the training step, the autodiff overhead, and Monte Carlo
 * with 1 vs 2 workers. `quick` shortens each measurement (a smoke run:
 * numbers are noisier); `groups` selects parts (default all).
 */
export const runBenchmarks = async (
  opts: { readonly quick?: boolean; readonly groups?: readonly BenchGroup[]; readonly onCase?: (name: string) => void } = {},
): Promise<BenchResult[]> => {
  const quick = opts.quick ?? false;
  const timeMs = quick ? 150 : 2000;
  const wanted = new Set<BenchGroup>(opts.groups ?? BENCH_GROUPS);
  const results: BenchResult[] = [];
  if (wanted.has('decode')) {
    for (const c of DECODE_CASES) {
      opts.onCase?.(`decode: ${c.label} on ${c.codeName}`);
      results.push(...(await benchDecode(c, timeMs)));
    }
  }
  if (wanted.has('train')) {
    for (const codeName of TRAIN_CODES) {
      opts.onCase?.(`train: one training step on ${codeName}`);
      results.push(...(await benchTrainStep(quick ? 500 : 5000, trainContext(codeName))));
    }
    opts.onCase?.("train: one training step on bch-63-45, the paper's literal losses");
    const literal = await benchTrainStep(quick ? 500 : 5000, literalTrainContext('bch-63-45'), 'step-literal');
    results.push(literal[0]); // its teacher share is the default step's (same teacher)
  }
  if (wanted.has('autodiff')) {
    for (const codeName of TRAIN_CODES) {
      opts.onCase?.(`autodiff: tape overhead on ${codeName}`);
      results.push(...(await benchAutodiff(quick ? 500 : 5000, trainContext(codeName))));
    }
  }
  if (wanted.has('mc')) {
    opts.onCase?.('mc: 1 vs 2 workers');
    results.push(...(quick ? await benchWorkers(8000, 1) : await benchWorkers(200_000, 3)));
  }
  return results;
};
