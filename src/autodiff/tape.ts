import { PrimAttrs, PrimName } from './primitives.js';
import { Buf, DType, Tensor } from './tensor.js';

/**
 * One entry of the Wengert list: which primitive produced `output` from
 * `inputs`, with its non-tensor arguments and what the forward pass saved for
 * the backward pass (e.g. the argmin edges of extrinsicMinAbs).
 */
export interface TapeNode {
  readonly prim: PrimName;
  readonly inputs: ReadonlyArray<Tensor>;
  readonly output: Tensor;
  readonly attrs: PrimAttrs;
  readonly saved: ReadonlyArray<Int32Array> | null;
}

/**
 * The tape: nodes in the order they were computed (a topological order), and
 * the leaf parameters created on it. Only nodes whose output requires a
 * gradient are recorded.
 */
export interface Tape {
  readonly dtype: DType;
  readonly nodes: TapeNode[];
  readonly params: Tensor[];
}

/** The gradients of a backward pass. */
export interface Gradients {
  /** d loss / d t for every leaf param of the tape (zeros if the loss does not depend on it); undefined otherwise. */
  get(t: Tensor): Buf | undefined;
}
