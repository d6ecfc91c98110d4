import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  ConfigError,
  clientConfig,
  loadSettings,
  readConfig,
  readServerConfig,
  WEB_VARIABLES,
} from "@/lib/config";

describe("readConfig", () => {
  it("uses the local defaults when nothing is set", () => {
    const c = readConfig({});
    expect(c.chainId).toBe(31337);
    expect(c.rpcUrl).toBe("http://127.0.0.1:8545");
    expect(c.indexerUrl).toBe("http://127.0.0.1:42069");
  });
  it("reads the runtime variables and trims trailing slashes", () => {
    const c = readConfig({
      MANDATE_RPC_URL: "http://127.0.0.1:8611/",
      MANDATE_INDEXER_URL: "http://127.0.0.1:8612//",
      MANDATE_CHAIN_ID: "31337",
    });
    expect(c).toEqual({
      rpcUrl: "http://127.0.0.1:8611",
      indexerUrl: "http://127.0.0.1:8612",
      chainId: 31337,
    });
  });
  it("names the variable that is wrong", () => {
    expect(() => readConfig({ MANDATE_RPC_URL: "localhost:8545" })).toThrow(
      /MANDATE_RPC_URL must be an http\(s\) URL, got a value without http:\/\/ or https:\/\//,
    );
    expect(() => readConfig({ MANDATE_RPC_URL: "http://[::1" })).toThrow(
      /MANDATE_RPC_URL must be an http\(s\) URL, got text that is not a URL/,
    );
    expect(() => readConfig({ MANDATE_INDEXER_URL: "ftp://x" })).toThrow(
      /MANDATE_INDEXER_URL must be an http\(s\) URL, got a "ftp:" URL/,
    );
    expect(() => readConfig({ MANDATE_CHAIN_ID: "0x7a69" })).toThrow(
      /MANDATE_CHAIN_ID must be a positive integer, got "0x7a69"/,
    );
    expect(() => readConfig({ MANDATE_CHAIN_ID: "0" })).toThrow(ConfigError);
  });
  it("never repeats a bad URL (the message is shown on every page)", () => {
    try {
      readConfig({ MANDATE_RPC_URL: "eth-mainnet.example/v2/secretkey0123456789" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/MANDATE_RPC_URL/);
      expect((e as Error).message).not.toContain("secretkey");
    }
  });
  it("refuses credentials in URLs (they would be shown)", () => {
    expect(() => readConfig({ MANDATE_RPC_URL: "https://user:secret@rpc.example" })).toThrow(
      /must not contain credentials/,
    );
    try {
      readConfig({ MANDATE_RPC_URL: "https://user:secret@rpc.example" });
    } catch (e) {
      expect((e as Error).message).not.toContain("secret");
    }
  });
  it("gives the browser same-origin proxy paths, not the node's URL", () => {
    const c = clientConfig(readConfig({ MANDATE_RPC_URL: "http://10.0.0.5:8545" }));
    expect(c.rpcPath).toBe("/api/rpc");
    expect(c.indexerPath).toBe("/api/indexer");
    expect(c.rpcUrl).toBe("http://10.0.0.5:8545");
  });
  it("masks an API key in the URLs the footer shows, and the server keeps the real one", () => {
    const key = "abcdef0123456789abcdef0123456789";
    const config = readConfig({
      MANDATE_RPC_URL: `https://eth-sepolia.g.alchemy.com/v2/${key}`,
      MANDATE_INDEXER_URL: `https://indexer.example/?apikey=${key}`,
    });
    expect(config.rpcUrl).toBe(`https://eth-sepolia.g.alchemy.com/v2/${key}`);
    const shown = clientConfig(config);
    expect(shown.rpcUrl).toBe("https://eth-sepolia.g.alchemy.com/v2/***");
    expect(shown.indexerUrl).not.toContain(key);
    expect(JSON.stringify(shown)).not.toContain(key);
  });
});

describe("the configuration file (@mandate/config, as every service reads it)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mandate-web-config-"));
  let n = 0;
  /** Writes a config file in its own directory; returns both. */
  const configFile = (content: unknown, name = "mandate.config.json") => {
    const home = join(dir, `case-${++n}`);
    mkdirSync(home);
    const file = join(home, name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return { home, file };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it("the web app's variables are all documented in @mandate/config's table", async () => {
    const { MANDATE_VARIABLES } = await import("@mandate/config");
    for (const name of WEB_VARIABLES) {
      const doc = MANDATE_VARIABLES.find((v) => v.name === name);
      expect(doc?.services, name).toContain("web");
    }
  });

  it("reads the file named by MANDATE_CONFIG; numbers become strings", () => {
    const { file } = configFile({
      MANDATE_RPC_URL: "https://rpc.example/",
      MANDATE_INDEXER_URL: "https://indexer.example",
      MANDATE_CHAIN_ID: 11155111,
    });
    expect(readServerConfig({ env: { MANDATE_CONFIG: file } })).toEqual({
      rpcUrl: "https://rpc.example",
      indexerUrl: "https://indexer.example",
      chainId: 11155111,
    });
  });

  it("reads ./mandate.config.json from the working directory when MANDATE_CONFIG is unset", () => {
    const { home, file } = configFile({ MANDATE_CHAIN_ID: 10 });
    const loaded = loadSettings({ env: {}, cwd: home });
    expect(loaded.file).toBe(file);
    expect(loaded.fromFile).toEqual(["MANDATE_CHAIN_ID"]);
    expect(readServerConfig({ env: {}, cwd: home }).chainId).toBe(10);
  });

  it("environment over file over defaults; an empty variable counts as unset", () => {
    const { file } = configFile({
      MANDATE_RPC_URL: "https://from-file.example",
      MANDATE_CHAIN_ID: 5,
    });
    const c = readServerConfig({
      env: { MANDATE_CONFIG: file, MANDATE_RPC_URL: "http://from-env:8545", MANDATE_CHAIN_ID: "" },
    });
    expect(c).toEqual({
      rpcUrl: "http://from-env:8545",
      chainId: 5,
      indexerUrl: "http://127.0.0.1:42069",
    });
  });

  it("readConfig() reads the process environment and the file", () => {
    const { file } = configFile({ MANDATE_INDEXER_URL: "https://indexer.from-file.example" });
    vi.stubEnv("MANDATE_CONFIG", file);
    vi.stubEnv("MANDATE_RPC_URL", "");
    vi.stubEnv("MANDATE_INDEXER_URL", "");
    vi.stubEnv("MANDATE_CHAIN_ID", "");
    expect(readConfig()).toEqual({
      rpcUrl: "http://127.0.0.1:8545",
      indexerUrl: "https://indexer.from-file.example",
      chainId: 31337,
    });
  });

  it("one file serves every service: other services' settings are accepted", () => {
    const { file } = configFile({
      MANDATE_RPC_URL: "https://rpc.example",
      DATABASE_URL: "postgres://mandate@db.internal:5432/mandate",
      MANDATE_DELEGATE_ID: 3,
      MANDATE_DEPLOYMENT_FILE: "/etc/mandate/sepolia.json",
    });
    expect(readServerConfig({ env: { MANDATE_CONFIG: file } }).rpcUrl).toBe("https://rpc.example");
  });

  it("names the variable and the file when a value from the file is wrong", () => {
    const { file } = configFile({ MANDATE_CHAIN_ID: "0x1", MANDATE_RPC_URL: "https://ok.example" });
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: file } })).toThrow(
      new ConfigError(`MANDATE_CHAIN_ID (in ${file}) must be a positive integer, got "0x1"`),
    );
    const bad = configFile({ MANDATE_INDEXER_URL: "indexer.internal:42069" }).file;
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: bad } })).toThrow(
      /MANDATE_INDEXER_URL \(in .*mandate\.config\.json\) must be an http\(s\) URL/,
    );
  });

  it("a typo is refused with the closest setting's name", () => {
    const { file } = configFile({ MANDATE_RPC_ULR: "https://rpc.example" });
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: file } })).toThrow(ConfigError);
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: file } })).toThrow(
      /config file .*: unknown key MANDATE_RPC_ULR \(did you mean MANDATE_RPC_URL\?\)/,
    );
  });

  it("refuses secrets and URLs with a password in the file, without repeating them", () => {
    const { file } = configFile({
      OPENAI_API_KEY: "sk-very-secret-value",
      MANDATE_RPC_URL: "https://user:hunter2-password@rpc.example",
    });
    let message = "";
    try {
      readServerConfig({ env: { MANDATE_CONFIG: file } });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/OPENAI_API_KEY is a secret and is refused/);
    expect(message).toMatch(/MANDATE_RPC_URL contains a password/);
    expect(message).not.toContain("sk-very-secret-value");
    expect(message).not.toContain("hunter2");
  });

  it("a file that is not JSON, or missing, is named", () => {
    const { file } = configFile('{ "MANDATE_CHAIN_ID": 5, }');
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: file } })).toThrow(
      /config file .*: not valid JSON at line 1/,
    );
    expect(() => readServerConfig({ env: { MANDATE_CONFIG: join(dir, "missing.json") } })).toThrow(
      /missing\.json/,
    );
  });

  it("readConfig(env) with explicit variables reads no file (the pages' fallback to defaults)", () => {
    const { home } = configFile("not json at all");
    vi.stubEnv("MANDATE_CONFIG", join(home, "mandate.config.json"));
    expect(() => readConfig()).toThrow(ConfigError);
    expect(readConfig({}).chainId).toBe(31337);
  });
});
