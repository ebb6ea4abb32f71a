// One Markdown table over several finished sweeps/ablations: for every trained
// variant, its gain over the CE-only student at each target BER (pooled and the
// per-seed range) and its FER ratio to CE-only at chosen Eb/N0 points, with the
// same statistics as report.md (src/experiments/gain.ts). docs/results.md's
// search tables are made with it.
// Usage: node --import tsx scripts/sweep-table.ts [--fer-at 6,7] a/results.json [b/results.json ...]
import { readFileSync } from 'node:fs';
import { CE_BASELINE_ID, ferComparisons, gainSummary } from '../src/experiments/gain.js';
import { pooledCurve } from '../src/experiments/pooled.js';
import { gainVerdict, targetBersOf } from '../src/experiments/report.js';
import { parseExperimentResults } from '../src/experiments/results.js';
import { markdownTable } from '../src/report/table.js';

const args = process.argv.slice(2);
const ferAtIndex = args.indexOf('--fer-at');
const ferAt = ferAtIndex >= 0 ? args.splice(ferAtIndex, 2)[1].split(',').map(Number) : [6, 7];
if (args.length === 0) {
  process.stderr.write('usage: node --import tsx scripts/sweep-table.ts [--fer-at 6,7] results.json ...\n');
  process.exit(2);
}

const db = (x: number | null): string => (x === null ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
const rows: string[][] = [];
let headers: string[] = [];
for (const file of args) {
  const r = parseExperimentResults(JSON.parse(readFileSync(file, 'utf8')), file);
  const base = r.variants.find((v) => v.id === CE_BASELINE_ID);
  if (!base) throw new Error(`${file}: no CE-only variant to compare with`);
  const targets = targetBersOf(r);
  headers = [
    'variant',
    ...targets.flatMap((t) => [`gain @${t.toExponential(0)} [dB]`, 'per seed']),
    ...ferAt.map((x) => `FER / CE-only @${x} dB`),
    'seeds',
  ];
  for (const v of r.variants.filter((x) => x.kind === 'trained' && x.id !== CE_BASELINE_ID)) {
    const gains = targets.map((t) => gainSummary(v, base, t));
    const fer = ferComparisons(pooledCurve(v), pooledCurve(base));
    rows.push([
      v.label,
      ...gains.flatMap((g) => [
        g.pooledGainDb === null ? gainVerdict(g) : g.noMeasurableDifference ? `n.s. (${db(g.pooledGainDb)})` : db(g.pooledGainDb),
        g.seedSpread.count === 0 ? '-' : `${db(g.seedSpread.min)} .. ${db(g.seedSpread.max)}`,
      ]),
      ...ferAt.map((x) => {
        const c = fer.find((f) => f.ebn0Db === x);
        return c?.ratio == null ? '-' : `${c.ratio.toFixed(2)}${c.significant ? ' *' : ''}`;
      }),
      String(v.runs.length),
    ]);
  }
}
process.stdout.write(markdownTable(headers, rows) + '\n');
