import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { sourceCodewords } from '../../src/channel/source.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { batchDecoder, DecoderSpec } from '../../src/decoders/decoder.js';
import { allocateOutput } from '../../src/decoders/output.js';
import { syndromeIsZero } from '../../src/decoders/syndrome.js';
import { intervalsOverlap } from '../../src/sim/stats.js';
import { SimConfig, simulatePointSync } from '../../src/sim/monte-carlo.js';

const DECODERS: readonly DecoderSpec[] = [
  { kind: 'ms', iterations: 5 },
  { kind: 'nms', iterations: 5, alpha: 0.75 },
  { kind: 'oms', iterations: 5, beta: 0.3 },
  { kind: 'spa', iterations: 5 },
];

describe('noiseless codewords decode to themselves', () => {
  for (const name of ['bch-63-45', 'bch-31-16', 'mackay-96-48', 'wimax-576-288']) {
    it(`${name}: random codewords at LLR +-4 give zero syndrome and the sent bits`, () => {
      const code = loadCode(name);
      fc.assert(
        fc.property(fc.nat({ max: 1_000_000 }), (seed) => {
          const frames = 4;
          const bits = sourceCodewords(code, frames, 'random', rngStream(seed, STREAM.gradcheck));
          const llr = Float32Array.from(bits, (b) => 4 * (1 - 2 * b));
          for (const spec of DECODERS) {
            const out = allocateOutput(frames, code.n);
            batchDecoder(code.graph, spec)(llr, frames, false, out);
            assert.deepEqual(out.hard, bits, `${spec.kind} changed a noiseless codeword`);
            for (let b = 0; b < frames; b++) assert.ok(syndromeIsZero(code.graph, out.soft, b * code.n), `${spec.kind} frame ${b}`);
          }
        }),
        { numRuns: 5 },
      );
    });
  }
});

describe('LLR sign convention (positive = bit 0)', () => {
  const code = loadCode('bch-63-45');
  const frames = 200;
  const batch = transmit(code, frames, 7, 'zero', rngStream(3, STREAM.evalPoint, 0, 0));
  const frameErrors = (spec: DecoderSpec, llr: Float32Array): number => {
    const out = allocateOutput(frames, code.n);
    batchDecoder(code.graph, spec)(llr, frames, false, out);
    let fe = 0;
    for (let b = 0; b < frames; b++) if (out.hard.subarray(b * code.n, (b + 1) * code.n).some((x) => x !== 0)) fe++;
    return fe;
  };
  for (const spec of [DECODERS[0], DECODERS[3]]) {
    it(`${spec.kind}: at 7 dB the right LLRs decode (FER < 5%) and negated LLRs fail every frame`, () => {
      assert.ok(frameErrors(spec, batch.llr) < 0.05 * frames, 'correct sign should decode');
      assert.equal(frameErrors(spec, batch.llr.map((x) => -x)), frames, 'a decoder fed -LLR must get every frame wrong');
    });
  }
});

describe('decoder symmetry: the all-zero codeword is a fair shortcut', () => {
  const code = loadCode('bch-63-45');
  for (const decoder of [DECODERS[0], DECODERS[3]] as DecoderSpec[]) {
    it(`${decoder.kind} on bch-63-45 at 3.5 dB: zero and random codewords agree within their 95% intervals`, () => {
      const base: SimConfig = {
        code,
        decoder,
        ebn0Db: [3.5],
        seed: 11,
        minFrameErrors: 150,
        maxFrames: 20_000,
        earlyStop: false,
        berOn: 'all',
        codeword: 'zero',
      };
      const zero = simulatePointSync(base, 3.5);
      const random = simulatePointSync({ ...base, codeword: 'random' }, 3.5);
      // guard: the scenario really produced errors
      assert.ok(zero.frameErrors >= 50 && random.frameErrors >= 50, `too few errors: ${zero.frameErrors}, ${random.frameErrors}`);
      assert.ok(intervalsOverlap(zero.ferCi, random.ferCi), `FER ${zero.fer} ${zero.ferCi} vs ${random.fer} ${random.ferCi}`);
      assert.ok(intervalsOverlap(zero.berCi, random.berCi), `BER ${zero.ber} ${zero.berCi} vs ${random.ber} ${random.berCi}`);
    });
  }
});
