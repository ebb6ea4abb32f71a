import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backward, makeOps } from '../../src/autodiff/ops.js';
import { ParityCheck } from '../../src/codes/parity-check.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { minSumGraph, sharingIndex } from '../../src/decoders/student-graph.js';
import { totalLoss } from '../../src/losses/total.js';
import { Value, sumValues } from './scalar-value.js';
import { randomParityCheck, seededRandom, uniformArray } from './fixtures.js';

// The vector engine (tape over typed arrays) against the scalar micrograd-style
// oracle on random small graphs: a 2-iteration neural min-sum (learned weights,
// softplus offsets, channel weights) with CE + KD + sparse loss. Values and
// every gradient (weights, offsets, channel weights, LLRs) must agree.

const T = 2;
const TEACHER_T = 3; // look-ahead t0 = 1
const ALPHA = { ce: 1, kd: 0.7, sparse: 0.05 };
const KD_P = 2;
const SPARSE_P = 1.5;

interface Problem {
  h: ParityCheck;
  batch: number;
  llr: Float64Array;
  bits: Float64Array;
  weight: Float64Array; // [T * E]
  offsetRaw: Float64Array; // [T * E]
  channel: Float64Array; // [T * n]
  teacher: Float64Array[]; // TEACHER_T x [B * E]
}

const makeProblem = (seed: number): Problem => {
  const random = seededRandom(seed);
  const n = 4 + Math.floor(random() * 5);
  const m = 2 + Math.floor(random() * 3);
  const h = randomParityCheck(random, n, m, 4);
  const E = h.rows.reduce((s, r) => s + r.length, 0);
  const batch = 1 + Math.floor(random() * 3);
  const bits = Float64Array.from({ length: batch * n }, () => (random() < 0.5 ? 1 : 0));
  return {
    h,
    batch,
    llr: Float64Array.from(bits, (b) => (b ? -1 : 1) * (random() < 0.2 ? -1 : 1) * (0.2 + 3 * random())),
    bits,
    weight: uniformArray(random, T * E, 0.5, 1.5),
    offsetRaw: uniformArray(random, T * E, -3, -0.5),
    channel: uniformArray(random, T * n, 0.5, 1.5),
    teacher: Array.from({ length: TEACHER_T }, () => uniformArray(random, batch * E, -4, 4)),
  };
};

/** Everything computed by the scalar oracle, written straight from the formulas of docs/method.md §3 and 5. */
const oracle = (p: Problem) => {
  const { h, batch } = p;
  const n = h.n;
  const edges: Array<{ c: number; v: number }> = [];
  h.rows.forEach((row, c) => row.forEach((v) => edges.push({ c, v })));
  const E = edges.length;
  const llr = Array.from(p.llr, (x) => new Value(x));
  const weight = Array.from(p.weight, (x) => new Value(x));
  const offsetRaw = Array.from(p.offsetRaw, (x) => new Value(x));
  const channel = Array.from(p.channel, (x) => new Value(x));
  const sgn = (x: number) => (x < 0 ? -1 : 1);
  let ce = new Value(0);
  let kd = new Value(0);
  let sparse = new Value(0);
  for (let b = 0; b < batch; b++) {
    let nu: Value[] = edges.map(() => new Value(0));
    for (let t = 0; t < T; t++) {
      const mu = edges.map(({ c, v }, e) =>
        channel[t * n + v].mul(llr[b * n + v]).add(sumValues(nu.filter((_, e2) => e2 !== e && edges[e2].v === v && edges[e2].c !== c))),
      );
      nu = edges.map(({ c }, e) => {
        const others = edges.map((_, e2) => e2).filter((e2) => e2 !== e && edges[e2].c === c);
        if (others.length === 0) return new Value(0);
        const sign = others.reduce((s, e2) => s * sgn(mu[e2].data), 1);
        // lowest index wins ties (the same convention as the vector engine)
        const argMin = others.reduce((best, e2) => (Math.abs(mu[e2].data) < Math.abs(mu[best].data) ? e2 : best));
        const beta = offsetRaw[t * E + e].softplus();
        return weight[t * E + e].mul(sign).mul(mu[argMin].abs().sub(beta).relu());
      });
      const soft = Array.from({ length: n }, (_, v) => llr[b * n + v].add(sumValues(nu.filter((_, e) => edges[e].v === v))));
      // CE: (1/T) mean_{b,v} [softplus(-s) + bit * s]
      soft.forEach((s, v) => (ce = ce.add(s.neg().softplus().add(s.mul(p.bits[b * n + v])).mul(1 / (T * batch * n)))));
      // KD raw, p = 2, 'sum' form: mean_b ||nu^S(t) - nu^T(t + 1)||_2
      const teacher = p.teacher[t + TEACHER_T - T];
      kd = kd.add(sumValues(nu.map((x, e) => x.sub(teacher[b * E + e]).abs().pow(KD_P))).pow(1 / KD_P).mul(1 / batch));
      // sparse, p = 1.5, 'sum' form: mean_b (||nu||_p + ||mu||_p)
      const norm = (xs: Value[]) => sumValues(xs.map((x) => x.abs().pow(SPARSE_P))).pow(1 / SPARSE_P);
      sparse = sparse.add(norm(nu).add(norm(mu)).mul(1 / batch));
    }
  }
  const total = ce.mul(ALPHA.ce).add(kd.mul(ALPHA.kd)).add(sparse.mul(ALPHA.sparse));
  total.backward();
  const grads = (xs: Value[]) => xs.map((x) => x.grad);
  return {
    values: [total.data, ce.data, kd.data, sparse.data],
    grads: [grads(llr), grads(weight), grads(offsetRaw), grads(channel)],
  };
};

/** The same loss on the vector engine (float64 tape). */
const vectorEngine = (p: Problem) => {
  const graph = tannerGraph(p.h);
  const { ops, tape } = makeOps({ dtype: 'float64', record: true });
  const E = graph.edges;
  const n = graph.n;
  const llr = ops.param(p.llr, p.batch, n);
  const weight = ops.param(p.weight, 1, T * E);
  const offsetRaw = ops.param(p.offsetRaw, 1, T * E);
  const channel = ops.param(p.channel, 1, T * n);
  const edgeIndex = sharingIndex('iteration-edge', T, E);
  const channelIndex = (t: number) => Int32Array.from({ length: n }, (_, v) => t * n + v);
  const trace = minSumGraph(ops, graph, llr, T, {
    weightE: (t) => ops.gatherCols(weight, edgeIndex.indexFor(t)),
    offsetE: (t) => ops.softplus(ops.gatherCols(offsetRaw, edgeIndex.indexFor(t))),
    channelWeightV: (t) => ops.gatherCols(channel, channelIndex(t)),
  });
  const loss = totalLoss(ops, { student: trace, bitsV: p.bits, teacher: p.teacher }, ALPHA, {
    distillation: { p: KD_P, norm: 'sum', distance: 'raw' },
    sparse: { p: SPARSE_P, norm: 'sum', on: 'both' },
  });
  const g = backward(tape!, loss.total);
  return {
    values: [loss.total.data[0], loss.terms.ce!, loss.terms.kd!, loss.terms.sparse!],
    grads: [llr, weight, offsetRaw, channel].map((t) => Array.from(g.get(t)!)),
  };
};

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('vector engine vs scalar oracle (2-iteration neural min-sum, CE + KD + sparse)', () => {
  it('agrees on loss values and all gradients on random small graphs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const p = makeProblem(seed);
        const want = oracle(p);
        const got = vectorEngine(p);
        want.values.forEach((v, i) => assert.ok(close(got.values[i], v, 1e-12), `value ${i}: ${got.values[i]} vs oracle ${v}`));
        const names = ['llr', 'weight', 'offsetRaw', 'channel'];
        want.grads.forEach((gs, i) =>
          gs.forEach((g, k) => assert.ok(close(got.grads[i][k], g, 1e-10), `d/d${names[i]}[${k}]: ${got.grads[i][k]} vs oracle ${g}`)),
        );
        // guard: the scenario exercised non-trivial gradients
        assert.ok(want.grads[1].some((g) => g !== 0), 'no weight received a gradient');
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

// ---------------------------------------------------------------------------
// Random elementwise programs: every elementwise primitive and both full
// reductions, composed at random, against the scalar oracle (values and the
// gradient of every input). Programs whose operands come within 0.05 of a kink
// (0 for abs, relu and |.|^p) are discarded, so every derivative is defined.

/** One step of a random program: an op and its operands among the earlier results (0 and 1 are the inputs). */
interface Step {
  readonly op: (typeof PROGRAM_OPS)[number];
  readonly a: number;
  readonly b: number;
  /** the op's constant: exponent of powAbs, factor k - 2 of scale */
  readonly k: number;
}

// mul, exp and powAbs take tanh of an operand first so that values stay bounded;
// logAbs is log(|a| + 0.5); clip has bounds far from the data (its interior rule).
const PROGRAM_OPS = ['add', 'sub', 'mul', 'neg', 'abs', 'relu', 'softplus', 'sigmoid', 'tanh', 'logAbs', 'expTanh', 'powAbs', 'scale', 'clip'] as const;

const randomProgram = (random: () => number, length: number): Step[] =>
  Array.from({ length }, (_, i) => {
    const pick = () => Math.floor(random() * (i + 2));
    return { op: PROGRAM_OPS[Math.floor(random() * PROGRAM_OPS.length)], a: pick(), b: pick(), k: [0.5, 1.5, 2, 3, 4][Math.floor(random() * 5)] };
  });

/** Run a program on the vector engine (float64, on the tape); the loss and the gradients of both inputs. */
const runVector = (steps: readonly Step[], x: Float64Array, y: Float64Array, reduce: 'sum' | 'mean') => {
  const { ops, tape } = makeOps({ dtype: 'float64', record: true });
  const xs = [ops.param(x, 1, x.length), ops.param(y, 1, y.length)];
  const half = ops.constant(new Float64Array(x.length).fill(0.5), 1, x.length);
  for (const s of steps) {
    const [a, b] = [xs[s.a], xs[s.b]];
    const ops1 = {
      add: () => ops.add(a, b),
      sub: () => ops.sub(a, b),
      mul: () => ops.mul(ops.tanh(a), b),
      neg: () => ops.neg(a),
      abs: () => ops.abs(a),
      relu: () => ops.relu(a),
      softplus: () => ops.softplus(a),
      sigmoid: () => ops.sigmoid(a),
      tanh: () => ops.tanh(a),
      logAbs: () => ops.log(ops.add(ops.abs(a), half)),
      expTanh: () => ops.exp(ops.tanh(a)),
      powAbs: () => ops.powAbs(ops.tanh(a), s.k),
      scale: () => ops.scale(a, s.k - 2),
      clip: () => ops.clip(a, -1e9, 1e9),
    };
    xs.push(ops1[s.op]());
  }
  const loss = reduce === 'sum' ? ops.sum(xs[xs.length - 1]) : ops.mean(xs[xs.length - 1]);
  const g = backward(tape!, loss);
  return { loss: loss.data[0], gx: Array.from(g.get(xs[0]) ?? new Float64Array(x.length)), gy: Array.from(g.get(xs[1]) ?? new Float64Array(y.length)) };
};

/** The same program on the scalar oracle, element by element: every intermediate result. */
const scalarTrace = (steps: readonly Step[], xv: Value[], yv: Value[]): Value[][] => {
  const xs: Value[][] = [xv, yv];
  for (const s of steps) {
    const [a, b] = [xs[s.a], xs[s.b]];
    xs.push(
      a.map((u, i) => {
        switch (s.op) {
          case 'add': return u.add(b[i]);
          case 'sub': return u.sub(b[i]);
          case 'mul': return u.tanh().mul(b[i]);
          case 'neg': return u.neg();
          case 'abs': return u.abs();
          case 'relu': return u.relu();
          case 'softplus': return u.softplus();
          case 'sigmoid': return u.sigmoid();
          case 'tanh': return u.tanh();
          case 'logAbs': return u.abs().add(0.5).log();
          case 'expTanh': return u.tanh().exp();
          case 'powAbs': return u.tanh().abs().pow(s.k);
          case 'scale': return u.mul(s.k - 2);
          case 'clip': return u; // far bounds: the identity
        }
      }),
    );
  }
  return xs;
};

/** True when no operand of abs, relu, logAbs or powAbs lies within 0.05 of their kink at 0. */
const awayFromKinks = (steps: readonly Step[], trace: Value[][]): boolean =>
  steps.every((s) => {
    const kinked = s.op === 'abs' || s.op === 'relu' || s.op === 'logAbs' ? (v: number) => v : s.op === 'powAbs' ? Math.tanh : null;
    return kinked === null || trace[s.a].every((u) => Math.abs(kinked(u.data)) >= 0.05);
  });

describe('vector engine vs scalar oracle (random programs of elementwise primitives and reductions)', () => {
  it('agrees on the loss and the gradient of every input', () => {
    let compared = 0;
    const used = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('sum' as const, 'mean' as const), (seed, length, reduce) => {
        const random = seededRandom(seed);
        const n = 1 + Math.floor(random() * 6);
        const x = uniformArray(random, n, -2, 2);
        const y = uniformArray(random, n, -2, 2);
        const steps = randomProgram(random, length);
        const xv = Array.from(x, (v) => new Value(v));
        const yv = Array.from(y, (v) => new Value(v));
        const trace = scalarTrace(steps, xv, yv);
        if (!awayFromKinks(steps, trace)) return; // not compared (counted below)
        const last = trace[trace.length - 1];
        const loss = reduce === 'sum' ? sumValues(last) : sumValues(last).mul(1 / last.length);
        loss.backward();
        const got = runVector(steps, x, y, reduce);
        const program = steps.map((s) => s.op).join(' ');
        assert.ok(close(got.loss, loss.data, 1e-12), `loss ${got.loss} vs oracle ${loss.data} (${program})`);
        xv.forEach((v, i) => assert.ok(close(got.gx[i], v.grad, 1e-10), `d/dx[${i}]: ${got.gx[i]} vs oracle ${v.grad} (${program})`));
        yv.forEach((v, i) => assert.ok(close(got.gy[i], v.grad, 1e-10), `d/dy[${i}]: ${got.gy[i]} vs oracle ${v.grad} (${program})`));
        steps.forEach((s) => used.add(s.op));
        compared++;
      }),
      { numRuns: 300, seed: 11 },
    );
    assert.ok(compared >= 150, `only ${compared} of 300 programs were away from kinks`);
    assert.deepEqual([...used].sort(), [...PROGRAM_OPS].sort(), 'every op was exercised');
  });
});
