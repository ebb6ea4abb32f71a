import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliIO, Command, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { command as ablate } from '../../src/cli/commands/ablate.js';
import { parseSeeds } from '../../src/cli/seeds-flag.js';
import { command as report } from '../../src/cli/commands/report.js';
import { ExperimentResults } from '../../src/experiments/results.js';
import { PAPER_VARIANTS } from '../../src/experiments/variants.js';
import { UserError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-ablate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny budget: a 31-bit code, 5 steps of batch 8, 2 evaluation points of at most 400 frames. */
const TINY = [
  '--code', 'bch-31-16', '--steps', '5', '--batch', '8',
  '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0',
  '--set', 'eval.ebn0Db=[3,5]', '--set', 'eval.maxFrames=400',
];

/** Run a command with captured output; `onStderr` may abort the run through the returned controller. */
const run = async (cmd: Command, argv: string[], onStderr?: (line: string, abort: () => void) => void) => {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => {
      stderr += t;
      onStderr?.(t, () => controller.abort());
    },
    progress: () => undefined,
    signal: controller.signal,
    cwd: dir,
  };
  const code = await cmd.run(parseCommandArgs(cmd, argv), io);
  return { code, stdout, stderr };
};

const readResults = (folder: string): ExperimentResults => JSON.parse(readFileSync(join(dir, folder, 'results.json'), 'utf8'));

/** The counts of every (variant, seed, point): what must not change when a run is resumed (timings may). */
const counts = (r: ExperimentResults, ids: readonly string[]) =>
  r.variants
    .filter((v) => ids.includes(v.id))
    .map((v) => ({ id: v.id, runs: v.runs.map((x) => ({ seed: x.seed, points: x.points.map((p) => [p.ebn0Db, p.frames, p.bitErrors, p.frameErrors]) })) }));

describe('tanner ablate', () => {
  it('runs every variant of the paper on every seed and writes results.json, report.md, ber.svg and gain.svg', async () => {
    const r = await run(ablate, [...TINY, '--seeds', '2', '--out', 'full']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    for (const f of ['results.json', 'report.md', 'ber.svg', 'gain.svg']) assert.ok(existsSync(join(dir, 'full', f)), f);
    const res = readResults('full');
    assert.equal(res.complete, true);
    assert.deepEqual(res.seeds, [1, 2]);
    assert.deepEqual(res.variants.map((v) => v.id), PAPER_VARIANTS.map((v) => v.id));
    for (const v of res.variants) {
      assert.deepEqual(v.runs.map((x) => x.seed), [1, 2], v.id);
      for (const x of v.runs) {
        assert.deepEqual(x.points.map((p) => p.ebn0Db), [3, 5]);
        assert.ok(x.points.every((p) => p.frames > 0 && p.frames <= 400));
        assert.equal(x.training === null, v.kind === 'baseline', `${v.id}: only trained variants train`);
        if (x.training) assert.equal(x.training.steps, 5);
      }
    }
    assert.ok(res.variants.some((v) => v.runs.some((x) => x.points[0].frameErrors > 0)), 'guard: errors were seen');
    assert.equal(res.baseConfig.train.steps, 5, 'the full config is recorded');
    assert.equal(res.variants.find((v) => v.id === 'kd')!.config.loss.ce, 0, "each variant's own config is recorded");
    const md = readFileSync(join(dir, 'full', 'report.md'), 'utf8');
    for (const v of res.variants) assert.ok(md.includes(v.label), v.label);
    assert.match(readFileSync(join(dir, 'full', 'gain.svg'), 'utf8'), /^<svg/);
    assert.match(r.stdout, /Gain over the CE-only student/);
  });

  it('tanner report re-renders the identical report.md, ber.svg and gain.svg from results.json', async () => {
    const files = ['report.md', 'ber.svg', 'gain.svg'].map((f) => join(dir, 'full', f));
    const before = files.map((f) => readFileSync(f, 'utf8'));
    for (const f of files) writeFileSync(f, 'stale');
    const r = await run(report, ['full']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.deepEqual(files.map((f) => readFileSync(f, 'utf8')), before);
    assert.match(r.stdout, /BER\s+3 dB\s+5 dB/);
    await assert.rejects(run(report, ['nowhere']), UserError);
  });

  it('continues an interrupted ablation from the last finished cell with the same results', async () => {
    const argv = [...TINY, '--seeds', '2', '--variants', 'ms5,ce,method', '--out', 'resumed'];
    const first = await run(ablate, argv, (line, abort) => {
      if (line.startsWith('ce seed 1: BER')) abort();
    });
    assert.equal(first.code, EXIT.interrupted, first.stderr);
    const partial = readResults('resumed');
    assert.equal(partial.complete, false);
    assert.deepEqual(partial.variants.map((v) => [v.id, v.runs.length]), [['ms5', 2], ['ce', 1]]);
    const second = await run(ablate, argv);
    assert.equal(second.code, EXIT.ok, second.stderr);
    assert.match(second.stderr, /ms5 seed 1: already done/);
    assert.match(second.stderr, /ce seed 1: already done/);
    assert.doesNotMatch(second.stderr, /ce seed 2: already done/);
    const ids = ['ms5', 'ce', 'method'];
    assert.equal(readResults('resumed').complete, true);
    assert.deepEqual(counts(readResults('resumed'), ids), counts(readResults('full'), ids), 'same counts as the uninterrupted run');
  });

  it('sweeps a grid: the baselines ms5 and ce plus one trained variant per grid point, same budget and seeds', async () => {
    const r = await run(ablate, [...TINY, '--seeds', '1', '--sweep', 'delta=0,0.1', '--sweep', 'teacher=ms10', '--out', 'sweep']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const res = readResults('sweep');
    assert.deepEqual(res.variants.map((v) => v.id), ['ms5', 'ce', 'delta=0_teacher=ms10', 'delta=0.1_teacher=ms10']);
    const point = res.variants[3];
    assert.equal(point.config.loss.sparse, 0.1);
    assert.equal(point.config.teacher.iterations, 10);
    assert.equal(point.runs[0].training!.steps, 5);
    assert.match(readFileSync(join(dir, 'sweep', 'report.md'), 'utf8'), /# Sweep over delta x teacher/);
  });

  it('rejects a bad sweep key, naming its path, before anything runs', async () => {
    await assert.rejects(run(ablate, [...TINY, '--sweep', 'loss.sparsity=1,2', '--out', 'bad']), (e: unknown) => e instanceof UserError && /loss\.sparsity/.test(e.message));
    await assert.rejects(run(ablate, [...TINY, '--variants', 'ms5,nope', '--out', 'bad']), /unknown variant "nope"/);
    assert.equal(existsSync(join(dir, 'bad')), false);
  });
});

describe('parseSeeds', () => {
  it('reads a count from the base seed, or an explicit list', () => {
    assert.deepEqual(parseSeeds('3', 7), [7, 8, 9]);
    assert.deepEqual(parseSeeds('1,2,5', 7), [1, 2, 5]);
    assert.deepEqual(parseSeeds('5,', 1), [5]);
    assert.deepEqual(parseSeeds(undefined, 1), [1, 2, 3]);
    assert.throws(() => parseSeeds('0', 1), UserError);
    assert.throws(() => parseSeeds('1,x', 1), /"x"/);
    assert.throws(() => parseSeeds('1,1', 1), /repeated/);
  });
});
