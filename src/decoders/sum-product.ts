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
  let totalV = new Float64Array(n);
  let nextV = new Float64Array(n);
  const soft = new Float64Array(n);

  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    c2v.fill(0);
    totalV.fill(0);
    let used = T;
    for (let t = 0; t < T; t++) {
      nextV.fill(0);
      for (let c = 0; c < m; c++) {
        const s = checkStartC[c];
        const end = checkStartC[c + 1];
        let prod = 1;
        let zeros = 0;
        for (let e = s; e < end; e++) {
          const v = varOfE[e];
          let x = llr[lo + v] + totalV[v] - c2v[e];
          if (x > clip) x = clip;
          else if (x < -clip) x = -clip;
          mu[e] = x;
          const q = Math.tanh(0.5 * x);
          th[e] = q;
          if (q === 0) zeros++;
          else prod *= q;
        }
        for (let e = s; e < end; e++) {
          let others: number;
          if (end - s === 1) others = 0;
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
      for (let v = 0; v < n; v++) soft[v] = llr[lo + v] + totalV[v];
      if (record) {
        if (record.c2v) for (let e = 0; e < E; e++) record.c2v[t][b * E + e] = c2v[e];
        if (record.v2c) for (let e = 0; e < E; e++) record.v2c[t][b * E + e] = mu[e];
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
