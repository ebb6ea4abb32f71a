/**
 * Axis arithmetic for plots: "nice" linear ticks and log10 decade ranges.
 * Pure number functions.
 */

/** A linear axis: its extent and tick positions (tick step is 1, 2 or 5 x 10^k). */
export interface LinearAxis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  readonly step: number;
}

/** A step of 1, 2 or 5 x 10^k close to span / targetCount. */
export const niceStep = (span: number, targetCount: number): number => {
  const raw = span / Math.max(1, targetCount);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * mag;
};

/**
 * Linear axis covering [lo, hi], extended outwards to whole steps, with about
 * `targetCount` ticks. A degenerate or non-finite range falls back to a unit span.
 */
export const linearAxis = (lo: number, hi: number, targetCount = 6): LinearAxis => {
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : a + 1;
  if (b < a) [a, b] = [b, a];
  if (b - a < 1e-12 * Math.max(1, Math.abs(a))) {
    a -= 1;
    b += 1;
  }
  const step = niceStep(b - a, targetCount);
  const min = Math.floor(a / step + 1e-9) * step;
  const max = Math.ceil(b / step - 1e-9) * step;
  const ticks: number[] = [];
  const count = Math.round((max - min) / step);
  // Multiply rather than accumulate, and round, so ticks print as 0.2 not 0.20000000000000004.
  for (let i = 0; i <= count; i++) ticks.push(Number((min + i * step).toPrecision(12)));
  return { min, max, ticks, step };
};

/**
 * Whole decades [10^lo, 10^hi] covering every positive finite value given.
 * With no usable values the range is [1e-6, 1]; a single decade is widened to two.
 */
export const decadeRange = (values: readonly number[]): { lo: number; hi: number } => {
  const logs = values.filter((v) => Number.isFinite(v) && v > 0).map(Math.log10);
  if (logs.length === 0) return { lo: -6, hi: 0 };
  const lo = Math.floor(Math.min(...logs) + 1e-9);
  const hi = Math.ceil(Math.max(...logs) - 1e-9);
  // "+ 0" turns a -0 from Math.ceil(-0.7) into 0.
  return { lo: lo + 0, hi: Math.max(hi, lo + 1) + 0 };
};
