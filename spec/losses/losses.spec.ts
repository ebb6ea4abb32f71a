import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ops, backward, makeOps } from '../../src/autodiff/ops.js';
import { Tensor } from '../../src/autodiff/tensor.js';
import { gradcheck } from '../../src/autodiff/gradcheck.js';
import { minSumGraph, sharingIndex } from '../../src/decoders/student-graph.js';
import { crossEntropyLoss } from '../../src/losses/crossEntropy.js';
import { DistillationOptions, distillationLoss } from '../../src/losses/distillation.js';
import { SparseOptions, sparseLoss } from '../../src/losses/sparse.js';
import { totalLoss } from '../../src/losses/total.js';
import { UserError } from '../../src/util/errors.js';
import { hamming74, seededRandom, smallCase, uniformArray } from '../autodiff/fixtures.js';

const T = 2;
const TEACHER_T = 4;
const c = smallCase(seededRandom(2022), hamming74, 3);
const E = c.graph.edges;
const n = c.graph.n;
const teacher = Array.from({ length: TEACHER_T }, (_, t) => uniformArray(seededRandom(100 + t), c.batch * E, -4, 4));
const sharing = sharingIndex('iteration-edge', T, E);
const initWeight = uniformArray(seededRandom(7), T * E, 0.6, 1.4);
const initOffset = uniformArray(seededRandom(8), T * E, -2.5, -0.5);

/** 2-iteration neural min-sum on Hamming(7,4): params = [weights, raw offsets, llr]. */
const student = (ops: Ops, [weight, offsetRaw, llr]: Tensor[], clip: number | null = null) =>
  minSumGraph(ops, c.graph, llr, T, {
    weightE: (t) => ops.gatherCols(weight, sharing.indexFor(t)),
    offsetE: (t) => ops.softplus(ops.gatherCols(offsetRaw, sharing.indexFor(t))),
    clip,
  });

const params = [
  { data: initWeight, rows: 1, cols: T * E },
  { data: initOffset, rows: 1, cols: T * E },
  { data: c.llr, rows: c.batch, cols: n },
];

const expectGradOk = (build: (ops: Ops, ps: Tensor[]) => Tensor, label: string) => {
  const r = gradcheck(build, params, { random: seededRandom(31), directions: 3 });
  assert.ok(r.maxRelError < 1e-6, `${label}: maxRelError ${r.maxRelError} ${JSON.stringify(r.checks)}`);
  assert.ok(r.checks.some((k) => Math.abs(k.reverse) > 1e-6), `${label}: a zero directional derivative checks nothing`);
};

describe('gradient check of whole compositions (float64, 2-iteration neural min-sum on Hamming(7,4))', () => {
  it('cross-entropy multiloss', () => expectGradOk((ops, ps) => crossEntropyLoss(ops, student(ops, ps).soft, c.bits), 'ce'));

  const kdCases: Array<[string, DistillationOptions]> = [
    ['raw, p = 2, sum form', { distance: 'raw' }],
    ['raw, p = 1.5, mean form, clip 3', { distance: 'raw', p: 1.5, norm: 'mean', clip: 3 }],
    ['softbit, p = 2', { distance: 'softbit' }],
    ['bce, tau = 2, sum form', { distance: 'bce', temperature: 2 }],
    ['bce, mean form', { distance: 'bce', norm: 'mean' }],
  ];
  for (const [label, options] of kdCases) {
    it(`distillation ${label}`, () =>
      expectGradOk((ops, ps) => distillationLoss(ops, student(ops, ps).c2v, teacher, options), label));
  }

  const sparseCases: Array<[string, SparseOptions]> = [
    ['both, p = 1', {}],
    ['check only, p = 2, mean form', { on: 'check', p: 2, norm: 'mean' }],
    ['variable only, p = 1.5, clip 2.5', { on: 'variable', p: 1.5, clip: 2.5 }],
  ];
  for (const [label, options] of sparseCases) {
    it(`sparse ${label}`, () =>
      expectGradOk((ops, ps) => {
        const tr = student(ops, ps);
        return sparseLoss(ops, tr.c2v, tr.v2c, options);
      }, label));
  }

  it('total CE + KD + sparse with message clipping in the decoder', () =>
    expectGradOk(
      (ops, ps) => totalLoss(ops, { student: student(ops, ps, 6), bitsV: c.bits, teacher }, { ce: 1, kd: 0.5, sparse: 0.01 }).total,
      'total',
    ));
});

describe('loss values against direct formulas', () => {
  const { ops } = makeOps({ dtype: 'float64', record: false });
  const soft = [ops.constant([2, -1, 0.5, -3], 2, 2), ops.constant([1, 1, -2, 4], 2, 2)];
  const bits = [0, 1, 1, 0];

  it('CE = (1/T) sum_t mean BCE(sigmoid(-s), b)', () => {
    const bce = (s: number, b: number) => {
      const p1 = 1 / (1 + Math.exp(s)); // P(bit = 1) = sigmoid(-s)
      return -(b * Math.log(p1) + (1 - b) * Math.log(1 - p1));
    };
    let want = 0;
    for (const s of soft) want += Array.from(s.data).reduce((acc, v, i) => acc + bce(v, bits[i]), 0) / 4 / soft.length;
    assert.ok(Math.abs(crossEntropyLoss(ops, soft, bits).data[0] - want) < 1e-12);
  });

  it('KD raw = sum_t mean_batch ||nu^T(t + t0) - nu^S(t)||_p with t0 = T_teacher - T_student', () => {
    const s = [ops.constant([1, 2, 3, 4], 2, 2)];
    const t = [Float64Array.from([9, 9, 9, 9]), Float64Array.from([0, 0, 0, 0])]; // t0 = 1: the second one counts
    const want = (Math.hypot(1, 2) + Math.hypot(3, 4)) / 2;
    assert.ok(Math.abs(distillationLoss(ops, s, t).data[0] - want) < 1e-12);
    const wantMean = ((1 + 4) / 2 + (9 + 16) / 2) / 2;
    assert.ok(Math.abs(distillationLoss(ops, s, t, { norm: 'mean' }).data[0] - wantMean) < 1e-12);
    const wantLook0 = (Math.hypot(8, 7) + Math.hypot(6, 5)) / 2;
    assert.ok(Math.abs(distillationLoss(ops, s, t, { lookAhead: 0 }).data[0] - wantLook0) < 1e-12);
    const wantClip = (Math.hypot(1, 2) + Math.hypot(2.5, 2.5)) / 2;
    assert.ok(Math.abs(distillationLoss(ops, s, t, { clip: 2.5 }).data[0] - wantClip) < 1e-12);
  });

  it('KD softbit and bce', () => {
    const s = [ops.constant([1, -2], 1, 2)];
    const t = [Float64Array.from([0.5, 3])];
    const sb = (x: number) => Math.tanh(x / 2);
    const wantSoftbit = Math.hypot(sb(1) - sb(0.5), sb(-2) - sb(3));
    assert.ok(Math.abs(distillationLoss(ops, s, t, { distance: 'softbit' }).data[0] - wantSoftbit) < 1e-12);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const bce = (z: number, q: number) => -(q * Math.log(sig(z)) + (1 - q) * Math.log(1 - sig(z)));
    const tau = 2;
    const wantBce = bce(1 / tau, sig(0.5 / tau)) + bce(-2 / tau, sig(3 / tau));
    assert.ok(Math.abs(distillationLoss(ops, s, t, { distance: 'bce', temperature: tau }).data[0] - wantBce) < 1e-12);
  });

  it('sparse = sum_t mean_batch (||nu||_p + ||mu||_p), and its one-sided options', () => {
    const nu = [ops.constant([1, -2, 0, 3], 2, 2)];
    const mu = [ops.constant([-4, 0, 1, 1], 2, 2)];
    assert.equal(sparseLoss(ops, nu, mu).data[0], (3 + 3 + 4 + 2) / 2);
    assert.equal(sparseLoss(ops, nu, mu, { on: 'check' }).data[0], (3 + 3) / 2);
    assert.equal(sparseLoss(ops, nu, mu, { on: 'variable' }).data[0], (4 + 2) / 2);
    assert.equal(sparseLoss(ops, nu, mu, { on: 'check', norm: 'mean', p: 2 }).data[0], ((1 + 4) / 2 + 9 / 2) / 2);
  });

  it("sparse with 'from' counts only the iterations from..T", () => {
    const nu = [ops.constant([1, -2], 1, 2), ops.constant([0, 3], 1, 2), ops.constant([5, 0], 1, 2)];
    const mu = [ops.constant([-4, 0], 1, 2), ops.constant([1, 1], 1, 2), ops.constant([0, -7], 1, 2)];
    assert.equal(sparseLoss(ops, nu, mu, { from: 1 }).data[0], 3 + 4 + 3 + 2 + 5 + 7);
    assert.equal(sparseLoss(ops, nu, mu, { from: 2 }).data[0], 3 + 2 + 5 + 7);
    assert.equal(sparseLoss(ops, nu, mu, { from: 3, on: 'check' }).data[0], 5);
    for (const from of [0, 4, 1.5]) {
      assert.throws(() => sparseLoss(ops, nu, mu, { from }), (e: unknown) => e instanceof UserError && /'from'/.test(e.message));
    }
  });

  it('bad options are UserErrors that name the loss', () => {
    const s = [ops.constant([1], 1, 1)];
    assert.throws(() => distillationLoss(ops, s, [Float64Array.from([1])], { p: 0 }), (e: unknown) => e instanceof UserError && /distillation/.test(e.message));
    assert.throws(() => distillationLoss(ops, s, [Float64Array.from([1])], { lookAhead: 1 }), UserError);
    assert.throws(() => sparseLoss(ops, s, s, { clip: -1 }), (e: unknown) => e instanceof UserError && /sparse/.test(e.message));
  });
});

describe('totalLoss', () => {
  const build = (weights: { ce: number; kd: number; sparse: number }) => {
    const { ops, tape } = makeOps({ dtype: 'float64', record: true });
    const ps = params.map((p) => ops.param(p.data, p.rows, p.cols));
    const tr = student(ops, ps);
    const before = tape!.nodes.length;
    const result = totalLoss(ops, { student: tr, bitsV: c.bits, teacher }, weights);
    return { ops, tape: tape!, ps, tr, result, lossNodes: tape!.nodes.length - before };
  };

  it('is the weighted sum of the terms, each term reported by value', () => {
    const { ops, tr, result } = build({ ce: 0.5, kd: 2, sparse: 0.01 });
    const ce = crossEntropyLoss(ops, tr.soft, c.bits).data[0];
    const kd = distillationLoss(ops, tr.c2v, teacher).data[0];
    const sp = sparseLoss(ops, tr.c2v, tr.v2c).data[0];
    assert.deepEqual(result.terms, { ce, kd, sparse: sp });
    assert.ok(Math.abs(result.total.data[0] - (0.5 * ce + 2 * kd + 0.01 * sp)) < 1e-12);
  });

  it("with kdOn 'soft' distils the soft outputs s_v(t) instead of the c2v messages", () => {
    const { ops } = makeOps({ dtype: 'float64', record: false });
    const ps = params.map((p) => ops.constant(p.data, p.rows, p.cols));
    const tr = student(ops, ps);
    // the teacher's soft outputs: any [B, n] buffers per teacher iteration
    const teacherSoft = teacher.map((_, t) => Float64Array.from(tr.soft[0].data, (x, i) => x * (1 + 0.1 * t) + ((i % 3) - 1)));
    const r = totalLoss(ops, { student: tr, teacher: teacherSoft }, { ce: 0, kd: 1, sparse: 0 }, { kdOn: 'soft' });
    assert.equal(r.terms.kd, distillationLoss(ops, tr.soft, teacherSoft).data[0]);
    assert.notEqual(r.terms.kd, totalLoss(ops, { student: tr, teacher }, { ce: 0, kd: 1, sparse: 0 }).terms.kd);
  });

  it('does not build terms of weight 0 (fewer tape nodes, term null, no teacher needed)', () => {
    const all = build({ ce: 1, kd: 1, sparse: 1 });
    const ceOnly = build({ ce: 1, kd: 0, sparse: 0 });
    assert.equal(ceOnly.result.terms.kd, null);
    assert.equal(ceOnly.result.terms.sparse, null);
    assert.ok(ceOnly.lossNodes < all.lossNodes / 2, `${ceOnly.lossNodes} vs ${all.lossNodes}`);
    const { ops } = makeOps({ dtype: 'float64', record: false });
    const r = totalLoss(ops, { student: { c2v: [], v2c: [], soft: [] } }, { ce: 0, kd: 0, sparse: 0 });
    assert.equal(r.total.data[0], 0);
  });

  it('gradients reach the weights, offsets and LLRs', () => {
    const { tape, ps, result } = build({ ce: 1, kd: 1, sparse: 0.01 });
    const g = backward(tape, result.total);
    for (const p of ps) assert.ok(g.get(p)!.some((x) => x !== 0));
  });
});
