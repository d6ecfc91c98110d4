/** Health, metrics and JSON logs for long-running agents (src/agent/ops.ts). */
import { describe, expect, it } from "vitest";
import {
  createAgentStatus,
  healthOf,
  jsonLogger,
  metricsText,
  serveOps,
} from "../src/agent/ops.js";

describe("health", () => {
  it("is starting, ok, failing, stalled and stopped as the loop goes", () => {
    const s = createAgentStatus("delegate", { delegate_id: "1" });
    const t0 = s.startedAt;
    expect(healthOf(s, 30_000, t0).status).toBe("starting");
    s.lastSuccessAt = t0 + 1_000;
    expect(healthOf(s, 30_000, t0 + 2_000).status).toBe("ok");
    expect(healthOf(s, 30_000, t0 + 40_000)).toMatchObject({
      status: "stalled",
      reason: "no successful step for 39 s",
    });
    s.failuresInARow = 2;
    s.lastError = "cannot reach the RPC";
    expect(healthOf(s, 30_000, t0 + 2_000)).toMatchObject({
      status: "failing",
      reason: "2 step(s) in a row failed: cannot reach the RPC",
    });
    s.phase = "stopped";
    expect(healthOf(s, 30_000, t0 + 2_000).status).toBe("stopped");
  });
});

describe("metrics", () => {
  it("writes Prometheus text with the labels, counters as _total and gauges", () => {
    const s = createAgentStatus("delegate", { delegate_id: "2" });
    s.lastSuccessAt = s.startedAt + 5_000;
    s.counters.votes = 3;
    s.gauges.cursor_block = 171;
    const text = metricsText(s, 30_000, s.startedAt + 6_000);
    expect(text).toContain(
      '# TYPE mandate_delegate_votes_total counter\nmandate_delegate_votes_total{delegate_id="2"} 3\n',
    );
    expect(text).toContain('mandate_delegate_cursor_block{delegate_id="2"} 171');
    expect(text).toContain('mandate_delegate_up{delegate_id="2"} 1');
    expect(text).toContain('mandate_delegate_uptime_seconds{delegate_id="2"} 6');
  });
});

describe("the endpoints", () => {
  it("answer 503 until a step succeeds, then 200; /metrics; 404 and 405 otherwise", async () => {
    const s = createAgentStatus("trader");
    const ops = await serveOps(s, { port: 0, staleAfterMs: 30_000 });
    try {
      let res = await fetch(`${ops.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "starting", service: "trader" });
      s.lastSuccessAt = Date.now();
      res = await fetch(`${ops.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", failuresInARow: 0 });
      res = await fetch(`${ops.url}/metrics`);
      expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      expect(await res.text()).toContain("mandate_trader_up 1");
      expect((await fetch(`${ops.url}/nope`)).status).toBe(404);
      expect((await fetch(`${ops.url}/health`, { method: "POST" })).status).toBe(405);
      // A second server on the same port gets a clear error.
      await expect(serveOps(s, { port: ops.port, staleAfterMs: 1 })).rejects.toThrow(
        `the health/metrics port ${ops.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await ops.close();
    }
  });
});

describe("JSON logs", () => {
  it("writes one object per line, the [tag] apart from the message", () => {
    const lines: string[] = [];
    const log = jsonLogger("delegate", (l) => lines.push(l));
    log("[delegate#2] P 900213…: sent For vote");
    log("plain line");
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, string>);
    expect(a).toMatchObject({
      level: "info",
      service: "delegate",
      tag: "delegate#2",
      msg: "P 900213…: sent For vote",
    });
    expect(Number.isNaN(Date.parse(a?.time ?? ""))).toBe(false);
    expect(b).toMatchObject({ msg: "plain line" });
    expect(b?.tag).toBeUndefined();
  });
});
