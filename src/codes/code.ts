import { ParityCheck } from './parity-check.js';
import { TannerGraph, tannerGraph } from './tanner-graph.js';
import { Generator, generatorOf } from './gf2.js';

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

export const codeFromParityCheck = (name: string, h: ParityCheck): Code => {
  const generator = generatorOf(h);
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
