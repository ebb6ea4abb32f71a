/**
 * Config errors as the user reads them: the dotted path of the bad field and
 * one sentence saying what was expected and what was given.
 */
import * as t from 'io-ts';
import { DefaultedType, ListType, expectedMessage } from './combinators.js';

/** One problem in a config: `path` is dotted (`loss.pKd`, `train.ebn0Db[2]`), '' for the whole config. */
export interface ConfigError {
  readonly path: string;
  readonly message: string;
}

const isList = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof ListType || (type instanceof DefaultedType && type.inner instanceof ListType);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The dotted path of an io-ts context: `loss.pKd`; list elements as
 * `train.ebn0Db[2]`; keys that are not identifiers quoted, `student["a b"]`.
 */
export const pathOfContext = (context: t.Context): string => {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const key = context[i].key; // entry 0 is the root, which has no key
    if (isList(context[i - 1].type)) path += `[${key}]`;
    else if (!IDENTIFIER.test(key)) path += `[${JSON.stringify(key)}]`;
    else path += path === '' ? key : `.${key}`;
  }
  return path;
};

/** io-ts validation errors as ConfigErrors (our codecs always set a message; io-ts's own get a generic one). */
export const toConfigErrors = (errors: t.Errors): ConfigError[] =>
  errors.map((e) => ({
    path: pathOfContext(e.context),
    message: e.message ?? expectedMessage(e.context[e.context.length - 1]?.type.name ?? 'something else', e.value),
  }));

/**
 * One line per error: `loss.pKd: expected a number > 0, got -1`.
 *
 * @example
 * ```ts
 * import { formatConfigErrors } from 'tanner';
 * import assert from 'node:assert/strict';
 * const text = formatConfigErrors([
 *   { path: 'loss.pKd', message: 'expected a number > 0, got -1' },
 *   { path: '', message: 'expected an object, got 3' },
 * ]);
 * assert.equal(text, 'loss.pKd: expected a number > 0, got -1\n(config): expected an object, got 3');
 * ```
 */
export const formatConfigErrors = (errors: readonly ConfigError[]): string =>
  errors.map((e) => `${e.path === '' ? '(config)' : e.path}: ${e.message}`).join('\n');
