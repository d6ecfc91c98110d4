import {
  numberToWad,
  priceWad,
  quoteBuy,
  quoteSell,
  tradeToProbability,
  wadToNumber,
} from "@mandate/lmsr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { delegateConstraint } from "../src/beliefs/delegate.js";
import { SimMarket, SimVault } from "../src/sim.js";
import {
  type DecideInput,
  decideTrade,
  kellyBuyShares,
  kellySellShares,
  maxSharesForCost,
  recheckDecision,
} from "../src/sizing.js";
import { belief, binaryMarket, NOW, policy, T, usage } from "./helpers.js";

const RICH = { cash: 1_000_000_000n * T, shares: [0n, 0n] as bigint[] };

function input(market: SimMarket, p: number, overrides: Partial<DecideInput> = {}): DecideInput {
  return {
    market: market.view(),
    belief: belief(p),
    holdings: RICH,
    policy: policy(),
    usage: usage(),
    now: NOW,
    ...overrides,
  };
}

describe("target: the closed-form trade that moves the price to the belief", () => {
  const prices = [0.03, 0.3, 0.5, 0.72, 0.97];
  const beliefs = [0.01, 0.2, 0.5, 0.81, 0.995];
  for (const price of prices) {
    for (const pi of beliefs) {
      if (Math.abs(pi - price) < 0.05) continue;
      it(`price ${price} → belief ${pi} lands within 1e-9 (exact mirror)`, () => {
        const market = binaryMarket(price, 1_000n, 100n);
        const d = decideTrade(
          input(market, pi, { config: { kellyFraction: null, minEdge: 0.01 } }),
        );
        expect(d.action).toBe("buy");
        expect(d.boundBy).toBe("target");
        // Buying Yes raises P(yes) to π; buying No raises P(no) to 1 − π.
        expect(d.outcome).toBe(pi > price ? 1 : 0);
        const want = pi > price ? pi : 1 - pi;
        expect(Math.abs(wadToNumber(d.priceAfterWad ?? 0n) - want)).toBeLessThan(1e-9);
        // The exact quote is what the simulated chain charges.
        const vault = new SimVault(RICH.cash, policy());
        const paid = vault.execute(market, d, NOW);
        expect(paid).toBe(d.cost);
        expect(Math.abs(market.price(1) - pi)).toBeLessThan(1e-9);
      });
    }
  }

  it("sells down to the belief when the edge reverses (price never crosses it)", () => {
    const market = binaryMarket(0.7, 1_000n, 50n);
    const vault = new SimVault(100_000n * T, policy());
    vault.agentBuy(market, 1, 300n * T, 10_000n * T, NOW);
    expect(market.price(1)).toBeGreaterThan(0.75);
    const d = decideTrade(
      input(market, 0.72, {
        holdings: vault.holdings(market),
        config: { kellyFraction: null },
      }),
    );
    expect(d.action).toBe("sell");
    expect(d.outcome).toBe(1);
    expect(d.boundBy).toBe("target");
    expect(d.shares).toBeLessThan(300n * T);
    expect(wadToNumber(d.priceAfterWad ?? 0n)).toBeGreaterThanOrEqual(0.72);
    expect(Math.abs(wadToNumber(d.priceAfterWad ?? 0n) - 0.72)).toBeLessThan(1e-9);
    expect(d.minProceeds).toBe(d.proceeds - (d.proceeds * 50n + 9_999n) / 10_000n);
    expect(vault.execute(market, d, NOW)).toBe(d.proceeds);
    expect(Math.abs(market.price(1) - 0.72)).toBeLessThan(1e-9);
  });

  it("a sell is bounded by the position held, and by Kelly when it is on", () => {
    const market = binaryMarket(0.7, 1_000n, 50n);
    const vault = new SimVault(100_000n * T, policy());
    vault.agentBuy(market, 1, 10n * T, 10_000n * T, NOW);
    const all = decideTrade(input(market, 0.2, { holdings: vault.holdings(market) }));
    expect(all.action).toBe("sell");
    expect(all.boundBy).toBe("position");
    expect(all.shares).toBe(10n * T);
    const big = new SimVault(100_000n * T, policy());
    big.agentBuy(market, 1, 300n * T, 10_000n * T, NOW);
    const kelly = decideTrade(input(market, 0.72, { holdings: big.holdings(market) }));
    expect(kelly.action).toBe("sell");
    expect(kelly.candidates.map((c) => c.rule).sort()).toEqual(["kelly", "position", "target"]);
  });

  it("categorical: the outcome's price lands on its belief within 1e-9", () => {
    const market = new SimMarket({
      marketId: 9n,
      liquidity: 2_000n * T,
      feeBps: 0n,
      outcomes: ["A", "B", "C", "D"],
      yesOutcome: 0,
      closeTime: NOW + 1_000n,
    });
    const d = decideTrade({
      ...input(market, 0.4),
      holdings: { cash: RICH.cash, shares: [0n, 0n, 0n, 0n] },
      beliefVector: [0.4, 0.3, 0.2, 0.1],
      config: { kellyFraction: null },
    });
    expect(d.action).toBe("buy");
    expect(d.outcome).toBe(0);
    expect(Math.abs(wadToNumber(d.priceAfterWad ?? 0n) - 0.4)).toBeLessThan(1e-9);
  });
});

describe("Kelly", () => {
  // b far above the bankroll: the price does not move, so the textbook formulas apply.
  const HUGE_B = 10n ** 24n;
  const CASH = 1_000_000n * T;
  const fixedPrice = (price: number, feeBps = 0n) =>
    new SimMarket({ marketId: 1n, liquidity: HUGE_B, feeBps, closeTime: NOW + 1_000n }).state &&
    seedHuge(price, feeBps);

  function seedHuge(price: number, feeBps: bigint): SimMarket {
    const m = new SimMarket({
      marketId: 1n,
      liquidity: HUGE_B,
      feeBps: 0n,
      closeTime: NOW + 1_000n,
    });
    const o = price > 0.5 ? 1 : 0;
    const t = tradeToProbability(
      m.state,
      m.supplies,
      BigInt(o),
      numberToWad(o ? price : 1 - price),
    );
    if (t.shares > 0n) m.buy(o, t.shares, 1n << 200n, NOW);
    m.state = { ...m.state, feeBps };
    return m;
  }

  const spendFraction = (m: SimMarket, pi: number, lambda: number) => {
    const hi = maxSharesForCost(m.state, m.supplies[1] ?? 0n, CASH);
    const shares = kellyBuyShares(
      m.state,
      m.supplies[1] ?? 0n,
      1,
      [1 - pi, pi],
      { cash: CASH, shares: [0n, 0n] },
      hi,
      lambda,
    );
    return shares === 0n
      ? 0
      : Number(quoteBuy(m.state, m.supplies[1] ?? 0n, shares).cost) / Number(CASH);
  };

  it("full Kelly at a fixed price spends (π − c)/(1 − c) of the bankroll", () => {
    for (const [c, pi] of [
      [0.5, 0.6],
      [0.3, 0.45],
      [0.8, 0.9],
      [0.1, 0.3],
    ] as const) {
      const m = fixedPrice(c);
      const price = m.price(1);
      expect(spendFraction(m, pi, 1)).toBeCloseTo((pi - price) / (1 - price), 6);
    }
  });

  it("fractional Kelly λ spends c·K/(1 + c·K), K = R^λ − 1 (≈ λ × Kelly for small edges)", () => {
    for (const lambda of [0.5, 0.25, 0.1]) {
      const m = fixedPrice(0.5);
      const c = m.price(1);
      const pi = 0.6;
      const R = (pi * (1 - c)) / ((1 - pi) * c);
      const K = R ** lambda - 1;
      const f = spendFraction(m, pi, lambda);
      expect(f).toBeCloseTo((c * K) / (1 + c * K), 6);
      expect(f / ((pi - c) / (1 - c))).toBeGreaterThan(lambda * 0.95);
      expect(f / ((pi - c) / (1 - c))).toBeLessThan(lambda * 1.1);
    }
  });

  it("with a fee the cost per share is c(1 + fee): (π − c')/(1 − c')", () => {
    const m = fixedPrice(0.5, 100n);
    const c = m.price(1) * 1.01;
    expect(spendFraction(m, 0.6, 1)).toBeCloseTo((0.6 - c) / (1 - c), 5);
    // An edge smaller than the fee: nothing.
    expect(spendFraction(m, 0.504, 1)).toBe(0);
  });

  it("no edge, no stake", () => {
    const m = fixedPrice(0.5);
    expect(spendFraction(m, 0.5, 1)).toBe(0);
    expect(spendFraction(m, 0.4, 1)).toBe(0);
  });

  it("with price impact, the Kelly size maximises expected log wealth (exact costs)", () => {
    const m = binaryMarket(0.5, 1_000n, 100n);
    const cash = 1_000n * T;
    const q = m.supplies[1] ?? 0n;
    const pi = 0.7;
    const hi = maxSharesForCost(m.state, q, cash);
    const star = kellyBuyShares(m.state, q, 1, [1 - pi, pi], { cash, shares: [0n, 0n] }, hi, 1);
    const G = (d: bigint) => {
      const c = d === 0n ? 0n : quoteBuy(m.state, q, d).cost;
      return pi * Math.log(Number(cash - c + d)) + (1 - pi) * Math.log(Number(cash - c));
    };
    expect(star).toBeGreaterThan(0n);
    expect(G(star)).toBeGreaterThan(G(0n));
    expect(G(star)).toBeGreaterThanOrEqual(G((star * 99n) / 100n));
    expect(G(star)).toBeGreaterThanOrEqual(G((star * 101n) / 100n));
  });

  it("sells down to the Kelly position: h·c/T → (π − c)/(1 − c)", () => {
    const m = fixedPrice(0.5);
    const h = 1_000n * T;
    m.buy(1, h, 1n << 200n, NOW); // the agent's shares are part of the supply
    const c = m.price(1);
    const q = m.supplies[1] ?? 0n;
    // Holding only Yes, no cash: wealth T = h·c; the optimum holds x = f·T/c shares.
    const s = kellySellShares(m.state, q, 1, [0.4, 0.6], { cash: 0n, shares: [0n, h] }, 1);
    const f = (0.6 - c) / (1 - c);
    const keep = (f * Number(h) * c) / c;
    expect(Number(h - s) / keep).toBeCloseTo(1, 5);
    // A belief below the price: sell everything (one base unit of rounding).
    const all = kellySellShares(m.state, q, 1, [0.6, 0.4], { cash: 0n, shares: [0n, h] }, 1);
    expect(all).toBeGreaterThanOrEqual(h - 1n);
  });

  it("never pushes the price past the belief when nothing else is held", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.constantFrom(0.1, 0.25, 0.5, 1),
        fc.bigInt({ min: 1n, max: 100_000n }),
        (price, pi, lambda, cashTokens) => {
          const m = binaryMarket(price, 1_000n, 0n);
          const p = m.price(1);
          if (pi <= p + 1e-6) return;
          const q = m.supplies[1] ?? 0n;
          const cash = cashTokens * T;
          const hi = maxSharesForCost(m.state, q, cash);
          const k = kellyBuyShares(
            m.state,
            q,
            1,
            [1 - pi, pi],
            { cash, shares: [0n, 0n] },
            hi,
            lambda,
          );
          const t = tradeToProbability(m.state, m.supplies, 1n, numberToWad(pi));
          expect(k).toBeLessThanOrEqual(t.shares + 1n);
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it("deciding again right after a Kelly fill buys nothing", () => {
    const market = binaryMarket(0.4, 1_000n, 100n);
    const vault = new SimVault(1_000n * T, policy());
    const cfg = { config: { kellyFraction: 0.5 } };
    const first = decideTrade(input(market, 0.6, { ...cfg, holdings: vault.holdings(market) }));
    expect(first.boundBy).toBe("kelly");
    vault.execute(market, first, NOW);
    const second = decideTrade(input(market, 0.6, { ...cfg, holdings: vault.holdings(market) }));
    expect(second.action).toBe("skip");
    expect(second.skipReason).toBe("kellyZero");
  });
});

describe("caps: each binds at its edge", () => {
  const market = () => binaryMarket(0.5, 1_000n, 100n);
  const cases: {
    rule: string;
    limit: bigint;
    setup: Partial<DecideInput>;
  }[] = [
    { rule: "maxPerTrade", limit: 50n * T, setup: { policy: policy({ maxPerTrade: 50n * T }) } },
    {
      rule: "maxPerDay",
      limit: 50n * T,
      setup: {
        policy: policy({ maxPerDay: 200n * T }),
        usage: usage({ windowStart: NOW - 3_600n, windowSpent: 150n * T }),
      },
    },
    {
      rule: "maxPerDay",
      limit: 200n * T, // the window lapsed: the whole daily cap again
      setup: {
        policy: policy({ maxPerDay: 200n * T }),
        usage: usage({ windowStart: NOW - 86_400n, windowSpent: 190n * T }),
      },
    },
    {
      rule: "maxExposure",
      limit: 50n * T,
      setup: {
        policy: policy({ maxExposurePerMarket: 300n * T }),
        usage: usage({ marketExposure: 250n * T, totalExposure: 250n * T }),
      },
    },
    {
      rule: "maxTotalExposure",
      limit: 50n * T,
      setup: {
        policy: policy({ maxTotalExposure: 1_000n * T }),
        usage: usage({ totalExposure: 950n * T }),
      },
    },
    { rule: "bankroll", limit: 50n * T, setup: { holdings: { cash: 50n * T, shares: [0n, 0n] } } },
  ];
  for (const c of cases) {
    it(`${c.rule} (${c.limit / T} left)`, () => {
      const m = market();
      const d = decideTrade(input(m, 0.8, { config: { kellyFraction: null }, ...c.setup }));
      expect(d.action).toBe("buy");
      expect(d.boundBy).toBe(c.rule);
      expect(d.cost).toBeLessThanOrEqual(c.limit);
      expect(d.maxCost).toBeLessThanOrEqual(c.limit);
      expect(d.maxCost).toBeGreaterThanOrEqual(d.cost);
      // One more share would not fit.
      expect(quoteBuy(m.state, m.supplies[1] ?? 0n, d.shares + 1n).cost).toBeGreaterThan(c.limit);
      expect(d.candidates.map((x) => x.rule)).toEqual(
        expect.arrayContaining(["target", "maxPerTrade", "maxPerDay", "maxExposure", "bankroll"]),
      );
    });
  }

  it("slippage: maxCost = cost + ⌈cost·bps/10⁴⌉ when no cap is near", () => {
    const m = market();
    const d = decideTrade(input(m, 0.6, { config: { kellyFraction: null, slippageBps: 75n } }));
    expect(d.maxCost).toBe(d.cost + (d.cost * 75n + 9_999n) / 10_000n);
  });

  it("never above a limit (fast-check), and the simulated vault accepts every decision", () => {
    fc.assert(
      fc.property(
        fc.record({
          price: fc.double({ min: 0.02, max: 0.98, noNaN: true }),
          pi: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
          fee: fc.constantFrom(0n, 50n, 100n, 1_000n),
          b: fc.constantFrom(100n, 1_000n, 10_000n),
          maxPerTrade: fc.bigInt({ min: 0n, max: 500n }),
          maxPerDay: fc.bigInt({ min: 0n, max: 800n }),
          spentToday: fc.bigInt({ min: 0n, max: 800n }),
          maxExposure: fc.bigInt({ min: 0n, max: 600n }),
          exposure: fc.bigInt({ min: 0n, max: 600n }),
          total: fc.option(fc.bigInt({ min: 0n, max: 2_000n })),
          otherExposure: fc.bigInt({ min: 0n, max: 1_500n }),
          cash: fc.bigInt({ min: 0n, max: 2_000n }),
          heldYes: fc.bigInt({ min: 0n, max: 300n }),
          kelly: fc.constantFrom(null, 0.1, 0.5, 1),
          minEdge: fc.constantFrom(0, 0.01, 0.05),
        }),
        (r) => {
          const m = binaryMarket(r.price, r.b, r.fee);
          const pol = policy({
            maxPerTrade: r.maxPerTrade * T,
            maxPerDay: r.maxPerDay * T,
            maxExposurePerMarket: r.maxExposure * T,
            maxTotalExposure: r.total === null ? undefined : r.total * T,
          });
          const vault = new SimVault(r.cash * T + r.heldYes * T, policy());
          if (r.heldYes > 0n) {
            vault.agentBuy(m, 1, r.heldYes * T, 1n << 200n, NOW - 5n);
          }
          vault.policy = pol;
          vault.cash = r.cash * T;
          vault.windowStart = NOW - 60n;
          vault.windowSpent = r.spentToday * T;
          vault.exposure.set(m.marketId, r.exposure * T);
          vault.exposure.set(999n, r.otherExposure * T);
          const u = vault.usage(m.marketId);
          const d = decideTrade({
            market: m.view(),
            belief: belief(r.pi),
            holdings: vault.holdings(m),
            policy: pol,
            usage: u,
            now: NOW,
            config: { kellyFraction: r.kelly, minEdge: r.minEdge },
          });
          if (d.action === "buy") {
            const limits = [
              pol.maxPerTrade,
              pol.maxPerDay - u.windowSpent,
              pol.maxExposurePerMarket - u.marketExposure,
              vault.cash,
            ];
            if (pol.maxTotalExposure !== undefined)
              limits.push(pol.maxTotalExposure - u.totalExposure);
            for (const l of limits) {
              expect(d.cost).toBeLessThanOrEqual(l);
              expect(d.maxCost).toBeLessThanOrEqual(l);
            }
            expect(d.cost).toBe(quoteBuy(m.state, m.supplies[d.outcome ?? 0] ?? 0n, d.shares).cost);
          }
          if (d.action === "sell") {
            expect(d.shares).toBeLessThanOrEqual(vault.holdings(m).shares[d.outcome ?? 0] ?? 0n);
            expect(d.proceeds).toBe(
              quoteSell(m.state, m.supplies[d.outcome ?? 0] ?? 0n, d.shares).proceeds,
            );
          }
          // The vault's own checks (the contract's) accept it.
          vault.execute(m, d, NOW);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });
});

describe("skips: bad input never throws and never trades", () => {
  const m = () => binaryMarket(0.5, 1_000n, 100n);
  const expectSkip = (d: ReturnType<typeof decideTrade>, reason: string) => {
    expect(d.action).toBe("skip");
    expect(d.skipReason).toBe(reason);
    expect(d.boundBy).toBe(reason);
    expect(d.shares).toBe(0n);
    expect(d.cost).toBe(0n);
    expect(d.maxCost).toBe(0n);
    expect(d.reason).toMatch(new RegExp(`^skip \\(${reason}\\): .+`));
  };

  it("resolved, invalid or closed markets", () => {
    const market = m();
    market.resolve(1);
    expectSkip(decideTrade(input(market, 0.9)), "marketNotOpen");
    const invalid = { ...m().view(), status: "invalid" as const };
    expectSkip(decideTrade({ ...input(m(), 0.9), market: invalid }), "marketNotOpen");
    const closing = m();
    expectSkip(decideTrade(input(closing, 0.9, { now: closing.closeTime })), "marketClosed");
    // The chain reports Closed once the close time has passed (its clock may be ahead of `now`).
    const closedState = { ...m().view(), status: "closed" as const };
    expectSkip(decideTrade({ ...input(m(), 0.9), market: closedState }), "marketClosed");
  });

  it("a belief of exactly 0 or 1, or not a number", () => {
    for (const p of [0, 1, Number.NaN, -0.2, 1.5]) {
      expectSkip(decideTrade(input(m(), p)), "invalidBelief");
    }
    expectSkip(decideTrade(input(m(), 0.9, { belief: null })), "noBelief");
  });

  it("an empty bankroll", () => {
    expectSkip(
      decideTrade(input(m(), 0.9, { holdings: { cash: 0n, shares: [0n, 0n] } })),
      "emptyBankroll",
    );
  });

  it("a limit already reached names the limit", () => {
    const day = decideTrade(
      input(m(), 0.9, {
        policy: policy({ maxPerDay: 100n * T }),
        usage: usage({ windowStart: NOW - 10n, windowSpent: 100n * T }),
      }),
    );
    expectSkip(day, "limitReached");
    expect(day.reason).toContain("maxPerDay");
    const exposure = decideTrade(
      input(m(), 0.9, {
        policy: policy({ maxExposurePerMarket: 100n * T }),
        usage: usage({ marketExposure: 120n * T }),
      }),
    );
    expectSkip(exposure, "limitReached");
    expect(exposure.reason).toContain("maxExposure");
    expectSkip(
      decideTrade(input(m(), 0.9, { policy: policy({ maxPerTrade: 0n }) })),
      "limitReached",
    );
  });

  it("an expired policy, a market not on the list, another collateral", () => {
    expectSkip(decideTrade(input(m(), 0.9, { policy: policy({ expiry: NOW }) })), "policyExpired");
    expectSkip(
      decideTrade(input(m(), 0.9, { policy: policy({ allowedMarkets: [7n] }) })),
      "marketNotAllowed",
    );
    const market = {
      ...m().view(),
      collateral: "0x00000000000000000000000000000000000000aa" as const,
    };
    expectSkip(
      decideTrade({
        ...input(m(), 0.9),
        market,
        policy: policy({ collateral: "0x00000000000000000000000000000000000000bb" }),
      }),
      "collateralNotAllowed",
    );
  });

  it("an edge below the threshold, recording price and edge", () => {
    const d = decideTrade(input(m(), 0.51, { config: { minEdge: 0.02 } }));
    expectSkip(d, "edgeBelowThreshold");
    expect(d.price).toBeCloseTo(0.5, 9);
    expect(d.edge).toBeCloseTo(0.01, 9);
    expect(d.belief.components).toHaveLength(1);
  });

  it("malformed input", () => {
    expectSkip(decideTrade({} as DecideInput), "invalidInput");
    expectSkip(decideTrade(input(m(), 0.9, { now: 1 as unknown as bigint })), "invalidInput");
    expectSkip(
      decideTrade(input(m(), 0.9, { holdings: { cash: -1n, shares: [0n, 0n] } })),
      "invalidInput",
    );
    expectSkip(decideTrade(input(m(), 0.9, { config: { kellyFraction: 2 } })), "invalidInput");
    const broken = { ...m().view(), state: { liquidity: 0n, logSum: 0n, feeBps: 0n } };
    expectSkip(decideTrade({ ...input(m(), 0.9), market: broken }), "invalidInput");
  });

  it("a price that moved past the quote (re-checked before sending)", () => {
    const market = m();
    const d = decideTrade(input(market, 0.6, { config: { kellyFraction: null } }));
    expect(d.action).toBe("buy");
    // Unchanged market: the decision stands.
    expect(recheckDecision(d, market.view(), NOW).action).toBe("buy");
    // Someone buys a little: the cost rises above maxCost (slippage 0.5%) but the price is below π.
    const nudged = binaryMarket(0.5, 1_000n, 100n);
    nudged.buy(1, 20n * T, 1n << 200n, NOW);
    const r1 = recheckDecision(d, nudged.view(), NOW);
    expectSkip(r1, "priceMoved");
    expect(r1.reason).toContain("maxCost");
    // Someone moves the price past the belief.
    const moved = binaryMarket(0.65, 1_000n, 100n);
    const r2 = recheckDecision(d, moved.view(), NOW);
    expectSkip(r2, "priceMoved");
    expect(r2.reason).toContain("past the belief");
    // Closed meanwhile.
    const closed = m();
    closed.resolve(0);
    expectSkip(recheckDecision(d, closed.view(), NOW), "marketNotOpen");
  });
});

describe("the delegate's vote bounds the belief", () => {
  it("voting For: never bets No, never sells Yes", () => {
    const market = binaryMarket(0.6, 1_000n, 100n);
    const c = delegateConstraint({ delegate: "Steward", vote: "for", ruleId: "low-risk" });
    expect(c?.floor).toBe("price");
    const d = decideTrade(input(market, 0.3, { constraints: c ? [c] : [] }));
    expect(d.action).toBe("skip");
    expect(d.skipReason).toBe("edgeBelowThreshold");
    expect(d.belief.pooledP).toBe(0.3);
    expect(d.belief.p).toBeCloseTo(0.6, 9);
    expect(d.belief.adjustments[0]).toContain("delegate:Steward");
    // Holding Yes and believing 0.3: still no sell.
    const vault = new SimVault(1_000n * T, policy());
    vault.agentBuy(market, 1, 100n * T, 1_000n * T, NOW);
    const held = decideTrade(
      input(market, 0.3, { holdings: vault.holdings(market), constraints: c ? [c] : [] }),
    );
    expect(held.action).toBe("skip");
    // A belief above the price is untouched: buy Yes.
    const yes = decideTrade(input(market, 0.8, { constraints: c ? [c] : [] }));
    expect(yes.action).toBe("buy");
    expect(yes.outcome).toBe(1);
  });

  it("voting Against: never bets Yes; noTrade mode stays out", () => {
    const market = binaryMarket(0.4, 1_000n, 100n);
    const against = delegateConstraint({ delegate: "Builder", vote: "against" });
    const d = decideTrade(input(market, 0.9, { constraints: against ? [against] : [] }));
    expect(d.action).toBe("skip");
    const no = decideTrade(input(market, 0.1, { constraints: against ? [against] : [] }));
    expect(no.action).toBe("buy");
    expect(no.outcome).toBe(0);
    const out = delegateConstraint({ delegate: "Builder", vote: "for", mode: "noTrade" });
    const skipped = decideTrade(input(market, 0.9, { constraints: out ? [out] : [] }));
    expect(skipped.skipReason).toBe("noTrade");
    expect(delegateConstraint({ delegate: "x", vote: "abstain" })).toBeNull();
    expect(delegateConstraint({ delegate: "x", vote: "ask" })).toBeNull();
  });
});

describe("the decision record", () => {
  it("keeps belief, sources and weights, price, edge, size, exact cost, maxCost and boundBy", () => {
    const market = binaryMarket(0.5, 1_000n, 100n);
    const pooled = {
      p: 0.7,
      method: "log-odds weighted mean" as const,
      components: [
        { source: "holder", weight: 2, share: 2 / 3, p: 0.75, rationale: "holder" },
        { source: "openai/x", weight: 1, share: 1 / 3, p: 0.6, rationale: "model" },
      ],
      failures: [{ source: "proposal-tally", error: "no belief for this market" }],
    };
    const d = decideTrade({
      ...input(market, 0.7),
      belief: pooled,
      policy: policy({ maxPerTrade: 30n * T }),
    });
    expect(d).toMatchObject({
      action: "buy",
      marketId: 1n,
      outcome: 1,
      outcomeLabel: "Yes",
      at: NOW,
      boundBy: "maxPerTrade",
      skipReason: null,
      slippageBps: 50n,
    });
    expect(d.belief.components.map((c) => [c.source, c.weight])).toEqual([
      ["holder", 2],
      ["openai/x", 1],
    ]);
    expect(d.belief.failures).toHaveLength(1);
    expect(d.belief.kellyFraction).toBe(0.25);
    expect(d.priceWad).toBe(
      priceWad(market.state.logSum, market.supplies[1] ?? 0n, market.state.liquidity),
    );
    expect(d.edge).toBeCloseTo(0.2, 9);
    expect(d.cost).toBe(quoteBuy(market.state, market.supplies[1] ?? 0n, d.shares).cost);
    expect(d.reason).toContain("bounded by maxPerTrade");
  });
});
