/**
 * `tanner/decode`: the embeddable decoding runtime.
 *
 * Everything needed to decode with trained weights (or plain ms / nms / oms /
 * spa) and to simulate a BPSK-AWGN channel, and nothing else: no Node
 * built-ins (fs, path, url, worker_threads, process) and none of the training
 * code (autodiff, losses, config, train). It runs unchanged in a browser, a
 * worker or Node; spec/embed/bundle.spec.ts bundles it for the browser and
 * fails if anything else creeps in.
 *
 * Data layout: every batch is frame-major, frame b occupying
 * `[b*n, (b+1)*n)` of an LLR / bit vector. LLRs are log P(0)/P(1): positive
 * means "bit 0 more likely".
 *
 * @packageDocumentation
 */
import { parseAlist as parseAlistText, writeAlist as writeAlistText } from './codes/alist.js';
import { bchParityCheck } from './codes/bch.js';
import { Code, codeFromParityCheck, encode as encodeBits } from './codes/code.js';
import { ParityCheck, parityCheck } from './codes/parity-check.js';
import { awgn as awgnNoise, noiseSigma as sigmaOf } from './channel/awgn.js';
import { channelLlr as llrOf } from './channel/llr.js';
import { bpsk as bpskOf } from './channel/modulate.js';
import { Rng, rngStream as streamOf } from './channel/rng.js';
import { CodewordSource } from './channel/source.js';
import { ChannelBatch, transmit as transmitBatch } from './channel/transmit.js';
import { batchDecoder, DecoderSpec, decoderIterations, describeDecoder } from './decoders/decoder.js';
import { NeuralWeights, parseNeuralWeights as parseWeights } from './decoders/neural-weights.js';
import { allocateOutput, allocateRecord as allocateRecordBuffers, DecodeRecord } from './decoders/output.js';
import { UserError } from './util/errors.js';

export type { ChannelBatch, Code, CodewordSource, DecodeRecord, DecoderSpec, NeuralWeights, ParityCheck, Rng };
export type { TannerGraph } from './codes/tanner-graph.js';
export { UserError };

// ---------------------------------------------------------------- codes

/**
 * Parse MacKay alist text into a parity-check matrix H (pure: the text, not a
 * file). Throws {@link UserError} naming the line of any inconsistency.
 *
 * @example
 * ```ts
 * import { parseAlist } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * // H of the (3, 1) repetition code: checks x0+x1 and x1+x2
 * const h = parseAlist('3 2\n2 2\n1 2 1\n2 2\n1\n1 2\n2\n1 2\n2 3\n');
 * assert.deepEqual(h.rows, [[0, 1], [1, 2]]);
 * ```
 */
export const parseAlist = (text: string): ParityCheck => parseAlistText(text);

/**
 * alist text of H (zero padded, MacKay's layout); `parseAlist(writeAlist(h))` equals h.
 *
 * @example
 * ```ts
 * import { bchCode, parseAlist, writeAlist } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * assert.deepEqual(parseAlist(writeAlist(code.h)).rows, code.h.rows);
 * ```
 */
export const writeAlist = (h: ParityCheck): string => writeAlistText(h);

/**
 * A code from alist text: H, its Tanner graph and a systematic generator
 * (k comes from the GF(2) rank of H). The edge order, and so the meaning of
 * per-edge weights, follows the row lists of the text.
 *
 * @example
 * ```ts
 * import { codeFromAlist } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = codeFromAlist('3 2\n2 2\n1 2 1\n2 2\n1\n1 2\n2\n1 2\n2 3\n', 'rep-3');
 * assert.equal(code.n, 3);
 * assert.equal(code.k, 1);
 * assert.equal(code.graph.edges, 4);
 * ```
 */
export const codeFromAlist = (text: string, name = 'alist'): Code => codeFromParityCheck(name, parseAlistText(text));

/**
 * A code from H given as row lists: `rows[c]` holds the 0-based variables of
 * check c. Throws {@link UserError} for an index outside 0..n-1 or a repeated one.
 *
 * @example
 * ```ts
 * import { codeFromRows } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * // the (7, 4) Hamming code
 * const code = codeFromRows(7, [[0, 1, 2, 4], [1, 2, 3, 5], [0, 1, 3, 6]], 'hamming-7-4');
 * assert.equal(code.k, 4);
 * assert.equal(code.rate, 4 / 7);
 * ```
 */
export const codeFromRows = (n: number, rows: ReadonlyArray<ReadonlyArray<number>>, name = 'custom'): Code => {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`code ${name}: n must be an integer >= 1, got ${n}`);
  try {
    return codeFromParityCheck(name, parityCheck(n, rows));
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`code ${name}: ${e.message}`);
    throw e;
  }
};

/**
 * The narrow-sense binary BCH(n, k) code with the cyclic "strip" H that the
 * CLI's built-in `bch-N-K` names use (n = 2^m - 1, m = 3..10), so weights
 * trained with `tanner train` on `bch-63-45` fit `bchCode(63, 45)`.
 *
 * @example
 * ```ts
 * import { bchCode } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(63, 45);
 * assert.equal(code.name, 'bch-63-45');
 * assert.equal(code.m, 18);
 * ```
 */
export const bchCode = (n: number, k: number): Code => codeFromParityCheck(`bch-${n}-${k}`, bchParityCheck(n, k));

/**
 * Encode k information bits into a codeword x = u G (systematic: bit
 * `code.generator.infoPositions[j]` of x equals u[j]).
 *
 * @example
 * ```ts
 * import { bchCode, encode } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const u = Uint8Array.from([1, 0, 1, 1, 0, 0, 1]);
 * const x = encode(code, u);
 * assert.deepEqual(Array.from(code.generator.infoPositions, (p) => x[p]), Array.from(u));
 * ```
 */
export const encode = (code: Code, info: ArrayLike<number>): Uint8Array => {
  if (info.length !== code.k) throw new UserError(`encode: ${info.length} information bits given, code ${code.name} needs k = ${code.k}`);
  return encodeBits(code, info);
};

// ---------------------------------------------------------------- channel

/**
 * A seeded random stream (xoshiro128**) named by a path of non-negative
 * integers: the same path always gives the same numbers, on every platform.
 *
 * @example
 * ```ts
 * import { rngStream } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * assert.equal(rngStream(7, 1).nextU32(), rngStream(7, 1).nextU32());
 * assert.notEqual(rngStream(7, 1).nextU32(), rngStream(7, 2).nextU32());
 * ```
 */
export const rngStream = (...path: number[]): Rng => streamOf(...path);

/**
 * Noise standard deviation for BPSK at Eb/N0 (dB) and code rate R:
 * sigma^2 = 1 / (2 R 10^(EbN0/10)).
 *
 * @example
 * ```ts
 * import { noiseSigma } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * assert.ok(Math.abs(noiseSigma(0, 0.5) - 1) < 1e-12);
 * ```
 */
export const noiseSigma = (ebn0Db: number, rate: number): number => sigmaOf(ebn0Db, rate);

/**
 * BPSK: bit b -> symbol 1 - 2b (0 -> +1, 1 -> -1).
 *
 * @example
 * ```ts
 * import { bpsk } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(Array.from(bpsk(Uint8Array.of(0, 1))), [1, -1]);
 * ```
 */
export const bpsk = (bits: Uint8Array): Float32Array => bpskOf(bits);

/**
 * Add white Gaussian noise: y = x + sigma z with z ~ N(0, 1) drawn from `rng`.
 *
 * @example
 * ```ts
 * import { awgn, rngStream } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const y = awgn(new Float32Array(10000).fill(1), 0.5, rngStream(1));
 * const mean = y.reduce((s, v) => s + v, 0) / y.length;
 * assert.ok(Math.abs(mean - 1) < 0.02);
 * ```
 */
export const awgn = (symbols: Float32Array, sigma: number, rng: Rng): Float32Array => awgnNoise(symbols, sigma, rng);

/**
 * Channel LLRs of received BPSK samples over AWGN: l = 2 y / sigma^2.
 *
 * @example
 * ```ts
 * import { channelLlr } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(Array.from(channelLlr(Float32Array.of(0.5, -1), 1)), [1, -2]);
 * ```
 */
export const channelLlr = (received: Float32Array, sigma: number): Float32Array => llrOf(received, sigma);

/**
 * Simulate a batch: codewords ('zero' or 'random' information bits) -> BPSK
 * -> AWGN at Eb/N0 (dB) -> LLRs. Bits are drawn before the noise, from `rng`.
 *
 * @example
 * ```ts
 * import { bchCode, rngStream, transmit } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(63, 45);
 * const batch = transmit(code, 4, 3, 'random', rngStream(1));
 * assert.equal(batch.llr.length, 4 * 63);
 * assert.equal(batch.bits.length, 4 * 63);
 * ```
 */
export const transmit = (code: Code, frames: number, ebn0Db: number, source: CodewordSource, rng: Rng): ChannelBatch =>
  transmitBatch(code, frames, ebn0Db, source, rng);

/** Bit and frame errors of decided bits against the sent ones. */
export interface ErrorCounts {
  readonly frames: number;
  readonly bits: number;
  readonly bitErrors: number;
  readonly frameErrors: number;
}

/**
 * Count bit errors and frame errors (frames with at least one wrong bit) of
 * `decided` against `sent`, both frame-major with n bits per frame.
 *
 * @example
 * ```ts
 * import { countErrors } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const c = countErrors(Uint8Array.of(0, 0, 0, 1, 1, 1), Uint8Array.of(0, 1, 0, 1, 1, 1), 3);
 * assert.deepEqual(c, { frames: 2, bits: 6, bitErrors: 1, frameErrors: 1 });
 * ```
 */
export const countErrors = (sent: Uint8Array, decided: Uint8Array, n: number): ErrorCounts => {
  if (sent.length !== decided.length || sent.length % n !== 0) {
    throw new UserError(`countErrors: sent has ${sent.length} bits and decided ${decided.length}, both must be the same multiple of n = ${n}`);
  }
  const frames = sent.length / n;
  let bitErrors = 0;
  let frameErrors = 0;
  for (let b = 0; b < frames; b++) {
    let wrong = 0;
    for (let v = b * n; v < (b + 1) * n; v++) wrong += sent[v] ^ decided[v];
    bitErrors += wrong;
    if (wrong > 0) frameErrors++;
  }
  return { frames, bits: sent.length, bitErrors, frameErrors };
};

// ---------------------------------------------------------------- decoding

/**
 * Check a parsed weights file (format 'tanner-weights/1') against the code it
 * will decode: n, k and the edge count must match, every array must have its
 * length and hold finite numbers. Throws {@link UserError} saying what differs.
 *
 * @example
 * ```ts
 * import { bchCode, parseNeuralWeights } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const raw = {
 *   format: 'tanner-weights/1', code: { name: code.name, n: 15, k: 7, edges: code.graph.edges },
 *   kind: 'nnms', iterations: 2, sharing: 'scalar', weight: [0.8], offsetRaw: null, channel: null, clip: null,
 * };
 * assert.equal(parseNeuralWeights(raw, code).kind, 'nnms');
 * assert.throws(() => parseNeuralWeights({ ...raw, weight: [0.8, 0.9] }, code), /weight has 2 values, expected 1/);
 * ```
 */
export const parseNeuralWeights = (raw: unknown, code: Code): NeuralWeights => parseWeights(raw, code);

/**
 * Allocate buffers to record the messages of every iteration while decoding
 * (`c2v` / `v2c`: [frames * E] per iteration in check-edge order; `soft`:
 * [frames * n] per iteration). Pass it as `record` to {@link Decoder.decode}.
 *
 * @example
 * ```ts
 * import { allocateRecord, bchCode, createDecoder } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const decoder = createDecoder(code, { kind: 'ms', iterations: 3 });
 * const record = allocateRecord(decoder, 1);
 * decoder.decode(new Float32Array(15).fill(2), 1, { record });
 * assert.equal(record.c2v!.length, 3);
 * assert.equal(record.c2v![0].length, code.graph.edges);
 * ```
 */
export const allocateRecord = (
  decoder: Decoder,
  frames: number,
  what: { c2v?: boolean; v2c?: boolean; soft?: boolean } = { c2v: true },
): DecodeRecord => allocateRecordBuffers(decoder.iterations, frames, decoder.code.graph.edges, decoder.code.n, what);

/** What one call of {@link Decoder.decode} returns, frame-major. */
export interface DecodeResult {
  /** hard decisions b_v = 1 iff s_v < 0, [frames * n] */
  readonly hard: Uint8Array;
  /** soft output s_v = l_v + sum of incoming check messages at the last iteration run, [frames * n] */
  readonly soft: Float32Array;
  /** iterations run per frame (fewer than T only with earlyStop) */
  readonly iterations: Int32Array;
}

/** Options of one decode call. */
export interface DecodeOptions {
  /** stop a frame once its hard decisions satisfy every check [false] */
  readonly earlyStop?: boolean;
  /** buffers from {@link allocateRecord} receiving every iteration's messages */
  readonly record?: DecodeRecord;
}

/** A decoder bound to one code: reusable, holds no state between calls. */
export interface Decoder {
  readonly code: Code;
  readonly spec: DecoderSpec;
  /** a short label, e.g. "min-sum T=5" or "neural nnms T=5" */
  readonly label: string;
  /** the iteration count T */
  readonly iterations: number;
  /** Decode `frames` frames of channel LLRs (frame-major, default llr.length / n). */
  decode(llr: Float32Array, frames?: number, options?: DecodeOptions): DecodeResult;
}

const isWeightsObject = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && (x as { format?: unknown }).format === 'tanner-weights/1';

const DECODER_KINDS = ['ms', 'nms', 'oms', 'spa', 'neural'];

/** The spec a createDecoder argument names; weights are always checked against the code. */
const specOf = (code: Code, specOrWeights: DecoderSpec | NeuralWeights | string | object): DecoderSpec => {
  let raw: unknown = specOrWeights;
  if (typeof specOrWeights === 'string') {
    try {
      raw = JSON.parse(specOrWeights);
    } catch (e) {
      throw new UserError(`createDecoder: the weights text is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (isWeightsObject(raw)) return { kind: 'neural', weights: parseWeights(raw, code) };
  const kind = (raw as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !DECODER_KINDS.includes(kind)) {
    throw new UserError(
      `createDecoder: expected a weights file (format "tanner-weights/1") or a decoder spec with kind ${DECODER_KINDS.join(' | ')}, got kind ${JSON.stringify(kind)}`,
    );
  }
  const spec = raw as DecoderSpec;
  if (spec.kind === 'neural') return { ...spec, weights: parseWeights(spec.weights, code) };
  if (!Number.isInteger(spec.iterations) || spec.iterations < 0) {
    throw new UserError(`createDecoder: iterations must be an integer >= 0 (0 returns the channel LLRs), got ${String(spec.iterations)}`);
  }
  return spec;
};

/**
 * Bind a decoder to a code. `codeOrAlistText` is a {@link Code} or alist
 * text; `specOrWeights` is a decoder spec (`{ kind: 'ms' | 'nms' | 'oms' | 'spa', iterations, ... }`),
 * a parsed weights file, or the weights file's JSON text. The decode call
 * runs the fused, allocation-light kernels (no autodiff tape).
 *
 * @example
 * ```ts
 * import { bchCode, createDecoder, rngStream, transmit } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * const code = bchCode(63, 45);
 * const decoder = createDecoder(code, { kind: 'nms', iterations: 5, alpha: 0.8 });
 * const batch = transmit(code, 10, 6, 'zero', rngStream(3));
 * const { hard, iterations } = decoder.decode(batch.llr);
 * assert.equal(hard.length, 10 * 63);
 * assert.ok(iterations.every((t) => t === 5));
 * ```
 */
export const createDecoder = (codeOrAlistText: Code | string, specOrWeights: DecoderSpec | NeuralWeights | string | object): Decoder => {
  const code = typeof codeOrAlistText === 'string' ? codeFromAlist(codeOrAlistText) : codeOrAlistText;
  const spec = specOf(code, specOrWeights);
  const run = batchDecoder(code.graph, spec);
  const iterations = decoderIterations(spec);
  const decode = (llr: Float32Array, frames?: number, options: DecodeOptions = {}): DecodeResult => {
    const count = frames ?? llr.length / code.n;
    if (frames === undefined && !Number.isInteger(count)) {
      throw new UserError(`decode: ${llr.length} LLRs are not a whole number of frames of n = ${code.n} (pass frames to decode a prefix)`);
    }
    if (!Number.isInteger(count) || count < 0 || count * code.n > llr.length) {
      throw new UserError(`decode: ${llr.length} LLRs cannot hold ${String(count)} frames of n = ${code.n}`);
    }
    const out = allocateOutput(count, code.n);
    run(llr, count, options.earlyStop ?? false, out, options.record);
    return out;
  };
  return Object.freeze({ code, spec, label: describeDecoder(spec), iterations, decode });
};
