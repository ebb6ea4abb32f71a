import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backward, makeOps } from '../../src/autodiff/ops.js';
import { PrimName } from '../../src/autodiff/primitives.js';
import { TapeNode } from '../../src/autodiff/tape.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { minSumGraph } from '../../src/decoders/student-graph.js';
import { totalLoss } from '../../src/losses/total.js';
import { gradcheck, gradcheckElements, relativeError } from '../../src/autodiff/gradcheck.js';
import { hamming74, seededRandom, smallCase, uniformArray } from './fixtures.js';

/** Naive O(d^2) extrinsic min |x| and sign product over contiguous segments, with the written tie convention. */
const naiveExtrinsic = (x: ArrayLike<number>, rows: number, cols: number, segStart: Int32Array) => {
  const min = new Float64Array(rows * cols);
  const sign = new Float64Array(rows * cols);
  const source = new Int32Array(rows * cols).fill(-1); // the edge whose |x| is min[e]
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c + 1 < segStart.length; c++) {
      for (let e = segStart[c]; e < segStart[c + 1]; e++) {
        let best = -1;
        let s = 1;
        for (let j = segStart[c]; j < segStart[c + 1]; j++) {
          if (j === e) continue;
          if (x[r * cols + j] < 0) s = -s;
          // strict <: the lowest index among equal magnitudes wins
          if (best < 0 || Math.abs(x[r * cols + j]) < Math.abs(x[r * cols + best])) best = j;
        }
        min[r * cols + e] = best < 0 ? 0 : Math.abs(x[r * cols + best]);
        sign[r * cols + e] = s;
        source[r * cols + e] = best;
      }
    }
  }
  return { min, sign, source };
};

/** Rows with many ties and zeros: small integers in -3..3. */
const tiedCase = fc
  .record({
    rows: fc.integer({ min: 1, max: 3 }),
    sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ rows, sizes }) => {
    const cols = sizes.reduce((s, d) => s + d, 0);
    return fc.array(fc.integer({ min: -3, max: 3 }), { minLength: rows * cols, maxLength: rows * cols }).map((x) => {
      const segStart = new Int32Array(sizes.length + 1);
      sizes.forEach((d, c) => (segStart[c + 1] = segStart[c] + d));
      return { rows, cols, x, segStart };
    });
  });

describe('extrinsicMinAbs / extrinsicSignProd', () => {
  it('match a naive O(d^2) loop, with duplicated minima, zeros and segments of size 1', () => {
    let sawTie = false;
    fc.assert(
      fc.property(tiedCase, ({ rows, cols, x, segStart }) => {
        const { ops } = makeOps({ dtype: 'float64', record: false });
        const t = ops.constant(x, rows, cols);
        const want = naiveExtrinsic(x, rows, cols, segStart);
        assert.deepEqual(Array.from(ops.extrinsicMinAbs(t, segStart).data), Array.from(want.min));
        assert.deepEqual(Array.from(ops.extrinsicSignProd(t, segStart).data), Array.from(want.sign));
        sawTie ||= x.some((v, i) => x.some((w, j) => i !== j && Math.abs(v) === Math.abs(w)));
      }),
      { numRuns: 200, seed: 11 },
    );
    assert.ok(sawTie, 'the generator produced no tie');
  });

  it('send each cotangent to the edge that attained the minimum (tie convention), times sgn there', () => {
    fc.assert(
      fc.property(tiedCase, fc.integer(), ({ rows, cols, x, segStart }, seed) => {
        const { ops, tape } = makeOps({ dtype: 'float64', record: true });
        const p = ops.param(Float64Array.from(x), rows, cols);
        const v = uniformArray(seededRandom(seed), rows * cols, -1, 1);
        const g = backward(tape!, ops.sum(ops.mul(ops.extrinsicMinAbs(p, segStart), ops.constant(v, rows, cols)))).get(p)!;
        const { source } = naiveExtrinsic(x, rows, cols, segStart);
        const want = new Float64Array(rows * cols);
        for (let i = 0; i < rows * cols; i++) {
          if (source[i] < 0) continue;
          const r = Math.floor(i / cols);
          const src = r * cols + source[i];
          want[src] += v[i] * Math.sign(x[src]); // d|x|/dx = 0 at x = 0
        }
        want.forEach((w, i) => assert.ok(Math.abs(g[i] - w) < 1e-12, `edge ${i}: ${g[i]} vs ${w}`));
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('with a duplicated minimum each tied edge takes its value (and gradient) from the other', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const p = ops.param([2, -1, 5, 1], 1, 4);
    const y = ops.extrinsicMinAbs(p, Int32Array.from([0, 4]));
    assert.deepEqual(Array.from(y.data), [1, 1, 1, 1]);
    // d y_1 / d x: y_1 comes from edge 3 (the second minimum); d y_3 / d x from edge 1.
    const g = backward(tape!, ops.sum(ops.mul(y, ops.constant([0, 1, 0, 10], 1, 4)))).get(p)!;
    assert.deepEqual(Array.from(g), [0, -10, 0, 1]);
  });
});

describe('the tape', () => {
  it('a node whose primitive has no VJP rule makes backward throw (never a silent zero)', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const x = ops.param([1, 2], 1, 2);
    const loss = ops.sum(ops.tanh(x));
    const node = tape!.nodes.find((nd) => nd.prim === 'tanh')!;
    (node as { prim: PrimName }).prim = 'notAPrimitive' as PrimName;
    assert.throws(() => backward(tape!, loss), /no VJP rule for primitive 'notAPrimitive'/);
    (node as { prim: PrimName }).prim = 'toString' as PrimName; // an Object.prototype name is not a rule either
    assert.throws(() => backward(tape!, loss), /no VJP rule/);
  });

  it('no-grad mode and tape mode give identical forward values (student + losses)', () => {
    const c = smallCase(seededRandom(3), hamming74, 4);
    const teacher = Array.from({ length: 4 }, (_, t) => uniformArray(seededRandom(t + 10), 4 * c.graph.edges, -3, 3));
    const run = (record: boolean) => {
      const { ops, tape } = makeOps({ dtype: 'float32', record });
      const w = ops.param(uniformArray(seededRandom(5), c.graph.edges, 0.5, 1.5), 1, c.graph.edges);
      const trace = minSumGraph(ops, c.graph, ops.constant(c.llr, c.batch, c.graph.n), 3, { weightE: () => w, clip: 2.5 });
      const loss = totalLoss(ops, { student: trace, bitsV: c.bits, teacher }, { ce: 1, kd: 1, sparse: 0.1 });
      return { tape, values: [...trace.c2v, ...trace.v2c, ...trace.soft, loss.total].map((t) => Array.from(t.data)) };
    };
    const noGrad = run(false);
    const withTape = run(true);
    assert.equal(noGrad.tape, null);
    assert.ok(withTape.tape!.nodes.length > 10);
    assert.deepEqual(withTape.values, noGrad.values);
  });

  it('only param-dependent differentiable nodes are recorded; unused params get zero gradients', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const a = ops.param([1, -2, 3], 1, 3);
    const unused = ops.param([7], 1, 1);
    const k = ops.constant([4, 5, 6], 1, 3);
    const kk = ops.exp(k); // constant: not recorded
    const s = ops.sign(a); // nonDifferentiable: not recorded
    const loss = ops.sum(ops.mul(ops.mul(a, kk), s));
    assert.deepEqual(
      tape!.nodes.map((nd: TapeNode) => nd.prim),
      ['mul', 'mul', 'sum'],
    );
    const g = backward(tape!, loss);
    assert.deepEqual(Array.from(g.get(a)!), [Math.exp(4), -Math.exp(5), Math.exp(6)]);
    assert.deepEqual(Array.from(g.get(unused)!), [0]);
    assert.equal(g.get(k), undefined);
  });

  it('row broadcasting sums the cotangent over rows; a param used twice accumulates', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const x = ops.constant([1, 2, 3, 4, 5, 6], 3, 2);
    const w = ops.param([10, 20], 1, 2);
    const loss = ops.sum(ops.add(ops.mul(x, w), w)); // d/dw_c = sum_r x_rc + 3
    assert.deepEqual(Array.from(backward(tape!, loss).get(w)!), [1 + 3 + 5 + 3, 2 + 4 + 6 + 3]);
  });

  it('two params that receive the same cotangent buffer get independent gradient arrays', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const a = ops.param([1, 2], 1, 2);
    const b = ops.param([3, 4], 1, 2);
    const g = backward(tape!, ops.sum(ops.add(a, b)));
    g.get(a)![0] = 99;
    assert.deepEqual(Array.from(g.get(b)!), [1, 1]);
  });

  it('constants and params given in the other dtype are converted; the loss must be [1, 1]', () => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const p = ops.param(Float32Array.from([0.1]), 1, 1);
    assert.ok(p.data instanceof Float64Array);
    assert.equal(p.data[0], Math.fround(0.1));
    const { ops: ops32 } = makeOps({ dtype: 'float32', record: false });
    assert.ok(ops32.constant(Float64Array.from([0.1]), 1, 1).data instanceof Float32Array);
    assert.throws(() => backward(tape!, ops.gatherCols(p, Int32Array.from([0, 0]))), /\[1, 1\]/);
  });

  it('shape errors are thrown with the operation and shapes', () => {
    const { ops } = makeOps({ dtype: 'float64', record: false });
    assert.throws(() => ops.add(ops.constant([1, 2, 3, 4], 2, 2), ops.constant([1, 2, 3, 4, 5, 6], 3, 2)), /add: shapes \[2, 2\] and \[3, 2\]/);
    assert.throws(() => ops.gatherCols(ops.constant([1, 2], 1, 2), Int32Array.from([2])), /gatherCols: index 2/);
  });
});

describe('graph primitives are each other\'s transpose', () => {
  it('<gatherCols(x), y> = <x, segmentSumCols(y)> and <sumOthers(x), y> = <x, sumOthers(y)>', () => {
    const graph = tannerGraph(hamming74);
    const random = seededRandom(21);
    const { ops } = makeOps({ dtype: 'float64', record: false });
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);
    const xV = ops.constant(uniformArray(random, 2 * graph.n, -1, 1), 2, graph.n);
    const yE = ops.constant(uniformArray(random, 2 * graph.edges, -1, 1), 2, graph.edges);
    const lhs = dot(ops.gatherCols(xV, graph.varOfE).data, yE.data);
    const rhs = dot(xV.data, ops.segmentSumCols(yE, graph.varOfE, graph.n).data);
    assert.ok(Math.abs(lhs - rhs) < 1e-12);
    const xE = ops.constant(uniformArray(random, 2 * graph.edges, -1, 1), 2, graph.edges);
    const a = dot(ops.sumOthers(xE, graph.varOfE, graph.n).data, yE.data);
    const b = dot(xE.data, ops.sumOthers(yE, graph.varOfE, graph.n).data);
    assert.ok(Math.abs(a - b) < 1e-12);
  });
});

describe('gradcheck utilities', () => {
  it('per-element check: every element of a small composition matches its central difference', () => {
    const c = smallCase(seededRandom(9), hamming74, 2);
    const E = c.graph.edges;
    const r = gradcheckElements(
      (ops, [w, llr]) => {
        const trace = minSumGraph(ops, c.graph, llr, 2, { weightE: () => w });
        return ops.mean(ops.rowLpNorm(trace.soft[1], 2));
      },
      [
        { data: uniformArray(seededRandom(10), E, 0.5, 1.5), rows: 1, cols: E },
        { data: c.llr, rows: c.batch, cols: c.graph.n },
      ],
    );
    assert.ok(r.maxRelError < 1e-6, JSON.stringify(r));
  });

  it('detects a wrong gradient (the check can fail)', () => {
    // The taped pass computes 1 * sum(x), the evaluations 2 * sum(x): the check must report the mismatch.
    let calls = 0;
    const r = gradcheck(
      (ops, [x]) => ops.sum(ops.scale(x, calls++ === 0 ? 1 : 2)), // the taped pass differs from the evaluated ones
      [{ data: [1, 2, 3], rows: 1, cols: 3 }],
      { random: seededRandom(1) },
    );
    assert.ok(r.maxRelError > 0.1);
    assert.equal(relativeError(1, 1.5), 1 / 3);
  });
});
