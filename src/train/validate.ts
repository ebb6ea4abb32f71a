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
