import { PrimAttrs, PrimName } from './primitives.js';
import { Tape } from './tape.js';
import { Buf, DType, Tensor, allocBuf, asBuf, makeTensor } from './tensor.js';
import { nonDifferentiable, PRIMITIVES } from './table.js';

export { backward } from './backward.js';

/** The elementwise primitives with kernel (x, out) and those with kernel (a, aRows, b, bRows, rows, cols, out). */
type UnaryPrim = 'neg' | 'abs' | 'sign' | 'relu' | 'softplus' | 'sigmoid' | 'tanh' | 'log' | 'exp';
type BinaryPrim = 'add' | 'sub' | 'mul';
export type { Gradients, Tape, TapeNode } from './tape.js';

/**
 * The operations a model is written with. The same code runs recording a tape
 * (training) or not (teacher, evaluation): only `makeOps` differs.
 * Shapes are [rows, cols]; add/sub/mul broadcast an operand with one row.
 */
export interface Ops {
  readonly dtype: DType;
  /** true iff this Ops records a tape */
  readonly recording: boolean;
  /** A leaf that receives a gradient (data converted to the Ops dtype if needed, else used as is). */
  param(data: Buf | ArrayLike<number>, rows: number, cols: number): Tensor;
  /** A leaf without gradient (data converted to the Ops dtype if needed, else used as is). */
  constant(data: Buf | ArrayLike<number>, rows: number, cols: number): Tensor;
  /** a + b */
  add(a: Tensor, b: Tensor): Tensor;
  /** a - b */
  sub(a: Tensor, b: Tensor): Tensor;
  /** a * b (elementwise) */
  mul(a: Tensor, b: Tensor): Tensor;
  /** s x */
  scale(x: Tensor, s: number): Tensor;
  /** -x */
  neg(x: Tensor): Tensor;
  /** |x| (gradient sgn(x), 0 at 0) */
  abs(x: Tensor): Tensor;
  /** sgn(x) with sgn(0) = +1; no gradient */
  sign(x: Tensor): Tensor;
  /** max(x, 0) (gradient 0 at 0) */
  relu(x: Tensor): Tensor;
  /** log(1 + e^x), stable */
  softplus(x: Tensor): Tensor;
  /** 1 / (1 + e^-x) */
  sigmoid(x: Tensor): Tensor;
  tanh(x: Tensor): Tensor;
  log(x: Tensor): Tensor;
  exp(x: Tensor): Tensor;
  /** |x|^p (gradient p |x|^(p-1) sgn(x), 0 at x = 0) */
  powAbs(x: Tensor, p: number): Tensor;
  /** min(max(x, lo), hi) (gradient 1 on lo <= x <= hi, 0 outside) */
  clip(x: Tensor, lo: number, hi: number): Tensor;
  /** [R, C] -> [R, K]: out[r, k] = x[r, idx[k]] */
  gatherCols(x: Tensor, idx: Int32Array): Tensor;
  /** [R, K] -> [R, numSeg]: out[r, s] = sum_{k: seg[k] = s} x[r, k] */
  segmentSumCols(x: Tensor, seg: Int32Array, numSeg: number): Tensor;
  /** [R, K] -> [R, K]: out[r, k] = sum over the other members of k's segment */
  sumOthers(x: Tensor, seg: Int32Array, numSeg: number): Tensor;
  /** [R, E] -> [R, E]: min |x| over the other edges of the contiguous segment (0 for a segment of size 1) */
  extrinsicMinAbs(x: Tensor, segStart: Int32Array): Tensor;
  /** [R, E] -> [R, E]: product of sgn(x) over the other edges of the contiguous segment; no gradient */
  extrinsicSignProd(x: Tensor, segStart: Int32Array): Tensor;
  /** -> [1, 1] */
  sum(x: Tensor): Tensor;
  /** -> [1, 1] */
  mean(x: Tensor): Tensor;
  /** [R, C] -> [R, 1]: (sum_c |x|^p)^(1/p) */
  rowLpNorm(x: Tensor, p: number): Tensor;
  /** [R, C] -> [R, 1]: (1/C) sum_c |x|^p */
  rowMeanPowAbs(x: Tensor, p: number): Tensor;
  /** [R, C] -> [R, C]: softplus(z) - t z, the BCE of sigmoid(z) against the constant target t */
  bceWithLogits(logits: Tensor, target: Buf | ArrayLike<number>): Tensor;

  // Fused primitives (docs/autodiff.md "Fused primitives"): one pass for a
  // composition of the ones above, with the same values and gradients.

  /**
   * [R, E] -> [R, E]: the neural min-sum check-node update
   * w * extrinsicSignProd(x) * relu(extrinsicMinAbs(x) - beta) over contiguous
   * segments; weight / offset [1, E] or [R, E], null for w = 1 / beta = 0
   * (then no relu: the magnitude is the extrinsic minimum itself).
   */
  minSumCheck(x: Tensor, segStart: Int32Array, weight: Tensor | null, offset: Tensor | null): Tensor;
  /** [R, K] -> [R, K]: channel + sumOthers(x, seg, numSeg), the min-sum variable-node update (channel [1, K] or [R, K]) */
  variableUpdate(channel: Tensor, x: Tensor, seg: Int32Array, numSeg: number): Tensor;
  /** [R, C] -> [R, 1]: (sum_c |x - t|^p)^(1/p) = rowLpNorm(x - t, p) for a constant t of the shape of x */
  rowLpDistance(x: Tensor, target: Buf | ArrayLike<number>, p: number): Tensor;
  /** [R, C] -> [R, 1]: (1/C) sum_c |x - t|^p = rowMeanPowAbs(x - t, p) for a constant t of the shape of x */
  rowMeanPowDistance(x: Tensor, target: Buf | ArrayLike<number>, p: number): Tensor;
}

/** Options of makeOps: the element type, and whether a tape is recorded. */
export interface OpsOptions {
  readonly dtype: DType;
  readonly record: boolean;
}

/** Output rows of a broadcasting binary op; throws on incompatible shapes. */
const broadcastRows = (name: string, a: Tensor, b: Tensor): number => {
  if (a.cols !== b.cols || (a.rows !== b.rows && a.rows !== 1 && b.rows !== 1)) {
    throw new RangeError(`${name}: shapes [${a.rows}, ${a.cols}] and [${b.rows}, ${b.cols}] do not broadcast (only a 1-row operand is repeated)`);
  }
  return Math.max(a.rows, b.rows);
};

/** Throws unless `t` is [1, cols] or [rows, cols] (an operand repeated over rows or given per row). */
const checkRowOperand = (name: string, what: string, t: Tensor, rows: number, cols: number): void => {
  if (t.cols !== cols || (t.rows !== 1 && t.rows !== rows)) {
    throw new RangeError(`${name}: ${what} is [${t.rows}, ${t.cols}], expected [1, ${cols}] or [${rows}, ${cols}]`);
  }
};

const checkIndex = (name: string, idx: Int32Array, bound: number): void => {
  for (let k = 0; k < idx.length; k++) {
    if (idx[k] < 0 || idx[k] >= bound) throw new RangeError(`${name}: index ${idx[k]} at position ${k} is outside 0..${bound - 1}`);
  }
};

const checkSegStart = (name: string, segStart: Int32Array, cols: number): void => {
  if (segStart.length < 1 || segStart[0] !== 0 || segStart[segStart.length - 1] !== cols) {
    throw new RangeError(`${name}: segStart must run from 0 to the number of columns ${cols}`);
  }
  for (let c = 0; c + 1 < segStart.length; c++) {
    if (segStart[c + 1] < segStart[c]) throw new RangeError(`${name}: segStart decreases at segment ${c}`);
  }
};

/**
 * Build an Ops of the given dtype. With `record: true` it also returns the
 * tape that every differentiable operation on a param-dependent tensor is
 * appended to; with `record: false` (no-grad mode) the tape is null and the
 * same kernels run without recording anything.
 *
 * @example
 * ```ts
 * import { makeOps } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops, tape } = makeOps({ dtype: 'float32', record: false }); // no-grad mode
 * assert.equal(tape, null);
 * assert.deepEqual(Array.from(ops.relu(ops.constant([-1, 2], 1, 2)).data), [0, 2]);
 * const rec = makeOps({ dtype: 'float64', record: true });
 * rec.ops.mean(rec.ops.abs(rec.ops.param([1, -3], 1, 2)));
 * assert.deepEqual(rec.tape!.nodes.map((n) => n.prim), ['abs', 'mean']);
 * ```
 */
export const makeOps = (options: OpsOptions): { ops: Ops; tape: Tape | null } => {
  const { dtype, record } = options;
  const tape: Tape | null = record ? { dtype, nodes: [], params: [] } : null;
  const alloc = (length: number): Buf => allocBuf(dtype, length);

  /** Wrap a freshly computed output and record its node if a gradient can flow. */
  const emit = (
    prim: PrimName,
    inputs: Tensor[],
    rows: number,
    cols: number,
    data: Buf,
    attrs: PrimAttrs = {},
    saved: Int32Array[] | null = null,
  ): Tensor => {
    let requiresGrad = false;
    if (tape !== null && PRIMITIVES[prim].vjp !== nonDifferentiable) {
      for (const t of inputs) if (t.requiresGrad) requiresGrad = true;
    }
    const out = makeTensor(rows, cols, data, requiresGrad);
    if (requiresGrad) tape!.nodes.push({ prim, inputs, output: out, attrs, saved });
    return out;
  };

  const distanceTarget = (name: string, x: Tensor, target: Buf | ArrayLike<number>): Buf => {
    const t = asBuf(dtype, target);
    if (t.length !== x.data.length) throw new RangeError(`${name}: ${t.length} target values for x of shape [${x.rows}, ${x.cols}]`);
    return t;
  };

  const unary = (prim: UnaryPrim, x: Tensor): Tensor => {
    const out = alloc(x.data.length);
    PRIMITIVES[prim].forward(x.data, out);
    return emit(prim, [x], x.rows, x.cols, out);
  };

  const binary = (prim: BinaryPrim, a: Tensor, b: Tensor): Tensor => {
    const rows = broadcastRows(prim, a, b);
    const out = alloc(rows * a.cols);
    PRIMITIVES[prim].forward(a.data, a.rows, b.data, b.rows, rows, a.cols, out);
    return emit(prim, [a, b], rows, a.cols, out);
  };

  const ops: Ops = {
    dtype,
    recording: record,
    param: (data, rows, cols) => {
      const t = makeTensor(rows, cols, asBuf(dtype, data), record);
      if (tape !== null) tape.params.push(t);
      return t;
    },
    constant: (data, rows, cols) => makeTensor(rows, cols, asBuf(dtype, data), false),
    add: (a, b) => binary('add', a, b),
    sub: (a, b) => binary('sub', a, b),
    mul: (a, b) => binary('mul', a, b),
    scale: (x, s) => {
      const out = alloc(x.data.length);
      PRIMITIVES.scale.forward(x.data, s, out);
      return emit('scale', [x], x.rows, x.cols, out, { s });
    },
    neg: (x) => unary('neg', x),
    abs: (x) => unary('abs', x),
    sign: (x) => unary('sign', x),
    relu: (x) => unary('relu', x),
    softplus: (x) => unary('softplus', x),
    sigmoid: (x) => unary('sigmoid', x),
    tanh: (x) => unary('tanh', x),
    log: (x) => unary('log', x),
    exp: (x) => unary('exp', x),
    powAbs: (x, p) => {
      const out = alloc(x.data.length);
      PRIMITIVES.powAbs.forward(x.data, p, out);
      return emit('powAbs', [x], x.rows, x.cols, out, { p });
    },
    clip: (x, lo, hi) => {
      if (!(lo <= hi)) throw new RangeError(`clip: lo = ${lo} must not exceed hi = ${hi}`);
      const out = alloc(x.data.length);
      PRIMITIVES.clip.forward(x.data, lo, hi, out);
      return emit('clip', [x], x.rows, x.cols, out, { lo, hi });
    },
    gatherCols: (x, idx) => {
      checkIndex('gatherCols', idx, x.cols);
      const out = alloc(x.rows * idx.length);
      PRIMITIVES.gatherCols.forward(x.data, x.rows, x.cols, idx, out);
      return emit('gatherCols', [x], x.rows, idx.length, out, { index: idx, numSeg: x.cols });
    },
    segmentSumCols: (x, seg, numSeg) => {
      if (seg.length !== x.cols) throw new RangeError(`segmentSumCols: ${seg.length} segment ids for ${x.cols} columns`);
      checkIndex('segmentSumCols', seg, numSeg);
      const out = alloc(x.rows * numSeg);
      PRIMITIVES.segmentSumCols.forward(x.data, x.rows, seg, numSeg, out);
      return emit('segmentSumCols', [x], x.rows, numSeg, out, { index: seg, numSeg });
    },
    sumOthers: (x, seg, numSeg) => {
      if (seg.length !== x.cols) throw new RangeError(`sumOthers: ${seg.length} segment ids for ${x.cols} columns`);
      checkIndex('sumOthers', seg, numSeg);
      const out = alloc(x.data.length);
      PRIMITIVES.sumOthers.forward(x.data, x.rows, seg, numSeg, out);
      return emit('sumOthers', [x], x.rows, x.cols, out, { index: seg, numSeg });
    },
    extrinsicMinAbs: (x, segStart) => {
      checkSegStart('extrinsicMinAbs', segStart, x.cols);
      const m = segStart.length - 1;
      const out = alloc(x.data.length);
      const argMin1 = new Int32Array(x.rows * m);
      const argMin2 = new Int32Array(x.rows * m);
      PRIMITIVES.extrinsicMinAbs.forward(x.data, x.rows, x.cols, segStart, out, argMin1, argMin2);
      return emit('extrinsicMinAbs', [x], x.rows, x.cols, out, { segStart }, [argMin1, argMin2]);
    },
    extrinsicSignProd: (x, segStart) => {
      checkSegStart('extrinsicSignProd', segStart, x.cols);
      const out = alloc(x.data.length);
      PRIMITIVES.extrinsicSignProd.forward(x.data, x.rows, x.cols, segStart, out);
      return emit('extrinsicSignProd', [x], x.rows, x.cols, out, { segStart });
    },
    sum: (x) => {
      const out = alloc(1);
      PRIMITIVES.sum.forward(x.data, out);
      return emit('sum', [x], 1, 1, out);
    },
    mean: (x) => {
      const out = alloc(1);
      PRIMITIVES.mean.forward(x.data, out);
      return emit('mean', [x], 1, 1, out);
    },
    rowLpNorm: (x, p) => {
      if (!(p > 0)) throw new RangeError(`rowLpNorm: p = ${p} must be positive`);
      const out = alloc(x.rows);
      PRIMITIVES.rowLpNorm.forward(x.data, x.rows, x.cols, p, out);
      return emit('rowLpNorm', [x], x.rows, 1, out, { p });
    },
    rowMeanPowAbs: (x, p) => {
      if (!(p > 0)) throw new RangeError(`rowMeanPowAbs: p = ${p} must be positive`);
      const out = alloc(x.rows);
      PRIMITIVES.rowMeanPowAbs.forward(x.data, x.rows, x.cols, p, out);
      return emit('rowMeanPowAbs', [x], x.rows, 1, out, { p });
    },
    bceWithLogits: (logits, target) => {
      const t = asBuf(dtype, target);
      if (t.length !== logits.data.length) {
        throw new RangeError(`bceWithLogits: ${t.length} targets for logits of shape [${logits.rows}, ${logits.cols}]`);
      }
      const out = alloc(logits.data.length);
      PRIMITIVES.bceWithLogits.forward(logits.data, t, out);
      return emit('bceWithLogits', [logits], logits.rows, logits.cols, out, { target: t });
    },
    minSumCheck: (x, segStart, weight, offset) => {
      checkSegStart('minSumCheck', segStart, x.cols);
      if (weight !== null) checkRowOperand('minSumCheck', 'the weight', weight, x.rows, x.cols);
      if (offset !== null) checkRowOperand('minSumCheck', 'the offset', offset, x.rows, x.cols);
      const m = segStart.length - 1;
      const out = alloc(x.data.length);
      const argMin1 = new Int32Array(x.rows * m);
      const argMin2 = new Int32Array(x.rows * m);
      const signProd = new Int32Array(x.rows * m);
      PRIMITIVES.minSumCheck.forward(
        x.data,
        x.rows,
        x.cols,
        segStart,
        weight === null ? null : weight.data,
        weight === null ? 1 : weight.rows,
        offset === null ? null : offset.data,
        offset === null ? 1 : offset.rows,
        out,
        argMin1,
        argMin2,
        signProd,
      );
      const inputs = [x];
      if (weight !== null) inputs.push(weight);
      if (offset !== null) inputs.push(offset);
      const attrs = { segStart, hasWeight: weight !== null, hasOffset: offset !== null };
      return emit('minSumCheck', inputs, x.rows, x.cols, out, attrs, [argMin1, argMin2, signProd]);
    },
    variableUpdate: (channel, x, seg, numSeg) => {
      if (seg.length !== x.cols) throw new RangeError(`variableUpdate: ${seg.length} segment ids for ${x.cols} columns`);
      checkIndex('variableUpdate', seg, numSeg);
      checkRowOperand('variableUpdate', 'the channel term', channel, x.rows, x.cols);
      const out = alloc(x.data.length);
      PRIMITIVES.variableUpdate.forward(channel.data, channel.rows, x.data, x.rows, seg, numSeg, out);
      return emit('variableUpdate', [channel, x], x.rows, x.cols, out, { index: seg, numSeg });
    },
    rowLpDistance: (x, target, p) => {
      if (!(p > 0)) throw new RangeError(`rowLpDistance: p = ${p} must be positive`);
      const t = distanceTarget('rowLpDistance', x, target);
      const out = alloc(x.rows);
      PRIMITIVES.rowLpDistance.forward(x.data, t, x.rows, x.cols, p, out);
      return emit('rowLpDistance', [x], x.rows, 1, out, { p, target: t });
    },
    rowMeanPowDistance: (x, target, p) => {
      if (!(p > 0)) throw new RangeError(`rowMeanPowDistance: p = ${p} must be positive`);
      const t = distanceTarget('rowMeanPowDistance', x, target);
      const out = alloc(x.rows);
      PRIMITIVES.rowMeanPowDistance.forward(x.data, t, x.rows, x.cols, p, out);
      return emit('rowMeanPowDistance', [x], x.rows, 1, out, { p, target: t });
    },
  };
  return { ops, tape };
};
