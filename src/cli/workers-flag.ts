import { availableParallelism } from 'node:os';
import { FlagSpec, flagInt, ParsedArgs } from './command.js';

/**
 * `--workers N`: Monte Carlo worker threads, default the number of cores.
 * Results never depend on it (blocks have their own noise substreams), so it
 * is a flag of the command line, not a field of the run config.
 */
export const WORKERS_FLAG: FlagSpec = { type: 'string', help: 'Monte Carlo worker threads; results are identical for any count [number of cores]' };

export const workersFromArgs = (a: ParsedArgs): number => flagInt(a, 'workers', 1) ?? availableParallelism();
