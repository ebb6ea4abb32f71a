import { Rng } from './rng.js';

/**
 * Noise standard deviation for BPSK at Eb/N0 (dB) and code rate R:
 * sigma^2 = 1 / (2 R 10^(EbN0/10)).
 */
export const noiseSigma = (ebn0Db: number, rate: number): number =>
  Math.sqrt(1 / (2 * rate * Math.pow(10, ebn0Db / 10)));

/**
 * Es/N0 (dB) = Eb/N0 + 10 log10(R): what is reported beside Eb/N0.
 *
 * @example
 * ```ts
 * import { esn0Db } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.ok(Math.abs(esn0Db(4, 0.5) - (4 - 10 * Math.log10(2))) < 1e-12); // rate 1/2: 3.01 dB lower
 * ```
 */
export const esn0Db = (ebn0Db: number, rate: number): number => ebn0Db + 10 * Math.log10(rate);

/** y = x + sigma z, z ~ N(0, 1), one normal per symbol in order. */
export const awgn = (symbols: Float32Array, sigma: number, rng: Rng): Float32Array => {
  const y = new Float32Array(symbols.length);
  for (let i = 0; i < symbols.length; i++) y[i] = symbols[i] + sigma * rng.nextNormal();
  return y;
};
