import { UserError } from '../util/errors.js';
import { CliIO, Command, commandHelp, EXIT, parseCommandArgs } from './command.js';
import { loadCommands } from './registry.js';

const topHelp = (commands: readonly Command[]): string =>
  [
    'tanner: neural min-sum decoders on Tanner graphs, trained with node-activation losses.',
    '',
    'Usage: tanner <command> [options]      (tanner <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 check failed or run diverged, 2 bad usage/config/input, 130 interrupted (finished work saved).',
    '',
  ].join('\n');

/** Progress lines: rewritten in place on a terminal, at most one line per 2 s otherwise. */
const makeProgress = (write: (s: string) => void, isTTY: boolean): ((line: string) => void) => {
  let last = 0;
  return (line: string) => {
    const now = Date.now();
    if (isTTY) write(`\r\x1b[K${line}`);
    else if (now - last > 2000) {
      write(`${line}\n`);
      last = now;
    }
  };
};

/**
 * The CLI entry: the only place that reads argv, sets exit codes and listens
 * for signals. Returns the exit code. `registry` replaces the commands of
 * registry.ts (tests use it to check how failures are reported).
 */
export const main = async (argv: readonly string[], registry?: readonly Command[]): Promise<number> => {
  const commands = registry ?? (await loadCommands());
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(topHelp(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    process.stdout.write('tanner 0.1.0\n');
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`tanner: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: string) => {
    interrupts++;
    if (interrupts > 1) {
      process.stderr.write(`\ntanner: second ${sig}, exiting without waiting\n`);
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\ntanner: ${sig} received, saving finished work (press again to quit at once)\n`);
    controller.abort();
  };
  const sigint = () => onSignal('SIGINT');
  const sigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  const isTTY = Boolean(process.stderr.isTTY);
  let progressShown = false;
  const progress = makeProgress((s) => {
    progressShown = true;
    process.stderr.write(s);
  }, isTTY);
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => {
      if (progressShown && isTTY) process.stderr.write('\n');
      progressShown = false;
      process.stderr.write(t);
    },
    progress,
    signal: controller.signal,
    cwd: process.cwd(),
  };
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      process.stdout.write(commandHelp(cmd));
      return EXIT.ok;
    }
    const code = await cmd.run(args, io);
    if (progressShown && isTTY) process.stderr.write('\n');
    return code;
  } catch (e) {
    if (progressShown && isTTY) process.stderr.write('\n');
    if (e instanceof UserError) {
      process.stderr.write(`tanner ${cmd.name}: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return EXIT.usage;
    }
    const err = e as Error;
    process.stderr.write(`tanner ${cmd.name}: internal error: ${err?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${err?.stack}\n` : '(run again with --debug for the stack trace)\n');
    return EXIT.failed;
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
  }
};
