import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCode } from '../../src/codes/builtin.js';
import {
  BLOCK_FRAMES,
  blockRunner,
  Counts,
  mergeCounts,
  SimConfig,
  simulateBlock,
  simulateCurve,
  simulatePointSync,
  snrKey,
  ZERO_COUNTS,
} from '../../src/sim/monte-carlo.js';

const code = loadCode('bch-63-45');
const config = (over: Partial<SimConfig> = {}): SimConfig => ({
  code,
  decoder: { kind: 'ms', iterations: 5 },
  ebn0Db: [3],
  seed: 5,
  minFrameErrors: 60,
  maxFrames: 100_000,
  earlyStop: false,
  berOn: 'all',
  codeword: 'random',
  ...over,
});

/** Counts without the wall-clock field, which is the one thing allowed to differ. */
const exact = ({ seconds: _s, ...rest }: Counts) => rest;

describe('snrKey', () => {
  it('maps distinct Eb/N0 values (0.001 dB apart) to distinct non-negative integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: 1, max: 1000 }), (milli, gap) => {
        const a = snrKey(milli / 1000);
        const b = snrKey((milli + gap) / 1000);
        assert.ok(Number.isInteger(a) && a >= 0 && b > a);
      }),
    );
  });
  it('rejects Eb/N0 at or below -100 dB', () => assert.throws(() => snrKey(-101), RangeError));
});

describe('mergeCounts', () => {
  it('is a field-wise sum with ZERO_COUNTS as identity', () => {
    const c: Counts = { frames: 200, bits: 12600, bitErrors: 7, sumSquaredBitErrors: 25, frameErrors: 2, iterations: 1000, seconds: 0.5 };
    assert.deepEqual(mergeCounts(ZERO_COUNTS, c), c);
    assert.deepEqual(mergeCounts(c, c), { frames: 400, bits: 25200, bitErrors: 14, sumSquaredBitErrors: 50, frameErrors: 4, iterations: 2000, seconds: 1 });
  });
});

describe('Monte Carlo point', () => {
  it('is deterministic: the same seed gives identical counts, another seed different ones', () => {
    const a = simulatePointSync(config(), 3);
    const b = simulatePointSync(config(), 3);
    const c = simulatePointSync(config({ seed: 6 }), 3);
    assert.ok(a.frameErrors >= 60, 'guard: errors occurred');
    assert.deepEqual({ ...a, seconds: 0, framesPerSecond: 0 }, { ...b, seconds: 0, framesPerSecond: 0 });
    assert.notEqual(a.bitErrors, c.bitErrors);
  });

  it('a block depends only on (seed, Eb/N0, block index), not on what ran before', () => {
    const runner = blockRunner(config());
    const first = exact(simulateBlock(runner, 3, 2, BLOCK_FRAMES));
    simulateBlock(runner, 4, 0, BLOCK_FRAMES);
    assert.deepEqual(exact(simulateBlock(blockRunner(config()), 3, 2, BLOCK_FRAMES)), first);
    assert.deepEqual(exact(simulateBlock(runner, 3, 2, BLOCK_FRAMES)), first);
  });

  it('stops after the first whole block that reaches minFrameErrors', () => {
    const p = simulatePointSync(config(), 3);
    assert.equal(p.stoppedBy, 'frame-errors');
    assert.equal(p.frames, p.blocks * BLOCK_FRAMES);
    assert.ok(p.frameErrors >= 60);
    // one block fewer must be short of the target (else the rule stopped late)
    if (p.blocks > 1) {
      const shorter = simulatePointSync(config({ maxFrames: (p.blocks - 1) * BLOCK_FRAMES }), 3);
      assert.ok(shorter.frameErrors < 60, `${shorter.frameErrors} errors after ${p.blocks - 1} blocks`);
      assert.equal(shorter.stoppedBy, 'max-frames');
    }
  });

  it('a frame cap that is not a block multiple is met exactly', () => {
    const p = simulatePointSync(config({ maxFrames: 250, minFrameErrors: 1e9 }), 6);
    assert.equal(p.frames, 250);
    assert.equal(p.blocks, 2);
    assert.equal(p.stoppedBy, 'max-frames');
  });

  it('zero errors report upper bounds (rule of three), never a bare 0', () => {
    const p = simulatePointSync(config({ maxFrames: 200 }), 12);
    assert.equal(p.frameErrors, 0);
    // 1 - 0.05^(1/trials), about 3 / trials
    assert.ok(p.ferUpperBound !== null && Math.abs(p.ferUpperBound - (1 - 0.05 ** (1 / 200))) < 1e-12, `FER bound ${p.ferUpperBound}`);
    assert.ok(p.berUpperBound !== null && Math.abs(p.berUpperBound * 200 * 63 - 3) < 0.01, `BER bound ${p.berUpperBound}`);
  });

  it('BER on the information bits counts k bits per frame', () => {
    const p = simulatePointSync(config({ berOn: 'info', maxFrames: 400 }), 3);
    assert.equal(p.bits, p.frames * code.k);
    assert.ok(p.bitErrors > 0 && p.bitErrors <= p.bits);
    assert.ok(p.ber >= p.berCi[0] && p.ber <= p.berCi[1]);
  });
});

describe('simulateCurve', () => {
  it('gives each Eb/N0 the same counts as simulating it alone (noise keyed by Eb/N0)', async () => {
    const curve = await simulateCurve(config({ ebn0Db: [2, 3] }));
    const alone = simulatePointSync(config(), 3);
    assert.equal(curve.points.length, 2);
    assert.equal(curve.points[1].bitErrors, alone.bitErrors);
    assert.equal(curve.points[1].frames, alone.frames);
    assert.ok(curve.points[0].fer > curve.points[1].fer, 'FER falls with Eb/N0');
  });

  it('on abort returns finished points plus the partial one marked incomplete', async () => {
    const controller = new AbortController();
    let calls = 0;
    const curve = await simulateCurve(config({ ebn0Db: [2, 6], minFrameErrors: 20, maxFrames: 1_000_000 }), {
      signal: controller.signal,
      onProgress: (p) => {
        calls++;
        if (p.pointIndex === 1 && p.frames >= 2 * BLOCK_FRAMES) controller.abort();
      },
    });
    assert.equal(curve.interrupted, true);
    assert.equal(curve.points.length, 2);
    assert.equal(curve.points[0].complete, true);
    assert.equal(curve.points[1].complete, false);
    assert.equal(curve.points[1].stoppedBy, 'interrupted');
    assert.equal(curve.points[1].frames, 2 * BLOCK_FRAMES);
    assert.ok(calls >= 3);
  });

  it('skips higher Eb/N0 points once BER is below the target', async () => {
    const curve = await simulateCurve(config({ ebn0Db: [2, 9, 10, 11], minFrameErrors: 5, maxFrames: 400, stopBelowBer: 1e-3 }));
    assert.deepEqual(curve.points.map((p) => p.ebn0Db), [2, 9]);
    assert.deepEqual(curve.skippedEbn0Db, [10, 11]);
  });
});
