import { Bench } from 'tinybench';

/**
 * Median latency in ms of `fn` under tinybench (`timeMs` of samples after a
 * warm-up). The median, not the mean: on a shared machine a few runs stalled
 * by other processes would otherwise dominate.
 */
export const medianMs = async (name: string, fn: () => void, timeMs: number): Promise<number> => {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(300, timeMs / 2), iterations: 5 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`benchmark ${name} did not complete (${r.state})`);
  return r.latency.p50;
};
