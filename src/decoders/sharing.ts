/**
 * How learned per-edge quantities are tied together (docs/method.md §3):
 * one value per (iteration, edge) [default], per edge for all iterations,
 * per iteration for all edges, or one scalar.
 */
export type Sharing = 'iteration-edge' | 'edge' | 'iteration' | 'scalar';

export const SHARINGS: readonly Sharing[] = ['iteration-edge', 'edge', 'iteration', 'scalar'];

/** Number of parameters a sharing mode needs for T iterations over E edges. */
export const sharedSize = (mode: Sharing, iterations: number, edges: number): number =>
  mode === 'iteration-edge' ? iterations * edges : mode === 'edge' ? edges : mode === 'iteration' ? iterations : 1;

/** The parameter slot used by edge e at iteration t. */
export const sharedSlot = (mode: Sharing, t: number, e: number, edges: number): number =>
  mode === 'iteration-edge' ? t * edges + e : mode === 'edge' ? e : mode === 'iteration' ? t : 0;

/** Expand shared parameters to a full [T * E] vector (fast inference path). */
export const expandShared = (mode: Sharing, values: ArrayLike<number>, iterations: number, edges: number): Float32Array => {
  const out = new Float32Array(iterations * edges);
  for (let t = 0; t < iterations; t++) for (let e = 0; e < edges; e++) out[t * edges + e] = values[sharedSlot(mode, t, e, edges)];
  return out;
};
