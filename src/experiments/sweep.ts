/**
 * Sweeps: a grid over config keys (`--sweep loss.sparse=1e-3,1e-2 --sweep
 * teacher=ms30,nms30`), each grid point a trained variant with the same
 * budget and seeds as every other.
 */
import { decodeRunConfigOrThrow, defaultRunConfig } from '../config/decode-run-config.js';
import { RunConfig } from '../config/run-config.js';
import { UserError } from '../util/errors.js';
import { Variant } from './variants.js';

/** Short names a sweep may use for the keys swept most often. */
export const SWEEP_ALIASES: Readonly<Record<string, string>> = {
  delta: 'loss.sparse',
  pKd: 'loss.pKd',
  pSparse: 'loss.pSparse',
  t0: 'loss.t0',
  kdDistance: 'loss.kdDistance',
};

/** Keys a sweep may not change: the code is fixed for the whole run, the seeds are set by --seeds. */
const FIXED_KEYS = ['code', 'seed'] as const;

/** One value of an axis: as the user wrote it, and the config overrides it stands for. */
export interface SweepValue {
  readonly text: string;
  readonly overrides: readonly string[];
}

/** One axis of the grid: a key (as written, alias or dotted path) and its values. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly SweepValue[];
}

/** One grid point: one value per axis. */
export interface SweepPoint {
  readonly settings: readonly { readonly key: string; readonly value: string }[];
  readonly overrides: readonly string[];
}

/** Split "a,b,[1,2]" at the commas outside brackets and quotes. */
const splitValues = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '[' || ch === '{')) depth++;
    else if (!quoted && (ch === ']' || ch === '}')) depth--;
    if (ch === ',' && depth === 0 && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
};

/** True when `path` names a leaf (a non-object field) of the config. */
const isConfigLeaf = (config: RunConfig, path: string): boolean => {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node !== 'object' || node === null || Array.isArray(node);
};

/**
 * A teacher written as <kind><iterations>[:<weights path>]: `ms30` (min-sum),
 * `nms30` (normalized min-sum, alpha from the config), `spa30` (sum-product),
 * `nnms30:<weights.json>` (a trained neural decoder as teacher), or `genie`
 * (targets from the true bits, teacher.iterations unchanged).
 */
export const teacherOverrides = (text: string, where: string): string[] => {
  // the genie keeps the config's teacher.iterations (it only sets the look-ahead window)
  if (text.trim() === 'genie') return ['teacher.kind=genie', 'teacher.weights=null'];
  const m = /^(ms|nms|spa|nnms)(\d+)(?::(.+))?$/.exec(text.trim());
  if (!m) throw new UserError(`${where}: teacher "${text}" must be ms<T>, nms<T>, spa<T>, nnms<T>:<weights path> or genie (e.g. ms30, nnms30:runs/t/weights.json)`);
  const [, kind, iterations, weights] = m;
  if (kind === 'nnms') {
    if (!weights) throw new UserError(`${where}: teacher "${text}" needs the weights file: nnms${iterations}:<weights path>`);
    return ['teacher.kind=neural', `teacher.iterations=${iterations}`, `teacher.weights=${JSON.stringify(weights)}`];
  }
  if (weights) throw new UserError(`${where}: teacher "${text}": only an nnms teacher takes a weights path`);
  return [`teacher.kind=${kind}`, `teacher.iterations=${iterations}`, 'teacher.weights=null'];
};

/**
 * Parse one `--sweep key=v1,v2,...`. The key is a dotted config path or an
 * alias (SWEEP_ALIASES, or `teacher`, whose values are {@link teacherOverrides}).
 * Values are separated by commas outside brackets (so `[1,2]` is one value).
 * Throws UserError naming the key when it is unknown or not sweepable.
 */
export const parseSweepAxis = (spec: string): SweepAxis => {
  const where = `--sweep ${spec}`;
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UserError(`${where}: expected key=value1,value2,... (e.g. --sweep loss.sparse=1e-3,1e-2)`);
  const key = spec.slice(0, eq).trim();
  const values = splitValues(spec.slice(eq + 1));
  if (values.some((v) => v === '')) throw new UserError(`${where}: empty value in the list for ${key}`);
  if (new Set(values).size !== values.length) throw new UserError(`${where}: a value of ${key} is repeated`);
  if (key === 'teacher') return { key, values: values.map((v) => ({ text: v, overrides: teacherOverrides(v, where) })) };
  const path = SWEEP_ALIASES[key] ?? key;
  if ((FIXED_KEYS as readonly string[]).includes(path)) {
    throw new UserError(`${where}: "${path}" cannot be swept (the code is fixed for a run; seeds are set with --seeds)`);
  }
  if (!isConfigLeaf(defaultRunConfig, path)) {
    throw new UserError(
      `${where}: unknown config key "${path}"${path !== key ? ` (alias of ${key})` : ''}; use a dotted field path of docs/config.md (e.g. loss.sparse) or an alias: ${[...Object.keys(SWEEP_ALIASES), 'teacher'].join(', ')}`,
    );
  }
  return { key, values: values.map((v) => ({ text: v, overrides: [`${path}=${v}`] })) };
};

/** Parse every `--sweep`; a key given twice is an error. */
export const parseSweep = (specs: readonly string[]): SweepAxis[] => {
  const axes = specs.map(parseSweepAxis);
  const seen = new Set<string>();
  for (const a of axes) {
    const path = SWEEP_ALIASES[a.key] ?? a.key;
    if (seen.has(path)) throw new UserError(`--sweep: the key ${a.key} (${path}) is given twice; put all its values in one --sweep`);
    seen.add(path);
  }
  return axes;
};

/** The cartesian product of the axes, the first axis varying slowest. An empty list of axes has no points. */
export const expandGrid = (axes: readonly SweepAxis[]): SweepPoint[] => {
  if (axes.length === 0) return [];
  return axes.reduce<SweepPoint[]>(
    (points, axis) =>
      points.flatMap((p) =>
        axis.values.map((v) => ({ settings: [...p.settings, { key: axis.key, value: v.text }], overrides: [...p.overrides, ...v.overrides] })),
      ),
    [{ settings: [], overrides: [] }],
  );
};

/** A folder-safe id of a grid point, e.g. "delta=0.001_pKd=1". */
export const sweepPointId = (p: SweepPoint): string =>
  p.settings.map((s) => `${s.key}=${s.value}`).join('_').replace(/[^A-Za-z0-9._=+-]+/g, '-');

/**
 * The trained variants of a grid: one per point, loss weights and all other
 * fields from the base config with the point's overrides on top. Each point's
 * config is decoded now, so a bad value stops the run before any training and
 * the error names the grid point and the field.
 */
export const sweepVariants = (base: RunConfig, points: readonly SweepPoint[]): Variant[] => {
  const variants = points.map((p): Variant => {
    const label = p.settings.map((s) => `${s.key}=${s.value}`).join(', ');
    try {
      decodeRunConfigOrThrow(base, p.overrides);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`sweep point ${label}: ${e.message}`);
      throw e;
    }
    return { id: sweepPointId(p), label, kind: 'trained', overrides: p.overrides };
  });
  const ids = variants.map((v) => v.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new UserError(`--sweep: two grid points share the folder name "${dup}"; write their values so they differ in letters or digits`);
  return variants;
};
