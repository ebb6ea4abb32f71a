/**
 * Adam (Kingma & Ba 2015) over flat parameter vectors.
 *
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   x <- x - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 *
 * The state is plain data (saved whole in checkpoints, so a resumed run
 * continues bit for bit). `adamStep` returns a new state; it does not touch
 * its inputs.
 */
export interface AdamConfig {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export interface AdamState {
  /** number of updates applied so far */
  readonly t: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export const adamInit = (size: number): AdamState => ({ t: 0, m: new Float64Array(size), v: new Float64Array(size) });

export const adamStep = (
  cfg: AdamConfig,
  state: AdamState,
  params: Float32Array,
  grad: ArrayLike<number>,
): { params: Float32Array; state: AdamState } => {
  const t = state.t + 1;
  const m = new Float64Array(state.m.length);
  const v = new Float64Array(state.v.length);
  const next = new Float32Array(params.length);
  const c1 = 1 - Math.pow(cfg.beta1, t);
  const c2 = 1 - Math.pow(cfg.beta2, t);
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    m[i] = cfg.beta1 * state.m[i] + (1 - cfg.beta1) * g;
    v[i] = cfg.beta2 * state.v[i] + (1 - cfg.beta2) * g * g;
    next[i] = params[i] - (cfg.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + cfg.eps);
  }
  return { params: next, state: { t, m, v } };
};

/** Scale gradients so their global L2 norm is at most maxNorm (returns the norm before clipping). */
export const clipGradNorm = (grads: Float64Array[], maxNorm: number): number => {
  let sq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const norm = Math.sqrt(sq);
  if (norm > maxNorm && norm > 0) {
    const s = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= s;
  }
  return norm;
};
