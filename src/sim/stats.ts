/**
 * Statistics for Monte Carlo error-rate estimates: confidence intervals,
 * zero-error bounds, threshold crossings and coding gains.
 *
 * All functions are pure and take plain numbers.
 */

/** Two-sided 95% standard normal quantile, Phi^-1(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion p = k/n:
 *
 *   centre = (p + z^2/(2n)) / (1 + z^2/n)
 *   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2))
 *   [lo, hi] = [centre - half, centre + half], clamped to [0, 1]
 *
 * For FER, trials = frames and successes = frame errors: frames are
 * independent, so the interval is close to its nominal coverage.
 * For BER, bits are not independent trials: a failed decode flips many bits
 * of one frame at once, so a Wilson interval over bits is too narrow. The BER
 * interval of the product is {@link clusteredBerInterval}, which treats the
 * frames as the independent units.
 *
 * @param successes number of events counted (errors), 0 <= successes <= trials
 * @param trials number of independent trials; 0 gives the vacuous [0, 1]
 * @param z normal quantile (default: 95% two-sided)
 *
 * @example
 * ```ts
 * import { wilsonInterval } from 'tanner';
 * import assert from 'node:assert/strict';
 * const [lo, hi] = wilsonInterval(10, 100); // 10 frame errors in 100 frames
 * assert.ok(lo > 0.05 && lo < 0.1 && hi > 0.1 && hi < 0.18);
 * assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
 * ```
 */
export const wilsonInterval = (
  successes: number,
  trials: number,
  z: number = Z_95,
): [number, number] => {
  if (!(trials >= 0) || !(successes >= 0) || successes > trials) {
    throw new RangeError(`wilsonInterval: need 0 <= successes <= trials, got ${successes}/${trials}`);
  }
  if (trials === 0) return [0, 1];
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // The exact endpoints at k = 0 and k = n are 0 and 1; pin them so rounding
  // cannot produce a tiny negative or a value just above 1.
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
};

/**
 * 95% interval of a BER estimated from `frames` independent frames of
 * `bitsPerFrame` counted bits each, with `bitErrors` errors in all and
 * `sumSquaredBitErrors` = sum over frames of (bit errors of the frame)^2.
 *
 * Bit errors cluster in frames (a decoding failure flips several bits), so
 * the variance of the BER estimate is that of the per-frame error counts e_f,
 * not the binomial variance of independent bits. The ratio of the two is the
 * design effect (Kish)
 *
 *   D = s_e^2 / (bitsPerFrame p (1 - p)),   p = bitErrors / bits,
 *   s_e^2 = (sum e_f^2 - frames mean_e^2) / (frames - 1)   (sample variance of e_f),
 *
 * and the interval is the Wilson interval at the effective sample size:
 * wilsonInterval(bitErrors / D, bits / D) with D >= 1 (never narrower than
 * the independent-bit interval). With a single frame, no error, or p = 1
 * there is nothing to estimate D from and D = 1.
 */
export const clusteredBerInterval = (
  bitErrors: number,
  sumSquaredBitErrors: number,
  frames: number,
  bitsPerFrame: number,
  z: number = Z_95,
): [number, number] => {
  const bits = frames * bitsPerFrame;
  if (!(sumSquaredBitErrors >= bitErrors) && bitErrors > 0) {
    throw new RangeError(`clusteredBerInterval: the sum of squared per-frame errors ${sumSquaredBitErrors} is below the error count ${bitErrors}`);
  }
  const p = bits > 0 ? bitErrors / bits : 0;
  if (frames < 2 || bitErrors === 0 || p >= 1) return wilsonInterval(bitErrors, bits, z);
  const mean = bitErrors / frames;
  const variance = Math.max(0, (sumSquaredBitErrors - frames * mean * mean) / (frames - 1));
  const design = Math.max(1, variance / (bitsPerFrame * p * (1 - p)));
  return wilsonInterval(bitErrors / design, bits / design, z);
};

/**
 * One-sided upper confidence bound on an error rate after `trials` trials
 * with zero errors:  p_up = 1 - (1 - confidence)^(1/trials)  (~ 3/trials at
 * 95%, the "rule of three"). A point with zero observed errors reports this
 * bound instead of an error rate of 0.
 *
 * @example
 * ```ts
 * import { zeroErrorUpperBound } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.ok(Math.abs(zeroErrorUpperBound(1000) - 3 / 1000) < 1e-4); // the rule of three
 * assert.equal(zeroErrorUpperBound(0), 1);
 * ```
 */
export const zeroErrorUpperBound = (trials: number, confidence = 0.95): number => {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`zeroErrorUpperBound: confidence must be in (0, 1), got ${confidence}`);
  }
  if (!(trials > 0)) return 1;
  // -expm1(log1p(-c)/n) avoids cancellation for large n.
  return -Math.expm1(Math.log1p(-confidence) / trials);
};

/** One point of a BER (or FER) curve. */
export interface BerPoint {
  readonly ebn0Db: number;
  readonly ber: number;
}

/**
 * Eb/N0 (dB) at which a decreasing error-rate curve crosses `targetBer`,
 * interpolated linearly in (Eb/N0, log10 BER) between the first pair of
 * consecutive points (sorted by Eb/N0) that bracket the target:
 *
 *   x = x0 + (x1 - x0) * (log10 t - log10 y0) / (log10 y1 - log10 y0)
 *
 * Points with BER <= 0 (zero errors) or non-finite values are ignored, since
 * their logarithm is undefined. Returns null when no pair brackets the target
 * (the curve never reaches it, or starts below it). A point exactly at the
 * target returns its own Eb/N0.
 *
 * @example
 * ```ts
 * import { interpolateEbn0AtBer } from 'tanner';
 * import assert from 'node:assert/strict';
 * const curve = [{ ebn0Db: 4, ber: 1e-3 }, { ebn0Db: 5, ber: 1e-5 }];
 * assert.ok(Math.abs(interpolateEbn0AtBer(curve, 1e-4)! - 4.5) < 1e-12);
 * assert.equal(interpolateEbn0AtBer(curve, 1e-2), null); // starts below the target
 * ```
 */
export const interpolateEbn0AtBer = (
  points: readonly BerPoint[],
  targetBer: number,
): number | null => {
  if (!(targetBer > 0)) return null;
  const usable = points
    .filter((p) => Number.isFinite(p.ebn0Db) && Number.isFinite(p.ber) && p.ber > 0)
    .slice()
    .sort((a, b) => a.ebn0Db - b.ebn0Db);
  const logT = Math.log10(targetBer);
  for (let i = 0; i < usable.length; i++) {
    if (usable[i].ber === targetBer) return usable[i].ebn0Db;
    if (i === 0) continue;
    const a = usable[i - 1];
    const b = usable[i];
    const la = Math.log10(a.ber);
    const lb = Math.log10(b.ber);
    if (la > logT && lb < logT) {
      return a.ebn0Db + ((b.ebn0Db - a.ebn0Db) * (logT - la)) / (lb - la);
    }
  }
  return null;
};

/**
 * Coding gain at `targetBer` in dB: crossing(baseline) - crossing(variant).
 * Positive means the variant reaches the target at a lower Eb/N0 (better).
 * Null if either curve does not cross the target.
 *
 * @example
 * ```ts
 * import { gainDb } from 'tanner';
 * import assert from 'node:assert/strict';
 * const baseline = [{ ebn0Db: 4, ber: 1e-3 }, { ebn0Db: 5, ber: 1e-5 }]; // crosses 1e-4 at 4.5 dB
 * const variant = [{ ebn0Db: 4, ber: 1e-4 }, { ebn0Db: 5, ber: 1e-6 }]; // at 4 dB
 * assert.ok(Math.abs(gainDb(baseline, variant, 1e-4)! - 0.5) < 1e-12);
 * assert.equal(gainDb(baseline, variant, 1e-9), null); // no crossing
 * ```
 */
export const gainDb = (
  baseline: readonly BerPoint[],
  variant: readonly BerPoint[],
  targetBer: number,
): number | null => {
  const xb = interpolateEbn0AtBer(baseline, targetBer);
  const xv = interpolateEbn0AtBer(variant, targetBer);
  return xb === null || xv === null ? null : xb - xv;
};

/** True when the closed intervals [a, b] and [c, d] share at least one point. */
export const intervalsOverlap = (
  [a, b]: readonly [number, number],
  [c, d]: readonly [number, number],
): boolean => Math.max(a, c) <= Math.min(b, d);

/**
 * -ln(BER), the form in which the literature tabulates BER at fixed Eb/N0
 * (larger is better). BER 0 gives +Infinity; callers should pass the
 * zero-error upper bound instead.
 */
export const negLnBer = (ber: number): number => -Math.log(ber);
