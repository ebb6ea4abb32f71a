/**
 * "Did you mean ...?" hints for misspelt keys and choices.
 */

/** Levenshtein edit distance (insert, delete, substitute each cost 1). */
export const editDistance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
};

/**
 * The candidate closest to `given` (case-insensitive), if it is close enough to
 * be a plausible typo: distance <= max(1, floor(longer length / 3)).
 */
export const closestMatch = (given: string, candidates: readonly string[]): string | undefined => {
  const g = given.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const allowed = Math.max(1, Math.floor(Math.max(g.length, c.length) / 3));
    const d = editDistance(g, c.toLowerCase());
    if (d <= allowed && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
};

/** ` (did you mean "x"?)` or the empty string. */
export const didYouMean = (given: string, candidates: readonly string[]): string => {
  const match = closestMatch(given, candidates);
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`;
};
