import {
  PrimName,
  absKernel,
  absSlope,
  addKernel,
  bceWithLogitsKernel,
  clipKernel,
  expKernel,
  extrinsicMinAbsKernel,
  extrinsicSignProdKernel,
  gatherColsKernel,
  logKernel,
  meanKernel,
  minSumCheckKernel,
  mulKernel,
  negKernel,
  powAbsKernel,
  powAbsSlope,
  reluKernel,
  rowLpDistanceKernel,
  rowLpNormKernel,
  rowMeanPowAbsKernel,
  rowMeanPowDistanceKernel,
  scaleKernel,
  segmentSumColsKernel,
  sigmoidKernel,
  sigmoidValue,
  signKernel,
  softplusKernel,
  subKernel,
  sumKernel,
  sumOthersKernel,
  tanhKernel,
  variableUpdateKernel,
} from './primitives.js';
import { segmentMembers } from './segments.js';
import { TapeNode } from './tape.js';
import { Buf } from './tensor.js';

/**
 * A vector-Jacobian product: given the cotangent `g` of the node's output
 * (same shape as the output), return the cotangent of each input (same shape
 * as that input), or null for an input that needs none. A rule may return `g`
 * itself (it is never written to) and must not write into any buffer but the
 * ones it allocates with `alloc`.
 */
export type VjpRule = (g: Buf, node: TapeNode, alloc: Alloc) => ReadonlyArray<Buf | null>;

/**
 * Buffers for a rule. `alloc(length)` is a fresh zero-filled buffer.
 * `alloc(length, j)` is a buffer for input j's cotangent that the rule may only
 * ADD into (`+=`): the cotangent input j has already accumulated when the
 * backward pass owns it (else a fresh zero one). Returning it tells the
 * backward pass the contribution is already in: this saves a buffer and a
 * pass per fan-out (a c2v message feeds four terms).
 */
export type Alloc = (length: number, accumulateInto?: number) => Buf;

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
const sumRows = (g: Buf, rows: number, cols: number, alloc: Alloc): Buf => {
  const out = alloc(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += g[o + c];
  }
  return out;
};

/** Bring an output-shaped cotangent to the shape of an input that may have been broadcast over rows. */
const unbroadcast = (g: Buf, node: TapeNode, inputRows: number, alloc: Alloc): Buf =>
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

/** Input j's cotangent += g * b, with b broadcast over rows if it has one row. */
const mulBroadcast = (g: Buf, rows: number, cols: number, b: Buf, bRows: number, alloc: Alloc, j: number): Buf => {
  const out = alloc(rows * cols, j);
  if (bRows === rows) {
    for (let i = 0; i < out.length; i++) out[i] += g[i] * b[i];
    return out;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] += g[o + c] * b[c];
  }
  return out;
};

/**
 * The cotangent of a 1-row operand a of a * b: sum_r g[r, c] b[r, c] (b with
 * `bRows` rows), without materialising g * b (the broadcast weight of every
 * min-sum iteration took a [B, E] buffer and a second pass here).
 */
const mulSumRows = (g: Buf, rows: number, cols: number, b: Buf, bRows: number, alloc: Alloc, j: number): Buf => {
  const out = alloc(cols, j);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const bo = bRows === 1 ? 0 : o;
    for (let c = 0; c < cols; c++) out[c] += g[o + c] * b[bo + c];
  }
  return out;
};

/** The cotangent of input j (= a, with aRows rows) of a * b, the output with `rows` rows. */
const mulInputCotangent = (g: Buf, rows: number, cols: number, aRows: number, b: Buf, bRows: number, alloc: Alloc, j: number): Buf =>
  aRows === rows ? mulBroadcast(g, rows, cols, b, bRows, alloc, j) : mulSumRows(g, rows, cols, b, bRows, alloc, j);

/**
 * gx[r, c] += g[r] sgn(d) (|d| / y[r])^(p-1) with d = x[r, c] - t[r, c] (t = 0 when null):
 * the VJP of y[r] = (sum_c |d|^p)^(1/p); 0 where d = 0 or y[r] = 0.
 * One loop per common p and per presence of t, so the hot loops carry no test but the sign.
 */
const rowLpNormCotangent = (g: Buf, x: Buf, t: Buf | null, y: Buf, rows: number, cols: number, p: number, gx: Buf): void => {
  for (let r = 0; r < rows; r++) {
    if (y[r] === 0) continue;
    const o = r * cols;
    const end = o + cols;
    const gr = g[r];
    const inv = 1 / y[r];
    if (p === 1) {
      // branch-free sign (message signs are data-dependent, a branch mispredicts)
      if (t === null) for (let i = o; i < end; i++) gx[i] += gr * (+(x[i] > 0) - +(x[i] < 0));
      else
        for (let i = o; i < end; i++) {
          const d = x[i] - t[i];
          gx[i] += d > 0 ? gr : d < 0 ? -gr : 0;
        }
    } else if (p === 2) {
      if (t === null) for (let i = o; i < end; i++) gx[i] += gr * (x[i] * inv);
      else for (let i = o; i < end; i++) gx[i] += gr * ((x[i] - t[i]) * inv);
    } else {
      for (let i = o; i < end; i++) {
        const d = t === null ? x[i] : x[i] - t[i];
        if (d !== 0) gx[i] += gr * powAbsSlope(d * inv, p);
      }
    }
  }
};

/**
 * gx[r, c] += g[r] (p / C) |d|^(p-1) sgn(d) with d = x[r, c] - t[r, c] (t = 0 when null):
 * the VJP of y[r] = (1/C) sum_c |d|^p; 0 at d = 0.
 */
const rowMeanPowCotangent = (g: Buf, x: Buf, t: Buf | null, rows: number, cols: number, p: number, gx: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const end = o + cols;
    const gr = (g[r] * p) / cols;
    for (let i = o; i < end; i++) {
      const d = t === null ? x[i] : x[i] - t[i];
      if (d === 0) continue;
      gx[i] += gr * powAbsSlope(d, p);
    }
  }
};

/** out[r, k] += g[r, idx[k]]: the VJP of segmentSumCols, added into out (g: [rows, cols]). */
const gatherAddCols = (g: Buf, rows: number, cols: number, idx: Int32Array, out: Buf): void => {
  const k = idx.length;
  for (let r = 0; r < rows; r++) {
    const go = r * cols;
    const oo = r * k;
    for (let j = 0; j < k; j++) out[oo + j] += g[go + idx[j]];
  }
};

/** out += sumOthers(g): the (self-adjoint) VJP of sumOthers, added into out. */
const sumOthersAdd = (g: Buf, rows: number, seg: Int32Array, numSeg: number, out: Buf): void => {
  const k = seg.length;
  const { start, members } = segmentMembers(seg, numSeg);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    for (let s = 0; s < numSeg; s++) {
      const end = start[s + 1];
      let total = 0;
      for (let i = start[s]; i < end; i++) total += g[o + members[i]];
      for (let i = start[s]; i < end; i++) {
        const j = o + members[i];
        out[j] += total - g[j];
      }
    }
  }
};

// ---------------------------------------------------------------------------
// The table: every primitive, its forward kernel (primitives.ts) and its VJP,
// side by side. `satisfies` makes a primitive without an entry, or an entry
// without a kernel or a rule, a compile error.

/**
 * One row of the table. `forward` computes the output from the inputs (each
 * kernel has its own signature; Ops calls it); `vjp` maps the output's
 * cotangent to the inputs' cotangents, or is the explicit `nonDifferentiable`.
 */
export interface PrimitiveEntry {
  readonly forward: (...args: never[]) => void;
  readonly vjp: VjpEntry;
}

/** THE table of the autodiff: Ops runs `forward`, backward runs `vjp`. */
export const PRIMITIVES = {
  add: {
    forward: addKernel,
    vjp: (g, node, alloc) => {
      const [a, b] = node.inputs;
      return [a.requiresGrad ? unbroadcast(g, node, a.rows, alloc) : null, b.requiresGrad ? unbroadcast(g, node, b.rows, alloc) : null];
    },
  },
  sub: {
    forward: subKernel,
    vjp: (g, node, alloc) => {
      const [a, b] = node.inputs;
      let gb: Buf | null = null;
      if (b.requiresGrad) {
        const neg = alloc(g.length);
        for (let i = 0; i < g.length; i++) neg[i] = -g[i];
        gb = unbroadcast(neg, node, b.rows, alloc);
      }
      return [a.requiresGrad ? unbroadcast(g, node, a.rows, alloc) : null, gb];
    },
  },
  mul: {
    forward: mulKernel,
    vjp: (g, node, alloc) => {
      const [a, b] = node.inputs;
      const { rows, cols } = node.output;
      const ga = a.requiresGrad ? mulInputCotangent(g, rows, cols, a.rows, b.data, b.rows, alloc, 0) : null;
      const gb = b.requiresGrad ? mulInputCotangent(g, rows, cols, b.rows, a.data, a.rows, alloc, 1) : null;
      return [ga, gb];
    },
  },
  // scale is linear: its transpose is itself.
  scale: {
    forward: scaleKernel,
    vjp: (g, node, alloc) => {
      const s = node.attrs.s!;
      const gx = alloc(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = s * g[i];
      return [gx];
    },
  },
  neg: {
    forward: negKernel,
    vjp: (g, _node, alloc) => {
      const gx = alloc(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = -g[i];
      return [gx];
    },
  },
  abs: {
    forward: absKernel,
    vjp: unaryRule((x) => absSlope(x)),
  },
  sign: {
    forward: signKernel,
    vjp: nonDifferentiable,
  },
  // relu'(0) = 0
  relu: {
    forward: reluKernel,
    vjp: unaryRule((x) => (x > 0 ? 1 : 0)),
  },
  softplus: {
    forward: softplusKernel,
    vjp: unaryRule((x) => sigmoidValue(x)),
  },
  sigmoid: {
    forward: sigmoidKernel,
    vjp: unaryRule((_x, y) => y * (1 - y)),
  },
  tanh: {
    forward: tanhKernel,
    vjp: unaryRule((_x, y) => 1 - y * y),
  },
  log: {
    forward: logKernel,
    vjp: unaryRule((x) => 1 / x),
  },
  exp: {
    forward: expKernel,
    vjp: unaryRule((_x, y) => y),
  },
  // d|x|^p/dx = p |x|^(p-1) sgn(x); 0 at x = 0 (for every p, including p < 1 where it is unbounded)
  powAbs: {
    forward: powAbsKernel,
    vjp: unaryRule((x, _y, node) => node.attrs.p! * powAbsSlope(x, node.attrs.p!)),
  },
  // 1 on the closed interval lo <= x <= hi (the output equals x there), 0 strictly outside
  clip: {
    forward: clipKernel,
    vjp: unaryRule((x, _y, node) => (x >= node.attrs.lo! && x <= node.attrs.hi! ? 1 : 0)),
  },

  // gather and segment sum are each other's transpose (JAX style).
  gatherCols: {
    forward: gatherColsKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0); // the kernel adds (+=)
      segmentSumColsKernel(g, x.rows, node.attrs.index!, x.cols, gx);
      return [gx];
    },
  },
  segmentSumCols: {
    forward: segmentSumColsKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      gatherAddCols(g, x.rows, node.attrs.numSeg!, node.attrs.index!, gx);
      return [gx];
    },
  },
  // sumOthers = S^T S - I (S the segment indicator) is symmetric: self-adjoint.
  sumOthers: {
    forward: sumOthersKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      sumOthersAdd(g, x.rows, node.attrs.index!, node.attrs.numSeg!, gx);
      return [gx];
    },
  },
  // y_e = |x_src(e)| with src(e) the edge that attained the extrinsic minimum
  // (argMin2 for the argmin edge itself, argMin1 for every other edge):
  // the cotangent goes to src(e), times d|x|/dx there.
  extrinsicMinAbs: {
    forward: extrinsicMinAbsKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const { rows, cols } = x;
      const segStart = node.attrs.segStart!;
      const [argMin1, argMin2] = node.saved!;
      const m = segStart.length - 1;
      const gx = alloc(rows * cols, 0); // only added into
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
  },
  extrinsicSignProd: {
    forward: extrinsicSignProdKernel,
    vjp: nonDifferentiable,
  },

  sum: {
    forward: sumKernel,
    vjp: (g, node, alloc) => {
      const gx = alloc(node.inputs[0].data.length);
      gx.fill(g[0]);
      return [gx];
    },
  },
  mean: {
    forward: meanKernel,
    vjp: (g, node, alloc) => {
      const n = node.inputs[0].data.length;
      const gx = alloc(n);
      gx.fill(g[0] / n);
      return [gx];
    },
  },
  // d/dx_c (sum |x|^p)^(1/p) = sgn(x_c) (|x_c| / y)^(p-1); 0 where x_c = 0 or y = 0
  rowLpNorm: {
    forward: rowLpNormKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      rowLpNormCotangent(g, x.data, null, node.output.data, x.rows, x.cols, node.attrs.p!, gx);
      return [gx];
    },
  },
  // d/dx_c (1/C) sum |x|^p = (p / C) |x_c|^(p-1) sgn(x_c); 0 at x_c = 0
  rowMeanPowAbs: {
    forward: rowMeanPowAbsKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      rowMeanPowCotangent(g, x.data, null, x.rows, x.cols, node.attrs.p!, gx);
      return [gx];
    },
  },
  // d/dz [softplus(z) - t z] = sigmoid(z) - t   (no gradient to the constant target)
  // Shortcut without exp where sigmoid(z) is exactly 1 in float64 (z >= 38: e^-z < 2^-54), and in
  // float32 where it is below 2^-150 (z <= -104) against a target 0 or >= 1e-10 (the product then
  // rounds as if sigmoid were 0; |g| <= 1 as for every loss here, else the full formula).
  bceWithLogits: {
    forward: bceWithLogitsKernel,
    vjp: (g, node, alloc) => {
      const z = node.inputs[0].data;
      const t = node.attrs.target!;
      const gz = alloc(g.length);
      const f32 = gz instanceof Float32Array;
      for (let i = 0; i < g.length; i++) {
        const v = z[i];
        const ti = t[i];
        let s: number;
        if (v >= 38) s = 1;
        else if (f32 && v <= -104 && (ti === 0 || ti >= 1e-10) && Math.abs(g[i]) <= 1) s = 0;
        else s = sigmoidValue(v);
        gz[i] = g[i] * (s - ti);
      }
      return [gz];
    },
  },

  // Fused primitives: each rule is the chain rule through the composition its
  // kernel fuses (primitives.ts), in one pass; values identical to the unfused
  // rules in float64 (spec/autodiff/fused.spec.ts).

  // c2v_e = w_e s_e relu(m_e - beta_e), s_e the extrinsic sign (a constant: piecewise constant),
  // m_e = |x_src(e)| the extrinsic minimum (src: argMin2 for the argmin edge, argMin1 otherwise).
  // Where the relu is active (m_e > beta_e; always without an offset):
  //   d/dw_e = g s_e (m_e - beta_e),  d/dbeta_e = -g w_e s_e,  d/dx_src(e) += g w_e s_e sgn(x_src(e)).
  // relu'(0) = 0 and d|x|/dx = 0 at 0, as for the unfused primitives.
  minSumCheck: {
    forward: minSumCheckKernel,
    vjp: (g, node, alloc) => {
      const { hasWeight, hasOffset, segStart } = node.attrs;
      const xT = node.inputs[0];
      const wT = hasWeight ? node.inputs[1] : null;
      const betaT = hasOffset ? node.inputs[node.inputs.length - 1] : null;
      const { rows, cols } = xT;
      const x = xT.data;
      const w = wT === null ? null : wT.data;
      const beta = betaT === null ? null : betaT.data;
      const wRows = wT === null ? 1 : wT.rows;
      const betaRows = betaT === null ? 1 : betaT.rows;
      // all three are only added into (+= / -=)
      const gx = xT.requiresGrad ? alloc(rows * cols, 0) : null;
      const gw = wT !== null && wT.requiresGrad ? alloc(wT.rows * cols, 1) : null;
      const gBeta = betaT !== null && betaT.requiresGrad ? alloc(betaT.rows * cols, node.inputs.length - 1) : null;
      const [argMin1, argMin2, signProd] = node.saved!;
      const m = segStart!.length - 1;
      for (let r = 0; r < rows; r++) {
        const xo = r * cols;
        const wo = wRows === 1 ? 0 : xo;
        const bo = betaRows === 1 ? 0 : xo;
        for (let c = 0; c < m; c++) {
          const s = xo + segStart![c];
          const end = xo + segStart![c + 1];
          const i1 = argMin1[r * m + c]; // column ids; -1: a segment of size 1 (minimum 0, sign +1, nothing flows to x)
          const at1 = i1 < 0 ? -1 : xo + i1;
          const at2 = i1 < 0 ? -1 : xo + argMin2[r * m + c];
          const prod = signProd[r * m + c];
          const min1 = at1 < 0 ? 0 : Math.abs(x[at1]);
          const min2 = at1 < 0 ? 0 : Math.abs(x[at2]);
          let toMin1 = 0;
          let toMin2 = 0;
          if (beta === null && w !== null) {
            // the common case (weights, no offset): the relu is absent, every edge is active
            for (let e = s; e < end; e++) {
              const gs = x[e] < 0 ? -g[e] * prod : g[e] * prod;
              const min = e === at1 ? min2 : min1;
              if (gw !== null) gw[e - xo + wo] += gs * min;
              const gMin = gs * w[e - xo + wo];
              if (e === at1) toMin2 += gMin;
              else toMin1 += gMin;
            }
          } else {
            for (let e = s; e < end; e++) {
              const pre = (e === at1 ? min2 : min1) - (beta === null ? 0 : beta[e - xo + bo]);
              if (beta !== null && !(pre > 0)) continue; // relu inactive
              const gs = x[e] < 0 ? -g[e] * prod : g[e] * prod;
              if (gw !== null) gw[e - xo + wo] += gs * pre;
              const gMin = w === null ? gs : gs * w[e - xo + wo];
              if (gBeta !== null) gBeta[e - xo + bo] -= gMin;
              if (e === at1) toMin2 += gMin;
              else toMin1 += gMin;
            }
          }
          if (gx !== null && at1 >= 0) {
            gx[at1] += toMin1 * absSlope(x[at1]);
            gx[at2] += toMin2 * absSlope(x[at2]);
          }
        }
      }
      const grads: Array<Buf | null> = [gx];
      if (wT !== null) grads.push(gw);
      if (betaT !== null) grads.push(gBeta);
      return grads;
    },
  },
  // channel + sumOthers(x): g to the channel (summed over rows if it was broadcast), sumOthers(g) to x.
  variableUpdate: {
    forward: variableUpdateKernel,
    vjp: (g, node, alloc) => {
      const [channel, x] = node.inputs;
      let gx: Buf | null = null;
      if (x.requiresGrad) {
        gx = alloc(x.rows * x.cols, 1);
        sumOthersAdd(g, x.rows, node.attrs.index!, node.attrs.numSeg!, gx);
      }
      return [channel.requiresGrad ? unbroadcast(g, node, channel.rows, alloc) : null, gx];
    },
  },
  // rowLpNorm's rule at d = x - t (t constant)
  rowLpDistance: {
    forward: rowLpDistanceKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      rowLpNormCotangent(g, x.data, node.attrs.target!, node.output.data, x.rows, x.cols, node.attrs.p!, gx);
      return [gx];
    },
  },
  // rowMeanPowAbs's rule at d = x - t (t constant)
  rowMeanPowDistance: {
    forward: rowMeanPowDistanceKernel,
    vjp: (g, node, alloc) => {
      const x = node.inputs[0];
      const gx = alloc(x.rows * x.cols, 0);
      rowMeanPowCotangent(g, x.data, node.attrs.target!, x.rows, x.cols, node.attrs.p!, gx);
      return [gx];
    },
  },
} satisfies { readonly [P in PrimName]: PrimitiveEntry };

/** The rule of a primitive, looked up by name; throws (never returns a silent zero) if there is none. */
export const vjpRuleOf = (prim: string): VjpEntry => {
  // Own properties only: 'toString' and friends are not rules.
  const entry = Object.hasOwn(PRIMITIVES, prim) ? (PRIMITIVES as Record<string, PrimitiveEntry>)[prim] : undefined;
  if (entry === undefined) {
    throw new Error(`autodiff: no VJP rule for primitive '${prim}'; add it to PRIMITIVES in src/autodiff/table.ts`);
  }
  return entry.vjp;
};
