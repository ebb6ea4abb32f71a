import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeOps } from '../../src/autodiff/ops.js';
import { ParityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { expandSharedTensor, minSumGraph, sharingIndex } from '../../src/decoders/student-graph.js';
import { hamming74, randomParityCheck, seededRandom, uniformArray } from './fixtures.js';

/**
 * Naive per-frame neural min-sum straight from docs/method.md §3, on (c, v) pairs
 * with O(d^2) loops; returns c2v per iteration in check order and soft outputs.
 */
const naiveMinSum = (h: ParityCheck, llr: ArrayLike<number>, T: number, w: (t: number, e: number) => number, beta: (t: number, e: number) => number) => {
  const edges: Array<{ c: number; v: number }> = [];
  h.rows.forEach((row, c) => row.forEach((v) => edges.push({ c, v })));
  let nu = edges.map(() => 0);
  const c2v: number[][] = [];
  const soft: number[][] = [];
  for (let t = 0; t < T; t++) {
    const mu = edges.map(({ c, v }) => llr[v] + edges.reduce((s, e2, j) => (e2.v === v && e2.c !== c ? s + nu[j] : s), 0));
    nu = edges.map(({ c }, e) => {
      let sign = 1;
      let min = Infinity;
      edges.forEach((e2, j) => {
        if (e2.c !== c || j === e) return;
        if (mu[j] < 0) sign = -sign;
        min = Math.min(min, Math.abs(mu[j]));
      });
      if (min === Infinity) return 0; // a check of degree 1
      return w(t, e) * sign * Math.max(0, min - beta(t, e));
    });
    c2v.push(nu);
    soft.push(Array.from({ length: h.n }, (_, v) => llr[v] + edges.reduce((s, e2, j) => (e2.v === v ? s + nu[j] : s), 0)));
  }
  return { c2v, soft };
};

describe('minSumGraph (student definition on Ops)', () => {
  it('matches a naive min-sum with per-(iteration, edge) weights and offsets on random graphs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, neural) => {
        const random = seededRandom(seed);
        const h = randomParityCheck(random, 5 + Math.floor(random() * 6), 2 + Math.floor(random() * 4), 5);
        const graph = tannerGraph(h);
        const T = 3;
        const E = graph.edges;
        const B = 2;
        const llr = uniformArray(random, B * h.n, -5, 5);
        const w = uniformArray(random, T * E, 0.5, 1.5);
        const beta = uniformArray(random, T * E, 0, 0.5);
        const { ops } = makeOps({ dtype: 'float64', record: false });
        const idx = sharingIndex('iteration-edge', T, E);
        const wT = ops.constant(w, 1, T * E);
        const betaT = ops.constant(beta, 1, T * E);
        const trace = minSumGraph(
          ops,
          graph,
          ops.constant(llr, B, h.n),
          T,
          neural ? { weightE: (t) => expandSharedTensor(ops, wT, idx, t), offsetE: (t) => expandSharedTensor(ops, betaT, idx, t) } : {},
        );
        for (let b = 0; b < B; b++) {
          const want = naiveMinSum(
            h,
            llr.subarray(b * h.n, (b + 1) * h.n),
            T,
            neural ? (t, e) => w[t * E + e] : () => 1,
            neural ? (t, e) => beta[t * E + e] : () => 0,
          );
          for (let t = 0; t < T; t++) {
            want.c2v[t].forEach((x, e) => assert.ok(Math.abs(trace.c2v[t].data[b * E + e] - x) < 1e-9, `c2v t=${t} e=${e}`));
            want.soft[t].forEach((x, v) => assert.ok(Math.abs(trace.soft[t].data[b * h.n + v] - x) < 1e-9, `soft t=${t} v=${v}`));
          }
        }
      }),
      { numRuns: 50, seed: 5 },
    );
  });

  it('all-zero LLRs give all-zero messages and outputs', () => {
    const graph = tannerGraph(hamming74);
    const { ops } = makeOps({ dtype: 'float32', record: false });
    const trace = minSumGraph(ops, graph, ops.constant(new Float32Array(2 * 7), 2, 7), 4, {});
    for (const t of [...trace.c2v, ...trace.v2c, ...trace.soft]) assert.ok(t.data.every((x) => x === 0));
  });

  it('clips v2c and c2v messages to +-clip', () => {
    const graph = tannerGraph(hamming74);
    const { ops } = makeOps({ dtype: 'float64', record: false });
    const trace = minSumGraph(ops, graph, ops.constant(uniformArray(seededRandom(1), 7, 3, 9), 1, 7), 3, { clip: 2 });
    const maxAbs = Math.max(...[...trace.c2v, ...trace.v2c].flatMap((t) => Array.from(t.data, Math.abs)));
    assert.equal(maxAbs, 2);
  });

  it('sharingIndex: sizes and slots of the four sharing modes', () => {
    const T = 3;
    const E = 4;
    const sizes = { 'iteration-edge': 12, edge: 4, iteration: 3, scalar: 1 } as const;
    for (const mode of ['iteration-edge', 'edge', 'iteration', 'scalar'] as const) {
      const s = sharingIndex(mode, T, E);
      assert.equal(s.size, sizes[mode]);
      assert.equal(s.indexFor(2).length, E);
    }
    assert.deepEqual(Array.from(sharingIndex('iteration-edge', T, E).indexFor(1)), [4, 5, 6, 7]);
    assert.deepEqual(Array.from(sharingIndex('edge', T, E).indexFor(2)), [0, 1, 2, 3]);
    assert.deepEqual(Array.from(sharingIndex('iteration', T, E).indexFor(2)), [2, 2, 2, 2]);
    assert.deepEqual(Array.from(sharingIndex('scalar', T, E).indexFor(0)), [0, 0, 0, 0]);
    assert.throws(() => sharingIndex('edge', T, E).indexFor(3), /iteration 3/);
  });
});
