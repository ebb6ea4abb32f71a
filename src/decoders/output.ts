/** What a batch decode returns, frame-major. */
export interface DecodeOutput {
  /** hard decisions b_v = 1 iff s_v < 0, [frames * n] */
  readonly hard: Uint8Array;
  /** soft output s_v of the last iteration run, [frames * n] */
  readonly soft: Float32Array;
  /** iterations actually run per frame (< T only with early stop) */
  readonly iterations: Int32Array;
}

/**
 * Optional per-iteration recording (teacher messages for distillation,
 * equality tests against the tape decoder). Each array has one entry per
 * iteration t = 1..T, sized [frames * E] (messages) or [frames * n] (soft).
 * An entry of length 0 is not recorded (so a caller that needs a few
 * iterations allocates and copies only those). Iterations skipped by early
 * stop are left as they were.
 */
export interface DecodeRecord {
  readonly c2v?: Float32Array[];
  readonly v2c?: Float32Array[];
  readonly soft?: Float32Array[];
}

/** True iff iteration t (0-based) of this record array is to be written. */
export const recordsIteration = (entries: Float32Array[] | undefined, t: number): boolean =>
  entries !== undefined && t < entries.length && entries[t].length > 0;

/**
 * Zeroed output buffers for a batch decode of `frames` frames of n bits:
 * hard and soft [frames * n], iterations [frames]; the `out` argument of a
 * {@link BatchDecoder}.
 *
 * @example
 * ```ts
 * import { allocateOutput } from 'tanner';
 * import assert from 'node:assert/strict';
 * const out = allocateOutput(3, 15);
 * assert.deepEqual([out.hard.length, out.soft.length, out.iterations.length], [45, 45, 3]);
 * ```
 */
export const allocateOutput = (frames: number, n: number): DecodeOutput => ({
  hard: new Uint8Array(frames * n),
  soft: new Float32Array(frames * n),
  iterations: new Int32Array(frames),
});

/** Iterations first .. first+count-1 (0-based) of a record. */
export interface RecordWindow {
  readonly first: number;
  readonly count: number;
}

/**
 * Allocate a record of `iterations` message vectors for `frames` frames;
 * with `window`, only the iterations inside it get buffers (the others are
 * empty and not recorded).
 */
export const allocateRecord = (
  iterations: number,
  frames: number,
  edges: number,
  n: number,
  what: { c2v?: boolean; v2c?: boolean; soft?: boolean } = { c2v: true },
  window: RecordWindow = { first: 0, count: iterations },
): DecodeRecord => {
  const inWindow = (t: number): boolean => t >= window.first && t < window.first + window.count;
  const buffers = (size: number): Float32Array[] => Array.from({ length: iterations }, (_, t) => new Float32Array(inWindow(t) ? size : 0));
  return {
    c2v: what.c2v ? buffers(frames * edges) : undefined,
    v2c: what.v2c ? buffers(frames * edges) : undefined,
    soft: what.soft ? buffers(frames * n) : undefined,
  };
};
