/**
 * A training run whose loss, gradient or weights stop being finite stops with
 * a clear message and keeps the last good state (issue 5, point 4): the
 * checkpoint and weights.json it leaves are finite and readable.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command.js';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { parseNeuralWeights } from '../../src/decoders/neural-weights.js';
import { fromCheckpoint } from '../../src/train/checkpoint.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialTrainState, train } from '../../src/train/trainer.js';
import { runMain } from '../cli/cli-harness.js';

const code = loadCode('bch-31-16');
const base = { code: 'bch-31-16', train: { steps: 5, batch: 8, ebn0Db: [2, 4], validateEvery: 0 }, teacher: { iterations: 10 } };
const dir = mkdtempSync(join(tmpdir(), 'tanner-diverge-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('divergence keeps the last good state', () => {
  it('a step whose update overflows the float32 weights (lr 1e39) is the diverged step: nothing infinite is kept', async () => {
    const config = decodeRunConfigOrThrow({ ...base, train: { ...base.train, lr: 1e39 } });
    const ctx = makeTrainContext(code, config, null);
    const saved: Float32Array[] = [];
    const r = await train(ctx, { state: initialTrainState(ctx), history: [], validation: [] }, { onCheckpoint: (s) => saved.push(s.params) });
    assert.equal(r.status, 'diverged');
    assert.equal(r.divergedAt, 1);
    assert.equal(r.state.step, 0);
    assert.deepEqual(Array.from(r.state.params), Array.from(initialTrainState(ctx).params));
    assert.ok(saved.length > 0 && saved.every((p) => p.every(Number.isFinite)));
    assert.ok(r.weights.weight!.every(Number.isFinite));
  });

  for (const [lr, divergedAt] of [
    ['1e39', 1],
    ['1e30', 2],
  ] as const) {
    it(`tanner train --lr ${lr}: exit 1, the message names the step, checkpoint.json and weights.json stay finite and readable`, async () => {
      const out = join(dir, `lr-${lr}`);
      const argv = ['train', '--code', 'bch-31-16', '--steps', '5', '--batch', '8', '--lr', lr, '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'teacher.iterations=10', '--out', out];
      const r = await runMain(argv);
      assert.equal(r.code, EXIT.failed, r.stderr);
      const good = divergedAt - 1;
      assert.match(
        r.stderr,
        new RegExp(`^train: training diverged at step ${divergedAt} \\(loss, gradient or updated weights not finite\\); kept the last good state \\(step ${good}\\) in .*checkpoint\\.json$`, 'm'),
      );
      assert.match(r.stdout, new RegExp(`^diverged at step ${good}/5;`));
      const ckText = readFileSync(join(out, 'checkpoint.json'), 'utf8');
      const raw = JSON.parse(ckText);
      // JSON writes NaN and Infinity as null: none may be in the state
      for (const key of ['params', 'm', 'v'] as const) {
        const values: unknown[] = key === 'params' ? raw.params : raw.adam[key];
        assert.ok(values.every((x) => typeof x === 'number' && Number.isFinite(x)), `${key} has a non-finite entry`);
      }
      const config = decodeRunConfigOrThrow(JSON.parse(ckText).config);
      const ck = fromCheckpoint(JSON.parse(ckText), makeTrainContext(code, config, null).layout.size);
      assert.equal(ck.state.step, good);
      const weights = parseNeuralWeights(JSON.parse(readFileSync(join(out, 'weights.json'), 'utf8')), code);
      assert.deepEqual(weights.weight, Array.from(ck.state.params));
      // Resuming repeats the same divergence (the run is deterministic) rather than writing NaN.
      const again = await runMain(['train', '--out', out, '--resume']);
      assert.equal(again.code, EXIT.failed, again.stderr);
      assert.match(again.stderr, new RegExp(`diverged at step ${divergedAt} `));
    });
  }
});
