import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodewordSource } from '../../channel/source.js';
import { Code } from '../../codes/code.js';
import { DecoderSpec, describeDecoder } from '../../decoders/decoder.js';
import { parseNeuralWeights } from '../../decoders/neural-weights.js';
import { toCsv } from '../../report/csv.js';
import { fmtFixed, fmtSci, formatTable } from '../../report/table.js';
import { BerOn, BLOCK_FRAMES, CurveResult, PointResult, SimConfig } from '../../sim/monte-carlo.js';
import { simulateCurveParallel, workerPool } from '../../sim/parallel.js';
import { parseShardSpec, PART_FORMAT, ShardPart, shardParams, simulateShard } from '../../sim/shard.js';
import { zeroErrorUpperBound } from '../../sim/stats.js';
import { atomicWriteFile, atomicWriteJson } from '../../util/atomic-write.js';
import { UserError } from '../../util/errors.js';
import { mergeBerResume, planBerResume } from '../ber-resume.js';
import { loadCodeFrom, readJsonFile } from '../config-flags.js';
import { CliIO, Command, EXIT, flagBool, flagInt, flagNumber, flagString, ParsedArgs, parseNumberList } from '../command.js';
import { WORKERS_FLAG, workersFromArgs } from '../workers-flag.js';

const DECODERS = ['ms', 'nms', 'oms', 'spa', 'neural'] as const;
type DecoderKind = (typeof DECODERS)[number];

/** A count flag that also accepts "1e7". */
const countFlag = (a: ParsedArgs, name: string, fallback: number, min: number): number => flagInt(a, name, min) ?? fallback;

const oneOf = <T extends string>(a: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T => {
  const s = flagString(a, name);
  if (s === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(s)) throw new UserError(`--${name}: "${s}" must be one of ${allowed.join(', ')}`);
  return s as T;
};

const readWeightsFile = (path: string, code: Code) => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`--weights: cannot read '${path}': ${(e as Error).message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`--weights: '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  return parseNeuralWeights(raw, code);
};

/** The decoder spec the flags describe; every flag that does not fit the decoder is an error. */
export const decoderFromFlags = (a: ParsedArgs, code: Code, cwd: string): DecoderSpec => {
  const kind: DecoderKind = oneOf(a, 'decoder', DECODERS, 'ms');
  const iters = flagInt(a, 'iters', 0);
  const clipRaw = flagNumber(a, 'clip');
  if (clipRaw !== undefined && !(clipRaw > 0)) throw new UserError(`--clip: must be > 0, got ${clipRaw}`);
  const clip = clipRaw ?? null;
  const alpha = flagNumber(a, 'alpha');
  const beta = flagNumber(a, 'beta');
  const weights = flagString(a, 'weights');
  if (alpha !== undefined && kind !== 'nms') throw new UserError(`--alpha only applies to --decoder nms (got --decoder ${kind})`);
  if (beta !== undefined && kind !== 'oms') throw new UserError(`--beta only applies to --decoder oms (got --decoder ${kind})`);
  if (weights !== undefined && kind !== 'neural') throw new UserError(`--weights only applies to --decoder neural (got --decoder ${kind})`);
  const iterations = iters ?? 5;
  switch (kind) {
    case 'ms':
      return { kind, iterations, clip };
    case 'spa':
      return { kind, iterations, clip };
    case 'nms': {
      const a0 = alpha ?? 0.8;
      if (!(a0 > 0)) throw new UserError(`--alpha: must be > 0, got ${a0}`);
      return { kind, iterations, alpha: a0, clip };
    }
    case 'oms': {
      const b0 = beta ?? 0.15;
      if (!(b0 >= 0)) throw new UserError(`--beta: must be >= 0, got ${b0}`);
      return { kind, iterations, beta: b0, clip };
    }
    case 'neural': {
      if (weights === undefined) throw new UserError('--decoder neural needs --weights <weights.json>');
      const w = readWeightsFile(resolve(cwd, weights), code);
      if (iters !== undefined && iters !== w.iterations) {
        throw new UserError(`--iters ${iters} disagrees with the ${w.iterations} iterations stored in ${weights}`);
      }
      return { kind, weights: w, clip: clip ?? undefined };
    }
  }
};

/** Decoder description for the JSON output (neural weights summarised, not copied). */
const decoderJson = (spec: DecoderSpec, weightsPath: string | undefined): Record<string, unknown> => {
  const label = describeDecoder(spec);
  if (spec.kind === 'neural') {
    return { kind: 'neural', label, weights: weightsPath, weightKind: spec.weights.kind, iterations: spec.weights.iterations, sharing: spec.weights.sharing, clip: spec.clip ?? spec.weights.clip };
  }
  return { ...spec, clip: spec.clip ?? null, label };
};

const rateCell = (rate: number, ci: [number, number], upper: number | null): string =>
  upper !== null ? `< ${fmtSci(upper)}` : `${fmtSci(rate)} [${fmtSci(ci[0])}, ${fmtSci(ci[1])}]`;

/** The readable table printed on stdout. */
export const berTable = (points: readonly PointResult[]): string =>
  formatTable(
    ['Eb/N0', 'Es/N0', 'frames', 'bit errors', 'frame errors', 'BER [95% CI]', 'FER [95% CI]', 'mean iters', 'frames/s'],
    points.map((p) => [
      fmtFixed(p.ebn0Db, 2),
      fmtFixed(p.esn0Db, 2),
      p.frames,
      p.bitErrors,
      p.frameErrors,
      rateCell(p.ber, p.berCi, p.berUpperBound),
      rateCell(p.fer, p.ferCi, p.ferUpperBound),
      fmtFixed(p.meanIterations, 2),
      Math.round(p.framesPerSecond),
    ]),
    { align: ['r', 'r', 'r', 'r', 'r', 'l', 'l', 'r', 'r'] },
  );

/**
 * The rate and upper-bound cells of a CSV row: the rate and an empty bound
 * when errors were seen; with none, an empty rate and the one-sided 95% upper
 * bound (as the table's "< x"), never a rate of 0.
 */
const rateCells = (errors: number, rate: number, upper: number | null, trials: number): [number | string, number | string] =>
  errors > 0 ? [rate, ''] : ['', upper ?? zeroErrorUpperBound(trials)];

/** The columns of `tanner ber --csv` (and `tanner merge --csv`), one row per Eb/N0 point. */
export const BER_CSV_HEADERS = [
  'ebn0_db', 'esn0_db', 'frames', 'bit_errors', 'frame_errors',
  'ber', 'ber_low', 'ber_high', 'ber_upper_bound',
  'fer', 'fer_low', 'fer_high', 'fer_upper_bound',
  'mean_iterations', 'complete',
] as const;

/** The CSV of a curve: `ber`/`fer` are empty at a point without errors, whose `ber_upper_bound`/`fer_upper_bound` are set instead. */
export const csvText = (points: readonly PointResult[]): string =>
  toCsv(
    BER_CSV_HEADERS,
    points.map((p) => {
      const [ber, berUpper] = rateCells(p.bitErrors, p.ber, p.berUpperBound, p.bits);
      const [fer, ferUpper] = rateCells(p.frameErrors, p.fer, p.ferUpperBound, p.frames);
      return [p.ebn0Db, p.esn0Db, p.frames, p.bitErrors, p.frameErrors, ber, p.berCi[0], p.berCi[1], berUpper, fer, p.ferCi[0], p.ferCi[1], ferUpper, p.meanIterations, String(p.complete)];
    }),
  );

/**
 * Everything that defines a run besides the Eb/N0 list: the head of the JSON
 * output, and the parameters shard parts must share to be merged. For a
 * neural decoder `fingerprint` hashes the weights themselves, so two files
 * with the same path but different weights do not merge.
 */
export const berHeader = (config: SimConfig, weightsPath: string | undefined): Record<string, unknown> => ({
  code: { name: config.code.name, n: config.code.n, k: config.code.k, edges: config.code.graph.edges },
  decoder: {
    ...decoderJson(config.decoder, weightsPath),
    fingerprint: createHash('sha256').update(JSON.stringify(config.decoder)).digest('hex').slice(0, 16),
  },
  seed: config.seed,
  settings: {
    minFrameErrors: config.minFrameErrors,
    maxFrames: config.maxFrames,
    earlyStop: config.earlyStop,
    berOn: config.berOn,
    codeword: config.codeword,
    blockFrames: BLOCK_FRAMES,
    stopBelowBer: config.stopBelowBer ?? null,
    maxSecondsPerPoint: config.maxSecondsPerPoint ?? null,
    relPrecision: config.relPrecision ?? null,
  },
});

/** The JSON of a curve (format tanner-ber/1): the run's header plus its points. */
export const curveJson = (header: Readonly<Record<string, unknown>>, result: CurveResult, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  format: 'tanner-ber/1',
  ...header,
  ...extra,
  interrupted: result.interrupted,
  skippedEbn0Db: result.skippedEbn0Db,
  points: result.points,
});

export const berJson = (config: SimConfig, weightsPath: string | undefined, result: CurveResult): Record<string, unknown> =>
  curveJson(berHeader(config, weightsPath), result);

/** Print the table, write --json / --csv, report an interrupt: shared by ber and merge. */
export const writeCurve = (
  io: CliIO,
  result: CurveResult,
  json: Record<string, unknown>,
  paths: { readonly json?: string; readonly csv?: string },
  stopBelowBer: number | null,
): number => {
  io.stdout(berTable(result.points));
  if (result.skippedEbn0Db.length) io.stdout(`skipped (BER below ${stopBelowBer}): ${result.skippedEbn0Db.join(', ')} dB\n`);
  if (paths.json) atomicWriteJson(resolve(io.cwd, paths.json), json);
  if (paths.csv) atomicWriteFile(resolve(io.cwd, paths.csv), csvText(result.points));
  if (result.interrupted) {
    io.stderr(`interrupted: ${result.points.filter((p) => p.complete).length} finished point(s)${paths.json ? ` saved to ${paths.json}` : ''}\n`);
    return EXIT.interrupted;
  }
  return EXIT.ok;
};

/**
 * Heap sampling for long runs: with TANNER_HEAP_LOG=<file> set, `tanner ber`
 * appends "seconds,heapUsedMB,rssMB" every 5 s (docs/scale.md). Returns the stopper.
 */
const startHeapLog = (path: string | undefined, cwd: string): (() => void) => {
  if (!path) return () => undefined;
  const file = resolve(cwd, path);
  const t0 = performance.now();
  writeFileSync(file, 'seconds,heap_used_mb,rss_mb\n');
  const sample = () => {
    const m = process.memoryUsage();
    appendFileSync(file, `${((performance.now() - t0) / 1000).toFixed(1)},${(m.heapUsed / 2 ** 20).toFixed(2)},${(m.rss / 2 ** 20).toFixed(1)}\n`);
  };
  sample();
  const timer = setInterval(sample, 5000);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
  };
};

/** Flags the shard mode refuses, with why. */
const SHARD_REFUSES: readonly [string, string][] = [
  ['max-seconds', 'a wall-clock budget would make the slice depend on machine speed'],
  ['csv', 'a part holds blocks, not a curve; write the CSV with tanner merge --csv'],
];

export const command: Command = {
  name: 'ber',
  summary: 'Monte Carlo BER/FER curve of a decoder on a code',
  usage: '--code bch-63-45 --decoder ms|nms|oms|spa|neural --iters 5 --ebn0 4,5,6 [options]\n       tanner ber ... --shard i/N --max-frames 1e6 --json part-i.json   (then: tanner merge part-*.json)',
  flags: {
    code: { type: 'string', help: 'built-in code name (tanner codes list) or .alist / dense file [bch-63-45]' },
    decoder: { type: 'string', help: 'ms | nms | oms | spa | neural [ms]' },
    iters: { type: 'string', help: 'decoder iterations T [5] (neural: taken from --weights)' },
    ebn0: { type: 'string', help: 'Eb/N0 points in dB: "4,5,6" or a range "1:0.5:7" [4,5,6]' },
    'min-frame-errors': { type: 'string', help: 'stop a point after this many frame errors [100]' },
    'max-frames': { type: 'string', help: 'frame cap per point, e.g. 1e7 [10000000]' },
    seed: { type: 'string', help: 'random seed (noise depends only on seed and Eb/N0) [1]' },
    alpha: { type: 'string', help: 'normalized min-sum factor (nms) [0.8]' },
    beta: { type: 'string', help: 'offset min-sum offset (oms) [0.15]' },
    clip: { type: 'string', help: 'clip messages to +-L' },
    weights: { type: 'string', help: 'trained weights.json (neural)' },
    'early-stop': { type: 'boolean', help: 'stop decoding a frame once its syndrome is zero' },
    'ber-on': { type: 'string', help: 'count bit errors on all n bits or the k info bits: all | info [all]' },
    codeword: { type: 'string', help: 'transmitted codewords: zero | random [random]' },
    'stop-below-ber': { type: 'string', help: 'skip higher Eb/N0 points once BER falls below this' },
    'max-seconds': { type: 'string', help: 'wall-clock budget per point in seconds (results then depend on speed)' },
    'rel-precision': { type: 'string', help: 'stop a point once the FER 95% interval half-width is <= this fraction of FER, e.g. 0.1' },
    workers: WORKERS_FLAG,
    shard: { type: 'string', help: 'i/N: run only blocks j with j mod N == i up to the --max-frames budget; --json writes a part for tanner merge' },
    json: { type: 'string', help: 'write the results as JSON to this file' },
    csv: { type: 'string', help: 'write the points as CSV to this file' },
    resume: { type: 'boolean', help: 'continue the curve in --json after an interrupt: its finished points are kept (same result as an uninterrupted run)' },
  },
  run: async (a, io) => {
    const code = loadCodeFrom(io.cwd, flagString(a, 'code') ?? 'bch-63-45');
    const decoder = decoderFromFlags(a, code, io.cwd);
    const ebn0Db = parseNumberList(flagString(a, 'ebn0') ?? '4,5,6', '--ebn0');
    ebn0Db.forEach((x) => {
      if (!(x > -100 && x < 1000)) throw new UserError(`--ebn0: ${x} dB is outside (-100, 1000)`);
    });
    const stopBelow = flagNumber(a, 'stop-below-ber');
    if (stopBelow !== undefined && !(stopBelow > 0 && stopBelow < 1)) throw new UserError(`--stop-below-ber: must be in (0, 1), got ${stopBelow}`);
    const maxSeconds = flagNumber(a, 'max-seconds');
    if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new UserError(`--max-seconds: must be > 0, got ${maxSeconds}`);
    const relPrecision = flagNumber(a, 'rel-precision');
    if (relPrecision !== undefined && !(relPrecision > 0 && relPrecision < 1)) throw new UserError(`--rel-precision: must be in (0, 1), got ${relPrecision}`);
    const workers = workersFromArgs(a);
    const shardText = flagString(a, 'shard');
    const shard = shardText === undefined ? null : parseShardSpec(shardText);
    const config: SimConfig = {
      code,
      decoder,
      ebn0Db,
      seed: countFlag(a, 'seed', 1, 0),
      minFrameErrors: countFlag(a, 'min-frame-errors', 100, 1),
      maxFrames: countFlag(a, 'max-frames', 10_000_000, 1),
      earlyStop: flagBool(a, 'early-stop'),
      berOn: oneOf<BerOn>(a, 'ber-on', ['all', 'info'], 'all'),
      codeword: oneOf<CodewordSource>(a, 'codeword', ['zero', 'random'], 'random'),
      stopBelowBer: stopBelow ?? null,
      maxSecondsPerPoint: maxSeconds ?? null,
      relPrecision: relPrecision ?? null,
    };
    const jsonPath = flagString(a, 'json');
    const csvPath = flagString(a, 'csv');
    const weightsPath = flagString(a, 'weights');
    const resume = flagBool(a, 'resume');
    if (resume && shard !== null) throw new UserError('--resume does not combine with --shard: run the interrupted shard again');
    if (resume && !jsonPath) throw new UserError('--resume needs --json <file>: the results to continue');
    if (shard !== null) {
      if (flagString(a, 'max-frames') === undefined) throw new UserError('--shard needs --max-frames: the per-point frame budget every shard runs up to');
      for (const [flag, why] of SHARD_REFUSES) if (a.values[flag] !== undefined) throw new UserError(`--shard does not take --${flag}: ${why}`);
      if (!jsonPath) throw new UserError('--shard needs --json <part.json>: the part file tanner merge reads');
    }
    // A resumed curve is checked against its file before any work.
    const header = berHeader(config, weightsPath);
    const previous = resume ? resolve(io.cwd, jsonPath!) : null;
    const plan = previous && existsSync(previous) ? planBerResume(jsonPath!, readJsonFile(previous, '--resume'), header, config) : null;
    io.stderr(`tanner ber: ${code.name} (n=${code.n}, k=${code.k}, E=${code.graph.edges}), ${describeDecoder(decoder)}, seed ${config.seed}, ${workers} worker(s)${shard ? `, shard ${shard.index}/${shard.count}` : ''}\n`);
    const stopHeapLog = startHeapLog(process.env.TANNER_HEAP_LOG, io.cwd);
    try {
      if (shard !== null) {
        const pool = workerPool(config, workers);
        let run;
        try {
          run = await simulateShard(config, shard, pool, {
            signal: io.signal,
            onProgress: (p) =>
              io.progress(`Eb/N0 ${p.ebn0Db} dB: block ${p.blocksDone}/${p.blocksPlanned} of shard ${shard.index}/${shard.count}, ${p.frameErrors} frame errors, ${Math.round(p.framesPerSecond)} frames/s`),
          });
        } finally {
          await pool.close();
        }
        const part: ShardPart = { format: PART_FORMAT, params: shardParams(config, berHeader(config, weightsPath)), shard, interrupted: run.interrupted, points: run.points };
        atomicWriteJson(resolve(io.cwd, jsonPath!), part);
        const frames = run.points.reduce((s, p) => s + p.blocks.reduce((t, b) => t + b.frames, 0), 0);
        io.stdout(`shard ${shard.index}/${shard.count}: ${run.points.length} point(s), ${frames} frames, part written to ${jsonPath}\n`);
        if (run.interrupted) {
          io.stderr(`interrupted: the part in ${jsonPath} is marked incomplete; tanner merge will refuse it\n`);
          return EXIT.interrupted;
        }
        return EXIT.ok;
      }
      if (resume) io.stderr(plan ? `resuming: ${plan.kept.length} finished point(s) kept from ${jsonPath}\n` : `no results in ${jsonPath} yet: starting from the first point\n`);
      const todo: SimConfig = plan ? { ...config, ebn0Db: plan.todo } : config;
      const rest =
        todo.ebn0Db.length === 0
          ? null
          : await simulateCurveParallel(todo, {
              workers,
              signal: io.signal,
              onProgress: (p) =>
                io.progress(`Eb/N0 ${p.ebn0Db} dB: ${p.frames} frames, ${p.frameErrors} frame errors, ${p.bitErrors} bit errors, ${Math.round(p.framesPerSecond)} frames/s`),
            });
      const result = plan ? mergeBerResume(config, plan, rest) : rest!;
      return writeCurve(io, result, curveJson(header, result), { json: jsonPath, csv: csvPath }, config.stopBelowBer ?? null);
    } finally {
      stopHeapLog();
    }
  },
};
