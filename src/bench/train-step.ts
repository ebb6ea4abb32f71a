import { backward, makeOps } from '../autodiff/ops.js';
import { loadCode } from '../codes/builtin.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { makeTrainContext, TrainContext } from '../train/context.js';
import { initialTrainState } from '../train/trainer.js';
import { studentLoss, teacherTargets, trainBatch, trainStep } from '../train/train-step.js';
import { LITERAL_VARIANT } from '../experiments/variants.js';
import { BenchResult } from './decode.js';
import { medianMs } from './timing.js';

/**
 * The training benchmarks, single thread, on the default config
 * (docs/config.md): BCH(63,45), batch 120, teacher plain min-sum T = 30,
 * student neural min-sum T = 5 with per-(iteration, edge) weights, loss
 * CE + KD (soft bits, p = 4, mean form) + 1e-5 sparse (p = 1, check messages), Adam.
 */
export const trainContext = (codeName = 'bch-63-45', overrides: readonly string[] = []): TrainContext =>
  makeTrainContext(loadCode(codeName), decodeRunConfigOrThrow({ code: codeName }, overrides), null);

/**
 * The same step with the paper's losses read literally (the `literal` arm:
 * raw check messages, p = 2, sum norms, delta = 0.01 on both sides): what the
 * PyTorch implementation of issue 4 was timed on, so the like-for-like row.
 */
export const literalTrainContext = (codeName = 'bch-63-45'): TrainContext => trainContext(codeName, LITERAL_VARIANT.overrides);

const suffix = (ctx: TrainContext) => `${ctx.code.name}/B${ctx.config.train.batch}`;

/**
 * One whole training step (batch -> teacher -> student on the tape -> loss ->
 * backward -> Adam), the state carried from step to step as in training,
 * and the teacher's share of it.
 */
export const benchTrainStep = async (timeMs: number, ctx = trainContext(), label = 'step'): Promise<BenchResult[]> => {
  let state = initialTrainState(ctx);
  const step = await medianMs('train step', () => {
    state = trainStep(ctx, state).state;
  }, timeMs);
  const batch = trainBatch(ctx, 0);
  // the teacher as the step runs it: all T_teacher iterations, only the distilled ones recorded
  const teacherOnly = await medianMs('teacher', () => void teacherTargets(ctx, batch), timeMs);
  return [
    { name: `train/${label}/${suffix(ctx)}`, unit: 'ms', value: step },
    { name: `train/teacher-T${ctx.teacherIterations}/${suffix(ctx)}`, unit: 'ms', value: teacherOnly },
  ];
};

/**
 * The cost of the tape: the student's loss forward without recording
 * (no-grad, as evaluation would run it on Ops) against forward on the tape
 * plus backward, on the same batch and teacher messages. Overhead = ratio.
 */
export const benchAutodiff = async (timeMs: number, ctx = trainContext()): Promise<BenchResult[]> => {
  const batch = trainBatch(ctx, 0);
  const teacher = teacherTargets(ctx, batch);
  const params = initialTrainState(ctx).params;
  let check = 0;
  const noGrad = await medianMs('forward, no grad', () => {
    const { ops } = makeOps({ dtype: 'float32', record: false });
    check += studentLoss(ops, ctx, ops.param(params, 1, params.length), batch, teacher).total.data[0];
  }, timeMs);
  const withTape = await medianMs('forward on tape + backward', () => {
    const { ops, tape } = makeOps({ dtype: 'float32', record: true });
    const p = ops.param(params, 1, params.length);
    const loss = studentLoss(ops, ctx, p, batch, teacher).total;
    check += backward(tape!, loss).get(p)![0];
  }, timeMs);
  if (!Number.isFinite(check)) throw new Error('autodiff benchmark: non-finite loss or gradient');
  return [
    { name: `autodiff/forward-nograd/${suffix(ctx)}`, unit: 'ms', value: noGrad },
    { name: `autodiff/forward-backward/${suffix(ctx)}`, unit: 'ms', value: withTape },
    { name: `autodiff/overhead/${suffix(ctx)}`, unit: 'x', value: withTape / noGrad },
  ];
};
