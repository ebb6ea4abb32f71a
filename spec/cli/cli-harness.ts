/**
 * Ways for CLI specs to run tanner: in this process through main() with the
 * text output captured, or as a child process (for signals and kill -9).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { Command } from '../../src/cli/command.js';
import { packageRoot } from '../../src/util/package-root.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * main(argv) with stdout and stderr captured. Binary chunks pass through:
 * they are the test runner's own event stream, which shares this process's stdout.
 */
export const runMain = async (argv: string[], registry?: readonly Command[]): Promise<RunResult> => {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (original: typeof out, append: (s: string) => void) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      append(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out, (s) => (stdout += s));
  process.stderr.write = capture(err, (s) => (stderr += s));
  try {
    return { code: await main(argv, { registry }), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
};

/** The entry a child runs: bin/tanner.js on the sources (tsx) instead of dist/. */
const ENTRY = join(packageRoot(), 'spec', 'cli', 'tanner-entry.ts');

export interface Child {
  readonly process: ChildProcess;
  /** resolves when the child's stderr contains a line matching `pattern` */
  readonly stderrMatches: (pattern: RegExp) => Promise<void>;
  /** exit code (or 128 + signal number when killed) with everything it printed */
  readonly done: Promise<RunResult & { readonly signal: NodeJS.Signals | null }>;
}

/**
 * Start `tanner <argv>` as a child process. It runs in the package folder
 * (where `--import tsx` resolves), so give it absolute paths.
 */
export const spawnTanner = (argv: readonly string[]): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...argv], {
    cwd: packageRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => {
    stderr += String(d);
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  const stderrMatches = (pattern: RegExp): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(stderr)) return resolve();
      waiters.push({ pattern, resolve });
      void done.then((r) => reject(new Error(`tanner exited (${r.code}) before printing ${pattern}:\n${r.stderr}`)));
    });
  return { process: child, stderrMatches, done };
};
