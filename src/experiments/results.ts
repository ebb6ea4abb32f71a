import { RunConfig } from '../config/run-config.js';
import { UserError } from '../util/errors.js';
import type { PointResult } from '../sim/monte-carlo.js';

/** One (variant, seed) cell of an experiment: how it was trained and what it measured. */
export interface VariantRun {
  readonly seed: number;
  readonly training: {
    readonly steps: number;
    readonly status: string;
    readonly seconds: number;
    readonly finalLoss: { total: number; ce: number; kd: number; sparse: number } | null;
  } | null;
  readonly points: PointResult[];
}

export interface VariantResult {
  readonly id: string;
  readonly label: string;
  readonly kind: 'baseline' | 'trained';
  readonly decoder: string;
  /** the variant's own config (the base config with its overrides) */
  readonly config: RunConfig;
  readonly runs: VariantRun[];
}

/** results.json of `reproduce` and `ablate`: everything needed to re-render the report. */
export interface ExperimentResults {
  readonly format: 'tanner-results/1';
  readonly title: string;
  readonly command: string;
  readonly code: { readonly name: string; readonly n: number; readonly k: number; readonly edges: number };
  readonly baseConfig: RunConfig;
  readonly seeds: number[];
  readonly variants: VariantResult[];
  readonly elapsedSeconds: number;
  readonly complete: boolean;
  /** target BERs of the gain tables, headline first (absent in older files: DEFAULT_TARGET_BERS) */
  readonly targetBers?: number[];
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Check the shape of a parsed results.json (the fields the report reads) and
 * return it typed. Throws UserError saying what is missing, in `file`.
 */
export const parseExperimentResults = (u: unknown, file: string): ExperimentResults => {
  const bad = (what: string): never => {
    throw new UserError(`${file} is not a tanner results file: ${what}`);
  };
  if (!isObject(u)) return bad('expected a JSON object');
  if (u.format !== 'tanner-results/1') bad(`"format" is ${JSON.stringify(u.format)}, expected "tanner-results/1"`);
  if (typeof u.title !== 'string') bad('"title" is missing');
  if (!isObject(u.code) || typeof u.code.name !== 'string') bad('"code" is missing');
  if (!isObject(u.baseConfig)) bad('"baseConfig" is missing');
  if (!Array.isArray(u.seeds)) bad('"seeds" is missing');
  if (!Array.isArray(u.variants)) return bad('"variants" is missing');
  u.variants.forEach((v: unknown, i: number) => {
    if (!isObject(v) || typeof v.id !== 'string' || typeof v.label !== 'string' || !Array.isArray(v.runs)) bad(`variants[${i}] lacks id, label or runs`);
    (v as { runs: unknown[] }).runs.forEach((run, j) => {
      if (!isObject(run) || typeof run.seed !== 'number' || !Array.isArray(run.points)) bad(`variants[${i}].runs[${j}] lacks seed or points`);
      (run as { points: unknown[] }).points.forEach((p, k) => {
        const ok = isObject(p) && ['ebn0Db', 'frames', 'bits', 'bitErrors', 'frameErrors', 'ber', 'fer'].every((f) => typeof p[f] === 'number');
        if (!ok) bad(`variants[${i}].runs[${j}].points[${k}] lacks one of ebn0Db, frames, bits, bitErrors, frameErrors, ber, fer`);
      });
    });
  });
  if (u.targetBers !== undefined && !(Array.isArray(u.targetBers) && u.targetBers.every((t) => typeof t === 'number' && t > 0 && t < 1))) {
    bad('"targetBers" must be a list of numbers in (0, 1)');
  }
  return u as unknown as ExperimentResults;
};
