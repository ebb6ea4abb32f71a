import { EXP_POLY, LN2_HI, LN2_LO, LOG2E, LOG_ATANH_POLY, PHI_Y_MAX, PHI_Y_MIN, SQRT2_MINUS_1, SQRT_HALF, SQUARE_MIN } from '../phi.js';
import { Code, ConstantPool, f32x4, i32x4, i32, local, v128, v128t } from './emit.js';

/**
 * phi(y) = -ln tanh(y / 2) on four float32 lanes: the operations of
 * ../phi.ts one for one (same constants, same order, every result rounded to
 * float32 by the instruction itself), so the lanes equal the scalar phi bit
 * for bit. The scalar code's branches become selects: both sides are
 * computed and v128.bitselect keeps one per lane (a side that produces
 * inf or NaN in a lane it does not own is discarded there).
 */

/** The v128 scratch locals of one phi evaluation (merge into the kernel's frame); `tag` names a second set. */
export const phiLocals = (tag = ''): Record<string, typeof v128t> =>
  Object.fromEntries(['Y', 'U', 'D', 'Z', 'W', 'E', 'M', 'Q', 'Lt'].map((k) => [`phi${k}${tag}`, v128t]));

/** The indices of those locals in a frame. */
export interface PhiRegisters {
  readonly y: number;
  readonly u: number;
  readonly d: number;
  readonly z: number;
  readonly w: number;
  readonly e: number;
  readonly m: number;
  readonly q: number;
  readonly lt: number;
}

export const phiRegisters = (fr: Record<string, number>, tag = ''): PhiRegisters => ({
  y: fr[`phiY${tag}`],
  u: fr[`phiU${tag}`],
  d: fr[`phiD${tag}`],
  z: fr[`phiZ${tag}`],
  w: fr[`phiW${tag}`],
  e: fr[`phiE${tag}`],
  m: fr[`phiM${tag}`],
  q: fr[`phiQ${tag}`],
  lt: fr[`phiLt${tag}`],
});

const get = local.get;

/** Horner ((c0 x + c1) x + c2) ... as one expression, x in local `xLocal`. */
const horner = (c: ConstantPool['f32'], coefficients: readonly number[], xLocal: number): Code =>
  coefficients.slice(1).reduce<Code>((acc, ci) => f32x4.add(f32x4.mul(acc, get(xLocal)), c(ci)), c(coefficients[0]));

/** The statements that set local `out` to phi(local `input`) lane-wise (`out` may equal `input`). */
const phiStatements = (input: number, out: number, r: PhiRegisters, pool: ConstantPool): Code[] => {
  const { y, u, d, z, w, e, m, q, lt } = r;
  const c = pool.f32;
  return [
    // y >= PHI_Y_MAX gives 0 at the end; compute on the clamped y meanwhile
    local.set(lt, f32x4.ge(get(input), c(PHI_Y_MAX))),
    local.set(y, f32x4.pmin(f32x4.pmax(get(input), c(PHI_Y_MIN)), c(PHI_Y_MAX))),
    // u = e^-y: k = floor(-y log2 e + 1/2) (in local e), r = -y - k ln2 (in local m)
    local.set(e, f32x4.floor(f32x4.add(f32x4.mul(f32x4.neg(get(y)), c(LOG2E)), c(0.5)))),
    local.set(m, f32x4.sub(f32x4.sub(f32x4.neg(get(y)), f32x4.mul(get(e), c(LN2_HI))), f32x4.mul(get(e), c(LN2_LO)))),
    // e^r - 1 = r + r^2 p(t) (in local d), t = r but 0 for |r| < 2^-40 (no subnormal products), then u = (e^r - 1 + 1) 2^k
    local.set(d, v128.andnot(get(m), f32x4.lt(f32x4.abs(get(m)), c(SQUARE_MIN)))),
    local.set(q, horner(c, EXP_POLY, d)),
    local.set(d, f32x4.add(f32x4.mul(get(q), f32x4.mul(get(d), get(d))), get(m))),
    local.set(
      u,
      f32x4.mul(
        f32x4.add(get(d), c(1)),
        // 2^k: the biased exponent k + 127 shifted into place
        i32x4.shl(i32x4.add(i32x4.truncSatF32x4S(get(e)), pool.i32(127)), i32.const(23)),
      ),
    ),
    // d = 1 - e^-y: -(e^r - 1) where k = 0, else the (exact) subtraction
    local.set(d, v128.bitselect(f32x4.neg(get(d)), f32x4.sub(c(1), get(u)), f32x4.eq(get(e), c(0)))),
    local.set(z, f32x4.div(f32x4.add(get(u), get(u)), get(d))),
    // log1p(z): exponent e and mantissa m of w = 1 + z, m renormalised to [sqrt(1/2), sqrt(2)) - 1 ...
    local.set(w, f32x4.add(c(1), get(z))),
    local.set(e, f32x4.convertI32x4S(i32x4.sub(i32x4.shrS(get(w), i32.const(23)), pool.i32(126)))),
    local.set(m, v128.or(v128.and(get(w), pool.i32(0x007fffff)), pool.i32(0x3f000000))),
    local.set(q, f32x4.lt(get(m), c(SQRT_HALF))),
    local.set(e, f32x4.sub(get(e), v128.and(get(q), c(1)))),
    local.set(m, f32x4.sub(v128.bitselect(f32x4.add(get(m), get(m)), get(m), get(q)), c(1))),
    // ... or, below sqrt(2) - 1, e = 0 and m = z itself
    local.set(q, f32x4.lt(get(z), c(SQRT2_MINUS_1))),
    local.set(e, v128.andnot(get(e), get(q))),
    local.set(m, v128.bitselect(get(z), get(m), get(q))),
    // ln(1 + m) = 2 atanh(s), s = m / (m + 2) (in local m), s^2 from max(|s|, 2^-40) (no subnormal) in local u
    local.set(m, f32x4.div(get(m), f32x4.add(get(m), c(2)))),
    local.set(u, f32x4.pmax(f32x4.abs(get(m)), c(SQUARE_MIN))),
    local.set(u, f32x4.mul(get(u), get(u))),
    local.set(q, f32x4.add(f32x4.add(f32x4.mul(get(m), horner(c, LOG_ATANH_POLY, u)), f32x4.mul(get(e), c(LN2_LO))), f32x4.mul(get(e), c(LN2_HI)))),
    local.set(out, v128.andnot(get(q), get(lt))),
  ];
};

/** Set local `out` to phi(local `input`); constants come from `pool`. */
export const phiSimd = (input: number, out: number, r: PhiRegisters, pool: ConstantPool): Code => phiStatements(input, out, r, pool);

/**
 * Several independent phi evaluations, their statements interleaved one by
 * one. Each phi is a long chain of dependent instructions (~150 cycles of
 * latency); interleaving puts independent work side by side so the CPU
 * overlaps the chains instead of waiting on one.
 */
export const phiSimdInterleaved = (evaluations: readonly { input: number; out: number; registers: PhiRegisters }[], pool: ConstantPool): Code => {
  const lists = evaluations.map((x) => phiStatements(x.input, x.out, x.registers, pool));
  return lists[0].map((_, i) => lists.map((l) => l[i]));
};
