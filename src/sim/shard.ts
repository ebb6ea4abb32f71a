import { UserError } from '../util/errors.js';
import {
  addBlock,
  belowTargetAfter,
  BLOCK_FRAMES,
  blockFrames,
  budgetBlocks,
  checkConfig,
  Counts,
  CurveResult,
  POINT_START,
  PointResult,
  pointResultAtRate,
  PointState,
  SimConfig,
  StopRule,
} from './monte-carlo.js';
import { runBlocksInOrder, WorkerPool } from './parallel.js';

/**
 * Cluster runs: shard i of N simulates the blocks j with j mod N == i of
 * every point, each block from its own substream, and records per-block
 * counts; `mergeShardParts` replays all blocks of a point in order with the
 * one-machine stop rule, so N shards give exactly the one-machine counts.
 *
 * A shard cannot see the others' errors, so it runs up to the per-point
 * block budget ceil(maxFrames / BLOCK_FRAMES) with one exception that is
 * still exact: once the shard's own blocks 0..J hold minFrameErrors frame
 * errors, the merged run has stopped at some block <= J (its cumulative
 * errors at J include the shard's), so blocks after J are never needed.
 */

/** Shard i of N (0 <= i < N). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parse "i/N" (e.g. "0/4", or "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"). */
export const parseShardSpec = (text: string, what = '--shard'): ShardSpec => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new UserError(`${what}: expected i/N with integers 0 <= i < N (e.g. 0/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && index < count)) throw new UserError(`${what}: need 0 <= i < N and N >= 1, got ${index}/${count}`);
  return { index, count };
};

/** The blocks of a shard for one point: i, i + N, i + 2N, ... below the block budget. */
export const shardBlockCount = (config: Pick<SimConfig, 'maxFrames'>, shard: ShardSpec): number =>
  Math.max(0, Math.ceil((budgetBlocks(config) - shard.index) / shard.count));

/** Counts of one block, with its index. */
export interface BlockCounts extends Counts {
  readonly block: number;
}

export interface ShardPoint {
  readonly ebn0Db: number;
  /** this shard's blocks, in increasing block index */
  readonly blocks: readonly BlockCounts[];
}

/**
 * What a merge needs besides the blocks, and what must be equal across parts.
 * `run` is the caller's description of the run (code, decoder, seed,
 * settings): opaque here, compared field by field, copied into the merged output.
 */
export interface ShardParams {
  readonly rate: number;
  readonly ebn0Db: readonly number[];
  readonly blockFrames: number;
  readonly rule: {
    readonly minFrameErrors: number;
    readonly maxFrames: number;
    readonly relPrecision: number | null;
    readonly stopBelowBer: number | null;
  };
  readonly run: Readonly<Record<string, unknown>>;
}

/** A shard's output file (`tanner ber --shard i/N --json part-i.json`). */
export interface ShardPart {
  readonly format: 'tanner-ber-part/1';
  readonly params: ShardParams;
  readonly shard: ShardSpec;
  readonly interrupted: boolean;
  readonly points: readonly ShardPoint[];
}

export const PART_FORMAT = 'tanner-ber-part/1';

/** The merge parameters of a config (`run` describes the rest of the command). */
export const shardParams = (config: SimConfig, run: Readonly<Record<string, unknown>>): ShardParams => ({
  rate: config.code.rate,
  ebn0Db: [...config.ebn0Db],
  blockFrames: BLOCK_FRAMES,
  rule: {
    minFrameErrors: config.minFrameErrors,
    maxFrames: config.maxFrames,
    relPrecision: config.relPrecision ?? null,
    stopBelowBer: config.stopBelowBer ?? null,
  },
  run,
});

/** Progress of a shard: blocks done of the point's planned blocks. */
export interface ShardProgress {
  readonly pointIndex: number;
  readonly ebn0Db: number;
  readonly blocksDone: number;
  readonly blocksPlanned: number;
  readonly frameErrors: number;
  readonly framesPerSecond: number;
}

/**
 * Run shard `shard` of every point on the pool. A wall-clock budget would
 * make the slice depend on machine speed, so configs with one are refused.
 * On abort the part is returned with `interrupted: true` (merge refuses it).
 */
export const simulateShard = async (
  config: SimConfig,
  shard: ShardSpec,
  pool: WorkerPool,
  opts: { readonly signal?: AbortSignal; readonly onProgress?: (p: ShardProgress) => void } = {},
): Promise<{ readonly points: ShardPoint[]; readonly interrupted: boolean }> => {
  checkConfig(config);
  if (config.maxSecondsPerPoint != null) throw new UserError('a shard cannot use a wall-clock budget (--max-seconds): the merged result would depend on machine speed');
  const planned = shardBlockCount(config, shard);
  const points: ShardPoint[] = [];
  for (let i = 0; i < config.ebn0Db.length; i++) {
    const x = config.ebn0Db[i];
    const blocks: BlockCounts[] = [];
    let ownFrameErrors = 0;
    let frames = 0;
    const started = performance.now();
    const finished = await runBlocksInOrder(
      pool,
      x,
      { count: planned, at: (k) => shard.index + k * shard.count },
      (j) => blockFrames(config, j),
      (block, counts) => {
        blocks.push({ block, ...counts });
        ownFrameErrors += counts.frameErrors;
        frames += counts.frames;
        const seconds = (performance.now() - started) / 1000;
        opts.onProgress?.({ pointIndex: i, ebn0Db: x, blocksDone: blocks.length, blocksPlanned: planned, frameErrors: ownFrameErrors, framesPerSecond: seconds > 0 ? frames / seconds : 0 });
        return ownFrameErrors >= config.minFrameErrors;
      },
      opts.signal,
    );
    points.push({ ebn0Db: x, blocks });
    if (!finished) return { points, interrupted: true };
  }
  return { points, interrupted: false };
};

// ---- reading and merging part files ----

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const COUNT_FIELDS = ['block', 'frames', 'bits', 'bitErrors', 'sumSquaredBitErrors', 'frameErrors', 'iterations', 'seconds'] as const;

/** Check the shape of a parsed part file; `where` names it in errors. */
export const checkShardPart = (raw: unknown, where: string): ShardPart => {
  const bad = (what: string) => new UserError(`${where}: ${what}`);
  if (!isObject(raw)) throw bad('not a JSON object');
  if (raw.format !== PART_FORMAT) throw bad(`format is ${JSON.stringify(raw.format)}, expected "${PART_FORMAT}" (a file written by tanner ber --shard)`);
  const p = raw.params;
  if (!isObject(p) || typeof p.rate !== 'number' || !Array.isArray(p.ebn0Db) || !isObject(p.rule) || !isObject(p.run) || p.blockFrames !== BLOCK_FRAMES) {
    throw bad(`params are missing or malformed (or written with a block size other than ${BLOCK_FRAMES})`);
  }
  const s = raw.shard;
  if (!isObject(s) || !Number.isInteger(s.index) || !Number.isInteger(s.count) || !((s.index as number) >= 0 && (s.index as number) < (s.count as number))) {
    throw bad('shard must be {index, count} with 0 <= index < count');
  }
  if (typeof raw.interrupted !== 'boolean' || !Array.isArray(raw.points)) throw bad('interrupted/points are missing');
  raw.points.forEach((pt, i) => {
    if (!isObject(pt) || typeof pt.ebn0Db !== 'number' || !Array.isArray(pt.blocks)) throw bad(`points[${i}] must be {ebn0Db, blocks}`);
    pt.blocks.forEach((b, j) => {
      if (!isObject(b) || COUNT_FIELDS.some((f) => typeof b[f] !== 'number')) throw bad(`points[${i}].blocks[${j}] must have numeric ${COUNT_FIELDS.join(', ')}`);
    });
  });
  return raw as unknown as ShardPart;
};

/** JSON with object keys sorted, so equal values compare equal as text. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

/** The first field (dotted path) where two parameter objects differ, or null. */
const firstDifference = (a: unknown, b: unknown, path: string): string | null => {
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
      if (d !== null) return d;
    }
    return null;
  }
  return canonical(a) === canonical(b) ? null : path;
};

const valueAt = (x: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), x);

/** The merged curve and the run description shared by all parts. */
export interface MergedShards {
  readonly params: ShardParams;
  readonly shards: number;
  readonly result: CurveResult;
}

/**
 * Merge the parts of a sharded run into the one-machine result: refuse parts
 * from different runs, interrupted parts, and missing or duplicated shards;
 * then replay each point's blocks 0, 1, ... with the one-machine stop rule
 * and the stopBelowBer skip. Point `seconds` is the summed block time.
 */
export const mergeShardParts = (parts: readonly { readonly part: ShardPart; readonly path: string }[]): MergedShards => {
  if (parts.length === 0) throw new UserError('merge: no part files given');
  const first = parts[0];
  for (const other of parts.slice(1)) {
    const diff = firstDifference(first.part.params, other.part.params, '');
    if (diff !== null) {
      throw new UserError(
        `merge: ${other.path} is from a different run than ${first.path}: ${diff} is ${canonical(valueAt(other.part.params, diff))} there but ${canonical(valueAt(first.part.params, diff))} in ${first.path}`,
      );
    }
  }
  const count = first.part.shard.count;
  const byIndex = new Map<number, string>();
  for (const { part, path } of parts) {
    if (part.shard.count !== count) throw new UserError(`merge: ${path} is shard ${part.shard.index}/${part.shard.count} but ${first.path} is one of ${count} shards`);
    const seen = byIndex.get(part.shard.index);
    if (seen !== undefined) throw new UserError(`merge: shard ${part.shard.index}/${count} given twice (${seen} and ${path})`);
    byIndex.set(part.shard.index, path);
    if (part.interrupted) throw new UserError(`merge: ${path} (shard ${part.shard.index}/${count}) was interrupted; run that shard again`);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new UserError(`merge: missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} of ${count}`);

  const params = first.part.params;
  const rule: StopRule = { ...params.rule, maxSecondsPerPoint: null };
  const points: PointResult[] = [];
  const skippedEbn0Db: number[] = [];
  let belowTargetAt: number | null = null;
  params.ebn0Db.forEach((x, i) => {
    if (belowTargetAt !== null && x > belowTargetAt) {
      skippedEbn0Db.push(x);
      return;
    }
    const blocks = new Map<number, BlockCounts>();
    for (const { part, path } of parts) {
      const pt = part.points[i];
      if (pt === undefined || pt.ebn0Db !== x) throw new UserError(`merge: ${path} has no point ${i} at ${x} dB`);
      for (const b of pt.blocks) {
        if (b.block % count !== part.shard.index) throw new UserError(`merge: ${path} holds block ${b.block}, which belongs to shard ${b.block % count}`);
        if (b.frames !== blockFrames(params.rule, b.block)) throw new UserError(`merge: ${path}: block ${b.block} at ${x} dB has ${b.frames} frames, expected ${blockFrames(params.rule, b.block)}`);
        blocks.set(b.block, b);
      }
    }
    let state: PointState = POINT_START;
    while (state.reason === null) {
      const b = blocks.get(state.blocks);
      if (b === undefined) {
        throw new UserError(`merge: block ${state.blocks} of ${x} dB is missing from ${byIndex.get(state.blocks % count)} (shard ${state.blocks % count}/${count}); the part is incomplete`);
      }
      state = addBlock(rule, state, b);
    }
    const point = pointResultAtRate(params.rate, x, state.counts, state.blocks, state.reason);
    points.push(point);
    belowTargetAt = belowTargetAfter(rule, point, belowTargetAt);
  });
  return { params, shards: count, result: { points, skippedEbn0Db, interrupted: false } };
};
