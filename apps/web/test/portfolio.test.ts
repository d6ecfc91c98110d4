import { describe, expect, it } from "vitest";
import type { IndexedPosition } from "@/lib/indexer-types";
import { positionPnl } from "@/lib/portfolio";

const base: IndexedPosition = {
  account: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  marketId: "5",
  outcome: 0,
  balance: "200000000",
  bought: "200000000",
  sold: "0",
  cost: "110000000",
  proceeds: "0",
  redeemed: "0",
  payout: "0",
  trades: 2,
  outcomeLabel: "Yes",
  price: "600000000000000000",
  market: { id: "5", question: "Q?", state: "open", resolvedOutcome: null },
};

describe("positionPnl", () => {
  it("values an open position at the current price", () => {
    const r = positionPnl(base);
    expect(r.value).toBe(120_000_000n); // 200 shares × 0.6
    expect(r.pnl).toBe(10_000_000n);
    expect(r.redeemable).toBe(false);
  });
  it("pays one per share on the winning outcome and nothing on a losing one", () => {
    const won = positionPnl({
      ...base,
      market: { ...base.market, state: "resolved", resolvedOutcome: 0 },
    });
    expect(won.value).toBe(200_000_000n);
    expect(won.pnl).toBe(90_000_000n);
    expect(won.redeemable).toBe(true);
    const lost = positionPnl({
      ...base,
      market: { ...base.market, state: "resolved", resolvedOutcome: 1 },
    });
    expect(lost.value).toBe(0n);
    expect(lost.pnl).toBe(-110_000_000n);
    expect(lost.redeemable).toBe(false);
  });
  it("counts sales and payouts already received", () => {
    const r = positionPnl({
      ...base,
      balance: "0",
      proceeds: "30000000",
      payout: "100000000",
      market: { ...base.market, state: "resolved", resolvedOutcome: 0 },
    });
    expect(r.value).toBe(0n);
    expect(r.pnl).toBe(20_000_000n);
    expect(r.redeemable).toBe(false);
  });
  it("redeems an invalid market at its frozen price", () => {
    const r = positionPnl({ ...base, market: { ...base.market, state: "invalid" } });
    expect(r.value).toBe(120_000_000n);
    expect(r.redeemable).toBe(true);
  });
});
