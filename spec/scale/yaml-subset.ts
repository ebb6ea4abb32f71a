/**
 * A reader for the small subset of YAML that Kubernetes manifests in our docs
 * use, so a test can check them without a YAML dependency: `---`-separated
 * documents, block mappings and sequences (a sequence may sit at its key's
 * indent), `- key: value` items, one-line flow sequences and mappings, plain,
 * single- and double-quoted scalars, `|` literal blocks and `#` comments.
 * Anything else (anchors, aliases, tags, folded or multi-line flow scalars,
 * tabs) is refused with the line number rather than misread.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly no: number;
  indent: number;
  text: string;
}

const fail = (no: number, why: string): never => {
  throw new SyntaxError(`yaml line ${no}: ${why}`);
};

/** Index of the first `ch` outside quotes, or -1. */
const outsideQuotes = (s: string, match: (s: string, i: number) => boolean): number => {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (match(s, i)) return i;
  }
  return -1;
};

const stripComment = (s: string): string => {
  const i = outsideQuotes(s, (t, j) => t[j] === '#' && (j === 0 || t[j - 1] === ' '));
  return (i < 0 ? s : s.slice(0, i)).trimEnd();
};

/** Split "key: value" (or "key:") at its first ": " outside quotes; null if it is no mapping entry. */
const splitKey = (s: string): [string, string] | null => {
  const i = outsideQuotes(s, (t, j) => t[j] === ':' && (j === t.length - 1 || t[j + 1] === ' '));
  if (i < 0) return null;
  return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
};

/** Split a one-line flow collection body at commas outside quotes. */
const splitFlow = (body: string): string[] => {
  const parts: string[] = [];
  let rest = body;
  for (;;) {
    const i = outsideQuotes(rest, (t, j) => t[j] === ',');
    if (i < 0) break;
    parts.push(rest.slice(0, i).trim());
    rest = rest.slice(i + 1);
  }
  if (rest.trim() !== '') parts.push(rest.trim());
  return parts;
};

const scalar = (raw: string, no: number): YamlValue => {
  const s = raw.trim();
  if (s === '') return null;
  const c = s[0];
  if ('&*!>%@`'.includes(c)) fail(no, `unsupported YAML syntax "${c}" in "${s}"`);
  if (c === '"') {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // reported below
    }
    return fail(no, `bad double-quoted string ${s}`);
  }
  if (c === "'") {
    if (s.length < 2 || s[s.length - 1] !== "'") fail(no, `unterminated single-quoted string ${s}`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (c === '[') {
    if (s[s.length - 1] !== ']') fail(no, 'a flow sequence must close on its line');
    return splitFlow(s.slice(1, -1)).map((p) => scalar(p, no));
  }
  if (c === '{') {
    if (s[s.length - 1] !== '}') fail(no, 'a flow mapping must close on its line');
    const out: { [key: string]: YamlValue } = {};
    for (const p of splitFlow(s.slice(1, -1))) {
      const kv = splitKey(p) ?? fail(no, `"${p}" is not key: value`);
      out[String(scalar(kv[0], no))] = scalar(kv[1], no);
    }
    return out;
  }
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null' || s === '~') return null;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
};

class Parser {
  private i = 0;
  constructor(private readonly lines: Line[], private readonly raw: readonly string[]) {}

  parseDocument(): YamlValue {
    if (this.lines.length === 0) return null;
    const v = this.node(this.lines[0].indent);
    if (this.i < this.lines.length) fail(this.lines[this.i].no, `unexpected indentation of "${this.lines[this.i].text}"`);
    return v;
  }

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  private node(indent: number): YamlValue {
    const line = this.peek()!;
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private isItem(line: Line | undefined, indent: number): boolean {
    return line !== undefined && line.indent === indent && (line.text === '-' || line.text.startsWith('- '));
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    while (this.isItem(this.peek(), indent)) {
      const line = this.peek()!;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        const next = this.peek();
        out.push(next !== undefined && next.indent > indent ? this.node(next.indent) : null);
      } else if (splitKey(rest) !== null && !/^["'[{]/.test(rest)) {
        // "- key: value": a mapping whose keys sit at the column of "key"
        line.indent = indent + (line.text.length - rest.length);
        line.text = rest;
        out.push(this.mapping(line.indent));
      } else {
        this.i++;
        out.push(scalar(rest, line.no));
      }
    }
    return out;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent && !this.isItem(line, indent); line = this.peek()) {
      const kv = splitKey(line.text) ?? fail(line.no, `expected "key: value", got "${line.text}"`);
      const key = String(scalar(kv[0], line.no));
      if (key in out) fail(line.no, `duplicate key "${key}"`);
      this.i++;
      const value = kv[1];
      if (value === '|' || value === '|-') out[key] = this.literal(line, indent, value === '|-');
      else if (value !== '') out[key] = scalar(value, line.no);
      else {
        const next = this.peek();
        if (next !== undefined && next.indent > indent) out[key] = this.node(next.indent);
        else if (this.isItem(next, indent)) out[key] = this.sequence(indent);
        else out[key] = null;
      }
    }
    return out;
  }

  /** A `|` block: the raw lines indented deeper than its key, joined with newlines. */
  private literal(keyLine: Line, indent: number, strip: boolean): string {
    const body: string[] = [];
    let bodyIndent = -1;
    let rawNo = keyLine.no; // 1-based number of the key line = index of the next raw line
    while (rawNo < this.raw.length) {
      const text = this.raw[rawNo];
      const ind = text.length - text.trimStart().length;
      if (text.trim() !== '' && ind <= indent) break;
      if (text.trim() !== '' && bodyIndent < 0) bodyIndent = ind;
      body.push(text.trim() === '' ? '' : text.slice(bodyIndent));
      rawNo++;
    }
    while (this.peek() !== undefined && this.peek()!.no <= rawNo) this.i++;
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    return body.join('\n') + (strip ? '' : '\n');
  }
}

/** Parse every `---`-separated document of `text`. */
export const parseYamlDocuments = (text: string): YamlValue[] => {
  const raw = text.split('\n');
  const docs: Line[][] = [[]];
  raw.forEach((rawLine, idx) => {
    const no = idx + 1;
    if (/^---\s*$/.test(rawLine)) {
      docs.push([]);
      return;
    }
    if (/^\s*\t/.test(rawLine)) fail(no, 'tabs are not allowed for indentation');
    const text = stripComment(rawLine);
    if (text.trim() === '') return;
    docs[docs.length - 1].push({ no, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  return docs.filter((d) => d.length > 0).map((d) => new Parser(d, raw).parseDocument());
};
