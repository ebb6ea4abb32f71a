/** Shared by the kernel equality specs: random graphs and LLRs, bit-exact comparisons. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph, TannerGraph } from '../../src/codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord } from '../../src/decoders/output.js';

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Exact equality of float32 arrays, bit pattern by bit pattern (-0 and +0 differ). */
export const assertSameBits = (a: Float32Array, b: Float32Array, what: string): void => {
  assert.equal(a.length, b.length, `${what}: length`);
  const x = bits(a);
  const y = bits(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) assert.fail(`${what}[${i}]: js ${a[i]} vs wasm ${b[i]}`);
};

/** Outputs, iteration counts and every recorded array identical. */
export const assertSameDecode = (js: DecodeOutput, wasm: DecodeOutput, rj: DecodeRecord, rw: DecodeRecord): void => {
  assertSameBits(js.soft, wasm.soft, 'soft');
  assert.deepEqual(wasm.hard, js.hard, 'hard');
  assert.deepEqual(wasm.iterations, js.iterations, 'iterations');
  for (const key of ['c2v', 'v2c', 'soft'] as const) rj[key]?.forEach((a, t) => assertSameBits(a, rw[key]![t], `record.${key}[${t}]`));
};

/** A random sparse H: m rows over n variables, each row of degree 0..min(n, 7) (so degree-0 and degree-1 checks and unconnected variables occur). */
export const graphArb: fc.Arbitrary<TannerGraph> = fc
  .record({ n: fc.integer({ min: 1, max: 12 }), m: fc.integer({ min: 1, max: 8 }) })
  .chain(({ n, m }) =>
    fc
      .array(fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 0, maxLength: Math.min(n, 7) }), { minLength: m, maxLength: m })
      .map((rows) => tannerGraph(parityCheck(n, rows))),
  );

/** Float32 LLRs: small integers (ties, zeros, duplicated minima) and arbitrary reals. */
export const llrValue = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.float({ min: -20, max: 20, noNaN: true, noDefaultInfinity: true }));

/** frames x n LLRs for a graph */
export const llrsFor = (graph: TannerGraph, frames: number): fc.Arbitrary<Float32Array> =>
  fc.array(llrValue, { minLength: frames * graph.n, maxLength: frames * graph.n }).map((a) => Float32Array.from(a));
