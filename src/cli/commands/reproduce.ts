import { resolve } from 'node:path';
import { REPRODUCE_CONFIG, REPRODUCE_VARIANTS } from '../../experiments/reproduce-config.js';
import { PAPER_VARIANTS, teacherLabel, Variant } from '../../experiments/variants.js';
import { Command, flagString } from '../command.js';
import { configFlagSpecs, configFromArgs, loadRunInputs } from '../config-flags.js';
import { runExperiment } from '../experiment-run.js';
import { WORKERS_FLAG, workersFromArgs } from '../workers-flag.js';

export const command: Command = {
  name: 'reproduce',
  summary: 'the main job: train the CE-only and the method student on BCH(63,45), compare with min-sum T=5 and the teacher',
  usage: '[--out runs/reproduce] [--config c.json] [--set path=value ...]',
  flags: {
    ...configFlagSpecs(),
    workers: WORKERS_FLAG,
    out: { type: 'string', help: 'run folder (default runs/reproduce); run the same command again to continue an interrupted run' },
  },
  run: async (args, io) => {
    const config = configFromArgs(args, io.cwd, REPRODUCE_CONFIG);
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    const outDir = resolve(io.cwd, flagString(args, 'out') ?? 'runs/reproduce');
    const variants: Variant[] = REPRODUCE_VARIANTS.map((id) => {
      const v = PAPER_VARIANTS.find((p) => p.id === id)!;
      return id === 'teacher' ? { ...v, label: teacherLabel(config) } : v;
    });
    io.stderr(`reproduce: ${code.name}, ${config.train.steps} training steps per student, results in ${outDir}\n`);
    const { exitCode } = await runExperiment(io, {
      title: 'Reproduction (Nachmani & Be\'ery 2022)',
      command: `tanner reproduce ${process.argv.slice(3).join(' ')}`.trim(),
      outDir,
      code,
      baseConfig: config,
      variants,
      seeds: [config.seed],
      teacherWeights,
      workers: workersFromArgs(args),
    });
    return exitCode;
  },
};
