// @vitest-environment node
/**
 * The server's page loaders when the indexer is stopped and the chain is unreachable too: they
 * must return notices that say so (never throw), so every page still renders.
 */
import { createServer } from "node:net";
import { mandateAddresses } from "@mandate/sdk";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "@/lib/config";
import { indexerGet } from "@/lib/indexer";
import type { IndexedDecision } from "@/lib/indexer-types";
import { serverPublicClient } from "@/lib/server/chain";
import type { ServerContext } from "@/lib/server/context";
import { delegateRecord, loadDelegates, readMandate } from "@/lib/server/delegates";
import { loadMarket, loadMarkets, priceSeries } from "@/lib/server/markets";
import { loadProposalDetail, loadProposalList } from "@/lib/server/proposals";

// A port nothing listens on (taken from the OS, then released): connections are refused at once.
const closedPort = await new Promise<number>((resolve) => {
  const server = createServer();
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});
const config: AppConfig = {
  rpcUrl: `http://127.0.0.1:${closedPort}`,
  indexerUrl: `http://127.0.0.1:${closedPort}`,
  chainId: 31337,
};
const ctx: ServerContext = {
  config,
  client: serverPublicClient(config),
  addresses: mandateAddresses(31337),
  notices: [],
  indexer: (path, options) => indexerGet(config.indexerUrl, path, { timeoutMs: 1000, ...options }),
};
const kinds = (n: { kind: string }[]) => n.map((x) => x.kind).sort();

describe("page loaders with nothing to read from", () => {
  it("never show a provider key from the RPC URL in a notice", async () => {
    const key = "Zx9aQ2wE4rT6yU8iO0pLkJhGfDs"; // the shape of an Alchemy or Infura key
    const keyed: AppConfig = { ...config, rpcUrl: `http://127.0.0.1:${closedPort}/v2/${key}` };
    const keyedCtx: ServerContext = { ...ctx, config: keyed, client: serverPublicClient(keyed) };
    const m = await loadMarkets(keyedCtx);
    const chainNotice = m.notices.find((n) => n.kind === "chain")?.message ?? "";
    expect(chainNotice).toMatch(/unreachable/);
    expect(chainNotice).toContain(`127.0.0.1:${closedPort}`);
    expect(chainNotice).not.toContain(key);
    expect(JSON.stringify(m)).not.toContain(key);
  });
  it("proposals: say the indexer and the chain are unreachable", async () => {
    const r = await loadProposalList(ctx);
    expect(r.items).toEqual([]);
    expect(kinds(r.notices)).toEqual(["chain", "indexer"]);
    expect(r.notices.find((n) => n.kind === "indexer")?.message).toMatch(
      /^The indexer is unreachable \(ECONNREFUSED\)\. Showing what can be read from the chain/,
    );
    const d = await loadProposalDetail(ctx, 123n);
    expect(d.detail).toBeNull();
    expect(kinds(d.notices)).toEqual(["chain", "indexer"]);
  });
  it("markets and delegates: the same", async () => {
    const m = await loadMarkets(ctx);
    expect(m.markets).toEqual([]);
    expect(kinds(m.notices)).toEqual(["chain", "indexer"]);
    const one = await loadMarket(ctx, 5n);
    expect(one.market).toBeNull();
    expect(kinds(one.notices)).toEqual(["chain", "indexer"]);
    const d = await loadDelegates(ctx);
    expect(d.delegates).toEqual([]);
    expect(kinds(d.notices)).toEqual(["chain", "indexer"]);
  });
});

describe("delegate records", () => {
  const decision = (over: Partial<IndexedDecision>): IndexedDecision => ({
    id: "x",
    delegateId: "1",
    proposalId: "1",
    kind: "vote",
    instance: "0x0000000000000000000000000000000000000001",
    support: 1,
    reasonCode: null,
    weight: "1",
    summaryHash: "0x00",
    mandateVersion: "1",
    mandateHash: "0x00",
    text: "Rule 'a' fired: x",
    timestamp: "1",
    txHash: "0x00",
    overrides: [],
    ...over,
  });
  it("count agreement only on decided proposals, and overrides received", () => {
    const states = new Map<string, string | null>([
      ["1", "executed"],
      ["2", "defeated"],
      ["3", "active"],
      ["4", "defeated"],
      ["5", "succeeded"],
    ]);
    const override = {
      voter: "0x1",
      support: 0,
      weight: "5",
      reason: "",
      delegate: "0x2",
      timestamp: "1",
      txHash: "0x3",
    } as const;
    const r = delegateRecord(
      [
        decision({ proposalId: "1", support: 1 }), // For, passed: agrees
        decision({ proposalId: "2", support: 1, overrides: [override, override] }), // For, defeated
        decision({ proposalId: "3", support: 0 }), // still voting: not counted
        decision({ proposalId: "4", support: 0 }), // Against, defeated: agrees
        decision({ proposalId: "5", support: 2 }), // Abstain: not counted
        decision({ proposalId: "5", kind: "pending", support: null, reasonCode: 0 }),
      ],
      states,
      new Map(),
    );
    expect(r).toMatchObject({ votes: 5, asks: 1, overridesReceived: 2, decided: 3, agreed: 2 });
    expect(r.decisions[0]?.ruleId).toBe("a");
  });
  it("say when a published mandate does not hash to the registered hash", () => {
    const uri = `data:application/json,${encodeURIComponent(
      JSON.stringify({
        schema: "mandate/v1",
        name: "n",
        version: 1,
        defaultStance: "for",
        uncertainty: { minConfidence: 0.5, onMismatch: "ask", onUnknownCalldata: "ask" },
        rules: [],
      }),
    )}`;
    expect(readMandate(uri, `0x${"00".repeat(32)}`).hashMatches).toBe(false);
    expect(readMandate("ipfs://x", "0x").error).toMatch(/does not fetch/);
  });
});

describe("price series", () => {
  it("splits the indexer's points per outcome", () => {
    const s = priceSeries({
      marketId: "5",
      outcomes: ["Yes", "No"],
      prices: ["1", "2"],
      points: [
        {
          outcome: 0,
          blockNumber: "1",
          logIndex: 0,
          timestamp: "10",
          price: "500000000000000000",
          tradeId: null,
        },
        {
          outcome: 1,
          blockNumber: "1",
          logIndex: 0,
          timestamp: "10",
          price: "500000000000000000",
          tradeId: null,
        },
        {
          outcome: 0,
          blockNumber: "2",
          logIndex: 0,
          timestamp: "20",
          price: "600000000000000000",
          tradeId: "t",
        },
      ],
    });
    expect(s.map((x) => x.label)).toEqual(["Yes", "No"]);
    expect(s[0]?.points).toEqual([
      { t: 10, p: 0.5 },
      { t: 20, p: 0.6 },
    ]);
    expect(s[1]?.points).toHaveLength(1);
  });
});
