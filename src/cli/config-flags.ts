import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCode } from '../codes/builtin.js';
import { Code } from '../codes/code.js';
import { decodeRunConfigOrThrow } from '../config/decode-run-config.js';
import { RunConfig } from '../config/run-config.js';
import { NeuralWeights, parseNeuralWeights } from '../decoders/neural-weights.js';
import { UserError } from '../util/errors.js';
import { FlagSpec, flagString, ParsedArgs } from './command.js';

/** Read and parse a JSON file the user named; errors say which file and why. */
export const readJsonFile = (path: string, what: string): unknown => {
  if (!existsSync(path)) throw new UserError(`${what} file not found: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${what} file ${path} is not valid JSON: ${(e as Error).message}`);
  }
};

/** Flags that set config fields; each becomes an override "path=value". */
export const CONFIG_FLAGS: Readonly<Record<string, FlagSpec & { path: string }>> = {
  code: { type: 'string', help: 'code name (tanner codes list) or parity-check file', path: 'code' },
  seed: { type: 'string', help: 'random seed (non-negative integer)', path: 'seed' },
  steps: { type: 'string', help: 'training steps', path: 'train.steps' },
  batch: { type: 'string', help: 'training batch size', path: 'train.batch' },
  lr: { type: 'string', help: 'Adam learning rate', path: 'train.lr' },
};

/** --config, --set and the named config flags, but those in `omit` (flags a command would ignore, e.g. --steps for gradcheck). */
export const configFlagSpecs = (omit: readonly string[] = []): Record<string, FlagSpec> => ({
  config: { type: 'string', help: 'run config JSON file (docs/config.md); flags override it' },
  set: { type: 'string', multiple: true, help: 'override any config field: --set loss.kd=0.5 (repeatable)' },
  ...Object.fromEntries(Object.entries(CONFIG_FLAGS).filter(([k]) => !omit.includes(k)).map(([k, v]) => [k, { type: v.type, help: v.help }])),
});

/** The overrides given on the command line, in order: named flags, then --set. */
export const configOverrides = (args: ParsedArgs): string[] => {
  const out: string[] = [];
  for (const [flag, spec] of Object.entries(CONFIG_FLAGS)) {
    const v = flagString(args, flag);
    if (v !== undefined) out.push(`${spec.path}=${v}`);
  }
  const sets = args.values.set;
  for (const s of Array.isArray(sets) ? sets : typeof sets === 'string' ? [sets] : []) {
    if (!s.includes('=')) throw new UserError(`--set ${s}: expected path=value, e.g. --set loss.kd=0.5`);
    out.push(s);
  }
  return out;
};

/** Config file (if any) + embedded base + overrides, decoded and validated. */
export const configFromArgs = (args: ParsedArgs, cwd: string, base: unknown = {}): RunConfig => {
  const file = flagString(args, 'config');
  const input = file ? readJsonFile(resolve(cwd, file), 'config') : base;
  return decodeRunConfigOrThrow(input, configOverrides(args));
};

/** A code by built-in name, or by a file path relative to `cwd` (the command's folder, not necessarily the process's). */
export const loadCodeFrom = (cwd: string, nameOrPath: string): Code =>
  loadCode(existsSync(resolve(cwd, nameOrPath)) ? resolve(cwd, nameOrPath) : nameOrPath);

/** Resolve the config's file references: the code and a neural teacher's weights. */
export const loadRunInputs = (config: RunConfig, cwd: string): { code: Code; teacherWeights: NeuralWeights | null } => {
  const code = loadCodeFrom(cwd, config.code);
  const weightsPath = config.teacher.kind === 'neural' ? config.teacher.weights : null;
  let teacherWeights: NeuralWeights | null = null;
  if (weightsPath) {
    const raw = readJsonFile(resolve(cwd, weightsPath), 'teacher.weights');
    try {
      teacherWeights = parseNeuralWeights(raw, code);
    } catch (e) {
      throw e instanceof UserError ? new UserError(`teacher.weights ${weightsPath}: ${e.message}`) : e;
    }
  }
  // The config's teacher.iterations feeds the t0 check and the labels: it must be the decoder the file holds.
  if (teacherWeights && teacherWeights.iterations !== config.teacher.iterations) {
    throw new UserError(
      `teacher.iterations is ${config.teacher.iterations} but teacher.weights ${config.teacher.weights} holds a ${teacherWeights.iterations}-iteration decoder; set teacher.iterations=${teacherWeights.iterations}`,
    );
  }
  return { code, teacherWeights };
};

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};
