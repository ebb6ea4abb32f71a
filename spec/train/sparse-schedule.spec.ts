import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialTrainState } from '../../src/train/trainer.js';
import { sparseWeightAt, trainStep } from '../../src/train/train-step.js';

/**
 * The sparse term's schedule: loss.sparseWarmup ramps delta up over the first
 * steps, loss.sparseFrom leaves the early iterations out. Both change only
 * what the step optimizes, so the step's logged total tells which weight it used.
 */
describe('sparse loss schedule', () => {
  it('sparseWeightAt ramps linearly over the warm-up, then stays at delta', () => {
    const loss = decodeRunConfigOrThrow({ loss: { sparse: 0.01, sparseWarmup: 4 } }).loss;
    assert.deepEqual([0, 1, 2, 3, 4, 100].map((s) => sparseWeightAt(loss, s)), [0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01]);
    const noWarmup = decodeRunConfigOrThrow({ loss: { sparse: 0.01 } }).loss;
    assert.deepEqual([0, 7].map((s) => sparseWeightAt(noWarmup, s)), [0.01, 0.01]);
  });

  const code = loadCode('bch-31-16');
  const stepWith = (loss: object) => {
    const config = decodeRunConfigOrThrow({ code: 'bch-31-16', student: { iterations: 3 }, train: { batch: 16 }, loss: { kd: 0, sparse: 0.5, ...loss } });
    const ctx = makeTrainContext(code, config, null);
    return trainStep(ctx, initialTrainState(ctx)).log;
  };

  it('a training step adds delta * ramp * L_S to the loss', () => {
    const full = stepWith({});
    const ramped = stepWith({ sparseWarmup: 10 });
    assert.ok(full.sparse > 0, 'guard: the sparse term is not 0');
    assert.equal(ramped.sparse, full.sparse); // the term itself is the same, its weight is not
    assert.ok(Math.abs(full.total - (full.ce + 0.5 * full.sparse)) < 1e-5 * full.total);
    assert.ok(Math.abs(ramped.total - (ramped.ce + 0.05 * ramped.sparse)) < 1e-5 * ramped.total);
  });

  it('sparseFrom leaves the early iterations out of L_S', () => {
    const all = stepWith({ sparseFrom: 1 });
    const last = stepWith({ sparseFrom: 3 });
    assert.ok(last.sparse > 0 && last.sparse < all.sparse, `${last.sparse} vs ${all.sparse}`);
  });
});
