/**
 * Profit and loss of a position, from the indexer's cost basis. Pure; base units throughout.
 *
 *   value now = shares × price         (open or closed market)
 *             = shares if it won, 0 if it lost   (resolved)
 *             = shares × frozen price (invalid: what redemption pays)
 *   P&L       = value now + proceeds of sales + payouts redeemed − cost of buys
 */
import { WAD } from "./format";
import type { IndexedPosition } from "./indexer-types";

export type PositionPnl = {
  value: bigint;
  pnl: bigint;
  /** The shares can be redeemed now (settled market, winning or invalid). */
  redeemable: boolean;
};

export function positionPnl(p: IndexedPosition): PositionPnl {
  const shares = BigInt(p.balance);
  const price = p.price === null ? 0n : BigInt(p.price);
  let value: bigint;
  let redeemable = false;
  if (p.market.state === "resolved") {
    const won = p.market.resolvedOutcome === p.outcome;
    value = won ? shares : 0n;
    redeemable = won && shares > 0n;
  } else if (p.market.state === "invalid") {
    value = (shares * price) / WAD;
    redeemable = shares > 0n;
  } else {
    value = (shares * price) / WAD;
  }
  const pnl = value + BigInt(p.proceeds) + BigInt(p.payout) - BigInt(p.cost);
  return { value, pnl, redeemable };
}
