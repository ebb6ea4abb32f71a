/**
 * One arithmetic: the WebAssembly SIMD min-sum kernel and the JavaScript
 * reference compute the same float32 operations in the same order, so every
 * output, recorded message and iteration count must be bit-identical, on
 * random graphs (degree-0 and degree-1 checks, unconnected variables),
 * random LLRs (integers for ties and zeros, arbitrary floats), every option
 * (alpha, beta, clip, per-edge weights and offsets, channel weights, early
 * stop) and every block width (partial last blocks included).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TannerGraph } from '../../src/codes/tanner-graph.js';
import { loadCode } from '../../src/codes/builtin.js';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { batchDecoder } from '../../src/decoders/decoder.js';
import { wasmSimdAvailable } from '../../src/decoders/kernel.js';
import { decodeMinSumReference, minSumArithmetic, MinSumParams } from '../../src/decoders/min-sum.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { minSumSimdDecoder } from '../../src/decoders/wasm/min-sum-simd.js';
import { assertSameBits, assertSameDecode, graphArb, llrsFor } from './kernel-helpers.js';

const caseArb = graphArb.chain((graph) =>
  fc.record({
    graph: fc.constant(graph),
    frames: fc.integer({ min: 1, max: 19 }),
    iterations: fc.integer({ min: 0, max: 6 }),
    alpha: fc.oneof(fc.constant(1), fc.double({ min: 0.3, max: 1.2, noNaN: true })),
    beta: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1.5, noNaN: true })),
    clip: fc.oneof(fc.constant(null), fc.double({ min: 0.5, max: 8, noNaN: true })),
    weights: fc.boolean(),
    offsets: fc.boolean(),
    channel: fc.boolean(),
    earlyStop: fc.boolean(),
    vectors: fc.constantFrom(1, 2, 4),
    seed: fc.nat(),
  }),
);

interface Case {
  readonly graph: TannerGraph;
  readonly frames: number;
  readonly iterations: number;
  readonly alpha: number;
  readonly beta: number;
  readonly clip: number | null;
  readonly weights: boolean;
  readonly offsets: boolean;
  readonly channel: boolean;
  readonly earlyStop: boolean;
  readonly vectors: number;
  readonly seed: number;
}

/** Random learned parameters for a case (30% of them exactly 1, for ties between weighted magnitudes). */
const buildParams = (c: Case): MinSumParams => {
  const { graph, iterations: T } = c;
  const rng = rngStream(c.seed, STREAM.gradcheck);
  const vec = (len: number, lo: number, hi: number, ties: boolean): Float32Array =>
    Float32Array.from({ length: len }, () => (ties && rng.nextFloat() < 0.3 ? 1 : lo + (hi - lo) * rng.nextFloat()));
  return {
    iterations: T,
    alpha: c.alpha,
    beta: c.beta,
    clip: c.clip,
    weightTE: c.weights ? vec(T * graph.edges, -0.2, 1.5, true) : null,
    offsetTE: c.offsets ? vec(T * graph.edges, 0, 1, true) : null,
    channelTV: c.channel ? vec(T * graph.n, 0.2, 1.6, true) : null,
  };
};

/** Decode with both kernels and require identical outputs and records. */
const run = (c: Case, llr: Float32Array): void => {
  const { graph, frames } = c;
  const k = minSumArithmetic(buildParams(c), graph.edges);
  const T = c.iterations;
  const what = { c2v: true, v2c: true, soft: true };
  const [oj, ow] = [allocateOutput(frames, graph.n), allocateOutput(frames, graph.n)];
  const [rj, rw] = [allocateRecord(T, frames, graph.edges, graph.n, what), allocateRecord(T, frames, graph.edges, graph.n, what)];
  decodeMinSumReference(graph, k, llr, frames, c.earlyStop, oj, rj);
  minSumSimdDecoder(graph, k, c.vectors)(llr, frames, c.earlyStop, ow, rw);
  assertSameDecode(oj, ow, rj, rw);
};

describe('min-sum: the SIMD kernel is bit-identical to the JavaScript reference', { skip: wasmSimdAvailable() ? false : 'no WebAssembly SIMD here' }, () => {
  it('random graphs, LLRs and options', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.tuple(fc.constant(c), llrsFor(c.graph, c.frames))),
        ([c, llr]) => run(c, llr),
      ),
      { numRuns: 300 },
    );
  });

  it('BCH(63,45) at 3 dB, 30 iterations, every option at once (long message chains, real early stops)', () => {
    const code = loadCode('bch-63-45');
    const frames = 37;
    const batch = transmit(code, frames, 3, 'random', rngStream(7, STREAM.evalPoint, 0, 0));
    for (const vectors of [1, 2, 4])
      for (const opts of [
        { alpha: 1, beta: 0, clip: null, weights: false, offsets: false, channel: false },
        { alpha: 0.8, beta: 0.1, clip: 6, weights: true, offsets: true, channel: true },
      ]) {
        run({ graph: code.graph, frames, iterations: 30, earlyStop: true, vectors, seed: 3, ...opts }, batch.llr);
        run({ graph: code.graph, frames, iterations: 30, earlyStop: false, vectors, seed: 3, ...opts }, batch.llr);
      }
  });

  it('the early stops are real: some frames stop before T and record nothing after', () => {
    const code = loadCode('bch-63-45');
    const frames = 20;
    const batch = transmit(code, frames, 4, 'zero', rngStream(2, STREAM.evalPoint, 0, 0));
    const out = allocateOutput(frames, code.n);
    const record = allocateRecord(10, frames, code.graph.edges, code.n, { c2v: true });
    record.c2v!.forEach((a) => a.fill(NaN));
    batchDecoder(code.graph, { kind: 'ms', iterations: 10 }, { kernel: 'wasm' })(batch.llr, frames, true, out, record);
    const stopped = Array.from(out.iterations).filter((t) => t < 10).length;
    assert.ok(stopped > frames / 2, `only ${stopped} frames stopped early`);
    for (let b = 0; b < frames; b++) {
      const t = out.iterations[b];
      if (t < 10) assert.ok(Number.isNaN(record.c2v![t][b * code.graph.edges]), `frame ${b} recorded after its stop`);
      assert.ok(!Number.isNaN(record.c2v![t - 1][b * code.graph.edges]), `frame ${b} did not record its last iteration`);
    }
  });
});

describe('record windows', () => {
  it('only the iterations inside the window are allocated and written, the same as a full record', () => {
    const code = loadCode('bch-31-16');
    const frames = 9;
    const batch = transmit(code, frames, 2, 'zero', rngStream(4, STREAM.evalPoint, 0, 0));
    const E = code.graph.edges;
    for (const kernel of wasmSimdAvailable() ? (['js', 'wasm'] as const) : (['js'] as const)) {
      const decode = batchDecoder(code.graph, { kind: 'ms', iterations: 8 }, { kernel });
      const full = allocateRecord(8, frames, E, code.n, { c2v: true });
      const window = allocateRecord(8, frames, E, code.n, { c2v: true }, { first: 5, count: 2 });
      decode(batch.llr, frames, false, allocateOutput(frames, code.n), full);
      decode(batch.llr, frames, false, allocateOutput(frames, code.n), window);
      assert.deepEqual(window.c2v!.map((a) => a.length), [0, 0, 0, 0, 0, frames * E, frames * E, 0]);
      assert.deepEqual(window.c2v![5], full.c2v![5]);
      assert.deepEqual(window.c2v![6], full.c2v![6]);
    }
  });
});

describe('batchDecoder kernel choice', () => {
  it('js and wasm decoders of every min-sum spec agree exactly on a real code', { skip: wasmSimdAvailable() ? false : 'no WebAssembly SIMD here' }, () => {
    const code = loadCode('bch-63-45');
    const frames = 50;
    const batch = transmit(code, frames, 3.5, 'zero', rngStream(9, STREAM.evalPoint, 0, 0));
    for (const spec of [
      { kind: 'ms', iterations: 5 },
      { kind: 'nms', iterations: 5, alpha: 0.75, clip: 4 },
      { kind: 'oms', iterations: 5, beta: 0.3 },
    ] as const) {
      const [a, b] = [allocateOutput(frames, code.n), allocateOutput(frames, code.n)];
      batchDecoder(code.graph, spec, { kernel: 'js' })(batch.llr, frames, false, a);
      batchDecoder(code.graph, spec, { kernel: 'wasm' })(batch.llr, frames, false, b);
      assertSameBits(a.soft, b.soft, spec.kind);
    }
  });
});
