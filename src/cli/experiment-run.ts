import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Code } from '../codes/code.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { RunConfig } from '../config/run-config.js';
import { DecoderSpec, describeDecoder } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { berSvg, gainSvg, markdownReport, pointsCsv, textReport } from '../experiments/report.js';
import { ExperimentResults, VariantResult, VariantRun } from '../experiments/results.js';
import { Variant } from '../experiments/variants.js';
import { fmtSci } from '../report/table.js';
import { SimConfig } from '../sim/monte-carlo.js';
import { simulateCurveParallel, workerPool, WorkerPool } from '../sim/parallel.js';
import { atomicWriteFile, atomicWriteJson } from '../util/atomic-write.js';
import { CliIO, EXIT } from './command.js';
import { loadRunInputs, readJsonFile } from './config-flags.js';
import { trainIntoFolder } from './train-run.js';

export interface ExperimentPlan {
  readonly title: string;
  readonly command: string;
  readonly outDir: string;
  readonly code: Code;
  readonly baseConfig: RunConfig;
  readonly variants: readonly Variant[];
  readonly seeds: readonly number[];
  readonly teacherWeights: NeuralWeights | null;
  /** target BERs of the gain tables, headline first (default DEFAULT_TARGET_BERS) */
  readonly targetBers?: readonly number[];
  /** Monte Carlo worker threads of the evaluations (results do not depend on it) */
  readonly workers: number;
}

/** The Monte Carlo run of one decoder over the config's evaluation points, on the noise of `seed`. */
const evalSimConfig = (code: Code, config: RunConfig, decoder: DecoderSpec): SimConfig => {
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

/**
 * Evaluate on all cores. One worker pool serves every cell of the experiment
 * (started at the first evaluation, rebound per decoder), so the thread
 * start-up is paid once.
 */
const evaluate = async (io: CliIO, label: string, sim: SimConfig, pool: WorkerPool) =>
  simulateCurveParallel(sim, {
    workers: pool.size,
    pool,
    signal: io.signal,
      onProgress: (p) =>
      io.progress(`${label}: ${p.ebn0Db} dB  ${p.frames} frames  ${p.frameErrors} frame errors  ${p.bitErrors} bit errors  ${Math.round(p.framesPerSecond)} frames/s`),
  });

/** Write report.md, points.csv, ber.svg and gain.svg from results (what `tanner report` redoes from results.json). */
export const renderExperimentFiles = (dir: string, r: ExperimentResults): void => {
  atomicWriteFile(join(dir, 'report.md'), markdownReport(r));
  atomicWriteFile(join(dir, 'points.csv'), pointsCsv(r));
  atomicWriteFile(join(dir, 'ber.svg'), berSvg(r));
  atomicWriteFile(join(dir, 'gain.svg'), gainSvg(r));
};

/** Write results.json, report.md, points.csv, ber.svg and gain.svg (also after every finished cell, so nothing is lost). */
export const writeExperimentFiles = (dir: string, r: ExperimentResults): void => {
  atomicWriteJson(join(dir, 'results.json'), r);
  renderExperimentFiles(dir, r);
};

/**
 * Run every (variant, seed) cell: train if needed, then evaluate on the same
 * noise as every other variant. Each finished cell is saved in
 * <out>/<variant>/seed-<s>/cell.json and skipped when the run is started
 * again, so an interrupted experiment continues where it stopped.
 */
export const runExperiment = async (io: CliIO, plan: ExperimentPlan): Promise<{ results: ExperimentResults; exitCode: number }> => {
  // Every variant's config and teacher first, so a bad override or a missing teacher file stops the run before any work.
  const prepared = plan.variants.map((variant) => {
    const config0 = decodeRunConfigOrThrow(plan.baseConfig, variant.kind === 'trained' ? variant.overrides : []);
    // A sweep over teachers gives each variant its own teacher: load its weights when they are not the base config's.
    const teacherWeights =
      config0.teacher.kind === 'neural' && config0.teacher.weights !== plan.baseConfig.teacher.weights
        ? loadRunInputs(config0, io.cwd).teacherWeights
        : plan.teacherWeights;
    return { variant, config0, teacherWeights };
  });
  const t0 = Date.now();
  mkdirSync(plan.outDir, { recursive: true });
  const variants: VariantResult[] = [];
  let interrupted = false;
  let pool: WorkerPool | null = null;
  const snapshot = (complete: boolean): ExperimentResults => ({
    format: 'tanner-results/1',
    title: plan.title,
    command: plan.command,
    code: { name: plan.code.name, n: plan.code.n, k: plan.code.k, edges: plan.code.graph.edges },
    baseConfig: plan.baseConfig,
    seeds: [...plan.seeds],
    variants: variants.filter((v) => v.runs.length > 0),
    elapsedSeconds: (Date.now() - t0) / 1000,
    complete,
    ...(plan.targetBers ? { targetBers: [...plan.targetBers] } : {}),
  });
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
      for (const seed of plan.seeds) {
        const config = decodeRunConfigOrThrow(config0, [`seed=${seed}`]);
        const cellDir = join(plan.outDir, variant.id, `seed-${seed}`);
        const cellFile = join(cellDir, 'cell.json');
        if (existsSync(cellFile)) {
          const saved = readJsonFile(cellFile, 'experiment cell') as { config: unknown; run: VariantRun };
          if (JSON.stringify(saved.config) === JSON.stringify(config)) {
            io.stderr(`${variant.id} seed ${seed}: already done, reusing ${cellFile}\n`);
            result.runs.push(saved.run);
            continue;
          }
          io.stderr(`${variant.id} seed ${seed}: config changed since ${cellFile} was written; running again\n`);
        }
        mkdirSync(cellDir, { recursive: true });
        let decoder: DecoderSpec;
        let training: VariantRun['training'] = null;
        if (variant.kind === 'baseline') decoder = variant.decoder(config, teacherWeights);
        else {
          const tStart = Date.now();
          const trained = await trainIntoFolder(io, `${variant.id} seed ${seed}`, join(cellDir, 'train'), plan.code, config, teacherWeights, true, 'restart');
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
        const sim = evalSimConfig(plan.code, config, decoder);
        pool ??= workerPool(sim, plan.workers);
        const curve = await evaluate(io, `${variant.id} seed ${seed}`, sim, pool);
        if (curve.interrupted) {
          interrupted = true;
          break outer;
        }
        const run: VariantRun = { seed, training, points: curve.points };
        atomicWriteJson(cellFile, { config, run });
        result.runs.push(run);
        io.stderr(`${variant.id} seed ${seed}: BER ${curve.points.map((p) => `${p.ebn0Db} dB ${fmtSci(p.ber, 2)}`).join(', ')}\n`);
        writeExperimentFiles(plan.outDir, snapshot(false));
      }
    }
  } finally {
    await pool?.close();
  }
  const results = snapshot(!interrupted);
  writeExperimentFiles(plan.outDir, results);
  if (interrupted) {
    io.stderr(`interrupted: finished cells are saved in ${plan.outDir}; run the same command again to continue\n`);
    return { results, exitCode: EXIT.interrupted };
  }
  io.stdout(textReport(results));
  io.stdout(`\nwrote ${join(plan.outDir, 'results.json')}, report.md, points.csv, ber.svg, gain.svg\n`);
  return { results, exitCode: EXIT.ok };
};
