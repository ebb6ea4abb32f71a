import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from 'ml-matrix';
import { backward, makeOps } from '../../src/autodiff/ops.js';
import { rngStream } from '../../src/channel/rng.js';
import { loadCode } from '../../src/codes/builtin.js';
import { denseRows } from '../../src/codes/parity-check.js';

/**
 * Dense-matrix oracles (ml-matrix): the graph primitives are linear maps, so
 * each one is a matrix, and its VJP must be that matrix transposed (the JAX
 * rule "a linear op's VJP is its transpose", checked here without trusting
 * any of our own kernels for the reference). And G H^T = 0 (mod 2) by an
 * ordinary real matrix product.
 */
const code = loadCode('bch-31-16');
const { varOfE, n, edges: E } = code.graph;

/** The matrix of a row-vector map f: R^cols -> R^outCols, column by column (f of each unit vector). */
const matrixOf = (cols: number, f: (x: Float64Array) => Float64Array): Matrix => {
  const columns = Array.from({ length: cols }, (_, j) => {
    const unit = new Float64Array(cols);
    unit[j] = 1;
    return Array.from(f(unit));
  });
  return new Matrix(columns).transpose();
};

const forward = (prim: 'gatherCols' | 'segmentSumCols' | 'sumOthers') => (x: Float64Array): Float64Array => {
  const { ops } = makeOps({ dtype: 'float64', record: false });
  const t = ops.constant(x, 1, x.length);
  const y = prim === 'gatherCols' ? ops.gatherCols(t, varOfE) : prim === 'segmentSumCols' ? ops.segmentSumCols(t, varOfE, n) : ops.sumOthers(t, varOfE, n);
  return Float64Array.from(y.data);
};

/** The reverse pass of one primitive for the cotangent g. */
const vjp = (prim: 'gatherCols' | 'segmentSumCols' | 'sumOthers', inCols: number, g: Float64Array): Float64Array => {
  const { ops, tape } = makeOps({ dtype: 'float64', record: true });
  const x = ops.param(new Float64Array(inCols), 1, inCols);
  const y = prim === 'gatherCols' ? ops.gatherCols(x, varOfE) : prim === 'segmentSumCols' ? ops.segmentSumCols(x, varOfE, n) : ops.sumOthers(x, varOfE, n);
  const loss = ops.sum(ops.mul(y, ops.constant(g, 1, g.length)));
  return Float64Array.from(backward(tape!, loss).get(x)!);
};

describe('graph primitives against their dense matrices (ml-matrix)', () => {
  const cases = [
    { prim: 'gatherCols', inCols: n, outCols: E },
    { prim: 'segmentSumCols', inCols: E, outCols: n },
    { prim: 'sumOthers', inCols: E, outCols: E },
  ] as const;
  for (const c of cases) {
    it(`${c.prim}: VJP(g) = A^T g for its matrix A`, () => {
      const A = matrixOf(c.inCols, forward(c.prim));
      assert.deepEqual([A.rows, A.columns], [c.outCols, c.inCols]);
      const rng = rngStream(7, c.inCols, c.outCols);
      for (let trial = 0; trial < 3; trial++) {
        const g = Float64Array.from({ length: c.outCols }, () => rng.nextFloat() * 2 - 1);
        const expected = A.transpose().mmul(Matrix.columnVector(Array.from(g))).getColumn(0);
        const got = vjp(c.prim, c.inCols, g);
        got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${c.prim} VJP[${i}] = ${v}, A^T g = ${expected[i]}`));
      }
    });
  }

  it('gather and segment sum are each other\'s transpose; sumOthers is symmetric', () => {
    const gather = matrixOf(n, forward('gatherCols'));
    const segment = matrixOf(E, forward('segmentSumCols'));
    // (ml-matrix's instance sub() works in place; the static Matrix.sub returns a new matrix)
    assert.equal(Matrix.sub(gather.transpose(), segment).norm(), 0);
    const others = matrixOf(E, forward('sumOthers'));
    assert.equal(Matrix.sub(others, others.transpose()).norm(), 0);
    // sumOthers = S^T S - I with S the segment-sum matrix
    assert.equal(Matrix.sub(Matrix.sub(segment.transpose().mmul(segment), Matrix.eye(E)), others).norm(), 0);
  });
});

describe('generator matrix against H by a real matrix product (ml-matrix)', () => {
  for (const name of ['bch-31-16', 'bch-63-45', 'mackay-96-48', 'ccsds-128-64']) {
    it(`${name}: G H^T = 0 (mod 2) and G has full rank k`, () => {
      const c = loadCode(name);
      const G = new Matrix(c.generator.rows.map((r) => Array.from(r)));
      const H = new Matrix(denseRows(c.h).map((r) => Array.from(r)));
      const product = G.mmul(H.transpose());
      for (let i = 0; i < product.rows; i++) for (let j = 0; j < product.columns; j++) assert.equal(product.get(i, j) % 2, 0, `(G H^T)[${i}, ${j}] is odd`);
      assert.deepEqual([G.rows, G.columns], [c.k, c.n]);
      // systematic on the information positions: those columns of G form the identity
      const info = Array.from(c.generator.infoPositions);
      assert.equal(Matrix.sub(G.subMatrixColumn(info), Matrix.eye(c.k)).norm(), 0);
    });
  }
});
