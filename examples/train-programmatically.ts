// Train a neural normalized min-sum decoder for BCH(63,45) from code, then evaluate it against min-sum.
// Usage: node --import tsx examples/train-programmatically.ts [steps=40] [weights-out.json]
import { writeFileSync } from 'node:fs';
import { evaluateDecoder, fmtSci, formatTable, trainDecoder } from '../src/index.js'; // 'tanner' when installed

const steps = Number(process.argv[2] ?? 40);
const out = process.argv[3];

// Any field left out takes its default (docs/config.md).
const { code, result } = await trainDecoder(
  {
    code: 'bch-63-45',
    seed: 1,
    student: { kind: 'nnms', iterations: 5 },
    teacher: { kind: 'ms', iterations: 30 },
    loss: { ce: 1, kd: 1, sparse: 0.01 },
    train: { steps, batch: 40, ebn0Db: [2, 3, 4, 5, 6], lr: 0.01, validateEvery: 0, checkpointEvery: 0 },
  },
  {
    hooks: {
      onProgress: ({ step, log }) => {
        if (step % 10 === 0 || step === steps) console.log(`step ${step}/${steps}: loss ${log.total.toFixed(4)} (ce ${log.ce.toFixed(4)}, kd ${log.kd.toFixed(4)}, sparse ${log.sparse.toFixed(2)})`);
      },
    },
  },
);
console.log(`training ${result.status} after ${result.state.step} steps`);
if (out) writeFileSync(out, `${JSON.stringify(result.weights)}\n`);

// Same seed, so both decoders see the same noise at each Eb/N0.
const options = { ebn0Db: [3, 4, 5], minFrameErrors: 50, maxFrames: 2000 };
const neural = await evaluateDecoder(code, { kind: 'neural', weights: result.weights }, options);
const plain = await evaluateDecoder(code, { kind: 'ms', iterations: 5 }, options);
const rows = neural.points.map((p, i) => [p.ebn0Db.toFixed(1), fmtSci(p.ber), fmtSci(plain.points[i].ber), String(p.frames)]);
console.log(formatTable(['Eb/N0 [dB]', 'BER neural', 'BER min-sum', 'frames'], rows));
