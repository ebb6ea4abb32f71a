import { Ops, backward, makeOps } from './ops.js';
import { Tensor } from './tensor.js';

/**
 * Numerical gradient checks in float64 (HIPS autograd `test_util` style).
 *
 * Relative error of two numbers a (reverse mode) and b (finite difference):
 *   relErr(a, b) = |a - b| / max(|a|, |b|, tiny)
 * so it is relative for ordinary values and absolute (scaled by 1/tiny) near 0.
 */

/** A scalar loss built from ops over params; must return a [1, 1] tensor. */
export type BuildLoss = (ops: Ops, params: Tensor[]) => Tensor;

/** Initial value and shape of one parameter. */
export interface ParamInit {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** |a - b| / max(|a|, |b|, tiny) */
export const relativeError = (a: number, b: number, tiny = 1e-12): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), tiny);

/** The loss value at the given parameter values, without a tape (float64). */
export const lossValue = (build: BuildLoss, values: ReadonlyArray<Float64Array>, inits: ReadonlyArray<ParamInit>): number => {
  const { ops } = makeOps({ dtype: 'float64', record: false });
  const params = values.map((v, i) => ops.param(v, inits[i].rows, inits[i].cols));
  const loss = build(ops, params);
  if (loss.rows !== 1 || loss.cols !== 1) throw new RangeError(`gradcheck: the loss must be [1, 1], got [${loss.rows}, ${loss.cols}]`);
  return loss.data[0];
};

/** Loss value and reverse-mode gradient of every param (float64). */
export const lossAndGradient = (
  build: BuildLoss,
  inits: ReadonlyArray<ParamInit>,
): { value: number; gradients: Float64Array[] } => {
  const { ops, tape } = makeOps({ dtype: 'float64', record: true });
  const params = inits.map((p) => ops.param(Float64Array.from(p.data), p.rows, p.cols));
  const loss = build(ops, params);
  const grads = backward(tape!, loss);
  return { value: loss.data[0], gradients: params.map((p) => grads.get(p) as Float64Array) };
};

/** Options of the directional check. */
export interface GradcheckOptions {
  /** uniform [0, 1) generator (seeded by the caller) for the random directions */
  readonly random: () => number;
  /** number of random directions [3] */
  readonly directions?: number;
  /** finite-difference step along the unit direction [1e-5: balances truncation h^2 and rounding eps/h in float64] */
  readonly h?: number;
  /** floor of the relative-error denominator [1e-12] */
  readonly tiny?: number;
}

/** One direction of the directional check. */
export interface DirectionCheck {
  /** <grad f, u> from the reverse pass */
  readonly reverse: number;
  /** (f(x + h u) - f(x - h u)) / 2h */
  readonly centralDifference: number;
  readonly relError: number;
}

/** Result of a gradient check. */
export interface GradcheckResult {
  readonly maxRelError: number;
  readonly value: number;
  readonly checks: ReadonlyArray<DirectionCheck>;
}

/**
 * Directional gradient check: for random directions u over all params
 * (normalised to |u| = 1), compare the reverse-mode directional derivative
 * <grad f(x), u> with the central difference (f(x + h u) - f(x - h u)) / 2h.
 * One reverse pass checks every VJP on the path at once.
 *
 * @example
 * ```ts
 * import { gradcheck, rngStream } from 'tanner';
 * import assert from 'node:assert/strict';
 * const rng = rngStream(1);
 * const result = gradcheck(
 *   (ops, [x]) => ops.sum(ops.softplus(ops.mul(x, x))),
 *   [{ data: [0.3, -1.2], rows: 1, cols: 2 }],
 *   { random: () => rng.nextFloat() },
 * );
 * assert.equal(result.checks.length, 3);
 * assert.ok(result.maxRelError < 1e-6);
 * ```
 */
export const gradcheck = (build: BuildLoss, inits: ReadonlyArray<ParamInit>, options: GradcheckOptions): GradcheckResult => {
  const h = options.h ?? 1e-5;
  const tiny = options.tiny ?? 1e-12;
  const { value, gradients } = lossAndGradient(build, inits);
  const base = inits.map((p) => Float64Array.from(p.data));
  const checks: DirectionCheck[] = [];
  for (let d = 0; d < (options.directions ?? 3); d++) {
    const u = base.map((b) => b.map(() => 2 * options.random() - 1));
    const norm = Math.sqrt(u.reduce((s, ui) => s + ui.reduce((t, x) => t + x * x, 0), 0)) || 1;
    u.forEach((ui) => ui.forEach((x, k) => (ui[k] = x / norm)));
    const shifted = (sign: number) => base.map((b, i) => b.map((x, k) => x + sign * h * u[i][k]));
    const centralDifference = (lossValue(build, shifted(1), inits) - lossValue(build, shifted(-1), inits)) / (2 * h);
    const reverse = gradients.reduce((s, g, i) => s + g.reduce((t, x, k) => t + x * u[i][k], 0), 0);
    checks.push({ reverse, centralDifference, relError: relativeError(reverse, centralDifference, tiny) });
  }
  return { maxRelError: Math.max(...checks.map((c) => c.relError)), value, checks };
};

/** Options of the per-element check. */
export interface ElementCheckOptions {
  /** finite-difference step [1e-5] */
  readonly h?: number;
  /** floor of the relative-error denominator [1e-7]: element gradients near 0 are compared absolutely */
  readonly tiny?: number;
}

/** Result of the per-element check, with the worst element. */
export interface ElementCheckResult {
  readonly maxRelError: number;
  readonly maxAbsError: number;
  readonly worst: { readonly param: number; readonly index: number; readonly reverse: number; readonly centralDifference: number } | null;
}

/**
 * Per-element check for small cases: every element of every param is moved
 * by +-h and its central difference compared with its gradient element.
 */
export const gradcheckElements = (
  build: BuildLoss,
  inits: ReadonlyArray<ParamInit>,
  options: ElementCheckOptions = {},
): ElementCheckResult => {
  const h = options.h ?? 1e-5;
  const tiny = options.tiny ?? 1e-7;
  const { gradients } = lossAndGradient(build, inits);
  const base = inits.map((p) => Float64Array.from(p.data));
  let maxRelError = 0;
  let maxAbsError = 0;
  let worst: ElementCheckResult['worst'] = null;
  base.forEach((b, i) => {
    for (let k = 0; k < b.length; k++) {
      const at = (delta: number) => base.map((bb, j) => (j === i ? bb.map((x, kk) => (kk === k ? x + delta : x)) : bb));
      const centralDifference = (lossValue(build, at(h), inits) - lossValue(build, at(-h), inits)) / (2 * h);
      const reverse = gradients[i][k];
      const rel = relativeError(reverse, centralDifference, tiny);
      maxAbsError = Math.max(maxAbsError, Math.abs(reverse - centralDifference));
      if (worst === null || rel > maxRelError) {
        maxRelError = Math.max(maxRelError, rel);
        worst = { param: i, index: k, reverse, centralDifference };
      }
    }
  });
  return { maxRelError, maxAbsError, worst };
};
