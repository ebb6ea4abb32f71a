import { Code } from '../codes/code.js';
import { parityCheckFingerprint } from '../codes/fingerprint.js';
import { StudentConfig } from '../config/run-config.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { sharedSize, sharedSlot } from '../decoders/sharing.js';

/**
 * All trainable numbers of the student live in ONE flat vector (one Adam
 * state, one tensor on the tape, one array in a checkpoint). The layout says
 * which slice holds what:
 *
 *   weight    [P]   nnms: w_{t,e} = weight[slot(t, e)]             (init 1: plain min-sum)
 *   offsetRaw [P]   noms: beta_{t,e} = softplus(offsetRaw[slot])   (init softplus^-1(0.05))
 *   channel   [T*n] optional channel weights wch_{t,v}              (init 1)
 *
 * with P and slot() from the weight-sharing mode (src/decoders/sharing.ts).
 */
export interface ParamLayout {
  readonly size: number;
  readonly weight: { readonly offset: number; readonly length: number } | null;
  readonly offsetRaw: { readonly offset: number; readonly length: number } | null;
  readonly channel: { readonly offset: number; readonly length: number } | null;
}

/** softplus^-1(0.05): the initial offset of the neural offset min-sum. */
export const OFFSET_RAW_INIT = Math.log(Math.expm1(0.05));

export const paramLayout = (cfg: StudentConfig, code: Code): ParamLayout => {
  const P = sharedSize(cfg.sharing, cfg.iterations, code.graph.edges);
  let size = 0;
  const take = (length: number) => {
    const slice = { offset: size, length };
    size += length;
    return slice;
  };
  const weight = cfg.kind === 'nnms' ? take(P) : null;
  const offsetRaw = cfg.kind === 'noms' ? take(P) : null;
  const channel = cfg.channelWeights ? take(cfg.iterations * code.n) : null;
  return { size, weight, offsetRaw, channel };
};

export const initialParams = (layout: ParamLayout): Float32Array => {
  const p = new Float32Array(layout.size);
  if (layout.weight) p.fill(1, layout.weight.offset, layout.weight.offset + layout.weight.length);
  if (layout.offsetRaw) p.fill(OFFSET_RAW_INIT, layout.offsetRaw.offset, layout.offsetRaw.offset + layout.offsetRaw.length);
  if (layout.channel) p.fill(1, layout.channel.offset, layout.channel.offset + layout.channel.length);
  return p;
};

/**
 * Index maps that pull iteration t's per-edge (or per-variable) values out of
 * the flat vector with one gather: edgeIndex(t)[e] = offset + slot(t, e).
 */
export interface ParamIndex {
  readonly weightE: Int32Array[] | null;
  readonly offsetE: Int32Array[] | null;
  readonly channelV: Int32Array[] | null;
}

export const paramIndex = (layout: ParamLayout, cfg: StudentConfig, code: Code): ParamIndex => {
  const E = code.graph.edges;
  const T = cfg.iterations;
  const edgeMaps = (offset: number) =>
    Array.from({ length: T }, (_, t) => Int32Array.from({ length: E }, (_, e) => offset + sharedSlot(cfg.sharing, t, e, E)));
  return {
    weightE: layout.weight ? edgeMaps(layout.weight.offset) : null,
    offsetE: layout.offsetRaw ? edgeMaps(layout.offsetRaw.offset) : null,
    channelV: layout.channel
      ? Array.from({ length: T }, (_, t) => Int32Array.from({ length: code.n }, (_, v) => layout.channel!.offset + t * code.n + v))
      : null,
  };
};

const slice = (p: Float32Array, s: { offset: number; length: number } | null): number[] | null =>
  s ? Array.from(p.subarray(s.offset, s.offset + s.length)) : null;

/**
 * The trained student as a weights file that `tanner ber --decoder neural` evaluates.
 *
 * @example
 * ```ts
 * import { createDecoder, decodeRunConfigOrThrow, loadCode, makeTrainContext, toNeuralWeights } from 'tanner';
 * import assert from 'node:assert/strict';
 * const config = decodeRunConfigOrThrow({ code: 'bch-31-16', student: { sharing: 'scalar' } });
 * const code = loadCode(config.code);
 * const ctx = makeTrainContext(code, config, null);
 * const weights = toNeuralWeights(code, config.student, ctx.layout, Float32Array.of(0.75));
 * assert.deepEqual(weights.weight, [0.75]);
 * assert.equal(createDecoder(code, weights).label, 'neural nnms T=5');
 * ```
 */
export const toNeuralWeights = (code: Code, cfg: StudentConfig, layout: ParamLayout, params: Float32Array): NeuralWeights => ({
  format: 'tanner-weights/1',
  code: { name: code.name, n: code.n, k: code.k, edges: code.graph.edges, h: parityCheckFingerprint(code.h) },
  kind: cfg.kind,
  iterations: cfg.iterations,
  sharing: cfg.sharing,
  weight: slice(params, layout.weight),
  offsetRaw: slice(params, layout.offsetRaw),
  channel: slice(params, layout.channel),
  clip: cfg.clip,
});
