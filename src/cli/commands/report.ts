import { join, resolve } from 'node:path';
import { textReport } from '../../experiments/report.js';
import { parseExperimentResults } from '../../experiments/results.js';
import { UserError } from '../../util/errors.js';
import { Command, EXIT, flagString, parseNumberList } from '../command.js';
import { readJsonFile } from '../config-flags.js';
import { renderExperimentFiles } from '../experiment-run.js';

export const command: Command = {
  name: 'report',
  summary: 're-render report.md, points.csv, ber.svg and gain.svg of a finished (or interrupted) ablate/reproduce run from its results.json, without retraining',
  usage: '<run folder> [--target-ber 1e-4,1e-3]',
  allowPositionals: true,
  flags: {
    'target-ber': { type: 'string', help: "target BERs of the gain tables, headline first (default: the run's own, else 1e-4,1e-3); results.json is not changed" },
  },
  run: async (args, io) => {
    if (args.positionals.length !== 1) throw new UserError(`expected one run folder (containing results.json), got ${args.positionals.length} arguments`);
    const dir = resolve(io.cwd, args.positionals[0]);
    const file = join(dir, 'results.json');
    const results = parseExperimentResults(readJsonFile(file, 'results'), file);
    const targetText = flagString(args, 'target-ber');
    const targets = targetText === undefined ? undefined : parseNumberList(targetText, '--target-ber');
    for (const t of targets ?? []) if (!(t > 0 && t < 1)) throw new UserError(`--target-ber: ${t} is not a BER in (0, 1)`);
    const r = targets ? { ...results, targetBers: targets } : results;
    renderExperimentFiles(dir, r);
    io.stdout(textReport(r));
    io.stdout(`\nwrote ${join(dir, 'report.md')}, points.csv, ber.svg, gain.svg${r.complete ? '' : ' (the run is incomplete: run its command again to finish it)'}\n`);
    return EXIT.ok;
  },
};
