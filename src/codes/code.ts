import { ParityCheck } from './parity-check.js';
import { TannerGraph, tannerGraph } from './tanner-graph.js';
import { Generator, generatorOf } from './gf2.js';
import { UserError } from '../util/errors.js';

/**
 * A binary linear code as the decoders see it: H, its Tanner graph, and a
 * systematic generator for encoding. k always comes from the GF(2) rank of H.
 */
export interface Code {
  readonly name: string;
  readonly n: number;
  readonly k: number;
  readonly m: number;
  readonly rate: number;
  readonly h: ParityCheck;
  readonly graph: TannerGraph;
  readonly generator: Generator;
}

/**
 * The code of H. Degenerate H are accepted (empty rows or columns, degree-1
 * checks, dependent rows: k = n - rank2(H) whatever m is), except a code
 * without information bits: k = 0 has rate 0, so Eb/N0 would need infinite
 * noise and every simulation would silently count zero errors.
 *
 * @example
 * ```ts
 * import { codeFromParityCheck, parityCheck } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = codeFromParityCheck('rep-3', parityCheck(3, [[0, 1], [1, 2]]));
 * assert.deepEqual([code.n, code.k, code.m, code.graph.edges], [3, 1, 2, 4]);
 * assert.throws(() => codeFromParityCheck('full-rank', parityCheck(2, [[0], [1]])), /k = 0/);
 * ```
 */
export const codeFromParityCheck = (name: string, h: ParityCheck): Code => {
  if (h.n < 1) throw new UserError(`${name}: H has no columns (n = 0)`);
  const generator = generatorOf(h);
  if (generator.k === 0) {
    throw new UserError(
      `${name}: H has GF(2) rank ${h.n} = n, so k = 0: the all-zero word is the only codeword (rate 0), there is nothing to decode`,
    );
  }
  return Object.freeze({
    name,
    n: h.n,
    k: generator.k,
    m: h.m,
    rate: generator.k / h.n,
    h,
    graph: tannerGraph(h),
    generator,
  });
};

/** Encode information bits u (length k) into the codeword x = u G (length n). */
export const encode = (code: Code, u: ArrayLike<number>, out = new Uint8Array(code.n)): Uint8Array => {
  out.fill(0);
  const g = code.generator.rows;
  for (let j = 0; j < code.k; j++) {
    if (!(u[j] & 1)) continue;
    const row = g[j];
    for (let v = 0; v < code.n; v++) out[v] ^= row[v];
  }
  return out;
};
