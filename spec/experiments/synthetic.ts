/**
 * Synthetic experiment results for the statistics and report specs: curves
 * with known log-BER slopes (so their crossings are known in closed form) and
 * exact counts.
 */
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { ExperimentResults, VariantResult, VariantRun } from '../../src/experiments/results.js';
import type { PointResult } from '../../src/sim/monte-carlo.js';
import { clusteredBerInterval, wilsonInterval } from '../../src/sim/stats.js';

/** sum of squared per-frame bit errors when `bitErrors` are spread evenly over `frameErrors` frames (some specs give bit errors without frame errors: then one per frame) */
const sumSquares = (bitErrors: number, frameErrors: number): number => (frameErrors > 0 ? (bitErrors * bitErrors) / frameErrors : bitErrors);

/** A point with the given counts; the fields the statistics do not read are filled with neutral values. */
export const point = (ebn0Db: number, bitErrors: number, bits: number, frameErrors: number, frames: number): PointResult => ({
  ebn0Db,
  esn0Db: ebn0Db,
  sigma: 1,
  frames,
  bits,
  bitErrors,
  // the bit errors spread evenly over the errored frames (bitErrors / frameErrors each)
  sumSquaredBitErrors: sumSquares(bitErrors, frameErrors),
  frameErrors,
  ber: bitErrors / bits,
  fer: frameErrors / frames,
  berCi: clusteredBerInterval(bitErrors, sumSquares(bitErrors, frameErrors), frames, bits / frames),
  ferCi: wilsonInterval(frameErrors, frames),
  berUpperBound: null,
  ferUpperBound: null,
  meanIterations: 5,
  framesPerSecond: 1,
  seconds: 1,
  blocks: 1,
  complete: true,
  stoppedBy: 'max-frames',
});

/** A curve with log10 BER = a - b x at the points xs, counted on `bits` bits (FER = 10 BER, capped at 1). */
export const logLinearCurve = (a: number, b: number, xs: readonly number[], bits = 1e10): PointResult[] =>
  xs.map((x) => {
    const ber = 10 ** (a - b * x);
    const frames = bits / 100;
    return point(x, Math.round(ber * bits), bits, Math.round(Math.min(1, 10 * ber) * frames), frames);
  });

export const run = (seed: number, points: PointResult[]): VariantRun => ({ seed, training: null, points });

export const variant = (id: string, label: string, kind: 'baseline' | 'trained', runs: VariantRun[]): VariantResult => ({
  id,
  label,
  kind,
  decoder: id,
  config: decodeRunConfigOrThrow({}),
  runs,
});

export const results = (variants: VariantResult[], targetBers?: number[]): ExperimentResults => ({
  format: 'tanner-results/1',
  title: 'Synthetic',
  command: 'none',
  code: { name: 'bch-63-45', n: 63, k: 45, edges: 432 },
  baseConfig: decodeRunConfigOrThrow({}),
  seeds: [...new Set(variants.flatMap((v) => v.runs.map((r) => r.seed)))],
  variants,
  elapsedSeconds: 1,
  complete: true,
  ...(targetBers ? { targetBers } : {}),
});
