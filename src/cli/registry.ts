import { Command } from './command.js';

/** Every command of the CLI, in the order `tanner --help` lists them. Add a command here with one line. */
export const loadCommands = async (): Promise<Command[]> => {
  const modules = await Promise.all([
    // (added as each command lands)
    import('./commands/reproduce.js'),
    import('./commands/ablate.js'),
    import('./commands/report.js'),
    import('./commands/train.js'),
    import('./commands/ber.js'),
    import('./commands/merge.js'),
    import('./commands/gradcheck.js'),
    import('./commands/codes.js'),
    import('./commands/bench.js'),
  ] as Promise<{ command: Command }>[]);
  return modules.map((m) => m.command);
};
