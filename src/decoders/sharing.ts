/**
 * How learned per-edge quantities are tied together (docs/method.md §3):
 * one value per (iteration, edge) [default], per edge for all iterations,
 * per iteration for all edges, or one scalar.
 */
export type Sharing = 'iteration-edge' | 'edge' | 'iteration' | 'scalar';

/**
 * Every sharing mode, from the most parameters (one per iteration and edge) to the fewest (one scalar).
 *
 * @example
 * ```ts
 * import { sharedSize, SHARINGS } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(SHARINGS.map((s) => sharedSize(s, 5, 432)), [2160, 432, 5, 1]);
 * ```
 */
export const SHARINGS: readonly Sharing[] = ['iteration-edge', 'edge', 'iteration', 'scalar'];

/**
 * Number of parameters a sharing mode needs for T iterations over E edges.
 *
 * @example
 * ```ts
 * import { sharedSize } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(sharedSize('iteration-edge', 5, 432), 5 * 432);
 * assert.equal(sharedSize('scalar', 5, 432), 1);
 * ```
 */
export const sharedSize = (mode: Sharing, iterations: number, edges: number): number =>
  mode === 'iteration-edge' ? iterations * edges : mode === 'edge' ? edges : mode === 'iteration' ? iterations : 1;

/**
 * The parameter slot used by edge e at iteration t.
 *
 * @example
 * ```ts
 * import { sharedSlot } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(sharedSlot('iteration-edge', 2, 7, 100), 207);
 * assert.equal(sharedSlot('edge', 2, 7, 100), 7);
 * assert.equal(sharedSlot('iteration', 2, 7, 100), 2);
 * ```
 */
export const sharedSlot = (mode: Sharing, t: number, e: number, edges: number): number =>
  mode === 'iteration-edge' ? t * edges + e : mode === 'edge' ? e : mode === 'iteration' ? t : 0;

/**
 * Expand shared parameters to a full [T * E] vector (fast inference path).
 *
 * @example
 * ```ts
 * import { expandShared } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(Array.from(expandShared('iteration', [0.5, 2], 2, 3)), [0.5, 0.5, 0.5, 2, 2, 2]);
 * ```
 */
export const expandShared = (mode: Sharing, values: ArrayLike<number>, iterations: number, edges: number): Float32Array => {
  const out = new Float32Array(iterations * edges);
  for (let t = 0; t < iterations; t++) for (let e = 0; e < edges; e++) out[t * edges + e] = values[sharedSlot(mode, t, e, edges)];
  return out;
};
