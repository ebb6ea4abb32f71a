import { DecodeOutput } from '../output.js';

/**
 * The frame-interleaved layout of the SIMD kernels and the copies in and
 * out of it. A block of `width` frames ("lanes") is decoded together: a
 * per-variable quantity of variable v and lane w lives at [v * width + w],
 * a per-edge one at [e * width + w] (float32 indices into the kernel's
 * memory). Callers pass byte addresses of buffers in that memory.
 *
 * Lanes past the last frame of a batch (a partial last block) are loaded
 * with LLR 0 (their messages stay 0) and never copied out. A frame that has
 * stopped early stays in its lane and is computed further; its results are
 * not read again (cheaper than compacting the block).
 */
export interface LaneBlocks {
  readonly width: number;
  /** Channel LLRs of frames b0 .. b0+lanes-1 (frame-major llr) into the block layout at byte address `at`. */
  load(llr: Float32Array, b0: number, lanes: number, at: number): void;
  /** Copy lanes in `mask` (bit w = lane w) of a [count][width] buffer to frame-major dst[(b0 + w) * count + i]. */
  store(at: number, count: number, mask: number, b0: number, dst: Float32Array): void;
  /** Write soft output, hard decisions and iterations used of the lanes in `mask` from the [n][width] buffer at `at`. */
  output(at: number, mask: number, b0: number, used: number, out: DecodeOutput): void;
}

export const laneBlocks = (heap: Float32Array, n: number, width: number): LaneBlocks => ({
  width,
  load(llr, b0, lanes, at) {
    const base = at / 4;
    for (let w = 0; w < width; w++) {
      if (w < lanes) {
        const lo = (b0 + w) * n;
        for (let v = 0; v < n; v++) heap[base + v * width + w] = llr[lo + v];
      } else for (let v = 0; v < n; v++) heap[base + v * width + w] = 0;
    }
  },
  store(at, count, mask, b0, dst) {
    const base = at / 4;
    for (let w = 0; w < width; w++) {
      if (((mask >>> w) & 1) === 0) continue;
      const lo = (b0 + w) * count;
      for (let i = 0; i < count; i++) dst[lo + i] = heap[base + i * width + w];
    }
  },
  output(at, mask, b0, used, out) {
    const base = at / 4;
    for (let w = 0; w < width; w++) {
      if (((mask >>> w) & 1) === 0) continue;
      const lo = (b0 + w) * n;
      for (let v = 0; v < n; v++) {
        const s = heap[base + v * width + w];
        out.soft[lo + v] = s;
        out.hard[lo + v] = s < 0 ? 1 : 0;
      }
      out.iterations[b0 + w] = used;
    }
  },
});
