import { RunConfig } from '../config/run-config.js';
import { UserError } from '../util/errors.js';
import { AdamState } from './adam.js';

/** One logged training step: every loss term, so a run can be read back. */
export interface StepLog {
  readonly step: number;
  readonly total: number;
  readonly ce: number;
  readonly kd: number;
  readonly sparse: number;
  readonly gradNorm: number;
}

export interface ValidationLog {
  readonly step: number;
  readonly points: { readonly ebn0Db: number; readonly frames: number; readonly bitErrors: number; readonly frameErrors: number; readonly ber: number }[];
}

/** Everything a run needs to continue: the training state is (params, Adam, step). */
export interface TrainState {
  /** steps completed */
  readonly step: number;
  readonly params: Float32Array;
  readonly adam: AdamState;
}

/**
 * The checkpoint file. Randomness is counter-based: step s draws its batch
 * from the stream (seed, trainStep, s), so the "RNG state" is the next step
 * number; it is stored explicitly all the same, so a reader need not know that.
 * Float32 parameters and float64 Adam moments survive JSON exactly (a number's
 * shortest decimal form reads back to the same double).
 */
export interface Checkpoint {
  readonly format: 'tanner-checkpoint/1';
  readonly config: RunConfig;
  readonly step: number;
  readonly rng: { readonly kind: 'counter'; readonly seed: number; readonly nextStep: number };
  readonly params: number[];
  readonly adam: { readonly t: number; readonly m: number[]; readonly v: number[] };
  readonly history: StepLog[];
  readonly validation: ValidationLog[];
}

/**
 * The checkpoint of a training state (format 'tanner-checkpoint/1') as plain
 * JSON-safe data: write it from `TrainHooks.onCheckpoint`, read it back with
 * {@link fromCheckpoint}.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, initialTrainState, loadCode, makeTrainContext, toCheckpoint } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({ code: 'bch-31-16' });
 * const ctx = makeTrainContext(loadCode(config.code), config, null);
 * const checkpoint = toCheckpoint(config, initialTrainState(ctx), [], []);
 * assert.equal(checkpoint.format, 'tanner-checkpoint/1');
 * assert.equal(checkpoint.params.length, ctx.layout.size);
 * ```
 */
export const toCheckpoint = (config: RunConfig, state: TrainState, history: StepLog[], validation: ValidationLog[]): Checkpoint => ({
  format: 'tanner-checkpoint/1',
  config,
  step: state.step,
  rng: { kind: 'counter', seed: config.seed, nextStep: state.step },
  params: Array.from(state.params),
  adam: { t: state.adam.t, m: Array.from(state.adam.m), v: Array.from(state.adam.v) },
  history,
  validation,
});

const numbers = (x: unknown, len: number, what: string): number[] => {
  if (!Array.isArray(x) || x.length !== len || !x.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new UserError(`checkpoint: ${what} must be ${len} finite numbers`);
  }
  return x as number[];
};

/**
 * Read a parsed checkpoint back into a training state; `expectedSize` is the parameter count of the config.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, fromCheckpoint, initialTrainState, loadCode, makeTrainContext, toCheckpoint, UserError } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({ code: 'bch-31-16' });
 * const ctx = makeTrainContext(loadCode(config.code), config, null);
 * const saved = JSON.parse(JSON.stringify(toCheckpoint(config, initialTrainState(ctx), [], [])));
 * const { state } = fromCheckpoint(saved, ctx.layout.size); // continue with train(ctx, { state, ... })
 * assert.equal(state.step, 0);
 * assert.deepEqual(state.params, initialTrainState(ctx).params);
 * assert.throws(() => fromCheckpoint(saved, ctx.layout.size + 1), UserError);
 * ```
 */
export const fromCheckpoint = (raw: unknown, expectedSize: number): { state: TrainState; history: StepLog[]; validation: ValidationLog[]; config: RunConfig } => {
  const c = raw as Partial<Checkpoint>;
  if (!c || c.format !== 'tanner-checkpoint/1') throw new UserError('checkpoint: not a tanner checkpoint (format "tanner-checkpoint/1")');
  if (typeof c.step !== 'number' || !Number.isInteger(c.step) || c.step < 0) throw new UserError('checkpoint: bad step');
  const params = Float32Array.from(numbers(c.params, expectedSize, 'params'));
  const adam = c.adam;
  if (!adam || typeof adam.t !== 'number') throw new UserError('checkpoint: missing Adam state');
  if (!Number.isInteger(adam.t) || adam.t < 0) throw new UserError(`checkpoint: adam.t must be an integer >= 0, got ${String(adam.t)}`);
  return {
    state: {
      step: c.step,
      params,
      adam: { t: adam.t, m: Float64Array.from(numbers(adam.m, expectedSize, 'adam.m')), v: Float64Array.from(numbers(adam.v, expectedSize, 'adam.v')) },
    },
    history: Array.isArray(c.history) ? c.history : [],
    validation: Array.isArray(c.validation) ? c.validation : [],
    config: c.config as RunConfig,
  };
};
