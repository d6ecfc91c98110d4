import { createMarketFunding } from "../src/createMarketFunding.js";
import { type QuoteBuyReturnType, quoteBuy } from "../src/quoteBuy.js";
import {
  type QuoteBuyWithCollateralReturnType,
  quoteBuyWithCollateral,
} from "../src/quoteBuyWithCollateral.js";
import { type QuoteSellReturnType, quoteSell } from "../src/quoteSell.js";
import type { Market } from "../src/types.js";

/**
 * A market replayed through the mirror, as the contract would evolve it: created fresh, then
 * every trade stores exactly the log-sum and supply the contract stores.
 */
export class SimMarket {
  readonly b: bigint;
  readonly feeBps: bigint;
  logSum: bigint;
  pool: bigint;
  readonly supplies: bigint[];

  constructor(n: number, b: bigint, feeBps = 0n) {
    const { funding, logSum } = createMarketFunding(BigInt(n), b);
    this.b = b;
    this.feeBps = feeBps;
    this.logSum = logSum;
    this.pool = funding;
    this.supplies = Array.from({ length: n }, () => 0n);
  }

  get n(): number {
    return this.supplies.length;
  }

  get market(): Market {
    return { liquidity: this.b, logSum: this.logSum, feeBps: this.feeBps, pool: this.pool };
  }

  supply(i: number): bigint {
    const q = this.supplies[i];
    if (q === undefined) throw new Error(`no outcome ${i}`);
    return q;
  }

  buy(i: number, shares: bigint): QuoteBuyReturnType {
    const r = quoteBuy(this.market, this.supply(i), shares);
    this.logSum = r.newLogSum;
    this.pool += r.cost;
    this.supplies[i] = this.supply(i) + shares;
    return r;
  }

  sell(i: number, shares: bigint): QuoteSellReturnType {
    const r = quoteSell(this.market, this.supply(i), shares);
    this.logSum = r.newLogSum;
    this.pool -= r.proceeds;
    this.supplies[i] = this.supply(i) - shares;
    return r;
  }

  buyWithCollateral(i: number, collateralIn: bigint): QuoteBuyWithCollateralReturnType {
    const r = quoteBuyWithCollateral(this.market, this.supply(i), collateralIn);
    this.logSum = r.newLogSum;
    this.pool += collateralIn;
    this.supplies[i] = this.supply(i) + r.shares;
    return r;
  }

  clone(): SimMarket {
    const copy = Object.create(SimMarket.prototype) as SimMarket;
    Object.assign(copy, this, { supplies: [...this.supplies] });
    return copy;
  }
}
