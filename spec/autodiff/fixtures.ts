/**
 * Shared test fixtures for spec/autodiff and spec/losses (not a spec file):
 * a seeded generator, small parity-check matrices, and random inputs of the student.
 */
import { ParityCheck, parityCheck } from '../../src/codes/parity-check.js';
import { TannerGraph, tannerGraph } from '../../src/codes/tanner-graph.js';

/** mulberry32: a seeded uniform [0, 1) generator (tests never use Math.random). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
};

/** Uniform values in [lo, hi). */
export const uniformArray = (random: () => number, length: number, lo: number, hi: number): Float64Array =>
  Float64Array.from({ length }, () => lo + (hi - lo) * random());

/** Hamming(7,4): 3 checks of degree 4, E = 12. */
export const hamming74: ParityCheck = parityCheck(7, [
  [0, 1, 2, 4],
  [1, 2, 3, 5],
  [0, 2, 3, 6],
]);

/** A random H with n variables and m checks, every check of degree 2..maxDegree. */
export const randomParityCheck = (random: () => number, n: number, m: number, maxDegree: number): ParityCheck => {
  const rows: number[][] = [];
  for (let c = 0; c < m; c++) {
    const degree = 2 + Math.floor(random() * (Math.min(maxDegree, n) - 1));
    const pool = Array.from({ length: n }, (_, v) => v);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    rows.push(pool.slice(0, degree));
  }
  return parityCheck(n, rows);
};

/** Graph of a small H plus random channel LLRs [B, n] and bits, for composition tests. */
export interface SmallCase {
  readonly graph: TannerGraph;
  readonly batch: number;
  readonly llr: Float64Array;
  readonly bits: Float64Array;
}

/** LLRs of random bits over a noisy channel, in [-4, 4] (kept away from 0 so signs are stable). */
export const smallCase = (random: () => number, h: ParityCheck, batch: number): SmallCase => {
  const n = h.n;
  const bits = Float64Array.from({ length: batch * n }, () => (random() < 0.5 ? 1 : 0));
  const llr = Float64Array.from(bits, (b) => {
    const magnitude = 0.3 + 3.7 * random();
    const flip = random() < 0.2 ? -1 : 1; // some channel errors
    return (b === 1 ? -1 : 1) * magnitude * flip;
  });
  return { graph: tannerGraph(h), batch, llr, bits };
};
