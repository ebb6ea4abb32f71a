import { Code } from '../codes/code.js';
import { awgn, noiseSigma } from './awgn.js';
import { channelLlr } from './llr.js';
import { bpsk } from './modulate.js';
import { Rng } from './rng.js';
import { checkLlrSign } from './sign-check.js';
import { CodewordSource, sourceCodewords } from './source.js';

/** One batch after the channel: what was sent and what the decoder sees. */
export interface ChannelBatch {
  readonly frames: number;
  /** transmitted bits, frame-major [frames * n] */
  readonly bits: Uint8Array;
  /** channel LLRs, frame-major [frames * n] */
  readonly llr: Float32Array;
  readonly sigma: number;
}

/**
 * The pipeline's first stages composed: source -> encode -> BPSK -> AWGN -> LLR.
 * Codeword bits are drawn before the noise, from the same stream. Throws if
 * the LLR signs contradict the bits (checkLlrSign): a convention bug, not noise.
 */
export const transmit = (
  code: Code,
  frames: number,
  ebn0Db: number,
  source: CodewordSource,
  rng: Rng,
): ChannelBatch => {
  const sigma = noiseSigma(ebn0Db, code.rate);
  const bits = sourceCodewords(code, frames, source, rng);
  const llr = channelLlr(awgn(bpsk(bits), sigma, rng), sigma);
  // A broken sign convention would only show as BER ~ 1: name it instead (cheap next to decoding).
  const signProblem = checkLlrSign(bits, llr, ebn0Db, code.rate);
  if (signProblem !== null) throw new Error(signProblem);
  return { frames, bits, llr, sigma };
};

/**
 * A batch split evenly over several Eb/N0 points (training): frames
 * [i*per .. (i+1)*per) are sent at ebn0Db[i].
 *
 * @example
 * ```ts
 * import { bchCode, rngStream, transmitMixed } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const batch = transmitMixed(code, 4, [1, 8], 'zero', rngStream(2)); // frames 0-1 at 1 dB, 2-3 at 8 dB
 * assert.equal(batch.llr.length, 4 * 15);
 * assert.throws(() => transmitMixed(code, 3, [1, 8], 'zero', rngStream(2)), /not divisible/);
 * ```
 */
export const transmitMixed = (
  code: Code,
  frames: number,
  ebn0Db: readonly number[],
  source: CodewordSource,
  rng: Rng,
): ChannelBatch => {
  const per = frames / ebn0Db.length;
  if (!Number.isInteger(per)) throw new RangeError(`batch ${frames} is not divisible by ${ebn0Db.length} Eb/N0 points`);
  const bits = new Uint8Array(frames * code.n);
  const llr = new Float32Array(frames * code.n);
  ebn0Db.forEach((snr, i) => {
    const part = transmit(code, per, snr, source, rng);
    bits.set(part.bits, i * per * code.n);
    llr.set(part.llr, i * per * code.n);
  });
  return { frames, bits, llr, sigma: Number.NaN };
};
