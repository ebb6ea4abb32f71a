import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentCell, ExperimentSpec, runExperimentCells } from '../experiments/cell-loop.js';
import { berSvg, gainSvg, markdownReport, pointsCsv, textReport } from '../experiments/report.js';
import { ExperimentResults, VariantRun } from '../experiments/results.js';
import { fmtSci } from '../report/table.js';
import { atomicWriteFile, atomicWriteJson } from '../util/atomic-write.js';
import { CliIO, EXIT } from './command.js';
import { loadRunInputs, readJsonFile } from './config-flags.js';
import { trainIntoFolder } from './train-run.js';

/** An experiment as the CLI runs it: the spec, its run folder, and the Monte Carlo worker threads (results do not depend on them). */
export interface ExperimentPlan extends ExperimentSpec {
  readonly outDir: string;
  readonly workers: number;
}

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
 * Run every (variant, seed) cell (the loop of runExperimentCells, shared with
 * the library's runAblation), in a run folder: each finished cell is saved in
 * <out>/<variant>/seed-<s>/cell.json and skipped when the run is started
 * again, so an interrupted experiment continues where it stopped; students
 * train into <cell>/train with checkpoints; results.json and the report are
 * rewritten after every cell. Evaluates on a pool of `plan.workers` threads.
 */
export const runExperiment = async (io: CliIO, plan: ExperimentPlan): Promise<{ results: ExperimentResults; exitCode: number }> => {
  const cellDir = (cell: ExperimentCell): string => join(plan.outDir, cell.variant.id, `seed-${cell.seed}`);
  const cellFile = (cell: ExperimentCell): string => join(cellDir(cell), 'cell.json');
  const results = await runExperimentCells(
    {
      title: plan.title,
      command: plan.command,
      code: plan.code,
      baseConfig: plan.baseConfig,
      variants: plan.variants,
      seeds: plan.seeds,
      teacherWeights: plan.teacherWeights,
      targetBers: plan.targetBers,
      workers: plan.workers,
    },
    {
      signal: io.signal,
      teacherWeightsOf: (config) => loadRunInputs(config, io.cwd).teacherWeights,
      onStart: () => mkdirSync(plan.outDir, { recursive: true }),
      savedRun: (cell) => {
        const file = cellFile(cell);
        if (existsSync(file)) {
          const saved = readJsonFile(file, 'experiment cell') as { config: unknown; run: VariantRun };
          if (JSON.stringify(saved.config) === JSON.stringify(cell.config)) {
            io.stderr(`${cell.label}: already done, reusing ${file}\n`);
            return saved.run;
          }
          io.stderr(`${cell.label}: config changed since ${file} was written; running again\n`);
        }
        mkdirSync(cellDir(cell), { recursive: true });
        return null;
      },
      trainCell: (cell, code) => trainIntoFolder(io, cell.label, join(cellDir(cell), 'train'), code, cell.config, cell.teacherWeights, true, 'restart'),
      onProgress: (e) => {
        if (e.kind !== 'eval') return;
        const p = e.progress;
        io.progress(`${e.cell.label}: ${p.ebn0Db} dB  ${p.frames} frames  ${p.frameErrors} frame errors  ${p.bitErrors} bit errors  ${Math.round(p.framesPerSecond)} frames/s`);
      },
      onCellDone: (cell, run, soFar) => {
        atomicWriteJson(cellFile(cell), { config: cell.config, run });
        io.stderr(`${cell.label}: BER ${run.points.map((p) => `${p.ebn0Db} dB ${fmtSci(p.ber, 2)}`).join(', ')}\n`);
        writeExperimentFiles(plan.outDir, soFar);
      },
    },
  );
  writeExperimentFiles(plan.outDir, results);
  if (!results.complete) {
    io.stderr(`interrupted: finished cells are saved in ${plan.outDir}; run the same command again to continue\n`);
    return { results, exitCode: EXIT.interrupted };
  }
  io.stdout(textReport(results));
  io.stdout(`\nwrote ${join(plan.outDir, 'results.json')}, report.md, points.csv, ber.svg, gain.svg\n`);
  return { results, exitCode: EXIT.ok };
};
