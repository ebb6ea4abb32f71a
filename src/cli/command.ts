import { parseArgs } from 'node:util';
import { UserError } from '../util/errors.js';

/** What a command may touch: its streams and the interrupt signal. Only src/cli/ sees process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** A progress line on stderr (overwritten in place on a terminal, throttled otherwise). */
  readonly progress: (line: string) => void;
  /** Aborted on Ctrl-C: long commands save what is finished and return EXIT.interrupted. */
  readonly signal: AbortSignal;
  readonly cwd: string;
}

/** Documented exit codes (docs/cli.md). */
export const EXIT = Object.freeze({
  ok: 0,
  /** the command ran but its check failed (e.g. gradcheck above tolerance, training diverged) */
  failed: 1,
  /** bad usage, bad config, bad input file */
  usage: 2,
  /** interrupted by Ctrl-C / SIGTERM after saving finished work */
  interrupted: 130,
});

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** usage line(s) after "tanner <name>" */
  readonly usage: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly allowPositionals?: boolean;
  readonly run: (args: ParsedArgs, io: CliIO) => Promise<number>;
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Flags every command takes. */
export const COMMON_FLAGS: Readonly<Record<string, FlagSpec>> = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  debug: { type: 'boolean', help: 'print stack traces of errors' },
};

/**
 * `--ebn0 -2` means the value -2, not a flag "-2": node's parseArgs (before
 * Node 22's allowNegative) refuses a value that starts with a dash, so a
 * value flag followed by a negative number ("-2", "-1.5", "-2:1:0", "-.5")
 * is joined into "--ebn0=-2" first.
 */
export const joinNegativeValues = (argv: readonly string[], valueFlags: ReadonlySet<string>): string[] => {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (a === '--') return [...out, ...argv.slice(i)];
    if (valueFlags.has(a) && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
};

export const parseCommandArgs = (cmd: Command, argv: readonly string[]): ParsedArgs => {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  const valueFlags = new Set<string>();
  for (const [name, f] of Object.entries({ ...COMMON_FLAGS, ...cmd.flags })) {
    options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
    if (f.type === 'string') valueFlags.add(`--${name}`);
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, valueFlags),
      options,
      strict: true,
      allowPositionals: cmd.allowPositionals ?? false,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    // main() puts "tanner <name>: " in front of every UserError, so the message does not repeat it.
    throw new UserError(`${(e as Error).message.split('\n')[0]}. See: tanner ${cmd.name} --help`);
  }
};

export const commandHelp = (cmd: Command): string => {
  const rows = Object.entries({ ...cmd.flags, ...COMMON_FLAGS }).map(([name, f]) => {
    const left = `  ${f.short ? `-${f.short}, ` : ''}--${name}${f.type === 'string' ? ' <value>' : ''}`;
    return `${left.padEnd(34)} ${f.help}`;
  });
  return `tanner ${cmd.name}: ${cmd.summary}\n\nUsage: tanner ${cmd.name} ${cmd.usage}\n\nOptions:\n${rows.join('\n')}\n`;
};

// ---- typed readers of flag values: every conversion error names the flag ----

export const flagString = (a: ParsedArgs, name: string): string | undefined => {
  const v = a.values[name];
  return typeof v === 'string' ? v : undefined;
};

export const flagBool = (a: ParsedArgs, name: string): boolean => a.values[name] === true;

export const flagNumber = (a: ParsedArgs, name: string): number | undefined => {
  const s = flagString(a, name);
  if (s === undefined) return undefined;
  const x = Number(s);
  if (s.trim() === '' || !Number.isFinite(x)) throw new UserError(`--${name}: expected a finite number, got "${s}"`);
  return x;
};

export const flagInt = (a: ParsedArgs, name: string, min = 0): number | undefined => {
  const x = flagNumber(a, name);
  if (x === undefined) return undefined;
  if (!Number.isInteger(x) || x < min) throw new UserError(`--${name}: expected an integer >= ${min}, got ${x}`);
  if (!Number.isSafeInteger(x)) throw new UserError(`--${name}: ${x} is too large (at most 2^53 - 1 = ${Number.MAX_SAFE_INTEGER})`);
  return x;
};

/**
 * A list of numbers: "4,5,6", or a range "start:step:stop" (inclusive, e.g.
 * "1:0.5:7"), or a mix "1,2:1:4".
 */
export const parseNumberList = (s: string, what: string): number[] => {
  const out: number[] = [];
  for (const part of s.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const r = part.split(':');
    if (r.length === 1) {
      const x = Number(r[0]);
      if (!Number.isFinite(x)) throw new UserError(`${what}: "${part}" is not a number`);
      out.push(x);
    } else if (r.length === 3) {
      const [a, step, b] = r.map(Number);
      if (![a, step, b].every(Number.isFinite) || step <= 0 || b < a) {
        throw new UserError(`${what}: range "${part}" must be start:step:stop with step > 0 and stop >= start`);
      }
      const count = Math.floor((b - a) / step + 1e-9);
      if (count > 10000) throw new UserError(`${what}: range "${part}" has too many points`);
      for (let i = 0; i <= count; i++) out.push(Number((a + i * step).toFixed(10)));
    } else throw new UserError(`${what}: "${part}" is neither a number nor start:step:stop`);
  }
  if (out.length === 0) throw new UserError(`${what}: empty list`);
  return out;
};
