import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { decodeSumProduct } from '../../src/decoders/sum-product.js';

/** Iteration-1 check-to-variable messages of one check of degree d (mu = l). */
const kernelCheckRule = (llr: readonly number[], clip: number | null = null): Float32Array => {
  const d = llr.length;
  const graph = tannerGraph(parityCheck(d, [Array.from({ length: d }, (_, v) => v)]));
  const record = allocateRecord(1, 1, d, d);
  decodeSumProduct(graph, { iterations: 1, clip }, Float32Array.from(llr), 1, false, allocateOutput(1, d), record);
  return record.c2v![0];
};

/**
 * nu_v = 2 atanh( prod_{u != v} tanh(mu_u / 2) ), the product clamped to
 * +-(1 - 1e-12) as documented in sum-product.ts; O(d^2).
 */
const naiveCheckRule = (mu: readonly number[]): number[] =>
  mu.map((_, v) => {
    if (mu.length === 1) return 0;
    let prod = 1;
    mu.forEach((x, u) => {
      if (u !== v) prod *= Math.tanh(x / 2);
    });
    const limit = 1 - 1e-12;
    return 2 * Math.atanh(Math.max(-limit, Math.min(limit, prod)));
  });

/** Sum-product is evaluated in float64 and stored as float32; 1e-5 relative covers that and any fast math in the kernel. */
const TOL = 1e-5;

const llrValue = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.float({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true }).map(Math.fround),
);

describe('sum-product check rule against a naive loop', () => {
  it('equals 2 atanh(prod tanh(mu/2)) over the other edges', () => {
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
    assert.equal(got[1], 0);
    assert.equal(got[2], 0);
    assert.equal(got[3], 0);
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
