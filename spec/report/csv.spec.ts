import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvField, parseCsv, toCsv } from '../../src/report/csv.js';

describe('toCsv', () => {
  it('quotes only fields that need it (RFC 4180)', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(1.5e-7), '1.5e-7');
  });
  it('writes a header and one record per row, with the chosen line end', () => {
    assert.equal(toCsv(['ebn0', 'ber'], [[4, 1e-3], [5, 2e-5]]), 'ebn0,ber\n4,0.001\n5,0.00002\n');
    assert.equal(toCsv(['a'], [['x']], { eol: '\r\n' }), 'a\r\nx\r\n');
  });
  it('parses quoted fields with commas, quotes and both line ends', () => {
    assert.deepEqual(parseCsv('a,"b,c"\r\n"say ""hi""",\n'), [
      ['a', 'b,c'],
      ['say "hi"', ''],
    ]);
    assert.throws(() => parseCsv('"open'), /unterminated/);
  });
  it('property: parseCsv(toCsv(rows)) gives the rows back', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '1'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) =>
          fc.tuple(fc.array(field, { minLength: w, maxLength: w }), fc.array(fc.array(field, { minLength: w, maxLength: w }), { maxLength: 5 })),
        ),
        fc.constantFrom('\n' as const, '\r\n' as const),
        ([headers, rows], eol) => {
          assert.deepEqual(parseCsv(toCsv(headers, rows, { eol })), [headers, ...rows]);
        },
      ),
      { seed: 4180, numRuns: 300 },
    );
  });
});
