/**
 * Start-up without a chain: the indexer waits with one line per attempt, then exits with a clear
 * one-line reason (no stack trace), so a supervisor's restarts stay readable.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, indexerDir } from "./harness.ts";

async function startWithout(rpcUrl: string) {
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
          MANDATE_RPC_URL: rpcUrl,
          MANDATE_RPC_WAIT_SECONDS: "2",
          MANDATE_INDEXER_PGLITE_DIR: join(dir, "pglite"),
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
});
