import { readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/package-root.js';
import { parseAlist } from './alist.js';
import { bchParityCheck } from './bch.js';
import { Code, codeFromParityCheck } from './code.js';
import { parseDense } from './dense.js';
import { ParityCheck } from './parity-check.js';

/** Built-in codes read from <packageRoot>/codes/ (the BCH ones are constructed, see bch.ts). */
const builtinFiles: Readonly<Record<string, string>> = Object.freeze({
  'ccsds-128-64': 'CCSDS_128_64.alist',
  'mackay-96-48': 'MACKAY_96_48.alist',
  'wimax-576-288': 'WIMAX_576_288.alist',
});

/**
 * Names `loadCode` knows without a path. Any other supported `bch-N-K` is accepted too.
 *
 * @example
 * ```ts
 * import { builtinCodeNames, loadCode } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.ok(builtinCodeNames.includes('bch-63-45'));
 * assert.equal(loadCode(builtinCodeNames[0]).name, builtinCodeNames[0]);
 * ```
 */
export const builtinCodeNames: readonly string[] = Object.freeze([
  'bch-31-16',
  'bch-63-36',
  'bch-63-45',
  'bch-63-51',
  'bch-127-64',
  ...Object.keys(builtinFiles),
]);

export type CodeTextFormat = 'alist' | 'dense';

/**
 * Which parser a file needs: `.alist` by extension; otherwise dense 0/1 text when
 * every non-comment character is 0, 1 or a blank, else alist.
 *
 * @example
 * ```ts
 * import { sniffCodeFormat } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.equal(sniffCodeFormat('h.txt', '1 1 0\n0 1 1\n'), 'dense');
 * assert.equal(sniffCodeFormat('h.txt', '3 2\n2 2\n'), 'alist');
 * assert.equal(sniffCodeFormat('h.alist', ''), 'alist');
 * ```
 */
export const sniffCodeFormat = (path: string, text: string): CodeTextFormat => {
  if (extname(path).toLowerCase() === '.alist') return 'alist';
  const body = text.replace(/#[^\r\n]*/g, '');
  return /^[01\s]*$/.test(body) ? 'dense' : 'alist';
};

/**
 * Parse code text in the given format (pure: no file access).
 *
 * @example
 * ```ts
 * import { parseCodeText } from 'tanner';
 * import assert from 'node:assert/strict';
 * const h = parseCodeText('1 1 0\n0 1 1\n', 'dense');
 * assert.deepEqual(h.rows, [[0, 1], [1, 2]]);
 * ```
 */
export const parseCodeText = (text: string, format: CodeTextFormat): ParityCheck =>
  format === 'alist' ? parseAlist(text) : parseDense(text);

const knownNames = (): string => `built-in codes: ${builtinCodeNames.join(', ')}, or bch-N-K`;

const readText = (path: string, what: string): string => {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UserError(`${what} '${path}' is neither a built-in code name nor an existing file (${knownNames()})`);
  }
  if (!isFile) throw new UserError(`${what} '${path}' is not a file (${knownNames()})`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${what} file '${path}': ${(e as Error).message.split('\n')[0]}`);
  }
};

/** Parse with the file name put in front of the parser's "line L: ..." message. */
const parseFile = (path: string, name: string): ParityCheck => {
  const text = readText(path, 'code');
  try {
    return parseCodeText(text, sniffCodeFormat(path, text));
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${name}: ${e.message}`);
    throw e;
  }
};

/**
 * A code by built-in name (`bch-63-45`, `wimax-576-288`, ... see builtinCodeNames;
 * any narrow-sense `bch-N-K` with N = 2^m - 1, m = 3..10) or by path to an `.alist`
 * or dense 0/1 text file. The code's name is the built-in name or the file's basename.
 * Throws UserError for an unknown name, a missing file or a malformed one.
 */
export const loadCode = (nameOrPath: string): Code => {
  const key = nameOrPath.trim().toLowerCase();
  const bch = /^bch-(\d+)-(\d+)$/.exec(key);
  if (bch !== null) return codeFromParityCheck(key, bchParityCheck(Number(bch[1]), Number(bch[2])));
  if (Object.hasOwn(builtinFiles, key)) {
    return codeFromParityCheck(key, parseFile(join(packageRoot(), 'codes', builtinFiles[key]), key));
  }
  const name = basename(nameOrPath);
  return codeFromParityCheck(name, parseFile(nameOrPath, name));
};
