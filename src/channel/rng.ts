/**
 * The seeded random number generator: xoshiro128** with counter-based
 * substreams.
 *
 * Every random quantity in tanner is drawn from a stream named by a path of
 * integers, e.g. (seed, POINT, pointIndex, frameBlock). The stream's state is
 * a hash of that path, so a frame block's noise depends only on the seed and
 * its own coordinates: never on the batch size, the order blocks are run in,
 * or the number of workers.
 */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal N(0, 1) (Box-Muller, both values of each pair used). */
  nextNormal(): number;
  /** The full state, for checkpoints. */
  saveState(): RngState;
}

export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spare: number | null;
}

/** Murmur3's 32-bit finalizer: a cheap, well-mixing bijection on u32. */
const mix32 = (x: number): number => {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
};

/** Split a non-negative integer up to 2^53 into two u32 words. */
const words = (k: number): [number, number] => [k >>> 0, Math.floor(k / 4294967296) >>> 0];

/**
 * Hash a path of non-negative integers into a 128-bit xoshiro state (never all zero).
 *
 * @example
 * ```ts
 * import { rngFromState, rngStream, streamState } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(rngFromState(streamState([7, 1])).nextU32(), rngStream(7, 1).nextU32());
 * assert.throws(() => streamState([-1]), /non-negative/);
 * ```
 */
export const streamState = (path: readonly number[]): RngState => {
  let h = 0x9e3779b9;
  for (const k of path) {
    if (!Number.isInteger(k) || k < 0 || k > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`rng stream key must be a non-negative safe integer, got ${k}`);
    }
    const [lo, hi] = words(k);
    h = mix32(h ^ mix32(lo + 0x632be5ab));
    h = mix32(h ^ mix32(hi + 0x85157af5));
  }
  const s: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) s[i] = mix32(h + Math.imul(i + 1, 0x9e3779b9));
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return { s, spare: null };
};

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/**
 * A generator continuing from a saved state.
 *
 * @example
 * ```ts
 * import { rngFromState, rngStream } from 'tanner';
 * import assert from 'node:assert/strict';
 * const a = rngStream(5);
 * a.nextNormal(); // draws a pair, keeps the second
 * const b = rngFromState(a.saveState());
 * assert.equal(b.nextNormal(), a.nextNormal());
 * assert.equal(b.nextU32(), a.nextU32());
 * ```
 */
export const rngFromState = (state: RngState): Rng => {
  let [s0, s1, s2, s3] = state.s;
  let spare: number | null = state.spare;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextFloat = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  const nextNormal = (): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    // 1 - u lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - nextFloat()));
    const phi = 2 * Math.PI * nextFloat();
    spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  };
  const saveState = (): RngState => ({ s: [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0], spare });
  return { nextU32, nextFloat, nextNormal, saveState };
};

/** The generator of the stream named by `path` (e.g. [seed, STREAM.point, i, block]). */
export const rngStream = (...path: number[]): Rng => rngFromState(streamState(path));

/**
 * Stream tags: the first key after the seed, so different uses never share noise.
 *
 * @example
 * ```ts
 * import { rngStream, snrKey, STREAM } from 'tanner';
 * import assert from 'node:assert/strict';
 * // the noise of frame block 0 at 4 dB in an evaluation with seed 1
 * const rng = rngStream(1, STREAM.evalPoint, snrKey(4), 0);
 * assert.notEqual(rng.nextU32(), rngStream(1, STREAM.trainStep, snrKey(4), 0).nextU32());
 * ```
 */
export const STREAM = Object.freeze({
  evalPoint: 1,
  trainStep: 2,
  validation: 3,
  init: 4,
  gradcheck: 5,
});
