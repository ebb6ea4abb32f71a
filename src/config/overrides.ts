/**
 * Command-line style overrides `dotted.path=value` applied to a raw config
 * input before it is decoded. Unknown paths are not checked here: the decoder
 * reports them (with a did-you-mean) like any unknown key.
 */
import { Either, left, right } from 'fp-ts/lib/Either.js';
import { ConfigError } from './config-error.js';
import { showValue } from './show-value.js';

/** Numbers JSON cannot spell; read as numbers so the decoder can say "expected a finite number, got NaN". */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** The value JSON (or NON_FINITE) reads from `text`, or undefined if it is neither (JSON never yields undefined). */
const tryParse = (text: string): unknown => {
  const trimmed = text.trim();
  if (Object.prototype.hasOwnProperty.call(NON_FINITE, trimmed)) return NON_FINITE[trimmed];
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * An override's value: JSON if it parses (`5`, `true`, `null`, `"x"`, `[1,2]`),
 * else a comma-separated list of such values or strings (`1,2,3`), else the raw string.
 */
export const parseOverrideValue = (text: string): unknown => {
  const parsed = tryParse(text);
  if (parsed !== undefined) return parsed;
  if (!text.includes(',')) return text;
  return text.split(',').map((item) => tryParse(item) ?? item.trim());
};

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** A copy of `target` with `value` at `keys`, creating missing objects on the way; `target` is not changed. */
const setPath = (
  target: Record<string, unknown>,
  keys: readonly string[],
  value: unknown,
  done: readonly string[] = [],
): Either<ConfigError, Record<string, unknown>> => {
  const [key, ...rest] = keys;
  if (rest.length === 0) return right({ ...target, [key]: value });
  const child = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
  const here = [...done, key].join('.');
  if (child !== undefined && !isPlainObject(child)) {
    return left({ path: here, message: `cannot set ${[...done, ...keys].join('.')}: ${here} is ${showValue(child)}, not an object` });
  }
  const updated = setPath(child ?? {}, rest, value, [...done, key]);
  return updated._tag === 'Left' ? updated : right({ ...target, [key]: updated.right });
};

/**
 * Apply overrides `dotted.path=value` in order (a later one wins). The input
 * is not changed; undefined counts as `{}`.
 *
 * @example
 * ```ts
 * import { applyOverrides } from 'tanner';
 * import assert from 'node:assert/strict';
 * const r = applyOverrides({ train: { steps: 5 } }, ['train.steps=7', 'train.ebn0Db=[3,4]', 'code=bch-31-16']);
 * assert.ok(r._tag === 'Right');
 * assert.deepEqual(r.right, { train: { steps: 7, ebn0Db: [3, 4] }, code: 'bch-31-16' });
 * assert.equal(applyOverrides({}, ['no-equals-sign'])._tag, 'Left');
 * ```
 */
export const applyOverrides = (input: unknown, overrides: readonly string[]): Either<ConfigError[], unknown> => {
  const base = input === undefined ? {} : input;
  if (!isPlainObject(base)) return left([{ path: '', message: `expected an object, got ${showValue(input)}` }]);
  const errors: ConfigError[] = [];
  let config: Record<string, unknown> = base;
  for (const override of overrides) {
    const eq = override.indexOf('=');
    const path = eq < 0 ? '' : override.slice(0, eq).trim();
    const keys = path.split('.');
    if (eq < 0 || keys.some((k) => k === '')) {
      errors.push({ path, message: `override ${JSON.stringify(override)} must look like dotted.path=value (e.g. loss.kd=0)` });
      continue;
    }
    const updated = setPath(config, keys, parseOverrideValue(override.slice(eq + 1)));
    if (updated._tag === 'Left') errors.push(updated.left);
    else config = updated.right;
  }
  return errors.length > 0 ? left(errors) : right(config);
};
