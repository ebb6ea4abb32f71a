import { resolve } from 'node:path';
import { RunConfig } from '../../config/run-config.js';
import { experimentTitle, sweepExperimentVariants } from '../../experiments/ablation.js';
import { DEFAULT_TARGET_BERS } from '../../experiments/gain.js';
import { PAPER_VARIANTS, Variant, variantsByIds } from '../../experiments/variants.js';
import { UserError } from '../../util/errors.js';
import { Command, flagString, ParsedArgs, parseNumberList } from '../command.js';
import { configFlagSpecs, configFromArgs, loadRunInputs } from '../config-flags.js';
import { parseSeeds, SEEDS_FLAG } from '../seeds-flag.js';
import { runExperiment } from '../experiment-run.js';
import { WORKERS_FLAG, workersFromArgs } from '../workers-flag.js';

/** --variants: ids of KNOWN_VARIANTS in the order given (default: the paper's ablation, PAPER_VARIANTS). */
export const selectVariants = (text: string | undefined, config: RunConfig): Variant[] => {
  const ids = text === undefined ? PAPER_VARIANTS.map((v) => v.id) : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return variantsByIds(ids, config, '--variants');
};

/** --target-ber: target BERs in (0, 1), headline first. */
const parseTargets = (text: string | undefined): number[] => {
  if (text === undefined) return [...DEFAULT_TARGET_BERS];
  const ts = parseNumberList(text, '--target-ber');
  for (const t of ts) if (!(t > 0 && t < 1)) throw new UserError(`--target-ber: ${t} is not a BER in (0, 1)`);
  return ts;
};

/** The command line as parsed (for the report; rebuilt from the flags, so it does not depend on how tanner was launched). */
export const commandLine = (name: string, args: ParsedArgs): string => {
  const quote = (v: string): string => (/^[\w.,=:/+@-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const parts = Object.entries(args.values).flatMap(([k, v]) =>
    v === true ? [`--${k}`] : typeof v === 'string' ? [`--${k} ${quote(v)}`] : Array.isArray(v) ? v.map((x) => `--${k} ${quote(x)}`) : [],
  );
  return ['tanner', name, ...args.positionals.map(quote), ...parts].join(' ');
};

const sweepSpecs = (args: ParsedArgs): string[] => {
  const v = args.values.sweep;
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

export const command: Command = {
  name: 'ablate',
  summary: "the paper's ablation (docs/method.md §7) or a sweep over config keys, with the same seeds, budget and noise for every variant",
  usage:
    '[--code bch-63-45] [--config c.json] [--variants ms5,teacher,ce,kd,ce-sparse,ce-kd,method] [--seeds 3 | --seeds 1,2,5] [--out runs/name]\n' +
    '       tanner ablate --sweep delta=1e-3,1e-2 [--sweep teacher=ms30,nms30 ...] [--seeds N] [--out runs/name]',
  flags: {
    ...configFlagSpecs(),
    variants: { type: 'string', help: `comma-separated variant ids (default the paper's ablation: ${PAPER_VARIANTS.map((v) => v.id).join(',')}; also: literal)` },
    seeds: SEEDS_FLAG,
    sweep: {
      type: 'string',
      multiple: true,
      help: 'grid axis key=v1,v2 (repeatable; keys: dotted config paths or delta, pKd, pSparse, t0, kdDistance, teacher=ms30,nms30,spa30,nnms30:<weights>,genie)',
    },
    'target-ber': { type: 'string', help: 'target BERs of the gain tables, headline first (default 1e-4,1e-3)' },
    workers: WORKERS_FLAG,
    out: { type: 'string', help: 'run folder (default runs/ablate or runs/sweep); run the same command again to continue an interrupted run' },
  },
  run: async (args, io) => {
    const config = configFromArgs(args, io.cwd);
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    const seeds = parseSeeds(flagString(args, 'seeds'), config.seed);
    const targetBers = parseTargets(flagString(args, 'target-ber'));
    const specs = sweepSpecs(args);
    const sweeping = specs.length > 0;
    if (sweeping && flagString(args, 'variants') !== undefined) {
      throw new UserError('--variants and --sweep do not combine: a sweep runs its grid plus the baselines ms5 and ce');
    }
    const variants = sweeping
      ? sweepExperimentVariants(config, specs, '--variants')
      : selectVariants(flagString(args, 'variants'), config);
    const outDir = resolve(io.cwd, flagString(args, 'out') ?? (sweeping ? 'runs/sweep' : 'runs/ablate'));
    io.stderr(
      `ablate: ${code.name}, ${variants.length} variants x ${seeds.length} seeds (${seeds.join(', ')}), ${config.train.steps} training steps per student, results in ${outDir}\n`,
    );
    const { exitCode } = await runExperiment(io, {
      title: experimentTitle(specs),
      command: commandLine('ablate', args),
      outDir,
      code,
      baseConfig: config,
      variants,
      seeds,
      teacherWeights,
      workers: workersFromArgs(args),
      targetBers,
    });
    return exitCode;
  },
};
