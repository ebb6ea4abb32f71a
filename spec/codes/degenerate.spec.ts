/**
 * Degenerate parity-check matrices (issue 5, point 2): empty rows and columns,
 * degree-1 checks, duplicated and dependent rows. They must parse, get k from
 * the GF(2) rank, decode by the rules of docs/method.md §3 and simulate; a code with
 * k = 0 is refused with the reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { parseAlist, writeAlist } from '../../src/codes/alist.js';
import { loadCode } from '../../src/codes/builtin.js';
import { codeFromParityCheck, encode } from '../../src/codes/code.js';
import { parseDense } from '../../src/codes/dense.js';
import { syndromeWeight } from '../../src/codes/gf2.js';
import { parityCheck } from '../../src/codes/parity-check.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { batchDecoder, DecoderSpec, decoderIterations } from '../../src/decoders/decoder.js';
import { NeuralWeights } from '../../src/decoders/neural-weights.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { simulateCurve } from '../../src/sim/monte-carlo.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialTrainState, train } from '../../src/train/trainer.js';
import { UserError } from '../../src/util/errors.js';

/**
 * n = 7, m = 6:
 *   row 0: empty                      row 3: = row 2 (a duplicated row)
 *   row 1: v0 alone (degree 1)        row 4: v1 v4 v5
 *   row 2: v1 v2 v3                   row 5: = row 2 + row 4 (a dependent row)
 * v6 is in no check. rank 3, so k = 7 - 3 = 4 although n - m = 1.
 */
const DENSE = ['# degenerate on purpose', '0000000', '1000000', '0111000', '0111000', '0100110', '0011110'].join('\n');
const h = parseDense(DENSE);
const code = codeFromParityCheck('degenerate', h);
const DEGREE1_CHECK = 1;
const ISOLATED = 6;
const { checkStartC } = code.graph;
const degree1Edge = checkStartC[DEGREE1_CHECK];

/** Every word of length n with zero syndrome, by brute force. */
const codewordCount = (): number => {
  let count = 0;
  for (let w = 0; w < 1 << h.n; w++) {
    const bits = Array.from({ length: h.n }, (_, v) => (w >> v) & 1);
    if (syndromeWeight(h, bits) === 0) count++;
  }
  return count;
};

const T = 6;
const noomsWeights = (offset: number): NeuralWeights => ({
  format: 'tanner-weights/1',
  code: { name: code.name, n: code.n, k: code.k, edges: code.graph.edges },
  kind: 'noms',
  iterations: T,
  sharing: 'iteration-edge',
  weight: null,
  offsetRaw: Array.from({ length: T * code.graph.edges }, (_, i) => offset + (i % 3) * 0.1),
  channel: null,
  clip: null,
});
const nnmsWeights: NeuralWeights = {
  ...noomsWeights(0),
  kind: 'nnms',
  weight: Array.from({ length: T * code.graph.edges }, (_, i) => 0.5 + (i % 7) * 0.1),
  offsetRaw: null,
  channel: Array.from({ length: T * code.n }, (_, i) => 0.8 + (i % 5) * 0.1),
};
const DECODERS: readonly DecoderSpec[] = [
  { kind: 'ms', iterations: T },
  { kind: 'nms', iterations: T, alpha: 0.75 },
  { kind: 'oms', iterations: T, beta: 0.3 },
  { kind: 'spa', iterations: T },
  { kind: 'ms', iterations: T, clip: 2 },
  { kind: 'neural', weights: nnmsWeights },
  { kind: 'neural', weights: noomsWeights(-2) },
  { kind: 'neural', weights: noomsWeights(40) },
];
const label = (s: DecoderSpec): string => (s.kind === 'neural' ? `neural ${s.weights.kind}` : `${s.kind}${s.clip ? ' clip' : ''}`);

describe('a degenerate H parses, and k comes from the GF(2) rank', () => {
  it('dense text and its alist give the same H; k = n - rank = 4 = log2(number of codewords), not n - m', () => {
    assert.deepEqual(parseAlist(writeAlist(h)), h);
    assert.deepEqual([code.n, code.m, code.k], [7, 6, 4]);
    assert.equal(1 << code.k, codewordCount());
  });

  it('the generator spans the code: every encoded word satisfies every check, distinct words for distinct inputs', () => {
    const words = new Set<string>();
    for (let u = 0; u < 1 << code.k; u++) {
      const x = encode(code, Array.from({ length: code.k }, (_, j) => (u >> j) & 1));
      assert.equal(syndromeWeight(h, x), 0);
      words.add(x.join(''));
    }
    assert.equal(words.size, 1 << code.k);
  });

  it('random H with empty rows, empty columns and repeated rows: 2^k codewords (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 8 }).map((bits) => {
            const rows = bits.map((r) => r.flatMap((b, v) => (b === 0 ? [v] : [])));
            return parityCheck(n, [...rows, rows[0]]);
          }),
        ),
        (hr) => {
          let count = 0;
          for (let w = 0; w < 1 << hr.n; w++) if (syndromeWeight(hr, Array.from({ length: hr.n }, (_, v) => (w >> v) & 1)) === 0) count++;
          if (count === 1) {
            assert.throws(() => codeFromParityCheck('full-rank', hr), /k = 0/);
            return;
          }
          assert.equal(1 << codeFromParityCheck('r', hr).k, count);
        },
      ),
      { seed: 55, numRuns: 300 },
    );
  });
});

describe('decoders on the degenerate code', () => {
  const frames = 8;
  for (const spec of DECODERS) {
    it(`${label(spec)}: a degree-1 check sends 0, an isolated variable keeps its channel LLR, all finite`, () => {
      for (const ebn0 of [-10, 0, 4, 20]) {
        const batch = transmit(code, frames, ebn0, 'random', rngStream(4, STREAM.evalPoint, ebn0 + 100, 0));
        const iters = decoderIterations(spec);
        const record = allocateRecord(iters, frames, code.graph.edges, code.n, { c2v: true, v2c: true, soft: true });
        const out = allocateOutput(frames, code.n);
        batchDecoder(code.graph, spec)(batch.llr, frames, false, out, record);
        for (let t = 0; t < iters; t++) {
          for (let b = 0; b < frames; b++) {
            assert.equal(record.c2v![t][b * code.graph.edges + degree1Edge], 0, `iteration ${t + 1}, frame ${b}: degree-1 check`);
            assert.equal(record.soft![t][b * code.n + ISOLATED], batch.llr[b * code.n + ISOLATED], `iteration ${t + 1}: isolated variable`);
          }
          for (const a of [record.c2v![t], record.v2c![t], record.soft![t]]) assert.ok(a.every(Number.isFinite), `${ebn0} dB iteration ${t + 1}`);
        }
        for (let b = 0; b < frames; b++) {
          assert.equal(out.soft[b * code.n + ISOLATED], batch.llr[b * code.n + ISOLATED]);
          assert.equal(out.hard[b * code.n + ISOLATED], batch.llr[b * code.n + ISOLATED] < 0 ? 1 : 0);
        }
        if (spec.kind !== 'neural') {
          // rows 2 and 3 are the same check twice: they send the same messages
          const [s2, s3] = [checkStartC[2], checkStartC[3]];
          for (let i = 0; i < 3; i++) assert.equal(record.c2v![iters - 1][s2 + i], record.c2v![iters - 1][s3 + i]);
        }
      }
    });
  }

  it('noiseless codewords decode to themselves with every decoder', () => {
    for (let u = 0; u < 1 << code.k; u++) {
      const x = encode(code, Array.from({ length: code.k }, (_, j) => (u >> j) & 1));
      const llr = Float32Array.from(x, (b) => 5 * (1 - 2 * b));
      for (const spec of DECODERS) {
        const out = allocateOutput(1, code.n);
        batchDecoder(code.graph, spec)(llr, 1, false, out);
        assert.deepEqual(Array.from(out.hard), Array.from(x), `${label(spec)}, word ${u}`);
      }
    }
  });
});

describe('Monte Carlo and training on the degenerate code', () => {
  it('simulates every decoder from -10 to 20 dB with finite counts, on all bits and on the k information bits', async () => {
    for (const decoder of DECODERS) {
      for (const berOn of ['all', 'info'] as const) {
        const r = await simulateCurve({ code, decoder, ebn0Db: [-10, 2, 20], seed: 3, minFrameErrors: 20, maxFrames: 400, earlyStop: true, berOn, codeword: 'random' });
        assert.equal(r.interrupted, false);
        const [low, , high] = r.points;
        for (const p of r.points) {
          assert.ok(p.frames > 0 && Number.isFinite(p.ber) && p.ber >= 0 && p.ber <= 1, `${label(decoder)} ${p.ebn0Db} dB`);
          assert.equal(p.bits, p.frames * (berOn === 'all' ? code.n : code.k));
          assert.ok(Number.isFinite(p.sigma) && p.sigma > 0);
        }
        assert.ok(low.frameErrors > 0, 'errors at -10 dB');
        assert.equal(high.bitErrors, 0, 'no errors at 20 dB');
        assert.ok(high.berUpperBound !== null && high.berUpperBound > 0, 'a zero count is reported as an upper bound');
      }
    }
  });

  it('trains a few steps (CE + KD + sparse) with finite losses', async () => {
    const config = decodeRunConfigOrThrow({ code: 'degenerate', train: { steps: 3, batch: 4, ebn0Db: [-10, 20], validateEvery: 3, validationFrames: 20 }, teacher: { iterations: 8 } });
    const ctx = makeTrainContext(code, config, null);
    const r = await train(ctx, { state: initialTrainState(ctx), history: [], validation: [] });
    assert.equal(r.status, 'finished');
    assert.ok(r.history.every((s) => [s.total, s.ce, s.kd, s.sparse, s.gradNorm].every(Number.isFinite)));
    assert.ok(r.state.params.every(Number.isFinite));
  });
});

describe('codes that cannot be decoded are refused with the reason', () => {
  it('k = 0 (H of full rank n) from a file, from dense text and from rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanner-degen-'));
    try {
      const file = join(dir, 'identity.txt');
      writeFileSync(file, '100\n010\n001\n011\n');
      assert.throws(
        () => loadCode(file),
        (e: unknown) => e instanceof UserError && e.message === 'identity.txt: H has GF(2) rank 3 = n, so k = 0: the all-zero word is the only codeword (rate 0), there is nothing to decode',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => codeFromParityCheck('h', parityCheck(2, [[0], [1]])), UserError);
    assert.throws(() => codeFromParityCheck('h', parityCheck(2, [[0, 1], [1], [0]])), /k = 0/);
  });

  it('n = 0', () => assert.throws(() => codeFromParityCheck('empty', parityCheck(0, [])), /n = 0/));

  it('a duplicated edge cannot be written in dense text and is an error with its line in an alist', () => {
    assert.throws(() => parseAlist('2 1\n1 2\n1 1\n2\n1\n1\n1 1\n'), /^UserError: alist line 7: variable index 1 appears twice in the list of check 1$/);
  });
});
