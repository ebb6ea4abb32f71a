/**
 * The run configuration: its types, its io-ts codecs and its defaults
 * (docs/method.md §4-7). Every field may be left out of the input and is then filled
 * from its default, so `{}` decodes to the product's setting: a 5-iteration
 * neural normalized min-sum student trained on BCH(63,45) with CE + KD + sparse
 * losses from a 30-iteration min-sum teacher.
 *
 * The loss defaults are the best setting of the search in docs/results.md,
 * not the paper's literal reading (sum-norms, raw messages, p_kd = 2,
 * delta = 0.01), which trains a decoder worse than plain min-sum; that
 * reading is configs/paper.json and the `literal` experiment arm.
 */
import * as t from 'io-ts';
import {
  AdamBeta,
  Bool,
  Ebn0Db,
  NonEmptyString,
  NonNegativeInt,
  NonNegativeNumber,
  PositiveInt,
  PositiveNumber,
} from './brands.js';
import { listOf, nullable, oneOf, strict, withDefault } from './combinators.js';

/** The neural decoder being trained (docs/method.md §3-4). */
export interface StudentConfig {
  kind: 'nnms' | 'noms';
  iterations: number;
  sharing: 'iteration-edge' | 'edge' | 'iteration' | 'scalar';
  channelWeights: boolean;
  clip: number | null;
}

/** The fixed decoder whose messages the student imitates (docs/method.md §4). */
export interface TeacherConfig {
  kind: 'ms' | 'nms' | 'spa' | 'neural' | 'genie';
  iterations: number;
  alpha: number;
  weights: string | null;
}

/** The loss L = ce L_ce + kd L_kd + sparse L_S and its options (docs/method.md §5). */
export interface LossConfig {
  ce: number;
  kd: number;
  sparse: number;
  t0: number | null;
  pKd: number;
  pSparse: number;
  sparseOn: 'both' | 'check' | 'variable';
  sparseFrom: number;
  sparseWarmup: number;
  norm: 'sum' | 'mean';
  kdOn: 'check' | 'soft';
  kdDistance: 'raw' | 'softbit' | 'bce';
  temperature: number;
  lossClip: number | null;
}

/** Training (docs/method.md §6). */
export interface TrainConfig {
  steps: number;
  batch: number;
  ebn0Db: number[];
  codeword: 'zero' | 'random';
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  gradClip: number | null;
  validateEvery: number;
  validationEbn0Db: number[];
  validationFrames: number;
  checkpointEvery: number;
}

/** Monte Carlo evaluation (docs/method.md §7). */
export interface EvalConfig {
  ebn0Db: number[];
  minFrameErrors: number;
  maxFrames: number;
  berOn: 'all' | 'info';
  earlyStop: boolean;
  clip: number | null;
}

/** Everything a run depends on besides the code's file contents: results depend only on (config, seed). */
export interface RunConfig {
  code: string;
  seed: number;
  student: StudentConfig;
  teacher: TeacherConfig;
  loss: LossConfig;
  train: TrainConfig;
  eval: EvalConfig;
}

const ebn0List = listOf('a non-empty list of Eb/N0 values in dB within [-10, 20]', Ebn0Db);

export const StudentConfigCodec = strict('student', {
  kind: withDefault(oneOf(['nnms', 'noms']), 'nnms'),
  iterations: withDefault(PositiveInt, 5 as PositiveInt),
  sharing: withDefault(oneOf(['iteration-edge', 'edge', 'iteration', 'scalar']), 'iteration-edge'),
  channelWeights: withDefault(Bool, false),
  clip: withDefault(nullable(PositiveNumber), null),
});

export const TeacherConfigCodec = strict('teacher', {
  kind: withDefault(oneOf(['ms', 'nms', 'spa', 'neural', 'genie']), 'ms'),
  iterations: withDefault(PositiveInt, 30 as PositiveInt),
  alpha: withDefault(PositiveNumber, 0.7 as PositiveNumber),
  weights: withDefault(nullable(NonEmptyString), null),
});

export const LossConfigCodec = strict('loss', {
  ce: withDefault(NonNegativeNumber, 1 as NonNegativeNumber),
  kd: withDefault(NonNegativeNumber, 1 as NonNegativeNumber),
  sparse: withDefault(NonNegativeNumber, 1e-5 as NonNegativeNumber),
  t0: withDefault(nullable(NonNegativeInt), null),
  pKd: withDefault(PositiveNumber, 4 as PositiveNumber),
  pSparse: withDefault(PositiveNumber, 1 as PositiveNumber),
  sparseOn: withDefault(oneOf(['both', 'check', 'variable']), 'check'),
  sparseFrom: withDefault(PositiveInt, 1 as PositiveInt),
  sparseWarmup: withDefault(NonNegativeInt, 0 as NonNegativeInt),
  norm: withDefault(oneOf(['sum', 'mean']), 'mean'),
  kdOn: withDefault(oneOf(['check', 'soft']), 'check'),
  kdDistance: withDefault(oneOf(['raw', 'softbit', 'bce']), 'softbit'),
  temperature: withDefault(PositiveNumber, 1 as PositiveNumber),
  lossClip: withDefault(nullable(PositiveNumber), null),
});

export const TrainConfigCodec = strict('train', {
  steps: withDefault(PositiveInt, 2000 as PositiveInt),
  batch: withDefault(PositiveInt, 120 as PositiveInt),
  ebn0Db: withDefault(ebn0List, [1, 2, 3, 4, 5, 6, 7, 8] as Ebn0Db[]),
  codeword: withDefault(oneOf(['zero', 'random']), 'zero'),
  lr: withDefault(PositiveNumber, 0.01 as PositiveNumber),
  beta1: withDefault(AdamBeta, 0.9 as AdamBeta),
  beta2: withDefault(AdamBeta, 0.999 as AdamBeta),
  eps: withDefault(PositiveNumber, 1e-8 as PositiveNumber),
  gradClip: withDefault(nullable(PositiveNumber), null),
  validateEvery: withDefault(NonNegativeInt, 200 as NonNegativeInt),
  validationEbn0Db: withDefault(ebn0List, [4, 5, 6] as Ebn0Db[]),
  validationFrames: withDefault(PositiveInt, 2000 as PositiveInt),
  checkpointEvery: withDefault(NonNegativeInt, 100 as NonNegativeInt),
});

export const EvalConfigCodec = strict('eval', {
  ebn0Db: withDefault(ebn0List, [1, 2, 3, 4, 5, 6, 7] as Ebn0Db[]),
  minFrameErrors: withDefault(PositiveInt, 100 as PositiveInt),
  maxFrames: withDefault(PositiveInt, 1_000_000 as PositiveInt),
  berOn: withDefault(oneOf(['all', 'info']), 'all'),
  earlyStop: withDefault(Bool, false),
  clip: withDefault(nullable(PositiveNumber), null),
});

/**
 * The whole config, field by field. Decoding checks each field alone (types,
 * ranges, unknown keys); the checks that involve several fields are in
 * validate-run-config.ts.
 */
export const RunConfigCodec = strict('run config', {
  code: withDefault(NonEmptyString, 'bch-63-45' as NonEmptyString),
  seed: withDefault(NonNegativeInt, 1 as NonNegativeInt),
  student: StudentConfigCodec,
  teacher: TeacherConfigCodec,
  loss: LossConfigCodec,
  train: TrainConfigCodec,
  eval: EvalConfigCodec,
});

/** What the codec produces: RunConfig with branded numbers. */
export type DecodedRunConfig = t.TypeOf<typeof RunConfigCodec>;

// Compile-time guards that the codecs and the interfaces above describe the same fields.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const codecMatchesInterface = <_ extends true>(): void => undefined;
codecMatchesInterface<DecodedRunConfig extends RunConfig ? true : false>();
codecMatchesInterface<SameKeys<DecodedRunConfig, RunConfig>>();
codecMatchesInterface<SameKeys<DecodedRunConfig['student'], StudentConfig>>();
codecMatchesInterface<SameKeys<DecodedRunConfig['teacher'], TeacherConfig>>();
codecMatchesInterface<SameKeys<DecodedRunConfig['loss'], LossConfig>>();
codecMatchesInterface<SameKeys<DecodedRunConfig['train'], TrainConfig>>();
codecMatchesInterface<SameKeys<DecodedRunConfig['eval'], EvalConfig>>();
