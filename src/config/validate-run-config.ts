/**
 * The checks that involve several fields, run after every field has decoded.
 * Pure: whether files exist (the code, the teacher's weights) is for the CLI
 * to check, through `configPathFields`.
 */
import { Either, left, right } from 'fp-ts/lib/Either.js';
import { ConfigError } from './config-error.js';
import { RunConfig } from './run-config.js';

/**
 * The KD look-ahead actually used: loss.t0, or when it is null
 * t0 = teacher.iterations - student.iterations, so that the student's T_S
 * iterations imitate the teacher's last T_S (docs/method.md §5).
 */
export const effectiveT0 = (config: RunConfig): number =>
  config.loss.t0 ?? config.teacher.iterations - config.student.iterations;

/** The cross-field rules in words, for the generated reference (docs/config.md). */
export const crossFieldRules: readonly string[] = [
  'When `loss.kd` > 0: t0 + `student.iterations` <= `teacher.iterations`, where t0 = `loss.t0` or, if null, `teacher.iterations` - `student.iterations` (the student\'s iteration t imitates the teacher\'s iteration t + t0).',
  '`train.batch` is divisible by the number of `train.ebn0Db` points (the batch is split evenly over them).',
  '`teacher.weights` is required when `teacher.kind` is "neural" and must be null otherwise.',
  'At least one of `loss.ce`, `loss.kd`, `loss.sparse` is > 0.',
  '`loss.sparseFrom` <= `student.iterations` (the sparse loss counts the student\'s iterations sparseFrom .. T_S).',
];

const kdLookAheadErrors = (config: RunConfig): ConfigError[] => {
  if (config.loss.kd === 0) return [];
  const studentT = config.student.iterations;
  const teacherT = config.teacher.iterations;
  const t0 = effectiveT0(config);
  if (config.loss.t0 === null && t0 < 0) {
    return [
      {
        path: 'teacher.iterations',
        message: `${teacherT} is fewer than student.iterations = ${studentT}; knowledge distillation needs a teacher that runs at least as many iterations as the student`,
      },
    ];
  }
  if (t0 + studentT > teacherT) {
    return [
      {
        path: 'loss.t0',
        message: `t0 + student.iterations = ${t0} + ${studentT} = ${t0 + studentT} exceeds teacher.iterations = ${teacherT} (the student's iteration t imitates the teacher's iteration t + t0)`,
      },
    ];
  }
  return [];
};

const batchSplitErrors = (config: RunConfig): ConfigError[] => {
  const points = config.train.ebn0Db.length;
  return config.train.batch % points === 0
    ? []
    : [
        {
          path: 'train.batch',
          message: `${config.train.batch} is not divisible by the ${points} training Eb/N0 points`,
        },
      ];
};

const teacherWeightsErrors = (config: RunConfig): ConfigError[] => {
  const { kind, weights } = config.teacher;
  if (kind === 'neural' && weights === null) {
    return [{ path: 'teacher.weights', message: 'required when teacher.kind is "neural" (the path to a trained weights JSON)' }];
  }
  if (kind !== 'neural' && weights !== null) {
    return [
      {
        path: 'teacher.weights',
        message: `must be null unless teacher.kind is "neural" (teacher.kind is ${JSON.stringify(kind)}), got ${JSON.stringify(weights)}`,
      },
    ];
  }
  return [];
};

const lossWeightErrors = (config: RunConfig): ConfigError[] =>
  config.loss.ce === 0 && config.loss.kd === 0 && config.loss.sparse === 0
    ? [{ path: 'loss', message: 'ce, kd and sparse are all 0, so the loss is 0 and nothing would be trained' }]
    : [];

const sparseFromErrors = (config: RunConfig): ConfigError[] =>
  config.loss.sparseFrom > config.student.iterations
    ? [
        {
          path: 'loss.sparseFrom',
          message: `${config.loss.sparseFrom} exceeds student.iterations = ${config.student.iterations} (the sparse loss would count no iteration)`,
        },
      ]
    : [];

/** All cross-field errors of a field-wise valid config, or the config itself. */
export const validateRunConfig = (config: RunConfig): Either<ConfigError[], RunConfig> => {
  const errors = [
    ...kdLookAheadErrors(config),
    ...batchSplitErrors(config),
    ...teacherWeightsErrors(config),
    ...lossWeightErrors(config),
    ...sparseFromErrors(config),
  ];
  return errors.length > 0 ? left(errors) : right(config);
};
