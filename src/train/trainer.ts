import { NeuralWeights } from '../decoders/neural-weights.js';
import { adamInit } from './adam.js';
import { StepLog, TrainState, ValidationLog } from './checkpoint.js';
import { TrainContext } from './context.js';
import { initialParams, toNeuralWeights } from './student-params.js';
import { trainStep } from './train-step.js';
import { validateDecoder } from './validate.js';

export interface TrainProgress {
  readonly step: number;
  readonly steps: number;
  readonly log: StepLog;
  readonly stepsPerSecond: number;
  readonly etaSeconds: number;
}

/** What the caller (the CLI) does with a run's events: print, save. The trainer itself touches no file. */
export interface TrainHooks {
  readonly onProgress?: (p: TrainProgress) => void;
  readonly onValidation?: (v: ValidationLog) => void;
  /** called every `checkpointEvery` steps and at the end with the state to save */
  readonly onCheckpoint?: (state: TrainState, history: StepLog[], validation: ValidationLog[]) => void;
  readonly signal?: AbortSignal;
}

export type TrainStatus = 'finished' | 'interrupted' | 'diverged';

export interface TrainResult {
  readonly status: TrainStatus;
  /** the last good state (never contains a non-finite number) */
  readonly state: TrainState;
  readonly history: StepLog[];
  readonly validation: ValidationLog[];
  readonly weights: NeuralWeights;
  /** the step whose loss was not finite, when diverged */
  readonly divergedAt: number | null;
}

export const initialTrainState = (ctx: TrainContext): TrainState => {
  const params = initialParams(ctx.layout);
  return { step: 0, params, adam: adamInit(params.length) };
};

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Train from `start` to config.train.steps. Each step depends only on
 * (config, step, state), so resuming from a checkpoint reproduces an
 * uninterrupted run exactly. Stops early on abort (returns 'interrupted') or
 * on a non-finite loss, gradient or updated parameter (returns 'diverged' with
 * the last good state, which is never overwritten by NaN or infinity).
 */
export const train = async (
  ctx: TrainContext,
  start: { state: TrainState; history: StepLog[]; validation: ValidationLog[] },
  hooks: TrainHooks = {},
): Promise<TrainResult> => {
  const cfg = ctx.config.train;
  let state = start.state;
  const history = [...start.history];
  const validation = [...start.validation];
  const t0 = Date.now();
  const firstStep = state.step;
  let status: TrainStatus = 'finished';
  let divergedAt: number | null = null;
  let lastYield = Date.now();
  const weightsOf = (s: TrainState) => toNeuralWeights(ctx.code, ctx.config.student, ctx.layout, s.params);
  while (state.step < cfg.steps) {
    if (hooks.signal?.aborted) {
      status = 'interrupted';
      break;
    }
    const outcome = trainStep(ctx, state);
    // A finite gradient can still push float32 parameters to infinity (a huge learning rate): that step diverged too.
    if (!outcome.finite || !outcome.state.params.every(Number.isFinite)) {
      status = 'diverged';
      divergedAt = outcome.log.step;
      break;
    }
    state = outcome.state;
    history.push(outcome.log);
    const elapsed = (Date.now() - t0) / 1000;
    const rate = (state.step - firstStep) / Math.max(elapsed, 1e-9);
    hooks.onProgress?.({ step: state.step, steps: cfg.steps, log: outcome.log, stepsPerSecond: rate, etaSeconds: (cfg.steps - state.step) / rate });
    if (cfg.validateEvery > 0 && (state.step % cfg.validateEvery === 0 || state.step === cfg.steps)) {
      const v = validateDecoder(ctx.code, { kind: 'neural', weights: weightsOf(state) }, cfg.validationEbn0Db, cfg.validationFrames, ctx.config.seed, state.step);
      validation.push(v);
      hooks.onValidation?.(v);
    }
    if (cfg.checkpointEvery > 0 && state.step % cfg.checkpointEvery === 0) hooks.onCheckpoint?.(state, history, validation);
    // Let signals (Ctrl-C) through about every 50 ms.
    if (Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  hooks.onCheckpoint?.(state, history, validation);
  return { status, state, history, validation, weights: weightsOf(state), divergedAt };
};
