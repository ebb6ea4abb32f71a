/**
 * Where two configs differ, field by field: what a resumed run reports when
 * its checkpoint was written by another config.
 */
import { showValue } from './show-value.js';

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * The dotted paths whose values differ between `a` and `b` (lists compared
 * whole), each as `path: <a> vs <b>`, in key order; paths in `ignore` are left out.
 */
export const configDifferences = (a: unknown, b: unknown, ignore: readonly string[] = [], prefix = ''): string[] => {
  if (ignore.includes(prefix)) return [];
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => configDifferences(a[k], b[k], ignore, prefix === '' ? k : `${prefix}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${prefix === '' ? '(config)' : prefix}: ${showValue(a)} vs ${showValue(b)}`];
};
