import { UserError } from '../util/errors.js';
import { ParityCheck, columnsOf, parityCheck } from './parity-check.js';

/**
 * MacKay's alist format for a sparse H (m x n):
 *
 *     n m
 *     maxColDeg maxRowDeg
 *     degree of each of the n columns
 *     degree of each of the m rows
 *     n lines: the 1-based check indices of column v (optionally padded with 0 to maxColDeg)
 *     m lines: the 1-based variable indices of row c (optionally padded with 0 to maxRowDeg)
 *
 * Accepted variations seen in real files: `#` comments (whole line or trailing),
 * blank lines, CRLF, tabs, trailing blanks, zero padding or none, degree vectors
 * wrapped over several lines. Each column or row list must sit on one line, which
 * lets an error name the line where a list is short or long.
 */

/** Largest n or m accepted: guards memory against absurd declared sizes. */
export const alistMaxSize = 1_000_000;

/** One non-blank line after removing comments: its 1-based number in the file and its tokens. */
interface ContentLine {
  readonly line: number;
  readonly tokens: readonly string[];
}

/** Split into non-blank lines without comments; blank lines carry no information in any format we read. */
export const contentLines = (text: string): ContentLine[] => {
  const out: ContentLine[] = [];
  // A leading byte-order mark (some editors write one) is not part of the first number.
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const body = hash >= 0 ? raw.slice(0, hash) : raw;
    const tokens = body.split(/\s+/).filter((t) => t.length > 0);
    if (tokens.length > 0) out.push({ line: i + 1, tokens });
  });
  return out;
};

const fail = (line: number, message: string): never => {
  throw new UserError(`alist line ${line}: ${message}`);
};

/** Quote a token for an error message without letting a huge token flood the line. */
const show = (token: string): string => `'${token.length > 20 ? token.slice(0, 20) + '...' : token}'`;

const integerToken = (token: string, line: number, what: string): number => {
  if (!/^\d+$/.test(token)) fail(line, `expected ${what} (a non-negative integer), found ${show(token)}`);
  // Anything past 15 digits is beyond every limit below; refuse it before it loses precision.
  if (token.length > 15) fail(line, `${what} ${show(token)} is too large`);
  return Number(token);
};

/** A cursor over content lines. */
class Lines {
  private next = 0;
  /**
   * @param lines the content lines
   * @param endLine number of the file's last line, named by errors about a file that ends early
   */
  constructor(
    private readonly lines: readonly ContentLine[],
    readonly endLine: number,
  ) {}

  get done(): boolean {
    return this.next >= this.lines.length;
  }

  peek(): ContentLine | undefined {
    return this.lines[this.next];
  }

  take(what: string): ContentLine {
    const l = this.lines[this.next++];
    if (l === undefined) fail(this.endLine, `the file ends early: expected ${what}`);
    return l;
  }

  /** Tokens still unread, counted without allocating. */
  get tokensRemaining(): number {
    let count = 0;
    for (let i = this.next; i < this.lines.length; i++) count += this.lines[i].tokens.length;
    return count;
  }

  /** Lines still unread (used to refuse sizes the file cannot possibly hold before allocating). */
  get remaining(): number {
    return this.lines.length - this.next;
  }
}

/** Read exactly `count` integers that may wrap over several lines but must end a line. */
const readVector = (lines: Lines, count: number, what: string, max: number, maxName: string): Int32Array => {
  const out = new Int32Array(count);
  let filled = 0;
  let firstLine = 0;
  while (filled < count) {
    const l = lines.take(`${count} ${what} (found ${filled})`);
    if (filled === 0) firstLine = l.line;
    if (filled + l.tokens.length > count) {
      const from = l.line === firstLine ? '' : ` (starting on line ${firstLine})`;
      fail(l.line, `expected ${count} ${what}${from}, found ${filled + l.tokens.length}`);
    }
    for (const t of l.tokens) {
      const d = integerToken(t, l.line, `one of the ${what}`);
      if (d > max) fail(l.line, `${what.replace(/s$/, '')} ${filled + 1} is ${d}, larger than ${maxName} = ${max}`);
      out[filled++] = d;
    }
  }
  return out;
};

/**
 * Read the n (or m) index lists. List `i` must hold exactly degree[i] indices in
 * 1..range, distinct, followed by at most `maxDegree - degree[i]` zeros of padding.
 * A degree-0 list is an all-zero line (padded files) or absent (unpadded files).
 */
const readLists = (
  lines: Lines,
  degree: Int32Array,
  maxDegree: number,
  range: number,
  owner: string,
  member: string,
): { lists: number[][]; lineOf: Int32Array } => {
  const lists: number[][] = [];
  const lineOf = new Int32Array(degree.length);
  const seen = new Int32Array(range + 1).fill(-1);
  for (let i = 0; i < degree.length; i++) {
    const what = `${degree[i]} ${member} indices for ${owner} ${i + 1}`;
    if (degree[i] === 0) {
      const l = lines.peek();
      if (l !== undefined && l.tokens.length <= Math.max(1, maxDegree) && l.tokens.every((t) => /^0+$/.test(t))) {
        lines.take(what);
        lineOf[i] = l.line;
      }
      lists.push([]);
      continue;
    }
    const l = lines.take(what);
    lineOf[i] = l.line;
    let used = l.tokens.length;
    while (used > 0 && /^0+$/.test(l.tokens[used - 1])) used--;
    if (used !== degree[i]) fail(l.line, `expected ${what}, found ${used}`);
    if (l.tokens.length > Math.max(maxDegree, degree[i])) {
      fail(l.line, `${owner} ${i + 1} lists ${l.tokens.length} entries, more than the maximum degree ${maxDegree}`);
    }
    const list: number[] = [];
    for (let j = 0; j < used; j++) {
      const idx = integerToken(l.tokens[j], l.line, `a ${member} index`);
      if (idx < 1 || idx > range) fail(l.line, `${member} index ${idx} of ${owner} ${i + 1} is outside 1..${range}`);
      if (seen[idx] === i) fail(l.line, `${member} index ${idx} appears twice in the list of ${owner} ${i + 1}`);
      seen[idx] = i;
      list.push(idx - 1);
    }
    lists.push(list);
  }
  return { lists, lineOf };
};

const readHeaderPair = (lines: Lines, what: string): [number, number, number] => {
  const l = lines.take(what);
  if (l.tokens.length !== 2) fail(l.line, `expected ${what}, found ${l.tokens.length} numbers`);
  const a = integerToken(l.tokens[0], l.line, what);
  const b = integerToken(l.tokens[1], l.line, what);
  return [a, b, l.line];
};

/**
 * Parse alist text into H. H is built from the row lists; the column lists must
 * describe the same set of ones. Throws UserError (one line, with the line number) on any
 * inconsistency; work and memory are bounded by the length of the text.
 */
export const parseAlist = (text: string): ParityCheck => {
  const content = contentLines(text);
  const lines = new Lines(content, content.length > 0 ? content[content.length - 1].line : 1);
  if (lines.done) fail(1, 'the file is empty: expected "n m" on the first line');
  const [n, m, sizeLine] = readHeaderPair(lines, 'two numbers "n m"');
  if (n < 1 || m < 1) fail(sizeLine, `n and m must be at least 1, found n=${n} m=${m}`);
  if (n > alistMaxSize || m > alistMaxSize) {
    fail(sizeLine, `n=${n} m=${m} is too large (at most ${alistMaxSize} each)`);
  }
  const [maxColDeg, maxRowDeg, maxLine] = readHeaderPair(lines, 'two numbers "maxColDeg maxRowDeg"');
  if (maxColDeg > m) fail(maxLine, `maxColDeg=${maxColDeg} is larger than m=${m}`);
  if (maxRowDeg > n) fail(maxLine, `maxRowDeg=${maxRowDeg} is larger than n=${n}`);
  const tokensLeft = lines.tokensRemaining;
  if (tokensLeft < n + m) {
    fail(lines.endLine, `the file ends early: n + m = ${n + m} degrees are declared, only ${tokensLeft} numbers remain`);
  }
  const degV = readVector(lines, n, 'column degrees', maxColDeg, 'maxColDeg');
  const degC = readVector(lines, m, 'row degrees', maxRowDeg, 'maxRowDeg');
  const edgesV = degV.reduce((s, d) => s + d, 0);
  const edgesC = degC.reduce((s, d) => s + d, 0);
  if (edgesV !== edgesC) {
    fail(lines.peek()?.line ?? lines.endLine, `column degrees add up to ${edgesV} but row degrees to ${edgesC}`);
  }
  const nonEmpty = degV.filter((d) => d > 0).length + degC.filter((d) => d > 0).length;
  if (lines.remaining < nonEmpty) {
    fail(lines.endLine, `the file ends early: the degrees need ${nonEmpty} list lines, only ${lines.remaining} remain`);
  }
  const cols = readLists(lines, degV, maxColDeg, m, 'variable', 'check');
  const rows = readLists(lines, degC, maxRowDeg, n, 'check', 'variable');
  const extra = lines.peek();
  if (extra !== undefined) fail(extra.line, `unexpected content after the ${m} row lists: ${show(extra.tokens[0])}`);
  // Same degrees on both sides and each column entry found in its row means the edge sets are equal.
  const rowSets = rows.lists.map((r) => new Set(r));
  cols.lists.forEach((list, v) => {
    for (const c of list) {
      if (!rowSets[c].has(v)) {
        fail(
          cols.lineOf[v],
          `variable ${v + 1} lists check ${c + 1}, but the list of check ${c + 1} (line ${rows.lineOf[c]}) lacks variable ${v + 1}`,
        );
      }
    }
  });
  return parityCheck(n, rows.lists);
};

/** alist text of H with zero padding (MacKay's layout); `parseAlist(writeAlist(h))` equals h. */
export const writeAlist = (h: ParityCheck): string => {
  const cols = columnsOf(h);
  const maxColDeg = cols.reduce((s, c) => Math.max(s, c.length), 0);
  const maxRowDeg = h.rows.reduce((s, r) => Math.max(s, r.length), 0);
  const padded = (list: ReadonlyArray<number>, width: number): string =>
    [...list.map((i) => i + 1), ...new Array<number>(width - list.length).fill(0)].join(' ');
  return [
    `${h.n} ${h.m}`,
    `${maxColDeg} ${maxRowDeg}`,
    cols.map((c) => c.length).join(' '),
    h.rows.map((r) => r.length).join(' '),
    ...cols.map((c) => padded(c, maxColDeg)),
    ...h.rows.map((r) => padded(r, maxRowDeg)),
  ].join('\n') + '\n';
};
