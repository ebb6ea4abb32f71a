import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/command.js';
import { loadCode } from '../../src/codes/builtin.js';
import { randomNeuralWeights } from '../../src/bench/decode.js';
import { parseCsv } from '../../src/report/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-ber-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Run the CLI with its text output captured. Binary chunks are passed through:
 * they are the test runner's own event stream, which shares this process's stdout.
 */
const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
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
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
};

describe('tanner ber', () => {
  it('writes a table and a JSON file with the documented fields', async () => {
    const json = join(dir, 'out.json');
    const csv = join(dir, 'out.csv');
    const r = await run(['ber', '--code', 'bch-63-45', '--decoder', 'ms', '--iters', '5', '--ebn0', '2:1:3', '--max-frames', '300', '--seed', '3', '--json', json, '--csv', csv]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stdout, /Eb\/N0\s+Es\/N0\s+frames/);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    assert.deepEqual(out.code, { name: 'bch-63-45', n: 63, k: 45, edges: 432 });
    assert.equal(out.decoder.kind, 'ms');
    assert.equal(out.decoder.iterations, 5);
    assert.equal(out.seed, 3);
    assert.deepEqual(out.points.map((p: { ebn0Db: number }) => p.ebn0Db), [2, 3]);
    for (const p of out.points) {
      for (const f of ['ebn0Db', 'esn0Db', 'frames', 'bitErrors', 'frameErrors', 'ber', 'fer']) assert.equal(typeof p[f], 'number', f);
      assert.ok(p.frames > 0 && p.frames <= 300);
      assert.ok(p.frameErrors > 0, 'guard: errors at 2-3 dB');
      assert.equal(p.ber, p.bitErrors / (p.frames * 63));
      assert.equal(p.fer, p.frameErrors / p.frames);
      assert.ok(p.berCi[0] <= p.ber && p.ber <= p.berCi[1]);
      assert.ok(p.ferCi[0] <= p.fer && p.fer <= p.ferCi[1]);
      assert.ok(Math.abs(p.esn0Db - (p.ebn0Db + 10 * Math.log10(45 / 63))) < 1e-12);
    }
    assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 3);
    // same flags, same seed: identical counts
    const json2 = join(dir, 'out2.json');
    await run(['ber', '--code', 'bch-63-45', '--ebn0', '2:1:3', '--max-frames', '300', '--seed', '3', '--json', json2]);
    const again = JSON.parse(readFileSync(json2, 'utf8'));
    assert.deepEqual(again.points.map((p: { bitErrors: number }) => p.bitErrors), out.points.map((p: { bitErrors: number }) => p.bitErrors));
  });

  it('writes a point without errors to the CSV as upper bounds, with ber and fer empty (never 0)', async () => {
    const json = join(dir, 'clean.json');
    const csv = join(dir, 'clean.csv');
    const r = await run(['ber', '--code', 'bch-31-16', '--ebn0', '3,12', '--max-frames', '200', '--seed', '1', '--workers', '1', '--json', json, '--csv', csv]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const points = JSON.parse(readFileSync(json, 'utf8')).points;
    assert.ok(points[0].bitErrors > 0, 'guard: errors at 3 dB');
    assert.equal(points[1].frameErrors, 0, 'guard: no error at 12 dB');
    const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
    const cell = (row: string[], name: string): string => {
      assert.ok(header.includes(name), `column ${name}`);
      return row[header.indexOf(name)];
    };
    assert.equal(Number(cell(rows[0], 'ber')), points[0].ber);
    assert.equal(Number(cell(rows[0], 'fer')), points[0].fer);
    assert.deepEqual([cell(rows[0], 'ber_upper_bound'), cell(rows[0], 'fer_upper_bound')], ['', '']);
    assert.deepEqual([cell(rows[1], 'ber'), cell(rows[1], 'fer')], ['', ''], 'no BER/FER of 0');
    assert.equal(Number(cell(rows[1], 'ber_upper_bound')), points[1].berUpperBound);
    assert.equal(Number(cell(rows[1], 'fer_upper_bound')), points[1].ferUpperBound);
    assert.ok(points[1].berUpperBound > 0 && points[1].ferUpperBound > 0);
    assert.match(r.stdout, /< \d/, 'the table shows the bound as "< x"');
  });

  it('runs a neural decoder from a weights file', async () => {
    const weights = join(dir, 'w.json');
    writeFileSync(weights, JSON.stringify(randomNeuralWeights(loadCode('bch-63-45'), 3)));
    const json = join(dir, 'neural.json');
    const r = await run(['ber', '--decoder', 'neural', '--weights', weights, '--ebn0', '4', '--max-frames', '200', '--json', json]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(out.decoder.kind, 'neural');
    assert.equal(out.decoder.iterations, 3);
  });

  const bad: [string, string[], RegExp][] = [
    ['unknown decoder', ['--decoder', 'bp'], /--decoder/],
    ['bad Eb/N0 list', ['--ebn0', '4,x'], /--ebn0/],
    ['non-integer frame cap', ['--max-frames', '1.5'], /--max-frames/],
    ['alpha without nms', ['--alpha', '0.7'], /--alpha/],
    ['neural without weights', ['--decoder', 'neural'], /--weights/],
    ['unknown code', ['--code', 'no-such-code'], /no-such-code/],
    ['unknown flag', ['--frobnicate'], /frobnicate/],
  ];
  for (const [what, flags, message] of bad) {
    it(`exits 2 on ${what}`, async () => {
      const r = await run(['ber', '--max-frames', '10', ...flags]);
      assert.equal(r.code, EXIT.usage);
      assert.match(r.stderr, message);
    });
  }
});

describe('tanner codes', () => {
  it('lists the built-in codes and describes one', async () => {
    const list = await run(['codes', 'list']);
    assert.equal(list.code, EXIT.ok);
    assert.match(list.stdout, /wimax-576-288\s+576\s+288/);
    const info = await run(['codes', 'info', 'bch-63-45']);
    assert.equal(info.code, EXIT.ok);
    assert.match(info.stdout, /E 432/);
    assert.equal((await run(['codes', 'frob'])).code, EXIT.usage);
  });
});
