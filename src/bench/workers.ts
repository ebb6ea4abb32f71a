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

/** One timed run: wall-clock frames/s, and the cores it actually got (process CPU time, all threads, over wall time). */
interface McRun {
  readonly framesPerSecond: number;
  readonly cores: number;
  readonly framesPerCpuSecond: number;
}

/** Time the whole Monte Carlo loop (channel + decoding + counting) on a started, warmed pool. */
const timedRun = async (config: SimConfig, workers: number): Promise<McRun> => {
  const pool = workerPool(config, workers);
  try {
    await simulateCurveParallel({ ...config, maxFrames: Math.min(config.maxFrames, 4000) }, { workers, pool }); // start-up and JIT warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const curve = await simulateCurveParallel(config, { workers, pool });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const frames = curve.points[0].frames;
    return { framesPerSecond: frames / wall, cores: cpuSeconds / wall, framesPerCpuSecond: frames / cpuSeconds };
  } finally {
    await pool.close();
  }
};

/**
 * Monte Carlo throughput with 1 and with 2 worker threads and the speedup:
 * bch-63-45, min-sum T = 5, 4 dB, random codewords, the count results of
 * both runs identical by construction. The runs alternate 1, 2, 1, 2, ...
 * and the median of each is kept, so a burst of load elsewhere on the
 * machine hits both sides. On a shared machine the speedup says as much
 * about the other processes as about this code, so more numbers come with
 * it: the cores each run actually got (CPU seconds of the process, all
 * threads, over wall seconds), and the parallel efficiency, frames per CPU
 * second with 2 workers over that with 1 (1.0: no cost for running in
 * parallel; the speedup on an idle machine is then about 2x that).
 */
export const benchWorkers = async (frames: number, reps: number): Promise<BenchResult[]> => {
  const config = workersBenchConfig(frames);
  const one: McRun[] = [];
  const two: McRun[] = [];
  for (let r = 0; r < reps; r++) {
    one.push(await timedRun(config, 1));
    two.push(await timedRun(config, 2));
  }
  const median = (runs: McRun[], f: (r: McRun) => number) => runs.map(f).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const name = `${config.code.name}/ms-T5`;
  const rate1 = median(one, (r) => r.framesPerSecond);
  const rate2 = median(two, (r) => r.framesPerSecond);
  return [
    { name: `mc/workers-1/${name}`, unit: 'frames/s', value: rate1 },
    { name: `mc/workers-2/${name}`, unit: 'frames/s', value: rate2 },
    { name: `mc/speedup-2v1/${name}`, unit: 'x', value: rate2 / rate1 },
    { name: `mc/cores-used-1/${name}`, unit: 'cores', value: median(one, (r) => r.cores) },
    { name: `mc/cores-used-2/${name}`, unit: 'cores', value: median(two, (r) => r.cores) },
    { name: `mc/efficiency-2v1/${name}`, unit: 'x', value: median(two, (r) => r.framesPerCpuSecond) / median(one, (r) => r.framesPerCpuSecond) },
  ];
};
