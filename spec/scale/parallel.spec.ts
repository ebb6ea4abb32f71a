import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCode } from '../../src/codes/builtin.js';
import { randomNeuralWeights } from '../../src/bench/decode.js';
import {
  addBlock,
  BLOCK_FRAMES,
  blockFrames,
  budgetBlocks,
  CurveResult,
  ferRelativeHalfWidth,
  POINT_START,
  SimConfig,
  simulateCurve,
  simulatePointSync,
  stopReason,
  ZERO_COUNTS,
} from '../../src/sim/monte-carlo.js';
import { simulateCurveParallel, workerPool } from '../../src/sim/parallel.js';
import { wilsonInterval } from '../../src/sim/stats.js';

const code = loadCode('bch-63-45');
const config = (over: Partial<SimConfig> = {}): SimConfig => ({
  code,
  decoder: { kind: 'ms', iterations: 5 },
  ebn0Db: [2, 3, 4],
  seed: 11,
  minFrameErrors: 150,
  maxFrames: 1000,
  earlyStop: false,
  berOn: 'all',
  codeword: 'random',
  ...over,
});

/** Everything of a curve except the timing fields (the only ones allowed to differ). */
const exact = (c: CurveResult) => ({
  skipped: c.skippedEbn0Db,
  interrupted: c.interrupted,
  points: c.points.map(({ seconds: _s, framesPerSecond: _f, ...rest }) => rest),
});

describe('simulateCurveParallel', () => {
  it('gives bit-identical counts for 1, 2 and 3 workers, equal to the sequential loop', async () => {
    // 2 and 3 dB stop on frame errors after one or two blocks (FER ~0.86, ~0.67),
    // 6 dB (FER ~0.04) on the 1100-frame cap, whose last block is short
    const c = config({ ebn0Db: [2, 3, 6], maxFrames: 1100 });
    const sequential = exact(await simulateCurve(c));
    const stops = sequential.points.map((p) => p.stoppedBy);
    assert.ok(stops.includes('frame-errors') && stops.includes('max-frames'), `guard: both stop rules fire (${stops})`);
    assert.ok(sequential.points.some((p) => p.blocks > 2), 'guard: some point runs more blocks than 2 workers');
    for (const workers of [1, 2, 3]) {
      assert.deepEqual(exact(await simulateCurveParallel(c, { workers })), sequential, `${workers} worker(s)`);
    }
  });

  it('passes neural weights to the workers (same counts as in-thread)', async () => {
    const c = config({ decoder: { kind: 'neural', weights: randomNeuralWeights(code, 3) }, ebn0Db: [3], maxFrames: 600 });
    assert.deepEqual(exact(await simulateCurveParallel(c, { workers: 2 })), exact(await simulateCurve(c)));
  });

  it('a pool reused over curves of different decoders gives each curve the counts of a fresh run', async () => {
    const first = config({ ebn0Db: [2, 6], maxFrames: 1100 });
    const second = config({ decoder: { kind: 'neural', weights: randomNeuralWeights(code, 3) }, ebn0Db: [3], maxFrames: 600, seed: 12 });
    const pool = workerPool(first, 2);
    try {
      // the first curve stops with blocks still queued and running: the rebind must drop them
      assert.deepEqual(exact(await simulateCurveParallel(first, { workers: 2, pool })), exact(await simulateCurve(first)));
      assert.deepEqual(exact(await simulateCurveParallel(second, { workers: 2, pool })), exact(await simulateCurve(second)));
      assert.deepEqual(exact(await simulateCurveParallel(first, { workers: 2, pool })), exact(await simulateCurve(first)));
    } finally {
      await pool.close();
    }
  });

  it('applies the stop-below-BER skip like the sequential loop', async () => {
    const c = config({ ebn0Db: [2, 9, 10, 11], minFrameErrors: 5, maxFrames: 400, stopBelowBer: 1e-3 });
    const par = await simulateCurveParallel(c, { workers: 2 });
    assert.deepEqual(par.skippedEbn0Db, [10, 11]);
    assert.deepEqual(exact(par), exact(await simulateCurve(c)));
  });

  it('on abort stops the workers and returns the finished points plus the partial one', async () => {
    const controller = new AbortController();
    const curve = await simulateCurveParallel(config({ ebn0Db: [2, 6], minFrameErrors: 20, maxFrames: 10_000_000 }), {
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.pointIndex === 1 && p.frames >= 2 * BLOCK_FRAMES) controller.abort();
      },
    });
    assert.equal(curve.interrupted, true);
    assert.deepEqual(curve.points.map((p) => p.complete), [true, false]);
    assert.equal(curve.points[1].stoppedBy, 'interrupted');
    assert.ok(curve.points[1].frames >= 2 * BLOCK_FRAMES && curve.points[1].frames < 10_000_000);
  });
});

describe('stop rules for long runs', () => {
  it('relative precision: stops at the first block whose FER interval half-width <= target x FER', () => {
    // At 4 dB (FER ~0.35) a 5% relative half-width needs ~2900 frames: many blocks.
    const c = config({ minFrameErrors: 1e9, maxFrames: 1e6, relPrecision: 0.05 });
    const p = simulatePointSync(c, 4);
    assert.equal(p.stoppedBy, 'precision');
    assert.ok(p.blocks > 3, `guard: the rule must need several blocks, stopped after ${p.blocks}`);
    const half = (p.ferCi[1] - p.ferCi[0]) / 2;
    assert.ok(half <= 0.05 * p.fer, `half-width ${half} vs FER ${p.fer}`);
    // one block fewer is still too wide (the rule did not stop late)
    const shorter = simulatePointSync({ ...c, maxFrames: (p.blocks - 1) * BLOCK_FRAMES }, 4);
    assert.ok(ferRelativeHalfWidth(shorter) > 0.05, 'one block fewer is not precise enough');
  });

  it('ferRelativeHalfWidth is the Wilson half-width over FER, Infinity without errors', () => {
    const [lo, hi] = wilsonInterval(37, 1000);
    assert.equal(ferRelativeHalfWidth({ frames: 1000, frameErrors: 37 }), (hi - lo) / 2 / 0.037);
    assert.equal(ferRelativeHalfWidth({ frames: 1000, frameErrors: 0 }), Infinity);
  });

  it('the wall-clock budget fires only after the count rules, on the elapsed time given', () => {
    const rule = { ...config(), maxSecondsPerPoint: 5 };
    const counts = { ...ZERO_COUNTS, frames: 200, bits: 200 * 63, frameErrors: 3 };
    assert.equal(stopReason(rule, counts, 4.9), null);
    assert.equal(stopReason(rule, counts, 5), 'time');
    assert.equal(stopReason(rule, { ...counts, frameErrors: 150 }, 99), 'frame-errors');
  });

  it('block sizes depend on the block index alone and sum to maxFrames', () => {
    const c = { maxFrames: 1050 };
    assert.equal(budgetBlocks(c), 6);
    const sizes = Array.from({ length: budgetBlocks(c) }, (_, j) => blockFrames(c, j));
    assert.deepEqual(sizes, [200, 200, 200, 200, 200, 50]);
    let state = POINT_START;
    for (const frames of sizes) state = addBlock({ ...config(), maxFrames: 1050, minFrameErrors: 1e9 }, state, { ...ZERO_COUNTS, frames });
    assert.equal(state.reason, 'max-frames');
    assert.throws(() => addBlock(config(), state, ZERO_COUNTS), RangeError);
  });

  it('a point with zero errors reports upper bounds, never BER 0 alone', async () => {
    const curve = await simulateCurveParallel(config({ ebn0Db: [12], maxFrames: 400 }), { workers: 2 });
    const p = curve.points[0];
    assert.equal(p.bitErrors, 0);
    assert.ok(p.berUpperBound !== null && p.berUpperBound > 0 && Math.abs(p.berUpperBound * 400 * 63 - 3) < 0.01);
    assert.ok(p.ferUpperBound !== null && p.ferUpperBound > 0);
  });
});
