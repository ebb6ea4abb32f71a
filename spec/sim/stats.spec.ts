import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rngStream } from '../../src/channel/rng.js';
import {
  clusteredBerInterval,
  gainDb,
  interpolateEbn0AtBer,
  intervalsOverlap,
  negLnBer,
  wilsonInterval,
  zeroErrorUpperBound,
  type BerPoint,
} from '../../src/sim/stats.js';

const close = (actual: number, expected: number, relTol: number, what: string): void => {
  assert.ok(
    Math.abs(actual - expected) <= relTol * Math.max(Math.abs(expected), 1e-300),
    `${what}: got ${actual}, expected ${expected} (rel tol ${relTol})`,
  );
};

describe('wilsonInterval', () => {
  // Reference values worked by hand from centre +- half with z = 1.96
  // (0/10 and 5/10 also match published Wilson tables: 0.2775, 0.2366-0.7634).
  it('0/10 gives [0, 0.27753]', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    assert.equal(lo, 0);
    close(hi, 0.2775328, 1e-6, 'hi');
  });
  it('5/10 gives [0.23659, 0.76341]', () => {
    const [lo, hi] = wilsonInterval(5, 10);
    close(lo, 0.2365931, 1e-6, 'lo');
    close(hi, 0.7634069, 1e-6, 'hi');
  });
  it('100/1e6 gives [8.2228e-5, 1.21613e-4]', () => {
    const [lo, hi] = wilsonInterval(100, 1e6);
    close(lo, 8.222786e-5, 1e-5, 'lo');
    close(hi, 1.2161282e-4, 1e-5, 'hi');
  });
  it('n/n reaches exactly 1 and 0 trials is the vacuous [0, 1]', () => {
    assert.equal(wilsonInterval(10, 10)[1], 1);
    close(wilsonInterval(10, 10)[0], 0.7224672, 1e-6, 'lo');
    assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
  });
  it('rejects more successes than trials', () => {
    assert.throws(() => wilsonInterval(11, 10), RangeError);
  });

  const countPair = fc
    .integer({ min: 1, max: 1_000_000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('property: 0 <= lo <= k/n <= hi <= 1', () => {
    fc.assert(
      fc.property(countPair, ([k, n]) => {
        const [lo, hi] = wilsonInterval(k, n);
        return 0 <= lo && lo <= k / n && k / n <= hi && hi <= 1;
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });
  it('property: at a fixed ratio the width shrinks as n grows', () => {
    fc.assert(
      fc.property(countPair, fc.integer({ min: 2, max: 50 }), ([k, n], m) => {
        const [lo1, hi1] = wilsonInterval(k, n);
        const [lo2, hi2] = wilsonInterval(m * k, m * n);
        return hi2 - lo2 < hi1 - lo1;
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});

describe('clusteredBerInterval (frames as clusters)', () => {
  it('equals the independent-bit Wilson interval when every errored frame has one bit error', () => {
    // 37 errors in 37 different frames of 10000 x 63 bits: no clustering, design effect 1
    assert.deepEqual(clusteredBerInterval(37, 37, 10_000, 63), wilsonInterval(37, 630_000));
  });

  it('is the Wilson interval at the effective sample size when errors come in bursts', () => {
    // 20 failed frames of 8 bit errors each among 10000: design effect ~8
    const frames = 10_000;
    const n = 63;
    const K = 160;
    const S = 20 * 64;
    const p = K / (frames * n);
    const mean = K / frames;
    const D = (S - frames * mean * mean) / (frames - 1) / (n * p * (1 - p));
    assert.ok(D > 7.5 && D < 8.5, `design effect ${D}`);
    assert.deepEqual(clusteredBerInterval(K, S, frames, n), wilsonInterval(K / D, (frames * n) / D));
    const [lo, hi] = clusteredBerInterval(K, S, frames, n);
    const [wlo, whi] = wilsonInterval(K, frames * n);
    assert.ok(lo < wlo && hi > whi, 'wider than the independent-bit interval');
    assert.ok(lo <= p && p <= hi);
  });

  it('falls back to Wilson where no spread can be estimated (one frame, no error, all bits wrong)', () => {
    assert.deepEqual(clusteredBerInterval(5, 25, 1, 63), wilsonInterval(5, 63));
    assert.deepEqual(clusteredBerInterval(0, 0, 500, 63), wilsonInterval(0, 500 * 63));
    assert.deepEqual(clusteredBerInterval(126, 126 * 63, 2, 63), wilsonInterval(126, 126));
    assert.throws(() => clusteredBerInterval(10, 5, 100, 63), RangeError);
  });

  it('covers the true BER about 95% of the time for bursty errors, where the bit-wise Wilson interval does not', () => {
    // Frames fail with probability 0.02; a failed frame has 1 + Geometric(mean 5) bit errors out of 63.
    // True BER = 0.02 * 6 / 63. 600 experiments of 3000 frames, seeded.
    const frames = 3000;
    const n = 63;
    const trueBer = (0.02 * 6) / n;
    let coveredClustered = 0;
    let coveredWilson = 0;
    const runs = 600;
    for (let r = 0; r < runs; r++) {
      const rng = rngStream(2024, r);
      let K = 0;
      let S = 0;
      for (let f = 0; f < frames; f++) {
        if (rng.nextFloat() >= 0.02) continue;
        let e = 1;
        while (e < n && rng.nextFloat() < 5 / 6) e++;
        K += e;
        S += e * e;
      }
      const [lo, hi] = clusteredBerInterval(K, S, frames, n);
      const [wlo, whi] = wilsonInterval(K, frames * n);
      if (lo <= trueBer && trueBer <= hi) coveredClustered++;
      if (wlo <= trueBer && trueBer <= whi) coveredWilson++;
    }
    const c = coveredClustered / runs;
    const w = coveredWilson / runs;
    assert.ok(c > 0.92 && c < 0.98, `frames-as-clusters coverage ${c}`);
    assert.ok(w < 0.7, `independent-bit Wilson coverage ${w} (expected far below 95%)`);
  });
});

describe('zeroErrorUpperBound', () => {
  it('is 0.95 after one trial and solves (1 - p)^n = 0.05', () => {
    close(zeroErrorUpperBound(1), 0.95, 1e-12, 'n=1');
    const p = zeroErrorUpperBound(1000);
    close(p, 0.00299124954, 1e-8, 'n=1000');
    close((1 - p) ** 1000, 0.05, 1e-9, '(1-p)^n');
  });
  it('approaches the rule of three, -ln(0.05)/n ~ 3/n, for large n', () => {
    close(zeroErrorUpperBound(1e9) * 1e9, -Math.log(0.05), 1e-6, 'n * bound');
    assert.ok(zeroErrorUpperBound(1e9) > 0);
  });
  it('honours another confidence level', () => {
    close(zeroErrorUpperBound(10, 0.5), 1 - 0.5 ** 0.1, 1e-12, '50%');
  });
});

describe('interpolateEbn0AtBer', () => {
  // BER = 10^(-x/2): log10 BER is linear in x, so interpolation is exact.
  const curve: BerPoint[] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((x) => ({ ebn0Db: x, ber: 10 ** (-x / 2) }));

  it('finds the known crossing of a log-linear curve', () => {
    close(interpolateEbn0AtBer(curve, 1e-3) as number, 6, 1e-12, '1e-3');
    close(interpolateEbn0AtBer(curve, 10 ** -2.25) as number, 4.5, 1e-12, '10^-2.25');
    close(interpolateEbn0AtBer(curve, 2e-4) as number, -2 * Math.log10(2e-4), 1e-12, '2e-4');
  });
  it('interpolates in log10 BER, not in BER', () => {
    const two: BerPoint[] = [
      { ebn0Db: 0, ber: 1e-1 },
      { ebn0Db: 1, ber: 1e-3 },
    ];
    // Halfway in log10 is 1e-2 at 0.5 dB; linear in BER would give ~0.91 dB.
    close(interpolateEbn0AtBer(two, 1e-2) as number, 0.5, 1e-12, 'mid');
  });
  it('ignores input order and zero-error points', () => {
    const shuffled = [curve[5], { ebn0Db: 9, ber: 0 }, curve[2], curve[8], curve[0], curve[6]];
    close(interpolateEbn0AtBer(shuffled, 1e-3) as number, 6, 1e-12, 'shuffled');
  });
  it('returns null when the curve never crosses the target', () => {
    assert.equal(interpolateEbn0AtBer(curve, 1e-9), null);
    assert.equal(interpolateEbn0AtBer(curve.slice(4), 0.5), null);
    assert.equal(interpolateEbn0AtBer([], 1e-3), null);
  });
});

describe('gainDb', () => {
  const baseline: BerPoint[] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((x) => ({ ebn0Db: x, ber: 10 ** (-x / 2) }));
  const better = baseline.map((p) => ({ ebn0Db: p.ebn0Db - 0.7, ber: p.ber }));
  it('is positive when the variant reaches the target earlier', () => {
    close(gainDb(baseline, better, 1e-3) as number, 0.7, 1e-9, 'gain');
  });
  it('changes sign when the roles swap', () => {
    close(gainDb(better, baseline, 1e-3) as number, -0.7, 1e-9, 'loss');
  });
  it('is null if either curve does not cross', () => {
    assert.equal(gainDb(baseline, better.slice(0, 3), 1e-3), null);
  });
});

describe('intervalsOverlap and negLnBer', () => {
  it('detects overlap, touching and separation', () => {
    assert.equal(intervalsOverlap([0, 1], [0.5, 2]), true);
    assert.equal(intervalsOverlap([0, 1], [1, 2]), true);
    assert.equal(intervalsOverlap([0, 1], [1.01, 2]), false);
    assert.equal(intervalsOverlap([3, 4], [0, 1]), false);
    assert.equal(intervalsOverlap([0, 10], [2, 3]), true);
  });
  it('negLnBer is -ln(BER)', () => {
    close(negLnBer(Math.exp(-7.5)), 7.5, 1e-12, '-ln');
    close(negLnBer(1e-4), 9.21034, 1e-6, '1e-4');
  });
});
