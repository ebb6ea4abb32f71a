import { Bench } from 'tinybench';
import { rngStream, STREAM } from '../channel/rng.js';
import { transmit } from '../channel/transmit.js';
import { loadCode } from '../codes/builtin.js';
import { Code } from '../codes/code.js';
import { batchDecoder, DecoderSpec, decoderIterations } from '../decoders/decoder.js';
import { Kernel, resolveKernel } from '../decoders/kernel.js';
import { minSumArithmetic, plainMinSum } from '../decoders/min-sum.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { allocateOutput, allocateRecord } from '../decoders/output.js';
import { minSumSimdDecoder } from '../decoders/wasm/min-sum-simd.js';
import { sumProductSimdDecoder } from '../decoders/wasm/sum-product-simd.js';

/** One measured number, e.g. { name: 'decode/ms/bch-63-45/T5', unit: 'frames/s', value: 2.1e5 }. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
}

/** Frames per decode call: large enough that per-call overhead is negligible. */
export const BENCH_FRAMES = 1000;

/** Eb/N0 of the precomputed LLRs: a realistic operating point (some errors, mostly clean frames). */
export const BENCH_EBN0_DB = 4;

export interface DecodeCase {
  readonly label: string;
  readonly codeName: string;
  /** decoder spec for the loaded code */
  readonly decoder: (code: Code) => DecoderSpec;
}

/**
 * Neural normalized min-sum weights drawn uniformly from [0.5, 1) with the
 * seeded generator (STREAM.init): the kernel's per-edge path, not a trained decoder.
 */
export const randomNeuralWeights = (code: Code, iterations: number, seed = 1): NeuralWeights => {
  const rng = rngStream(seed, STREAM.init, 7);
  const E = code.graph.edges;
  return {
    format: 'tanner-weights/1',
    code: { name: code.name, n: code.n, k: code.k, edges: E },
    kind: 'nnms',
    iterations,
    sharing: 'iteration-edge',
    weight: Array.from({ length: iterations * E }, () => 0.5 + 0.5 * rng.nextFloat()),
    offsetRaw: null,
    channel: null,
    clip: null,
  };
};

/** The decode cases of the benchmark suite (single thread, no early stop, T = 5). */
export const DECODE_CASES: readonly DecodeCase[] = [
  { label: 'ms', codeName: 'bch-63-45', decoder: () => ({ kind: 'ms', iterations: 5 }) },
  { label: 'nms', codeName: 'bch-63-45', decoder: () => ({ kind: 'nms', iterations: 5, alpha: 0.8 }) },
  { label: 'oms', codeName: 'bch-63-45', decoder: () => ({ kind: 'oms', iterations: 5, beta: 0.15 }) },
  { label: 'neural', codeName: 'bch-63-45', decoder: (code) => ({ kind: 'neural', weights: randomNeuralWeights(code, 5) }) },
  { label: 'spa', codeName: 'bch-63-45', decoder: () => ({ kind: 'spa', iterations: 5 }) },
  { label: 'ms', codeName: 'wimax-576-288', decoder: () => ({ kind: 'ms', iterations: 5 }) },
  { label: 'spa', codeName: 'wimax-576-288', decoder: () => ({ kind: 'spa', iterations: 5 }) },
];

/**
 * Decoder-only throughput of the kernel batchDecoder chooses here (WebAssembly
 * SIMD where available, TANNER_KERNEL to force one): the channel LLRs are
 * computed once, then tinybench times repeated decodes of the same BENCH_FRAMES frames. The hard decisions
 * are folded into a checksum so the work cannot be optimised away, and the
 * returned `bitErrors` lets a caller check the decoder did something sensible.
 *
 * frames/s = BENCH_FRAMES / mean latency; edge-updates/s = E x T x frames/s.
 */
export const benchDecode = async (c: DecodeCase, timeMs: number): Promise<BenchResult[]> => {
  const code = loadCode(c.codeName);
  const spec = c.decoder(code);
  const T = decoderIterations(spec);
  const decode = batchDecoder(code.graph, spec);
  const batch = transmit(code, BENCH_FRAMES, BENCH_EBN0_DB, 'zero', rngStream(1, STREAM.evalPoint, 999_999, 0));
  const out = allocateOutput(BENCH_FRAMES, code.n);
  let checksum = 0;
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs / 2), iterations: 5 });
  const name = `decode/${c.label}/${code.name}/T${T}`;
  bench.add(name, () => {
    decode(batch.llr, BENCH_FRAMES, false, out);
    checksum += out.hard[checksum % out.hard.length];
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`benchmark ${name} did not complete (${r.state})`);
  const framesPerSecond = (BENCH_FRAMES * 1000) / r.latency.mean;
  if (!Number.isFinite(checksum)) throw new Error('unreachable');
  return [
    { name, unit: 'frames/s', value: framesPerSecond },
    { name: `${name}/edges`, unit: 'edge-updates/s', value: framesPerSecond * code.graph.edges * T },
  ];
};

/** Frames/s (or ms per call) of one kernel in a comparison: the range over interleaved rounds. */
export interface KernelTiming {
  readonly name: string;
  readonly kernel: string;
  readonly unit: 'frames/s' | 'ms';
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The teacher call of a training step (docs/method.md §4): plain min-sum T = 30 on 120 frames, recording the c2v messages of iterations 26..30. */
const teacherCall = (code: Code, kernel: Kernel): (() => void) => {
  const frames = 120;
  const T = 30;
  const batch = transmit(code, frames, 4, 'zero', rngStream(1, STREAM.evalPoint, 999_998, 0));
  const decode = batchDecoder(code.graph, { kind: 'ms', iterations: T }, { kernel });
  return () => decode(batch.llr, frames, false, allocateOutput(frames, code.n), allocateRecord(T, frames, code.graph.edges, code.n, { c2v: true }, { first: 25, count: 5 }));
};

/** CPU seconds of this process (all threads; the decoders are single-threaded). */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Time several variants of the same work side by side: after a warm-up
 * (WebAssembly tiers up from its baseline compiler), `rounds` rounds each
 * run a burst of about `burstMs` of every variant in turn, timed in CPU
 * seconds of the process, so that time the scheduler gives to other jobs
 * on a shared machine does not count and every variant sees the same load.
 */
const interleavedTimings = async (
  name: string,
  unit: KernelTiming['unit'],
  framesPerCall: number,
  variants: readonly (readonly [string, () => void])[],
  rounds: number,
  burstMs: number,
): Promise<KernelTiming[]> => {
  for (const [, fn] of variants) {
    const until = performance.now() + 300;
    while (performance.now() < until) fn();
  }
  const samples: number[][] = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    variants.forEach(([, fn], i) => {
      let calls = 0;
      const wall0 = performance.now();
      const cpu0 = cpuSeconds();
      do {
        fn();
        calls++;
      } while (performance.now() - wall0 < burstMs);
      const msPerCall = ((cpuSeconds() - cpu0) * 1000) / calls;
      samples[i].push(unit === 'ms' ? msPerCall : (framesPerCall * 1000) / msPerCall);
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return samples.map((xs, i) => {
    xs.sort((a, b) => a - b);
    return { name, kernel: variants[i][0], unit, min: xs[0], median: xs[xs.length >> 1], max: xs[xs.length - 1] };
  });
};

/**
 * A/B of the JavaScript and the WebAssembly kernels on every decode case
 * and on the teacher call of a training step, in one process (see
 * interleavedTimings):
 *
 *   node --import tsx -e "import('./src/bench/decode.ts').then(async (m) => console.table(await m.compareKernels()))"
 */
export const compareKernels = async (rounds = 15, burstMs = 80): Promise<KernelTiming[]> => {
  const kernels: Kernel[] = resolveKernel('auto') === 'wasm' ? ['js', 'wasm'] : ['js'];
  const results: KernelTiming[] = [];
  // fewer frames per call than the suite: the JavaScript sum-product on WiMAX takes about 1 s per 200 frames
  const frames = 200;
  for (const c of DECODE_CASES) {
    const code = loadCode(c.codeName);
    const spec = c.decoder(code);
    const batch = transmit(code, frames, BENCH_EBN0_DB, 'zero', rngStream(1, STREAM.evalPoint, 999_999, 0));
    const out = allocateOutput(frames, code.n);
    const variants = kernels.map((kernel) => {
      const decode = batchDecoder(code.graph, spec, { kernel });
      return [kernel, () => decode(batch.llr, frames, false, out)] as const;
    });
    results.push(...(await interleavedTimings(`decode/${c.label}/${code.name}/T${decoderIterations(spec)}`, 'frames/s', frames, variants, rounds, burstMs)));
  }
  const bch = loadCode('bch-63-45');
  const teacher = kernels.map((kernel) => [kernel, teacherCall(bch, kernel)] as const);
  results.push(...(await interleavedTimings('teacher/ms-T30/bch-63-45/B120, record 26..30', 'ms', 120, teacher, rounds, burstMs)));
  return results;
};

/**
 * The SIMD kernels with 1, 2 or 4 vectors (4, 8 or 16 frames) per lane
 * group, bch-63-45 T = 5, 1000 frames at 4 dB (MIN_SUM_VECTORS and
 * SUM_PRODUCT_VECTORS are the measured best):
 *
 *   node --import tsx -e "import('./src/bench/decode.ts').then(async (m) => console.table(await m.compareVectorWidths()))"
 */
export const compareVectorWidths = async (rounds = 15, burstMs = 80): Promise<KernelTiming[]> => {
  const code = loadCode('bch-63-45');
  const batch = transmit(code, BENCH_FRAMES, BENCH_EBN0_DB, 'zero', rngStream(1, STREAM.evalPoint, 999_999, 0));
  const out = allocateOutput(BENCH_FRAMES, code.n);
  const widths = [1, 2, 4];
  const ms = minSumArithmetic(plainMinSum(5), code.graph.edges);
  const variants = (make: (V: number) => (llr: Float32Array, frames: number, earlyStop: boolean, o: typeof out) => void) =>
    widths.map((V) => {
      const decode = make(V);
      return [`wasm V=${V} (${4 * V} frames)`, () => decode(batch.llr, BENCH_FRAMES, false, out)] as const;
    });
  return [
    ...(await interleavedTimings('decode/ms/bch-63-45/T5', 'frames/s', BENCH_FRAMES, variants((V) => minSumSimdDecoder(code.graph, ms, V)), rounds, burstMs)),
    ...(await interleavedTimings('decode/spa/bch-63-45/T5', 'frames/s', BENCH_FRAMES, variants((V) => sumProductSimdDecoder(code.graph, { iterations: 5, clip: null }, V)), rounds, burstMs)),
  ];
};
