/**
 * The trade ticket's quote: @mandate/lmsr on the market state read from the chain at one block
 * (the SDK's `getLocalMarketState`, served by /api/markets/[id]/state), so the cost shown is the
 * integer the contract charges, to the wei. Pure, and light enough for the first page load: the
 * slippage limits are the SDK's formulas (a test checks they agree).
 */
import { priceWad, quoteBuy, quoteSell, WAD } from "@mandate/lmsr";

const BPS = 10_000n;

/** The most a buy quoted at `cost` may pay with `slippageBps` (rounded up): the SDK's `maxCostFor`. */
export function maxCostFor(cost: bigint, slippageBps: number): bigint {
  const bps = BigInt(slippageBps);
  return cost + (cost * bps + BPS - 1n) / BPS;
}

/** The least a sale quoted at `proceeds` may pay (rounded down): the SDK's `minProceedsFor`. */
export function minProceedsFor(proceeds: bigint, slippageBps: number): bigint {
  return (proceeds * (BPS - BigInt(slippageBps))) / BPS;
}

export type QuoteState = {
  market: { liquidity: bigint; logSum: bigint; feeBps: bigint; pool?: bigint | undefined };
  supply: bigint;
};

export type TicketQuote = {
  side: "buy" | "sell";
  shares: bigint;
  /** Collateral paid (buy, fee included) or received (sell, after the fee), base units. */
  amount: bigint;
  fee: bigint;
  /** Average price per share, WAD. */
  averagePriceWad: bigint;
  priceBeforeWad: bigint;
  priceAfterWad: bigint;
  /** priceAfter − priceBefore, WAD (signed). */
  impactWad: bigint;
  /** maxCost (buy) or minProceeds (sell) with the slippage tolerance. */
  limit: bigint;
  slippageBps: number;
};

export function computeQuote(
  state: QuoteState,
  side: "buy" | "sell",
  shares: bigint,
  slippageBps: number,
): TicketQuote {
  const { market, supply } = state;
  const before = priceWad(market.logSum, supply, market.liquidity);
  if (side === "buy") {
    const q = quoteBuy(market, supply, shares);
    const after = priceWad(q.newLogSum, supply + shares, market.liquidity);
    return {
      side,
      shares,
      amount: q.cost,
      fee: q.fee,
      averagePriceWad: (q.cost * WAD) / shares,
      priceBeforeWad: before,
      priceAfterWad: after,
      impactWad: after - before,
      limit: maxCostFor(q.cost, slippageBps),
      slippageBps,
    };
  }
  const q = quoteSell(market, supply, shares);
  const after = priceWad(q.newLogSum, supply - shares, market.liquidity);
  return {
    side,
    shares,
    amount: q.proceeds,
    fee: q.fee,
    averagePriceWad: (q.proceeds * WAD) / shares,
    priceBeforeWad: before,
    priceAfterWad: after,
    impactWad: after - before,
    limit: minProceedsFor(q.proceeds, slippageBps),
    slippageBps,
  };
}

/** The state route's answer (decimal strings) as a {@link QuoteState}. */
export function quoteStateFromJson(j: {
  liquidity: string;
  logSum: string;
  feeBps: string;
  pool: string;
  supply: string;
}): QuoteState {
  return {
    market: {
      liquidity: BigInt(j.liquidity),
      logSum: BigInt(j.logSum),
      feeBps: BigInt(j.feeBps),
      pool: BigInt(j.pool),
    },
    supply: BigInt(j.supply),
  };
}

/** Slippage tolerance typed as a percentage ("0.5") → basis points; throws naming the problem. */
export function parseSlippage(text: string): number {
  const t = text.trim();
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(t)) {
    throw new Error(`Slippage: "${t}" is not a percentage (e.g. 0.5 or 1).`);
  }
  const bps = Math.round(Number(t) * 100);
  if (bps > 5000) throw new Error("Slippage: at most 50%.");
  return bps;
}
