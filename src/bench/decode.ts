import { Bench } from 'tinybench';
import { rngStream, STREAM } from '../channel/rng.js';
import { transmit } from '../channel/transmit.js';
import { loadCode } from '../codes/builtin.js';
import { Code } from '../codes/code.js';
import { batchDecoder, DecoderSpec, decoderIterations } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { allocateOutput } from '../decoders/output.js';

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
  { label: 'neural', codeName: 'bch-63-45', decoder: (code) => ({ kind: 'neural', weights: randomNeuralWeights(code, 5) }) },
  { label: 'spa', codeName: 'bch-63-45', decoder: () => ({ kind: 'spa', iterations: 5 }) },
  { label: 'ms', codeName: 'wimax-576-288', decoder: () => ({ kind: 'ms', iterations: 5 }) },
  { label: 'spa', codeName: 'wimax-576-288', decoder: () => ({ kind: 'spa', iterations: 5 }) },
];

/**
 * Decoder-only throughput: the channel LLRs are computed once, then tinybench
 * times repeated decodes of the same BENCH_FRAMES frames. The hard decisions
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
