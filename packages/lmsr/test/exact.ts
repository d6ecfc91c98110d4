import { Decimal } from "decimal.js";

/**
 * Reference arithmetic in decimal.js at 60 significant digits: far beyond X128's ~38.5 digits,
 * so its own error is negligible next to every quantity measured.
 */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type D = Decimal;

export const TWO_128 = new D(2).pow(128);

/** bigint → Decimal, exactly (integers up to 60 digits). */
export const dec = (x: bigint): Decimal => new D(x.toString());

/** An X128 bigint as the real number it stands for. */
export const fromX128 = (x: bigint): Decimal => dec(x).div(TWO_128);

/**
 * exp(q/b) per supply value, cached: states share many supplies (most are zero), and
 * decimal.js's exp is the expensive operation here.
 */
export class ExpCache {
  private readonly cache = new Map<bigint, Decimal>();
  constructor(readonly b: bigint) {}

  exp(q: bigint): Decimal {
    let e = this.cache.get(q);
    if (e === undefined) {
      e = q === 0n ? new D(1) : dec(q).div(dec(this.b)).exp();
      this.cache.set(q, e);
    }
    return e;
  }

  /** Σ_j exp(q_j/b), each term exact to 60 digits, added from scratch (no cancellation). */
  sum(supplies: readonly bigint[], replace?: { index: number; supply: bigint }): Decimal {
    let zeros = 0;
    let total = new D(0);
    for (const [j, q0] of supplies.entries()) {
      const q = replace !== undefined && replace.index === j ? replace.supply : q0;
      if (q === 0n) zeros++;
      else total = total.plus(this.exp(q));
    }
    return total.plus(zeros);
  }

  /** Exact log-sum ln Σ_j exp(q_j/b). */
  logSum(supplies: readonly bigint[]): Decimal {
    return this.sum(supplies).ln();
  }
}
