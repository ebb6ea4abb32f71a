/**
 * Cost of the tape: the student (T = 5 neural min-sum, learned per-(iteration, edge)
 * weights) on BCH(63,45) (E = 432), batch 120, float32, with the training loss
 * CE + KD + sparse:
 *   - forward without tape (no-grad mode, the teacher's and evaluation's path),
 *   - forward with tape + backward (one training step without the optimizer).
 * The requirement is tape + backward <= ~3x the no-grad forward.
 *
 * Run: node --import tsx bench/autodiff-overhead.ts [reps]
 */
import { performance } from 'node:perf_hooks';
import { backward, makeOps } from '../src/autodiff/ops.js';
import { bchParityCheck } from '../src/codes/bch.js';
import { tannerGraph } from '../src/codes/tanner-graph.js';
import { expandSharedTensor, minSumGraph, sharingIndex } from '../src/decoders/student-graph.js';
import { totalLoss } from '../src/losses/total.js';

const reps = Number(process.argv[2] ?? 200);
const batch = 120;
const studentT = 5;
const teacherT = 30;
const graph = tannerGraph(bchParityCheck(63, 45));
const n = graph.n;
const E = graph.edges;

// Seeded mulberry32 (the bench must be reproducible; no Math.random).
let state = 12345;
const random = (): number => {
  state = (state + 0x6d2b79f5) | 0;
  let x = Math.imul(state ^ (state >>> 15), 1 | state);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

// All-zero codeword at Eb/N0 = 4 dB: llr = 2 y / sigma^2.
const sigma = Math.sqrt(1 / (2 * (45 / 63) * 10 ** 0.4));
const llr = Float32Array.from({ length: batch * n }, () => (2 * (1 + sigma * gauss())) / sigma ** 2);
const bits = new Float32Array(batch * n);
const sharing = sharingIndex('iteration-edge', studentT, E);
const weights = Float32Array.from({ length: sharing.size }, () => 1 + 0.1 * (random() - 0.5));

// Teacher messages once (no-grad, plain min-sum T = 30).
const teacherOps = makeOps({ dtype: 'float32', record: false }).ops;
const teacherC2V = minSumGraph(teacherOps, graph, teacherOps.constant(llr, batch, n), teacherT, {}).c2v.map((t) => t.data);

const forward = (record: boolean) => {
  const { ops, tape } = makeOps({ dtype: 'float32', record });
  const w = ops.param(weights, 1, sharing.size);
  const trace = minSumGraph(ops, graph, ops.constant(llr, batch, n), studentT, {
    weightE: (t) => expandSharedTensor(ops, w, sharing, t),
  });
  const loss = totalLoss(ops, { student: trace, bitsV: bits, teacherC2V }, { ce: 1, kd: 1, sparse: 0.01 });
  return { tape, loss: loss.total, w };
};

const noGrad = (): number => forward(false).loss.data[0];
const withTape = (): number => {
  const { tape, loss, w } = forward(true);
  const g = backward(tape!, loss).get(w)!;
  return loss.data[0] + g[0];
};

const time = (f: () => number): { medianMs: number; check: number } => {
  let check = 0;
  for (let i = 0; i < 20; i++) check += f(); // warm-up (JIT)
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    check += f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)], check };
};

const a = time(noGrad);
const b = time(withTape);
console.log(`student T=${studentT}, BCH(63,45) E=${E}, batch ${batch}, float32, loss CE+KD+sparse, ${reps} reps (median)`);
console.log(`forward no-grad          : ${a.medianMs.toFixed(3)} ms`);
console.log(`forward tape + backward  : ${b.medianMs.toFixed(3)} ms`);
console.log(`ratio                    : ${(b.medianMs / a.medianMs).toFixed(2)}x   (checksums ${a.check.toFixed(3)} ${b.check.toFixed(3)})`);
