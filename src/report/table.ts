/**
 * Plain-text and Markdown tables, and the number formats used in reports.
 * Pure string functions.
 */

/** A table cell: strings are shown as is, numbers via `String`. */
export type Cell = string | number;

/** Column alignment: left or right. */
export type Align = 'l' | 'r';

/**
 * Scientific notation with `digits` digits after the point and a compact
 * exponent: 1.23e-4, 5.00e+0. Non-finite values print as "inf", "-inf", "nan".
 *
 * @example
 * ```ts
 * import { fmtSci } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual([fmtSci(0.000123), fmtSci(5, 2), fmtSci(NaN)], ['1.23e-4', '5.00e+0', 'nan']);
 * ```
 */
export const fmtSci = (x: number, digits = 2): string => {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toExponential(digits);
};

/**
 * Fixed-point with `digits` decimals; non-finite as in {@link fmtSci}.
 *
 * @example
 * ```ts
 * import { fmtFixed } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.deepEqual([fmtFixed(3.14159), fmtFixed(2, 0), fmtFixed(Infinity)], ['3.14', '2', 'inf']);
 * ```
 */
export const fmtFixed = (x: number, digits = 2): string => {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // Avoid "-0.00" for tiny negatives.
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
};

const cellText = (c: Cell): string => (typeof c === 'number' ? String(c) : c);

/** Default alignment: a column whose cells are all numbers is right-aligned. */
const defaultAlign = (rows: readonly (readonly Cell[])[], col: number): Align =>
  rows.length > 0 && rows.every((r) => typeof r[col] === 'number') ? 'r' : 'l';

const pad = (text: string, width: number, align: Align): string =>
  align === 'r' ? text.padStart(width) : text.padEnd(width);

/**
 * Aligned, box-free table for the terminal:
 *
 *   code        gain dB
 *   ----------  -------
 *   BCH(63,45)     0.52
 *
 * Columns are separated by two spaces; trailing spaces are trimmed. Missing
 * cells print empty. `align` gives 'l' or 'r' per column (default: right for
 * all-number columns, left otherwise).
 *
 * @example
 * ```ts
 * import { formatTable } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(formatTable(['code', 'gain dB'], [['BCH(63,45)', 0.52]]), 'code        gain dB\n----------  -------\nBCH(63,45)     0.52\n');
 * ```
 */
export const formatTable = (
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  opts: { align?: readonly Align[] } = {},
): string => {
  const nCols = Math.max(headers.length, ...rows.map((r) => r.length));
  const text = rows.map((r) => Array.from({ length: nCols }, (_, j) => (j < r.length ? cellText(r[j]) : '')));
  const head = Array.from({ length: nCols }, (_, j) => headers[j] ?? '');
  const widths = head.map((h, j) => Math.max(h.length, ...text.map((r) => r[j].length)));
  const aligns = widths.map((_, j) => opts.align?.[j] ?? defaultAlign(rows, j));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => pad(c, widths[j], aligns[j]))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
};

/** Escape a Markdown table cell: pipes would end the cell, newlines the row. */
const mdCell = (c: Cell): string => cellText(c).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * GitHub-flavoured Markdown table. Alignment as in {@link formatTable}
 * (`---:` marks right-aligned columns).
 *
 * @example
 * ```ts
 * import { markdownTable } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(markdownTable(['code', 'n'], [['bch', 63]]), '| code | n |\n| --- | ---: |\n| bch | 63 |\n');
 * ```
 */
export const markdownTable = (
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  opts: { align?: readonly Align[] } = {},
): string => {
  const nCols = Math.max(headers.length, ...rows.map((r) => r.length));
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const head = Array.from({ length: nCols }, (_, j) => mdCell(headers[j] ?? ''));
  const rule = Array.from({ length: nCols }, (_, j) =>
    (opts.align?.[j] ?? defaultAlign(rows, j)) === 'r' ? '---:' : '---',
  );
  const body = rows.map((r) => row(Array.from({ length: nCols }, (_, j) => (j < r.length ? mdCell(r[j]) : ''))));
  return [row(head), row(rule), ...body].join('\n') + '\n';
};
