/**
 * The one entry point from untrusted input (a JSON file plus overrides) to a
 * RunConfig: decode field by field, then check across fields.
 */
import { Either, chain, isLeft, map, mapLeft } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { UserError } from '../util/errors.js';
import { deepFreeze } from './combinators.js';
import { ConfigError, formatConfigErrors, toConfigErrors } from './config-error.js';
import { applyOverrides } from './overrides.js';
import { RunConfig, RunConfigCodec } from './run-config.js';
import { validateRunConfig } from './validate-run-config.js';

/**
 * Decode a raw config (e.g. parsed JSON): missing fields take their defaults,
 * unknown keys and bad values are errors with their paths. The result is
 * deeply frozen.
 *
 * @example
 * ```ts
 * import { decodeRunConfig, formatConfigErrors } from 'tanner';
 * import assert from 'node:assert/strict';
 * const ok = decodeRunConfig({ train: { steps: 10 } });
 * assert.ok(ok._tag === 'Right' && ok.right.train.steps === 10 && ok.right.train.batch === 120);
 * const bad = decodeRunConfig({ loss: { pKd: -1 } });
 * assert.ok(bad._tag === 'Left');
 * assert.match(formatConfigErrors(bad.left), /^loss\.pKd: /);
 * ```
 */
export const decodeRunConfig = (input: unknown): Either<ConfigError[], RunConfig> =>
  pipe(
    RunConfigCodec.decode(input),
    mapLeft(toConfigErrors),
    chain((config): Either<ConfigError[], RunConfig> => validateRunConfig(config)),
    map(deepFreeze),
  );

/**
 * The default config: the decode of `{}`.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, defaultRunConfig } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(defaultRunConfig.code, 'bch-63-45');
 * assert.deepEqual(decodeRunConfigOrThrow({}), defaultRunConfig);
 * assert.ok(Object.isFrozen(defaultRunConfig.train));
 * ```
 */
export const defaultRunConfig: RunConfig = ((): RunConfig => {
  const decoded = decodeRunConfig({});
  if (isLeft(decoded)) throw new Error(`the default config is invalid:\n${formatConfigErrors(decoded.left)}`);
  return decoded.right;
})();

/**
 * Apply overrides then decode; throws a UserError listing every problem, one
 * per line. For the CLI, which catches UserError.
 *
 * @example
 * ```ts
 * import { decodeRunConfigOrThrow, UserError } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({ code: 'bch-31-16' }, ['train.steps=50', 'loss.kd=0']);
 * assert.deepEqual([config.code, config.train.steps, config.loss.kd], ['bch-31-16', 50, 0]);
 * assert.throws(() => decodeRunConfigOrThrow({}, ['train.stepz=5']), UserError);
 * ```
 */
export const decodeRunConfigOrThrow = (input: unknown, overrides: readonly string[] = []): RunConfig => {
  const decoded = pipe(applyOverrides(input, overrides), chain(decodeRunConfig));
  if (isLeft(decoded)) throw new UserError(`invalid config:\n${formatConfigErrors(decoded.left)}`);
  return decoded.right;
};

/**
 * The fields that name files. Checking that they exist is not pure, so it is
 * the CLI's job (`code` may also be a built-in name such as `bch-63-45`).
 */
export const configPathFields = ['code', 'teacher.weights'] as const;

/** A field of `configPathFields` with its value in a config (null fields left out). */
export interface ConfigPathValue {
  readonly path: (typeof configPathFields)[number];
  readonly value: string;
}

/** The non-null file-naming fields of a config, for the CLI's existence check. */
export const pathFieldValues = (config: RunConfig): ConfigPathValue[] => {
  const values: ConfigPathValue[] = [{ path: 'code', value: config.code }];
  if (config.teacher.weights !== null) values.push({ path: 'teacher.weights', value: config.teacher.weights });
  return values;
};
