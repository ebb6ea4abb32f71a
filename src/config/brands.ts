/**
 * Branded scalar codecs: the brand records that the check was made, and the
 * name says in words what is expected ("an integer >= 1"), which is what the
 * error messages print.
 */
import * as t from 'io-ts';
import { LeafType } from './combinators.js';

/** Eb/N0 values outside this range (dB) are almost surely a typo (e.g. linear instead of dB). */
export const EBN0_DB_RANGE = { min: -10, max: 20 } as const;

const isFinite = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);
const isSafeInteger = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u);

export interface FiniteNumberBrand {
  readonly FiniteNumber: unique symbol;
}
/** A number that is not NaN, Infinity or -Infinity. */
export type FiniteNumber = t.Branded<number, FiniteNumberBrand>;
export const FiniteNumber = new LeafType<FiniteNumber>('a finite number', (u): u is FiniteNumber => isFinite(u));

export interface PositiveNumberBrand {
  readonly PositiveNumber: unique symbol;
}
/** A finite number > 0. */
export type PositiveNumber = t.Branded<number, PositiveNumberBrand>;
export const PositiveNumber = new LeafType<PositiveNumber>('a number > 0', (u): u is PositiveNumber => isFinite(u) && u > 0);

export interface NonNegativeNumberBrand {
  readonly NonNegativeNumber: unique symbol;
}
/** A finite number >= 0. */
export type NonNegativeNumber = t.Branded<number, NonNegativeNumberBrand>;
export const NonNegativeNumber = new LeafType<NonNegativeNumber>(
  'a number >= 0',
  (u): u is NonNegativeNumber => isFinite(u) && u >= 0,
);

export interface PositiveIntBrand {
  readonly PositiveInt: unique symbol;
}
/** A safe integer >= 1. */
export type PositiveInt = t.Branded<number, PositiveIntBrand>;
export const PositiveInt = new LeafType<PositiveInt>('an integer >= 1', (u): u is PositiveInt => isSafeInteger(u) && u >= 1);

export interface NonNegativeIntBrand {
  readonly NonNegativeInt: unique symbol;
}
/** A safe integer >= 0. */
export type NonNegativeInt = t.Branded<number, NonNegativeIntBrand>;
export const NonNegativeInt = new LeafType<NonNegativeInt>(
  'an integer >= 0',
  (u): u is NonNegativeInt => isSafeInteger(u) && u >= 0,
);

export interface ProbabilityBrand {
  readonly Probability: unique symbol;
}
/** A number in [0, 1]. */
export type Probability = t.Branded<number, ProbabilityBrand>;
export const Probability = new LeafType<Probability>(
  'a number in [0, 1]',
  (u): u is Probability => isFinite(u) && u >= 0 && u <= 1,
);

export interface AdamBetaBrand {
  readonly AdamBeta: unique symbol;
}
/** A number in [0, 1): Adam's moment decay (1 would never forget, making the bias correction divide by 0). */
export type AdamBeta = t.Branded<number, AdamBetaBrand>;
export const AdamBeta = new LeafType<AdamBeta>('a number in [0, 1)', (u): u is AdamBeta => isFinite(u) && u >= 0 && u < 1);

export interface Ebn0DbBrand {
  readonly Ebn0Db: unique symbol;
}
/** An Eb/N0 in dB: finite and within EBN0_DB_RANGE. */
export type Ebn0Db = t.Branded<number, Ebn0DbBrand>;
export const Ebn0Db = new LeafType<Ebn0Db>(
  `an Eb/N0 in dB within [${EBN0_DB_RANGE.min}, ${EBN0_DB_RANGE.max}]`,
  (u): u is Ebn0Db => isFinite(u) && u >= EBN0_DB_RANGE.min && u <= EBN0_DB_RANGE.max,
);

export interface NonEmptyStringBrand {
  readonly NonEmptyString: unique symbol;
}
/** A string with at least one non-blank character. */
export type NonEmptyString = t.Branded<string, NonEmptyStringBrand>;
export const NonEmptyString = new LeafType<NonEmptyString>(
  'a non-empty string',
  (u): u is NonEmptyString => typeof u === 'string' && u.trim().length > 0,
);

/** true or false. */
export const Bool = new LeafType<boolean>('true or false', (u): u is boolean => typeof u === 'boolean');
