import { Ops } from '../autodiff/ops.js';
import { Buf, Tensor } from '../autodiff/tensor.js';
import { addOrStart } from './norm.js';

/**
 * Multiloss cross-entropy over iterations (docs/method.md §5):
 *   L_ce = (1/T) sum_t mean_{batch, v} BCE(sigmoid(-s_v(t)), b_v),
 * computed stably as bceWithLogits(-s_v(t), b_v) = softplus(-s) + b s
 * (a positive LLR means bit 0, so the logit of "bit = 1" is -s).
 *
 * @param softV soft outputs s(t) [B, n] per iteration
 * @param bitsV transmitted bits b_v as 0/1 (or soft targets), [B, n] row-major
 *
 * @example
 * ```ts
 * import { crossEntropyLoss, makeOps } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops } = makeOps({ dtype: 'float64', record: false });
 * const loss = crossEntropyLoss(ops, [ops.constant([2, -1], 1, 2)], [0, 0]); // T = 1, both bits 0
 * const expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(1))) / 2; // mean of softplus(-s)
 * assert.ok(Math.abs(loss.data[0] - expected) < 1e-12);
 * ```
 */
export const crossEntropyLoss = (ops: Ops, softV: ReadonlyArray<Tensor>, bitsV: Buf | ArrayLike<number>): Tensor => {
  if (softV.length === 0) throw new RangeError('crossEntropyLoss: no iterations to average over');
  let total: Tensor | null = null;
  for (const s of softV) total = addOrStart(ops, total, ops.mean(ops.bceWithLogits(ops.neg(s), bitsV)));
  return ops.scale(total!, 1 / softV.length);
};
