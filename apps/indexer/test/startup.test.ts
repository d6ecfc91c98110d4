/**
 * Start-up without a chain: the indexer waits with one line per attempt, then exits with a clear
 * one-line reason (no stack trace), so a supervisor's restarts stay readable.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, indexerDir } from "./harness.ts";

async function startWithout(rpcUrl: string | null, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mandate-indexer-startup-"));
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(indexerDir, "..", "..", "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
        "start",
        "--schema",
        "public",
        "--port",
        String(await freePort()),
      ],
      {
        cwd: indexerDir,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          PONDER_TELEMETRY_DISABLED: "true",
          ...(rpcUrl === null ? {} : { MANDATE_RPC_URL: rpcUrl }),
          MANDATE_RPC_WAIT_SECONDS: "2",
          MANDATE_INDEXER_PGLITE_DIR: join(dir, "pglite"),
          ...extraEnv,
        },
      },
    );
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("start-up with an unreachable chain", () => {
  it("retries, then exits 1 naming the RPC URL and what to do", async () => {
    const dead = await freePort();
    const { status, out } = await startWithout(`http://127.0.0.1:${dead}`);
    expect(status).toBe(1);
    expect(out).toContain(`waiting for the chain at http://127.0.0.1:${dead} (attempt 1`);
    expect(out).toMatch(
      new RegExp(`MANDATE_RPC_URL=http://127.0.0.1:${dead} does not answer .* after \\d+ attempts`),
    );
    expect(out).toContain("Start the chain first");
    expect(out).not.toMatch(/^\s+at /m); // no stack trace
  }, 90_000);

  it("never prints the credentials or API key of a hosted RPC URL", async () => {
    const dead = await freePort();
    const { status, out } = await startWithout(
      `http://alice:s3cret-pass@127.0.0.1:${dead}/v2/abcdefabcdefabcdefabcdefabcdef12?apikey=zz-secret-key`,
    );
    expect(status).toBe(1);
    expect(out).toContain(`http://***:***@127.0.0.1:${dead}/v2/***?apikey=***`);
    for (const secret of [
      "alice",
      "s3cret-pass",
      "abcdefabcdefabcdefabcdefabcdef12",
      "zz-secret-key",
    ])
      expect(out).not.toContain(secret);
  }, 90_000);

  it("reads the RPC URL from the shared config file, and refuses a file with a typo", async () => {
    const dead = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "mandate-indexer-config-"));
    try {
      const file = join(dir, "mandate.config.json");
      writeFileSync(file, JSON.stringify({ MANDATE_RPC_URL: `http://127.0.0.1:${dead}` }));
      const used = await startWithout(null, { MANDATE_CONFIG: file });
      expect(used.status).toBe(1);
      expect(used.out).toContain(`config file ${file} (1 settings used)`);
      expect(used.out).toContain(`waiting for the chain at http://127.0.0.1:${dead}`);
      writeFileSync(file, JSON.stringify({ MANDATE_RPC_ULR: "http://127.0.0.1:1" }));
      const typo = await startWithout(null, { MANDATE_CONFIG: file });
      expect(typo.status).toBe(1);
      expect(typo.out).toMatch(/MANDATE_RPC_ULR/);
      expect(typo.out).toMatch(/MANDATE_RPC_URL/);
      expect(typo.out).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
