import { UserError } from '../util/errors.js';
import { ParityCheck, parityCheck } from './parity-check.js';

/**
 * Dense 0/1 text for H: one row per line, digits separated by blanks or run
 * together ("1 0 1", "101" and "1\t0 1" are the same row). `#` starts a comment;
 * blank lines, CRLF and trailing blanks are ignored. All rows must have the same length.
 *
 * @example
 * ```ts
 * import { parseDense } from 'tanner';
 * import assert from 'node:assert/strict';
 * const h = parseDense('# H of the (3, 1) repetition code\n1 1 0\n011\n');
 * assert.deepEqual([h.n, h.m], [3, 2]);
 * assert.deepEqual(h.rows, [[0, 1], [1, 2]]);
 * assert.throws(() => parseDense('1 2 0'), /expected only 0 and 1/);
 * ```
 */
export const parseDense = (text: string): ParityCheck => {
  const rows: number[][] = [];
  let n = -1;
  let firstLine = 0;
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf('#');
    const digits = (hash >= 0 ? raw.slice(0, hash) : raw).replace(/\s+/g, '');
    if (digits.length === 0) return;
    const bad = /[^01]/.exec(digits);
    if (bad !== null) {
      throw new UserError(`dense line ${line}: expected only 0 and 1, found '${bad[0]}'`);
    }
    if (n < 0) {
      n = digits.length;
      firstLine = line;
    } else if (digits.length !== n) {
      throw new UserError(`dense line ${line}: expected ${n} entries (as on line ${firstLine}), found ${digits.length}`);
    }
    const row: number[] = [];
    for (let v = 0; v < n; v++) if (digits.charCodeAt(v) === 49) row.push(v);
    rows.push(row);
  });
  if (n < 0) throw new UserError('dense line 1: no rows of 0/1 found (the text is empty or only comments)');
  return parityCheck(n, rows);
};

/**
 * Dense 0/1 text of H, one row per line, digits separated by single spaces.
 *
 * @example
 * ```ts
 * import { bchCode, parseDense, writeDense } from 'tanner';
 * import assert from 'node:assert/strict';
 * const h = bchCode(7, 4).h;
 * assert.equal(writeDense(h).split('\n')[0], '1 0 1 1 1 0 0');
 * assert.deepEqual(parseDense(writeDense(h)).rows, h.rows);
 * ```
 */
export const writeDense = (h: ParityCheck): string =>
  h.rows
    .map((row) => {
      const r = new Array<number>(h.n).fill(0);
      for (const v of row) r[v] = 1;
      return r.join(' ');
    })
    .join('\n') + '\n';
