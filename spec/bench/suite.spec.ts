/**
 * The benchmark suite's own parts run and report what they promise (names,
 * units, finite positive numbers). Smoke runs only: speed itself is never
 * asserted in tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliIO, parseCommandArgs } from '../../src/cli/command.js';
import { command as bench } from '../../src/cli/commands/bench.js';
import { memoryRun } from '../../src/bench/memory.js';
import { benchAutodiff, benchTrainStep, literalTrainContext } from '../../src/bench/train-step.js';
import { benchWorkers } from '../../src/bench/workers.js';
import { BenchResult } from '../../src/bench/decode.js';

const shape = (rs: readonly BenchResult[]) => rs.map((r) => [r.name, r.unit]);
const positive = (rs: readonly BenchResult[]) => {
  for (const r of rs) assert.ok(Number.isFinite(r.value) && r.value > 0, `${r.name} = ${r.value}`);
};

describe('benchmark suite parts', () => {
  it('training step and autodiff overhead', async () => {
    const train = await benchTrainStep(20);
    assert.deepEqual(shape(train), [['train/step/bch-63-45/B120', 'ms'], ['train/teacher-T30/bch-63-45/B120', 'ms']]);
    const ad = await benchAutodiff(20);
    assert.deepEqual(shape(ad), [
      ['autodiff/forward-nograd/bch-63-45/B120', 'ms'],
      ['autodiff/forward-backward/bch-63-45/B120', 'ms'],
      ['autodiff/overhead/bch-63-45/B120', 'x'],
    ]);
    positive([...train, ...ad]);
    assert.equal(ad[2].value, ad[1].value / ad[0].value);
  });

  it("the like-for-like step times the paper's literal losses", async () => {
    const ctx = literalTrainContext();
    assert.deepEqual(
      [ctx.config.loss.kdDistance, ctx.config.loss.pKd, ctx.config.loss.norm, ctx.config.loss.sparse, ctx.config.loss.sparseOn],
      ['raw', 2, 'sum', 0.01, 'both'],
    );
    const step = await benchTrainStep(20, ctx, 'step-literal');
    assert.equal(step[0].name, 'train/step-literal/bch-63-45/B120');
    positive(step);
  });

  it('workers speedup', async () => {
    const w = await benchWorkers(1000, 1);
    assert.deepEqual(shape(w), [
      ['mc/workers-1/bch-63-45/ms-T5', 'frames/s'],
      ['mc/workers-2/bch-63-45/ms-T5', 'frames/s'],
      ['mc/speedup-2v1/bch-63-45/ms-T5', 'x'],
      ['mc/cores-used-1/bch-63-45/ms-T5', 'cores'],
      ['mc/cores-used-2/bch-63-45/ms-T5', 'cores'],
      ['mc/efficiency-2v1/bch-63-45/ms-T5', 'x'],
    ]);
    positive(w);
  });

  it('memory run: samples until the clock stops it, summary of first and last minute', async () => {
    const run = await memoryRun({ seconds: 1.5, sampleSeconds: 0.25 });
    assert.ok(run.samples.length >= 3, `${run.samples.length} samples`);
    assert.ok(run.frames > 0);
    assert.ok(run.samples.every((s, i) => i === 0 || s.seconds >= run.samples[i - 1].seconds));
    assert.deepEqual(run.summary.map((r) => r.name.split('/')[1]), ['run-seconds', 'frames', 'heap-first-minute', 'heap-last-minute', 'rss-first-minute', 'rss-last-minute']);
    positive(run.summary);
  });

  it('tanner bench refuses an unknown part and --seconds without --memory', async () => {
    const io: CliIO = { stdout: () => undefined, stderr: () => undefined, progress: () => undefined, signal: new AbortController().signal, cwd: '.' };
    await assert.rejects(bench.run(parseCommandArgs(bench, ['--only', 'decode,frob']), io), /--only: "frob" is not one of/);
    await assert.rejects(bench.run(parseCommandArgs(bench, ['--seconds', '30']), io), /--seconds only applies to --memory/);
  });
});
