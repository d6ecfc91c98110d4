/**
 * The delegate's configuration, error messages, redaction, rationale and reason codes, the
 * webhook client and the CLI, without a chain: an unreachable RPC is a port nobody listens on,
 * and "another chain" is a minimal JSON-RPC server that answers eth_chainId with 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectDelegate,
  DelegateConfigError,
  DevKeyRefusedError,
  formatRationale,
  HARDHAT_MNEMONIC,
  loadDelegateConfig,
  MandateFileError,
  MissingOperatorKeyError,
  makeRedactor,
  parseDelegateArgs,
  postWebhook,
  RATIONALE_MAX_CHARS,
  RpcUnreachableError,
  reasonCodeFor,
  redactUrl,
  Secret,
  storeOptionsFor,
} from "../src/agent/index.js";
import { main } from "../src/cli.js";
import { EngineConfigError } from "../src/engines/openai.js";

const BUILDER_MANDATE = fileURLToPath(
  new URL("../../../packages/mandate/examples/builder-friendly.json", import.meta.url),
);
const base = { MANDATE_DELEGATE_ID: "2", MANDATE_MANDATE_FILE: BUILDER_MANDATE };
const devKey = (i: number) => {
  const k = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
  if (!k) throw new Error("no key");
  return toHex(k);
};

/** A JSON-RPC endpoint that says it is chain 1 (mainnet) and nothing else. */
let fakeMainnet: Server;
let fakeMainnetUrl = "";
/** An address where nothing listens. */
let deadUrl = "";
/** A webhook server: /ok → 204, /fail → 500, /hang → never answers. */
let hooks: Server;
let hooksUrl = "";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  fakeMainnet = createServer((req, res) => {
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
  fakeMainnetUrl = `http://127.0.0.1:${await listen(fakeMainnet)}`;
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));
  deadUrl = `http://127.0.0.1:${port}`;
  hooks = createServer((req, res) => {
    req.resume();
    if (req.url === "/ok") res.writeHead(204).end();
    else if (req.url === "/fail") res.writeHead(500).end("boom");
    // /hang: never answer
  });
  hooksUrl = `http://127.0.0.1:${await listen(hooks)}`;
});

afterAll(async () => {
  hooks.closeAllConnections();
  await new Promise<void>((r) => hooks.close(() => r()));
  await new Promise<void>((r) => fakeMainnet.close(() => r()));
});

describe("command-line flags", () => {
  it("parses values, --flag=value and booleans", () => {
    expect(
      parseDelegateArgs([
        "--delegate-id",
        "2",
        "--dev-account=11",
        "--mandate",
        "m.json",
        "--once",
        "--dry-run",
        "--poll-ms",
        "250",
      ]),
    ).toEqual({
      delegateId: "2",
      devAccount: "11",
      mandateFile: "m.json",
      once: true,
      dryRun: true,
      pollMs: "250",
    });
  });

  it("rejects unknown flags, missing values, and a key on the command line", () => {
    expect(() => parseDelegateArgs(["--delegat-id", "2"])).toThrow(
      /unknown argument "--delegat-id"/,
    );
    expect(() => parseDelegateArgs(["--delegate-id"])).toThrow(/--delegate-id needs a value/);
    expect(() => parseDelegateArgs(["--delegate-id", "--once"])).toThrow(/needs a value/);
    expect(() => parseDelegateArgs(["--operator-key", "0xabc"])).toThrow(/MANDATE_OPERATOR_KEY/);
  });
});

describe("loadDelegateConfig", () => {
  it("applies the defaults", () => {
    const cfg = loadDelegateConfig({ ...base, MANDATE_DEV_ACCOUNT: "11" }, {}, "/srv");
    expect(cfg).toMatchObject({
      rpcUrl: "http://127.0.0.1:8545",
      delegateId: 2n,
      devAccount: 11,
      operatorKey: null,
      pollIntervalMs: 500,
      blockRange: 2000n,
      fromBlock: null,
      governanceTokenUsd: 10,
      dryRun: false,
      once: false,
      webhookUrl: null,
      governor: null,
      registry: null,
    });
    expect(cfg.mandateFile).toBe(BUILDER_MANDATE);
    expect(storeOptionsFor(cfg)).toEqual({
      databaseUrl: undefined,
      dataDir: undefined,
      cwd: "/srv",
    });
    expect(storeOptionsFor({ ...cfg, dryRun: true })).toEqual({ dataDir: "memory://" });
  });

  it("lets flags override the environment", () => {
    const cfg = loadDelegateConfig(
      { ...base, MANDATE_DEV_ACCOUNT: "11", MANDATE_RPC_URL: "http://a:1", MANDATE_MNDT_USD: "3" },
      { rpcUrl: "http://b:2", delegateId: "1", mndtUsd: "12.5", once: true },
    );
    expect(cfg.rpcUrl).toBe("http://b:2");
    expect(cfg.delegateId).toBe(1n);
    expect(cfg.governanceTokenUsd).toBe(12.5);
    expect(cfg.once).toBe(true);
  });

  it("names what is missing or malformed", () => {
    const err = (env: Record<string, string>, flags = {}) => {
      try {
        loadDelegateConfig(env, flags);
      } catch (e) {
        return e as Error;
      }
      throw new Error("no error");
    };
    expect(err({ MANDATE_MANDATE_FILE: "m.json", MANDATE_DEV_ACCOUNT: "1" }).message).toMatch(
      /MANDATE_DELEGATE_ID \(or --delegate-id\) is required/,
    );
    expect(err({ ...base, MANDATE_DELEGATE_ID: "0", MANDATE_DEV_ACCOUNT: "1" }).message).toMatch(
      /must be a positive integer \(got "0"\)/,
    );
    const noKey = err(base);
    expect(noKey).toBeInstanceOf(MissingOperatorKeyError);
    expect(noKey.name).toBe("MissingOperatorKeyError");
    expect(noKey.message).toMatch(/MANDATE_OPERATOR_KEY.*--dev-account/);
    // A dry run needs no key.
    expect(loadDelegateConfig(base, { dryRun: true }).operatorKey).toBeNull();
    expect(err({ MANDATE_DELEGATE_ID: "2", MANDATE_DEV_ACCOUNT: "1" }).message).toMatch(
      /MANDATE_MANDATE_FILE \(or --mandate\) is required/,
    );
    expect(
      err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_POLL_INTERVAL_MS: "fast" }).message,
    ).toMatch(/MANDATE_POLL_INTERVAL_MS \/ --poll-ms must be an integer from 50/);
    expect(
      err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_GOVERNOR_ADDRESS: "0x1234" }).message,
    ).toMatch(/MANDATE_GOVERNOR_ADDRESS \/ --governor must be a 20-byte hex address/);
    expect(
      err({
        ...base,
        MANDATE_DEV_ACCOUNT: "1",
        MANDATE_REGISTRY_ADDRESS: "0x610178dA211FEF7D417bC0e6FeD39F05609AD789",
      }).message,
    ).toMatch(/MANDATE_REGISTRY_ADDRESS \/ --registry has a bad EIP-55 checksum/);
    expect(
      loadDelegateConfig({
        ...base,
        MANDATE_DEV_ACCOUNT: "1",
        MANDATE_REGISTRY_ADDRESS: "0x610178da211fef7d417bc0e6fed39f05609ad788",
      }).registry,
    ).toBe("0x610178dA211FEF7D417bC0e6FeD39F05609AD788");
    expect(err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_MNDT_USD: "-1" }).message).toMatch(
      /MANDATE_MNDT_USD/,
    );
    expect(
      err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_OPERATOR_KEY: devKey(11) }).message,
    ).toMatch(/not both/);
    const engine = err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_ENGINE: "gpt" });
    expect(engine).toBeInstanceOf(EngineConfigError);
    expect(engine.message).toMatch(/MANDATE_ENGINE/);
    // The operational settings (read by @mandate/config/ops) fail as DelegateConfigErrors.
    const logFormat = err({ ...base, MANDATE_DEV_ACCOUNT: "1", MANDATE_LOG_FORMAT: "xml" });
    expect(logFormat).toBeInstanceOf(DelegateConfigError);
    expect(logFormat.message).toBe('MANDATE_LOG_FORMAT must be "text" or "json", got "xml"');
    expect(err({ ...base, MANDATE_DEV_ACCOUNT: "1" }, { httpPort: "http" }).message).toMatch(
      /^MANDATE_HTTP_PORT \/ --http-port must be an integer from 0 to 65535/,
    );
    expect(
      loadDelegateConfig(
        {
          ...base,
          MANDATE_DEV_ACCOUNT: "1",
          MANDATE_HTTP_PORT: "9100",
          MANDATE_LOG_FORMAT: "json",
        },
        { httpPort: "9200" },
      ),
    ).toMatchObject({ httpPort: 9200, httpHost: "127.0.0.1", logFormat: "json" });
  });

  it("never echoes a malformed key, and masks credentials in URLs", () => {
    const secret = "deadbeef".repeat(7); // 56 hex digits: too short for a key
    let e: unknown;
    try {
      loadDelegateConfig({ ...base, MANDATE_OPERATOR_KEY: secret });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(DelegateConfigError);
    expect((e as Error).message).toMatch(/MANDATE_OPERATOR_KEY must be a 32-byte hex private key/);
    expect((e as Error).message).not.toContain("deadbeef");

    try {
      loadDelegateConfig({
        ...base,
        MANDATE_DEV_ACCOUNT: "1",
        MANDATE_RPC_URL: "ftp://alice:hunter22@node.example/v3/0123456789abcdef0123456789",
      });
    } catch (x) {
      e = x;
    }
    expect((e as Error).message).toMatch(/MANDATE_RPC_URL must be an http\/https URL/);
    expect((e as Error).message).not.toContain("hunter22");
    expect((e as Error).message).not.toContain("0123456789abcdef0123456789");
  });

  it("keeps the key in a Secret that never prints", () => {
    const key = devKey(11);
    const cfg = loadDelegateConfig({ ...base, MANDATE_OPERATOR_KEY: key.slice(2) });
    expect(cfg.operatorKey?.reveal()).toBe(key); // 0x added
    const shown = `${String(cfg.operatorKey)} ${inspect(cfg, { depth: 4 })} ${JSON.stringify(
      cfg,
      (_k, v) => (typeof v === "bigint" ? `${v}` : v),
    )}`;
    expect(shown).not.toContain(key.slice(2));
    expect(inspect(new Secret("x".repeat(10)))).toBe("Secret(***)");
  });
});

describe("redaction", () => {
  it("masks user info, query values and API keys in URL paths", () => {
    expect(redactUrl("https://user:pw@rpc.example/v2/AbCdEfGhIjKlMnOpQrStUvWx")).toBe(
      "https://***@rpc.example/v2/***",
    );
    expect(redactUrl("https://rpc.example/?apikey=s3cr3t")).toBe("https://rpc.example/?apikey=***");
    expect(redactUrl("http://127.0.0.1:8545")).toBe("http://127.0.0.1:8545/");
  });

  it("replaces a hex secret with or without 0x, in any case", () => {
    const key = devKey(3);
    const redact = makeRedactor([key]);
    expect(redact(`a ${key} b ${key.slice(2).toUpperCase()} c`)).toBe("a *** b *** c");
  });
});

describe("connectDelegate without a usable chain", () => {
  it("says it cannot reach the RPC, with the URL and the reason", async () => {
    const cfg = loadDelegateConfig({
      ...base,
      MANDATE_DEV_ACCOUNT: "11",
      MANDATE_RPC_URL: deadUrl,
    });
    const e = await connectDelegate(cfg).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcUnreachableError);
    expect((e as Error).message).toMatch(
      new RegExp(`^cannot reach the RPC at ${deadUrl}/: .*ECONNREFUSED`),
    );
  });

  it("refuses dev keys on any chain but 31337", async () => {
    const viaFlag = await connectDelegate(
      loadDelegateConfig({ ...base, MANDATE_DEV_ACCOUNT: "11", MANDATE_RPC_URL: fakeMainnetUrl }),
    ).catch((x: unknown) => x);
    expect(viaFlag).toBeInstanceOf(DevKeyRefusedError);
    expect((viaFlag as Error).message).toMatch(/--dev-account .* refused on chain 1/);

    const key = devKey(0);
    const viaKey = await connectDelegate(
      loadDelegateConfig({ ...base, MANDATE_OPERATOR_KEY: key, MANDATE_RPC_URL: fakeMainnetUrl }),
    ).catch((x: unknown) => x);
    expect(viaKey).toBeInstanceOf(DevKeyRefusedError);
    expect((viaKey as Error).message).toMatch(/well-known Hardhat dev key .* refused on chain 1/);
    expect((viaKey as Error).message).not.toContain(key.slice(2));
  });

  it("reports an unreadable or invalid mandate file before touching the network", async () => {
    const missing = await connectDelegate(
      loadDelegateConfig({
        ...base,
        MANDATE_DEV_ACCOUNT: "11",
        MANDATE_MANDATE_FILE: "/nonexistent/mandate.json",
        MANDATE_RPC_URL: deadUrl,
      }),
    ).catch((x: unknown) => x);
    expect(missing).toBeInstanceOf(MandateFileError);
    expect((missing as Error).message).toMatch(/cannot read the mandate file .*no such file/);
    const invalid = await connectDelegate(
      loadDelegateConfig({
        ...base,
        MANDATE_DEV_ACCOUNT: "11",
        MANDATE_MANDATE_FILE: fileURLToPath(new URL("../package.json", import.meta.url)),
        MANDATE_RPC_URL: deadUrl,
      }),
    ).catch((x: unknown) => x);
    expect(invalid).toBeInstanceOf(MandateFileError);
    expect((invalid as Error).message).toMatch(/is not a valid mandate/);
  });
});

describe("rationale and reason codes", () => {
  it("leads with the rule id when the rationale does not name it, at most 200 characters", () => {
    expect(
      formatRationale("grants-up-to-1m", "Rule 'grants-up-to-1m' fired: topic is grants"),
    ).toBe("Rule 'grants-up-to-1m' fired: topic is grants");
    expect(formatRationale("default", "No rule matched; the default stance is for")).toBe(
      "No rule matched; the default stance is for",
    );
    expect(formatRationale("x-rule", "Because.")).toBe("x-rule: Because.");
    const long = formatRationale("long-rule", "word ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(RATIONALE_MAX_CHARS);
    expect(long.startsWith("long-rule: word")).toBe(true);
    expect(long.endsWith("…")).toBe(true);
    // Never splits a surrogate pair.
    const emoji = formatRationale("e", `${"a".repeat(195)}😀😀😀`);
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(() => encodeURIComponent(emoji)).not.toThrow();
  });

  it("maps why the delegate asks to the registry's reason codes", () => {
    expect(reasonCodeFor("ask-on-upgrades")).toBe(0);
    expect(reasonCodeFor("default")).toBe(0);
    expect(reasonCodeFor("uncertainty.minConfidence")).toBe(2);
    expect(reasonCodeFor("uncertainty.onUnknownCalldata")).toBe(2);
    expect(reasonCodeFor("uncertainty.onMismatch")).toBe(3);
    expect(reasonCodeFor("engine-unavailable")).toBe(4);
  });
});

describe("webhook", () => {
  it("reports delivery, HTTP errors and timeouts without throwing", async () => {
    expect(await postWebhook({ a: 1 }, { url: `${hooksUrl}/ok`, timeoutMs: 2000 })).toMatchObject({
      ok: true,
      status: 204,
    });
    expect(await postWebhook({ a: 1 }, { url: `${hooksUrl}/fail`, timeoutMs: 2000 })).toMatchObject(
      { ok: false, status: 500, error: "HTTP 500" },
    );
    const started = Date.now();
    const hung = await postWebhook(
      { a: 1 },
      { url: `${hooksUrl}/hang?token=abcdef123`, timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hung.ok).toBe(false);
    if (!hung.ok) {
      expect(hung.error).toMatch(/timed out after 300 ms/);
      expect(hung.error).not.toContain("abcdef123");
    }
  });
});

describe("CLI", () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it("prints usage with --help", async () => {
    const c = capture();
    expect(await main(["--help"], {}, c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(/Usage: mandate-delegate --delegate-id N --mandate FILE/);
  });

  it("exits 2 on a configuration error, naming it", async () => {
    const c = capture();
    expect(await main(["--mandate", BUILDER_MANDATE, "--dev-account", "11"], {}, c.io)).toBe(2);
    expect(c.err[0]).toMatch(/DelegateConfigError: MANDATE_DELEGATE_ID \(or --delegate-id\)/);
    const k = capture();
    expect(await main(["--delegate-id", "2", "--mandate", BUILDER_MANDATE], {}, k.io)).toBe(2);
    expect(k.err[0]).toMatch(/MissingOperatorKeyError/);
  });

  it("exits 1 when the RPC is unreachable, saying so", async () => {
    const c = capture();
    const code = await main(
      ["--delegate-id", "2", "--dev-account", "11", "--mandate", BUILDER_MANDATE, "--once"],
      { MANDATE_RPC_URL: deadUrl },
      c.io,
    );
    expect(code).toBe(1);
    expect(c.err[0]).toMatch(
      /RpcUnreachableError: cannot reach the RPC at http:\/\/127\.0\.0\.1:\d+\/: /,
    );
  });

  it("reads a config file (the environment wins), and names a mistyped or secret setting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mandate-config-file-"));
    try {
      const file = join(dir, "mandate.config.json");
      // A typo: the closest known name is suggested; nothing starts.
      writeFileSync(file, JSON.stringify({ MANDATE_DELEGATE_ID: 2, MANDATE_RPC_URLL: "http://x" }));
      const typo = capture();
      expect(
        await main(
          ["--mandate", BUILDER_MANDATE, "--dev-account", "11"],
          { MANDATE_CONFIG: file },
          typo.io,
        ),
      ).toBe(2);
      expect(typo.err.join("\n")).toContain("MANDATE_RPC_URLL");
      expect(typo.err.join("\n")).toContain("MANDATE_RPC_URL");
      // A secret in the file is refused without printing it.
      const key = `0x${"3c".repeat(32)}`;
      writeFileSync(file, JSON.stringify({ MANDATE_OPERATOR_KEY: key }));
      const secret = capture();
      expect(
        await main(
          ["--delegate-id", "2", "--mandate", BUILDER_MANDATE],
          { MANDATE_CONFIG: file },
          secret.io,
        ),
      ).toBe(2);
      expect(secret.err.join("\n")).toMatch(/MANDATE_OPERATOR_KEY/);
      expect([...secret.out, ...secret.err].join("\n")).not.toContain("3c3c3c");
      // Values come from the file unless the environment sets them: the file's unreachable RPC
      // is used, the environment's delegate id wins over the file's invalid one.
      writeFileSync(
        file,
        JSON.stringify({ MANDATE_RPC_URL: deadUrl, MANDATE_DELEGATE_ID: "not-a-number" }),
      );
      const used = capture();
      const code = await main(
        ["--dev-account", "11", "--mandate", BUILDER_MANDATE, "--once"],
        { MANDATE_CONFIG: file, MANDATE_DELEGATE_ID: "2" },
        used.io,
      );
      expect(code).toBe(1);
      expect(used.out[0]).toContain(`config file ${file}`);
      expect(used.err[0]).toMatch(
        /RpcUnreachableError: cannot reach the RPC at http:\/\/127\.0\.0\.1/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
