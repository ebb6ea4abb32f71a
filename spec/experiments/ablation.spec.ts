/**
 * runAblation: the ablation as a library call. Same loop as `tanner ablate`
 * (src/experiments/cell-loop.ts), so the same inputs give the same counts as
 * the CLI's results.json; in memory, so it writes no file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliIO, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { command as ablate } from '../../src/cli/commands/ablate.js';
import { ExperimentEvent } from '../../src/experiments/cell-loop.js';
import { berSvg, markdownReport, pointsCsv } from '../../src/experiments/report.js';
import { gainSummaries } from '../../src/experiments/gain.js';
import { ExperimentResults } from '../../src/experiments/results.js';
import { runAblation } from '../../src/index.js';
import { UserError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-run-ablation-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny budget on a 31-bit code: 3 steps of batch 8, 2 evaluation points of at most 400 frames. */
const CONFIG = {
  code: 'bch-31-16',
  train: { steps: 3, batch: 8, ebn0Db: [2, 4], validateEvery: 0 },
  eval: { ebn0Db: [3, 5], maxFrames: 400 },
};
const CLI_ARGS = [
  '--code', 'bch-31-16', '--steps', '3', '--batch', '8', '--variants', 'ms5,ce', '--seeds', '1,2', '--workers', '1',
  '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'eval.ebn0Db=[3,5]', '--set', 'eval.maxFrames=400',
];

/** Every count of every (variant, seed, point): timings may differ between runs. */
const counts = (r: ExperimentResults) =>
  r.variants.map((v) => ({
    id: v.id,
    label: v.label,
    decoder: v.decoder,
    config: v.config,
    runs: v.runs.map((x) => ({
      seed: x.seed,
      training: x.training && { steps: x.training.steps, status: x.training.status, finalLoss: x.training.finalLoss },
      points: x.points.map(({ seconds: _s, framesPerSecond: _f, ...rest }) => rest),
    })),
  }));

describe('runAblation', () => {
  let library: ExperimentResults;
  const events: ExperimentEvent[] = [];

  it('runs every (variant, seed) cell in memory and returns results the report renders', async () => {
    // run in an empty folder: nothing may be written
    const empty = mkdtempSync(join(dir, 'cwd-'));
    const cwd = process.cwd();
    process.chdir(empty);
    try {
      library = await runAblation(CONFIG, { variants: ['ms5', 'ce'], seeds: [1, 2], onProgress: (e) => events.push(e) });
    } finally {
      process.chdir(cwd);
    }
    assert.deepEqual(readdirSync(empty), [], 'no file written');
    assert.equal(library.format, 'tanner-results/1');
    assert.equal(library.complete, true);
    assert.deepEqual(library.code, { name: 'bch-31-16', n: 31, k: 16, edges: library.code.edges });
    assert.deepEqual(library.seeds, [1, 2]);
    assert.deepEqual(library.targetBers, [1e-4, 1e-3]);
    assert.deepEqual(library.variants.map((v) => [v.id, v.kind]), [['ms5', 'baseline'], ['ce', 'trained']]);
    for (const v of library.variants) {
      assert.deepEqual(v.runs.map((x) => x.seed), [1, 2], v.id);
      for (const x of v.runs) {
        assert.deepEqual(x.points.map((p) => p.ebn0Db), [3, 5]);
        assert.ok(x.points.every((p) => p.frames > 0 && p.frames <= 400), v.id);
        // at 3 dB a 5-iteration min-sum decoder of a (31, 16) code fails on some of 400 frames
        assert.ok(x.points[0].frameErrors > 0 && x.points[0].bitErrors >= x.points[0].frameErrors, `${v.id} seed ${x.seed}: errors at 3 dB`);
        assert.equal(x.training === null, v.kind === 'baseline');
      }
    }
    const ce = library.variants[1];
    assert.deepEqual(ce.runs.map((x) => x.training!.steps), [3, 3]);
    assert.equal(ce.config.loss.kd, 0, "the variant's own config");
    // the seeds draw different noise
    const countsOf = (seed: number) => library.variants[0].runs[seed].points.map((p) => [p.frames, p.bitErrors, p.frameErrors]);
    assert.notDeepEqual(countsOf(0), countsOf(1));
    assert.match(markdownReport(library), /min-sum T=5/);
    assert.match(berSvg(library), /^<svg/);
    assert.equal(pointsCsv(library).trim().split('\n').length, 1 + 2 * 2 * 2);
    assert.equal(gainSummaries(library, 'ms5', [1e-3]).length, 1);
    // progress: training steps, evaluated blocks, one event per finished cell
    assert.equal(events.filter((e) => e.kind === 'train').length, 2 * 3);
    assert.ok(events.some((e) => e.kind === 'eval' && e.cell.label === 'ce seed 2'));
    assert.deepEqual(
      events.filter((e) => e.kind === 'cell').map((e) => e.cell.label),
      ['ms5 seed 1', 'ms5 seed 2', 'ce seed 1', 'ce seed 2'],
    );
  });

  it('gives the counts of `tanner ablate` at the same budget, bit for bit', async () => {
    let stderr = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => (stderr += t), progress: () => undefined, signal: new AbortController().signal, cwd: dir };
    const code = await ablate.run(parseCommandArgs(ablate, [...CLI_ARGS, '--out', 'cli']), io);
    assert.equal(code, EXIT.ok, stderr);
    const cli: ExperimentResults = JSON.parse(readFileSync(join(dir, 'cli', 'results.json'), 'utf8'));
    assert.deepEqual(counts(library), counts(cli));
    assert.deepEqual(library.baseConfig, cli.baseConfig);
    assert.equal(library.title, cli.title);
  });

  it('an abort returns the finished cells with complete: false', async () => {
    const controller = new AbortController();
    const r = await runAblation(CONFIG, {
      variants: ['ms5', 'ce'],
      seeds: 2,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.kind === 'cell' && e.cell.label === 'ms5 seed 2') controller.abort();
      },
    });
    assert.equal(r.complete, false);
    assert.deepEqual(r.variants.map((v) => [v.id, v.runs.length]), [['ms5', 2]]);
  });

  it('sweeps a grid like --sweep: the baselines ms5 and ce plus one variant per point', async () => {
    const r = await runAblation(
      { ...CONFIG, eval: { ebn0Db: [3], maxFrames: 200 } },
      { code: 'bch-31-16', sweep: ['delta=0,0.1'], seeds: [1], workers: 1 },
    );
    assert.deepEqual(r.variants.map((v) => v.id), ['ms5', 'ce', 'delta=0', 'delta=0.1']);
    assert.equal(r.title, 'Sweep over delta');
    assert.equal(r.variants[3].config.loss.sparse, 0.1);
  });

  it('rejects bad input before any work', async () => {
    await assert.rejects(runAblation(CONFIG, { variants: ['ms5', 'nope'] }), (e: unknown) => e instanceof UserError && /unknown variant "nope"/.test(e.message));
    await assert.rejects(runAblation(CONFIG, { variants: ['ms5'], sweep: ['delta=0,1'] }), /do not combine/);
    await assert.rejects(runAblation(CONFIG, { sweep: ['loss.sparsity=1,2'] }), /loss\.sparsity/);
    await assert.rejects(runAblation(CONFIG, { seeds: 0 }), /seeds must be a count/);
    await assert.rejects(runAblation({ ...CONFIG, train: { steps: -1 } }), UserError);
  });
});
