import { loadCode } from '../codes/builtin.js';
import { SimConfig } from '../sim/monte-carlo.js';
import { simulateCurveParallel, workerPool } from '../sim/parallel.js';
import { BenchResult } from './decode.js';

/** The Monte Carlo run the workers benchmark times: one point, a fixed number of frames, no early stop. */
export const workersBenchConfig = (frames: number): SimConfig => ({
  code: loadCode('bch-63-45'),
  decoder: { kind: 'ms', iterations: 5 },
  ebn0Db: [4],
  seed: 1,
  minFrameErrors: Number.MAX_SAFE_INTEGER,
  maxFrames: frames,
  earlyStop: false,
  berOn: 'all',
  codeword: 'random',
});

/** Wall-clock frames/s of the whole Monte Carlo loop (channel + decoding + counting) on a started pool. */
const framesPerSecond = async (config: SimConfig, workers: number): Promise<number> => {
  const pool = workerPool(config, workers);
  try {
    await simulateCurveParallel({ ...config, maxFrames: Math.min(config.maxFrames, 4000) }, { workers, pool }); // start-up and JIT warm-up
    const t0 = performance.now();
    const curve = await simulateCurveParallel(config, { workers, pool });
    return curve.points[0].frames / ((performance.now() - t0) / 1000);
  } finally {
    await pool.close();
  }
};

/**
 * Monte Carlo throughput with 1 and with 2 worker threads and the speedup:
 * bch-63-45, min-sum T = 5, 4 dB, random codewords, the count results of
 * both runs identical by construction. The runs alternate 1, 2, 1, 2, ...
 * and the median of each is kept, so a burst of load elsewhere on the
 * machine hits both sides.
 */
export const benchWorkers = async (frames: number, reps: number): Promise<BenchResult[]> => {
  const config = workersBenchConfig(frames);
  const one: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < reps; r++) {
    one.push(await framesPerSecond(config, 1));
    two.push(await framesPerSecond(config, 2));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const name = `${config.code.name}/ms-T5`;
  return [
    { name: `mc/workers-1/${name}`, unit: 'frames/s', value: median(one) },
    { name: `mc/workers-2/${name}`, unit: 'frames/s', value: median(two) },
    { name: `mc/speedup-2v1/${name}`, unit: 'x', value: median(two) / median(one) },
  ];
};
