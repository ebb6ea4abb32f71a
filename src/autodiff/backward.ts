import { Gradients, Tape } from './tape.js';
import { Buf, Tensor, allocBuf } from './tensor.js';
import { vjpRuleOf } from './vjp.js';

/** A cotangent being accumulated; `owned` = allocated by the backward pass, so it may be added into in place. */
interface Cotangent {
  buf: Buf;
  owned: boolean;
}

/**
 * Reverse pass over the tape: seed d loss / d loss = 1, walk the nodes from
 * last to first, and for each node whose output received a cotangent apply
 * its VJP rule and add the results into the cotangents of its inputs.
 *
 * The loss must be [1, 1]. Every leaf param created on the tape gets a
 * gradient (zeros when the loss does not depend on it). A node whose
 * primitive has no VJP rule throws.
 */
export const backward = (tape: Tape, loss: Tensor): Gradients => {
  if (loss.rows !== 1 || loss.cols !== 1) {
    throw new RangeError(`backward: the loss must be a [1, 1] tensor, got [${loss.rows}, ${loss.cols}]`);
  }
  const alloc = (length: number): Buf => allocBuf(tape.dtype, length);
  const cotangents = new Map<number, Cotangent>();
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
    const gIns = rule(gOut.buf, node, alloc);
    for (let j = 0; j < node.inputs.length; j++) {
      const input = node.inputs[j];
      const gIn = gIns[j];
      if (!input.requiresGrad || gIn === null || gIn === undefined) continue;
      if (gIn.length !== input.rows * input.cols) {
        throw new Error(
          `autodiff: VJP of '${node.prim}' returned ${gIn.length} values for input ${j} of shape [${input.rows}, ${input.cols}]`,
        );
      }
      accumulate(cotangents, input.id, gIn, gIn !== gOut.buf, alloc);
    }
  }
  const leafGrads = new Map<number, Buf>();
  for (const p of tape.params) {
    const ct = cotangents.get(p.id);
    // Copy borrowed buffers so no two params share a gradient array (an optimizer may clip in place).
    leafGrads.set(p.id, ct === undefined ? alloc(p.rows * p.cols) : ct.owned ? ct.buf : ct.buf.slice());
  }
  return { get: (t: Tensor) => leafGrads.get(t.id) };
};

/** cotangents[id] += g, in place when the stored buffer is ours, else into a fresh sum. */
const accumulate = (
  cotangents: Map<number, Cotangent>,
  id: number,
  g: Buf,
  gIsFresh: boolean,
  alloc: (length: number) => Buf,
): void => {
  const prev = cotangents.get(id);
  if (prev === undefined) {
    cotangents.set(id, { buf: g, owned: gIsFresh });
    return;
  }
  if (prev.owned) {
    const b = prev.buf;
    for (let k = 0; k < b.length; k++) b[k] += g[k];
    return;
  }
  const sum = alloc(g.length);
  for (let k = 0; k < g.length; k++) sum[k] = prev.buf[k] + g[k];
  cotangents.set(id, { buf: sum, owned: true });
};
