/**
 * What every config field means, one entry per dotted path. Kept beside the
 * codecs; a test requires exactly one entry per codec field, so the generated
 * reference (docs/config.md) cannot drift from the code.
 */
export const configFieldDocs: Readonly<Record<string, string>> = {
  code: 'The code: a built-in name such as `bch-63-45` (BCH(n, k) from the strip construction) or the path of an alist / dense 0/1 parity-check file.',
  seed: 'Seed of every random stream (noise, codewords, initialization). A run depends only on (config, seed).',

  'student.kind': 'Student decoder: `nnms` = neural normalized min-sum (learned weights w), `noms` = neural offset min-sum (learned offsets beta >= 0).',
  'student.iterations': 'Student iterations T_S (its inference cost is that of T_S min-sum iterations).',
  'student.sharing': 'How learned values are tied: one per (iteration, edge), per edge over all iterations, per iteration over all edges, or one scalar.',
  'student.channelWeights': 'Also learn the weights w^ch on the channel LLRs (docs/method.md §3); false = w^ch = 1.',
  'student.clip': 'Clip the student\'s messages to +-clip; null = no clipping.',

  'teacher.kind': 'Teacher decoder (never trained): `ms` min-sum, `nms` normalized min-sum (alpha), `spa` sum-product, `neural` a trained student loaded from `teacher.weights`, or `genie`: no decoder, every target message is +-20 in the direction of the transmitted bit (a converged decoder that is always right: the control that tells teacher knowledge from message-level supervision).',
  'teacher.iterations': 'Teacher iterations T_T; its check-to-variable messages of every iteration are recorded for KD.',
  'teacher.alpha': 'Normalization constant of the `nms` teacher (ignored by the other kinds).',
  'teacher.weights': 'Path of a trained weights JSON; required iff `teacher.kind` is `neural`, null otherwise.',

  'loss.ce': 'Weight a_ce of the multiloss cross-entropy L_ce (mean over the student\'s iterations).',
  'loss.kd': 'Weight a_kd of the knowledge-distillation loss L_kd (0 = off).',
  'loss.sparse': 'Weight delta of the sparse node-activation loss L_S (the study notes name 1 and 0.01 with sum-norms; the default 1e-5 with mean-norms is the largest tested weight that does no measurable harm: no tested weight helped, docs/results.md).',
  'loss.t0': 'KD look-ahead: student iteration t imitates teacher iteration t + t0; null = teacher.iterations - student.iterations (the teacher\'s last iterations).',
  'loss.pKd': 'Norm exponent p of the KD distance || nu^T(t + t0) - nu^S(t) ||_p (the paper: 2; the default 4 measured best, docs/results.md).',
  'loss.pSparse': 'Norm exponent p of the sparse loss || nu^S(t) ||_p + || mu^S(t) ||_p.',
  'loss.sparseOn': 'Which student messages the sparse loss penalizes: both sides, check-to-variable only, or variable-to-check only.',
  'loss.sparseFrom': 'First student iteration (1-based) whose messages the sparse loss counts; 1 = all of them (the paper), student.iterations = the last only.',
  'loss.sparseWarmup': 'Training steps over which the sparse weight delta ramps up linearly from 0 (step s uses delta * min(1, s / sparseWarmup)); 0 = full weight from the first step.',
  'loss.norm': '`sum` = the p-norm over the E edges (the paper); `mean` [default] = mean of |x|^p over edges, so loss scales do not depend on the code size.',
  'loss.kdOn': 'What the student imitates: `check` = the teacher\'s check-to-variable messages nu (the paper), or `soft` = its soft outputs s_v (output distillation, as in Hinton et al.), each at iteration t + t0.',
  'loss.kdDistance': 'What KD compares: `raw` messages (Lp distance), `softbit` [default] = Lp distance between tanh(message / 2) (bounded, so the huge late messages of a min-sum teacher cannot dominate), or `bce` = binary cross-entropy of the student soft bit sigmoid(message / temperature) against the teacher\'s.',
  'loss.temperature': 'Temperature tau of the `bce` KD distance.',
  'loss.lossClip': 'Clip each message magnitude to lossClip inside the KD and sparse losses; null = no clipping.',

  'train.steps': 'Number of optimizer steps (a fixed budget, the same for every ablation variant).',
  'train.batch': 'Frames per step, split evenly over the training Eb/N0 points.',
  'train.ebn0Db': 'Training Eb/N0 points in dB.',
  'train.codeword': 'Transmit the all-zero codeword (valid for these symmetric decoders) or random codewords.',
  'train.lr': 'Adam learning rate.',
  'train.beta1': 'Adam first-moment decay.',
  'train.beta2': 'Adam second-moment decay.',
  'train.eps': 'Adam epsilon.',
  'train.gradClip': 'Clip the global gradient norm to this value; null = no clipping.',
  'train.validateEvery': 'Validate every this many steps; 0 = never.',
  'train.validationEbn0Db': 'Validation Eb/N0 points in dB.',
  'train.validationFrames': 'Frames per validation Eb/N0 point.',
  'train.checkpointEvery': 'Write a checkpoint every this many steps; 0 = only at the end.',

  'eval.ebn0Db': 'Evaluation Eb/N0 points in dB.',
  'eval.minFrameErrors': 'Stop a point after this many frame errors.',
  'eval.maxFrames': 'Stop a point after this many frames, whatever the error count.',
  'eval.berOn': 'Count bit errors over all n bits, or over the k information positions of the systematic form (as AFF3CT does).',
  'eval.earlyStop': 'Stop decoding a frame once its syndrome is zero.',
  'eval.clip': 'Clip messages to +-clip during evaluation; null = no clipping.',
};
