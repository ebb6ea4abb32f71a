import { clusteredBerInterval, wilsonInterval, zeroErrorUpperBound } from '../sim/stats.js';
import { VariantResult } from './results.js';

/** A variant's curve with the counts of all its seeds added up, per Eb/N0 point. */
export interface PooledPoint {
  readonly ebn0Db: number;
  readonly frames: number;
  readonly bits: number;
  readonly bitErrors: number;
  readonly frameErrors: number;
  readonly ber: number;
  readonly fer: number;
  readonly berCi: [number, number];
  readonly ferCi: [number, number];
  /** one-sided 95% bound when no bit error was seen */
  readonly berUpperBound: number | null;
}

interface Totals {
  frames: number;
  bits: number;
  bitErrors: number;
  /** NaN when a pooled point lacks it (results written before the field existed) */
  sumSquaredBitErrors: number;
  frameErrors: number;
}

/**
 * The BER interval of pooled counts: frames as clusters (clusteredBerInterval);
 * for results written without sumSquaredBitErrors, the independent-bit Wilson interval.
 */
const pooledBerCi = (c: Totals): [number, number] =>
  Number.isNaN(c.sumSquaredBitErrors) ? wilsonInterval(c.bitErrors, c.bits) : clusteredBerInterval(c.bitErrors, c.sumSquaredBitErrors, c.frames, c.frames > 0 ? c.bits / c.frames : 0);

/** Pool the seeds of a variant: counts add, intervals are recomputed on the totals. */
export const pooledCurve = (v: VariantResult): PooledPoint[] => {
  const byX = new Map<number, Totals>();
  for (const run of v.runs) {
    for (const p of run.points) {
      const acc = byX.get(p.ebn0Db) ?? { frames: 0, bits: 0, bitErrors: 0, sumSquaredBitErrors: 0, frameErrors: 0 };
      byX.set(p.ebn0Db, {
        frames: acc.frames + p.frames,
        bits: acc.bits + p.bits,
        bitErrors: acc.bitErrors + p.bitErrors,
        sumSquaredBitErrors: acc.sumSquaredBitErrors + (p.sumSquaredBitErrors ?? NaN),
        frameErrors: acc.frameErrors + p.frameErrors,
      });
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ebn0Db, c]) => ({
      ebn0Db,
      frames: c.frames,
      bits: c.bits,
      bitErrors: c.bitErrors,
      frameErrors: c.frameErrors,
      ber: c.bits ? c.bitErrors / c.bits : 0,
      fer: c.frames ? c.frameErrors / c.frames : 0,
      berCi: pooledBerCi(c),
      ferCi: wilsonInterval(c.frameErrors, c.frames),
      berUpperBound: c.bitErrors === 0 && c.bits > 0 ? zeroErrorUpperBound(c.bits) : null,
    }));
};
