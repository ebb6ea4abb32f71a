import { BenchResult, benchDecode, DECODE_CASES } from './decode.js';

export type { BenchResult } from './decode.js';

/**
 * Run the benchmark suite: every decode case of DECODE_CASES, single thread.
 * `quick` shortens each measurement (a smoke run: numbers are noisier).
 */
export const runBenchmarks = async (opts: { readonly quick?: boolean; readonly onCase?: (name: string) => void } = {}): Promise<BenchResult[]> => {
  const timeMs = opts.quick ? 150 : 2000;
  const results: BenchResult[] = [];
  for (const c of DECODE_CASES) {
    opts.onCase?.(`${c.label} on ${c.codeName}`);
    results.push(...(await benchDecode(c, timeMs)));
  }
  return results;
};
