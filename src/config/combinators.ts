/**
 * The io-ts building blocks of the config codecs. Each carries what the error
 * messages and the generated reference need: what it expects (in words), its
 * default, its known keys.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { didYouMean } from './suggest.js';
import { showValue } from './show-value.js';

/** `expected <what>, got <value>`: the one shape of every field error. */
export const expectedMessage = (expected: string, u: unknown): string => `expected ${expected}, got ${showValue(u)}`;

/**
 * A scalar codec checked by one predicate. Its name is what it expects, in
 * words ("a number > 0"), and its failures read `expected <name>, got <value>`,
 * with a did-you-mean hint when it is a choice among strings.
 */
export class LeafType<A> extends t.Type<A, A, unknown> {
  readonly _tag = 'LeafType' as const;
  constructor(
    readonly expected: string,
    is: (u: unknown) => u is A,
    readonly choices: readonly string[] = [],
  ) {
    super(
      expected,
      is,
      (u, c) =>
        is(u)
          ? t.success(u)
          : t.failure(u, c, expectedMessage(expected, u) + (typeof u === 'string' ? didYouMean(u, choices) : '')),
      t.identity,
    );
  }
}

/** One of the given strings, e.g. `oneOf(['nnms', 'noms'])`. */
export const oneOf = <const V extends readonly string[]>(values: V): LeafType<V[number]> =>
  new LeafType<V[number]>(
    `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    (u): u is V[number] => typeof u === 'string' && values.includes(u),
    values,
  );

/** The leaf, or null (which means "off" or "derived" for that field). */
export const nullable = <A>(leaf: LeafType<A>): LeafType<A | null> =>
  new LeafType<A | null>(`${leaf.expected} or null`, (u): u is A | null => u === null || leaf.is(u), leaf.choices);

/**
 * A list whose every element is checked by `element`; element errors carry
 * their index in the path (`train.ebn0Db[2]`).
 */
export class ListType<A> extends t.Type<A[], A[], unknown> {
  readonly _tag = 'ListType' as const;
  constructor(
    name: string,
    readonly element: LeafType<A>,
    readonly minLength: number,
  ) {
    super(
      name,
      (u): u is A[] => Array.isArray(u) && u.length >= minLength && u.every((x) => element.is(x)),
      (u, c) => {
        if (!Array.isArray(u)) {
          const hint = element.is(u) ? ` (write a single value as [${showValue(u)}])` : '';
          return t.failure(u, c, expectedMessage(name, u) + hint);
        }
        if (u.length < minLength) return t.failure(u, c, expectedMessage(name, u));
        const errors: t.Errors = [];
        const out: A[] = [];
        u.forEach((x: unknown, i) => {
          const r = element.validate(x, t.appendContext(c, String(i), element, x));
          if (isLeft(r)) errors.push(...r.left);
          else out.push(r.right);
        });
        return errors.length > 0 ? t.failures(errors) : t.success(out);
      },
      (a) => [...a],
    );
  }
}

/** `new ListType(name, element, minLength)` as a function; `name` says in words what the list holds. */
export const listOf = <A>(name: string, element: LeafType<A>, minLength = 1): ListType<A> =>
  new ListType(name, element, minLength);

/** Deep-freeze a JSON-like value (defaults are shared by every decode, so nobody may change them). */
export const deepFreeze = <A>(a: A): A => {
  if (typeof a === 'object' && a !== null && !Object.isFrozen(a)) {
    for (const v of Object.values(a)) deepFreeze(v);
    Object.freeze(a);
  }
  return a;
};

/** A field that may be left out of the input: missing (undefined) decodes to `defaultValue`. */
export class DefaultedType<A, O> extends t.Type<A, O, unknown> {
  readonly _tag = 'DefaultedType' as const;
  constructor(
    readonly inner: t.Type<A, O, unknown>,
    readonly defaultValue: A,
  ) {
    deepFreeze(defaultValue);
    super(inner.name, inner.is, (u, c) => (u === undefined ? t.success(defaultValue) : inner.validate(u, c)), inner.encode);
  }
}

/** `new DefaultedType(codec, defaultValue)`, checking at construction that the default is valid. */
export const withDefault = <A, O>(codec: t.Type<A, O, unknown>, defaultValue: A): DefaultedType<A, O> => {
  if (!codec.is(defaultValue)) throw new Error(`default ${showValue(defaultValue)} is not ${codec.name}`);
  return new DefaultedType(codec, defaultValue);
};

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const unknownKeysOf = (u: Record<string, unknown>, props: t.Props): string[] =>
  Object.keys(u).filter((k) => !Object.prototype.hasOwnProperty.call(props, k));

/**
 * An object with exactly the keys of `props`. io-ts's `t.exact` silently strips
 * unknown keys; a config with a misspelt key must fail instead, so every
 * unknown key is reported at its own path, with a did-you-mean hint. A missing
 * section (undefined) decodes as `{}`, i.e. all of its defaults.
 */
export class StrictType<P extends t.Props> extends t.Type<t.TypeOfProps<P>, t.OutputOfProps<P>, unknown> {
  readonly _tag = 'StrictType' as const;
  constructor(
    name: string,
    readonly props: P,
  ) {
    const exact = t.exact(t.type(props));
    const known = Object.keys(props);
    super(
      name,
      (u): u is t.TypeOfProps<P> => isPlainObject(u) && unknownKeysOf(u, props).length === 0 && exact.is(u),
      (u, c) => {
        const input = u === undefined ? {} : u;
        if (!isPlainObject(input)) return t.failure(u, c, expectedMessage(`an object (${name})`, u));
        const unknownErrors: t.ValidationError[] = unknownKeysOf(input, props).map((key) => ({
          value: input[key],
          context: t.appendContext(c, key, t.unknown, input[key]),
          message: `unknown key${didYouMean(key, known)}`,
        }));
        const result = exact.validate(input, c);
        if (unknownErrors.length === 0) return result;
        return t.failures([...unknownErrors, ...(isLeft(result) ? result.left : [])]);
      },
      (a) => exact.encode(a),
    );
  }
}

/** `new StrictType(name, props)` as a function. */
export const strict = <P extends t.Props>(name: string, props: P): StrictType<P> => new StrictType(name, props);
