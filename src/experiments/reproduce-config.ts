/**
 * The main job's embedded configuration (`npm start` = `tanner reproduce`):
 * BCH(63,45), the paper's student (5-iteration neural normalized min-sum,
 * one weight per iteration and edge) and teacher (30-iteration min-sum),
 * and a training budget sized to finish in about ten minutes on two cores.
 * Every field not given here takes its documented default (docs/config.md).
 */
export const REPRODUCE_CONFIG = {
  code: 'bch-63-45',
  seed: 1,
  train: { steps: 1000, validateEvery: 0, checkpointEvery: 100 },
  eval: { ebn0Db: [1, 2, 3, 4, 5, 6, 7], minFrameErrors: 100, maxFrames: 200000 },
} as const;

/**
 * The variants the main job compares: the untrained baselines, the CE-only
 * student (neural BP), the method with the paper's settings read literally,
 * and the method with the default settings (`tanner ablate` runs the whole ablation).
 */
export const REPRODUCE_VARIANTS = ['ms5', 'teacher', 'ce', 'literal', 'method'] as const;
