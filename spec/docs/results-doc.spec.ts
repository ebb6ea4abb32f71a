import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { markdownReport } from '../../src/experiments/report.js';
import { readmePath, readRun, renderResultsDoc, RESULT_BLOCKS, resultsDir, resultsDocPath } from '../../scripts/results-doc.js';

/**
 * docs/results.md is only as good as its link to the measured runs: every
 * table in it is regenerated here from docs/results/<run>/results.json and
 * must be what the doc says, and each run's report.md must be the rendering
 * of its results.json.
 */
describe('docs/results.md and docs/results/', () => {
  const doc = readFileSync(resultsDocPath, 'utf8');
  const runs = readdirSync(resultsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it('every generated table is current (regenerate: node --import tsx scripts/results-doc.ts)', () => {
    assert.equal(doc, renderResultsDoc(doc));
  });

  it("the README's summary table is current", () => {
    const readme = readFileSync(readmePath, 'utf8');
    assert.ok(readme.includes('<!-- results:readme-summary:begin -->'));
    assert.equal(readme, renderResultsDoc(readme));
  });

  it('every table block of the generator is in the doc, and every run it reads is committed', () => {
    for (const [name, block] of Object.entries(RESULT_BLOCKS)) {
      assert.ok(doc.includes(`<!-- results:${name}:begin -->`), `block ${name}`);
      for (const run of block.runs) assert.ok(existsSync(join(resultsDir, run, 'results.json')), `${run}/results.json`);
    }
    assert.ok(doc.includes('<!-- results:commands:begin -->'));
  });

  for (const run of runs) {
    it(`${run}: report.md is the rendering of results.json, and the run is complete`, () => {
      const r = readRun(join(resultsDir, run, 'results.json'));
      assert.equal(r.complete, true);
      assert.ok(r.variants.length >= 2 && r.seeds.length >= 1);
      assert.equal(readFileSync(join(resultsDir, run, 'report.md'), 'utf8'), markdownReport(r));
      for (const f of ['ber.svg', 'gain.svg', 'points.csv']) assert.ok(existsSync(join(resultsDir, run, f)), f);
    });
  }

  it('every image the doc shows exists', () => {
    for (const m of doc.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(existsSync(join(resultsDocPath, '..', m[1])), m[1]);
  });
});
