import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph, TannerGraph } from '../../src/codes/tanner-graph.js';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { wasmSimdAvailable } from '../../src/decoders/kernel.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { decodeSumProduct } from '../../src/decoders/sum-product.js';
import { sumProductSimdDecoder } from '../../src/decoders/wasm/sum-product-simd.js';
import { assertSameDecode, graphArb, llrsFor } from './kernel-helpers.js';

/** Iteration-1 check-to-variable messages of one check of degree d (mu = l). */
const kernelCheckRule = (llr: readonly number[], clip: number | null = null): Float32Array => {
  const d = llr.length;
  const graph = tannerGraph(parityCheck(d, [Array.from({ length: d }, (_, v) => v)]));
  const record = allocateRecord(1, 1, d, d);
  decodeSumProduct(graph, { iterations: 1, clip }, Float32Array.from(llr), 1, false, allocateOutput(1, d), record);
  return record.c2v![0];
};

/**
 * nu_v = 2 atanh( prod_{u != v} tanh(mu_u / 2) ), O(d^2), in float64 and
 * without any clamp, written in the equivalent sign / magnitude form
 * sgn * phi(sum_{u != v} phi(|mu_u|)), phi(y) = -ln tanh(y/2) = log1p(2 / expm1(y)),
 * so that products close to +-1 (messages beyond 17) keep their precision.
 */
const phi64 = (y: number): number => Math.log1p(2 / Math.expm1(y));
const naiveCheckRule = (mu: readonly number[]): number[] =>
  mu.map((_, v) => {
    if (mu.length === 1) return 0;
    let sign = 1;
    let sum = 0;
    mu.forEach((x, u) => {
      if (u === v) return;
      if (x < 0) sign = -sign;
      sum += phi64(Math.abs(x));
    });
    return sign * phi64(sum);
  });

/** The kernel is float32 with phi accurate to a few ulp (phi.ts); 1e-5 relative (absolute below 1) covers it with margin. */
const TOL = 1e-5;

const llrValue = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.float({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true }).map(Math.fround),
);

describe('sum-product check rule against a naive loop', () => {
  it('equals 2 atanh(prod tanh(mu/2)) over the other edges (float64, unclamped)', () => {
    fc.assert(
      fc.property(fc.array(llrValue, { minLength: 1, maxLength: 10 }), (mu) => {
        const got = kernelCheckRule(mu);
        const want = naiveCheckRule(mu);
        got.forEach((y, v) =>
          assert.ok(Math.abs(y - want[v]) <= TOL * Math.max(1, Math.abs(want[v])), `edge ${v}: ${y} vs ${want[v]} for mu=${JSON.stringify(mu)}`),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a zero input silences every other edge and the check still answers it', () => {
    const got = kernelCheckRule([0, 2, -3, 1.5]);
    // phi(|0|) is phi of the smallest normal float32 (88.03): the others get phi(>= 88) = 0, of either sign
    for (const v of [1, 2, 3]) assert.ok(got[v] === 0, `edge ${v}: ${got[v]}`);
    const want = naiveCheckRule([0, 2, -3, 1.5])[0];
    assert.ok(Math.abs(got[0] - want) < TOL * Math.abs(want), `${got[0]} vs ${want}`);
  });

  it('is bounded by the smallest other magnitude (|nu_v| <= min |mu_u|)', () => {
    fc.assert(
      fc.property(fc.array(llrValue, { minLength: 2, maxLength: 10 }), (mu) => {
        const got = kernelCheckRule(mu);
        got.forEach((y, v) => {
          const minOther = Math.min(...mu.filter((_, u) => u !== v).map(Math.abs));
          assert.ok(Math.abs(y) <= minOther * (1 + TOL) + 1e-9, `edge ${v}: |${y}| > ${minOther}`);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('clip applies to the inputs (v2c) before the rule and bounds every output', () => {
    const got = kernelCheckRule([30, -30, 30], 5);
    const want = naiveCheckRule([5, -5, 5]);
    got.forEach((y, v) => assert.ok(Math.abs(y - want[v]) <= TOL * Math.abs(want[v]) && Math.abs(y) <= 5, `edge ${v}: ${y} vs ${want[v]}`));
  });

  it('0 iterations return the channel LLRs', () => {
    const graph = tannerGraph(parityCheck(4, [[0, 1, 2, 3]]));
    const llr = Float32Array.from([1, -2, 0.5, -0.25]);
    const out = allocateOutput(1, 4);
    decodeSumProduct(graph, { iterations: 0, clip: null }, llr, 1, false, out);
    assert.deepEqual(Array.from(out.soft), Array.from(llr));
    assert.deepEqual(Array.from(out.hard), [0, 1, 0, 1]);
  });
});

/** Decode with the JavaScript reference and the SIMD kernel (V vectors per lane group); require identical bits everywhere. */
const sameDecodes = (graph: TannerGraph, llr: Float32Array, frames: number, iterations: number, clip: number | null, earlyStop: boolean, vectors: number): void => {
  const what = { c2v: true, v2c: true, soft: true };
  const [oj, ow] = [allocateOutput(frames, graph.n), allocateOutput(frames, graph.n)];
  const [rj, rw] = [allocateRecord(iterations, frames, graph.edges, graph.n, what), allocateRecord(iterations, frames, graph.edges, graph.n, what)];
  decodeSumProduct(graph, { iterations, clip }, llr, frames, earlyStop, oj, rj);
  sumProductSimdDecoder(graph, { iterations, clip }, vectors)(llr, frames, earlyStop, ow, rw);
  assertSameDecode(oj, ow, rj, rw);
};

describe('sum-product: the SIMD kernel is bit-identical to the JavaScript reference', { skip: wasmSimdAvailable() ? false : 'no WebAssembly SIMD here' }, () => {
  it('random graphs (degree-0 and degree-1 checks), LLRs, clip, early stop, block widths', () => {
    fc.assert(
      fc.property(
        graphArb.chain((graph) =>
          fc.record({
            graph: fc.constant(graph),
            frames: fc.integer({ min: 1, max: 19 }),
            iterations: fc.integer({ min: 0, max: 5 }),
            clip: fc.oneof(fc.constant(null), fc.double({ min: 0.5, max: 8, noNaN: true })),
            earlyStop: fc.boolean(),
            vectors: fc.constantFrom(1, 2, 4),
          }),
        ).chain((c) => fc.tuple(fc.constant(c), llrsFor(c.graph, c.frames))),
        ([c, llr]) => sameDecodes(c.graph, llr, c.frames, c.iterations, c.clip, c.earlyStop, c.vectors),
      ),
      { numRuns: 200 },
    );
  });

  it('WiMAX (576, 288) at 1.5 dB, 20 iterations, with and without early stop', () => {
    const code = loadCode('wimax-576-288');
    const frames = 9;
    const batch = transmit(code, frames, 1.5, 'random', rngStream(8, STREAM.evalPoint, 0, 0));
    for (const earlyStop of [false, true]) sameDecodes(code.graph, batch.llr, frames, 20, null, earlyStop, 2);
  });
});
