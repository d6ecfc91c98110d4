/**
 * Bit-exact mirror of `contracts/src/libraries/LMSRMath.sol`.
 *
 * Every function performs the same integer operations in the same order as the Solidity library,
 * so it returns the same integers. X128 values are bigints with 128 fractional bits
 * (1.0 === 2n ** 128n). Change both files together; the parity test in `contracts/test` compares
 * them against the deployed contract.
 */

/** 1.0 in X128. */
export const ONE = 1n << 128n;
/** ln 2 with 192 fractional bits, rounded down. */
export const LN2_X192 = 4350955369971217654477563090224794165364344896676135745069n;
/** sqrt 2 in X128, rounded down. */
export const SQRT2_X128 = 481231938336009023090067544955250113854n;
/** exp(-a) < 2^-128 for a ≥ 90. */
export const EXP_ZERO_BOUND = 90n << 128n;
/** Ulps added to or taken from `expNeg` for a certain bound. */
export const EXP_ERR = 16n;
/** Ulps added to or taken from `ln` for a certain bound. */
export const LN_ERR = 16n;
/**
 * Largest log-sum a market may reach (X128): 50. Beyond it the X128 log-sum no longer resolves
 * the other outcomes' weights to 1e-15 (see LMSRMath.sol).
 */
export const MAX_LOG_SUM = 50n << 128n;

const EXP_TERMS = 32n;
const ATANH_TERMS = 26n;

/** exp(-a) in X128 for a ≥ 0 (X128), to within a few ulps. */
export function expNeg(a: bigint): bigint {
  if (a >= EXP_ZERO_BOUND) return 0n;
  const a192 = a << 64n;
  const k = a192 / LN2_X192;
  const r = (a192 - k * LN2_X192) >> 64n;
  let acc = ONE;
  for (let i = EXP_TERMS; i > 0n; --i) {
    acc = ONE - ((acc * r) >> 128n) / i;
  }
  return acc >> k;
}

/** Upper bound of exp(-a): at least one ulp, at most ONE. */
export function expNegUp(a: bigint): bigint {
  const e = expNeg(a) + EXP_ERR;
  return e > ONE ? ONE : e;
}

/** Lower bound of exp(-a), at least zero. */
export function expNegDown(a: bigint): bigint {
  const e = expNeg(a);
  return e > EXP_ERR ? e - EXP_ERR : 0n;
}

function log2Floor(x: bigint): bigint {
  let r = 0n;
  for (const s of [128n, 64n, 32n, 16n, 8n, 4n, 2n]) {
    if (x >> s > 0n) {
      x >>= s;
      r += s;
    }
  }
  if (x >> 1n > 0n) r += 1n;
  return r;
}

/** ln(y) in signed X128 for 0 < y < 2^255 (X128), to within a few ulps. */
export function ln(y: bigint): bigint {
  if (y <= 0n) throw new RangeError(`ln: argument must be positive, got ${y}`);
  let k = log2Floor(y) - 128n;
  const m = k >= 0n ? y >> k : y << -k;
  let c = ONE;
  if (m > SQRT2_X128) {
    c = 2n * ONE;
    ++k;
  }
  const negative = m < c;
  const sAbs = ((negative ? c - m : m - c) << 128n) / (m + c);
  const s2 = (sAbs * sAbs) >> 128n;
  let acc = ONE / (2n * ATANH_TERMS + 1n);
  for (let j = ATANH_TERMS; j > 0n; --j) {
    acc = ONE / (2n * j - 1n) + ((acc * s2) >> 128n);
  }
  const t = (sAbs * acc) >> 127n;
  return ((k * LN2_X192) >> 64n) + (negative ? -t : t);
}

export const lnUp = (y: bigint): bigint => ln(y) + LN_ERR;
export const lnDown = (y: bigint): bigint => ln(y) - LN_ERR;

/** Log-sum of a new market with n untraded outcomes: ln n rounded up (X128). */
export const initialLogSum = (n: bigint): bigint => lnUp(n << 128n);

const divUp = (a: bigint, b: bigint): bigint => (a === 0n ? 0n : (a - 1n) / b + 1n);
const mulUp = (a: bigint, b: bigint): bigint => (a === ONE ? b : b === ONE ? a : divUp(a * b, ONE));

/** Lower bound of an outcome's price exp(q/b − L), X128. */
export function priceDown(logSum: bigint, q: bigint, b: bigint): bigint {
  const x = (q << 128n) / b;
  return expNegDown(x < logSum ? logSum - x : 0n);
}

/** Log-sum after one outcome's supply moves from q to qNew, rounded up (X128). */
export function logSumAfter(logSum: bigint, q: bigint, qNew: bigint, b: bigint): bigint {
  const pDown = priceDown(logSum, q, b);
  const shifted = qNew << 128n;
  const xNewUp = divUp(shifted, b);
  if (xNewUp <= logSum) {
    const y = ONE + expNegUp(logSum - xNewUp) - pDown;
    return logSum + lnUp(y);
  }
  const xNewDown = shifted / b;
  const decay = expNegUp(xNewDown > logSum ? xNewDown - logSum : 0n);
  const w = mulUp(ONE - pDown, decay);
  return xNewUp + lnUp(ONE + w);
}

/** ceil(b·(newLogSum − logSum)) base units. */
export const costOf = (logSum: bigint, newLogSum: bigint, b: bigint): bigint =>
  divUp((newLogSum - logSum) * b, ONE);

/** floor(b·(logSum − newLogSum)) base units, zero if the log-sum did not fall. */
export const proceedsOf = (logSum: bigint, newLogSum: bigint, b: bigint): bigint =>
  newLogSum >= logSum ? 0n : ((logSum - newLogSum) * b) >> 128n;

/** Most shares `budget` base units buy before fees (closed form, never overestimated). */
export function sharesForBudget(logSum: bigint, q: bigint, b: bigint, budget: bigint): bigint {
  if (budget <= 1n) return 0n;
  const dL = ((budget - 1n) << 128n) / b;
  if (dL === 0n) return 0n;
  const pDown = priceDown(logSum, q, b);
  const w = mulUp(ONE - pDown, expNegUp(dL));
  if (w >= ONE) return 0n;
  const xNew = logSum + dL + lnDown(ONE - w);
  if (xNew <= 0n) return 0n;
  const qNew = (xNew * b) >> 128n;
  return qNew > q ? qNew - q : 0n;
}
