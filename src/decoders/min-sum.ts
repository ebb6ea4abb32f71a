import { TannerGraph } from '../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord, recordsIteration } from './output.js';
import { syndromeIsZero } from './syndrome.js';

/**
 * Parameters of the flooding min-sum family (docs/method.md §3). With every option
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

/**
 * Parameters of plain min-sum with T iterations: alpha 1, beta 0, no learned
 * weights, no clipping. Spread it and set alpha or beta for the normalized or
 * offset variants (the `p` argument of {@link decodeMinSum}).
 *
 * @example
 * ```ts
 * import { plainMinSum } from 'tanner';
 * import assert from 'node:assert/strict';
 * const p = plainMinSum(5);
 * assert.deepEqual([p.iterations, p.alpha, p.beta, p.weightTE, p.clip], [5, 1, 0, null, null]);
 * const offsetMinSum = { ...plainMinSum(5), beta: 0.15 };
 * assert.equal(offsetMinSum.beta, 0.15);
 * ```
 */
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
 * The parameters in the one arithmetic every min-sum kernel computes with
 * (this JavaScript reference and the WebAssembly SIMD kernel, wasm/min-sum-simd.ts):
 * IEEE float32, every operation rounded, in the order written below. The two
 * kernels give bit-identical messages (spec/decoders/min-sum-simd.spec.ts).
 *
 * - alpha, beta, clip are rounded to float32 once;
 * - with learned weights or offsets the check rule is per edge with
 *   w_{t,e} = fround(alpha * weightTE) and b_{t,e} = fround(beta + offsetTE),
 *   both full [T * E] vectors (a missing one is the constant alpha or beta);
 * - `channel` selects the variable rule: without channel weights the running
 *   total starts at l_v and adds the check messages (s_v, and mu = s_v - nu);
 *   with them the sum of check messages starts at 0 and
 *   base_v = fround(wch_{t,v} l_v) + sum_v, mu = base_v - nu, s_v = l_v + sum_v.
 */
export interface MinSumArithmetic {
  readonly iterations: number;
  readonly alpha: number;
  readonly beta: number;
  /** +-clip bound, or null for no clipping */
  readonly clip: number | null;
  /** per-edge w_{t,e} and b_{t,e} ([T * E] each), or null for the scalar rule */
  readonly perEdge: { readonly weight: Float32Array; readonly offset: Float32Array } | null;
  /** per-(iteration, variable) channel weights [T * n], or null */
  readonly channel: Float32Array | null;
}

const f = Math.fround;

export const minSumArithmetic = (p: MinSumParams, edges: number): MinSumArithmetic => {
  const T = p.iterations;
  const alpha = f(p.alpha);
  const beta = f(p.beta);
  let perEdge: MinSumArithmetic['perEdge'] = null;
  if (p.weightTE !== null || p.offsetTE !== null) {
    const weight = new Float32Array(T * edges).fill(alpha);
    const offset = new Float32Array(T * edges).fill(beta);
    if (p.weightTE) for (let i = 0; i < T * edges; i++) weight[i] = p.alpha * p.weightTE[i];
    if (p.offsetTE) for (let i = 0; i < T * edges; i++) offset[i] = p.beta + p.offsetTE[i];
    perEdge = { weight, offset };
  }
  return { iterations: T, alpha, beta, clip: p.clip === null ? null : f(p.clip), perEdge, channel: p.channelTV };
};

/** x clipped to [-c, c], written as the SIMD kernel's pmax(pmin(x, c), -c). */
const clipTo = (x: number, c: number): number => {
  const y = c < x ? c : x;
  return y < -c ? -c : y;
};

/** max(0, d) written as the SIMD kernel's pmax(0, d). */
const positivePart = (d: number): number => (0 < d ? d : 0);

/**
 * Decode a batch of frames (llr frame-major [frames * n]) with the min-sum
 * family, one frame at a time: the readable reference of the arithmetic
 * (MinSumArithmetic) and the fallback where WebAssembly SIMD is missing.
 *
 * Per check, one pass computes the variable-to-check messages
 * mu = base_v - nu (clipped), the two smallest magnitudes and the sign
 * parity; a second pass writes the check-to-variable messages and adds them
 * into the next variable totals. All work buffers are float32 (a store
 * rounds), allocated once per call.
 *
 * Conventions (shared with the autodiff primitives): sgn(0) = +1; among equal
 * magnitudes the lowest edge index is the minimum; a degree-1 check sends 0.
 * No edge index of the minimum is tracked: an edge whose |mu| equals min1
 * receives min2, which is the same value when the minimum is duplicated
 * (then min2 = min1), so the tie rule holds without a per-edge branch on it.
 *
 * @example
 * ```ts
 * import { allocateOutput, batchDecoder, bchCode, decodeMinSum, plainMinSum, rngStream, transmit } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const { llr } = transmit(code, 2, 3, 'zero', rngStream(1));
 * const out = allocateOutput(2, code.n);
 * decodeMinSum(code.graph, { ...plainMinSum(5), alpha: 0.8 }, llr, 2, false, out); // normalized min-sum
 * assert.deepEqual(Array.from(out.iterations), [5, 5]);
 * const fast = allocateOutput(2, code.n);
 * batchDecoder(code.graph, { kind: 'nms', iterations: 5, alpha: 0.8 })(llr, 2, false, fast);
 * assert.deepEqual(out.soft, fast.soft); // the same float32 arithmetic as the fast kernel
 * ```
 */
export const decodeMinSum = (
  graph: TannerGraph,
  p: MinSumParams,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => decodeMinSumReference(graph, minSumArithmetic(p, graph.edges), llr, frames, earlyStop, out, record);

export const decodeMinSumReference = (
  graph: TannerGraph,
  k: MinSumArithmetic,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => {
  const { n, m, edges: E, varOfE, checkStartC } = graph;
  const { iterations: T, alpha, beta, perEdge, channel } = k;
  const clipping = k.clip !== null;
  const clip = k.clip ?? Infinity;
  const c2v = new Float32Array(E);
  const mu = new Float32Array(E);
  const llrV = new Float32Array(n);
  // without channel weights: base = total = soft; with them: base, soft and sum apart
  let total = new Float32Array(n);
  let next = new Float32Array(n);
  const base = channel ? new Float32Array(n) : total;
  const soft = channel ? new Float32Array(n) : total;
  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    llrV.set(llr.subarray(lo, lo + n));
    c2v.fill(0);
    if (channel) total.fill(0);
    else total.set(llrV);
    let used = T;
    let softT = channel ? llrV : total;
    for (let t = 0; t < T; t++) {
      const baseT = channel ? base : total;
      if (channel) for (let v = 0; v < n; v++) base[v] = f(channel[t * n + v] * llrV[v]) + total[v];
      if (channel) next.fill(0);
      else next.set(llrV);
      const tE = t * E;
      for (let c = 0; c < m; c++) {
        const s = checkStartC[c];
        const end = checkStartC[c + 1];
        let min1 = Infinity;
        let min2 = Infinity;
        let parity = false;
        for (let e = s; e < end; e++) {
          let x = f(baseT[varOfE[e]] - c2v[e]);
          if (clipping) x = clipTo(x, clip);
          mu[e] = x;
          if (x < 0) parity = !parity;
          const a = Math.abs(x);
          if (a < min2) {
            if (a < min1) {
              min2 = min1;
              min1 = a;
            } else min2 = a;
          }
        }
        if (min2 === Infinity) min2 = 0; // degree-1 check: no other edge, send 0
        if (perEdge === null) {
          // the same gain for every edge: |nu| of the edges that are not / are the minimum, the check's sign folded in
          let g1 = f(alpha * positivePart(f(min1 - beta)));
          let g2 = f(alpha * positivePart(f(min2 - beta)));
          if (clipping) {
            g1 = clipTo(g1, clip);
            g2 = clipTo(g2, clip);
          }
          if (parity) {
            g1 = -g1;
            g2 = -g2;
          }
          for (let e = s; e < end; e++) {
            const x = mu[e];
            let y = Math.abs(x) === min1 ? g2 : g1;
            if (x < 0) y = -y;
            c2v[e] = y;
            next[varOfE[e]] += y;
          }
        } else {
          for (let e = s; e < end; e++) {
            const x = mu[e];
            const d = f((Math.abs(x) === min1 ? min2 : min1) - perEdge.offset[tE + e]);
            let y = f(perEdge.weight[tE + e] * positivePart(d));
            if (clipping) y = clipTo(y, clip);
            if (x < 0 !== parity) y = -y;
            c2v[e] = y;
            next[varOfE[e]] += y;
          }
        }
      }
      const swap = total;
      total = next;
      next = swap;
      if (channel) for (let v = 0; v < n; v++) soft[v] = llrV[v] + total[v];
      softT = channel ? soft : total;
      if (record) {
        if (recordsIteration(record.c2v, t)) record.c2v![t].set(c2v, b * E);
        if (recordsIteration(record.v2c, t)) record.v2c![t].set(mu, b * E);
        if (recordsIteration(record.soft, t)) record.soft![t].set(softT, lo);
      }
      if (earlyStop && syndromeIsZero(graph, softT)) {
        used = t + 1;
        break;
      }
    }
    for (let v = 0; v < n; v++) {
      out.soft[lo + v] = softT[v];
      out.hard[lo + v] = softT[v] < 0 ? 1 : 0;
    }
    out.iterations[b] = used;
  }
};
