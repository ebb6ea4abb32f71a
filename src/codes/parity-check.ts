/**
 * A binary parity-check matrix H (m x n) in sparse row form: `rows[c]` lists,
 * in increasing order, the variable nodes v with H[c][v] = 1.
 *
 * This is the one representation every source of H (alist, dense text, BCH
 * construction) is decoded into. It is plain data: frozen arrays, no methods.
 */
export interface ParityCheck {
  readonly n: number;
  readonly m: number;
  readonly rows: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * Build a ParityCheck from row lists, sorting each row; throws on out-of-range or duplicated entries.
 *
 * @example
 * ```ts
 * import { parityCheck } from 'tanner';
 * import assert from 'node:assert/strict';
 * const h = parityCheck(4, [[2, 0], [1, 3]]);
 * assert.deepEqual(h.rows, [[0, 2], [1, 3]]);
 * assert.equal(h.m, 2);
 * assert.throws(() => parityCheck(4, [[0, 4]]), /outside 0\.\.3/);
 * ```
 */
export const parityCheck = (n: number, rows: ReadonlyArray<ReadonlyArray<number>>): ParityCheck => {
  const sorted = rows.map((row, c) => {
    const r = [...row].sort((a, b) => a - b);
    for (let i = 0; i < r.length; i++) {
      if (!Number.isInteger(r[i]) || r[i] < 0 || r[i] >= n) {
        throw new RangeError(`row ${c}: variable index ${r[i]} is outside 0..${n - 1}`);
      }
      if (i > 0 && r[i] === r[i - 1]) throw new RangeError(`row ${c}: variable ${r[i]} appears twice`);
    }
    return Object.freeze(r);
  });
  return Object.freeze({ n, m: rows.length, rows: Object.freeze(sorted) });
};

/** Column lists of H: `cols[v]` = checks c with H[c][v] = 1, increasing. */
export const columnsOf = (h: ParityCheck): number[][] => {
  const cols: number[][] = Array.from({ length: h.n }, () => []);
  h.rows.forEach((row, c) => row.forEach((v) => cols[v].push(c)));
  return cols;
};

/** Dense 0/1 rows of H (one Uint8Array per check). */
export const denseRows = (h: ParityCheck): Uint8Array[] =>
  h.rows.map((row) => {
    const r = new Uint8Array(h.n);
    for (const v of row) r[v] = 1;
    return r;
  });

/** Build from dense 0/1 rows. */
export const fromDenseRows = (rows: ReadonlyArray<ArrayLike<number>>, n: number): ParityCheck =>
  parityCheck(
    n,
    rows.map((r) => {
      const out: number[] = [];
      for (let v = 0; v < n; v++) if (r[v]) out.push(v);
      return out;
    }),
  );
