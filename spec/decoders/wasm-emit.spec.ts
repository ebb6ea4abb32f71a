/**
 * The WebAssembly emitter (src/decoders/wasm/emit.ts): LEB128 encodings,
 * and every instruction the kernels use checked against its JavaScript
 * meaning on random operands, by running it (a wrong opcode either fails
 * validation or computes something else).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { wasmSimdAvailable } from '../../src/decoders/kernel.js';
import {
  assembleModule,
  Code,
  constantPool,
  defineFunction,
  f32x4,
  frame,
  i32,
  i32t,
  i32x4,
  if_,
  local,
  memory,
  s32,
  u32,
  v128,
  whileLoop,
} from '../../src/decoders/wasm/emit.js';

/** Decode LEB128 (the test's own, independent of the encoder). */
const readLeb = (bytes: number[], signed: boolean): number => {
  let result = 0;
  let shift = 0;
  let byte = 0;
  let i = 0;
  do {
    byte = bytes[i++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  assert.equal(i, bytes.length, 'no bytes after the last one');
  if (signed && byte & 0x40) result -= 2 ** shift;
  return result;
};

describe('LEB128', () => {
  it('u32 and s32 round-trip and use the minimal number of bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const b = u32(n);
        assert.equal(readLeb(b, false), n);
        assert.equal(b.length, Math.max(1, Math.ceil(Math.log2(n + 1) / 7)));
      }),
    );
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => assert.equal(readLeb(s32(n), true), n)));
    assert.deepEqual(u32(624485), [0xe5, 0x8e, 0x26]); // the example of the LEB128 article
    assert.deepEqual(s32(-123456), [0xc0, 0xbb, 0x78]);
    assert.deepEqual(s32(63), [0x3f]);
    assert.deepEqual(s32(64), [0xc0, 0x00]);
    assert.deepEqual(s32(-64), [0x40]);
    assert.throws(() => u32(-1), RangeError);
  });
});

const f = Math.fround;
const cast = new Float32Array(1);
const castBits = new Int32Array(cast.buffer);
const bitsOf = (x: number): number => ((cast[0] = x), castBits[0]);
const fromBits = (b: number): number => ((castBits[0] = b), cast[0]);

/**
 * Run `expr(a, b, c)` (three v128 loads from memory) over lanes of random
 * operands and return the four output lanes as int32 bit patterns.
 */
const vectorOp = (expr: (a: Code, b: Code, c: Code) => Code) => {
  const fr = frame({}, {});
  const load = (k: number): Code => v128.load(i32.const(0), 16 * k);
  const fn = defineFunction('op', fr, [], v128.store(i32.const(0), expr(load(0), load(1), load(2)), 48));
  const mem = new WebAssembly.Memory({ initial: 1 });
  const run = new WebAssembly.Instance(new WebAssembly.Module(assembleModule([fn], 1)), { env: { memory: mem } }).exports.op as () => void;
  const ints = new Int32Array(mem.buffer);
  return (a: number[], b: number[], c: number[]): number[] => {
    ints.set([...a, ...b, ...c]);
    run();
    return Array.from(ints.slice(12, 16));
  };
};

/** Float lanes as bits: mixes specials, ties, integers and arbitrary floats. */
const floatLane = fc
  .oneof(fc.float({ noNaN: true }), fc.constantFrom(0, -0, 1, -1, 0.5, 2.5, -2.5, Infinity, -Infinity), fc.integer({ min: -300, max: 300 }))
  .map(bitsOf);
const intLane = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const lanes = (lane: fc.Arbitrary<number>) => fc.tuple(lane, lane, lane, lane);

const fl = (bits: number): number => fromBits(bits);
const mask = (b: boolean): number => (b ? -1 : 0);

/** [name, emitted op, lane semantics on bit patterns] */
const FLOAT_CASES: [string, (a: Code, b: Code, c: Code) => Code, (a: number, b: number, c: number) => number][] = [
  ['f32x4.add', (a, b) => f32x4.add(a, b), (a, b) => bitsOf(f(fl(a) + fl(b)))],
  ['f32x4.sub', (a, b) => f32x4.sub(a, b), (a, b) => bitsOf(f(fl(a) - fl(b)))],
  ['f32x4.mul', (a, b) => f32x4.mul(a, b), (a, b) => bitsOf(f(fl(a) * fl(b)))],
  ['f32x4.div', (a, b) => f32x4.div(a, b), (a, b) => bitsOf(f(fl(a) / fl(b)))],
  ['f32x4.pmin', (a, b) => f32x4.pmin(a, b), (a, b) => (fl(b) < fl(a) ? b : a)],
  ['f32x4.pmax', (a, b) => f32x4.pmax(a, b), (a, b) => (fl(a) < fl(b) ? b : a)],
  ['f32x4.abs', (a) => f32x4.abs(a), (a) => a & 0x7fffffff],
  ['f32x4.neg', (a) => f32x4.neg(a), (a) => a ^ (0x80000000 | 0)],
  ['f32x4.floor', (a) => f32x4.floor(a), (a) => bitsOf(Math.floor(fl(a)))],
  ['f32x4.eq', (a, b) => f32x4.eq(a, b), (a, b) => mask(fl(a) === fl(b))],
  ['f32x4.lt', (a, b) => f32x4.lt(a, b), (a, b) => mask(fl(a) < fl(b))],
  ['f32x4.ge', (a, b) => f32x4.ge(a, b), (a, b) => mask(fl(a) >= fl(b))],
];

const INT_CASES: [string, (a: Code, b: Code, c: Code) => Code, (a: number, b: number, c: number) => number][] = [
  ['v128.and', (a, b) => v128.and(a, b), (a, b) => a & b],
  ['v128.andnot', (a, b) => v128.andnot(a, b), (a, b) => a & ~b],
  ['v128.or', (a, b) => v128.or(a, b), (a, b) => a | b],
  ['v128.xor', (a, b) => v128.xor(a, b), (a, b) => a ^ b],
  ['v128.bitselect', (a, b, c) => v128.bitselect(a, b, c), (a, b, c) => (a & c) | (b & ~c)],
  ['i32x4.add', (a, b) => i32x4.add(a, b), (a, b) => (a + b) | 0],
  ['i32x4.sub', (a, b) => i32x4.sub(a, b), (a, b) => (a - b) | 0],
  ['i32x4.shl 23', (a) => i32x4.shl(a, i32.const(23)), (a) => a << 23],
  ['i32x4.shr_s 23', (a) => i32x4.shrS(a, i32.const(23)), (a) => a >> 23],
  ['f32x4.convert_i32x4_s', (a) => f32x4.convertI32x4S(a), (a) => bitsOf(f(a))],
];

describe('SIMD instructions against their JavaScript meaning', { skip: wasmSimdAvailable() ? false : 'no WebAssembly SIMD here' }, () => {
  for (const [name, op, lane] of FLOAT_CASES) {
    it(name, () => {
      const run = vectorOp(op);
      fc.assert(
        fc.property(lanes(floatLane), lanes(floatLane), lanes(intLane), (a, b, c) => {
          const got = run(a, b, c);
          got.forEach((g, i) => {
            const want = lane(a[i], b[i], c[i]);
            // NaN results: any NaN will do (its payload is not specified)
            if (Number.isNaN(fl(want)) && Number.isNaN(fl(g))) return;
            assert.equal(g, want, `lane ${i}: ${fl(a[i])}, ${fl(b[i])} gave ${fl(g)}, expected ${fl(want)}`);
          });
        }),
        { numRuns: 300 },
      );
    });
  }
  for (const [name, op, lane] of INT_CASES) {
    it(name, () => {
      const run = vectorOp(op);
      fc.assert(
        fc.property(lanes(intLane), lanes(intLane), lanes(intLane), (a, b, c) => {
          assert.deepEqual(run(a, b, c), a.map((_, i) => lane(a[i], b[i], c[i])));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('i32x4.trunc_sat_f32x4_s saturates and truncates', () => {
    const run = vectorOp((a) => i32x4.truncSatF32x4S(a));
    const xs = [2.7, -2.7, 3e9, -3e9].map(bitsOf);
    assert.deepEqual(run(xs, xs, xs), [2, -2, 0x7fffffff, -0x80000000]);
  });

  it('i32x4.bitmask, v128.any_true, load32_splat, f32x4.splat, constants from the pool', () => {
    const fr = frame({}, {});
    const pool = constantPool(1024, 64);
    const at = (k: number): Code => v128.load(i32.const(0), 16 * k);
    const fns = [
      defineFunction('bitmask', fr, [i32t], i32x4.bitmask(at(0))),
      defineFunction('anyTrue', fr, [i32t], v128.anyTrue(at(0))),
      defineFunction('splat', fr, [], [v128.store(i32.const(0), v128.load32Splat(i32.const(4)), 16), v128.store(i32.const(0), f32x4.splat(f32x4Lane0()), 32)]),
      defineFunction('pool', fr, [], [v128.store(i32.const(0), pool.f32(1.5), 48), v128.store(i32.const(0), pool.i32(-7), 64), v128.store(i32.const(0), pool.f32(1.5), 80)]),
    ];
    const mem = new WebAssembly.Memory({ initial: 1 });
    const x = new WebAssembly.Instance(new WebAssembly.Module(assembleModule(fns, 1, [pool.segment()])), { env: { memory: mem } }).exports as Record<string, () => number>;
    const ints = new Int32Array(mem.buffer);
    ints.set([-1, 5, 0, -9]);
    assert.equal(x.bitmask(), 0b1001);
    assert.equal(x.anyTrue(), 1);
    ints.set([0, 0, 0, 0]);
    assert.equal(x.anyTrue(), 0);
    ints.set([11, 42, 0, 0]);
    x.splat();
    assert.deepEqual(Array.from(ints.slice(4, 8)), [42, 42, 42, 42]);
    assert.deepEqual(Array.from(ints.slice(8, 12)), [11, 11, 11, 11]);
    x.pool();
    assert.deepEqual(Array.from(new Float32Array(mem.buffer, 48, 4)), [1.5, 1.5, 1.5, 1.5]);
    assert.deepEqual(Array.from(ints.slice(16, 20)), [-7, -7, -7, -7]);
    assert.equal(pool.segment().bytes.length, 32, 'equal constants share one entry');
  });

  it('loops, branches, locals and bulk memory', () => {
    // sum of 1..n with whileLoop, an if, memory.fill and memory.copy
    const fr = frame({ n: i32t }, { i: i32t, s: i32t });
    const get = local.get;
    const tri = defineFunction('tri', fr, [i32t], [
      whileLoop(i32.ltU(get(fr.i), get(fr.n)), local.set(fr.i, i32.add(get(fr.i), i32.const(1))), local.set(fr.s, i32.add(get(fr.s), get(fr.i)))),
      if_(i32.eq(get(fr.n), i32.const(7)), local.set(fr.s, i32.xor(get(fr.s), i32.const(-1)))),
      get(fr.s),
    ]);
    const bulk = defineFunction('bulk', frame({}, {}), [], [memory.fill(i32.const(100), i32.const(0xab), i32.const(8)), memory.copy(i32.const(200), i32.const(100), i32.const(4))]);
    const mem = new WebAssembly.Memory({ initial: 1 });
    const x = new WebAssembly.Instance(new WebAssembly.Module(assembleModule([tri, bulk], 1)), { env: { memory: mem } }).exports as Record<string, (n?: number) => number>;
    assert.equal(x.tri(0), 0);
    assert.equal(x.tri(10), 55);
    assert.equal(x.tri(7), ~28);
    x.bulk();
    const bytes = new Uint8Array(mem.buffer);
    assert.deepEqual(Array.from(bytes.slice(100, 109)), [0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0]);
    assert.deepEqual(Array.from(bytes.slice(200, 205)), [0xab, 0xab, 0xab, 0xab, 0]);
  });
});

/** an f32 operand for f32x4.splat: the float whose bits are at address 0 */
function f32x4Lane0(): Code {
  return [i32.const(0), 0x2a, 2, 0]; // f32.load align=4 offset=0
}
