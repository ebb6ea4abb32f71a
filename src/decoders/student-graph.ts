import { Ops } from '../autodiff/ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { TannerGraph } from '../codes/tanner-graph.js';
import { Sharing, sharedSize, sharedSlot } from './sharing.js';

/**
 * The neural min-sum family (docs/method.md §3) written once on Ops, so the
 * same definition trains on a tape and runs without one (teacher, evaluation).
 */

/** Per-iteration parameters, already expanded to edge / variable length (t = 0..T-1). */
export interface MinSumGraphParams {
  /** [1, E] multiplicative weight w_{t,e} (null or absent = 1) */
  readonly weightE?: (t: number) => Tensor | null;
  /** [1, E] offset beta_{t,e} >= 0 (null or absent = 0); pass softplus(raw) for learned offsets */
  readonly offsetE?: (t: number) => Tensor | null;
  /** [1, n] channel weight w^ch_{t,v} (null or absent = 1) */
  readonly channelWeightV?: (t: number) => Tensor | null;
  /** clip v2c and c2v messages to +-clip (null or absent = no clipping) */
  readonly clip?: number | null;
  /**
   * which primitives build the iteration ['fused']: 'fused' = minSumCheck and
   * variableUpdate (one pass each, the training path); 'unfused' = the
   * elementary primitives (extrinsicSignProd, extrinsicMinAbs, sub, relu, mul,
   * sumOthers, add), the readable definition the fused path is tested against.
   * Both give the same values and gradients (in float64 exactly).
   */
  readonly primitives?: 'fused' | 'unfused';
}

/** Messages and soft outputs of every iteration: c2v, v2c [B, E] (check order), soft [B, n]. */
export interface MinSumTrace {
  readonly c2v: Tensor[];
  readonly v2c: Tensor[];
  readonly soft: Tensor[];
}

/**
 * Flooding min-sum for `iterations` iterations on llrV [B, n], nu(0) = 0:
 *   mu_{v->c}(t) = w^ch_{t,v} l_v + sum_{c' in N(v)\c} nu_{c'->v}(t-1)
 *   nu_{c->v}(t) = w_{t,e} prod_{v' in N(c)\v} sgn(mu_{v'->c}) relu(min_{v' in N(c)\v} |mu_{v'->c}| - beta_{t,e})
 *   s_v(t)      = l_v + sum_{c in N(v)} nu_{c->v}(t)
 * With no weight, offset or channel weight it is plain min-sum.
 *
 * @example
 * ```ts
 * import { makeOps, minSumGraph, parityCheck, tannerGraph } from 'tanner';
 * import assert from 'node:assert/strict';
 * const graph = tannerGraph(parityCheck(3, [[0, 1], [1, 2]])); // edges (c0,v0) (c0,v1) (c1,v1) (c1,v2)
 * const { ops } = makeOps({ dtype: 'float64', record: false });
 * const trace = minSumGraph(ops, graph, ops.constant([2, -1, 3], 1, 3), 1, {}); // plain min-sum, T = 1
 * assert.deepEqual(Array.from(trace.c2v[0].data), [-1, 2, 3, -1]);
 * assert.deepEqual(Array.from(trace.soft[0].data), [1, 4, 2]);
 * ```
 */
export const minSumGraph = (
  ops: Ops,
  graph: TannerGraph,
  llrV: Tensor,
  iterations: number,
  params: MinSumGraphParams,
): MinSumTrace => {
  if (llrV.cols !== graph.n) throw new RangeError(`minSumGraph: llrV has ${llrV.cols} columns, the graph has n = ${graph.n} variables`);
  const { varOfE, checkStartC, n } = graph;
  const clip = params.clip ?? null;
  const clipped = (x: Tensor): Tensor => (clip === null ? x : ops.clip(x, -clip, clip));
  const trace: MinSumTrace = { c2v: [], v2c: [], soft: [] };
  const fused = (params.primitives ?? 'fused') === 'fused';
  const plainLlrE = ops.gatherCols(llrV, varOfE); // reused while no channel weight is given
  let c2v: Tensor | null = null;
  for (let t = 0; t < iterations; t++) {
    const channelWeight = params.channelWeightV?.(t) ?? null;
    const channelE = channelWeight === null ? plainLlrE : ops.gatherCols(ops.mul(llrV, channelWeight), varOfE);
    const offset = params.offsetE?.(t) ?? null;
    const weight = params.weightE?.(t) ?? null;
    let v2c: Tensor;
    if (fused) {
      v2c = clipped(c2v === null ? channelE : ops.variableUpdate(channelE, c2v, varOfE, n));
      c2v = clipped(ops.minSumCheck(v2c, checkStartC, weight, offset));
    } else {
      v2c = clipped(c2v === null ? channelE : ops.add(channelE, ops.sumOthers(c2v, varOfE, n)));
      const signE = ops.extrinsicSignProd(v2c, checkStartC);
      const minE = ops.extrinsicMinAbs(v2c, checkStartC);
      const magnitudeE = offset === null ? minE : ops.relu(ops.sub(minE, offset));
      const signedE = ops.mul(signE, magnitudeE);
      c2v = clipped(weight === null ? signedE : ops.mul(signedE, weight));
    }
    trace.v2c.push(v2c);
    trace.c2v.push(c2v);
    trace.soft.push(ops.add(llrV, ops.segmentSumCols(c2v, varOfE, n)));
  }
  return trace;
};

/** How learned parameters are shared (docs/method.md §3); the same type as decoders/sharing.ts. */
export type SharingMode = Sharing;

/** A parameter layout: the length P of the shared vector and, per iteration, the index of each edge's entry. */
export interface SharingIndex {
  readonly size: number;
  indexFor(t: number): Int32Array;
}

/**
 * Index map of a shared parameter vector [1, P] onto the E edges of iteration t
 * (slots from decoders/sharing.ts): 'iteration-edge' P = T E (slot t E + e),
 * 'edge' P = E (slot e), 'iteration' P = T (slot t), 'scalar' P = 1 (slot 0).
 *
 * @example
 * ```ts
 * import { sharingIndex } from 'tanner';
 * import assert from 'node:assert/strict';
 * const perEdge = sharingIndex('edge', 5, 4);
 * assert.equal(perEdge.size, 4);
 * assert.deepEqual(Array.from(perEdge.indexFor(3)), [0, 1, 2, 3]);
 * assert.deepEqual(Array.from(sharingIndex('iteration', 5, 4).indexFor(3)), [3, 3, 3, 3]);
 * ```
 */
export const sharingIndex = (mode: SharingMode, iterations: number, edges: number): SharingIndex => {
  const perT = Array.from({ length: iterations }, (_, t) => Int32Array.from({ length: edges }, (_, e) => sharedSlot(mode, t, e, edges)));
  return {
    size: sharedSize(mode, iterations, edges),
    indexFor: (t: number): Int32Array => {
      if (!(t >= 0 && t < iterations)) throw new RangeError(`sharingIndex: iteration ${t} is outside 0..${iterations - 1}`);
      return perT[t];
    },
  };
};

/**
 * Per-edge tensor [1, E] of iteration t from a shared parameter vector [1, P]: gatherCols with the sharing index.
 *
 * @example
 * ```ts
 * import { expandSharedTensor, makeOps, sharingIndex } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops } = makeOps({ dtype: 'float32', record: false });
 * const perIteration = ops.param([1, 0.5], 1, 2); // T = 2 iterations, E = 4 edges, one weight per iteration
 * const w1 = expandSharedTensor(ops, perIteration, sharingIndex('iteration', 2, 4), 1);
 * assert.deepEqual([w1.rows, w1.cols], [1, 4]);
 * assert.deepEqual(Array.from(w1.data), [0.5, 0.5, 0.5, 0.5]);
 * ```
 */
export const expandSharedTensor = (ops: Ops, shared: Tensor, sharing: SharingIndex, t: number): Tensor => {
  if (shared.rows !== 1 || shared.cols !== sharing.size) {
    throw new RangeError(`expandSharedTensor: the shared vector is [${shared.rows}, ${shared.cols}], the layout needs [1, ${sharing.size}]`);
  }
  return ops.gatherCols(shared, sharing.indexFor(t));
};
