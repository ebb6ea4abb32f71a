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
 * Iterations skipped by early stop are left as they were.
 */
export interface DecodeRecord {
  readonly c2v?: Float32Array[];
  readonly v2c?: Float32Array[];
  readonly soft?: Float32Array[];
}

export const allocateOutput = (frames: number, n: number): DecodeOutput => ({
  hard: new Uint8Array(frames * n),
  soft: new Float32Array(frames * n),
  iterations: new Int32Array(frames),
});

/** Allocate a record of `iterations` message vectors for `frames` frames. */
export const allocateRecord = (
  iterations: number,
  frames: number,
  edges: number,
  n: number,
  what: { c2v?: boolean; v2c?: boolean; soft?: boolean } = { c2v: true },
): DecodeRecord => ({
  c2v: what.c2v ? Array.from({ length: iterations }, () => new Float32Array(frames * edges)) : undefined,
  v2c: what.v2c ? Array.from({ length: iterations }, () => new Float32Array(frames * edges)) : undefined,
  soft: what.soft ? Array.from({ length: iterations }, () => new Float32Array(frames * n)) : undefined,
});
