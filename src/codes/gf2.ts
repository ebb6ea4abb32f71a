import { ParityCheck, denseRows } from './parity-check.js';

/** Result of Gaussian elimination of H over GF(2). */
export interface Gf2Echelon {
  /** rank of H over GF(2); k = n - rank */
  readonly rank: number;
  /** pivot column of each of the first `rank` rows of the reduced matrix */
  readonly pivotCols: Int32Array;
  /** reduced row-echelon form, `rank` rows of length n (0/1) */
  readonly reduced: Uint8Array[];
}

/** Reduced row-echelon form of H over GF(2) (rows may be dependent: m can exceed n - k). */
export const echelonGf2 = (h: ParityCheck): Gf2Echelon => {
  const rows = denseRows(h);
  const n = h.n;
  const pivots: number[] = [];
  let r = 0;
  for (let col = 0; col < n && r < rows.length; col++) {
    let p = -1;
    for (let i = r; i < rows.length; i++) if (rows[i][col]) { p = i; break; }
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    const pr = rows[r];
    for (let i = 0; i < rows.length; i++) {
      if (i !== r && rows[i][col]) {
        const ri = rows[i];
        for (let j = col; j < n; j++) ri[j] ^= pr[j];
      }
    }
    pivots.push(col);
    r++;
  }
  return { rank: r, pivotCols: Int32Array.from(pivots), reduced: rows.slice(0, r) };
};

export const rankGf2 = (h: ParityCheck): number => echelonGf2(h).rank;

/**
 * A generator matrix G (k x n) with G H^T = 0, systematic on the information
 * positions: codeword bit infoPositions[j] equals information bit j.
 * The information positions are the non-pivot columns of the echelon form.
 */
export interface Generator {
  readonly k: number;
  readonly rows: Uint8Array[];
  readonly infoPositions: Int32Array;
}

export const generatorOf = (h: ParityCheck): Generator => {
  const { rank, pivotCols, reduced } = echelonGf2(h);
  const isPivot = new Uint8Array(h.n);
  pivotCols.forEach((c) => (isPivot[c] = 1));
  const info: number[] = [];
  for (let v = 0; v < h.n; v++) if (!isPivot[v]) info.push(v);
  // For information column j: x_j = 1, and each pivot bit equals the reduced row's entry in column j.
  const rows = info.map((j) => {
    const g = new Uint8Array(h.n);
    g[j] = 1;
    for (let i = 0; i < rank; i++) if (reduced[i][j]) g[pivotCols[i]] = 1;
    return g;
  });
  return { k: h.n - rank, rows, infoPositions: Int32Array.from(info) };
};

/** Syndrome weight of a hard-decision word (number of unsatisfied checks). */
export const syndromeWeight = (h: ParityCheck, bits: ArrayLike<number>): number => {
  let w = 0;
  for (const row of h.rows) {
    let s = 0;
    for (const v of row) s ^= bits[v] & 1;
    w += s;
  }
  return w;
};
