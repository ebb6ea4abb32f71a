import { backward, makeOps, Ops } from '../autodiff/ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { rngStream, STREAM } from '../channel/rng.js';
import { ChannelBatch, transmitMixed } from '../channel/transmit.js';
import { RunConfig } from '../config/run-config.js';
import { minSumGraph, MinSumTrace } from '../decoders/student-graph.js';
import { totalLoss } from '../losses/total.js';
import { adamStep, clipGradNorm } from './adam.js';
import { StepLog, TrainState } from './checkpoint.js';
import { TrainContext } from './context.js';
import { genieMessages, teacherMessages } from './teacher.js';

/** The training batch of step s: drawn from the stream (seed, trainStep, s) alone. */
export const trainBatch = (ctx: TrainContext, step: number): ChannelBatch => {
  const { config, code } = ctx;
  return transmitMixed(code, config.train.batch, config.train.ebn0Db, config.train.codeword, rngStream(config.seed, STREAM.trainStep, step));
};

/**
 * The student decoder on Ops: the flat parameter tensor [1, P] is pulled
 * apart per iteration with gathers (weight sharing is just an index map), and
 * learned offsets go through softplus so they stay >= 0.
 */
export const studentForward = (ops: Ops, ctx: TrainContext, params: Tensor, llrV: Tensor): MinSumTrace => {
  const { index } = ctx;
  return minSumGraph(ops, ctx.code.graph, llrV, ctx.config.student.iterations, {
    weightE: index.weightE ? (t) => ops.gatherCols(params, index.weightE![t]) : undefined,
    offsetE: index.offsetE ? (t) => ops.softplus(ops.gatherCols(params, index.offsetE![t])) : undefined,
    channelWeightV: index.channelV ? (t) => ops.gatherCols(params, index.channelV![t]) : undefined,
    clip: ctx.config.student.clip,
  });
};

/**
 * What the student imitates on this batch (null when distillation is off):
 * the teacher's c2v messages nu^T(t) [B, E], or with loss.kdOn = 'soft' its
 * soft outputs s^T(t) [B, n], indexed by teacher iteration t - 1. Only the
 * iterations t0 + 1 .. t0 + T_student that distillation reads are recorded
 * (the other entries are empty).
 */
export const teacherTargets = (ctx: TrainContext, batch: ChannelBatch): Float32Array[] | null => {
  if (ctx.teacher === null) return null;
  const window = { first: ctx.t0, count: ctx.config.student.iterations };
  const what = ctx.config.loss.kdOn === 'soft' ? 'soft' : 'c2v';
  return ctx.teacher === 'genie'
    ? genieMessages(ctx.code.graph, batch.bits, batch.frames, ctx.teacherIterations, window, what)
    : teacherMessages(ctx.code.graph, ctx.teacher, ctx.teacherIterations, batch.llr, batch.frames, window, what);
};

/**
 * The sparse weight delta at a step (0-based): the full loss.sparse, or during
 * the first loss.sparseWarmup steps a linear ramp delta * (step + 1) / warmup,
 * so the messages can first grow under the cross-entropy before being pressed down.
 */
export const sparseWeightAt = (loss: RunConfig['loss'], step: number): number =>
  loss.sparseWarmup > 0 ? loss.sparse * Math.min(1, (step + 1) / loss.sparseWarmup) : loss.sparse;

/**
 * The student's loss on one batch, on the given Ops (tape for training,
 * float64 for gradient checks); `teacher` is {@link teacherTargets} of the batch;
 * `step` (0-based) sets the sparse weight during a warm-up (default: after it).
 */
export const studentLoss = (
  ops: Ops,
  ctx: TrainContext,
  params: Tensor,
  batch: ChannelBatch,
  teacher: Float32Array[] | null,
  step = Number.POSITIVE_INFINITY,
) => {
  const { config, code } = ctx;
  const llrV = ops.constant(batch.llr, batch.frames, code.n);
  const trace = studentForward(ops, ctx, params, llrV);
  const loss = config.loss;
  return totalLoss(
    ops,
    { student: trace, bitsV: Float32Array.from(batch.bits), teacher: teacher ?? undefined },
    { ce: loss.ce, kd: loss.kd, sparse: sparseWeightAt(loss, step) },
    {
      kdOn: loss.kdOn,
      distillation: {
        p: loss.pKd,
        norm: loss.norm,
        distance: loss.kdDistance,
        temperature: loss.temperature,
        clip: loss.lossClip,
        lookAhead: ctx.t0,
      },
      sparse: { p: loss.pSparse, on: loss.sparseOn, norm: loss.norm, clip: loss.lossClip, from: loss.sparseFrom },
    },
  );
};

export interface StepOutcome {
  readonly state: TrainState;
  readonly log: StepLog;
  /** false when the loss or a gradient was not finite: `state` is then the unchanged input state */
  readonly finite: boolean;
}

/**
 * One training step (docs/method.md §6): batch -> teacher messages (no gradient)
 * -> student on the tape -> loss -> backward -> optional clipping -> Adam.
 * Pure in its inputs: the same (ctx, state) always gives the same outcome.
 */
export const trainStep = (ctx: TrainContext, state: TrainState): StepOutcome => {
  const { config, code } = ctx;
  const batch = trainBatch(ctx, state.step);
  const teacher = teacherTargets(ctx, batch);
  const { ops, tape } = makeOps({ dtype: 'float32', record: true });
  const params = ops.param(state.params, 1, state.params.length);
  const result = studentLoss(ops, ctx, params, batch, teacher, state.step);
  const total = result.total.data[0];
  const grads = backward(tape!, result.total);
  const g = Float64Array.from(grads.get(params) ?? new Float64Array(state.params.length));
  let finite = Number.isFinite(total);
  for (let i = 0; i < g.length && finite; i++) finite = Number.isFinite(g[i]);
  const gradNorm = clipGradNorm([g], finite && config.train.gradClip !== null ? config.train.gradClip : Infinity);
  const log: StepLog = {
    step: state.step + 1,
    total,
    ce: result.terms.ce ?? 0,
    kd: result.terms.kd ?? 0,
    sparse: result.terms.sparse ?? 0,
    gradNorm,
  };
  if (!finite) return { state, log, finite };
  const next = adamStep(config.train, state.adam, state.params, g);
  return { state: { step: state.step + 1, params: next.params, adam: next.state }, log, finite };
};
