import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ferComparisons,
  gainSummaries,
  gainSummary,
  measurablyDifferent,
  sortByGain,
  spreadOf,
  twoProportionZ,
} from '../../src/experiments/gain.js';
import { pooledCurve } from '../../src/experiments/pooled.js';
import { logLinearCurve, point, results, run, variant } from './synthetic.js';

const XS = [3, 4, 5, 6];

describe('gainSummary on synthetic curves', () => {
  // baseline log10 BER = 0.2 - 0.8 x crosses 1e-4 at x = 5.25; a variant shifted left by g dB crosses at 5.25 - g.
  const base = variant('ce', 'CE only', 'trained', [run(1, logLinearCurve(0.2, 0.8, XS)), run(2, logLinearCurve(0.2, 0.8, XS))]);
  const shifted = (g: number) => logLinearCurve(0.2 - 0.8 * g, 0.8, XS);

  it('recovers the known crossing gain per seed, with mean, min and max over seeds', () => {
    const v = variant('method', 'method', 'trained', [run(1, shifted(0.4)), run(2, shifted(0.6))]);
    const g = gainSummary(v, base, 1e-4);
    assert.equal(g.perSeed.length, 2);
    assert.ok(Math.abs(g.perSeed[0].gainDb! - 0.4) < 1e-3, `seed 1 gain ${g.perSeed[0].gainDb}`);
    assert.ok(Math.abs(g.perSeed[1].gainDb! - 0.6) < 1e-3, `seed 2 gain ${g.perSeed[1].gainDb}`);
    assert.ok(Math.abs(g.seedSpread.mean! - 0.5) < 1e-3);
    assert.ok(Math.abs(g.seedSpread.min! - 0.4) < 1e-3);
    assert.ok(Math.abs(g.seedSpread.max! - 0.6) < 1e-3);
    assert.equal(g.seedSpread.count, 2);
    // Pooling adds counts (averages BERs, not log BERs), so the pooled gain is near, not exactly, 0.5.
    assert.ok(Math.abs(g.pooledGainDb! - 0.5) < 0.05, `pooled gain ${g.pooledGainDb}`);
    assert.equal(g.noMeasurableDifference, false, 'counts of 1e10 bits: the curves differ measurably');
  });

  it('a worse variant has a negative gain, and a target outside the curves gives null', () => {
    const v = variant('kd', 'KD only', 'trained', [run(1, shifted(-0.3)), run(2, shifted(-0.3))]);
    const g = gainSummary(v, base, 1e-4);
    assert.ok(Math.abs(g.pooledGainDb! + 0.3) < 1e-3);
    const far = gainSummary(v, base, 1e-9);
    assert.equal(far.pooledGainDb, null);
    assert.equal(far.seedSpread.count, 0);
  });

  it('gainSummaries compares every trained variant but the baseline, one row per target', () => {
    const r = results([
      variant('ms5', 'min-sum', 'baseline', [run(1, logLinearCurve(0.4, 0.8, XS))]),
      base,
      variant('method', 'method', 'trained', [run(1, shifted(0.5)), run(2, shifted(0.5))]),
    ]);
    const rows = gainSummaries(r, 'ce', [1e-4, 1e-3]);
    assert.deepEqual(rows.map((g) => [g.variantId, g.targetBer]), [['method', 1e-4], ['method', 1e-3]]);
    assert.deepEqual(gainSummaries(r, 'ms5', [1e-4]).map((g) => g.variantId), ['ce', 'method']);
    assert.deepEqual(gainSummaries(r, 'absent', [1e-4]), []);
  });
});

describe('the "no measurable difference" rule', () => {
  const curve = (bitErrors: number, bits: number, frameErrors: number, frames: number) =>
    pooledCurve(variant('x', 'x', 'trained', [run(1, [point(4, bitErrors, bits, frameErrors, frames)])]));

  it('overlapping BER and FER intervals: not measurably different', () => {
    assert.equal(measurablyDifferent(curve(50, 10_000, 20, 100), curve(55, 10_000, 22, 100)), false);
  });

  it('disjoint BER intervals alone are not enough: the FER intervals must be disjoint too', () => {
    // same frame errors, but b's failed frames carry three times the bit errors
    const a = curve(500, 1_000_000, 100, 10_000);
    const b = curve(1500, 1_000_000, 105, 10_000);
    assert.ok(a[0].berCi[1] < b[0].berCi[0], 'guard: the BER intervals are disjoint');
    assert.equal(measurablyDifferent(a, b), false);
    assert.equal(measurablyDifferent(a, curve(1500, 1_000_000, 200, 10_000)), true);
  });

  it('a variant with overlapping intervals is flagged in its gain summary even when a gain estimate exists', () => {
    // Two crossing curves 0.1 dB apart counted on so few bits that their intervals overlap everywhere.
    const mk = (shift: number) =>
      [3, 4, 5].map((x) => {
        const ber = 10 ** (1 - (x - shift));
        const bits = 20_000;
        return point(x, Math.max(1, Math.round(ber * bits)), bits, Math.max(1, Math.round(ber * 300)), 300);
      });
    const g = gainSummary(variant('v', 'v', 'trained', [run(1, mk(-0.1))]), variant('ce', 'ce', 'trained', [run(1, mk(0))]), 2e-3);
    assert.notEqual(g.pooledGainDb, null, 'guard: both curves cross the target');
    assert.ok(Math.abs(g.pooledGainDb! - 0.1) < 0.05, `guard: the estimate is about 0.1 dB, got ${g.pooledGainDb}`);
    assert.equal(g.noMeasurableDifference, true);
  });
});

describe('two-proportion z-test and per-point FER comparison', () => {
  it('matches a hand computation: 30/100 vs 20/100 gives z = 0.1 / sqrt(0.25 * 0.75 * 0.02) = 1.633', () => {
    assert.ok(Math.abs(twoProportionZ(30, 100, 20, 100)! - 0.1 / Math.sqrt(0.25 * 0.75 * 0.02)) < 1e-12);
    assert.equal(twoProportionZ(0, 100, 0, 100), null, 'no variation: undefined');
    assert.equal(twoProportionZ(1, 0, 1, 10), null);
  });

  it('is antisymmetric in its two samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.nat(), fc.nat(), (n1, n2, a, b) => {
        const x1 = a % (n1 + 1);
        const x2 = b % (n2 + 1);
        const z = twoProportionZ(x1, n1, x2, n2);
        const zr = twoProportionZ(x2, n2, x1, n1);
        return z === null ? zr === null : Math.abs(z + zr!) < 1e-12;
      }),
      { numRuns: 200 },
    );
  });

  it('flags 60/100 vs 20/100 as significant and 22/100 vs 20/100 as not; the ratio is FER over FER', () => {
    const v = pooledCurve(variant('v', 'v', 'trained', [run(1, [point(3, 600, 6300, 60, 100), point(4, 220, 6300, 22, 100), point(5, 1, 6300, 1, 100)])]));
    const b = pooledCurve(variant('b', 'b', 'trained', [run(1, [point(3, 200, 6300, 20, 100), point(4, 200, 6300, 20, 100), point(5, 0, 6300, 0, 100)])]));
    const cmp = ferComparisons(v, b);
    assert.equal(cmp[0].significant, true);
    assert.ok(Math.abs(cmp[0].ratio! - 3) < 1e-12);
    assert.equal(cmp[1].significant, false);
    assert.ok(Math.abs(cmp[1].ratio! - 1.1) < 1e-12);
    assert.equal(cmp[2].ratio, null, 'baseline without frame errors: no ratio');
  });
});

describe('spread and sorting', () => {
  it('spreadOf ignores missing gains', () => {
    assert.deepEqual(spreadOf([1, null, 3]), { mean: 2, min: 1, max: 3, count: 2 });
    assert.deepEqual(spreadOf([null]), { mean: null, min: null, max: null, count: 0 });
  });

  it('sortByGain puts the best first, rows without a crossing last, and keeps every row', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null })), (gains) => {
        const rows = gains.map((g, i) => ({ pooledGainDb: g, i }));
        const sorted = sortByGain(rows);
        assert.deepEqual(sorted.map((r) => r.i).sort((a, b) => a - b), rows.map((r) => r.i));
        const firstNull = sorted.findIndex((r) => r.pooledGainDb === null);
        if (firstNull >= 0) assert.ok(sorted.slice(firstNull).every((r) => r.pooledGainDb === null), 'nulls last');
        const nums = sorted.filter((r) => r.pooledGainDb !== null).map((r) => r.pooledGainDb!);
        for (let i = 1; i < nums.length; i++) assert.ok(nums[i - 1] >= nums[i], `not sorted: ${nums}`);
      }),
      { numRuns: 200 },
    );
    assert.deepEqual(sortByGain([{ pooledGainDb: null }, { pooledGainDb: 0.1 }, { pooledGainDb: 0.7 }]).map((r) => r.pooledGainDb), [0.7, 0.1, null]);
  });
});
