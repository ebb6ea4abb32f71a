import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PRIM_NAMES, PrimName, powAbsSlope, powAbsValue, TANH_SATURATES, TANH_SATURATES_F32, tanhKernel } from '../../src/autodiff/primitives.js';
import { Ops, backward, makeOps } from '../../src/autodiff/ops.js';
import { Tensor } from '../../src/autodiff/tensor.js';
import { ParamInit, gradcheck } from '../../src/autodiff/gradcheck.js';
import { nonDifferentiable, PRIMITIVES } from '../../src/autodiff/table.js';
import { seededRandom, uniformArray } from './fixtures.js';

// Every primitive of the table is gradient-checked here in float64, on
// fast-check inputs pushed away from kinks and ties, through
// loss = sum(v * prim(x)) with a random cotangent v: the directional
// derivative <grad, u> must match (f(x + hu) - f(x - hu)) / 2h.

const TOLERANCE = 1e-6;
const RUNS = 25;
const SEED = 20220601;

/** Push x at least d away from each kink. */
const away = (x: number, kinks: ReadonlyArray<number>, d = 0.02): number => {
  for (const k of kinks) if (Math.abs(x - k) < d) x = k + (x >= k ? d : -d);
  return x;
};

interface Matrix {
  rows: number;
  cols: number;
  x: number[];
}

const matrix = (lo: number, hi: number, kinks: number[] = [], maxRows = 3, maxCols = 5): fc.Arbitrary<Matrix> =>
  fc
    .record({ rows: fc.integer({ min: 1, max: maxRows }), cols: fc.integer({ min: 1, max: maxCols }) })
    .chain(({ rows, cols }) =>
      fc
        .array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols })
        .map((xs) => ({ rows, cols, x: xs.map((v) => away(v, kinks)) })),
    );

const init = (m: Matrix): ParamInit => ({ data: m.x, rows: m.rows, cols: m.cols });

/** Directional gradient check of sum(v * apply(params)). */
const checkGradient = (inits: ParamInit[], apply: (ops: Ops, ps: Tensor[]) => Tensor, seed: number): void => {
  const random = seededRandom(seed);
  let v: Float64Array | null = null;
  const build = (ops: Ops, ps: Tensor[]): Tensor => {
    const out = apply(ops, ps);
    v ??= uniformArray(random, out.data.length, -1, 1);
    return ops.sum(ops.mul(out, ops.constant(v, out.rows, out.cols)));
  };
  const result = gradcheck(build, inits, { random, directions: 2, h: 1e-5, tiny: 1e-6 });
  assert.ok(result.maxRelError < TOLERANCE, `maxRelError ${result.maxRelError} >= ${TOLERANCE}: ${JSON.stringify(result.checks)}`);
};

/** For a nonDifferentiable primitive: its entry is the explicit marker and d/dx sum(prim(x) * x) = prim(x). */
const checkZeroGradient = (name: PrimName, m: Matrix, apply: (ops: Ops, x: Tensor) => Tensor): void => {
  assert.equal(PRIMITIVES[name].vjp, nonDifferentiable);
  const { ops, tape } = makeOps({ dtype: 'float64', record: true });
  const x = ops.param(Float64Array.from(m.x), m.rows, m.cols);
  const y = apply(ops, x);
  assert.equal(y.requiresGrad, false, 'a nonDifferentiable output is a constant for the tape');
  const g = backward(tape!, ops.sum(ops.mul(y, x))).get(x)!;
  assert.deepEqual(Array.from(g), Array.from(y.data));
};

const unaryCase = (lo: number, hi: number, kinks: number[], f: (ops: Ops, x: Tensor) => Tensor) =>
  fc.assert(
    fc.property(matrix(lo, hi, kinks), fc.integer(), (m, seed) => checkGradient([init(m)], (ops, [x]) => f(ops, x), seed)),
    { numRuns: RUNS, seed: SEED },
  );

/** a (+-*) b with b either the same shape or one row broadcast over a's rows. */
const binaryCase = (f: (ops: Ops, a: Tensor, b: Tensor) => Tensor) =>
  fc.assert(
    fc.property(matrix(-3, 3), fc.boolean(), fc.integer(), (m, broadcast, seed) => {
      const random = seededRandom(seed);
      const bRows = broadcast ? 1 : m.rows;
      const b: ParamInit = { data: uniformArray(random, bRows * m.cols, -3, 3), rows: bRows, cols: m.cols };
      const [first, second] = seed % 2 === 0 ? [init(m), b] : [b, init(m)]; // broadcast either side
      checkGradient([first, second], (ops, [x, y]) => f(ops, x, y), seed);
    }),
    { numRuns: RUNS, seed: SEED },
  );

/** Segment ids for K columns into numSeg segments. */
const segmentCase = (f: (ops: Ops, x: Tensor, seg: Int32Array, numSeg: number) => Tensor) =>
  fc.assert(
    fc.property(
      matrix(-3, 3),
      fc.integer({ min: 1, max: 4 }),
      fc.integer(),
      (m, numSeg, seed) => {
        const random = seededRandom(seed);
        const seg = Int32Array.from({ length: m.cols }, () => Math.floor(random() * numSeg));
        checkGradient([init(m)], (ops, [x]) => f(ops, x, seg, numSeg), seed);
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );

/** Rows of distinct magnitudes (spacing >= 0.01, away from 0) over random contiguous segments (sizes 1..5). */
const segmentedMatrix = fc
  .record({
    rows: fc.integer({ min: 1, max: 3 }),
    sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ rows, sizes }) => {
    const cols = sizes.reduce((s, d) => s + d, 0);
    const row = fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 5, max: 400 }), { minLength: cols, maxLength: cols }),
        fc.array(fc.boolean(), { minLength: cols, maxLength: cols }),
      )
      .map(([mags, negs]) => mags.map((k, i) => (negs[i] ? -k : k) / 100));
    return fc.array(row, { minLength: rows, maxLength: rows }).map((rs) => {
      const segStart = new Int32Array(sizes.length + 1);
      sizes.forEach((d, c) => (segStart[c + 1] = segStart[c] + d));
      return { m: { rows, cols, x: rs.flat() } as Matrix, segStart };
    });
  });

const pExponent = fc.constantFrom(0.5, 1, 1.5, 2, 3);

/** x [R, C] as a param, plus a constant target t with every x - t at least 0.02 away from 0 (the kink of |.|). */
const distanceCase = (f: (ops: Ops, x: Tensor, target: Float64Array, p: number) => Tensor) =>
  fc.assert(
    fc.property(matrix(-3, 3), pExponent, fc.integer(), (m, p, seed) => {
      const target = uniformArray(seededRandom(seed ^ 0x2545f491), m.x.length, -3, 3);
      const x = m.x.map((v, i) => target[i] + away(v - target[i], [0]));
      checkGradient([{ data: x, rows: m.rows, cols: m.cols }], (ops, [xT]) => f(ops, xT, target, p), seed);
    }),
    { numRuns: RUNS, seed: SEED },
  );

/**
 * minSumCheck on distinct magnitudes k/100 with optional weight and offset,
 * each [1, C] or [R, C]; offsets are (k + 0.5)/100 so m - beta is never within
 * 0.005 of the relu kink.
 */
const minSumCheckCase = () =>
  fc.assert(
    fc.property(segmentedMatrix, fc.boolean(), fc.boolean(), fc.boolean(), fc.integer(), ({ m, segStart }, hasWeight, hasOffset, perRow, seed) => {
      const random = seededRandom(seed);
      const rows = perRow ? m.rows : 1;
      const inits: ParamInit[] = [init(m)];
      if (hasWeight) inits.push({ data: uniformArray(random, rows * m.cols, -1.5, 1.5), rows, cols: m.cols });
      if (hasOffset) inits.push({ data: Array.from({ length: rows * m.cols }, () => (Math.floor(random() * 150) + 0.5) / 100), rows, cols: m.cols });
      checkGradient(inits, (ops, [x, ...rest]) => ops.minSumCheck(x, segStart, hasWeight ? rest[0] : null, hasOffset ? rest[rest.length - 1] : null), seed);
    }),
    { numRuns: RUNS, seed: SEED },
  );

/** One check per primitive; `satisfies` makes a primitive without a check a compile error. */
const checks = {
  add: () => binaryCase((ops, a, b) => ops.add(a, b)),
  sub: () => binaryCase((ops, a, b) => ops.sub(a, b)),
  mul: () => binaryCase((ops, a, b) => ops.mul(a, b)),
  scale: () =>
    fc.assert(
      fc.property(matrix(-3, 3), fc.double({ min: -4, max: 4, noNaN: true }), fc.integer(), (m, s, seed) =>
        checkGradient([init(m)], (ops, [x]) => ops.scale(x, s), seed),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  neg: () => unaryCase(-3, 3, [], (ops, x) => ops.neg(x)),
  abs: () => unaryCase(-3, 3, [0], (ops, x) => ops.abs(x)),
  sign: () =>
    fc.assert(
      fc.property(matrix(-3, 3), (m) => checkZeroGradient('sign', m, (ops, x) => ops.sign(x))),
      { numRuns: RUNS, seed: SEED },
    ),
  relu: () => unaryCase(-3, 3, [0], (ops, x) => ops.relu(x)),
  softplus: () => unaryCase(-30, 30, [], (ops, x) => ops.softplus(x)),
  sigmoid: () => unaryCase(-10, 10, [], (ops, x) => ops.sigmoid(x)),
  tanh: () => unaryCase(-4, 4, [], (ops, x) => ops.tanh(x)),
  log: () => unaryCase(0.1, 10, [], (ops, x) => ops.log(x)),
  exp: () => unaryCase(-3, 3, [], (ops, x) => ops.exp(x)),
  powAbs: () =>
    fc.assert(
      fc.property(matrix(-3, 3, [0]), pExponent, fc.integer(), (m, p, seed) =>
        checkGradient([init(m)], (ops, [x]) => ops.powAbs(x, p), seed),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  clip: () => unaryCase(-2, 2, [-1, 1], (ops, x) => ops.clip(x, -1, 1)),
  gatherCols: () =>
    fc.assert(
      fc.property(matrix(-3, 3), fc.integer({ min: 1, max: 7 }), fc.integer(), (m, k, seed) => {
        const random = seededRandom(seed);
        const idx = Int32Array.from({ length: k }, () => Math.floor(random() * m.cols)); // repeats = parameter sharing
        checkGradient([init(m)], (ops, [x]) => ops.gatherCols(x, idx), seed);
      }),
      { numRuns: RUNS, seed: SEED },
    ),
  segmentSumCols: () => segmentCase((ops, x, seg, numSeg) => ops.segmentSumCols(x, seg, numSeg)),
  sumOthers: () => segmentCase((ops, x, seg, numSeg) => ops.sumOthers(x, seg, numSeg)),
  extrinsicMinAbs: () =>
    fc.assert(
      fc.property(segmentedMatrix, fc.integer(), ({ m, segStart }, seed) =>
        checkGradient([init(m)], (ops, [x]) => ops.extrinsicMinAbs(x, segStart), seed),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  extrinsicSignProd: () =>
    fc.assert(
      fc.property(segmentedMatrix, ({ m, segStart }) =>
        checkZeroGradient('extrinsicSignProd', m, (ops, x) => ops.extrinsicSignProd(x, segStart)),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  sum: () => unaryCase(-3, 3, [], (ops, x) => ops.sum(x)),
  mean: () => unaryCase(-3, 3, [], (ops, x) => ops.mean(x)),
  rowLpNorm: () =>
    fc.assert(
      fc.property(matrix(-3, 3, [0]), pExponent, fc.integer(), (m, p, seed) =>
        checkGradient([init(m)], (ops, [x]) => ops.rowLpNorm(x, p), seed),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  rowMeanPowAbs: () =>
    fc.assert(
      fc.property(matrix(-3, 3, [0]), pExponent, fc.integer(), (m, p, seed) =>
        checkGradient([init(m)], (ops, [x]) => ops.rowMeanPowAbs(x, p), seed),
      ),
      { numRuns: RUNS, seed: SEED },
    ),
  bceWithLogits: () =>
    fc.assert(
      fc.property(matrix(-20, 20), fc.integer(), (m, seed) => {
        const target = uniformArray(seededRandom(seed ^ 0x5bd1e995), m.x.length, 0, 1); // soft targets in [0, 1]
        checkGradient([init(m)], (ops, [x]) => ops.bceWithLogits(x, target), seed);
      }),
      { numRuns: RUNS, seed: SEED },
    ),
  minSumCheck: minSumCheckCase,
  variableUpdate: () =>
    fc.assert(
      fc.property(matrix(-3, 3), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.integer(), (m, numSeg, broadcast, seed) => {
        const random = seededRandom(seed);
        const seg = Int32Array.from({ length: m.cols }, () => Math.floor(random() * numSeg));
        const chRows = broadcast ? 1 : m.rows;
        const channel: ParamInit = { data: uniformArray(random, chRows * m.cols, -3, 3), rows: chRows, cols: m.cols };
        checkGradient([channel, init(m)], (ops, [ch, x]) => ops.variableUpdate(ch, x, seg, numSeg), seed);
      }),
      { numRuns: RUNS, seed: SEED },
    ),
  rowLpDistance: () => distanceCase((ops, x, t, p) => ops.rowLpDistance(x, t, p)),
  rowMeanPowDistance: () => distanceCase((ops, x, t, p) => ops.rowMeanPowDistance(x, t, p)),
} satisfies Record<PrimName, () => void>;

describe('every primitive of the VJP table is gradient-checked (float64)', () => {
  it('the check table covers exactly the PrimName list (a new primitive without a check fails)', () => {
    for (const name of PRIM_NAMES) assert.ok(Object.hasOwn(checks, name), `primitive '${name}' has no gradient check`);
    for (const name of PRIM_NAMES) {
      assert.ok(Object.hasOwn(PRIMITIVES, name), `primitive '${name}' has no table entry`);
      assert.equal(typeof PRIMITIVES[name].forward, 'function', `primitive '${name}' has no forward kernel`);
    }
    assert.equal(Object.keys(checks).length, PRIM_NAMES.length);
  });
  for (const name of PRIM_NAMES) {
    it(`${name}: reverse mode matches the central difference`, () => (checks as Record<string, () => void>)[name]());
  }
});

describe('powAbsValue / powAbsSlope: multiplications for p = 1..4, Math.pow otherwise', () => {
  it('agree with Math.pow to a few ulp for every p, including 0 and negative arguments', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.constantFrom(0.5, 1, 1.5, 2, 3, 4, 5, 8),
        (a, p) => {
          const close = (x: number, y: number) => Math.abs(x - y) <= 1e-15 * Math.max(Math.abs(y), 1e-300);
          assert.ok(close(powAbsValue(a, p), Math.pow(Math.abs(a), p)), `|${a}|^${p}`);
          const slope = a === 0 ? 0 : Math.sign(a) * Math.pow(Math.abs(a), p - 1);
          assert.ok(close(powAbsSlope(a, p), slope), `slope of |${a}|^${p}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('tanhKernel: Math.tanh, with the saturated range short-cut', () => {
  it('TANH_SATURATES is where Math.tanh reaches 1 exactly', () => {
    assert.equal(Math.tanh(TANH_SATURATES), 1);
    assert.ok(Math.tanh(TANH_SATURATES - 4e-15) < 1, 'the double just below does not saturate');
  });

  it('TANH_SATURATES_F32 is where float32 tanh reaches 1, and stays there for every float32 above it', () => {
    assert.equal(Math.fround(TANH_SATURATES_F32), TANH_SATURATES_F32, 'a float32 value');
    const x = new Float32Array(1);
    const bits = new Uint32Array(x.buffer);
    x[0] = TANH_SATURATES_F32;
    bits[0] -= 1;
    assert.ok(Math.fround(Math.tanh(x[0])) < 1, 'the float32 just below does not round to 1');
    // every float32 from the threshold up to the float64 threshold (about 5.5 million values)
    let checked = 0;
    for (x[0] = TANH_SATURATES_F32; x[0] <= TANH_SATURATES; bits[0] += 1, checked++) {
      const v = x[0];
      if (Math.fround(Math.tanh(v)) !== 1 || Math.fround(Math.tanh(-v)) !== -1) assert.fail(`float32 tanh(+-${v}) is not +-1`);
    }
    assert.ok(checked > 5_000_000, `${checked} values`);
  });

  it('gives the bits of Math.tanh everywhere, in float64 and float32', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: -1e-12, max: 1e-12, noNaN: true }), (x, eps) => {
        for (const v of [x, TANH_SATURATES + eps, -TANH_SATURATES + eps, TANH_SATURATES_F32 + 1e6 * eps, -TANH_SATURATES_F32 + 1e6 * eps]) {
          const in64 = Float64Array.of(v);
          const out64 = new Float64Array(1);
          tanhKernel(in64, out64);
          assert.equal(out64[0], Math.tanh(v), `tanh(${v})`);
          const in32 = Float32Array.of(v);
          const out32 = new Float32Array(1);
          tanhKernel(in32, out32);
          assert.equal(out32[0], Math.fround(Math.tanh(in32[0])), `float32 tanh(${in32[0]})`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
