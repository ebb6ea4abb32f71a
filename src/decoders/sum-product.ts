import { TannerGraph } from '../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord, recordsIteration } from './output.js';
import { phi } from './phi.js';
import { syndromeIsZero } from './syndrome.js';

/**
 * Flooding sum-product (belief propagation), the reference decoder:
 *
 *   nu_{c->v} = 2 atanh( prod_{v' in N(c)\v} tanh(mu_{v'->c} / 2) )
 *             = prod_{v'} sgn(mu_{v'->c}) * phi( sum_{v' in N(c)\v} phi(|mu_{v'->c}|) ),
 *   phi(y) = -ln tanh(y / 2)  (phi.ts; phi is its own inverse)
 *
 * computed in the second (sign / magnitude) form, in float32. Why that form:
 * a sum instead of a product has no zero factors to divide by, and large
 * messages keep their precision (in the tanh form they crowd at 1 - 2^-24
 * and saturate near 17; here they are exact up to phi's range, 88).
 *
 * The sum over the other edges is the check's sum minus the edge's own term,
 * except for the edge with the largest term (the smallest |mu|), which gets
 * the sum of the rest accumulated apart: the subtraction S - p_e then never
 * loses more than one bit (S >= 2 p_e), and the largest term, which can be
 * phi(0) = 88, is never subtracted from itself. A degree-1 check sends 0.
 * `clip` (if set) clips both message directions.
 *
 * Arithmetic: float32 throughout, the same operations in the same order as
 * the WebAssembly SIMD kernel (wasm/sum-product-simd.ts), so the two give
 * identical bits (spec/decoders/sum-product.spec.ts); phi is accurate to a
 * few float32 ulp (phi.ts).
 */
export interface SumProductParams {
  readonly iterations: number;
  readonly clip: number | null;
}

const f = Math.fround;

/** x clipped to [-c, c], as pmax(pmin(x, c), -c). */
const clipTo = (x: number, c: number): number => {
  const y = c < x ? c : x;
  return y < -c ? -c : y;
};

/**
 * Frame at a time; `total` holds the soft output s_v = l_v + sum_c nu_{c->v},
 * so the variable-to-check message is mu_{v->c} = total_v - nu_{c->v}
 * without a per-variable pass. Work buffers are float32.
 *
 * @example
 * ```ts
 * import { allocateOutput, bchCode, decodeSumProduct, rngStream, transmit } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const { llr } = transmit(code, 3, 6, 'zero', rngStream(4));
 * const out = allocateOutput(3, code.n);
 * decodeSumProduct(code.graph, { iterations: 10, clip: null }, llr, 3, true, out);
 * assert.ok(out.hard.every((b) => b === 0));
 * assert.ok(out.iterations.every((t) => t <= 10));
 * ```
 */
export const decodeSumProduct = (
  graph: TannerGraph,
  p: SumProductParams,
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
): void => {
  const { n, m, edges: E, varOfE, checkStartC } = graph;
  const T = p.iterations;
  const clipping = p.clip !== null;
  const clip = clipping ? f(p.clip!) : Infinity;
  const c2v = new Float32Array(E);
  const mu = new Float32Array(E);
  const term = new Float32Array(E); // phi(|mu_e|)
  const llrV = new Float32Array(n);
  let total = new Float32Array(n);
  let next = new Float32Array(n);

  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    llrV.set(llr.subarray(lo, lo + n));
    c2v.fill(0);
    total.set(llrV);
    let used = T;
    for (let t = 0; t < T; t++) {
      next.set(llrV);
      for (let c = 0; c < m; c++) {
        const s = checkStartC[c];
        const end = checkStartC[c + 1];
        let top = 0; // the largest term
        let rest = 0; // the sum of all the others
        let parity = false;
        for (let e = s; e < end; e++) {
          let x = f(total[varOfE[e]] - c2v[e]);
          if (clipping) x = clipTo(x, clip);
          mu[e] = x;
          if (x < 0) parity = !parity;
          const q = phi(Math.abs(x));
          term[e] = q;
          rest = f(rest + (q < top ? q : top));
          if (top < q) top = q;
        }
        const sum = f(rest + top);
        if (end - s === 1) rest = Infinity; // phi(inf) = 0: a degree-1 check sends 0
        for (let e = s; e < end; e++) {
          const x = mu[e];
          const q = term[e];
          let y = phi(q === top ? rest : f(sum - q));
          if (clipping) y = clipTo(y, clip);
          if (x < 0 !== parity) y = -y;
          c2v[e] = y;
          next[varOfE[e]] += y;
        }
      }
      const swap = total;
      total = next;
      next = swap;
      if (record) {
        if (recordsIteration(record.c2v, t)) record.c2v![t].set(c2v, b * E);
        if (recordsIteration(record.v2c, t)) record.v2c![t].set(mu, b * E);
        if (recordsIteration(record.soft, t)) record.soft![t].set(total, lo);
      }
      if (earlyStop && syndromeIsZero(graph, total)) {
        used = t + 1;
        break;
      }
    }
    for (let v = 0; v < n; v++) {
      out.soft[lo + v] = total[v];
      out.hard[lo + v] = total[v] < 0 ? 1 : 0;
    }
    out.iterations[b] = used;
  }
};
