import { Ops } from '../autodiff/ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { UserError } from '../util/errors.js';
import { NormForm, addOrStart, batchMeanNorm, checkClip, checkExponent, clipOrSelf } from './norm.js';

/** Options of the sparse node-activation loss. */
export interface SparseOptions {
  /** norm exponent [1] */
  readonly p?: number;
  /** which messages: check-node outputs nu, variable-node outputs mu, or both ['both'] */
  readonly on?: 'both' | 'check' | 'variable';
  /** norm form ['sum'] */
  readonly norm?: NormForm;
  /** clip messages to +-clip before the norm [null = none] */
  readonly clip?: number | null;
  /** first iteration counted, 1-based [1 = all]; later iterations only, to leave the early ones free to grow */
  readonly from?: number;
}

/**
 * Sparse node activation loss (docs/method.md §5):
 *   L_S = sum_{t = from..T} mean_batch ( ||nu^S(t)||_p + ||mu^S(t)||_p )
 * over the student's c2v messages nu and v2c messages mu ([B, E] per iteration).
 *
 * @example
 * ```ts
 * import { makeOps, sparseLoss } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops } = makeOps({ dtype: 'float64', record: false });
 * const c2v = [ops.constant([1, -2, 0, 0.5], 1, 4)];
 * const v2c = [ops.constant([3, 0, 0, 0], 1, 4)];
 * assert.equal(sparseLoss(ops, c2v, v2c).data[0], 3.5 + 3); // p = 1 on both, sum form
 * assert.equal(sparseLoss(ops, c2v, v2c, { on: 'check' }).data[0], 3.5);
 * ```
 */
export const sparseLoss = (
  ops: Ops,
  c2v: ReadonlyArray<Tensor>,
  v2c: ReadonlyArray<Tensor>,
  options: SparseOptions = {},
): Tensor => {
  const p = options.p ?? 1;
  const on = options.on ?? 'both';
  const form = options.norm ?? 'sum';
  const clip = options.clip ?? null;
  const from = options.from ?? 1;
  checkExponent('sparse loss', p);
  checkClip('sparse loss', clip);
  if (on !== 'both' && on !== 'check' && on !== 'variable') throw new UserError(`sparse loss: 'on' must be both, check or variable, got '${on}'`);
  if (c2v.length !== v2c.length || c2v.length === 0) {
    throw new RangeError(`sparseLoss: ${c2v.length} c2v and ${v2c.length} v2c iterations (need the same positive number)`);
  }
  if (!Number.isInteger(from) || from < 1 || from > c2v.length) {
    throw new UserError(`sparse loss: 'from' must be an iteration in 1..${c2v.length}, got ${from}`);
  }
  let total: Tensor | null = null;
  for (let t = from - 1; t < c2v.length; t++) {
    if (on !== 'variable') total = addOrStart(ops, total, batchMeanNorm(ops, clipOrSelf(ops, c2v[t], clip), p, form));
    if (on !== 'check') total = addOrStart(ops, total, batchMeanNorm(ops, clipOrSelf(ops, v2c[t], clip), p, form));
  }
  return total!;
};
