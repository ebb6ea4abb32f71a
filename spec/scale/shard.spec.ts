/**
 * Cluster runs: N shards (`--shard i/N`), merged, give exactly the
 * one-machine curve for any N, under every deterministic stop rule; and the
 * merge refuses parts that do not belong together.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliIO, Command, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { command as ber } from '../../src/cli/commands/ber.js';
import { command as merge } from '../../src/cli/commands/merge.js';
import { loadCode } from '../../src/codes/builtin.js';
import { CurveResult, SimConfig, simulateCurve } from '../../src/sim/monte-carlo.js';
import { workerPool, WorkerPool } from '../../src/sim/parallel.js';
import { mergeShardParts, PART_FORMAT, ShardPart, shardParams, ShardSpec, simulateShard } from '../../src/sim/shard.js';
import { UserError } from '../../src/util/errors.js';

const code = loadCode('bch-63-45');
const config = (over: Partial<SimConfig> = {}): SimConfig => ({
  code,
  decoder: { kind: 'ms', iterations: 5 },
  ebn0Db: [2, 4, 6],
  seed: 5,
  minFrameErrors: 100,
  maxFrames: 2100,
  earlyStop: false,
  berOn: 'all',
  codeword: 'random',
  ...over,
});

/** Everything of a curve except the timing fields. */
const exact = (c: CurveResult) => ({
  skipped: c.skippedEbn0Db,
  interrupted: c.interrupted,
  points: c.points.map(({ seconds: _s, framesPerSecond: _f, ...rest }) => rest),
});

let pool: WorkerPool;
before(() => {
  pool = workerPool(config(), 2);
});
after(() => pool.close());

/** Run every shard of N on the shared pool and return the parts as tanner ber --shard writes them. */
const runShards = async (c: SimConfig, count: number, run: Record<string, unknown> = { seed: c.seed }): Promise<{ part: ShardPart; path: string }[]> => {
  pool.bind(c);
  const parts: { part: ShardPart; path: string }[] = [];
  for (let index = 0; index < count; index++) {
    const shard: ShardSpec = { index, count };
    const r = await simulateShard(c, shard, pool);
    parts.push({ path: `part-${index}.json`, part: { format: PART_FORMAT, params: shardParams(c, run), shard, interrupted: r.interrupted, points: r.points } });
  }
  return parts;
};

describe('shards and merge', () => {
  it('merged shards equal the one-machine curve for N = 1, 2, 3 and 5', async () => {
    // 2 and 4 dB stop on frame errors (after 1 and 2 blocks), 6 dB on the cap with a short last block
    const c = config();
    const one = exact(await simulateCurve(c));
    assert.deepEqual(one.points.map((p) => p.stoppedBy), ['frame-errors', 'frame-errors', 'max-frames'], 'guard: both count rules fire');
    for (const n of [1, 2, 3, 5]) assert.deepEqual(exact(mergeShardParts(await runShards(c, n)).result), one, `${n} shard(s)`);
  });

  it('and under the precision rule, the stop-below-BER skip and zero errors', async () => {
    const c = config({ ebn0Db: [4, 10, 11], minFrameErrors: 1e9, maxFrames: 4000, relPrecision: 0.1, stopBelowBer: 1e-4 });
    const one = exact(await simulateCurve(c));
    assert.equal(one.points[0].stoppedBy, 'precision', 'guard: the precision rule fires');
    assert.ok(one.points[1].bitErrors === 0 && one.points[1].berUpperBound !== null, 'guard: 10 dB sees no error');
    assert.deepEqual(one.skipped, [11], 'guard: 11 dB is skipped');
    for (const n of [2, 3]) assert.deepEqual(exact(mergeShardParts(await runShards(c, n)).result), one, `${n} shards`);
  });

  it('a shard stops once its own blocks hold enough frame errors, far below the budget', async () => {
    const parts = await runShards(config({ ebn0Db: [2], maxFrames: 1_000_000 }), 2);
    for (const { part } of parts) assert.ok(part.points[0].blocks.length <= 2, `shard ${part.shard.index} ran ${part.points[0].blocks.length} blocks`);
  });

  it('refuses parts of different runs, missing, duplicated and interrupted shards', async () => {
    const c = config({ ebn0Db: [2] });
    const parts = await runShards(c, 3);
    const other = await runShards({ ...c, seed: 6 }, 3, { seed: 6 });
    assert.throws(() => mergeShardParts([parts[0], other[1], parts[2]]), (e: Error) => e instanceof UserError && /different run.*run\.seed is 6 there but 5/.test(e.message));
    assert.throws(() => mergeShardParts([parts[0], parts[2]]), /missing shard\(s\) 1\/3/);
    assert.throws(() => mergeShardParts([parts[0], parts[1], parts[1], parts[2]]), /shard 1\/3 given twice/);
    const cut = { ...parts[1], part: { ...parts[1].part, interrupted: true } };
    assert.throws(() => mergeShardParts([parts[0], cut, parts[2]]), /was interrupted/);
    const dropped = { ...parts[0], part: { ...parts[0].part, points: [{ ...parts[0].part.points[0], blocks: [] }] } };
    assert.throws(() => mergeShardParts([dropped, parts[1], parts[2]]), /block 0 of 2 dB is missing/);
  });
});

describe('tanner ber --shard / tanner merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanner-shard-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (cmd: Command, argv: string[]) => {
    let stderr = '';
    const progress: string[] = [];
    const io: CliIO = { stdout: () => undefined, stderr: (t) => (stderr += t), progress: (line) => progress.push(line), signal: new AbortController().signal, cwd: dir };
    return { code: await cmd.run(parseCommandArgs(cmd, argv), io), stderr, progress };
  };
  const FLAGS = ['--code', 'bch-63-45', '--ebn0', '2,4,6', '--max-frames', '2100', '--seed', '5', '--workers', '2'];

  it('the merged JSON is the one-machine JSON plus mergedShards, except timing', async () => {
    for (const i of [0, 1, 2]) assert.equal((await run(ber, [...FLAGS, '--shard', `${i}/3`, '--json', `part-${i}.json`])).code, EXIT.ok);
    assert.equal((await run(merge, ['part-0.json', 'part-1.json', 'part-2.json', '--json', 'merged.json'])).code, EXIT.ok);
    const single = await run(ber, [...FLAGS, '--json', 'single.json']);
    assert.equal(single.code, EXIT.ok);
    // progress: per point, frames, errors so far and frames/s
    for (const x of [2, 4, 6]) assert.ok(single.progress.some((l) => new RegExp(`^Eb/N0 ${x} dB: \\d+ frames, \\d+ frame errors, \\d+ bit errors, \\d+ frames/s$`).test(l)), `no progress line for ${x} dB`);
    const strip = (f: string) => {
      const { mergedShards, points, ...head } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return { mergedShards, head, points: points.map(({ seconds: _s, framesPerSecond: _f, ...rest }: Record<string, unknown>) => rest) };
    };
    const merged = strip('merged.json');
    const one = strip('single.json');
    assert.equal(merged.mergedShards, 3);
    assert.deepEqual({ head: merged.head, points: merged.points }, { head: one.head, points: one.points });
  });

  it('refuses --shard without --max-frames or --json, and with --max-seconds', async () => {
    const noCap = FLAGS.filter((_, k) => k !== 4 && k !== 5);
    await assert.rejects(run(ber, [...noCap, '--shard', '0/2', '--json', 'p.json']), /--shard needs --max-frames/);
    await assert.rejects(run(ber, [...FLAGS, '--shard', '0/2']), /--shard needs --json/);
    await assert.rejects(run(ber, [...FLAGS, '--shard', '0/2', '--json', 'p.json', '--max-seconds', '5']), /does not take --max-seconds/);
    await assert.rejects(run(ber, [...FLAGS, '--shard', '2/2', '--json', 'p.json']), /0 <= i < N/);
  });
});
