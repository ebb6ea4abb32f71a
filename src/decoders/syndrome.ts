import { TannerGraph } from '../codes/tanner-graph.js';

/**
 * True iff the hard decisions of `soft` (bit 1 iff s < 0) satisfy every check.
 *
 * @example
 * ```ts
 * import { bchCode, syndromeIsZero } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const soft = new Float32Array(15).fill(1); // the all-zero word
 * assert.equal(syndromeIsZero(code.graph, soft), true);
 * soft[3] = -1; // one bit flipped
 * assert.equal(syndromeIsZero(code.graph, soft), false);
 * ```
 */
export const syndromeIsZero = (graph: TannerGraph, soft: ArrayLike<number>, offset = 0): boolean => {
  const { m, checkStartC, varOfE } = graph;
  for (let c = 0; c < m; c++) {
    let parity = 0;
    for (let e = checkStartC[c]; e < checkStartC[c + 1]; e++) if (soft[offset + varOfE[e]] < 0) parity ^= 1;
    if (parity) return false;
  }
  return true;
};
