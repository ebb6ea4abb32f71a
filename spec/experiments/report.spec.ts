import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gainSvg, markdownReport, POINTS_CSV_HEADERS, pointsCsv, sortedGains, textReport } from '../../src/experiments/report.js';
import { parseCsv } from '../../src/report/csv.js';
import { parseExperimentResults } from '../../src/experiments/results.js';
import { UserError } from '../../src/util/errors.js';
import { logLinearCurve, point, results, run, variant } from './synthetic.js';
import { zeroErrorUpperBound } from '../../src/sim/stats.js';

const XS = [3, 4, 5, 6];
/** A curve shifted left by g dB from the CE-only curve (log10 BER = 0.2 - 0.8 x): gain g over CE-only. */
const shifted = (g: number) => logLinearCurve(0.2 - 0.8 * g, 0.8, XS);
/** The CE-only curve counted on few bits: its intervals overlap CE-only's. */
const noisyCopy = XS.map((x) => {
  const ber = 10 ** (0.2 - 0.8 * x);
  return point(x, Math.round(ber * 40_000), 40_000, Math.round(10 * ber * 200), 200);
});

const r = results([
  variant('ms5', 'min-sum T=5', 'baseline', [run(1, shifted(-0.2)), run(2, shifted(-0.2))]),
  variant('ce', 'CE only', 'trained', [run(1, shifted(0)), run(2, shifted(0))]),
  variant('small', 'small gain', 'trained', [run(1, shifted(0.1)), run(2, shifted(0.2))]),
  variant('big', 'big gain', 'trained', [run(1, shifted(0.7)), run(2, shifted(0.9))]),
  variant('flat', 'same as noise', 'trained', [run(1, noisyCopy)]),
]);

describe('experiment report', () => {
  it('points.csv has a row per (variant, seed, point) with the raw counts, quoted where a label needs it', () => {
    const rows = parseCsv(pointsCsv(r));
    assert.deepEqual(rows[0], [...POINTS_CSV_HEADERS]);
    const body = rows.slice(1);
    const expected = r.variants.flatMap((v) => v.runs.flatMap((run) => run.points.map((p) => ({ v, run, p }))));
    assert.equal(body.length, expected.length);
    body.forEach((row, i) => {
      const { v, run, p } = expected[i];
      assert.deepEqual([row[0], row[1], Number(row[2]), Number(row[3])], [v.id, v.label, run.seed, p.ebn0Db]);
      assert.deepEqual([Number(row[5]), Number(row[7]), Number(row[8]), Number(row[9])], [p.frames, p.bitErrors, p.frameErrors, p.ber]);
    });
  });

  it('points.csv reports a point without errors as upper bounds, with ber and fer empty (never 0)', () => {
    const zero = { ...point(7, 0, 630_000, 0, 10_000), berUpperBound: zeroErrorUpperBound(630_000), ferUpperBound: zeroErrorUpperBound(10_000) };
    const legacy = point(8, 0, 630_000, 0, 10_000); // no upper bounds stored (berUpperBound null): computed from the counts
    const withErrors = point(6, 12, 630_000, 3, 10_000);
    const rows = parseCsv(pointsCsv(results([variant('ms5', 'min-sum T=5', 'baseline', [run(1, [withErrors, zero, legacy])])])));
    const col = (name: (typeof POINTS_CSV_HEADERS)[number]): number => rows[0].indexOf(name);
    for (const name of ['ber', 'berUpperBound', 'fer', 'ferUpperBound'] as const) assert.ok(col(name) >= 0, name);
    const [errRow, zeroRow, legacyRow] = rows.slice(1);
    assert.equal(Number(errRow[col('ber')]), withErrors.ber);
    assert.equal(Number(errRow[col('fer')]), withErrors.fer);
    assert.deepEqual([errRow[col('berUpperBound')], errRow[col('ferUpperBound')]], ['', '']);
    for (const row of [zeroRow, legacyRow]) {
      assert.deepEqual([row[col('ber')], row[col('fer')]], ['', ''], 'no BER/FER of 0');
      assert.equal(Number(row[col('berUpperBound')]), zeroErrorUpperBound(630_000));
      assert.equal(Number(row[col('ferUpperBound')]), zeroErrorUpperBound(10_000));
    }
  });

  it('sorts the gains over CE-only by gain, best first, headline target first', () => {
    const rows = sortedGains(r, 'ce');
    assert.deepEqual(
      rows.map((g) => `${g.variantId}@${g.targetBer}`),
      ['big@0.0001', 'small@0.0001', 'flat@0.0001', 'big@0.001', 'small@0.001', 'flat@0.001'],
    );
    const md = markdownReport(r);
    const section = md.slice(md.indexOf('## Gain over the CE-only'), md.indexOf('## Gain over plain min-sum'));
    assert.ok(section.indexOf('big gain') < section.indexOf('small gain'), 'big gain listed before small gain');
    assert.match(section, /\| big gain \| 1e-4 \| \+0\.[78]\d dB \| \+0\.80 dB \| \+0\.70 dB \.\. \+0\.90 dB \| 2\/2 \|/);
  });

  it('says "no measurable difference" for a variant whose intervals overlap, and not a gain', () => {
    const md = markdownReport(r);
    assert.match(md, /\| same as noise \| 1e-4 \| no measurable difference/);
    assert.doesNotMatch(md, /\| same as noise \| 1e-4 \| [+-]\d/);
  });

  it('names both baselines and explains the statistics', () => {
    const md = markdownReport(r);
    assert.match(md, /## Gain over the CE-only student/);
    assert.match(md, /## Gain over plain min-sum T=5/);
    for (const phrase of ['Wilson', 'not\\*\\* independent', 'log10 BER', 'two-proportion z-test', 'No measurable difference', '-ln\\(BER\\)']) {
      assert.match(md, new RegExp(phrase), phrase);
    }
    assert.match(md, /!\[Gain per variant\]\(gain\.svg\)/);
    assert.match(textReport(r), /Gain over the CE-only student/);
  });

  it('gain.svg draws one bar per trained variant over CE-only, sorted, the flagged one marked', () => {
    const svg = gainSvg(r);
    assert.match(svg, /^<svg/);
    const order = ['big gain', 'small gain', 'same as noise (n.s.)'].map((l) => svg.indexOf(`>${l}<`));
    assert.ok(order.every((i) => i > 0), `labels ${order}`);
    assert.ok(order[0] < order[1] && order[1] < order[2]);
    assert.doesNotMatch(svg, />CE only</, 'the baseline is not a bar');
  });

  it('is a function of results.json alone: a JSON round trip renders the same report', () => {
    const back = parseExperimentResults(JSON.parse(JSON.stringify(r)), 'results.json');
    assert.equal(markdownReport(back), markdownReport(r));
    assert.equal(gainSvg(back), gainSvg(r));
  });

  it('rejects a file that is not a results file, saying what is wrong', () => {
    assert.throws(() => parseExperimentResults({ format: 'x' }, 'f.json'), (e: unknown) => e instanceof UserError && /f\.json.*"format"/.test(e.message));
    const broken = JSON.parse(JSON.stringify(r));
    delete broken.variants[1].runs[0].points[2].bitErrors;
    assert.throws(() => parseExperimentResults(broken, 'f.json'), /variants\[1\]\.runs\[0\]\.points\[2\]/);
  });
});
