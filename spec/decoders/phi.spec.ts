/**
 * phi(y) = -ln tanh(y/2) in float32 (src/decoders/phi.ts): accurate against
 * float64, and the SIMD version (wasm/phi-simd.ts) bit-identical to it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { wasmSimdAvailable } from '../../src/decoders/kernel.js';
import { phi, PHI_Y_MAX, PHI_Y_MIN } from '../../src/decoders/phi.js';
import { assembleModule, constantPool, defineFunction, frame, i32, i32t, local, v128, v128t, whileLoop } from '../../src/decoders/wasm/emit.js';
import { phiLocals, phiRegisters, phiSimd } from '../../src/decoders/wasm/phi-simd.js';

const phi64 = (y: number): number => Math.log1p(2 / Math.expm1(y));

/** y spread over 40 decades (log-uniform), as float32 */
const spreadY = fc.double({ min: -30, max: Math.log(PHI_Y_MAX), noNaN: true }).map((t) => Math.fround(Math.exp(t)));

describe('phi in float32', () => {
  it('is within 5e-7 relative of float64 -ln tanh(y/2) on 1e-13 <= y < 87 (measured: 3.5e-7)', () => {
    fc.assert(
      fc.property(spreadY, (y) => {
        if (y >= PHI_Y_MAX) return;
        const rel = Math.abs(phi(y) - phi64(y)) / phi64(y);
        assert.ok(rel < 5e-7, `phi(${y}) = ${phi(y)}, float64 ${phi64(y)}, relative error ${rel}`);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is self-inverse to float32 accuracy where both sides are well conditioned', () => {
    for (const y of [0.05, 0.3, 0.5, 1, 2, 4]) assert.ok(Math.abs(phi(phi(y)) - y) < 2e-6 * Math.max(1, y), `phi(phi(${y})) = ${phi(phi(y))}`);
  });

  it('range ends: phi(0) is phi of the smallest normal float32, phi(y >= 87) = 0; no step where the branches meet at 0.5', () => {
    assert.equal(phi(0), phi(PHI_Y_MIN));
    assert.ok(Math.abs(phi(0) - 127 * Math.LN2) < 1e-5);
    assert.equal(phi(87), 0);
    assert.equal(phi(Infinity), 0);
    assert.ok(phi(86.99) > 0);
    // non-increasing through the switch from the series to 1 - e^-y
    let previous = Infinity;
    for (let y = 0.49; y <= 0.51; y += 1e-5) {
      const now = phi(Math.fround(y));
      assert.ok(now <= previous, `phi increases at ${y}: ${previous} -> ${now}`);
      previous = now;
    }
    assert.ok(phi(0.51) < phi(0.49));
  });
});

/** out[i] = phi(in[i]) over a memory of 4-lane vectors, the SIMD way. */
const simdPhiOver = (): ((ys: Float32Array) => Float32Array) => {
  const fr = frame({ count: i32t }, { p: i32t, x: v128t, ...phiLocals() });
  const OUT = 1 << 16;
  const pool = constantPool(OUT - 1024, 1024);
  const body = whileLoop(
    i32.ltU(local.get(fr.p), local.get(fr.count)),
    local.set(fr.x, v128.load(local.get(fr.p))),
    phiSimd(fr.x, fr.x, phiRegisters(fr as unknown as Record<string, number>), pool),
    v128.store(local.get(fr.p), local.get(fr.x), OUT),
    local.set(fr.p, i32.add(local.get(fr.p), i32.const(16))),
  );
  const memory = new WebAssembly.Memory({ initial: 2 });
  const mod = new WebAssembly.Module(assembleModule([defineFunction('phi', fr, [], body)], 2, [pool.segment()]));
  const run = new WebAssembly.Instance(mod, { env: { memory } }).exports.phi as (bytes: number) => void;
  const heap = new Float32Array(memory.buffer);
  return (ys) => {
    const padded = Math.ceil(ys.length / 4) * 4;
    heap.set(ys);
    run(4 * padded);
    return heap.slice(OUT / 4, OUT / 4 + ys.length);
  };
};

describe('phi on f32x4', { skip: wasmSimdAvailable() ? false : 'no WebAssembly SIMD here' }, () => {
  const simdPhi = simdPhiOver();
  const sameBits = (ys: Float32Array): void => {
    const got = simdPhi(ys);
    ys.forEach((y, i) => assert.ok(Object.is(got[i], phi(y)), `phi(${y}): simd ${got[i]}, scalar ${phi(y)}`));
  };

  it('equals the scalar phi bit for bit on random inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(spreadY, fc.float({ min: 0, max: 200, noNaN: true })), { minLength: 1, maxLength: 64 }), (ys) => sameBits(Float32Array.from(ys))),
      { numRuns: 300 },
    );
  });

  it('and at the boundaries of every branch', () => {
    const f = Math.fround;
    sameBits(
      Float32Array.from([0, 2 ** -149, PHI_Y_MIN, 2 ** -125, 1e-30, 1e-8, f(0.49999997), 0.5, f(0.50000006), 1, Math.LN2, 20, 86.99, 87, 87.5, 1e30, Infinity]),
    );
  });
});
