/**
 * The one data type of the autodiff: a dense 2-D tensor [rows, cols] stored
 * row-major in a typed array. Rows are the batch (one frame per row), columns
 * are edges or variables; a parameter vector is [1, P].
 *
 * The element type is explicit: float32 for training speed, float64 for
 * gradient checks. A tensor is immutable by convention: no kernel ever writes
 * into a tensor it did not just allocate.
 */
export type DType = 'float32' | 'float64';

/** The storage of a tensor: the typed array matching its DType. */
export type Buf = Float32Array | Float64Array;

/** A node value on (or off) the tape. `id` is unique in the process and keys the gradients. */
export interface Tensor {
  readonly id: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Buf;
  /** true iff a gradient can flow into this tensor (a param, or computed from one on a recording tape) */
  readonly requiresGrad: boolean;
}

let nextTensorId = 0;

/** Wrap a buffer as a tensor (no copy). Throws if the buffer length is not rows * cols. */
export const makeTensor = (rows: number, cols: number, data: Buf, requiresGrad: boolean): Tensor => {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`tensor shape [${rows}, ${cols}] is not a pair of non-negative integers`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`tensor shape [${rows}, ${cols}] needs ${rows * cols} elements, the buffer has ${data.length}`);
  }
  return Object.freeze({ id: nextTensorId++, rows, cols, data, requiresGrad });
};

/** A zero-filled buffer of the given dtype and length. */
export const allocBuf = (dtype: DType, length: number): Buf =>
  dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);

/** The dtype of a buffer. */
export const dtypeOf = (buf: Buf): DType => (buf instanceof Float64Array ? 'float64' : 'float32');

/** `data` as a buffer of `dtype`: the same array when it already is one, else a converted copy. */
export const asBuf = (dtype: DType, data: Buf | ArrayLike<number>): Buf => {
  if (dtype === 'float64') return data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
};
