import { Ops } from '../autodiff/ops.js';
import { Buf, Tensor } from '../autodiff/tensor.js';
import { UserError } from '../util/errors.js';

/**
 * How a message vector x (one row per frame, E or n columns) is reduced to a size:
 * - 'sum':  ||x||_p = (sum_e |x_e|^p)^(1/p)   (the paper's form; grows with the code size)
 * - 'mean': (1/E) sum_e |x_e|^p               (independent of the code size)
 */
export type NormForm = 'sum' | 'mean';

/** Per-row size of x [B, C] -> [B, 1] in the given form. */
export const rowNorm = (ops: Ops, x: Tensor, p: number, form: NormForm): Tensor =>
  form === 'sum' ? ops.rowLpNorm(x, p) : ops.rowMeanPowAbs(x, p);

/** mean over the batch of the per-row size: [B, C] -> [1, 1]. */
export const batchMeanNorm = (ops: Ops, x: Tensor, p: number, form: NormForm): Tensor => ops.mean(rowNorm(ops, x, p, form));

/**
 * mean over the batch of the per-row size of x - t for a constant t ([B, C] row-major): [B, C] -> [1, 1].
 * Equal to batchMeanNorm(x - t) but fused (rowLpDistance / rowMeanPowDistance): no [B, C] difference
 * tensor, one pass forward and one backward (the distillation term against the teacher's messages).
 */
export const batchMeanDistance = (ops: Ops, x: Tensor, target: Buf | ArrayLike<number>, p: number, form: NormForm): Tensor =>
  ops.mean(form === 'sum' ? ops.rowLpDistance(x, target, p) : ops.rowMeanPowDistance(x, target, p));

/** x clipped to +-limit, or x itself when limit is null. */
export const clipOrSelf = (ops: Ops, x: Tensor, limit: number | null): Tensor => (limit === null ? x : ops.clip(x, -limit, limit));

/** Throws a UserError unless p is a positive finite number. */
export const checkExponent = (where: string, p: number): void => {
  if (!(Number.isFinite(p) && p > 0)) throw new UserError(`${where}: the norm exponent p = ${p} must be a positive number`);
};

/** Throws a UserError unless the clip limit is null or a positive number. */
export const checkClip = (where: string, clip: number | null): void => {
  if (clip !== null && !(clip > 0)) throw new UserError(`${where}: the clip limit ${clip} must be a positive number (or null for none)`);
};

/** a + b, or b when a is null (for summing loss terms over iterations). */
export const addOrStart = (ops: Ops, a: Tensor | null, b: Tensor): Tensor => (a === null ? b : ops.add(a, b));
