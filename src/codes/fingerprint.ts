import { ParityCheck } from './parity-check.js';

/**
 * A short fingerprint of H (its size and every edge, in row order), stored in
 * weights files so that weights trained on one matrix are not silently used on
 * another with the same n, k and number of edges: learned per-edge weights are
 * tied to the edge order. 64-bit FNV-1a in two 32-bit halves (no crypto
 * module: the decoder runtime also runs in browsers), as 16 hex digits.
 */
export const parityCheckFingerprint = (h: ParityCheck): string => {
  let lo = 0x811c9dc5;
  let hi = 0xcbf29ce4;
  const mix = (x: number): void => {
    // two independent FNV-1a streams over the 4 bytes of x
    for (let i = 0; i < 4; i++) {
      const byte = (x >>> (8 * i)) & 0xff;
      lo = Math.imul(lo ^ byte, 0x01000193) >>> 0;
      hi = Math.imul(hi ^ byte ^ 0x5a, 0x01000193) >>> 0;
    }
  };
  mix(h.n);
  mix(h.m);
  h.rows.forEach((row) => {
    mix(row.length);
    row.forEach(mix);
  });
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
};
