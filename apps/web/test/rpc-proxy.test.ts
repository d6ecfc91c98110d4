import { describe, expect, it } from "vitest";
import { isProxiedIndexerPath } from "@/lib/indexer";
import { isAllowedRpcMethod, rejectRpc } from "@/lib/rpc-proxy";

describe("the JSON-RPC proxy", () => {
  it("forwards reads and signed transactions", () => {
    expect(rejectRpc({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [] })).toBeNull();
    expect(
      rejectRpc([
        { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
        { jsonrpc: "2.0", id: 2, method: "eth_sendRawTransaction", params: ["0x"] },
      ]),
    ).toBeNull();
  });
  it("refuses node-side signing and the node's test methods, naming the method", () => {
    for (const method of [
      "eth_sendTransaction",
      "eth_sign",
      "hardhat_setBalance",
      "evm_increaseTime",
      "debug_traceTransaction",
    ]) {
      expect(isAllowedRpcMethod(method)).toBe(false);
      const r = rejectRpc({ jsonrpc: "2.0", id: 7, method });
      expect(r?.status).toBe(200);
      expect(r?.body).toMatchObject({ id: 7, error: { code: -32601 } });
      expect(JSON.stringify(r?.body)).toContain(method);
    }
    // One bad request in a batch refuses the batch.
    expect(rejectRpc([{ method: "eth_call" }, { method: "hardhat_mine" }])).not.toBeNull();
  });
  it("rejects malformed bodies", () => {
    expect(rejectRpc([])?.status).toBe(400);
    expect(rejectRpc("eth_call")?.status).toBe(400);
    expect(rejectRpc(Array.from({ length: 101 }, () => ({ method: "eth_call" })))?.status).toBe(
      400,
    );
  });
});

describe("the indexer proxy", () => {
  it("serves the REST reads the app makes and nothing else", () => {
    for (const p of [
      "/markets",
      "/markets/5",
      "/markets/5/prices",
      "/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C8/positions",
      "/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C8/credit",
      "/proposals/123",
      "/delegates/1/decisions",
      "/agents",
      "/vaults/0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "/status",
    ]) {
      expect(isProxiedIndexerPath(p), p).toBe(true);
    }
    for (const p of [
      "/graphql",
      "/sql/db",
      "/markets/5/../../graphql",
      "/accounts/0x1/positions",
      "/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C8/credits",
      "/metrics",
    ]) {
      expect(isProxiedIndexerPath(p), p).toBe(false);
    }
  });
});
