/**
 * Sign and scale conventions (issue 5, point 7; docs/method.md §2), checked on data:
 * LLR positive means bit 0, noise set by Eb/N0 (not Es/N0), LLRs that are true
 * log-likelihood ratios, and a flipped sign detected by name, not only by a bad BER.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { awgn, esn0Db, noiseSigma } from '../../src/channel/awgn.js';
import { channelLlr } from '../../src/channel/llr.js';
import { bpsk } from '../../src/channel/modulate.js';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { checkLlrSign, erfc, llrSignDisagreement, rawBitErrorRate } from '../../src/channel/sign-check.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { encode } from '../../src/codes/code.js';
import { batchDecoder, DecoderSpec } from '../../src/decoders/decoder.js';
import { allocateOutput } from '../../src/decoders/output.js';
import { simulatePointSync } from '../../src/sim/monte-carlo.js';
import { wilsonInterval } from '../../src/sim/stats.js';

/** A wide interval (z = 5): these checks use fixed seeds, the width only guards against a change of the generator. */
const Z = 5;
const code = loadCode('bch-63-45');
const R = code.k / code.n;

describe('BPSK and the noise level', () => {
  it('bit 0 is sent as +1, bit 1 as -1', () => assert.deepEqual(Array.from(bpsk(Uint8Array.from([0, 1, 1, 0]))), [1, -1, -1, 1]));

  it('erfc matches known values (so the raw error rate below is an oracle)', () => {
    const known: [number, number][] = [[0, 1], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266], [3, 2.209049699858544e-5], [-1, 1.8427007929497148]];
    for (const [x, y] of known) assert.ok(Math.abs(erfc(x) - y) <= 2e-7 * y, `erfc(${x})`);
  });

  it('sigma^2 = 1 / (2 R 10^(Eb/N0 / 10)): the measured noise variance at Eb/N0, and Es/N0 = Eb/N0 + 10 log10 R', () => {
    for (const ebn0 of [-10, 0, 4, 20]) {
      const sigma = noiseSigma(ebn0, R);
      assert.ok(Math.abs(sigma * sigma * 2 * R * 10 ** (ebn0 / 10) - 1) < 1e-12);
      const x = new Float32Array(20000).fill(1);
      const y = awgn(x, sigma, rngStream(9, STREAM.evalPoint, ebn0 + 100));
      let s2 = 0;
      for (let i = 0; i < y.length; i++) s2 += (y[i] - 1) ** 2;
      const ratio = s2 / y.length / (sigma * sigma);
      assert.ok(Math.abs(ratio - 1) < Z * Math.sqrt(2 / y.length), `${ebn0} dB: variance ratio ${ratio}`);
      assert.ok(Math.abs(esn0Db(ebn0, R) - (ebn0 + 10 * Math.log10(R))) < 1e-12);
    }
  });
});

describe('channel LLRs: positive means bit 0, and they are true log-likelihood ratios', () => {
  for (const ebn0 of [-10, -3, 0, 2, 5, 8]) {
    it(`${ebn0} dB: the fraction of LLR signs naming the wrong bit is Q(sqrt(2 R Eb/N0)) (random codewords)`, () => {
      const frames = 400;
      const batch = transmit(code, frames, ebn0, 'random', rngStream(2, STREAM.evalPoint, ebn0 + 100, 0));
      const wrong = Math.round(llrSignDisagreement(batch.bits, batch.llr) * batch.bits.length);
      const [lo, hi] = wilsonInterval(wrong, batch.bits.length, Z);
      const expected = rawBitErrorRate(ebn0, R);
      assert.ok(lo <= expected && expected <= hi, `observed ${wrong / batch.bits.length}, expected ${expected} (Es/N0 instead of Eb/N0 would give ${rawBitErrorRate(ebn0 + 10 * Math.log10(R), R)})`);
    });
  }

  it('for bit 0 the LLR is N(2/sigma^2, 4/sigma^2): mean 2/sigma^2 and variance twice the mean (a consistent LLR)', () => {
    const sigma = noiseSigma(2, R);
    const llr = channelLlr(awgn(bpsk(new Uint8Array(40000)), sigma, rngStream(3, STREAM.evalPoint)), sigma);
    const mean = llr.reduce((s, x) => s + x, 0) / llr.length;
    const variance = llr.reduce((s, x) => s + (x - mean) ** 2, 0) / llr.length;
    const m = 2 / (sigma * sigma);
    assert.ok(Math.abs(mean / m - 1) < Z * Math.sqrt(4 / (sigma * sigma) / llr.length) / m);
    assert.ok(Math.abs(variance / (2 * mean) - 1) < Z * Math.sqrt(2 / llr.length));
  });
});

describe('a flipped LLR sign is detected by name', () => {
  it('correct LLRs are never flagged, at any Eb/N0 in [-10, 20] dB, for zero and random codewords', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 20, noNaN: true }), fc.constantFrom('zero', 'random') as fc.Arbitrary<'zero' | 'random'>, fc.nat(1000), (ebn0, source, seed) => {
        const batch = transmit(code, 8, ebn0, source, rngStream(seed, STREAM.evalPoint));
        assert.equal(checkLlrSign(batch.bits, batch.llr, ebn0, R), null);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('negated LLRs are flagged wherever the channel is good enough to tell (raw BER < 0.2)', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 20, noNaN: true }), fc.nat(1000), (ebn0, seed) => {
        const batch = transmit(code, 8, ebn0, 'random', rngStream(seed, STREAM.evalPoint));
        const flipped = batch.llr.map((x) => -x);
        const message = checkLlrSign(batch.bits, flipped, ebn0, R);
        if (rawBitErrorRate(ebn0, R) < 0.2) {
          assert.match(message ?? '', /^LLR sign convention broken: at Eb\/N0 .* dB .*% of the channel LLR signs disagree with the transmitted bits .*an LLR must be positive for bit 0/);
        } else assert.equal(message, null, 'undecidable at this Eb/N0, so no claim');
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  const DECODERS: DecoderSpec[] = [{ kind: 'ms', iterations: 5 }, { kind: 'spa', iterations: 5 }, { kind: 'nms', iterations: 5, alpha: 0.8 }];
  for (const spec of DECODERS) {
    it(`${spec.kind} fed negated LLRs at 8 dB: the check names the convention before the BER (~1) shows it`, () => {
      const frames = 100;
      const batch = transmit(code, frames, 8, 'random', rngStream(5, STREAM.evalPoint, 108, 0));
      const flipped = batch.llr.map((x) => -x);
      assert.match(checkLlrSign(batch.bits, flipped, 8, R) ?? '', /LLR sign convention broken/);
      assert.equal(checkLlrSign(batch.bits, batch.llr, 8, R), null);
      const ber = (llr: Float32Array): number => {
        const out = allocateOutput(frames, code.n);
        batchDecoder(code.graph, spec)(llr, frames, false, out);
        return llrSignDisagreement(batch.bits, Float32Array.from(out.hard, (b) => 1 - 2 * b));
      };
      assert.ok(ber(batch.llr) < 0.01, 'the right sign decodes');
      assert.ok(ber(flipped) > 0.9, 'the wrong sign gives BER near 1');
    });
  }

  it('no false alarm where transmit runs the check for every simulated block, -10 to 20 dB', () => {
    for (const ebn0 of [-10, 0, 10, 20]) {
      const p = simulatePointSync({ code, decoder: { kind: 'ms', iterations: 3 }, ebn0Db: [ebn0], seed: 1, minFrameErrors: 10, maxFrames: 400, earlyStop: false, berOn: 'all', codeword: 'random' }, ebn0);
      assert.ok(p.frames > 0);
    }
  });
});

describe('BER over all bits or over the information bits', () => {
  it('the information bits are the systematic positions: x[infoPositions[j]] = u[j]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: code.k, maxLength: code.k }), (u) => {
        const x = encode(code, u);
        code.generator.infoPositions.forEach((v, j) => assert.equal(x[v], u[j]));
      }),
      { seed: 4, numRuns: 50 },
    );
  });

  it("'all' counts n bits per frame, 'info' the k information bits of the same frames (a subset of the errors)", () => {
    const base = { code, decoder: { kind: 'ms', iterations: 5 } as DecoderSpec, ebn0Db: [3], seed: 2, minFrameErrors: 1e9, maxFrames: 600, earlyStop: false, codeword: 'random' as const };
    const all = simulatePointSync({ ...base, berOn: 'all' }, 3);
    const info = simulatePointSync({ ...base, berOn: 'info' }, 3);
    assert.equal(all.frames, 600);
    assert.equal(info.frames, 600);
    assert.equal(all.bits, 600 * code.n);
    assert.equal(info.bits, 600 * code.k);
    assert.ok(all.frameErrors > 0, 'guard: errors at 3 dB');
    assert.ok(info.bitErrors < all.bitErrors && info.frameErrors <= all.frameErrors);
  });
});
