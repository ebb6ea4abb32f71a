import { ParityCheck } from './parity-check.js';

/**
 * The Tanner graph of H with messages stored as flat edge vectors.
 *
 * Edges are numbered in check order: the edges of check c are
 * `checkStartC[c] .. checkStartC[c+1]-1`, and within a check they follow the
 * increasing variable index. This is the order of every per-edge vector
 * (messages, learned weights) in the product.
 *
 * The variable-order view is a permutation: the edges of variable v are
 * `edgesByVar[varStartV[v] .. varStartV[v+1]-1]` (edge ids, in increasing check index).
 * Suffixes say the index space: ...E per edge, ...V per variable, ...C per check.
 */
export interface TannerGraph {
  readonly n: number;
  readonly m: number;
  /** Number of edges E (ones in H). */
  readonly edges: number;
  readonly varOfE: Int32Array;
  readonly checkOfE: Int32Array;
  /** length m + 1 */
  readonly checkStartC: Int32Array;
  /** length n + 1 */
  readonly varStartV: Int32Array;
  /** length E: edge ids grouped by variable node */
  readonly edgesByVar: Int32Array;
  readonly degreeV: Int32Array;
  readonly degreeC: Int32Array;
}

/**
 * The Tanner graph of H. Edges are numbered in check order (the edges of
 * check 0 by increasing variable, then check 1, ...), the order of every
 * per-edge vector (messages, learned weights); see {@link TannerGraph}.
 *
 * @example
 * ```ts
 * import { parityCheck, tannerGraph } from 'tanner';
 * import assert from 'node:assert/strict';
 * const g = tannerGraph(parityCheck(3, [[0, 1], [1, 2]]));
 * assert.equal(g.edges, 4);
 * assert.deepEqual(Array.from(g.varOfE), [0, 1, 1, 2]);
 * assert.deepEqual(Array.from(g.checkStartC), [0, 2, 4]);
 * assert.deepEqual(Array.from(g.degreeV), [1, 2, 1]);
 * ```
 */
export const tannerGraph = (h: ParityCheck): TannerGraph => {
  const { n, m } = h;
  const edges = h.rows.reduce((s, r) => s + r.length, 0);
  const varOfE = new Int32Array(edges);
  const checkOfE = new Int32Array(edges);
  const checkStartC = new Int32Array(m + 1);
  const degreeV = new Int32Array(n);
  const degreeC = new Int32Array(m);
  let e = 0;
  for (let c = 0; c < m; c++) {
    checkStartC[c] = e;
    degreeC[c] = h.rows[c].length;
    for (const v of h.rows[c]) {
      varOfE[e] = v;
      checkOfE[e] = c;
      degreeV[v]++;
      e++;
    }
  }
  checkStartC[m] = e;
  const varStartV = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) varStartV[v + 1] = varStartV[v] + degreeV[v];
  const fill = varStartV.slice(0, n);
  const edgesByVar = new Int32Array(edges);
  // Edges are visited in check order, so each variable's list is in increasing check index.
  for (let i = 0; i < edges; i++) edgesByVar[fill[varOfE[i]]++] = i;
  return Object.freeze({ n, m, edges, varOfE, checkOfE, checkStartC, varStartV, edgesByVar, degreeV, degreeC });
};
