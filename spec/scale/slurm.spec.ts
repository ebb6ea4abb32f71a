/**
 * A sharded run on a real Slurm cluster: scripts/slurm-local.sh brings up a
 * single-node cluster in a temp dir, `tanner ber --shard
 * $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT` runs as a 4-task array job
 * (sbatch --wait --array=0-3), `tanner merge` combines the parts, and the
 * merged curve must equal the one-machine curve in everything but timing.
 *
 * The job script is a plain command line: the CLI on the sources
 * (spec/cli/tanner-entry.ts, what bin/tanner.js does, through tsx), like
 * the other child-process specs, so the test checks the code under test and
 * not whatever dist/ holds (in a shared checkout a build made mid-edit can
 * leave dist/ broken). Jobs and the one-machine run start in the package
 * folder, where `--import tsx` resolves; everything they write goes to the
 * temp dir. Slurm missing is a failure (CI installs it, .ci/run);
 * TANNER_SKIP_SLURM=1 skips.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'slurm-local.sh');
const entry = join(root, 'spec', 'cli', 'tanner-entry.ts');
const tanner = [process.execPath, '--import', 'tsx', entry];
const run = promisify(execFile);

const SKIP = process.env.TANNER_SKIP_SLURM === '1';

/** Why this machine cannot run the test, or null. */
const missing = async (): Promise<string | null> => {
  if (process.getuid?.() !== 0) return 'the local cluster needs root (munged runs as the munge user, Slurm as root)';
  for (const tool of ['munged', 'slurmctld', 'slurmd', 'sbatch']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed (apt-get install slurm-wlm munge; .ci/run does this)`;
    }
  }
  return null;
};

/** The run: 2 dB and 4 dB stop on frame errors, 6 dB on the frame cap with a short last block. */
const BER_ARGS = ['ber', '--code', 'bch-63-45', '--decoder', 'ms', '--iters', '5', '--ebn0', '2,4,6', '--max-frames', '2100', '--min-frame-errors', '100', '--seed', '7'];

/** Everything of a tanner-ber/1 file except the timing fields and the merge marker. */
const exact = (curve: Record<string, unknown>) => {
  const { mergedShards: _m, points, ...head } = curve;
  return { ...head, points: (points as Record<string, unknown>[]).map(({ seconds: _s, framesPerSecond: _f, ...rest }) => rest) };
};

describe('Slurm: tanner ber --shard as an array job, then tanner merge', { skip: SKIP ? 'TANNER_SKIP_SLURM=1' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanner-slurm-'));
  chmodSync(dir, 0o755); // munged runs as the munge user and must reach its socket below
  const cluster = join(dir, 'cluster');
  let started = false;
  after(async () => {
    // Stop the daemons even when the test failed, then remove every file it wrote.
    if (started) await run('bash', [script, 'stop', cluster], { timeout: 60_000 }).catch((e) => console.error(`slurm-local stop failed: ${e}`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the merged parts of a 4-task array job equal the one-machine result', { timeout: 180_000 }, async () => {
    const why = await missing();
    assert.equal(why, null, `Slurm test cannot run: ${why}. Set TANNER_SKIP_SLURM=1 to skip it on a machine without Slurm.`);

    started = true;
    const up = await run('bash', [script, 'start', cluster], { timeout: 90_000 }).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`scripts/slurm-local.sh start failed:\n${e.stderr ?? e.message}`);
    });
    const conf = /^SLURM_CONF=(.+)$/m.exec(up.stdout)?.[1];
    assert.ok(conf, `slurm-local.sh printed no SLURM_CONF:\n${up.stdout}`);
    const env = { ...process.env, SLURM_CONF: conf, NODE_OPTIONS: '' };

    const job = join(dir, 'shard.sh');
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    writeFileSync(
      job,
      [
        '#!/bin/sh',
        `exec ${tanner.map(quote).join(' ')} ${BER_ARGS.join(' ')} --workers 1 \\`,
        `  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --json ${quote(dir)}/part-"$SLURM_ARRAY_TASK_ID".json`,
        '',
      ].join('\n'),
    );
    try {
      await run('sbatch', ['--wait', '--array=0-3', `--chdir=${root}`, `--output=${join(dir, 'slurm-%a.out')}`, job], { env, timeout: 120_000 });
    } catch (e) {
      const logs = readdirSync(dir)
        .filter((f) => f.startsWith('slurm-'))
        .map((f) => `---- ${f}\n${readFileSync(join(dir, f), 'utf8')}`)
        .join('\n');
      throw new Error(`sbatch --wait --array=0-3 failed: ${(e as Error).message}\n${logs}`);
    }
    const parts = [0, 1, 2, 3].map((i) => join(dir, `part-${i}.json`));
    for (const p of parts) assert.ok(existsSync(p), `array task wrote no ${p}`);
    // guard: each task ran its own slice (shard i of 4 holds blocks j with j mod 4 == i)
    parts.forEach((p, i) => {
      const part = JSON.parse(readFileSync(p, 'utf8'));
      assert.deepEqual(part.shard, { index: i, count: 4 });
      for (const pt of part.points) for (const b of pt.blocks) assert.equal(b.block % 4, i);
    });

    const merged = join(dir, 'merged.json');
    const cli = (args: string[]) => run(tanner[0], [...tanner.slice(1), ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 });
    await cli(['merge', ...parts, '--json', merged]);
    const single = join(dir, 'single.json');
    await cli([...BER_ARGS, '--workers', '2', '--json', single]);

    const one = JSON.parse(readFileSync(single, 'utf8'));
    const many = JSON.parse(readFileSync(merged, 'utf8'));
    assert.equal(many.mergedShards, 4);
    const stops = one.points.map((p: { stoppedBy: string }) => p.stoppedBy);
    assert.deepEqual(stops, ['frame-errors', 'frame-errors', 'max-frames'], 'guard: both count rules fire');
    assert.deepEqual(exact(many), exact(one));
  });
});
