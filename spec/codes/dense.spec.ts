import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDense, writeDense } from '../../src/codes/dense.js';
import { ParityCheck, denseRows, parityCheck } from '../../src/codes/parity-check.js';
import { bchParityCheck } from '../../src/codes/bch.js';
import { UserError } from '../../src/util/errors.js';

const rejects = (text: string, pattern: RegExp): void => {
  assert.throws(
    () => parseDense(text),
    (e: unknown) => {
      assert.ok(e instanceof UserError, `expected UserError, got ${String(e)}`);
      assert.match(e.message, /^dense line \d+: [^\n]+$/);
      assert.match(e.message, pattern);
      return true;
    },
  );
};

const hamming = parityCheck(7, [
  [0, 1, 2, 4],
  [1, 2, 3, 5],
  [0, 1, 3, 6],
]);

describe('parseDense', () => {
  it('reads separated and run-together digits alike, with comments, blank lines, CRLF and tabs', () => {
    const variants = [
      '1 1 1 0 1 0 0\n0 1 1 1 0 1 0\n1 1 0 1 0 0 1\n',
      '1110100\n0111010\n1101001',
      '# Hamming(7,4)\r\n\r\n1\t1 1 0 1 0 0  \r\n0111010 # row 2\r\n\n1101 001\r\n# end\n',
    ];
    for (const text of variants) assert.deepEqual(parseDense(text), hamming);
  });

  it('round-trips random H through writeDense', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((n) =>
          fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 12 }),
        ),
        (bits) => {
          const h = parityCheck(bits[0].length, bits.map((r) => r.flatMap((b, v) => (b ? [v] : []))));
          assert.deepEqual(parseDense(writeDense(h)), h);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('gives the same H as the BCH construction through its dense text', () => {
    const h = bchParityCheck(31, 16);
    const text = denseRows(h).map((r) => r.join('')).join('\n');
    assert.deepEqual(parseDense(text), h);
  });

  it('rejects rows of different length, naming the line', () =>
    rejects('# c\n101\n\n1011\n', /^dense line 4: expected 3 entries \(as on line 2\), found 4$/));
  it('rejects a character other than 0/1', () => rejects('101\n1x1\n', /^dense line 2: expected only 0 and 1, found 'x'$/));
  it('rejects text with no rows', () => rejects('# nothing\n\n', /no rows/));
});

/** Mutations of dense text: truncation, deleted/inserted/replaced characters and lines. */
const arbDenseMutation = (): fc.Arbitrary<(text: string) => string> => {
  const junk = fc.constantFrom('0', '1', '2', ' ', '\t', '\n', '\r\n', '#', 'x', '-', '');
  return fc.oneof(
    fc.nat().map((p) => (t: string) => t.slice(0, p % (t.length + 1))),
    fc.tuple(fc.nat(), junk).map(([p, s]) => (t: string) => t.slice(0, p % (t.length + 1)) + s + t.slice(p % (t.length + 1))),
    fc.tuple(fc.nat(), junk).map(([p, s]) => (t: string) => t.slice(0, p % (t.length + 1)) + s + t.slice(p % (t.length + 1) + 1)),
    fc.nat().map((p) => (t: string) => {
      const lines = t.split('\n');
      lines.splice(p % lines.length, 0, lines[p % lines.length] + '1');
      return lines.join('\n');
    }),
  );
};

describe('parseDense fuzzing', () => {
  it('mutated texts give H matching the text or a one-line UserError naming a line', () => {
    fc.assert(
      fc.property(fc.array(arbDenseMutation(), { minLength: 1, maxLength: 4 }), (edits) => {
        const text = edits.reduce((t, edit) => edit(t), writeDense(hamming));
        let h: ParityCheck;
        try {
          h = parseDense(text);
        } catch (e) {
          if (!(e instanceof UserError)) throw new Error(`not a UserError: ${String(e)}`);
          assert.match(e.message, /^dense line \d+: [^\n]+$/);
          return;
        }
        // Consistent with the text: same number of rows and ones as the non-comment digits.
        const body = text.split(/\r\n|\r|\n/).map((l) => l.replace(/#.*/, '').replace(/\s+/g, ''));
        const rowsText = body.filter((l) => l.length > 0);
        assert.equal(h.m, rowsText.length);
        assert.equal(h.n, rowsText[0].length);
        assert.equal(h.rows.reduce((s, r) => s + r.length, 0), rowsText.join('').split('1').length - 1);
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it('CRLF, tabs between digits, trailing blanks and trailing comments change nothing, not even the line an error names', () => {
    const layouts: Record<string, (t: string) => string> = {
      crlf: (t) => t.replace(/\n/g, '\r\n'),
      tabs: (t) => t.replace(/ /g, '\t'),
      'trailing blanks': (t) => t.replace(/\n/g, ' \t \n'),
      'trailing comments': (t) => t.replace(/\n/g, ' # 1 0 x\n'),
    };
    const outcome = (text: string): unknown => {
      try {
        return parseDense(text);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return e.message;
      }
    };
    fc.assert(
      fc.property(fc.array(arbDenseMutation(), { minLength: 1, maxLength: 4 }), fc.constantFrom(...Object.keys(layouts)), (edits, layout) => {
        const text = edits.reduce((t, edit) => edit(t), writeDense(hamming));
        fc.pre(!text.includes('\r') && !text.includes('#')); // a lone CR moves lines; an open comment would swallow the rewrite
        assert.deepEqual(outcome(layouts[layout](text)), outcome(text));
      }),
      { seed: 10, numRuns: 600 },
    );
  });
});
