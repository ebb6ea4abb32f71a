import { Ops } from '../autodiff/ops.js';
import { Buf, Tensor } from '../autodiff/tensor.js';
import { UserError } from '../util/errors.js';
import { NormForm, addOrStart, batchMeanDistance, batchMeanNorm, checkClip, checkExponent, clipOrSelf } from './norm.js';

/**
 * What is compared between teacher and student messages:
 * - 'raw':     ||nu^T - nu^S||                 on the LLR messages
 * - 'softbit': ||tanh(nu^T/2) - tanh(nu^S/2)|| on the soft bits in [-1, 1]
 * - 'bce':     BCE(sigmoid(nu^S/tau) ; sigmoid(nu^T/tau)), the teacher's soft bit as the target,
 *              summed over edges ('sum' form) or averaged over edges ('mean' form); p is unused
 */
export type KdDistance = 'raw' | 'softbit' | 'bce';

/** Options of the distillation loss. */
export interface DistillationOptions {
  /** norm exponent [2] */
  readonly p?: number;
  /** norm form ['sum'] */
  readonly norm?: NormForm;
  /** distance ['raw'] */
  readonly distance?: KdDistance;
  /** temperature tau of the 'bce' distance [1] */
  readonly temperature?: number;
  /** clip both messages to +-clip before the distance [null = none] */
  readonly clip?: number | null;
  /** look-ahead t0: student iteration t imitates teacher iteration t + t0 [T_teacher - T_student] */
  readonly lookAhead?: number;
}

/**
 * Knowledge distillation (docs/method.md §5):
 *   L_kd = sum_{t=1..T_s} mean_batch dist(nu^T(t + t0), nu^S(t))   over the E edges.
 * Teacher messages are constants (no gradient flows into the teacher).
 *
 * @param studentC2V student c2v messages nu^S(t), [B, E] per iteration t = 1..T_s (index t-1)
 * @param teacherC2V teacher c2v messages nu^T(t), [B, E] row-major buffers per iteration t = 1..T_t (index t-1)
 *
 * @example
 * ```ts
 * import { distillationLoss, makeOps } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops } = makeOps({ dtype: 'float64', record: false });
 * const student = [ops.constant([1, -3], 1, 2)]; // T_s = 1, one frame, E = 2
 * const teacher = [Float64Array.of(0, 0), Float64Array.of(1, -1)]; // T_t = 2, so t0 = 1
 * const kd = distillationLoss(ops, student, teacher); // raw messages, p = 2, sum form
 * assert.equal(kd.data[0], 2); // ||[1, -1] - [1, -3]||_2
 * ```
 */
export const distillationLoss = (
  ops: Ops,
  studentC2V: ReadonlyArray<Tensor>,
  teacherC2V: ReadonlyArray<Buf>,
  options: DistillationOptions = {},
): Tensor => {
  const p = options.p ?? 2;
  const form = options.norm ?? 'sum';
  const distance = options.distance ?? 'raw';
  const tau = options.temperature ?? 1;
  const clip = options.clip ?? null;
  const studentT = studentC2V.length;
  const lookAhead = options.lookAhead ?? teacherC2V.length - studentT;
  checkExponent('distillation loss', p);
  checkClip('distillation loss', clip);
  if (!(tau > 0)) throw new UserError(`distillation loss: the temperature ${tau} must be positive`);
  if (distance !== 'raw' && distance !== 'softbit' && distance !== 'bce') {
    throw new UserError(`distillation loss: distance must be raw, softbit or bce, got '${distance}'`);
  }
  if (studentT === 0) throw new RangeError('distillationLoss: no student iterations');
  if (!Number.isInteger(lookAhead) || lookAhead < 0 || lookAhead + studentT > teacherC2V.length) {
    throw new UserError(
      `distillation loss: look-ahead ${lookAhead} with ${studentT} student iterations needs teacher iterations up to ${lookAhead + studentT}, the teacher has ${teacherC2V.length}`,
    );
  }
  let total: Tensor | null = null;
  for (let i = 0; i < studentT; i++) {
    const student = clipOrSelf(ops, studentC2V[i], clip);
    const teacher = clipOrSelf(ops, ops.constant(teacherC2V[i + lookAhead], student.rows, student.cols), clip);
    let term: Tensor;
    if (distance === 'raw') {
      term = batchMeanDistance(ops, student, teacher.data, p, form); // = batchMeanNorm(student - teacher), fused
    } else if (distance === 'softbit') {
      const softBit = (x: Tensor) => ops.tanh(ops.scale(x, 0.5));
      term = batchMeanNorm(ops, ops.sub(softBit(student), softBit(teacher)), p, form);
    } else {
      const target = ops.sigmoid(ops.scale(teacher, 1 / tau)).data; // constant: computed from a constant
      const bce = ops.bceWithLogits(ops.scale(student, 1 / tau), target);
      term = form === 'sum' ? ops.scale(ops.sum(bce), 1 / bce.rows) : ops.mean(bce);
    }
    total = addOrStart(ops, total, term);
  }
  return total!;
};
