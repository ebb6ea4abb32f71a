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
 */
export const decodeRunConfig = (input: unknown): Either<ConfigError[], RunConfig> =>
  pipe(
    RunConfigCodec.decode(input),
    mapLeft(toConfigErrors),
    chain((config): Either<ConfigError[], RunConfig> => validateRunConfig(config)),
    map(deepFreeze),
  );

/** The default config: the decode of `{}`. */
export const defaultRunConfig: RunConfig = ((): RunConfig => {
  const decoded = decodeRunConfig({});
  if (isLeft(decoded)) throw new Error(`the default config is invalid:\n${formatConfigErrors(decoded.left)}`);
  return decoded.right;
})();

/**
 * Apply overrides then decode; throws a UserError listing every problem, one
 * per line. For the CLI, which catches UserError.
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
