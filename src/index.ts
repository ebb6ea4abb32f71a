/**
 * `tanner`: the library API. Everything the CLI does, as typed functions:
 *
 *   codes      loadCode, codeFromAlist, codeFromRows, bchCode, encode, codeInfo
 *   channel    rngStream, transmit, noiseSigma, bpsk, awgn, channelLlr
 *   decoding   createDecoder (any of ms / nms / oms / spa / trained weights), batchDecoder
 *   training   decodeRunConfig, makeTrainContext, initialTrainState, train, trainDecoder
 *   evaluation simulateCurve, evaluateDecoder (Monte Carlo BER / FER)
 *   ablation   runAblation (the paper's ablation or a sweep, in memory), markdownReport, berSvg, gainSummaries
 *   models     makeOps, minSumGraph, backward, totalLoss (write your own check rule or loss)
 *   reports    formatTable, toCsv, berPlotSvg
 *
 * The decoding runtime alone (no Node built-ins, no training code) is the
 * smaller entry `tanner/decode`; everything it exports is exported here too.
 *
 * Every value export has a TSDoc `@example` (a re-export's is at its
 * declaration, e.g. makeOps in autodiff/ops.ts); spec/embed/tsdoc-examples.spec.ts
 * enumerates the exports, requires the examples, and compiles and runs each one.
 *
 * @packageDocumentation
 */
import { loadCode as loadCodeImpl } from './codes/builtin.js';
import { Code } from './codes/code.js';
import { RunConfig } from './config/run-config.js';
import { decodeRunConfigOrThrow } from './config/decode-run-config.js';
import { DecoderSpec } from './decoders/decoder.js';
import { NeuralWeights } from './decoders/neural-weights.js';
import { BerOn, CurveResult, Progress, SimConfig, simulateCurve as simulateCurveImpl } from './sim/monte-carlo.js';
import { TrainState } from './train/checkpoint.js';
import { makeTrainContext as makeTrainContextImpl, TrainContext } from './train/context.js';
import { initialTrainState as initialTrainStateImpl, train as trainImpl, TrainHooks, TrainResult } from './train/trainer.js';
import { CodewordSource } from './channel/source.js';

export * from './decode.js';

// ---------------------------------------------------------------- codes

export { builtinCodeNames, parseCodeText, sniffCodeFormat } from './codes/builtin.js';
export type { CodeTextFormat } from './codes/builtin.js';
export { parseDense, writeDense } from './codes/dense.js';
export { codeFromParityCheck } from './codes/code.js';
export { codeInfo, formatCodeInfo, tannerGirth } from './codes/info.js';
export type { CodeInfo } from './codes/info.js';
export { bchDimensions, bchParityCheck } from './codes/bch.js';
export { parityCheck } from './codes/parity-check.js';
export { tannerGraph } from './codes/tanner-graph.js';

/**
 * A code by built-in name (`bch-63-45`, `bch-N-K` for any narrow-sense BCH
 * code with N = 2^m - 1, `ccsds-128-64`, `mackay-96-48`, `wimax-576-288`) or
 * by path to an `.alist` or dense 0/1 text file. Throws {@link UserError}
 * for an unknown name or a malformed file.
 *
 * @example
 * ```ts
 * import { loadCode } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = loadCode('bch-63-45');
 * assert.deepEqual([code.n, code.k, code.m], [63, 45, 18]);
 * assert.throws(() => loadCode('no-such-code'), /neither a built-in code name nor an existing file/);
 * ```
 */
export const loadCode = (nameOrPath: string): Code => loadCodeImpl(nameOrPath);

// ---------------------------------------------------------------- channel and decoding internals

export { STREAM, rngFromState, streamState } from './channel/rng.js';
export type { RngState } from './channel/rng.js';
export { esn0Db } from './channel/awgn.js';
export { sourceCodewords } from './channel/source.js';
export { transmitMixed } from './channel/transmit.js';
export { batchDecoder, decoderIterations, describeDecoder } from './decoders/decoder.js';
export type { BatchDecoder } from './decoders/decoder.js';
export { decodeMinSum, plainMinSum } from './decoders/min-sum.js';
export type { MinSumParams } from './decoders/min-sum.js';
export { decodeSumProduct } from './decoders/sum-product.js';
export type { SumProductParams } from './decoders/sum-product.js';
export { expandNeuralWeights, softplus } from './decoders/neural-weights.js';
export { allocateOutput } from './decoders/output.js';
export type { DecodeOutput } from './decoders/output.js';
export { SHARINGS, expandShared, sharedSize, sharedSlot } from './decoders/sharing.js';
export type { Sharing } from './decoders/sharing.js';
export { syndromeIsZero } from './decoders/syndrome.js';

// ---------------------------------------------------------------- models on the autodiff

export { backward, makeOps } from './autodiff/ops.js';
export type { Gradients, Ops, OpsOptions, Tape } from './autodiff/ops.js';
export type { Buf, DType, Tensor } from './autodiff/tensor.js';
export { gradcheck } from './autodiff/gradcheck.js';
export { expandSharedTensor, minSumGraph, sharingIndex } from './decoders/student-graph.js';
export type { MinSumGraphParams, MinSumTrace } from './decoders/student-graph.js';
export { PAPER_LOSS_WEIGHTS, totalLoss } from './losses/total.js';
export type { LossInputs, LossOptions, LossResult, LossWeights } from './losses/total.js';
export { crossEntropyLoss } from './losses/crossEntropy.js';
export { distillationLoss } from './losses/distillation.js';
export { sparseLoss } from './losses/sparse.js';

// ---------------------------------------------------------------- configuration

export {
  decodeRunConfig,
  decodeRunConfigOrThrow,
  defaultRunConfig,
  formatConfigErrors,
  applyOverrides,
  describeConfig,
} from './config/index.js';
export type { ConfigError, EvalConfig, LossConfig, RunConfig, StudentConfig, TeacherConfig, TrainConfig } from './config/index.js';

// ---------------------------------------------------------------- training

export type { Checkpoint, StepLog, TrainState, ValidationLog } from './train/checkpoint.js';
export { fromCheckpoint, toCheckpoint } from './train/checkpoint.js';
export type { TrainContext } from './train/context.js';
export type { TrainHooks, TrainProgress, TrainResult, TrainStatus } from './train/trainer.js';
export { toNeuralWeights } from './train/student-params.js';
export { validateDecoder } from './train/validate.js';

/**
 * Everything fixed for a training run, derived once from (code, config):
 * the parameter layout of the student, the teacher decoder and the
 * look-ahead t0. `teacherWeights` is needed only for `teacher.kind: 'neural'`.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, loadCode, makeTrainContext } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({ student: { iterations: 5, sharing: 'edge' } });
 * const ctx = makeTrainContext(loadCode(config.code), config, null);
 * assert.equal(ctx.layout.size, ctx.code.graph.edges); // one weight per edge
 * assert.equal(ctx.t0, 25); // teacher T = 30, student T = 5
 * ```
 */
export const makeTrainContext = (code: Code, config: RunConfig, teacherWeights: NeuralWeights | null): TrainContext =>
  makeTrainContextImpl(code, config, teacherWeights);

/**
 * The state before step 1: the student's parameters at their initial values
 * (nnms weights 1, i.e. plain min-sum), fresh Adam moments, step 0.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, initialTrainState, loadCode, makeTrainContext } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({});
 * const state = initialTrainState(makeTrainContext(loadCode(config.code), config, null));
 * assert.equal(state.step, 0);
 * assert.ok(state.params.every((w) => w === 1));
 * ```
 */
export const initialTrainState = (ctx: TrainContext): TrainState => initialTrainStateImpl(ctx);

/**
 * Train from `start` up to `config.train.steps` steps. Step s draws its batch
 * from the stream (seed, trainStep, s), so a run resumed from a checkpoint
 * repeats an uninterrupted one exactly. Returns the final weights (format
 * 'tanner-weights/1') and the status: 'finished', 'interrupted' (abort signal)
 * or 'diverged' (with the last finite state). Touches no file: `hooks` decide.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, initialTrainState, loadCode, makeTrainContext, train } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({
 *   code: 'bch-31-16', loss: { kd: 0 },
 *   train: { steps: 2, batch: 8, validateEvery: 0, checkpointEvery: 0 },
 * });
 * const ctx = makeTrainContext(loadCode(config.code), config, null);
 * const result = await train(ctx, { state: initialTrainState(ctx), history: [], validation: [] });
 * assert.equal(result.status, 'finished');
 * assert.equal(result.history.length, 2);
 * assert.equal(result.weights.format, 'tanner-weights/1');
 * ```
 */
export const train = (
  ctx: TrainContext,
  start: Parameters<typeof trainImpl>[1],
  hooks: TrainHooks = {},
): Promise<TrainResult> => trainImpl(ctx, start, hooks);

/** Options of {@link trainDecoder}. */
export interface TrainDecoderOptions {
  /** use this code instead of loading `config.code` */
  readonly code?: Code;
  /** the teacher's weights when `teacher.kind` is 'neural' */
  readonly teacherWeights?: NeuralWeights | null;
  /** `key=value` overrides applied before decoding, as the CLI's `--set` */
  readonly overrides?: readonly string[];
  readonly hooks?: TrainHooks;
}

/**
 * Train a neural decoder from a raw config object (e.g. parsed JSON; missing
 * fields take their defaults, docs/config.md): decode the config, load
 * the code, build the context and train from step 0. Throws {@link UserError}
 * listing every bad field.
 *
 * @example
 * ```ts
 * import { createDecoder, trainDecoder } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { result, code } = await trainDecoder(
 *   { code: 'bch-31-16', train: { steps: 2, batch: 8, validateEvery: 0 } },
 *   { overrides: ['loss.kd=0'] },
 * );
 * const decoder = createDecoder(code, result.weights);
 * assert.equal(decoder.label, 'neural nnms T=5');
 * ```
 */
export const trainDecoder = async (
  configInput: unknown,
  options: TrainDecoderOptions = {},
): Promise<{ config: RunConfig; code: Code; result: TrainResult }> => {
  const config = decodeRunConfigOrThrow(configInput, options.overrides ?? []);
  const code = options.code ?? loadCodeImpl(config.code);
  const ctx = makeTrainContextImpl(code, config, options.teacherWeights ?? null);
  const result = await trainImpl(ctx, { state: initialTrainStateImpl(ctx), history: [], validation: [] }, options.hooks ?? {});
  return { config, code, result };
};

// ---------------------------------------------------------------- evaluation

export { BLOCK_FRAMES, simulatePointSync, snrKey } from './sim/monte-carlo.js';
export type { BerOn, Counts, CurveResult, PointResult, Progress, SimConfig, StopReason } from './sim/monte-carlo.js';
export { gainDb, interpolateEbn0AtBer, wilsonInterval, zeroErrorUpperBound } from './sim/stats.js';

/**
 * Monte Carlo BER / FER over Eb/N0 points (docs/method.md §7). Frames run in
 * blocks of {@link BLOCK_FRAMES}; block j at Eb/N0 x draws its noise from
 * (seed, evalPoint, snrKey(x), j), so every decoder sees the same channel and
 * the counts depend only on (config, seed). A point stops at `minFrameErrors`
 * frame errors or `maxFrames` frames.
 *
 * @example
 * ```ts
 * import { loadCode, simulateCurve } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = loadCode('bch-63-45');
 * const curve = await simulateCurve({
 *   code, decoder: { kind: 'ms', iterations: 5 }, ebn0Db: [2], seed: 1,
 *   minFrameErrors: 20, maxFrames: 400, earlyStop: true, berOn: 'all', codeword: 'zero',
 * });
 * const [point] = curve.points;
 * assert.ok(point.frameErrors >= 20 || point.frames === 400);
 * assert.ok(point.ber > 0 && point.ber < 0.2);
 * ```
 */
export const simulateCurve = (
  config: SimConfig,
  opts: { readonly signal?: AbortSignal; readonly onProgress?: (p: Progress) => void } = {},
): Promise<CurveResult> => simulateCurveImpl(config, opts);

/** Options of {@link evaluateDecoder}; each has the default of the CLI's `tanner ber`. */
export interface EvaluateOptions {
  /** Eb/N0 points in dB [1..7] */
  readonly ebn0Db?: readonly number[];
  readonly seed?: number;
  readonly minFrameErrors?: number;
  readonly maxFrames?: number;
  readonly earlyStop?: boolean;
  readonly berOn?: BerOn;
  readonly codeword?: CodewordSource;
  readonly stopBelowBer?: number | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/**
 * {@link simulateCurve} with defaults: Eb/N0 1..7 dB, seed 1, 100 frame
 * errors, at most 10^6 frames, no early stop, BER on all n bits, all-zero codewords.
 *
 * @example
 * ```ts
 * import { evaluateDecoder, loadCode } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = loadCode('bch-63-45');
 * const curve = await evaluateDecoder(code, { kind: 'nms', iterations: 5, alpha: 0.8 }, { ebn0Db: [3, 5], maxFrames: 200 });
 * assert.deepEqual(curve.points.map((p) => p.ebn0Db), [3, 5]);
 * assert.ok(curve.points[1].ber <= curve.points[0].ber);
 * ```
 */
export const evaluateDecoder = (code: Code, decoder: DecoderSpec, options: EvaluateOptions = {}): Promise<CurveResult> =>
  simulateCurveImpl(
    {
      code,
      decoder,
      ebn0Db: options.ebn0Db ?? [1, 2, 3, 4, 5, 6, 7],
      seed: options.seed ?? 1,
      minFrameErrors: options.minFrameErrors ?? 100,
      maxFrames: options.maxFrames ?? 1_000_000,
      earlyStop: options.earlyStop ?? false,
      berOn: options.berOn ?? 'all',
      codeword: options.codeword ?? 'zero',
      stopBelowBer: options.stopBelowBer ?? null,
    },
    { signal: options.signal, onProgress: options.onProgress },
  );

// ---------------------------------------------------------------- reports

export { formatTable, markdownTable, fmtFixed, fmtSci } from './report/table.js';
export { parseCsv, toCsv } from './report/csv.js';
export { berPlotSvg, gainBarSvg } from './report/svg-plot.js';
export type { PlotOptions, PlotPoint, PlotSeries } from './report/svg-plot.js';

// ---------------------------------------------------------------- experiments (ablation, sweeps)

export { runAblation } from './experiments/ablation.js';
export type { AblationOptions } from './experiments/ablation.js';
export type { ExperimentCell, ExperimentEvent } from './experiments/cell-loop.js';
export type { ExperimentResults, VariantResult, VariantRun } from './experiments/results.js';
export { KNOWN_VARIANTS, PAPER_VARIANTS } from './experiments/variants.js';
export type { Variant } from './experiments/variants.js';
export { berSvg, markdownReport, textReport } from './experiments/report.js';
export { gainSummaries } from './experiments/gain.js';
export type { GainSummary } from './experiments/gain.js';
