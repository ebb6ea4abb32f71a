import { TannerGraph } from '../../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord } from '../output.js';
import type { SumProductParams } from '../sum-product.js';
import { assembleModule, Code, ConstantPool, constantPool, defineFunction, f32x4, frame, i32, i32t, if_, local, memory, v128, v128t } from './emit.js';
import { allocator, cachedModule, checkSweep, floodingDecoder, floodingMemory, instantiate, pagesFor, perVector, sweepLocals, syndromeFunction } from './flooding.js';
import { phiLocals, phiRegisters, phiSimdInterleaved } from './phi-simd.js';

/**
 * Sum-product as a WebAssembly SIMD kernel: the sign / magnitude form of
 * ../sum-product.ts (read it first), the same float32 operations in the same
 * order, four frames per f32x4 vector (the layout of flooding.ts). Per
 * check, pass 1 stores mu and its term phi(|mu|) and accumulates the
 * largest term and the sum of the others; pass 2 gives each edge phi of the
 * sum over the other edges, signed, and adds it into the next totals. phi
 * (phi-simd.ts) is about 60 vector instructions and runs twice per edge,
 * which is most of the cost.
 */

/** Vectors of four frames per edge: their phi chains are interleaved (phi-simd.ts); 2 measured best (docs/benchmarks.md). */
export const SUM_PRODUCT_VECTORS = 2;

const SIGN_BIT = 0x80000000 | 0;
/** room for the vector constants (phi's coefficients and a few more) */
const POOL_BYTES = 1024;

export const sumProductSimdDecoder = (
  graph: TannerGraph,
  p: SumProductParams,
  V: number = SUM_PRODUCT_VECTORS,
): ((llr: Float32Array, frames: number, earlyStop: boolean, out: DecodeOutput, record?: DecodeRecord) => void) => {
  const alloc = allocator();
  const poolAt = alloc.take(POOL_BYTES);
  const mem = floodingMemory(graph, V, alloc);
  const termAt = alloc.take(graph.edges * 16 * V); // phi(|mu|) per edge [E][L]
  const bytes = alloc.end;
  const clip = p.clip === null ? null : Math.fround(p.clip);
  const key = JSON.stringify(['sum-product', V, clip]);
  const mod = cachedModule(graph, key, () => {
    const pool = constantPool(poolAt, POOL_BYTES);
    const functions = [iterate(graph, mem, termAt, clip, pool), syndromeFunction(graph, mem)];
    return assembleModule(functions, pagesFor(bytes), [pool.segment()]);
  });
  const { exports, heap } = instantiate<{ iterate(base: number, next: number): void; syndrome(soft: number): number }>(graph, mod, mem, bytes);
  const width = 4 * V;
  const reset = (): number => {
    heap.copyWithin(mem.total[0] / 4, mem.llr / 4, mem.llr / 4 + graph.n * width);
    return mem.total[0];
  };
  const step = (_t: number, cur: number): number => {
    exports.iterate(mem.total[cur], mem.total[1 - cur]);
    return mem.total[1 - cur];
  };
  return floodingDecoder(graph, mem, heap, p.iterations, (soft) => exports.syndrome(soft), reset, step);
};

/** iterate(base, next): one iteration; next is initialised to l and receives l + sum of the new messages. */
const iterate = (graph: TannerGraph, mem: ReturnType<typeof floodingMemory>, termAt: number, clip: number | null, pool: ConstantPool) => {
  const V = mem.vectors;
  const perLane = (prefix: string): Record<string, typeof v128t> => Object.fromEntries(Array.from({ length: V }, (_, j) => [`${prefix}${j}`, v128t]));
  const lanes = Array.from({ length: V }, (_, j) => j);
  const phiScratch: Record<string, typeof v128t> = Object.assign({}, ...lanes.map((j) => phiLocals(String(j))));
  const fr = frame(
    { base: i32t, next: i32t },
    {
      ...sweepLocals,
      x: v128t,
      zero: v128t,
      sign: v128t,
      ...phiScratch,
      ...perLane('q'),
      ...perLane('top'),
      ...perLane('rest'),
      ...perLane('sum'),
      ...perLane('par'),
    },
  );
  const L = fr as unknown as Record<string, number>;
  const get = local.get;
  const q = (j: number): number => L[`q${j}`];
  /** phi of local q_j into q_j for every vector j, interleaved */
  const phiAll = phiSimdInterleaved(lanes.map((j) => ({ input: q(j), out: q(j), registers: phiRegisters(L, String(j)) })), pool);
  const clipped = (x: Code): Code => (clip === null ? x : f32x4.pmax(f32x4.pmin(x, pool.f32(clip)), pool.f32(-clip)));
  const pass1 = [
    perVector(V, (j) => [
      local.set(fr.x, clipped(f32x4.sub(v128.load(get(fr.vp), 16 * j), v128.load(get(fr.ep), mem.c2v + 16 * j)))),
      v128.store(get(fr.ep), get(fr.x), mem.mu + 16 * j),
      local.set(L[`par${j}`], v128.xor(get(L[`par${j}`]), f32x4.lt(get(fr.x), get(fr.zero)))),
      local.set(q(j), f32x4.abs(get(fr.x))),
    ]),
    phiAll,
    perVector(V, (j) => [
      v128.store(get(fr.ep), get(q(j)), termAt + 16 * j),
      local.set(L[`rest${j}`], f32x4.add(get(L[`rest${j}`]), f32x4.pmin(get(L[`top${j}`]), get(q(j))))),
      local.set(L[`top${j}`], f32x4.pmax(get(L[`top${j}`]), get(q(j)))),
    ]),
  ];
  const middle = [
    perVector(V, (j) => local.set(L[`sum${j}`], f32x4.add(get(L[`rest${j}`]), get(L[`top${j}`])))),
    // degree-1 check (one edge: end - start = 4 bytes): phi(inf) = 0
    if_(
      i32.eq(i32.sub(get(fr.end), get(fr.start)), i32.const(4)),
      perVector(V, (j) => local.set(L[`rest${j}`], pool.f32(Infinity))),
    ),
  ];
  const pass2 = [
    perVector(V, (j) => [
      local.set(fr.x, v128.load(get(fr.ep), termAt + 16 * j)),
      // the sum over the other edges: the rest for the largest term, else sum - term
      local.set(q(j), v128.bitselect(get(L[`rest${j}`]), f32x4.sub(get(L[`sum${j}`]), get(fr.x)), f32x4.eq(get(fr.x), get(L[`top${j}`])))),
    ]),
    phiAll,
    perVector(V, (j) => [
      local.set(fr.x, v128.load(get(fr.ep), mem.mu + 16 * j)),
      local.set(q(j), v128.xor(clipped(get(q(j))), v128.and(v128.xor(f32x4.lt(get(fr.x), get(fr.zero)), get(L[`par${j}`])), get(fr.sign)))),
      v128.store(get(fr.ep), get(q(j)), mem.c2v + 16 * j),
      v128.store(get(fr.vp), f32x4.add(v128.load(get(fr.vp), 16 * j), get(q(j))), 16 * j),
    ]),
  ];
  const body: Code = [
    local.set(fr.zero, v128.constI32(0)),
    local.set(fr.sign, v128.constI32(SIGN_BIT)),
    memory.copy(get(fr.next), i32.const(mem.llr), i32.const(graph.n * 16 * V)),
    checkSweep(fr, graph, mem, {
      begin: perVector(V, (j) => [local.set(L[`top${j}`], get(fr.zero)), local.set(L[`rest${j}`], get(fr.zero)), local.set(L[`par${j}`], get(fr.zero))]),
      variables1: fr.base,
      pass1,
      middle,
      variables2: fr.next,
      pass2,
    }),
  ];
  return defineFunction('iterate', fr, [], body);
};
