import { Code } from '../codes/code.js';
import { RunConfig } from '../config/run-config.js';
import { DecoderSpec, decoderIterations } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { UserError } from '../util/errors.js';
import { ParamIndex, paramIndex, ParamLayout, paramLayout } from './student-params.js';
import { teacherSpec } from './teacher.js';

/** Everything fixed for a training run, derived once from (code, config). */
export interface TrainContext {
  readonly code: Code;
  readonly config: RunConfig;
  readonly layout: ParamLayout;
  readonly index: ParamIndex;
  /**
   * The teacher decoder, or 'genie' (targets from the transmitted bits,
   * genieMessages); null when the distillation term is off (then never run)
   */
  readonly teacher: DecoderSpec | 'genie' | null;
  readonly teacherIterations: number;
  /** look-ahead t0: student iteration t imitates teacher iteration t + t0 */
  readonly t0: number;
}

export const makeTrainContext = (code: Code, config: RunConfig, teacherWeights: NeuralWeights | null): TrainContext => {
  const layout = paramLayout(config.student, code);
  const usesTeacher = config.loss.kd !== 0;
  const teacher = !usesTeacher ? null : config.teacher.kind === 'genie' ? 'genie' : teacherSpec(config.teacher, teacherWeights);
  const teacherIterations = teacher !== null && teacher !== 'genie' ? decoderIterations(teacher) : config.teacher.iterations;
  const t0 = config.loss.t0 ?? teacherIterations - config.student.iterations;
  if (usesTeacher && (t0 < 0 || t0 + config.student.iterations > teacherIterations)) {
    throw new UserError(
      `loss.t0: t0 + student.iterations = ${t0 + config.student.iterations} exceeds the teacher's ${teacherIterations} iterations`,
    );
  }
  return { code, config, layout, index: paramIndex(layout, config.student, code), teacher, teacherIterations, t0 };
};
