import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Code } from '../codes/code.js';
import { configDifferences } from '../config/config-diff.js';
import { RunConfig } from '../config/run-config.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { toCsv } from '../report/csv.js';
import { fmtSci } from '../report/table.js';
import { fromCheckpoint, toCheckpoint } from '../train/checkpoint.js';
import { makeTrainContext } from '../train/context.js';
import { initialTrainState, train, TrainResult } from '../train/trainer.js';
import { atomicWriteFile, atomicWriteJson } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { CliIO } from './command.js';
import { formatDuration, readJsonFile } from './config-flags.js';

/** The files of a training run folder (docs/cli.md). */
export const trainFiles = (dir: string) => ({
  config: join(dir, 'config.json'),
  checkpoint: join(dir, 'checkpoint.json'),
  weights: join(dir, 'weights.json'),
  log: join(dir, 'train-log.csv'),
});

/**
 * Why a parsed checkpoint cannot continue a run of `config`, or null:
 * another config (anything but train.steps, which may grow, and the `eval`
 * section, which training never reads: an experiment re-run over other
 * Eb/N0 points reuses its trained students), or a step past the steps asked for.
 */
const checkpointMismatch = (raw: unknown, config: RunConfig): string | null => {
  const diffs = configDifferences((raw as { config?: unknown } | null)?.config, config, ['train.steps', 'eval']);
  if (diffs.length > 0) return `it was written by another config (${diffs.join('; ')})`;
  const step = (raw as { step?: unknown }).step;
  if (typeof step === 'number' && step > config.train.steps) return `it is at step ${step}, past train.steps = ${config.train.steps}`;
  return null;
};

/**
 * Train one student into `dir`, saving checkpoints atomically, resuming from
 * the folder's checkpoint when `resume` is set. A checkpoint of another config
 * is an error (`onOtherConfig` 'error', for `tanner train --resume`) or is
 * replaced by a fresh start ('restart', for experiment cells whose config
 * changed). Shared by `train`, `reproduce` and `ablate`. Prints progress through io.
 */
export const trainIntoFolder = async (
  io: CliIO,
  label: string,
  dir: string,
  code: Code,
  config: RunConfig,
  teacherWeights: NeuralWeights | null,
  resume: boolean,
  onOtherConfig: 'error' | 'restart' = 'error',
): Promise<TrainResult> => {
  mkdirSync(dir, { recursive: true });
  const files = trainFiles(dir);
  const ctx = makeTrainContext(code, config, teacherWeights);
  let start = { state: initialTrainState(ctx), history: [] as TrainResult['history'], validation: [] as TrainResult['validation'] };
  if (resume && existsSync(files.checkpoint)) {
    const raw = readJsonFile(files.checkpoint, 'checkpoint');
    const mismatch = checkpointMismatch(raw, config);
    if (mismatch !== null && onOtherConfig === 'error') {
      throw new UserError(
        `cannot resume from ${files.checkpoint}: ${mismatch}. --resume continues the same run (only train.steps may grow): drop the overrides, or train into a new --out folder`,
      );
    }
    if (mismatch !== null) io.stderr(`${label}: not resuming from ${files.checkpoint}: ${mismatch}; training from step 0\n`);
    else {
      const ck = fromCheckpoint(raw, ctx.layout.size);
      start = { state: ck.state, history: ck.history, validation: ck.validation };
      io.stderr(`${label}: resuming at step ${ck.state.step}/${config.train.steps}\n`);
    }
  }
  atomicWriteJson(files.config, config);
  const result = await train(ctx, start, {
    signal: io.signal,
    onProgress: (p) =>
      io.progress(
        `${label}: step ${p.step}/${p.steps}  loss ${fmtSci(p.log.total, 3)} (ce ${fmtSci(p.log.ce, 3)} kd ${fmtSci(p.log.kd, 3)} sparse ${fmtSci(p.log.sparse, 3)})  |g| ${fmtSci(p.log.gradNorm, 2)}  ${p.stepsPerSecond.toFixed(1)} steps/s  ETA ${formatDuration(p.etaSeconds)}`,
      ),
    onValidation: (v) =>
      io.stderr(`${label}: step ${v.step} validation BER ${v.points.map((q) => `${q.ebn0Db} dB ${fmtSci(q.ber, 2)}`).join(', ')}\n`),
    onCheckpoint: (state, history, validation) => atomicWriteJson(files.checkpoint, toCheckpoint(config, state, history, validation)),
  });
  atomicWriteJson(files.weights, result.weights);
  atomicWriteFile(
    files.log,
    toCsv(
      ['step', 'total', 'ce', 'kd', 'sparse', 'gradNorm'],
      result.history.map((h) => [h.step, h.total, h.ce, h.kd, h.sparse, h.gradNorm]),
    ),
  );
  if (result.status === 'diverged') {
    io.stderr(`${label}: training diverged at step ${result.divergedAt} (loss, gradient or updated weights not finite); kept the last good state (step ${result.state.step}) in ${files.checkpoint}\n`);
  }
  return result;
};
