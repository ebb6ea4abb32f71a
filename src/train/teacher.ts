import { TannerGraph } from '../codes/tanner-graph.js';
import { TeacherConfig } from '../config/run-config.js';
import { batchDecoder, DecoderSpec } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { allocateOutput, allocateRecord } from '../decoders/output.js';
import { UserError } from '../util/errors.js';

/**
 * The teacher as a decoder spec (METHOD.md 4): plain min-sum [default],
 * normalized min-sum, sum-product, or a trained neural min-sum loaded from a
 * weights file (then its own iteration count rules).
 */
export const teacherSpec = (cfg: TeacherConfig, weights: NeuralWeights | null): DecoderSpec => {
  switch (cfg.kind) {
    case 'ms':
      return { kind: 'ms', iterations: cfg.iterations };
    case 'nms':
      return { kind: 'nms', iterations: cfg.iterations, alpha: cfg.alpha };
    case 'spa':
      return { kind: 'spa', iterations: cfg.iterations };
    case 'neural':
      if (!weights) throw new UserError('teacher.kind "neural" needs teacher.weights (a trained weights file)');
      return { kind: 'neural', weights };
  }
};

/**
 * Run the teacher on a batch without any gradient and keep its
 * check-to-variable messages nu^T(t) for every iteration t = 1..T_teacher
 * (each [frames * E]); this is all distillation needs from it.
 */
export const teacherMessages = (graph: TannerGraph, spec: DecoderSpec, iterations: number, llr: Float32Array, frames: number): Float32Array[] => {
  const record = allocateRecord(iterations, frames, graph.edges, graph.n, { c2v: true });
  batchDecoder(graph, spec)(llr, frames, false, allocateOutput(frames, graph.n), record);
  return record.c2v!;
};
