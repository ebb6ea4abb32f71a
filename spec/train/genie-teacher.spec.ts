import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rngStream } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { makeTrainContext } from '../../src/train/context.js';
import { GENIE_LLR, genieMessages } from '../../src/train/teacher.js';
import { initialTrainState } from '../../src/train/trainer.js';
import { teacherTargets, trainBatch, trainStep } from '../../src/train/train-step.js';

/**
 * The genie teacher (teacher.kind 'genie'): the control experiment for
 * distillation. Its targets are the transmitted bits as confident messages,
 * so KD from it is message-level supervision without any decoder.
 */
describe('the genie teacher', () => {
  const code = loadCode('bch-31-16');
  const { n, edges: E, varOfE } = code.graph;
  const batch = transmit(code, 6, 3, 'random', rngStream(4));

  it('targets +-GENIE_LLR by the bit of each edge\'s variable, only inside the window', () => {
    const c2v = genieMessages(code.graph, batch.bits, 6, 10, { first: 5, count: 3 });
    assert.deepEqual(c2v.map((t) => t.length), [0, 0, 0, 0, 0, 6 * E, 6 * E, 6 * E, 0, 0]);
    let ones = 0;
    for (let b = 0; b < 6; b++) {
      for (let e = 0; e < E; e++) {
        const bit = batch.bits[b * n + varOfE[e]];
        ones += bit;
        assert.equal(c2v[6][b * E + e], bit ? -GENIE_LLR : GENIE_LLR);
      }
    }
    assert.ok(ones > 0, 'guard: random codewords have 1 bits');
    const soft = genieMessages(code.graph, batch.bits, 6, 10, { first: 5, count: 3 }, 'soft');
    soft[5].forEach((x, i) => assert.equal(x, batch.bits[i] ? -GENIE_LLR : GENIE_LLR));
  });

  it('drives distillation in training: a finite step with a KD term, no teacher decoder run', () => {
    const config = decodeRunConfigOrThrow({
      code: 'bch-31-16',
      student: { iterations: 3 },
      teacher: { kind: 'genie', iterations: 10 },
      train: { batch: 16, codeword: 'random' },
      loss: { kd: 0.1, kdDistance: 'softbit', norm: 'mean', sparse: 0 },
    });
    const ctx = makeTrainContext(code, config, null);
    assert.equal(ctx.teacher, 'genie');
    assert.equal(ctx.t0, 7);
    const targets = teacherTargets(ctx, trainBatch(ctx, 0))!;
    assert.deepEqual(targets.map((t) => t.length > 0), [false, false, false, false, false, false, false, true, true, true]);
    const out = trainStep(ctx, initialTrainState(ctx));
    assert.ok(out.finite && out.log.kd > 0 && out.log.ce > 0, JSON.stringify(out.log));
  });
});
