import { rngStream, STREAM } from '../channel/rng.js';
import { CodewordSource } from '../channel/source.js';
import { esn0Db, noiseSigma } from '../channel/awgn.js';
import { transmit } from '../channel/transmit.js';
import { Code } from '../codes/code.js';
import { BatchDecoder, batchDecoder, DecoderSpec } from '../decoders/decoder.js';
import { allocateOutput, DecodeOutput } from '../decoders/output.js';
import { clusteredBerInterval, wilsonInterval, zeroErrorUpperBound } from './stats.js';

/**
 * Monte Carlo BER/FER estimation (docs/method.md §7).
 *
 * Frames are simulated in fixed blocks of BLOCK_FRAMES. Block j of the point
 * at Eb/N0 = x draws its codewords and noise from
 *
 *   rngStream(seed, STREAM.evalPoint, snrKey(x), j)
 *
 * so the same Eb/N0 sees the same noise for every decoder (variants are
 * compared on identical channel realisations), and the counts depend only on
 * (config, seed): never on how blocks are scheduled. A point stops after the
 * block in which cumulative frame errors reach `minFrameErrors` or frames reach
 * `maxFrames` (the last block is shortened so frames never exceed maxFrames).
 * Blocks are counted whole and in order, so the stopping point is
 * deterministic. Only the optional wall-clock budget breaks this (documented
 * on `SimConfig.maxSecondsPerPoint`).
 *
 * Stop rules for long runs: frame errors, frame cap, FER interval relative
 * half-width (`relPrecision`), wall clock (`maxSecondsPerPoint`), and the
 * curve-level `stopBelowBer` skip. A point with zero errors reports one-sided
 * upper bounds (berUpperBound, ferUpperBound), never a bare BER 0.
 * The same fold (`addBlock`) drives the sequential loop here, the worker pool
 * (parallel.ts) and the shard merge (shard.ts).
 */

/**
 * Frames per Monte Carlo block: the unit of the noise streams (block j of a
 * point draws from rngStream(seed, STREAM.evalPoint, snrKey(x), j)), of the
 * stop rule and of the work split over workers.
 *
 * @example
 * ```ts
 * import { BLOCK_FRAMES, loadCode, simulatePointSync } from 'tanner';
 * import assert from 'node:assert/strict';
 * const point = simulatePointSync({
 *   code: loadCode('bch-31-16'), decoder: { kind: 'ms', iterations: 5 }, ebn0Db: [3], seed: 1,
 *   minFrameErrors: 1e9, maxFrames: 500, earlyStop: false, berOn: 'all', codeword: 'zero',
 * }, 3);
 * assert.equal(BLOCK_FRAMES, 200);
 * assert.equal(point.blocks, 3); // 200 + 200 + 100 frames
 * ```
 */
export const BLOCK_FRAMES = 200;

/** Which bits the BER counts: all n code bits, or the k information positions (AFF3CT). */
export type BerOn = 'all' | 'info';

export interface SimConfig {
  readonly code: Code;
  readonly decoder: DecoderSpec;
  /** Eb/N0 points in dB, simulated in the given order */
  readonly ebn0Db: readonly number[];
  readonly seed: number;
  /** stop a point once this many frame errors were seen [100] */
  readonly minFrameErrors: number;
  /** frame cap per point */
  readonly maxFrames: number;
  /** syndrome early stop inside the decoder */
  readonly earlyStop: boolean;
  readonly berOn: BerOn;
  readonly codeword: CodewordSource;
  /**
   * If set, once a finished point's BER (or its zero-error upper bound) is
   * below this target, the remaining points with a higher Eb/N0 are skipped.
   */
  readonly stopBelowBer?: number | null;
  /**
   * Optional wall-clock budget per point in seconds, checked between blocks.
   * A point cut by it depends on machine speed: it is marked stoppedBy 'time'.
   */
  readonly maxSecondsPerPoint?: number | null;
  /**
   * If set, a point also stops once the 95% Wilson interval of its FER is
   * narrow enough: (ferHigh - ferLow) / 2 <= relPrecision * FER (needs >= 1
   * frame error). Count-based, so it stays deterministic.
   */
  readonly relPrecision?: number | null;
}

/** The parts of a config the per-point stop rule and the skip rule read. */
export type StopRule = Pick<SimConfig, 'minFrameErrors' | 'maxFrames' | 'maxSecondsPerPoint' | 'relPrecision' | 'stopBelowBer'>;

/** Raw counts of one or more blocks. */
export interface Counts {
  readonly frames: number;
  /** bits counted (frames x n, or frames x k for berOn 'info') */
  readonly bits: number;
  readonly bitErrors: number;
  /** sum over frames of (bit errors in the frame)^2: the spread of the per-frame errors, for the BER interval */
  readonly sumSquaredBitErrors: number;
  readonly frameErrors: number;
  /** sum over frames of the decoder iterations run */
  readonly iterations: number;
  /** wall clock of channel + decoding, seconds */
  readonly seconds: number;
}

export const ZERO_COUNTS: Counts = Object.freeze({ frames: 0, bits: 0, bitErrors: 0, sumSquaredBitErrors: 0, frameErrors: 0, iterations: 0, seconds: 0 });

/** Counts are additive: merging is a field-wise sum. */
export const mergeCounts = (a: Counts, b: Counts): Counts => ({
  frames: a.frames + b.frames,
  bits: a.bits + b.bits,
  bitErrors: a.bitErrors + b.bitErrors,
  sumSquaredBitErrors: a.sumSquaredBitErrors + b.sumSquaredBitErrors,
  frameErrors: a.frameErrors + b.frameErrors,
  iterations: a.iterations + b.iterations,
  seconds: a.seconds + b.seconds,
});

/**
 * Why a point stopped: enough frame errors, the frame cap, the FER interval
 * narrow enough ('precision'), the wall-clock budget, or Ctrl-C.
 */
export type StopReason = 'frame-errors' | 'max-frames' | 'precision' | 'time' | 'interrupted';

/** One finished (or interrupted) Eb/N0 point. */
export interface PointResult {
  readonly ebn0Db: number;
  readonly esn0Db: number;
  readonly sigma: number;
  readonly frames: number;
  readonly bits: number;
  readonly bitErrors: number;
  /** sum over frames of (bit errors in the frame)^2 (pooling and merging recompute berCi from it) */
  readonly sumSquaredBitErrors: number;
  readonly frameErrors: number;
  /** bitErrors / bits (0 when no error was seen: read berUpperBound then) */
  readonly ber: number;
  readonly fer: number;
  /**
   * 95% intervals [low, high]: FER Wilson over frames; BER Wilson at the
   * effective sample size of frames-as-clusters (clusteredBerInterval)
   */
  readonly berCi: [number, number];
  readonly ferCi: [number, number];
  /** one-sided 95% upper bounds, set only when zero errors were seen */
  readonly berUpperBound: number | null;
  readonly ferUpperBound: number | null;
  readonly meanIterations: number;
  /** frames / wall-clock seconds of channel + decoding */
  readonly framesPerSecond: number;
  readonly seconds: number;
  readonly blocks: number;
  readonly complete: boolean;
  readonly stoppedBy: StopReason;
}

export interface CurveResult {
  readonly points: PointResult[];
  /** Eb/N0 points not simulated because an earlier point was below stopBelowBer */
  readonly skippedEbn0Db: number[];
  readonly interrupted: boolean;
}

export interface Progress {
  readonly pointIndex: number;
  readonly ebn0Db: number;
  readonly frames: number;
  readonly frameErrors: number;
  readonly bitErrors: number;
  readonly framesPerSecond: number;
}

/**
 * A stable non-negative integer key for an Eb/N0 value (resolution 0.001 dB,
 * valid above -100 dB): round((x + 100) * 1000).
 *
 * @example
 * ```ts
 * import { snrKey } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(snrKey(4), 104000);
 * assert.equal(snrKey(4.0001), snrKey(4)); // resolution 0.001 dB
 * ```
 */
export const snrKey = (ebn0Db: number): number => {
  const key = Math.round((ebn0Db + 100) * 1000);
  if (!(key >= 0) || !Number.isSafeInteger(key)) throw new RangeError(`Eb/N0 ${ebn0Db} dB is out of the supported range (> -100 dB)`);
  return key;
};

/** What one simulation needs, bound once: decoder, counted positions, work buffers. */
export interface BlockRunner {
  readonly config: SimConfig;
  readonly decode: BatchDecoder;
  /** code-bit positions the BER and FER count */
  readonly countedV: Int32Array;
  readonly out: DecodeOutput;
}

export const blockRunner = (config: SimConfig): BlockRunner => {
  const { code } = config;
  const countedV = config.berOn === 'info' ? Int32Array.from(code.generator.infoPositions) : Int32Array.from({ length: code.n }, (_, v) => v);
  return { config, decode: batchDecoder(code.graph, config.decoder), countedV, out: allocateOutput(BLOCK_FRAMES, code.n) };
};

/**
 * Simulate block `block` (frames frames, <= BLOCK_FRAMES) at one Eb/N0 and
 * count errors. A frame error is a frame with at least one wrong counted bit
 * (AFF3CT's rule when counting on the information bits).
 */
export const simulateBlock = (runner: BlockRunner, ebn0Db: number, block: number, frames: number): Counts => {
  const { config, decode, countedV, out } = runner;
  const { code } = config;
  const n = code.n;
  const started = performance.now();
  const rng = rngStream(config.seed, STREAM.evalPoint, snrKey(ebn0Db), block);
  const batch = transmit(code, frames, ebn0Db, config.codeword, rng);
  decode(batch.llr, frames, config.earlyStop, out);
  let bitErrors = 0;
  let sumSquaredBitErrors = 0;
  let frameErrors = 0;
  let iterations = 0;
  for (let b = 0; b < frames; b++) {
    const lo = b * n;
    let wrong = 0;
    for (let i = 0; i < countedV.length; i++) {
      const v = lo + countedV[i];
      wrong += out.hard[v] ^ batch.bits[v];
    }
    bitErrors += wrong;
    sumSquaredBitErrors += wrong * wrong;
    if (wrong > 0) frameErrors++;
    iterations += out.iterations[b];
  }
  const seconds = (performance.now() - started) / 1000;
  return { frames, bits: frames * countedV.length, bitErrors, sumSquaredBitErrors, frameErrors, iterations, seconds };
};

/**
 * Turn a point's counts into rates, intervals and bounds. `wallSeconds` (the
 * point's elapsed wall clock, for parallel runs where block times overlap)
 * replaces the summed block time in `seconds` and `framesPerSecond`.
 */
export const pointResult = (
  config: Pick<SimConfig, 'code'>,
  ebn0Db: number,
  counts: Counts,
  blocks: number,
  stoppedBy: StopReason,
  wallSeconds?: number,
): PointResult => pointResultAtRate(config.code.rate, ebn0Db, counts, blocks, stoppedBy, wallSeconds);

/** {@link pointResult} from the code rate alone (merging shard files needs no code). */
export const pointResultAtRate = (
  rate: number,
  ebn0Db: number,
  counts: Counts,
  blocks: number,
  stoppedBy: StopReason,
  wallSeconds?: number,
): PointResult => {
  const { frames, bits, bitErrors, sumSquaredBitErrors, frameErrors } = counts;
  const seconds = wallSeconds ?? counts.seconds;
  return {
    ebn0Db,
    esn0Db: esn0Db(ebn0Db, rate),
    sigma: noiseSigma(ebn0Db, rate),
    frames,
    bits,
    bitErrors,
    sumSquaredBitErrors,
    frameErrors,
    ber: bits > 0 ? bitErrors / bits : 0,
    fer: frames > 0 ? frameErrors / frames : 0,
    berCi: clusteredBerInterval(bitErrors, sumSquaredBitErrors, frames, frames > 0 ? bits / frames : 0),
    ferCi: wilsonInterval(frameErrors, frames),
    berUpperBound: bitErrors === 0 ? zeroErrorUpperBound(bits) : null,
    ferUpperBound: frameErrors === 0 ? zeroErrorUpperBound(frames) : null,
    meanIterations: frames > 0 ? counts.iterations / frames : 0,
    framesPerSecond: seconds > 0 ? frames / seconds : 0,
    seconds,
    blocks,
    complete: stoppedBy !== 'interrupted',
    stoppedBy,
  };
};

/**
 * Relative half-width of the 95% Wilson interval of the FER,
 * (hi - lo) / 2 / (frameErrors / frames); Infinity with no frame error yet.
 */
export const ferRelativeHalfWidth = (counts: Pick<Counts, 'frames' | 'frameErrors'>): number => {
  if (counts.frameErrors === 0) return Infinity;
  const [lo, hi] = wilsonInterval(counts.frameErrors, counts.frames);
  return (hi - lo) / 2 / (counts.frameErrors / counts.frames);
};

/**
 * Why a point must stop after the counts so far, or null to run another block.
 * The count rules come first, so a point they end is reported the same on any
 * machine; `elapsedSeconds` (default: the summed block time) feeds only the
 * wall-clock budget.
 */
export const stopReason = (rule: StopRule, counts: Counts, elapsedSeconds: number = counts.seconds): StopReason | null => {
  if (counts.frameErrors >= rule.minFrameErrors) return 'frame-errors';
  if (counts.frames >= rule.maxFrames) return 'max-frames';
  const precision = rule.relPrecision;
  if (precision != null && ferRelativeHalfWidth(counts) <= precision) return 'precision';
  const budget = rule.maxSecondsPerPoint;
  if (budget != null && elapsedSeconds >= budget) return 'time';
  return null;
};

/** Frames of a block starting at framesSoFar: BLOCK_FRAMES, the last one shortened to reach maxFrames exactly. */
export const blockSize = (config: Pick<SimConfig, 'maxFrames'>, framesSoFar: number): number =>
  Math.min(BLOCK_FRAMES, config.maxFrames - framesSoFar);

/**
 * Frames of block j. Every block before the last is whole, so block j starts
 * at frame j * BLOCK_FRAMES and its size depends on j alone: any worker or
 * shard can compute it without knowing the others.
 */
export const blockFrames = (config: Pick<SimConfig, 'maxFrames'>, block: number): number =>
  blockSize(config, block * BLOCK_FRAMES);

/** Blocks a point may use at most: ceil(maxFrames / BLOCK_FRAMES). */
export const budgetBlocks = (config: Pick<SimConfig, 'maxFrames'>): number => Math.ceil(config.maxFrames / BLOCK_FRAMES);

/** A point being replayed block by block: counts so far, blocks used, and the stop reason once decided. */
export interface PointState {
  readonly counts: Counts;
  readonly blocks: number;
  readonly reason: StopReason | null;
}

export const POINT_START: PointState = Object.freeze({ counts: ZERO_COUNTS, blocks: 0, reason: null });

/**
 * Add the next block (in order) to a point and apply the stop rule: the one
 * fold shared by the sequential loop, the worker pool and the shard merge, so
 * all three stop at the same block.
 */
export const addBlock = (rule: StopRule, state: PointState, block: Counts, elapsedSeconds?: number): PointState => {
  if (state.reason !== null) throw new RangeError('addBlock: the point has already stopped');
  const counts = mergeCounts(state.counts, block);
  return { counts, blocks: state.blocks + 1, reason: stopReason(rule, counts, elapsedSeconds ?? counts.seconds) };
};

/** The BER a stop-below-target rule compares: the estimate, or its upper bound at zero errors. */
export const berForTarget = (p: PointResult): number => p.berUpperBound ?? p.ber;

/**
 * The skip rule of stopBelowBer: the lowest Eb/N0 whose finished point's BER
 * (or zero-error upper bound) fell below the target, or null. Points above it
 * are skipped.
 */
export const belowTargetAfter = (rule: StopRule, point: PointResult, current: number | null): number | null => {
  const target = rule.stopBelowBer;
  if (target == null || !(berForTarget(point) < target)) return current;
  return current === null ? point.ebn0Db : Math.min(current, point.ebn0Db);
};

/** Check a config's numbers (programming errors: the CLI validates user input first). */
export const checkConfig = (c: SimConfig): void => {
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${c.seed}`);
  if (!(c.minFrameErrors >= 1)) throw new RangeError(`minFrameErrors must be >= 1, got ${c.minFrameErrors}`);
  if (!Number.isInteger(c.maxFrames) || c.maxFrames < 1) throw new RangeError(`maxFrames must be an integer >= 1, got ${c.maxFrames}`);
  if (c.ebn0Db.length === 0) throw new RangeError('no Eb/N0 points');
  if (c.relPrecision != null && !(c.relPrecision > 0)) throw new RangeError(`relPrecision must be > 0, got ${c.relPrecision}`);
  c.ebn0Db.forEach(snrKey);
};

/**
 * One point, synchronously (tests, workers): blocks 0, 1, ... until a stop rule fires.
 *
 * @example
 * ```ts
 * import { bchCode, simulatePointSync } from 'tanner';
 * import type { SimConfig } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config: SimConfig = {
 *   code: bchCode(15, 7), decoder: { kind: 'ms', iterations: 5 }, ebn0Db: [2], seed: 1,
 *   minFrameErrors: 10, maxFrames: 2000, earlyStop: true, berOn: 'all', codeword: 'zero',
 * };
 * const point = simulatePointSync(config, 2);
 * assert.ok(point.frameErrors >= 10 && point.stoppedBy === 'frame-errors');
 * assert.equal(simulatePointSync(config, 2).bitErrors, point.bitErrors); // the same noise every time
 * ```
 */
export const simulatePointSync = (config: SimConfig, ebn0Db: number, runner = blockRunner(config)): PointResult => {
  checkConfig(config);
  let state = POINT_START;
  while (state.reason === null) state = addBlock(config, state, simulateBlock(runner, ebn0Db, state.blocks, blockFrames(config, state.blocks)));
  return pointResult(config, ebn0Db, state.counts, state.blocks, state.reason);
};

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Simulate a whole curve. Between blocks it yields to the event loop, so an
 * abort (Ctrl-C) is seen within one block; on abort it returns the finished
 * points plus the partial one marked `complete: false, stoppedBy: 'interrupted'`.
 */
export const simulateCurve = async (
  config: SimConfig,
  opts: { readonly signal?: AbortSignal; readonly onProgress?: (p: Progress) => void } = {},
): Promise<CurveResult> => {
  checkConfig(config);
  const runner = blockRunner(config);
  const points: PointResult[] = [];
  const skippedEbn0Db: number[] = [];
  let belowTargetAt: number | null = null;
  for (let i = 0; i < config.ebn0Db.length; i++) {
    const x = config.ebn0Db[i];
    if (belowTargetAt !== null && x > belowTargetAt) {
      skippedEbn0Db.push(x);
      continue;
    }
    let state = POINT_START;
    while (state.reason === null) {
      await yieldToEventLoop();
      if (opts.signal?.aborted) {
        if (state.blocks > 0) points.push(pointResult(config, x, state.counts, state.blocks, 'interrupted'));
        return { points, skippedEbn0Db, interrupted: true };
      }
      state = addBlock(config, state, simulateBlock(runner, x, state.blocks, blockFrames(config, state.blocks)));
      const { counts } = state;
      opts.onProgress?.({
        pointIndex: i,
        ebn0Db: x,
        frames: counts.frames,
        frameErrors: counts.frameErrors,
        bitErrors: counts.bitErrors,
        framesPerSecond: counts.seconds > 0 ? counts.frames / counts.seconds : 0,
      });
    }
    const point = pointResult(config, x, state.counts, state.blocks, state.reason);
    points.push(point);
    belowTargetAt = belowTargetAfter(config, point, belowTargetAt);
  }
  return { points, skippedEbn0Db, interrupted: false };
};
