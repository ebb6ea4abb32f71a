import { UserError } from '../util/errors.js';
import { FlagSpec } from './command.js';

/** Seeds when --seeds is not given: three, so every gain has a spread. */
export const DEFAULT_SEED_COUNT = 3;

/**
 * --seeds: a count N (seeds base.seed .. base.seed + N - 1) or an explicit
 * comma-separated list ("1,2,5"; a single explicit seed is written "5,").
 */
export const parseSeeds = (text: string | undefined, baseSeed: number): number[] => {
  if (text === undefined) return Array.from({ length: DEFAULT_SEED_COUNT }, (_, i) => baseSeed + i);
  const t = text.trim();
  if (!t.includes(',')) {
    const n = Number(t);
    if (t === '' || !Number.isInteger(n) || n < 1 || n > 1000) throw new UserError(`--seeds: expected a count >= 1 or a list like 1,2,5, got "${text}"`);
    return Array.from({ length: n }, (_, i) => baseSeed + i);
  }
  const seeds = t
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const x = Number(s);
      if (!Number.isInteger(x) || x < 0) throw new UserError(`--seeds: "${s}" is not a non-negative integer seed (in "${text}")`);
      return x;
    });
  if (seeds.length === 0) throw new UserError(`--seeds: empty list "${text}"`);
  if (new Set(seeds).size !== seeds.length) throw new UserError(`--seeds: a seed is repeated in "${text}"`);
  return seeds;
};

/** `--seeds`, shared by the experiment commands (ablate, reproduce). */
export const SEEDS_FLAG: FlagSpec = { type: 'string', help: `a count N (seeds seed .. seed+N-1) or a list 1,2,5 (default ${DEFAULT_SEED_COUNT})` };
