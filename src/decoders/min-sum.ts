import { TannerGraph } from '../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord } from './output.js';
import { syndromeIsZero } from './syndrome.js';

/**
 * Parameters of the flooding min-sum family (METHOD.md 3). With every option
 * at its neutral value this is plain min-sum:
 *
 *   mu_{v->c}(t) = wch_{t,v} l_v + sum_{c' in N(v)\c} nu_{c'->v}(t-1)
 *   nu_{c->v}(t) = w_{t,e} prod_{v' in N(c)\v} sgn(mu_{v'->c}) max(0, min_{v' in N(c)\v} |mu_{v'->c}| - beta_{t,e})
 *   s_v(t)       = l_v + sum_{c in N(v)} nu_{c->v}(t)
 *
 * with w_{t,e} = alpha * weightTE[t*E + e] and beta_{t,e} = beta + offsetTE[t*E + e].
 */
export interface MinSumParams {
  readonly iterations: number;
  /** normalized min-sum factor (1 = plain) */
  readonly alpha: number;
  /** offset min-sum offset (0 = plain) */
  readonly beta: number;
  /** learned per-(iteration, edge) weights, length T*E, or null */
  readonly weightTE: Float32Array | null;
  /** learned per-(iteration, edge) offsets >= 0, length T*E, or null */
  readonly offsetTE: Float32Array | null;
  /** learned per-(iteration, variable) channel weights, length T*n, or null */
  readonly channelTV: Float32Array | null;
  /** clip v2c and c2v messages to +-clip, or null */
  readonly clip: number | null;
}

export const plainMinSum = (iterations: number): MinSumParams => ({
  iterations,
  alpha: 1,
  beta: 0,
  weightTE: null,
  offsetTE: null,
  channelTV: null,
  clip: null,
});

/**
 * Decode a batch of frames (llr frame-major [frames * n]) with the fused
 * min-sum kernel: one pass per check computes the variable-to-check messages,
 * the two smallest magnitudes and the sign parity; a second pass writes the
 * check-to-variable messages and scatters them into the next variable totals.
 * All work buffers are allocated once per call, none per frame or iteration.
 *
 * Conventions (shared with the autodiff primitives): sgn(0) = +1; among equal
 * magnitudes the lowest edge index is the minimum; a degree-1 check sends 0.
 * No edge index of the minimum is tracked: an edge whose |mu| equals min1
 * receives min2, which is the same value when the minimum is duplicated
 * (then min2 = min1), so the tie rule holds without a per-edge branch on it.
 *
 * Work buffers are float64 (messages are rounded to float32 only when they
 * are recorded or output). Without learned per-edge or channel weights a
 * specialised loop runs (alpha, beta and clip folded into two magnitudes per check).
 */
export const decodeMinSum = (
  graph: TannerGraph,
  p: MinSumParams,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => {
  if (p.weightTE === null && p.offsetTE === null && p.channelTV === null) decodeScalar(graph, p, llr, frames, earlyStop, out, record);
  else decodePerEdge(graph, p, llr, frames, earlyStop, out, record);
};

/** Copy one frame's iteration-t quantities into the record (float32). */
const recordIteration = (record: DecodeRecord, t: number, b: number, E: number, n: number, c2v: Float64Array, mu: Float64Array, soft: Float64Array): void => {
  if (record.c2v) record.c2v[t].set(c2v, b * E);
  if (record.v2c) record.v2c[t].set(mu, b * E);
  if (record.soft) record.soft[t].set(soft, b * n);
};

const writeFrame = (out: DecodeOutput, lo: number, soft: Float64Array, used: number, b: number): void => {
  for (let v = 0; v < soft.length; v++) {
    out.soft[lo + v] = soft[v];
    out.hard[lo + v] = soft[v] < 0 ? 1 : 0;
  }
  out.iterations[b] = used;
};

/**
 * Scalar alpha / beta / clip. totalV holds the soft output s_v = l_v + sum_c nu_{c->v},
 * so mu_{v->c} = totalV[v] - nu_{c->v} needs no per-variable pass.
 */
const decodeScalar = (
  graph: TannerGraph,
  p: MinSumParams,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => {
  const { n, m, edges: E, varOfE, checkStartC } = graph;
  const T = p.iterations;
  const { alpha, beta } = p;
  const clip = p.clip ?? Infinity;
  const c2v = new Float64Array(E);
  const mu = new Float64Array(E);
  const chanV = new Float64Array(n);
  let totalV = new Float64Array(n);
  let nextV = new Float64Array(n);
  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    for (let v = 0; v < n; v++) chanV[v] = llr[lo + v];
    c2v.fill(0);
    totalV.set(chanV);
    let used = T;
    for (let t = 0; t < T; t++) {
      nextV.set(chanV);
      for (let c = 0; c < m; c++) {
        const s = checkStartC[c];
        const end = checkStartC[c + 1];
        let min1 = Infinity;
        let min2 = Infinity;
        let sign = 1;
        for (let e = s; e < end; e++) {
          let x = totalV[varOfE[e]] - c2v[e];
          if (x > clip) x = clip;
          else if (x < -clip) x = -clip;
          mu[e] = x;
          let a = x;
          if (x < 0) {
            a = -x;
            sign = -sign;
          }
          if (a < min2) {
            if (a < min1) {
              min2 = min1;
              min1 = a;
            } else min2 = a;
          }
        }
        if (min2 === Infinity) min2 = 0; // degree-1 check: no other edge, send 0
        // |nu| for the edges that are not / are the minimum, sign of the whole check folded in
        let mag1 = alpha * Math.max(0, min1 - beta);
        let mag2 = alpha * Math.max(0, min2 - beta);
        if (mag1 > clip) mag1 = clip;
        if (mag2 > clip) mag2 = clip;
        mag1 *= sign;
        mag2 *= sign;
        for (let e = s; e < end; e++) {
          const x = mu[e];
          let y: number;
          if (x < 0) y = -x === min1 ? -mag2 : -mag1;
          else y = x === min1 ? mag2 : mag1;
          c2v[e] = y;
          nextV[varOfE[e]] += y;
        }
      }
      const swap = totalV;
      totalV = nextV;
      nextV = swap;
      if (record) recordIteration(record, t, b, E, n, c2v, mu, totalV);
      if (earlyStop && syndromeIsZero(graph, totalV)) {
        used = t + 1;
        break;
      }
    }
    writeFrame(out, lo, totalV, used, b);
  }
};

/** Learned per-(iteration, edge) weights / offsets and per-(iteration, variable) channel weights. */
const decodePerEdge = (
  graph: TannerGraph,
  p: MinSumParams,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => {
  const { n, m, edges: E, varOfE, checkStartC } = graph;
  const T = p.iterations;
  const { alpha, beta, weightTE, offsetTE, channelTV } = p;
  const clip = p.clip ?? Infinity;
  const c2v = new Float64Array(E);
  const mu = new Float64Array(E);
  const chanV = new Float64Array(n);
  // sums of incoming check messages (without the channel term)
  let sumV = new Float64Array(n);
  let nextV = new Float64Array(n);
  const soft = new Float64Array(n);
  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    c2v.fill(0);
    sumV.fill(0);
    for (let v = 0; v < n; v++) soft[v] = llr[lo + v];
    let used = T;
    for (let t = 0; t < T; t++) {
      if (channelTV) for (let v = 0; v < n; v++) chanV[v] = channelTV[t * n + v] * llr[lo + v];
      else for (let v = 0; v < n; v++) chanV[v] = llr[lo + v];
      nextV.fill(0);
      const tE = t * E;
      for (let c = 0; c < m; c++) {
        const s = checkStartC[c];
        const end = checkStartC[c + 1];
        let min1 = Infinity;
        let min2 = Infinity;
        let sign = 1;
        for (let e = s; e < end; e++) {
          const v = varOfE[e];
          let x = chanV[v] + sumV[v] - c2v[e];
          if (x > clip) x = clip;
          else if (x < -clip) x = -clip;
          mu[e] = x;
          let a = x;
          if (x < 0) {
            a = -x;
            sign = -sign;
          }
          if (a < min2) {
            if (a < min1) {
              min2 = min1;
              min1 = a;
            } else min2 = a;
          }
        }
        if (min2 === Infinity) min2 = 0;
        for (let e = s; e < end; e++) {
          const x = mu[e];
          const a = x < 0 ? -x : x;
          let mag = (a === min1 ? min2 : min1) - beta;
          if (offsetTE) mag -= offsetTE[tE + e];
          if (mag < 0) mag = 0;
          mag *= weightTE ? alpha * weightTE[tE + e] : alpha;
          let y = x < 0 ? -sign * mag : sign * mag;
          if (y > clip) y = clip;
          else if (y < -clip) y = -clip;
          c2v[e] = y;
          nextV[varOfE[e]] += y;
        }
      }
      const swap = sumV;
      sumV = nextV;
      nextV = swap;
      for (let v = 0; v < n; v++) soft[v] = llr[lo + v] + sumV[v];
      if (record) recordIteration(record, t, b, E, n, c2v, mu, soft);
      if (earlyStop && syndromeIsZero(graph, soft)) {
        used = t + 1;
        break;
      }
    }
    writeFrame(out, lo, soft, used, b);
  }
};
