import { RunConfig } from '../config/run-config.js';
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
}
