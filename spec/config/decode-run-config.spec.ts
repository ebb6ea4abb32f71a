import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import {
  ConfigError,
  RunConfig,
  decodeRunConfig,
  decodeRunConfigOrThrow,
  defaultRunConfig,
  effectiveT0,
  formatConfigErrors,
  pathFieldValues,
} from '../../src/config/index.js';
import { UserError } from '../../src/util/errors.js';

/** The product's defaults (docs/method.md §4-7, the losses tuned in docs/results.md), written out independently of the codecs. */
const DEFAULTS: RunConfig = {
  code: 'bch-63-45',
  seed: 1,
  student: { kind: 'nnms', iterations: 5, sharing: 'iteration-edge', channelWeights: false, clip: null },
  teacher: { kind: 'ms', iterations: 30, alpha: 0.7, weights: null },
  loss: {
    ce: 1,
    kd: 1,
    sparse: 1e-5,
    t0: null,
    pKd: 4,
    pSparse: 1,
    sparseOn: 'check',
    sparseFrom: 1,
    sparseWarmup: 0,
    norm: 'mean',
    kdOn: 'check',
    kdDistance: 'softbit',
    temperature: 1,
    lossClip: null,
  },
  train: {
    steps: 2000,
    batch: 120,
    ebn0Db: [1, 2, 3, 4, 5, 6, 7, 8],
    codeword: 'zero',
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    gradClip: null,
    validateEvery: 200,
    validationEbn0Db: [4, 5, 6],
    validationFrames: 2000,
    checkpointEvery: 100,
  },
  eval: { ebn0Db: [1, 2, 3, 4, 5, 6, 7], minFrameErrors: 100, maxFrames: 1e6, berOn: 'all', earlyStop: false, clip: null },
};

/** The paper's losses read literally (docs/method.md §5), what configs/paper.json must give. */
const PAPER_LOSS: RunConfig['loss'] = {
  ce: 1,
  kd: 1,
  sparse: 0.01,
  t0: null,
  pKd: 2,
  pSparse: 1,
  sparseOn: 'both',
  sparseFrom: 1,
  sparseWarmup: 0,
  norm: 'sum',
  kdOn: 'check',
  kdDistance: 'raw',
  temperature: 1,
  lossClip: null,
};

/** The errors of an input that must fail. */
const errorsOf = (input: unknown): ConfigError[] => {
  const decoded = decodeRunConfig(input);
  assert.ok(isLeft(decoded), `expected ${JSON.stringify(input)} to be rejected`);
  return decoded.left;
};

/** The one formatted error line of an input that must fail with exactly one error. */
const oneLine = (input: unknown): string => {
  const errors = errorsOf(input);
  assert.equal(errors.length, 1, formatConfigErrors(errors));
  return formatConfigErrors(errors);
};

const decoded = (input: unknown): RunConfig => {
  const r = decodeRunConfig(input);
  assert.ok(isRight(r), isLeft(r) ? formatConfigErrors(r.left) : '');
  return r.right;
};

describe('decodeRunConfig: defaults', () => {
  it('decodes {} to the defaults', () => {
    assert.deepEqual(decoded({}), DEFAULTS);
    assert.deepEqual(defaultRunConfig, DEFAULTS);
  });

  it("configs/paper.json is the paper's literal loss with every other field at its default", () => {
    const paper = decoded(JSON.parse(readFileSync(new URL('../../configs/paper.json', import.meta.url), 'utf8')));
    assert.deepEqual(paper, { ...DEFAULTS, loss: PAPER_LOSS });
  });

  it('decodes undefined and empty sections to the defaults too', () => {
    assert.deepEqual(decoded(undefined), DEFAULTS);
    assert.deepEqual(decoded({ student: {}, teacher: {}, loss: {}, train: {}, eval: {} }), DEFAULTS);
  });

  it('fills only the missing fields of a partial section', () => {
    const config = decoded({ student: { iterations: 10 }, loss: { kd: 0 } });
    assert.deepEqual(config.student, { ...DEFAULTS.student, iterations: 10 });
    assert.deepEqual(config.loss, { ...DEFAULTS.loss, kd: 0 });
    assert.deepEqual(config.train, DEFAULTS.train);
  });

  it('derives the KD look-ahead t0 = 30 - 5 = 25 when loss.t0 is null', () => {
    assert.equal(effectiveT0(defaultRunConfig), 25);
    assert.equal(effectiveT0(decoded({ loss: { t0: 3 } })), 3);
  });

  it('returns a deeply frozen config, so the shared defaults cannot be changed', () => {
    const config = decoded({});
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.train) && Object.isFrozen(config.train.ebn0Db));
    assert.throws(() => {
      (config.train.ebn0Db as number[]).push(9);
    }, TypeError);
    assert.deepEqual(decoded({}).train.ebn0Db, [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('accepts every alternative docs/method.md names', () => {
    const config = decoded({
      student: { kind: 'noms', sharing: 'scalar', channelWeights: true, clip: 20 },
      teacher: { kind: 'neural', weights: 'runs/a/weights.json', iterations: 10 },
      loss: { sparseOn: 'check', norm: 'mean', kdDistance: 'bce', lossClip: 50, t0: 5 },
      train: { codeword: 'random', gradClip: 1, validateEvery: 0, ebn0Db: [-2.5, 0, 19.5], batch: 3 },
      eval: { berOn: 'info', earlyStop: true, clip: 20 },
    });
    assert.equal(config.teacher.weights, 'runs/a/weights.json');
    assert.deepEqual(config.train.ebn0Db, [-2.5, 0, 19.5]);
  });
});

describe('decodeRunConfig: bad values name the field, what was expected and what was given', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['p <= 0', { loss: { pKd: -1 } }, 'loss.pKd: expected a number > 0, got -1'],
    ['p = 0', { loss: { pSparse: 0 } }, 'loss.pSparse: expected a number > 0, got 0'],
    ['zero iterations', { student: { iterations: 0 } }, 'student.iterations: expected an integer >= 1, got 0'],
    ['fractional iterations', { teacher: { iterations: 2.5 } }, 'teacher.iterations: expected an integer >= 1, got 2.5'],
    ['string for a number', { train: { steps: '100' } }, 'train.steps: expected an integer >= 1, got "100"'],
    ['null for a non-nullable field', { train: { lr: null } }, 'train.lr: expected a number > 0, got null'],
    ['lr = 0', { train: { lr: 0 } }, 'train.lr: expected a number > 0, got 0'],
    ['beta = 1', { train: { beta2: 1 } }, 'train.beta2: expected a number in [0, 1), got 1'],
    ['beta < 0', { train: { beta1: -0.1 } }, 'train.beta1: expected a number in [0, 1), got -0.1'],
    ['negative seed', { seed: -1 }, 'seed: expected an integer >= 0, got -1'],
    ['negative loss weight', { loss: { sparse: -0.01 } }, 'loss.sparse: expected a number >= 0, got -0.01'],
    ['negative t0', { loss: { t0: -1 } }, 'loss.t0: expected an integer >= 0 or null, got -1'],
    ['bad clip', { student: { clip: 0 } }, 'student.clip: expected a number > 0 or null, got 0'],
    ['bad choice', { loss: { norm: 'max' } }, 'loss.norm: expected one of "sum", "mean", got "max"'],
    [
      'misspelt choice',
      { student: { sharing: 'iteration_edge' } },
      'student.sharing: expected one of "iteration-edge", "edge", "iteration", "scalar", got "iteration_edge" (did you mean "iteration-edge"?)',
    ],
    ['bool as string', { eval: { earlyStop: 'yes' } }, 'eval.earlyStop: expected true or false, got "yes"'],
    ['empty code', { code: '  ' }, 'code: expected a non-empty string, got "  "'],
    ['Eb/N0 out of range', { eval: { ebn0Db: [4, 25] } }, 'eval.ebn0Db[1]: expected an Eb/N0 in dB within [-10, 20], got 25'],
    [
      'empty Eb/N0 list',
      { train: { validationEbn0Db: [] } },
      'train.validationEbn0Db: expected a non-empty list of Eb/N0 values in dB within [-10, 20], got []',
    ],
    [
      'scalar for a list',
      { eval: { ebn0Db: 4 } },
      'eval.ebn0Db: expected a non-empty list of Eb/N0 values in dB within [-10, 20], got 4 (write a single value as [4])',
    ],
    ['section not an object', { train: [1, 2] }, 'train: expected an object (train), got [1,2]'],
    ['config not an object', 'bch-63-45', '(config): expected an object (run config), got "bch-63-45"'],
  ];
  for (const [what, input, line] of cases) {
    it(what, () => assert.equal(oneLine(input), line));
  }

  it('reports every bad field at once, not only the first', () => {
    const errors = errorsOf({ seed: 1.5, loss: { pKd: 0, pSparse: 0 }, eval: { maxFrames: 0 } });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['seed', 'loss.pKd', 'loss.pSparse', 'eval.maxFrames'],
    );
  });
});

describe('decodeRunConfig: NaN and Infinity (programmatic input, overrides) are rejected', () => {
  const numericPaths = [
    ['loss', 'ce'],
    ['loss', 'pKd'],
    ['loss', 'temperature'],
    ['loss', 'lossClip'],
    ['teacher', 'alpha'],
    ['train', 'lr'],
    ['train', 'beta1'],
    ['train', 'eps'],
    ['train', 'gradClip'],
    ['train', 'steps'],
    ['eval', 'maxFrames'],
    ['student', 'clip'],
  ] as const;
  for (const bad of [NaN, Infinity, -Infinity]) {
    it(`rejects ${bad} in every numeric field`, () => {
      for (const [section, key] of numericPaths) {
        const line = oneLine({ [section]: { [key]: bad } });
        assert.match(line, new RegExp(`^${section}\\.${key}: expected .*, got ${String(bad)}$`));
      }
      assert.equal(
        oneLine({ train: { ebn0Db: [1, bad] } }),
        `train.ebn0Db[1]: expected an Eb/N0 in dB within [-10, 20], got ${String(bad)}`,
      );
    });
  }
});

describe('decodeRunConfig: unknown keys are rejected at every level, with their path', () => {
  it('at the top level', () => {
    assert.equal(oneLine({ sed: 3 }), 'sed: unknown key (did you mean "seed"?)');
    assert.equal(oneLine({ optimizer: {} }), 'optimizer: unknown key');
  });

  it('in every section', () => {
    assert.equal(oneLine({ student: { itrations: 3 } }), 'student.itrations: unknown key (did you mean "iterations"?)');
    assert.equal(oneLine({ teacher: { Alpha: 0.5 } }), 'teacher.Alpha: unknown key (did you mean "alpha"?)');
    assert.equal(oneLine({ loss: { p_kd: 2 } }), 'loss.p_kd: unknown key (did you mean "pKd"?)');
    assert.equal(oneLine({ train: { batchSize: 120 } }), 'train.batchSize: unknown key');
    assert.equal(oneLine({ eval: { ebn0: [1] } }), 'eval.ebn0: unknown key (did you mean "ebn0Db"?)');
  });

  it('with keys that are not identifiers quoted in the path', () => {
    assert.equal(oneLine({ student: { 'max iterations': 3 } }), 'student["max iterations"]: unknown key (did you mean "iterations"?)');
    assert.equal(oneLine({ '0': 1 }), '["0"]: unknown key');
  });

  it('alongside the other errors of the same section', () => {
    const errors = errorsOf({ loss: { pKd: -1, extra: true } });
    assert.deepEqual(
      errors.map((e) => e.path).sort(),
      ['loss.extra', 'loss.pKd'],
    );
  });
});

describe('validateRunConfig: rules across fields', () => {
  it('batch must split evenly over the training Eb/N0 points', () => {
    assert.equal(oneLine({ train: { batch: 121 } }), 'train.batch: 121 is not divisible by the 8 training Eb/N0 points');
    assert.equal(decoded({ train: { batch: 121, ebn0Db: [3] } }).train.batch, 121);
  });

  it('t0 + student.iterations <= teacher.iterations when KD is on', () => {
    assert.equal(
      oneLine({ loss: { t0: 26 } }),
      "loss.t0: t0 + student.iterations = 26 + 5 = 31 exceeds teacher.iterations = 30 (the student's iteration t imitates the teacher's iteration t + t0)",
    );
    assert.equal(decoded({ loss: { t0: 25 } }).loss.t0, 25);
    assert.equal(decoded({ loss: { t0: 26, kd: 0 } }).loss.t0, 26); // no KD: t0 is unused
  });

  it('a derived t0 needs a teacher at least as long as the student', () => {
    assert.match(oneLine({ teacher: { iterations: 4 } }), /^teacher\.iterations: 4 is fewer than student\.iterations = 5/);
    assert.equal(decoded({ teacher: { iterations: 5 } }).teacher.iterations, 5);
    assert.equal(decoded({ teacher: { iterations: 4 }, loss: { kd: 0 } }).teacher.iterations, 4);
  });

  it('a neural teacher requires weights, any other teacher forbids them', () => {
    assert.equal(
      oneLine({ teacher: { kind: 'neural' } }),
      'teacher.weights: required when teacher.kind is "neural" (the path to a trained weights JSON)',
    );
    assert.equal(
      oneLine({ teacher: { weights: 'w.json' } }),
      'teacher.weights: must be null unless teacher.kind is "neural" (teacher.kind is "ms"), got "w.json"',
    );
  });

  it('loss.sparseFrom is an iteration of the student', () => {
    assert.equal(
      oneLine({ loss: { sparseFrom: 6 } }),
      'loss.sparseFrom: 6 exceeds student.iterations = 5 (the sparse loss would count no iteration)',
    );
    assert.equal(decoded({ loss: { sparseFrom: 5 } }).loss.sparseFrom, 5);
    assert.equal(decoded({ loss: { sparseFrom: 6 }, student: { iterations: 6 } }).loss.sparseFrom, 6);
  });

  it('the loss must not be identically 0', () => {
    assert.match(oneLine({ loss: { ce: 0, kd: 0, sparse: 0 } }), /^loss: ce, kd and sparse are all 0/);
  });

  it('reports all cross-field errors together', () => {
    const errors = errorsOf({ teacher: { kind: 'neural' }, train: { batch: 7 }, loss: { t0: 30 } });
    assert.deepEqual(errors.map((e) => e.path), ['loss.t0', 'train.batch', 'teacher.weights']);
  });
});

describe('decodeRunConfigOrThrow and path fields', () => {
  it('throws a UserError listing every problem', () => {
    assert.throws(
      () => decodeRunConfigOrThrow({ loss: { pKd: -1 } }, ['train.batch=121']),
      (e: unknown) =>
        e instanceof UserError &&
        e.message === 'invalid config:\nloss.pKd: expected a number > 0, got -1' &&
        !e.message.includes('batch'), // field errors come first; cross-field checks need a field-wise valid config
    );
    assert.throws(() => decodeRunConfigOrThrow({}, ['train.batch=121']), /train\.batch: 121 is not divisible/);
  });

  it('returns the decoded config with overrides applied', () => {
    const config = decodeRunConfigOrThrow({ seed: 3 }, ['student.iterations=7', 'train.ebn0Db=2,4']);
    assert.equal(config.seed, 3);
    assert.equal(config.student.iterations, 7);
    assert.deepEqual(config.train.ebn0Db, [2, 4]);
  });

  it('lists the file-naming fields that are set', () => {
    assert.deepEqual(pathFieldValues(defaultRunConfig), [{ path: 'code', value: 'bch-63-45' }]);
    const neural = decoded({ code: 'codes/BCH_63_45.alist', teacher: { kind: 'neural', weights: 'w.json' } });
    assert.deepEqual(pathFieldValues(neural), [
      { path: 'code', value: 'codes/BCH_63_45.alist' },
      { path: 'teacher.weights', value: 'w.json' },
    ]);
  });
});
