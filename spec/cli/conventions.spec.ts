import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, commandHelp, EXIT, joinNegativeValues } from '../../src/cli/command.js';
import { loadCommands } from '../../src/cli/registry.js';
import { runMain } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-conv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const commands = await loadCommands();

/** A stack trace line as V8 prints it. */
const STACK_LINE = /^\s+at /m;

describe('--help for every command of the registry', () => {
  it('the registry lists each command once, and tanner --help lists them all', async () => {
    const names = commands.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    const top = await runMain(['--help']);
    assert.equal(top.code, EXIT.ok);
    for (const c of commands) assert.match(top.stdout, new RegExp(`^  ${c.name} +${c.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });

  for (const c of commands) {
    for (const flag of ['--help', '-h']) {
      it(`tanner ${c.name} ${flag}: usage and every flag on stdout, exit 0, nothing on stderr`, async () => {
        const r = await runMain([c.name, flag]);
        assert.equal(r.code, EXIT.ok);
        assert.equal(r.stderr, '');
        assert.equal(r.stdout, commandHelp(c));
        assert.ok(r.stdout.startsWith(`tanner ${c.name}: ${c.summary}\n`));
        assert.match(r.stdout, new RegExp(`^Usage: tanner ${c.name} `, 'm'));
        for (const name of [...Object.keys(c.flags), 'help', 'debug']) assert.match(r.stdout, new RegExp(`--${name}\\b`), `--${name}`);
      });
    }
  }
});

describe('errors go to stderr as one line, without a stack trace unless --debug', () => {
  /** A bad invocation of each command and what its message must say. */
  const bad: ReadonlyArray<readonly [string[], RegExp]> = [
    [['ber', '--frobnicate'], /^tanner ber: Unknown option '--frobnicate'\. See: tanner ber --help$/],
    [['ber', '--ebn0', '4,x'], /^tanner ber: --ebn0: "x" is not a number$/],
    [['train'], /^tanner train: --out <folder> is required$/],
    [['train', '--out', 'o', '--set', 'loss.pKd=-1'], /^tanner train: invalid config:$/],
    [['ablate', '--variants', 'ms5,nope', '--out', 'a'], /^tanner ablate: --variants: unknown variant "nope"/],
    [['reproduce', '--config', 'missing.json'], /^tanner reproduce: config file not found: .*missing\.json$/],
    [['report'], /^tanner report: expected one run folder \(containing results\.json\), got 0 arguments$/],
    [['merge'], /^tanner merge: expected the part files of every shard/],
    [['gradcheck', '--iters', '0'], /^tanner gradcheck: --iters: expected an integer >= 1, got 0$/],
    [['codes', 'info', 'no-such-code'], /^tanner codes: code 'no-such-code' is neither a built-in code name nor an existing file/],
    [['ber', '--max-frames', '1e99'], /^tanner ber: --max-frames: 1e\+99 is too large \(at most 2\^53 - 1 = 9007199254740991\)$/],
    [['ber', '--ebn0', '-x'], /^tanner ber: Option '--ebn0' argument is ambiguous/],
    [['bench', 'extra'], /^tanner bench: Unexpected argument 'extra'\. This command does not take positional arguments\. See: tanner bench --help$/],
  ];
  for (const [argv, message] of bad) {
    it(`tanner ${argv.join(' ')}`, async () => {
      const cwdBefore = process.cwd();
      process.chdir(dir);
      try {
        const r = await runMain(argv);
        assert.equal(r.code, EXIT.usage, r.stderr);
        assert.equal(r.stdout, '', 'nothing on stdout');
        const [first] = r.stderr.split('\n');
        assert.match(first, message);
        assert.doesNotMatch(r.stderr, STACK_LINE);
        assert.doesNotMatch(r.stderr, new RegExp(`tanner ${argv[0]}: tanner`), 'the prefix is not repeated');
        const debug = await runMain([...argv, '--debug']);
        assert.equal(debug.code, EXIT.usage);
        assert.equal(debug.stderr.split('\n')[0], first, '--debug prints the same message first');
        assert.match(debug.stderr, STACK_LINE, '--debug adds the stack');
      } finally {
        process.chdir(cwdBefore);
      }
    });
  }

  it('config errors list every bad field on its own line after the first', async () => {
    const r = await runMain(['train', '--out', join(dir, 'x'), '--set', 'loss.pKd=-1', '--set', 'train.lr=NaN']);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.stderr, 'tanner train: invalid config:\nloss.pKd: expected a number > 0, got -1\ntrain.lr: expected a number > 0, got NaN\n');
  });

  it('an unknown command exits 2 and names the commands', async () => {
    const r = await runMain(['trian']);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.stderr, `tanner: unknown command "trian". Commands: ${commands.map((c) => c.name).join(', ')}\n`);
  });

  it('an internal error (a bug) exits 1 with its message and a hint; --debug shows the stack', async () => {
    const broken: Command = {
      name: 'broken',
      summary: 'fails',
      usage: '',
      flags: {},
      run: async () => {
        throw new TypeError('boom');
      },
    };
    const r = await runMain(['broken'], [broken]);
    assert.equal(r.code, EXIT.failed);
    assert.equal(r.stderr, 'tanner broken: internal error: boom\n(run again with --debug for the stack trace)\n');
    const d = await runMain(['broken', '--debug'], [broken]);
    assert.equal(d.code, EXIT.failed);
    assert.match(d.stderr, /^tanner broken: internal error: boom\nTypeError: boom\n\s+at /);
  });
});

describe('negative numbers as flag values', () => {
  it('joinNegativeValues joins a value flag with a following negative number, nothing else', () => {
    const flags = new Set(['--ebn0', '--alpha']);
    assert.deepEqual(joinNegativeValues(['--ebn0', '-2', '--alpha', '-.5', '--early-stop', '-h'], flags), ['--ebn0=-2', '--alpha=-.5', '--early-stop', '-h']);
    assert.deepEqual(joinNegativeValues(['--ebn0', '-2:1:0', '--', '--alpha', '-1'], flags), ['--ebn0=-2:1:0', '--', '--alpha', '-1']);
    assert.deepEqual(joinNegativeValues(['--ebn0', '-x', '--seed', '-1'], flags), ['--ebn0', '-x', '--seed', '-1']);
  });

  it('tanner ber --ebn0 -2:1:-1 simulates the negative points', async () => {
    const r = await runMain(['ber', '--code', 'bch-31-16', '--ebn0', '-2:1:-1', '--max-frames', '100', '--workers', '1']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stdout, /^\s*-2\.00\s/m);
    assert.match(r.stdout, /^\s*-1\.00\s/m);
  });
});

describe('machine-readable output goes to stdout or to the files asked for, nothing else', () => {
  it('tanner codes info --json: the summary on stdout, the JSON in the named file only, stderr empty', async () => {
    const out = mkdtempSync(join(dir, 'codes-'));
    const r = await runMain(['codes', 'info', 'bch-31-16', '--json', join(out, 'info.json')]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /n 31 {2}k 16/);
    assert.deepEqual(readdirSync(out), ['info.json']);
    assert.equal(JSON.parse(readFileSync(join(out, 'info.json'), 'utf8')).k, 16);
  });

  it('tanner ber: the table on stdout, the run description on stderr, JSON and CSV only where asked', async () => {
    const out = mkdtempSync(join(dir, 'ber-'));
    const r = await runMain(['ber', '--code', 'bch-31-16', '--ebn0', '3', '--max-frames', '200', '--workers', '1', '--json', join(out, 'r.json'), '--csv', join(out, 'r.csv')]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, 'header, rule and one point');
    assert.match(lines[0], /^Eb\/N0\s+Es\/N0\s+frames/);
    assert.match(r.stderr, /^tanner ber: bch-31-16 \(n=31, k=16, E=\d+\)/);
    assert.doesNotMatch(r.stdout, /tanner ber:/);
    assert.deepEqual(readdirSync(out).sort(), ['r.csv', 'r.json']);
    assert.equal(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).format, 'tanner-ber/1');
  });
});
