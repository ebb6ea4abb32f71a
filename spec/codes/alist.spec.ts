import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { alistMaxSize, parseAlist, writeAlist } from '../../src/codes/alist.js';
import { ParityCheck, columnsOf, parityCheck } from '../../src/codes/parity-check.js';
import { UserError } from '../../src/util/errors.js';
import { packageRoot } from '../../src/util/package-root.js';

const codesDir = join(packageRoot(), 'codes');
const realFiles = ['BCH_31_16', 'BCH_63_36', 'BCH_63_45', 'BCH_63_51', 'CCSDS_128_64', 'MACKAY_96_48', 'WIMAX_576_288'];
const readCode = (name: string): string => readFileSync(join(codesDir, `${name}.alist`), 'utf8');

/** A random sparse H: n in 1..24, m in 1..16, each entry 1 with probability about 1/4. */
const arbParityCheck = (): fc.Arbitrary<ParityCheck> =>
  fc
    .record({ n: fc.integer({ min: 1, max: 24 }), m: fc.integer({ min: 1, max: 16 }) })
    .chain(({ n, m }) =>
      fc
        .array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m })
        .map((bits) => parityCheck(n, bits.map((row) => row.flatMap((b, v) => (b === 0 ? [v] : []))))),
    );

/** The parse must throw a UserError whose one-line message names a line and matches `pattern`. */
const rejects = (text: string, pattern: RegExp): void => {
  assert.throws(
    () => parseAlist(text),
    (e: unknown) => {
      assert.ok(e instanceof UserError, `expected UserError, got ${String(e)}`);
      assert.match(e.message, /^alist line \d+: /);
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, pattern);
      return true;
    },
  );
};

/**
 * H = [1 1 0; 0 1 1] as alist (lines numbered in the comments):
 * 3 columns of degrees 1 2 1, 2 rows of degree 2.
 */
const small = ['3 2', '2 2', '1 2 1', '2 2', '1 0', '1 2', '2 0', '1 2', '2 3'];
const smallText = (replace: Record<number, string> = {}): string =>
  small.map((l, i) => replace[i + 1] ?? l).join('\n') + '\n';

describe('parseAlist on the real files', () => {
  for (const name of realFiles) {
    it(`${name}: sizes from the name, columns consistent, and writeAlist round-trips`, () => {
      const h = parseAlist(readCode(name));
      const [, n] = name.split('_').map(Number);
      assert.equal(h.n, n);
      assert.equal(h.rows.length, h.m);
      assert.deepEqual(parseAlist(writeAlist(h)), h);
    });
  }

  it('reads H = [1 1 0; 0 1 1] from the small example', () => {
    const h = parseAlist(smallText());
    assert.deepEqual(h, parityCheck(3, [[0, 1], [1, 2]]));
  });
});

describe('parseAlist accepts real-file variants and gives the same H', () => {
  /** Text transformations that must not change H. */
  const variants: Record<string, (t: string) => string> = {
    crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
    'bare CR': (t) => t.replace(/\r?\n/g, '\r'),
    tabs: (t) => t.replace(/ +/g, '\t'),
    'mixed blanks and trailing blanks': (t) =>
      t.split(/\r?\n/).map((l, i) => l.replace(/ /g, i % 2 ? ' \t ' : '  ') + ' \t').join('\n'),
    'comment lines': (t) => '# header comment\n' + t.split(/\r?\n/).join('\n# between lines\n'),
    'trailing comments': (t) => t.split(/\r?\n/).map((l) => (l.trim() ? `${l} # note 1 2 3` : l)).join('\n'),
    'blank lines': (t) => '\n\n' + t.split(/\r?\n/).join('\n\n   \n') + '\n\n',
    'no zero padding': (t) =>
      t
        .split(/\r?\n/)
        .map((l, i) => (i < 4 ? l : l.replace(/(\s+0)+\s*$/, '')))
        .join('\n'),
    'zero padding added': (t) => writeAlist(parseAlist(t)),
    'no final newline': (t) => t.replace(/\s+$/, ''),
    'byte-order mark': (t) => '\uFEFF' + t,
  };
  for (const name of ['BCH_63_45', 'CCSDS_128_64', 'MACKAY_96_48', 'WIMAX_576_288']) {
    const text = readCode(name);
    const expected = parseAlist(text);
    for (const [label, transform] of Object.entries(variants)) {
      it(`${name}: ${label}`, () => {
        assert.deepEqual(parseAlist(transform(text)), expected);
      });
    }
  }

  it('degree vectors may wrap over several lines', () => {
    const text = ['4 2', '1 2', '1', '1', '1 1', '2 2', '1', '1', '2', '2', '1 2', '3 4'].join('\n');
    assert.deepEqual(parseAlist(text), parityCheck(4, [[0, 1], [2, 3]]));
  });

  it('an empty column is an all-zero line when padded, or absent when not', () => {
    // H = [1 0 1]: variable 2 is in no check.
    const padded = ['3 1', '1 2', '1 0 1', '2', '1', '0', '1', '1 3'].join('\n');
    const unpadded = ['3 1', '1 2', '1 0 1', '2', '1', '1', '1 3'].join('\n');
    const expected = parityCheck(3, [[0, 2]]);
    assert.deepEqual(parseAlist(padded), expected);
    assert.deepEqual(parseAlist(unpadded), expected);
    assert.deepEqual(parseAlist(writeAlist(expected)), expected);
  });
});

describe('parseAlist rejects bad input with the line and what was expected', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['short column list', smallText({ 6: '1' }), /^alist line 6: expected 2 check indices for variable 2, found 1$/],
    ['long row list', smallText({ 9: '2 3 1' }), /^alist line 9: expected 2 variable indices for check 2, found 3$/],
    ['check index out of range', smallText({ 7: '3 0' }), /line 7: check index 3 of variable 3 is outside 1\.\.2/],
    ['variable index out of range', smallText({ 9: '2 4' }), /line 9: variable index 4 of check 2 is outside 1\.\.3/],
    ['duplicated index (a duplicated edge)', smallText({ 9: '2 2' }), /line 9: variable index 2 appears twice in the list of check 2/],
    ['non-number', smallText({ 3: '1 x 1' }), /line 3: expected one of the column degrees .*found 'x'/],
    ['negative number', smallText({ 8: '1 -2' }), /line 8: .*found '-2'/],
    ['decimal', smallText({ 1: '3.0 2' }), /line 1: .*found '3\.0'/],
    ['max degree smaller than a degree', smallText({ 2: '1 2' }), /line 3: column degree 2 is 2, larger than maxColDeg = 1/],
    ['columns disagree with rows', smallText({ 7: '1 0', 8: '1 2' , 9: '2 3'}), /line 7: variable 3 lists check 1, but the list of check 1 \(line 8\) lacks variable 3/],
    ['degree sums differ', smallText({ 4: '2 1' }), /column degrees add up to 4 but row degrees to 3/],
    ['truncated', small.slice(0, 7).join('\n'), /^alist line 7: the file ends early/],
    ['truncated degrees', small.slice(0, 3).join('\n'), /^alist line 3: the file ends early/],
    ['empty', '# only a comment\n\n', /^alist line 1: the file is empty/],
    ['absurd sizes', '99999999 99999999\n1 1\n', /line 1: n=99999999 m=99999999 is too large/],
    ['huge number', '123456789012345678901234 2\n', /line 1: .* is too large/],
    ['sizes the file cannot hold', '1000000 1000000\n1 1\n1 1\n', /line 3: the file ends early: n \+ m = 2000000 degrees/],
    ['zero size', '0 2\n', /line 1: n and m must be at least 1/],
    ['three numbers on the size line', '3 2 1\n', /line 1: expected two numbers "n m", found 3 numbers/],
    ['content after the rows', smallText() + '5 5\n', /line 10: unexpected content after the 2 row lists/],
    ['too many column degrees on a line', smallText({ 3: '1 2 1 1' }), /line 3: expected 3 column degrees, found 4/],
    ['short column-degree line swallowing the row degrees', smallText({ 3: '1 2' }), /^alist line 4: expected 3 column degrees \(starting on line 3\), found 4$/],
    ['max degree above m', smallText({ 2: '3 2' }), /line 2: maxColDeg=3 is larger than m=2/],
  ];
  for (const [label, text, pattern] of cases) it(label, () => rejects(text, pattern));

  it('a huge declared size is refused before allocating anything of that size', () => {
    const { result, largest } = withIntArraysCounted(() => {
      try {
        return parseAlist('999999 999999\n5 5\n1 2 3\n');
      } catch (e) {
        return e;
      }
    });
    assert.match(String(result), /ends early/);
    assert.ok(largest <= 10, `allocated an Int32Array of ${largest}`);
  });
});

describe('writeAlist', () => {
  it('round-trips random sparse H (including empty rows and columns)', () => {
    fc.assert(
      fc.property(arbParityCheck(), (h) => {
        assert.deepEqual(parseAlist(writeAlist(h)), h);
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });

  it('pads with zeros to the maximum degree and lists 1-based indices', () => {
    assert.equal(writeAlist(parityCheck(3, [[0, 1], [1, 2]])), small.join('\n') + '\n');
  });
});

/** Token-level mutations of alist or dense text, each a small edit a broken file might show. */
const arbMutation = (): fc.Arbitrary<(text: string) => string> => {
  const junk = fc.constantFrom('0', '1', '2', '7', '-1', 'x', '1.5', '1e3', '99999999', '99999999 99999999', '#', '# c', '', '\t', '\r');
  const lineEdit = (edit: (lines: string[], at: number, s: string) => void) =>
    fc.tuple(fc.nat(), junk).map(([pos, s]) => (text: string) => {
      const lines = text.split('\n');
      edit(lines, pos % lines.length, s);
      return lines.join('\n');
    });
  const tokenEdit = (edit: (tokens: string[], at: number, s: string) => void) =>
    fc.tuple(fc.nat(), junk).map(([pos, s]) => (text: string) => {
      // Split keeping the separators, so only the chosen token changes.
      const parts = text.split(/(\s+)/);
      const tokenIdx = parts.flatMap((p, i) => (p.trim() && i % 2 === 0 ? [i] : []));
      if (tokenIdx.length > 0) edit(parts, tokenIdx[pos % tokenIdx.length], s);
      return parts.join('');
    });
  return fc.oneof(
    fc.nat().map((pos) => (text: string) => text.slice(0, pos % (text.length + 1))),
    tokenEdit((p, i) => (p[i] = '')),
    tokenEdit((p, i, s) => (p[i] = s)),
    tokenEdit((p, i, s) => (p[i] = `${p[i]} ${s}`)),
    tokenEdit((p, i) => (p[i] = String(Number(p[i]) + 1))),
    tokenEdit((p, i) => (p[i] = String(Number(p[i]) * 1000))),
    tokenEdit((p, i) => (p[i] = `${p[i]} ${p[i]}`)),
    lineEdit((l, i) => l.splice(i, 1)),
    lineEdit((l, i) => l.splice(i, 0, '')),
    lineEdit((l, i, s) => l.splice(i, 0, `# comment ${s}`)),
    lineEdit((l, i) => l.splice(i, 0, l[i])),
    lineEdit((l, i, s) => (l[i] = s)),
  );
};

/**
 * A deliberately naive reading of alist text, independent of the parser's line
 * handling: drop `#` comments, split the whole text on whitespace, read n and m,
 * skip the two maximum degrees, read the n column and m row degrees, drop every
 * zero (padding carries nothing: indices are 1-based), then cut the remaining
 * numbers into the n column lists and the m row lists by their degrees.
 * `leftover` counts the numbers the degrees do not account for.
 */
const naiveAlist = (text: string): { n: number; m: number; cols: number[][]; rows: number[][]; leftover: number } => {
  const t = text.replace(/#[^\r\n]*/g, '').split(/\s+/).filter((s) => s.length > 0).map(Number);
  const [n, m] = t;
  const degV = t.slice(4, 4 + n);
  const degC = t.slice(4 + n, 4 + n + m);
  const entries = t.slice(4 + n + m).filter((x) => x !== 0);
  let at = 0;
  const cut = (degrees: number[]): number[][] => degrees.map((d) => entries.slice(at, (at += d)).map((i) => i - 1).sort((a, b) => a - b));
  const cols = cut(degV);
  const rows = cut(degC);
  return { n, m, cols, rows, leftover: entries.length - at };
};

/**
 * Parse must either give the H a naive reading of the same text gives (so a
 * parser that silently misreads a mutated file fails), or a one-line
 * UserError naming a line.
 */
const parsesOrRejectsCleanly = (text: string): void => {
  let h: ParityCheck;
  try {
    h = parseAlist(text);
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`not a UserError: ${String(e)} for text ${JSON.stringify(text.slice(0, 300))}`);
    assert.match(e.message, /^alist line \d+: [^\n]+$/);
    return;
  }
  const naive = naiveAlist(text);
  const context = `for text ${JSON.stringify(text.slice(0, 300))}`;
  assert.equal(h.n, naive.n, context);
  assert.equal(h.m, naive.m, context);
  assert.equal(naive.leftover, 0, `numbers beyond the declared degrees ${context}`);
  assert.deepEqual(h.rows.map((r) => [...r]), naive.rows, `rows differ from the naive reading ${context}`);
  assert.deepEqual(columnsOf(h), naive.cols, `columns differ from the naive reading ${context}`);
  // Consistent with its text: the columns agree with the rows and the result round-trips.
  assert.equal(columnsOf(h).reduce((s, c) => s + c.length, 0), h.rows.reduce((s, r) => s + r.length, 0));
  assert.deepEqual(parseAlist(writeAlist(h)), h);
};

describe('parseAlist fuzzing', () => {
  it('mutated random alist texts parse consistently or fail with a UserError naming a line', () => {
    fc.assert(
      fc.property(arbParityCheck(), fc.array(arbMutation(), { minLength: 1, maxLength: 3 }), (h, edits) => {
        parsesOrRejectsCleanly(edits.reduce((t, edit) => edit(t), writeAlist(h)));
      }),
      { seed: 7, numRuns: 800 },
    );
  });

  // A hang fails through the timeout (far above the ~1 s this takes), not through a timed assertion.
  it('mutated real files (padded BCH, CRLF WiMAX) parse consistently or fail cleanly', { timeout: 120_000 }, () => {
    const texts = [readCode('BCH_31_16'), readCode('WIMAX_576_288'), readCode('MACKAY_96_48')];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(arbMutation(), { minLength: 1, maxLength: 2 }), (text, edits) => {
        parsesOrRejectsCleanly(edits.reduce((t, edit) => edit(t), text));
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('CRLF, tabs, trailing blanks and trailing comments change nothing, not even the line an error names', () => {
    /** Rewrites that keep every line where it is. */
    const layouts: Record<string, (t: string) => string> = {
      crlf: (t) => t.replace(/\n/g, '\r\n'),
      tabs: (t) => t.replace(/ /g, '\t'),
      'trailing blanks': (t) => t.replace(/\n/g, ' \t \n'),
      'trailing comments': (t) => t.replace(/\n/g, ' # 1 2 x\n'),
    };
    const outcome = (text: string): unknown => {
      try {
        return parseAlist(text);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return e.message;
      }
    };
    fc.assert(
      fc.property(arbParityCheck(), fc.array(arbMutation(), { minLength: 1, maxLength: 3 }), fc.constantFrom(...Object.keys(layouts)), (h, edits, layout) => {
        const text = edits.reduce((t, edit) => edit(t), writeAlist(h));
        fc.pre(!text.includes('\r')); // a lone CR is a line break of its own: the rewrite would move lines
        assert.deepEqual(outcome(layouts[layout](text)), outcome(text));
      }),
      { seed: 13, numRuns: 600 },
    );
  });

  it('never allocates more than the text holds, whatever sizes it declares', () => {
    const arbHeader = fc.tuple(fc.integer({ min: 1, max: alistMaxSize }), fc.integer({ min: 1, max: alistMaxSize }), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(arbParityCheck(), arbHeader, fc.array(arbMutation(), { maxLength: 2 }), (h, [n, m, dv, dc], edits) => {
        // The real body under a header that declares sizes it does not have.
        const lines = edits.reduce((t, edit) => edit(t), writeAlist(h)).split('\n');
        const text = [`${n} ${m}`, `${dv} ${dc}`, ...lines.slice(2)].join('\n');
        const tokens = text.split(/\s+/).filter((x) => x !== '').length;
        const { largest } = withIntArraysCounted(() => {
          try {
            parseAlist(text);
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
          }
        });
        assert.ok(largest <= tokens + 1, `allocated ${largest} for a text of ${tokens} tokens`);
      }),
      { seed: 14, numRuns: 400 },
    );
  });
});

/**
 * Run f with every `new Int32Array(length)` (the parser's only sized
 * allocation) counted; returns f's result and the largest length asked for.
 */
const withIntArraysCounted = <T>(f: () => T): { result: T; largest: number } => {
  const Real = globalThis.Int32Array;
  let largest = 0;
  class Counted extends Real {
    constructor(...args: unknown[]) {
      super(...(args as [number]));
      if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
    }
  }
  globalThis.Int32Array = Counted as Int32ArrayConstructor;
  try {
    return { result: f(), largest };
  } finally {
    globalThis.Int32Array = Real;
  }
};
