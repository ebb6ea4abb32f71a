/**
 * Write docs/benchmarks.md's generated tables from bench/results.json and
 * bench/memory.json (`npm run bench` runs it after the suite).
 *
 *   node --import tsx scripts/bench-table.ts           # rewrite the doc
 *   node --import tsx scripts/bench-table.ts --check   # exit 1 if the doc is out of date
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchFile, benchTable, MemoryFile, memoryTable, replaceSection } from '../src/bench/table.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const docPath = join(repoRoot, 'docs', 'benchmarks.md');

/** docs/benchmarks.md as the JSON files say it should be. */
export const renderBenchDoc = (): string => {
  let doc = readFileSync(docPath, 'utf8');
  const results = JSON.parse(readFileSync(join(repoRoot, 'bench', 'results.json'), 'utf8')) as BenchFile;
  doc = replaceSection(doc, 'bench-suite', benchTable(results));
  const memoryPath = join(repoRoot, 'bench', 'memory.json');
  if (existsSync(memoryPath)) doc = replaceSection(doc, 'bench-memory', memoryTable(JSON.parse(readFileSync(memoryPath, 'utf8')) as MemoryFile));
  return doc;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const want = renderBenchDoc();
  if (process.argv.includes('--check')) {
    if (want !== readFileSync(docPath, 'utf8')) {
      process.stderr.write('docs/benchmarks.md is out of date with bench/results.json: run npm run bench:table\n');
      process.exitCode = 1;
    }
  } else writeFileSync(docPath, want);
}
