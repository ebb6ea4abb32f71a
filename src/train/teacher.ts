import { TannerGraph } from '../codes/tanner-graph.js';
import { TeacherConfig } from '../config/run-config.js';
import { BatchDecoder, batchDecoder, DecoderSpec } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { allocateOutput, allocateRecord, RecordWindow } from '../decoders/output.js';
import { UserError } from '../util/errors.js';

/**
 * The teacher as a decoder spec (docs/method.md §4): plain min-sum [default],
 * normalized min-sum, sum-product, or a trained neural min-sum loaded from a
 * weights file (then its own iteration count rules).
 */
export const teacherSpec = (cfg: TeacherConfig, weights: NeuralWeights | null): DecoderSpec => {
  switch (cfg.kind) {
    case 'genie':
      throw new UserError('teacher.kind "genie" is not a decoder: it has no messages of its own to evaluate');
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

/** Bound teacher decoders by spec object and graph: a training run passes the same ones every step. */
const bound = new WeakMap<DecoderSpec, WeakMap<TannerGraph, BatchDecoder>>();

const teacherDecoder = (graph: TannerGraph, spec: DecoderSpec): BatchDecoder => {
  let byGraph = bound.get(spec);
  if (!byGraph) bound.set(spec, (byGraph = new WeakMap()));
  let decode = byGraph.get(graph);
  if (!decode) byGraph.set(graph, (decode = batchDecoder(graph, spec)));
  return decode;
};

/**
 * Run the teacher on a batch without any gradient and keep its
 * check-to-variable messages nu^T(t), each [frames * E], for t = 1..T_teacher
 * (index t-1); this is all distillation needs from it (or, with
 * `what = 'soft'`, its soft outputs s^T(t), each [frames * n]). With `keep`, only
 * the iterations of that window (0-based: the student's look-ahead t0 ..
 * t0 + T_student - 1) are allocated and copied, the others are empty
 * arrays: the copy of all 30 iterations costs more than the decoding.
 */
export const teacherMessages = (
  graph: TannerGraph,
  spec: DecoderSpec,
  iterations: number,
  llr: Float32Array,
  frames: number,
  keep?: RecordWindow,
  what: 'c2v' | 'soft' = 'c2v',
): Float32Array[] => {
  const record = allocateRecord(iterations, frames, graph.edges, graph.n, what === 'c2v' ? { c2v: true } : { soft: true }, keep);
  teacherDecoder(graph, spec)(llr, frames, false, allocateOutput(frames, graph.n), record);
  return what === 'c2v' ? record.c2v! : record.soft!;
};

/**
 * The magnitude of the genie's messages: Sionna's message clip level. Its
 * soft bit tanh(20 / 2) is 1 - 4e-9 and sigmoid(20) = 1 - 2e-9: as confident
 * as a converged decoder's late messages.
 */
export const GENIE_LLR = 20;

/**
 * The genie teacher: what a decoder that has converged to the transmitted
 * codeword would send, without running one. Every iteration's target is
 * +GENIE_LLR on the edges (or variables) whose bit is 0 and -GENIE_LLR where
 * it is 1; c2v targets are [frames * E] (edge e carries its variable's bit),
 * soft targets [frames * n]. Only the iterations of `keep` get buffers, as in
 * {@link teacherMessages}. Distilling from it is supervision of the messages
 * by the true bits, with no knowledge of any decoder.
 */
export const genieMessages = (
  graph: TannerGraph,
  bits: Uint8Array,
  frames: number,
  iterations: number,
  keep: RecordWindow = { first: 0, count: iterations },
  what: 'c2v' | 'soft' = 'c2v',
): Float32Array[] => {
  const { n, edges: E, varOfE } = graph;
  const width = what === 'c2v' ? E : n;
  const target = new Float32Array(frames * width);
  for (let b = 0; b < frames; b++) {
    for (let i = 0; i < width; i++) target[b * width + i] = bits[b * n + (what === 'c2v' ? varOfE[i] : i)] ? -GENIE_LLR : GENIE_LLR;
  }
  // every iteration inside the window gets the same (read-only) targets
  return Array.from({ length: iterations }, (_, t) => (t >= keep.first && t < keep.first + keep.count ? target : new Float32Array(0)));
};
