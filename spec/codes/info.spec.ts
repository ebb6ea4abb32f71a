import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codeInfo, formatCodeInfo, tannerGirth } from '../../src/codes/info.js';
import { loadCode } from '../../src/codes/builtin.js';
import { codeFromParityCheck } from '../../src/codes/code.js';
import { parseAlist } from '../../src/codes/alist.js';
import { ParityCheck, parityCheck } from '../../src/codes/parity-check.js';
import { syndromeWeight } from '../../src/codes/gf2.js';
import { tannerGraph } from '../../src/codes/tanner-graph.js';
import { UserError } from '../../src/util/errors.js';

/**
 * Oracle girth by a different method: for each edge (c, v), the shortest path
 * from c to v avoiding that edge, plus one. Infinity when no edge lies on a cycle.
 */
const girthByEdgeRemoval = (h: ParityCheck): number => {
  const adj: number[][] = Array.from({ length: h.n + h.m }, () => []);
  h.rows.forEach((row, c) => row.forEach((v) => (adj[v].push(h.n + c), adj[h.n + c].push(v))));
  let best = Infinity;
  h.rows.forEach((row, c) =>
    row.forEach((v) => {
      const dist = new Map<number, number>([[h.n + c, 0]]);
      const queue = [h.n + c];
      while (queue.length > 0) {
        const u = queue.shift() as number;
        for (const w of adj[u]) {
          if ((u === h.n + c && w === v) || dist.has(w)) continue;
          dist.set(w, (dist.get(u) as number) + 1);
          queue.push(w);
        }
      }
      if (dist.has(v)) best = Math.min(best, (dist.get(v) as number) + 1);
    }),
  );
  return best;
};

describe('codeInfo', () => {
  it('bch-63-45: n 63, k 45, m 18, E 432, 18 checks of degree 24, girth 4', () => {
    const info = codeInfo(loadCode('bch-63-45'));
    assert.equal(info.name, 'bch-63-45');
    assert.deepEqual([info.n, info.k, info.m, info.rank, info.edges], [63, 45, 18, 18, 432]);
    assert.equal(info.rate, 45 / 63);
    assert.deepEqual(info.degreeProfileC, { 24: 18 });
    const entries = Object.entries(info.degreeProfileV).map(([d, count]) => [Number(d), count]);
    assert.equal(entries.reduce((s, [, count]) => s + count, 0), 63);
    assert.equal(entries.reduce((s, [d, count]) => s + d * count, 0), 432);
    assert.equal(info.degreeProfileV[1], 2); // the first and last columns touch one check
    assert.equal(info.girth, 4);
    assert.deepEqual(info.notes, []);
    const text = formatCodeInfo(info);
    assert.match(text, /n 63 {2}k 45 {2}m 18 {2}rank 18 {2}E 432/);
    assert.match(text, /check degrees \(degree:count\): 24:18/);
    assert.match(text, /girth: 4/);
  });

  it('known girths: CCSDS and MacKay 6; a 6-cycle; a tree has none; null above the size limit', () => {
    assert.equal(codeInfo(loadCode('ccsds-128-64')).girth, 6);
    assert.equal(codeInfo(loadCode('mackay-96-48')).girth, 6);
    const hexagon = codeFromParityCheck('hexagon', parityCheck(3, [[0, 1], [1, 2], [0, 2]]));
    assert.equal(codeInfo(hexagon).girth, 6);
    const tree = codeFromParityCheck('tree', parityCheck(4, [[0, 1], [1, 2, 3]]));
    assert.equal(codeInfo(tree).girth, Infinity);
    assert.match(formatCodeInfo(codeInfo(tree)), /girth: none/);
    const info = codeInfo(loadCode('bch-63-45'), 50);
    assert.equal(info.girth, null);
    assert.match(formatCodeInfo(info), /girth: not computed/);
  });

  it('girth equals an edge-removal oracle on random small Tanner graphs', () => {
    const arbH = fc
      .record({ n: fc.integer({ min: 1, max: 12 }), m: fc.integer({ min: 1, max: 8 }) })
      .chain(({ n, m }) =>
        fc
          .array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m })
          .map((bits) => parityCheck(n, bits.map((row) => row.flatMap((b, v) => (b === 0 ? [v] : []))))),
      );
    fc.assert(
      fc.property(arbH, (h) => {
        assert.equal(tannerGirth(tannerGraph(h)), girthByEdgeRemoval(h));
      }),
      { seed: 31, numRuns: 400 },
    );
  });
});

describe('degenerate codes', () => {
  it('an empty check, a variable in no check and a degree-1 check are allowed and noted; k counts the free variable', () => {
    // 5 variables: v4 is in no check; check 1 is empty; check 2 has degree 1.
    const h = parityCheck(5, [[0, 1, 2], [], [3]]);
    const code = codeFromParityCheck('odd', h);
    const info = codeInfo(code);
    assert.equal(info.k, 5 - 2);
    assert.deepEqual(info.degreeProfileC, { 0: 1, 1: 1, 3: 1 });
    assert.deepEqual(info.degreeProfileV, { 0: 1, 1: 4 });
    // The empty check is also a dependent row (m = 3 > rank 2).
    assert.equal(info.notes.length, 4);
    assert.match(
      info.notes.join('|'),
      /1 check\(s\) with no edges.*1 variable\(s\) in no check.*1 check\(s\) of degree 1.*1 dependent row\(s\): m = 3 > n - k = 2/,
    );
    code.generator.rows.forEach((g) => assert.equal(syndromeWeight(h, g), 0));
  });

  it('a dependent row (sum of two others) leaves k = n - rank, with m > n - k noted', () => {
    const base = loadCode('bch-31-16').h;
    const sum = [...new Set([...base.rows[0], ...base.rows[1]])].filter(
      (v) => base.rows[0].includes(v) !== base.rows[1].includes(v),
    );
    const h = parityCheck(base.n, [...base.rows, sum, base.rows[3]]);
    const info = codeInfo(codeFromParityCheck('dependent', h));
    assert.equal(info.m, 17);
    assert.equal(info.rank, 15);
    assert.equal(info.k, 16);
    assert.match(info.notes.join('|'), /2 dependent row\(s\): m = 17 > n - k = 15/);
  });

  it('a duplicated edge is rejected by the parser with its line', () => {
    const text = '2 2\n2 2\n2 1\n2 1\n1 1\n1\n1 2\n1\n';
    assert.throws(
      () => parseAlist(text),
      (e: unknown) => e instanceof UserError && e.message === 'alist line 5: check index 1 appears twice in the list of variable 1',
    );
    // Built programmatically, the same duplicate is a RangeError from parityCheck.
    assert.throws(() => parityCheck(2, [[0, 0]]), RangeError);
  });
});
