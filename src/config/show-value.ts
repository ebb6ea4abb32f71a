/** The longest rendering of a bad value that goes into an error message. */
const MAX_SHOWN = 60;

/**
 * A short, unambiguous rendering of a user-given value for error messages:
 * strings quoted, NaN and Infinity spelled out (JSON would say null), long
 * values cut.
 */
export const showValue = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (typeof u === 'number') return Object.is(u, -0) ? '-0' : String(u);
  if (typeof u === 'bigint') return `${u}n`;
  if (typeof u === 'function' || typeof u === 'symbol') return typeof u;
  let text: string;
  try {
    text = JSON.stringify(u, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(u);
  } catch {
    text = String(u);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
};
