// The tables of docs/results.md, generated from the committed run results
// (docs/results/<run>/results.json), so that no number in them is typed by
// hand. Each table sits between `<!-- results:<run>:begin -->` and
// `<!-- results:<run>:end -->`; spec/docs/results-doc.spec.ts fails when a
// table disagrees with its results.json.
//
//   node --import tsx scripts/results-doc.ts            rewrite the tables in docs/results.md and the README's summary
//   node --import tsx scripts/results-doc.ts a.json ..  print the sweep table of finished runs (any folders)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CE_BASELINE_ID, ferComparisons, gainSummary, MS_BASELINE_ID } from '../src/experiments/gain.js';
import { pooledCurve } from '../src/experiments/pooled.js';
import { gainVerdict, targetBersOf } from '../src/experiments/report.js';
import { ExperimentResults, parseExperimentResults, VariantResult } from '../src/experiments/results.js';
import { fmtSci, markdownTable } from '../src/report/table.js';
import { negLnBer } from '../src/sim/stats.js';
import { packageRoot } from '../src/util/package-root.js';

export const resultsDir = join(packageRoot(), 'docs', 'results');
export const resultsDocPath = join(packageRoot(), 'docs', 'results.md');
export const readmePath = join(packageRoot(), 'README.md');

const db = (x: number | null): string => (x === null ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

/** A run's results.json, parsed and checked. */
export const readRun = (file: string): ExperimentResults => parseExperimentResults(JSON.parse(readFileSync(file, 'utf8')), file);

const variantOf = (r: ExperimentResults, id: string): VariantResult | undefined => r.variants.find((v) => v.id === id);

/** "+0.12 (+0.10 .. +0.13)", or the verdict when there is no measurable difference or no crossing. */
const gainCell = (v: VariantResult, base: VariantResult | undefined, target: number): string => {
  if (!base || v.id === base.id) return '';
  const g = gainSummary(v, base, target);
  if (g.pooledGainDb === null) return g.seedSpread.count === 0 ? 'no crossing' : `no crossing (${g.seedSpread.count}/${v.runs.length} seeds)`;
  const range = g.seedSpread.count === 0 ? '' : ` (${db(g.seedSpread.min)} .. ${db(g.seedSpread.max)})`;
  return g.noMeasurableDifference ? `n.s. ${db(g.pooledGainDb)}${range}` : `${db(g.pooledGainDb)}${range}`;
};

/** "0.73 *" (ratio, and `*` when significant), or '-' where a ratio is undefined. */
const ferCell = (comparisons: ReturnType<typeof ferComparisons>, ebn0Db: number): string => {
  const c = comparisons.find((f) => f.ebn0Db === ebn0Db);
  return c?.ratio == null ? '-' : `${c.ratio.toFixed(2)}${c.significant ? ' *' : ''}`;
};

/** Target BERs of the ablation tables: against CE-only down to 1e-6 (the high-SNR end), against min-sum where it gets. */
const CE_TARGETS = [1e-3, 1e-4, 1e-6] as const;
const MS_TARGETS = [1e-3, 1e-4] as const;

/**
 * The ablation of one code in two tables: BER per Eb/N0 (seeds pooled) with
 * -ln(BER) at 4, 5, 6 dB; and per trained variant the gains in dB over the
 * CE-only student and over min-sum T=5 at target BERs, with the FER ratio to
 * CE-only at the four highest Eb/N0 points.
 */
export const ablationTables = (r: ExperimentResults): string => {
  const xs = [...new Set(r.variants.flatMap((v) => v.runs.flatMap((run) => run.points.map((p) => p.ebn0Db))))].sort((a, b) => a - b);
  const berRows = r.variants.map((v) => {
    const pooled = pooledCurve(v);
    const at = (x: number) => pooled.find((p) => p.ebn0Db === x);
    return [
      v.label,
      ...xs.map((x) => {
        const p = at(x);
        return !p ? '-' : p.berUpperBound !== null ? `< ${fmtSci(p.berUpperBound, 1)}` : fmtSci(p.ber, 2);
      }),
      ...[4, 5, 6].map((x) => {
        const p = at(x);
        return !p || p.bitErrors === 0 ? '-' : negLnBer(p.ber).toFixed(2);
      }),
    ];
  });
  const ce = variantOf(r, CE_BASELINE_ID);
  const ms = variantOf(r, MS_BASELINE_ID);
  const ferAt = xs.slice(-4);
  const gainRows = r.variants
    .filter((v) => v.kind === 'trained')
    .map((v) => {
      const fer = ce ? ferComparisons(pooledCurve(v), pooledCurve(ce)) : [];
      return [
        v.label,
        ...CE_TARGETS.map((t) => gainCell(v, ce, t)),
        ...MS_TARGETS.map((t) => gainCell(v, ms, t)),
        ...ferAt.map((x) => (v.id === CE_BASELINE_ID ? '1' : ferCell(fer, x))),
      ];
    });
  return [
    markdownTable(['BER (3 seeds pooled)', ...xs.map((x) => `${x} dB`), '-ln 4 dB', '-ln 5 dB', '-ln 6 dB'], berRows),
    '',
    markdownTable(
      [
        'trained variant',
        ...CE_TARGETS.map((t) => `over CE-only @${fmtSci(t, 0)} [dB]`),
        ...MS_TARGETS.map((t) => `over min-sum T=5 @${fmtSci(t, 0)} [dB]`),
        ...ferAt.map((x) => `FER / CE-only @${x} dB`),
      ],
      gainRows,
    ),
  ].join('\n');
};

/**
 * One row per trained variant of each run (sweeps, or ablations), against the
 * run's own CE-only student: the gain at each target BER (pooled, and the
 * per-seed range) and the FER ratio at the given Eb/N0 points.
 */
export const sweepTable = (runs: readonly ExperimentResults[], ferAt: readonly number[] = [6, 7, 8]): string => {
  const rows: string[][] = [];
  let targets: readonly number[] = [];
  // a label found in several runs (the same arm at other budgets) gets its step count
  const labels = runs.flatMap((r) => r.variants.map((v) => v.label));
  const labelOf = (v: VariantResult) => (labels.filter((l) => l === v.label).length > 1 ? `${v.label}, ${v.config.train.steps} steps` : v.label);
  for (const r of runs) {
    const base = variantOf(r, CE_BASELINE_ID);
    if (!base) throw new Error(`${r.title}: no CE-only variant to compare with`);
    targets = targetBersOf(r);
    for (const v of r.variants.filter((x) => x.kind === 'trained' && x.id !== CE_BASELINE_ID)) {
      const fer = ferComparisons(pooledCurve(v), pooledCurve(base));
      rows.push([
        labelOf(v),
        ...targets.flatMap((t) => {
          const g = gainSummary(v, base, t);
          return [
            g.pooledGainDb === null ? gainVerdict(g) : g.noMeasurableDifference ? `n.s. (${db(g.pooledGainDb)})` : db(g.pooledGainDb),
            g.seedSpread.count === 0 ? '-' : `${db(g.seedSpread.min)} .. ${db(g.seedSpread.max)}`,
          ];
        }),
        ...ferAt.map((x) => ferCell(fer, x)),
      ]);
    }
  }
  const headers = [
    'variant',
    ...targets.flatMap((t) => [`gain over CE-only @${fmtSci(t, 0)} [dB]`, 'per seed']),
    ...ferAt.map((x) => `FER / CE-only @${x} dB`),
  ];
  return markdownTable(headers, rows);
};

/** A signed dB value with the Unicode minus of the README's prose. */
const dbText = (x: number): string => db(x).replace('-', '\u2212');

/**
 * The README's summary: for the main trained arms of the BCH(63,45) ablation,
 * the gain at BER 1e-4 over plain min-sum T=5 and over the CE-only student,
 * pooled and per-seed range ("no measurable difference" by the strict rule).
 */
export const readmeSummaryTable = (r: ExperimentResults): string => {
  const target = 1e-4;
  const ce = variantOf(r, CE_BASELINE_ID);
  const ms = variantOf(r, MS_BASELINE_ID);
  if (!ce || !ms) throw new Error(`${r.title}: the summary needs the ms5 and ce arms`);
  const cell = (v: VariantResult, base: VariantResult): string => {
    if (v.id === base.id) return '';
    const g = gainSummary(v, base, target);
    if (g.pooledGainDb === null) return gainVerdict(g);
    if (g.noMeasurableDifference) return 'no measurable difference';
    const { min, max } = g.seedSpread;
    const range = min === null || max === null ? '' : ` (${dbText(min)} .. ${dbText(max)})`;
    return `${dbText(g.pooledGainDb)}${range}`;
  };
  const arms: readonly [string, string][] = [
    [CE_BASELINE_ID, 'CE-only student (neural BP baseline)'],
    ['method', 'the method, default settings (CE + KD + sparse)'],
    ['ce-kd', 'CE + KD'],
    ['ce-sparse', 'CE + sparse'],
    ['literal', "the method, the paper's settings read literally"],
  ];
  const rows = arms.map(([id, label]) => {
    const v = variantOf(r, id);
    if (!v) throw new Error(`${r.title}: no ${id} arm for the README summary`);
    return [label, cell(v, ms), cell(v, ce)];
  });
  return markdownTable([`at BER ${fmtSci(target, 0)}, gain in dB (per-seed range)`, 'over plain min-sum, T = 5', 'over the CE-only student'], rows);
};

/** The generated blocks of docs/results.md: block name -> the runs it is made from and how. */
export const RESULT_BLOCKS: Readonly<Record<string, { readonly runs: readonly string[]; readonly kind: 'ablation' | 'sweep' }>> = {
  'ablate-bch-63-45': { runs: ['ablate-bch-63-45'], kind: 'ablation' },
  'ablate-bch-63-36': { runs: ['ablate-bch-63-36'], kind: 'ablation' },
  'ablate-bch-63-51': { runs: ['ablate-bch-63-51'], kind: 'ablation' },
  'ablate-bch-127-64': { runs: ['ablate-bch-127-64'], kind: 'ablation' },
  'ablate-paper-bch-63-45': { runs: ['ablate-paper-bch-63-45'], kind: 'ablation' },
  'sweep-kd': { runs: ['sweep-kdDistance', 'sweep-pKd', 'sweep-kdWeight', 'sweep-kdOn', 'sweep-norm'], kind: 'sweep' },
  'sweep-teacher': { runs: ['sweep-teacher', 'sweep-nnmsTeacher', 'sweep-nmsTeacher', 'sweep-t0'], kind: 'sweep' },
  'sweep-sparse': { runs: ['sweep-delta', 'sweep-pSparse', 'sweep-sparseOn', 'sweep-sparseSchedule', 'sweep-sparseWarmup'], kind: 'sweep' },
  long: { runs: ['long-6000'], kind: 'sweep' },
};

/** The command of every committed run, as its results.json recorded it (what reproduces it). */
export const commandsBlock = (): string => {
  const runs = readdirSync(resultsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(resultsDir, d.name, 'results.json')))
    .map((d) => d.name)
    .sort();
  return ['```sh', ...runs.map((run) => readRun(join(resultsDir, run, 'results.json')).command), '```'].join('\n');
};

/** The text of one generated block from the committed runs. */
export const resultBlock = (name: string): string => {
  if (name === 'commands') return commandsBlock();
  if (name === 'readme-summary') return readmeSummaryTable(readRun(join(resultsDir, 'ablate-bch-63-45', 'results.json')));
  const block = RESULT_BLOCKS[name];
  const runs = block.runs.map((run) => readRun(join(resultsDir, run, 'results.json')));
  return block.kind === 'ablation' ? ablationTables(runs[0]) : sweepTable(runs);
};

const markers = (name: string) => [`<!-- results:${name}:begin -->`, `<!-- results:${name}:end -->`] as const;

/** docs/results.md (or the README) with every generated block replaced by its current text (blocks absent from the doc are left out). */
export const renderResultsDoc = (doc: string): string => {
  let out = doc;
  for (const name of [...Object.keys(RESULT_BLOCKS), 'commands', 'readme-summary']) {
    const [begin, end] = markers(name);
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) continue;
    out = `${out.slice(0, i + begin.length)}\n${resultBlock(name)}\n${out.slice(j)}`;
  }
  return out;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv.slice(2);
  if (files.length > 0) {
    process.stdout.write(`${sweepTable(files.map(readRun))}\n`);
  } else {
    for (const path of [resultsDocPath, readmePath]) {
      writeFileSync(path, renderResultsDoc(readFileSync(path, 'utf8')));
      process.stdout.write(`rewrote the tables of ${path}\n`);
    }
  }
}
