import { toCsv } from '../report/csv.js';
import { fmtFixed, fmtSci, formatTable, markdownTable } from '../report/table.js';
import { berPlotSvg, gainBarSvg, PlotSeries } from '../report/svg-plot.js';
import { negLnBer, zeroErrorUpperBound } from '../sim/stats.js';
import {
  CE_BASELINE_ID,
  DEFAULT_TARGET_BERS,
  ferComparisons,
  GainSummary,
  gainSummaries,
  MS_BASELINE_ID,
  sortByGain,
} from './gain.js';
import { PooledPoint, pooledCurve } from './pooled.js';
import { ExperimentResults, VariantResult } from './results.js';
import { teacherLabel } from './variants.js';
import { effectiveT0 } from '../config/validate-run-config.js';
import { RunConfig } from '../config/run-config.js';

/** Eb/N0 points of the literature's -ln(BER) table. */
/** The sparse term's schedule when it is not the paper's (all iterations, full weight from step 1). */
const sparseScheduleText = (c: RunConfig): string =>
  (c.loss.sparseFrom > 1 ? ` of iterations ${c.loss.sparseFrom}..${c.student.iterations}` : '') +
  (c.loss.sparseWarmup > 0 ? `, delta ramped up over ${c.loss.sparseWarmup} steps` : '');

export const NEG_LN_POINTS = [4, 5, 6] as const;

/** The target BERs of a run: its own list, else the defaults (headline first). */
export const targetBersOf = (r: ExperimentResults): readonly number[] =>
  r.targetBers && r.targetBers.length > 0 ? r.targetBers : DEFAULT_TARGET_BERS;

const berCell = (p: PooledPoint | undefined): string =>
  !p ? '-' : p.berUpperBound !== null ? `<${fmtSci(p.berUpperBound, 1)}` : fmtSci(p.ber, 2);
const ferCell = (p: PooledPoint | undefined): string => (!p ? '-' : p.frameErrors === 0 ? `0/${p.frames}` : fmtSci(p.fer, 2));
const ciText = ([lo, hi]: readonly [number, number]): string => `[${fmtSci(lo, 1)}, ${fmtSci(hi, 1)}]`;
/** BER with its 95% interval (frames as clusters; zero errors: the one-sided bound alone). */
const berCiCell = (p: PooledPoint | undefined): string => (!p || p.berUpperBound !== null ? berCell(p) : `${berCell(p)} ${ciText(p.berCi)}`);
const ferCiCell = (p: PooledPoint | undefined): string => (!p ? '-' : `${ferCell(p)} ${ciText(p.ferCi)}`);
const negLnCell = (p: PooledPoint | undefined): string => (!p || p.bitErrors === 0 ? '-' : fmtFixed(negLnBer(p.ber), 2));

const allEbn0 = (r: ExperimentResults): number[] =>
  [...new Set(r.variants.flatMap((v) => v.runs.flatMap((run) => run.points.map((p) => p.ebn0Db))))].sort((a, b) => a - b);

/** Rows of one table: one per variant, one column per Eb/N0 point. */
const curveRows = (r: ExperimentResults, cell: (p: PooledPoint | undefined) => string, xs: readonly number[]) =>
  r.variants.map((v) => {
    const curve = pooledCurve(v);
    return [v.label, ...xs.map((x) => cell(curve.find((p) => p.ebn0Db === x)))];
  });

const signedDb = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)} dB`;

/**
 * The gain as a reader should take it: without a crossing there is no gain
 * to state; a flagged variant is "no measurable difference", never a gain.
 */
export const gainVerdict = (g: GainSummary): string =>
  g.pooledGainDb === null
    ? 'a curve does not cross the target'
    : g.noMeasurableDifference
      ? `no measurable difference (estimate ${signedDb(g.pooledGainDb)})`
      : signedDb(g.pooledGainDb);

/** Two lines under the terminal's gain tables: what the verdicts mean (report.md explains in full). */
export const GAIN_LEGEND =
  '  "no measurable difference": at no Eb/N0 are both the BER and the FER 95% intervals disjoint from the baseline\'s (a strict rule;\n' +
  '  report.md also gives a per-point FER z-test, which can flag single points). "does not cross": the target BER lies outside a simulated curve.';

const spreadCells = (g: GainSummary): string[] => {
  const s = g.seedSpread;
  return s.count === 0
    ? ['-', '-', `0/${g.perSeed.length}`]
    : [signedDb(s.mean!), `${signedDb(s.min!)} .. ${signedDb(s.max!)}`, `${s.count}/${g.perSeed.length}`];
};

/** Gain rows over one baseline: grouped by target (headline first), each group sorted by gain, best first. */
export const sortedGains = (r: ExperimentResults, baselineId: string): GainSummary[] => {
  const targets = targetBersOf(r);
  const rows = gainSummaries(r, baselineId, targets);
  return targets.flatMap((t) => sortByGain(rows.filter((g) => g.targetBer === t)));
};

const GAIN_HEADERS = ['variant', 'at BER', 'gain (seeds pooled)', 'per-seed mean', 'per-seed min .. max', 'seeds crossing'];
const gainTableRows = (gains: readonly GainSummary[]) => gains.map((g) => [g.variantLabel, fmtSci(g.targetBer, 0), gainVerdict(g), ...spreadCells(g)]);

/** The two baselines gains are measured against, with the words the report uses for them. */
const baselinesOf = (r: ExperimentResults): { id: string; title: string }[] =>
  [
    { id: CE_BASELINE_ID, title: 'over the CE-only student (neural BP baseline: same student, same budget, trained with L_ce alone)' },
    { id: MS_BASELINE_ID, title: 'over plain min-sum T=5 (untrained, same iterations as the student)' },
  ].filter((b) => r.variants.some((v) => v.id === b.id && v.runs.length > 0));

const ferRatioRows = (r: ExperimentResults, baseline: VariantResult, xs: readonly number[]) => {
  const base = pooledCurve(baseline);
  return r.variants
    .filter((v) => v.kind === 'trained' && v.id !== baseline.id && v.runs.length > 0)
    .map((v) => {
      const cmp = ferComparisons(pooledCurve(v), base);
      return [
        v.label,
        ...xs.map((x) => {
          const c = cmp.find((q) => q.ebn0Db === x);
          return !c || c.ratio === null ? '-' : `${c.ratio.toFixed(2)}${c.significant ? ' *' : ''}`;
        }),
      ];
    });
};

const trainingRows = (r: ExperimentResults) =>
  r.variants
    .filter((v) => v.kind === 'trained')
    .flatMap((v: VariantResult) =>
      v.runs.map((run) => [
        v.label,
        run.seed,
        run.training ? `${run.training.steps} (${run.training.status})` : '-',
        run.training ? `${run.training.seconds.toFixed(0)} s` : '-',
        run.training?.finalLoss ? fmtSci(run.training.finalLoss.ce, 3) : '-',
        run.training?.finalLoss ? fmtSci(run.training.finalLoss.kd, 3) : '-',
        run.training?.finalLoss ? fmtSci(run.training.finalLoss.sparse, 3) : '-',
      ]),
    );

/** How the numbers were computed, for the reader of report.md. */
export const STATISTICS_NOTE = [
  '## How to read these numbers',
  '',
  '- **Intervals.** BER and FER carry 95% intervals on the counts pooled over all seeds. ' +
    'FER: the Wilson score interval over frames, which are independent. ' +
    'BER: bits are **not** independent (a failed frame flips many bits at once), so the frames are taken as the independent units: ' +
    'the Wilson interval at the effective sample size bits / D, where the design effect D >= 1 is the variance of the per-frame ' +
    'bit-error counts over its binomial value (`clusteredBerInterval`; a Wilson interval over bits would cover the true BER about half as often). ' +
    'A point with zero bit errors shows the one-sided 95% upper bound `<x` (1 - 0.05^(1/bits), about 3/bits) instead of a BER of 0.',
  '- **Gain.** The Eb/N0 at which a curve reaches the target BER is interpolated linearly in (Eb/N0, log10 BER) between the first two ' +
    'consecutive points that bracket the target; points without bit errors are left out. Gain = Eb/N0(baseline) - Eb/N0(variant), ' +
    'so positive means the variant needs less signal. "Gain (seeds pooled)" uses the curves with the counts of all seeds added; ' +
    'the per-seed columns compute the gain seed by seed (variant and baseline on the same seed see the same noise) and give the mean, ' +
    'min and max over the seeds whose curves both cross the target. No crossing (the target lies outside the simulated range) is reported as such, never extrapolated.',
  '- **No measurable difference.** A variant counts as different from its baseline only if at some Eb/N0 point both its BER interval ' +
    'and its FER interval are disjoint from the baseline\'s: it fails on measurably fewer (or more) frames and bits. ' +
    'Otherwise a gain is reported as "no measurable difference", with the point estimate in parentheses. The rule is strict on purpose: ' +
    'two 95% intervals can overlap while a 5% test of the difference is significant, so the per-point FER table below can mark a point ' +
    'that this rule does not. Without a crossing of the target there is no gain to state, whatever the intervals say.',
  '- **Per-point FER comparison.** FER(variant) / FER(baseline) at each Eb/N0; `*` marks a difference significant at the 5% level by a ' +
    'two-sided two-proportion z-test (pooled variance, |z| > 1.96). The test treats the samples as independent although the variants saw ' +
    'the same noise frames; that correlation is positive, so the unpaired test is conservative.',
  '- **-ln(BER)** is the literature\'s table form (larger is better); `-` where no bit error was seen or the point was not simulated.',
].join('\n');

/**
 * The terminal table: BER and FER per Eb/N0, -ln BER at 4, 5, 6 dB, and the gains sorted by gain.
 *
 * @example
 * ```ts
 * import { runAblation, textReport } from 'tanner';
 * import assert from 'node:assert/strict';
 * const results = await runAblation({ code: 'bch-31-16', eval: { ebn0Db: [3, 4], maxFrames: 200 } }, { variants: ['ms5'] });
 * assert.match(textReport(results), /^BER\s+3 dB\s+4 dB$/m);
 * ```
 */
export const textReport = (r: ExperimentResults): string => {
  const xs = allEbn0(r);
  const ber = formatTable(['BER', ...xs.map((x) => `${x} dB`)], curveRows(r, berCell, xs));
  const fer = formatTable(['FER', ...xs.map((x) => `${x} dB`)], curveRows(r, ferCell, xs));
  const negLn = formatTable(['-ln(BER)', ...NEG_LN_POINTS.map((x) => `${x} dB`)], curveRows(r, negLnCell, NEG_LN_POINTS));
  const gains = baselinesOf(r).flatMap((b) => {
    const rows = sortedGains(r, b.id);
    return rows.length ? [`Gain ${b.title}:`, formatTable(GAIN_HEADERS, gainTableRows(rows))] : [];
  });
  if (gains.length > 0) gains.push(GAIN_LEGEND, '');
  return [`${r.title}: ${r.code.name} (n=${r.code.n}, k=${r.code.k})`, '', ber, fer, negLn, ...gains].join('\n') + '\n';
};

/**
 * report.md: every table in Markdown, with the command, the budget, the training summary and how to read the statistics.
 *
 * @example
 * ```ts
 * import { markdownReport, runAblation } from 'tanner';
 * import assert from 'node:assert/strict';
 * const results = await runAblation({ code: 'bch-31-16', eval: { ebn0Db: [3, 4], maxFrames: 200 } }, { variants: ['ms5', 'teacher'] });
 * const md = markdownReport(results);
 * assert.match(md, /^# Ablation \(docs\/method\.md §7\): bch-31-16$/m);
 * assert.ok(md.includes('teacher (min-sum T=30)'));
 * ```
 */
export const markdownReport = (r: ExperimentResults): string => {
  const xs = allEbn0(r);
  const c = r.baseConfig;
  const gainSections = baselinesOf(r).flatMap((b) => {
    const rows = sortedGains(r, b.id);
    const base = r.variants.find((v) => v.id === b.id)!;
    return [
      `## Gain ${b.title}`,
      '',
      `Baseline: "${base.label}". Sorted by the pooled gain at each target BER, best first.`,
      '',
      rows.length ? markdownTable(GAIN_HEADERS, gainTableRows(rows)) : '(no trained variant to compare)',
      '',
      `### FER ratio variant / "${base.label}" per Eb/N0 (\`*\`: significant at 5%, two-proportion z-test)`,
      '',
      rows.length ? markdownTable(['variant', ...xs.map((x) => `${x} dB`)], ferRatioRows(r, base, xs)) : '(none)',
      '',
    ];
  });
  return [
    `# ${r.title}: ${r.code.name}`,
    '',
    `Command: \`${r.command}\``,
    '',
    `Code ${r.code.name}: n = ${r.code.n}, k = ${r.code.k}, E = ${r.code.edges} edges. Seeds: ${r.seeds.join(', ')}. ` +
      `Training: ${c.train.steps} steps of batch ${c.train.batch} over Eb/N0 ${c.train.ebn0Db.join(', ')} dB, Adam lr ${c.train.lr}. ` +
      `Losses: a_ce ${c.loss.ce}, a_kd ${c.loss.kd}, delta ${c.loss.sparse}, norm form "${c.loss.norm}", KD distance "${c.loss.kdDistance}" (p = ${c.loss.pKd}) on the teacher's ${c.loss.kdOn === 'soft' ? 'soft outputs' : 'check messages'} at t + ${effectiveT0(c)}, ` +
      `sparse p = ${c.loss.pSparse} on ${c.loss.sparseOn}${sparseScheduleText(c)}. Teacher: ${teacherLabel(c).replace(/^teacher \((.*)\)$/, '$1')}. ` +
      `Evaluation: up to ${c.eval.minFrameErrors} frame errors or ${c.eval.maxFrames} frames per point, BER over ${c.eval.berOn === 'all' ? 'all n bits' : 'the k information bits'}; every variant sees the same noise. ` +
      `Target BERs of the gain tables: ${targetBersOf(r).map((t) => fmtSci(t, 0)).join(', ')}. ` +
      `Elapsed ${r.elapsedSeconds.toFixed(0)} s${r.complete ? '' : ' (INCOMPLETE: interrupted)'}.`,
    '',
    '## BER with 95% interval (seeds pooled; frames as clusters)',
    '',
    markdownTable(['variant', ...xs.map((x) => `${x} dB`)], curveRows(r, berCiCell, xs)),
    '',
    '## FER with 95% Wilson interval (seeds pooled)',
    '',
    markdownTable(['variant', ...xs.map((x) => `${x} dB`)], curveRows(r, ferCiCell, xs)),
    '',
    "## -ln(BER) (the literature's table form; larger is better)",
    '',
    markdownTable(['variant', ...NEG_LN_POINTS.map((x) => `${x} dB`)], curveRows(r, negLnCell, NEG_LN_POINTS)),
    '',
    ...gainSections,
    '## Training',
    '',
    markdownTable(['variant', 'seed', 'steps', 'time', 'final CE', 'final KD', 'final sparse'], trainingRows(r)),
    '',
    STATISTICS_NOTE,
    '',
    '![BER curves](ber.svg)',
    '',
    '![Gain per variant](gain.svg)',
    '',
  ].join('\n');
};

/**
 * ber.svg: every variant's pooled BER curve with its interval bars.
 *
 * @example
 * ```ts
 * import { berSvg, runAblation } from 'tanner';
 * import assert from 'node:assert/strict';
 * const results = await runAblation({ code: 'bch-31-16', eval: { ebn0Db: [3, 4], maxFrames: 200 } }, { variants: ['ms5'] });
 * const svg = berSvg(results);
 * assert.match(svg, /^<svg/);
 * assert.ok(svg.includes('min-sum T=5'));
 * ```
 */
export const berSvg = (r: ExperimentResults): string => {
  const series: PlotSeries[] = r.variants.map((v) => ({
    label: v.label,
    points: pooledCurve(v).map((p) => ({ x: p.ebn0Db, y: p.bitErrors > 0 ? p.ber : 0, lo: p.berCi[0], hi: p.berUpperBound ?? p.berCi[1] })),
  }));
  return berPlotSvg(series, { title: `${r.title}: ${r.code.name}`, xLabel: 'Eb/N0 (dB)', yLabel: 'BER' });
};

/**
 * gain.svg: the pooled gain of each trained variant at the headline target
 * BER, over the CE-only student (or over min-sum T=5 when the run has no
 * CE-only student), best first, whiskers from the smallest to the largest
 * per-seed gain. A variant without a measurable difference is marked "(n.s.)".
 */
export const gainSvg = (r: ExperimentResults): string => {
  const target = targetBersOf(r)[0];
  const baseline = baselinesOf(r)[0];
  const rows = baseline ? sortByGain(gainSummaries(r, baseline.id, [target])) : [];
  const baseLabel = baseline ? r.variants.find((v) => v.id === baseline.id)!.label : 'no baseline in this run';
  return gainBarSvg(
    rows.map((g) => ({
      label: `${g.variantLabel}${g.noMeasurableDifference ? ' (n.s.)' : ''}`,
      gain: g.pooledGainDb ?? NaN,
      ...(g.seedSpread.count > 0 ? { spreadLo: g.seedSpread.min!, spreadHi: g.seedSpread.max! } : {}),
    })),
    {
      title: `Gain at BER ${fmtSci(target, 0)} over ${baseLabel}`,
      xLabel: 'variant (n.s.: no measurable difference)',
      yLabel: 'gain in dB (whiskers: per-seed min..max)',
    },
  );
};

/** The columns of points.csv: one row per (variant, seed, Eb/N0 point), the raw counts and the rates with their intervals. */
export const POINTS_CSV_HEADERS = [
  'variant',
  'label',
  'seed',
  'ebn0Db',
  'esn0Db',
  'frames',
  'bits',
  'bitErrors',
  'frameErrors',
  'ber',
  'berLow',
  'berHigh',
  'berUpperBound',
  'fer',
  'ferLow',
  'ferHigh',
  'ferUpperBound',
  'complete',
] as const;

/** A rate and its upper-bound cell: the rate when errors were seen, else an empty rate and the one-sided 95% upper bound (never a rate of 0). */
const csvRateCells = (errors: number, rate: number, upper: number | null, trials: number): [number | string, number | string] =>
  errors > 0 ? [rate, ''] : ['', upper ?? zeroErrorUpperBound(trials)];

/**
 * points.csv: every simulated point of every run, for plotting elsewhere (spreadsheets, pandas, pgfplots).
 * A point without errors has empty `ber`/`fer` and its upper bounds in `berUpperBound`/`ferUpperBound`.
 */
export const pointsCsv = (r: ExperimentResults): string =>
  toCsv(
    POINTS_CSV_HEADERS,
    r.variants.flatMap((v) =>
      v.runs.flatMap((run) =>
        run.points.map((p) => {
          const [ber, berUpper] = csvRateCells(p.bitErrors, p.ber, p.berUpperBound, p.bits);
          const [fer, ferUpper] = csvRateCells(p.frameErrors, p.fer, p.ferUpperBound, p.frames);
          return [v.id, v.label, run.seed, p.ebn0Db, p.esn0Db, p.frames, p.bits, p.bitErrors, p.frameErrors, ber, p.berCi[0], p.berCi[1], berUpper, fer, p.ferCi[0], p.ferCi[1], ferUpper, String(p.complete)];
        }),
      ),
    ),
  );
