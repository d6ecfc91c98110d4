/**
 * The CLI's configuration and failure modes without a chain: bad flags, keys on the command line,
 * an unreachable and a stalled RPC (one-line messages, retried with backoff, no stack traces),
 * dev keys refused off the local chain (a stub RPC that says chain 1), the beliefs file, the
 * loop's backoff, and the track record's scoring rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BeliefRecord, TraderMarketRecord } from "@mandate/delegate";
import { HARDHAT_MNEMONIC } from "@mandate/delegate";
import type { Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { cachedSource } from "../src/beliefs/cache.js";
import { type BeliefSource, makeBelief } from "../src/beliefs/types.js";
import { main } from "../src/cli.js";
import { scoreTrackRecords } from "../src/track-record.js";
import { loadBeliefsFile, parseBeliefs } from "../src/vault/beliefs-file.js";
import { loadTraderConfig, parseTraderArgs, TraderConfigError } from "../src/vault/config.js";
import { runTraderLoop, type TraderRuntime } from "../src/vault/runtime.js";

const USER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const tmp = mkdtempSync(join(tmpdir(), "mandate-trader-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const devKey = (i: number) => {
  const pk = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
  if (!pk) throw new Error("no key");
  return `0x${Buffer.from(pk).toString("hex")}`;
};

function listen<T extends Server | HttpServer>(server: T): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

describe("flags and configuration", () => {
  it("prints the help", async () => {
    const r = io();
    expect(await main(["--help"], {}, r.io)).toBe(0);
    expect(r.out.join("\n")).toContain("--user ADDRESS");
    expect(r.out.join("\n")).toContain("--report");
  });

  it("refuses bad flags with one clear line and exit code 2", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--frobnicate"], {}, /unknown argument "--frobnicate"/],
      [["--user"], {}, /--user needs a value/],
      [["--dev-account", "12"], {}, /--user \(or MANDATE_TRADER_USER\) is required/],
      [["--user", "0x123", "--dev-account", "12"], {}, /must be a 20-byte hex address/],
      [["--user", USER], {}, /no agent key: set MANDATE_TRADER_KEY/],
      [["--user", USER, "--dev-account", "x"], {}, /--dev-account must be an integer/],
      [["--user", USER, "--dev-account", "12", "--interval-ms", "5"], {}, /--interval-ms/],
      [["--user", USER, "--private-key", "0xabc"], {}, /not accepted: a key on the command line/],
      [["--user", USER, "--once=yes"], {}, /--once takes no value/],
      [
        ["--user", USER, "--dev-account", "12", "--rpc-url", "ftp://x"],
        {},
        /must be an http\(s\) URL/,
      ],
      [["--user", USER, "--dev-account", "12", "--delegate-id", "0"], {}, /--delegate-id/],
      [["--user", USER, "--dev-account", "12"], { MANDATE_TRADER_KEY: devKey(12) }, /not both/],
      [["--user", USER, "--dev-account", "12"], { DATABASE_URL: "mysql://x" }, /postgres:\/\//],
      [
        ["--user", USER, "--dev-account", "12"],
        { MANDATE_TRADER_FORECASTER: "openai" },
        /needs OPENAI_MODEL/,
      ],
    ];
    for (const [argv, env, pattern] of cases) {
      const r = io();
      expect(await main(argv, env, r.io)).toBe(2);
      expect(r.err[0]).toMatch(/^mandate-trader: TraderConfigError: /);
      expect(r.err[0]).toMatch(pattern);
      expect(r.err).toHaveLength(2); // the line and "Run with --help"
    }
  });

  it("never echoes a malformed key", () => {
    const secret = "ab".repeat(31); // 62 hex digits: malformed
    try {
      loadTraderConfig({ MANDATE_TRADER_KEY: secret }, parseTraderArgs(["--user", USER]));
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(TraderConfigError);
      expect((e as Error).message).toContain("62 characters");
      expect((e as Error).message).not.toContain(secret);
    }
  });

  it("reads the environment, flags winning", () => {
    const config = loadTraderConfig(
      {
        MANDATE_TRADER_USER: USER,
        MANDATE_TRADER_DEV_ACCOUNT: "12",
        MANDATE_TRADER_INTERVAL_MS: "2500",
        MANDATE_TRADER_ONCE: "1",
        MANDATE_TRADER_DELEGATE_ID: "2",
      },
      parseTraderArgs(["--interval-ms", "1000"]),
      "/base",
    );
    expect(config.user).toBe(USER);
    expect(config.devAccount).toBe(12);
    expect(config.intervalMs).toBe(1000);
    expect(config.once).toBe(true);
    expect(config.delegateId).toBe(2n);
    expect(config.dryRun).toBe(false);
    // A dry run needs no key.
    expect(loadTraderConfig({}, parseTraderArgs(["--user", USER, "--dry-run"])).key).toBeNull();
  });
});

describe("the RPC", () => {
  it("unreachable: retried with backoff, then one line, no stack trace", async () => {
    const r = io();
    const code = await main(
      ["--user", USER, "--dev-account", "12", "--rpc-url", "http://127.0.0.1:1", "--once"],
      {},
      r.io,
      undefined,
      { retryBaseMs: 10, onceAttempts: 3 },
    );
    expect(code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^mandate-trader: RpcUnreachableError: cannot reach the RPC at http:\/\/127\.0\.0\.1:1\/: .*\(gave up after 3 attempts\)$/,
    );
    const retries = r.out.filter((l) => l.startsWith("[trader] cannot reach the RPC"));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/retrying in 0\.0 s$/);
    for (const l of [...r.out, ...r.err]) {
      expect(l).not.toContain("\n");
      expect(l).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
  });

  it("stalled (accepts, never answers): times out, the same way", async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s); // never answers
    });
    const port = await listen(server);
    try {
      const r = io();
      const code = await main(
        ["--user", USER, "--dev-account", "12", "--rpc-url", `http://127.0.0.1:${port}`, "--once"],
        { MANDATE_RPC_TIMEOUT_MS: "200" },
        r.io,
        undefined,
        { retryBaseMs: 10, onceAttempts: 2 },
      );
      expect(code).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(
        /cannot reach the RPC at http:\/\/127\.0\.0\.1:\d+\/: .*took too long/,
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses the well-known dev keys on a chain other than 31337", async () => {
    const server = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const { id } = JSON.parse(body) as { id: number };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x1" })); // chain 1
      });
    });
    const port = await listen(server);
    try {
      const rpc = `http://127.0.0.1:${port}`;
      const a = io();
      expect(await main(["--user", USER, "--dev-account", "12", "--rpc-url", rpc], {}, a.io)).toBe(
        2,
      );
      expect(a.err[0]).toMatch(/DevKeyRefusedError: --dev-account .* refused on chain 1/);
      const b = io();
      const key = devKey(12);
      expect(
        await main(["--user", USER, "--rpc-url", rpc], { MANDATE_TRADER_KEY: key }, b.io),
      ).toBe(2);
      expect(b.err[0]).toMatch(
        /DevKeyRefusedError: MANDATE_TRADER_KEY is a well-known Hardhat dev key/,
      );
      expect(b.err.join(" ")).not.toContain(key.slice(2));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("the beliefs file", () => {
  it("parses market ids to probabilities, and names what is wrong", () => {
    const b = parseBeliefs('{"5": 0.7, "12": {"p": 1, "note": "sure"}, "$comment": "x"}', "f.json");
    expect([...b.entries()]).toEqual([
      [5n, { p: 0.7 }],
      [12n, { p: 1, note: "sure" }],
    ]);
    expect(() => parseBeliefs("[1]", "f.json")).toThrow(/must be an object/);
    expect(() => parseBeliefs('{"five": 0.5}', "f.json")).toThrow(/"five" is not a market id/);
    expect(() => parseBeliefs('{"5": 1.5}', "f.json")).toThrow(
      /market 5: the probability must be a number from 0 to 1/,
    );
    expect(() => parseBeliefs('{"5": {"p": "x"}}', "f.json")).toThrow(/market 5/);
    expect(() => parseBeliefs("{", "f.json")).toThrow(/not JSON/);
  });

  it("is re-read when it changes; a broken edit keeps the previous beliefs", async () => {
    const path = join(tmp, "beliefs.json");
    writeFileSync(path, '{"5": 0.7}');
    const lines: string[] = [];
    const file = loadBeliefsFile(path, { log: (l) => lines.push(l) });
    const market = { marketId: 5n, outcomes: ["Yes", "No"], yesOutcome: 0 } as never;
    const ctx = { now: 0n };
    expect((await file.source().believe(market, ctx))?.p).toBe(0.7);
    writeFileSync(path, '{"5": 0.65, "6": 0.2}');
    expect((await file.source().believe(market, ctx))?.p).toBe(0.65);
    expect(file.size).toBe(2);
    writeFileSync(path, '{"5": 7}');
    expect((await file.source().believe(market, ctx))?.p).toBe(0.65);
    expect(lines.some((l) => l.startsWith("beliefs file not reloaded"))).toBe(true);
    expect(() => loadBeliefsFile(join(tmp, "missing.json"))).toThrow(/no such file/);
  });
});

describe("the loop", () => {
  it("logs a failed pass in one line, retries with a growing delay, and gives up with --once", async () => {
    let calls = 0;
    const failing: TraderRuntime = {
      scope: { vault: USER as Address, agent: USER as Address, user: USER as Address },
      async pass() {
        calls++;
        throw new Error("HTTP request failed.\nStatus: 503");
      },
    };
    const lines: string[] = [];
    const result = await runTraderLoop(failing, {
      once: true,
      retryBaseMs: 5,
      onceAttempts: 3,
      log: (l) => lines.push(l),
    });
    expect(calls).toBe(3);
    expect(result.error).toBe("HTTP request failed. Status: 503");
    expect(lines).toEqual([
      "pass failed, retrying in 0.0 s: HTTP request failed. Status: 503",
      "pass failed, retrying in 0.0 s: HTTP request failed. Status: 503",
      "pass failed (3 attempts), giving up: HTTP request failed. Status: 503",
    ]);
  });

  it("keeps running after failures until stopped", async () => {
    const controller = new AbortController();
    let calls = 0;
    const flaky: TraderRuntime = {
      scope: { vault: USER as Address, agent: USER as Address, user: USER as Address },
      async pass() {
        calls++;
        if (calls % 2 === 1) throw new Error("ECONNREFUSED");
        if (calls >= 6) controller.abort();
        return { blocked: null, markets: 0, entries: [], resumed: [], confirmed: 0, errors: 0 };
      },
    };
    const result = await runTraderLoop(flaky, {
      intervalMs: 1,
      retryBaseMs: 1,
      signal: controller.signal,
    });
    expect(calls).toBe(6);
    expect(result.passes).toBe(3);
  });
});

describe("the track record", () => {
  const vault = "0x00000000000000000000000000000000000000a1" as Address;
  const agent = "0x00000000000000000000000000000000000000a2" as Address;
  const user = "0x00000000000000000000000000000000000000a3" as Address;
  const market = (id: bigint, over: Partial<TraderMarketRecord> = {}): TraderMarketRecord => ({
    vault,
    marketId: id,
    question: `Q${id}`,
    outcomes: ["Yes", "No"],
    yesOutcome: 0,
    closeTime: 1_000n,
    status: "resolved",
    resolvedOutcome: 0,
    proposalId: null,
    updatedAt: new Date(0),
    ...over,
  });
  let id = 0;
  const belief = (marketId: bigint, p: number, at: bigint, price = 0.5): BeliefRecord => ({
    id: ++id,
    vault,
    agent,
    user,
    marketId,
    p,
    constrainedP: p,
    price,
    components: [{ source: "holder", weight: 1, share: 1, p }],
    at,
    lastSeenAt: at,
    createdAt: new Date(0),
  });

  it("scores the last belief before close, binary resolved markets only", () => {
    const markets = [
      market(1n), // Yes
      market(2n, { resolvedOutcome: 1 }), // No
      market(3n, { yesOutcome: 1, outcomes: ["No", "Yes"], resolvedOutcome: 1 }), // Yes
      market(4n, { status: "invalid", resolvedOutcome: null }), // excluded
      market(5n, { status: "open", resolvedOutcome: null }), // excluded
      market(6n, { outcomes: ["a", "b", "c"] }), // categorical: excluded
    ];
    const beliefs = [
      belief(1n, 0.6, 100n),
      belief(1n, 0.8, 900n, 0.7), // the last before close
      belief(1n, 0.1, 1_000n), // at close: too late
      belief(2n, 0.3, 500n, 0.4),
      belief(3n, 0.9, 10n, 0.6),
      belief(4n, 0.5, 10n),
      belief(5n, 0.5, 10n),
      belief(6n, 0.5, 10n),
    ];
    const [record] = scoreTrackRecords(markets, beliefs);
    if (!record) throw new Error("no record");
    expect(record.scored.map((s) => [s.marketId, s.p, s.outcome])).toEqual([
      ["1", 0.8, 1],
      ["2", 0.3, 0],
      ["3", 0.9, 1],
    ]);
    expect(record.brier).toBeCloseTo((0.2 ** 2 + 0.3 ** 2 + 0.1 ** 2) / 3, 15);
    expect(record.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7) + Math.log(0.9)) / 3, 15);
    expect(record.marketBrier).toBeCloseTo((0.3 ** 2 + 0.4 ** 2 + 0.4 ** 2) / 3, 15);
    expect(record.bySource).toEqual([
      { source: "holder", markets: 3, brier: record.brier, logLoss: record.logLoss },
    ]);
  });

  it("a constant 0.5 forecaster scores 0.25 and ln 2", () => {
    const [record] = scoreTrackRecords(
      [market(1n), market(2n, { resolvedOutcome: 1 })],
      [belief(1n, 0.5, 1n), belief(2n, 0.5, 1n)],
    );
    expect(record?.brier).toBe(0.25);
    expect(record?.logLoss).toBeCloseTo(Math.LN2, 15);
  });
});

describe("a cached source (the model is not asked every pass)", () => {
  it("answers from memory for the TTL per market, and keeps a failure for a shorter time", async () => {
    let calls = 0;
    let failing = false;
    let t = 0;
    const model: BeliefSource = {
      id: "openai/test",
      weight: 2,
      async believe(market) {
        calls++;
        if (failing) throw new Error("HTTP 503");
        return makeBelief("openai/test", market.marketId === 1n ? 0.6 : 0.3, "because");
      },
    };
    const cached = cachedSource(model, { ttlMs: 1_000, errorTtlMs: 100, clock: () => t });
    const m1 = { marketId: 1n } as never;
    const m2 = { marketId: 2n } as never;
    const ctx = { now: 0n };
    expect([cached.id, cached.weight]).toEqual(["openai/test", 2]);
    expect((await cached.believe(m1, ctx))?.p).toBe(0.6);
    expect((await cached.believe(m1, ctx))?.p).toBe(0.6);
    expect((await cached.believe(m2, ctx))?.p).toBe(0.3);
    expect(calls).toBe(2);
    t = 1_000; // expired: asked again, and it fails
    failing = true;
    await expect(cached.believe(m1, ctx)).rejects.toThrow("HTTP 503");
    await expect(cached.believe(m1, ctx)).rejects.toThrow("HTTP 503");
    expect(calls).toBe(3);
    t = 1_100;
    failing = false;
    expect((await cached.believe(m1, ctx))?.p).toBe(0.6);
    expect(calls).toBe(4);
  });
});
