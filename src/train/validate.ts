import { rngStream, STREAM } from '../channel/rng.js';
import { transmit } from '../channel/transmit.js';
import { Code } from '../codes/code.js';
import { batchDecoder, DecoderSpec } from '../decoders/decoder.js';
import { allocateOutput } from '../decoders/output.js';
import { ValidationLog } from './checkpoint.js';

/**
 * A quick BER check during training: `frames` frames per Eb/N0 point, always
 * the same noise (stream (seed, validation, point)), so successive
 * validations differ only by the weights. Decoded with the fast kernel.
 *
 * @example
 * ```ts
 * import { bchCode, validateDecoder } from 'tanner';
 * import assert from 'node:assert/strict';
 * const v = validateDecoder(bchCode(15, 7), { kind: 'ms', iterations: 5 }, [2, 6], 200, 1, 0);
 * assert.deepEqual(v.points.map((p) => p.frames), [200, 200]);
 * assert.ok(v.points[0].ber > v.points[1].ber);
 * ```
 */
export const validateDecoder = (
  code: Code,
  spec: DecoderSpec,
  ebn0Db: readonly number[],
  frames: number,
  seed: number,
  step: number,
): ValidationLog => {
  const decode = batchDecoder(code.graph, spec);
  const points = ebn0Db.map((snr, i) => {
    const batch = transmit(code, frames, snr, 'zero', rngStream(seed, STREAM.validation, i));
    const out = allocateOutput(frames, code.n);
    decode(batch.llr, frames, false, out);
    let bitErrors = 0;
    let frameErrors = 0;
    for (let b = 0; b < frames; b++) {
      let e = 0;
      for (let v = 0; v < code.n; v++) e += out.hard[b * code.n + v] ^ batch.bits[b * code.n + v];
      bitErrors += e;
      if (e) frameErrors++;
    }
    return { ebn0Db: snr, frames, bitErrors, frameErrors, ber: bitErrors / (frames * code.n) };
  });
  return { step, points };
};
