import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { RunConfig, decodeRunConfig, formatConfigErrors } from '../../src/config/index.js';

/** JSON writes -0 as 0; keep the generated configs free of it so the round trip is exact. */
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);
const positive = fc.double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true });
const nonNegative = fc.double({ min: 0, max: 1e3, noNaN: true }).map(noNegativeZero);
const beta = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map(noNegativeZero);
const ebn0List = fc.array(fc.double({ min: -10, max: 20, noNaN: true }).map(noNegativeZero), { minLength: 1, maxLength: 9 });
const positiveInt = fc.integer({ min: 1, max: 1_000_000 });
const nonNegativeInt = fc.integer({ min: 0, max: 1_000_000 });
const nonBlank = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const orNull = <A>(a: fc.Arbitrary<A>): fc.Arbitrary<A | null> => fc.option(a, { nil: null });

/** A config built from randomly chosen valid values, respecting every cross-field rule. */
const validConfig: fc.Arbitrary<RunConfig> = fc
  .record({
    code: nonBlank,
    seed: fc.maxSafeNat(),
    studentIterations: fc.integer({ min: 1, max: 20 }),
    t0: orNull(fc.integer({ min: 0, max: 10 })),
    extraTeacherIterations: fc.integer({ min: 0, max: 10 }),
    teacherKind: fc.constantFrom('ms', 'nms', 'spa', 'neural' as const),
    weights: nonBlank,
    lossWeights: fc.tuple(nonNegative, nonNegative, nonNegative).filter(([a, b, c]) => a + b + c > 0),
    trainEbn0Db: ebn0List,
    framesPerPoint: fc.integer({ min: 1, max: 50 }),
  })
  .chain((r) =>
    fc.record({
      code: fc.constant(r.code),
      seed: fc.constant(r.seed),
      student: fc.record({
        kind: fc.constantFrom('nnms', 'noms' as const),
        iterations: fc.constant(r.studentIterations),
        sharing: fc.constantFrom('iteration-edge', 'edge', 'iteration', 'scalar' as const),
        channelWeights: fc.boolean(),
        clip: orNull(positive),
      }),
      teacher: fc.record({
        kind: fc.constant(r.teacherKind),
        iterations: fc.constant((r.t0 ?? 0) + r.studentIterations + r.extraTeacherIterations),
        alpha: positive,
        weights: fc.constant(r.teacherKind === 'neural' ? r.weights : null),
      }),
      loss: fc.record({
        ce: fc.constant(r.lossWeights[0]),
        kd: fc.constant(r.lossWeights[1]),
        sparse: fc.constant(r.lossWeights[2]),
        t0: fc.constant(r.t0),
        pKd: positive,
        pSparse: positive,
        sparseOn: fc.constantFrom('both', 'check', 'variable' as const),
        sparseFrom: fc.integer({ min: 1, max: r.studentIterations }),
        sparseWarmup: nonNegativeInt,
        norm: fc.constantFrom('sum', 'mean' as const),
        kdOn: fc.constantFrom('check', 'soft' as const),
        kdDistance: fc.constantFrom('raw', 'softbit', 'bce' as const),
        temperature: positive,
        lossClip: orNull(positive),
      }),
      train: fc.record({
        steps: positiveInt,
        batch: fc.constant(r.framesPerPoint * r.trainEbn0Db.length),
        ebn0Db: fc.constant(r.trainEbn0Db),
        codeword: fc.constantFrom('zero', 'random' as const),
        lr: positive,
        beta1: beta,
        beta2: beta,
        eps: positive,
        gradClip: orNull(positive),
        validateEvery: nonNegativeInt,
        validationEbn0Db: ebn0List,
        validationFrames: positiveInt,
        checkpointEvery: nonNegativeInt,
      }),
      eval: fc.record({
        ebn0Db: ebn0List,
        minFrameErrors: positiveInt,
        maxFrames: positiveInt,
        berOn: fc.constantFrom('all', 'info' as const),
        earlyStop: fc.boolean(),
        clip: orNull(positive),
      }),
    }),
  );

const SECTIONS = ['student', 'teacher', 'loss', 'train', 'eval'] as const;

describe('config round trip (property)', () => {
  it('any valid config decodes to itself after a trip through JSON', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        // fc.record builds null-prototype objects; the JSON copy is the same config as plain objects
        // (exact, since the values are finite and never -0).
        const json: unknown = JSON.parse(JSON.stringify(config));
        const decoded = decodeRunConfig(json);
        assert.ok(isRight(decoded), isLeft(decoded) ? formatConfigErrors(decoded.left) : '');
        assert.deepEqual(decoded.right, json);
      }),
      { numRuns: 300 },
    );
  });

  it('adding an unknown key to any section of a valid config is rejected at its path', () => {
    const unknownKey = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(validConfig, fc.constantFrom(...SECTIONS), unknownKey, (config, section, key) => {
        fc.pre(!(key in config[section]));
        const input = JSON.parse(JSON.stringify(config)) as Record<string, Record<string, unknown>>;
        input[section][key] = 1;
        const decoded = decodeRunConfig(input);
        assert.ok(isLeft(decoded));
        assert.deepEqual(
          decoded.left.map((e) => e.path),
          [`${section}.${key}`],
        );
        assert.match(decoded.left[0].message, /^unknown key/);
      }),
      { numRuns: 200 },
    );
  });
});
