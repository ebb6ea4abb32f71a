import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DType, Tensor } from '../../src/autodiff/tensor.js';
import { backward, makeOps } from '../../src/autodiff/ops.js';
import { parityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { minSumGraph, sharingIndex } from '../../src/decoders/student-graph.js';
import { randomParityCheck, seededRandom, uniformArray } from './fixtures.js';

// The fused primitives (minSumCheck, variableUpdate, rowLpDistance,
// rowMeanPowDistance) are compositions of the elementary ones done in one
// pass. Here the student decoder built both ways must give the same messages
// and the same gradients of every input: exactly up to float64 rounding, with
// duplicated minima, zeros, checks of degree 1, clipping, weights given per
// iteration and edge, softplus offsets and channel weights.

const T = 3;

interface Case {
  graph: ReturnType<typeof tannerGraph>;
  batch: number;
  llr: Float64Array;
  weight: Float64Array;
  offsetRaw: Float64Array;
  channel: Float64Array;
  cotangents: Float64Array[]; // per (iteration, c2v | v2c | soft)
  clip: number | null;
  useWeight: boolean;
  useOffset: boolean;
  useChannel: boolean;
}

const makeCase = (seed: number): Case => {
  const random = seededRandom(seed);
  const n = 4 + Math.floor(random() * 6);
  const base = randomParityCheck(random, n, 2 + Math.floor(random() * 3), 5);
  // sometimes a check of degree 1 (no other edge: extrinsic minimum 0, sign +1)
  const rows = random() < 0.4 ? [...base.rows, [Math.floor(random() * n)]] : base.rows;
  const graph = tannerGraph(parityCheck(n, rows));
  const E = graph.edges;
  const batch = 1 + Math.floor(random() * 3);
  // small integers: many ties of magnitudes, and zeros
  const llr = Float64Array.from({ length: batch * n }, () => Math.floor(random() * 7) - 3);
  const cotangents: Float64Array[] = [];
  for (let t = 0; t < T; t++) cotangents.push(uniformArray(random, batch * E, -1, 1), uniformArray(random, batch * E, -1, 1), uniformArray(random, batch * n, -1, 1));
  return {
    graph,
    batch,
    llr,
    weight: Float64Array.from({ length: T * E }, () => 0.5 + Math.floor(random() * 4) / 4),
    offsetRaw: uniformArray(random, T * E, -3, 0.5),
    channel: uniformArray(random, T * n, 0.5, 1.5),
    cotangents,
    clip: random() < 0.3 ? 2.5 : null,
    useWeight: random() < 0.7,
    useOffset: random() < 0.6,
    useChannel: random() < 0.5,
  };
};

/** Messages of every iteration and the gradients of llr, weight, offsetRaw, channel of sum(cotangent * message). */
const run = (c: Case, primitives: 'fused' | 'unfused', dtype: DType) => {
  const { ops, tape } = makeOps({ dtype, record: true });
  const { graph, batch } = c;
  const E = graph.edges;
  const n = graph.n;
  const llr = ops.param(c.llr, batch, n);
  const weight = ops.param(c.weight, 1, T * E);
  const offsetRaw = ops.param(c.offsetRaw, 1, T * E);
  const channel = ops.param(c.channel, 1, T * n);
  const edgeIndex = sharingIndex('iteration-edge', T, E);
  const channelIndex = (t: number) => Int32Array.from({ length: n }, (_, v) => t * n + v);
  const trace = minSumGraph(ops, graph, llr, T, {
    weightE: c.useWeight ? (t) => ops.gatherCols(weight, edgeIndex.indexFor(t)) : undefined,
    offsetE: c.useOffset ? (t) => ops.softplus(ops.gatherCols(offsetRaw, edgeIndex.indexFor(t))) : undefined,
    channelWeightV: c.useChannel ? (t) => ops.gatherCols(channel, channelIndex(t)) : undefined,
    clip: c.clip,
    primitives,
  });
  let loss: Tensor | null = null;
  for (let t = 0; t < T; t++) {
    [trace.c2v[t], trace.v2c[t], trace.soft[t]].forEach((x, k) => {
      const term = ops.sum(ops.mul(x, ops.constant(c.cotangents[3 * t + k], x.rows, x.cols)));
      loss = loss === null ? term : ops.add(loss, term);
    });
  }
  const g = backward(tape!, loss!);
  return {
    messages: [...trace.c2v, ...trace.v2c, ...trace.soft].map((x) => Array.from(x.data)),
    grads: [llr, weight, offsetRaw, channel].map((p) => Array.from(g.get(p)!)),
  };
};

const assertClose = (got: number[][], want: number[][], tol: number, what: string) => {
  got.forEach((xs, i) =>
    xs.forEach((x, k) => assert.ok(Math.abs(x - want[i][k]) <= tol * Math.max(1, Math.abs(want[i][k])), `${what} ${i}[${k}]: fused ${x} vs unfused ${want[i][k]}`)),
  );
};

describe('fused primitives = their unfused compositions (student decoder)', () => {
  it('float64: same messages and gradients, to rounding, on random graphs with ties, zeros and degree-1 checks', () => {
    let sawGradient = false;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const c = makeCase(seed);
        const fused = run(c, 'fused', 'float64');
        const unfused = run(c, 'unfused', 'float64');
        assertClose(fused.messages, unfused.messages, 1e-14, 'message');
        assertClose(fused.grads, unfused.grads, 1e-12, 'gradient');
        if (unfused.grads[1].some((g) => g !== 0)) sawGradient = true;
      }),
      { numRuns: 60, seed: 11 },
    );
    assert.ok(sawGradient, 'guard: some weight received a gradient');
  });

  it('float32: agree to float32 rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const c = makeCase(seed);
        const fused = run(c, 'fused', 'float32');
        const unfused = run(c, 'unfused', 'float32');
        assertClose(fused.messages, unfused.messages, 1e-5, 'message');
        assertClose(fused.grads, unfused.grads, 1e-4, 'gradient');
      }),
      { numRuns: 20, seed: 12 },
    );
  });
});

describe('fused distances = norm of the difference', () => {
  it('rowLpDistance(x, t) = rowLpNorm(x - t) and rowMeanPowDistance(x, t) = rowMeanPowAbs(x - t), values and gradients', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0.5, 1, 1.5, 2, 3), (seed, p) => {
        const random = seededRandom(seed);
        const rows = 1 + Math.floor(random() * 3);
        const cols = 1 + Math.floor(random() * 6);
        // integers: some x - t are exactly 0 (the d|x|/dx = 0 convention), some rows entirely 0 (y = 0)
        const t = Float64Array.from({ length: rows * cols }, () => Math.floor(random() * 5) - 2);
        const x = Float64Array.from(t, (v) => (random() < 0.3 ? v : v + Math.floor(random() * 5) - 2));
        for (const [fusedOp, norm] of [
          ['rowLpDistance', 'rowLpNorm'],
          ['rowMeanPowDistance', 'rowMeanPowAbs'],
        ] as const) {
          const a = makeOps({ dtype: 'float64', record: true });
          const xa = a.ops.param(x, rows, cols);
          const ya = a.ops[fusedOp](xa, t, p);
          const ga = backward(a.tape!, a.ops.sum(ya)).get(xa)!;
          const b = makeOps({ dtype: 'float64', record: true });
          const xb = b.ops.param(x, rows, cols);
          const yb = b.ops[norm](b.ops.sub(xb, b.ops.constant(t, rows, cols)), p);
          const gb = backward(b.tape!, b.ops.sum(yb)).get(xb)!;
          assert.deepEqual(Array.from(ya.data), Array.from(yb.data), `${fusedOp} values`);
          assertClose([Array.from(ga)], [Array.from(gb)], 1e-14, `${fusedOp} gradient`);
        }
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});

describe('backward reuses finished cotangent buffers safely', () => {
  it('a long chain with fan-out gives the same gradient as the chain rule by hand', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const x = ops.param([1, -2, 3, 0.5], 2, 2);
    // y = x; repeated: y <- y * 1.5 + y (fan-out of y into two branches) four times: y = x * 2.5^4
    let y = x;
    for (let i = 0; i < 4; i++) y = ops.add(ops.scale(y, 1.5), y);
    const w = ops.param([2, 3], 1, 2);
    const loss = ops.sum(ops.add(ops.mul(y, w), ops.mul(x, w)));
    const g = backward(tape!, loss);
    const k = 2.5 ** 4;
    assert.deepEqual(Array.from(g.get(x)!), [2 * (k + 1), 3 * (k + 1), 2 * (k + 1), 3 * (k + 1)]);
    assert.deepEqual(Array.from(g.get(w)!), [(1 + 3) * (k + 1), (-2 + 0.5) * (k + 1)]);
  });
});
