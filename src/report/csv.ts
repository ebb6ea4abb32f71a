/**
 * CSV writing (and reading, for round trips) per RFC 4180: a field is quoted
 * when it holds a comma, a double quote, CR or LF, or leading/trailing
 * spaces; a quote inside a quoted field is doubled.
 */

import type { Cell } from './table.js';

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** One CSV field: numbers via `String`, strings quoted when needed. */
export const csvField = (c: Cell): string => {
  const s = typeof c === 'number' ? String(c) : c;
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * CSV text: one header record, then the rows, every record ended by `eol`.
 * RFC 4180 specifies CRLF; the default is "\n", which every reader accepts and
 * which diffs cleanly. Pass `{ eol: '\r\n' }` for the strict form.
 *
 * @example
 * ```ts
 * import { parseCsv, toCsv } from 'tanner';
 * import assert from 'node:assert/strict';
 * const text = toCsv(['step', 'loss'], [[1, 0.5], [2, 'n/a']]);
 * assert.equal(text, 'step,loss\n1,0.5\n2,n/a\n');
 * assert.deepEqual(parseCsv(text)[1], ['1', '0.5']);
 * ```
 */
export const toCsv = (
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  opts: { eol?: '\n' | '\r\n' } = {},
): string => {
  const eol = opts.eol ?? '\n';
  return [headers, ...rows].map((r) => r.map(csvField).join(',') + eol).join('');
};

/**
 * Parse CSV text (RFC 4180, CRLF or LF record ends) into records of strings.
 * A final line ending does not create an empty record.
 * Throws on an unterminated quoted field.
 *
 * @example
 * ```ts
 * import { parseCsv } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual(parseCsv('a,b\n1,"x, y"\n'), [['a', 'b'], ['1', 'x, y']]);
 * ```
 */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let fieldStarted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && !fieldStarted && field === '') {
      // Quoted field: read to the closing quote, "" is a literal quote.
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('parseCsv: unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else {
          field += text[i];
          i += 1;
        }
      }
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (ch === '\n') {
      endRecord();
      i += 1;
    } else {
      field += ch;
      fieldStarted = true;
      i += 1;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return records;
};
