import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCode } from '../codes/builtin.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { MESSAGE_SATURATION } from '../decoders/decoder.js';
import { makeTrainContext } from '../train/context.js';
import { initialParams, toNeuralWeights } from '../train/student-params.js';
import { Command, commandHelp, EXIT } from './command.js';
import { BER_CSV_HEADERS } from './commands/ber.js';
import { main, signalMessage } from './main.js';

/**
 * docs/cli.md, rendered from the command definitions (flags and help texts)
 * and from real runs of the CLI (every example error message below is what
 * tanner printed while the doc was generated), so the doc cannot drift from
 * the code. Regenerate: npm run docs:cli. spec/cli/cli-doc.spec.ts fails when
 * docs/cli.md is out of date.
 */

/** What each command writes besides stdout and stderr; every registered command needs an entry. */
export const COMMAND_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  reproduce: [
    '`<out>/results.json` (format `tanner-results/1`: every cell\'s config, training summary and BER/FER points), `report.md`, `points.csv` (one row per variant, seed and Eb/N0 point; at a point without errors `ber` / `fer` are empty and `berUpperBound` / `ferUpperBound` hold the one-sided 95% upper bounds), `ber.svg`, `gain.svg`; rewritten after every finished cell. Default `<out>` is `runs/reproduce`.',
    '`<out>/<variant>/seed-<s>/cell.json`: one finished (variant, seed) cell, reused when the command runs again with the same config.',
    '`<out>/<variant>/seed-<s>/train/`: the training folder of a trained cell (the files of `tanner train`).',
  ],
  ablate: ['The files of `tanner reproduce`, under `--out` (default `runs/ablate`, or `runs/sweep` with `--sweep`).'],
  report: ['Rewrites `report.md`, `points.csv`, `ber.svg` and `gain.svg` in the run folder from its `results.json` (which it does not change).'],
  train: [
    '`<out>/config.json`: the full decoded config.',
    '`<out>/checkpoint.json` (format `tanner-checkpoint/1`): weights, Adam state, step, RNG position, loss history; every `train.checkpointEvery` steps, on Ctrl-C and at the end.',
    '`<out>/weights.json` (format `tanner-weights/1`): the trained decoder, for `tanner ber --decoder neural --weights`.',
    '`<out>/train-log.csv`: step, total, ce, kd, sparse, gradNorm.',
  ],
  ber: [
    '`--json <file>` (format `tanner-ber/1`): code, decoder, seed, stop rules and every point (frames, errors, BER/FER with 95% intervals, upper bounds at zero errors). `ferCi` is the Wilson interval over frames; `berCi` is the Wilson interval at the effective sample size, counting frames as clusters since bit errors within a frame are correlated (docs/method.md §7). `berUpperBound` / `ferUpperBound` are set only at zero errors.',
    `\`--csv <file>\`: the points, columns \`${BER_CSV_HEADERS.join(', ')}\`. At a point without errors \`ber\` / \`fer\` are empty (never 0) and \`ber_upper_bound\` / \`fer_upper_bound\` hold the one-sided 95% upper bounds; otherwise the bounds are empty.`,
    'With `--shard i/N`, `--json` receives a part (format `tanner-ber-part/1`) for `tanner merge`.',
    'With `TANNER_HEAP_LOG=<file>` in the environment, heap samples every 5 s (docs/scale.md).',
  ],
  merge: ['`--json` / `--csv`: the merged curve, in the formats of `tanner ber`.'],
  gradcheck: ['`--json <file>`: the result, with `maxRelError` and `pass`.'],
  codes: ['`info --json <file>`: the code summary (n, k, m, rank, degrees, girth, notes).'],
  bench: ['`--json <file>` (format `tanner-bench/1`): the results with the machine and Node version.'],
};

/** How each long command behaves on Ctrl-C / SIGTERM and how it continues. */
export const COMMAND_INTERRUPTS: Readonly<Record<string, string>> = {
  reproduce: 'saves every finished cell and `results.json` (marked incomplete); the unfinished cell keeps its training checkpoint. Run the same command again: finished cells are reused, training resumes.',
  ablate: 'as `tanner reproduce`: run the same command again to continue.',
  train: 'writes the checkpoint, `weights.json` and the log of the steps done. `tanner train --out <folder> --resume` continues to the same final files as an uninterrupted run (only `--steps` may change on resume).',
  ber: 'writes `--json` / `--csv` with the finished points and the partial one (`complete: false`), marked `interrupted: true`. Run the same command with `--resume`: finished points are kept, and the curve ends as an uninterrupted run\'s (timing fields aside).',
};

/** An error a user can meet: the situation, the command that shows it, and which stderr lines to quote. */
interface ErrorExample {
  readonly situation: string;
  readonly argv: readonly string[];
  /** lines of stderr to show (default: all) */
  readonly lines?: RegExp;
}

/** Files the examples read, created in a scratch folder (the doc shows paths relative to it). */
const FIXTURES: Readonly<Record<string, string>> = {
  'bad.alist': '3 2\n2 2\n1 2 1\n2 2\n1 0\n1 2\n2 0\n1 2\n2 x\n',
  'ragged.txt': '1 1 0\n0 1 1 1\n',
  'full-rank.txt': '1 0\n0 1\n',
  'infinite.json': '{"train": {"lr": 1e999}}',
};

const TINY_TRAIN = ['--code', 'bch-31-16', '--steps', '2', '--batch', '4', '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'teacher.iterations=10'];
const TINY_BER = ['--code', 'bch-31-16', '--ebn0', '3', '--max-frames', '200', '--workers', '1'];

/** Runs that create what some examples need (their output is not shown). */
const SETUP: readonly (readonly string[])[] = [
  ['train', ...TINY_TRAIN, '--out', 'run'],
  ['ber', ...TINY_BER, '--json', 'curve.json'],
];

const ERROR_EXAMPLES: readonly { readonly group: string; readonly examples: readonly ErrorExample[] }[] = [
  {
    group: 'Command line',
    examples: [
      { situation: 'unknown command', argv: ['trian'] },
      { situation: 'unknown flag', argv: ['ber', '--frobnicate'] },
      { situation: 'a flag value that is not a number', argv: ['ber', '--ebn0', '4,x'] },
      { situation: 'a count that is not an integer', argv: ['ber', '--max-frames', '1.5'] },
      { situation: 'a flag the chosen decoder does not take', argv: ['ber', '--alpha', '0.7'] },
      { situation: 'a required flag missing', argv: ['train'] },
      { situation: 'an unknown ablation variant', argv: ['ablate', '--variants', 'ms5,nope'] },
    ],
  },
  {
    group: 'Code files',
    examples: [
      { situation: 'neither a built-in code nor a file', argv: ['codes', 'info', 'no-such-code'] },
      { situation: 'a malformed alist (the message names the line)', argv: ['codes', 'info', 'bad.alist'] },
      { situation: 'dense rows of different lengths', argv: ['codes', 'info', 'ragged.txt'] },
      { situation: 'a full-rank H (k = 0: nothing to decode)', argv: ['codes', 'info', 'full-rank.txt'] },
    ],
  },
  {
    group: 'Run configs (docs/config.md); every bad field is listed, one per line',
    examples: [
      { situation: 'a value out of range', argv: ['train', '--out', 'r', '--set', 'loss.pKd=-1'] },
      { situation: 'NaN or Infinity (from --set, or 1e999 in a JSON file)', argv: ['train', '--out', 'r', '--config', 'infinite.json'] },
      { situation: 'a misspelt key', argv: ['train', '--out', 'r', '--set', 'loss.p_kd=2'] },
      { situation: 'an Eb/N0 outside [-10, 20] dB', argv: ['train', '--out', 'r', '--set', 'train.ebn0Db=[1,30]'] },
      { situation: 'KD look-ahead past the teacher: t0 + T_student > T_teacher', argv: ['train', '--out', 'r', '--set', 'loss.t0=26'] },
      { situation: 'a batch that does not split over the training Eb/N0 points', argv: ['train', '--out', 'r', '--batch', '121'] },
      { situation: 'a config file that does not exist', argv: ['train', '--out', 'r', '--config', 'missing.json'] },
      {
        situation: 'a neural teacher whose weights file does not exist',
        argv: ['train', '--out', 'r', '--set', 'teacher.kind=neural', '--set', 'teacher.weights="missing.json"', '--set', 'teacher.iterations=5'],
      },
      {
        situation: 'a neural teacher whose weights hold another iteration count',
        argv: ['train', ...TINY_TRAIN, '--out', 'r', '--set', 'teacher.kind=neural', '--set', 'teacher.weights="w31.json"'],
      },
    ],
  },
  {
    group: 'Weights files',
    examples: [
      { situation: 'a neural decoder without weights', argv: ['ber', '--decoder', 'neural'] },
      { situation: 'weights trained for another code (every size that differs)', argv: ['ber', '--decoder', 'neural', '--weights', 'w31.json'] },
      { situation: '--iters that disagrees with the weights', argv: ['ber', '--code', 'bch-31-16', '--decoder', 'neural', '--weights', 'w31.json', '--iters', '7'] },
    ],
  },
  {
    group: 'Resuming',
    examples: [
      { situation: 'tanner train --resume with a changed field', argv: ['train', '--out', 'run', '--resume', '--lr', '0.5'] },
      { situation: 'tanner ber --resume on the file of another run', argv: ['ber', ...TINY_BER, '--seed', '2', '--json', 'curve.json', '--resume'], lines: /--resume/ },
      { situation: 'a run folder without results', argv: ['report', 'nowhere'] },
    ],
  },
  {
    group: 'While running',
    examples: [
      {
        situation: 'training diverged (loss, gradient or weights not finite); the last good state is kept',
        argv: ['train', ...TINY_TRAIN, '--lr', '1e39', '--out', 'diverged'],
        lines: /diverged/,
      },
    ],
  },
];

/** Run tanner in `cwd` and return its exit code and output, paths under `cwd` shown relative to it. */
const runCaptured = async (argv: readonly string[], cwd: string, registry?: readonly Command[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, registry, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const relative = (s: string): string => s.split(`${cwd}/`).join('').split(cwd).join('.');
  return { code, stdout: relative(stdout), stderr: relative(stderr) };
};

const quoteArg = (a: string): string => (/^[\w.,=:/+@\-[\]]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

const exitMeaning: Readonly<Record<number, string>> = {
  [EXIT.ok]: 'success',
  [EXIT.failed]:
    'the command ran but its check failed (gradcheck above tolerance, training diverged) or an internal error (a bug: run with --debug for the stack)',
  [EXIT.usage]: 'bad usage: unknown command or flag, bad value, bad config field (its path is printed), unreadable or malformed input file, mismatched weights or checkpoint',
  [EXIT.interrupted]: 'interrupted by Ctrl-C or SIGTERM; finished work (checkpoint, finished points or cells) was saved first; a second Ctrl-C exits at once',
};

const errorSection = async (): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'tanner-cli-doc-'));
  try {
    for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(dir, name), text);
    const code = loadCode('bch-31-16');
    const config = decodeRunConfigOrThrow({ code: code.name, loss: { kd: 0 } });
    const layout = makeTrainContext(code, config, null).layout;
    writeFileSync(join(dir, 'w31.json'), JSON.stringify(toNeuralWeights(code, config.student, layout, initialParams(layout))));
    for (const argv of SETUP) {
      const r = await runCaptured(argv, dir);
      if (r.code !== EXIT.ok) throw new Error(`cli-doc setup tanner ${argv.join(' ')} failed:\n${r.stderr}`);
    }
    const out: string[] = [];
    for (const { group, examples } of ERROR_EXAMPLES) {
      out.push(`### ${group}`, '');
      for (const ex of examples) {
        const r = await runCaptured(ex.argv, dir);
        if (r.code === EXIT.ok) throw new Error(`cli-doc example tanner ${ex.argv.join(' ')} did not fail`);
        const shown = r.stderr.trimEnd().split('\n').filter((l) => l !== '' && (ex.lines ? ex.lines.test(l) : true));
        out.push(`- ${ex.situation} (exit ${r.code}):`, '', '  ```text', `  $ tanner ${ex.argv.map(quoteArg).join(' ')}`, ...shown.map((l) => `  ${l}`), '  ```', '');
      }
    }
    const broken: Command = {
      name: '<command>',
      summary: '',
      usage: '',
      flags: {},
      run: async () => {
        throw new Error('<what went wrong>');
      },
    };
    const internal = await runCaptured(['<command>'], dir, [broken]);
    out.push(
      '### A bug',
      '',
      `An error that is not the user's (exit ${internal.code}) prints its message and how to get the stack trace:`,
      '',
      '```text',
      ...internal.stderr.trimEnd().split('\n'),
      '```',
      '',
    );
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The whole of docs/cli.md. */
export const renderCliDoc = async (commands: readonly Command[]): Promise<string> => {
  const missing = commands.filter((c) => COMMAND_OUTPUTS[c.name] === undefined).map((c) => c.name);
  if (missing.length > 0) throw new Error(`cli-doc: no COMMAND_OUTPUTS entry for ${missing.join(', ')}`);
  const lines: string[] = [
    '# The command line: `tanner`',
    '',
    '<!-- Generated by scripts/gen-cli-doc.ts from src/cli (npm run docs:cli); the example messages are real output. Do not edit by hand. -->',
    '',
    '`tanner <command> [options]`; `tanner --help` lists the commands, `tanner <command> --help` (or `-h`) shows the options of one.',
    '',
    '## Conventions',
    '',
    '- **stdout** carries the result a command exists for (tables, reports, the code summary) and nothing else; **stderr** carries what it is doing (the run description, progress, resume notes) and every error. Machine-readable results go only to stdout or to the files you name (`--json`, `--csv`, `--out`).',
    '- Progress lines are rewritten in place on a terminal; otherwise at most one line every 2 s.',
    '- Errors are one line `tanner <command>: <what is wrong>` (a config lists each bad field on its own line), without a stack trace; `--debug` adds the stack.',
    '- Relative paths are read from the current folder. Writes of checkpoints and results are atomic (a temp file, fsync, rename): a kill -9 at any moment leaves the old file or the new one, never a torn one.',
    '',
    '## Exit codes',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...[EXIT.ok, EXIT.failed, EXIT.usage, EXIT.interrupted].map((c) => `| ${c} | ${exitMeaning[c]} |`),
    '',
    '## Commands',
    '',
  ];
  for (const c of commands) {
    lines.push(`### tanner ${c.name}`, '', '```text', commandHelp(c).trimEnd(), '```', '', 'Writes:', '', ...COMMAND_OUTPUTS[c.name].map((o) => `- ${o}`), '');
    if (COMMAND_INTERRUPTS[c.name]) lines.push(`On Ctrl-C or SIGTERM it ${COMMAND_INTERRUPTS[c.name]}`, '');
  }
  lines.push(
    '## Interrupting and resuming',
    '',
    'The first Ctrl-C (SIGINT) or SIGTERM asks the command to stop after the work in progress (a training step, a block of 200 frames) and prints',
    '',
    '```text',
    signalMessage('SIGINT'),
    '```',
    '',
    `then the command saves what is finished and exits with ${EXIT.interrupted}. A second Ctrl-C exits at once with ${EXIT.interrupted} (what was saved before stays valid). Every run depends only on (config, seed), never on timing or on the number of workers, so a resumed run ends with the same files as an uninterrupted one (timing fields such as \`seconds\` and \`framesPerSecond\` aside):`,
    '',
    ...Object.entries(COMMAND_INTERRUPTS).map(([name, text]) => `- \`tanner ${name}\` ${text}`),
    '',
    '## Errors you can meet',
    '',
    ...(await errorSection()),
    '## Sign and scale conventions',
    '',
    '- **LLR sign**: a channel LLR is l = log P(bit 0 | y) / P(bit 1 | y) = 2y/sigma^2, positive when bit 0 is more likely (BPSK sends bit 0 as +1). Decoders decide bit 1 iff the soft output is negative. A flipped sign is not a crash, only a BER near 1; so every channel batch is checked (`checkLlrSign`): where the channel is good enough to tell (raw bit error rate below 0.2 and at least 200 bits), more than half the LLR signs disagreeing with the sent bits stops the run with `LLR sign convention broken: ...`.',
    '- **Eb/N0 vs Es/N0**: every `--ebn0` and config Eb/N0 is the energy per *information* bit: sigma^2 = 1 / (2 R 10^(Eb/N0 / 10)) with R = k/n. Tables and JSON also report Es/N0 = Eb/N0 + 10 log10 R (energy per code symbol).',
    '- **BER over all bits or information bits**: `--ber-on all` (default, also `eval.berOn`) counts errors on all n code bits; `--ber-on info` counts the k information positions of the systematic generator (as AFF3CT does). A frame error is a frame with at least one wrong counted bit. Zero errors are reported as a one-sided 95% upper bound, never as BER 0.',
    '- **k** always comes from the GF(2) rank of H (k = n - rank), not from the number of rows: H may have dependent rows, empty rows or columns and degree-1 checks (`tanner codes info` lists them). An H of full rank (k = 0) is refused.',
    '',
    '## Numerical safeguards',
    '',
    `- Min-sum messages saturate at +-${MESSAGE_SATURATION.toExponential(0)} when no clip is set (they grow geometrically once a frame has converged, and would overflow float32 after ~1000 iterations); sum-product messages are bounded by its atanh clamp. Outputs are finite for Eb/N0 from -10 to 20 dB at any iteration count.`,
    '- Config numbers must be finite (NaN and Infinity, including `1e999` in JSON, are refused), as must every number in weights files and checkpoints (JSON writes NaN as null, which is refused too).',
    '- Training stops as diverged when the loss, a gradient or an updated weight is not finite; the checkpoint and weights.json keep the last good step, never NaN. A weights file records its code (n, k, edges and a fingerprint of H) and is refused on any other code.',
    '',
  );
  return lines.join('\n');
};
