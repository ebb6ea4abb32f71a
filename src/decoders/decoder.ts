import { TannerGraph } from '../codes/tanner-graph.js';
import { defaultKernelChoice, KernelChoice, resolveKernel } from './kernel.js';
import { decodeMinSumReference, minSumArithmetic, MinSumParams, plainMinSum } from './min-sum.js';
import { expandNeuralWeights, NeuralWeights } from './neural-weights.js';
import { DecodeOutput, DecodeRecord } from './output.js';
import { decodeSumProduct } from './sum-product.js';
import { minSumSimdDecoder } from './wasm/min-sum-simd.js';
import { sumProductSimdDecoder } from './wasm/sum-product-simd.js';

/** Every decoder the product runs, as plain data (what a config or a CLI flag names). */
export type DecoderSpec =
  | { readonly kind: 'ms'; readonly iterations: number; readonly clip?: number | null }
  | { readonly kind: 'nms'; readonly iterations: number; readonly alpha: number; readonly clip?: number | null }
  | { readonly kind: 'oms'; readonly iterations: number; readonly beta: number; readonly clip?: number | null }
  | { readonly kind: 'spa'; readonly iterations: number; readonly clip?: number | null }
  | { readonly kind: 'neural'; readonly weights: NeuralWeights; readonly clip?: number | null };

/** Decode `frames` frames of channel LLRs (frame-major) into `out`. */
export type BatchDecoder = (
  llr: Float32Array,
  frames: number,
  earlyStop: boolean,
  out: DecodeOutput,
  record?: DecodeRecord,
) => void;

/**
 * The iteration count T of a decoder spec (a neural decoder's from its weights).
 *
 * @example
 * ```ts
 * import { decoderIterations } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(decoderIterations({ kind: 'nms', iterations: 7, alpha: 0.8 }), 7);
 * ```
 */
export const decoderIterations = (spec: DecoderSpec): number =>
  spec.kind === 'neural' ? spec.weights.iterations : spec.iterations;

/**
 * Where min-sum messages saturate when no clip is asked for. Once a frame has
 * converged its messages grow geometrically (about 8% per iteration on WiMAX
 * at 20 dB) and would overflow float32 after ~1000 iterations, then turn into
 * NaN; 1e15 is far above any LLR that changes a decision and far below the
 * float32 limit, even summed over a variable's checks or squared in a loss.
 */
export const MESSAGE_SATURATION = 1e15;

/** The min-sum kernel parameters of a min-sum-family spec (null for sum-product). */
export const minSumParamsOf = (spec: DecoderSpec): MinSumParams | null => {
  const clip = spec.clip ?? MESSAGE_SATURATION;
  switch (spec.kind) {
    case 'ms':
      return { ...plainMinSum(spec.iterations), clip };
    case 'nms':
      return { ...plainMinSum(spec.iterations), alpha: spec.alpha, clip };
    case 'oms':
      return { ...plainMinSum(spec.iterations), beta: spec.beta, clip };
    case 'neural': {
      const p = expandNeuralWeights(spec.weights);
      return { ...p, clip: spec.clip ?? p.clip ?? MESSAGE_SATURATION };
    }
    case 'spa':
      return null;
  }
};

export interface BatchDecoderOptions {
  /** which implementation runs ['auto' = WebAssembly SIMD where available, or TANNER_KERNEL]; see kernel.ts */
  readonly kernel?: KernelChoice;
}

/**
 * Bind a decoder spec to a graph: the fast, tape-free inference path. The
 * parameters are converted (and, for the SIMD kernel, the module compiled and
 * the weights copied) once here, not per call. Both kernels compute the same
 * float32 arithmetic bit for bit, so the choice changes speed only.
 *
 * @example
 * ```ts
 * import { allocateOutput, batchDecoder, bchCode, rngStream, transmit } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const decode = batchDecoder(code.graph, { kind: 'ms', iterations: 5 });
 * const batch = transmit(code, 4, 7, 'zero', rngStream(1));
 * const out = allocateOutput(4, code.n);
 * decode(batch.llr, 4, true, out); // early stop
 * assert.ok(out.hard.every((b) => b === 0));
 * assert.ok(out.iterations.every((t) => t < 5));
 * ```
 */
export const batchDecoder = (graph: TannerGraph, spec: DecoderSpec, options: BatchDecoderOptions = {}): BatchDecoder => {
  const choice = options.kernel ?? defaultKernelChoice();
  const kernel = resolveKernel(choice);
  const ms = minSumParamsOf(spec);
  const k = ms ? minSumArithmetic(ms, graph.edges) : null;
  const spa = { iterations: decoderIterations(spec), clip: spec.clip ?? null };
  if (kernel === 'wasm') {
    try {
      return k ? minSumSimdDecoder(graph, k) : sumProductSimdDecoder(graph, spa);
    } catch (e) {
      // 'auto' falls back where a module cannot be compiled here (e.g. over 4 KiB on a browser's main thread)
      if (choice === 'wasm') throw e;
    }
  }
  if (k) return (llr, frames, earlyStop, out, record) => decodeMinSumReference(graph, k, llr, frames, earlyStop, out, record);
  return (llr, frames, earlyStop, out, record) => decodeSumProduct(graph, spa, llr, frames, earlyStop, out, record);
};

/**
 * A short human label, e.g. "min-sum T=5", "NMS a=0.7 T=30".
 *
 * @example
 * ```ts
 * import { describeDecoder } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(describeDecoder({ kind: 'ms', iterations: 5 }), 'min-sum T=5');
 * assert.equal(describeDecoder({ kind: 'nms', iterations: 30, alpha: 0.7 }), 'normalized min-sum a=0.7 T=30');
 * ```
 */
export const describeDecoder = (spec: DecoderSpec): string => {
  switch (spec.kind) {
    case 'ms':
      return `min-sum T=${spec.iterations}`;
    case 'nms':
      return `normalized min-sum a=${spec.alpha} T=${spec.iterations}`;
    case 'oms':
      return `offset min-sum b=${spec.beta} T=${spec.iterations}`;
    case 'spa':
      return `sum-product T=${spec.iterations}`;
    case 'neural':
      return `neural ${spec.weights.kind} T=${spec.weights.iterations}`;
  }
};
