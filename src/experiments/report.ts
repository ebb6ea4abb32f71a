import { fmtFixed, fmtSci, formatTable, markdownTable } from '../report/table.js';
import { berPlotSvg, PlotSeries } from '../report/svg-plot.js';
import { gainDb, intervalsOverlap, negLnBer } from '../sim/stats.js';
import { PooledPoint, pooledCurve } from './pooled.js';
import { ExperimentResults, VariantResult } from './results.js';

/** Eb/N0 points of the literature's -ln(BER) table. */
export const NEG_LN_POINTS = [4, 5, 6] as const;

const berCell = (p: PooledPoint | undefined): string =>
  !p ? '-' : p.berUpperBound !== null ? `<${fmtSci(p.berUpperBound, 1)}` : fmtSci(p.ber, 2);
const ferCell = (p: PooledPoint | undefined): string => (!p ? '-' : p.frameErrors === 0 ? `0/${p.frames}` : fmtSci(p.fer, 2));
const negLnCell = (p: PooledPoint | undefined): string => (!p || p.bitErrors === 0 ? '-' : fmtFixed(negLnBer(p.ber), 2));

const allEbn0 = (r: ExperimentResults): number[] =>
  [...new Set(r.variants.flatMap((v) => v.runs.flatMap((run) => run.points.map((p) => p.ebn0Db))))].sort((a, b) => a - b);

/** Rows of one table: one per variant, one column per Eb/N0 point. */
const curveRows = (r: ExperimentResults, cell: (p: PooledPoint | undefined) => string, xs: readonly number[]) =>
  r.variants.map((v) => {
    const curve = pooledCurve(v);
    return [v.label, ...xs.map((x) => cell(curve.find((p) => p.ebn0Db === x)))];
  });

export interface GainRow {
  readonly variant: string;
  readonly baseline: string;
  readonly targetBer: number;
  readonly gainDb: number | null;
  /** true iff the variant's BER interval overlaps the baseline's at every common Eb/N0 point */
  readonly noMeasurableDifference: boolean;
}

/**
 * Gain of each trained variant in dB at a target BER (interpolated on log BER),
 * over a baseline. A variant whose BER intervals overlap the baseline's at
 * every point is flagged: its "gain" is not a measured difference.
 */
export const gainRows = (r: ExperimentResults, baselineId: string, targets: readonly number[]): GainRow[] => {
  const base = r.variants.find((v) => v.id === baselineId);
  if (!base) return [];
  const baseCurve = pooledCurve(base);
  return r.variants
    .filter((v) => v.id !== baselineId && v.kind === 'trained')
    .flatMap((v) => {
      const curve = pooledCurve(v);
      const common = curve.filter((p) => baseCurve.some((q) => q.ebn0Db === p.ebn0Db && q.bitErrors > 0) && p.bitErrors > 0);
      const overlapAll = common.every((p) => intervalsOverlap(p.berCi, baseCurve.find((q) => q.ebn0Db === p.ebn0Db)!.berCi));
      return targets.map((t) => ({
        variant: v.label,
        baseline: base.label,
        targetBer: t,
        gainDb: gainDb(baseCurve, curve, t),
        noMeasurableDifference: overlapAll,
      }));
    });
};

const gainCell = (g: GainRow): string =>
  g.gainDb === null ? 'curve does not cross' : `${g.gainDb >= 0 ? '+' : ''}${g.gainDb.toFixed(2)} dB${g.noMeasurableDifference ? ' (no measurable difference)' : ''}`;

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

/** The terminal table: BER per Eb/N0, then -ln BER at 4, 5, 6 dB. */
export const textReport = (r: ExperimentResults): string => {
  const xs = allEbn0(r);
  const ber = formatTable(['BER', ...xs.map((x) => `${x} dB`)], curveRows(r, berCell, xs));
  const fer = formatTable(['FER', ...xs.map((x) => `${x} dB`)], curveRows(r, ferCell, xs));
  const negLn = formatTable(['-ln(BER)', ...NEG_LN_POINTS.map((x) => `${x} dB`)], curveRows(r, negLnCell, NEG_LN_POINTS));
  const gains = [...gainRows(r, 'ms5', [1e-3, 1e-4]), ...gainRows(r, 'ce', [1e-3, 1e-4])];
  const gainTable = gains.length
    ? formatTable(['variant', 'over', 'at BER', 'gain'], gains.map((g) => [g.variant, g.baseline, fmtSci(g.targetBer, 0), gainCell(g)]))
    : '';
  return [`${r.title}: ${r.code.name} (n=${r.code.n}, k=${r.code.k})`, '', ber, '', fer, '', negLn, '', gainTable].join('\n') + '\n';
};

/** report.md: the same tables in Markdown, with the command, budget and training summary. */
export const markdownReport = (r: ExperimentResults): string => {
  const xs = allEbn0(r);
  const gains = [...gainRows(r, 'ms5', [1e-3, 1e-4]), ...gainRows(r, 'ce', [1e-3, 1e-4])];
  const c = r.baseConfig;
  return [
    `# ${r.title}: ${r.code.name}`,
    '',
    `Command: \`${r.command}\``,
    '',
    `Code ${r.code.name}: n = ${r.code.n}, k = ${r.code.k}, E = ${r.code.edges} edges. Seeds: ${r.seeds.join(', ')}. ` +
      `Training: ${c.train.steps} steps of batch ${c.train.batch} over Eb/N0 ${c.train.ebn0Db.join(', ')} dB, Adam lr ${c.train.lr}. ` +
      `Losses: a_ce ${c.loss.ce}, a_kd ${c.loss.kd}, delta ${c.loss.sparse}, norm form "${c.loss.norm}", KD distance "${c.loss.kdDistance}" (p = ${c.loss.pKd}), sparse p = ${c.loss.pSparse} on ${c.loss.sparseOn}. ` +
      `Evaluation: up to ${c.eval.minFrameErrors} frame errors or ${c.eval.maxFrames} frames per point, BER over ${c.eval.berOn === 'all' ? 'all n bits' : 'the k information bits'}; every variant sees the same noise. ` +
      `Elapsed ${r.elapsedSeconds.toFixed(0)} s${r.complete ? '' : ' (INCOMPLETE: interrupted)'}.`,
    '',
    '## BER (95% Wilson intervals in results.json)',
    '',
    markdownTable(['variant', ...xs.map((x) => `${x} dB`)], curveRows(r, berCell, xs)),
    '',
    '## FER',
    '',
    markdownTable(['variant', ...xs.map((x) => `${x} dB`)], curveRows(r, ferCell, xs)),
    '',
    '## -ln(BER) (the literature\'s table form; larger is better)',
    '',
    markdownTable(['variant', ...NEG_LN_POINTS.map((x) => `${x} dB`)], curveRows(r, negLnCell, NEG_LN_POINTS)),
    '',
    '## Gain at a target BER (interpolated on log BER; positive = better than the baseline)',
    '',
    gains.length
      ? markdownTable(['variant', 'over', 'at BER', 'gain'], gains.map((g) => [g.variant, g.baseline, fmtSci(g.targetBer, 0), gainCell(g)]))
      : '(no trained variant)',
    '',
    '## Training',
    '',
    markdownTable(['variant', 'seed', 'steps', 'time', 'final CE', 'final KD', 'final sparse'], trainingRows(r)),
    '',
    '![BER curves](ber.svg)',
    '',
  ].join('\n');
};

/** ber.svg: every variant's pooled BER curve with its interval bars. */
export const berSvg = (r: ExperimentResults): string => {
  const series: PlotSeries[] = r.variants.map((v) => ({
    label: v.label,
    points: pooledCurve(v).map((p) => ({ x: p.ebn0Db, y: p.bitErrors > 0 ? p.ber : 0, lo: p.berCi[0], hi: p.berUpperBound ?? p.berCi[1] })),
  }));
  return berPlotSvg(series, { title: `${r.title}: ${r.code.name}`, xLabel: 'Eb/N0 (dB)', yLabel: 'BER' });
};
