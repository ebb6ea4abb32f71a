import { BuildLoss, gradcheck, lossAndGradient, lossValue, ParamInit, relativeError } from '../autodiff/gradcheck.js';
import { makeOps } from '../autodiff/ops.js';
import { rngStream, STREAM } from '../channel/rng.js';
import { Code } from '../codes/code.js';
import { RunConfig } from '../config/run-config.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { makeTrainContext } from './context.js';
import { initialParams } from './student-params.js';
import { studentLoss, teacherTargets, trainBatch } from './train-step.js';

export interface StudentGradcheck {
  /**
   * largest relative error over every parameter element (central differences,
   * float64): |g - fd| / max(|g|, |fd|, 1e-3 max_j |g_j|)
   */
  readonly maxRelError: number;
  readonly maxAbsError: number;
  /** largest relative error of the random-direction (dot-product) checks */
  readonly directionalMaxRelError: number;
  /** elements skipped because the loss has a kink within the step (min-sum is piecewise smooth) */
  readonly kinkElements: number;
  readonly parameters: number;
  readonly loss: number;
  readonly terms: { ce: number | null; kd: number | null; sparse: number | null };
  readonly worst: { index: number; reverse: number; centralDifference: number } | null;
}

/**
 * Check the gradient of the student's full training loss (CE + KD + sparse, as
 * configured) in float64 against central differences, for every parameter.
 * Parameters start at their initial values plus a seeded perturbation (so
 * weights are not all equal); the batch is the training batch of step 0.
 */
export const gradcheckStudent = (code: Code, config: RunConfig, teacherWeights: NeuralWeights | null): StudentGradcheck => {
  const ctx = makeTrainContext(code, config, teacherWeights);
  const rng = rngStream(config.seed, STREAM.gradcheck);
  const p0 = initialParams(ctx.layout);
  const init: ParamInit = { data: Float64Array.from(p0, (x) => x + 0.2 * (rng.nextFloat() - 0.5)), rows: 1, cols: p0.length };
  const batch = trainBatch(ctx, 0);
  const teacher = teacherTargets(ctx, batch);
  const build = (ops: Parameters<typeof studentLoss>[0], params: Parameters<typeof studentLoss>[2][]) =>
    studentLoss(ops, ctx, params[0], batch, teacher).total;
  const { ops } = makeOps({ dtype: 'float64', record: false });
  const atInit = studentLoss(ops, ctx, ops.constant(init.data, 1, p0.length), batch, teacher);
  const terms = atInit.terms;
  const loss = atInit.total.data[0];
  const directional = gradcheck(build, [init], { random: () => rng.nextFloat(), directions: 4 });
  const { gradients } = lossAndGradient(build, [init]);
  const grad = gradients[0];
  const scale = grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  const elements = elementCheck(build, init, grad, scale);
  return {
    maxRelError: elements.maxRelError,
    maxAbsError: elements.maxAbsError,
    kinkElements: elements.kinks,
    directionalMaxRelError: directional.maxRelError,
    parameters: p0.length,
    loss,
    terms,
    worst: elements.worst ? { index: elements.worst.index, reverse: elements.worst.reverse, centralDifference: elements.worst.centralDifference } : null,
  };
};

/**
 * Per-element central differences, made robust for a piecewise-smooth loss.
 *
 * - Rounding: a loss of size |L| gives central differences a rounding error
 *   of about eps |L| / h, and the loss (sums of norms over every edge) is
 *   large next to single gradient elements. So h is chosen to make that
 *   error 1e-6 of the comparison floor (within [1e-4, 1e-2]), with Richardson
 *   extrapolation D = (4 D(h/2) - D(h)) / 3 (truncation error O(h^4)), and the
 *   denominator of the relative error is at least 1e-3 of the largest
 *   gradient element (tiny elements are compared on the gradient's scale).
 * - Kinks: min-sum switches its argmin where two magnitudes cross, and relu
 *   has a corner at 0. If D(h) and D(h/2) disagree by more than 1e-4 of the
 *   gradient scale, a kink lies within the step: that element is counted in
 *   `kinks`, not compared. The test uses only loss values, never the reverse
 *   gradient, so a wrong VJP on a smooth piece cannot hide there.
 */
const elementCheck = (build: BuildLoss, init: ParamInit, grad: Float64Array, scale: number) => {
  const x = Float64Array.from(init.data);
  const floor = Math.max(1e-3 * scale, 1e-12);
  // the step whose rounding error eps |L| / h is 1e-6 of the comparison floor
  const h = Math.min(1e-2, Math.max(1e-4, (2.2e-16 * Math.abs(lossValue(build, [x], [init]))) / (1e-6 * floor)));
  const at = (k: number, delta: number): number => {
    const y = Float64Array.from(x);
    y[k] += delta;
    return lossValue(build, [y], [init]);
  };
  let maxRelError = 0;
  let maxAbsError = 0;
  let kinks = 0;
  let worst: { index: number; reverse: number; centralDifference: number } | null = null;
  for (let k = 0; k < x.length; k++) {
    const dH = (at(k, h) - at(k, -h)) / (2 * h);
    const dH2 = (at(k, h / 2) - at(k, -h / 2)) / h;
    if (Math.abs(dH - dH2) > 1e-4 * Math.max(scale, 1e-12)) {
      kinks++;
      continue;
    }
    const fd = (4 * dH2 - dH) / 3;
    const rel = relativeError(grad[k], fd, floor);
    maxAbsError = Math.max(maxAbsError, Math.abs(grad[k] - fd));
    if (worst === null || rel > maxRelError) {
      maxRelError = Math.max(maxRelError, rel);
      worst = { index: k, reverse: grad[k], centralDifference: fd };
    }
  }
  return { maxRelError, maxAbsError, kinks, worst };
};
