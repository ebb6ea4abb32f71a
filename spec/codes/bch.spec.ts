import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlist } from '../../src/codes/alist.js';
import { bchDimensions, bchParityCheck, bchPolynomials, polyDivGf2, polyMulGf2 } from '../../src/codes/bch.js';
import { rankGf2, syndromeWeight } from '../../src/codes/gf2.js';
import { UserError } from '../../src/util/errors.js';
import { packageRoot } from '../../src/util/package-root.js';

describe('bchParityCheck', () => {
  for (const [n, k] of [
    [31, 16],
    [63, 36],
    [63, 45],
    [63, 51],
  ]) {
    it(`BCH(${n}, ${k}) equals codes/BCH_${n}_${k}.alist bit for bit`, () => {
      const file = parseAlist(readFileSync(join(packageRoot(), 'codes', `BCH_${n}_${k}.alist`), 'utf8'));
      assert.deepEqual(bchParityCheck(n, k), file);
    });
  }

  it('rows are shifts of the reversed h(x), full rank n - k, and orthogonal to every shift of g(x)', () => {
    for (const [n, k] of [
      [7, 4],
      [15, 7],
      [127, 64],
      [255, 131],
      [1023, 1013],
    ]) {
      const h = bchParityCheck(n, k);
      assert.equal(h.m, n - k);
      assert.equal(rankGf2(h), n - k);
      // g(x) x^s is a codeword for s = 0..k-1: its coefficient vector has zero syndrome.
      const g = bchPolynomials(n, k).generator;
      for (const s of [0, 1, k - 1]) {
        const word = new Uint8Array(n);
        g.forEach((b, i) => (word[i + s] = b));
        assert.equal(syndromeWeight(h, word), 0, `BCH(${n}, ${k}) shift ${s}`);
      }
    }
  });

  it('known generators: BCH(15, 7) has g = x^8+x^7+x^6+x^4+1 and designed distance 5', () => {
    const p = bchPolynomials(15, 7);
    assert.deepEqual([...p.generator], [1, 0, 0, 0, 1, 0, 1, 1, 1]);
    assert.equal(p.designedDistance, 5);
    assert.equal(bchPolynomials(63, 45).designedDistance, 7);
    // g h = x^n - 1
    const prod = polyMulGf2(p.generator, p.parity);
    assert.deepEqual([...prod], [1, ...new Array(14).fill(0), 1]);
  });

  it('valid dimensions follow the cyclotomic cosets', () => {
    assert.deepEqual(bchDimensions(15), [11, 7, 5, 1]);
    assert.deepEqual(bchDimensions(63), [57, 51, 45, 39, 36, 30, 24, 18, 16, 10, 7, 1]);
    assert.ok(bchDimensions(127).includes(64));
  });

  it('rejects an invalid k, listing the valid ones, and an unsupported n', () => {
    assert.throws(() => bchParityCheck(63, 40), (e: unknown) => e instanceof UserError && /k must be one of 57, 51, 45/.test(e.message));
    assert.throws(() => bchParityCheck(64, 32), (e: unknown) => e instanceof UserError && /n must be one of 7, 15, 31/.test(e.message));
    assert.throws(() => bchParityCheck(2047, 2036), UserError);
  });

  it('polyDivGf2 inverts polyMulGf2', () => {
    const a = Uint8Array.of(1, 1, 0, 1);
    const b = Uint8Array.of(1, 0, 1, 1, 1);
    const { quotient, remainder } = polyDivGf2(polyMulGf2(a, b), b);
    assert.deepEqual([...quotient], [...a]);
    assert.ok(remainder.every((x) => x === 0));
  });
});
