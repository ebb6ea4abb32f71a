import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph, TannerGraph } from '../../src/codes/tanner-graph.js';
import { decodeMinSum, MinSumParams, plainMinSum } from '../../src/decoders/min-sum.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';

/** One check joined to d variables: one iteration's c2v is the check rule applied to the channel LLRs. */
const singleCheck = (d: number): TannerGraph => tannerGraph(parityCheck(d, [Array.from({ length: d }, (_, v) => v)]));

/** The kernel's check-to-variable messages of iteration 1 (mu = l, since nu(0) = 0). */
const kernelCheckRule = (llr: readonly number[], p: MinSumParams): Float32Array => {
  const d = llr.length;
  const graph = singleCheck(d);
  const record = allocateRecord(1, 1, d, d);
  decodeMinSum(graph, { ...p, iterations: 1 }, Float32Array.from(llr), 1, false, allocateOutput(1, d), record);
  return record.c2v![0];
};

/**
 * The rule of docs/method.md §3 written the slow way, O(d^2):
 * nu_v = alpha * prod_{u != v} sgn(mu_u) * max(0, min_{u != v} |mu_u| - beta), sgn(0) = +1.
 */
const naiveCheckRule = (mu: readonly number[], alpha = 1, beta = 0): number[] =>
  mu.map((_, v) => {
    if (mu.length === 1) return 0;
    let sign = 1;
    let min = Infinity;
    mu.forEach((x, u) => {
      if (u === v) return;
      if (x < 0) sign = -sign;
      min = Math.min(min, Math.abs(x));
    });
    return alpha * sign * Math.max(0, min - beta);
  });

const assertClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 1e-6): void => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i]));
    assert.ok(ok, `${what}: entry ${i} is ${actual[i]}, expected ${expected[i]} (inputs shown by fast-check)`);
  }
};

/** Float32-representable LLRs: mixes small integers (ties, zeros) with arbitrary reals. */
const llrValue = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.float({ min: -20, max: 20, noNaN: true, noDefaultInfinity: true }).map(Math.fround),
);
const llrVector = fc.array(llrValue, { minLength: 1, maxLength: 12 });

describe('min-sum check rule against a naive O(d^2) loop', () => {
  it('plain min-sum equals the naive rule (ties, zeros and signs included)', () => {
    fc.assert(
      fc.property(llrVector, (mu) => assertClose(kernelCheckRule(mu, plainMinSum(1)), naiveCheckRule(mu), 'ms')),
      { numRuns: 300 },
    );
  });

  it('a duplicated minimum gives every edge the same magnitude', () => {
    fc.assert(
      fc.property(llrVector.filter((a) => a.length >= 2), fc.nat(), fc.nat(), (mu, i, j) => {
        const a = [...mu];
        const p = i % a.length;
        let q = j % a.length;
        if (q === p) q = (q + 1) % a.length;
        const minAbs = Math.min(...a.map(Math.abs));
        a[p] = minAbs;
        a[q] = -minAbs;
        const got = kernelCheckRule(a, plainMinSum(1));
        assertClose(got, naiveCheckRule(a), 'duplicated min');
        for (let v = 0; v < a.length; v++) assert.equal(Math.abs(got[v]), Math.fround(minAbs), `edge ${v} magnitude`);
      }),
      { numRuns: 200 },
    );
  });

  it('normalized (alpha) and offset (beta) min-sum equal the naive rule', () => {
    fc.assert(
      fc.property(llrVector, fc.double({ min: 0.1, max: 1.5, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (mu, alpha, beta) => {
        assertClose(kernelCheckRule(mu, { ...plainMinSum(1), alpha }), naiveCheckRule(mu, alpha, 0), 'nms');
        assertClose(kernelCheckRule(mu, { ...plainMinSum(1), beta }), naiveCheckRule(mu, 1, beta), 'oms');
      }),
      { numRuns: 200 },
    );
  });

  it('permuting the inputs of a check permutes its outputs', () => {
    fc.assert(
      fc.property(llrVector.chain((mu) => fc.tuple(fc.constant(mu), fc.shuffledSubarray(mu.map((_, i) => i), { minLength: mu.length }))), ([mu, perm]) => {
        const out = kernelCheckRule(mu, plainMinSum(1));
        const outPermuted = kernelCheckRule(perm.map((i) => mu[i]), plainMinSum(1));
        assertClose(outPermuted, perm.map((i) => out[i]), 'permuted');
      }),
      { numRuns: 200 },
    );
  });

  it('flipping the sign of one input flips every other output and keeps its own', () => {
    fc.assert(
      fc.property(llrVector.filter((a) => a.length >= 2 && a.every((x) => x !== 0)), fc.nat(), (mu, i) => {
        const j = i % mu.length;
        const flipped = mu.map((x, u) => (u === j ? -x : x));
        const a = kernelCheckRule(mu, plainMinSum(1));
        const b = kernelCheckRule(flipped, plainMinSum(1));
        for (let v = 0; v < mu.length; v++) assert.equal(b[v], v === j ? a[v] : -a[v], `edge ${v}`);
      }),
      { numRuns: 200 },
    );
  });

  it('is positively homogeneous: MS(a x) = a MS(x) for a > 0', () => {
    fc.assert(
      fc.property(llrVector, fc.double({ min: 0.01, max: 10, noNaN: true }), (mu, a) => {
        const scaled = mu.map((x) => Math.fround(a * x));
        const expected = Array.from(kernelCheckRule(mu, plainMinSum(1)), (y) => a * y);
        assertClose(kernelCheckRule(scaled, plainMinSum(1)), expected, 'homogeneous', 1e-5);
      }),
      { numRuns: 200 },
    );
  });

  it('offset 0 with per-edge weights 1 equals plain min-sum (the per-edge path)', () => {
    fc.assert(
      fc.property(llrVector, (mu) => {
        const perEdge = { ...plainMinSum(1), weightTE: new Float32Array(mu.length).fill(1), offsetTE: new Float32Array(mu.length) };
        assert.deepEqual(kernelCheckRule(mu, perEdge), kernelCheckRule(mu, plainMinSum(1)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('min-sum decoder on a real graph', () => {
  // BCH-like small graph: the (7,4) Hamming code.
  const hamming = tannerGraph(parityCheck(7, [[0, 1, 2, 4], [1, 2, 3, 5], [0, 2, 3, 6]]));

  it('all-zero LLRs give all-zero messages at every iteration', () => {
    const frames = 3;
    const record = allocateRecord(4, frames, hamming.edges, 7, { c2v: true, v2c: true });
    decodeMinSum(hamming, plainMinSum(4), new Float32Array(7 * frames), frames, false, allocateOutput(frames, 7), record);
    for (let t = 0; t < 4; t++) {
      assert.ok(record.c2v![t].every((x) => x === 0), `c2v at t=${t + 1}`);
      assert.ok(record.v2c![t].every((x) => x === 0), `v2c at t=${t + 1}`);
    }
  });

  it('0 iterations return the channel LLRs and their hard decisions', () => {
    const llr = Float32Array.from([1.5, -2, 0.25, -0.5, 3, -1, 0]);
    const out = allocateOutput(1, 7);
    decodeMinSum(hamming, plainMinSum(0), llr, 1, false, out);
    assert.deepEqual(Array.from(out.soft), Array.from(llr));
    assert.deepEqual(Array.from(out.hard), [0, 1, 0, 1, 0, 1, 0]);
    assert.equal(out.iterations[0], 0);
  });

  it('corrects a single weak wrong bit of the Hamming code', () => {
    // codeword 0; bit 2 received weakly wrong, the others strongly right
    const llr = Float32Array.from([4, 4, -1, 4, 4, 4, 4]);
    const out = allocateOutput(1, 7);
    decodeMinSum(hamming, plainMinSum(3), llr, 1, false, out);
    assert.deepEqual(Array.from(out.hard), [0, 0, 0, 0, 0, 0, 0]);
  });
});
