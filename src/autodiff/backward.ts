import { Gradients, Tape, TapeNode } from './tape.js';
import { Buf, DType, Tensor, allocBuf } from './tensor.js';
import { vjpRuleOf } from './table.js';

/** A cotangent being accumulated; `owned` = allocated by this backward pass and held only here, so it may be added into in place. */
interface Cotangent {
  buf: Buf;
  owned: boolean;
}

/**
 * Zeroed buffers for the VJP rules, reusing the cotangents the pass has
 * finished with. Why: a fresh [120, 432] float32 array costs about as much as
 * a whole elementwise pass over it (calloc + page faults, ~60 us on the
 * development machine), and a training step's backward used to allocate
 * about a hundred of them; zeroing a reused one costs ~4 us.
 */
class CotangentPool {
  private readonly free = new Map<number, Buf[]>();
  constructor(private readonly dtype: DType) {}

  /** A zero-filled buffer of the given length. */
  take(length: number): Buf {
    const list = this.free.get(length);
    const buf = list?.pop();
    if (buf === undefined) return allocBuf(this.dtype, length);
    buf.fill(0);
    return buf;
  }

  /** Hand back a buffer nobody refers to any more. */
  give(buf: Buf): void {
    const list = this.free.get(buf.length);
    if (list === undefined) this.free.set(buf.length, [buf]);
    else list.push(buf);
  }
}

/**
 * Reverse pass over the tape: seed d loss / d loss = 1, walk the nodes from
 * last to first, and for each node whose output received a cotangent apply
 * its VJP rule and add the results into the cotangents of its inputs.
 *
 * The loss must be [1, 1]. Every leaf param created on the tape gets a
 * gradient (zeros when the loss does not depend on it). A node whose
 * primitive has no VJP rule throws.
 *
 * Buffers: a cotangent the pass owns is added into in place (by the rule
 * itself when it asks `alloc(length, j)` for input j's buffer); once a node's
 * output cotangent has been used (and was not passed on as an input's
 * cotangent) or an owned contribution has been added into another, the
 * buffer goes back to a pool that the rules' `alloc` draws from.
 *
 * @example
 * ```ts
 * import { backward, makeOps } from 'tanner';
 * import assert from 'node:assert/strict';
 * const { ops, tape } = makeOps({ dtype: 'float64', record: true });
 * const x = ops.param([1, -2, 3], 1, 3);
 * const loss = ops.sum(ops.mul(x, x)); // sum of x^2
 * const grad = backward(tape!, loss).get(x)!;
 * assert.deepEqual(Array.from(grad), [2, -4, 6]);
 * ```
 */
export const backward = (tape: Tape, loss: Tensor): Gradients => {
  if (loss.rows !== 1 || loss.cols !== 1) {
    throw new RangeError(`backward: the loss must be a [1, 1] tensor, got [${loss.rows}, ${loss.cols}]`);
  }
  const pool = new CotangentPool(tape.dtype);
  const cotangents = new Map<number, Cotangent>();
  let current: TapeNode | null = null; // the node whose rule is running
  /** A zeroed buffer, or (accumulateInto = j) input j's own accumulated cotangent for the rule to add into. */
  const alloc = (length: number, accumulateInto?: number): Buf => {
    if (accumulateInto !== undefined && current !== null) {
      const held = cotangents.get(current.inputs[accumulateInto].id);
      if (held !== undefined && held.owned && held.buf.length === length) return held.buf;
    }
    return pool.take(length);
  };
  if (loss.requiresGrad) {
    const seed = alloc(1);
    seed[0] = 1;
    cotangents.set(loss.id, { buf: seed, owned: true });
  }
  for (let i = tape.nodes.length - 1; i >= 0; i--) {
    const node = tape.nodes[i];
    const gOut = cotangents.get(node.output.id);
    if (gOut === undefined) continue; // the loss does not depend on this node
    // A node output is never a leaf, so its cotangent can be dropped once used.
    cotangents.delete(node.output.id);
    const rule = vjpRuleOf(node.prim);
    if (typeof rule !== 'function') continue; // nonDifferentiable: zero gradient on purpose
    current = node;
    const gIns = rule(gOut.buf, node, alloc);
    current = null;
    let passedOn = false;
    for (let j = 0; j < node.inputs.length; j++) {
      const input = node.inputs[j];
      const gIn = gIns[j];
      if (!input.requiresGrad || gIn === null || gIn === undefined) continue;
      const held = cotangents.get(input.id);
      if (held !== undefined && held.owned && held.buf === gIn) continue; // the rule added into it already
      if (gIn.length !== input.rows * input.cols) {
        throw new Error(
          `autodiff: VJP of '${node.prim}' returned ${gIn.length} values for input ${j} of shape [${input.rows}, ${input.cols}]`,
        );
      }
      // Fresh = allocated by the rule for this input alone (not g itself, not shared with another input).
      const shared = gIn === gOut.buf || gIns.indexOf(gIn) !== j;
      if (gIn === gOut.buf) passedOn = true;
      accumulate(cotangents, input.id, gIn, !shared, pool);
    }
    if (gOut.owned && !passedOn) pool.give(gOut.buf);
  }
  const leafGrads = new Map<number, Buf>();
  for (const p of tape.params) {
    const ct = cotangents.get(p.id);
    // Copy borrowed buffers so no two params share a gradient array (an optimizer may clip in place).
    leafGrads.set(p.id, ct === undefined ? allocBuf(tape.dtype, p.rows * p.cols) : ct.owned ? ct.buf : ct.buf.slice());
  }
  return { get: (t: Tensor) => leafGrads.get(t.id) };
};

/** cotangents[id] += g, in place when the stored buffer is ours, else into a fresh sum; a used-up fresh g goes back to the pool. */
const accumulate = (cotangents: Map<number, Cotangent>, id: number, g: Buf, gIsFresh: boolean, pool: CotangentPool): void => {
  const prev = cotangents.get(id);
  if (prev === undefined) {
    cotangents.set(id, { buf: g, owned: gIsFresh });
    return;
  }
  if (prev.owned) {
    const b = prev.buf;
    for (let k = 0; k < b.length; k++) b[k] += g[k];
    if (gIsFresh) pool.give(g);
    return;
  }
  if (gIsFresh) {
    // add the borrowed buffer into our fresh one (the sum is commutative elementwise: same values)
    for (let k = 0; k < g.length; k++) g[k] += prev.buf[k];
    cotangents.set(id, { buf: g, owned: true });
    return;
  }
  const sum = pool.take(g.length);
  for (let k = 0; k < g.length; k++) sum[k] = prev.buf[k] + g[k];
  cotangents.set(id, { buf: sum, owned: true });
};
