/**
 * docs/benchmarks.md's suite tables are rendered from bench/results.json and
 * bench/memory.json; the doc must be what the files say (npm run bench:table).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { benchTable, fmtBench, replaceSection } from '../../src/bench/table.js';
import { renderBenchDoc, repoRoot } from '../../scripts/bench-table.js';

describe('benchmark tables', () => {
  it('renders each result with its unit and, where the issue sets one, the target and whether it is met', () => {
    const table = benchTable({
      format: 'tanner-bench/1',
      date: '2026-12-04T10:00:00.000Z',
      machine: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', loadAverage1m: 0.5 },
      machineAtEnd: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', loadAverage1m: 1.25 },
      quick: false,
      results: [
        { name: 'decode/ms/bch-63-45/T5', unit: 'frames/s', value: 261_234 },
        { name: 'train/step/bch-63-45/B120', unit: 'ms', value: 46.41 },
        { name: 'decode/ms/bch-63-45/T5/edges', unit: 'edge-updates/s', value: 5.64e8 },
      ],
    });
    assert.match(table, /^Run: 2026-12-04, Test CPU, 2 cores, node v20\.0\.0; 1-minute load average 0\.5 at the start, 1\.25 at the end\./);
    assert.match(table, /\| decode\/ms\/bch-63-45\/T5 \| 261k \| frames\/s \| >= 250k: met \|/);
    assert.match(table, /\| train\/step\/bch-63-45\/B120 \| 46\.4 \| ms \| <= 15\.0: \*\*not met\*\* \|/);
    assert.match(table, /\| decode\/ms\/bch-63-45\/T5\/edges \| 564M \| edge-updates\/s \| {2}\|/);
  });

  it('formats to 3 significant digits', () => {
    assert.deepEqual([0.01234, 2.469, 46.41, 1234.5, 18_123, 2.44e7].map(fmtBench), ['0.0123', '2.47', '46.4', '1235', '18.1k', '24.4M']);
  });

  it('replaces only the text between the markers, and refuses a doc without them', () => {
    const doc = 'a\n<!-- t:begin -->\nold\n<!-- t:end -->\nb\n';
    assert.equal(replaceSection(doc, 't', 'new'), 'a\n<!-- t:begin -->\nnew\n<!-- t:end -->\nb\n');
    assert.throws(() => replaceSection('a\n', 't', 'x'), /markers/);
  });

  it('docs/benchmarks.md shows what bench/results.json and bench/memory.json hold', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'benchmarks.md'), 'utf8');
    assert.ok(doc === renderBenchDoc(), 'docs/benchmarks.md is out of date with bench/*.json: run npm run bench:table');
  });
});
