import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decadeRange, linearAxis } from '../../src/report/axis.js';

describe('linearAxis', () => {
  it('gives 1/2/5 steps covering the data: 0..8 dB -> 0,2,4,6,8', () => {
    assert.deepEqual(linearAxis(0, 8, 4).ticks, [0, 2, 4, 6, 8]);
    assert.deepEqual(linearAxis(0.1, 0.55, 5).ticks, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  });
  it('property: ticks are evenly spaced, start at min, end at max, cover [lo, hi]', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (lo, span) => {
        const ax = linearAxis(lo, lo + span, 6);
        assert.ok(ax.min <= lo + 1e-9 && ax.max >= lo + span - 1e-9);
        assert.ok(ax.ticks.length >= 2 && ax.ticks.length <= 16, `ticks ${ax.ticks.length}`);
        assert.ok(Math.abs(ax.ticks[0] - ax.min) < 1e-9 * Math.max(1, Math.abs(ax.min)));
        for (let i = 1; i < ax.ticks.length; i++) {
          assert.ok(Math.abs(ax.ticks[i] - ax.ticks[i - 1] - ax.step) < 1e-6 * ax.step);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('decadeRange', () => {
  it('covers positive values by whole decades and ignores 0, NaN, Infinity', () => {
    assert.deepEqual(decadeRange([3e-6, 0.2, 0, Number.NaN, Number.POSITIVE_INFINITY]), { lo: -6, hi: 0 });
    assert.deepEqual(decadeRange([1e-3, 1e-1]), { lo: -3, hi: -1 });
  });
  it('widens a single decade and falls back to 1e-6..1 with no data', () => {
    assert.deepEqual(decadeRange([1e-3]), { lo: -3, hi: -2 });
    assert.deepEqual(decadeRange([]), { lo: -6, hi: 0 });
  });
});
