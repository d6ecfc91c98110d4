import { describe, expect, it } from "vitest";
import { indexerGet } from "@/lib/indexer";

const respond = (status: number, body: unknown) =>
  (async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    })) as unknown as typeof fetch;

describe("indexerGet", () => {
  it("returns the parsed body", async () => {
    const r = await indexerGet<{ markets: unknown[] }>("http://x/", "/markets", {
      fetch: respond(200, { markets: [1, 2] }),
    });
    expect(r).toEqual({ ok: true, data: { markets: [1, 2] } });
  });
  it("says the indexer is unreachable when nothing answers", async () => {
    const refused = (async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
      });
    }) as unknown as typeof fetch;
    const r = await indexerGet("http://127.0.0.1:1", "/markets", { fetch: refused });
    expect(r).toMatchObject({ ok: false, reason: "unreachable" });
    if (!r.ok) expect(r.message).toBe("The indexer is unreachable (ECONNREFUSED).");
  });
  it("times out", async () => {
    const hang = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as unknown as typeof fetch;
    const r = await indexerGet("http://x", "/markets", { fetch: hang, timeoutMs: 50 });
    expect(r).toMatchObject({
      ok: false,
      reason: "unreachable",
      message: "The indexer is unreachable (no answer in time).",
    });
  });
  it("passes the indexer's own error for a bad request or an unknown id", async () => {
    const r = await indexerGet("http://x", "/markets/999", {
      fetch: respond(404, { error: "market 999 not found" }),
    });
    expect(r).toEqual({
      ok: false,
      reason: "http",
      status: 404,
      message: "Indexer: market 999 not found",
    });
    const bad = await indexerGet("http://x", "/markets/abc", { fetch: respond(500, "oops") });
    expect(bad).toMatchObject({ ok: false, reason: "http", status: 500 });
  });
  it("treats the app proxy's 503 as unreachable", async () => {
    const r = await indexerGet("/api/indexer", "/status", {
      fetch: respond(503, { error: "The indexer is unreachable (no answer from it)." }),
    });
    expect(r).toMatchObject({
      ok: false,
      reason: "unreachable",
      message: "The indexer is unreachable (no answer from it).",
    });
  });
});
