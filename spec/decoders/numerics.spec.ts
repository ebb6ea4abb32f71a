/**
 * Numerics (issue 5, point 4): no NaN or infinity anywhere, for Eb/N0 from
 * -10 to 20 dB, at any iteration count, in float32, for every decoder and for
 * the training loss and its gradient.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rngStream, STREAM } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { Code } from '../../src/codes/code.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { batchDecoder, DecoderSpec, decoderIterations, describeDecoder } from '../../src/decoders/decoder.js';
import { NeuralWeights } from '../../src/decoders/neural-weights.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialTrainState } from '../../src/train/trainer.js';
import { trainStep } from '../../src/train/train-step.js';

const EBN0_DB = [-10, -5, 0, 5, 10, 15, 20];

/** A neural decoder with the given per-edge weight, offset (raw, before softplus) and channel weight. */
const neural = (code: Code, iterations: number, w: { weight?: number; offsetRaw?: number; channel?: number }): DecoderSpec => {
  const E = code.graph.edges;
  const weights: NeuralWeights = {
    format: 'tanner-weights/1',
    code: { name: code.name, n: code.n, k: code.k, edges: E },
    kind: w.offsetRaw === undefined ? 'nnms' : 'noms',
    iterations,
    sharing: 'iteration-edge',
    weight: w.offsetRaw === undefined ? Array.from({ length: iterations * E }, (_, i) => (w.weight ?? 1) * (0.9 + 0.2 * ((i * 7919) % 101) / 100)) : null,
    offsetRaw: w.offsetRaw === undefined ? null : Array.from({ length: iterations * E }, () => w.offsetRaw!),
    channel: w.channel === undefined ? null : Array.from({ length: iterations * code.n }, () => w.channel!),
    clip: null,
  };
  return { kind: 'neural', weights };
};

const decoders = (code: Code, T: number): DecoderSpec[] => [
  { kind: 'ms', iterations: T },
  { kind: 'nms', iterations: T, alpha: 0.8 },
  { kind: 'nms', iterations: T, alpha: 1.25 },
  { kind: 'oms', iterations: T, beta: 0.5 },
  { kind: 'spa', iterations: T },
  { kind: 'spa', iterations: T, clip: 20 },
  neural(code, T, { weight: 1 }),
  neural(code, T, { weight: 1.5, channel: 2 }),
  neural(code, T, { offsetRaw: 60 }),
  neural(code, T, { offsetRaw: -60 }),
];

const firstNonFinite = (a: ArrayLike<number>): number => {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
};

/** Decode `frames` frames and check the output and (when recorded) every iteration's messages are finite. */
const checkFinite = (code: Code, spec: DecoderSpec, ebn0: number, frames: number, recordAll: boolean): { hard: Uint8Array; bits: Uint8Array } => {
  const batch = transmit(code, frames, ebn0, 'random', rngStream(6, STREAM.evalPoint, Math.round((ebn0 + 100) * 10), 0));
  const T = decoderIterations(spec);
  const out = allocateOutput(frames, code.n);
  const record = recordAll ? allocateRecord(T, frames, code.graph.edges, code.n, { c2v: true, v2c: true, soft: true }) : undefined;
  batchDecoder(code.graph, spec)(batch.llr, frames, false, out, record);
  const where = `${describeDecoder(spec)} at ${ebn0} dB`;
  assert.equal(firstNonFinite(batch.llr), -1, `${where}: channel LLR`);
  assert.equal(firstNonFinite(out.soft), -1, `${where}: soft output`);
  if (record) {
    for (let t = 0; t < T; t++) {
      for (const [name, a] of [['c2v', record.c2v![t]], ['v2c', record.v2c![t]], ['soft', record.soft![t]]] as const) {
        assert.equal(firstNonFinite(a), -1, `${where}: ${name} of iteration ${t + 1}`);
      }
    }
  }
  return { hard: out.hard, bits: batch.bits };
};

describe('decoders stay finite in float32 from -10 to 20 dB', () => {
  for (const name of ['bch-63-45', 'wimax-576-288']) {
    const code = loadCode(name);
    for (const T of [1, 5, 30]) {
      it(`${name}, T = ${T}: every decoder, every recorded message and soft output`, () => {
        for (const spec of decoders(code, T)) for (const ebn0 of EBN0_DB) checkFinite(code, spec, ebn0, 2, true);
      });
    }
  }
});

describe('decoders stay finite at any iteration count', () => {
  // Min-sum messages grow geometrically once a frame has converged (about 8% per
  // iteration on WiMAX at 20 dB): float32 overflows after ~1100 iterations
  // unless messages saturate.
  const code = loadCode('wimax-576-288');
  const T = 2000;
  const long: DecoderSpec[] = [{ kind: 'ms', iterations: T }, { kind: 'nms', iterations: T, alpha: 1.25 }, { kind: 'spa', iterations: T }, neural(code, T, { weight: 1.5, channel: 2 })];
  for (const spec of long) {
    it(`${describeDecoder(spec)}${spec.clip ? ` clip ${spec.clip}` : ''} on wimax-576-288 at 20 dB: finite soft output, the codeword decoded`, () => {
      const { hard, bits } = checkFinite(code, spec, 20, 1, false);
      assert.deepEqual(hard, bits);
    });
  }
});

describe('the training loss and its gradient stay finite', () => {
  const code = loadCode('bch-63-45');
  const settings: ReadonlyArray<Record<string, unknown>> = [
    { loss: { kdDistance: 'raw', pKd: 2, pSparse: 2, norm: 'sum' } },
    { loss: { kdDistance: 'raw', pKd: 2, pSparse: 2, norm: 'mean' } },
    { loss: { kdDistance: 'raw', pKd: 1, pSparse: 1, norm: 'sum' } },
    { loss: { kdDistance: 'raw', pKd: 0.5, pSparse: 3, norm: 'mean' } },
    { loss: { kdDistance: 'softbit' } },
    { loss: { kdDistance: 'bce', temperature: 0.1 } },
    { student: { kind: 'noms' }, loss: { kdDistance: 'raw' } },
    { student: { channelWeights: true, sharing: 'scalar' } },
    { teacher: { kind: 'spa', iterations: 30 } },
    { teacher: { kind: 'ms', iterations: 300 }, loss: { pKd: 2, norm: 'mean' } },
  ];
  for (const extra of settings) {
    it(JSON.stringify(extra), () => {
      const input = {
        code: 'bch-63-45',
        train: { batch: 6, ebn0Db: [-10, 5, 20], codeword: 'random' },
        loss: { sparse: 1, ...(extra.loss as object) },
        student: extra.student ?? {},
        teacher: extra.teacher ?? {},
      };
      const config = decodeRunConfigOrThrow(input);
      const ctx = makeTrainContext(code, config, null);
      // Learned offsets far out on both sides of softplus, too.
      for (const start of config.student.kind === 'noms' ? [60, -60] : [1]) {
        const state = { ...initialTrainState(ctx), params: initialTrainState(ctx).params.map(() => start) };
        const outcome = trainStep(ctx, state);
        assert.ok(outcome.finite, `loss ${outcome.log.total}, |g| ${outcome.log.gradNorm}`);
        for (const v of [outcome.log.total, outcome.log.ce, outcome.log.kd, outcome.log.sparse, outcome.log.gradNorm]) assert.ok(Number.isFinite(v));
        assert.equal(firstNonFinite(outcome.state.params), -1);
      }
    });
  }
});
