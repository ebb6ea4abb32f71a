import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeRunConfigOrThrow } from '../../config/decode-run-config.js';
import { UserError } from '../../util/errors.js';
import { Command, EXIT, flagBool, flagString } from '../command.js';
import { configFlagSpecs, configFromArgs, configOverrides, loadRunInputs, readJsonFile } from '../config-flags.js';
import { trainFiles, trainIntoFolder } from '../train-run.js';

export const command: Command = {
  name: 'train',
  summary: 'train a neural min-sum student (docs/method.md §4-6) into a run folder',
  usage: '[--config c.json] [--set path=value ...] --out runs/name [--resume]',
  flags: {
    ...configFlagSpecs(),
    out: { type: 'string', help: 'run folder: config.json, checkpoint.json, weights.json, train-log.csv' },
    resume: { type: 'boolean', help: 'continue from the run folder\'s checkpoint (same result as an uninterrupted run)' },
  },
  run: async (args, io) => {
    const out = flagString(args, 'out');
    if (!out) throw new UserError('--out <folder> is required');
    const dir = resolve(io.cwd, out);
    const resume = flagBool(args, 'resume');
    const files = trainFiles(dir);
    let config;
    if (resume && existsSync(files.checkpoint)) {
      if (flagString(args, 'config')) throw new UserError('--resume takes the config from the checkpoint; drop --config (use --steps to extend the run)');
      const ck = readJsonFile(files.checkpoint, 'checkpoint') as { config?: unknown };
      config = decodeRunConfigOrThrow(ck.config ?? {}, configOverrides(args));
    } else {
      if (resume) io.stderr(`no checkpoint in ${dir}: starting from step 0\n`);
      config = configFromArgs(args, io.cwd);
    }
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    const result = await trainIntoFolder(io, 'train', dir, code, config, teacherWeights, resume);
    io.stdout(
      `${result.status} at step ${result.state.step}/${config.train.steps}; weights: ${files.weights}\n` +
        `evaluate with: tanner ber --code ${config.code} --decoder neural --weights ${files.weights} --ebn0 1:1:7\n`,
    );
    return result.status === 'finished' ? EXIT.ok : result.status === 'interrupted' ? EXIT.interrupted : EXIT.failed;
  },
};
