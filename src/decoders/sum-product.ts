import { TannerGraph } from '../codes/tanner-graph.js';
import { DecodeOutput, DecodeRecord } from './output.js';
import { syndromeIsZero } from './syndrome.js';

/**
 * Flooding sum-product (belief propagation), the reference decoder:
 *
 *   nu_{c->v} = 2 atanh( prod_{v' in N(c)\v} tanh(mu_{v'->c} / 2) )
 *
 * The product of the others is the check's product divided by the own factor,
 * with zero factors counted apart so no division by zero happens. The product
 * is clamped to +-(1 - 1e-12) before atanh, which bounds |nu| by about 55;
 * `clip` (if set) then clips both message directions further.
 */
export interface SumProductParams {
  readonly iterations: number;
  readonly clip: number | null;
}

const PRODUCT_LIMIT = 1 - 1e-12;

/**
 * totalV holds the soft output s_v = l_v + sum_c nu_{c->v}, so the
 * variable-to-check message is mu_{v->c} = totalV[v] - nu_{c->v} without a
 * per-variable pass. Work buffers are float64.
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
  const clip = p.clip ?? Infinity;
  const c2v = new Float64Array(E);
  const mu = new Float64Array(E);
  const th = new Float64Array(E);
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
        let prod = 1;
        let zeros = 0;
        for (let e = s; e < end; e++) {
          let x = totalV[varOfE[e]] - c2v[e];
          if (x > clip) x = clip;
          else if (x < -clip) x = -clip;
          mu[e] = x;
          const q = Math.tanh(0.5 * x);
          th[e] = q;
          if (q === 0) zeros++;
          else prod *= q;
        }
        const single = end - s === 1;
        for (let e = s; e < end; e++) {
          let others: number;
          if (single) others = 0;
          else if (zeros === 0) others = prod / th[e];
          else if (zeros === 1 && th[e] === 0) others = prod;
          else others = 0;
          if (others > PRODUCT_LIMIT) others = PRODUCT_LIMIT;
          else if (others < -PRODUCT_LIMIT) others = -PRODUCT_LIMIT;
          let y = 2 * Math.atanh(others);
          if (y > clip) y = clip;
          else if (y < -clip) y = -clip;
          c2v[e] = y;
          nextV[varOfE[e]] += y;
        }
      }
      const swap = totalV;
      totalV = nextV;
      nextV = swap;
      if (record) {
        if (record.c2v) record.c2v[t].set(c2v, b * E);
        if (record.v2c) record.v2c[t].set(mu, b * E);
        if (record.soft) record.soft[t].set(totalV, lo);
      }
      if (earlyStop && syndromeIsZero(graph, totalV)) {
        used = t + 1;
        break;
      }
    }
    for (let v = 0; v < n; v++) {
      out.soft[lo + v] = totalV[v];
      out.hard[lo + v] = totalV[v] < 0 ? 1 : 0;
    }
    out.iterations[b] = used;
  }
};
