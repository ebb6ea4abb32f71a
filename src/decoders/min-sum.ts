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
  const { n, m, edges: E, varOfE, checkStartC } = graph;
  const T = p.iterations;
  const c2v = new Float32Array(E);
  const mu = new Float32Array(E);
  const chanV = new Float64Array(n);
  let totalV = new Float64Array(n);
  let nextV = new Float64Array(n);
  const soft = new Float64Array(n);
  const { alpha, beta, weightTE, offsetTE, channelTV } = p;
  const clip = p.clip ?? Infinity;
  const perEdge = weightTE !== null || offsetTE !== null;

  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    c2v.fill(0);
    totalV.fill(0);
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
        let arg1 = -1;
        let parity = 0;
        for (let e = s; e < end; e++) {
          const v = varOfE[e];
          let x = chanV[v] + totalV[v] - c2v[e];
          if (x > clip) x = clip;
          else if (x < -clip) x = -clip;
          mu[e] = x;
          let a = x;
          if (x < 0) {
            a = -x;
            parity ^= 1;
          }
          if (a < min1) {
            min2 = min1;
            min1 = a;
            arg1 = e;
          } else if (a < min2) min2 = a;
        }
        if (min2 === Infinity) min2 = 0; // degree-1 check: no other edge, send 0
        for (let e = s; e < end; e++) {
          let mag = e === arg1 ? min2 : min1;
          let w = alpha;
          if (perEdge) {
            if (offsetTE) mag -= offsetTE[tE + e];
            if (weightTE) w *= weightTE[tE + e];
          }
          mag -= beta;
          if (mag < 0) mag = 0;
          let y = (parity ^ (mu[e] < 0 ? 1 : 0)) === 1 ? -w * mag : w * mag;
          if (y > clip) y = clip;
          else if (y < -clip) y = -clip;
          c2v[e] = y;
          nextV[varOfE[e]] += c2v[e];
        }
      }
      const swap = totalV;
      totalV = nextV;
      nextV = swap;
      for (let v = 0; v < n; v++) soft[v] = llr[lo + v] + totalV[v];
      if (record) {
        if (record.c2v) record.c2v[t].set(c2v, b * E);
        if (record.v2c) record.v2c[t].set(mu, b * E);
        if (record.soft) for (let v = 0; v < n; v++) record.soft[t][lo + v] = soft[v];
      }
      if (earlyStop && syndromeIsZero(graph, soft)) {
        used = t + 1;
        break;
      }
    }
    if (T === 0) for (let v = 0; v < n; v++) soft[v] = llr[lo + v];
    for (let v = 0; v < n; v++) {
      out.soft[lo + v] = soft[v];
      out.hard[lo + v] = soft[v] < 0 ? 1 : 0;
    }
    out.iterations[b] = used;
  }
};
