import { describe, expect, it } from "vitest";
import { ConfigError, clientConfig, readConfig } from "@/lib/config";

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
      /MANDATE_RPC_URL must be an http\(s\) URL, got "localhost:8545"/,
    );
    expect(() => readConfig({ MANDATE_INDEXER_URL: "ftp://x" })).toThrow(/MANDATE_INDEXER_URL/);
    expect(() => readConfig({ MANDATE_CHAIN_ID: "0x7a69" })).toThrow(
      /MANDATE_CHAIN_ID must be a positive integer, got "0x7a69"/,
    );
    expect(() => readConfig({ MANDATE_CHAIN_ID: "0" })).toThrow(ConfigError);
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
  });
});
