import { Code, encode } from '../codes/code.js';
import { Rng } from './rng.js';

/** How transmitted codewords are chosen. The all-zero word is legal for symmetric decoders (docs/method.md §1). */
export type CodewordSource = 'zero' | 'random';

/**
 * Codewords for a batch, frame-major (frame b occupies bits[b*n .. b*n+n-1]).
 * 'random' draws k uniform information bits per frame and encodes them with G.
 *
 * @example
 * ```ts
 * import { bchCode, rngStream, sourceCodewords, syndromeIsZero } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const bits = sourceCodewords(code, 3, 'random', rngStream(1));
 * assert.equal(bits.length, 3 * 15);
 * const soft = Float32Array.from(bits, (b) => 1 - 2 * b); // each frame is a codeword: every check holds
 * assert.ok([0, 1, 2].every((b) => syndromeIsZero(code.graph, soft, b * 15)));
 * assert.ok(sourceCodewords(code, 2, 'zero', rngStream(1)).every((b) => b === 0));
 * ```
 */
export const sourceCodewords = (code: Code, frames: number, source: CodewordSource, rng: Rng): Uint8Array => {
  const bits = new Uint8Array(frames * code.n);
  if (source === 'zero') return bits;
  const u = new Uint8Array(code.k);
  for (let b = 0; b < frames; b++) {
    for (let j = 0; j < code.k; j++) u[j] = rng.nextU32() & 1;
    encode(code, u, bits.subarray(b * code.n, (b + 1) * code.n));
  }
  return bits;
};
