import { TannerGraph } from '../../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord, recordsIteration } from '../output.js';
import { Code, defineFunction, f32x4, frame, FunctionDef, i32, i32t, i32x4, local, v128, v128t, whileLoop } from './emit.js';
import { laneBlocks } from './lanes.js';

/**
 * What the SIMD kernels share: the memory map of the flooding schedule, the
 * loop over checks and edges, the syndrome test, and the JavaScript driver
 * that runs blocks of frames through an iteration function.
 *
 * Memory (byte addresses, every buffer 16-aligned): per-variable buffers
 * [n][L] and per-edge buffers [E][L] of L = 4 V float32 lanes (lanes.ts),
 * then two graph tables: the byte offset of each edge's variable lane group
 * (v * 16 V) and 4 * (end edge) of each check. Addresses are constants in
 * the emitted code (memarg offsets), so a load costs no address arithmetic
 * beyond the edge's own offset.
 */
export interface FloodingMemory {
  readonly vectors: number;
  /** channel LLRs of the block [n][L] */
  readonly llr: number;
  /** two running totals [n][L], swapped each iteration */
  readonly total: readonly [number, number];
  /** check-to-variable and variable-to-check messages [E][L] */
  readonly c2v: number;
  readonly mu: number;
  readonly varOffset: number;
  readonly checkEnd: number;
}

/** Bump allocator of 16-aligned buffers. */
export const allocator = (): { take(bytes: number): number; readonly end: number } => {
  let at = 0;
  return {
    take(bytes) {
      const a = at;
      at += Math.ceil(bytes / 16) * 16;
      return a;
    },
    get end() {
      return at;
    },
  };
};

/** The shared buffers; kernels take their own extra ones from the same allocator afterwards. */
export const floodingMemory = (graph: TannerGraph, V: number, alloc: ReturnType<typeof allocator>): FloodingMemory => {
  const group = 16 * V;
  return {
    vectors: V,
    llr: alloc.take(graph.n * group),
    total: [alloc.take(graph.n * group), alloc.take(graph.n * group)],
    c2v: alloc.take(graph.edges * group),
    mu: alloc.take(graph.edges * group),
    varOffset: alloc.take(4 * graph.edges),
    checkEnd: alloc.take(4 * graph.m),
  };
};

export const pagesFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / 65536));

/** Locals every check sweep uses (merge into a kernel's frame). */
export const sweepLocals = {
  ip: i32t, // 4 * edge index
  cp: i32t, // 4 * check index
  start: i32t,
  end: i32t,
  ep: i32t, // byte offset of the edge's lane group in the [E][L] buffers
  vp: i32t, // address of the edge's variable lane group
} as const;

interface SweepFrame {
  readonly ip: number;
  readonly cp: number;
  readonly start: number;
  readonly end: number;
  readonly ep: number;
  readonly vp: number;
}

/**
 * for each check: `begin`; pass 1 over its edges (`pass1`); `middle`; pass 2
 * over the same edges (`pass2`). In each pass `vp` = `variables1/2` + the
 * edge's variable offset and `ep` = the edge's lane-group offset.
 */
export const checkSweep = (
  fr: SweepFrame,
  graph: TannerGraph,
  mem: FloodingMemory,
  parts: { begin: Code; variables1: number; pass1: Code; middle: Code; variables2: number; pass2: Code },
): Code => {
  const get = local.get;
  const shift = Math.log2(4 * mem.vectors); // ep = ip << shift = edge * 16 V
  const edge = (variables: number, body: Code): Code =>
    whileLoop(
      i32.ltU(get(fr.ip), get(fr.end)),
      local.set(fr.vp, i32.add(get(variables), i32.load(get(fr.ip), mem.varOffset))),
      local.set(fr.ep, i32.shl(get(fr.ip), i32.const(shift))),
      body,
      local.set(fr.ip, i32.add(get(fr.ip), i32.const(4))),
    );
  return whileLoop(
    i32.ltU(get(fr.cp), i32.const(4 * graph.m)),
    local.set(fr.end, i32.load(get(fr.cp), mem.checkEnd)),
    local.set(fr.start, get(fr.ip)),
    parts.begin,
    edge(parts.variables1, parts.pass1),
    parts.middle,
    local.set(fr.ip, get(fr.start)),
    edge(parts.variables2, parts.pass2),
    local.set(fr.cp, i32.add(get(fr.cp), i32.const(4))),
  );
};

/** Code for each of the V vectors of a lane group (j = 0..V-1, byte offset 16 j). */
export const perVector = (V: number, body: (j: number) => Code): Code => Array.from({ length: V }, (_, j) => body(j));

/** syndrome(soft) -> bit w set iff lane w's hard decisions (s < 0) satisfy every check. */
export const syndromeFunction = (graph: TannerGraph, mem: FloodingMemory): FunctionDef => {
  const V = mem.vectors;
  const lanes = Array.from({ length: V }, (_, j) => j);
  const fr = frame(
    { soft: i32t },
    { ip: i32t, cp: i32t, end: i32t, vp: i32t, zero: v128t, ...Object.fromEntries(lanes.flatMap((j) => [[`par${j}`, v128t], [`bad${j}`, v128t]])) },
  );
  const L = fr as unknown as Record<string, number>;
  const get = local.get;
  const badBits = lanes.map((j) => i32.shl(i32x4.bitmask(get(L[`bad${j}`])), i32.const(4 * j))).reduce((a, b) => i32.or(a, b));
  return defineFunction('syndrome', fr, [i32t], [
    local.set(fr.zero, v128.constI32(0)),
    lanes.map((j) => local.set(L[`bad${j}`], get(fr.zero))),
    whileLoop(
      i32.ltU(get(fr.cp), i32.const(4 * graph.m)),
      local.set(fr.end, i32.load(get(fr.cp), mem.checkEnd)),
      lanes.map((j) => local.set(L[`par${j}`], get(fr.zero))),
      whileLoop(
        i32.ltU(get(fr.ip), get(fr.end)),
        local.set(fr.vp, i32.add(get(fr.soft), i32.load(get(fr.ip), mem.varOffset))),
        lanes.map((j) => local.set(L[`par${j}`], v128.xor(get(L[`par${j}`]), f32x4.lt(v128.load(get(fr.vp), 16 * j), get(fr.zero))))),
        local.set(fr.ip, i32.add(get(fr.ip), i32.const(4))),
      ),
      lanes.map((j) => local.set(L[`bad${j}`], v128.or(get(L[`bad${j}`]), get(L[`par${j}`])))),
      local.set(fr.cp, i32.add(get(fr.cp), i32.const(4))),
    ),
    i32.xor(badBits, i32.const(2 ** (4 * V) - 1)),
  ]);
};

/** Compiled modules by graph and key (the graph's sizes and the kernel's constants are in the code). */
const moduleCache = new WeakMap<TannerGraph, Map<string, WebAssembly.Module>>();

export const cachedModule = (graph: TannerGraph, key: string, build: () => Uint8Array<ArrayBuffer>): WebAssembly.Module => {
  let byKey = moduleCache.get(graph);
  if (!byKey) moduleCache.set(graph, (byKey = new Map()));
  let mod = byKey.get(key);
  if (!mod) byKey.set(key, (mod = new WebAssembly.Module(build())));
  return mod;
};

/** Create the memory and instance, and write the graph tables. */
export const instantiate = <X>(graph: TannerGraph, mod: WebAssembly.Module, mem: FloodingMemory, bytes: number): { exports: X; heap: Float32Array } => {
  const memory = new WebAssembly.Memory({ initial: pagesFor(bytes) });
  const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as X;
  const heap = new Float32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  for (let e = 0; e < graph.edges; e++) ints[mem.varOffset / 4 + e] = graph.varOfE[e] * 16 * mem.vectors;
  for (let c = 0; c < graph.m; c++) ints[mem.checkEnd / 4 + c] = 4 * graph.checkStartC[c + 1];
  return { exports, heap };
};

/**
 * Run one iteration for the current block: `cur` is the index (0 or 1) of
 * the total holding the previous soft output; returns the address of the new
 * soft output [n][L] (the new total, or a separate buffer).
 */
export type IterationStep = (t: number, cur: number) => number;

/**
 * The JavaScript side of a SIMD decode: blocks of L frames are loaded,
 * iterated, recorded and written out. Early stop is per frame: after each
 * iteration the syndrome of the block is computed in WebAssembly; converged
 * lanes have their output written (frozen at that iteration) and are no
 * longer recorded; the block ends when no lane is live.
 */
export const floodingDecoder = (
  graph: TannerGraph,
  mem: FloodingMemory,
  heap: Float32Array,
  iterations: number,
  syndrome: (soft: number) => number,
  reset: () => number,
  step: IterationStep,
): ((llr: Float32Array, frames: number, earlyStop: boolean, out: DecodeOutput, record?: DecodeRecord) => void) => {
  const { n, edges: E } = graph;
  const blocks = laneBlocks(heap, n, 4 * mem.vectors);
  return (llr, frames, earlyStop, out, record) => {
    for (let b0 = 0; b0 < frames; b0 += blocks.width) {
      const lanes = Math.min(blocks.width, frames - b0);
      blocks.load(llr, b0, lanes, mem.llr);
      heap.fill(0, mem.c2v / 4, mem.c2v / 4 + E * blocks.width);
      let soft = reset();
      let cur = 0;
      let live = 2 ** lanes - 1;
      for (let t = 0; t < iterations && live !== 0; t++) {
        soft = step(t, cur);
        cur = 1 - cur;
        if (record) {
          if (recordsIteration(record.c2v, t)) blocks.store(mem.c2v, E, live, b0, record.c2v![t]);
          if (recordsIteration(record.v2c, t)) blocks.store(mem.mu, E, live, b0, record.v2c![t]);
          if (recordsIteration(record.soft, t)) blocks.store(soft, n, live, b0, record.soft![t]);
        }
        if (earlyStop) {
          const converged = syndrome(soft) & live;
          if (converged !== 0) {
            blocks.output(soft, converged, b0, t + 1, out);
            live &= ~converged;
          }
        }
      }
      blocks.output(soft, live, b0, iterations, out);
    }
  };
};
