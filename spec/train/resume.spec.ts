import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { fromCheckpoint, toCheckpoint } from '../../src/train/checkpoint.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialTrainState, train } from '../../src/train/trainer.js';

const code = loadCode('bch-31-16');
const config = decodeRunConfigOrThrow({
  code: 'bch-31-16',
  seed: 7,
  train: { steps: 6, batch: 16, ebn0Db: [2, 4, 6, 8], validateEvery: 0, checkpointEvery: 0 },
  teacher: { iterations: 12 },
  loss: { kdDistance: 'softbit' },
});

describe('training is reproducible and resumable', () => {
  it('a run interrupted after 3 steps and resumed from its checkpoint JSON ends bit for bit where an uninterrupted run ends', async () => {
    const ctx = makeTrainContext(code, config, null);
    const straight = await train(ctx, { state: initialTrainState(ctx), history: [], validation: [] });
    assert.equal(straight.status, 'finished');
    assert.equal(straight.state.step, 6);

    const controller = new AbortController();
    let saved: string | null = null;
    const first = await train(
      ctx,
      { state: initialTrainState(ctx), history: [], validation: [] },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 3) controller.abort();
        },
        onCheckpoint: (state, history, validation) => {
          saved = JSON.stringify(toCheckpoint(config, state, history, validation));
        },
      },
    );
    assert.equal(first.status, 'interrupted');
    assert.equal(first.state.step, 3);
    assert.ok(saved, 'a checkpoint was written on interruption');
    const ck = fromCheckpoint(JSON.parse(saved!), ctx.layout.size);
    const resumed = await train(ctx, { state: ck.state, history: ck.history, validation: ck.validation });
    assert.equal(resumed.state.step, 6);
    assert.deepEqual(Array.from(resumed.state.params), Array.from(straight.state.params));
    assert.deepEqual(Array.from(resumed.state.adam.m), Array.from(straight.state.adam.m));
    assert.deepEqual(resumed.history, straight.history);
    // the run actually trained: parameters moved away from their initial value 1
    assert.ok(straight.state.params.some((w) => Math.abs(w - 1) > 1e-4));
  });

  it('a loss that is not finite stops training as "diverged" and keeps the last good state', async () => {
    const ctx = makeTrainContext(code, config, null);
    const good = initialTrainState(ctx);
    const bad = { ...good, params: good.params.map((w, i) => (i === 5 ? Number.NaN : w)) };
    let checkpointed: Float32Array | null = null;
    const r = await train(ctx, { state: bad, history: [], validation: [] }, { onCheckpoint: (s) => (checkpointed = s.params) });
    assert.equal(r.status, 'diverged');
    assert.equal(r.divergedAt, 1);
    assert.equal(r.state.step, 0);
    assert.equal(r.history.length, 0);
    assert.ok(checkpointed !== null);
  });
});
