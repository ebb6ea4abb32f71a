import { UserError } from '../util/errors.js';
import { ParityCheck, parityCheck } from './parity-check.js';

/**
 * Narrow-sense binary BCH codes of length n = 2^m - 1 (m = 3..10).
 *
 * Polynomials over GF(2) are Uint8Array coefficient vectors, index = power of x
 * (p[0] is the constant term).
 */

/**
 * The conventional primitive polynomial for GF(2^m), as a bit mask
 * (bit i = coefficient of x^i): e.g. m = 6 gives x^6 + x + 1 = 0b1000011.
 */
export const primitivePolynomials: Readonly<Record<number, number>> = Object.freeze({
  3: 0b1011, // x^3 + x + 1
  4: 0b10011, // x^4 + x + 1
  5: 0b100101, // x^5 + x^2 + 1
  6: 0b1000011, // x^6 + x + 1
  7: 0b10001001, // x^7 + x^3 + 1
  8: 0b100011101, // x^8 + x^4 + x^3 + x^2 + 1
  9: 0b1000010001, // x^9 + x^4 + 1
  10: 0b10000001001, // x^10 + x^3 + 1
});

/** The BCH lengths this module supports: 2^m - 1 for m = 3..10. */
export const bchLengths: readonly number[] = Object.freeze(
  Object.keys(primitivePolynomials).map((m) => 2 ** Number(m) - 1),
);

const fieldDegreeOf = (n: number): number => {
  const m = Math.log2(n + 1);
  if (!Number.isInteger(m) || primitivePolynomials[m] === undefined) {
    throw new UserError(`BCH length n=${n} is not supported: n must be one of ${bchLengths.join(', ')}`);
  }
  return m;
};

/** exp table of GF(2^m): expTable[i] = alpha^i as a bit mask, i = 0..n-1. */
const expTableOf = (m: number): Int32Array => {
  const n = 2 ** m - 1;
  const poly = primitivePolynomials[m];
  const exp = new Int32Array(n);
  let a = 1;
  for (let i = 0; i < n; i++) {
    exp[i] = a;
    a <<= 1;
    if (a & (1 << m)) a ^= poly;
  }
  return exp;
};

/** Cyclotomic coset of i modulo n under doubling: {i, 2i, 4i, ...} mod n, in generation order. */
const cyclotomicCoset = (i: number, n: number): number[] => {
  const coset = [i % n];
  for (let j = (2 * i) % n; j !== coset[0]; j = (2 * j) % n) coset.push(j);
  return coset;
};

/**
 * Minimal polynomial of alpha^i: prod over j in the coset of i of (x - alpha^j).
 * Its coefficients lie in GF(2) (checked: a non-binary coefficient would mean a wrong field table).
 */
const minimalPolynomial = (i: number, exp: Int32Array, m: number): Uint8Array => {
  const n = exp.length;
  const log = new Int32Array(n + 1).fill(-1);
  exp.forEach((a, k) => (log[a] = k));
  const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[(log[a] + log[b]) % n]);
  // Coefficients in GF(2^m), built up one factor (x + alpha^j) at a time.
  let p = [1];
  for (const j of cyclotomicCoset(i, n)) {
    const root = exp[j];
    const next = new Array<number>(p.length + 1).fill(0);
    for (let d = 0; d < p.length; d++) {
      next[d + 1] ^= p[d];
      next[d] ^= mul(p[d], root);
    }
    p = next;
  }
  if (p.some((c) => c > 1)) throw new Error(`minimal polynomial of alpha^${i} in GF(2^${m}) is not binary`);
  return Uint8Array.from(p);
};

/** Product of two GF(2) polynomials. */
export const polyMulGf2 = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) if (a[i]) for (let j = 0; j < b.length; j++) out[i + j] ^= b[j];
  return out;
};

/** Quotient and remainder of a / b over GF(2) (b must have a leading 1). */
export const polyDivGf2 = (a: Uint8Array, b: Uint8Array): { quotient: Uint8Array; remainder: Uint8Array } => {
  const db = b.lastIndexOf(1);
  if (db < 0) throw new RangeError('division by the zero polynomial');
  const rem = Uint8Array.from(a);
  const quotient = new Uint8Array(Math.max(1, a.length - db));
  for (let d = rem.length - 1; d >= db; d--) {
    if (!rem[d]) continue;
    quotient[d - db] = 1;
    for (let j = 0; j <= db; j++) rem[d - db + j] ^= b[j];
  }
  return { quotient, remainder: rem.slice(0, Math.max(1, db)) };
};

/**
 * The cyclotomic cosets of alpha^1, alpha^2, ... in the order they join the
 * generator as the designed distance grows: coset j enters when delta - 1 reaches
 * its smallest member.
 */
const cosetsByLeader = (n: number): number[][] => {
  const seen = new Uint8Array(n);
  const cosets: number[][] = [];
  for (let i = 1; i < n; i++) {
    if (seen[i]) continue;
    const c = cyclotomicCoset(i, n);
    c.forEach((j) => (seen[j] = 1));
    cosets.push(c);
  }
  return cosets;
};

/**
 * Dimensions k of the narrow-sense BCH codes of length n, largest first:
 * k = n - |union of the cosets of 1..delta-1| for designed distance delta = 2..n.
 *
 * @example
 * ```ts
 * import { bchCode, bchDimensions } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(bchDimensions(15), [11, 7, 5, 1]);
 * assert.equal(bchCode(15, bchDimensions(15)[1]).k, 7);
 * ```
 */
export const bchDimensions = (n: number): number[] => {
  fieldDegreeOf(n);
  const ks: number[] = [];
  let used = 0;
  for (const c of cosetsByLeader(n)) {
    used += c.length;
    ks.push(n - used);
  }
  return ks;
};

/** The polynomials of a narrow-sense BCH(n, k) code. */
export interface BchPolynomials {
  readonly n: number;
  readonly k: number;
  /** designed distance delta: g has alpha^1..alpha^(delta-1) as roots (largest such delta) */
  readonly designedDistance: number;
  /** generator g(x) = LCM of the minimal polynomials of alpha^1..alpha^(delta-1), degree n - k */
  readonly generator: Uint8Array;
  /** parity polynomial h(x) = (x^n - 1) / g(x), degree k */
  readonly parity: Uint8Array;
}

/** g(x) and h(x) of BCH(n, k); throws UserError for an unsupported n or a k that no designed distance gives. */
export const bchPolynomials = (n: number, k: number): BchPolynomials => {
  const m = fieldDegreeOf(n);
  const valid = bchDimensions(n);
  if (!valid.includes(k)) {
    throw new UserError(`BCH(${n}, ${k}) is not a narrow-sense BCH code: k must be one of ${valid.join(', ')}`);
  }
  const exp = expTableOf(m);
  let g: Uint8Array = Uint8Array.of(1);
  let used = 0;
  const cosets = cosetsByLeader(n);
  let next = 0;
  while (n - used > k) {
    const c = cosets[next++];
    g = polyMulGf2(g, minimalPolynomial(c[0], exp, m));
    used += c.length;
  }
  // The next coset's leader (its smallest member) is the first power of alpha that is not a root.
  const designedDistance = next < cosets.length ? Math.min(...cosets[next]) : n;
  const xnMinus1 = new Uint8Array(n + 1);
  xnMinus1[0] = 1;
  xnMinus1[n] = 1;
  const { quotient, remainder } = polyDivGf2(xnMinus1, g);
  if (remainder.some((b) => b)) throw new Error(`g(x) of BCH(${n}, ${k}) does not divide x^n - 1`);
  return Object.freeze({ n, k, designedDistance, generator: g, parity: quotient });
};

/**
 * The "strip" parity-check matrix of BCH(n, k): n - k rows, row i holds the
 * reversed parity polynomial starting at column i,
 *   H[i][i + j] = h_(k - j),  j = 0..k,
 * so each row is the previous one cyclically shifted right by one. Since
 * c(x) h(x) = 0 mod x^n - 1 for every codeword, these are its coefficients of x^(k+i).
 * Equals the matrices of the Kaiserslautern channel-codes database (codes/BCH_*.alist).
 *
 * @example
 * ```ts
 * import { bchParityCheck } from 'tanner';
 * import assert from 'node:assert/strict';
 * const h = bchParityCheck(15, 7);
 * assert.deepEqual([h.n, h.m], [15, 8]);
 * assert.deepEqual(h.rows[1], h.rows[0].map((v) => v + 1)); // each row the previous one shifted right
 * ```
 */
export const bchParityCheck = (n: number, k: number): ParityCheck => {
  const h = bchPolynomials(n, k).parity;
  const reversedSupport: number[] = [];
  for (let j = 0; j <= k; j++) if (h[k - j]) reversedSupport.push(j);
  const rows = Array.from({ length: n - k }, (_, i) => reversedSupport.map((j) => i + j));
  return parityCheck(n, rows);
};
