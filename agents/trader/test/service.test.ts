/**
 * The trader as a long-running service, without a chain: the config file and its precedence
 * (flags > environment > file > defaults), every variable in @mandate/config's table, the agent key
 * from a real V3 keystore (the dev keys refused off 31337 from it too), /health and /metrics over
 * real HTTP, JSON log lines, and the stop signal. "Another chain" is a JSON-RPC stub that says
 * chain 1; "unreachable" is a port nobody listens on.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import {
  encryptKeystore,
  MANDATE_VARIABLES,
  SigningKeyError,
  signingKeyFromEnv,
} from "@mandate/config";
import { healthOf, serveOps } from "@mandate/config/ops";
import { HARDHAT_MNEMONIC } from "@mandate/delegate";
import type { Address } from "viem";
import { mnemonicToAccount, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import {
  loadTraderConfig,
  loadTraderKeystore,
  loadTraderSettings,
  parseTraderArgs,
} from "../src/vault/config.js";
import { type LoopStep, type PassResult, runTraderLoop } from "../src/vault/runtime.js";
import {
  createTraderStatus,
  recordConnected,
  recordFailure,
  recordPass,
  traderStaleAfterMs,
} from "../src/vault/status.js";

const USER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
/** Not a dev key. */
const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const PASSWORD = "correct horse battery staple";
const tmp = mkdtempSync(join(tmpdir(), "mandate-trader-service-"));

const devKey = (i: number) => {
  const pk = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
  if (!pk) throw new Error("no key");
  return `0x${Buffer.from(pk).toString("hex")}` as `0x${string}`;
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

/** A fresh directory under tmp. */
let dirs = 0;
function dir(): string {
  const d = join(tmp, `d${++dirs}`);
  mkdirSync(d);
  return d;
}

/** A JSON-RPC endpoint that says it is chain 1 and knows nothing else. */
let chainOne: Server;
let chainOneUrl = "";
/** An address where nothing listens. */
let deadUrl = "";

beforeAll(async () => {
  chainOne = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const msg = JSON.parse(body) as { id: number; method: string };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          msg.method === "eth_chainId"
            ? { jsonrpc: "2.0", id: msg.id, result: "0x1" }
            : { jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "no such method" } },
        ),
      );
    });
  });
  chainOneUrl = `http://127.0.0.1:${await listen(chainOne)}`;
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));
  deadUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => chainOne.close(() => r()));
  rmSync(tmp, { recursive: true, force: true });
});

describe("the config file: flags > environment > file > defaults", () => {
  it("reads the file; the environment wins over it, a flag over both; the rest are defaults", () => {
    const d = dir();
    const file = join(d, "trader.json");
    writeFileSync(
      file,
      JSON.stringify({
        MANDATE_TRADER_USER: USER,
        MANDATE_TRADER_DEV_ACCOUNT: 12,
        MANDATE_TRADER_INTERVAL_MS: 2500,
        MANDATE_RPC_URL: "http://file.example:8545",
        MANDATE_TRADER_DELEGATE_ID: 3,
        MANDATE_TRADER_ONCE: true,
        MANDATE_HTTP_PORT: 9100,
        MANDATE_LOG_FORMAT: "json",
      }),
    );
    const env = { MANDATE_CONFIG: file, MANDATE_RPC_URL: "http://env.example:8545" };
    const all = loadTraderSettings(
      { ...env, MANDATE_TRADER_INTERVAL_MS: "2000" },
      parseTraderArgs(["--interval-ms", "1000"]),
      d,
    );
    expect(all.file).toBe(file);
    expect(all.config).toMatchObject({
      user: USER,
      devAccount: 12,
      intervalMs: 1000, // the flag
      rpcUrl: "http://env.example:8545", // the environment
      delegateId: 3n, // the file
      once: true,
      httpPort: 9100,
      httpHost: "127.0.0.1", // the default
      logFormat: "json",
      receiptTimeoutMs: 120_000,
      deadlineSeconds: 300n,
      key: null,
      keystore: null,
    });
    expect(all.fromFile).not.toContain("MANDATE_RPC_URL");
    expect(all.fromFile).toContain("MANDATE_TRADER_DELEGATE_ID");
    expect(
      loadTraderSettings({ ...env, MANDATE_TRADER_INTERVAL_MS: "2000" }, {}, d).config,
    ).toMatchObject({ intervalMs: 2000 });
    expect(loadTraderSettings(env, {}, d).config.intervalMs).toBe(2500);
    // A flag wins over the file's port too.
    expect(loadTraderSettings(env, { httpPort: "0" }, d).config.httpPort).toBe(0);
    // No file: the defaults.
    const none = loadTraderSettings(
      { MANDATE_TRADER_USER: USER, MANDATE_TRADER_DRY_RUN: "1" },
      {},
      d,
    );
    expect(none.file).toBeNull();
    expect(none.config).toMatchObject({
      intervalMs: 5_000,
      rpcUrl: "http://127.0.0.1:8545",
      httpPort: null,
      logFormat: "text",
      dryRun: true,
    });
  });

  it("finds ./mandate.config.json in the working directory; an empty variable counts as unset", () => {
    const d = dir();
    writeFileSync(
      join(d, "mandate.config.json"),
      JSON.stringify({ MANDATE_TRADER_USER: USER, MANDATE_TRADER_INTERVAL_MS: "2500" }),
    );
    const s = loadTraderSettings(
      { MANDATE_TRADER_INTERVAL_MS: "", MANDATE_TRADER_DRY_RUN: "1" },
      {},
      d,
    );
    expect(s.file).toBe(join(d, "mandate.config.json"));
    expect(s.config.intervalMs).toBe(2500);
    expect(s.config.user).toBe(USER);
  });

  it("a bad value fails at start with exit 2, naming the variable (and the file it came from)", async () => {
    const d = dir();
    const file = join(d, "trader.json");
    const base = { MANDATE_TRADER_USER: USER, MANDATE_TRADER_DEV_ACCOUNT: 12 };
    const cases: [Record<string, unknown>, Record<string, string>, string[], RegExp][] = [
      [
        { ...base, MANDATE_TRADER_INTERVAL_MS: "fast" },
        {},
        [],
        /^mandate-trader: TraderConfigError: --interval-ms \/ MANDATE_TRADER_INTERVAL_MS must be an integer from 100 to 86400000 \(got "fast"\) \(MANDATE_TRADER_INTERVAL_MS from the config file .*trader\.json\)$/,
      ],
      [
        base,
        { MANDATE_HTTP_PORT: "http" },
        [],
        /^mandate-trader: TraderConfigError: MANDATE_HTTP_PORT \/ --http-port must be an integer from 0 to 65535 \(got "http"\)$/,
      ],
      [
        { ...base, MANDATE_HTTP_PORT: 9100 },
        {},
        ["--http-port", "70000"],
        /^mandate-trader: TraderConfigError: MANDATE_HTTP_PORT \/ --http-port must be an integer from 0 to 65535 \(got "70000"\)$/,
      ],
      [
        { ...base, MANDATE_LOG_FORMAT: "xml" },
        {},
        [],
        /MANDATE_LOG_FORMAT must be "text" or "json", got "xml" \(MANDATE_LOG_FORMAT from the config file/,
      ],
      [
        { ...base, MANDATE_TRADER_FORECASTER: "openai", OPENAI_MODEL: "m" },
        { OPENAI_TIMEOUT_MS: "soon" },
        [],
        /OPENAI_TIMEOUT_MS must be an integer from 1 to 3600000 \(got "soon"\)$/,
      ],
      [
        { ...base, MANDATE_TRADER_FORECASTER: "openai", OPENAI_MODEL: "m" },
        { OPENAI_MAX_RETRIES: "99" },
        [],
        /OPENAI_MAX_RETRIES must be an integer from 0 to 20/,
      ],
    ];
    for (const [content, env, argv, pattern] of cases) {
      writeFileSync(file, JSON.stringify(content));
      const r = io();
      expect(await main(argv, { MANDATE_CONFIG: file, ...env }, r.io, undefined, { cwd: d })).toBe(
        2,
      );
      expect(r.err[0]).toMatch(pattern);
      expect(r.out).toEqual([]);
    }
  });

  it("the file itself: a typo, a secret, a missing file — exit 2, the secret never shown", async () => {
    const d = dir();
    const file = join(d, "trader.json");
    writeFileSync(file, JSON.stringify({ MANDATE_TRADER_USER: USER, MANDATE_TRADER_INTERVAL: 1 }));
    const typo = io();
    expect(await main([], { MANDATE_CONFIG: file }, typo.io, undefined, { cwd: d })).toBe(2);
    expect(typo.err).toEqual([
      `mandate-trader: ConfigFileError: config file ${file}: unknown key MANDATE_TRADER_INTERVAL (did you mean MANDATE_TRADER_INTERVAL_MS?)`,
    ]);
    const key = devKey(12);
    writeFileSync(file, JSON.stringify({ MANDATE_TRADER_USER: USER, MANDATE_TRADER_KEY: key }));
    const secret = io();
    expect(await main([], { MANDATE_CONFIG: file }, secret.io, undefined, { cwd: d })).toBe(2);
    expect(secret.err[0]).toMatch(
      /ConfigFileError: .*MANDATE_TRADER_KEY is a secret and is refused in a config file/,
    );
    expect(secret.err.join("\n")).not.toContain(key.slice(2));
    const missing = io();
    expect(
      await main([], { MANDATE_CONFIG: join(d, "nope.json") }, missing.io, undefined, { cwd: d }),
    ).toBe(2);
    expect(missing.err[0]).toMatch(
      /nope\.json: cannot read it: not found \(named by MANDATE_CONFIG\)/,
    );
  });

  it("every variable the trader reads is in @mandate/config's table, marked for the trader", () => {
    const src = fileURLToPath(new URL("../src/", import.meta.url));
    const files = [
      join(src, "cli.ts"),
      ...readdirSync(join(src, "vault")).map((f) => join(src, "vault", f)),
    ];
    const read = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(
        /\b(MANDATE_[A-Z0-9_]*[A-Z0-9]|OPENAI_[A-Z_]*[A-Z]|DATABASE_URL)\b/g,
      )) {
        // MANDATE_CONFIG names the file itself; MANDATE_VARIABLE_NAMES is the table.
        if (m[1] !== "MANDATE_CONFIG" && m[1] !== "MANDATE_VARIABLE_NAMES")
          read.add(m[1] as string);
      }
    }
    const trader = new Set(
      MANDATE_VARIABLES.filter((v) => v.services.includes("trader")).map((v) => v.name),
    );
    expect([...read].filter((v) => !trader.has(v)).sort()).toEqual([]);
    // And every variable the table gives the trader is read by it (the keystore's password
    // variable is derived by signingKeyFromEnv from MANDATE_TRADER_KEYSTORE).
    expect(
      [...trader].filter((v) => !read.has(v) && v !== "MANDATE_TRADER_KEYSTORE_PASSWORD").sort(),
    ).toEqual([]);
  });
});

describe("the agent key from a V3 keystore", () => {
  async function keystoreIn(d: string, key: `0x${string}` = KEY) {
    writeFileSync(join(d, "agent.json"), await encryptKeystore(key, PASSWORD, { scryptN: 1024 }));
    writeFileSync(join(d, "agent.password"), `${PASSWORD}\n`, { mode: 0o600 });
  }

  it("decrypts MANDATE_TRADER_KEYSTORE with the password file (relative paths from cwd); the key never prints", async () => {
    const d = dir();
    await keystoreIn(d);
    const env = {
      MANDATE_TRADER_USER: USER,
      MANDATE_TRADER_KEYSTORE: "agent.json",
      MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: "agent.password",
    };
    const before = loadTraderConfig(env, {}, d);
    expect(before).toMatchObject({ key: null, keySource: null, keystore: join(d, "agent.json") });
    const config = await loadTraderKeystore(before, env);
    expect(config.keySource).toBe("keystore");
    expect(config.key?.reveal()).toBe(KEY);
    expect(privateKeyToAddress(config.key?.reveal() as `0x${string}`)).toBe(
      privateKeyToAddress(KEY),
    );
    for (const shown of [
      inspect(config, { depth: 5 }),
      JSON.stringify(config, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    ]) {
      expect(shown.toLowerCase()).not.toContain(KEY.slice(2));
    }
    // The password in the environment works too (MANDATE_TRADER_KEYSTORE_PASSWORD).
    const direct = await loadTraderKeystore(
      loadTraderConfig({ ...env, MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: "" }, {}, d),
      {
        ...env,
        MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: "",
        MANDATE_TRADER_KEYSTORE_PASSWORD: PASSWORD,
      },
    );
    expect(direct.key?.reveal()).toBe(KEY);
    // Without a keystore, nothing changes.
    const plain = loadTraderConfig({ MANDATE_TRADER_USER: USER, MANDATE_TRADER_KEY: KEY });
    expect(await loadTraderKeystore(plain, {})).toBe(plain);
    expect(plain.keySource).toBe("env");
  });

  it("refuses both keys, a keystore with --dev-account, no password, a wrong one, a missing file: exit 2, nothing secret shown", async () => {
    const d = dir();
    await keystoreIn(d);
    const ks = {
      MANDATE_TRADER_USER: USER,
      MANDATE_TRADER_KEYSTORE: join(d, "agent.json"),
      MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: join(d, "agent.password"),
    };
    const cases: [string[], Record<string, string>, string][] = [
      [
        [],
        { ...ks, MANDATE_TRADER_KEY: KEY },
        "mandate-trader: TraderConfigError: both MANDATE_TRADER_KEY and MANDATE_TRADER_KEYSTORE are set; set only one (the keystore is the safer choice)",
      ],
      [
        ["--dev-account", "12"],
        ks,
        "mandate-trader: TraderConfigError: give either MANDATE_TRADER_KEYSTORE or --dev-account (MANDATE_TRADER_DEV_ACCOUNT), not both",
      ],
      [
        [],
        { ...ks, MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: "" },
        "mandate-trader: SigningKeyError: no keystore password: set MANDATE_TRADER_KEYSTORE_PASSWORD_FILE to a file holding it (mode 0600), or MANDATE_TRADER_KEYSTORE_PASSWORD",
      ],
      [
        [],
        { ...ks, MANDATE_TRADER_KEYSTORE: join(d, "nope.json") },
        `mandate-trader: SigningKeyError: MANDATE_TRADER_KEYSTORE: cannot read ${join(d, "nope.json")}: not found`,
      ],
    ];
    for (const [argv, env, line] of cases) {
      const r = io();
      expect(await main(argv, env, r.io, undefined, { cwd: d }), line).toBe(2);
      expect(r.err[0]).toBe(line);
    }
    writeFileSync(join(d, "agent.password"), "not the password\n");
    const wrong = io();
    expect(await main([], ks, wrong.io, undefined, { cwd: d })).toBe(2);
    expect(wrong.err).toHaveLength(1);
    expect(wrong.err[0]).toMatch(
      /^mandate-trader: SigningKeyError: MANDATE_TRADER_KEYSTORE \(.*agent\.json\): cannot decrypt the keystore: wrong password/,
    );
    const all = [...wrong.out, ...wrong.err].join("\n");
    expect(all).not.toContain("not the password");
    expect(all.toLowerCase()).not.toContain(KEY.slice(2));
  });

  it("a well-known dev key from a keystore is refused off chain 31337 (exit 2); another key is accepted", async () => {
    const d = dir();
    const dev = devKey(12);
    await keystoreIn(d, dev);
    const env = {
      MANDATE_TRADER_USER: USER,
      MANDATE_TRADER_KEYSTORE: join(d, "agent.json"),
      MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: join(d, "agent.password"),
    };
    const refused = io();
    expect(await main(["--rpc-url", chainOneUrl], env, refused.io, undefined, { cwd: d })).toBe(2);
    expect(refused.out).toEqual([`[trader] agent key from the keystore ${join(d, "agent.json")}`]);
    expect(refused.err).toEqual([
      `mandate-trader: DevKeyRefusedError: MANDATE_TRADER_KEYSTORE (${join(d, "agent.json")}) holds a well-known Hardhat dev key (Hardhat/Anvil dev account #12, ${privateKeyToAddress(dev)}): refused on chain 1; anyone can sign with it`,
    ]);
    // signingKeyFromEnv itself refuses it too when told the chain (the same rule, one copy).
    await expect(
      signingKeyFromEnv(env, {
        name: "trader",
        keyVar: "MANDATE_TRADER_KEY",
        keystoreVar: "MANDATE_TRADER_KEYSTORE",
        chainId: 1,
      }),
    ).rejects.toBeInstanceOf(SigningKeyError);

    // Not a dev key: past the key check, to the next one (no deployment recorded for chain 1).
    await keystoreIn(d, KEY);
    const accepted = io();
    expect(await main(["--rpc-url", chainOneUrl], env, accepted.io, undefined, { cwd: d })).toBe(1);
    expect(accepted.err[0]).toMatch(
      /^mandate-trader: TraderSetupError: chain 1 has no recorded Mandate deployment/,
    );
    const all = [...refused.out, ...refused.err, ...accepted.out, ...accepted.err].join("\n");
    expect(all.toLowerCase()).not.toContain(dev.slice(2));
    expect(all.toLowerCase()).not.toContain(KEY.slice(2));
    expect(all).not.toContain(PASSWORD);
  });

  it("the keystore and its password file may be named in the config file", async () => {
    const d = dir();
    await keystoreIn(d);
    const file = join(d, "trader.json");
    writeFileSync(
      file,
      JSON.stringify({
        MANDATE_RPC_URL: chainOneUrl,
        MANDATE_TRADER_USER: USER,
        MANDATE_TRADER_KEYSTORE: join(d, "agent.json"),
        MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: join(d, "agent.password"),
      }),
    );
    const r = io();
    // Past the key (not a dev key, so chain 1 accepts it), to the deployment check.
    expect(await main([], { MANDATE_CONFIG: file }, r.io, undefined, { cwd: d })).toBe(1);
    expect(r.out).toEqual([
      `[trader] config file ${file} (4 settings used)`,
      `[trader] agent key from the keystore ${join(d, "agent.json")}`,
    ]);
    expect(r.err[0]).toMatch(/TraderSetupError: chain 1 has no recorded Mandate deployment/);
    // The password itself is a secret: refused in the file, not shown.
    writeFileSync(
      file,
      JSON.stringify({ MANDATE_TRADER_USER: USER, MANDATE_TRADER_KEYSTORE_PASSWORD: PASSWORD }),
    );
    const refused = io();
    expect(await main([], { MANDATE_CONFIG: file }, refused.io, undefined, { cwd: d })).toBe(2);
    expect(refused.err[0]).toMatch(/MANDATE_TRADER_KEYSTORE_PASSWORD is a secret/);
    expect(refused.err.join("\n")).not.toContain(PASSWORD);
  });
});

function pass(over: Partial<PassResult> = {}): PassResult {
  const entry = (
    status: PassResult["entries"][number]["status"],
    action: PassResult["entries"][number]["action"] = "skip",
  ) => ({ marketId: 1n, action, status, skipReason: null, reason: "r" });
  return {
    blocked: null,
    markets: 6,
    entries: [
      entry("executed", "buy"),
      entry("executed", "redeem"),
      entry("skipped"),
      entry("refused", "sell"),
      entry("failed", "buy"),
      entry("error"),
    ],
    resumed: [
      { status: "confirmed", intent: { kind: "sell" } },
      { status: "failed", intent: { kind: "buy" } },
    ] as unknown as PassResult["resumed"],
    confirmed: 3,
    errors: 1,
    ...over,
  };
}

describe("health and metrics", () => {
  it("a pass is a step: starting, failing, ok, stalled, stopped over HTTP; metrics per user", async () => {
    const status = createTraderStatus(USER);
    const staleAfterMs = traderStaleAfterMs({ intervalMs: 5_000, receiptTimeoutMs: 120_000 });
    expect(staleAfterMs).toBe(240_000);
    expect(traderStaleAfterMs({ intervalMs: 60_000, receiptTimeoutMs: 1_000 })).toBe(600_000);
    const ops = await serveOps(status, { port: 0, staleAfterMs });
    const health = async () => {
      const res = await fetch(`${ops.url}/health`);
      return { code: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const metrics = async () => (await fetch(`${ops.url}/metrics`)).text();
    try {
      expect(await health()).toMatchObject({
        code: 503,
        body: { status: "starting", service: "trader", phase: "starting" },
      });
      expect(await metrics()).toContain(`mandate_trader_up{user="${USER}"} 0`);

      recordFailure(status, "cannot reach the RPC at http://127.0.0.1:1/: ECONNREFUSED");
      expect(await health()).toMatchObject({
        code: 503,
        body: {
          status: "failing",
          reason:
            "1 step(s) in a row failed: cannot reach the RPC at http://127.0.0.1:1/: ECONNREFUSED",
        },
      });

      // Connected at last: starting again until a pass completes.
      recordConnected(status);
      expect(await health()).toMatchObject({ code: 503, body: { status: "starting" } });

      const now = Date.now();
      status.phase = "running";
      recordPass(status, pass(), now);
      expect(await health()).toMatchObject({
        code: 200,
        body: { status: "ok", phase: "running", failuresInARow: 0, lastError: null },
      });
      const text = await metrics();
      const l = `{user="${USER}"}`;
      for (const line of [
        `mandate_trader_up${l} 1`,
        `mandate_trader_passes_total${l} 1`,
        `mandate_trader_failed_steps_total${l} 1`,
        `mandate_trader_trades_total${l} 2`, // the buy, and the sell an earlier run left
        `mandate_trader_redeems_total${l} 1`,
        `mandate_trader_skips_total${l} 2`, // a skip and a refusal
        `mandate_trader_failed_trades_total${l} 1`,
        `mandate_trader_market_errors_total${l} 1`,
        `mandate_trader_dry_run_decisions_total${l} 0`,
        `mandate_trader_failures_in_a_row${l} 0`,
        `mandate_trader_markets${l} 6`,
        `mandate_trader_blocked${l} 0`,
        `mandate_trader_last_step_timestamp_seconds${l} ${Math.floor(now / 1000)}`,
        `mandate_trader_last_success_timestamp_seconds${l} ${Math.floor(now / 1000)}`,
      ]) {
        expect(text).toContain(`${line}\n`);
      }
      expect(text).toContain("# TYPE mandate_trader_trades_total counter\n");
      expect(text).toContain("# TYPE mandate_trader_markets gauge\n");

      // A blocked vault (the policy names another agent) is a completed pass: ok, blocked 1.
      recordPass(status, pass({ blocked: "not this key", entries: [], resumed: [], errors: 0 }));
      expect((await health()).code).toBe(200);
      const blocked = await metrics();
      expect(blocked).toContain(`mandate_trader_blocked${l} 1\n`);
      expect(blocked).toContain(`mandate_trader_passes_total${l} 2\n`);
      expect(blocked).toContain(`mandate_trader_trades_total${l} 2\n`);

      // Stalled: no successful pass for longer than staleAfterMs (a clock set back, no waiting).
      expect(healthOf(status, staleAfterMs, now + staleAfterMs + 1_000).status).toBe("stalled");
      status.lastSuccessAt = Date.now() - staleAfterMs - 1_000;
      expect(await health()).toMatchObject({ code: 503, body: { status: "stalled" } });
      expect(await metrics()).toContain(`mandate_trader_up${l} 0\n`);

      status.phase = "stopped";
      expect(await health()).toMatchObject({ code: 503, body: { status: "stopped" } });
    } finally {
      await ops.close();
    }
  });

  it("the loop reports every pass to onStep", async () => {
    const controller = new AbortController();
    let calls = 0;
    const runtime = {
      scope: { vault: USER as Address, agent: USER as Address, user: USER as Address },
      async pass(): Promise<PassResult> {
        calls++;
        if (calls === 2) throw new Error("HTTP request failed.\nStatus: 503");
        if (calls === 3) controller.abort();
        return pass({ markets: calls });
      },
    };
    const steps: LoopStep[] = [];
    await runTraderLoop(runtime, {
      intervalMs: 1,
      retryBaseMs: 1,
      signal: controller.signal,
      onStep: (s) => steps.push(s),
    });
    expect(steps.map((s) => (s.ok ? `ok ${s.result.markets}` : `failed: ${s.error}`))).toEqual([
      "ok 1",
      "failed: HTTP request failed. Status: 503",
      "ok 3",
    ]);
  });

  it("the CLI: /health is failing while the RPC is unreachable, logs are JSON lines, the stop signal ends it", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const controller = new AbortController();
    const sigterm = process.listenerCount("SIGTERM");
    const running = main(
      ["--user", USER, "--dev-account", "12", "--rpc-url", deadUrl, "--http-port", "0"],
      { MANDATE_LOG_FORMAT: "json" },
      { out: (l) => lines.push(l), err: (l) => errors.push(l) },
      controller.signal,
      { retryBaseMs: 5, cwd: dir() },
    );
    let url = "";
    try {
      for (let i = 0; i < 400 && !url; i++) {
        const m = lines.join("\n").match(/health on (http:\/\/127\.0\.0\.1:\d+)\/health/);
        if (m?.[1]) url = m[1];
        else await new Promise((r) => setTimeout(r, 25));
      }
      expect(url, lines.join("\n")).not.toBe("");
      expect(process.listenerCount("SIGTERM")).toBe(sigterm + 1);
      let body: Record<string, unknown> = {};
      let code = 0;
      for (let i = 0; i < 400; i++) {
        const res = await fetch(`${url}/health`);
        code = res.status;
        body = (await res.json()) as Record<string, unknown>;
        if (body.status === "failing") break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(code).toBe(503);
      expect(body).toMatchObject({ status: "failing", service: "trader", phase: "starting" });
      expect(String(body.reason)).toMatch(
        /step\(s\) in a row failed: cannot reach the RPC at http:\/\/127\.0\.0\.1:\d+\//,
      );
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toContain(`mandate_trader_up{user="${USER}"} 0`);
      expect(text).toMatch(
        new RegExp(`mandate_trader_failed_steps_total\\{user="${USER}"\\} [1-9]`),
      );
    } finally {
      controller.abort();
    }
    // Stopped while connecting: 130, the server closed, the signal listeners removed.
    expect(await running).toBe(130);
    expect(process.listenerCount("SIGTERM")).toBe(sigterm);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(errors).toEqual([]);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      const entry = JSON.parse(l) as Record<string, unknown>;
      expect(entry).toMatchObject({ level: "info", service: "trader", tag: "trader" });
      expect(typeof entry.msg).toBe("string");
      expect(Number.isNaN(Date.parse(String(entry.time)))).toBe(false);
    }
    expect(
      lines.some((l) => (JSON.parse(l) as { msg: string }).msg.startsWith("cannot reach the RPC")),
    ).toBe(true);
  });

  it("the CLI: a health port already in use is one line and exit 1", async () => {
    const busy = createServer();
    const port = await listen(busy);
    try {
      const r = io();
      expect(
        await main(
          [
            "--user",
            USER,
            "--dev-account",
            "12",
            "--rpc-url",
            deadUrl,
            "--http-port",
            String(port),
            "--once",
          ],
          {},
          r.io,
          undefined,
          { cwd: dir() },
        ),
      ).toBe(1);
      expect(r.err).toEqual([
        `mandate-trader: the health/metrics port ${port} on 127.0.0.1 is already in use`,
      ]);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });
});
