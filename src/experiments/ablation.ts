/**
 * The paper's ablation (or a sweep over config keys) as a library call: what
 * `tanner ablate` does, in memory, returning the results object that the CLI
 * writes to results.json.
 */
import { loadCode } from '../codes/builtin.js';
import { Code } from '../codes/code.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { RunConfig } from '../config/run-config.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { UserError } from '../util/errors.js';
import { ExperimentEvent, runExperimentCells } from './cell-loop.js';
import { CE_BASELINE_ID, DEFAULT_TARGET_BERS, MS_BASELINE_ID } from './gain.js';
import { ExperimentResults } from './results.js';
import { expandGrid, parseSweep, sweepVariants } from './sweep.js';
import { PAPER_VARIANTS, Variant, variantsByIds } from './variants.js';

/** The title of an ablation's report, or of a sweep's ("Sweep over delta x teacher"). */
export const experimentTitle = (sweep: readonly string[]): string =>
  sweep.length > 0 ? `Sweep over ${sweep.map((s) => s.split('=')[0]).join(' x ')}` : 'Ablation (docs/method.md §7)';

/** The variants of a sweep: the baselines ms5 and ce, then one trained variant per grid point of the `key=v1,v2` axes. */
export const sweepExperimentVariants = (config: RunConfig, sweep: readonly string[], where: string): Variant[] => [
  ...variantsByIds([MS_BASELINE_ID, CE_BASELINE_ID], config, where),
  ...sweepVariants(config, expandGrid(parseSweep(sweep))),
];

/** Options of {@link runAblation}. */
export interface AblationOptions {
  /** the code, or a name given to loadCode (a string also sets the config's `code`); default: the config's `code` */
  readonly code?: Code | string;
  /** `key=value` overrides applied to the config first, as the CLI's `--set` */
  readonly overrides?: readonly string[];
  /**
   * The arms: ids of KNOWN_VARIANTS (`ms5`, `teacher`, `ce`, `kd`, `ce-sparse`,
   * `ce-kd`, `method`, `literal`) or variants of your own; default the paper's
   * ablation, PAPER_VARIANTS. Not together with `sweep`.
   */
  readonly variants?: readonly (string | Variant)[];
  /**
   * Sweep axes `key=v1,v2,...` as the CLI's `--sweep` (dotted config paths or
   * the aliases delta, pKd, pSparse, t0, kdDistance, teacher): the arms are the
   * baselines ms5 and ce plus one trained variant per grid point.
   */
  readonly sweep?: readonly string[];
  /** seeds: a list, or a count N for seeds config.seed .. config.seed + N - 1 [1] */
  readonly seeds?: number | readonly number[];
  /** the loaded weights of the config's neural teacher (teacher.kind 'neural') */
  readonly teacherWeights?: NeuralWeights | null;
  /** the teacher weights of a variant whose config names another weights file (a sweep over nnms teachers) */
  readonly teacherWeightsOf?: (config: RunConfig) => NeuralWeights | null;
  /** target BERs of the gain tables, headline first [1e-4, 1e-3] */
  readonly targetBers?: readonly number[];
  /** the report's title [the ablation's, or "Sweep over ..."] */
  readonly title?: string;
  /** recorded as the results' `command` [a description of the call] */
  readonly command?: string;
  /** evaluate on this many worker threads (the counts do not change); default: in this thread */
  readonly workers?: number;
  /** abort: the results come back with the finished cells and `complete: false` */
  readonly signal?: AbortSignal;
  /** every training step, evaluated block and finished cell */
  readonly onProgress?: (event: ExperimentEvent) => void;
}

const seedList = (seeds: number | readonly number[], base: number): number[] => {
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw new UserError(`runAblation: seeds must be a count >= 1 or a list of seeds, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => base + i);
  }
  if (seeds.length === 0) throw new UserError('runAblation: seeds is an empty list');
  for (const s of seeds) if (!Number.isInteger(s) || s < 0) throw new UserError(`runAblation: seed ${s} is not a non-negative integer`);
  if (new Set(seeds).size !== seeds.length) throw new UserError('runAblation: a seed is repeated');
  return [...seeds];
};

/**
 * Train and evaluate every (variant, seed) cell of an ablation or sweep, as
 * `tanner ablate` does (the same loop, so the same inputs give the same
 * counts), but in memory: no run folder, no resume. `configInput` is a raw
 * config (missing fields take their defaults, docs/config.md) or a RunConfig.
 * Every variant is evaluated on the same noise per seed. Returns the results
 * object of results.json (render it with markdownReport, textReport, berSvg;
 * compare arms with gainSummaries). Throws {@link UserError} for a bad config
 * field, variant id or sweep axis before any work.
 *
 * @example
 * ```ts
 * import { markdownReport, runAblation } from 'tanner';
 * import assert from 'node:assert/strict';
 * const results = await runAblation(
 *   { code: 'bch-31-16', train: { steps: 2, batch: 8, validateEvery: 0 }, eval: { ebn0Db: [3], maxFrames: 200 } },
 *   { variants: ['ms5', 'ce'], seeds: [1, 2] },
 * );
 * assert.deepEqual(results.variants.map((v) => [v.id, v.runs.length]), [['ms5', 2], ['ce', 2]]);
 * assert.ok(results.complete && results.variants[0].runs[0].points[0].frameErrors > 0);
 * assert.match(markdownReport(results), /CE only \(neural BP baseline\)/);
 * ```
 */
export const runAblation = async (configInput: unknown = {}, options: AblationOptions = {}): Promise<ExperimentResults> => {
  const named = typeof options.code === 'string' ? [`code=${JSON.stringify(options.code)}`] : [];
  const config = decodeRunConfigOrThrow(configInput, [...named, ...(options.overrides ?? [])]);
  const code = typeof options.code === 'object' ? options.code : loadCode(config.code);
  const sweep = options.sweep ?? [];
  if (sweep.length > 0 && options.variants !== undefined) {
    throw new UserError('runAblation: variants and sweep do not combine: a sweep runs its grid plus the baselines ms5 and ce');
  }
  const chosen = options.variants ?? PAPER_VARIANTS.map((v) => v.id);
  const variants =
    sweep.length > 0
      ? sweepExperimentVariants(config, sweep, 'runAblation sweep')
      : chosen.map((v) => (typeof v === 'string' ? variantsByIds([v], config, 'runAblation variants')[0] : v));
  if (variants.length === 0) throw new UserError('runAblation: variants is an empty list');
  const ids = variants.map((v) => v.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new UserError(`runAblation: the variant ${dup} is given twice`);
  const seeds = seedList(options.seeds ?? 1, config.seed);
  return runExperimentCells(
    {
      title: options.title ?? experimentTitle(sweep),
      command: options.command ?? `runAblation: ${code.name}, variants ${ids.join(',')}, seeds ${seeds.join(',')}`,
      code,
      baseConfig: config,
      variants,
      seeds,
      teacherWeights: options.teacherWeights ?? null,
      targetBers: options.targetBers ?? DEFAULT_TARGET_BERS,
      workers: options.workers,
    },
    { signal: options.signal, onProgress: options.onProgress, teacherWeightsOf: options.teacherWeightsOf },
  );
};
