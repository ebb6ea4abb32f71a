import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fmtFixed, fmtSci, formatTable, markdownTable } from '../../src/report/table.js';

describe('fmtSci and fmtFixed', () => {
  it('formats in compact scientific notation', () => {
    assert.equal(fmtSci(1.234e-4), '1.23e-4');
    assert.equal(fmtSci(0.000123456, 3), '1.235e-4');
    assert.equal(fmtSci(5), '5.00e+0');
    assert.equal(fmtSci(Number.POSITIVE_INFINITY), 'inf');
    assert.equal(fmtSci(Number.NaN), 'nan');
  });
  it('formats fixed point without a negative zero', () => {
    assert.equal(fmtFixed(0.5234), '0.52');
    assert.equal(fmtFixed(-0.001), '0.00');
    assert.equal(fmtFixed(-1.256, 1), '-1.3');
    assert.equal(fmtFixed(3, 0), '3');
  });
});

describe('formatTable', () => {
  it('aligns columns: text left, numbers right, two-space gaps', () => {
    const out = formatTable(['code', 'gain'], [
      ['BCH(63,45)', 0.52],
      ['x', 12.5],
    ]);
    assert.equal(
      out,
      ['code        gain', '----------  ----', 'BCH(63,45)  0.52', 'x           12.5', ''].join('\n'),
    );
  });
  it('honours explicit alignment and pads missing cells', () => {
    const out = formatTable(['a', 'b', 'c'], [['1', 'long'], ['22']], { align: ['r', 'l', 'l'] });
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[2], ' 1  long');
    assert.equal(lines[3], '22');
    // every column starts at the same offset on every line
    assert.equal(lines[0].indexOf('b'), lines[2].indexOf('long'));
  });
});

describe('markdownTable', () => {
  it('writes a header, an alignment rule and escaped cells', () => {
    const out = markdownTable(['variant', 'BER'], [
      ['CE | KD', '1.2e-4'],
      ['min-sum', 3],
    ]);
    assert.equal(out, ['| variant | BER |', '| --- | --- |', '| CE \\| KD | 1.2e-4 |', '| min-sum | 3 |', ''].join('\n'));
  });
  it('right-aligns all-number columns', () => {
    assert.match(markdownTable(['n'], [[1], [2]]), /\| ---: \|/);
  });
});
