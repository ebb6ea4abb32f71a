import { Code } from './code.js';
import { TannerGraph } from './tanner-graph.js';

/** Summary of a code and its Tanner graph, for `tanner info` and reports. */
export interface CodeInfo {
  readonly name: string;
  readonly n: number;
  readonly k: number;
  /** rows of H (may exceed n - k when H has dependent rows) */
  readonly m: number;
  /** GF(2) rank of H = n - k */
  readonly rank: number;
  /** E: ones in H = edges of the Tanner graph */
  readonly edges: number;
  readonly rate: number;
  /** variable-node degree -> number of variables with it */
  readonly degreeProfileV: Readonly<Record<number, number>>;
  /** check-node degree -> number of checks with it */
  readonly degreeProfileC: Readonly<Record<number, number>>;
  /**
   * Length of the shortest cycle of the Tanner graph; Infinity when it has none;
   * null when not computed (n above the limit).
   */
  readonly girth: number | null;
  /** Degenerate structure worth a warning (empty checks, variables in no check, degree-1 checks, dependent rows). */
  readonly notes: readonly string[];
}

/** Girth is computed up to this n by default (BFS from every variable: O(n E)). */
export const girthMaxN = 1000;

const profile = (degrees: Int32Array): Record<number, number> => {
  const out: Record<number, number> = {};
  for (const d of degrees) out[d] = (out[d] ?? 0) + 1;
  return out;
};

/**
 * Girth of the Tanner graph: the minimum over variable roots of the shortest
 * cycle a BFS from that root closes. Every cycle passes through a variable node,
 * and the BFS from a node on a shortest cycle finds that cycle exactly
 * (dist[u] + dist[w] + 1 at the first non-tree edge closing it), so the minimum is exact.
 * Nodes: variables 0..n-1, checks n..n+m-1. Returns Infinity for a forest.
 *
 * @example
 * ```ts
 * import { parityCheck, tannerGirth, tannerGraph } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(tannerGirth(tannerGraph(parityCheck(3, [[0, 1], [1, 2]]))), Infinity); // a tree
 * assert.equal(tannerGirth(tannerGraph(parityCheck(2, [[0, 1], [0, 1]]))), 4);
 * ```
 */
export const tannerGirth = (graph: TannerGraph): number => {
  const { n, m } = graph;
  const nodes = n + m;
  // Adjacency through the edge lists: variable v -> checks, check c -> variables.
  const neighbours = (u: number, visit: (w: number) => void): void => {
    if (u < n) {
      for (let i = graph.varStartV[u]; i < graph.varStartV[u + 1]; i++) visit(n + graph.checkOfE[graph.edgesByVar[i]]);
    } else {
      const c = u - n;
      for (let e = graph.checkStartC[c]; e < graph.checkStartC[c + 1]; e++) visit(graph.varOfE[e]);
    }
  };
  const dist = new Int32Array(nodes);
  const parent = new Int32Array(nodes);
  const queue = new Int32Array(nodes);
  let best = Infinity;
  for (let root = 0; root < n; root++) {
    dist.fill(-1);
    dist[root] = 0;
    parent[root] = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      const u = queue[head++];
      // Any cycle closed from here on is at least 2 dist[u] + 1 long.
      if (2 * dist[u] + 1 >= best) break;
      neighbours(u, (w) => {
        if (dist[w] < 0) {
          dist[w] = dist[u] + 1;
          parent[w] = u;
          queue[tail++] = w;
        } else if (w !== parent[u]) {
          best = Math.min(best, dist[u] + dist[w] + 1);
        }
      });
    }
  }
  return best;
};

/**
 * Sizes, degree profiles and girth of a code. Girth is null when n > maxGirthN
 * (default girthMaxN) to keep this cheap.
 *
 * @example
 * ```ts
 * import { codeFromRows, codeInfo } from 'tanner';
 * import assert from 'node:assert/strict';
 * const info = codeInfo(codeFromRows(7, [[0, 1, 2, 4], [1, 2, 3, 5], [0, 1, 3, 6]], 'hamming-7-4'));
 * assert.deepEqual([info.n, info.k, info.m, info.edges], [7, 4, 3, 12]);
 * assert.deepEqual(info.degreeProfileC, { 4: 3 });
 * assert.equal(info.girth, 4); // checks 0 and 1 share variables 1 and 2
 * assert.deepEqual(info.notes, []);
 * ```
 */
export const codeInfo = (code: Code, maxGirthN = girthMaxN): CodeInfo => {
  const g = code.graph;
  const rank = code.n - code.k;
  const emptyC = g.degreeC.filter((d) => d === 0).length;
  const emptyV = g.degreeV.filter((d) => d === 0).length;
  const degree1C = g.degreeC.filter((d) => d === 1).length;
  const notes: string[] = [];
  if (emptyC > 0) notes.push(`${emptyC} check(s) with no edges (they constrain nothing)`);
  if (emptyV > 0) notes.push(`${emptyV} variable(s) in no check (unprotected, counted in k)`);
  if (degree1C > 0) notes.push(`${degree1C} check(s) of degree 1 (each forces its variable to 0)`);
  if (code.m > rank) notes.push(`${code.m - rank} dependent row(s): m = ${code.m} > n - k = ${rank}`);
  return Object.freeze({
    name: code.name,
    n: code.n,
    k: code.k,
    m: code.m,
    rank,
    edges: g.edges,
    rate: code.rate,
    degreeProfileV: profile(g.degreeV),
    degreeProfileC: profile(g.degreeC),
    girth: code.n <= maxGirthN ? tannerGirth(g) : null,
    notes,
  });
};

const formatProfile = (p: Readonly<Record<number, number>>): string =>
  Object.entries(p)
    .map(([d, count]) => ({ d: Number(d), count }))
    .sort((a, b) => a.d - b.d)
    .map(({ d, count }) => `${d}:${count}`)
    .join(', ');

/**
 * Human-readable lines, e.g. "n 63  k 45  m 18  rank 18  E 432  rate 0.7143".
 *
 * @example
 * ```ts
 * import { bchCode, codeInfo, formatCodeInfo } from 'tanner';
 * import assert from 'node:assert/strict';
 * const text = formatCodeInfo(codeInfo(bchCode(15, 7)));
 * assert.match(text, /^n 15  k 7  m 8  rank 8  E 32  rate 0\.4667$/m);
 * assert.match(text, /^girth: 6$/m);
 * ```
 */
export const formatCodeInfo = (info: CodeInfo): string => {
  const girth =
    info.girth === null ? 'not computed (n too large)' : info.girth === Infinity ? 'none (no cycles)' : String(info.girth);
  return [
    `code ${info.name}`,
    `n ${info.n}  k ${info.k}  m ${info.m}  rank ${info.rank}  E ${info.edges}  rate ${info.rate.toFixed(4)}`,
    `variable degrees (degree:count): ${formatProfile(info.degreeProfileV)}`,
    `check degrees (degree:count): ${formatProfile(info.degreeProfileC)}`,
    `girth: ${girth}`,
    ...info.notes.map((note) => `note: ${note}`),
  ].join('\n');
};
