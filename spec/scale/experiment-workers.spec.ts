/**
 * `tanner ablate` / `tanner reproduce` evaluate on worker threads
 * (--workers, default the number of cores): the experiment's results must
 * not depend on the worker count.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliIO, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { command as ablate } from '../../src/cli/commands/ablate.js';
import { ExperimentResults } from '../../src/experiments/results.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-experiment-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Two baselines and one tiny trained student on a 31-bit code; 3 dB stops on frame errors, 5 dB on the frame cap. */
const TINY = [
  '--code', 'bch-31-16', '--steps', '3', '--batch', '8', '--variants', 'ms5,teacher,ce', '--seeds', '1,2',
  '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0',
  '--set', 'eval.ebn0Db=[3,5]', '--set', 'eval.maxFrames=1100', '--set', 'eval.minFrameErrors=150',
];

const runAblate = async (argv: string[]): Promise<{ code: number; stderr: string; progress: string[] }> => {
  let stderr = '';
  const progress: string[] = [];
  const io: CliIO = { stdout: () => undefined, stderr: (t) => (stderr += t), progress: (line) => progress.push(line), signal: new AbortController().signal, cwd: dir };
  return { code: await ablate.run(parseCommandArgs(ablate, argv), io), stderr, progress };
};

/** Every count of every (variant, seed, point); timings are allowed to differ. */
const counts = (folder: string) => {
  const r: ExperimentResults = JSON.parse(readFileSync(join(dir, folder, 'results.json'), 'utf8'));
  return r.variants.map((v) => ({
    id: v.id,
    runs: v.runs.map((x) => ({ seed: x.seed, points: x.points.map(({ seconds: _s, framesPerSecond: _f, ...rest }) => rest) })),
  }));
};

describe('experiment evaluation on worker threads', () => {
  it('gives the same results for 1 and 3 workers', async () => {
    for (const workers of [1, 3]) {
      const r = await runAblate([...TINY, '--workers', String(workers), '--out', `w${workers}`]);
      assert.equal(r.code, EXIT.ok, r.stderr);
      // progress of the evaluation: per cell and point, frames, errors so far and frames/s
      assert.ok(r.progress.some((l) => /^teacher seed 2: 5 dB {2}\d+ frames {2}\d+ frame errors {2}\d+ bit errors {2}\d+ frames\/s$/.test(l)), r.progress.slice(-3).join('\n'));
    }
    const one = counts('w1');
    assert.deepEqual(one.map((v) => v.id), ['ms5', 'teacher', 'ce']);
    const stops = new Set(one.flatMap((v) => v.runs.flatMap((x) => x.points.map((p) => p.stoppedBy))));
    assert.deepEqual([...stops].sort(), ['frame-errors', 'max-frames'], 'guard: both count rules fire');
    assert.ok(one.every((v) => v.runs.every((x) => x.points.some((p) => p.blocks > 3))), 'guard: some point of every cell runs more blocks than 3 workers');
    assert.deepEqual(counts('w3'), one);
  });

  it('rejects --workers 0', async () => {
    await assert.rejects(runAblate([...TINY, '--workers', '0', '--out', 'bad']), /--workers: expected an integer >= 1/);
  });
});
