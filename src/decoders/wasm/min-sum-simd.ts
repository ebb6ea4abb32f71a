import { TannerGraph } from '../../codes/tanner-graph.js';
import type { MinSumArithmetic } from '../min-sum.js';
import { DecodeOutput, DecodeRecord } from '../output.js';
import { assembleModule, Code, defineFunction, f32x4, frame, FunctionDef, i32, i32t, local, memory, v128, v128t, whileLoop } from './emit.js';
import {
  allocator,
  cachedModule,
  checkSweep,
  FloodingMemory,
  floodingDecoder,
  floodingMemory,
  instantiate,
  pagesFor,
  perVector,
  sweepLocals,
  syndromeFunction,
} from './flooding.js';

/**
 * The min-sum family as a WebAssembly SIMD kernel: the arithmetic of
 * MinSumArithmetic (float32, the same operations in the same order as the
 * JavaScript reference decodeMinSumReference, so the results are
 * bit-identical), four frames per f32x4 vector.
 *
 * Layout (lanes.ts, flooding.ts): a block of L = 4 V frames is decoded
 * together; a per-edge quantity of edge e lives at [e][L], a per-variable
 * one at [v][L]. Why frames and not edges in the vector lanes: every lane
 * then runs the same instruction on its own frame, so the check rule needs
 * no horizontal operation (min1, min2 and the sign parity of a check are
 * per-lane running values) and no gather (the V vectors of a variable are
 * contiguous, found with one index load per edge). V > 1 vectors per edge
 * share that index load and the loop overhead and give the CPU independent
 * dependency chains (the running minima) to overlap.
 *
 * Per check, pass 1 over its edges computes mu = base_v - nu (clipped),
 * stores it, and updates min1 <= min2 of |mu| and the parity of mu < 0
 * with branch-free pmin / pmax; pass 2 gives each edge
 * g(|mu| == min1 ? min2 : min1), signed by the parity and its own sign,
 * and adds it into the next variable totals. Signs are applied by XOR of
 * the float sign bit, which is what JavaScript's unary minus does.
 *
 * The module is emitted per graph and option set: buffer addresses,
 * alpha, beta and clip are instruction constants, and only the options in
 * use emit code (no per-edge branch on a flag).
 */

/** Vectors of four frames per edge (L = 4 V frames per block); 2 measured best (docs/benchmarks.md). */
export const MIN_SUM_VECTORS = 2;

/** The kernel's own buffers besides the shared ones. */
interface MinSumMemory extends FloodingMemory {
  /** with channel weights: base_v = wch l_v + sum_v and s_v = l_v + sum_v, [n][L] each */
  readonly base: number;
  readonly soft: number;
  /** per-edge w and b [T][E], channel weights [T][n] (f32) */
  readonly weight: number;
  readonly offset: number;
  readonly channel: number;
  readonly bytes: number;
}

const memoryMap = (graph: TannerGraph, k: MinSumArithmetic, V: number): MinSumMemory => {
  const { n, edges: E } = graph;
  const T = k.iterations;
  const alloc = allocator();
  const shared = floodingMemory(graph, V, alloc);
  const base = k.channel ? alloc.take(n * 16 * V) : -1;
  const soft = k.channel ? alloc.take(n * 16 * V) : -1;
  const weight = k.perEdge ? alloc.take(4 * T * E) : -1;
  const offset = k.perEdge ? alloc.take(4 * T * E) : -1;
  const channel = k.channel ? alloc.take(4 * T * n) : -1;
  return { ...shared, base, soft, weight, offset, channel, bytes: alloc.end };
};

const SIGN_BIT = 0x80000000 | 0;

/**
 * iterate(base, next, w, b): one flooding iteration over every check.
 * base: [n][L] totals mu is computed from; next: [n][L] receives the new
 * totals (initialised here to l, or to 0 with channel weights); w, b: this
 * iteration's per-edge weights and offsets (unused by the scalar rule).
 */
const iterateFunction = (graph: TannerGraph, k: MinSumArithmetic, mem: MinSumMemory): FunctionDef => {
  const V = mem.vectors;
  const perLane = (prefix: string): Record<string, typeof v128t> => Object.fromEntries(Array.from({ length: V }, (_, j) => [`${prefix}${j}`, v128t]));
  const fr = frame(
    { base: i32t, next: i32t, w: i32t, b: i32t },
    {
      ...sweepLocals,
      x: v128t,
      a: v128t,
      eq: v128t,
      y: v128t,
      zero: v128t,
      sign: v128t,
      inf: v128t,
      clip: v128t,
      nclip: v128t,
      wE: v128t,
      bE: v128t,
      ...perLane('min1_'),
      ...perLane('min2_'),
      ...perLane('par_'),
      ...perLane('g1_'),
      ...perLane('g2_'),
    },
  );
  const L = fr as unknown as Record<string, number>;
  const get = local.get;
  const clipping = k.clip !== null;
  const clipped = (x: Code): Code => (clipping ? f32x4.pmax(f32x4.pmin(x, get(fr.clip)), get(fr.nclip)) : x);
  /** g(m) = clip(w * max(0, m - b)) */
  const gain = (mag: Code): Code => clipped(f32x4.mul(get(fr.wE), f32x4.pmax(get(fr.zero), f32x4.sub(mag, get(fr.bE)))));

  const pass1 = (j: number): Code => [
    local.set(fr.x, clipped(f32x4.sub(v128.load(get(fr.vp), 16 * j), v128.load(get(fr.ep), mem.c2v + 16 * j)))),
    v128.store(get(fr.ep), get(fr.x), mem.mu + 16 * j),
    local.set(fr.a, f32x4.abs(get(fr.x))),
    local.set(L[`par_${j}`], v128.xor(get(L[`par_${j}`]), f32x4.lt(get(fr.x), get(fr.zero)))),
    // min2 <- min(min2, max(min1, a)); min1 <- min(min1, a): the reference's branchy update, without branches
    local.set(L[`min2_${j}`], f32x4.pmin(get(L[`min2_${j}`]), f32x4.pmax(get(L[`min1_${j}`]), get(fr.a)))),
    local.set(L[`min1_${j}`], f32x4.pmin(get(L[`min1_${j}`]), get(fr.a))),
  ];
  const finishCheck = (j: number): Code => {
    const min2 = L[`min2_${j}`];
    const parSign = v128.and(get(L[`par_${j}`]), get(fr.sign));
    return [
      // degree-1 check: min2 is still infinite, the edge gets 0
      local.set(min2, v128.bitselect(get(fr.zero), get(min2), f32x4.eq(get(min2), get(fr.inf)))),
      k.perEdge
        ? []
        : [local.set(L[`g1_${j}`], v128.xor(gain(get(L[`min1_${j}`])), parSign)), local.set(L[`g2_${j}`], v128.xor(gain(get(min2)), parSign))],
    ];
  };
  const pass2 = (j: number): Code => {
    const x = get(fr.x);
    const neg = f32x4.lt(x, get(fr.zero));
    const y = k.perEdge
      ? v128.xor(gain(v128.bitselect(get(L[`min2_${j}`]), get(L[`min1_${j}`]), get(fr.eq))), v128.and(v128.xor(neg, get(L[`par_${j}`])), get(fr.sign)))
      : v128.xor(v128.bitselect(get(L[`g2_${j}`]), get(L[`g1_${j}`]), get(fr.eq)), v128.and(neg, get(fr.sign)));
    return [
      local.set(fr.x, v128.load(get(fr.ep), mem.mu + 16 * j)),
      local.set(fr.eq, f32x4.eq(f32x4.abs(x), get(L[`min1_${j}`]))),
      local.set(fr.y, y),
      v128.store(get(fr.ep), get(fr.y), mem.c2v + 16 * j),
      v128.store(get(fr.vp), f32x4.add(v128.load(get(fr.vp), 16 * j), get(fr.y)), 16 * j),
    ];
  };
  const nBytes = graph.n * 16 * V;
  const body: Code = [
    local.set(fr.zero, v128.constI32(0)),
    local.set(fr.sign, v128.constI32(SIGN_BIT)),
    local.set(fr.inf, v128.constF32(Infinity)),
    clipping ? [local.set(fr.clip, v128.constF32(k.clip!)), local.set(fr.nclip, v128.constF32(-k.clip!))] : [],
    // the scalar rule keeps alpha and beta in the per-edge registers, set once
    k.perEdge ? [] : [local.set(fr.wE, v128.constF32(k.alpha)), local.set(fr.bE, v128.constF32(k.beta))],
    k.channel ? memory.fill(get(fr.next), i32.const(0), i32.const(nBytes)) : memory.copy(get(fr.next), i32.const(mem.llr), i32.const(nBytes)),
    checkSweep(fr, graph, mem, {
      begin: perVector(V, (j) => [
        local.set(L[`min1_${j}`], get(fr.inf)),
        local.set(L[`min2_${j}`], get(fr.inf)),
        local.set(L[`par_${j}`], get(fr.zero)),
      ]),
      variables1: fr.base,
      pass1: perVector(V, pass1),
      middle: perVector(V, finishCheck),
      variables2: fr.next,
      pass2: [
        k.perEdge
          ? [local.set(fr.wE, v128.load32Splat(i32.add(get(fr.w), get(fr.ip)))), local.set(fr.bE, v128.load32Splat(i32.add(get(fr.b), get(fr.ip))))]
          : [],
        perVector(V, pass2),
      ],
    }),
  ];
  return defineFunction('iterate', fr, [], body);
};

/**
 * With channel weights, per variable: channelBase(wch, sum) writes
 * base = fround(wch_v l_v) + sum_v; softFromSum(sum) writes s = l + sum.
 */
const channelFunctions = (graph: TannerGraph, mem: MinSumMemory): FunctionDef[] => {
  const V = mem.vectors;
  const get = local.get;
  const shift = Math.log2(4 * V);
  const b = frame({ wch: i32t, sum: i32t }, { p: i32t, q: i32t, w: v128t });
  const channelBase = defineFunction('channelBase', b, [], [
    whileLoop(
      i32.ltU(get(b.p), i32.const(4 * graph.n)),
      local.set(b.w, v128.load32Splat(i32.add(get(b.wch), get(b.p)))),
      local.set(b.q, i32.shl(get(b.p), i32.const(shift))),
      perVector(V, (j) =>
        v128.store(
          get(b.q),
          f32x4.add(f32x4.mul(get(b.w), v128.load(get(b.q), mem.llr + 16 * j)), v128.load(i32.add(get(b.sum), get(b.q)), 16 * j)),
          mem.base + 16 * j,
        ),
      ),
      local.set(b.p, i32.add(get(b.p), i32.const(4))),
    ),
  ]);
  const s = frame({ sum: i32t }, { q: i32t });
  const softFromSum = defineFunction('softFromSum', s, [], [
    whileLoop(
      i32.ltU(get(s.q), i32.const(graph.n * 16 * V)),
      v128.store(get(s.q), f32x4.add(v128.load(get(s.q), mem.llr), v128.load(i32.add(get(s.sum), get(s.q)))), mem.soft),
      local.set(s.q, i32.add(get(s.q), i32.const(16))),
    ),
  ]);
  return [channelBase, softFromSum];
};

interface MinSumExports {
  iterate(base: number, next: number, w: number, b: number): void;
  syndrome(soft: number): number;
  channelBase(wch: number, sum: number): void;
  softFromSum(sum: number): void;
}

/**
 * Bind the SIMD kernel to a graph and parameters: compiles (or reuses) the
 * module, creates its memory and writes the graph tables and learned
 * weights into it once. The returned function decodes like decodeMinSum.
 */
export const minSumSimdDecoder = (
  graph: TannerGraph,
  k: MinSumArithmetic,
  V: number = MIN_SUM_VECTORS,
): ((llr: Float32Array, frames: number, earlyStop: boolean, out: DecodeOutput, record?: DecodeRecord) => void) => {
  const { n, edges: E } = graph;
  const mem = memoryMap(graph, k, V);
  const key = JSON.stringify(['min-sum', V, k.iterations, k.alpha, k.beta, k.clip, k.perEdge !== null, k.channel !== null]);
  const mod = cachedModule(graph, key, () =>
    assembleModule([iterateFunction(graph, k, mem), syndromeFunction(graph, mem), ...(k.channel ? channelFunctions(graph, mem) : [])], pagesFor(mem.bytes)),
  );
  const { exports: fx, heap } = instantiate<MinSumExports>(graph, mod, mem, mem.bytes);
  if (k.perEdge) {
    heap.set(k.perEdge.weight, mem.weight / 4);
    heap.set(k.perEdge.offset, mem.offset / 4);
  }
  if (k.channel) heap.set(k.channel, mem.channel / 4);
  const width = 4 * V;
  const reset = (): number => {
    if (k.channel) {
      heap.fill(0, mem.total[0] / 4, mem.total[0] / 4 + n * width);
      return mem.llr;
    }
    heap.copyWithin(mem.total[0] / 4, mem.llr / 4, mem.llr / 4 + n * width);
    return mem.total[0];
  };
  const step = (t: number, cur: number): number => {
    const w = mem.weight + 4 * t * E;
    const b = mem.offset + 4 * t * E;
    if (!k.channel) {
      fx.iterate(mem.total[cur], mem.total[1 - cur], w, b);
      return mem.total[1 - cur];
    }
    fx.channelBase(mem.channel + 4 * t * n, mem.total[cur]);
    fx.iterate(mem.base, mem.total[1 - cur], w, b);
    fx.softFromSum(mem.total[1 - cur]);
    return mem.soft;
  };
  return floodingDecoder(graph, mem, heap, k.iterations, (soft) => fx.syndrome(soft), reset, step);
};
