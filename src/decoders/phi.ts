/**
 * phi(y) = -ln tanh(y / 2) = ln((1 + e^-y) / (1 - e^-y)) for y >= 0, in
 * float32: the function of the sum-product check rule in sign / magnitude
 * form (sum-product.ts), phi(sum_{v'} phi(|mu_v'|)) = 2 atanh(prod tanh(|mu_v'| / 2)).
 *
 * This scalar version is the definition; wasm/phi-simd.ts emits the same
 * operations on f32x4, and every operation here is rounded to float32
 * (Math.fround) in the same order, so both give identical bits.
 * WebAssembly has no exp or log instruction, so both are polynomials:
 *
 * - e^-y: Cody-Waite range reduction -y = k ln 2 + r and Cephes' degree-5
 *   polynomial for e^r - 1 (|r| <= ln 2 / 2), scaled by 2^k built in the exponent bits;
 * - 1 - e^-y without cancellation: where k = 0 (y < 0.35) it is -(e^r - 1),
 *   the polynomial before the + 1; elsewhere e^-y <= 0.71 and the
 *   subtraction 1 - e^-y is exact (Sterbenz);
 * - phi = log1p(z) with z = 2 e^-y / (1 - e^-y), by ln(1 + x) = 2 atanh(x / (x + 2)),
 *   an odd series of degree 9 (|x / (x + 2)| <= 0.172: truncation 2e-9), with
 *   x = z below sqrt(2) - 1 and otherwise the mantissa of 1 + z beside its
 *   exponent (log1pPositive).
 *
 * Measured error against float64 Math.log1p(2 / Math.expm1(y)): at most
 * 3.5e-7 relative over 1e-13 <= y < 87 (about 3 float32 ulp; spec/decoders/phi.spec.ts).
 * Range: y below the smallest normal float32 is taken as that (phi = 88.03,
 * so |mu| = 0 contributes like a tiny magnitude: the other edges receive 0
 * to float32 precision); phi(y) = 0 for y >= 87 (the true value is < 3.4e-38).
 */
const f = Math.fround;

export const PHI_Y_MIN = 2 ** -126;
export const PHI_Y_MAX = 87;

export const LOG2E = f(Math.LOG2E);
/** ln 2 = LN2_HI + LN2_LO in two parts (Cody-Waite): k * LN2_HI is exact */
export const LN2_HI = 0.693359375;
export const LN2_LO = f(-2.12194440e-4);
export const EXP_POLY = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);
/** ln(1 + x) = 2 atanh(s), s = x / (x + 2): s (2 + s^2 (2/3 + s^2 (2/5 + ...))), Horner coefficients in s^2 from the highest power */
export const LOG_ATANH_POLY = [2 / 9, 2 / 7, 2 / 5, 2 / 3, 2].map(f);
export const SQRT_HALF = f(Math.SQRT1_2);
export const SQRT2_MINUS_1 = f(Math.SQRT2 - 1);
export const SQUARE_MIN = 2 ** -40;

// float32 <-> bits
const cast = new Float32Array(1);
const castBits = new Int32Array(cast.buffer);
const bitsOf = (x: number): number => {
  cast[0] = x;
  return castBits[0];
};
const fromBits = (b: number): number => {
  castBits[0] = b;
  return cast[0];
};

/**
 * e^-y and 1 - e^-y for PHI_Y_MIN <= y <= PHI_Y_MAX (k = round(-y log2 e)
 * stays in -126..0, so 2^k is normal), written to `pair` as [u, d].
 */
export const expNegAndComplement = (y: number, pair: Float64Array): void => {
  const x = -y;
  const k = Math.floor(f(f(x * LOG2E) + 0.5));
  const r = f(f(x - f(k * LN2_HI)) - f(k * LN2_LO));
  // e^r - 1 = r + r^2 p(r). For |r| < 2^-40, r^2 p is below half an ulp of r: t = 0 there gives the
  // same result without subnormal products (x86 computes those in a microcode assist, 3x slower)
  const t = Math.abs(r) < SQUARE_MIN ? 0 : r;
  let p = EXP_POLY[0];
  for (let i = 1; i < EXP_POLY.length; i++) p = f(f(p * t) + EXP_POLY[i]);
  const erMinusOne = f(f(p * f(t * t)) + r);
  const u = f(f(erMinusOne + 1) * fromBits((k + 127) << 23));
  pair[0] = u;
  pair[1] = k === 0 ? -erMinusOne : f(1 - u);
};

/**
 * ln(1 + z) for finite z >= 0. Below sqrt(2) - 1 the series takes z itself
 * (ln(1 + z) = 2 atanh(z / (z + 2)), no rounding of 1 + z, so small results
 * keep their relative accuracy); above, w = 1 + z is split into its
 * exponent e and mantissa 1 + m, m in [sqrt(1/2), sqrt(2)) - 1, and
 * ln w = e ln 2 + ln(1 + m) (w's rounding costs at most 2e-7 of ln w >= 0.35).
 */
export const log1pPositive = (z: number): number => {
  let e = 0;
  let m = z;
  if (!(z < SQRT2_MINUS_1)) {
    const bits = bitsOf(f(1 + z));
    e = f((bits >> 23) - 126);
    m = fromBits((bits & 0x007fffff) | 0x3f000000); // mantissa in [0.5, 1)
    if (m < SQRT_HALF) {
      e = f(e - 1);
      m = f(f(m + m) - 1);
    } else m = f(m - 1); // both subtractions exact
  }
  const s = f(m / f(m + 2)); // |s| <= 0.172
  // s^2 from |s| >= 2^-40: the same series value (2 + s^2 / 3 rounds to 2 below that), no subnormal square
  const a = Math.abs(s) < SQUARE_MIN ? SQUARE_MIN : Math.abs(s);
  const s2 = f(a * a);
  let p = LOG_ATANH_POLY[0];
  for (let i = 1; i < LOG_ATANH_POLY.length; i++) p = f(f(p * s2) + LOG_ATANH_POLY[i]);
  const y = f(f(s * p) + f(e * LN2_LO));
  return f(y + f(e * LN2_HI));
};

const ud = new Float64Array(2);

/** phi(y) in float32 for y >= 0 (see the module comment for range and accuracy). */
export const phi = (y0: number): number => {
  if (y0 >= PHI_Y_MAX) return 0;
  const y = y0 < PHI_Y_MIN ? PHI_Y_MIN : y0;
  expNegAndComplement(y, ud);
  const u = ud[0];
  return log1pPositive(f(f(u + u) / ud[1]));
};
