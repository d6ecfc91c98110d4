/**
 * @mandate/config/ops (src/ops.ts, src/signals.ts): health, metrics and JSON logs for long-running
 * agents, their settings, and the stop signals.
 */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import {
  createAgentStatus,
  FORCED_EXIT_CODE,
  healthOf,
  jsonLogger,
  metricsText,
  opsSettingsFromEnv,
  type SignalTarget,
  serveOps,
  stopOnSignals,
} from "../src/ops.js";

describe("health", () => {
  it("is starting, ok, failing, stalled and stopped as the loop goes", () => {
    const s = createAgentStatus("delegate", { delegate_id: "1" });
    const t0 = s.startedAt;
    expect(healthOf(s, 30_000, t0)).toMatchObject({
      status: "starting",
      reason: "no step has completed yet",
    });
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

  it("escapes label values and is down while not ok", () => {
    const s = createAgentStatus("trader", { user: 'a"b\\c\nd' });
    const text = metricsText(s, 30_000, s.startedAt);
    expect(text).toContain('mandate_trader_up{user="a\\"b\\\\c\\nd"} 0');
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

describe("opsSettingsFromEnv", () => {
  const fail = (m: string) => new RangeError(m);

  it("defaults: no server, 127.0.0.1, text; the flag wins over MANDATE_HTTP_PORT", () => {
    expect(opsSettingsFromEnv({}, {}, fail)).toEqual({
      httpPort: null,
      httpHost: "127.0.0.1",
      logFormat: "text",
    });
    expect(
      opsSettingsFromEnv(
        {
          MANDATE_HTTP_PORT: "9100",
          MANDATE_HTTP_HOST: "0.0.0.0",
          MANDATE_LOG_FORMAT: "json",
        },
        { httpPort: "0" },
        fail,
      ),
    ).toEqual({ httpPort: 0, httpHost: "0.0.0.0", logFormat: "json" });
    expect(opsSettingsFromEnv({ MANDATE_HTTP_PORT: " ", MANDATE_HTTP_HOST: "" }, {}, fail)).toEqual(
      { httpPort: null, httpHost: "127.0.0.1", logFormat: "text" },
    );
  });

  it("names the variable of a bad value, with the agent's error type", () => {
    const cases: [Record<string, string>, { httpPort?: string }, string][] = [
      [{ MANDATE_LOG_FORMAT: "xml" }, {}, 'MANDATE_LOG_FORMAT must be "text" or "json", got "xml"'],
      [
        { MANDATE_HTTP_PORT: "65536" },
        {},
        'MANDATE_HTTP_PORT / --http-port must be an integer from 0 to 65535 (got "65536")',
      ],
      [
        {},
        { httpPort: "-1" },
        'MANDATE_HTTP_PORT / --http-port must be an integer from 0 to 65535 (got "-1")',
      ],
      [
        { MANDATE_HTTP_PORT: "80a" },
        {},
        'MANDATE_HTTP_PORT / --http-port must be an integer from 0 to 65535 (got "80a")',
      ],
    ];
    for (const [env, flags, message] of cases) {
      let thrown: unknown = null;
      try {
        opsSettingsFromEnv(env, flags, fail);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(RangeError);
      expect((thrown as Error).message).toBe(message);
    }
  });
});

describe("stopOnSignals", () => {
  function setup(outside?: AbortSignal) {
    const target = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    const stop = stopOnSignals({
      name: "mandate-test",
      log: (l) => lines.push(l),
      exit: (code) => exits.push(code),
      target: target as unknown as SignalTarget,
      signal: outside,
    });
    return { target, lines, exits, stop };
  }

  it("the first signal aborts (finish the step), the second exits with 130", () => {
    const { target, lines, exits, stop } = setup();
    expect(stop.signal.aborted).toBe(false);
    target.emit("SIGTERM");
    expect(stop.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(lines).toEqual([
      "mandate-test: SIGTERM: finishing the current step, then stopping (again to force)",
    ]);
    target.emit("SIGINT");
    expect(exits).toEqual([FORCED_EXIT_CODE]);
    expect(FORCED_EXIT_CODE).toBe(130);
    expect(lines[1]).toBe("mandate-test: SIGINT again: exiting now");
    expect(stop.count).toBe(2);
    stop.dispose();
  });

  it("dispose stops listening; an outside signal aborts without a notice", () => {
    const outside = new AbortController();
    const { target, lines, exits, stop } = setup(outside.signal);
    expect(target.listenerCount("SIGINT")).toBe(1);
    expect(target.listenerCount("SIGTERM")).toBe(1);
    outside.abort();
    expect(stop.signal.aborted).toBe(true);
    expect(lines).toEqual([]);
    stop.dispose();
    expect(target.listenerCount("SIGINT")).toBe(0);
    expect(target.listenerCount("SIGTERM")).toBe(0);
    target.emit("SIGTERM");
    expect(exits).toEqual([]);
    // An outside signal already aborted: aborted from the start.
    expect(setup(AbortSignal.abort()).stop.signal.aborted).toBe(true);
  });

  it("listens on process by default, and removes its listeners", () => {
    const before = process.listenerCount("SIGTERM");
    const exits: number[] = [];
    const stop = stopOnSignals({ name: "mandate-test", log: () => {}, exit: (c) => exits.push(c) });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    process.emit("SIGTERM");
    expect(stop.signal.aborted).toBe(true);
    stop.dispose();
    expect(process.listenerCount("SIGTERM")).toBe(before);
    expect(exits).toEqual([]);
  });
});
