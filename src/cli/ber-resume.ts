/**
 * `tanner ber --resume`: continue a curve whose --json file an interrupted run
 * left. Finished points are kept, the rest is simulated, and the result equals
 * an uninterrupted run's (timing fields aside): each point's noise depends
 * only on (seed, Eb/N0), and the stop-below-BER skip rule is replayed over
 * the kept points first.
 */
import { configDifferences } from '../config/config-diff.js';
import { belowTargetAfter, CurveResult, PointResult, SimConfig } from '../sim/monte-carlo.js';
import { UserError } from '../util/errors.js';

/** What a resumed run reuses and what it still has to simulate. */
export interface BerResumePlan {
  /** finished points kept from the file, in curve order */
  readonly kept: PointResult[];
  /** points to simulate, in curve order (the stop rule of the kept points already applied) */
  readonly todo: number[];
  /** points skipped by the stop-below-BER rule of the kept points */
  readonly skipped: number[];
}

/** The header fields that must match; the weights path may differ as long as the weights (fingerprint) are the same. */
const IGNORED = ['decoder.weights'];

/**
 * Plan a resume from the parsed --json file of an earlier run. Throws a
 * UserError naming the differing fields when the file is from another run.
 * The longest prefix of the Eb/N0 list that the file finished is kept.
 */
export const planBerResume = (file: string, previous: unknown, header: Readonly<Record<string, unknown>>, config: SimConfig): BerResumePlan => {
  const old = previous as { format?: unknown; points?: unknown } | null;
  if (!old || old.format !== 'tanner-ber/1' || !Array.isArray(old.points)) {
    throw new UserError(`--resume: ${file} is not a tanner ber --json file (format "tanner-ber/1")`);
  }
  const now = JSON.parse(JSON.stringify(header)) as Record<string, unknown>;
  const before = Object.fromEntries(Object.keys(now).map((k) => [k, (old as Record<string, unknown>)[k]]));
  const diffs = configDifferences(before, now, IGNORED);
  if (diffs.length > 0) {
    throw new UserError(`--resume: ${file} was written by another run (${diffs.join('; ')}); drop --resume to start over, or write to another --json file`);
  }
  const finished = new Map<number, PointResult>();
  for (const p of old.points as PointResult[]) if (p && p.complete === true && typeof p.ebn0Db === 'number') finished.set(p.ebn0Db, p);
  const kept: PointResult[] = [];
  const skipped: number[] = [];
  let belowTargetAt: number | null = null;
  let i = 0;
  for (; i < config.ebn0Db.length; i++) {
    const x = config.ebn0Db[i];
    if (belowTargetAt !== null && x > belowTargetAt) skipped.push(x);
    else if (finished.has(x)) {
      const p = finished.get(x)!;
      kept.push(p);
      belowTargetAt = belowTargetAfter(config, p, belowTargetAt);
    } else break;
  }
  const todo: number[] = [];
  for (const x of config.ebn0Db.slice(i)) (belowTargetAt !== null && x > belowTargetAt ? skipped : todo).push(x);
  return { kept, todo, skipped };
};

/** The whole curve: the kept points, then what the resumed run simulated; skipped points in curve order. */
export const mergeBerResume = (config: SimConfig, plan: BerResumePlan, rest: CurveResult | null): CurveResult => {
  const order = (x: number): number => config.ebn0Db.indexOf(x);
  return {
    points: [...plan.kept, ...(rest?.points ?? [])],
    skippedEbn0Db: [...plan.skipped, ...(rest?.skippedEbn0Db ?? [])].sort((a, b) => order(a) - order(b)),
    interrupted: rest?.interrupted ?? false,
  };
};
