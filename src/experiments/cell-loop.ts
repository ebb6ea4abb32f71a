/**
 * The one loop of an experiment: every (variant, seed) cell trained if needed,
 * then evaluated on the same noise as every other variant. `tanner ablate` /
 * `tanner reproduce` (src/cli/experiment-run.ts, which adds a run folder with
 * per-cell files for resume) and the library's `runAblation` (in memory) both
 * run it; what differs between them comes in through {@link ExperimentHooks}.
 * The loop itself touches no file.
 */
import { Code } from '../codes/code.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { RunConfig } from '../config/run-config.js';
import { DecoderSpec, describeDecoder } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { CurveResult, Progress, SimConfig, simulateCurve } from '../sim/monte-carlo.js';
import { simulateCurveParallel, workerPool, WorkerPool } from '../sim/parallel.js';
import { ValidationLog } from '../train/checkpoint.js';
import { makeTrainContext } from '../train/context.js';
import { initialTrainState, train, TrainProgress, TrainResult } from '../train/trainer.js';
import { UserError } from '../util/errors.js';
import { ExperimentResults, VariantResult, VariantRun } from './results.js';
import { Variant } from './variants.js';

/** What an experiment runs: the arms, the seeds, the base config every arm starts from. */
export interface ExperimentSpec {
  readonly title: string;
  readonly command: string;
  readonly code: Code;
  readonly baseConfig: RunConfig;
  readonly variants: readonly Variant[];
  readonly seeds: readonly number[];
  /** the loaded weights of the base config's neural teacher (else null) */
  readonly teacherWeights: NeuralWeights | null;
  /** target BERs of the gain tables, headline first (recorded in the results when given) */
  readonly targetBers?: readonly number[];
  /**
   * Evaluate on a pool of this many worker threads, one pool for every cell
   * (started at the first evaluation, closed at the end); absent: in this
   * thread with simulateCurve. The counts are the same either way.
   */
  readonly workers?: number;
}

/** One (variant, seed) cell of an experiment. */
export interface ExperimentCell {
  readonly variant: Variant;
  readonly seed: number;
  /** the variant's config (base config + its overrides) with `seed` set */
  readonly config: RunConfig;
  /** the weights of the cell's neural teacher (else null) */
  readonly teacherWeights: NeuralWeights | null;
  /** e.g. "ce seed 2" */
  readonly label: string;
}

/** A progress event of an experiment. */
export type ExperimentEvent =
  /** a training step of a cell's student (only when the loop trains in memory, i.e. without `trainCell`) */
  | { readonly kind: 'train'; readonly cell: ExperimentCell; readonly progress: TrainProgress }
  /** a validation of a cell's student during training (idem) */
  | { readonly kind: 'validation'; readonly cell: ExperimentCell; readonly validation: ValidationLog }
  /** a block of frames evaluated */
  | { readonly kind: 'eval'; readonly cell: ExperimentCell; readonly progress: Progress }
  /** a cell finished (`reused`: taken from `savedRun`) */
  | { readonly kind: 'cell'; readonly cell: ExperimentCell; readonly run: VariantRun; readonly reused: boolean };

/** What a caller of {@link runExperimentCells} adds to the loop. Every hook is optional. */
export interface ExperimentHooks {
  /** stop at the next training step or frame block; the results come back with `complete: false` */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ExperimentEvent) => void;
  /**
   * The weights of a variant's neural teacher when its config names another
   * weights file than the base config (a sweep over teachers). Without this
   * hook such a variant is an error.
   */
  readonly teacherWeightsOf?: (config: RunConfig) => NeuralWeights | null;
  /** called once every variant's config is decoded (so a bad override has stopped the run), before the first cell */
  readonly onStart?: () => void;
  /** the run of a cell finished earlier (resume), or null to compute it */
  readonly savedRun?: (cell: ExperimentCell) => VariantRun | null;
  /** train the student of a cell; default: in memory from step 0, reporting 'train' and 'validation' events */
  readonly trainCell?: (cell: ExperimentCell, code: Code) => Promise<TrainResult>;
  /** after each computed cell (not the saved ones), with the results so far (`complete: false`) */
  readonly onCellDone?: (cell: ExperimentCell, run: VariantRun, soFar: ExperimentResults) => void;
}

/** The Monte Carlo run of one decoder over the config's evaluation points, on the noise of the config's seed. */
export const evalSimConfig = (code: Code, config: RunConfig, decoder: DecoderSpec): SimConfig => {
  const e = config.eval;
  return {
    code,
    decoder: e.clip !== null && decoder.kind !== 'neural' ? { ...decoder, clip: e.clip } : decoder,
    ebn0Db: e.ebn0Db,
    seed: config.seed,
    minFrameErrors: e.minFrameErrors,
    maxFrames: e.maxFrames,
    earlyStop: e.earlyStop,
    berOn: e.berOn,
    codeword: 'zero',
  };
};

/** Train a cell's student in memory from step 0. */
const trainInMemory = (cell: ExperimentCell, code: Code, hooks: ExperimentHooks): Promise<TrainResult> => {
  const ctx = makeTrainContext(code, cell.config, cell.teacherWeights);
  return train(
    ctx,
    { state: initialTrainState(ctx), history: [], validation: [] },
    {
      signal: hooks.signal,
      onProgress: (progress) => hooks.onProgress?.({ kind: 'train', cell, progress }),
      onValidation: (validation) => hooks.onProgress?.({ kind: 'validation', cell, validation }),
    },
  );
};

/**
 * Run every (variant, seed) cell in order: train the student of a trained
 * variant, then evaluate the cell's decoder over `config.eval` on the noise of
 * the seed (the same for every variant). Every variant's config is decoded
 * first, so a bad override throws before any work. Returns the results in the
 * format of results.json; after an abort, the finished cells with `complete: false`.
 */
export const runExperimentCells = async (spec: ExperimentSpec, hooks: ExperimentHooks = {}): Promise<ExperimentResults> => {
  const prepared = spec.variants.map((variant) => {
    const config0 = decodeRunConfigOrThrow(spec.baseConfig, variant.kind === 'trained' ? variant.overrides : []);
    // A sweep over teachers gives each variant its own teacher: its weights when they are not the base config's.
    const ownTeacher = config0.teacher.kind === 'neural' && config0.teacher.weights !== spec.baseConfig.teacher.weights;
    if (ownTeacher && hooks.teacherWeightsOf === undefined) {
      throw new UserError(`variant ${variant.id}: its teacher ${config0.teacher.weights} is not the base config's; give its weights (teacherWeightsOf)`);
    }
    const teacherWeights = ownTeacher ? hooks.teacherWeightsOf!(config0) : spec.teacherWeights;
    return { variant, config0, teacherWeights };
  });
  hooks.onStart?.();
  const t0 = Date.now();
  const variants: VariantResult[] = [];
  let interrupted = false;
  let pool: WorkerPool | null = null;
  const snapshot = (complete: boolean): ExperimentResults => ({
    format: 'tanner-results/1',
    title: spec.title,
    command: spec.command,
    code: { name: spec.code.name, n: spec.code.n, k: spec.code.k, edges: spec.code.graph.edges },
    baseConfig: spec.baseConfig,
    seeds: [...spec.seeds],
    variants: variants.filter((v) => v.runs.length > 0),
    elapsedSeconds: (Date.now() - t0) / 1000,
    complete,
    ...(spec.targetBers ? { targetBers: [...spec.targetBers] } : {}),
  });
  const evaluate = (cell: ExperimentCell, sim: SimConfig): Promise<CurveResult> => {
    const onProgress = (progress: Progress) => hooks.onProgress?.({ kind: 'eval', cell, progress });
    if (spec.workers === undefined) return simulateCurve(sim, { signal: hooks.signal, onProgress });
    pool ??= workerPool(sim, spec.workers);
    return simulateCurveParallel(sim, { workers: pool.size, pool, signal: hooks.signal, onProgress });
  };
  try {
    outer: for (const { variant, config0, teacherWeights } of prepared) {
      const result: VariantResult = {
        id: variant.id,
        label: variant.label,
        kind: variant.kind,
        decoder: variant.kind === 'baseline' ? describeDecoder(variant.decoder(config0, teacherWeights)) : `neural ${config0.student.kind} T=${config0.student.iterations}`,
        config: config0,
        runs: [],
      };
      variants.push(result);
      for (const seed of spec.seeds) {
        const cell: ExperimentCell = { variant, seed, config: decodeRunConfigOrThrow(config0, [`seed=${seed}`]), teacherWeights, label: `${variant.id} seed ${seed}` };
        const saved = hooks.savedRun?.(cell) ?? null;
        if (saved !== null) {
          result.runs.push(saved);
          hooks.onProgress?.({ kind: 'cell', cell, run: saved, reused: true });
          continue;
        }
        let decoder: DecoderSpec;
        let training: VariantRun['training'] = null;
        if (variant.kind === 'baseline') decoder = variant.decoder(cell.config, teacherWeights);
        else {
          const tStart = Date.now();
          const trained = await (hooks.trainCell ? hooks.trainCell(cell, spec.code) : trainInMemory(cell, spec.code, hooks));
          if (trained.status === 'interrupted') {
            interrupted = true;
            break outer;
          }
          const last = trained.history.at(-1);
          training = {
            steps: trained.state.step,
            status: trained.status,
            seconds: (Date.now() - tStart) / 1000,
            finalLoss: last ? { total: last.total, ce: last.ce, kd: last.kd, sparse: last.sparse } : null,
          };
          decoder = { kind: 'neural', weights: trained.weights };
        }
        const curve = await evaluate(cell, evalSimConfig(spec.code, cell.config, decoder));
        if (curve.interrupted) {
          interrupted = true;
          break outer;
        }
        const run: VariantRun = { seed, training, points: curve.points };
        result.runs.push(run);
        hooks.onProgress?.({ kind: 'cell', cell, run, reused: false });
        hooks.onCellDone?.(cell, run, snapshot(false));
      }
    }
  } finally {
    await (pool as WorkerPool | null)?.close();
  }
  return snapshot(!interrupted);
};
