import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeOps } from '../../src/autodiff/ops.js';
import { rngStream } from '../../src/channel/rng.js';
import { transmit } from '../../src/channel/transmit.js';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { batchDecoder } from '../../src/decoders/decoder.js';
import { allocateOutput, allocateRecord } from '../../src/decoders/output.js';
import { makeTrainContext } from '../../src/train/context.js';
import { toNeuralWeights } from '../../src/train/student-params.js';
import { studentForward } from '../../src/train/train-step.js';

/**
 * One definition of the decoder for training, a fused kernel for inference:
 * both must send the same messages. Random weights/offsets/channel weights,
 * every sharing mode, clipping on and off.
 */
const cases = [
  { kind: 'nnms', sharing: 'iteration-edge', channelWeights: false, clip: null },
  { kind: 'nnms', sharing: 'edge', channelWeights: true, clip: null },
  { kind: 'noms', sharing: 'iteration', channelWeights: false, clip: 6 },
  { kind: 'noms', sharing: 'scalar', channelWeights: true, clip: null },
] as const;

describe('the tape decoder and the fast kernel give the same messages', () => {
  const code = loadCode('bch-63-45');
  for (const c of cases) {
    it(`${c.kind}, sharing ${c.sharing}, channel weights ${c.channelWeights}, clip ${c.clip}`, () => {
      const config = decodeRunConfigOrThrow({ student: { ...c, iterations: 4 } });
      const ctx = makeTrainContext(code, config, null);
      const rng = rngStream(99, c.sharing.length, c.kind.length);
      const params = Float32Array.from({ length: ctx.layout.size }, () => 0.5 + rng.nextFloat());
      const frames = 12;
      const batch = transmit(code, frames, 3, 'random', rngStream(5));
      const { ops } = makeOps({ dtype: 'float32', record: false });
      const trace = studentForward(ops, ctx, ops.constant(params, 1, params.length), ops.constant(batch.llr, frames, code.n));
      const rec = allocateRecord(4, frames, code.graph.edges, code.n, { c2v: true, v2c: true, soft: true });
      const out = allocateOutput(frames, code.n);
      batchDecoder(code.graph, { kind: 'neural', weights: toNeuralWeights(code, config.student, ctx.layout, params) })(batch.llr, frames, false, out, rec);
      let maxRel = 0;
      let nonzero = 0;
      for (let t = 0; t < 4; t++) {
        for (const [a, b] of [
          [trace.c2v[t].data, rec.c2v![t]],
          [trace.v2c[t].data, rec.v2c![t]],
          [trace.soft[t].data, rec.soft![t]],
        ] as const) {
          assert.equal(a.length, b.length);
          for (let i = 0; i < a.length; i++) {
            if (a[i] !== 0) nonzero++;
            maxRel = Math.max(maxRel, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
          }
        }
      }
      assert.ok(nonzero > 1000, 'messages are not trivially zero');
      assert.ok(maxRel < 1e-4, `largest relative difference ${maxRel}`);
      // and the final hard decisions agree exactly with the last soft output's sign
      for (let i = 0; i < out.hard.length; i++) assert.equal(out.hard[i], trace.soft[3].data[i] < 0 ? 1 : 0);
    });
  }
});
