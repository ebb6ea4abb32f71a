/**
 * A small WebAssembly binary emitter: just what the decoding kernels need
 * (one imported memory, functions, exports; i32 / f32 scalars; the 0xFD SIMD
 * ops on f32x4 / i32x4 / v128). No toolchain and no binary blob: the kernels
 * are TypeScript that writes their module at run time, specialised to the
 * graph (buffer addresses become instruction constants) and the options.
 *
 * Code is written as expressions. WebAssembly is a stack machine, so an
 * instruction's bytes follow those of its operands: `f32x4.sub(a, b)` is
 * [a, b, 0xFD, 0xE5]. Expressions are nested arrays (`Code`), flattened once
 * when the module is assembled, so they compose without copying.
 *
 * Reference: the WebAssembly core specification 2.0, binary format
 * (section 5) and the fixed-width SIMD proposal's opcode table.
 */

/** Bytes of code, possibly nested; see {@link flatten}. */
export type Code = number | readonly Code[];

/** Append the bytes of `c` to `out` in order. */
export const flatten = (c: Code, out: number[] = []): number[] => {
  if (typeof c === 'number') out.push(c);
  else for (const x of c) flatten(x, out);
  return out;
};

/** Unsigned LEB128 (sizes, indices, offsets). */
export const u32 = (n: number): number[] => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32: ${n} is not an unsigned 32-bit integer`);
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};

/** Signed LEB128 (i32.const immediates). */
export const s32 = (n: number): number[] => {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`s32: ${n} is not a signed 32-bit integer`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7; // arithmetic shift keeps the sign
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
};

/** Little-endian bytes of a float32. */
const f32Bytes = (x: number): number[] => Array.from(new Uint8Array(Float32Array.of(x).buffer));

/** A length-prefixed UTF-8 name. */
const name = (s: string): number[] => {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...u32(bytes.length), ...bytes];
};

/** A length-prefixed vector of already-encoded items. */
const vec = (items: readonly Code[]): Code => [u32(items.length), items];

// ---------------------------------------------------------------- types

export const i32t = 0x7f;
export const f32t = 0x7d;
export const v128t = 0x7b;
export type ValType = typeof i32t | typeof f32t | typeof v128t;

// ---------------------------------------------------------------- locals and control

export const local = {
  get: (i: number): Code => [0x20, u32(i)],
  set: (i: number, value: Code): Code => [value, 0x21, u32(i)],
};

/** The block type "no result". */
const EMPTY = 0x40;
const END = 0x0b;

/** A block: `br depth` inside it jumps to its end. */
export const block = (...body: Code[]): Code => [0x02, EMPTY, body, END];
/** A loop: `br depth` inside it jumps back to its start. */
export const loop = (...body: Code[]): Code => [0x03, EMPTY, body, END];
export const br = (depth: number): Code => [0x0c, u32(depth)];
export const brIf = (depth: number, condition: Code): Code => [condition, 0x0d, u32(depth)];
export const if_ = (condition: Code, ...then: Code[]): Code => [condition, 0x04, EMPTY, then, END];
export const return_ = (value: Code = []): Code => [value, 0x0f];

/**
 * `while (condition) body` written as `if (condition) do body while (condition)`:
 * the loop's back edge is one conditional branch at its bottom, the form
 * V8 compiles best. `body` must not branch out by depth (it is nested two deep).
 */
export const whileLoop = (condition: Code, ...body: Code[]): Code => if_(condition, loop(body, brIf(0, condition)));

// ---------------------------------------------------------------- scalars

/** memarg: alignment exponent and constant byte offset (added to the address operand). */
const memarg = (alignLog2: number, offset: number): Code => [u32(alignLog2), u32(offset)];

export const i32 = {
  const: (n: number): Code => [0x41, s32(n | 0)],
  load: (addr: Code, offset = 0): Code => [addr, 0x28, memarg(2, offset)],
  eq: (a: Code, b: Code): Code => [a, b, 0x46],
  ltU: (a: Code, b: Code): Code => [a, b, 0x49],
  add: (a: Code, b: Code): Code => [a, b, 0x6a],
  sub: (a: Code, b: Code): Code => [a, b, 0x6b],
  or: (a: Code, b: Code): Code => [a, b, 0x72],
  xor: (a: Code, b: Code): Code => [a, b, 0x73],
  shl: (a: Code, b: Code): Code => [a, b, 0x74],
};

export const f32 = {
  const: (x: number): Code => [0x43, f32Bytes(x)],
};

/** memory.copy / memory.fill (bulk memory, prefix 0xFC), memory index 0. */
export const memory = {
  copy: (dst: Code, src: Code, bytes: Code): Code => [dst, src, bytes, 0xfc, u32(10), 0x00, 0x00],
  fill: (dst: Code, byte: Code, bytes: Code): Code => [dst, byte, bytes, 0xfc, u32(11), 0x00],
};

// ---------------------------------------------------------------- SIMD (prefix 0xFD)

const simd = (op: number, ...operands: Code[]): Code => [operands, 0xfd, u32(op)];

export const v128 = {
  /** 16-byte load / store; the alignment hint 2^4 is a promise the kernels keep (every lane group is 16-aligned) */
  load: (addr: Code, offset = 0): Code => [addr, 0xfd, u32(0x00), memarg(4, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [addr, value, 0xfd, u32(0x0b), memarg(4, offset)],
  /** load one 32-bit value into all four lanes (a per-edge weight for four frames) */
  load32Splat: (addr: Code, offset = 0): Code => [addr, 0xfd, u32(0x09), memarg(2, offset)],
  /** a constant vector of four i32 lanes */
  constI32: (a: number, b = a, c = a, d = a): Code => [0xfd, u32(0x0c), Array.from(new Uint8Array(Int32Array.of(a, b, c, d).buffer))],
  /** a constant vector of four f32 lanes */
  constF32: (a: number, b = a, c = a, d = a): Code => [0xfd, u32(0x0c), Array.from(new Uint8Array(Float32Array.of(a, b, c, d).buffer))],
  and: (a: Code, b: Code): Code => simd(0x4e, a, b),
  /** a & ~b */
  andnot: (a: Code, b: Code): Code => simd(0x4f, a, b),
  or: (a: Code, b: Code): Code => simd(0x50, a, b),
  xor: (a: Code, b: Code): Code => simd(0x51, a, b),
  /** bits of `ifSet` where `mask` is 1, of `ifClear` where it is 0 */
  bitselect: (ifSet: Code, ifClear: Code, mask: Code): Code => simd(0x52, ifSet, ifClear, mask),
  anyTrue: (a: Code): Code => simd(0x53, a),
};

export const f32x4 = {
  splat: (x: Code): Code => simd(0x13, x),
  /** comparisons give a lane mask: all ones where true */
  eq: (a: Code, b: Code): Code => simd(0x41, a, b),
  lt: (a: Code, b: Code): Code => simd(0x43, a, b),
  ge: (a: Code, b: Code): Code => simd(0x46, a, b),
  floor: (a: Code): Code => simd(0x68, a),
  abs: (a: Code): Code => simd(0xe0, a),
  neg: (a: Code): Code => simd(0xe1, a),
  add: (a: Code, b: Code): Code => simd(0xe4, a, b),
  sub: (a: Code, b: Code): Code => simd(0xe5, a, b),
  mul: (a: Code, b: Code): Code => simd(0xe6, a, b),
  div: (a: Code, b: Code): Code => simd(0xe7, a, b),
  /**
   * pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a, lane-wise: the
   * "pseudo" min / max, exactly a JavaScript conditional (one x86 minps /
   * maxps), unlike f32x4.min / max whose NaN and -0 rules cost extra instructions.
   */
  pmin: (a: Code, b: Code): Code => simd(0xea, a, b),
  pmax: (a: Code, b: Code): Code => simd(0xeb, a, b),
  convertI32x4S: (a: Code): Code => simd(0xfa, a),
};

export const i32x4 = {
  /** one bit per lane: bit i = the top bit of lane i */
  bitmask: (a: Code): Code => simd(0xa4, a),
  shl: (a: Code, bits: Code): Code => simd(0xab, a, bits),
  shrS: (a: Code, bits: Code): Code => simd(0xac, a, bits),
  add: (a: Code, b: Code): Code => simd(0xae, a, b),
  sub: (a: Code, b: Code): Code => simd(0xb1, a, b),
  truncSatF32x4S: (a: Code): Code => simd(0xf8, a),
};

// ---------------------------------------------------------------- functions and modules

/** A function: parameters and locals are numbered in that order (params first). */
export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: Code;
}

/**
 * Name the parameters and locals of a function once, get their indices:
 *
 *   const f = frame({ base: i32t }, { x: v128t });
 *   local.get(f.x)  ...  defineFunction('name', f, [], body)
 */
export const frame = <P extends Record<string, ValType>, L extends Record<string, ValType>>(
  params: P,
  locals: L,
): { readonly [K in keyof P | keyof L]: number } & { readonly paramTypes: ValType[]; readonly localTypes: ValType[] } => {
  const index: Record<string, number> = {};
  let i = 0;
  for (const k of Object.keys(params)) index[k] = i++;
  for (const k of Object.keys(locals)) index[k] = i++;
  return Object.assign(index, { paramTypes: Object.values(params), localTypes: Object.values(locals) }) as never;
};

export const defineFunction = (
  fnName: string,
  f: { readonly paramTypes: ValType[]; readonly localTypes: ValType[] },
  results: readonly ValType[],
  body: Code,
): FunctionDef => ({ name: fnName, params: f.paramTypes, results, locals: f.localTypes, body });

const section = (id: number, content: Code): Code => {
  const bytes = flatten(content);
  return [id, u32(bytes.length), bytes];
};

/** Bytes the module writes into memory at instantiation (an active data segment). */
export interface DataSegment {
  readonly offset: number;
  readonly bytes: readonly number[];
}

/**
 * Assemble a module that imports its memory as `env.memory` (at least
 * `minPages` pages of 64 KiB; the caller creates it, so it can size it
 * and read results through typed-array views), exports every function by
 * its name, and initialises the given data segments.
 */
export const assembleModule = (functions: readonly FunctionDef[], minPages: number, data: readonly DataSegment[] = []): Uint8Array<ArrayBuffer> => {
  const types = functions.map((f) => [0x60, vec(f.params.map((t) => t)), vec(f.results.map((t) => t))]);
  const memoryImport = [name('env'), name('memory'), 0x02, 0x00, u32(minPages)];
  const bodies = functions.map((f) => {
    // locals are declared as runs of equal types
    const runs: Code[] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([u32(j - i), f.locals[i]]);
      i = j;
    }
    const body = flatten([vec(runs), f.body, END]);
    return [u32(body.length), body];
  });
  const bytes = flatten([
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    section(1, vec(types)),
    section(2, vec([memoryImport])),
    section(3, vec(functions.map((_, i) => u32(i)))),
    section(7, vec(functions.map((f, i) => [name(f.name), 0x00, u32(i)]))),
    section(10, vec(bodies)),
    data.length ? section(11, vec(data.map((d) => [0x00, i32.const(d.offset), END, vec(d.bytes as number[])]))) : [],
  ]);
  return new Uint8Array(bytes);
};

/**
 * Vector constants kept in memory instead of in the code: `v128.const` is
 * 18 bytes at every use, a load from the pool 6 or 7, and x86 folds such a
 * load into the instruction that uses it (as V8 does with its own constant
 * pool). Keeps the kernels under the 4 KiB a browser's main thread may
 * compile synchronously. The pool occupies `capacity` bytes at `base`;
 * `segment()` is the data segment that fills it.
 */
export const constantPool = (base: number, capacity: number) => {
  const offsets = new Map<string, number>();
  const bytes: number[] = [];
  const entry = (lanes: Uint8Array): Code => {
    const key = lanes.join(',');
    let at = offsets.get(key);
    if (at === undefined) {
      at = bytes.length;
      if (at + 16 > capacity) throw new RangeError(`constant pool: more than ${capacity / 16} constants`);
      offsets.set(key, at);
      bytes.push(...lanes);
    }
    return v128.load(i32.const(0), base + at);
  };
  return {
    /** four equal float32 lanes */
    f32: (x: number): Code => entry(new Uint8Array(Float32Array.of(x, x, x, x).buffer)),
    /** four equal int32 lanes */
    i32: (x: number): Code => entry(new Uint8Array(Int32Array.of(x, x, x, x).buffer)),
    segment: (): DataSegment => ({ offset: base, bytes }),
  };
};

export type ConstantPool = ReturnType<typeof constantPool>;

/**
 * True iff this runtime compiles WebAssembly with fixed-width SIMD: a tiny
 * module whose one function uses v128 must validate. False where
 * WebAssembly is missing or too old; the kernels then fall back to JavaScript.
 */
export const simdSupported = (): boolean => {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  const f = frame({}, {});
  const probe = assembleModule([defineFunction('probe', f, [i32t], v128.anyTrue(f32x4.splat(f32.const(1))))], 0);
  try {
    return WebAssembly.validate(probe);
  } catch {
    return false;
  }
};
