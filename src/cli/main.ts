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

/** What main() may be given instead of the real process (tests and the docs/cli.md generator). */
export interface MainOptions {
  /** replaces the commands of registry.ts */
  readonly registry?: readonly Command[];
  /** the folder relative paths are read from [process.cwd()] */
  readonly cwd?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/** The line printed when the first SIGINT or SIGTERM arrives (docs/cli.md). */
export const signalMessage = (sig: string): string => `tanner: ${sig} received, saving finished work (press again to quit at once)`;

/**
 * The CLI entry: the only place that reads argv, sets exit codes and listens
 * for signals. Returns the exit code.
 */
export const main = async (argv: readonly string[], options: MainOptions = {}): Promise<number> => {
  const commands = options.registry ?? (await loadCommands());
  const writeOut = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const writeErr = options.stderr ?? ((t: string) => void process.stderr.write(t));
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeOut(topHelp(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    writeOut('tanner 0.1.0\n');
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    writeErr(`tanner: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: string) => {
    interrupts++;
    if (interrupts > 1) {
      writeErr(`\ntanner: second ${sig}, exiting without waiting\n`);
      process.exit(EXIT.interrupted);
    }
    writeErr(`\n${signalMessage(sig)}\n`);
    controller.abort();
  };
  const sigint = () => onSignal('SIGINT');
  const sigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  const isTTY = options.stderr === undefined && Boolean(process.stderr.isTTY);
  let progressShown = false;
  const progress = makeProgress((s) => {
    progressShown = true;
    writeErr(s);
  }, isTTY);
  const io: CliIO = {
    stdout: writeOut,
    stderr: (t) => {
      if (progressShown && isTTY) writeErr('\n');
      progressShown = false;
      writeErr(t);
    },
    progress,
    signal: controller.signal,
    cwd: options.cwd ?? process.cwd(),
  };
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      writeOut(commandHelp(cmd));
      return EXIT.ok;
    }
    const code = await cmd.run(args, io);
    if (progressShown && isTTY) writeErr('\n');
    return code;
  } catch (e) {
    if (progressShown && isTTY) writeErr('\n');
    if (e instanceof UserError) {
      writeErr(`tanner ${cmd.name}: ${e.message}\n`);
      if (debug) writeErr(`${e.stack}\n`);
      return EXIT.usage;
    }
    const err = e as Error;
    writeErr(`tanner ${cmd.name}: internal error: ${err?.message ?? String(e)}\n`);
    writeErr(debug ? `${err?.stack}\n` : '(run again with --debug for the stack trace)\n');
    return EXIT.failed;
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
  }
};
