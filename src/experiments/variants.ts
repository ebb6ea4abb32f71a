import { RunConfig } from '../config/run-config.js';
import { DecoderSpec } from '../decoders/decoder.js';
import { NeuralWeights } from '../decoders/neural-weights.js';
import { UserError } from '../util/errors.js';

/**
 * One arm of an experiment: either a fixed decoder that is only evaluated
 * (min-sum T=5, the teacher) or a student trained with some loss terms
 * switched on, given as config overrides of the experiment's base config.
 */
export type Variant =
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: 'baseline';
      /** the decoder to evaluate; `teacherWeights` are the loaded weights of a neural teacher (else null) */
      readonly decoder: (base: RunConfig, teacherWeights: NeuralWeights | null) => DecoderSpec;
    }
  | { readonly id: string; readonly label: string; readonly kind: 'trained'; readonly overrides: readonly string[] };

/**
 * The variants of the paper's ablation (docs/method.md §7, its Fig. 2). The loss
 * settings other than the on/off weights come from the base config, so an
 * ablation of a tuned config switches terms of that config.
 *
 * @example
 * ```ts
 * import { PAPER_VARIANTS } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(PAPER_VARIANTS.map((v) => v.id), ['ms5', 'teacher', 'ce', 'kd', 'ce-sparse', 'ce-kd', 'method']);
 * ```
 */
export const PAPER_VARIANTS: readonly Variant[] = [
  { id: 'ms5', label: 'min-sum T=5', kind: 'baseline', decoder: (c) => ({ kind: 'ms', iterations: c.student.iterations }) },
  {
    id: 'teacher',
    label: 'teacher',
    kind: 'baseline',
    decoder: (c, teacherWeights) =>
      c.teacher.kind === 'genie'
        ? (() => {
            throw new UserError('the teacher variant needs a teacher decoder; teacher.kind "genie" is none (leave the variant out: --variants ...)');
          })()
        : c.teacher.kind === 'neural'
        ? teacherWeights
          ? { kind: 'neural', weights: teacherWeights }
          : (() => {
              throw new UserError('the teacher variant needs the weights of the neural teacher (teacher.weights)');
            })()
        : c.teacher.kind === 'nms'
        ? { kind: 'nms', iterations: c.teacher.iterations, alpha: c.teacher.alpha }
        : c.teacher.kind === 'spa'
          ? { kind: 'spa', iterations: c.teacher.iterations }
          : { kind: 'ms', iterations: c.teacher.iterations },
  },
  { id: 'ce', label: 'CE only (neural BP baseline)', kind: 'trained', overrides: ['loss.kd=0', 'loss.sparse=0'] },
  { id: 'kd', label: 'KD only', kind: 'trained', overrides: ['loss.ce=0', 'loss.sparse=0'] },
  { id: 'ce-sparse', label: 'CE + sparse', kind: 'trained', overrides: ['loss.kd=0'] },
  { id: 'ce-kd', label: 'CE + KD', kind: 'trained', overrides: ['loss.sparse=0'] },
  { id: 'method', label: 'CE + KD + sparse (method)', kind: 'trained', overrides: [] },
];

/**
 * The method's losses with the paper's literal settings (docs/method.md §5 as
 * written: sum-norms over the edges, a_kd = 1, delta = 0.01, raw messages,
 * p_kd = 2, p_s = 1 on both sides, a 30-iteration min-sum teacher, t0 = 25),
 * whatever the base config says: the arm that shows what the tuned defaults
 * buy. Not part of the paper's ablation; `tanner ablate --variants ...,literal`
 * adds it; `tanner reproduce` (the main job) runs it beside the defaults.
 */
export const LITERAL_VARIANT: Extract<Variant, { readonly kind: 'trained' }> = {
  id: 'literal',
  label: "CE + KD + sparse, the paper's literal settings",
  kind: 'trained',
  overrides: [
    'loss.ce=1',
    'loss.kd=1',
    'loss.sparse=0.01',
    'loss.norm=sum',
    'loss.kdOn=check',
    'loss.kdDistance=raw',
    'loss.pKd=2',
    'loss.pSparse=1',
    'loss.sparseOn=both',
    'loss.sparseFrom=1',
    'loss.sparseWarmup=0',
    'loss.lossClip=null',
    'loss.t0=null',
    'teacher.kind=ms',
    'teacher.iterations=30',
    'teacher.weights=null',
  ],
};

/**
 * Every variant an experiment can name: the paper's ablation, then the extra arms.
 *
 * @example
 * ```ts
 * import { KNOWN_VARIANTS } from 'tanner';
 * import assert from 'node:assert/strict';
 * const ce = KNOWN_VARIANTS.find((v) => v.id === 'ce')!;
 * assert.ok(ce.kind === 'trained' && ce.overrides.includes('loss.kd=0'));
 * assert.equal(KNOWN_VARIANTS.at(-1)!.id, 'literal');
 * ```
 */
export const KNOWN_VARIANTS: readonly Variant[] = [...PAPER_VARIANTS, LITERAL_VARIANT];

export const variantById = (id: string): Variant | undefined => KNOWN_VARIANTS.find((v) => v.id === id);

/**
 * The variants of these ids of KNOWN_VARIANTS, in the order given, the
 * teacher's label naming the config's teacher ("teacher (min-sum T=30)").
 * Throws UserError for an unknown id, its message starting with `where`.
 */
export const variantsByIds = (ids: readonly string[], config: RunConfig, where: string): Variant[] => {
  if (ids.length === 0) throw new UserError(`${where}: empty list`);
  return ids.map((id) => {
    const v = variantById(id);
    if (!v) throw new UserError(`${where}: unknown variant "${id}"; the variants are ${KNOWN_VARIANTS.map((p) => p.id).join(', ')}`);
    return id === 'teacher' ? { ...v, label: teacherLabel(config) } : v;
  });
};

/** A readable label of a baseline's decoder, e.g. "teacher (min-sum T=30)". */
export const teacherLabel = (c: RunConfig): string =>
  c.teacher.kind === 'nms'
    ? `teacher (NMS a=${c.teacher.alpha} T=${c.teacher.iterations})`
    : c.teacher.kind === 'spa'
      ? `teacher (sum-product T=${c.teacher.iterations})`
      : c.teacher.kind === 'neural'
        ? 'teacher (neural, from weights)'
        : c.teacher.kind === 'genie'
          ? 'teacher (genie: the true bits)'
        : `teacher (min-sum T=${c.teacher.iterations})`;
