import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCodeNames, loadCode, sniffCodeFormat } from '../../src/codes/builtin.js';
import { writeAlist } from '../../src/codes/alist.js';
import { writeDense } from '../../src/codes/dense.js';
import { Code, encode } from '../../src/codes/code.js';
import { syndromeWeight } from '../../src/codes/gf2.js';
import { UserError } from '../../src/util/errors.js';
import { packageRoot } from '../../src/util/package-root.js';

/** G H^T = 0: every generator row, and the encoding of a fixed pattern of information bits, has zero syndrome. */
const assertGeneratorOrthogonal = (code: Code): void => {
  code.generator.rows.forEach((g, j) => assert.equal(syndromeWeight(code.h, g), 0, `${code.name}: row ${j} of G`));
  const u = Array.from({ length: code.k }, (_, j) => (j * 7 + 3) % 5 < 2 ? 1 : 0);
  const x = encode(code, u);
  assert.equal(syndromeWeight(code.h, x), 0);
  // Systematic: the information bits appear at the information positions.
  code.generator.infoPositions.forEach((v, j) => assert.equal(x[v], u[j]));
};

describe('loadCode by built-in name', () => {
  const expectedK: Record<string, number> = {
    'bch-31-16': 16,
    'bch-63-36': 36,
    'bch-63-45': 45,
    'bch-63-51': 51,
    'bch-127-64': 64,
    'ccsds-128-64': 64,
    'mackay-96-48': 48,
    'wimax-576-288': 288,
  };
  it('lists exactly the documented names', () => assert.deepEqual([...builtinCodeNames].sort(), Object.keys(expectedK).sort()));
  for (const name of Object.keys(expectedK)) {
    it(`${name}: n and k match the name, G H^T = 0`, () => {
      const code = loadCode(name);
      const [n, k] = name.split('-').slice(1).map(Number);
      assert.equal(code.name, name);
      assert.equal(code.n, n);
      assert.equal(code.k, k);
      assert.equal(code.k, expectedK[name]);
      assert.equal(code.rate, k / n);
      assertGeneratorOrthogonal(code);
    });
  }

  it('constructs other narrow-sense BCH codes by name, case-insensitively', () => {
    const code = loadCode('BCH-15-7');
    assert.equal(code.name, 'bch-15-7');
    assert.equal(code.k, 7);
    assertGeneratorOrthogonal(code);
  });

  it('rejects an unknown name, listing the built-in names', () => {
    for (const bad of ['hamming-7-4', 'constructor', '__proto__']) {
      assert.throws(
        () => loadCode(bad),
        (e: unknown) => e instanceof UserError && e.message.includes('wimax-576-288') && e.message.includes(`'${bad}'`),
      );
    }
  });

  it('rejects an invalid BCH dimension with the valid ones', () =>
    assert.throws(() => loadCode('bch-63-40'), (e: unknown) => e instanceof UserError && /57, 51, 45/.test(e.message)));
});

describe('loadCode by path', () => {
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tanner-codes-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an alist file and names the code by its basename', () => {
    const path = join(dir, 'my.alist');
    copyFileSync(join(packageRoot(), 'codes', 'BCH_63_45.alist'), path);
    const code = loadCode(path);
    assert.equal(code.name, 'my.alist');
    assert.deepEqual(code.h, loadCode('bch-63-45').h);
  });

  it('reads dense text (any other extension, or none) and sniffs extensionless alist', () => {
    const h = loadCode('mackay-96-48').h;
    writeFileSync(join(dir, 'h.txt'), writeDense(h));
    writeFileSync(join(dir, 'h'), writeAlist(h));
    assert.deepEqual(loadCode(join(dir, 'h.txt')).h, h);
    assert.deepEqual(loadCode(join(dir, 'h')).h, h);
    assert.equal(sniffCodeFormat('x.ALIST', '1 0'), 'alist');
    assert.equal(sniffCodeFormat('x.txt', '# c 2\n1 0\n0 1'), 'dense');
  });

  it('reports a malformed file with its name and line', () => {
    const path = join(dir, 'bad.alist');
    writeFileSync(path, '3 2\n2 2\n1 2 1\n2 2\n1\n1\n2\n1 2\n2 3\n');
    assert.throws(
      () => loadCode(path),
      (e: unknown) =>
        e instanceof UserError && e.message === 'bad.alist: alist line 6: expected 2 check indices for variable 2, found 1',
    );
  });

  it('rejects a missing file or a folder with a UserError listing the built-in names', () => {
    for (const path of [join(dir, 'missing.alist'), dir]) {
      assert.throws(() => loadCode(path), (e: unknown) => e instanceof UserError && e.message.includes('bch-63-45'));
    }
  });
});
