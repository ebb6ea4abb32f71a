/**
 * The sign convention of the whole product, checked on data: an LLR is
 * positive when bit 0 is more likely (BPSK bit 0 -> +1, docs/method.md §2). A flipped
 * sign does not crash anything, it only makes every BER near 1 at high SNR,
 * which is easy to take for a bad decoder. This check names it instead.
 */

/** erfc(x), Numerical Recipes' Chebyshev fit (relative error below 1.2e-7 everywhere). */
export const erfc = (x: number): number => {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
};

/**
 * Bit error rate of hard decisions on the channel alone (no decoding): BPSK
 * over AWGN at Eb/N0 (dB) and code rate R, Q(sqrt(2 R Eb/N0)) = erfc(sqrt(R Eb/N0)) / 2.
 * It uses Eb/N0, not Es/N0 = R Eb/N0 in linear terms, as noiseSigma does.
 */
export const rawBitErrorRate = (ebn0Db: number, rate: number): number => 0.5 * erfc(Math.sqrt(rate * Math.pow(10, ebn0Db / 10)));

/** Fraction of positions whose LLR sign names the other bit (LLR >= 0 says 0, as the decoders' hard decision). */
export const llrSignDisagreement = (bits: ArrayLike<number>, llr: ArrayLike<number>): number => {
  if (bits.length !== llr.length) throw new RangeError(`llrSignDisagreement: ${bits.length} bits but ${llr.length} LLRs`);
  let wrong = 0;
  for (let i = 0; i < bits.length; i++) wrong += (llr[i] < 0 ? 1 : 0) ^ (bits[i] & 1);
  return bits.length > 0 ? wrong / bits.length : 0;
};

/** The channel must be this good for a flipped sign to show (raw error rate below it). */
const DETECTABLE_RAW_BER = 0.2;
/** Fewer positions than this never decide (with 200 at raw BER 0.2, a false alarm has probability < 1e-19). */
const MIN_POSITIONS = 200;

/**
 * Null when the LLRs' signs agree with the transmitted bits as well as the
 * channel allows, else a one-line message. It decides only where it can: at
 * least 200 positions and an Eb/N0 whose raw bit error rate is below 0.2; there
 * more than half the signs disagreeing cannot happen by noise (Chernoff bound
 * e^(-200 KL(0.5 || 0.2)) < 1e-19), only by a flipped convention.
 */
export const checkLlrSign = (bits: ArrayLike<number>, llr: ArrayLike<number>, ebn0Db: number, rate: number): string | null => {
  const expected = rawBitErrorRate(ebn0Db, rate);
  if (bits.length < MIN_POSITIONS || !(expected < DETECTABLE_RAW_BER)) return null;
  const observed = llrSignDisagreement(bits, llr);
  if (observed <= 0.5) return null;
  return (
    `LLR sign convention broken: at Eb/N0 ${ebn0Db} dB ${(100 * observed).toFixed(1)}% of the channel LLR signs disagree with the ` +
    `transmitted bits (expected about ${(100 * expected).toPrecision(2)}%); an LLR must be positive for bit 0 (docs/method.md §2)`
  );
};
