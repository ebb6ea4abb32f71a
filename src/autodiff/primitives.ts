import { segmentMembers } from './segments.js';
import { Buf } from './tensor.js';

/**
 * The closed list of primitives of the autodiff. Every operation of Ops is one
 * of these; table.ts must hold a row { forward, vjp } for each (the compiler checks it), and the
 * spec gradient-checks each (the spec enumerates this list).
 */
export const PRIM_NAMES = [
  // elementwise (add/sub/mul broadcast a [1,C] operand over rows)
  'add',
  'sub',
  'mul',
  'scale',
  'neg',
  'abs',
  'sign',
  'relu',
  'softplus',
  'sigmoid',
  'tanh',
  'log',
  'exp',
  'powAbs',
  'clip',
  // graph
  'gatherCols',
  'segmentSumCols',
  'sumOthers',
  'extrinsicMinAbs',
  'extrinsicSignProd',
  // reductions and losses
  'sum',
  'mean',
  'rowLpNorm',
  'rowMeanPowAbs',
  'bceWithLogits',
  // fused (one pass where the profile showed many; see docs/autodiff.md "Fused primitives")
  'minSumCheck',
  'variableUpdate',
  'rowLpDistance',
  'rowMeanPowDistance',
] as const;

/** One primitive of the tape. */
export type PrimName = (typeof PRIM_NAMES)[number];

/**
 * The non-tensor arguments of a primitive, saved on the tape node for its VJP.
 * Each primitive reads only the fields it needs.
 */
export interface PrimAttrs {
  /** scale: the factor s */
  readonly s?: number;
  /** powAbs, rowLpNorm, rowMeanPowAbs: the exponent p */
  readonly p?: number;
  /** clip: the interval [lo, hi] */
  readonly lo?: number;
  readonly hi?: number;
  /** gatherCols: source column of each output column; segmentSumCols/sumOthers: segment of each column */
  readonly index?: Int32Array;
  /** segmentSumCols/sumOthers: number of segments; gatherCols: number of input columns */
  readonly numSeg?: number;
  /** extrinsicMinAbs/extrinsicSignProd: contiguous segments, segment c = segStart[c]..segStart[c+1]-1 */
  readonly segStart?: Int32Array;
  /** bceWithLogits: the target probabilities; rowLpDistance/rowMeanPowDistance: the constant x is compared with (same shape as the input) */
  readonly target?: Buf;
  /** minSumCheck: whether inputs[1] is the weight w (else w = 1) */
  readonly hasWeight?: boolean;
  /** minSumCheck: whether the last input is the offset beta (else beta = 0) */
  readonly hasOffset?: boolean;
}

// ---------------------------------------------------------------------------
// Conventions shared by the kernels and the VJP rules.

/** sgn(x) with sgn(0) = +1: the value convention of min-sum (sign, extrinsicSignProd). */
export const signValue = (x: number): number => (x < 0 ? -1 : 1);

/**
 * d|x|/dx used by every gradient through a magnitude (abs, powAbs,
 * extrinsicMinAbs, rowLpNorm, rowMeanPowAbs): sgn(x), and 0 at x = 0 (the
 * subgradient JAX uses for abs).
 */
export const absSlope = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * |a|^p, by multiplication for the orders the losses use most (p = 1..4;
 * Math.pow costs about ten multiplications and the KD distance evaluates
 * it for every edge of every frame, forward and backward).
 */
export const powAbsValue = (a: number, p: number): number => {
  switch (p) {
    case 1:
      return Math.abs(a);
    case 2:
      return a * a;
    case 3: {
      const m = Math.abs(a);
      return m * m * m;
    }
    case 4: {
      const s = a * a;
      return s * s;
    }
    default:
      return Math.pow(Math.abs(a), p);
  }
};

/** sgn(a) |a|^(p-1) = (d|a|^p/da) / p, with absSlope's 0 at a = 0; multiplications for p = 1..4 as powAbsValue. */
export const powAbsSlope = (a: number, p: number): number => {
  switch (p) {
    case 1:
      return absSlope(a);
    case 2:
      return a;
    case 3:
      return a * Math.abs(a);
    case 4:
      return a * a * a;
    default:
      return a === 0 ? 0 : Math.pow(Math.abs(a), p - 1) * absSlope(a);
  }
};

/** softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) (no overflow). */
export const softplusValue = (x: number): number => (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** sigmoid(x) = 1 / (1 + e^-x), computed without overflow for large |x|. */
export const sigmoidValue = (x: number): number => {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const ex = Math.exp(x);
  return ex / (1 + ex);
};

// ---------------------------------------------------------------------------
// Forward kernels. Plain loops; each writes only `out` (and its own aux arrays).

// Binary kernels broadcast rows: an operand with 1 row is reused for every output row.
// Written out one by one so the hot loops have no call per element.
/** out = a + b (row broadcasting). */
export const addKernel = (a: Buf, aRows: number, b: Buf, bRows: number, rows: number, cols: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const ao = aRows === 1 ? 0 : r * cols;
    const bo = bRows === 1 ? 0 : r * cols;
    const oo = r * cols;
    for (let c = 0; c < cols; c++) out[oo + c] = a[ao + c] + b[bo + c];
  }
};

/** out = a - b (row broadcasting). */
export const subKernel = (a: Buf, aRows: number, b: Buf, bRows: number, rows: number, cols: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const ao = aRows === 1 ? 0 : r * cols;
    const bo = bRows === 1 ? 0 : r * cols;
    const oo = r * cols;
    for (let c = 0; c < cols; c++) out[oo + c] = a[ao + c] - b[bo + c];
  }
};

/** out = a * b (row broadcasting). */
export const mulKernel = (a: Buf, aRows: number, b: Buf, bRows: number, rows: number, cols: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const ao = aRows === 1 ? 0 : r * cols;
    const bo = bRows === 1 ? 0 : r * cols;
    const oo = r * cols;
    for (let c = 0; c < cols; c++) out[oo + c] = a[ao + c] * b[bo + c];
  }
};

/** out = s x */
export const scaleKernel = (x: Buf, s: number, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = s * x[i];
};
/** out = -x */
export const negKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = -x[i];
};
/** out = |x| */
export const absKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
};
/** out = sgn(x), sgn(0) = +1 */
export const signKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = x[i] < 0 ? -1 : 1;
};
/** out = max(x, 0) */
export const reluKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
};
/** out = log(1 + e^x), stable */
export const softplusKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = softplusValue(x[i]);
};
/** out = 1 / (1 + e^-x), stable */
export const sigmoidKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = sigmoidValue(x[i]);
};
/** out = tanh(x) */
export const tanhKernel = (x: Buf, out: Buf): void => {
  // Where the stored result is exactly +-1, skip the call: Math.tanh(v) is 1 from
  // TANH_SATURATES on, and rounds to 1 in float32 from TANH_SATURATES_F32 on (the
  // soft-bit distance feeds it converged teacher messages, most of them that large)
  const limit = x instanceof Float32Array && out instanceof Float32Array ? TANH_SATURATES_F32 : TANH_SATURATES;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v >= limit ? 1 : v <= -limit ? -1 : Math.tanh(v);
  }
};

/** The smallest double x with Math.tanh(x) === 1 (IEEE double; a spec checks it against Math.tanh). */
export const TANH_SATURATES = 19.061547465398498;
/**
 * The smallest float32 x with Math.fround(Math.tanh(x)) === 1: from here on a
 * float32 input stored to float32 is exactly 1 (a spec checks every float32
 * from here to TANH_SATURATES, and their negatives).
 */
export const TANH_SATURATES_F32 = 9.010913848876953;
/** out = log(x) (natural; -Infinity at 0, NaN below) */
export const logKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
};
/** out = e^x */
export const expKernel = (x: Buf, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
};
/** out = |x|^p */
export const powAbsKernel = (x: Buf, p: number, out: Buf): void => {
  for (let i = 0; i < x.length; i++) out[i] = powAbsValue(x[i], p);
};
/** out = min(max(x, lo), hi) */
export const clipKernel = (x: Buf, lo: number, hi: number, out: Buf): void => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
};

/** out[r, k] = x[r, idx[k]]   (x: [rows, cols], out: [rows, idx.length]) */
export const gatherColsKernel = (x: Buf, rows: number, cols: number, idx: Int32Array, out: Buf): void => {
  const k = idx.length;
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    const oo = r * k;
    for (let j = 0; j < k; j++) out[oo + j] = x[xo + idx[j]];
  }
};

/** out[r, s] = sum_{k : seg[k] = s} x[r, k]   (x: [rows, seg.length], out: [rows, numSeg]) */
export const segmentSumColsKernel = (x: Buf, rows: number, seg: Int32Array, numSeg: number, out: Buf): void => {
  const k = seg.length;
  for (let r = 0; r < rows; r++) {
    const xo = r * k;
    const oo = r * numSeg;
    for (let j = 0; j < k; j++) out[oo + seg[j]] += x[xo + j];
  }
};

/**
 * out[r, k] = sum_{j != k, seg[j] = seg[k]} x[r, j]: the segment total minus the own entry.
 * (The extrinsic sum of min-sum's variable node.) Totals are kept in float64,
 * summed in increasing column order over each segment's members.
 */
export const sumOthersKernel = (x: Buf, rows: number, seg: Int32Array, numSeg: number, out: Buf): void => {
  const k = seg.length;
  const { start, members } = segmentMembers(seg, numSeg);
  for (let r = 0; r < rows; r++) {
    const xo = r * k;
    for (let s = 0; s < numSeg; s++) {
      const end = start[s + 1];
      let total = 0;
      for (let i = start[s]; i < end; i++) total += x[xo + members[i]];
      for (let i = start[s]; i < end; i++) {
        const j = xo + members[i];
        out[j] = total - x[j];
      }
    }
  }
};

/**
 * Extrinsic minimum magnitude over contiguous segments:
 *   out[r, e] = min_{j in seg(e), j != e} |x[r, j]|,
 * from the two smallest magnitudes of each segment (O(d) per segment).
 *
 * Conventions (written once, used by the VJP):
 * - ties: scanning in increasing edge index with a strict `<`, the lowest
 *   index among equal magnitudes is "the minimum" and the next lowest is "the
 *   second minimum"; with a duplicated minimum each tied edge gets the value of the other;
 * - a segment of size 1 has no other edge: out = 0 and the argmins are -1.
 *
 * `argMin1`/`argMin2` ([rows * numSegments]) receive, per row and segment, the
 * edge index of the minimum and of the second minimum (saved for the VJP).
 */
export const extrinsicMinAbsKernel = (
  x: Buf,
  rows: number,
  cols: number,
  segStart: Int32Array,
  out: Buf,
  argMin1: Int32Array,
  argMin2: Int32Array,
): void => {
  const m = segStart.length - 1;
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    for (let c = 0; c < m; c++) {
      const s = segStart[c];
      const end = segStart[c + 1];
      let min1 = Infinity;
      let min2 = Infinity;
      let i1 = -1;
      let i2 = -1;
      for (let e = s; e < end; e++) {
        const a = Math.abs(x[xo + e]);
        if (a < min1) {
          min2 = min1;
          i2 = i1;
          min1 = a;
          i1 = e;
        } else if (a < min2) {
          min2 = a;
          i2 = e;
        }
      }
      if (end - s === 1) {
        out[xo + s] = 0;
        i1 = -1;
      } else {
        for (let e = s; e < end; e++) out[xo + e] = e === i1 ? min2 : min1;
      }
      argMin1[r * m + c] = i1;
      argMin2[r * m + c] = i2;
    }
  }
};

/**
 * Extrinsic sign product over contiguous segments:
 *   out[r, e] = prod_{j in seg(e), j != e} sgn(x[r, j]),  sgn(0) = +1,
 * computed as (product over the whole segment) * sgn(x[r, e]) since sgn = +-1.
 * A segment of size 1 gives +1 (empty product).
 */
export const extrinsicSignProdKernel = (x: Buf, rows: number, cols: number, segStart: Int32Array, out: Buf): void => {
  const m = segStart.length - 1;
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    for (let c = 0; c < m; c++) {
      const s = segStart[c];
      const end = segStart[c + 1];
      let prod = 1;
      for (let e = s; e < end; e++) if (x[xo + e] < 0) prod = -prod;
      for (let e = s; e < end; e++) out[xo + e] = x[xo + e] < 0 ? -prod : prod;
    }
  }
};

/** out[0] = sum of all elements (accumulated in float64). */
export const sumKernel = (x: Buf, out: Buf): void => {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i];
  out[0] = acc;
};

/** out[0] = mean of all elements (0 for an empty tensor is NaN: 0/0, on purpose). */
export const meanKernel = (x: Buf, out: Buf): void => {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i];
  out[0] = acc / x.length;
};

/** out[r] = (sum_c |x[r, c]|^p)^(1/p) */
export const rowLpNormKernel = (x: Buf, rows: number, cols: number, p: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    let acc = 0;
    if (p === 1) for (let c = 0; c < cols; c++) acc += Math.abs(x[xo + c]);
    else if (p === 2) for (let c = 0; c < cols; c++) acc += x[xo + c] * x[xo + c];
    else for (let c = 0; c < cols; c++) acc += powAbsValue(x[xo + c], p);
    out[r] = p === 1 ? acc : p === 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p);
  }
};

/** out[r] = (1/cols) sum_c |x[r, c]|^p */
export const rowMeanPowAbsKernel = (x: Buf, rows: number, cols: number, p: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    let acc = 0;
    if (p === 1) for (let c = 0; c < cols; c++) acc += Math.abs(x[xo + c]);
    else if (p === 2) for (let c = 0; c < cols; c++) acc += x[xo + c] * x[xo + c];
    else for (let c = 0; c < cols; c++) acc += powAbsValue(x[xo + c], p);
    out[r] = acc / cols;
  }
};

/**
 * Elementwise binary cross-entropy with logits z and target t in [0, 1]:
 *   out = -t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)) = softplus(z) - t z,
 * computed as max(z, 0) - t z + log1p(e^-|z|).
 */
export const bceWithLogitsKernel = (z: Buf, t: Buf, out: Buf): void => {
  // Shortcut (profile: exp + log1p were ~7% of a training step; the soft outputs are mostly
  // |z| >> 1): for |z| >= cut, log1p(e^-|z|) is below half an ulp of the stored result, so the
  // stored value is the base alone, bit for bit: float64 cut 746 (e^-746 = 0 exactly); float32
  // cut 104 (e^-104 < 2^-150 rounds to 0 alone, and is far below half an ulp of a base >= 1e-20).
  const cut = out instanceof Float32Array ? 104 : 746;
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    const base = (v > 0 ? v : 0) - t[i] * v;
    const a = Math.abs(v);
    out[i] = a >= cut && (base === 0 || Math.abs(base) >= 1e-20) ? base : base + Math.log1p(Math.exp(-a));
  }
};

// ---------------------------------------------------------------------------
// Fused kernels: each is, value for value, a composition of the primitives
// above (written in its doc comment and checked by the spec), in one pass.

/**
 * The neural min-sum check-node update in one pass over each segment:
 *   out[r, e] = w_e * prod_{j in seg(e), j != e} sgn(x[r, j]) * relu(min_{j in seg(e), j != e} |x[r, j]| - beta_e)
 *             = mul(mul(extrinsicSignProd(x), relu(sub(extrinsicMinAbs(x), beta))), w)
 * with the conventions of extrinsicMinAbs (ties: lowest index; a segment of
 * size 1 has extrinsic minimum 0 and sign +1). `w` and `beta` have 1 row
 * (repeated over rows) or `rows` rows; null means w = 1 / beta = 0.
 * `argMin1`/`argMin2` ([rows * numSegments]) receive the edge of the minimum
 * and of the second minimum (-1 for a segment of size 1), `signProd` the sign
 * product over the whole segment (+-1), saved for the VJP.
 */
export const minSumCheckKernel = (
  x: Buf,
  rows: number,
  cols: number,
  segStart: Int32Array,
  w: Buf | null,
  wRows: number,
  beta: Buf | null,
  betaRows: number,
  out: Buf,
  argMin1: Int32Array,
  argMin2: Int32Array,
  signProd: Int32Array,
): void => {
  const m = segStart.length - 1;
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    const wo = wRows === 1 ? 0 : xo;
    const bo = betaRows === 1 ? 0 : xo;
    for (let c = 0; c < m; c++) {
      const s = segStart[c];
      const end = segStart[c + 1];
      let min1 = Infinity;
      let min2 = Infinity;
      let i1 = -1;
      let i2 = -1;
      let prod = 1;
      for (let e = s; e < end; e++) {
        const v = x[xo + e];
        if (v < 0) prod = -prod;
        const a = Math.abs(v);
        // a < min2 first: rarely true after a few edges, so the branch predicts well (min1 <= min2)
        if (a < min2) {
          if (a < min1) {
            min2 = min1;
            i2 = i1;
            min1 = a;
            i1 = e;
          } else {
            min2 = a;
            i2 = e;
          }
        }
      }
      if (end - s === 1) {
        // no other edge: extrinsic minimum 0, sign prod * sgn(x_e) = +1
        min1 = 0;
        i1 = -1;
      }
      for (let e = s; e < end; e++) {
        const min = e === i1 ? min2 : min1;
        // without an offset there is no relu (min >= 0 already; a NaN message stays NaN, as unfused)
        const magnitude = beta === null ? min : min - beta[bo + e] > 0 ? min - beta[bo + e] : 0;
        const signed = (x[xo + e] < 0 ? -prod : prod) * magnitude;
        out[xo + e] = w === null ? signed : w[wo + e] * signed;
      }
      argMin1[r * m + c] = i1;
      argMin2[r * m + c] = i2;
      signProd[r * m + c] = prod;
    }
  }
};

/**
 * The min-sum variable-node update in one pass:
 *   out[r, e] = channel[r, e] + sum_{j != e, seg[j] = seg[e]} x[r, j] = add(channel, sumOthers(x, seg))
 * (channel with 1 row is repeated over rows).
 */
export const variableUpdateKernel = (
  channel: Buf,
  channelRows: number,
  x: Buf,
  rows: number,
  seg: Int32Array,
  numSeg: number,
  out: Buf,
): void => {
  const k = seg.length;
  const { start, members } = segmentMembers(seg, numSeg);
  for (let r = 0; r < rows; r++) {
    const xo = r * k;
    const co = channelRows === 1 ? -xo : 0; // channel index = j + co
    for (let s = 0; s < numSeg; s++) {
      const end = start[s + 1];
      let total = 0;
      for (let i = start[s]; i < end; i++) total += x[xo + members[i]];
      for (let i = start[s]; i < end; i++) {
        const j = xo + members[i];
        out[j] = channel[j + co] + (total - x[j]);
      }
    }
  }
};

/**
 * out[r] = (sum_c |x[r, c] - t[r, c]|^p)^(1/p) = rowLpNorm(sub(x, t), p), t a constant
 * (the distillation distance to the teacher's messages, without materialising x - t).
 */
export const rowLpDistanceKernel = (x: Buf, t: Buf, rows: number, cols: number, p: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    let acc = 0;
    if (p === 1) {
      for (let c = xo; c < xo + cols; c++) acc += Math.abs(x[c] - t[c]);
      out[r] = acc;
    } else if (p === 2) {
      for (let c = xo; c < xo + cols; c++) {
        const d = x[c] - t[c];
        acc += d * d;
      }
      out[r] = Math.sqrt(acc);
    } else {
      for (let c = xo; c < xo + cols; c++) acc += powAbsValue(x[c] - t[c], p);
      out[r] = Math.pow(acc, 1 / p);
    }
  }
};

/** out[r] = (1/cols) sum_c |x[r, c] - t[r, c]|^p = rowMeanPowAbs(sub(x, t), p), t a constant. */
export const rowMeanPowDistanceKernel = (x: Buf, t: Buf, rows: number, cols: number, p: number, out: Buf): void => {
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    let acc = 0;
    if (p === 1) for (let c = xo; c < xo + cols; c++) acc += Math.abs(x[c] - t[c]);
    else if (p === 2)
      for (let c = xo; c < xo + cols; c++) {
        const d = x[c] - t[c];
        acc += d * d;
      }
    else for (let c = xo; c < xo + cols; c++) acc += powAbsValue(x[c] - t[c], p);
    out[r] = acc / cols;
  }
};
