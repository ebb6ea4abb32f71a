/**
 * The statistics an experiment report rests on (docs/method.md §7): coding gains at
 * a target BER with their spread over seeds, the "no measurable difference"
 * rule, and per-point FER comparisons with a significance test.
 *
 * Pure functions over ExperimentResults; the report only formats their output.
 */
import { BerPoint, gainDb, intervalsOverlap, Z_95 } from '../sim/stats.js';
import { PooledPoint, pooledCurve } from './pooled.js';
import { ExperimentResults, VariantResult } from './results.js';

/** Target BERs of the gain tables when the run names none: the headline 1e-4 first, then 1e-3. */
export const DEFAULT_TARGET_BERS: readonly number[] = [1e-4, 1e-3];

/** Id of the CE-only student (the neural BP baseline): gains "over CE-only" are measured against it. */
export const CE_BASELINE_ID = 'ce';
/** Id of plain min-sum with the student's iteration count: gains "over min-sum T=5". */
export const MS_BASELINE_ID = 'ms5';

/** Min, mean and max of the finite values; null fields when there are none. */
export interface Spread {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** how many values were finite (e.g. seeds whose curves both cross the target) */
  readonly count: number;
}

/** mean, min, max over the non-null values of `xs`. */
export const spreadOf = (xs: readonly (number | null)[]): Spread => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return { mean: null, min: null, max: null, count: 0 };
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v), count: v.length };
};

/**
 * True when the two pooled curves differ measurably: at some common Eb/N0
 * point BOTH the 95% BER intervals (frames as clusters) AND the 95% FER
 * intervals are disjoint: the variant fails on measurably fewer (or more)
 * frames and bits. Deliberately strict: two 95% intervals can overlap while a
 * 5% test of the difference is significant (the per-point FER table uses
 * such a test, ferComparisons), so the two can disagree near the edge.
 */
export const measurablyDifferent = (a: readonly PooledPoint[], b: readonly PooledPoint[]): boolean =>
  a.some((p) => {
    const q = b.find((x) => x.ebn0Db === p.ebn0Db);
    return q !== undefined && !intervalsOverlap(p.berCi, q.berCi) && !intervalsOverlap(p.ferCi, q.ferCi);
  });

/** The gain of one variant over one baseline at one target BER. */
export interface GainSummary {
  readonly variantId: string;
  readonly variantLabel: string;
  readonly baselineId: string;
  readonly baselineLabel: string;
  readonly targetBer: number;
  /** gain of the curves pooled over all seeds; null when one of them does not cross the target */
  readonly pooledGainDb: number | null;
  /** gain seed by seed (variant and baseline on the same seed, hence the same noise) */
  readonly perSeed: readonly { readonly seed: number; readonly gainDb: number | null }[];
  /** spread of the per-seed gains */
  readonly seedSpread: Spread;
  /** true when the pooled curves are not measurably different ({@link measurablyDifferent}) */
  readonly noMeasurableDifference: boolean;
}

const berPoints = (points: readonly { ebn0Db: number; ber: number; bitErrors: number }[]): BerPoint[] =>
  // A point without bit errors has no BER estimate (only an upper bound): leave it out of the interpolation.
  points.filter((p) => p.bitErrors > 0).map((p) => ({ ebn0Db: p.ebn0Db, ber: p.ber }));

/** Gains of `variant` over `baseline` at each target, pooled and per seed. */
export const gainSummary = (variant: VariantResult, baseline: VariantResult, targetBer: number): GainSummary => {
  const v = pooledCurve(variant);
  const b = pooledCurve(baseline);
  const perSeed = variant.runs.map((run) => {
    const baseRun = baseline.runs.find((r) => r.seed === run.seed);
    return { seed: run.seed, gainDb: baseRun ? gainDb(berPoints(baseRun.points), berPoints(run.points), targetBer) : null };
  });
  return {
    variantId: variant.id,
    variantLabel: variant.label,
    baselineId: baseline.id,
    baselineLabel: baseline.label,
    targetBer,
    pooledGainDb: gainDb(berPoints(b), berPoints(v), targetBer),
    perSeed,
    seedSpread: spreadOf(perSeed.map((s) => s.gainDb)),
    noMeasurableDifference: !measurablyDifferent(v, b),
  };
};

/**
 * Gains of every trained variant (other than the baseline itself) over the
 * baseline `baselineId`, one row per (variant, target). Empty when the run
 * has no such baseline.
 *
 * @example
 * ```ts
 * import { gainSummaries, runAblation } from 'tanner';
 * import assert from 'node:assert/strict';
 * const results = await runAblation(
 *   { code: 'bch-31-16', train: { steps: 2, batch: 8, validateEvery: 0 }, eval: { ebn0Db: [2, 3, 4], maxFrames: 400 } },
 *   { variants: ['ms5', 'ce'], seeds: 2 },
 * );
 * const [gain] = gainSummaries(results, 'ms5', [1e-2]); // the CE-only student over min-sum at BER 1e-2
 * assert.equal(gain.variantId, 'ce');
 * assert.deepEqual(gain.perSeed.map((s) => s.seed), [1, 2]);
 * ```
 */
export const gainSummaries = (r: ExperimentResults, baselineId: string, targets: readonly number[]): GainSummary[] => {
  const base = r.variants.find((v) => v.id === baselineId);
  if (!base || base.runs.length === 0) return [];
  return r.variants
    .filter((v) => v.id !== baselineId && v.kind === 'trained' && v.runs.length > 0)
    .flatMap((v) => targets.map((t) => gainSummary(v, base, t)));
};

/**
 * Rows sorted by pooled gain, best first; rows without a crossing go last.
 * Ties (and rows without a gain) keep their input order (the sort is stable).
 */
export const sortByGain = <R extends { readonly pooledGainDb: number | null }>(rows: readonly R[]): R[] =>
  [...rows].sort((a, b) => (b.pooledGainDb ?? -Infinity) - (a.pooledGainDb ?? -Infinity) || 0);

/**
 * Two-proportion z statistic for x1/n1 against x2/n2 with the pooled variance:
 *
 *   p = (x1 + x2) / (n1 + n2),  z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2))
 *
 * Null when it is undefined (an empty sample, or p = 0 or 1: no variation at all).
 */
export const twoProportionZ = (x1: number, n1: number, x2: number, n2: number): number | null => {
  if (n1 <= 0 || n2 <= 0) return null;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se > 0 ? (x1 / n1 - x2 / n2) / se : null;
};

/** The FER of a variant against a baseline at one Eb/N0 point. */
export interface FerComparison {
  readonly ebn0Db: number;
  /** FER(variant) / FER(baseline); null when the baseline saw no frame error */
  readonly ratio: number | null;
  readonly z: number | null;
  /** |z| > 1.96: the FERs differ at the 5% level (two-sided) */
  readonly significant: boolean;
}

/**
 * Per-point FER comparison with a two-sided two-proportion z-test at 5%.
 * The test treats the two samples as independent; the variants actually saw
 * the same noise frames, which correlates them positively, so the unpaired
 * test overstates the variance of the difference and errs on the side of
 * "not significant".
 */
export const ferComparisons = (variant: readonly PooledPoint[], baseline: readonly PooledPoint[]): FerComparison[] =>
  variant.flatMap((p) => {
    const q = baseline.find((x) => x.ebn0Db === p.ebn0Db);
    if (!q) return [];
    const z = twoProportionZ(p.frameErrors, p.frames, q.frameErrors, q.frames);
    return [{ ebn0Db: p.ebn0Db, ratio: q.frameErrors > 0 ? p.fer / q.fer : null, z, significant: z !== null && Math.abs(z) > Z_95 }];
  });
