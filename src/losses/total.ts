import { Ops } from '../autodiff/ops.js';
import { Buf, Tensor } from '../autodiff/tensor.js';
import { MinSumTrace } from '../decoders/student-graph.js';
import { crossEntropyLoss } from './crossEntropy.js';
import { DistillationOptions, distillationLoss } from './distillation.js';
import { SparseOptions, sparseLoss } from './sparse.js';

/** Weights of the three terms (the paper: a_ce = 1, a_kd = 1, delta = 0.01). A weight of 0 means the term is not built. */
export interface LossWeights {
  readonly ce: number;
  readonly kd: number;
  readonly sparse: number;
}

/**
 * The paper's weights (docs/method.md §5); the product's defaults are the run config's (docs/config.md).
 *
 * @example
 * ```ts
 * import { defaultRunConfig, PAPER_LOSS_WEIGHTS } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(PAPER_LOSS_WEIGHTS, { ce: 1, kd: 1, sparse: 0.01 });
 * assert.notEqual(defaultRunConfig.loss.sparse, PAPER_LOSS_WEIGHTS.sparse); // the product's default delta is tuned
 * ```
 */
export const PAPER_LOSS_WEIGHTS: LossWeights = Object.freeze({ ce: 1, kd: 1, sparse: 0.01 });

/** What the losses are computed from. */
export interface LossInputs {
  /** the student's trace (c2v, v2c, soft per iteration) */
  readonly student: MinSumTrace;
  /** transmitted bits [B, n] (needed iff weights.ce != 0) */
  readonly bitsV?: Buf | ArrayLike<number>;
  /**
   * what the student imitates, per teacher iteration (needed iff weights.kd != 0):
   * c2v messages [B, E] (kdOn 'check'), or soft outputs [B, n] (kdOn 'soft')
   */
  readonly teacher?: ReadonlyArray<Buf>;
}

/** Options of the individual terms. */
export interface LossOptions {
  /** distill the check-to-variable messages (the paper) or the soft outputs ['check'] */
  readonly kdOn?: 'check' | 'soft';
  readonly distillation?: DistillationOptions;
  readonly sparse?: SparseOptions;
}

/** The total loss tensor and each term's unweighted value (null when its weight is 0 and it was not built). */
export interface LossResult {
  readonly total: Tensor;
  readonly terms: { readonly ce: number | null; readonly kd: number | null; readonly sparse: number | null };
}

/**
 * L = a_ce L_ce + a_kd L_kd + delta L_S (docs/method.md §5). Terms whose
 * weight is 0 are not built at all. With every weight 0 the total is a constant 0.
 *
 * @example
 * ```ts
 * import { backward, makeOps, minSumGraph, parityCheck, tannerGraph, totalLoss } from 'tanner';
 * import assert from 'node:assert/strict';
 * const graph = tannerGraph(parityCheck(3, [[0, 1], [1, 2]]));
 * const { ops, tape } = makeOps({ dtype: 'float64', record: true });
 * const w = ops.param([0.8, 0.8, 0.8, 0.8], 1, 4);
 * const student = minSumGraph(ops, graph, ops.constant([2, -1, 3], 1, 3), 2, { weightE: () => w });
 * const { total, terms } = totalLoss(ops, { student, bitsV: [0, 0, 0] }, { ce: 1, kd: 0, sparse: 0.01 });
 * assert.equal(terms.kd, null); // weight 0: not built, no teacher needed
 * assert.ok(terms.ce! > 0 && terms.sparse! > 0);
 * assert.equal(backward(tape!, total).get(w)!.length, 4);
 * ```
 */
export const totalLoss = (ops: Ops, inputs: LossInputs, weights: LossWeights, options: LossOptions = {}): LossResult => {
  let total: Tensor | null = null;
  const addTerm = (weight: number, term: Tensor): number => {
    const weighted = weight === 1 ? term : ops.scale(term, weight);
    total = total === null ? weighted : ops.add(total, weighted);
    return term.data[0];
  };
  let ce: number | null = null;
  let kd: number | null = null;
  let sparse: number | null = null;
  if (weights.ce !== 0) {
    if (inputs.bitsV === undefined) throw new RangeError('totalLoss: the cross-entropy term needs bitsV');
    ce = addTerm(weights.ce, crossEntropyLoss(ops, inputs.student.soft, inputs.bitsV));
  }
  if (weights.kd !== 0) {
    if (inputs.teacher === undefined) throw new RangeError('totalLoss: the distillation term needs the teacher');
    const student = (options.kdOn ?? 'check') === 'soft' ? inputs.student.soft : inputs.student.c2v;
    kd = addTerm(weights.kd, distillationLoss(ops, student, inputs.teacher, options.distillation));
  }
  if (weights.sparse !== 0) {
    sparse = addTerm(weights.sparse, sparseLoss(ops, inputs.student.c2v, inputs.student.v2c, options.sparse));
  }
  return { total: total ?? ops.constant([0], 1, 1), terms: { ce, kd, sparse } };
};
