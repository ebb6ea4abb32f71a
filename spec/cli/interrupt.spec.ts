/**
 * Interruptions (issue 5, point 5): Ctrl-C (SIGINT) or SIGTERM during
 * `tanner train`, `ber` and `ablate` saves what is finished and exits 130;
 * kill -9 leaves a readable checkpoint; running again (--resume for train and
 * ber, the same command for ablate) ends with the files of an uninterrupted
 * run, timing fields aside. The signals go to real child processes; budgets
 * are tiny, and every wait is on the child's own output, never on a clock.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliIO, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { command as ber } from '../../src/cli/commands/ber.js';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { fromCheckpoint } from '../../src/train/checkpoint.js';
import { makeTrainContext } from '../../src/train/context.js';
import { runMain, spawnTanner } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-interrupt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON value without its wall-clock fields (the only thing a resumed run may change). */
const withoutTiming = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(withoutTiming);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !['seconds', 'framesPerSecond', 'elapsedSeconds'].includes(k))
      .map(([k, x]) => [k, withoutTiming(x)]),
  );
};
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** 60 steps with a validation line on stderr after each (what the tests wait for) and a checkpoint after each. */
const TRAIN = [
  'train', '--code', 'bch-31-16', '--steps', '60', '--batch', '8', '--seed', '3',
  '--set', 'train.ebn0Db=[2,4]', '--set', 'teacher.iterations=10',
  '--set', 'train.validateEvery=1', '--set', 'train.validationFrames=8', '--set', 'train.validationEbn0Db=[3]',
  '--set', 'train.checkpointEvery=1',
];
const TRAIN_FILES = ['config.json', 'checkpoint.json', 'weights.json', 'train-log.csv'];

const code = loadCode('bch-31-16');
const checkpointIsReadable = (folder: string): number => {
  const raw = readJson(join(folder, 'checkpoint.json')) as { config: unknown };
  const config = decodeRunConfigOrThrow(raw.config);
  return fromCheckpoint(raw, makeTrainContext(code, config, null).layout.size).state.step;
};

describe('tanner train: interrupted, killed, resumed', () => {
  const reference = join(dir, 'train-ref');

  it('an uninterrupted run (the reference)', async () => {
    const r = await runMain([...TRAIN, '--out', reference]);
    assert.equal(r.code, EXIT.ok, r.stderr);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-run: exit 130 with the checkpoint saved; --resume ends with the reference's files, byte for byte`, async () => {
      const out = join(dir, `train-${signal}`);
      const child = spawnTanner([...TRAIN, '--out', out]);
      await child.stderrMatches(/step 3 validation/);
      child.process.kill(signal);
      const r = await child.done;
      assert.equal(r.code, EXIT.interrupted, r.stderr);
      assert.match(r.stderr, new RegExp(`tanner: ${signal} received, saving finished work`));
      assert.match(r.stdout, /^interrupted at step \d+\/60;/);
      const step = checkpointIsReadable(out);
      assert.ok(step >= 3 && step < 60, `interrupted at step ${step}`);
      const resumed = await runMain(['train', '--out', out, '--resume']);
      assert.equal(resumed.code, EXIT.ok, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`resuming at step ${step}/60`));
      for (const f of TRAIN_FILES) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(reference, f), 'utf8'), f);
    });
  }

  it('kill -9 mid-run leaves a readable checkpoint; --resume ends with the reference files', async () => {
    const out = join(dir, 'train-kill9');
    const child = spawnTanner([...TRAIN, '--out', out]);
    await child.stderrMatches(/step 5 validation/);
    child.process.kill('SIGKILL');
    const r = await child.done;
    assert.equal(r.signal, 'SIGKILL');
    const step = checkpointIsReadable(out);
    assert.ok(step >= 4 && step < 60, `killed after step ${step}`);
    const resumed = await runMain(['train', '--out', out, '--resume']);
    assert.equal(resumed.code, EXIT.ok, resumed.stderr);
    for (const f of TRAIN_FILES) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(reference, f), 'utf8'), f);
    // At worst a stray temp file of the killed writer is left; never a torn checkpoint.
    for (const f of readdirSync(out)) assert.ok(TRAIN_FILES.includes(f) || /^\.checkpoint\.json\.\d+\.\d+\.tmp$/.test(f), f);
  });
});

describe('tanner ber: interrupted and resumed', () => {
  /** Six points of at most 4000 frames each (20 blocks), on one worker. */
  const BER = ['ber', '--code', 'bch-31-16', '--decoder', 'ms', '--iters', '5', '--ebn0', '0:1:5', '--max-frames', '4000', '--min-frame-errors', '300', '--seed', '4', '--workers', '1', '--stop-below-ber', '1e-5'];
  const reference = join(dir, 'ber-ref.json');

  it('an uninterrupted run (the reference)', async () => {
    const r = await runMain([...BER, '--json', reference]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const points = (readJson(reference) as { points: unknown[] }).points;
    assert.ok(points.length >= 3, 'guard: several points');
  });

  it('an abort after the second point has started keeps the finished points; --resume completes the same curve', async () => {
    const json = join(dir, 'ber-abort.json');
    const controller = new AbortController();
    let stderr = '';
    const io: CliIO = {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      progress: (line) => {
        if (line.startsWith('Eb/N0 2 dB')) controller.abort();
      },
      signal: controller.signal,
      cwd: dir,
    };
    const code1 = await ber.run(parseCommandArgs(ber, [...BER.slice(1), '--json', json]), io);
    assert.equal(code1, EXIT.interrupted, stderr);
    const partial = readJson(json) as { interrupted: boolean; points: { ebn0Db: number; complete: boolean }[] };
    assert.equal(partial.interrupted, true);
    assert.deepEqual(partial.points.map((p) => [p.ebn0Db, p.complete]), [[0, true], [1, true], [2, false]]);
    const r = await runMain([...BER, '--json', json, '--resume']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stderr, /resuming: 2 finished point\(s\) kept/);
    assert.deepEqual(withoutTiming(readJson(json)), withoutTiming(readJson(reference)));
  });

  it('SIGTERM to the process: exit 130, the JSON marked interrupted; --resume completes the same curve', async () => {
    const json = join(dir, 'ber-term.json');
    const child = spawnTanner([...BER, '--json', json]);
    await child.stderrMatches(/^tanner ber: bch-31-16/m);
    child.process.kill('SIGTERM');
    const r = await child.done;
    assert.equal(r.code, EXIT.interrupted, r.stderr);
    assert.match(r.stderr, /interrupted: \d+ finished point\(s\) saved to /);
    const partial = readJson(json) as { interrupted: boolean; points: { complete: boolean }[] };
    assert.equal(partial.interrupted, true);
    assert.ok(partial.points.slice(0, -1).every((p) => p.complete));
    const resumed = await runMain([...BER, '--json', json, '--resume']);
    assert.equal(resumed.code, EXIT.ok, resumed.stderr);
    assert.deepEqual(withoutTiming(readJson(json)), withoutTiming(readJson(reference)));
  });

  it('--resume of a finished curve simulates nothing and rewrites the same curve', async () => {
    const r = await runMain([...BER, '--json', reference, '--resume']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stderr, /resuming: \d+ finished point\(s\) kept/);
    assert.doesNotMatch(r.stderr, /frames\/s/, 'no block was simulated');
  });

  it('--resume refuses a file of another run, naming what differs, and leaves it alone', async () => {
    const before = readFileSync(reference, 'utf8');
    const r = await runMain([...BER, '--seed', '5', '--json', reference, '--resume']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, /^tanner ber: --resume: .*ber-ref\.json was written by another run \(seed: 4 vs 5\); drop --resume/);
    assert.equal(readFileSync(reference, 'utf8'), before);
    const other = await runMain([...BER, '--iters', '6', '--json', reference, '--resume']);
    assert.match(other.stderr, /decoder\.iterations: 5 vs 6/);
    assert.equal((await runMain([...BER, '--resume'])).code, EXIT.usage, '--resume needs --json');
  });
});

describe('tanner ablate: Ctrl-C and the same command again', () => {
  const ABLATE = [
    'ablate', '--code', 'bch-31-16', '--steps', '300', '--batch', '8', '--seeds', '1', '--variants', 'ms5,ce', '--workers', '1',
    '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'train.checkpointEvery=0',
    '--set', 'eval.ebn0Db=[3]', '--set', 'eval.maxFrames=400',
  ];

  it('SIGINT while the second variant trains: exit 130 with the first cell saved; running again gives the uninterrupted results', async () => {
    const reference = join(dir, 'ablate-ref');
    assert.equal((await runMain([...ABLATE, '--out', reference])).code, EXIT.ok);
    const out = join(dir, 'ablate-int');
    const child = spawnTanner([...ABLATE, '--out', out]);
    await child.stderrMatches(/^ms5 seed 1: BER/m);
    child.process.kill('SIGINT');
    const r = await child.done;
    assert.equal(r.code, EXIT.interrupted, r.stderr);
    assert.match(r.stderr, /interrupted: finished cells are saved in /);
    const partial = readJson(join(out, 'results.json')) as { complete: boolean; variants: { id: string }[] };
    assert.equal(partial.complete, false);
    assert.deepEqual(partial.variants.map((v) => v.id), ['ms5']);
    assert.ok(existsSync(join(out, 'ms5', 'seed-1', 'cell.json')));
    const again = await runMain([...ABLATE, '--out', out]);
    assert.equal(again.code, EXIT.ok, again.stderr);
    assert.match(again.stderr, /ms5 seed 1: already done/);
    const strip = (r: unknown) => {
      const { command: _c, ...rest } = withoutTiming(r) as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(strip(readJson(join(out, 'results.json'))), strip(readJson(join(reference, 'results.json'))));
  });
});
