import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/command.js';
import { REPRODUCE_CONFIG, REPRODUCE_VARIANTS } from '../../src/experiments/reproduce-config.js';
import { ExperimentResults } from '../../src/experiments/results.js';
import { runMain } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-reproduce-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The main job (`npm start` = `tanner reproduce`) at a tiny budget: the same
 * command, code, variants and outputs as the real run, with flags shrinking
 * training and evaluation. The full run's numbers are in docs/results.md.
 */
describe('tanner reproduce (the main job, tiny budget)', () => {
  it('trains the students, evaluates every variant and writes the table, results.json, report.md and ber.svg', async () => {
    const out = join(dir, 'run');
    const argv = [
      'reproduce', '--out', out, '--seeds', '1', '--steps', '4', '--workers', '1',
      '--set', 'eval.ebn0Db=[4,5,6]', '--set', 'eval.maxFrames=600', '--set', 'train.checkpointEvery=0',
    ];
    const r = await runMain(argv);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.equal(REPRODUCE_CONFIG.code, 'bch-63-45');
    // the table on stdout: BER, FER and -ln(BER) at 4, 5, 6 dB for every variant
    assert.match(r.stdout, /^Reproduction \(Nachmani & Be'ery 2022\): bch-63-45 \(n=63, k=45\)$/m);
    for (const header of [/^BER\s+4 dB\s+5 dB\s+6 dB$/m, /^FER\s+4 dB\s+5 dB\s+6 dB$/m, /^-ln\(BER\)\s+4 dB\s+5 dB\s+6 dB$/m]) assert.match(r.stdout, header);
    for (const label of ['min-sum T=5', 'teacher (min-sum T=30)', 'CE only (neural BP baseline)', "the paper's literal settings", 'CE + KD + sparse (method)']) {
      assert.ok(r.stdout.includes(label), label);
    }
    for (const f of ['results.json', 'report.md', 'ber.svg', 'points.csv']) assert.ok(existsSync(join(out, f)), f);
    const res: ExperimentResults = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.equal(res.complete, true);
    assert.deepEqual(res.variants.map((v) => v.id), [...REPRODUCE_VARIANTS]);
    for (const v of res.variants) {
      assert.deepEqual(v.runs[0].points.map((p) => p.ebn0Db), [4, 5, 6]);
      assert.ok(v.runs[0].points.every((p) => p.frames > 0), v.id);
    }
    // guard: errors occurred (the table is made of measured counts, not zeros)
    assert.ok(res.variants.every((v) => v.runs[0].points[0].frameErrors > 0), 'frame errors at 4 dB for every variant');
    const svg = readFileSync(join(out, 'ber.svg'), 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
