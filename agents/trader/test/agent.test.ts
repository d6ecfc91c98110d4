import { describe, expect, it } from "vitest";
import {
  type DecisionLogEntry,
  decisionId,
  decisionToJson,
  runTraderOnce,
  type TraderChain,
} from "../src/agent.js";
import { delegateConstraint } from "../src/beliefs/delegate.js";
import { holderSource } from "../src/beliefs/holder.js";
import type { TradingPolicy } from "../src/limits.js";
import { type SimMarket, SimVault } from "../src/sim.js";
import type { TradeDecision } from "../src/sizing.js";
import { binaryMarket, NOW, policy, T } from "./helpers.js";

/** A TraderChain over the simulator: what the SDK wiring will provide against the vault. */
function simChain(
  markets: SimMarket[],
  vault: SimVault,
  hooks: { beforeRead?: (m: SimMarket) => void } = {},
) {
  const sent = new Set<string>();
  const chain: TraderChain = {
    now: async () => NOW,
    listMarkets: async () => markets.map((m) => m.view()),
    readMarket: async (id) => {
      const m = markets.find((x) => x.marketId === id);
      if (!m) throw new Error(`no market ${id}`);
      hooks.beforeRead?.(m);
      return m.view();
    },
    readPolicy: async (): Promise<TradingPolicy> => vault.policy,
    readUsage: async (id) => vault.usage(id),
    readHoldings: async (view) => {
      const m = markets.find((x) => x.marketId === view.marketId);
      if (!m) throw new Error("unknown market");
      return vault.holdings(m);
    },
    execute: async (d: TradeDecision, id: string) => {
      if (sent.has(id)) throw new Error("duplicate decision id");
      sent.add(id);
      const m = markets.find((x) => x.marketId === d.marketId);
      if (!m) throw new Error("unknown market");
      return { txHash: `sim-${id.slice(0, 8)}`, amount: vault.execute(m, d, NOW) };
    },
  };
  return chain;
}

describe("runTraderOnce", () => {
  it("believes, decides, re-checks, executes and records, one trade per market", async () => {
    const a = binaryMarket(0.4, 1_000n, 100n, 1n);
    const b = binaryMarket(0.5, 1_000n, 100n, 2n);
    const vault = new SimVault(1_000n * T, policy({ maxPerTrade: 25n * T }));
    const entries: DecisionLogEntry[] = [];
    const decisions = await runTraderOnce({
      chain: simChain([a, b], vault),
      sources: [holderSource({ beliefs: { "1": { p: 0.6 } } })],
      sink: { record: (e) => void entries.push(e) },
    });
    expect(decisions.map((d) => d.action)).toEqual(["buy", "skip"]);
    expect(decisions[0]?.boundBy).toBe("maxPerTrade");
    expect(decisions[1]?.skipReason).toBe("noBelief");
    expect(entries.map((e) => e.status)).toEqual(["executed", "skipped"]);
    expect(entries[0]?.receipt?.amount).toBe(decisions[0]?.cost);
    expect(vault.cash).toBe(1_000n * T - (decisions[0]?.cost ?? 0n));
    // The record serialises (bigints as strings).
    const json = decisionToJson(decisions[0] as TradeDecision);
    expect(json.cost).toBe(String(decisions[0]?.cost));
    expect(decisionId(decisions[0] as TradeDecision)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("does not send when the price moved past the belief before sending", async () => {
    const a = binaryMarket(0.4, 1_000n, 100n, 1n);
    const vault = new SimVault(1_000n * T, policy());
    const frontRun = (m: SimMarket) => {
      if (m.price(1) < 0.65) m.buy(1, 600n * T, 1n << 200n, NOW);
    };
    const entries: DecisionLogEntry[] = [];
    const [d] = await runTraderOnce({
      chain: simChain([a], vault, { beforeRead: frontRun }),
      sources: [holderSource({ beliefs: { "1": { p: 0.6 } } })],
      sink: { record: (e) => void entries.push(e) },
    });
    expect(d?.skipReason).toBe("priceMoved");
    expect(entries[0]?.status).toBe("skipped");
    expect(vault.cash).toBe(1_000n * T);
  });

  it("applies per-market constraints, supports dry runs, and records failures", async () => {
    const a = binaryMarket(0.6, 1_000n, 100n, 1n);
    const vault = new SimVault(1_000n * T, policy());
    const forVote = delegateConstraint({ delegate: "Steward", vote: "for" });
    const [constrained] = await runTraderOnce({
      chain: simChain([a], vault),
      sources: [holderSource({ beliefs: { "1": { p: 0.2 } } })],
      constraintsFor: async () => (forVote ? [forVote] : []),
    });
    expect(constrained?.action).toBe("skip");
    expect(constrained?.belief.adjustments.join()).toContain("Steward");

    const [dry] = await runTraderOnce({
      chain: simChain([a], vault),
      sources: [holderSource({ beliefs: { "1": { p: 0.9 } } })],
      dryRun: true,
    });
    expect(dry?.action).toBe("buy");
    expect(vault.cash).toBe(1_000n * T);

    const failing = simChain([a], vault);
    failing.execute = async () => {
      throw new Error("VaultAgentExpired");
    };
    const entries: DecisionLogEntry[] = [];
    await runTraderOnce({
      chain: failing,
      sources: [holderSource({ beliefs: { "1": { p: 0.9 } } })],
      sink: { record: (e) => void entries.push(e) },
    });
    expect(entries[0]?.status).toBe("failed");
    expect(entries[0]?.error).toContain("VaultAgentExpired");
  });
});
