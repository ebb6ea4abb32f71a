import { resolve } from 'node:path';
import { REPRODUCE_CONFIG, REPRODUCE_VARIANTS } from '../../experiments/reproduce-config.js';
import { teacherLabel, Variant, variantById } from '../../experiments/variants.js';
import { Command, flagString } from '../command.js';
import { configFlagSpecs, configFromArgs, loadRunInputs } from '../config-flags.js';
import { runExperiment } from '../experiment-run.js';
import { parseSeeds, SEEDS_FLAG } from '../seeds-flag.js';
import { WORKERS_FLAG, workersFromArgs } from '../workers-flag.js';

export const command: Command = {
  name: 'reproduce',
  summary: "the main job: train the CE-only student and the method's student (paper's literal settings, and the defaults) on BCH(63,45), compare with min-sum T=5 and the teacher",
  usage: '[--out runs/reproduce] [--seeds 3 | --seeds 1,2,5] [--config c.json] [--set path=value ...] [--workers N]',
  flags: {
    ...configFlagSpecs(),
    seeds: SEEDS_FLAG,
    workers: WORKERS_FLAG,
    out: { type: 'string', help: 'run folder (default runs/reproduce); run the same command again to continue an interrupted run' },
  },
  run: async (args, io) => {
    const config = configFromArgs(args, io.cwd, REPRODUCE_CONFIG);
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    const outDir = resolve(io.cwd, flagString(args, 'out') ?? 'runs/reproduce');
    const variants: Variant[] = REPRODUCE_VARIANTS.map((id) => {
      const v = variantById(id)!;
      return id === 'teacher' ? { ...v, label: teacherLabel(config) } : v;
    });
    const seeds = parseSeeds(flagString(args, 'seeds'), config.seed);
    io.stderr(
      `reproduce: ${code.name}, ${variants.filter((v) => v.kind === 'trained').length} students x ${seeds.length} seeds (${seeds.join(', ')}), ` +
        `${config.train.steps} training steps each, results in ${outDir}\n`,
    );
    const { exitCode } = await runExperiment(io, {
      title: 'Reproduction (Nachmani & Be\'ery 2022)',
      command: `tanner reproduce ${process.argv.slice(3).join(' ')}`.trim(),
      outDir,
      code,
      baseConfig: config,
      variants,
      seeds,
      teacherWeights,
      workers: workersFromArgs(args),
    });
    return exitCode;
  },
};
