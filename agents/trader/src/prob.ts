/**
 * Probability helpers: clamping, log-odds, the standard normal CDF and a seedable random number
 * generator. Floats only: probabilities are beliefs, never on-chain amounts.
 */

/** Smallest probability a belief may carry: beliefs are clamped to [P_MIN, P_MAX]. */
export const P_MIN = 1e-4;
/** Largest probability a belief may carry. */
export const P_MAX = 1 - 1e-4;

/** Clamps `p` to [P_MIN, P_MAX]. */
export function clampProbability(p: number): number {
  return Math.min(P_MAX, Math.max(P_MIN, p));
}

/** The smaller of two bigints. */
export function minBigint(a: bigint, b: bigint): bigint {
  if (b < a) return b;
  return a;
}

/** ln(p / (1 − p)). */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/** 1 / (1 + e^−x), evaluated without overflow on either side. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (`erfcc`, fractional error below 1.2e-7
 * everywhere), monotone and cheap.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(z). Φ(±∞) = 1 / 0. */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** A seedable uniform generator in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box–Muller). */
export function gaussian(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A 32-bit hash of a string (FNV-1a), to derive per-question seeds independent of order. */
export function hashSeed(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
