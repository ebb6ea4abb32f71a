import {
  PrimName,
  absSlope,
  gatherColsKernel,
  segmentSumColsKernel,
  sigmoidValue,
  sumOthersKernel,
} from './primitives.js';
import { TapeNode } from './tape.js';
import { Buf } from './tensor.js';

/**
 * A vector-Jacobian product: given the cotangent `g` of the node's output
 * (same shape as the output), return the cotangent of each input (same shape
 * as that input), or null for an input that needs none. A rule may return `g`
 * itself (it is never written to) and must not write into any buffer but the
 * ones it allocates with `alloc`.
 */
export type VjpRule = (g: Buf, node: TapeNode, alloc: (length: number) => Buf) => ReadonlyArray<Buf | null>;

/**
 * Marks a primitive whose gradient is zero on purpose (piecewise constant:
 * sign, extrinsic sign product). Its output is a constant for the tape: it is
 * never recorded and no gradient flows through it. This is an explicit entry,
 * so forgetting a rule is a compile error, not a silent zero.
 */
export const nonDifferentiable = Object.freeze({ nonDifferentiable: true as const });

/** A table entry: a rule, or the explicit zero-gradient marker. */
export type VjpEntry = VjpRule | typeof nonDifferentiable;

// ---------------------------------------------------------------------------
// Helpers

/** Sum the rows of g ([rows, cols]) into [1, cols]: the adjoint of row broadcasting. */
const sumRows = (g: Buf, rows: number, cols: number, alloc: (n: number) => Buf): Buf => {
  const out = alloc(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += g[o + c];
  }
  return out;
};

/** Bring an output-shaped cotangent to the shape of an input that may have been broadcast over rows. */
const unbroadcast = (g: Buf, node: TapeNode, inputRows: number, alloc: (n: number) => Buf): Buf =>
  inputRows === node.output.rows ? g : sumRows(g, node.output.rows, node.output.cols, alloc);

/** Elementwise rule g * f'(x, y) for unary primitives (x the input, y the output). */
const unaryRule =
  (slope: (x: number, y: number, node: TapeNode) => number): VjpRule =>
  (g, node, alloc) => {
    const x = node.inputs[0].data;
    const y = node.output.data;
    const gx = alloc(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * slope(x[i], y[i], node);
    return [gx];
  };

/** g * b with b broadcast over rows if it has one row. */
const mulBroadcast = (g: Buf, rows: number, cols: number, b: Buf, bRows: number, alloc: (n: number) => Buf): Buf => {
  const out = alloc(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const bo = bRows === 1 ? 0 : o;
    for (let c = 0; c < cols; c++) out[o + c] = g[o + c] * b[bo + c];
  }
  return out;
};

// ---------------------------------------------------------------------------
// The table: one rule per primitive. `satisfies` makes a missing entry a compile error.

export const vjpRules = {
  add: (g, node, alloc) => {
    const [a, b] = node.inputs;
    return [a.requiresGrad ? unbroadcast(g, node, a.rows, alloc) : null, b.requiresGrad ? unbroadcast(g, node, b.rows, alloc) : null];
  },
  sub: (g, node, alloc) => {
    const [a, b] = node.inputs;
    let gb: Buf | null = null;
    if (b.requiresGrad) {
      const neg = alloc(g.length);
      for (let i = 0; i < g.length; i++) neg[i] = -g[i];
      gb = unbroadcast(neg, node, b.rows, alloc);
    }
    return [a.requiresGrad ? unbroadcast(g, node, a.rows, alloc) : null, gb];
  },
  mul: (g, node, alloc) => {
    const [a, b] = node.inputs;
    const { rows, cols } = node.output;
    const ga = a.requiresGrad ? unbroadcast(mulBroadcast(g, rows, cols, b.data, b.rows, alloc), node, a.rows, alloc) : null;
    const gb = b.requiresGrad ? unbroadcast(mulBroadcast(g, rows, cols, a.data, a.rows, alloc), node, b.rows, alloc) : null;
    return [ga, gb];
  },
  // scale is linear: its transpose is itself.
  scale: (g, node, alloc) => {
    const s = node.attrs.s!;
    const gx = alloc(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = s * g[i];
    return [gx];
  },
  neg: (g, _node, alloc) => {
    const gx = alloc(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = -g[i];
    return [gx];
  },
  abs: unaryRule((x) => absSlope(x)),
  sign: nonDifferentiable,
  // relu'(0) = 0
  relu: unaryRule((x) => (x > 0 ? 1 : 0)),
  softplus: unaryRule((x) => sigmoidValue(x)),
  sigmoid: unaryRule((_x, y) => y * (1 - y)),
  tanh: unaryRule((_x, y) => 1 - y * y),
  log: unaryRule((x) => 1 / x),
  exp: unaryRule((_x, y) => y),
  // d|x|^p/dx = p |x|^(p-1) sgn(x); 0 at x = 0 (for every p, including p < 1 where it is unbounded)
  powAbs: unaryRule((x, _y, node) => (x === 0 ? 0 : node.attrs.p! * Math.pow(Math.abs(x), node.attrs.p! - 1) * absSlope(x))),
  // 1 on the closed interval lo <= x <= hi (the output equals x there), 0 strictly outside
  clip: unaryRule((x, _y, node) => (x >= node.attrs.lo! && x <= node.attrs.hi! ? 1 : 0)),

  // gather and segment sum are each other's transpose (JAX style).
  gatherCols: (g, node, alloc) => {
    const x = node.inputs[0];
    const gx = alloc(x.rows * x.cols);
    segmentSumColsKernel(g, x.rows, node.attrs.index!, x.cols, gx);
    return [gx];
  },
  segmentSumCols: (g, node, alloc) => {
    const x = node.inputs[0];
    const gx = alloc(x.rows * x.cols);
    gatherColsKernel(g, x.rows, node.attrs.numSeg!, node.attrs.index!, gx);
    return [gx];
  },
  // sumOthers = S^T S - I (S the segment indicator) is symmetric: self-adjoint.
  sumOthers: (g, node, alloc) => {
    const x = node.inputs[0];
    const gx = alloc(x.rows * x.cols);
    sumOthersKernel(g, x.rows, node.attrs.index!, node.attrs.numSeg!, gx);
    return [gx];
  },
  // y_e = |x_src(e)| with src(e) the edge that attained the extrinsic minimum
  // (argMin2 for the argmin edge itself, argMin1 for every other edge):
  // the cotangent goes to src(e), times d|x|/dx there.
  extrinsicMinAbs: (g, node, alloc) => {
    const x = node.inputs[0];
    const { rows, cols } = x;
    const segStart = node.attrs.segStart!;
    const [argMin1, argMin2] = node.saved!;
    const m = segStart.length - 1;
    const gx = alloc(rows * cols);
    const xd = x.data;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < m; c++) {
        const i1 = argMin1[r * m + c];
        if (i1 < 0) continue; // segment of size 1 (or 0): constant output 0
        const i2 = argMin2[r * m + c];
        let toMin1 = 0;
        for (let e = segStart[c]; e < segStart[c + 1]; e++) if (e !== i1) toMin1 += g[o + e];
        gx[o + i1] += toMin1 * absSlope(xd[o + i1]);
        gx[o + i2] += g[o + i1] * absSlope(xd[o + i2]);
      }
    }
    return [gx];
  },
  extrinsicSignProd: nonDifferentiable,

  sum: (g, node, alloc) => {
    const gx = alloc(node.inputs[0].data.length);
    gx.fill(g[0]);
    return [gx];
  },
  mean: (g, node, alloc) => {
    const n = node.inputs[0].data.length;
    const gx = alloc(n);
    gx.fill(g[0] / n);
    return [gx];
  },
  // d/dx_c (sum |x|^p)^(1/p) = sgn(x_c) (|x_c| / y)^(p-1); 0 where x_c = 0 or y = 0
  rowLpNorm: (g, node, alloc) => {
    const x = node.inputs[0];
    const { rows, cols } = x;
    const p = node.attrs.p!;
    const y = node.output.data;
    const gx = alloc(rows * cols);
    for (let r = 0; r < rows; r++) {
      if (y[r] === 0) continue;
      const o = r * cols;
      const gr = g[r];
      const inv = 1 / y[r];
      for (let c = 0; c < cols; c++) {
        const v = x.data[o + c];
        if (v === 0) continue;
        const slope = p === 1 ? absSlope(v) : p === 2 ? v * inv : absSlope(v) * Math.pow(Math.abs(v) * inv, p - 1);
        gx[o + c] = gr * slope;
      }
    }
    return [gx];
  },
  // d/dx_c (1/C) sum |x|^p = (p / C) |x_c|^(p-1) sgn(x_c); 0 at x_c = 0
  rowMeanPowAbs: (g, node, alloc) => {
    const x = node.inputs[0];
    const { rows, cols } = x;
    const p = node.attrs.p!;
    const gx = alloc(rows * cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const gr = (g[r] * p) / cols;
      for (let c = 0; c < cols; c++) {
        const v = x.data[o + c];
        if (v === 0) continue;
        gx[o + c] = gr * (p === 1 ? absSlope(v) : p === 2 ? v : Math.pow(Math.abs(v), p - 1) * absSlope(v));
      }
    }
    return [gx];
  },
  // d/dz [softplus(z) - t z] = sigmoid(z) - t   (no gradient to the constant target)
  bceWithLogits: (g, node, alloc) => {
    const z = node.inputs[0].data;
    const t = node.attrs.target!;
    const gz = alloc(g.length);
    for (let i = 0; i < g.length; i++) gz[i] = g[i] * (sigmoidValue(z[i]) - t[i]);
    return [gz];
  },
} satisfies Record<PrimName, VjpEntry>;

/** The rule of a primitive, looked up by name; throws (never returns a silent zero) if there is none. */
export const vjpRuleOf = (prim: string): VjpEntry => {
  // Own properties only: 'toString' and friends are not rules.
  const entry = Object.hasOwn(vjpRules, prim) ? (vjpRules as Record<string, VjpEntry>)[prim] : undefined;
  if (entry === undefined) {
    throw new Error(`autodiff: no VJP rule for primitive '${prim}'; add it to vjpRules in src/autodiff/vjp.ts`);
  }
  return entry;
};
